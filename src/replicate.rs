//! Runs replications in parallel with rayon and reduces them in index order,
//! so the result is bit-identical whatever the number of threads.

use rayon::prelude::*;

use crate::model::{CallCenter, Work};
use crate::scenario::ValidScenario;
use crate::stats::tally::Tally;
use crate::stats::Summary;

/// Replications simulated in parallel before their tallies are folded in
/// order; bounds memory for long runs.
const BATCH: usize = 256;

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
    let mut work = Work::default();
    let mut start = first;
    let end = first + replications;
    while start < end {
        let stop = (start + BATCH as u64).min(end);
        let batch: Vec<(Tally, Work)> = (start..stop)
            .into_par_iter()
            .map_init(
                || CallCenter::new(sc),
                |model, rep| {
                    let mut tally = model.new_tally();
                    let w = model.run(rep, &mut tally);
                    on_done();
                    (tally, w)
                },
            )
            .collect();
        for (i, (tally, w)) in batch.iter().enumerate() {
            fold(start + i as u64, tally);
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
