//! Absenteeism of agents on `[[groups.shifts]]`: each agent of each shift
//! is absent for the day with the group's `absenteeism`, independently, on
//! a stream of its own (common random numbers between schedules), and
//! `ccsim schedule` plans for it and simulates it in its check.

use ccsim::commands::run::simulate_report;
use ccsim::model::CallCenter;

use super::common::{ccsim, scenario_from, without_shifts};

/// A quiet week of one-hour days: `group` staffs it.
fn week(group: &str) -> String {
    format!(
        r#"
name = "absence"
[simulation]
replications = 10
seed = 23
[horizon]
start = "08:00"
end = "09:00"
interval_minutes = 60
days = 7
[arrivals]
calls_per_hour = 5
[handle_time]
distribution = "deterministic"
mean_seconds = 60
[patience]
distribution = "none"
{group}
"#
    )
}

/// Agents on shift in each interval of each replication: agent-seconds on
/// shift over the interval's length (an hour).
fn present_per_day(text: &str, reps: u64) -> Vec<Vec<f64>> {
    let sc = scenario_from(text);
    let mut cc = CallCenter::new(&sc);
    let mut t = cc.new_tally();
    (0..reps)
        .map(|rep| {
            cc.run(rep, &mut t);
            (0..t.intervals)
                .map(|k| t.shifts[k * t.groups].on_shift_time / 3600.0)
                .collect()
        })
        .collect()
}

