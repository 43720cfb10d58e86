//! Properties that hold on every scenario, checked on random valid ones:
//! calls in = calls out, every answered call is handled by one group, waits
//! are never negative, occupancy never exceeds 1, and Little's law holds
//! exactly on the sample path (the integral of the queue length over the
//! whole run equals the sum of all waits, because the center starts and
//! ends empty).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use ccsim::model::{CallCenter, CallRecord, Outcome};

fn dist(patience: bool) -> impl Strategy<Value = String> {
    let mut options = vec![
        (30.0..600.0f64)
            .prop_map(|m| format!("distribution = \"exponential\"\nmean_seconds = {m}"))
            .boxed(),
        (30.0..600.0f64, 0.2..2.5f64)
            .prop_map(|(m, cv)| {
                format!("distribution = \"lognormal\"\nmean_seconds = {m}\ncv = {cv}")
            })
            .boxed(),
        (30.0..600.0f64, 0.2..2.0f64)
            .prop_map(|(m, cv)| format!("distribution = \"gamma\"\nmean_seconds = {m}\ncv = {cv}"))
            .boxed(),
        (1.0..400.0f64)
            .prop_map(|m| format!("distribution = \"deterministic\"\nmean_seconds = {m}"))
            .boxed(),
        (0.0..100.0f64, 1.0..300.0f64)
            .prop_map(|(a, w)| {
                format!(
                    "distribution = \"uniform\"\nmin_seconds = {a}\nmax_seconds = {}",
                    a + w
                )
            })
            .boxed(),
        prop::collection::vec(0.0..500.0f64, 1..6)
            .prop_map(|v| {
                format!("distribution = \"empirical\"\nvalues_seconds = {v:?}\n")
                    .replace("values_seconds = [", "values_seconds = [1.0, ")
            })
            .boxed(),
    ];
    if patience {
        options.push(Just("distribution = \"none\"".to_string()).boxed());
    }
    prop::strategy::Union::new(options)
}

fn group(i: usize, intervals: usize) -> impl Strategy<Value = String> {
    let agents = prop::collection::vec(0u32..12, intervals);
    let route = prop_oneof![
        Just(String::new()),
        (0.0..60.0f64).prop_map(|d| format!("overflow_after_seconds = {d}")),
        (0.05..0.4f64).prop_map(|s| format!("share = {s}")),
        Just("hours = [\"09:00-10:00\"]".to_string()),
    ];
    (agents, route, 0.5..1.5f64, any::<bool>()).prop_map(move |(agents, route, factor, outsourced)| {
        let agents: Vec<u32> = agents.iter().map(|a| a + 1).collect();
        let route = if i == 0 { String::new() } else { route };
        format!(
            "[[groups]]\nname = \"g{i}\"\nagents = {agents:?}\nhandle_time_factor = {factor}\noutsourced = {outsourced}\n{route}\n"
        )
    })
}

fn scenario_text() -> impl Strategy<Value = String> {
    (1usize..5, prop_oneof![Just(15u32), Just(30), Just(60)]).prop_flat_map(|(intervals, minutes)| {
        let rates = prop::collection::vec(0.0..500.0f64, intervals);
        let groups = (1usize..4).prop_flat_map(move |n| {
            (0..n).map(|i| group(i, intervals)).collect::<Vec<_>>()
        });
        let lines = prop_oneof![Just(String::new()), (1u32..40).prop_map(|c| format!("[lines]\ncount = {c}\n"))];
        let retrials = (0.0..1.0f64, 0.0..1.0f64, 10.0..900.0f64).prop_map(|(a, b, d)| {
            format!("[retrials]\nafter_abandon = {a}\nafter_busy = {b}\nmean_delay_seconds = {d}\n")
        });
        (rates, dist(false), dist(true), groups, lines, retrials, 0.0..0.3f64).prop_map(
            move |(rates, handle, patience, groups, lines, retrials, cv)| {
                let end = 8 * 60 + intervals as u32 * minutes;
                format!(
                    "name = \"random\"\n[horizon]\nstart = \"08:00\"\nend = \"{:02}:{:02}\"\ninterval_minutes = {minutes}\n[arrivals]\ncalls_per_hour = {rates:?}\nforecast_cv = {cv}\n[handle_time]\n{handle}\n[patience]\n{patience}\n{lines}{retrials}{}",
                    end / 60,
                    end % 60,
                    groups.join("\n")
                )
            },
        )
    })
}

