//! Sharding: one heavy command split over processes or machines, merged
//! exactly.
//!
//! `ccsim run|sweep|compare|staff ... --shard I/N` does the I-th of N
//! consecutive shares of the command's work and writes a **partial
//! result**: the reduced statistics of that share (every accumulator the
//! outputs are built from), with the inputs, seed, options and version that
//! produced it. `ccsim merge PARTS...` checks that the parts belong
//! together and cover the work exactly once, adds their states and writes
//! the same outputs (`--json`, `--csv`, `--report`, charts, the table) as
//! the unsharded command, byte for byte: every sum is exact
//! ([`crate::stats::reduced`]), so how the work was split cannot show.
//!
//! # What a share is
//! - `run`: replications ([`Split::Replications`]), in whole accounting
//!   blocks ([`unit()`]).
//! - `compare`: replications, the same range of every scenario, so
//!   replication k of every alternative keeps its common random numbers
//!   ([`compare`]).
//! - `sweep`: grid points ([`Split::GridPoints`]), each with all its
//!   replications ([`sweep`]).
//! - `staff`: scenario files ([`Split::Scenarios`]): the search inside one
//!   scenario is sequential, so a scenario is never split ([`staff`]).
//!
//! With U units of work in whole groups of u (u = the longest contract
//! period in days for a run with costs, else 1), shard I of N takes units
//! from u * floor((I-1) * (U/u) / N) up to u * floor(I * (U/u) / N), the
//! last shard up to U. A shard may be empty (N larger than U).
//!
//! # The partial result file (format `ccsim-partial`, version 3)
//! A JSON object: `format` ("ccsim-partial"), `format_version` (3),
//! `ccsim_version`, `command`, `scenario` (its name), `scenario_file` (the
//! path as given), `scenario_text` (the whole TOML), `seed`,
//! `replications`, `shard` ({"index", "count"}), `split` (what `range`
//! counts), `total` (units of the whole command), `range` ([first, end)),
//! `options` (the command's inputs beyond the first scenario), `work`
//! ({"calls", "events"}) and `state`: the accumulators in the order the
//! code walks them, each number a decimal string (they exceed JSON's safe
//! integers). Only the same ccsim version reads a state; docs/scale.md has
//! the details.

pub mod compare;
pub mod staff;
pub mod sweep;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::scenario::{self, RawScenario, ValidScenario};
use crate::simulation::Reduction;
use crate::stats::reduced;

/// The `format` of a partial result file.
pub const FORMAT: &str = "ccsim-partial";
/// The layout version of a partial result file.
pub const FORMAT_VERSION: u32 = 3;

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialWork {
    /// Call attempts simulated.
    pub calls: u64,
    /// Events processed.
    pub events: u64,
}

/// What the `range` of a partial result counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Split {
    /// Replication indices (`run`, `compare`).
    #[serde(rename = "replications")]
    Replications,
    /// Grid points in grid order (`sweep`).
    #[serde(rename = "grid points")]
    GridPoints,
    /// Scenario files in argument order (`staff`).
    #[serde(rename = "scenarios")]
    Scenarios,
}

impl Split {
    /// The words for the units in messages.
    pub fn words(self) -> &'static str {
        match self {
            Split::Replications => "replications",
            Split::GridPoints => "grid points",
            Split::Scenarios => "scenario files",
        }
    }
}

/// One more input file of a sharded command: its path as given and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The path as given on the command line.
    pub file: String,
    /// The file's whole text.
    pub text: String,
}

/// The options of a sharded command that shape its outputs (beyond the
/// first scenario, seed and replications); parts merge only when these
/// are equal. Absent keys are the command's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// `sweep`: the `--vary` arguments, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vary: Vec<String>,
    /// `sweep`, `staff`: `--replications` as given (the points' or
    /// scenarios' own when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// `sweep`, `staff`: `--seed` as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// `compare`: the scenarios after the first (the baseline); `staff`:
    /// the scenario files after the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Input>,
    /// `staff`: the options of the search (`--group`, `--criterion`,
    /// `--max-agents`, `--max-passes`, `--shrinkage`), as words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<String>,
}

