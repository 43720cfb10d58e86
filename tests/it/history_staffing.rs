//! Staffing inferred from a call log, and the backtest's honesty on
//! held-out days: synthetic logs of a known scenario, fixed seeds.

use ccsim::fit::{self, backtest, staffing::Method, FitOptions};
use ccsim::history::calls::{self, OutcomeWords};
use ccsim::history::intervals;
use ccsim::history::synth;
use ccsim::history::values::TimeFormat;
use chrono::NaiveDate;

use super::common::scenario_from;

/// A center with a known staffing that varies over the day; no day-to-day
/// volume spread, so that every day shows the same staffing at work.
fn truth(agents: &[u32], replications: u32) -> String {
    truth_with(agents, 1.0, replications)
}

/// [`truth`] with every interval's calls multiplied by `calls`.
fn truth_with(agents: &[u32], calls: f64, replications: u32) -> String {
    let list: Vec<String> = agents.iter().map(u32::to_string).collect();
    let volume: Vec<String> = [
        40.0, 60.0, 80.0, 90.0, 90.0, 80.0, 70.0, 80.0, 90.0, 80.0, 60.0, 40.0,
    ]
    .iter()
    .map(|c: &f64| format!("{}", c * calls))
    .collect();
    format!(
        r#"
name = "truth"
[simulation]
replications = {replications}
seed = 77
[horizon]
start = "08:00"
end = "14:00"
interval_minutes = 30
[arrivals]
calls_per_interval = [{}]
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "team"
agents = [{}]
"#,
        volume.join(", "),
        list.join(", ")
    )
}

const AGENTS: [u32; 12] = [7, 9, 12, 13, 13, 12, 11, 12, 13, 12, 9, 7];

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()
}

/// Agents within 10% of the truth, and the mean absolute error in agents.
fn recovery(fitted: &[u32]) -> (usize, f64) {
    let within = fitted
        .iter()
        .zip(AGENTS)
        .filter(|(e, t)| (f64::from(**e) - f64::from(*t)).abs() <= 0.1 * f64::from(*t))
        .count();
    let mae = fitted
        .iter()
        .zip(AGENTS)
        .map(|(e, t)| f64::from(e.abs_diff(t)))
        .sum::<f64>()
        / AGENTS.len() as f64;
    (within, mae)
}

