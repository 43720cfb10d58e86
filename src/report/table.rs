//! The readable table `ccsim run` prints: one row per interval and one for
//! the horizon, every simulated figure as "mean ±half-width" of its 95%
//! confidence interval, then the warnings.

use super::{Figures, RunReport, TypeReport};
use crate::stats::Estimate;

fn count(e: Estimate) -> String {
    with_ci(e, 1.0, 1, "")
}

fn pct(e: Estimate) -> String {
    with_ci(e, 100.0, 1, "%")
}

fn secs(e: Estimate) -> String {
    with_ci(e, 1.0, 1, "")
}

/// "mean ±half-width" of an estimate scaled by `scale` with `digits`
/// decimals and a unit; "-" where it is undefined.
pub fn with_ci(e: Estimate, scale: f64, digits: usize, unit: &str) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    let hw = e.half_width() * scale;
    if hw.is_nan() {
        format!("{:.*}{unit}", digits, e.mean * scale)
    } else {
        format!("{:.*}{unit} ±{:.*}", digits, e.mean * scale, digits, hw)
    }
}

fn row(label: &str, agents: &str, f: &Figures) -> Vec<String> {
    let mut cells = vec![
        label.to_string(),
        agents.to_string(),
        count(f.offered),
        count(f.answered),
        count(f.abandoned),
        count(f.blocked),
        pct(f.service_level),
        secs(f.asa_seconds),
        pct(f.abandon_rate),
    ];
    cells.extend(f.groups.0.iter().map(|(_, g)| pct(g.occupancy)));
    cells
}

/// The table as text: one row per interval, or for a multi-day horizon one
/// row per day (see [`render_detail`]).
pub fn render(r: &RunReport) -> String {
    render_detail(r, r.days.is_empty())
}

