//! Synthetic history: simulates days of a scenario and writes them as an
//! ACD would export them, a call log (one row per attempt) and interval
//! data (one row per interval), with dates and clock times.
//!
//! Day `d` is replication `first_replication + d` of the scenario, dated
//! `first_date + d` days (every calendar day, weekends included). The
//! model does not name agents, so each answered call is given to the
//! agent of its group who has been free the longest (a new agent when all
//! known ones are busy), the way ACDs route to the longest-idle agent; the
//! names are `GROUP-001`, `GROUP-002`, ...
//!
//! The call log comes in two layouts ([`Layout`]): ccsim's own columns, or
//! the layout of the Anonymous Bank call-center log (Mandelbaum et al.,
//! Technion; Brown et al. 2005), to test reading real logs on data whose
//! truth is known ([`bank_log_csv`]).

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::model::{CallCenter, CallRecord, Outcome};
use crate::scenario::ValidScenario;

/// Header of the synthetic call log.
pub const CALL_HEADER: [&str; 8] = [
    "call_id",
    "arrival",
    "answered_at",
    "ended_at",
    "wait_seconds",
    "handle_seconds",
    "outcome",
    "agent",
];

/// Header of a call log in the layout of the Anonymous Bank data.
pub const BANK_HEADER: [&str; 17] = [
    "vru+line",
    "call_id",
    "customer_id",
    "priority",
    "type",
    "date",
    "vru_entry",
    "vru_exit",
    "vru_time",
    "q_start",
    "q_exit",
    "q_time",
    "outcome",
    "ser_start",
    "ser_exit",
    "ser_time",
    "server",
];

/// Seconds every synthetic caller spends in the voice menu (VRU) before
/// asking for an agent, in the bank layout.
pub const BANK_VRU_SECONDS: f64 = 6.0;
/// In the bank layout, after every this many calls a caller who hung up in
/// the voice menu is added (outcome HANG, never queued), as the real log has them.
pub const BANK_VRU_HANGUP_EVERY: usize = 12;
/// In the bank layout, after every this many calls a PHANTOM row is added.
pub const BANK_PHANTOM_EVERY: usize = 40;

/// Layout of a synthetic call log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// ccsim's columns ([`CALL_HEADER`]): ISO date-times, durations to 0.01 s.
    #[default]
    Ccsim,
    /// The Anonymous Bank layout ([`BANK_HEADER`]): dates
    /// `yymmdd`, times `H:MM:SS`, whole seconds, outcomes AGENT / HANG /
    /// PHANTOM, `NO_SERVER`, plus voice-menu hang-ups and PHANTOM rows.
    Bank,
}

/// Header of the synthetic interval file.
pub const INTERVAL_HEADER: [&str; 10] = [
    "interval_start",
    "offered",
    "answered",
    "abandoned",
    "blocked",
    "answered_within",
    "asa_seconds",
    "aht_seconds",
    "avg_abandon_seconds",
    "agents",
];

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Days simulated.
    pub days: u32,
    /// Call attempts (rows of the call log).
    pub calls: u64,
    /// Interval rows.
    pub intervals: u64,
}

#[derive(Default, Clone, Copy)]
struct IntervalAcc {
    offered: u64,
    answered: u64,
    abandoned: u64,
    blocked: u64,
    within: u64,
    wait_answered: f64,
    handle: f64,
    wait_abandoned: f64,
}

struct Line {
    call_type: usize,
    arrival: f64,
    wait: f64,
    handle: Option<f64>,
    outcome: &'static str,
    agent: Option<String>,
}

const FMT: &str = "%Y-%m-%d %H:%M:%S";

/// Most days one `simulate-log` writes: ten years.
pub const MAX_DAYS: u32 = 3660;

/// Lines (`vru+line`) of the bank layout: calls take them in turn, and each
/// line numbers its calls from 1, so call ids repeat across lines as in the
/// real log (the key is `vru+line` + `call_id`).
pub const BANK_LINES: [&str; 4] = ["AA0101", "AA0102", "AA0103", "AA0104"];

/// Why a synthetic log could not be written.
#[derive(Debug)]
pub enum SynthError {
    /// Writing the CSV failed.
    Csv(csv::Error),
    /// A time does not fit a calendar date (e.g. a handle time of 1e13 s).
    Time(String),
}

