//! Erlang A: the M/M/n+M queue (Poisson arrivals, exponential handle times,
//! `n` agents, exponential patience; callers abandon when their patience runs
//! out before an agent frees up).
//!
//! Method (exact, no truncation of the queue): the offered waiting time `V`
//! (what a caller with infinite patience would wait) has an atom
//! `P(V = 0) = P(fewer than n in system)` and, for `x > 0`, the density
//! `f_V(x) = lambda pi_{n-1} exp(lambda H(x) - n mu x)` with
//! `H(x) = (1 - e^{-theta x}) / theta` the integrated patience survival
//! (level crossing on the virtual-wait process; F. Baccelli & G. Hebuterne,
//! "On queues with impatient customers", 1981; A. Mandelbaum & S. Zeltyn,
//! "The M/M/n+G queue: summary of performance measures", 2007). With
//! `pi_j ∝ a^j / j!` below `n`, the normalisation gives
//! `P(V > 0) = K / (1 + K)`, `K = lambda B(n-1, a) J`, `J = ∫ exp(lambda H - n mu x) dx`.
//! A caller with patience `tau ~ Exp(theta)` independent of `V` is answered
//! iff `tau > V` and waits `min(V, tau)`, so every figure is a one-dimensional
//! integral of `g(x) = exp(lambda H(x) - n mu x)` against a weight:
//! answered within `T`: `P(V=0) + c ∫_0^T g e^{-theta x}`, abandon
//! `c ∫ g (1 - e^{-theta x})`, mean wait of all `c ∫ g H`, answered wait
//! `c ∫ g x e^{-theta x}`, with `c = P(V > 0) / ∫ g`.
//! `ln g` is concave; it is evaluated relative to its maximum through
//! `phi(z) = e^{-z} - 1 + z` (series near 0), which keeps full precision even
//! for patience of 10^12 s, and integrated by adaptive Gauss-Kronrod (7/15)
//! on the range where `g` exceeds `e^{-80}` of its peak, to ~1e-13 relative.

use super::{check, erlang_b, erlang_c_figures, offered_load, AnalyticError, Figures};

/// Kronrod 15-point nodes (positive half, QUADPACK `qk15`).
const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod 15-point weights.
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
/// Gauss 7-point weights for nodes `XGK[1], XGK[3], XGK[5], XGK[7]`.
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];
/// Weights integrated: `1`, `1 - e^{-theta x}`, `x e^{-theta x}`, `e^{-theta x}`.
const NC: usize = 4;
/// `g` below `e^{-CUT}` of its peak is ignored.
const CUT: f64 = 80.0;

/// `phi(z) = e^{-z} - 1 + z >= 0`, accurate to a few ulps also near 0.
fn phi(z: f64) -> f64 {
    if z.abs() < 0.1 {
        let p = 1.0 / 120.0
            - z * (1.0 / 720.0 - z * (1.0 / 5040.0 - z * (1.0 / 40320.0 - z / 362_880.0)));
        z * z * (0.5 - z * (1.0 / 6.0 - z * (1.0 / 24.0 - z * p)))
    } else {
        (-z).exp_m1() + z
    }
}

/// `g(x)` scaled to peak 1, in coordinates `y = x - x0` around its mode `x0`:
/// `ln g = -(n mu - c) y - (c / theta) phi(theta y)`, `c = lambda e^{-theta x0}`.
struct WaitDensity {
    theta: f64,
    x0: f64,
    tx0: f64,
    slope: f64,
    c_over_theta: f64,
    y_lo: f64,
    y_hi: f64,
}

impl WaitDensity {
    /// The density for arrival rate `lambda`, total service rate `s = n mu`
    /// and abandonment rate `theta`, and `M = ln max g`.
    fn new(lambda: f64, s: f64, theta: f64) -> (WaitDensity, f64) {
        let (tx0, c, big_m) = if lambda > s {
            let l = (lambda / s).ln();
            (l, s, s / theta * phi(-l))
        } else {
            (0.0, lambda, 0.0)
        };
        let mut d = WaitDensity {
            theta,
            x0: tx0 / theta,
            tx0,
            slope: s - c,
            c_over_theta: c / theta,
            y_lo: 0.0,
            y_hi: 0.0,
        };
        let h0 = 1.0 / (d.slope + (c * theta).sqrt());
        let mut y = h0;
        while d.ln_g(y) > -CUT {
            y *= 2.0;
        }
        d.y_hi = y;
        if d.x0 > 0.0 {
            let mut y = -h0;
            while y > -d.x0 && d.ln_g(y) > -CUT {
                y *= 2.0;
            }
            d.y_lo = y.max(-d.x0);
        }
        (d, big_m)
    }

    fn ln_g(&self, y: f64) -> f64 {
        -self.slope * y - self.c_over_theta * phi(self.theta * y)
    }

