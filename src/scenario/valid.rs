//! The validated scenario in plain units: seconds, calls per second, whole
//! agents per interval. Everything past validation may assume it is sound.

use crate::dist::Dist;

/// A scenario that passed validation. Simulation time 0 is the horizon start.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidScenario {
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Replications (simulated days), at least 1.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The day and its intervals.
    pub horizon: Horizon,
    /// How service level is measured and the targets.
    pub service_level: ServiceLevel,
    /// Coefficient of variation of the day-level volume multiplier (0: none).
    pub forecast_cv: f64,
    /// Kinds of call; the top-level `[arrivals]`, `[handle_time]`, `[patience]`
    /// and `[retrials]` define the single type of a plain scenario.
    pub types: Vec<CallType>,
    /// Trunk lines, if limited.
    pub lines: Option<u32>,
    /// Agent groups in file order (see [`ValidScenario::routing_order`]).
    pub groups: Vec<Group>,
    /// Whether the file declared `[[call_types]]` (reports then add per-type figures).
    pub declared_types: bool,
    /// How a freed agent chooses among waiting calls.
    pub discipline: Discipline,
    /// Value of calls and the contract calendar; `None` without `[economics]`.
    pub economics: Option<Economics>,
    /// How calls become satisfaction scores and what those lead to.
    pub satisfaction: super::satisfaction::Satisfaction,
}

/// How a freed agent chooses among the waiting calls it may take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Discipline {
    /// Highest call-type priority first, then the longest waiting (non-preemptive).
    #[default]
    Priority,
    /// The longest waiting first, ignoring type priorities.
    LongestWait,
}

/// Seconds in a calendar day.
pub const DAY: f64 = 86_400.0;

/// Three-letter weekday names, Monday first (index 0).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The planning horizon: `days` calendar days, each open day cut into equal
/// intervals from its opening (a service may run past midnight). The
/// reported intervals are numbered `0..intervals` over the open days in
/// order. Simulation time 0 is the first day's opening (clock
/// `start_of_day`) and a calendar day is [`DAY`] seconds, so simulation time
/// `t` is clock `start_of_day + t` of calendar day 0.
///
/// Every open day has the same hours (`uniform`: `per_day` intervals from
/// `start_of_day`), or, with `[horizon.hours]`, each weekday its own:
/// weekday `w` opens `open_offset[w]` seconds after the clock of time 0 on
/// its calendar day and has `day_len[w]` intervals (0: closed). Use
/// [`Horizon::day_range`], [`Horizon::day_of`] and
/// [`Horizon::interval_start`] rather than `per_day` arithmetic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Horizon {
    /// Clock time of simulation time 0 (the first day's opening), seconds after midnight.
    pub start_of_day: f64,
    /// Interval length in seconds.
    pub interval: f64,
    /// Number of intervals over the whole horizon (the open days' intervals added).
    pub intervals: usize,
    /// Leading intervals that are simulated but not reported (warm-up).
    pub warmup_intervals: usize,
    /// Intervals of one open day when every open day has the same hours;
    /// with per-weekday hours, of the regular day `[horizon] start`-`end`.
    pub per_day: usize,
    /// Calendar days of the horizon (open or closed).
    pub days: usize,
    /// Weekday of the first calendar day, 0 = Monday.
    pub first_weekday: usize,
    /// Closed weekdays, bit `w` for weekday `w` (0 = Monday).
    pub closed: u8,
    /// Whether every open day has the same hours (`per_day` intervals from
    /// the clock `start_of_day`); false with differing `[horizon.hours]`.
    pub uniform: bool,
    /// Per weekday (0 = Monday): its opening, seconds after the clock of
    /// simulation time 0 on its own calendar day (may be negative); 0 when uniform.
    pub open_offset: [f64; 7],
    /// Per weekday: intervals of an open day (0 when closed).
    pub day_len: [usize; 7],
    /// The regular day's (`[horizon] start`) opening, seconds after the
    /// clock of simulation time 0: a one-day list's value `i` is the
    /// interval starting `regular_open + i * interval` after a day's midnight
    /// offset (0 when uniform).
    pub regular_open: f64,
}

