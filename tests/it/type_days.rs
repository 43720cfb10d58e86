//! Per-type figures per day (issue 10): on a multi-day horizon each call
//! type's report carries a `days` block like the top-level one, whose
//! offered calls follow the day factors and add up to the day's total.

use ccsim::replicate::simulate;
use ccsim::report::RunReport;
use ccsim::scenario;

const THREE_DAYS: &str = r#"
name = "types over three days"
[simulation]
replications = 60
seed = 17
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
days = 3
first_day = "fri"
[arrivals]
day_factors = [1.0, 0.5, 2.0]
[handle_time]
distribution = "exponential"
mean_seconds = 120
[[call_types]]
name = "a"
calls_per_hour = 60
[[call_types]]
name = "b"
calls_per_hour = 30
[[groups]]
name = "team"
agents = 6
"#;

fn report(text: &str) -> serde_json::Value {
    let raw = scenario::parse(text).unwrap();
    let sc = scenario::validate(&raw).unwrap();
    let (summary, work) = simulate(&sc, &|| {});
    serde_json::to_value(RunReport::new(&sc, &summary, work)).unwrap()
}

#[test]
fn each_type_has_its_days_matching_the_day_factors() {
    let r = report(THREE_DAYS);
    let factors = [1.0, 0.5, 2.0];
    for (name, per_hour) in [("a", 60.0), ("b", 30.0)] {
        let days = r["types"][name]["days"].as_array().expect("types.<t>.days");
        assert_eq!(days.len(), 3);
        for (d, day) in days.iter().enumerate() {
            assert_eq!(day["day"], d + 1);
            assert_eq!(day["weekday"], ["fri", "sat", "sun"][d]);
            let offered = &day["offered"];
            let mean = offered["mean"].as_f64().unwrap();
            let lo = offered["ci95"][0].as_f64().unwrap();
            let hw = mean - lo;
            // Poisson mean of two hours at the day's factor; 2 half-widths
            // of the 95% interval is about 4 standard errors.
            let expected = 2.0 * per_hour * factors[d];
            assert!(
                (mean - expected).abs() <= 2.0 * hw,
                "type {name} day {}: {mean} ±{hw} against {expected}",
                d + 1
            );
        }
    }
    // The types' days add up to the day's figures exactly (the same calls).
    for d in 0..3 {
        let total = r["days"][d]["offered"]["mean"].as_f64().unwrap();
        let sum: f64 = ["a", "b"]
            .iter()
            .map(|t| {
                r["types"][t]["days"][d]["offered"]["mean"]
                    .as_f64()
                    .unwrap()
            })
            .sum();
        assert!((total - sum).abs() < 1e-9, "day {d}: {total} vs {sum}");
    }
}

#[test]
fn a_one_day_horizon_has_no_type_days() {
    let one = THREE_DAYS
        .replace("days = 3\nfirst_day = \"fri\"\n", "")
        .replace("day_factors = [1.0, 0.5, 2.0]\n", "");
    let r = report(&one);
    assert!(r["types"]["a"].get("days").is_none());
    assert!(
        r["types"]["a"]["total"]["offered"]["mean"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}
