//! Backtest: simulate a scenario and set its service level, ASA and
//! abandonment per interval beside what was observed on real days.
//!
//! Two different things are computed from the same replications:
//! - the **simulated mean** of each figure (pooled over replications, as
//!   `ccsim run` reports it), from which the mean absolute error is taken;
//! - the **band a single day should fall in**: the 2.5% and 97.5%
//!   percentiles of the figure computed day by day (replication by
//!   replication). The 95% confidence interval of the mean is not that band:
//!   it shrinks as replications are added, while one real day varies as much
//!   as one simulated day does. The share of observed intervals inside
//!   their band is expected near 95% when the model is right; far less says
//!   the model cannot be trusted as it stands.
//!
//! A figure is undefined for a day with no calls in the interval (no SL or
//! abandonment) or none answered (no ASA); such days are left out of the
//! band, and such observations are not compared.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::profile::{clock, Grid};
use crate::history::intervals::IntervalRow;
use crate::model::Work;
use crate::replicate;
use crate::report::RunReport;
use crate::scenario::{Horizon, SlDefinition, ValidScenario, DAY};
use crate::stats::tally::{CallCounts, Tally};
use crate::stats::Summary;

/// The three figures compared.
pub const METRICS: [&str; 3] = ["service_level", "asa_seconds", "abandon_rate"];

/// One figure of one observed interval beside the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Compared {
    /// Observed value (`null` when the day's data do not define it).
    pub observed: Option<f64>,
    /// Simulated mean (pooled over replications).
    pub simulated: f64,
    /// 2.5% and 97.5% percentiles of the per-day simulated values.
    pub band: [f64; 2],
    /// Whether the observed value lies inside the band (inclusive).
    pub inside: Option<bool>,
    /// Signed error, simulated mean minus observed (`null` when not compared).
    pub error: Option<f64>,
}

/// One observed interval of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRow {
    /// Date of the observation.
    pub date: String,
    /// "HH:MM" start.
    pub start: String,
    /// Calls offered that day in the interval.
    pub offered_observed: f64,
    /// Mean calls offered in the simulation.
    pub offered_simulated: f64,
    /// Service level.
    pub service_level: Compared,
    /// Average speed of answer, seconds.
    pub asa_seconds: Compared,
    /// Abandonment rate.
    pub abandon_rate: Compared,
}

/// Error figures of one metric over every compared interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Intervals where both sides are defined.
    pub compared: usize,
    /// Mean absolute error between observed and simulated mean.
    pub mae: f64,
    /// Intervals whose observed value lies inside the per-day band.
    pub inside: usize,
    /// `inside / compared` (the coverage; about 0.95 when the model is right).
    pub share_inside: f64,
    /// Mean signed error, simulated minus observed.
    pub bias: f64,
}

/// One observed day beside the simulated day (figures pooled over the
/// day's intervals: calls within / calls, waits / answered, abandoned /
/// reached).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRow {
    /// Date.
    pub date: String,
    /// Calls offered that day (in the compared intervals).
    pub offered_observed: f64,
    /// Service level.
    pub service_level: Compared,
    /// Average speed of answer, seconds.
    pub asa_seconds: Compared,
    /// Abandonment rate.
    pub abandon_rate: Compared,
}

/// Which way the simulation errs, interval by interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Intervals with at least one figure compared.
    pub intervals: usize,
    /// Intervals where the simulation promises better service than observed
    /// (more signs of higher SL, lower ASA, lower abandonment than not).
    pub optimistic: usize,
    /// Intervals where it promises worse service.
    pub pessimistic: usize,
    /// Observed calls against the scenario's forecast in the compared
    /// intervals: a lean may be the volume, not the staffing or the model.
    pub volume: Option<Volume>,
    /// The lean again with the scenario's arrivals scaled, interval by
    /// interval, to the observed days' mean volume (computed when the
    /// volume differs beyond noise, [`Volume::significant`]).
    pub at_observed_volume: Option<Lean>,
    /// The verdict in words.
    pub text: String,
}

