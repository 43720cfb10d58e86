//! Sharding: one run split over processes or machines, merged exactly.
//!
//! `ccsim run SCENARIO --shard I/N` simulates the I-th of N consecutive
//! ranges of the replications and writes a **partial result**: the reduced
//! statistics of that range (every accumulator the report is built from),
//! with the scenario text, seed and version that produced it.
//! `ccsim merge PARTS...` checks that the parts belong together and cover
//! every replication exactly once, adds their states and writes the same
//! report (`--json`, `--csv`, `--report`, the table) as the unsharded run,
//! byte for byte: every sum is exact ([`crate::stats::reduced`]), so how
//! the replications were split cannot show in any figure.
//!
//! # Which replications a shard runs
//! With R replications in whole units of u (u = the longest contract
//! period in days when the scenario has costs, else 1), shard I of N runs
//! replications from u * floor((I-1) * (R/u) / N) up to u * floor(I * (R/u)
//! / N), the last shard up to R. A shard may be empty (N larger than R).
//!
//! # The partial result file (format `ccsim-partial`, version 2)
//! A JSON object: `format` ("ccsim-partial"), `format_version` (2),
//! `ccsim_version`, `command` ("run"), `scenario` (its name),
//! `scenario_file` (the path as given), `scenario_text` (the whole TOML),
//! `seed`, `replications` (of the whole run), `shard` ({"index", "count"}),
//! `range` ([first, end) replication indices), `work` ({"calls",
//! "events"}) and `state`: the accumulators in the order the code walks
//! them, each number a decimal string (they exceed JSON's safe integers).
//! Only the same ccsim version reads a state; docs/scale.md has the details.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::scenario::{self, ValidScenario};
use crate::simulation::Reduction;
use crate::stats::reduced;

/// The `format` of a partial result file.
pub const FORMAT: &str = "ccsim-partial";
/// The layout version of a partial result file.
pub const FORMAT_VERSION: u32 = 2;

/// One process's share of the work: shard `index` (from 1) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, 1 to `count`.
    pub index: u32,
    /// How many shards the work is split into.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// Reads "I/N" with 1 <= I <= N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || {
            format!("--shard {s:?}: expected I/N with 1 <= I <= N (e.g. --shard 2/8 for the second of eight shards)")
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The replications this shard runs out of `replications`, split in
    /// whole units of `unit` replications (see the module documentation).
    pub fn range(&self, replications: u64, unit: u64) -> Range<u64> {
        let unit = unit.max(1);
        let units = u128::from(replications / unit);
        let (i, n) = (u128::from(self.index), u128::from(self.count));
        let at = |k: u128| (units * k / n) as u64 * unit;
        let start = at(i - 1);
        let end = if self.index == self.count {
            replications
        } else {
            at(i)
        };
        start..end
    }
}

/// The unit replications are split in for `sc`: the accounting block
/// (a shard must hold whole contract periods) or a single day.
pub fn unit(sc: &ValidScenario) -> u64 {
    if crate::money::applies(sc) {
        u64::from(crate::money::Ledger::new(sc).block_days.max(1))
    } else {
        1
    }
}

/// The file a shard writes when no path is given:
/// `<scenario file stem>.shard-I-of-N.json` in the current directory.
pub fn default_file(scenario: &Path, shard: Shard) -> String {
    let stem = scenario
        .file_stem()
        .map_or_else(|| "run".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.shard-{}-of-{}.json", shard.index, shard.count)
}

/// Work counters of a partial result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialWork {
    /// Call attempts simulated.
    pub calls: u64,
    /// Events processed.
    pub events: u64,
}

/// A partial result file: the reduced statistics of a range of replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`] for files this version writes.
    pub format_version: u32,
    /// The ccsim version that wrote it (only the same version merges it).
    pub ccsim_version: String,
    /// The command that was sharded ("run").
    pub command: String,
    /// The scenario's name.
    pub scenario: String,
    /// The scenario file as given on the command line.
    pub scenario_file: String,
    /// The scenario file's whole text.
    pub scenario_text: String,
    /// Master seed of the run.
    pub seed: u64,
    /// Replications of the whole (unsharded) run.
    pub replications: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// Replication indices simulated: first, and one past the last.
    pub range: [u64; 2],
    /// Calls and events simulated in the range.
    pub work: PartialWork,
    /// The accumulators, in visiting order, as decimal integers.
    pub state: Vec<String>,
}

/// Simulates shard `shard` of `sc` (loaded from `file`, whose text is
/// `text`) and returns its partial result.
pub fn run_shard(
    sc: &ValidScenario,
    file: &Path,
    text: &str,
    shard: Shard,
    on_done: &(dyn Fn() + Sync),
) -> Partial {
    let replications = u64::from(sc.replications);
    let range = shard.range(replications, unit(sc));
    let mut red = Reduction::simulate_range(sc, range.clone(), on_done, |_, _, _| {});
    let work = red.work;
    Partial {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        ccsim_version: env!("CARGO_PKG_VERSION").into(),
        command: "run".into(),
        scenario: sc.name.clone(),
        scenario_file: file.display().to_string(),
        scenario_text: text.to_owned(),
        seed: sc.seed,
        replications,
        shard,
        range: [range.start, range.end],
        work: PartialWork {
            calls: work.calls,
            events: work.events,
        },
        state: reduced::flatten(&mut red)
            .iter()
            .map(i128::to_string)
            .collect(),
    }
}

