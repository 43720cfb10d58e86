//! Verdicts: whether each target of a scenario holds, per interval and for
//! the horizon, judged on simulated figures.
//!
//! # What is judged
//! The targets of `[service_level]` (or, with `[[call_types]]`, each type's
//! own targets on that type's calls alone, as the planner staffs them; see
//! [`crate::planner`]): the service level `target` (at least), and where
//! given `max_abandon_rate` and `max_asa_seconds` (at most), and
//! `max_occupancy` (at most) on the occupancy of each in-house group
//! (neither `outsourced` nor under a contract) over all its calls.
//!
//! # Criterion
//! [`Criterion::Mean`] compares the mean over replications;
//! [`Criterion::Lower`] the least favourable bound of the 95% interval (the
//! lower bound of the service level, the upper bound of abandonment and
//! ASA and occupancy), exactly as `ccsim staff --criterion` does. A scope in which no call
//! reached the queue meets every target; a figure that is undefined although
//! calls reached the queue (no call answered, so no ASA) misses its target.
//!
//! # Size of a miss and the worst interval
//! A miss records the judged value, the limit and `by`: how far the value is
//! on the wrong side (in the figure's unit: a fraction for the service level
//! and abandonment, seconds for ASA). The worst interval is the one with the
//! largest miss relative to its limit (`by / limit`); ties keep the earlier
//! interval.

use serde::Serialize;

use crate::planner::{Criterion, SimTargets};
use crate::stats::Estimate;

/// Which target a miss is of (the JSON spelling is the scenario key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The service-level `target` (a minimum).
    ServiceLevel,
    /// `max_abandon_rate` (a maximum).
    MaxAbandonRate,
    /// `max_asa_seconds` (a maximum).
    MaxAsaSeconds,
    /// `max_occupancy` (a maximum, per in-house group).
    MaxOccupancy,
}

impl TargetKind {
    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::ServiceLevel => "service level",
            TargetKind::MaxAbandonRate => "abandonment",
            TargetKind::MaxAsaSeconds => "ASA",
            TargetKind::MaxOccupancy => "occupancy",
        }
    }

    /// `value` in the unit people read (percent or seconds).
    pub fn show(self, value: f64) -> String {
        match self {
            TargetKind::MaxAsaSeconds => format!("{value:.1} s"),
            _ => format!("{:.1}%", value * 100.0),
        }
    }

    /// The size of a miss in the unit people read (points or seconds).
    pub fn show_by(self, by: f64) -> String {
        match self {
            TargetKind::MaxAsaSeconds => format!("{by:.1} s"),
            _ => format!("{:.1} points", by * 100.0),
        }
    }
}

/// One target that does not hold in one scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Which target.
    pub target: TargetKind,
    /// The call type it belongs to (only with `[[call_types]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_type: Option<String>,
    /// The in-house group it belongs to (only for `max_occupancy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The target's limit (a minimum for the service level, a maximum otherwise).
    pub limit: f64,
    /// The judged value: the mean, or the unfavourable 95% bound under `lower`.
    pub value: f64,
    /// How far the value is on the wrong side of the limit (positive).
    pub by: f64,
}

impl Miss {
    /// "service level 73.4% against 80.0% (6.6 points short)".
    pub fn text(&self) -> String {
        let ty = self
            .call_type
            .as_ref()
            .map(|t| format!(" of type \"{t}\""))
            .or_else(|| self.group.as_ref().map(|g| format!(" of group \"{g}\"")))
            .unwrap_or_default();
        let side = match self.target {
            TargetKind::ServiceLevel => "short",
            _ => "over",
        };
        // A miss smaller than the printed precision gets two more decimals.
        let fine = match self.target {
            TargetKind::MaxAsaSeconds => self.by < 0.05,
            _ => self.by < 0.0005,
        };
        let show = |v: f64| {
            let text = self.target.show(v);
            match (fine, self.target) {
                (false, _) => text,
                (true, TargetKind::MaxAsaSeconds) => format!("{v:.3} s"),
                (true, _) => format!("{:.3}%", v * 100.0),
            }
        };
        let by = if !self.by.is_finite() {
            " (undefined)".into()
        } else if fine {
            let unit = match self.target {
                TargetKind::MaxAsaSeconds => format!("{:.3} s", self.by),
                _ => format!("{:.3} points", self.by * 100.0),
            };
            format!(" ({unit} {side})")
        } else {
            format!(" ({} {side})", self.target.show_by(self.by))
        };
        format!(
            "{}{ty} {} against {}{by}",
            self.target.label(),
            show(self.value),
            show(self.limit)
        )
    }

