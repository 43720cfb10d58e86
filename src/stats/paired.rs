//! The paired difference of two ratio estimators observed on the same
//! replications (common random numbers), from exact streaming sums.
//!
//! Replication i gives (x_Ai, y_Ai) for scenario A and (x_Bi, y_Bi) for B;
//! the difference is R_B - R_A with R = sum x / sum y. Its interval uses
//! the linearised residuals (the delta method)
//! `u_i = (x_Bi - R_B y_Bi)/mean(y_B) - (x_Ai - R_A y_Ai)/mean(y_A)`:
//! the 95% half-width is `t(0.975, n-1) * sd(u) / sqrt(n)` (for counts,
//! y = 1, the ordinary paired t interval of x_B - x_A). `sum u_i^2` is a
//! quadratic form in the four series, so it needs only their sums and the
//! sums of their ten products, which are kept in fixed point (integers of
//! 2^-40 units, as [`super::RatioAccumulator`]'s): adding the sums of
//! replications 0-49 to those of 50-99 gives exactly those of 0-99, so a
//! comparison split into shards ([`crate::shard`]) merges bit for bit.
//! Memory does not grow with the replications.

use super::estimate::{Estimate, Fixed};
use super::student::t_quantile;

/// Mergeable sums of a paired ratio difference (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairedAccumulator {
    n: u64,
    /// Sums of x_A, y_A, x_B, y_B.
    s: [Fixed; 4],
    /// Sums of x_A², y_A², x_B², y_B², x_A y_A, x_B y_B, x_A x_B, y_A y_B,
    /// x_B y_A, x_A y_B.
    q: [Fixed; 10],
}

/// Integers in [`PairedAccumulator::to_parts`].
pub const PARTS: usize = 15;

impl PairedAccumulator {
    /// Adds one replication's (numerator, denominator) of A and of B.
    #[inline]
    pub fn add(&mut self, a: (f64, f64), b: (f64, f64)) {
        let ((xa, ya), (xb, yb)) = (a, b);
        self.n += 1;
        for (f, v) in self.s.iter_mut().zip([xa, ya, xb, yb]) {
            f.add(v);
        }
        let products = [
            xa * xa,
            ya * ya,
            xb * xb,
            yb * yb,
            xa * ya,
            xb * yb,
            xa * xb,
            ya * yb,
            xb * ya,
            xa * yb,
        ];
        for (f, v) in self.q.iter_mut().zip(products) {
            f.add(v);
        }
    }

    /// Adds the replications of `other` (exact).
    pub fn merge(&mut self, other: &PairedAccumulator) {
        self.n += other.n;
        for (a, b) in self
            .s
            .iter_mut()
            .chain(self.q.iter_mut())
            .zip(other.s.iter().chain(&other.q))
        {
            a.0 = a.0.saturating_add(b.0);
        }
    }

    /// The state as integers: the count, then the fixed-point sums.
    pub fn to_parts(&self) -> [i128; PARTS] {
        let mut p = [0i128; PARTS];
        p[0] = i128::from(self.n);
        for (slot, f) in p[1..].iter_mut().zip(self.s.iter().chain(&self.q)) {
            *slot = f.0;
        }
        p
    }

    /// The accumulator of [`PairedAccumulator::to_parts`]; `None` for a
    /// count that is not a `u64`.
    pub fn from_parts(p: [i128; PARTS]) -> Option<PairedAccumulator> {
        let mut a = PairedAccumulator {
            n: u64::try_from(p[0]).ok()?,
            ..PairedAccumulator::default()
        };
        for (f, v) in a.s.iter_mut().chain(a.q.iter_mut()).zip(&p[1..]) {
            f.0 = *v;
        }
        Some(a)
    }

