//! The simulation check: the schedule is simulated as `[[groups.shifts]]`
//! of the scenario it is for (breaks staggered, calls in hand finished);
//! intervals that miss the scenario's targets first get breaks moved out
//! of them within their windows ([`super::moves`]); those no move helps get
//! agents added on the shift that covers most of the missed intervals per
//! unit of cost, and the
//! schedule is simulated again, until every target holds, no shift can
//! help (an interval no candidate shift covers), or the rounds run out.
//!
//! Every round simulates the same replications `0..n` (common random
//! numbers), so a change between rounds is what the added agents did.

use rayon::prelude::*;

use super::candidates::{candidates, Shift};
use super::moves::move_breaks;
use super::plan::{coverage, Schedule, ScheduledShift};
use super::rules::ShiftRules;
use super::scenario_out::{validate, with_shifts};
use crate::model::CallCenter;
use crate::planner::{evaluate, Criterion, Evaluation, TargetSet};
use crate::scenario::{RawScenario, ValidScenario};
use crate::stats::tally::ShiftCounts;

/// One round of the check.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// Intervals (`day * intervals + k`) that missed a target.
    pub missed: Vec<usize>,
    /// Agents added: (index into the schedule's shifts after the round, day).
    pub added: Vec<(usize, usize)>,
    /// Breaks moved out of missed intervals before any agent was added
    /// (see [`super::moves`]), described for people.
    pub moved: Vec<String>,
}

/// How the check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every interval meets every target.
    Met,
    /// Some missed interval is covered by no candidate shift.
    NoShiftHelps,
    /// The rounds ran out with intervals still missing.
    RoundsExhausted,
}

impl Verdict {
    /// "met", "no_shift_helps" or "rounds_exhausted".
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NoShiftHelps => "no_shift_helps",
            Verdict::RoundsExhausted => "rounds_exhausted",
        }
    }
}

/// Mean agent figures of one interval over the replications.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AgentFigures {
    /// Agents on shift (time average).
    pub on_shift: f64,
    /// Agents on a break.
    pub on_break: f64,
    /// Agents on the phones (idle or on a call).
    pub on_phones: f64,
    /// Mean delay of the breaks due in the interval, seconds (NaN: none due).
    pub break_delay: f64,
    /// Overtime of the shifts ending in the interval, agent-minutes per day.
    pub overtime_minutes: f64,
}

/// The check's answer.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Rounds, the first on the schedule as the program made it.
    pub rounds: Vec<Round>,
    /// How it ended.
    pub verdict: Verdict,
    /// Missed intervals no candidate covers (with [`Verdict::NoShiftHelps`]).
    pub hopeless: Vec<usize>,
    /// The final schedule's figures per interval.
    pub evaluation: Evaluation,
    /// The final schedule's agents per interval.
    pub agents: Vec<AgentFigures>,
    /// Whether each interval meets the targets at the end.
    pub meets: Vec<bool>,
    /// The scenario as finally simulated.
    pub scenario: ValidScenario,
}

/// Options of the check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    /// Group the shifts staff.
    pub group: usize,
    /// Replications per round.
    pub replications: u32,
    /// Seed of the simulation.
    pub seed: u64,
    /// Most rounds.
    pub max_rounds: usize,
    /// What "meets" means.
    pub criterion: Criterion,
}

fn simulate(raw: &RawScenario, s: &Schedule, o: &CheckOptions) -> Result<ValidScenario, String> {
    let mut sc = validate(&with_shifts(raw, o.group, s))?;
    sc.replications = o.replications;
    sc.seed = o.seed;
    Ok(sc)
}

/// Mean agent figures per interval of group `g` over replications `0..n`.
pub fn agent_figures(sc: &ValidScenario, g: usize, n: u32) -> Vec<AgentFigures> {
    let k_n = sc.horizon.intervals;
    let per: Vec<(Vec<ShiftCounts>, Vec<f64>)> = (0..u64::from(n))
        .into_par_iter()
        .map_init(
            || (CallCenter::new(sc), None),
            |(model, tally), rep| {
                let t = tally.get_or_insert_with(|| model.new_tally());
                model.run(rep, t);
                let shifts = (0..k_n).map(|k| t.shifts[k * t.groups + g]).collect();
                let staffed = (0..k_n)
                    .map(|k| t.group_counts[k * t.groups + g].staffed_time)
                    .collect();
                (shifts, staffed)
            },
        )
        .collect();
    let len = sc.horizon.interval;
    let reps = f64::from(n.max(1));
    (0..k_n)
        .map(|k| {
            let mut sum = ShiftCounts::default();
            let mut staffed = 0.0;
            for (s, st) in &per {
                let c = s[k];
                sum.on_shift_time += c.on_shift_time;
                sum.on_break_time += c.on_break_time;
                sum.breaks += c.breaks;
                sum.break_delay += c.break_delay;
                sum.overtime += c.overtime;
                staffed += st[k];
            }
            AgentFigures {
                on_shift: sum.on_shift_time / len / reps,
                on_break: sum.on_break_time / len / reps,
                on_phones: staffed / len / reps,
                break_delay: if sum.breaks > 0.0 {
                    sum.break_delay / sum.breaks
                } else {
                    f64::NAN
                },
                overtime_minutes: sum.overtime / 60.0 / reps,
            }
        })
        .collect()
}

