//! Verdicts: every report says whether each target holds, per interval and
//! for the day, and names what missed (docs/output.md, "Targets").

use serde_json::Value;

use crate::common::{ccsim, repo_path};

fn run_json(args: &[&str]) -> Value {
    let out = ccsim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

#[test]
fn hotline_weekday_reports_its_missed_target() {
    let path = repo_path("scenarios/hotline-weekday.toml");
    let r = run_json(&["run", path.to_str().unwrap(), "--json", "-"]);
    let t = &r["targets"];
    assert_eq!(t["met"], false);
    assert_eq!(t["criterion"], "mean");
    assert_eq!(t["intervals_judged"], 24);
    // Every interval whose mean service level is under 80% is listed, and
    // no other (a formula-free restatement of the rule, on the same report).
    let under: Vec<&str> = r["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["service_level"]["mean"].as_f64().unwrap() < 0.8)
        .map(|i| i["start"].as_str().unwrap())
        .collect();
    let missed: Vec<&str> = t["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["start"].as_str().unwrap())
        .collect();
    assert_eq!(missed, under);
    assert_eq!(t["intervals_missed"], under.len());
    assert!(under.len() >= 18, "{under:?}");
    for i in r["intervals"].as_array().unwrap() {
        let st = if under.contains(&i["start"].as_str().unwrap()) {
            "missed"
        } else {
            "met"
        };
        assert_eq!(i["status"], st);
    }
    // The worst interval is named, with the size of its miss.
    let worst = &t["worst"];
    let m = &worst["misses"][0];
    assert_eq!(m["target"], "service_level");
    let by = m["by"].as_f64().unwrap();
    let lowest = r["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["service_level"]["mean"].as_f64().unwrap())
        .fold(1.0, f64::min);
    assert!((by - (0.8 - lowest)).abs() < 1e-12);
    assert_eq!(t["horizon"]["met"], false);
    let warnings = r["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| {
            let w = w.as_str().unwrap();
            w.starts_with("target missed: service level")
                && w.contains(worst["start"].as_str().unwrap())
        }),
        "{warnings:?}"
    );
    // The table says so too.
    let out = ccsim(&["run", path.to_str().unwrap(), "-r", "20"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Targets NOT met (criterion mean)"), "{text}");
    assert!(text.contains("MISSED"));
}

#[test]
fn a_plan_meeting_every_target_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ample.toml");
    std::fs::write(
        &path,
        r#"
name = "ample"
[simulation]
replications = 30
seed = 3
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
max_abandon_rate = 0.05
max_asa_seconds = 30
[arrivals]
calls_per_hour = 120
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 120
[[groups]]
name = "team"
agents = 14
"#,
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let r = run_json(&["run", p, "--json", "-"]);
    assert_eq!(r["targets"]["met"], true, "{}", r["targets"]);
    assert_eq!(r["targets"]["intervals_missed"], 0);
    assert!(r["targets"]["worst"].is_null());
    assert!(!r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().starts_with("target missed")));
    let out = ccsim(&["run", p]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Targets: met in all 4 interval(s) and for the day (criterion mean)."),
        "{text}"
    );
    // A cap no plan can meet is reported as missed, named by its key.
    let tight = std::fs::read_to_string(&path)
        .unwrap()
        .replace("max_asa_seconds = 30", "max_asa_seconds = 0.0001");
    std::fs::write(&path, tight).unwrap();
    let r = run_json(&["run", p, "--json", "-"]);
    assert_eq!(r["targets"]["met"], false);
    let m = &r["targets"]["missed"][0]["misses"];
    assert!(m
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["target"] == "max_asa_seconds"));
}

#[test]
fn lower_criterion_misses_at_least_what_mean_misses() {
    let path = repo_path("scenarios/staffing-day.toml");
    let p = path.to_str().unwrap();
    let mean = run_json(&["run", p, "-r", "40", "--json", "-"]);
    let lower = run_json(&["run", p, "-r", "40", "--criterion", "lower", "--json", "-"]);
    assert_eq!(lower["targets"]["criterion"], "lower");
    let n = |r: &Value| r["targets"]["intervals_missed"].as_u64().unwrap();
    assert!(n(&lower) >= n(&mean));
    // Under `lower`, each judged service level is the interval's lower bound.
    for m in lower["targets"]["missed"].as_array().unwrap() {
        let i = lower["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["start"] == m["start"])
            .unwrap();
        for x in m["misses"].as_array().unwrap() {
            if x["target"] == "service_level" {
                assert_eq!(x["value"], i["service_level"]["ci95"][0]);
            }
        }
    }
    // The CSV carries the status of every row.
    let out = ccsim(&["run", p, "-r", "10", "--csv", "-"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(",status"), "{header}");
    assert!(text
        .lines()
        .skip(1)
        .all(|l| l.ends_with(",met") || l.ends_with(",missed")));
}
