//! From a requirement and shift rules to a schedule: the candidates, the
//! columns of the integer program (a shift on one day; or, when rostering,
//! a shift worked on every day of a pattern of working days), the answer
//! and its coverage per interval.
//!
//! The right-hand side of interval `k` is `required / ((1 - shrinkage) *
//! (1 - absenteeism))`: agents on shift, after their breaks, must cover the
//! requirement on the phones once shrinkage and the expected absenteeism
//! are taken away.

use std::time::Duration;

use super::candidates::{candidates, Shift};
use super::requirement::Requirement;
use super::rules::ShiftRules;
use super::solve::{solve, Column, Link, Program, SolveError, Solved};

/// One shift of the schedule with its agents per day.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledShift {
    /// The shift.
    pub shift: Shift,
    /// Agents starting it on each day.
    pub counts: Vec<u32>,
}

/// One named agent of a roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterAgent {
    /// 1-based number ("agent 1").
    pub number: usize,
    /// The shift worked each day (an index into [`Schedule::shifts`]),
    /// None on a rest day.
    pub shifts: Vec<Option<usize>>,
    /// Whether the agent works each day.
    pub works: Vec<bool>,
}

impl RosterAgent {
    /// An agent working `shift` on the days of `works`.
    pub fn on(number: usize, shift: usize, works: Vec<bool>) -> RosterAgent {
        RosterAgent {
            number,
            shifts: works.iter().map(|w| w.then_some(shift)).collect(),
            works,
        }
    }

    /// The one shift the agent works on every working day, if it is the
    /// same every day (always with `same_start = true`).
    pub fn same_shift(&self) -> Option<usize> {
        let mut worked = self.shifts.iter().flatten();
        let first = *worked.next()?;
        worked.all(|s| *s == first).then_some(first)
    }
}

/// Coverage of one interval of one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// Agents needed on the phones.
    pub required: f64,
    /// Agents on shift (as scheduled, before absenteeism).
    pub scheduled: f64,
    /// Expected agents on the phones: on shift, not on a break, after
    /// shrinkage and absenteeism.
    pub on_phones: f64,
}

/// A finished schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The requirement covered (repeated over the rules' days if asked).
    pub requirement: Requirement,
    /// Shifts with at least one agent, in order of start and length.
    pub shifts: Vec<ScheduledShift>,
    /// Named agents, when rostering.
    pub roster: Option<Vec<RosterAgent>>,
    /// Coverage, `day * intervals + k`.
    pub coverage: Vec<Coverage>,
    /// Share of an on-shift, off-break agent who is on the phones.
    pub availability: f64,
    /// The expected absenteeism planned for (the rules'): the scenario the
    /// check simulates and `--out` writes gives the group this absenteeism.
    pub absenteeism: f64,
    /// Candidates the program chose from.
    pub candidates: usize,
    /// The solver's answer (objective, LP bound, time).
    pub solved: Solved,
}

/// Totals of a schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// Paid agent-hours.
    pub paid_hours: f64,
    /// Full-time equivalents: paid hours over an FTE's paid hours in the days.
    pub fte: f64,
    /// Cost: paid hours times the wage plus shift costs (None without any).
    pub cost: Option<f64>,
    /// Agent-hours on the phones above the requirement.
    pub over_hours: f64,
    /// Agent-hours on the phones below the requirement.
    pub under_hours: f64,
    /// Agents starting a shift, summed over the days.
    pub shifts_worked: u32,
}

/// Why no schedule could be made.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// The rules give no shift that fits inside the opening.
    NoCandidates,
    /// An interval no shift covers.
    Uncovered {
        /// Day (1-based).
        day: usize,
        /// "HH:MM".
        interval: String,
    },
    /// The requirement cannot be met within the rules' limits.
    Infeasible,
    /// The rules ask for something the requirement cannot give.
    Rules(String),
    /// The solver failed.
    Solver(String),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NoCandidates => write!(f, "no shift of the rules fits inside the requirement's intervals: check lengths, earliest_start and latest_start"),
            PlanError::Uncovered { day, interval } => write!(f, "no shift covers day {day} interval {interval}, which needs agents: widen the start window (earliest_start/latest_start) or add a length that reaches it"),
            PlanError::Infeasible => write!(f, "the requirement cannot be covered within max_per_shift: raise max_per_shift or add start times or lengths"),
            PlanError::Rules(m) => write!(f, "{m}"),
            PlanError::Solver(m) => write!(f, "the solver failed: {m}"),
        }
    }
}

