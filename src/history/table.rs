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

/// How much of a file may be bad (unreadable, or set aside as
/// implausible) before the import fails: 1%, so that no volume is ever
/// dropped silently; `--allow-skipped SHARE` raises it.
pub const DEFAULT_MAX_BAD_SHARE: f64 = 0.01;

/// Largest file read, compressed or not (bytes): 2 GiB.
pub const MAX_INPUT_BYTES: u64 = 2 << 30;

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
    /// Rows set aside because a value is implausible (e.g. a wait above
    /// the limit of `--max-duration`), by reason: unlike
    /// [`Import::set_aside`] they count toward the bad-rows guard.
    pub implausible: Vec<(String, usize)>,
    /// What the reader had to do to read the file (gzip, encoding), for the report.
    pub notes: Vec<String>,
}

impl<T> Import<T> {
    /// Data rows seen (good, bad and set aside as implausible; not the
    /// rows of [`Import::set_aside`]).
    pub fn total(&self) -> usize {
        self.rows.len() + self.skipped()
    }

    /// Rows lost: bad rows plus rows set aside as implausible.
    pub fn skipped(&self) -> usize {
        self.bad.len() + self.implausible.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// Records one row set aside as implausible, by reason.
    pub fn add_implausible(&mut self, reason: &str) {
        match self.implausible.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += 1,
            None => self.implausible.push((reason.to_string(), 1)),
        }
    }

    /// A one-paragraph warning about the skipped rows (the first five are
    /// listed), or `None` when every row was used.
    pub fn warning(&self) -> Option<String> {
        if self.skipped() == 0 {
            return None;
        }
        Some(format!(
            "{}: {} of {} rows skipped:\n{}",
            self.path.display(),
            self.skipped(),
            self.total(),
            self.problems(5)
        ))
    }

    /// The bad rows (first `n`) and the implausible rows by reason.
    fn problems(&self, n: usize) -> String {
        let mut parts = Vec::new();
        if !self.bad.is_empty() {
            parts.push(list(&self.bad, n));
        }
        for (reason, count) in &self.implausible {
            parts.push(format!("  {count} rows set aside: {reason}"));
        }
        parts.join("\n")
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
        let share = self.skipped() as f64 / total as f64;
        if self.rows.is_empty() || share > max_bad_share {
            return Err(Error::Data {
                message: format!(
                    "{} of {} rows cannot be used ({}, more than the {} allowed; check the column mapping and --time-format, or accept the loss with --allow-skipped {:.2}). Reasons:\n{}",
                    self.skipped(),
                    total,
                    percent(share),
                    percent(max_bad_share),
                    (share * 100.0).ceil() / 100.0,
                    self.problems(10)
                ),
                path: self.path,
            });
        }
        Ok(self)
    }
}

/// A share as a percentage with enough digits to be non-zero when it is.
fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.1 {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{:.0}%", x * 100.0)
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
    /// What the reader had to do (gzip, encoding), for the report.
    pub notes: Vec<String>,
    records: Vec<(u64, Result<csv::StringRecord, String>)>,
}

/// Reads a history file's bytes: whole, or decompressed when it is gzip
/// (by its magic bytes, whatever its name), up to [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<(Vec<u8>, Vec<String>), Error> {
    use std::io::Read;
    let fail = |source| Error::ReadData {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    let too_big = || {
        Error::Data {
        path: path.to_owned(),
        message: format!(
            "the file is larger than {} GiB, the most ccsim reads; split it (e.g. one file per month)",
            MAX_INPUT_BYTES >> 30
        ),
    }
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    let mut notes = Vec::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| Error::Data {
                path: path.to_owned(),
                message: format!("the file starts like gzip but cannot be decompressed: {e}"),
            })?;
        if out.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_big());
        }
        notes.push(format!(
            "read as gzip ({} bytes compressed, {} decompressed)",
            bytes.len(),
            out.len()
        ));
        bytes = out;
    }
    Ok((bytes, notes))
}

