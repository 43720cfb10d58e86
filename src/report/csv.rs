//! CSV export: one row per reported interval plus a `total` row; for every
//! figure three columns, `<key>`, `<key>_lo`, `<key>_hi` (mean and 95%
//! interval), and per group `handled_<group>` and `occupancy_<group>` likewise;
//! then the satisfaction figures as `sat_<key>` and the score bands as
//! `sat_band_<band>`, each with `_lo` and `_hi`; with money keys
//! `cost_per_day`, `cost_per_handled_call` and `cost_per_day_<group>` (each
//! with `_lo`, `_hi`; on the `total` row only, costs being daily); with groups
//! on `[[groups.shifts]]`, per such group `on_shift_<group>`,
//! `on_break_<group>`, `on_phones_<group>`, `break_delay_minutes_<group>` and
//! `overtime_minutes_<group>` (each with `_lo`, `_hi`); last `status`, `met` or
//! `missed` (whether every target holds in the row's scope; see docs/output.md).
//! A multi-day horizon adds a leading `day` column (1 = the first calendar
//! day): the interval rows of every day, then one row per day (`interval` =
//! `day`), then the `total` row over the horizon (empty `day`).
//! A scenario that declares `[[call_types]]` gets a leading `call_type`
//! column: `all` on the rows over every type, then the same rows for each
//! type in declaration order (their `agents_<group>` and satisfaction cells
//! are empty).

use super::satisfaction::SatisfactionFigures;
use super::{Figures, RunReport};
use crate::satisfaction::{SatMetric, BAND_LABELS};
use crate::stats::{Estimate, Metric};

