//! Call logs: one row per call attempt with its arrival, how long it waited,
//! how it ended and how long it was handled.
//!
//! The wait is taken from a wait column when there is one, else from the
//! answer time (answered calls) or the end time (abandoned calls) minus the
//! arrival. The handle time is taken from a handle column, else from the end
//! time minus the answer time. Outcomes are read from an outcome column
//! through a word list (extendable with `--outcome answered=ANS,...`); with
//! no outcome column a call with an answer time is answered and one without
//! is abandoned.
//!
//! Logs in the layout of the Anonymous Bank data (Mandelbaum et al.,
//! Technion; Brown et al. 2005) are read with the defaults: `vru_exit` (or
//! `q_start`) is the arrival in the queue, `date` + a time of day with
//! 1-digit hours, `q_time` the wait, `ser_time` the handle time, `server`
//! the agent (`NO_SERVER` = none), `type` the call type, `priority`, and
//! the outcomes AGENT (answered), HANG (abandoned) and PHANTOM (set aside).
//! Calls that never reached the queue are set aside, counted by reason in
//! [`Import::set_aside`]: an abandoned call with no queue start (empty or
//! `0:00:00`) and no wait hung up in the voice menu (VRU), and calls with
//! an "excluded" outcome word (PHANTOM) are neither served nor abandoned.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDateTime;

use super::table::{Field, Import, Table};
use super::values::{duration, TimeFormat};
use crate::error::Error;

/// The fields of a call log and the column names tried by default.
pub const FIELDS: &[Field] = &[
    Field {
        name: "key",
        aliases: &["vru+line", "vru_line", "line_id", "trunk"],
        meaning: "a column that, with the call id, makes a call's key (the bank's call_id is unique only within its vru+line)",
    },
    Field {
        name: "id",
        aliases: &["call_id", "id", "callid", "contact_id", "session_id"],
        meaning: "call identifier (checked for duplicates)",
    },
    Field {
        name: "arrival",
        aliases: &[
            "arrival",
            "arrival_time",
            "arrived",
            "arrived_at",
            "start",
            "start_time",
            "call_start",
            "queued_at",
            "queue_start",
            "offered_at",
            "timestamp",
            "vru_exit",
            "q_start",
        ],
        meaning: "date-time the call arrived in the queue",
    },
    Field {
        name: "queued",
        aliases: &["q_start", "queue_entry"],
        meaning: "date-time the call entered the queue, empty or 0:00:00 when it never queued (with a separate arrival column such as vru_exit)",
    },
    Field {
        name: "date",
        aliases: &["date", "call_date", "day"],
        meaning: "date, when the arrival column holds only the time of day",
    },
    Field {
        name: "answered_at",
        aliases: &[
            "answered_at",
            "answer_time",
            "answered_time",
            "connected_at",
            "connect_time",
        ],
        meaning: "date-time an agent answered",
    },
    Field {
        name: "ended_at",
        aliases: &[
            "ended_at",
            "end_time",
            "end",
            "hangup_time",
            "disconnected_at",
            "abandoned_at",
        ],
        meaning: "date-time the call ended (hang-up of an abandoned call, end of an answered one)",
    },
    Field {
        name: "wait",
        aliases: &[
            "wait_seconds",
            "wait",
            "wait_time",
            "queue_seconds",
            "queue_time",
            "time_in_queue",
            "delay",
            "q_time",
        ],
        meaning: "seconds waited in the queue, seconds or HH:MM:SS",
    },
    Field {
        name: "handle",
        aliases: &[
            "handle_seconds",
            "handle",
            "handle_time",
            "aht",
            "talk_and_wrap",
            "ser_time",
            "service_time",
        ],
        meaning: "handle time (talk plus wrap-up), seconds or HH:MM:SS",
    },
    Field {
        name: "outcome",
        aliases: &["outcome", "result", "disposition", "status", "call_result"],
        meaning: "how the call ended (answered, abandoned, other)",
    },
    Field {
        name: "agent",
        aliases: &[
            "agent",
            "agent_id",
            "agent_name",
            "user",
            "employee",
            "server",
        ],
        meaning: "agent who answered (for the staffing proxy); NO_SERVER, none or empty = none",
    },
    Field {
        name: "call_type",
        aliases: &["call_type", "type", "service_type", "skill"],
        meaning: "call type (service type, skill); `ccsim fit` writes one [[call_types]] per type",
    },
    Field {
        name: "priority",
        aliases: &["priority", "customer_priority", "prio"],
        meaning: "priority of the call, an integer; larger = served first (the bank's 2 = high)",
    },
];

