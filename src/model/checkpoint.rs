//! A replication paused at the opening of an interval, to be resumed later
//! on a scenario that differs from the paused one only in the staffing of
//! that interval and later ones: the staffing search
//! ([`crate::planner::staffing`]) tries several staffings of interval `k`
//! and simulates each from the state at `k`'s opening instead of from the
//! horizon start.
//!
//! Why resuming is exact: nothing before an interval opens depends on its
//! staffing or on later intervals' (agents are read when their interval
//! opens; a day's absences are drawn agent by agent, so the prefix used so
//! far is the same whatever the day's largest staffing, and they are
//! redrawn on resume), and nothing depends on where a horizon cut short
//! ends (retrials are planned on the whole horizon's calendar; those that
//! fall after the cut are dropped when due, see [`CallCenter::run_span`]).
//! A resumed replication therefore counts exactly what a run from the start
//! counts, bit for bit. Groups staffed by shifts plan their agents on the
//! horizon they are given, so [`CallCenter::can_resume`] is false for them.

use super::{CallCenter, Cursor, Event, Recorder, Streams, Work};
use crate::engine::EventQueue;
use crate::model::queue::Calls;
use crate::stats::tally::{Tally, TallyWindow};

/// The whole state of one replication at the opening of one of its
/// intervals (before the opening boundary is processed). Of the tally it
/// keeps the counts of the intervals from a floor given by the caller on
/// (the earlier ones must be settled, see [`Checkpoint::settled`]), not the
/// wait histograms.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    replication: u64,
    cursor: Cursor,
    rng: Streams,
    counts: TallyWindow,
    settled: usize,
    events: EventQueue<Event>,
    calls: Calls,
    busy: Vec<u32>,
    staffed: Vec<u32>,
    waiting: u32,
    waiting_by_type: Vec<u32>,
    busy_by_type: Vec<u32>,
    lines_used: u32,
    interval: usize,
    last_change: f64,
    rates: Vec<f64>,
    day_multiplier: Vec<f64>,
    next_arrival: Vec<f64>,
    callers: u32,
    work: Work,
}

impl Checkpoint {
    /// The interval whose opening this checkpoint is.
    pub fn interval(&self) -> usize {
        self.cursor.next_k
    }

    /// The replication paused.
    pub fn replication(&self) -> u64 {
        self.replication
    }

    /// Intervals settled at the checkpoint: no call that arrived before
    /// interval `settled` is still waiting and the time of every interval
    /// before it is over, so whatever happens next changes none of their
    /// counts (but a caller's `callers_lost`, which goes to the interval of
    /// the caller's first attempt).
    pub fn settled(&self) -> usize {
        self.settled
    }

    /// Work done from the start of the replication up to the checkpoint.
    pub fn work(&self) -> Work {
        self.work
    }
}

