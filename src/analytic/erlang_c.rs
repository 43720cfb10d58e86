//! Erlang C: the M/M/c delay system (nobody abandons, nobody is blocked).

use super::{check, erlang_b, offered_load, AnalyticError, Figures};

/// Probability `C(c, a)` that an arriving call must wait in an M/M/c queue
/// with offered load `a` Erlangs and `c` agents (Erlang's delay formula).
///
/// Why: the classic call-center staffing formula.
///
/// Formula: `C = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a)))`,
/// evaluated stably from Erlang B as `C = c B / (c - a (1 - B))` with
/// `B = B(c, a)` (no powers or factorials). Requires `a < c`
/// ([`AnalyticError::Overloaded`] otherwise); `a = 0` gives 0.
/// Reference: A. K. Erlang (1917); the B-to-C identity e.g. in G. Koole,
/// "Call Center Optimization" (2013), and D. Gross & C. M. Harris,
/// "Fundamentals of Queueing Theory" (1998).
pub fn erlang_c(offered_load: f64, agents: u32) -> Result<f64, AnalyticError> {
    let a = check("offered_load", offered_load)?;
    if a == 0.0 {
        return Ok(0.0);
    }
    let c = agents as f64;
    if a >= c {
        return Err(AnalyticError::Overloaded { load: a, agents });
    }
    let b = erlang_b(a, agents)?;
    Ok((c * b / (c - a + a * b)).clamp(0.0, 1.0))
}

/// Figures of an M/M/c center (Poisson arrivals at `rate` per second,
/// exponential handle times of mean `mean_handle` seconds, `agents` agents,
/// infinite patience), with service-level threshold `threshold` seconds.
///
/// Why: the textbook planning model; exact when nobody hangs up.
///
/// With `lambda = rate`, `mu = 1 / mean_handle`, `C = C(c, a)`: the wait is 0
/// with probability `1 - C` and otherwise exponential with rate
/// `c mu - lambda`, so `service_level = service_level_answered = 1 - C e^{-(c mu - lambda) T}`,
/// `asa = mean_wait = C / (c mu - lambda)`, `occupancy = a / c`,
/// `mean_queue_length = lambda * mean_wait` (Little).
/// Reference: Gross & Harris, "Fundamentals of Queueing Theory" (1998),
/// section on M/M/c; Koole, "Call Center Optimization" (2013).
pub fn erlang_c_figures(
    rate: f64,
    mean_handle: f64,
    agents: u32,
    threshold: f64,
) -> Result<Figures, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    check("threshold", threshold)?;
    if a == 0.0 {
        return Ok(Figures::idle(agents, a));
    }
    let c = erlang_c(a, agents)?;
    let gap = (agents as f64 - a) / mean_handle; // c mu - lambda, calls per second
    let sl = 1.0 - c * (-gap * threshold).exp();
    let wait = c / gap;
    Ok(Figures {
        agents,
        offered_load: a,
        p_wait: c,
        service_level: sl,
        service_level_answered: sl,
        asa_seconds: wait,
        mean_wait_seconds: wait,
        abandon_rate: 0.0,
        block_rate: 0.0,
        occupancy: a / agents as f64,
        mean_queue_length: rate * wait,
    })
}

