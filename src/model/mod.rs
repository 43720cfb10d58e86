//! The call-center model: arrivals, waiting lines, agent groups with their
//! schedules, routing and overflow, abandonment, retrials and trunk lines.
//! It runs one replication at a time on the [`crate::engine`] and records
//! what happens in a [`Tally`]; it does no I/O.
//!
//! # Mechanisms (the rules users can rely on)
//! - **Arrivals** are Poisson with a rate that is constant within an
//!   interval; at a boundary the next gap is drawn afresh at the new rate,
//!   which is exact because the exponential is memoryless. With
//!   `forecast_cv > 0` every rate of the day is multiplied by one draw from a
//!   Gamma distribution with mean 1 and that coefficient of variation.
//! - **Common random numbers**: each call's handle time and patience are
//!   drawn when it arrives, from streams of their own, whether it waits or not.
//! - **Trunk lines**: an arriving call needs a free line, or it is blocked.
//!   It holds the line while it waits and while it talks to an in-house
//!   agent; answered by an `outsourced` group it frees the line at once.
//! - **Routing on arrival**: a call arriving inside an `hours` window of a
//!   group belongs to that group alone; otherwise one uniform draw decides
//!   whether a `share` group takes it alone; otherwise it is a general call.
//!   A general call goes to the first group in routing order (file order, or
//!   larger group `priority` first) that is eligible at once (no rule, or
//!   `overflow_after_seconds = 0`) and has an idle agent.
//! - **Skills**: only groups that serve a call's type take part in any of
//!   this, each with its rule and handle-time factor for that type (see
//!   docs/routing.md); waiting lines are kept per (type, group) for
//!   dedicated calls and per type for general calls.
//! - **Waiting**: a call that finds no idle eligible agent waits. A general
//!   call becomes eligible for an overflow group when it has waited that
//!   group's delay; at that instant it is taken if the group has an idle agent.
//! - **A freed agent** takes, among the calls it is eligible for, the one of
//!   highest call-type priority, then the longest waiting (non-preemptive);
//!   with `discipline = "longest_wait"` the longest waiting. Staffing
//!   changes at a boundary are served to groups in routing order.
//! - **Staffing** changes at interval boundaries, groups in file order take
//!   waiting calls at once if they gained agents; an agent whose shift ends
//!   finishes the call in hand first (no call is cut off).
//! - **Abandonment**: a waiting call hangs up when its patience runs out.
//! - **Retrials**: an abandoned or blocked caller calls again with the given
//!   probability after an exponential delay, as a new attempt with the same
//!   handle time and a fresh patience; a retrial that would fall while the
//!   center is closed between two days is made at the next opening, one
//!   that would fall after the horizon end is not made (the caller is lost).
//! - **Days**: a multi-day horizon is one continuous run (interval start
//!   times from [`crate::scenario::Horizon::interval_start`]); nothing is
//!   reset between days.
//! - **Close**: arrivals stop at each close (and at the horizon end); the
//!   center drains with the last interval's staffing until the next opening.
//!   A call still waiting when nothing is left to happen (no agent can ever
//!   take it) counts as abandoned at that moment.
//! - **Per-group service level** (what an outsourcing contract measures): a
//!   call a group answers counts as within that group's threshold (its
//!   contract's, else the scenario's) when its wait minus the group's
//!   overflow delay (0 for other routes) is at most the threshold.
//! - **Attribution**: every call figure goes to the interval in which the
//!   attempt arrived; queue length and occupancy are time averages over the
//!   interval itself. Ties at the same instant: a boundary first, then
//!   scheduled events in the order they were scheduled, then arrivals.

mod checkpoint;
mod queue;
mod shifts;

pub use checkpoint::Checkpoint;

use queue::{Calls, NIL};
use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma};
use shifts::{AgentEvent, ShiftAgents, Wake, NO_AGENT};

use crate::dist::{Dist, Sampler};
use crate::engine::EventQueue;
use crate::rng::{stream, Source, Stream};
use crate::scenario::{Discipline, Route, SlDefinition, ValidScenario};
use crate::stats::tally::Tally;

/// Events the model schedules on the engine.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// An agent of `group` finishes a call of type `ty`; `line` if the call
    /// held a trunk line.
    /// `agent` is the individual of a shift group ([`NO_AGENT`] otherwise).
    Complete {
        group: u16,
        ty: u16,
        line: bool,
        agent: u32,
    },
    /// An agent of shift group `group` has a step due (module `shifts`).
    Agent {
        group: u16,
        agent: u32,
        kind: AgentEvent,
    },
    /// A waiting call's patience runs out.
    Abandon { slot: u32, generation: u32 },
    /// The caller of an answered call hangs up and frees its trunk line while
    /// the agent goes on with after-call work.
    LineFree,
    /// A waiting general call becomes eligible for overflow group `group`.
    Overflow {
        slot: u32,
        generation: u32,
        group: u16,
    },
    /// A caller tries again.
    Retrial { slot: u32, generation: u32 },
}

/// Where the event loop of a replication stands between interval openings.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    /// Time of the next boundary (an interval's end or opening).
    next_boundary: f64,
    /// The next interval to open.
    next_k: usize,
}

