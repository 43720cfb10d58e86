//! One HTML page per question (`--report FILE.html` on `run`, `compare`,
//! `staff`, `sweep` and `breakeven`): every page has the layout's sections
//! in order (summary, targets, cost, charts, details, inputs folded), every
//! chart is inline SVG with drawn content, nothing is loaded from outside,
//! and the run page highlights the intervals under target. Checked as text
//! here and, in a real headless Chromium driven by puppeteer-core
//! (tests/browser/pages.mjs), laid out: every chart with a size and drawn
//! content, no script error, a full-page screenshot in output/.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::common::{chromium, on_path, repo_path};

/// The pages and how many charts each must have.
const PAGES: [(&str, usize); 8] = [
    ("run", 6),
    ("run-costs", 6),
    ("run-shifts", 7),
    ("compare", 5),
    ("staff", 3),
    ("sweep", 1),
    ("breakeven", 2),
    ("schedule", 1),
];

fn ccsim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ccsim {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes every page once (into target/test-artifacts/pages) and returns the folder.
fn pages() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = repo_path("target/test-artifacts/pages");
        std::fs::create_dir_all(&dir).unwrap();
        let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
        let hotline = repo_path("scenarios/hotline-weekday.toml");
        let tv = repo_path("scenarios/outsourcing-tv-hotline.toml");
        let (hotline, tv) = (hotline.to_str().unwrap(), tv.to_str().unwrap());
        ccsim(&[
            "run",
            hotline,
            "-r",
            "10",
            "-q",
            "--report",
            &p("run.html"),
            "--json",
            &p("run.json"),
        ]);
        ccsim(&[
            "run",
            tv,
            "-r",
            "10",
            "-q",
            "--report",
            &p("run-costs.html"),
        ]);
        // A second plan: two partner lines fewer.
        let text = std::fs::read_to_string(tv).unwrap();
        let fewer = text
            .replace(
                "name = \"TV maker hotline with 10 leased lines\"",
                "name = \"TV maker hotline with 8 leased lines\"",
            )
            .replace("agents = 10\n", "agents = 8\n");
        assert_ne!(fewer, text);
        std::fs::write(dir.join("eight-lines.toml"), fewer).unwrap();
        ccsim(&[
            "compare",
            tv,
            &p("eight-lines.toml"),
            "-r",
            "10",
            "-q",
            "--report",
            &p("compare.html"),
        ]);
        ccsim(&[
            "staff",
            repo_path("scenarios/staffing-day.toml").to_str().unwrap(),
            "-r",
            "4",
            "--max-passes",
            "2",
            "-q",
            "--report",
            &p("staff.html"),
        ]);
        ccsim(&[
            "sweep",
            tv,
            "--vary",
            "groups.answering-firm.agents=0..6:2",
            "-r",
            "5",
            "-q",
            "--report",
            &p("sweep.html"),
        ]);
        ccsim(&[
            "breakeven",
            tv,
            "--group",
            "answering-firm",
            "-r",
            "10",
            "-q",
            "--report",
            &p("breakeven.html"),
        ]);
        ccsim(&[
            "staff",
            repo_path("scenarios/staffing-day.toml").to_str().unwrap(),
            "-r",
            "4",
            "--max-passes",
            "2",
            "-q",
            "--json",
            &p("requirement.json"),
        ]);
        ccsim(&[
            "schedule",
            &p("requirement.json"),
            "--rules",
            repo_path("scenarios/shifts/day-rules.toml")
                .to_str()
                .unwrap(),
            "--scenario",
            repo_path("scenarios/staffing-day.toml").to_str().unwrap(),
            "-r",
            "10",
            "-q",
            "--report",
            &p("schedule.html"),
            "--out",
            &p("shifts.toml"),
        ]);
        // The schedule's scenario: a group staffed by shifts with breaks.
        ccsim(&[
            "run",
            &p("shifts.toml"),
            "-r",
            "10",
            "-q",
            "--report",
            &p("run-shifts.html"),
            "--json",
            &p("run-shifts.json"),
        ]);
        dir
    })
}

fn read(name: &str) -> String {
    std::fs::read_to_string(pages().join(format!("{name}.html"))).unwrap()
}

/// Drawing elements inside each inline `<svg>`.
fn svg_contents(html: &str) -> Vec<usize> {
    html.split("<svg")
        .skip(1)
        .map(|s| {
            let body = s.split("</svg>").next().unwrap();
            ["<path", "<polyline", "<rect", "<circle", "<line", "<text"]
                .iter()
                .map(|t| body.matches(t).count())
                .sum()
        })
        .collect()
}

