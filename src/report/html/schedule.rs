//! The page of `ccsim schedule --report FILE.html`: whether the schedule
//! meets the scenario's targets in simulation (when it was checked), its
//! paid hours, FTE and cost, the solver's gap to the LP bound, the coverage
//! chart (required, scheduled and on the phones per interval), the shifts,
//! the coverage and check tables, and the inputs folded.

use super::{amount, pct, Card, Cell, Page, Row};
use crate::schedule::render::ScheduleReport;

/// The page: `chart_svg` is the coverage chart (SVG text), `files` the
/// inputs shown at the end as `(title, text)`.
pub fn render(r: &ScheduleReport, chart_svg: &str, files: &[(String, String)]) -> String {
    let s = &r.schedule;
    let meta = format!(
        "{} day(s) of {}-minute intervals · objective: least {} · {} candidate shifts",
        s.days,
        s.interval_minutes,
        s.solver.objective_kind.replace('_', " "),
        s.solver.candidates
    );
    let mut p = Page::new("schedule", "Shift schedule", "", &meta);
    p.section("summary", "Summary");
    match &r.check {
        Some(c) => {
            let missed = c.intervals.iter().filter(|i| !i.meets).count();
            let n = c.intervals.len();
            let line = match c.verdict {
                "met" => format!(
                    "The schedule meets the scenario's targets in simulation in every one of the {n} intervals ({} replications, after {} round(s) of the check).",
                    c.replications,
                    c.rounds.len()
                ),
                "no_shift_helps" => format!(
                    "The schedule misses a target in {missed} of {n} intervals in simulation, where no shift the rules allow helps: {}.",
                    c.no_shift_helps.join(", ")
                ),
                _ => format!(
                    "The schedule still misses a target in {missed} of {n} intervals after {} round(s) of the check (raise --max-rounds).",
                    c.rounds.len()
                ),
            };
            p.headline(if c.verdict == "met" { "met" } else { "missed" }, &line);
        }
        None => p.headline(
            "",
            "The schedule covers the requirement interval by interval; it was not simulated (give --scenario for the check).",
        ),
    }
    let t = &s.totals;
    let mut cards = vec![
        Card::plain("paid agent-hours", format!("{:.1}", t.paid_hours)),
        Card::plain("FTE", format!("{:.2}", t.fte)),
        Card::plain("shifts worked", t.shifts_worked.to_string()),
        Card::plain(
            "gap to the LP bound",
            format!(
                "{:.2}%{}",
                100.0 * s.solver.gap,
                if s.solver.proven_optimal {
                    " (optimal)"
                } else {
                    ""
                }
            ),
        ),
        Card::plain(
            "agent-hours above / below the requirement",
            format!(
                "{:.1} / {:.1}",
                t.over_coverage_hours, t.under_coverage_hours
            ),
        ),
    ];
    if let Some(c) = t.cost {
        cards.insert(1, Card::plain("cost of the schedule", amount(c)));
    }
    p.cards(&cards);
    p.end();
    p.section("verdict", "Targets");
    match &r.check {
        Some(c) => {
            let missed: Vec<String> = c
                .intervals
                .iter()
                .filter(|i| !i.meets)
                .map(|i| {
                    format!(
                        "day {} {}: service level {}, abandonment {}",
                        i.day,
                        i.interval,
                        pct(i.service_level),
                        pct(i.abandon_rate)
                    )
                })
                .collect();
            if missed.is_empty() {
                p.para("Every interval meets the scenario's targets in simulation (judged on the mean).");
            } else {
                p.para(&format!(
                    "Intervals missing a target: {}.",
                    missed.join("; ")
                ));
            }
        }
        None => p.para("Not judged: the schedule was not simulated (give --scenario)."),
    }
    p.end();
    p.section("cost", "Cost");
    p.para(&match t.cost {
        Some(c) => format!(
            "{:.1} paid agent-hours ({:.2} FTE) cost {} (paid hours times the wage, plus shift costs).",
            t.paid_hours,
            t.fte,
            amount(c)
        ),
        None => format!(
            "{:.1} paid agent-hours ({:.2} FTE); no wage is given, so no cost.",
            t.paid_hours, t.fte
        ),
    });
    p.end();
    p.section("charts", "Charts");
    p.svg_figure(
        "coverage",
        "Coverage: agents required, scheduled and on the phones per interval",
        chart_svg,
    );
    p.end();
    p.section("details", "Details");
    let days = s.days;
    let mut header: Vec<String> = ["shift", "start", "end", "paid span", "paid hours", "breaks"]
        .iter()
        .map(|x| x.to_string())
        .collect();
    if days == 1 {
        header.push("agents".into());
    } else {
        header.extend((1..=days).map(|d| format!("agents day {d}")));
    }
    let rows: Vec<Row> = s
        .shifts
        .iter()
        .map(|x| {
            let mut cells = vec![
                x.shift.to_string(),
                x.start.clone(),
                x.end.clone(),
                x.length.clone(),
                format!("{:.2}", x.paid_hours),
                x.breaks.clone(),
            ];
            cells.extend(x.counts.iter().map(|c| c.to_string()));
            Row::plain("", cells)
        })
        .collect();
    p.para("Shifts: how many agents start each shift.");
    p.table(&header, &rows);
    match &r.check {
        Some(c) => {
            let header: Vec<String> = [
                "day",
                "interval",
                "required",
                "on shift",
                "on break",
                "on the phones",
                "service level",
                "abandonment",
                "overtime min",
                "targets",
            ]
            .iter()
            .map(|x| x.to_string())
            .collect();
            let rows: Vec<Row> = c
                .intervals
                .iter()
                .map(|i| Row {
                    class: if i.meets { "" } else { "miss" },
                    cells: vec![
                        Cell::Text(i.day.to_string()),
                        Cell::Text(i.interval.clone()),
                        Cell::Text(format!("{:.1}", i.required)),
                        Cell::Text(format!("{:.1}", i.on_shift)),
                        Cell::Text(format!("{:.1}", i.on_break)),
                        Cell::Text(format!("{:.1}", i.on_phones)),
                        Cell::Text(pct(i.service_level)),
                        Cell::Text(pct(i.abandon_rate)),
                        Cell::Text(format!("{:.1}", i.overtime_minutes)),
                        if i.meets {
                            Cell::Class("met", "met".into())
                        } else {
                            Cell::Class("miss", "missed".into())
                        },
                    ],
                })
                .collect();
            p.para("The schedule in simulation, per interval (means over replications, 95% intervals).");
            p.table(&header, &rows);
            let rounds: Vec<Row> = c
                .rounds
                .iter()
                .enumerate()
                .map(|(k, x)| {
                    Row::plain(
                        "",
                        vec![
                            (k + 1).to_string(),
                            if x.missed.is_empty() {
                                "none".into()
                            } else {
                                x.missed.join(", ")
                            },
                            if x.moved.is_empty() {
                                "none".into()
                            } else {
                                x.moved.join("; ")
                            },
                            if x.added.is_empty() {
                                "none".into()
                            } else {
                                x.added.join(", ")
                            },
                        ],
                    )
                })
                .collect();
            p.para("Rounds of the check: intervals missing a target, the breaks moved out of them, and the agents added.");
            p.table_with(
                "left",
                &[
                    "round".into(),
                    "intervals missed".into(),
                    "breaks moved".into(),
                    "agents added".into(),
                ],
                &rounds,
            );
        }
        None => {
            let header: Vec<String> = ["day", "interval", "required", "scheduled", "on the phones"]
                .iter()
                .map(|x| x.to_string())
                .collect();
            let rows: Vec<Row> = s
                .coverage
                .iter()
                .map(|c| {
                    Row::plain(
                        if c.on_phones + 1e-9 < c.required {
                            "miss"
                        } else {
                            ""
                        },
                        vec![
                            c.day.to_string(),
                            c.interval.clone(),
                            format!("{:.1}", c.required),
                            format!("{:.1}", c.scheduled),
                            format!("{:.1}", c.on_phones),
                        ],
                    )
                })
                .collect();
            p.para("Coverage per interval.");
            p.table(&header, &rows);
        }
    }
    p.end();
    p.inputs(files);
    p.finish("ccsim schedule")
}