impl Horizon {
    /// A one-day horizon of `intervals` intervals of `interval` seconds from
    /// `start_of_day` (the shape every scenario had before multi-day horizons).
    pub fn one_day(start_of_day: f64, interval: f64, intervals: usize) -> Horizon {
        Horizon {
            start_of_day,
            interval,
            intervals,
            warmup_intervals: 0,
            per_day: intervals,
            days: 1,
            first_weekday: 0,
            closed: 0,
            uniform: true,
            open_offset: [0.0; 7],
            day_len: [intervals; 7],
            regular_open: 0.0,
        }
    }

    /// Simulation time of the horizon end (the last arrival is before it).
    pub fn end(&self) -> f64 {
        if self.intervals == 0 {
            return 0.0;
        }
        self.interval_end(self.intervals - 1)
    }

    /// Open weekdays in one week from the first day, and their intervals.
    fn week(&self) -> (usize, usize) {
        let (mut open, mut len) = (0, 0);
        for i in 0..7 {
            let w = (self.first_weekday + i) % 7;
            if self.is_open(i) {
                open += 1;
                len += self.day_len[w];
            }
        }
        (open, len)
    }

    /// Open days of the horizon (a day cut short counts).
    pub fn open_days(&self) -> usize {
        if self.uniform {
            return self.intervals.div_ceil(self.per_day.max(1));
        }
        let (open, _) = self.week();
        let partial = (0..self.days % 7).filter(|d| self.is_open(*d)).count();
        self.days / 7 * open + partial
    }

    /// Intervals of open day `od` (0-based over open days), as a range of
    /// interval indices.
    pub fn day_range(&self, od: usize) -> std::ops::Range<usize> {
        if self.uniform {
            let per_day = self.per_day.max(1);
            return (od * per_day).min(self.intervals)..((od + 1) * per_day).min(self.intervals);
        }
        let (open, len) = self.week();
        let mut from = od / open.max(1) * len;
        let mut left = od % open.max(1);
        for i in 0..7 {
            if !self.is_open(i) {
                continue;
            }
            let n = self.day_len[(self.first_weekday + i) % 7];
            if left == 0 {
                return from.min(self.intervals)..(from + n).min(self.intervals);
            }
            from += n;
            left -= 1;
        }
        self.intervals..self.intervals
    }

    /// Open-day index (0-based, over open days only) of interval `k`.
    pub fn day_of(&self, k: usize) -> usize {
        if self.uniform {
            return k / self.per_day.max(1);
        }
        let (open, len) = self.week();
        let mut od = k / len.max(1) * open;
        let mut rest = k % len.max(1);
        for i in 0..7 {
            if !self.is_open(i) {
                continue;
            }
            let n = self.day_len[(self.first_weekday + i) % 7];
            if rest < n {
                return od;
            }
            rest -= n;
            od += 1;
        }
        od
    }

    /// Whether interval `k` is the first of its day.
    pub fn is_day_start(&self, k: usize) -> bool {
        self.day_range(self.day_of(k)).start == k
    }

    /// Whether calendar day `d` (0-based) is open.
    pub fn is_open(&self, d: usize) -> bool {
        self.closed & (1 << self.weekday(d)) == 0
    }

    /// Weekday (0 = Monday) of calendar day `d` (0-based).
    pub fn weekday(&self, d: usize) -> usize {
        (self.first_weekday + d) % 7
    }

    /// Calendar day (0-based) of open day `od`.
    pub fn calendar_day(&self, od: usize) -> usize {
        let mut seen = 0;
        for d in 0..self.days {
            if self.is_open(d) {
                if seen == od {
                    return d;
                }
                seen += 1;
            }
        }
        self.days.saturating_sub(1)
    }

    /// Simulation time of the opening of calendar day `d` (open or not:
    /// a closed day's opening is its weekday's, unused).
    fn opening(&self, d: usize) -> f64 {
        d as f64 * DAY + self.open_offset[self.weekday(d)]
    }

    /// Clock time (seconds after midnight, below 24 h) of the opening of open day `od`.
    pub fn day_open_clock(&self, od: usize) -> f64 {
        let d = self.calendar_day(od);
        (self.start_of_day + self.open_offset[self.weekday(d)]).rem_euclid(DAY)
    }

    /// Simulation time at which interval `k` starts.
    pub fn interval_start(&self, k: usize) -> f64 {
        if self.uniform {
            let per_day = self.per_day.max(1);
            let day = self.calendar_day(k / per_day);
            return day as f64 * DAY + self.interval * (k % per_day) as f64;
        }
        let od = self.day_of(k);
        let j = k - self.day_range(od).start;
        self.opening(self.calendar_day(od)) + self.interval * j as f64
    }

