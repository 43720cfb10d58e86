//! `ccsim compare A.toml B.toml [...]`: run the scenarios on common random
//! numbers and print the day's figures side by side with paired
//! differences to the first.

use crate::cli::CompareArgs;
use crate::compare::{self, Comparison};
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report::output::Outputs;
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
    let mut outputs = Outputs::default();
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
    if !args.quiet && !outputs.stdout_taken() {
        print!("{}", compare::table(&cmp));
    }
    for (path, bytes) in charts {
        outputs.add(&path, bytes);
    }
    outputs.write()?;
    Ok(())
}
