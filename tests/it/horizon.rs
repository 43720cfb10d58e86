//! Multi-day horizons: a week simulated as one continuous run reaches the
//! steady state of Erlang C and A; nights past midnight, day factors and
//! closed days give the calls they should; callers carry over a close.
//!
//! Every check compares with theory at confidence level 1 - 1e-4 across
//! replications (fixed seeds: deterministic, and able to fail).

use ccsim::analytic;
use ccsim::replicate;
use ccsim::report::RunReport;
use ccsim::scenario::{self, ValidScenario};
use ccsim::stats::{Metric, Summary};

use super::common::scenario_from;

/// Confidence level of every check (false-alarm rate 1e-4).
const LEVEL: f64 = 1.0 - 1e-4;

fn run(sc: &ValidScenario) -> (Summary, RunReport) {
    let (summary, work) = replicate::simulate(sc, &|| {});
    let report = RunReport::new(sc, &summary, work);
    (summary, report)
}

/// M/M/50 at rho 0.98 (588 calls an hour, 300 s), 24 hours a day for 7 days,
/// the first day as warm-up: the other six days are the steady state.
fn week(patience: &str, replications: u32) -> ValidScenario {
    scenario_from(&format!(
        r#"
name = "steady week"
[simulation]
replications = {replications}
seed = 7
warmup_minutes = 1440
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
days = 7
[arrivals]
calls_per_hour = 588
[handle_time]
distribution = "exponential"
mean_seconds = 300
{patience}
[[groups]]
name = "agents"
agents = 50
"#
    ))
}

fn assert_contains(summary: &Summary, metric: Metric, want: f64) {
    let e = summary.total.accumulator(metric).estimate_at(LEVEL);
    assert!(
        e.contains(want),
        "{}: formula {want}, simulated {} with {LEVEL} interval {:?}",
        metric.key(),
        e.mean,
        e.ci95
    );
}

#[test]
fn a_continuous_week_reaches_the_erlang_c_steady_state() {
    let sc = week("", 40);
    let f = analytic::erlang_c_figures(588.0 / 3600.0, 300.0, 50, 20.0).expect("stable");
    assert!((f.mean_wait_seconds - 251.5).abs() < 0.1, "{f:?}");
    let (summary, report) = run(&sc);
    assert_contains(&summary, Metric::MeanWaitSeconds, f.mean_wait_seconds);
    assert_contains(&summary, Metric::MeanQueueLength, f.mean_queue_length);
    assert_contains(&summary, Metric::ServiceLevel, f.service_level);
    // Days 2-7 are reported, one entry each, on weekdays tue..sun.
    let days: Vec<usize> = report.days.iter().map(|d| d.day).collect();
    assert_eq!(days, vec![2, 3, 4, 5, 6, 7]);
    assert_eq!(report.days[0].weekday, "tue");
    assert_eq!(report.intervals.len(), 6 * 24);
    assert_eq!(report.intervals[0].day, Some(2));
}

#[test]
fn a_continuous_week_reaches_the_erlang_a_steady_state() {
    let patience = "[patience]\ndistribution = \"exponential\"\nmean_seconds = 600\n";
    let sc = week(patience, 30);
    let f = analytic::erlang_a_figures(588.0 / 3600.0, 300.0, 600.0, 50, 20.0).expect("Erlang A");
    let (summary, _) = run(&sc);
    assert_contains(&summary, Metric::MeanWaitSeconds, f.mean_wait_seconds);
    assert_contains(&summary, Metric::MeanQueueLength, f.mean_queue_length);
    assert_contains(&summary, Metric::AbandonRate, f.abandon_rate);
}

#[test]
fn a_one_day_horizon_is_the_same_with_or_without_the_day_keys() {
    let path = super::common::repo_path("scenarios/hotline-weekday.toml");
    let text = std::fs::read_to_string(path).expect("shipped scenario");
    let plain = scenario::validate(&scenario::parse(&text).expect("parses")).expect("valid");
    let keyed = text.replacen("[horizon]", "[horizon]\ndays = 1\nfirst_day = \"wed\"", 1);
    let keyed = scenario::validate(&scenario::parse(&keyed).expect("parses")).expect("valid");
    let mut a = plain.clone();
    let mut b = keyed;
    a.replications = 20;
    b.replications = 20;
    let (_, ra) = run(&a);
    let (_, rb) = run(&b);
    let ja = serde_json::to_string(&ra).expect("json");
    let jb = serde_json::to_string(&rb).expect("json");
    assert_eq!(ja, jb);
    assert!(
        !ja.contains("\"days\""),
        "a one-day report has no days block"
    );
}

