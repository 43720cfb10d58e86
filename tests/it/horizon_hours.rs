//! `[horizon.hours]`: opening hours per weekday. A week with a short
//! Saturday and a closed Sunday runs as one continuous horizon; each day
//! offers the calls of its own hours (checked against the Poisson mean at
//! level 1 - 1e-4 with the report's own interval), no call arrives outside
//! the opening hours, and the report's days and intervals carry the right
//! `day`, `start` and `end`. Bad hours are refused naming the key.

use ccsim::model::{CallCenter, CallRecord};
use ccsim::replicate;
use ccsim::report::RunReport;
use ccsim::scenario::{ValidScenario, DAY};
use serde_json::Value;

use super::common::{ccsim, scenario_from};

const Z: f64 = 3.89;

/// 60-minute intervals 08:00-20:00 on weekdays, Saturday 09:00-14:00, Sunday closed.
const WEEK: &str = r#"
name = "short saturday"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "20:00"
interval_minutes = 60
days = 7
first_day = "mon"
[horizon.hours]
sat = "09:00-14:00"
sun = "closed"
[arrivals]
calls_per_hour = [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50]
[handle_time]
distribution = "exponential"
mean_seconds = 240
[[groups]]
name = "team"
agents = 12
"#;

const PROFILE: [f64; 12] = [
    60.0, 80.0, 100.0, 120.0, 120.0, 100.0, 90.0, 90.0, 100.0, 90.0, 70.0, 50.0,
];

fn json(sc: &ValidScenario) -> Value {
    let (summary, work) = replicate::simulate(sc, &|| {});
    serde_json::to_value(RunReport::new(sc, &summary, work)).expect("the report serializes")
}

#[test]
fn a_short_saturday_has_its_own_intervals_and_calls() {
    let sc = scenario_from(WEEK);
    let h = sc.horizon;
    assert!(!h.uniform);
    assert_eq!(h.intervals, 5 * 12 + 5);
    assert_eq!(h.open_days(), 6);
    // Saturday takes the regular day's values at its own clock times (09:00-14:00).
    let sat: Vec<f64> = sc.types[0].rates[60..65]
        .iter()
        .map(|r| r * 3600.0)
        .collect();
    for (got, want) in sat.iter().zip(&PROFILE[1..6]) {
        assert!((got - want).abs() < 1e-9, "{sat:?}");
    }
    let j = json(&sc);
    let days = j["days"].as_array().expect("days");
    assert_eq!(days.len(), 6, "Sunday is closed: no entry");
    for (i, d) in days.iter().enumerate() {
        let (start, end, n, expected) = if i < 5 {
            ("08:00", "20:00", 12, PROFILE.iter().sum::<f64>())
        } else {
            ("09:00", "14:00", 5, PROFILE[1..6].iter().sum::<f64>())
        };
        assert_eq!(d["day"], i + 1);
        assert_eq!(d["start"], start);
        assert_eq!(d["end"], end);
        assert_eq!(d["intervals"], n);
        let mean = d["offered"]["mean"].as_f64().unwrap();
        let ci = d["offered"]["ci95"].as_array().unwrap();
        let se = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0 / 1.96;
        // Poisson: the standard error is near sqrt(mean / replications).
        assert!(se < 2.0 * (expected / 40.0).sqrt(), "{se}");
        assert!(
            (mean - expected).abs() <= Z * se,
            "day {}: offered {mean}, expected {expected}",
            i + 1
        );
    }
    assert_eq!(j["days"][5]["weekday"], "sat");
    let intervals = j["intervals"].as_array().expect("intervals");
    assert_eq!(intervals.len(), 65);
    for (k, i) in intervals.iter().enumerate() {
        let (day, hour) = if k < 60 {
            (k / 12 + 1, 8 + k % 12)
        } else {
            (6, 9 + (k - 60))
        };
        assert_eq!(i["day"], day, "interval {k}");
        assert_eq!(i["start"], format!("{hour:02}:00"), "interval {k}");
        assert_eq!(i["end"], format!("{:02}:00", hour + 1), "interval {k}");
    }
    // The horizon's offered calls: every open day's.
    let total: f64 = 5.0 * PROFILE.iter().sum::<f64>() + PROFILE[1..6].iter().sum::<f64>();
    let t = j["total"]["offered"]["mean"].as_f64().unwrap();
    assert!((t - total).abs() < 0.02 * total, "{t} vs {total}");
}