impl std::fmt::Display for SynthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SynthError::Csv(e) => write!(f, "cannot write CSV: {e}"),
            SynthError::Time(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SynthError {}

impl From<csv::Error> for SynthError {
    fn from(e: csv::Error) -> Self {
        SynthError::Csv(e)
    }
}

/// The date-time `seconds` after `midnight`, or an error when it is
/// beyond the dates a log can hold.
fn at(midnight: NaiveDateTime, seconds: f64) -> Result<NaiveDateTime, SynthError> {
    let ms = (seconds * 1000.0).round();
    (ms.is_finite() && ms.abs() < 1e15)
        .then(|| midnight.checked_add_signed(Duration::milliseconds(ms as i64)))
        .flatten()
        .ok_or_else(|| {
            SynthError::Time(format!(
                "a call of {} ends {seconds:e} s after its day began, beyond any date a call log can hold: simulate-log needs waits and handle times that end within a few thousand years (check the scenario's handle time and patience)",
                midnight.date()
            ))
        })
}

/// Simulates `days` days of `sc` and writes the call log to `calls` and the
/// interval data to `intervals` (either may be `None`). Each day is one
/// replication; on a multi-day horizon one replication is the whole
/// horizon, written over `[horizon] days` calendar days, every interval
/// at its own day's clock (`[horizon.hours]`, nights past midnight).
pub fn write_history<C: std::io::Write, I: std::io::Write>(
    sc: &ValidScenario,
    days: u32,
    first_replication: u64,
    first_date: NaiveDate,
    calls: Option<&mut csv::Writer<C>>,
    intervals: Option<&mut csv::Writer<I>>,
) -> Result<Written, SynthError> {
    write_history_in(
        sc,
        days,
        first_replication,
        first_date,
        calls,
        intervals,
        Layout::Ccsim,
    )
}

/// [`write_history`] with the call log in `layout`. Rows are written day by
/// day as they are simulated (one day is held in memory, not the log).
pub fn write_history_in<C: std::io::Write, I: std::io::Write>(
    sc: &ValidScenario,
    days: u32,
    first_replication: u64,
    first_date: NaiveDate,
    mut calls: Option<&mut csv::Writer<C>>,
    mut intervals: Option<&mut csv::Writer<I>>,
    layout: Layout,
) -> Result<Written, SynthError> {
    let h = sc.horizon;
    let threshold = sc.service_level.threshold;
    let mut model = CallCenter::new(sc);
    let mut tally = model.new_tally();
    let mut written = Written {
        days,
        ..Written::default()
    };
    if let Some(w) = calls.as_deref_mut() {
        match layout {
            Layout::Ccsim => w.write_record(CALL_HEADER)?,
            Layout::Bank => w.write_record(BANK_HEADER)?,
        }
    }
    let mut bank_ids = [0u64; BANK_LINES.len()];
    let mut bank_turn = 0usize;
    if let Some(w) = intervals.as_deref_mut() {
        w.write_record(INTERVAL_HEADER)?;
    }
    // Each replication is one horizon: `h.days` calendar days.
    let span = h.days.max(1) as i64;
    for d in 0..days {
        let date = first_date
            .checked_add_signed(Duration::days(i64::from(d) * span))
            .ok_or_else(|| {
                SynthError::Time(format!("day {d} after {first_date} is beyond the calendar"))
            })?;
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let mut lines: Vec<Line> = Vec::new();
        let mut acc = vec![IntervalAcc::default(); h.intervals];
        // Per group: the time each known agent becomes free.
        let mut free_at: Vec<Vec<f64>> = vec![Vec::new(); sc.groups.len()];
        let mut observer = |r: &CallRecord| {
            let a = &mut acc[r.interval as usize];
            a.offered += 1;
            let (outcome, handle, agent) = match r.outcome {
                Outcome::Answered { group, handle } => {
                    a.answered += 1;
                    a.wait_answered += r.wait;
                    a.handle += handle;
                    if r.wait <= threshold {
                        a.within += 1;
                    }
                    let g = group as usize;
                    let now = r.arrival + r.wait;
                    // Agents on shift at the moment of answering (the last
                    // interval's staffing while the center drains).
                    let k_now = h.interval_of(now + 1e-6);
                    let on_shift = sc.groups[g].agents[k_now] as usize;
                    let pool = &mut free_at[g];
                    if pool.len() < on_shift {
                        pool.resize(on_shift, f64::NEG_INFINITY);
                    }
                    // The longest-idle agent on shift; the model guarantees
                    // one is free (busy agents, on shift or finishing a call
                    // after it, are fewer than those on shift).
                    let idle = pool[..on_shift]
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| **f <= now + 1e-9)
                        .min_by(|x, y| x.1.total_cmp(y.1))
                        .map(|(i, _)| i);
                    let i = idle.unwrap_or_else(|| {
                        pool.push(f64::NEG_INFINITY);
                        pool.len() - 1
                    });
                    pool[i] = now + handle;
                    let name = format!("{}-{:03}", sc.groups[g].name, i + 1);
                    ("answered", Some(handle), Some(name))
                }
                Outcome::Abandoned => {
                    a.abandoned += 1;
                    a.wait_abandoned += r.wait;
                    ("abandoned", None, None)
                }
                Outcome::Unserved => {
                    a.abandoned += 1;
                    a.wait_abandoned += r.wait;
                    ("unserved", None, None)
                }
                Outcome::Blocked => {
                    a.blocked += 1;
                    ("blocked", None, None)
                }
            };
            lines.push(Line {
                call_type: r.call_type as usize,
                arrival: r.arrival,
                wait: r.wait,
                handle,
                outcome,
                agent,
            });
        };
        model.run_observed(first_replication + u64::from(d), &mut tally, &mut observer);
        if let (Some(w), Layout::Bank) = (calls.as_deref_mut(), layout) {
            lines.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
            written.calls += lines.len() as u64;
            write_bank_day(w, sc, date, midnight, &lines, &mut bank_ids, &mut bank_turn)?;
        } else if let Some(w) = calls.as_deref_mut() {
            lines.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
            for (i, l) in lines.iter().enumerate() {
                let arrival = at(midnight, h.start_of_day + l.arrival)?;
                let answer = at(midnight, h.start_of_day + l.arrival + l.wait)?;
                let end = match l.handle {
                    Some(x) => at(midnight, h.start_of_day + l.arrival + l.wait + x)?,
                    None => answer,
                };
                w.write_record([
                    format!("{}-{:05}", date.format("%Y%m%d"), i + 1),
                    arrival.format(FMT).to_string(),
                    if l.handle.is_some() {
                        answer.format(FMT).to_string()
                    } else {
                        String::new()
                    },
                    end.format(FMT).to_string(),
                    format!("{:.2}", l.wait),
                    l.handle.map_or(String::new(), |x| format!("{x:.2}")),
                    l.outcome.to_string(),
                    l.agent.clone().unwrap_or_default(),
                ])?;
                written.calls += 1;
            }
        }
        if let Some(w) = intervals.as_deref_mut() {
            for (k, a) in acc.iter().enumerate() {
                let start = at(midnight, h.start_of_day + h.interval_start(k))?;
                let mean = |sum: f64, n: u64| {
                    if n > 0 {
                        format!("{:.2}", sum / n as f64)
                    } else {
                        String::new()
                    }
                };
                let agents: u32 = sc.groups.iter().map(|g| g.agents[k]).sum();
                w.write_record([
                    start.format("%Y-%m-%d %H:%M").to_string(),
                    a.offered.to_string(),
                    a.answered.to_string(),
                    a.abandoned.to_string(),
                    a.blocked.to_string(),
                    a.within.to_string(),
                    mean(a.wait_answered, a.answered),
                    mean(a.handle, a.answered),
                    mean(a.wait_abandoned, a.abandoned),
                    agents.to_string(),
                ])?;
                written.intervals += 1;
            }
        }
    }
    Ok(written)
}