/// Working-day patterns for a roster over `days` days: every set of
/// `work_days` days (all days if fewer), with the rest days in one
/// (cyclic) block when `consecutive` is asked.
pub fn patterns(days: usize, work_days: usize, consecutive: bool) -> Vec<Vec<bool>> {
    if work_days >= days {
        return vec![vec![true; days]];
    }
    let off = days - work_days;
    if consecutive {
        return (0..days)
            .map(|first| {
                let mut w = vec![true; days];
                for j in 0..off {
                    w[(first + j) % days] = false;
                }
                w
            })
            .collect();
    }
    let mut out = Vec::new();
    if days <= 16 {
        for mask in 0u32..(1 << days) {
            if mask.count_ones() as usize == work_days {
                out.push((0..days).map(|d| mask & (1 << d) != 0).collect());
            }
        }
    }
    out
}

/// Makes the schedule of `req` under `rules`.
pub fn plan(req: &Requirement, rules: &ShiftRules) -> Result<Schedule, PlanError> {
    let req = match rules.days {
        Some(d) if req.days() == 1 && d > 1 => req.repeated(d),
        Some(d) if d != req.days() => {
            return Err(PlanError::Rules(format!(
                "days = {d} but the requirement has {} days; give a one-day requirement (repeated) or one with {d} days",
                req.days()
            )))
        }
        _ => req.clone(),
    };
    let days = req.days();
    let n = req.intervals;
    let cands = candidates(&req, rules);
    if cands.is_empty() {
        return Err(PlanError::NoCandidates);
    }
    let availability = (1.0 - rules.shrinkage) * (1.0 - rules.absenteeism);
    let rhs: Vec<f64> = req.agents.iter().map(|a| a / availability).collect();
    let day_cost = |s: &Shift| match rules.cost_per_agent_hour {
        _ if !rules.minimises_cost() => s.paid_hours,
        Some(rate) => s.paid_hours * rate + rules.extra_cost(s.length),
        None => rules.extra_cost(s.length),
    };
    let pats = if rules.roster {
        let p = patterns(days, rules.work_days, rules.consecutive_days_off);
        if p.is_empty() {
            return Err(PlanError::Rules(format!(
                "no pattern of {} working days in {days} days to roster (at most 16 days without consecutive_days_off)",
                rules.work_days
            )));
        }
        p
    } else {
        Vec::new()
    };
    // Columns: (candidate, pattern) for a same-start roster, else
    // (candidate, day); a roster made per day adds one column per days-off
    // pattern, linked to each day's shifts.
    let by_pattern = rules.roster && rules.same_start;
    let per_day_roster = rules.roster && !rules.same_start;
    let mut columns = Vec::new();
    let mut keys = Vec::new();
    for (c, s) in cands.iter().enumerate() {
        let cover_day = |d: usize, out: &mut Vec<(usize, f64)>| {
            for (k, a) in s.on_phones.iter().enumerate() {
                if *a > 0.0 {
                    out.push((d * n + k, *a));
                }
            }
        };
        if by_pattern {
            for (p, works) in pats.iter().enumerate() {
                let mut cover = Vec::new();
                for d in (0..days).filter(|d| works[*d]) {
                    cover_day(d, &mut cover);
                }
                let worked = works.iter().filter(|w| **w).count() as f64;
                columns.push(Column {
                    cost: day_cost(s) * worked,
                    cover,
                    max: rules.max_per_shift,
                    min_applies: true,
                });
                keys.push((c, p));
            }
        } else {
            for d in 0..days {
                let mut cover = Vec::new();
                cover_day(d, &mut cover);
                columns.push(Column {
                    cost: day_cost(s),
                    cover,
                    max: rules.max_per_shift,
                    min_applies: true,
                });
                keys.push((c, d));
            }
        }
    }
    let first_pattern = columns.len();
    let mut links = Vec::new();
    if per_day_roster {
        for _ in &pats {
            columns.push(Column {
                cost: 0.0,
                cover: Vec::new(),
                max: None,
                min_applies: false,
            });
        }
        for d in 0..days {
            links.push(Link {
                shifts: (0..first_pattern).filter(|j| keys[*j].1 == d).collect(),
                patterns: (0..pats.len())
                    .filter(|p| pats[*p][d])
                    .map(|p| first_pattern + p)
                    .collect(),
            });
        }
    }
    // A same-start roster starts from the per-day one: each of its agents
    // on the shift worked on most of their days (ties: the earliest).
    let clock = std::time::Instant::now();
    let hint = if by_pattern && rules.min_per_shift <= 1 {
        let mut per_day = rules.clone();
        per_day.same_start = false;
        per_day.time_limit_seconds = rules.time_limit_seconds / 16.0;
        plan(&req, &per_day).ok().and_then(|s| {
            let mut x = vec![0.0; keys.len()];
            for a in s.roster.as_ref()? {
                let mut seen: Vec<(usize, usize)> = Vec::new();
                for i in a.shifts.iter().flatten() {
                    match seen.iter_mut().find(|(j, _)| j == i) {
                        Some(e) => e.1 += 1,
                        None => seen.push((*i, 1)),
                    }
                }
                let (i, _) = seen
                    .iter()
                    .copied()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                let sh = &s.shifts[i].shift;
                let c = cands
                    .iter()
                    .position(|c| (c.offset, c.length) == (sh.offset, sh.length))?;
                let p = pats.iter().position(|p| *p == a.works)?;
                let j = keys.iter().position(|k| *k == (c, p))?;
                x[j] += 1.0;
            }
            Some(x)
        })
    } else {
        None
    };
    let program = Program {
        rhs,
        columns,
        links,
        polish: by_pattern,
        hint,
        min_per_column: rules.min_per_shift,
        time_limit: Duration::from_secs_f64(rules.time_limit_seconds)
            .saturating_sub(clock.elapsed()),
        mip_gap: rules.mip_gap,
    };
    let solved = solve(&program).map_err(|e| match e {
        SolveError::Uncovered(r) => PlanError::Uncovered {
            day: r / n + 1,
            interval: req.label(r % n),
        },
        SolveError::Infeasible => PlanError::Infeasible,
        SolveError::Solver(m) => PlanError::Solver(m),
    })?;
    let solved = Solved {
        seconds: clock.elapsed().as_secs_f64().max(solved.seconds),
        ..solved
    };
    // Gather counts per candidate and day.
    let mut per: Vec<Vec<u32>> = vec![vec![0; days]; cands.len()];
    let mut roster_cols = Vec::new();
    for (&(c, x), &count) in keys.iter().zip(&solved.counts) {
        if count == 0 {
            continue;
        }
        if by_pattern {
            for d in (0..days).filter(|d| pats[x][*d]) {
                per[c][d] += count;
            }
            roster_cols.push((c, x, count));
        } else {
            per[c][x] += count;
        }
    }
    let mut index = vec![usize::MAX; cands.len()];
    let mut shifts = Vec::new();
    for (c, counts) in per.into_iter().enumerate() {
        if counts.iter().any(|n| *n > 0) {
            index[c] = shifts.len();
            shifts.push(ScheduledShift {
                shift: cands[c].clone(),
                counts,
            });
        }
    }
    let roster = if by_pattern {
        let mut agents = Vec::new();
        for (c, p, count) in roster_cols {
            for _ in 0..count {
                agents.push(RosterAgent::on(agents.len() + 1, index[c], pats[p].clone()));
            }
        }
        Some(agents)
    } else if per_day_roster {
        let held: Vec<u32> = solved.counts[first_pattern..].to_vec();
        Some(assign_per_day(&shifts, &pats, &held)?)
    } else {
        None
    };
    let coverage = coverage(&req, &shifts, availability);
    Ok(Schedule {
        requirement: req,
        shifts,
        roster,
        coverage,
        availability,
        absenteeism: rules.absenteeism,
        candidates: cands.len(),
        solved,
    })
}

