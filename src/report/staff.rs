//! The report of `ccsim staff` (its JSON contract, the readable table and
//! the CSV): the fewest agents of one group per interval meeting its
//! targets in simulation, beside the Erlang C and Erlang A requirements.
//!
//! With `[[call_types]]` every type must meet its own targets; the report
//! then adds each type's targets, figures and whether it meets them per
//! interval, and which types bind (new keys only; see docs/planning.md).

use serde::Serialize;

use super::table::align;
use super::{definition_text, OrderedMap};
use crate::error::Error;
use crate::planner::paid::{paid, FteScope, PaidFigures};
use crate::planner::{Criterion, SimTargets, StaffPlan, Status};
use crate::scenario::ValidScenario;
use crate::stats::Estimate;

/// The targets staffed to, as the scenario states them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffTargets {
    /// Minimum service level.
    pub service_level: f64,
    /// Service-level threshold, seconds.
    pub threshold_seconds: f64,
    /// Which calls the service level is a share of.
    pub service_level_definition: String,
    /// Maximum abandonment rate, if any.
    pub max_abandon_rate: Option<f64>,
    /// Maximum ASA in seconds, if any.
    pub max_asa_seconds: Option<f64>,
    /// Maximum occupancy of each in-house group, if any.
    pub max_occupancy: Option<f64>,
    /// With `[[call_types]]`: each type's own targets, which are the ones
    /// staffed to (every type must meet its own); absent otherwise.
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<crate::report::TypeTargets>,
    /// Whether the targets hold at the final staffing, per interval (the
    /// `targets` block of docs/output.md; `staff` judges intervals only, so
    /// `horizon` is always met here: run the staffed scenario for the day).
    #[serde(flatten)]
    pub verdict: crate::report::verdict::TargetsVerdict,
}

/// One call type's simulated figures in one interval at the final staffing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffTypeFigures {
    /// Service level of the type's calls against its own threshold.
    pub service_level: Estimate,
    /// ASA of the type's calls, seconds.
    pub asa_seconds: Estimate,
    /// Abandonment rate of the type's calls.
    pub abandon_rate: Estimate,
    /// Whether the type meets its own targets under the criterion.
    pub meets: bool,
}

/// One interval of the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffInterval {
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// A warm-up interval (the file's agents, not judged, not reported by `ccsim run`).
    pub warmup: bool,
    /// Offered load, Erlangs.
    pub offered_load_erlangs: f64,
    /// Erlang C requirement (all groups, standard agents); null if unreachable.
    pub erlang_c_agents: Option<u32>,
    /// Erlang A requirement (all groups, standard agents); null if unreachable.
    pub erlang_a_agents: Option<u32>,
    /// The staffed group's agents found by simulation.
    pub agents: u32,
    /// Agents of the other groups (as given).
    pub other_agents: u32,
    /// "met", "infeasible", "not_met" or "warmup".
    pub status: &'static str,
    /// Simulated service level at the final staffing (mean and 95% interval).
    pub service_level: Estimate,
    /// Simulated ASA, seconds.
    pub asa_seconds: Estimate,
    /// Simulated abandonment rate.
    pub abandon_rate: Estimate,
    /// Simulated occupancy of the staffed group (busy over time on the phones).
    pub occupancy: Estimate,
    /// Heads to schedule for `agents` on the phones (shrinkage-aware), their
    /// paid hours, FTE and cost (see docs/planning.md).
    pub paid: PaidFigures,
    /// With `[[call_types]]`: each type's figures (absent otherwise).
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<StaffTypeFigures>,
    /// With `[[call_types]]`: the types whose targets fail with one agent
    /// fewer here (or, where the interval misses, the types missing); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding_types: Option<Vec<String>>,
}

/// Agent-hours of the day by each method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffTotals {
    /// Sum of Erlang C requirements times interval length (null if any is unreachable).
    pub erlang_c_agent_hours: Option<f64>,
    /// Sum of Erlang A requirements times interval length.
    pub erlang_a_agent_hours: Option<f64>,
    /// The staffed group's agent-hours found by simulation.
    pub simulation_agent_hours: f64,
    /// The staffed group's shrinkage (the file's, or `--shrinkage`).
    pub shrinkage: f64,
    /// The plan's paid figures over the reported (non-warm-up) intervals:
    /// agent-hours on the phones, mean scheduled heads, paid hours, FTE and
    /// cost, as `ccsim run` reports them for the staffed scenario.
    pub plan: PaidFigures,
    /// The same per day of a multi-day horizon (empty for one day).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<StaffDay>,
}

