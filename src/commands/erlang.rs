//! `ccsim erlang`: the Erlang B, C and A calculator. Given agents, every
//! figure the model has; given targets, the fewest agents meeting all of
//! them and the figures there; with `--scenario`, the same for every
//! interval of a scenario (each a stationary, independent period).
//!
//! JSON keys are those of `ccsim run` (`service_level`, `asa_seconds`,
//! `mean_wait_seconds`, `abandon_rate`, `block_rate`, `occupancy`,
//! `mean_queue_length`) plus `p_wait`, as plain numbers (formulas have no
//! confidence interval). Service level here counts abandoned callers as
//! failures (`ccsim run`'s default definition "offered").

use serde::Serialize;

use crate::analytic::{
    erlang_a_figures, erlang_b_figures, erlang_c_figures, fractional_agents, required_agents,
    AnalyticError, Figures, Model, Targets,
};
use crate::cli::{ErlangArgs, ErlangModel};
use crate::error::Error;
use crate::planner::erlang::{interval_input, ANALYTIC_LIMIT};
use crate::report::output::{self, Outputs};
use crate::scenario;

/// One answer: the inputs, the figures at `agents`, and what the targets need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangRow {
    /// "HH:MM" start of the interval (scenario mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// "HH:MM" end of the interval (scenario mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Calls offered per hour.
    pub calls_per_hour: f64,
    /// Average handle time, seconds.
    pub aht_seconds: f64,
    /// Mean patience, seconds (Erlang A; null when nobody abandons).
    pub patience_seconds: Option<f64>,
    /// Offered load, Erlangs.
    pub offered_load_erlangs: f64,
    /// Agents (lines for Erlang B) the figures are for.
    pub agents: u32,
    /// P(an arriving call waits).
    pub p_wait: Option<f64>,
    /// Answered within the threshold over all calls that reached the queue.
    pub service_level: Option<f64>,
    /// Mean wait of answered calls, seconds.
    pub asa_seconds: Option<f64>,
    /// Mean wait of all calls that reached the queue, seconds.
    pub mean_wait_seconds: Option<f64>,
    /// Abandoned over calls that reached the queue.
    pub abandon_rate: Option<f64>,
    /// Blocked over offered calls.
    pub block_rate: Option<f64>,
    /// Busy agents over agents.
    pub occupancy: Option<f64>,
    /// Time-average number waiting.
    pub mean_queue_length: Option<f64>,
    /// Fewest agents meeting every target (when targets are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_required: Option<u32>,
    /// Whether `agents` meets every target (when targets are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_targets: Option<bool>,
    /// Fractional requirement (with --fractional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fractional_agents: Option<f64>,
    /// Agents to schedule: the requirement (or `agents`) over 1 - shrinkage, rounded up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_to_schedule: Option<u32>,
    /// Fractional requirement over 1 - shrinkage (with --fractional and --shrinkage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fractional_agents_to_schedule: Option<f64>,
    /// Why figures are missing, if they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// With `--simulate N`: the simulated figures with their 95% intervals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated: Option<crate::plot::erlang::SimulatedPoint>,
}

/// `ccsim erlang` with ranges: one row per (calls per hour, agents).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangRange {
    /// "erlang_b", "erlang_c" or "erlang_a".
    pub model: &'static str,
    /// Targets used.
    pub targets: TargetsReport,
    /// Replications per simulated staffing (with `--simulate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_replications: Option<u32>,
    /// Calls per hour outer, agents inner, both ascending.
    pub rows: Vec<ErlangRow>,
}

/// The targets as given, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsReport {
    /// Minimum service level.
    pub service_level: Option<f64>,
    /// Service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Maximum ASA, seconds.
    pub max_asa_seconds: Option<f64>,
    /// Maximum abandonment rate.
    pub max_abandon_rate: Option<f64>,
    /// Maximum blocking rate.
    pub max_block_rate: Option<f64>,
    /// Maximum occupancy.
    pub max_occupancy: Option<f64>,
}

