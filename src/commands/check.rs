//! `ccsim check`: validate a scenario and summarise it.

use crate::cli::CheckArgs;
use crate::error::Error;
use crate::report::output;
use crate::scenario;

/// Validates the file and prints a one-paragraph summary of it.
pub fn execute(args: &CheckArgs) -> Result<(), Error> {
    let sc = scenario::load(&args.scenario)?;
    let h = sc.horizon;
    let calls: f64 = (0..h.intervals).map(|k| sc.expected_calls(k)).sum();
    output::print(&format!(
        "{}: valid. \"{}\", {} intervals of {} min from {}, {:.0} calls expected per day, {} group(s), {} replications, seed {}.\n",
        args.scenario.display(),
        sc.name,
        h.intervals,
        h.interval / 60.0,
        h.label(0),
        calls,
        sc.groups.len(),
        sc.replications,
        sc.seed
    ))?;
    if sc.declared_types {
        let types: Vec<String> = sc
            .types
            .iter()
            .map(|t| format!("{} (priority {})", t.name, t.priority))
            .collect();
        output::print(&format!("Call types: {}.\n", types.join(", ")))?;
    }
    Ok(())
}
