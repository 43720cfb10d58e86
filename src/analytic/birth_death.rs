//! A numerically solved birth-death chain: the brute-force reference the
//! closed forms are checked against (unit tests here and integration tests).
//!
//! Why: Erlang B, C and A are all birth-death chains on "number of calls in
//! the system"; solving the chain directly (truncated far in the tail) is
//! slow but obviously right, so agreement to 1e-9 is strong evidence the
//! fast formulas are right. Reference: L. Kleinrock, "Queueing Systems,
//! Volume 1: Theory" (1975), chapter 3 (birth-death balance equations).

/// Stationary distribution `pi[0..=max_state]` of a birth-death chain with
/// birth rate `birth(j)` (from `j` to `j + 1`) and death rate `death(j)`
/// (from `j` to `j - 1`, `j >= 1`), truncated at `max_state`.
///
/// Formula (detailed balance): `pi_j = pi_{j-1} birth(j-1) / death(j)`,
/// computed as `ln pi_j` (so thousands of states neither overflow nor
/// underflow), then normalised with a log-sum-exp. A zero birth rate cuts the
/// chain (later states get probability 0). Reference: Kleinrock (1975).
pub fn stationary(
    birth: impl Fn(usize) -> f64,
    death: impl Fn(usize) -> f64,
    max_state: usize,
) -> Vec<f64> {
    let mut ln = Vec::with_capacity(max_state + 1);
    ln.push(0.0f64);
    for j in 1..=max_state {
        let prev = ln[j - 1];
        ln.push(prev + birth(j - 1).ln() - death(j).ln());
    }
    let top = ln.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = ln.iter().map(|&l| (l - top).exp()).sum();
    let ln_norm = top + total.ln();
    ln.iter().map(|&l| (l - ln_norm).exp()).collect()
}

/// `sum_j pi[j] f(j)`: the stationary mean of `f` (e.g. queue length).
pub fn expectation(pi: &[f64], f: impl Fn(usize) -> f64) -> f64 {
    pi.iter().enumerate().map(|(j, &p)| p * f(j)).sum()
}

/// Per-arrival figures of the M/M/n+M queue computed state by state from the
/// truncated chain (reference values for Erlang A; all among arrivals).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainFigures {
    /// P(arrival finds all agents busy).
    pub p_wait: f64,
    /// P(arrival abandons).
    pub abandon: f64,
    /// Mean time in queue of all arrivals, seconds.
    pub mean_wait: f64,
    /// Mean wait of answered arrivals, seconds.
    pub asa: f64,
    /// Time-average number waiting.
    pub mean_queue: f64,
    /// Time-average number of busy agents.
    pub mean_busy: f64,
}

/// The M/M/n+M chain (birth `rate`, death `min(j,n) mu + max(j-n,0) theta`)
/// solved by [`stationary`] up to `max_state`, and the tagged-customer
/// figures summed over the state `j = n + k` an arrival finds (PASTA).
///
/// With `k` callers ahead and `r_i = n mu + (i+1) theta` (the rate at which a
/// tagged caller with `i` ahead leaves that state), FCFS gives
/// `P(served | k) = n mu / r_k`, `E[time in queue | k] = (k+1) / r_k` and
/// `E[wait; served | k] = (n mu / r_k) sum_{i<=k} 1 / r_i` (the product of
/// the per-state branching probabilities telescopes).
/// `mean_patience = INFINITY` gives the truncated M/M/n chain.
/// Reference: Palm (1943); Mandelbaum & Zeltyn, "The M/M/n+G queue: summary
/// of performance measures" (2007).
pub fn mmnm_chain(
    rate: f64,
    mean_handle: f64,
    mean_patience: f64,
    agents: u32,
    max_state: usize,
) -> ChainFigures {
    let n = agents as usize;
    let mu = 1.0 / mean_handle;
    let theta = 1.0 / mean_patience;
    let pi = stationary(
        |_| rate,
        |j| j.min(n) as f64 * mu + j.saturating_sub(n) as f64 * theta,
        max_state,
    );
    let nmu = n as f64 * mu;
    let (mut p_wait, mut abandon, mut mean_wait, mut served_wait) = (0.0, 0.0, 0.0, 0.0);
    let mut inv_sum = 0.0; // sum_{i<=k} 1 / r_i
    for (k, &p) in pi.iter().enumerate().skip(n) {
        let k = k - n;
        let r = nmu + (k + 1) as f64 * theta;
        inv_sum += 1.0 / r;
        p_wait += p;
        abandon += p * (k + 1) as f64 * theta / r;
        mean_wait += p * (k + 1) as f64 / r;
        served_wait += p * nmu / r * inv_sum;
    }
    ChainFigures {
        p_wait,
        abandon,
        mean_wait,
        asa: served_wait / (1.0 - abandon),
        mean_queue: expectation(&pi, |j| j.saturating_sub(n) as f64),
        mean_busy: expectation(&pi, |j| j.min(n) as f64),
    }
}

