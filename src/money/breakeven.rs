//! Break-even: the price at which an outsourcing partner costs the same as
//! giving its work to in-house agents re-staffed, interval by interval, to
//! the same service.
//!
//! # Method
//! 1. Simulate the scenario as it is: the partner's charge a day (what its
//!    contract bills in total), the calls it answers, their handle minutes
//!    and its staffed hours; per interval the service the center reaches.
//! 2. Remove the partner and re-staff the in-house group interval by
//!    interval to that service ([`crate::planner::restaff`]): the `staff`
//!    search on common random numbers, matching in each interval the service
//!    level and, where the scenario targets them, the abandonment rate and
//!    the ASA reached with the partner, under the scenario's
//!    `max_occupancy`; never fewer in-house agents than with the partner.
//!    The whole agents found are interpolated to fractional agents (the
//!    last agent's needed fraction), so no rounding inflates the answer.
//!    When trunk lines are limited and the partner is `outsourced` (on its
//!    own lines), the lines its agents used come back to the center
//!    (`contract.lines`, or its most agents).
//! 3. The extra agents cost their **paid** hours: agent-hours on the phones
//!    over `1 - shrinkage` of the in-house group, times its
//!    `cost_per_agent_hour`. That cost a day is the **break-even charge**.
//! 4. **Break-even prices**, in the units the partner's contract uses (per
//!    handled call, per handled minute, per staffed hour, per line per year;
//!    per handled call and minute when it has no priced contract): the price
//!    at which that unit alone would bill the break-even charge,
//!    `charge / units a day` (per line per year: `charge * operating days /
//!    lines`). Below a break-even price the partner is the cheaper way to the
//!    same service. Each has a 95% confidence interval (Student t across
//!    replications, delta method on the interpolation and on the partner's
//!    volume, see [`crate::planner::restaff`]).
//!
//! Amounts are per simulated day; on a multi-day horizon they are the
//! horizon's divided by its open days.

use serde::Serialize;

use super::breakeven_flat::{flat, FlatMethod};
use crate::error::Error;
use crate::model::Work;
use crate::planner::restaff::{restaff, Figure, RestaffInterval};
use crate::replicate;
use crate::report::OrderedMap;
use crate::scenario::{self, RawScenario, ValidScenario};
use crate::stats::student::t_quantile;
use crate::stats::{Estimate, Metric};

/// Options of a break-even search.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The partner's group name.
    pub partner: String,
    /// The in-house group (default: the first other group).
    pub in_house: Option<String>,
    /// Most extra in-house agents per interval to try.
    pub max_extra: u32,
    /// Operating days a year when the contract does not say (default 250).
    pub operating_days: Option<f64>,
    /// Replications override.
    pub replications: Option<u32>,
    /// Seed override.
    pub seed: Option<u64>,
    /// Also run the old flat method, for comparison.
    pub flat: bool,
}

/// One interval of the re-staffing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakevenInterval {
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// Day of the horizon (multi-day horizons only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<usize>,
    /// Whether it is a warm-up interval (not priced).
    pub warmup: bool,
    /// The re-staffing of the interval.
    #[serde(flatten)]
    pub restaff: RestaffInterval,
}