/// Writes one day of calls in the bank layout (see [`Layout::Bank`]).
fn write_bank_day<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    sc: &ValidScenario,
    date: NaiveDate,
    midnight: NaiveDateTime,
    lines: &[Line],
    ids: &mut [u64; BANK_LINES.len()],
    turn: &mut usize,
) -> Result<(), SynthError> {
    let h = sc.horizon;
    let clock = |t: NaiveDateTime| t.format("%-H:%M:%S").to_string();
    let zero = || "0:00:00".to_string();
    let day = date.format("%y%m%d").to_string();
    for (i, l) in lines.iter().enumerate() {
        // On a multi-day horizon each call is dated by its own day.
        let day = if h.days > 1 {
            at(midnight, h.start_of_day + l.arrival.round())?
                .format("%y%m%d")
                .to_string()
        } else {
            day.clone()
        };
        let ty = &sc.types[l.call_type.min(sc.types.len() - 1)];
        // Whole seconds, as the bank's log: arrival in the queue at a whole second.
        let arrive = h.start_of_day + l.arrival.round();
        let wait = l.wait.round();
        let exit = at(midnight, arrive)?;
        let entry = at(midnight, arrive - BANK_VRU_SECONDS)?;
        let mut row = |outcome: &str,
                       queued: bool,
                       wait: f64,
                       handle: Option<f64>,
                       server: &str|
         -> Result<(), SynthError> {
            let line = *turn % BANK_LINES.len();
            *turn += 1;
            ids[line] += 1;
            let (q_start, q_exit) = if queued && (wait > 0.0 || handle.is_none()) {
                (clock(exit), clock(at(midnight, arrive + wait)?))
            } else {
                (zero(), zero())
            };
            let (ser_start, ser_exit, ser_time) = match handle {
                Some(x) => (
                    clock(at(midnight, arrive + wait)?),
                    clock(at(midnight, arrive + wait + x)?),
                    format!("{x:.0}"),
                ),
                None => (zero(), zero(), "0".to_string()),
            };
            Ok(w.write_record([
                BANK_LINES[line].to_string(),
                ids[line].to_string(),
                "0".to_string(),
                ty.priority.to_string(),
                ty.name.clone(),
                day.clone(),
                clock(entry),
                clock(exit),
                format!("{BANK_VRU_SECONDS:.0}"),
                q_start,
                q_exit,
                format!("{wait:.0}"),
                outcome.to_string(),
                ser_start,
                ser_exit,
                ser_time,
                server.to_string(),
            ])?)
        };
        match (l.outcome, &l.handle) {
            ("answered", Some(x)) => row(
                "AGENT",
                true,
                wait,
                Some(x.round()),
                l.agent.as_deref().unwrap_or("NO_SERVER"),
            )?,
            // A blocked call never reached the queue: written like a voice-menu hang-up.
            ("blocked", _) => row("HANG", false, 0.0, None, "NO_SERVER")?,
            // Abandoned, and unserved (still waiting at the end): the caller hung up in the queue.
            _ => row("HANG", true, wait, None, "NO_SERVER")?,
        }
        if (i + 1) % BANK_VRU_HANGUP_EVERY == 0 {
            row("HANG", false, 0.0, None, "NO_SERVER")?;
        }
        if (i + 1) % BANK_PHANTOM_EVERY == 0 {
            row("PHANTOM", true, 0.0, None, "NO_SERVER")?;
        }
    }
    Ok(())
}

