//! Reduces the tallies of many replications into estimates per interval and
//! for the whole horizon (warm-up intervals left out).
//!
//! Each replication adds one (numerator, denominator) pair per figure; see
//! [`super::estimate`] for how they become means and confidence intervals.

use super::estimate::{Estimate, RatioAccumulator};
use super::histogram::{capped, quantile, BINS};
use super::reduced::{Reduced, Visitor};
use super::tally::{CallCounts, Tally};
use crate::scenario::{SlDefinition, ValidScenario};

/// The figures every scope reports, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Call attempts that arrived.
    Offered,
    /// Attempts answered.
    Answered,
    /// Attempts abandoned while waiting.
    Abandoned,
    /// Attempts that found every line busy.
    Blocked,
    /// Share answered within the threshold, by the scenario's definition.
    ServiceLevel,
    /// Average speed of answer: mean wait of answered calls (seconds).
    AsaSeconds,
    /// Mean wait of every call that reached the queue (seconds).
    MeanWaitSeconds,
    /// 90th percentile of the wait of answered calls (seconds).
    WaitP90Seconds,
    /// Abandoned over offered calls that were not blocked.
    AbandonRate,
    /// Blocked over offered calls.
    BlockRate,
    /// Time-average number of calls waiting.
    MeanQueueLength,
    /// Largest number of calls waiting at once.
    MaxQueueLength,
    /// Distinct callers (first attempts).
    Callers,
    /// Attempts that were retrials.
    Retrials,
    /// Callers whose last attempt went unanswered.
    CallersLost,
    /// Average handle time of answered calls: talk plus wrap-up, after the
    /// answering group's factor (seconds).
    AhtSeconds,
}

impl Metric {
    /// Every metric, in output order.
    pub const ALL: [Metric; 16] = [
        Metric::Offered,
        Metric::Answered,
        Metric::Abandoned,
        Metric::Blocked,
        Metric::ServiceLevel,
        Metric::AsaSeconds,
        Metric::MeanWaitSeconds,
        Metric::WaitP90Seconds,
        Metric::AbandonRate,
        Metric::BlockRate,
        Metric::MeanQueueLength,
        Metric::MaxQueueLength,
        Metric::Callers,
        Metric::Retrials,
        Metric::CallersLost,
        Metric::AhtSeconds,
    ];

    /// The JSON and CSV name (a stable contract).
    pub fn key(self) -> &'static str {
        match self {
            Metric::Offered => "offered",
            Metric::Answered => "answered",
            Metric::Abandoned => "abandoned",
            Metric::Blocked => "blocked",
            Metric::ServiceLevel => "service_level",
            Metric::AsaSeconds => "asa_seconds",
            Metric::MeanWaitSeconds => "mean_wait_seconds",
            Metric::WaitP90Seconds => "wait_p90_seconds",
            Metric::AbandonRate => "abandon_rate",
            Metric::BlockRate => "block_rate",
            Metric::MeanQueueLength => "mean_queue_length",
            Metric::MaxQueueLength => "max_queue_length",
            Metric::Callers => "callers",
            Metric::Retrials => "retrials",
            Metric::CallersLost => "callers_lost",
            Metric::AhtSeconds => "aht_seconds",
        }
    }
}

/// Accumulators of one scope (an interval, or the whole horizon).
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeAccumulators {
    metrics: [RatioAccumulator; Metric::ALL.len()],
    /// Per group: handled calls, occupancy and agents present.
    groups: Vec<[RatioAccumulator; 3]>,
    /// Per group staffed by shifts (group index first): agents on shift,
    /// agents on a break, break delay in minutes per break, overtime
    /// agent-minutes (empty for scenarios without shifts and for per-type
    /// scopes, so their reduced state keeps its shape).
    shifts: Vec<(usize, [RatioAccumulator; 4])>,
}

/// What a group on `[[groups.shifts]]` did in one scope (see
/// [`ScopeAccumulators::shift_figures`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftEstimates {
    /// Mean agents on shift (present, on the phones or on a break).
    pub on_shift: Estimate,
    /// Mean agents on a break.
    pub on_break: Estimate,
    /// Mean minutes a break started late (the call in hand finished
    /// first), over the breaks that fell due in the scope.
    pub break_delay_minutes: Estimate,
    /// Agent-minutes worked past the ends of the shifts ending in the
    /// scope, per replication.
    pub overtime_minutes: Estimate,
}

impl ScopeAccumulators {
    fn new(groups: usize) -> Self {
        Self::with_shifts(groups, &[])
    }

