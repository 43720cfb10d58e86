//! Reports: the serde structs here are the output contract of `ccsim run`
//! (JSON and CSV keys are stable and documented in README.md), built from a
//! [`Summary`]; [`table`] prints them for people, [`csv`] for spreadsheets.

pub mod csv;
pub mod html;
pub mod output;
pub mod satisfaction;
pub mod shifts;
pub mod staff;
pub mod staffing;
pub mod table;
pub mod verdict;
pub mod warnings;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::Work;
use crate::scenario::{SlDefinition, ValidScenario, WEEKDAYS};
use crate::stats::{Estimate, Metric, ScopeAccumulators, Summary};

/// A map that keeps insertion order in JSON (groups in file order).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for OrderedMap<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<T> OrderedMap<T> {
    /// Whether the map holds no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A group's figures in one scope.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct GroupFigures {
    /// Calls this group answered.
    pub handled: Estimate,
    /// Busy agent time over present agent time.
    pub occupancy: Estimate,
}

/// Every simulated figure of one scope (an interval or the horizon), each
/// the mean over replications with its 95% confidence interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    /// Call attempts that arrived.
    pub offered: Estimate,
    /// Attempts answered by an agent.
    pub answered: Estimate,
    /// Attempts abandoned while waiting.
    pub abandoned: Estimate,
    /// Attempts that found every line busy.
    pub blocked: Estimate,
    /// Share answered within the threshold (see `service_level_definition`).
    pub service_level: Estimate,
    /// Average speed of answer: mean wait of answered calls, seconds.
    pub asa_seconds: Estimate,
    /// Mean wait of all calls that reached the queue (answered or not), seconds.
    pub mean_wait_seconds: Estimate,
    /// 90th percentile of the wait of answered calls, seconds.
    pub wait_p90_seconds: Estimate,
    /// Abandoned over offered calls that were not blocked.
    pub abandon_rate: Estimate,
    /// Blocked over offered calls.
    pub block_rate: Estimate,
    /// Time-average number of calls waiting.
    pub mean_queue_length: Estimate,
    /// Largest number of calls waiting at once (mean over replications of the daily maximum).
    pub max_queue_length: Estimate,
    /// Distinct callers (first attempts).
    pub callers: Estimate,
    /// Attempts that were retrials.
    pub retrials: Estimate,
    /// Callers whose last attempt went unanswered (counted in their first attempt's interval).
    pub callers_lost: Estimate,
    /// Average handle time of answered calls (talk plus wrap-up, after the
    /// answering group's handle-time factor), seconds.
    pub aht_seconds: Estimate,
    /// Per group in file order.
    pub groups: OrderedMap<GroupFigures>,
    /// Per group staffed by `[[groups.shifts]]`: agents on shift, on a
    /// break and on the phones, break delay and overtime (absent without
    /// shift groups and in a call type's figures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shifts: Option<OrderedMap<shifts::ShiftFigures>>,
}

impl Figures {
    /// Figures from one scope's accumulators.
    pub fn from_scope(acc: &ScopeAccumulators, sc: &ValidScenario) -> Self {
        let e = |m: Metric| acc.get(m);
        Figures {
            offered: e(Metric::Offered),
            answered: e(Metric::Answered),
            abandoned: e(Metric::Abandoned),
            blocked: e(Metric::Blocked),
            service_level: e(Metric::ServiceLevel),
            asa_seconds: e(Metric::AsaSeconds),
            mean_wait_seconds: e(Metric::MeanWaitSeconds),
            wait_p90_seconds: e(Metric::WaitP90Seconds),
            abandon_rate: e(Metric::AbandonRate),
            block_rate: e(Metric::BlockRate),
            mean_queue_length: e(Metric::MeanQueueLength),
            max_queue_length: e(Metric::MaxQueueLength),
            callers: e(Metric::Callers),
            retrials: e(Metric::Retrials),
            callers_lost: e(Metric::CallersLost),
            aht_seconds: e(Metric::AhtSeconds),
            groups: OrderedMap(
                sc.groups
                    .iter()
                    .enumerate()
                    .map(|(g, group)| {
                        (
                            group.name.clone(),
                            GroupFigures {
                                handled: acc.handled(g),
                                occupancy: acc.occupancy(g),
                            },
                        )
                    })
                    .collect(),
            ),
            shifts: shifts::figures(sc, acc),
        }
    }

