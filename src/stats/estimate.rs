//! Point estimates with 95% confidence intervals across replications.
//!
//! Every figure is a ratio estimator: replication i contributes a numerator
//! x_i and a denominator y_i, the estimate is sum(x)/sum(y), and the interval
//! is the delta-method Student-t interval over replications (Law, "Simulation
//! Modeling and Analysis", 5th ed., sec. 9.4; the same as L'Ecuyer's SSJ
//! ratio tally). Counts use y_i = 1, which makes it the ordinary t interval
//! of a mean. Ratios such as service level are pooled over replications
//! (total within threshold over total calls), which is what a long-run share
//! means and what the Erlang formulas give; averaging per-day ratios would be
//! biased for quiet intervals. A replication with y_i = 0 (no calls) simply
//! adds nothing.

use serde::Serialize;

use super::student::t_quantile;

/// Mergeable sums of a ratio estimator.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatioAccumulator {
    n: u64,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
}

impl RatioAccumulator {
    /// Adds one replication's numerator and denominator.
    #[inline]
    pub fn add(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
    }

    /// Replications added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Estimate and its two-sided interval at `level` (e.g. 0.95). The mean
    /// is NaN when every denominator was zero; the interval is NaN with fewer
    /// than two replications.
    pub fn estimate_at(&self, level: f64) -> Estimate {
        if self.sy <= 0.0 {
            return Estimate {
                mean: f64::NAN,
                ci95: [f64::NAN, f64::NAN],
            };
        }
        let r = self.sx / self.sy;
        let n = self.n as f64;
        if self.n < 2 {
            return Estimate {
                mean: r,
                ci95: [f64::NAN, f64::NAN],
            };
        }
        let ss = (self.sxx - 2.0 * r * self.sxy + r * r * self.syy).max(0.0);
        let var = ss / (n - 1.0);
        let ybar = self.sy / n;
        let se = (var / n).sqrt() / ybar;
        let h = t_quantile(0.5 + level / 2.0, self.n - 1) * se;
        Estimate {
            mean: r,
            ci95: [r - h, r + h],
        }
    }

    /// Estimate with its 95% interval.
    pub fn estimate(&self) -> Estimate {
        self.estimate_at(0.95)
    }
}

/// A simulated figure: the mean over replications and its 95% confidence
/// interval across replications (`null` in JSON where undefined).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Point estimate.
    pub mean: f64,
    /// Lower and upper bound of the 95% confidence interval.
    pub ci95: [f64; 2],
}

impl Estimate {
    /// Half-width of the interval.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.ci95[1] - self.ci95[0])
    }

    /// Whether `value` lies inside the interval.
    pub fn contains(&self, value: f64) -> bool {
        self.ci95[0] <= value && value <= self.ci95[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_denominators_give_the_t_interval_of_the_mean() {
        let xs = [3.0, 5.0, 4.0, 6.0, 2.0];
        let mut acc = RatioAccumulator::default();
        for x in xs {
            acc.add(x, 1.0);
        }
        let e = acc.estimate();
        // mean 4, sample sd sqrt(2.5), t(0.975, 4) = 2.776
        assert!((e.mean - 4.0).abs() < 1e-12);
        let h = 2.776_445 * (2.5f64 / 5.0).sqrt();
        assert!((e.half_width() - h).abs() < 1e-3);
    }

    #[test]
    fn ratio_of_sums_is_pooled() {
        let mut acc = RatioAccumulator::default();
        acc.add(1.0, 10.0);
        acc.add(9.0, 10.0);
        acc.add(0.0, 0.0);
        assert!((acc.estimate().mean - 0.5).abs() < 1e-12);
    }
}