impl CallCenter<'_> {
    /// Whether replications of this scenario can be paused and resumed
    /// ([`CallCenter::run_span`]): not when a group is staffed by shifts.
    pub fn can_resume(&self) -> bool {
        !self.agents.any
    }

    /// The state now, at the opening that `cursor` points to, with the
    /// counts of the intervals from `floor` on.
    pub(super) fn checkpoint(
        &self,
        cursor: &Cursor,
        rng: &Streams,
        tally: &Tally,
        floor: usize,
    ) -> Checkpoint {
        let j = cursor.next_k;
        let oldest = self
            .calls
            .waiting()
            .into_iter()
            .map(|slot| self.calls.get(slot).interval as usize)
            .min()
            .unwrap_or(usize::MAX);
        Checkpoint {
            replication: self.replication,
            cursor: *cursor,
            rng: rng.clone(),
            counts: tally.window(floor.min(j), j),
            settled: oldest.min(j - 1),
            events: self.events.clone(),
            calls: self.calls.clone(),
            busy: self.busy.clone(),
            staffed: self.staffed.clone(),
            waiting: self.waiting,
            waiting_by_type: self.waiting_by_type.clone(),
            busy_by_type: self.busy_by_type.clone(),
            lines_used: self.lines_used,
            interval: self.interval,
            last_change: self.last_change,
            rates: self.rates.clone(),
            day_multiplier: self.day_multiplier.clone(),
            next_arrival: self.next_arrival.clone(),
            callers: self.callers,
            work: self.work,
        }
    }

    /// Puts the state of `c` back (this center's scenario may differ from
    /// the checkpoint's in the staffing of `c.interval()` and later).
    fn restore(&mut self, c: &Checkpoint, tally: &mut Tally, stop: usize) -> (Cursor, Streams) {
        self.replication = c.replication;
        tally.restore_window(&c.counts, stop);
        self.events.clone_from(&c.events);
        self.calls.clone_from(&c.calls);
        self.busy.clone_from(&c.busy);
        self.staffed.clone_from(&c.staffed);
        self.waiting = c.waiting;
        self.waiting_by_type.clone_from(&c.waiting_by_type);
        self.busy_by_type.clone_from(&c.busy_by_type);
        self.lines_used = c.lines_used;
        self.interval = c.interval;
        self.last_change = c.last_change;
        self.rates.clone_from(&c.rates);
        self.day_multiplier.clone_from(&c.day_multiplier);
        self.next_arrival.clone_from(&c.next_arrival);
        self.callers = c.callers;
        self.work = c.work;
        // The day's absences for this scenario's staffing: the draws used so
        // far are a prefix of these (see `draw_absence`).
        let k = c.cursor.next_k;
        let h = &self.sc.horizon;
        if !h.is_day_start(k) {
            self.draw_absence(h.day_of(k));
        }
        (c.cursor, c.rng.clone())
    }

    /// Simulates replication `replication` with the horizon cut short after
    /// `stop` intervals (the center closes for good at the end of interval
    /// `stop - 1` and drains; retrials due later are not made), from the
    /// start or, with `from`, from a checkpoint of this replication taken on
    /// a scenario that may differ only in the staffing of the checkpoint's
    /// interval and later ones (and only where [`CallCenter::can_resume`]).
    /// On the way, a checkpoint is kept at the opening of each interval in
    /// `save` (ascending, after `from`'s interval, before `stop`), with the
    /// counts of intervals `floor..` (`floor` at most `from`'s
    /// [`Checkpoint::settled`]).
    ///
    /// `tally` gets every count of intervals `0..stop` exactly as
    /// [`CallCenter::run`] on the horizon cut to `stop` intervals would,
    /// except that after resuming only the intervals the checkpoint kept
    /// and later ones are filled (the others are settled and left as the
    /// tally had them), and its wait histograms only the waits of the part
    /// simulated here. Returns the work done by this call alone and the
    /// checkpoints.
    pub fn run_span(
        &mut self,
        replication: u64,
        tally: &mut Tally,
        from: Option<&Checkpoint>,
        stop: usize,
        save: &[usize],
        floor: usize,
    ) -> (Work, Vec<Checkpoint>) {
        let stop = stop.clamp(1, self.sc.horizon.intervals);
        let observer = &mut ();
        let (mut cursor, mut rng, before) = match from {
            Some(c) => {
                debug_assert_eq!(c.replication, replication);
                debug_assert!(self.can_resume());
                debug_assert!(floor <= c.settled);
                let (cursor, rng) = self.restore(c, tally, stop);
                (cursor, rng, c.work)
            }
            None => {
                let mut rng = self.begin(replication, tally);
                let out = &mut Recorder { tally, observer };
                let cursor = self.open(&mut rng, out);
                (cursor, rng, Work::default())
            }
        };
        let out = &mut Recorder { tally, observer };
        let mut saved = Vec::with_capacity(save.len());
        self.simulate(&mut cursor, stop, save, floor, &mut saved, &mut rng, out);
        self.close(out);
        let work = Work {
            calls: self.work.calls - before.calls,
            events: self.work.events - before.events,
        };
        (work, saved)
    }
}