/// The CSV text of a report.
pub fn render(r: &RunReport) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let typed = !r.types.is_empty();
    let lead = |rec: &mut Vec<String>, name: &str| {
        if typed {
            rec.insert(0, name.to_string());
        }
    };
    let mut header = vec![
        "interval".to_string(),
        "end".into(),
        "offered_load_erlangs".into(),
    ];
    for m in Metric::ALL {
        header.extend(triple(m.key()));
    }
    for (name, _) in &r.total.groups.0 {
        header.push(format!("agents_{name}"));
        header.extend(triple(&format!("handled_{name}")));
        header.extend(triple(&format!("occupancy_{name}")));
    }
    if r.satisfaction.is_some() {
        for m in SatMetric::ALL {
            header.extend(triple(&format!("sat_{}", m.key())));
        }
        for label in BAND_LABELS {
            header.extend(triple(&format!("sat_band_{label}")));
        }
    }
    if let Some(c) = &r.costs {
        header.extend(triple("cost_per_day"));
        header.extend(triple("cost_per_handled_call"));
        for (name, _) in &c.groups.0 {
            header.extend(triple(&format!("cost_per_day_{name}")));
        }
    }
    if let Some(sh) = &r.total.shifts {
        for (name, _) in &sh.0 {
            for key in SHIFT_KEYS {
                header.extend(triple(&format!("{key}_{name}")));
            }
        }
    }
    header.push("status".into());
    // A multi-day horizon gets a `day` column (1 = first calendar day).
    let multi = !r.days.is_empty();
    let day_cell = |rec: &mut Vec<String>, day: Option<usize>| {
        if multi {
            rec.insert(0, day.map(|d| d.to_string()).unwrap_or_default());
        }
    };
    if multi {
        header.insert(0, "day".into());
    }
    lead(&mut header, "call_type");
    w.write_record(&header)?;
    for (idx, i) in r.intervals.iter().enumerate() {
        let mut rec = vec![
            i.start.clone(),
            i.end.clone(),
            format!("{}", i.offered_load_erlangs),
        ];
        push_figures(&mut rec, &i.figures, Some(&i.agents.0));
        match r
            .satisfaction
            .as_ref()
            .and_then(|s| s.intervals.get(idx).filter(|si| si.start == i.start))
        {
            Some(si) => push_satisfaction(&mut rec, &si.figures),
            None => pad_satisfaction(&mut rec, r),
        }
        pad_costs(&mut rec, r);
        push_shifts(&mut rec, &i.figures, r);
        rec.push(i.status.to_string());
        day_cell(&mut rec, i.day);
        lead(&mut rec, "all");
        w.write_record(&rec)?;
    }
    for d in &r.days {
        let of_day: Vec<f64> = r
            .intervals
            .iter()
            .filter(|i| i.day == Some(d.day))
            .map(|i| i.offered_load_erlangs)
            .collect();
        let load = of_day.iter().sum::<f64>() / of_day.len().max(1) as f64;
        let mut rec = vec!["day".to_string(), d.end.clone(), format!("{load}")];
        push_figures(&mut rec, &d.figures, None);
        pad_satisfaction(&mut rec, r);
        pad_costs(&mut rec, r);
        push_shifts(&mut rec, &d.figures, r);
        rec.push(r.targets.day_status(d.day).into());
        day_cell(&mut rec, Some(d.day));
        lead(&mut rec, "all");
        w.write_record(&rec)?;
    }
    let first = r
        .intervals
        .first()
        .map(|i| i.start.clone())
        .unwrap_or_default();
    let last = r
        .intervals
        .last()
        .map(|i| i.end.clone())
        .unwrap_or_default();
    let load: f64 = r
        .intervals
        .iter()
        .map(|i| i.offered_load_erlangs)
        .sum::<f64>()
        / r.intervals.len().max(1) as f64;
    let mut rec = vec!["total".to_string(), last.clone(), format!("{load}")];
    let _ = first;
    push_figures(&mut rec, &r.total, None);
    if let Some(s) = &r.satisfaction {
        push_satisfaction(&mut rec, &s.total);
    }
    if let Some(c) = &r.costs {
        push(&mut rec, c.total);
        push(&mut rec, c.cost_per_handled_call);
        for (_, g) in &c.groups.0 {
            push(&mut rec, g.total);
        }
    }
    push_shifts(&mut rec, &r.total, r);
    rec.push(met_text(r.targets.horizon.met).into());
    day_cell(&mut rec, None);
    lead(&mut rec, "all");
    w.write_record(&rec)?;
    for (name, ty) in &r.types.0 {
        for (idx, i) in ty.intervals.iter().enumerate() {
            let day = r.intervals.get(idx).and_then(|x| x.day);
            let mut rec = vec![
                i.start.clone(),
                i.end.clone(),
                format!("{}", i.offered_load_erlangs),
            ];
            push_figures(&mut rec, &i.figures, None);
            pad_satisfaction(&mut rec, r);
            pad_costs(&mut rec, r);
            push_shifts(&mut rec, &i.figures, r);
            rec.push(r.targets.type_status(day, &i.start, name).into());
            day_cell(&mut rec, None);
            lead(&mut rec, name);
            w.write_record(&rec)?;
        }
        let load: f64 = ty
            .intervals
            .iter()
            .map(|i| i.offered_load_erlangs)
            .sum::<f64>()
            / ty.intervals.len().max(1) as f64;
        let mut rec = vec!["total".to_string(), last.clone(), format!("{load}")];
        push_figures(&mut rec, &ty.total, None);
        pad_satisfaction(&mut rec, r);
        pad_costs(&mut rec, r);
        push_shifts(&mut rec, &ty.total, r);
        let day_met = !r
            .targets
            .horizon
            .misses
            .iter()
            .any(|m| m.call_type.as_deref() == Some(name.as_str()));
        rec.push(met_text(day_met).into());
        day_cell(&mut rec, None);
        lead(&mut rec, name);
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Empty cost cells: costs are priced per day (docs/money.md), so only the
/// `total` row over all types carries them.
fn pad_costs(rec: &mut Vec<String>, r: &RunReport) {
    if let Some(c) = &r.costs {
        let cells = 3 * (2 + c.groups.0.len());
        rec.extend(std::iter::repeat_n(String::new(), cells));
    }
}

/// The shift columns, per group staffed by shifts: `<key>_<group>` with
/// `_lo` and `_hi`.
const SHIFT_KEYS: [&str; 5] = [
    "on_shift",
    "on_break",
    "on_phones",
    "break_delay_minutes",
    "overtime_minutes",
];

/// The shift cells of a row (empty where the scope has none: a call type's rows).
fn push_shifts(rec: &mut Vec<String>, f: &Figures, r: &RunReport) {
    let Some(all) = &r.total.shifts else { return };
    match &f.shifts {
        Some(sh) => {
            for (_, g) in &sh.0 {
                for e in [
                    g.on_shift,
                    g.on_break,
                    g.on_phones,
                    g.break_delay_minutes,
                    g.overtime_minutes,
                ] {
                    push(rec, e);
                }
            }
        }
        None => {
            let cells = 3 * SHIFT_KEYS.len() * all.0.len();
            rec.extend(std::iter::repeat_n(String::new(), cells));
        }
    }
}

fn met_text(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}

/// Empty satisfaction cells, for rows that have no satisfaction figures.
fn pad_satisfaction(rec: &mut Vec<String>, r: &RunReport) {
    if r.satisfaction.is_some() {
        let cells = 3 * (SatMetric::ALL.len() + BAND_LABELS.len());
        rec.extend(std::iter::repeat_n(String::new(), cells));
    }
}

fn triple(key: &str) -> [String; 3] {
    [key.to_string(), format!("{key}_lo"), format!("{key}_hi")]
}

fn push_figures(rec: &mut Vec<String>, f: &Figures, agents: Option<&Vec<(String, u32)>>) {
    for m in Metric::ALL {
        push(rec, f.get(m));
    }
    for (g, (_, gf)) in f.groups.0.iter().enumerate() {
        rec.push(agents.map(|a| a[g].1.to_string()).unwrap_or_default());
        push(rec, gf.handled);
        push(rec, gf.occupancy);
    }
}

fn push(rec: &mut Vec<String>, e: Estimate) {
    for v in [e.mean, e.ci95[0], e.ci95[1]] {
        rec.push(if v.is_nan() {
            String::new()
        } else {
            format!("{v}")
        });
    }
}

fn push_satisfaction(rec: &mut Vec<String>, f: &SatisfactionFigures) {
    for m in SatMetric::ALL {
        push(rec, f.get(m));
    }
    for (_, e) in &f.score_bands.0 {
        push(rec, *e);
    }
}
