//! The Erlang B, C and A calculator behind `ccsim erlang`: given agents,
//! every figure the model has; given targets, the fewest agents meeting all
//! of them and the figures there; with ranges, a table (and its chart) over
//! agents and volumes; with a scenario, the same for every interval (each a
//! stationary, independent period).
//!
//! JSON keys are those of `ccsim run` (`service_level`, `asa_seconds`,
//! `mean_wait_seconds`, `abandon_rate`, `block_rate`, `occupancy`,
//! `mean_queue_length`) plus `p_wait`, as plain numbers (formulas have no
//! confidence interval). Service level here counts abandoned callers as
//! failures (`ccsim run`'s default definition "offered").
//!
//! [`rows`] holds the report structs (the JSON contract), [`render`] the
//! text, CSV and chart; this module computes them from a [`Query`].

pub mod render;
pub mod rows;

use std::path::PathBuf;

use crate::analytic::{
    erlang_a_figures, erlang_b_figures, erlang_c_figures, fractional_agents, required_agents,
    AnalyticError, Figures, Model, Targets,
};
use crate::cli::ErlangModel;
use crate::error::Error;
use crate::planner::erlang::{interval_input, ANALYTIC_LIMIT};
use crate::planner::span::Span;
use crate::scenario;
pub use rows::{ErlangPlan, ErlangPlanDay, ErlangRange, ErlangRow, ScenarioErlang, TargetsReport};

/// What the calculator is asked (the `ccsim erlang` options without the outputs).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Model: b (loss), c (delay), a (delay with abandonment).
    pub model: ErlangModel,
    /// Calls offered per hour, or a range for a table.
    pub calls_per_hour: Option<Span>,
    /// Average handle time, seconds.
    pub aht: Option<f64>,
    /// Agents (lines for Erlang B), or a range for a table.
    pub agents: Option<Span>,
    /// Mean patience, seconds (Erlang A).
    pub patience: Option<f64>,
    /// Service-level threshold, seconds (default 20, or the scenario's).
    pub threshold: Option<f64>,
    /// Target service level.
    pub target: Option<f64>,
    /// Maximum ASA, seconds.
    pub max_asa: Option<f64>,
    /// Maximum abandonment rate.
    pub max_abandon: Option<f64>,
    /// Maximum blocking rate.
    pub max_block: Option<f64>,
    /// Maximum occupancy.
    pub max_occupancy: Option<f64>,
    /// Shrinkage: also report agents to schedule.
    pub shrinkage: Option<f64>,
    /// Also report the fractional requirement.
    pub fractional: bool,
    /// Compute every interval of this scenario.
    pub scenario: Option<PathBuf>,
    /// With ranges: simulate each staffing with this many replications.
    pub simulate: Option<u32>,
}

fn model_name(m: ErlangModel) -> &'static str {
    match m {
        ErlangModel::B => "erlang_b",
        ErlangModel::C => "erlang_c",
        ErlangModel::A => "erlang_a",
    }
}

fn usage(e: AnalyticError) -> Error {
    Error::Usage(e.to_string())
}

fn figures(model: Model, rate: f64, aht: f64, n: u32, t: f64) -> Result<Figures, AnalyticError> {
    match model {
        Model::ErlangB => erlang_b_figures(rate, aht, n),
        Model::ErlangC => erlang_c_figures(rate, aht, n, t),
        Model::ErlangA { mean_patience } => erlang_a_figures(rate, aht, mean_patience, n, t),
    }
}

fn has_targets(t: &Targets) -> bool {
    t.service_level.is_some()
        || t.max_asa.is_some()
        || t.max_abandon.is_some()
        || t.max_block.is_some()
        || t.max_occupancy.is_some()
}

fn meets(f: &Figures, t: &Targets) -> bool {
    let le = |v: f64, cap: Option<f64>| cap.is_none_or(|c| v <= c);
    t.service_level.is_none_or(|s| f.service_level >= s)
        && le(f.asa_seconds, t.max_asa)
        && le(f.abandon_rate, t.max_abandon)
        && le(f.block_rate, t.max_block)
        && le(f.occupancy, t.max_occupancy)
}

