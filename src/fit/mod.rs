//! Scenarios from history: fit arrivals, handle time, patience and staffing
//! to interval data or a call log ([`crate::history`]) and write a scenario
//! file whose comments say where every number came from ([`scenario_text`]).
//!
//! - **Arrivals**: mean calls offered per interval over the chosen days;
//!   the day-to-day spread beyond Poisson becomes `forecast_cv`
//!   ([`profile::Profile::forecast_cv`]).
//! - **Handle time** (call logs): lognormal and gamma by maximum
//!   likelihood, the larger likelihood wins ([`handle`]); or the empirical
//!   distribution as 200 equally likely quantiles. Interval data carry only
//!   averages: a lognormal with the AHT as mean and an assumed CV.
//! - **Patience** (call logs): the censored exponential MLE and the
//!   Kaplan-Meier curve ([`patience`]). Interval data give the exponential
//!   rate only when they carry abandoned, answered, ASA and the mean wait of
//!   the abandoned (total abandonments over total time waited).
//! - **Staffing**: the mean of an agents column; else, from a call log,
//!   one of the estimators of [`staffing`] (`calibrate` by default when
//!   the log names agents); else Erlang staffing for the target.

pub mod backtest;
pub mod days;
pub mod handle;
pub mod patience;
pub mod profile;
pub mod replay;
pub mod special;
pub mod staffing;
mod text;
pub mod types;

pub use text::{report_text, scenario_text, WEEKDAYS_SEEN};

use crate::analytic::{required_agents, Model, Targets};
use crate::history::calls::{CallOutcome, CallRow};
use crate::history::intervals::IntervalRow;
use handle::HandleFit;
use patience::{ExponentialPatience, HazardBand, KaplanMeier, Wait};
use profile::{Grid, Profile, Weekdays};

/// Equally likely values written for an empirical handle time.
pub const HANDLE_QUANTILES: usize = 200;
/// Equally likely values written for an empirical (Kaplan-Meier) patience.
pub const PATIENCE_QUANTILES: usize = 100;
/// `--patience auto` keeps the exponential unless the chi-square test of
/// the abandonment curve ([`patience::chi_square`]) rejects it at this level.
pub const AUTO_PATIENCE_LEVEL: f64 = 0.01;
/// `--patience auto` needs at least this many abandonments to prefer the
/// Kaplan-Meier curve (fewer make its steps too coarse).
pub const AUTO_PATIENCE_MIN_EVENTS: usize = 30;
/// Wait bands (seconds) of the abandonment-curve table.
pub const HAZARD_EDGES: [f64; 9] = [0.0, 10.0, 20.0, 30.0, 60.0, 120.0, 180.0, 300.0, 600.0];

/// Which patience model to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PatienceChoice {
    /// The exponential unless the abandonment curve rejects it (chi-square
    /// p < 0.01, with at least 30 abandonments); then the Kaplan-Meier curve.
    Auto,
    /// The censored exponential MLE.
    Exponential,
    /// The Kaplan-Meier curve as equally likely quantiles.
    Empirical,
}

