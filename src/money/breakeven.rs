//! Break-even: the price at which an outsourcing partner costs the same as
//! serving its share with extra in-house agents at the same service level.
//!
//! # Method
//! 1. Simulate the scenario as it is: the day's service level `SL_with`
//!    (the scenario's definition) and the partner's cost per day, calls and
//!    handle minutes.
//! 2. Remove the partner's group and add `e` agents to the in-house group in
//!    every interval (and, when trunk lines are limited, `e` lines: each
//!    in-house agent needs a line to talk on, as each leased line came with its
//!    agent). Find the smallest `e` whose mean service level reaches `SL_with`:
//!    `e = 0, 1, 2, 4, ...` until one does, then bisection, every run on the
//!    same seed (common random numbers). This assumes the service level rises
//!    with agents, which holds on common random numbers for all but freak cases.
//! 3. The extra in-house cost per day is `e * hours * cost_per_agent_hour`,
//!    with the scheduled hours of the reported horizon.
//! 4. The break-even prices make the partner cost exactly that: per line per
//!    year `cost * operating_days_per_year / lines`, per handled call
//!    `cost / partner calls per day`, per handled minute `cost / partner
//!    minutes per day` (each as if it were the contract's only component).
//!    Below a break-even price the partner is the cheaper way to the same
//!    service level. Line costs of the center itself are not modelled.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Error;
use crate::model::Work;
use crate::replicate;
use crate::scenario::{self, raw::NumberOrList, RawScenario, ValidScenario};
use crate::stats::{Estimate, Metric};

/// Options of a break-even search.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The partner's group name.
    pub partner: String,
    /// The in-house group (default: the first other group).
    pub in_house: Option<String>,
    /// Most extra agents to try.
    pub max_extra: u32,
    /// Operating days a year when the contract does not say (default 250).
    pub operating_days: Option<f64>,
    /// Replications override.
    pub replications: Option<u32>,
    /// Seed override.
    pub seed: Option<u64>,
}

/// The result of `ccsim breakeven` (its JSON contract).
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
    /// The in-house group given the extra agents.
    pub in_house: String,
    /// Day's service level with the partner.
    pub service_level_with_partner: Estimate,
    /// Extra in-house agents in every interval that reach it without the partner.
    pub extra_agents: u32,
    /// Trunk lines added with them (0 when lines are unlimited).
    pub extra_lines: u32,
    /// Day's service level without the partner, with the extra agents.
    pub service_level_without_partner: Estimate,
    /// The same with one agent fewer (it falls short), if the answer is above 0.
    pub service_level_one_fewer: Option<Estimate>,
    /// Fractional extra agents by linear interpolation of the service level
    /// between `extra_agents - 1` and `extra_agents` (part-time staff would
    /// approach it); the prices below use the whole number.
    pub interpolated_extra_agents: f64,
    /// Extra scheduled agent-hours per day.
    pub extra_agent_hours_per_day: f64,
    /// Their cost per day.
    pub extra_in_house_cost_per_day: f64,
    /// The partner's cost per day under its current contract (and wages, if any).
    pub partner_cost_per_day: Estimate,
    /// Calls the partner answers per day.
    pub partner_handled_calls_per_day: Estimate,
    /// Handle minutes the partner spends per day.
    pub partner_handled_minutes_per_day: Estimate,
    /// Lines the per-line price is for.
    pub lines: u32,
    /// Operating days a year the per-line price is spread over.
    pub operating_days_per_year: f64,
    /// Break-even fee per line per year (none without lines).
    pub breakeven_per_line_per_year: Option<f64>,
    /// Break-even price per handled call.
    pub breakeven_per_handled_call: f64,
    /// Break-even price per handled minute.
    pub breakeven_per_handled_minute: f64,
    /// The current contract expressed per line per year.
    pub current_per_line_per_year: Option<f64>,
    /// Extra in-house cost minus partner cost per day: positive when the partner is cheaper.
    pub partner_saves_per_day: f64,
    /// The method in words.
    pub method: String,
}

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

