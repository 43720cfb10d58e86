//! `[arrivals] file` with `[[call_types]]`: one forecast CSV for every
//! call type, each row naming its type in a `type` column (or an alias:
//! queue, skill, ...). Each type gets its calls (and, from an `aht` column,
//! its handle-time mean) per interval; every flaw is an error naming the
//! file, the line, the column, the value and the fix.

use std::path::{Path, PathBuf};

use ccsim::replicate;
use ccsim::report::RunReport;

use super::common::ccsim;

fn folder(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ccsim-forecast-types-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Two days (mon, tue) of four half-hours from 08:00.
const HORIZON: &str =
    "start = \"08:00\"\nend = \"10:00\"\ninterval_minutes = 30\ndays = 2\nfirst_day = \"mon\"";
const CLOCKS: [&str; 4] = ["08:00", "08:30", "09:00", "09:30"];

/// Two call types: `sales` takes the top-level [handle_time] (lognormal,
/// CV 0.8), `service` its own (gamma, 240 s, CV 0.5). `arrivals` and
/// `types` are spliced in.
fn scenario(arrivals: &str, sales: &str, service: &str) -> String {
    format!(
        r#"
name = "typed forecast"
[simulation]
replications = 200
seed = 11
[horizon]
{HORIZON}
[arrivals]
{arrivals}
[handle_time]
distribution = "lognormal"
mean_seconds = 300
cv = 0.8
[[call_types]]
name = "sales"
{sales}
[[call_types]]
name = "service"
{service}
[call_types.handle_time]
distribution = "gamma"
mean_seconds = 240
cv = 0.5
[[groups]]
name = "team"
agents = 40
"#
    )
}

/// Calls of type `t` (0 sales, 1 service) on day `d`, interval `i`.
fn calls(t: usize, d: usize, i: usize) -> f64 {
    [40.0, 12.0][t] + 5.0 * d as f64 + 3.0 * i as f64
}

/// Sales' AHT in interval `i` (service's cells are empty).
fn aht(i: usize) -> f64 {
    180.0 + 40.0 * i as f64
}

/// The forecast as a WFM tool writes it: a byte-order mark, `;`, CRLF,
/// quoted cells, a `Queue` column, types in another case, rows out of order.
fn typed_csv() -> Vec<u8> {
    let mut rows = Vec::new();
    for (d, w) in ["Monday", "Tuesday"].iter().enumerate() {
        for (i, clock) in CLOCKS.iter().enumerate() {
            rows.push(format!(
                "\"{w}\";\"{clock}\";\"Sales\";{};{}",
                calls(0, d, i),
                aht(i)
            ));
            rows.push(format!("{w};{clock};service;{};", calls(1, d, i)));
        }
    }
    rows.reverse();
    rows.swap(1, 6);
    let mut text =
        String::from("\u{feff}\"Forecast Calls\";Weekday;\"Interval Start\";Queue;AHT\r\n");
    // Columns in the header's order: calls first.
    for r in rows {
        let cells: Vec<&str> = r.split(';').collect();
        text += &format!(
            "{};{};{};{};{}\r\n",
            cells[3], cells[0], cells[1], cells[2], cells[4]
        );
    }
    text.into_bytes()
}

fn load(dir: &Path, toml: &str) -> ccsim::scenario::ValidScenario {
    let s = write(dir, "s.toml", toml.as_bytes());
    ccsim::scenario::load(&s).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_type_gets_its_rows_and_its_aht() {
    let dir = folder("typed");
    write(&dir, "forecast.csv", &typed_csv());
    let sc = load(&dir, &scenario("file = \"forecast.csv\"", "", ""));
    assert_eq!(sc.types.len(), 2);
    assert_eq!(sc.horizon.intervals, 8);
    for d in 0..2 {
        for i in 0..4 {
            let k = d * 4 + i;
            for t in 0..2 {
                let got = sc.types[t].rates[k] * sc.horizon.interval;
                assert!((got - calls(t, d, i)).abs() < 1e-9, "type {t} day {d} {i}");
            }
            // Sales: the file's AHT with the top-level family and CV.
            let h = sc.types[0].handle_at(k);
            assert!((h.mean() - aht(i)).abs() < 1e-9, "{h:?}");
            assert!((h.cv() - 0.8).abs() < 1e-9, "{h:?}");
            // Service: no AHT in the file, its own table throughout.
            let h = sc.types[1].handle_at(k);
            assert!((h.mean() - 240.0).abs() < 1e-9, "{h:?}");
            assert!((h.cv() - 0.5).abs() < 1e-9, "{h:?}");
        }
    }

    // Simulated offered calls and AHT per type and interval follow the
    // file: within two half-widths of their 95% intervals (about four
    // standard errors; 32 checks).
    let (summary, work) = replicate::simulate(&sc, &|| {});
    let report = serde_json::to_value(RunReport::new(&sc, &summary, work)).unwrap();
    for (t, name) in ["sales", "service"].iter().enumerate() {
        let intervals = report["types"][name]["intervals"].as_array().unwrap();
        assert_eq!(intervals.len(), 8);
        for (k, iv) in intervals.iter().enumerate() {
            let (d, i) = (k / 4, k % 4);
            for (key, want) in [
                ("offered", calls(t, d, i)),
                ("aht_seconds", [aht(i), 240.0][t]),
            ] {
                let e = &iv[key];
                let mean = e["mean"].as_f64().unwrap();
                let hw = 0.5 * (e["ci95"][1].as_f64().unwrap() - e["ci95"][0].as_f64().unwrap());
                assert!(hw > 0.0, "{name} {k} {key}: {e}");
                assert!(
                    (mean - want).abs() < 2.0 * hw,
                    "{name} interval {k} {key}: {mean} ± {hw} against {want}"
                );
            }
        }
    }
}

/// The same scenario with the file's figures written as per-type lists.
fn as_lists() -> String {
    let list = |t: usize| {
        let v: Vec<String> = (0..8).map(|k| calls(t, k / 4, k % 4).to_string()).collect();
        format!("calls_per_interval = [{}]", v.join(", "))
    };
    let sales_aht: Vec<String> = (0..8).map(|k| aht(k % 4).to_string()).collect();
    scenario(
        "",
        &format!(
            "{}\n[call_types.handle_time]\ndistribution = \"lognormal\"\nmean_seconds = [{}]\ncv = 0.8",
            list(0),
            sales_aht.join(", ")
        ),
        &list(1),
    )
}

#[test]
fn a_typed_forecast_runs_bit_for_bit_as_its_lists() {
    let dir = folder("lists");
    write(&dir, "forecast.csv", &typed_csv());
    let from_file = write(
        &dir,
        "file.toml",
        scenario("file = \"forecast.csv\"", "", "").as_bytes(),
    );
    let from_lists = write(&dir, "lists.toml", as_lists().as_bytes());
    let json = |p: &Path| {
        let out = ccsim(&["run", p.to_str().unwrap(), "-r", "30", "--json", "-"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let (a, b) = (json(&from_file), json(&from_lists));
    assert!(!a.is_empty());
    assert!(a == b, "the file and the lists give different reports");
}

#[test]
fn one_declared_type_may_leave_the_type_column_out() {
    let dir = folder("one");
    let one = |csv: &str| {
        write(&dir, "forecast.csv", csv.as_bytes());
        let toml = scenario("file = \"forecast.csv\"", "", "")
            .replace("[[call_types]]\nname = \"service\"\n", "")
            .replace(
                "[call_types.handle_time]\ndistribution = \"gamma\"\nmean_seconds = 240\ncv = 0.5\n",
                "",
            );
        load(&dir, &toml)
    };
    let mut csv = String::from("date,start,calls\n");
    for (d, date) in ["2026-03-02", "2026-03-03"].iter().enumerate() {
        for (i, clock) in CLOCKS.iter().enumerate() {
            csv += &format!("{date},{clock},{}\n", calls(0, d, i));
        }
    }
    let sc = one(&csv);
    assert_eq!(sc.types.len(), 1);
    assert!((sc.types[0].rates[5] * 1800.0 - calls(0, 1, 1)).abs() < 1e-9);
    // A type column naming that one type reads the same.
    let typed = csv
        .replace("date,start,calls", "date,start,calls,skill")
        .replace('\n', ",sales\n")
        .replacen(",sales\n", "\n", 1);
    assert_eq!(one(&typed).types[0].rates, sc.types[0].rates);
}

fn check(dir: &Path, toml: &str) -> (i32, String) {
    let s = write(dir, "s.toml", toml.as_bytes());
    let out = ccsim(&["check", s.to_str().unwrap()]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout),
    )
}

/// A whole typed file with one row changed: `(type, weekday, clock)`
/// replaced by the given line text.
fn full(edit: impl Fn(&str, &str, &str) -> Option<String>) -> String {
    let mut csv = String::from("weekday,start,queue,calls\n");
    for w in ["mon", "tue"] {
        for c in CLOCKS {
            for t in ["sales", "service"] {
                match edit(t, w, c) {
                    Some(line) => csv += &line,
                    None => csv += &format!("{w},{c},{t},5\n"),
                }
            }
        }
    }
    csv
}

#[test]
fn every_flaw_of_a_typed_forecast_is_an_error_naming_line_column_value_and_fix() {
    let dir = folder("bad");
    let file = "file = \"forecast.csv\"";
    let cases: Vec<(String, String, Vec<&str>)> = vec![
        // No type column with two declared types.
        (
            "weekday,start,calls\nmon,08:00,5\n".into(),
            scenario(file, "", ""),
            vec![
                "arrivals.file",
                "no column for the call type",
                "add a column `type`",
                "\"sales\", \"service\"",
            ],
        ),
        // A type nobody declared: the line, the column, the value, the declared types.
        (
            full(|t, w, c| {
                (t == "service" && w == "tue" && c == "09:00")
                    .then(|| format!("{w},{c},billing,5\n"))
            }),
            scenario(file, "", ""),
            vec![
                "line 15",
                "type \"billing\" (column \"queue\")",
                "the declared types are \"sales\", \"service\"",
                "declare [[call_types]] name = \"billing\"",
            ],
        ),
        // An empty type cell.
        (
            full(|t, w, c| {
                (t == "sales" && w == "mon" && c == "08:30").then(|| format!("{w},{c},,5\n"))
            }),
            scenario(file, "", ""),
            vec!["line 4", "the type (column \"queue\") is empty"],
        ),
        // A type missing an interval.
        (
            full(|t, w, c| (t == "service" && w == "tue" && c == "09:30").then(String::new)),
            scenario(file, "", ""),
            vec![
                "has no row of call type \"service\" for 1",
                "09:30 of day tue 2",
                "give every call type one row per interval",
            ],
        ),
        // A (type, day, interval) given twice.
        (
            full(|t, w, c| {
                (t == "sales" && w == "tue" && c == "09:30")
                    .then(|| format!("{w},{c},sales,5\nmon,08:00,sales,7\n"))
            }),
            scenario(file, "", ""),
            vec!["lines 2 and 17", "for call type \"sales\"", "keep one"],
        ),
        // A bad number on a typed row.
        (
            full(|t, w, c| {
                (t == "sales" && w == "mon" && c == "09:00")
                    .then(|| format!("{w},{c},sales,lots\n"))
            }),
            scenario(file, "", ""),
            vec!["line 6", "calls \"lots\" is not a number"],
        ),
        // A type with its own calls as well as the file.
        (
            full(|_, _, _| None),
            scenario(file, "", "calls_per_hour = 4"),
            vec![
                "call_types[1].calls_per_hour",
                "is given with arrivals.file",
                "remove calls_per_hour from this type",
            ],
        ),
        // [arrivals] calls next to call types.
        (
            full(|_, _, _| None),
            scenario(&format!("{file}\ncalls_per_hour = 4"), "", ""),
            vec![
                "arrivals.calls_per_hour",
                "in arrivals.file with a type column",
                "no-file",
            ],
        ),
        // An AHT column for a type whose family has no mean.
        (
            "weekday,start,type,calls,aht\n".to_string()
                + &full(|t, w, c| Some(format!("{w},{c},{t},5,200\n")))
                    .replace("weekday,start,queue,calls\n", ""),
            scenario(file, "", "").replace(
                "distribution = \"gamma\"\nmean_seconds = 240\ncv = 0.5",
                "distribution = \"uniform\"\nmin_seconds = 100\nmax_seconds = 200",
            ),
            vec![
                "call_types[1].handle_time.distribution",
                "\"uniform\" has no mean",
                "for call type \"service\"",
            ],
        ),
    ];
    for (csv, toml, words) in cases {
        write(&dir, "forecast.csv", csv.as_bytes());
        let (code, err) = check(&dir, &toml);
        assert_eq!(code, 2, "{csv}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        let file = (!words.contains(&"no-file")).then_some("forecast.csv");
        for w in words.iter().filter(|w| **w != "no-file").chain(&file) {
            assert!(err.contains(w), "wanted {w:?} in: {err}");
        }
    }
    // Without [[call_types]] a type column naming several types is refused
    // (one forecast for one type would mix them).
    let single = scenario(file, "", "")
        .replace("[[call_types]]\nname = \"sales\"\n", "")
        .replace("[[call_types]]\nname = \"service\"\n", "")
        .replace(
            "[call_types.handle_time]\ndistribution = \"gamma\"\nmean_seconds = 240\ncv = 0.5\n",
            "",
        );
    write(&dir, "forecast.csv", full(|_, _, _| None).as_bytes());
    let (code, err) = check(&dir, &single);
    assert_eq!(code, 2, "{err}");
    for w in [
        "column \"queue\" names 2 call types (\"sales\", \"service\")",
        "declares no [[call_types]]",
        "declare one [[call_types]] per type",
    ] {
        assert!(err.contains(w), "wanted {w:?} in: {err}");
    }
}

#[test]
fn a_single_type_forecast_still_runs_bit_for_bit_as_its_lists() {
    // Without [[call_types]] the reader is the one type's as before: the
    // report from the file is byte for byte the report from the same
    // figures written as lists.
    let dir = folder("single");
    let mut csv = String::from("weekday;start;calls;aht\r\n");
    let (mut calls_list, mut aht_list) = (Vec::new(), Vec::new());
    for (d, w) in ["mon", "tue"].iter().enumerate() {
        for (i, clock) in CLOCKS.iter().enumerate() {
            csv += &format!("{w};{clock};{};{}\r\n", calls(0, d, i), aht(i));
            calls_list.push(calls(0, d, i).to_string());
            aht_list.push(aht(i).to_string());
        }
    }
    write(&dir, "forecast.csv", csv.as_bytes());
    let body = |arrivals: &str, mean: &str| {
        format!(
            "name = \"one\"\n[simulation]\nreplications = 30\nseed = 5\n[horizon]\n{HORIZON}\n[arrivals]\n{arrivals}\n[handle_time]\ndistribution = \"lognormal\"\nmean_seconds = {mean}\ncv = 0.8\n[[groups]]\nname = \"team\"\nagents = 30\n"
        )
    };
    let a = write(
        &dir,
        "file.toml",
        body("file = \"forecast.csv\"", "300").as_bytes(),
    );
    let b = write(
        &dir,
        "lists.toml",
        body(
            &format!("calls_per_interval = [{}]", calls_list.join(", ")),
            &format!("[{}]", aht_list.join(", ")),
        )
        .as_bytes(),
    );
    let json = |p: &Path| {
        let out = ccsim(&["run", p.to_str().unwrap(), "--json", "-"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let (x, y) = (json(&a), json(&b));
    assert!(!x.is_empty() && x == y, "the file and the lists differ");
}
