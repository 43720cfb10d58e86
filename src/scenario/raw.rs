//! Serde structs that mirror the scenario TOML key for key. Nothing here is
//! checked beyond types: `validate` turns a [`RawScenario`] into a
//! [`crate::scenario::ValidScenario`] and reports every problem at once.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A whole scenario file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Display name, used in reports and for the default output folder.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: String,
    /// Replications, seed and warm-up.
    #[serde(default)]
    pub simulation: RawSimulation,
    /// The planning day and its intervals.
    pub horizon: RawHorizon,
    /// How the service level is measured and what it should reach.
    #[serde(default)]
    pub service_level: RawServiceLevel,
    /// Arrival rates per interval (with `[[call_types]]`: only `forecast_cv`).
    #[serde(default)]
    pub arrivals: RawArrivals,
    /// Talk time of one call, or talk plus wrap-up when `[wrap_up]` is left
    /// out (with `[[call_types]]`: the default of every type that gives none).
    pub handle_time: Option<RawDistribution>,
    /// After-call work of an answered call: the agent stays busy, the caller
    /// is gone; absent: none (with `[[call_types]]`: the default of every type
    /// that gives none).
    pub wrap_up: Option<RawDistribution>,
    /// How long a caller waits before hanging up; absent means nobody abandons.
    pub patience: Option<RawDistribution>,
    /// Trunk lines; absent means unlimited.
    pub lines: Option<RawLines>,
    /// Callers who try again after abandoning or a busy signal.
    #[serde(default)]
    pub retrials: RawRetrials,
    /// Agent groups in routing order.
    pub groups: Vec<RawGroup>,
    /// Kinds of call; absent: the top-level tables define a single type.
    pub call_types: Option<Vec<RawCallType>>,
    /// How a free agent chooses among waiting calls.
    #[serde(default)]
    pub routing: RawRouting,
    /// Costs of calls and the contract calendar (see docs/money.md); absent
    /// means no economic figures beyond the groups' own prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economics: Option<RawEconomics>,
    /// Customer satisfaction model; absent means the documented defaults.
    #[serde(default)]
    pub satisfaction: super::satisfaction::RawSatisfaction,
}

/// `[simulation]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Independent days simulated.
    #[serde(default = "default_replications")]
    pub replications: i64,
    /// Master seed of every random stream.
    #[serde(default = "default_seed")]
    pub seed: i64,
    /// Minutes at the start of the horizon that are simulated but not reported.
    #[serde(default)]
    pub warmup_minutes: f64,
}

impl Default for RawSimulation {
    fn default() -> Self {
        RawSimulation {
            replications: default_replications(),
            seed: default_seed(),
            warmup_minutes: 0.0,
        }
    }
}

fn default_replications() -> i64 {
    200
}
fn default_seed() -> i64 {
    1
}

/// `[horizon]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawHorizon {
    /// "HH:MM" opening time.
    pub start: String,
    /// "HH:MM" closing time; "24:00" is midnight at the end of the day.
    pub end: String,
    /// Interval length in minutes: 15, 30 or 60.
    #[serde(default = "default_interval")]
    pub interval_minutes: i64,
    /// Calendar days of the horizon, simulated as one continuous run (default 1).
    #[serde(default = "default_days")]
    pub days: i64,
    /// Weekday of the first day: "mon" .. "sun" (default "mon").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_day: Option<String>,
    /// `[horizon.closed]`: weekdays on which the center does not open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<RawClosed>,
    /// `[horizon.hours]`: opening hours of given weekdays, instead of `start`-`end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<RawHours>,
}

/// `[horizon.hours]`: per weekday `"HH:MM-HH:MM"` (may wrap past midnight),
/// or `"closed"` / `""` for a day the center does not open; a weekday left
/// out keeps `[horizon] start`-`end`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// Monday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mon: Option<String>,
    /// Tuesday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tue: Option<String>,
    /// Wednesday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wed: Option<String>,
    /// Thursday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thu: Option<String>,
    /// Friday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fri: Option<String>,
    /// Saturday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat: Option<String>,
    /// Sunday's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sun: Option<String>,
}

