//! Scenario comparison on common random numbers with paired confidence
//! intervals.
//!
//! # Mechanism
//! - Every scenario runs with the **same master seed and replication
//!   indices** (the first scenario's, unless `--seed`/`--replications` say
//!   otherwise). Each random source has its own stream per replication
//!   ([`crate::rng`]), so where two scenarios share arrivals, handle times and
//!   patience, replication `i` of each sees the same callers: common random
//!   numbers. Only what differs between the scenarios (staffing, routing...)
//!   makes their days differ.
//! - For each figure of the day, replication `i` of scenario `S` gives a
//!   numerator and denominator `(x_i, y_i)`; the scenario's estimate is the
//!   pooled ratio `R = sum x / sum y`, as in `ccsim run`.
//! - The difference `R_B - R_A` gets a **paired** interval: with the
//!   linearised residuals `u_i = (x_Bi - R_B y_Bi)/mean(y_B) - (x_Ai - R_A
//!   y_Ai)/mean(y_A)` (the delta method; for counts, `y = 1`, this is the
//!   ordinary paired t interval of `x_Bi - x_Ai`), the 95% half-width is
//!   `t(0.975, n-1) * sd(u) / sqrt(n)`. Pairing removes the day-to-day noise
//!   the scenarios share, so the interval is far narrower than comparing
//!   two independent intervals.
//! - A difference is **significant** when its 95% interval excludes 0.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::Error;
use crate::report::{OrderedMap, RunReport};
use crate::satisfaction::{SatMetric, SatisfactionSummary, SatisfactionTally};
use crate::scenario::ValidScenario;
use crate::simulation::{Reduction, Simulated};
use crate::stats::reduced::{Reduced, Visitor};
use crate::stats::tally::{CallCounts, Tally};
use crate::stats::{Estimate, PairedAccumulator, RatioAccumulator};

/// The day's figures a comparison shows, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayFigure {
    /// Call attempts offered.
    Offered,
    /// Service level by each scenario's definition.
    ServiceLevel,
    /// Average speed of answer, seconds.
    AsaSeconds,
    /// Abandoned over calls that reached the queue.
    AbandonRate,
    /// Busy over present agent time of the in-house groups (those neither
    /// `outsourced` nor under a contract); each group's own occupancy is in
    /// [`Comparison::occupancy`].
    Occupancy,
    /// Share of callers satisfied.
    Csat,
    /// Mean satisfaction score.
    MeanScore,
    /// Customers expected to leave.
    CustomersLost,
    /// What replacing them costs.
    ReplacementCost,
}

/// How a figure is shown (the table here and the compare page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A number of calls or customers.
    Count,
    /// A share, shown in percent.
    Percent,
    /// Seconds.
    Seconds,
    /// A satisfaction score from 0 to 1.
    Score,
    /// An amount of money.
    Money,
    /// A price per unit (more decimals than an amount).
    Price,
}

impl DayFigure {
    /// Every figure, in output order.
    pub const ALL: [DayFigure; 9] = [
        DayFigure::Offered,
        DayFigure::ServiceLevel,
        DayFigure::AsaSeconds,
        DayFigure::AbandonRate,
        DayFigure::Occupancy,
        DayFigure::Csat,
        DayFigure::MeanScore,
        DayFigure::CustomersLost,
        DayFigure::ReplacementCost,
    ];

