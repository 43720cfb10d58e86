//! Which days of a history file to fit or to test on: `--fit-days`,
//! `--test-days` (dates, date ranges or weekday sets) and `--holdout SHARE`
//! (the last share of the days, in date order, kept for the backtest).

use chrono::NaiveDate;

use super::profile::Weekdays;

/// A set of days: dates and date ranges, or days of the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaySet {
    /// Dates and inclusive date ranges.
    Dates(Vec<(NaiveDate, NaiveDate)>),
    /// Days of the week.
    Weekdays(Weekdays),
}

impl DaySet {
    /// Parses `2024-03-04,2024-03-06..2024-03-08` (dates and ranges) or a
    /// weekday list as `--weekdays` takes it (`mon-fri`, `sun-thu`).
    pub fn parse(text: &str) -> Result<DaySet, String> {
        let t = text.trim();
        if t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let date = |s: &str| {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("\"{}\" is not a date YYYY-MM-DD", s.trim()))
            };
            let mut out = Vec::new();
            for part in t.split(',').filter(|p| !p.trim().is_empty()) {
                let (a, b) = match part.split_once("..") {
                    Some((a, b)) => (date(a)?, date(b)?),
                    None => (date(part)?, date(part)?),
                };
                if b < a {
                    return Err(format!("the range {a}..{b} ends before it starts"));
                }
                out.push((a, b));
            }
            if out.is_empty() {
                return Err("no date given".into());
            }
            Ok(DaySet::Dates(out))
        } else {
            Weekdays::parse(t).map(DaySet::Weekdays)
        }
    }

    /// Whether `date` is in the set.
    pub fn contains(&self, date: NaiveDate) -> bool {
        match self {
            DaySet::Dates(r) => r.iter().any(|(a, b)| *a <= date && date <= *b),
            DaySet::Weekdays(w) => w.contains(date),
        }
    }
}

/// Splits sorted distinct `dates` for a holdout of `share` (0 < share < 1):
/// (days to fit, days to test), the test days being the last
/// round(share × n) in date order, at least one of each when n ≥ 2.
pub fn holdout(dates: &[NaiveDate], share: f64) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let n = dates.len();
    if n < 2 {
        return (dates.to_vec(), Vec::new());
    }
    let test = ((share * n as f64).round() as usize).clamp(1, n - 1);
    (dates[..n - test].to_vec(), dates[n - test..].to_vec())
}

/// Checks a `--holdout` share.
pub fn check_share(share: f64) -> Result<f64, String> {
    if share.is_finite() && share > 0.0 && share < 1.0 {
        Ok(share)
    } else {
        Err(format!(
            "--holdout must be a share strictly between 0 and 1 (got {share}), e.g. --holdout 0.5 to keep the last half of the days for the backtest"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_ranges_weekdays_and_holdout() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let set = DaySet::parse("2024-03-04,2024-03-06..2024-03-08").unwrap();
        assert!(set.contains(d("2024-03-04")) && set.contains(d("2024-03-07")));
        assert!(!set.contains(d("2024-03-05")));
        let bank = DaySet::parse("sun-thu").unwrap();
        assert!(bank.contains(d("2024-03-03")) && !bank.contains(d("2024-03-08")));
        assert!(DaySet::parse("2024-03-08..2024-03-04").is_err());
        let days: Vec<NaiveDate> = (4..=9).map(|i| d(&format!("2024-03-{i:02}"))).collect();
        let (fit, test) = holdout(&days, 0.5);
        assert_eq!((fit.len(), test.len()), (3, 3));
        assert_eq!(test[0], d("2024-03-07"));
        assert!(check_share(1.0).is_err() && check_share(0.5).is_ok());
    }
}
