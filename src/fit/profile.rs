//! From dated rows to a planning day: the interval grid, the choice of days
//! (all, or some weekdays), call logs summed into intervals, and the mean
//! profile with its day-to-day spread.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

use crate::history::calls::{CallOutcome, CallRow};
use crate::history::intervals::IntervalRow;

/// Days of the week to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weekdays(pub Vec<Weekday>);

impl Weekdays {
    /// Every day.
    pub fn all() -> Self {
        Weekdays(
            [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ]
            .to_vec(),
        )
    }

    /// Parses `mon-fri`, `sat,sun`, `mon,wed-fri` or `all` (three-letter
    /// English names or full names, any case; a range wraps past Sunday),
    /// and the named sets of [`CALENDARS`] (`bank-week`, `weekend`, ...),
    /// alone or in a list (`bank-week,bank-short`).
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(Weekdays::all());
        }
        if text.split(',').any(|p| named(p).is_some()) {
            let mut out: Vec<Weekday> = Vec::new();
            for part in text.split(',') {
                let days = match named(part) {
                    Some(n) => n,
                    None => Weekdays::parse(part)?.0,
                };
                for d in days {
                    if !out.contains(&d) {
                        out.push(d);
                    }
                }
            }
            return Ok(Weekdays(out));
        }
        let day = |s: &str| -> Result<Weekday, String> {
            s.trim().parse::<Weekday>().map_err(|_| {
                format!(
                    "\"{}\" is not a day of the week (mon, tue, ... sun) nor a named set ({})",
                    s.trim(),
                    CALENDARS.map(|c| c.0).join(", ")
                )
            })
        };
        let mut out: Vec<Weekday> = Vec::new();
        for part in text.split(',') {
            let mut push = |d: Weekday| {
                if !out.contains(&d) {
                    out.push(d)
                }
            };
            match part.split_once('-') {
                Some((a, b)) => {
                    let (Ok(mut d), Ok(end)) = (day(a), day(b)) else {
                        return Err(format!(
                            "\"{}\" is not a range of days of the week (mon-fri) nor a named set ({})",
                            part.trim(),
                            CALENDARS.map(|c| c.0).join(", ")
                        ));
                    };
                    loop {
                        push(d);
                        if d == end {
                            break;
                        }
                        d = d.succ();
                    }
                }
                None => push(day(part)?),
            }
        }
        if out.is_empty() {
            return Err("no day of the week given".into());
        }
        Ok(Weekdays(out))
    }

    /// Whether `date` is one of the days kept.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.0.contains(&date.weekday())
    }

    /// "mon-fri"-like text for reports.
    pub fn describe(&self) -> String {
        if self.0.len() == 7 {
            return "all days".into();
        }
        self.0
            .iter()
            .map(|d| d.to_string().to_lowercase())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Named sets of days for `--weekdays`, `--fit-days` and `--test-days`,
/// so that a file can be read in its own calendar: (name, days, meaning).
/// The Anonymous Bank (Israel) works Sunday to Thursday, with a short
/// Friday and Saturday closed.
pub const CALENDARS: [(&str, &str, &str); 6] = [
    ("workweek", "mon-fri", "Monday to Friday"),
    ("weekend", "sat,sun", "Saturday and Sunday"),
    (
        "bank-week",
        "sun-thu",
        "the bank's working week, Sunday to Thursday",
    ),
    ("bank-short", "fri", "the bank's short day, Friday"),
    (
        "bank-open",
        "sun-fri",
        "every day the bank is open, Sunday to Friday",
    ),
    (
        "bank-weekend",
        "fri,sat",
        "the bank's weekend, Friday and Saturday",
    ),
];

/// The days of a named set of [`CALENDARS`] (any case).
fn named(name: &str) -> Option<Vec<Weekday>> {
    let name = name.trim();
    CALENDARS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .and_then(|(_, days, _)| Weekdays::parse(days).ok())
        .map(|w| w.0)
}

/// The planning day: its start, interval length and number of intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Start, seconds after midnight.
    pub start_of_day: f64,
    /// Interval length, seconds.
    pub interval: f64,
    /// Intervals.
    pub intervals: usize,
}