/// Intervals leaning each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lean {
    /// Intervals with at least one figure compared.
    pub intervals: usize,
    /// Intervals where the simulation promises better service.
    pub optimistic: usize,
    /// Intervals where it promises worse service.
    pub pessimistic: usize,
}

/// The observed volume against the scenario's forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Volume {
    /// Observed calls per day in the compared intervals (mean over the observed days).
    pub observed_per_day: f64,
    /// The scenario's simulated calls per day in the same intervals.
    pub forecast_per_day: f64,
    /// `observed_per_day / forecast_per_day - 1`.
    pub difference: f64,
    /// Standard error of `difference` if the scenario's arrivals were
    /// right: the simulated day-to-day spread of the day's calls over the
    /// square root of the observed days, over the forecast.
    pub standard_error: f64,
    /// Beyond noise: more than [`VOLUME_Z`] standard errors and more than
    /// [`VOLUME_SHARE`] apart.
    pub significant: bool,
}

/// A volume difference counts when it is more than this many standard errors...
pub const VOLUME_Z: f64 = 2.0;
/// ... and more than this share of the forecast.
pub const VOLUME_SHARE: f64 = 0.02;

/// The whole backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Scenario name.
    pub scenario: String,
    /// Replications simulated.
    pub replications: u32,
    /// Seed.
    pub seed: u64,
    /// How the band is defined.
    pub band: String,
    /// One per observed day and interval.
    pub rows: Vec<BacktestRow>,
    /// Service level.
    pub service_level: Score,
    /// ASA.
    pub asa_seconds: Score,
    /// Abandonment rate.
    pub abandon_rate: Score,
    /// One per observed day.
    pub days: Vec<DayRow>,
    /// Which way the simulation errs.
    pub verdict: Verdict,
    /// Observed rows that matched no reported interval of the scenario.
    pub unmatched_rows: usize,
    /// Things to know.
    pub notes: Vec<String>,
}

/// Per-day figures of one interval of one replication: (SL, ASA, abandon rate).
pub fn day_figures(t: &Tally, k: usize, definition: SlDefinition) -> [Option<f64>; 3] {
    let mut c = CallCounts::default();
    for ty in 0..t.types {
        c += &t.calls[ty * t.intervals + k];
    }
    let reached = c.reached();
    let sl_base = c.service_level_base(definition);
    let ratio = |x: f64, y: f64| (y > 0.0).then(|| x / y);
    [
        ratio(c.answered_within, sl_base),
        ratio(c.wait_answered, c.answered),
        ratio(c.abandoned, reached),
    ]
}

/// Observed (SL, ASA, abandon rate) of an interval row under `definition`.
/// SL comes from `answered_within` when present (computed the scenario's
/// way), else from the file's service-level column as it stands.
pub fn observed_figures(r: &IntervalRow, definition: SlDefinition) -> [Option<f64>; 3] {
    let reached = r.offered - r.blocked.unwrap_or(0.0);
    let ratio = |x: f64, y: f64| (y > 0.0).then(|| x / y);
    let sl = match (r.answered_within, definition) {
        (Some(w), SlDefinition::Answered) => r.answered.and_then(|a| ratio(w, a)),
        (Some(w), _) => ratio(w, reached),
        (None, _) => r.service_level,
    };
    let asa = match r.answered {
        Some(0.0) => None,
        _ => r.asa,
    };
    [sl, asa, r.abandoned.and_then(|a| ratio(a, reached))]
}

