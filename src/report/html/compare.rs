//! The page of `ccsim compare A.toml B.toml [...] --report FILE.html`:
//! which plan meets its targets and what each costs (with the paired
//! differences to the first, on common random numbers), then the overlaid
//! charts (waits, the day, abandonment per interval, agents per interval,
//! satisfaction), the side-by-side table, and the scenario files folded.

use super::{amount, est, money, pct, Card, Cell, Page, Row};
use crate::compare::{Comparison, DayFigure, Difference, FigureComparison, Run, Unit};
use crate::plot::interval::{exact, IntervalChart, IntervalLine};
use crate::plot::{self, Series};

/// Column letter of scenario `i` (A, B, ..., Z, then 27, 28...).
fn letter(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        (i + 1).to_string()
    }
}

fn show(u: Unit, e: crate::stats::Estimate) -> String {
    match u {
        Unit::Count => est(e, 1.0, 1, ""),
        Unit::Percent => pct(e),
        Unit::Seconds => est(e, 1.0, 1, " s"),
        Unit::Score => est(e, 1.0, 3, ""),
        Unit::Money | Unit::Price => money(e),
    }
}

/// A paired difference as "+1.2 pts ±0.4" (a dash when undefined).
fn show_diff(u: Unit, d: &Difference) -> String {
    if d.mean.is_nan() {
        return "-".into();
    }
    let hw = 0.5 * (d.ci95[1] - d.ci95[0]);
    let sign = if d.mean >= 0.0 { "+" } else { "" };
    let (v, h) = match u {
        Unit::Count => (format!("{:.1}", d.mean), format!("{hw:.1}")),
        Unit::Percent => (
            format!("{:.2} pts", d.mean * 100.0),
            format!("{:.2}", hw * 100.0),
        ),
        Unit::Seconds => (format!("{:.1} s", d.mean), format!("{hw:.1}")),
        Unit::Score => (format!("{:.3}", d.mean), format!("{hw:.3}")),
        Unit::Money | Unit::Price => (amount(d.mean), amount(hw)),
    };
    if hw.is_finite() {
        format!("{sign}{v} ±{h}")
    } else {
        format!("{sign}{v}")
    }
}

/// The page of a comparison: `cmp` and its `runs` in argument order,
/// `files` each scenario's `(file name, text)`.
pub fn render(
    cmp: &Comparison,
    runs: &[Run],
    files: &[(String, String)],
) -> Result<String, String> {
    let title = format!("Comparison: {}", cmp.scenarios.join(" vs "));
    let meta = format!(
        "{} replications · seed {} for every scenario · {}",
        cmp.replications, cmp.seed, cmp.confidence
    );
    let mut p = Page::new("compare", &title, "", &meta);
    summary(&mut p, cmp);
    p.section("verdict", "Targets");
    for (i, (v, label)) in cmp.targets.iter().zip(&cmp.scenarios).enumerate() {
        p.raw(&format!(
            "<h3>{}: {}</h3>\n",
            letter(i),
            super::escape(label)
        ));
        p.verdict(v, &super::verdict_line(v, label));
    }
    p.end();
    p.section("cost", "Cost");
    cost_section(&mut p, cmp);
    p.end();
    p.section("charts", "Charts");
    charts(&mut p, cmp, runs)?;
    p.end();
    p.section("details", "Details");
    p.note("Each figure: mean ±half-width of its 95% confidence interval; differences are paired per replication against A on common random numbers; a difference in bold is significant (its 95% interval excludes 0).");
    details(&mut p, cmp);
    p.raw("<h3>Warnings</h3>\n");
    p.warnings(&cmp.warnings);
    p.end();
    let inputs: Vec<(String, String)> = files
        .iter()
        .enumerate()
        .map(|(i, (name, text))| (format!("Scenario file {}: {name}", letter(i)), text.clone()))
        .collect();
    p.inputs(&inputs);
    Ok(p.finish(&format!(
        "seed {}; {} replications per scenario.",
        cmp.seed, cmp.replications
    )))
}

