//! `ccsim schedule --scenario`: the simulation check adds agents exactly
//! where a hand-built schedule misses, and writes a scenario `ccsim run`
//! accepts.

use super::common::ccsim;

const SCENARIO: &str = r#"
name = "check"
[simulation]
replications = 20
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = 60
[handle_time]
distribution = "exponential"
mean_seconds = 240
[patience]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "team"
agents = 9
"#;

const RULES: &str = r#"
lengths = ["01:00"]
start_every = "01:00"
time_limit_seconds = 5
"#;

#[test]
fn the_check_adds_agents_exactly_where_the_schedule_misses() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("s.toml"), SCENARIO).unwrap();
    std::fs::write(p("rules.toml"), RULES).unwrap();
    // 4 Erlangs all morning: 9 agents are plenty, 2 at 10:00 are far too few.
    std::fs::write(
        p("req.csv"),
        "interval,required\n08:00,9\n09:00,9\n10:00,2\n11:00,9\n",
    )
    .unwrap();
    let arg = |n: &str| p(n).to_str().unwrap().to_string();
    let o = ccsim(&[
        "schedule",
        &arg("req.csv"),
        "--rules",
        &arg("rules.toml"),
        "--scenario",
        &arg("s.toml"),
        "--json",
        &arg("out.json"),
        "--schedule",
        &arg("schedule.csv"),
        "--out",
        &arg("scheduled.toml"),
        "--chart",
        &arg("coverage.svg"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("out.json")).unwrap()).unwrap();
    let check = &j["check"];
    let rounds = check["rounds"].as_array().unwrap();
    assert_eq!(rounds[0]["missed"], serde_json::json!(["10:00"]), "{check}");
    let added = rounds[0]["added"].as_array().unwrap();
    assert!(!added.is_empty());
    // Every added agent is on the 10:00 shift (shift 3 of 4).
    let shifts = j["shifts"].as_array().unwrap();
    for a in added {
        let n: usize = a
            .as_str()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(shifts[n - 1]["start"], "10:00", "{a}");
    }
    assert_eq!(check["verdict"], "met", "{check}");
    // The other shifts keep their 9 agents.
    for s in shifts {
        if s["start"] != "10:00" {
            assert_eq!(s["counts"], serde_json::json!([9]), "{s}");
        } else {
            assert!(s["counts"][0].as_u64().unwrap() > 2);
        }
    }
    let csv = std::fs::read_to_string(p("schedule.csv")).unwrap();
    assert!(csv.starts_with("shift,start,end,length,paid_hours,breaks,count\n"));
    // The scenario written is accepted by `ccsim run` and staffed by shifts.
    let text = std::fs::read_to_string(p("scheduled.toml")).unwrap();
    assert!(text.contains("[[groups.shifts]]"), "{text}");
    let o = ccsim(&["run", &arg("scheduled.toml"), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(p("coverage.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("required on the phones"));
}
