//! A forecast file (`[arrivals] file = "forecast.csv"`): calls, and
//! optionally the average handle time, per interval of the horizon, as a
//! workforce-management tool exports a forecast. Columns are found by name
//! as the history readers find them (any order, `,` `;` or tab, quoted
//! cells, gzip, Latin-1 or UTF-16, CRLF):
//!
//! - `date` (YYYY-MM-DD) **or** `weekday` (mon..sun, or the full name): the
//!   day a row belongs to. Dates map to the horizon's calendar days in
//!   order, the first date being day 1 (its weekday must be `first_day`);
//!   a weekday row applies to every open day of that weekday;
//! - `start`: the interval's start, "HH:MM" (or a date-time "YYYY-MM-DD
//!   HH:MM", which then also gives the date);
//! - `calls`: calls expected in the interval;
//! - `aht` (optional): average handle time of the interval, seconds;
//! - `type` (with `[[call_types]]`): the call type the row forecasts.
//!
//! With `[[call_types]]` the file is every type's forecast: each row names
//! its type, and each declared type must cover every open interval exactly
//! once (a scenario with a single declared type may leave the column out).
//! The file must cover every open interval of the horizon exactly once: a
//! forecast is a plan, so a missing interval, a duplicate, a row outside
//! the opening hours or on a closed day (a weekday row with calls on a
//! weekday the horizon never opens too), and a bad cell are errors naming
//! the line, never skipped rows.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::valid::{Horizon, WEEKDAYS};
use super::validate::{parse_clock, parse_weekday};
use crate::history::table::{Field, Row, Table};

/// The fields of a forecast file and the column names tried.
pub const FIELDS: &[Field] = &[
    Field {
        name: "date",
        aliases: &["date", "day_date", "calendar_date"],
        meaning: "date of the row (YYYY-MM-DD); or give a weekday column",
    },
    Field {
        name: "weekday",
        aliases: &["weekday", "day_of_week", "dow", "day"],
        meaning: "weekday of the row (mon..sun), for a forecast of a typical week",
    },
    Field {
        name: "start",
        aliases: &[
            "start",
            "interval_start",
            "interval",
            "start_time",
            "time",
            "period",
            "datetime",
        ],
        meaning: "start of the interval, HH:MM (or YYYY-MM-DD HH:MM)",
    },
    Field {
        name: "calls",
        aliases: &[
            "calls",
            "forecast",
            "calls_forecast",
            "forecast_calls",
            "offered",
            "calls_offered",
            "volume",
            "contacts",
        ],
        meaning: "calls expected in the interval",
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
        meaning: "average handle time of the interval, seconds (optional)",
    },
    Field {
        name: "type",
        aliases: &[
            "type",
            "call_type",
            "service_type",
            "skill",
            "queue",
            "queue_name",
            "skill_group",
            "split",
        ],
        meaning: "the call type of the row, a declared [[call_types]] name (with call types)",
    },
];

/// A forecast mapped onto the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Calls expected per interval of the horizon.
    pub calls: Vec<f64>,
    /// Average handle time per interval of the horizon, seconds, where the
    /// file has an `aht` column (`None` in an interval whose cell is empty).
    pub aht: Option<Vec<Option<f64>>>,
}

/// The day a row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Day {
    Date(NaiveDate),
    Weekday(usize),
}

struct Parsed {
    line: u64,
    /// Index of the row's call type (0 without a type column).
    ty: usize,
    day: Day,
    /// Seconds after midnight.
    clock: f64,
    calls: f64,
    aht: Option<f64>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// "HH:MM[:SS]", or a date-time (which gives the date too).
fn parse_start(s: &str) -> Option<(Option<NaiveDate>, f64)> {
    let s = s.trim();
    if let Some(t) = parse_clock(s, true) {
        return Some((None, t));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            let t = dt.time();
            use chrono::Timelike;
            return Some((
                Some(dt.date()),
                f64::from(t.hour() * 3600 + t.minute() * 60 + t.second()),
            ));
        }
    }
    None
}

fn number(row: &Row<'_>, field: &str, what: &str) -> Result<Option<f64>, String> {
    let Some(cell) = row.get(field) else {
        return Ok(None);
    };
    let x: f64 = cell
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("{what} \"{cell}\" is not a number"))?;
    if !x.is_finite() || x < 0.0 {
        return Err(format!("{what} \"{cell}\" must be a number >= 0"));
    }
    Ok(Some(x))
}