/// Linear-interpolation percentile (type 7) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = p * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Where an observed interval starting at `start` falls in horizon `h`:
/// the interval it is compared with (never one of the warm-up) and the
/// date of the service day it belongs to.
///
/// On a one-day horizon every observed day is compared with the one
/// simulated day, by clock time from `[horizon] start`. On a multi-day
/// horizon a row is compared with the horizon's open day of the same
/// weekday (the first such day with the interval after the warm-up), at
/// that day's own hours (`[horizon.hours]`): a row outside them, or on a
/// weekday the horizon does not open, matches nothing. On a night
/// service a row after midnight belongs to the night opened the evening
/// before (its service date is the day before).
pub fn locate(h: &Horizon, start: NaiveDateTime) -> Option<(usize, NaiveDate)> {
    let date = start.date();
    let c = clock(start);
    if h.days <= 1 {
        let x = (c - h.start_of_day) / h.interval;
        return (x.fract() == 0.0 && x >= h.warmup_intervals as f64 && x < h.intervals as f64)
            .then_some((x as usize, date));
    }
    let slot = |od: usize, clock: f64| -> Option<usize> {
        let range = h.day_range(od);
        let i = (clock - h.day_open_clock(od)) / h.interval;
        (i.fract() == 0.0 && i >= 0.0 && (i as usize) < range.len())
            .then(|| range.start + i as usize)
    };
    let w = date.weekday().num_days_from_monday() as usize;
    let before = date.pred_opt().unwrap_or(date);
    // The day's own service, or the night opened the evening before.
    [(w, 0.0, date), ((w + 6) % 7, DAY, before)]
        .into_iter()
        .find_map(|(weekday, shift, service)| {
            (0..h.open_days())
                .filter(|&od| h.weekday(h.calendar_day(od)) == weekday)
                .filter_map(|od| slot(od, c + shift))
                .find(|&k| k >= h.warmup_intervals)
                .map(|k| (k, service))
        })
}

/// The grid a call log is summed into for a backtest against horizon `h`:
/// the horizon's one day from `[horizon] start` on a one-day horizon;
/// on a multi-day horizon the whole clock day in intervals on the
/// horizon's grid, so that every day's own hours (`[horizon.hours]`, a
/// night past midnight) find their rows ([`locate`] then matches them).
pub fn call_grid(h: &Horizon) -> Grid {
    if h.days <= 1 {
        return Grid {
            start_of_day: h.start_of_day,
            interval: h.interval,
            intervals: h.intervals,
        };
    }
    Grid {
        start_of_day: h.start_of_day.rem_euclid(h.interval),
        interval: h.interval,
        intervals: (DAY / h.interval).ceil() as usize,
    }
}

/// A call log summed into interval rows for a backtest against `sc`
/// ([`call_grid`]). On a multi-day horizon the rows without calls outside
/// the horizon's hours (agents seen answering the queue left at a close)
/// are left out: they would only count as unmatched.
pub fn call_rows(calls: &[crate::history::calls::CallRow], sc: &ValidScenario) -> Vec<IntervalRow> {
    let h = sc.horizon;
    let mut rows =
        super::profile::aggregate_calls(calls, &call_grid(&h), sc.service_level.threshold).0;
    if h.days > 1 {
        rows.retain(|r| r.offered > 0.0 || locate(&h, r.start).is_some());
    }
    rows
}

