//! Simulation throughput: one replication of a stationary day at several
//! loads, reported by criterion as calls per second (elements = simulated
//! call attempts), and the whole parallel `simulate` with statistics.
//!
//! Run: `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use ccsim::commands::bench::bench_scenario;
use ccsim::model::CallCenter;
use ccsim::replicate;
use ccsim::scenario::{self, ValidScenario};

fn day(agents: u32, patience: &str, handle: &str) -> ValidScenario {
    let text = format!(
        r#"
name = "bench"
[horizon]
start = "00:00"
end = "24:00"
interval_minutes = 60
[arrivals]
calls_per_hour = 1200
[handle_time]
{handle}
[patience]
{patience}
[[groups]]
name = "agents"
agents = {agents}
"#
    );
    let raw = scenario::parse(&text).expect("parses");
    scenario::validate(&raw).expect("valid")
}

fn one_replication(c: &mut Criterion) {
    let exp = "distribution = \"exponential\"\nmean_seconds = 180";
    let logn = "distribution = \"lognormal\"\nmean_seconds = 180\ncv = 1.0";
    let impatient = "distribution = \"exponential\"\nmean_seconds = 300";
    let cases = [
        (
            "light 50% Erlang C",
            day(120, "distribution = \"none\"", exp),
        ),
        ("busy 95% Erlang A", day(63, impatient, exp)),
        ("overloaded 120% Erlang A", day(50, impatient, exp)),
        ("busy lognormal", day(63, impatient, logn)),
    ];
    let mut group = c.benchmark_group("replication");
    for (name, sc) in &cases {
        let mut model = CallCenter::new(sc);
        let mut tally = model.new_tally();
        let calls = model.run(0, &mut tally).calls;
        group.throughput(Throughput::Elements(calls));
        group.bench_with_input(BenchmarkId::from_parameter(name), sc, |b, _| {
            let mut rep = 0;
            b.iter(|| {
                rep += 1;
                model.run(rep, &mut tally)
            })
        });
    }
    group.finish();
}

fn parallel_run(c: &mut Criterion) {
    let mut sc = bench_scenario();
    sc.replications = 16;
    let (_, work) = replicate::simulate(&sc, &|| {});
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(work.calls));
    group.bench_function("16 days with statistics, all threads", |b| {
        b.iter(|| replicate::simulate(&sc, &|| {}))
    });
    group.finish();
}

criterion_group!(benches, one_replication, parallel_run);
criterion_main!(benches);