/// Largest `--shrinkage`: 99% of paid time off the phones already means
/// scheduling 100 agents per agent needed.
pub const MAX_SHRINKAGE: f64 = 0.99;

/// Checks every numeric option, naming the first one that is wrong.
fn check_args(q: &Query) -> Result<(), Error> {
    if let Some(aht) = q.aht {
        if !(aht.is_finite() && aht > 0.0) {
            return Err(Error::Usage(format!(
                "--aht must be a finite number of seconds > 0 (got {aht})"
            )));
        }
    }
    let nonneg = [
        ("--calls-per-hour", q.calls_per_hour.map(|s| s.from)),
        ("--threshold", q.threshold),
        ("--max-asa", q.max_asa),
    ];
    for (name, v) in nonneg {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::Usage(format!(
                    "{name} must be a finite number >= 0 (got {v})"
                )));
            }
        }
    }
    let fractions = [
        ("--target", q.target),
        ("--max-abandon", q.max_abandon),
        ("--max-block", q.max_block),
        ("--max-occupancy", q.max_occupancy),
    ];
    for (name, v) in fractions {
        if let Some(v) = v {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Usage(format!(
                    "{name} must be a fraction between 0 and 1 (got {v})"
                )));
            }
        }
    }
    if let Some(s) = q.shrinkage {
        if !(0.0..=MAX_SHRINKAGE).contains(&s) {
            return Err(Error::Usage(format!(
                "--shrinkage must be a fraction from 0 to {MAX_SHRINKAGE} (got {s}): at a shrinkage of s each scheduled agent is on the phones 1 - s of the time, so near 1 the staff to schedule grows without bound"
            )));
        }
    }
    if let Some(p) = q.patience {
        if p.is_nan() || p <= 0.0 {
            return Err(Error::Usage(format!(
                "--patience must be a number of seconds > 0 (got {p})"
            )));
        }
    }
    if q.patience.is_some() && q.model != ErlangModel::A {
        return Err(Error::Usage(
            "--patience is for Erlang A only (ccsim erlang a ...)".into(),
        ));
    }
    Ok(())
}

/// Computes one row: figures at `agents` (or at the requirement), the
/// requirement, fractional and scheduled agents.
fn row(
    model: Model,
    rate: f64,
    aht: f64,
    agents: Option<u32>,
    targets: &Targets,
    q: &Query,
    strict: bool,
) -> Result<ErlangRow, Error> {
    let with_targets = has_targets(targets);
    let required = if with_targets {
        match required_agents(model, rate, aht, targets, ANALYTIC_LIMIT) {
            Ok(f) => Some(f),
            Err(e) if strict => return Err(usage(e)),
            Err(_) => None,
        }
    } else {
        None
    };
    let n = agents.or(required.map(|f| f.agents));
    let mut note = None;
    if with_targets && required.is_none() {
        note = Some(format!(
            "no staffing up to {ANALYTIC_LIMIT} agents meets the targets"
        ));
    }
    let at = match n {
        Some(n) => match figures(model, rate, aht, n, targets.threshold) {
            Ok(f) => Some(f),
            Err(e) if strict => return Err(usage(e)),
            Err(e) => {
                note = Some(e.to_string());
                None
            }
        },
        None => None,
    };
    let fractional = if q.fractional && with_targets && required.is_some() {
        Some(fractional_agents(model, rate, aht, targets, ANALYTIC_LIMIT).map_err(usage)?)
    } else {
        None
    };
    let keep = 1.0 - q.shrinkage.unwrap_or(0.0);
    let base = required.map(|f| f.agents).or(agents);
    let schedule = q
        .shrinkage
        .and(base)
        .map(|b| (f64::from(b) / keep - 1e-9).ceil().max(0.0) as u32);
    let patience = match model {
        Model::ErlangA { mean_patience } if mean_patience.is_finite() => Some(mean_patience),
        _ => None,
    };
    let get = |f: fn(&Figures) -> f64| at.as_ref().map(f);
    Ok(ErlangRow {
        day: None,
        weekday: None,
        paid: None,
        start: None,
        end: None,
        calls_per_hour: rate * 3600.0,
        aht_seconds: aht,
        patience_seconds: patience,
        offered_load_erlangs: rate * aht,
        agents: n.unwrap_or(0),
        p_wait: get(|f| f.p_wait),
        service_level: get(|f| f.service_level),
        asa_seconds: get(|f| f.asa_seconds),
        mean_wait_seconds: get(|f| f.mean_wait_seconds),
        abandon_rate: get(|f| f.abandon_rate),
        block_rate: get(|f| f.block_rate),
        occupancy: get(|f| f.occupancy),
        mean_queue_length: get(|f| f.mean_queue_length),
        agents_required: required.map(|f| f.agents),
        meets_targets: if with_targets {
            at.as_ref().map(|f| meets(f, targets))
        } else {
            None
        },
        fractional_agents: fractional,
        agents_to_schedule: schedule,
        fractional_agents_to_schedule: fractional
            .filter(|_| q.shrinkage.is_some())
            .map(|x| x / keep),
        note,
        simulated: None,
    })
}

