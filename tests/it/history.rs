//! Scenarios from history: synthetic logs of a known scenario are fitted
//! and the parameters recovered within tolerances derived from their
//! sampling error; the backtest puts a synthetic day inside its band; bad
//! input gives clear messages and exit code 2; the shipped examples work.
//!
//! Tolerances: 4 standard errors per check (false-alarm rate about 6e-5
//! per check under normality), all with fixed seeds, so the tests are
//! deterministic and can fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use ccsim::fit::{self, backtest, handle::Family, FitOptions, HandleResult, PatienceResult};
use ccsim::history::calls::{self, CallOutcome, OutcomeWords};
use ccsim::history::intervals;
use ccsim::history::synth;
use ccsim::history::values::TimeFormat;
use ccsim::scenario::{self, ValidScenario};
use chrono::NaiveDate;

const TRUTH: &str = r#"
name = "truth"
[simulation]
replications = 60
seed = 31
[horizon]
start = "08:00"
end = "14:00"
interval_minutes = 30
[arrivals]
calls_per_interval = [40, 60, 80, 90, 90, 80, 70, 80, 90, 80, 60, 40]
forecast_cv = 0.15
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "team"
agents = [7, 9, 12, 13, 13, 12, 11, 12, 13, 12, 9, 7]
"#;

fn scenario_of(text: &str) -> ValidScenario {
    scenario::validate(&scenario::parse(text).expect("parses")).expect("valid")
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()
}

/// Writes `days` synthetic days of `sc` into a temp dir: (dir, calls, intervals).
fn synthetic(
    sc: &ValidScenario,
    days: u32,
    first_rep: u64,
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (c, i, _) = synth::history_csv(sc, days, first_rep, monday()).unwrap();
    let calls = dir.path().join("calls.csv");
    let iv = dir.path().join("intervals.csv");
    std::fs::write(&calls, c).unwrap();
    std::fs::write(&iv, i).unwrap();
    (dir, calls, iv)
}

fn read_calls(path: &Path) -> Vec<calls::CallRow> {
    calls::read(path, &[], &TimeFormat::default(), &OutcomeWords::default())
        .unwrap()
        .check(0.2)
        .unwrap()
        .rows
}

