//! History files as planners export them from their ACD or workforce-
//! management tool: interval data ([`intervals`]) and call logs
//! ([`calls`]), read with a column mapping ([`table`]) and configurable
//! date-time formats ([`values`]). Rows that cannot be used are reported
//! with file, line and reason; a few are skipped with a warning, a file
//! with mostly bad rows is an error ([`table::Import::check`]).
//!
//! [`synth`] goes the other way: it writes synthetic call logs and interval
//! files from a simulated scenario, to try the tools and to test them on
//! data whose truth is known.

pub mod calls;
pub mod intervals;
pub mod synth;
pub mod table;
pub mod values;

use std::path::Path;

use crate::error::Error;

/// What kind of history a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// One row per call attempt.
    Calls,
    /// One row per interval.
    Intervals,
}

/// Tells a call log from interval data by its header: a call log has an
/// arrival column and a wait, answer-time or end-time column; interval data
/// have an interval start and an offered column. Mappings given by the user count.
pub fn detect(
    path: &Path,
    call_map: &[(&'static str, String)],
    interval_map: &[(&'static str, String)],
) -> Result<Kind, Error> {
    let (bytes, _) = table::read_bytes(path)?;
    if let Ok(t) = table::Table::from_bytes(path, &bytes, calls::FIELDS, call_map) {
        if t.has("arrival") && (t.has("wait") || t.has("answered_at") || t.has("ended_at")) {
            return Ok(Kind::Calls);
        }
    }
    let t = table::Table::from_bytes(path, &bytes, intervals::FIELDS, interval_map)?;
    if t.has("start") && t.has("offered") {
        return Ok(Kind::Intervals);
    }
    Err(Error::Data {
        path: path.to_owned(),
        message: format!(
            "cannot tell whether this is a call log or interval data: the header ({}) has neither an arrival column with a wait (call log) nor an interval start with calls offered (interval data); name the columns with --column, or say --kind calls / --kind intervals",
            t.headers.join(", ")
        ),
    })
}
