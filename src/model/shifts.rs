//! Agents as individuals for groups staffed by `[[groups.shifts]]`.
//!
//! # Rules
//! - Every agent of every shift and day is one individual with a plan: on
//!   at the shift start, each break at its staggered time
//!   ([`crate::scenario::shifts::ShiftBreak::start_of`]), off at the end.
//!   A shift starting before the horizon opens is on at the opening; a
//!   shift still on at the horizon end stays until the center has drained
//!   (as interval counts do), so its end is not counted as overtime.
//! - An agent due for a break or at the end of the shift while on a call
//!   finishes the call first: the break then starts (for its full length)
//!   when the call ends, and the delay is recorded in the interval the
//!   break fell due; a shift end is recorded as overtime in the interval
//!   it fell due. A step that falls due during a break waits for its end;
//!   a break still waiting when the next step falls due is dropped.
//! - A call goes to the agent of the group idle the longest (ties: the
//!   lower agent number). Agents of one group are interchangeable, so the
//!   group's figures do not depend on this choice.
//! - **Absence** (the group's `absenteeism` > 0): each agent of each shift
//!   is absent for the day with that probability, one uniform draw per
//!   agent in agent order from a stream of the group, open day and shift
//!   ([`crate::rng::substream`] of the count path's `Source::Absence`
//!   stream of the group and day, keyed by the shift's start, length and
//!   rank among shifts with the same start and length). Adding agents to a
//!   shift or adding a shift never changes who else is absent (common
//!   random numbers). An absent agent is never on shift.
//! - The group's `staffed` count is agents on the phones (idle or busy,
//!   including those finishing a call past a break or shift end), so the
//!   routing rules of the count model apply unchanged.

use rand::Rng;

use crate::engine::EventQueue;
use crate::rng::{substream, Source};
use crate::scenario::{Horizon, ValidScenario};
use crate::stats::tally::Tally;

/// "No agent": the call went to a group staffed by counts.
pub const NO_AGENT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Start,
    Break(f64),
    End,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Off,
    Idle,
    Busy,
    OnBreak,
}

#[derive(Debug, Clone)]
struct Agent {
    /// The plan: (time, step), in time order.
    steps: Vec<(f64, Step)>,
    next: usize,
    state: State,
    pending: Option<(Step, f64)>,
    idle_since: f64,
    /// Absent for the day in the current replication.
    absent: bool,
}

/// The agents of one shift on one open day, drawn for absence together.
#[derive(Debug, Clone, Copy)]
struct AbsenceBlock {
    /// Sub-stream key of the shift (never 0).
    key: u64,
    /// Open day (index into the shift's counts).
    day: u32,
    /// First agent (index into the group's agents) and how many.
    first: u32,
    n: u32,
}

#[derive(Debug, Clone, Default)]
struct GroupAgents {
    agents: Vec<Agent>,
    on_shift: u32,
    on_break: u32,
    /// The group's absenteeism (0: everyone comes).
    absenteeism: f64,
    /// Absence draws, one block per shift and open day.
    blocks: Vec<AbsenceBlock>,
}

/// The absence key of a shift: its start and length (whole seconds) and
/// its rank among the group's earlier shifts with the same start and length.
fn shift_key(start: f64, length: f64, rank: u64) -> u64 {
    let start = start.round() as i64 as u64;
    let length = length.round() as u64;
    (start << 32 ^ length << 8 ^ rank) | 1 << 63
}

/// What the model must do after a change of an agent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wake {
    /// Nothing.
    Nothing,
    /// Schedule the agent's next step at this time.
    Step(f64),
    /// Schedule the end of a break at this time.
    BreakOver(f64),
}

/// The individual agents of every shift group of a scenario.
#[derive(Debug, Clone, Default)]
pub struct ShiftAgents {
    groups: Vec<Option<GroupAgents>>,
    /// Whether any group has shifts.
    pub any: bool,
    horizon: Option<Horizon>,
}

/// Event payloads for the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AgentEvent {
    /// The agent's next planned step is due.
    Step,
    /// The agent's break is over.
    BreakOver,
}