    fn eval(&self, y: f64) -> [f64; NC] {
        let g = self.ln_g(y).exp();
        let tx = self.tx0 + self.theta * y;
        let e = (-tx).exp();
        let x = self.x0 + y;
        [g, -g * (-tx).exp_m1(), g * x * e, g * e]
    }

    /// Gauss-Kronrod 7/15 on `[a, b]`: (Kronrod estimate, |Kronrod - Gauss|).
    fn gk15(&self, a: f64, b: f64) -> ([f64; NC], [f64; NC]) {
        let (mid, half) = (0.5 * (a + b), 0.5 * (b - a));
        let (mut k, mut g) = ([0.0; NC], [0.0; NC]);
        for j in 0..8 {
            let pts: &[f64] = if j == 7 { &[0.0] } else { &[-1.0, 1.0] };
            for &sg in pts {
                let f = self.eval(mid + sg * half * XGK[j]);
                for i in 0..NC {
                    k[i] += WGK[j] * f[i];
                    if j % 2 == 1 {
                        g[i] += WG[j / 2] * f[i];
                    }
                }
            }
        }
        let mut err = [0.0; NC];
        for i in 0..NC {
            k[i] *= half;
            err[i] = (k[i] - g[i] * half).abs();
        }
        (k, err)
    }

    /// Integrals of the four weighted densities over `x < split` and `x > split`.
    fn integrals(&self, split: f64) -> ([f64; NC], [f64; NC]) {
        let mut cuts = vec![];
        let segs: &[(f64, f64)] = &[(self.y_lo, 0.0), (0.0, self.y_hi)];
        for &(a, b) in segs.iter().filter(|(a, b)| b > a) {
            for q in 0..4 {
                cuts.push(a + (b - a) * q as f64 / 4.0);
            }
        }
        cuts.push(self.y_hi);
        let ys = split - self.x0;
        if ys > self.y_lo && ys < self.y_hi {
            cuts.push(ys);
            cuts.sort_by(f64::total_cmp);
        }
        let mut work: Vec<(f64, f64, [f64; NC], [f64; NC])> = cuts
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| {
                let (k, e) = self.gk15(w[0], w[1]);
                (w[0], w[1], k, e)
            })
            .collect();
        let mut atol = [0.0; NC];
        for p in &work {
            for (t, k) in atol.iter_mut().zip(p.2) {
                *t += 1e-15 * k.abs();
            }
        }
        let (mut below, mut above) = ([0.0; NC], [0.0; NC]);
        let mut budget = 4000;
        while let Some((a, b, k, e)) = work.pop() {
            let ok = (0..NC).all(|i| e[i] <= (1e-11 * k[i].abs()).max(atol[i]));
            if ok || budget == 0 || b - a <= 1e-12 * (a.abs() + b.abs()) {
                let side = if 0.5 * (a + b) < ys {
                    &mut below
                } else {
                    &mut above
                };
                for i in 0..NC {
                    side[i] += k[i];
                }
            } else {
                budget -= 1;
                let m = 0.5 * (a + b);
                let (k1, e1) = self.gk15(a, m);
                let (k2, e2) = self.gk15(m, b);
                work.push((a, m, k1, e1));
                work.push((m, b, k2, e2));
            }
        }
        (below, above)
    }
}

/// The solved queue for one split point: `P(V > 0)`, `P(V = 0)`, the scale
/// `c = P(V > 0) / ∫ g` and the weighted integrals below and above the split.
struct Solved {
    p_wait: f64,
    p0: f64,
    scale: f64,
    below: [f64; NC],
    above: [f64; NC],
}

fn solve(
    rate: f64,
    mean_handle: f64,
    theta: f64,
    agents: u32,
    split: f64,
) -> Result<Solved, AnalyticError> {
    let a = rate * mean_handle;
    let s = agents as f64 / mean_handle;
    let (d, big_m) = WaitDensity::new(rate, s, theta);
    let (below, above) = d.integrals(split);
    let i0 = below[0] + above[0];
    let b = erlang_b(a, agents - 1)?;
    let (p_wait, p0) = if b > 0.0 && i0 > 0.0 {
        let ln_k = rate.ln() + b.ln() + big_m + i0.ln();
        (1.0 / (1.0 + (-ln_k).exp()), 1.0 / (1.0 + ln_k.exp()))
    } else {
        (0.0, 1.0)
    };
    let scale = if i0 > 0.0 { p_wait / i0 } else { 0.0 };
    Ok(Solved {
        p_wait,
        p0,
        scale,
        below,
        above,
    })
}

/// Validated patience: finite >= 0 or `+INFINITY`.
fn check_patience(mean_patience: f64) -> Result<f64, AnalyticError> {
    if mean_patience == f64::INFINITY {
        Ok(mean_patience)
    } else {
        check("mean_patience", mean_patience)
    }
}