/// The text of a file: UTF-8 (a byte-order mark is dropped), UTF-16 with a
/// byte-order mark, or else Latin-1 (ISO 8859-1, every byte one
/// character), which reads the exports of older Windows tools with at
/// worst wrong accents in names; the note says which.
pub fn decode(bytes: &[u8], notes: &mut Vec<String>) -> String {
    if let Some(b) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(b).into_owned();
    }
    let utf16 = |b: &[u8], le: bool| -> String {
        let units = b.chunks(2).map(|c| {
            let pair = [c[0], *c.get(1).unwrap_or(&0)];
            if le {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(b) = bytes.strip_prefix(b"\xFF\xFE") {
        notes.push("read as UTF-16 (little-endian, from its byte-order mark)".into());
        return utf16(b, true);
    }
    if let Some(b) = bytes.strip_prefix(b"\xFE\xFF") {
        notes.push("read as UTF-16 (big-endian, from its byte-order mark)".into());
        return utf16(b, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            notes.push(format!(
                "the file is not UTF-8 (first byte that is not: line {line}): read as Latin-1 (ISO 8859-1); names may show wrong accents"
            ));
            bytes.iter().map(|b| char::from(*b)).collect()
        }
    }
}

/// Line numbers from byte offsets: 1 + the newlines before the offset
/// (so `\n` and `\r\n` files are numbered alike).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn line(&self, byte: usize) -> u64 {
        self.0.partition_point(|nl| *nl < byte) as u64 + 1
    }
}

impl Table {
    /// Reads `path` whole (gzip and encodings as [`read_bytes`] and
    /// [`decode`]) and locates `fields`: user mappings first (an error if
    /// the named column is missing), then the default aliases.
    pub fn open(
        path: &Path,
        fields: &[Field],
        mapping: &[(&'static str, String)],
    ) -> Result<Table, Error> {
        let (bytes, notes) = read_bytes(path)?;
        let mut t = Table::from_bytes(path, &bytes, fields, mapping)?;
        let mut all = notes;
        all.append(&mut t.notes);
        t.notes = all;
        Ok(t)
    }

    /// Like [`Table::open`] on bytes already read (`path` names them in
    /// messages). Rows are strict: a row with fewer cells than the header,
    /// or more non-empty cells, is bad; a quoted cell running over several
    /// lines (a stray quote) is reported with the line where the quote
    /// opened, and every line it swallowed counts as a bad row.
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
        if bytes.starts_with(&[0x1f, 0x8b]) {
            return Err(data(
                "the bytes are gzip-compressed; read the file with Table::open".into(),
            ));
        }
        let mut notes = Vec::new();
        let text = decode(bytes, &mut notes);
        if text.chars().all(char::is_whitespace) {
            return Err(data(
                "the file is empty (expected a header row and one row per interval or call)".into(),
            ));
        }
        let lines = Lines::new(&text);
        let delimiter = sniff_delimiter(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            // Lines end at \n only (a \r before it is trimmed with the
            // cell), so that records and line numbers agree.
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| data(format!("cannot read the header row: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let header_end = reader.position().byte() as usize;
        if lines.line(header_end.saturating_sub(1)) > 1 {
            return Err(data(
                "the header row has a quote that is not closed on line 1 (a stray \" in a column name)".into(),
            ));
        }
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
        let mut rec = csv::StringRecord::new();
        loop {
            let start = reader.position().byte() as usize;
            let got = reader.read_record(&mut rec);
            let end = reader.position().byte() as usize;
            match got {
                Ok(false) => break,
                Ok(true) => {
                    let mut first = rec.position().map_or(start, |p| p.byte() as usize);
                    // A record may be said to start on the terminator of the line before.
                    while first < end && matches!(text.as_bytes()[first], b'\r' | b'\n') {
                        first += 1;
                    }
                    let line = lines.line(first);
                    // The last line the record touches (its terminator excluded).
                    let body = text[first..end.max(first)].trim_end_matches(['\r', '\n']);
                    let last = line + body.matches('\n').count() as u64;
                    if rec.iter().all(str::is_empty) && last == line {
                        continue; // blank line
                    }
                    if last > line {
                        let why = format!(
                            "a quote opened on line {line} is not closed on that line, so lines {line}-{last} read as one row; remove the stray \" (or close it)"
                        );
                        records.push((line, Err(why)));
                        for l in line + 1..=last {
                            records.push((
                                l,
                                Err(format!("swallowed by the quote opened on line {line}")),
                            ));
                        }
                        continue;
                    }
                    if rec.len() < headers.len() {
                        let missing: Vec<&str> =
                            headers[rec.len()..].iter().map(String::as_str).collect();
                        records.push((
                            line,
                            Err(format!(
                                "the row is cut short: {} of the header's {} fields (missing {})",
                                rec.len(),
                                headers.len(),
                                missing.join(", ")
                            )),
                        ));
                        continue;
                    }
                    if rec.iter().skip(headers.len()).any(|c| !c.is_empty()) {
                        records.push((
                            line,
                            Err(format!(
                                "the row has {} fields, the header {}: a delimiter too many in a cell?",
                                rec.len(),
                                headers.len()
                            )),
                        ));
                        continue;
                    }
                    records.push((line, Ok(rec.clone())));
                }
                Err(e) => {
                    let line = e
                        .position()
                        .map_or_else(|| lines.line(start), |p| lines.line(p.byte() as usize));
                    records.push((line, Err(format!("not readable as CSV: {e}"))));
                    if end <= start {
                        break;
                    }
                }
            }
        }
        Ok(Table {
            path: path.to_owned(),
            headers,
            columns,
            notes,
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
            implausible: Vec::new(),
            notes: self.notes.clone(),
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