#[test]
fn every_page_has_the_sections_in_order_and_charts_with_content() {
    for (name, charts) in PAGES {
        let html = read(name);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        let mut at = 0;
        for id in ["summary", "verdict", "cost", "charts", "details", "inputs"] {
            let pos = html
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("{name} has no {id} section"));
            assert!(pos > at, "{name}: {id} out of order");
            at = pos;
        }
        let inputs = &html[at..];
        assert!(
            inputs.contains("<details><summary>Scenario file"),
            "{name}: the scenario file is folded at the end"
        );
        assert!(inputs.contains("[[groups]]"), "{name}: the file itself");
        assert_eq!(
            html.matches("<figure class=\"chart\"").count(),
            charts,
            "{name}"
        );
        let contents = svg_contents(&html);
        assert_eq!(contents.len(), charts, "{name}");
        for (i, n) in contents.iter().enumerate() {
            assert!(*n > 10, "{name}: chart {i} is nearly empty ({n} elements)");
        }
        for external in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
            assert!(!html.contains(external), "{name} loads {external}");
        }
        // Readable names, not raw keys, before the inputs.
        let body = &html[..at];
        for raw in [
            "abandon_rate",
            "asa_seconds",
            "complaints_seen",
            "per_handled_call",
        ] {
            assert!(!body.contains(raw), "{name} shows the raw key {raw}");
        }
    }
}

#[test]
fn the_run_page_highlights_every_interval_under_target_and_names_the_worst() {
    let html = read("run");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(pages().join("run.json")).unwrap()).unwrap();
    let t = &json["targets"];
    let missed = t["intervals_missed"].as_u64().unwrap() as usize;
    assert!(
        missed > 0,
        "hotline-weekday misses its target at 10 replications"
    );
    let details = &html[html.find("<section id=\"details\">").unwrap()..];
    let details = &details[..details.find("</section>").unwrap()];
    assert_eq!(details.matches("<tr class=\"miss\">").count(), missed);
    // The missed service levels are marked cell by cell.
    assert!(details.contains("<td class=\"miss\">"));
    let verdict = &html[html.find("<section id=\"verdict\">").unwrap()..];
    let verdict = &verdict[..verdict.find("</section>").unwrap()];
    let worst = t["worst"]["start"].as_str().unwrap();
    assert!(
        verdict.contains(&format!("worst {worst}")),
        "the worst interval {worst} is named"
    );
    assert!(verdict.contains(&format!("{missed} of {}", t["intervals_judged"])));
    assert!(html.contains("headline missed"));
    assert!(html.contains("No costs: the scenario has no money keys"));
}

#[test]
fn the_run_page_of_a_shift_schedule_shows_agents_on_shift_on_break_and_on_the_phones() {
    let html = read("run-shifts");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(pages().join("run-shifts.json")).unwrap())
            .unwrap();
    let est = |e: &serde_json::Value, digits: usize| {
        let m = e["mean"].as_f64().unwrap();
        let hw = (e["ci95"][1].as_f64().unwrap() - e["ci95"][0].as_f64().unwrap()) / 2.0;
        format!("{m:.digits$} ±{hw:.digits$}")
    };
    let charts = &html[html.find("<section id=\"charts\">").unwrap()..];
    let charts = &charts[..charts.find("</section>").unwrap()];
    assert!(charts.contains("id=\"chart-shifts-0\""), "a shift chart");
    for line in ["on shift (present)", "on a break", "on the phones"] {
        assert!(charts.contains(line), "the shift chart has {line:?}");
    }
    let details = &html[html.find("<section id=\"details\">").unwrap()..];
    let details = &details[..details.find("</section>").unwrap()];
    let shifts = &details[details
        .find("<h3>Shifts per interval</h3>")
        .expect("a shift table")..];
    let shifts = &shifts[..shifts.find("</table>").unwrap()];
    let intervals = json["intervals"].as_array().unwrap();
    // A row per interval (one shift group) and the horizon's.
    assert_eq!(
        shifts.matches("<tr").count(),
        1 + intervals.len() + 1,
        "header, intervals, horizon"
    );
    let total = &json["total"]["shifts"]["in-house"];
    let busiest = intervals
        .iter()
        .max_by(|a, b| {
            let on = |i: &serde_json::Value| {
                i["shifts"]["in-house"]["on_break"]["mean"]
                    .as_f64()
                    .unwrap()
            };
            on(a).total_cmp(&on(b))
        })
        .unwrap();
    assert!(
        busiest["shifts"]["in-house"]["on_break"]["mean"]
            .as_f64()
            .unwrap()
            > 1.0
    );
    for (scope, e, digits) in [
        (total, "on_shift", 1),
        (total, "on_break", 1),
        (total, "on_phones", 1),
        (total, "break_delay_minutes", 2),
        (total, "overtime_minutes", 1),
        (&busiest["shifts"]["in-house"], "on_break", 1),
        (&busiest["shifts"]["in-house"], "on_shift", 1),
    ] {
        let text = est(&scope[e], digits);
        assert!(
            shifts.contains(&format!("<td>{text}</td>")),
            "{e} {text} in the shift table"
        );
    }
    let summary = &html[..html.find("<section id=\"verdict\">").unwrap()];
    assert!(summary.contains("in-house: overtime (agent-minutes)"));
    assert!(summary.contains(&est(&total["overtime_minutes"], 1)));
}