fn night(extra: &str) -> ValidScenario {
    scenario_from(&format!(
        r#"
name = "night"
[simulation]
replications = 200
seed = 11
[horizon]
start = "22:00"
end = "06:00"
interval_minutes = 60
days = 3
first_day = "fri"
[arrivals]
calls_per_hour = 40
{extra}
[handle_time]
distribution = "exponential"
mean_seconds = 240
[[groups]]
name = "night"
agents = 4
"#
    ))
}

#[test]
fn a_night_service_runs_past_midnight_every_night() {
    let sc = night("");
    assert_eq!(sc.horizon.intervals, 24);
    let (summary, report) = run(&sc);
    let starts: Vec<&str> = report.intervals[..8]
        .iter()
        .map(|i| i.start.as_str())
        .collect();
    assert_eq!(
        starts,
        ["22:00", "23:00", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00"]
    );
    assert_eq!(report.intervals[7].end, "06:00");
    let weekdays: Vec<&str> = report.days.iter().map(|d| d.weekday.as_str()).collect();
    assert_eq!(weekdays, ["fri", "sat", "sun"]);
    // Poisson arrivals: 40 an hour in every interval, 320 a night.
    for (i, acc) in summary.intervals.iter().enumerate() {
        let e = acc.accumulator(Metric::Offered).estimate_at(LEVEL);
        assert!(e.contains(40.0), "interval {i}: {e:?}");
    }
    for (d, acc) in summary.days.iter().enumerate() {
        let e = acc.accumulator(Metric::Offered).estimate_at(LEVEL);
        assert!(e.contains(320.0), "night {d}: {e:?}");
    }
    // Erlang C holds across midnight (the hours after 00:00 continue the
    // evening's queue): the steady state of M/M/4 at 2.67 Erlangs is reached
    // within minutes, so the pooled nights match it.
    let f = analytic::erlang_c_figures(40.0 / 3600.0, 240.0, 4, 20.0).expect("stable");
    let e = summary
        .total
        .accumulator(Metric::MeanWaitSeconds)
        .estimate_at(LEVEL);
    // The first minutes of each night start empty: the mean wait is at
    // most the steady state's, and close to it.
    assert!(e.ci95[0] < f.mean_wait_seconds, "{e:?} vs {f:?}");
    assert!(e.mean > 0.8 * f.mean_wait_seconds, "{e:?} vs {f:?}");
}

#[test]
fn day_factors_scale_each_days_calls() {
    let factors = [1.25, 1.1, 1.0, 1.0, 0.95, 0.6, 0.4];
    let sc = scenario_from(
        r#"
name = "factors"
[simulation]
replications = 100
seed = 5
[horizon]
start = "08:00"
end = "20:00"
interval_minutes = 60
days = 7
[arrivals]
calls_per_hour = 50
day_factors = [1.25, 1.1, 1.0, 1.0, 0.95, 0.6, 0.4]
[handle_time]
distribution = "exponential"
mean_seconds = 240
[[groups]]
name = "team"
agents = 6
"#,
    );
    let (summary, report) = run(&sc);
    assert_eq!(report.days.len(), 7);
    for (d, acc) in summary.days.iter().enumerate() {
        let want = 50.0 * 12.0 * factors[d];
        let e = acc.accumulator(Metric::Offered).estimate_at(LEVEL);
        assert!(e.contains(want), "day {d}: want {want}, got {e:?}");
    }
    let e = summary
        .total
        .accumulator(Metric::Offered)
        .estimate_at(LEVEL);
    assert!(e.contains(600.0 * factors.iter().sum::<f64>()), "{e:?}");
}

#[test]
fn closed_days_have_no_intervals_and_lists_of_lists_give_each_day() {
    let sc = scenario_from(
        r#"
name = "office week"
[simulation]
replications = 60
seed = 3
[horizon]
start = "09:00"
end = "11:00"
interval_minutes = 60
days = 7
first_day = "mon"
[horizon.closed]
days = ["sat", "sun"]
[arrivals]
calls_per_interval = [[10, 20], [30, 40], [10, 10], [10, 10], [5, 50]]
[handle_time]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "team"
agents = [[2, 2], [2, 2], [1, 1], [1, 1], [2, 3]]
"#,
    );
    assert_eq!(sc.horizon.intervals, 10);
    assert_eq!(sc.groups[0].agents, vec![2, 2, 2, 2, 1, 1, 1, 1, 2, 3]);
    let (summary, report) = run(&sc);
    let weekdays: Vec<&str> = report.days.iter().map(|d| d.weekday.as_str()).collect();
    assert_eq!(weekdays, ["mon", "tue", "wed", "thu", "fri"]);
    let want = [10.0, 20.0, 30.0, 40.0, 10.0, 10.0, 10.0, 10.0, 5.0, 50.0];
    for (k, acc) in summary.intervals.iter().enumerate() {
        let e = acc.accumulator(Metric::Offered).estimate_at(LEVEL);
        assert!(e.contains(want[k]), "interval {k}: {e:?}");
    }
    // Friday opens on day 5 of the calendar, 4 days after Monday.
    assert_eq!(sc.horizon.interval_start(8), 4.0 * 86_400.0);
}

#[test]
fn callers_due_to_retry_at_the_close_call_again_next_morning() {
    // Nobody is on the phones in the last hour: every caller then abandons
    // and retries 2 hours later on average, after the 12:00 close. On a
    // one-day horizon those callers are lost; on two days they call at the
    // next opening, so the second morning holds retrials.
    let text = |days: u32| {
        format!(
            r#"
name = "carry over"
[simulation]
replications = 100
seed = 9
[horizon]
start = "10:00"
end = "12:00"
interval_minutes = 60
days = {days}
[arrivals]
calls_per_hour = 20
[handle_time]
distribution = "exponential"
mean_seconds = 120
[patience]
distribution = "exponential"
mean_seconds = 60
[retrials]
after_abandon = 1.0
mean_delay_seconds = 7200
[[groups]]
name = "team"
agents = [5, 0]
"#
        )
    };
    let (one, _) = run(&scenario_from(&text(1)));
    let (two, _) = run(&scenario_from(&text(2)));
    let lost_one = one.intervals[1].get(Metric::CallersLost).mean;
    let lost_two = two.intervals[1].get(Metric::CallersLost).mean;
    assert!(lost_one > 15.0, "{lost_one}");
    // On two days the first day's evening callers reach day 2 at 10:00,
    // where 5 agents answer them: day 2's first hour has their retrials.
    let morning = two.intervals[2].get(Metric::Retrials);
    assert!(morning.ci95[0] > 10.0, "{morning:?}");
    assert!(lost_two < lost_one, "{lost_two} vs {lost_one}");
}

#[test]
fn bad_horizons_are_named() {
    let base = |horizon: &str, arrivals: &str| {
        format!(
            "name = \"x\"\n[horizon]\n{horizon}\n[arrivals]\n{arrivals}\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = 60\n[[groups]]\nname = \"a\"\nagents = 2\n"
        )
    };
    let problems = |text: &str| -> String {
        let raw = scenario::parse(text).expect("parses");
        match scenario::validate(&raw) {
            Ok(_) => panic!("should be invalid:\n{text}"),
            Err(p) => format!("{p:?}"),
        }
    };
    let p = problems(&base(
        "start = \"08:00\"\nend = \"10:00\"\ndays = 2\nfirst_day = \"funday\"",
        "calls_per_hour = 10",
    ));
    assert!(
        p.contains("horizon.first_day") && p.contains("funday"),
        "{p}"
    );
    let p = problems(&base(
        "start = \"08:00\"\nend = \"10:00\"\ndays = 3",
        "calls_per_hour = 10\nday_factors = [1, 2]",
    ));
    assert!(
        p.contains("arrivals.day_factors") && p.contains("3 day(s)"),
        "{p}"
    );
    let p = problems(&base(
        "start = \"08:00\"\nend = \"10:00\"\ninterval_minutes = 60\ndays = 2",
        "calls_per_hour = [[1, 2], [3]]",
    ));
    assert!(p.contains("arrivals.calls_per_hour[1]"), "{p}");
    let p = problems(&base(
        "start = \"08:00\"\nend = \"08:00\"",
        "calls_per_hour = 10",
    ));
    assert!(
        p.contains("horizon.end") && p.contains("equals start"),
        "{p}"
    );
    let p = problems(&base(
        "start = \"08:00\"\nend = \"10:00\"\ndays = 0",
        "calls_per_hour = 10",
    ));
    assert!(p.contains("horizon.days"), "{p}");
    let p = problems(&base(
        "start = \"08:00\"\nend = \"10:00\"\ndays = 2\nfirst_day = \"sat\"\n[horizon.closed]\ndays = [\"sat\", \"sun\"]",
        "calls_per_hour = 10",
    ));
    assert!(p.contains("horizon.closed.days"), "{p}");
}