/// One day of the plan's paid figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffDay {
    /// Day of the horizon, 1 = the first calendar day.
    pub day: usize,
    /// The day's paid figures (FTE per `fte_hours_per_day`).
    #[serde(flatten)]
    pub paid: PaidFigures,
}

/// The JSON contract of `ccsim staff`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffReport {
    /// Scenario name.
    pub scenario: String,
    /// The group staffed.
    pub group: String,
    /// "mean" or "lower".
    pub criterion: &'static str,
    /// What the criterion means, in words.
    pub criterion_text: String,
    /// Replications per evaluated staffing.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The targets.
    pub targets: StaffTargets,
    /// Passes over the day.
    pub passes: usize,
    /// Whether the last pass changed nothing.
    pub converged: bool,
    /// Distinct staffings simulated.
    pub evaluations: u64,
    /// Call attempts simulated in all.
    pub simulated_calls: u64,
    /// One per interval of the horizon.
    pub intervals: Vec<StaffInterval>,
    /// Agent-hours by method.
    pub totals: StaffTotals,
    /// Things to know before trusting the answer.
    pub warnings: Vec<String>,
}

fn criterion_text(c: Criterion) -> String {
    match c {
        Criterion::Mean => "mean: the mean over replications meets each target".into(),
        Criterion::Lower => "lower: the 95% confidence bound meets each target (lower bound of the service level, upper bound of abandonment and ASA)".into(),
    }
}

/// Builds the report of a finished search.
pub fn build_report(
    sc: &ValidScenario,
    plan: &StaffPlan,
    group: usize,
    criterion: Criterion,
    replications: u32,
) -> StaffReport {
    let h = sc.horizon;
    let hours = h.interval / 3600.0;
    let planned: Vec<u32> = plan.intervals.iter().map(|p| p.agents).collect();
    let intervals: Vec<StaffInterval> = plan
        .intervals
        .iter()
        .enumerate()
        .map(|(k, p)| StaffInterval {
            start: h.label(k),
            end: h.end_label(k),
            warmup: k < h.warmup_intervals,
            offered_load_erlangs: p.offered_load,
            erlang_c_agents: p.erlang_c,
            erlang_a_agents: p.erlang_a,
            agents: p.agents,
            other_agents: p.other_agents,
            status: match p.status {
                Status::Met => "met",
                Status::Infeasible => "infeasible",
                Status::NotMet => "not_met",
                Status::Warmup => "warmup",
            },
            service_level: p.stats.service_level(),
            asa_seconds: p.stats.asa(),
            abandon_rate: p.stats.abandon(),
            occupancy: p.occupancy,
            paid: paid(sc, group, &planned, k..k + 1, FteScope::Daily),
            types: OrderedMap(
                plan.types
                    .iter()
                    .zip(&sc.types)
                    .map(|(stats, t)| {
                        let st = &stats[k];
                        let figures = StaffTypeFigures {
                            service_level: st.service_level(),
                            asa_seconds: st.asa(),
                            abandon_rate: st.abandon(),
                            meets: st.meets(&SimTargets::of_type(t), criterion),
                        };
                        (t.name.clone(), figures)
                    })
                    .collect(),
            ),
            binding_types: sc.declared_types.then(|| {
                plan.binding[k]
                    .iter()
                    .map(|&ty| sc.types[ty].name.clone())
                    .collect()
            }),
        })
        .collect();
    let sum = |f: &dyn Fn(&StaffInterval) -> Option<u32>| -> Option<f64> {
        intervals
            .iter()
            .map(|i| f(i).map(|a| f64::from(a) * hours))
            .sum()
    };
    let totals = StaffTotals {
        erlang_c_agent_hours: sum(&|i| i.erlang_c_agents),
        erlang_a_agent_hours: sum(&|i| i.erlang_a_agents),
        simulation_agent_hours: intervals.iter().map(|i| f64::from(i.agents)).sum::<f64>() * hours,
        shrinkage: sc.groups[group].shrinkage,
        plan: paid(
            sc,
            group,
            &planned,
            h.warmup_intervals..h.intervals,
            FteScope::Horizon,
        ),
        days: if h.days > 1 {
            (0..h.open_days())
                .filter_map(|od| {
                    let range = h.day_range(od);
                    let from = range.start.max(h.warmup_intervals);
                    let to = range.end;
                    (from < to).then(|| StaffDay {
                        day: h.calendar_day(od) + 1,
                        paid: paid(sc, group, &planned, from..to, FteScope::Daily),
                    })
                })
                .collect()
        } else {
            Vec::new()
        },
    };
    let mut warnings = Vec::new();
    let list = |status: &str| -> Vec<String> {
        intervals
            .iter()
            .filter(|i| i.status == status)
            .map(|i| i.start.clone())
            .collect()
    };
    let infeasible = list("infeasible");
    if !infeasible.is_empty() {
        warnings.push(format!(
            "{} interval(s) cannot meet the targets with any staffing of group \"{}\" up to the cap: {}; they keep the smallest staffing beyond which more agents change nothing",
            infeasible.len(),
            sc.groups[group].name,
            infeasible.join(", ")
        ));
    }
    let missed = list("not_met");
    if !missed.is_empty() {
        warnings.push(format!(
            "{} interval(s) miss a target at the final staffing although they could meet it: {}; raise --max-passes",
            missed.len(),
            missed.join(", ")
        ));
    }
    if !plan.converged {
        warnings.push(format!(
            "the staffing was still changing after {} pass(es); raise --max-passes for a stable answer",
            plan.passes
        ));
    }
    if replications < 30 {
        warnings.push(format!(
            "{replications} replications per staffing: the simulated figures are imprecise; use at least 30"
        ));
    }
    if sc.groups[group].handle_time_factor != 1.0 || sc.groups.len() > 1 {
        warnings.push("the Erlang columns count agents of standard speed over all groups together; the simulation column counts the staffed group's own agents".into());
    }
    let s = sc.service_level;
    StaffReport {
        scenario: sc.name.clone(),
        group: sc.groups[group].name.clone(),
        criterion: criterion.name(),
        criterion_text: criterion_text(criterion),
        replications,
        seed: sc.seed,
        targets: StaffTargets {
            service_level: s.target,
            threshold_seconds: s.threshold,
            service_level_definition: definition_text(sc),
            max_abandon_rate: s.max_abandon_rate,
            max_asa_seconds: s.max_asa,
            max_occupancy: s.max_occupancy,
            types: crate::report::type_targets(sc),
            verdict: staff_verdict(sc, plan, criterion),
        },
        passes: plan.passes,
        converged: plan.converged,
        evaluations: plan.evaluations,
        simulated_calls: plan.simulated_calls,
        intervals,
        totals,
        warnings,
    }
}