#[test]
fn ten_percent_of_fifty_leaves_45_present_binomially_from_day_to_day() {
    let text = week(
        "[[groups]]\nname = \"team\"\nabsenteeism = 0.1\n[[groups.shifts]]\nstart = \"08:00\"\nlength = \"01:00\"\ncount = 50",
    );
    let reps = 300;
    let days = present_per_day(&text, reps);
    let all: Vec<f64> = days.iter().flatten().copied().collect();
    let n = all.len() as f64;
    assert_eq!(all.len(), 2100);
    // Whole agents, present all day or not at all (up to the rounding of
    // the time sums).
    let all: Vec<f64> = all
        .iter()
        .map(|x| {
            assert!(
                (x - x.round()).abs() < 1e-6 && (0.0..=50.0).contains(&x.round()),
                "{x}"
            );
            x.round()
        })
        .collect();
    // Binomial(50, 0.9): mean 45, variance 4.5.
    let (p, m) = (0.9, 50.0);
    let var = m * p * (1.0 - p);
    let mean = all.iter().sum::<f64>() / n;
    let se = (var / n).sqrt();
    assert!(
        (mean - 45.0).abs() < 4.0 * se,
        "mean present {mean}, expected 45 +- {}",
        4.0 * se
    );
    // The spread from day to day is the binomial one: sample variance
    // within 4 standard errors (kurtosis of the binomial included).
    let s2 = all.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let excess = (1.0 - 6.0 * p * (1.0 - p)) / var;
    let se_var = var * (2.0 / (n - 1.0) + excess / n).sqrt();
    assert!(
        (s2 - var).abs() < 4.0 * se_var,
        "variance {s2}, expected {var} +- {}",
        4.0 * se_var
    );
    // Days are drawn independently: consecutive days are uncorrelated.
    let pairs: Vec<(f64, f64)> = days
        .iter()
        .flat_map(|d| d.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let cov = pairs
        .iter()
        .map(|(a, b)| (a - mean) * (b - mean))
        .sum::<f64>()
        / pairs.len() as f64;
    let r = cov / s2;
    assert!(
        r.abs() < 4.0 / (pairs.len() as f64).sqrt(),
        "day-to-day correlation {r}"
    );
    // The interval-count path with the same absenteeism agrees in mean.
    let counts = scenario_from(&week(
        "[[groups]]\nname = \"team\"\nabsenteeism = 0.1\nagents = 50",
    ));
    let mut cc = CallCenter::new(&counts);
    let mut t = cc.new_tally();
    let mut sum = 0.0;
    for rep in 0..reps {
        cc.run(rep, &mut t);
        sum += (0..t.intervals)
            .map(|k| t.group_counts[k * t.groups].staffed_time / 3600.0)
            .sum::<f64>();
    }
    let count_mean = sum / n;
    assert!(
        (count_mean - mean).abs() < 4.0 * se * 2f64.sqrt(),
        "shifts {mean} against counts {count_mean}"
    );
}

#[test]
fn changing_other_shifts_never_changes_who_of_a_shift_is_absent() {
    let shift = |start: &str, length: &str, count: u32| {
        format!("[[groups.shifts]]\nstart = \"{start}\"\nlength = \"{length}\"\ncount = {count}\n")
    };
    // A two-hour day: the 08:00 shift alone is on in the first interval.
    let day = |shifts: String| {
        week(&format!(
            "[[groups]]\nname = \"team\"\nabsenteeism = 0.3\n{shifts}"
        ))
        .replace("end = \"09:00\"", "end = \"10:00\"")
        .replace("days = 7", "days = 2")
    };
    let first = |text: &str| -> Vec<f64> {
        present_per_day(text, 40)
            .iter()
            .map(|d| (d[0] + d[2]).round())
            .collect()
    };
    let base = first(&day(
        shift("08:00", "01:00", 20) + &shift("09:00", "01:00", 5)
    ));
    let more_later = first(&day(
        shift("08:00", "01:00", 20) + &shift("09:00", "01:00", 9)
    ));
    let inserted = first(&day(shift("09:00", "00:30", 4)
        + &shift("08:00", "01:00", 20)
        + &shift("09:00", "01:00", 5)));
    assert_eq!(base, more_later);
    assert_eq!(base, inserted);
    assert!(
        base.iter().any(|x| *x < 40.0),
        "someone is absent: {base:?}"
    );
    // More agents on the shift: those already there keep their draws, so
    // never fewer are present.
    let bigger = first(&day(
        shift("08:00", "01:00", 26) + &shift("09:00", "01:00", 5)
    ));
    for (a, b) in base.iter().zip(&bigger) {
        assert!(b >= a, "{b} present of 26 per day against {a} of 20");
    }
    assert_ne!(base, bigger);
}

#[test]
fn absenteeism_zero_keeps_the_figures_bit_for_bit() {
    let shifts = "[[groups.shifts]]\nstart = \"08:00\"\nlength = \"01:00\"\ncount = 3";
    let plain = scenario_from(&week(&format!("[[groups]]\nname = \"team\"\n{shifts}")));
    let zero = scenario_from(&week(&format!(
        "[[groups]]\nname = \"team\"\nabsenteeism = 0.0\n{shifts}"
    )));
    let counts = scenario_from(&week("[[groups]]\nname = \"team\"\nagents = 3"));
    let json = |sc| serde_json::to_string(&simulate_report(sc, Some(2)).unwrap()).unwrap();
    let a = json(&plain);
    assert_eq!(a, json(&zero));
    // Every figure of the counts, bit for bit (the shifts add their block).
    let value = |sc| serde_json::to_value(simulate_report(sc, Some(2)).unwrap()).unwrap();
    assert_eq!(
        without_shifts(value(&plain)).to_string(),
        value(&counts).to_string()
    );
    // And with absence, fewer agents are on the phones.
    let absent = scenario_from(&week(&format!(
        "[[groups]]\nname = \"team\"\nabsenteeism = 0.5\n{shifts}"
    )));
    assert_ne!(a, json(&absent));
}

const SCENARIO: &str = r#"
name = "check"
[simulation]
replications = 30
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = 60
[handle_time]
distribution = "exponential"
mean_seconds = 240
[patience]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "team"
agents = 9
absenteeism = 0.2
"#;

#[test]
fn schedule_plans_for_the_groups_absenteeism_and_its_check_simulates_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let arg = |n: &str| p(n).to_str().unwrap().to_string();
    std::fs::write(p("s.toml"), SCENARIO).unwrap();
    std::fs::write(
        p("rules.toml"),
        "lengths = [\"04:00\"]\nstart_every = \"01:00\"\ntime_limit_seconds = 5\n",
    )
    .unwrap();
    std::fs::write(
        p("rules20.toml"),
        "lengths = [\"04:00\"]\nstart_every = \"01:00\"\ntime_limit_seconds = 5\nabsenteeism = 0.2\n",
    )
    .unwrap();
    std::fs::write(
        p("req.csv"),
        "interval,required\n08:00,8\n09:00,8\n10:00,8\n11:00,8\n",
    )
    .unwrap();
    let run = |rules: &str, out: &str, extra: &[&str]| -> serde_json::Value {
        let mut a = vec![
            "schedule".to_string(),
            arg("req.csv"),
            "--rules".into(),
            arg(rules),
            "--json".into(),
            arg(out),
            "--max-rounds".into(),
            "1".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = ccsim(&a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_str(&std::fs::read_to_string(p(out)).unwrap()).unwrap()
    };
    let scen = arg("s.toml");
    // No `absenteeism` in the rules: the group's 20% is planned for,
    // exactly as if the rules said so: 8 / 0.8 = 10 agents.
    let from_group = run("rules.toml", "a.json", &["--scenario", &scen]);
    let given = run("rules20.toml", "b.json", &[]);
    let without = run("rules.toml", "c.json", &[]);
    assert_eq!(given["shifts"][0]["counts"], serde_json::json!([10]));
    assert_eq!(without["shifts"][0]["counts"], serde_json::json!([8]));
    assert_eq!(from_group["shifts"], given["shifts"]);
    // The check simulates the absence: about 8 of the 10 are on shift.
    let intervals = from_group["check"]["intervals"].as_array().unwrap();
    let on: f64 = intervals
        .iter()
        .map(|i| i["on_shift"].as_f64().unwrap())
        .sum::<f64>()
        / intervals.len() as f64;
    // 30 replications of Binomial(10, 0.8): mean 8, standard error 0.23.
    assert!(
        (on - 8.0).abs() < 4.0 * (1.6f64 / 30.0).sqrt(),
        "on shift {on}"
    );
}
