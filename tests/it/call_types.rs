//! Call types, priorities and skills-based routing (issue 7).
//!
//! Statistical checks compare with theory at a stated false-alarm rate with
//! fixed seeds, so they are deterministic and can fail: a check passes when
//! the reference lies inside the Student-t interval at level 1 - 6.3e-5
//! (about 4 standard errors) across independent replications. Sharp checks
//! rely on the per-type random streams (common random numbers) and compare
//! results bit for bit.

use std::path::Path;
use std::process::Command;

use ccsim::analytic::erlang_c;
use ccsim::model::{CallCenter, CallRecord, Outcome};
use ccsim::replicate::simulate;
use ccsim::report::RunReport;
use ccsim::scenario::{self, ValidScenario};
use ccsim::stats::student::t_quantile;
use ccsim::stats::{Metric, ScopeAccumulators};

/// Two-sided level of every statistical check: false-alarm rate 6.3e-5 per check.
const LEVEL: f64 = 1.0 - 6.3e-5;

fn load(text: &str) -> ValidScenario {
    let raw = scenario::parse(text).unwrap_or_else(|p| panic!("parse: {p}"));
    scenario::validate(&raw).unwrap_or_else(|p| panic!("validate: {p:?}"))
}

fn problems(text: &str) -> Vec<String> {
    let raw = scenario::parse(text).unwrap_or_else(|p| panic!("parse: {p}"));
    match scenario::validate(&raw) {
        Ok(_) => panic!("expected validation problems"),
        Err(ps) => ps.iter().map(|p| p.to_string()).collect(),
    }
}

fn report(sc: &ValidScenario) -> RunReport {
    let (summary, work) = simulate(sc, &|| {});
    RunReport::new(sc, &summary, work)
}

/// Standard error of a metric's estimate (half-width of the 95% interval over
/// the t quantile).
fn std_error(acc: &ScopeAccumulators, m: Metric) -> f64 {
    let a = acc.accumulator(m);
    a.estimate().half_width() / t_quantile(0.975, a.count() - 1)
}

const PLAIN: &str = r#"
name = "plain"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "11:00"
interval_minutes = 30
[arrivals]
calls_per_hour = [300, 420, 500, 480, 400, 300]
[handle_time]
distribution = "lognormal"
mean_seconds = 200
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 240
[lines]
count = 40
[retrials]
after_abandon = 0.3
[[groups]]
name = "in-house"
agents = [20, 24, 26, 26, 22, 18]
[[groups]]
name = "partner"
agents = 4
outsourced = true
overflow_after_seconds = 30
handle_time_factor = 1.2
[[groups]]
name = "split"
agents = 2
share = 0.1
"#;

/// The same center with its one kind of call declared as a `[[call_types]]`.
const DECLARED: &str = r#"
name = "plain"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "11:00"
interval_minutes = 30
[[call_types]]
name = "only"
calls_per_hour = [300, 420, 500, 480, 400, 300]
[call_types.handle_time]
distribution = "lognormal"
mean_seconds = 200
cv = 1.0
[call_types.patience]
distribution = "exponential"
mean_seconds = 240
[call_types.retrials]
after_abandon = 0.3
[lines]
count = 40
[[groups]]
name = "in-house"
agents = [20, 24, 26, 26, 22, 18]
[[groups]]
name = "partner"
agents = 4
outsourced = true
overflow_after_seconds = 30
handle_time_factor = 1.2
[[groups]]
name = "split"
agents = 2
share = 0.1
"#;

/// Declaring the single type changes nothing: the same streams drive it, so
/// every figure is bit-identical, and the type's own block equals the total.
#[test]
fn one_declared_type_is_the_plain_scenario_bit_for_bit() {
    let plain = report(&load(PLAIN));
    let declared = report(&load(DECLARED));
    assert_eq!(plain.total, declared.total);
    assert_eq!(plain.intervals, declared.intervals);
    assert!(plain.types.is_empty());
    let only = declared.types.get("only").expect("per-type block");
    assert_eq!(only.total, declared.total);
    for (a, b) in only.intervals.iter().zip(&declared.intervals) {
        assert_eq!(a.figures, b.figures);
    }
    let json = serde_json::to_value(&plain).unwrap();
    assert!(json.get("types").is_none(), "plain JSON has no \"types\"");
    let json = serde_json::to_value(&declared).unwrap();
    assert!(json["types"]["only"]["total"]["service_level"]["mean"].is_number());
}