/// A partial result file: the reduced statistics of one share of a command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`] for files this version writes.
    pub format_version: u32,
    /// The ccsim version that wrote it (only the same version merges it).
    pub ccsim_version: String,
    /// The command that was sharded ("run", "sweep", "compare", "staff").
    pub command: String,
    /// The (first) scenario's name.
    pub scenario: String,
    /// The (first) scenario file as given on the command line.
    pub scenario_file: String,
    /// The (first) scenario file's whole text.
    pub scenario_text: String,
    /// Master seed (of the first scenario or grid point, overrides applied).
    pub seed: u64,
    /// Replications (of the first scenario or grid point, overrides applied).
    pub replications: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// What `range` and `total` count.
    pub split: Split,
    /// Units of work of the whole (unsharded) command.
    pub total: u64,
    /// Units done: first, and one past the last.
    pub range: [u64; 2],
    /// The command's other inputs and options.
    #[serde(default)]
    pub options: Options,
    /// Calls and events simulated in the range.
    pub work: PartialWork,
    /// The accumulators, in visiting order, as decimal integers (empty for `staff`).
    pub state: Vec<String>,
    /// `staff`: each staffed scenario file's finished outputs, in argument order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<staff::Site>,
}

impl Partial {
    /// A partial result of `command` for shard `shard`, with an empty state.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        command: &str,
        sc: &ValidScenario,
        file: &Path,
        text: &str,
        shard: Shard,
        split: Split,
        total: u64,
        range: Range<u64>,
        options: Options,
    ) -> Partial {
        Partial {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            ccsim_version: env!("CARGO_PKG_VERSION").into(),
            command: command.into(),
            scenario: sc.name.clone(),
            scenario_file: file.display().to_string(),
            scenario_text: text.to_owned(),
            seed: sc.seed,
            replications: u64::from(sc.replications),
            shard,
            split,
            total,
            range: [range.start, range.end],
            options,
            work: PartialWork::default(),
            state: Vec::new(),
            sites: Vec::new(),
        }
    }

    /// Records `state` (flattened) as this part's state.
    pub fn set_state(&mut self, state: &mut dyn reduced::Reduced) {
        self.state = reduced::flatten(state)
            .iter()
            .map(i128::to_string)
            .collect();
    }

    /// Adds this part's state into `into` (of the shape the part was
    /// written from); `path` names the file in errors.
    pub fn add_state_to(&self, path: &Path, into: &mut dyn reduced::Reduced) -> Result<(), Error> {
        let flat = self
            .state
            .iter()
            .map(|s| s.parse::<i128>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| data(path, format!("a state number is not an integer: {e}")))?;
        reduced::add_flat(into, &flat).map_err(|e| {
            data(
                path,
                format!("the state does not fit the scenario: {e} (was the file edited?)"),
            )
        })
    }
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
    let mut part = Partial::new(
        "run",
        sc,
        file,
        text,
        shard,
        Split::Replications,
        replications,
        range,
        Options::default(),
    );
    part.work = PartialWork {
        calls: red.work.calls,
        events: red.work.events,
    };
    part.set_state(&mut red);
    part
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

pub(crate) fn data(path: &Path, message: String) -> Error {
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
    // The version first, so an older or newer layout is named as such.
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        if v.get("format").and_then(|f| f.as_str()) == Some(FORMAT) {
            if let Some(n) = v.get("format_version").and_then(|n| n.as_u64()) {
                if n != u64::from(FORMAT_VERSION) {
                    return Err(data(
                        path,
                        format!(
                            "format_version {n} is not {FORMAT_VERSION}, the one this ccsim reads; merge with the ccsim that wrote it (or run the shards again with this one)"
                        ),
                    ));
                }
            }
        }
    }
    let part: Partial = serde_json::from_slice(&bytes).map_err(|e| {
        data(
            path,
            format!(
                "not a ccsim partial result ({e}); pass the files `ccsim run|sweep|compare|staff --shard I/N` wrote"
            ),
        )
    })?;
    if part.format != FORMAT {
        return Err(data(
            path,
            format!("format is {:?}, expected {FORMAT:?}", part.format),
        ));
    }
    Ok(part)
}

