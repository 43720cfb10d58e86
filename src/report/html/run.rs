//! The page of `ccsim run --report FILE.html` (and `ccsim merge --report`):
//! the verdict on the scenario's targets, its costs, the key figures of
//! the day with their confidence intervals, the charts (waits, the day,
//! queue and occupancy, abandonment per interval, staffing against the
//! Erlang requirement, satisfaction, agents on shift, on a break and on the
//! phones when groups are staffed by shifts), the per-interval table with the
//! intervals under target highlighted, the shift figures per interval, and
//! the scenario file folded.

use std::ops::Range;

use super::{amount, component_label, est, money, pct, Card, Cell, Page, Row};
use crate::money::report::CostReport;
use crate::plot::interval::{exact, IntervalChart, IntervalLine};
use crate::plot::{self, Series};
use crate::report::shifts::ShiftFigures;
use crate::report::verdict::{TargetKind, TargetsVerdict};
use crate::report::{Figures, RunReport};
use crate::satisfaction::SatMetric;
use crate::scenario::ValidScenario;
use crate::stats::Estimate;

/// Chart captions in the page, by file stem.
fn chart_title(stem: &str) -> &'static str {
    match stem {
        "wait-distribution" => "Waiting time",
        "day" => "The day",
        "queue-occupancy" => "Queue and occupancy",
        "satisfaction" => "Customer satisfaction (a model)",
        _ => "Chart",
    }
}

/// Whether the horizon verdict holds for `kind` (untyped targets).
pub(super) fn horizon_met(v: &TargetsVerdict, kind: TargetKind) -> bool {
    !v.horizon
        .misses
        .iter()
        .any(|m| m.target == kind && m.call_type.is_none())
}

/// The reported intervals of the first reported day (all of them for a
/// one-day horizon): the per-interval charts draw one day.
pub(super) fn first_day(r: &RunReport) -> Range<usize> {
    let first = r.intervals.first().and_then(|i| i.day);
    let n = r.intervals.iter().take_while(|i| i.day == first).count();
    0..n
}

/// The page for one run: `series` holds the report and waits, `scenario_text`
/// the scenario file as written, `file` its name.
pub fn render(
    sc: &ValidScenario,
    series: &Series,
    file: &str,
    scenario_text: &str,
) -> Result<String, String> {
    let r = series.report;
    let meta = format!(
        "{} replications · seed {} · service level: {} · target {:.0}% within {} s · {}",
        r.replications,
        r.seed,
        r.service_level_definition,
        r.target * 100.0,
        r.threshold_seconds,
        r.confidence
    );
    let mut p = Page::new("run", &r.scenario, &r.description, &meta);
    summary(&mut p, sc, r);
    p.section("verdict", "Targets");
    p.verdict(&r.targets, &super::verdict_line(&r.targets, "This plan"));
    p.end();
    p.section("cost", "Cost");
    match &r.costs {
        Some(c) => cost_section(&mut p, c),
        None => p.para("No costs: the scenario has no money keys (cost_per_agent_hour, a [groups.contract] or [economics]; see docs/money.md)."),
    }
    p.end();
    p.section("charts", "Charts");
    for (stem, chart) in plot::charts_of(std::slice::from_ref(series), false) {
        p.chart(stem, chart_title(stem), &chart)?;
    }
    interval_charts(&mut p, sc, r)?;
    shift_charts(&mut p, r)?;
    p.end();
    p.section("details", "Details");
    p.raw("<h3>Per interval</h3>\n");
    interval_table(&mut p, r);
    shift_table(&mut p, r);
    if let Some(s) = &r.satisfaction {
        satisfaction_table(&mut p, s);
    }
    p.end();
    p.inputs(&[(format!("Scenario file: {file}"), scenario_text.to_string())]);
    Ok(p.finish(&format!(
        "seed {}; {} call attempts simulated.",
        r.seed, r.simulated_calls
    )))
}

