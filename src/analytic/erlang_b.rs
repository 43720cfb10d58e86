//! Erlang B: the M/M/c/c loss system (calls that find every line busy are
//! blocked and leave; nobody waits).

use super::{check, offered_load, AnalyticError, Figures};

/// Blocking probability `B(c, a)` of the M/M/c/c loss system with offered
/// load `a` Erlangs and `c` servers (Erlang's loss formula).
///
/// Why: sizes trunk lines, and is the stable building block of Erlang C and
/// Erlang A here.
///
/// Formula: `B(c, a) = (a^c / c!) / sum_{k=0..c} a^k / k!`, evaluated with the
/// recurrence `B(0) = 1`, `B(k) = a B(k-1) / (k + a B(k-1))`, which never
/// forms powers or factorials, stays in [0, 1] and is forward stable (the
/// relative error grows at most by one rounding per step).
/// Reference: A. K. Erlang, "Solution of some problems in the theory of
/// probabilities of significance in automatic telephone exchanges" (1917);
/// recurrence e.g. in G. Koole, "Call Center Optimization" (2013).
///
/// The recurrence takes one step per server; past [`DIRECT_LIMIT`] servers
/// and Erlangs it starts instead at `k0 = min(c, floor(a))` servers, where
/// `1 / B(k0) = sum_j prod_{i<j} (k0 - i) / a` has non-increasing terms
/// and is summed until they no longer count, then runs the recurrence on
/// from `k0` until `B` underflows to 0: about `sqrt(a)` steps, not `c`
/// (4,294,967,295 lines at 5e10 Erlangs: milliseconds, not minutes).
pub fn erlang_b(offered_load: f64, servers: u32) -> Result<f64, AnalyticError> {
    let a = check("offered_load", offered_load)?;
    if servers > DIRECT_LIMIT && a > f64::from(DIRECT_LIMIT) {
        return Ok(erlang_b_large(a, servers));
    }
    Ok(recurrence(a, 1.0, 0, servers))
}

/// Servers and Erlangs up to which [`erlang_b`] runs the plain recurrence
/// from zero servers (a million steps: milliseconds; the shipped limit of
/// agents in a scenario, so every scenario's figures use the plain one).
pub const DIRECT_LIMIT: u32 = 1_000_000;

/// `B(c, a)` for a large `c` and `a` (see [`erlang_b`]).
fn erlang_b_large(a: f64, c: u32) -> f64 {
    let k0 = a.floor().min(f64::from(c)) as u32;
    let (mut sum, mut term) = (1.0_f64, 1.0_f64);
    for i in 0..k0 {
        term *= f64::from(k0 - i) / a;
        sum += term;
        if term < sum * 1e-18 {
            break;
        }
    }
    let mut b = 1.0 / sum;
    // As `recurrence`, but ending once B is below the smallest normal
    // number: subnormal B shrinks by a / k per step only after rounding,
    // and sticks at 5e-324 until k passes 2a (tens of millions of steps).
    for k in (k0..c).map(|k| k + 1) {
        let ab = a * b;
        b = ab / (f64::from(k) + ab);
        if b < f64::MIN_POSITIVE {
            return 0.0;
        }
    }
    b
}

/// Runs `B(k) = a B(k-1) / (k + a B(k-1))` from `B(from) = b` up to
/// `B(to)`, stopping early once `B` is 0 (every later step gives 0 again).
fn recurrence(a: f64, mut b: f64, from: u32, to: u32) -> f64 {
    if from >= to {
        return b;
    }
    for k in from + 1..=to {
        let ab = a * b;
        b = ab / (k as f64 + ab);
        if b == 0.0 {
            break;
        }
    }
    b
}

