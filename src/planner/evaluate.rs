//! One evaluation of a staffing: simulate replications `0..n` of a scenario
//! and keep, per interval of arrival, the figures a staffing target can
//! name (service level, ASA, abandonment) as ratio estimators.
//!
//! Common random numbers: replication `i` of any staffing of the same
//! scenario sees the same callers (arrival times, handle times and patience
//! come from streams seeded by (seed, replication, source) and are drawn at
//! arrival), so two evaluations that differ by one agent differ only by
//! what that agent changes. Replications run in parallel (rayon) and are
//! folded in index order, so the result is bit-identical for any thread count.
//!
//! The estimators are exactly those of `ccsim run` ([`crate::stats::summary`]):
//! pooled ratios over replications with delta-method Student-t intervals, so
//! `ccsim run` on the staffed scenario with the same seed and replications
//! prints the same figures.
//!
//! A scenario that declares `[[call_types]]` also gets the figures of each
//! type's calls alone ([`Evaluation::types`]), the estimators of the
//! `"types"` blocks of `ccsim run`; each type's calls are counted answered in
//! time against that type's own threshold (see [`crate::model`]).

use rayon::prelude::*;

use super::{Criterion, SimTargets, TargetSet};
use crate::model::{CallCenter, Checkpoint};
use crate::scenario::{SlDefinition, ValidScenario};
use crate::stats::tally::{CallCounts, Tally};
use crate::stats::{Estimate, RatioAccumulator};

/// The staffing figures of one interval over all replications.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalStats {
    /// Answered within the threshold over the definition's base.
    pub service_level: RatioAccumulator,
    /// Wait of answered calls over answered calls (ASA).
    pub asa: RatioAccumulator,
    /// Abandoned over calls that reached the queue.
    pub abandon: RatioAccumulator,
    /// Calls that reached the queue (offered minus blocked), summed over replications.
    pub reached: f64,
}

impl IntervalStats {
    /// Service-level estimate with its 95% interval.
    pub fn service_level(&self) -> Estimate {
        self.service_level.estimate()
    }

    /// ASA estimate (seconds) with its 95% interval.
    pub fn asa(&self) -> Estimate {
        self.asa.estimate()
    }

    /// Abandonment-rate estimate with its 95% interval.
    pub fn abandon(&self) -> Estimate {
        self.abandon.estimate()
    }

    /// Whether the interval meets `targets` under `criterion` (see the
    /// module documentation of [`super`]). No call reaching the queue in
    /// any replication meets every target; an undefined figure otherwise
    /// (e.g. no call answered, so no ASA) does not.
    pub fn meets(&self, targets: &SimTargets, criterion: Criterion) -> bool {
        if self.reached <= 0.0 {
            return true;
        }
        let pick = |e: Estimate, high_is_bad: bool| match criterion {
            Criterion::Mean => e.mean,
            Criterion::Lower if high_is_bad => e.ci95[1],
            Criterion::Lower => e.ci95[0],
        };
        let sl = pick(self.service_level(), false);
        // The base of the service level can be empty (e.g. nobody answered
        // under the `answered` definition): then no call was answered in time.
        let sl = if sl.is_nan() && self.service_level.count() > 0 {
            0.0
        } else {
            sl
        };
        // NaN compares false, so an undefined figure never meets a target.
        let at_most = |v: f64, cap: Option<f64>| cap.is_none_or(|c| v <= c);
        sl >= targets.service_level
            && at_most(pick(self.abandon(), true), targets.max_abandon)
            && at_most(pick(self.asa(), true), targets.max_asa)
    }
}

/// The figures of every interval of a scenario's horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per interval of the simulated horizon.
    pub intervals: Vec<IntervalStats>,
    /// Call attempts simulated over all replications.
    pub calls: u64,
    /// Per call type (in type order), one per interval: the figures of that
    /// type's calls alone. Empty unless the scenario declares `[[call_types]]`.
    pub types: Vec<Vec<IntervalStats>>,
    /// Per interval, per group (file order): occupancy, busy agent time over
    /// agent time on the phones in the interval (all call types).
    pub occupancy: Vec<Vec<RatioAccumulator>>,
    /// Which groups are in-house (the groups a `max_occupancy` caps).
    pub in_house: Vec<bool>,
}