#[test]
fn fit_recovers_the_parameters_of_a_simulated_call_log() {
    let sc = scenario_of(TRUTH);
    let days = 60u32;
    let (_dir, calls_path, _) = synthetic(&sc, days, 0);
    let rows = read_calls(&calls_path);
    let r = fit::fit_calls(&rows, "calls.csv", &FitOptions::default()).unwrap();
    let p = &r.profile;
    assert_eq!(p.days.len(), days as usize);
    assert_eq!(p.grid.intervals, 12);
    assert_eq!(p.grid.start_of_day, 8.0 * 3600.0);

    // Arrivals: a day's count in interval k is Poisson-gamma with mean m_k
    // and variance m_k + cv² m_k², so the mean over N days has that over N.
    let cv2 = 0.15f64 * 0.15;
    for (k, m) in sc.types[0].rates.iter().map(|r| r * 1800.0).enumerate() {
        let se = ((m + cv2 * m * m) / f64::from(days)).sqrt();
        assert!(
            (p.mean_offered[k] - m).abs() < 4.0 * se,
            "interval {k}: {} vs {m} (se {se})",
            p.mean_offered[k]
        );
    }
    // forecast_cv: cv² = (s² - m)/m² from the daily totals; the sample
    // variance s² of N totals has standard error about
    // σ² sqrt(2/(N-1) + κ/N), κ the excess kurtosis (6 cv² for the gamma day factor).
    let m: f64 = sc.types[0].rates.iter().map(|r| r * 1800.0).sum();
    let var = m + cv2 * m * m;
    let n = f64::from(days);
    let se_cv2 = var * (2.0 / (n - 1.0) + 6.0 * cv2 / n).sqrt() / (m * m);
    let est = p.forecast_cv * p.forecast_cv;
    assert!(
        (est - cv2).abs() < 4.0 * se_cv2,
        "cv² {est} vs {cv2} (se {se_cv2})"
    );

    // Handle time: lognormal wins; mean and CV within 4 standard errors.
    let Some(HandleResult::Fitted { fit: h, .. }) = &r.handle else {
        panic!("no handle fit: {:?}", r.handle)
    };
    assert_eq!(h.best().0, Family::Lognormal);
    let l = h.lognormal;
    assert!((l.mean - 240.0).abs() < 4.0 * l.mean_se, "{l:?}");
    assert!((l.cv - 1.0).abs() < 4.0 * l.cv_se, "{l:?}");
    // Answered calls' handle times are an unbiased sample: every answered call counted once.
    let answered = rows
        .iter()
        .filter(|c| c.outcome == CallOutcome::Answered)
        .count();
    assert_eq!(h.values.len() + h.zeros, answered);

    // Patience: the censored MLE within 4 standard errors of 180 s; the
    // exponential is kept (the curve does not reject it).
    let PatienceResult::Fitted {
        exponential: e,
        empirical,
        km,
        ..
    } = &r.patience
    else {
        panic!("no patience fit: {:?}", r.patience)
    };
    assert!((e.mean - 180.0).abs() < 4.0 * e.mean_se, "{e:?}");
    assert!(!empirical, "{:?}", r.patience);
    // Kaplan-Meier agrees with the true exponential survival at 30 and 60 s
    // within 4 Greenwood standard errors.
    for t in [30.0, 60.0] {
        let step = km.steps.iter().rev().find(|s| s.time <= t).unwrap();
        let truth = (-t / 180.0f64).exp();
        assert!(
            (step.survival - truth).abs() < 4.0 * step.variance.sqrt(),
            "S({t}) = {} vs {truth}",
            step.survival
        );
    }

    // Staffing by calibrate (the default estimator): the log's calls
    // replayed through the true staffing give the observed service.
    assert_eq!(r.staffing, fit::StaffingSource::Log(fit::DEFAULT_STAFFING));
    let off: Vec<i64> = r
        .agents
        .iter()
        .zip(&sc.groups[0].agents)
        .map(|(a, b)| i64::from(*a) - i64::from(*b))
        .collect();
    assert!(
        off.iter().all(|d| d.abs() <= 1),
        "{:?} vs {:?}",
        r.agents,
        sc.groups[0].agents
    );

    // The written scenario parses, validates and says where numbers came from.
    let text = fit::scenario_text(&r);
    let fitted = scenario_of(&text);
    assert_eq!(fitted.horizon.intervals, 12);
    assert!(text.contains("--staffing calibrate"));
    assert!(text.contains("Maximum likelihood"));
    assert!(text.contains("censored"));
}

#[test]
fn interval_data_give_profile_aht_patience_and_agents() {
    let sc = scenario_of(TRUTH);
    let (_dir, _, iv) = synthetic(&sc, 30, 500);
    let rows = intervals::read(&iv, &[], &TimeFormat::default())
        .unwrap()
        .check(0.2)
        .unwrap()
        .rows;
    let r = fit::fit_intervals(&rows, "intervals.csv", &FitOptions::default()).unwrap();
    assert_eq!(r.profile.grid.interval, 1800.0);
    assert_eq!(r.staffing, fit::StaffingSource::AgentsColumn);
    assert_eq!(r.agents, sc.groups[0].agents);
    // The AHT column weighted by answered calls is the mean handle time of
    // ~20,000 answered calls: standard error 240 · CV / sqrt(n).
    let Some(HandleResult::Average { mean, .. }) = r.handle else {
        panic!("{:?}", r.handle)
    };
    let answered: f64 = rows.iter().filter_map(|r| r.answered).sum();
    let se = 240.0 / answered.sqrt();
    assert!((mean - 240.0).abs() < 4.0 * se, "AHT {mean}");
    // Patience from aggregates is the same censored MLE: abandonments over
    // total wait (answered × ASA + abandoned × mean abandon wait).
    let PatienceResult::Aggregate {
        abandonments,
        exposure,
    } = r.patience
    else {
        panic!("{:?}", r.patience)
    };
    let mean_patience = exposure / abandonments;
    let se = mean_patience / abandonments.sqrt();
    assert!(
        (mean_patience - 180.0).abs() < 4.0 * se,
        "patience {mean_patience}"
    );
    scenario_of(&fit::scenario_text(&r));
}

