//! Everything one simulated scenario yields, gathered in a single pass over
//! the replications: the core [`Summary`], the satisfaction figures, the
//! costs (where the scenario has money keys) and the pooled wait
//! distribution for charts. Replications run in parallel and
//! are folded in index order ([`crate::replicate::for_each_observed`]), so
//! every figure is bit-identical whatever the number of threads; the folded
//! state ([`Reduction`]) of a range of replications adds exactly to those of
//! other ranges, so a run split into shards ([`crate::shard`]) merges into
//! the same figures.

use std::ops::Range;

use crate::model::Work;
use crate::money::{self, CostReport, Ledger};
use crate::replicate;
use crate::satisfaction::{SatisfactionObserver, SatisfactionSummary, SatisfactionTally};
use crate::scenario::ValidScenario;
use crate::stats::reduced::{Reduced, Visitor};
use crate::stats::tally::Tally;
use crate::stats::waits::WaitDistribution;
use crate::stats::Summary;

/// The results of simulating one scenario.
#[derive(Debug, Clone)]
pub struct Simulated {
    /// Service figures per interval and for the day.
    pub summary: Summary,
    /// Satisfaction figures per interval and for the day.
    pub satisfaction: SatisfactionSummary,
    /// Waits pooled over reported intervals and replications.
    pub waits: WaitDistribution,
    /// Costs, contracts and SLA risk (scenarios with money keys only).
    pub costs: Option<CostReport>,
    /// Each complete accounting block's (total cost, days, calls answered),
    /// in order (empty without money keys).
    pub cost_blocks: Vec<[f64; 3]>,
    /// Calls and events simulated.
    pub work: Work,
}

/// The folded statistics of a range of replications, before the costs are
/// priced: what a shard's partial result holds.
#[derive(Debug, Clone)]
pub struct Reduction {
    /// Service figures.
    pub summary: Summary,
    /// Satisfaction figures.
    pub satisfaction: SatisfactionSummary,
    /// Pooled waits.
    pub waits: WaitDistribution,
    /// The cost ledger (scenarios with money keys only).
    pub ledger: Option<Ledger>,
    /// Calls and events simulated.
    pub work: Work,
}

impl Reduction {
    /// The state of no replications.
    pub fn new(sc: &ValidScenario) -> Self {
        Reduction {
            summary: Summary::new(sc),
            satisfaction: SatisfactionSummary::new(sc),
            waits: WaitDistribution::new(sc.horizon.warmup_intervals),
            ledger: money::applies(sc).then(|| Ledger::new(sc)),
            work: Work::default(),
        }
    }

    /// Simulates replications `range` of `sc`, calling `on_done` after each
    /// and `each` with every replication's observations in replication order.
    pub fn simulate_range(
        sc: &ValidScenario,
        range: Range<u64>,
        on_done: &(dyn Fn() + Sync),
        each: impl FnMut(u64, &Tally, &SatisfactionTally),
    ) -> Self {
        let mut red = Reduction::new(sc);
        red.simulate_more(sc, range, on_done, each);
        red
    }

    /// Simulates replications `range` of `sc` (those right after the ones
    /// already folded) and folds them in, as [`Reduction::simulate_range`]
    /// does: folding a run in consecutive ranges gives exactly the state of
    /// folding it at once (a comparison interleaves its scenarios so).
    pub fn simulate_more(
        &mut self,
        sc: &ValidScenario,
        range: Range<u64>,
        on_done: &(dyn Fn() + Sync),
        mut each: impl FnMut(u64, &Tally, &SatisfactionTally),
    ) {
        let make = || SatisfactionObserver::new(sc);
        let work = replicate::for_each_observed(
            sc,
            range.start,
            range.end - range.start,
            on_done,
            &make,
            |rep, tally, sat| {
                self.summary.add(tally);
                self.satisfaction.add(&sat);
                self.waits.add(tally);
                if let Some(ledger) = self.ledger.as_mut() {
                    ledger.add_day(tally);
                }
                each(rep, tally, &sat);
            },
        );
        self.work.calls += work.calls;
        self.work.events += work.events;
    }

    /// The results: the statistics, with the costs priced.
    pub fn finish(self) -> Simulated {
        let cost_blocks = self
            .ledger
            .as_ref()
            .map(|l| l.block_totals.clone())
            .unwrap_or_default();
        Simulated {
            cost_blocks,
            summary: self.summary,
            satisfaction: self.satisfaction,
            waits: self.waits,
            costs: self.ledger.map(|l| l.report()),
            work: self.work,
        }
    }
}