#[test]
fn calls_in_equal_calls_out_and_littles_law_holds_exactly() {
    let config = Config {
        cases: 120,
        ..Config::default()
    };
    let valid = std::cell::Cell::new(0u32);
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    runner
        .run(&scenario_text(), |text| {
            let raw = ccsim::scenario::parse(&text)
                .map_err(|p| TestCaseError::fail(format!("{p}\n{text}")))?;
            let sc = match ccsim::scenario::validate(&raw) {
                Ok(sc) => sc,
                // Random scenarios may be invalid (e.g. all calls shared away); skip those.
                Err(_) => return Ok(()),
            };
            valid.set(valid.get() + 1);
            let mut model = CallCenter::new(&sc);
            let mut tally = model.new_tally();
            for rep in 0..3 {
                let mut waits = 0.0;
                let mut handled = vec![0.0; sc.groups.len()];
                let mut negative = false;
                model.run_observed(rep, &mut tally, &mut |r: &CallRecord| {
                    negative |= r.wait < 0.0;
                    if r.outcome != Outcome::Blocked {
                        waits += r.wait;
                    }
                    if let Outcome::Answered { group, handle } = r.outcome {
                        handled[group as usize] += handle;
                        negative |= handle < 0.0;
                    }
                });
                prop_assert!(!negative, "negative wait or handle time\n{text}");
                let mut answered = vec![0.0; tally.intervals];
                let mut wait_all = 0.0;
                for ty in 0..tally.types {
                    for (k, answered_k) in answered.iter_mut().enumerate() {
                        let c = tally.calls[ty * tally.intervals + k];
                        prop_assert_eq!(
                            c.offered,
                            c.answered + c.abandoned + c.blocked,
                            "flow\n{}",
                            text
                        );
                        prop_assert_eq!(c.offered, c.callers + c.retrials);
                        prop_assert!(
                            c.answered_within <= c.answered && c.abandoned_short <= c.abandoned
                        );
                        *answered_k += c.answered;
                        wait_all += c.wait_all;
                    }
                }
                for (k, a) in answered.iter().enumerate() {
                    let by_groups: f64 = (0..tally.groups)
                        .map(|g| tally.group_counts[k * tally.groups + g].handled)
                        .sum();
                    prop_assert_eq!(*a, by_groups);
                    for g in 0..tally.groups {
                        let gc = tally.group_counts[k * tally.groups + g];
                        prop_assert!(gc.busy_time <= gc.staffed_time * (1.0 + 1e-12) + 1e-9);
                    }
                }
                let lost: f64 = tally.calls.iter().map(|c| c.callers_lost).sum();
                let callers: f64 = tally.calls.iter().map(|c| c.callers).sum();
                prop_assert!(lost <= callers);
                let area: f64 = tally.queue_area.iter().sum::<f64>() + tally.drain_queue_area;
                prop_assert!(
                    (area - waits).abs() <= 1e-7 * waits.max(1.0),
                    "Little: area {} vs waits {}\n{}",
                    area,
                    waits,
                    text
                );
                prop_assert!((wait_all - waits).abs() <= 1e-7 * waits.max(1.0));
                for (g, h) in handled.iter().enumerate() {
                    let busy: f64 = (0..tally.intervals)
                        .map(|k| tally.group_counts[k * tally.groups + g].busy_time)
                        .sum::<f64>()
                        + tally.drain_busy_time[g];
                    prop_assert!(
                        (busy - h).abs() <= 1e-7 * h.max(1.0),
                        "busy {} vs handled {}\n{}",
                        busy,
                        h,
                        text
                    );
                }
            }
            Ok(())
        })
        .expect("properties hold");
    assert!(
        valid.get() >= 60,
        "only {} of 120 random scenarios were valid",
        valid.get()
    );
}
