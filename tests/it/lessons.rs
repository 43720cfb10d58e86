//! The lessons (`lessons/*.md`) state their figures as `81.0%<!--id-->`:
//! every mark is read from the text and recomputed here with the library
//! (the Erlang formulas, or the lesson's scenario simulated with its own
//! seed), and the stated figure must equal the computed one to the digits
//! it shows, as Ciw runs its documentation. A mark without a computation,
//! or a computation whose mark has left the text, fails too.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use ccsim::analytic::{
    erlang_a_figures, erlang_c_figures, required_agents, Figures, Model, Targets,
};
use ccsim::report::RunReport;
use ccsim::serve::lessons::LESSONS;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

/// One stated figure: the number as written and its mark.
#[derive(Debug, Clone)]
struct Stated {
    file: String,
    id: String,
    text: String,
    value: f64,
    decimals: i32,
}

/// Every `NUMBER<!--id-->` of every lesson.
fn stated() -> Vec<Stated> {
    let mut out = Vec::new();
    for lesson in LESSONS {
        let file = format!("{}.md", lesson.id);
        let text = std::fs::read_to_string(dir().join(&file)).unwrap();
        assert_eq!(text, lesson.text, "{file}: the embedded text is the file");
        let mut rest = text.as_str();
        let mut offset = 0;
        while let Some(i) = rest.find("<!--") {
            let at = offset + i;
            let end = text[at..].find("-->").expect("mark closed") + at;
            let id = text[at + 4..end].trim().to_string();
            let before = &text[..at];
            let number: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '%')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let digits = number.trim_end_matches('%');
            let value: f64 = digits
                .parse()
                .unwrap_or_else(|_| panic!("{file}: mark {id} follows no number ({number:?})"));
            let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as i32);
            out.push(Stated {
                file: file.clone(),
                id,
                text: number,
                value,
                decimals,
            });
            offset = end + 3;
            rest = &text[offset..];
        }
    }
    out
}

const T: f64 = 20.0;

fn ec(calls_per_hour: f64, aht: f64, agents: u32) -> Figures {
    erlang_c_figures(calls_per_hour / 3600.0, aht, agents, T).unwrap()
}

fn ea(calls_per_hour: f64, aht: f64, patience: f64, agents: u32) -> Figures {
    erlang_a_figures(calls_per_hour / 3600.0, aht, patience, agents, T).unwrap()
}

fn needed(model: Model, calls_per_hour: f64, aht: f64, target: f64) -> f64 {
    let t = Targets {
        service_level: Some(target),
        threshold: T,
        max_asa: None,
        max_abandon: None,
        max_block: None,
        max_occupancy: None,
    };
    f64::from(
        required_agents(model, calls_per_hour / 3600.0, aht, &t, 1_000_000)
            .unwrap()
            .agents,
    )
}

fn c_needed(calls_per_hour: f64, aht: f64, target: f64) -> f64 {
    needed(Model::ErlangC, calls_per_hour, aht, target)
}

/// The lessons' simulations, each run once.
#[derive(Default)]
struct Sims(HashMap<String, RunReport>);

impl Sims {
    /// `file` (in lessons/) with `edits` (key, value as typed in the form) simulated with its own seed.
    fn get(&mut self, file: &str, edits: &[(&str, &str)]) -> &RunReport {
        let key = format!("{file}{edits:?}");
        self.0.entry(key).or_insert_with(|| {
            let mut text = std::fs::read_to_string(dir().join(file)).unwrap();
            for (k, v) in edits {
                text = ccsim::serve::edit::set(&text, k, v).unwrap();
            }
            let raw = ccsim::scenario::parse(&text).unwrap();
            let sc = ccsim::scenario::validate(&raw).unwrap();
            let sim = ccsim::simulation::simulate(&sc, &|| {}, |_, _, _| {});
            RunReport::from_simulated(&sc, &sim)
        })
    }
}

fn pct(x: f64) -> f64 {
    100.0 * x
}