    /// JSON and CSV key (the same names as in the run report).
    pub fn key(self) -> &'static str {
        match self {
            DayFigure::Offered => "offered",
            DayFigure::ServiceLevel => "service_level",
            DayFigure::AsaSeconds => "asa_seconds",
            DayFigure::AbandonRate => "abandon_rate",
            DayFigure::Occupancy => "occupancy",
            DayFigure::Csat => "csat",
            DayFigure::MeanScore => "mean_score",
            DayFigure::CustomersLost => "customers_lost",
            DayFigure::ReplacementCost => "replacement_cost",
        }
    }

    /// Name in the table.
    pub fn label(self) -> &'static str {
        match self {
            DayFigure::Offered => "calls offered",
            DayFigure::ServiceLevel => "service level",
            DayFigure::AsaSeconds => "ASA (s)",
            DayFigure::AbandonRate => "abandonment",
            DayFigure::Occupancy => "occupancy (in-house)",
            DayFigure::Csat => "CSAT",
            DayFigure::MeanScore => "mean score",
            DayFigure::CustomersLost => "customers lost",
            DayFigure::ReplacementCost => "replacement cost",
        }
    }

    /// How this figure is shown.
    pub(crate) fn unit(self) -> Unit {
        match self {
            DayFigure::Offered | DayFigure::CustomersLost => Unit::Count,
            DayFigure::ServiceLevel
            | DayFigure::AbandonRate
            | DayFigure::Occupancy
            | DayFigure::Csat => Unit::Percent,
            DayFigure::AsaSeconds => Unit::Seconds,
            DayFigure::MeanScore => Unit::Score,
            DayFigure::ReplacementCost => Unit::Money,
        }
    }
}

/// Number of day figures.
pub const FIGURES: usize = DayFigure::ALL.len();

/// One replication's (numerator, denominator) of every day figure.
pub type DayPairs = [(f64, f64); FIGURES];

/// The day's figures of one replication of `sc` (intervals after warm-up).
pub fn day_pairs(
    sc: &ValidScenario,
    sat: &SatisfactionSummary,
    t: &Tally,
    s: &SatisfactionTally,
) -> DayPairs {
    let first = sc.horizon.warmup_intervals;
    let mut c = CallCounts::default();
    for ty in 0..t.types {
        for k in first..t.intervals {
            c += &t.calls[ty * t.intervals + k];
        }
    }
    let (offered, answered, abandoned, within, wait) = (
        c.offered,
        c.answered,
        c.abandoned,
        c.answered_within,
        c.wait_answered,
    );
    let (mut busy, mut present) = (0.0, 0.0);
    for k in first..t.intervals {
        for g in (0..t.groups).filter(|&g| in_house(sc, g)) {
            let x = &t.group_counts[k * t.groups + g];
            busy += x.busy_time;
            present += x.staffed_time;
        }
    }
    let reached = c.reached();
    let sl_base = c.service_level_base(sc.service_level.definition);
    [
        (offered, 1.0),
        (within, sl_base),
        (wait, answered),
        (abandoned, reached),
        (busy, present),
        sat.day_pair(s, SatMetric::Csat),
        sat.day_pair(s, SatMetric::MeanScore),
        sat.day_pair(s, SatMetric::CustomersLost),
        sat.day_pair(s, SatMetric::ReplacementCost),
    ]
}

/// Whether group `g` of `sc` is the center's own (not `outsourced`, no contract).
pub fn in_house(sc: &ValidScenario, g: usize) -> bool {
    sc.groups.get(g).is_some_and(|x| x.is_in_house())
}

/// One replication's (busy, present) agent time of every group of `sc`.
pub fn group_pairs(sc: &ValidScenario, t: &Tally) -> Vec<(f64, f64)> {
    let first = sc.horizon.warmup_intervals;
    (0..t.groups)
        .map(|g| {
            (first..t.intervals).fold((0.0, 0.0), |(b, p), k| {
                let x = &t.group_counts[k * t.groups + g];
                (b + x.busy_time, p + x.staffed_time)
            })
        })
        .collect()
}

/// A paired difference B - A with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Difference {
    /// Estimate of B minus estimate of A.
    pub mean: f64,
    /// 95% paired confidence interval across replications.
    pub ci95: [f64; 2],
    /// Whether the interval excludes 0.
    pub significant: bool,
}

