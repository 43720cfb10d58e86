//! Bad input gets a clear message naming the file, the field and the value,
//! exit code 2, no panic, and no output file.

use super::common::ccsim;

const GOOD: &str = r#"
name = "ok"
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[arrivals]
calls_per_hour = 100
[handle_time]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "team"
agents = 6
"#;

/// Writes `text` to a scenario file, runs `ccsim run` on it with a JSON
/// output, and checks the failure; returns stderr.
fn fails_with(text: &[u8], expected: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).expect("written");
    let json = dir.path().join("out.json");
    let out = ccsim(&[
        "run",
        path.to_str().expect("utf-8"),
        "--json",
        json.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "exit code; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("bad.toml"), "names the file: {stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in: {stderr}");
    }
    assert!(!json.exists(), "nothing may be written");
    stderr
}

fn edit(from: &str, to: &str) -> Vec<u8> {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1).into_bytes()
}

#[test]
fn good_scenario_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("good.toml");
    std::fs::write(&path, GOOD).expect("written");
    let out = ccsim(&["run", path.to_str().expect("utf-8"), "-r", "5", "-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    let e = fails_with(
        &edit("agents = 6", "agentz = 6"),
        &["groups[0]", "agentz", "did you mean `agents`"],
    );
    assert!(e.contains("line"), "{e}");
    fails_with(
        &edit("[arrivals]", "[arrivls]"),
        &["arrivls", "did you mean `arrivals`"],
    );
    fails_with(
        &edit("\"exponential\"", "\"exponental\""),
        &["handle_time.distribution", "did you mean `exponential`"],
    );
}

#[test]
fn negative_rate_and_wrong_list_length() {
    fails_with(
        &edit("calls_per_hour = 100", "calls_per_hour = -5"),
        &["arrivals.calls_per_hour", "-5"],
    );
    fails_with(
        &edit("calls_per_hour = 100", "calls_per_hour = [100, 120, 90]"),
        &["arrivals.calls_per_hour", "3 values", "4 intervals"],
    );
    fails_with(
        &edit("agents = 6", "agents = [6, 6, -1, 6]"),
        &["groups[0].agents[2]", "-1"],
    );
    fails_with(
        &edit("agents = 6", "agents = 2.5"),
        &["groups[0].agents", "whole number"],
    );
}

#[test]
fn missing_rate_and_bad_distribution_parameters() {
    fails_with(
        &edit("calls_per_hour = 100", ""),
        &["arrivals.calls_per_hour", "missing"],
    );
    fails_with(
        &edit(
            "distribution = \"exponential\"\nmean_seconds = 180",
            "distribution = \"lognormal\"\nmean_seconds = 180\ncv = 0",
        ),
        &["handle_time.cv", "> 0"],
    );
    fails_with(
        &edit(
            "distribution = \"exponential\"\nmean_seconds = 180",
            "distribution = \"lognormal\"\nmean_seconds = 180\ncv = -1",
        ),
        &["handle_time.cv"],
    );
    fails_with(
        &edit("mean_seconds = 180", "mean_seconds = 180\ncv = 1"),
        &["handle_time.cv", "not used"],
    );
    fails_with(
        &edit(
            "distribution = \"exponential\"\nmean_seconds = 180",
            "distribution = \"gamma\"\nmean_seconds = 180",
        ),
        &["handle_time.cv", "missing"],
    );
}

#[test]
fn nan_threshold_and_bad_times() {
    fails_with(
        &edit(
            "[arrivals]",
            "[service_level]\nthreshold_seconds = nan\n[arrivals]",
        ),
        &["service_level.threshold_seconds", "NaN"],
    );
    fails_with(
        &edit("end = \"10:00\"", "end = \"08:00\""),
        &["horizon.end", "equals start"],
    );
    fails_with(
        &edit("start = \"08:00\"", "start = \"8h00\""),
        &["horizon.start", "8h00"],
    );
    fails_with(
        &edit("start = \"08:00\"", "start = \"08:75\""),
        &["horizon.start", "08:75"],
    );
    fails_with(
        &edit("interval_minutes = 30", "interval_minutes = 20"),
        &["horizon.interval_minutes", "15, 30 or 60"],
    );
}

#[test]
fn replications_zero_and_type_errors() {
    fails_with(
        &edit("[horizon]", "[simulation]\nreplications = 0\n[horizon]"),
        &["simulation.replications", "got 0"],
    );
    fails_with(
        &edit("agents = 6", "agents = \"six\""),
        &["groups[0].agents"],
    );
}

#[test]
fn groups_that_can_never_serve() {
    let text = format!("{GOOD}\n[[groups]]\nname = \"partner\"\nagents = 0\nshare = 0.3\n");
    fails_with(
        text.as_bytes(),
        &["groups[1].agents", "partner", "0 agents in every interval"],
    );
    let text = GOOD.replace("agents = 6", "agents = 0");
    fails_with(text.as_bytes(), &["groups", "never be answered"]);
}

#[test]
fn every_problem_is_listed_at_once() {
    let text = GOOD
        .replace("calls_per_hour = 100", "calls_per_hour = -1")
        .replace("agents = 6", "agents = -2")
        .replace("mean_seconds = 180", "mean_seconds = 0");
    let e = fails_with(
        text.as_bytes(),
        &[
            "3 problems",
            "arrivals.calls_per_hour",
            "groups[0].agents",
            "handle_time.mean_seconds",
        ],
    );
    assert!(e.lines().count() >= 4, "{e}");
}

#[test]
fn not_toml_not_utf8_and_missing_file() {
    fails_with(b"name = \"x\"\n[horizon\nstart=", &["line"]);
    fails_with(&[0x6e, 0x61, 0xff, 0xfe, 0x0a], &["not UTF-8"]);
    let out = ccsim(&["run", "does/not/exist.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("does/not/exist.toml") && e.contains("cannot read"),
        "{e}"
    );
}

#[test]
fn bad_command_line_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("good.toml");
    std::fs::write(&path, GOOD).expect("written");
    let p = path.to_str().expect("utf-8");
    for args in [
        vec!["run", p, "--replications", "0"],
        vec!["run", p, "--threads", "0"],
        vec!["run", p, "--seed", "-3"],
        vec!["run", p, "--frobnicate"],
    ] {
        let out = ccsim(&args);
        let e = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {e}");
        assert!(!e.contains("panicked"), "{e}");
    }
}