/// The targets the query gives, with the threshold `threshold`.
pub fn cli_targets(q: &Query, threshold: f64) -> Targets {
    Targets {
        service_level: q.target,
        threshold,
        max_asa: q.max_asa,
        max_abandon: q.max_abandon,
        max_block: q.max_block,
        max_occupancy: q.max_occupancy,
    }
}

fn targets_report(t: &Targets) -> TargetsReport {
    TargetsReport {
        service_level: t.service_level,
        threshold_seconds: t.threshold,
        max_asa_seconds: t.max_asa,
        max_abandon_rate: t.max_abandon,
        max_block_rate: t.max_block,
        max_occupancy: t.max_occupancy,
    }
}

fn model_of(m: ErlangModel, patience: f64) -> Model {
    match m {
        ErlangModel::B => Model::ErlangB,
        ErlangModel::C => Model::ErlangC,
        ErlangModel::A if patience.is_infinite() => Model::ErlangC,
        ErlangModel::A => Model::ErlangA {
            mean_patience: patience,
        },
    }
}

/// The single-question answer (no scenario).
pub fn single(q: &Query) -> Result<ErlangRow, Error> {
    check_args(q)?;
    let (Some(cph), Some(aht)) = (q.calls_per_hour.and_then(|s| s.single()), q.aht) else {
        return Err(Error::Usage(
            "give --calls-per-hour and --aht (or --scenario FILE)".into(),
        ));
    };
    let patience = match (q.model, q.patience) {
        (ErlangModel::A, None) => return Err(Error::Usage(
            "Erlang A needs --patience SECONDS (the mean time a caller waits before hanging up)"
                .into(),
        )),
        (_, p) => p.unwrap_or(f64::INFINITY),
    };
    let targets = cli_targets(q, q.threshold.unwrap_or(20.0));
    let agents = single_agents(q)?;
    if agents.is_none() && !has_targets(&targets) {
        return Err(Error::Usage(
            "give --agents N for the figures of a staffing, or a target (--target, --max-asa, --max-abandon, --max-block, --max-occupancy) for the fewest agents meeting it".into(),
        ));
    }
    row(
        model_of(q.model, patience),
        cph / 3600.0,
        aht,
        agents,
        &targets,
        q,
        true,
    )
}

/// `--agents` as one whole number (an error for a range here).
fn single_agents(q: &Query) -> Result<Option<u32>, Error> {
    match q.agents {
        None => Ok(None),
        Some(s) => {
            let v = s.whole("--agents").map_err(Error::Usage)?;
            match v.as_slice() {
                [n] if s.single().is_some() => Ok(Some(*n)),
                _ => Err(Error::Usage(
                    "--agents takes one number here; a range FROM..TO needs --calls-per-hour and --aht (not --scenario)".into(),
                )),
            }
        }
    }
}