/// What `ccsim fit` is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Interval length in minutes (15, 30 or 60); inferred from interval
    /// data, 30 for call logs, when `None`.
    pub interval_minutes: Option<u32>,
    /// Fixed opening time, seconds after midnight.
    pub open: Option<f64>,
    /// Fixed closing time, seconds after midnight.
    pub close: Option<f64>,
    /// Days of the week to use.
    pub weekdays: Weekdays,
    /// Service-level threshold, seconds.
    pub threshold: f64,
    /// Service-level target.
    pub target: f64,
    /// Keep the empirical handle-time distribution instead of a fitted family.
    pub empirical_handle: bool,
    /// Which patience model to write.
    pub patience: PatienceChoice,
    /// CV assumed for the handle time when only averages are known.
    pub handle_cv: f64,
    /// Scenario name.
    pub name: String,
    /// Replications written into `[simulation]`.
    pub replications: u32,
    /// Seed written into `[simulation]`.
    pub seed: u64,
    /// Fit one `[[call_types]]` entry per type when the log has a type
    /// column ([`types`]); `false` (`--no-types`) pools every call.
    pub types: bool,
    /// Staffing estimator for call logs (`None`: [`DEFAULT_STAFFING`] when
    /// the log names agents, else Erlang staffing).
    pub staffing: Option<staffing::Method>,
    /// Idle gap (seconds) that ends an agent's session (`agents` estimator).
    pub break_seconds: f64,
    /// Occupancy of the `busy` estimator (`None`: implied by the data).
    pub occupancy: Option<f64>,
    /// Replications per candidate of the `calibrate` estimator.
    pub calibrate_replications: u64,
    /// Only these days (`--fit-days`), besides the weekday filter.
    pub fit_days: Option<days::DaySet>,
    /// Keep this share of the days, the last in date order, out of the fit
    /// for the backtest (`--holdout`).
    pub holdout: Option<f64>,
}

/// The staffing estimator used when a call log names its agents and
/// `--staffing` is not given: `calibrate`, the estimator that recovers the
/// staffing best on synthetic logs of known scenarios and matches the
/// service observed (docs/history.md, "Staffing from a call log").
pub const DEFAULT_STAFFING: staffing::Method = staffing::Method::Calibrate;

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            interval_minutes: None,
            open: None,
            close: None,
            weekdays: Weekdays::all(),
            threshold: 20.0,
            target: 0.8,
            empirical_handle: false,
            patience: PatienceChoice::Auto,
            handle_cv: 1.0,
            name: "fitted".into(),
            replications: 200,
            seed: 1,
            types: true,
            staffing: None,
            break_seconds: staffing::DEFAULT_BREAK_SECONDS,
            occupancy: None,
            calibrate_replications: staffing::CALIBRATE_REPLICATIONS,
            fit_days: None,
            holdout: None,
        }
    }
}

/// The handle-time result.
#[derive(Debug, Clone, PartialEq)]
pub enum HandleResult {
    /// Fitted to individual handle times.
    Fitted {
        /// Both fits.
        fit: HandleFit,
        /// Write the empirical quantiles instead of the best family.
        empirical: bool,
    },
    /// Only an average handle time was known.
    Average {
        /// Mean, seconds.
        mean: f64,
        /// Assumed CV.
        cv: f64,
    },
}

/// The patience result.
#[derive(Debug, Clone, PartialEq)]
pub enum PatienceResult {
    /// From individual waits.
    Fitted {
        /// Censored exponential MLE.
        exponential: ExponentialPatience,
        /// Kaplan-Meier curve.
        km: KaplanMeier,
        /// Largest CDF gap between the two where 50+ callers still waited.
        gap: f64,
        /// Abandonment curve by wait band.
        bands: Vec<HazardBand>,
        /// Chi-square test of the exponential on the bands: (X², df, p).
        chi_square: Option<(f64, usize, f64)>,
        /// Write the Kaplan-Meier quantiles (else the exponential).
        empirical: bool,
        /// Why that one.
        reason: String,
    },
    /// From interval aggregates: abandonments over total waiting time.
    Aggregate {
        /// Abandonments.
        abandonments: f64,
        /// Seconds waited by everyone.
        exposure: f64,
    },
    /// Nobody abandoned in the data.
    NoAbandonment {
        /// Callers whose wait was seen.
        callers: usize,
    },
    /// The input says nothing about patience.
    Unknown,
}

/// Where the staffing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffingSource {
    /// The agents column, averaged and rounded to the nearest whole agent.
    AgentsColumn,
    /// Estimated from a call log ([`staffing`]) by this method.
    Log(staffing::Method),
    /// Erlang A (or C) staffing for the target, the input having none.
    Erlang,
}

