//! The `"costs"` section of the run report (a stable JSON contract, see
//! docs/money.md), built from a [`Ledger`].

use serde::Serialize;

use super::ledger::{Ledger, PeriodOutcome};
use crate::report::OrderedMap;
use crate::stats::{Estimate, RatioAccumulator};

/// Every money figure of a run. Amounts are per simulated day unless the
/// name says otherwise, each the mean with its 95% confidence interval
/// across accounting blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    /// How the figures were computed, in words.
    pub basis: String,
    /// Days in an accounting block (the longest contract period in use; 1 if none).
    pub block_days: u32,
    /// Complete accounting blocks (the observations behind each interval).
    pub blocks: u64,
    /// Simulated days left out because they do not complete a block.
    pub days_left_out: u64,
    /// Per group in file order.
    pub groups: OrderedMap<GroupCosts>,
    /// Cost of all groups per day (staff plus contracts, net of penalties).
    pub total: Estimate,
    /// Total cost over calls answered.
    pub cost_per_handled_call: Estimate,
    /// Cost of abandoned calls per day (with `economics.cost_per_abandoned_call`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abandoned_calls: Option<Estimate>,
    /// Revenue per day (with `economics.revenue_per_answered_call`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue: Option<Estimate>,
    /// Total plus cost of abandoned calls minus revenue, per day (with `[economics]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_cost: Option<Estimate>,
    /// One entry per group with a service-level clause.
    pub sla: Vec<SlaRisk>,
}

/// One group's costs per day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCosts {
    /// Scheduled agent-hours per day (deterministic).
    pub scheduled_agent_hours: f64,
    /// Calls the group answered per day.
    pub handled_calls: Estimate,
    /// Handle minutes the group spent on them per day.
    pub handled_minutes: Estimate,
    /// Each applicable component per day, keyed `staff`, `line_fee`,
    /// `per_handled_call`, `per_handled_minute`, `per_staffed_hour`,
    /// `minimum_volume`, `sla_penalty` (negative: a credit), `sla_bonus`.
    pub components: OrderedMap<Estimate>,
    /// Sum of the components per day.
    pub total: Estimate,
    /// Total over the calls this group answered.
    pub cost_per_handled_call: Estimate,
}

/// Mean and percentiles of a figure over contract periods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Mean over periods.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Spread {
    /// Mean and percentiles of `values` (linear interpolation between order
    /// statistics, "type 7"); NaN when empty.
    pub fn of(values: &[f64]) -> Spread {
        if values.is_empty() {
            return Spread {
                mean: f64::NAN,
                p5: f64::NAN,
                p50: f64::NAN,
                p95: f64::NAN,
            };
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let h = p * (v.len() - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(v.len() - 1);
            v[lo] + (h - lo as f64) * (v[hi] - v[lo])
        };
        Spread {
            mean: v.iter().sum::<f64>() / v.len() as f64,
            p5: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
        }
    }
}

/// The risk a partner misses its service-level clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlaRisk {
    /// Group with the clause.
    pub group: String,
    /// "day", "week" or "month".
    pub period: String,
    /// Simulated days per period.
    pub days_per_period: u32,
    /// Complete periods simulated.
    pub periods: u64,
    /// Periods in which the partner answered no call (counted as met).
    pub periods_without_calls: u64,
    /// Target share.
    pub target: f64,
    /// Threshold, seconds from reaching the partner.
    pub threshold_seconds: f64,
    /// Probability that a period meets the target, with its 95% Wilson score interval.
    pub p_met: Estimate,
    /// The partner's service level pooled over all periods (its long-run
    /// value), with its 95% interval across accounting blocks.
    pub pooled_service_level: Estimate,
    /// The partner's service level over periods with calls.
    pub service_level: Spread,
    /// Paid to the partner per period on top of its fees: bonus minus penalty.
    pub adjustment: Spread,
    /// Mean penalty per period.
    pub mean_penalty: f64,
    /// Mean bonus per period.
    pub mean_bonus: f64,
}

/// Wilson score interval for `k` successes in `n` trials at 95%; it stays
/// inside [0, 1] and is sound near 0 and 1, where the t interval collapses.
pub fn wilson(k: u64, n: u64) -> Estimate {
    if n == 0 {
        return Estimate {
            mean: f64::NAN,
            ci95: [f64::NAN, f64::NAN],
        };
    }
    let z = 1.959_963_984_540_054_f64;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    Estimate {
        mean: p,
        ci95: [(centre - half).max(0.0), (centre + half).min(1.0)],
    }
}

