//! What-if: the scenario with calls scaled, handle time, patience and one
//! group's agents changed, answered twice at once: by the Erlang C and
//! Erlang A formulas ([`crate::analytic`], each interval a stationary
//! queue, the day weighted by its expected calls, as `ccsim erlang
//! --scenario` takes a scenario) and by a quick simulation whose budget is
//! [`limits::WHATIF_CALLS`] expected calls (about 0.3 s). It returns the
//! service level against the group's agents: the formula curves and a few
//! simulated points with their 95% intervals, drawn as an SVG chart.
//!
//! The agents slider sets the group to the same number of agents in every
//! interval; the other groups keep theirs. The formulas count all groups'
//! agents together at standard speed and know nothing of trunk lines,
//! retrials or overflow: where the simulation differs, those are why.
//!
//! With `[[call_types]]` the sliders act on the mix: see [`day_means`] and
//! the rule in `adjust_types` (every type scaled by one factor).

use serde::{Deserialize, Serialize};

use super::api::{checked, invalid};
use super::chart::AgentsChart;
use super::http::Reply;
use super::limits;
use crate::analytic::{erlang_a_figures, erlang_c_figures, Figures};
use crate::dist::Dist;
use crate::planner::erlang::interval_input;
use crate::scenario::{SlDefinition, ValidScenario};
use crate::stats::Estimate;
use crate::sweep::path::{self, Op};

/// Body of `POST /api/whatif`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfBody {
    /// Scenario text.
    pub toml: String,
    /// The group whose agents change (default: the first).
    pub group: Option<String>,
    /// Multiplies the calls of every interval (default 1).
    pub calls_factor: Option<f64>,
    /// Mean handle time, seconds (default: the scenario's).
    pub aht_seconds: Option<f64>,
    /// Mean patience, seconds (default: the scenario's; an exponential
    /// patience is assumed where the scenario has none).
    pub patience_seconds: Option<f64>,
    /// The group's agents in every interval (default: its mean over the
    /// reported intervals, rounded).
    pub agents: Option<u32>,
}

/// The day's figures by a formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Formula {
    /// Service level (per the scenario's definition).
    pub service_level: f64,
    /// Mean wait of answered calls, seconds.
    pub asa_seconds: f64,
    /// Share of calls abandoned.
    pub abandon_rate: f64,
    /// Busy over present agent time.
    pub occupancy: f64,
}

/// One agents count of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The group's agents.
    pub agents: u32,
    /// Erlang C service level (`null`: no steady state, the load is at or over the agents).
    pub erlang_c: Option<f64>,
    /// Erlang A service level.
    pub erlang_a: Option<f64>,
}

/// One simulated agents count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SimPoint {
    /// The group's agents.
    pub agents: u32,
    /// Simulated service level with its 95% interval.
    pub service_level: Estimate,
}

/// The answer of `POST /api/whatif`.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    /// Scenario name.
    pub scenario: String,
    /// The group varied.
    pub group: String,
    /// Its agents (in every interval).
    pub agents: u32,
    /// Calls expected per replication after scaling.
    pub calls_per_replication: f64,
    /// Mean handle time, seconds.
    pub aht_seconds: f64,
    /// Mean patience, seconds (`null`: nobody abandons).
    pub patience_seconds: Option<f64>,
    /// Service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Service-level target.
    pub target: f64,
    /// Replications of each simulated point (same seed, common random numbers).
    pub replications: u32,
    /// Calls simulated for this answer.
    pub simulated_calls: u64,
    /// Wall time of the simulations, seconds.
    pub seconds: f64,
    /// Simulated day at the chosen agents.
    pub simulation: SimFigures,
    /// Erlang C at the chosen agents (`null` when overloaded).
    pub erlang_c: Option<Formula>,
    /// Erlang A at the chosen agents.
    pub erlang_a: Option<Formula>,
    /// The formula curves against the group's agents.
    pub curve: Vec<CurvePoint>,
    /// Simulated points.
    pub points: Vec<SimPoint>,
    /// The chart: service level against agents (SVG).
    pub chart: String,
    /// What the figures assume.
    pub notes: Vec<String>,
}

/// Simulated figures of the day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SimFigures {
    /// Service level.
    pub service_level: Estimate,
    /// ASA, seconds.
    pub asa_seconds: Estimate,
    /// Abandonment rate.
    pub abandon_rate: Estimate,
    /// Occupancy of the group.
    pub occupancy: Estimate,
}

