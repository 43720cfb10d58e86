//! The report structs of `ccsim erlang` (its JSON contract).

use serde::Serialize;

/// One answer: the inputs, the figures at `agents`, and what the targets need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangRow {
    /// Calendar day of the interval, 1 = the first (scenario mode, multi-day horizons).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<usize>,
    /// Weekday "mon" .. "sun" of `day` (scenario mode, multi-day horizons).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// "HH:MM" start of the interval (scenario mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// "HH:MM" end of the interval (scenario mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Calls offered per hour.
    pub calls_per_hour: f64,
    /// Average handle time, seconds.
    pub aht_seconds: f64,
    /// Mean patience, seconds (Erlang A; null when nobody abandons).
    pub patience_seconds: Option<f64>,
    /// Offered load, Erlangs.
    pub offered_load_erlangs: f64,
    /// Agents (lines for Erlang B) the figures are for.
    pub agents: u32,
    /// P(an arriving call waits).
    pub p_wait: Option<f64>,
    /// Answered within the threshold over all calls that reached the queue.
    pub service_level: Option<f64>,
    /// Mean wait of answered calls, seconds.
    pub asa_seconds: Option<f64>,
    /// Mean wait of all calls that reached the queue, seconds.
    pub mean_wait_seconds: Option<f64>,
    /// Abandoned over calls that reached the queue.
    pub abandon_rate: Option<f64>,
    /// Blocked over offered calls.
    pub block_rate: Option<f64>,
    /// Busy agents over agents.
    pub occupancy: Option<f64>,
    /// Time-average number waiting.
    pub mean_queue_length: Option<f64>,
    /// Fewest agents meeting every target (when targets are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_required: Option<u32>,
    /// Whether `agents` meets every target (when targets are given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_targets: Option<bool>,
    /// Fractional requirement (with --fractional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fractional_agents: Option<f64>,
    /// Agents to schedule: the requirement (or `agents`) over 1 - shrinkage, rounded up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_to_schedule: Option<u32>,
    /// Fractional requirement over 1 - shrinkage (with --fractional and --shrinkage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fractional_agents_to_schedule: Option<f64>,
    /// Scenario mode: the planned group's paid figures of the interval for
    /// the plan (`agents_required`, else `agents`): `scheduled` heads,
    /// `paid_hours`, `fte`, `cost` (see [`ScenarioErlang::plan`]).
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub paid: Option<crate::planner::paid::PaidFigures>,
    /// Why figures are missing, if they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// With `--simulate N`: the simulated figures with their 95% intervals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated: Option<crate::plot::erlang::SimulatedPoint>,
}

/// `ccsim erlang` with ranges: one row per (calls per hour, agents).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangRange {
    /// "erlang_b", "erlang_c" or "erlang_a".
    pub model: &'static str,
    /// Targets used.
    pub targets: TargetsReport,
    /// Replications per simulated staffing (with `--simulate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_replications: Option<u32>,
    /// Calls per hour outer, agents inner, both ascending.
    pub rows: Vec<ErlangRow>,
}

/// The targets as given, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsReport {
    /// Minimum service level.
    pub service_level: Option<f64>,
    /// Service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Maximum ASA, seconds.
    pub max_asa_seconds: Option<f64>,
    /// Maximum abandonment rate.
    pub max_abandon_rate: Option<f64>,
    /// Maximum blocking rate.
    pub max_block_rate: Option<f64>,
    /// Maximum occupancy.
    pub max_occupancy: Option<f64>,
}

/// `ccsim erlang --scenario`: one row per interval and the day's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioErlang {
    /// Scenario name.
    pub scenario: String,
    /// "erlang_b", "erlang_c" or "erlang_a".
    pub model: &'static str,
    /// Targets used (the command line's, else the scenario's).
    pub targets: TargetsReport,
    /// Shrinkage, if given.
    pub shrinkage: Option<f64>,
    /// One per interval.
    pub intervals: Vec<ErlangRow>,
    /// Sum over intervals of `agents_required` times the interval length, hours.
    pub agent_hours_required: Option<f64>,
    /// The same with the fractional requirement (with --fractional).
    pub fractional_agent_hours: Option<f64>,
    /// The plan in paid units over the horizon and per day.
    pub plan: ErlangPlan,
}

/// `ccsim erlang --scenario`'s plan in paid units: the requirement (or the
/// scenario's agents without targets) as agents on the phones, and the
/// heads the planned group must schedule for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangPlan {
    /// The planned group (the scenario's first): its shrinkage, absenteeism and wage apply.
    pub group: String,
    /// Shrinkage used (`--shrinkage`, else the group's).
    pub shrinkage: f64,
    /// The group's absenteeism: heads = ceil(agents / ((1 - shrinkage) (1 - absenteeism))).
    pub absenteeism: f64,
    /// Whether a group gives `min_agents`: the requirement of an interval is
    /// then never below the groups' `min_agents` there (added over groups).
    pub min_agents_applied: bool,
    /// Over the horizon: mean scheduled heads per interval, paid hours, FTE, cost.
    pub total: crate::planner::paid::PaidFigures,
    /// Per open day of a multi-day horizon (empty for one day).
    pub days: Vec<ErlangPlanDay>,
}

/// One open day of [`ErlangPlan`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErlangPlanDay {
    /// Calendar day, 1 = the first.
    pub day: usize,
    /// Weekday "mon" .. "sun".
    pub weekday: String,
    /// The day's paid figures (FTE per `fte_hours_per_day`).
    #[serde(flatten)]
    pub paid: crate::planner::paid::PaidFigures,
}
