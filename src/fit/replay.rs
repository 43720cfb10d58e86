//! Replays a call log's own calls through a queue staffed as told: the
//! simulation `calibrate` ([`super::staffing::calibrate`]) matches the
//! observed ASA and abandonment with. Every candidate staffing sees the
//! same callers, the logged ones (common random numbers at their
//! strongest): their arrival times, handle times and priorities; a caller
//! who hung up keeps the patience the log shows (the wait before hanging
//! up); one who was answered (or left otherwise) is known only to have
//! been willing to wait that long, so beyond it their patience is drawn
//! from the fitted exponential (memoryless: the remaining patience of a
//! caller still waiting has the same law), with a fixed seed per replay.
//!
//! The queue is the one ccsim models: one pool of agents, a free agent
//! takes the waiting call of the highest priority, the earliest first;
//! no preemption; a staffing cut lets calls in service finish; after the
//! last interval the last staffing drains the queue.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::NaiveDate;

use super::profile::{clock, Grid};
use crate::history::calls::{CallOutcome, CallRow};
use crate::stats::tally::CallCounts;

/// How long a logged caller was willing to wait.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Patience {
    /// Hung up after exactly this wait.
    Known(f64),
    /// Waited at least this long (answered, or ended otherwise).
    AtLeast(f64),
}

/// One logged call, as the replay needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Call {
    /// Seconds after the day's midnight.
    arrival: f64,
    handle: f64,
    patience: Patience,
    priority: i64,
    /// Interval of arrival on the grid.
    interval: usize,
}

/// The calls of the days used, day by day, in arrival order.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    days: Vec<Vec<Call>>,
    grid: Grid,
    /// Mean patience beyond a known wait (infinite: nobody abandons).
    mean_patience: f64,
}

impl Trace {
    /// The calls of `calls` on `days` arriving inside `grid`, with a wait.
    /// Answered calls without a handle time take `mean_handle`, as do
    /// calls that ended otherwise (they would have been served had an
    /// agent been free).
    pub fn new(
        calls: &[&CallRow],
        grid: &Grid,
        days: &[NaiveDate],
        mean_handle: f64,
        mean_patience: f64,
    ) -> Trace {
        let index: HashMap<NaiveDate, usize> =
            days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
        let mut out: Vec<Vec<Call>> = vec![Vec::new(); days.len()];
        for c in calls {
            let (Some(&d), Some(wait)) = (index.get(&c.arrival.date()), c.wait) else {
                continue;
            };
            let t = clock(c.arrival);
            let Some(interval) = grid.index(t) else {
                continue;
            };
            let (handle, patience) = match c.outcome {
                CallOutcome::Answered => (
                    c.handle.filter(|h| h.is_finite()).unwrap_or(mean_handle),
                    Patience::AtLeast(wait),
                ),
                CallOutcome::Abandoned => (mean_handle, Patience::Known(wait)),
                CallOutcome::Other => (mean_handle, Patience::AtLeast(wait)),
            };
            out[d].push(Call {
                arrival: t,
                handle,
                patience,
                priority: c.priority.unwrap_or(0),
                interval,
            });
        }
        for day in &mut out {
            day.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
        }
        Trace {
            days: out,
            grid: *grid,
            mean_patience,
        }
    }

    /// Days in the trace.
    pub fn days(&self) -> usize {
        self.days.len()
    }

    /// Replays every day `replays` times (replay r draws the unknown
    /// patience with seed r) with `agents` per interval and returns the
    /// counts per interval of arrival, summed over days and replays.
    pub fn replay(&self, agents: &[u32], replays: u64) -> Vec<CallCounts> {
        let mut out = vec![CallCounts::default(); self.grid.intervals];
        for r in 0..replays.max(1) {
            for (d, day) in self.days.iter().enumerate() {
                self.replay_day(day, agents, seed(r, d as u64), &mut out);
            }
        }
        out
    }

    fn capacity(&self, agents: &[u32], t: f64) -> usize {
        let g = &self.grid;
        let k = ((t - g.start_of_day) / g.interval).floor();
        let k = if k < 0.0 {
            0
        } else {
            (k as usize).min(g.intervals - 1)
        };
        agents.get(k).copied().unwrap_or(0) as usize
    }

