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
    /// Arrival rates per interval.
    pub arrivals: RawArrivals,
    /// Talk plus wrap-up time of one call.
    pub handle_time: RawDistribution,
    /// How long a caller waits before hanging up; absent means nobody abandons.
    pub patience: Option<RawDistribution>,
    /// Trunk lines; absent means unlimited.
    pub lines: Option<RawLines>,
    /// Callers who try again after abandoning or a busy signal.
    #[serde(default)]
    pub retrials: RawRetrials,
    /// Agent groups in routing order.
    pub groups: Vec<RawGroup>,
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    /// Calls per hour: one number, or one per interval.
    pub calls_per_hour: Option<NumberOrList>,
    /// Calls per interval: one number, or one per interval.
    pub calls_per_interval: Option<NumberOrList>,
    /// Coefficient of variation of the day-level volume multiplier.
    #[serde(default)]
    pub forecast_cv: f64,
}

/// A distribution table such as `[handle_time]` or `[patience]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    /// Family name.
    pub distribution: DistributionName,
    /// Mean (or the constant for `deterministic`).
    pub mean_seconds: Option<Duration>,
    /// Coefficient of variation (lognormal, gamma).
    pub cv: Option<f64>,
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
    /// Agents on shift: one whole number, or one per interval.
    pub agents: NumberOrList,
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

/// One number for every interval, or a list with one value per interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NumberOrList {
    /// The same value in every interval.
    One(f64),
    /// One value per interval.
    List(Vec<f64>),
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
                while let Some(v) = seq.next_element::<Number>()? {
                    values.push(v.0);
                }
                Ok(NumberOrList::List(values))
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