/// The result of `ccsim breakeven` (its JSON contract, docs/money.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakevenReport {
    /// Scenario name.
    pub scenario: String,
    /// Replications of every run.
    pub replications: u32,
    /// Seed of every run.
    pub seed: u64,
    /// The partner's group.
    pub partner: String,
    /// The in-house group re-staffed.
    pub in_house: String,
    /// The figures matched per interval: `service_level`, and
    /// `abandon_rate` / `asa_seconds` where the scenario targets them.
    pub matched: Vec<Figure>,
    /// The scenario's occupancy cap on in-house groups, if any.
    pub max_occupancy: Option<f64>,
    /// The in-house group's shrinkage (paid hours = hours on the phones / (1 - shrinkage)).
    pub shrinkage: f64,
    /// Its paid rate, `cost_per_agent_hour`.
    pub cost_per_agent_hour: f64,
    /// Day's service level with the partner.
    pub service_level_with_partner: Estimate,
    /// Day's service level without it, at the whole agents found.
    pub service_level_without_partner: Estimate,
    /// One per interval of the horizon.
    pub intervals: Vec<BreakevenInterval>,
    /// Extra in-house agent-hours on the phones a day (interpolated).
    pub extra_agent_hours_per_day: Estimate,
    /// Extra paid in-house hours a day (shrinkage-aware).
    pub extra_paid_hours_per_day: Estimate,
    /// What the extra paid hours cost a day: the charge a day at which the
    /// partner costs the same (the break-even charge).
    pub breakeven_charge_per_day: Estimate,
    /// What the partner's contract (and wages, if any) bills a day now.
    pub partner_charge_per_day: Estimate,
    /// Calls the partner answers a day.
    pub partner_handled_calls_per_day: Estimate,
    /// Handle minutes the partner spends a day.
    pub partner_handled_minutes_per_day: Estimate,
    /// Hours the partner's agents are staffed a day.
    pub partner_staffed_hours_per_day: Estimate,
    /// Break-even price per unit, for each unit the contract prices
    /// (`per_handled_call`, `per_handled_minute`, `per_staffed_hour`,
    /// `per_line_per_year`).
    pub breakeven_prices: OrderedMap<Estimate>,
    /// The contract's current price in the same units (where it has one).
    pub current_prices: OrderedMap<f64>,
    /// Lines the per-line price is for (only with `per_line_per_year`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<u32>,
    /// Operating days a year of the per-line price (only with `per_line_per_year`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operating_days_per_year: Option<f64>,
    /// Break-even charge minus the partner's charge a day: positive when
    /// the partner is cheaper.
    pub partner_saves_per_day: f64,
    /// The old flat method's answer (with `--flat`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flat: Option<FlatMethod>,
    /// Distinct staffings the search simulated, and interpolation runs.
    pub evaluations: u64,
    /// The method in words.
    pub method: String,
    /// Things to know before trusting the answer.
    pub warnings: Vec<String>,
}

/// A partner's volume a day (mean) and each replication's deviation from it.
type Volume = (f64, Vec<f64>);

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

fn valid(raw: &RawScenario, o: &Options) -> Result<ValidScenario, Error> {
    let mut sc = scenario::validate(raw).map_err(|problems| {
        usage(format!(
            "the scenario without the partner is not valid:\n{}",
            crate::error::list(&problems)
        ))
    })?;
    crate::commands::run::apply_overrides(&mut sc, o.replications, o.seed)?;
    Ok(sc)
}

/// An estimate from its mean and the replications' influences (Student t
/// at 95% across replications).
fn from_influence(mean: f64, influence: &[f64]) -> Estimate {
    let n = influence.len();
    if n < 2 || mean.is_nan() {
        return Estimate {
            mean,
            ci95: [f64::NAN, f64::NAN],
        };
    }
    let m = influence.iter().sum::<f64>() / n as f64;
    let ss: f64 = influence.iter().map(|x| (x - m) * (x - m)).sum();
    let se = (ss / (n - 1) as f64 / n as f64).sqrt();
    let h = t_quantile(0.975, n as u64 - 1) * se;
    Estimate {
        mean,
        ci95: [mean - h, mean + h],
    }
}

fn scale(e: Estimate, by: f64) -> Estimate {
    Estimate {
        mean: e.mean * by,
        ci95: [e.ci95[0] * by, e.ci95[1] * by],
    }
}