/// Simulates `sc` and compares it with `actual` (rows of any number of
/// days; see [`locate`] for which simulated interval each row meets).
pub fn backtest(sc: &ValidScenario, actual: &[IntervalRow]) -> (Backtest, RunReport) {
    let h = sc.horizon;
    let n = h.intervals;
    let definition = sc.service_level.definition;
    let mut summary = Summary::new(sc);
    let mut per_day: Vec<[Vec<f64>; 3]> = vec![[Vec::new(), Vec::new(), Vec::new()]; n];
    // Per open day of the horizon: its figures replication by
    // replication, and its counts pooled.
    let open_days = h.open_days().max(1);
    let mut whole_days: Vec<[Vec<f64>; 3]> = vec![[Vec::new(), Vec::new(), Vec::new()]; open_days];
    let mut pooled = vec![CallCounts::default(); open_days];
    let mut offered_by_rep: Vec<Vec<f64>> = Vec::new();
    let work: Work =
        replicate::for_each_tally(sc, 0, u64::from(sc.replications), &|| {}, |_, t| {
            summary.add(t);
            offered_by_rep.push(
                (0..n)
                    .map(|k| {
                        (0..t.types)
                            .map(|ty| t.calls[ty * t.intervals + k].offered)
                            .sum()
                    })
                    .collect(),
            );
            for (od, (figures, pool)) in whole_days.iter_mut().zip(&mut pooled).enumerate() {
                let range = if open_days == 1 {
                    0..n
                } else {
                    h.day_range(od)
                };
                let mut day = CallCounts::default();
                for k in range.start.max(h.warmup_intervals)..range.end {
                    for ty in 0..t.types {
                        day += &t.calls[ty * t.intervals + k];
                    }
                }
                for (m, v) in counts_figures(&day, definition).into_iter().enumerate() {
                    if let Some(v) = v {
                        figures[m].push(v);
                    }
                }
                *pool += &day;
            }
            for (k, slot) in per_day.iter_mut().enumerate() {
                for (m, v) in day_figures(t, k, definition).into_iter().enumerate() {
                    if let Some(v) = v {
                        slot[m].push(v);
                    }
                }
            }
        });
    let report = RunReport::new(sc, &summary, work);
    let bands: Vec<[[f64; 2]; 3]> = per_day
        .iter_mut()
        .map(|slot| {
            let mut out = [[f64::NAN; 2]; 3];
            for (m, values) in slot.iter_mut().enumerate() {
                values.sort_by(f64::total_cmp);
                out[m] = [percentile(values, 0.025), percentile(values, 0.975)];
            }
            out
        })
        .collect();
    let mut rows = Vec::new();
    // The interval and service date of each row of `rows`.
    let mut matched: Vec<(usize, NaiveDate)> = Vec::new();
    let mut unmatched = 0;
    let mut sorted: Vec<&IntervalRow> = actual.iter().collect();
    sorted.sort_by_key(|r| r.start);
    for r in sorted {
        let Some((k, service)) = locate(&h, r.start) else {
            unmatched += 1;
            continue;
        };
        matched.push((k, service));
        let figures = &report.intervals[k - h.warmup_intervals].figures;
        let means = [
            figures.service_level.mean,
            figures.asa_seconds.mean,
            figures.abandon_rate.mean,
        ];
        let obs = observed_figures(r, definition);
        let cmp = |m: usize| {
            let band = bands[k][m];
            let defined = obs[m].filter(|_| means[m].is_finite() && band[0].is_finite());
            Compared {
                observed: obs[m],
                simulated: means[m],
                band,
                inside: defined.map(|o| band[0] - 1e-12 <= o && o <= band[1] + 1e-12),
                error: defined.map(|o| means[m] - o),
            }
        };
        rows.push(BacktestRow {
            date: r.start.date().to_string(),
            start: h.label(k),
            offered_observed: r.offered,
            offered_simulated: figures.offered.mean,
            service_level: cmp(0),
            asa_seconds: cmp(1),
            abandon_rate: cmp(2),
        });
    }
    let score = |get: fn(&BacktestRow) -> &Compared| {
        let (mut compared, mut abs, mut signed, mut inside) = (0, 0.0, 0.0, 0);
        for r in &rows {
            let c = get(r);
            if let (Some(o), Some(i)) = (c.observed, c.inside) {
                compared += 1;
                abs += (o - c.simulated).abs();
                signed += c.simulated - o;
                inside += usize::from(i);
            }
        }
        let per = |x: f64| {
            if compared > 0 {
                x / compared as f64
            } else {
                f64::NAN
            }
        };
        Score {
            compared,
            mae: per(abs),
            inside,
            share_inside: per(inside as f64),
            bias: per(signed),
        }
    };
    // Days: the observed rows of each service date pooled, against the
    // simulated day they were compared with.
    let day_bands: Vec<Vec<[f64; 2]>> = whole_days
        .iter_mut()
        .map(|day| {
            day.iter_mut()
                .map(|v| {
                    v.sort_by(f64::total_cmp);
                    [percentile(v, 0.025), percentile(v, 0.975)]
                })
                .collect()
        })
        .collect();
    let day_means: Vec<[Option<f64>; 3]> = pooled
        .iter()
        .map(|p| counts_figures(p, definition))
        .collect();
    let day_index = |k: usize| if open_days == 1 { 0 } else { h.day_of(k) };
    let mut by_date: std::collections::BTreeMap<(NaiveDate, usize), Vec<&IntervalRow>> =
        std::collections::BTreeMap::new();
    for r in actual {
        if let Some((k, service)) = locate(&h, r.start) {
            by_date.entry((service, day_index(k))).or_default().push(r);
        }
    }
    let day_rows: Vec<DayRow> = by_date
        .iter()
        .map(|(&(date, od), rs)| {
            let obs = observed_day(rs, definition);
            let cmp = |m: usize| {
                let mean = day_means[od][m].unwrap_or(f64::NAN);
                let band = day_bands[od][m];
                let defined = obs[m].filter(|_| mean.is_finite() && band[0].is_finite());
                Compared {
                    observed: obs[m],
                    simulated: mean,
                    band,
                    inside: defined.map(|o| band[0] - 1e-12 <= o && o <= band[1] + 1e-12),
                    error: defined.map(|o| mean - o),
                }
            };
            DayRow {
                date: date.to_string(),
                offered_observed: rs.iter().map(|r| r.offered).sum(),
                service_level: cmp(0),
                asa_seconds: cmp(1),
                abandon_rate: cmp(2),
            }
        })
        .collect();
    let (volume, observed_mean) = volume(&rows, &matched, &h, &offered_by_rep);
    let at_observed_volume = volume
        .filter(|v| v.significant)
        .map(|_| lean_at_volume(sc, &rows, &matched, &observed_mean));
    let verdict = verdict_with_volume(&rows, volume, at_observed_volume);
    let mut notes = Vec::new();
    if unmatched > 0 {
        notes.push(format!(
            "{unmatched} observed rows do not start on a reported interval of the scenario and were not compared"
        ));
    }
    if matches!(definition, SlDefinition::ExcludeShortAbandons(_))
        && actual.iter().any(|r| r.answered_within.is_some())
    {
        notes.push("the observed service level leaves no short abandons out (the file does not say which abandons were short), unlike the scenario's definition".into());
    }
    let days: std::collections::BTreeSet<NaiveDate> =
        actual.iter().map(|r| r.start.date()).collect();
    if days.len() > 1 && h.days <= 1 {
        notes.push(format!(
            "{} observed days, each compared with the same simulated day",
            days.len()
        ));
    } else if h.days > 1 {
        notes.push(format!(
            "{} observed day(s), each compared with the horizon's open day of the same weekday at that day's hours (the first such day after the warm-up)",
            days.len()
        ));
    }
    let bt = Backtest {
        scenario: sc.name.clone(),
        replications: sc.replications,
        seed: sc.seed,
        band: "2.5% to 97.5% percentiles of the per-day (per-replication) simulated figure: the range one day should fall in 95% of the time; not the confidence interval of the mean".into(),
        service_level: score(|r| &r.service_level),
        asa_seconds: score(|r| &r.asa_seconds),
        abandon_rate: score(|r| &r.abandon_rate),
        rows,
        days: day_rows,
        verdict,
        unmatched_rows: unmatched,
        notes,
    };
    (bt, report)
}

