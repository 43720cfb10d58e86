//! `[arrivals] file`: a forecast CSV as a workforce-management tool exports
//! it (weekday or date rows, `;` or `,`, CRLF, columns in any order, an
//! optional AHT column), mapped onto the horizon; every flaw an error
//! naming the line.

use std::path::{Path, PathBuf};

use ccsim::replicate;
use ccsim::report::RunReport;

use super::common::ccsim;

fn folder(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ccsim-forecast-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn scenario(horizon: &str, extra: &str) -> String {
    format!(
        r#"
name = "forecast"
[simulation]
replications = 200
seed = 4
[horizon]
{horizon}
[arrivals]
file = "forecast.csv"
{extra}
[handle_time]
distribution = "lognormal"
mean_seconds = 300
cv = 0.9
[[groups]]
name = "team"
agents = 40
"#
    )
}

fn check(dir: &Path, toml: &str) -> (i32, String) {
    let s = write(dir, "s.toml", toml);
    let out = ccsim(&["check", s.to_str().unwrap()]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout),
    )
}

#[test]
fn a_weekday_forecast_with_aht_fills_every_day_of_the_week() {
    let dir = folder("weekday");
    // ';' separated, CRLF, columns in another order, a closed Sunday.
    let mut csv = String::from("Calls;Weekday;Interval start;AHT\r\n");
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    for (d, w) in days.iter().enumerate() {
        for (i, t) in ["08:00", "09:00", "10:00"].iter().enumerate() {
            let calls = 100 + 10 * d + i;
            let aht = if i == 2 {
                String::new()
            } else {
                format!("{}", 200 + 50 * i)
            };
            csv += &format!("{calls};{w};{t};{aht}\r\n");
        }
    }
    write(&dir, "forecast.csv", &csv);
    let toml = scenario(
        "start = \"08:00\"\nend = \"11:00\"\ninterval_minutes = 60\ndays = 7\nfirst_day = \"mon\"\n[horizon.closed]\ndays = [\"sun\"]",
        "",
    );
    let s = write(&dir, "s.toml", &toml);
    let sc = ccsim::scenario::load(&s).unwrap();
    assert_eq!(sc.horizon.intervals, 18);
    for d in 0..6 {
        for i in 0..3 {
            let k = d * 3 + i;
            let want = (100 + 10 * d + i) as f64;
            assert!(
                (sc.expected_calls(k) - want).abs() < 1e-9,
                "day {d} interval {i}"
            );
            // AHT from the file; an empty cell takes [handle_time]'s 300 s.
            let aht = [200.0, 250.0, 300.0][i];
            let h = sc.types[0].handle_at(k);
            assert!((h.mean() - aht).abs() < 1e-9, "{h:?}");
            assert!(
                (h.cv() - 0.9).abs() < 1e-9,
                "the table's family and CV: {h:?}"
            );
        }
    }
    // Simulated offered calls follow the file (Poisson: within 4.5 sd of the mean over 200 days).
    let mut sc = sc;
    sc.replications = 200;
    let (summary, work) = replicate::simulate(&sc, &|| {});
    let report = RunReport::new(&sc, &summary, work);
    for (k, i) in report.intervals.iter().enumerate() {
        let want = sc.expected_calls(k);
        let sd = (want / 200.0).sqrt();
        assert!(
            (i.figures.offered.mean - want).abs() < 4.5 * sd,
            "interval {k}: {} against {want}",
            i.figures.offered.mean
        );
    }
}

#[test]
fn a_dated_forecast_maps_a_night_service_past_midnight() {
    let dir = folder("night");
    // Date-time starts, comma separated; the night opens 22:00 on the 2nd
    // (a Monday) and its 00:00-06:00 rows are dated the 3rd.
    let mut csv = String::from("interval_start,calls_offered\n");
    let mut want = Vec::new();
    for (date, next) in [("2026-03-02", "2026-03-03"), ("2026-03-03", "2026-03-04")] {
        for h in 0..8 {
            let clock = (22 + h) % 24;
            let d = if clock >= 22 { date } else { next };
            let calls = 20 + h;
            want.push(calls as f64);
            csv += &format!("{d} {clock:02}:00,{calls}\n");
        }
    }
    write(&dir, "forecast.csv", &csv);
    let toml = scenario(
        "start = \"22:00\"\nend = \"06:00\"\ninterval_minutes = 60\ndays = 2\nfirst_day = \"mon\"",
        "",
    );
    let s = write(&dir, "s.toml", &toml);
    let sc = ccsim::scenario::load(&s).unwrap();
    for (k, w) in want.iter().enumerate() {
        assert!((sc.expected_calls(k) - w).abs() < 1e-9, "interval {k}");
    }
}

