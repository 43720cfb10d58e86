//! The fitted scenario as TOML text with a comment on every number, and the
//! fit report printed for the planner. The TOML is written by hand (not by
//! serde) so that it can carry those comments.

use std::fmt::Write;

use super::handle::{midpoint_quantiles, Family};
use super::{
    FitResult, HandleResult, PatienceResult, StaffingSource, HANDLE_QUANTILES, PATIENCE_QUANTILES,
};
use crate::scenario::clock_label;

/// A number with up to `digits` decimals, trailing zeros removed.
fn num(v: f64, digits: usize) -> String {
    if v.abs() >= 1e15 {
        // Beyond the integers TOML holds: exponent notation reads as a float.
        return format!("{v:e}");
    }
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn list(values: &[f64], digits: usize) -> String {
    let items: Vec<String> = values.iter().map(|v| num(*v, digits)).collect();
    let mut out = String::from("[\n");
    for chunk in items.chunks(12) {
        let _ = writeln!(out, "  {},", chunk.join(", "));
    }
    out.push(']');
    out
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Marks, in a fitted scenario's description, the weekdays of the days it
/// was fitted to; `ccsim backtest` warns when observed days fall on others.
pub const WEEKDAYS_SEEN: &str = "weekdays seen: ";

/// The weekdays of the days used, Monday first (`all` for every one).
fn weekdays_seen(r: &FitResult) -> String {
    use chrono::Datelike;
    let mut seen: Vec<chrono::Weekday> = Vec::new();
    for d in super::profile::Weekdays::all().0 {
        if r.profile.days.iter().any(|x| x.weekday() == d) {
            seen.push(d);
        }
    }
    if seen.len() == 7 {
        "all".into()
    } else {
        super::profile::Weekdays(seen).describe()
    }
}

fn days_text(r: &FitResult) -> String {
    let p = &r.profile;
    let (first, last) = (p.days[0], p.days[p.days.len() - 1]);
    format!(
        "{} day{} from {first} to {last} ({})",
        p.days.len(),
        if p.days.len() == 1 { "" } else { "s" },
        r.options.weekdays.describe()
    )
}

/// The body of a handle-time table (its header written by the caller).
fn handle_section(s: &mut String, handle: &Option<HandleResult>) {
    match handle {
        Some(HandleResult::Fitted { fit, empirical }) => {
            let (l, gm) = (&fit.lognormal, &fit.gamma);
            let _ = writeln!(
                s,
                "# From {} answered calls: sample mean {:.1} s, CV {:.3}.",
                fit.values.len(),
                fit.sample_mean,
                fit.sample_cv
            );
            let _ = writeln!(
                s,
                "# Maximum likelihood: lognormal mean {:.1} s (se {:.1}), CV {:.3} (se {:.3}), log-likelihood {:.1}, KS distance {:.4}",
                l.mean, l.mean_se, l.cv, l.cv_se, l.log_likelihood, l.ks_distance
            );
            let _ = writeln!(
                s,
                "#                     gamma     mean {:.1} s (se {:.1}), CV {:.3} (se {:.3}), log-likelihood {:.1}, KS distance {:.4}",
                gm.mean, gm.mean_se, gm.cv, gm.cv_se, gm.log_likelihood, gm.ks_distance
            );
            let (family, best) = fit.best();
            let fname = match family {
                Family::Lognormal => "lognormal",
                Family::Gamma => "gamma",
            };
            if *empirical {
                let q = midpoint_quantiles(&fit.values, HANDLE_QUANTILES);
                let _ = writeln!(
                    s,
                    "# --empirical: the observed distribution as {HANDLE_QUANTILES} equally likely quantiles (midpoints of equal shares of the calls)."
                );
                let _ = writeln!(s, "# The best family was {fname}; to use it instead:");
                let _ = writeln!(
                    s,
                    "# distribution = \"{fname}\"\n# mean_seconds = {}\n# cv = {}",
                    num(best.mean, 2),
                    num(best.cv, 4)
                );
                let _ = writeln!(s, "distribution = \"empirical\"");
                let _ = writeln!(s, "values_seconds = {}", list(&q, 2));
            } else {
                if fit.by_moments() {
                    let m = &fit.moments;
                    let _ = writeln!(
                        s,
                        "# Moments:           lognormal mean {:.1} s (se {:.1}), CV {:.3} (se {:.3}), log-likelihood {:.1}, KS distance {:.4}",
                        m.mean, m.mean_se, m.cv, m.cv_se, m.log_likelihood, m.ks_distance
                    );
                }
                let _ = writeln!(s, "# Chosen: {}.", fit.reason());
                let _ = writeln!(s, "distribution = \"{fname}\"");
                let _ = writeln!(s, "mean_seconds = {}", num(best.mean, 2));
                let _ = writeln!(s, "cv = {}", num(best.cv, 4));
            }
        }
        Some(HandleResult::Average { mean, cv }) => {
            let _ = writeln!(
                s,
                "# Mean: the AHT column weighted by calls answered. The data hold only averages, so the"
            );
            let _ = writeln!(
                s,
                "# CV is an assumption (--handle-cv; 1.0 is typical of real centers, Brown et al. 2005)."
            );
            let _ = writeln!(s, "distribution = \"lognormal\"");
            let _ = writeln!(s, "mean_seconds = {}", num(*mean, 2));
            let _ = writeln!(s, "cv = {}", num(*cv, 4));
        }
        None => {
            let _ = writeln!(
                s,
                "# NOT FITTED: the input has no handle times. 240 s is a placeholder: replace it."
            );
            let _ = writeln!(s, "distribution = \"exponential\"\nmean_seconds = 240");
        }
    }
}

/// A patience table named `table` (or a comment when there is none).
fn patience_section(s: &mut String, patience: &PatienceResult, table: &str) {
    match patience {
        PatienceResult::Fitted {
            exponential: e,
            km,
            gap,
            empirical,
            reason,
            ..
        } => {
            let _ = writeln!(s, "\n[{table}]");
            let _ = writeln!(
                s,
                "# From {} abandonments over {:.0} s waited by all callers (answered calls are censored at their wait).",
                e.abandonments, e.exposure
            );
            let _ = writeln!(
                s,
                "# Exponential MLE: mean {:.1} s (se {:.1}) = total wait / abandonments. Largest gap to the",
                e.mean, e.mean_se
            );
            let _ = writeln!(
                s,
                "# Kaplan-Meier curve (where 50+ callers still waited): {gap:.3}. Chosen: {reason}."
            );
            if *empirical {
                let q = km.quantiles(PATIENCE_QUANTILES, e.rate);
                let _ = writeln!(
                    s,
                    "# Kaplan-Meier as {PATIENCE_QUANTILES} equally likely quantiles. {:.1}% of callers outwaited the longest",
                    km.tail() * 100.0
                );
                let _ = writeln!(
                    s,
                    "# observed wait ({:.0} s); their patience is extended beyond it by the exponential rate above.",
                    km.last_time
                );
                let _ = writeln!(
                    s,
                    "# The exponential instead: distribution = \"exponential\", mean_seconds = {}",
                    num(e.mean, 2)
                );
                let _ = writeln!(s, "distribution = \"empirical\"");
                let _ = writeln!(s, "values_seconds = {}", list(&q, 2));
            } else {
                let _ = writeln!(s, "distribution = \"exponential\"");
                let _ = writeln!(s, "mean_seconds = {}", num(e.mean, 2));
            }
        }
        PatienceResult::Aggregate {
            abandonments,
            exposure,
        } => {
            let _ = writeln!(s, "\n[{table}]");
            let _ = writeln!(
                s,
                "# Exponential: {abandonments:.0} abandonments over {exposure:.0} s waited (answered x ASA + abandoned x mean abandon wait)."
            );
            let _ = writeln!(s, "distribution = \"exponential\"");
            let _ = writeln!(s, "mean_seconds = {}", num(exposure / abandonments, 2));
        }
        PatienceResult::NoAbandonment { .. } => {
            let _ = writeln!(s, "\n# No [patience]: nobody abandoned in the data.");
        }
        PatienceResult::Unknown => {
            let _ = writeln!(
                s,
                "\n# No [patience]: the input says nothing about abandonment, so nobody abandons here."
            );
        }
    }
}

/// The `[[call_types]]` entries of a log with a type column.
fn types_section(s: &mut String, r: &FitResult) {
    let days = r.profile.days.len();
    let _ = writeln!(
        s,
        "\n# Call types from the log's type column: one per type with at least {} calls inside the",
        super::types::MIN_TYPE_CALLS
    );
    let _ = writeln!(
        s,
        "# horizon; smaller types and rows without a type are merged into \"{}\" (--no-types pools all).",
        super::types::OTHER_TYPE
    );
    let _ = writeln!(
        s,
        "# The [handle_time] and [patience] above (fitted to all calls) apply to a type without its own."
    );
    for t in &r.types {
        let _ = writeln!(s, "\n[[call_types]]");
        let members: Vec<String> = t
            .members
            .iter()
            .map(|(m, n)| format!("{m} ({n})"))
            .collect();
        let _ = writeln!(
            s,
            "# {} calls in the log: {}; {} answered, {} abandoned ({:.1}%).",
            t.calls,
            members.join(", "),
            t.answered,
            t.abandoned,
            100.0 * t.abandoned as f64 / t.calls.max(1) as f64
        );
        let _ = writeln!(s, "name = {}", quote(&t.name));
        if let Some((p, seen)) = &t.priority {
            let seen: Vec<String> = seen.iter().map(|(p, n)| format!("{p}: {n}")).collect();
            let _ = writeln!(
                s,
                "# The most frequent value of the priority column among its calls ({}); larger is served first.",
                seen.join(", ")
            );
            let _ = writeln!(s, "priority = {p}");
        }
        let _ = writeln!(
            s,
            "# Mean calls of this type per interval over the {days} days (every logged attempt that reached the queue)."
        );
        let _ = writeln!(s, "calls_per_interval = {}", list(&t.calls_per_interval, 2));
        match &t.handle {
            Some(h) => {
                let _ = writeln!(s, "[call_types.handle_time]");
                handle_section(s, &Some(h.clone()));
            }
            None => {
                let _ = writeln!(
                    s,
                    "# No handle time of its own (fewer than two distinct positive handle times): the top-level one applies."
                );
            }
        }
        match &t.patience {
            PatienceResult::NoAbandonment { callers } => {
                let _ = writeln!(
                    s,
                    "[call_types.patience]\n# Nobody of this type abandoned ({callers} callers waited).\ndistribution = \"none\""
                );
            }
            PatienceResult::Unknown => {
                let _ = writeln!(
                    s,
                    "# No wait of this type is known: the top-level [patience] applies."
                );
            }
            p => patience_section(s, p, "call_types.patience"),
        }
    }
}

/// The scenario file: `ccsim run` accepts it as written.
pub fn scenario_text(r: &FitResult) -> String {
    let p = &r.profile;
    let g = p.grid;
    let o = &r.options;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Written by `ccsim fit` (ccsim {}) from {} ({}).",
        env!("CARGO_PKG_VERSION"),
        r.source,
        r.kind
    );
    let _ = writeln!(s, "# Days used: {}.", days_text(r));
    for n in &r.notes {
        let _ = writeln!(s, "# Note: {n}.");
    }
    let _ = writeln!(s, "name = {}", quote(&o.name));
    let _ = writeln!(
        s,
        "description = {}",
        quote(&format!(
            "fitted from {} ({}); {WEEKDAYS_SEEN}{}",
            r.source,
            days_text(r),
            weekdays_seen(r)
        ))
    );
    let _ = writeln!(s, "\n[simulation]");
    let _ = writeln!(s, "replications = {}", o.replications);
    let _ = writeln!(s, "seed = {}", o.seed);

    let _ = writeln!(s, "\n[horizon]");
    let _ = writeln!(
        s,
        "# From the earliest to the latest {} in the data{}.",
        if r.kind == "call log" {
            "arrival"
        } else {
            "interval"
        },
        if o.open.is_some() || o.close.is_some() {
            ", or --open/--close"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "start = \"{}\"", clock_label(g.start_of_day));
    let _ = writeln!(s, "end = \"{}\"", g.end_label());
    let _ = writeln!(s, "interval_minutes = {}", num(g.interval / 60.0, 0));

    let _ = writeln!(s, "\n[service_level]");
    let _ = writeln!(
        s,
        "# The target to plan for (--threshold, --target); not fitted."
    );
    let _ = writeln!(s, "threshold_seconds = {}", num(o.threshold, 3));
    let _ = writeln!(s, "target = {}", num(o.target, 4));

    let _ = writeln!(s, "\n[arrivals]");
    if r.types.is_empty() {
        let _ = writeln!(
            s,
            "# Mean calls offered per interval over the {} days{}.",
            p.days.len(),
            if r.kind == "call log" {
                " (every logged attempt, retrials included)"
            } else {
                " (an interval missing on a day counts as 0 calls)"
            }
        );
        let _ = writeln!(s, "calls_per_interval = {}", list(&p.mean_offered, 2));
    } else {
        let _ = writeln!(
            s,
            "# Arrivals are per call type ([[call_types]] below); only the day-level spread is common."
        );
    }
    let _ = writeln!(
        s,
        "# Daily totals: mean {:.1}, standard deviation {:.1} over {} days; Poisson alone gives {:.1}.",
        p.daily_mean,
        p.daily_sd,
        p.days.len(),
        p.daily_mean.sqrt()
    );
    let _ = writeln!(
        s,
        "# forecast_cv = sqrt(max(0, (variance - mean) / mean^2)), the spread beyond Poisson{}.",
        if p.days.len() < 2 {
            " (0: one day shows no spread)"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "forecast_cv = {}", num(p.forecast_cv, 4));

    let _ = writeln!(s, "\n[handle_time]");
    handle_section(&mut s, &r.handle);

    patience_section(&mut s, &r.patience, "patience");
    if !r.types.is_empty() {
        types_section(&mut s, r);
    }

    let _ = writeln!(s, "\n[[groups]]");
    let _ = writeln!(s, "name = \"agents\"");
    match r.staffing {
        StaffingSource::AgentsColumn => {
            let _ = writeln!(
                s,
                "# The agents column, mean over the days, rounded to the nearest agent."
            );
        }
        StaffingSource::Log(m) => {
            for line in staffing_comment(r, m) {
                let _ = writeln!(s, "# {line}");
            }
        }
        StaffingSource::Erlang => {
            let _ = writeln!(
                s,
                "# NOT FROM THE DATA: the input has no staffing. Erlang {} staffing for {:.0}% within {} s",
                if super::patience_mean(&r.patience).is_some() {
                    "A"
                } else {
                    "C"
                },
                o.target * 100.0,
                num(o.threshold, 1)
            );
            let _ = writeln!(
                s,
                "# with the fitted mean handle time, as a starting point."
            );
        }
    }
    let agents: Vec<f64> = r.agents.iter().map(|a| f64::from(*a)).collect();
    let _ = writeln!(s, "agents = {}", list(&agents, 0));
    s
}

/// The fit report for the terminal.
pub fn report_text(r: &FitResult) -> String {
    let p = &r.profile;
    let mut s = String::new();
    let _ = writeln!(s, "{} ({}): {}", r.source, r.kind, days_text(r));
    if r.calls > 0 {
        let _ = writeln!(s, "  {} call attempts inside the horizon", r.calls);
    }
    let _ = writeln!(
        s,
        "  horizon {}-{} in {}-minute intervals; {:.1} calls per day (sd {:.1}), forecast_cv {:.3}",
        clock_label(p.grid.start_of_day),
        p.grid.end_label(),
        p.grid.interval / 60.0,
        p.daily_mean,
        p.daily_sd,
        p.forecast_cv
    );
    match &r.handle {
        Some(HandleResult::Fitted { fit, empirical }) => {
            let _ = writeln!(
                s,
                "handle time: {} calls, sample mean {:.1} s, CV {:.3}",
                fit.values.len(),
                fit.sample_mean,
                fit.sample_cv
            );
            for (name, f) in [("lognormal", &fit.lognormal), ("gamma", &fit.gamma)] {
                let _ = writeln!(
                    s,
                    "  {name:<9} mean {:>8.1} s ± {:.1}  CV {:.3} ± {:.3}  log-lik {:>12.1}  KS {:.4}",
                    f.mean,
                    1.96 * f.mean_se,
                    f.cv,
                    1.96 * f.cv_se,
                    f.log_likelihood,
                    f.ks_distance
                );
            }
            if fit.by_moments() {
                let m = &fit.moments;
                let _ = writeln!(
                    s,
                    "  moments   mean {:>8.1} s ± {:.1}  CV {:.3} ± {:.3}  log-lik {:>12.1}  KS {:.4}",
                    m.mean,
                    1.96 * m.mean_se,
                    m.cv,
                    1.96 * m.cv_se,
                    m.log_likelihood,
                    m.ks_distance
                );
            }
            let _ = writeln!(
                s,
                "  chosen: {}",
                if *empirical {
                    format!("empirical ({HANDLE_QUANTILES} quantiles)")
                } else {
                    fit.reason()
                }
            );
        }
        Some(HandleResult::Average { mean, cv }) => {
            let _ = writeln!(
                s,
                "handle time: AHT {mean:.1} s from the interval data; CV {cv} assumed"
            );
        }
        None => {
            let _ = writeln!(s, "handle time: not in the input (placeholder written)");
        }
    }
    match &r.patience {
        PatienceResult::Fitted {
            exponential: e,
            km,
            gap,
            bands,
            reason,
            ..
        } => {
            let _ = writeln!(
                s,
                "patience: {} abandonments; exponential mean {:.1} s ± {:.1} (censored MLE); Kaplan-Meier to {:.0} s, {:.1}% still waiting there",
                e.abandonments,
                e.mean,
                1.96 * e.mean_se,
                km.last_time,
                km.tail() * 100.0
            );
            let _ = writeln!(
                s,
                "  largest gap exponential vs Kaplan-Meier (where 50+ callers still waited): {gap:.3}"
            );
            let _ = writeln!(s, "  chosen: {reason}");
            let _ = writeln!(s, "  abandonment curve by wait:");
            let _ = writeln!(
                s,
                "  {:<11} {:>10} {:>9} {:>9} {:>8} {:>8}",
                "wait (s)", "exposure s", "observed", "expected", "S(KM)", "S(exp)"
            );
            for b in bands {
                let band = if b.to.is_finite() {
                    format!("{}-{}", b.from, b.to)
                } else {
                    format!("{}+", b.from)
                };
                let _ = writeln!(
                    s,
                    "  {:<11} {:>10.0} {:>9} {:>9.1} {:>8.3} {:>8.3}",
                    band,
                    b.exposure,
                    b.observed,
                    b.expected_exponential,
                    b.km_survival,
                    b.exp_survival
                );
            }
        }
        PatienceResult::Aggregate {
            abandonments,
            exposure,
        } => {
            let _ = writeln!(
                s,
                "patience: exponential mean {:.1} s from {abandonments:.0} abandonments over {exposure:.0} s waited",
                exposure / abandonments
            );
        }
        PatienceResult::NoAbandonment { .. } => {
            let _ = writeln!(s, "patience: nobody abandoned (no [patience] written)");
        }
        PatienceResult::Unknown => {
            let _ = writeln!(s, "patience: not in the input (no [patience] written)");
        }
    }
    if !r.types.is_empty() {
        let _ = writeln!(
            s,
            "call types ({} with {}+ calls; the rest in \"{}\"):",
            r.types.len(),
            super::types::MIN_TYPE_CALLS,
            super::types::OTHER_TYPE
        );
        let _ = writeln!(
            s,
            "  {:<12} {:>7} {:>9} {:>18} {:>18} {:>7} {:>8}",
            "type", "calls", "per day", "handle mean s", "patience mean s", "aband%", "priority"
        );
        for t in &r.types {
            let handle = match &t.handle {
                Some(HandleResult::Fitted { fit, .. }) => {
                    let (_, b) = fit.best();
                    format!("{:.1} ± {:.1}", b.mean, 1.96 * b.mean_se)
                }
                _ => "(pooled)".to_string(),
            };
            let patience = match &t.patience {
                PatienceResult::Fitted { exponential: e, .. } => {
                    format!("{:.1} ± {:.1}", e.mean, 1.96 * e.mean_se)
                }
                PatienceResult::NoAbandonment { .. } => "none".to_string(),
                _ => "(pooled)".to_string(),
            };
            let _ = writeln!(
                s,
                "  {:<12} {:>7} {:>9.1} {:>18} {:>18} {:>7.1} {:>8}",
                t.name,
                t.calls,
                t.calls_per_interval.iter().sum::<f64>(),
                handle,
                patience,
                100.0 * t.abandoned as f64 / t.calls.max(1) as f64,
                t.priority
                    .as_ref()
                    .map_or("-".to_string(), |(p, _)| p.to_string())
            );
        }
    }
    let source = match r.staffing {
        StaffingSource::AgentsColumn => "agents column".to_string(),
        StaffingSource::Log(m) => format!("estimated from the log with --staffing {}", m.name()),
        StaffingSource::Erlang => "not in the input: Erlang staffing for the target".to_string(),
    };
    let max = r.agents.iter().max().copied().unwrap_or(0);
    let _ = writeln!(s, "staffing: {source}; up to {max} agents");
    if let Some(e) = &r.staffing_estimates {
        staffing_table(&mut s, r, e);
    }
    for n in &r.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}

/// The comment above `agents` for a staffing estimated from a call log.
fn staffing_comment(r: &FitResult, m: super::staffing::Method) -> Vec<String> {
    use super::staffing::Method;
    let Some(e) = &r.staffing_estimates else {
        return vec![format!("Estimated from the call log ({}).", m.name())];
    };
    let mut out = vec![match m {
        Method::Busy => format!(
            "--staffing busy: agents on the phones (handle time falling in the interval over its length), mean over the days, divided by occupancy {:.2} ({}), rounded up.",
            e.occupancy, e.occupancy_source
        ),
        Method::Agents => format!(
            "--staffing agents: agents in a session (first answer to last end, broken by idle gaps over {:.0} min), weighted by the share of the interval, mean over the days, rounded.",
            r.options.break_seconds / 60.0
        ),
        Method::Calibrate => "--staffing calibrate: per interval in time order, the staffing whose ASA and abandonment, replaying the log's own calls through a queue so staffed, come closest to the observed ones.".to_string(),
    }];
    out.push(
        "A call log records calls, not shifts: check against the schedule when there is one."
            .into(),
    );
    let ints = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    out.push(format!("busy:      [{}]", ints(&e.busy)));
    if r.staffing_estimates
        .as_ref()
        .is_some_and(|e| e.presence.iter().any(|p| *p > 0.0))
    {
        out.push(format!("agents:    [{}]", ints(&e.agents)));
    }
    if let Some((c, _)) = &e.calibrated {
        out.push(format!("calibrate: [{}]", ints(c)));
    }
    if !e.by_type.is_empty() {
        out.push(format!(
            "busy per call type (on the phones with that type over occupancy {:.2}, rounded up; one group serves them all):",
            e.occupancy
        ));
        for t in &e.by_type {
            out.push(format!("  {}: [{}]", t.name, ints(&t.busy)));
        }
    }
    out
}

/// The estimators side by side, per interval, with how close `calibrate` came.
fn staffing_table(s: &mut String, r: &FitResult, e: &super::staffing::Estimates) {
    let _ = writeln!(
        s,
        "  staffing estimators per interval (occupancy {:.2}: {}; * = written):",
        e.occupancy, e.occupancy_source
    );
    let mark = |m: super::staffing::Method| if e.chosen == m { "*" } else { " " };
    use super::staffing::Method;
    let _ = writeln!(
        s,
        "  start  on-phones  busy{} weighted agents{} calibrate{} |  ASA obs    sim | aband% obs    sim",
        mark(Method::Busy),
        mark(Method::Agents),
        mark(Method::Calibrate)
    );
    let g = &r.profile.grid;
    let opt =
        |v: Option<f64>, scale: f64| v.map_or("-".to_string(), |x| format!("{:.1}", x * scale));
    for k in 0..g.intervals {
        let (cal, obs, sim) = match &e.calibrated {
            Some((c, close)) => (c[k].to_string(), close[k].observed, close[k].simulated),
            None => ("-".to_string(), (None, None), (None, None)),
        };
        let _ = writeln!(
            s,
            "  {}  {:>9.2} {:>5} {:>8.2} {:>7} {:>10} | {:>8} {:>6} | {:>10} {:>6}",
            clock_label(g.start_of_day + g.interval * k as f64),
            e.busy_time[k],
            e.busy[k],
            e.presence[k],
            e.agents[k],
            cal,
            opt(obs.0, 1.0),
            opt(sim.0, 1.0),
            opt(obs.1, 100.0),
            opt(sim.1, 100.0)
        );
    }
    if !e.by_type.is_empty() {
        let _ = writeln!(
            s,
            "  busy per call type (agents on the phones with the type / occupancy {:.2}, rounded up):",
            e.occupancy
        );
        let width = e
            .by_type
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = write!(s, "  {:<width$}", "type");
        for k in 0..g.intervals {
            let _ = write!(
                s,
                " {:>5}",
                clock_label(g.start_of_day + g.interval * k as f64)
            );
        }
        let _ = writeln!(s, "  on-phones/day");
        for t in &e.by_type {
            let _ = write!(s, "  {:<width$}", t.name);
            for b in &t.busy {
                let _ = write!(s, " {b:>5}");
            }
            let hours: f64 = t.busy_time.iter().sum::<f64>() * g.interval / 3600.0;
            let _ = writeln!(s, "  {hours:>8.1} h");
        }
    }
}
