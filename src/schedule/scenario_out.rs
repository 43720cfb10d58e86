//! The schedule as a scenario: the scenario the requirement came from, with
//! the staffed group's `agents` replaced by `[[groups.shifts]]` (one per
//! scheduled shift, its breaks as the rules give them), validated again so
//! that `ccsim run` accepts what is written.

use super::plan::Schedule;
use super::render::count_columns;
use crate::error::Problem;
use crate::scenario::raw::NumberOrList;
use crate::scenario::shifts::{RawShift, RawShiftBreak};
use crate::scenario::valid::clock_label;
use crate::scenario::{self, RawScenario, ValidScenario};

/// Checks that the schedule's days and intervals are the scenario's.
pub fn check_fits(sc: &ValidScenario, s: &Schedule) -> Result<(), String> {
    let h = &sc.horizon;
    let r = &s.requirement;
    let same_start = ((h.start_of_day - r.start_of_day).rem_euclid(86_400.0)).abs() < 0.5;
    if !same_start || (h.interval - r.interval).abs() > 0.5 || h.intervals != r.agents.len() {
        return Err(format!(
            "the requirement ({} day(s) of {} intervals of {} min from {}) does not match the scenario's horizon ({} intervals of {} min from {}); make the requirement from this scenario",
            r.days(),
            r.intervals,
            r.interval / 60.0,
            clock_label(r.start_of_day % 86_400.0),
            h.intervals,
            h.interval / 60.0,
            clock_label(h.start_of_day)
        ));
    }
    Ok(())
}

/// `raw` with group `group` staffed by the schedule's shifts, and absent
/// at the absenteeism the schedule was planned for (so the check simulates
/// what the plan assumed).
pub fn with_shifts(raw: &RawScenario, group: usize, s: &Schedule) -> RawScenario {
    let mut raw = raw.clone();
    let t0 = s.requirement.start_of_day;
    let days = count_columns(s.requirement.days()).len();
    let g = &mut raw.groups[group];
    g.agents = NumberOrList::List(Vec::new());
    g.absenteeism = (s.absenteeism > 0.0).then_some(s.absenteeism);
    g.shifts = s
        .shifts
        .iter()
        .map(|sh| RawShift {
            start: sh.shift.start_label(t0),
            length: clock_label(sh.shift.length),
            count: if days == 1 {
                NumberOrList::One(f64::from(sh.counts[0]))
            } else {
                NumberOrList::List(sh.counts.iter().map(|c| f64::from(*c)).collect())
            },
            breaks: sh
                .shift
                .breaks
                .iter()
                .map(|b| RawShiftBreak {
                    after: clock_label(b.after),
                    within: (b.within > 0.0).then(|| clock_label(b.within)),
                    length: clock_label(b.length),
                    paid: (!b.paid).then_some(false),
                })
                .collect(),
        })
        .collect();
    raw
}

/// Validates `raw` (a scenario this module made).
pub fn validate(raw: &RawScenario) -> Result<ValidScenario, String> {
    scenario::validate(raw).map_err(|ps| {
        ps.iter()
            .map(Problem::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// `raw` as TOML text after `header`, with whole numbers written as
/// integers; parsed and validated again before it is returned.
pub fn to_toml(raw: &RawScenario, header: &str) -> Result<String, String> {
    let mut value = toml::Value::try_from(raw).map_err(|e| e.to_string())?;
    integers(&mut value);
    let body = toml::to_string(&value).map_err(|e| e.to_string())?;
    let text = format!("{header}{body}");
    let check = scenario::parse(&text).map_err(|p| p.to_string())?;
    validate(&check)?;
    Ok(text)
}

/// Writes whole floats in `[[groups]]` as TOML integers (agents, counts).
fn integers(v: &mut toml::Value) {
    fn walk(v: &mut toml::Value) {
        match v {
            toml::Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                *v = toml::Value::Integer(*f as i64);
            }
            toml::Value::Array(a) => a.iter_mut().for_each(walk),
            toml::Value::Table(t) => t.iter_mut().for_each(|(_, x)| walk(x)),
            _ => {}
        }
    }
    if let Some(groups) = v.get_mut("groups") {
        walk(groups);
    }
}
