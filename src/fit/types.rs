//! Call types from a call log with a type column: one `[[call_types]]`
//! entry per type with enough calls, each with its own arrivals per
//! interval, handle time, patience and priority.
//!
//! - **Which types**: a type needs [`MIN_TYPE_CALLS`] call attempts inside
//!   the horizon on the days used; smaller ones (and rows with an empty
//!   type cell) are merged into one type named [`OTHER_TYPE`], fitted like
//!   the others. A type named `all` (reserved by ccsim) is written `all_`.
//! - **Arrivals**: the type's calls per interval summed over the days used,
//!   divided by the number of days (the same days as the pooled profile,
//!   so the types add up to the pooled arrivals).
//! - **Handle time and patience**: fitted to the type's calls exactly as
//!   the pooled ones ([`super::handle`], [`super::fit_patience`]). A type
//!   without handle times inherits the top-level (pooled) `[handle_time]`;
//!   a type nobody abandoned in gets `patience = none`.
//! - **Priority**: with a priority column, the most frequent priority among
//!   the type's calls (ties: the larger), written as is; in ccsim larger is
//!   served first, as in the bank's log where 2 = high priority customers.

use std::collections::BTreeMap;

use super::patience::Wait;
use super::profile::{clock, Profile};
use super::{fit_patience, handle, FitOptions, HandleResult, PatienceResult};
use crate::history::calls::{CallOutcome, CallRow};

/// Smallest number of calls (inside the horizon, on the days used) for a
/// type of its own; smaller types are merged into [`OTHER_TYPE`].
pub const MIN_TYPE_CALLS: usize = 50;
/// Name of the type that collects the small types and untyped rows.
pub const OTHER_TYPE: &str = "other";

/// One fitted call type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeFit {
    /// Name written into the scenario.
    pub name: String,
    /// Type values of the log merged into this one (the name itself for a
    /// type of its own), with their call counts.
    pub members: Vec<(String, usize)>,
    /// Call attempts used.
    pub calls: usize,
    /// Answered calls.
    pub answered: usize,
    /// Abandoned calls.
    pub abandoned: usize,
    /// Mean calls per interval over the days used.
    pub calls_per_interval: Vec<f64>,
    /// Fitted handle time (`None`: inherits the top-level one).
    pub handle: Option<HandleResult>,
    /// Fitted patience.
    pub patience: PatienceResult,
    /// Priority written (the mode) and the count of each priority seen.
    pub priority: Option<(i64, Vec<(i64, usize)>)>,
}

/// Fits one entry per call type, or returns an empty list when no call has
/// a type. `inside` are the calls inside the horizon on the days used.
pub fn fit_types(inside: &[&CallRow], prof: &Profile, opt: &FitOptions) -> Vec<TypeFit> {
    if inside.iter().all(|c| c.call_type.is_none()) {
        return Vec::new();
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in inside {
        *counts
            .entry(c.call_type.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let name_of = |t: &str| -> String {
        let n = counts.get(t).copied().unwrap_or(0);
        if t.trim().is_empty() || n < MIN_TYPE_CALLS {
            OTHER_TYPE.to_string()
        } else if t == "all" {
            "all_".to_string()
        } else {
            t.to_string()
        }
    };
    // Types of their own by decreasing volume, then "other".
    let mut groups: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    let mut order: Vec<(&String, &usize)> = counts.iter().collect();
    order.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (t, n) in order {
        let name = name_of(t);
        let label = if t.trim().is_empty() {
            "(no type)".to_string()
        } else {
            t.clone()
        };
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, m)) => m.push((label, *n)),
            None => groups.push((name, vec![(label, *n)])),
        }
    }
    if let Some(i) = groups.iter().position(|(g, _)| g == OTHER_TYPE) {
        let other = groups.remove(i);
        groups.push(other);
    }
    let days = prof.days.len().max(1) as f64;
    groups
        .into_iter()
        .map(|(name, members)| {
            let mine: Vec<&CallRow> = inside
                .iter()
                .copied()
                .filter(|c| name_of(c.call_type.as_deref().unwrap_or("")) == name)
                .collect();
            let mut per = vec![0.0; prof.grid.intervals];
            for c in &mine {
                if let Some(k) = prof.grid.index(clock(c.arrival)) {
                    per[k] += 1.0;
                }
            }
            let calls_per_interval = per.iter().map(|x| x / days).collect();
            let handles: Vec<f64> = mine
                .iter()
                .filter(|c| c.outcome == CallOutcome::Answered)
                .filter_map(|c| c.handle)
                .collect();
            let handle = handle::fit_handle(&handles).map(|fit| HandleResult::Fitted {
                fit,
                empirical: opt.empirical_handle,
            });
            let waits: Vec<Wait> = mine
                .iter()
                .filter_map(|c| {
                    c.wait.map(|w| Wait {
                        seconds: w,
                        abandoned: c.outcome == CallOutcome::Abandoned,
                    })
                })
                .collect();
            let patience = fit_patience(&waits, opt.patience);
            let mut prio: BTreeMap<i64, usize> = BTreeMap::new();
            for p in mine.iter().filter_map(|c| c.priority) {
                *prio.entry(p).or_default() += 1;
            }
            let priority = prio
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                .map(|(p, _)| (*p, prio.iter().map(|(p, n)| (*p, *n)).collect()));
            TypeFit {
                name,
                members,
                calls: mine.len(),
                answered: mine
                    .iter()
                    .filter(|c| c.outcome == CallOutcome::Answered)
                    .count(),
                abandoned: mine
                    .iter()
                    .filter(|c| c.outcome == CallOutcome::Abandoned)
                    .count(),
                calls_per_interval,
                handle,
                patience,
                priority,
            }
        })
        .collect()
}