/// Runs the break-even search of `raw` (see the module docs).
pub fn run(raw: &RawScenario, o: &Options) -> Result<BreakevenReport, Error> {
    let names: Vec<&str> = raw.groups.iter().map(|g| g.name.as_str()).collect();
    let p = names.iter().position(|n| *n == o.partner).ok_or_else(|| {
        usage(format!(
            "--group {}: no such group (groups: {})",
            o.partner,
            names.join(", ")
        ))
    })?;
    let h = match &o.in_house {
        Some(n) => names.iter().position(|m| m == n).ok_or_else(|| {
            usage(format!(
                "--in-house {n}: no such group (groups: {})",
                names.join(", ")
            ))
        })?,
        None => (0..names.len()).find(|i| *i != p).ok_or_else(|| {
            usage(format!(
                "--group {}: it is the only group, so there is no in-house group to compare with",
                o.partner
            ))
        })?,
    };
    if h == p {
        return Err(usage("--in-house must differ from --group".into()));
    }
    let base = valid(raw, o)?;
    let hourly = base.groups[h].cost_per_agent_hour.ok_or_else(|| {
        usage(format!(
            "group \"{}\" has no cost_per_agent_hour: the break-even compares the partner's price with in-house wages; add it to the scenario",
            names[h]
        ))
    })?;
    if !base.groups[h].shifts.is_empty() {
        return Err(usage(format!(
            "group \"{}\" is staffed by shifts: the break-even re-staffs agents per interval; give it `agents` (or `scheduled`) instead",
            names[h]
        )));
    }
    // 1. With the partner.
    let (summary, costs, _): (_, _, Work) = super::simulate(&base, &|| {});
    let costs = costs.expect("a group with cost_per_agent_hour makes the scenario costed");
    let hz = base.horizon;
    let days = hz.open_days().max(1) as f64;
    let per_day = if hz.days > 1 { 1.0 / days } else { 1.0 };
    let partner_charge = scale(
        costs
            .groups
            .get(names[p])
            .expect("every group is in the cost report")
            .total,
        per_day,
    );
    // 2. Without the partner: its lines (if on its own) come back.
    let partner = &base.groups[p];
    let partner_lines = partner
        .contract
        .as_ref()
        .map(|k| k.lines)
        .unwrap_or_else(|| partner.agents.iter().copied().max().unwrap_or(0));
    let mut r = raw.clone();
    r.groups.remove(p);
    if let (Some(l), true) = (r.lines.as_mut(), partner.outsourced) {
        l.count += i64::from(partner_lines);
    }
    let mut without = valid(&r, o)?;
    let h2 = if h > p { h - 1 } else { h };
    let with_agents = base.groups[h].agents.clone();
    let partner_agents = partner.agents.clone();
    for k in 0..hz.warmup_intervals {
        without.groups[h2].agents[k] = with_agents[k] + partner_agents[k];
    }
    let most = with_agents.iter().copied().max().unwrap_or(0);
    let cap = most.saturating_add(o.max_extra.max(1));
    let rs = restaff(
        &base,
        &without,
        h2,
        &with_agents,
        &partner_agents,
        base.replications,
        Some(cap),
    );
    let (s_without, _) = replicate::simulate(&rs.plan.staffed, &|| {});
    // 3. Paid hours and their cost a day.
    let shrinkage = base.groups[h].shrinkage;
    let paid_factor = 1.0 / (1.0 - shrinkage);
    let per_rep_day: Vec<f64> = rs.extra_influence.iter().map(|x| x / days).collect();
    let agent_hours = from_influence(rs.extra_agent_hours / days, &per_rep_day);
    let paid = scale(agent_hours, paid_factor);
    let charge = scale(paid, hourly);
    let charge_influence: Vec<f64> = per_rep_day
        .iter()
        .map(|x| x * paid_factor * hourly)
        .collect();
    // 4. Prices in the contract's units.
    let volume = |f: &dyn Fn(&crate::stats::tally::GroupCounts) -> f64| -> Volume {
        let xs: Vec<f64> = rs.with_groups.iter().map(|g| f(&g[p]) / days).collect();
        let mean = xs.iter().sum::<f64>() / xs.len().max(1) as f64;
        (mean, xs.iter().map(|x| x - mean).collect())
    };
    let calls = volume(&|g| g.handled);
    let minutes = volume(&|g| g.handled_seconds / 60.0);
    let staffed = volume(&|g| g.staffed_time / 3600.0);
    let price = |(x, dx): &Volume| -> Estimate {
        let mean = charge.mean / x;
        let z: Vec<f64> = charge_influence
            .iter()
            .zip(dx)
            .map(|(c, d)| (c - mean * d) / x)
            .collect();
        from_influence(mean, &z)
    };
    let contract = partner.contract.as_ref();
    let mut prices = Vec::new();
    let mut current = Vec::new();
    let mut lines = None;
    let mut operating = None;
    let mut warnings = Vec::new();
    let priced = contract.is_some_and(|k| {
        k.per_line_per_year.is_some()
            || k.per_handled_call.is_some()
            || k.per_handled_minute.is_some()
            || k.per_staffed_hour.is_some()
    });
    if let Some((fee, d)) = contract.and_then(|k| k.per_line_per_year) {
        let n = f64::from(contract.map_or(0, |k| k.lines).max(1));
        let z: Vec<f64> = charge_influence.iter().map(|c| c * d / n).collect();
        prices.push((
            "per_line_per_year".to_string(),
            from_influence(charge.mean * d / n, &z),
        ));
        current.push(("per_line_per_year".to_string(), fee));
        lines = Some(n as u32);
        operating = Some(d);
    }
    let units: [(&str, Option<f64>, &Volume); 3] = [
        (
            "per_handled_call",
            contract.and_then(|k| k.per_handled_call),
            &calls,
        ),
        (
            "per_handled_minute",
            contract.and_then(|k| k.per_handled_minute),
            &minutes,
        ),
        (
            "per_staffed_hour",
            contract.and_then(|k| k.per_staffed_hour),
            &staffed,
        ),
    ];
    for (unit, now, vol) in units {
        let used = now.is_some() || (!priced && unit != "per_staffed_hour");
        if used {
            prices.push((unit.to_string(), price(vol)));
            if let Some(v) = now {
                current.push((unit.to_string(), v));
            }
        }
    }
    if !priced {
        warnings.push(format!(
            "group \"{}\" has no priced contract: break-even prices are given per handled call and per handled minute",
            names[p]
        ));
    }
    if let Some(d) = o.operating_days {
        if !(d.is_finite() && d > 0.0) {
            return Err(usage(format!("--operating-days must be above 0 (got {d})")));
        }
    }
    if calls.0 <= 0.0 {
        warnings.push(format!(
            "group \"{}\" answered no call: there is nothing to price per call",
            names[p]
        ));
    }
    let bad: Vec<String> = rs
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, i)| i.status == "infeasible" || i.status == "not met")
        .map(|(k, i)| format!("{} ({})", hz.label(k), i.status))
        .collect();
    if !bad.is_empty() {
        warnings.push(format!(
            "without the partner, {} interval(s) cannot be brought to the service reached with it up to {cap} in-house agents: {}; the break-even understates the partner's worth there (raise --max-extra)",
            bad.len(),
            bad.join(", ")
        ));
    }
    if base.replications < 30 {
        warnings.push(format!(
            "{} replications: the break-even is imprecise; use at least 30",
            base.replications
        ));
    }
    let flat_result = if o.flat {
        let goal = summary.total.get(Metric::ServiceLevel).mean;
        Some(flat(
            raw,
            p,
            h,
            goal,
            o.max_extra,
            &|r| valid(r, o),
            &base,
            hourly,
        )?)
    } else {
        None
    };
    let intervals = rs
        .intervals
        .iter()
        .enumerate()
        .map(|(k, i)| BreakevenInterval {
            start: hz.label(k),
            end: hz.end_label(k),
            day: (hz.days > 1).then(|| hz.calendar_day(hz.day_of(k)) + 1),
            warmup: k < hz.warmup_intervals,
            restaff: i.clone(),
        })
        .collect();
    let matched_text: Vec<&str> = std::iter::once("service level")
        .chain(rs.matched.iter().map(|f| f.label()))
        .collect();
    Ok(BreakevenReport {
        scenario: base.name.clone(),
        replications: base.replications,
        seed: base.seed,
        partner: names[p].to_string(),
        in_house: names[h].to_string(),
        matched: std::iter::once(Figure::ServiceLevel)
            .chain(rs.matched.iter().copied())
            .collect(),
        max_occupancy: base.service_level.max_occupancy,
        shrinkage,
        cost_per_agent_hour: hourly,
        service_level_with_partner: summary.total.get(Metric::ServiceLevel),
        service_level_without_partner: s_without.total.get(Metric::ServiceLevel),
        intervals,
        extra_agent_hours_per_day: agent_hours,
        extra_paid_hours_per_day: paid,
        breakeven_charge_per_day: charge,
        partner_charge_per_day: partner_charge,
        partner_handled_calls_per_day: from_influence(calls.0, &calls.1),
        partner_handled_minutes_per_day: from_influence(minutes.0, &minutes.1),
        partner_staffed_hours_per_day: from_influence(staffed.0, &staffed.1),
        breakeven_prices: OrderedMap(prices),
        current_prices: OrderedMap(current),
        lines,
        operating_days_per_year: operating,
        partner_saves_per_day: charge.mean - partner_charge.mean,
        flat: flat_result,
        evaluations: rs.plan.evaluations + rs.interpolation_runs as u64,
        method: format!(
            "{} re-staffed interval by interval without {} to the same {} per interval (means, common random numbers, never fewer agents than with the partner), interpolated to fractional agents; priced at their paid hours (shrinkage {:.0}%) times {}",
            names[h],
            names[p],
            matched_text.join(", "),
            100.0 * shrinkage,
            hourly
        ),
        warnings,
    })
}

