//! Paid time of a staffing: the heads to schedule for agents on the phones
//! (shrinkage-aware), their paid hours, full-time equivalents and wage cost,
//! per interval and over a range of intervals.
//!
//! # Rules
//! - **Scheduled heads** for `a` agents on the phones of a group with
//!   shrinkage `s`: the fewest whole heads whose share on the phones reaches
//!   `a`, `ceil(a / (1 - s))` (`a` itself without shrinkage). These are the
//!   heads `ccsim staff --out` writes as `scheduled`. Absenteeism needs no
//!   extra heads here: the simulation draws absence from the agents on the
//!   phones, so a plan that meets the targets already covers it.
//! - **Paid hours**: scheduled heads times the interval length (absent
//!   agents are paid, as in `ccsim run`'s `staffing` block).
//! - **FTE**: paid hours over `[economics] fte_hours_per_day` (default 8) for
//!   an interval or a day; over a horizon of 7 days or more, over
//!   `fte_hours_per_week` (default 40) times weeks; over a shorter horizon,
//!   over `fte_hours_per_day` times the open days it spans.
//! - **Cost**: paid hours times the group's `cost_per_agent_hour`.

use crate::scenario::ValidScenario;

/// Paid figures of one group over one scope.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PaidFigures {
    /// Agent-hours on the phones (planned, before absence).
    pub agent_hours: f64,
    /// Scheduled heads: per interval, the interval's; over a range, the mean per interval.
    pub scheduled: f64,
    /// Paid hours: scheduled heads times hours.
    pub paid_hours: f64,
    /// Full-time equivalents (see the module documentation).
    pub fte: f64,
    /// Paid hours times `cost_per_agent_hour`; absent without a wage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

/// The heads to schedule for `agents` on the phones at `shrinkage`.
pub fn scheduled_heads(agents: u32, shrinkage: f64) -> u32 {
    if shrinkage > 0.0 {
        let heads = (f64::from(agents) / (1.0 - shrinkage) - 1e-9).ceil();
        heads.max(0.0).min(f64::from(u32::MAX)) as u32
    } else {
        agents
    }
}

/// Whether a scope is an interval or day, or a whole horizon (FTE rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FteScope {
    /// One interval or one day: FTE per `fte_hours_per_day`.
    Daily,
    /// The whole horizon.
    Horizon,
}

/// The hours one FTE stands for over the intervals `range` of `sc`.
pub fn fte_hours(sc: &ValidScenario, range: std::ops::Range<usize>, scope: FteScope) -> f64 {
    let econ = sc.economics.unwrap_or_default();
    let h = sc.horizon;
    match scope {
        FteScope::Daily => econ.fte_hours_per_day,
        FteScope::Horizon if h.days >= 7 => econ.fte_hours_per_week * h.days as f64 / 7.0,
        FteScope::Horizon => {
            let open = h.day_of(range.end.saturating_sub(1)) + 1 - h.day_of(range.start);
            econ.fte_hours_per_day * open as f64
        }
    }
}

/// Paid figures of group `g` of `sc` staffed with `agents` on the phones
/// (one per interval of the horizon) over the intervals `range`.
pub fn paid(
    sc: &ValidScenario,
    g: usize,
    agents: &[u32],
    range: std::ops::Range<usize>,
    scope: FteScope,
) -> PaidFigures {
    let group = &sc.groups[g];
    let hours = sc.horizon.interval / 3600.0;
    let n = range.len().max(1) as f64;
    let on_phones: f64 = agents[range.clone()].iter().map(|&a| f64::from(a)).sum();
    let heads: f64 = agents[range.clone()]
        .iter()
        .map(|&a| f64::from(scheduled_heads(a, group.shrinkage)))
        .sum();
    let paid_hours = heads * hours;
    PaidFigures {
        agent_hours: on_phones * hours,
        scheduled: heads / n,
        paid_hours,
        fte: paid_hours / fte_hours(sc, range, scope),
        cost: group.cost_per_agent_hour.map(|c| c * paid_hours),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_cover_the_agents_on_the_phones() {
        assert_eq!(scheduled_heads(70, 0.3), 100);
        assert_eq!(scheduled_heads(71, 0.3), 102);
        assert_eq!(scheduled_heads(7, 0.0), 7);
        assert_eq!(scheduled_heads(0, 0.5), 0);
    }
}
