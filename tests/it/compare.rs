//! `ccsim compare`: paired differences on common random numbers, checked
//! against Erlang C, against `ccsim run`, and on a scenario compared with
//! itself; the table, JSON and CSV.

use std::process::Command;

use ccsim::analytic::erlang_c_figures;
use ccsim::compare::{self, Comparison, DayFigure};
use ccsim::scenario::{self, ValidScenario};
use ccsim::stats::student::t_quantile;

/// Four standard errors: a two-sided false-alarm rate of about 6e-5.
const Z: f64 = 4.0;

fn erlang_c_day(agents: u32) -> ValidScenario {
    let text = format!(
        r#"
name = "{agents} agents"
[simulation]
replications = 30
seed = 23
warmup_minutes = 60
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 180
[handle_time]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "agents"
agents = {agents}
"#
    );
    scenario::validate(&scenario::parse(&text).unwrap()).unwrap()
}

fn compare_lib(
    mut scenarios: Vec<ValidScenario>,
) -> (Vec<ValidScenario>, Vec<compare::Run>, Comparison) {
    let labels: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let compared = compare::run_all(&mut scenarios, None, None, &|| {}).unwrap();
    let cmp = Comparison::new(&scenarios, &labels, &compared);
    (scenarios, compared.runs, cmp)
}

/// Erlang C with 11 and 12 agents at 9 Erlangs: the paired difference of
/// the service level (20 s) and of the ASA matches the formulas'
/// difference, and pairing on common random numbers makes its interval
/// narrower than two independent intervals would be.
#[test]
fn paired_differences_match_erlang_c_and_beat_independent_intervals() {
    let (scenarios, runs, cmp) = compare_lib(vec![erlang_c_day(11), erlang_c_day(12)]);
    let n = u64::from(scenarios[0].replications);
    let t = t_quantile(0.975, n - 1);
    let f11 = erlang_c_figures(0.05, 180.0, 11, 20.0).unwrap();
    let f12 = erlang_c_figures(0.05, 180.0, 12, 20.0).unwrap();
    for (fig, expected) in [
        (
            DayFigure::ServiceLevel,
            f12.service_level - f11.service_level,
        ),
        (DayFigure::AsaSeconds, f12.asa_seconds - f11.asa_seconds),
    ] {
        let fc = cmp.figure(fig);
        let d = fc.differences[1].expect("a difference for B");
        let hw = 0.5 * (d.ci95[1] - d.ci95[0]);
        assert!(
            (d.mean - expected).abs() <= Z * hw / t,
            "{fig:?}: paired difference {} vs Erlang C {expected} (half-width {hw})",
            d.mean
        );
        assert!(d.significant, "{fig:?}: one more agent must show");
        let independent = fc.values[0].half_width().hypot(fc.values[1].half_width());
        assert!(
            hw < independent,
            "{fig:?}: paired half-width {hw} vs independent {independent}"
        );
    }
    // Same arrivals in both: the offered calls do not differ at all.
    let offered = cmp.figure(DayFigure::Offered).differences[1].unwrap();
    assert_eq!((offered.mean, offered.ci95), (0.0, [0.0, 0.0]));
    assert!(!offered.significant);
    // Each scenario's figures are exactly those `ccsim run` reports with the same seed.
    for (run, fc) in runs.iter().zip(&cmp.figure(DayFigure::ServiceLevel).values) {
        assert_eq!(run.report.total.service_level, *fc);
    }
    let csat = &cmp.figure(DayFigure::Csat).values;
    for (run, v) in runs.iter().zip(csat) {
        assert_eq!(run.report.satisfaction.as_ref().unwrap().total.csat, *v);
    }
}

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

fn shipped(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let a = shipped("satisfaction-day.toml");
    let out = ccsim()
        .args(["compare", &a, &a, "-r", "5", "--json", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["replications"], 5);
    assert_eq!(json["seed"], 11);
    let figures = json["figures"].as_object().unwrap();
    assert_eq!(figures.len(), DayFigure::ALL.len());
    for (key, f) in figures {
        assert!(
            f["differences"][0].is_null(),
            "{key}: no difference for the baseline"
        );
        let d = &f["differences"][1];
        assert_eq!(d["mean"], 0.0, "{key}");
        assert_eq!(d["significant"], false, "{key}");
        assert_eq!(f["values"][0], f["values"][1], "{key}");
    }
    // Repeated names are told apart by file name.
    let labels = json["scenarios"].as_array().unwrap();
    assert!(labels[0]
        .as_str()
        .unwrap()
        .ends_with("satisfaction-day.toml"));
}

#[test]
fn compare_table_and_csv_show_significant_differences() {
    let (a, b) = (
        shipped("satisfaction-day.toml"),
        shipped("satisfaction-more-agents.toml"),
    );
    let out = ccsim()
        .args(["compare", &a, &b, "-r", "20"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("A: Bank service line\n"), "{table}");
    assert!(table.contains("B − A"), "{table}");
    let sl = table
        .lines()
        .find(|l| l.starts_with("service level"))
        .unwrap();
    assert!(
        sl.trim_end().ends_with('*'),
        "more agents must raise the service level: {sl}"
    );
    let offered = table
        .lines()
        .find(|l| l.starts_with("calls offered"))
        .unwrap();
    assert!(offered.contains("+0.0 ±0.0"), "shared arrivals: {offered}");

    let out = ccsim()
        .args(["compare", &a, &b, "-r", "20", "--csv", "-"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    // Every day figure, then each of the two groups' occupancy, per scenario.
    assert_eq!(lines.len(), 1 + 2 * (DayFigure::ALL.len() + 2));
    assert!(csv.contains("\noccupancy_in-house,"), "{csv}");
    assert!(lines[0].starts_with("figure,scenario,mean,mean_lo,mean_hi,difference"));
    let sl_b = lines
        .iter()
        .find(|l| l.starts_with("service_level,\"Bank service line, two more"))
        .unwrap();
    assert!(sl_b.ends_with(",true"), "{sl_b}");
}

#[test]
fn compare_needs_two_scenarios_and_valid_files() {
    let a = shipped("satisfaction-day.toml");
    let out = ccsim().args(["compare", &a]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ccsim()
        .args(["compare", &a, "does-not-exist.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist.toml"));
}