    /// The estimate of a metric by its enum.
    pub fn get(&self, metric: Metric) -> Estimate {
        match metric {
            Metric::Offered => self.offered,
            Metric::Answered => self.answered,
            Metric::Abandoned => self.abandoned,
            Metric::Blocked => self.blocked,
            Metric::ServiceLevel => self.service_level,
            Metric::AsaSeconds => self.asa_seconds,
            Metric::MeanWaitSeconds => self.mean_wait_seconds,
            Metric::WaitP90Seconds => self.wait_p90_seconds,
            Metric::AbandonRate => self.abandon_rate,
            Metric::BlockRate => self.block_rate,
            Metric::MeanQueueLength => self.mean_queue_length,
            Metric::MaxQueueLength => self.max_queue_length,
            Metric::Callers => self.callers,
            Metric::Retrials => self.retrials,
            Metric::CallersLost => self.callers_lost,
            Metric::AhtSeconds => self.aht_seconds,
        }
    }
}

/// One reported interval: its clock times, its inputs and its figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IntervalReport {
    /// Day of the horizon (1 = the first calendar day) of a multi-day
    /// horizon; absent for a one-day horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<usize>,
    /// Weekday ("mon" .. "sun") of `day`; absent for a one-day horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// Offered load of the forecast, Erlangs (arrival rate times mean handle time).
    pub offered_load_erlangs: f64,
    /// Agents on shift per group.
    pub agents: OrderedMap<u32>,
    /// Per group: agents on the phones, scheduled heads, paid hours, FTE
    /// (multi-day horizons and groups with shrinkage, absenteeism or `scheduled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staffing: Option<OrderedMap<staffing::StaffingFigures>>,
    /// "met" when every target holds in this interval, "missed" otherwise
    /// (see `targets` of the report for what missed and by how much).
    pub status: &'static str,
    /// The simulated figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One open day of a multi-day horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayReport {
    /// Day of the horizon, 1 = the first calendar day (closed days count).
    pub day: usize,
    /// Weekday, "mon" .. "sun".
    pub weekday: String,
    /// "HH:MM" opening (the service may run past midnight into the next day).
    pub start: String,
    /// "HH:MM" close.
    pub end: String,
    /// Reported intervals of the day (fewer than a day's on a day the warm-up cuts).
    pub intervals: usize,
    /// Per group: agents on the phones, scheduled heads, paid hours, FTE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staffing: Option<OrderedMap<staffing::StaffingFigures>>,
    /// The simulated figures over the day.
    #[serde(flatten)]
    pub figures: Figures,
}

/// The figures of one weekday, pooled over every open day of the horizon
/// that falls on it (each day of each replication one observation).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeekdayReport {
    /// Open days of the horizon on this weekday.
    pub days: usize,
    /// The pooled figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One call type's figures: its targets, the horizon and every interval,
/// over that type's calls alone. A group's `handled` counts the calls of
/// this type it answered; its `occupancy` is the agent time spent on this
/// type over the group's present agent time; queue lengths count calls of
/// this type.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TypeReport {
    /// Larger is served first (ignored under `discipline = "longest_wait"`).
    pub priority: i32,
    /// This type's service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// This type's service-level target.
    pub target: f64,
    /// This type's ceiling on the abandonment rate, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_abandon_rate: Option<f64>,
    /// This type's ceiling on the average speed of answer, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_asa_seconds: Option<f64>,
    /// The whole horizon after warm-up.
    pub total: Figures,
    /// Each reported interval.
    pub intervals: Vec<TypeIntervalReport>,
    /// Each open day of a multi-day horizon, as the top-level `days`
    /// (absent on a one-day horizon).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<TypeDayReport>,
}

/// One open day of a multi-day horizon, over one call type's calls.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TypeDayReport {
    /// Day of the horizon, 1 = the first calendar day (closed days count).
    pub day: usize,
    /// Weekday, "mon" .. "sun".
    pub weekday: String,
    /// The simulated figures over the day.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One reported interval of one call type.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TypeIntervalReport {
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// This type's offered load of the forecast, Erlangs.
    pub offered_load_erlangs: f64,
    /// The simulated figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// Per-type reports of a summary (empty when it has no per-type scopes).
fn type_reports(sc: &ValidScenario, summary: &Summary) -> OrderedMap<TypeReport> {
    let h = sc.horizon;
    OrderedMap(
        summary
            .types
            .iter()
            .zip(&sc.types)
            .enumerate()
            .map(|(ty, (scopes, t))| {
                let intervals = scopes
                    .intervals
                    .iter()
                    .enumerate()
                    .map(|(i, acc)| {
                        let k = summary.first_interval + i;
                        TypeIntervalReport {
                            start: h.label(k),
                            end: h.end_label(k),
                            offered_load_erlangs: sc.type_load(ty, k),
                            figures: Figures::from_scope(acc, sc),
                        }
                    })
                    .collect();
                let report = TypeReport {
                    priority: t.priority,
                    threshold_seconds: t.service_level.threshold,
                    target: t.service_level.target,
                    max_abandon_rate: t.service_level.max_abandon_rate,
                    max_asa_seconds: t.service_level.max_asa,
                    total: Figures::from_scope(&scopes.total, sc),
                    intervals,
                    days: scopes
                        .days
                        .iter()
                        .enumerate()
                        .map(|(i, acc)| {
                            let d = h.calendar_day(summary.first_day + i);
                            TypeDayReport {
                                day: d + 1,
                                weekday: WEEKDAYS[h.weekday(d)].to_string(),
                                figures: Figures::from_scope(acc, sc),
                            }
                        })
                        .collect(),
                };
                (t.name.clone(), report)
            })
            .collect(),
    )
}

