//! `ccsim run`: parse, validate, simulate, report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::RunArgs;
use crate::error::Error;
use crate::plot::{self, Series};
use crate::report::output::{self, Outputs};
use crate::report::{self, RunReport};
use crate::satisfaction::SatisfactionTally;
use crate::scenario::{self, ValidScenario};
use crate::shard::{self, Shard};
use crate::simulation::{self, Simulated};
use crate::stats::tally::Tally;

/// Simulated calls above which a progress bar is worth showing.
const PROGRESS_CALLS: f64 = 3e6;

/// Applies the command-line overrides to a validated scenario. More
/// replications than a scenario file may ask for
/// ([`scenario::validate::MAX_REPLICATIONS`]) are run, but first a pilot
/// times a few of them and standard error (terminal or not) says how long
/// the whole run should take.
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
    if sc.replications > scenario::validate::MAX_REPLICATIONS {
        let (timed, seconds, forecast) = simulation::pilot_estimate(sc);
        output::warn(&format!(
            "warning: --replications {} is more than the {} a scenario file may ask for; {timed} replication(s) took {seconds:.3} s here, so this simulation should take about {} (estimated time from that pilot; Ctrl-C stops it)",
            sc.replications,
            scenario::validate::MAX_REPLICATIONS,
            duration_words(forecast)
        ));
    }
    Ok(())
}

/// A duration in seconds in the largest sensible unit ("42 s", "3.5 min",
/// "2.1 h", "4.0 days").
fn duration_words(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{seconds:.0} s")
    } else if seconds < 5400.0 {
        format!("{:.1} min", seconds / 60.0)
    } else if seconds < 172_800.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} days", seconds / 86_400.0)
    }
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
    let bar = progress(sc, u64::from(sc.replications));
    let tick = || bar.inc(1);
    let sim = super::with_threads(threads, || simulation::simulate(sc, &tick, each))?;
    bar.finish_and_clear();
    Ok(sim)
}

/// A progress bar with the remaining time for `replications` replications
/// of `sc`, on a terminal and when the run is long enough to need one.
pub fn progress(sc: &ValidScenario, replications: u64) -> ProgressBar {
    let calls_per_day: f64 = (0..sc.horizon.intervals)
        .map(|k| sc.expected_calls(k))
        .sum();
    if std::io::stderr().is_terminal() && calls_per_day * replications as f64 > PROGRESS_CALLS {
        let bar = ProgressBar::new(replications);
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} days, {eta} left")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("simulating");
        bar
    } else {
        ProgressBar::hidden()
    }
}

/// The whole `ccsim run` pipeline.
pub fn execute(args: &RunArgs) -> Result<(), Error> {
    let mut sc = scenario::load(&args.scenario)?;
    apply_overrides(&mut sc, args.sim.replications, args.sim.seed)?;
    if let Some(shard) = args.shard {
        return execute_shard(args, &sc, shard);
    }
    let publish = Publish {
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        quiet: args.quiet,
        charts: args.charts.as_ref(),
        chart_format: args.chart_format,
        report: args.report.as_ref(),
        intervals: args.intervals,
        inputs: &[&args.scenario],
        criterion: args.criterion,
    };
    publish.preflight(&sc)?;
    let sim = simulate_full(&sc, args.sim.threads, |_, _, _| {})?;
    let text = match &args.report {
        Some(_) => scenario::read_text(&args.scenario).unwrap_or_default(),
        None => String::new(),
    };
    publish_run(&sc, &sim, &text, &publish)
}

/// `ccsim run --shard I/N`: simulates this shard's replications and writes
/// its partial result (to `--partial`, else `--json`, else a file named
/// after the scenario and the shard).
fn execute_shard(args: &RunArgs, sc: &ValidScenario, shard: Shard) -> Result<(), Error> {
    let path = super::merge::part_path(
        shard,
        &args.scenario,
        &[&args.scenario],
        args.partial.as_ref(),
        args.json.as_ref(),
        args.csv.is_some() || args.report.is_some() || args.charts.is_some(),
    )?;
    let text = scenario::read_text(&args.scenario)?;
    let range = shard.range(u64::from(sc.replications), shard::unit(sc));
    let bar = progress(sc, range.end - range.start);
    let tick = || bar.inc(1);
    let part = super::with_threads(args.sim.threads, || {
        shard::run_shard(sc, &args.scenario, &text, shard, &tick)
    })?;
    bar.finish_and_clear();
    super::merge::write_part(&part, &path, &[&args.scenario], args.quiet)
}

