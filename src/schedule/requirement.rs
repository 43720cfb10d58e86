//! The requirement a schedule must cover: agents needed on the phones in
//! each interval of one or more days, read from the output of
//! `ccsim staff` (its `--json` or `--csv`), of `ccsim erlang --scenario`
//! (its `--json` or `--csv`), or from a plain CSV with one row per interval.
//!
//! Columns of a CSV (header names, any order, any case; the names tried are
//! in [`FIELDS`]): `interval` or `start` (clock "HH:MM"), and the agents
//! needed in `required`, `agents_required` (Erlang) or `agents` (staff);
//! optionally `day` (1, 2, ...) for several days and `warmup` (rows marked
//! `true` are left out, as `ccsim run` leaves them). The file is read with
//! the history readers' [`Table`] (separators, quotes, encodings, gzip).
//! A JSON file is read from its `intervals` array with the same names.

use std::path::Path;

use crate::error::Error;
use crate::history::table::{Field, Table};
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

/// Reads a requirement file: JSON when the text starts with `{`, else a
/// CSV read as the history readers read exports (`,` `;` or tab, quoted
/// cells, a byte-order mark, CRLF, gzip, Latin-1 or UTF-16; header names in
/// any case and spacing, see [`FIELDS`]).
pub fn load(path: &Path) -> Result<Requirement, Error> {
    let (bytes, _) = crate::history::table::read_bytes(path)?;
    let fail = |message: String| Error::Data {
        path: path.to_owned(),
        message,
    };
    let mut notes = Vec::new();
    let text = crate::history::table::decode(&bytes, &mut notes);
    let rows = if text.trim_start().starts_with('{') {
        json_rows(&text).map_err(fail)?
    } else {
        csv_rows_of(path, text.as_bytes())?
    };
    Requirement::from_rows(&rows).map_err(fail)
}

const AGENT_KEYS: [&str; 3] = ["required", "agents_required", "agents"];
const START_KEYS: [&str; 2] = ["interval", "start"];

/// The columns of a CSV requirement and the header names tried, in order
/// (compared ignoring case, spaces and punctuation): the output of
/// `ccsim staff --csv` (`interval`, `agents`, `warmup`), of `ccsim erlang
/// --scenario --csv` (`interval`, `agents_required`, `day`) and a plain
/// file of agents needed per interval.
pub const FIELDS: &[Field] = &[
    Field {
        name: "start",
        aliases: &["interval", "start", "interval_start", "start_time", "time"],
        meaning: "start of the interval, clock HH:MM",
    },
    Field {
        name: "required",
        aliases: &[
            "required",
            "agents_required",
            "required_agents",
            "agents_needed",
            "requirement",
            "agents",
        ],
        meaning: "agents needed on the phones in the interval",
    },
    Field {
        name: "day",
        aliases: &["day", "day_number"],
        meaning: "day of the horizon, 1, 2, ... (optional: one day)",
    },
    Field {
        name: "warmup",
        aliases: &["warmup"],
        meaning: "`true` on rows ccsim staff simulated as warm-up (left out)",
    },
];

fn clock(s: &str, row: u64) -> Result<f64, String> {
    parse_clock(s, true)
        .ok_or_else(|| format!("row {row}: interval \"{s}\" is not a clock time \"HH:MM\""))
}

/// Rows (day, clock seconds, agents) of a CSV requirement given as text;
/// the first bad row is an error naming its line.
pub fn csv_rows(text: &str) -> Result<Vec<(usize, f64, f64)>, String> {
    csv_rows_of(Path::new("requirement"), text.as_bytes()).map_err(|e| match e {
        Error::Data { message, .. } => message,
        other => other.to_string(),
    })
}

fn csv_rows_of(path: &Path, bytes: &[u8]) -> Result<Vec<(usize, f64, f64)>, Error> {
    let table = Table::from_bytes(path, bytes, FIELDS, &[])?;
    let fail = |message: String| Error::Data {
        path: path.to_owned(),
        message,
    };
    if !table.has("start") {
        return Err(fail(format!(
            "no interval column: name one `interval` or `start` (clock \"HH:MM\"); the header has: {}",
            table.headers.join(", ")
        )));
    }
    if !table.has("required") {
        return Err(fail(format!(
            "no requirement column: name one `required`, `agents_required` (ccsim erlang) or `agents` (ccsim staff); the header has: {}",
            table.headers.join(", ")
        )));
    }
    let header = table.headers[table.columns["required"]].clone();
    let import = table.rows(|line, row| {
        if row.get("warmup").is_some_and(|w| w.eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        let t = clock(row.get("start").unwrap_or(""), line)?;
        let cell = row.get("required").unwrap_or("");
        let a: f64 = cell.parse().map_err(|_| {
            format!(
                "row {line}: {header} \"{cell}\" is not a number (an unreachable interval in `ccsim erlang` output needs a target it can meet)"
            )
        })?;
        let d = match row.get("day") {
            None => 1,
            Some(s) => s
                .parse()
                .map_err(|_| format!("row {line}: day \"{s}\" is not a whole number"))?,
        };
        Ok(Some((d, t, a)))
    });
    if let Some(bad) = import.bad.first() {
        let reason = if bad.reason.starts_with("row ") {
            bad.reason.clone()
        } else {
            format!("row {}: {}", bad.line, bad.reason)
        };
        let more = import.bad.len() - 1;
        return Err(fail(if more > 0 {
            format!(
                "{reason} (and {more} more bad row(s); a requirement is a plan, no row is skipped)"
            )
        } else {
            reason
        }));
    }
    Ok(import.rows.into_iter().flatten().collect())
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