#[test]
fn no_call_arrives_outside_the_opening_hours() {
    let sc = scenario_from(WEEK);
    let h = sc.horizon;
    let mut model = CallCenter::new(&sc);
    let mut tally = model.new_tally();
    let mut seen = [0usize; 7];
    for rep in 0..4 {
        model.run_observed(rep, &mut tally, &mut |r: &CallRecord| {
            let k = r.interval as usize;
            assert!(
                r.arrival >= h.interval_start(k) && r.arrival < h.interval_end(k),
                "call at {} in interval {k}",
                r.arrival
            );
            // Simulation time 0 is Monday 08:00.
            let t = r.arrival + 8.0 * 3600.0;
            let (day, clock) = ((t / DAY) as usize, (t % DAY) / 3600.0);
            seen[day] += 1;
            match day {
                0..=4 => assert!((8.0..20.0).contains(&clock), "day {day} at {clock} h"),
                5 => assert!((9.0..14.0).contains(&clock), "saturday at {clock} h"),
                _ => panic!("a call on sunday (t = {})", r.arrival),
            }
        });
    }
    assert!(seen[5] > 1000 && seen[6] == 0, "{seen:?}");
}

#[test]
fn per_day_lists_take_each_days_own_intervals() {
    let text = WEEK.replace(
        "calls_per_hour = [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50]",
        "calls_per_hour = [[60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50], [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50], [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50], [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50], [60, 80, 100, 120, 120, 100, 90, 90, 100, 90, 70, 50], [10, 20, 30, 40, 50]]",
    );
    let sc = scenario_from(&text);
    let sat: Vec<f64> = sc.types[0].rates[60..].iter().map(|r| r * 3600.0).collect();
    assert_eq!(sat, vec![10.0, 20.0, 30.0, 40.0, 50.0]);
    // A Saturday list of the regular day's length is refused, naming the day.
    let bad = text.replace("[10, 20, 30, 40, 50]", "[10, 20, 30, 40, 50, 60]");
    let problems = format!(
        "{:?}",
        ccsim::scenario::validate(&ccsim::scenario::parse(&bad).unwrap()).unwrap_err()
    );
    assert!(
        problems.contains("arrivals.calls_per_hour[5]") && problems.contains("sat 6"),
        "{problems}"
    );
}

fn check_fails(text: &str, needles: &[&str]) {
    let dir = std::env::temp_dir().join(format!("ccsim-hours-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("s{}.toml", needles[0].len() + text.len()));
    std::fs::write(&path, text).unwrap();
    let out = ccsim(&["check", path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

#[test]
fn bad_or_conflicting_hours_are_refused_naming_the_key() {
    // Closed twice over is fine; open in one place and closed in the other is not.
    let closed_too = WEEK.replace(
        "sun = \"closed\"",
        "sun = \"\"\n[horizon.closed]\ndays = [\"sun\"]",
    );
    assert_eq!(scenario_from(&closed_too).horizon.intervals, 65);
    check_fails(
        &WEEK.replace(
            "sun = \"closed\"",
            "sun = \"10:00-12:00\"\n[horizon.closed]\ndays = [\"sun\"]",
        ),
        &["horizon.hours.sun", "10:00-12:00", "[horizon.closed]"],
    );
    check_fails(
        &WEEK.replace("sat = \"09:00-14:00\"", "sat = \"9 to 2\""),
        &["horizon.hours.sat", "9 to 2", "HH:MM-HH:MM"],
    );
    check_fails(
        &WEEK.replace("sat = \"09:00-14:00\"", "sat = \"09:00-14:30\""),
        &["horizon.hours.sat", "whole number of 60-minute intervals"],
    );
    // Friday running into Saturday's opening.
    check_fails(
        &WEEK.replace(
            "sat = \"09:00-14:00\"",
            "fri = \"12:00-10:00\"\nsat = \"09:00-14:00\"",
        ),
        &["horizon.hours.fri", "sat's opening at 09:00"],
    );
    // A one-day list cannot cover hours outside the regular day.
    check_fails(
        &WEEK.replace("sat = \"09:00-14:00\"", "sat = \"07:00-14:00\""),
        &[
            "arrivals.calls_per_hour",
            "sat 6 (07:00-14:00)",
            "one list per open day",
        ],
    );
}

#[test]
fn a_night_service_can_be_shorter_on_friday() {
    let sc = scenario_from(
        r#"
name = "nights"
[simulation]
replications = 20
seed = 8
[horizon]
start = "22:00"
end = "06:00"
interval_minutes = 60
days = 3
first_day = "thu"
[horizon.hours]
fri = "23:00-03:00"
[arrivals]
calls_per_hour = 30
[handle_time]
distribution = "exponential"
mean_seconds = 200
[[groups]]
name = "night"
agents = 4
"#,
    );
    let h = sc.horizon;
    assert_eq!(h.intervals, 8 + 4 + 8);
    let j = json(&sc);
    let starts: Vec<String> = j["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["weekday"].as_str().unwrap(),
                i["start"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(starts[8], "fri 23:00");
    assert_eq!(starts[11], "fri 02:00");
    assert_eq!(starts[12], "sat 22:00");
    // Friday's night opens 25 hours after Thursday's.
    assert_eq!(h.interval_start(8), 25.0 * 3600.0);
    assert_eq!(h.interval_start(12), 48.0 * 3600.0);
    assert_eq!(j["days"][1]["start"], "23:00");
    assert_eq!(j["days"][1]["end"], "03:00");
}