/// `POST /api/whatif`.
pub fn what_if(body: &WhatIfBody) -> Reply {
    match compute(body) {
        Ok(w) => Reply::json(&w),
        Err(Failure::Invalid(p)) => invalid(p, None),
        Err(Failure::Bad(m)) => Reply::error(400, &m),
    }
}

enum Failure {
    Invalid(Vec<super::api::ProblemOut>),
    Bad(String),
}

fn adjusted(body: &WhatIfBody) -> Result<(ValidScenario, usize), Failure> {
    let (raw, sc) = checked(&body.toml).map_err(Failure::Invalid)?;
    let mut sc = if sc.declared_types {
        adjust_types(sc, body)?
    } else {
        adjust_file(raw, body)?
    };
    let g = match &body.group {
        None => 0,
        Some(name) => sc
            .groups
            .iter()
            .position(|x| &x.name == name)
            .ok_or_else(|| Failure::Bad(format!("the scenario has no group \"{name}\"")))?,
    };
    let h = sc.horizon;
    let n = match body.agents {
        Some(n) => n,
        None => {
            let reported = &sc.groups[g].agents[h.warmup_intervals..];
            let sum: u64 = reported.iter().map(|&a| u64::from(a)).sum();
            (sum as f64 / reported.len().max(1) as f64).round() as u32
        }
    };
    if n > 100_000 {
        return Err(Failure::Bad(format!(
            "{n} agents: the workbench takes at most 100000"
        )));
    }
    sc.groups[g].agents = vec![n; h.intervals];
    if let Err(e) = limits::check(&sc, 1, limits::MAX_RUN_CALLS) {
        return Err(Failure::Bad(e));
    }
    Ok((sc, g))
}

/// The scenario without call types, edited in its TOML form (as `sweep
/// --vary` edits it) and validated again, so every value is checked as if
/// it had been written in the file.
fn adjust_file(
    raw: crate::scenario::RawScenario,
    body: &WhatIfBody,
) -> Result<ValidScenario, Failure> {
    let mut v = path::to_value(&raw).map_err(Failure::Bad)?;
    let bad = |e: String| Failure::Bad(e.replace("--vary ", ""));
    if let Some(f) = body.calls_factor {
        check_factor(f)?;
        let key = if raw.arrivals.calls_per_hour.is_some() {
            "arrivals.calls_per_hour"
        } else {
            "arrivals.calls_per_interval"
        };
        path::apply(&mut v, key, Op::Scale, f).map_err(bad)?;
    }
    if let Some(a) = body.aht_seconds {
        path::apply(&mut v, "handle_time.mean_seconds", Op::Set, a).map_err(bad)?;
    }
    if let Some(p) = body.patience_seconds {
        if let Some(t) = v.get_mut("patience").and_then(|t| t.as_table_mut()) {
            if t.get("distribution").and_then(|d| d.as_str()) == Some("none") {
                t.insert(
                    "distribution".into(),
                    toml::Value::String("exponential".into()),
                );
            }
        }
        path::apply(&mut v, "patience.mean_seconds", Op::Set, p).map_err(bad)?;
    }
    let raw = path::from_value(v).map_err(Failure::Bad)?;
    crate::scenario::validate(&raw)
        .map_err(|ps| Failure::Invalid(ps.iter().map(super::api::ProblemOut::of).collect()))
}

/// The calls slider: a multiple of the forecast above 0, at most 100.
fn check_factor(f: f64) -> Result<(), Failure> {
    if f.is_finite() && f > 0.0 && f <= 100.0 {
        Ok(())
    } else {
        Err(Failure::Bad(format!(
            "calls_factor {f}: use a number above 0, at most 100"
        )))
    }
}

/// A duration a slider sets: positive, finite, at most a day.
fn slider_seconds(what: &str, x: f64) -> Result<f64, Failure> {
    if x.is_finite() && x > 0.0 && x <= 86_400.0 {
        Ok(x)
    } else {
        Err(Failure::Bad(format!(
            "{what} {x}: use a number of seconds above 0, at most 86400"
        )))
    }
}

