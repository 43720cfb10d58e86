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
//!   abandonment come closest to the observed ones (each error in
//!   standard errors of the observation), searched
//!   interval by interval in time order; the simulation replays the log's
//!   own calls ([`super::replay`]), so every candidate sees the same
//!   callers, the real ones; later intervals at the `agents` estimate
//!   meanwhile.
//!
//! Each is computed per day and averaged over the days used; `busy` is
//! also given per call type ([`TypeBusy`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::profile::{clock, Grid};
use crate::history::calls::{CallOutcome, CallRow};
use crate::stats::tally::CallCounts;

/// A gap between two calls of one agent longer than this (seconds) ends
/// the agent's session (a break, or the end of the shift).
pub const DEFAULT_BREAK_SECONDS: f64 = 900.0;
/// Replays of the log per candidate staffing by `calibrate` (each redraws
/// the patience the log does not show, of callers who were answered).
pub const CALIBRATE_REPLICATIONS: u64 = 10;
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
    /// days (`None` with one day).
    pub se: (Option<f64>, Option<f64>),
    /// Days with calls reaching the queue in the interval: the observed
    /// figures are means over this many days.
    pub days: usize,
    /// How far the chosen staffing's replayed figures are from the
    /// observed ones, in squared standard errors ([`calibrate`]), when calibrated.
    pub distance: Option<f64>,
}

/// The `busy` estimator of one call type: the agents on the phones with
/// calls of this type, divided by the same occupancy as the pooled one.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeBusy {
    /// The type's name in the log (`(none)` for calls without one).
    pub name: String,
    /// Mean agents on the phones with this type per interval.
    pub busy_time: Vec<f64>,
    /// Agents needed per interval: `busy_time` over the occupancy, rounded up.
    pub busy: Vec<u32>,
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
    /// `busy` per call type (the log's type column), by decreasing busy
    /// time; empty when the log has fewer than two types.
    pub by_type: Vec<TypeBusy>,
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
    let mut typed: HashMap<&str, Vec<Vec<f64>>> = HashMap::new();
    for c in calls {
        let Some(&d) = day_index.get(&c.arrival.date()) else {
            continue;
        };
        let Some((a, e)) = work_span(c) else {
            continue;
        };
        spread(&mut busy[d], grid, a, e);
        let ty = c.call_type.as_deref().unwrap_or("(none)");
        let m = typed
            .entry(ty)
            .or_insert_with(|| vec![vec![0.0; n]; days.len()]);
        spread(&mut m[d], grid, a, e);
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
    let up = |v: &[f64]| -> Vec<u32> {
        v.iter()
            .map(|b| (b / occupancy - 1e-9).ceil().max(0.0) as u32)
            .collect()
    };
    let mut by_type: Vec<TypeBusy> = if typed.len() >= 2 {
        typed
            .iter()
            .map(|(name, m)| {
                let busy_time = mean(m);
                TypeBusy {
                    name: name.to_string(),
                    busy: up(&busy_time),
                    busy_time,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    by_type.sort_by(|a, b| {
        let total = |t: &TypeBusy| t.busy_time.iter().sum::<f64>();
        total(b).total_cmp(&total(a)).then(a.name.cmp(&b.name))
    });
    Estimates {
        busy: up(&busy_time),
        by_type,
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
            days: d.1.len(),
            distance: None,
        })
        .collect()
}

/// ASA and abandonment of some calls, when defined.
fn figures(c: &CallCounts) -> Figures {
    let reached = c.reached();
    (
        (c.answered > 0.0).then(|| c.wait_answered / c.answered),
        (reached > 0.0).then(|| c.abandoned / reached),
    )
}

/// Smallest standard errors assumed for the observed ASA (seconds) and
/// abandonment (share).
const SE_FLOOR: (f64, f64) = (0.5, 0.002);

/// How far replayed figures are from the observed ones: the squared
/// errors of ASA and abandonment in standard errors of the observation
/// (from the day-to-day spread; 20% of the figure with a single day; at
/// least [`SE_FLOOR`]), so that a figure that varies much from day to day
/// weighs little. Both figures count: ASA alone can fall as agents are
/// removed (more callers hang up, and those left waited less).
fn distance(target: &Closeness, sim: &Figures) -> f64 {
    let one =
        |obs: Option<f64>, s: Option<f64>, se: Option<f64>, floor: f64, rel: f64| match (obs, s) {
            (Some(o), Some(s)) => ((s - o) / se.unwrap_or(rel * o).max(floor)).powi(2),
            _ => 0.0,
        };
    one(target.observed.0, sim.0, target.se.0, SE_FLOOR.0, 0.2)
        + one(target.observed.1, sim.1, target.se.1, SE_FLOOR.1, 0.2)
}

/// `calibrate`: in time order, for each interval the staffing whose
/// replayed ASA and abandonment ([`super::replay`]: the log's own calls
/// through a queue with that staffing) come closest to the observed ones
/// (the sum of the squared errors of ASA and abandonment in standard
/// errors of the observation, from the day-to-day spread, 20% of the
/// figure with a single day; on a tie the fewer agents). Earlier intervals
/// keep their calibrated staffing and later ones `start` meanwhile, so the
/// queue an interval inherits is the one the calibrated staffing leaves.
/// Candidates run from the busy agents rounded up (fewer cannot carry the
/// load) upwards until two in a row serve faster than observed on every
/// figure, and at least to the starting value. Each candidate replays the
/// log `replays` times (the unknown patience of answered callers redrawn,
/// the same draws for every candidate).
pub fn calibrate(
    trace: &super::replay::Trace,
    start: &[u32],
    target: &[Closeness],
    busy_time: &[f64],
    replays: u64,
) -> (Vec<u32>, Vec<Closeness>) {
    let mut agents = start.to_vec();
    let n = agents.len().min(target.len());
    let mut out = target.to_vec();
    for k in 0..n {
        let obs = target[k].observed;
        if obs.0.is_none() && obs.1.is_none() {
            continue;
        }
        let first = start[k];
        let lo = (busy_time.get(k).copied().unwrap_or(0.0) - 1e-9)
            .ceil()
            .max(1.0) as u32;
        let lo = lo.min(first.max(1));
        let mut cands: Vec<(u32, Figures)> = Vec::new();
        let mut a = lo;
        let mut faster_seen = 0;
        while a <= lo.max(first) + 60 {
            agents[k] = a;
            let f = figures(&trace.replay(&agents, replays)[k]);
            let slower = obs.0.zip(f.0).is_some_and(|(o, s)| s > o)
                || obs.1.zip(f.1).is_some_and(|(o, s)| s > o);
            cands.push((a, f));
            faster_seen = if slower { 0 } else { faster_seen + 1 };
            if faster_seen >= 2 && a >= first {
                break;
            }
            a += 1;
        }
        // The closest candidate; on a tie the fewer agents.
        let best = cands
            .iter()
            .map(|(a, f)| (*a, distance(&target[k], f), *f))
            .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
        let Some((chosen, d, f)) = best else {
            agents[k] = first;
            continue;
        };
        agents[k] = chosen;
        out[k].simulated = f;
        out[k].distance = Some(d);
    }
    (agents, out)
}
