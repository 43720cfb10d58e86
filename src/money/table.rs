//! The cost rows `ccsim run` prints under its table.

use super::ledger::Component;
use super::report::CostReport;
use crate::stats::Estimate;

/// "mean ±half-width" of an amount, two decimals.
pub fn money(e: Estimate) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    let hw = e.half_width();
    if hw.is_nan() {
        format!("{:.2}", e.mean)
    } else {
        format!("{:.2} ±{:.2}", e.mean, hw)
    }
}

fn pct(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * x)
    }
}

fn pct_ci(e: Estimate) -> String {
    if e.mean.is_nan() || e.half_width().is_nan() {
        pct(e.mean)
    } else {
        format!("{:.1}% ±{:.1}", 100.0 * e.mean, 100.0 * e.half_width())
    }
}

fn signed(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else if x > 0.0 {
        format!("+{x:.2}")
    } else {
        format!("{x:.2}")
    }
}

/// The cost rows as text: one per group and component, the totals, the
/// economic view, then one paragraph per service-level clause.
///
/// Vocabulary (docs/money.md): a **charge** is what a contract bills in
/// total (a **price** per unit times the units, or a fee); wages are the
/// paid hours' cost; **cost per handled call** is a total cost over the
/// calls answered. Prices themselves are inputs (the scenario's contract).
pub fn render(c: &CostReport) -> String {
    let horizon = c.basis.starts_with("per simulated horizon");
    let per = if horizon { "per horizon" } else { "per day" };
    let mut rows: Vec<[String; 3]> = vec![["group".into(), "item".into(), per.into()]];
    for (name, g) in &c.groups.0 {
        if g.components.0.is_empty() {
            continue;
        }
        for (key, e) in &g.components.0 {
            let label = Component::of_key(key)
                .map(Component::label)
                .map(String::from)
                .unwrap_or_else(|| key.replace('_', " "));
            rows.push([name.clone(), label, money(*e)]);
        }
        rows.push([name.clone(), "total cost".into(), money(g.total)]);
        rows.push([
            name.clone(),
            "cost per handled call".into(),
            money(g.cost_per_handled_call),
        ]);
    }
    rows.push(["all".into(), "total cost".into(), money(c.total)]);
    rows.push([
        "all".into(),
        "cost per handled call".into(),
        money(c.cost_per_handled_call),
    ]);
    if let Some(e) = c.abandoned_calls {
        rows.push(["all".into(), "abandoned calls".into(), money(e)]);
    }
    if let Some(e) = c.revenue {
        rows.push(["all".into(), "revenue".into(), money(e)]);
    }
    if let Some(e) = c.net_cost {
        rows.push(["all".into(), "net cost".into(), money(e)]);
    }
    let w: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = if horizon {
        format!(
            "\nCosts per simulated horizon (one replication) (mean ±half-width of the 95% interval across {} block(s) of {} replication(s)):\n",
            c.blocks, c.block_days
        )
    } else {
        format!(
            "\nCosts per simulated day (mean ±half-width of the 95% interval across {} block(s) of {} day(s)):\n",
            c.blocks, c.block_days
        )
    };
    for r in &rows {
        out.push_str(&format!(
            "{:<w0$}  {:<w1$}  {:>w2$}\n",
            r[0],
            r[1],
            r[2],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2]
        ));
    }
    for s in &c.sla {
        out.push_str(&format!(
            "SLA of {}: {:.0}% within {} s of reaching it, per {} of {} day(s); {} {}s simulated.\n  P(SLA met) {} [{}, {}]; service level {} overall, per {}: p5 {}, p50 {}, p95 {};\n  paid to {} per {} (bonus +, penalty -): mean {}, p5 {}, p50 {}, p95 {}.\n",
            s.group,
            100.0 * s.target,
            s.threshold_seconds,
            s.period,
            s.days_per_period,
            s.periods,
            s.period,
            pct(s.p_met.mean),
            pct(s.p_met.ci95[0]),
            pct(s.p_met.ci95[1]),
            pct_ci(s.pooled_service_level),
            s.period,
            pct(s.service_level.p5),
            pct(s.service_level.p50),
            pct(s.service_level.p95),
            s.group,
            s.period,
            signed(s.adjustment.mean),
            signed(s.adjustment.p5),
            signed(s.adjustment.p50),
            signed(s.adjustment.p95),
        ));
    }
    out
}