    fn relative(&self) -> f64 {
        if self.limit > 0.0 {
            self.by / self.limit
        } else {
            self.by
        }
    }
}

/// The verdict of one interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalVerdict {
    /// Day of the horizon (1 = first calendar day; only on a multi-day horizon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<usize>,
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// Whether every target holds.
    pub met: bool,
    /// The targets that do not hold, with their size.
    pub misses: Vec<Miss>,
}

impl IntervalVerdict {
    /// "HH:MM", or "day D HH:MM" on a multi-day horizon.
    pub fn label(&self) -> String {
        match self.day {
            Some(d) => format!("day {d} {}", self.start),
            None => self.start.clone(),
        }
    }
}

/// The verdict of one day of a multi-day horizon (its pooled figures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayVerdict {
    /// Day of the horizon, 1 = the first calendar day.
    pub day: usize,
    /// Whether every target holds on the day's figures.
    pub met: bool,
    /// The targets that do not hold, with their size.
    pub misses: Vec<Miss>,
}

/// The verdict of the horizon as a whole (the day's pooled figures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonVerdict {
    /// Whether every target holds on the horizon's figures.
    pub met: bool,
    /// The targets that do not hold, with their size.
    pub misses: Vec<Miss>,
}

/// The `targets` block of every report: what was judged, how, and what held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsVerdict {
    /// "mean" or "lower".
    pub criterion: &'static str,
    /// Whether every target holds in every interval and for the horizon.
    pub met: bool,
    /// Intervals judged (the reported ones).
    pub intervals_judged: usize,
    /// Intervals in which at least one target does not hold.
    pub intervals_missed: usize,
    /// The interval with the largest miss relative to its limit (null when none misses).
    pub worst: Option<IntervalVerdict>,
    /// The horizon's verdict.
    pub horizon: HorizonVerdict,
    /// Every missed interval in time order, with its misses.
    pub missed: Vec<IntervalVerdict>,
    /// Each day's verdict on its pooled figures (multi-day horizons only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<DayVerdict>,
    /// Whether each judged interval met every target, in order.
    #[serde(skip)]
    pub interval_met: Vec<bool>,
}

/// The three figures a target can name in one scope, and whether any call
/// reached the queue there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observed {
    /// Service level by the scenario's definition.
    pub service_level: Estimate,
    /// Abandonment rate.
    pub abandon_rate: Estimate,
    /// Average speed of answer, seconds.
    pub asa_seconds: Estimate,
    /// Calls that reached the queue (mean per replication or total; only > 0 matters).
    pub reached: f64,
}

impl Observed {
    /// The figures of a report scope.
    pub fn of(f: &super::Figures) -> Observed {
        Observed {
            service_level: f.service_level,
            abandon_rate: f.abandon_rate,
            asa_seconds: f.asa_seconds,
            reached: f.offered.mean - f.blocked.mean,
        }
    }

    /// The figures of a planner evaluation's interval.
    pub fn of_stats(s: &crate::planner::IntervalStats) -> Observed {
        Observed {
            service_level: s.service_level(),
            abandon_rate: s.abandon(),
            asa_seconds: s.asa(),
            reached: s.reached,
        }
    }
}

