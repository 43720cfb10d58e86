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
    let bytes = std::fs::read(path).map_err(|source| Error::ReadScenario {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        position: e.utf8_error().valid_up_to(),
    })?;
    parse(&text).map_err(|problem| Error::Parse {
        path: path.to_owned(),
        problem,
    })
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
        let message = suggest(inner.message());
        let path = if path == "." { String::new() } else { path };
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
