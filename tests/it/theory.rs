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

/// Runs a stationary scenario text and returns its summary.
fn summarise(text: &str) -> Summary {
    let sc = scenario_from(text);
    replicate::simulate(&sc, &|| {}).0
}

/// A stationary one-group day: `handle` is the `[handle_time]` body,
/// `groups` the `[[groups]]` tables.
fn stationary(seed: u64, reps: u32, calls_per_hour: f64, handle: &str, groups: &str) -> String {
    format!(
        r#"
name = "stationary"
[simulation]
replications = {reps}
seed = {seed}
warmup_minutes = 120
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[arrivals]
calls_per_hour = {calls_per_hour}
[handle_time]
{handle}
{groups}
"#
    )
}

/// M/G/1: the Pollaczek-Khinchine formula, Wq = lambda E[S^2] / (2 (1 - rho)),
/// for handle-time families the Erlang formulas do not cover (deterministic,
/// uniform, gamma, lognormal with CV 1.5). Checks that each family is drawn
/// with the right mean and variance and that the queue treats it right.
#[test]
fn single_agent_waits_follow_pollaczek_khinchine() {
    let lambda = 12.0 / 3600.0; // 12 calls an hour on one agent
    let cases = [
        (
            "distribution = \"deterministic\"\nmean_seconds = 210",
            210.0,
            0.0,
        ),
        (
            "distribution = \"uniform\"\nmin_seconds = 60\nmax_seconds = 300",
            180.0,
            240.0f64.powi(2) / 12.0,
        ),
        (
            "distribution = \"gamma\"\nmean_seconds = 200\ncv = 0.5",
            200.0,
            100.0f64.powi(2),
        ),
        (
            "distribution = \"lognormal\"\nmean_seconds = 150\ncv = 1.5",
            150.0,
            225.0f64.powi(2),
        ),
    ];
    for (i, (handle, mean, var)) in cases.iter().enumerate() {
        let rho = lambda * mean;
        let wq = lambda * (var + mean * mean) / (2.0 * (1.0 - rho));
        let text = stationary(
            500 + i as u64,
            1500,
            12.0,
            handle,
            "[[groups]]\nname = \"one\"\nagents = 1",
        );
        let summary = summarise(&text);
        let asa = summary
            .total
            .accumulator(Metric::AsaSeconds)
            .estimate_at(LEVEL);
        assert!(
            asa.contains(wq),
            "{handle}: P-K Wq {wq:.2}, simulated {asa:?}"
        );
        let occ = summary.total.occupancy_accumulator(0).estimate_at(LEVEL);
        assert!(
            occ.contains(rho),
            "{handle}: rho {rho}, simulated occupancy {occ:?}"
        );
        // Little's law: mean queue = lambda * Wq.
        let lq = summary
            .total
            .accumulator(Metric::MeanQueueLength)
            .estimate_at(LEVEL);
        assert!(
            lq.contains(lambda * wq),
            "{handle}: Lq {}, simulated {lq:?}",
            lambda * wq
        );
    }
}

/// Routing rules that reduce to known queues:
/// - a partner with `overflow_after_seconds = 0` and an in-house team share
///   one line, so two groups of 6 and 6 agents are one M/M/12 (Erlang C);
/// - a group's `handle_time_factor` scales its handle times (120 s x 1.5 =
///   the 180 s of Erlang C);
/// - a `share` group splits the arrivals into two independent M/M/c queues,
///   so the day's service level is their arrival-weighted mean.
#[test]
fn routing_rules_reduce_to_erlang_c() {
    let exp = |m: f64| format!("distribution = \"exponential\"\nmean_seconds = {m}");
    let rate = 200.0 / 3600.0;
    let want = analytic::erlang_c_figures(rate, 180.0, 12, 20.0).expect("stable");

    let pooled = summarise(&stationary(
        601,
        200,
        200.0,
        &exp(180.0),
        "[[groups]]\nname = \"in-house\"\nagents = 6\n[[groups]]\nname = \"partner\"\nagents = 6\noverflow_after_seconds = 0",
    ));
    let slow = summarise(&stationary(
        602,
        200,
        200.0,
        &exp(120.0),
        "[[groups]]\nname = \"slow\"\nagents = 12\nhandle_time_factor = 1.5",
    ));
    for (name, s) in [("overflow 0", &pooled), ("handle factor", &slow)] {
        for (m, v) in [
            (Metric::ServiceLevel, want.service_level),
            (Metric::AsaSeconds, want.asa_seconds),
        ] {
            let e = s.total.accumulator(m).estimate_at(LEVEL);
            assert!(
                e.contains(v),
                "{name}: {} formula {v}, simulated {e:?}",
                m.key()
            );
        }
    }

    let shared = summarise(&stationary(
        603,
        200,
        300.0,
        &exp(180.0),
        "[[groups]]\nname = \"a\"\nagents = 12\n[[groups]]\nname = \"b\"\nagents = 6\nshare = 0.3",
    ));
    let a = analytic::erlang_c_figures(0.7 * 300.0 / 3600.0, 180.0, 12, 20.0).expect("stable");
    let b = analytic::erlang_c_figures(0.3 * 300.0 / 3600.0, 180.0, 6, 20.0).expect("stable");
    let want_sl = 0.7 * a.service_level + 0.3 * b.service_level;
    let e = shared
        .total
        .accumulator(Metric::ServiceLevel)
        .estimate_at(LEVEL);
    assert!(
        e.contains(want_sl),
        "share: formula {want_sl}, simulated {e:?}"
    );
    let occ_b = shared.total.occupancy_accumulator(1).estimate_at(LEVEL);
    assert!(
        occ_b.contains(b.occupancy),
        "share: partner occupancy {}, simulated {occ_b:?}",
        b.occupancy
    );
}

/// Forecast uncertainty: with a Gamma(mean 1, CV c) day multiplier the
/// day's offered calls are Poisson-Gamma (negative binomial): mean m = lambda
/// T and variance m + c^2 m^2. The sample mean and variance over 3000 days
/// must match within 4.5 standard errors (the variance's error estimated
/// from the sample's fourth moment).
#[test]
fn forecast_uncertainty_gives_the_negative_binomial_spread() {
    let cv = 0.2;
    let text = format!(
        r#"
name = "forecast"
[simulation]
replications = 3000
seed = 77
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 100
forecast_cv = {cv}
[handle_time]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "a"
agents = 5
"#
    );
    let sc = scenario_from(&text);
    let mut days = Vec::new();
    replicate::for_each_tally(&sc, 0, 3000, &|| {}, |_, t| {
        days.push(t.calls.iter().map(|c| c.offered).sum::<f64>())
    });
    let n = days.len() as f64;
    let m = 400.0;
    let want_var = m + cv * cv * m * m;
    let mean = days.iter().sum::<f64>() / n;
    let var = days.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let m4 = days.iter().map(|d| (d - mean).powi(4)).sum::<f64>() / n;
    let se_mean = (var / n).sqrt();
    let se_var = ((m4 - var * var * (n - 3.0) / (n - 1.0)) / n).sqrt();
    assert!(
        (mean - m).abs() < 4.5 * se_mean,
        "mean {mean} vs {m} (se {se_mean})"
    );
    assert!(
        (var - want_var).abs() < 4.5 * se_var,
        "variance {var} vs {want_var} (se {se_var})"
    );
}
