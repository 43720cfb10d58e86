//! Handle-time fits: lognormal and gamma by maximum likelihood, each with
//! its log-likelihood and Kolmogorov-Smirnov distance, and the lognormal
//! by moments (the sample's mean and CV exactly). The choice: of the two
//! maximum-likelihood fits whose mean and CV are both within
//! [`MOMENT_TOLERANCE`] (2%) of the sample's, the larger likelihood (both
//! have two parameters, so the likelihood alone compares them fairly; AIC
//! would rank them the same way); when neither keeps the sample's mean and
//! CV, the lognormal by moments, because queueing figures depend on the
//! mean and CV of the handle time far more than on its shape.

use super::special::{digamma, gamma_p, ln_gamma, normal_cdf, trigamma};

/// A fitted two-parameter family, described as the scenario file names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// Mean in seconds.
    pub mean: f64,
    /// Coefficient of variation.
    pub cv: f64,
    /// Standard error of the mean (delta method on the MLE).
    pub mean_se: f64,
    /// Standard error of the CV (delta method on the MLE).
    pub cv_se: f64,
    /// Log-likelihood of the data at the fitted parameters.
    pub log_likelihood: f64,
    /// Kolmogorov-Smirnov distance: the largest gap between the empirical
    /// CDF of the data and the fitted CDF.
    pub ks_distance: f64,
}

/// Both fits of one sample of handle times and the chosen family.
#[derive(Debug, Clone, PartialEq)]
pub struct HandleFit {
    /// Positive values used (seconds, sorted).
    pub values: Vec<f64>,
    /// Values left out because they were zero (a lognormal or gamma cannot
    /// produce them; exports hold them for calls dropped at pickup).
    pub zeros: usize,
    /// Sample mean of the positive values.
    pub sample_mean: f64,
    /// Sample CV of the positive values.
    pub sample_cv: f64,
    /// Lognormal MLE.
    pub lognormal: Fitted,
    /// Gamma MLE.
    pub gamma: Fitted,
    /// Lognormal with the sample's mean and CV (method of moments).
    pub moments: Fitted,
}

/// Largest relative gap between a fitted and the sample's mean or CV for
/// a maximum-likelihood fit to be chosen.
pub const MOMENT_TOLERANCE: f64 = 0.02;

/// The family chosen for the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Lognormal.
    Lognormal,
    /// Gamma.
    Gamma,
}

impl HandleFit {
    /// Whether a fit keeps the sample's mean and CV within [`MOMENT_TOLERANCE`].
    pub fn keeps_moments(&self, f: &Fitted) -> bool {
        let rel = |a: f64, b: f64| (a - b).abs() / b.abs().max(1e-12);
        rel(f.mean, self.sample_mean) <= MOMENT_TOLERANCE
            && rel(f.cv, self.sample_cv) <= MOMENT_TOLERANCE
    }

    /// Whether the lognormal by moments is chosen (neither MLE keeps the moments).
    pub fn by_moments(&self) -> bool {
        !self.keeps_moments(&self.lognormal) && !self.keeps_moments(&self.gamma)
    }

    /// The chosen family and fit: the larger likelihood among the maximum-
    /// likelihood fits that keep the sample's mean and CV, else the
    /// lognormal by moments.
    pub fn best(&self) -> (Family, &Fitted) {
        let (l, g) = (
            self.keeps_moments(&self.lognormal),
            self.keeps_moments(&self.gamma),
        );
        match (l, g) {
            (true, true) if self.gamma.log_likelihood > self.lognormal.log_likelihood => {
                (Family::Gamma, &self.gamma)
            }
            (true, _) => (Family::Lognormal, &self.lognormal),
            (false, true) => (Family::Gamma, &self.gamma),
            (false, false) => (Family::Lognormal, &self.moments),
        }
    }

    /// Why [`HandleFit::best`] chose what it did, in words.
    pub fn reason(&self) -> String {
        let (family, _) = self.best();
        let name = match family {
            Family::Lognormal => "lognormal",
            Family::Gamma => "gamma",
        };
        let pct = MOMENT_TOLERANCE * 100.0;
        if self.by_moments() {
            format!(
                "lognormal by moments: neither maximum-likelihood fit keeps the sample's mean and CV within {pct:.0}% (queueing depends on those more than on the shape)"
            )
        } else if self.keeps_moments(&self.lognormal) && self.keeps_moments(&self.gamma) {
            format!(
                "{name} (larger likelihood; both keep the sample's mean and CV within {pct:.0}%)"
            )
        } else {
            format!("{name} (the only maximum-likelihood fit keeping the sample's mean and CV within {pct:.0}%)")
        }
    }
}

