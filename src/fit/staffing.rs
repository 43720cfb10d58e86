//! Staffing from a call log, which records calls, not agents on shift.
//! Three estimators per interval ([`Method`]):
//!
//! - **busy**: agents on the phones, the seconds of answered calls' handle
//!   time falling in the interval over its length, divided by the
//!   occupancy the data imply (total busy time over total agent presence
//!   of the `agents` estimator, or `--occupancy`), rounded up;
//! - **agents**: each agent's sessions (first answer to last end of a run
//!   of calls, broken where the agent was idle longer than
//!   [`DEFAULT_BREAK_SECONDS`]), and per interval the sum of the shares of
//!   the interval each agent was in a session: a weighted, not a plain,
//!   count; rounded to the nearest agent;
//! - **calibrate**: the staffing per interval whose simulated ASA and
//!   abandonment come closest to the observed ones, searched interval by
//!   interval in time order with common random numbers (every candidate is
//!   simulated with the same seeds, so candidates differ only by their
//!   staffing), starting from `agents`.
//!
//! Each is computed per day and averaged over the days used.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::profile::{clock, Grid};
use crate::history::calls::{CallOutcome, CallRow};
use crate::scenario::ValidScenario;
use crate::stats::tally::CallCounts;

/// A gap between two calls of one agent longer than this (seconds) ends
/// the agent's session (a break, or the end of the shift).
pub const DEFAULT_BREAK_SECONDS: f64 = 900.0;
/// Replications simulated per candidate staffing by `calibrate`.
pub const CALIBRATE_REPLICATIONS: u64 = 30;
/// `calibrate` keeps the starting staffing of an interval unless another
/// is closer to the observed figures by more than this, in squared
/// standard errors (the 95% point of a chi-square with 2 degrees of
/// freedom is 6; 4 moves a little more readily).
pub const SIGNIFICANT: f64 = 4.0;
/// Occupancy bounds of the `busy` estimator when implied by the data.
pub const OCCUPANCY_RANGE: (f64, f64) = (0.3, 0.98);

/// How `ccsim fit --staffing` estimates agents per interval from a call log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// Busy time over interval length, divided by the implied occupancy.
    Busy,
    /// Agents in a session per interval, weighted by the share of the interval.
    Agents,
    /// The staffing whose simulated ASA and abandonment match the observed ones.
    Calibrate,
}

impl Method {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Busy => "busy",
            Method::Agents => "agents",
            Method::Calibrate => "calibrate",
        }
    }
}

/// (ASA seconds, abandonment rate), either possibly undefined.
pub type Figures = (Option<f64>, Option<f64>);

/// How close `calibrate` came in one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closeness {
    /// Observed ASA (seconds) and abandonment rate, pooled over the days.
    pub observed: (Option<f64>, Option<f64>),
    /// Simulated ASA and abandonment at the chosen staffing.
    pub simulated: (Option<f64>, Option<f64>),
    /// Standard errors of the observed figures, from their spread over the
    /// days (`None` with one day: then a floor is used).
    pub se: (Option<f64>, Option<f64>),
}

/// The estimators' values per interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimates {
    /// Mean busy agents (agents on the phones) per interval.
    pub busy_time: Vec<f64>,
    /// Occupancy used by `busy`.
    pub occupancy: f64,
    /// Where the occupancy came from.
    pub occupancy_source: &'static str,
    /// `busy` staffing.
    pub busy: Vec<u32>,
    /// Mean weighted agents in a session per interval.
    pub presence: Vec<f64>,
    /// `agents` staffing.
    pub agents: Vec<u32>,
    /// `calibrate` staffing and how close it came, when computed.
    pub calibrated: Option<(Vec<u32>, Vec<Closeness>)>,
    /// The estimator written into the scenario.
    pub chosen: Method,
}