/// The table as text; `intervals`: a row per interval (labelled with the
/// day on a multi-day horizon) besides the per-day summary.
pub fn render_detail(r: &RunReport, intervals: bool) -> String {
    let mut header: Vec<String> = [
        "interval",
        "agents",
        "offered",
        "answered",
        "abandoned",
        "blocked",
        "SL",
        "ASA s",
        "abandon",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(
        r.total
            .groups
            .0
            .iter()
            .map(|(name, _)| format!("occ {name}")),
    );
    let mut rows = vec![header];
    for i in r.intervals.iter().filter(|_| intervals) {
        let agents = i
            .agents
            .0
            .iter()
            .map(|(_, a)| a.to_string())
            .collect::<Vec<_>>()
            .join("+");
        let label = match (&i.weekday, i.day) {
            (Some(w), Some(d)) => format!("{w} {d} {}", i.start),
            _ => i.start.clone(),
        };
        rows.push(row(&label, &agents, &i.figures));
    }
    let total = if r.days.is_empty() { "day" } else { "horizon" };
    rows.push(row(total, "", &r.total));
    if let Some(s) = &r.satisfaction {
        rows[0].push("CSAT".into());
        let scopes = s.intervals.iter().map(|i| &i.figures).chain([&s.total]);
        for (cells, f) in rows[1..].iter_mut().zip(scopes) {
            cells.push(pct(f.csat));
        }
    }
    rows[0].push("status".into());
    let statuses = r
        .intervals
        .iter()
        .filter(|_| intervals)
        .map(|i| i.status)
        .chain([if r.targets.horizon.met {
            "met"
        } else {
            "missed"
        }]);
    for (cells, st) in rows[1..].iter_mut().zip(statuses) {
        cells.push(if st == "met" {
            "met".into()
        } else {
            "MISSED".into()
        });
    }
    let mut out = format!(
        "{} — {} replications, seed {}; service level: {}\nEach figure: mean ±half-width of its 95% confidence interval across replications.\n\n",
        r.scenario, r.replications, r.seed, r.service_level_definition
    );
    if intervals {
        out.push_str(&grid(&rows));
    }
    if !r.days.is_empty() {
        if intervals {
            out.push('\n');
        }
        out.push_str(&day_table(r));
    }
    let t = &r.total;
    let scope = if r.days.is_empty() { "Day" } else { "Horizon" };
    out.push_str(&format!(
        "\n{scope}: mean wait {} s, 90% of answered calls wait at most {} s, mean queue {}, largest queue {}, AHT {} s; target {:.0}% within {} s.\n",
        secs(t.mean_wait_seconds),
        secs(t.wait_p90_seconds),
        count(t.mean_queue_length),
        count(t.max_queue_length),
        secs(t.aht_seconds),
        r.target * 100.0,
        r.threshold_seconds
    ));
    if let Some(staffing) = &r.staffing {
        for (name, g) in &staffing.0 {
            out.push_str(&format!(
                "Staffing {name}: {:.1} scheduled on average, {} on the phones; {:.1} paid hours, {:.2} FTE{}.\n",
                g.scheduled,
                with_ci(g.on_phones, 1.0, 1, ""),
                g.paid_hours,
                g.fte,
                g.cost.map(|c| format!(", paid cost {c:.2}")).unwrap_or_default()
            ));
        }
    }
    if let Some(shifts) = &r.total.shifts {
        for (name, g) in &shifts.0 {
            out.push_str(&format!(
                "Shifts {name}: {} on shift, {} on a break, {} on the phones on average; breaks started {} min late on average (the call in hand first); overtime {} agent-minutes.\n",
                count(g.on_shift),
                count(g.on_break),
                count(g.on_phones),
                with_ci(g.break_delay_minutes, 1.0, 2, ""),
                count(g.overtime_minutes),
            ));
        }
    }
    out.push_str(&targets_lines(&r.targets));
    for (name, ty) in &r.types.0 {
        out.push_str(&type_block(name, ty));
    }
    if let Some(s) = &r.satisfaction {
        out.push_str(&satisfaction_lines(s));
    }
    if let Some(c) = &r.costs {
        out.push_str(&crate::money::table::render(c));
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// One row per day of a multi-day horizon and one for the horizon, narrow
/// enough for 100 columns with a group or two.
fn day_table(r: &RunReport) -> String {
    let mut header: Vec<String> = ["day", "offered", "answered", "SL", "ASA s", "abandon"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(
        r.total
            .groups
            .0
            .iter()
            .map(|(name, _)| format!("occ {name}")),
    );
    let day_row = |label: String, f: &Figures| {
        let mut cells = vec![
            label,
            count(f.offered),
            count(f.answered),
            pct(f.service_level),
            secs(f.asa_seconds),
            pct(f.abandon_rate),
        ];
        cells.extend(f.groups.0.iter().map(|(_, g)| pct(g.occupancy)));
        cells
    };
    let mut rows = vec![header];
    for d in &r.days {
        rows.push(day_row(format!("{} {}", d.weekday, d.day), &d.figures));
    }
    rows.push(day_row("horizon".into(), &r.total));
    // The opening hours: one window, or each distinct one with its weekdays.
    let mut hours: Vec<(String, Vec<&str>)> = Vec::new();
    for d in &r.days {
        let window = format!("{}-{}", d.start, d.end);
        match hours.iter_mut().find(|(w, _)| *w == window) {
            Some((_, days)) if !days.contains(&d.weekday.as_str()) => days.push(&d.weekday),
            Some(_) => {}
            None => hours.push((window, vec![&d.weekday])),
        }
    }
    let hours = if hours.len() == 1 {
        hours[0].0.clone()
    } else {
        hours
            .iter()
            .map(|(w, days)| format!("{} {w}", days.join(",")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!(
        "Per day ({hours}; --intervals for every interval):\n{}",
        grid(&rows)
    )
}

/// The verdict: one summary line, then each missed interval with its
/// misses (the first 48; the JSON `targets.missed` lists them all).
pub fn targets_lines(v: &super::verdict::TargetsVerdict) -> String {
    const SHOWN: usize = 48;
    let mut out = format!("{}\n", v.summary());
    for m in v.missed.iter().take(SHOWN) {
        let misses: Vec<String> = m.misses.iter().map(|x| x.text()).collect();
        out.push_str(&format!(
            "  missed {}-{}: {}\n",
            m.label(),
            m.end,
            misses.join("; ")
        ));
    }
    if v.missed.len() > SHOWN {
        out.push_str(&format!(
            "  ... and {} more missed interval(s) (see --json, targets.missed)\n",
            v.missed.len() - SHOWN
        ));
    }
    out
}

/// The block of one call type: its rows with calls handled per group
/// instead of occupancy.
fn type_block(name: &str, ty: &TypeReport) -> String {
    let mut header: Vec<String> = [
        "interval",
        "offered",
        "answered",
        "abandoned",
        "blocked",
        "SL",
        "ASA s",
        "abandon",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(
        ty.total
            .groups
            .0
            .iter()
            .map(|(g, _)| format!("handled {g}")),
    );
    let type_row = |label: &str, f: &Figures| {
        let mut cells = row(label, "", f);
        cells.remove(1);
        let n = f.groups.0.len();
        cells.truncate(cells.len() - n);
        cells.extend(f.groups.0.iter().map(|(_, g)| count(g.handled)));
        cells
    };
    let mut rows = vec![header];
    for i in &ty.intervals {
        rows.push(type_row(&i.start, &i.figures));
    }
    rows.push(type_row("day", &ty.total));
    let t = &ty.total;
    format!(
        "\nCall type \"{name}\" (priority {}; target {:.0}% within {} s):\n{}\nDay: mean wait {} s, 90% of answered calls wait at most {} s, mean queue {}, largest queue {}, AHT {} s.\n",
        ty.priority,
        ty.target * 100.0,
        ty.threshold_seconds,
        grid(&rows),
        secs(t.mean_wait_seconds),
        secs(t.wait_p90_seconds),
        count(t.mean_queue_length),
        count(t.max_queue_length),
        secs(t.aht_seconds),
    )
}

/// Aligned columns, with a rule above the last row (the day).
fn grid(rows: &[Vec<String>]) -> String {
    let (head, last) = rows.split_at(rows.len().saturating_sub(1));
    let mut text = align(rows);
    if !last.is_empty() {
        // The rule goes before the last line, as wide as the widest line.
        let lines: Vec<&str> = text.lines().collect();
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let mut out = lines[..head.len()].join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&"-".repeat(width));
        out.push('\n');
        out.push_str(lines[head.len()]);
        out.push('\n');
        text = out;
    }
    text
}

/// Aligns a table: first column left, the others right, two spaces apart
/// (rows may be ragged; missing cells are blank).
pub fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The day's satisfaction in two sentences.
fn satisfaction_lines(s: &super::satisfaction::SatisfactionReport) -> String {
    let t = &s.total;
    let p = &s.parameters;
    let assumed: Vec<String> = s
        .model
        .assumptions
        .iter()
        .map(|a| {
            format!(
                "{} {}{}",
                a.key,
                a.value,
                if a.default { "" } else { " (set)" }
            )
        })
        .collect();
    let mut out = format!(
        "\nSatisfaction MODEL (modelled from assumptions, not measured; defaults from service-management literature, churn a placeholder; docs/satisfaction.md): {}.\n",
        assumed.join(", ")
    );
    out.push_str(&format!(
        "Satisfaction: CSAT {} (score >= {}), mean score {}; {} callers satisfied, {} dissatisfied; word of mouth reaches {} people positively, {} negatively.\n",
        pct(t.csat),
        p.satisfied_at,
        with_ci(t.mean_score, 1.0, 3, ""),
        count(t.satisfied),
        count(t.dissatisfied),
        count(t.told_positive),
        count(t.told_negative),
    ));
    out.push_str(&format!(
        "Complaints seen {} of {} dissatisfied (the other {:.0}% leave silently); customers lost {}",
        count(t.complaints_seen),
        count(t.dissatisfied),
        (1.0 - p.complaint_share) * 100.0,
        count(t.customers_lost),
    ));
    if p.customer_value > 0.0 {
        out.push_str(&format!(
            ", replacing them costs {}",
            with_ci(t.replacement_cost, 1.0, 0, "")
        ));
    }
    out.push_str(".\n");
    out
}
