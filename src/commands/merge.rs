//! `ccsim merge`: adds up the partial results of a sharded command
//! (`ccsim run|sweep|compare|staff --shard I/N`) and writes the command's
//! outputs, byte for byte what the unsharded command writes.

use std::path::{Path, PathBuf};

use crate::cli::MergeArgs;
use crate::error::Error;
use crate::report::output::{self, Outputs};
use crate::shard::{self, Partial, Shard};

use super::run::{publish_run, Publish};

/// The whole `ccsim merge` pipeline: read, check, add, write what the
/// sharded command writes.
pub fn execute(args: &MergeArgs) -> Result<(), Error> {
    let parts = args
        .parts
        .iter()
        .map(|p| shard::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let command = parts.first().map(|p| p.command.clone()).unwrap_or_default();
    if args.out.is_some() && command != "staff" {
        return Err(Error::Usage(format!(
            "--out writes staffed scenarios: it belongs to merging `ccsim staff` parts, and these are `ccsim {command}` parts"
        )));
    }
    match command.as_str() {
        "sweep" => merge_sweep(args, parts),
        "staff" => merge_staff(args, parts),
        "compare" => merge_compare(args, parts),
        _ => merge_run(args, parts),
    }
}

fn merge_run(args: &MergeArgs, parts: Vec<Partial>) -> Result<(), Error> {
    let inputs: Vec<&Path> = args.parts.iter().map(|p| p.as_path()).collect();
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

fn merge_sweep(args: &MergeArgs, parts: Vec<Partial>) -> Result<(), Error> {
    let inputs: Vec<&Path> = args.parts.iter().map(|p| p.as_path()).collect();
    let merged = shard::sweep::merge(&args.parts, parts)?;
    let out = super::sweep::SweepOutputs {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        charts: args.charts.as_ref(),
        chart_format: args.chart_format,
        quiet: args.quiet,
        target: args.target,
    };
    let chart_path = out.chart_path(&merged.name);
    out.preflight(&inputs, chart_path.as_deref())?;
    out.publish(
        &merged.result,
        &inputs,
        chart_path,
        &merged.scenario_file.display().to_string(),
        &merged.scenario_text,
        &merged.vary,
    )
}

fn merge_compare(args: &MergeArgs, parts: Vec<Partial>) -> Result<(), Error> {
    let inputs: Vec<&Path> = args.parts.iter().map(|p| p.as_path()).collect();
    let merged = shard::compare::merge(&args.parts, parts)?;
    let charts = match &args.charts {
        Some(Some(dir)) => Some(dir),
        Some(None) => {
            return Err(Error::Usage(
                "--charts needs a folder when merging `ccsim compare` parts (as `ccsim compare --charts DIR` does)".into(),
            ))
        }
        None => None,
    };
    let out = super::compare::CompareOutputs {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        charts,
        chart_format: args.chart_format,
        quiet: args.quiet,
    };
    out.preflight(&inputs, merged.scenarios.len())?;
    let cmp = crate::compare::Comparison::new(&merged.scenarios, &merged.labels, &merged.compared);
    let files = match args.report {
        Some(_) => merged.files.clone(),
        None => Vec::new(),
    };
    out.publish(&cmp, &merged.compared, &merged.labels, &files, &inputs)
}

fn merge_staff(args: &MergeArgs, parts: Vec<Partial>) -> Result<(), Error> {
    let inputs: Vec<&Path> = args.parts.iter().map(|p| p.as_path()).collect();
    if args.charts.is_some() {
        return Err(Error::Usage(
            "--charts: `ccsim staff` draws its charts in the --report page; merge with --report instead".into(),
        ));
    }
    let sites = shard::staff::merge(&args.parts, parts)?;
    let outs = super::staff::StaffOutputs {
        out: args.out.as_ref(),
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        quiet: args.quiet,
    };
    super::staff::publish_merged(&sites, &outs, &inputs)
}

/// Where a shard writes its partial result: `--partial`, else `--json`,
/// else `<scenario stem>.shard-I-of-N.json`, checked against `inputs`
/// before anything is simulated. `merge_only` says whether an output that
/// belongs to the merge (CSV, HTML, charts) was asked for, which a shard
/// refuses.
pub(crate) fn part_path(
    shard: Shard,
    scenario: &Path,
    inputs: &[&Path],
    partial: Option<&PathBuf>,
    json: Option<&PathBuf>,
    merge_only: bool,
) -> Result<PathBuf, Error> {
    if merge_only {
        return Err(Error::Usage(
            "--shard writes a partial result only; merge the parts with `ccsim merge PARTS... --csv/--report/--charts` for the CSV, the HTML report or charts".into(),
        ));
    }
    if partial.is_some() && json.is_some() {
        return Err(Error::Usage(
            "with --shard give either --partial FILE or --json FILE for the partial result, not both".into(),
        ));
    }
    let path = partial
        .or(json)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(shard::default_file(scenario, shard)));
    output::preflight(inputs, &[path.as_path()])?;
    Ok(path)
}

/// Writes a shard's partial result `part` to `path` (through the one
/// output writer, never over an input) and says what it holds unless `quiet`.
pub(crate) fn write_part(
    part: &Partial,
    path: &Path,
    inputs: &[&Path],
    quiet: bool,
) -> Result<(), Error> {
    output::preflight(inputs, &[path])?;
    let mut outputs = Outputs::reading(inputs);
    outputs.add_rendered(Some(&path.to_path_buf()), || {
        serde_json::to_vec_pretty(part)
    })?;
    let to_stdout = outputs.stdout_taken();
    outputs.write()?;
    if !quiet && !to_stdout {
        output::warn(&format!(
            "shard {}/{}: {} {} to {} of {} -> {}",
            part.shard.index,
            part.shard.count,
            part.split.words(),
            part.range[0],
            part.range[1],
            part.total,
            path.display()
        ));
    }
    Ok(())
}
