//! Simulation staffing: the fewest agents of one group in each interval so
//! that every interval meets the scenario's targets in simulation, the other
//! groups as given.
//!
//! # The search
//! 1. **Start** from the Erlang A requirement of each interval (Erlang C when
//!    nobody abandons), less what the other groups supply, in the group's
//!    agents (its handle-time factor applied).
//! 2. **Time order.** Intervals are staffed 0, 1, 2, ...: a call waiting at a
//!    boundary is served by the next interval's agents, so an interval is
//!    judged with the staffing before it final. To judge interval `k` only
//!    the horizon up to `k + 1` is simulated (one interval of look-ahead, where
//!    the calls of `k` still waiting at its end are served; later intervals
//!    cannot change what happens to `k`'s callers in a first-come-first-served
//!    queue). A candidate staffing of `k` is accepted when interval `k` meets
//!    its targets **and** every interval already staffed that the simulated
//!    horizon covers still does (fewer agents in `k` leave the backlog of
//!    `k - 1` waiting longer). From the start value the search steps down
//!    while accepted, or up until accepted, with doubling steps and a final
//!    bisection: a handful of simulations per interval. Every candidate runs
//!    the same replications, so on common random numbers a one-agent change
//!    is judged on the same callers. While interval `k` is searched, the
//!    look-ahead interval gets its start value shifted by the correction just
//!    found for `k - 1` (simulation and formula usually disagree by similar
//!    amounts in neighbouring intervals).
//! 3. **Until stable.** A further pass re-searches every interval whose
//!    neighbours (`k - 1`, `k + 1`) changed since it was decided; passes stop
//!    when one changes nothing (`converged`), or after `max_passes`.
//! 4. **Check.** The final staffing is simulated over the whole horizon; an
//!    interval that then misses a target it could meet (an effect reaching
//!    beyond the look-ahead) gets one more agent at a time, at most twice the
//!    number of intervals in all. The figures reported are from this run.
//!
//! # Simulating only what a change can affect
//! Every candidate of interval `k` staffs the intervals before `k` alike, and
//! nothing before an interval opens depends on its staffing, so the search
//! does not simulate the horizon from its start for each candidate: each
//! replication resumes from a checkpoint, its whole state at the opening of
//! the latest interval whose staffing before it matches the candidate's
//! ([`crate::model::Checkpoint`]), and leaves checkpoints at the openings
//! of the candidate's last two intervals (the next search starts from the
//! accepted one). A resumed replication counts exactly what one simulated
//! from the start counts, so the answers are those of simulating every
//! candidate from the start, bit for bit; only `simulated_calls` (the calls
//! actually simulated) is smaller. The intervals settled at a checkpoint
//! (no caller of theirs still waiting, their time over) cannot change any
//! more: their figures are taken once from the run that made the
//! checkpoints, and a checkpoint keeps only the counts of the later
//! intervals, so a candidate costs the last few intervals, not the whole
//! horizon. The least recently used checkpoint sets are dropped beyond a
//! dozen, which bounds memory. Scenarios with a group
//! staffed by shifts plan their agents on the horizon they are given and
//! are simulated from the start every time.
//!
//! # Call types
//! With `[[call_types]]` an interval is accepted only when every type meets
//! its own targets ([`TargetSet::PerType`]); the Erlang start is the
//! strictest type's requirement on the pooled load
//! ([`super::erlang::requirements`]). The plan then also holds each type's
//! figures at the final staffing ([`StaffPlan::types`]) and, per interval,
//! the types that bind ([`StaffPlan::binding`]): those whose targets fail
//! with one agent fewer in the interval (in the interval itself or, if it
//! still meets, in an earlier interval judged with it), as seen by the
//! search's own simulations: the last search of the interval, or the
//! whole-horizon check when it added an agent there. An interval left at 0
//! agents has no binding type; one that misses at its final staffing lists
//! the types that miss.
//!
//! # Minimum staffing and the occupancy cap
//! The group's `min_agents` (a number or one per interval) is a floor: the
//! search starts at or above it and never tries fewer, so an interval the
//! targets would staff lower keeps `min_agents`. `[service_level]
//! max_occupancy` is a target like the others: a candidate is accepted only
//! when every in-house group's occupancy in the judged intervals is at most
//! the cap (mean, or upper 95% bound under `lower`), so the answer never
//! exceeds it where the cap is reachable.
//!
//! # Warm-up intervals
//! Intervals inside `[simulation] warmup_minutes` exist only to bring the
//! center to its usual state: they keep the file's agents and are not
//! judged, but they are simulated before every interval that is.
//!
//! # Infeasible intervals
//! Each interval has a cap (`max_agents`, by default 10 times its start value
//! plus 50). An interval that misses its targets even at the cap is
//! infeasible (e.g. calls routed to a partner that is too small, or a cap set
//! too low); it gets the smallest staffing whose figures equal those at the
//! cap (service level and abandonment within 0.1 point, ASA within 1% or
//! 0.5 s): more agents would not help. The search never loops: every step
//! either moves towards a bound it has already tested or doubles.

