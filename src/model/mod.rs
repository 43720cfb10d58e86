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
//!   A general call goes to the first group in file order that is eligible at
//!   once (no rule, or `overflow_after_seconds = 0`) and has an idle agent.
//! - **Waiting**: a call that finds no idle eligible agent waits. A general
//!   call becomes eligible for an overflow group when it has waited that
//!   group's delay; at that instant it is taken if the group has an idle agent.
//! - **A freed agent** takes, among the calls it is eligible for, the one of
//!   highest call-type priority, then the longest waiting (non-preemptive).
//! - **Staffing** changes at interval boundaries, groups in file order take
//!   waiting calls at once if they gained agents; an agent whose shift ends
//!   finishes the call in hand first (no call is cut off).
//! - **Abandonment**: a waiting call hangs up when its patience runs out.
//! - **Retrials**: an abandoned or blocked caller calls again with the given
//!   probability after an exponential delay, as a new attempt with the same
//!   handle time and a fresh patience; a retrial that would fall after the
//!   horizon end is not made (the caller is lost).
//! - **Close**: arrivals stop at the horizon end; the center drains with the
//!   last interval's staffing. A call still waiting when nothing is left to
//!   happen (no agent can ever take it) counts as abandoned at that moment.
//! - **Per-group service level** (what an outsourcing contract measures): a
//!   call a group answers counts as within that group's threshold (its
//!   contract's, else the scenario's) when its wait minus the group's
//!   overflow delay (0 for other routes) is at most the threshold.
//! - **Attribution**: every call figure goes to the interval in which the
//!   attempt arrived; queue length and occupancy are time averages over the
//!   interval itself. Ties at the same instant: a boundary first, then
//!   scheduled events in the order they were scheduled, then arrivals.

mod queue;

use queue::{Calls, NIL};
use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma};

use crate::dist::Sampler;
use crate::engine::EventQueue;
use crate::rng::{stream, Source, Stream};
use crate::scenario::{Route, SlDefinition, ValidScenario};
use crate::stats::tally::Tally;

/// Events the model schedules on the engine.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// An agent of `group` finishes a call; `line` if the call held a trunk line.
    Complete { group: u16, line: bool },
    /// A waiting call's patience runs out.
    Abandon { slot: u32, generation: u32 },
    /// A waiting general call becomes eligible for overflow group `group`.
    Overflow {
        slot: u32,
        generation: u32,
        group: u16,
    },
    /// A caller tries again.
    Retrial { slot: u32, generation: u32 },
}

/// Work done by one replication, for throughput figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Call attempts simulated.
    pub calls: u64,
    /// Events processed (arrivals, boundaries and scheduled events).
    pub events: u64,
}

/// The random streams of one replication.
struct Streams {
    arrivals: Vec<Stream>,
    handle: Vec<Stream>,
    patience: Vec<Stream>,
    routing: Stream,
    retrials: Stream,
}

/// A reusable simulator of one scenario: create it once per thread and call
/// [`CallCenter::run`] for each replication.
pub struct CallCenter<'s> {
    sc: &'s ValidScenario,
    handle: Vec<Sampler>,
    patience: Vec<Sampler>,
    /// Share groups with their cumulative share, in file order.
    share_routes: Vec<(u16, f64)>,
    /// Hours groups with their windows.
    hours_routes: Vec<(u16, Vec<(f64, f64)>)>,
    /// Overflow groups with a positive delay.
    overflow_routes: Vec<(u16, f64)>,
    /// Groups that take a general call at once, in file order.
    immediate: Vec<u16>,
    threshold: f64,
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
    next_arrival: Vec<f64>,
    work: Work,
}

