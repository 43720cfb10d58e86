//! Break-even by re-staffing: on a case whose answer is known (a partner that
//! is a copy of in-house agents: same speed, same queue), the re-staffing
//! adds exactly the partner's agents in every interval and the break-even
//! price lies within its confidence interval of the true value; on a
//! claims-like day (an overflow partner helping at the peaks) the flat
//! method's upward bias is gone.

use ccsim::money::breakeven::{self, Options};
use ccsim::scenario;

use super::common::scenario_from;

/// In-house and partner agents answer from one queue at the same speed, and
/// staffing never falls during the day (a fall would let the two groups'
/// busy agents finish differently), so without the partner the in-house
/// group with the partner's agents added is the very same system.
fn copy_case(replications: u32, seed: u64) -> String {
    format!(
        r#"
name = "copy partner"
[simulation]
replications = {replications}
seed = {seed}
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
max_abandon_rate = 0.1
[arrivals]
calls_per_hour = [120, 160, 200, 200]
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 240
[[groups]]
name = "in-house"
agents = [6, 8, 10, 10]
shrinkage = 0.3
cost_per_agent_hour = 28
[[groups]]
name = "partner"
agents = [2, 3, 4, 4]
[groups.contract]
per_handled_call = 3.0
"#
    )
}

#[test]
fn a_copy_partner_is_replaced_by_its_own_agents_and_priced_at_their_paid_hours() {
    let raw = scenario::parse(&copy_case(60, 17)).unwrap();
    let o = Options {
        partner: "partner".into(),
        max_extra: 40,
        ..Options::default()
    };
    let r = breakeven::run(&raw, &o).unwrap();
    let partner = [2.0, 3.0, 4.0, 4.0];
    for (i, p) in r.intervals.iter().zip(partner) {
        assert_eq!(i.restaff.extra_agents, p, "{}: {:?}", i.start, i.restaff);
    }
    // Exact: 13 agents x 0.5 h on the phones, over 1 - 0.3 paid, at 28.
    let paid = 13.0 * 0.5 / 0.7;
    assert!((r.extra_agent_hours_per_day.mean - 6.5).abs() < 1e-12);
    assert!((r.extra_paid_hours_per_day.mean - paid).abs() < 1e-12);
    assert!((r.breakeven_charge_per_day.mean - paid * 28.0).abs() < 1e-9);
    // The interpolation adds no noise here (one fewer agent misses, the
    // found staffing reproduces the partner's service call for call).
    assert!(r.breakeven_charge_per_day.half_width() < 1e-9);
    // Only the contract's unit.
    let keys: Vec<&str> = r
        .breakeven_prices
        .0
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["per_handled_call"]);
    // The true price: the charge over the partner's expected calls a day,
    // estimated on independent replications (another seed, 8 times as many).
    let truth_sc = scenario_from(&copy_case(480, 4242));
    let (_, costs, _) = ccsim::money::simulate(&truth_sc, &|| {});
    let calls = costs.unwrap().groups.get("partner").unwrap().handled_calls;
    let truth = paid * 28.0 / calls.mean;
    let truth_hw = truth * calls.half_width() / calls.mean;
    let price = r.breakeven_prices.get("per_handled_call").unwrap();
    assert!(price.half_width() > 0.0 && price.half_width() < 0.2 * price.mean);
    assert!(
        (price.mean - truth).abs() <= price.half_width() + truth_hw,
        "price {price:?}, truth {truth} ±{truth_hw}"
    );
    // The day's service level without the partner is the one with it.
    assert_eq!(
        r.service_level_without_partner.mean,
        r.service_level_with_partner.mean
    );
}

/// A claims-like day: the in-house team is staffed for the shoulders, and an
/// overflow partner at 4.50 a call takes what waits over 20 s at the peaks.
fn claims_like() -> &'static str {
    r#"
name = "claims-like"
[simulation]
replications = 40
seed = 2026
[horizon]
start = "08:00"
end = "14:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
max_abandon_rate = 0.05
[arrivals]
calls_per_hour = [120, 160, 260, 340, 360, 300, 220, 180, 260, 300, 200, 120]
[handle_time]
distribution = "lognormal"
mean_seconds = 300
cv = 0.8
[patience]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "in-house"
agents = 20
shrinkage = 0.3
cost_per_agent_hour = 28
[[groups]]
name = "overflow"
agents = 8
overflow_after_seconds = 20
[groups.contract]
per_handled_call = 4.5
"#
}