/// (SL, ASA, abandon rate) of pooled counts.
fn counts_figures(c: &CallCounts, definition: SlDefinition) -> [Option<f64>; 3] {
    let ratio = |x: f64, y: f64| (y > 0.0).then(|| x / y);
    [
        ratio(c.answered_within, c.service_level_base(definition)),
        ratio(c.wait_answered, c.answered),
        ratio(c.abandoned, c.reached()),
    ]
}

/// Observed (SL, ASA, abandon rate) of one day's rows pooled: each figure
/// from the rows that define it, weighted by their calls.
fn observed_day(rows: &[&IntervalRow], definition: SlDefinition) -> [Option<f64>; 3] {
    let mut acc = [(0.0, 0.0); 3];
    for r in rows {
        let f = observed_figures(r, definition);
        let reached = r.offered - r.blocked.unwrap_or(0.0);
        let weights = [
            match definition {
                SlDefinition::Answered => r.answered.unwrap_or(reached),
                _ => reached,
            },
            r.answered.unwrap_or(0.0),
            reached,
        ];
        for m in 0..3 {
            if let Some(v) = f[m] {
                acc[m].0 += v * weights[m];
                acc[m].1 += weights[m];
            }
        }
    }
    acc.map(|(s, w)| (w > 0.0).then(|| s / w))
}

