//! Paid hours of a group staffed by shifts: the shifts' spans less their
//! unpaid breaks (each agent's at its staggered start), interval by
//! interval, to the cent in the cost; what `ccsim schedule` counts as paid.

use super::common::ccsim;

const SCENARIO: &str = r#"
name = "paid shifts"
[horizon]
start = "08:00"
end = "18:00"
interval_minutes = 30
[arrivals]
calls_per_hour = 40
[handle_time]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "g"
cost_per_agent_hour = 28
absenteeism = 0.1
[[groups.shifts]]
start = "08:00"
length = "08:30"
count = 4
[[groups.shifts.breaks]]
after = "02:00"
within = "01:00"
length = "00:15"
[[groups.shifts.breaks]]
after = "04:00"
within = "01:00"
length = "00:30"
paid = false
[[groups.shifts]]
start = "12:00"
length = "04:00"
count = 3
"#;

/// Paid heads in each 30-minute interval from 08:00, by brute force: every
/// agent's state sampled each 30 s (break starts fall on a 450 s grid).
fn brute_force() -> Vec<f64> {
    let mut paid = vec![0.0; 20];
    let step = 30.0;
    for (k, p) in paid.iter_mut().enumerate() {
        let from = 8.0 * 3600.0 + 1800.0 * k as f64;
        let mut t = from + step / 2.0;
        while t < from + 1800.0 {
            // Shift 1: 4 agents 08:00-16:30, lunch 30 min starting
            // 12:00 + 60 min * (i + 0.5) / 4.
            for i in 0..4 {
                let on = (8.0 * 3600.0..16.5 * 3600.0).contains(&t);
                let lunch = 12.0 * 3600.0 + 3600.0 * (i as f64 + 0.5) / 4.0;
                let at_lunch = (lunch..lunch + 1800.0).contains(&t);
                if on && !at_lunch {
                    *p += step / 1800.0;
                }
            }
            // Shift 2: 3 agents 12:00-16:00.
            if (12.0 * 3600.0..16.0 * 3600.0).contains(&t) {
                *p += 3.0 * step / 1800.0;
            }
            t += step;
        }
    }
    paid
}

#[test]
fn unpaid_breaks_are_not_paid_and_cost_is_paid_hours_times_the_rate() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paid.toml");
    std::fs::write(&file, SCENARIO).unwrap();
    let json = dir.path().join("paid.json");
    let out = ccsim(&[
        "run",
        file.to_str().unwrap(),
        "-r",
        "5",
        "-q",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    // 4 agents x (8:30 - 0:30 unpaid) + 3 agents x 4:00 = 44 paid hours.
    let paid = j["staffing"]["g"]["paid_hours"].as_f64().unwrap();
    assert!((paid - 44.0).abs() < 1e-9, "{paid}");
    let cost = j["costs"]["total"]["mean"].as_f64().unwrap();
    assert_eq!(
        (cost * 100.0).round(),
        123_200.0,
        "44 h x 28 = 1,232.00: {cost}"
    );
    let hours = j["costs"]["groups"]["g"]["scheduled_agent_hours"]
        .as_f64()
        .unwrap();
    assert!((hours - 44.0).abs() < 1e-9, "{hours}");
    // Interval by interval: the lunches come out where they are taken.
    let expect = brute_force();
    let intervals = j["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), expect.len());
    for (i, e) in intervals.iter().zip(&expect) {
        let got = i["staffing"]["g"]["scheduled"].as_f64().unwrap();
        assert!(
            (got - e).abs() < 1e-9,
            "{}: {got} paid heads, by brute force {e}",
            i["start"]
        );
    }
    // 12:00-12:30: 7 on shift, lunches from 12:07:30 and 12:22:30 take
    // 22.5 + 7.5 minutes of it: 7 - 1 = 6 paid heads.
    assert!((expect[8] - 6.0).abs() < 1e-12, "{}", expect[8]);
}

#[test]
fn staff_refuses_to_search_a_group_staffed_by_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paid.toml");
    std::fs::write(&file, SCENARIO).unwrap();
    let out = ccsim(&["staff", file.to_str().unwrap(), "-r", "2", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "paid.toml",
        "\"g\"",
        "[[groups.shifts]]",
        "agents",
        "ccsim schedule",
    ] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
}
