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
        mut each: impl FnMut(u64, &Tally, &SatisfactionTally),
    ) -> Self {
        let mut red = Reduction::new(sc);
        let make = || SatisfactionObserver::new(sc);
        let work = replicate::for_each_observed(
            sc,
            range.start,
            range.end - range.start,
            on_done,
            &make,
            |rep, tally, sat| {
                red.summary.add(tally);
                red.satisfaction.add(&sat);
                red.waits.add(tally);
                if let Some(ledger) = red.ledger.as_mut() {
                    ledger.add_day(tally);
                }
                each(rep, tally, &sat);
            },
        );
        red.work = work;
        red
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
