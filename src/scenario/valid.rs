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
    /// Agent groups in routing order.
    pub groups: Vec<Group>,
    /// How calls become satisfaction scores and what those lead to.
    pub satisfaction: super::satisfaction::Satisfaction,
}

/// The planning horizon cut into equal intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Horizon {
    /// Clock time of the start, seconds after midnight.
    pub start_of_day: f64,
    /// Interval length in seconds.
    pub interval: f64,
    /// Number of intervals.
    pub intervals: usize,
    /// Leading intervals that are simulated but not reported (warm-up).
    pub warmup_intervals: usize,
}

impl Horizon {
    /// Simulation time of the horizon end (the last arrival is before it).
    pub fn end(&self) -> f64 {
        self.interval * self.intervals as f64
    }

    /// Clock label "HH:MM" of the start of interval `k`.
    pub fn label(&self, k: usize) -> String {
        clock_label(self.start_of_day + self.interval * k as f64)
    }

    /// Interval index of simulation time `t` (clamped to the last interval).
    pub fn interval_of(&self, t: f64) -> usize {
        ((t / self.interval) as usize).min(self.intervals.saturating_sub(1))
    }
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
    /// Handle time before a group's factor.
    pub handle_time: Dist,
    /// Patience ([`Dist::Never`]: nobody abandons).
    pub patience: Dist,
    /// Retrial behaviour.
    pub retrials: Retrials,
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
    /// Agents on shift in each interval.
    pub agents: Vec<u32>,
    /// Multiplies every handle time in this group.
    pub handle_time_factor: f64,
    /// Quality factor (satisfaction model).
    pub quality: f64,
    /// A partner on its own lines: answered calls free the center's trunk line.
    pub outsourced: bool,
    /// Routing rule.
    pub route: Route,
}

impl ValidScenario {
    /// Offered load in Erlangs in interval `k`: arrival rate times mean handle
    /// time, summed over call types (before any group's handle-time factor).
    pub fn offered_load(&self, k: usize) -> f64 {
        self.types
            .iter()
            .map(|t| t.rates[k] * t.handle_time.mean())
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

    /// Expected calls in interval `k` over all types.
    pub fn expected_calls(&self, k: usize) -> f64 {
        self.types.iter().map(|t| t.rates[k]).sum::<f64>() * self.horizon.interval
    }
}
