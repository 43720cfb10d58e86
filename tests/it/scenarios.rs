//! Every shipped scenario is valid, runs through the CLI, and its JSON holds
//! the documented keys.

use super::common::{ccsim, shipped_scenarios};

const METRICS: [&str; 11] = [
    "offered",
    "answered",
    "abandoned",
    "blocked",
    "service_level",
    "asa_seconds",
    "mean_wait_seconds",
    "wait_p90_seconds",
    "abandon_rate",
    "block_rate",
    "mean_queue_length",
];

#[test]
fn there_are_at_least_three_documented_scenarios() {
    let all = shipped_scenarios();
    assert!(all.len() >= 3, "{all:?}");
    for p in all {
        let text = std::fs::read_to_string(&p).expect("readable");
        assert!(
            text.lines().filter(|l| l.contains('#')).count() >= 5,
            "{} needs comments explaining it",
            p.display()
        );
    }
}

#[test]
fn every_shipped_scenario_runs_and_reports_the_contract() {
    for p in shipped_scenarios() {
        let out = ccsim(&[
            "run",
            p.to_str().expect("utf-8"),
            "--replications",
            "20",
            "--json",
            "-",
        ]);
        assert!(
            out.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON alone: {e}", p.display()));
        for key in ["scenario", "replications", "seed", "total", "intervals"] {
            assert!(json.get(key).is_some(), "{}: missing {key}", p.display());
        }
        let total = &json["total"];
        for m in METRICS {
            let ci = &total[m]["ci95"];
            assert!(
                total[m]["mean"].is_number(),
                "{}: total.{m}.mean",
                p.display()
            );
            assert!(
                ci.is_array() && ci.as_array().map(|a| a.len()) == Some(2),
                "{}: total.{m}.ci95",
                p.display()
            );
        }
        let groups = total["groups"].as_object().expect("groups map");
        assert!(!groups.is_empty());
        for (_, g) in groups {
            assert!(g["handled"]["mean"].is_number() && g["occupancy"]["mean"].is_number());
        }
        let intervals = json["intervals"].as_array().expect("intervals");
        assert!(!intervals.is_empty());
        assert!(intervals[0]["start"].is_string());
        assert!(intervals[0]["offered"]["mean"].is_number());
    }
}

#[test]
fn the_table_and_csv_are_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = &super::common::repo_path("scenarios/hotline-weekday.toml");
    let csv = dir.path().join("out/run.csv");
    let out = ccsim(&[
        "run",
        p.to_str().expect("utf-8"),
        "-r",
        "10",
        "--csv",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("day") && table.contains("SL") && table.contains('±'),
        "{table}"
    );
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().expect("header").clone();
    assert!(header.iter().any(|h| h == "service_level_lo"));
    let rows: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(&rows.last().expect("total row")[0], "total");
}