impl RawHours {
    /// The given hours by weekday, Monday first.
    pub fn by_weekday(&self) -> [Option<&str>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
        .map(|x| x.as_deref())
    }
}

/// `[horizon.closed]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosed {
    /// Weekdays ("mon" .. "sun") the center stays closed all day.
    #[serde(default)]
    pub days: Vec<String>,
}

fn default_days() -> i64 {
    1
}

fn default_interval() -> i64 {
    30
}

/// `[service_level]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceLevel {
    /// T in "share answered within T seconds".
    #[serde(default = "default_threshold")]
    pub threshold_seconds: Duration,
    /// Target share, a fraction of 1.
    #[serde(default = "default_target")]
    pub target: f64,
    /// Which calls the share is taken over.
    #[serde(default)]
    pub definition: SlDefinitionName,
    /// With `exclude_short_abandons`: abandons quicker than this are left out.
    pub short_abandon_seconds: Option<Duration>,
    /// Optional target for the abandonment rate (used by planners).
    pub max_abandon_rate: Option<f64>,
    /// Optional target for the average speed of answer, in seconds.
    pub max_asa_seconds: Option<Duration>,
    /// Optional cap on the occupancy of every in-house group (busy time over
    /// time on the phones), a fraction of 1.
    pub max_occupancy: Option<f64>,
}

impl Default for RawServiceLevel {
    fn default() -> Self {
        RawServiceLevel {
            threshold_seconds: default_threshold(),
            target: default_target(),
            definition: SlDefinitionName::Offered,
            short_abandon_seconds: None,
            max_abandon_rate: None,
            max_asa_seconds: None,
            max_occupancy: None,
        }
    }
}

fn default_threshold() -> Duration {
    Duration::Number(20.0)
}
fn default_target() -> f64 {
    0.8
}

/// Spelling of the service-level definitions in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlDefinitionName {
    /// Answered within T over all calls that reached the queue.
    #[default]
    Offered,
    /// Answered within T over answered calls.
    Answered,
    /// Like `offered`, leaving out calls abandoned within `short_abandon_seconds`.
    ExcludeShortAbandons,
}

/// `[arrivals]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    /// Calls per hour: one number, or one per interval.
    pub calls_per_hour: Option<NumberOrList>,
    /// Calls per interval: one number, or one per interval.
    pub calls_per_interval: Option<NumberOrList>,
    /// Coefficient of variation of the day-level volume multiplier.
    #[serde(default)]
    pub forecast_cv: f64,
    /// One factor per day of the horizon multiplying that day's rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_factors: Option<Vec<f64>>,
    /// A forecast file (CSV): calls, and optionally AHT, per interval (see
    /// [`crate::scenario::forecast`]); relative to the scenario's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A distribution table such as `[handle_time]` or `[patience]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    /// Family name.
    pub distribution: DistributionName,
    /// Mean (or the constant for `deterministic`): one duration, or (for
    /// `[handle_time]` and `[wrap_up]`) a list of seconds with one value per
    /// interval, or a list of lists, one per open day.
    pub mean_seconds: Option<Seconds>,
    /// Coefficient of variation (lognormal, gamma): one number or, like
    /// `mean_seconds`, a list per interval or a list of lists.
    pub cv: Option<NumberOrList>,
    /// Lower bound (uniform).
    pub min_seconds: Option<Duration>,
    /// Upper bound (uniform).
    pub max_seconds: Option<Duration>,
    /// Observed values drawn from with equal probability (empirical).
    pub values_seconds: Option<Vec<f64>>,
}

