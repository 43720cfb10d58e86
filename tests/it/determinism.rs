//! Same scenario, same seed: bit-identical results whatever the thread count,
//! and common random numbers across staffing alternatives.

use ccsim::commands::run::simulate_report;
use ccsim::model::CallCenter;

use super::common::{ccsim, repo_path, scenario_from};

#[test]
fn one_and_four_threads_give_identical_json() {
    let mut sc =
        ccsim::scenario::load(&repo_path("scenarios/hotline-weekday.toml")).expect("valid");
    sc.replications = 37; // not a multiple of the thread count
    let one = simulate_report(&sc, Some(1)).expect("runs");
    let four = simulate_report(&sc, Some(4)).expect("runs");
    let a = serde_json::to_string(&one).expect("json");
    let b = serde_json::to_string(&four).expect("json");
    assert_eq!(a, b);
}

#[test]
fn the_cli_writes_identical_json_for_any_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = repo_path("scenarios/small-office-retrials.toml");
    let mut outputs = Vec::new();
    for threads in ["1", "3"] {
        let path = dir.path().join(format!("t{threads}.json"));
        let out = ccsim(&[
            "run",
            scenario.to_str().expect("utf-8 path"),
            "--threads",
            threads,
            "--replications",
            "50",
            "--json",
            path.to_str().expect("utf-8 path"),
            "--quiet",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(std::fs::read(&path).expect("json written"));
    }
    assert_eq!(outputs[0], outputs[1]);
}

/// Two staffing levels see the same callers: the arrivals and handle times
/// drawn do not depend on the agents.
#[test]
fn staffing_alternatives_share_their_callers() {
    let text = |agents: u32| {
        format!(
            r#"
name = "crn"
[horizon]
start = "08:00"
end = "12:00"
[arrivals]
calls_per_hour = 300
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 90
[[groups]]
name = "a"
agents = {agents}
"#
        )
    };
    let arrivals = |agents: u32| {
        let sc = scenario_from(&text(agents));
        let mut model = CallCenter::new(&sc);
        let mut tally = model.new_tally();
        let mut seen = Vec::new();
        model.run_observed(3, &mut tally, &mut |r: &ccsim::model::CallRecord| {
            seen.push((r.caller, r.arrival.to_bits()))
        });
        seen.sort();
        seen
    };
    assert_eq!(arrivals(18), arrivals(23));
}
