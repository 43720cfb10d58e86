//! The page of `ccsim breakeven --report FILE.html`: the price at which the
//! outsourcing partner costs the same as the in-house staffing that would
//! replace it, whether today's contract is cheaper, what each side costs a
//! day (a chart with the 95% intervals), every figure of the result with
//! a readable name, and the scenario file folded.
//!
//! The page reads the result through its JSON contract (the keys of
//! docs/money.md), so it shows every figure the result has: money figures
//! (keys naming a cost, charge, price, saving or break-even) in the cost
//! section, everything in the details.

use serde_json::{Map, Value};

use super::{amount, Card, Cell, Page, Row};
use crate::money::breakeven::{self, BreakevenReport};
use crate::plot::bars::BarChart;
use crate::stats::Estimate;

/// Readable name of a JSON key: `partner_cost_per_day` -> "partner cost per day".
fn readable(key: &str) -> String {
    key.replace("breakeven", "break-even")
        .replace("in_house", "in-house")
        .replace("asa", "ASA")
        .replace('_', " ")
}

/// An estimate object (`{"mean": .., "ci95": [..]}`), if `v` is one.
fn estimate(v: &Value) -> Option<Estimate> {
    let o = v.as_object()?;
    let mean = o.get("mean")?.as_f64().unwrap_or(f64::NAN);
    let ci = o.get("ci95")?.as_array()?;
    let b = |i: usize| ci.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    Some(Estimate {
        mean,
        ci95: [b(0), b(1)],
    })
}

/// Whether a key names a share (shown as a percentage).
fn is_share(key: &str) -> bool {
    key.contains("service_level") || key.contains("rate") || key.contains("occupancy")
}

/// Whether a key names money.
fn is_money(key: &str) -> bool {
    [
        "cost",
        "charge",
        "price",
        "saves",
        "saving",
        "breakeven",
        "per_line",
    ]
    .iter()
    .any(|w| key.contains(w))
}

/// A JSON value as text, in the unit its key names.
fn show(key: &str, v: &Value) -> String {
    if let Some(e) = estimate(v) {
        return if is_share(key) {
            super::pct(e)
        } else if is_money(key) {
            super::money(e)
        } else {
            super::est(e, 1.0, 2, "")
        };
    }
    match v {
        Value::Null => "-".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if n.is_i64() || n.is_u64() {
                n.to_string()
            } else if is_share(key) {
                format!("{:.1}%", 100.0 * x)
            } else if is_money(key) && key.contains("minute") {
                format!("{x:.4}")
            } else if is_money(key) {
                amount(x)
            } else {
                format!("{x:.2}")
            }
        }
        // A key named as a value ("abandon_rate") reads as words too.
        Value::String(s) if s.contains('_') && !s.contains(' ') => readable(s),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.iter().all(|x| !x.is_object()) => a
            .iter()
            .map(|x| show(key, x))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(a) => format!("{} rows (see below)", a.len()),
        Value::Object(_) => "(see below)".into(),
    }
}

/// Whether `v` fits in one cell: a scalar, an estimate or a list of scalars.
fn is_cell(v: &Value) -> bool {
    estimate(v).is_some()
        || !(v.is_object() || v.as_array().is_some_and(|a| a.iter().any(Value::is_object)))
}

/// Rows of `(name, value)` for the scalar fields of `o` that `keep` selects.
fn rows(o: &Map<String, Value>, keep: &dyn Fn(&str) -> bool) -> Vec<Row> {
    o.iter()
        .filter(|(k, v)| keep(k) && is_cell(v))
        .map(|(k, v)| {
            let text = show(k, v);
            let value = if text.chars().count() > 40 {
                Cell::Class("text", text)
            } else {
                Cell::Text(text)
            };
            Row {
                class: "",
                cells: vec![Cell::Text(readable(k)), value],
            }
        })
        .collect()
}

