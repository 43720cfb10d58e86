//! Re-staffing: the in-house staffing that gives, interval by interval, the
//! service a scenario reaches with a partner, once the partner is gone, as a
//! fractional number of agents per interval with the simulation noise of
//! that fraction. The break-even price of a partner
//! ([`crate::money::breakeven`]) prices these extra agents.
//!
//! # Method
//! 1. **Service with the partner.** Simulate the scenario with the partner
//!    (replications `0..R`): per interval the service level, and where the
//!    scenario targets them the abandonment rate (`max_abandon_rate`) and the
//!    ASA (`max_asa_seconds`), all calls together. These are the interval's
//!    goals; `max_occupancy`, if any, caps the in-house occupancy as usual.
//! 2. **Search.** Without the partner, [`super::staff_to`] finds the fewest
//!    in-house agents per interval meeting every goal (means, common random
//!    numbers), never fewer than the interval's in-house agents with the
//!    partner (nor `min_agents`): the partner is replaced, the rest of the
//!    plan is kept. Warm-up intervals get the in-house and the partner's
//!    agents together (on the phones) and are not priced.
//! 3. **Interpolation.** With `n` agents found in interval `k` (and `n - 1`
//!    allowed), the whole horizon is simulated once more with `n - 1` in `k`
//!    (the rest as found). For each goal figure `F` the fraction of the last
//!    agent needed is `t = (F(n-1) - G) / (F(n-1) - F(n))` (`G` the goal;
//!    this reads the same for a minimum and a maximum), clamped to `[0, 1]`;
//!    the interval needs `n - 1 + t` agents for the most demanding figure.
//!    Part-time staff and shift overlaps approach fractional agents, and the
//!    fraction removes the rounding bias of whole agents.
//! 4. **Noise.** Each figure is a pooled ratio over replications; on common
//!    random numbers the three runs see the same callers, so per
//!    replication the delta method gives `t`'s linearisation (influence)
//!    from the three ratios' own. The extra agent-hours are a sum over
//!    intervals, and their influence the same sum; a confidence interval of
//!    anything priced on them follows from it (Student t across
//!    replications). It covers the noise of the figures given the bracket
//!    `n - 1, n` found, not the choice of the bracket itself.

use super::{Criterion, SimTargets, StaffOptions, StaffPlan, Status};
use crate::replicate;
use crate::scenario::{SlDefinition, ValidScenario};
use crate::stats::tally::{CallCounts, GroupCounts, Tally};

/// Which figure a goal is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Service level (a minimum).
    ServiceLevel,
    /// Abandonment rate (a maximum).
    AbandonRate,
    /// Average speed of answer (a maximum).
    AsaSeconds,
}

impl Figure {
    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Figure::ServiceLevel => "service level",
            Figure::AbandonRate => "abandonment",
            Figure::AsaSeconds => "ASA",
        }
    }

    /// (numerator, denominator) of the figure from one interval's counts.
    fn pair(self, c: &Counts) -> (f64, f64) {
        match self {
            Figure::ServiceLevel => (c.within, c.base),
            Figure::AbandonRate => (c.abandoned, c.reached),
            Figure::AsaSeconds => (c.wait, c.answered),
        }
    }
}

/// One replication's counts of one interval, over all call types.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts {
    within: f64,
    base: f64,
    abandoned: f64,
    reached: f64,
    wait: f64,
    answered: f64,
}

fn counts(definition: SlDefinition, t: &Tally, k: usize) -> Counts {
    let mut c = CallCounts::default();
    for ty in 0..t.types {
        c += &t.calls[ty * t.intervals + k];
    }
    Counts {
        within: c.answered_within,
        base: c.service_level_base(definition),
        abandoned: c.abandoned,
        reached: c.reached(),
        wait: c.wait_answered,
        answered: c.answered,
    }
}

