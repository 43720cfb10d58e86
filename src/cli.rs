//! Command-line definitions (clap derive). Nothing here does any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Erlang B, C and A calculator: figures for a staffing, or the fewest agents meeting targets.
    Erlang(ErlangArgs),
    /// Fewest agents of a group per interval meeting the scenario's targets in simulation.
    Staff(StaffArgs),
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

/// Queueing model of `ccsim erlang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErlangModel {
    /// Erlang B: lines (one agent each), no queue; a call finding all busy is blocked.
    B,
    /// Erlang C: a queue, nobody abandons.
    C,
    /// Erlang A: a queue, callers abandon after an exponential patience (--patience).
    A,
}

/// `ccsim erlang`
#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// Model: b (loss), c (delay), a (delay with abandonment).
    #[arg(value_enum)]
    pub model: ErlangModel,
    /// Calls offered per hour (not with --scenario).
    #[arg(long)]
    pub calls_per_hour: Option<f64>,
    /// Average handle time, seconds (not with --scenario).
    #[arg(long)]
    pub aht: Option<f64>,
    /// Agents (lines for Erlang B) to compute the figures for.
    #[arg(long, visible_alias = "lines")]
    pub agents: Option<u32>,
    /// Mean patience, seconds (Erlang A).
    #[arg(long)]
    pub patience: Option<f64>,
    /// Service-level threshold T, seconds [default: 20, or the scenario's].
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Target service level (fraction answered within T).
    #[arg(long)]
    pub target: Option<f64>,
    /// Target: average speed of answer at most this many seconds.
    #[arg(long)]
    pub max_asa: Option<f64>,
    /// Target: abandonment rate at most this fraction.
    #[arg(long)]
    pub max_abandon: Option<f64>,
    /// Target: blocking rate at most this fraction.
    #[arg(long)]
    pub max_block: Option<f64>,
    /// Target: occupancy at most this fraction.
    #[arg(long)]
    pub max_occupancy: Option<f64>,
    /// Shrinkage (fraction of paid time not on the phones): also report agents to schedule.
    #[arg(long)]
    pub shrinkage: Option<f64>,
    /// Also report the fractional requirement (interpolated between n-1 and n agents).
    #[arg(long)]
    pub fractional: bool,
    /// Compute every interval of this scenario (stationary, independent periods).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Print JSON (alone, or "--json FILE" to write a file).
    #[arg(long, num_args = 0..=1, default_missing_value = "-")]
    pub json: Option<PathBuf>,
    /// Print CSV (alone, or "--csv FILE" to write a file).
    #[arg(long, num_args = 0..=1, default_missing_value = "-")]
    pub csv: Option<PathBuf>,
}

/// What "meets the target" means for `ccsim staff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CriterionArg {
    /// The mean over replications meets the target.
    Mean,
    /// The unfavourable bound of the 95% confidence interval meets it.
    Lower,
}

/// `ccsim staff`
#[derive(Debug, Args)]
pub struct StaffArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Group to staff [default: the first group].
    #[arg(long)]
    pub group: Option<String>,
    /// What "meets" means: the mean, or the 95% confidence bound.
    #[arg(long, value_enum, default_value_t = CriterionArg::Mean)]
    pub criterion: CriterionArg,
    /// Replications per evaluated staffing; overrides [simulation].replications.
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Most agents of the group in any interval [default: 10 x the Erlang start + 50].
    #[arg(long)]
    pub max_agents: Option<u32>,
    /// Passes over the day at most.
    #[arg(long, default_value_t = 4)]
    pub max_passes: usize,
    /// Write the staffed scenario here (TOML that `ccsim run` accepts).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print JSON (alone, or "--json FILE" to write a file).
    #[arg(long, num_args = 0..=1, default_missing_value = "-")]
    pub json: Option<PathBuf>,
    /// Print CSV (alone, or "--csv FILE" to write a file).
    #[arg(long, num_args = 0..=1, default_missing_value = "-")]
    pub csv: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