/// The observed calls per day in the compared intervals against the
/// scenario's, and the observed mean calls per interval (index = the
/// scenario's interval, warm-up included; `None` where nothing was
/// compared). `matched` holds each row's interval and service date. Each
/// simulated day's intervals are averaged over the observed days compared
/// with it; on a multi-day horizon the figures per day are the mean over
/// the simulated days compared.
fn volume(
    rows: &[BacktestRow],
    matched: &[(usize, NaiveDate)],
    h: &Horizon,
    offered_by_rep: &[Vec<f64>],
) -> (Option<Volume>, Vec<Option<f64>>) {
    let n = offered_by_rep.first().map_or(0, Vec::len);
    let mut observed = vec![None; n];
    let day_of = |k: usize| if h.days <= 1 { 0 } else { h.day_of(k) };
    // The observed dates compared with each simulated day.
    let mut dates: std::collections::BTreeMap<usize, std::collections::BTreeSet<NaiveDate>> =
        std::collections::BTreeMap::new();
    for (r, &(k, service)) in rows.iter().zip(matched) {
        *observed[k].get_or_insert(0.0) += r.offered_observed;
        dates.entry(day_of(k)).or_default().insert(service);
    }
    if dates.is_empty() {
        return (None, observed);
    }
    for (k, o) in observed.iter_mut().enumerate() {
        if let Some(o) = o {
            *o /= dates[&day_of(k)].len() as f64;
        }
    }
    let compared: Vec<usize> = (0..n).filter(|k| observed[*k].is_some()).collect();
    let totals: Vec<f64> = offered_by_rep
        .iter()
        .map(|rep| compared.iter().map(|k| rep[*k]).sum())
        .collect();
    let reps = totals.len() as f64;
    let forecast = totals.iter().sum::<f64>() / reps;
    let obs: f64 = observed.iter().flatten().sum();
    if forecast.is_nan() || forecast <= 0.0 || reps < 2.0 {
        return (None, observed);
    }
    // Var(observed total) if the scenario were right: each simulated day's
    // day-to-day variance over the observed days averaged into it.
    let var_of_mean: f64 = dates
        .iter()
        .map(|(&od, seen)| {
            let of_day: Vec<f64> = offered_by_rep
                .iter()
                .map(|rep| {
                    compared
                        .iter()
                        .filter(|k| day_of(**k) == od)
                        .map(|k| rep[*k])
                        .sum()
                })
                .collect();
            let mean = of_day.iter().sum::<f64>() / reps;
            let var = of_day.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps - 1.0);
            var / seen.len() as f64
        })
        .sum();
    let difference = obs / forecast - 1.0;
    let standard_error = var_of_mean.sqrt() / forecast;
    let sim_days = dates.len() as f64;
    (
        Some(Volume {
            observed_per_day: obs / sim_days,
            forecast_per_day: forecast / sim_days,
            difference,
            standard_error,
            significant: difference.abs() > VOLUME_Z * standard_error
                && difference.abs() > VOLUME_SHARE,
        }),
        observed,
    )
}

/// The lean of the simulation with every type's arrivals in each compared
/// interval scaled to the observed mean volume there.
fn lean_at_volume(
    sc: &ValidScenario,
    rows: &[BacktestRow],
    matched: &[(usize, NaiveDate)],
    observed: &[Option<f64>],
) -> Lean {
    let mut scaled = sc.clone();
    let h = sc.horizon;
    for (k, o) in observed.iter().enumerate() {
        let Some(o) = *o else { continue };
        let forecast: f64 = sc.types.iter().map(|t| t.rates[k]).sum::<f64>() * h.interval;
        if forecast > 0.0 {
            for t in &mut scaled.types {
                t.rates[k] *= o / forecast;
            }
        }
    }
    let mut summary = Summary::new(&scaled);
    let work = replicate::for_each_tally(
        &scaled,
        0,
        u64::from(scaled.replications),
        &|| {},
        |_, t| summary.add(t),
    );
    let report = RunReport::new(&scaled, &summary, work);
    let moved: Vec<BacktestRow> = rows
        .iter()
        .zip(matched)
        .map(|(r, &(k, _))| {
            let mut r = r.clone();
            if let Some(iv) = report.intervals.get(k - h.warmup_intervals) {
                let m = [
                    iv.figures.service_level.mean,
                    iv.figures.asa_seconds.mean,
                    iv.figures.abandon_rate.mean,
                ];
                for (c, mean) in [
                    (&mut r.service_level, m[0]),
                    (&mut r.asa_seconds, m[1]),
                    (&mut r.abandon_rate, m[2]),
                ] {
                    c.simulated = mean;
                    c.error = match (c.error, c.observed) {
                        (Some(_), Some(o)) if mean.is_finite() => Some(mean - o),
                        _ => None,
                    };
                }
            }
            r
        })
        .collect();
    lean(&moved)
}

