//! Shift rules: the TOML file `ccsim schedule --rules` reads (every key is
//! documented in docs/schedule.md), parsed with unknown keys refused and
//! validated into [`ShiftRules`] in plain seconds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Problem};
use crate::scenario::validate::parse_clock;

/// The rules file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// Earliest shift start, clock "HH:MM" (default: the requirement's first interval).
    pub earliest_start: Option<String>,
    /// Latest shift start, clock "HH:MM" (default: the latest at which a shift still fits).
    pub latest_start: Option<String>,
    /// Grid of start times, "HH:MM" (15, 30 or 60 minutes typically; default "00:30").
    pub start_every: Option<String>,
    /// Shift lengths (paid span, start to end), "HH:MM" each.
    pub lengths: Vec<String>,
    /// Fewest agents on a shift that is used at all (default 1).
    pub min_per_shift: Option<i64>,
    /// Most agents on one shift (default: no limit).
    pub max_per_shift: Option<i64>,
    /// Share of on-shift time off the phones besides the breaks (default 0).
    pub shrinkage: Option<f64>,
    /// Expected share of agents absent for the day (default 0).
    pub absenteeism: Option<f64>,
    /// Wage per paid agent-hour; with it (or `shift_cost`) the cost is minimised.
    pub cost_per_agent_hour: Option<f64>,
    /// Extra cost of one shift of a given length: `{ "08:00" = 12.5 }`.
    #[serde(default)]
    pub shift_cost: BTreeMap<String, f64>,
    /// Paid hours of one full-time equivalent per working day (default 8).
    pub fte_hours_per_day: Option<f64>,
    /// Time limit of the integer program, seconds (default 10).
    pub time_limit_seconds: Option<f64>,
    /// Relative gap to the best bound at which the search stops (default 0.02).
    pub mip_gap: Option<f64>,
    /// Days of the horizon (default: the requirement's; a one-day requirement is repeated).
    pub days: Option<i64>,
    /// Roster named agents over the days with days off (default false).
    #[serde(default)]
    pub roster: bool,
    /// Most working days of one agent in the horizon when rostering (default 5).
    pub work_days: Option<i64>,
    /// Rest days in one block (two in a row for 5 of 7) when rostering (default false).
    #[serde(default)]
    pub consecutive_days_off: bool,
    /// When rostering, whether each agent keeps one shift (same start and
    /// length) on every working day (default false: a days-off pattern, and
    /// the shift of each working day from that day's schedule).
    pub same_start: Option<bool>,
    /// Breaks, each with its window relative to the shift start.
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
}

/// `[[breaks]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    /// Earliest start after the shift start, "HH:MM".
    pub after: String,
    /// Window in which the break may start, "HH:MM" (default "00:00").
    pub within: Option<String>,
    /// Length, "HH:MM".
    pub length: String,
    /// Whether the break is paid (default true).
    pub paid: Option<bool>,
    /// Only shifts at least this long take the break, "HH:MM" (default: all).
    pub min_shift_length: Option<String>,
}

/// A break rule in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakRule {
    /// Earliest start, seconds after the shift start.
    pub after: f64,
    /// Window in which the break may start, seconds.
    pub within: f64,
    /// Length, seconds.
    pub length: f64,
    /// Paid or not.
    pub paid: bool,
    /// Shortest shift that takes it, seconds.
    pub min_shift_length: f64,
}

/// Validated shift rules, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftRules {
    /// Earliest start, seconds after midnight (None: the requirement's start).
    pub earliest_start: Option<f64>,
    /// Latest start, seconds after midnight (None: the latest that fits).
    pub latest_start: Option<f64>,
    /// Start grid, seconds.
    pub start_every: f64,
    /// Shift lengths, seconds, in file order.
    pub lengths: Vec<f64>,
    /// Fewest agents on a used shift.
    pub min_per_shift: u32,
    /// Most agents on one shift.
    pub max_per_shift: Option<u32>,
    /// Off-phone share besides breaks.
    pub shrinkage: f64,
    /// Absent share.
    pub absenteeism: f64,
    /// Whether the file gave `absenteeism` (if not, `ccsim schedule
    /// --scenario` plans with the staffed group's).
    pub absenteeism_given: bool,
    /// Wage per paid hour.
    pub cost_per_agent_hour: Option<f64>,
    /// Extra cost per shift, by length in seconds.
    pub shift_cost: Vec<(f64, f64)>,
    /// Paid hours of one FTE per working day.
    pub fte_hours_per_day: f64,
    /// Time limit of the integer program, seconds.
    pub time_limit_seconds: f64,
    /// Relative gap at which the search stops.
    pub mip_gap: f64,
    /// Days asked for.
    pub days: Option<usize>,
    /// Roster named agents.
    pub roster: bool,
    /// Most working days per agent.
    pub work_days: usize,
    /// Rest days in one block.
    pub consecutive_days_off: bool,
    /// Each rostered agent works one shift on every working day.
    pub same_start: bool,
    /// Break rules.
    pub breaks: Vec<BreakRule>,
}