fn two_types(priorities: (i32, i32), discipline: &str, seed: u64) -> String {
    format!(
        r#"
name = "two types"
[simulation]
replications = 60
seed = {seed}
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[routing]
discipline = "{discipline}"
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 300
[[call_types]]
name = "a"
priority = {}
calls_per_hour = 90
[[call_types]]
name = "b"
priority = {}
calls_per_hour = 90
[[groups]]
name = "team"
agents = 9
"#,
        priorities.0, priorities.1
    )
}

/// `discipline = "longest_wait"` ignores type priorities: exactly the same
/// day as two types of equal priority.
#[test]
fn longest_wait_ignores_type_priority_exactly() {
    let ignored = report(&load(&two_types((5, 0), "longest_wait", 8)));
    let equal = report(&load(&two_types((0, 0), "priority", 8)));
    assert_eq!(ignored.total, equal.total);
    assert_eq!(ignored.intervals, equal.intervals);
    for name in ["a", "b"] {
        let (x, y) = (
            &ignored.types.get(name).unwrap(),
            &equal.types.get(name).unwrap(),
        );
        assert_eq!(x.total, y.total);
    }
    // ... while the priority discipline does favour type "a".
    let favoured = report(&load(&two_types((5, 0), "priority", 8)));
    let wait = |r: &RunReport, t: &str| r.types.get(t).unwrap().total.mean_wait_seconds.mean;
    assert!(wait(&favoured, "a") < wait(&equal, "a"));
    assert!(wait(&favoured, "b") > wait(&equal, "b"));
}

/// Two identical types without priority are one pooled type: the
/// superposition of two Poisson streams of rate l/2 is Poisson of rate l, and
/// a free agent takes the longest waiting call either way. The two runs use
/// different seeds (independent), so each figure's difference is compared
/// with sqrt(se1^2 + se2^2), 4 standard errors (6.3e-5 false alarms per check).
#[test]
fn two_identical_types_without_priority_are_one_pooled_type() {
    let split = load(&two_types((0, 0), "priority", 21));
    let mut pooled_text = two_types((0, 0), "priority", 22);
    pooled_text = pooled_text.replace(
        "[[call_types]]\nname = \"b\"\npriority = 0\ncalls_per_hour = 90\n",
        "",
    );
    pooled_text = pooled_text.replace("calls_per_hour = 90", "calls_per_hour = 180");
    let pooled = load(&pooled_text);
    assert_eq!(pooled.types.len(), 1);
    let (s1, _) = simulate(&split, &|| {});
    let (s2, _) = simulate(&pooled, &|| {});
    for m in [
        Metric::Offered,
        Metric::Answered,
        Metric::Abandoned,
        Metric::ServiceLevel,
        Metric::AsaSeconds,
        Metric::MeanWaitSeconds,
        Metric::AbandonRate,
        Metric::MeanQueueLength,
    ] {
        let (a, b) = (s1.total.get(m).mean, s2.total.get(m).mean);
        let se = std_error(&s1.total, m).hypot(std_error(&s2.total, m));
        assert!(
            (a - b).abs() <= 4.0 * se,
            "{}: two types {a} vs pooled {b} (se {se})",
            m.key()
        );
    }
    // The parts add up to the whole, per replication, so exactly on average.
    let sum = |m: Metric| -> f64 { s1.types.iter().map(|t| t.total.get(m).mean).sum() };
    for m in [Metric::Offered, Metric::Answered, Metric::Abandoned] {
        assert!((sum(m) - s1.total.get(m).mean).abs() <= 1e-9 * s1.total.get(m).mean);
    }
    let q = sum(Metric::MeanQueueLength);
    assert!((q - s1.total.get(Metric::MeanQueueLength).mean).abs() <= 1e-9 * q);
}

