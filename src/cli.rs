//! Command-line definitions (clap derive). Nothing here does any work.
//!
//! Doc comments here are also the `--help` text, which names TOML tables
//! such as `[simulation]` literally; rustdoc must not read them as links.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

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
    /// Add up the partial results of a sharded command (`run|sweep|compare|staff --shard I/N`) into its outputs.
    Merge(MergeArgs),
    /// Compare scenarios side by side on common random numbers, with paired confidence intervals.
    Compare(CompareArgs),
    /// Check a scenario file and list every problem, without simulating.
    Check(CheckArgs),
    /// Measure simulation throughput (calls and events per second) on a fixed Erlang A day.
    Bench(BenchArgs),
    /// Fit a scenario to interval data or a call log (CSV) and write it as TOML with comments.
    #[command(allow_negative_numbers = true)]
    Fit(FitArgs),
    /// Simulate a scenario and compare service level, ASA and abandonment per interval with observed data.
    #[command(allow_negative_numbers = true)]
    Backtest(BacktestArgs),
    /// Simulate days of a scenario and write them as a call log and interval data (CSV), as an ACD exports them.
    #[command(allow_negative_numbers = true)]
    SimulateLog(SimulateLogArgs),
    /// Erlang B, C and A calculator: figures for a staffing, or the fewest agents meeting targets.
    #[command(allow_negative_numbers = true)]
    Erlang(ErlangArgs),
    /// Fewest agents of a group per interval meeting the scenario's targets in simulation.
    Staff(StaffArgs),
    /// Run a scenario over a grid of one or two parameters and mark the cost-versus-service frontier.
    Sweep(SweepArgs),
    /// Price at which an outsourcing partner costs the same as extra in-house agents for the same service.
    Breakeven(BreakevenArgs),
    /// Turn agents needed per interval into shifts (integer program), check them by simulation.
    Schedule(ScheduleArgs),
    /// Serve the workbench in the browser (scenario editor, runs, compare, staff, what-if, lessons).
    Serve(ServeArgs),
}

/// `ccsim serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on [default: 127.0.0.1]; any other makes the page reachable from other machines, without authentication.
    #[arg(long)]
    pub host: Option<String>,
}

/// Options every simulating command shares.
#[derive(Debug, Clone, Copy, Args)]
pub struct SimOptions {
    /// Replications (simulated days); overrides [simulation].replications.
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Master seed; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
}

/// `ccsim run`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
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
    /// With a multi-day horizon: print every interval, not only the per-day summary
    #[arg(long)]
    pub intervals: bool,
    /// How a target is judged met: by the mean, or by the unfavourable 95% bound.
    #[arg(long, value_enum, default_value_t = CriterionArg::Mean)]
    pub criterion: CriterionArg,
    /// Run only shard I of N of the replications and write its partial result (see docs/scale.md).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// With --shard: write the partial result here (default: --json, else SCENARIO.shard-I-of-N.json).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial: Option<PathBuf>,
}

/// `ccsim merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial result files of `ccsim run|sweep|compare|staff --shard I/N`, in any order.
    #[arg(required = true, num_args = 1..)]
    pub parts: Vec<PathBuf>,
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
    /// With a multi-day horizon: print every interval, not only the per-day summary
    #[arg(long)]
    pub intervals: bool,
    /// How a target is judged met: by the mean, or by the unfavourable 95% bound (run parts).
    #[arg(long, value_enum, default_value_t = CriterionArg::Mean)]
    pub criterion: CriterionArg,
    /// Sweep parts: name the cheapest grid point that meets the scenario's targets.
    #[arg(long)]
    pub target: bool,
    /// Staff parts: write the staffed scenario here (one scenario file) or into this folder (several).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `ccsim compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the baseline the others are compared with.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
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
    /// Write a self-contained HTML page of the comparison (summary, charts, tables, inputs) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Do only shard I of N of the replications (the same ones of every scenario) and write its partial result (see docs/scale.md).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// With --shard: write the partial result here (default: --json, else SCENARIO.shard-I-of-N.json).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial: Option<PathBuf>,
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

