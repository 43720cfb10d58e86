//! The simulation against the exact formulas (Erlang B, C, A) on stationary
//! days, from 1 to 500 agents, light to overloaded.
//!
//! Each case simulates a long day at a constant rate with a two-hour
//! warm-up, so the reported figures are steady-state estimates. A figure
//! passes when the formula lies inside the simulation's confidence interval
//! at level 1 - 1e-4 (a false-alarm rate of 1e-4 per check, about 1% over
//! the ~90 checks here). Seeds are fixed, so the outcome is deterministic:
//! the test can fail, and fails the same way every time.

use ccsim::analytic::{self, Figures};
use ccsim::replicate;
use ccsim::scenario::ValidScenario;
use ccsim::stats::{Metric, Summary};

use super::common::scenario_from;

/// Confidence level of every check (false-alarm rate 1e-4).
const LEVEL: f64 = 1.0 - 1e-4;

/// Which formula a case is checked against.
#[derive(Debug, Clone, Copy)]
enum Formula {
    B,
    C,
    A { patience: f64 },
}

#[derive(Debug, Clone, Copy)]
struct Case {
    formula: Formula,
    calls_per_hour: f64,
    aht: f64,
    agents: u32,
    hours: u32,
    replications: u32,
}

fn scenario(case: &Case, seed: u64) -> ValidScenario {
    let patience = match case.formula {
        Formula::A { patience } => {
            format!("[patience]\ndistribution = \"exponential\"\nmean_seconds = {patience}\n")
        }
        _ => String::new(),
    };
    let lines = match case.formula {
        Formula::B => format!("[lines]\ncount = {}\n", case.agents),
        _ => String::new(),
    };
    let text = format!(
        r#"
name = "theory"
[simulation]
replications = {reps}
seed = {seed}
warmup_minutes = 120
[horizon]
start = "00:00"
end = "{end:02}:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
[arrivals]
calls_per_hour = {rate}
[handle_time]
distribution = "exponential"
mean_seconds = {aht}
{patience}{lines}
[[groups]]
name = "agents"
agents = {agents}
"#,
        reps = case.replications,
        end = case.hours,
        rate = case.calls_per_hour,
        aht = case.aht,
        agents = case.agents
    );
    scenario_from(&text)
}

fn formula(case: &Case) -> Figures {
    let rate = case.calls_per_hour / 3600.0;
    match case.formula {
        Formula::B => analytic::erlang_b_figures(rate, case.aht, case.agents),
        Formula::C => analytic::erlang_c_figures(rate, case.aht, case.agents, 20.0),
        Formula::A { patience } => {
            analytic::erlang_a_figures(rate, case.aht, patience, case.agents, 20.0)
        }
    }
    .expect("the formula answers")
}

/// One row of the validation table: checks every figure, returns failures.
fn check(case: &Case, seed: u64, table: &mut String) -> Vec<String> {
    let sc = scenario(case, seed);
    let (summary, _) = replicate::simulate(&sc, &|| {});
    let f = formula(case);
    let mut failures = Vec::new();
    let mut figures = vec![
        (Metric::ServiceLevel, f.service_level),
        (Metric::AsaSeconds, f.asa_seconds),
        (Metric::MeanWaitSeconds, f.mean_wait_seconds),
        (Metric::AbandonRate, f.abandon_rate),
        (Metric::BlockRate, f.block_rate),
        (Metric::MeanQueueLength, f.mean_queue_length),
    ];
    if let Formula::C = case.formula {
        let rate = case.calls_per_hour / 3600.0;
        let p90 = analytic::erlang_c_wait_quantile(rate, case.aht, case.agents, 0.9)
            .expect("stable Erlang C");
        // The 90th percentile is only checked where it is a point of
        // continuity (with P(wait) = 0.1 exactly the quantile jumps).
        if (f.p_wait - 0.1).abs() > 0.03 {
            figures.push((Metric::WaitP90Seconds, p90));
        }
    }
    let mut check_one = |name: &str, acc: &ccsim::stats::RatioAccumulator, want: f64| {
        let e = acc.estimate_at(LEVEL);
        let e95 = acc.estimate();
        // A figure that is exactly zero in every replication has a zero-width
        // interval; it passes only if the formula is (numerically) zero too.
        let ok = e.contains(want) || (e.mean - want).abs() < 1e-9;
        table.push_str(&format!(
            "| {:?} c={} a={:.1} | {name} | {want:.4} | {:.4} [{:.4}, {:.4}] | {} |\n",
            case.formula,
            case.agents,
            case.calls_per_hour * case.aht / 3600.0,
            e95.mean,
            e95.ci95[0],
            e95.ci95[1],
            if ok { "ok" } else { "FAIL" }
        ));
        if !ok {
            failures.push(format!(
                "{case:?}: {name}: formula {want}, simulated {} with {LEVEL} interval {:?}",
                e.mean, e.ci95
            ));
        }
    };
    for (m, want) in figures {
        check_one(m.key(), summary.total.accumulator(m), want);
    }
    check_one(
        "occupancy",
        summary.total.occupancy_accumulator(0),
        f.occupancy,
    );
    failures
}

