//! A hand-written simulator of exactly one model, the Erlang A day of
//! `erlang-a-day.toml`: the speed limit ccsim's general engine is measured
//! against. It draws from the same streams in the same order as ccsim, so
//! its counts equal ccsim's (the benchmark checks this before timing).
//!
//! What makes it fast is that it knows the model: the next arrival is one
//! scalar, completions sit in a small heap of plain `u64` keys (the time's
//! bits; one team, so the payload is nothing), abandonment timers in a heap
//! of their own and are cancelled lazily (a served call leaves its timer,
//! which is skipped when it comes up), the line is a FIFO, and the only
//! statistics are per-interval counts and wait sums.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand_distr::{Distribution, Exp, Exp1};

use ccsim::rng::{stream, Source};

/// The model's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    /// Calls per second.
    pub rate: f64,
    /// Mean handle time (seconds).
    pub handle: f64,
    /// Mean patience (seconds).
    pub patience: f64,
    /// Agents.
    pub agents: u32,
    /// Intervals of `interval` seconds.
    pub intervals: usize,
    /// Interval length (seconds).
    pub interval: f64,
    /// Service-level threshold (seconds).
    pub threshold: f64,
    /// Master seed.
    pub seed: u64,
}

impl Day {
    /// The day of `erlang-a-day.toml`.
    pub fn erlang_a() -> Day {
        Day {
            rate: 600.0 / 3600.0,
            handle: 300.0,
            patience: 120.0,
            agents: 52,
            intervals: 24,
            interval: 3600.0,
            threshold: 20.0,
            seed: 1,
        }
    }
}

/// Per-interval counts of one or more days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Calls that arrived, per interval.
    pub offered: Vec<u64>,
    /// Calls answered, per interval of arrival.
    pub answered: Vec<u64>,
    /// Answered within the threshold.
    pub within: Vec<u64>,
    /// Calls that hung up.
    pub abandoned: Vec<u64>,
    /// Sum of the waits of answered calls.
    pub wait_answered: Vec<f64>,
}

#[derive(Clone, Copy)]
struct Call {
    arrival: f64,
    handle: f64,
    interval: u32,
    waiting: bool,
}

/// The simulator, reusable across days (it allocates nothing after the first).
pub struct Reference {
    day: Day,
    calls: Vec<Call>,
    line: VecDeque<u32>,
    completions: BinaryHeap<Reverse<u64>>,
    timers: BinaryHeap<Reverse<(u64, u32)>>,
    /// What the days simulated so far counted.
    pub counts: Counts,
}

impl Reference {
    /// A simulator of `day`.
    pub fn new(day: Day) -> Self {
        let n = day.intervals;
        Reference {
            day,
            calls: Vec::new(),
            line: VecDeque::new(),
            completions: BinaryHeap::new(),
            timers: BinaryHeap::new(),
            counts: Counts {
                offered: vec![0; n],
                answered: vec![0; n],
                within: vec![0; n],
                abandoned: vec![0; n],
                wait_answered: vec![0.0; n],
            },
        }
    }

    /// Simulates day `rep` (drained to the last call) and adds its counts.
    pub fn run(&mut self, rep: u64) {
        let d = self.day;
        let mut arrivals = stream(d.seed, rep, Source::Arrivals, 0);
        let mut handles = stream(d.seed, rep, Source::HandleTimes, 0);
        let mut patiences = stream(d.seed, rep, Source::Patience, 0);
        let handle = Exp::new(1.0 / d.handle).expect("positive mean");
        let patience = Exp::new(1.0 / d.patience).expect("positive mean");
        self.calls.clear();
        self.line.clear();
        self.completions.clear();
        self.timers.clear();
        let mut busy = 0u32;
        let mut waiting = 0u32;
        let mut k = 0usize;
        let end_of = |k: usize| d.interval * (k + 1) as f64;
        let draw = |now: f64, k: usize, s: &mut ccsim::rng::Stream| {
            let gap: f64 = Exp1.sample(s);
            let next = now + gap / d.rate;
            if next < end_of(k) {
                next
            } else {
                f64::INFINITY
            }
        };
        let mut next_arrival = draw(0.0, 0, &mut arrivals);
        let mut boundary = d.interval;
        let c = &mut self.counts;
        loop {
            let t_done = self
                .completions
                .peek()
                .map_or(f64::INFINITY, |r| f64::from_bits(r.0));
            let t_timer = self
                .timers
                .peek()
                .map_or(f64::INFINITY, |r| f64::from_bits(r.0 .0));
            let t_event = t_done.min(t_timer);
            if boundary <= t_event && boundary <= next_arrival {
                if boundary.is_infinite() {
                    break;
                }
                k += 1;
                if k < d.intervals {
                    next_arrival = draw(boundary, k, &mut arrivals);
                    boundary = end_of(k);
                } else {
                    next_arrival = f64::INFINITY;
                    boundary = f64::INFINITY;
                }
            } else if t_event <= next_arrival {
                if t_done <= t_timer {
                    let now = t_done;
                    self.completions.pop();
                    busy -= 1;
                    // FIFO: skip the calls that hung up.
                    while let Some(id) = self.line.pop_front() {
                        let call = &mut self.calls[id as usize];
                        if !call.waiting {
                            continue;
                        }
                        call.waiting = false;
                        waiting -= 1;
                        let wait = now - call.arrival;
                        let i = call.interval as usize;
                        c.answered[i] += 1;
                        c.wait_answered[i] += wait;
                        c.within[i] += u64::from(wait <= d.threshold);
                        busy += 1;
                        self.completions
                            .push(Reverse((now + call.handle).to_bits()));
                        break;
                    }
                } else {
                    let Some(Reverse((_, id))) = self.timers.pop() else {
                        break;
                    };
                    let call = &mut self.calls[id as usize];
                    if call.waiting {
                        call.waiting = false;
                        waiting -= 1;
                        c.abandoned[call.interval as usize] += 1;
                    }
                }
            } else {
                let now = next_arrival;
                next_arrival = draw(now, k, &mut arrivals);
                let h = handle.sample(&mut handles);
                let p = patience.sample(&mut patiences);
                c.offered[k] += 1;
                if busy < d.agents {
                    busy += 1;
                    c.answered[k] += 1;
                    c.within[k] += 1;
                    self.completions.push(Reverse((now + h).to_bits()));
                } else {
                    let id = self.calls.len() as u32;
                    self.calls.push(Call {
                        arrival: now,
                        handle: h,
                        interval: k as u32,
                        waiting: true,
                    });
                    self.line.push_back(id);
                    waiting += 1;
                    self.timers.push(Reverse(((now + p).to_bits(), id)));
                }
            }
        }
        // Nobody is left waiting: with every agent present a queue always drains.
        debug_assert_eq!(waiting, 0);
    }
}
