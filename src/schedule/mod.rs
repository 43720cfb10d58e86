//! From agents per interval to people on shifts: shift candidates from the
//! rules ([`candidates`]), the integer program that chooses how many agents
//! start each ([`mod@solve`], [`mod@plan`]), and the files and tables that show the
//! answer ([`render`]). See docs/schedule.md.

pub mod candidates;
pub mod check;
pub mod check_render;
pub mod moves;
pub mod plan;
pub mod render;
pub mod requirement;
pub mod rules;
pub mod scenario_out;
pub mod solve;

pub use plan::{plan, PlanError, Schedule, Totals};
pub use requirement::Requirement;
pub use rules::ShiftRules;