impl Difference {
    /// The difference and its significance from paired sums.
    pub fn of(acc: &PairedAccumulator) -> Difference {
        let e = acc.difference();
        Difference {
            mean: e.mean,
            ci95: e.ci95,
            significant: e.ci95[0] > 0.0 || e.ci95[1] < 0.0,
        }
    }

    /// No difference to show (a scenario lacks the figure).
    pub fn none() -> Difference {
        Difference {
            mean: f64::NAN,
            ci95: [f64::NAN; 2],
            significant: false,
        }
    }
}

/// The paired difference of two pooled ratio estimators observed on the
/// same replications (`a[i]` and `b[i]` from replication `i`); see the
/// module docs for the formula ([`PairedAccumulator`] keeps its sums).
pub fn paired_difference(a: &[(f64, f64)], b: &[(f64, f64)]) -> Difference {
    let mut acc = PairedAccumulator::default();
    for (p, q) in a.iter().zip(b) {
        acc.add(*p, *q);
    }
    Difference::of(&acc)
}

/// One scenario's run within a comparison.
#[derive(Debug, Clone)]
pub struct Run {
    /// Its report (as `ccsim run` would give with the shared seed).
    pub report: RunReport,
    /// Everything the simulation yielded.
    pub sim: Simulated,
}

/// Labels for the scenarios: their names, or their file names where names repeat.
pub fn labels(scenarios: &[ValidScenario], paths: &[PathBuf]) -> Vec<String> {
    scenarios
        .iter()
        .zip(paths)
        .map(|(sc, path)| {
            let repeated = scenarios.iter().filter(|o| o.name == sc.name).count() > 1;
            if repeated {
                path.display().to_string()
            } else {
                sc.name.clone()
            }
        })
        .collect()
}

/// Sets one seed and one replication count for all scenarios: the
/// first's, or the overrides.
pub fn align(
    scenarios: &mut [ValidScenario],
    replications: Option<u32>,
    seed: Option<u64>,
) -> Result<(), Error> {
    if replications == Some(0) {
        return Err(Error::Usage("--replications must be at least 1".into()));
    }
    let Some(first) = scenarios.first() else {
        return Ok(());
    };
    let reps = replications.unwrap_or(first.replications);
    let seed = seed.unwrap_or(first.seed);
    for sc in scenarios.iter_mut() {
        sc.replications = reps;
        sc.seed = seed;
    }
    Ok(())
}

/// Sets one seed and one replication count for all scenarios (the first's,
/// or the overrides) and simulates every replication of each, on common
/// random numbers, calling `on_done` after each replication.
pub fn run_all(
    scenarios: &mut [ValidScenario],
    replications: Option<u32>,
    seed: Option<u64>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Compared, Error> {
    align(scenarios, replications, seed)?;
    let reps = scenarios.first().map_or(0, |s| u64::from(s.replications));
    let mut state = State::new(scenarios);
    state.simulate_range(scenarios, 0..reps, on_done);
    Ok(state.finish(scenarios))
}

/// Replications of every scenario simulated before their figures are
/// paired: bounds memory whatever the number of replications.
const CHUNK: u64 = 256;

/// The sums of one figure across the scenarios: each scenario's estimate
/// and each one's paired difference to the first (exact, mergeable).
#[derive(Debug, Clone)]
pub struct FigureSums {
    /// Per scenario (`None`: it lacks the figure).
    values: Vec<Option<RatioAccumulator>>,
    /// Per scenario, against the first (`None` for the first, or where
    /// either lacks the figure).
    paired: Vec<Option<PairedAccumulator>>,
}

impl FigureSums {
    /// No replications yet, for scenarios that have the figure where `present`.
    fn new(present: &[bool]) -> Self {
        FigureSums {
            values: present
                .iter()
                .map(|&p| p.then(RatioAccumulator::default))
                .collect(),
            paired: present
                .iter()
                .enumerate()
                .map(|(i, &p)| (i > 0 && p && present[0]).then(PairedAccumulator::default))
                .collect(),
        }
    }

    /// Adds one replication (or block) of every scenario: `of(s)` is
    /// scenario s's (numerator, denominator).
    fn add(&mut self, of: impl Fn(usize) -> (f64, f64)) {
        let base = self.values.first().and_then(|v| v.is_some().then(|| of(0)));
        for (s, v) in self.values.iter_mut().enumerate() {
            if let Some(acc) = v {
                let pair = if s == 0 {
                    base.unwrap_or_default()
                } else {
                    of(s)
                };
                acc.add(pair.0, pair.1);
                if let (Some(p), Some(b)) = (self.paired[s].as_mut(), base) {
                    p.add(b, pair);
                }
            }
        }
    }

    /// The estimates and paired differences.
    fn comparison(&self) -> FigureComparison {
        FigureComparison {
            values: self
                .values
                .iter()
                .map(|v| {
                    v.map_or(
                        Estimate {
                            mean: f64::NAN,
                            ci95: [f64::NAN; 2],
                        },
                        |a| a.estimate(),
                    )
                })
                .collect(),
            differences: self
                .paired
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    (i > 0).then(|| p.as_ref().map_or_else(Difference::none, Difference::of))
                })
                .collect(),
        }
    }
}

