//! `ccsim compare A.toml B.toml [...]`: run the scenarios on common random
//! numbers and print the day's figures side by side with paired
//! differences to the first.

use crate::cli::CompareArgs;
use crate::compare::{self, Comparison};
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report;
use crate::report::output::{self, Outputs};
use crate::scenario;

/// The whole `ccsim compare` pipeline: load, run, render, write.
pub fn execute(args: &CompareArgs) -> Result<(), Error> {
    let mut scenarios = Vec::with_capacity(args.scenarios.len());
    for path in &args.scenarios {
        scenarios.push(scenario::load(path)?);
    }
    let chart_paths = args
        .charts
        .as_ref()
        .map(|d| plot::chart_paths(d, args.chart_format, args.scenarios.len() > 1))
        .unwrap_or_default();
    let inputs: Vec<&std::path::Path> = args.scenarios.iter().map(|p| p.as_path()).collect();
    let mut planned: Vec<&std::path::Path> = [&args.json, &args.csv, &args.report]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    planned.extend(chart_paths.iter().map(|p| p.as_path()));
    output::preflight(&inputs, &planned)?;
    let labels = compare::labels(&scenarios, &args.scenarios);
    let runs = compare::run_all(
        &mut scenarios,
        args.sim.replications,
        args.sim.seed,
        |sc, each| super::run::simulate_full(sc, args.sim.threads, each),
    )?;
    let cmp = Comparison::new(&scenarios, &labels, &runs);
    // Render everything before writing anything.
    let mut outputs = Outputs::reading(&inputs);
    if let Some(path) = &args.report {
        let mut files = Vec::with_capacity(args.scenarios.len());
        for p in &args.scenarios {
            files.push((p.display().to_string(), scenario::read_text(p)?));
        }
        let page =
            report::html::compare::render(&cmp, &runs, &files).map_err(|message| Error::Chart {
                path: path.clone(),
                message,
            })?;
        outputs.add(path, page.into_bytes());
    }
    outputs.add_rendered(args.json.as_ref(), || serde_json::to_vec_pretty(&cmp))?;
    outputs.add_rendered(args.csv.as_ref(), || compare::csv(&cmp))?;
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
    let show_table = !args.quiet && !outputs.stdout_taken();
    for (path, bytes) in charts {
        outputs.add(&path, bytes);
    }
    outputs.write()?;
    if show_table {
        output::print(&compare::table(&cmp))?;
    }
    Ok(())
}