/// Reading history files: column names, time format, tolerance of bad rows.
#[derive(Debug, Clone, Args)]
pub struct HistoryInputArgs {
    /// What the file holds (default: told from its header).
    #[arg(long, value_enum)]
    pub kind: Option<crate::history::Kind>,
    /// Column of a field, FIELD=Header (repeatable), e.g. --column offered="Calls Offered".
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    pub columns: Vec<String>,
    /// Extra outcome words, KIND=WORD[,WORD] with KIND answered, abandoned or other (repeatable).
    #[arg(long = "outcome", value_name = "KIND=WORDS")]
    pub outcomes: Vec<String>,
    /// Date-time format (chrono strftime, e.g. "%d/%m/%Y %H:%M:%S"); default ISO 8601.
    #[arg(long)]
    pub time_format: Option<String>,
    /// Largest share of rows that may be skipped (unreadable, or set aside as implausible) with a warning; more is an error naming the reasons (default 0.01).
    #[arg(long = "allow-skipped", alias = "max-bad-share", value_name = "SHARE", default_value_t = crate::history::table::DEFAULT_MAX_BAD_SHARE)]
    pub max_bad_share: f64,
    /// Longest plausible wait or handle time in seconds (default 14400 = 4 h): rows beyond it are set aside and counted, never fitted.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::history::calls::DEFAULT_MAX_DURATION)]
    pub max_duration: f64,
}

/// `ccsim fit`
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Interval data or call log (CSV; `,` `;` or tab separated).
    pub input: PathBuf,
    /// Write the scenario here (default: standard output).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// How to read the input.
    #[command(flatten)]
    pub input_args: HistoryInputArgs,
    /// Interval length, 15, 30 or 60 minutes (default: inferred from interval data, 30 for call logs).
    #[arg(long)]
    pub interval_minutes: Option<u32>,
    /// Opening time HH:MM (default: the earliest interval or call in the data).
    #[arg(long)]
    pub open: Option<String>,
    /// Closing time HH:MM (default: the end of the latest interval with data).
    #[arg(long)]
    pub close: Option<String>,
    /// Days of the week to use, e.g. mon-fri, sat,sun, or a named set: workweek, weekend, bank-week (sun-thu), bank-short (fri), bank-open (sun-fri), bank-weekend (fri,sat) (default: all).
    #[arg(long, default_value = "all")]
    pub weekdays: String,
    /// Service-level threshold T seconds written into the scenario (and used for "answered within T" in call logs).
    #[arg(long, default_value_t = 20.0)]
    pub threshold: f64,
    /// Service-level target written into the scenario.
    #[arg(long, default_value_t = 0.8)]
    pub target: f64,
    /// Keep the empirical handle-time distribution (200 quantiles) instead of the best family.
    #[arg(long)]
    pub empirical: bool,
    /// Patience model to write.
    #[arg(long, value_enum, default_value_t = crate::fit::PatienceChoice::Auto)]
    pub patience: crate::fit::PatienceChoice,
    /// Handle-time CV assumed when the data hold only average handle times.
    #[arg(long, default_value_t = 1.0)]
    pub handle_cv: f64,
    /// Scenario name (default: "fitted from INPUT").
    #[arg(long)]
    pub name: Option<String>,
    /// Pool every call into one type even when the log has a type column
    /// (default: one [[call_types]] entry per type).
    #[arg(long)]
    pub no_types: bool,
    /// Staffing estimator for a call log: busy, agents or calibrate (default calibrate when the log names its agents; see docs/history.md).
    #[arg(long, value_enum)]
    pub staffing: Option<crate::fit::staffing::Method>,
    /// Idle minutes that end an agent's session (--staffing agents; default 15).
    #[arg(long, default_value_t = 15.0)]
    pub break_minutes: f64,
    /// Occupancy of --staffing busy (default: implied by the log).
    #[arg(long)]
    pub occupancy: Option<f64>,
    /// Replays of the log per candidate staffing of --staffing calibrate (each redraws the unseen patience of answered callers).
    #[arg(long, default_value_t = crate::fit::staffing::CALIBRATE_REPLICATIONS)]
    pub calibrate_replications: u64,
    /// Fit only these days: dates and ranges (2024-03-04,2024-03-06..2024-03-08) or weekdays (sun-thu).
    #[arg(long)]
    pub fit_days: Option<String>,
    /// Keep the last SHARE of the days (in date order) out of the fit, for `ccsim backtest --holdout SHARE`.
    #[arg(long, value_name = "SHARE")]
    pub holdout: Option<f64>,
}