/// The summary: the verdict in one line, the key figures, the warnings.
fn summary(p: &mut Page, sc: &ValidScenario, r: &RunReport) {
    p.section("summary", "Summary");
    let v = &r.targets;
    p.headline(
        if v.met { "met" } else { "missed" },
        &super::verdict_line(v, "This plan"),
    );
    let t = &r.total;
    let s = sc.service_level;
    let mut cards = vec![
        Card::judged(
            format!(
                "service level (target {:.0}% in {} s)",
                s.target * 100.0,
                s.threshold
            ),
            pct(t.service_level),
            horizon_met(v, TargetKind::ServiceLevel),
        ),
        match s.max_abandon_rate {
            Some(a) => Card::judged(
                format!("abandonment (at most {:.1}%)", a * 100.0),
                pct(t.abandon_rate),
                horizon_met(v, TargetKind::MaxAbandonRate),
            ),
            None => Card::plain("abandonment", pct(t.abandon_rate)),
        },
        match s.max_asa {
            Some(a) => Card::judged(
                format!("average speed of answer (at most {a} s)"),
                est(t.asa_seconds, 1.0, 1, " s"),
                horizon_met(v, TargetKind::MaxAsaSeconds),
            ),
            None => Card::plain("average speed of answer", est(t.asa_seconds, 1.0, 1, " s")),
        },
        Card::plain("calls offered", est(t.offered, 1.0, 0, "")),
        Card::plain(
            "intervals under target",
            format!("{} of {}", v.intervals_missed, v.intervals_judged),
        ),
    ];
    if let Some(c) = &r.costs {
        let per = if c.basis.starts_with("per simulated horizon") {
            "horizon"
        } else {
            "day"
        };
        cards.push(Card::plain(format!("cost per {per}"), money(c.total)));
        cards.push(Card::plain(
            "cost per handled call",
            money(c.cost_per_handled_call),
        ));
    }
    for (name, g) in &t.groups.0 {
        cards.push(Card::plain(format!("occupancy {name}"), pct(g.occupancy)));
    }
    for (name, g) in t.shifts.iter().flat_map(|s| &s.0) {
        cards.push(Card::plain(
            format!("{name}: overtime (agent-minutes)"),
            est(g.overtime_minutes, 1.0, 1, ""),
        ));
        cards.push(Card::plain(
            format!("{name}: break start delay (minutes)"),
            est(g.break_delay_minutes, 1.0, 2, ""),
        ));
    }
    p.cards(&cards);
    p.note(&format!(
        "Each figure: mean ±half-width of its 95% confidence interval across {} replications.",
        r.replications
    ));
    p.raw("<h3>Warnings</h3>\n");
    p.warnings(&r.warnings);
    p.end();
}

/// The cost section of a run: per group and component, then the totals.
pub(super) fn cost_section(p: &mut Page, c: &CostReport) {
    let per = if c.basis.starts_with("per simulated horizon") {
        "horizon"
    } else {
        "day"
    };
    p.cards(&[
        Card::plain(format!("total cost per {per}"), money(c.total)),
        Card::plain("cost per handled call", money(c.cost_per_handled_call)),
    ]);
    let mut rows = Vec::new();
    for (name, g) in &c.groups.0 {
        for (key, e) in &g.components.0 {
            rows.push(Row::plain(
                "",
                vec![name.clone(), component_label(key), money(*e)],
            ));
        }
        if !g.components.0.is_empty() {
            rows.push(Row::plain(
                "",
                vec![name.clone(), "total".into(), money(g.total)],
            ));
            rows.push(Row::plain(
                "",
                vec![
                    name.clone(),
                    "cost per handled call".into(),
                    money(g.cost_per_handled_call),
                ],
            ));
            rows.push(Row::plain(
                "",
                vec![
                    name.clone(),
                    "scheduled agent-hours".into(),
                    format!("{:.1}", g.scheduled_agent_hours),
                ],
            ));
        }
    }
    rows.push(Row::plain(
        "total",
        vec!["all groups".into(), "total".into(), money(c.total)],
    ));
    rows.push(Row::plain(
        "total",
        vec![
            "all groups".into(),
            "cost per handled call".into(),
            money(c.cost_per_handled_call),
        ],
    ));
    for (label, e) in [
        ("cost of abandoned calls", c.abandoned_calls),
        ("revenue", c.revenue),
        ("net cost", c.net_cost),
    ] {
        if let Some(e) = e {
            rows.push(Row::plain(
                "total",
                vec!["all groups".into(), label.into(), money(e)],
            ));
        }
    }
    p.table_with(
        "two",
        &[
            "group".into(),
            "item".into(),
            format!("per {per} (mean ±95%)"),
        ],
        &rows,
    );
    for s in &c.sla {
        p.para(&format!(
            "SLA of {}: {:.0}% within {} s per {}; met in {:.1}% of {} simulated {}s; paid to {} per {} (bonus +, penalty −): mean {}.",
            s.group,
            100.0 * s.target,
            s.threshold_seconds,
            s.period,
            100.0 * s.p_met.mean,
            s.periods,
            s.period,
            s.group,
            s.period,
            amount(s.adjustment.mean)
        ));
    }
    p.note(&c.basis);
}

