//! The flat break-even method, kept for comparison (`ccsim breakeven
//! --flat`): the smallest constant number `e` of extra in-house agents in
//! every interval (and `e` trunk lines when lines are limited) whose mean day
//! service level without the partner reaches the mean with it, on common
//! random numbers (`e = 0, 1, 2, 4, ...` then bisection), priced on the whole
//! `e`. It adds agents to quiet intervals the partner never helped, rounds up
//! and matches only the day's service level, so it overstates the
//! break-even price; [`super::breakeven`] re-staffs interval by interval.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Error;
use crate::replicate;
use crate::scenario::{raw::NumberOrList, RawScenario, ValidScenario};
use crate::stats::{Estimate, Metric};

/// The flat method's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlatMethod {
    /// Extra in-house agents in every interval (whole, rounded up).
    pub extra_agents: u32,
    /// Trunk lines added with them (0 when lines are unlimited).
    pub extra_lines: u32,
    /// Day's service level without the partner with the extra agents.
    pub service_level_without_partner: Estimate,
    /// Extra paid in-house hours per day (`extra_agents` times the reported
    /// hours, over 1 - shrinkage).
    pub extra_paid_hours_per_day: f64,
    /// Their wage cost per day: the break-even charge of the flat method.
    pub extra_in_house_cost_per_day: f64,
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

/// Runs the flat search: `raw` is the scenario with the partner (group
/// index `p`), `h` the in-house group, `goal` the day's mean service level
/// with the partner; `valid` validates a changed scenario with the
/// command's overrides; `hourly` is the paid rate, `days` the open days of
/// one replication.
#[allow(clippy::too_many_arguments)]
pub fn flat(
    raw: &RawScenario,
    p: usize,
    h: usize,
    goal: f64,
    max_extra: u32,
    valid: &dyn Fn(&RawScenario) -> Result<ValidScenario, Error>,
    base: &ValidScenario,
    hourly: f64,
) -> Result<FlatMethod, Error> {
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
        let sc = valid(&r)?;
        let (s, _) = replicate::simulate(&sc, &|| {});
        let sl = s.total.get(Metric::ServiceLevel);
        cache.insert(e, sl);
        Ok(sl)
    };
    let meets = |sl: Estimate| sl.mean >= goal;
    let extra = if meets(eval(0)?) {
        0
    } else {
        let (mut lo, mut hi) = (0u32, 1u32);
        loop {
            if meets(eval(hi)?) {
                break;
            }
            if hi >= max_extra {
                return Err(Error::Usage(format!(
                    "flat method: even {max_extra} extra in-house agents in every interval do not reach the service level with the partner ({:.1}%); raise --max-extra",
                    100.0 * goal
                )));
            }
            lo = hi;
            hi = (hi * 2).min(max_extra);
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
    let hz = base.horizon;
    let days = hz.open_days().max(1) as f64;
    let hours = (hz.intervals - hz.warmup_intervals) as f64 * hz.interval / 3600.0 / days;
    let paid = f64::from(extra) * hours / (1.0 - base.groups[h].shrinkage);
    Ok(FlatMethod {
        extra_agents: extra,
        extra_lines: if base.lines.is_some() { extra } else { 0 },
        service_level_without_partner: sl_without,
        extra_paid_hours_per_day: paid,
        extra_in_house_cost_per_day: paid * hourly,
    })
}
