//! What one replication observed: raw counts and sums, per call type and
//! interval of arrival (calls) or per interval of time (queue, agents).
//! The model fills a [`Tally`]; [`super::summary`] turns many into figures.

use super::histogram::Histograms;
use crate::scenario::SlDefinition;

/// Counts and sums of the calls that arrived in one interval (one call type).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallCounts {
    /// Attempts that arrived (first calls and retrials).
    pub offered: f64,
    /// Attempts that found every line busy.
    pub blocked: f64,
    /// Attempts answered by an agent.
    pub answered: f64,
    /// Attempts that hung up while waiting (including any still waiting when the center closed).
    pub abandoned: f64,
    /// Answered with a wait of at most the service-level threshold.
    pub answered_within: f64,
    /// Abandoned with a wait shorter than the short-abandon limit.
    pub abandoned_short: f64,
    /// Sum of waits of answered attempts (seconds).
    pub wait_answered: f64,
    /// Sum of waits of all attempts that reached the queue (seconds).
    pub wait_all: f64,
    /// Distinct callers whose first attempt arrived here.
    pub callers: f64,
    /// Attempts that were retrials.
    pub retrials: f64,
    /// Callers first arriving here whose last attempt went unanswered.
    pub callers_lost: f64,
    /// Sum of handle times (talk plus wrap-up, after the answering group's
    /// factor) of answered attempts (seconds).
    pub handle_answered: f64,
}

impl std::ops::AddAssign<&CallCounts> for CallCounts {
    fn add_assign(&mut self, x: &CallCounts) {
        self.offered += x.offered;
        self.blocked += x.blocked;
        self.answered += x.answered;
        self.abandoned += x.abandoned;
        self.answered_within += x.answered_within;
        self.abandoned_short += x.abandoned_short;
        self.wait_answered += x.wait_answered;
        self.wait_all += x.wait_all;
        self.callers += x.callers;
        self.retrials += x.retrials;
        self.callers_lost += x.callers_lost;
        self.handle_answered += x.handle_answered;
    }
}

impl CallCounts {
    /// Attempts that reached the queue: offered minus blocked.
    pub fn reached(&self) -> f64 {
        self.offered - self.blocked
    }

    /// The calls the service level is a share of, under `definition`
    /// (its numerator is always `answered_within`).
    pub fn service_level_base(&self, definition: SlDefinition) -> f64 {
        match definition {
            SlDefinition::Offered => self.reached(),
            SlDefinition::Answered => self.answered,
            SlDefinition::ExcludeShortAbandons(_) => self.reached() - self.abandoned_short,
        }
    }
}

/// Agent time and work of one group in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupCounts {
    /// Calls answered by this group that arrived in the interval.
    pub handled: f64,
    /// Agent-seconds spent on calls during the interval.
    pub busy_time: f64,
    /// Agent-seconds present during the interval (scheduled, or still
    /// finishing a call after the shift ended).
    pub staffed_time: f64,
    /// Handle time (after the group's factor) of the calls in `handled`,
    /// seconds: what a per-minute contract bills.
    pub handled_seconds: f64,
    /// Calls in `handled` answered within the group's threshold of reaching
    /// it: wait minus the group's overflow delay (0 for other routes) at most
    /// the contract's service-level threshold (the scenario's if none).
    pub handled_within: f64,
}

/// What the agents of a group on `[[groups.shifts]]` did in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ShiftCounts {
    /// Agent-seconds on shift (on the phones, on a break, or finishing a call past the end).
    pub on_shift_time: f64,
    /// Agent-seconds on a break.
    pub on_break_time: f64,
    /// Breaks that fell due in the interval and were taken.
    pub breaks: f64,
    /// Seconds those breaks started late (the agent finished the call in hand first).
    pub break_delay: f64,
    /// Shifts that ended in the interval.
    pub shift_ends: f64,
    /// Seconds worked past those shifts' ends (finishing the call in hand).
    pub overtime: f64,
}

