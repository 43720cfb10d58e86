//! The page of `ccsim staff --report FILE.html`: whether the staffing found
//! meets every target, its agent-hours against the Erlang C and Erlang A
//! requirements (and their cost where the group has a price per
//! agent-hour), the charts (staffing against the requirement, service level
//! and abandonment per interval against their targets), the per-interval
//! table, and the scenario and the staffed scenario folded.

use super::{amount, est, pct, Card, Cell, Page, Row};
use crate::plot::interval::{exact, IntervalChart, IntervalLine};
use crate::report::staff::{StaffInterval, StaffReport};
use crate::scenario::validate::parse_clock;

/// Interval spans in hours after midnight from the report's labels.
fn spans(intervals: &[StaffInterval]) -> Vec<(f64, f64)> {
    intervals
        .iter()
        .map(|i| {
            let s = parse_clock(&i.start, true).unwrap_or(0.0) / 3600.0;
            let e = parse_clock(&i.end, true).unwrap_or(0.0) / 3600.0;
            (s, if e > s { e } else { s + 0.5 })
        })
        .collect()
}

/// The verdict in one line: `staff` judges intervals only.
fn verdict_line(v: &crate::report::verdict::TargetsVerdict) -> String {
    super::verdict_line(v, "The staffing found").replace(" and over the horizon", "")
}

fn hours(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}"))
}

/// The page of a staffing plan: `files` holds `(title, text)` of the
/// inputs shown at the end (the scenario file, the staffed scenario).
/// `price` is the staffed group's price per agent-hour, if it has one.
pub fn render(
    r: &StaffReport,
    price: Option<f64>,
    files: &[(String, String)],
) -> Result<String, String> {
    let t = &r.targets;
    let meta = format!(
        "group \"{}\" · {} replications per staffing on common random numbers · seed {} · criterion: {} · service level: {}",
        r.group, r.replications, r.seed, r.criterion_text, t.service_level_definition
    );
    let title = format!("Staffing plan: {}", r.scenario);
    let mut p = Page::new("staff", &title, "", &meta);
    let v = &t.verdict;
    let tot = &r.totals;
    p.section("summary", "Summary");
    let mut line = verdict_line(v);
    if !r.converged {
        line.push_str(" The search had not settled (raise --max-passes).");
    }
    p.headline(if v.met { "met" } else { "missed" }, &line);
    let judged: Vec<&StaffInterval> = r.intervals.iter().filter(|i| !i.warmup).collect();
    let peak = judged.iter().map(|i| i.agents).max().unwrap_or(0);
    let mut cards = vec![
        Card::judged(
            "intervals meeting every target",
            format!(
                "{} of {}",
                v.intervals_judged - v.intervals_missed,
                v.intervals_judged
            ),
            v.met,
        ),
        Card::plain(
            format!("agent-hours of \"{}\" (simulation)", r.group),
            format!("{:.1}", tot.simulation_agent_hours),
        ),
        Card::plain("agent-hours by Erlang C", hours(tot.erlang_c_agent_hours)),
        Card::plain("agent-hours by Erlang A", hours(tot.erlang_a_agent_hours)),
        Card::plain("peak agents", peak.to_string()),
    ];
    cards.push(Card::plain(
        "paid hours of the plan",
        format!("{:.1} ({:.2} FTE)", tot.plan.paid_hours, tot.plan.fte),
    ));
    if let Some(cost) = tot.plan.cost {
        cards.push(Card::plain(
            "staff cost of the plan (paid hours × wage)",
            amount(cost),
        ));
    }
    p.cards(&cards);
    p.note(&format!(
        "Targets: {}. Figures at the final staffing: mean ±half-width of the 95% interval. {} pass(es), {} staffings simulated, {} calls.",
        targets_text(r),
        r.passes,
        r.evaluations,
        r.simulated_calls
    ));
    p.raw("<h3>Warnings</h3>\n");
    p.warnings(&r.warnings);
    p.end();
    p.section("verdict", "Targets");
    p.verdict(v, &verdict_line(v));
    p.end();
    p.section("cost", "Cost");
    let mut rows = Vec::new();
    for (method, h) in [
        ("simulation (this plan)", Some(tot.simulation_agent_hours)),
        ("Erlang C", tot.erlang_c_agent_hours),
        ("Erlang A", tot.erlang_a_agent_hours),
    ] {
        let mut cells = vec![method.to_string(), hours(h)];
        if let Some(price) = price {
            cells.push(h.map_or("-".into(), |h| amount(h * price)));
        }
        rows.push(Row::plain("", cells));
    }
    let mut header = vec!["method".to_string(), "agent-hours".to_string()];
    if let Some(price) = price {
        header.push(format!(
            "cost of the agent-hours at {} (before shrinkage)",
            amount(price)
        ));
    }
    p.table(&header, &rows);
    p.para(&format!(
        "The plan to schedule: {:.1} agent-hours on the phones, {:.1} scheduled heads on average per interval at shrinkage {:.0}%, {:.1} paid hours, {:.2} FTE{}.",
        tot.plan.agent_hours,
        tot.plan.scheduled,
        100.0 * tot.shrinkage,
        tot.plan.paid_hours,
        tot.plan.fte,
        tot.plan
            .cost
            .map_or(String::new(), |c| format!(", cost {} (paid hours × wage)", amount(c)))
    ));
    if price.is_none() {
        p.para(&format!(
            "No price: group \"{}\" has no cost_per_agent_hour, so the plan is shown in agent-hours only (docs/money.md).",
            r.group
        ));
    }
    p.note("Agent-hours on the phones of the staffed group over the reported intervals; the Erlang columns count agents of standard speed over all groups together.");
    p.end();
    p.section("charts", "Charts");
    charts(&mut p, r)?;
    p.end();
    p.section("details", "Details");
    p.raw("<h3>Per interval</h3>\n");
    interval_table(&mut p, r);
    p.end();
    p.inputs(files);
    Ok(p.finish(&format!(
        "seed {}; {} staffings simulated.",
        r.seed, r.evaluations
    )))
}