/// Where and how a run's results go.
pub struct Publish<'a> {
    /// JSON report file ("-" for standard output).
    pub json: Option<&'a PathBuf>,
    /// CSV file ("-" for standard output).
    pub csv: Option<&'a PathBuf>,
    /// Whether to leave out the table.
    pub quiet: bool,
    /// Chart directory (`Some(None)`: the default one).
    pub charts: Option<&'a Option<PathBuf>>,
    /// Image format of the charts.
    pub chart_format: plot::Format,
    /// HTML report file.
    pub report: Option<&'a PathBuf>,
    /// Whether the table shows every interval of a multi-day horizon.
    pub intervals: bool,
    /// The files the command read (never overwritten by an output).
    pub inputs: &'a [&'a Path],
    /// How targets are judged met.
    pub criterion: crate::cli::CriterionArg,
}

impl Publish<'_> {
    fn chart_dir(&self, sc: &ValidScenario) -> Option<PathBuf> {
        self.charts
            .map(|dir| dir.clone().unwrap_or_else(|| plot::default_dir(&sc.name)))
    }

    /// Checks every output path before anything is simulated.
    pub fn preflight(&self, sc: &ValidScenario) -> Result<(), Error> {
        let chart_paths = self
            .chart_dir(sc)
            .map(|d| plot::chart_paths(&d, self.chart_format, false))
            .unwrap_or_default();
        let mut planned: Vec<&Path> = [self.json, self.csv, self.report]
            .into_iter()
            .flatten()
            .map(|p| p.as_path())
            .collect();
        planned.extend(chart_paths.iter().map(|p| p.as_path()));
        output::preflight(self.inputs, &planned)
    }
}

/// Builds the report of a simulated run and writes it as `publish` says
/// (`text`: the scenario file's text, for the HTML report); `ccsim run`
/// and `ccsim merge` share it, so a merged run writes the same bytes.
pub fn publish_run(
    sc: &ValidScenario,
    sim: &Simulated,
    text: &str,
    publish: &Publish,
) -> Result<(), Error> {
    let mut report = RunReport::from_simulated(sc, sim);
    report.judge(sc, publish.criterion.into());
    // Render everything before writing anything, so nothing is half-written.
    let series = [Series {
        label: &report.scenario,
        report: &report,
        waits: &sim.waits,
    }];
    let charts = match &publish.chart_dir(sc) {
        Some(dir) => plot::render_charts(&series, dir, publish.chart_format)?,
        None => Vec::new(),
    };
    let html = match publish.report {
        Some(path) => {
            let file = publish
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            Some(
                report::html::run::render(sc, &series[0], &file, text).map_err(|message| {
                    Error::Chart {
                        path: path.clone(),
                        message,
                    }
                })?,
            )
        }
        None => None,
    };
    let mut outputs = Outputs::reading(publish.inputs);
    outputs.add_rendered(publish.json, || serde_json::to_vec_pretty(&report))?;
    outputs.add_rendered(publish.csv, || report::csv::render(&report))?;
    let stdout_taken = outputs.stdout_taken();
    let chart_note = charts
        .first()
        .and_then(|(p, _)| p.parent())
        .map(|dir| format!("charts: {} file(s) in {}", charts.len(), dir.display()));
    for (path, bytes) in charts {
        outputs.add(&path, bytes);
    }
    if let (Some(path), Some(text)) = (publish.report, html) {
        outputs.add(path, text.into_bytes());
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !publish.quiet && !stdout_taken {
        let detail = publish.intervals || report.days.is_empty();
        output::print(&report::table::render_detail(&report, detail))?;
    } else {
        for w in &report.warnings {
            output::warn(&format!("warning: {w}"));
        }
    }
    if let Some(note) = chart_note.filter(|_| !stdout_taken && !publish.quiet) {
        output::print(&format!("{note}\n"))?;
    }
    Ok(())
}
