//! Sweeps: run a scenario over a grid of one or two parameters, in
//! parallel and on common random numbers, and mark the points on the
//! cost-versus-service frontier. User documentation: docs/sweep.md.
//!
//! # Mechanisms
//! - **Editing**: each `--vary KEY=RANGE` edits the scenario file's TOML
//!   form ([`path`]), which is then parsed and validated again, so a grid
//!   point is exactly the scenario a planner would get by writing those
//!   values in the file. All points are validated before anything runs.
//! - **Grid order**: the first `--vary` is the outer loop, the second the inner.
//! - **Common random numbers**: every point uses the same master seed, so
//!   replication `i` of every point sees the same arrivals, handle times and
//!   patience draws (see [`crate::rng`]); differences between points are then
//!   far less noisy than between independent runs.
//! - **Parallelism**: points run in parallel with rayon and each folds its
//!   replications in order, so results are bit-identical for any thread count.
//! - **Frontier**: a point is on the cost-versus-service frontier when no
//!   other point is at most as expensive (mean total cost per day) and at
//!   least as good (mean service level), and strictly better in one of the two.
//!   Points with equal cost and service level are all kept.
//! - **Target**: a point meets the scenario's targets when its mean service
//!   level reaches `service_level.target` and, where given, its mean
//!   abandonment rate is at most `max_abandon_rate` and its mean ASA at most
//!   `max_asa_seconds`, and each in-house group's day occupancy at most
//!   `max_occupancy`. `--target` picks the cheapest such point (ties: the
//!   better service level, then the first in grid order). With
//!   `[[call_types]]` a point meets the targets only when **every call type**
//!   meets its own (`[call_types.service_level]`, each absent key the
//!   scenario's) on its own calls' day figures (the `"types"` totals of
//!   `ccsim run`), the same mean comparisons; the all-types figures are then
//!   shown but not judged. Points also report each type's figures.

pub mod path;
pub mod range;
pub mod table;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::model::Work;
use crate::money::{self, CostReport, Ledger};
use crate::replicate;
use crate::report::OrderedMap;
use crate::scenario::{self, RawScenario, ValidScenario};
use crate::stats::reduced::{Reduced, Visitor};
use crate::stats::{Estimate, Metric, RatioAccumulator, Summary};
use path::Op;

/// Largest number of grid points a sweep runs.
pub const MAX_POINTS: usize = 10_000;

/// One `--vary` argument: a key, how values apply to it, and the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Dotted path into the scenario.
    pub key: String,
    /// Set, add or scale.
    pub op: Op,
    /// Values in the order written.
    pub values: Vec<f64>,
}

impl Vary {
    /// Parses `KEY=RANGE`, `KEY+=RANGE` or `KEY*=RANGE`.
    pub fn parse(arg: &str) -> Result<Vary, Error> {
        let Some((left, right)) = arg.split_once('=') else {
            return Err(Error::Usage(format!(
                "--vary \"{arg}\": write KEY=RANGE, e.g. groups.partner.agents=0..30 (also KEY+=RANGE to add to every interval, KEY*=RANGE to scale)"
            )));
        };
        let (key, op) = if let Some(k) = left.strip_suffix('+') {
            (k, Op::Add)
        } else if let Some(k) = left.strip_suffix('*') {
            (k, Op::Scale)
        } else {
            (left, Op::Set)
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(Error::Usage(format!(
                "--vary \"{arg}\": the key before '=' is empty"
            )));
        }
        let values = range::parse(right).map_err(|e| Error::Usage(format!("--vary {key}: {e}")))?;
        Ok(Vary {
            key: key.to_string(),
            op,
            values,
        })
    }

    /// The column label: the key and, unless it is a plain set, the operator.
    pub fn label(&self) -> String {
        match self.op {
            Op::Set => self.key.clone(),
            op => format!("{}{}", self.key, op.symbol()),
        }
    }
}

/// The figures of one grid point: what a chart of cost against service needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The value of each varied key, by label.
    pub values: OrderedMap<f64>,
    /// Service level of the day, by the scenario's definition.
    pub service_level: Estimate,
    /// Abandoned over calls that reached the queue.
    pub abandon_rate: Estimate,
    /// Average speed of answer, seconds.
    pub asa_seconds: Estimate,
    /// Busy over present agent time, all groups together.
    pub occupancy: Estimate,
    /// Total cost per day (see docs/money.md).
    pub total_cost: Estimate,
    /// Total cost over answered calls.
    pub cost_per_handled_call: Estimate,
    /// Per group with a service-level clause: probability a period meets it.
    pub sla_met: OrderedMap<Estimate>,
    /// Whether the point meets the scenario's targets (on means); with
    /// `[[call_types]]`: whether every type meets its own.
    pub meets_targets: bool,
    /// Whether the point is on the cost-versus-service frontier.
    pub frontier: bool,
    /// With `[[call_types]]`: each type's day figures (absent otherwise).
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<SweepTypeFigures>,
}

