//! `ccsim compare A.toml B.toml [...]`: run the scenarios on common random
//! numbers and print the day's figures side by side with paired
//! differences to the first; with `--shard I/N` only a share of the
//! replications (the same of every scenario), as a partial result for
//! `ccsim merge`.

use std::path::{Path, PathBuf};

use crate::cli::CompareArgs;
use crate::compare::{self, Compared, Comparison};
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report;
use crate::report::output::{self, Outputs};
use crate::scenario;
use crate::shard;

/// The whole `ccsim compare` pipeline: load, run, render, write.
pub fn execute(args: &CompareArgs) -> Result<(), Error> {
    let mut scenarios = Vec::with_capacity(args.scenarios.len());
    for path in &args.scenarios {
        scenarios.push(scenario::load(path)?);
    }
    let inputs: Vec<&Path> = args.scenarios.iter().map(|p| p.as_path()).collect();
    if let Some(shard) = args.shard {
        let path = super::merge::part_path(
            shard,
            &args.scenarios[0],
            &inputs,
            args.partial.as_ref(),
            args.json.as_ref(),
            args.csv.is_some() || args.report.is_some() || args.charts.is_some(),
        )?;
        let mut files = Vec::with_capacity(args.scenarios.len());
        for p in &args.scenarios {
            files.push(shard::Input {
                file: p.display().to_string(),
                text: scenario::read_text(p)?,
            });
        }
        compare::align(&mut scenarios, args.sim.replications, args.sim.seed)?;
        let part = super::with_threads(args.sim.threads, || {
            shard::compare::run_shard(&scenarios, &files, shard)
        })?;
        return super::merge::write_part(&part, &path, &inputs, args.quiet);
    }
    let out = CompareOutputs {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        charts: args.charts.as_ref(),
        chart_format: args.chart_format,
        quiet: args.quiet,
    };
    out.preflight(&inputs, args.scenarios.len())?;
    let labels = compare::labels(&scenarios, &args.scenarios);
    compare::align(&mut scenarios, args.sim.replications, args.sim.seed)?;
    let reps = scenarios.first().map_or(0, |s| u64::from(s.replications));
    let bar = super::run::progress(&scenarios[0], reps * scenarios.len() as u64);
    let tick = || bar.inc(1);
    let compared = super::with_threads(args.sim.threads, || {
        compare::run_all(&mut scenarios, None, None, &tick)
    })??;
    bar.finish_and_clear();
    let files = match &args.report {
        Some(_) => {
            let mut files = Vec::with_capacity(args.scenarios.len());
            for p in &args.scenarios {
                files.push((p.display().to_string(), scenario::read_text(p)?));
            }
            files
        }
        None => Vec::new(),
    };
    let cmp = Comparison::new(&scenarios, &labels, &compared);
    out.publish(&cmp, &compared, &labels, &files, &inputs)
}

/// Where and how a comparison's results go; `ccsim compare` and `ccsim
/// merge` share it, so a merged comparison writes the same bytes.
pub struct CompareOutputs<'a> {
    /// JSON file ("-" for standard output).
    pub json: Option<&'a PathBuf>,
    /// CSV file ("-" for standard output).
    pub csv: Option<&'a PathBuf>,
    /// HTML page.
    pub report: Option<&'a PathBuf>,
    /// Chart directory.
    pub charts: Option<&'a PathBuf>,
    /// Image format of the charts.
    pub chart_format: plot::Format,
    /// Whether to leave out the table.
    pub quiet: bool,
}

impl CompareOutputs<'_> {
    /// Checks every output path (for `scenarios` scenarios) before anything is simulated.
    pub fn preflight(&self, inputs: &[&Path], scenarios: usize) -> Result<(), Error> {
        let chart_paths = self
            .charts
            .map(|d| plot::chart_paths(d, self.chart_format, scenarios > 1))
            .unwrap_or_default();
        let mut planned: Vec<&Path> = [self.json, self.csv, self.report]
            .into_iter()
            .flatten()
            .map(|p| p.as_path())
            .collect();
        planned.extend(chart_paths.iter().map(|p| p.as_path()));
        output::preflight(inputs, &planned)
    }

    /// Renders and writes the comparison's outputs (`files`: each
    /// scenario's path and text, for the page).
    pub fn publish(
        &self,
        cmp: &Comparison,
        compared: &Compared,
        labels: &[String],
        files: &[(String, String)],
        inputs: &[&Path],
    ) -> Result<(), Error> {
        let runs = &compared.runs;
        // Render everything before writing anything.
        let mut outputs = Outputs::reading(inputs);
        if let Some(path) = self.report {
            let page = report::html::compare::render(cmp, runs, files).map_err(|message| {
                Error::Chart {
                    path: path.clone(),
                    message,
                }
            })?;
            outputs.add(path, page.into_bytes());
        }
        outputs.add_rendered(self.json, || serde_json::to_vec_pretty(cmp))?;
        outputs.add_rendered(self.csv, || compare::csv(cmp))?;
        let charts = match self.charts {
            Some(dir) => {
                let series: Vec<Series> = runs
                    .iter()
                    .zip(labels)
                    .map(|(run, label)| Series {
                        label,
                        report: &run.report,
                        waits: &run.sim.waits,
                    })
                    .collect();
                plot::render_charts(&series, dir, self.chart_format)?
            }
            None => Vec::new(),
        };
        let show_table = !self.quiet && !outputs.stdout_taken();
        for (path, bytes) in charts {
            outputs.add(&path, bytes);
        }
        outputs.write()?;
        if show_table {
            output::print(&compare::table(cmp))?;
        }
        Ok(())
    }
}
