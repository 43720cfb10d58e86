//! The simulation check as a terminal table, a JSON block and the coverage chart.

use super::check::{Checked, Verdict};
use super::plan::Schedule;
use crate::plot::coverage::CoverageChart;
use crate::plot::{render, Format};
use crate::report::table::align;
use crate::stats::Estimate;

/// One interval of the final schedule in simulation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckInterval {
    /// Day, 1-based.
    pub day: usize,
    /// "HH:MM".
    pub interval: String,
    /// Agents needed on the phones.
    pub required: f64,
    /// Agents on shift (mean over replications).
    pub on_shift: f64,
    /// Agents on a break.
    pub on_break: f64,
    /// Agents on the phones (idle or on a call, including those finishing a call past a break or shift end).
    pub on_phones: f64,
    /// Service level with its 95% interval.
    pub service_level: Estimate,
    /// Abandonment rate with its 95% interval.
    pub abandon_rate: Estimate,
    /// Whether the interval meets the scenario's targets.
    pub meets: bool,
    /// Mean delay of the breaks due in the interval, seconds (null: none due).
    pub break_delay_seconds: Option<f64>,
    /// Agent-minutes worked past the ends of shifts ending in the interval, per day simulated.
    pub overtime_minutes: f64,
}

/// One day's totals of the final schedule in simulation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckDay {
    /// Day, 1-based.
    pub day: usize,
    /// Mean break delay over the day's breaks, seconds (null: no break).
    pub break_delay_seconds: Option<f64>,
    /// Agent-minutes of overtime.
    pub overtime_minutes: f64,
}

/// One round of the check in the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckRoundJson {
    /// Intervals missing a target, "day N HH:MM" (or "HH:MM" for one day).
    pub missed: Vec<String>,
    /// Agents added: "shift N day D" (shift numbers of the final schedule).
    pub added: Vec<String>,
    /// Breaks moved out of missed intervals, e.g. "08:00-12:00 break 1
    /// (09:00-11:00) out of 10:00: 4 agent(s) at 09:00, 3 agent(s) at 11:00".
    pub moved: Vec<String>,
}

/// The `check` block of the JSON report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckJson {
    /// "met", "no_shift_helps" or "rounds_exhausted".
    pub verdict: &'static str,
    /// Replications per round.
    pub replications: u32,
    /// Rounds, the first on the schedule the program made.
    pub rounds: Vec<CheckRoundJson>,
    /// Missed intervals no shift covers.
    pub no_shift_helps: Vec<String>,
    /// The final schedule per interval.
    pub intervals: Vec<CheckInterval>,
    /// The final schedule per day.
    pub days: Vec<CheckDay>,
}

fn name(s: &Schedule, i: usize) -> String {
    let n = s.requirement.intervals;
    if s.requirement.days() == 1 {
        s.requirement.label(i % n)
    } else {
        format!("day {} {}", i / n + 1, s.requirement.label(i % n))
    }
}

/// Builds the `check` block.
pub fn check_json(s: &Schedule, c: &Checked, replications: u32) -> CheckJson {
    let n = s.requirement.intervals;
    let intervals: Vec<CheckInterval> = c
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let st = &c.evaluation.intervals[i];
            CheckInterval {
                day: i / n + 1,
                interval: s.requirement.label(i % n),
                required: s.requirement.agents.get(i).copied().unwrap_or(0.0),
                on_shift: a.on_shift,
                on_break: a.on_break,
                on_phones: a.on_phones,
                service_level: st.service_level(),
                abandon_rate: st.abandon(),
                meets: c.meets[i],
                break_delay_seconds: a.break_delay.is_finite().then_some(a.break_delay),
                overtime_minutes: a.overtime_minutes,
            }
        })
        .collect();
    let days = (0..s.requirement.days())
        .map(|d| {
            let slice = &c.agents[(d * n).min(c.agents.len())..((d + 1) * n).min(c.agents.len())];
            let delays: Vec<f64> = slice
                .iter()
                .map(|a| a.break_delay)
                .filter(|v| v.is_finite())
                .collect();
            CheckDay {
                day: d + 1,
                break_delay_seconds: (!delays.is_empty())
                    .then(|| delays.iter().sum::<f64>() / delays.len() as f64),
                overtime_minutes: slice.iter().map(|a| a.overtime_minutes).sum(),
            }
        })
        .collect();
    CheckJson {
        verdict: c.verdict.name(),
        replications,
        rounds: c
            .rounds
            .iter()
            .map(|r| CheckRoundJson {
                missed: r.missed.iter().map(|i| name(s, *i)).collect(),
                added: r
                    .added
                    .iter()
                    .map(|(sh, d)| format!("shift {} day {}", sh + 1, d + 1))
                    .collect(),
                moved: r.moved.clone(),
            })
            .collect(),
        no_shift_helps: c.hopeless.iter().map(|i| name(s, *i)).collect(),
        intervals,
        days,
    }
}

