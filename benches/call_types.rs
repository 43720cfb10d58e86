//! Cost of call types: one replication of the built-in benchmark day
//! (60 Erlangs, 63 agents, Erlang A) with its calls as one plain type, split
//! into two declared types with priorities, and split into two types served
//! by two skill groups. Throughput is in simulated calls per second, so the
//! cost per call of each variant compares directly (issue 7 requires two
//! types to cost at most 1.5 times the single type per call).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use ccsim::commands::bench::{bench_scenario, BENCH_SCENARIO};
use ccsim::model::CallCenter;
use ccsim::scenario::{self, ValidScenario};

/// The benchmark day with its 1200 calls per hour split into two declared types.
fn two_types(groups: &str) -> ValidScenario {
    let text = BENCH_SCENARIO
        .replace("[arrivals]\ncalls_per_hour = 1200\n", "")
        .replace("[[groups]]\nname = \"agents\"\nagents = 63\n", "")
        + r#"
[[call_types]]
name = "premium"
priority = 1
calls_per_hour = 400
[[call_types]]
name = "regular"
calls_per_hour = 800
"# + groups;
    let raw = scenario::parse(&text).expect("bench scenario parses");
    scenario::validate(&raw).expect("bench scenario is valid")
}

fn bench(c: &mut Criterion) {
    let variants = [
        ("one_type", bench_scenario()),
        (
            "two_types",
            two_types("[[groups]]\nname = \"agents\"\nagents = 63\n"),
        ),
        (
            "two_types_two_skill_groups",
            two_types(
                "[[groups]]\nname = \"premium-desk\"\nagents = 22\nskills = [\"premium\"]\n\
                 [[groups]]\nname = \"all-round\"\nagents = 41\n",
            ),
        ),
    ];
    let mut group = c.benchmark_group("call_types");
    group.sample_size(20);
    for (name, sc) in &variants {
        let mut model = CallCenter::new(sc);
        let mut tally = model.new_tally();
        model.run(u64::MAX, &mut tally); // warm the caches and the slab
        let calls: f64 = (0..sc.horizon.intervals)
            .map(|k| sc.expected_calls(k))
            .sum();
        group.throughput(Throughput::Elements(calls.round() as u64));
        let mut rep = 0u64;
        group.bench_function(*name, |b| {
            b.iter(|| {
                rep += 1;
                model.run(rep, &mut tally)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