fn targets_text(r: &StaffReport) -> String {
    let t = &r.targets;
    let mut s = format!(
        "service level at least {:.0}% within {} s",
        t.service_level * 100.0,
        t.threshold_seconds
    );
    if let Some(a) = t.max_abandon_rate {
        s.push_str(&format!(", abandonment at most {:.1}%", a * 100.0));
    }
    if let Some(a) = t.max_asa_seconds {
        s.push_str(&format!(", ASA at most {a} s"));
    }
    if !t.types.is_empty() {
        s.push_str("; every call type meets its own targets");
    }
    s
}

fn charts(p: &mut Page, r: &StaffReport) -> Result<(), String> {
    let spans = spans(&r.intervals);
    let missed: Vec<bool> = r
        .intervals
        .iter()
        .map(|i| i.status == "not_met" || i.status == "infeasible")
        .collect();
    let mut lines = vec![IntervalLine {
        label: format!("agents of \"{}\" (simulation)", r.group),
        values: r
            .intervals
            .iter()
            .map(|i| exact(Some(f64::from(i.agents))))
            .collect(),
        band: false,
        dashed: false,
    }];
    if r.intervals.iter().any(|i| i.other_agents > 0) {
        lines.push(IntervalLine {
            label: "all groups (simulation)".into(),
            values: r
                .intervals
                .iter()
                .map(|i| exact(Some(f64::from(i.agents + i.other_agents))))
                .collect(),
            band: false,
            dashed: false,
        });
    }
    lines.push(IntervalLine {
        label: "required: Erlang C".into(),
        values: r
            .intervals
            .iter()
            .map(|i| exact(i.erlang_c_agents.map(f64::from)))
            .collect(),
        band: false,
        dashed: true,
    });
    lines.push(IntervalLine {
        label: "required: Erlang A (with abandonment)".into(),
        values: r
            .intervals
            .iter()
            .map(|i| exact(i.erlang_a_agents.map(f64::from)))
            .collect(),
        band: false,
        dashed: true,
    });
    let chart = IntervalChart {
        title: "Staffing against the requirement",
        y_desc: "agents",
        percent: false,
        spans: &spans,
        lines: &lines,
        limit: None,
        missed: &missed,
    };
    p.chart("staffing", "Staffing against the requirement", &chart)?;
    let t = &r.targets;
    let lines = [IntervalLine {
        label: "service level (mean, 95% band)".into(),
        values: r.intervals.iter().map(|i| i.service_level).collect(),
        band: true,
        dashed: false,
    }];
    let y = format!("answered within {} s", t.threshold_seconds);
    let chart = IntervalChart {
        title: "Service level per interval at this staffing",
        y_desc: &y,
        percent: true,
        spans: &spans,
        lines: &lines,
        limit: Some((
            t.service_level,
            format!("target {:.0}%", t.service_level * 100.0),
        )),
        missed: &missed,
    };
    p.chart("service-level", "Service level per interval", &chart)?;
    let lines = [IntervalLine {
        label: "abandonment (mean, 95% band)".into(),
        values: r.intervals.iter().map(|i| i.abandon_rate).collect(),
        band: true,
        dashed: false,
    }];
    let chart = IntervalChart {
        title: "Abandonment per interval at this staffing",
        y_desc: "abandoned over offered",
        percent: true,
        spans: &spans,
        lines: &lines,
        limit: t
            .max_abandon_rate
            .map(|a| (a, format!("at most {:.1}%", a * 100.0))),
        missed: &missed,
    };
    p.chart("abandonment", "Abandonment per interval", &chart)
}

fn interval_table(p: &mut Page, r: &StaffReport) {
    let others = r.intervals.iter().any(|i| i.other_agents > 0);
    let mut header: Vec<String> = ["interval", "load (Erlangs)", "Erlang C", "Erlang A"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.push(format!("agents of \"{}\"", r.group));
    if others {
        header.push("other groups".into());
    }
    header.extend([
        "service level".into(),
        "ASA (s)".into(),
        "abandonment".into(),
        "status".into(),
    ]);
    let opt = |v: Option<u32>| v.map_or("-".into(), |v| v.to_string());
    let rows: Vec<Row> = r
        .intervals
        .iter()
        .map(|i| {
            let mut cells = vec![
                Cell::Text(format!(
                    "{}–{}{}",
                    i.start,
                    i.end,
                    if i.warmup { " (warm-up)" } else { "" }
                )),
                Cell::Text(format!("{:.1}", i.offered_load_erlangs)),
                Cell::Text(opt(i.erlang_c_agents)),
                Cell::Text(opt(i.erlang_a_agents)),
                Cell::Text(i.agents.to_string()),
            ];
            if others {
                cells.push(Cell::Text(i.other_agents.to_string()));
            }
            cells.extend([
                Cell::Text(pct(i.service_level)),
                Cell::Text(est(i.asa_seconds, 1.0, 1, "")),
                Cell::Text(pct(i.abandon_rate)),
            ]);
            let (class, cell) = match i.status {
                "met" => ("", Cell::Class("met", "met".into())),
                "warmup" => ("", Cell::Text("warm-up, not judged".into())),
                "infeasible" => ("miss", Cell::Class("miss", "cannot be met".into())),
                _ => ("miss", Cell::Class("miss", "missed".into())),
            };
            cells.push(cell);
            Row { class, cells }
        })
        .collect();
    p.table(&header, &rows);
}