/// A set of targets and the call type it belongs to (`None`: all calls).
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The call type's name, or `None` for the scenario's targets over all calls.
    pub call_type: Option<String>,
    /// The targets.
    pub targets: SimTargets,
}

/// The target sets of `sc`: each declared type's own, or the scenario's.
pub fn target_sets(sc: &crate::scenario::ValidScenario) -> Vec<Judged> {
    if sc.declared_types {
        sc.types
            .iter()
            .map(|t| Judged {
                call_type: Some(t.name.clone()),
                targets: SimTargets::of_type(t),
            })
            .collect()
    } else {
        vec![Judged {
            call_type: None,
            targets: SimTargets::of(sc),
        }]
    }
}

/// The misses of one scope: `observed[j]` are the figures `sets[j]` is judged on.
pub fn misses(sets: &[Judged], observed: &[Observed], criterion: Criterion) -> Vec<Miss> {
    let mut out = Vec::new();
    for (set, o) in sets.iter().zip(observed) {
        if o.reached <= 0.0 || o.reached.is_nan() {
            continue;
        }
        // With one replication there is no interval: the bound falls back to the mean.
        let pick = |e: Estimate, high_is_bad: bool| {
            let bound = match criterion {
                Criterion::Mean => e.mean,
                Criterion::Lower if high_is_bad => e.ci95[1],
                Criterion::Lower => e.ci95[0],
            };
            if bound.is_nan() {
                e.mean
            } else {
                bound
            }
        };
        let mut push = |target, limit: f64, value: f64, high_is_bad: bool| {
            let by = if value.is_nan() {
                f64::INFINITY
            } else if high_is_bad {
                value - limit
            } else {
                limit - value
            };
            if by > 0.0 {
                out.push(Miss {
                    target,
                    call_type: set.call_type.clone(),
                    group: None,
                    limit,
                    value,
                    by,
                });
            }
        };
        let t = set.targets;
        // An empty service-level base with calls in the queue: none answered in time.
        let sl = pick(o.service_level, false);
        let sl = if sl.is_nan() { 0.0 } else { sl };
        push(TargetKind::ServiceLevel, t.service_level, sl, false);
        if let Some(cap) = t.max_abandon {
            push(
                TargetKind::MaxAbandonRate,
                cap,
                pick(o.abandon_rate, true),
                true,
            );
        }
        if let Some(cap) = t.max_asa {
            push(
                TargetKind::MaxAsaSeconds,
                cap,
                pick(o.asa_seconds, true),
                true,
            );
        }
    }
    out
}

/// The occupancy misses of one scope: each in-house group of `occupancy`
/// (name, simulated occupancy) above `cap` (its mean, or its upper 95%
/// bound under `lower`). A group with no time on the phones is not judged.
pub fn occupancy_misses(
    cap: Option<f64>,
    occupancy: &[(String, Estimate)],
    criterion: Criterion,
) -> Vec<Miss> {
    let Some(cap) = cap else {
        return Vec::new();
    };
    occupancy
        .iter()
        .filter_map(|(group, e)| {
            let value = match criterion {
                Criterion::Lower if !e.ci95[1].is_nan() => e.ci95[1],
                _ => e.mean,
            };
            (value > cap).then(|| Miss {
                target: TargetKind::MaxOccupancy,
                call_type: None,
                group: Some(group.clone()),
                limit: cap,
                value,
                by: value - cap,
            })
        })
        .collect()
}

/// The occupancy of each in-house group of `sc` in a report scope.
pub fn in_house_occupancy(
    sc: &crate::scenario::ValidScenario,
    f: &super::Figures,
) -> Vec<(String, Estimate)> {
    sc.groups
        .iter()
        .zip(&f.groups.0)
        .filter(|(g, _)| g.is_in_house())
        .map(|(g, (_, figures))| (g.name.clone(), figures.occupancy))
        .collect()
}

