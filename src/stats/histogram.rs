//! Histograms of waiting times, for wait percentiles without storing every
//! wait, and without a ceiling on the waits they resolve.
//!
//! # Bins
//! - bin 0: exactly zero;
//! - bins 1..=1080, the fine range: 1 s wide up to 10 min, 10 s wide up to
//!   1 h, 60 s wide up to 4 h ([`FINE_TOP`] = 14,400 s);
//! - the tail: [`OCTAVES`] octaves above 4 h (14,400 · 2^o to
//!   14,400 · 2^(o+1) s), each cut into [`SUB_BINS`] equal bins, so a tail
//!   bin is at most 1/64 (1.6%) of its lower edge wide; the tail reaches
//!   [`TOP`] = 14,400 · 2^64 s (about 8 · 10^15 years);
//! - one last bin for a wait at or beyond [`TOP`]: the only place a figure
//!   would be capped, counted and reported as such ([`capped`]).
//!
//! A percentile is interpolated linearly inside its bin, so it is exact to
//! within a bin width. The fine range is what it always was, so figures of
//! runs whose waits stay under 4 h are unchanged by the tail.
//!
//! # Memory
//! A replication's [`Histograms`] keep the fine range of every slot in one
//! flat array allocated once; a slot's tail is grown only when a wait first
//! lands beyond 4 h, up to the octave that wait needs, and kept (zeroed)
//! across replications. So counting a wait never allocates except the first
//! time a slot sees a longer wait than ever before (at most [`OCTAVES`]
//! growths per slot for the whole run).

/// Bins of the fine range (zero and 1,080 bins up to 4 h).
pub const FINE_BINS: usize = 1081;
/// Upper edge of the fine range in seconds (4 h).
pub const FINE_TOP: f64 = 14_400.0;
/// Octaves of the tail above [`FINE_TOP`].
pub const OCTAVES: usize = 64;
/// Bins per octave of the tail.
pub const SUB_BINS: usize = 64;
/// Bins of the tail, the overflow bin included.
pub const TAIL_BINS: usize = OCTAVES * SUB_BINS + 1;
/// Number of bins of one histogram (fine range, tail and overflow bin).
pub const BINS: usize = FINE_BINS + TAIL_BINS;
/// The largest wait the tail resolves: 14,400 · 2^64 s. A longer wait
/// falls in the overflow bin.
pub const TOP: f64 = FINE_TOP * 18_446_744_073_709_551_616.0;

/// Bin of a wait in seconds.
#[inline]
pub fn bin_of(wait: f64) -> usize {
    if wait <= 0.0 {
        0
    } else if wait < 600.0 {
        1 + wait as usize
    } else if wait < 3600.0 {
        601 + ((wait - 600.0) / 10.0) as usize
    } else if wait < FINE_TOP {
        901 + ((wait - 3600.0) / 60.0) as usize
    } else {
        FINE_BINS + tail_bin(wait)
    }
}

/// 2^`k` exactly, for `k` from 0 to 1023.
fn pow2(k: usize) -> f64 {
    f64::from_bits(((k as u64) + 1023) << 52)
}

/// Index within the tail of a wait of at least [`FINE_TOP`] seconds.
#[cold]
#[inline(never)]
fn tail_bin(wait: f64) -> usize {
    if wait >= TOP || wait.is_nan() {
        return TAIL_BINS - 1;
    }
    let x = wait / FINE_TOP; // in [1, 2^64) up to rounding
                             // The octave is the binary exponent of x; the bit pattern gives it
                             // exactly, without a logarithm.
    let octave = (((x.to_bits() >> 52) & 0x7ff) as usize).saturating_sub(1023);
    let scaled = x / pow2(octave); // in [1, 2), exact
    let sub = (((scaled - 1.0) * SUB_BINS as f64) as usize).min(SUB_BINS - 1);
    let mut t = (octave * SUB_BINS + sub).min(TAIL_BINS - 2);
    // The division by 14,400 rounds: step to the bin whose edges hold the wait.
    while t > 0 && wait < edges(FINE_BINS + t).0 {
        t -= 1;
    }
    while t < TAIL_BINS - 2 && wait >= edges(FINE_BINS + t).1 {
        t += 1;
    }
    t
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
        _ if b < BINS - 1 => {
            let t = b - FINE_BINS;
            let (octave, sub) = (t / SUB_BINS, t % SUB_BINS);
            let base = FINE_TOP * pow2(octave);
            let width = base / SUB_BINS as f64;
            (base + width * sub as f64, base + width * (sub + 1) as f64)
        }
        _ => (TOP, TOP),
    }
}

/// Many histograms indexed by a slot number (e.g. call type and interval),
/// the fine ranges in one flat array so that a replication allocates once.
#[derive(Debug, Clone, PartialEq)]
pub struct Histograms {
    counts: Vec<u32>,
    /// Per slot, its tail bins up to the highest octave seen so far.
    tails: Vec<Vec<u32>>,
}

impl Histograms {
    /// `slots` empty histograms.
    pub fn new(slots: usize) -> Self {
        Histograms {
            counts: vec![0; slots * FINE_BINS],
            tails: vec![Vec::new(); slots],
        }
    }

    /// Empties every histogram, keeping the memory.
    pub fn clear(&mut self) {
        self.counts.fill(0);
        for t in &mut self.tails {
            t.fill(0);
        }
    }

    /// Counts one wait in histogram `slot`.
    #[inline]
    pub fn add(&mut self, slot: usize, wait: f64) {
        let b = bin_of(wait);
        if b < FINE_BINS {
            self.counts[slot * FINE_BINS + b] += 1;
        } else {
            self.add_tail(slot, b - FINE_BINS);
        }
    }