/// Agent cells that mean "no agent" (compared like outcome words).
pub const NO_AGENT_WORDS: &[&str] = &["no_server", "none", "null", "n/a", "-"];

/// Default outcome words of calls set aside (neither answered nor
/// abandoned, e.g. the bank's PHANTOM: a call of unknown fate).
pub const DEFAULT_EXCLUDED_WORDS: &[&str] = &["phantom"];

/// How a logged call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// An agent answered.
    Answered,
    /// The caller hung up while waiting.
    Abandoned,
    /// Anything else (busy, transferred, voicemail, still waiting at close):
    /// counted as offered, left out of the handle-time fit, and in the
    /// patience fit censored at its wait (the caller had not hung up yet).
    Other,
}

/// Default outcome words (compared case-insensitively, punctuation ignored).
pub const DEFAULT_WORDS: &[(CallOutcome, &[&str])] = &[
    (
        CallOutcome::Answered,
        &[
            "answered",
            "answer",
            "ans",
            "handled",
            "completed",
            "complete",
            "connected",
            "served",
            "agent",
        ],
    ),
    (
        CallOutcome::Abandoned,
        &[
            "abandoned",
            "abandon",
            "aban",
            "abn",
            "abd",
            "hangup",
            "hung_up",
            "lost",
            "hang",
        ],
    ),
    (
        CallOutcome::Other,
        &[
            "other",
            "blocked",
            "busy",
            "transferred",
            "transfer",
            "voicemail",
            "callback",
            "unserved",
            "overflow",
        ],
    ),
];

/// The words of an export's outcome column.
#[derive(Debug, Clone)]
pub struct OutcomeWords {
    words: HashMap<String, CallOutcome>,
    excluded: std::collections::HashSet<String>,
}

impl Default for OutcomeWords {
    fn default() -> Self {
        let mut words = HashMap::new();
        for (o, list) in DEFAULT_WORDS {
            for w in *list {
                words.insert(super::table::normalise(w), *o);
            }
        }
        let excluded = DEFAULT_EXCLUDED_WORDS
            .iter()
            .map(|w| super::table::normalise(w))
            .collect();
        OutcomeWords { words, excluded }
    }
}