    fn replay_day(&self, day: &[Call], agents: &[u32], seed: u64, out: &mut [CallCounts]) {
        let g = &self.grid;
        let end_of_grid = g.start_of_day + g.interval * g.intervals as f64;
        let deadline: Vec<f64> = day
            .iter()
            .enumerate()
            .map(|(i, c)| match c.patience {
                Patience::Known(w) => c.arrival + w,
                Patience::AtLeast(w) if self.mean_patience.is_finite() => {
                    c.arrival + w + self.mean_patience * -uniform(seed, i as u64).ln()
                }
                Patience::AtLeast(_) => f64::INFINITY,
            })
            .collect();
        // Ends of the calls in service (f64 bits order like the values: all >= 0).
        let mut busy: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
        // Waiting calls: highest priority first, then the earliest.
        let mut queue: BinaryHeap<(i64, Reverse<usize>)> = BinaryHeap::new();
        let mut next = 0;
        let mut now = day.first().map_or(0.0, |c| c.arrival);
        loop {
            while busy.len() < self.capacity(agents, now) {
                let Some((_, Reverse(j))) = queue.pop() else {
                    break;
                };
                let c = &day[j];
                let counts = &mut out[c.interval];
                counts.offered += 1.0;
                if deadline[j] < now {
                    counts.abandoned += 1.0;
                    counts.wait_all += deadline[j] - c.arrival;
                } else {
                    counts.answered += 1.0;
                    counts.wait_answered += now - c.arrival;
                    counts.wait_all += now - c.arrival;
                    busy.push(Reverse((now + c.handle).max(0.0).to_bits()));
                }
            }
            let arrival = day.get(next).map(|c| c.arrival);
            let completion = busy.peek().map(|Reverse(b)| f64::from_bits(*b));
            let boundary = (!queue.is_empty() && now < end_of_grid).then(|| {
                g.start_of_day + g.interval * (((now - g.start_of_day) / g.interval).floor() + 1.0)
            });
            let Some(t) = [arrival, completion, boundary]
                .into_iter()
                .flatten()
                .min_by(f64::total_cmp)
            else {
                break;
            };
            now = now.max(t);
            while next < day.len() && day[next].arrival <= now {
                queue.push((day[next].priority, Reverse(next)));
                next += 1;
            }
            while busy
                .peek()
                .is_some_and(|Reverse(b)| f64::from_bits(*b) <= now)
            {
                busy.pop();
            }
        }
        // Left waiting with no agent ever to come: they hung up.
        for (_, Reverse(j)) in queue {
            let counts = &mut out[day[j].interval];
            counts.offered += 1.0;
            counts.abandoned += 1.0;
        }
    }
}

/// A seed per replay and day.
fn seed(replay: u64, day: u64) -> u64 {
    mix(replay.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ mix(day.wrapping_add(0x632b_e59b_d9b4_e019)))
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform in (0, 1) for call `i` under `seed`.
fn uniform(seed: u64, i: u64) -> f64 {
    ((mix(seed ^ mix(i)) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            start_of_day: 0.0,
            interval: 1800.0,
            intervals: 2,
        }
    }

    fn call(arrival: f64, handle: f64, patience: Patience) -> Call {
        Call {
            arrival,
            handle,
            patience,
            priority: 0,
            interval: (arrival / 1800.0) as usize,
        }
    }

    #[test]
    fn one_agent_serves_in_order_and_known_patience_hangs_up() {
        let t = Trace {
            days: vec![vec![
                call(0.0, 100.0, Patience::AtLeast(0.0)),
                call(10.0, 100.0, Patience::AtLeast(90.0)),
                call(20.0, 100.0, Patience::Known(50.0)),
            ]],
            grid: grid(),
            mean_patience: f64::INFINITY,
        };
        let c = &t.replay(&[1, 1], 1)[0];
        // The second waits 90 s; the third hangs up after 50 s.
        assert_eq!((c.offered, c.answered, c.abandoned), (3.0, 2.0, 1.0));
        assert!((c.wait_answered - 90.0).abs() < 1e-9);
        // Two agents: the third still hangs up (the first frees at 100 s).
        let c = &t.replay(&[2, 2], 1)[0];
        assert_eq!((c.answered, c.abandoned), (2.0, 1.0));
        let c = &t.replay(&[3, 3], 1)[0];
        assert_eq!((c.answered, c.abandoned, c.wait_answered), (3.0, 0.0, 0.0));
    }

    #[test]
    fn more_agents_at_the_boundary_take_the_queue() {
        let t = Trace {
            days: vec![vec![
                call(1700.0, 1000.0, Patience::AtLeast(0.0)),
                call(1750.0, 10.0, Patience::AtLeast(0.0)),
            ]],
            grid: grid(),
            mean_patience: f64::INFINITY,
        };
        let c = &t.replay(&[1, 2], 1)[0];
        // The second call waits until the second agent comes at 1800 s.
        assert!((c.wait_answered - 50.0).abs() < 1e-9, "{c:?}");
    }
}
