//! Shrinkage, absenteeism and scheduled heads: agents on the phones, paid
//! hours, FTE and paid cost. Checks against theory at level 1 - 1e-4 across
//! replications (fixed seeds), or exact where the rule is exact.

use ccsim::replicate;
use ccsim::report::RunReport;
use ccsim::scenario::{carried_rounding, ValidScenario};
use ccsim::stats::Summary;

use super::common::scenario_from;

const LEVEL: f64 = 1.0 - 1e-4;

fn run(sc: &ValidScenario) -> (Summary, RunReport) {
    let (summary, work) = replicate::simulate(sc, &|| {});
    let report = RunReport::new(sc, &summary, work);
    (summary, report)
}

fn center(group: &str, replications: u32, seed: u64) -> ValidScenario {
    scenario_from(&format!(
        r#"
name = "shrinkage"
[simulation]
replications = {replications}
seed = {seed}
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 600
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "exponential"
mean_seconds = 200
[[groups]]
name = "team"
{group}
"#
    ))
}

#[test]
fn absenteeism_removes_a_binomial_number_of_agents_each_day() {
    // 50 scheduled, 10% absent: present ~ Binomial(50, 0.9), mean 45, variance 4.5.
    let sc = center("scheduled = 50\nabsenteeism = 0.1", 400, 21);
    let (summary, report) = run(&sc);
    let e = summary.total.on_phones_accumulator(0).estimate_at(LEVEL);
    assert!(e.contains(45.0), "{e:?}");
    // The day-to-day spread: the present count is constant within a day,
    // so each replication's mean over the day is that day's count.
    let mut counts = Vec::new();
    replicate::for_each_tally(&sc, 0, 400, &|| {}, |_, t| {
        let present: f64 = (0..t.intervals)
            .map(|k| t.group_counts[k * t.groups].staffed_time)
            .sum::<f64>()
            / (3600.0 * t.intervals as f64);
        counts.push(present);
    });
    // Whole agents (up to the rounding of the time integrals).
    assert!(
        counts.iter().all(|c| (c - c.round()).abs() < 1e-6),
        "whole agents"
    );
    let counts: Vec<f64> = counts.iter().map(|c| c.round()).collect();
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<f64>() / n;
    let var = counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0);
    // (n-1) s^2 / sigma^2 is close to chi-square with n-1 degrees of
    // freedom; its 1e-4 two-sided bounds for 399 df are about 0.72 and 1.32
    // times n-1 (normal approximation, z = 3.9).
    let ratio = var / 4.5;
    let z = 3.9 * (2.0 / (n - 1.0)).sqrt();
    assert!(
        (1.0 - z..1.0 + z).contains(&ratio),
        "variance {var} vs binomial 4.5"
    );
    // Staffing block: scheduled 50, paid hours 50 a hour over 4 hours.
    let s = report.staffing.as_ref().expect("staffing block");
    let team = s.get("team").expect("team");
    assert_eq!(team.scheduled, 50.0);
    assert_eq!(team.paid_hours, 200.0);
    assert_eq!(team.fte, 25.0);
}

#[test]
fn shrinkage_on_scheduled_heads_is_the_same_as_agents_on_the_phones() {
    // 0.3 shrinkage on 100 scheduled is exactly 70 on the phones: the same
    // simulation, figure for figure, as 70 agents.
    let a = center("scheduled = 100\nshrinkage = 0.3", 30, 4);
    let b = center("agents = 70", 30, 4);
    assert_eq!(a.groups[0].agents, vec![70; 4]);
    let (sa, ra) = run(&a);
    let (sb, rb) = run(&b);
    assert_eq!(sa.total, sb.total);
    assert_eq!(sa.intervals, sb.intervals);
    assert_eq!(ra.total, rb.total);
    // The paid heads differ: 100 against 70 (the one with agents has no shrinkage).
    let paid = |r: &RunReport| {
        r.staffing
            .as_ref()
            .map(|s| s.get("team").unwrap().paid_hours)
    };
    assert_eq!(paid(&ra), Some(400.0));
    assert_eq!(paid(&rb), None, "a plain group reports no staffing block");
}

#[test]
fn carried_rounding_keeps_the_mean() {
    // 15 heads at 30% shrinkage is 10.5 on the phones: 11, 10, 11, 10 ...
    let x = vec![10.5; 8];
    let r = carried_rounding(&x);
    assert_eq!(r.iter().sum::<u32>(), 84);
    assert!(r.iter().all(|v| *v == 10 || *v == 11), "{r:?}");
    let y = [3.3, 3.3, 3.3, 0.1, 7.0];
    let r = carried_rounding(&y);
    let mut sum = 0.0;
    let mut whole = 0;
    for (v, k) in y.iter().zip(&r) {
        sum += v;
        whole += k;
        assert!((f64::from(whole) - sum).abs() <= 0.5 + 1e-9, "{r:?}");
    }
    let sc = center("scheduled = 15\nshrinkage = 0.3", 2, 1);
    assert_eq!(sc.groups[0].agents, vec![11, 10, 11, 10]);
}

