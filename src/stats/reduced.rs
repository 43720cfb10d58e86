//! Reduced statistics as a flat sequence of numbers, so that the
//! accumulators of a range of replications can be written to a file and
//! added to those of other ranges exactly (sharded runs, [`crate::shard`]).
//!
//! Every type that folds replications ([`super::Summary`], the wait
//! distribution, satisfaction, the cost ledger) walks its accumulators in
//! a fixed order through a [`Visitor`]; [`flatten`] records them and
//! [`add_flat`] adds recorded ones back in. Because every sum is exact
//! (ratio sums are fixed-point integers, see [`super::RatioAccumulator`];
//! counts are integers), adding the states of consecutive ranges gives
//! exactly the state of the whole range, whatever the split.

use super::estimate::RatioAccumulator;
use super::paired::{self, PairedAccumulator};

/// Sees every accumulator of a reduced state, in a fixed order.
pub trait Visitor {
    /// A ratio accumulator.
    fn ratio(&mut self, a: &mut RatioAccumulator);
    /// A paired-difference accumulator.
    fn paired(&mut self, a: &mut PairedAccumulator);
    /// An integer count.
    fn count(&mut self, c: &mut u64);
    /// A sum of whole numbers held as `f64` (exact below 2^53).
    fn whole(&mut self, x: &mut f64);
    /// Numbers left over at the end of a range (e.g. the days of an
    /// unfinished accounting block): appended when states are added.
    fn tail(&mut self, values: &mut Vec<f64>);
}

/// A reduced state that can be walked.
pub trait Reduced {
    /// Shows every accumulator to `v`, always in the same order.
    fn visit(&mut self, v: &mut dyn Visitor);
}

/// The numbers of a reduced state, in visiting order (ratio accumulators
/// as their six integers, `f64` values as their bits, a tail as its length
/// followed by the values' bits).
pub fn flatten(state: &mut dyn Reduced) -> Vec<i128> {
    struct Writer(Vec<i128>);
    impl Visitor for Writer {
        fn ratio(&mut self, a: &mut RatioAccumulator) {
            self.0.extend_from_slice(&a.to_parts());
        }
        fn paired(&mut self, a: &mut PairedAccumulator) {
            self.0.extend_from_slice(&a.to_parts());
        }
        fn count(&mut self, c: &mut u64) {
            self.0.push(i128::from(*c));
        }
        fn whole(&mut self, x: &mut f64) {
            self.0.push(i128::from(x.to_bits()));
        }
        fn tail(&mut self, values: &mut Vec<f64>) {
            self.0.push(values.len() as i128);
            self.0
                .extend(values.iter().map(|v| i128::from(v.to_bits())));
        }
    }
    let mut w = Writer(Vec::new());
    state.visit(&mut w);
    w.0
}

/// Adds flat numbers from [`flatten`] of a state of the same shape into
/// `state`. Fails (leaving `state` partly added) when the numbers do not
/// fit the shape.
pub fn add_flat(state: &mut dyn Reduced, flat: &[i128]) -> Result<(), String> {
    struct Adder<'a> {
        flat: &'a [i128],
        at: usize,
        bad: Option<String>,
    }
    impl Adder<'_> {
        fn take(&mut self, n: usize) -> Option<&[i128]> {
            if self.bad.is_some() {
                return None;
            }
            if self.at + n > self.flat.len() {
                self.bad = Some(format!(
                    "the state ends after {} numbers, more were expected",
                    self.flat.len()
                ));
                return None;
            }
            let s = &self.flat[self.at..self.at + n];
            self.at += n;
            Some(s)
        }
        fn unsigned(&mut self, x: i128) -> Option<u64> {
            let v = u64::try_from(x).ok();
            if v.is_none() && self.bad.is_none() {
                self.bad = Some(format!("{x} is not a count"));
            }
            v
        }
    }
    impl Visitor for Adder<'_> {
        fn ratio(&mut self, a: &mut RatioAccumulator) {
            if let Some(p) = self.take(6) {
                let mut parts = [0i128; 6];
                parts.copy_from_slice(p);
                match RatioAccumulator::from_parts(parts) {
                    Some(b) => a.merge(&b),
                    None => self.bad = Some("a replication count is negative".into()),
                }
            }
        }
        fn paired(&mut self, a: &mut PairedAccumulator) {
            if let Some(p) = self.take(paired::PARTS) {
                let mut parts = [0i128; paired::PARTS];
                parts.copy_from_slice(p);
                match PairedAccumulator::from_parts(parts) {
                    Some(b) => a.merge(&b),
                    None => self.bad = Some("a replication count is negative".into()),
                }
            }
        }
        fn count(&mut self, c: &mut u64) {
            if let Some(&[x]) = self.take(1) {
                if let Some(v) = self.unsigned(x) {
                    *c += v;
                }
            }
        }
        fn whole(&mut self, x: &mut f64) {
            if let Some(&[b]) = self.take(1) {
                if let Some(bits) = self.unsigned(b) {
                    *x += f64::from_bits(bits);
                }
            }
        }
        fn tail(&mut self, values: &mut Vec<f64>) {
            let Some(&[n]) = self.take(1) else {
                return;
            };
            let Some(n) = self.unsigned(n) else {
                return;
            };
            let Some(bits) = self.take(n as usize).map(<[i128]>::to_vec) else {
                return;
            };
            for b in bits {
                if let Some(b) = self.unsigned(b) {
                    values.push(f64::from_bits(b));
                }
            }
        }
    }
    let mut adder = Adder {
        flat,
        at: 0,
        bad: None,
    };
    state.visit(&mut adder);
    if let Some(bad) = adder.bad {
        return Err(bad);
    }
    if adder.at != flat.len() {
        return Err(format!(
            "the state has {} numbers, {} were expected",
            flat.len(),
            adder.at
        ));
    }
    Ok(())
}
