//! Money: what a scenario's staffing and outsourcing contracts cost, what
//! service they buy, and how likely a partner is to miss its contract's
//! service level. Full user documentation: docs/money.md.
//!
//! # Mechanisms (the rules users can rely on)
//! - **One replication is one operating day.** Every cost is reported per
//!   simulated day (the horizon after warm-up): the mean over days with its
//!   95% confidence interval. Warm-up intervals are left out of hours, calls
//!   and minutes exactly as they are left out of every other figure.
//! - **Staff cost** of a group: `cost_per_agent_hour` times the scheduled
//!   agent-hours (agents on shift per interval times the interval length),
//!   whether the agents are busy or idle. Time spent finishing a call after a
//!   shift ends is not paid extra.
//! - **Contract components** of a group (any mix, each reported on its own):
//!   `per_line_per_year * lines / operating_days_per_year` per day;
//!   `per_handled_call` times the calls the group answered; `per_handled_minute`
//!   times their handle time (after the group's handle-time factor) in minutes;
//!   `per_staffed_hour` times the scheduled agent-hours. Calls count on the day
//!   (and in the interval) in which they arrived.
//! - **Contract periods** group consecutive replications: a day is one
//!   replication, a week `economics.days_per_week` of them (default 5), a month
//!   `economics.days_per_month` (default four weeks). With `forecast_cv > 0`
//!   each day is a different plausible day, so periods differ as real ones do.
//! - **Minimum volume**: in a month in which the group answered fewer than
//!   `minimum_calls_per_month` calls, the shortfall is billed at
//!   `per_handled_call` (component `minimum_volume`).
//! - **Service-level clause**: the partner's service level in a period is the
//!   share of the calls it answered that it answered within the clause's
//!   threshold *of reaching it* (wait minus its overflow delay; other routes
//!   reach it on arrival), pooled over the period's days. Below the target the
//!   partner pays `penalty_per_point` per percentage point short, at most
//!   `max_penalty`; above it, it earns `bonus_per_point` per point, at most
//!   `max_bonus`. A period meets the SLA when its service level is at least the
//!   target; a period in which the partner answered no call has no service
//!   level and counts as met with no penalty or bonus. Calls that abandoned
//!   while waiting for the partner do not count against it (the clause is on
//!   answered calls, as many outsourcing contracts write it).
//! - **Accounting blocks and confidence intervals**: period charges make the
//!   days of a period dependent, so the days are grouped into blocks of the
//!   longest period any clause uses (a day when none does; weeks nest in
//!   months by validation). Each complete block is one independent
//!   observation: a figure is (sum over blocks) / (days in blocks), and its
//!   interval is the Student-t ratio interval across blocks. Days after the
//!   last complete block are left out of the costs (a warning says how many).
//! - **Economic view** (`[economics]`): `cost_per_abandoned_call` times the
//!   abandoned calls and `revenue_per_answered_call` times the answered calls;
//!   `net_cost` is the total cost plus the cost of abandoned calls minus revenue.
//! - **Cost per handled call**: a total divided by the calls answered, pooled
//!   over blocks (ratio of sums).

pub mod breakeven;
pub mod breakeven_flat;
pub mod ledger;
pub mod report;
pub mod table;

pub use ledger::Ledger;
pub use report::CostReport;

use crate::model::Work;
use crate::replicate;
use crate::scenario::ValidScenario;
use crate::stats::Summary;

/// Whether `sc` has anything to cost: an `[economics]` table, a group's
/// `cost_per_agent_hour` or a contract. Scenarios without keep their old report.
pub fn applies(sc: &ValidScenario) -> bool {
    sc.economics.is_some()
        || sc
            .groups
            .iter()
            .any(|g| g.cost_per_agent_hour.is_some() || g.contract.is_some())
}

/// Simulates every replication of `sc` like [`replicate::simulate`] and, when
/// [`applies`], also folds the days into a [`Ledger`] in replication order
/// (bit-identical for any thread count).
pub fn simulate(
    sc: &ValidScenario,
    on_done: &(dyn Fn() + Sync),
) -> (Summary, Option<CostReport>, Work) {
    if !applies(sc) {
        let (summary, work) = replicate::simulate(sc, on_done);
        return (summary, None, work);
    }
    let mut summary = Summary::new(sc);
    let mut ledger = Ledger::new(sc);
    let work = replicate::for_each_tally(sc, 0, u64::from(sc.replications), on_done, |_, t| {
        summary.add(t);
        ledger.add_day(t);
    });
    (summary, Some(ledger.report()), work)
}
