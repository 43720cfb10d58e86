//! Random and mutated scenario text never makes the parser or the validator
//! panic: every input becomes a scenario or a list of problems.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::common::repo_path;

fn check(text: &str) {
    if let Ok(raw) = ccsim::scenario::parse(text) {
        let _ = ccsim::scenario::validate(&raw);
    }
}

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

#[test]
fn random_text_never_panics() {
    runner(2000)
        .run(&".{0,400}", |s| {
            check(&s);
            Ok(())
        })
        .expect("no panic");
}

/// Mutations of the shipped scenarios: bytes replaced, values swapped for
/// odd numbers, lines dropped or repeated.
#[test]
fn mutated_scenarios_never_panic() {
    let seeds: Vec<String> = super::common::shipped_scenarios()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    assert!(!seeds.is_empty(), "{}", repo_path("scenarios").display());
    let odd = prop::sample::select(vec![
        "-1",
        "0",
        "nan",
        "inf",
        "-inf",
        "1e308",
        "\"\"",
        "\"25:99\"",
        "[]",
        "[1, -2]",
        "true",
        "{}",
        "4294967296",
        "\"24:00\"",
        "\"00:00\"",
        "0.0000001",
    ]);
    let mutation = (
        0usize..seeds.len(),
        0usize..10_000,
        0usize..4,
        odd,
        any::<u8>(),
    );
    runner(3000)
        .run(&mutation, |(which, at, kind, value, byte)| {
            let text = &seeds[which];
            let lines: Vec<&str> = text.lines().collect();
            let i = at % lines.len().max(1);
            let mutated = match kind {
                0 => {
                    // Replace the value of line i.
                    let mut l = lines.clone();
                    let replaced = match l[i].split_once('=') {
                        Some((k, _)) => format!("{k}= {value}"),
                        None => l[i].to_string(),
                    };
                    l[i] = &replaced;
                    l.join("\n")
                }
                1 => {
                    let mut l = lines.clone();
                    l.remove(i);
                    l.join("\n")
                }
                2 => {
                    let mut l = lines.clone();
                    l.insert(i, lines[i]);
                    l.join("\n")
                }
                _ => {
                    let mut b = text.clone().into_bytes();
                    let j = at % b.len().max(1);
                    if !b.is_empty() {
                        b[j] = byte;
                    }
                    String::from_utf8_lossy(&b).into_owned()
                }
            };
            check(&mutated);
            Ok(())
        })
        .expect("no panic");
}
