//! Cell parsers: date-times (ISO 8601 by default, or a user's strftime
//! format), durations (seconds or clock notation), counts and shares.
//! Each returns a reason in words on failure, which the readers attach to
//! the file and line.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// ISO 8601 forms accepted without `--time-format` (a `T` or a space between
/// date and time, seconds and fractions optional).
const ISO_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// Date layouts tried, in order, when no `--time-format` is given and a
/// date is not ISO 8601: compact `yyyymmdd` and `yymmdd` (the Anonymous
/// Bank log writes `990801`), `yyyy/mm/dd`, dotted `dd.mm.yyyy`, and
/// `dd/mm/yyyy` or `mm/dd/yyyy` (also with `-` or a 2-digit year) when the
/// file tells which ([`TimeFormat::day_first`]).
const COMPACT_DATE_FORMATS: [(&str, usize); 2] = [("%Y%m%d", 8), ("%y%m%d", 6)];

/// How date-times in a file are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeFormat {
    /// A chrono strftime format (e.g. `%d/%m/%Y %H:%M:%S`); `None` = ISO 8601
    /// and the other common layouts listed at [`TimeFormat::parse_date`].
    pub format: Option<String>,
    /// For dates like `03/04/2024` without `--time-format`: `Some(true)` =
    /// day first (dd/mm/yyyy), `Some(false)` = month first (mm/dd/yyyy),
    /// `None` = undecided (only dates with a part above 12 are read). Set
    /// from the whole file by [`slash_order`].
    pub day_first: Option<bool>,
}

/// Which of dd/mm and mm/dd a file's slash (or dash) dates use, from every
/// date cell: a first part above 12 means day first, a second part above 12
/// month first. `None` when no cell tells, or when cells contradict.
pub fn slash_order<'a>(cells: impl Iterator<Item = &'a str>) -> Option<bool> {
    let (mut day, mut month) = (false, false);
    for c in cells {
        let date = c.trim().split([' ', 'T']).next().unwrap_or("");
        if let Some((a, b, _)) = slash_parts(date) {
            day |= a > 12;
            month |= b > 12;
        }
    }
    match (day, month) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The three numbers of `a/b/yyyy` or `a-b-yyyy` (year of 2 or 4 digits).
fn slash_parts(date: &str) -> Option<(u32, u32, i32)> {
    let sep = if date.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    if !(parts[2].len() == 4 || parts[2].len() == 2) {
        return None;
    }
    let a = parts[0].parse().ok()?;
    let b = parts[1].parse().ok()?;
    let y: i32 = parts[2].parse().ok()?;
    let y = if parts[2].len() == 2 {
        if y < 70 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    };
    Some((a, b, y))
}

/// A time of day `H:MM[:SS[.fff]]`, hours with one or two digits.
fn time_of_day(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .ok()
}

impl TimeFormat {
    /// A user format, or ISO 8601 for `None`.
    pub fn new(format: Option<String>) -> Self {
        TimeFormat {
            format,
            day_first: None,
        }
    }

    /// Parses a date without `--time-format`: ISO `yyyy-mm-dd`, then the
    /// layouts of `COMPACT_DATE_FORMATS` (`yyyymmdd`, `yymmdd`; a 2-digit
    /// year below 70 is 20yy, else 19yy), `yyyy/mm/dd`, `dd.mm.yyyy`, and
    /// `dd/mm/yyyy` or `mm/dd/yyyy` (also `-`, 2-digit years) when the
    /// order is certain: a part above 12, or [`TimeFormat::day_first`].
    pub fn parse_date(&self, text: &str) -> Result<NaiveDate, String> {
        let t = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(d);
        }
        if t.chars().all(|c| c.is_ascii_digit()) {
            for (f, len) in COMPACT_DATE_FORMATS {
                if t.len() == len {
                    if let Ok(d) = NaiveDate::parse_from_str(t, f) {
                        return Ok(d);
                    }
                }
            }
        }
        for f in ["%Y/%m/%d", "%d.%m.%Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(t, f) {
                return Ok(d);
            }
        }
        if let Some((a, b, y)) = slash_parts(t) {
            let day_first = if a > 12 {
                Some(true)
            } else if b > 12 {
                Some(false)
            } else {
                self.day_first
            };
            let d = match day_first {
                Some(true) => NaiveDate::from_ymd_opt(y, b, a),
                Some(false) => NaiveDate::from_ymd_opt(y, a, b),
                None => {
                    return Err(format!(
                        "\"{t}\" may be day/month or month/day and no date in the file tells which; give --time-format (e.g. \"%d/%m/%Y %H:%M:%S\")"
                    ))
                }
            };
            return d.ok_or_else(|| format!("\"{t}\" is not a valid date"));
        }
        Err(format!(
            "\"{t}\" is not a date in a known layout (yyyy-mm-dd, yyyymmdd, yymmdd, dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy); give --time-format"
        ))
    }

    /// Parses one date-time. ISO 8601 accepts `2024-03-04T08:30:00`,
    /// `2024-03-04 08:30`, fractions of a second, and a UTC offset or `Z`
    /// (the wall-clock time in that offset is kept: a call center plans in
    /// its own local time).
    pub fn parse(&self, text: &str) -> Result<NaiveDateTime, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty date-time".into());
        }
        match &self.format {
            Some(f) => NaiveDateTime::parse_from_str(t, f)
                .map_err(|e| format!("\"{t}\" does not match --time-format \"{f}\" ({e})")),
            None => {
                if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
                    return Ok(dt.naive_local());
                }
                for f in ISO_FORMATS {
                    if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
                        return Ok(dt);
                    }
                }
                // A bare date-time with an offset but without seconds, e.g. 2024-03-04T08:30+01:00.
                if let Ok(dt) = DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M%:z") {
                    return Ok(dt.naive_local());
                }
                // Other common layouts: a date of parse_date, a space, a time of day.
                if let Some((d, tm)) = t.split_once(' ') {
                    if let (Ok(d), Some(tm)) = (self.parse_date(d), time_of_day(tm)) {
                        return Ok(d.and_time(tm));
                    }
                }
                Err(format!(
                    "\"{t}\" is not an ISO 8601 date-time such as 2024-03-04T08:30:00 (give --time-format for other layouts, e.g. \"%d/%m/%Y %H:%M\")"
                ))
            }
        }
    }

    /// Parses a date cell and a time-of-day cell kept in separate columns,
    /// by joining them with a space (the user's format then describes the
    /// joined text), or as ISO date plus `HH:MM[:SS]`.
    pub fn parse_split(&self, date: &str, time: &str) -> Result<NaiveDateTime, String> {
        let joined = format!("{} {}", date.trim(), time.trim());
        if self.format.is_some() {
            return self.parse(&joined);
        }
        let d = match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => self.parse_date(date).map_err(|e| {
                format!("{e} (with --time-format, it describes \"DATE TIME\" joined by a space)")
            })?,
        };
        let tm = time_of_day(time)
            .ok_or_else(|| format!("\"{}\" is not a time of day HH:MM[:SS]", time.trim()))?;
        Ok(d.and_time(tm))
    }
}

