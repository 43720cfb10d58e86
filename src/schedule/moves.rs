//! Moving breaks, the check's first repair: a missed interval that breaks
//! of scheduled shifts fall into gets those breaks moved within their
//! windows, out of the interval, before any shift is added.
//!
//! # The rule
//! For a missed interval `[ks, ke)` of day `d` and a break of a shift
//! working that day whose window of starts `[a, a + w]` lets the break
//! overlap the interval, the starts that keep it out are the left part
//! `[a, min(a + w, ks - length)]` and the right part `[max(a, ke), a + w]`.
//! With both parts the shift's agents are split between them (in
//! proportion to their widths, evenly when both are single times; the
//! shift becomes two `[[groups.shifts]]` entries with the same start and
//! length, the left one first), with one part all go there. A roster
//! keeps its shifts whole: the wider part takes every agent. The move is
//! kept only if no interval the schedule covered (expected agents on the
//! phones, as the integer program counts them) ends up short, and each
//! break of a shift is moved at most once, so the check cannot go round in
//! circles. A missed interval with at least one break moved out of it gets
//! no added shift in that round; the next simulation judges the move.

use super::candidates::shift_with_breaks;
use super::plan::{coverage, Schedule, ScheduledShift};
use super::rules::BreakRule;
use crate::scenario::valid::clock_label;

/// A break already moved: (shift offset, shift length, break index), in
/// whole seconds.
pub type MovedKey = (i64, i64, usize);

fn key(offset: f64, length: f64, b: usize) -> MovedKey {
    (offset.round() as i64, length.round() as i64, b)
}

/// The breaks moved in one round, described for people, and the missed
/// intervals (`day * intervals + k`) they were moved out of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moves {
    /// "08:00-12:00 break 1 (09:00-11:00): 4 agents at 09:00, 3 at 11:00".
    pub moved: Vec<String>,
    /// Missed intervals some break was moved out of.
    pub relieved: Vec<usize>,
}

/// A window of break starts, seconds from the shift start.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Window {
    after: f64,
    within: f64,
}

/// Splits `c` agents between windows of widths `l` and `r`.
fn split(c: u32, l: f64, r: f64) -> (u32, u32) {
    let left = if l + r <= 0.0 {
        c.div_ceil(2)
    } else {
        ((f64::from(c) * l / (l + r)).round() as u32).min(c)
    };
    (left, c - left)
}

fn label(start_of_day: f64, offset: f64, w: Window) -> String {
    let from = clock_label((start_of_day + offset + w.after) % 86_400.0);
    if w.within <= 0.0 {
        from
    } else {
        let to = clock_label((start_of_day + offset + w.after + w.within) % 86_400.0);
        format!("{from}-{to}")
    }
}

/// Whether every interval covered before is still covered.
fn keeps_coverage(s: &Schedule, shifts: &[ScheduledShift]) -> bool {
    let after = coverage(&s.requirement, shifts, s.availability);
    s.coverage.iter().zip(&after).all(|(old, new)| {
        old.on_phones < old.required - 1e-9 || new.on_phones >= new.required - 1e-9
    })
}

/// Moves breaks out of the `missed` intervals (see the module doc);
/// `done` holds the breaks moved in earlier rounds and gains this round's.
pub fn move_breaks(s: &mut Schedule, missed: &[usize], done: &mut Vec<MovedKey>) -> Moves {
    let n = s.requirement.intervals;
    let len = s.requirement.interval;
    let t0 = s.requirement.start_of_day;
    let roster = s.roster.is_some();
    let mut out = Moves::default();
    for &r in missed {
        let (d, k) = (r / n, r % n);
        let (ks, ke) = (k as f64 * len, (k + 1) as f64 * len);
        let mut i = 0;
        while i < s.shifts.len() {
            let sh = &s.shifts[i];
            let mut step = 1;
            if sh.counts.get(d).copied().unwrap_or(0) > 0 {
                for (bi, b) in sh.shift.breaks.iter().enumerate() {
                    let kk = key(sh.shift.offset, sh.shift.length, bi);
                    if done.contains(&kk) {
                        continue;
                    }
                    let a = sh.shift.offset + b.after;
                    let hits = a < ke && a + b.within + b.length > ks;
                    if !hits {
                        continue;
                    }
                    let left = (ks - b.length >= a).then(|| Window {
                        after: b.after,
                        within: (ks - b.length).min(a + b.within) - a,
                    });
                    let right = (ke <= a + b.within).then(|| Window {
                        after: ke.max(a) - sh.shift.offset,
                        within: a + b.within - ke.max(a),
                    });
                    let parts: Vec<(Window, Vec<u32>)> = match (left, right) {
                        (None, None) => continue,
                        (Some(w), None) | (None, Some(w)) => vec![(w, sh.counts.clone())],
                        (Some(l), Some(r)) if roster => {
                            let w = if l.within >= r.within { l } else { r };
                            vec![(w, sh.counts.clone())]
                        }
                        (Some(l), Some(r)) => {
                            let (cl, cr): (Vec<u32>, Vec<u32>) = sh
                                .counts
                                .iter()
                                .map(|c| split(*c, l.within, r.within))
                                .unzip();
                            vec![(l, cl), (r, cr)]
                        }
                    };
                    let parts: Vec<(Window, Vec<u32>)> = parts
                        .into_iter()
                        .filter(|(_, c)| c.iter().any(|x| *x > 0))
                        .collect();
                    let entries: Vec<ScheduledShift> = parts
                        .iter()
                        .map(|(w, counts)| {
                            let mut breaks: Vec<BreakRule> = sh.shift.breaks.clone();
                            breaks[bi].after = w.after;
                            breaks[bi].within = w.within;
                            ScheduledShift {
                                shift: shift_with_breaks(
                                    &s.requirement,
                                    sh.shift.offset,
                                    sh.shift.length,
                                    breaks,
                                ),
                                counts: counts.clone(),
                            }
                        })
                        .collect();
                    let mut trial = s.shifts.clone();
                    trial.splice(i..=i, entries.iter().cloned());
                    if !keeps_coverage(s, &trial) {
                        continue;
                    }
                    let from = Window {
                        after: b.after,
                        within: b.within,
                    };
                    let to: Vec<String> = parts
                        .iter()
                        .map(|(w, c)| {
                            format!(
                                "{} agent(s) at {}",
                                c.iter().sum::<u32>(),
                                label(t0, sh.shift.offset, *w)
                            )
                        })
                        .collect();
                    out.moved.push(format!(
                        "{}-{} break {} ({}) out of {}: {}",
                        sh.shift.start_label(t0),
                        sh.shift.end_label(t0),
                        bi + 1,
                        label(t0, sh.shift.offset, from),
                        if s.requirement.days() > 1 {
                            format!("day {} {}", d + 1, s.requirement.label(k))
                        } else {
                            s.requirement.label(k)
                        },
                        to.join(", ")
                    ));
                    done.push(kk);
                    step = entries.len();
                    s.shifts = trial;
                    s.coverage = coverage(&s.requirement, &s.shifts, s.availability);
                    if !out.relieved.contains(&r) {
                        out.relieved.push(r);
                    }
                    break;
                }
            }
            i += step.max(1);
        }
    }
    out
}
