//! Customer satisfaction: the arithmetic on cases with known answers (waits
//! uniform by construction, Erlang C), identities with the core's figures,
//! determinism across thread counts, the report formats and bad input.

use std::process::Command;

use ccsim::analytic::erlang_c;
use ccsim::report::satisfaction::SatisfactionReport;
use ccsim::report::RunReport;
use ccsim::scenario::{self, ValidScenario};
use ccsim::simulation;
use ccsim::stats::student::t_quantile;
use ccsim::stats::Estimate;

/// Four standard errors: a two-sided false-alarm rate of about 6e-5 per check.
const Z: f64 = 4.0;

fn valid(text: &str) -> ValidScenario {
    scenario::validate(&scenario::parse(text).expect("parses")).expect("valid")
}

fn run(sc: &ValidScenario) -> RunReport {
    let sim = simulation::simulate(sc, &|| {}, |_, _, _| {});
    RunReport::from_simulated(sc, &sim)
}

fn sat(r: &RunReport) -> &SatisfactionReport {
    r.satisfaction
        .as_ref()
        .expect("satisfaction is always reported")
}

/// `|estimate - expected| <= Z` standard errors (the 95% half-width over t).
fn assert_close(what: &str, e: Estimate, expected: f64, replications: u32) {
    let se = e.half_width() / t_quantile(0.975, u64::from(replications) - 1);
    assert!(
        (e.mean - expected).abs() <= Z * se,
        "{what}: simulated {} vs expected {expected} (se {se})",
        e.mean
    );
}

/// No agent in the first half hour and plenty from the second: every call
/// of the first interval waits exactly until 08:30, so (Poisson arrivals
/// being uniform given their number) its wait is uniform on (0, 1800 s).
/// Default curve 1.0 at 0 s, 0.8 at 60 s, 0.2 from 300 s; satisfied at 0.6,
/// i.e. for waits up to 140 s. By hand: CSAT = 140/1800; mean score =
/// (54 + 120 + 300)/1800 = 474/1800. Second interval: nobody waits, every
/// score is exactly 1.
const UNIFORM_WAITS: &str = r#"
name = "uniform waits"
[simulation]
replications = 200
seed = 5
[horizon]
start = "08:00"
end = "09:00"
[arrivals]
calls_per_interval = [100, 40]
[handle_time]
distribution = "deterministic"
mean_seconds = 60
[[groups]]
name = "late"
agents = [0, 500]
"#;

#[test]
fn uniform_waits_give_the_hand_computed_csat_and_mean_score() {
    let sc = valid(UNIFORM_WAITS);
    let r = run(&sc);
    let s = sat(&r);
    let first = &s.intervals[0].figures;
    assert_close("CSAT 08:00", first.csat, 140.0 / 1800.0, sc.replications);
    assert_close(
        "mean score 08:00",
        first.mean_score,
        474.0 / 1800.0,
        sc.replications,
    );
    // Bands: [0.8, 1] for waits < 60 s, [0.6, 0.8) up to 140 s, [0.4, 0.6)
    // up to 220 s, [0.2, 0.4) up to 300 s and the rest at exactly 0.2.
    let bands = &first.score_bands.0;
    for (b, expected) in [(4, 60.0), (3, 80.0), (2, 80.0), (1, 1580.0), (0, 0.0)] {
        assert_close("band", bands[b].1, expected / 1800.0, sc.replications);
    }
    let second = &s.intervals[1].figures;
    assert_eq!(second.csat.mean, 1.0);
    assert_eq!(second.mean_score.mean, 1.0);
    assert_eq!(second.dissatisfied.mean, 0.0);
}

#[test]
fn consequences_are_the_documented_multiples_of_the_counts() {
    let mut sc = valid(UNIFORM_WAITS);
    sc.replications = 20;
    sc.satisfaction.customer_value = 80.0;
    sc.satisfaction.acquisition_cost_factor = 7.0;
    sc.satisfaction.churn_if_dissatisfied = 0.25;
    let r = run(&sc);
    let t = &sat(&r).total;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(close(t.told_positive.mean, 6.0 * t.satisfied.mean));
    assert!(close(t.told_negative.mean, 15.0 * t.dissatisfied.mean));
    assert!(close(t.complaints_seen.mean, 0.04 * t.dissatisfied.mean));
    assert!(close(t.customers_lost.mean, 0.25 * t.dissatisfied.mean));
    assert!(close(
        t.replacement_cost.mean,
        0.25 * 80.0 * 7.0 * t.dissatisfied.mean
    ));
    assert!(close(
        t.callers.mean,
        t.satisfied.mean + t.dissatisfied.mean
    ));
    let band_sum: f64 = t.score_bands.0.iter().map(|(_, e)| e.mean).sum();
    assert!(close(band_sum, 1.0));
}

