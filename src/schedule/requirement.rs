//! The requirement a schedule must cover: agents needed on the phones in
//! each interval of one or more days, read from the output of
//! `ccsim staff` (its `--json` or `--csv`), of `ccsim erlang --scenario`
//! (its `--json` or `--csv`), or from a plain CSV with one row per interval.
//!
//! Columns of a CSV (header names, any order): `interval` or `start` (clock
//! "HH:MM"), and the agents needed in `required`, `agents_required` (Erlang)
//! or `agents` (staff); optionally `day` (1, 2, ...) for several days and
//! `warmup` (rows marked `true` are left out, as `ccsim run` leaves them).
//! A JSON file is read from its `intervals` array with the same names.

use std::path::Path;

use crate::error::Error;
use crate::scenario::validate::parse_clock;

/// Agents needed on the phones per interval, day after day.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Clock time of the first interval of each day, seconds after midnight.
    pub start_of_day: f64,
    /// Interval length, seconds.
    pub interval: f64,
    /// Intervals per day.
    pub intervals: usize,
    /// Agents needed, `day * intervals + k`.
    pub agents: Vec<f64>,
}

impl Requirement {
    /// Number of days.
    pub fn days(&self) -> usize {
        self.agents.len() / self.intervals.max(1)
    }

    /// Length of one day's opening, seconds.
    pub fn day_length(&self) -> f64 {
        self.interval * self.intervals as f64
    }

    /// "HH:MM" label of interval `k` of a day.
    pub fn label(&self, k: usize) -> String {
        crate::scenario::valid::clock_label(
            (self.start_of_day + self.interval * k as f64) % 86_400.0,
        )
    }

    /// A requirement of one day repeated over `days` days.
    pub fn repeated(&self, days: usize) -> Requirement {
        let one = &self.agents[..self.intervals];
        Requirement {
            agents: (0..days).flat_map(|_| one.iter().copied()).collect(),
            ..self.clone()
        }
    }

    /// Builds a requirement from rows (day, clock seconds, agents), checking
    /// that every day has the same equally spaced intervals.
    pub fn from_rows(rows: &[(usize, f64, f64)]) -> Result<Requirement, String> {
        if rows.is_empty() {
            return Err("no intervals: the file has no rows with a requirement".into());
        }
        let first_day = rows[0].0;
        let day0: Vec<f64> = rows
            .iter()
            .filter(|r| r.0 == first_day)
            .map(|r| r.1)
            .collect();
        // Clock times after midnight continue the day (a night 22:00-06:00).
        let mut starts = Vec::with_capacity(day0.len());
        for &t in &day0 {
            let mut t = t;
            while let Some(&prev) = starts.last() {
                if t > prev {
                    break;
                }
                t += 86_400.0;
            }
            starts.push(t);
        }
        let interval = if starts.len() > 1 {
            starts[1] - starts[0]
        } else {
            1800.0
        };
        for (k, w) in starts.windows(2).enumerate() {
            if (w[1] - w[0] - interval).abs() > 0.5 {
                return Err(format!(
                    "intervals are not equally spaced: row {} starts {} after the one before, the first two {} apart",
                    k + 3,
                    crate::scenario::valid::clock_label(w[1] - w[0]),
                    crate::scenario::valid::clock_label(interval)
                ));
            }
        }
        let n = starts.len();
        let days = rows.len() / n;
        if days * n != rows.len() {
            return Err(format!(
                "every day must have the same {n} intervals as the first ({} rows in all)",
                rows.len()
            ));
        }
        for (i, r) in rows.iter().enumerate() {
            let expect = starts[i % n] % 86_400.0;
            if (r.1 - expect).abs() > 0.5 || r.0 != rows[(i / n) * n].0 {
                return Err(format!(
                    "row {}: day {} interval {} does not follow the first day's intervals",
                    i + 2,
                    r.0,
                    crate::scenario::valid::clock_label(r.1)
                ));
            }
            if !(r.2.is_finite() && r.2 >= 0.0 && r.2 <= 1e6) {
                return Err(format!(
                    "row {}: agents needed must be a number from 0 to 1000000 (got {})",
                    i + 2,
                    r.2
                ));
            }
        }
        Ok(Requirement {
            start_of_day: starts[0],
            interval,
            intervals: n,
            agents: rows.iter().map(|r| r.2).collect(),
        })
    }
}

