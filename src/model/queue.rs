//! Calls in the system and the waiting lines they stand in.
//!
//! Calls live in a slab reused across replications, so the hot loop
//! allocates nothing once it has reached the day's peak. Waiting lines are
//! intrusive doubly linked lists through the slab: joining, leaving the
//! front, and leaving from the middle (abandonment) are all O(1).

/// "No call" in a link.
pub const NIL: u32 = u32::MAX;

/// One caller's current attempt.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// Arrival time of this attempt.
    pub arrival: f64,
    /// Handle time drawn at the first arrival (before a group's factor).
    pub handle: f64,
    /// After-call work drawn at the first arrival (0: none), before a group's factor.
    pub wrap: f64,
    /// Call type.
    pub ty: u16,
    /// Interval in which this attempt arrived.
    pub interval: u32,
    /// Interval in which the caller's first attempt arrived.
    pub first_interval: u32,
    /// Caller number within the replication (kept across retrials).
    pub caller: u32,
    /// Whether the current attempt is a retrial.
    pub retrial: bool,
    /// Bumped whenever the slot is freed, so stale events can be recognised.
    pub generation: u32,
    /// Waiting line the call stands in, or [`NIL`].
    pub queue: u32,
    prev: u32,
    next: u32,
}

/// A FIFO waiting line threaded through the slab.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// Longest-waiting call, or [`NIL`].
    pub head: u32,
    tail: u32,
}

impl Default for Line {
    fn default() -> Self {
        Line {
            head: NIL,
            tail: NIL,
        }
    }
}

/// The slab of calls and the waiting lines.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    slots: Vec<Call>,
    free: Vec<u32>,
    /// The waiting lines, indexed by line number.
    pub lines: Vec<Line>,
}

impl Calls {
    /// Empties the slab and sets up `lines` empty waiting lines.
    pub fn reset(&mut self, lines: usize) {
        self.free.clear();
        // Keep generations increasing across replications: harmless, and a
        // stale event can never match.
        for (i, c) in self.slots.iter_mut().enumerate().rev() {
            c.generation = c.generation.wrapping_add(1);
            c.queue = NIL;
            self.free.push(i as u32);
        }
        self.lines.clear();
        self.lines.resize(lines, Line::default());
    }

    /// Takes a free slot for a new call.
    #[inline]
    pub fn insert(
        &mut self,
        arrival: f64,
        handle: f64,
        ty: u16,
        interval: u32,
        caller: u32,
    ) -> u32 {
        let call = Call {
            caller,
            retrial: false,
            arrival,
            handle,
            wrap: 0.0,
            ty,
            interval,
            first_interval: interval,
            generation: 0,
            queue: NIL,
            prev: NIL,
            next: NIL,
        };
        match self.free.pop() {
            Some(i) => {
                let generation = self.slots[i as usize].generation;
                self.slots[i as usize] = Call { generation, ..call };
                i
            }
            None => {
                self.slots.push(call);
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// Returns a slot to the free list; events naming it become stale.
    #[inline]
    pub fn release(&mut self, i: u32) {
        let c = &mut self.slots[i as usize];
        c.generation = c.generation.wrapping_add(1);
        c.queue = NIL;
        self.free.push(i);
    }

    /// The call in slot `i`.
    #[inline]
    pub fn get(&self, i: u32) -> &Call {
        &self.slots[i as usize]
    }

    /// The call in slot `i`, mutably.
    #[inline]
    pub fn get_mut(&mut self, i: u32) -> &mut Call {
        &mut self.slots[i as usize]
    }

    /// Appends call `i` to the back of waiting line `q`.
    #[inline]
    pub fn push_back(&mut self, q: u32, i: u32) {
        let tail = self.lines[q as usize].tail;
        {
            let c = &mut self.slots[i as usize];
            c.queue = q;
            c.prev = tail;
            c.next = NIL;
        }
        if tail == NIL {
            self.lines[q as usize].head = i;
        } else {
            self.slots[tail as usize].next = i;
        }
        self.lines[q as usize].tail = i;
    }

    /// Takes call `i` out of whatever line it stands in.
    #[inline]
    pub fn unlink(&mut self, i: u32) {
        let Call {
            queue, prev, next, ..
        } = self.slots[i as usize];
        if queue == NIL {
            return;
        }
        if prev == NIL {
            self.lines[queue as usize].head = next;
        } else {
            self.slots[prev as usize].next = next;
        }
        if next == NIL {
            self.lines[queue as usize].tail = prev;
        } else {
            self.slots[next as usize].prev = prev;
        }
        self.slots[i as usize].queue = NIL;
    }

    /// Every call still waiting in any line (for the close of the day).
    pub fn waiting(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for l in &self.lines {
            let mut i = l.head;
            while i != NIL {
                out.push(i);
                i = self.slots[i as usize].next;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_fifo_and_unlink_from_the_middle() {
        let mut c = Calls::default();
        c.reset(2);
        let ids: Vec<u32> = (0..4).map(|k| c.insert(k as f64, 1.0, 0, 0, k)).collect();
        for &i in &ids {
            c.push_back(1, i);
        }
        c.unlink(ids[1]);
        assert_eq!(c.waiting(), vec![ids[0], ids[2], ids[3]]);
        c.unlink(ids[0]);
        c.unlink(ids[3]);
        assert_eq!(c.lines[1].head, ids[2]);
        c.unlink(ids[2]);
        assert_eq!(c.lines[1].head, NIL);
        c.release(ids[2]);
        let again = c.insert(9.0, 1.0, 0, 0, 9);
        assert_eq!(again, ids[2]);
        assert_eq!(c.get(again).generation, 1);
    }
}