/// How a row's type cell maps to a call type.
struct Types<'a> {
    /// The declared names, in declaration order (empty: no `[[call_types]]`).
    declared: &'a [&'a str],
    /// The type column's header, if the file has one.
    header: Option<&'a str>,
}

impl Types<'_> {
    /// Index of the row's type: the declared type its cell names (exactly,
    /// or ignoring case when that is unambiguous); 0 without a column or
    /// without declared types.
    fn of(&self, row: &Row<'_>) -> Result<usize, String> {
        let Some(header) = self.header else {
            return Ok(0);
        };
        if self.declared.is_empty() {
            return Ok(0);
        }
        let cell = row.get("type").map(str::trim).unwrap_or("");
        if cell.is_empty() {
            return Err(format!(
                "the type (column \"{header}\") is empty: name one of the declared call types, {}",
                self.list()
            ));
        }
        if let Some(i) = self.declared.iter().position(|n| *n == cell) {
            return Ok(i);
        }
        let folded: Vec<usize> = (0..self.declared.len())
            .filter(|&i| self.declared[i].eq_ignore_ascii_case(cell))
            .collect();
        if let [i] = folded[..] {
            return Ok(i);
        }
        Err(format!(
            "type \"{cell}\" (column \"{header}\") is not a declared call type: the declared types are {}; correct the cell, or declare [[call_types]] name = \"{cell}\"",
            self.list()
        ))
    }

    fn list(&self) -> String {
        self.declared
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn parse_row(
    line: u64,
    row: &Row<'_>,
    has_date: bool,
    types: &Types<'_>,
) -> Result<Parsed, String> {
    let ty = types.of(row)?;
    let start = row.need("start")?;
    let (start_date, clock) = parse_start(start).ok_or_else(|| {
        format!(
            "start \"{start}\" is neither a time \"HH:MM\" nor a date-time \"YYYY-MM-DD HH:MM\""
        )
    })?;
    let day = if has_date {
        let d = row.need("date")?;
        Day::Date(parse_date(d).ok_or_else(|| format!("date \"{d}\" is not a date YYYY-MM-DD"))?)
    } else if let Some(d) = start_date {
        Day::Date(d)
    } else {
        let w = row.need("weekday")?;
        Day::Weekday(parse_weekday(w).ok_or_else(|| {
            format!(
                "weekday \"{w}\" is not a weekday: use one of {}",
                WEEKDAYS.join(", ")
            )
        })?)
    };
    let calls = number(row, "calls", "calls")?.ok_or("calls is empty")?;
    let aht = number(row, "aht", "aht")?;
    if aht == Some(0.0) {
        return Err(
            "aht 0: a handle time must be above 0 (leave the cell empty for the scenario's)".into(),
        );
    }
    Ok(Parsed {
        line,
        ty,
        day,
        clock,
        calls,
        aht,
    })
}

/// Reads the forecast at `path` and maps it onto horizon `h`, for a
/// scenario without `[[call_types]]`; `Err` is a message naming the line
/// and the fix.
pub fn read(path: &Path, h: &Horizon) -> Result<Forecast, String> {
    let mut all = read_types(path, h, &[])?;
    Ok(all.swap_remove(0))
}

/// Reads the forecast at `path` for the call types `declared` (their
/// names, in declaration order) and maps it onto horizon `h`: one
/// [`Forecast`] per declared type, in that order (one in all when
/// `declared` is empty, the scenario having no `[[call_types]]`). Each row
/// names its type in the `type` column, which may be left out when at most
/// one type is declared. `Err` is a message naming the line, the column,
/// the value and the fix.
pub fn read_types(path: &Path, h: &Horizon, declared: &[&str]) -> Result<Vec<Forecast>, String> {
    let table = Table::open(path, FIELDS, &[]).map_err(|e| e.to_string())?;
    for need in ["start", "calls"] {
        if !table.has(need) {
            let f = field(need);
            return Err(format!(
                "no column for {need} ({}): tried {}; the header has: {}",
                f.meaning,
                f.aliases.join(", "),
                table.headers.join(", ")
            ));
        }
    }
    let header = table
        .columns
        .get("type")
        .map(|&i| table.headers[i].as_str());
    if declared.len() > 1 && header.is_none() {
        let names: Vec<String> = declared.iter().map(|n| format!("\"{n}\"")).collect();
        return Err(format!(
            "no column for the call type: with {} [[call_types]] every row names its type; add a column `type` (tried {}; the header has: {}) holding one of {} on every row, or give each [[call_types]] its own calls_per_hour or calls_per_interval instead of arrivals.file",
            declared.len(),
            field("type").aliases.join(", "),
            table.headers.join(", "),
            names.join(", ")
        ));
    }
    let types = Types { declared, header };
    let has_date = table.has("date");
    let import = table.rows(|line, row| parse_row(line, row, has_date, &types));
    if let Some(b) = import.bad.first() {
        return Err(format!(
            "line {}: {} ({} bad row(s) in all; a forecast is read whole: mend the file)",
            b.line,
            b.reason,
            import.bad.len()
        ));
    }
    let rows = import.rows;
    if rows.is_empty() {
        return Err("has no rows: give one row per interval of the horizon".into());
    }
    if let (Some(header), true) = (header, declared.is_empty()) {
        // Without [[call_types]] a type column may only name one type.
        let mut names: Vec<&str> = Vec::new();
        for cell in table.cells("type").map(str::trim) {
            if !names.contains(&cell) {
                names.push(cell);
            }
        }
        if names.len() > 1 {
            let more = if names.len() > 3 { ", ..." } else { "" };
            return Err(format!(
                "column \"{header}\" names {} call types (\"{}\"{more}) but the scenario declares no [[call_types]]: declare one [[call_types]] per type (name = \"{}\", ...; the file then gives each type its calls), or drop the column to forecast one type",
                names.len(),
                names[..names.len().min(3)].join("\", \""),
                names[0]
            ));
        }
    }
    // Dates: the first date (of any type) is calendar day 1 of the horizon.
    let first_date = rows
        .iter()
        .filter_map(|r| match r.day {
            Day::Date(d) => Some(d),
            Day::Weekday(_) => None,
        })
        .min();
    if let Some(d0) = first_date {
        let w = d0.weekday().num_days_from_monday() as usize;
        if w != h.first_weekday {
            return Err(format!(
                "the first date, {d0}, is a {} but the horizon starts on a {}: set [horizon] first_day = \"{}\" (or start the file on a {})",
                WEEKDAYS[w],
                WEEKDAYS[h.first_weekday],
                WEEKDAYS[w],
                WEEKDAYS[h.first_weekday]
            ));
        }
    }
    let count = declared.len().max(1);
    (0..count)
        .map(|ty| {
            let of_type: Vec<&Parsed> = rows.iter().filter(|r| r.ty == ty).collect();
            let who = declared.get(ty).map(|n| format!("call type \"{n}\""));
            map_rows(&of_type, first_date, h, who.as_deref())
        })
        .collect()
}

/// The field called `name`.
fn field(name: &str) -> &'static Field {
    FIELDS.iter().find(|f| f.name == name).expect("a field")
}