/// Seconds after midnight of a date-time.
pub fn clock(t: NaiveDateTime) -> f64 {
    f64::from(t.num_seconds_from_midnight()) + f64::from(t.nanosecond()) * 1e-9
}

impl Grid {
    /// The smallest grid of `interval`-second steps from midnight that holds
    /// every clock time in `clocks` (seconds after midnight), unless `open`
    /// / `close` fix its ends.
    pub fn covering(
        clocks: impl Iterator<Item = f64>,
        interval: f64,
        open: Option<f64>,
        close: Option<f64>,
    ) -> Option<Grid> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for c in clocks {
            lo = lo.min(c);
            hi = hi.max(c);
        }
        let start = open.unwrap_or((lo / interval).floor() * interval);
        let end = close.unwrap_or(((hi / interval).floor() + 1.0) * interval);
        if !(start.is_finite() && end.is_finite()) || end <= start {
            return None;
        }
        Some(Grid {
            start_of_day: start,
            interval,
            intervals: ((end - start) / interval).ceil() as usize,
        })
    }

    /// The interval of a clock time, if inside the grid.
    pub fn index(&self, clock_seconds: f64) -> Option<usize> {
        let x = (clock_seconds - self.start_of_day) / self.interval;
        (x >= 0.0 && x < self.intervals as f64).then_some(x.floor() as usize)
    }

    /// "HH:MM" of the end of the grid.
    pub fn end_label(&self) -> String {
        crate::scenario::clock_label(self.start_of_day + self.interval * self.intervals as f64)
    }
}

/// The interval length of interval data: the smallest gap between
/// consecutive interval starts on the same day, in seconds.
pub fn infer_interval(rows: &[IntervalRow]) -> Option<f64> {
    let mut starts: Vec<NaiveDateTime> = rows.iter().map(|r| r.start).collect();
    starts.sort();
    starts
        .windows(2)
        .filter(|w| w[0].date() == w[1].date())
        .map(|w| (w[1] - w[0]).num_seconds() as f64)
        .filter(|g| *g > 0.0)
        .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.min(g))))
}

/// Sums a call log into one row per (day, interval) of `grid`, the same
/// shape as interval data: offered, answered, abandoned, answered within
/// `threshold` seconds, ASA, AHT, mean wait of the abandoned, and the
/// staffing proxy: the number of distinct agents who answered a call in
/// the interval (when the log names agents; an agent finishing a call after
/// the shift ended answers none, an idle agent leaves no trace). Calls arriving
/// outside the grid are left out; their number is returned too.
pub fn aggregate_calls(
    calls: &[CallRow],
    grid: &Grid,
    threshold: f64,
) -> (Vec<IntervalRow>, usize) {
    #[derive(Default)]
    struct Acc {
        offered: f64,
        answered: f64,
        abandoned: f64,
        within: f64,
        wait_answered: f64,
        handle_sum: f64,
        handle_n: f64,
        wait_abandoned: f64,
        agents: HashSet<String>,
    }
    let mut cells: HashMap<(NaiveDate, usize), Acc> = HashMap::new();
    let mut outside = 0;
    let mut any_agent = false;
    for c in calls {
        let Some(k) = grid.index(clock(c.arrival)) else {
            outside += 1;
            continue;
        };
        let a = cells.entry((c.arrival.date(), k)).or_default();
        a.offered += 1.0;
        let wait = c.wait.unwrap_or(0.0);
        match c.outcome {
            CallOutcome::Answered => {
                a.answered += 1.0;
                a.wait_answered += wait;
                if wait <= threshold {
                    a.within += 1.0;
                }
                if let Some(h) = c.handle {
                    a.handle_sum += h;
                    a.handle_n += 1.0;
                }
            }
            CallOutcome::Abandoned => {
                a.abandoned += 1.0;
                a.wait_abandoned += wait;
            }
            CallOutcome::Other => {}
        }
        if let (CallOutcome::Answered, Some(agent)) = (c.outcome, &c.agent) {
            any_agent = true;
            // The answer time; a wait so long that the date overflows has none.
            let answer = c.answered_at.or_else(|| {
                let ms = (wait * 1000.0).round();
                (ms.abs() < 1e15)
                    .then(|| {
                        c.arrival
                            .checked_add_signed(chrono::Duration::milliseconds(ms as i64))
                    })
                    .flatten()
            });
            if let Some((answer, j)) = answer.and_then(|a| Some((a, grid.index(clock(a))?))) {
                cells
                    .entry((answer.date(), j))
                    .or_default()
                    .agents
                    .insert(agent.clone());
            }
        }
    }
    let mut rows: Vec<IntervalRow> = cells
        .into_iter()
        .filter(|(_, a)| a.offered > 0.0 || any_agent)
        .map(|((date, k), a)| {
            let secs = grid.start_of_day + grid.interval * k as f64;
            let start = date.and_hms_opt(0, 0, 0).unwrap_or_default()
                + chrono::Duration::seconds(secs as i64);
            IntervalRow {
                line: 0,
                start,
                offered: a.offered,
                answered: Some(a.answered),
                abandoned: Some(a.abandoned),
                blocked: None,
                answered_within: Some(a.within),
                service_level: None,
                asa: (a.answered > 0.0).then(|| a.wait_answered / a.answered),
                aht: (a.handle_n > 0.0).then(|| a.handle_sum / a.handle_n),
                abandon_time: (a.abandoned > 0.0).then(|| a.wait_abandoned / a.abandoned),
                agents: any_agent.then_some(a.agents.len() as f64),
            }
        })
        .collect();
    rows.sort_by_key(|r| r.start);
    (rows, outside)
}