/// Everything `ccsim fit` found.
#[derive(Debug, Clone, PartialEq)]
pub struct FitResult {
    /// Input file name as shown in comments.
    pub source: String,
    /// "call log" or "interval data".
    pub kind: &'static str,
    /// Options used.
    pub options: FitOptions,
    /// Arrival profile and staffing inputs.
    pub profile: Profile,
    /// Call attempts used (call logs).
    pub calls: usize,
    /// Handle time.
    pub handle: Option<HandleResult>,
    /// Patience.
    pub patience: PatienceResult,
    /// Agents per interval.
    pub agents: Vec<u32>,
    /// Where they came from.
    pub staffing: StaffingSource,
    /// Things the user should know.
    pub notes: Vec<String>,
    /// Call types fitted from a type column (empty: one pooled type).
    pub types: Vec<types::TypeFit>,
    /// Every staffing estimator's values per interval (call logs).
    pub staffing_estimates: Option<staffing::Estimates>,
}

/// Errors of fitting that are about the data, not a file format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitError(pub String);

fn interval_seconds(minutes: u32) -> Result<f64, FitError> {
    if [15, 30, 60].contains(&minutes) {
        Ok(f64::from(minutes) * 60.0)
    } else {
        Err(FitError(format!(
            "the interval must be 15, 30 or 60 minutes (got {minutes}); give --interval-minutes"
        )))
    }
}

/// The dates to fit (weekdays, `--fit-days`, then `--holdout`), and notes
/// on the days held out.
fn chosen_days(
    dates: impl Iterator<Item = chrono::NaiveDate>,
    opt: &FitOptions,
) -> (std::collections::BTreeSet<chrono::NaiveDate>, Vec<String>) {
    // The held-out days are the last of the whole file (as `ccsim backtest
    // --holdout` takes them), before the weekday and --fit-days filters.
    let all: Vec<chrono::NaiveDate> = dates
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut notes = Vec::new();
    let fit: Vec<chrono::NaiveDate> = match opt.holdout {
        Some(share) => {
            let (fit, test) = days::holdout(&all, share);
            if let (Some(a), Some(b)) = (test.first(), test.last()) {
                notes.push(format!(
                    "--holdout {share}: the last {} of {} days ({a} to {b}) were held out of the fit; test on them with `ccsim backtest SCENARIO --actual FILE --holdout {share}` (or --test-days {a}..{b})",
                    test.len(),
                    all.len()
                ));
            }
            fit
        }
        None => all,
    };
    let chosen = fit
        .into_iter()
        .filter(|d| opt.weekdays.contains(*d))
        .filter(|d| opt.fit_days.as_ref().is_none_or(|s| s.contains(*d)))
        .collect();
    (chosen, notes)
}

