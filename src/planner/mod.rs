//! Planning: how many agents each interval needs. Two answers side by side:
//! the exact queueing formulas per interval ([`erlang`]: stationary,
//! independent periods), and simulation staffing ([`staffing`]), which
//! starts from the Erlang A answer and corrects it by simulating the real
//! scenario (non-exponential times, carry-over between intervals, overflow,
//! retrials, trunk lines), judging every candidate on common random numbers
//! ([`evaluate`]).
//!
//! # What "meets" means
//! A scenario states its targets in `[service_level]`: the service level
//! `target` (share answered within `threshold_seconds`, by the scenario's
//! `definition`), and optionally `max_abandon_rate` and `max_asa_seconds`.
//! An interval meets them under one of two criteria ([`Criterion`]):
//! - `mean`: the simulated mean over replications reaches each target
//!   (service level `>=` target, abandonment and ASA `<=` their caps);
//! - `lower`: the same with the bound of the 95% confidence interval that is
//!   least favourable (lower bound for the service level, upper bound for
//!   abandonment and ASA), i.e. the target is met with about 97.5%
//!   one-sided confidence. These are the bounds `ccsim run` prints.
//!
//! Figures are attributed to the interval in which a call arrived (as in
//! `ccsim run`); an interval in which no call reached the queue meets every
//! target.

pub mod erlang;
pub mod evaluate;
pub mod staffing;

pub use evaluate::{evaluate, Evaluation, IntervalStats};
pub use staffing::{staff, IntervalPlan, StaffOptions, StaffPlan, Status};

use crate::scenario::ValidScenario;

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
        }
    }
}