    fn with_shifts(groups: usize, shift_groups: &[usize]) -> Self {
        ScopeAccumulators {
            metrics: [RatioAccumulator::default(); Metric::ALL.len()],
            groups: vec![[RatioAccumulator::default(); 3]; groups],
            shifts: shift_groups
                .iter()
                .map(|g| (*g, [RatioAccumulator::default(); 4]))
                .collect(),
        }
    }

    /// The shift figures of group `g`, if it is staffed by shifts (and
    /// the scope is not a call type's).
    pub fn shift_figures(&self, g: usize) -> Option<ShiftEstimates> {
        self.shifts
            .iter()
            .find(|(sg, _)| *sg == g)
            .map(|(_, a)| ShiftEstimates {
                on_shift: a[0].estimate(),
                on_break: a[1].estimate(),
                break_delay_minutes: a[2].estimate(),
                overtime_minutes: a[3].estimate(),
            })
    }

    /// The estimate of `metric`.
    pub fn get(&self, metric: Metric) -> Estimate {
        self.metrics[metric as usize].estimate()
    }

    /// The accumulator of `metric` (for other confidence levels).
    pub fn accumulator(&self, metric: Metric) -> &RatioAccumulator {
        &self.metrics[metric as usize]
    }

    /// Calls handled by group `g`.
    pub fn handled(&self, g: usize) -> Estimate {
        self.groups[g][0].estimate()
    }

    /// Occupancy of group `g`: busy agent time over present agent time.
    pub fn occupancy(&self, g: usize) -> Estimate {
        self.groups[g][1].estimate()
    }

    /// Mean agents of group `g` present on the phones (scheduled and not
    /// absent, or still finishing a call): present agent time over the
    /// scope's duration.
    pub fn on_phones(&self, g: usize) -> Estimate {
        self.groups[g][2].estimate()
    }

    /// The accumulator of group `g`'s agents on the phones.
    pub fn on_phones_accumulator(&self, g: usize) -> &RatioAccumulator {
        &self.groups[g][2]
    }

    /// The accumulator of group `g`'s occupancy.
    pub fn occupancy_accumulator(&self, g: usize) -> &RatioAccumulator {
        &self.groups[g][1]
    }
}

/// One call type's accumulators.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeScopes {
    /// One per reported interval.
    pub intervals: Vec<ScopeAccumulators>,
    /// The whole horizon after warm-up.
    pub total: ScopeAccumulators,
    /// One per reported open day of a multi-day horizon (empty otherwise),
    /// as [`Summary::days`].
    pub days: Vec<ScopeAccumulators>,
}

/// Estimates for every reported interval and for the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Index of the first reported interval (after warm-up).
    pub first_interval: usize,
    /// One per reported interval.
    pub intervals: Vec<ScopeAccumulators>,
    /// The whole horizon after warm-up.
    pub total: ScopeAccumulators,
    /// The day-level forecast multipliers seen, as a mean over replications.
    pub forecast_multiplier: RatioAccumulator,
    /// Per call type, in type order: the same figures over that type's calls
    /// alone (empty unless the scenario declares `[[call_types]]`). In a
    /// type's scope, queue lengths count that type's waiting calls, and a
    /// group's `handled` and occupancy count that type's calls (occupancy:
    /// agent time on the type over the group's present agent time).
    pub types: Vec<TypeScopes>,
    /// Per open day of a multi-day horizon, in day order: the same figures
    /// over that day's reported intervals (empty for a one-day horizon).
    /// Entry `i` is open day `first_day + i`.
    pub days: Vec<ScopeAccumulators>,
    /// Open-day index of `days[0]` (days wholly inside the warm-up are left out).
    pub first_day: usize,
    /// Per weekday (0 = Monday) the horizon has on two or more open days:
    /// every such day of every replication pooled as one observation.
    pub weekdays: Vec<(usize, ScopeAccumulators)>,
    /// Weekday of each entry of `days`.
    weekday_of: Vec<usize>,
    horizon: crate::scenario::Horizon,
    definition: SlDefinition,
    interval_seconds: f64,
    /// Scratch histogram of one scope (all zero between scopes).
    hist: Vec<u64>,
    /// Per-replication 90th percentiles (of any scope) that fell in the
    /// histogram's overflow bin, i.e. beyond [`super::histogram::TOP`]:
    /// those figures stand for a longer wait and are lower bounds.
    pub p90_capped: u64,
}