fn pct(e: Estimate) -> String {
    if e.mean.is_nan() {
        "-".into()
    } else {
        format!("{:.1}%", e.mean * 100.0)
    }
}

/// The check as a terminal table with its verdict.
pub fn check_text(s: &Schedule, j: &CheckJson) -> String {
    let mut rows = vec![[
        "interval",
        "required",
        "on shift",
        "on break",
        "on phones",
        "SL",
        "abandon",
        "meets",
        "break delay s",
        "overtime min",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect::<Vec<_>>()];
    for (i, c) in j.intervals.iter().enumerate() {
        rows.push(vec![
            name(s, i),
            format!("{}", c.required),
            format!("{:.1}", c.on_shift),
            format!("{:.1}", c.on_break),
            format!("{:.1}", c.on_phones),
            pct(c.service_level),
            pct(c.abandon_rate),
            if c.meets { "yes".into() } else { "NO".into() },
            c.break_delay_seconds
                .map_or("-".into(), |v| format!("{v:.0}")),
            format!("{:.1}", c.overtime_minutes),
        ]);
    }
    let mut out = format!(
        "\nSimulation check ({} replications per round, the scenario's targets; figures of the final schedule):\n",
        j.replications
    );
    out.push_str(&align(&rows));
    for (r, round) in j.rounds.iter().enumerate() {
        if round.missed.is_empty() {
            out.push_str(&format!(
                "Round {}: every interval meets its targets.\n",
                r + 1
            ));
        } else {
            out.push_str(&format!(
                "Round {}: {} interval(s) miss: {}{}{}\n",
                r + 1,
                round.missed.len(),
                round.missed.join(", "),
                if round.moved.is_empty() {
                    String::new()
                } else {
                    format!("; moved {}", round.moved.join("; "))
                },
                if round.added.is_empty() {
                    String::new()
                } else {
                    format!("; added {}", round.added.join(", "))
                }
            ));
        }
    }
    out.push_str(&match j.verdict {
        "met" => "Verdict: every target holds.\n".to_string(),
        "no_shift_helps" => format!("Verdict: no shift can help {}: no candidate shift covers them (widen the start window or add lengths).\n", j.no_shift_helps.join(", ")),
        _ => "Verdict: intervals still miss after the last round (raise --max-rounds).\n".to_string(),
    });
    out
}

/// Whether the check ended with every target met.
pub fn met(c: &Checked) -> bool {
    c.verdict == Verdict::Met
}

/// The coverage chart: required, scheduled, on the phones expected (and simulated).
pub fn coverage_chart(
    s: &Schedule,
    c: Option<&Checked>,
    format: Format,
) -> Result<Vec<u8>, String> {
    let r = &s.requirement;
    let n = r.intervals;
    let spans: Vec<(f64, f64)> = (0..r.agents.len())
        .map(|i| {
            let a =
                (r.start_of_day + 86_400.0 * (i / n) as f64 + r.interval * (i % n) as f64) / 3600.0;
            (a, a + r.interval / 3600.0)
        })
        .collect();
    let required: Vec<f64> = s.coverage.iter().map(|x| x.required).collect();
    let scheduled: Vec<f64> = s.coverage.iter().map(|x| x.scheduled).collect();
    let expected: Vec<f64> = s.coverage.iter().map(|x| x.on_phones).collect();
    let simulated: Vec<f64> = c.map_or(Vec::new(), |c| {
        c.agents.iter().map(|a| a.on_phones).collect()
    });
    let chart = CoverageChart {
        title: "Coverage: agents required, scheduled and on the phones",
        spans: &spans,
        required: &required,
        scheduled: &scheduled,
        expected: &expected,
        simulated: &simulated,
    };
    render(&chart, format)
}
