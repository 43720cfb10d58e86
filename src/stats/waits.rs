//! The distribution of waits pooled over every reported interval and
//! replication, for the wait-time chart: how many calls reached the queue,
//! how many were answered within `t` seconds for any `t`, and how many
//! abandoned.

use super::histogram::{edges, quantile, BINS};
use super::tally::Tally;

/// Pooled wait histogram of answered calls with the counts it is a share of.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitDistribution {
    /// Answered calls per histogram bin (see [`super::histogram`]).
    pub counts: Vec<u64>,
    /// Calls that reached the queue (offered minus blocked).
    pub reached: f64,
    /// Calls answered.
    pub answered: f64,
    /// Calls abandoned (including those left waiting at the close).
    pub abandoned: f64,
    first_interval: usize,
}

impl WaitDistribution {
    /// An empty distribution that will pool intervals from `first_interval` on.
    pub fn new(first_interval: usize) -> Self {
        WaitDistribution {
            counts: vec![0; BINS],
            reached: 0.0,
            answered: 0.0,
            abandoned: 0.0,
            first_interval,
        }
    }

    /// Adds one replication's reported intervals.
    pub fn add(&mut self, t: &Tally) {
        for ty in 0..t.types {
            for k in self.first_interval..t.intervals {
                let slot = ty * t.intervals + k;
                t.waits.accumulate(slot, &mut self.counts);
                let c = &t.calls[slot];
                self.reached += c.offered - c.blocked;
                self.answered += c.answered;
                self.abandoned += c.abandoned;
            }
        }
    }

    /// Share of the calls that reached the queue which were answered within
    /// `t` seconds (linear inside a histogram bin).
    pub fn answered_within(&self, t: f64) -> f64 {
        if self.reached <= 0.0 {
            return f64::NAN;
        }
        let mut n = 0.0;
        for (b, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let (lo, hi) = edges(b);
            if hi <= t {
                n += c as f64;
            } else if lo < t {
                n += c as f64 * (t - lo) / (hi - lo);
            }
        }
        n / self.reached
    }

    /// Share of the calls that reached the queue which abandoned.
    pub fn abandoned_share(&self) -> f64 {
        if self.reached <= 0.0 {
            f64::NAN
        } else {
            self.abandoned / self.reached
        }
    }

    /// The `p`-quantile of answered calls' waits, if any call was answered.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        quantile(&self.counts, p)
    }
}

impl super::reduced::Reduced for WaitDistribution {
    fn visit(&mut self, v: &mut dyn super::reduced::Visitor) {
        for c in &mut self.counts {
            v.count(c);
        }
        v.whole(&mut self.reached);
        v.whole(&mut self.answered);
        v.whole(&mut self.abandoned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_reached_calls() {
        let mut t = Tally::new(1, 2, 1);
        t.calls_mut(0, 0).offered = 99.0; // warm-up, left out
        let c = t.calls_mut(0, 1);
        c.offered = 11.0;
        c.blocked = 1.0;
        c.answered = 8.0;
        c.abandoned = 2.0;
        for w in [0.0, 0.0, 5.5, 10.0, 10.0, 30.0, 30.0, 100.0] {
            t.waits.add(1, w);
        }
        let mut d = WaitDistribution::new(1);
        d.add(&t);
        assert_eq!(d.reached, 10.0);
        assert_eq!(d.answered_within(0.0), 0.2);
        assert!((d.answered_within(6.0) - 0.3).abs() < 1e-12);
        assert!((d.answered_within(5.75) - 0.275).abs() < 1e-12);
        assert!((d.answered_within(1000.0) - 0.8).abs() < 1e-12);
        assert_eq!(d.abandoned_share(), 0.2);
    }
}