/// The mean day over the chosen days.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The grid.
    pub grid: Grid,
    /// Days used, in order.
    pub days: Vec<NaiveDate>,
    /// Days in the data left out by the weekday filter.
    pub days_skipped: usize,
    /// Rows outside the grid (left out).
    pub rows_outside: usize,
    /// Calls offered per day (outer) and interval (inner); an interval
    /// missing from a day's data counts as 0 calls.
    pub offered: Vec<Vec<f64>>,
    /// Mean calls offered per interval.
    pub mean_offered: Vec<f64>,
    /// Mean of the daily totals.
    pub daily_mean: f64,
    /// Sample standard deviation of the daily totals.
    pub daily_sd: f64,
    /// Day-level CV beyond Poisson: sqrt(max(0, (s² - m) / m²)) with m and
    /// s² the mean and sample variance of the daily totals. Under the
    /// model's Poisson-gamma mixture Var(N) = m + cv²·m², so this is the
    /// moment estimate of `forecast_cv`; 0 with fewer than two days.
    pub forecast_cv: f64,
    /// Mean agents per interval over the days that report them, if any do.
    pub agents: Option<Vec<f64>>,
    /// Call-weighted mean handle time from the AHT column (seconds).
    pub aht: Option<f64>,
    /// Abandonments and total waiting time implied by the interval columns
    /// abandoned, answered, ASA and mean abandon wait, when all are present:
    /// (abandonments, seconds waited by everyone).
    pub abandon_exposure: Option<(f64, f64)>,
    /// Rows that gave the abandonment estimate all its cells (the others
    /// are left out of it, not of the volumes).
    pub abandon_rows: usize,
}