/// A duration in seconds: a number (`42`, `42.5`) or clock notation
/// `MM:SS` / `HH:MM:SS` as many exports write it. Negative values and
/// non-numbers are refused with the reason.
pub fn duration(text: &str, what: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("{what} is empty"));
    }
    let v = if t.contains(':') {
        let neg = t.starts_with('-');
        let parts: Vec<&str> = t.trim_start_matches('-').split(':').collect();
        if parts.len() > 3 {
            return Err(format!("{what} \"{t}\" is not seconds or HH:MM:SS"));
        }
        let mut total = 0.0;
        for p in &parts {
            let x: f64 = p
                .parse()
                .map_err(|_| format!("{what} \"{t}\" is not seconds or HH:MM:SS"))?;
            total = total * 60.0 + x;
        }
        if neg {
            -total
        } else {
            total
        }
    } else {
        t.parse::<f64>()
            .map_err(|_| format!("{what} \"{t}\" is not a number of seconds"))?
    };
    if !v.is_finite() {
        return Err(format!("{what} \"{t}\" is not a finite number"));
    }
    if v < 0.0 {
        return Err(format!("negative {what} ({t})"));
    }
    Ok(v)
}

/// Seconds as a planner reads them: `14400 s (4 h)`, `90 s`.
pub fn duration_label(seconds: f64) -> String {
    if seconds >= 3600.0 {
        format!("{seconds} s ({} h)", seconds / 3600.0)
    } else {
        format!("{seconds} s")
    }
}

