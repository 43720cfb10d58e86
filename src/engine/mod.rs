//! A discrete-event engine that knows nothing of call centers: a clock and a
//! future-event list. Events at equal times come out in the order they were
//! scheduled (never at random), so a run is a pure function of its inputs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Low bits of a key that name the event's slot in the payload slab.
const SLOT_BITS: u32 = 32;
/// Insertion numbers fit in the bits above the slot; at this one the
/// pending events are renumbered (see [`EventQueue::renumber`]).
const SEQ_LIMIT: u64 = 1 << (64 - SLOT_BITS);

/// The future-event list: a binary heap ordered by (time, insertion order).
/// Reused across replications, so after the first one it allocates nothing.
///
/// The heap holds plain 16-byte keys: the time's bits (monotone for
/// non-negative times) above the insertion number above the slot of the
/// event's payload in a slab beside it, so one integer comparison orders
/// by time, then by insertion (numbers are unique), and sifting moves keys
/// only.
///
/// [`EventQueue::take`] hands out the next event but leaves its entry at
/// the top until the next [`EventQueue::schedule`] overwrites it (one sift
/// down instead of a pop and a push: an agent who finishes a call and takes
/// the next one costs half) or [`EventQueue::settle`] removes it. The order
/// events come out in is the same either way: it depends only on the keys.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<u128>>,
    /// Payloads, indexed by the low [`SLOT_BITS`] of their key.
    events: Vec<E>,
    /// Slots of `events` free for reuse.
    free: Vec<u32>,
    seq: u64,
    /// Whether the top entry was taken and is only waiting to be replaced.
    held: bool,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            events: Vec::new(),
            free: Vec::new(),
            seq: 0,
            held: false,
        }
    }
}

/// Time of a key.
#[inline]
fn time_of(key: u128) -> f64 {
    f64::from_bits((key >> 64) as u64)
}

/// Slot of a key.
#[inline]
fn slot_of(key: u128) -> usize {
    (key as u64 & ((1 << SLOT_BITS) - 1)) as usize
}

impl<E: Copy> EventQueue<E> {
    /// Schedules `event` at simulation time `time`, which must be a
    /// non-negative number (simulation time never runs backwards from 0).
    #[inline]
    pub fn schedule(&mut self, time: f64, event: E) {
        debug_assert!(time >= 0.0, "event time {time} must be >= 0");
        // +0.0 for a -0.0 that arithmetic may produce, so the bits stay monotone.
        let bits = (time + 0.0).to_bits();
        self.seq += 1;
        if self.seq == SEQ_LIMIT {
            self.renumber();
        }
        let high = (u128::from(bits) << 64) | u128::from(self.seq << SLOT_BITS);
        if self.held {
            self.held = false;
            if let Some(mut top) = self.heap.peek_mut() {
                // The taken entry's slot and place: dropping `top` sifts it down.
                let slot = slot_of(top.0);
                self.events[slot] = event;
                top.0 = high | slot as u128;
                return;
            }
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                self.events[slot as usize] = event;
                slot
            }
            None => {
                self.events.push(event);
                (self.events.len() - 1) as u32
            }
        };
        self.heap.push(Reverse(high | u128::from(slot)));
    }

    /// Time of the next event, if any.
    #[inline]
    pub fn next_time(&self) -> Option<f64> {
        debug_assert!(!self.held, "settle the taken event first");
        self.heap.peek().map(|k| time_of(k.0))
    }

    /// Removes and returns the next event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.settle();
        let key = self.heap.pop()?.0;
        let slot = slot_of(key);
        self.free.push(slot as u32);
        Some((time_of(key), self.events[slot]))
    }

    /// Returns the next event and marks its entry taken: the next
    /// [`EventQueue::schedule`] puts its event in that entry's place, and
    /// [`EventQueue::settle`] (to call before looking at the queue again)
    /// removes it if nothing was scheduled meanwhile.
    #[inline]
    pub fn take(&mut self) -> Option<(f64, E)> {
        self.settle();
        let key = self.heap.peek()?.0;
        self.held = true;
        Some((time_of(key), self.events[slot_of(key)]))
    }

    /// Removes the entry [`EventQueue::take`] handed out, unless an event
    /// scheduled since has already replaced it.
    #[inline]
    pub fn settle(&mut self) {
        if self.held {
            self.held = false;
            if let Some(Reverse(key)) = self.heap.pop() {
                self.free.push(slot_of(key) as u32);
            }
        }
    }

    /// Numbers the pending events 1, 2, ... in the order they come out
    /// (the next one scheduled gets the next number), so insertion numbers
    /// never run out of their bits and the order stays what it was.
    #[cold]
    fn renumber(&mut self) {
        let mut keys: Vec<u128> = self.heap.drain().map(|k| k.0).collect();
        keys.sort_unstable();
        let low = (1u128 << 64) - 1;
        for (i, k) in keys.iter_mut().enumerate() {
            let seq = (i as u64 + 1) << SLOT_BITS;
            *k = (*k & !low) | u128::from(seq) | slot_of(*k) as u128;
        }
        self.seq = keys.len() as u64 + 1;
        self.heap.extend(keys.into_iter().map(Reverse));
    }
}

impl<E> EventQueue<E> {
    /// Forgets every event (capacity is kept).
    pub fn clear(&mut self) {
        self.heap.clear();
        self.events.clear();
        self.free.clear();
        self.seq = 0;
        self.held = false;
    }

    /// Number of pending events (a taken one not counted).
    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.held)
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

    #[test]
    fn a_taken_event_is_replaced_by_the_next_scheduled_or_settled() {
        let mut q = EventQueue::default();
        for (t, e) in [(3.0, 'c'), (1.0, 'a'), (2.0, 'b')] {
            q.schedule(t, e);
        }
        assert_eq!(q.take(), Some((1.0, 'a')));
        assert_eq!(q.len(), 2);
        // Replaces 'a' and still comes out in time order.
        q.schedule(2.5, 'x');
        q.schedule(2.0, 'y');
        assert_eq!(q.take(), Some((2.0, 'b')));
        q.settle();
        assert_eq!(q.take(), Some((2.0, 'y')));
        q.schedule(0.5, 'z'); // earlier than everything left: next out
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['z', 'x', 'c']);
        assert!(q.is_empty());
        assert_eq!(q.take(), None);
        q.settle();
        assert!(q.is_empty());
    }

    #[test]
    fn renumbering_keeps_the_order_of_pending_and_later_events() {
        let mut a = EventQueue::default();
        let mut b = EventQueue::default();
        for (i, t) in [5.0, 1.0, 5.0, 3.0, 1.0, 5.0].into_iter().enumerate() {
            a.schedule(t, i);
            b.schedule(t, i);
        }
        b.seq = SEQ_LIMIT - 2;
        b.schedule(5.0, 6); // gets SEQ_LIMIT - 1
        a.schedule(5.0, 6);
        b.schedule(1.0, 7); // renumbers first
        a.schedule(1.0, 7);
        assert!(b.seq < 10);
        let order = |q: &mut EventQueue<usize>| -> Vec<(f64, usize)> {
            std::iter::from_fn(|| q.pop()).collect()
        };
        let (oa, ob) = (order(&mut a), order(&mut b));
        assert_eq!(oa, ob);
        assert_eq!(
            oa.iter().map(|e| e.1).collect::<Vec<_>>(),
            vec![1, 4, 7, 3, 0, 2, 5, 6]
        );
    }
}