/// Distribution families a scenario can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistributionName {
    /// Exponential with the given mean.
    Exponential,
    /// Lognormal with the given mean and CV.
    Lognormal,
    /// Gamma with the given mean and CV.
    Gamma,
    /// Always the mean.
    Deterministic,
    /// Uniform between min and max.
    Uniform,
    /// Resampling of observed values.
    Empirical,
    /// Infinite (only for patience: nobody abandons).
    None,
}

/// `[lines]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLines {
    /// Calls the switch holds at once (waiting, or talking to an in-house agent).
    pub count: i64,
}

/// `[retrials]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetrials {
    /// Probability that a caller who abandoned calls again.
    #[serde(default)]
    pub after_abandon: f64,
    /// Probability that a caller who got a busy signal calls again.
    #[serde(default)]
    pub after_busy: f64,
    /// Mean of the exponential delay before the new attempt.
    #[serde(default = "default_retry_delay")]
    pub mean_delay_seconds: Duration,
}

impl Default for RawRetrials {
    fn default() -> Self {
        RawRetrials {
            after_abandon: 0.0,
            after_busy: 0.0,
            mean_delay_seconds: default_retry_delay(),
        }
    }
}

fn default_retry_delay() -> Duration {
    Duration::Number(600.0)
}

/// `[[groups]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    /// Unique name.
    pub name: String,
    /// Agents on the phones: one whole number, or one per interval (give
    /// this or `scheduled`; left out, it is the empty list, see
    /// [`NumberOrList::is_absent`]).
    #[serde(
        default = "NumberOrList::absent",
        skip_serializing_if = "NumberOrList::is_absent"
    )]
    pub agents: NumberOrList,
    /// Heads on shift and paid (before absence and shrinkage): one whole
    /// number, or one per interval (give this or `agents`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled: Option<NumberOrList>,
    /// Planned share of paid time off the phones (breaks, training, meetings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrinkage: Option<f64>,
    /// Probability that a scheduled agent is absent for a whole day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absenteeism: Option<f64>,
    /// Fewest agents on the phones `ccsim staff` may plan: a number or one per interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_agents: Option<NumberOrList>,
    /// Multiplies every handle time in this group.
    #[serde(default = "one")]
    pub handle_time_factor: f64,
    /// Quality factor for the satisfaction model.
    #[serde(default = "one")]
    pub quality: f64,
    /// The group is an outsourcing partner on its own lines.
    #[serde(default)]
    pub outsourced: bool,
    /// Overflow rule: eligible after a call waited this long.
    pub overflow_after_seconds: Option<Duration>,
    /// Share rule: this share of arrivals is routed straight here.
    pub share: Option<f64>,
    /// Hours rule: every call arriving in these "HH:MM-HH:MM" windows comes here.
    pub hours: Option<Vec<String>>,
    /// Call types this group serves (names of `[[call_types]]`); absent: all.
    pub skills: Option<Vec<String>>,
    /// Routing order: larger is offered arriving calls first; ties keep file order.
    #[serde(default)]
    pub priority: i64,
    /// Settings of one skill: `[groups.per_type.<type>]`.
    #[serde(default)]
    pub per_type: std::collections::BTreeMap<String, RawSkill>,
    /// Wage cost of one scheduled agent-hour (busy or idle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_agent_hour: Option<f64>,
    /// `[groups.contract]`: what an outsourcing partner charges (docs/money.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<RawContract>,
    /// `[[groups.shifts]]`: agents on shifts instead of `agents` (docs/schedule.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<super::shifts::RawShift>,
}

/// `[groups.per_type.<type>]`: how a group handles one call type, overriding
/// the group's own `handle_time_factor` and routing rule for that type.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSkill {
    /// Multiplies this type's handle time in this group (proficiency).
    pub handle_time_factor: Option<f64>,
    /// Overflow rule for this type.
    pub overflow_after_seconds: Option<Duration>,
    /// Share rule for this type.
    pub share: Option<f64>,
    /// Hours rule for this type.
    pub hours: Option<Vec<String>>,
}

