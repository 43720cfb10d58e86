use super::*;
use crate::analytic::birth_death::{mmnm_chain, mmnm_tagged_within};
use crate::analytic::erlang_c;

fn close(x: f64, y: f64, rel: f64) -> bool {
    (x - y).abs() <= rel * y.abs() + 1e-15
}

/// Truncation of the reference chain far beyond where its tail matters.
fn max_state(rate: f64, h: f64, patience: f64, n: u32) -> usize {
    let r = rate * patience; // lambda / theta
    let rho = rate * h / n as f64;
    let mut k = r + 40.0 * r.sqrt() + 200.0;
    if rho < 1.0 {
        k = k.min(60.0 / (1.0 - rho) + 200.0);
    }
    n as usize + k as usize
}

#[test]
fn hand_computed_poisson_case() {
    // Hand computation: with patience = handle time the number in system is
    // Poisson(a) (death rate j mu for every j). a = 2, n = 2:
    // P(wait) = P(N >= 2) = 1 - 3 e^{-2} = 0.593994,
    // P(abandon) = E[(N-2)^+] / a = 4 e^{-2} / 2 = 0.270671,
    // E[queue] = 4 e^{-2}, mean wait = E[queue] / lambda.
    let e2 = (-2.0f64).exp();
    let f = erlang_a_figures(0.02, 100.0, 100.0, 2, 20.0).unwrap();
    assert!(close(f.p_wait, 1.0 - 3.0 * e2, 1e-12), "{}", f.p_wait);
    assert!(close(f.abandon_rate, 2.0 * e2, 1e-12), "{}", f.abandon_rate);
    assert!(close(f.mean_queue_length, 4.0 * e2, 1e-12));
    assert!(close(f.mean_wait_seconds, 4.0 * e2 / 0.02, 1e-12));
    // Carried load a (1 - P(abandon)) = E[min(N, 2)] = 2 - 2 e^{-2} - e^{-2}... :
    // E[min(N,2)] = 0*P0 + 1*P1 + 2*(1 - P0 - P1) = 2 - 2 e^{-2} - 2 e^{-2}.
    assert!(close(f.occupancy * 2.0, 2.0 - 4.0 * e2, 1e-12));
}

#[test]
fn matches_birth_death_chain_grid() {
    let h = 100.0;
    for &n in &[1u32, 2, 5, 20, 100, 500, 2000] {
        for &rho in &[0.05, 0.3, 0.8, 0.97, 1.0, 1.2, 2.0] {
            for &pr in &[0.1, 1.0, 3.0, 30.0] {
                let rate = rho * n as f64 / h;
                let patience = pr * h;
                let c = mmnm_chain(rate, h, patience, n, max_state(rate, h, patience, n));
                let f = erlang_a_figures(rate, h, patience, n, 20.0).unwrap();
                let ctx = format!("n={n} rho={rho} patience={patience}");
                assert!(
                    close(f.p_wait, c.p_wait, 1e-9),
                    "{ctx}: p_wait {} vs {}",
                    f.p_wait,
                    c.p_wait
                );
                assert!(
                    close(f.abandon_rate, c.abandon, 1e-9),
                    "{ctx}: abandon {} vs {}",
                    f.abandon_rate,
                    c.abandon
                );
                assert!(close(f.mean_wait_seconds, c.mean_wait, 1e-9), "{ctx}: wait");
                assert!(
                    close(f.asa_seconds, c.asa, 1e-9),
                    "{ctx}: asa {} vs {}",
                    f.asa_seconds,
                    c.asa
                );
                assert!(
                    close(f.mean_queue_length, c.mean_queue, 1e-9),
                    "{ctx}: queue"
                );
                assert!(
                    close(f.occupancy, c.mean_busy / n as f64, 1e-9),
                    "{ctx}: occupancy"
                );
            }
        }
    }
}

#[test]
fn service_level_matches_tagged_customer_chain() {
    // Independent method: uniformization of the tagged caller's chain.
    for &(n, rho, pr, t) in &[
        (1u32, 0.5, 1.0, 20.0),
        (2, 1.0, 0.5, 30.0),
        (5, 0.9, 2.0, 20.0),
        (10, 1.5, 0.3, 10.0),
        (8, 0.7, 10.0, 60.0),
        (50, 1.1, 1.0, 20.0),
        (40, 0.95, 5.0, 15.0),
    ] {
        let h = 60.0;
        let rate = rho * n as f64 / h;
        let patience = pr * h;
        let (served, abandoned) =
            mmnm_tagged_within(rate, h, patience, n, t, max_state(rate, h, patience, n));
        let f = erlang_a_figures(rate, h, patience, n, t).unwrap();
        let ab = erlang_a_abandon_within(rate, h, patience, n, t).unwrap();
        assert!(
            close(f.service_level, served, 1e-9),
            "n={n}: {} vs {served}",
            f.service_level
        );
        assert!(close(ab, abandoned, 1e-9), "n={n}: {ab} vs {abandoned}");
        // Large t: every abandon happens "within t".
        let all = erlang_a_abandon_within(rate, h, patience, n, 1e9).unwrap();
        assert!(close(all, f.abandon_rate, 1e-9));
        assert_eq!(
            erlang_a_abandon_within(rate, h, patience, n, 0.0).unwrap(),
            0.0
        );
    }
}

