//! Sharded commands (`run`, `sweep`, `compare`, `staff`): N local
//! processes each run one shard, `ccsim merge` combines their partial
//! results, and every output is byte-identical to the unsharded command's;
//! parts that do not belong together are refused.

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
        text.replace("\"format_version\": 3", "\"format_version\": 99"),
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

/// Runs `ccsim ARGS` unsharded (with `--json`, `--csv` and `--report`
/// into a temporary folder) and as `n` shards (processes in parallel,
/// `--shard I/n --partial`), merges the parts (in reverse order, with
/// `merge_extra`) and compares the bytes of the three outputs.
fn command_sharded_equals_unsharded(args: &[&str], merge_extra: &[&str], n: u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let whole = |name: &str| d.join(name);
    let mut unsharded: Vec<&str> = args.to_vec();
    let (json, csv, html) = (whole("whole.json"), whole("whole.csv"), whole("whole.html"));
    unsharded.extend([
        "--json",
        s(&json),
        "--csv",
        s(&csv),
        "--report",
        s(&html),
        "-q",
    ]);
    unsharded.extend(merge_extra);
    run_ok(&unsharded);
    let parts: Vec<PathBuf> = (1..=n).map(|i| d.join(format!("part-{i}.json"))).collect();
    let children: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args(args)
                .args(["--threads", "1", "--shard", &format!("{}/{n}", i + 1)])
                .args(["--partial", s(part), "-q"])
                .output()
                .expect("a shard starts")
        })
        .collect();
    for (i, c) in children.iter().enumerate() {
        assert!(
            c.status.success(),
            "shard {}/{n} of {args:?}: {}",
            i + 1,
            String::from_utf8_lossy(&c.stderr)
        );
    }
    let (mjson, mcsv, mhtml) = (
        whole("merged.json"),
        whole("merged.csv"),
        whole("merged.html"),
    );
    let mut merge = vec!["merge"];
    merge.extend(parts.iter().rev().map(|p| s(p)));
    merge.extend([
        "--json",
        s(&mjson),
        "--csv",
        s(&mcsv),
        "--report",
        s(&mhtml),
        "-q",
    ]);
    merge.extend(merge_extra);
    run_ok(&merge);
    let read = |p: &Path| std::fs::read(p).expect("output exists");
    for (a, b, what) in [
        (&json, &mjson, "JSON"),
        (&csv, &mcsv, "CSV"),
        (&html, &mhtml, "HTML report"),
    ] {
        assert!(read(a) == read(b), "{args:?} x{n}: merged {what} differs");
    }
}

#[test]
fn three_sweep_shards_of_uneven_share_merge_byte_identical() {
    // 8 grid points over 3 shards: 2, 3 and 3 points; monthly contract
    // clauses and costs on every point.
    let sc = repo_path("scenarios/outsourcing-tv-hotline.toml");
    command_sharded_equals_unsharded(
        &[
            "sweep",
            s(&sc),
            "--vary",
            "groups.answering-firm.agents=0..14:2",
            "-r",
            "5",
            "--seed",
            "3",
        ],
        &["--target"],
        3,
    );
}

#[test]
fn more_sweep_shards_than_grid_points_and_two_keys_merge_byte_identical() {
    // A 2 x 3 grid over 8 shards: two of them are empty.
    let sc = repo_path("scenarios/small-office-retrials.toml");
    command_sharded_equals_unsharded(
        &[
            "sweep",
            s(&sc),
            "--vary",
            "groups[0].agents+=0,1",
            "--vary",
            "arrivals.calls_per_interval*=0.8,1,1.2",
            "-r",
            "4",
        ],
        &[],
        8,
    );
}

#[test]
fn sweep_shards_of_call_types_merge_byte_identical() {
    let sc = repo_path("scenarios/bank-call-types.toml");
    command_sharded_equals_unsharded(
        &[
            "sweep",
            s(&sc),
            "--vary",
            "groups.premium-desk.agents=2..8:2",
            "-r",
            "3",
        ],
        &["--target"],
        3,
    );
}

#[test]
fn three_compare_shards_keep_common_random_numbers_and_merge_byte_identical() {
    // 13 replications over 3 shards (4, 4, 5): paired differences, their
    // intervals and significance marks from the merged exact sums.
    let a = repo_path("scenarios/satisfaction-day.toml");
    let b = repo_path("scenarios/satisfaction-more-agents.toml");
    command_sharded_equals_unsharded(
        &["compare", s(&a), s(&b), "-r", "13", "--seed", "4"],
        &[],
        3,
    );
}

#[test]
fn more_compare_shards_than_replications_with_contract_blocks_merge_byte_identical() {
    // Three scenarios, one with 5-day contract blocks: shards hold whole
    // blocks, most of the 9 shards are empty.
    let a = repo_path("scenarios/outsourcing-tv-hotline.toml");
    let b = repo_path("scenarios/satisfaction-day.toml");
    let c = repo_path("scenarios/small-office-retrials.toml");
    command_sharded_equals_unsharded(&["compare", s(&a), s(&b), s(&c), "-r", "12"], &[], 9);
}