/// Checks that `parts` (read from `paths`) are the shards of one command
/// (same version, command, inputs, seed, replications, options and shard
/// count) and cover its work exactly once; returns the parts' indices in
/// the order of their ranges.
pub fn check(paths: &[PathBuf], parts: &[Partial]) -> Result<Vec<usize>, Error> {
    let (Some(first_path), Some(first)) = (paths.first(), parts.first()) else {
        return Err(Error::Usage(
            "ccsim merge needs at least one partial result file".into(),
        ));
    };
    let version = env!("CARGO_PKG_VERSION");
    for (path, p) in paths.iter().zip(parts) {
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
                    "{what} is {a}, but {} has {b}: these parts are not shards of one command; merge only the files of one `ccsim {} ... --shard I/N` job",
                    first_path.display(),
                    first.command
                ),
            )
        };
        if p.command != first.command {
            return Err(differs(
                "the command",
                format!("`{}`", p.command),
                format!("`{}`", first.command),
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
        if p.split != first.split || p.total != first.total {
            return Err(differs(
                "the work",
                format!("{} {}", p.total, p.split.words()),
                format!("{} {}", first.total, first.split.words()),
            ));
        }
        if p.options != first.options {
            return Err(differs(
                &format!("the {}", options_difference(&p.options, &first.options)),
                "different".into(),
                "others".into(),
            ));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].range[0], parts[i].range[1]));
    let words = first.split.words();
    let missing = |from: u64, to: u64| {
        Error::Usage(format!(
            "{words} {from} to {to} are missing: no part covers them (pass every shard's file, 1 to {n} of {n})",
            n = first.shard.count
        ))
    };
    let mut next = 0u64;
    for &i in &order {
        let [start, end] = parts[i].range;
        if start > next {
            return Err(missing(next, start - 1));
        }
        if start < next || end < start || end > first.total {
            return Err(data(
                &paths[i],
                format!(
                    "{words} {start} to {} overlap another part (shard {} of {} given twice?)",
                    end.saturating_sub(1),
                    parts[i].shard.index,
                    parts[i].shard.count
                ),
            ));
        }
        next = end;
    }
    if next != first.total {
        return Err(missing(next, first.total.saturating_sub(1)));
    }
    Ok(order)
}

/// Which option differs, in words (for [`check`]).
fn options_difference(a: &Options, b: &Options) -> &'static str {
    if a.vary != b.vary {
        "grid (--vary)"
    } else if a.replications != b.replications {
        "--replications"
    } else if a.seed != b.seed {
        "--seed"
    } else if a.scenarios.len() != b.scenarios.len()
        || a.scenarios
            .iter()
            .zip(&b.scenarios)
            .any(|(x, y)| x.file != y.file)
    {
        "list of scenario files"
    } else if a.scenarios != b.scenarios {
        "text of a scenario file (changed between shards?)"
    } else {
        "search options (--group, --criterion, --max-agents, --max-passes, --shrinkage)"
    }
}

/// Parses the scenario text a part carries (`file`: the scenario's path as
/// the shard was given it, against which a relative forecast file is
/// found, as [`scenario::load_raw`] does); `path` names the part in errors.
pub(crate) fn raw_of(path: &Path, text: &str, file: &str) -> Result<RawScenario, Error> {
    let mut raw = scenario::parse_all(text).map_err(|problems| Error::Parse {
        path: path.to_owned(),
        problems,
    })?;
    if let Some(f) = &raw.arrivals.file {
        let p = Path::new(f);
        if p.is_relative() {
            if let Some(dir) = Path::new(file).parent() {
                raw.arrivals.file = Some(dir.join(p).to_string_lossy().into_owned());
            }
        }
    }
    Ok(raw)
}

/// Validates the scenario text a part carries (see [`raw_of`]).
pub(crate) fn scenario_of(path: &Path, text: &str, file: &str) -> Result<ValidScenario, Error> {
    let raw = raw_of(path, text, file)?;
    scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Checks that `parts` (read from `paths`) are the shards of one run and
/// cover every replication exactly once, and adds them up in replication order.
pub fn merge(paths: &[PathBuf], parts: Vec<Partial>) -> Result<Merged, Error> {
    let order = check(paths, &parts)?;
    let (first_path, first) = (&paths[0], &parts[0]);
    let mut sc = scenario_of(first_path, &first.scenario_text, &first.scenario_file)?;
    sc.seed = first.seed;
    sc.replications = u32::try_from(first.replications)
        .map_err(|_| data(first_path, "replications exceed what a run can have".into()))?;
    let mut total = Reduction::new(&sc);
    for &i in &order {
        parts[i].add_state_to(&paths[i], &mut total)?;
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