    /// Replications added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// R_B - R_A with its 95% paired interval: the mean is NaN when either
    /// side's denominators are all zero, the interval NaN with fewer than
    /// two replications.
    pub fn difference(&self) -> Estimate {
        let nan = Estimate {
            mean: f64::NAN,
            ci95: [f64::NAN; 2],
        };
        let [sxa, sya, sxb, syb] = self.s.map(Fixed::get);
        if self.n == 0 || sya <= 0.0 || syb <= 0.0 {
            return nan;
        }
        let (ra, rb) = (sxa / sya, sxb / syb);
        let mean = rb - ra;
        if self.n < 2 {
            return Estimate { mean, ..nan };
        }
        let nf = self.n as f64;
        let (ya, yb) = (sya / nf, syb / nf);
        // u = al x_B - be y_B - ga x_A + de y_A.
        let (al, be, ga, de) = (1.0 / yb, rb / yb, 1.0 / ya, ra / ya);
        let [xaxa, yaya, xbxb, ybyb, xaya, xbyb, xaxb, yayb, xbya, xayb] = self.q.map(Fixed::get);
        // Grouped so that identical series cancel exactly: the x terms,
        // the y terms, and the cross terms.
        let xx = (al * al * xbxb + ga * ga * xaxa) - 2.0 * (al * ga * xaxb);
        let yy = (be * be * ybyb + de * de * yaya) - 2.0 * (be * de * yayb);
        let xy = 2.0 * ((al * de * xbya + be * ga * xayb) - (al * be * xbyb + ga * de * xaya));
        let ss = (xx + yy + xy).max(0.0);
        let h = t_quantile(0.975, self.n - 1) * (ss / (nf - 1.0) / nf).sqrt();
        Estimate {
            mean,
            ci95: [mean - h, mean + h],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The residual formula summed directly, for comparison.
    fn direct(a: &[(f64, f64)], b: &[(f64, f64)]) -> (f64, f64) {
        let n = a.len() as f64;
        let (ax, ay) = a.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        let (bx, by) = b.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        let (ra, rb) = (ax / ay, bx / by);
        let ss: f64 = a
            .iter()
            .zip(b)
            .map(|(p, q)| {
                let u = (q.0 - rb * q.1) / (by / n) - (p.0 - ra * p.1) / (ay / n);
                u * u
            })
            .sum();
        (
            rb - ra,
            t_quantile(0.975, a.len() as u64 - 1) * (ss / (n - 1.0) / n).sqrt(),
        )
    }

    fn of(a: &[(f64, f64)], b: &[(f64, f64)]) -> PairedAccumulator {
        let mut acc = PairedAccumulator::default();
        for (p, q) in a.iter().zip(b) {
            acc.add(*p, *q);
        }
        acc
    }

    #[test]
    fn counts_give_the_paired_t_interval() {
        // d = b - a = [1, 2, 3, 2]: mean 2, sd sqrt(2/3), t(0.975, 3) = 3.182.
        let a = [(10.0, 1.0), (12.0, 1.0), (9.0, 1.0), (11.0, 1.0)];
        let b = [(11.0, 1.0), (14.0, 1.0), (12.0, 1.0), (13.0, 1.0)];
        let d = of(&a, &b).difference();
        assert!((d.mean - 2.0).abs() < 1e-12);
        let h = 3.182_446 * ((2.0 / 3.0) / 4.0f64).sqrt();
        assert!((d.half_width() - h).abs() < 1e-4);
    }

    #[test]
    fn identical_series_differ_by_exactly_zero() {
        let a = [(3.0, 10.0), (5.0, 9.0), (4.0, 12.0), (1234.5, 7.25)];
        let d = of(&a, &a).difference();
        assert_eq!(d.mean, 0.0);
        assert_eq!(d.ci95, [0.0, 0.0]);
    }

    #[test]
    fn sums_agree_with_the_residuals_and_merge_exactly() {
        // Correlated ratio series, as common random numbers give.
        let a: Vec<(f64, f64)> = (0..50)
            .map(|i| {
                let y = 90.0 + f64::from((i * 37) % 23);
                (0.8 * y + f64::from((i * 11) % 7), y)
            })
            .collect();
        let b: Vec<(f64, f64)> = a
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| (x + 2.0 + (i % 3) as f64, y))
            .collect();
        let d = of(&a, &b).difference();
        let (mean, h) = direct(&a, &b);
        assert!((d.mean - mean).abs() < 1e-12, "{} vs {mean}", d.mean);
        assert!(
            (d.half_width() - h).abs() < 1e-9 * h,
            "{} vs {h}",
            d.half_width()
        );
        let mut left = of(&a[..17], &b[..17]);
        left.merge(&of(&a[17..], &b[17..]));
        assert_eq!(left, of(&a, &b));
        assert_eq!(PairedAccumulator::from_parts(left.to_parts()), Some(left));
    }
}