/// A merged run: the scenario as the parts describe it and the reduced
/// statistics of every replication.
pub struct Merged {
    /// The scenario (seed and replications as the run had them).
    pub scenario: ValidScenario,
    /// The scenario file as the first part names it.
    pub scenario_file: PathBuf,
    /// The scenario's text.
    pub scenario_text: String,
    /// Every replication's statistics, reduced.
    pub reduction: Reduction,
}

fn data(path: &Path, message: String) -> Error {
    Error::Data {
        path: path.to_owned(),
        message,
    }
}

/// Reads one partial result file.
pub fn read(path: &Path) -> Result<Partial, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::ReadData {
        path: path.to_owned(),
        source,
    })?;
    let part: Partial = serde_json::from_slice(&bytes).map_err(|e| {
        data(
            path,
            format!(
                "not a ccsim partial result ({e}); pass the files `ccsim run --shard I/N` wrote"
            ),
        )
    })?;
    if part.format != FORMAT {
        return Err(data(
            path,
            format!("format is {:?}, expected {FORMAT:?}", part.format),
        ));
    }
    if part.format_version != FORMAT_VERSION {
        return Err(data(
            path,
            format!(
                "format_version {} is not {FORMAT_VERSION}, the one this ccsim reads; merge with the ccsim that wrote it",
                part.format_version
            ),
        ));
    }
    Ok(part)
}

/// Checks that `parts` (read from `paths`) are the shards of one run and
/// cover every replication exactly once, and adds them up in replication order.
pub fn merge(paths: &[PathBuf], parts: Vec<Partial>) -> Result<Merged, Error> {
    let (Some(first_path), Some(first)) = (paths.first(), parts.first()) else {
        return Err(Error::Usage(
            "ccsim merge needs at least one partial result file".into(),
        ));
    };
    let version = env!("CARGO_PKG_VERSION");
    for (path, p) in paths.iter().zip(&parts) {
        if p.ccsim_version != version {
            return Err(data(
                path,
                format!(
                    "written by ccsim {}, this is ccsim {version}; merge with the version that ran the shards",
                    p.ccsim_version
                ),
            ));
        }
        let differs = |what: &str, a: String, b: String| {
            data(
                path,
                format!(
                    "{what} is {a}, but {} has {b}: these parts are not shards of one run",
                    first_path.display()
                ),
            )
        };
        if p.command != first.command {
            return Err(differs(
                "the command",
                p.command.clone(),
                first.command.clone(),
            ));
        }
        if p.scenario_text != first.scenario_text {
            return Err(differs(
                "the scenario",
                format!("{:?} ({})", p.scenario, p.scenario_file),
                format!(
                    "{:?} ({}), or its file changed",
                    first.scenario, first.scenario_file
                ),
            ));
        }
        if p.seed != first.seed {
            return Err(differs(
                "the seed",
                p.seed.to_string(),
                first.seed.to_string(),
            ));
        }
        if p.replications != first.replications {
            return Err(differs(
                "the number of replications",
                p.replications.to_string(),
                first.replications.to_string(),
            ));
        }
        if p.shard.count != first.shard.count {
            return Err(differs(
                "the number of shards",
                p.shard.count.to_string(),
                first.shard.count.to_string(),
            ));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].range[0], parts[i].range[1]));
    let mut next = 0u64;
    for &i in &order {
        let [start, end] = parts[i].range;
        if start > next {
            return Err(Error::Usage(format!(
                "replications {next} to {} are missing: no part covers them (pass every shard's file, 1 to {} of {})",
                start - 1,
                first.shard.count,
                first.shard.count
            )));
        }
        if start < next {
            return Err(data(
                &paths[i],
                format!(
                    "replications {start} to {} overlap another part (shard {} of {} given twice?)",
                    end.saturating_sub(1),
                    parts[i].shard.index,
                    parts[i].shard.count
                ),
            ));
        }
        next = end;
    }
    if next != first.replications {
        return Err(Error::Usage(format!(
            "replications {next} to {} are missing: no part covers them (pass every shard's file, 1 to {} of {})",
            first.replications.saturating_sub(1),
            first.shard.count,
            first.shard.count
        )));
    }
    let raw = scenario::parse_all(&first.scenario_text).map_err(|problems| Error::Parse {
        path: first_path.clone(),
        problems,
    })?;
    let mut sc = scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: first_path.clone(),
        problems,
    })?;
    sc.seed = first.seed;
    sc.replications = u32::try_from(first.replications)
        .map_err(|_| data(first_path, "replications exceed what a run can have".into()))?;
    let mut total = Reduction::new(&sc);
    for &i in &order {
        let flat = parts[i]
            .state
            .iter()
            .map(|s| s.parse::<i128>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| data(&paths[i], format!("a state number is not an integer: {e}")))?;
        reduced::add_flat(&mut total, &flat).map_err(|e| {
            data(
                &paths[i],
                format!("the state does not fit the scenario: {e}"),
            )
        })?;
    }
    Ok(Merged {
        scenario: sc,
        scenario_file: PathBuf::from(&first.scenario_file),
        scenario_text: first.scenario_text.clone(),
        reduction: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_replications_in_whole_units() {
        for (reps, unit) in [(10u64, 1u64), (7, 1), (100, 7), (3, 1), (0, 1), (30, 30)] {
            for n in 1..=12u32 {
                let mut next = 0;
                for i in 1..=n {
                    let r = Shard { index: i, count: n }.range(reps, unit);
                    assert_eq!(r.start, next, "{reps} reps, {i}/{n}");
                    assert!(r.start.is_multiple_of(unit) && r.end >= r.start);
                    next = r.end;
                }
                assert_eq!(next, reps);
            }
        }
    }

    #[test]
    fn shard_text_is_i_of_n() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
