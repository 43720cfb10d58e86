//! Fixed-bin histograms of waiting times, for wait percentiles without
//! storing every wait. Bins: exactly zero; 1 s wide up to 10 min; 10 s wide
//! up to 1 h; 60 s wide up to 4 h; one bin beyond. A percentile is
//! interpolated linearly inside its bin, so it is exact to within a bin width.

/// Number of bins of one histogram.
pub const BINS: usize = 1082;
const LAST_EDGE: f64 = 14_400.0;

/// Bin of a wait in seconds.
#[inline]
pub fn bin_of(wait: f64) -> usize {
    if wait <= 0.0 {
        0
    } else if wait < 600.0 {
        1 + wait as usize
    } else if wait < 3600.0 {
        601 + ((wait - 600.0) / 10.0) as usize
    } else if wait < LAST_EDGE {
        901 + ((wait - 3600.0) / 60.0) as usize
    } else {
        BINS - 1
    }
}

/// Lower and upper edge of bin `b` in seconds.
pub fn edges(b: usize) -> (f64, f64) {
    match b {
        0 => (0.0, 0.0),
        1..=600 => ((b - 1) as f64, b as f64),
        601..=900 => (
            600.0 + (b - 601) as f64 * 10.0,
            610.0 + (b - 601) as f64 * 10.0,
        ),
        901..=1080 => (
            3600.0 + (b - 901) as f64 * 60.0,
            3660.0 + (b - 901) as f64 * 60.0,
        ),
        _ => (LAST_EDGE, LAST_EDGE),
    }
}

/// Many histograms in one flat array, indexed by a slot number (e.g. call
/// type and interval), so that a replication allocates once.
#[derive(Debug, Clone, PartialEq)]
pub struct Histograms {
    counts: Vec<u32>,
}

impl Histograms {
    /// `slots` empty histograms.
    pub fn new(slots: usize) -> Self {
        Histograms {
            counts: vec![0; slots * BINS],
        }
    }

    /// Empties every histogram, keeping the memory.
    pub fn clear(&mut self) {
        self.counts.fill(0);
    }

    /// Counts one wait in histogram `slot`.
    #[inline]
    pub fn add(&mut self, slot: usize, wait: f64) {
        self.counts[slot * BINS + bin_of(wait)] += 1;
    }

    /// Adds histogram `slot` into `into` (a buffer of [`BINS`] counts).
    pub fn accumulate(&self, slot: usize, into: &mut [u64]) {
        for (acc, c) in into
            .iter_mut()
            .zip(&self.counts[slot * BINS..(slot + 1) * BINS])
        {
            *acc += u64::from(*c);
        }
    }
}

/// The `p`-quantile (0 < p < 1) of the waits counted in `counts`, or `None`
/// when it holds no wait.
pub fn quantile(counts: &[u64], p: f64) -> Option<f64> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let target = p * n as f64;
    let mut before = 0.0;
    for (b, c) in counts.iter().enumerate() {
        let c = *c as f64;
        if c > 0.0 && before + c >= target {
            let (lo, hi) = edges(b);
            return Some(lo + (hi - lo) * ((target - before) / c).clamp(0.0, 1.0));
        }
        before += c;
    }
    Some(LAST_EDGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_their_edges() {
        for w in [0.5, 1.0, 599.9, 600.0, 3599.0, 3600.0, 14_399.0] {
            let (lo, hi) = edges(bin_of(w));
            assert!(lo <= w && w < hi, "{w} in [{lo},{hi})");
        }
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(1e9), BINS - 1);
    }

    #[test]
    fn quantile_of_uniform_waits_and_of_mostly_zero() {
        let mut h = Histograms::new(1);
        for i in 0..1000 {
            h.add(0, i as f64 * 0.1 + 0.05); // uniform on (0, 100)
        }
        let mut acc = vec![0; BINS];
        h.accumulate(0, &mut acc);
        assert!((quantile(&acc, 0.9).unwrap() - 90.0).abs() < 1.0);
        let mut z = vec![0u64; BINS];
        z[0] = 95;
        z[bin_of(30.0)] = 5;
        assert_eq!(quantile(&z, 0.9), Some(0.0));
        assert_eq!(quantile(&[0; BINS], 0.9), None);
    }
}
