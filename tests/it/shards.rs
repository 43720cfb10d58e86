//! Sharded runs: N local processes each run one shard, `ccsim merge`
//! combines their partial results, and every output is byte-identical to
//! the unsharded run's; parts that do not belong together are refused.

use std::path::{Path, PathBuf};

use crate::common::{ccsim, repo_path};

fn run_ok(args: &[&str]) {
    let out = ccsim(args);
    assert!(
        out.status.success(),
        "ccsim {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs `scenario` unsharded and as `n` shards (processes in parallel),
/// merges, and compares the JSON and CSV bytes.
fn sharded_equals_unsharded(scenario: &str, reps: &str, n: u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let sc = if Path::new(scenario).is_absolute() {
        PathBuf::from(scenario)
    } else {
        repo_path(scenario)
    };
    let (json, csv) = (dir.path().join("whole.json"), dir.path().join("whole.csv"));
    run_ok(&[
        "run",
        s(&sc),
        "-r",
        reps,
        "--seed",
        "11",
        "-q",
        "--json",
        s(&json),
        "--csv",
        s(&csv),
    ]);
    let parts: Vec<PathBuf> = (1..=n)
        .map(|i| dir.path().join(format!("part-{i}.json")))
        .collect();
    let children: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args(["run", s(&sc), "-r", reps, "--seed", "11", "--threads", "1"])
                .args([
                    "--shard",
                    &format!("{}/{n}", i + 1),
                    "--partial",
                    s(part),
                    "-q",
                ])
                .spawn()
                .expect("a shard starts")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("a shard ends").success());
    }
    let (mjson, mcsv) = (
        dir.path().join("merged.json"),
        dir.path().join("merged.csv"),
    );
    // Parts in reverse order: merge sorts them by replication range.
    let mut args = vec!["merge".to_string()];
    args.extend(parts.iter().rev().map(|p| s(p).to_string()));
    args.extend(["--json", s(&mjson), "--csv", s(&mcsv), "-q"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&args);
    let read = |p: &Path| std::fs::read(p).expect("output exists");
    assert!(
        read(&json) == read(&mjson),
        "{scenario} x{n}: merged JSON differs"
    );
    assert!(
        read(&csv) == read(&mcsv),
        "{scenario} x{n}: merged CSV differs"
    );
}

#[test]
fn three_shards_merge_byte_identical_with_retrials_and_lines() {
    sharded_equals_unsharded("scenarios/small-office-retrials.toml", "13", 3);
}

#[test]
fn shards_of_call_types_merge_byte_identical() {
    sharded_equals_unsharded("scenarios/bank-call-types.toml", "5", 2);
}

#[test]
fn shards_with_contract_periods_merge_byte_identical() {
    // Monthly contract clauses: shards hold whole accounting blocks, the
    // last one the days of an unfinished block.
    sharded_equals_unsharded("scenarios/outsourcing-tv-hotline.toml", "65", 4);
}

#[test]
fn shards_of_a_multi_day_horizon_merge_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("week.toml");
    std::fs::write(
        &path,
        r#"
name = "three days"
[simulation]
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
days = 8
[horizon.closed]
days = ["sun"]
[arrivals]
calls_per_hour = 120
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 200
[[groups]]
name = "team"
agents = 7
"#,
    )
    .expect("write scenario");
    sharded_equals_unsharded(s(&path), "7", 3);
}

#[test]
fn shards_of_waits_beyond_four_hours_merge_byte_identical() {
    // Five times over capacity: waits reach ~16 h, so the wait histogram's
    // grown tail (beyond 4 h) is in every part's state.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("over.toml");
    std::fs::write(
        &path,
        r#"
name = "five times over"
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 1800
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "none"
[[groups]]
name = "agents"
agents = 30
"#,
    )
    .expect("write scenario");
    sharded_equals_unsharded(s(&path), "6", 3);
}

#[test]
fn more_shards_than_replications_still_merge() {
    sharded_equals_unsharded("scenarios/erlang-c-classroom.toml", "3", 5);
}

fn shard(dir: &Path, i: u32, n: u32, seed: &str, reps: &str) -> PathBuf {
    let part = dir.join(format!("p{i}of{n}-{seed}-{reps}.json"));
    let sc = repo_path("scenarios/erlang-c-classroom.toml");
    run_ok(&[
        "run",
        s(&sc),
        "-r",
        reps,
        "--seed",
        seed,
        "--shard",
        &format!("{i}/{n}"),
        "--partial",
        s(&part),
        "-q",
    ]);
    part
}

fn merge_fails(parts: &[&Path], needle: &str) {
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(|p| s(p)));
    args.push("-q");
    let out = ccsim(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(needle),
        "{args:?}: expected {needle:?} in {err}"
    );
}

#[test]
fn mismatched_missing_and_overlapping_parts_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let a1 = shard(d, 1, 3, "1", "6");
    let a2 = shard(d, 2, 3, "1", "6");
    let a3 = shard(d, 3, 3, "1", "6");
    let other_seed = shard(d, 3, 3, "2", "6");
    let other_reps = shard(d, 3, 3, "1", "9");
    let other_count = shard(d, 2, 2, "1", "6");
    merge_fails(&[&a1, &a2], "replications 4 to 5 are missing");
    merge_fails(&[&a1, &a3], "replications 2 to 3 are missing");
    merge_fails(&[&a1, &a2, &a3, &a2], "overlap");
    merge_fails(&[&a1, &a2, &other_seed], "the seed is 2");
    merge_fails(&[&a1, &a2, &other_reps], "the number of replications is 9");
    merge_fails(&[&a1, &other_count], "the number of shards is 2");
    let other_scenario = d.join("other.json");
    let sc = repo_path("scenarios/small-office-retrials.toml");
    run_ok(&[
        "run",
        s(&sc),
        "-r",
        "6",
        "--seed",
        "1",
        "--shard",
        "3/3",
        "--partial",
        s(&other_scenario),
        "-q",
    ]);
    merge_fails(&[&a1, &a2, &other_scenario], "the scenario is");
    let text = std::fs::read_to_string(&a3).expect("part");
    let future = d.join("future.json");
    std::fs::write(
        &future,
        text.replace("\"format_version\": 2", "\"format_version\": 99"),
    )
    .expect("write");
    merge_fails(&[&a1, &a2, &future], "format_version 99");
    let junk = d.join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").expect("write");
    merge_fails(&[&junk], "not a ccsim partial result");
    merge_fails(&[&d.join("absent.json")], "absent.json");
    // The three right parts, in any order, do merge.
    let out = ccsim(&["merge", s(&a3), s(&a1), s(&a2), "-q", "--json", "-"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_shard_values_are_usage_errors() {
    let sc = repo_path("scenarios/erlang-c-classroom.toml");
    for bad in ["0/2", "3/2", "x"] {
        let out = ccsim(&["run", s(&sc), "--shard", bad, "-q"]);
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("I/N"));
    }
    let out = ccsim(&["run", s(&sc), "--shard", "1/2", "--csv", "-", "-q"]);
    assert_eq!(out.status.code(), Some(2));
}
