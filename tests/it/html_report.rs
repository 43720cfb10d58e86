//! `ccsim run --report FILE.html`: a self-contained page, checked as text
//! and, when a Chromium binary is installed, in a real headless browser
//! (the page loads without script errors and every chart is laid out with
//! a non-zero size; a screenshot is taken and must not be blank).

use super::common::chromium;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn shipped(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn write_report(dir: &Path) -> PathBuf {
    let path = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args([
            "run",
            &shipped("satisfaction-day.toml"),
            "-r",
            "6",
            "-q",
            "--report",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

#[test]
fn the_report_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(write_report(dir.path())).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Waits, the day, queue and occupancy, satisfaction, abandonment per
    // interval, staffing against the requirement.
    assert_eq!(html.matches("<figure class=\"chart\"").count(), 6);
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(
        !html.contains("<?xml"),
        "SVG inlined without its XML prolog"
    );
    for external in ["src=\"http", "href=\"http", "<link", "@import"] {
        assert!(
            !html.contains(external),
            "loads nothing from outside: {external}"
        );
    }
    for needed in [
        "Bank service line",
        "seed 11",
        concat!("ccsim ", env!("CARGO_PKG_VERSION")),
        "Warnings",
        "Per interval",
        "Customer satisfaction (a model)",
        "complaints the center sees", // readable names, not raw keys
        "id=\"verdict\"",
        "id=\"cost\"",
        "Abandonment per interval",
        "Staffing against the requirement",
        "churn_if_dissatisfied = 0.1", // the scenario file itself
        "[[groups]]",
    ] {
        assert!(html.contains(needed), "report lacks {needed:?}");
    }
}

/// Runs headless Chromium on `page` with `extra` arguments; standard output
/// (through a file, so a large DOM cannot fill a pipe while we wait).
fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[&str]) -> String {
    let out_path = profile.with_extension("stdout");
    let out_file = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::from(out_file))
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned()
}

#[test]
fn the_report_renders_every_chart_in_a_headless_browser() {
    let Some(browser) = chromium() else {
        // CI installs chromium (.ci/run): there a missing browser is a failure.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must test the report in a browser: install chromium"
        );
        eprintln!("skipped: no chromium binary found (Debian: apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = write_report(dir.path());
    let profile = dir.path().join("profile");
    let dom = headless(&browser, &profile, &page, &["--dump-dom"]);
    assert!(
        dom.contains("data-charts-rendered=\"6/6\""),
        "charts laid out: {}",
        &dom[..dom.len().min(2000)]
    );
    assert!(
        !dom.contains("data-js-errors=\""),
        "script errors in the page"
    );
    let sizes: Vec<&str> = dom
        .split("data-rendered-size=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(sizes.len(), 6);
    for s in &sizes {
        let (w, h) = s.split_once('x').unwrap();
        let (w, h): (f64, f64) = (w.parse().unwrap(), h.parse().unwrap());
        assert!(w > 300.0 && h > 200.0, "chart size {s}");
    }
    // A screenshot, kept out of git under target/.
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("html-report.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        &browser,
        &profile,
        &page,
        &[
            "--window-size=1200,2400",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let (w, h, colours) = super::charts::png_colours(&shot);
    assert_eq!((w, h), (1200, 2400));
    assert!(colours > 50, "screenshot looks blank: {colours} colours");
}