#[test]
fn non_exponential_patience_is_kept_as_kaplan_meier_quantiles() {
    // Lognormal patience with CV 2: many early hang-ups and a long tail.
    let text = TRUTH
        .replace(
            "[patience]\ndistribution = \"exponential\"\nmean_seconds = 180",
            "[patience]\ndistribution = \"lognormal\"\nmean_seconds = 120\ncv = 2.0",
        )
        .replace("forecast_cv = 0.15", "forecast_cv = 0.0");
    let sc = scenario_of(&text);
    let (_dir, calls_path, _) = synthetic(&sc, 20, 0);
    let rows = read_calls(&calls_path);
    let r = fit::fit_calls(&rows, "calls.csv", &FitOptions::default()).unwrap();
    let PatienceResult::Fitted {
        km,
        empirical,
        chi_square,
        ..
    } = &r.patience
    else {
        panic!("{:?}", r.patience)
    };
    assert!(
        empirical,
        "auto keeps KM when the curve rejects the exponential: {chi_square:?}"
    );
    // KM against the true lognormal CDF at 10 and 30 s, 4 Greenwood se.
    let s2 = (1.0f64 + 4.0).ln();
    let mu = 120f64.ln() - 0.5 * s2;
    for t in [10.0f64, 30.0] {
        let truth = 1.0 - fit::special::normal_cdf((t.ln() - mu) / s2.sqrt());
        let step = km.steps.iter().rev().find(|s| s.time <= t).unwrap();
        assert!(
            (step.survival - truth).abs() < 4.0 * step.variance.sqrt(),
            "S({t}) {} vs {truth}",
            step.survival
        );
    }
    let out = fit::scenario_text(&r);
    let fitted = scenario_of(&out);
    let ccsim::dist::Dist::Empirical { values } = &fitted.types[0].patience else {
        panic!("{:?}", fitted.types[0].patience)
    };
    assert_eq!(values.len(), fit::PATIENCE_QUANTILES);
    assert!(values.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn backtest_puts_a_synthetic_day_inside_its_band() {
    let sc = scenario_of(TRUTH);
    // Fit on 20 days, then compare with a day the fit never saw.
    let (_dir, calls_path, _) = synthetic(&sc, 20, 0);
    let rows = read_calls(&calls_path);
    let r = fit::fit_calls(&rows, "calls.csv", &FitOptions::default()).unwrap();
    let mut fitted = scenario_of(&fit::scenario_text(&r));
    fitted.replications = 100;
    let (_d2, _, day_path) = synthetic(&sc, 1, 10_000);
    let day = intervals::read(&day_path, &[], &TimeFormat::default())
        .unwrap()
        .rows;
    let (bt, report) = backtest::backtest(&fitted, &day);
    assert_eq!(bt.rows.len(), 12);
    // The per-day band is wider than the confidence interval of the mean.
    for (row, iv) in bt.rows.iter().zip(&report.intervals) {
        let band = row.service_level.band[1] - row.service_level.band[0];
        let ci = iv.figures.service_level.ci95[1] - iv.figures.service_level.ci95[0];
        assert!(band > ci, "{}: band {band} vs ci {ci}", row.start);
    }
    // Each observed figure falls in its 95% band with probability about
    // 0.95 if the model is right; over the 36 comparisons, at least 80%
    // inside (8 or more misses at 5% each has probability about 1e-4).
    let inside = bt.service_level.inside + bt.asa_seconds.inside + bt.abandon_rate.inside;
    let compared = bt.service_level.compared + bt.asa_seconds.compared + bt.abandon_rate.compared;
    assert!(compared >= 30, "{compared}");
    assert!(
        inside as f64 >= 0.8 * compared as f64,
        "{inside} of {compared} inside\n{}",
        backtest::table(&bt)
    );
    // Identical whatever the thread count.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (one, _) = pool.install(|| backtest::backtest(&fitted, &day));
    assert_eq!(one, bt);
}

// ---- bad input ----------------------------------------------------------

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn calls_import(path: &Path) -> ccsim::history::table::Import<calls::CallRow> {
    calls::read(path, &[], &TimeFormat::default(), &OutcomeWords::default()).unwrap()
}

const HEADER: &str = "call_id,arrival,answered_at,wait_seconds,handle_seconds,outcome\n";

fn good_line(i: usize) -> String {
    format!(
        "c{i},2024-03-04 08:{:02}:00,2024-03-04 08:{:02}:10,10,200,answered\n",
        i % 60,
        i % 60
    )
}

#[test]
fn bad_rows_are_reported_by_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEADER.to_string();
    for i in 0..20 {
        text.push_str(&good_line(i));
    }
    text.push_str("c100,2024-03-04 08:30:00,,-5,,abandoned\n"); // line 22
    text.push_str("c101,2024-03-04 08:30:00,2024-03-04 08:29:00,,200,answered\n"); // line 23
    text.push_str("c5,2024-03-04 08:31:00,,12,,abandoned\n"); // line 24
    text.push_str("c102,2024-03-04 08:32:00,,12,,HANGUP_X\n"); // line 25
    text.push_str("c103,04/03/2024 08:33,,12,,abandoned\n"); // line 26
    let p = write(dir.path(), "log.csv", &text);
    let imp = calls_import(&p);
    let reasons: Vec<(u64, &str)> = imp
        .bad
        .iter()
        .map(|b| (b.line, b.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert_eq!(reasons[0].0, 22);
    assert!(reasons[0].1.contains("negative wait"), "{reasons:?}");
    assert_eq!(reasons[1].0, 23);
    assert!(reasons[1].1.contains("before it arrived"), "{reasons:?}");
    assert_eq!(reasons[2].0, 24);
    assert!(
        reasons[2]
            .1
            .contains("\"c5\" appears on line 7 and again on line 24"),
        "{reasons:?}"
    );
    assert!(reasons[3].1.contains("--outcome"), "{reasons:?}");
    assert!(reasons[4].1.contains("--time-format"), "{reasons:?}");
    // 5 of 25 rows bad is 20%: skipped with a warning at the default limit...
    let imp = imp.check(0.2).unwrap();
    let w = imp.warning().unwrap();
    assert!(
        w.contains("5 of 25 rows skipped") && w.contains("line 22"),
        "{w}"
    );
    // ...an error at a stricter one.
    let err = calls_import(&p).check(0.1).unwrap_err().to_string();
    assert!(
        err.contains("log.csv") && err.contains("5 of 25 rows") && err.contains("line 22"),
        "{err}"
    );
    // A mapping fixes the unknown word.
    let words = OutcomeWords::with_args(&["abandoned=hangup_x".into()]).unwrap();
    let imp = calls::read(&p, &[], &TimeFormat::default(), &words).unwrap();
    assert_eq!(imp.bad.len(), 4);
}

#[test]
fn empty_files_missing_columns_and_duplicate_intervals_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.csv", "");
    let e = calls::read(
        &empty,
        &[],
        &TimeFormat::default(),
        &OutcomeWords::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("empty.csv") && e.contains("empty"), "{e}");
    let header_only = write(dir.path(), "header.csv", HEADER);
    let e = calls_import(&header_only)
        .check(0.2)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no data rows"), "{e}");
    let no_wait = write(
        dir.path(),
        "nowait.csv",
        "arrival,outcome\n2024-03-04 08:00,answered\n",
    );
    let e = calls::read(
        &no_wait,
        &[],
        &TimeFormat::default(),
        &OutcomeWords::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("needs the wait") && e.contains("--column wait="),
        "{e}"
    );
    let iv = write(
        dir.path(),
        "iv.csv",
        "interval_start,offered\n2024-03-04 08:00,10\n2024-03-04 08:30,12\n2024-03-04 08:00,9\n",
    );
    let imp = intervals::read(&iv, &[], &TimeFormat::default()).unwrap();
    assert_eq!(imp.bad.len(), 1);
    assert!(
        imp.bad[0]
            .reason
            .contains("appears on line 2 and again on line 4"),
        "{:?}",
        imp.bad
    );
    assert_eq!(imp.bad[0].line, 4);
    let wrong_map = intervals::read(&iv, &[("offered", "Calls".into())], &TimeFormat::default())
        .unwrap_err()
        .to_string();
    assert!(
        wrong_map.contains("no column \"Calls\"") && wrong_map.contains("interval_start, offered"),
        "{wrong_map}"
    );
}

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

#[test]
fn cli_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEADER.to_string();
    for i in 0..3 {
        text.push_str(&good_line(i));
    }
    for _ in 0..5 {
        text.push_str("x,not a time,,1,1,answered\n");
    }
    let bad = write(dir.path(), "bad.csv", &text);
    let out = dir.path().join("out.toml");
    let r = ccsim()
        .arg("fit")
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("5 of 8 rows") && err.contains("line 5"),
        "{err}"
    );
    assert!(!out.exists());
    let r = ccsim()
        .args(["fit", "x.csv", "--column", "ofered=Calls"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("unknown field \"ofered\""));
    let r = ccsim()
        .args(["fit", "/nonexistent/x.csv"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("cannot read"));
}

// ---- the shipped examples -------------------------------------------------

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/history")
        .join(name)
}

#[test]
fn shipped_call_log_is_the_documented_simulation_of_truth_toml() {
    // README/docs: ccsim simulate-log scenarios/history/truth.toml --days 5 --calls calls.csv
    let sc = scenario::load(&shipped("truth.toml")).unwrap();
    let (calls_csv, _, _) = synth::history_csv(&sc, 5, 0, monday()).unwrap();
    let shipped_csv = std::fs::read(shipped("calls.csv")).unwrap();
    assert!(
        calls_csv == shipped_csv,
        "scenarios/history/calls.csv is not what simulate-log writes"
    );
    let (_, day, _) = {
        let mut sc = sc.clone();
        sc.seed = 99;
        synth::history_csv(&sc, 1, 0, NaiveDate::from_ymd_opt(2024, 4, 2).unwrap()).unwrap()
    };
    assert!(
        day == std::fs::read(shipped("day.csv")).unwrap(),
        "day.csv differs"
    );
}

#[test]
fn shipped_examples_fit_and_backtest_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let fitted = dir.path().join("fitted.toml");
    let r = ccsim()
        .arg("fit")
        .arg(shipped("calls.csv"))
        .arg("--out")
        .arg(&fitted)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // The shipped fitted.toml is what `ccsim fit` writes for calls.csv.
    assert_eq!(
        std::fs::read_to_string(&fitted).unwrap(),
        std::fs::read_to_string(shipped("fitted.toml")).unwrap()
    );
    let r = ccsim()
        .arg("run")
        .arg(&fitted)
        .args(["-r", "5", "-q"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let acd = dir.path().join("acd.toml");
    let r = ccsim()
        .arg("fit")
        .arg(shipped("acd_export.csv"))
        .args([
            "--time-format",
            "%d/%m/%Y %H:%M",
            "--column",
            "offered=Offered Contacts",
            "--weekdays",
            "mon-fri",
            "--allow-skipped",
            "0.05",
            "--out",
        ])
        .arg(&acd)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("2 of 62 rows skipped") && err.contains("line 19") && err.contains("line 43"),
        "{err}"
    );
    scenario::load(&acd).unwrap();
    let r = ccsim()
        .arg("backtest")
        .arg(shipped("fitted.toml"))
        .arg("--actual")
        .arg(shipped("day.csv"))
        .args(["-r", "60", "--json", "-"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 12);
    assert!(v["service_level"]["share_inside"].as_f64().unwrap() >= 0.5);
    // The shipped interval data fit too (agents column, AHT, aggregate patience),
    // and a call log works as the actual data of a backtest.
    let iv = dir.path().join("iv.toml");
    let r = ccsim()
        .arg("fit")
        .arg(shipped("intervals.csv"))
        .arg("--out")
        .arg(&iv)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(&iv).unwrap();
    assert!(
        text.contains("The agents column") && text.contains("[patience]"),
        "{text}"
    );
    let r = ccsim()
        .arg("backtest")
        .arg(&iv)
        .arg("--actual")
        .arg(shipped("calls.csv"))
        .args(["--date", "2024-03-05", "-r", "40", "-q", "--json", "-"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 12);
    // Every shipped scenario in the folder is valid and runs.
    for name in ["truth.toml", "fitted.toml"] {
        let r = ccsim()
            .arg("run")
            .arg(shipped(name))
            .args(["-r", "3", "-q"])
            .output()
            .unwrap();
        assert!(
            r.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
}