impl Estimates {
    /// The staffing of `method` (calibrate falls back to agents when not computed).
    pub fn staffing(&self, method: Method) -> &[u32] {
        match method {
            Method::Busy => &self.busy,
            Method::Agents => &self.agents,
            Method::Calibrate => self.calibrated.as_ref().map_or(&self.agents, |(c, _)| c),
        }
    }
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Adds the seconds of `[from, to)` (seconds after the day's midnight)
/// to the intervals of `grid` they cover.
fn spread(row: &mut [f64], grid: &Grid, from: f64, to: f64) {
    if to.is_nan() || from.is_nan() || to <= from {
        return;
    }
    let first = ((from - grid.start_of_day) / grid.interval)
        .floor()
        .max(0.0) as usize;
    for (k, slot) in row.iter_mut().enumerate().skip(first) {
        let s = grid.start_of_day + grid.interval * k as f64;
        if s >= to {
            break;
        }
        *slot += overlap(from, to, s, s + grid.interval);
    }
}

/// Answer and end (seconds after midnight of the arrival's day) of an answered call.
fn work_span(c: &CallRow) -> Option<(f64, f64)> {
    if c.outcome != CallOutcome::Answered {
        return None;
    }
    let answer = clock(c.arrival) + c.wait?;
    let end = answer + c.handle?;
    (answer.is_finite() && end.is_finite()).then_some((answer, end))
}

/// The `busy` and `agents` estimates of `calls` on `grid` over `days`;
/// `occupancy` fixes the occupancy of `busy` (else implied by the data).
pub fn estimate(
    calls: &[&CallRow],
    grid: &Grid,
    days: &[NaiveDate],
    break_seconds: f64,
    occupancy: Option<f64>,
) -> Estimates {
    let n = grid.intervals;
    let day_index: HashMap<NaiveDate, usize> =
        days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut busy = vec![vec![0.0; n]; days.len()];
    let mut sessions: HashMap<(usize, &str), Vec<(f64, f64)>> = HashMap::new();
    for c in calls {
        let Some(&d) = day_index.get(&c.arrival.date()) else {
            continue;
        };
        let Some((a, e)) = work_span(c) else {
            continue;
        };
        spread(&mut busy[d], grid, a, e);
        if let Some(agent) = c.agent.as_deref() {
            sessions.entry((d, agent)).or_default().push((a, e));
        }
    }
    let mut presence = vec![vec![0.0; n]; days.len()];
    for ((d, _), mut spans) in sessions {
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        let (mut from, mut to) = spans[0];
        for &(a, e) in &spans[1..] {
            if a - to > break_seconds {
                spread(&mut presence[d], grid, from, to);
                from = a;
            }
            to = to.max(e);
        }
        spread(&mut presence[d], grid, from, to);
    }
    let nd = days.len().max(1) as f64;
    let mean = |m: &[Vec<f64>]| -> Vec<f64> {
        (0..n)
            .map(|k| m.iter().map(|d| d[k]).sum::<f64>() / nd / grid.interval)
            .collect()
    };
    let busy_time = mean(&busy);
    let presence = mean(&presence);
    let (total_busy, total_presence): (f64, f64) = (busy_time.iter().sum(), presence.iter().sum());
    let (occupancy, occupancy_source) = match occupancy {
        Some(o) => (o, "given with --occupancy"),
        None if total_presence > 0.0 => (
            (total_busy / total_presence).clamp(OCCUPANCY_RANGE.0, OCCUPANCY_RANGE.1),
            "busy time over the agents' session time in the log",
        ),
        None => (0.85, "assumed (the log names no agents)"),
    };
    Estimates {
        busy: busy_time
            .iter()
            .map(|b| (b / occupancy - 1e-9).ceil().max(0.0) as u32)
            .collect(),
        agents: presence.iter().map(|p| p.round() as u32).collect(),
        busy_time,
        occupancy,
        occupancy_source,
        presence,
        calibrated: None,
        chosen: Method::Agents,
    }
}

/// Observed ASA and abandonment per interval, pooled over the days (from
/// the calls summed into intervals), with standard errors from the
/// day-to-day spread of the daily figures: waits within an interval are
/// strongly correlated (one busy spell delays everyone), so days, not
/// calls, are the independent observations.
pub fn observed(rows: &[crate::history::intervals::IntervalRow], grid: &Grid) -> Vec<Closeness> {
    let mut acc = vec![(0.0, 0.0, 0.0, 0.0); grid.intervals];
    let mut daily: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); grid.intervals];
    for r in rows {
        let Some(k) = grid.index(clock(r.start)) else {
            continue;
        };
        let a = &mut acc[k];
        let answered = r.answered.unwrap_or(0.0);
        let reached = r.offered - r.blocked.unwrap_or(0.0);
        a.0 += r.asa.unwrap_or(0.0) * answered;
        a.1 += answered;
        a.2 += r.abandoned.unwrap_or(0.0);
        a.3 += reached;
        if let (Some(asa), true) = (r.asa, answered > 0.0) {
            daily[k].0.push(asa);
        }
        if reached > 0.0 {
            daily[k].1.push(r.abandoned.unwrap_or(0.0) / reached);
        }
    }
    let se = |v: &[f64]| -> Option<f64> {
        if v.len() < 2 {
            return None;
        }
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
        Some((var / n).sqrt())
    };
    acc.iter()
        .zip(&daily)
        .map(|(a, d)| Closeness {
            observed: (
                (a.1 > 0.0).then(|| a.0 / a.1),
                (a.3 > 0.0).then(|| a.2 / a.3),
            ),
            simulated: (None, None),
            se: (se(&d.0), se(&d.1)),
        })
        .collect()
}