#[test]
fn littles_law_and_flow_identities() {
    for &(rate, h, p, n, t) in &[
        (0.2, 240.0, 120.0, 50u32, 20.0),
        (2.0, 300.0, 60.0, 500, 20.0),
        (13.0, 300.0, 200.0, 3000, 30.0),
    ] {
        let f = erlang_a_figures(rate, h, p, n, t).unwrap();
        // Little: Lq = lambda * Wq over all non-blocked callers.
        assert!(close(
            f.mean_queue_length,
            rate * f.mean_wait_seconds,
            1e-14
        ));
        // Flow: abandons per second = theta * E[queue].
        assert!(close(f.abandon_rate * rate, f.mean_queue_length / p, 1e-12));
        // Busy agents: carried calls per second * handle = occupancy * n.
        assert!(close(
            f.occupancy * n as f64,
            rate * (1.0 - f.abandon_rate) * h,
            1e-10
        ));
        assert!(f.service_level <= 1.0 - f.abandon_rate + 1e-15);
        assert!(f.service_level <= f.service_level_answered);
    }
}

#[test]
fn limits_and_stability() {
    // Very patient callers converge to Erlang C.
    let c = erlang_c_figures(0.2, 240.0, 55, 15.0).unwrap();
    for &p in &[1e9, 1e12] {
        let f = erlang_a_figures(0.2, 240.0, p, 55, 15.0).unwrap();
        assert!(
            close(f.p_wait, c.p_wait, 1e-6),
            "{p}: {} vs {}",
            f.p_wait,
            c.p_wait
        );
        assert!(close(f.service_level, c.service_level, 1e-6));
        assert!(close(f.asa_seconds, c.asa_seconds, 1e-6));
        assert!(f.abandon_rate < 1e-7);
    }
    assert_eq!(
        erlang_a_figures(0.2, 240.0, f64::INFINITY, 55, 15.0).unwrap(),
        c
    );
    assert!(matches!(
        erlang_a_figures(0.2, 240.0, f64::INFINITY, 48, 15.0),
        Err(AnalyticError::Overloaded { .. })
    ));
    // Huge patience while overloaded: defined, nearly everyone waits.
    let f = erlang_a_figures(0.25, 240.0, 1e9, 55, 15.0).unwrap();
    assert!(f.p_wait > 0.999_999 && close(f.occupancy, 1.0, 1e-6));
    // Zero patience is the loss system.
    let f = erlang_a_figures(0.2, 240.0, 0.0, 55, 15.0).unwrap();
    let b = erlang_b(48.0, 55).unwrap();
    assert!(close(f.abandon_rate, b, 1e-15) && close(f.service_level, 1.0 - b, 1e-15));
    assert!(close(
        f.abandon_rate,
        erlang_a_figures(0.2, 240.0, 1e-9, 55, 15.0)
            .unwrap()
            .abandon_rate,
        1e-6
    ));
    // No agents: everybody abandons.
    let f = erlang_a_figures(0.2, 240.0, 60.0, 0, 15.0).unwrap();
    assert_eq!(
        (f.abandon_rate, f.service_level, f.mean_wait_seconds),
        (1.0, 0.0, 60.0)
    );
    // Extremes give finite figures in [0, 1].
    let start = std::time::Instant::now();
    for &(rate, h, p, n) in &[
        (4000.0 / 300.0, 300.0, 60.0, 5000u32),
        (4000.0 / 300.0, 300.0, 60.0, 4000),
        (4000.0 / 300.0, 300.0, 600.0, 1000),
        (4000.0 / 300.0, 300.0, 1e6, 3990),
        (0.5 / 300.0, 300.0, 60.0, 1),
        (4000.0 / 300.0, 300.0, 30.0, 1),
        (0.5 / 300.0, 300.0, 60.0, 5000),
    ] {
        let f = erlang_a_figures(rate, h, p, n, 20.0).unwrap();
        for v in [
            f.p_wait,
            f.service_level,
            f.service_level_answered,
            f.abandon_rate,
            f.occupancy,
        ] {
            assert!(v.is_finite() && (0.0..=1.0).contains(&v), "{f:?}");
        }
        assert!(
            f.asa_seconds.is_finite() && f.mean_wait_seconds.is_finite(),
            "{f:?}"
        );
    }
    assert!(start.elapsed().as_secs_f64() < 0.1, "{:?}", start.elapsed());
    // Erlang A needs fewer agents than Erlang C predicts for the same SL.
    assert!(
        erlang_a_figures(0.2, 240.0, 120.0, 55, 15.0)
            .unwrap()
            .service_level
            > c.service_level
    );
    assert!(
        erlang_c(48.0, 55).unwrap()
            > erlang_a_figures(0.2, 240.0, 120.0, 55, 15.0)
                .unwrap()
                .p_wait
    );
}

#[test]
fn invalid_inputs() {
    let bad = [
        erlang_a_figures(f64::NAN, 1.0, 1.0, 1, 1.0),
        erlang_a_figures(1.0, -1.0, 1.0, 1, 1.0),
        erlang_a_figures(1.0, 1.0, -1.0, 1, 1.0),
        erlang_a_figures(1.0, 1.0, f64::NAN, 1, 1.0),
        erlang_a_figures(1.0, 1.0, 1.0, 1, f64::INFINITY),
    ];
    for r in bad {
        assert!(
            matches!(r, Err(AnalyticError::InvalidInput { .. })),
            "{r:?}"
        );
    }
    assert!(erlang_a_abandon_within(1.0, 1.0, 1.0, 1, -1.0).is_err());
}