/// Maps the rows of one call type (`who` names it in messages, `None`
/// without call types) onto the horizon: every open interval exactly once.
fn map_rows(
    rows: &[&Parsed],
    first_date: Option<NaiveDate>,
    h: &Horizon,
    who: Option<&str>,
) -> Result<Forecast, String> {
    // Open day index of each calendar day.
    let mut open_index = vec![None; h.days];
    let mut od = 0;
    for (d, slot) in open_index.iter_mut().enumerate() {
        if h.is_open(d) && od < h.open_days() {
            *slot = Some(od);
            od += 1;
        }
    }
    let day = super::valid::DAY;
    // Interval `k` of open day `od` that starts at `clock` (seconds after
    // the day's own midnight; `+ DAY` for the morning after a night), if any.
    let slot = |od: usize, clock: f64| -> Option<usize> {
        let range = h.day_range(od);
        let i = (clock - h.day_open_clock(od)) / h.interval;
        ((i - i.round()).abs() < 1e-6 && i.round() >= 0.0 && (i.round() as usize) < range.len())
            .then(|| range.start + i.round() as usize)
    };
    let not_an_interval = |line: u64, clock: f64, od: usize| {
        let range = h.day_range(od);
        format!(
            "line {line}: an interval starting at {} is not one of {}'s ({} intervals of {} minutes from {})",
            super::valid::clock_label(clock),
            h.day_label(od),
            range.len(),
            h.interval / 60.0,
            super::valid::clock_label(h.day_open_clock(od))
        )
    };
    let mut calls = vec![f64::NAN; h.intervals];
    let mut aht: Vec<Option<f64>> = vec![None; h.intervals];
    let mut seen: HashMap<usize, u64> = HashMap::new();
    let has_aht = rows.iter().any(|r| r.aht.is_some());
    for r in rows {
        // (open day, interval) pairs the row gives.
        let targets: Vec<(usize, usize)> = match r.day {
            Day::Date(d) => {
                let cd = (d - first_date.expect("a date row")).num_days();
                if cd < 0 || cd as usize > h.days {
                    return Err(format!(
                        "line {}: {d} is outside the horizon of {} day(s) starting {}",
                        r.line,
                        h.days,
                        first_date.expect("a date row")
                    ));
                }
                // The day's own service, or (after midnight) the night
                // opened the evening before.
                let same = (cd as usize) < h.days;
                let own = same
                    .then(|| open_index[cd as usize])
                    .flatten()
                    .and_then(|od| slot(od, r.clock).map(|k| (od, k)));
                let before = (cd >= 1)
                    .then(|| open_index[cd as usize - 1])
                    .flatten()
                    .and_then(|od| slot(od, r.clock + day).map(|k| (od, k)));
                match own.or(before) {
                    Some(t) => vec![t],
                    None if same && open_index[cd as usize].is_none() => {
                        return Err(format!(
                            "line {}: {d} is a closed day of the horizon; remove its rows or open the day",
                            r.line
                        ))
                    }
                    None if !same => {
                        return Err(format!(
                            "line {}: {d} is outside the horizon of {} day(s) starting {}",
                            r.line,
                            h.days,
                            first_date.expect("a date row")
                        ))
                    }
                    None => {
                        return Err(not_an_interval(
                            r.line,
                            r.clock,
                            open_index[cd as usize].expect("an open day"),
                        ))
                    }
                }
            }
            Day::Weekday(w) => {
                let mut out = Vec::new();
                for od in (0..h.days)
                    .filter(|&d| h.weekday(d) == w)
                    .filter_map(|d| open_index[d])
                {
                    let clock = if r.clock < h.day_open_clock(od) {
                        r.clock + day
                    } else {
                        r.clock
                    };
                    match slot(od, clock) {
                        Some(k) => out.push((od, k)),
                        None => return Err(not_an_interval(r.line, r.clock, od)),
                    }
                }
                // Calls on a weekday the horizon never opens would be lost
                // without a word: refused (a row of 0 calls loses nothing).
                if out.is_empty() && r.calls > 0.0 {
                    let why = if (0..h.days).any(|d| h.weekday(d) == w) {
                        format!("{} is closed in the horizon", WEEKDAYS[w])
                    } else {
                        format!(
                            "the horizon's {} day(s) from {} have no {}",
                            h.days, WEEKDAYS[h.first_weekday], WEEKDAYS[w]
                        )
                    };
                    return Err(format!(
                        "line {}: {why}, so this row's {} calls would be lost; remove the weekday's rows (or give 0 calls), or open the day",
                        r.line, r.calls
                    ));
                }
                out
            }
        };
        for (od, k) in targets {
            if let Some(first) = seen.insert(k, r.line) {
                let of = who.map_or(String::new(), |w| format!(" for {w}"));
                return Err(format!(
                    "lines {first} and {}: both give the interval starting {} of day {}{of}; keep one",
                    r.line,
                    h.label(k),
                    h.day_label(od)
                ));
            }
            calls[k] = r.calls;
            aht[k] = r.aht;
        }
    }
    let missing: Vec<usize> = (0..h.intervals).filter(|k| calls[*k].is_nan()).collect();
    if let Some(&k) = missing.first() {
        let (of, fix) = match who {
            Some(w) => (
                format!(" of {w}"),
                "give every call type one row per interval (a type with no calls then takes rows of 0)",
            ),
            None => (String::new(), "give one row per interval"),
        };
        return Err(format!(
            "has no row{of} for {} of the horizon's {} open interval(s), the first the interval starting {} of day {}: {fix}",
            missing.len(),
            h.intervals,
            h.label(k),
            h.day_label(h.day_of(k))
        ));
    }
    Ok(Forecast {
        calls,
        aht: has_aht.then_some(aht),
    })
}
