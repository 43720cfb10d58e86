//! `ccsim staff` and the planner: agreement with Erlang A where its
//! assumptions hold, the direction where they do not, every target kind,
//! infeasible intervals, determinism, and the staffed file re-run by
//! `ccsim run`.

use std::process::{Command, Output};

use ccsim::analytic::{erlang_a_figures, erlang_c_figures};
use ccsim::planner::{evaluate, staff, Criterion, SimTargets, StaffOptions, StaffPlan, Status};
use ccsim::scenario::{parse, validate, ValidScenario};
use serde_json::Value;

fn scenario(text: &str) -> ValidScenario {
    validate(&parse(text).expect("parses")).expect("valid")
}

fn options(sc: &ValidScenario, criterion: Criterion) -> StaffOptions {
    StaffOptions {
        group: 0,
        criterion,
        replications: sc.replications,
        max_agents: None,
        max_passes: 4,
    }
}

fn ccsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("the ccsim binary runs")
}

/// Standard error of an estimate from its 95% interval over `n` replications.
fn std_error(half_width: f64, n: u32) -> f64 {
    // Student t quantile 0.975 for n - 1 >= 199 degrees of freedom is below 1.972.
    assert!(n >= 200);
    half_width / 1.972
}

/// Exponential handle time and patience, constant rate, 60-minute intervals
/// after a warm-up hour staffed at the Erlang A answer: the conditions of
/// the formula. Simulation staffing must lie within one agent of Erlang A.
#[test]
fn simulation_agrees_with_erlang_a_where_it_holds() {
    let sc = scenario(
        r#"
name = "erlang a world"
[simulation]
replications = 200
seed = 11
warmup_minutes = 60
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = 600
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "team"
agents = 54
"#,
    );
    let plan = staff(&sc, &options(&sc, Criterion::Mean));
    let (rate, h, patience) = (600.0 / 3600.0, 300.0, 300.0);
    let sl = |n: u32| {
        erlang_a_figures(rate, h, patience, n, 20.0)
            .unwrap()
            .service_level
    };
    for (k, p) in plan.intervals.iter().enumerate().skip(1) {
        let n_a = p.erlang_a.expect("Erlang A answers");
        assert_eq!(n_a, 54, "Erlang A: 50 Erlangs, 80% in 20 s");
        assert_eq!(p.status, Status::Met);
        // The claim "within one agent" fails only if the simulated service
        // level at n_a + 1 falls below 80% or the one at n_a - 2 reaches it:
        // both are at least 4 standard errors away (false alarm < 1e-4).
        let se = std_error(p.stats.service_level().half_width(), sc.replications);
        assert!(sl(n_a + 1) - 0.8 >= 4.0 * se, "se {se}");
        assert!(0.8 - sl(n_a - 2) >= 4.0 * se, "se {se}");
        assert!(
            p.agents.abs_diff(n_a) <= 1,
            "interval {k}: simulation {} vs Erlang A {n_a}",
            p.agents
        );
        // And the simulated figures agree with the formula at that staffing.
        let f = erlang_a_figures(rate, h, patience, p.agents, 20.0).unwrap();
        let e = p.stats.service_level();
        assert!(
            (e.mean - f.service_level).abs() <= 4.0 * se,
            "{e:?} vs {f:?}"
        );
    }
}