    /// Counts a wait of the tail, growing the slot's tail to its octave.
    #[cold]
    #[inline(never)]
    fn add_tail(&mut self, slot: usize, t: usize) {
        let tail = &mut self.tails[slot];
        if tail.len() <= t {
            // Whole octaves (the overflow bin alone for an overflow).
            let len = if t == TAIL_BINS - 1 {
                TAIL_BINS
            } else {
                (t / SUB_BINS + 1) * SUB_BINS
            };
            tail.resize(len, 0);
        }
        tail[t] += 1;
    }

    /// Adds histogram `slot` into `into` (a buffer of [`BINS`] counts) and
    /// returns how many leading bins of `into` it may have touched.
    pub fn accumulate(&self, slot: usize, into: &mut [u64]) -> usize {
        for (acc, c) in into
            .iter_mut()
            .zip(&self.counts[slot * FINE_BINS..(slot + 1) * FINE_BINS])
        {
            *acc += u64::from(*c);
        }
        let tail = &self.tails[slot];
        for (acc, c) in into[FINE_BINS..].iter_mut().zip(tail) {
            *acc += u64::from(*c);
        }
        FINE_BINS + tail.len()
    }
}

/// The `p`-quantile (0 < p < 1) of the waits counted in `counts` (the
/// leading bins of a histogram; bins left out count nothing), or `None`
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
    // Rounding left the target above the sum: the largest wait counted.
    counts.iter().rposition(|&c| c > 0).map(|b| edges(b).1)
}

/// Whether the `p`-quantile of `counts` falls in the overflow bin, i.e. is
/// [`TOP`] standing for some longer wait (a lower bound, not a figure).
pub fn capped(counts: &[u64], p: f64) -> bool {
    let n: u64 = counts.iter().sum();
    let over = counts.get(BINS - 1).copied().unwrap_or(0);
    over > 0 && ((n - over) as f64) < p * n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_their_edges() {
        for w in [
            0.5, 1.0, 599.9, 600.0, 3599.0, 3600.0, 14_399.0, 14_400.0, 14_624.9, 14_625.0,
            28_799.9, 28_800.0, 1e6, 1e8, 3.3e9, 1e15, 1e20, 2.6e23,
        ] {
            let b = bin_of(w);
            let (lo, hi) = edges(b);
            assert!(lo <= w && w < hi, "{w} in bin {b} [{lo},{hi})");
            assert!(hi - lo <= w / 63.0 + 60.0, "{w}: bin [{lo},{hi}) too wide");
        }
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(14_400.0), FINE_BINS);
        assert_eq!(bin_of(TOP), BINS - 1);
        assert_eq!(bin_of(f64::INFINITY), BINS - 1);
        assert_eq!(bin_of(f64::MAX), BINS - 1);
        assert_eq!(edges(BINS - 2).1, TOP);
        // Every tail bin starts where the previous one ends.
        for b in FINE_BINS - 1..BINS - 1 {
            assert_eq!(edges(b).1, edges(b + 1).0, "bin {b}");
        }
    }

    #[test]
    fn quantile_of_uniform_waits_and_of_mostly_zero() {
        let mut h = Histograms::new(1);
        for i in 0..1000 {
            h.add(0, i as f64 * 0.1 + 0.05); // uniform on (0, 100)
        }
        let mut acc = vec![0; BINS];
        assert_eq!(h.accumulate(0, &mut acc), FINE_BINS);
        assert!((quantile(&acc, 0.9).unwrap() - 90.0).abs() < 1.0);
        let mut z = vec![0u64; BINS];
        z[0] = 95;
        z[bin_of(30.0)] = 5;
        assert_eq!(quantile(&z, 0.9), Some(0.0));
        assert_eq!(quantile(&[0; BINS], 0.9), None);
    }

    #[test]
    fn long_waits_grow_the_tail_and_keep_their_quantile() {
        // Waits uniform on (0, 100,000 s): the 90th percentile is 90,000 s,
        // far beyond the fine range.
        let mut h = Histograms::new(2);
        for i in 0..10_000 {
            h.add(1, i as f64 * 10.0 + 5.0);
        }
        let mut acc = vec![0; BINS];
        let used = h.accumulate(1, &mut acc);
        assert_eq!(
            used,
            FINE_BINS + 3 * SUB_BINS,
            "three octaves reach 115,200 s"
        );
        let p90 = quantile(&acc[..used], 0.9).unwrap();
        assert!((p90 - 90_000.0).abs() < 90_000.0 / 64.0, "p90 {p90}");
        assert!(!capped(&acc, 0.9));
        assert_eq!(acc.iter().sum::<u64>(), 10_000);
        // Clearing keeps the grown tail but empties it.
        h.clear();
        let mut acc = vec![0; BINS];
        h.accumulate(1, &mut acc);
        assert_eq!(acc.iter().sum::<u64>(), 0);
        assert_eq!(h.accumulate(0, &mut acc), FINE_BINS);
    }

    #[test]
    fn a_wait_beyond_the_top_is_capped_and_says_so() {
        let mut h = Histograms::new(1);
        h.add(0, 10.0);
        for _ in 0..9 {
            h.add(0, 1e300);
        }
        let mut acc = vec![0; BINS];
        assert_eq!(h.accumulate(0, &mut acc), BINS);
        assert_eq!(quantile(&acc, 0.9), Some(TOP));
        assert!(capped(&acc, 0.9));
        assert!(!capped(&acc, 0.05));
    }
}