/// The verdict of the final staffing's reported (non-warm-up) intervals.
fn staff_verdict(
    sc: &ValidScenario,
    plan: &StaffPlan,
    criterion: Criterion,
) -> crate::report::verdict::TargetsVerdict {
    use crate::report::verdict::{judge, target_sets, Observed, Scope};
    let h = sc.horizon;
    let scopes: Vec<Scope> = (h.warmup_intervals..plan.intervals.len())
        .map(|k| Scope {
            day: None,
            start: h.label(k),
            end: h.label(k + 1),
            observed: if sc.declared_types && !plan.types.is_empty() {
                plan.types
                    .iter()
                    .map(|t| Observed::of_stats(&t[k]))
                    .collect()
            } else {
                vec![Observed::of_stats(&plan.intervals[k].stats)]
            },
            occupancy: sc
                .groups
                .iter()
                .zip(&plan.group_occupancy[k])
                .filter(|(g, _)| g.is_in_house())
                .map(|(g, e)| (g.name.clone(), *e))
                .collect(),
        })
        .collect();
    judge(&target_sets(sc), &scopes, &[], &[], criterion)
}

fn est(e: Estimate, scale: f64, unit: &str) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    let hw = e.half_width() * scale;
    if hw.is_nan() {
        format!("{:.1}{unit}", e.mean * scale)
    } else {
        format!("{:.1}{unit} ±{:.1}", e.mean * scale, hw)
    }
}