/// Whether the query asks for a table over ranges (`--agents` or
/// `--calls-per-hour` a range, no scenario).
pub fn is_range(q: &Query) -> bool {
    q.scenario.is_none()
        && (q.agents.is_some_and(|s| s.single().is_none())
            || q.calls_per_hour.is_some_and(|s| s.single().is_none()))
}

/// The table over `--agents` and/or `--calls-per-hour` ranges: each row
/// exactly the single answer for its pair (figures at those agents; with
/// targets, the requirement at that volume too).
pub fn range_table(q: &Query) -> Result<ErlangRange, Error> {
    check_args(q)?;
    let (Some(cph), Some(aht)) = (q.calls_per_hour, q.aht) else {
        return Err(Error::Usage(
            "a range table needs --calls-per-hour (a number or FROM..TO:STEP) and --aht".into(),
        ));
    };
    let patience = match (q.model, q.patience) {
        (ErlangModel::A, None) => return Err(Error::Usage(
            "Erlang A needs --patience SECONDS (the mean time a caller waits before hanging up)"
                .into(),
        )),
        (_, p) => p.unwrap_or(f64::INFINITY),
    };
    let targets = cli_targets(q, q.threshold.unwrap_or(20.0));
    let agents: Vec<Option<u32>> = match q.agents {
        Some(s) => s
            .whole("--agents")
            .map_err(Error::Usage)?
            .into_iter()
            .map(Some)
            .collect(),
        None if has_targets(&targets) => vec![None],
        None => {
            return Err(Error::Usage(
                "give --agents N or FROM..TO, or a target (--target ...) for the fewest agents at each volume".into(),
            ))
        }
    };
    if q.simulate == Some(0) {
        return Err(Error::Usage(
            "--simulate needs at least 1 replication (30 or more for useful intervals)".into(),
        ));
    }
    let model = model_of(q.model, patience);
    let mut rows = Vec::new();
    for c in cph.values() {
        for &n in &agents {
            let mut r = row(model, c / 3600.0, aht, n, &targets, q, false)?;
            if let Some(reps) = q.simulate {
                if r.agents > 0 {
                    r.simulated = Some(crate::planner::erlang_check::simulate_point(
                        model,
                        c / 3600.0,
                        aht,
                        r.agents,
                        targets.threshold,
                        reps,
                        1,
                    )?);
                }
            }
            rows.push(r);
        }
    }
    Ok(ErlangRange {
        model: model_name(q.model),
        targets: targets_report(&targets),
        simulated_replications: q.simulate,
        rows,
    })
}