/// A count or other non-negative number (`12`, `12.0`).
pub fn count(text: &str, what: &str) -> Result<f64, String> {
    let t = text.trim();
    let v: f64 = t
        .parse()
        .map_err(|_| format!("{what} \"{t}\" is not a number"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("{what} must be a number >= 0 (got {t})"));
    }
    Ok(v)
}

/// A share written as a fraction (`0.85`) or a percentage (`85%`, or a
/// number above 1, read as percent). Returned as a fraction.
pub fn share(text: &str, what: &str) -> Result<f64, String> {
    let t = text.trim();
    let (num, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("{what} \"{t}\" is not a number or percentage"))?;
    let v = if percent || v > 1.0 { v / 100.0 } else { v };
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{what} must lie between 0 and 100% (got {t})"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_custom_formats() {
        let iso = TimeFormat::default();
        let want = NaiveDate::from_ymd_opt(2024, 3, 4)
            .unwrap()
            .and_hms_opt(8, 30, 0)
            .unwrap();
        for t in [
            "2024-03-04T08:30:00",
            "2024-03-04 08:30",
            "2024-03-04T08:30:00+01:00",
            "2024-03-04T08:30:00Z",
            " 2024-03-04 08:30:00.000 ",
        ] {
            assert_eq!(iso.parse(t).unwrap(), want, "{t}");
        }
        assert!(iso
            .parse("04/03/2024 08:30")
            .unwrap_err()
            .contains("--time-format"));
        let eu = TimeFormat::new(Some("%d/%m/%Y %H:%M".into()));
        assert_eq!(eu.parse("04/03/2024 08:30").unwrap(), want);
        assert_eq!(iso.parse_split("2024-03-04", "8:30").unwrap(), want);
        assert_eq!(eu.parse_split("04/03/2024", "08:30").unwrap(), want);
    }

    #[test]
    fn other_date_layouts() {
        let f = TimeFormat::default();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(f.parse_date("990801").unwrap(), d(1999, 8, 1));
        assert_eq!(f.parse_date("19990801").unwrap(), d(1999, 8, 1));
        assert_eq!(f.parse_date("240304").unwrap(), d(2024, 3, 4));
        assert_eq!(f.parse_date("25/12/2024").unwrap(), d(2024, 12, 25));
        assert_eq!(f.parse_date("12/25/2024").unwrap(), d(2024, 12, 25));
        assert_eq!(f.parse_date("04.03.2024").unwrap(), d(2024, 3, 4));
        assert!(f
            .parse_date("03/04/2024")
            .unwrap_err()
            .contains("day/month"));
        let dmy = TimeFormat {
            day_first: slash_order(["25/12/2024", "03/04/2024"].into_iter()),
            ..TimeFormat::default()
        };
        assert_eq!(dmy.day_first, Some(true));
        assert_eq!(dmy.parse_date("03/04/2024").unwrap(), d(2024, 4, 3));
        assert_eq!(slash_order(["12/25/2024 8:00"].into_iter()), Some(false));
        assert_eq!(slash_order(["12/25/2024", "25/12/2024"].into_iter()), None);
        let t = |h, m, s| d(1999, 8, 1).and_hms_opt(h, m, s).unwrap();
        assert_eq!(f.parse_split("990801", "0:00:31").unwrap(), t(0, 0, 31));
        assert_eq!(f.parse_split("990801", "7:09:33").unwrap(), t(7, 9, 33));
        assert_eq!(f.parse("990801 7:09:33").unwrap(), t(7, 9, 33));
        assert_eq!(
            f.parse("13/08/1999 7:09").unwrap(),
            d(1999, 8, 13).and_hms_opt(7, 9, 0).unwrap()
        );
    }

    #[test]
    fn durations_counts_and_shares() {
        assert_eq!(duration("42.5", "wait").unwrap(), 42.5);
        assert_eq!(duration("01:02:03", "wait").unwrap(), 3723.0);
        assert_eq!(duration("2:30", "wait").unwrap(), 150.0);
        assert!(duration("-3", "wait")
            .unwrap_err()
            .contains("negative wait"));
        assert!(duration("-0:03", "wait").unwrap_err().contains("negative"));
        assert!(duration("abc", "wait").is_err());
        assert!(count("-1", "offered").is_err());
        assert_eq!(share("85%", "sl").unwrap(), 0.85);
        assert_eq!(share("85", "sl").unwrap(), 0.85);
        assert_eq!(share("0.85", "sl").unwrap(), 0.85);
        assert!(share("120%", "sl").is_err());
    }
}
