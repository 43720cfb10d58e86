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
    /// Run a scenario over a grid of one or two parameters and mark the cost-versus-service frontier.
    Sweep(SweepArgs),
    /// Price at which an outsourcing partner costs the same as extra in-house agents for the same service.
    Breakeven(BreakevenArgs),
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

/// `ccsim sweep`
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// KEY=RANGE: a dotted key into the scenario (groups by name, e.g.
    /// groups.partner.agents) and values a..b, a..b:step or v1,v2,v3;
    /// KEY+=RANGE adds to every interval, KEY*=RANGE scales. Once or twice.
    #[arg(long, required = true, value_name = "KEY=RANGE")]
    pub vary: Vec<String>,
    /// Name the cheapest grid point that meets the scenario's targets
    /// (service_level.target, max_abandon_rate, max_asa_seconds).
    #[arg(long)]
    pub target: bool,
    /// Replications per grid point; overrides [simulation].replications.
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed shared by every point; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Write the sweep as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write one CSV row per grid point here ("-" for standard output).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `ccsim breakeven`
#[derive(Debug, Args)]
pub struct BreakevenArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// The outsourcing partner's group name.
    #[arg(long)]
    pub group: String,
    /// The in-house group that would take the partner's calls (default: the first other group).
    #[arg(long)]
    pub in_house: Option<String>,
    /// Most extra in-house agents per interval to try.
    #[arg(long, default_value_t = 200)]
    pub max_extra: u32,
    /// Operating days a year for the per-line price when the partner's contract does not say.
    #[arg(long)]
    pub operating_days: Option<f64>,
    /// Replications; overrides [simulation].replications.
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Write the result as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Do not print the text.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
