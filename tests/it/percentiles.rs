//! Wait percentiles are not capped: the 90th-percentile wait of a center
//! far over its capacity is reported near its true value, however long.
//! (It used to stop at the histogram's last edge, 14,400 s, with a
//! zero-width interval.)

use ccsim::report::RunReport;
use ccsim::simulation;

use super::common::scenario_from;

/// Four hours at 500% load (150 Erlangs on 30 agents), nobody hangs up, the
/// center drains after the close. Fluid limit: the call arriving at `t`
/// seconds after the opening is answered once 5·t seconds' worth of
/// capacity has served everyone before it, so it waits 4·t; waits are
/// uniform on (0, 4·14,400 s): mean 28,800 s, 90th percentile 51,840 s.
const OVERLOADED: &str = r#"
name = "five times over"
[simulation]
replications = 10
seed = 16
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = 1800
[handle_time]
distribution = "exponential"
mean_seconds = 300
[patience]
distribution = "none"
[[groups]]
name = "agents"
agents = 30
"#;

fn report() -> RunReport {
    let sc = scenario_from(OVERLOADED);
    RunReport::from_simulated(&sc, &simulation::simulate(&sc, &|| {}, |_, _, _| {}))
}

#[test]
fn p90_of_an_overloaded_center_is_its_true_value_not_a_cap() {
    let r = report();
    let p90 = r.total.wait_p90_seconds;
    let mean = r.total.mean_wait_seconds;
    // The fluid limit's 51,840 s, within twice the 95% half-width plus 2%
    // for the fluid limit's own error (the first calls find agents free, so
    // simulated waits run about 1% shorter).
    let near = |e: ccsim::stats::Estimate, want: f64| {
        (e.mean - want).abs() <= 2.0 * e.half_width() + 0.02 * want
    };
    assert!(near(p90, 51_840.0), "p90 {p90:?}, expected about 51,840 s");
    // Each hour k (0..4): waits uniform on 4·3,600·(k, k + 1), so its 90th
    // percentile is 14,400·(k + 0.9) s: 12,960 s to 56,160 s.
    for (k, i) in r.intervals.iter().enumerate() {
        let want = 14_400.0 * (k as f64 + 0.9);
        let got = i.figures.wait_p90_seconds;
        assert!(
            near(got, want),
            "{}: p90 {got:?}, expected about {want}",
            i.start
        );
    }
    // The same replications' mean wait: waits uniform on (0, 4T) have
    // p90 / mean = 1.8.
    assert!(near(mean, 28_800.0), "mean wait {mean:?}");
    let ratio = p90.mean / mean.mean;
    assert!((ratio - 1.8).abs() < 0.05, "p90 / mean = {ratio}");
    // A real interval, not the zero width of a cap.
    assert!(p90.half_width() > 0.0, "{p90:?}");
    // Nothing was capped, so nothing is marked or warned about.
    assert_eq!(r.wait_p90_capped, 0);
    assert!(
        !r.warnings.iter().any(|w| w.contains("lower bound")),
        "{:?}",
        r.warnings
    );
    let json = serde_json::to_value(&r).unwrap();
    assert!(json.get("wait_p90_capped").is_none());
}

#[test]
fn a_p90_beyond_the_histogram_top_is_marked_and_warned_about() {
    use ccsim::stats::histogram::TOP;
    use ccsim::stats::tally::Tally;
    use ccsim::stats::Summary;
    let sc = scenario_from(OVERLOADED);
    let mut summary = Summary::new(&sc);
    let mut tally = Tally::new(sc.types.len(), sc.horizon.intervals, sc.groups.len());
    // One replication whose answered calls all waited longer than the
    // histogram resolves (no simulation gets there: TOP is ~8e15 years).
    tally.calls_mut(0, 0).answered = 10.0;
    for _ in 0..10 {
        tally.waits.add(0, 1e300);
    }
    summary.add(&tally);
    let r = RunReport::new(&sc, &summary, ccsim::model::Work::default());
    assert_eq!(r.total.wait_p90_seconds.mean, TOP);
    assert!(r.wait_p90_capped >= 1, "{}", r.wait_p90_capped);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("wait_p90_seconds is a lower bound")),
        "{:?}",
        r.warnings
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["wait_p90_capped"], r.wait_p90_capped);
}