/// Per replication, per interval: the counts of every interval of `sc`,
/// and per group the counts summed over the intervals `from..`.
fn simulate(
    sc: &ValidScenario,
    replications: u32,
    from: usize,
) -> (Vec<Vec<Counts>>, Vec<Vec<GroupCounts>>) {
    let n = sc.horizon.intervals;
    let definition = sc.service_level.definition;
    let mut calls = Vec::with_capacity(replications as usize);
    let mut groups = Vec::with_capacity(replications as usize);
    replicate::for_each_tally(sc, 0, u64::from(replications), &|| {}, |_, t| {
        calls.push((0..n).map(|k| counts(definition, t, k)).collect());
        let mut g = vec![GroupCounts::default(); t.groups];
        for k in from..n {
            for (j, acc) in g.iter_mut().enumerate() {
                let x = &t.group_counts[k * t.groups + j];
                acc.handled += x.handled;
                acc.busy_time += x.busy_time;
                acc.staffed_time += x.staffed_time;
                acc.handled_seconds += x.handled_seconds;
                acc.handled_within += x.handled_within;
            }
        }
        groups.push(g);
    });
    (calls, groups)
}

/// A pooled ratio over replications and each replication's influence on it
/// (the delta-method linearisation: the estimator's error is about the mean
/// of the influences).
struct Ratio {
    value: f64,
    influence: Vec<f64>,
}

fn ratio(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> Ratio {
    let (sa, sb, n) = pairs.clone().fold((0.0, 0.0, 0usize), |(a, b, n), (x, y)| {
        (a + x, b + y, n + 1)
    });
    if sb <= 0.0 {
        return Ratio {
            value: f64::NAN,
            influence: vec![0.0; n],
        };
    }
    let value = sa / sb;
    let mean_b = sb / n as f64;
    Ratio {
        value,
        influence: pairs.map(|(a, b)| (a - value * b) / mean_b).collect(),
    }
}

/// One interval of a re-staffing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RestaffInterval {
    /// In-house agents on the phones with the partner (the file's).
    pub in_house_agents: u32,
    /// The partner's agents on the phones (the file's).
    pub partner_agents: u32,
    /// Whole in-house agents without the partner meeting every goal.
    pub agents: u32,
    /// Fractional agents by interpolation (see the module documentation).
    pub interpolated_agents: f64,
    /// `interpolated_agents - in_house_agents`.
    pub extra_agents: f64,
    /// The goal figure that needs the most of the last agent (none when no
    /// interpolation applies: nothing to add, or the floor binds).
    pub binding: Option<Figure>,
    /// "met", "infeasible", "not met" or "warm-up" (the search's status).
    pub status: &'static str,
    /// Service level with the partner (the goal).
    pub service_level_with: f64,
    /// Service level without it at `agents`.
    pub service_level_without: f64,
}

/// The outcome of [`restaff`].
#[derive(Debug, Clone, PartialEq)]
pub struct Restaffing {
    /// One per interval of the horizon.
    pub intervals: Vec<RestaffInterval>,
    /// The goal figures matched besides the service level.
    pub matched: Vec<Figure>,
    /// Extra in-house agent-hours on the phones over the reported intervals
    /// of one replication (the horizon): sum of `extra_agents` times hours.
    pub extra_agent_hours: f64,
    /// Each replication's influence on `extra_agent_hours`.
    pub extra_influence: Vec<f64>,
    /// Per replication of the scenario with the partner, each group's counts
    /// over the reported intervals (file order).
    pub with_groups: Vec<Vec<GroupCounts>>,
    /// The search's plan without the partner.
    pub plan: StaffPlan,
    /// Full-horizon simulations made for the interpolation.
    pub interpolation_runs: usize,
}