/// Figures of an M/M/n+M (Erlang A) center: arrivals at `rate` per second,
/// exponential handle times of mean `mean_handle` s, exponential patience of
/// mean `mean_patience` s (`INFINITY` = nobody abandons), `agents` agents,
/// service-level threshold `threshold` s.
///
/// Why: real callers hang up; Erlang C then overstates waits and staffing,
/// and cannot answer at all when load >= agents, which Erlang A can.
///
/// Method: see the module documentation (exact virtual-wait density of
/// Baccelli & Hebuterne 1981 / Mandelbaum & Zeltyn 2007, integrated
/// numerically to ~1e-13). With `theta = 1 / mean_patience`:
/// `p_wait = P(V > 0)`; `service_level = P(V <= T and tau > V)` (abandons
/// count as failures even before `T`); `service_level_answered` divides it by
/// `P(answered)`; `asa = E[V; answered] / P(answered)`;
/// `mean_wait = E[min(V, tau)]`; `abandon_rate = theta * mean_wait`;
/// `mean_queue_length = rate * mean_wait` (Little); `occupancy = a P(answered) / n`.
/// Limits: `mean_patience = INFINITY` is Erlang C (and errors
/// [`AnalyticError::Overloaded`] when load >= agents); `mean_patience = 0`
/// is the loss system (everyone who would wait leaves: `abandon = B(n, a)`);
/// `agents = 0` means every caller abandons (ratios over answered calls
/// are then reported as 0). Reference: C. Palm,
/// "Intensitätsschwankungen im Fernsprechverkehr" (1943); O. Garnett,
/// A. Mandelbaum & M. Reiman, "Designing a call center with impatient
/// customers" (2002).
pub fn erlang_a_figures(
    rate: f64,
    mean_handle: f64,
    mean_patience: f64,
    agents: u32,
    threshold: f64,
) -> Result<Figures, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    let patience = check_patience(mean_patience)?;
    check("threshold", threshold)?;
    if a == 0.0 {
        return Ok(Figures::idle(agents, a));
    }
    if patience.is_infinite() {
        return erlang_c_figures(rate, mean_handle, agents, threshold);
    }
    let mut f = Figures::idle(agents, a);
    let theta = 1.0 / patience;
    if agents == 0 {
        f.p_wait = 1.0;
        f.service_level = 0.0;
        f.service_level_answered = 0.0;
        f.abandon_rate = 1.0;
        f.mean_wait_seconds = patience;
        f.mean_queue_length = rate * patience;
        return Ok(f);
    }
    let n = agents as f64;
    if !theta.is_finite() {
        let b = erlang_b(a, agents)?;
        f.p_wait = b;
        f.abandon_rate = b;
        f.service_level = 1.0 - b;
        f.occupancy = a * (1.0 - b) / n;
        return Ok(f);
    }
    let r = solve(rate, mean_handle, theta, agents, threshold)?;
    let total = |i: usize| r.below[i] + r.above[i];
    let answered = (r.p0 + r.scale * total(3)).min(1.0);
    let abandon = (r.scale * total(1)).min(1.0);
    let mean_wait = abandon / theta;
    let sl = (r.p0 + r.scale * r.below[3]).min(answered);
    f.p_wait = r.p_wait;
    f.service_level = sl;
    f.service_level_answered = if answered > 0.0 { sl / answered } else { 0.0 };
    f.asa_seconds = if answered > 0.0 {
        r.scale * total(2) / answered
    } else {
        0.0
    };
    f.mean_wait_seconds = mean_wait;
    f.abandon_rate = abandon;
    f.occupancy = (a * answered / n).min(1.0);
    f.mean_queue_length = rate * mean_wait;
    Ok(f)
}

/// P(wait <= t AND the caller abandons) among arrivals in M/M/c+M: used to exclude short abandons.
///
/// Why: the service-level definition "excluding calls abandoned before T"
/// removes these callers from the denominator.
///
/// Formula: `∫ f_V(x) (1 - e^{-theta min(x, t)}) dx`, i.e.
/// `c [∫_0^t g (1 - e^{-theta x}) + (1 - e^{-theta t}) ∫_t^∞ g]` in the
/// notation of the module documentation (Mandelbaum & Zeltyn, "The M/M/n+G
/// queue: summary of performance measures", 2007). Zero for infinite
/// patience; `B(n, a)` for zero patience; `1 - e^{-t / patience}` with no agents.
pub fn erlang_a_abandon_within(
    rate: f64,
    mean_handle: f64,
    mean_patience: f64,
    agents: u32,
    t: f64,
) -> Result<f64, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    let patience = check_patience(mean_patience)?;
    check("t", t)?;
    if a == 0.0 || patience.is_infinite() {
        return Ok(0.0);
    }
    let theta = 1.0 / patience;
    if !theta.is_finite() {
        return erlang_b(a, agents);
    }
    let gone_by_t = -(-theta * t).exp_m1();
    if agents == 0 {
        return Ok(gone_by_t);
    }
    let r = solve(rate, mean_handle, theta, agents, t)?;
    Ok((r.scale * (r.below[1] + gone_by_t * r.above[0])).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests;