/// Reads a requirement file (CSV, or JSON when the text starts with `{`).
pub fn load(path: &Path) -> Result<Requirement, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::ReadData {
        path: path.to_owned(),
        source,
    })?;
    let fail = |message: String| Error::Data {
        path: path.to_owned(),
        message,
    };
    let rows = if text.trim_start().starts_with('{') {
        json_rows(&text).map_err(fail)?
    } else {
        csv_rows(&text).map_err(fail)?
    };
    Requirement::from_rows(&rows).map_err(|m| Error::Data {
        path: path.to_owned(),
        message: m,
    })
}

const AGENT_KEYS: [&str; 3] = ["required", "agents_required", "agents"];
const START_KEYS: [&str; 2] = ["interval", "start"];

fn clock(s: &str, row: usize) -> Result<f64, String> {
    parse_clock(s, true)
        .ok_or_else(|| format!("row {row}: interval \"{s}\" is not a clock time \"HH:MM\""))
}

/// Rows of a CSV requirement.
pub fn csv_rows(text: &str) -> Result<Vec<(usize, f64, f64)>, String> {
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = r
        .headers()
        .map_err(|e| format!("cannot read the header: {e}"))?
        .clone();
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == *n))
    };
    let start = col(&START_KEYS)
        .ok_or("no interval column: name one `interval` or `start` (clock \"HH:MM\")")?;
    let agents = col(&AGENT_KEYS).ok_or(
        "no requirement column: name one `required`, `agents_required` (ccsim erlang) or `agents` (ccsim staff)",
    )?;
    let day = col(&["day"]);
    let warmup = col(&["warmup"]);
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| format!("row {line}: {e}"))?;
        if warmup.and_then(|w| rec.get(w)) == Some("true") {
            continue;
        }
        let t = clock(rec.get(start).unwrap_or(""), line)?;
        let cell = rec.get(agents).unwrap_or("");
        let a: f64 = cell.parse().map_err(|_| {
            format!(
                "row {line}: {} \"{cell}\" is not a number (an unreachable interval in `ccsim erlang` output needs a target it can meet)",
                header.get(agents).unwrap_or("")
            )
        })?;
        let d = match day.and_then(|d| rec.get(d)) {
            None | Some("") => 1,
            Some(s) => s
                .parse()
                .map_err(|_| format!("row {line}: day \"{s}\" is not a whole number"))?,
        };
        rows.push((d, t, a));
    }
    Ok(rows)
}

/// Rows of a JSON requirement (the `intervals` array of staff or erlang output).
pub fn json_rows(text: &str) -> Result<Vec<(usize, f64, f64)>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let list = v
        .get("intervals")
        .and_then(|i| i.as_array())
        .ok_or("no `intervals` array: give the --json output of `ccsim staff` or `ccsim erlang --scenario`")?;
    let mut rows = Vec::new();
    for (i, item) in list.iter().enumerate() {
        if item.get("warmup").and_then(|w| w.as_bool()) == Some(true) {
            continue;
        }
        let s = START_KEYS
            .iter()
            .find_map(|k| item.get(*k).and_then(|v| v.as_str()))
            .ok_or_else(|| format!("intervals[{i}]: no `start` clock time"))?;
        let t = parse_clock(s, true)
            .ok_or_else(|| format!("intervals[{i}].start: \"{s}\" is not \"HH:MM\""))?;
        let a = AGENT_KEYS
            .iter()
            .find_map(|k| item.get(*k).and_then(|v| v.as_f64()))
            .ok_or_else(|| {
                format!("intervals[{i}]: no number of agents (`agents_required` or `agents`); an unreachable interval needs a target it can meet")
            })?;
        let d = item.get("day").and_then(|d| d.as_u64()).unwrap_or(1) as usize;
        rows.push((d, t, a));
    }
    Ok(rows)
}