/// The `max_occupancy` of the target sets (scenario-wide).
fn occupancy_cap(sets: &[Judged]) -> Option<f64> {
    sets.iter().find_map(|s| s.targets.max_occupancy)
}

/// One scope to judge: its clock labels and its figures per target set.
pub struct Scope {
    /// Day of the horizon (multi-day horizons only).
    pub day: Option<usize>,
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// Figures per target set, in the order of the sets.
    pub observed: Vec<Observed>,
    /// Occupancy of each in-house group (judged against `max_occupancy`).
    pub occupancy: Vec<(String, Estimate)>,
}

/// The verdict of `intervals` and the horizon (`total`, with its in-house
/// occupancy `total_occupancy`) against `sets`.
pub fn judge(
    sets: &[Judged],
    intervals: &[Scope],
    total: &[Observed],
    total_occupancy: &[(String, Estimate)],
    criterion: Criterion,
) -> TargetsVerdict {
    let cap = occupancy_cap(sets);
    let all: Vec<IntervalVerdict> = intervals
        .iter()
        .map(|s| {
            let mut misses = misses(sets, &s.observed, criterion);
            misses.extend(occupancy_misses(cap, &s.occupancy, criterion));
            IntervalVerdict {
                day: s.day,
                start: s.start.clone(),
                end: s.end.clone(),
                met: misses.is_empty(),
                misses,
            }
        })
        .collect();
    let interval_met: Vec<bool> = all.iter().map(|v| v.met).collect();
    let missed: Vec<IntervalVerdict> = all.into_iter().filter(|v| !v.met).collect();
    let worst = missed
        .iter()
        .map(|v| {
            let r = v.misses.iter().map(Miss::relative).fold(0.0, f64::max);
            (v, r)
        })
        .fold(None::<(&IntervalVerdict, f64)>, |best, (v, r)| match best {
            Some((_, b)) if b >= r => best,
            _ => Some((v, r)),
        })
        .map(|(v, _)| v.clone());
    let mut horizon_misses = misses(sets, total, criterion);
    horizon_misses.extend(occupancy_misses(cap, total_occupancy, criterion));
    let horizon = HorizonVerdict {
        met: horizon_misses.is_empty(),
        misses: horizon_misses,
    };
    TargetsVerdict {
        criterion: criterion.name(),
        met: missed.is_empty() && horizon.met,
        intervals_judged: intervals.len(),
        intervals_missed: missed.len(),
        worst,
        horizon,
        missed,
        days: Vec::new(),
        interval_met,
    }
}

impl TargetsVerdict {
    /// The verdict of a run report of `sc` under `criterion`.
    pub fn of_run(
        sc: &crate::scenario::ValidScenario,
        r: &super::RunReport,
        criterion: Criterion,
    ) -> TargetsVerdict {
        let sets = target_sets(sc);
        let typed = sc.declared_types && !r.types.is_empty();
        let scopes: Vec<Scope> = r
            .intervals
            .iter()
            .enumerate()
            .map(|(i, iv)| Scope {
                day: iv.day,
                start: iv.start.clone(),
                end: iv.end.clone(),
                observed: if typed {
                    r.types
                        .0
                        .iter()
                        .map(|(_, t)| Observed::of(&t.intervals[i].figures))
                        .collect()
                } else {
                    vec![Observed::of(&iv.figures)]
                },
                occupancy: in_house_occupancy(sc, &iv.figures),
            })
            .collect();
        let total: Vec<Observed> = if typed {
            r.types
                .0
                .iter()
                .map(|(_, t)| Observed::of(&t.total))
                .collect()
        } else {
            vec![Observed::of(&r.total)]
        };
        let mut v = judge(
            &sets,
            &scopes,
            &total,
            &in_house_occupancy(sc, &r.total),
            criterion,
        );
        // Per-call-type figures are not split by day: days are judged on
        // all calls against the scenario's targets.
        let whole = [Judged {
            call_type: None,
            targets: SimTargets::of(sc),
        }];
        v.days = r
            .days
            .iter()
            .map(|d| {
                let mut m = misses(&whole, &[Observed::of(&d.figures)], criterion);
                m.extend(occupancy_misses(
                    whole[0].targets.max_occupancy,
                    &in_house_occupancy(sc, &d.figures),
                    criterion,
                ));
                DayVerdict {
                    day: d.day,
                    met: m.is_empty(),
                    misses: m,
                }
            })
            .collect();
        v
    }

