//! A week against a day: one replication of a 7-day continuous horizon of
//! M/M/50 at 98% load (588 calls an hour, 300 s), and of one day of the
//! same, with statistics (`replicate::simulate`, one replication). The
//! issue's bound: a week costs at most 7.5 times a day. Measured on the
//! shared 2-core machine (22:05 UTC, other jobs running): 1 day 4.17 ms,
//! 7 days 29.95 ms, 7.2 times.
//!
//! Run: `cargo bench --bench horizon -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use ccsim::replicate;
use ccsim::scenario::{self, ValidScenario};

fn horizon(days: u32) -> ValidScenario {
    let text = format!(
        r#"
name = "week bench"
[simulation]
replications = 1
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 30
days = {days}
[arrivals]
calls_per_hour = 588
[handle_time]
distribution = "exponential"
mean_seconds = 300
[[groups]]
name = "agents"
agents = 50
"#
    );
    let raw = scenario::parse(&text).expect("parses");
    scenario::validate(&raw).expect("valid")
}

fn week_against_day(c: &mut Criterion) {
    let mut group = c.benchmark_group("horizon");
    for days in [1, 7] {
        let sc = horizon(days);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{days} day(s)")),
            &sc,
            |b, sc| b.iter(|| replicate::simulate(sc, &|| {})),
        );
    }
    group.finish();
}

criterion_group!(benches, week_against_day);
criterion_main!(benches);
