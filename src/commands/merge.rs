//! `ccsim merge`: adds up the partial results of a sharded run
//! (`ccsim run --shard I/N`) and writes the run's report, byte for byte
//! what the unsharded run writes.

use crate::cli::MergeArgs;
use crate::error::Error;
use crate::shard;

use super::run::{publish_run, Publish};

/// The whole `ccsim merge` pipeline: read, check, add, report.
pub fn execute(args: &MergeArgs) -> Result<(), Error> {
    let inputs: Vec<&std::path::Path> = args.parts.iter().map(|p| p.as_path()).collect();
    let parts = args
        .parts
        .iter()
        .map(|p| shard::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let merged = shard::merge(&args.parts, parts)?;
    let sim = merged.reduction.finish();
    let publish = Publish {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        quiet: args.quiet,
        charts: args.charts.as_ref(),
        chart_format: args.chart_format,
        report: args.report.as_ref(),
        intervals: args.intervals,
        inputs: &inputs,
        criterion: args.criterion,
    };
    publish.preflight(&merged.scenario)?;
    publish_run(&merged.scenario, &sim, &merged.scenario_text, &publish)
}
