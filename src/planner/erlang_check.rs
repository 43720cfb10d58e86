//! The simulation beside the formula: one stationary Erlang staffing
//! simulated as a scenario of its own (`ccsim erlang --simulate N`).
//!
//! The scenario: a constant arrival rate (Poisson), exponential handle time
//! with the given mean, exponential patience with the given mean (Erlang A;
//! nobody abandons for Erlang C), `agents` agents in one group, and for
//! Erlang B as many trunk lines as agents (no queue). It runs 10 hours after a
//! 2-hour warm-up (so the empty start does not bias the figures), `N`
//! replications from `seed`, and reports the horizon's service level
//! (definition `offered`, as the formulas count it), ASA and abandonment
//! with their 95% intervals.

use crate::analytic::Model;
use crate::error::Error;
use crate::plot::erlang::SimulatedPoint;
use crate::report::RunReport;
use crate::scenario;

/// Simulates `agents` agents at `rate` calls per second with mean handle
/// time `aht` (seconds) under `model`, threshold `threshold` seconds.
pub fn simulate_point(
    model: Model,
    rate: f64,
    aht: f64,
    agents: u32,
    threshold: f64,
    replications: u32,
    seed: u64,
) -> Result<SimulatedPoint, Error> {
    let patience = match model {
        Model::ErlangA { mean_patience } if mean_patience.is_finite() => format!(
            "[patience]\ndistribution = \"exponential\"\nmean_seconds = {mean_patience:?}\n"
        ),
        _ => String::new(),
    };
    let lines = match model {
        Model::ErlangB => format!("[lines]\ncount = {agents}\n"),
        _ => String::new(),
    };
    let text = format!(
        "name = \"erlang check, {agents} agents\"\n\
         [simulation]\nreplications = {replications}\nseed = {seed}\nwarmup_minutes = 120\n\
         [horizon]\nstart = \"00:00\"\nend = \"12:00\"\ninterval_minutes = 60\n\
         [service_level]\nthreshold_seconds = {threshold:?}\ntarget = 0.8\n\
         [arrivals]\ncalls_per_hour = {:?}\n\
         [handle_time]\ndistribution = \"exponential\"\nmean_seconds = {aht:?}\n\
         {patience}{lines}\
         [[groups]]\nname = \"agents\"\nagents = {agents}\n",
        rate * 3600.0
    );
    let bad = |m: String| Error::Usage(format!("--simulate: cannot build the check scenario: {m}"));
    let raw = scenario::parse(&text).map_err(|e| bad(e.to_string()))?;
    let sc = scenario::validate(&raw).map_err(|p| bad(format!("{p:?}")))?;
    let sim = crate::simulation::simulate(&sc, &|| {}, |_, _, _| {});
    let r = RunReport::new(&sc, &sim.summary, sim.work);
    Ok(SimulatedPoint {
        agents,
        service_level: r.total.service_level,
        asa_seconds: r.total.asa_seconds,
        abandon_rate: r.total.abandon_rate,
    })
}
