//! `ccsim backtest` on multi-day horizons: an observed row meets the
//! horizon's open day of its weekday at that day's own hours
//! (`[horizon.hours]`), a night service's rows after midnight belong to
//! the night opened the evening before, and the per-day table compares a
//! day with its own simulated day.

use std::path::PathBuf;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use ccsim::fit::backtest::{self, Backtest};
use ccsim::history::intervals::IntervalRow;
use ccsim::report::RunReport;

use super::common::{ccsim, scenario_from};

/// A week with a short Saturday four times as busy, Sunday closed: each
/// weekday's figures differ, so a row compared with the wrong day shows.
const WEEK: &str = r#"
name = "short saturday"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
days = 7
first_day = "mon"
[horizon.hours]
sat = "09:00-11:00"
sun = "closed"
[arrivals]
calls_per_hour = 30
day_factors = [1.0, 1.2, 1.0, 1.0, 1.0, 4.0, 1.0]
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "exponential"
mean_seconds = 120
[[groups]]
name = "team"
agents = 4
"#;

/// 2026-03-02 is a Monday.
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn at(date: NaiveDate, clock: &str) -> NaiveDateTime {
    date.and_time(NaiveTime::parse_from_str(clock, "%H:%M").unwrap())
}

/// An observed row whose figures are exactly the simulated means of
/// report interval `i`.
fn row_of(report: &RunReport, i: usize, start: NaiveDateTime) -> IntervalRow {
    let f = &report.intervals[i].figures;
    IntervalRow {
        line: 0,
        start,
        offered: f.offered.mean,
        answered: None,
        abandoned: Some(f.abandon_rate.mean * f.offered.mean),
        blocked: None,
        answered_within: None,
        service_level: Some(f.service_level.mean),
        asa: Some(f.asa_seconds.mean),
        aht: None,
        abandon_time: None,
        agents: None,
    }
}

/// The observed rows of `weeks` weeks whose figures are the simulated
/// means of the horizon's own intervals, each at its day's date and clock.
fn mirror(report: &RunReport, first: NaiveDate, weeks: i64) -> Vec<IntervalRow> {
    let mut rows = Vec::new();
    for w in 0..weeks {
        for (i, iv) in report.intervals.iter().enumerate() {
            let date = first + Duration::days(iv.day.unwrap() as i64 - 1 + 7 * w);
            rows.push(row_of(report, i, at(date, &iv.start)));
        }
    }
    rows
}

fn assert_exact(bt: &Backtest) {
    for r in &bt.rows {
        for (name, c) in [
            ("SL", &r.service_level),
            ("ASA", &r.asa_seconds),
            ("abandon", &r.abandon_rate),
        ] {
            let e = c
                .error
                .unwrap_or_else(|| panic!("{} {} {name} not compared", r.date, r.start));
            assert!(
                e.abs() < 1e-9,
                "{} {} {name}: simulated {} against its own interval's {:?}",
                r.date,
                r.start,
                c.simulated,
                c.observed
            );
        }
    }
}

