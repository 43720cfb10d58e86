//! Command-line definitions (clap derive). Nothing here does any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// ccsim: call-center simulator and capacity planner.
#[derive(Debug, Parser)]
#[command(name = "ccsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report figures per interval and for the day.
    Run(RunArgs),
    /// Compare scenarios side by side on common random numbers, with paired confidence intervals.
    Compare(CompareArgs),
    /// Check a scenario file and list every problem, without simulating.
    Check(CheckArgs),
    /// Measure simulation throughput (calls and events per second) on a fixed Erlang A day.
    Bench(BenchArgs),
}

/// `ccsim run`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Replications (simulated days); overrides [simulation].replications.
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Write the JSON report here ("-" for standard output, which then holds the JSON alone).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write one CSV row per interval plus a total row here ("-" for standard output).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write charts into DIR (default: output/<scenario name>/).
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub charts: Option<Option<PathBuf>>,
    /// Image format of the charts.
    #[arg(long, value_enum, default_value_t = crate::plot::Format::Svg)]
    pub chart_format: crate::plot::Format,
    /// Write a self-contained HTML report (charts, tables, parameters) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// `ccsim compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the baseline the others are compared with.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Replications for every scenario (default: the first scenario's).
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed for every scenario (default: the first scenario's).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Write the comparison as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the comparison as CSV here ("-" for standard output).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Write overlay charts (wait distribution, day, satisfaction) into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Image format of the charts.
    #[arg(long, value_enum, default_value_t = crate::plot::Format::Svg)]
    pub chart_format: crate::plot::Format,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `ccsim check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
}

/// `ccsim bench`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Replications to time.
    #[arg(long, default_value_t = 40)]
    pub replications: u32,
    /// Worker threads for the parallel measurement (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}