#[test]
fn re_staffing_removes_the_flat_methods_upward_bias_on_a_claims_like_day() {
    let raw = scenario::parse(claims_like()).unwrap();
    let o = Options {
        partner: "overflow".into(),
        max_extra: 60,
        flat: true,
        ..Options::default()
    };
    let r = breakeven::run(&raw, &o).unwrap();
    let flat = r.flat.as_ref().unwrap();
    let restaff = r.breakeven_charge_per_day;
    // The flat method adds its agents to every interval, quiet ones
    // included, and rounds up: it costs clearly more than re-staffing.
    assert!(
        flat.extra_in_house_cost_per_day > restaff.ci95[1],
        "flat {} vs re-staffing {restaff:?}",
        flat.extra_in_house_cost_per_day
    );
    let bias = flat.extra_in_house_cost_per_day / restaff.mean - 1.0;
    assert!(bias > 0.05, "bias {bias}");
    // Re-staffing adds agents where the partner worked (the peaks), and
    // fewer at the quiet ends than the flat method's constant number.
    let first = &r.intervals[0].restaff;
    assert!(first.extra_agents < f64::from(flat.extra_agents));
    let peak = r
        .intervals
        .iter()
        .map(|i| i.restaff.extra_agents)
        .fold(0.0, f64::max);
    assert!(peak > first.extra_agents);
    // Every interval at least matches its service with the partner.
    for i in &r.intervals {
        assert_eq!(i.restaff.status, "met", "{}", i.start);
        assert!(i.restaff.service_level_without >= i.restaff.service_level_with);
    }
    let price = r.breakeven_prices.get("per_handled_call").unwrap();
    let flat_price = flat.extra_in_house_cost_per_day / r.partner_handled_calls_per_day.mean;
    assert!(flat_price > price.ci95[1]);
    println!(
        "claims-like: re-staffing {:.2} ±{:.2} a call, flat {flat_price:.2} ({:+.0}%)",
        price.mean,
        price.half_width(),
        100.0 * bias
    );
}

#[test]
fn the_breakeven_is_the_same_for_any_thread_count_and_paid_hours_follow_shrinkage() {
    let text = claims_like().replace("replications = 40", "replications = 12");
    let raw = scenario::parse(&text).unwrap();
    let o = Options {
        partner: "overflow".into(),
        max_extra: 40,
        ..Options::default()
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| breakeven::run(&raw, &o).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    // Shrinkage 0.3: every agent-hour on the phones is 1 / 0.7 paid hours,
    // each at 28; the interval scales the same way.
    let hours = one.extra_agent_hours_per_day;
    let paid = one.extra_paid_hours_per_day;
    assert!((paid.mean - hours.mean / 0.7).abs() < 1e-9);
    assert!((paid.half_width() - hours.half_width() / 0.7).abs() < 1e-9);
    assert!((one.breakeven_charge_per_day.mean - 28.0 * paid.mean).abs() < 1e-9);
    // 12 half-hours: the agent-hours are half the sum of the extra agents.
    let extra: f64 = one.intervals.iter().map(|i| i.restaff.extra_agents).sum();
    assert!((hours.mean - 0.5 * extra).abs() < 1e-9);
    assert!(one.warnings.iter().any(|w| w.contains("12 replications")));
}

#[test]
fn prices_come_only_in_the_units_the_contract_uses() {
    let units = |contract: &str| -> (Vec<String>, Vec<String>) {
        let text = copy_case(20, 5).replace("per_handled_call = 3.0", contract);
        let text = if contract.is_empty() {
            text.replace("[groups.contract]\n", "")
        } else {
            text
        };
        let raw = scenario::parse(&text).unwrap();
        let o = Options {
            partner: "partner".into(),
            max_extra: 20,
            ..Options::default()
        };
        let r = breakeven::run(&raw, &o).unwrap();
        (
            r.breakeven_prices
                .0
                .iter()
                .map(|(k, _)| k.clone())
                .collect(),
            r.warnings,
        )
    };
    let (k, _) = units("per_handled_minute = 0.9");
    assert_eq!(k, ["per_handled_minute"]);
    let (k, _) = units("per_staffed_hour = 30\nper_handled_call = 1.0");
    assert_eq!(k, ["per_handled_call", "per_staffed_hour"]);
    let (k, w) = units("");
    assert_eq!(k, ["per_handled_call", "per_handled_minute"]);
    assert!(w.iter().any(|w| w.contains("no priced contract")), "{w:?}");
}

#[test]
fn the_command_writes_the_json_and_prints_only_the_contracts_units() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.toml");
    std::fs::write(&file, copy_case(20, 5)).unwrap();
    let json = dir.path().join("be.json");
    let out = super::common::ccsim(&[
        "breakeven",
        file.to_str().unwrap(),
        "--group",
        "partner",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("price per handled call"), "{text}");
    assert!(!text.contains("per line per year"), "{text}");
    assert!(text.contains("charge per day"), "{text}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["intervals"].as_array().unwrap().len(), 4);
    assert_eq!(v["intervals"][0]["extra_agents"], 2.0);
    assert!(v["breakeven_prices"]["per_handled_call"]["ci95"].is_array());
    assert_eq!(v["current_prices"]["per_handled_call"], 3.0);
    assert_eq!(
        v["matched"],
        serde_json::json!(["service_level", "abandon_rate"])
    );
}