/// Runs `ccsim ARGS --shard I/N --partial DIR/NAME` and returns the part's path.
fn part_of(dir: &Path, name: &str, args: &[&str], shard: &str) -> PathBuf {
    let part = dir.join(name);
    let mut all = args.to_vec();
    all.extend(["--shard", shard, "--partial", s(&part), "-q"]);
    run_ok(&all);
    part
}

#[test]
fn sweep_and_compare_parts_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let sc = repo_path("scenarios/erlang-c-classroom.toml");
    let other = repo_path("scenarios/small-office-retrials.toml");
    let sweep = |vary: &str, reps: &str| -> Vec<String> {
        ["sweep", s(&sc), "--vary", vary, "-r", reps]
            .map(String::from)
            .to_vec()
    };
    let words = |v: &[String]| -> Vec<String> { v.to_vec() };
    let sw = words(&sweep("groups[0].agents=5..9", "2"));
    let sw: Vec<&str> = sw.iter().map(String::as_str).collect();
    let s1 = part_of(d, "s1.json", &sw, "1/3");
    let s2 = part_of(d, "s2.json", &sw, "2/3");
    let s3 = part_of(d, "s3.json", &sw, "3/3");
    let grid = words(&sweep("groups[0].agents=5..8", "2"));
    let grid: Vec<&str> = grid.iter().map(String::as_str).collect();
    let other_grid = part_of(d, "g3.json", &grid, "3/3");
    let reps = words(&sweep("groups[0].agents=5..9", "3"));
    let reps: Vec<&str> = reps.iter().map(String::as_str).collect();
    let other_reps = part_of(d, "r3.json", &reps, "3/3");
    merge_fails(&[&s1, &s3], "grid points 1 to 2 are missing");
    merge_fails(&[&s1, &s2], "grid points 3 to 4 are missing");
    merge_fails(&[&s1, &s2, &s3, &s2], "overlap");
    merge_fails(&[&s1, &s2, &other_grid], "the work is 4 grid points");
    merge_fails(&[&s1, &s2, &other_reps], "the number of replications is 3");
    let run = part_of(d, "run.json", &["run", s(&sc), "-r", "2"], "1/1");
    merge_fails(&[&s1, &s2, &s3, &run], "the command is `run`");
    let alt = d.join("alt.toml");
    let alt_text = std::fs::read_to_string(&other).expect("scenario");
    std::fs::write(&alt, &alt_text).expect("write");
    let cmp = ["compare", s(&sc), s(&alt), "-r", "6"];
    let c1 = part_of(d, "c1.json", &cmp, "1/2");
    let c2 = part_of(d, "c2.json", &cmp, "2/2");
    let cmp_swapped = ["compare", s(&sc), s(&sc), "-r", "6"];
    let c2_other = part_of(d, "c2o.json", &cmp_swapped, "2/2");
    merge_fails(&[&c1, &c2_other], "list of scenario files");
    // The alternative edited between two shards.
    std::fs::write(&alt, format!("{alt_text}\n# edited\n")).expect("write");
    let c2_edited = part_of(d, "c2e.json", &cmp, "2/2");
    merge_fails(&[&c1, &c2_edited], "text of a scenario file");
    std::fs::write(&alt, &alt_text).expect("write");
    let cmp_seed = ["compare", s(&sc), s(&alt), "-r", "6", "--seed", "99"];
    let c2_seed = part_of(d, "c2s.json", &cmp_seed, "2/2");
    merge_fails(&[&c1, &c2_seed], "the seed is 99");
    merge_fails(&[&c1], "replications 3 to 5 are missing");
    // An edited state is refused, not merged into wrong figures.
    let text = std::fs::read_to_string(&c2).expect("part");
    let short = d.join("short.json");
    std::fs::write(
        &short,
        text.replacen("\"state\": [\n", "\"state\": [\n    \"1\",\n", 1),
    )
    .expect("write");
    merge_fails(&[&c1, &short], "the state does not fit");
    // The right parts in any order merge; sweep output options refused on a shard.
    let out = ccsim(&["merge", s(&c2), s(&c1), "-q", "--json", "-"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut bad = sw.clone();
    bad.extend(["--shard", "1/2", "--csv", "x.csv"]);
    let out = ccsim(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("merge"));
}

/// Writes `n` small one-group sites (different morning volumes) into `dir`.
fn sites(dir: &Path, n: u32) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            let path = dir.join(format!("site{i}.toml"));
            std::fs::write(
                &path,
                format!(
                    r#"
name = "site {i}"
[simulation]
replications = 10
seed = {i}
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = [{}, 360, 300, 90]
[handle_time]
distribution = "gamma"
mean_seconds = 240
cv = 0.7
[patience]
distribution = "lognormal"
mean_seconds = 200
cv = 1.0
[[groups]]
name = "team"
agents = 1
cost_per_agent_hour = 30
"#,
                    100 + 20 * i
                ),
            )
            .expect("write a site");
            path
        })
        .collect()
}

