//! `ccsim erlang` for people and spreadsheets: the single answer, the range
//! table and its chart, the per-interval table, and the CSV.

use super::rows::{ErlangRange, ErlangRow, ScenarioErlang};
use crate::analytic::Targets;
use crate::cli::ErlangModel;
use crate::error::Error;
use crate::report::table::align;

/// The range table as text.
pub fn render_range(r: &ErlangRange) -> String {
    let sim = r.rows.iter().any(|x| x.simulated.is_some());
    let req = r.rows.iter().any(|x| x.agents_required.is_some());
    let mut header: Vec<&str> = vec![
        "calls/h", "load", "agents", "P(wait)", "SL", "ASA s", "abandon", "block", "occ",
    ];
    if req {
        header.extend(["required", "meets"]);
    }
    if sim {
        header.extend(["sim SL", "sim ASA s", "sim abandon"]);
    }
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    let ci = |e: crate::stats::Estimate, scale: f64, unit: &str| {
        crate::report::table::with_ci(e, scale, 1, unit)
    };
    for x in &r.rows {
        let mut cells = vec![
            format!("{:.0}", x.calls_per_hour),
            format!("{:.2}", x.offered_load_erlangs),
            x.agents.to_string(),
            pct(x.p_wait),
            pct(x.service_level),
            num(x.asa_seconds, 1),
            pct(x.abandon_rate),
            pct(x.block_rate),
            pct(x.occupancy),
        ];
        if req {
            cells.push(x.agents_required.map_or("-".into(), |a| a.to_string()));
            cells.push(match x.meets_targets {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "-".into(),
            });
        }
        if let Some(s) = x.simulated.filter(|_| sim) {
            cells.push(ci(s.service_level, 100.0, "%"));
            cells.push(ci(s.asa_seconds, 1.0, ""));
            cells.push(ci(s.abandon_rate, 100.0, "%"));
        }
        rows.push(cells);
    }
    let first = r.rows.first();
    let mut out = format!(
        "{} table: AHT {} s{}; service level within {} s.\n",
        model_title(r.model),
        first.map_or(0.0, |x| x.aht_seconds),
        first
            .and_then(|x| x.patience_seconds)
            .map_or(String::new(), |p| format!(", patience {p} s")),
        r.targets.threshold_seconds
    );
    if let Some(n) = r.simulated_replications {
        out.push_str(&format!("sim: simulated, {n} replications of 10 hours after a 2-hour warm-up, seed 1; mean ±half-width of the 95% interval.\n"));
    }
    out.push('\n');
    out.push_str(&align(&rows));
    out
}

/// "Erlang A" for "erlang_a".
fn model_title(model: &str) -> String {
    format!(
        "Erlang {}",
        model.trim_start_matches("erlang_").to_uppercase()
    )
}

