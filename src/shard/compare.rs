//! Sharded comparisons: shard I of N simulates the same share of the
//! replications of every scenario, so replication k of every alternative
//! keeps the random numbers it has in the unsharded comparison (common
//! random numbers), and writes each scenario's statistics and the paired
//! sums ([`crate::compare::State`]); every sum is exact, so the merged
//! estimates, paired differences, their intervals and significance marks
//! are those of the unsharded comparison, bit for bit.
//!
//! With contract periods the split is in whole accounting blocks of every
//! scenario (the least common multiple of their block lengths), so the
//! cost blocks the money differences pair are never cut.

use std::path::{Path, PathBuf};

use super::{check, data, scenario_of, unit, Input, Options, Partial, PartialWork, Shard, Split};
use crate::compare::{self, Compared};
use crate::error::Error;
use crate::scenario::ValidScenario;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The unit replications of a comparison are split in: the least common
/// multiple of every scenario's accounting block.
pub fn compare_unit(scenarios: &[ValidScenario]) -> u64 {
    scenarios.iter().map(unit).fold(1, |l, u| {
        let u = u.max(1);
        l / gcd(l, u) * u
    })
}

/// Simulates shard `shard` of the comparison of `scenarios` (aligned on
/// one seed and replication count; `files`: each one's path and text) and
/// returns its partial result.
pub fn run_shard(scenarios: &[ValidScenario], files: &[Input], shard: Shard) -> Partial {
    let reps = scenarios.first().map_or(0, |s| u64::from(s.replications));
    let range = shard.range(reps, compare_unit(scenarios));
    let mut state = compare::State::new(scenarios);
    state.simulate_range(scenarios, range.clone(), &|| {});
    let mut part = Partial::new(
        "compare",
        &scenarios[0],
        Path::new(&files[0].file),
        &files[0].text,
        shard,
        Split::Replications,
        reps,
        range,
        Options {
            scenarios: files[1..].to_vec(),
            ..Options::default()
        },
    );
    for r in &state.reductions {
        part.work.calls += r.work.calls;
        part.work.events += r.work.events;
    }
    part.set_state(&mut state);
    part
}

/// A merged comparison: the scenarios, their labels and files, and the
/// simulations, as the unsharded comparison has them.
pub struct MergedCompare {
    /// The scenarios (one seed and replication count).
    pub scenarios: Vec<ValidScenario>,
    /// Their labels.
    pub labels: Vec<String>,
    /// Each one's path as given and text.
    pub files: Vec<(String, String)>,
    /// The simulations.
    pub compared: Compared,
    /// Work simulated by all parts.
    pub work: PartialWork,
}

/// Checks that `parts` (read from `paths`) are the shards of one
/// comparison covering every replication once, and adds them up.
pub fn merge(paths: &[PathBuf], parts: Vec<Partial>) -> Result<MergedCompare, Error> {
    let order = check(paths, &parts)?;
    let (first_path, first) = (&paths[0], &parts[0]);
    let mut files = vec![(first.scenario_file.clone(), first.scenario_text.clone())];
    files.extend(
        first
            .options
            .scenarios
            .iter()
            .map(|i| (i.file.clone(), i.text.clone())),
    );
    let mut scenarios = Vec::with_capacity(files.len());
    for (file, text) in &files {
        let mut sc = scenario_of(first_path, text, file)?;
        sc.seed = first.seed;
        sc.replications = u32::try_from(first.replications)
            .map_err(|_| data(first_path, "replications exceed what a run can have".into()))?;
        scenarios.push(sc);
    }
    let mut state = compare::State::new(&scenarios);
    let mut work = PartialWork::default();
    for &i in &order {
        parts[i].add_state_to(&paths[i], &mut state)?;
        work.calls += parts[i].work.calls;
        work.events += parts[i].work.events;
    }
    let given: Vec<PathBuf> = files.iter().map(|(f, _)| PathBuf::from(f)).collect();
    Ok(MergedCompare {
        labels: compare::labels(&scenarios, &given),
        compared: state.finish(&scenarios),
        scenarios,
        files,
        work,
    })
}
