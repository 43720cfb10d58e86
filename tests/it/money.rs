//! Costs, contracts and SLA risk: hand-computed totals on deterministic
//! cases, minimum volume and caps, validation, and the partner's service
//! level against Erlang C.

use ccsim::analytic::erlang_c_figures;
use ccsim::money::ledger::{settle, Ledger};
use ccsim::money::{self, CostReport};
use ccsim::scenario::{self, ValidScenario};
use ccsim::stats::tally::Tally;
use ccsim::stats::Estimate;

fn load(text: &str) -> ValidScenario {
    let raw = scenario::parse(text).unwrap_or_else(|p| panic!("parse: {p}"));
    scenario::validate(&raw).unwrap_or_else(|p| panic!("validate: {p:?}"))
}

fn problems(text: &str) -> Vec<String> {
    let raw = match scenario::parse(text) {
        Ok(r) => r,
        Err(p) => return vec![p.to_string()],
    };
    match scenario::validate(&raw) {
        Ok(_) => Vec::new(),
        Err(ps) => ps.iter().map(|p| p.to_string()).collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn component(c: &CostReport, group: &str, key: &str) -> Estimate {
    *c.groups
        .get(group)
        .unwrap()
        .components
        .get(key)
        .unwrap_or_else(|| panic!("{group} has no {key}"))
}

/// 08:00-10:00 in hours; the partner takes every call of 09:00-10:00 (an
/// hours rule: no randomness in routing) with 50 agents, so nobody waits for
/// it; deterministic handle time 120 s, times 1.5 at the partner = 3 minutes.
const DETERMINISTIC: &str = r#"
name = "deterministic costs"
[simulation]
replications = 60
seed = 11
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 30
[handle_time]
distribution = "deterministic"
mean_seconds = 120
[economics]
revenue_per_answered_call = 2.0
[[groups]]
name = "in-house"
agents = [2, 3]
cost_per_agent_hour = 20.0
[[groups]]
name = "partner"
agents = [0, 50]
outsourced = true
hours = ["09:00-10:00"]
handle_time_factor = 1.5
[groups.contract]
lines = 4
per_line_per_year = 25000
operating_days_per_year = 250
per_handled_call = 1.5
per_handled_minute = 0.5
per_staffed_hour = 10
"#;

#[test]
fn deterministic_costs_match_hand_computed_totals() {
    let sc = load(DETERMINISTIC);
    let (summary, costs, _) = money::simulate(&sc, &|| {});
    let c = costs.expect("the scenario has costs");
    // Every day: in-house 5 agent-hours at 20 = 100; partner 50 staffed
    // hours at 10 = 500; 4 lines at 25000 / 250 days = 400; each partner
    // call 1.5 + 3 minutes at 0.5 = 3.
    let staff = component(&c, "in-house", "staff");
    assert_eq!(staff.mean, 100.0);
    assert_eq!(staff.ci95, [100.0, 100.0]);
    assert_eq!(component(&c, "partner", "line_fee").mean, 400.0);
    assert_eq!(component(&c, "partner", "per_staffed_hour").mean, 500.0);
    let p = c.groups.get("partner").unwrap();
    let n = p.handled_calls.mean;
    assert!(close(p.handled_minutes.mean, 3.0 * n));
    assert!(close(
        component(&c, "partner", "per_handled_call").mean,
        1.5 * n
    ));
    assert!(close(
        component(&c, "partner", "per_handled_minute").mean,
        1.5 * n
    ));
    assert!(close(p.total.mean, 900.0 + 3.0 * n));
    assert!(close(c.total.mean, 1000.0 + 3.0 * n));
    // Pooled over days: sum(900 + 3 N_i) / sum(N_i).
    assert!(close(p.cost_per_handled_call.mean, 900.0 / n + 3.0));
    let answered = summary.total.get(ccsim::stats::Metric::Answered).mean;
    assert!(close(c.cost_per_handled_call.mean, c.total.mean / answered));
    assert!(close(c.revenue.unwrap().mean, 2.0 * answered));
    assert!(close(
        c.net_cost.unwrap().mean,
        c.total.mean - 2.0 * answered
    ));
    assert!(c.abandoned_calls.is_none());
    assert_eq!((c.block_days, c.blocks, c.days_left_out), (1, 60, 0));
    // Formula check: the partner answers every call of its hour, Poisson
    // with mean 30; |mean - 30| <= 4 standard errors (false alarm ~6e-5).
    let se = (30.0f64 / 60.0).sqrt();
    assert!((n - 30.0).abs() <= 4.0 * se, "partner calls {n}");
}

#[test]
fn scenarios_without_money_keep_their_old_report() {
    let text = DETERMINISTIC
        .split("[economics]")
        .next()
        .unwrap()
        .to_string()
        + "[[groups]]\nname = \"a\"\nagents = 3\n";
    let sc = load(&text);
    assert!(!money::applies(&sc));
    let report = ccsim::commands::run::simulate_report(&sc, Some(1)).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("\"costs\""));
    let costed = ccsim::commands::run::simulate_report(&load(DETERMINISTIC), Some(1)).unwrap();
    let json = serde_json::to_value(&costed).unwrap();
    assert_eq!(
        json["costs"]["groups"]["partner"]["components"]["line_fee"]["mean"],
        400.0
    );
}

/// One interval a day, days grouped in months of 2 days; the partner's
/// counts are written by hand into the tallies.
const CLAUSES: &str = r#"
name = "clauses"
[horizon]
start = "08:00"
end = "09:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 10
[handle_time]
distribution = "exponential"
mean_seconds = 60
[economics]
days_per_week = 1
days_per_month = 2
[[groups]]
name = "partner"
agents = 5
[groups.contract]
per_handled_call = 2.0
minimum_calls_per_month = 100
[groups.contract.service_level]
period = "day"
target = 0.9
penalty_per_point = 100
max_penalty = 500
bonus_per_point = 10
max_bonus = 30
"#;

#[test]
fn minimum_volume_and_capped_penalties_and_bonuses() {
    let sc = load(CLAUSES);
    let mut ledger = Ledger::new(&sc);
    assert_eq!(
        ledger.block_days, 2,
        "a block is the longest period: the month"
    );
    // (handled, within) per day.
    let days = [(30.0, 27.0), (40.0, 20.0), (60.0, 60.0), (50.0, 46.0)];
    let mut tally = Tally::new(1, 1, 1);
    for (handled, within) in days {
        tally.clear();
        tally.group_counts[0].handled = handled;
        tally.group_counts[0].handled_within = within;
        tally.calls[0].answered = handled;
        ledger.add_day(&tally);
    }
    let c = ledger.report();
    assert_eq!((c.blocks, c.days_left_out), (2, 0));
    // Month 1: 70 calls, 30 short of 100, billed at 2 = 60. Month 2: 110, none.
    assert!(close(
        component(&c, "partner", "minimum_volume").mean,
        60.0 / 4.0
    ));
    assert!(close(
        component(&c, "partner", "per_handled_call").mean,
        2.0 * 180.0 / 4.0
    ));
    // Day 1: 90% = target, met, no bonus. Day 2: 50%, 40 points * 100 = 4000,
    // capped at 500. Day 3: 100%, 10 points * 10 = 100, capped at 30.
    // Day 4: 92%, 2 points * 10 = 20.
    assert!(close(
        component(&c, "partner", "sla_penalty").mean,
        -500.0 / 4.0
    ));
    assert!(close(
        component(&c, "partner", "sla_bonus").mean,
        50.0 / 4.0
    ));
    let risk = &c.sla[0];
    assert_eq!((risk.periods, risk.periods_without_calls), (4, 0));
    assert_eq!(risk.p_met.mean, 0.75);
    assert!(risk.p_met.ci95[0] < 0.75 && risk.p_met.ci95[1] > 0.75);
    assert!(close(risk.mean_penalty, 125.0));
    assert!(close(risk.mean_bonus, 12.5));
    // Adjustments sorted: -500, 0, 20, 30; median 10; type-7 p5 = -425.
    assert!(close(risk.adjustment.p50, 10.0));
    assert!(close(risk.adjustment.p5, -500.0 + 0.15 * 500.0));
    assert!(close(risk.adjustment.mean, -450.0 / 4.0));
    assert!(close(risk.pooled_service_level.mean, 153.0 / 180.0));
    // Total: per-call 360 + top-up 60 - 500 + 50 over 4 days.
    assert!(close(c.total.mean, (360.0 + 60.0 - 500.0 + 50.0) / 4.0));
    // No calls: no service level, met, nothing paid.
    let clause = sc.groups[0].contract.as_ref().unwrap().sla.unwrap();
    let none = settle(&clause, 0.0, 0.0);
    assert!(none.met && none.service_level.is_none() && none.adjustment() == 0.0);
}

#[test]
fn trailing_days_that_do_not_fill_a_block_are_left_out_with_a_warning() {
    let sc = load(CLAUSES);
    let mut ledger = Ledger::new(&sc);
    let mut tally = Tally::new(1, 1, 1);
    for _ in 0..5 {
        tally.clear();
        tally.group_counts[0].handled = 120.0;
        tally.group_counts[0].handled_within = 120.0;
        ledger.add_day(&tally);
    }
    let c = ledger.report();
    assert_eq!((c.blocks, c.days_left_out), (2, 1));
    let w = money::report::warnings(&c);
    assert!(w.iter().any(|w| w.contains("1 simulated day(s)")), "{w:?}");
}

#[test]
fn contract_keys_are_checked() {
    let base = CLAUSES.replace("[economics]\ndays_per_week = 1\ndays_per_month = 2\n", "");
    let no_price = base.replace("per_handled_call = 2.0\n", "");
    let ps = problems(&no_price);
    assert!(
        ps.iter()
            .any(|p| p.contains("groups[0].contract.minimum_calls_per_month")
                && p.contains("per_handled_call")),
        "{ps:?}"
    );
    let fee = base.replace(
        "per_handled_call = 2.0\n",
        "per_handled_call = 2.0\nper_line_per_year = 1000\n",
    );
    let ps = problems(&fee);
    assert!(
        ps.iter()
            .any(|p| p.contains("operating_days_per_year") && p.contains("missing")),
        "{ps:?}"
    );
    let typo = base.replace("max_bonus = 30", "max_bonsu = 30");
    let ps = problems(&typo);
    assert!(
        ps.iter().any(|p| p.contains("did you mean `max_bonus`")),
        "{ps:?}"
    );
    let neg = base
        .replace("target = 0.9", "target = 1.5")
        .replace("penalty_per_point = 100", "penalty_per_point = -1");
    let ps = problems(&neg);
    assert!(
        ps.iter()
            .any(|p| p.contains("groups[0].contract.service_level.target")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p.contains("groups[0].contract.service_level.penalty_per_point")),
        "{ps:?}"
    );
    // A weekly clause and a monthly minimum need weeks that nest in months.
    let nest = CLAUSES
        .replace(
            "days_per_week = 1\ndays_per_month = 2",
            "days_per_week = 5\ndays_per_month = 21",
        )
        .replace("period = \"day\"", "period = \"week\"");
    let ps = problems(&nest);
    assert!(
        ps.iter()
            .any(|p| p.contains("economics.days_per_month") && p.contains("nest")),
        "{ps:?}"
    );
    let bad_days = base.replace(
        "name = \"clauses\"",
        "name = \"clauses\"\n[economics]\ndays_per_week = 9",
    );
    let ps = problems(&bad_days);
    assert!(
        ps.iter().any(|p| p.contains("economics.days_per_week")),
        "{ps:?}"
    );
}

/// One partner with 10 agents, Poisson arrivals, exponential handle time,
/// nobody abandons: M/M/10. Its contract measures 20 s (the scenario's own
/// threshold is 60 s, so the test also shows which one the clause uses).
const ERLANG_C: &str = r#"
name = "partner SLA against Erlang C"
[simulation]
replications = 40
seed = 5
warmup_minutes = 60
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[service_level]
threshold_seconds = 60
[arrivals]
calls_per_hour = 160
[handle_time]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "partner"
agents = 10
outsourced = true
[groups.contract]
per_handled_call = 1.0
[groups.contract.service_level]
period = "day"
target = 0.8
threshold_seconds = 20
"#;

#[test]
fn partner_service_level_matches_erlang_c() {
    let sc = load(ERLANG_C);
    let (_, costs, _) = money::simulate(&sc, &|| {});
    let risk = &costs.unwrap().sla[0];
    let f = erlang_c_figures(160.0 / 3600.0, 180.0, 10, 20.0).unwrap();
    let e = risk.pooled_service_level;
    // Standard error from the 95% interval over 40 days (t quantile 2.023);
    // z = 4 gives a false-alarm rate of about 6e-5.
    let se = e.half_width() / 2.023;
    assert!(
        (e.mean - f.service_level).abs() <= 4.0 * se,
        "simulated {} ±{} vs Erlang C {}",
        e.mean,
        e.half_width(),
        f.service_level
    );
    assert_eq!(risk.threshold_seconds, 20.0);
    assert_eq!(risk.periods, 40);
}

/// A horizon of three open days: one replication is three contract days.
fn three_days(extra: &str) -> String {
    DETERMINISTIC.replace(
        "interval_minutes = 60\n",
        "interval_minutes = 60\ndays = 3\n",
    ) + extra
}

#[test]
fn a_multi_day_horizon_counts_each_replication_as_its_open_days() {
    let sc = load(&three_days(""));
    let (_, costs, _) = money::simulate(&sc, &|| {});
    let c = costs.expect("the scenario has costs");
    // Per replication (three days): in-house 3 x 100, partner staffed
    // 3 x 500, lines 3 x 400 (a line fee for every open day).
    assert_eq!(component(&c, "in-house", "staff").mean, 300.0);
    assert_eq!(component(&c, "partner", "per_staffed_hour").mean, 1500.0);
    assert_eq!(component(&c, "partner", "line_fee").mean, 1200.0);
    assert!(c.basis.starts_with("per simulated horizon of 3 open days"));
    assert!(money::table::render(&c).contains("per horizon"));

    // A weekly clause of 6 contract days is settled on 2 replications.
    let weekly = "[economics]\ndays_per_week = 6\n";
    let text = three_days("")
        .replace("[economics]\n", weekly)
        .replace(
            "per_staffed_hour = 10\n",
            "per_staffed_hour = 10\n[groups.contract.service_level]\nperiod = \"week\"\ntarget = 0.8\npenalty_per_point = 1\n",
        );
    assert_eq!(Ledger::new(&load(&text)).block_days, 2);

    // Periods that are not whole horizons are refused with the fix.
    let five = text.replace("days_per_week = 6", "days_per_week = 5");
    let p = problems(&five).join("\n");
    assert!(
        p.contains("economics.days_per_week") && p.contains("days_per_week = 6"),
        "{p}"
    );
    let daily = text.replace("period = \"week\"", "period = \"day\"");
    let p = problems(&daily).join("\n");
    assert!(
        p.contains("service_level.period") && p.contains("3 open days"),
        "{p}"
    );
}