/// The chart of a range table: figures against agents at one volume.
pub fn range_chart(r: &ErlangRange, path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let cph: Vec<f64> = r.rows.iter().map(|x| x.calls_per_hour).collect();
    if cph.iter().any(|c| *c != cph[0]) || r.rows.len() < 2 {
        return Err(Error::Usage(
            "--chart draws figures against agents: give an --agents range and one --calls-per-hour"
                .into(),
        ));
    }
    let agents: Vec<u32> = r.rows.iter().map(|x| x.agents).collect();
    let sl: Vec<Option<f64>> = r.rows.iter().map(|x| x.service_level).collect();
    let asa: Vec<Option<f64>> = r.rows.iter().map(|x| x.asa_seconds).collect();
    let ab: Vec<Option<f64>> = r.rows.iter().map(|x| x.abandon_rate).collect();
    let sim: Vec<crate::plot::erlang::SimulatedPoint> =
        r.rows.iter().filter_map(|x| x.simulated).collect();
    let chart = crate::plot::erlang::ErlangChart {
        title: format!(
            "{}: {:.0} calls/h, AHT {} s: service level ({} s), ASA and abandonment against agents",
            model_title(r.model),
            cph[0],
            r.rows[0].aht_seconds,
            r.targets.threshold_seconds
        ),
        agents: &agents,
        service_level: &sl,
        asa_seconds: &asa,
        abandon_rate: &ab,
        target: r.targets.service_level,
        simulated: &sim,
    };
    crate::plot::render(&chart, crate::plot::Format::of_path(path)).map_err(|message| {
        Error::Chart {
            path: path.to_owned(),
            message,
        }
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".into(), |v| format!("{v:.digits$}"))
}

/// The single answer as readable lines.
pub fn render_single(model: ErlangModel, r: &ErlangRow, t: &Targets) -> String {
    let mut out = format!(
        "{}: {} calls/h, AHT {} s{} -> offered load {:.2} Erlangs\n",
        match model {
            ErlangModel::B => "Erlang B (lines, no queue)",
            ErlangModel::C => "Erlang C (queue, nobody abandons)",
            ErlangModel::A => "Erlang A (queue, exponential patience)",
        },
        r.calls_per_hour,
        r.aht_seconds,
        r.patience_seconds
            .map_or(String::new(), |p| format!(", patience {p} s")),
        r.offered_load_erlangs
    );
    let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<26}{v}\n"));
    let unit = if model == ErlangModel::B {
        "lines"
    } else {
        "agents"
    };
    line(unit, r.agents.to_string());
    if model != ErlangModel::B {
        line("P(wait)", pct(r.p_wait));
        line(
            &format!("service level ({} s)", t.threshold),
            pct(r.service_level),
        );
        line("ASA", format!("{} s", num(r.asa_seconds, 1)));
        line(
            "mean wait (all callers)",
            format!("{} s", num(r.mean_wait_seconds, 1)),
        );
        line("mean queue length", num(r.mean_queue_length, 2));
    }
    if model == ErlangModel::A {
        line("abandonment", pct(r.abandon_rate));
    }
    if model == ErlangModel::B {
        line("blocking", pct(r.block_rate));
    }
    line("occupancy", pct(r.occupancy));
    if let Some(req) = r.agents_required {
        line(&format!("{unit} required"), req.to_string());
        if let Some(m) = r.meets_targets {
            line(
                "meets the targets",
                if m { "yes".into() } else { "no".into() },
            );
        }
    }
    if let Some(x) = r.fractional_agents {
        line("fractional requirement", format!("{x:.2}"));
    }
    if let Some(s) = r.agents_to_schedule {
        line("to schedule (shrinkage)", s.to_string());
    }
    if let Some(x) = r.fractional_agents_to_schedule {
        line("fractional to schedule", format!("{x:.2}"));
    }
    out
}

/// The per-interval answer as a table.
pub fn render_table(s: &ScenarioErlang) -> String {
    let frac = s.intervals.iter().any(|r| r.fractional_agents.is_some());
    let sched = s.intervals.iter().any(|r| r.agents_to_schedule.is_some());
    let mut header: Vec<&str> = vec![
        "interval", "calls/h", "AHT s", "load", "agents", "P(wait)", "SL", "ASA s", "abandon",
        "block", "occ", "required",
    ];
    if frac {
        header.push("fractional");
    }
    if sched {
        header.push("schedule");
    }
    header.push("heads");
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in &s.intervals {
        let label = match (&r.weekday, r.day) {
            (Some(w), Some(d)) => format!("{w} {d} {}", r.start.clone().unwrap_or_default()),
            _ => r.start.clone().unwrap_or_default(),
        };
        let mut cells = vec![
            label,
            format!("{:.0}", r.calls_per_hour),
            format!("{:.0}", r.aht_seconds),
            format!("{:.2}", r.offered_load_erlangs),
            r.agents.to_string(),
            pct(r.p_wait),
            pct(r.service_level),
            num(r.asa_seconds, 1),
            pct(r.abandon_rate),
            pct(r.block_rate),
            pct(r.occupancy),
            r.agents_required.map_or("-".into(), |a| a.to_string()),
        ];
        if frac {
            cells.push(num(r.fractional_agents, 2));
        }
        if sched {
            cells.push(r.agents_to_schedule.map_or("-".into(), |a| a.to_string()));
        }
        cells.push(r.paid.map_or("-".into(), |p| format!("{:.0}", p.scheduled)));
        rows.push(cells);
    }
    let t = &s.targets;
    let mut out = format!(
        "{} — {} per interval (stationary, independent periods); figures at the scenario's agents (all groups).\nTargets:{}{}{}{}{}\n\n",
        s.scenario,
        s.model.replace('_', " "),
        t.service_level.map_or(String::new(), |v| format!(" SL >= {:.0}% within {} s;", v * 100.0, t.threshold_seconds)),
        t.max_asa_seconds.map_or(String::new(), |v| format!(" ASA <= {v} s;")),
        t.max_abandon_rate.map_or(String::new(), |v| format!(" abandon <= {:.1}%;", v * 100.0)),
        t.max_block_rate.map_or(String::new(), |v| format!(" block <= {:.1}%;", v * 100.0)),
        t.max_occupancy.map_or(String::new(), |v| format!(" occupancy <= {:.0}%;", v * 100.0)),
    );
    out.push_str(&align(&rows));
    if let Some(h) = s.agent_hours_required {
        out.push_str(&format!("\nAgent-hours required: {h:.1}"));
        if let Some(f) = s.fractional_agent_hours {
            out.push_str(&format!(" (fractional: {f:.1})"));
        }
        out.push('\n');
    }
    let p = &s.plan;
    let paid_line = |f: &crate::planner::paid::PaidFigures| {
        format!(
            "{:.1} agent-hours on the phones, {:.1} heads on average, {:.1} paid hours, {:.2} FTE{}",
            f.agent_hours,
            f.scheduled,
            f.paid_hours,
            f.fte,
            f.cost.map_or(String::new(), |c| format!(", cost {c:.2}"))
        )
    };
    out.push_str(&format!(
        "Plan for {} (heads = agents / ((1 - shrinkage {}) x (1 - absenteeism {})), rounded up): {}.\n",
        p.group,
        p.shrinkage,
        p.absenteeism,
        paid_line(&p.total)
    ));
    for d in &p.days {
        out.push_str(&format!(
            "  {} {}: {}\n",
            d.weekday,
            d.day,
            paid_line(&d.paid)
        ));
    }
    let notes: Vec<String> = s
        .intervals
        .iter()
        .filter_map(|r| {
            r.note
                .as_ref()
                .map(|n| format!("{}: {n}", r.start.clone().unwrap_or_default()))
        })
        .collect();
    for n in notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

/// CSV of the rows (one per interval, or the single answer).
pub fn render_csv(rows: &[ErlangRow]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Usage(e.to_string());
    w.write_record([
        "interval",
        "end",
        "calls_per_hour",
        "aht_seconds",
        "patience_seconds",
        "offered_load_erlangs",
        "agents",
        "p_wait",
        "service_level",
        "asa_seconds",
        "mean_wait_seconds",
        "abandon_rate",
        "block_rate",
        "occupancy",
        "mean_queue_length",
        "agents_required",
        "fractional_agents",
        "agents_to_schedule",
        "note",
        "day",
        "weekday",
        "scheduled",
        "paid_hours",
        "fte",
        "cost",
    ])
    .map_err(fail)?;
    let o = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for r in rows {
        w.write_record([
            r.start.clone().unwrap_or_default(),
            r.end.clone().unwrap_or_default(),
            r.calls_per_hour.to_string(),
            r.aht_seconds.to_string(),
            o(r.patience_seconds),
            r.offered_load_erlangs.to_string(),
            r.agents.to_string(),
            o(r.p_wait),
            o(r.service_level),
            o(r.asa_seconds),
            o(r.mean_wait_seconds),
            o(r.abandon_rate),
            o(r.block_rate),
            o(r.occupancy),
            o(r.mean_queue_length),
            r.agents_required.map_or(String::new(), |a| a.to_string()),
            o(r.fractional_agents),
            r.agents_to_schedule
                .map_or(String::new(), |a| a.to_string()),
            r.note.clone().unwrap_or_default(),
            r.day.map_or(String::new(), |d| d.to_string()),
            r.weekday.clone().unwrap_or_default(),
            o(r.paid.map(|p| p.scheduled)),
            o(r.paid.map(|p| p.paid_hours)),
            o(r.paid.map(|p| p.fte)),
            o(r.paid.and_then(|p| p.cost)),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Usage(e.into_error().to_string()))
}