/// Names the agents of a roster made per day: `held[p]` agents on days-off
/// pattern `p` (numbered pattern by pattern), and on each day the day's
/// shifts handed out to the agents working it. Each agent has a fixed
/// rank, `(i + 0.5) / held[p]` for agent `i` of pattern `p` (spread evenly
/// over 0..1 whatever the pattern); on each day the working agents in rank
/// order (ties: the lower number) take the day's shifts in order of start,
/// then length. So an agent keeps about the same place in the day, early
/// or late, all week, and the same schedule always gives the same roster.
pub fn assign_per_day(
    shifts: &[ScheduledShift],
    pats: &[Vec<bool>],
    held: &[u32],
) -> Result<Vec<RosterAgent>, PlanError> {
    let days = pats.first().map_or(0, Vec::len);
    let mut agents = Vec::new();
    let mut rank = Vec::new();
    for (p, &count) in held.iter().enumerate() {
        for i in 0..count {
            agents.push(RosterAgent {
                number: agents.len() + 1,
                shifts: vec![None; days],
                works: pats[p].clone(),
            });
            rank.push((f64::from(i) + 0.5) / f64::from(count));
        }
    }
    let mut order: Vec<usize> = (0..shifts.len()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (&shifts[*a].shift, &shifts[*b].shift);
        x.offset
            .total_cmp(&y.offset)
            .then(x.length.total_cmp(&y.length))
            .then(a.cmp(b))
    });
    for d in 0..days {
        let mut working: Vec<usize> = (0..agents.len()).filter(|a| agents[*a].works[d]).collect();
        working.sort_by(|a, b| rank[*a].total_cmp(&rank[*b]).then(a.cmp(b)));
        let pool: Vec<usize> = order
            .iter()
            .flat_map(|i| std::iter::repeat_n(*i, shifts[*i].counts[d] as usize))
            .collect();
        if pool.len() != working.len() {
            return Err(PlanError::Solver(format!(
                "day {}: {} agents work it but its shifts hold {}",
                d + 1,
                working.len(),
                pool.len()
            )));
        }
        for (a, s) in working.into_iter().zip(pool) {
            agents[a].shifts[d] = Some(s);
        }
    }
    Ok(agents)
}

