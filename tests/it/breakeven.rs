//! `ccsim breakeven`: the search result is consistent with its own runs and
//! the prices with their definitions; the shipped outsourcing scenario runs.

use ccsim::money::breakeven::{self, Options};
use ccsim::scenario;

const DEAL: &str = r#"
name = "break-even test"
[simulation]
replications = 20
seed = 9
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 100
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 120
[lines]
count = 8
[[groups]]
name = "in-house"
agents = 4
cost_per_agent_hour = 30
[[groups]]
name = "partner"
agents = 3
outsourced = true
overflow_after_seconds = 10
[groups.contract]
per_line_per_year = 40000
operating_days_per_year = 250
"#;

#[test]
fn breakeven_prices_match_the_extra_in_house_cost() {
    let raw = scenario::parse(DEAL).unwrap();
    let o = Options {
        partner: "partner".into(),
        max_extra: 50,
        ..Options::default()
    };
    let r = breakeven::run(&raw, &o).unwrap();
    // Never fewer in-house agents than with the partner, and each interval
    // meets the service it had with the partner at the whole agents found.
    for i in &r.intervals {
        let x = &i.restaff;
        assert!(x.agents >= x.in_house_agents);
        assert!(x.interpolated_agents <= f64::from(x.agents));
        assert!(x.interpolated_agents >= f64::from(x.in_house_agents));
        assert!(
            x.service_level_without >= x.service_level_with,
            "{}",
            i.start
        );
    }
    // 4 one-hour intervals: agent-hours are the sum of the extra agents.
    let extra: f64 = r.intervals.iter().map(|i| i.restaff.extra_agents).sum();
    assert!(extra > 0.0);
    assert!((r.extra_agent_hours_per_day.mean - extra).abs() < 1e-9);
    assert!((r.extra_paid_hours_per_day.mean - extra).abs() < 1e-9);
    assert!((r.breakeven_charge_per_day.mean - extra * 30.0).abs() < 1e-9);
    // Only the contract's unit: a line fee of 3 lines over 250 days.
    let keys: Vec<&str> = r
        .breakeven_prices
        .0
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["per_line_per_year"]);
    assert_eq!(r.lines, Some(3));
    let per_line = r.breakeven_prices.get("per_line_per_year").unwrap();
    assert!((per_line.mean * 3.0 / 250.0 - extra * 30.0).abs() < 1e-6);
    assert_eq!(r.current_prices.get("per_line_per_year"), Some(&40000.0));
    assert_eq!(r.partner_charge_per_day.mean, 480.0);
    assert!((r.partner_saves_per_day - (extra * 30.0 - 480.0)).abs() < 1e-9);
    let text = breakeven::render(&r);
    assert!(text.contains("price per line per year"), "{text}");
    assert!(!text.contains("per handled call"), "{text}");
}

#[test]
fn breakeven_names_a_missing_group_or_wage() {
    let raw = scenario::parse(DEAL).unwrap();
    let o = Options {
        partner: "firm".into(),
        max_extra: 10,
        ..Options::default()
    };
    let e = breakeven::run(&raw, &o).unwrap_err().to_string();
    assert!(
        e.contains("no such group") && e.contains("in-house, partner"),
        "{e}"
    );
    let raw = scenario::parse(&DEAL.replace("cost_per_agent_hour = 30\n", "")).unwrap();
    let o = Options {
        partner: "partner".into(),
        max_extra: 10,
        ..Options::default()
    };
    let e = breakeven::run(&raw, &o).unwrap_err().to_string();
    assert!(e.contains("no cost_per_agent_hour"), "{e}");
}

#[test]
fn shipped_outsourcing_scenario_runs_and_prices_the_deal() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/outsourcing-tv-hotline.toml"
    );
    let mut sc = scenario::load(std::path::Path::new(path)).unwrap();
    sc.replications = 40; // 8 contract weeks: a quick check
    let (_, costs, _) = ccsim::money::simulate(&sc, &|| {});
    let c = costs.unwrap();
    assert_eq!((c.block_days, c.blocks, c.days_left_out), (5, 8, 0));
    let firm = c.groups.get("answering-firm").unwrap();
    // 10 lines at 60000 a year over 250 days.
    assert_eq!(firm.components.get("line_fee").unwrap().mean, 2400.0);
    let staff = c
        .groups
        .get("in-house")
        .unwrap()
        .components
        .get("staff")
        .unwrap()
        .mean;
    // 214 half-hour agent slots at 32 per hour.
    assert_eq!(staff, 214.0 / 2.0 * 32.0);
    let sla = c.groups.get("answering-firm").unwrap();
    let adj = sla.components.get("sla_penalty").unwrap().mean
        + sla.components.get("sla_bonus").unwrap().mean;
    assert!((c.total.mean - (staff + 2400.0 + adj)).abs() < 1e-6);
    assert_eq!(c.sla.len(), 1);
    assert_eq!(c.sla[0].periods, 8);
}

/// Regression check (not validation): the figures README.md and
/// docs/money.md quote for the shipped scenario are what the code prints.
/// If the model changes on purpose, rerun the commands in docs/money.md and
/// update the docs and these numbers together.
#[test]
fn figures_quoted_in_the_docs_are_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/outsourcing-tv-hotline.toml"
    );
    let sc = scenario::load(std::path::Path::new(path)).unwrap();
    let (_, costs, _) = ccsim::money::simulate(&sc, &|| {});
    let c = costs.unwrap();
    assert_eq!(format!("{:.2}", c.total.mean), "5851.83");
    assert_eq!(format!("{:.1}", 100.0 * c.sla[0].p_met.mean), "91.2");
}
