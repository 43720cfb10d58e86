//! The simulation check moves breaks before it adds shifts: a hand-built
//! schedule whose staggered breaks pile into a busy interval is fixed by
//! moving them within their windows, with no shift added.

use super::common::ccsim;

/// Busy at 08:00 and 10:00 (4 Erlangs), quiet at 09:00 and 11:00 (1 Erlang).
const SCENARIO: &str = r#"
name = "moves"
[simulation]
replications = 30
seed = 9
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = [60, 15, 60, 15]
[handle_time]
distribution = "exponential"
mean_seconds = 240
[patience]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "team"
agents = 7
"#;

/// One shift, 08:00-12:00, with an hour's break starting 09:00 to 11:00.
const RULES: &str = r#"
lengths = ["04:00"]
earliest_start = "08:00"
latest_start = "08:00"
time_limit_seconds = 5
[[breaks]]
after = "01:00"
within = "02:00"
length = "01:00"
"#;

#[test]
fn moving_breaks_out_of_a_missed_interval_fixes_it_without_adding_a_shift() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let arg = |n: &str| p(n).to_str().unwrap().to_string();
    std::fs::write(p("s.toml"), SCENARIO).unwrap();
    std::fs::write(p("rules.toml"), RULES).unwrap();
    // Seven needed at 08:00: the program schedules seven, whose breaks,
    // staggered over 09:00-11:00, leave about 3.4 on the phones at 10:00.
    std::fs::write(
        p("req.csv"),
        "interval,required\n08:00,7\n09:00,2\n10:00,3\n11:00,2\n",
    )
    .unwrap();
    let o = ccsim(&[
        "schedule",
        &arg("req.csv"),
        "--rules",
        &arg("rules.toml"),
        "--scenario",
        &arg("s.toml"),
        "--json",
        &arg("out.json"),
        "--out",
        &arg("scheduled.toml"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("out.json")).unwrap()).unwrap();
    let check = &j["check"];
    let rounds = check["rounds"].as_array().unwrap();
    // Round 1: 10:00 missed; the break moved out of it, no agent added.
    assert_eq!(rounds[0]["missed"], serde_json::json!(["10:00"]), "{check}");
    assert_eq!(rounds[0]["added"], serde_json::json!([]), "{check}");
    let moved = rounds[0]["moved"].as_array().unwrap();
    assert_eq!(moved.len(), 1, "{check}");
    let m = moved[0].as_str().unwrap();
    assert!(
        m.contains("08:00-12:00 break 1 (09:00-11:00) out of 10:00")
            && m.contains("4 agent(s) at 09:00")
            && m.contains("3 agent(s) at 11:00"),
        "{m}"
    );
    assert_eq!(check["verdict"], "met", "{check}");
    assert_eq!(rounds.len(), 2, "{check}");
    // Still seven agents on the one shift, now as two entries.
    let shifts = j["shifts"].as_array().unwrap();
    let agents: u64 = shifts
        .iter()
        .map(|s| s["counts"][0].as_u64().unwrap())
        .sum();
    assert_eq!(agents, 7);
    assert!(shifts
        .iter()
        .all(|s| s["start"] == "08:00" && s["end"] == "12:00"));
    let breaks: Vec<&str> = shifts
        .iter()
        .map(|s| s["breaks"].as_str().unwrap())
        .collect();
    assert_eq!(
        breaks,
        ["01:00+00:00/01:00/paid", "03:00+00:00/01:00/paid"],
        "{shifts:?}"
    );
    // In simulation 10:00 now has everyone on the phones and meets the target.
    let i10 = &check["intervals"][2];
    assert!(i10["on_phones"].as_f64().unwrap() > 6.5, "{i10}");
    assert_eq!(i10["meets"], true);
    assert!(text.contains("moved"), "{text}");
    // The scenario written holds both entries and runs.
    let out = std::fs::read_to_string(p("scheduled.toml")).unwrap();
    assert_eq!(out.matches("[[groups.shifts]]").count(), 2, "{out}");
    let o = ccsim(&["run", &arg("scheduled.toml"), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