#[test]
fn each_row_meets_its_weekday_at_that_days_hours() {
    let sc = scenario_from(WEEK);
    // The figures do not depend on the rows: take the report first.
    let (_, report) = backtest::backtest(&sc, &[]);
    assert_eq!(report.intervals.len(), 5 * 4 + 2);
    let sat = &report.intervals[20];
    assert_eq!((sat.day, sat.start.as_str()), (Some(6), "09:00"));
    // Saturday is busier than Monday at the same clock.
    assert!(sat.figures.service_level.mean < report.intervals[1].figures.service_level.mean - 0.1);

    // Two observed weeks mirroring the simulation, plus a Saturday row
    // after Saturday's close (inside the regular hours) and a Sunday row.
    let mut rows = mirror(&report, monday(), 2);
    let saturday = monday() + Duration::days(5);
    rows.push(row_of(&report, 0, at(saturday, "11:00")));
    rows.push(row_of(
        &report,
        0,
        at(saturday + Duration::days(1), "09:00"),
    ));
    let (bt, again) = backtest::backtest(&sc, &rows);
    assert_eq!(again.intervals.len(), report.intervals.len());
    assert_eq!(bt.unmatched_rows, 2, "{:?}", bt.notes);
    assert_eq!(bt.rows.len(), 44);
    assert_exact(&bt);
    // Saturday's rows carry Saturday's simulated calls, not Monday's.
    let sat_rows: Vec<_> = bt
        .rows
        .iter()
        .filter(|r| r.date == saturday.to_string())
        .collect();
    assert_eq!(sat_rows.len(), 2);
    assert_eq!(sat_rows[0].start, "09:00");
    assert_eq!(sat_rows[0].offered_simulated, sat.figures.offered.mean);
    // The per-day table: one row per observed date, each against its own
    // simulated day (the busy Saturday's band sits below Monday's).
    assert_eq!(bt.days.len(), 12);
    let day = |d: NaiveDate| bt.days.iter().find(|x| x.date == d.to_string()).unwrap();
    let (mon, sat_day) = (day(monday()), day(saturday));
    assert!(sat_day.service_level.band[1] < mon.service_level.band[1]);
    assert!(sat_day.service_level.simulated < mon.service_level.simulated - 0.1);
    for d in &bt.days {
        assert_eq!(d.service_level.inside, Some(true), "{d:?}");
    }
    // The volume is the scenario's own: within noise, per simulated day.
    let v = bt.verdict.volume.expect("a volume check");
    assert!(v.difference.abs() < 1e-9, "{v:?}");
    let per_day: f64 = report
        .intervals
        .iter()
        .map(|i| i.figures.offered.mean)
        .sum::<f64>()
        / 6.0;
    assert!(
        (v.forecast_per_day - per_day).abs() < 1e-6,
        "{v:?} {per_day}"
    );
    assert!(
        bt.notes.iter().any(|n| n.contains("same weekday")),
        "{:?}",
        bt.notes
    );
}

/// Two nights, 22:00-02:00.
const NIGHTS: &str = r#"
name = "nights"
[simulation]
replications = 40
seed = 9
[horizon]
start = "22:00"
end = "02:00"
interval_minutes = 60
days = 2
first_day = "mon"
[arrivals]
calls_per_hour = 20
day_factors = [1.0, 2.0]
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "exponential"
mean_seconds = 200
[[groups]]
name = "team"
agents = 3
"#;

#[test]
fn a_nights_rows_after_midnight_belong_to_the_night_before() {
    let sc = scenario_from(NIGHTS);
    let (_, report) = backtest::backtest(&sc, &[]);
    assert_eq!(report.intervals.len(), 8);
    // Each interval at its real date: 00:00 and 01:00 are the next day's.
    let rows: Vec<IntervalRow> = report
        .intervals
        .iter()
        .enumerate()
        .map(|(i, iv)| {
            let night = monday() + Duration::days(iv.day.unwrap() as i64 - 1);
            let date = if iv.start.as_str() < "12:00" {
                night + Duration::days(1)
            } else {
                night
            };
            row_of(&report, i, at(date, &iv.start))
        })
        .collect();
    let (bt, _) = backtest::backtest(&sc, &rows);
    assert_eq!(bt.unmatched_rows, 0);
    assert_exact(&bt);
    // Two nights in the per-day table, named by the evening they opened.
    let dates: Vec<&str> = bt.days.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(dates, ["2026-03-02", "2026-03-03"]);
    let calls: f64 = report.intervals[..4]
        .iter()
        .map(|i| i.figures.offered.mean)
        .sum();
    assert!((bt.days[0].offered_observed - calls).abs() < 1e-9);
}

