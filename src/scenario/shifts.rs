//! `[[groups.shifts]]`: a group staffed by agents on shifts instead of
//! counts per interval. The TOML mirror ([`RawShift`]) and the validated
//! shift in simulation seconds ([`Shift`]); the model's rules are in
//! `crate::model` (module `shifts`) and docs/schedule.md.

use serde::{Deserialize, Serialize};

use super::raw::NumberOrList;

/// `[[groups.shifts]]` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    /// Clock start "HH:MM".
    pub start: String,
    /// Paid span "HH:MM", start to end.
    pub length: String,
    /// Agents on the shift: one number for every open day, or a list with one per open day.
    pub count: NumberOrList,
    /// `[[groups.shifts.breaks]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<RawShiftBreak>,
}

/// `[[groups.shifts.breaks]]` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShiftBreak {
    /// Earliest start after the shift start, "HH:MM".
    pub after: String,
    /// Window in which the agents' starts are staggered, "HH:MM" (default "00:00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// Length "HH:MM".
    pub length: String,
    /// Paid (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<bool>,
}

/// A break of a validated shift, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftBreak {
    /// Earliest start after the shift start.
    pub after: f64,
    /// Window of the staggered starts.
    pub within: f64,
    /// Length.
    pub length: f64,
    /// Paid or not.
    pub paid: bool,
}

impl ShiftBreak {
    /// When agent `i` of `n` starts this break, seconds after the shift
    /// start: evenly staggered, `after + within * (i + 0.5) / n` (exactly
    /// `after` when the window is zero).
    pub fn start_of(&self, i: u32, n: u32) -> f64 {
        if n == 0 || self.within <= 0.0 {
            self.after
        } else {
            self.after + self.within * (f64::from(i) + 0.5) / f64::from(n)
        }
    }
}

/// A validated shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Start on the first day, simulation seconds from the horizon start
    /// (negative: before opening). Day `d` starts `d * 86400` later.
    pub start: f64,
    /// Paid span, seconds.
    pub length: f64,
    /// Agents on it each open day of the horizon.
    pub counts: Vec<u32>,
    /// Calendar day (0-based) of each open day in `counts`.
    pub days: Vec<usize>,
    /// Breaks in file order.
    pub breaks: Vec<ShiftBreak>,
}

impl Shift {
    /// Start of the shift on open day `d` (index into `counts`), simulation seconds.
    pub fn start_on(&self, d: usize) -> f64 {
        self.start + 86_400.0 * self.days.get(d).copied().unwrap_or(d) as f64
    }
}