impl Reduced for FigureSums {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for a in self.values.iter_mut().flatten() {
            v.ratio(a);
        }
        for a in self.paired.iter_mut().flatten() {
            v.paired(a);
        }
    }
}

/// The paired sums of a comparison: every day figure, and each group's
/// occupancy over every group any scenario has.
#[derive(Debug, Clone)]
pub struct Sums {
    figures: Vec<FigureSums>,
    /// Group name, each scenario's index of that group, the sums.
    groups: Vec<(String, Vec<Option<usize>>, FigureSums)>,
}

impl Sums {
    /// No replications of `scenarios` yet.
    pub fn new(scenarios: &[ValidScenario]) -> Self {
        let all = vec![true; scenarios.len()];
        let names: Vec<String> = scenarios
            .iter()
            .flat_map(|sc| sc.groups.iter().map(|g| g.name.clone()))
            .fold(Vec::new(), |mut v, n| {
                if !v.contains(&n) {
                    v.push(n);
                }
                v
            });
        Sums {
            figures: (0..FIGURES).map(|_| FigureSums::new(&all)).collect(),
            groups: names
                .into_iter()
                .map(|name| {
                    let at: Vec<Option<usize>> = scenarios
                        .iter()
                        .map(|sc| sc.groups.iter().position(|x| x.name == name))
                        .collect();
                    let present: Vec<bool> = at.iter().map(Option::is_some).collect();
                    (name, at, FigureSums::new(&present))
                })
                .collect(),
        }
    }
}

impl Reduced for Sums {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for f in &mut self.figures {
            f.visit(v);
        }
        for (_, _, f) in &mut self.groups {
            f.visit(v);
        }
    }
}

/// The folded state of a comparison over a range of replications: each
/// scenario's statistics and the paired sums. What a shard of `ccsim
/// compare` writes; states of consecutive ranges add exactly.
#[derive(Debug, Clone)]
pub struct State {
    /// Each scenario's statistics, in argument order.
    pub reductions: Vec<Reduction>,
    /// The paired sums.
    pub sums: Sums,
}

impl Reduced for State {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for r in &mut self.reductions {
            r.visit(v);
        }
        self.sums.visit(v);
    }
}

/// A finished comparison's simulations: each scenario's run and the paired sums.
#[derive(Debug, Clone)]
pub struct Compared {
    /// Each scenario's run, in argument order.
    pub runs: Vec<Run>,
    /// The paired sums.
    pub sums: Sums,
}

impl State {
    /// The state of no replications of `scenarios`.
    pub fn new(scenarios: &[ValidScenario]) -> Self {
        State {
            reductions: scenarios.iter().map(Reduction::new).collect(),
            sums: Sums::new(scenarios),
        }
    }