/// The figure marked `id`, in the unit the text shows (percent as 0-100).
fn compute(id: &str, sims: &mut Sims) -> Option<f64> {
    let sl = |r: &RunReport| pct(r.total.service_level.mean);
    let asa = |r: &RunReport| r.total.asa_seconds.mean;
    let ab = |r: &RunReport| pct(r.total.abandon_rate.mean);
    let hw = |r: &RunReport| pct(r.total.service_level.half_width());
    let cost = |r: &RunReport| r.costs.as_ref().unwrap().total.mean;
    let group_cost =
        |r: &RunReport, g: &str| r.costs.as_ref().unwrap().groups.get(g).unwrap().total.mean;
    let handled = |r: &RunReport, g: &str| r.total.groups.get(g).unwrap().handled.mean;
    let v = match id {
        // pooling
        "pool.occ" => pct(ec(400.0, 180.0, 24).occupancy),
        "pool.c12.sl" => pct(ec(200.0, 180.0, 12).service_level),
        "pool.c12.asa" => ec(200.0, 180.0, 12).asa_seconds,
        "pool.c24.sl" => pct(ec(400.0, 180.0, 24).service_level),
        "pool.c24.asa" => ec(400.0, 180.0, 24).asa_seconds,
        "pool.c23.sl" => pct(ec(400.0, 180.0, 23).service_level),
        "pool.sim12.sl" => sl(sims.get("pooling-one-of-two.toml", &[])),
        "pool.sim24.sl" => sl(sims.get("pooling-one-team.toml", &[])),
        "pool.ex1.c12" => c_needed(200.0, 180.0, 0.8),
        "pool.ex1.sum" => 2.0 * c_needed(200.0, 180.0, 0.8),
        "pool.ex1.c24" => c_needed(400.0, 180.0, 0.8),
        "pool.ex2.c40" => c_needed(800.0, 180.0, 0.8),
        "pool.ex2.sep" => 4.0 * c_needed(200.0, 180.0, 0.8),
        // economies of scale
        "scale.n10" => c_needed(200.0, 180.0, 0.8),
        "scale.n100" => c_needed(2000.0, 180.0, 0.8),
        "scale.n1000" => c_needed(20000.0, 180.0, 0.8),
        "scale.s10" => c_needed(200.0, 180.0, 0.8) - 10.0,
        "scale.s100" => c_needed(2000.0, 180.0, 0.8) - 100.0,
        "scale.s1000" => c_needed(20000.0, 180.0, 0.8) - 1000.0,
        "scale.beta10" => (c_needed(200.0, 180.0, 0.8) - 10.0) / 10f64.sqrt(),
        "scale.beta100" => (c_needed(2000.0, 180.0, 0.8) - 100.0) / 100f64.sqrt(),
        "scale.beta1000" => (c_needed(20000.0, 180.0, 0.8) - 1000.0) / 1000f64.sqrt(),
        "scale.occ10" => pct(10.0 / c_needed(200.0, 180.0, 0.8)),
        "scale.occ100" => pct(100.0 / c_needed(2000.0, 180.0, 0.8)),
        "scale.occ1000" => pct(1000.0 / c_needed(20000.0, 180.0, 0.8)),
        "scale.sim100.sl" => sl(sims.get("scale-100.toml", &[])),
        "scale.c107.sl" => pct(ec(2000.0, 180.0, 107).service_level),
        "scale.ex1.n200" => c_needed(2000.0, 360.0, 0.8),
        "scale.ex1.twice" => 2.0 * c_needed(2000.0, 180.0, 0.8),
        "scale.ex2.n" => c_needed(20000.0, 180.0, 0.9),
        "scale.ex2.occ" => pct(1000.0 / c_needed(20000.0, 180.0, 0.9)),
        "scale.ex2.more" => c_needed(20000.0, 180.0, 0.9) - c_needed(20000.0, 180.0, 0.8),
        "scale.ex3.occ" => pct(10.0 / 11.0),
        "scale.ex3.c11" => pct(ec(200.0, 180.0, 11).service_level),
        // abandonment
        "ab.a50.sl" => pct(ea(600.0, 300.0, 120.0, 50).service_level),
        "ab.a50.ab" => pct(ea(600.0, 300.0, 120.0, 50).abandon_rate),
        "ab.a50.asa" => ea(600.0, 300.0, 120.0, 50).asa_seconds,
        "ab.sim.sl" => sl(sims.get("abandonment.toml", &[])),
        "ab.sim.ab" => ab(sims.get("abandonment.toml", &[])),
        "ab.sim.asa" => asa(sims.get("abandonment.toml", &[])),
        "ab.ex1.c" => c_needed(600.0, 300.0, 0.8),
        "ab.ex1.a" => needed(
            Model::ErlangA {
                mean_patience: 120.0,
            },
            600.0,
            300.0,
            0.8,
        ),
        "ab.ex2.sl" => pct(ea(600.0, 300.0, 60.0, 50).service_level),
        "ab.ex2.ab" => pct(ea(600.0, 300.0, 60.0, 50).abandon_rate),
        "ab.ex3.c" => pct(ec(600.0, 300.0, 55).service_level),
        "ab.ex3.a" => pct(ea(600.0, 300.0, 120.0, 55).service_level),
        // variability
        "var.c.sl" => pct(ec(200.0, 180.0, 12).service_level),
        "var.c.asa" => ec(200.0, 180.0, 12).asa_seconds,
        "var.sim0.sl" | "var.sim0.asa" => {
            let r = sims.get(
                "variability.toml",
                &[
                    ("handle_time.distribution", "\"deterministic\""),
                    ("handle_time.cv", ""),
                ],
            );
            if id.ends_with("sl") {
                sl(r)
            } else {
                asa(r)
            }
        }
        "var.sim05.sl" => sl(sims.get("variability.toml", &[("handle_time.cv", "0.5")])),
        "var.sim05.asa" => asa(sims.get("variability.toml", &[("handle_time.cv", "0.5")])),
        "var.sim1.sl" => sl(sims.get("variability.toml", &[])),
        "var.sim1.asa" => asa(sims.get("variability.toml", &[])),
        "var.sim2.sl" => sl(sims.get("variability.toml", &[("handle_time.cv", "2.0")])),
        "var.sim2.asa" => asa(sims.get("variability.toml", &[("handle_time.cv", "2.0")])),
        "var.ex1.ac0" => ec(200.0, 180.0, 12).asa_seconds * (1.0 + 0.0) / 2.0,
        "var.ex1.ac2" => ec(200.0, 180.0, 12).asa_seconds * (1.0 + 4.0) / 2.0,
        "var.ex3.load" => 200.0 * 162.0 / 3600.0,
        "var.ex3.c9" => pct(ec(200.0, 162.0, 12).service_level),
        // forecast uncertainty
        "fc.a.sl" => pct(ea(400.0, 180.0, 180.0, 24).service_level),
        "fc.a.ab" => pct(ea(400.0, 180.0, 180.0, 24).abandon_rate),
        "fc.ex1.sl" => pct(ea(480.0, 180.0, 180.0, 24).service_level),
        "fc.ex1.ab" => pct(ea(480.0, 180.0, 180.0, 24).abandon_rate),
        "fc.sim0.sl" | "fc.sim0.ab" | "fc.sim0.hw" => {
            let r = sims.get(
                "forecast-uncertainty.toml",
                &[("arrivals.forecast_cv", "0.0")],
            );
            match id {
                "fc.sim0.sl" => sl(r),
                "fc.sim0.ab" => ab(r),
                _ => hw(r),
            }
        }
        "fc.sim1.sl" => sl(sims.get("forecast-uncertainty.toml", &[])),
        "fc.sim1.ab" => ab(sims.get("forecast-uncertainty.toml", &[])),
        "fc.sim2.sl" | "fc.sim2.ab" | "fc.sim2.hw" => {
            let r = sims.get(
                "forecast-uncertainty.toml",
                &[("arrivals.forecast_cv", "0.2")],
            );
            match id {
                "fc.sim2.sl" => sl(r),
                "fc.sim2.ab" => ab(r),
                _ => hw(r),
            }
        }
        // outsourcing
        "out.ov.sl" => sl(sims.get("outsourcing-overflow.toml", &[])),
        "out.ov.partner" => handled(sims.get("outsourcing-overflow.toml", &[]), "partner"),
        "out.ov.cost" => cost(sims.get("outsourcing-overflow.toml", &[])),
        "out.ov.per" => {
            sims.get("outsourcing-overflow.toml", &[])
                .costs
                .as_ref()
                .unwrap()
                .cost_per_handled_call
                .mean
        }
        "out.sh.sl" => sl(sims.get("outsourcing-share.toml", &[])),
        "out.sh.partner" => handled(sims.get("outsourcing-share.toml", &[]), "partner"),
        "out.sh.cost" => cost(sims.get("outsourcing-share.toml", &[])),
        "out.sh.per" => {
            sims.get("outsourcing-share.toml", &[])
                .costs
                .as_ref()
                .unwrap()
                .cost_per_handled_call
                .mean
        }
        "out.ex1.ov" => handled(sims.get("outsourcing-overflow.toml", &[]), "in-house"),
        "out.ex1.sh" => handled(sims.get("outsourcing-share.toml", &[]), "in-house"),
        "out.inhouse" => group_cost(sims.get("outsourcing-share.toml", &[]), "in-house"),
        "out.ex2.ovbill" => group_cost(sims.get("outsourcing-overflow.toml", &[]), "partner"),
        "out.ex2.price" => {
            let bill = group_cost(sims.get("outsourcing-overflow.toml", &[]), "partner");
            bill / handled(sims.get("outsourcing-share.toml", &[]), "partner")
        }
        _ => return None,
    };
    Some(v)
}

