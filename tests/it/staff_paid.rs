//! `ccsim staff` in the planner's units: `min_agents` and
//! `[service_level] max_occupancy` honoured by the search, `--shrinkage`,
//! and the plan's scheduled heads, paid hours, FTE and cost (exact, from
//! their formulas), consistent with `ccsim run` on the staffed file; and
//! `max_occupancy` in `ccsim run`'s verdict.

use ccsim::planner::{staff, Criterion, StaffOptions, Status};
use serde_json::Value;

use super::common::{ccsim, scenario_from};

fn center(extra_sl: &str, group: &str) -> String {
    format!(
        r#"
name = "paid staffing"
[simulation]
replications = 40
seed = 5
[horizon]
start = "08:00"
end = "11:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.5
{extra_sl}
[arrivals]
calls_per_hour = [120, 240, 360, 360, 240, 60]
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "team"
agents = 1
cost_per_agent_hour = 28
{group}
"#
    )
}

fn opts() -> StaffOptions {
    StaffOptions {
        group: 0,
        criterion: Criterion::Mean,
        replications: 40,
        max_agents: None,
        max_passes: 4,
    }
}

#[test]
fn max_occupancy_is_never_exceeded_and_binds_where_the_service_level_does_not() {
    let free = staff(&scenario_from(&center("", "")), &opts());
    let capped_sc = scenario_from(&center("max_occupancy = 0.8", ""));
    let capped = staff(&capped_sc, &opts());
    // Without a cap the loose 50% target leaves agents busier than 80% somewhere.
    assert!(
        free.intervals.iter().any(|p| p.occupancy.mean > 0.8),
        "the test case must make the cap bind"
    );
    for (k, p) in capped.intervals.iter().enumerate() {
        assert_eq!(p.status, Status::Met, "interval {k}");
        assert!(p.occupancy.mean <= 0.8, "interval {k}: {:?}", p.occupancy);
        assert!(p.agents >= free.intervals[k].agents, "interval {k}");
        // The cap is what binds: one agent fewer pushes occupancy over it
        // (or misses the service level) in this interval or a neighbour.
        if p.agents > free.intervals[k].agents {
            let mut less = capped.staffed.clone();
            less.groups[0].agents[k] -= 1;
            let e = ccsim::planner::evaluate(&less, 40);
            let lo = k.saturating_sub(1);
            let hi = (k + 1).min(5);
            assert!(
                (lo..=hi).any(|j| !e.meets(
                    j,
                    &ccsim::planner::TargetSet::of(&capped_sc),
                    Criterion::Mean
                )),
                "interval {k}"
            );
        }
    }
    let total = |p: &ccsim::planner::StaffPlan| p.intervals.iter().map(|i| i.agents).sum::<u32>();
    assert!(total(&capped) > total(&free));
}