#[test]
fn calibrate_recovers_the_true_staffing_in_90_percent_of_intervals() {
    // Three days of the known center (three seeds), each written by
    // `ccsim simulate-log` with agent names and fitted back alone with
    // each estimator. 36 intervals in all; the issue asks calibrate to be
    // within 10% of the truth in at least 90% of them.
    let dir = tempfile::tempdir().unwrap();
    let truth_path = dir.path().join("truth.toml");
    std::fs::write(&truth_path, truth(&AGENTS, 40)).unwrap();
    let mut total = [(0usize, 0.0f64); 3];
    let methods = [Method::Busy, Method::Agents, Method::Calibrate];
    for seed in ["77", "78", "79"] {
        let log = dir.path().join(format!("log{seed}.csv"));
        let o = super::common::ccsim(&[
            "simulate-log",
            truth_path.to_str().unwrap(),
            "--days",
            "1",
            "--seed",
            seed,
            "--calls",
            log.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let imp = calls::read(&log, &[], &TimeFormat::default(), &OutcomeWords::default()).unwrap();
        for (i, m) in methods.into_iter().enumerate() {
            let opt = FitOptions {
                staffing: Some(m),
                ..FitOptions::default()
            };
            let r = fit::fit_calls(&imp.rows, "log.csv", &opt).unwrap();
            assert_eq!(r.agents.len(), AGENTS.len());
            let report = fit::report_text(&r);
            assert!(
                report.contains("staffing estimators per interval") && report.contains("calibrate"),
                "{report}"
            );
            let (within, mae) = recovery(&r.agents);
            let errors: Vec<i64> = r
                .agents
                .iter()
                .zip(AGENTS)
                .map(|(e, t)| i64::from(*e) - i64::from(t))
                .collect();
            eprintln!(
                "seed {seed} {:<9} {:?}: error per interval {errors:?}, {within} of 12 within 10%, mean |error| {mae:.2} agents",
                m.name(),
                r.agents
            );
            total[i].0 += within;
            total[i].1 += mae / 3.0;
            // agents and calibrate are never more than one agent off.
            assert!(
                m == Method::Busy || errors.iter().all(|e| e.abs() <= 1),
                "{m:?}: {:?} vs {AGENTS:?}\n{report}",
                r.agents
            );
            if m == Method::Calibrate {
                let e = r.staffing_estimates.as_ref().unwrap();
                let (_, close) = e.calibrated.as_ref().unwrap();
                assert!(
                    close.iter().all(|c| c.simulated.0.is_some()
                        && c.distance.is_some_and(|d| d < 2.0)
                        && c.days == 1),
                    "{close:?}"
                );
            }
        }
    }
    for (m, (within, mae)) in methods.iter().zip(total) {
        eprintln!(
            "{:<9}: {within} of 36 intervals within 10% of the truth, mean |error| {mae:.2} agents",
            m.name()
        );
    }
    // Measured (docs/history.md): busy 24 of 36, agents 31, calibrate 36.
    let (cal, agents) = (total[2].0, total[1].0);
    assert!(cal * 10 >= 9 * 36, "calibrate: {cal} of 36 within 10%");
    assert!(cal >= agents, "calibrate {cal} vs agents {agents}");
    // The bank layout: two types, NE served first, waits in whole
    // seconds, calls hung up in the voice menu set aside; three days.
    let bank = super::common::repo_path("scenarios/history/bank_truth.toml");
    let truth = scenario_from(&std::fs::read_to_string(&bank).unwrap()).groups[0]
        .agents
        .clone();
    let mut within = 0;
    for seed in ["1", "2", "3"] {
        let log = dir.path().join(format!("bank{seed}.csv"));
        let o = super::common::ccsim(&[
            "simulate-log",
            bank.to_str().unwrap(),
            "--layout",
            "bank",
            "--days",
            "1",
            "--seed",
            seed,
            "--calls",
            log.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let imp = calls::read(&log, &[], &TimeFormat::default(), &OutcomeWords::default()).unwrap();
        let r = fit::fit_calls(&imp.rows, "bank.csv", &FitOptions::default()).unwrap();
        assert_eq!(r.staffing, fit::StaffingSource::Log(Method::Calibrate));
        let ok = r
            .agents
            .iter()
            .zip(&truth)
            .filter(|(e, t)| (f64::from(**e) - f64::from(**t)).abs() <= 0.1 * f64::from(**t))
            .count();
        eprintln!(
            "bank seed {seed} calibrate {:?} (truth {truth:?}): {ok} of 12 within 10%",
            r.agents
        );
        within += ok;
    }
    assert!(
        within * 10 >= 9 * 36,
        "bank: calibrate {within} of 36 within 10%"
    );
    // The default, with agent names and waits in the log, is calibrate.
    assert_eq!(fit::DEFAULT_STAFFING, Method::Calibrate);
}

#[test]
fn busy_is_given_per_call_type() {
    // Ten days of the two-type bank truth (PS 200 s, NE 300 s) in the
    // bank layout; `busy` per type from the type column.
    let dir = tempfile::tempdir().unwrap();
    let truth = super::common::repo_path("scenarios/history/bank_truth.toml");
    let log = dir.path().join("bank.csv");
    let o = super::common::ccsim(&[
        "simulate-log",
        truth.to_str().unwrap(),
        "--layout",
        "bank",
        "--days",
        "10",
        "--start-date",
        "1999-08-01",
        "--calls",
        log.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let imp = calls::read(&log, &[], &TimeFormat::default(), &OutcomeWords::default()).unwrap();
    let opt = FitOptions {
        staffing: Some(Method::Busy),
        ..FitOptions::default()
    };
    let r = fit::fit_calls(&imp.rows, "bank.csv", &opt).unwrap();
    let e = r.staffing_estimates.as_ref().unwrap();
    let names: Vec<&str> = e.by_type.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["PS", "NE"], "by decreasing busy time");
    // The types' agents on the phones add up to the pooled ones.
    for k in 0..e.busy_time.len() {
        let sum: f64 = e.by_type.iter().map(|t| t.busy_time[k]).sum();
        assert!(
            (sum - e.busy_time[k]).abs() < 1e-9,
            "{k}: {sum} vs {}",
            e.busy_time[k]
        );
    }
    // Each type's busy hours a day are its offered load (calls x mean
    // handle time) less what its abandoned callers did not take: within 6%
    // of the truth's (10 days of about 250 and 100 answered calls).
    let sc = scenario_from(&std::fs::read_to_string(&truth).unwrap());
    for (ty, t) in sc.types.iter().enumerate() {
        let fitted = e.by_type.iter().find(|b| b.name == t.name).unwrap();
        let mut answered = 0.0;
        let mut offered = 0.0;
        for c in imp
            .rows
            .iter()
            .filter(|c| c.call_type.as_deref() == Some(t.name.as_str()))
        {
            offered += 1.0;
            answered += f64::from(u8::from(c.outcome == calls::CallOutcome::Answered));
        }
        let load: f64 = t.rates.iter().sum::<f64>() * sc.horizon.interval * t.handle_time.mean()
            / 3600.0
            * answered
            / offered;
        let hours: f64 = fitted.busy_time.iter().sum::<f64>() * 0.5;
        assert!(
            (hours / load - 1.0).abs() < 0.06,
            "type {ty} {}: {hours:.2} busy hours a day vs load {load:.2}",
            t.name
        );
        assert!(fitted
            .busy
            .iter()
            .zip(&fitted.busy_time)
            .all(|(b, x)| f64::from(*b) >= x / e.occupancy - 1e-9));
    }
    let report = fit::report_text(&r);
    assert!(
        report.contains("busy per call type")
            && report.contains("\n  PS ")
            && report.contains("\n  NE "),
        "{report}"
    );
    let text = fit::scenario_text(&r);
    assert!(
        text.contains("# busy per call type") && text.contains("#   PS: ["),
        "{text}"
    );
}

/// Backtest of `agents` scaled by `factor` against the held-out half of
/// 16 synthetic days of the truth.
fn backtest_scaled(factor: f64) -> backtest::Backtest {
    backtest_against(factor, 1.0)
}

/// Backtest of the truth with `agents` scaled by `factor` against the
/// held-out half of 16 synthetic days of the truth with `calls` times
/// its calls.
fn backtest_against(factor: f64, calls: f64) -> backtest::Backtest {
    let sc = scenario_from(&truth_with(&AGENTS, calls, 40));
    let (_, iv, _) = synth::history_csv(&sc, 16, 1000, monday()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("iv.csv");
    std::fs::write(&p, &iv).unwrap();
    let rows = intervals::read(&p, &[], &TimeFormat::default())
        .unwrap()
        .rows;
    let dates: Vec<NaiveDate> = rows
        .iter()
        .map(|r| r.start.date())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let (_, test) = fit::days::holdout(&dates, 0.5);
    assert_eq!(test.len(), 8);
    let held: Vec<_> = rows
        .into_iter()
        .filter(|r| test.contains(&r.start.date()))
        .collect();
    let scaled: Vec<u32> = AGENTS
        .iter()
        .map(|a| (f64::from(*a) * factor).round() as u32)
        .collect();
    let model = scenario_from(&truth(&scaled, 60));
    backtest::backtest(&model, &held).0
}

#[test]
fn backtest_on_held_out_days_is_honest_about_bias() {
    let right = backtest_scaled(1.0);
    // 96 intervals; the band holds a day 95% of the time.
    for s in [
        &right.service_level,
        &right.asa_seconds,
        &right.abandon_rate,
    ] {
        assert!(s.compared >= 90 && s.share_inside >= 0.85, "{s:?}");
    }
    assert_eq!(right.days.len(), 8);
    assert!(
        right.verdict.optimistic < right.verdict.intervals * 2 / 3
            && right.verdict.pessimistic < right.verdict.intervals * 2 / 3,
        "{:?}",
        right.verdict
    );
    let fewer = backtest_scaled(0.8);
    assert!(
        fewer.verdict.pessimistic * 3 >= fewer.verdict.intervals * 2,
        "{:?}",
        fewer.verdict
    );
    assert!(
        fewer.verdict.text.contains("worse service"),
        "{}",
        fewer.verdict.text
    );
    assert!(fewer.service_level.bias < 0.0 && fewer.asa_seconds.bias > 0.0);
    let more = backtest_scaled(1.2);
    assert!(
        more.verdict.optimistic * 3 >= more.verdict.intervals * 2,
        "{:?}",
        more.verdict
    );
    assert!(more.verdict.text.starts_with(&format!(
        "simulation is optimistic in {} of {} intervals",
        more.verdict.optimistic, more.verdict.intervals
    )));
    assert!(more.service_level.bias > 0.0 && more.abandon_rate.bias < 0.0);
    let table = backtest::table(&more);
    assert!(
        table.contains("verdict: simulation is optimistic") && table.contains("bias"),
        "{table}"
    );
    // The observed days had the scenario's volume: no volume caveat.
    for b in [&right, &fewer, &more] {
        let v = b.verdict.volume.unwrap();
        assert!(!v.significant && v.difference.abs() < 0.03, "{v:?}");
        assert!(b.verdict.at_observed_volume.is_none());
        assert!(
            b.verdict.text.contains("within noise of the forecast"),
            "{}",
            b.verdict.text
        );
    }
}

#[test]
fn backtest_tells_a_volume_difference_from_a_staffing_bias() {
    // The right staffing, but the test days had 20% fewer calls than the
    // scenario forecasts: the simulation leans pessimistic, and says the
    // lean is the volume.
    let quiet = backtest_against(1.0, 0.8);
    let v = quiet.verdict.volume.unwrap();
    assert!(v.significant && (v.difference + 0.2).abs() < 0.03, "{v:?}");
    assert!(
        quiet.verdict.pessimistic * 3 >= quiet.verdict.intervals * 2,
        "{:?}",
        quiet.verdict
    );
    let at = quiet.verdict.at_observed_volume.unwrap();
    assert!(
        at.optimistic * 3 < at.intervals * 2 && at.pessimistic * 3 < at.intervals * 2,
        "{at:?}"
    );
    let t = &quiet.verdict.text;
    assert!(
        t.contains("fewer calls than the scenario forecasts")
            && t.contains(
                "the lean above is the volume (the forecast), not the staffing or the model"
            ),
        "{t}"
    );
    // 20% fewer agents and 20% fewer calls: still pessimistic at the
    // observed volumes (staffing, not only volume).
    let both = backtest_against(0.8, 0.8);
    let at = both.verdict.at_observed_volume.unwrap();
    assert!(at.pessimistic * 3 >= at.intervals * 2, "{at:?}");
    assert!(
        both.verdict.text.contains("it still leans pessimistic"),
        "{}",
        both.verdict.text
    );
}

#[test]
fn weekdays_follow_the_banks_calendar() {
    // A week of the bank's truth from Sunday 1 August 1999: its working
    // week is Sunday to Thursday, Friday a short day.
    let dir = tempfile::tempdir().unwrap();
    let truth = super::common::repo_path("scenarios/history/bank_truth.toml");
    let s = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let log = dir.path().join("bank.csv");
    let fitted = dir.path().join("f.toml");
    let o = super::common::ccsim(&[
        "simulate-log",
        &s(&truth),
        "--layout",
        "bank",
        "--days",
        "7",
        "--start-date",
        "1999-08-01",
        "--calls",
        &s(&log),
    ]);
    assert!(o.status.success());
    let o = super::common::ccsim(&[
        "fit",
        &s(&log),
        "--weekdays",
        "bank-week",
        "--staffing",
        "busy",
        "--out",
        &s(&fitted),
    ]);
    let err = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("5 days from 1999-08-01 to 1999-08-05 (sun,mon,tue,wed,thu)"),
        "{err}"
    );
    // The short Friday alone, against the week's scenario: a warning.
    let o = super::common::ccsim(&[
        "backtest",
        &s(&fitted),
        "--actual",
        &s(&log),
        "--weekdays",
        "bank-short",
        "-r",
        "4",
        "--json",
        "-",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "observed days fall on fri but the scenario was fitted to mon,tue,wed,thu,sun"
        ),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let days: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["1999-08-06"]);
    // The week itself: no warning; --test-days takes the named sets too.
    let o = super::common::ccsim(&[
        "backtest",
        &s(&fitted),
        "--actual",
        &s(&log),
        "--test-days",
        "bank-week",
        "-r",
        "4",
        "--json",
        "-",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && !err.contains("observed days fall on"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["days"].as_array().unwrap().len(), 5);
    assert!(v["verdict"]["volume"]["forecast_per_day"].is_number());
    // An unknown name lists the named sets.
    let o = super::common::ccsim(&["fit", &s(&log), "--weekdays", "bank-wek"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("\"bank-wek\" is not a range of days of the week (mon-fri) nor a named set")
            && err.contains("bank-week, bank-short"),
        "{err}"
    );
}

#[test]
fn fit_and_backtest_hold_out_the_same_days_and_warn_on_other_weekdays() {
    let dir = tempfile::tempdir().unwrap();
    let truth = super::common::repo_path("scenarios/history/truth.toml");
    let log = dir.path().join("log.csv");
    let fitted = dir.path().join("f.toml");
    let s = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let o = super::common::ccsim(&[
        "simulate-log",
        &s(&truth),
        "--days",
        "6",
        "--calls",
        &s(&log),
    ]);
    assert!(o.status.success());
    let o = super::common::ccsim(&[
        "fit",
        &s(&log),
        "--holdout",
        "0.5",
        "--staffing",
        "busy",
        "--out",
        &s(&fitted),
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("3 days from 2024-03-04 to 2024-03-06")
            && err.contains("the last 3 of 6 days (2024-03-07 to 2024-03-09) were held out"),
        "{err}"
    );
    let o = super::common::ccsim(&[
        "backtest",
        &s(&fitted),
        "--actual",
        &s(&log),
        "--holdout",
        "0.5",
        "-r",
        "4",
        "--json",
        "-",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("testing on the last 3 of 6 days (2024-03-07 to 2024-03-09)")
            && err.contains(
                "observed days fall on thu,fri,sat but the scenario was fitted to mon,tue,wed"
            ),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["days"].as_array().unwrap().len(), 3);
    assert!(v["verdict"]["text"]
        .as_str()
        .unwrap()
        .starts_with("simulation is"));
    assert!(v["service_level"]["bias"].is_number());
    assert!(v["rows"][0]["service_level"]["error"].is_number());
    let o = super::common::ccsim(&[
        "backtest",
        &s(&fitted),
        "--actual",
        &s(&log),
        "--holdout",
        "1.5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("--holdout must be a share strictly between 0 and 1"));
}