fn summary(p: &mut Page, cmp: &Comparison) {
    p.section("summary", "Summary");
    let met: Vec<&str> = cmp
        .targets
        .iter()
        .zip(&cmp.scenarios)
        .filter(|(v, _)| v.met)
        .map(|(_, s)| s.as_str())
        .collect();
    let missed: Vec<String> = cmp
        .targets
        .iter()
        .zip(&cmp.scenarios)
        .filter(|(v, _)| !v.met)
        .map(|(v, s)| {
            format!(
                "{s} misses in {} of {} intervals",
                v.intervals_missed, v.intervals_judged
            )
        })
        .collect();
    let mut line = String::new();
    if !met.is_empty() {
        line.push_str(&format!("Meets every target: {}. ", met.join(", ")));
    }
    if !missed.is_empty() {
        line.push_str(&format!("Misses: {}. ", missed.join("; ")));
    }
    if let Some(k) = &cmp.costs {
        let cheapest = k
            .cost_per_day
            .values
            .iter()
            .enumerate()
            .filter(|(_, e)| e.mean.is_finite())
            .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean))
            .map(|(i, _)| i);
        if let Some(i) = cheapest {
            line.push_str(&format!(
                "Cheapest per day: {} ({}).",
                cmp.scenarios[i],
                money(k.cost_per_day.values[i])
            ));
        }
    }
    let class = if missed.is_empty() {
        "met"
    } else if met.is_empty() {
        "missed"
    } else {
        "neutral"
    };
    p.headline(class, line.trim());
    for (i, label) in cmp.scenarios.iter().enumerate() {
        let v = &cmp.targets[i];
        let mut cards = vec![
            Card::judged(
                "targets",
                if v.met {
                    "all met".to_string()
                } else {
                    format!("missed {}/{}", v.intervals_missed, v.intervals_judged)
                },
                v.met,
            ),
            Card::plain(
                "service level",
                pct(cmp.figure(DayFigure::ServiceLevel).values[i]),
            ),
            Card::plain(
                "abandonment",
                pct(cmp.figure(DayFigure::AbandonRate).values[i]),
            ),
        ];
        if let Some(k) = &cmp.costs {
            cards.push(Card::plain("cost per day", money(k.cost_per_day.values[i])));
            cards.push(Card::plain(
                "cost per handled call",
                money(k.cost_per_handled_call.values[i]),
            ));
        }
        if i > 0 {
            if let Some(Some(d)) = cmp.figure(DayFigure::ServiceLevel).differences.get(i) {
                cards.push(Card::plain(
                    "service level vs A",
                    show_diff(Unit::Percent, d),
                ));
            }
            if let Some(Some(d)) = cmp
                .costs
                .as_ref()
                .and_then(|k| k.cost_per_day.differences.get(i))
            {
                cards.push(Card::plain("cost per day vs A", show_diff(Unit::Money, d)));
            }
        }
        p.raw(&format!(
            "<h3>{}: {}</h3>\n",
            letter(i),
            super::escape(label)
        ));
        p.cards(&cards);
    }
    p.end();
}

fn comparison_rows(label: &str, u: Unit, fc: &FigureComparison) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(label.to_string())];
    for (i, v) in fc.values.iter().enumerate() {
        cells.push(Cell::Text(show(u, *v)));
        if let Some(Some(d)) = fc.differences.get(i) {
            cells.push(if d.significant {
                Cell::Class("sig", show_diff(u, d))
            } else {
                Cell::Text(show_diff(u, d))
            });
        }
    }
    cells
}

fn header(cmp: &Comparison) -> Vec<String> {
    let mut h = vec!["figure".to_string()];
    for (i, s) in cmp.scenarios.iter().enumerate() {
        h.push(format!("{}: {s}", letter(i)));
        if i > 0 {
            h.push(format!("{} − A", letter(i)));
        }
    }
    h
}