impl ShiftAgents {
    /// Plans every agent of every shift group of `sc`.
    pub fn new(sc: &ValidScenario) -> Self {
        let end = sc.horizon.end();
        let groups: Vec<Option<GroupAgents>> = sc
            .groups
            .iter()
            .map(|g| {
                if g.shifts.is_empty() {
                    return None;
                }
                let mut agents = Vec::new();
                let mut blocks = Vec::new();
                for (si, s) in g.shifts.iter().enumerate() {
                    let rank = g.shifts[..si]
                        .iter()
                        .filter(|o| (o.start, o.length) == (s.start, s.length))
                        .count() as u64;
                    let key = shift_key(s.start, s.length, rank);
                    for (d, &n) in s.counts.iter().enumerate() {
                        let start = s.start_on(d);
                        let stop = start + s.length;
                        if stop <= 0.0 || start >= end {
                            continue;
                        }
                        blocks.push(AbsenceBlock {
                            key,
                            day: d as u32,
                            first: agents.len() as u32,
                            n,
                        });
                        for i in 0..n {
                            let mut steps = vec![(start.max(0.0), Step::Start)];
                            for b in &s.breaks {
                                let at = start + b.start_of(i, n);
                                if at >= 0.0 {
                                    steps.push((at, Step::Break(b.length)));
                                }
                            }
                            if stop < end {
                                steps.push((stop, Step::End));
                            }
                            agents.push(Agent {
                                steps,
                                next: 0,
                                state: State::Off,
                                pending: None,
                                idle_since: 0.0,
                                absent: false,
                            });
                        }
                    }
                }
                Some(GroupAgents {
                    agents,
                    on_shift: 0,
                    on_break: 0,
                    absenteeism: g.absenteeism,
                    blocks,
                })
            })
            .collect();
        let any = groups.iter().any(Option::is_some);
        ShiftAgents {
            groups,
            any,
            horizon: Some(sc.horizon),
        }
    }

    /// Whether group `g` is staffed by shifts.
    #[inline]
    pub fn has(&self, g: usize) -> bool {
        self.groups.get(g).is_some_and(Option::is_some)
    }

    /// Every agent off duty, absence drawn for replication `replication`
    /// of a run seeded `seed`, each present agent's first step scheduled
    /// (as `make(group, agent)` events) on `events`; steps at time 0 are
    /// applied at once and raise `staffed`.
    pub fn reset<E: Copy>(
        &mut self,
        (seed, replication): (u64, u64),
        events: &mut EventQueue<E>,
        staffed: &mut [u32],
        make: impl Fn(u16, u32, AgentEvent) -> E,
    ) {
        for (g, ga) in self.groups.iter_mut().enumerate() {
            let Some(ga) = ga else { continue };
            ga.on_shift = 0;
            ga.on_break = 0;
            staffed[g] = 0;
            if ga.absenteeism > 0.0 {
                for b in &ga.blocks {
                    let index = (g as u32) << 16 | (b.day & 0xFFFF);
                    let mut rng = substream(seed, replication, Source::Absence, index, b.key);
                    let from = b.first as usize;
                    for a in &mut ga.agents[from..from + b.n as usize] {
                        a.absent = rng.random::<f64>() < ga.absenteeism;
                    }
                }
            }
            for (i, a) in ga.agents.iter_mut().enumerate() {
                a.next = 0;
                a.state = State::Off;
                a.pending = None;
                a.idle_since = 0.0;
                if a.absent {
                    continue;
                }
                let (t, _) = a.steps[0];
                if t <= 0.0 {
                    a.state = State::Idle;
                    a.next = 1;
                    ga.on_shift += 1;
                    staffed[g] += 1;
                    if let Some(&(t, _)) = a.steps.get(1) {
                        events.schedule(t, make(g as u16, i as u32, AgentEvent::Step));
                    }
                } else {
                    events.schedule(t, make(g as u16, i as u32, AgentEvent::Step));
                }
            }
        }
    }

    /// Integrates agents on shift and on break over `dt` into interval `k`.
    #[inline]
    pub fn advance(&self, k: usize, dt: f64, tally: &mut Tally) {
        for (g, ga) in self.groups.iter().enumerate() {
            if let Some(ga) = ga {
                let c = &mut tally.shifts[k * tally.groups + g];
                c.on_shift_time += f64::from(ga.on_shift) * dt;
                c.on_break_time += f64::from(ga.on_break) * dt;
            }
        }
    }

    /// The idle agent of group `g` who takes a call at `now` (idle longest,
    /// then lowest number); [`NO_AGENT`] for a group staffed by counts.
    #[inline]
    pub fn take(&mut self, g: usize, _now: f64) -> u32 {
        let Some(Some(ga)) = self.groups.get_mut(g) else {
            return NO_AGENT;
        };
        let mut best: Option<(f64, usize)> = None;
        for (i, a) in ga.agents.iter().enumerate() {
            if a.state == State::Idle && best.is_none_or(|(t, _)| a.idle_since < t) {
                best = Some((a.idle_since, i));
            }
        }
        match best {
            Some((_, i)) => {
                ga.agents[i].state = State::Busy;
                i as u32
            }
            None => NO_AGENT,
        }
    }