/// One call type's day figures at one grid point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepTypeFigures {
    /// Service level of the type's calls against its own threshold.
    pub service_level: Estimate,
    /// Abandoned over the type's calls that reached the queue.
    pub abandon_rate: Estimate,
    /// Average speed of answer of the type's calls, seconds.
    pub asa_seconds: Estimate,
    /// Whether the type meets its own targets (on means).
    pub meets_targets: bool,
}

/// A whole sweep: the JSON contract of `ccsim sweep`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepResult {
    /// Scenario name.
    pub scenario: String,
    /// Replications per point.
    pub replications: u32,
    /// Master seed shared by every point.
    pub seed: u64,
    /// Labels of the varied keys, outer first.
    pub keys: Vec<String>,
    /// Service-level target the points are judged against.
    pub target: f64,
    /// Optional abandonment ceiling.
    pub max_abandon_rate: Option<f64>,
    /// Optional ASA ceiling, seconds.
    pub max_asa_seconds: Option<f64>,
    /// With `[[call_types]]`: each type's targets in the base scenario (the
    /// first grid point), which every type must meet; absent otherwise.
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<crate::report::TypeTargets>,
    /// One per grid point, outer key first.
    pub points: Vec<SweepPoint>,
    /// Index into `points` of the cheapest point meeting the targets, if any.
    pub cheapest_meeting_targets: Option<usize>,
    /// Things the reader should know.
    pub warnings: Vec<String>,
}

/// Builds and validates the scenario of every grid point, outer key first.
pub fn grid(raw: &RawScenario, varies: &[Vary]) -> Result<Vec<(Vec<f64>, ValidScenario)>, Error> {
    if varies.is_empty() || varies.len() > 2 {
        return Err(Error::Usage(format!(
            "give one or two --vary options (got {})",
            varies.len()
        )));
    }
    let n: usize = varies.iter().map(|v| v.values.len()).product();
    if n > MAX_POINTS {
        return Err(Error::Usage(format!(
            "the grid has {n} points, more than the {MAX_POINTS} a sweep allows"
        )));
    }
    let base = path::to_value(raw).map_err(Error::Usage)?;
    // Check each key on its own first, so an unknown key is blamed on the right --vary.
    for v in varies {
        let mut value = base.clone();
        path::apply(&mut value, &v.key, v.op, v.values[0]).map_err(Error::Usage)?;
        if let Err(e) = path::from_value(value) {
            if e.contains("unknown field") {
                return Err(Error::Usage(path::unknown_key(&v.key, &e, &base)));
            }
        }
    }
    let mut combos: Vec<Vec<f64>> = vec![Vec::new()];
    for v in varies {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                v.values.iter().map(move |x| {
                    let mut c = c.clone();
                    c.push(*x);
                    c
                })
            })
            .collect();
    }
    let mut out = Vec::with_capacity(combos.len());
    for combo in combos {
        let mut value = base.clone();
        for (v, x) in varies.iter().zip(&combo) {
            path::apply(&mut value, &v.key, v.op, *x).map_err(Error::Usage)?;
        }
        let at = varies
            .iter()
            .zip(&combo)
            .map(|(v, x)| format!("{}{}{x}", v.key, v.op.symbol()))
            .collect::<Vec<_>>()
            .join(", ");
        let edited =
            path::from_value(value).map_err(|e| Error::Usage(format!("grid point {at}: {e}")))?;
        let sc = scenario::validate(&edited).map_err(|problems| {
            Error::Usage(format!(
                "grid point {at}: the scenario is not valid:\n{}",
                crate::error::list(&problems)
            ))
        })?;
        out.push((combo, sc));
    }
    Ok(out)
}

