//! The Erlang view of a scenario: each interval as a stationary queue of its
//! own (independent periods), with the interval's arrival rate, mean handle
//! time and mean patience.
//!
//! Why: the instant answer planners compare the simulation against. The
//! formulas assume Poisson arrivals, exponential handle time and patience,
//! one pool of identical agents, and no carry-over between intervals; the
//! simulation needs none of that, and where the two disagree these are the
//! reasons.
//!
//! A scenario with `[[call_types]]` is taken as one pool: the arrival rates
//! of all types summed, the mean handle time and patience weighted by the
//! types' rates ([`interval_input`]), and the **strictest** type's targets:
//! the requirement of each type's targets on that pooled load is computed
//! and the largest kept ([`requirements`]). This ignores priorities and
//! skills (a high-priority type is served better than the pool), so it is a
//! starting point the simulation corrects, not an answer.

use crate::analytic::{required_agents, AnalyticError, Figures, Model, Targets};
use crate::dist::Dist;
use crate::scenario::{CallType, ValidScenario};

/// Largest staffing the formulas search (the analytic module is stable far beyond).
pub const ANALYTIC_LIMIT: u32 = 1_000_000;

/// The inputs of the formulas for one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalInput {
    /// Arrival rate of all call types, calls per second.
    pub rate: f64,
    /// Mean handle time (rate-weighted over call types), seconds.
    pub mean_handle: f64,
    /// Mean patience (rate-weighted over call types), seconds; infinite when nobody abandons.
    pub mean_patience: f64,
}

impl IntervalInput {
    /// Offered load in Erlangs.
    pub fn load(&self) -> f64 {
        self.rate * self.mean_handle
    }
}

/// The formula inputs of interval `k` of `sc`. Handle time and patience
/// enter through their means only (Erlang A takes the patience as
/// exponential with that mean); a call type that never abandons makes the
/// patience infinite.
pub fn interval_input(sc: &ValidScenario, k: usize) -> IntervalInput {
    let rate: f64 = sc.types.iter().map(|t| t.rates[k]).sum();
    let weight = |t: &crate::scenario::CallType| {
        if rate > 0.0 {
            t.rates[k] / rate
        } else {
            1.0 / sc.types.len() as f64
        }
    };
    let mean_handle = sc
        .types
        .iter()
        .map(|t| weight(t) * t.service_mean_at(k))
        .sum();
    let mean_patience = if sc.types.iter().any(|t| t.patience == Dist::Never) {
        f64::INFINITY
    } else {
        sc.types.iter().map(|t| weight(t) * t.patience.mean()).sum()
    };
    IntervalInput {
        rate,
        mean_handle,
        mean_patience,
    }
}

/// The analytic model for a patience mean: Erlang C when nobody abandons, Erlang A otherwise.
pub fn delay_model(mean_patience: f64) -> Model {
    if mean_patience.is_infinite() {
        Model::ErlangC
    } else {
        Model::ErlangA { mean_patience }
    }
}

/// The scenario's targets as formula targets. `abandon` says whether the
/// abandonment cap applies (it does not for Erlang C, where nobody abandons).
pub fn formula_targets(sc: &ValidScenario, abandon: bool) -> Targets {
    let s = sc.service_level;
    Targets {
        service_level: Some(s.target),
        threshold: s.threshold,
        max_asa: s.max_asa,
        max_abandon: if abandon { s.max_abandon_rate } else { None },
        max_block: None,
        max_occupancy: None,
    }
}

/// Call type `t`'s targets as formula targets (see [`formula_targets`]).
pub fn type_formula_targets(t: &CallType, abandon: bool) -> Targets {
    let s = t.service_level;
    Targets {
        service_level: Some(s.target),
        threshold: s.threshold,
        max_asa: s.max_asa,
        max_abandon: if abandon { s.max_abandon_rate } else { None },
        max_block: None,
        max_occupancy: None,
    }
}

/// The formula targets staffing must meet: the scenario's, or with
/// `[[call_types]]` each type's (the requirement is then the largest).
fn target_sets(sc: &ValidScenario, abandon: bool) -> Vec<Targets> {
    if sc.declared_types {
        sc.types
            .iter()
            .map(|t| type_formula_targets(t, abandon))
            .collect()
    } else {
        vec![formula_targets(sc, abandon)]
    }
}

/// Erlang C and Erlang A requirements of interval `k` (in agents of
/// standard speed, all groups together); `None` where no staffing up to
/// [`ANALYTIC_LIMIT`] meets the targets. With `[[call_types]]`: the largest
/// requirement over the types' targets on the pooled load (see the module
/// documentation), `None` if any type's targets are out of reach.
pub fn requirements(sc: &ValidScenario, k: usize) -> (Option<Figures>, Option<Figures>) {
    let x = interval_input(sc, k);
    let strictest = |model: Model, abandon: bool| -> Option<Figures> {
        let mut best: Option<Figures> = None;
        for t in target_sets(sc, abandon) {
            let r: Result<Figures, AnalyticError> =
                required_agents(model, x.rate, x.mean_handle, &t, ANALYTIC_LIMIT);
            let f = r.ok()?;
            if best.is_none_or(|b| f.agents > b.agents) {
                best = Some(f);
            }
        }
        best
    };
    let c = strictest(Model::ErlangC, false);
    let a = strictest(delay_model(x.mean_patience), true);
    (c, a)
}