    fn record(tally: &mut Tally, g: usize, due: f64, step: Step, late: f64, h: Option<Horizon>) {
        let Some(h) = h else { return };
        if due >= h.end() || tally.intervals == 0 {
            return;
        }
        let k = h.interval_of(due);
        let c = &mut tally.shifts[k * tally.groups + g];
        match step {
            Step::Break(_) => {
                c.breaks += 1.0;
                c.break_delay += late;
            }
            Step::End => {
                c.shift_ends += 1.0;
                c.overtime += late;
            }
            Step::Start => {}
        }
    }

    /// Applies `step`, due at `due`, to an agent who is free to act at `now`.
    fn apply(
        ga: &mut GroupAgents,
        i: usize,
        (step, due): (Step, f64),
        now: f64,
        staffed: &mut u32,
        tally: &mut Tally,
        (g, end): (usize, Option<Horizon>),
    ) -> Wake {
        let a = &mut ga.agents[i];
        match step {
            Step::Start => {
                a.state = State::Idle;
                a.idle_since = now;
                ga.on_shift += 1;
                *staffed += 1;
                Wake::Nothing
            }
            Step::Break(len) => {
                if a.state == State::Idle {
                    *staffed -= 1;
                }
                Self::record(tally, g, due, step, now - due, end);
                a.state = State::OnBreak;
                ga.on_break += 1;
                Wake::BreakOver(now + len)
            }
            Step::End => {
                if a.state == State::Idle || a.state == State::Busy {
                    *staffed -= 1;
                }
                if a.state == State::OnBreak {
                    ga.on_break -= 1;
                }
                Self::record(tally, g, due, step, now - due, end);
                a.state = State::Off;
                ga.on_shift -= 1;
                Wake::Nothing
            }
        }
    }

    /// Agent `i` of group `g`: its next step or the end of its break is due
    /// at `now`. Returns what to schedule (the next step is scheduled as well
    /// through the returned list, at most two wakes).
    pub fn on_event(
        &mut self,
        g: usize,
        i: usize,
        kind: AgentEvent,
        now: f64,
        staffed: &mut u32,
        tally: &mut Tally,
    ) -> [Wake; 2] {
        let end = self.horizon;
        let Some(Some(ga)) = self.groups.get_mut(g) else {
            return [Wake::Nothing; 2];
        };
        match kind {
            AgentEvent::BreakOver => {
                let a = &mut ga.agents[i];
                if a.state != State::OnBreak {
                    return [Wake::Nothing; 2];
                }
                ga.on_break -= 1;
                a.state = State::Idle;
                a.idle_since = now;
                *staffed += 1;
                if let Some((step, due)) = a.pending.take() {
                    let w = Self::apply(ga, i, (step, due), now, staffed, tally, (g, end));
                    return [w, Wake::Nothing];
                }
                [Wake::Nothing; 2]
            }
            AgentEvent::Step => {
                let a = &mut ga.agents[i];
                let Some(&(due, step)) = a.steps.get(a.next) else {
                    return [Wake::Nothing; 2];
                };
                a.next += 1;
                let next = a
                    .steps
                    .get(a.next)
                    .map_or(Wake::Nothing, |(t, _)| Wake::Step(*t));
                let w = match (a.state, step) {
                    (State::Off, Step::Start) | (State::Idle, _) => {
                        Self::apply(ga, i, (step, due), now, staffed, tally, (g, end))
                    }
                    (State::Busy, _) | (State::OnBreak, Step::Break(_)) => {
                        // Waits for the call in hand (or the break) to end;
                        // a shift end replaces a break still waiting.
                        if a.pending.is_none() || step == Step::End {
                            a.pending = Some((step, due));
                        }
                        Wake::Nothing
                    }
                    (State::OnBreak, _) => {
                        Self::apply(ga, i, (step, due), now, staffed, tally, (g, end))
                    }
                    (State::Off, _) => Wake::Nothing,
                };
                [w, next]
            }
        }
    }

    /// Agent `i` of group `g` finished a call at `now`: it takes a break or
    /// goes off if one is waiting, or becomes idle. Returns a break end to
    /// schedule, if any.
    pub fn completed(
        &mut self,
        g: usize,
        i: u32,
        now: f64,
        staffed: &mut u32,
        tally: &mut Tally,
    ) -> Wake {
        let end = self.horizon;
        let Some(Some(ga)) = self.groups.get_mut(g) else {
            return Wake::Nothing;
        };
        let i = i as usize;
        let a = &mut ga.agents[i];
        a.state = State::Idle;
        a.idle_since = now;
        match a.pending.take() {
            Some((step, due)) => Self::apply(ga, i, (step, due), now, staffed, tally, (g, end)),
            None => Wake::Nothing,
        }
    }
}