/// The folded statistics of one grid point: everything its figures are
/// built from. Every sum is exact, so the states of points simulated by
/// different shards ([`crate::shard::sweep`]) give the same figures.
#[derive(Debug, Clone)]
pub struct PointState {
    /// Service figures.
    pub summary: Summary,
    /// The cost ledger.
    pub ledger: Ledger,
    /// Busy over present agent time of all groups together.
    pub occupancy: RatioAccumulator,
}

impl PointState {
    /// The state of no replications of `sc`.
    pub fn new(sc: &ValidScenario) -> Self {
        PointState {
            summary: Summary::new(sc),
            ledger: Ledger::new(sc),
            occupancy: RatioAccumulator::default(),
        }
    }
}

impl Reduced for PointState {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.summary.visit(v);
        self.ledger.visit(v);
        v.ratio(&mut self.occupancy);
    }
}

/// Simulates every replication of one grid point: its state and the work done.
pub fn simulate_point(sc: &ValidScenario) -> (PointState, Work) {
    let mut state = PointState::new(sc);
    let first = sc.horizon.warmup_intervals;
    let work = replicate::for_each_tally(sc, 0, u64::from(sc.replications), &|| {}, |_, t| {
        state.summary.add(t);
        state.ledger.add_day(t);
        let (mut busy, mut present) = (0.0, 0.0);
        for g in &t.group_counts[first * t.groups..] {
            busy += g.busy_time;
            present += g.staffed_time;
        }
        state.occupancy.add(busy, present);
    });
    (state, work)
}

/// Simulates one scenario: summary, costs, and occupancy of all groups together.
pub fn evaluate(sc: &ValidScenario) -> (Summary, CostReport, RatioAccumulator) {
    let (state, _) = simulate_point(sc);
    (state.summary, state.ledger.report(), state.occupancy)
}

/// Which points are on the frontier of (cost, service level): lower cost and
/// higher service are better; NaN points are never on it.
pub fn frontier(points: &[(f64, f64)]) -> Vec<bool> {
    points
        .iter()
        .map(|&(c, s)| {
            !c.is_nan()
                && !s.is_nan()
                && !points
                    .iter()
                    .any(|&(c2, s2)| c2 <= c && s2 >= s && (c2 < c || s2 > s))
        })
        .collect()
}

/// Whether the figures meet the scenario's targets (means).
fn meets(sc: &ValidScenario, sl: Estimate, abandon: Estimate, asa: Estimate) -> bool {
    meets_level(&sc.service_level, sl, abandon, asa)
}

/// Whether the figures meet the targets of `t` (means).
fn meets_level(
    t: &crate::scenario::ServiceLevel,
    sl: Estimate,
    abandon: Estimate,
    asa: Estimate,
) -> bool {
    sl.mean >= t.target
        && t.max_abandon_rate.is_none_or(|m| abandon.mean <= m)
        && t.max_asa.is_none_or(|m| asa.mean.is_nan() || asa.mean <= m)
}

/// Every grid point of `raw` over `varies` (outer key first), validated,
/// with `replications` and `seed` overriding the file's when given.
pub fn points(
    raw: &RawScenario,
    varies: &[Vary],
    replications: Option<u32>,
    seed: Option<u64>,
) -> Result<Vec<(Vec<f64>, ValidScenario)>, Error> {
    let mut points = grid(raw, varies)?;
    for (_, sc) in &mut points {
        crate::commands::run::apply_overrides(sc, replications, seed)?;
    }
    Ok(points)
}

/// Runs a sweep of `raw` over `varies` (points in parallel) with `replications`
/// and `seed` overriding the file's when given.
pub fn run(
    raw: &RawScenario,
    varies: &[Vary],
    replications: Option<u32>,
    seed: Option<u64>,
) -> Result<SweepResult, Error> {
    let points = points(raw, varies, replications, seed)?;
    let states: Vec<PointState> = points
        .par_iter()
        .map(|(_, sc)| simulate_point(sc).0)
        .collect();
    Ok(assemble(&points, varies, states))
}