    /// Simulates replications `range` of every scenario (a few hundred of
    /// each at a time, so memory stays flat) and folds them in, pairing
    /// replication k of every scenario with replication k of the first.
    pub fn simulate_range(
        &mut self,
        scenarios: &[ValidScenario],
        range: Range<u64>,
        on_done: &(dyn Fn() + Sync),
    ) {
        let sats: Vec<SatisfactionSummary> =
            scenarios.iter().map(SatisfactionSummary::new).collect();
        let mut start = range.start;
        while start < range.end {
            let stop = (start + CHUNK).min(range.end);
            let mut days: Vec<Vec<DayPairs>> = Vec::with_capacity(scenarios.len());
            let mut occs: Vec<Vec<Vec<(f64, f64)>>> = Vec::with_capacity(scenarios.len());
            for ((sc, red), sat) in scenarios.iter().zip(&mut self.reductions).zip(&sats) {
                let (mut day, mut occ) = (Vec::new(), Vec::new());
                red.simulate_more(sc, start..stop, on_done, |_, t, s| {
                    day.push(day_pairs(sc, sat, t, s));
                    occ.push(group_pairs(sc, t));
                });
                days.push(day);
                occs.push(occ);
            }
            for k in 0..(stop - start) as usize {
                for (f, sums) in self.sums.figures.iter_mut().enumerate() {
                    sums.add(|s| days[s][k][f]);
                }
                for (_, at, sums) in &mut self.sums.groups {
                    sums.add(|s| at[s].map_or((0.0, 0.0), |g| occs[s][k][g]));
                }
            }
            start = stop;
        }
    }

    /// Each scenario's run (report and results) and the paired sums.
    pub fn finish(self, scenarios: &[ValidScenario]) -> Compared {
        let runs = self
            .reductions
            .into_iter()
            .zip(scenarios)
            .map(|(red, sc)| {
                let sim = red.finish();
                Run {
                    report: RunReport::from_simulated(sc, &sim),
                    sim,
                }
            })
            .collect();
        Compared {
            runs,
            sums: self.sums,
        }
    }
}

/// One figure across the scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureComparison {
    /// Each scenario's estimate, in argument order.
    pub values: Vec<Estimate>,
    /// Each scenario's paired difference to the first (`null` for the first).
    pub differences: Vec<Option<Difference>>,
}

/// The comparison: the JSON contract of `ccsim compare --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// ccsim version.
    pub version: String,
    /// The master seed every scenario ran with.
    pub seed: u64,
    /// Replications of every scenario.
    pub replications: u32,
    /// What the intervals mean.
    pub confidence: String,
    /// The scenario the others are compared with.
    pub baseline: String,
    /// Scenario labels, in argument order.
    pub scenarios: Vec<String>,
    /// Every day figure by key.
    pub figures: OrderedMap<FigureComparison>,
    /// Each group's occupancy (busy over present agent time) by group name,
    /// over every group any scenario has (NaN where a scenario lacks it).
    pub occupancy: OrderedMap<FigureComparison>,
    /// Money (only when every scenario has money keys): the cost per day and
    /// per handled call with paired differences (docs/compare.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostComparison>,
    /// Each scenario's verdict on its own targets (the `targets` block of
    /// its run report), in argument order.
    pub targets: Vec<crate::report::verdict::TargetsVerdict>,
    /// Each scenario's warnings, prefixed with its label.
    pub warnings: Vec<String>,
}