impl<'s> CallCenter<'s> {
    /// Prepares samplers and routing tables for `sc`.
    pub fn new(sc: &'s ValidScenario) -> Self {
        let mut share_routes = Vec::new();
        let mut hours_routes = Vec::new();
        let mut overflow_routes = Vec::new();
        let mut immediate = Vec::new();
        let mut cumulative = 0.0;
        for (g, group) in sc.groups.iter().enumerate() {
            let g = g as u16;
            match &group.route {
                Route::Primary => immediate.push(g),
                Route::Overflow { after } if *after <= 0.0 => immediate.push(g),
                Route::Overflow { after } => overflow_routes.push((g, *after)),
                Route::Share { share } => {
                    cumulative += share;
                    share_routes.push((g, cumulative));
                }
                Route::Hours { windows } => hours_routes.push((g, windows.clone())),
            }
        }
        let short_abandon = match sc.service_level.definition {
            SlDefinition::ExcludeShortAbandons(s) => s,
            _ => 0.0,
        };
        let n_types = sc.types.len();
        CallCenter {
            sc,
            handle: sc.types.iter().map(|t| t.handle_time.sampler()).collect(),
            patience: sc.types.iter().map(|t| t.patience.sampler()).collect(),
            share_routes,
            hours_routes,
            overflow_routes,
            immediate,
            threshold: sc.service_level.threshold,
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
            busy: vec![0; sc.groups.len()],
            staffed: vec![0; sc.groups.len()],
            waiting: 0,
            lines_used: 0,
            interval: 0,
            last_change: 0.0,
            rates: vec![0.0; n_types],
            next_arrival: vec![f64::INFINITY; n_types],
            work: Work::default(),
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
        let sc = self.sc;
        let seed = sc.seed;
        let n_types = sc.types.len();
        let mut rng = Streams {
            arrivals: (0..n_types)
                .map(|t| stream(seed, replication, Source::Arrivals, t as u32))
                .collect(),
            handle: (0..n_types)
                .map(|t| stream(seed, replication, Source::HandleTimes, t as u32))
                .collect(),
            patience: (0..n_types)
                .map(|t| stream(seed, replication, Source::Patience, t as u32))
                .collect(),
            routing: stream(seed, replication, Source::Routing, 0),
            retrials: stream(seed, replication, Source::Retrials, 0),
        };
        tally.clear();
        tally.forecast_multiplier = if sc.forecast_cv > 0.0 {
            let cv2 = sc.forecast_cv * sc.forecast_cv;
            let mut f = stream(seed, replication, Source::Forecast, 0);
            Gamma::new(1.0 / cv2, cv2)
                .map(|g| g.sample(&mut f))
                .unwrap_or(1.0)
        } else {
            1.0
        };
        self.reset();
        self.work = Work::default();
        let h = sc.horizon;
        self.start_interval(0, 0.0, &mut rng, tally);
        let mut next_boundary = h.interval;
        loop {
            let t_event = self.events.next_time().unwrap_or(f64::INFINITY);
            let (ty, t_arrival) = self.earliest_arrival();
            if next_boundary <= t_event && next_boundary <= t_arrival {
                if next_boundary.is_infinite() {
                    break;
                }
                let k = self.interval + 1;
                self.advance(next_boundary, tally);
                self.work.events += 1;
                if k < h.intervals {
                    self.start_interval(k, next_boundary, &mut rng, tally);
                    next_boundary = h.interval * (k + 1) as f64;
                } else {
                    self.interval = k;
                    self.next_arrival.fill(f64::INFINITY);
                    next_boundary = f64::INFINITY;
                }
            } else if t_event <= t_arrival {
                let Some((now, event)) = self.events.pop() else {
                    break;
                };
                self.advance(now, tally);
                self.work.events += 1;
                self.handle_event(now, event, &mut rng, tally);
            } else {
                self.advance(t_arrival, tally);
                self.work.events += 1;
                self.schedule_next_arrival(ty, t_arrival, &mut rng);
                let slot = self.new_call(ty, t_arrival, &mut rng);
                self.arrive(slot, t_arrival, true, &mut rng, tally);
            }
        }
        self.close(tally);
        self.work
    }

    fn reset(&mut self) {
        let lines = self.sc.types.len() * (self.sc.groups.len() + 1);
        self.calls.reset(lines);
        self.events.clear();
        self.busy.fill(0);
        self.staffed.fill(0);
        self.waiting = 0;
        self.lines_used = 0;
        self.interval = 0;
        self.last_change = 0.0;
        self.next_arrival.fill(f64::INFINITY);
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
    fn start_interval(&mut self, k: usize, now: f64, rng: &mut Streams, tally: &mut Tally) {
        self.interval = k;
        tally.max_queue[k] = f64::from(self.waiting);
        for (g, group) in self.sc.groups.iter().enumerate() {
            self.staffed[g] = group.agents[k];
        }
        for (t, ty) in self.sc.types.iter().enumerate() {
            self.rates[t] = ty.rates[k] * tally.forecast_multiplier;
            self.next_arrival[t] = f64::INFINITY;
            self.schedule_next_arrival(t, now, rng);
        }
        for g in 0..self.sc.groups.len() {
            self.dispatch(g, now, tally);
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
            if next < self.sc.horizon.interval * (self.interval + 1) as f64 {
                self.next_arrival[t] = next;
            }
        }
    }

    /// Integrates queue length and agent time up to `now`.
    #[inline]
    fn advance(&mut self, now: f64, tally: &mut Tally) {
        let k = self.interval;
        if k < tally.intervals {
            let dt = now - self.last_change;
            if dt > 0.0 {
                tally.queue_area[k] += f64::from(self.waiting) * dt;
                for g in 0..self.busy.len() {
                    let busy = f64::from(self.busy[g]);
                    let present = f64::from(self.staffed[g].max(self.busy[g]));
                    let gc = tally.group_mut(k, g);
                    gc.busy_time += busy * dt;
                    gc.staffed_time += present * dt;
                }
            }
        }
        self.last_change = now;
    }

    /// A fresh caller of type `ty` arriving at `now`: draws its handle time
    /// and patience (always, for common random numbers).
    #[inline]
    fn new_call(&mut self, ty: usize, now: f64, rng: &mut Streams) -> u32 {
        let handle = self.handle[ty].sample(&mut rng.handle[ty]);
        self.calls
            .insert(now, handle, ty as u16, self.interval as u32)
    }

    /// Call `slot` arrives at `now` (first attempt if `fresh`, else a retrial).
    fn arrive(&mut self, slot: u32, now: f64, fresh: bool, rng: &mut Streams, tally: &mut Tally) {
        self.work.calls += 1;
        let k = self.interval;
        let ty = self.calls.get(slot).ty as usize;
        let patience = if self.patience[ty].is_never() {
            f64::INFINITY
        } else {
            self.patience[ty].sample(&mut rng.patience[ty])
        };
        let share_draw: f64 = if self.share_routes.is_empty() {
            1.0
        } else {
            rng.routing.random()
        };
        {
            let c = self.calls.get_mut(slot);
            c.arrival = now;
            c.interval = k as u32;
        }
        let counts = tally.calls_mut(ty, k);
        counts.offered += 1.0;
        if fresh {
            counts.callers += 1.0;
        } else {
            counts.retrials += 1.0;
        }
        if let Some(limit) = self.sc.lines {
            if self.lines_used >= limit {
                counts.blocked += 1.0;
                let p = self.sc.types[ty].retrials.after_busy;
                self.retry_or_lose(slot, now, p, rng, tally);
                return;
            }
        }
        self.lines_used += 1;
        // Dedicated routing: hours first, then share.
        let mut dedicated = None;
        for (g, windows) in &self.hours_routes {
            if windows.iter().any(|(a, b)| *a <= now && now < *b) {
                dedicated = Some(*g as usize);
                break;
            }
        }
        if dedicated.is_none() {
            dedicated = self
                .share_routes
                .iter()
                .find(|(_, cum)| share_draw < *cum)
                .map(|(g, _)| *g as usize);
        }
        let target = match dedicated {
            Some(g) => (self.idle(g) > 0).then_some(g),
            None => self
                .immediate
                .iter()
                .map(|g| *g as usize)
                .find(|g| self.idle(*g) > 0),
        };
        if let Some(g) = target {
            self.serve(g, slot, now, tally);
            return;
        }
        let line = match dedicated {
            Some(g) => self.dedicated_line(ty, g),
            None => self.general_line(ty),
        };
        self.calls.push_back(line, slot);
        self.waiting += 1;
        if k < tally.intervals {
            let w = f64::from(self.waiting);
            if w > tally.max_queue[k] {
                tally.max_queue[k] = w;
            }
        }
        let generation = self.calls.get(slot).generation;
        if patience.is_finite() {
            self.events
                .schedule(now + patience, Event::Abandon { slot, generation });
        }
        if dedicated.is_none() {
            for &(group, after) in &self.overflow_routes {
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
    fn serve(&mut self, g: usize, slot: u32, now: f64, tally: &mut Tally) {
        let c = *self.calls.get(slot);
        let wait = now - c.arrival;
        let k = c.interval as usize;
        let ty = c.ty as usize;
        let counts = tally.calls_mut(ty, k);
        counts.answered += 1.0;
        counts.wait_answered += wait;
        counts.wait_all += wait;
        if wait <= self.threshold {
            counts.answered_within += 1.0;
        }
        tally.waits.add(ty * tally.intervals + k, wait);
        let group = &self.sc.groups[g];
        let (delay, group_threshold) = self.group_sla[g];
        let gc = tally.group_mut(k, g);
        gc.handled += 1.0;
        gc.handled_seconds += c.handle * group.handle_time_factor;
        if wait - delay <= group_threshold {
            gc.handled_within += 1.0;
        }
        self.busy[g] += 1;
        if group.outsourced {
            self.lines_used -= 1;
        }
        self.events.schedule(
            now + c.handle * group.handle_time_factor,
            Event::Complete {
                group: g as u16,
                line: !group.outsourced,
            },
        );
        self.calls.release(slot);
    }

    /// Idle agents of group `g` take the best eligible waiting calls.
    fn dispatch(&mut self, g: usize, now: f64, tally: &mut Tally) {
        while self.idle(g) > 0 {
            let Some(slot) = self.pick(g, now) else {
                return;
            };
            self.calls.unlink(slot);
            self.waiting -= 1;
            self.serve(g, slot, now, tally);
        }
    }

    /// The call a free agent of group `g` takes: highest type priority, then
    /// longest waiting, among the lines it may serve.
    fn pick(&self, g: usize, now: f64) -> Option<u32> {
        let route = &self.sc.groups[g].route;
        let general_after = match route {
            Route::Primary => Some(0.0),
            Route::Overflow { after } => Some(*after),
            Route::Share { .. } | Route::Hours { .. } => None,
        };
        let mut best: Option<(i32, f64, u32)> = None;
        for (ty, t) in self.sc.types.iter().enumerate() {
            let mut consider = |slot: u32| {
                if slot == NIL {
                    return;
                }
                let arrival = self.calls.get(slot).arrival;
                let better = match best {
                    None => true,
                    Some((p, a, _)) => t.priority > p || (t.priority == p && arrival < a),
                };
                if better {
                    best = Some((t.priority, arrival, slot));
                }
            };
            consider(self.calls.lines[self.dedicated_line(ty, g) as usize].head);
            if let Some(after) = general_after {
                let head = self.calls.lines[self.general_line(ty) as usize].head;
                if head != NIL && self.calls.get(head).arrival + after <= now {
                    consider(head);
                }
            }
        }
        best.map(|(_, _, slot)| slot)
    }

    fn handle_event(&mut self, now: f64, event: Event, rng: &mut Streams, tally: &mut Tally) {
        match event {
            Event::Complete { group, line } => {
                let g = group as usize;
                self.busy[g] -= 1;
                if line {
                    self.lines_used -= 1;
                }
                self.dispatch(g, now, tally);
            }
            Event::Abandon { slot, generation } => {
                let c = *self.calls.get(slot);
                if c.generation != generation || c.queue == NIL {
                    return;
                }
                self.calls.unlink(slot);
                self.waiting -= 1;
                self.lines_used -= 1;
                let wait = now - c.arrival;
                let counts = tally.calls_mut(c.ty as usize, c.interval as usize);
                counts.abandoned += 1.0;
                counts.wait_all += wait;
                if wait < self.short_abandon {
                    counts.abandoned_short += 1.0;
                }
                let p = self.sc.types[c.ty as usize].retrials.after_abandon;
                self.retry_or_lose(slot, now, p, rng, tally);
            }
            Event::Overflow {
                slot,
                generation,
                group,
            } => {
                let c = self.calls.get(slot);
                if c.generation == generation && c.queue != NIL {
                    self.dispatch(group as usize, now, tally);
                }
            }
            Event::Retrial { slot, generation } => {
                if self.calls.get(slot).generation == generation {
                    self.arrive(slot, now, false, rng, tally);
                }
            }
        }
    }

    /// After an abandonment or a busy signal: with probability `p` the caller
    /// tries again later (before the horizon ends), otherwise is lost.
    fn retry_or_lose(&mut self, slot: u32, now: f64, p: f64, rng: &mut Streams, tally: &mut Tally) {
        if p > 0.0 && rng.retrials.random::<f64>() < p {
            let ty = self.calls.get(slot).ty as usize;
            let gap: f64 = Exp1.sample(&mut rng.retrials);
            let at = now + gap * self.sc.types[ty].retrials.mean_delay;
            if at < self.sc.horizon.end() {
                let generation = self.calls.get(slot).generation;
                self.events
                    .schedule(at, Event::Retrial { slot, generation });
                return;
            }
        }
        let c = self.calls.get(slot);
        tally
            .calls_mut(c.ty as usize, c.first_interval as usize)
            .callers_lost += 1.0;
        self.calls.release(slot);
    }

    /// Nothing is left to happen: calls still waiting (no agent can ever take
    /// them) count as abandoned now.
    fn close(&mut self, tally: &mut Tally) {
        let now = self.last_change;
        for slot in self.calls.waiting() {
            let c = *self.calls.get(slot);
            let counts = tally.calls_mut(c.ty as usize, c.interval as usize);
            counts.abandoned += 1.0;
            counts.wait_all += now - c.arrival;
            let lost = tally.calls_mut(c.ty as usize, c.first_interval as usize);
            lost.callers_lost += 1.0;
            self.calls.unlink(slot);
            self.calls.release(slot);
        }
        self.waiting = 0;
    }
}
