//! `ccsim sweep`: parse the grid, validate every point, simulate the points
//! in parallel, report (table, CSV, JSON).

use crate::cli::SweepArgs;
use crate::error::Error;
use crate::plot::{self, frontier::SweepChart};
use crate::report::output::{self, Outputs};
use crate::scenario;
use crate::sweep::{self, Vary};

/// The whole `ccsim sweep` pipeline.
pub fn execute(args: &SweepArgs) -> Result<(), Error> {
    let varies = args
        .vary
        .iter()
        .map(|v| Vary::parse(v))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, v) in varies.iter().enumerate() {
        if varies[..i].iter().any(|o| o.key == v.key) {
            return Err(Error::Usage(format!(
                "--vary {} is given twice: the later one would silently replace the earlier; give each key once (list every value in one range)",
                v.key
            )));
        }
    }
    let raw = scenario::load_raw(&args.scenario)?;
    let chart_path = args.charts.as_ref().map(|dir| {
        let dir = dir.clone().unwrap_or_else(|| plot::default_dir(&raw.name));
        dir.join(format!("frontier.{}", args.chart_format.extension()))
    });
    let planned: Vec<&std::path::Path> = [&args.json, &args.csv, &chart_path, &args.report]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&[&args.scenario], &planned)?;
    // The file itself must be valid before it is varied.
    scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: args.scenario.clone(),
        problems,
    })?;
    let result = super::with_threads(args.sim.threads, || {
        sweep::run(&raw, &varies, args.sim.replications, args.sim.seed)
    })??;
    let mut outputs = Outputs::reading(&[&args.scenario]);
    outputs.add_rendered(args.json.as_ref(), || serde_json::to_vec_pretty(&result))?;
    outputs.add_rendered(args.csv.as_ref(), || sweep::table::csv(&result))?;
    if let Some(path) = &args.report {
        let files = [
            (
                format!("Scenario file: {}", args.scenario.display()),
                scenario::read_text(&args.scenario)?,
            ),
            ("The grid (--vary)".into(), args.vary.join("\n")),
        ];
        let page = crate::report::html::sweep::render(&result, &files).map_err(|message| {
            Error::Chart {
                path: path.clone(),
                message,
            }
        })?;
        outputs.add(path, page.into_bytes());
    }
    // Chart 5: cost against service level, the frontier highlighted (or
    // service level against the varied value without costs).
    let chart_path = match chart_path {
        Some(path) => {
            let bytes =
                plot::render(&SweepChart::of(&result), args.chart_format).map_err(|message| {
                    Error::Chart {
                        path: path.clone(),
                        message,
                    }
                })?;
            outputs.add(&path, bytes);
            Some(path)
        }
        None => None,
    };
    let stdout_taken = outputs.stdout_taken();
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !args.quiet && !stdout_taken {
        output::print(&sweep::table::render(&result, args.target))?;
    } else {
        if args.target && !stdout_taken {
            output::print(sweep::table::target_line(&result).trim_start())?;
        }
        for w in &result.warnings {
            output::warn(&format!("warning: {w}"));
        }
    }
    if let Some(path) = chart_path {
        if !stdout_taken && !args.quiet {
            output::print(&format!("chart: {}\n", path.display()))?;
        }
    }
    Ok(())
}