use std::collections::HashMap;
use std::rc::Rc;

use super::erlang::{interval_input, requirements};
use super::evaluate::{evaluate, evaluate_span, CheckpointSet, Evaluation, IntervalStats};
use super::{Criterion, SimTargets, TargetSet};
use crate::model::CallCenter;
use crate::scenario::ValidScenario;

/// Largest staffing the search will ever try (the scenario format's limit).
pub const AGENT_LIMIT: u32 = 1_000_000;

/// How to staff.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffOptions {
    /// Index of the group to staff.
    pub group: usize,
    /// What "meets" means.
    pub criterion: Criterion,
    /// Replications per evaluation (the same indices, `0..replications`, every time).
    pub replications: u32,
    /// Cap on the group's agents in every interval; `None`: 10 x start + 50.
    pub max_agents: Option<u32>,
    /// Passes over the day at most (the first included).
    pub max_passes: usize,
}

/// The outcome of one interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every target is met at the final staffing.
    Met,
    /// No staffing up to the cap meets the targets.
    Infeasible,
    /// Feasible, but the final staffing misses a target (the stabilising passes or the check ran out).
    NotMet,
    /// A warm-up interval: not staffed (the file's agents are kept) and not judged.
    Warmup,
}

impl Status {
    /// The spelling in reports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Infeasible => "infeasible",
            Status::NotMet => "not met",
            Status::Warmup => "warm-up",
        }
    }
}

/// The staffing of one interval, with the formulas' answers beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalPlan {
    /// Offered load, Erlangs.
    pub offered_load: f64,
    /// Erlang C requirement (all groups together, agents of standard speed).
    pub erlang_c: Option<u32>,
    /// Erlang A requirement (all groups together, agents of standard speed).
    pub erlang_a: Option<u32>,
    /// Agents of the other groups in this interval.
    pub other_agents: u32,
    /// Where the search started for the group.
    pub start: u32,
    /// The cap of the search for the group.
    pub cap: u32,
    /// The group's final staffing.
    pub agents: u32,
    /// Whether the final staffing meets the targets.
    pub status: Status,
    /// Simulated figures at the final staffing (whole horizon simulated).
    pub stats: IntervalStats,
    /// Simulated occupancy of the staffed group at the final staffing.
    pub occupancy: crate::stats::Estimate,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffPlan {
    /// One per interval of the horizon (warm-up included).
    pub intervals: Vec<IntervalPlan>,
    /// Passes made.
    pub passes: usize,
    /// Whether the last pass changed nothing.
    pub converged: bool,
    /// Distinct staffings simulated.
    pub evaluations: u64,
    /// Call attempts simulated in all.
    pub simulated_calls: u64,
    /// The scenario with the group's agents replaced by the answer.
    pub staffed: ValidScenario,
    /// Per call type (type order), one per interval: the type's simulated
    /// figures at the final staffing. Empty without `[[call_types]]`.
    pub types: Vec<Vec<IntervalStats>>,
    /// Per interval: the call types (indices) that bind (see the module
    /// documentation). All empty without `[[call_types]]`.
    pub binding: Vec<Vec<usize>>,
    /// Per interval, per group (file order): simulated occupancy at the
    /// final staffing.
    pub group_occupancy: Vec<Vec<crate::stats::Estimate>>,
}

