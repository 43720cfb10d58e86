//! `ccsim sweep` output for people (a table) and spreadsheets (CSV).

use super::SweepResult;
use crate::money::table::money;
use crate::stats::Estimate;

fn pct(e: Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else if e.half_width().is_nan() {
        format!("{:.1}%", 100.0 * e.mean)
    } else {
        format!("{:.1}% ±{:.1}", 100.0 * e.mean, 100.0 * e.half_width())
    }
}

fn secs(e: Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else {
        format!("{:.1}", e.mean)
    }
}

fn value(x: f64) -> String {
    format!("{x}")
}

/// The sweep as a table: one row per grid point, `*` on the frontier,
/// `<- target` on the cheapest point meeting the targets.
pub fn render(r: &SweepResult, target: bool) -> String {
    let sla_groups: Vec<String> = r
        .points
        .first()
        .map(|p| p.sla_met.0.iter().map(|(g, _)| g.clone()).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = r.keys.clone();
    header.extend(
        [
            "SL",
            "abandon",
            "ASA s",
            "occupancy",
            "cost/day",
            "cost/call",
        ]
        .map(String::from),
    );
    header.extend(sla_groups.iter().map(|g| format!("P(SLA {g})")));
    // Call types: each type's service level ("(miss)" where the type misses its targets).
    header.extend(r.types.0.iter().map(|(name, _)| format!("SL {name}")));
    header.push("frontier".into());
    header.push("targets".into());
    let mut rows = vec![header];
    for (i, p) in r.points.iter().enumerate() {
        let mut row: Vec<String> = p.values.0.iter().map(|(_, x)| value(*x)).collect();
        row.push(pct(p.service_level));
        row.push(pct(p.abandon_rate));
        row.push(secs(p.asa_seconds));
        row.push(pct(p.occupancy));
        row.push(money(p.total_cost));
        row.push(money(p.cost_per_handled_call));
        row.extend(p.sla_met.0.iter().map(|(_, e)| {
            if e.mean.is_nan() {
                "-".into()
            } else {
                format!("{:.0}%", 100.0 * e.mean)
            }
        }));
        row.extend(p.types.0.iter().map(|(_, f)| {
            let miss = if f.meets_targets { "" } else { " (miss)" };
            format!("{}{miss}", pct(f.service_level))
        }));
        row.push(if p.frontier {
            "*".into()
        } else {
            String::new()
        });
        row.push(if target && r.cheapest_meeting_targets == Some(i) {
            "met <- cheapest".into()
        } else if p.meets_targets {
            "met".into()
        } else {
            String::new()
        });
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut targets = format!("SL >= {:.0}%", 100.0 * r.target);
    if let Some(a) = r.max_abandon_rate {
        targets.push_str(&format!(", abandon <= {:.1}%", 100.0 * a));
    }
    if let Some(a) = r.max_asa_seconds {
        targets.push_str(&format!(", ASA <= {a} s"));
    }
    if !r.types.is_empty() {
        let each: Vec<String> = r
            .types
            .0
            .iter()
            .map(|(name, t)| {
                let mut s = format!(
                    "{name} SL >= {:.0}% within {} s",
                    100.0 * t.service_level,
                    t.threshold_seconds
                );
                if let Some(a) = t.max_abandon_rate {
                    s.push_str(&format!(", abandon <= {:.1}%", 100.0 * a));
                }
                if let Some(a) = t.max_asa_seconds {
                    s.push_str(&format!(", ASA <= {a} s"));
                }
                s
            })
            .collect();
        targets = format!(
            "every call type meets its own: {} (SL, abandon, ASA: all types together, not judged)",
            each.join("; ")
        );
    }
    let mut out = format!(
        "{} — sweep of {} point(s), {} replications each, seed {} (common random numbers).\nSL, abandon, occupancy, costs: mean ±half-width of the 95% interval; cost per simulated day. frontier *: no other point is both cheaper and better. Targets: {targets}.\n\n",
        r.scenario,
        r.points.len(),
        r.replications,
        r.seed
    );
    for cells in &rows {
        let line: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:>w$}", w = widths[c]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    if target {
        out.push_str(&target_line(r));
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// The `--target` answer: the cheapest point meeting the targets, or that none does.
pub fn target_line(r: &SweepResult) -> String {
    let mut out = String::new();
    match r.cheapest_meeting_targets {
        Some(i) => {
            let p = &r.points[i];
            let at = p
                .values
                .0
                .iter()
                .map(|(k, x)| format!("{k} {x}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "\nCheapest point meeting the targets: {at}: cost {} per day, service level {}.\n",
                money(p.total_cost),
                pct(p.service_level)
            ));
        }
        None => out.push_str("\nNo grid point meets the targets.\n"),
    }
    out
}

/// The sweep as CSV: the varied keys, then `<figure>`, `<figure>_lo`,
/// `<figure>_hi` for each figure, `sla_met_<group>` likewise, then
/// `meets_targets` and `frontier` (true/false). With `[[call_types]]`, then
/// per type `service_level_<type>`, `abandon_rate_<type>`,
/// `asa_seconds_<type>` (each with `_lo`, `_hi`) and `meets_targets_<type>`.
pub fn csv(r: &SweepResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let figures = [
        "service_level",
        "abandon_rate",
        "asa_seconds",
        "occupancy",
        "total_cost",
        "cost_per_handled_call",
    ];
    let mut header = r.keys.clone();
    let sla_groups: Vec<String> = r
        .points
        .first()
        .map(|p| p.sla_met.0.iter().map(|(g, _)| g.clone()).collect())
        .unwrap_or_default();
    let mut names: Vec<String> = figures.iter().map(|s| s.to_string()).collect();
    names.extend(sla_groups.iter().map(|g| format!("sla_met_{g}")));
    for f in &names {
        header.extend([f.clone(), format!("{f}_lo"), format!("{f}_hi")]);
    }
    header.push("meets_targets".into());
    header.push("frontier".into());
    for (name, _) in &r.types.0 {
        for f in ["service_level", "abandon_rate", "asa_seconds"] {
            let k = format!("{f}_{name}");
            header.extend([k.clone(), format!("{k}_lo"), format!("{k}_hi")]);
        }
        header.push(format!("meets_targets_{name}"));
    }
    w.write_record(&header)?;
    for p in &r.points {
        let mut rec: Vec<String> = p.values.0.iter().map(|(_, x)| value(*x)).collect();
        let mut ests = vec![
            p.service_level,
            p.abandon_rate,
            p.asa_seconds,
            p.occupancy,
            p.total_cost,
            p.cost_per_handled_call,
        ];
        ests.extend(p.sla_met.0.iter().map(|(_, e)| *e));
        for e in ests {
            for v in [e.mean, e.ci95[0], e.ci95[1]] {
                rec.push(if v.is_nan() {
                    String::new()
                } else {
                    format!("{v}")
                });
            }
        }
        rec.push(p.meets_targets.to_string());
        rec.push(p.frontier.to_string());
        for (_, f) in &p.types.0 {
            for e in [f.service_level, f.abandon_rate, f.asa_seconds] {
                for v in [e.mean, e.ci95[0], e.ci95[1]] {
                    rec.push(if v.is_nan() {
                        String::new()
                    } else {
                        format!("{v}")
                    });
                }
            }
            rec.push(f.meets_targets.to_string());
        }
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
