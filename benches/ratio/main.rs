//! The engine against its speed limit: a hand-written simulator of one
//! Erlang A day ([`reference`]) and `ccsim` on the same model
//! (`erlang-a-day.toml`: 600 calls/h, exponential 300 s, patience 120 s,
//! 52 agents, 24 h), in the same run, on one thread.
//!
//! First both simulate a few days and their per-interval counts are
//! compared (they draw the same numbers, so they must be equal); then each
//! simulates the scenario's 400 days, ccsim with every statistic it reports
//! (summary, wait histograms, satisfaction, pooled waits), and the ratio of
//! their CPU times is printed; then criterion times 40 days of each.
//!
//! Run: `cargo bench --bench ratio` (add `-- --warm-up-time 1
//! --measurement-time 3` on a busy machine).

mod reference;

use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};

use ccsim::model::CallCenter;
use ccsim::scenario::{self, ValidScenario};
use ccsim::simulation;
use reference::{Day, Reference};

fn scenario() -> ValidScenario {
    let raw = scenario::parse(include_str!("erlang-a-day.toml")).expect("parses");
    scenario::validate(&raw).expect("valid")
}

/// CPU time of the calling thread (Linux), else wall time since an epoch.
fn cpu_now() -> Duration {
    if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = s.split_whitespace().next().and_then(|v| v.parse().ok()) {
            return Duration::from_nanos(ns);
        }
    }
    thread_local!(static EPOCH: Instant = Instant::now());
    EPOCH.with(|e| e.elapsed())
}

fn cpu_of(f: impl FnOnce()) -> Duration {
    let start = cpu_now();
    f();
    cpu_now() - start
}

/// The two simulators count the same calls, interval by interval.
fn check_same_model(sc: &ValidScenario) {
    let mut model = CallCenter::new(sc);
    let mut tally = model.new_tally();
    for rep in 0..3 {
        let mut reference = Reference::new(Day::erlang_a());
        reference.run(rep);
        model.run(rep, &mut tally);
        let r = &reference.counts;
        for k in 0..sc.horizon.intervals {
            let c = &tally.calls[k];
            let same = c.offered == r.offered[k] as f64
                && c.answered == r.answered[k] as f64
                && c.abandoned == r.abandoned[k] as f64
                && c.answered_within == r.within[k] as f64
                && (c.wait_answered - r.wait_answered[k]).abs() <= 1e-9 * c.wait_answered.max(1.0);
            assert!(
                same,
                "day {rep}, interval {k}: ccsim {c:?} but reference {r:?}"
            );
        }
    }
}

fn days_reference(days: u64) -> u64 {
    let mut r = Reference::new(Day::erlang_a());
    for rep in 0..days {
        r.run(rep);
    }
    r.counts.offered.iter().sum()
}

fn days_ccsim(sc: &ValidScenario, pool: &rayon::ThreadPool) -> f64 {
    let sim = pool.install(|| simulation::simulate(sc, &|| {}, |_, _, _| {}));
    sim.summary.total.get(ccsim::stats::Metric::Offered).mean
}

fn ratio() {
    let sc = scenario();
    check_same_model(&sc);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one thread");
    let days = u64::from(sc.replications);
    // Best of three: the machine may be shared.
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        let r = pool.install(|| {
            cpu_of(|| {
                std::hint::black_box(days_reference(days));
            })
        });
        let c = pool.install(|| {
            cpu_of(|| {
                std::hint::black_box(days_ccsim(&sc, &pool));
            })
        });
        best = (best.0.min(r), best.1.min(c));
    }
    println!(
        "{days} Erlang A days on one thread: hand-written {:.3} s CPU, ccsim (every statistic) {:.3} s CPU: ratio {:.2}",
        best.0.as_secs_f64(),
        best.1.as_secs_f64(),
        best.1.as_secs_f64() / best.0.as_secs_f64()
    );
}

fn timed(c: &mut Criterion) {
    let mut sc = scenario();
    sc.replications = 40;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one thread");
    let mut group = c.benchmark_group("erlang a day x40, one thread");
    group.sample_size(10);
    group.throughput(Throughput::Elements(40));
    group.bench_function("hand-written", |b| b.iter(|| days_reference(40)));
    group.bench_function("ccsim, every statistic", |b| {
        b.iter(|| days_ccsim(&sc, &pool))
    });
    group.finish();
}

criterion_group!(benches, timed);

fn main() {
    ratio();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