fn opt(v: Option<u32>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

/// The readable table.
pub fn render_table(r: &StaffReport) -> String {
    let others = r.intervals.iter().any(|i| i.other_agents > 0);
    let mut header = vec!["interval", "load", "Erlang C", "Erlang A", "simulation"];
    if others {
        header.push("others");
    }
    header.extend(["SL", "ASA s", "abandon", "occupancy"]);
    let shrunk = r.totals.shrinkage > 0.0;
    let costed = r.totals.plan.cost.is_some();
    if shrunk {
        header.push("scheduled");
    }
    header.push("paid h");
    if costed {
        header.push("cost");
    }
    header.push("status");
    let mut header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    // Call types: each type's service level, and its abandonment and ASA
    // where it has a target on them, then the binding types.
    let typed = &r.targets.types.0;
    for (name, t) in typed {
        header.push(format!("SL {name}"));
        if t.max_abandon_rate.is_some() {
            header.push(format!("abandon {name}"));
        }
        if t.max_asa_seconds.is_some() {
            header.push(format!("ASA {name}"));
        }
    }
    if !typed.is_empty() {
        header.push("binds".into());
    }
    let mut rows: Vec<Vec<String>> = vec![header];
    for i in &r.intervals {
        let mut cells = vec![
            format!("{}{}", i.start, if i.warmup { "*" } else { "" }),
            format!("{:.1}", i.offered_load_erlangs),
            opt(i.erlang_c_agents),
            opt(i.erlang_a_agents),
            i.agents.to_string(),
        ];
        if others {
            cells.push(i.other_agents.to_string());
        }
        cells.extend([
            est(i.service_level, 100.0, "%"),
            est(i.asa_seconds, 1.0, ""),
            est(i.abandon_rate, 100.0, "%"),
            if i.occupancy.mean.is_nan() {
                "-".into()
            } else {
                format!("{:.1}%", 100.0 * i.occupancy.mean)
            },
        ]);
        if shrunk {
            cells.push(format!("{}", i.paid.scheduled));
        }
        cells.push(format!("{:.1}", i.paid.paid_hours));
        if let Some(c) = i.paid.cost {
            cells.push(format!("{c:.2}"));
        }
        cells.push(i.status.replace('_', " "));
        for ((_, t), (_, f)) in typed.iter().zip(&i.types.0) {
            let miss = if f.meets { "" } else { " (miss)" };
            cells.push(format!("{}{miss}", est(f.service_level, 100.0, "%")));
            if t.max_abandon_rate.is_some() {
                cells.push(est(f.abandon_rate, 100.0, "%"));
            }
            if t.max_asa_seconds.is_some() {
                cells.push(est(f.asa_seconds, 1.0, ""));
            }
        }
        if let Some(b) = &i.binding_types {
            cells.push(if b.is_empty() {
                "-".into()
            } else {
                b.join(", ")
            });
        }
        rows.push(cells);
    }
    let t = &r.targets;
    let mut targets = format!(
        "service level >= {:.0}% within {} s",
        t.service_level * 100.0,
        t.threshold_seconds
    );
    if let Some(a) = t.max_abandon_rate {
        targets.push_str(&format!(", abandonment <= {:.1}%", a * 100.0));
    }
    if let Some(a) = t.max_asa_seconds {
        targets.push_str(&format!(", ASA <= {a} s"));
    }
    if let Some(a) = t.max_occupancy {
        targets.push_str(&format!(", occupancy <= {:.1}%", a * 100.0));
    }
    if !t.types.is_empty() {
        let each: Vec<String> = t
            .types
            .0
            .iter()
            .map(|(name, x)| {
                let mut s = format!(
                    "{name} SL >= {:.0}% within {} s",
                    x.service_level * 100.0,
                    x.threshold_seconds
                );
                if let Some(a) = x.max_abandon_rate {
                    s.push_str(&format!(", abandonment <= {:.1}%", a * 100.0));
                }
                if let Some(a) = x.max_asa_seconds {
                    s.push_str(&format!(", ASA <= {a} s"));
                }
                s
            })
            .collect();
        targets = format!(
            "every call type meets its own targets: {}\n(Erlang columns: all types pooled, strictest type's targets; SL/ASA/abandon: all types together, not judged; \"SL <type>\" judged, \"binds\": the types that miss with one agent fewer)",
            each.join("; ")
        );
    }
    let mut out = format!(
        "{} — staffing group \"{}\": {targets}\nService level: {}.\nMeets = {}.\n{} replications per staffing on common random numbers, seed {}. Figures: mean ±half-width of the 95% interval at the final staffing.\n\n",
        r.scenario,
        r.group,
        t.service_level_definition,
        r.criterion_text,
        r.replications,
        r.seed
    );
    out.push_str(&align(&rows));
    let tot = &r.totals;
    let hours = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.1}"));
    out.push_str(&format!(
        "\nAgent-hours: Erlang C {}, Erlang A {}, simulation {:.1}.\n{} pass(es){}, {} staffings simulated, {} calls.\n",
        hours(tot.erlang_c_agent_hours),
        hours(tot.erlang_a_agent_hours),
        tot.simulation_agent_hours,
        r.passes,
        if r.converged { " (stable)" } else { " (not stable)" },
        r.evaluations,
        r.simulated_calls
    ));
    out.push_str(&plan_line(r));
    out.push_str(&format!(
        "{}\n",
        r.targets
            .verdict
            .summary()
            .replace(" and for the day", " at this staffing")
    ));
    if r.intervals.iter().any(|i| i.warmup) {
        out.push_str("* warm-up interval: keeps the file's agents, is not judged, and is not reported by `ccsim run`.\n");
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// The plan's paid figures in one line per horizon (and per day).
fn plan_line(r: &StaffReport) -> String {
    let one = |p: &PaidFigures| {
        let mut s = format!(
            "{:.1} agent-hours on the phones, {:.1} paid hours{}, {:.2} FTE",
            p.agent_hours,
            p.paid_hours,
            if r.totals.shrinkage > 0.0 {
                format!(
                    " ({:.1} scheduled heads per interval, shrinkage {:.0}%)",
                    p.scheduled,
                    100.0 * r.totals.shrinkage
                )
            } else {
                String::new()
            },
            p.fte
        );
        if let Some(c) = p.cost {
            s.push_str(&format!(", wage cost {c:.2}"));
        }
        s
    };
    let mut out = format!("Plan for \"{}\": {}.\n", r.group, one(&r.totals.plan));
    for d in &r.totals.days {
        out.push_str(&format!("  day {}: {}.\n", d.day, one(&d.paid)));
    }
    out
}

/// CSV: one row per interval.
pub fn render_csv(r: &StaffReport) -> Result<Vec<u8>, Error> {
    let fail = |e: csv::Error| Error::Usage(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "interval",
        "end",
        "warmup",
        "offered_load_erlangs",
        "erlang_c_agents",
        "erlang_a_agents",
        "agents",
        "other_agents",
        "status",
        "scheduled",
        "paid_hours",
        "fte",
        "cost",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for key in ["service_level", "asa_seconds", "abandon_rate", "occupancy"] {
        header.extend([key.to_string(), format!("{key}_lo"), format!("{key}_hi")]);
    }
    // Call types: `<figure>_<type>` triples and `meets_<type>`, then `binding_types`.
    let types: Vec<&String> = r.targets.types.0.iter().map(|(n, _)| n).collect();
    for name in &types {
        for key in ["service_level", "asa_seconds", "abandon_rate"] {
            let k = format!("{key}_{name}");
            header.extend([k.clone(), format!("{k}_lo"), format!("{k}_hi")]);
        }
        header.push(format!("meets_{name}"));
    }
    if !types.is_empty() {
        header.push("binding_types".into());
    }
    w.write_record(&header).map_err(fail)?;
    let num = |v: f64| {
        if v.is_nan() {
            String::new()
        } else {
            v.to_string()
        }
    };
    for i in &r.intervals {
        let mut rec = vec![
            i.start.clone(),
            i.end.clone(),
            i.warmup.to_string(),
            i.offered_load_erlangs.to_string(),
            opt(i.erlang_c_agents).replace('-', ""),
            opt(i.erlang_a_agents).replace('-', ""),
            i.agents.to_string(),
            i.other_agents.to_string(),
            i.status.to_string(),
            i.paid.scheduled.to_string(),
            i.paid.paid_hours.to_string(),
            i.paid.fte.to_string(),
            i.paid.cost.map_or(String::new(), |c| c.to_string()),
        ];
        for e in [i.service_level, i.asa_seconds, i.abandon_rate, i.occupancy] {
            rec.extend([num(e.mean), num(e.ci95[0]), num(e.ci95[1])]);
        }
        for (_, f) in &i.types.0 {
            for e in [f.service_level, f.asa_seconds, f.abandon_rate] {
                rec.extend([num(e.mean), num(e.ci95[0]), num(e.ci95[1])]);
            }
            rec.push(f.meets.to_string());
        }
        if let Some(b) = &i.binding_types {
            rec.push(b.join(";"));
        }
        w.write_record(&rec).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Usage(e.into_error().to_string()))
}