/// `[[call_types]]`: one kind of call with its own arrivals, times and targets.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallType {
    /// Unique name, used by `skills` and in reports.
    pub name: String,
    /// Larger is served first by a free agent (non-preemptive); default 0.
    #[serde(default)]
    pub priority: i64,
    /// Calls per hour: one number, or one per interval.
    pub calls_per_hour: Option<NumberOrList>,
    /// Calls per interval: one number, or one per interval.
    pub calls_per_interval: Option<NumberOrList>,
    /// Handle time; absent: the top-level `[handle_time]`.
    pub handle_time: Option<RawDistribution>,
    /// After-call work; absent: the top-level `[wrap_up]` (or none).
    pub wrap_up: Option<RawDistribution>,
    /// Patience; absent: the top-level `[patience]` (or nobody abandons).
    pub patience: Option<RawDistribution>,
    /// Retrials; absent: the top-level `[retrials]`.
    pub retrials: Option<RawRetrials>,
    /// Service-level target and threshold; absent keys: the scenario's.
    #[serde(default)]
    pub service_level: RawTypeServiceLevel,
}

/// `[call_types.service_level]`: per-type targets; each absent key falls back
/// to `[service_level]`. The definition (which calls count) is scenario-wide.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTypeServiceLevel {
    /// T in "share answered within T seconds" for this type.
    pub threshold_seconds: Option<Duration>,
    /// Target share, a fraction of 1.
    pub target: Option<f64>,
    /// Ceiling on this type's abandonment rate.
    pub max_abandon_rate: Option<f64>,
    /// Ceiling on this type's average speed of answer, seconds.
    pub max_asa_seconds: Option<Duration>,
}

/// `[routing]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    /// How a freed agent chooses among the waiting calls it may take.
    #[serde(default)]
    pub discipline: DisciplineName,
}

/// Spelling of the queue disciplines in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisciplineName {
    /// Highest call-type priority first, then the longest waiting.
    #[default]
    Priority,
    /// The longest waiting first, whatever its type.
    LongestWait,
}

/// `[groups.contract]`: an outsourcing contract, any mix of the price
/// components (absent ones cost nothing).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawContract {
    /// Leased lines (each with its agent); default: the group's largest
    /// number of agents in any interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<i64>,
    /// Yearly fee per leased line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_line_per_year: Option<f64>,
    /// Operating days a year the yearly fee is spread over (one simulated day is one of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_days_per_year: Option<f64>,
    /// Price per call the partner answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_handled_call: Option<f64>,
    /// Price per minute of handle time the partner spends on calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_handled_minute: Option<f64>,
    /// Price per scheduled agent-hour of the partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_staffed_hour: Option<f64>,
    /// Volume commitment: a month with fewer handled calls is billed as this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_calls_per_month: Option<f64>,
    /// `[groups.contract.service_level]`: the service-level clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level: Option<RawSlaClause>,
}

/// `[groups.contract.service_level]`: a target the partner must reach over
/// each contract period, with a penalty or bonus per percentage point.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlaClause {
    /// Contract period the service level is measured over.
    #[serde(default)]
    pub period: PeriodName,
    /// Target share answered within the threshold, a fraction of 1.
    pub target: f64,
    /// Threshold T in seconds; default: the scenario's `service_level.threshold_seconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_seconds: Option<Duration>,
    /// Paid by the partner per percentage point below target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_per_point: Option<f64>,
    /// Paid to the partner per percentage point above target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_per_point: Option<f64>,
    /// Largest penalty in one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty: Option<f64>,
    /// Largest bonus in one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bonus: Option<f64>,
}

/// A contract period in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodName {
    /// One simulated day.
    Day,
    /// `economics.days_per_week` consecutive simulated days.
    Week,
    /// `economics.days_per_month` consecutive simulated days.
    #[default]
    Month,
}