/// A call log in the bank layout ([`Layout::Bank`], comma-separated) of
/// `days` simulated days of `sc`.
pub fn bank_log_csv(
    sc: &ValidScenario,
    days: u32,
    first_replication: u64,
    first_date: NaiveDate,
) -> Result<(Vec<u8>, Written), SynthError> {
    let (calls, _, written) =
        history_csv_in(sc, days, first_replication, first_date, Layout::Bank)?;
    Ok((calls, written))
}

/// [`history_csv`] with the call log in `layout` (comma-separated in both;
/// the reader takes the bank's tab-separated files as well).
pub fn history_csv_in(
    sc: &ValidScenario,
    days: u32,
    first_replication: u64,
    first_date: NaiveDate,
    layout: Layout,
) -> Result<(Vec<u8>, Vec<u8>, Written), SynthError> {
    let mut calls = csv::Writer::from_writer(Vec::new());
    let mut intervals = csv::Writer::from_writer(Vec::new());
    let written = write_history_in(
        sc,
        days,
        first_replication,
        first_date,
        Some(&mut calls),
        Some(&mut intervals),
        layout,
    )?;
    let calls = calls
        .into_inner()
        .map_err(|e| SynthError::Csv(e.into_error().into()))?;
    let intervals = intervals
        .into_inner()
        .map_err(|e| SynthError::Csv(e.into_error().into()))?;
    Ok((calls, intervals, written))
}

/// [`write_history`] into byte buffers: (call log, interval data).
pub fn history_csv(
    sc: &ValidScenario,
    days: u32,
    first_replication: u64,
    first_date: NaiveDate,
) -> Result<(Vec<u8>, Vec<u8>, Written), SynthError> {
    history_csv_in(sc, days, first_replication, first_date, Layout::Ccsim)
}