/// `ccsim erlang --scenario`: one row per interval and the day's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioErlang {
    /// Scenario name.
    pub scenario: String,
    /// "erlang_b", "erlang_c" or "erlang_a".
    pub model: &'static str,
    /// Targets used (the command line's, else the scenario's).
    pub targets: TargetsReport,
    /// Shrinkage, if given.
    pub shrinkage: Option<f64>,
    /// One per interval.
    pub intervals: Vec<ErlangRow>,
    /// Sum over intervals of `agents_required` times the interval length, hours.
    pub agent_hours_required: Option<f64>,
    /// The same with the fractional requirement (with --fractional).
    pub fractional_agent_hours: Option<f64>,
}

fn model_name(m: ErlangModel) -> &'static str {
    match m {
        ErlangModel::B => "erlang_b",
        ErlangModel::C => "erlang_c",
        ErlangModel::A => "erlang_a",
    }
}

fn usage(e: AnalyticError) -> Error {
    Error::Usage(e.to_string())
}

fn figures(model: Model, rate: f64, aht: f64, n: u32, t: f64) -> Result<Figures, AnalyticError> {
    match model {
        Model::ErlangB => erlang_b_figures(rate, aht, n),
        Model::ErlangC => erlang_c_figures(rate, aht, n, t),
        Model::ErlangA { mean_patience } => erlang_a_figures(rate, aht, mean_patience, n, t),
    }
}

fn has_targets(t: &Targets) -> bool {
    t.service_level.is_some()
        || t.max_asa.is_some()
        || t.max_abandon.is_some()
        || t.max_block.is_some()
        || t.max_occupancy.is_some()
}

fn meets(f: &Figures, t: &Targets) -> bool {
    let le = |v: f64, cap: Option<f64>| cap.is_none_or(|c| v <= c);
    t.service_level.is_none_or(|s| f.service_level >= s)
        && le(f.asa_seconds, t.max_asa)
        && le(f.abandon_rate, t.max_abandon)
        && le(f.block_rate, t.max_block)
        && le(f.occupancy, t.max_occupancy)
}

/// Largest `--shrinkage`: 99% of paid time off the phones already means
/// scheduling 100 agents per agent needed.
pub const MAX_SHRINKAGE: f64 = 0.99;

/// Checks every numeric option, naming the first one that is wrong.
fn check_args(args: &ErlangArgs) -> Result<(), Error> {
    if let Some(aht) = args.aht {
        if !(aht.is_finite() && aht > 0.0) {
            return Err(Error::Usage(format!(
                "--aht must be a finite number of seconds > 0 (got {aht})"
            )));
        }
    }
    let nonneg = [
        ("--calls-per-hour", args.calls_per_hour.map(|s| s.from)),
        ("--threshold", args.threshold),
        ("--max-asa", args.max_asa),
    ];
    for (name, v) in nonneg {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::Usage(format!(
                    "{name} must be a finite number >= 0 (got {v})"
                )));
            }
        }
    }
    let fractions = [
        ("--target", args.target),
        ("--max-abandon", args.max_abandon),
        ("--max-block", args.max_block),
        ("--max-occupancy", args.max_occupancy),
    ];
    for (name, v) in fractions {
        if let Some(v) = v {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Usage(format!(
                    "{name} must be a fraction between 0 and 1 (got {v})"
                )));
            }
        }
    }
    if let Some(s) = args.shrinkage {
        if !(0.0..=MAX_SHRINKAGE).contains(&s) {
            return Err(Error::Usage(format!(
                "--shrinkage must be a fraction from 0 to {MAX_SHRINKAGE} (got {s}): at a shrinkage of s each scheduled agent is on the phones 1 - s of the time, so near 1 the staff to schedule grows without bound"
            )));
        }
    }
    if let Some(p) = args.patience {
        if p.is_nan() || p <= 0.0 {
            return Err(Error::Usage(format!(
                "--patience must be a number of seconds > 0 (got {p})"
            )));
        }
    }
    if args.patience.is_some() && args.model != ErlangModel::A {
        return Err(Error::Usage(
            "--patience is for Erlang A only (ccsim erlang a ...)".into(),
        ));
    }
    Ok(())
}

