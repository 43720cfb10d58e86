//! Handle time through the day (`mean_seconds` and `cv` as lists) and
//! after-call work (`[wrap_up]`): each interval's talk time follows its own
//! mean, wrap-up keeps the agent busy but not the caller or the trunk line,
//! and the formulas see talk plus wrap-up as the service time. Checked
//! against theory at level 1 - 1e-4 across replications, fixed seeds.

use ccsim::analytic::erlang_b;
use ccsim::model::{CallCenter, CallRecord, Outcome};
use ccsim::replicate;
use ccsim::report::RunReport;
use ccsim::scenario::ValidScenario;
use ccsim::stats::Summary;

use super::common::{ccsim, scenario_from};

const LEVEL: f64 = 1.0 - 1e-4;

fn run(sc: &ValidScenario) -> (Summary, RunReport) {
    let (summary, work) = replicate::simulate(sc, &|| {});
    let report = RunReport::new(sc, &summary, work);
    (summary, report)
}

fn scenario(body: &str) -> String {
    format!(
        r#"
name = "handle profile"
[simulation]
replications = 40
seed = 5
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 60
{body}
"#
    )
}

/// z for a two-sided level 1 - 1e-4.
const Z: f64 = 3.89;

#[test]
fn each_interval_draws_its_own_mean_handle_time() {
    let means = [100.0, 200.0, 300.0, 400.0];
    let sc = scenario_from(&scenario(
        r#"
[arrivals]
calls_per_hour = 300
[handle_time]
distribution = "lognormal"
mean_seconds = [100, 200, 300, 400]
cv = [0.5, 0.5, 1.0, 1.0]
[[groups]]
name = "team"
agents = 200
"#,
    ));
    // The day's representative: the call-weighted mean (equal calls here).
    assert!((sc.types[0].handle_time.mean() - 250.0).abs() < 1e-9);
    assert_eq!(sc.types[0].handle_by_interval.len(), 4);
    for (k, m) in means.iter().enumerate() {
        assert!((sc.offered_load(k) - 300.0 / 3600.0 * m).abs() < 1e-9);
    }
    let (mut sum, mut sq, mut n) = ([0.0; 4], [0.0; 4], [0.0; 4]);
    for rep in 0..40 {
        let mut model = CallCenter::new(&sc);
        let mut tally = model.new_tally();
        model.run_observed(rep, &mut tally, &mut |r: &CallRecord| {
            if let Outcome::Answered { handle, .. } = r.outcome {
                let k = r.interval as usize;
                sum[k] += handle;
                sq[k] += handle * handle;
                n[k] += 1.0;
            }
        });
    }
    for k in 0..4 {
        let mean = sum[k] / n[k];
        let sd = (sq[k] / n[k] - mean * mean).sqrt();
        let half = Z * sd / n[k].sqrt();
        assert!(
            (mean - means[k]).abs() <= half,
            "interval {k}: mean handle {mean:.1} s against {} ± {half:.1}",
            means[k]
        );
        let cv = sd / mean;
        let want = if k < 2 { 0.5 } else { 1.0 };
        assert!((cv - want).abs() < 0.15, "interval {k}: cv {cv:.3}");
    }
}

#[test]
fn a_scenario_with_one_mean_is_unchanged_by_the_profile_code() {
    // A list of equal values draws exactly what one number draws: same
    // stream, same sampler parameters.
    let one = scenario_from(&scenario(
        "[arrivals]\ncalls_per_hour = 300\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = 240\n[patience]\ndistribution = \"exponential\"\nmean_seconds = 100\n[[groups]]\nname = \"team\"\nagents = 20\n",
    ));
    let list = scenario_from(&scenario(
        "[arrivals]\ncalls_per_hour = 300\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = [240, 240, 240, 240]\n[patience]\ndistribution = \"exponential\"\nmean_seconds = 100\n[[groups]]\nname = \"team\"\nagents = 20\n",
    ));
    let (_, a) = run(&one);
    let (_, b) = run(&list);
    assert_eq!(
        serde_json::to_string(&a.total).unwrap(),
        serde_json::to_string(&b.total).unwrap()
    );
}