impl Reduced for Reduction {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.summary.visit(v);
        self.satisfaction.visit(v);
        self.waits.visit(v);
        if let Some(ledger) = self.ledger.as_mut() {
            ledger.visit(v);
        }
        v.count(&mut self.work.calls);
        v.count(&mut self.work.events);
    }
}

/// Simulates every replication of `sc`, calling `on_done` after each and
/// `each` with every replication's observations in replication order (for
/// paired comparisons; pass `|_, _, _| {}` otherwise).
pub fn simulate(
    sc: &ValidScenario,
    on_done: &(dyn Fn() + Sync),
    each: impl FnMut(u64, &Tally, &SatisfactionTally),
) -> Simulated {
    Reduction::simulate_range(sc, 0..u64::from(sc.replications), on_done, each).finish()
}

/// Replications run between two looks at the stop flag of
/// [`simulate_cancellable`].
const CANCEL_CHUNK: u64 = 16;

/// Like [`simulate`], but looks at `stop` every few replications and gives
/// up (`None`) once it is set: the web workbench cancels a run this way.
/// The replications run in chunks numbered on from each other and are
/// folded in index order, so a run that is not stopped yields exactly what
/// [`simulate`] yields.
pub fn simulate_cancellable(
    sc: &ValidScenario,
    on_done: &(dyn Fn() + Sync),
    stop: &std::sync::atomic::AtomicBool,
    mut each: impl FnMut(u64, &Tally, &SatisfactionTally),
) -> Option<Simulated> {
    let mut summary = Summary::new(sc);
    let mut satisfaction = SatisfactionSummary::new(sc);
    let mut waits = WaitDistribution::new(sc.horizon.warmup_intervals);
    let mut ledger = money::applies(sc).then(|| Ledger::new(sc));
    let make = || SatisfactionObserver::new(sc);
    let mut fold = |rep: u64, tally: &Tally, sat: SatisfactionTally| {
        summary.add(tally);
        satisfaction.add(&sat);
        waits.add(tally);
        if let Some(ledger) = ledger.as_mut() {
            ledger.add_day(tally);
        }
        each(rep, tally, &sat);
    };
    let total = u64::from(sc.replications);
    let mut work = Work::default();
    let mut first = 0;
    while first < total {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let n = CANCEL_CHUNK.min(total - first);
        let w = replicate::for_each_observed(sc, first, n, on_done, &make, &mut fold);
        work.calls += w.calls;
        work.events += w.events;
        first += n;
    }
    let cost_blocks = ledger
        .as_ref()
        .map(|l| l.block_totals.clone())
        .unwrap_or_default();
    Some(Simulated {
        summary,
        satisfaction,
        waits,
        cost_blocks,
        costs: ledger.map(|l| l.report()),
        work,
    })
}

/// Simulated calls a [`pilot_estimate`] aims at: enough to time, quick to run.
const PILOT_CALLS: f64 = 2e5;

/// A forecast of how long simulating `sc` (all its replications, on the
/// current thread pool) takes, from a pilot: the first few replications
/// (about 200,000 expected calls, at least one, at most 1,000 and
/// never more than `sc` has) are simulated and timed, and the time scaled
/// to every replication. Returns (replications timed, their seconds, the
/// forecast in seconds). The pilot's figures are dropped.
pub fn pilot_estimate(sc: &ValidScenario) -> (u32, f64, f64) {
    let calls_per_day: f64 = (0..sc.horizon.intervals)
        .map(|k| sc.expected_calls(k))
        .sum();
    let wanted = (PILOT_CALLS / calls_per_day.max(1.0))
        .ceil()
        .clamp(1.0, 1000.0) as u32;
    let mut pilot = sc.clone();
    pilot.replications = wanted.min(sc.replications).max(1);
    let start = std::time::Instant::now();
    let _ = Reduction::simulate_range(
        &pilot,
        0..u64::from(pilot.replications),
        &|| {},
        |_, _, _| {},
    );
    let seconds = start.elapsed().as_secs_f64();
    let forecast = seconds / f64::from(pilot.replications) * f64::from(sc.replications);
    (pilot.replications, seconds, forecast)
}