impl Comparison {
    /// Builds the comparison of `compared` (in the order of `scenarios`).
    pub fn new(scenarios: &[ValidScenario], labels: &[String], compared: &Compared) -> Self {
        let runs = &compared.runs;
        let figures = DayFigure::ALL
            .iter()
            .zip(&compared.sums.figures)
            .map(|(fig, sums)| (fig.key().to_string(), sums.comparison()))
            .collect();
        let occupancy = compared
            .sums
            .groups
            .iter()
            .map(|(name, _, sums)| (name.clone(), sums.comparison()))
            .collect();
        let costs = CostComparison::new(runs);
        let targets = runs.iter().map(|r| r.report.targets.clone()).collect();
        let warnings = runs
            .iter()
            .zip(labels)
            .flat_map(|(run, label)| {
                run.report
                    .warnings
                    .iter()
                    .map(move |w| format!("{label}: {w}"))
            })
            .collect();
        Comparison {
            version: env!("CARGO_PKG_VERSION").to_string(),
            seed: scenarios.first().map(|s| s.seed).unwrap_or(0),
            replications: scenarios.first().map(|s| s.replications).unwrap_or(0),
            confidence: "95% Student-t intervals across replications; differences paired per replication on common random numbers (delta method for ratios)".into(),
            baseline: labels.first().cloned().unwrap_or_default(),
            scenarios: labels.to_vec(),
            figures: OrderedMap(figures),
            occupancy: OrderedMap(occupancy),
            costs,
            targets,
            warnings,
        }
    }

    /// The comparison of figure `f`.
    pub fn figure(&self, f: DayFigure) -> &FigureComparison {
        &self.figures.0[f as usize].1
    }
}

/// Estimates of columns of (numerator, denominator) pairs, one per
/// scenario (`None`: the scenario lacks the figure), and paired
/// differences to the first (over the rows all columns have).
fn compare_columns(columns: &[Option<Vec<(f64, f64)>>]) -> FigureComparison {
    let present: Vec<bool> = columns.iter().map(Option::is_some).collect();
    let mut sums = FigureSums::new(&present);
    let rows = columns.iter().flatten().map(Vec::len).min().unwrap_or(0);
    for k in 0..rows {
        sums.add(|s| columns[s].as_ref().map_or((0.0, 0.0), |c| c[k]));
    }
    sums.comparison()
}

/// The money side of a comparison. Costs are priced per accounting block
/// (a day, or the longest contract period; see docs/money.md); block `j` of
/// every scenario covers the same replications, so the differences are
/// paired per block. When scenarios use different block lengths, blocks
/// are merged into the longest (weeks nest in months).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostComparison {
    /// Days in the blocks the differences pair.
    pub block_days: u32,
    /// Cost of all groups per day (staff plus contracts, net of penalties).
    pub cost_per_day: FigureComparison,
    /// Total cost over calls answered.
    pub cost_per_handled_call: FigureComparison,
}

impl CostComparison {
    /// The cost comparison of `runs`, if every run has costs.
    pub fn new(runs: &[Run]) -> Option<CostComparison> {
        let blocks: Vec<&Vec<[f64; 3]>> = runs
            .iter()
            .map(|r| r.sim.costs.as_ref().map(|_| &r.sim.cost_blocks))
            .collect::<Option<_>>()?;
        let sizes: Vec<u32> = runs
            .iter()
            .filter_map(|r| r.sim.costs.as_ref().map(|c| c.block_days))
            .collect();
        let longest = sizes.iter().copied().max().unwrap_or(1).max(1);
        let merged: Vec<Option<Vec<[f64; 3]>>> = blocks
            .iter()
            .zip(&sizes)
            .map(|(b, &size)| {
                if size == 0 || longest % size != 0 {
                    return None;
                }
                let per = (longest / size) as usize;
                Some(
                    b.chunks_exact(per)
                        .map(|c| {
                            c.iter()
                                .fold([0.0; 3], |s, x| [s[0] + x[0], s[1] + x[1], s[2] + x[2]])
                        })
                        .collect(),
                )
            })
            .collect();
        let column = |f: &dyn Fn(&[f64; 3]) -> (f64, f64)| -> Vec<Option<Vec<(f64, f64)>>> {
            merged
                .iter()
                .map(|m| m.as_ref().map(|v| v.iter().map(f).collect()))
                .collect()
        };
        Some(CostComparison {
            block_days: longest,
            cost_per_day: compare_columns(&column(&|b| (b[0], b[1]))),
            cost_per_handled_call: compare_columns(&column(&|b| (b[0], b[2]))),
        })
    }
}

