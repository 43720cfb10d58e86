//! Interval data: one row per interval as ACD and workforce-management
//! tools export it (interval start, calls offered, optionally answered,
//! abandoned, service level, ASA, AHT, agents).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDateTime;

use super::calls::Limits;
use super::table::{Field, Import, Table};
use super::values::{count, duration, duration_label, share, TimeFormat};
use crate::error::Error;

/// The fields of an interval file and the column names tried by default.
pub const FIELDS: &[Field] = &[
    Field {
        name: "start",
        aliases: &[
            "interval_start",
            "interval",
            "start",
            "start_time",
            "datetime",
            "date_time",
            "timestamp",
            "period",
            "time",
        ],
        meaning: "date-time the interval starts, or its time of day with a date column",
    },
    Field {
        name: "date",
        aliases: &["date", "day"],
        meaning: "date, when the start column holds only the time of day",
    },
    Field {
        name: "offered",
        aliases: &[
            "offered",
            "calls_offered",
            "offered_calls",
            "calls",
            "incoming",
            "volume",
            "contacts",
            "contacts_offered",
        ],
        meaning: "calls offered in the interval",
    },
    Field {
        name: "answered",
        aliases: &["answered", "calls_answered", "handled", "calls_handled"],
        meaning: "calls answered",
    },
    Field {
        name: "abandoned",
        aliases: &["abandoned", "calls_abandoned", "abandons", "aband"],
        meaning: "calls abandoned",
    },
    Field {
        name: "blocked",
        aliases: &["blocked", "busy", "calls_blocked"],
        meaning: "calls that got a busy signal",
    },
    Field {
        name: "answered_within",
        aliases: &[
            "answered_within",
            "answered_within_threshold",
            "answered_in_sl",
            "within_sl",
        ],
        meaning: "calls answered within the service-level threshold",
    },
    Field {
        name: "service_level",
        aliases: &[
            "service_level",
            "sl",
            "service_level_percent",
            "sl_percent",
            "service_level_%",
        ],
        meaning: "service level, a fraction or a percentage",
    },
    Field {
        name: "asa",
        aliases: &[
            "asa",
            "asa_seconds",
            "average_speed_of_answer",
            "avg_speed_of_answer",
        ],
        meaning: "average speed of answer, seconds or MM:SS",
    },
    Field {
        name: "aht",
        aliases: &[
            "aht",
            "aht_seconds",
            "average_handle_time",
            "avg_handle_time",
            "handle_time",
        ],
        meaning: "average handle time, seconds or MM:SS",
    },
    Field {
        name: "abandon_time",
        aliases: &[
            "avg_abandon_seconds",
            "avg_abandon_time",
            "average_time_to_abandon",
            "time_to_abandon",
            "abandon_time",
        ],
        meaning: "average wait of the abandoned calls, seconds or MM:SS",
    },
    Field {
        name: "agents",
        aliases: &[
            "agents",
            "staffed",
            "agents_staffed",
            "staffed_agents",
            "positions",
            "headcount",
        ],
        meaning: "agents staffed in the interval",
    },
];

/// One interval of one day as the export gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    /// Line in the file.
    pub line: u64,
    /// Date-time the interval starts.
    pub start: NaiveDateTime,
    /// Calls offered.
    pub offered: f64,
    /// Calls answered.
    pub answered: Option<f64>,
    /// Calls abandoned.
    pub abandoned: Option<f64>,
    /// Calls blocked.
    pub blocked: Option<f64>,
    /// Calls answered within the service-level threshold.
    pub answered_within: Option<f64>,
    /// Service level as a fraction.
    pub service_level: Option<f64>,
    /// Average speed of answer, seconds.
    pub asa: Option<f64>,
    /// Average handle time, seconds.
    pub aht: Option<f64>,
    /// Average wait of abandoned calls, seconds.
    pub abandon_time: Option<f64>,
    /// Agents staffed.
    pub agents: Option<f64>,
}