/// What the per-interval charts draw: the first day's intervals, their
/// spans, the ones missing a target, and the caption's "(first day)" when
/// the horizon has more.
struct FirstDay<'a> {
    day: Range<usize>,
    shown: &'a [crate::report::IntervalReport],
    spans: Vec<(f64, f64)>,
    missed: Vec<bool>,
    which: &'static str,
}

impl<'a> FirstDay<'a> {
    fn of(r: &'a RunReport) -> Self {
        let day = first_day(r);
        FirstDay {
            shown: &r.intervals[day.clone()],
            spans: plot::spans(r)[day.clone()].to_vec(),
            missed: r.targets.interval_met[day.clone()]
                .iter()
                .map(|m| !m)
                .collect(),
            which: if day.len() < r.intervals.len() {
                " (first day)"
            } else {
                ""
            },
            day,
        }
    }
}

/// The label of an interval in the tables: "day 2 tue 08:00–08:30" on a
/// multi-day horizon, else "08:00–08:30".
fn interval_label(i: &crate::report::IntervalReport) -> String {
    match (&i.weekday, i.day) {
        (Some(w), Some(d)) => format!("day {d} {w} {}–{}", i.start, i.end),
        _ => format!("{}–{}", i.start, i.end),
    }
}

/// Abandonment per interval and staffing against the requirement.
fn interval_charts(p: &mut Page, sc: &ValidScenario, r: &RunReport) -> Result<(), String> {
    let FirstDay {
        day,
        shown,
        spans,
        missed,
        which,
    } = FirstDay::of(r);
    let lines = [IntervalLine {
        label: "abandonment (mean, 95% band)".into(),
        values: shown.iter().map(|i| i.figures.abandon_rate).collect(),
        band: true,
        dashed: false,
    }];
    let title = format!("Abandonment per interval{which}");
    let chart = IntervalChart {
        title: &title,
        y_desc: "abandoned over offered",
        percent: true,
        spans: &spans,
        lines: &lines,
        limit: sc
            .service_level
            .max_abandon_rate
            .map(|a| (a, format!("at most {:.1}%", a * 100.0))),
        missed: &missed,
    };
    p.chart("abandonment", "Abandonment per interval", &chart)?;
    let first = sc.horizon.intervals - r.intervals.len();
    let (mut erlang_c, mut erlang_a) = (Vec::new(), Vec::new());
    for k in day.clone() {
        let (c, a) = crate::planner::erlang::requirements(sc, first + k);
        erlang_c.push(exact(c.map(|f| f64::from(f.agents))));
        erlang_a.push(exact(a.map(|f| f64::from(f.agents))));
    }
    let mut lines = vec![IntervalLine {
        label: "agents scheduled (all groups)".into(),
        values: shown
            .iter()
            .map(|i| exact(Some(i.agents.0.iter().map(|(_, a)| f64::from(*a)).sum())))
            .collect(),
        band: false,
        dashed: false,
    }];
    if shown.iter().all(|i| i.staffing.is_some()) {
        lines.push(IntervalLine {
            label: "on the phones (simulated, 95% band)".into(),
            values: shown
                .iter()
                .map(|i| {
                    let s = i.staffing.as_ref().map(|s| &s.0);
                    let mut e = exact(Some(0.0));
                    let mut lo = 0.0;
                    let mut hi = 0.0;
                    for (_, g) in s.into_iter().flatten() {
                        e.mean += g.on_phones.mean;
                        lo += g.on_phones.ci95[0];
                        hi += g.on_phones.ci95[1];
                    }
                    e.ci95 = [lo, hi];
                    e
                })
                .collect(),
            band: true,
            dashed: false,
        });
    }
    lines.push(IntervalLine {
        label: "required: Erlang C".into(),
        values: erlang_c,
        band: false,
        dashed: true,
    });
    lines.push(IntervalLine {
        label: "required: Erlang A (with abandonment)".into(),
        values: erlang_a,
        band: false,
        dashed: true,
    });
    let title = format!("Staffing against the requirement{which}");
    let chart = IntervalChart {
        title: &title,
        y_desc: "agents (standard speed for the requirement)",
        percent: false,
        spans: &spans,
        lines: &lines,
        limit: None,
        missed: &missed,
    };
    p.chart("staffing", "Staffing against the requirement", &chart)
}