/// `ccsim backtest`
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Observed interval data (or a call log, summed into the scenario's intervals).
    #[arg(long)]
    pub actual: PathBuf,
    /// How to read the actual data.
    #[command(flatten)]
    pub input_args: HistoryInputArgs,
    /// Compare only this date (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Compare only these days: dates and ranges (2024-03-04,2024-03-06..2024-03-08) or weekdays (sun-thu).
    #[arg(long)]
    pub test_days: Option<String>,
    /// Compare only the last SHARE of the days in the file (those `ccsim fit --holdout SHARE` left out).
    #[arg(long, value_name = "SHARE")]
    pub holdout: Option<f64>,
    /// Compare only these days of the week, in the data's own calendar (e.g. sun-thu for the bank's working week, fri for its short day).
    #[arg(long)]
    pub weekdays: Option<String>,
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
    /// Write the backtest as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `ccsim simulate-log`
#[derive(Debug, Args)]
pub struct SimulateLogArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Days to simulate (each a replication of the scenario).
    #[arg(long, default_value_t = 20)]
    pub days: u32,
    /// Date of the first day (YYYY-MM-DD); the days follow one another.
    #[arg(long, default_value = "2024-03-04")]
    pub start_date: String,
    /// Master seed; overrides [simulation].seed.
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Write the call log (one row per attempt) here ("-" for standard output).
    #[arg(long)]
    pub calls: Option<PathBuf>,
    /// Write the interval data (one row per interval and day) here ("-" for standard output).
    #[arg(long)]
    pub intervals: Option<PathBuf>,
    /// Layout of the call log: ccsim's columns, or the Anonymous Bank log's.
    #[arg(long, value_enum, default_value_t = crate::history::synth::Layout::Ccsim)]
    pub layout: crate::history::synth::Layout,
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
    /// Calls offered per hour, or a range FROM..TO:STEP for a table (not with --scenario).
    #[arg(long, value_name = "N|FROM..TO[:STEP]")]
    pub calls_per_hour: Option<crate::planner::span::Span>,
    /// Average handle time, seconds (not with --scenario).
    #[arg(long)]
    pub aht: Option<f64>,
    /// Agents (lines for Erlang B) to compute the figures for, or a range FROM..TO[:STEP] for a table.
    #[arg(long, visible_alias = "lines", value_name = "N|FROM..TO[:STEP]")]
    pub agents: Option<crate::planner::span::Span>,
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
    /// With an --agents range: chart service level, ASA and abandonment against agents (SVG, or PNG for a .png name).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// With ranges: also simulate each staffing with N replications and show the simulated figures with 95% intervals.
    #[arg(long, value_name = "N")]
    pub simulate: Option<u32>,
}

/// What "meets the target" means for `ccsim staff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CriterionArg {
    /// The mean over replications meets the target.
    Mean,
    /// The unfavourable bound of the 95% confidence interval meets it.
    Lower,
}

impl From<CriterionArg> for crate::planner::Criterion {
    fn from(c: CriterionArg) -> Self {
        match c {
            CriterionArg::Mean => crate::planner::Criterion::Mean,
            CriterionArg::Lower => crate::planner::Criterion::Lower,
        }
    }
}

