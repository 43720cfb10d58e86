//! Planning: how many agents each interval needs. Two answers side by side:
//! the exact queueing formulas per interval ([`erlang`]: stationary,
//! independent periods), and simulation staffing ([`staffing`]), which
//! starts from the Erlang A answer and corrects it by simulating the real
//! scenario (non-exponential times, carry-over between intervals, overflow,
//! retrials, trunk lines), judging every candidate on common random numbers
//! ([`mod@evaluate`]).
//!
//! # What "meets" means
//! A scenario states its targets in `[service_level]`: the service level
//! `target` (share answered within `threshold_seconds`, by the scenario's
//! `definition`), and optionally `max_abandon_rate`, `max_asa_seconds` and
//! `max_occupancy` (each in-house group's busy time over its time on the
//! phones in the interval, judged group by group and, with call types, over
//! all types' calls).
//! An interval meets them under one of two criteria ([`Criterion`]):
//! - `mean`: the simulated mean over replications reaches each target
//!   (service level `>=` target, abandonment, ASA and occupancy `<=` their caps);
//! - `lower`: the same with the bound of the 95% confidence interval that is
//!   least favourable (lower bound for the service level, upper bound for
//!   abandonment, ASA and occupancy), i.e. the target is met with about 97.5%
//!   one-sided confidence. These are the bounds `ccsim run` prints.
//!
//! Figures are attributed to the interval in which a call arrived (as in
//! `ccsim run`); an interval in which no call reached the queue meets every
//! target.
//!
//! # Call types
//! A scenario that declares `[[call_types]]` gives each type its own targets
//! (`[call_types.service_level]`, each absent key falling back to the
//! scenario's `[service_level]`). An interval then meets the targets only when
//! **every call type** meets its own, judged on that type's calls alone (the
//! figures `ccsim run` reports under `"types"`), with the same criterion; the
//! figures over all types together are reported but not judged, since they
//! mix thresholds. A type with no call reaching the queue in the interval
//! meets its targets. Without `[[call_types]]` the scenario's targets apply
//! to all calls, as above ([`TargetSet`]).

pub mod erlang;
pub mod erlang_check;
pub mod evaluate;
pub mod paid;
pub mod restaff;
pub mod span;
pub mod staffing;

pub use evaluate::{evaluate, Evaluation, IntervalStats};
pub use staffing::{staff, staff_to, IntervalPlan, StaffOptions, StaffPlan, Status};

use crate::scenario::{CallType, ValidScenario};

/// How a simulated figure is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// The mean over replications meets the target.
    Mean,
    /// The unfavourable bound of the 95% confidence interval meets it.
    Lower,
}

impl Criterion {
    /// The spelling on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Mean => "mean",
            Criterion::Lower => "lower",
        }
    }
}

/// The targets of a scenario that simulation staffing must meet.
///
/// Why a struct of its own: the scenario's `[service_level]` keys, in the
/// form the search compares against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimTargets {
    /// Minimum service level (fraction), by the scenario's definition.
    pub service_level: f64,
    /// Service-level threshold, seconds.
    pub threshold: f64,
    /// Maximum abandonment rate (fraction of calls that reached the queue).
    pub max_abandon: Option<f64>,
    /// Maximum average speed of answer, seconds.
    pub max_asa: Option<f64>,
    /// Maximum occupancy of each in-house group (scenario-wide; judged per
    /// group by [`Evaluation::meets`], not by [`IntervalStats::meets`]).
    pub max_occupancy: Option<f64>,
}

impl SimTargets {
    /// The targets of `sc`'s `[service_level]` table.
    pub fn of(sc: &ValidScenario) -> SimTargets {
        let s = sc.service_level;
        SimTargets {
            service_level: s.target,
            threshold: s.threshold,
            max_abandon: s.max_abandon_rate,
            max_asa: s.max_asa,
            max_occupancy: s.max_occupancy,
        }
    }
}

impl SimTargets {
    /// The targets of call type `t` (its `[call_types.service_level]`, with
    /// the scenario's values where it gives none).
    pub fn of_type(t: &CallType) -> SimTargets {
        let s = t.service_level;
        SimTargets {
            service_level: s.target,
            threshold: s.threshold,
            max_abandon: s.max_abandon_rate,
            max_asa: s.max_asa,
            max_occupancy: s.max_occupancy,
        }
    }
}

/// What a staffing must meet: the scenario's targets over all calls, or,
/// when the scenario declares `[[call_types]]`, each type's own targets over
/// that type's calls (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub enum TargetSet {
    /// One set of targets over every call (no `[[call_types]]`).
    Whole(SimTargets),
    /// One set per call type, in type order; every type must meet its own.
    PerType(Vec<SimTargets>),
}

impl TargetSet {
    /// The targets `sc` is staffed to.
    pub fn of(sc: &ValidScenario) -> TargetSet {
        if sc.declared_types {
            TargetSet::PerType(sc.types.iter().map(SimTargets::of_type).collect())
        } else {
            TargetSet::Whole(SimTargets::of(sc))
        }
    }

    /// The occupancy cap of every in-house group, if the scenario sets one.
    pub fn max_occupancy(&self) -> Option<f64> {
        match self {
            TargetSet::Whole(t) => t.max_occupancy,
            TargetSet::PerType(ts) => ts.iter().find_map(|t| t.max_occupancy),
        }
    }
}
