//! Issue 16's reproductions as regression tests: each asserts the exit code
//! and the message. The corpora (tests/corpus/scenario/*.toml,
//! tests/corpus/erlang/cases.txt) hold every input that once broke
//! something and are replayed on every `cargo test`; proptest generators
//! add fresh cases for the scenario validator and the Erlang calculator.

use std::fs;
use std::process::{Command, Stdio};

use ccsim::analytic::{required_agents, Model, Targets};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::common::{ccsim, repo_path};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What `ccsim check` must say about each corpus file (a fragment of the message).
const SCENARIO_EXPECT: &[(&str, &str)] = &[
    ("agents-2e6.toml", "from 0 to 1000000"),
    ("clock-hours-overflow.toml", "at most 1e8 seconds"),
    ("datetime-name.toml", "a date-time"),
    ("forecast-cv-1e300.toml", "arrivals.forecast_cv"),
    (
        "gamma-cv-1e200.toml",
        "handle_time.cv: must be between 1e-6 and 10",
    ),
    ("handle-1e13.toml", "at most 1e8 seconds"),
    ("int-2-63.toml", "seed = 9223372036854775808"),
    (
        "lognormal-cv-1e200.toml",
        "handle_time.cv: must be between 1e-6 and 10",
    ),
    ("retrial-storm-10ms.toml", "more than ccsim simulates"),
    (
        "retrial-storm-5e-324.toml",
        "mean_delay_seconds: must be at least 1e-6",
    ),
    (
        "uniform-max-float.toml",
        "handle_time.max_seconds: must be at most 1e8",
    ),
];

#[test]
fn the_scenario_corpus_is_refused_with_its_message() {
    let dir = repo_path("tests/corpus/scenario");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= SCENARIO_EXPECT.len());
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(f).unwrap();
        // The library never panics on it...
        if let Ok(raw) = ccsim::scenario::parse(&text) {
            let _ = ccsim::scenario::validate(&raw);
        }
        // ...and the command refuses it, naming the file and the fault.
        let o = ccsim(&["check", f.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(&name), "{name}: {err}");
        let expect = SCENARIO_EXPECT
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| *m)
            .unwrap_or_else(|| panic!("{name}: add its expected message to SCENARIO_EXPECT"));
        assert!(err.contains(expect), "{name}: {err}");
    }
}

#[test]
fn the_erlang_corpus_gives_its_exit_codes() {
    let text = fs::read_to_string(repo_path("tests/corpus/erlang/cases.txt")).unwrap();
    let mut n = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (args, code) = line.split_once(" => ").expect("ARGS => CODE");
        let mut argv = vec!["erlang"];
        argv.extend(args.split_whitespace());
        let o = ccsim(&argv);
        let code: i32 = code.trim().parse().unwrap();
        assert_eq!(o.status.code(), Some(code), "{line}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{line}");
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn impossible_erlang_targets_are_answered_with_the_nearest_staffing() {
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "1000",
        "--aht",
        "180",
        "--target",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("a service level of 1 cannot be met"), "{e}");
    assert!(e.contains("0.9999, needs"), "{e}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("yes"));
    let o = ccsim(&[
        "erlang",
        "b",
        "--calls-per-hour",
        "1000",
        "--aht",
        "180",
        "--max-block",
        "0",
    ]);
    assert!(
        stderr(&o).contains("a blocking rate of 0 cannot be met"),
        "{}",
        stderr(&o)
    );
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "1000",
        "--aht",
        "180",
        "--max-asa",
        "0",
    ]);
    assert!(
        stderr(&o).contains("an ASA of 0 s cannot be met"),
        "{}",
        stderr(&o)
    );
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "1000",
        "--aht",
        "180",
        "--target",
        "0.8",
        "--shrinkage",
        "0.9999999999",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--shrinkage must be a fraction from 0 to 0.99"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn scenario_input_is_bounded_and_never_blocks() {
    let o = ccsim(&["check", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than 16 MiB"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = ccsim(&["check", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no writer"), "{}", stderr(&o));
    let o = ccsim(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("folder"), "{}", stderr(&o));
}

