//! Both CSV readers (call logs and interval data) under random and mutated
//! input: never a panic, in the readers or in the fit that follows, and
//! every physical line after the header is accounted for (a row used, bad,
//! set aside or implausible; blank lines alone may vanish), so no row is
//! ever lost silently. The files under `tests/corpus/history/` are inputs
//! that once broke something; they are replayed on every `cargo test`.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use ccsim::fit::{self, FitOptions};
use ccsim::history::calls::{self, OutcomeWords};
use ccsim::history::intervals;
use ccsim::history::table::Table;
use ccsim::history::values::TimeFormat;

use super::common::repo_path;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// Physical lines after the header, and those with any content (not only
/// spaces and delimiters).
fn line_counts(bytes: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').skip(1).collect();
    let physical = lines.len() - usize::from(lines.last().is_some_and(|l| l.is_empty()));
    let content = lines
        .iter()
        .filter(|l| {
            l.chars()
                .any(|c| !c.is_whitespace() && !",;\t\"".contains(c))
        })
        .count();
    (physical, content)
}

/// Reads `bytes` as both kinds of file, fits what can be read, and checks
/// that every line is accounted for.
fn exercise(bytes: &[u8]) {
    let path = Path::new("fuzz.csv");
    let (physical, content) = line_counts(bytes);
    let time = TimeFormat::default();
    if let Ok(t) = Table::from_bytes(path, bytes, calls::FIELDS, &[]) {
        if let Ok(imp) = calls::from_table(&t, &time, &OutcomeWords::default()) {
            let aside: usize = imp.set_aside.iter().map(|(_, n)| n).sum();
            let seen = imp.total() + aside;
            assert!(
                seen <= physical && seen >= content,
                "call log: {seen} rows accounted for, {physical} lines ({content} with content)\n{}",
                String::from_utf8_lossy(bytes)
            );
            if !imp.rows.is_empty() {
                let _ = fit::fit_calls(&imp.rows, "fuzz.csv", &FitOptions::default())
                    .map(|r| fit::scenario_text(&r));
            }
            let _ = imp.check(0.5);
        }
    }
    if let Ok(t) = Table::from_bytes(path, bytes, intervals::FIELDS, &[]) {
        if let Ok(imp) = intervals::from_table(&t, &time) {
            let seen = imp.total();
            assert!(
                seen <= physical && seen >= content,
                "intervals: {seen} rows accounted for, {physical} lines ({content} with content)\n{}",
                String::from_utf8_lossy(bytes)
            );
            if !imp.rows.is_empty() {
                let _ = fit::fit_intervals(&imp.rows, "fuzz.csv", &FitOptions::default())
                    .map(|r| fit::scenario_text(&r));
            }
        }
    }
}

/// Every line with content after the header is a row, bad, set aside or implausible.
fn accounted_exactly(bytes: &[u8]) {
    let path = Path::new("exact.csv");
    let (_, content) = line_counts(bytes);
    let t = Table::from_bytes(path, bytes, calls::FIELDS, &[]).unwrap();
    let imp = calls::from_table(&t, &TimeFormat::default(), &OutcomeWords::default()).unwrap();
    let aside: usize = imp.set_aside.iter().map(|(_, n)| n).sum();
    assert_eq!(
        imp.total() + aside,
        content,
        "{:?}\n{}",
        imp.bad,
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn corpus_of_inputs_that_broke_something_is_replayed() {
    let dir = repo_path("tests/corpus/history");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
                .unwrap();
            // The gzip path itself goes through Table::open.
            let t = Table::open(&p, calls::FIELDS, &[]).unwrap();
            let imp =
                calls::from_table(&t, &TimeFormat::default(), &OutcomeWords::default()).unwrap();
            assert!(imp.bad.is_empty(), "{}: {:?}", p.display(), imp.bad);
            out
        } else {
            bytes
        };
        exercise(&bytes);
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("calls_") {
            accounted_exactly(&bytes);
        }
        n += 1;
    }
    assert!(n >= 10, "the corpus holds {n} files");
}

fn seed_files() -> Vec<Vec<u8>> {
    [
        "calls.csv",
        "intervals.csv",
        "bank_sample.csv",
        "acd_export.csv",
    ]
    .iter()
    .map(|f| {
        let text = std::fs::read_to_string(repo_path(&format!("scenarios/history/{f}"))).unwrap();
        let mut s: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
        s.push('\n');
        s.into_bytes()
    })
    .collect()
}

const ODD_CELLS: [&str; 16] = [
    "",
    "1e13",
    "-1",
    "NaN",
    "inf",
    "9.2e18",
    "99:99:99",
    "0:00:00",
    "\"",
    "9999-12-31 23:59:59",
    "0000-01-01 00:00",
    "1e308",
    "-0",
    "18446744073709551616",
    "\u{feff}",
    "PHANTOM",
];