/// Computes one row: figures at `agents` (or at the requirement), the
/// requirement, fractional and scheduled agents.
fn row(
    model: Model,
    rate: f64,
    aht: f64,
    agents: Option<u32>,
    targets: &Targets,
    args: &ErlangArgs,
    strict: bool,
) -> Result<ErlangRow, Error> {
    let with_targets = has_targets(targets);
    let required = if with_targets {
        match required_agents(model, rate, aht, targets, ANALYTIC_LIMIT) {
            Ok(f) => Some(f),
            Err(e) if strict => return Err(usage(e)),
            Err(_) => None,
        }
    } else {
        None
    };
    let n = agents.or(required.map(|f| f.agents));
    let mut note = None;
    if with_targets && required.is_none() {
        note = Some(format!(
            "no staffing up to {ANALYTIC_LIMIT} agents meets the targets"
        ));
    }
    let at = match n {
        Some(n) => match figures(model, rate, aht, n, targets.threshold) {
            Ok(f) => Some(f),
            Err(e) if strict => return Err(usage(e)),
            Err(e) => {
                note = Some(e.to_string());
                None
            }
        },
        None => None,
    };
    let fractional = if args.fractional && with_targets && required.is_some() {
        Some(fractional_agents(model, rate, aht, targets, ANALYTIC_LIMIT).map_err(usage)?)
    } else {
        None
    };
    let keep = 1.0 - args.shrinkage.unwrap_or(0.0);
    let base = required.map(|f| f.agents).or(agents);
    let schedule = args
        .shrinkage
        .and(base)
        .map(|b| (f64::from(b) / keep - 1e-9).ceil().max(0.0) as u32);
    let patience = match model {
        Model::ErlangA { mean_patience } if mean_patience.is_finite() => Some(mean_patience),
        _ => None,
    };
    let get = |f: fn(&Figures) -> f64| at.as_ref().map(f);
    Ok(ErlangRow {
        start: None,
        end: None,
        calls_per_hour: rate * 3600.0,
        aht_seconds: aht,
        patience_seconds: patience,
        offered_load_erlangs: rate * aht,
        agents: n.unwrap_or(0),
        p_wait: get(|f| f.p_wait),
        service_level: get(|f| f.service_level),
        asa_seconds: get(|f| f.asa_seconds),
        mean_wait_seconds: get(|f| f.mean_wait_seconds),
        abandon_rate: get(|f| f.abandon_rate),
        block_rate: get(|f| f.block_rate),
        occupancy: get(|f| f.occupancy),
        mean_queue_length: get(|f| f.mean_queue_length),
        agents_required: required.map(|f| f.agents),
        meets_targets: if with_targets {
            at.as_ref().map(|f| meets(f, targets))
        } else {
            None
        },
        fractional_agents: fractional,
        agents_to_schedule: schedule,
        fractional_agents_to_schedule: fractional
            .filter(|_| args.shrinkage.is_some())
            .map(|x| x / keep),
        note,
        simulated: None,
    })
}

fn cli_targets(args: &ErlangArgs, threshold: f64) -> Targets {
    Targets {
        service_level: args.target,
        threshold,
        max_asa: args.max_asa,
        max_abandon: args.max_abandon,
        max_block: args.max_block,
        max_occupancy: args.max_occupancy,
    }
}

fn targets_report(t: &Targets) -> TargetsReport {
    TargetsReport {
        service_level: t.service_level,
        threshold_seconds: t.threshold,
        max_asa_seconds: t.max_asa,
        max_abandon_rate: t.max_abandon,
        max_block_rate: t.max_block,
        max_occupancy: t.max_occupancy,
    }
}

fn model_of(m: ErlangModel, patience: f64) -> Model {
    match m {
        ErlangModel::B => Model::ErlangB,
        ErlangModel::C => Model::ErlangC,
        ErlangModel::A if patience.is_infinite() => Model::ErlangC,
        ErlangModel::A => Model::ErlangA {
            mean_patience: patience,
        },
    }
}

