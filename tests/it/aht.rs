//! The reported average handle time (`aht_seconds`: talk plus wrap-up of
//! answered calls, after the group's factor) against the means it is drawn
//! from: per interval, per day, for the horizon and per call type. Each check
//! is at level 1 - 1e-4 with the standard error taken from the report's own
//! 95% interval (fixed seeds: deterministic, and each can fail).

use ccsim::replicate;
use ccsim::report::RunReport;
use ccsim::scenario::ValidScenario;
use ccsim::stats::Estimate;
use serde_json::Value;

use super::common::scenario_from;

/// z of a two-sided level 1 - 1e-4.
const Z: f64 = 3.89;

fn json(sc: &ValidScenario) -> Value {
    let (summary, work) = replicate::simulate(sc, &|| {});
    serde_json::to_value(RunReport::new(sc, &summary, work)).expect("the report serializes")
}

fn estimate(v: &Value) -> Estimate {
    let ci = v["ci95"].as_array().expect("ci95");
    Estimate {
        mean: v["mean"].as_f64().expect("mean"),
        ci95: [ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap()],
    }
}

/// Asserts that `v` (a `{mean, ci95}` object) holds `expected` within Z
/// standard errors (the 95% half-width over 1.96 is an upper bound of it at
/// these replication counts), and that the interval is narrow enough to tell
/// `expected` from `expected * (1 -+ 4%)`.
fn assert_near(v: &Value, expected: f64, what: &str) {
    let e = estimate(v);
    let se = e.half_width() / 1.96;
    assert!(
        (e.mean - expected).abs() <= Z * se,
        "{what}: aht {} (±{}) but expected {expected}",
        e.mean,
        e.half_width()
    );
    assert!(
        Z * se < 0.04 * expected,
        "{what}: interval too wide ({})",
        e.half_width()
    );
}

const SCENARIO: &str = r#"
name = "aht"
[simulation]
replications = 40
seed = 11
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
days = 2
[arrivals]
calls_per_hour = 400
[handle_time]
distribution = "exponential"
mean_seconds = 300
[wrap_up]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "team"
agents = 60
"#;

#[test]
fn aht_is_talk_plus_wrap_up_per_interval_day_and_horizon() {
    let sc = scenario_from(SCENARIO);
    let j = json(&sc);
    assert_near(&j["total"]["aht_seconds"], 360.0, "total");
    for d in j["days"].as_array().expect("days") {
        assert_near(&d["aht_seconds"], 360.0, "day");
    }
    let intervals = j["intervals"].as_array().expect("intervals");
    assert_eq!(intervals.len(), 8);
    for i in intervals {
        let e = estimate(&i["aht_seconds"]);
        let se = e.half_width() / 1.96;
        assert!((e.mean - 360.0).abs() <= Z * se, "interval aht {}", e.mean);
    }
    // Without [wrap_up] the AHT is the talk alone.
    let text = SCENARIO.replace(
        "[wrap_up]\ndistribution = \"exponential\"\nmean_seconds = 60\n",
        "",
    );
    assert!(!text.contains("wrap_up"));
    assert_near(
        &json(&scenario_from(&text))["total"]["aht_seconds"],
        300.0,
        "talk only",
    );
}

#[test]
fn each_interval_reports_the_mean_of_its_own_handle_time() {
    let means = [100.0, 200.0, 300.0, 400.0];
    let sc = scenario_from(
        r#"
name = "aht profile"
[simulation]
replications = 100
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 300
[handle_time]
distribution = "lognormal"
mean_seconds = [100, 200, 300, 400]
cv = [0.5, 0.5, 1.0, 1.0]
[[groups]]
name = "team"
agents = 200
"#,
    );
    let j = json(&sc);
    let intervals = j["intervals"].as_array().expect("intervals");
    for (i, m) in intervals.iter().zip(means) {
        assert_near(&i["aht_seconds"], m, &format!("interval {}", i["start"]));
    }
    // The day: the call-weighted mean (equal calls per interval).
    assert_near(&j["total"]["aht_seconds"], 250.0, "day");
}

#[test]
fn each_call_type_and_group_factor_shows_in_its_aht() {
    let sc = scenario_from(
        r#"
name = "aht types"
[simulation]
replications = 40
seed = 9
[horizon]
start = "08:00"
end = "11:00"
interval_minutes = 60
days = 2
[[call_types]]
name = "short"
calls_per_hour = 300
[call_types.handle_time]
distribution = "exponential"
mean_seconds = 200
[[call_types]]
name = "long"
calls_per_hour = 200
[call_types.handle_time]
distribution = "exponential"
mean_seconds = 400
[call_types.wrap_up]
distribution = "deterministic"
mean_seconds = 50
[[groups]]
name = "slow"
agents = 150
handle_time_factor = 1.5
"#,
    );
    let j = json(&sc);
    assert_near(&j["types"]["short"]["total"]["aht_seconds"], 300.0, "short");
    assert_near(&j["types"]["long"]["total"]["aht_seconds"], 675.0, "long");
    // All calls: (300 * 300 + 200 * 675) / 500.
    assert_near(&j["total"]["aht_seconds"], 450.0, "all");
    for i in j["types"]["long"]["intervals"].as_array().unwrap() {
        let e = estimate(&i["aht_seconds"]);
        assert!((e.mean - 675.0).abs() <= Z * e.half_width() / 1.96, "{e:?}");
    }
}
