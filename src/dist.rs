//! The distributions a scenario can name for handle times and patience, each
//! knowing its mean and variance so that the formulas and warnings can use them.
//!
//! Sampling goes through [`Sampler`], built once per scenario, so the hot loop
//! only draws numbers and never allocates.

use rand::Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Uniform};

/// A validated distribution of a duration in seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Exponential with this mean.
    Exponential {
        /// Mean in seconds.
        mean: f64,
    },
    /// Lognormal with this mean and coefficient of variation.
    LogNormal {
        /// Mean in seconds.
        mean: f64,
        /// Standard deviation over mean.
        cv: f64,
    },
    /// Gamma with this mean and coefficient of variation.
    Gamma {
        /// Mean in seconds.
        mean: f64,
        /// Standard deviation over mean.
        cv: f64,
    },
    /// Always this value.
    Deterministic {
        /// The value in seconds.
        value: f64,
    },
    /// Uniform between two bounds.
    Uniform {
        /// Lower bound in seconds.
        min: f64,
        /// Upper bound in seconds.
        max: f64,
    },
    /// Resamples these observed values with equal probability.
    Empirical {
        /// Observed values in seconds (non-empty).
        values: Vec<f64>,
    },
    /// Never happens: an infinite duration (patience of a caller who never hangs up).
    Never,
}

impl Dist {
    /// Mean in seconds (infinite for [`Dist::Never`]).
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean }
            | Dist::LogNormal { mean, .. }
            | Dist::Gamma { mean, .. } => *mean,
            Dist::Deterministic { value } => *value,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
            Dist::Never => f64::INFINITY,
        }
    }

    /// Variance in seconds squared (infinite for [`Dist::Never`]).
    pub fn variance(&self) -> f64 {
        match self {
            Dist::Exponential { mean } => mean * mean,
            Dist::LogNormal { mean, cv } | Dist::Gamma { mean, cv } => (mean * cv).powi(2),
            Dist::Deterministic { .. } => 0.0,
            Dist::Uniform { min, max } => (max - min).powi(2) / 12.0,
            Dist::Empirical { values } => {
                let m = self.mean();
                values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64
            }
            Dist::Never => f64::INFINITY,
        }
    }

    /// The same shape with every duration multiplied by `f` (mean times `f`,
    /// coefficient of variation unchanged): what "handle time 10% longer"
    /// means for any family. [`Dist::Never`] stays never.
    pub fn scaled(&self, f: f64) -> Dist {
        match self {
            Dist::Exponential { mean } => Dist::Exponential { mean: mean * f },
            Dist::LogNormal { mean, cv } => Dist::LogNormal {
                mean: mean * f,
                cv: *cv,
            },
            Dist::Gamma { mean, cv } => Dist::Gamma {
                mean: mean * f,
                cv: *cv,
            },
            Dist::Deterministic { value } => Dist::Deterministic { value: value * f },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * f,
                max: max * f,
            },
            Dist::Empirical { values } => Dist::Empirical {
                values: values.iter().map(|v| v * f).collect(),
            },
            Dist::Never => Dist::Never,
        }
    }

    /// Coefficient of variation (standard deviation over mean); 0 when the mean is 0.
    pub fn cv(&self) -> f64 {
        let m = self.mean();
        if m > 0.0 && m.is_finite() {
            self.variance().sqrt() / m
        } else {
            0.0
        }
    }

    /// Whether this is the exponential family, where the Erlang formulas are exact.
    pub fn is_exponential(&self) -> bool {
        matches!(self, Dist::Exponential { .. })
    }

    /// A sampler for this distribution. Validation guarantees the parameters
    /// are sound; a distribution that still cannot be built samples its mean.
    pub fn sampler(&self) -> Sampler {
        match self {
            Dist::Exponential { mean } => match Exp::new(1.0 / mean) {
                Ok(e) if *mean > 0.0 => Sampler::Exponential(e),
                _ => Sampler::Constant(*mean),
            },
            Dist::LogNormal { mean, cv } => {
                // If X = exp(N(mu, s^2)) then E X = exp(mu + s^2/2), CV^2 = exp(s^2) - 1.
                let s2 = (1.0 + cv * cv).ln();
                let mu = mean.ln() - 0.5 * s2;
                match LogNormal::new(mu, s2.sqrt()) {
                    Ok(d) => Sampler::LogNormal(d),
                    Err(_) => Sampler::Constant(*mean),
                }
            }
            Dist::Gamma { mean, cv } => {
                // shape k = 1/CV^2, scale = mean * CV^2.
                let shape = 1.0 / (cv * cv);
                match Gamma::new(shape, mean * cv * cv) {
                    Ok(d) => Sampler::Gamma(d),
                    Err(_) => Sampler::Constant(*mean),
                }
            }
            Dist::Deterministic { value } => Sampler::Constant(*value),
            Dist::Uniform { min, max } => match Uniform::new_inclusive(*min, *max) {
                Ok(d) => Sampler::Uniform(d),
                Err(_) => Sampler::Constant(*min),
            },
            Dist::Empirical { values } => Sampler::Empirical(values.clone()),
            Dist::Never => Sampler::Constant(f64::INFINITY),
        }
    }
}

