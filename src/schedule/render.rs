//! The schedule as files and a terminal table: the schedule CSV (one row per
//! shift with its agents per day), the roster CSV (one row per named agent)
//! and the coverage CSV and table.

use super::candidates::Shift;
use super::plan::{Schedule, Totals};
use super::rules::ShiftRules;
use crate::error::Error;
use crate::report::table::align;
use crate::scenario::valid::clock_label;

fn fail(e: csv::Error) -> Error {
    Error::Usage(format!("cannot render the CSV: {e}"))
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, Error> {
    w.into_inner()
        .map_err(|e| Error::Usage(e.into_error().to_string()))
}

/// A shift's breaks as `after+within/length/paid` items separated by `;`,
/// e.g. `02:00+01:00/00:15/paid;04:00+01:00/00:30/unpaid`.
pub fn breaks_text(s: &Shift) -> String {
    s.breaks
        .iter()
        .map(|b| {
            format!(
                "{}+{}/{}/{}",
                clock_label(b.after),
                clock_label(b.within),
                clock_label(b.length),
                if b.paid { "paid" } else { "unpaid" }
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Column names of the agents per day: `count` for one day, else `count_day1`, ...
pub fn count_columns(days: usize) -> Vec<String> {
    if days == 1 {
        vec!["count".into()]
    } else {
        (1..=days).map(|d| format!("count_day{d}")).collect()
    }
}

/// Schedule CSV: `shift,start,end,length,paid_hours,breaks,count` (or one
/// `count_dayN` column per day).
pub fn schedule_csv(s: &Schedule) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["shift", "start", "end", "length", "paid_hours", "breaks"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend(count_columns(s.requirement.days()));
    w.write_record(&header).map_err(fail)?;
    let t0 = s.requirement.start_of_day;
    for (i, sh) in s.shifts.iter().enumerate() {
        let mut rec = vec![
            (i + 1).to_string(),
            sh.shift.start_label(t0),
            sh.shift.end_label(t0),
            clock_label(sh.shift.length),
            format!("{}", sh.shift.paid_hours),
            breaks_text(&sh.shift),
        ];
        rec.extend(sh.counts.iter().map(|c| c.to_string()));
        w.write_record(&rec).map_err(fail)?;
    }
    finish(w)
}

/// Roster CSV: `agent,shift,start,end,day1,...`. Each `dayN` is the
/// "HH:MM-HH:MM" of the shift the agent works that day, or `off`;
/// `shift` (its number in the schedule CSV), `start` and `end` give the
/// agent's shift when it is the same on every working day (always with
/// `same_start = true`) and are empty when it differs from day to day.
pub fn roster_csv(s: &Schedule) -> Result<Option<Vec<u8>>, Error> {
    let Some(roster) = &s.roster else {
        return Ok(None);
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["agent", "shift", "start", "end"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend((1..=s.requirement.days()).map(|d| format!("day{d}")));
    w.write_record(&header).map_err(fail)?;
    let t0 = s.requirement.start_of_day;
    for a in roster {
        let mut rec = vec![format!("agent {}", a.number)];
        match a.same_shift() {
            Some(i) => {
                let sh = &s.shifts[i].shift;
                rec.extend([(i + 1).to_string(), sh.start_label(t0), sh.end_label(t0)]);
            }
            None => rec.extend([String::new(), String::new(), String::new()]),
        }
        rec.extend(a.shifts.iter().map(|day| match day {
            Some(i) => {
                let sh = &s.shifts[*i].shift;
                format!("{}-{}", sh.start_label(t0), sh.end_label(t0))
            }
            None => "off".into(),
        }));
        w.write_record(&rec).map_err(fail)?;
    }
    finish(w).map(Some)
}

/// Coverage CSV: `day,interval,required,scheduled,on_phones` per interval
/// (expected figures of the integer program).
pub fn coverage_csv(s: &Schedule) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["day", "interval", "required", "scheduled", "on_phones"])
        .map_err(fail)?;
    let n = s.requirement.intervals;
    for (i, c) in s.coverage.iter().enumerate() {
        w.write_record([
            (i / n + 1).to_string(),
            s.requirement.label(i % n),
            c.required.to_string(),
            format!("{:.4}", c.scheduled),
            format!("{:.4}", c.on_phones),
        ])
        .map_err(fail)?;
    }
    finish(w)
}

/// The terminal summary: shifts, totals, solver figures.
pub fn summary_text(s: &Schedule, t: &Totals, rules: &ShiftRules) -> String {
    let t0 = s.requirement.start_of_day;
    let days = s.requirement.days();
    let mut rows = vec![{
        let mut h = vec![
            "shift".to_string(),
            "start".into(),
            "end".into(),
            "paid h".into(),
            "breaks".into(),
        ];
        h.extend(count_columns(days));
        h
    }];
    for (i, sh) in s.shifts.iter().enumerate() {
        let mut r = vec![
            (i + 1).to_string(),
            sh.shift.start_label(t0),
            sh.shift.end_label(t0),
            format!("{:.2}", sh.shift.paid_hours),
            breaks_text(&sh.shift),
        ];
        r.extend(sh.counts.iter().map(|c| c.to_string()));
        rows.push(r);
    }
    let mut out = align(&rows);
    let sv = &s.solved;
    out.push_str(&format!(
        "\nPaid hours {:.1}, FTE {:.2} ({} h a day), {} shifts worked{}.\nOn the phones above the requirement {:.1} agent-hours, below it {:.1} (expected, after breaks, shrinkage {:.0}% and absenteeism {:.0}%).\nInteger program: {} candidate shifts, objective {:.2} ({}), LP bound {:.2}, gap {:.2}%{}, {:.2} s.\n",
        t.paid_hours,
        t.fte,
        rules.fte_hours_per_day,
        t.shifts_worked,
        t.cost.map_or(String::new(), |c| format!(", cost {c:.2}")),
        t.over_hours,
        t.under_hours,
        rules.shrinkage * 100.0,
        rules.absenteeism * 100.0,
        s.candidates,
        sv.objective,
        if rules.minimises_cost() { "cost" } else { "paid hours" },
        sv.lp_bound,
        sv.gap() * 100.0,
        if sv.proven_optimal {
            format!(", optimal within the mip_gap {:.1}%", rules.mip_gap * 100.0)
        } else {
            ", time limit reached: best found".to_string()
        },
        sv.seconds
    ));
    if let Some(roster) = &s.roster {
        let steady = roster.iter().filter(|a| a.same_shift().is_some()).count();
        out.push_str(&format!(
            "Roster: {} named agents, {} of them on one shift every working day ({}).\n",
            roster.len(),
            steady,
            if rules.same_start {
                "same_start = true"
            } else {
                "same_start = false: the others change shift between days"
            }
        ));
    }
    out
}

/// One shift in the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShiftJson {
    /// 1-based shift number.
    pub shift: usize,
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// "HH:MM" paid span.
    pub length: String,
    /// Paid hours of one agent.
    pub paid_hours: f64,
    /// Breaks (see [`breaks_text`]).
    pub breaks: String,
    /// Agents starting it on each day.
    pub counts: Vec<u32>,
}

/// One interval in the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverageJson {
    /// Day, 1-based.
    pub day: usize,
    /// "HH:MM" start.
    pub interval: String,
    /// Agents needed on the phones.
    pub required: f64,
    /// Agents on shift.
    pub scheduled: f64,
    /// Expected agents on the phones.
    pub on_phones: f64,
}

/// The solver's figures in the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SolverJson {
    /// Candidate shifts.
    pub candidates: usize,
    /// "paid_hours" or "cost".
    pub objective_kind: &'static str,
    /// Objective of the answer.
    pub objective: f64,
    /// LP relaxation optimum (a lower bound).
    pub lp_bound: f64,
    /// (objective - lp_bound) / objective.
    pub gap: f64,
    /// Branch and bound proved optimality within the time limit.
    pub proven_optimal: bool,
    /// Seconds spent.
    pub seconds: f64,
}

/// Totals in the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TotalsJson {
    /// Paid agent-hours.
    pub paid_hours: f64,
    /// Full-time equivalents.
    pub fte: f64,
    /// Cost, if the rules price hours or shifts.
    pub cost: Option<f64>,
    /// Agent-hours on the phones above the requirement (expected).
    pub over_coverage_hours: f64,
    /// Agent-hours on the phones below it (expected).
    pub under_coverage_hours: f64,
    /// Agent-shifts over all days.
    pub shifts_worked: u32,
}

/// The JSON contract of `ccsim schedule` (before any simulation check).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleJson {
    /// Days covered.
    pub days: usize,
    /// Interval length, minutes.
    pub interval_minutes: f64,
    /// Shifts with agents.
    pub shifts: Vec<ShiftJson>,
    /// Totals.
    pub totals: TotalsJson,
    /// Solver figures.
    pub solver: SolverJson,
    /// Coverage per interval.
    pub coverage: Vec<CoverageJson>,
}