/// One chart per group staffed by shifts: agents on shift, on a break and
/// on the phones per interval of the first day (none without shift groups).
fn shift_charts(p: &mut Page, r: &RunReport) -> Result<(), String> {
    let Some(total) = &r.total.shifts else {
        return Ok(());
    };
    let FirstDay {
        shown,
        spans,
        missed,
        which,
        ..
    } = FirstDay::of(r);
    for (g, (name, _)) in total.0.iter().enumerate() {
        let of = |pick: fn(&ShiftFigures) -> Estimate| -> Vec<Estimate> {
            shown
                .iter()
                .map(|i| {
                    i.figures
                        .shifts
                        .as_ref()
                        .and_then(|s| s.0.get(g))
                        .map_or(exact(None), |(_, f)| pick(f))
                })
                .collect()
        };
        let line = |label: &str, values: Vec<Estimate>| IntervalLine {
            label: label.into(),
            values,
            band: true,
            dashed: false,
        };
        let lines = [
            line("on shift (present)", of(|f| f.on_shift)),
            line("on the phones", of(|f| f.on_phones)),
            line("on a break", of(|f| f.on_break)),
        ];
        let title = format!("Shifts of {name}{which}");
        let chart = IntervalChart {
            title: &title,
            y_desc: "agents (mean, 95% band)",
            percent: false,
            spans: &spans,
            lines: &lines,
            limit: None,
            missed: &missed,
        };
        p.chart(
            &format!("shifts-{g}"),
            &format!("Agents on shift, on a break and on the phones: {name}"),
            &chart,
        )?;
    }
    Ok(())
}

/// The shift figures per interval and for the horizon, a row per interval
/// and shift group (none without shift groups).
fn shift_table(p: &mut Page, r: &RunReport) {
    let Some(total) = &r.total.shifts else {
        return;
    };
    p.raw("<h3>Shifts per interval</h3>\n");
    p.note("Means over the replications, ±half-width of the 95% confidence interval. An agent due for a break or at the end of the shift finishes the call in hand first: the break starts late by the delay shown (over the breaks due in the interval), and the minutes past the shift's end are overtime.");
    let header: Vec<String> = [
        "interval",
        "group",
        "on shift",
        "on a break",
        "on the phones",
        "break start delay (min)",
        "overtime (agent-min)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let cells = |label: String, name: &str, f: &ShiftFigures| {
        vec![
            label,
            name.to_string(),
            est(f.on_shift, 1.0, 1, ""),
            est(f.on_break, 1.0, 1, ""),
            est(f.on_phones, 1.0, 1, ""),
            est(f.break_delay_minutes, 1.0, 2, ""),
            est(f.overtime_minutes, 1.0, 1, ""),
        ]
    };
    let mut rows = Vec::new();
    for i in &r.intervals {
        let label = interval_label(i);
        for (name, f) in i.figures.shifts.iter().flat_map(|s| &s.0) {
            rows.push(Row::plain("", cells(label.clone(), name, f)));
        }
    }
    for (name, f) in &total.0 {
        rows.push(Row::plain("total", cells("whole horizon".into(), name, f)));
    }
    p.table(&header, &rows);
}

