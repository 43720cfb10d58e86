//! The pipelines behind each subcommand: parse, validate, run, export.

pub mod backtest;
pub mod bench;
pub mod breakeven;
pub mod check;
pub mod compare;
pub mod erlang;
pub mod fit;
pub mod merge;
pub mod run;
pub mod schedule;
pub mod serve;
pub mod simulate_log;
pub mod staff;
pub mod sweep;

use crate::error::Error;

/// Runs `f` on a rayon pool of `threads` workers (all cores when `None`).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, Error> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(Error::Usage("--threads must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}"))),
    }
}

/// The index of the group `--group NAME` names (the first group without
/// it), or a usage error listing the scenario's groups: one lookup for
/// `staff` and `schedule`.
pub(crate) fn group_index(
    sc: &crate::scenario::ValidScenario,
    name: Option<&str>,
    path: &std::path::Path,
) -> Result<usize, crate::error::Error> {
    let Some(name) = name else { return Ok(0) };
    sc.groups
        .iter()
        .position(|g| g.name == name)
        .ok_or_else(|| {
            crate::error::Error::Usage(format!(
                "--group \"{name}\": {} has no such group (groups: {})",
                path.display(),
                sc.groups
                    .iter()
                    .map(|g| format!("\"{}\"", g.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}