#[test]
fn the_cost_sections_carry_the_money() {
    let cost = |name: &str| {
        let html = read(name);
        let s = &html[html.find("<section id=\"cost\">").unwrap()..];
        s[..s.find("</section>").unwrap()].to_string()
    };
    let run = cost("run-costs");
    for needed in [
        "cost per handled call",
        "staff (paid agent-hours)",
        "line fee charge",
        "all groups",
    ] {
        assert!(run.contains(needed), "run cost section lacks {needed:?}");
    }
    let cmp = cost("compare");
    assert!(
        cmp.contains("cost per day") && cmp.contains("B − A"),
        "{cmp}"
    );
    let staff = cost("staff");
    assert!(staff.contains("agent-hours") && staff.contains("Erlang C"));
    // The plan in paid units, as `staff` prints it: staffing-day has no
    // shrinkage, so paid hours equal the agent-hours on the phones.
    let json: serde_json::Value = {
        let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .args([
                "staff",
                repo_path("scenarios/staffing-day.toml").to_str().unwrap(),
                "-r",
                "4",
                "--max-passes",
                "2",
                "-q",
                "--json",
            ])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let paid = json["totals"]["plan"]["paid_hours"].as_f64().unwrap();
    assert!(
        staff.contains(&format!("{paid:.1} paid hours")),
        "{paid}: {staff}"
    );
    let sched = cost("schedule");
    assert!(
        sched.contains("paid agent-hours") && sched.contains("FTE"),
        "{sched}"
    );
    let sweep = cost("sweep");
    assert!(sweep.contains("cost per day"));
    let be = cost("breakeven");
    assert!(be.contains("break-even charge per day"), "{be}");
    assert!(be.contains("partner charge per day"), "{be}");
    assert!(be.contains("break-even prices: per line per year"), "{be}");
}

#[test]
fn a_report_over_an_input_is_refused_before_any_work() {
    let tv = repo_path("scenarios/outsourcing-tv-hotline.toml");
    let tv = tv.to_str().unwrap();
    let runs: [&[&str]; 4] = [
        &["compare", tv, tv, "--report", tv],
        &["staff", tv, "--report", tv],
        &[
            "sweep",
            tv,
            "--vary",
            "groups.answering-firm.agents=0,2",
            "--report",
            tv,
        ],
        &["breakeven", tv, "--group", "answering-firm", "--report", tv],
    ];
    let before = std::fs::read(tv).unwrap();
    for args in runs {
        let out = super::common::ccsim(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("input"), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(tv).unwrap(),
        before,
        "the scenario is untouched"
    );
}

#[test]
#[cfg_attr(
    ccsim_no_browser,
    ignore = "no chromium, node or node_modules/puppeteer-core when built: apt-get install chromium && npm ci, then touch build.rs"
)]
fn every_page_renders_in_headless_chromium_with_all_charts() {
    let root = repo_path("");
    let chromium =
        chromium().expect("CI tests the pages in a browser: install chromium (.ci/run does)");
    let node = on_path(&["node"]).expect("node drives the browser (.ci/run installs it)");
    assert!(
        root.join("node_modules/puppeteer-core/package.json")
            .is_file(),
        "run `npm ci` first (.ci/run does)"
    );
    let out = root.join("output");
    std::fs::create_dir_all(&out).unwrap();
    let files: Vec<PathBuf> = PAGES
        .iter()
        .map(|(n, _)| pages().join(format!("{n}.html")))
        .collect();
    let run = Command::new(node)
        .current_dir(&root)
        .arg("tests/browser/pages.mjs")
        .arg(&out)
        .arg(&chromium)
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "browser failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    for (name, charts) in PAGES {
        let p = &seen["pages"][name];
        let sections: Vec<&str> = p["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            sections,
            ["summary", "verdict", "cost", "charts", "details", "inputs"],
            "{name}"
        );
        let all = format!("{charts}/{charts}");
        assert_eq!(p["charts_rendered"], all.as_str(), "{name}: {p}");
        assert_eq!(p["charts_drawn"], all.as_str(), "{name}: {p}");
        assert_eq!(p["svgs"], charts, "{name}");
        assert_eq!(p["svgs_with_content"], charts, "{name}: {p}");
        assert!(p["js_errors"].is_null(), "{name}: {p}");
        assert_eq!(p["errors"].as_array().unwrap().len(), 0, "{name}: {p}");
        assert_eq!(
            p["requests"].as_array().unwrap().len(),
            0,
            "{name} loads nothing"
        );
        assert!(!p["headline"].as_str().unwrap().is_empty(), "{name}");
        assert!(p["verdict_text"].as_str().unwrap().len() > 20, "{name}");
        assert!(p["cost_text"].as_str().unwrap().len() > 20, "{name}");
        assert!(p["inputs_folded"].as_u64().unwrap() >= 1, "{name}");
        let shot = std::fs::read(p["screenshot"].as_str().unwrap()).unwrap();
        assert!(shot.starts_with(b"\x89PNG"), "{name}");
        assert!(shot.len() > 50_000, "{name}: screenshot looks blank");
    }
    // The intervals under target are highlighted, not plain black on white.
    let run = &seen["pages"]["run"];
    assert!(run["missed_rows"].as_u64().unwrap() > 0);
    let bg = run["miss_background"].as_str().unwrap();
    assert!(
        bg != "rgba(0, 0, 0, 0)" && bg != "rgb(255, 255, 255)",
        "{bg}"
    );
}