/// Figures of an M/M/c/c center: `lines` agents, each holding one line, no
/// queue. Why: the "busy signal" world of trunk sizing and leased lines.
///
/// `p_wait = 0`; the carried calls are answered at once, so
/// `service_level = service_level_answered = 1` (blocked calls are excluded
/// from the denominator, as for every model here); `block_rate = B(c, a)`;
/// `occupancy = a (1 - B) / c` (carried load per line).
/// Reference: A. K. Erlang (1917), as for [`erlang_b`].
pub fn erlang_b_figures(rate: f64, mean_handle: f64, lines: u32) -> Result<Figures, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    if a == 0.0 {
        return Ok(Figures::idle(lines, a));
    }
    let b = erlang_b(a, lines)?;
    let mut f = Figures::idle(lines, a);
    f.block_rate = b;
    f.occupancy = if lines == 0 {
        0.0
    } else {
        a * (1.0 - b) / lines as f64
    };
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::birth_death::stationary;

    fn close(x: f64, y: f64, rel: f64) -> bool {
        (x - y).abs() <= rel * y.abs().max(1e-300)
    }

    #[test]
    fn many_servers_and_erlangs_agree_with_the_plain_recurrence() {
        // Just past the direct limit, against the step-by-step recurrence.
        let n = DIRECT_LIMIT + 1000;
        for (a, c) in [
            (f64::from(n) * 0.999, n),
            (f64::from(n) * 1.001, n),
            (f64::from(n) + 0.5, n + 5000),
            (f64::from(n) * 3.0, n),
        ] {
            let plain = recurrence(a, 1.0, 0, c);
            let large = erlang_b_large(a, c);
            assert!(close(large, plain, 1e-9), "a {a} c {c}: {large} vs {plain}");
        }
        // The extremes answer at once.
        let b = erlang_b(5e10, u32::MAX).unwrap();
        assert!(close(b, 1.0 - f64::from(u32::MAX) / 5e10, 1e-3), "{b}");
        assert_eq!(erlang_b(2e7, u32::MAX).unwrap(), 0.0);
    }

    #[test]
    fn hand_computed_small_cases() {
        // Hand computation: B(1, a) = a / (1 + a); B(2, 2) = 2 / (1 + 2 + 2) = 0.4.
        assert!(close(erlang_b(0.5, 1).unwrap(), 0.5 / 1.5, 1e-15));
        assert!(close(erlang_b(2.0, 2).unwrap(), 0.4, 1e-15));
        // B(3, 1) = (1/6) / (1 + 1 + 1/2 + 1/6) = 1/16.
        assert!(close(erlang_b(1.0, 3).unwrap(), 1.0 / 16.0, 1e-15));
        assert_eq!(erlang_b(0.0, 0).unwrap(), 1.0);
        assert_eq!(erlang_b(0.0, 3).unwrap(), 0.0);
    }

    #[test]
    fn published_erlang_b_tables() {
        // Standard published Erlang B traffic tables (the "Erlang B table"
        // printed in teletraffic texts and vendor calculators), to the
        // tables' precision: a = 10 Erlangs on 15 lines blocks 3.65 %.
        assert!((erlang_b(10.0, 15).unwrap() - 0.0365).abs() < 5e-5);
        // Same tables, column "grade of service 1 %": 10 lines carry
        // 4.46 Erlangs, 20 lines 12.03 Erlangs, 5 lines 1.36 Erlangs.
        assert!((erlang_b(4.46, 10).unwrap() - 0.01).abs() < 5e-5);
        assert!((erlang_b(12.03, 20).unwrap() - 0.01).abs() < 5e-5);
        assert!((erlang_b(1.36, 5).unwrap() - 0.01).abs() < 5e-5);
    }

    #[test]
    fn matches_birth_death_chain() {
        for &c in &[1u32, 2, 5, 17, 60, 200, 500] {
            for &rho in &[0.05, 0.5, 0.9, 1.0, 1.3, 3.0] {
                let a = rho * c as f64;
                let pi = stationary(|_| a, |j| j as f64, c as usize);
                let b = erlang_b(a, c).unwrap();
                assert!(
                    close(b, pi[c as usize], 1e-10),
                    "c={c} a={a}: {b} vs {}",
                    pi[c as usize]
                );
            }
        }
    }

    #[test]
    fn figures_and_stability() {
        // rate 0.2/s, handle 50 s: a = 10 Erlangs on 15 lines.
        let f = erlang_b_figures(0.2, 50.0, 15).unwrap();
        let b = erlang_b(10.0, 15).unwrap();
        assert_eq!(f.block_rate, b);
        assert!(close(f.occupancy, 10.0 * (1.0 - b) / 15.0, 1e-15));
        assert_eq!((f.p_wait, f.service_level, f.asa_seconds), (0.0, 1.0, 0.0));
        for &(a, c) in &[(4000.0, 5000u32), (0.5, 1), (4000.0, 1), (0.5, 5000)] {
            let b = erlang_b(a, c).unwrap();
            assert!(b.is_finite() && (0.0..=1.0).contains(&b));
        }
        assert!(erlang_b(f64::NAN, 3).is_err());
        assert!(matches!(
            erlang_b_figures(-1.0, 3.0, 3),
            Err(AnalyticError::InvalidInput { name: "rate", .. })
        ));
    }
}