/// Work done by one replication, for throughput figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Call attempts simulated.
    pub calls: u64,
    /// Events processed (arrivals, boundaries and scheduled events).
    pub events: u64,
}

/// How a call attempt ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Answered by an agent of `group` after the wait; the agent spent
    /// `handle` seconds on it (the group's handle-time factor applied).
    Answered {
        /// Index of the group in file order.
        group: u16,
        /// Handle time in seconds.
        handle: f64,
    },
    /// Hung up while waiting.
    Abandoned,
    /// Still waiting when nothing was left to happen (no agent could take it).
    Unserved,
    /// Found every line busy.
    Blocked,
}

/// One call attempt as a call log would show it. Times are simulation
/// seconds from the horizon start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    /// Caller number within the replication (shared by a caller's retrials).
    pub caller: u32,
    /// Call type index.
    pub call_type: u16,
    /// Arrival time of this attempt.
    pub arrival: f64,
    /// Interval of arrival.
    pub interval: u32,
    /// Seconds waited (0 for blocked calls).
    pub wait: f64,
    /// Whether this attempt is a retrial.
    pub retrial: bool,
    /// How it ended.
    pub outcome: Outcome,
}

/// Receives every finished call attempt of a replication, in the order the
/// attempts end. `()` ignores them at no cost.
pub trait Observer {
    /// Called once per attempt when its outcome is known.
    fn call_ended(&mut self, record: &CallRecord);
}

impl Observer for () {
    #[inline]
    fn call_ended(&mut self, _: &CallRecord) {}
}

impl<F: FnMut(&CallRecord)> Observer for F {
    #[inline]
    fn call_ended(&mut self, record: &CallRecord) {
        self(record)
    }
}

/// Where a replication's observations go: the tally and the observer.
struct Recorder<'a, O> {
    tally: &'a mut Tally,
    observer: &'a mut O,
}

impl<O: Observer> Recorder<'_, O> {
    #[inline]
    fn record(&mut self, c: &queue::Call, wait: f64, outcome: Outcome) {
        self.observer.call_ended(&CallRecord {
            caller: c.caller,
            call_type: c.ty,
            arrival: c.arrival,
            interval: c.interval,
            wait,
            retrial: c.retrial,
            outcome,
        });
    }
}

/// The random streams of one replication.
#[derive(Debug, Clone)]
struct Streams {
    arrivals: Vec<Stream>,
    handle: Vec<Stream>,
    wrap: Vec<Stream>,
    patience: Vec<Stream>,
    routing: Stream,
    retrials: Stream,
}

/// How calls of one type reach the groups (built once from the skills).
#[derive(Debug, Clone, Default)]
struct TypeRoutes {
    /// Share groups with their cumulative share, in file order.
    share: Vec<(u16, f64)>,
    /// Hours groups with their windows, in routing order.
    hours: Vec<(u16, Vec<(f64, f64)>)>,
    /// Overflow groups with a positive delay, in routing order.
    overflow: Vec<(u16, f64)>,
    /// Groups that take a general call at once, in routing order.
    immediate: Vec<u16>,
}

/// A waiting line a free agent of some group may take calls from.
#[derive(Debug, Clone, Copy)]
struct Feed {
    /// Priority of the line's call type (0 for all under `longest_wait`).
    priority: i32,
    /// The line.
    line: u32,
    /// Seconds its head must have waited before this group may take it.
    after: f64,
}

/// A reusable simulator of one scenario: create it once per thread and call
/// [`CallCenter::run`] for each replication.
pub struct CallCenter<'s> {
    sc: &'s ValidScenario,
    handle: Vec<Sampler>,
    /// Per call type, a handle-time sampler per interval where the scenario
    /// gives handle time per interval (empty: `handle` in every interval).
    handle_by_interval: Vec<Vec<Sampler>>,
    /// Per call type, the after-call work sampler (`None`: none).
    wrap: Vec<Option<Sampler>>,
    /// Per call type, an after-call work sampler per interval (empty: `wrap`).
    wrap_by_interval: Vec<Vec<Sampler>>,
    /// Whether any call type has after-call work.
    any_wrap: bool,
    patience: Vec<Sampler>,
    /// Routing tables per call type.
    routes: Vec<TypeRoutes>,
    /// Per group: the lines its free agents take calls from.
    sources: Vec<Vec<Feed>>,
    /// Groups in routing order (for staffing changes).
    order: Vec<usize>,
    /// Handle-time factor, indexed `group * types + type`.
    factor: Vec<f64>,
    /// Service-level threshold per call type.
    threshold: Vec<f64>,
    /// Whether per-type queue length and agent time are tallied.
    per_type: bool,
    /// Calls waiting per call type (kept when `per_type`).
    waiting_by_type: Vec<u32>,
    /// Busy agents, indexed `type * groups + group` (kept when `per_type`).
    busy_by_type: Vec<u32>,
    short_abandon: f64,
    /// Per group: (overflow delay, threshold) of its own service level, the
    /// one a contract measures (see [`GroupCounts::handled_within`]).
    ///
    /// [`GroupCounts::handled_within`]: crate::stats::tally::GroupCounts::handled_within
    group_sla: Vec<(f64, f64)>,
    events: EventQueue<Event>,
    calls: Calls,
    busy: Vec<u32>,
    staffed: Vec<u32>,
    waiting: u32,
    lines_used: u32,
    interval: usize,
    last_change: f64,
    rates: Vec<f64>,
    /// Simulation time each interval starts and ends (the horizon's calendar).
    starts: Vec<f64>,
    ends: Vec<f64>,
    /// Forecast multiplier of each open day of the current replication.
    day_multiplier: Vec<f64>,
    /// Per group with absenteeism: `absent[g][i]` is how many of the day's
    /// first `i` planned agents are absent (redrawn at each day's opening).
    absent: Vec<Vec<u32>>,
    /// The replication being simulated (for the per-day absence streams).
    replication: u64,
    next_arrival: Vec<f64>,
    callers: u32,
    work: Work,
    /// Individual agents of the groups staffed by shifts.
    agents: ShiftAgents,
}

