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
    let days = h.open_days().max(1);
    let volume = if !h.uniform {
        format!(
            "{days} open days with their own hours ({} intervals of {} min in all), {:.0} calls expected over the horizon ({:.0} a day on average)",
            h.intervals,
            h.interval / 60.0,
            calls,
            calls / days as f64
        )
    } else if days > 1 {
        format!(
            "{days} open days of {} intervals of {} min from {}, {:.0} calls expected over the horizon ({:.0} a day on average)",
            h.per_day,
            h.interval / 60.0,
            h.label(0),
            calls,
            calls / days as f64
        )
    } else {
        format!(
            "{} intervals of {} min from {}, {calls:.0} calls expected per day",
            h.intervals,
            h.interval / 60.0,
            h.label(0)
        )
    };
    output::print(&format!(
        "{}: valid. \"{}\", {volume}, {} group(s), {} replications, seed {}.\n",
        args.scenario.display(),
        sc.name,
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