/// The single-question answer (no scenario).
pub fn single(args: &ErlangArgs) -> Result<ErlangRow, Error> {
    check_args(args)?;
    let (Some(cph), Some(aht)) = (args.calls_per_hour.and_then(|s| s.single()), args.aht) else {
        return Err(Error::Usage(
            "give --calls-per-hour and --aht (or --scenario FILE)".into(),
        ));
    };
    let patience = match (args.model, args.patience) {
        (ErlangModel::A, None) => return Err(Error::Usage(
            "Erlang A needs --patience SECONDS (the mean time a caller waits before hanging up)"
                .into(),
        )),
        (_, p) => p.unwrap_or(f64::INFINITY),
    };
    let targets = cli_targets(args, args.threshold.unwrap_or(20.0));
    let agents = single_agents(args)?;
    if agents.is_none() && !has_targets(&targets) {
        return Err(Error::Usage(
            "give --agents N for the figures of a staffing, or a target (--target, --max-asa, --max-abandon, --max-block, --max-occupancy) for the fewest agents meeting it".into(),
        ));
    }
    row(
        model_of(args.model, patience),
        cph / 3600.0,
        aht,
        agents,
        &targets,
        args,
        true,
    )
}

/// `--agents` as one whole number (an error for a range here).
fn single_agents(args: &ErlangArgs) -> Result<Option<u32>, Error> {
    match args.agents {
        None => Ok(None),
        Some(s) => {
            let v = s.whole("--agents").map_err(Error::Usage)?;
            match v.as_slice() {
                [n] if s.single().is_some() => Ok(Some(*n)),
                _ => Err(Error::Usage(
                    "--agents takes one number here; a range FROM..TO needs --calls-per-hour and --aht (not --scenario)".into(),
                )),
            }
        }
    }
}

/// Whether the command asks for a table over ranges.
fn is_range(args: &ErlangArgs) -> bool {
    args.scenario.is_none()
        && (args.agents.is_some_and(|s| s.single().is_none())
            || args.calls_per_hour.is_some_and(|s| s.single().is_none()))
}

/// The table over `--agents` and/or `--calls-per-hour` ranges: each row
/// exactly the single answer for its pair (figures at those agents; with
/// targets, the requirement at that volume too).
pub fn range_table(args: &ErlangArgs) -> Result<ErlangRange, Error> {
    check_args(args)?;
    let (Some(cph), Some(aht)) = (args.calls_per_hour, args.aht) else {
        return Err(Error::Usage(
            "a range table needs --calls-per-hour (a number or FROM..TO:STEP) and --aht".into(),
        ));
    };
    let patience = match (args.model, args.patience) {
        (ErlangModel::A, None) => return Err(Error::Usage(
            "Erlang A needs --patience SECONDS (the mean time a caller waits before hanging up)"
                .into(),
        )),
        (_, p) => p.unwrap_or(f64::INFINITY),
    };
    let targets = cli_targets(args, args.threshold.unwrap_or(20.0));
    let agents: Vec<Option<u32>> = match args.agents {
        Some(s) => s
            .whole("--agents")
            .map_err(Error::Usage)?
            .into_iter()
            .map(Some)
            .collect(),
        None if has_targets(&targets) => vec![None],
        None => {
            return Err(Error::Usage(
                "give --agents N or FROM..TO, or a target (--target ...) for the fewest agents at each volume".into(),
            ))
        }
    };
    if args.simulate == Some(0) {
        return Err(Error::Usage(
            "--simulate needs at least 1 replication (30 or more for useful intervals)".into(),
        ));
    }
    let model = model_of(args.model, patience);
    let mut rows = Vec::new();
    for c in cph.values() {
        for &n in &agents {
            let mut r = row(model, c / 3600.0, aht, n, &targets, args, false)?;
            if let Some(reps) = args.simulate {
                if r.agents > 0 {
                    r.simulated = Some(crate::planner::erlang_check::simulate_point(
                        model,
                        c / 3600.0,
                        aht,
                        r.agents,
                        targets.threshold,
                        reps,
                        1,
                    )?);
                }
            }
            rows.push(r);
        }
    }
    Ok(ErlangRange {
        model: model_name(args.model),
        targets: targets_report(&targets),
        simulated_replications: args.simulate,
        rows,
    })
}