    /// Simulation time at which interval `k` ends.
    pub fn interval_end(&self, k: usize) -> f64 {
        self.interval_start(k) + self.interval
    }

    /// Whether the center is open without a break from the first opening to
    /// the last close (24 hours a day, no closed day).
    pub fn is_continuous(&self) -> bool {
        self.open_days() <= 1
            || (self.uniform
                && self.interval * self.per_day as f64 == DAY
                && (0..self.days).all(|d| self.is_open(d)))
    }

    /// Clock seconds (0 .. 24 h) of the start of interval `k`, `ends`: of its end.
    fn clock_of(&self, k: usize, ends: bool) -> f64 {
        let (open, j) = if self.uniform {
            (self.start_of_day, k % self.per_day.max(1))
        } else {
            let od = self.day_of(k);
            (self.day_open_clock(od), k - self.day_range(od).start)
        };
        let mut t = open + self.interval * (j + usize::from(ends)) as f64;
        if t > DAY || (!ends && t >= DAY) {
            t -= DAY;
        }
        t
    }

    /// Clock label "HH:MM" of the start of interval `k`.
    pub fn label(&self, k: usize) -> String {
        clock_label(self.clock_of(k, false))
    }

    /// Clock label "HH:MM" of the end of interval `k` ("24:00" at midnight).
    pub fn end_label(&self, k: usize) -> String {
        clock_label(self.clock_of(k, true))
    }

    /// Interval index of simulation time `t`: the interval under way, or
    /// the last one that ended before it (clamped to the horizon).
    pub fn interval_of(&self, t: f64) -> usize {
        let n = self.intervals;
        if self.days <= 1 {
            return ((t / self.interval) as usize).min(n.saturating_sub(1));
        }
        if self.uniform {
            let day = ((t / DAY).max(0.0) as usize).min(self.days - 1);
            let open_before = (0..day).filter(|d| self.is_open(*d)).count();
            let base = open_before * self.per_day;
            if !self.is_open(day) {
                return base.saturating_sub(1).min(n.saturating_sub(1));
            }
            let j =
                (((t - day as f64 * DAY) / self.interval).max(0.0) as usize).min(self.per_day - 1);
            return (base + j).min(n.saturating_sub(1));
        }
        // The service under way at t opened at most a day before it: the
        // latest open day that opened at or before t.
        let near = ((t / DAY).max(0.0) as usize + 1).min(self.days - 1);
        let found = (near.saturating_sub(2)..=near)
            .rev()
            .find(|d| self.is_open(*d) && self.opening(*d) <= t)
            .or_else(|| (0..near.saturating_sub(2)).rev().find(|d| self.is_open(*d)));
        let Some(d) = found else {
            return 0;
        };
        let od = (0..d).filter(|x| self.is_open(*x)).count();
        let range = self.day_range(od);
        if range.is_empty() {
            return range.start.saturating_sub(1).min(n.saturating_sub(1));
        }
        let j = (((t - self.opening(d)) / self.interval).max(0.0) as usize).min(range.len() - 1);
        (range.start + j).min(n.saturating_sub(1))
    }

    /// "HH:MM" of interval `k`, after the day ("tue 2 08:30") on a
    /// multi-day horizon.
    pub fn long_label(&self, k: usize) -> String {
        if self.days > 1 {
            format!("{} {}", self.day_label(self.day_of(k)), self.label(k))
        } else {
            self.label(k)
        }
    }

    /// Where open day `od` lies in the regular day's grid: the index of its
    /// first interval among the regular day's `per_day`, when the whole day
    /// fits inside it (always so when uniform).
    pub fn regular_slot(&self, od: usize) -> Option<usize> {
        if self.uniform {
            return Some(0);
        }
        let w = self.weekday(self.calendar_day(od));
        let j = ((self.open_offset[w] - self.regular_open) / self.interval).round();
        let len = self.day_range(od).len();
        (j >= 0.0 && j as usize + len <= self.per_day).then_some(j as usize)
    }