/// Cobham's formula for non-preemptive priority in M/M/c with equal
/// exponential handle times, no abandonment (Cobham 1954; e.g. Gross &
/// Harris, "Fundamentals of Queueing Theory", sec. 3.4):
/// W_k = C(c, a) / (c mu (1 - sigma_{k-1}) (1 - sigma_k)), where sigma_k sums
/// lambda_i / (c mu) over the types served before or with type k. A day of 24
/// one-hour intervals with the first hour as warm-up approximates the steady
/// state; each type's mean wait must contain the formula in its interval at
/// level 1 - 6.3e-5 (three checks).
#[test]
fn priority_waits_agree_with_cobhams_formula() {
    let c = 10u32;
    let mean = 180.0;
    let (l_high, l_low) = (70.0 / 3600.0, 90.0 / 3600.0); // load 3.5 + 4.5 = 8 Erlangs
    let text = format!(
        r#"
name = "cobham"
[simulation]
replications = 120
seed = 1954
warmup_minutes = 60
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[handle_time]
distribution = "exponential"
mean_seconds = {mean}
[[call_types]]
name = "high"
priority = 1
calls_per_hour = {}
[[call_types]]
name = "low"
calls_per_hour = {}
[[groups]]
name = "team"
agents = {c}
"#,
        l_high * 3600.0,
        l_low * 3600.0
    );
    let sc = load(&text);
    let (s, _) = simulate(&sc, &|| {});
    let mu = 1.0 / mean;
    let cmu = f64::from(c) * mu;
    let a = (l_high + l_low) * mean;
    let wait_prob = erlang_c(a, c).unwrap();
    let sigma1 = l_high / cmu;
    let sigma2 = sigma1 + l_low / cmu;
    let w_high = wait_prob / (cmu * (1.0 - sigma1));
    let w_low = wait_prob / (cmu * (1.0 - sigma1) * (1.0 - sigma2));
    let w_all = wait_prob / (cmu - (l_high + l_low)); // Erlang C, conservation law
    let checks = [
        (
            "high",
            s.types[0].total.accumulator(Metric::MeanWaitSeconds),
            w_high,
        ),
        (
            "low",
            s.types[1].total.accumulator(Metric::MeanWaitSeconds),
            w_low,
        ),
        ("all", s.total.accumulator(Metric::MeanWaitSeconds), w_all),
    ];
    for (name, acc, formula) in checks {
        let e = acc.estimate_at(LEVEL);
        assert!(
            e.contains(formula),
            "{name}: simulated mean wait {} s, interval {:?}, Cobham {formula} s",
            e.mean,
            e.ci95
        );
    }
    // The formula's values, for the record: priority halves nothing here,
    // it moves waiting from the high type to the low one.
    assert!(w_high < w_all && w_all < w_low);
}

const SKILLS: &str = r#"
name = "skills"
[simulation]
replications = 20
seed = 11
[horizon]
start = "09:00"
end = "11:00"
[handle_time]
distribution = "exponential"
mean_seconds = 200
[patience]
distribution = "exponential"
mean_seconds = 300
[[call_types]]
name = "premium"
priority = 2
calls_per_hour = 60
[[call_types]]
name = "regular"
calls_per_hour = 120
[[groups]]
name = "specialists"
skills = ["premium"]
agents = 3
[groups.per_type.premium]
handle_time_factor = 0.5
[[groups]]
name = "general"
agents = 6
handle_time_factor = 1.5
[groups.per_type.premium]
handle_time_factor = 2.0
"#;

/// A group serves only its skills, and the handle time of every answered
/// call is the drawn handle time times the skill's factor. The drawn times
/// come from per-type streams (common random numbers), so comparing each
/// caller with a run where every factor is 1 is exact.
#[test]
fn skills_restrict_routing_and_scale_handle_times() {
    let sc = load(SKILLS);
    let neutral_text = SKILLS
        .replace("handle_time_factor = 0.5", "handle_time_factor = 1")
        .replace("handle_time_factor = 1.5", "handle_time_factor = 1")
        .replace("handle_time_factor = 2.0", "handle_time_factor = 1");
    let neutral = load(&neutral_text);
    let collect = |sc: &ValidScenario, rep: u64| {
        let mut model = CallCenter::new(sc);
        let mut tally = model.new_tally();
        let mut calls: Vec<CallRecord> = Vec::new();
        model.run_observed(rep, &mut tally, &mut |r: &CallRecord| calls.push(*r));
        calls
    };
    for rep in 0..5 {
        let base: std::collections::HashMap<u32, f64> = collect(&neutral, rep)
            .iter()
            .filter_map(|r| match r.outcome {
                Outcome::Answered { handle, .. } if !r.retrial => Some((r.caller, handle)),
                _ => None,
            })
            .collect();
        let mut answered = [0usize; 2];
        for r in collect(&sc, rep) {
            let Outcome::Answered { group, handle } = r.outcome else {
                continue;
            };
            answered[r.call_type as usize] += 1;
            let factor = match (group, r.call_type) {
                (0, 0) => 0.5,
                (0, _) => panic!("the premium desk answered a regular call"),
                (1, 0) => 2.0,
                _ => 1.5,
            };
            if let Some(b) = base.get(&r.caller) {
                assert_eq!(handle, b * factor, "caller {}", r.caller);
            }
        }
        assert!(answered[0] > 0 && answered[1] > 0);
    }
    // The report shows handled calls per group and type.
    let r = report(&sc);
    let regular = &r.types.get("regular").unwrap().total.groups;
    assert_eq!(regular.get("specialists").unwrap().handled.mean, 0.0);
    assert!(regular.get("general").unwrap().handled.mean > 0.0);
    let premium = &r.types.get("premium").unwrap().total.groups;
    let all = &r.total.groups;
    for g in ["specialists", "general"] {
        let sum = premium.get(g).unwrap().handled.mean + regular.get(g).unwrap().handled.mean;
        assert!((sum - all.get(g).unwrap().handled.mean).abs() < 1e-9);
    }
}