/// `ccsim staff`
#[derive(Debug, Args)]
pub struct StaffArgs {
    /// Scenario file(s) (TOML): several sites are staffed one after the
    /// other, and --out/--json/--csv/--report then name folders that get
    /// one file per scenario, named after it.
    #[arg(required = true, num_args = 1..)]
    pub scenarios: Vec<PathBuf>,
    /// Group to staff [default: the first group].
    #[arg(long)]
    pub group: Option<String>,
    /// What "meets" means: the mean, or the 95% confidence bound.
    #[arg(long, value_enum, default_value_t = CriterionArg::Mean)]
    pub criterion: CriterionArg,
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
    /// Most agents of the group in any interval [default: 10 x the Erlang start + 50].
    #[arg(long)]
    pub max_agents: Option<u32>,
    /// Passes over the day at most.
    #[arg(long, default_value_t = 4)]
    pub max_passes: usize,
    /// Shrinkage of the staffed group (share of paid time off the phones,
    /// 0 to 0.99), overriding its `shrinkage`: scheduled heads, paid hours,
    /// FTE and cost follow it, and `--out` writes it with `scheduled`.
    #[arg(long, value_name = "S")]
    pub shrinkage: Option<f64>,
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
    /// Write a self-contained HTML page of the staffing plan (summary, charts, tables, inputs) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Staff only shard I of N of the scenario files (each whole) and write its partial result (see docs/scale.md).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// With --shard: write the partial result here (default: --json, else SCENARIO.shard-I-of-N.json).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial: Option<PathBuf>,
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
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
    /// Write the sweep as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write one CSV row per grid point here ("-" for standard output).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write a self-contained HTML page of the sweep (summary, charts, tables, inputs) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Draw cost against service level with the frontier into DIR/frontier.svg (default DIR: output/<scenario name>/).
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub charts: Option<Option<PathBuf>>,
    /// Image format of the chart.
    #[arg(long, value_enum, default_value_t = crate::plot::Format::Svg)]
    pub chart_format: crate::plot::Format,
    /// Do only shard I of N of the grid points (each with all its replications) and write its partial result (see docs/scale.md).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// With --shard: write the partial result here (default: --json, else SCENARIO.shard-I-of-N.json).
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub partial: Option<PathBuf>,
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
    /// Also run the old flat method (the same extra agents in every
    /// interval, rounded up) and print it beside the re-staffing.
    #[arg(long)]
    pub flat: bool,
    /// Replications, seed and threads.
    #[command(flatten)]
    pub sim: SimOptions,
    /// Write the result as JSON here ("-" for standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Do not print the text.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write a self-contained HTML page of the break-even (summary, charts, tables, inputs) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// `ccsim schedule`
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Requirement: `ccsim staff` or `ccsim erlang --scenario` output (--json or
    /// --csv), or a CSV with `interval` and `required` columns (docs/schedule.md).
    pub requirement: PathBuf,
    /// Shift rules (TOML: start window and grid, lengths, breaks, limits; docs/schedule.md).
    #[arg(long)]
    pub rules: PathBuf,
    /// The scenario the schedule is for: its arrivals check the schedule by
    /// simulation, and --out writes it with the schedule as `[[groups.shifts]]`.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Group the shifts staff [default: the first group].
    #[arg(long)]
    pub group: Option<String>,
    /// Skip the simulation check.
    #[arg(long)]
    pub no_check: bool,
    /// Rounds of the simulation check at most (each adds shifts where targets miss).
    #[arg(long, default_value_t = 5)]
    pub max_rounds: usize,
    /// Replications, seed and threads of the check.
    #[command(flatten)]
    pub sim: SimOptions,
    /// Write the schedule CSV here (shift, start, end, length, paid hours, breaks, count per day).
    #[arg(long)]
    pub schedule: Option<PathBuf>,
    /// Write the roster CSV here (needs `roster = true` in the rules).
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Write the coverage CSV here (required, scheduled, on the phones per interval).
    #[arg(long)]
    pub coverage: Option<PathBuf>,
    /// Write the coverage chart here (SVG, or PNG for a .png name).
    #[arg(long)]
    pub chart: Option<PathBuf>,
    /// Write the scenario with `[[groups.shifts]]` here (needs --scenario).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print JSON (alone, or "--json FILE" to write a file).
    #[arg(long, num_args = 0..=1, default_missing_value = "-")]
    pub json: Option<PathBuf>,
    /// Do not print the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write a self-contained HTML page of the schedule (summary, coverage chart, shifts, check, inputs) here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}
