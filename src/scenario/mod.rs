//! Scenario files: the TOML a planner writes ([`raw`]), its checks
//! ([`validate()`]) and the plain-units result ([`ValidScenario`]).

pub mod forecast;
pub mod raw;
pub mod satisfaction;
pub mod shifts;
pub mod valid;
pub mod validate;

pub use raw::RawScenario;
pub use valid::*;
pub use validate::validate;

use crate::error::{Error, Problem};
use std::path::Path;

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<ValidScenario, Error> {
    let raw = load_raw(path)?;
    validate(&raw).map_err(|problems| Error::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Reads and parses a scenario file without validating it (sweeps edit the
/// raw form before validation).
pub fn load_raw(path: &Path) -> Result<RawScenario, Error> {
    let text = read_text(path)?;
    let mut raw = parse_all(&text).map_err(|problems| Error::Parse {
        path: path.to_owned(),
        problems,
    })?;
    // A forecast file is named relative to the scenario's folder.
    if let Some(f) = &raw.arrivals.file {
        let p = Path::new(f);
        if p.is_relative() {
            if let Some(dir) = path.parent() {
                raw.arrivals.file = Some(dir.join(p).to_string_lossy().into_owned());
            }
        }
    }
    Ok(raw)
}

/// Largest scenario file ccsim reads, in bytes (16 MiB: a scenario is a few
/// kilobytes; even a long list of observed values fits many times over).
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// Reads a scenario file as UTF-8 text, refusing a file larger than
/// [`MAX_SCENARIO_BYTES`] (`/dev/zero` included, after reading that much),
/// a folder, and a named pipe without a writer (opened without waiting).
pub fn read_text(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let fail = |source| Error::ReadScenario {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(fail(std::io::Error::other(
            "it is a folder; give a scenario file (.toml)",
        )));
    }
    let too_big = || {
        fail(std::io::Error::other(format!(
            "it is larger than {} MiB, the most ccsim reads for a scenario; is this the right file?",
            MAX_SCENARIO_BYTES >> 20
        )))
    };
    if ft.is_file() && meta.len() > MAX_SCENARIO_BYTES {
        return Err(too_big());
    }
    let fifo = ft.is_fifo();
    // Back to blocking reads: a pipe with a writer is read to its end.
    // SAFETY: fcntl on a descriptor owned by `file`.
    unsafe {
        use std::os::unix::io::AsRawFd;
        let fd = file.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(too_big());
    }
    if fifo && bytes.is_empty() {
        return Err(fail(std::io::Error::other(
            "it is a named pipe with nothing written to it (no writer); start the writer first or give a file",
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        position: e.utf8_error().valid_up_to(),
    })?;
    Ok(text)
}

/// Parses scenario text; on failure says where (TOML path and line) and what,
/// suggesting the nearest valid key for a misspelt one. Only the first
/// problem; [`parse_all`] lists every type error.
pub fn parse(text: &str) -> Result<RawScenario, Problem> {
    parse_all(text).map_err(|mut problems| problems.swap_remove(0))
}

/// Most problems [`parse_all`] lists before it stops looking.
pub const MAX_PARSE_PROBLEMS: usize = 50;

/// Bytes [`parse_all`] may parse in all while it looks for more problems
/// (64 MiB: every problem of a scenario of a few kilobytes; only the first
/// of a file of megabytes, which stays quick).
pub const PARSE_BUDGET_BYTES: usize = 64 << 20;

/// Parses scenario text, listing every value of the wrong type or out of
/// its kind's range (each with its TOML path, line, the value and what is
/// expected), not just the first: after a wrong value, the parse is run
/// again with a stand-in of the right type at that place, and so on, up
/// to [`MAX_PARSE_PROBLEMS`]. Problems a stand-in cannot get past (a TOML
/// syntax error, an unknown or missing key, an unknown variant) end the
/// list, and so does [`PARSE_BUDGET_BYTES`] for a file of megabytes. The
/// first problem is always the one [`parse`] reports. Never empty on
/// failure.
pub fn parse_all(text: &str) -> Result<RawScenario, Vec<Problem>> {
    let mut current = text.to_string();
    // (position in `current`, newlines the stand-in there removed).
    let mut edits: Vec<(usize, usize)> = Vec::new();
    let mut problems = Vec::new();
    loop {
        let failure = match attempt(&current) {
            Ok(raw) if problems.is_empty() => return Ok(raw),
            Ok(_) => return Err(problems),
            Err(f) => f,
        };
        let shift = |pos: usize| -> usize {
            edits
                .iter()
                .filter(|(p, _)| *p <= pos)
                .map(|(_, n)| n)
                .sum()
        };
        problems.push(describe(&current, &failure, shift));
        let Some(span) = failure.span.clone() else {
            return Err(problems);
        };
        if failure.path.is_empty()
            || !is_value_error(&failure.message)
            || problems.len() >= MAX_PARSE_PROBLEMS
        {
            return Err(problems);
        }
        // Each stand-in costs up to 14 parses: keep the bytes parsed for the
        // whole list within [`PARSE_BUDGET_BYTES`], so a huge file ends early.
        if (problems.len() + 1) * 14 * current.len() > PARSE_BUDGET_BYTES {
            return Err(problems);
        }
        let Some(next) = stand_in(&current, span.clone(), &failure.path) else {
            return Err(problems);
        };
        let removed = current[span.clone()].matches('\n').count();
        edits.push((span.start, removed));
        current = next;
    }
}

/// One failed parse: the TOML path of the culprit, serde's message and the
/// byte range of the culprit in the text.
struct Failure {
    path: String,
    message: String,
    span: Option<std::ops::Range<usize>>,
}

/// Deserializes `text`, keeping the path of a failure.
fn attempt(text: &str) -> Result<RawScenario, Failure> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Failure {
            path: if path == "." { String::new() } else { path },
            message: inner.message().to_string(),
            span: inner
                .span()
                .map(|s| s.start.min(text.len())..s.end.min(text.len())),
        }
    })
}

/// Whether serde's message is about a value (its type or range), which a
/// stand-in of the right type can get past.
fn is_value_error(message: &str) -> bool {
    ![
        "unknown field",
        "missing field",
        "duplicate",
        "unknown variant",
    ]
    .iter()
    .any(|m| message.trim_start().starts_with(m))
}

/// `text` with the value at `span` replaced by the first stand-in (zero,
/// an empty string, false, an empty list or table) that the parse gets
/// past: it fails no more at or below `path`, and the text is still TOML.
fn stand_in(text: &str, span: std::ops::Range<usize>, path: &str) -> Option<String> {
    ["0", "0.0", "1", "\"\"", "false", "[]", "{}"]
        .iter()
        .map(|v| format!("{}{v}{}", &text[..span.start], &text[span.end..]))
        .find(|t| {
            t.parse::<toml::Table>().is_ok()
                && match attempt(t) {
                    Ok(_) => true,
                    Err(f) => {
                        !(f.path == path
                            || f.path.starts_with(&format!("{path}."))
                            || f.path.starts_with(&format!("{path}[")))
                    }
                }
        })
}

/// The problem of one failure in `text`, its line counted in the original
/// text (`shift` gives the newlines earlier stand-ins removed before a
/// position).
fn describe(text: &str, failure: &Failure, shift: impl Fn(usize) -> usize) -> Problem {
    let line = failure
        .span
        .as_ref()
        .map(|s| text[..s.start].matches('\n').count() + 1 + shift(s.start));
    let mut message = plain_types(&suggest(&failure.message));
    let span_text = failure
        .span
        .as_ref()
        .and_then(|sp| text.get(sp.clone()))
        .unwrap_or("")
        .trim();
    if message.starts_with("invalid type: map")
        && span_text.parse::<toml::value::Datetime>().is_ok()
    {
        // toml hands a date-time to serde as a private map: say what it is.
        message = message.replacen(
            "invalid type: map",
            &format!("invalid type: a date-time ({span_text})"),
            1,
        );
    }
    let mut path = failure.path.clone();
    if path.is_empty() && !span_text.is_empty() {
        // No key known (e.g. an integer of 2^63 or more): name the key from
        // the line and its table header, and show the text.
        let start = failure.span.as_ref().map_or(0, |sp| sp.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_text = text[line_start..].lines().next().unwrap_or("").trim();
        path = key_of_line(&text[..line_start], line_text);
        let shown: String = line_text.chars().take(120).collect();
        message = format!("{message}: `{shown}`");
        if message.contains("number too large") {
            message.push_str(" (whole numbers must be below 2^63 = 9223372036854775808)");
        }
    }
    let location = match line {
        Some(l) => format!(" (line {l})"),
        None => String::new(),
    };
    Problem {
        path: format!("{path}{location}").trim_start().to_string(),
        message,
    }
}

/// The TOML path of the key set on `line` (`key = value`), whose text
/// before is `before`: the key under the last table header (`[a.b]`, or
/// `[[a]]` counted into `a[i]`). Empty when the line sets no key.
fn key_of_line(before: &str, line: &str) -> String {
    let Some((key, _)) = line.split_once('=') else {
        return String::new();
    };
    let key = key.trim();
    if key.is_empty() || key.starts_with('[') {
        return String::new();
    }
    let headers: Vec<&str> = before
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('['))
        .collect();
    let Some(last) = headers.last() else {
        return key.to_string();
    };
    let table = if let Some(name) = last.strip_prefix("[[") {
        let name = name.split("]]").next().unwrap_or("").trim();
        let index = headers
            .iter()
            .filter(|h| {
                h.strip_prefix("[[")
                    .and_then(|n| n.split("]]").next())
                    .is_some_and(|n| n.trim() == name)
            })
            .count()
            - 1;
        format!("{name}[{index}]")
    } else {
        last.trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    };
    format!("{table}.{key}")
}

/// serde's Rust type names at the end of a message ("expected i64") in a
/// planner's words, with the fix ("expected a whole number, e.g. 3").
fn plain_types(message: &str) -> String {
    const WORDS: [(&str, &str); 8] = [
        ("i64", "a whole number, e.g. 3"),
        ("u64", "a whole number of at least 0, e.g. 3"),
        ("u32", "a whole number of at least 0, e.g. 3"),
        ("usize", "a whole number of at least 0, e.g. 3"),
        ("f64", "a number, e.g. 2.5"),
        ("a string", "a string in quotes, e.g. \"text\""),
        ("a boolean", "true or false"),
        ("a sequence", "a list in brackets, e.g. [1, 2]"),
    ];
    for (rust, plain) in WORDS {
        if let Some(head) = message.strip_suffix(&format!("expected {rust}")) {
            return format!("{head}expected {plain}");
        }
    }
    message.to_string()
}

/// Adds "did you mean" to serde's unknown-field and unknown-variant messages.
fn suggest(message: &str) -> String {
    let message = message.trim();
    let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    else {
        return message.to_string();
    };
    let Some((wrong, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let nearest = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&wrong.to_lowercase(), c), *c))
        .min();
    match nearest {
        Some((d, best)) if d <= wrong.len().max(3) / 2 + 1 => {
            format!("{message}; did you mean `{best}`?")
        }
        _ => message.to_string(),
    }
}
