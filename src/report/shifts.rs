//! The `shifts` block of a report scope: per group staffed by
//! `[[groups.shifts]]`, agents on shift, on a break and on the phones, the
//! break delay and the overtime (docs/output.md, "Shift figures").

use super::OrderedMap;
use crate::scenario::ValidScenario;
use crate::stats::{Estimate, ScopeAccumulators};

/// One shift group's figures in one scope, each the mean over
/// replications with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ShiftFigures {
    /// Mean agents on shift (present: on the phones or on a break; absent
    /// agents are not on shift).
    pub on_shift: Estimate,
    /// Mean agents on a break.
    pub on_break: Estimate,
    /// Mean agents on the phones (idle or on a call, including those
    /// finishing a call past a break's or the shift's due time).
    pub on_phones: Estimate,
    /// Mean minutes a break started late because the agent finished the
    /// call in hand first, over the breaks that fell due in the scope
    /// (null when none did).
    pub break_delay_minutes: Estimate,
    /// Agent-minutes worked past the end of the shifts ending in the scope
    /// (finishing the call in hand), per replication.
    pub overtime_minutes: Estimate,
}

/// The block for one scope: every group staffed by shifts, in file order
/// (absent when the scenario has none, or for a call type's scope).
pub fn figures(sc: &ValidScenario, acc: &ScopeAccumulators) -> Option<OrderedMap<ShiftFigures>> {
    let map: Vec<(String, ShiftFigures)> = sc
        .groups
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            let s = acc.shift_figures(g)?;
            let f = ShiftFigures {
                on_shift: s.on_shift,
                on_break: s.on_break,
                on_phones: acc.on_phones(g),
                break_delay_minutes: s.break_delay_minutes,
                overtime_minutes: s.overtime_minutes,
            };
            Some((group.name.clone(), f))
        })
        .collect();
    (!map.is_empty()).then_some(OrderedMap(map))
}