#[test]
fn every_type_error_of_a_file_is_reported_not_only_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(repo_path("scenarios/erlang-c-classroom.toml"))
        .unwrap()
        .replace("replications = 400", "replications = \"many\"")
        .replace("threshold_seconds = 20", "threshold_seconds = true")
        .replace("agents = 12", "agents = [12, \"x\"]");
    let p = dir.path().join("three.toml");
    fs::write(&p, &text).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for cmd in ["check", "run"] {
        let o = ccsim(&[cmd, p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("{}: 3 problems in the scenario", p.display())),
            "{e}"
        );
        for (path, needle, value) in [
            (
                "simulation.replications",
                "replications =",
                "string \"many\"",
            ),
            (
                "service_level.threshold_seconds",
                "threshold_seconds =",
                "boolean `true`",
            ),
            ("groups[0].agents[1]", "agents =", "string \"x\""),
        ] {
            let want = format!(
                "  - {path} (line {}): invalid type: {value}, expected",
                line_of(needle)
            );
            assert!(e.contains(&want), "missing {want:?} in\n{e}");
        }
    }
    // A type error before an unknown key: both reported, then the list ends.
    let text2 = text.replace("seed = 42", "sed = 42");
    fs::write(&p, &text2).unwrap();
    let e = stderr(&ccsim(&["check", p.to_str().unwrap()]));
    assert!(e.contains("2 problems in the scenario"), "{e}");
    assert!(
        e.contains("unknown field `sed`") && e.contains("did you mean `seed`?"),
        "{e}"
    );
    // One type error alone reads as before: `FILE: PATH (line N): message`.
    let one = fs::read_to_string(repo_path("scenarios/erlang-c-classroom.toml"))
        .unwrap()
        .replace("replications = 400", "replications = \"many\"");
    fs::write(&p, &one).unwrap();
    let e = stderr(&ccsim(&["check", p.to_str().unwrap()]));
    assert!(
        e.contains(&format!(
            "{}: simulation.replications (line 16): invalid type: string \"many\", expected",
            p.display()
        )),
        "{e}"
    );
}

#[test]
fn an_integer_of_2_63_is_reported_with_its_key_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.toml");
    let text = fs::read_to_string(repo_path("scenarios/erlang-c-classroom.toml"))
        .unwrap()
        .replace("seed = 42", "seed = 9223372036854775808");
    fs::write(&p, &text).unwrap();
    let o = ccsim(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "{}: simulation.seed (line 17): number too large",
            p.display()
        )),
        "{e}"
    );
    assert!(
        e.contains("`seed = 9223372036854775808`") && e.contains("below 2^63"),
        "{e}"
    );
    let text = fs::read_to_string(repo_path("scenarios/erlang-c-classroom.toml"))
        .unwrap()
        .replace("agents = 12", "agents = 9223372036854775808");
    fs::write(&p, &text).unwrap();
    let e = stderr(&ccsim(&["check", p.to_str().unwrap()]));
    assert!(
        e.contains("groups[0].agents (line 41): number too large"),
        "{e}"
    );
}