fn show(unit: Unit, v: f64, hw: f64, signed: bool) -> String {
    if v.is_nan() {
        return "-".into();
    }
    let (scale, digits, suffix) = match unit {
        Unit::Count => (1.0, 1, ""),
        Unit::Percent if signed => (100.0, 2, " pts"),
        Unit::Percent => (100.0, 1, "%"),
        Unit::Seconds => (1.0, 1, ""),
        Unit::Score => (1.0, 3, ""),
        Unit::Money => (1.0, 0, ""),
        Unit::Price => (1.0, 2, ""),
    };
    let sign = if signed && v >= 0.0 { "+" } else { "" };
    let mut s = format!("{sign}{:.*}{suffix}", digits, v * scale);
    if hw.is_finite() {
        s.push_str(&format!(" ±{:.*}", digits, hw * scale));
    }
    s
}

/// Column letter of scenario `i` (A, B, ..., Z, then 27, 28...).
fn letter(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        (i + 1).to_string()
    }
}

/// The side-by-side table: one column per scenario (lettered, with a key
/// above) and one per paired difference to the first.
pub fn table(c: &Comparison) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["figure".to_string()];
    for i in 0..c.scenarios.len() {
        header.push(letter(i));
        if i > 0 {
            header.push(format!("{} − A", letter(i)));
        }
    }
    rows.push(header);
    let mut lines: Vec<(String, Unit, &FigureComparison)> = Vec::new();
    for fig in DayFigure::ALL {
        let fc = c.figure(fig);
        // A money figure that is zero everywhere (no customer value set) says nothing.
        let silent = fig.unit() == Unit::Money && fc.values.iter().all(|v| v.mean == 0.0);
        if !silent {
            lines.push((fig.label().to_string(), fig.unit(), fc));
        }
    }
    for (name, fc) in &c.occupancy.0 {
        lines.push((format!("occupancy {name}"), Unit::Percent, fc));
    }
    if let Some(k) = &c.costs {
        lines.push(("cost per day".into(), Unit::Money, &k.cost_per_day));
        lines.push((
            "cost per handled call".into(),
            Unit::Price,
            &k.cost_per_handled_call,
        ));
    }
    for (label, unit, fc) in lines {
        let mut row = vec![label];
        for (i, v) in fc.values.iter().enumerate() {
            row.push(show(unit, v.mean, v.half_width(), false));
            if let Some(Some(d)) = fc.differences.get(i) {
                let hw = 0.5 * (d.ci95[1] - d.ci95[0]);
                let mark = if d.significant { " *" } else { "  " };
                row.push(format!("{}{mark}", show(unit, d.mean, hw, true)));
            }
        }
        rows.push(row);
    }
    let mut verdict = vec!["targets".to_string()];
    for (i, t) in c.targets.iter().enumerate() {
        verdict.push(if t.met {
            "met".into()
        } else {
            format!("missed {}/{}", t.intervals_missed, t.intervals_judged)
        });
        if i > 0 {
            verdict.push(String::new());
        }
    }
    rows.push(verdict);
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|col| {
            rows.iter()
                .map(|r| r[col].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!(
        "Comparison on common random numbers: {} replications, seed {} for every scenario.\n",
        c.replications, c.seed
    );
    for (i, name) in c.scenarios.iter().enumerate() {
        out.push_str(&format!("  {}: {name}\n", letter(i)));
    }
    out.push_str("Each figure: mean ±half-width of its 95% confidence interval; differences are paired per replication against A; * = significant (the 95% interval excludes 0).\n\n");
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(col, s)| {
                if col == 0 {
                    format!("{s:<w$}", w = widths[col])
                } else {
                    format!("{s:>w$}", w = widths[col])
                }
            })
            .collect();
        out.push_str(line.join("   ").trim_end());
        out.push('\n');
    }
    for (i, t) in c.targets.iter().enumerate() {
        out.push_str(&format!("{}: {}\n", letter(i), t.summary()));
    }
    for w in &c.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// The comparison as CSV: one row per figure and scenario with its