/// Adds one agent of candidate `c` on `day` to the schedule; returns its index.
fn add(s: &mut Schedule, c: &Shift, day: usize) -> usize {
    let days = s.requirement.days();
    let pos = s
        .shifts
        .iter()
        .position(|x| (x.shift.offset, x.shift.length) == (c.offset, c.length));
    let i = match pos {
        Some(i) => i,
        None => {
            let at = s
                .shifts
                .iter()
                .position(|x| (x.shift.offset, x.shift.length) > (c.offset, c.length))
                .unwrap_or(s.shifts.len());
            s.shifts.insert(
                at,
                ScheduledShift {
                    shift: c.clone(),
                    counts: vec![0; days],
                },
            );
            if let Some(roster) = &mut s.roster {
                for s in roster
                    .iter_mut()
                    .flat_map(|a| a.shifts.iter_mut())
                    .flatten()
                {
                    if *s >= at {
                        *s += 1;
                    }
                }
            }
            at
        }
    };
    s.shifts[i].counts[day] += 1;
    if let Some(roster) = &mut s.roster {
        let mut works = vec![false; days];
        works[day] = true;
        // A new agent working this one day: one working day and the rest
        // off in one block keeps work_days and consecutive_days_off.
        roster.push(super::plan::RosterAgent::on(roster.len() + 1, i, works));
    }
    i
}

/// Simulates the schedule and repairs it round by round (see the module doc).
pub fn check(
    raw: &RawScenario,
    s: &mut Schedule,
    rules: &ShiftRules,
    o: &CheckOptions,
) -> Result<Checked, String> {
    let n = s.requirement.intervals;
    let cands = candidates(&s.requirement, rules);
    let cost = |c: &Shift| {
        if rules.minimises_cost() {
            c.paid_hours * rules.cost_per_agent_hour.unwrap_or(0.0) + rules.extra_cost(c.length)
        } else {
            c.paid_hours
        }
        .max(1e-9)
    };
    let mut rounds = Vec::new();
    let mut hopeless = Vec::new();
    let mut moved_before = Vec::new();
    let verdict;
    loop {
        let sc = simulate(raw, s, o)?;
        let eval = evaluate(&sc, o.replications);
        let targets = TargetSet::of(&sc);
        let meets: Vec<bool> = (0..sc.horizon.intervals)
            .map(|k| k < sc.horizon.warmup_intervals || eval.meets(k, &targets, o.criterion))
            .collect();
        let missed: Vec<usize> = (0..meets.len()).filter(|k| !meets[*k]).collect();
        if missed.is_empty() || rounds.len() >= o.max_rounds {
            verdict = if missed.is_empty() {
                Verdict::Met
            } else {
                Verdict::RoundsExhausted
            };
            rounds.push(Round {
                missed,
                added: Vec::new(),
                moved: Vec::new(),
            });
            let agents = agent_figures(&sc, o.group, o.replications);
            return Ok(Checked {
                rounds,
                verdict,
                hopeless,
                evaluation: eval,
                agents,
                meets,
                scenario: sc,
            });
        }
        // Greedy: the candidate and day covering most of the missed
        // intervals per unit of cost, one agent at a time, until each
        // missed interval has gained at least one agent on the phones.
        // First, breaks moved out of the missed intervals; those that had
        // one moved get no agent this round.
        let moves = move_breaks(s, &missed, &mut moved_before);
        let mut open: Vec<usize> = missed
            .iter()
            .copied()
            .filter(|r| !moves.relieved.contains(r))
            .collect();
        let mut added = Vec::new();
        while !open.is_empty() {
            let mut best: Option<(f64, usize, usize)> = None;
            for (ci, c) in cands.iter().enumerate() {
                for d in 0..s.requirement.days() {
                    let gain: f64 = open
                        .iter()
                        .filter(|r| *r / n == d)
                        .map(|r| c.on_phones[r % n])
                        .sum();
                    let score = gain / cost(c);
                    if gain > 1e-9 && best.is_none_or(|(b, _, _)| score > b + 1e-12) {
                        best = Some((score, ci, d));
                    }
                }
            }
            let Some((_, ci, d)) = best else {
                hopeless = open.clone();
                break;
            };
            let c = &cands[ci];
            let i = add(s, c, d);
            added.push((i, d));
            // Intervals where the agent is on the phones at least half the
            // time are served; if there are none, every one it touches is.
            let before = open.len();
            open.retain(|r| !(r / n == d && c.on_phones[r % n] >= 0.5 - 1e-9));
            if open.len() == before {
                open.retain(|r| !(r / n == d && c.on_phones[r % n] > 1e-9));
            }
        }
        s.coverage = coverage(&s.requirement, &s.shifts, s.availability);
        let stuck = !hopeless.is_empty();
        rounds.push(Round {
            missed,
            added,
            moved: moves.moved,
        });
        if stuck {
            let sc = simulate(raw, s, o)?;
            let eval = evaluate(&sc, o.replications);
            let targets = TargetSet::of(&sc);
            let meets: Vec<bool> = (0..sc.horizon.intervals)
                .map(|k| k < sc.horizon.warmup_intervals || eval.meets(k, &targets, o.criterion))
                .collect();
            let agents = agent_figures(&sc, o.group, o.replications);
            return Ok(Checked {
                rounds,
                verdict: Verdict::NoShiftHelps,
                hopeless,
                evaluation: eval,
                agents,
                meets,
                scenario: sc,
            });
        }
    }
}