#[test]
fn min_agents_is_a_floor_of_the_search() {
    let plain = staff(&scenario_from(&center("", "")), &opts());
    // The last interval (60 calls/h, 3 Erlangs) needs few agents; 9 is the floor.
    assert!(plain.intervals[5].agents < 9);
    let floored = staff(
        &scenario_from(&center("", "min_agents = [0, 0, 0, 0, 0, 9]")),
        &opts(),
    );
    assert_eq!(floored.intervals[5].agents, 9);
    for (k, p) in floored.intervals.iter().enumerate().take(5) {
        // Elsewhere the floor 0 changes nothing but what the last interval's
        // extra agents do to its neighbour's look-ahead.
        assert!(
            p.agents >= plain.intervals[k].agents.saturating_sub(1),
            "{k}"
        );
    }
    let floor_everywhere = staff(&scenario_from(&center("", "min_agents = 30")), &opts());
    assert!(floor_everywhere.intervals.iter().all(|p| p.agents == 30));
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn staff_reports_scheduled_heads_paid_hours_fte_and_cost_and_run_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.toml");
    std::fs::write(&file, center("max_occupancy = 0.85", "")).unwrap();
    let staffed = dir.path().join("staffed.toml");
    let r = json_of(&ccsim(&[
        "staff",
        file.to_str().unwrap(),
        "--shrinkage",
        "0.3",
        "--out",
        staffed.to_str().unwrap(),
        "--json",
        "-",
    ]));
    assert_eq!(r["targets"]["max_occupancy"], 0.85);
    let mut paid = 0.0;
    let mut heads_sum = 0.0;
    for i in r["intervals"].as_array().unwrap() {
        let a = i["agents"].as_f64().unwrap();
        let heads = (a / 0.7 - 1e-9).ceil();
        assert_eq!(i["paid"]["scheduled"].as_f64().unwrap(), heads);
        assert_eq!(i["paid"]["paid_hours"].as_f64().unwrap(), heads * 0.5);
        assert_eq!(i["paid"]["fte"].as_f64().unwrap(), heads * 0.5 / 8.0);
        assert!((i["paid"]["cost"].as_f64().unwrap() - heads * 0.5 * 28.0).abs() < 1e-9);
        assert!(i["occupancy"]["mean"].as_f64().unwrap() <= 0.85);
        paid += heads * 0.5;
        heads_sum += heads;
    }
    let plan = &r["totals"]["plan"];
    assert_eq!(r["totals"]["shrinkage"], 0.3);
    assert!((plan["paid_hours"].as_f64().unwrap() - paid).abs() < 1e-9);
    assert!((plan["scheduled"].as_f64().unwrap() - heads_sum / 6.0).abs() < 1e-9);
    assert!((plan["fte"].as_f64().unwrap() - paid / 8.0).abs() < 1e-9);
    assert!((plan["cost"].as_f64().unwrap() - paid * 28.0).abs() < 1e-6);
    // The written file schedules those heads with the shrinkage, and
    // `ccsim run` pays the same hours and cost.
    let text = std::fs::read_to_string(&staffed).unwrap();
    assert!(text.contains("shrinkage = 0.3"), "{text}");
    assert!(text.contains("scheduled = ["), "{text}");
    let run = json_of(&ccsim(&["run", staffed.to_str().unwrap(), "--json", "-"]));
    let team = &run["staffing"]["team"];
    assert!((team["paid_hours"].as_f64().unwrap() - paid).abs() < 1e-9);
    assert!((team["cost"].as_f64().unwrap() - paid * 28.0).abs() < 1e-6);
    // The table shows them.
    let table = ccsim(&["staff", file.to_str().unwrap(), "--shrinkage", "0.3"]);
    let table = String::from_utf8_lossy(&table.stdout);
    for word in [
        "occupancy",
        "scheduled",
        "paid h",
        "cost",
        "FTE",
        "wage cost",
    ] {
        assert!(table.contains(word), "{word} in\n{table}");
    }
}

#[test]
fn bad_shrinkage_and_occupancy_cap_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.toml");
    std::fs::write(&file, center("", "")).unwrap();
    let out = ccsim(&["staff", file.to_str().unwrap(), "--shrinkage", "1.2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shrinkage"));
    std::fs::write(&file, center("max_occupancy = 1.5", "")).unwrap();
    let out = ccsim(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("service_level.max_occupancy"), "{err}");
    assert!(err.contains("1.5"), "{err}");
}

#[test]
fn run_judges_max_occupancy_per_in_house_group() {
    // 20 agents on 18 Erlangs run at about 88% occupancy in the peak.
    let text = center("max_occupancy = 0.8", "").replace("agents = 1", "agents = 20");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.toml");
    std::fs::write(&file, text).unwrap();
    let r = json_of(&ccsim(&["run", file.to_str().unwrap(), "--json", "-"]));
    let t = &r["targets"];
    assert_eq!(t["met"], false);
    let mut occupancy_misses = 0;
    for (i, iv) in r["intervals"].as_array().unwrap().iter().enumerate() {
        let occ = iv["groups"]["team"]["occupancy"]["mean"].as_f64().unwrap();
        let missed = t["missed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["start"] == iv["start"]);
        let miss = missed.and_then(|m| {
            m["misses"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["target"] == "max_occupancy")
                .cloned()
        });
        if occ > 0.8 {
            let miss = miss.unwrap_or_else(|| panic!("interval {i} at {occ} not missed"));
            assert_eq!(miss["group"], "team");
            assert!((miss["by"].as_f64().unwrap() - (occ - 0.8)).abs() < 1e-12);
            occupancy_misses += 1;
        } else {
            assert!(miss.is_none(), "interval {i}");
        }
    }
    assert!(occupancy_misses >= 2);
    let warnings = r["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w.as_str().unwrap().contains("occupancy")));
}