/// Expected coverage of `shifts` per interval of every day.
pub fn coverage(req: &Requirement, shifts: &[ScheduledShift], availability: f64) -> Vec<Coverage> {
    let n = req.intervals;
    let mut out: Vec<Coverage> = req
        .agents
        .iter()
        .map(|&required| Coverage {
            required,
            scheduled: 0.0,
            on_phones: 0.0,
        })
        .collect();
    for s in shifts {
        for (d, &count) in s.counts.iter().enumerate() {
            let c = f64::from(count);
            for k in 0..n {
                out[d * n + k].scheduled += c * s.shift.on_shift[k];
                out[d * n + k].on_phones += c * s.shift.on_phones[k] * availability;
            }
        }
    }
    out
}

impl Schedule {
    /// Paid hours, FTE, cost and over/under coverage.
    pub fn totals(&self, rules: &ShiftRules) -> Totals {
        let mut paid_hours = 0.0;
        let mut extra = 0.0;
        let mut shifts_worked = 0;
        for s in &self.shifts {
            let n: u32 = s.counts.iter().sum();
            shifts_worked += n;
            paid_hours += f64::from(n) * s.shift.paid_hours;
            extra += f64::from(n) * rules.extra_cost(s.shift.length);
        }
        let hours = self.requirement.interval / 3600.0;
        let over_hours = self
            .coverage
            .iter()
            .map(|c| (c.on_phones - c.required).max(0.0) * hours)
            .sum();
        let under_hours = self
            .coverage
            .iter()
            .map(|c| (c.required - c.on_phones).max(0.0) * hours)
            .sum();
        Totals {
            paid_hours,
            fte: paid_hours / (rules.fte_hours_per_day * self.requirement.days() as f64),
            cost: rules
                .minimises_cost()
                .then(|| paid_hours * rules.cost_per_agent_hour.unwrap_or(0.0) + extra),
            over_hours,
            under_hours,
            shifts_worked,
        }
    }
}