/// Counts the intervals where the simulation is optimistic (its service
/// better than observed on more figures than worse: higher SL, lower ASA,
/// lower abandonment) or pessimistic.
pub fn lean(rows: &[BacktestRow]) -> Lean {
    let (mut intervals, mut optimistic, mut pessimistic) = (0, 0, 0);
    for r in rows {
        let sign = |x: f64| {
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                0.0
            }
        };
        let signs = [
            r.service_level.error.map(sign),
            r.asa_seconds.error.map(|e| -sign(e)),
            r.abandon_rate.error.map(|e| -sign(e)),
        ];
        let defined: Vec<f64> = signs.into_iter().flatten().collect();
        if defined.is_empty() {
            continue;
        }
        intervals += 1;
        let total: f64 = defined.iter().sum();
        if total > 0.0 {
            optimistic += 1;
        } else if total < 0.0 {
            pessimistic += 1;
        }
    }
    Lean {
        intervals,
        optimistic,
        pessimistic,
    }
}

/// Which way a [`Lean`] goes: 1 optimistic, -1 pessimistic, 0 neither
/// (two thirds of the intervals must lean the same way).
fn direction(l: &Lean) -> i32 {
    if l.intervals == 0 {
        0
    } else if l.optimistic * 3 >= l.intervals * 2 {
        1
    } else if l.pessimistic * 3 >= l.intervals * 2 {
        -1
    } else {
        0
    }
}

/// The verdict from the rows alone (no volume comparison).
pub fn verdict(rows: &[BacktestRow]) -> Verdict {
    verdict_with_volume(rows, None, None)
}

/// The verdict: the lean of the intervals, told apart from a difference
/// of volume when the observed days had more or fewer calls than the
/// scenario forecasts (then `at_observed_volume` says which way the
/// simulation leans once the volume is the observed one).
pub fn verdict_with_volume(
    rows: &[BacktestRow],
    volume: Option<Volume>,
    at_observed_volume: Option<Lean>,
) -> Verdict {
    let l = lean(rows);
    let Lean {
        intervals,
        optimistic,
        pessimistic,
    } = l;
    let text = if intervals == 0 {
        "no interval could be compared".to_string()
    } else {
        let why = match direction(&l) {
            1 => ": it promises better service than was observed (too many agents, too short handle times, too patient callers or too few calls?)",
            -1 => ": it promises worse service than was observed (too few agents, too long handle times, too impatient callers or too many calls?)",
            _ => ": no clear lean either way",
        };
        let mut text = format!(
            "simulation is optimistic in {optimistic} of {intervals} intervals, pessimistic in {pessimistic}{why}"
        );
        match (volume, at_observed_volume) {
            (Some(v), Some(at)) => {
                let way = if v.difference < 0.0 { "fewer" } else { "more" };
                let then = match (direction(&l), direction(&at)) {
                    (d, 0) if d != 0 => "no clear lean: the lean above is the volume (the forecast), not the staffing or the model".to_string(),
                    (_, 0) => "no clear lean either way".to_string(),
                    (d, a) if d == a => format!(
                        "it still leans {}: not only the volume; the staffing, handle times or patience, or the days themselves (the intervals of one day move together: see the per-day table)",
                        if a > 0 { "optimistic" } else { "pessimistic" }
                    ),
                    (_, a) => format!(
                        "it leans {}",
                        if a > 0 { "optimistic" } else { "pessimistic" }
                    ),
                };
                text.push_str(&format!(
                    ". But the observed days had {:.1}% {way} calls than the scenario forecasts ({:.0} a day against {:.0}, {:.1} standard errors): at the observed volumes the simulation is optimistic in {} of {} intervals, pessimistic in {}: {then}",
                    100.0 * v.difference.abs(),
                    v.observed_per_day,
                    v.forecast_per_day,
                    v.difference.abs() / v.standard_error.max(1e-12),
                    at.optimistic,
                    at.intervals,
                    at.pessimistic
                ));
            }
            (Some(v), None) => text.push_str(&format!(
                "; the observed days' volume is within noise of the forecast ({:+.1}%, {:.0} calls a day against {:.0})",
                100.0 * v.difference,
                v.observed_per_day,
                v.forecast_per_day
            )),
            _ => {}
        }
        text
    };
    Verdict {
        intervals,
        optimistic,
        pessimistic,
        volume,
        at_observed_volume,
        text,
    }
}