impl OutcomeWords {
    /// The defaults plus `--outcome KIND=WORD,WORD` arguments (KIND is
    /// answered, abandoned, other or excluded); user words win over defaults.
    pub fn with_args(args: &[String]) -> Result<Self, Error> {
        let mut out = OutcomeWords::default();
        for a in args {
            let (kind, words) = a.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--outcome \"{a}\" must be KIND=WORD[,WORD...], e.g. --outcome abandoned=ABN,Hangup"
                ))
            })?;
            let o = match kind.trim().to_lowercase().as_str() {
                "answered" => Some(CallOutcome::Answered),
                "abandoned" => Some(CallOutcome::Abandoned),
                "other" => Some(CallOutcome::Other),
                "excluded" => None,
                k => {
                    return Err(Error::Usage(format!(
                    "--outcome: unknown kind \"{k}\"; use answered, abandoned, other or excluded"
                )))
                }
            };
            for w in words.split(',').filter(|w| !w.trim().is_empty()) {
                let w = super::table::normalise(w);
                match o {
                    Some(o) => {
                        out.excluded.remove(&w);
                        out.words.insert(w, o);
                    }
                    None => {
                        out.words.remove(&w);
                        out.excluded.insert(w);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The outcome a word stands for.
    pub fn get(&self, word: &str) -> Option<CallOutcome> {
        self.words.get(&super::table::normalise(word)).copied()
    }

    /// Whether the word marks a call to set aside (e.g. PHANTOM).
    pub fn is_excluded(&self, word: &str) -> bool {
        self.excluded.contains(&super::table::normalise(word))
    }
}

/// One call attempt as logged.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    /// Line in the file.
    pub line: u64,
    /// Arrival in the queue.
    pub arrival: NaiveDateTime,
    /// Answer time, if the log gives it.
    pub answered_at: Option<NaiveDateTime>,
    /// Seconds waited (None for an `Other` call with no wait information).
    pub wait: Option<f64>,
    /// Handle seconds of an answered call, if known.
    pub handle: Option<f64>,
    /// How it ended.
    pub outcome: CallOutcome,
    /// Agent who answered.
    pub agent: Option<String>,
    /// Call type, when the log has a type column.
    pub call_type: Option<String>,
    /// Priority, when the log has a priority column (larger = served first).
    pub priority: Option<i64>,
}

/// Why a readable row was set aside: it never reached the queue.
pub const ASIDE_VRU: &str = "calls hung up in the voice menu (VRU) before reaching the queue";
/// Why a readable row was set aside: its outcome word says so.
pub const ASIDE_EXCLUDED: &str = "calls with an excluded outcome (PHANTOM: fate unknown)";

/// Limits of plausible values: a row beyond them is set aside (counted
/// toward the bad-rows guard, never fitted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Longest plausible wait or handle time, seconds.
    pub max_duration: f64,
}

/// Default longest plausible wait or handle time: 4 hours.
pub const DEFAULT_MAX_DURATION: f64 = 4.0 * 3600.0;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_duration: DEFAULT_MAX_DURATION,
        }
    }
}

/// Why a row was set aside as implausible: its wait is above the limit.
pub fn implausible_wait(limit: f64) -> String {
    format!(
        "waits above {} (the --max-duration limit of plausible values)",
        super::values::duration_label(limit)
    )
}

/// Why a row was set aside as implausible: its handle time is above the limit.
pub fn implausible_handle(limit: f64) -> String {
    format!(
        "handle times above {} (the --max-duration limit of plausible values)",
        super::values::duration_label(limit)
    )
}