fn cost_section(p: &mut Page, cmp: &Comparison) {
    let Some(k) = &cmp.costs else {
        p.para("No costs: not every scenario has money keys (cost_per_agent_hour, a [groups.contract] or [economics]; see docs/money.md).");
        return;
    };
    let rows = vec![
        Row {
            class: "",
            cells: comparison_rows("cost per day", Unit::Money, &k.cost_per_day),
        },
        Row {
            class: "",
            cells: comparison_rows(
                "cost per handled call",
                Unit::Money,
                &k.cost_per_handled_call,
            ),
        },
    ];
    p.table(&header(cmp), &rows);
    p.note(&format!(
        "Costs per day of all groups (staff plus contract charges, net of SLA penalties), paired per accounting block of {} day(s); see docs/compare.md.",
        k.block_days
    ));
}

fn details(p: &mut Page, cmp: &Comparison) {
    let mut rows = Vec::new();
    for f in DayFigure::ALL {
        let fc = cmp.figure(f);
        let silent = f.unit() == Unit::Money && fc.values.iter().all(|v| v.mean == 0.0);
        if !silent {
            rows.push(Row {
                class: "",
                cells: comparison_rows(f.label(), f.unit(), fc),
            });
        }
    }
    for (name, fc) in &cmp.occupancy.0 {
        rows.push(Row {
            class: "",
            cells: comparison_rows(&format!("occupancy {name}"), Unit::Percent, fc),
        });
    }
    let mut verdict = vec![Cell::Text("targets".into())];
    for (i, v) in cmp.targets.iter().enumerate() {
        verdict.push(if v.met {
            Cell::Class("met", "met".into())
        } else {
            Cell::Class(
                "miss",
                format!("missed {}/{}", v.intervals_missed, v.intervals_judged),
            )
        });
        if i > 0 {
            verdict.push(Cell::Text(String::new()));
        }
    }
    rows.push(Row {
        class: "total",
        cells: verdict,
    });
    p.table(&header(cmp), &rows);
}

fn charts(p: &mut Page, cmp: &Comparison, runs: &[Run]) -> Result<(), String> {
    let series: Vec<Series> = runs
        .iter()
        .zip(&cmp.scenarios)
        .map(|(run, label)| Series {
            label,
            report: &run.report,
            waits: &run.sim.waits,
        })
        .collect();
    let overlay = series.len() > 1;
    for (stem, chart) in plot::charts_of(&series, overlay) {
        let caption = match stem {
            "wait-distribution" => "Waiting time",
            "day" => "The day",
            "queue-occupancy" => "Queue and occupancy",
            "satisfaction" => "Customer satisfaction (a model)",
            _ => "Chart",
        };
        p.chart(stem, caption, &chart)?;
    }
    let Some(first) = runs.first() else {
        return Ok(());
    };
    let day = super::run::first_day(&first.report);
    let spans: Vec<(f64, f64)> = plot::spans(&first.report)[day.clone()].to_vec();
    let n = day.len();
    let per_interval = |f: &dyn Fn(&crate::report::IntervalReport) -> crate::stats::Estimate| {
        runs.iter()
            .zip(&cmp.scenarios)
            .map(|(r, label)| IntervalLine {
                label: label.clone(),
                values: r.report.intervals.iter().take(n).map(f).collect(),
                band: true,
                dashed: false,
            })
            .collect::<Vec<_>>()
    };
    let lines = per_interval(&|i| i.figures.abandon_rate);
    let chart = IntervalChart {
        title: "Abandonment per interval (95% bands)",
        y_desc: "abandoned over offered",
        percent: true,
        spans: &spans,
        lines: &lines,
        limit: None,
        missed: &[],
    };
    p.chart("abandonment", "Abandonment per interval", &chart)?;
    let mut lines = per_interval(&|i| {
        exact(Some(
            i.agents.0.iter().map(|(_, a)| f64::from(*a)).sum::<f64>(),
        ))
    });
    for l in &mut lines {
        l.band = false;
    }
    let chart = IntervalChart {
        title: "Agents scheduled per interval (all groups)",
        y_desc: "agents",
        percent: false,
        spans: &spans,
        lines: &lines,
        limit: None,
        missed: &[],
    };
    p.chart("staffing", "Staffing per interval", &chart)
}