impl Evaluation {
    /// Whether interval `k` meets `targets` under `criterion`: the figures
    /// over all calls against [`TargetSet::Whole`], or every call type's
    /// figures against its own targets for [`TargetSet::PerType`].
    /// With a `max_occupancy` every in-house group's occupancy in the
    /// interval must also stay at or under it (its mean, or under `lower`
    /// its upper 95% bound; a group with no time on the phones meets it).
    pub fn meets(&self, k: usize, targets: &TargetSet, criterion: Criterion) -> bool {
        let calls = match targets {
            TargetSet::Whole(t) => self.intervals[k].meets(t, criterion),
            TargetSet::PerType(ts) => self.missing_types(k, ts, criterion).next().is_none(),
        };
        calls && self.occupancy_meets(k, targets.max_occupancy(), criterion)
    }

    /// Whether every in-house group's occupancy in interval `k` is at most `cap`.
    pub fn occupancy_meets(&self, k: usize, cap: Option<f64>, criterion: Criterion) -> bool {
        let Some(cap) = cap else {
            return true;
        };
        self.occupancy[k]
            .iter()
            .zip(&self.in_house)
            .filter(|(_, inside)| **inside)
            .all(|(acc, _)| {
                let e = acc.estimate();
                let v = match criterion {
                    Criterion::Mean => e.mean,
                    Criterion::Lower if e.ci95[1].is_nan() => e.mean,
                    Criterion::Lower => e.ci95[1],
                };
                // No time on the phones (NaN): nothing to cap.
                v.is_nan() || v <= cap
            })
    }

    /// Occupancy of group `g` in interval `k`.
    pub fn group_occupancy(&self, k: usize, g: usize) -> Estimate {
        self.occupancy[k][g].estimate()
    }

    /// The call types (indices) whose figures in interval `k` miss their own
    /// targets `per_type` under `criterion`; none without per-type figures.
    pub fn missing_types<'a>(
        &'a self,
        k: usize,
        per_type: &'a [SimTargets],
        criterion: Criterion,
    ) -> impl Iterator<Item = usize> + 'a {
        self.types
            .iter()
            .zip(per_type)
            .enumerate()
            .filter(move |(_, (stats, t))| !stats[k].meets(t, criterion))
            .map(|(ty, _)| ty)
    }
}

/// One replication's numerators and denominators for one interval:
/// service level, ASA, abandonment, then calls reaching the queue.
type Pairs = [(f64, f64); 3];

/// The pairs of interval `k` over the call types `types`.
fn pairs(
    definition: SlDefinition,
    t: &Tally,
    k: usize,
    types: std::ops::Range<usize>,
) -> (Pairs, f64) {
    let mut c = CallCounts::default();
    for ty in types {
        c += &t.calls[ty * t.intervals + k];
    }
    let (within, answered, abandoned, wait) =
        (c.answered_within, c.answered, c.abandoned, c.wait_answered);
    let reached = c.reached();
    let base = c.service_level_base(definition);
    (
        [(within, base), (wait, answered), (abandoned, reached)],
        reached,
    )
}

/// One replication's pairs: per interval over all types, per (type,
/// interval) when per-type figures are kept, the calls simulated, and per
/// (interval, group) the busy and present agent time.
type RepPairs = (Vec<(Pairs, f64)>, Vec<(Pairs, f64)>, u64, Vec<(f64, f64)>);

fn add_pairs(acc: &mut IntervalStats, (pairs, reached): &(Pairs, f64)) {
    acc.service_level.add(pairs[0].0, pairs[0].1);
    acc.asa.add(pairs[1].0, pairs[1].1);
    acc.abandon.add(pairs[2].0, pairs[2].1);
    acc.reached += reached;
}

/// Simulates replications `0..replications` of `sc` and returns the figures
/// of every interval of its horizon (warm-up intervals included), and of
/// every call type's calls when the scenario declares `[[call_types]]`.
pub fn evaluate(sc: &ValidScenario, replications: u32) -> Evaluation {
    let n = sc.horizon.intervals;
    evaluate_span(sc, replications, n, None, &[]).0
}