    /// Label of open day `od`: weekday and day number, e.g. "mon 1".
    pub fn day_label(&self, od: usize) -> String {
        let d = self.calendar_day(od);
        format!("{} {}", WEEKDAYS[self.weekday(d)], d + 1)
    }
}

/// Whole agents from fractional ones, rounding with carry: value `k` is
/// `round(x_0 + .. + x_k) - round(x_0 + .. + x_(k-1))` (halves up), so the
/// sum over any prefix is the rounded true sum: the mean over a day is exact
/// to within one agent-interval, and whole inputs are kept exactly.
pub fn carried_rounding(x: &[f64]) -> Vec<u32> {
    let mut sum = 0.0;
    let mut done = 0.0;
    x.iter()
        .map(|v| {
            sum += v;
            let upto = (sum + 0.5 + 1e-9).floor();
            let k = (upto - done).max(0.0);
            done = upto;
            k as u32
        })
        .collect()
}

/// "HH:MM" for a number of seconds after midnight.
pub fn clock_label(seconds: f64) -> String {
    let minutes = (seconds / 60.0).round() as i64;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Which calls the service level is a share of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SlDefinition {
    /// Answered within T over calls that reached the queue (offered minus blocked).
    Offered,
    /// Answered within T over answered calls.
    Answered,
    /// Answered within T over calls that reached the queue, minus those
    /// abandoned within the given number of seconds.
    ExcludeShortAbandons(f64),
}

/// Service-level measurement and the targets planners staff to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevel {
    /// T seconds.
    pub threshold: f64,
    /// Target share, a fraction of 1.
    pub target: f64,
    /// Which calls the share is taken over.
    pub definition: SlDefinition,
    /// Optional ceiling on the abandonment rate.
    pub max_abandon_rate: Option<f64>,
    /// Optional ceiling on the average speed of answer (seconds).
    pub max_asa: Option<f64>,
    /// Optional ceiling on the occupancy of each in-house group (a group
    /// with neither a contract nor `outsourced`): busy agent time over agent
    /// time on the phones. Scenario-wide: call types inherit it.
    pub max_occupancy: Option<f64>,
}

/// One kind of call: its arrivals, handle time, patience and retrials.
#[derive(Debug, Clone, PartialEq)]
pub struct CallType {
    /// Name shown in reports.
    pub name: String,
    /// Larger is served first by a free agent (non-preemptive).
    pub priority: i32,
    /// Mean arrival rate in calls per second, one per interval.
    pub rates: Vec<f64>,
    /// Handle time (talk; with no wrap-up, talk plus wrap-up) before a
    /// group's factor. Where the file gives it per interval, this is the
    /// day's representative (call-weighted mean and CV) and
    /// [`CallType::handle_by_interval`] holds each interval's.
    pub handle_time: Dist,
    /// Handle time per interval of the horizon, where the file gives a list
    /// (empty: [`CallType::handle_time`] in every interval).
    pub handle_by_interval: Vec<Dist>,
    /// After-call work of an answered call (`None`: none): the agent stays
    /// busy, the caller is gone. Representative of the day as `handle_time`.
    pub wrap_up: Option<Dist>,
    /// After-call work per interval, where the file gives a list (empty:
    /// [`CallType::wrap_up`] in every interval).
    pub wrap_by_interval: Vec<Dist>,
    /// Patience ([`Dist::Never`]: nobody abandons).
    pub patience: Dist,
    /// Retrial behaviour.
    pub retrials: Retrials,
    /// This type's service-level threshold and targets (the scenario's unless
    /// the type gives its own; the definition is always the scenario's). The
    /// model counts a call of this type as answered in time against this
    /// threshold; planners staff every type to its own targets.
    pub service_level: ServiceLevel,
}

impl CallType {
    /// The talk-time distribution of a call arriving in interval `k`.
    pub fn handle_at(&self, k: usize) -> &Dist {
        self.handle_by_interval.get(k).unwrap_or(&self.handle_time)
    }

    /// The after-call work of a call arriving in interval `k` (`None`: none).
    pub fn wrap_at(&self, k: usize) -> Option<&Dist> {
        self.wrap_by_interval.get(k).or(self.wrap_up.as_ref())
    }

    /// Mean time an agent spends on a call arriving in interval `k`: talk
    /// plus after-call work (before a group's factor), seconds. This is
    /// the service time of the queueing formulas.
    pub fn service_mean_at(&self, k: usize) -> f64 {
        self.handle_at(k).mean() + self.wrap_at(k).map_or(0.0, Dist::mean)
    }