/// Simulated (ASA, abandonment) of interval `k` pooled over `reps` replications.
fn simulate(sc: &ValidScenario, k: usize, reps: u64) -> (Option<f64>, Option<f64>) {
    let mut c = CallCounts::default();
    crate::replicate::for_each_tally(sc, 0, reps, &|| {}, |_, t| {
        for ty in 0..t.types {
            c += &t.calls[ty * t.intervals + k];
        }
    });
    let reached = c.reached();
    (
        (c.answered > 0.0).then(|| c.wait_answered / c.answered),
        (reached > 0.0).then(|| c.abandoned / reached),
    )
}

/// Distance of a simulated (ASA, abandonment) from the observed one: the
/// sum of the squared errors in standard errors of the observation (from
/// the day-to-day spread, at least 1 s and 0.5 points; 20% of the figure
/// and 2 points with a single day), so that a figure that varies much from
/// day to day weighs little.
fn distance(c: &Closeness, sim: (Option<f64>, Option<f64>)) -> f64 {
    let mut d = 0.0;
    if let (Some(o), Some(s)) = (c.observed.0, sim.0) {
        let se = c.se.0.unwrap_or(0.2 * o).max(1.0);
        d += ((s - o) / se).powi(2);
    }
    if let (Some(o), Some(s)) = (c.observed.1, sim.1) {
        let se = c.se.1.unwrap_or(0.02).max(0.005);
        d += ((s - o) / se).powi(2);
    }
    d
}

/// `calibrate`: in time order, for each interval the staffing (all the
/// scenario's agents in one group, group 0) whose simulated ASA and
/// abandonment come closest to `target` (see `distance`), later intervals
/// kept at their starting values (the scenario's) meanwhile. Candidates
/// run from the busy agents rounded up (fewer cannot carry the load)
/// upwards while the simulation is still slower than observed, plus one
/// more, and at least to the starting value; the starting value is kept
/// unless another is closer by more than [`SIGNIFICANT`]. Every candidate
/// uses the same seeds (common random numbers).
pub fn calibrate(
    sc: &ValidScenario,
    target: &[Closeness],
    busy_time: &[f64],
    reps: u64,
) -> (Vec<u32>, Vec<Closeness>) {
    let mut sc = sc.clone();
    let n = sc.horizon.intervals.min(target.len());
    let mut out = target.to_vec();
    for k in 0..n {
        let obs = target[k].observed;
        if obs.0.is_none() && obs.1.is_none() {
            continue;
        }
        let start = sc.groups[0].agents[k];
        let lo = (busy_time.get(k).copied().unwrap_or(0.0) - 1e-9)
            .ceil()
            .max(1.0) as u32;
        let lo = lo.min(start.max(1));
        let mut tried: Vec<(u32, f64, Figures)> = Vec::new();
        let mut agents = lo;
        let mut faster_seen = 0;
        while agents <= lo.max(start) + 60 {
            sc.groups[0].agents[k] = agents;
            let sim = simulate(&sc, k, reps);
            tried.push((agents, distance(&target[k], sim), sim));
            let slower = obs.0.zip(sim.0).is_some_and(|(o, s)| s > o)
                || obs.1.zip(sim.1).is_some_and(|(o, s)| s > o);
            if !slower {
                faster_seen += 1;
                if faster_seen >= 2 && agents >= start {
                    break;
                }
            }
            agents += 1;
        }
        let best = tried.iter().min_by(|a, b| a.1.total_cmp(&b.1)).copied();
        // Keep the starting value unless another is clearly closer (by more
        // than SIGNIFICANT in squared standard errors): the observed
        // figures are noisy, and where service barely depends on one agent
        // more or less they cannot tell staffings apart.
        let keep = tried.iter().find(|t| t.0 == start).copied();
        let chosen = match (keep, best) {
            (Some(k0), Some(b)) if k0.1 <= b.1 + SIGNIFICANT => Some(k0),
            (_, b) => b,
        };
        if let Some((a, _, sim)) = chosen {
            sc.groups[0].agents[k] = a;
            out[k].simulated = sim;
        }
    }
    (sc.groups[0].agents.clone(), out)
}
