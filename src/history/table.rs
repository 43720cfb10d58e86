//! Reading an export: the header, the mapping of ccsim's fields to the
//! file's column names, and the rows, each either parsed or reported as bad
//! with its line number and reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// One field ccsim reads, with the column names it is found under by default.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// ccsim's name, used in `--column NAME=Header`.
    pub name: &'static str,
    /// Header names tried in order when the user gives none; compared
    /// case-insensitively, ignoring spaces, `_`, `-` and other punctuation.
    pub aliases: &'static [&'static str],
    /// What the field holds, for help and error messages.
    pub meaning: &'static str,
}

/// A row that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// Line in the file (1 = the header).
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// How much of a file may be bad before the import fails.
pub const DEFAULT_MAX_BAD_SHARE: f64 = 0.2;

/// Rows read from one file.
#[derive(Debug, Clone)]
pub struct Import<T> {
    /// The file.
    pub path: PathBuf,
    /// Rows that parsed, in file order.
    pub rows: Vec<T>,
    /// Rows skipped, with line and reason.
    pub bad: Vec<BadRow>,
    /// Rows that are readable but deliberately left out (e.g. calls that
    /// never reached the queue), counted by reason in order of first
    /// appearance; they are neither used nor bad.
    pub set_aside: Vec<(String, usize)>,
}

impl<T> Import<T> {
    /// Data rows seen (good and bad).
    pub fn total(&self) -> usize {
        self.rows.len() + self.bad.len()
    }

    /// A one-paragraph warning about the skipped rows (the first five are
    /// listed), or `None` when every row was used.
    pub fn warning(&self) -> Option<String> {
        if self.bad.is_empty() {
            return None;
        }
        Some(format!(
            "{}: {} of {} rows skipped:\n{}",
            self.path.display(),
            self.bad.len(),
            self.total(),
            list(&self.bad, 5)
        ))
    }