#[test]
fn a_failing_chart_leaves_no_json_behind() {
    // The charts' folder cannot be made (its parent is a file): exit 1,
    // and the JSON of the same run is not written either (all or nothing).
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let s = repo_path("scenarios/erlang-c-classroom.toml");
    let charts = file.join("charts");
    let o = ccsim(&[
        "run",
        s.to_str().unwrap(),
        "-r",
        "2",
        "-q",
        "--json",
        json.to_str().unwrap(),
        "--charts",
        charts.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Not a directory"), "{}", stderr(&o));
    assert!(
        !json.exists(),
        "the JSON was written although a chart failed"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".ccsim-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn vary_twice_on_one_key_is_refused() {
    let s = repo_path("scenarios/erlang-c-classroom.toml");
    let o = ccsim(&[
        "sweep",
        s.to_str().unwrap(),
        "--vary",
        "groups[0].agents=11..12",
        "--vary",
        "groups[0].agents=13..14",
        "-r",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is given twice"), "{}", stderr(&o));
}

#[test]
fn escape_codes_in_a_scenario_name_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(repo_path("scenarios/erlang-c-classroom.toml"))
        .unwrap()
        .replace(
            "name = \"Erlang C classroom\"",
            "name = \"evil\\u001b[2Jname\"",
        )
        .replace("replications = 400", "replications = 1");
    let p = dir.path().join("evil.toml");
    fs::write(&p, text).unwrap();
    let o = ccsim(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains('\u{1b}'), "raw escape printed: {out:?}");
    assert!(out.contains("evil\\u{1b}[2Jname"), "{out}");
}

#[test]
fn a_retrial_storm_is_refused_at_once_not_simulated() {
    let p = repo_path("tests/corpus/scenario/retrial-storm-10ms.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["run", p.to_str().unwrap(), "-r", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2));
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

/// Any distribution parameters the validator accepts build a sampler whose
/// draws are finite and non-negative (no silent fallback to a constant
/// where a spread was asked for).
#[test]
fn accepted_distributions_sample_what_they_name() {
    let family = prop::sample::select(vec!["lognormal", "gamma", "exponential", "uniform"]);
    let value = prop_oneof![
        Just(1e-300),
        Just(1e-7),
        Just(1e-6),
        Just(0.5),
        Just(10.0),
        Just(10.5),
        Just(1e8),
        Just(1.1e8),
        Just(1e200),
        0.0..1e9f64
    ];
    runner(600)
        .run(&(family, value.clone(), value), |(fam, a, b)| {
            let params = match fam {
                "uniform" => format!("min_seconds = {a:e}\nmax_seconds = {b:e}"),
                "exponential" => format!("mean_seconds = {a:e}"),
                _ => format!("mean_seconds = {a:e}\ncv = {b:e}"),
            };
            let text = format!(
                "name = \"p\"\n[horizon]\nstart = \"08:00\"\nend = \"09:00\"\ninterval_minutes = 60\n[arrivals]\ncalls_per_hour = 10\n[handle_time]\ndistribution = \"{fam}\"\n{params}\n[[groups]]\nname = \"a\"\nagents = 5\n"
            );
            let Ok(raw) = ccsim::scenario::parse(&text) else {
                return Ok(());
            };
            if let Ok(sc) = ccsim::scenario::validate(&raw) {
                let d = &sc.types[0].handle_time;
                let s = d.sampler();
                let mut rng = <rand_xoshiro::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(7);
                let xs: Vec<f64> = (0..64).map(|_| s.sample(&mut rng)).collect();
                prop_assert!(xs.iter().all(|x| x.is_finite() && *x >= 0.0), "{text}");
                let spread = d.variance() > 0.0;
                let distinct = xs.iter().any(|x| *x != xs[0]);
                prop_assert!(!spread || distinct, "a spread was asked for but draws are constant: {text}");
            }
            Ok(())
        })
        .expect("samplers match validation");
}

/// The Erlang calculator on random inputs: never a panic; a staffing it
/// returns meets the targets; an impossible target is named impossible.
#[test]
fn the_erlang_calculator_never_panics_and_keeps_its_word() {
    let num = prop_oneof![
        Just(0.0),
        Just(1e-300),
        Just(1.0),
        Just(1e300),
        0.0..5000.0f64
    ];
    let frac = prop_oneof![Just(0.0), Just(1.0), Just(1e-12), 0.0..1.0f64];
    runner(400)
        .run(
            &(0..3u8, num.clone(), num, frac.clone(), frac, 0.0..600.0f64),
            |(m, cph, aht, sl, blk, patience)| {
                let model = match m {
                    0 => Model::ErlangB,
                    1 => Model::ErlangC,
                    _ => Model::ErlangA {
                        mean_patience: patience.max(1.0),
                    },
                };
                let t = Targets {
                    service_level: (m != 0).then_some(sl),
                    threshold: 20.0,
                    max_block: (m == 0).then_some(blk),
                    ..Targets::default()
                };
                let rate = cph / 3600.0;
                match required_agents(model, rate, aht, &t, 20_000) {
                    Ok(f) => {
                        if rate * aht > 0.0 {
                            prop_assert!(t.service_level.is_none_or(|s| s < 1.0));
                            prop_assert!(t.max_block.is_none_or(|b| b > 0.0));
                        }
                        if let Some(s) = t.service_level {
                            prop_assert!(f.service_level >= s - 1e-9 || rate * aht == 0.0);
                        }
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
                Ok(())
            },
        )
        .expect("the calculator keeps its word");
}