/// Every interval of a scenario.
pub fn per_interval(q: &Query) -> Result<ScenarioErlang, Error> {
    check_args(q)?;
    let Some(path) = &q.scenario else {
        return Err(Error::Usage("--scenario FILE is missing".into()));
    };
    if q.calls_per_hour.is_some() || q.aht.is_some() {
        return Err(Error::Usage(
            "--calls-per-hour and --aht come from the scenario; leave them out with --scenario"
                .into(),
        ));
    }
    let sc = scenario::load(path)?;
    let threshold = q.threshold.unwrap_or(sc.service_level.threshold);
    let mut targets = cli_targets(q, threshold);
    if !has_targets(&targets) {
        let s = sc.service_level;
        targets.service_level = Some(s.target);
        targets.max_asa = s.max_asa;
        targets.max_occupancy = s.max_occupancy;
        if q.model == ErlangModel::A {
            targets.max_abandon = s.max_abandon_rate;
        }
        if q.model == ErlangModel::B {
            targets = Targets {
                threshold,
                ..Targets::default()
            };
        }
    }
    let h = sc.horizon;
    let mut rows = Vec::with_capacity(h.intervals);
    for k in 0..h.intervals {
        let x = interval_input(&sc, k);
        let patience = q.patience.unwrap_or(x.mean_patience);
        let staffed: u32 = sc.groups.iter().map(|g| g.agents[k]).sum();
        let agents = single_agents(q)?.or(Some(staffed));
        let mut r = row(
            model_of(q.model, patience),
            x.rate,
            x.mean_handle,
            agents,
            &targets,
            q,
            false,
        )?;
        // The groups' minimum on the phones is a floor on the requirement.
        let floor: u32 = sc.groups.iter().map(|g| g.min_agents[k]).sum();
        if let Some(a) = r.agents_required.filter(|a| *a < floor) {
            r.agents_required = Some(floor);
            r.agents_to_schedule = r.agents_to_schedule.map(|_| {
                (f64::from(floor) / (1.0 - q.shrinkage.unwrap_or(0.0)) - 1e-9).ceil() as u32
            });
            r.note.get_or_insert_with(|| {
                format!("min_agents {floor} raises the requirement from {a}")
            });
        }
        r.start = Some(h.label(k));
        r.end = Some(h.end_label(k));
        if h.days > 1 {
            let d = h.calendar_day(h.day_of(k));
            r.day = Some(d + 1);
            r.weekday = Some(scenario::WEEKDAYS[h.weekday(d)].to_string());
        }
        rows.push(r);
    }
    let plan = plan(&sc, q, &mut rows);
    let hours = h.interval / 3600.0;
    let agent_hours_required = if has_targets(&targets) {
        rows.iter()
            .map(|r| r.agents_required.map(|a| f64::from(a) * hours))
            .sum()
    } else {
        None
    };
    let fractional_agent_hours = if q.fractional {
        rows.iter()
            .map(|r| r.fractional_agents.map(|a| a * hours))
            .sum()
    } else {
        None
    };
    Ok(ScenarioErlang {
        scenario: sc.name.clone(),
        model: model_name(q.model),
        targets: targets_report(&targets),
        shrinkage: q.shrinkage,
        intervals: rows,
        agent_hours_required,
        fractional_agent_hours,
        plan,
    })
}

/// The plan in paid units (the rules of [`crate::planner::paid`], as
/// `ccsim staff` reports them): each interval's requirement (or its agents
/// without targets) on the phones of the scenario's first group, heads at
/// the group's shrinkage (or `--shrinkage`) and absenteeism, paid hours,
/// FTE and cost per interval (written into `rows`), per day and in all.
fn plan(sc: &scenario::ValidScenario, q: &Query, rows: &mut [ErlangRow]) -> ErlangPlan {
    use crate::planner::paid::{paid, FteScope};
    let g = 0;
    let group = &sc.groups[g];
    let shrinkage = q.shrinkage.unwrap_or(group.shrinkage);
    let mut planned = sc.clone();
    // Absence takes whole heads: plan on what is left of both.
    planned.groups[g].shrinkage = 1.0 - (1.0 - shrinkage) * (1.0 - group.absenteeism);
    let agents: Vec<u32> = rows
        .iter()
        .map(|r| r.agents_required.unwrap_or(r.agents))
        .collect();
    let h = sc.horizon;
    for (k, r) in rows.iter_mut().enumerate() {
        r.paid = Some(paid(&planned, g, &agents, k..k + 1, FteScope::Daily));
    }
    let days = if h.days > 1 {
        (0..h.open_days())
            .map(|od| {
                let d = h.calendar_day(od);
                ErlangPlanDay {
                    day: d + 1,
                    weekday: scenario::WEEKDAYS[h.weekday(d)].to_string(),
                    paid: paid(&planned, g, &agents, h.day_range(od), FteScope::Daily),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    ErlangPlan {
        group: group.name.clone(),
        shrinkage,
        absenteeism: group.absenteeism,
        min_agents_applied: sc
            .groups
            .iter()
            .any(|g| g.min_agents.iter().any(|m| *m > 0)),
        total: paid(&planned, g, &agents, 0..h.intervals, FteScope::Horizon),
        days,
    }
}