/// Fits lognormal and gamma to `data` (seconds). Zero values are counted and
/// left out; needs at least two distinct positive values.
pub fn fit_handle(data: &[f64]) -> Option<HandleFit> {
    let mut values: Vec<f64> = data
        .iter()
        .copied()
        .filter(|v| *v > 0.0 && v.is_finite())
        .collect();
    let zeros = data.len() - values.len();
    values.sort_by(f64::total_cmp);
    if values.len() < 2 || values[0] == values[values.len() - 1] {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let lognormal = fit_lognormal(&values);
    let gamma = fit_gamma(&values);
    let cv = var.sqrt() / mean;
    let moments = lognormal_by_moments(&values, mean, cv);
    Some(HandleFit {
        sample_mean: mean,
        sample_cv: cv,
        values,
        zeros,
        lognormal,
        gamma,
        moments,
    })
}

/// Lognormal MLE: μ and σ² are the mean and (1/n) variance of ln x; then
/// mean = exp(μ + σ²/2), CV = sqrt(exp(σ²) - 1). Standard errors by the
/// delta method from Var(μ) = σ²/n, Var(σ²) = 2σ⁴/n.
fn fit_lognormal(sorted: &[f64]) -> Fitted {
    let n = sorted.len() as f64;
    let logs: Vec<f64> = sorted.iter().map(|v| v.ln()).collect();
    let mu = logs.iter().sum::<f64>() / n;
    let s2 = (logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / n).max(1e-300);
    let mean = (mu + 0.5 * s2).exp();
    let cv = (s2.exp() - 1.0).sqrt();
    let mean_se = mean * (s2 / n + s2 * s2 / (2.0 * n)).sqrt();
    let cv_se = s2.exp() / (2.0 * cv) * s2 * (2.0 / n).sqrt();
    let sum_logs: f64 = logs.iter().sum();
    let log_likelihood = -sum_logs - 0.5 * n * (2.0 * std::f64::consts::PI * s2).ln() - 0.5 * n;
    let sigma = s2.sqrt();
    let ks_distance = ks(sorted, |x| normal_cdf((x.ln() - mu) / sigma));
    Fitted {
        mean,
        cv,
        mean_se,
        cv_se,
        log_likelihood,
        ks_distance,
    }
}

/// The lognormal with mean `mean` and CV `cv`: σ² = ln(1 + CV²), μ = ln
/// mean - σ²/2; its log-likelihood and KS distance on the data; standard
/// errors of the sample mean and CV (normal approximations).
fn lognormal_by_moments(sorted: &[f64], mean: f64, cv: f64) -> Fitted {
    let n = sorted.len() as f64;
    let s2 = (1.0 + cv * cv).ln().max(1e-300);
    let mu = mean.ln() - 0.5 * s2;
    let log_likelihood = sorted
        .iter()
        .map(|x| {
            let z = x.ln() - mu;
            -x.ln() - 0.5 * (2.0 * std::f64::consts::PI * s2).ln() - z * z / (2.0 * s2)
        })
        .sum();
    let sigma = s2.sqrt();
    Fitted {
        mean,
        cv,
        mean_se: mean * cv / n.sqrt(),
        cv_se: cv * ((1.0 + 2.0 * cv * cv) / (2.0 * n)).sqrt(),
        log_likelihood,
        ks_distance: ks(sorted, |x| normal_cdf((x.ln() - mu) / sigma)),
    }
}

/// Gamma MLE: the scale is mean/k and the shape k solves
/// ln k - ψ(k) = ln(mean) - mean(ln x), by Newton's method from the
/// Minka/Thom starting value. CV = 1/sqrt(k); standard errors from the
/// inverse Fisher information of (k, θ).
fn fit_gamma(sorted: &[f64]) -> Fitted {
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let mean_log = sorted.iter().map(|v| v.ln()).sum::<f64>() / n;
    let s = (mean.ln() - mean_log).max(1e-12);
    let mut k = (3.0 - s + ((s - 3.0).powi(2) + 24.0 * s).sqrt()) / (12.0 * s);
    for _ in 0..100 {
        let f = k.ln() - digamma(k) - s;
        let df = 1.0 / k - trigamma(k);
        let next = (k - f / df).max(k / 10.0);
        let done = (next - k).abs() < 1e-12 * k;
        k = next;
        if done {
            break;
        }
    }
    let theta = mean / k;
    // Fisher information per observation for (k, θ):
    // [[ψ'(k), 1/θ], [1/θ, k/θ²]]; its inverse gives the covariance / n.
    let (i11, i12, i22) = (trigamma(k), 1.0 / theta, k / (theta * theta));
    let det = i11 * i22 - i12 * i12;
    let (vk, vkt, vt) = (i22 / det / n, -i12 / det / n, i11 / det / n);
    // mean = kθ: gradient (θ, k).
    let mean_se = (theta * theta * vk + 2.0 * theta * k * vkt + k * k * vt)
        .max(0.0)
        .sqrt();
    // CV = k^-1/2: derivative -k^-3/2 / 2.
    let cv_se = 0.5 * k.powf(-1.5) * vk.sqrt();
    let sum_x: f64 = sorted.iter().sum();
    let log_likelihood =
        (k - 1.0) * mean_log * n - sum_x / theta - n * k * theta.ln() - n * ln_gamma(k);
    let ks_distance = ks(sorted, |x| gamma_p(k, x / theta));
    Fitted {
        mean,
        cv: 1.0 / k.sqrt(),
        mean_se,
        cv_se,
        log_likelihood,
        ks_distance,
    }
}

/// Kolmogorov-Smirnov distance between the empirical CDF of `sorted` and `cdf`.
pub fn ks(sorted: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let n = sorted.len() as f64;
    let mut d: f64 = 0.0;
    for (i, x) in sorted.iter().enumerate() {
        let f = cdf(*x);
        d = d.max(f - i as f64 / n).max((i + 1) as f64 / n - f);
    }
    d
}

/// `count` quantiles of the sorted sample at the probabilities
/// (i + 1/2)/count, i = 0..count (the midpoints, so each stands for an equal
/// share of the data), by linear interpolation between order statistics.
pub fn midpoint_quantiles(sorted: &[f64], count: usize) -> Vec<f64> {
    let n = sorted.len();
    (0..count)
        .map(|i| {
            let p = (i as f64 + 0.5) / count as f64;
            let h = p * n as f64 - 0.5;
            if h <= 0.0 {
                sorted[0]
            } else if h >= (n - 1) as f64 {
                sorted[n - 1]
            } else {
                let lo = h.floor() as usize;
                sorted[lo] + (h - lo as f64) * (sorted[lo + 1] - sorted[lo])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Dist;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn sample(d: &Dist, n: usize, seed: u64) -> Vec<f64> {
        let s = d.sampler();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..n).map(|_| s.sample(&mut rng)).collect()
    }

    /// Each MLE recovers its own family's mean and CV within 4 of its own
    /// standard errors (false-alarm rate about 6e-5 per check), and the
    /// likelihood picks the right family.
    #[test]
    fn mle_recovers_parameters_and_family() {
        let n = 20_000;
        let ln = sample(
            &Dist::LogNormal {
                mean: 240.0,
                cv: 1.0,
            },
            n,
            5,
        );
        let f = fit_handle(&ln).unwrap();
        assert_eq!(f.best().0, Family::Lognormal);
        let l = f.lognormal;
        assert!((l.mean - 240.0).abs() < 4.0 * l.mean_se, "{l:?}");
        assert!((l.cv - 1.0).abs() < 4.0 * l.cv_se, "{l:?}");
        assert!(l.ks_distance < 1.63 / (n as f64).sqrt(), "{l:?}");

        let ga = sample(
            &Dist::Gamma {
                mean: 180.0,
                cv: 0.6,
            },
            n,
            6,
        );
        let f = fit_handle(&ga).unwrap();
        assert_eq!(f.best().0, Family::Gamma);
        let g = f.gamma;
        assert!((g.mean - 180.0).abs() < 4.0 * g.mean_se, "{g:?}");
        assert!((g.cv - 0.6).abs() < 4.0 * g.cv_se, "{g:?}");
        assert!(g.ks_distance < 1.63 / (n as f64).sqrt(), "{g:?}");
    }

    #[test]
    fn zeros_are_counted_and_degenerate_samples_refused() {
        let f = fit_handle(&[0.0, 10.0, 20.0, 0.0, 40.0]).unwrap();
        assert_eq!(f.zeros, 2);
        assert_eq!(f.values, vec![10.0, 20.0, 40.0]);
        assert!(fit_handle(&[5.0, 5.0, 5.0]).is_none());
        assert!(fit_handle(&[5.0]).is_none());
    }

    #[test]
    fn quantiles_interpolate() {
        let q = midpoint_quantiles(&[1.0, 2.0, 3.0, 4.0], 4);
        assert_eq!(q, vec![1.0, 2.0, 3.0, 4.0]);
        let q = midpoint_quantiles(&[0.0, 10.0], 4);
        assert_eq!(q, vec![0.0, 2.5, 7.5, 10.0]);
    }
}