/// Each call type's weight in the day: its expected calls over the
/// reported intervals.
fn type_weights(sc: &ValidScenario) -> Vec<f64> {
    let from = sc.horizon.warmup_intervals;
    sc.types
        .iter()
        .map(|t| t.rates[from..].iter().sum::<f64>())
        .collect()
}

/// The day's mean handle time (talk plus after-call work) and mean patience of the callers who may
/// hang up (`None`: nobody does), each call type weighted by its expected
/// calls.
pub fn day_means(sc: &ValidScenario) -> (f64, Option<f64>) {
    let w = type_weights(sc);
    let total: f64 = w.iter().sum();
    let share = |i: usize| {
        if total > 0.0 {
            w[i] / total
        } else {
            1.0 / w.len().max(1) as f64
        }
    };
    let aht = sc
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            share(i) * (t.handle_time.mean() + t.wrap_up.as_ref().map_or(0.0, Dist::mean))
        })
        .sum();
    let (mut pw, mut pm) = (0.0, 0.0);
    for (i, t) in sc.types.iter().enumerate() {
        if !(t.patience == Dist::Never) {
            pw += share(i);
            pm += share(i) * t.patience.mean();
        }
    }
    (aht, (pw > 0.0).then(|| pm / pw))
}

/// A scenario with `[[call_types]]`, changed on its validated form: the
/// calls factor multiplies every type's calls; the handle time and the
/// patience sliders multiply every type's durations by one factor, so that
/// the mix's call-weighted mean becomes the slider's value and each type
/// keeps its shape and its place in the mix (premium still longer than
/// retail). A type whose callers never hang up gets an exponential
/// patience of the slider's mean.
fn adjust_types(mut sc: ValidScenario, body: &WhatIfBody) -> Result<ValidScenario, Failure> {
    if let Some(f) = body.calls_factor {
        check_factor(f)?;
        for t in &mut sc.types {
            for r in &mut t.rates {
                *r *= f;
            }
        }
    }
    let (aht, patience) = day_means(&sc);
    if let Some(a) = body.aht_seconds {
        let f = slider_seconds("aht_seconds", a)? / aht;
        for t in &mut sc.types {
            t.handle_time = t.handle_time.scaled(f);
            t.wrap_up = t.wrap_up.as_ref().map(|d| d.scaled(f));
            for d in t
                .handle_by_interval
                .iter_mut()
                .chain(t.wrap_by_interval.iter_mut())
            {
                *d = d.scaled(f);
            }
        }
    }
    if let Some(p) = body.patience_seconds {
        let p = slider_seconds("patience_seconds", p)?;
        let f = patience.map_or(1.0, |m| p / m);
        for t in &mut sc.types {
            t.patience = if t.patience == Dist::Never {
                Dist::Exponential { mean: p }
            } else {
                t.patience.scaled(f)
            };
        }
    }
    Ok(sc)
}

/// The day's figures of `sc` by Erlang C (`patience` false) or Erlang A,
/// with group `g` at `n` agents; `None` where an interval has no steady state.
pub fn day_formula(sc: &ValidScenario, g: usize, n: u32, erlang_a: bool) -> Option<Formula> {
    let h = sc.horizon;
    let t = sc.service_level.threshold;
    let (mut calls, mut sl, mut answered, mut asa, mut ab, mut busy, mut present) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for k in h.warmup_intervals..h.intervals {
        let x = interval_input(sc, k);
        let agents: u32 = sc
            .groups
            .iter()
            .enumerate()
            .map(|(i, gr)| if i == g { n } else { gr.agents[k] })
            .sum();
        let f: Figures = if erlang_a {
            erlang_a_figures(x.rate, x.mean_handle, x.mean_patience, agents, t).ok()?
        } else {
            erlang_c_figures(x.rate, x.mean_handle, agents, t).ok()?
        };
        let c = sc.expected_calls(k);
        let share = match sc.service_level.definition {
            SlDefinition::Answered => f.service_level_answered,
            _ => f.service_level,
        };
        calls += c;
        sl += c * share;
        answered += c * (1.0 - f.abandon_rate);
        asa += c * (1.0 - f.abandon_rate) * f.asa_seconds;
        ab += c * f.abandon_rate;
        busy += f.occupancy * f64::from(agents);
        present += f64::from(agents);
    }
    if calls <= 0.0 {
        return None;
    }
    Some(Formula {
        service_level: sl / calls,
        asa_seconds: if answered > 0.0 { asa / answered } else { 0.0 },
        abandon_rate: ab / calls,
        occupancy: if present > 0.0 { busy / present } else { 0.0 },
    })
}

