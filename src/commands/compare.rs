//! `ccsim compare A.toml B.toml [...]`: run the scenarios on common random
//! numbers and print the day's figures side by side with paired
//! differences to the first.

use crate::cli::CompareArgs;
use crate::compare::{self, Comparison};
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report::output::write_output;
use crate::scenario;

/// The whole `ccsim compare` pipeline: load, run, render, write.
pub fn execute(args: &CompareArgs) -> Result<(), Error> {
    let mut scenarios = Vec::with_capacity(args.scenarios.len());
    for path in &args.scenarios {
        scenarios.push(scenario::load(path)?);
    }
    let labels = compare::labels(&scenarios, &args.scenarios);
    let runs = compare::run_all(
        &mut scenarios,
        args.sim.replications,
        args.sim.seed,
        |sc, each| super::run::simulate_full(sc, args.sim.threads, each),
    )?;
    let cmp = Comparison::new(&scenarios, &labels, &runs);
    // Render everything before writing anything.
    let json = match &args.json {
        Some(_) => Some(serde_json::to_vec_pretty(&cmp).map_err(|e| Error::Usage(e.to_string()))?),
        None => None,
    };
    let csv = match &args.csv {
        Some(_) => Some(compare::csv(&cmp).map_err(|e| Error::Usage(e.to_string()))?),
        None => None,
    };
    let charts = match &args.charts {
        Some(dir) => {
            let series: Vec<Series> = runs
                .iter()
                .zip(&labels)
                .map(|(run, label)| Series {
                    label,
                    report: &run.report,
                    waits: &run.sim.waits,
                })
                .collect();
            plot::render_charts(&series, dir, args.chart_format)?
        }
        None => Vec::new(),
    };
    let stdout_taken = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| p.as_os_str() == "-"));
    if !args.quiet && !stdout_taken {
        print!("{}", compare::table(&cmp));
    }
    if let (Some(path), Some(bytes)) = (&args.json, json) {
        write_output(path, &bytes)?;
    }
    if let (Some(path), Some(bytes)) = (&args.csv, csv) {
        write_output(path, &bytes)?;
    }
    for (path, bytes) in &charts {
        write_output(path, bytes)?;
    }
    Ok(())
}