/// An arriving call goes to the first eligible group with an idle agent in
/// routing order: file order, or larger `priority` first.
#[test]
fn group_priority_orders_arrival_routing() {
    let text = r#"
name = "order"
[simulation]
replications = 5
[horizon]
start = "09:00"
end = "10:00"
[arrivals]
calls_per_hour = 20
[handle_time]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "first"
agents = 30
[[groups]]
name = "second"
agents = 30
"#;
    let handled = |r: &RunReport, g: &str| r.total.groups.get(g).unwrap().handled.mean;
    let by_file = report(&load(text));
    assert!(handled(&by_file, "first") > 0.0);
    assert_eq!(handled(&by_file, "second"), 0.0);
    let by_priority = report(&load(
        &text.replace("name = \"second\"\n", "name = \"second\"\npriority = 1\n"),
    ));
    assert_eq!(handled(&by_priority, "first"), 0.0);
    assert!(handled(&by_priority, "second") > 0.0);
}

/// Per-type routing: a share rule for one type only sends that type's
/// calls, and no other, straight to the group.
#[test]
fn per_type_share_rule_applies_to_its_type_only() {
    let text = SKILLS.replace(
        "[groups.per_type.premium]\nhandle_time_factor = 2.0\n",
        "[[groups]]\nname = \"split\"\nagents = 2\nskills = [\"regular\"]\nshare = 0.25\n",
    );
    let r = report(&load(&text));
    let split = |t: &str| {
        r.types
            .get(t)
            .unwrap()
            .total
            .groups
            .get("split")
            .unwrap()
            .handled
    };
    assert_eq!(split("premium").mean, 0.0);
    // About a quarter of the regular calls reach the split group (those routed
    // there wait for it alone); a loose check that it is the right order.
    let offered = r.types.get("regular").unwrap().total.offered.mean;
    let share = split("regular").mean / offered;
    assert!((0.1..0.3).contains(&share), "share {share}");
}

fn base_with(types_and_groups: &str) -> String {
    format!(
        r#"
name = "v"
[horizon]
start = "09:00"
end = "10:00"
[handle_time]
distribution = "exponential"
mean_seconds = 200
{types_and_groups}
"#
    )
}

#[test]
fn a_type_no_group_serves_is_an_error_naming_it() {
    let ps = problems(&base_with(
        r#"
[[call_types]]
name = "premium"
calls_per_hour = 10
[[call_types]]
name = "prospect"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
skills = ["premium"]
"#,
    ));
    assert!(
        ps.iter().any(|p| p.starts_with("call_types[1]:")
            && p.contains("no group serves call type \"prospect\"")),
        "{ps:?}"
    );
}

#[test]
fn unknown_skill_names_are_errors_with_a_suggestion() {
    let ps = problems(&base_with(
        r#"
[[call_types]]
name = "premium"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
skills = ["premum"]
[groups.per_type.premiun]
handle_time_factor = 1.2
"#,
    ));
    assert!(
        ps.iter().any(|p| p.starts_with("groups[0].skills[0]:")
            && p.contains("unknown call type \"premum\"; did you mean \"premium\"?")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p.starts_with("groups[0].per_type.premiun:")
                && p.contains("did you mean \"premium\"?")),
        "{ps:?}"
    );
}

