//! `ccsim erlang` over ranges: each row of a table is exactly the single
//! answer for its pair; the chart is written; `--simulate` adds simulated
//! figures whose intervals cover the formula.

use serde_json::Value;

use crate::common::ccsim;

fn json(args: &[&str]) -> Value {
    let out = ccsim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn agents_range_rows_equal_the_single_answers() {
    let base = [
        "erlang",
        "a",
        "--calls-per-hour",
        "500",
        "--aht",
        "240",
        "--patience",
        "90",
        "--target",
        "0.8",
    ];
    let mut args = base.to_vec();
    args.extend(["--agents", "40..60", "--json", "-"]);
    let table = json(&args);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 21);
    for (n, row) in (40..=60).zip(rows) {
        let n = n.to_string();
        let mut one = base.to_vec();
        one.extend(["--agents", &n, "--json", "-"]);
        let single = json(&one);
        assert_eq!(row, &single, "agents {n}");
    }
    // Calls per hour from 400 to 800 by 50: nine volumes, each needing more agents.
    let t = json(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "400..800:50",
        "--aht",
        "300",
        "--target",
        "0.8",
        "--json",
        "-",
    ]);
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let req: Vec<u64> = rows
        .iter()
        .map(|r| r["agents_required"].as_u64().unwrap())
        .collect();
    assert!(req.windows(2).all(|w| w[0] < w[1]), "{req:?}");
    assert_eq!(rows[4]["calls_per_hour"], 600.0);
    // A bad range is a usage error naming the option.
    let out = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "600",
        "--aht",
        "300",
        "--agents",
        "60..40",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("60..40"));
    let out = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "600",
        "--aht",
        "300",
        "--agents",
        "55",
        "--chart",
        "x.svg",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn chart_and_simulated_points_cover_the_formula() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("erlang.svg");
    let t = json(&[
        "erlang",
        "a",
        "--calls-per-hour",
        "300",
        "--aht",
        "180",
        "--patience",
        "120",
        "--agents",
        "15..18",
        "--simulate",
        "30",
        "--chart",
        svg.to_str().unwrap(),
        "--json",
        "-",
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") || text.contains("<svg"));
    assert!(text.contains("simulated (95% interval)"));
    // Each simulated service level within 4 standard errors of the formula
    // (a false-alarm rate near 1e-4 per point; the points share common
    // random numbers, so they err together).
    for r in t["rows"].as_array().unwrap() {
        let formula = r["service_level"].as_f64().unwrap();
        let s = &r["simulated"]["service_level"];
        let mean = s["mean"].as_f64().unwrap();
        let hw = (s["ci95"][1].as_f64().unwrap() - mean).abs();
        let se = hw / 2.05;
        assert!((mean - formula).abs() < 4.0 * se, "{r}");
    }
}
