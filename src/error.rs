//! Typed errors: every user mistake becomes a named variant whose message names
//! the culprit (file, TOML path, value) and, where possible, the fix.

use std::path::PathBuf;

/// One problem found in a scenario file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// TOML path of the offending key, e.g. `groups[1].agents`.
    pub path: String,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Everything that can go wrong in ccsim, by cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario file could not be read at all.
    #[error("{}: cannot read the scenario file: {source}", path.display())]
    ReadScenario {
        /// File that was asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}: the scenario file is not UTF-8 text (byte {position} is invalid); save it as UTF-8", path.display())]
    NotUtf8 {
        /// File that was read.
        path: PathBuf,
        /// Offset of the first invalid byte.
        position: usize,
    },
    /// The text is not valid TOML, or a key has the wrong type or is
    /// unknown. One problem reads `FILE: PROBLEM`; several (every value of
    /// the wrong type, see [`crate::scenario::parse_all`]) are listed like
    /// [`Error::Invalid`]'s.
    #[error("{}", parse_text(path, problems))]
    Parse {
        /// File that was read.
        path: PathBuf,
        /// The problems with their TOML paths, in file order (at least one).
        problems: Vec<Problem>,
    },
    /// The scenario parsed but its values are inconsistent; every problem is listed.
    #[error("{}: {} problem{} in the scenario:\n{}", path.display(), problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid {
        /// File that was read.
        path: PathBuf,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
    /// A command-line value does not fit the scenario or makes no sense.
    #[error("{0}")]
    Usage(String),
    /// A history file (interval data or call log) could not be read at all.
    #[error("{}: cannot read the file: {source}", path.display())]
    ReadData {
        /// File that was asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A history file was read but cannot be used as it stands.
    #[error("{}: {message}", path.display())]
    Data {
        /// File that was read.
        path: PathBuf,
        /// What is wrong (lines and reasons where rows are at fault) and the fix.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("{}: cannot draw the chart: {message}", path.display())]
    Chart {
        /// File the chart was meant for.
        path: PathBuf,
        /// What the drawing library reported.
        message: String,
    },
    /// An output path that ccsim refuses to write (an input, a folder, a
    /// path given twice, a named pipe without a reader).
    #[error("{}: refusing to write there: {message}", path.display())]
    Output {
        /// The output path as given.
        path: PathBuf,
        /// Why, and what to do instead.
        message: String,
    },
    /// Standard output is closed (a pipe whose reader left) or cannot take
    /// more (a full disk).
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// An output file could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// Destination that failed.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

impl Error {
    /// Whether this is standard output closed by its reader (`ccsim ... | head`):
    /// the command then ends quietly, its files already written.
    pub fn is_closed_stdout(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// The text of [`Error::Parse`].
fn parse_text(path: &std::path::Path, problems: &[Problem]) -> String {
    match problems {
        [one] => format!("{}: {one}", path.display()),
        _ => format!(
            "{}: {} problems in the scenario:\n{}",
            path.display(),
            problems.len(),
            list(problems)
        ),
    }
}

/// Problems as an indented list, one per line ("  - path: message").
pub fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// Process exit code: 2 for bad input (the user can fix the file or the
    /// command line), 1 for failures of the machine (a file that cannot be written).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } | Error::Chart { .. } | Error::Stdout(_) => 1,
            _ => 2,
        }
    }
}

/// Result with ccsim's error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
