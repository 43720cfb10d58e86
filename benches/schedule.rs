//! `ccsim schedule` benchmarks: a day of scenarios/staffing-day.toml with
//! 30-minute starts and 4 shift lengths, scheduled and checked by
//! simulation (target under 10 s on a 2-core machine), and a week rostered
//! with 5 of 7 working days and two rest days in a row (target under 60 s),
//! per day (the default) and with the same start all week.

use criterion::{criterion_group, criterion_main, Criterion};

use ccsim::planner::Criterion as Meets;
use ccsim::schedule::check::{check, CheckOptions};
use ccsim::schedule::requirement::Requirement;
use ccsim::schedule::{plan, rules};

/// Erlang A requirement of scenarios/staffing-day.toml (agents on the phones).
const DAY: [f64; 24] = [
    23., 30., 38., 46., 51., 53., 53., 50., 43., 40., 42., 45., 46., 45., 42., 38., 35., 32., 28.,
    25., 21., 18., 15., 13.,
];

const RULES: &str = r#"
start_every = "00:30"
lengths = ["04:00", "06:00", "08:00", "10:00"]
absenteeism = 0.05
time_limit_seconds = 8
[[breaks]]
after = "01:30"
within = "01:00"
length = "00:15"
[[breaks]]
after = "03:30"
within = "01:00"
length = "00:30"
paid = false
min_shift_length = "06:00"
"#;

fn requirement() -> Requirement {
    Requirement {
        start_of_day: 8.0 * 3600.0,
        interval: 1800.0,
        intervals: 24,
        agents: DAY.to_vec(),
    }
}

fn bench(c: &mut Criterion) {
    let raw = ccsim::scenario::load_raw(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/staffing-day.toml"
    )))
    .expect("the shipped scenario loads");
    let day_rules = rules::parse(RULES).expect("rules");
    let mut g = c.benchmark_group("schedule");
    g.sample_size(10);
    g.bench_function(
        "day: 30-min starts, 4 lengths, schedule + simulation check",
        |b| {
            b.iter(|| {
                let mut s = plan(&requirement(), &day_rules).expect("schedule");
                let opts = CheckOptions {
                    group: 0,
                    replications: 100,
                    seed: 2024,
                    max_rounds: 5,
                    criterion: Meets::Mean,
                };
                check(&raw, &mut s, &day_rules, &opts).expect("check")
            })
        },
    );
    // The day's rules with a 40 s limit (one `time_limit_seconds` key only;
    // the week's keys before the `[[breaks]]` tables).
    let week_text = RULES.replace("time_limit_seconds = 8", "time_limit_seconds = 40");
    let week_rules = rules::parse(&format!(
        "days = 7\nroster = true\nwork_days = 5\nconsecutive_days_off = true\n{week_text}"
    ))
    .expect("week rules");
    g.bench_function("week: roster 5 of 7, two rest days in a row", |b| {
        b.iter(|| plan(&requirement(), &week_rules).expect("roster"))
    });
    // The same week with one shift per agent all week (`same_start`).
    let same_rules = rules::parse(&format!(
        "days = 7\nroster = true\nsame_start = true\nwork_days = 5\nconsecutive_days_off = true\n{week_text}"
    ))
    .expect("week rules");
    g.bench_function("week: roster 5 of 7, same start all week", |b| {
        b.iter(|| plan(&requirement(), &same_rules).expect("roster"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