/// `[economics]`: the value of calls and the contract calendar.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEconomics {
    /// Cost of a call abandoned while waiting (lost business, call-back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_abandoned_call: Option<f64>,
    /// Revenue earned per answered call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_per_answered_call: Option<f64>,
    /// Operating days in a contract week (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_per_week: Option<i64>,
    /// Operating days in a contract month (default 4 weeks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_per_month: Option<i64>,
    /// Paid hours of one full-time equivalent in a week (default 40).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte_hours_per_week: Option<f64>,
    /// Paid hours of one full-time equivalent in a day (default 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte_hours_per_day: Option<f64>,
}

fn one() -> f64 {
    1.0
}

/// A duration written as seconds (`20`, `2.5`) or as `"HH:MM"` / `"HH:MM:SS"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Duration {
    /// Seconds.
    Number(f64),
    /// Clock notation, parsed by validation so that a typo is reported with the others.
    Text(String),
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of seconds or a duration \"HH:MM\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                Ok(Duration::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                Ok(Duration::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
                Ok(Duration::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Ok(Duration::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `mean_seconds`: one duration (seconds or `"HH:MM"`), or seconds per
/// interval as a list or a list of lists (see [`NumberOrList`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Seconds {
    /// The same duration in every interval.
    One(Duration),
    /// Seconds per interval (a list, or a list of lists over days).
    Profile(NumberOrList),
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of seconds, a duration \"HH:MM\", or a list of seconds, one per interval")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                Ok(Seconds::One(Duration::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                Ok(Seconds::One(Duration::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seconds, E> {
                Ok(Seconds::One(Duration::Number(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                Ok(Seconds::One(Duration::Text(v.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Seconds, A::Error> {
                NumberOrList::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Seconds::Profile)
            }
        }
        d.deserialize_any(V)
    }
}

/// One number for every interval, a list with one value per interval of a
/// day (or of the whole horizon), or a list of lists, one per open day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NumberOrList {
    /// The same value in every interval.
    One(f64),
    /// One value per interval.
    List(Vec<f64>),
    /// One list per open day of the horizon, each with one value per interval.
    Days(Vec<Vec<f64>>),
}

impl NumberOrList {
    /// The value of a key left out of the file: an empty list.
    pub fn absent() -> NumberOrList {
        NumberOrList::List(Vec::new())
    }

    /// Whether this is the value of a key left out (an empty list).
    pub fn is_absent(&self) -> bool {
        matches!(self, NumberOrList::List(v) if v.is_empty())
    }
}

impl<'de> Deserialize<'de> for NumberOrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a list of numbers, one per interval")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberOrList, E> {
                Ok(NumberOrList::One(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberOrList, E> {
                Ok(NumberOrList::One(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberOrList, E> {
                Ok(NumberOrList::One(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NumberOrList, A::Error> {
                let mut values = Vec::new();
                let mut days = Vec::new();
                while let Some(v) = seq.next_element::<NumberOrRow>()? {
                    match v {
                        NumberOrRow::Number(x) if days.is_empty() => values.push(x),
                        NumberOrRow::Row(row) if values.is_empty() => days.push(row),
                        _ => {
                            return Err(de::Error::custom(
                                "mixes numbers and lists: give one number per interval, or one list per day",
                            ))
                        }
                    }
                }
                if days.is_empty() {
                    Ok(NumberOrList::List(values))
                } else {
                    Ok(NumberOrList::Days(days))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// An element of a [`NumberOrList`]: a number, or a day's list of numbers.
enum NumberOrRow {
    Number(f64),
    Row(Vec<f64>),
}

impl<'de> Deserialize<'de> for NumberOrRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a list of numbers (one day)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberOrRow, E> {
                Ok(NumberOrRow::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberOrRow, E> {
                Ok(NumberOrRow::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberOrRow, E> {
                Ok(NumberOrRow::Number(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NumberOrRow, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<Number>()? {
                    values.push(v.0);
                }
                Ok(NumberOrRow::Row(values))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number that may be written as an integer or a float.
struct Number(f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
        }
        d.deserialize_any(V)
    }
}