impl ShiftRules {
    /// Whether cost (rather than paid hours) is minimised.
    pub fn minimises_cost(&self) -> bool {
        self.cost_per_agent_hour.is_some() || !self.shift_cost.is_empty()
    }

    /// The break rules a shift of `length` seconds takes.
    pub fn breaks_for(&self, length: f64) -> Vec<BreakRule> {
        self.breaks
            .iter()
            .filter(|b| length >= b.min_shift_length)
            .copied()
            .collect()
    }

    /// Extra cost of one shift of `length` seconds.
    pub fn extra_cost(&self, length: f64) -> f64 {
        self.shift_cost
            .iter()
            .find(|(l, _)| (*l - length).abs() < 0.5)
            .map_or(0.0, |(_, c)| *c)
    }
}

/// Reads and validates a rules file; every problem is reported with its key.
pub fn load(path: &Path) -> Result<ShiftRules, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::ReadData {
        path: path.to_owned(),
        source,
    })?;
    parse(&text).map_err(|problems| Error::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Parses and validates the text of a rules file.
pub fn parse(text: &str) -> Result<ShiftRules, Vec<Problem>> {
    let de = toml::Deserializer::new(text);
    let raw: RawRules = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        vec![Problem {
            path: if path == "." { String::new() } else { path },
            message: e.inner().message().to_string(),
        }]
    })?;
    validate(&raw)
}

struct Check(Vec<Problem>);