fn pct(e: Estimate) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    if e.half_width().is_nan() {
        return format!("{:.1}%", 100.0 * e.mean);
    }
    format!("{:.1}% ±{:.1}", 100.0 * e.mean, 100.0 * e.half_width())
}

fn unit_label(unit: &str) -> &'static str {
    match unit {
        "per_handled_call" => "price per handled call",
        "per_handled_minute" => "price per handled minute",
        "per_staffed_hour" => "price per staffed hour",
        "per_line_per_year" => "price per line per year",
        _ => "price",
    }
}

/// The result in words and figures.
pub fn render(r: &BreakevenReport) -> String {
    use super::table::money;
    let mut out = format!(
        "Break-even of {} against {} — {} ({} replications, seed {}, common random numbers)\n\n",
        r.partner, r.in_house, r.scenario, r.replications, r.seed
    );
    out.push_str(&format!(
        "With {}: service level {}; it answers {:.1} calls ({:.0} handle minutes) a day; its charge is {} a day.\n",
        r.partner,
        pct(r.service_level_with_partner),
        r.partner_handled_calls_per_day.mean,
        r.partner_handled_minutes_per_day.mean,
        money(r.partner_charge_per_day)
    ));
    let matched: Vec<&str> = r.matched.iter().map(|f| f.label()).collect();
    out.push_str(&format!(
        "Without it, {} re-staffed interval by interval to the same {}{} (service level {} at whole agents):\n\n",
        r.in_house,
        matched.join(", "),
        r.max_occupancy
            .map(|c| format!(", occupancy <= {:.0}%", 100.0 * c))
            .unwrap_or_default(),
        pct(r.service_level_without_partner)
    ));
    let mut rows = vec![[
        "interval",
        "in-house",
        "partner",
        "re-staffed",
        "needed",
        "extra",
        "binds",
        "SL with",
        "SL without",
        "status",
    ]
    .map(String::from)];
    for i in &r.intervals {
        let x = &i.restaff;
        let label = match i.day {
            Some(d) => format!("d{d} {}", i.start),
            None => i.start.clone(),
        };
        rows.push([
            format!("{label}{}", if i.warmup { "*" } else { "" }),
            x.in_house_agents.to_string(),
            x.partner_agents.to_string(),
            x.agents.to_string(),
            format!("{:.2}", x.interpolated_agents),
            format!("{:+.2}", x.extra_agents),
            x.binding.map_or("-".into(), |f| f.label().to_string()),
            format!("{:.1}%", 100.0 * x.service_level_with),
            if x.service_level_without.is_nan() {
                "-".into()
            } else {
                format!("{:.1}%", 100.0 * x.service_level_without)
            },
            x.status.to_string(),
        ]);
    }
    let w: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 || c == 6 || c == 9 {
                    format!("{s:<w$}", w = w[c])
                } else {
                    format!("{s:>w$}", w = w[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n\"needed\": whole agents interpolated to the fraction of the last one the binding figure needs. Extra in-house: {} agent-hours on the phones a day, {} paid hours (shrinkage {:.0}%), at {:.2} per paid hour.\n\n",
        money(r.extra_agent_hours_per_day),
        money(r.extra_paid_hours_per_day),
        100.0 * r.shrinkage,
        r.cost_per_agent_hour
    ));
    out.push_str("Break-even (the partner would cost what the re-staffing costs; mean ±half-width of the 95% interval):\n");
    let mut lines = vec![(
        "charge per day".to_string(),
        money(r.breakeven_charge_per_day),
        format!("now {}", money(r.partner_charge_per_day)),
    )];
    for (unit, e) in &r.breakeven_prices.0 {
        let now = r
            .current_prices
            .get(unit)
            .map(|v| format!("contract {v:.2}"))
            .unwrap_or_default();
        let extra = match (unit.as_str(), r.lines, r.operating_days_per_year) {
            ("per_line_per_year", Some(l), Some(d)) => {
                format!(" ({l} lines, {d} operating days a year)")
            }
            _ => String::new(),
        };
        lines.push((
            unit_label(unit).to_string(),
            money(*e),
            format!("{now}{extra}"),
        ));
    }
    let w0 = lines.iter().map(|l| l.0.chars().count()).max().unwrap_or(0);
    let w1 = lines.iter().map(|l| l.1.chars().count()).max().unwrap_or(0);
    for (a, b, c) in &lines {
        out.push_str(format!("  {a:<w0$}  {b:>w1$}  {c}").trim_end());
        out.push('\n');
    }
    let s = r.partner_saves_per_day;
    out.push_str(&if s >= 0.0 {
        format!("At its current charge the partner is cheaper by {s:.2} a day.\n")
    } else {
        format!(
            "At its current charge the partner is dearer by {:.2} a day.\n",
            -s
        )
    });
    if let Some(f) = &r.flat {
        out.push_str(&format!(
            "Flat method (for comparison): {} extra agents in every interval (rounded up) for a day's service level of {}, break-even charge {:.2} a day ({:.0}% {} the re-staffing's).\n",
            f.extra_agents,
            pct(f.service_level_without_partner),
            f.extra_in_house_cost_per_day,
            100.0 * (f.extra_in_house_cost_per_day / r.breakeven_charge_per_day.mean - 1.0).abs(),
            if f.extra_in_house_cost_per_day >= r.breakeven_charge_per_day.mean { "above" } else { "below" }
        ));
    }
    if r.intervals.iter().any(|i| i.warmup) {
        out.push_str("* warm-up interval: in-house and partner agents together, not priced.\n");
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}