    /// Fails when there are no good rows, or when more than `max_bad_share`
    /// of the rows are bad (the file is probably not what the mapping
    /// expects; a few bad rows are skipped with a warning instead).
    pub fn check(self, max_bad_share: f64) -> Result<Self, Error> {
        let total = self.total();
        if total == 0 && !self.set_aside.is_empty() {
            return Err(Error::Data {
                message: format!(
                    "no row can be used: every row was set aside ({})",
                    self.set_aside
                        .iter()
                        .map(|(r, n)| format!("{n} {r}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                path: self.path,
            });
        }
        if total == 0 {
            return Err(Error::Data {
                path: self.path,
                message: "the file has a header but no data rows".into(),
            });
        }
        let share = self.bad.len() as f64 / total as f64;
        if self.rows.is_empty() || share > max_bad_share {
            return Err(Error::Data {
                message: format!(
                    "{} of {} rows cannot be used ({:.0}%, more than the {:.0}% allowed by --max-bad-share); check the column mapping and --time-format. First problems:\n{}",
                    self.bad.len(),
                    total,
                    share * 100.0,
                    max_bad_share * 100.0,
                    list(&self.bad, 10)
                ),
                path: self.path,
            });
        }
        Ok(self)
    }
}

fn list(bad: &[BadRow], n: usize) -> String {
    let mut s: Vec<String> = bad
        .iter()
        .take(n)
        .map(|b| format!("  line {}: {}", b.line, b.reason))
        .collect();
    if bad.len() > n {
        s.push(format!("  ... and {} more", bad.len() - n));
    }
    s.join("\n")
}

/// Lower-case letters and digits only: "Calls Offered" and "calls_offered" match.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Parses `--column NAME=Header` arguments against the known fields.
pub fn parse_column_args(
    args: &[String],
    fields: &[Field],
) -> Result<Vec<(&'static str, String)>, Error> {
    let mut out = Vec::new();
    for a in args {
        let Some((name, header)) = a.split_once('=') else {
            return Err(Error::Usage(format!(
                "--column \"{a}\" must be NAME=Header, e.g. --column offered=\"Calls Offered\""
            )));
        };
        let name = name.trim();
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            return Err(Error::Usage(format!(
                "--column: unknown field \"{name}\"; the fields are: {}",
                fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
            )));
        };
        out.push((field.name, header.trim().to_string()));
    }
    Ok(out)
}

/// An open CSV file with its fields located in the header.
pub struct Table {
    /// The file.
    pub path: PathBuf,
    /// Header names as written.
    pub headers: Vec<String>,
    /// Column index of each field found.
    pub columns: HashMap<&'static str, usize>,
    records: Vec<(u64, Result<csv::StringRecord, String>)>,
}

impl Table {
    /// Reads `path` whole and locates `fields`: user mappings first (an
    /// error if the named column is missing), then the default aliases.
    pub fn open(
        path: &Path,
        fields: &[Field],
        mapping: &[(&'static str, String)],
    ) -> Result<Table, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::ReadData {
            path: path.to_owned(),
            source,
        })?;
        Table::from_bytes(path, &bytes, fields, mapping)
    }

    /// Like [`Table::open`] on bytes already read (`path` names them in messages).
    pub fn from_bytes(
        path: &Path,
        bytes: &[u8],
        fields: &[Field],
        mapping: &[(&'static str, String)],
    ) -> Result<Table, Error> {
        let data = |message: String| Error::Data {
            path: path.to_owned(),
            message,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(data(
                "the file is empty (expected a header row and one row per interval or call)".into(),
            ));
        }
        let delimiter = sniff_delimiter(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| data(format!("cannot read the header row: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut columns = HashMap::new();
        for (name, header) in mapping {
            let found = headers.iter().position(|h| h == header).or_else(|| {
                headers
                    .iter()
                    .position(|h| normalise(h) == normalise(header))
            });
            match found {
                Some(i) => {
                    columns.insert(*name, i);
                }
                None => {
                    return Err(data(format!(
                        "--column {name}=\"{header}\": there is no column \"{header}\"; the header has: {}",
                        headers.join(", ")
                    )))
                }
            }
        }
        for f in fields {
            if columns.contains_key(f.name) {
                continue;
            }
            let found = f.aliases.iter().find_map(|a| {
                let a = normalise(a);
                headers.iter().position(|h| normalise(h) == a)
            });
            if let Some(i) = found {
                if !columns.values().any(|v| *v == i) {
                    columns.insert(f.name, i);
                }
            }
        }
        let mut records = Vec::new();
        for r in reader.records() {
            match r {
                Ok(rec) => {
                    let line = rec.position().map_or(0, |p| p.line());
                    if rec.iter().all(str::is_empty) {
                        continue; // blank line
                    }
                    records.push((line, Ok(rec)));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    records.push((line, Err(format!("not readable as CSV: {e}"))));
                }
            }
        }
        Ok(Table {
            path: path.to_owned(),
            headers,
            columns,
            records,
        })
    }

    /// Whether `field` was found.
    pub fn has(&self, field: &str) -> bool {
        self.columns.contains_key(field)
    }

    /// An error saying a required field has no column, listing the header
    /// and the names tried.
    pub fn missing(&self, field: &Field) -> Error {
        Error::Data {
            path: self.path.clone(),
            message: format!(
                "no column for {} ({}): tried {}; the header has: {}. Name it with --column {}=\"Your Header\"",
                field.name,
                field.meaning,
                field.aliases.join(", "),
                self.headers.join(", "),
                field.name
            ),
        }
    }

    /// The non-empty cells of `field` in file order (none if it has no column).
    pub fn cells<'a>(&'a self, field: &str) -> impl Iterator<Item = &'a str> + 'a {
        let col = self.columns.get(field).copied();
        self.records.iter().filter_map(move |(_, r)| {
            let rec = r.as_ref().ok()?;
            rec.get(col?).filter(|s| !s.is_empty())
        })
    }

    /// Parses every row with `parse`, collecting the bad ones.
    pub fn rows<T>(&self, mut parse: impl FnMut(u64, &Row<'_>) -> Result<T, String>) -> Import<T> {
        let mut rows = Vec::new();
        let mut bad = Vec::new();
        for (line, r) in &self.records {
            let result = match r {
                Ok(rec) => parse(
                    *line,
                    &Row {
                        record: rec,
                        columns: &self.columns,
                    },
                ),
                Err(e) => Err(e.clone()),
            };
            match result {
                Ok(v) => rows.push(v),
                Err(reason) => bad.push(BadRow {
                    line: *line,
                    reason,
                }),
            }
        }
        Import {
            path: self.path.clone(),
            rows,
            bad,
            set_aside: Vec::new(),
        }
    }
}

/// One data row with named access to the mapped fields.
pub struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<&'static str, usize>,
}

impl Row<'_> {
    /// The cell of `field`, or `None` if the field has no column or the cell is empty.
    pub fn get(&self, field: &str) -> Option<&str> {
        let i = *self.columns.get(field)?;
        self.record.get(i).filter(|s| !s.is_empty())
    }

    /// The cell of a field the row cannot do without.
    pub fn need(&self, field: &str) -> Result<&str, String> {
        self.get(field).ok_or_else(|| format!("{field} is empty"))
    }
}

/// `;` or tab when the header line holds more of them than commas (many
/// European exports use `;`), else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or(bytes);
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    let (commas, semis, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas {
        b'\t'
    } else {
        b','
    }
}