fn add_agents(v: &NumberOrList, e: f64) -> NumberOrList {
    match v {
        NumberOrList::One(x) => NumberOrList::One(x + e),
        NumberOrList::List(xs) => NumberOrList::List(xs.iter().map(|x| x + e).collect()),
        NumberOrList::Days(days) => NumberOrList::Days(
            days.iter()
                .map(|xs| xs.iter().map(|x| x + e).collect())
                .collect(),
        ),
    }
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
    // 1. With the partner.
    let (summary, costs, _): (_, _, Work) = super::simulate(&base, &|| {});
    let costs = costs.expect("a group with cost_per_agent_hour makes the scenario costed");
    let sl_with = summary.total.get(Metric::ServiceLevel);
    let partner_costs = costs
        .groups
        .get(names[p])
        .expect("every group is in the cost report")
        .clone();
    // 2. Without the partner, e extra in-house agents (and lines).
    let mut cache: BTreeMap<u32, Estimate> = BTreeMap::new();
    let mut eval = |e: u32| -> Result<Estimate, Error> {
        if let Some(v) = cache.get(&e) {
            return Ok(*v);
        }
        let mut r = raw.clone();
        let g = &mut r.groups[h];
        if !g.agents.is_absent() {
            g.agents = add_agents(&g.agents, f64::from(e));
        } else if let Some(s) = &g.scheduled {
            g.scheduled = Some(add_agents(s, f64::from(e)));
        }
        if let Some(l) = r.lines.as_mut() {
            l.count += i64::from(e);
        }
        r.groups.remove(p);
        let sc = valid(&r, o)?;
        let (s, _) = replicate::simulate(&sc, &|| {});
        let sl = s.total.get(Metric::ServiceLevel);
        cache.insert(e, sl);
        Ok(sl)
    };
    let goal = sl_with.mean;
    let meets = |sl: Estimate| sl.mean >= goal;
    let extra = if meets(eval(0)?) {
        0
    } else {
        let (mut lo, mut hi) = (0u32, 1u32);
        loop {
            if meets(eval(hi)?) {
                break;
            }
            if hi >= o.max_extra {
                return Err(usage(format!(
                    "even {} extra in-house agents in every interval do not reach the service level with the partner ({:.1}%); raise --max-extra",
                    o.max_extra,
                    100.0 * goal
                )));
            }
            lo = hi;
            hi = (hi * 2).min(o.max_extra);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if meets(eval(mid)?) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    };
    let sl_without = eval(extra)?;
    let one_fewer = if extra > 0 {
        Some(eval(extra - 1)?)
    } else {
        None
    };
    let interpolated = match one_fewer {
        Some(f) if sl_without.mean > f.mean => {
            f64::from(extra) - 1.0 + (goal - f.mean) / (sl_without.mean - f.mean)
        }
        _ => f64::from(extra),
    };
    // 3. and 4. Costs and prices.
    let hz = base.horizon;
    let hours = (hz.intervals - hz.warmup_intervals) as f64 * hz.interval / 3600.0;
    let extra_hours = f64::from(extra) * hours;
    let extra_cost = extra_hours * hourly;
    let contract = base.groups[p].contract.as_ref();
    let lines = contract
        .map(|k| k.lines)
        .unwrap_or_else(|| base.groups[p].agents.iter().copied().max().unwrap_or(0));
    let (days, days_note) = match (contract.and_then(|k| k.per_line_per_year), o.operating_days) {
        (Some((_, d)), _) => (d, "the contract's operating_days_per_year"),
        (None, Some(d)) => (d, "--operating-days"),
        (None, None) => (250.0, "an assumed 250 (give --operating-days)"),
    };
    if !(days.is_finite() && days > 0.0) {
        return Err(usage(format!(
            "--operating-days must be above 0 (got {days})"
        )));
    }
    let per_line = (lines > 0).then(|| extra_cost * days / f64::from(lines));
    let current = (lines > 0).then(|| partner_costs.total.mean * days / f64::from(lines));
    let extra_lines = if base.lines.is_some() { extra } else { 0 };
    Ok(BreakevenReport {
        scenario: base.name.clone(),
        replications: base.replications,
        seed: base.seed,
        partner: names[p].to_string(),
        in_house: names[h].to_string(),
        service_level_with_partner: sl_with,
        extra_agents: extra,
        extra_lines,
        service_level_without_partner: sl_without,
        service_level_one_fewer: one_fewer,
        interpolated_extra_agents: interpolated,
        extra_agent_hours_per_day: extra_hours,
        extra_in_house_cost_per_day: extra_cost,
        partner_cost_per_day: partner_costs.total,
        partner_handled_calls_per_day: partner_costs.handled_calls,
        partner_handled_minutes_per_day: partner_costs.handled_minutes,
        lines,
        operating_days_per_year: days,
        breakeven_per_line_per_year: per_line,
        breakeven_per_handled_call: extra_cost / partner_costs.handled_calls.mean,
        breakeven_per_handled_minute: extra_cost / partner_costs.handled_minutes.mean,
        current_per_line_per_year: current,
        partner_saves_per_day: extra_cost - partner_costs.total.mean,
        method: format!(
            "smallest constant number of extra {} agents (with as many trunk lines when lines are limited) whose mean day service level without {} reaches the mean with it, on common random numbers; prices make the partner cost what those agents cost; operating days a year from {days_note}",
            names[h], names[p]
        ),
    })
}

fn pct(e: Estimate) -> String {
    format!("{:.1}% ±{:.1}", 100.0 * e.mean, 100.0 * e.half_width())
}

/// The result in words and figures.
pub fn render(r: &BreakevenReport) -> String {
    use super::table::money;
    let mut out = format!(
        "Break-even of {} against {} — {} ({} replications, seed {}, common random numbers)\n\n",
        r.partner, r.in_house, r.scenario, r.replications, r.seed
    );
    out.push_str(&format!(
        "With {}: service level {}; it answers {:.1} calls ({:.0} handle minutes) a day and costs {} a day.\n",
        r.partner,
        pct(r.service_level_with_partner),
        r.partner_handled_calls_per_day.mean,
        r.partner_handled_minutes_per_day.mean,
        money(r.partner_cost_per_day)
    ));
    let lines = if r.extra_lines > 0 {
        format!(" (and {} trunk lines)", r.extra_lines)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Without it: {} needs {} extra agents in every interval{lines} for {}",
        r.in_house,
        r.extra_agents,
        pct(r.service_level_without_partner)
    ));
    match r.service_level_one_fewer {
        Some(e) => out.push_str(&format!(" (with {}: {}).\n", r.extra_agents - 1, pct(e))),
        None => out.push_str(".\n"),
    }
    if r.service_level_one_fewer.is_some() {
        out.push_str(&format!(
            "Interpolated between the two: {:.2} extra agents (the prices below use {}).\n",
            r.interpolated_extra_agents, r.extra_agents
        ));
    }
    out.push_str(&format!(
        "Those agents: {:.1} agent-hours a day, costing {:.2} a day.\n\n",
        r.extra_agent_hours_per_day, r.extra_in_house_cost_per_day
    ));
    out.push_str("Break-even prices (the partner costs the same as those agents):\n");
    if let Some(v) = r.breakeven_per_line_per_year {
        out.push_str(&format!(
            "  per line per year   {:.2}  ({} lines, {} operating days a year)\n",
            v, r.lines, r.operating_days_per_year
        ));
    }
    out.push_str(&format!(
        "  per handled call    {:.2}\n  per handled minute  {:.4}\n",
        r.breakeven_per_handled_call, r.breakeven_per_handled_minute
    ));
    if let Some(c) = r.current_per_line_per_year {
        out.push_str(&format!(
            "Current contract: {:.2} per line per year equivalent.\n",
            c
        ));
    }
    let s = r.partner_saves_per_day;
    out.push_str(&if s >= 0.0 {
        format!(
            "The partner is cheaper by {:.2} a day ({:.0} a year).\n",
            s,
            s * r.operating_days_per_year
        )
    } else {
        format!(
            "The partner is dearer by {:.2} a day ({:.0} a year).\n",
            -s,
            -s * r.operating_days_per_year
        )
    });
    out
}