/// Builds the profile of `rows` on `grid`, keeping the days in `weekdays`.
pub fn profile(rows: &[IntervalRow], grid: Grid, weekdays: &Weekdays) -> Option<Profile> {
    let all_days: BTreeSet<NaiveDate> = rows.iter().map(|r| r.start.date()).collect();
    let days: Vec<NaiveDate> = all_days
        .iter()
        .copied()
        .filter(|d| weekdays.contains(*d))
        .collect();
    if days.is_empty() {
        return None;
    }
    let day_index: HashMap<NaiveDate, usize> =
        days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let n = grid.intervals;
    let mut offered = vec![vec![0.0; n]; days.len()];
    let mut agents_sum = vec![0.0; n];
    let mut agents_n = vec![0.0; n];
    let (mut aht_sum, mut aht_w) = (0.0, 0.0);
    // Rows lacking one of the cells are left out of the estimate (those
    // cells only: their calls still count as offered).
    let (mut ab, mut exposure, mut exposure_rows) = (0.0, 0.0, 0usize);
    let mut rows_outside = 0;
    for r in rows {
        let Some(&d) = day_index.get(&r.start.date()) else {
            continue;
        };
        let Some(k) = grid.index(clock(r.start)) else {
            rows_outside += 1;
            continue;
        };
        offered[d][k] += r.offered;
        if let Some(a) = r.agents {
            agents_sum[k] += a;
            agents_n[k] += 1.0;
        }
        if let Some(h) = r.aht {
            let w = r.answered.unwrap_or(r.offered);
            aht_sum += h * w;
            aht_w += w;
        }
        // An ASA is undefined with nobody answered, a mean abandon wait with nobody abandoning.
        let asa = r.asa.or(r.answered.filter(|a| *a == 0.0).map(|_| 0.0));
        let abandon_time = r
            .abandon_time
            .or(r.abandoned.filter(|a| *a == 0.0).map(|_| 0.0));
        if let (Some(a), Some(ans), Some(asa), Some(t)) =
            (r.abandoned, r.answered, asa, abandon_time)
        {
            ab += a;
            exposure += ans * asa + a * t;
            exposure_rows += 1;
        }
    }
    let totals: Vec<f64> = offered.iter().map(|d| d.iter().sum()).collect();
    let nd = days.len() as f64;
    let daily_mean = totals.iter().sum::<f64>() / nd;
    let daily_var = if days.len() > 1 {
        totals.iter().map(|t| (t - daily_mean).powi(2)).sum::<f64>() / (nd - 1.0)
    } else {
        0.0
    };
    let forecast_cv = if days.len() > 1 && daily_mean > 0.0 {
        ((daily_var - daily_mean) / (daily_mean * daily_mean))
            .max(0.0)
            .sqrt()
    } else {
        0.0
    };
    let mean_offered = (0..n)
        .map(|k| offered.iter().map(|d| d[k]).sum::<f64>() / nd)
        .collect();
    let agents = agents_n.iter().any(|c| *c > 0.0).then(|| {
        agents_sum
            .iter()
            .zip(&agents_n)
            .map(|(s, c)| if *c > 0.0 { s / c } else { 0.0 })
            .collect()
    });
    Some(Profile {
        grid,
        days_skipped: all_days.len() - days.len(),
        days,
        rows_outside,
        offered,
        mean_offered,
        daily_mean,
        daily_sd: daily_var.sqrt(),
        forecast_cv,
        agents,
        aht: (aht_w > 0.0).then(|| aht_sum / aht_w),
        abandon_exposure: (exposure_rows > 0 && exposure > 0.0).then_some((ab, exposure)),
        abandon_rows: exposure_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_lists() {
        let w = Weekdays::parse("mon-fri").unwrap();
        assert_eq!(w.0.len(), 5);
        assert_eq!(
            Weekdays::parse("sat,sun").unwrap().0,
            vec![Weekday::Sat, Weekday::Sun]
        );
        assert_eq!(Weekdays::parse("fri-mon").unwrap().0.len(), 4);
        assert_eq!(Weekdays::parse("ALL").unwrap().0.len(), 7);
        assert!(Weekdays::parse("mon-fry").unwrap_err().contains("fry"));
        let bank = Weekdays::parse("Bank-Week").unwrap();
        assert_eq!(bank, Weekdays::parse("sun-thu").unwrap());
        assert_eq!(
            Weekdays::parse("bank-week,bank-short").unwrap(),
            Weekdays::parse("sun-fri").unwrap()
        );
        assert_eq!(Weekdays::parse("weekend,mon").unwrap().0.len(), 3);
        assert!(Weekdays::parse("bank-week,fry")
            .unwrap_err()
            .contains("fry"));
    }

    #[test]
    fn grid_covers_the_clock_times() {
        let g = Grid::covering(
            [8.0 * 3600.0 + 10.0, 19.5 * 3600.0 + 5.0].into_iter(),
            1800.0,
            None,
            None,
        )
        .unwrap();
        assert_eq!(g.start_of_day, 8.0 * 3600.0);
        assert_eq!(g.intervals, 24);
        assert_eq!(g.index(8.0 * 3600.0 + 1799.0), Some(0));
        assert_eq!(g.index(20.0 * 3600.0), None);
        assert_eq!(g.end_label(), "20:00");
    }
}
