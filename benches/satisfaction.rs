//! What scoring satisfaction costs per simulated day: one replication of the
//! built-in benchmark day (about 28,800 calls) without an observer, with the
//! satisfaction observer, and with retrials switched on (callers' latest
//! scores kept until the day ends).

use criterion::{criterion_group, criterion_main, Criterion};

use ccsim::commands::bench::bench_scenario;
use ccsim::model::CallCenter;
use ccsim::replicate::ReplicationObserver;
use ccsim::satisfaction::SatisfactionObserver;

fn day(c: &mut Criterion) {
    let sc = bench_scenario();
    let mut retrying = sc.clone();
    retrying.types[0].retrials.after_abandon = 0.3;
    let mut g = c.benchmark_group("one day");
    g.sample_size(20);
    g.bench_function("core only", |b| {
        let mut model = CallCenter::new(&sc);
        let mut tally = model.new_tally();
        let mut rep = 0;
        b.iter(|| {
            rep += 1;
            model.run(rep, &mut tally)
        })
    });
    g.bench_function("with satisfaction", |b| {
        let mut model = CallCenter::new(&sc);
        let mut tally = model.new_tally();
        let mut obs = SatisfactionObserver::new(&sc);
        let mut rep = 0;
        b.iter(|| {
            rep += 1;
            obs.begin();
            let w = model.run_observed(rep, &mut tally, &mut obs);
            (w, obs.finish())
        })
    });
    g.bench_function("with satisfaction and retrials", |b| {
        let mut model = CallCenter::new(&retrying);
        let mut tally = model.new_tally();
        let mut obs = SatisfactionObserver::new(&retrying);
        let mut rep = 0;
        b.iter(|| {
            rep += 1;
            obs.begin();
            let w = model.run_observed(rep, &mut tally, &mut obs);
            (w, obs.finish())
        })
    });
    g.finish();
}

criterion_group!(benches, day);
criterion_main!(benches);
