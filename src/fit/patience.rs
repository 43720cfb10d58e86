//! Patience from waits: a caller's patience is seen only when they abandon;
//! a served caller's patience is only known to exceed the wait (it is
//! right-censored there). Two estimates use that correctly:
//!
//! - **Exponential by maximum likelihood with censoring**: the rate is the
//!   number of abandonments divided by the total time waited by everyone
//!   (abandoned, answered and otherwise ended calls alike). Its standard
//!   error is rate / sqrt(abandonments).
//! - **Kaplan-Meier**: the survival curve S(t) = P(patience > t) is the
//!   product over abandonment times t_i <= t of (1 - d_i / n_i), with d_i the
//!   abandonments at t_i and n_i the callers still waiting just before t_i
//!   (wait >= t_i). A caller censored at the same time as an abandonment
//!   counts as still at risk (the usual convention).
//!
//! Both assume that when a caller would be answered does not depend on their
//! own patience (independent censoring), which holds in a queue served in
//! order of arrival.

/// One caller's wait and whether it ended in abandonment (else censored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    /// Seconds waited.
    pub seconds: f64,
    /// True if the caller abandoned after `seconds`; false if the wait ended
    /// otherwise (answered, or the log says it ended for another reason).
    pub abandoned: bool,
}

/// The exponential patience fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponentialPatience {
    /// Abandonments seen.
    pub abandonments: usize,
    /// Total seconds waited by everyone.
    pub exposure: f64,
    /// Abandonment rate per second of waiting (MLE).
    pub rate: f64,
    /// Mean patience 1/rate, seconds (infinite with no abandonments).
    pub mean: f64,
    /// Standard error of the mean patience (mean / sqrt(abandonments)).
    pub mean_se: f64,
}

/// Censored exponential MLE: abandonments / total time waited.
pub fn exponential(waits: &[Wait]) -> ExponentialPatience {
    let abandonments = waits.iter().filter(|w| w.abandoned).count();
    let exposure: f64 = waits.iter().map(|w| w.seconds).sum();
    let rate = if exposure > 0.0 {
        abandonments as f64 / exposure
    } else {
        0.0
    };
    let mean = if rate > 0.0 {
        1.0 / rate
    } else {
        f64::INFINITY
    };
    ExponentialPatience {
        abandonments,
        exposure,
        rate,
        mean,
        mean_se: mean / (abandonments as f64).sqrt(),
    }
}

/// One step of the Kaplan-Meier curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmStep {
    /// Abandonment time, seconds.
    pub time: f64,
    /// Callers at risk just before it.
    pub at_risk: usize,
    /// Abandonments at exactly this time.
    pub events: usize,
    /// Survival P(patience > time) just after it.
    pub survival: f64,
    /// Greenwood's variance of `survival`: S² Σ d / (n (n - d)) over the
    /// steps so far (infinite once a step empties the risk set).
    pub variance: f64,
}

/// The Kaplan-Meier estimate of patience.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    /// One step per distinct abandonment time, in time order.
    pub steps: Vec<KmStep>,
    /// The longest wait observed (abandoned or not): the curve is known up to here.
    pub last_time: f64,
}

impl KaplanMeier {
    /// S(t) = P(patience > t) for t within the observed range (constant
    /// after the last step up to `last_time`).
    pub fn survival(&self, t: f64) -> f64 {
        let i = self.steps.partition_point(|s| s.time <= t);
        if i == 0 {
            1.0
        } else {
            self.steps[i - 1].survival
        }
    }

    /// The survival at the end of the observed range: the share of callers
    /// whose patience exceeds every observed wait (the censored tail).
    pub fn tail(&self) -> f64 {
        self.steps.last().map_or(1.0, |s| s.survival)
    }