/// A table per list of objects (per interval, per price unit...) in `o`.
fn nested_tables(p: &mut Page, o: &Map<String, Value>) {
    for (k, v) in o {
        if let Some(obj) = v.as_object().filter(|_| estimate(v).is_none()) {
            p.raw(&format!("<h3>{}</h3>\n", super::escape(&readable(k))));
            let r = rows(obj, &|_| true);
            p.table(&["figure".into(), "value".into()], &r);
            nested_tables(p, obj);
            continue;
        }
        let Some(list) = v.as_array().filter(|a| a.iter().any(Value::is_object)) else {
            continue;
        };
        let Some(first) = list.iter().find_map(Value::as_object) else {
            continue;
        };
        let cols: Vec<&String> = first
            .iter()
            .filter(|(_, x)| is_cell(x))
            .map(|(c, _)| c)
            .collect();
        p.raw(&format!("<h3>{}</h3>\n", super::escape(&readable(k))));
        let body: Vec<Row> = list
            .iter()
            .filter_map(Value::as_object)
            .map(|row| {
                Row::plain(
                    "",
                    cols.iter()
                        .map(|c| row.get(*c).map_or("-".into(), |x| show(c, x)))
                        .collect(),
                )
            })
            .collect();
        p.table(&cols.iter().map(|c| readable(c)).collect::<Vec<_>>(), &body);
    }
}

/// The numbers behind the cost chart: the partner's cost per day and the
/// in-house cost of doing without it, under whichever keys the result has.
fn cost_bars(o: &Map<String, Value>, r: &BreakevenReport) -> Vec<(String, Estimate)> {
    let find = |pred: &dyn Fn(&str) -> bool| -> Option<Estimate> {
        o.iter().find(|(k, _)| pred(k)).and_then(|(_, v)| {
            estimate(v).or_else(|| {
                v.as_f64().map(|m| Estimate {
                    mean: m,
                    ci95: [f64::NAN, f64::NAN],
                })
            })
        })
    };
    let money = |k: &str| k.contains("cost") || k.contains("charge");
    let mut bars = Vec::new();
    if let Some(e) = find(&|k| k.starts_with("partner_") && money(k) && k.ends_with("per_day")) {
        bars.push((format!("\"{}\" today", r.partner), e));
    }
    if let Some(e) = find(&|k| {
        (k.contains("in_house") || k.starts_with("breakeven")) && money(k) && k.ends_with("per_day")
    }) {
        bars.push((format!("\"{}\" re-staffed to replace it", r.in_house), e));
    }
    bars
}

/// In-house agents per interval with the partner and re-staffed without
/// it, from the `intervals` list (when the result has one).
fn staffing_chart(p: &mut Page, o: &Map<String, Value>, r: &BreakevenReport) -> Result<(), String> {
    use crate::plot::interval::{exact, IntervalChart, IntervalLine};
    use crate::scenario::validate::parse_clock;
    let Some(list) = o.get("intervals").and_then(Value::as_array) else {
        return Ok(());
    };
    let rows: Vec<&Map<String, Value>> = list.iter().filter_map(Value::as_object).collect();
    let clock = |row: &Map<String, Value>, k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .and_then(|t| parse_clock(t, true))
            .map(|s| s / 3600.0)
    };
    let spans: Vec<(f64, f64)> = rows
        .iter()
        .map(|row| {
            let a = clock(row, "start").unwrap_or(0.0);
            let b = clock(row, "end").filter(|b| *b > a).unwrap_or(a + 0.5);
            (a, b)
        })
        .collect();
    let line = |key: &str, label: String, dashed: bool| IntervalLine {
        label,
        values: rows
            .iter()
            .map(|row| exact(row.get(key).and_then(Value::as_f64)))
            .collect(),
        band: false,
        dashed,
    };
    let lines: Vec<IntervalLine> = [
        (
            "in_house_agents",
            format!("\"{}\" with the partner", r.in_house),
            false,
        ),
        (
            "agents",
            format!("\"{}\" re-staffed without it", r.in_house),
            false,
        ),
        (
            "interpolated_agents",
            "re-staffed, interpolated".to_string(),
            true,
        ),
    ]
    .into_iter()
    .filter(|(k, _, _)| {
        rows.iter()
            .any(|row| row.get(*k).is_some_and(Value::is_number))
    })
    .map(|(k, label, dashed)| line(k, label, dashed))
    .collect();
    if lines.is_empty() || spans.is_empty() {
        return Ok(());
    }
    let chart = IntervalChart {
        title: "In-house agents with the partner and without it",
        y_desc: "agents",
        percent: false,
        spans: &spans,
        lines: &lines,
        limit: None,
        missed: &[],
    };
    p.chart("staffing", "Re-staffing without the partner", &chart)
}