impl Summary {
    /// Empty accumulators for `sc`.
    pub fn new(sc: &ValidScenario) -> Self {
        let h = sc.horizon;
        let reported = h.intervals - h.warmup_intervals;
        let shift_groups: Vec<usize> = (0..sc.groups.len())
            .filter(|g| !sc.groups[*g].shifts.is_empty())
            .collect();
        let scope = || ScopeAccumulators::with_shifts(sc.groups.len(), &shift_groups);
        Summary {
            first_interval: h.warmup_intervals,
            intervals: vec![scope(); reported],
            total: scope(),
            forecast_multiplier: RatioAccumulator::default(),
            types: if sc.declared_types {
                let g = sc.groups.len();
                vec![
                    TypeScopes {
                        intervals: vec![ScopeAccumulators::new(g); reported],
                        total: ScopeAccumulators::new(g),
                        days: if h.open_days() > 1 {
                            vec![
                                ScopeAccumulators::new(g);
                                h.open_days() - h.day_of(h.warmup_intervals)
                            ]
                        } else {
                            Vec::new()
                        },
                    };
                    sc.types.len()
                ]
            } else {
                Vec::new()
            },
            days: if h.open_days() > 1 {
                let first_day = h.day_of(h.warmup_intervals);
                vec![scope(); h.open_days() - first_day]
            } else {
                Vec::new()
            },
            first_day: h.day_of(h.warmup_intervals),
            weekdays: if h.open_days() > 1 {
                let first_day = h.day_of(h.warmup_intervals);
                (0..7)
                    .filter(|w| {
                        (first_day..h.open_days())
                            .filter(|od| h.weekday(h.calendar_day(*od)) == *w)
                            .count()
                            > 1
                    })
                    .map(|w| (w, scope()))
                    .collect()
            } else {
                Vec::new()
            },
            weekday_of: (h.day_of(h.warmup_intervals)..h.open_days())
                .map(|od| h.weekday(h.calendar_day(od)))
                .collect(),
            horizon: h,
            definition: sc.service_level.definition,
            interval_seconds: h.interval,
            hist: vec![0; BINS],
            p90_capped: 0,
        }
    }

    /// Adds one replication. Call in replication order for reproducible sums.
    pub fn add(&mut self, tally: &Tally) {
        self.forecast_multiplier.add(tally.forecast_multiplier, 1.0);
        let first = self.first_interval;
        let mut capped_n = 0u64;
        let (definition, seconds) = (self.definition, self.interval_seconds);
        for (i, acc) in self.intervals.iter_mut().enumerate() {
            let k = first + i;
            capped_n += u64::from(observe(
                definition,
                seconds,
                &mut self.hist,
                tally,
                k..k + 1,
                None,
                acc,
            ));
        }
        for i in 0..self.days.len() {
            let od = self.first_day + i;
            let days = self.horizon.day_range(od);
            let range = days.start.max(first)..days.end.min(tally.intervals);
            {
                let acc = &mut self.days[i];
                capped_n += u64::from(observe(
                    definition,
                    seconds,
                    &mut self.hist,
                    tally,
                    range.clone(),
                    None,
                    acc,
                ));
                let weekday = self.weekday_of[i];
                if let Some((_, acc)) = self.weekdays.iter_mut().find(|(w, _)| *w == weekday) {
                    capped_n += u64::from(observe(
                        definition,
                        seconds,
                        &mut self.hist,
                        tally,
                        range,
                        None,
                        acc,
                    ));
                }
            }
        }
        let all = first..tally.intervals;
        capped_n += u64::from(observe(
            definition,
            seconds,
            &mut self.hist,
            tally,
            all.clone(),
            None,
            &mut self.total,
        ));
        for (ty, scopes) in self.types.iter_mut().enumerate() {
            for (i, acc) in scopes.intervals.iter_mut().enumerate() {
                let k = first + i;
                let hist = &mut self.hist;
                capped_n += u64::from(observe(
                    definition,
                    seconds,
                    hist,
                    tally,
                    k..k + 1,
                    Some(ty),
                    acc,
                ));
            }
            let hist = &mut self.hist;
            let total = &mut scopes.total;
            capped_n += u64::from(observe(
                definition,
                seconds,
                hist,
                tally,
                all.clone(),
                Some(ty),
                total,
            ));
            for (i, acc) in scopes.days.iter_mut().enumerate() {
                let days = self.horizon.day_range(self.first_day + i);
                let range = days.start.max(first)..days.end.min(tally.intervals);
                capped_n += u64::from(observe(
                    definition,
                    seconds,
                    &mut self.hist,
                    tally,
                    range,
                    Some(ty),
                    acc,
                ));
            }
        }
        self.p90_capped += capped_n;
    }
}

