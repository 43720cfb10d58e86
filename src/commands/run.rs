//! `ccsim run`: parse, validate, simulate, report.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::RunArgs;
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report::output::{self, Outputs};
use crate::report::{self, RunReport};
use crate::satisfaction::SatisfactionTally;
use crate::scenario::{self, ValidScenario};
use crate::simulation::{self, Simulated};
use crate::stats::tally::Tally;

/// Simulated calls above which a progress bar is worth showing.
const PROGRESS_CALLS: f64 = 3e6;

/// Applies the command-line overrides to a validated scenario.
pub fn apply_overrides(
    sc: &mut ValidScenario,
    replications: Option<u32>,
    seed: Option<u64>,
) -> Result<(), Error> {
    if let Some(r) = replications {
        if r == 0 {
            return Err(Error::Usage("--replications must be at least 1".into()));
        }
        sc.replications = r;
    }
    if let Some(s) = seed {
        sc.seed = s;
    }
    Ok(())
}

/// Simulates `sc` (with a progress bar on a terminal for long runs) and builds its report.
pub fn simulate_report(sc: &ValidScenario, threads: Option<usize>) -> Result<RunReport, Error> {
    let sim = simulate_full(sc, threads, |_, _, _| {})?;
    Ok(RunReport::from_simulated(sc, &sim))
}

/// Simulates `sc` (with a progress bar on a terminal for long runs) and
/// returns everything it yields; `each` sees every replication in order.
pub fn simulate_full(
    sc: &ValidScenario,
    threads: Option<usize>,
    each: impl FnMut(u64, &Tally, &SatisfactionTally) + Send,
) -> Result<Simulated, Error> {
    let calls_per_day: f64 = (0..sc.horizon.intervals)
        .map(|k| sc.expected_calls(k))
        .sum();
    let bar = if std::io::stderr().is_terminal()
        && calls_per_day * f64::from(sc.replications) > PROGRESS_CALLS
    {
        let bar = ProgressBar::new(u64::from(sc.replications));
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} days, {eta} left")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("simulating");
        bar
    } else {
        ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let sim = super::with_threads(threads, || simulation::simulate(sc, &tick, each))?;
    bar.finish_and_clear();
    Ok(sim)
}

/// The whole `ccsim run` pipeline.
pub fn execute(args: &RunArgs) -> Result<(), Error> {
    let mut sc = scenario::load(&args.scenario)?;
    apply_overrides(&mut sc, args.sim.replications, args.sim.seed)?;
    let chart_dir = args
        .charts
        .as_ref()
        .map(|dir| dir.clone().unwrap_or_else(|| plot::default_dir(&sc.name)));
    let chart_paths = chart_dir
        .as_ref()
        .map(|d| plot::chart_paths(d, args.chart_format, false))
        .unwrap_or_default();
    let mut planned: Vec<&std::path::Path> = [&args.json, &args.csv, &args.report]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    planned.extend(chart_paths.iter().map(|p| p.as_path()));
    output::preflight(&[&args.scenario], &planned)?;
    let sim = simulate_full(&sc, args.sim.threads, |_, _, _| {})?;
    let mut report = RunReport::from_simulated(&sc, &sim);
    report.judge(&sc, args.criterion.into());
    // Render everything before writing anything, so nothing is half-written.
    let series = [Series {
        label: &report.scenario,
        report: &report,
        waits: &sim.waits,
    }];
    let charts = match &chart_dir {
        Some(dir) => plot::render_charts(&series, dir, args.chart_format)?,
        None => Vec::new(),
    };
    let html = match &args.report {
        Some(path) => {
            let text = scenario::read_text(&args.scenario).unwrap_or_default();
            Some(
                report::html::render(&series[0], &text).map_err(|message| Error::Chart {
                    path: path.clone(),
                    message,
                })?,
            )
        }
        None => None,
    };
    let mut outputs = Outputs::reading(&[&args.scenario]);
    outputs.add_rendered(args.json.as_ref(), || serde_json::to_vec_pretty(&report))?;
    outputs.add_rendered(args.csv.as_ref(), || report::csv::render(&report))?;
    let stdout_taken = outputs.stdout_taken();
    let chart_note = charts
        .first()
        .and_then(|(p, _)| p.parent())
        .map(|dir| format!("charts: {} file(s) in {}", charts.len(), dir.display()));
    for (path, bytes) in charts {
        outputs.add(&path, bytes);
    }
    if let (Some(path), Some(text)) = (&args.report, html) {
        outputs.add(path, text.into_bytes());
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !args.quiet && !stdout_taken {
        let detail = args.intervals || report.days.is_empty();
        output::print(&report::table::render_detail(&report, detail))?;
    } else {
        for w in &report.warnings {
            output::warn(&format!("warning: {w}"));
        }
    }
    if let Some(note) = chart_note.filter(|_| !stdout_taken && !args.quiet) {
        output::print(&format!("{note}\n"))?;
    }
    Ok(())
}
