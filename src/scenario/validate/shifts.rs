//! Validation of `[[groups.shifts]]` (see [`crate::scenario::shifts`]).

use super::{parse_clock, Checker};
use crate::scenario::raw::{NumberOrList, RawGroup};
use crate::scenario::shifts::{Shift, ShiftBreak};
use crate::scenario::valid::Horizon;

/// A shift's clock start as simulation seconds from the horizon start on
/// the first day: a start up to six hours before opening is that morning.
fn offset(h: &Horizon, clock: f64) -> f64 {
    let mut o = clock - h.start_of_day;
    if o < -6.0 * 3600.0 {
        o += 86_400.0;
    }
    o
}

/// Checks the shifts of group `g` (path `p`), reporting every problem.
pub(super) fn check(c: &mut Checker, p: &str, g: &RawGroup, h: &Horizon) -> Vec<Shift> {
    if g.shifts.is_empty() {
        return Vec::new();
    }
    if !g.agents.is_absent() || g.scheduled.is_some() {
        c.fail(
            format!("{p}.agents"),
            "a group is staffed by `agents` (or `scheduled`) or by `[[groups.shifts]]`, not both: remove one",
        );
    }
    let days = h.open_days().max(1);
    let calendar: Vec<usize> = (0..days).map(|d| h.calendar_day(d)).collect();
    let mut out = Vec::new();
    for (i, s) in g.shifts.iter().enumerate() {
        let sp = format!("{p}.shifts[{i}]");
        let clock = |c: &mut Checker, path: String, text: &str, of_day: bool| -> f64 {
            match parse_clock(text, of_day) {
                Some(v) => v,
                None => {
                    c.fail(path, format!("\"{text}\" is not a time \"HH:MM\""));
                    0.0
                }
            }
        };
        let start = clock(c, format!("{sp}.start"), &s.start, true);
        let length = clock(c, format!("{sp}.length"), &s.length, false);
        if length <= 0.0 {
            c.fail(format!("{sp}.length"), "must be longer than \"00:00\"");
        }
        let whole = |c: &mut Checker, path: String, v: f64| -> u32 {
            if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 1e5) {
                c.fail(
                    path,
                    format!("must be a whole number of agents from 0 to 100000 (got {v})"),
                );
                return 0;
            }
            v as u32
        };
        let counts = match &s.count {
            NumberOrList::One(v) => vec![whole(c, format!("{sp}.count"), *v); days],
            NumberOrList::List(l) => {
                if l.len() != days {
                    c.fail(
                        format!("{sp}.count"),
                        format!(
                            "has {} values but the horizon has {days} open day(s): give one number per open day, or a single number",
                            l.len()
                        ),
                    );
                }
                let mut v: Vec<u32> = l
                    .iter()
                    .enumerate()
                    .map(|(j, x)| whole(c, format!("{sp}.count[{j}]"), *x))
                    .collect();
                v.resize(days, 0);
                v
            }
            #[allow(unreachable_patterns)]
            _ => {
                c.fail(
                    format!("{sp}.count"),
                    "give a number, or a list with one number per day",
                );
                vec![0; days]
            }
        };
        let mut breaks = Vec::new();
        let mut end_of_last = 0.0;
        for (j, b) in s.breaks.iter().enumerate() {
            let bp = format!("{sp}.breaks[{j}]");
            let br = ShiftBreak {
                after: clock(c, format!("{bp}.after"), &b.after, false),
                within: b
                    .within
                    .as_deref()
                    .map_or(0.0, |w| clock(c, format!("{bp}.within"), w, false)),
                length: clock(c, format!("{bp}.length"), &b.length, false),
                paid: b.paid.unwrap_or(true),
            };
            if br.length <= 0.0 {
                c.fail(format!("{bp}.length"), "must be longer than \"00:00\"");
            }
            if br.after + br.within + br.length > length {
                c.fail(
                    format!("{bp}.after"),
                    format!(
                        "the break can end after the shift ({} + {} + {} is past its length {}): move it earlier or shorten the window",
                        b.after,
                        b.within.as_deref().unwrap_or("00:00"),
                        b.length,
                        s.length
                    ),
                );
            }
            if br.after < end_of_last {
                c.fail(
                    format!("{bp}.after"),
                    "overlaps the window of the break before it: list breaks in order, each after the previous one's latest end",
                );
            }
            end_of_last = br.after + br.within + br.length;
            breaks.push(br);
        }
        out.push(Shift {
            start: offset(h, start),
            length,
            counts,
            days: calendar.clone(),
            breaks,
        });
    }
    out
}

/// Agents on shift at the middle of each interval (what cost and the
/// interval tables count as the group's agents).
pub(super) fn agents(shifts: &[Shift], h: &Horizon) -> Vec<u32> {
    (0..h.intervals)
        .map(|k| {
            let t = h.interval_start(k) + 0.5 * h.interval;
            shifts
                .iter()
                .map(|s| {
                    (0..s.counts.len())
                        .filter(|d| {
                            let a = s.start_on(*d);
                            a <= t && t < a + s.length
                        })
                        .map(|d| s.counts[d])
                        .sum::<u32>()
                })
                .sum()
        })
        .collect()
}

/// Paid heads per interval of a group staffed by shifts: the paid
/// agent-time of every shift inside the interval (its span, less the
/// unpaid breaks, each agent's break at its staggered start, see
/// [`crate::scenario::shifts::ShiftBreak::start_of`]) over the interval's
/// length. Summed over the horizon's intervals it is the paid hours of the
/// shifts worked in the opening hours exactly; absent agents are paid, as
/// scheduled heads are.
pub(super) fn paid_heads(shifts: &[Shift], h: &Horizon) -> Vec<f64> {
    let starts: Vec<f64> = (0..h.intervals).map(|k| h.interval_start(k)).collect();
    let mut paid = vec![0.0; h.intervals];
    // Adds `weight` times the overlap of [from, to) with every interval.
    let mut add = |from: f64, to: f64, weight: f64| {
        let first = starts.partition_point(|s| s + h.interval <= from);
        for (k, &s) in starts.iter().enumerate().skip(first) {
            if s >= to {
                break;
            }
            let overlap = to.min(s + h.interval) - from.max(s);
            if overlap > 0.0 {
                paid[k] += weight * overlap;
            }
        }
    };
    for s in shifts {
        for (d, &n) in s.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let a = s.start_on(d);
            add(a, a + s.length, f64::from(n));
            for b in s.breaks.iter().filter(|b| !b.paid) {
                for i in 0..n {
                    let at = a + b.start_of(i, n);
                    add(at, at + b.length, -1.0);
                }
            }
        }
    }
    paid.iter().map(|p| (p / h.interval).max(0.0)).collect()
}