    /// The status of the `i`-th judged interval: "met" or "missed".
    pub fn status(&self, i: usize) -> &'static str {
        if self.interval_met.get(i).copied().unwrap_or(true) {
            "met"
        } else {
            "missed"
        }
    }

    /// The status of day `day` of a multi-day horizon ("" when not judged).
    pub fn day_status(&self, day: usize) -> &'static str {
        match self.days.iter().find(|d| d.day == day) {
            Some(d) if d.met => "met",
            Some(_) => "missed",
            None => "",
        }
    }

    /// The status of call type `ty` in the interval starting at `start`
    /// (of day `day` on a multi-day horizon).
    pub fn type_status(&self, day: Option<usize>, start: &str, ty: &str) -> &'static str {
        let missed = self.missed.iter().any(|v| {
            v.start == start
                && v.day == day
                && v.misses.iter().any(|m| m.call_type.as_deref() == Some(ty))
        });
        if missed {
            "missed"
        } else {
            "met"
        }
    }

    /// One line for people: "Targets met in every interval and for the day
    /// (criterion mean)." or what missed.
    pub fn summary(&self) -> String {
        if self.met {
            return format!(
                "Targets: met in all {} interval(s) and for the day (criterion {}).",
                self.intervals_judged, self.criterion
            );
        }
        let mut parts = Vec::new();
        if self.intervals_missed > 0 {
            let worst = self
                .worst
                .as_ref()
                .map(|w| {
                    let m: Vec<String> = w.misses.iter().map(Miss::text).collect();
                    format!("; worst {}-{}: {}", w.label(), w.end, m.join(", "))
                })
                .unwrap_or_default();
            parts.push(format!(
                "missed in {} of {} interval(s){worst}",
                self.intervals_missed, self.intervals_judged
            ));
        }
        if !self.horizon.met {
            let m: Vec<String> = self.horizon.misses.iter().map(Miss::text).collect();
            parts.push(format!("missed for the day: {}", m.join(", ")));
        }
        format!(
            "Targets NOT met (criterion {}): {}.",
            self.criterion,
            parts.join("; ")
        )
    }

    /// Warnings naming each missed target (one per target kind and type).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut keys: Vec<(TargetKind, Option<String>, f64)> = Vec::new();
        for m in self
            .missed
            .iter()
            .flat_map(|v| &v.misses)
            .chain(&self.horizon.misses)
        {
            if !keys
                .iter()
                .any(|(k, t, _)| *k == m.target && *t == m.call_type)
            {
                keys.push((m.target, m.call_type.clone(), m.limit));
            }
        }
        for (kind, ty, limit) in keys {
            let of_kind = |v: &&IntervalVerdict| {
                v.misses
                    .iter()
                    .any(|m| m.target == kind && m.call_type == ty)
            };
            let starts: Vec<String> = self
                .missed
                .iter()
                .filter(of_kind)
                .map(|v| v.label())
                .collect();
            let ty_text = ty
                .as_ref()
                .map(|t| format!(" of call type \"{t}\""))
                .unwrap_or_default();
            let day = self
                .horizon
                .misses
                .iter()
                .find(|m| m.target == kind && m.call_type == ty)
                .map(|m| format!("; for the day {}", m.text()))
                .unwrap_or_default();
            let worst = self
                .missed
                .iter()
                .filter_map(|v| {
                    v.misses
                        .iter()
                        .find(|m| m.target == kind && m.call_type == ty)
                        .map(|m| (v, m))
                })
                .fold(None::<(&IntervalVerdict, &Miss)>, |b, (v, m)| match b {
                    Some((_, bm)) if bm.by >= m.by => b,
                    _ => Some((v, m)),
                })
                .map(|(v, m)| format!("; worst {}: {}", v.label(), m.text()))
                .unwrap_or_default();
            out.push(format!(
                "target missed: {} {} {}{ty_text} (criterion {}) in {} of {} interval(s){}{worst}{day}",
                kind.label(),
                match kind {
                    TargetKind::ServiceLevel => "of at least",
                    _ => "of at most",
                },
                kind.show(limit),
                self.criterion,
                starts.len(),
                self.intervals_judged,
                if starts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", starts.join(", "))
                },
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, hw: f64) -> Estimate {
        Estimate {
            mean,
            ci95: [mean - hw, mean + hw],
        }
    }

    fn obs(sl: f64, ab: f64, asa: f64) -> Observed {
        Observed {
            service_level: est(sl, 0.02),
            abandon_rate: est(ab, 0.01),
            asa_seconds: est(asa, 1.0),
            reached: 100.0,
        }
    }

    fn sets() -> Vec<Judged> {
        vec![Judged {
            call_type: None,
            targets: SimTargets {
                service_level: 0.8,
                threshold: 20.0,
                max_abandon: Some(0.05),
                max_asa: None,
                max_occupancy: None,
            },
        }]
    }

    #[test]
    fn misses_are_sized_and_the_worst_is_relative() {
        let scopes = vec![
            Scope {
                day: None,
                start: "08:00".into(),
                end: "08:30".into(),
                observed: vec![obs(0.85, 0.02, 5.0)],
                occupancy: Vec::new(),
            },
            Scope {
                day: None,
                start: "08:30".into(),
                end: "09:00".into(),
                observed: vec![obs(0.78, 0.02, 5.0)],
                occupancy: Vec::new(),
            },
            Scope {
                day: None,
                start: "09:00".into(),
                end: "09:30".into(),
                observed: vec![obs(0.81, 0.07, 5.0)],
                occupancy: Vec::new(),
            },
        ];
        let v = judge(
            &sets(),
            &scopes,
            &[obs(0.81, 0.03, 5.0)],
            &[],
            Criterion::Mean,
        );
        assert!(!v.met);
        assert_eq!(v.intervals_missed, 2);
        assert!((v.missed[0].misses[0].by - 0.02).abs() < 1e-12);
        // 0.02 over a cap of 0.05 (40%) is worse than 0.02 under 0.8 (2.5%).
        assert_eq!(v.worst.as_ref().map(|w| w.start.as_str()), Some("09:00"));
        assert!(v.horizon.met);
        assert_eq!(v.warnings().len(), 2);
        assert_eq!(v.status(0), "met");
        assert_eq!(v.status(1), "missed");
    }

    #[test]
    fn lower_criterion_judges_the_unfavourable_bound() {
        let scopes = vec![Scope {
            day: None,
            start: "08:00".into(),
            end: "08:30".into(),
            observed: vec![obs(0.81, 0.02, 5.0)],
            occupancy: Vec::new(),
        }];
        let mean = judge(
            &sets(),
            &scopes,
            &[obs(0.81, 0.02, 5.0)],
            &[],
            Criterion::Mean,
        );
        let lower = judge(
            &sets(),
            &scopes,
            &[obs(0.81, 0.02, 5.0)],
            &[],
            Criterion::Lower,
        );
        assert!(mean.met);
        assert!(mean.summary().contains("met in all 1"));
        assert!(!lower.met);
        assert!((lower.missed[0].misses[0].value - 0.79).abs() < 1e-12);
    }

    #[test]
    fn an_empty_scope_meets_everything() {
        let mut o = obs(f64::NAN, f64::NAN, f64::NAN);
        o.reached = 0.0;
        assert!(misses(&sets(), &[o], Criterion::Mean).is_empty());
    }
}