    /// Coefficient of variation of talk plus after-call work in interval
    /// `k` (the two drawn independently).
    pub fn service_cv_at(&self, k: usize) -> f64 {
        let m = self.service_mean_at(k);
        let v = self.handle_at(k).variance() + self.wrap_at(k).map_or(0.0, Dist::variance);
        if m > 0.0 && v.is_finite() {
            v.sqrt() / m
        } else {
            0.0
        }
    }
}

/// Callers who try again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retrials {
    /// Probability that a caller who abandoned calls again.
    pub after_abandon: f64,
    /// Probability that a caller who heard a busy signal calls again.
    pub after_busy: f64,
    /// Mean of the exponential delay before the new attempt, seconds.
    pub mean_delay: f64,
}

/// How calls reach a group besides being first in line.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Eligible for every call at once, in file order.
    Primary,
    /// Eligible for a call once it has waited this many seconds.
    Overflow {
        /// Seconds a call waits before this group may take it.
        after: f64,
    },
    /// This share of arrivals is routed straight to the group and waits for it alone.
    Share {
        /// Fraction of 1.
        share: f64,
    },
    /// Every call arriving in these windows (simulation seconds, half-open) is
    /// routed straight to the group and waits for it alone.
    Hours {
        /// `[from, to)` windows in simulation seconds.
        windows: Vec<(f64, f64)>,
    },
}

/// An agent group: in-house team or outsourcing partner.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Unique name.
    pub name: String,
    /// Agents on the phones in each interval (before absence): as given, or
    /// `scheduled` times 1 - shrinkage, rounded with carry (see
    /// [`carried_rounding`]).
    pub agents: Vec<u32>,
    /// Paid heads on shift in each interval: as given, or `agents / (1 -
    /// shrinkage)`; for a group staffed by shifts, the paid agent-time in
    /// the interval over its length (unpaid breaks left out).
    pub scheduled: Vec<f64>,
    /// Whether the file gave `scheduled` (heads) rather than `agents`.
    pub gave_scheduled: bool,
    /// Planned share of paid time off the phones, 0..1.
    pub shrinkage: f64,
    /// Probability that a planned agent is absent for a whole day, 0..1.
    pub absenteeism: f64,
    /// Fewest agents on the phones a planner may set, per interval.
    pub min_agents: Vec<u32>,
    /// Multiplies every handle time in this group.
    pub handle_time_factor: f64,
    /// Quality factor (satisfaction model).
    pub quality: f64,
    /// A partner on its own lines: answered calls free the center's trunk line.
    pub outsourced: bool,
    /// Routing rule (the default of every skill).
    pub route: Route,
    /// Routing order: larger is offered arriving calls first; ties keep file order.
    pub priority: i32,
    /// The call types this group serves, in type order, each with the
    /// group's handle-time factor and routing rule for that type.
    pub skills: Vec<Skill>,
    /// Wage cost of one scheduled agent-hour, if given.
    pub cost_per_agent_hour: Option<f64>,
    /// What an outsourcing partner charges, if it has a contract.
    pub contract: Option<Contract>,
    /// Agents on shifts (empty: the group is staffed by `agents` counts).
    pub shifts: Vec<super::shifts::Shift>,
}

/// A group's ability to serve one call type.
#[derive(Debug, Clone, PartialEq)]
pub struct Skill {
    /// Index of the call type in [`ValidScenario::types`].
    pub call_type: usize,
    /// Multiplies this type's handle time in this group (proficiency).
    pub handle_time_factor: f64,
    /// How this type's calls reach the group.
    pub route: Route,
}

impl Group {
    /// Whether the group is the center's own: neither `outsourced` nor
    /// under a contract (the groups `max_occupancy` caps).
    pub fn is_in_house(&self) -> bool {
        !self.outsourced && self.contract.is_none()
    }

    /// The group's skill for call type `ty`, if it serves it.
    pub fn skill(&self, ty: usize) -> Option<&Skill> {
        self.skills.iter().find(|s| s.call_type == ty)
    }
}