#[test]
fn every_figure_a_lesson_states_is_what_ccsim_computes() {
    let mut sims = Sims::default();
    let mut wrong = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in stated() {
        *seen.entry(s.id.clone()).or_default() += 1;
        let Some(v) = compute(&s.id, &mut sims) else {
            wrong.push(format!(
                "{}: mark {} has no computation in tests/it/lessons.rs",
                s.file, s.id
            ));
            continue;
        };
        let tolerance = 0.5 * 10f64.powi(-s.decimals) + 1e-9;
        if (s.value - v).abs() > tolerance {
            wrong.push(format!(
                "{}: {} states {} but ccsim computes {v:.6}",
                s.file, s.id, s.text
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    assert!(
        seen.len() >= 60,
        "the lessons state {} checked figures",
        seen.len()
    );
}

#[test]
fn the_gallery_has_six_lessons_with_scenarios_and_exercises() {
    assert!(LESSONS.len() >= 6);
    for l in LESSONS {
        assert!(l.text.contains("## Exercises"), "{}", l.id);
        assert!(l.text.contains("## Answers"), "{}", l.id);
        let exercises = l.text.split("## Exercises").nth(1).unwrap();
        let exercises = exercises.split("## Answers").next().unwrap();
        let n = exercises
            .lines()
            .filter(|x| x.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert!((2..=3).contains(&n), "{}: {n} exercises", l.id);
        assert!(!l.scenarios.is_empty());
        assert!(l.preset.scenario < l.scenarios.len());
        for (file, text) in l.scenarios {
            let raw = ccsim::scenario::parse(text).unwrap_or_else(|p| panic!("{file}: {p}"));
            ccsim::scenario::validate(&raw).unwrap_or_else(|p| panic!("{file}: {p:?}"));
            assert!(l.text.contains(file), "{}: the text names {file}", l.id);
        }
    }
}
