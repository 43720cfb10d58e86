//! Shift candidates: every start on the grid of the rules' window times
//! every length that fits inside the day's opening, each with the breaks
//! it takes and how much of each interval its agents spend on the phones.
//!
//! # Breaks, as the schedule counts them
//! The agents of a shift start a break at evenly staggered times across the
//! break's window: of `n` agents, agent `i` (0-based) starts it
//! `after + within * (i + 0.5) / n` after the shift start (the rule the
//! simulation follows, see [`stagger`]). For the integer program, which
//! does not know `n` in advance, the staggered starts are taken as spread
//! uniformly over the window, so the share of a shift's agents on a break at
//! time `t` is the share of the window's starts `u` with `u <= t < u +
//! length` (an indicator when the window is `00:00`). The simulation check
//! then measures what the real, whole-agent stagger does.

use super::requirement::Requirement;
use super::rules::{BreakRule, ShiftRules};
use crate::scenario::valid::clock_label;

/// One shift the schedule may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Start, seconds after the start of the day's first interval.
    pub offset: f64,
    /// Paid span, start to end, seconds.
    pub length: f64,
    /// Breaks it takes.
    pub breaks: Vec<BreakRule>,
    /// Paid hours of one agent on it (unpaid breaks left out).
    pub paid_hours: f64,
    /// Share of each interval of the day its agents are on shift.
    pub on_shift: Vec<f64>,
    /// Share of each interval its agents are on the phones (breaks out,
    /// before shrinkage and absenteeism).
    pub on_phones: Vec<f64>,
}

impl Shift {
    /// "HH:MM" clock start, given the day's first interval clock time.
    pub fn start_label(&self, start_of_day: f64) -> String {
        clock_label((start_of_day + self.offset) % 86_400.0)
    }

    /// "HH:MM" clock end.
    pub fn end_label(&self, start_of_day: f64) -> String {
        clock_label((start_of_day + self.offset + self.length) % 86_400.0)
    }

    /// Unpaid break seconds.
    pub fn unpaid(&self) -> f64 {
        self.breaks
            .iter()
            .filter(|b| !b.paid)
            .map(|b| b.length)
            .sum()
    }
}

/// When agent `i` of `n` on a shift starts a break, seconds after the shift start.
pub fn stagger(rule: &BreakRule, i: u32, n: u32) -> f64 {
    if n == 0 || rule.within <= 0.0 {
        return rule.after;
    }
    rule.after + rule.within * (f64::from(i) + 0.5) / f64::from(n)
}

/// Share of a shift's agents on break `b` at time `t` after the shift start.
fn on_break(b: &BreakRule, t: f64) -> f64 {
    if b.within <= 0.0 {
        return if t >= b.after && t < b.after + b.length {
            1.0
        } else {
            0.0
        };
    }
    // Starts u in [after, after + within] with u <= t < u + length.
    let lo = (t - b.length).max(b.after);
    let hi = t.min(b.after + b.within);
    ((hi - lo).max(0.0) / b.within).min(1.0)
}

/// Builds a shift starting `offset` seconds into a day of `req`.
pub fn shift(req: &Requirement, rules: &ShiftRules, offset: f64, length: f64) -> Shift {
    shift_with_breaks(req, offset, length, rules.breaks_for(length))
}

/// Builds a shift starting `offset` seconds into a day of `req` with these breaks.
pub fn shift_with_breaks(
    req: &Requirement,
    offset: f64,
    length: f64,
    breaks: Vec<BreakRule>,
) -> Shift {
    let step = 30.0_f64.min(req.interval);
    let per = (req.interval / step).round().max(1.0) as usize;
    let mut on_shift = vec![0.0; req.intervals];
    let mut on_phones = vec![0.0; req.intervals];
    for k in 0..req.intervals {
        let (mut s, mut p) = (0.0, 0.0);
        for j in 0..per {
            let t = req.interval * k as f64 + step * (j as f64 + 0.5) - offset;
            if t < 0.0 || t >= length {
                continue;
            }
            s += 1.0;
            let away: f64 = breaks.iter().map(|b| on_break(b, t)).sum();
            p += (1.0 - away).max(0.0);
        }
        on_shift[k] = s / per as f64;
        on_phones[k] = p / per as f64;
    }
    let unpaid: f64 = breaks.iter().filter(|b| !b.paid).map(|b| b.length).sum();
    Shift {
        offset,
        length,
        breaks,
        paid_hours: (length - unpaid) / 3600.0,
        on_shift,
        on_phones,
    }
}

/// Every shift on the start grid that fits inside the day's opening, in
/// order of start, then of length as the rules list them.
pub fn candidates(req: &Requirement, rules: &ShiftRules) -> Vec<Shift> {
    let day = req.day_length();
    // Clock start times as offsets from the day's first interval.
    let to_offset = |clock: f64| {
        let mut o = clock - req.start_of_day;
        while o < 0.0 {
            o += 86_400.0;
        }
        o
    };
    let first = rules.earliest_start.map_or(0.0, to_offset);
    let last = rules.latest_start.map_or(day, to_offset);
    let mut out = Vec::new();
    let mut o = first;
    while o <= last + 1e-9 && o < day {
        for &l in &rules.lengths {
            if o + l <= day + 1e-9 {
                out.push(shift(req, rules, o, l));
            }
        }
        o += rules.start_every;
    }
    out
}