/// An outsourcing contract in plain units; absent components cost nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Leased lines (each with its agent).
    pub lines: u32,
    /// Yearly fee per line and the operating days a year it is spread over.
    pub per_line_per_year: Option<(f64, f64)>,
    /// Price per handled call.
    pub per_handled_call: Option<f64>,
    /// Price per handled minute.
    pub per_handled_minute: Option<f64>,
    /// Price per scheduled agent-hour.
    pub per_staffed_hour: Option<f64>,
    /// Monthly volume commitment, in calls (billed at `per_handled_call`).
    pub minimum_calls_per_month: Option<f64>,
    /// The service-level clause.
    pub sla: Option<SlaClause>,
}

/// Length of a contract period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One simulated day.
    Day,
    /// A contract week of `days_per_week` days.
    Week,
    /// A contract month of `days_per_month` days.
    Month,
}

impl Period {
    /// Lower-case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// A service-level clause: the partner's share of answered calls taken
/// within `threshold` seconds of reaching it, per contract period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlaClause {
    /// Period the share is pooled over.
    pub period: Period,
    /// Target share, a fraction of 1.
    pub target: f64,
    /// Threshold in seconds.
    pub threshold: f64,
    /// Paid by the partner per percentage point below target.
    pub penalty_per_point: f64,
    /// Paid to the partner per percentage point above target.
    pub bonus_per_point: f64,
    /// Largest penalty in one period (infinite: no cap).
    pub max_penalty: f64,
    /// Largest bonus in one period (infinite: no cap).
    pub max_bonus: f64,
}

/// Value of calls and the calendar that groups simulated days into contract periods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Economics {
    /// Cost of each abandoned call.
    pub cost_per_abandoned_call: Option<f64>,
    /// Revenue of each answered call.
    pub revenue_per_answered_call: Option<f64>,
    /// Simulated days in a contract week.
    pub days_per_week: u32,
    /// Simulated days in a contract month.
    pub days_per_month: u32,
    /// Paid hours of one full-time equivalent in a week.
    pub fte_hours_per_week: f64,
    /// Paid hours of one full-time equivalent in a day.
    pub fte_hours_per_day: f64,
}

impl Default for Economics {
    fn default() -> Self {
        Economics {
            cost_per_abandoned_call: None,
            revenue_per_answered_call: None,
            days_per_week: 5,
            days_per_month: 20,
            fte_hours_per_week: 40.0,
            fte_hours_per_day: 8.0,
        }
    }
}

impl Economics {
    /// Simulated days in one `period`.
    pub fn days(&self, period: Period) -> u32 {
        match period {
            Period::Day => 1,
            Period::Week => self.days_per_week,
            Period::Month => self.days_per_month,
        }
    }
}

impl ValidScenario {
    /// Whether reports carry the staffing block (scheduled heads, paid hours,
    /// FTE): a multi-day horizon, or a group with `scheduled`, shrinkage or
    /// absenteeism.
    pub fn reports_staffing(&self) -> bool {
        self.horizon.days > 1
            || self
                .groups
                .iter()
                .any(|g| g.gave_scheduled || g.shrinkage > 0.0 || g.absenteeism > 0.0)
    }

    /// Offered load in Erlangs in interval `k`: arrival rate times mean
    /// handle time (talk plus after-call work), summed over call types
    /// (before any group's handle-time factor).
    pub fn offered_load(&self, k: usize) -> f64 {
        self.types
            .iter()
            .map(|t| t.rates[k] * t.service_mean_at(k))
            .sum()
    }

    /// Agents of all groups in interval `k`, each weighted by 1/handle-time
    /// factor, i.e. in units of a standard agent's capacity.
    pub fn capacity(&self, k: usize) -> f64 {
        self.groups
            .iter()
            .map(|g| g.agents[k] as f64 / g.handle_time_factor)
            .sum()
    }

    /// Group indices in routing order: larger `priority` first, ties in file order.
    pub fn routing_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by_key(|&g| std::cmp::Reverse(self.groups[g].priority));
        order
    }

    /// Offered load of call type `ty` in interval `k`, Erlangs.
    pub fn type_load(&self, ty: usize, k: usize) -> f64 {
        let t = &self.types[ty];
        t.rates[k] * t.service_mean_at(k)
    }

    /// Expected calls in interval `k` over all types.
    pub fn expected_calls(&self, k: usize) -> f64 {
        self.types.iter().map(|t| t.rates[k]).sum::<f64>() * self.horizon.interval
    }
}