impl Check {
    fn fail(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn clock(&mut self, path: &str, s: &str, of_day: bool) -> f64 {
        match parse_clock(s, of_day) {
            Some(v) => v,
            None => {
                self.fail(path, format!("\"{s}\" is not a time \"HH:MM\""));
                0.0
            }
        }
    }

    fn share(&mut self, path: &str, v: Option<f64>) -> f64 {
        let v = v.unwrap_or(0.0);
        if !(0.0..1.0).contains(&v) {
            self.fail(path, format!("must be at least 0 and below 1 (got {v})"));
            return 0.0;
        }
        v
    }
}

/// Validates parsed rules.
pub fn validate(raw: &RawRules) -> Result<ShiftRules, Vec<Problem>> {
    let mut c = Check(Vec::new());
    let earliest_start = raw
        .earliest_start
        .as_deref()
        .map(|s| c.clock("earliest_start", s, true));
    let latest_start = raw
        .latest_start
        .as_deref()
        .map(|s| c.clock("latest_start", s, true));
    if let (Some(a), Some(b)) = (earliest_start, latest_start) {
        if b < a {
            c.fail(
                "latest_start",
                "is before earliest_start (for shifts starting after midnight, leave latest_start out)",
            );
        }
    }
    let start_every = c.clock(
        "start_every",
        raw.start_every.as_deref().unwrap_or("00:30"),
        false,
    );
    if start_every < 60.0 && c.0.is_empty() {
        c.fail(
            "start_every",
            "must be at least \"00:01\" (15, 30 or 60 minutes are usual)",
        );
    }
    if raw.lengths.is_empty() {
        c.fail(
            "lengths",
            "give at least one shift length, e.g. [\"08:00\"]",
        );
    }
    let mut lengths = Vec::new();
    for (i, l) in raw.lengths.iter().enumerate() {
        let v = c.clock(&format!("lengths[{i}]"), l, false);
        if v <= 0.0 {
            c.fail(&format!("lengths[{i}]"), "must be longer than 00:00");
        } else if lengths.contains(&v) {
            c.fail(&format!("lengths[{i}]"), format!("\"{l}\" is listed twice"));
        } else {
            lengths.push(v);
        }
    }
    let min_per_shift = match raw.min_per_shift {
        None => 1,
        Some(v) if (1..=100_000).contains(&v) => v as u32,
        Some(v) => {
            c.fail("min_per_shift", format!("must be 1 to 100000 (got {v})"));
            1
        }
    };
    let max_per_shift = match raw.max_per_shift {
        None => None,
        Some(v) if (1..=100_000).contains(&v) && v as u32 >= min_per_shift => Some(v as u32),
        Some(v) => {
            c.fail(
                "max_per_shift",
                format!("must be 1 to 100000 and at least min_per_shift (got {v})"),
            );
            None
        }
    };
    let shrinkage = c.share("shrinkage", raw.shrinkage);
    let absenteeism = c.share("absenteeism", raw.absenteeism);
    if let Some(r) = raw.cost_per_agent_hour {
        if !(r.is_finite() && r >= 0.0) {
            c.fail(
                "cost_per_agent_hour",
                format!("must be a number >= 0 (got {r})"),
            );
        }
    }
    let mut shift_cost = Vec::new();
    for (k, v) in &raw.shift_cost {
        let path = format!("shift_cost.\"{k}\"");
        let l = c.clock(&path, k, false);
        if !lengths.contains(&l) {
            c.fail(&path, format!("\"{k}\" is not one of the lengths"));
        }
        if !(v.is_finite() && *v >= 0.0) {
            c.fail(&path, format!("must be a number >= 0 (got {v})"));
        }
        shift_cost.push((l, *v));
    }
    let fte_hours_per_day = raw.fte_hours_per_day.unwrap_or(8.0);
    if !(fte_hours_per_day > 0.0 && fte_hours_per_day <= 24.0) {
        c.fail(
            "fte_hours_per_day",
            format!("must be above 0 and at most 24 (got {fte_hours_per_day})"),
        );
    }
    let time_limit_seconds = raw.time_limit_seconds.unwrap_or(10.0);
    if !(time_limit_seconds > 0.0 && time_limit_seconds <= 86_400.0) {
        c.fail(
            "time_limit_seconds",
            format!("must be above 0 and at most 86400 (got {time_limit_seconds})"),
        );
    }
    let mip_gap = raw.mip_gap.unwrap_or(0.02);
    if !(0.0..=0.5).contains(&mip_gap) {
        c.fail("mip_gap", format!("must be from 0 to 0.5 (got {mip_gap})"));
    }
    let days = match raw.days {
        None => None,
        Some(d) if (1..=366).contains(&d) => Some(d as usize),
        Some(d) => {
            c.fail("days", format!("must be 1 to 366 (got {d})"));
            None
        }
    };
    let work_days = match raw.work_days {
        None => 5,
        Some(d) if (1..=366).contains(&d) => d as usize,
        Some(d) => {
            c.fail("work_days", format!("must be 1 to 366 (got {d})"));
            5
        }
    };
    let same_start = raw.same_start.unwrap_or(false);
    if same_start && !raw.roster {
        c.fail(
            "same_start",
            "keeps each named agent on one shift all week, which needs a roster: set roster = true (or leave same_start out)",
        );
    }
    let mut breaks = Vec::new();
    for (i, b) in raw.breaks.iter().enumerate() {
        let p = |k: &str| format!("breaks[{i}].{k}");
        let rule = BreakRule {
            after: c.clock(&p("after"), &b.after, false),
            within: c.clock(&p("within"), b.within.as_deref().unwrap_or("00:00"), false),
            length: c.clock(&p("length"), &b.length, false),
            paid: b.paid.unwrap_or(true),
            min_shift_length: b
                .min_shift_length
                .as_deref()
                .map_or(0.0, |s| c.clock(&p("min_shift_length"), s, false)),
        };
        if rule.length <= 0.0 {
            c.fail(&p("length"), "must be longer than 00:00");
        }
        for &l in &lengths {
            if l >= rule.min_shift_length && rule.after + rule.within + rule.length > l {
                c.fail(
                    &p("after"),
                    format!(
                        "a break starting as late as after + within and lasting its length ends after the end of a {} shift; shorten the window or set min_shift_length",
                        crate::scenario::valid::clock_label(l)
                    ),
                );
                break;
            }
        }
        breaks.push(rule);
    }
    if !c.0.is_empty() {
        return Err(c.0);
    }
    Ok(ShiftRules {
        earliest_start,
        latest_start,
        start_every,
        lengths,
        min_per_shift,
        max_per_shift,
        shrinkage,
        absenteeism,
        absenteeism_given: raw.absenteeism.is_some(),
        cost_per_agent_hour: raw.cost_per_agent_hour,
        shift_cost,
        fte_hours_per_day,
        time_limit_seconds,
        mip_gap,
        days,
        roster: raw.roster,
        work_days,
        consecutive_days_off: raw.consecutive_days_off,
        same_start,
        breaks,
    })
}