#[test]
fn inconsistent_call_type_declarations_are_errors() {
    // Top-level arrival rates next to [[call_types]].
    let ps = problems(&base_with(
        r#"
[arrivals]
calls_per_hour = 10
[[call_types]]
name = "a"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
"#,
    ));
    assert!(
        ps.iter().any(|p| p.starts_with("arrivals.calls_per_hour:")),
        "{ps:?}"
    );
    // Skills without call types; a duplicate and a reserved name; a skill
    // setting for a type the group does not serve.
    let ps = problems(&base_with(
        r#"
[arrivals]
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
skills = ["a"]
"#,
    ));
    assert!(
        ps.iter()
            .any(|p| p.starts_with("groups[0].skills:") && p.contains("needs [[call_types]]")),
        "{ps:?}"
    );
    let ps = problems(&base_with(
        r#"
[[call_types]]
name = "all"
calls_per_hour = 10
[[call_types]]
name = "b"
calls_per_hour = 10
[[call_types]]
name = "b"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
skills = ["b", "b"]
[groups.per_type.all]
handle_time_factor = 2
"#,
    ));
    for needle in [
        "call_types[0].name: \"all\" is reserved",
        "call_types[2].name: \"b\" is used by an earlier call type",
        "groups[0].skills[1]: \"b\" is listed twice",
        "groups[0].per_type.all: group \"team\" does not serve \"all\"",
    ] {
        assert!(
            ps.iter().any(|p| p.starts_with(needle)),
            "{needle} in {ps:?}"
        );
    }
    // A type without a handle time and no top-level default.
    let ps = problems(
        r#"
name = "v"
[horizon]
start = "09:00"
end = "10:00"
[[call_types]]
name = "a"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
"#,
    );
    assert!(
        ps.iter()
            .any(|p| p.starts_with("call_types[0].handle_time: is missing")),
        "{ps:?}"
    );
}

#[test]
fn cli_reports_skill_errors_with_file_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        base_with(
            r#"
[[call_types]]
name = "premium"
calls_per_hour = 10
[[groups]]
name = "team"
agents = 3
skills = ["premum"]
"#,
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("groups[0].skills[0]"), "{err}");
    assert!(err.contains("did you mean \"premium\""), "{err}");
}

/// The shipped scenario runs, and its per-type figures show what the
/// scenario was built to show: premium callers (priority, patient) abandon
/// least, prospects (impatient, lowest priority) most.
#[test]
fn shipped_bank_scenario_runs_and_ranks_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bank-call-types.toml");
    let mut sc = scenario::load(&path).unwrap();
    sc.replications = 20;
    let r = report(&sc);
    let names: Vec<&str> = r.types.0.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["premium", "retail", "prospect"]);
    let rate = |t: &str| r.types.get(t).unwrap().total.abandon_rate;
    assert!(rate("premium").ci95[1] < rate("retail").ci95[0]);
    assert!(rate("retail").ci95[1] < rate("prospect").ci95[0]);
    let premium = r.types.get("premium").unwrap();
    assert_eq!(premium.threshold_seconds, 15.0);
    assert_eq!(premium.target, 0.9);
    let partner = |t: &str| {
        r.types
            .get(t)
            .unwrap()
            .total
            .groups
            .get("sales-partner")
            .unwrap()
            .handled
            .mean
    };
    assert_eq!(partner("premium"), 0.0);
    assert_eq!(partner("retail"), 0.0);
    assert!(partner("prospect") > 0.0);
    let table = ccsim::report::table::render(&r);
    assert!(table.contains("Call type \"prospect\""));
    let csv = String::from_utf8(ccsim::report::csv::render(&r).unwrap()).unwrap();
    assert!(csv.starts_with("call_type,interval,"));
    assert!(csv.lines().any(|l| l.starts_with("prospect,total,")));
}

/// A type whose own load reaches the capacity of the groups that serve it
/// is named in a warning, even when the center as a whole has room.
#[test]
fn a_type_overloading_its_groups_is_warned_about() {
    let text = base_with(
        r#"
[simulation]
replications = 3
[[call_types]]
name = "niche"
calls_per_hour = 36
[[call_types]]
name = "bulk"
calls_per_hour = 36
[[groups]]
name = "niche-desk"
agents = 2
skills = ["niche"]
[[groups]]
name = "bulk-team"
agents = 30
skills = ["bulk"]
"#,
    );
    let r = report(&load(&text));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("call type \"niche\" alone loads")
                && w.contains("2.0 Erlangs on 2.0 agents")),
        "{:?}",
        r.warnings
    );
    assert!(!r.warnings.iter().any(|w| w.contains("\"bulk\"")));
}