/// The backtest as a table for the terminal.
pub fn table(bt: &Backtest) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "backtest of \"{}\": {} simulated days (seed {}) against {} observed intervals",
        bt.scenario,
        bt.replications,
        bt.seed,
        bt.rows.len()
    );
    let _ = writeln!(
        s,
        "band = 2.5%-97.5% of simulated days; * = observed outside it"
    );
    let _ = writeln!(
        s,
        "{:<10} {:<5} {:>6} {:>6} | {:>6} {:>6} {:>13} | {:>6} {:>6} {:>13} | {:>6} {:>6} {:>13}",
        "date",
        "start",
        "calls",
        "sim",
        "SL",
        "sim",
        "band",
        "ASA",
        "sim",
        "band",
        "aband",
        "sim",
        "band"
    );
    let pct = |v: f64| format!("{:.1}", v * 100.0);
    let sec = |v: f64| format!("{v:.1}");
    let cell = |c: &Compared, f: &dyn Fn(f64) -> String| {
        let obs = match c.observed {
            Some(o) => format!("{}{}", f(o), if c.inside == Some(false) { "*" } else { "" }),
            None => "-".into(),
        };
        let band = if c.band[0].is_finite() {
            format!("{}-{}", f(c.band[0]), f(c.band[1]))
        } else {
            "-".into()
        };
        let sim = if c.simulated.is_finite() {
            f(c.simulated)
        } else {
            "-".into()
        };
        format!("{obs:>6} {sim:>6} {band:>13}")
    };
    for r in &bt.rows {
        let _ = writeln!(
            s,
            "{:<10} {:<5} {:>6.0} {:>6.1} | {} | {} | {}",
            r.date,
            r.start,
            r.offered_observed,
            r.offered_simulated,
            cell(&r.service_level, &pct),
            cell(&r.asa_seconds, &sec),
            cell(&r.abandon_rate, &pct)
        );
    }
    for (name, sc, unit, scale) in [
        ("service level", &bt.service_level, " points", 100.0),
        ("ASA", &bt.asa_seconds, " s", 1.0),
        ("abandonment", &bt.abandon_rate, " points", 100.0),
    ] {
        let _ = writeln!(
            s,
            "{name:<13}: MAE {:.2}{unit}; bias {:+.2}{unit} (simulated - observed); {} of {} intervals inside the band ({:.0}%)",
            sc.mae * scale,
            sc.bias * scale,
            sc.inside,
            sc.compared,
            sc.share_inside * 100.0
        );
    }
    if !bt.days.is_empty() {
        let _ = writeln!(s, "per day (pooled over the day's intervals):");
        for d in &bt.days {
            let _ = writeln!(
                s,
                "{:<10} {:>6.0}        | {} | {} | {}",
                d.date,
                d.offered_observed,
                cell(&d.service_level, &pct),
                cell(&d.asa_seconds, &sec),
                cell(&d.abandon_rate, &pct)
            );
        }
    }
    let _ = writeln!(s, "verdict: {}", bt.verdict.text);
    for n in &bt.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}