fn run_cases(cases: &[Case]) {
    let mut table = String::from(
        "| case | figure | formula | simulated mean [95% CI] | |\n|---|---|---|---|---|\n",
    );
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        failures.extend(check(case, 1000 + i as u64, &mut table));
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn erlang_c_cases_agree() {
    let c = |calls_per_hour: f64, aht: f64, agents: u32, hours: u32, replications: u32| Case {
        formula: Formula::C,
        calls_per_hour,
        aht,
        agents,
        hours,
        replications,
    };
    run_cases(&[
        c(10.0, 180.0, 1, 24, 600),    // M/M/1 at 50% load
        c(200.0, 180.0, 12, 24, 150),  // 10 Erlangs on 12 agents
        c(720.0, 240.0, 55, 12, 100),  // 48 Erlangs on 55 agents
        c(9600.0, 180.0, 500, 6, 120), // 480 Erlangs on 500 agents
    ]);
}

#[test]
fn erlang_a_cases_agree() {
    let a = |calls_per_hour: f64,
             aht: f64,
             patience: f64,
             agents: u32,
             hours: u32,
             replications: u32| Case {
        formula: Formula::A { patience },
        calls_per_hour,
        aht,
        agents,
        hours,
        replications,
    };
    run_cases(&[
        a(18.0, 180.0, 300.0, 1, 24, 600),    // one agent at 90% load
        a(600.0, 300.0, 120.0, 52, 12, 100),  // the hotline: 50 Erlangs on 52 agents
        a(500.0, 180.0, 120.0, 20, 12, 100),  // overloaded: 25 Erlangs on 20 agents
        a(2200.0, 180.0, 200.0, 100, 8, 60),  // overloaded: 110 Erlangs on 100 agents
        a(10400.0, 180.0, 180.0, 500, 6, 30), // overloaded: 520 Erlangs on 500 agents
    ]);
}

#[test]
fn erlang_b_cases_agree() {
    let b = |calls_per_hour: f64, aht: f64, lines: u32, hours: u32, replications: u32| Case {
        formula: Formula::B,
        calls_per_hour,
        aht,
        agents: lines,
        hours,
        replications,
    };
    run_cases(&[
        b(60.0, 180.0, 5, 24, 300),   // 3 Erlangs on 5 lines
        b(300.0, 240.0, 30, 24, 100), // 20 Erlangs on 30 lines
        b(3800.0, 180.0, 200, 8, 60), // 190 Erlangs on 200 lines
    ]);
}

/// The other two service-level definitions against Erlang A.
#[test]
fn service_level_definitions_agree_with_erlang_a() {
    let base = r#"
name = "definitions"
[simulation]
replications = 100
seed = 77
warmup_minutes = 120
[horizon]
start = "00:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 600
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "exponential"
mean_seconds = 120
[[groups]]
name = "agents"
agents = 50
"#;
    let (rate, aht, patience, agents, t, short) = (600.0 / 3600.0, 300.0, 120.0, 50, 20.0, 5.0);
    let f = analytic::erlang_a_figures(rate, aht, patience, agents, t).expect("Erlang A");
    let short_abandons =
        analytic::erlang_a_abandon_within(rate, aht, patience, agents, short).expect("Erlang A");
    let answered = 1.0 - f.abandon_rate;
    let cases = [
        ("definition = \"answered\"", f.service_level / answered),
        (
            "definition = \"exclude_short_abandons\"\nshort_abandon_seconds = 5",
            f.service_level / (1.0 - short_abandons),
        ),
    ];
    for (definition, want) in cases {
        let text = base.replace(
            "[arrivals]",
            &format!("[service_level]\nthreshold_seconds = {t}\n{definition}\n[arrivals]"),
        );
        let sc = scenario_from(&text);
        let (summary, _): (Summary, _) = replicate::simulate(&sc, &|| {});
        let e = summary
            .total
            .accumulator(Metric::ServiceLevel)
            .estimate_at(LEVEL);
        assert!(
            e.contains(want),
            "{definition}: formula {want}, simulated {e:?}"
        );
    }
}
