//! Shift figures in `ccsim run`'s JSON and CSV (`shifts` per scope): agents
//! on shift, on a break and on the phones, break delay and overtime,
//! checked against hand-computed values on cases with deterministic handle
//! times where every replication does exactly the same.

use super::common::ccsim;

/// Calls arrive from 08:00 at 600 an hour, nobody hangs up, each takes
/// exactly `handle` seconds: the queue is never empty once the first
/// agent starts, so agents work call after call from their shift start.
fn scenario(handle: u32, days: u32, end: &str, groups: &str) -> String {
    format!(
        r#"
name = "hand"
[simulation]
replications = 4
seed = 3
[horizon]
start = "08:00"
end = "{end}"
interval_minutes = 30
days = {days}
[arrivals]
calls_per_hour = 600
[handle_time]
distribution = "deterministic"
mean_seconds = {handle}
[patience]
distribution = "none"
{groups}
"#
    )
}

fn run(text: &str) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.toml");
    std::fs::write(&s, text).unwrap();
    let (j, c) = (dir.path().join("r.json"), dir.path().join("r.csv"));
    let o = ccsim(&[
        "run",
        s.to_str().unwrap(),
        "--json",
        j.to_str().unwrap(),
        "--csv",
        c.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = serde_json::from_str(&std::fs::read_to_string(j).unwrap()).unwrap();
    (json, std::fs::read_to_string(c).unwrap())
}

/// Mean of an estimate, asserting every replication gave the same value.
fn exact(e: &serde_json::Value) -> f64 {
    let m = e["mean"].as_f64().unwrap_or_else(|| panic!("no mean: {e}"));
    let ci = e["ci95"].as_array().unwrap();
    for b in ci {
        assert!((b.as_f64().unwrap() - m).abs() < 1e-6, "not exact: {e}");
    }
    m
}

#[test]
fn a_break_of_a_one_agent_shift_leaves_no_one_on_the_phones_for_its_length_after_the_call() {
    // On at 08:10, calls of 10 minutes back to back: 08:10, ..., 09:00.
    // The break falls due at 09:05 with the 09:00 call in hand: it starts
    // at 09:10 (5 minutes late) and lasts 15 minutes, to 09:25. Calls go on
    // 09:25, ..., 10:05; the shift ends at 10:10 with that call in hand,
    // to 10:15: 5 minutes of overtime.
    let (j, csv) = run(&scenario(
        600,
        1,
        "11:00",
        r#"[[groups]]
name = "solo"
[[groups.shifts]]
start = "08:10"
length = "02:00"
count = 1
[[groups.shifts.breaks]]
after = "00:55"
length = "00:15"
[[groups]]
name = "nobody"
agents = 0"#,
    ));
    let iv = j["intervals"].as_array().unwrap();
    let f = |k: usize, key: &str| exact(&iv[k]["shifts"]["solo"][key]);
    // Only the group on shifts has shift figures.
    assert!(
        iv[0]["shifts"].get("nobody").is_none(),
        "{}",
        iv[0]["shifts"]
    );
    // 08:00: on from 08:10, 20 of 30 minutes.
    assert!((f(0, "on_shift") - 2.0 / 3.0).abs() < 1e-9);
    assert!((f(0, "on_phones") - 2.0 / 3.0).abs() < 1e-9);
    // 09:00: on break 09:10-09:25, half the interval; nobody on the phones then.
    assert!((f(2, "on_shift") - 1.0).abs() < 1e-9);
    assert!((f(2, "on_break") - 0.5).abs() < 1e-9);
    assert!((f(2, "on_phones") - 0.5).abs() < 1e-9);
    assert!((f(2, "break_delay_minutes") - 5.0).abs() < 1e-9);
    assert!(iv[1]["shifts"]["solo"]["break_delay_minutes"]["mean"].is_null());
    // 10:00: on the phones 10:00-10:15, five minutes past the 10:10 end.
    assert!((f(4, "on_shift") - 0.5).abs() < 1e-9);
    assert!((f(4, "on_phones") - 0.5).abs() < 1e-9);
    assert!((f(4, "overtime_minutes") - 5.0).abs() < 1e-9);
    assert_eq!(f(3, "overtime_minutes"), 0.0);
    assert_eq!(f(5, "on_shift"), 0.0);
    // The day: 125 agent-minutes on shift of 180, 15 on a break.
    let t = &j["total"]["shifts"]["solo"];
    assert!((exact(&t["on_shift"]) - 125.0 / 180.0).abs() < 1e-9);
    assert!((exact(&t["on_break"]) - 15.0 / 180.0).abs() < 1e-9);
    assert!((exact(&t["on_phones"]) - 110.0 / 180.0).abs() < 1e-9);
    assert!((exact(&t["break_delay_minutes"]) - 5.0).abs() < 1e-9);
    assert!((exact(&t["overtime_minutes"]) - 5.0).abs() < 1e-9);
    // The CSV carries the same figures.
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert!(header
        .iter()
        .all(|h| !h.ends_with("_nobody") || !h.contains("on_shift")));
    assert_eq!(rows[2][col("on_break_solo")], "0.5");
    assert_eq!(rows[2][col("break_delay_minutes_solo")], "5");
    assert_eq!(rows[4][col("overtime_minutes_solo")], "5");
    assert_eq!(rows[6][0], "total");
    assert_eq!(rows[6][col("overtime_minutes_solo")], "5");
}

#[test]
fn overtime_per_interval_day_and_horizon_equals_the_hand_value() {
    // Two agents on at 08:10 for an hour, calls of 25 minutes: both start
    // calls at 08:10, 08:35 and 09:00; the shift ends at 09:10 with those
    // in hand, to 09:25: 15 minutes each, 30 agent-minutes, on each of two
    // days (the calls left waiting overnight keep the queue full at 08:10).
    let (j, csv) = run(&scenario(
        1500,
        2,
        "10:00",
        r#"[[groups]]
name = "team"
[[groups.shifts]]
start = "08:10"
length = "01:00"
count = 2"#,
    ));
    let iv = j["intervals"].as_array().unwrap();
    assert_eq!(iv.len(), 8);
    for (k, i) in iv.iter().enumerate() {
        let o = exact(&i["shifts"]["team"]["overtime_minutes"]);
        // 09:00 of each day (intervals 2 and 6).
        let want = if k % 4 == 2 { 30.0 } else { 0.0 };
        assert!((o - want).abs() < 1e-9, "interval {k}: {o}");
    }
    for d in j["days"].as_array().unwrap() {
        assert!((exact(&d["shifts"]["team"]["overtime_minutes"]) - 30.0).abs() < 1e-9);
        // Two agents 08:10-09:25 of a two-hour day: 150 agent-minutes / 120.
        assert!((exact(&d["shifts"]["team"]["on_shift"]) - 1.25).abs() < 1e-9);
        assert!(d["shifts"]["team"]["break_delay_minutes"]["mean"].is_null());
    }
    assert!((exact(&j["total"]["shifts"]["team"]["overtime_minutes"]) - 60.0).abs() < 1e-9);
    // The CSV's day rows and total row.
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "overtime_minutes_team")
        .unwrap();
    let cells: Vec<String> = lines
        .filter(|l| l.contains(",day,") || l.starts_with(",total"))
        .map(|l| l.split(',').nth(col).unwrap().to_string())
        .collect();
    assert_eq!(cells, ["30", "30", "60"]);
}

#[test]
fn scenarios_without_shifts_have_no_shift_figures() {
    let (j, csv) = run(&scenario(
        600,
        1,
        "09:00",
        "[[groups]]\nname = \"team\"\nagents = 3",
    ));
    assert!(j["total"].get("shifts").is_none());
    assert!(j["intervals"][0].get("shifts").is_none());
    assert!(!csv.lines().next().unwrap().contains("on_shift"));
}
