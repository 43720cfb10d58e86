//! `ccsim compare` with money: cost per day and per handled call with
//! paired differences, and each group's occupancy on its own.

use ccsim::compare::{self, Comparison};
use ccsim::scenario::{self, ValidScenario};

fn plan(name: &str, agents: &str, partner: u32) -> ValidScenario {
    let text = format!(
        r#"
name = "{name}"
[simulation]
replications = 40
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 30
[arrivals]
calls_per_hour = [200, 260, 300, 320, 300, 260, 220, 200]
forecast_cv = 0.15
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 150
[[groups]]
name = "in-house"
agents = {agents}
cost_per_agent_hour = 30.0
[[groups]]
name = "partner"
agents = {partner}
outsourced = true
overflow_after_seconds = 20
[groups.contract]
lines = {partner}
per_handled_call = 4.5
"#
    );
    scenario::validate(&scenario::parse(&text).unwrap()).unwrap()
}

fn compare_lib(mut scenarios: Vec<ValidScenario>) -> Comparison {
    let labels: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let compared = compare::run_all(&mut scenarios, None, None, &|| {}).unwrap();
    Comparison::new(&scenarios, &labels, &compared)
}

/// Two plans that differ only in in-house agents and whose partner has the
/// same lines: the staff part of the cost difference is the agent-hour
/// difference times the hourly cost, by hand; the per-call part follows
/// the partner's calls. Paired intervals are narrower than unpaired ones.
#[test]
fn cost_difference_is_the_agent_hour_difference_and_paired_ci_is_narrower() {
    let a = "[18, 22, 25, 27, 25, 22, 19, 18]";
    let b = "[16, 20, 23, 24, 23, 20, 17, 16]";
    let cmp = compare_lib(vec![plan("A", a, 0), plan("B", b, 0)]);
    let costs = cmp.costs.as_ref().expect("both plans have costs");
    // Hand computation: (sum of B agents - sum of A agents) x 0.5 h x 30.
    let hours = |v: &[u32]| v.iter().sum::<u32>() as f64 * 0.5;
    let by_hand = (hours(&[16, 20, 23, 24, 23, 20, 17, 16])
        - hours(&[18, 22, 25, 27, 25, 22, 19, 18]))
        * 30.0;
    let d = costs.cost_per_day.differences[1].expect("a difference");
    assert!((d.mean - by_hand).abs() < 1e-9, "{} vs {by_hand}", d.mean);
    assert!(d.ci95[1] - d.ci95[0] < 1e-6, "staff cost is deterministic");
    assert!(
        (costs.cost_per_day.values[0].mean - hours(&[18, 22, 25, 27, 25, 22, 19, 18]) * 30.0).abs()
            < 1e-9
    );
    // Cost per handled call varies with the day's volume (forecast_cv):
    // pairing on common random numbers removes most of that.
    let per_call = &costs.cost_per_handled_call;
    let d = per_call.differences[1].expect("a difference");
    let paired = 0.5 * (d.ci95[1] - d.ci95[0]);
    let unpaired =
        (per_call.values[0].half_width().powi(2) + per_call.values[1].half_width().powi(2)).sqrt();
    assert!(
        paired > 0.0 && paired < 0.5 * unpaired,
        "{paired} vs {unpaired}"
    );
    assert!(d.mean < 0.0 && d.significant);
}

/// With a partner, occupancy is given per group (the partner's idle agents
/// do not dilute the in-house figure), and the per-call price enters the
/// cost per day.
#[test]
fn occupancy_per_group_and_partner_charges() {
    let a = "[18, 22, 25, 27, 25, 22, 19, 18]";
    let cmp = compare_lib(vec![plan("A", a, 0), plan("B", a, 6)]);
    let inhouse = cmp.occupancy.get("in-house").unwrap();
    let partner = cmp.occupancy.get("partner").unwrap();
    assert_eq!(
        cmp.figures.get("occupancy").unwrap().values[1],
        inhouse.values[1],
        "the headline occupancy is the in-house groups'"
    );
    assert!(partner.values[1].mean < inhouse.values[1].mean);
    let costs = cmp.costs.as_ref().unwrap();
    // B pays 4.50 per partner call on top of A's staff cost, and its
    // in-house agents are the same, so B - A is positive.
    assert!(costs.cost_per_day.differences[1].unwrap().mean > 0.0);
    let text = compare::table(&cmp);
    for row in [
        "cost per day",
        "cost per handled call",
        "occupancy in-house",
        "occupancy partner",
        "targets",
    ] {
        assert!(text.contains(row), "{row} missing:\n{text}");
    }
    assert!(!text.contains("replacement cost"), "{text}");
}
