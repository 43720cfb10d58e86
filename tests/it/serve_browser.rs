//! The workbench in a real browser: headless Chromium driven over the
//! DevTools protocol by puppeteer-core (tests/browser/workbench.mjs, Node,
//! installed by `npm ci` from the committed package-lock.json). It loads
//! the page, opens a scenario, runs it, moves the agents slider and sees
//! the chart and the service level change, triggers a validation error and
//! sees it at its field, and opens a lesson; screenshots go to output/.
//!
//! Without Chromium, Node or puppeteer-core when the tests were built (see
//! build.rs) this test is reported as ignored, with the reason; under CI
//! (`CI=true`) it always runs, so a missing browser fails it.

use std::path::PathBuf;
use std::process::Command;

use super::common::{chromium, on_path};

#[test]
#[cfg_attr(
    ccsim_no_browser,
    ignore = "no chromium, node or node_modules/puppeteer-core when built: apt-get install chromium && npm ci, then touch build.rs"
)]
fn the_workbench_works_in_headless_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let chromium =
        chromium().expect("CI tests the workbench in a browser: install chromium (.ci/run does)");
    let node =
        on_path(&["node"]).expect("node is needed to drive the browser (.ci/run installs it)");
    assert!(
        root.join("node_modules/puppeteer-core/package.json")
            .is_file(),
        "run `npm ci` first (.ci/run does)"
    );
    let out = root.join("output");
    std::fs::create_dir_all(&out).unwrap();
    let server = ccsim::serve::Server::bind("127.0.0.1", 0).unwrap().spawn();
    let run = Command::new(node)
        .current_dir(&root)
        .arg("tests/browser/workbench.mjs")
        .arg(format!("{}/", server.url()))
        .arg(&out)
        .arg(&chromium)
        .output()
        .unwrap();
    drop(server);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "browser test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert!(seen["validation"].as_str().unwrap().starts_with("valid"));
    assert!(seen["run_status"]
        .as_str()
        .unwrap()
        .starts_with("done: 20 replications"));
    assert_eq!(seen["run_charts"], 4);
    assert!(
        seen["verdict"].as_str().unwrap().contains("targets met")
            || seen["verdict"]
                .as_str()
                .unwrap()
                .starts_with("Targets missed"),
        "{seen}"
    );
    assert!(seen["status_cells"].as_u64().unwrap() >= 20, "{seen}");
    assert!(
        seen["types_whatif"].as_str().unwrap().contains('%'),
        "{seen}"
    );
    assert_ne!(seen["sl_before"], seen["sl_after"], "{seen}");
    assert_eq!(seen["chart_changed"], true);
    assert_eq!(seen["agents_after"], "14");
    assert!(
        seen["field_problem"].as_str().unwrap().contains("-3")
            || !seen["field_problem"].as_str().unwrap().is_empty(),
        "{seen}"
    );
    for shot in seen["screenshots"].as_array().unwrap() {
        let bytes = std::fs::read(shot.as_str().unwrap()).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{shot} is a PNG");
        assert!(
            bytes.len() > 20_000,
            "{shot} is not blank ({} bytes)",
            bytes.len()
        );
    }
}