fn interval_table(p: &mut Page, r: &RunReport) {
    let mut header: Vec<String> = [
        "interval",
        "agents",
        "calls offered",
        "answered",
        "abandoned",
        "service level",
        "ASA (s)",
        "abandonment",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (name, _) in &r.total.groups.0 {
        header.push(format!("occupancy {name}"));
    }
    if r.satisfaction.is_some() {
        header.extend(["CSAT (model)".into(), "mean score (model)".into()]);
    }
    header.push("status".into());
    let sat = r.satisfaction.as_ref();
    let mut rows = Vec::new();
    let v = &r.targets;
    for (k, i) in r.intervals.iter().enumerate() {
        let misses: Vec<&crate::report::verdict::Miss> = v
            .missed
            .iter()
            .filter(|m| m.start == i.start && m.day == i.day)
            .flat_map(|m| &m.misses)
            .collect();
        let miss = |kind: TargetKind| {
            misses
                .iter()
                .any(|m| m.target == kind && m.call_type.is_none())
        };
        let label = interval_label(i);
        let agents = i
            .agents
            .0
            .iter()
            .map(|(_, a)| a.to_string())
            .collect::<Vec<_>>()
            .join("+");
        let mut cells = figure_cells(label, agents, &i.figures, &miss);
        if let Some(s) = sat {
            let f = &s.intervals[k].figures;
            cells.push(Cell::Text(pct(f.csat)));
            cells.push(Cell::Text(est(f.mean_score, 1.0, 3, "")));
        }
        let met = v.interval_met.get(k).copied().unwrap_or(true);
        cells.push(if met {
            Cell::Class("met", "met".into())
        } else {
            Cell::Class("miss", "missed".into())
        });
        rows.push(Row {
            class: if met { "" } else { "miss" },
            cells,
        });
    }
    let day_miss = |kind: TargetKind| !horizon_met(v, kind);
    let mut cells = figure_cells("whole horizon".into(), String::new(), &r.total, &day_miss);
    if let Some(s) = sat {
        cells.push(Cell::Text(pct(s.total.csat)));
        cells.push(Cell::Text(est(s.total.mean_score, 1.0, 3, "")));
    }
    cells.push(Cell::Text(if v.met { "met" } else { "missed" }.into()));
    rows.push(Row {
        class: "total",
        cells,
    });
    p.table(&header, &rows);
}

fn figure_cells(
    label: String,
    agents: String,
    f: &Figures,
    miss: &dyn Fn(TargetKind) -> bool,
) -> Vec<Cell> {
    let judged = |kind: TargetKind, text: String| {
        if miss(kind) {
            Cell::Class("miss", text)
        } else {
            Cell::Text(text)
        }
    };
    let mut cells = vec![
        Cell::Text(label),
        Cell::Text(agents),
        Cell::Text(est(f.offered, 1.0, 1, "")),
        Cell::Text(est(f.answered, 1.0, 1, "")),
        Cell::Text(est(f.abandoned, 1.0, 1, "")),
        judged(TargetKind::ServiceLevel, pct(f.service_level)),
        judged(TargetKind::MaxAsaSeconds, est(f.asa_seconds, 1.0, 1, "")),
        judged(TargetKind::MaxAbandonRate, pct(f.abandon_rate)),
    ];
    for (_, g) in &f.groups.0 {
        cells.push(Cell::Text(pct(g.occupancy)));
    }
    cells
}

/// Readable name of a satisfaction figure.
pub(super) fn sat_label(m: SatMetric) -> &'static str {
    match m {
        SatMetric::Callers => "callers",
        SatMetric::Satisfied => "callers satisfied",
        SatMetric::Dissatisfied => "callers dissatisfied",
        SatMetric::Csat => "CSAT (share satisfied)",
        SatMetric::MeanScore => "mean satisfaction score",
        SatMetric::ToldPositive => "people told of a good experience",
        SatMetric::ToldNegative => "people told of a bad experience",
        SatMetric::ComplaintsSeen => "complaints the center sees",
        SatMetric::CustomersLost => "customers expected to leave",
        SatMetric::ReplacementCost => "cost of winning them back",
    }
}

fn satisfaction_table(p: &mut Page, s: &crate::report::satisfaction::SatisfactionReport) {
    p.raw("<h3>Customer satisfaction (a model)</h3>\n");
    p.note("These figures are modelled from stated assumptions, not measured: the defaults come from service-management literature, and the churn share is a placeholder (docs/satisfaction.md says which figure depends on which parameter).");
    let mut rows = Vec::new();
    for m in SatMetric::ALL {
        let e = s.total.get(m);
        let v = match m {
            SatMetric::Csat => pct(e),
            SatMetric::MeanScore => est(e, 1.0, 3, ""),
            SatMetric::ReplacementCost => money(e),
            _ => est(e, 1.0, 1, ""),
        };
        rows.push(Row::plain("", vec![sat_label(m).into(), v]));
    }
    for (band, e) in &s.total.score_bands.0 {
        rows.push(Row::plain(
            "",
            vec![format!("share with score {band}"), pct(*e)],
        ));
    }
    p.table(
        &["figure (model)".into(), "horizon (mean ±95%)".into()],
        &rows,
    );
    let q = &s.parameters;
    let curve: Vec<String> = q
        .curve
        .iter()
        .map(|(s, v)| format!("{s} s → {v}"))
        .collect();
    p.note(&format!(
        "Assumptions: score curve {}; abandoned {}, blocked {}; satisfied at a score of {} or more; a satisfied caller tells {}, a dissatisfied one {}; complaint share {}; churn if dissatisfied {}; customer value {} × acquisition factor {}.",
        curve.join(", "),
        q.abandoned_score,
        q.blocked_score,
        q.satisfied_at,
        q.tells_if_satisfied,
        q.tells_if_dissatisfied,
        q.complaint_share,
        q.churn_if_dissatisfied,
        q.customer_value,
        q.acquisition_cost_factor
    ));
}
