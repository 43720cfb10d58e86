//! `ccsim erlang`: parse the options into a [`Query`], call the calculator
//! ([`crate::calculator`]), render, write.

use serde::Serialize;

use crate::calculator::render::{
    range_chart, render_csv, render_range, render_single, render_table,
};
use crate::calculator::{cli_targets, is_range, per_interval, range_table, single, Query};
use crate::cli::ErlangArgs;
use crate::error::Error;
use crate::report::output::{self, Outputs};

pub use crate::calculator::MAX_SHRINKAGE;

/// The calculator's query from the command line.
fn query(args: &ErlangArgs) -> Query {
    Query {
        model: args.model,
        calls_per_hour: args.calls_per_hour,
        aht: args.aht,
        agents: args.agents,
        patience: args.patience,
        threshold: args.threshold,
        target: args.target,
        max_asa: args.max_asa,
        max_abandon: args.max_abandon,
        max_block: args.max_block,
        max_occupancy: args.max_occupancy,
        shrinkage: args.shrinkage,
        fractional: args.fractional,
        scenario: args.scenario.clone(),
        simulate: args.simulate,
    }
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(v).map_err(|e| Error::Usage(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The whole `ccsim erlang` pipeline.
pub fn execute(args: &ErlangArgs) -> Result<(), Error> {
    let inputs: Vec<&std::path::Path> = args.scenario.iter().map(|p| p.as_path()).collect();
    let planned: Vec<&std::path::Path> = [&args.json, &args.csv]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&inputs, &planned)?;
    let q = query(args);
    // Render everything before writing anything.
    if args.chart.is_some() && !is_range(&q) {
        return Err(Error::Usage(
            "--chart needs an --agents range, e.g. --agents 40..60".into(),
        ));
    }
    if args.simulate.is_some() && !is_range(&q) {
        return Err(Error::Usage(
            "--simulate goes with a range table (--agents FROM..TO or --calls-per-hour FROM..TO:STEP)".into(),
        ));
    }
    let mut chart = None;
    let (text, json_bytes, csv_bytes) = if is_range(&q) {
        let r = range_table(&q)?;
        if let Some(path) = &args.chart {
            chart = Some((path.clone(), range_chart(&r, path)?));
        }
        let j = args.json.as_ref().map(|_| json(&r)).transpose()?;
        let c = args.csv.as_ref().map(|_| render_csv(&r.rows)).transpose()?;
        (render_range(&r), j, c)
    } else if args.scenario.is_some() {
        let s = per_interval(&q)?;
        let j = args.json.as_ref().map(|_| json(&s)).transpose()?;
        let c = args
            .csv
            .as_ref()
            .map(|_| render_csv(&s.intervals))
            .transpose()?;
        (render_table(&s), j, c)
    } else {
        let r = single(&q)?;
        let t = cli_targets(&q, args.threshold.unwrap_or(20.0));
        let j = args.json.as_ref().map(|_| json(&r)).transpose()?;
        let c = args
            .csv
            .as_ref()
            .map(|_| render_csv(std::slice::from_ref(&r)))
            .transpose()?;
        (render_single(args.model, &r, &t), j, c)
    };
    let stdout_taken = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| output::is_stdout(p)));
    let mut outputs = Outputs::reading(&inputs);
    if let (Some(path), Some(bytes)) = (&args.json, json_bytes) {
        outputs.add(path, bytes);
    }
    if let (Some(path), Some(bytes)) = (&args.csv, csv_bytes) {
        outputs.add(path, bytes);
    }
    if let Some((path, bytes)) = chart {
        outputs.add(&path, bytes);
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !stdout_taken {
        output::print(&text)?;
    }
    Ok(())
}