impl<'s> CallCenter<'s> {
    /// Prepares samplers and routing tables for `sc`.
    pub fn new(sc: &'s ValidScenario) -> Self {
        let n_types = sc.types.len();
        let n_groups = sc.groups.len();
        let order = sc.routing_order();
        let mut routes = vec![TypeRoutes::default(); n_types];
        for (ty, r) in routes.iter_mut().enumerate() {
            let mut cumulative = 0.0;
            for (g, group) in sc.groups.iter().enumerate() {
                if let Some(Route::Share { share }) = group.skill(ty).map(|s| &s.route) {
                    cumulative += share;
                    r.share.push((g as u16, cumulative));
                }
            }
            for &g in &order {
                let Some(skill) = sc.groups[g].skill(ty) else {
                    continue;
                };
                let g16 = g as u16;
                match &skill.route {
                    Route::Primary => r.immediate.push(g16),
                    Route::Overflow { after } if *after <= 0.0 => r.immediate.push(g16),
                    Route::Overflow { after } => r.overflow.push((g16, *after)),
                    Route::Share { .. } => {}
                    Route::Hours { windows } => r.hours.push((g16, windows.clone())),
                }
            }
        }
        let lines_per_type = n_groups + 1;
        let sources = sc
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                group
                    .skills
                    .iter()
                    .map(|skill| {
                        let ty = skill.call_type;
                        let priority = match sc.discipline {
                            Discipline::Priority => sc.types[ty].priority,
                            Discipline::LongestWait => 0,
                        };
                        let (line, after) = match skill.route {
                            Route::Primary => (n_groups, 0.0),
                            Route::Overflow { after } => (n_groups, after),
                            Route::Share { .. } | Route::Hours { .. } => (g, 0.0),
                        };
                        Feed {
                            priority,
                            line: (ty * lines_per_type + line) as u32,
                            after,
                        }
                    })
                    .collect()
            })
            .collect();
        let mut factor = vec![1.0; n_groups * n_types];
        for (g, group) in sc.groups.iter().enumerate() {
            for skill in &group.skills {
                factor[g * n_types + skill.call_type] = skill.handle_time_factor;
            }
        }
        let short_abandon = match sc.service_level.definition {
            SlDefinition::ExcludeShortAbandons(s) => s,
            _ => 0.0,
        };
        CallCenter {
            sc,
            handle: sc.types.iter().map(|t| t.handle_time.sampler()).collect(),
            handle_by_interval: sc
                .types
                .iter()
                .map(|t| t.handle_by_interval.iter().map(Dist::sampler).collect())
                .collect(),
            wrap: sc
                .types
                .iter()
                .map(|t| t.wrap_up.as_ref().map(Dist::sampler))
                .collect(),
            wrap_by_interval: sc
                .types
                .iter()
                .map(|t| t.wrap_by_interval.iter().map(Dist::sampler).collect())
                .collect(),
            any_wrap: sc.types.iter().any(|t| t.wrap_up.is_some()),
            patience: sc.types.iter().map(|t| t.patience.sampler()).collect(),
            routes,
            sources,
            order,
            factor,
            threshold: sc.types.iter().map(|t| t.service_level.threshold).collect(),
            per_type: sc.declared_types,
            waiting_by_type: vec![0; n_types],
            busy_by_type: vec![0; n_types * n_groups],
            short_abandon,
            group_sla: sc
                .groups
                .iter()
                .map(|g| {
                    let delay = match g.route {
                        Route::Overflow { after } => after,
                        _ => 0.0,
                    };
                    let sla = g.contract.as_ref().and_then(|k| k.sla);
                    let threshold = sla.map_or(sc.service_level.threshold, |s| s.threshold);
                    (delay, threshold)
                })
                .collect(),
            events: EventQueue::default(),
            calls: Calls::default(),
            busy: vec![0; n_groups],
            staffed: vec![0; n_groups],
            waiting: 0,
            lines_used: 0,
            interval: 0,
            last_change: 0.0,
            rates: vec![0.0; n_types],
            starts: (0..sc.horizon.intervals)
                .map(|k| sc.horizon.interval_start(k))
                .collect(),
            ends: (0..sc.horizon.intervals)
                .map(|k| sc.horizon.interval_end(k))
                .collect(),
            day_multiplier: vec![1.0; sc.horizon.open_days()],
            absent: vec![Vec::new(); n_groups],
            replication: 0,
            next_arrival: vec![f64::INFINITY; n_types],
            callers: 0,
            work: Work::default(),
            agents: ShiftAgents::new(sc),
        }
    }

    /// A tally of the right shape for this scenario.
    pub fn new_tally(&self) -> Tally {
        Tally::new(
            self.sc.types.len(),
            self.sc.horizon.intervals,
            self.sc.groups.len(),
        )
    }

    /// Simulates replication `replication` (a whole day, drained) into `tally`,
    /// which is cleared first. The result depends only on the scenario, its
    /// seed and `replication`.
    pub fn run(&mut self, replication: u64, tally: &mut Tally) -> Work {
        self.run_observed(replication, tally, &mut ())
    }

    /// Like [`CallCenter::run`], and tells `observer` how every call attempt
    /// ended (for call logs, satisfaction scores and other per-call figures).
    pub fn run_observed<O: Observer>(
        &mut self,
        replication: u64,
        tally: &mut Tally,
        observer: &mut O,
    ) -> Work {
        let mut rng = self.begin(replication, tally);
        let out = &mut Recorder { tally, observer };
        let n = self.sc.horizon.intervals;
        let mut cursor = self.open(&mut rng, out);
        self.simulate(&mut cursor, n, &[], 0, &mut Vec::new(), &mut rng, out);
        self.close(out);
        self.work
    }

    /// Prepares replication `replication`: its streams, its forecast
    /// multipliers, an empty center and a cleared `tally`.
    fn begin(&mut self, replication: u64, tally: &mut Tally) -> Streams {
        let sc = self.sc;
        let seed = sc.seed;
        let n_types = sc.types.len();
        let rng = Streams {
            arrivals: (0..n_types)
                .map(|t| stream(seed, replication, Source::Arrivals, t as u32))
                .collect(),
            handle: (0..n_types)
                .map(|t| stream(seed, replication, Source::HandleTimes, t as u32))
                .collect(),
            wrap: if self.any_wrap {
                (0..n_types)
                    .map(|t| stream(seed, replication, Source::WrapUp, t as u32))
                    .collect()
            } else {
                Vec::new()
            },
            patience: (0..n_types)
                .map(|t| stream(seed, replication, Source::Patience, t as u32))
                .collect(),
            routing: stream(seed, replication, Source::Routing, 0),
            retrials: stream(seed, replication, Source::Retrials, 0),
        };
        tally.clear();
        if sc.forecast_cv > 0.0 {
            // One draw per open day, in day order, from one stream: the
            // first day's draw is the one a one-day horizon makes.
            let cv2 = sc.forecast_cv * sc.forecast_cv;
            let mut f = stream(seed, replication, Source::Forecast, 0);
            let gamma = Gamma::new(1.0 / cv2, cv2).ok();
            for m in &mut self.day_multiplier {
                *m = gamma.as_ref().map_or(1.0, |g| g.sample(&mut f));
            }
        } else {
            self.day_multiplier.fill(1.0);
        }
        tally.forecast_multiplier = if self.day_multiplier.len() == 1 {
            self.day_multiplier[0]
        } else {
            self.day_multiplier.iter().sum::<f64>() / self.day_multiplier.len() as f64
        };
        self.replication = replication;
        self.reset();
        self.work = Work::default();
        rng
    }

    /// Opens the first interval at time 0.
    fn open<O: Observer>(&mut self, rng: &mut Streams, out: &mut Recorder<O>) -> Cursor {
        self.start_interval(0, 0.0, rng, out);
        Cursor {
            next_boundary: self.ends[0],
            next_k: 1,
        }
    }

    /// The event loop from `cursor` until nothing is left to happen, with
    /// the intervals from `stop` on closed (`stop` is the horizon's
    /// interval count in a whole run). At the opening of each interval in
    /// `save` (ascending) the state is kept in `saved` first (with the
    /// counts of the intervals from `floor` on).
    #[allow(clippy::too_many_arguments)]
    fn simulate<O: Observer>(
        &mut self,
        cursor: &mut Cursor,
        stop: usize,
        save: &[usize],
        floor: usize,
        saved: &mut Vec<checkpoint::Checkpoint>,
        rng: &mut Streams,
        out: &mut Recorder<O>,
    ) {
        let n = self.sc.horizon.intervals;
        let mut save = save.iter().copied().peekable();
        loop {
            let t_event = self.events.next_time().unwrap_or(f64::INFINITY);
            let (ty, t_arrival) = self.earliest_arrival();
            let next_boundary = cursor.next_boundary;
            if next_boundary <= t_event && next_boundary <= t_arrival {
                if next_boundary.is_infinite() {
                    break;
                }
                let next_k = cursor.next_k;
                let closing = self.interval < n;
                let opens = next_k < stop && (!closing || self.starts[next_k] == next_boundary);
                if opens && save.next_if_eq(&next_k).is_some() {
                    saved.push(self.checkpoint(cursor, rng, out.tally, floor));
                }
                self.advance(next_boundary, out.tally);
                self.work.events += 1;
                if opens {
                    self.start_interval(next_k, next_boundary, rng, out);
                    cursor.next_boundary = self.ends[next_k];
                    cursor.next_k += 1;
                } else {
                    // Closed (for the night, a closed day, or for good): no
                    // arrivals, the last staffing drains the line.
                    self.interval = n;
                    self.next_arrival.fill(f64::INFINITY);
                    cursor.next_boundary = if next_k < stop {
                        self.starts[next_k]
                    } else {
                        f64::INFINITY
                    };
                }
            } else if t_event <= t_arrival {
                // The entry stays until the event's handler schedules one
                // in its place (or `settle` drops it).
                let Some((now, event)) = self.events.take() else {
                    break;
                };
                if self.interval == n && matches!(event, Event::Retrial { .. }) {
                    // Only a horizon cut short at `stop` has retrials due
                    // while closed for good: they fall after its end and
                    // are not made (a whole horizon never schedules them).
                    self.events.settle();
                    continue;
                }
                self.advance(now, out.tally);
                self.work.events += 1;
                self.handle_event(now, event, rng, out);
                self.events.settle();
            } else {
                self.advance(t_arrival, out.tally);
                self.work.events += 1;
                self.schedule_next_arrival(ty, t_arrival, rng);
                let slot = self.new_call(ty, t_arrival, rng);
                self.arrive(slot, t_arrival, true, rng, out);
            }
        }
    }

    fn reset(&mut self) {
        let lines = self.sc.types.len() * (self.sc.groups.len() + 1);
        self.calls.reset(lines);
        self.events.clear();
        self.busy.fill(0);
        self.staffed.fill(0);
        self.waiting = 0;
        self.waiting_by_type.fill(0);
        self.busy_by_type.fill(0);
        self.lines_used = 0;
        self.interval = 0;
        self.last_change = 0.0;
        self.next_arrival.fill(f64::INFINITY);
        self.callers = 0;
        if self.agents.any {
            let at = (self.sc.seed, self.replication);
            self.agents.reset(
                at,
                &mut self.events,
                &mut self.staffed,
                |group, agent, kind| Event::Agent { group, agent, kind },
            );
        }
    }

    /// Waiting line of general calls of type `ty`.
    #[inline]
    fn general_line(&self, ty: usize) -> u32 {
        (ty * (self.sc.groups.len() + 1) + self.sc.groups.len()) as u32
    }

    /// Waiting line of calls of type `ty` routed to group `g` alone.
    #[inline]
    fn dedicated_line(&self, ty: usize, g: usize) -> u32 {
        (ty * (self.sc.groups.len() + 1) + g) as u32
    }

    #[inline]
    fn earliest_arrival(&self) -> (usize, f64) {
        let mut best = (0, f64::INFINITY);
        for (t, &a) in self.next_arrival.iter().enumerate() {
            if a < best.1 {
                best = (t, a);
            }
        }
        best
    }

    /// Interval `k` begins at `now`: new staffing, new arrival rates.
    fn start_interval<O: Observer>(
        &mut self,
        k: usize,
        now: f64,
        rng: &mut Streams,
        out: &mut Recorder<O>,
    ) {
        self.interval = k;
        out.tally.max_queue[k] = f64::from(self.waiting);
        if self.per_type {
            let n = out.tally.intervals;
            for (ty, w) in self.waiting_by_type.iter().enumerate() {
                out.tally.type_max_queue[ty * n + k] = f64::from(*w);
            }
        }
        let h = &self.sc.horizon;
        let day = h.day_of(k);
        if h.is_day_start(k) {
            self.draw_absence(day);
        }
        for (g, group) in self.sc.groups.iter().enumerate() {
            if self.agents.has(g) {
                continue;
            }
            let planned = group.agents[k];
            self.staffed[g] = match self.absent[g].get(planned as usize) {
                Some(absent) => planned - absent,
                None => planned,
            };
        }
        for (t, ty) in self.sc.types.iter().enumerate() {
            self.rates[t] = ty.rates[k] * self.day_multiplier[day];
            self.next_arrival[t] = f64::INFINITY;
            self.schedule_next_arrival(t, now, rng);
        }
        for i in 0..self.order.len() {
            self.dispatch(self.order[i], now, out);
        }
    }

    /// Whole-day absence on open day `day`: planned agent `i` of a group
    /// (the `i`-th of the day's largest planned number) is absent with the
    /// group's `absenteeism`, one uniform draw per agent in agent order
    /// from a stream of the group and day, so adding agents never changes
    /// who of the others is absent (common random numbers).
    fn draw_absence(&mut self, day: usize) {
        let sc = self.sc;
        let range = sc.horizon.day_range(day);
        for (g, group) in sc.groups.iter().enumerate() {
            if group.absenteeism <= 0.0 || self.agents.has(g) {
                // Shift agents draw their absence in `ShiftAgents::reset`.
                continue;
            }
            let (from, to) = (range.start, range.end.min(group.agents.len()));
            let most = group.agents[from..to].iter().copied().max().unwrap_or(0);
            let index = (g as u32) << 16 | (day as u32 & 0xFFFF);
            let mut rng = stream(sc.seed, self.replication, Source::Absence, index);
            let prefix = &mut self.absent[g];
            prefix.clear();
            prefix.push(0);
            let mut absent = 0;
            for _ in 0..most {
                if rng.random::<f64>() < group.absenteeism {
                    absent += 1;
                }
                prefix.push(absent);
            }
        }
    }

    /// Draws the next arrival of type `t` after `now`, or none before the interval ends.
    #[inline]
    fn schedule_next_arrival(&mut self, t: usize, now: f64, rng: &mut Streams) {
        let rate = self.rates[t];
        self.next_arrival[t] = f64::INFINITY;
        if rate > 0.0 {
            let gap: f64 = Exp1.sample(&mut rng.arrivals[t]);
            let next = now + gap / rate;
            if next < self.ends[self.interval] {
                self.next_arrival[t] = next;
            }
        }
    }

    /// Integrates queue length and agent time up to `now`.
    #[inline]
    fn advance(&mut self, now: f64, tally: &mut Tally) {
        let k = self.interval;
        let dt = now - self.last_change;
        if dt > 0.0 {
            if k < tally.intervals {
                tally.queue_area[k] += f64::from(self.waiting) * dt;
                let groups = self.busy.len();
                let counts = &mut tally.group_counts[k * groups..(k + 1) * groups];
                for ((gc, &busy), &staffed) in counts.iter_mut().zip(&self.busy).zip(&self.staffed)
                {
                    gc.busy_time += f64::from(busy) * dt;
                    gc.staffed_time += f64::from(staffed.max(busy)) * dt;
                }
                if self.per_type {
                    self.advance_types(k, dt, tally);
                }
                if self.agents.any {
                    self.agents.advance(k, dt, tally);
                }
            } else {
                tally.drain_queue_area += f64::from(self.waiting) * dt;
                for (g, busy) in self.busy.iter().enumerate() {
                    tally.drain_busy_time[g] += f64::from(*busy) * dt;
                }
            }
        }
        self.last_change = now;
    }

    /// Integrates the per-type queue length and busy agents over `dt` in interval `k`.
    #[inline]
    fn advance_types(&self, k: usize, dt: f64, tally: &mut Tally) {
        let (n, groups) = (tally.intervals, tally.groups);
        for (ty, w) in self.waiting_by_type.iter().enumerate() {
            tally.type_queue_area[ty * n + k] += f64::from(*w) * dt;
            let busy = &self.busy_by_type[ty * groups..(ty + 1) * groups];
            let counts = &mut tally.type_groups[(ty * n + k) * groups..(ty * n + k + 1) * groups];
            for (gc, b) in counts.iter_mut().zip(busy) {
                gc.busy_time += f64::from(*b) * dt;
            }
        }
    }

    /// A fresh caller of type `ty` arriving at `now`: draws its handle time
    /// and patience (always, for common random numbers).
    #[inline]
    fn new_call(&mut self, ty: usize, now: f64, rng: &mut Streams) -> u32 {
        let k = self.interval;
        let handle = self.handle_by_interval[ty]
            .get(k)
            .unwrap_or(&self.handle[ty])
            .sample(&mut rng.handle[ty]);
        self.callers = self.callers.wrapping_add(1);
        let slot = self
            .calls
            .insert(now, handle, ty as u16, k as u32, self.callers);
        if self.any_wrap {
            if let Some(w) = self.wrap_by_interval[ty].get(k).or(self.wrap[ty].as_ref()) {
                self.calls.get_mut(slot).wrap = w.sample(&mut rng.wrap[ty]);
            }
        }
        slot
    }

    /// Call `slot` arrives at `now` (first attempt if `fresh`, else a retrial).
    fn arrive<O: Observer>(
        &mut self,
        slot: u32,
        now: f64,
        fresh: bool,
        rng: &mut Streams,
        out: &mut Recorder<O>,
    ) {
        self.work.calls += 1;
        let k = self.interval;
        let ty = self.calls.get(slot).ty as usize;
        let patience = if self.patience[ty].is_never() {
            f64::INFINITY
        } else {
            self.patience[ty].sample(&mut rng.patience[ty])
        };
        let share_draw: f64 = if self.routes[ty].share.is_empty() {
            1.0
        } else {
            rng.routing.random()
        };
        {
            let c = self.calls.get_mut(slot);
            c.arrival = now;
            c.interval = k as u32;
            c.retrial = !fresh;
        }
        let counts = out.tally.calls_mut(ty, k);
        counts.offered += 1.0;
        if fresh {
            counts.callers += 1.0;
        } else {
            counts.retrials += 1.0;
        }
        if let Some(limit) = self.sc.lines {
            if self.lines_used >= limit {
                counts.blocked += 1.0;
                out.record(self.calls.get(slot), 0.0, Outcome::Blocked);
                let p = self.sc.types[ty].retrials.after_busy;
                self.retry_or_lose(slot, now, p, rng, out);
                return;
            }
        }
        self.lines_used += 1;
        // Dedicated routing: hours first, then share.
        let routes = &self.routes[ty];
        let mut dedicated = None;
        for (g, windows) in &routes.hours {
            if windows.iter().any(|(a, b)| *a <= now && now < *b) {
                dedicated = Some(*g as usize);
                break;
            }
        }
        if dedicated.is_none() {
            dedicated = routes
                .share
                .iter()
                .find(|(_, cum)| share_draw < *cum)
                .map(|(g, _)| *g as usize);
        }
        let target = match dedicated {
            Some(g) => (self.idle(g) > 0).then_some(g),
            None => routes
                .immediate
                .iter()
                .map(|g| *g as usize)
                .find(|g| self.idle(*g) > 0),
        };
        if let Some(g) = target {
            self.serve(g, slot, now, out);
            return;
        }
        let line = match dedicated {
            Some(g) => self.dedicated_line(ty, g),
            None => self.general_line(ty),
        };
        self.calls.push_back(line, slot);
        self.waiting += 1;
        if k < out.tally.intervals {
            let w = f64::from(self.waiting);
            if w > out.tally.max_queue[k] {
                out.tally.max_queue[k] = w;
            }
        }
        if self.per_type {
            self.waiting_by_type[ty] += 1;
            if k < out.tally.intervals {
                let w = f64::from(self.waiting_by_type[ty]);
                let max = &mut out.tally.type_max_queue[ty * out.tally.intervals + k];
                if w > *max {
                    *max = w;
                }
            }
        }
        let generation = self.calls.get(slot).generation;
        if patience.is_finite() {
            self.events
                .schedule(now + patience, Event::Abandon { slot, generation });
        }
        if dedicated.is_none() {
            for &(group, after) in &self.routes[ty].overflow {
                if after < patience {
                    self.events.schedule(
                        now + after,
                        Event::Overflow {
                            slot,
                            generation,
                            group,
                        },
                    );
                }
            }
        }
    }

    #[inline]
    fn idle(&self, g: usize) -> u32 {
        self.staffed[g].saturating_sub(self.busy[g])
    }

    /// Group `g` answers call `slot` at `now` (the call is not in a line).
    #[inline]
    fn serve<O: Observer>(&mut self, g: usize, slot: u32, now: f64, out: &mut Recorder<O>) {
        let c = *self.calls.get(slot);
        let wait = now - c.arrival;
        let k = c.interval as usize;
        let ty = c.ty as usize;
        let factor = self.factor[g * self.threshold.len() + ty];
        let handle = c.handle * factor;
        let wrap = c.wrap * factor;
        let counts = out.tally.calls_mut(ty, k);
        counts.answered += 1.0;
        counts.wait_answered += wait;
        counts.wait_all += wait;
        counts.handle_answered += handle + wrap;
        if wait <= self.threshold[ty] {
            counts.answered_within += 1.0;
        }
        out.tally.waits.add(ty * out.tally.intervals + k, wait);
        let group = &self.sc.groups[g];
        let (delay, group_threshold) = self.group_sla[g];
        let gc = out.tally.group_mut(k, g);
        gc.handled += 1.0;
        gc.handled_seconds += handle + wrap;
        if wait - delay <= group_threshold {
            gc.handled_within += 1.0;
        }
        self.busy[g] += 1;
        let agent = if self.agents.any {
            self.agents.take(g, now)
        } else {
            NO_AGENT
        };
        if self.per_type {
            out.tally.type_group_mut(ty, k, g).handled += 1.0;
            self.busy_by_type[ty * self.busy.len() + g] += 1;
        }
        out.record(
            &c,
            wait,
            Outcome::Answered {
                group: g as u16,
                handle,
            },
        );
        if group.outsourced {
            self.lines_used -= 1;
        }
        let mut line = !group.outsourced;
        if wrap > 0.0 && line {
            // The caller hangs up at the end of the talk; the agent works on.
            self.events.schedule(now + handle, Event::LineFree);
            line = false;
        }
        self.events.schedule(
            now + handle + wrap,
            Event::Complete {
                group: g as u16,
                ty: ty as u16,
                line,
                agent,
            },
        );
        self.calls.release(slot);
    }

    /// Idle agents of group `g` take the best eligible waiting calls.
    fn dispatch<O: Observer>(&mut self, g: usize, now: f64, out: &mut Recorder<O>) {
        while self.idle(g) > 0 {
            let Some(slot) = self.pick(g, now) else {
                return;
            };
            self.unqueue(slot);
            self.serve(g, slot, now, out);
        }
    }

    /// Takes waiting call `slot` out of its line.
    #[inline]
    fn unqueue(&mut self, slot: u32) {
        self.calls.unlink(slot);
        self.waiting -= 1;
        if self.per_type {
            self.waiting_by_type[self.calls.get(slot).ty as usize] -= 1;
        }
    }

    /// The call a free agent of group `g` takes: highest type priority (all
    /// equal under `longest_wait`), then longest waiting, among the heads of
    /// the lines of the types it serves; a general line's head only once it
    /// has waited the group's overflow delay for its type.
    #[inline]
    fn pick(&self, g: usize, now: f64) -> Option<u32> {
        let mut best: Option<(i32, f64, u32)> = None;
        for feed in &self.sources[g] {
            let head = self.calls.lines[feed.line as usize].head;
            if head == NIL {
                continue;
            }
            let arrival = self.calls.get(head).arrival;
            if arrival + feed.after > now {
                continue;
            }
            let better = match best {
                None => true,
                Some((p, a, _)) => feed.priority > p || (feed.priority == p && arrival < a),
            };
            if better {
                best = Some((feed.priority, arrival, head));
            }
        }
        best.map(|(_, _, slot)| slot)
    }

    fn handle_event<O: Observer>(
        &mut self,
        now: f64,
        event: Event,
        rng: &mut Streams,
        out: &mut Recorder<O>,
    ) {
        match event {
            Event::Complete {
                group,
                ty,
                line,
                agent,
            } => {
                let g = group as usize;
                self.busy[g] -= 1;
                if self.per_type {
                    self.busy_by_type[ty as usize * self.busy.len() + g] -= 1;
                }
                if line {
                    self.lines_used -= 1;
                }
                if agent != NO_AGENT {
                    let w = self
                        .agents
                        .completed(g, agent, now, &mut self.staffed[g], out.tally);
                    self.wake(group, agent, w);
                }
                self.dispatch(g, now, out);
            }
            Event::LineFree => {
                self.lines_used -= 1;
            }
            Event::Agent { group, agent, kind } => {
                let g = group as usize;
                let wakes = self.agents.on_event(
                    g,
                    agent as usize,
                    kind,
                    now,
                    &mut self.staffed[g],
                    out.tally,
                );
                for w in wakes {
                    self.wake(group, agent, w);
                }
                self.dispatch(g, now, out);
            }
            Event::Abandon { slot, generation } => {
                let c = *self.calls.get(slot);
                if c.generation != generation || c.queue == NIL {
                    return;
                }
                self.unqueue(slot);
                self.lines_used -= 1;
                let wait = now - c.arrival;
                let counts = out.tally.calls_mut(c.ty as usize, c.interval as usize);
                counts.abandoned += 1.0;
                counts.wait_all += wait;
                if wait < self.short_abandon {
                    counts.abandoned_short += 1.0;
                }
                out.record(&c, wait, Outcome::Abandoned);
                let p = self.sc.types[c.ty as usize].retrials.after_abandon;
                self.retry_or_lose(slot, now, p, rng, out);
            }
            Event::Overflow {
                slot,
                generation,
                group,
            } => {
                let c = self.calls.get(slot);
                if c.generation == generation && c.queue != NIL {
                    self.dispatch(group as usize, now, out);
                }
            }
            Event::Retrial { slot, generation } => {
                if self.calls.get(slot).generation == generation {
                    self.arrive(slot, now, false, rng, out);
                }
            }
        }
    }

    /// Schedules what a shift agent's change asks for.
    #[inline]
    fn wake(&mut self, group: u16, agent: u32, w: Wake) {
        let (at, kind) = match w {
            Wake::Nothing => return,
            Wake::Step(t) => (t, AgentEvent::Step),
            Wake::BreakOver(t) => (t, AgentEvent::BreakOver),
        };
        self.events
            .schedule(at, Event::Agent { group, agent, kind });
    }

    /// After an abandonment or a busy signal: with probability `p` the caller
    /// tries again later (before the horizon ends), otherwise is lost.
    fn retry_or_lose<O: Observer>(
        &mut self,
        slot: u32,
        now: f64,
        p: f64,
        rng: &mut Streams,
        out: &mut Recorder<O>,
    ) {
        if p > 0.0 && rng.retrials.random::<f64>() < p {
            let ty = self.calls.get(slot).ty as usize;
            let gap: f64 = Exp1.sample(&mut rng.retrials);
            let mut at = now + gap * self.sc.types[ty].retrials.mean_delay;
            // A retrial due while the center is closed is made at the next opening.
            let k = self.ends.partition_point(|end| *end <= at);
            if k < self.ends.len() {
                at = at.max(self.starts[k]);
                let generation = self.calls.get(slot).generation;
                self.events
                    .schedule(at, Event::Retrial { slot, generation });
                return;
            }
        }
        let c = self.calls.get(slot);
        out.tally
            .calls_mut(c.ty as usize, c.first_interval as usize)
            .callers_lost += 1.0;
        self.calls.release(slot);
    }

    /// Nothing is left to happen: calls still waiting (no agent can ever take
    /// them) count as abandoned now.
    fn close<O: Observer>(&mut self, out: &mut Recorder<O>) {
        let now = self.last_change;
        for slot in self.calls.waiting() {
            let c = *self.calls.get(slot);
            let counts = out.tally.calls_mut(c.ty as usize, c.interval as usize);
            counts.abandoned += 1.0;
            counts.wait_all += now - c.arrival;
            out.record(&c, now - c.arrival, Outcome::Unserved);
            let lost = out
                .tally
                .calls_mut(c.ty as usize, c.first_interval as usize);
            lost.callers_lost += 1.0;
            self.calls.unlink(slot);
            self.calls.release(slot);
        }
        self.waiting = 0;
        self.waiting_by_type.fill(0);
    }
}