enum Parsed {
    Row(Box<CallRow>),
    Aside(&'static str),
    Implausible(String),
}

/// Whether a queue-start cell says "never queued": empty, or a zero clock time.
fn never_queued(cell: Option<&str>) -> bool {
    match cell.map(str::trim) {
        None | Some("") => true,
        Some(c) => {
            let time = c.rsplit(' ').next().unwrap_or(c);
            duration(time, "queue start").is_ok_and(|v| v == 0.0)
        }
    }
}

/// Reads a call log. Bad rows (unparsable values, negative durations,
/// answer before arrival, end before answer, duplicated ids, unknown
/// outcome words) are reported by line and skipped; see [`Import::check`].
pub fn read(
    path: &Path,
    mapping: &[(&'static str, String)],
    time: &TimeFormat,
    words: &OutcomeWords,
) -> Result<Import<CallRow>, Error> {
    read_with(path, mapping, time, words, &Limits::default())
}

/// [`read`] with the given limits of plausible values.
pub fn read_with(
    path: &Path,
    mapping: &[(&'static str, String)],
    time: &TimeFormat,
    words: &OutcomeWords,
    limits: &Limits,
) -> Result<Import<CallRow>, Error> {
    let table = Table::open(path, FIELDS, mapping)?;
    from_table_with(&table, time, words, limits)
}

/// Parses the rows of an open table (see [`read`]).
pub fn from_table(
    table: &Table,
    time: &TimeFormat,
    words: &OutcomeWords,
) -> Result<Import<CallRow>, Error> {
    from_table_with(table, time, words, &Limits::default())
}

/// [`from_table`] with the given limits of plausible values.
pub fn from_table_with(
    table: &Table,
    time: &TimeFormat,
    words: &OutcomeWords,
    limits: &Limits,
) -> Result<Import<CallRow>, Error> {
    let field = |n: &str| FIELDS.iter().find(|f| f.name == n).copied();
    if !table.has("arrival") {
        return Err(table.missing(&field("arrival").unwrap_or(FIELDS[0])));
    }
    if !(table.has("wait") || table.has("answered_at") || table.has("ended_at")) {
        return Err(Error::Data {
            path: table.path.clone(),
            message: format!(
                "a call log needs the wait: a wait column ({}) or answer/end times ({} / {}); the header has: {}. Name one with --column wait=\"Your Header\"",
                field("wait").map_or("", |f| f.aliases[0]),
                field("answered_at").map_or("", |f| f.aliases[0]),
                field("ended_at").map_or("", |f| f.aliases[0]),
                table.headers.join(", ")
            ),
        });
    }
    let has_date = table.has("date");
    let has_outcome = table.has("outcome");
    // The queue start: its own column, or the arrival column when that is q_start.
    let queued_field = if table.has("queued") {
        Some("queued")
    } else {
        let arrival_header = table
            .columns
            .get("arrival")
            .map(|i| table.headers[*i].as_str());
        arrival_header
            .filter(|h| super::table::normalise(h) == "qstart")
            .map(|_| "arrival")
    };
    let mut time = time.clone();
    if time.format.is_none() && time.day_first.is_none() {
        time.day_first = if has_date {
            super::values::slash_order(table.cells("date"))
        } else {
            super::values::slash_order(table.cells("arrival"))
        };
    }
    let time = &time;
    let no_agent: Vec<String> = NO_AGENT_WORDS
        .iter()
        .map(|w| super::table::normalise(w))
        .collect();
    // The call key: the id, with the key column (the bank's vru+line) when there is one.
    let has_key = table.has("key") && table.has("id");
    let mut ids: HashMap<(String, String), u64> = HashMap::new();
    let max = limits.max_duration;
    let parsed = table.rows(|line, r| {
        if has_outcome {
            if let Some(word) = r.get("outcome") {
                if words.is_excluded(word) {
                    return Ok(Parsed::Aside(ASIDE_EXCLUDED));
                }
            }
        }
        if let Some(q) = queued_field {
            if never_queued(r.get(q)) {
                let abandoned = if has_outcome {
                    r.get("outcome").and_then(|w| words.get(w)) == Some(CallOutcome::Abandoned)
                } else {
                    r.get("answered_at").is_none()
                };
                let waited = r
                    .get("wait")
                    .map(|w| duration(w, "wait"))
                    .transpose()?
                    .unwrap_or(0.0);
                if abandoned && waited == 0.0 {
                    return Ok(Parsed::Aside(ASIDE_VRU));
                }
            }
        }
        let when = |text: &str| -> Result<NaiveDateTime, String> {
            match (has_date, r.get("date")) {
                (true, Some(d)) => time.parse(text).or_else(|_| time.parse_split(d, text)),
                _ => time.parse(text),
            }
        };
        let mut arrival = when(r.need("arrival")?)?;
        let answered_at = r.get("answered_at").map(&when).transpose()?;
        let ended_at = r.get("ended_at").map(&when).transpose()?;
        let outcome = if has_outcome {
            let word = r.need("outcome")?;
            words.get(word).ok_or_else(|| {
                format!(
                    "unknown outcome \"{word}\"; map it with --outcome answered={word} (or abandoned=, other=)"
                )
            })?
        } else if answered_at.is_some() {
            CallOutcome::Answered
        } else {
            CallOutcome::Abandoned
        };
        if queued_field == Some("arrival") && never_queued(r.get("arrival")) {
            // Answered without queueing in a log whose only arrival column is q_start.
            arrival = answered_at.ok_or_else(|| {
                "the call never queued (q_start 0:00:00) and the log has no other arrival time (vru_exit or an answer time)".to_string()
            })?;
        }
        let secs = |a: NaiveDateTime, b: NaiveDateTime| {
            (b - a).num_milliseconds() as f64 / 1000.0
        };
        if let Some(ans) = answered_at {
            if ans < arrival {
                return Err(format!(
                    "answered at {ans} before it arrived at {arrival}"
                ));
            }
        }
        if let Some(end) = ended_at {
            let from = answered_at.unwrap_or(arrival);
            if end < from {
                return Err(format!("ended at {end} before it {} at {from}", if answered_at.is_some() { "was answered" } else { "arrived" }));
            }
        }
        let wait = match r.get("wait") {
            Some(w) => Some(duration(w, "wait")?),
            None => match outcome {
                CallOutcome::Answered => answered_at.map(|a| secs(arrival, a)),
                _ => ended_at.map(|e| secs(arrival, e)),
            },
        };
        if wait.is_none() && outcome != CallOutcome::Other {
            return Err(match outcome {
                CallOutcome::Answered => "answered call without a wait or an answer time".to_string(),
                _ => "abandoned call without a wait or an end time".to_string(),
            });
        }
        let handle = match (outcome, r.get("handle")) {
            (CallOutcome::Answered, Some(h)) => Some(duration(h, "handle time")?),
            (CallOutcome::Answered, None) => match (answered_at, ended_at) {
                (Some(a), Some(e)) => Some(secs(a, e)),
                _ => None,
            },
            (_, Some(h)) => {
                duration(h, "handle time")?;
                None
            }
            _ => None,
        };
        if wait.is_some_and(|w| w > max) {
            return Ok(Parsed::Implausible(implausible_wait(max)));
        }
        if handle.is_some_and(|h| h > max) {
            return Ok(Parsed::Implausible(implausible_handle(max)));
        }
        if let Some(id) = r.get("id") {
            let key = if has_key {
                r.get("key").unwrap_or("").to_string()
            } else {
                String::new()
            };
            if let Some(first) = ids.get(&(key.clone(), id.to_string())) {
                return Err(if has_key {
                    format!(
                        "call key {} \"{key}\" + call id \"{id}\" appears on line {first} and again on line {line}",
                        table.headers[table.columns["key"]]
                    )
                } else {
                    format!("call id \"{id}\" appears on line {first} and again on line {line}")
                });
            }
            ids.insert((key, id.to_string()), line);
        }
        let priority = r
            .get("priority")
            .map(|p| {
                p.trim()
                    .parse::<i64>()
                    .map_err(|_| format!("priority \"{p}\" is not a whole number"))
            })
            .transpose()?;
        Ok(Parsed::Row(Box::new(CallRow {
            line,
            arrival,
            answered_at,
            wait,
            handle,
            outcome,
            agent: r
                .get("agent")
                .filter(|a| !no_agent.contains(&super::table::normalise(a)))
                .map(str::to_string),
            call_type: r.get("call_type").map(str::to_string),
            priority,
        })))
    });
    let mut out = Import {
        path: parsed.path,
        rows: Vec::with_capacity(parsed.rows.len()),
        bad: parsed.bad,
        set_aside: Vec::new(),
        implausible: parsed.implausible,
        notes: parsed.notes,
    };
    for p in parsed.rows {
        match p {
            Parsed::Row(r) => out.rows.push(*r),
            Parsed::Aside(reason) => match out.set_aside.iter_mut().find(|(r, _)| r == reason) {
                Some((_, n)) => *n += 1,
                None => out.set_aside.push((reason.to_string(), 1)),
            },
            Parsed::Implausible(reason) => out.add_implausible(&reason),
        }
    }
    if has_key {
        out.notes.push(format!(
            "call key: {} + {} (a call id is unique only within its {})",
            table.headers[table.columns["key"]],
            table.headers[table.columns["id"]],
            table.headers[table.columns["key"]]
        ));
    }
    Ok(out)
}