#[derive(Debug, Clone)]
enum Mutation {
    Byte(usize, u8),
    Delete(usize),
    Cell(usize, usize),
    DropLine(usize),
    RepeatLine(usize),
    Quote(usize),
    Crlf,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Byte(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), 0..ODD_CELLS.len()).prop_map(|(i, c)| Mutation::Cell(i, c)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::RepeatLine),
        any::<usize>().prop_map(Mutation::Quote),
        Just(Mutation::Crlf),
    ]
}

fn apply(bytes: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in muts {
        if b.is_empty() {
            break;
        }
        match *m {
            Mutation::Byte(i, x) => {
                let n = b.len();
                b[i % n] = x;
            }
            Mutation::Delete(i) => {
                let n = b.len();
                b.remove(i % n);
            }
            Mutation::Quote(i) => {
                let n = b.len();
                b.insert(i % n, b'"');
            }
            Mutation::Crlf => {
                let text = String::from_utf8_lossy(&b).replace('\n', "\r\n");
                b = text.into_bytes();
            }
            Mutation::Cell(i, _) | Mutation::DropLine(i) | Mutation::RepeatLine(i) => {
                let text = String::from_utf8_lossy(&b).into_owned();
                let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
                let k = 1 + i % lines.len().max(2).saturating_sub(1);
                let k = k.min(lines.len() - 1);
                match *m {
                    Mutation::DropLine(_) => {
                        lines.remove(k);
                    }
                    Mutation::RepeatLine(_) => {
                        let l = lines[k].clone();
                        lines.insert(k, l);
                    }
                    Mutation::Cell(_, c) => {
                        let delim = if lines[0].contains(';') { ';' } else { ',' };
                        let mut cells: Vec<String> =
                            lines[k].split(delim).map(str::to_string).collect();
                        let j = (i / 7) % cells.len();
                        cells[j] = ODD_CELLS[c].to_string();
                        lines[k] = cells.join(&delim.to_string());
                    }
                    _ => {}
                }
                b = lines.join("\n").into_bytes();
            }
        }
    }
    b
}

#[test]
fn mutated_real_files_never_panic_and_lose_no_row_silently() {
    let seeds = seed_files();
    runner(300)
        .run(
            &(0..seeds.len(), proptest::collection::vec(mutation(), 1..6)),
            |(s, muts)| {
                exercise(&apply(&seeds[s], &muts));
                Ok(())
            },
        )
        .expect("no panic");
}

#[test]
fn odd_cells_in_a_clean_log_are_each_accounted_for() {
    // Cell replacements only (no quote or delimiter damage): every line is
    // a row, a bad row or set aside, exactly.
    let seed = &seed_files()[0];
    runner(200)
        .run(
            &proptest::collection::vec((any::<usize>(), 0..ODD_CELLS.len()), 1..8),
            |cells| {
                let muts: Vec<Mutation> = cells
                    .into_iter()
                    .filter(|(_, c)| ODD_CELLS[*c] != "\"" && !ODD_CELLS[*c].is_empty())
                    .map(|(i, c)| Mutation::Cell(i, c))
                    .collect();
                accounted_exactly(&apply(seed, &muts));
                Ok(())
            },
        )
        .expect("every row accounted for");
}

#[test]
fn random_csv_text_never_panics() {
    let cell = prop_oneof![
        "[0-9]{1,3}",
        "2024-03-0[1-9] [0-2][0-9]:[0-5][0-9](:[0-5][0-9])?",
        "[a-z]{0,6}",
        Just("\"".to_string()),
        Just(String::new()),
        "-?[0-9]{1,20}(\\.[0-9]{0,3})?(e[0-9]{1,3})?",
    ];
    let header = prop_oneof![
        Just(
            "call_id,arrival,answered_at,ended_at,wait_seconds,handle_seconds,outcome,agent"
                .to_string()
        ),
        Just(
            "interval_start,offered,answered,abandoned,asa,aht,avg_abandon_seconds,agents"
                .to_string()
        ),
        Just("vru+line,call_id,date,vru_exit,q_start,q_time,outcome,ser_time,server".to_string()),
    ];
    let rows = proptest::collection::vec(proptest::collection::vec(cell, 0..10), 0..12);
    runner(400)
        .run(&(header, rows), |(h, rows)| {
            let mut s = h;
            for r in rows {
                s.push('\n');
                s.push_str(&r.join(","));
            }
            s.push('\n');
            exercise(s.as_bytes());
            Ok(())
        })
        .expect("no panic");
}
