//! Sharded staffing over several sites: `ccsim staff SITE... --shard I/N`
//! staffs the I-th of N shares of the scenario files, whole.
//!
//! The search inside one scenario is sequential: interval by interval,
//! each decision depends on the simulated figures the previous ones gave
//! (calls carried over, overflow, retrials), so no share of one
//! scenario's search can be done without the rest; a single scenario is
//! refused with `--shard` over more than one shard. Sites (scenario
//! files) are independent, so a planning department's 200 sites are the
//! honest unit: a shard staffs its files and writes, for each, exactly
//! the bytes `ccsim staff` writes for it (JSON, CSV, staffed TOML, HTML
//! page, table); the merge checks that the parts belong together and
//! writes them as the unsharded command does. A staffing is a search
//! result, not a sum, so a part carries the finished outputs rather than
//! accumulators.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{check, data, Partial};
use crate::error::Error;

/// One staffed scenario file: everything `ccsim staff` writes for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The scenario file as given.
    pub file: String,
    /// The `--json` bytes.
    pub json: String,
    /// The `--csv` bytes.
    pub csv: String,
    /// The `--out` text (the staffed scenario); empty with `toml_error`.
    pub toml: String,
    /// Why the staffed scenario could not be written, if it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toml_error: Option<String>,
    /// The `--report` page; empty with `report_error`.
    pub report: String,
    /// Why the page could not be rendered, if it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_error: Option<String>,
    /// The table.
    pub table: String,
    /// The warnings shown with `--quiet`.
    pub warnings: Vec<String>,
    /// Seconds the search took.
    pub seconds: f64,
}

/// Checks that `parts` (read from `paths`) are the shards of one `ccsim
/// staff` over the same scenario files and options, covering every file
/// once, and returns every file's outputs in argument order.
pub fn merge(paths: &[PathBuf], parts: Vec<Partial>) -> Result<Vec<Site>, Error> {
    let order = check(paths, &parts)?;
    let first = &parts[0];
    let mut files = vec![first.scenario_file.clone()];
    files.extend(first.options.scenarios.iter().map(|i| i.file.clone()));
    let mut sites = Vec::with_capacity(files.len());
    for &i in &order {
        let [a, b] = parts[i].range;
        let expected = &files[a as usize..b as usize];
        let given: Vec<&String> = parts[i].sites.iter().map(|s| &s.file).collect();
        if given.len() != expected.len() || given.iter().zip(expected).any(|(g, e)| *g != e) {
            return Err(data(
                &paths[i],
                format!(
                    "its staffed sites ({}) are not scenario files {a} to {} of the command ({}): was the file edited?",
                    given.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                    b.saturating_sub(1),
                    expected.join(", ")
                ),
            ));
        }
        sites.extend(parts[i].sites.iter().cloned());
    }
    Ok(sites)
}