/// Staffs `files` unsharded (every output into a folder, or a file for a
/// single site) and as `n` shards, merges, and compares every output's bytes.
fn staff_sharded_equals_unsharded(files: &[PathBuf], n: u32, extra: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let one = files.len() == 1;
    let target = |name: &str, ext: &str| {
        if one {
            d.join(format!("{name}.{ext}"))
        } else {
            d.join(name)
        }
    };
    let outputs = |name: &str| -> Vec<String> {
        ["--json", "--csv", "--out", "--report"]
            .iter()
            .zip(["json", "csv", "toml", "html"])
            .flat_map(|(f, ext)| [f.to_string(), s(&target(name, ext)).to_string()])
            .collect()
    };
    let mut args: Vec<String> = vec!["staff".into()];
    args.extend(files.iter().map(|f| s(f).to_string()));
    args.extend(extra.iter().map(|x| x.to_string()));
    let mut whole = args.clone();
    whole.extend(outputs("whole"));
    whole.push("-q".into());
    run_ok(&whole.iter().map(String::as_str).collect::<Vec<_>>());
    let parts: Vec<PathBuf> = (1..=n).map(|i| d.join(format!("part-{i}.json"))).collect();
    let children: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args(&args)
                .args(["--threads", "1", "--shard", &format!("{}/{n}", i + 1)])
                .args(["--partial", s(part), "-q"])
                .output()
                .expect("a shard starts")
        })
        .collect();
    for c in &children {
        assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    }
    let mut merge: Vec<String> = vec!["merge".into()];
    merge.extend(parts.iter().rev().map(|p| s(p).to_string()));
    merge.extend(outputs("merged"));
    merge.push("-q".into());
    run_ok(&merge.iter().map(String::as_str).collect::<Vec<_>>());
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    for ext in ["json", "csv", "toml", "html"] {
        if one {
            assert!(
                read(&target("whole", ext)) == read(&target("merged", ext)),
                "staff x{n}: merged {ext} differs"
            );
            continue;
        }
        for f in files {
            let name = format!(
                "{}.{ext}",
                f.file_stem().and_then(|x| x.to_str()).expect("a stem")
            );
            let (a, b) = (d.join("whole").join(&name), d.join("merged").join(&name));
            assert!(read(&a) == read(&b), "staff x{n}: merged {name} differs");
        }
    }
}

#[test]
fn three_staff_shards_of_four_sites_merge_byte_identical() {
    // 4 sites over 3 shards: 1, 1 and 2 sites, each staffed whole.
    let dir = tempfile::tempdir().expect("temp dir");
    staff_sharded_equals_unsharded(&sites(dir.path(), 4), 3, &[]);
}

#[test]
fn more_staff_shards_than_sites_merge_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    staff_sharded_equals_unsharded(&sites(dir.path(), 3), 5, &["--criterion", "lower"]);
}

#[test]
fn one_site_staffs_as_one_shard_and_refuses_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = sites(dir.path(), 1);
    staff_sharded_equals_unsharded(&one, 1, &[]);
    let out = ccsim(&["staff", s(&one[0]), "--shard", "2/3", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("one scenario cannot be staffed in shards") && err.contains("sequential"),
        "{err}"
    );
}

#[test]
fn staff_parts_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let files = sites(d, 3);
    let mut args = vec!["staff"];
    args.extend(files.iter().map(|f| s(f)));
    let p1 = part_of(d, "p1.json", &args, "1/2");
    let p2 = part_of(d, "p2.json", &args, "2/2");
    let mut other = args.clone();
    other.extend(["--max-passes", "2"]);
    let p2_other = part_of(d, "p2o.json", &other, "2/2");
    merge_fails(&[&p1, &p2_other], "search options");
    let fewer = &args[..3];
    let p2_fewer = part_of(d, "p2f.json", fewer, "2/2");
    merge_fails(&[&p1, &p2_fewer], "the work is 2 scenario files");
    merge_fails(&[&p2], "scenario files 0 to 0 are missing");
    // Several sites write into folders, never to standard output.
    let mut to_stdout = args.clone();
    to_stdout.extend(["--json", "-", "-q"]);
    let out = ccsim(&to_stdout);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("names a folder"));
    // --out belongs to staff parts only.
    let sc = repo_path("scenarios/erlang-c-classroom.toml");
    let run = part_of(d, "run.json", &["run", s(&sc), "-r", "2"], "1/1");
    let out = ccsim(&["merge", s(&run), "--out", s(&d.join("x.toml")), "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out writes staffed scenarios"));
    let ok = ccsim(&["merge", s(&p2), s(&p1), "-q", "--json", s(&d.join("j"))]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}
