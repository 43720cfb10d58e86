//! Scenario files: the TOML a planner writes ([`raw`]), its checks
//! ([`validate()`]) and the plain-units result ([`ValidScenario`]).

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
    parse(&text).map_err(|problem| Error::Parse {
        path: path.to_owned(),
        problem,
    })
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
/// suggesting the nearest valid key for a misspelt one.
pub fn parse(text: &str) -> Result<RawScenario, Problem> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = inner
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let mut message = suggest(inner.message());
        let span_text = inner
            .span()
            .and_then(|sp| text.get(sp.start.min(text.len())..sp.end.min(text.len())))
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
        let path = if path == "." { String::new() } else { path };
        if path.is_empty() && !span_text.is_empty() {
            // No key known (e.g. an integer of 2^63 or more): show the text.
            let start = inner.span().map_or(0, |sp| sp.start.min(text.len()));
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_text = text[line_start..].lines().next().unwrap_or("").trim();
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
            path: format!("{path}{location}"),
            message,
        }
    })
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