#[test]
fn paid_cost_is_scheduled_hours_times_the_rate_to_the_cent() {
    // 24 half-hours, 30 heads scheduled at 28 an hour, 30% shrinkage:
    // 30 * 12 h * 28 = 10,080.00 a day, whatever the agents on the phones.
    let sc = scenario_from(
        r#"
name = "claims"
[simulation]
replications = 20
[horizon]
start = "08:00"
end = "20:00"
interval_minutes = 30
[arrivals]
calls_per_hour = 150
[handle_time]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "claims"
scheduled = 30
shrinkage = 0.3
cost_per_agent_hour = 28
"#,
    );
    let sim = ccsim::simulation::simulate(&sc, &|| {}, |_, _, _| {});
    let report = RunReport::from_simulated(&sc, &sim);
    let costs = report.costs.as_ref().expect("costed");
    let json = serde_json::to_value(costs).expect("json");
    let text = json.to_string();
    assert!(text.contains("10080"), "{text}");
    let s = report.staffing.as_ref().expect("staffing");
    let g = s.get("claims").expect("group");
    assert_eq!(g.paid_hours, 360.0);
    assert_eq!(g.cost, Some(10_080.0));
    assert_eq!(g.fte, 45.0);
    assert_eq!(sc.groups[0].agents, vec![21; 24]);
}

#[test]
fn fte_follows_the_economics_keys_and_a_week() {
    let sc = scenario_from(
        r#"
name = "week fte"
[simulation]
replications = 5
[horizon]
start = "08:00"
end = "16:00"
interval_minutes = 60
days = 7
[horizon.closed]
days = ["sat", "sun"]
[arrivals]
calls_per_hour = 20
[handle_time]
distribution = "exponential"
mean_seconds = 120
[economics]
fte_hours_per_week = 37.5
fte_hours_per_day = 7.5
[[groups]]
name = "team"
scheduled = 10
"#,
    );
    let (_, report) = run(&sc);
    let g = report
        .staffing
        .as_ref()
        .unwrap()
        .get("team")
        .copied()
        .unwrap();
    // 10 heads, 8 hours, 5 days: 400 paid hours, over 37.5 a week.
    assert_eq!(g.paid_hours, 400.0);
    assert!((g.fte - 400.0 / 37.5).abs() < 1e-12, "{}", g.fte);
    let day = report.days[0]
        .staffing
        .as_ref()
        .unwrap()
        .get("team")
        .copied()
        .unwrap();
    assert_eq!(day.paid_hours, 80.0);
    assert!((day.fte - 80.0 / 7.5).abs() < 1e-12);
}

#[test]
fn group_staffing_keys_are_checked() {
    let bad = |group: &str| -> String {
        let text = format!(
            "name = \"x\"\n[horizon]\nstart = \"08:00\"\nend = \"10:00\"\n[arrivals]\ncalls_per_hour = 10\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = 60\n[[groups]]\nname = \"a\"\n{group}\n"
        );
        let raw = ccsim::scenario::parse(&text).unwrap_or_else(|p| panic!("{p}"));
        format!(
            "{:?}",
            ccsim::scenario::validate(&raw).expect_err("invalid")
        )
    };
    let p = bad("agents = 3\nscheduled = 4");
    assert!(p.contains("not both"), "{p}");
    let p = bad("shrinkage = 0.2");
    assert!(
        p.contains("groups[0].agents") && p.contains("missing"),
        "{p}"
    );
    let p = bad("scheduled = 4\nshrinkage = 1.0");
    assert!(p.contains("groups[0].shrinkage"), "{p}");
    let p = bad("scheduled = 4\nabsenteeism = -0.1");
    assert!(p.contains("groups[0].absenteeism"), "{p}");
    // `shrinkage` is a key of its own now, not a misspelt `share`.
    let text = "name = \"x\"\n[horizon]\nstart = \"08:00\"\nend = \"10:00\"\n[arrivals]\ncalls_per_hour = 10\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = 60\n[[groups]]\nname = \"a\"\nscheduled = 10\nshrinkage = 0.3\n";
    let raw = ccsim::scenario::parse(text).expect("shrinkage is a group key");
    assert!(ccsim::scenario::validate(&raw).is_ok());
}

#[test]
fn staff_writes_scheduled_heads_for_a_group_with_shrinkage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.toml");
    let output = dir.path().join("out.toml");
    std::fs::write(
        &input,
        r#"
name = "staff shrinkage"
[simulation]
replications = 30
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = [100, 200, 300, 200]
[handle_time]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "team"
scheduled = 20
shrinkage = 0.3
"#,
    )
    .expect("write");
    let out = super::common::ccsim(&[
        "staff",
        input.to_str().unwrap(),
        "--out",
        output.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("staffed scenario");
    let sc = scenario_from(&text);
    let g = &sc.groups[0];
    assert!(g.gave_scheduled, "{text}");
    assert_eq!(g.shrinkage, 0.3);
    // Each interval's heads are the fewest whose 70% reaches the plan.
    for (k, heads) in g.scheduled.iter().enumerate() {
        let on = heads * 0.7;
        assert!(heads.fract() == 0.0 && on >= 1.0, "interval {k}: {heads}");
    }
    assert!(!text.contains("\nagents ="), "{text}");
}