    /// `count` patience values at the probabilities p_i = (i + 1/2)/count,
    /// for sampling with equal probability (the scenario's `empirical`
    /// distribution). Inside the observed range the value is the KM
    /// quantile, the smallest t with 1 - S(t) >= p. Beyond it (p > 1 -
    /// tail) the data say nothing, so the curve is extended by an
    /// exponential with rate `tail_rate` from `last_time`:
    /// S(t) = tail · exp(-rate (t - last_time)), whose quantile is
    /// last_time + ln(tail / (1 - p)) / rate. With `tail_rate` = 0 such
    /// values are infinite (those callers never abandon); the caller decides
    /// what to do with them.
    pub fn quantiles(&self, count: usize, tail_rate: f64) -> Vec<f64> {
        let tail = self.tail();
        (0..count)
            .map(|i| {
                let p = (i as f64 + 0.5) / count as f64;
                if p <= 1.0 - tail + 1e-12 {
                    self.steps
                        .iter()
                        .find(|s| 1.0 - s.survival >= p - 1e-12)
                        .map_or(self.last_time, |s| s.time)
                } else if tail_rate > 0.0 {
                    self.last_time + (tail / (1.0 - p)).ln() / tail_rate
                } else {
                    f64::INFINITY
                }
            })
            .collect()
    }
}

/// The Kaplan-Meier curve of `waits`.
pub fn kaplan_meier(waits: &[Wait]) -> KaplanMeier {
    let mut sorted: Vec<Wait> = waits.to_vec();
    // By time; at equal times abandonments first, so censored callers at
    // that time still count as at risk.
    sorted.sort_by(|a, b| {
        a.seconds
            .total_cmp(&b.seconds)
            .then(b.abandoned.cmp(&a.abandoned))
    });
    let mut steps = Vec::new();
    let mut survival = 1.0;
    let mut greenwood = 0.0;
    let mut i = 0;
    let n = sorted.len();
    while i < n {
        let t = sorted[i].seconds;
        let at_risk = n - i;
        let mut events = 0;
        let mut j = i;
        while j < n && sorted[j].seconds == t {
            if sorted[j].abandoned {
                events += 1;
            }
            j += 1;
        }
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            greenwood += if events < at_risk {
                events as f64 / (at_risk as f64 * (at_risk - events) as f64)
            } else {
                f64::INFINITY
            };
            steps.push(KmStep {
                time: t,
                at_risk,
                events,
                survival,
                variance: survival * survival * greenwood,
            });
        }
        i = j;
    }
    KaplanMeier {
        steps,
        last_time: sorted.last().map_or(0.0, |w| w.seconds),
    }
}

/// Observed against expected abandonments in one band of waiting time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HazardBand {
    /// Band start, seconds of waiting.
    pub from: f64,
    /// Band end (infinite for the last band).
    pub to: f64,
    /// Seconds waited inside the band, summed over callers.
    pub exposure: f64,
    /// Abandonments inside the band.
    pub observed: usize,
    /// Abandonments the exponential fit expects there: rate × exposure.
    pub expected_exponential: f64,
    /// Kaplan-Meier P(patience > from): the observed curve.
    pub km_survival: f64,
    /// Exponential P(patience > from) = exp(-rate · from).
    pub exp_survival: f64,
}

/// The abandonment curve by bands of waiting time: per band the time
/// callers spent waiting in it, the abandonments seen there and the number
/// the exponential fit expects (rate × exposure), with the survival of both
/// models at the band start. An exponential that fits shows expected close
/// to observed in every band (a Poisson count, so within a few
/// sqrt(expected)); the typical misfit is too few early hang-ups expected.
/// The Kaplan-Meier curve is the observed curve itself (its hazard in a
/// band is exactly observed / at risk), so it fits by construction and its
/// column shows the shape the exponential is compared with.
pub fn hazard_bands(
    waits: &[Wait],
    edges: &[f64],
    exp: &ExponentialPatience,
    km: &KaplanMeier,
) -> Vec<HazardBand> {
    let mut bands: Vec<HazardBand> = edges
        .iter()
        .enumerate()
        .map(|(i, &from)| HazardBand {
            from,
            to: edges.get(i + 1).copied().unwrap_or(f64::INFINITY),
            exposure: 0.0,
            observed: 0,
            expected_exponential: 0.0,
            km_survival: km.survival(from - 1e-9),
            exp_survival: (-exp.rate * from).exp(),
        })
        .collect();
    let first = edges.first().copied().unwrap_or(0.0);
    for w in waits {
        for b in bands.iter_mut() {
            // A wait ending exactly on an edge belongs to the band below it,
            // except at the first edge (an abandonment at 0 s counts in the first band).
            if w.seconds < b.from || (w.seconds == b.from && b.from > first) {
                break;
            }
            let end = w.seconds.min(b.to);
            b.exposure += end - b.from;
            if w.abandoned && w.seconds <= b.to {
                b.observed += 1;
            }
        }
    }
    for b in &mut bands {
        b.expected_exponential = exp.rate * b.exposure;
    }
    bands
}

