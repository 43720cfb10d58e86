//! A discrete-event engine that knows nothing of call centers: a clock and a
//! future-event list. Events at equal times come out in the order they were
//! scheduled (never at random), so a run is a pure function of its inputs.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A scheduled event: its ordering key and the payload. The key packs the
/// time's bits (monotone for non-negative times) above the insertion number,
/// so one integer comparison orders by time, then by insertion.
#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn time(&self) -> f64 {
        f64::from_bits((self.key >> 64) as u64)
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that the max-heap yields the earliest time, then the
    /// earliest insertion.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// The future-event list: a binary heap ordered by (time, insertion order).
/// Reused across replications, so after the first one it allocates nothing.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedules `event` at simulation time `time`, which must be a
    /// non-negative number (simulation time never runs backwards from 0).
    #[inline]
    pub fn schedule(&mut self, time: f64, event: E) {
        debug_assert!(time >= 0.0, "event time {time} must be >= 0");
        // +0.0 for a -0.0 that arithmetic may produce, so the bits stay monotone.
        let bits = (time + 0.0).to_bits();
        self.seq += 1;
        self.heap.push(Entry {
            key: (u128::from(bits) << 64) | u128::from(self.seq),
            event,
        });
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn next_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time())
    }

    /// Removes and returns the next event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|e| (e.time(), e.event))
    }

    /// Forgets every event (capacity is kept).
    pub fn clear(&mut self) {
        self.heap.clear();
        self.seq = 0;
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_ties_in_insertion_order() {
        let mut q = EventQueue::default();
        q.schedule(2.0, 'c');
        q.schedule(1.0, 'a');
        q.schedule(2.0, 'd');
        q.schedule(1.0, 'b');
        q.schedule(0.5, 'z');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['z', 'a', 'b', 'c', 'd']);
        q.schedule(0.0, 'x');
        q.schedule(1e300, 'y');
        q.schedule(-0.0, 'w');
        assert_eq!(q.pop(), Some((0.0, 'x')));
        assert_eq!(q.pop(), Some((0.0, 'w')));
        assert_eq!(q.pop(), Some((1e300, 'y')));
    }
}