/// The range table as text.
pub fn render_range(r: &ErlangRange) -> String {
    let sim = r.rows.iter().any(|x| x.simulated.is_some());
    let req = r.rows.iter().any(|x| x.agents_required.is_some());
    let mut header: Vec<&str> = vec![
        "calls/h", "load", "agents", "P(wait)", "SL", "ASA s", "abandon", "block", "occ",
    ];
    if req {
        header.extend(["required", "meets"]);
    }
    if sim {
        header.extend(["sim SL", "sim ASA s", "sim abandon"]);
    }
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    let ci = |e: crate::stats::Estimate, scale: f64, unit: &str| {
        crate::report::table::with_ci(e, scale, 1, unit)
    };
    for x in &r.rows {
        let mut cells = vec![
            format!("{:.0}", x.calls_per_hour),
            format!("{:.2}", x.offered_load_erlangs),
            x.agents.to_string(),
            pct(x.p_wait),
            pct(x.service_level),
            num(x.asa_seconds, 1),
            pct(x.abandon_rate),
            pct(x.block_rate),
            pct(x.occupancy),
        ];
        if req {
            cells.push(x.agents_required.map_or("-".into(), |a| a.to_string()));
            cells.push(match x.meets_targets {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "-".into(),
            });
        }
        if let Some(s) = x.simulated.filter(|_| sim) {
            cells.push(ci(s.service_level, 100.0, "%"));
            cells.push(ci(s.asa_seconds, 1.0, ""));
            cells.push(ci(s.abandon_rate, 100.0, "%"));
        }
        rows.push(cells);
    }
    let first = r.rows.first();
    let mut out = format!(
        "{} table: AHT {} s{}; service level within {} s.\n",
        model_title(r.model),
        first.map_or(0.0, |x| x.aht_seconds),
        first
            .and_then(|x| x.patience_seconds)
            .map_or(String::new(), |p| format!(", patience {p} s")),
        r.targets.threshold_seconds
    );
    if let Some(n) = r.simulated_replications {
        out.push_str(&format!("sim: simulated, {n} replications of 10 hours after a 2-hour warm-up, seed 1; mean ±half-width of the 95% interval.\n"));
    }
    out.push('\n');
    out.push_str(&align(&rows));
    out
}

/// "Erlang A" for "erlang_a".
fn model_title(model: &str) -> String {
    format!(
        "Erlang {}",
        model.trim_start_matches("erlang_").to_uppercase()
    )
}

/// The chart of a range table: figures against agents at one volume.
pub fn range_chart(r: &ErlangRange, path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let cph: Vec<f64> = r.rows.iter().map(|x| x.calls_per_hour).collect();
    if cph.iter().any(|c| *c != cph[0]) || r.rows.len() < 2 {
        return Err(Error::Usage(
            "--chart draws figures against agents: give an --agents range and one --calls-per-hour"
                .into(),
        ));
    }
    let agents: Vec<u32> = r.rows.iter().map(|x| x.agents).collect();
    let sl: Vec<Option<f64>> = r.rows.iter().map(|x| x.service_level).collect();
    let asa: Vec<Option<f64>> = r.rows.iter().map(|x| x.asa_seconds).collect();
    let ab: Vec<Option<f64>> = r.rows.iter().map(|x| x.abandon_rate).collect();
    let sim: Vec<crate::plot::erlang::SimulatedPoint> =
        r.rows.iter().filter_map(|x| x.simulated).collect();
    let chart = crate::plot::erlang::ErlangChart {
        title: format!(
            "{}: {:.0} calls/h, AHT {} s: service level ({} s), ASA and abandonment against agents",
            model_title(r.model),
            cph[0],
            r.rows[0].aht_seconds,
            r.targets.threshold_seconds
        ),
        agents: &agents,
        service_level: &sl,
        asa_seconds: &asa,
        abandon_rate: &ab,
        target: r.targets.service_level,
        simulated: &sim,
    };
    crate::plot::render(&chart, crate::plot::Format::of_path(path)).map_err(|message| {
        Error::Chart {
            path: path.to_owned(),
            message,
        }
    })
}