/// Adds replication `t`'s observations over the intervals `range` to `acc`:
/// of every call type, or of call type `only`. Returns whether the scope's
/// 90th-percentile wait was capped (fell in the histogram's overflow bin).
fn observe(
    definition: SlDefinition,
    interval_seconds: f64,
    hist: &mut [u64],
    t: &Tally,
    range: std::ops::Range<usize>,
    only: Option<usize>,
    acc: &mut ScopeAccumulators,
) -> bool {
    let types = match only {
        Some(ty) => ty..ty + 1,
        None => 0..t.types,
    };
    let mut c = CallCounts::default();
    let mut used = 0;
    let mut queue_area = 0.0;
    let mut max_queue: f64 = 0.0;
    for k in range.clone() {
        for ty in types.clone() {
            c += &t.calls[ty * t.intervals + k];
            used = used.max(t.waits.accumulate(ty * t.intervals + k, hist));
        }
        match only {
            None => {
                queue_area += t.queue_area[k];
                max_queue = max_queue.max(t.max_queue[k]);
            }
            Some(ty) => {
                queue_area += t.type_queue_area[ty * t.intervals + k];
                max_queue = max_queue.max(t.type_max_queue[ty * t.intervals + k]);
            }
        }
    }
    let reached = c.reached();
    let sl_base = c.service_level_base(definition);
    let hist = &mut hist[..used];
    let p90 = quantile(hist, 0.9);
    let p90_capped = capped(hist, 0.9);
    hist.fill(0);
    let duration = interval_seconds * range.len() as f64;
    let pairs: [(f64, f64); Metric::ALL.len()] = [
        (c.offered, 1.0),
        (c.answered, 1.0),
        (c.abandoned, 1.0),
        (c.blocked, 1.0),
        (c.answered_within, sl_base),
        (c.wait_answered, c.answered),
        (c.wait_all, reached),
        (p90.unwrap_or(0.0), if p90.is_some() { 1.0 } else { 0.0 }),
        (c.abandoned, reached),
        (c.blocked, c.offered),
        (queue_area, duration),
        (max_queue, 1.0),
        (c.callers, 1.0),
        (c.retrials, 1.0),
        (c.callers_lost, 1.0),
        (c.handle_answered, c.answered),
    ];
    for (a, (x, y)) in acc.metrics.iter_mut().zip(pairs) {
        a.add(x, y);
    }
    for (g, ga) in acc.groups.iter_mut().enumerate() {
        let (mut handled, mut busy, mut staffed) = (0.0, 0.0, 0.0);
        for k in range.clone() {
            let x = &t.group_counts[k * t.groups + g];
            staffed += x.staffed_time;
            let x = match only {
                None => x,
                Some(ty) => &t.type_groups[(ty * t.intervals + k) * t.groups + g],
            };
            handled += x.handled;
            busy += x.busy_time;
        }
        ga[0].add(handled, 1.0);
        ga[1].add(busy, staffed);
        ga[2].add(staffed, duration);
    }
    for (g, sa) in acc.shifts.iter_mut() {
        let (mut on, mut off, mut breaks, mut delay, mut overtime) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for k in range.clone() {
            let x = &t.shifts[k * t.groups + *g];
            on += x.on_shift_time;
            off += x.on_break_time;
            breaks += x.breaks;
            delay += x.break_delay;
            overtime += x.overtime;
        }
        sa[0].add(on, duration);
        sa[1].add(off, duration);
        sa[2].add(delay / 60.0, breaks);
        sa[3].add(overtime / 60.0, 1.0);
    }
    p90_capped
}

impl ScopeAccumulators {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for a in &mut self.metrics {
            v.ratio(a);
        }
        for g in &mut self.groups {
            for a in g.iter_mut() {
                v.ratio(a);
            }
        }
        for (_, s) in &mut self.shifts {
            for a in s.iter_mut() {
                v.ratio(a);
            }
        }
    }
}

impl Reduced for Summary {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for s in &mut self.intervals {
            s.visit(v);
        }
        self.total.visit(v);
        v.ratio(&mut self.forecast_multiplier);
        for t in &mut self.types {
            for s in &mut t.intervals {
                s.visit(v);
            }
            t.total.visit(v);
            for s in &mut t.days {
                s.visit(v);
            }
        }
        for s in &mut self.days {
            s.visit(v);
        }
        for (_, s) in &mut self.weekdays {
            s.visit(v);
        }
        v.count(&mut self.p90_capped);
    }
}
