//! Sharded sweeps: shard I of N simulates its share of the grid points
//! (consecutive in grid order, each with all its replications) and writes
//! their states; the merge rebuilds the grid from the scenario text and
//! the `--vary` arguments the parts carry, adds each point's state and
//! builds the sweep's result exactly as the unsharded sweep does.
//!
//! Grid points, not replications, are the unit: a point's figures need
//! all of its replications, and a share of whole points is the natural
//! job of a batch system (10,000 points over 100 tasks); every point's
//! state is exact, so where a point ran cannot show in any figure.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{check, data, raw_of, Options, Partial, PartialWork, Shard, Split};
use crate::error::Error;
use crate::scenario::RawScenario;
use crate::stats::reduced::{Reduced, Visitor};
use crate::sweep::{self, PointState, SweepResult, Vary};

/// The states of consecutive grid points, walked in grid order.
struct Points<'a>(&'a mut [PointState]);

impl Reduced for Points<'_> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        for p in self.0.iter_mut() {
            p.visit(v);
        }
    }
}

/// What a sweep shard is given: the scenario (`file`, its `text` and
/// parsed `raw` form), the `--vary` arguments as written and parsed, and
/// the `--replications`/`--seed` overrides.
pub struct SweepJob<'a> {
    /// The scenario file as given.
    pub file: &'a Path,
    /// Its text.
    pub text: &'a str,
    /// Its parsed form.
    pub raw: &'a RawScenario,
    /// The `--vary` arguments as written.
    pub vary_args: &'a [String],
    /// The same, parsed.
    pub varies: &'a [Vary],
    /// `--replications`, if given.
    pub replications: Option<u32>,
    /// `--seed`, if given.
    pub seed: Option<u64>,
}

/// Simulates shard `shard` of the sweep `job` (its share of the grid
/// points, in parallel) and returns its partial result.
pub fn run_shard(job: &SweepJob, shard: Shard) -> Result<Partial, Error> {
    let points = sweep::points(job.raw, job.varies, job.replications, job.seed)?;
    let range = shard.range(points.len() as u64, 1);
    let mine = &points[range.start as usize..range.end as usize];
    let done: Vec<(PointState, crate::model::Work)> = mine
        .par_iter()
        .map(|(_, sc)| sweep::simulate_point(sc))
        .collect();
    let mut part = Partial::new(
        "sweep",
        &points[0].1,
        job.file,
        job.text,
        shard,
        Split::GridPoints,
        points.len() as u64,
        range,
        Options {
            vary: job.vary_args.to_vec(),
            replications: job.replications,
            seed: job.seed,
            ..Options::default()
        },
    );
    let mut states = Vec::with_capacity(done.len());
    for (state, work) in done {
        part.work.calls += work.calls;
        part.work.events += work.events;
        states.push(state);
    }
    part.set_state(&mut Points(&mut states));
    Ok(part)
}

/// A merged sweep: its result and the inputs its outputs show.
pub struct MergedSweep {
    /// The sweep's result, as the unsharded sweep gives it.
    pub result: SweepResult,
    /// The scenario's name (for the default chart folder).
    pub name: String,
    /// The scenario file as the parts name it.
    pub scenario_file: PathBuf,
    /// The scenario's text.
    pub scenario_text: String,
    /// The `--vary` arguments.
    pub vary: Vec<String>,
    /// Work simulated by all parts.
    pub work: PartialWork,
}

/// Checks that `parts` (read from `paths`) are the shards of one sweep,
/// covering every grid point once, and builds the sweep's result.
pub fn merge(paths: &[PathBuf], parts: Vec<Partial>) -> Result<MergedSweep, Error> {
    let order = check(paths, &parts)?;
    let (first_path, first) = (&paths[0], &parts[0]);
    let raw = raw_of(first_path, &first.scenario_text, &first.scenario_file)?;
    let opts = &first.options;
    let varies = opts
        .vary
        .iter()
        .map(|v| Vary::parse(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| data(first_path, format!("its --vary does not parse: {e}")))?;
    let mut points = sweep::grid(&raw, &varies)
        .map_err(|e| data(first_path, format!("its grid cannot be rebuilt: {e}")))?;
    for (_, sc) in &mut points {
        // The shards checked the overrides (and warned of long runs).
        if let Some(r) = opts.replications {
            sc.replications = r;
        }
        if let Some(s) = opts.seed {
            sc.seed = s;
        }
    }
    if points.len() as u64 != first.total {
        return Err(data(
            first_path,
            format!(
                "the grid has {} points here, the part says {}: was the file edited?",
                points.len(),
                first.total
            ),
        ));
    }
    let mut states: Vec<PointState> = points.iter().map(|(_, sc)| PointState::new(sc)).collect();
    let mut work = PartialWork::default();
    for &i in &order {
        let [a, b] = parts[i].range;
        parts[i].add_state_to(&paths[i], &mut Points(&mut states[a as usize..b as usize]))?;
        work.calls += parts[i].work.calls;
        work.events += parts[i].work.events;
    }
    Ok(MergedSweep {
        result: sweep::assemble(&points, &varies, states),
        name: raw.name.clone(),
        scenario_file: PathBuf::from(&first.scenario_file),
        scenario_text: first.scenario_text.clone(),
        vary: opts.vary.clone(),
        work,
    })
}
