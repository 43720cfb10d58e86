//! `ccsim sweep`: parse the grid, validate every point, simulate the points
//! in parallel, report (table, CSV, JSON); with `--shard I/N` only a
//! share of the grid points, as a partial result for `ccsim merge`.

use std::path::{Path, PathBuf};

use crate::cli::SweepArgs;
use crate::error::Error;
use crate::plot::{self, frontier::SweepChart};
use crate::report::output::{self, Outputs};
use crate::scenario;
use crate::shard;
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
    if let Some(shard) = args.shard {
        return execute_shard(args, &raw, &varies, shard);
    }
    let out = SweepOutputs {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        charts: args.charts.as_ref(),
        chart_format: args.chart_format,
        quiet: args.quiet,
        target: args.target,
    };
    let chart_path = out.chart_path(&raw.name);
    out.preflight(&[&args.scenario], chart_path.as_deref())?;
    // The file itself must be valid before it is varied.
    scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: args.scenario.clone(),
        problems,
    })?;
    let result = super::with_threads(args.sim.threads, || {
        sweep::run(&raw, &varies, args.sim.replications, args.sim.seed)
    })??;
    let text = match &args.report {
        Some(_) => scenario::read_text(&args.scenario)?,
        None => String::new(),
    };
    out.publish(
        &result,
        &[&args.scenario],
        chart_path,
        &args.scenario.display().to_string(),
        &text,
        &args.vary,
    )
}

/// `ccsim sweep --shard I/N`: simulates this shard's grid points and
/// writes its partial result.
fn execute_shard(
    args: &SweepArgs,
    raw: &scenario::RawScenario,
    varies: &[Vary],
    shard: shard::Shard,
) -> Result<(), Error> {
    let path = super::merge::part_path(
        shard,
        &args.scenario,
        &[&args.scenario],
        args.partial.as_ref(),
        args.json.as_ref(),
        [&args.csv, &args.report].iter().any(|p| p.is_some()) || args.charts.is_some(),
    )?;
    scenario::validate(raw).map_err(|problems| Error::Invalid {
        path: args.scenario.clone(),
        problems,
    })?;
    let text = scenario::read_text(&args.scenario)?;
    let job = shard::sweep::SweepJob {
        file: &args.scenario,
        text: &text,
        raw,
        vary_args: &args.vary,
        varies,
        replications: args.sim.replications,
        seed: args.sim.seed,
    };
    let part = super::with_threads(args.sim.threads, || shard::sweep::run_shard(&job, shard))??;
    super::merge::write_part(&part, &path, &[&args.scenario], args.quiet)
}

/// Where and how a sweep's results go; `ccsim sweep` and `ccsim merge`
/// share it, so a merged sweep writes the same bytes.
pub struct SweepOutputs<'a> {
    /// JSON file ("-" for standard output).
    pub json: Option<&'a PathBuf>,
    /// CSV file ("-" for standard output).
    pub csv: Option<&'a PathBuf>,
    /// HTML page.
    pub report: Option<&'a PathBuf>,
    /// Chart directory (`Some(None)`: the default one).
    pub charts: Option<&'a Option<PathBuf>>,
    /// Image format of the chart.
    pub chart_format: plot::Format,
    /// Whether to leave out the table.
    pub quiet: bool,
    /// Whether to name the cheapest point meeting the targets.
    pub target: bool,
}

impl SweepOutputs<'_> {
    /// The frontier chart's path for a scenario named `name`, if charts are wanted.
    pub fn chart_path(&self, name: &str) -> Option<PathBuf> {
        self.charts.map(|dir| {
            let dir = dir.clone().unwrap_or_else(|| plot::default_dir(name));
            dir.join(format!("frontier.{}", self.chart_format.extension()))
        })
    }

    /// Checks every output path before anything is simulated.
    pub fn preflight(&self, inputs: &[&Path], chart: Option<&Path>) -> Result<(), Error> {
        let planned: Vec<&Path> = [self.json, self.csv, self.report]
            .into_iter()
            .flatten()
            .map(|p| p.as_path())
            .chain(chart)
            .collect();
        output::preflight(inputs, &planned)
    }

    /// Renders and writes the sweep's outputs (`file` and `text`: the
    /// scenario as the page shows it; `vary`: the grid arguments).
    pub fn publish(
        &self,
        result: &sweep::SweepResult,
        inputs: &[&Path],
        chart_path: Option<PathBuf>,
        file: &str,
        text: &str,
        vary: &[String],
    ) -> Result<(), Error> {
        let mut outputs = Outputs::reading(inputs);
        outputs.add_rendered(self.json, || serde_json::to_vec_pretty(result))?;
        outputs.add_rendered(self.csv, || sweep::table::csv(result))?;
        if let Some(path) = self.report {
            let files = [
                (format!("Scenario file: {file}"), text.to_owned()),
                ("The grid (--vary)".into(), vary.join("\n")),
            ];
            let page = crate::report::html::sweep::render(result, &files).map_err(|message| {
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
                let bytes = plot::render(&SweepChart::of(result), self.chart_format).map_err(
                    |message| Error::Chart {
                        path: path.clone(),
                        message,
                    },
                )?;
                outputs.add(&path, bytes);
                Some(path)
            }
            None => None,
        };
        let stdout_taken = outputs.stdout_taken();
        // Files first: a closed standard output must not cost them.
        outputs.write()?;
        if !self.quiet && !stdout_taken {
            output::print(&sweep::table::render(result, self.target))?;
        } else {
            if self.target && !stdout_taken {
                output::print(sweep::table::target_line(result).trim_start())?;
            }
            for w in &result.warnings {
                output::warn(&format!("warning: {w}"));
            }
        }
        if let Some(path) = chart_path {
            if !stdout_taken && !self.quiet {
                output::print(&format!("chart: {}\n", path.display()))?;
            }
        }
        Ok(())
    }
}