/// Everything one replication observed.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Call types.
    pub types: usize,
    /// Intervals of the horizon.
    pub intervals: usize,
    /// Agent groups.
    pub groups: usize,
    /// Indexed `type * intervals + interval` (interval of arrival).
    pub calls: Vec<CallCounts>,
    /// Indexed `interval * groups + group`.
    pub group_counts: Vec<GroupCounts>,
    /// Integral of the number waiting over each interval (call-seconds).
    pub queue_area: Vec<f64>,
    /// Largest number waiting seen in each interval.
    pub max_queue: Vec<f64>,
    /// Waits of answered calls, one histogram per `type * intervals + interval`.
    pub waits: Histograms,
    /// The day's forecast multiplier (1 without forecast uncertainty).
    pub forecast_multiplier: f64,
    /// Integral of the number waiting after the horizon end, while the
    /// center drains (with `queue_area`, it makes Little's law exact).
    pub drain_queue_area: f64,
    /// Busy agent-seconds of each group after the horizon end.
    pub drain_busy_time: Vec<f64>,
    /// Integral of the number of calls of each type waiting, indexed
    /// `type * intervals + interval` (filled only for declared call types).
    pub type_queue_area: Vec<f64>,
    /// Largest number of calls of each type waiting, indexed like `type_queue_area`.
    pub type_max_queue: Vec<f64>,
    /// Per type, interval and group: calls of that type the group answered
    /// and agent-seconds spent on them (`staffed_time` unused), indexed
    /// `(type * intervals + interval) * groups + group` (declared call types only).
    pub type_groups: Vec<GroupCounts>,
    /// Agents on shifts, indexed `interval * groups + group` (zero for groups staffed by counts).
    pub shifts: Vec<ShiftCounts>,
}

/// The counts of a range of intervals of a [`Tally`] (see [`Tally::window`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TallyWindow {
    from: usize,
    to: usize,
    calls: Vec<CallCounts>,
    group_counts: Vec<GroupCounts>,
    queue_area: Vec<f64>,
    max_queue: Vec<f64>,
    type_queue_area: Vec<f64>,
    type_max_queue: Vec<f64>,
    type_groups: Vec<GroupCounts>,
    shifts: Vec<ShiftCounts>,
    forecast_multiplier: f64,
    drain_queue_area: f64,
    drain_busy_time: Vec<f64>,
}

impl Tally {
    /// An empty tally of the given shape.
    pub fn new(types: usize, intervals: usize, groups: usize) -> Self {
        Tally {
            types,
            intervals,
            groups,
            calls: vec![CallCounts::default(); types * intervals],
            group_counts: vec![GroupCounts::default(); intervals * groups],
            queue_area: vec![0.0; intervals],
            max_queue: vec![0.0; intervals],
            waits: Histograms::new(types * intervals),
            forecast_multiplier: 1.0,
            drain_queue_area: 0.0,
            drain_busy_time: vec![0.0; groups],
            type_queue_area: vec![0.0; types * intervals],
            type_max_queue: vec![0.0; types * intervals],
            type_groups: vec![GroupCounts::default(); types * intervals * groups],
            shifts: vec![ShiftCounts::default(); intervals * groups],
        }
    }

    /// Zeroes every count, keeping the memory.
    pub fn clear(&mut self) {
        self.calls.fill(CallCounts::default());
        self.group_counts.fill(GroupCounts::default());
        self.queue_area.fill(0.0);
        self.max_queue.fill(0.0);
        self.waits.clear();
        self.forecast_multiplier = 1.0;
        self.drain_queue_area = 0.0;
        self.drain_busy_time.fill(0.0);
        self.type_queue_area.fill(0.0);
        self.type_max_queue.fill(0.0);
        self.type_groups.fill(GroupCounts::default());
        self.shifts.fill(ShiftCounts::default());
    }