/// The page of a break-even result: `files` holds `(title, text)` of the inputs.
pub fn render(r: &BreakevenReport, files: &[(String, String)]) -> Result<String, String> {
    let json = serde_json::to_value(r).map_err(|e| e.to_string())?;
    let empty = Map::new();
    let o = json.as_object().unwrap_or(&empty);
    let meta = format!(
        "partner \"{}\" against in-house \"{}\" · {} replications on common random numbers · seed {}",
        r.partner, r.in_house, r.replications, r.seed
    );
    let title = format!("Break-even of \"{}\": {}", r.partner, r.scenario);
    let mut p = Page::new("breakeven", &title, "", &meta);
    let text = breakeven::render(r);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let _heading = lines.next();
    let saves = o
        .iter()
        .find(|(k, _)| k.contains("saves"))
        .and_then(|(_, v)| estimate(v).map(|e| e.mean).or_else(|| v.as_f64()));
    p.section("summary", "Summary");
    let verdict = match saves {
        Some(s) if s >= 0.0 => (
            "met",
            format!(
                "Keep the partner: it is cheaper than the in-house staffing that would replace it by {} a day.",
                amount(s)
            ),
        ),
        Some(s) => (
            "missed",
            format!(
                "The partner costs more than the in-house staffing that would replace it, by {} a day.",
                amount(-s)
            ),
        ),
        None => ("neutral", "The break-even of the partner.".to_string()),
    };
    p.headline(verdict.0, &verdict.1);
    let prices: Vec<Card> = o
        .iter()
        .flat_map(
            |(k, v)| match v.as_object().filter(|_| estimate(v).is_none()) {
                Some(inner) => inner
                    .iter()
                    .map(|(i, x)| (format!("{k} {i}"), x))
                    .collect::<Vec<_>>(),
                None => vec![(k.clone(), v)],
            },
        )
        .filter(|(k, v)| k.starts_with("breakeven") && !v.is_null() && is_cell(v))
        .map(|(k, v)| Card::plain(readable(&k), show(&k, v)))
        .collect();
    p.cards(&prices);
    p.raw("<h3>In words</h3>\n");
    for l in lines {
        p.para(l.trim());
    }
    p.end();
    p.section("verdict", "Verdict");
    p.headline(verdict.0, &verdict.1);
    let service: Vec<Row> = rows(o, &|k| is_share(k));
    if !service.is_empty() {
        p.para("The service both ways (the staffing without the partner is searched to give the same service):");
        p.table(&["figure".into(), "value".into()], &service);
    }
    p.end();
    p.section("cost", "Cost");
    let mut money_rows = rows(o, &|k| is_money(k));
    for (k, v) in o {
        if let Some(inner) = v
            .as_object()
            .filter(|_| estimate(v).is_none() && is_money(k))
        {
            for mut row in rows(inner, &|_| true) {
                if let Some(Cell::Text(name)) = row.cells.first_mut() {
                    *name = format!("{}: {name}", readable(k));
                }
                money_rows.push(row);
            }
        }
    }
    p.table(&["figure".into(), "value".into()], &money_rows);
    p.note("A charge is what a contract bills in total, a price is per unit (per line, per handled call or minute); docs/money.md.");
    p.end();
    p.section("charts", "Charts");
    let bars = cost_bars(o, r);
    if !bars.is_empty() {
        let chart = BarChart {
            title: "Cost per day: the partner against in-house staff (95% intervals)",
            x_desc: "cost per day",
            bars: &bars,
        };
        p.chart("costs", "Cost per day, both ways", &chart)?;
    }
    staffing_chart(&mut p, o, r)?;
    p.end();
    p.section("details", "Details");
    p.raw("<h3>Every figure</h3>\n");
    let all = rows(o, &|_| true);
    p.table(&["figure".into(), "value".into()], &all);
    nested_tables(&mut p, o);
    p.end();
    p.inputs(files);
    Ok(p.finish(&format!("seed {}.", r.seed)))
}
