//! `ccsim bench`: simulation throughput on a fixed Erlang A day, on one core
//! and on all cores.

use std::time::Instant;

use crate::cli::BenchArgs;
use crate::error::Error;
use crate::model::{CallCenter, Work};
use crate::replicate;
use crate::scenario::{self, ValidScenario};

/// The benchmark day: 24 one-hour intervals at 1200 calls per hour,
/// exponential handle time of 180 s (60 Erlangs) on 63 agents, exponential
/// patience of 300 s. About 28,800 calls per day.
pub const BENCH_SCENARIO: &str = r#"
name = "bench: Erlang A day"
[simulation]
replications = 40
seed = 7
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 1200
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "agents"
agents = 63
"#;

/// The benchmark scenario, validated.
pub fn bench_scenario() -> ValidScenario {
    let raw = scenario::parse(BENCH_SCENARIO).expect("the built-in benchmark scenario parses");
    scenario::validate(&raw).expect("the built-in benchmark scenario is valid")
}

fn rate(work: Work, seconds: f64) -> (f64, f64) {
    (work.calls as f64 / seconds, work.events as f64 / seconds)
}

/// Times `replications` days on one core, then on all cores, and prints the rates.
pub fn execute(args: &BenchArgs) -> Result<(), Error> {
    if args.replications == 0 {
        return Err(Error::Usage("--replications must be at least 1".into()));
    }
    let mut sc = bench_scenario();
    sc.replications = args.replications;
    let mut model = CallCenter::new(&sc);
    let mut tally = model.new_tally();
    model.run(u64::MAX, &mut tally); // warm the caches and the slab
    let start = Instant::now();
    let mut work = Work::default();
    for rep in 0..u64::from(args.replications) {
        let w = model.run(rep, &mut tally);
        work.calls += w.calls;
        work.events += w.events;
    }
    let one = start.elapsed().as_secs_f64();
    let (c1, e1) = rate(work, one);
    crate::report::output::print(&format!(
        "scenario: {} ({} days of ~28,800 calls)\n",
        sc.name, args.replications
    ))?;
    crate::report::output::print(&format!(
        "1 thread : {:>8.2} M calls/s  {:>8.2} M events/s  ({one:.3} s)\n",
        c1 / 1e6,
        e1 / 1e6
    ))?;
    let start = Instant::now();
    let (_, work_n) = super::with_threads(args.threads, || replicate::simulate(&sc, &|| {}))?;
    let many = start.elapsed().as_secs_f64();
    let (cn, en) = rate(work_n, many);
    let threads = args.threads.unwrap_or_else(rayon::current_num_threads);
    crate::report::output::print(&format!(
        "{threads} threads: {:>8.2} M calls/s  {:>8.2} M events/s  ({many:.3} s, speed-up {:.2}x, includes the statistics)\n",
        cn / 1e6,
        en / 1e6,
        cn / c1
    ))?;
    Ok(())
}