/// M/G/c with service = talk + wrap-up: occupancy is load over agents, for
/// any distribution; the formulas' load counts the wrap-up.
#[test]
fn wrap_up_raises_occupancy_by_wrap_over_talk() {
    let text = |wrap: &str| {
        format!(
            r#"
name = "wrap-up"
[simulation]
replications = 60
seed = 9
warmup_minutes = 120
[horizon]
start = "00:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 240
[handle_time]
distribution = "exponential"
mean_seconds = 200
{wrap}
[[groups]]
name = "team"
agents = 20
"#
        )
    };
    let plain = scenario_from(&text(""));
    let wrapped = scenario_from(&text(
        "[wrap_up]\ndistribution = \"deterministic\"\nmean_seconds = 60\n",
    ));
    let rate = 240.0 / 3600.0;
    assert!((plain.offered_load(3) - rate * 200.0).abs() < 1e-9);
    assert!((wrapped.offered_load(3) - rate * 260.0).abs() < 1e-9);
    let (s0, r0) = run(&plain);
    let (s1, r1) = run(&wrapped);
    let occ0 = s0.total.occupancy_accumulator(0).estimate_at(LEVEL);
    let occ1 = s1.total.occupancy_accumulator(0).estimate_at(LEVEL);
    assert!(occ0.contains(rate * 200.0 / 20.0), "{occ0:?}");
    assert!(occ1.contains(rate * 260.0 / 20.0), "{occ1:?}");
    // By exactly wrap over talk: 260 / 200 (within the two intervals).
    let ratio = occ1.mean / occ0.mean;
    assert!((ratio - 1.3).abs() < 0.03, "ratio {ratio}");
    // The caller is gone after the talk: wrap-up adds waiting for others
    // (fewer free agents), never to a call's own time; calls answered are
    // the same population (no abandonment), service is worse.
    assert!(r1.total.service_level.mean < r0.total.service_level.mean);
}

/// The caller hangs up at the end of the talk and frees the trunk line
/// while the agent does the wrap-up: with agents to spare, lines see only
/// talk time and blocking is Erlang B on the talk time alone.
#[test]
fn wrap_up_does_not_hold_the_trunk_line() {
    let sc = scenario_from(
        r#"
name = "lines"
[simulation]
replications = 80
seed = 3
warmup_minutes = 120
[horizon]
start = "00:00"
end = "12:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 120
[handle_time]
distribution = "exponential"
mean_seconds = 120
[wrap_up]
distribution = "exponential"
mean_seconds = 600
[lines]
count = 5
[[groups]]
name = "team"
agents = 200
"#,
    );
    let (summary, _) = run(&sc);
    let talk_only = erlang_b(120.0 / 3600.0 * 120.0, 5).unwrap();
    let held = erlang_b(120.0 / 3600.0 * 720.0, 5).unwrap();
    let e = summary
        .total
        .accumulator(ccsim::stats::Metric::BlockRate)
        .estimate_at(LEVEL);
    assert!(
        e.contains(talk_only),
        "{e:?} against Erlang B {talk_only} (line held through wrap-up: {held})"
    );
}

#[test]
fn lists_are_refused_where_they_mean_nothing() {
    let bad = |body: &str, key: &str, words: &str| {
        let dir = std::env::temp_dir().join(format!(
            "ccsim-hp-{}-{}",
            std::process::id(),
            key.replace('.', "-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("s.toml");
        std::fs::write(&f, scenario(body)).unwrap();
        let out = ccsim(&["check", f.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(key) && err.contains(words), "{key}: {err}");
    };
    let team = "[[groups]]\nname = \"team\"\nagents = 5\n";
    bad(
        &format!("[arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = [100, 200, 300]\n{team}"),
        "handle_time.mean_seconds",
        "has 3 values but the horizon has 4 intervals",
    );
    bad(
        &format!("[arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = 100\n[patience]\ndistribution = \"exponential\"\nmean_seconds = [100, 200, 300, 400]\n{team}"),
        "patience.mean_seconds",
        "only [handle_time] and [wrap_up]",
    );
    bad(
        &format!("[arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = \"uniform\"\nmin_seconds = 10\nmax_seconds = 100\ncv = [1, 1, 1, 1]\n{team}"),
        "handle_time.distribution",
        "takes no list",
    );
    bad(
        &format!("[arrivals]\ncalls_per_hour = 60\n[handle_time]\ndistribution = \"exponential\"\nmean_seconds = [100, -5, 300, 400]\n{team}"),
        "handle_time.mean_seconds[1]",
        "-5",
    );
}

#[test]
fn call_types_take_their_own_profile_and_inherit_the_wrap_up() {
    let sc = scenario_from(&scenario(
        r#"
[handle_time]
distribution = "exponential"
mean_seconds = 180
[wrap_up]
distribution = "deterministic"
mean_seconds = 30
[[call_types]]
name = "a"
calls_per_hour = [60, 60, 120, 120]
[call_types.handle_time]
distribution = "gamma"
mean_seconds = [100, 100, 400, 400]
cv = 0.8
[[call_types]]
name = "b"
calls_per_hour = 30
[[groups]]
name = "team"
agents = 30
"#,
    ));
    let (a, b) = (&sc.types[0], &sc.types[1]);
    // Call-weighted: (60·100·2 + 120·400·2) / 360 = 300.
    assert!(
        (a.handle_time.mean() - 300.0).abs() < 1e-9,
        "{:?}",
        a.handle_time
    );
    assert!((a.service_mean_at(0) - 130.0).abs() < 1e-9);
    assert!((a.service_mean_at(3) - 430.0).abs() < 1e-9);
    assert!((b.service_mean_at(2) - 210.0).abs() < 1e-9);
    assert!(b.handle_by_interval.is_empty());
    assert!(b.wrap_up.is_some());
    let (_, r) = run(&sc);
    assert!(r.total.answered.mean > 0.0);
}
