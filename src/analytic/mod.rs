//! Exact steady-state queueing formulas for call centers: Erlang B (M/M/c/c),
//! Erlang C (M/M/c), Erlang A (M/M/c+M), a numerically solved birth-death
//! chain used to cross-check them, and staffing searches built on top.
//!
//! Why: planners want instant answers per interval ("how many agents for 80%
//! in 20 s?") and the simulation needs exact references to be validated
//! against. Every formula here is exact (no approximations such as the
//! square-root rule), numerically stable from 1 to 5000 agents and offered
//! loads up to 4000 Erlangs, and runs in microseconds to about a millisecond.
//!
//! Units everywhere: arrival rates in calls per **second**, times in
//! **seconds**; offered load `a = rate * mean_handle` in Erlangs.
//!
//! General references: A. K. Erlang, "Solution of some problems in the theory
//! of probabilities of significance in automatic telephone exchanges" (1917);
//! N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: tutorial,
//! review, and research prospects" (2003); G. Koole, "Call Center
//! Optimization" (2013).

pub mod birth_death;
pub mod erlang_a;
pub mod erlang_b;
pub mod erlang_c;
pub mod staffing;

pub use erlang_a::{erlang_a_abandon_within, erlang_a_figures};
pub use erlang_b::{erlang_b, erlang_b_figures};
pub use erlang_c::{erlang_c, erlang_c_figures, erlang_c_wait_quantile};
pub use staffing::{fractional_agents, required_agents, Model, Targets};

/// Errors for inputs the formulas cannot answer.
///
/// Why: a planner typing an impossible scenario (too few agents without
/// abandonment, a negative rate) must get a message saying what to change,
/// never a NaN in a report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalyticError {
    /// Erlang C with offered load >= agents: the queue grows without bound.
    #[error("offered load {load:.2} Erlangs is at or above {agents} agents: without abandonment the queue grows without bound (Erlang C has no steady state); add agents or use Erlang A")]
    Overloaded {
        /// Offered load in Erlangs.
        load: f64,
        /// Number of agents asked about.
        agents: u32,
    },
    /// Any non-finite or negative input, naming it.
    #[error("{name} must be a finite number >= 0 (got {value})")]
    InvalidInput {
        /// Name of the offending parameter.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A target no finite staffing can meet exactly (a service level of 1,
    /// no blocking, no wait, no abandonment), with the staffing of the
    /// nearest meaningful target.
    #[error("{what} cannot be met by any finite staffing ({why}); the nearest meaningful target, {relaxed}, needs {}", match nearest { Some(n) => format!("{n} agents"), None => "more agents than ccsim searches".into() })]
    Impossible {
        /// The target as asked, e.g. "a service level of 1".
        what: String,
        /// Why no staffing reaches it.
        why: &'static str,
        /// The nearest target that can be met, e.g. "a service level of 0.9999".
        relaxed: String,
        /// Agents the relaxed target needs.
        nearest: Option<u32>,
    },
    /// No staffing up to the search limit meets the targets.
    #[error("no staffing up to {limit} agents meets the targets")]
    Unreachable {
        /// The largest staffing tried.
        limit: u32,
    },
}

/// Steady-state figures of one queue; rates are fractions of 1, times in seconds.
///
/// Why one struct for B, C and A: reports and the staffing search compare
/// models side by side, so every model fills the same fields (with 0 where a
/// model has no such event, e.g. `abandon_rate` for Erlang C).
/// All probabilities are among non-blocked arrivals (PASTA: Poisson arrivals
/// see time averages, R. W. Wolff, "Poisson arrivals see time averages", 1982).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Agents (lines for Erlang B).
    pub agents: u32,
    /// Offered load `a = rate * mean_handle`, Erlangs.
    pub offered_load: f64,
    /// P(an arriving call must wait); 0 for Erlang B.
    pub p_wait: f64,
    /// P(answered AND wait <= T) among non-blocked calls (service level over
    /// all offered calls; abandons count as failures).
    pub service_level: f64,
    /// P(wait <= T | answered).
    pub service_level_answered: f64,
    /// Mean wait of ANSWERED calls (average speed of answer), seconds.
    pub asa_seconds: f64,
    /// Mean time in queue of ALL non-blocked callers (answered and abandoned), seconds.
    pub mean_wait_seconds: f64,
    /// P(abandon) among non-blocked calls; 0 for B and C.
    pub abandon_rate: f64,
    /// P(blocked); 0 for C and A.
    pub block_rate: f64,
    /// Carried load / agents = mean busy agents / agents.
    pub occupancy: f64,
    /// Time-average number waiting (Little: rate * mean_wait over non-blocked arrivals).
    pub mean_queue_length: f64,
}

impl Figures {
    /// Figures of a queue nobody calls (zero offered load): nobody waits,
    /// every (hypothetical) call is answered at once, agents idle.
    pub(crate) fn idle(agents: u32, offered_load: f64) -> Figures {
        Figures {
            agents,
            offered_load,
            p_wait: 0.0,
            service_level: 1.0,
            service_level_answered: 1.0,
            asa_seconds: 0.0,
            mean_wait_seconds: 0.0,
            abandon_rate: 0.0,
            block_rate: 0.0,
            occupancy: 0.0,
            mean_queue_length: 0.0,
        }
    }
}

/// Checks that `value` is finite and >= 0, naming it otherwise.
pub(crate) fn check(name: &'static str, value: f64) -> Result<f64, AnalyticError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(AnalyticError::InvalidInput { name, value })
    }
}

/// Offered load `rate * mean_handle` after checking both inputs (and that the
/// product does not overflow).
pub(crate) fn offered_load(rate: f64, mean_handle: f64) -> Result<f64, AnalyticError> {
    check("rate", rate)?;
    check("mean_handle", mean_handle)?;
    check("offered_load", rate * mean_handle)
}
