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
///
/// The sums are kept in fixed point (integers counting 2^-40 units, each
/// addend rounded to that grid), so adding replications in any grouping
/// gives exactly the same sums: the accumulators of shards merge into
/// exactly those of the unsharded run ([`crate::shard`]). The rounding is
/// at most 4.6e-13 per replication, far below any figure's precision;
/// sums up to about 1.5e26 fit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatioAccumulator {
    n: u64,
    sx: Fixed,
    sy: Fixed,
    sxx: Fixed,
    syy: Fixed,
    sxy: Fixed,
}

/// A fixed-point sum: an integer number of 2^-40 units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Fixed(pub(super) i128);

impl Fixed {
    const UNIT: f64 = 1_099_511_627_776.0;

    #[inline]
    pub(super) fn add(&mut self, x: f64) {
        // `as` saturates (and maps NaN to 0): never a panic.
        self.0 = self.0.saturating_add((x * Self::UNIT).round() as i128);
    }

    #[inline]
    pub(super) fn get(self) -> f64 {
        self.0 as f64 / Self::UNIT
    }
}

impl RatioAccumulator {
    /// Adds one replication's numerator and denominator.
    #[inline]
    pub fn add(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sx.add(x);
        self.sy.add(y);
        self.sxx.add(x * x);
        self.syy.add(y * y);
        self.sxy.add(x * y);
    }

    /// Adds the replications of `other` (exact: the result does not depend
    /// on how replications were grouped).
    pub fn merge(&mut self, other: &RatioAccumulator) {
        self.n += other.n;
        for (a, b) in [
            (&mut self.sx, other.sx),
            (&mut self.sy, other.sy),
            (&mut self.sxx, other.sxx),
            (&mut self.syy, other.syy),
            (&mut self.sxy, other.sxy),
        ] {
            a.0 = a.0.saturating_add(b.0);
        }
    }

    /// The state as six integers: the count, then the five fixed-point sums.
    pub fn to_parts(&self) -> [i128; 6] {
        [
            i128::from(self.n),
            self.sx.0,
            self.sy.0,
            self.sxx.0,
            self.syy.0,
            self.sxy.0,
        ]
    }

    /// The accumulator of [`RatioAccumulator::to_parts`]; `None` for a
    /// count that is not a `u64`.
    pub fn from_parts(p: [i128; 6]) -> Option<RatioAccumulator> {
        Some(RatioAccumulator {
            n: u64::try_from(p[0]).ok()?,
            sx: Fixed(p[1]),
            sy: Fixed(p[2]),
            sxx: Fixed(p[3]),
            syy: Fixed(p[4]),
            sxy: Fixed(p[5]),
        })
    }

    /// Replications added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Estimate and its two-sided interval at `level` (e.g. 0.95). The mean
    /// is NaN when every denominator was zero; the interval is NaN with fewer
    /// than two replications.
    pub fn estimate_at(&self, level: f64) -> Estimate {
        let (sx, sy, sxx, syy, sxy) = (
            self.sx.get(),
            self.sy.get(),
            self.sxx.get(),
            self.syy.get(),
            self.sxy.get(),
        );
        if sy <= 0.0 {
            return Estimate {
                mean: f64::NAN,
                ci95: [f64::NAN, f64::NAN],
            };
        }
        let r = sx / sy;
        let n = self.n as f64;
        if self.n < 2 {
            return Estimate {
                mean: r,
                ci95: [f64::NAN, f64::NAN],
            };
        }
        let ss = (sxx - 2.0 * r * sxy + r * r * syy).max(0.0);
        let var = ss / (n - 1.0);
        let ybar = sy / n;
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