fn compute(body: &WhatIfBody) -> Result<WhatIf, Failure> {
    let (sc, g) = adjusted(body)?;
    let n = sc.groups[g].agents[0];
    let span = (n / 4).max(4);
    let lo = n.saturating_sub(span).max(1);
    let hi = n + span;
    let curve: Vec<CurvePoint> = (lo..=hi)
        .map(|m| CurvePoint {
            agents: m,
            erlang_c: day_formula(&sc, g, m, false).map(|f| f.service_level),
            erlang_a: day_formula(&sc, g, m, true).map(|f| f.service_level),
        })
        .collect();
    let step = (span / 2).max(1);
    let mut at: Vec<u32> = (-2i64..=2)
        .map(|d| i64::from(n) + d * i64::from(step))
        .filter(|&m| m >= i64::from(lo) && m <= i64::from(hi))
        .map(|m| m as u32)
        .collect();
    at.dedup();
    let per_rep = limits::calls_per_replication(&sc).max(1.0);
    let reps = (limits::WHATIF_CALLS / (per_rep * at.len() as f64)).floor();
    let reps = reps.clamp(2.0, 200.0) as u32;
    let clock = std::time::Instant::now();
    let mut points = Vec::new();
    let mut simulated_calls = 0;
    let mut simulation = None;
    for &m in &at {
        let mut s = sc.clone();
        s.groups[g].agents = vec![m; s.horizon.intervals];
        s.replications = reps;
        let (summary, work) = crate::replicate::simulate(&s, &|| {});
        simulated_calls += work.calls;
        let report = crate::report::RunReport::new(&s, &summary, work);
        let t = &report.total;
        points.push(SimPoint {
            agents: m,
            service_level: t.service_level,
        });
        if m == n {
            simulation = Some(SimFigures {
                service_level: t.service_level,
                asa_seconds: t.asa_seconds,
                abandon_rate: t.abandon_rate,
                occupancy: t.groups.0[g].1.occupancy,
            });
        }
    }
    let seconds = clock.elapsed().as_secs_f64();
    let simulation =
        simulation.ok_or_else(|| Failure::Bad("no simulated point at the chosen agents".into()))?;
    let (aht, patience) = day_means(&sc);
    let chart = AgentsChart {
        title: format!("Service level against agents of \"{}\"", sc.groups[g].name),
        curve: &curve,
        points: &points,
        target: sc.service_level.target,
        threshold: sc.service_level.threshold,
        current: n,
    };
    let chart = crate::plot::render_svg(&chart).map_err(Failure::Bad)?;
    let mut notes = vec![
        format!(
            "{} agents of \"{}\" in every interval; {} replications per simulated point, seed {}, common random numbers",
            n, sc.groups[g].name, reps, sc.seed
        ),
        "formulas: each interval a stationary queue (Poisson arrivals, exponential handle time and patience, all groups' agents pooled at standard speed), the day weighted by expected calls".into(),
    ];
    if sc.declared_types {
        notes.push(format!(
            "{} call types: the calls factor multiplies every type's calls; handle time and patience multiply every type's durations by one factor, so each type keeps its place in the mix and the call-weighted mean is the value shown (patience: of the callers who may hang up); the formulas pool the types, the simulation keeps their priorities, skills and own targets",
            sc.types.len()
        ));
    }
    if sc.lines.is_some() || sc.groups.len() > 1 || sc.forecast_cv > 0.0 {
        notes.push("the formulas ignore trunk lines, overflow between groups, retrials and forecast uncertainty; the simulation includes them".into());
    }
    Ok(WhatIf {
        scenario: sc.name.clone(),
        group: sc.groups[g].name.clone(),
        agents: n,
        calls_per_replication: limits::calls_per_replication(&sc),
        aht_seconds: aht,
        patience_seconds: patience,
        threshold_seconds: sc.service_level.threshold,
        target: sc.service_level.target,
        replications: reps,
        simulated_calls,
        seconds,
        simulation,
        erlang_c: day_formula(&sc, g, n, false),
        erlang_a: day_formula(&sc, g, n, true),
        curve,
        points,
        chart,
        notes,
    })
}
