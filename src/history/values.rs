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

/// How date-times in a file are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeFormat {
    /// A chrono strftime format (e.g. `%d/%m/%Y %H:%M:%S`); `None` = ISO 8601.
    pub format: Option<String>,
}

impl TimeFormat {
    /// A user format, or ISO 8601 for `None`.
    pub fn new(format: Option<String>) -> Self {
        TimeFormat { format }
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
        let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| format!("\"{}\" is not an ISO date such as 2024-03-04 (give --time-format for other layouts; it then describes \"DATE TIME\" joined by a space)", date.trim()))?;
        let tm = NaiveTime::parse_from_str(time.trim(), "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M"))
            .map_err(|_| format!("\"{}\" is not a time of day HH:MM[:SS]", time.trim()))?;
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
