//! Runs replications in parallel with rayon and reduces them in index order,
//! so the result is bit-identical whatever the number of threads.

use rayon::prelude::*;

use crate::model::{CallCenter, Observer, Work};
use crate::scenario::ValidScenario;
use crate::stats::tally::Tally;
use crate::stats::Summary;

/// Replications simulated in parallel before their tallies are folded in
/// order; bounds memory for long runs.
const BATCH: usize = 256;

/// Per-call figures gathered beside the tally (e.g. satisfaction scores),
/// one replication at a time. One observer is made per worker thread and
/// reused, so it can keep its buffers between replications.
pub trait ReplicationObserver: Observer + Send {
    /// What one replication yields; folded in replication order.
    type Output: Send;
    /// Prepares for a new replication (forgets the previous one).
    fn begin(&mut self);
    /// Ends the replication and hands over its figures.
    fn finish(&mut self) -> Self::Output;
}

impl ReplicationObserver for () {
    type Output = ();
    fn begin(&mut self) {}
    fn finish(&mut self) {}
}

/// Runs `replications` replications numbered from `first`, calling
/// `on_done` after each (e.g. to advance a progress bar), and folds every
/// tally into `fold` in replication order.
pub fn for_each_tally<F>(
    sc: &ValidScenario,
    first: u64,
    replications: u64,
    on_done: &(dyn Fn() + Sync),
    mut fold: F,
) -> Work
where
    F: FnMut(u64, &Tally),
{
    for_each_observed(sc, first, replications, on_done, &|| (), |rep, t, ()| {
        fold(rep, t)
    })
}

/// Like [`for_each_tally`], with an observer (made by `make`, one per
/// worker thread) that sees every call of each replication; its output is
/// folded with the tally, in replication order, so the result does not
/// depend on the number of threads.
pub fn for_each_observed<O, F>(
    sc: &ValidScenario,
    first: u64,
    replications: u64,
    on_done: &(dyn Fn() + Sync),
    make: &(dyn Fn() -> O + Sync),
    mut fold: F,
) -> Work
where
    O: ReplicationObserver,
    F: FnMut(u64, &Tally, O::Output),
{
    let mut work = Work::default();
    let mut start = first;
    let end = first + replications;
    // One tally per replication of a batch, reused by the next batches (a
    // replication clears its tally first).
    let mut slots: Vec<(Tally, Option<O::Output>, Work)> = Vec::new();
    while start < end {
        let stop = (start + BATCH as u64).min(end);
        let n = (stop - start) as usize;
        while slots.len() < n {
            let tally = Tally::new(sc.types.len(), sc.horizon.intervals, sc.groups.len());
            slots.push((tally, None, Work::default()));
        }
        slots[..n].par_iter_mut().enumerate().for_each_init(
            || (CallCenter::new(sc), make()),
            |(model, observer), (i, (tally, out, w))| {
                observer.begin();
                *w = model.run_observed(start + i as u64, tally, observer);
                *out = Some(observer.finish());
                on_done();
            },
        );
        for (i, (tally, out, w)) in slots[..n].iter_mut().enumerate() {
            let out = out.take().expect("every replication of the batch ran");
            fold(start + i as u64, tally, out);
            work.calls += w.calls;
            work.events += w.events;
        }
        start = stop;
    }
    work
}

/// Simulates every replication of `sc` and summarises them.
pub fn simulate(sc: &ValidScenario, on_done: &(dyn Fn() + Sync)) -> (Summary, Work) {
    let mut summary = Summary::new(sc);
    let work = for_each_tally(sc, 0, u64::from(sc.replications), on_done, |_, t| {
        summary.add(t)
    });
    (summary, work)
}
