//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

use ccsim::scenario::{self, ValidScenario};

/// Parses and validates scenario text, panicking with the problems if it is invalid.
pub fn scenario_from(text: &str) -> ValidScenario {
    let raw = scenario::parse(text).unwrap_or_else(|p| panic!("parse: {p}\n{text}"));
    scenario::validate(&raw).unwrap_or_else(|p| panic!("validate: {p:?}\n{text}"))
}

/// Path of a file in the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs the `ccsim` binary with `args`.
pub fn ccsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("the ccsim binary runs")
}

/// Every shipped scenario file.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(repo_path("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    out
}

/// The first of `names` found as a file in a directory of `PATH`.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The Chromium (or Chrome) binary the browser tests drive, if installed.
pub fn chromium() -> Option<PathBuf> {
    on_path(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ])
}

/// `v` without its `shifts` blocks (the shift figures a group on
/// `[[groups.shifts]]` adds), to compare with a report of interval counts.
pub fn without_shifts(mut v: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("shifts");
                m.values_mut().for_each(walk);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

/// The next vector of counts from 0 to `max` each, as an odometer turns
/// (the first count fastest), for brute-force searches over small
/// programs; false once every vector has been visited (all back at 0).
pub fn next_counts<T>(counts: &mut [T], max: T) -> bool
where
    T: Copy + PartialOrd + std::ops::AddAssign + From<u8>,
{
    for c in counts.iter_mut() {
        *c += T::from(1);
        if *c <= max {
            return true;
        }
        *c = T::from(0);
    }
    false
}