/// Lognormal handle time with CV 2 at a heavily loaded 100 Erlangs, nobody
/// abandons (so Erlang A = Erlang C): the formula assumes exponential
/// handle times and over-promises; simulation asks for more agents.
#[test]
fn simulation_needs_more_where_handle_times_are_heavy_tailed() {
    let text = |agents: &str, hours: &str| {
        format!(
            r#"
name = "heavy tails"
[simulation]
replications = 200
seed = 12
# Heavy tails take hours to reach steady state (long calls accumulate).
warmup_minutes = 240
[horizon]
start = "00:00"
end = "{hours}"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = 1200
[handle_time]
distribution = "lognormal"
mean_seconds = 300
cv = 2.0
[[groups]]
name = "team"
agents = {agents}
"#
        )
    };
    let n_c = 108;
    let formula = erlang_c_figures(1200.0 / 3600.0, 300.0, n_c, 20.0).unwrap();
    assert!(formula.service_level >= 0.8);
    assert!(
        erlang_c_figures(1200.0 / 3600.0, 300.0, n_c - 1, 20.0)
            .unwrap()
            .service_level
            < 0.8
    );
    // (1) At the Erlang C staffing the simulated service level, pooled over
    // 16 stationary hours, is below the formula's by more than 4 standard errors.
    let long = scenario(&text("110", "20:00"));
    let mut at_c = long.clone();
    for a in &mut at_c.groups[0].agents[4..] {
        *a = n_c;
    }
    let (summary, _) = ccsim::replicate::simulate(&at_c, &|| {});
    let total = summary.total.get(ccsim::stats::Metric::ServiceLevel);
    let se = std_error(total.half_width(), at_c.replications);
    assert!(
        formula.service_level - total.mean >= 4.0 * se,
        "simulated {total:?} vs formula {}",
        formula.service_level
    );
    // (2) The staffing search follows: no reported interval gets fewer
    // agents than Erlang C, and the day needs more in total.
    let sc = scenario(&text("110", "08:00"));
    let plan: StaffPlan = staff(&sc, &options(&sc, Criterion::Mean));
    let reported = &plan.intervals[4..];
    for p in reported {
        assert_eq!(p.erlang_c, Some(n_c));
        assert_eq!(p.erlang_a, Some(n_c));
        assert_eq!(p.status, Status::Met);
        assert!(p.agents >= n_c, "{} < Erlang C {n_c}", p.agents);
    }
    let sim: u32 = reported.iter().map(|p| p.agents).sum();
    assert!(sim > n_c * reported.len() as u32, "simulation {sim}");
}

const SMALL: &str = r#"
name = "targets"
[simulation]
replications = 40
seed = 21
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
TARGETS
[arrivals]
calls_per_hour = [120, 360, 300, 90]
[handle_time]
distribution = "gamma"
mean_seconds = 240
cv = 0.7
[patience]
distribution = "lognormal"
mean_seconds = 200
cv = 1.0
[retrials]
after_abandon = 0.3
mean_delay_seconds = 300
[[groups]]
name = "team"
agents = 1
"#;

/// Every target kind alone and combined, under both criteria: every interval
/// meets its targets at the answer, and one agent fewer in any interval
/// breaks that interval or a neighbour (same replications).
#[test]
fn every_target_kind_is_met_minimally() {
    let kinds = [
        "target = 0.8",
        "target = 0.0\nmax_abandon_rate = 0.04",
        "target = 0.0\nmax_asa_seconds = 10",
        "target = 0.75\nmax_abandon_rate = 0.05\nmax_asa_seconds = 15\ndefinition = \"answered\"",
    ];
    for (i, kind) in kinds.iter().enumerate() {
        let sc = scenario(&SMALL.replace("TARGETS", kind));
        let criterion = if i == 3 {
            Criterion::Lower
        } else {
            Criterion::Mean
        };
        let plan = staff(&sc, &options(&sc, criterion));
        let targets = SimTargets::of(&sc);
        for (k, p) in plan.intervals.iter().enumerate() {
            assert_eq!(p.status, Status::Met, "{kind}: interval {k}");
            assert!(p.stats.meets(&targets, criterion));
            if p.agents == 0 {
                continue;
            }
            let mut less = plan.staffed.clone();
            less.groups[0].agents[k] -= 1;
            let e = evaluate(&less, sc.replications);
            let near = k.saturating_sub(1)..=(k + 1).min(3);
            assert!(
                near.clone()
                    .any(|j| !e.intervals[j].meets(&targets, criterion)),
                "{kind}: interval {k} still meets with {} agents",
                p.agents - 1
            );
        }
    }
}

