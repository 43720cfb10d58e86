//! Planner benchmarks: the Erlang staffing search on a very large center
//! (answers must come in milliseconds) and a small simulation staffing run.

use criterion::{criterion_group, criterion_main, Criterion};

use ccsim::analytic::{required_agents, Model, Targets};
use ccsim::planner::{staff, Criterion as Meets, StaffOptions};
use ccsim::scenario::{parse, validate};

const DAY: &str = r#"
name = "bench staffing"
[simulation]
replications = 40
seed = 3
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 30
[arrivals]
calls_per_hour = [240, 420, 600, 600, 560, 480, 420, 300]
[handle_time]
distribution = "lognormal"
mean_seconds = 300
cv = 1.0
[patience]
distribution = "exponential"
mean_seconds = 240
[[groups]]
name = "team"
agents = 50
"#;

fn erlang(c: &mut Criterion) {
    let t = Targets {
        service_level: Some(0.8),
        threshold: 20.0,
        max_abandon: Some(0.03),
        ..Default::default()
    };
    let rate = 4000.0 / 300.0;
    c.bench_function("erlang c staffing, 4000 Erlangs", |b| {
        b.iter(|| required_agents(Model::ErlangC, rate, 300.0, &t, 100_000))
    });
    let a = Model::ErlangA {
        mean_patience: 120.0,
    };
    c.bench_function("erlang a staffing, 4000 Erlangs", |b| {
        b.iter(|| required_agents(a, rate, 300.0, &t, 100_000))
    });
}

fn simulation_staffing(c: &mut Criterion) {
    let sc = validate(&parse(DAY).expect("parses")).expect("valid");
    let opts = StaffOptions {
        group: 0,
        criterion: Meets::Mean,
        replications: 40,
        max_agents: None,
        max_passes: 4,
    };
    let mut g = c.benchmark_group("planner");
    g.sample_size(10);
    g.bench_function("staff 8 half-hours, 40 replications", |b| {
        b.iter(|| staff(&sc, &opts))
    });
    g.finish();
}

criterion_group!(benches, erlang, simulation_staffing);
criterion_main!(benches);