/// Searches the fewest agents of `opts.group` per interval meeting the
/// targets of `sc` (see the module documentation). `sc` must be valid and
/// `opts.group` one of its groups.
pub fn staff(sc: &ValidScenario, opts: &StaffOptions) -> StaffPlan {
    let mut s = Search::new(sc, opts);
    s.run()
}

/// Like [`staff`], with targets of its own for each interval (`goals`, one
/// per interval, judged on all calls under `opts.criterion`, occupancy cap
/// included) instead of the scenario's, and at least `floor[k]` agents in
/// interval `k` (besides the group's `min_agents`). The break-even search
/// uses it to match, interval by interval, the service reached with a
/// partner.
pub fn staff_to(
    sc: &ValidScenario,
    opts: &StaffOptions,
    goals: &[SimTargets],
    floor: &[u32],
) -> StaffPlan {
    let mut s = Search::new(sc, opts);
    for (k, f) in floor.iter().enumerate().take(s.n) {
        s.floor[k] = s.floor[k].max(*f);
        s.cap[k] = s.cap[k].max(s.floor[k]);
        s.start[k] = s.start[k].clamp(s.floor[k], s.cap[k]);
    }
    s.goals = Some(goals.to_vec());
    s.run()
}

struct Search<'a> {
    base: &'a ValidScenario,
    opts: &'a StaffOptions,
    targets: TargetSet,
    n: usize,
    start: Vec<u32>,
    cap: Vec<u32>,
    /// The group's `min_agents` per interval: the search never goes below.
    floor: Vec<u32>,
    /// Targets per interval replacing the scenario's ([`staff_to`]).
    goals: Option<Vec<SimTargets>>,
    cache: HashMap<Vec<u32>, Rc<Evaluation>>,
    /// Whether replications can be resumed from checkpoints (no shift groups).
    resumable: bool,
    /// Per replication, the state at the opening of interval `key.len()`
    /// with the group staffed by `key` before it, and when it was last used.
    checkpoints: HashMap<Vec<u32>, (Rc<CheckpointSet>, u64)>,
    /// Uses of `checkpoints` so far (the clock of its eviction).
    uses: u64,
    evaluations: u64,
    calls: u64,
}

/// Checkpoint sets kept at most (the least recently used go first): enough
/// for the accepted candidate of one interval's search to be there when the
/// next interval's search starts.
const CHECKPOINT_SETS: usize = 12;

/// Result of searching one interval.
struct Found {
    agents: u32,
    infeasible: bool,
}

