//! `ccsim erlang --scenario` plans in paid units: per interval the Erlang C
//! requirement (service level, `max_occupancy`, the groups' `min_agents`),
//! then the heads to schedule at the group's shrinkage and absenteeism,
//! paid hours, FTE and cost, per day and for the horizon — checked against a
//! hand computation with an Erlang C written out here.

use serde_json::Value;

use super::common::ccsim;

/// Erlang C probability of waiting with `n` agents and `a` Erlangs (Erlang
/// B by its recursion, then C = B / (1 - rho (1 - B))).
fn erlang_c(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    let rho = a / f64::from(n);
    b / (1.0 - rho * (1.0 - b))
}

/// Fewest agents with SL(20 s) >= 80%, occupancy <= `max_occ`, and >= `min`.
fn required(calls_per_hour: f64, aht: f64, max_occ: f64, min: u32) -> u32 {
    let a = calls_per_hour * aht / 3600.0;
    let mut n = (a.floor() as u32 + 1).max(min);
    loop {
        let sl = 1.0 - erlang_c(n, a) * (-(f64::from(n) - a) * 20.0 / aht).exp();
        if sl >= 0.8 && a / f64::from(n) <= max_occ {
            return n;
        }
        n += 1;
    }
}

const SCENARIO: &str = r#"
name = "erlang plan"
[horizon]
start = "08:00"
end = "11:00"
interval_minutes = 60
days = 2
first_day = "fri"
[service_level]
threshold_seconds = 20
target = 0.8
max_occupancy = 0.7
[arrivals]
calls_per_hour = [100, 200, 150]
[handle_time]
distribution = "exponential"
mean_seconds = 180
[[groups]]
name = "team"
agents = 12
shrinkage = 0.3
absenteeism = 0.1
cost_per_agent_hour = 20
min_agents = [9, 0, 0]
"#;

#[test]
fn the_plan_is_erlang_c_then_heads_paid_hours_fte_and_cost() {
    let dir = std::env::temp_dir().join(format!("ccsim-erlang-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.toml");
    std::fs::write(&path, SCENARIO).unwrap();
    let out = ccsim(&[
        "erlang",
        "c",
        "--scenario",
        path.to_str().unwrap(),
        "--json",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = [100.0, 200.0, 150.0];
    let mins = [9, 0, 0];
    let mut day_paid = 0.0;
    let rows = j["intervals"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for (k, r) in rows.iter().enumerate() {
        let need = required(calls[k % 3], 180.0, 0.7, mins[k % 3]);
        assert_eq!(r["agents_required"], need, "interval {k}");
        let heads = (f64::from(need) / (0.7 * 0.9)).ceil();
        assert_eq!(r["scheduled"].as_f64().unwrap(), heads, "interval {k}");
        assert_eq!(r["paid_hours"].as_f64().unwrap(), heads);
        assert!((r["fte"].as_f64().unwrap() - heads / 8.0).abs() < 1e-12);
        assert!((r["cost"].as_f64().unwrap() - heads * 20.0).abs() < 1e-9);
        assert_eq!(r["day"], 1 + k / 3);
        assert_eq!(r["weekday"], if k < 3 { "fri" } else { "sat" });
        if k < 3 {
            day_paid += heads;
        }
    }
    // The occupancy cap binds at 200 calls/h (10 Erlangs: 15 agents, where
    // the service level alone needs fewer), the minimum at 08:00.
    assert_eq!(rows[1]["agents_required"], 15);
    assert!(required(200.0, 180.0, 1.0, 0) < 15);
    assert_eq!(rows[0]["agents_required"], 9);
    assert!(required(100.0, 180.0, 0.7, 0) < 9);
    let plan = &j["plan"];
    assert_eq!(plan["group"], "team");
    assert_eq!(plan["shrinkage"], 0.3);
    assert_eq!(plan["absenteeism"], 0.1);
    for d in plan["days"].as_array().unwrap() {
        assert_eq!(d["paid_hours"].as_f64().unwrap(), day_paid);
        assert!((d["fte"].as_f64().unwrap() - day_paid / 8.0).abs() < 1e-12);
        assert!((d["cost"].as_f64().unwrap() - day_paid * 20.0).abs() < 1e-9);
    }
    // Two open days (under a week): FTE over 8 h x 2 days.
    let t = &plan["total"];
    assert_eq!(t["paid_hours"].as_f64().unwrap(), 2.0 * day_paid);
    assert!((t["fte"].as_f64().unwrap() - 2.0 * day_paid / 16.0).abs() < 1e-12);
    assert!((t["cost"].as_f64().unwrap() - 2.0 * day_paid * 20.0).abs() < 1e-9);
    assert!((t["scheduled"].as_f64().unwrap() - 2.0 * day_paid / 6.0).abs() < 1e-12);
    // The table says it too.
    let table = ccsim(&["erlang", "c", "--scenario", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("Plan for team"), "{text}");
    assert!(
        text.contains(&format!("{:.1} paid hours", 2.0 * day_paid)),
        "{text}"
    );
}