/// Builds the JSON report.
pub fn schedule_json(s: &Schedule, t: &Totals, rules: &ShiftRules) -> ScheduleJson {
    let t0 = s.requirement.start_of_day;
    let n = s.requirement.intervals;
    ScheduleJson {
        days: s.requirement.days(),
        interval_minutes: s.requirement.interval / 60.0,
        shifts: s
            .shifts
            .iter()
            .enumerate()
            .map(|(i, sh)| ShiftJson {
                shift: i + 1,
                start: sh.shift.start_label(t0),
                end: sh.shift.end_label(t0),
                length: clock_label(sh.shift.length),
                paid_hours: sh.shift.paid_hours,
                breaks: breaks_text(&sh.shift),
                counts: sh.counts.clone(),
            })
            .collect(),
        totals: TotalsJson {
            paid_hours: t.paid_hours,
            fte: t.fte,
            cost: t.cost,
            over_coverage_hours: t.over_hours,
            under_coverage_hours: t.under_hours,
            shifts_worked: t.shifts_worked,
        },
        solver: SolverJson {
            candidates: s.candidates,
            objective_kind: if rules.minimises_cost() {
                "cost"
            } else {
                "paid_hours"
            },
            objective: s.solved.objective,
            lp_bound: s.solved.lp_bound,
            gap: s.solved.gap(),
            proven_optimal: s.solved.proven_optimal,
            seconds: s.solved.seconds,
        },
        coverage: s
            .coverage
            .iter()
            .enumerate()
            .map(|(i, c)| CoverageJson {
                day: i / n + 1,
                interval: s.requirement.label(i % n),
                required: c.required,
                scheduled: c.scheduled,
                on_phones: c.on_phones,
            })
            .collect(),
    }
}

/// The whole JSON report of `ccsim schedule`: the schedule's keys, and the
/// `check` block after a simulation check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleReport {
    /// The schedule.
    #[serde(flatten)]
    pub schedule: ScheduleJson,
    /// The simulation check, if one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<super::check_render::CheckJson>,
}