/// The whole result of `ccsim run`: the JSON contract.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunReport {
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// ccsim version that produced the report.
    pub version: String,
    /// Replications (simulated days).
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// What the intervals mean.
    pub confidence: String,
    /// Service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Service-level target.
    pub target: f64,
    /// Which calls the service level is a share of.
    pub service_level_definition: String,
    /// The whole horizon after warm-up.
    pub total: Figures,
    /// Per group over the horizon: agents on the phones, scheduled heads,
    /// paid hours, FTE (multi-day horizons and groups with shrinkage,
    /// absenteeism or `scheduled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staffing: Option<OrderedMap<staffing::StaffingFigures>>,
    /// Each reported interval.
    pub intervals: Vec<IntervalReport>,
    /// Per open day of a multi-day horizon, the same figures as `total`
    /// over that day's intervals (absent for a one-day horizon).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<DayReport>,
    /// Per weekday the horizon has on two or more open days, the same
    /// figures pooled over those days (absent otherwise).
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub weekdays: OrderedMap<WeekdayReport>,
    /// Per call type, in declaration order (only when the scenario declares
    /// `[[call_types]]`; absent otherwise).
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<TypeReport>,
    /// Whether each target holds, per interval and for the horizon
    /// (docs/output.md, "Targets").
    pub targets: verdict::TargetsVerdict,
    /// Things the reader should know before trusting the figures.
    pub warnings: Vec<String>,
    /// How many per-replication 90th-percentile waits (of any scope) lay
    /// beyond the wait histogram's top, [`crate::stats::histogram::TOP`]
    /// seconds, so that `wait_p90_seconds` there is a lower bound (absent
    /// when none did, which is every run whose waits stay under about
    /// 8 · 10^15 years; see docs/model.md).
    #[serde(skip_serializing_if = "is_zero")]
    pub wait_p90_capped: u64,
    /// Call attempts simulated over all replications.
    pub simulated_calls: u64,
    /// Costs, contracts and SLA risk (only for scenarios with money keys; see docs/money.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<crate::money::CostReport>,
    /// Customer satisfaction per interval and for the day (absent only from
    /// reports built without the satisfaction pass).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<satisfaction::SatisfactionReport>,
}

impl RunReport {
    /// The report of a simulation with its satisfaction figures.
    pub fn from_simulated(sc: &ValidScenario, sim: &crate::simulation::Simulated) -> Self {
        let mut report = RunReport::new(sc, &sim.summary, sim.work);
        if sc.satisfaction.enabled {
            report.satisfaction =
                Some(satisfaction::SatisfactionReport::new(sc, &sim.satisfaction));
        }
        if let Some(costs) = &sim.costs {
            report
                .warnings
                .extend(crate::money::report::warnings(costs));
            report.costs = Some(costs.clone());
        }
        report
    }
}

/// One call type's targets as the scenario states them (the `types` map of
/// the `ccsim staff` and `ccsim sweep` JSON).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TypeTargets {
    /// Minimum service level of the type's calls.
    pub service_level: f64,
    /// The type's service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Maximum abandonment rate of the type's calls, if any.
    pub max_abandon_rate: Option<f64>,
    /// Maximum ASA of the type's calls in seconds, if any.
    pub max_asa_seconds: Option<f64>,
}

/// Every declared call type's targets, in declaration order (empty for a
/// scenario without `[[call_types]]`).
pub fn type_targets(sc: &ValidScenario) -> OrderedMap<TypeTargets> {
    if !sc.declared_types {
        return OrderedMap(Vec::new());
    }
    OrderedMap(
        sc.types
            .iter()
            .map(|t| {
                let s = t.service_level;
                let targets = TypeTargets {
                    service_level: s.target,
                    threshold_seconds: s.threshold,
                    max_abandon_rate: s.max_abandon_rate,
                    max_asa_seconds: s.max_asa,
                };
                (t.name.clone(), targets)
            })
            .collect(),
    )
}