#[test]
fn infeasible_intervals_are_reported_and_the_search_ends() {
    // Half the calls go straight to a partner with one agent: no in-house
    // staffing can bring those intervals to 80%.
    let text = SMALL.replace("TARGETS", "target = 0.8").replace(
        "[[groups]]\nname = \"team\"\nagents = 1\n",
        "[[groups]]\nname = \"team\"\nagents = 1\n\n[[groups]]\nname = \"partner\"\nagents = 1\nshare = 0.5\noutsourced = true\n",
    );
    let sc = scenario(&text);
    let plan = staff(&sc, &options(&sc, Criterion::Mean));
    for p in &plan.intervals[1..3] {
        assert_eq!(p.status, Status::Infeasible);
        // The smallest staffing beyond which more agents change nothing,
        // far below the cap.
        assert!(p.agents < p.cap / 2, "{} vs cap {}", p.agents, p.cap);
    }
    // A cap that is too low.
    let sc = scenario(&SMALL.replace("TARGETS", "target = 0.8"));
    let mut o = options(&sc, Criterion::Mean);
    o.max_agents = Some(4);
    let plan = staff(&sc, &o);
    assert_eq!(plan.intervals[1].status, Status::Infeasible);
    assert!(plan.intervals.iter().all(|p| p.agents <= 4));
}

#[test]
fn same_answer_on_any_number_of_threads() {
    let sc = scenario(&SMALL.replace("TARGETS", "target = 0.8"));
    let o = options(&sc, Criterion::Mean);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| staff(&sc, &o))
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one, two);
}

/// The shipped staffing day through the command line: the staffed file is
/// accepted by `ccsim run`, which reproduces the reported figures (same
/// seed and replications) and finds every interval meeting its targets.
#[test]
fn staffed_file_reruns_with_ccsim_run_and_meets_its_targets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("staffed.toml");
    let json = dir.path().join("staff.json");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/staffing-day.toml");
    let r = ccsim(&[
        "staff",
        scenario,
        "-r",
        "30",
        "--criterion",
        "lower",
        "--out",
        out.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--csv",
        dir.path().join("staff.csv").to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let staff: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(staff["criterion"], "lower");
    let run = ccsim(&["run", out.to_str().unwrap(), "--json", "-"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["replications"], 30);
    let rows = report["intervals"].as_array().unwrap();
    let planned = staff["intervals"].as_array().unwrap();
    assert_eq!(rows.len(), 24);
    for (row, plan) in rows.iter().zip(planned) {
        assert_eq!(row["agents"]["in-house"], plan["agents"]);
        assert_eq!(plan["status"], "met");
        for key in ["service_level", "asa_seconds", "abandon_rate"] {
            assert_eq!(row[key], plan[key], "{key} at {}", row["start"]);
        }
        let sl_low = row["service_level"]["ci95"][0].as_f64().unwrap();
        let ab_high = row["abandon_rate"]["ci95"][1].as_f64().unwrap();
        assert!(sl_low >= 0.8 && ab_high <= 0.05, "{}", row["start"]);
    }
    let csv = std::fs::read_to_string(dir.path().join("staff.csv")).unwrap();
    assert_eq!(csv.lines().count(), 25);
}

#[test]
fn bad_staff_input_exits_2_with_a_clear_message() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/staffing-day.toml");
    let cases: [(&[&str], &str); 3] = [
        (&["staff", scenario, "--group", "nobody"], "\"in-house\""),
        (
            &["staff", scenario, "-r", "1", "--criterion", "lower"],
            "at least 2 replications",
        ),
        (&["staff", "no/such/file.toml"], "no/such/file.toml"),
    ];
    for (args, needle) in cases {
        let out = ccsim(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}