/// Reads an interval file. Bad rows (unparsable values, negative counts,
/// answered + abandoned above offered, the same interval twice) are
/// reported by line and skipped; see [`Import::check`].
pub fn read(
    path: &Path,
    mapping: &[(&'static str, String)],
    time: &TimeFormat,
) -> Result<Import<IntervalRow>, Error> {
    read_with(path, mapping, time, &Limits::default())
}

/// [`read`] with the given limits of plausible values.
pub fn read_with(
    path: &Path,
    mapping: &[(&'static str, String)],
    time: &TimeFormat,
    limits: &Limits,
) -> Result<Import<IntervalRow>, Error> {
    let table = Table::open(path, FIELDS, mapping)?;
    from_table_with(&table, time, limits)
}

/// Most calls (or agents) one interval row may count: larger counts are
/// set aside as implausible.
pub const MAX_COUNT: f64 = 1e7;

/// Parses the rows of an open table (see [`read`]).
pub fn from_table(table: &Table, time: &TimeFormat) -> Result<Import<IntervalRow>, Error> {
    from_table_with(table, time, &Limits::default())
}

/// [`from_table`] with the given limits of plausible values: a row whose
/// ASA, AHT or mean abandon wait is above `limits.max_duration`, or whose
/// counts exceed [`MAX_COUNT`], is set aside and counted.
pub fn from_table_with(
    table: &Table,
    time: &TimeFormat,
    limits: &Limits,
) -> Result<Import<IntervalRow>, Error> {
    for required in ["start", "offered"] {
        if !table.has(required) {
            let f = FIELDS.iter().find(|f| f.name == required).copied();
            return Err(table.missing(&f.unwrap_or(FIELDS[0])));
        }
    }
    let has_date = table.has("date");
    let mut seen: HashMap<NaiveDateTime, u64> = HashMap::new();
    let max = limits.max_duration;
    let parsed = table.rows(|line, r| {
        let start_text = r.need("start")?;
        let start = match (has_date, r.get("date")) {
            (true, Some(d)) => time
                .parse(start_text)
                .or_else(|_| time.parse_split(d, start_text))?,
            _ => time.parse(start_text)?,
        };
        let opt = |field: &str, f: fn(&str, &str) -> Result<f64, String>| {
            r.get(field).map(|v| f(v, field)).transpose()
        };
        let row = IntervalRow {
            line,
            start,
            offered: count(r.need("offered")?, "offered")?,
            answered: opt("answered", count)?,
            abandoned: opt("abandoned", count)?,
            blocked: opt("blocked", count)?,
            answered_within: opt("answered_within", count)?,
            service_level: opt("service_level", share)?,
            asa: opt("asa", duration)?,
            aht: opt("aht", duration)?,
            abandon_time: opt("abandon_time", duration)?,
            agents: opt("agents", count)?,
        };
        let done = row.answered.unwrap_or(0.0) + row.abandoned.unwrap_or(0.0);
        if done > row.offered + 0.5 {
            return Err(format!(
                "answered + abandoned ({done}) exceed offered ({})",
                row.offered
            ));
        }
        if let (Some(w), Some(a)) = (row.answered_within, row.answered) {
            if w > a + 0.5 {
                return Err(format!("answered_within ({w}) exceeds answered ({a})"));
            }
        }
        if let Some(first) = seen.get(&start) {
            return Err(format!(
                "interval {} appears on line {first} and again on line {line}",
                start.format("%Y-%m-%d %H:%M")
            ));
        }
        seen.insert(start, line);
        let long = [row.asa, row.aht, row.abandon_time]
            .into_iter()
            .flatten()
            .any(|v| v > max);
        if long {
            return Ok(Err(format!(
                "intervals with an ASA, AHT or mean abandon wait above {} (the --max-duration limit of plausible values)",
                duration_label(max)
            )));
        }
        let counts = [
            Some(row.offered),
            row.answered,
            row.abandoned,
            row.blocked,
            row.answered_within,
            row.agents,
        ];
        if counts.into_iter().flatten().any(|v| v > MAX_COUNT) {
            return Ok(Err(format!(
                "intervals counting more than {MAX_COUNT:e} calls or agents (implausible)"
            )));
        }
        Ok(Ok(row))
    });
    let mut out = Import {
        path: parsed.path,
        rows: Vec::with_capacity(parsed.rows.len()),
        bad: parsed.bad,
        set_aside: Vec::new(),
        implausible: Vec::new(),
        notes: parsed.notes,
    };
    for p in parsed.rows {
        match p {
            Ok(row) => out.rows.push(row),
            Err(reason) => out.add_implausible(&reason),
        }
    }
    Ok(out)
}