/// The service-level definition in words.
pub fn definition_text(sc: &ValidScenario) -> String {
    let t = sc.service_level.threshold;
    match sc.service_level.definition {
        SlDefinition::Offered => format!("offered: answered within {t} s over calls offered (not blocked)"),
        SlDefinition::Answered => format!("answered: answered within {t} s over answered calls"),
        SlDefinition::ExcludeShortAbandons(s) => format!(
            "exclude_short_abandons: answered within {t} s over calls offered (not blocked), leaving out calls abandoned within {s} s"
        ),
    }
}

impl RunReport {
    /// Builds the report of a finished run.
    pub fn new(sc: &ValidScenario, summary: &Summary, work: Work) -> Self {
        let h = sc.horizon;
        let intervals = summary
            .intervals
            .iter()
            .enumerate()
            .map(|(i, acc)| {
                let k = summary.first_interval + i;
                let day = (h.days > 1).then(|| h.calendar_day(h.day_of(k)));
                IntervalReport {
                    day: day.map(|d| d + 1),
                    weekday: day.map(|d| WEEKDAYS[h.weekday(d)].to_string()),
                    start: h.label(k),
                    end: h.end_label(k),
                    offered_load_erlangs: sc.offered_load(k),
                    agents: OrderedMap(
                        sc.groups
                            .iter()
                            .map(|g| (g.name.clone(), g.agents[k]))
                            .collect(),
                    ),
                    staffing: staffing::figures(sc, acc, k..k + 1, staffing::Scope::Daily),
                    status: "met",
                    figures: Figures::from_scope(acc, sc),
                }
            })
            .collect();
        let mut report = RunReport {
            scenario: sc.name.clone(),
            description: sc.description.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            replications: sc.replications,
            seed: sc.seed,
            confidence: "95% Student-t confidence intervals across independent replications (days); ratios pooled over replications".into(),
            threshold_seconds: sc.service_level.threshold,
            target: sc.service_level.target,
            service_level_definition: definition_text(sc),
            total: Figures::from_scope(&summary.total, sc),
            staffing: staffing::figures(
                sc,
                &summary.total,
                summary.first_interval..h.intervals,
                staffing::Scope::Horizon,
            ),
            intervals,
            days: day_reports(sc, summary),
            weekdays: weekday_reports(sc, summary),
            types: type_reports(sc, summary),
            targets: verdict::judge(&[], &[], &[], &[], crate::planner::Criterion::Mean),
            warnings: Vec::new(),
            wait_p90_capped: summary.p90_capped,
            simulated_calls: work.calls,
            costs: None,
            satisfaction: None,
        };
        report.judge(sc, crate::planner::Criterion::Mean);
        report
    }

    /// Judges the targets under `criterion`: sets `targets`, every
    /// interval's `status` and the warnings (which then name every missed
    /// target).
    pub fn judge(&mut self, sc: &ValidScenario, criterion: crate::planner::Criterion) {
        self.targets = verdict::TargetsVerdict::of_run(sc, self, criterion);
        for (idx, i) in self.intervals.iter_mut().enumerate() {
            i.status = self.targets.status(idx);
        }
        let costs = self.costs.as_ref().map(crate::money::report::warnings);
        self.warnings = warnings::collect(sc, self);
        self.warnings.extend(self.targets.warnings());
        self.warnings.extend(costs.into_iter().flatten());
    }
}

/// Whether a count is zero (to leave it out of the JSON).
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The `days` block: one entry per reported open day.
fn day_reports(sc: &ValidScenario, summary: &Summary) -> Vec<DayReport> {
    let h = sc.horizon;
    summary
        .days
        .iter()
        .enumerate()
        .map(|(i, acc)| {
            let od = summary.first_day + i;
            let d = h.calendar_day(od);
            let range = h.day_range(od);
            let first = range.start.max(summary.first_interval);
            DayReport {
                day: d + 1,
                weekday: WEEKDAYS[h.weekday(d)].to_string(),
                start: h.label(range.start),
                end: h.end_label(range.end.saturating_sub(1)),
                intervals: range.end - first,
                staffing: staffing::figures(sc, acc, first..range.end, staffing::Scope::Daily),
                figures: Figures::from_scope(acc, sc),
            }
        })
        .collect()
}

/// The `weekdays` block: weekdays the horizon repeats, Monday first.
fn weekday_reports(sc: &ValidScenario, summary: &Summary) -> OrderedMap<WeekdayReport> {
    let h = sc.horizon;
    OrderedMap(
        summary
            .weekdays
            .iter()
            .map(|(w, acc)| {
                let days = (summary.first_day..h.open_days())
                    .filter(|od| h.weekday(h.calendar_day(*od)) == *w)
                    .count();
                let report = WeekdayReport {
                    days,
                    figures: Figures::from_scope(acc, sc),
                };
                (WEEKDAYS[*w].to_string(), report)
            })
            .collect(),
    )
}