impl<'a> Search<'a> {
    fn new(base: &'a ValidScenario, opts: &'a StaffOptions) -> Self {
        let n = base.horizon.intervals;
        let g = opts.group;
        let factor = base.groups[g].handle_time_factor;
        let mut start = Vec::with_capacity(n);
        let mut cap = Vec::with_capacity(n);
        for k in 0..n {
            let (_, a) = requirements(base, k);
            let need = match a {
                Some(f) => f64::from(f.agents),
                None => interval_input(base, k).load().ceil() + 1.0,
            };
            let others: f64 = base
                .groups
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != g)
                .map(|(_, o)| f64::from(o.agents[k]) / o.handle_time_factor)
                .sum();
            let own = ((need - others).max(0.0) * factor).ceil();
            let own = own.min(f64::from(AGENT_LIMIT)) as u32;
            let floor = base.groups[g].min_agents.get(k).copied().unwrap_or(0);
            let c = opts
                .max_agents
                .unwrap_or_else(|| own.saturating_mul(10).saturating_add(50))
                .min(AGENT_LIMIT)
                .max(floor);
            start.push(own.clamp(floor, c));
            cap.push(c);
        }
        let floor = (0..n)
            .map(|k| base.groups[g].min_agents.get(k).copied().unwrap_or(0))
            .collect();
        Search {
            base,
            opts,
            targets: TargetSet::of(base),
            n,
            start,
            cap,
            floor,
            goals: None,
            cache: HashMap::new(),
            resumable: CallCenter::new(base).can_resume(),
            checkpoints: HashMap::new(),
            uses: 0,
            evaluations: 0,
            calls: 0,
        }
    }

    /// Figures of the horizon truncated to `staffing.len()` intervals with
    /// the group staffed by `staffing` (memoised). Each replication resumes
    /// from the latest checkpoint whose staffing before it is `staffing`'s,
    /// and leaves checkpoints at the openings of the last two intervals.
    fn eval(&mut self, staffing: &[u32]) -> Rc<Evaluation> {
        if let Some(e) = self.cache.get(staffing) {
            return Rc::clone(e);
        }
        let end = staffing.len();
        let mut sc = self.base.clone();
        sc.horizon.warmup_intervals = 0;
        sc.groups[self.opts.group].agents[..end].copy_from_slice(staffing);
        let e = if self.resumable {
            self.uses += 1;
            let uses = self.uses;
            let from = (1..end).rev().find_map(|j| {
                let (set, used) = self.checkpoints.get_mut(&staffing[..j])?;
                *used = uses;
                Some((j, Rc::clone(set)))
            });
            let after = from.as_ref().map_or(0, |(j, _)| *j);
            let save: Vec<usize> = [end.saturating_sub(2), end - 1]
                .into_iter()
                .filter(|&j| j > after)
                .collect();
            let (e, sets) = evaluate_span(
                &sc,
                self.opts.replications,
                end,
                from.as_ref().map(|(_, set)| &**set),
                &save,
            );
            self.keep(staffing, sets);
            e
        } else {
            sc.horizon.intervals = end;
            evaluate(&sc, self.opts.replications)
        };
        let e = Rc::new(e);
        self.evaluations += 1;
        self.calls += e.calls;
        self.cache.insert(staffing.to_vec(), Rc::clone(&e));
        e
    }

    /// Keeps the checkpoint sets of a run staffed by `staffing`, evicting
    /// the least recently used beyond [`CHECKPOINT_SETS`].
    fn keep(&mut self, staffing: &[u32], sets: Vec<CheckpointSet>) {
        for set in sets {
            self.uses += 1;
            self.checkpoints.insert(
                staffing[..set.interval()].to_vec(),
                (Rc::new(set), self.uses),
            );
        }
        while self.checkpoints.len() > CHECKPOINT_SETS {
            let oldest = self
                .checkpoints
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                self.checkpoints.remove(&k);
            }
        }
    }

    /// Whether interval `k` of `e` meets the targets.
    fn meets(&self, e: &Evaluation, k: usize) -> bool {
        match &self.goals {
            Some(g) => {
                e.intervals[k].meets(&g[k], self.opts.criterion)
                    && e.occupancy_meets(k, g[k].max_occupancy, self.opts.criterion)
            }
            None => e.meets(k, &self.targets, self.opts.criterion),
        }
    }

    /// The call types missing their targets in interval `k` of `e`.
    fn missing(&self, e: &Evaluation, k: usize) -> Vec<usize> {
        if self.goals.is_some() {
            return Vec::new();
        }
        match &self.targets {
            TargetSet::Whole(_) => Vec::new(),
            TargetSet::PerType(ts) => e.missing_types(k, ts, self.opts.criterion).collect(),
        }
    }

    /// The call types that bind interval `k` at staffing `s` (horizon up to
    /// `end`, intervals flagged in `check` judged too): those missing with
    /// one agent fewer in `k`, in `k` itself or else in a checked interval.
    fn binding_at(&mut self, s: &[u32], k: usize, end: usize, check: &[bool]) -> Vec<usize> {
        if matches!(self.targets, TargetSet::Whole(_)) || self.goals.is_some() || s[k] == 0 {
            return Vec::new();
        }
        let mut trial = s[..end].to_vec();
        trial[k] -= 1;
        let e = self.eval(&trial);
        let own = self.missing(&e, k);
        if !own.is_empty() {
            return own;
        }
        let mut all: Vec<usize> = (0..end)
            .filter(|&j| j != k && check[j])
            .flat_map(|j| self.missing(&e, j))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// With `n` agents in `k` (others as in `s`, horizon up to `end`):
    /// (`k` meets, `k` and every interval flagged in `check` meet).
    fn try_staffing(
        &mut self,
        s: &[u32],
        k: usize,
        n: u32,
        end: usize,
        check: &[bool],
    ) -> (bool, bool) {
        let mut trial = s[..end].to_vec();
        trial[k] = n;
        let e = self.eval(&trial);
        let own = self.meets(&e, k);
        // With goals of its own (matching a service exactly, no slack) the
        // look-ahead interval of a truncated horizon is not judged: it
        // drains with its own staffing instead of the next interval's.
        let lookahead = |j: usize| self.goals.is_some() && j + 1 == end && end < self.n;
        let all = own && (0..end).all(|j| j == k || !check[j] || lookahead(j) || self.meets(&e, j));
        (own, all)
    }

    /// The fewest agents for interval `k`, starting from `s[k]`.
    fn search(&mut self, s: &[u32], k: usize, end: usize, check: &[bool]) -> Found {
        let cap = self.cap[k];
        let floor = self.floor[k];
        let n0 = s[k].clamp(floor, cap);
        let ok = |me: &mut Self, n: u32| me.try_staffing(s, k, n, end, check).1;
        let (mut bad, mut good) = if ok(self, n0) {
            let mut good = n0;
            let mut step = 1u32;
            loop {
                if good <= floor {
                    return Found {
                        agents: good,
                        infeasible: false,
                    };
                }
                let cand = good.saturating_sub(step).max(floor);
                if ok(self, cand) {
                    good = cand;
                    step = step.saturating_mul(2);
                } else {
                    break (cand, good);
                }
            }
        } else {
            let mut bad = n0;
            let mut step = 1u32;
            loop {
                if bad >= cap {
                    return self.saturation(s, k, end);
                }
                let cand = bad.saturating_add(step).min(cap);
                let (own, all) = self.try_staffing(s, k, cand, end, check);
                if all {
                    break (bad, cand);
                }
                if cand >= cap && own {
                    // The interval itself meets at the cap; only an earlier
                    // one misses: keep the cap, the final check will report it.
                    return Found {
                        agents: cap,
                        infeasible: false,
                    };
                }
                bad = cand;
                step = step.saturating_mul(2);
            }
        };
        while good - bad > 1 {
            let mid = bad + (good - bad) / 2;
            if ok(self, mid) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        Found {
            agents: good,
            infeasible: false,
        }
    }

    /// Interval `k` misses its targets even at the cap: the smallest
    /// staffing whose figures equal those at the cap.
    fn saturation(&mut self, s: &[u32], k: usize, end: usize) -> Found {
        let cap = self.cap[k];
        // Service level, abandonment and ASA of the interval, then of each
        // call type's calls when the scenario declares types.
        let figures = |me: &mut Self, n: u32| {
            let mut trial = s[..end].to_vec();
            trial[k] = n;
            let e = me.eval(&trial);
            std::iter::once(&e.intervals[k])
                .chain(e.types.iter().map(|t| &t[k]))
                .map(|st| [st.service_level().mean, st.abandon().mean, st.asa().mean])
                .collect::<Vec<[f64; 3]>>()
        };
        let top = figures(self, cap);
        let same = |xs: Vec<[f64; 3]>| {
            let near = |a: f64, b: f64, tol: f64| a == b || (a - b).abs() <= tol;
            xs.iter().zip(&top).all(|(x, top)| {
                near(x[0], top[0], 1e-3)
                    && near(x[1], top[1], 1e-3)
                    && near(x[2], top[2], (0.01 * top[2].abs()).max(0.5))
            })
        };
        let floor = self.floor[k];
        let (mut bad, mut good) = (floor, cap);
        if same(figures(self, floor)) {
            good = floor;
        }
        while good > bad + 1 {
            let mid = bad + (good - bad) / 2;
            if same(figures(self, mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        Found {
            agents: good,
            infeasible: true,
        }
    }

    /// The neighbours' staffing that interval `k`'s decision depends on most.
    fn context(s: &[u32], k: usize, end: usize) -> Vec<u32> {
        let from = k.saturating_sub(1);
        (from..end).filter(|&j| j != k).map(|j| s[j]).collect()
    }

    fn run(&mut self) -> StaffPlan {
        let n = self.n;
        let warmup = self.base.horizon.warmup_intervals;
        let mut s = self.start.clone();
        s[..warmup].copy_from_slice(&self.base.groups[self.opts.group].agents[..warmup]);
        let mut decided: Vec<Option<Vec<u32>>> = vec![None; n];
        // Warm-up intervals are neither staffed nor judged.
        let mut infeasible: Vec<bool> = (0..n).map(|k| k < warmup).collect();
        let mut binding: Vec<Vec<usize>> = vec![Vec::new(); n];
        let (mut passes, mut converged) = (0, false);
        for pass in 0..self.opts.max_passes.max(1) {
            passes = pass + 1;
            let mut changed = false;
            for k in 0..n {
                if infeasible[k] {
                    continue;
                }
                let end = n.min(k + 2);
                if pass == 0 {
                    if k > warmup && !infeasible[k - 1] {
                        let offset = i64::from(s[k - 1]) - i64::from(self.start[k - 1]);
                        for (j, slot) in s.iter_mut().enumerate().take(end).skip(k + 1) {
                            let guess = (i64::from(self.start[j]) + offset).max(0);
                            *slot = guess.min(i64::from(self.cap[j])) as u32;
                        }
                    }
                } else if decided[k].as_deref() == Some(&Self::context(&s, k, end)[..]) {
                    continue;
                }
                let check: Vec<bool> = (0..n)
                    .map(|j| j != k && decided[j].is_some() && !infeasible[j])
                    .collect();
                let found = self.search(&s, k, end, &check);
                infeasible[k] = found.infeasible;
                changed |= s[k] != found.agents;
                s[k] = found.agents;
                if !found.infeasible {
                    binding[k] = self.binding_at(&s, k, end, &check);
                }
                decided[k] = Some(Self::context(&s, k, end));
            }
            if pass > 0 && !changed {
                converged = true;
                break;
            }
        }
        // Whole-horizon check, adding agents where a feasible interval misses.
        let mut fixes = 0;
        let final_eval = loop {
            let e = self.eval(&s);
            let fixable =
                (0..n).find(|&k| !infeasible[k] && s[k] < self.cap[k] && !self.meets(&e, k));
            match fixable {
                Some(k) if fixes < 2 * n => {
                    binding[k] = self.missing(&e, k);
                    s[k] += 1;
                    fixes += 1;
                }
                _ => break e,
            }
        };
        let mut staffed = self.base.clone();
        staffed.groups[self.opts.group].agents = s.clone();
        let g = self.opts.group;
        let intervals = (0..n)
            .map(|k| {
                let (c, a) = requirements(self.base, k);
                let stats = final_eval.intervals[k];
                let status = if k < warmup {
                    Status::Warmup
                } else if self.meets(&final_eval, k) {
                    Status::Met
                } else if infeasible[k] {
                    Status::Infeasible
                } else {
                    Status::NotMet
                };
                IntervalPlan {
                    offered_load: self.base.offered_load(k),
                    erlang_c: c.map(|f| f.agents),
                    erlang_a: a.map(|f| f.agents),
                    other_agents: self
                        .base
                        .groups
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != g)
                        .map(|(_, o)| o.agents[k])
                        .sum(),
                    start: self.start[k],
                    cap: self.cap[k],
                    agents: s[k],
                    status,
                    stats,
                    occupancy: final_eval.group_occupancy(k, g),
                }
            })
            .collect();
        for (k, b) in binding.iter_mut().enumerate() {
            if k < warmup {
                b.clear();
            } else if !self.meets(&final_eval, k) {
                *b = self.missing(&final_eval, k);
            }
        }
        StaffPlan {
            intervals,
            passes,
            converged,
            evaluations: self.evaluations,
            simulated_calls: self.calls,
            staffed,
            types: final_eval.types.clone(),
            binding,
            group_occupancy: final_eval
                .occupancy
                .iter()
                .map(|gs| gs.iter().map(|a| a.estimate()).collect())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::SimTargets;
    use crate::scenario::{parse, validate};

    fn scenario(text: &str) -> ValidScenario {
        validate(&parse(text).unwrap()).unwrap()
    }

    const SMALL: &str = r#"
name = "small"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
[arrivals]
calls_per_hour = [120, 240, 240, 60]
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "team"
agents = 1
"#;

    fn opts(criterion: Criterion) -> StaffOptions {
        StaffOptions {
            group: 0,
            criterion,
            replications: 40,
            max_agents: None,
            max_passes: 4,
        }
    }

    #[test]
    fn every_interval_meets_and_one_less_does_not() {
        let sc = scenario(SMALL);
        let o = opts(Criterion::Mean);
        let plan = staff(&sc, &o);
        let targets = SimTargets::of(&sc);
        for (k, p) in plan.intervals.iter().enumerate() {
            assert_eq!(p.status, Status::Met, "interval {k}");
            assert!(p.stats.meets(&targets, Criterion::Mean));
            // One agent fewer in k breaks k or a neighbour (same replications).
            if p.agents > 0 {
                let mut less = plan.staffed.clone();
                less.groups[0].agents[k] -= 1;
                let e = evaluate(&less, o.replications);
                let lo = k.saturating_sub(1);
                let hi = (k + 1).min(sc.horizon.intervals - 1);
                assert!(
                    (lo..=hi).any(|j| !e.intervals[j].meets(&targets, Criterion::Mean)),
                    "interval {k}: {} agents minus one still meets",
                    p.agents
                );
            }
        }
        // Deterministic: the same answer twice.
        assert_eq!(staff(&sc, &o).staffed, plan.staffed);
    }

    #[test]
    fn lower_bound_needs_at_least_as_many() {
        let sc = scenario(SMALL);
        let mean = staff(&sc, &opts(Criterion::Mean));
        let lower = staff(&sc, &opts(Criterion::Lower));
        let total = |p: &StaffPlan| p.intervals.iter().map(|i| i.agents).sum::<u32>();
        assert!(total(&lower) >= total(&mean));
        for p in &lower.intervals {
            assert_eq!(p.status, Status::Met);
            assert!(p.stats.service_level().ci95[0] >= 0.8);
        }
    }

    #[test]
    fn a_cap_makes_intervals_infeasible_without_looping() {
        let sc = scenario(SMALL);
        let mut o = opts(Criterion::Mean);
        o.max_agents = Some(3);
        let plan = staff(&sc, &o);
        // 240 calls/h x 180 s = 12 Erlangs cannot be served by 3 agents.
        assert_eq!(plan.intervals[1].status, Status::Infeasible);
        assert!(plan.intervals.iter().all(|p| p.agents <= 3));
    }
}
