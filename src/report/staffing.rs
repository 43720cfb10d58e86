//! The staffing block of a report: per group, agents on the phones
//! (simulated, after absence), scheduled heads, paid hours and FTE, per
//! interval, per day and for the horizon (see docs/output.md).

use super::OrderedMap;
use crate::planner::paid::{fte_hours, FteScope};
use crate::scenario::ValidScenario;
use crate::stats::{Estimate, ScopeAccumulators};

/// One group's staffing in one scope.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StaffingFigures {
    /// Mean agents on the phones (present: scheduled, not absent, after
    /// shrinkage; or still finishing a call), simulated.
    pub on_phones: Estimate,
    /// Mean scheduled (paid) heads over the scope.
    pub scheduled: f64,
    /// Paid hours: scheduled heads times hours.
    pub paid_hours: f64,
    /// Full-time equivalents: paid hours over `fte_hours_per_day` (an
    /// interval or a day), or for the horizon over `fte_hours_per_week`
    /// times weeks (7 days or more) or `fte_hours_per_day` times open days.
    pub fte: f64,
    /// Paid hours times `cost_per_agent_hour`, when the group has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

/// What a scope covers, for the FTE rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One interval or one day: FTE per `fte_hours_per_day`.
    Daily,
    /// The whole horizon.
    Horizon,
}

/// The staffing of every group over the intervals `range` (absent when the
/// scenario reports no staffing, see [`ValidScenario::reports_staffing`]).
pub fn figures(
    sc: &ValidScenario,
    acc: &ScopeAccumulators,
    range: std::ops::Range<usize>,
    scope: Scope,
) -> Option<OrderedMap<StaffingFigures>> {
    if !sc.reports_staffing() {
        return None;
    }
    let hours = sc.horizon.interval / 3600.0;
    let n = range.len().max(1) as f64;
    let fte_scope = match scope {
        Scope::Daily => FteScope::Daily,
        Scope::Horizon => FteScope::Horizon,
    };
    let fte_divisor = fte_hours(sc, range.clone(), fte_scope);
    Some(OrderedMap(
        sc.groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let heads: f64 = group.scheduled[range.clone()].iter().sum();
                let paid_hours = heads * hours;
                let figures = StaffingFigures {
                    on_phones: acc.on_phones(g),
                    scheduled: heads / n,
                    paid_hours,
                    fte: paid_hours / fte_divisor,
                    cost: group.cost_per_agent_hour.map(|c| c * paid_hours),
                };
                (group.name.clone(), figures)
            })
            .collect(),
    ))
}