/// estimate and, for all but the first scenario, the paired difference.
pub fn csv(c: &Comparison) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "figure",
        "scenario",
        "mean",
        "mean_lo",
        "mean_hi",
        "difference",
        "difference_lo",
        "difference_hi",
        "significant",
    ])?;
    let num = |v: f64| {
        if v.is_nan() {
            String::new()
        } else {
            format!("{v}")
        }
    };
    let mut all: Vec<(String, &FigureComparison)> =
        c.figures.0.iter().map(|(k, f)| (k.clone(), f)).collect();
    all.extend(
        c.occupancy
            .0
            .iter()
            .map(|(g, f)| (format!("occupancy_{g}"), f)),
    );
    if let Some(k) = &c.costs {
        all.push(("cost_per_day".into(), &k.cost_per_day));
        all.push(("cost_per_handled_call".into(), &k.cost_per_handled_call));
    }
    for (key, fc) in all {
        for (i, name) in c.scenarios.iter().enumerate() {
            let v = fc.values[i];
            let mut rec = vec![
                key.clone(),
                name.clone(),
                num(v.mean),
                num(v.ci95[0]),
                num(v.ci95[1]),
            ];
            match fc.differences[i] {
                Some(d) => rec.extend([
                    num(d.mean),
                    num(d.ci95[0]),
                    num(d.ci95[1]),
                    d.significant.to_string(),
                ]),
                None => rec.extend([String::new(), String::new(), String::new(), String::new()]),
            }
            w.write_record(&rec)?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_the_paired_t_interval() {
        // d = b - a = [1, 2, 3, 2]: mean 2, sd sqrt(2/3), t(0.975, 3) = 3.182.
        let a = [(10.0, 1.0), (12.0, 1.0), (9.0, 1.0), (11.0, 1.0)];
        let b = [(11.0, 1.0), (14.0, 1.0), (12.0, 1.0), (13.0, 1.0)];
        let d = paired_difference(&a, &b);
        assert!((d.mean - 2.0).abs() < 1e-12);
        let h = 3.182_446 * ((2.0 / 3.0) / 4.0f64).sqrt();
        assert!((0.5 * (d.ci95[1] - d.ci95[0]) - h).abs() < 1e-4);
        assert!(d.significant);
    }

    #[test]
    fn identical_scenarios_differ_by_exactly_zero() {
        let a = [(3.0, 10.0), (5.0, 9.0), (4.0, 12.0)];
        let d = paired_difference(&a, &a);
        assert_eq!(d.mean, 0.0);
        assert_eq!(d.ci95, [0.0, 0.0]);
        assert!(!d.significant);
    }

    #[test]
    fn ratio_difference_is_the_difference_of_pooled_ratios() {
        let a = [(8.0, 10.0), (6.0, 10.0)];
        let b = [(9.0, 10.0), (9.0, 10.0)];
        let d = paired_difference(&a, &b);
        assert!((d.mean - (0.9 - 0.7)).abs() < 1e-12);
        // u = [0 - 0.1, 0 - (-0.1)] = [-0.1, 0.1]: sd 0.1414, t(0.975, 1) = 12.706.
        let h = 12.706_205 * (0.02f64 / 2.0).sqrt();
        assert!((0.5 * (d.ci95[1] - d.ci95[0]) - h).abs() < 1e-4);
        assert!(!d.significant);
    }
}