/// The `p`-quantile of the wait of all calls in M/M/c (seconds): the
/// smallest `t` with `P(W <= t) >= p`.
///
/// Why: planners quote "90 % of callers wait under t seconds".
///
/// Formula: `P(W > t) = C e^{-(c mu - lambda) t}`, so the quantile is 0 when
/// `C <= 1 - p` and `ln(C / (1 - p)) / (c mu - lambda)` otherwise (infinite
/// for `p = 1`). `p` must lie in [0, 1].
/// Reference: Gross & Harris, "Fundamentals of Queueing Theory" (1998).
pub fn erlang_c_wait_quantile(
    rate: f64,
    mean_handle: f64,
    agents: u32,
    p: f64,
) -> Result<f64, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    if !(0.0..=1.0).contains(&p) {
        return Err(AnalyticError::InvalidInput {
            name: "p",
            value: p,
        });
    }
    if a == 0.0 {
        return Ok(0.0);
    }
    let c = erlang_c(a, agents)?;
    if c <= 1.0 - p {
        return Ok(0.0);
    }
    let gap = (agents as f64 - a) / mean_handle;
    Ok((c / (1.0 - p)).ln() / gap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::birth_death::{expectation, stationary};

    fn close(x: f64, y: f64, rel: f64) -> bool {
        (x - y).abs() <= rel * y.abs().max(1e-300)
    }

    #[test]
    fn hand_computed_mm1_and_mm2() {
        // Hand computation, M/M/1: C = rho. rate 1/120 s, handle 60 s -> rho 0.5,
        // ASA = rho/(mu - lambda) = 0.5/(1/60 - 1/120) = 60 s,
        // SL(20 s) = 1 - 0.5 e^{-20/120}.
        let f = erlang_c_figures(1.0 / 120.0, 60.0, 1, 20.0).unwrap();
        assert!(close(f.p_wait, 0.5, 1e-14));
        assert!(close(f.asa_seconds, 60.0, 1e-13));
        assert!(close(
            f.service_level,
            1.0 - 0.5 * (-20.0f64 / 120.0).exp(),
            1e-14
        ));
        // Hand computation, M/M/2 with a = 1: C = 2 a^2 / ((2 - a)(1 + a) ... ) :
        // sum_{k<2} a^k/k! = 2, a^2/2! * 2/(2-1) = 1, so C = 1/3.
        assert!(close(erlang_c(1.0, 2).unwrap(), 1.0 / 3.0, 1e-14));
        // a = 2 on 3 agents: sum_{k<3} = 1 + 2 + 2 = 5, (8/6)(3/1) = 4, C = 4/9.
        assert!(close(erlang_c(2.0, 3).unwrap(), 4.0 / 9.0, 1e-14));
    }

    #[test]
    fn call_centre_worked_example() {
        // Set-up of the worked example in the widely copied tutorial "The
        // Erlang-C formula" (360 calls per half hour = 0.2 per second, 4
        // minutes handle time so a = 48 Erlangs, 55 agents, 15 s target).
        // Expected values by hand computation (exact rational arithmetic of
        // the closed form, C = (a^c/c!)(c/(c-a)) / (sum_{k<c} a^k/k! +
        // (a^c/c!)(c/(c-a)))): C = 0.238701, ASA = C * 240 / (55 - 48)
        // = 8.1840 s, SL(15 s) = 1 - C e^{-(55-48) 15/240} = 0.845883,
        // occupancy 48/55.
        let f = erlang_c_figures(0.2, 240.0, 55, 15.0).unwrap();
        assert!((f.p_wait - 0.238_701).abs() < 5e-7, "{}", f.p_wait);
        assert!((f.asa_seconds - 8.1840).abs() < 5e-5, "{}", f.asa_seconds);
        assert!(
            (f.service_level - 0.845_883).abs() < 5e-7,
            "{}",
            f.service_level
        );
        assert!((f.occupancy - 48.0 / 55.0).abs() < 1e-15);
    }

    #[test]
    fn matches_birth_death_chain() {
        for &c in &[1u32, 2, 7, 30, 120, 500] {
            for &rho in &[0.1, 0.5, 0.8, 0.95] {
                let a = rho * c as f64;
                let max = c as usize + (60.0 / (1.0 - rho)) as usize + 50;
                let pi = stationary(|_| a, |j| j.min(c as usize) as f64, max);
                let pw: f64 = pi[c as usize..].iter().sum();
                let lq = expectation(&pi, |j| j.saturating_sub(c as usize) as f64);
                let f = erlang_c_figures(a / 100.0, 100.0, c, 10.0).unwrap();
                assert!(close(f.p_wait, pw, 1e-9), "c={c} a={a}");
                assert!(close(f.mean_queue_length, lq, 1e-9), "c={c} a={a}");
                // Little's law: Lq = lambda * Wq.
                assert!(close(
                    f.mean_queue_length,
                    a / 100.0 * f.mean_wait_seconds,
                    1e-14
                ));
            }
        }
    }

    #[test]
    fn quantile_inverts_service_level() {
        let (rate, h, c) = (0.2, 240.0, 55);
        let t = erlang_c_wait_quantile(rate, h, c, 0.9).unwrap();
        let f = erlang_c_figures(rate, h, c, t).unwrap();
        assert!(close(f.service_level, 0.9, 1e-12));
        assert_eq!(erlang_c_wait_quantile(rate, h, c, 0.5).unwrap(), 0.0);
        assert_eq!(
            erlang_c_wait_quantile(rate, h, c, 1.0).unwrap(),
            f64::INFINITY
        );
        assert!(erlang_c_wait_quantile(rate, h, c, 1.5).is_err());
    }

    #[test]
    fn stability_and_errors() {
        let c = erlang_c(4000.0, 5000).unwrap();
        assert!(c.is_finite() && (0.0..=1.0).contains(&c));
        let f = erlang_c_figures(4000.0 / 300.0, 300.0, 5000, 20.0).unwrap();
        assert!(f.service_level.is_finite() && (0.0..=1.0).contains(&f.service_level));
        assert!(close(erlang_c(0.5, 1).unwrap(), 0.5, 1e-15));
        // Heavy but stable: 4000 Erlangs on 4001 agents.
        let c = erlang_c(4000.0, 4001).unwrap();
        assert!(c > 0.9 && c < 1.0);
        assert_eq!(
            erlang_c(10.0, 10),
            Err(AnalyticError::Overloaded {
                load: 10.0,
                agents: 10
            })
        );
        assert!(matches!(
            erlang_c_figures(1.0, 20.0, 5, 20.0),
            Err(AnalyticError::Overloaded { .. })
        ));
        assert!(matches!(
            erlang_c_figures(f64::NAN, 20.0, 5, 20.0),
            Err(AnalyticError::InvalidInput { name: "rate", .. })
        ));
        assert!(matches!(
            erlang_c_figures(0.1, 20.0, 5, -1.0),
            Err(AnalyticError::InvalidInput {
                name: "threshold",
                ..
            })
        ));
        assert!(erlang_c(-1.0, 5).is_err());
        assert_eq!(erlang_c_figures(0.0, 20.0, 0, 20.0).unwrap().p_wait, 0.0);
    }
}