/// Every interval of a scenario.
pub fn per_interval(args: &ErlangArgs) -> Result<ScenarioErlang, Error> {
    check_args(args)?;
    let Some(path) = &args.scenario else {
        return Err(Error::Usage("--scenario FILE is missing".into()));
    };
    if args.calls_per_hour.is_some() || args.aht.is_some() {
        return Err(Error::Usage(
            "--calls-per-hour and --aht come from the scenario; leave them out with --scenario"
                .into(),
        ));
    }
    let sc = scenario::load(path)?;
    let threshold = args.threshold.unwrap_or(sc.service_level.threshold);
    let mut targets = cli_targets(args, threshold);
    if !has_targets(&targets) {
        let s = sc.service_level;
        targets.service_level = Some(s.target);
        targets.max_asa = s.max_asa;
        if args.model == ErlangModel::A {
            targets.max_abandon = s.max_abandon_rate;
        }
        if args.model == ErlangModel::B {
            targets = Targets {
                threshold,
                ..Targets::default()
            };
        }
    }
    let h = sc.horizon;
    let mut rows = Vec::with_capacity(h.intervals);
    for k in 0..h.intervals {
        let x = interval_input(&sc, k);
        let patience = args.patience.unwrap_or(x.mean_patience);
        let staffed: u32 = sc.groups.iter().map(|g| g.agents[k]).sum();
        let agents = single_agents(args)?.or(Some(staffed));
        let mut r = row(
            model_of(args.model, patience),
            x.rate,
            x.mean_handle,
            agents,
            &targets,
            args,
            false,
        )?;
        r.start = Some(h.label(k));
        r.end = Some(h.end_label(k));
        rows.push(r);
    }
    let hours = h.interval / 3600.0;
    let agent_hours_required = if has_targets(&targets) {
        rows.iter()
            .map(|r| r.agents_required.map(|a| f64::from(a) * hours))
            .sum()
    } else {
        None
    };
    let fractional_agent_hours = if args.fractional {
        rows.iter()
            .map(|r| r.fractional_agents.map(|a| a * hours))
            .sum()
    } else {
        None
    };
    Ok(ScenarioErlang {
        scenario: sc.name.clone(),
        model: model_name(args.model),
        targets: targets_report(&targets),
        shrinkage: args.shrinkage,
        intervals: rows,
        agent_hours_required,
        fractional_agent_hours,
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".into(), |v| format!("{v:.digits$}"))
}

/// The single answer as readable lines.
pub fn render_single(model: ErlangModel, r: &ErlangRow, t: &Targets) -> String {
    let mut out = format!(
        "{}: {} calls/h, AHT {} s{} -> offered load {:.2} Erlangs\n",
        match model {
            ErlangModel::B => "Erlang B (lines, no queue)",
            ErlangModel::C => "Erlang C (queue, nobody abandons)",
            ErlangModel::A => "Erlang A (queue, exponential patience)",
        },
        r.calls_per_hour,
        r.aht_seconds,
        r.patience_seconds
            .map_or(String::new(), |p| format!(", patience {p} s")),
        r.offered_load_erlangs
    );
    let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<26}{v}\n"));
    let unit = if model == ErlangModel::B {
        "lines"
    } else {
        "agents"
    };
    line(unit, r.agents.to_string());
    if model != ErlangModel::B {
        line("P(wait)", pct(r.p_wait));
        line(
            &format!("service level ({} s)", t.threshold),
            pct(r.service_level),
        );
        line("ASA", format!("{} s", num(r.asa_seconds, 1)));
        line(
            "mean wait (all callers)",
            format!("{} s", num(r.mean_wait_seconds, 1)),
        );
        line("mean queue length", num(r.mean_queue_length, 2));
    }
    if model == ErlangModel::A {
        line("abandonment", pct(r.abandon_rate));
    }
    if model == ErlangModel::B {
        line("blocking", pct(r.block_rate));
    }
    line("occupancy", pct(r.occupancy));
    if let Some(req) = r.agents_required {
        line(&format!("{unit} required"), req.to_string());
        if let Some(m) = r.meets_targets {
            line(
                "meets the targets",
                if m { "yes".into() } else { "no".into() },
            );
        }
    }
    if let Some(x) = r.fractional_agents {
        line("fractional requirement", format!("{x:.2}"));
    }
    if let Some(s) = r.agents_to_schedule {
        line("to schedule (shrinkage)", s.to_string());
    }
    if let Some(x) = r.fractional_agents_to_schedule {
        line("fractional to schedule", format!("{x:.2}"));
    }
    out
}

/// The per-interval answer as a table.
pub fn render_table(s: &ScenarioErlang) -> String {
    let frac = s.intervals.iter().any(|r| r.fractional_agents.is_some());
    let sched = s.intervals.iter().any(|r| r.agents_to_schedule.is_some());
    let mut header: Vec<&str> = vec![
        "interval", "calls/h", "AHT s", "load", "agents", "P(wait)", "SL", "ASA s", "abandon",
        "block", "occ", "required",
    ];
    if frac {
        header.push("fractional");
    }
    if sched {
        header.push("schedule");
    }
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in &s.intervals {
        let mut cells = vec![
            r.start.clone().unwrap_or_default(),
            format!("{:.0}", r.calls_per_hour),
            format!("{:.0}", r.aht_seconds),
            format!("{:.2}", r.offered_load_erlangs),
            r.agents.to_string(),
            pct(r.p_wait),
            pct(r.service_level),
            num(r.asa_seconds, 1),
            pct(r.abandon_rate),
            pct(r.block_rate),
            pct(r.occupancy),
            r.agents_required.map_or("-".into(), |a| a.to_string()),
        ];
        if frac {
            cells.push(num(r.fractional_agents, 2));
        }
        if sched {
            cells.push(r.agents_to_schedule.map_or("-".into(), |a| a.to_string()));
        }
        rows.push(cells);
    }
    let t = &s.targets;
    let mut out = format!(
        "{} — {} per interval (stationary, independent periods); figures at the scenario's agents (all groups).\nTargets:{}{}{}{}{}\n\n",
        s.scenario,
        s.model.replace('_', " "),
        t.service_level.map_or(String::new(), |v| format!(" SL >= {:.0}% within {} s;", v * 100.0, t.threshold_seconds)),
        t.max_asa_seconds.map_or(String::new(), |v| format!(" ASA <= {v} s;")),
        t.max_abandon_rate.map_or(String::new(), |v| format!(" abandon <= {:.1}%;", v * 100.0)),
        t.max_block_rate.map_or(String::new(), |v| format!(" block <= {:.1}%;", v * 100.0)),
        t.max_occupancy.map_or(String::new(), |v| format!(" occupancy <= {:.0}%;", v * 100.0)),
    );
    out.push_str(&align(&rows));
    if let Some(h) = s.agent_hours_required {
        out.push_str(&format!("\nAgent-hours required: {h:.1}"));
        if let Some(f) = s.fractional_agent_hours {
            out.push_str(&format!(" (fractional: {f:.1})"));
        }
        out.push('\n');
    }
    let notes: Vec<String> = s
        .intervals
        .iter()
        .filter_map(|r| {
            r.note
                .as_ref()
                .map(|n| format!("{}: {n}", r.start.clone().unwrap_or_default()))
        })
        .collect();
    for n in notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

/// CSV of the rows (one per interval, or the single answer).
pub fn render_csv(rows: &[ErlangRow]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Usage(e.to_string());
    w.write_record([
        "interval",
        "end",
        "calls_per_hour",
        "aht_seconds",
        "patience_seconds",
        "offered_load_erlangs",
        "agents",
        "p_wait",
        "service_level",
        "asa_seconds",
        "mean_wait_seconds",
        "abandon_rate",
        "block_rate",
        "occupancy",
        "mean_queue_length",
        "agents_required",
        "fractional_agents",
        "agents_to_schedule",
        "note",
    ])
    .map_err(fail)?;
    let o = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for r in rows {
        w.write_record([
            r.start.clone().unwrap_or_default(),
            r.end.clone().unwrap_or_default(),
            r.calls_per_hour.to_string(),
            r.aht_seconds.to_string(),
            o(r.patience_seconds),
            r.offered_load_erlangs.to_string(),
            r.agents.to_string(),
            o(r.p_wait),
            o(r.service_level),
            o(r.asa_seconds),
            o(r.mean_wait_seconds),
            o(r.abandon_rate),
            o(r.block_rate),
            o(r.occupancy),
            o(r.mean_queue_length),
            r.agents_required.map_or(String::new(), |a| a.to_string()),
            o(r.fractional_agents),
            r.agents_to_schedule
                .map_or(String::new(), |a| a.to_string()),
            r.note.clone().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Usage(e.into_error().to_string()))
}

pub(crate) use crate::report::table::align;

pub(crate) fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(v).map_err(|e| Error::Usage(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The whole `ccsim erlang` pipeline.
pub fn execute(args: &ErlangArgs) -> Result<(), Error> {
    let inputs: Vec<&std::path::Path> = args.scenario.iter().map(|p| p.as_path()).collect();
    let planned: Vec<&std::path::Path> = [&args.json, &args.csv]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&inputs, &planned)?;
    // Render everything before writing anything.
    if args.chart.is_some() && !is_range(args) {
        return Err(Error::Usage(
            "--chart needs an --agents range, e.g. --agents 40..60".into(),
        ));
    }
    if args.simulate.is_some() && !is_range(args) {
        return Err(Error::Usage(
            "--simulate goes with a range table (--agents FROM..TO or --calls-per-hour FROM..TO:STEP)".into(),
        ));
    }
    let mut chart = None;
    let (text, json_bytes, csv_bytes) = if is_range(args) {
        let r = range_table(args)?;
        if let Some(path) = &args.chart {
            chart = Some((path.clone(), range_chart(&r, path)?));
        }
        let j = args.json.as_ref().map(|_| json(&r)).transpose()?;
        let c = args.csv.as_ref().map(|_| render_csv(&r.rows)).transpose()?;
        (render_range(&r), j, c)
    } else if args.scenario.is_some() {
        let s = per_interval(args)?;
        let j = args.json.as_ref().map(|_| json(&s)).transpose()?;
        let c = args
            .csv
            .as_ref()
            .map(|_| render_csv(&s.intervals))
            .transpose()?;
        (render_table(&s), j, c)
    } else {
        let r = single(args)?;
        let t = cli_targets(args, args.threshold.unwrap_or(20.0));
        let j = args.json.as_ref().map(|_| json(&r)).transpose()?;
        let c = args
            .csv
            .as_ref()
            .map(|_| render_csv(std::slice::from_ref(&r)))
            .transpose()?;
        (render_single(args.model, &r, &t), j, c)
    };
    let stdout_taken = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| output::is_stdout(p)));
    let mut outputs = Outputs::reading(&inputs);
    if let (Some(path), Some(bytes)) = (&args.json, json_bytes) {
        outputs.add(path, bytes);
    }
    if let (Some(path), Some(bytes)) = (&args.csv, csv_bytes) {
        outputs.add(path, bytes);
    }
    if let Some((path, bytes)) = chart {
        outputs.add(&path, bytes);
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !stdout_taken {
        output::print(&text)?;
    }
    Ok(())
}