#[test]
fn every_flaw_of_a_forecast_is_an_error_naming_the_line() {
    let dir = folder("bad");
    let h =
        "start = \"08:00\"\nend = \"10:00\"\ninterval_minutes = 60\ndays = 2\nfirst_day = \"mon\"";
    let cases = [
        ("weekday,start,calls\nmon,08:00,10\nmon,09:00,10\ntue,08:00,10\n", "has no row for 1", ""),
        ("weekday,start,calls\nmon,08:00,10\nmon,09:00,10\ntue,08:00,10\ntue,09:00,10\nmon,08:00,12\n", "lines 2 and 6", ""),
        ("weekday,start,calls\nmon,08:00,10\nmon,09:30,10\n", "line 3: an interval starting at 09:30", ""),
        ("weekday,start,calls\nmon,08:00,10\nmon,09:00,ten\n", "line 3: calls \"ten\" is not a number", ""),
        ("weekday,start,calls\nmon,08:00,10\nmon,09:00,-1\n", "must be a number >= 0", ""),
        ("date,start,calls\n2026-03-03,08:00,10\n", "is a tue but the horizon starts on a mon", ""),
        ("date,start,calls\n2026-03-02,08:00,1\n2026-03-02,09:00,1\n2026-03-03,08:00,1\n2026-03-03,09:00,1\n2026-03-04,08:00,1\n", "line 6: 2026-03-04 is outside the horizon", ""),
        ("weekday,start\nmon,08:00\n", "no column for calls", ""),
        ("weekday,start,calls\nmon,08:00,10\n", "calls_per_hour", "calls_per_hour = 5"),
    ];
    for (csv, words, extra) in cases {
        write(&dir, "forecast.csv", csv);
        let (code, err) = check(&dir, &scenario(h, extra));
        assert_eq!(code, 2, "{csv}: {err}");
        assert!(
            err.contains("arrivals.") && err.contains(words),
            "{words}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // A closed day's rows are refused, not dropped.
    write(
        &dir,
        "forecast.csv",
        "date,start,calls\n2026-03-01,08:00,5\n2026-03-01,09:00,5\n2026-03-02,08:00,5\n2026-03-02,09:00,5\n",
    );
    let (code, err) = check(
        &dir,
        &scenario(
            "start = \"08:00\"\nend = \"10:00\"\ninterval_minutes = 60\ndays = 2\nfirst_day = \"sun\"\n[horizon.closed]\ndays = [\"sun\"]",
            "",
        ),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("closed day"), "{err}");
    // So are a typical week's calls on a closed weekday; 0 calls lose nothing.
    let closed_sun = "start = \"08:00\"\nend = \"10:00\"\ninterval_minutes = 60\ndays = 2\nfirst_day = \"sat\"\n[horizon.closed]\ndays = [\"sun\"]";
    let week = "weekday,start,calls\nsat,08:00,5\nsat,09:00,5\nsun,08:00,SUN\nsun,09:00,0\n";
    write(&dir, "forecast.csv", &week.replace("SUN", "3"));
    let (code, err) = check(&dir, &scenario(closed_sun, ""));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("line 4: sun is closed in the horizon") && err.contains("3 calls"),
        "{err}"
    );
    write(&dir, "forecast.csv", &week.replace("SUN", "0"));
    let (code, err) = check(&dir, &scenario(closed_sun, ""));
    assert_eq!(code, 0, "{err}");
    // And a weekday a short horizon never reaches.
    write(
        &dir,
        "forecast.csv",
        "weekday,start,calls\nmon,08:00,5\nmon,09:00,5\ntue,08:00,5\ntue,09:00,5\nwed,08:00,5\n",
    );
    let (code, err) = check(&dir, &scenario(h, ""));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("line 6") && err.contains("have no wed"),
        "{err}"
    );
    // A missing file names itself.
    std::fs::remove_file(dir.join("forecast.csv")).unwrap();
    let (code, err) = check(&dir, &scenario(h, ""));
    assert_eq!(code, 2);
    assert!(err.contains("forecast.csv"), "{err}");
}
