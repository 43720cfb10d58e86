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

/// Per replication, the state at the opening of one interval, and the
/// figures of the intervals settled by then in every replication (see
/// [`Checkpoint::settled`]): what [`evaluate_span`] resumes from.
#[derive(Debug, Clone)]
pub struct CheckpointSet {
    /// One per replication, in order.
    checkpoints: Vec<Checkpoint>,
    /// The figures of intervals `0..f`, `f` the fewest settled intervals
    /// over the replications.
    settled: Evaluation,
}

impl CheckpointSet {
    /// The interval whose opening the set is.
    pub fn interval(&self) -> usize {
        self.checkpoints.first().map_or(0, Checkpoint::interval)
    }

    /// Intervals settled in every replication.
    pub fn settled(&self) -> usize {
        self.settled.intervals.len()
    }
}

/// The figures of intervals `0..f` of `e`.
fn first_intervals(e: &Evaluation, f: usize) -> Evaluation {
    Evaluation {
        intervals: e.intervals[..f].to_vec(),
        calls: 0,
        types: e.types.iter().map(|t| t[..f].to_vec()).collect(),
        occupancy: e.occupancy[..f].to_vec(),
        in_house: e.in_house.clone(),
    }
}

/// Like [`evaluate`] for the horizon of `sc` cut short after `stop`
/// intervals (the figures of intervals `0..stop`, the center draining after
/// the last, as if the horizon ended there), each replication resumed from
/// its checkpoint in `from` (taken on a scenario differing from `sc` only
/// in the staffing of the set's interval and later; see
/// [`crate::model::Checkpoint`]) or simulated from the start. Also returns
/// the checkpoint sets at the openings of the intervals in `save`
/// (ascending, after `from`'s interval). `Evaluation::calls` counts the
/// calls simulated here (after the checkpoints). The figures are those of
/// simulating every replication from the start, bit for bit: the settled
/// intervals' come from the set, the others are counted again.
pub fn evaluate_span(
    sc: &ValidScenario,
    replications: u32,
    stop: usize,
    from: Option<&CheckpointSet>,
    save: &[usize],
) -> (Evaluation, Vec<CheckpointSet>) {
    let n = stop.min(sc.horizon.intervals);
    let f = from.map_or(0, |s| s.settled().min(n));
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
                let resume = from.map(|s| &s.checkpoints[rep as usize]);
                let (work, saved) = model.run_span(rep, tally, resume, n, save, f);
                let p = (f..n)
                    .map(|k| pairs(definition, tally, k, 0..tally.types))
                    .collect();
                let per_type = if typed {
                    (0..tally.types)
                        .flat_map(|ty| (f..n).map(move |k| (ty, k)))
                        .map(|(ty, k)| pairs(definition, tally, k, ty..ty + 1))
                        .collect()
                } else {
                    Vec::new()
                };
                let busy = tally.group_counts[f * groups..n * groups]
                    .iter()
                    .map(|c| (c.busy_time, c.staffed_time))
                    .collect();
                ((p, per_type, work.calls, busy), saved)
            },
        )
        .collect();
    let (mut intervals, mut types, mut occupancy, in_house) = match from {
        Some(s) => {
            let e = &s.settled;
            (
                e.intervals[..f].to_vec(),
                e.types.iter().map(|t| t[..f].to_vec()).collect(),
                e.occupancy[..f].to_vec(),
                e.in_house.clone(),
            )
        }
        None => (
            Vec::new(),
            if typed {
                vec![Vec::new(); sc.types.len()]
            } else {
                Vec::new()
            },
            Vec::new(),
            sc.groups.iter().map(|g| g.is_in_house()).collect(),
        ),
    };
    intervals.resize(n, IntervalStats::default());
    for t in &mut types {
        t.resize(n, IntervalStats::default());
    }
    occupancy.resize(n, vec![RatioAccumulator::default(); groups]);
    let mut calls = 0;
    let mut saved_sets: Vec<Vec<Checkpoint>> = save
        .iter()
        .map(|_| Vec::with_capacity(per_rep.len()))
        .collect();
    for ((p, per_type, c, busy), saved) in per_rep {
        calls += c;
        for (acc, (b, present)) in occupancy[f..].iter_mut().flatten().zip(&busy) {
            acc.add(*b, *present);
        }
        for (acc, x) in intervals[f..].iter_mut().zip(&p) {
            add_pairs(acc, x);
        }
        let width = n - f;
        for (t, xs) in types.iter_mut().zip(per_type.chunks(width.max(1))) {
            for (acc, x) in t[f..].iter_mut().zip(xs) {
                add_pairs(acc, x);
            }
        }
        for (set, c) in saved_sets.iter_mut().zip(saved) {
            set.push(c);
        }
    }
    let e = Evaluation {
        intervals,
        calls,
        types,
        occupancy,
        in_house,
    };
    let sets = saved_sets
        .into_iter()
        .map(|checkpoints| {
            let settled = checkpoints
                .iter()
                .map(Checkpoint::settled)
                .min()
                .unwrap_or(0)
                .min(n);
            debug_assert!(settled >= f);
            CheckpointSet {
                settled: first_intervals(&e, settled),
                checkpoints,
            }
        })
        .collect();
    (e, sets)
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
        let more = |sc: &ValidScenario, from: usize, by: u32| {
            let mut changed = sc.clone();
            for a in &mut changed.groups[0].agents[from..] {
                *a += by;
            }
            changed
        };
        let mut settled_somewhere = false;
        for stop in [3, 8, 9, 13, n] {
            let (cut, sets) = evaluate_span(&sc, 12, stop, None, &[1, stop - 1]);
            same(&cut, &truncated(&sc, stop));
            // More agents from interval `j` on (and a different day
            // maximum, so other absences are drawn): resuming at `j` is
            // the same as simulating the changed scenario from the start.
            for (set, j) in sets.iter().zip([1, stop - 1]) {
                assert_eq!(set.interval(), j);
                assert!(set.settled() < j);
                settled_somewhere |= set.settled() > 0;
                let changed = more(&sc, j, 3);
                let save: Vec<usize> = (j + 1..stop).rev().take(1).collect();
                let (resumed, again) = evaluate_span(&changed, 12, stop, Some(set), &save);
                same(&resumed, &truncated(&changed, stop));
                assert!(resumed.calls < cut.calls || j == 1);
                // And again from a checkpoint of the resumed run, with
                // fewer agents from there on.
                for set in &again {
                    let fewer = more(&changed, set.interval(), 0);
                    let mut fewer = fewer;
                    for a in &mut fewer.groups[0].agents[set.interval()..] {
                        *a -= 5;
                    }
                    let (twice, _) = evaluate_span(&fewer, 12, stop, Some(set), &[]);
                    same(&twice, &truncated(&fewer, stop));
                }
            }
        }
        assert!(settled_somewhere);
    }
}
