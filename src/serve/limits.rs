//! The workbench's budget per request (documented in docs/serve.md): what
//! one browser may ask of the machine at once.

use crate::scenario::ValidScenario;

/// Largest request body (a scenario, or several for a comparison): 1 MiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Most replications of one run, one comparison or one staffing search.
pub const MAX_REPLICATIONS: u32 = 1000;
/// Longest horizon a request may simulate: 7 days.
pub const MAX_HORIZON_SECONDS: f64 = 7.0 * 86_400.0;
/// Most expected simulated calls (replications × expected calls of one
/// replication) of a run or a comparison (all scenarios together); about
/// 3 s on one core.
pub const MAX_RUN_CALLS: f64 = 20e6;
/// Most replications per candidate staffing of `staff`.
pub const MAX_STAFF_REPLICATIONS: u32 = 100;
/// Most expected calls per candidate staffing of `staff`
/// (replications × expected calls of one replication).
pub const MAX_STAFF_CALLS: f64 = 1e6;
/// Scenarios of one comparison at most.
pub const MAX_COMPARE_SCENARIOS: usize = 6;
/// Expected simulated calls of one what-if (all its simulated points
/// together): about 0.3 s on one busy core, far less on an idle machine.
pub const WHATIF_CALLS: f64 = 1.5e6;
/// Finished runs kept for their downloads (oldest forgotten first).
pub const KEPT_RUNS: usize = 32;
/// A run nobody has polled for this long is cancelled: its client went away.
pub const LEASE_SECONDS: f64 = 5.0;

/// Expected calls of one replication of `sc` (arrivals only, retrials not counted).
pub fn calls_per_replication(sc: &ValidScenario) -> f64 {
    (0..sc.horizon.intervals)
        .map(|k| sc.expected_calls(k))
        .sum()
}

/// Checks the horizon and `replications` against the budget with
/// `calls` expected calls per replication; `Err` says what is over and the fix.
pub fn check(sc: &ValidScenario, replications: u32, max_calls: f64) -> Result<(), String> {
    let horizon = sc.horizon.interval * sc.horizon.intervals as f64;
    if horizon > MAX_HORIZON_SECONDS {
        return Err(format!(
            "the horizon is {:.1} days; the workbench simulates at most {:.0} days per request (use `ccsim run` for longer horizons)",
            horizon / 86_400.0,
            MAX_HORIZON_SECONDS / 86_400.0
        ));
    }
    if replications == 0 {
        return Err("replications must be at least 1".into());
    }
    if replications > MAX_REPLICATIONS {
        return Err(format!(
            "{replications} replications asked; the workbench runs at most {MAX_REPLICATIONS} per request (use `ccsim run` for more)"
        ));
    }
    let calls = calls_per_replication(sc) * f64::from(replications);
    if calls > max_calls {
        return Err(format!(
            "{replications} replications of about {:.0} calls each are {:.1} million calls; the workbench's budget is {:.1} million per request: use fewer replications (at most {}) or `ccsim run`",
            calls_per_replication(sc),
            calls / 1e6,
            max_calls / 1e6,
            (max_calls / calls_per_replication(sc).max(1.0)).floor().max(1.0)
        ));
    }
    Ok(())
}
