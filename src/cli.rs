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
