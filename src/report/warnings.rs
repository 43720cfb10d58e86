//! Warnings a report carries: where the figures should not be trusted as
//! they stand, or where the scenario asks for more than it can get.

use super::RunReport;
use crate::scenario::ValidScenario;

/// The widest 95% half-width of an interval's service level that is still
/// precise enough to staff by (5 percentage points).
pub const SL_HALF_WIDTH_LIMIT: f64 = 0.05;

/// All warnings for `report` of scenario `sc`.
pub fn collect(sc: &ValidScenario, report: &RunReport) -> Vec<String> {
    let mut out = Vec::new();
    let h = sc.horizon;
    let overloaded: Vec<String> = (h.warmup_intervals..h.intervals)
        .filter(|&k| sc.offered_load(k) > 0.0 && sc.offered_load(k) >= sc.capacity(k))
        .map(|k| {
            format!(
                "{} ({:.1} Erlangs on {:.1} agents)",
                h.long_label(k),
                sc.offered_load(k),
                sc.capacity(k)
            )
        })
        .collect();
    if !overloaded.is_empty() {
        out.push(format!(
            "load at or over 100% in {} interval(s): {}; the queue grows there and only abandonment or later intervals relieve it",
            overloaded.len(),
            overloaded.join(", ")
        ));
    }
    if sc.declared_types {
        out.extend(type_overload(sc));
    }
    if report.wait_p90_capped > 0 {
        out.push(format!(
            "wait_p90_seconds is a lower bound: {} per-replication 90th percentile(s) lay beyond the wait histogram's top of {:.3e} s and were counted at it",
            report.wait_p90_capped,
            crate::stats::histogram::TOP
        ));
    }
    if sc.replications < 2 {
        out.push("one replication: no confidence interval can be given; use at least 30".into());
    } else {
        let wide: Vec<(String, f64)> = report
            .intervals
            .iter()
            .filter_map(|i| {
                let hw = i.figures.service_level.half_width();
                (hw > SL_HALF_WIDTH_LIMIT).then(|| (i.start.clone(), hw))
            })
            .collect();
        if let Some(worst) = wide.iter().map(|(_, hw)| *hw).reduce(f64::max) {
            let needed =
                (f64::from(sc.replications) * (worst / SL_HALF_WIDTH_LIMIT).powi(2)).ceil();
            out.push(format!(
                "too few replications for the interval width: the service level of {} interval(s) is known only to within ±{:.1} points (95%); about {} replications would bring every interval within ±{:.0}",
                wide.len(),
                worst * 100.0,
                needed,
                SL_HALF_WIDTH_LIMIT * 100.0
            ));
        }
    }
    out
}

/// Call types whose own load reaches the capacity of every group that
/// serves them (counting each such group's agents in full): those calls
/// queue up whatever the rest of the center does.
fn type_overload(sc: &ValidScenario) -> Vec<String> {
    let h = sc.horizon;
    let mut out = Vec::new();
    for (ty, t) in sc.types.iter().enumerate() {
        let hot: Vec<String> = (h.warmup_intervals..h.intervals)
            .filter_map(|k| {
                let load = sc.type_load(ty, k);
                let capacity: f64 = sc
                    .groups
                    .iter()
                    .filter_map(|g| {
                        let s = g.skill(ty)?;
                        Some(f64::from(g.agents[k]) / s.handle_time_factor)
                    })
                    .sum();
                (load > 0.0 && load >= capacity).then(|| {
                    format!(
                        "{} ({load:.1} Erlangs on {capacity:.1} agents)",
                        h.long_label(k)
                    )
                })
            })
            .collect();
        if !hot.is_empty() {
            out.push(format!(
                "call type \"{}\" alone loads the groups that serve it to 100% or more in {} interval(s): {}",
                t.name,
                hot.len(),
                hot.join(", ")
            ));
        }
    }
    out
}