fn folder(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ccsim-backtest-days-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_call_log_after_midnight_is_summed_into_the_night_it_belongs_to() {
    let dir = folder("log");
    let s = dir.join("nights.toml");
    std::fs::write(&s, NIGHTS).unwrap();
    let log = dir.join("calls.csv");
    let calls = [
        ("2026-03-02 22:10:00", 10.0),
        ("2026-03-03 00:20:00", 0.0),
        ("2026-03-03 00:40:00", 30.0),
        ("2026-03-03 01:15:00", 0.0),
        ("2026-03-03 23:05:00", 5.0),
    ];
    let mut csv = String::from("call_id,arrival,wait_seconds,handle_seconds,outcome\n");
    for (i, (t, wait)) in calls.iter().enumerate() {
        csv += &format!("{i},{t},{wait},200,answered\n");
    }
    std::fs::write(&log, csv).unwrap();
    let out = ccsim(&[
        "backtest",
        s.to_str().unwrap(),
        "--actual",
        log.to_str().unwrap(),
        "--json",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bt: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(bt["unmatched_rows"], 0, "{bt}");
    let rows: Vec<(String, String, f64)> = bt["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["date"].as_str().unwrap().to_string(),
                r["start"].as_str().unwrap().to_string(),
                r["offered_observed"].as_f64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("2026-03-02", "22:00", 1.0),
        ("2026-03-03", "00:00", 2.0),
        ("2026-03-03", "01:00", 1.0),
        ("2026-03-03", "23:00", 1.0),
    ];
    for (d, s, n) in want {
        assert!(
            rows.iter().any(|r| r.0 == d && r.1 == s && r.2 == n),
            "{d} {s} {n} in {rows:?}"
        );
    }
    let days = bt["days"].as_array().unwrap();
    assert_eq!(days.len(), 2, "{bt}");
    assert_eq!(days[0]["date"], "2026-03-02");
    assert_eq!(days[0]["offered_observed"], 4.0);
    assert_eq!(days[1]["offered_observed"], 1.0);
}

#[test]
fn simulate_log_writes_a_week_at_its_days_hours_and_backtest_reads_it_back() {
    let dir = folder("week");
    let s = dir.join("week.toml");
    std::fs::write(&s, WEEK).unwrap();
    let (calls, intervals) = (dir.join("calls.csv"), dir.join("intervals.csv"));
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    let out = ccsim(&[
        "simulate-log",
        &path(&s),
        "--days",
        "2",
        "--start-date",
        "2026-03-02",
        "--calls",
        &path(&calls),
        "--intervals",
        &path(&intervals),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Two weeks: every open day's own intervals at its date, none on Sundays.
    let text = std::fs::read_to_string(&intervals).unwrap();
    let starts: Vec<(NaiveDateTime, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (
                NaiveDateTime::parse_from_str(c[0], "%Y-%m-%d %H:%M").unwrap(),
                c[1].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(starts.len(), 2 * 22);
    let mut want = Vec::new();
    for week in 0..2 {
        for d in 0..6 {
            let date = monday() + Duration::days(7 * week + d);
            let clocks: &[&str] = if d == 5 {
                &["09:00", "10:00"]
            } else {
                &["08:00", "09:00", "10:00", "11:00"]
            };
            want.extend(clocks.iter().map(|c| at(date, c)));
        }
    }
    assert_eq!(starts.iter().map(|s| s.0).collect::<Vec<_>>(), want);
    // Each interval row counts the calls of the log that arrived in it.
    let log = std::fs::read_to_string(&calls).unwrap();
    let arrivals: Vec<NaiveDateTime> = log
        .lines()
        .skip(1)
        .map(|l| {
            NaiveDateTime::parse_from_str(l.split(',').nth(1).unwrap(), "%Y-%m-%d %H:%M:%S")
                .unwrap()
        })
        .collect();
    for (start, offered) in &starts {
        let n = arrivals
            .iter()
            .filter(|a| **a >= *start && **a < *start + Duration::hours(1))
            .count();
        assert_eq!(n as f64, *offered, "{start}");
    }
    assert_eq!(
        arrivals.len() as f64,
        starts.iter().map(|s| s.1).sum::<f64>()
    );
    // The backtest meets every row, and sets each day beside its own.
    for actual in [&intervals, &calls] {
        let out = ccsim(&[
            "backtest",
            &path(&s),
            "--actual",
            &path(actual),
            "--json",
            "-",
            "-q",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bt: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(bt["unmatched_rows"], 0, "{}", bt["notes"]);
        assert_eq!(bt["rows"].as_array().unwrap().len(), 44);
        assert_eq!(bt["days"].as_array().unwrap().len(), 12);
    }
    // A start date off the horizon's first weekday is refused with the fix.
    let out = ccsim(&[
        "simulate-log",
        &path(&s),
        "--start-date",
        "2026-03-03",
        "--intervals",
        &path(&intervals),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2026-03-03 is a tue") && err.contains("--start-date 2026-03-09"),
        "{err}"
    );
}