    /// The counts of intervals `from..to` and the drain figures, the wait
    /// histograms left out: what a paused replication keeps
    /// ([`crate::model::Checkpoint`]).
    pub fn window(&self, from: usize, to: usize) -> TallyWindow {
        let (n, g) = (self.intervals, self.groups);
        let per_type = |v: &[f64]| -> Vec<f64> {
            (0..self.types)
                .flat_map(|ty| v[ty * n + from..ty * n + to].iter().copied())
                .collect()
        };
        TallyWindow {
            from,
            to,
            calls: (0..self.types)
                .flat_map(|ty| self.calls[ty * n + from..ty * n + to].iter().copied())
                .collect(),
            group_counts: self.group_counts[from * g..to * g].to_vec(),
            queue_area: self.queue_area[from..to].to_vec(),
            max_queue: self.max_queue[from..to].to_vec(),
            type_queue_area: per_type(&self.type_queue_area),
            type_max_queue: per_type(&self.type_max_queue),
            type_groups: (0..self.types)
                .flat_map(|ty| {
                    self.type_groups[(ty * n + from) * g..(ty * n + to) * g]
                        .iter()
                        .copied()
                })
                .collect(),
            shifts: self.shifts[from * g..to * g].to_vec(),
            forecast_multiplier: self.forecast_multiplier,
            drain_queue_area: self.drain_queue_area,
            drain_busy_time: self.drain_busy_time.clone(),
        }
    }

    /// Puts the counts of `w` back in intervals `w.from..w.to` (and the
    /// drain figures) and zeroes intervals `w.to..stop`; the intervals
    /// before `w.from` and from `stop` on, and the wait histograms, are
    /// left as they are.
    pub fn restore_window(&mut self, w: &TallyWindow, stop: usize) {
        let (n, g) = (self.intervals, self.groups);
        let (from, to) = (w.from, w.to);
        let stop = stop.max(to);
        let width = to - from;
        for ty in 0..self.types {
            let at = ty * n;
            self.calls[at + from..at + to].copy_from_slice(&w.calls[ty * width..(ty + 1) * width]);
            self.calls[at + to..at + stop].fill(CallCounts::default());
            self.type_queue_area[at + from..at + to]
                .copy_from_slice(&w.type_queue_area[ty * width..(ty + 1) * width]);
            self.type_queue_area[at + to..at + stop].fill(0.0);
            self.type_max_queue[at + from..at + to]
                .copy_from_slice(&w.type_max_queue[ty * width..(ty + 1) * width]);
            self.type_max_queue[at + to..at + stop].fill(0.0);
            self.type_groups[(at + from) * g..(at + to) * g]
                .copy_from_slice(&w.type_groups[ty * width * g..(ty + 1) * width * g]);
            self.type_groups[(at + to) * g..(at + stop) * g].fill(GroupCounts::default());
        }
        self.group_counts[from * g..to * g].copy_from_slice(&w.group_counts);
        self.group_counts[to * g..stop * g].fill(GroupCounts::default());
        self.queue_area[from..to].copy_from_slice(&w.queue_area);
        self.queue_area[to..stop].fill(0.0);
        self.max_queue[from..to].copy_from_slice(&w.max_queue);
        self.max_queue[to..stop].fill(0.0);
        self.shifts[from * g..to * g].copy_from_slice(&w.shifts);
        self.shifts[to * g..stop * g].fill(ShiftCounts::default());
        self.forecast_multiplier = w.forecast_multiplier;
        self.drain_queue_area = w.drain_queue_area;
        self.drain_busy_time.copy_from_slice(&w.drain_busy_time);
    }

    /// Counts of call type `ty` arriving in interval `k`.
    #[inline]
    pub fn calls_mut(&mut self, ty: usize, k: usize) -> &mut CallCounts {
        &mut self.calls[ty * self.intervals + k]
    }

    /// Counts of group `g` for calls of type `ty` in interval `k`.
    #[inline]
    pub fn type_group_mut(&mut self, ty: usize, k: usize, g: usize) -> &mut GroupCounts {
        &mut self.type_groups[(ty * self.intervals + k) * self.groups + g]
    }

    /// Counts of group `g` in interval `k`.
    #[inline]
    pub fn group_mut(&mut self, k: usize, g: usize) -> &mut GroupCounts {
        &mut self.group_counts[k * self.groups + g]
    }
}