/// `(P(served and wait <= t), P(abandoned and wait <= t))` among arrivals of
/// M/M/n+M, by uniformization of the tagged-customer chain.
///
/// States: `i` callers ahead of the tagged caller (all `n` agents busy), plus
/// absorbing "served" and "abandoned". From `i`: to `i - 1` (or "served" when
/// `i = 0`) at rate `n mu + i theta`, to "abandoned" at rate `theta`. The
/// arrival starts in `k = j - n` with probability `pi_j` (and is served at
/// once when `j < n`). Transient probabilities at `t` come from
/// uniformization, `P(t) = sum_m Poisson(m; L t) P^m` with `P = I + Q / L`,
/// which only adds non-negative terms (A. Jensen, "Markoff chains as an aid
/// in the study of Markoff processes", 1953). Slow (O(L t * states)): for
/// tests with moderate `L t` only.
pub fn mmnm_tagged_within(
    rate: f64,
    mean_handle: f64,
    mean_patience: f64,
    agents: u32,
    t: f64,
    max_state: usize,
) -> (f64, f64) {
    let n = agents as usize;
    let mu = 1.0 / mean_handle;
    let theta = 1.0 / mean_patience;
    let nmu = n as f64 * mu;
    let pi = stationary(
        |_| rate,
        |j| j.min(n) as f64 * mu + j.saturating_sub(n) as f64 * theta,
        max_state,
    );
    let immediate: f64 = pi[..n].iter().sum();
    let mut v: Vec<f64> = pi[n..].to_vec();
    let states = v.len();
    let big_l = nmu + states as f64 * theta;
    let lt = big_l * t;
    let (mut served, mut abandoned) = (0.0, 0.0); // absorbed mass after m steps
    let (mut acc_s, mut acc_a, mut acc_w) = (0.0, 0.0, 0.0);
    let mut ln_w = -lt;
    let m_max = (lt + 12.0 * lt.sqrt() + 60.0) as usize;
    for m in 0..=m_max {
        if m > 0 {
            ln_w += lt.ln() - (m as f64).ln();
            let mut next = vec![0.0; states];
            for i in 0..states {
                let down = nmu + i as f64 * theta;
                next[i] += v[i] * (1.0 - (down + theta) / big_l);
                if i == 0 {
                    served += v[0] * down / big_l;
                } else {
                    next[i - 1] += v[i] * down / big_l;
                }
                abandoned += v[i] * theta / big_l;
            }
            v = next;
        }
        let w = ln_w.exp();
        acc_w += w;
        acc_s += w * served;
        acc_a += w * abandoned;
    }
    (immediate + acc_s / acc_w, acc_a / acc_w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_is_geometric() {
        // Hand computation: M/M/1 with rho = 1/2 has pi_j = 2^{-(j+1)}.
        let pi = stationary(|_| 0.5, |_| 1.0, 200);
        for (j, &p) in pi.iter().take(20).enumerate() {
            assert!((p - 0.5f64.powi(j as i32 + 1)).abs() < 1e-15);
        }
        assert!((expectation(&pi, |j| j as f64) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn huge_chains_do_not_overflow() {
        let pi = stationary(|_| 4000.0, |j| j.min(5000) as f64, 6000);
        assert!(pi.iter().all(|p| p.is_finite()));
        assert!((pi.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn theta_equal_mu_is_poisson() {
        // Hand computation: with patience = handle time the death rate is
        // j mu, so the number in system is Poisson(a) (M/M/infinity).
        // a = 2, n = 2: P(wait) = 1 - 3 e^{-2}; abandon = E[(N-2)^+]/a = 2 e^{-2}.
        let c = mmnm_chain(0.02, 100.0, 100.0, 2, 80);
        let e2 = (-2.0f64).exp();
        assert!((c.p_wait - (1.0 - 3.0 * e2)).abs() < 1e-14);
        assert!((c.abandon - 2.0 * e2).abs() < 1e-14);
        // The tagged chain at t = infinity reproduces the closed-form split.
        let (s, ab) = mmnm_tagged_within(0.02, 100.0, 100.0, 2, 1e5, 60);
        assert!((ab - 2.0 * e2).abs() < 1e-12, "{ab}");
        assert!((s + ab - 1.0).abs() < 1e-12);
    }
}