/// Re-staffs group `in_house` of `without` (the scenario without the
/// partner, warm-up agents already set) to the service `with` reaches,
/// `with_agents[k]` being the in-house agents with the partner and
/// `partner_agents[k]` the partner's (see the module documentation).
pub fn restaff(
    with: &ValidScenario,
    without: &ValidScenario,
    in_house: usize,
    with_agents: &[u32],
    partner_agents: &[u32],
    replications: u32,
    max_agents: Option<u32>,
) -> Restaffing {
    let h = without.horizon;
    let n = h.intervals;
    let warmup = h.warmup_intervals;
    let (with_calls, with_groups) = simulate(with, replications, warmup);
    let sl = with.service_level;
    let mut matched = Vec::new();
    if sl.max_abandon_rate.is_some() {
        matched.push(Figure::AbandonRate);
    }
    if sl.max_asa.is_some() {
        matched.push(Figure::AsaSeconds);
    }
    let figures: Vec<Figure> = std::iter::once(Figure::ServiceLevel)
        .chain(matched.iter().copied())
        .collect();
    let goal_of = |k: usize, f: Figure| ratio(with_calls.iter().map(|r| f.pair(&r[k])));
    let goals: Vec<SimTargets> = (0..n)
        .map(|k| {
            let sl_goal = goal_of(k, Figure::ServiceLevel).value;
            let ab = goal_of(k, Figure::AbandonRate).value;
            let asa = goal_of(k, Figure::AsaSeconds).value;
            SimTargets {
                service_level: if sl_goal.is_nan() { 0.0 } else { sl_goal },
                threshold: sl.threshold,
                max_abandon: sl.max_abandon_rate.and(Some(ab)).filter(|v| !v.is_nan()),
                max_asa: sl.max_asa.and(Some(asa)).filter(|v| !v.is_nan()),
                max_occupancy: sl.max_occupancy,
            }
        })
        .collect();
    let opts = StaffOptions {
        group: in_house,
        criterion: Criterion::Mean,
        replications,
        max_agents,
        max_passes: 4,
    };
    let floor: Vec<u32> = (0..n)
        .map(|k| with_agents[k].max(without.groups[in_house].min_agents[k]))
        .collect();
    let plan = super::staff_to(without, &opts, &goals, &floor);
    let found: Vec<u32> = plan.intervals.iter().map(|p| p.agents).collect();
    let (at_found, _) = simulate(&plan.staffed, replications, warmup);
    let hours = h.interval / 3600.0;
    let reps = replications as usize;
    let mut extra_influence = vec![0.0; reps];
    let mut extra_agent_hours = 0.0;
    let mut runs = 0;
    let mut intervals = Vec::with_capacity(n);
    for k in 0..n {
        let p = &plan.intervals[k];
        let mut fractional = f64::from(found[k]);
        let mut binding = None;
        let interpolate = k >= warmup && found[k] > floor[k] && p.status == Status::Met;
        if interpolate {
            let mut less = plan.staffed.clone();
            less.groups[in_house].agents[k] -= 1;
            let (at_less, _) = simulate(&less, replications, warmup);
            runs += 1;
            let mut best: Option<(f64, Vec<f64>, Figure)> = None;
            for &f in &figures {
                let g = goal_of(k, f);
                let f2 = ratio(at_found.iter().map(|r| f.pair(&r[k])));
                let f1 = ratio(at_less.iter().map(|r| f.pair(&r[k])));
                let d = f1.value - f2.value;
                if g.value.is_nan() || f1.value.is_nan() || f2.value.is_nan() {
                    continue;
                }
                let raw = if d == 0.0 {
                    // One agent changes nothing: the figure does not bind
                    // unless n - 1 misses it.
                    let misses = match f {
                        Figure::ServiceLevel => f1.value < g.value,
                        _ => f1.value > g.value,
                    };
                    if misses {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    (f1.value - g.value) / d
                };
                let t = raw.clamp(0.0, 1.0);
                let influence: Vec<f64> = if d != 0.0 && raw > 0.0 && raw <= 1.0 {
                    let (c1, cg, c2) = ((g.value - f2.value) / (d * d), -1.0 / d, raw / d);
                    (0..reps)
                        .map(|i| c1 * f1.influence[i] + cg * g.influence[i] + c2 * f2.influence[i])
                        .collect()
                } else {
                    vec![0.0; reps]
                };
                if best.as_ref().is_none_or(|(bt, _, _)| t > *bt) {
                    best = Some((t, influence, f));
                }
            }
            if let Some((t, influence, f)) = best {
                fractional = f64::from(found[k]) - 1.0 + t;
                binding = Some(f);
                for (acc, x) in extra_influence.iter_mut().zip(&influence) {
                    *acc += hours * x;
                }
            }
        }
        let extra = fractional - f64::from(with_agents[k]);
        if k >= warmup {
            extra_agent_hours += extra * hours;
        }
        let sl_at = ratio(at_found.iter().map(|r| Figure::ServiceLevel.pair(&r[k]))).value;
        intervals.push(RestaffInterval {
            in_house_agents: with_agents[k],
            partner_agents: partner_agents[k],
            agents: found[k],
            interpolated_agents: fractional,
            extra_agents: extra,
            binding,
            status: p.status.name(),
            service_level_with: goals[k].service_level,
            service_level_without: sl_at,
        });
    }
    Restaffing {
        intervals,
        matched,
        extra_agent_hours,
        extra_influence,
        with_groups,
        plan,
        interpolation_runs: runs,
    }
}
