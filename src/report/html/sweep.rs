//! The page of `ccsim sweep --report FILE.html`: the cheapest alternative
//! meeting every target, how many alternatives meet them, what each costs,
//! the chart of the alternatives (cost against service level with the
//! frontier, or service level against the varied value when there are no
//! costs), the table of every grid point, and the inputs folded.

use super::{est, money, pct, Card, Cell, Page, Row};
use crate::plot::frontier::SweepChart;
use crate::sweep::{SweepPoint, SweepResult};

fn values(p: &SweepPoint) -> String {
    p.values
        .0
        .iter()
        .map(|(k, v)| {
            if k.ends_with('=') {
                format!("{k} {v}")
            } else {
                format!("{k} = {v}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn targets_text(r: &SweepResult) -> String {
    let mut s = format!("service level at least {:.0}%", 100.0 * r.target);
    if let Some(a) = r.max_abandon_rate {
        s.push_str(&format!(", abandonment at most {:.1}%", 100.0 * a));
    }
    if let Some(a) = r.max_asa_seconds {
        s.push_str(&format!(", ASA at most {a} s"));
    }
    if !r.types.is_empty() {
        s.push_str("; every call type meets its own targets");
    }
    s
}

/// Whether any point has a cost.
fn has_costs(r: &SweepResult) -> bool {
    r.points
        .iter()
        .any(|p| p.total_cost.mean.is_finite() && p.total_cost.mean != 0.0)
}

/// The page of a sweep: `files` holds `(title, text)` of the inputs.
pub fn render(r: &SweepResult, files: &[(String, String)]) -> Result<String, String> {
    let meta = format!(
        "{} alternatives · {} replications each on common random numbers · seed {} · varied: {}",
        r.points.len(),
        r.replications,
        r.seed,
        r.keys.join(", ")
    );
    let title = format!("Sweep: {}", r.scenario);
    let mut p = Page::new("sweep", &title, "", &meta);
    let meeting = r.points.iter().filter(|p| p.meets_targets).count();
    let costs = has_costs(r);
    p.section("summary", "Summary");
    match r.cheapest_meeting_targets.map(|i| &r.points[i]) {
        Some(best) => {
            let what = if costs {
                "cheapest"
            } else {
                "first in the grid (no costs to rank them)"
            };
            p.headline(
                "met",
                &format!(
                    "{meeting} of {} alternatives meet every target; the {what} one: {} (service level {}{}).",
                    r.points.len(),
                    values(best),
                    pct(best.service_level),
                    if costs {
                        format!(", cost per day {}", money(best.total_cost))
                    } else {
                        String::new()
                    }
                ),
            );
            let mut cards = vec![
                Card::plain("chosen alternative", values(best)),
                Card::judged("service level", pct(best.service_level), true),
                Card::plain("abandonment", pct(best.abandon_rate)),
                Card::plain("ASA", est(best.asa_seconds, 1.0, 1, " s")),
            ];
            if costs {
                cards.push(Card::plain("cost per day", money(best.total_cost)));
                cards.push(Card::plain(
                    "cost per handled call",
                    money(best.cost_per_handled_call),
                ));
            }
            p.cards(&cards);
        }
        None => p.headline(
            "missed",
            &format!(
                "None of the {} alternatives meets every target ({}); widen the range.",
                r.points.len(),
                targets_text(r)
            ),
        ),
    }
    p.note(&format!(
        "Targets: {}, judged on the means of the day. Figures: mean ±half-width of the 95% interval.",
        targets_text(r)
    ));
    p.raw("<h3>Warnings</h3>\n");
    p.warnings(&r.warnings);
    p.end();
    p.section("verdict", "Targets");
    p.headline(
        if meeting > 0 { "met" } else { "missed" },
        &format!(
            "{meeting} of {} alternatives meet every target ({}).",
            r.points.len(),
            targets_text(r)
        ),
    );
    let missing: Vec<String> = r
        .points
        .iter()
        .filter(|p| !p.meets_targets)
        .map(values)
        .collect();
    if !missing.is_empty() {
        p.para(&format!("Missing a target: {}.", missing.join(" · ")));
    }
    p.end();
    p.section("cost", "Cost");
    if costs {
        let mut rows: Vec<Row> = r
            .points
            .iter()
            .enumerate()
            .filter(|(i, p)| p.frontier || r.cheapest_meeting_targets == Some(*i))
            .map(|(i, p)| {
                Row::plain(
                    if r.cheapest_meeting_targets == Some(i) {
                        "best"
                    } else {
                        ""
                    },
                    vec![
                        values(p),
                        money(p.total_cost),
                        money(p.cost_per_handled_call),
                        pct(p.service_level),
                        if p.meets_targets { "met" } else { "missed" }.into(),
                    ],
                )
            })
            .collect();
        rows.sort_by(|a, b| a.class.cmp(b.class).reverse());
        p.para("The alternatives on the frontier (no other is both cheaper and better), the chosen one first:");
        p.table(
            &[
                "alternative".into(),
                "cost per day".into(),
                "cost per handled call".into(),
                "service level".into(),
                "targets".into(),
            ],
            &rows,
        );
        p.note("Cost per simulated day of all groups: staff plus contract charges, net of SLA penalties (docs/money.md).");
    } else {
        p.para("No costs: the scenario has no money keys (cost_per_agent_hour, a [groups.contract] or [economics]; see docs/money.md), so the alternatives are compared on service alone.");
    }
    p.end();
    p.section("charts", "Charts");
    let chart = SweepChart::of(r);
    let caption = if chart.has_costs() {
        "Cost against service level"
    } else {
        "Service level against the varied value"
    };
    p.chart("frontier", caption, &chart)?;
    p.end();
    p.section("details", "Details");
    p.raw("<h3>Every alternative</h3>\n");
    table(&mut p, r);
    p.end();
    p.inputs(files);
    Ok(p.finish(&format!(
        "seed {}; {} alternatives.",
        r.seed,
        r.points.len()
    )))
}

fn table(p: &mut Page, r: &SweepResult) {
    let costs = has_costs(r);
    let mut header: Vec<String> = r.keys.clone();
    header.extend(
        [
            "service level",
            "abandonment",
            "ASA (s)",
            "occupancy",
            "cost per day",
            "cost per handled call",
        ]
        .map(String::from),
    );
    let sla: Vec<String> = r
        .points
        .first()
        .map(|p| p.sla_met.0.iter().map(|(g, _)| g.clone()).collect())
        .unwrap_or_default();
    header.extend(sla.iter().map(|g| format!("P(SLA of {g} met)")));
    header.extend(r.types.0.iter().map(|(n, _)| format!("service level {n}")));
    header.extend(["on the frontier".into(), "targets".into()]);
    let rows: Vec<Row> = r
        .points
        .iter()
        .enumerate()
        .map(|(i, pt)| {
            let best = r.cheapest_meeting_targets == Some(i);
            let mut cells: Vec<Cell> = pt
                .values
                .0
                .iter()
                .map(|(_, v)| Cell::Text(format!("{v}")))
                .collect();
            cells.extend([
                Cell::Text(pct(pt.service_level)),
                Cell::Text(pct(pt.abandon_rate)),
                Cell::Text(est(pt.asa_seconds, 1.0, 1, "")),
                Cell::Text(pct(pt.occupancy)),
                Cell::Text(if costs {
                    money(pt.total_cost)
                } else {
                    "-".into()
                }),
                Cell::Text(if costs {
                    money(pt.cost_per_handled_call)
                } else {
                    "-".into()
                }),
            ]);
            cells.extend(pt.sla_met.0.iter().map(|(_, e)| Cell::Text(pct(*e))));
            cells.extend(pt.types.0.iter().map(|(_, f)| {
                if f.meets_targets {
                    Cell::Text(pct(f.service_level))
                } else {
                    Cell::Class("miss", pct(f.service_level))
                }
            }));
            cells.push(Cell::Text(if pt.frontier { "yes" } else { "" }.into()));
            cells.push(if best {
                Cell::Class("met", "met (chosen)".into())
            } else if pt.meets_targets {
                Cell::Class("met", "met".into())
            } else {
                Cell::Class("miss", "missed".into())
            });
            Row {
                class: if best {
                    "best"
                } else if pt.meets_targets {
                    ""
                } else {
                    "miss"
                },
                cells,
            }
        })
        .collect();
    p.table(&header, &rows);
}