/// Callers still waiting below which the Kaplan-Meier curve is too noisy to
/// judge the exponential by (its standard error there exceeds about 0.07).
pub const MIN_AT_RISK: usize = 50;

/// Largest gap between the Kaplan-Meier CDF and the exponential CDF, at
/// the KM steps (where the gap is largest) while at least [`MIN_AT_RISK`]
/// callers were still waiting: the far tail, where a handful of callers
/// decide the curve, is left out.
pub fn exponential_vs_km(exp: &ExponentialPatience, km: &KaplanMeier) -> f64 {
    let mut d: f64 = 0.0;
    let mut before = 1.0;
    for s in km.steps.iter().take_while(|s| s.at_risk >= MIN_AT_RISK) {
        let model = (-exp.rate * s.time).exp();
        d = d
            .max((model - before).abs())
            .max((model - s.survival).abs());
        before = s.survival;
    }
    d
}

/// Pearson's chi-square test of the exponential against the abandonment
/// curve: per wait band, observed abandonments O against the expected
/// E = rate × exposure (bands are merged upward until E >= 5, the usual
/// validity rule), X² = Σ (O - E)² / E with (bands - 1) degrees of freedom
/// (one parameter, the rate, was fitted). Returns (X², degrees of freedom,
/// p-value); `None` when fewer than two bands remain.
pub fn chi_square(bands: &[HazardBand]) -> Option<(f64, usize, f64)> {
    let mut merged: Vec<(f64, f64)> = Vec::new();
    let (mut o, mut e) = (0.0, 0.0);
    for b in bands {
        o += b.observed as f64;
        e += b.expected_exponential;
        if e >= 5.0 {
            merged.push((o, e));
            o = 0.0;
            e = 0.0;
        }
    }
    if let Some(last) = merged.last_mut() {
        last.0 += o;
        last.1 += e;
    }
    if merged.len() < 2 {
        return None;
    }
    let x2: f64 = merged.iter().map(|(o, e)| (o - e).powi(2) / e).sum();
    let df = merged.len() - 1;
    let p = 1.0 - super::special::gamma_p(df as f64 / 2.0, x2 / 2.0);
    Some((x2, df, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(seconds: f64, abandoned: bool) -> Wait {
        Wait { seconds, abandoned }
    }

    /// The textbook example worked by hand (see the comments).
    fn hand_data() -> Vec<Wait> {
        vec![
            w(3.0, true),
            w(5.0, false),
            w(5.0, true),
            w(7.0, true),
            w(9.0, false),
            w(10.0, true),
            w(12.0, false),
        ]
    }

    #[test]
    fn kaplan_meier_matches_hand_computation() {
        // t=3: 7 at risk, 1 event: S = 6/7.
        // t=5: 6 at risk (the censored 5 still counts), 1 event: S = 6/7 * 5/6 = 5/7.
        // t=7: 4 at risk (7, 9, 10, 12), 1 event: S = 5/7 * 3/4 = 15/28.
        // t=10: 2 at risk (10, 12), 1 event: S = 15/28 * 1/2 = 15/56.
        let km = kaplan_meier(&hand_data());
        let expect = [
            (3.0, 7, 6.0 / 7.0),
            (5.0, 6, 5.0 / 7.0),
            (7.0, 4, 15.0 / 28.0),
            (10.0, 2, 15.0 / 56.0),
        ];
        assert_eq!(km.steps.len(), expect.len());
        for (s, (t, n, surv)) in km.steps.iter().zip(expect) {
            assert_eq!(s.time, t);
            assert_eq!(s.at_risk, n);
            assert_eq!(s.events, 1);
            assert!((s.survival - surv).abs() < 1e-15, "{s:?}");
        }
        assert_eq!(km.last_time, 12.0);
        assert_eq!(km.survival(2.9), 1.0);
        assert!((km.survival(6.0) - 5.0 / 7.0).abs() < 1e-15);
        assert!((km.tail() - 15.0 / 56.0).abs() < 1e-15);
        // Greenwood at t=5: S² (1/(7·6) + 1/(6·5)) = (5/7)² · (1/42 + 1/30).
        let g = (5.0f64 / 7.0).powi(2) * (1.0 / 42.0 + 1.0 / 30.0);
        assert!((km.steps[1].variance - g).abs() < 1e-15);
    }

    #[test]
    fn chi_square_of_a_perfect_fit_is_zero_and_of_a_bad_one_large() {
        let band = |observed: usize, expected: f64| HazardBand {
            from: 0.0,
            to: 1.0,
            exposure: 0.0,
            observed,
            expected_exponential: expected,
            km_survival: 1.0,
            exp_survival: 1.0,
        };
        let (x2, df, p) = chi_square(&[band(10, 10.0), band(20, 20.0), band(3, 3.0)]).unwrap();
        // The last band (E = 3 < 5) is merged into the one before it.
        assert_eq!((x2, df), (0.0, 1));
        assert!((p - 1.0).abs() < 1e-12);
        // (30-10)^2/10 + (0-20)^2/20 = 40 + 20 = 60 on 1 df: p = P(chi2_1 > 60) ~ 9.4e-15.
        let (x2, df, p) = chi_square(&[band(30, 10.0), band(0, 20.0)]).unwrap();
        assert_eq!((x2, df), (60.0, 1));
        assert!(p < 1e-13 && p > 0.0 || p == 0.0);
    }

    #[test]
    fn exponential_is_events_over_exposure() {
        // 4 abandonments over 3+5+5+7+9+10+12 = 51 seconds.
        let e = exponential(&hand_data());
        assert_eq!(e.abandonments, 4);
        assert_eq!(e.exposure, 51.0);
        assert!((e.rate - 4.0 / 51.0).abs() < 1e-15);
        assert!((e.mean - 12.75).abs() < 1e-12);
        assert!((e.mean_se - 12.75 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn quantiles_follow_the_curve_then_the_tail() {
        let km = kaplan_meier(&hand_data());
        // F after each step: 1/7 = .1429, 2/7 = .2857, 13/28 = .4643, 41/56 = .7321.
        // Ten midpoint probabilities .05 .15 ... .95.
        let rate = 0.1;
        let q = km.quantiles(10, rate);
        // Midpoints .05 .25 .. : .05 -> 3, .15 and .25 -> 5, .35 .45 -> 7, .55 .65 -> 10.
        assert_eq!(&q[..7], &[3.0, 5.0, 5.0, 7.0, 7.0, 10.0, 10.0]);
        // .75 .85 .95 are above 41/56: the exponential tail from t = 12,
        // t = 12 + ln(S_tail / (1 - p)) / rate with S_tail = 15/56.
        let tail: f64 = 15.0 / 56.0;
        for (i, p) in [(7, 0.75), (8, 0.85), (9, 0.95)] {
            let exact = 12.0 + (tail / (1.0 - p)).ln() / rate;
            assert!((q[i] - exact).abs() < 1e-9, "{i}: {} vs {exact}", q[i]);
        }
        assert!(km.quantiles(10, 0.0)[9].is_infinite());
    }
}