/// M/M/c in steady state (a long day after a warm-up hour, nobody hangs
/// up): P(W <= w) = 1 - C e^{-(c mu - lambda) w}, so with the default curve
/// and `satisfied_at = 0.9` (waits up to 30 s) CSAT = 1 - C e^{-30 theta},
/// and the mean score is (1 - C) + C E[curve(X)] with X ~ Exp(theta).
#[test]
fn csat_and_mean_score_match_erlang_c() {
    let sc = valid(
        r#"
name = "erlang c"
[simulation]
replications = 40
seed = 17
warmup_minutes = 60
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 180
[handle_time]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "agents"
agents = 11
[satisfaction]
satisfied_at = 0.9
"#,
    );
    let r = run(&sc);
    let t = &sat(&r).total;
    let (a, c, h) = (9.0, 11u32, 180.0);
    let pw = erlang_c(a, c).unwrap();
    let theta = (f64::from(c) - a) / h;
    assert_close(
        "CSAT",
        t.csat,
        1.0 - pw * (-30.0 * theta).exp(),
        sc.replications,
    );
    // E[curve(X)] by Simpson's rule on each linear piece, plus the flat tail.
    let curve = |x: f64| sc.satisfaction.curve_score(x);
    let density = |x: f64| theta * (-theta * x).exp();
    let simpson = |lo: f64, hi: f64| {
        let n = 2000;
        let step = (hi - lo) / n as f64;
        (0..=n)
            .map(|i| {
                let x = lo + step * i as f64;
                let w = if i == 0 || i == n {
                    1.0
                } else if i % 2 == 1 {
                    4.0
                } else {
                    2.0
                };
                w * curve(x) * density(x)
            })
            .sum::<f64>()
            * step
            / 3.0
    };
    let tail = 0.2 * (-300.0 * theta).exp();
    let e_curve = simpson(0.0, 60.0) + simpson(60.0, 300.0) + tail;
    assert_close(
        "mean score",
        t.mean_score,
        (1.0 - pw) + pw * e_curve,
        sc.replications,
    );
}

/// With retrials and busy signals, a caller is scored once, in the
/// interval of the first attempt: exactly the core's count of callers.
#[test]
fn every_caller_is_scored_once_in_the_interval_of_the_first_attempt() {
    let sc = valid(
        r#"
name = "retrials"
[simulation]
replications = 30
seed = 3
warmup_minutes = 30
[horizon]
start = "08:00"
end = "11:00"
[arrivals]
calls_per_hour = 220
[handle_time]
distribution = "exponential"
mean_seconds = 100
[patience]
distribution = "exponential"
mean_seconds = 40
[lines]
count = 8
[retrials]
after_abandon = 0.5
after_busy = 0.7
mean_delay_seconds = 120
[[groups]]
name = "agents"
agents = 5
"#,
    );
    let r = run(&sc);
    let s = sat(&r);
    assert!(r.total.retrials.mean > 10.0, "the case must have retrials");
    assert!(
        r.total.blocked.mean > 1.0,
        "the case must have busy signals"
    );
    assert_eq!(s.total.callers.mean, r.total.callers.mean);
    for (si, i) in s.intervals.iter().zip(&r.intervals) {
        assert_eq!(si.start, i.start);
        assert_eq!(si.figures.callers.mean, i.figures.callers.mean);
    }
}

#[test]
fn satisfaction_does_not_depend_on_the_thread_count() {
    let mut sc = valid(UNIFORM_WAITS);
    sc.replications = 300; // more than one batch of 256
    let one = ccsim::commands::with_threads(Some(1), || {
        simulation::simulate(&sc, &|| {}, |_, _, _| {}).satisfaction
    })
    .unwrap();
    let two = ccsim::commands::with_threads(Some(2), || {
        simulation::simulate(&sc, &|| {}, |_, _, _| {}).satisfaction
    })
    .unwrap();
    assert_eq!(one, two);
}

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

fn shipped(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Every shipped scenario of this feature runs and reports satisfaction in
/// the table, the JSON (existing keys unchanged) and the CSV.
#[test]
fn shipped_satisfaction_scenarios_report_in_every_format() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("satisfaction") && name.ends_with(".toml")) {
            continue;
        }
        let out = ccsim()
            .args(["run", path.to_str().unwrap(), "-r", "4", "--json", "-"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for key in [
            "scenario",
            "total",
            "intervals",
            "warnings",
            "seed",
            "version",
        ] {
            assert!(json.get(key).is_some(), "{name}: key {key} kept");
        }
        let s = &json["satisfaction"];
        let csat = s["total"]["csat"]["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&csat));
        assert_eq!(
            s["intervals"].as_array().unwrap().len(),
            json["intervals"].as_array().unwrap().len()
        );
        assert!(s["total"]["score_bands"]["0.8-1.0"]["ci95"].is_array());
        assert_eq!(s["parameters"]["tells_if_dissatisfied"], 15.0);
        ran += 1;
    }
    assert!(ran >= 2, "shipped satisfaction scenarios found: {ran}");

    let path = shipped("satisfaction-day.toml");
    let out = ccsim().args(["run", &path, "-r", "3"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("CSAT"), "{table}");
    assert!(table.contains("Satisfaction: CSAT"), "{table}");
    assert!(table.contains("leave silently"), "{table}");
    let out = ccsim()
        .args(["run", &path, "-r", "3", "--csv", "-"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "service_level",
        "sat_csat",
        "sat_csat_lo",
        "sat_mean_score_hi",
        "sat_band_0.0-0.2",
    ] {
        assert!(
            header.split(',').any(|c| c == col),
            "column {col} in {header}"
        );
    }
    let widths: Vec<usize> = csv.lines().map(|l| l.split(',').count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "ragged CSV");
}

#[test]
fn bad_satisfaction_values_name_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let base = std::fs::read_to_string(shipped("satisfaction-day.toml")).unwrap();
    let bad = base
        .replace("satisfied_at = 0.6", "satisfied_at = 1.5")
        .replace(
            "curve = [[0, 1.0], [30, 0.9], [60, 0.8], [300, 0.2]]",
            "curve = [[0, 1.0], [60, 0.8], [30, 0.9]]",
        );
    std::fs::write(&path, bad).unwrap();
    let out = ccsim()
        .args(["run", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("satisfaction.satisfied_at"), "{err}");
    assert!(err.contains("satisfaction.curve[2][0]"), "{err}");

    let typo = base.replace("tells_if_satisfied = 6", "tell_if_satisfied = 6");
    std::fs::write(&path, typo).unwrap();
    let out = ccsim()
        .args(["run", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean `tells_if_satisfied`"), "{err}");
}