/// The sweep's result from the state of every grid point (in grid order):
/// figures, frontier and the cheapest point meeting the targets.
pub fn assemble(
    points: &[(Vec<f64>, ValidScenario)],
    varies: &[Vary],
    states: Vec<PointState>,
) -> SweepResult {
    let base = &points[0].1;
    let results: Vec<(Summary, CostReport, RatioAccumulator)> = states
        .into_iter()
        .map(|s| (s.summary, s.ledger.report(), s.occupancy))
        .collect();
    let mut warnings = Vec::new();
    if !money::applies(base) {
        warnings.push("the scenario has no costs (cost_per_agent_hour, [groups.contract], [economics]): every point costs 0, so the frontier holds only the best service level".into());
    }
    if let Some((_, c, _)) = results.first() {
        warnings.extend(money::report::warnings(c));
    }
    let labels: Vec<String> = varies.iter().map(Vary::label).collect();
    let mut out: Vec<SweepPoint> = points
        .iter()
        .zip(&results)
        .map(|((combo, sc), (summary, costs, occ))| {
            let t = &summary.total;
            let (sl, ab, asa) = (
                t.get(Metric::ServiceLevel),
                t.get(Metric::AbandonRate),
                t.get(Metric::AsaSeconds),
            );
            let types = type_figures(sc, summary);
            let occupancy_ok = sc.service_level.max_occupancy.is_none_or(|cap| {
                (0..sc.groups.len())
                    .filter(|&g| sc.groups[g].is_in_house())
                    .all(|g| {
                        let o = t.occupancy(g).mean;
                        o.is_nan() || o <= cap
                    })
            });
            let meets_targets = occupancy_ok
                && if sc.declared_types {
                    types.0.iter().all(|(_, f)| f.meets_targets)
                } else {
                    meets(sc, sl, ab, asa)
                };
            SweepPoint {
                values: OrderedMap(labels.iter().cloned().zip(combo.iter().copied()).collect()),
                service_level: sl,
                abandon_rate: ab,
                asa_seconds: asa,
                occupancy: occ.estimate(),
                total_cost: costs.total,
                cost_per_handled_call: costs.cost_per_handled_call,
                sla_met: OrderedMap(
                    costs
                        .sla
                        .iter()
                        .map(|s| (s.group.clone(), s.p_met))
                        .collect(),
                ),
                meets_targets,
                frontier: false,
                types,
            }
        })
        .collect();
    let marks = frontier(
        &out.iter()
            .map(|p| (p.total_cost.mean, p.service_level.mean))
            .collect::<Vec<_>>(),
    );
    for (p, m) in out.iter_mut().zip(marks) {
        p.frontier = m;
    }
    let cheapest = cheapest_meeting(&out);
    SweepResult {
        scenario: base.name.clone(),
        replications: base.replications,
        seed: base.seed,
        keys: labels,
        target: base.service_level.target,
        max_abandon_rate: base.service_level.max_abandon_rate,
        max_asa_seconds: base.service_level.max_asa,
        types: crate::report::type_targets(base),
        points: out,
        cheapest_meeting_targets: cheapest,
        warnings,
    }
}

/// Each call type's day figures and whether it meets its own targets
/// (empty without `[[call_types]]`).
fn type_figures(sc: &ValidScenario, summary: &Summary) -> OrderedMap<SweepTypeFigures> {
    OrderedMap(
        summary
            .types
            .iter()
            .zip(&sc.types)
            .map(|(scopes, t)| {
                let total = &scopes.total;
                let (sl, ab, asa) = (
                    total.get(Metric::ServiceLevel),
                    total.get(Metric::AbandonRate),
                    total.get(Metric::AsaSeconds),
                );
                let figures = SweepTypeFigures {
                    service_level: sl,
                    abandon_rate: ab,
                    asa_seconds: asa,
                    meets_targets: meets_level(&t.service_level, sl, ab, asa),
                };
                (t.name.clone(), figures)
            })
            .collect(),
    )
}

/// The cheapest point meeting the targets (ties: better service level, then grid order).
pub fn cheapest_meeting(points: &[SweepPoint]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, p) in points.iter().enumerate() {
        if !p.meets_targets || p.total_cost.mean.is_nan() {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => {
                let q = &points[b];
                p.total_cost.mean < q.total_cost.mean
                    || (p.total_cost.mean == q.total_cost.mean
                        && p.service_level.mean > q.service_level.mean)
            }
        };
        if better {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontier_keeps_undominated_points() {
        // (cost, service level)
        let pts = [
            (100.0, 0.70),    // on: cheapest
            (120.0, 0.80),    // on
            (130.0, 0.78),    // off: (120, 0.80) is cheaper and better
            (150.0, 0.90),    // on: best service
            (150.0, 0.90),    // on: a tie with the one above
            (160.0, 0.90),    // off: same service, dearer
            (f64::NAN, 0.99), // off: undefined
        ];
        assert_eq!(
            frontier(&pts),
            vec![true, true, false, true, true, false, false]
        );
    }
}