/// Like [`evaluate`] for the horizon of `sc` cut short after `stop`
/// intervals (the figures of intervals `0..stop`, the center draining after
/// the last, as if the horizon ended there), each replication resumed from
/// its checkpoint in `from` (one per replication, in order, taken on a
/// scenario differing from `sc` only in the staffing of the checkpoints'
/// interval and later; see [`crate::model::Checkpoint`]) or simulated from
/// the start. Also returns, per replication, the checkpoints at the
/// openings of the intervals in `save`. `Evaluation::calls` counts the
/// calls simulated here (after the checkpoints).
pub fn evaluate_span(
    sc: &ValidScenario,
    replications: u32,
    stop: usize,
    from: Option<&[Checkpoint]>,
    save: &[usize],
) -> (Evaluation, Vec<Vec<Checkpoint>>) {
    let n = stop.min(sc.horizon.intervals);
    let definition = sc.service_level.definition;
    let typed = sc.declared_types;
    let groups = sc.groups.len();
    let per_rep: Vec<(RepPairs, Vec<Checkpoint>)> = (0..u64::from(replications))
        .into_par_iter()
        .map_init(
            || {
                let model = CallCenter::new(sc);
                let tally = model.new_tally();
                (model, tally)
            },
            |(model, tally), rep| {
                let resume = from.map(|f| &f[rep as usize]);
                let (work, saved) = model.run_span(rep, tally, resume, n, save);
                let p = (0..n)
                    .map(|k| pairs(definition, tally, k, 0..tally.types))
                    .collect();
                let per_type = if typed {
                    (0..tally.types)
                        .flat_map(|ty| (0..n).map(move |k| (ty, k)))
                        .map(|(ty, k)| pairs(definition, tally, k, ty..ty + 1))
                        .collect()
                } else {
                    Vec::new()
                };
                let busy = tally.group_counts[..n * groups]
                    .iter()
                    .map(|c| (c.busy_time, c.staffed_time))
                    .collect();
                ((p, per_type, work.calls, busy), saved)
            },
        )
        .collect();
    let mut intervals = vec![IntervalStats::default(); n];
    let mut types = if typed {
        vec![vec![IntervalStats::default(); n]; sc.types.len()]
    } else {
        Vec::new()
    };
    let mut occupancy = vec![vec![RatioAccumulator::default(); groups]; n];
    let mut calls = 0;
    let mut checkpoints = Vec::with_capacity(per_rep.len());
    for ((p, per_type, c, busy), saved) in per_rep {
        calls += c;
        for (acc, (b, present)) in occupancy.iter_mut().flatten().zip(&busy) {
            acc.add(*b, *present);
        }
        for (acc, x) in intervals.iter_mut().zip(&p) {
            add_pairs(acc, x);
        }
        for (acc, x) in types.iter_mut().flatten().zip(&per_type) {
            add_pairs(acc, x);
        }
        checkpoints.push(saved);
    }
    let e = Evaluation {
        intervals,
        calls,
        types,
        occupancy,
        in_house: sc.groups.iter().map(|g| g.is_in_house()).collect(),
    };
    (e, checkpoints)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{parse, validate};

    /// Two days with a night between, retrials over the night, absences,
    /// a forecast multiplier and two call types: everything a checkpoint
    /// must carry.
    const WEEKISH: &str = r#"
name = "span"
[simulation]
replications = 12
seed = 9
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 30
days = 2
[arrivals]
forecast_cv = 0.1
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 90
[retrials]
after_abandon = 0.5
mean_delay_seconds = 3600
[[call_types]]
name = "a"
calls_per_hour = [100, 160, 200, 220, 200, 160, 120, 100]
[[call_types]]
name = "b"
calls_per_hour = 40
priority = 1
[[groups]]
name = "team"
agents = [8, 12, 14, 15, 14, 12, 9, 8]
absenteeism = 0.1
"#;

    fn same(a: &Evaluation, b: &Evaluation) {
        assert_eq!(a.intervals, b.intervals);
        assert_eq!(a.types, b.types);
        assert_eq!(a.occupancy, b.occupancy);
    }

    fn truncated(sc: &ValidScenario, stop: usize) -> Evaluation {
        let mut t = sc.clone();
        t.horizon.intervals = stop;
        evaluate(&t, 12)
    }

    #[test]
    fn a_cut_horizon_and_a_resumed_one_count_what_a_truncated_horizon_counts() {
        let sc = validate(&parse(WEEKISH).unwrap()).unwrap();
        let n = sc.horizon.intervals;
        assert_eq!(n, 16);
        for stop in [3, 8, 9, 13, n] {
            let (cut, saved) = evaluate_span(&sc, 12, stop, None, &[1, stop - 1]);
            same(&cut, &truncated(&sc, stop));
            // More agents from interval `j` on (and a different day
            // maximum, so other absences are drawn): resuming at `j` is
            // the same as simulating the changed scenario from the start.
            for (i, j) in [1, stop - 1].into_iter().enumerate() {
                let mut changed = sc.clone();
                for a in &mut changed.groups[0].agents[j..] {
                    *a += 3;
                }
                let from: Vec<Checkpoint> = saved.iter().map(|s| s[i].clone()).collect();
                assert!(from.iter().all(|c| c.interval() == j));
                let (resumed, _) = evaluate_span(&changed, 12, stop, Some(&from), &[]);
                same(&resumed, &truncated(&changed, stop));
                assert!(resumed.calls < cut.calls || j == 1);
            }
        }
    }
}