/// Fits a call log.
pub fn fit_calls(calls: &[CallRow], source: &str, opt: &FitOptions) -> Result<FitResult, FitError> {
    let interval = interval_seconds(opt.interval_minutes.unwrap_or(30))?;
    let chosen = chosen_days(calls.iter().map(|c| c.arrival.date()), opt);
    let kept: Vec<CallRow> = calls
        .iter()
        .filter(|c| chosen.0.contains(&c.arrival.date()))
        .cloned()
        .collect();
    if kept.is_empty() {
        return Err(FitError(format!(
            "no call falls on the chosen days ({})",
            opt.weekdays.describe()
        )));
    }
    let grid = Grid::covering(
        kept.iter().map(|c| profile::clock(c.arrival)),
        interval,
        opt.open,
        opt.close,
    )
    .ok_or_else(|| FitError("the opening time must be before the closing time".into()))?;
    let (rows, outside) = profile::aggregate_calls(&kept, &grid, opt.threshold);
    let mut prof = profile::profile(&rows, grid, &opt.weekdays)
        .ok_or_else(|| FitError("no call falls inside the horizon".into()))?;
    prof.days_skipped = calls
        .iter()
        .map(|c| c.arrival.date())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        - prof.days.len();
    let inside: Vec<&CallRow> = kept
        .iter()
        .filter(|c| grid.index(profile::clock(c.arrival)).is_some())
        .collect();
    let mut notes = chosen.1.clone();
    if outside > 0 {
        notes.push(format!(
            "{outside} calls arrived outside {}-{} and were left out",
            crate::scenario::clock_label(grid.start_of_day),
            grid.end_label()
        ));
    }
    let handles: Vec<f64> = inside
        .iter()
        .filter(|c| c.outcome == CallOutcome::Answered)
        .filter_map(|c| c.handle)
        .collect();
    let handle = if handles.is_empty() {
        notes.push("the log has no handle times (no handle column, and no answer and end times): give one, or edit [handle_time]".into());
        None
    } else {
        match handle::fit_handle(&handles) {
            Some(fit) => {
                if fit.zeros > 0 {
                    notes.push(format!(
                        "{} answered calls with a handle time of 0 were left out of the handle-time fit",
                        fit.zeros
                    ));
                }
                Some(HandleResult::Fitted {
                    fit,
                    empirical: opt.empirical_handle,
                })
            }
            None => {
                notes.push(
                    "fewer than two distinct positive handle times: cannot fit a distribution"
                        .into(),
                );
                None
            }
        }
    };
    let waits: Vec<Wait> = inside
        .iter()
        .filter_map(|c| {
            c.wait.map(|w| Wait {
                seconds: w,
                abandoned: c.outcome == CallOutcome::Abandoned,
            })
        })
        .collect();
    let patience = fit_patience(&waits, opt.patience);
    let call_types = if opt.types {
        types::fit_types(&inside, &prof, opt)
    } else {
        let n = inside
            .iter()
            .filter_map(|c| c.call_type.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if n > 0 {
            notes.push(format!(
                "--no-types: the {n} call types of the log are pooled into one"
            ));
        }
        Vec::new()
    };
    let has_agents = inside.iter().any(|c| c.agent.is_some());
    let has_busy = inside
        .iter()
        .any(|c| c.outcome == CallOutcome::Answered && c.handle.is_some() && c.wait.is_some());
    let mean_handle = handle.as_ref().map(|h| match h {
        HandleResult::Fitted { fit, .. } => fit.sample_mean,
        HandleResult::Average { mean, .. } => *mean,
    });
    let method = match opt.staffing {
        Some(staffing::Method::Agents) if !has_agents => {
            return Err(FitError(
                "--staffing agents needs an agent column naming who answered each call; use --staffing busy or calibrate".into(),
            ))
        }
        Some(m) if has_busy => Some(m),
        Some(m) => {
            return Err(FitError(format!(
                "--staffing {} needs answered calls with their wait and handle time",
                m.name()
            )))
        }
        None if has_agents && has_busy => Some(DEFAULT_STAFFING),
        None => None,
    };
    let mut estimates = method.map(|m| {
        let mut e =
            staffing::estimate(&inside, &grid, &prof.days, opt.break_seconds, opt.occupancy);
        e.chosen = m;
        if !has_agents {
            e.agents = e.busy.clone();
        }
        e
    });
    let (agents, staffing_source) = match &estimates {
        Some(e) => (e.staffing(e.chosen).to_vec(), StaffingSource::Log(e.chosen)),
        None => (
            erlang_staffing(&prof, mean_handle, &patience, opt)?,
            StaffingSource::Erlang,
        ),
    };
    let mut result = FitResult {
        source: source.to_string(),
        kind: "call log",
        options: opt.clone(),
        profile: prof,
        calls: inside.len(),
        handle,
        patience,
        agents,
        staffing: staffing_source,
        notes,
        types: call_types,
        staffing_estimates: None,
    };
    if let Some(e) = estimates.as_mut() {
        if e.chosen == staffing::Method::Calibrate {
            // Replay the log's own calls, staffed from `agents` (or `busy`)
            // to start with, and search interval by interval.
            let mean_patience = patience_mean(&result.patience).unwrap_or(f64::INFINITY);
            let trace = replay::Trace::new(
                &inside,
                &grid,
                &result.profile.days,
                mean_handle.unwrap_or(0.0),
                mean_patience,
            );
            let target = staffing::observed(&rows, &grid);
            let start = e.staffing(staffing::Method::Agents).to_vec();
            e.calibrated = Some(staffing::calibrate(
                &trace,
                &start,
                &target,
                &e.busy_time,
                opt.calibrate_replications,
            ));
            if let Some((a, _)) = &e.calibrated {
                result.agents = a.clone();
            }
        }
    }
    result.staffing_estimates = estimates;
    Ok(result)
}

/// Fits interval data.
pub fn fit_intervals(
    rows: &[IntervalRow],
    source: &str,
    opt: &FitOptions,
) -> Result<FitResult, FitError> {
    let interval = match opt.interval_minutes {
        Some(m) => interval_seconds(m)?,
        None => {
            let g = profile::infer_interval(rows).ok_or_else(|| {
                FitError("cannot tell the interval length (no day has two intervals); give --interval-minutes".into())
            })?;
            if ![900.0, 1800.0, 3600.0].contains(&g) {
                return Err(FitError(format!(
                    "consecutive intervals are {} minutes apart; ccsim plans in 15, 30 or 60 minutes: give --interval-minutes",
                    g / 60.0
                )));
            }
            g
        }
    };
    let chosen = chosen_days(rows.iter().map(|r| r.start.date()), opt);
    let rows: Vec<IntervalRow> = rows
        .iter()
        .filter(|r| chosen.0.contains(&r.start.date()))
        .cloned()
        .collect();
    let rows = &rows[..];
    let kept: Vec<&IntervalRow> = rows.iter().collect();
    let grid = Grid::covering(
        kept.iter().map(|r| profile::clock(r.start)),
        interval,
        opt.open,
        opt.close,
    )
    .ok_or_else(|| {
        FitError(format!(
            "no interval falls on the chosen days ({}), or the opening time is not before the closing time",
            opt.weekdays.describe()
        ))
    })?;
    let prof = profile::profile(rows, grid, &opt.weekdays)
        .ok_or_else(|| FitError("no interval falls on the chosen days".into()))?;
    let mut notes = chosen.1.clone();
    if prof.rows_outside > 0 {
        notes.push(format!(
            "{} rows outside {}-{} were left out",
            prof.rows_outside,
            crate::scenario::clock_label(grid.start_of_day),
            grid.end_label()
        ));
    }
    let unaligned = kept
        .iter()
        .filter(|r| ((profile::clock(r.start) - grid.start_of_day) / interval).fract() != 0.0)
        .count();
    if unaligned > 0 {
        notes.push(format!(
            "{unaligned} rows start off the {}-minute grid and were added to the interval they fall in",
            interval / 60.0
        ));
    }
    let handle = match prof.aht {
        Some(mean) if mean > 0.0 => Some(HandleResult::Average {
            mean,
            cv: opt.handle_cv,
        }),
        _ => {
            notes.push(
                "no average handle time column (aht): give one, or edit [handle_time]".into(),
            );
            None
        }
    };
    let patience = match prof.abandon_exposure {
        Some((a, exposure)) if a > 0.0 => PatienceResult::Aggregate {
            abandonments: a,
            exposure,
        },
        Some(_) => PatienceResult::NoAbandonment { callers: 0 },
        None => {
            notes.push("patience cannot be estimated from these columns (it needs abandoned, answered, asa and the mean wait of the abandoned, abandon_time); the scenario has no [patience], so nobody abandons: fit a call log, or add [patience] by hand".into());
            PatienceResult::Unknown
        }
    };
    let mean_handle = prof.aht;
    let (agents, staffing) = match &prof.agents {
        Some(a) => (
            a.iter().map(|x| x.round() as u32).collect(),
            StaffingSource::AgentsColumn,
        ),
        None => (
            erlang_staffing(&prof, mean_handle, &patience, opt)?,
            StaffingSource::Erlang,
        ),
    };
    Ok(FitResult {
        source: source.to_string(),
        kind: "interval data",
        options: opt.clone(),
        profile: prof,
        calls: 0,
        handle,
        patience,
        agents,
        staffing,
        notes,
        types: Vec::new(),
        staffing_estimates: None,
    })
}

/// The exponential and Kaplan-Meier fits, and the choice between them.
pub fn fit_patience(waits: &[Wait], choice: PatienceChoice) -> PatienceResult {
    let exponential = patience::exponential(waits);
    if exponential.abandonments == 0 {
        return if waits.is_empty() {
            PatienceResult::Unknown
        } else {
            PatienceResult::NoAbandonment {
                callers: waits.len(),
            }
        };
    }
    let km = patience::kaplan_meier(waits);
    let gap = patience::exponential_vs_km(&exponential, &km);
    let bands = patience::hazard_bands(waits, &HAZARD_EDGES, &exponential, &km);
    let chi_square = patience::chi_square(&bands);
    let (empirical, reason) = match choice {
        PatienceChoice::Exponential => (false, "exponential: asked for with --patience exponential".to_string()),
        PatienceChoice::Empirical => (true, "Kaplan-Meier: asked for with --patience empirical".to_string()),
        PatienceChoice::Auto if exponential.abandonments < AUTO_PATIENCE_MIN_EVENTS => (
            false,
            format!(
                "exponential: only {} abandonments, too few for a Kaplan-Meier curve (--patience auto needs {AUTO_PATIENCE_MIN_EVENTS})",
                exponential.abandonments
            ),
        ),
        PatienceChoice::Auto => match chi_square {
            Some((x2, df, p)) if p < AUTO_PATIENCE_LEVEL => (
                true,
                format!("Kaplan-Meier: the abandonment curve rejects the exponential (chi-square {x2:.1} on {df} df, p = {p:.2e} < {AUTO_PATIENCE_LEVEL})"),
            ),
            Some((x2, df, p)) => (
                false,
                format!("exponential: the abandonment curve does not reject it (chi-square {x2:.1} on {df} df, p = {p:.3})"),
            ),
            None => (
                false,
                "exponential: too few expected abandonments per wait band to test it".to_string(),
            ),
        },
    };
    PatienceResult::Fitted {
        exponential,
        km,
        gap,
        bands,
        chi_square,
        empirical,
        reason,
    }
}

/// Erlang A staffing (Erlang C without patience) for the service-level
/// target per interval, used when the input has no staffing at all.
fn erlang_staffing(
    prof: &Profile,
    mean_handle: Option<f64>,
    patience: &PatienceResult,
    opt: &FitOptions,
) -> Result<Vec<u32>, FitError> {
    let Some(h) = mean_handle else {
        return Err(FitError(
            "the input has neither staffing (agents) nor handle times, so no staffing can be derived; give an agents column or handle times".into(),
        ));
    };
    let model = match patience_mean(patience) {
        Some(m) => Model::ErlangA { mean_patience: m },
        None => Model::ErlangC,
    };
    let targets = Targets {
        service_level: Some(opt.target),
        threshold: opt.threshold,
        ..Targets::default()
    };
    prof.mean_offered
        .iter()
        .map(|calls| {
            let rate = calls / prof.grid.interval;
            required_agents(model, rate, h, &targets, 1_000_000)
                .map(|f| f.agents)
                .map_err(|e| FitError(format!("Erlang staffing failed: {e}")))
        })
        .collect()
}

/// The mean patience of the exponential estimate, if any.
pub fn patience_mean(p: &PatienceResult) -> Option<f64> {
    match p {
        PatienceResult::Fitted { exponential, .. } => Some(exponential.mean),
        PatienceResult::Aggregate {
            abandonments,
            exposure,
        } => Some(exposure / abandonments),
        _ => None,
    }
}