/// A ready-to-draw distribution (see [`Dist::sampler`]).
#[derive(Debug, Clone)]
pub enum Sampler {
    /// Exponential.
    Exponential(Exp<f64>),
    /// Lognormal.
    LogNormal(LogNormal<f64>),
    /// Gamma.
    Gamma(Gamma<f64>),
    /// Uniform.
    Uniform(Uniform<f64>),
    /// A constant (deterministic, or infinite patience).
    Constant(f64),
    /// Equal-probability resampling of observed values.
    Empirical(Vec<f64>),
}

impl Sampler {
    /// One draw in seconds.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Exponential(d) => d.sample(rng),
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Constant(v) => *v,
            Sampler::Empirical(values) => values[rng.random_range(0..values.len())],
        }
    }

    /// Whether every draw is infinite (nobody abandons), so no random number is used.
    pub fn is_never(&self) -> bool {
        matches!(self, Sampler::Constant(v) if v.is_infinite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Scaling multiplies the mean by the factor and keeps the CV, in every family.
    #[test]
    fn scaled_keeps_the_shape() {
        let cases = [
            Dist::Exponential { mean: 180.0 },
            Dist::LogNormal {
                mean: 300.0,
                cv: 1.2,
            },
            Dist::Gamma {
                mean: 250.0,
                cv: 0.7,
            },
            Dist::Deterministic { value: 60.0 },
            Dist::Uniform {
                min: 30.0,
                max: 90.0,
            },
            Dist::Empirical {
                values: vec![10.0, 20.0, 60.0],
            },
        ];
        for d in cases {
            let s = d.scaled(1.5);
            assert!((s.mean() - 1.5 * d.mean()).abs() < 1e-9, "{d:?}");
            assert!((s.cv() - d.cv()).abs() < 1e-12, "{d:?}");
        }
        assert_eq!(Dist::Never.scaled(2.0), Dist::Never);
    }

    /// Sample mean and variance agree with the stated moments within 4.5
    /// standard errors (false-alarm rate about 1e-5 per check), fixed seed.
    #[test]
    fn samplers_match_their_moments() {
        let cases = [
            Dist::Exponential { mean: 180.0 },
            Dist::LogNormal {
                mean: 300.0,
                cv: 1.0,
            },
            Dist::Gamma {
                mean: 240.0,
                cv: 0.5,
            },
            Dist::Uniform {
                min: 60.0,
                max: 120.0,
            },
            Dist::Empirical {
                values: vec![10.0, 20.0, 60.0, 300.0],
            },
        ];
        let n = 400_000;
        for (i, d) in cases.iter().enumerate() {
            let s = d.sampler();
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(11 + i as u64);
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let se = (d.variance() / n as f64).sqrt();
            assert!(
                (mean - d.mean()).abs() < 4.5 * se,
                "{d:?}: mean {mean} vs {}",
                d.mean()
            );
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            // Relative error of a sample variance is about sqrt((kurtosis - 1)/n);
            // a loose 5% bound is many standard errors for these families.
            assert!(
                (var / d.variance() - 1.0).abs() < 0.05,
                "{d:?}: variance {var} vs {}",
                d.variance()
            );
        }
    }
}