fn est(a: &RatioAccumulator) -> Estimate {
    a.estimate()
}

impl Ledger {
    /// The report of everything folded so far.
    pub fn report(&self) -> CostReport {
        let groups = self
            .groups
            .iter()
            .map(|g| {
                (
                    g.name.clone(),
                    GroupCosts {
                        scheduled_agent_hours: g.hours_per_day,
                        handled_calls: est(&g.handled),
                        handled_minutes: est(&g.minutes),
                        components: OrderedMap(
                            g.components
                                .iter()
                                .map(|(c, a)| (c.key().to_string(), est(a)))
                                .collect(),
                        ),
                        total: est(&g.total),
                        cost_per_handled_call: est(&g.per_call),
                    },
                )
            })
            .collect();
        let sla = self
            .groups
            .iter()
            .filter_map(|g| {
                let clause = g.clause()?;
                let mut risk = sla_risk(
                    &g.name,
                    &clause,
                    self.economics.days(clause.period),
                    &g.periods,
                );
                risk.pooled_service_level = est(&g.within);
                Some(risk)
            })
            .collect();
        let econ = self.economics;
        CostReport {
            basis: if self.horizon_days > 1 {
                format!(
                    "per simulated horizon of {} open days (one replication = the whole horizon, after warm-up; the contract calendar counts each replication as its {} open days); mean and 95% Student-t interval across {} accounting block(s) of {} replication(s)",
                    self.horizon_days, self.horizon_days, self.blocks, self.block_days
                )
            } else {
                format!(
                    "per simulated day (one replication = one operating day, horizon after warm-up); mean and 95% Student-t interval across {} accounting block(s) of {} day(s)",
                    self.blocks, self.block_days
                )
            },
            block_days: self.block_days,
            blocks: self.blocks,
            days_left_out: self.days_left_out(),
            groups: OrderedMap(groups),
            total: est(&self.total),
            cost_per_handled_call: est(&self.per_call),
            abandoned_calls: econ.cost_per_abandoned_call.map(|_| est(&self.abandoned)),
            revenue: econ.revenue_per_answered_call.map(|_| est(&self.revenue)),
            net_cost: self.has_economics.then(|| est(&self.net)),
            sla,
        }
    }
}

fn sla_risk(
    group: &str,
    clause: &crate::scenario::SlaClause,
    days: u32,
    periods: &[PeriodOutcome],
) -> SlaRisk {
    let n = periods.len() as u64;
    let met = periods.iter().filter(|p| p.met).count() as u64;
    let sls: Vec<f64> = periods.iter().filter_map(|p| p.service_level).collect();
    let adj: Vec<f64> = periods.iter().map(|p| p.adjustment()).collect();
    let mean = |f: fn(&PeriodOutcome) -> f64| {
        if periods.is_empty() {
            f64::NAN
        } else {
            periods.iter().map(f).sum::<f64>() / periods.len() as f64
        }
    };
    SlaRisk {
        group: group.to_string(),
        period: clause.period.name().to_string(),
        days_per_period: days,
        periods: n,
        periods_without_calls: n - sls.len() as u64,
        target: clause.target,
        threshold_seconds: clause.threshold,
        p_met: wilson(met, n),
        pooled_service_level: Estimate {
            mean: f64::NAN,
            ci95: [f64::NAN, f64::NAN],
        },
        service_level: Spread::of(&sls),
        adjustment: Spread::of(&adj),
        mean_penalty: mean(|p| p.penalty),
        mean_bonus: mean(|p| p.bonus),
    }
}

/// Warnings a reader of the costs should see.
pub fn warnings(c: &CostReport) -> Vec<String> {
    let mut w = Vec::new();
    if c.blocks == 0 {
        w.push(format!(
            "costs: the {} simulated day(s) do not complete one accounting block of {} days; raise the replications to a multiple of {}",
            c.days_left_out, c.block_days, c.block_days
        ));
    } else if c.days_left_out > 0 {
        w.push(format!(
            "costs: {} simulated day(s) after the last complete {}-day block are left out of the costs; use a multiple of {} replications",
            c.days_left_out, c.block_days, c.block_days
        ));
    }
    if c.blocks == 1 {
        w.push(
            "costs: a single accounting block gives no confidence interval; simulate more days"
                .into(),
        );
    }
    for s in &c.sla {
        if s.periods > 0 && s.periods < 20 {
            w.push(format!(
                "costs: only {} {}s for the SLA of {}: its percentiles are rough; simulate more days",
                s.periods, s.period, s.group
            ));
        }
    }
    w
}
