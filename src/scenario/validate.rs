//! Turns a [`RawScenario`] into a [`ValidScenario`] in plain units, or lists
//! every problem at once, each with its TOML path and the offending value.

use super::raw::*;
use super::valid::*;
use crate::dist::Dist;
use crate::error::Problem;

mod money;
mod shifts;

/// Longest duration a scenario may give, in seconds (about 3.2 years): far
/// beyond any handle time, patience or delay, and small enough that clock
/// arithmetic on a date (call logs) can never overflow.
pub const MAX_SECONDS: f64 = 1e8;

/// Shortest positive duration (mean, delay, upper bound), in seconds: one
/// microsecond. Below it the samplers' parameters (rate 1/mean, gamma scale)
/// leave the range where they are computed exactly.
pub const MIN_SECONDS: f64 = 1e-6;

/// Largest coefficient of variation of a lognormal or gamma distribution and
/// of `forecast_cv`. Beyond it the gamma shape 1/cv² falls below 0.01 (almost
/// every draw underflows to 0) and the lognormal's variance overflows.
pub const MAX_CV: f64 = 10.0;

/// Smallest positive coefficient of variation (a smaller one is a constant:
/// use `distribution = "deterministic"`).
pub const MIN_CV: f64 = 1e-6;

/// Largest number of agents in one group and interval.
pub const MAX_AGENTS: f64 = 1e6;

/// Collects problems while the scenario is checked.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// A finite number `>= min` (or `> min` when `strict`).
    fn number(&mut self, path: &str, v: f64, min: f64, strict: bool) -> f64 {
        let ok = v.is_finite() && if strict { v > min } else { v >= min };
        if !ok {
            let rel = if strict { ">" } else { ">=" };
            self.fail(
                path,
                format!("must be a finite number {rel} {min} (got {})", show(v)),
            );
        }
        v
    }

    fn fraction(&mut self, path: &str, v: f64) -> f64 {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            self.fail(
                path,
                format!("must be a fraction between 0 and 1 (got {})", show(v)),
            );
        }
        v
    }

    /// A duration the samplers and the clock arithmetic handle exactly:
    /// at most [`MAX_SECONDS`] and, when `strict`, at least [`MIN_SECONDS`].
    fn duration(&mut self, path: &str, d: &Duration, strict: bool) -> f64 {
        let v = self.duration_unbounded(path, d, strict);
        if v.is_finite() && v > MAX_SECONDS {
            self.fail(
                path,
                format!(
                    "must be at most {MAX_SECONDS:e} seconds (about 3 years) (got {})",
                    show(v)
                ),
            );
        } else if strict && v.is_finite() && v > 0.0 && v < MIN_SECONDS {
            self.fail(
                path,
                format!(
                    "must be at least {MIN_SECONDS:e} seconds (one microsecond) (got {})",
                    show(v)
                ),
            );
        }
        v
    }

    /// A coefficient of variation between [`MIN_CV`] and [`MAX_CV`].
    fn cv(&mut self, path: &str, v: f64) -> f64 {
        let v = self.number(path, v, 0.0, true);
        if v.is_finite() && v > 0.0 && !(MIN_CV..=MAX_CV).contains(&v) {
            self.fail(
                path,
                format!(
                    "must be between {MIN_CV:e} and {MAX_CV} (got {}): a larger spread cannot be sampled faithfully (gamma shape 1/cv² below 0.01), a smaller one is a constant (use distribution = \"deterministic\")",
                    show(v)
                ),
            );
        }
        v
    }

    fn duration_unbounded(&mut self, path: &str, d: &Duration, strict: bool) -> f64 {
        match d {
            Duration::Number(v) => self.number(path, *v, 0.0, strict),
            Duration::Text(s) => match parse_clock(s, false) {
                Some(v) if !strict || v > 0.0 => v,
                Some(_) => {
                    self.fail(path, format!("must be longer than zero (got \"{s}\")"));
                    0.0
                }
                None => {
                    self.fail(
                        path,
                        format!("\"{s}\" is neither a number of seconds nor a duration \"HH:MM\""),
                    );
                    0.0
                }
            },
        }
    }

    fn clock(&mut self, path: &str, s: &str) -> Option<f64> {
        let v = parse_clock(s, true);
        if v.is_none() {
            self.fail(
                path,
                format!("\"{s}\" is not a time of day \"HH:MM\" between 00:00 and 24:00"),
            );
        }
        v
    }

    /// One value per interval of the whole horizon from a number, a list
    /// (one value per interval of a day, repeated every open day, or one per
    /// interval of the horizon) or a list of lists (one list per open day),
    /// each value checked by `check`.
    fn per_interval(
        &mut self,
        path: &str,
        v: &NumberOrList,
        h: &Horizon,
        mut check: impl FnMut(&mut Self, &str, f64) -> f64,
    ) -> Vec<f64> {
        let intervals = h.intervals;
        let per_day = h.per_day.max(1);
        match v {
            NumberOrList::One(x) => vec![check(self, path, *x); intervals],
            NumberOrList::List(xs) if xs.len() == per_day && intervals > per_day => {
                let day: Vec<f64> = xs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| check(self, &format!("{path}[{i}]"), *x))
                    .collect();
                if h.uniform {
                    return day.iter().copied().cycle().take(intervals).collect();
                }
                // Days with their own hours take the regular day's values at
                // their own clock times.
                let mut out = Vec::with_capacity(intervals);
                for od in 0..h.open_days() {
                    let range = h.day_range(od);
                    match h.regular_slot(od) {
                        Some(j) => out.extend_from_slice(&day[j..j + range.len()]),
                        None => {
                            self.fail(
                                path,
                                format!(
                                    "is one list over the regular day ({per_day} intervals from [horizon] start), but {} ({}-{}) is not inside those hours: give one list per open day (each with that day's intervals), one value per interval of the horizon ({intervals}), or a single number",
                                    h.day_label(od),
                                    h.label(range.start),
                                    h.end_label(range.end.saturating_sub(1))
                                ),
                            );
                            break;
                        }
                    }
                }
                out.resize(intervals, 0.0);
                out
            }
            NumberOrList::List(xs) => {
                if xs.len() != intervals {
                    let message = if intervals > per_day {
                        format!(
                            "has {} values but a day has {per_day} intervals and the horizon {intervals} (give one value per interval of a day, one per interval of the horizon, one list per open day, or a single number)",
                            xs.len()
                        )
                    } else {
                        format!(
                            "has {} values but the horizon has {intervals} intervals (give one value per interval, or a single number)",
                            xs.len()
                        )
                    };
                    self.fail(path, message);
                }
                let mut out: Vec<f64> = xs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| check(self, &format!("{path}[{i}]"), *x))
                    .collect();
                out.resize(intervals, 0.0);
                out
            }
            NumberOrList::Days(days) => {
                let open = h.open_days();
                if days.len() != open {
                    self.fail(
                        path,
                        format!(
                            "has {} lists but the horizon has {open} open day(s) (give one list per open day)",
                            days.len()
                        ),
                    );
                }
                let mut out = Vec::with_capacity(intervals);
                for (d, row) in days.iter().enumerate().take(open) {
                    let range = h.day_range(d);
                    let per_day = range.len();
                    if row.len() != per_day {
                        let message = if h.uniform {
                            format!("has {} values but a day has {per_day} intervals", row.len())
                        } else {
                            format!(
                                "has {} values but open day {} ({}, {}-{}) has {per_day} intervals",
                                row.len(),
                                d + 1,
                                h.day_label(d),
                                h.label(range.start),
                                h.end_label(range.end.saturating_sub(1))
                            )
                        };
                        self.fail(format!("{path}[{d}]"), message);
                    }
                    let mut values: Vec<f64> = row
                        .iter()
                        .enumerate()
                        .map(|(i, x)| check(self, &format!("{path}[{d}][{i}]"), *x))
                        .collect();
                    values.resize(per_day, 0.0);
                    out.extend(values);
                }
                out.resize(intervals, 0.0);
                out
            }
        }
    }
}

fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v != 0.0 && v.is_finite() && !(1e-4..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Seconds in "HH:MM" or "HH:MM:SS". A time of day (`of_day`) must lie in 00:00..=24:00.
pub fn parse_clock(s: &str, of_day: bool) -> Option<f64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut nums = [0u32; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 2 && i > 0 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        nums[i] = p.parse().ok()?;
    }
    let (h, m, sec) = (nums[0], nums[1], nums[2]);
    if m >= 60 || sec >= 60 {
        return None;
    }
    let total = f64::from(h) * 3600.0 + f64::from(m * 60 + sec);
    if of_day && total > 86_400.0 {
        return None;
    }
    Some(total)
}

/// Checks the whole scenario; `Err` holds every problem found.
pub fn validate(raw: &RawScenario) -> Result<ValidScenario, Vec<Problem>> {
    let mut c = Checker::default();
    if raw.name.trim().is_empty() {
        c.fail("name", "must not be empty");
    }
    let horizon = check_horizon(&mut c, raw);
    let n = horizon.intervals;
    let replications = check_simulation(&mut c, &raw.simulation);
    let seed = if raw.simulation.seed < 0 {
        c.fail(
            "simulation.seed",
            format!("must be >= 0 (got {})", raw.simulation.seed),
        );
        0
    } else {
        raw.simulation.seed as u64
    };
    let service_level = check_service_level(&mut c, &raw.service_level);
    // The forecast file: one forecast per declared call type (one in all
    // without [[call_types]]).
    let type_names: Vec<&str> = raw
        .call_types
        .iter()
        .flatten()
        .map(|t| t.name.as_str())
        .collect();
    let forecasts = raw.arrivals.file.as_ref().and_then(|f| {
        match super::forecast::read_types(std::path::Path::new(f), &horizon, &type_names) {
            Ok(x) => Some(x),
            Err(m) => {
                c.fail("arrivals.file", format!("{f}: {m}"));
                None
            }
        }
    });
    let forecast = forecasts
        .as_ref()
        .filter(|_| raw.call_types.is_none())
        .and_then(|f| f.first());
    let plain_rates = raw
        .call_types
        .is_none()
        .then(|| check_arrivals(&mut c, &raw.arrivals, &horizon, forecast));
    let forecast_cv = c.number("arrivals.forecast_cv", raw.arrivals.forecast_cv, 0.0, false);
    if forecast_cv > 0.0 && !(MIN_CV..=MAX_CV).contains(&forecast_cv) {
        c.fail(
            "arrivals.forecast_cv",
            format!(
                "must be 0 (no forecast error) or between {MIN_CV:e} and {MAX_CV} (got {}): the day's multiplier is a gamma draw of shape 1/cv², which below 0.01 is almost always 0",
                show(forecast_cv)
            ),
        );
    }
    let mut handle_time = raw
        .handle_time
        .as_ref()
        .map(|d| check_timed(&mut c, "handle_time", d, &horizon));
    if let Some(aht) = forecast.and_then(|f| f.aht.as_ref()) {
        handle_time = forecast_handle(
            &mut c,
            "handle_time",
            raw.handle_time.as_ref(),
            handle_time,
            aht,
            "",
            raw.arrivals.file.as_deref().unwrap_or_default(),
        );
    }
    let wrap_up = raw
        .wrap_up
        .as_ref()
        .map(|d| check_timed(&mut c, "wrap_up", d, &horizon));
    let patience = match &raw.patience {
        Some(p) => check_dist(&mut c, "patience", p, true),
        None => Dist::Never,
    };
    let lines = raw.lines.as_ref().map(|l| {
        if l.count < 1 || l.count > u32::MAX as i64 {
            c.fail(
                "lines.count",
                format!(
                    "must be a whole number >= 1 (got {}); leave [lines] out for unlimited lines",
                    l.count
                ),
            );
        }
        l.count.clamp(1, u32::MAX as i64) as u32
    });
    let retrials = check_retrials(&mut c, "retrials", &raw.retrials);
    let declared_types = raw.call_types.is_some();
    let types = match &raw.call_types {
        None => {
            let rates = plain_rates.unwrap_or_default();
            if handle_time.is_none() {
                c.fail(
                    "handle_time",
                    "is missing: give a [handle_time] table (or declare [[call_types]], each with its own)",
                );
            }
            let (handle_time, handle_by_interval) =
                handle_time.unwrap_or((Dist::Deterministic { value: 1.0 }, Vec::new()));
            let (wrap_up, wrap_by_interval) = match wrap_up {
                Some((d, per)) => (Some(d), per),
                None => (None, Vec::new()),
            };
            vec![CallType {
                name: "all".into(),
                priority: 0,
                rates,
                handle_time,
                handle_by_interval,
                wrap_up,
                wrap_by_interval,
                patience,
                retrials,
                service_level,
            }]
        }
        Some(list) => {
            let defaults = TypeDefaults {
                handle_time: handle_time.as_ref(),
                wrap_up: wrap_up.as_ref(),
                patience: &patience,
                retrials: &retrials,
                service_level: &service_level,
            };
            check_call_types(&mut c, raw, list, &horizon, &defaults, forecasts.as_deref())
        }
    };
    let mut types = types;
    if let Some(factors) = check_day_factors(&mut c, &raw.arrivals, &horizon) {
        for t in &mut types {
            for (k, r) in t.rates.iter_mut().enumerate() {
                *r *= factors[horizon.calendar_day(horizon.day_of(k))];
            }
        }
    }
    for t in &mut types {
        if let Some(d) = representative(&t.handle_by_interval, &t.rates) {
            t.handle_time = d;
        }
        if let Some(d) = representative(&t.wrap_by_interval, &t.rates) {
            t.wrap_up = Some(d);
        }
    }
    let mut groups = check_groups(&mut c, &raw.groups, &horizon, &types, declared_types);
    let economics = money::check(
        &mut c,
        raw,
        &mut groups,
        &service_level,
        horizon.open_days(),
    );
    let satisfaction = super::satisfaction::check(&raw.satisfaction, &mut c.problems);
    let discipline = match raw.routing.discipline {
        DisciplineName::Priority => Discipline::Priority,
        DisciplineName::LongestWait => Discipline::LongestWait,
    };
    if declared_types {
        check_every_type_served(&mut c, &types, &groups);
    }
    if c.problems.is_empty() {
        check_coverage(&mut c, &types, &groups, n, declared_types);
        check_size(&mut c, &types, &horizon);
    }
    if c.problems.is_empty() {
        Ok(ValidScenario {
            name: raw.name.clone(),
            description: raw.description.clone(),
            replications,
            seed,
            horizon,
            service_level,
            forecast_cv,
            types,
            lines,
            groups,
            declared_types,
            discipline,
            economics,
            satisfaction,
        })
    } else {
        Err(c.problems)
    }
}

fn check_horizon(c: &mut Checker, raw: &RawScenario) -> Horizon {
    let h = &raw.horizon;
    let start = c.clock("horizon.start", &h.start);
    let end = c.clock("horizon.end", &h.end);
    let minutes = h.interval_minutes;
    if ![15, 30, 60].contains(&minutes) {
        c.fail(
            "horizon.interval_minutes",
            format!("must be 15, 30 or 60 (got {minutes})"),
        );
    }
    let interval = if [15, 30, 60].contains(&minutes) {
        minutes as f64 * 60.0
    } else {
        1800.0
    };
    let mut per_day = 1;
    if let (Some(s), Some(e)) = (start, end) {
        // A close at or before the opening wraps past midnight (a night service).
        let span = if e > s { e - s } else { e + DAY - s };
        if e == s {
            c.fail(
                "horizon.end",
                format!(
                    "\"{}\" equals start \"{}\"; a center open around the clock uses start = \"00:00\", end = \"24:00\"",
                    h.end, h.start
                ),
            );
        } else if span > DAY {
            c.fail(
                "horizon.end",
                format!(
                    "the opening hours {}-{} are longer than a day; use [horizon] days for several days",
                    h.start, h.end
                ),
            );
        } else if (span / interval).fract() != 0.0 {
            c.fail(
                "horizon.end",
                format!(
                    "the horizon {}-{} is not a whole number of {minutes}-minute intervals",
                    h.start, h.end
                ),
            );
        } else {
            per_day = (span / interval) as usize;
        }
    }
    let days = if (1..=MAX_DAYS as i64).contains(&h.days) {
        h.days as usize
    } else {
        c.fail(
            "horizon.days",
            format!(
                "must be a whole number of days from 1 to {MAX_DAYS} (got {})",
                h.days
            ),
        );
        1
    };
    let first_weekday = match &h.first_day {
        None => 0,
        Some(name) => weekday(c, "horizon.first_day", name).unwrap_or(0),
    };
    let mut closed = 0u8;
    if let Some(cl) = &h.closed {
        for (i, name) in cl.days.iter().enumerate() {
            if let Some(w) = weekday(c, &format!("horizon.closed.days[{i}]"), name) {
                closed |= 1 << w;
            }
        }
    }
    // Each weekday's hours: (opening clock, intervals), `[horizon.hours]`
    // where given, else `start`-`end`.
    let regular = (start.unwrap_or(0.0), per_day);
    let mut hours = [regular; 7];
    if let Some(given) = &h.hours {
        for (w, v) in given.by_weekday().iter().enumerate() {
            let Some(v) = v else { continue };
            let path = format!("horizon.hours.{}", WEEKDAYS[w]);
            if v.trim().is_empty() || v.trim().eq_ignore_ascii_case("closed") {
                closed |= 1 << w;
                continue;
            }
            if closed & (1 << w) != 0 {
                c.fail(
                    &path,
                    format!(
                        "\"{v}\" opens {} but [horizon.closed] days closes it: give it hours or close it, in one place (remove it from [horizon.closed] days, or write {} = \"closed\")",
                        WEEKDAYS[w], WEEKDAYS[w]
                    ),
                );
                continue;
            }
            if let Some(x) = day_hours(c, &path, v, regular.0, interval, minutes, &h.start) {
                hours[w] = x;
            }
        }
    }
    let open_days = (0..days)
        .filter(|d| closed & (1 << ((first_weekday + d) % 7)) == 0)
        .count();
    if open_days == 0 {
        c.fail(
            "horizon.closed.days",
            format!("closes every day of the {days}-day horizon: at least one day must be open"),
        );
    }
    let open_weekdays: Vec<usize> = (0..7.min(days))
        .map(|d| (first_weekday + d) % 7)
        .filter(|w| closed & (1 << w) == 0)
        .collect();
    let uniform = open_weekdays.windows(2).all(|p| hours[p[0]] == hours[p[1]]);
    let (start_of_day, per_day_used) = if uniform {
        open_weekdays.first().map_or(regular, |w| hours[*w])
    } else {
        (hours[first_weekday].0, per_day)
    };
    let mut open_offset = [0.0; 7];
    let mut day_len = [0; 7];
    for w in 0..7 {
        if closed & (1 << w) == 0 {
            day_len[w] = if uniform { per_day_used } else { hours[w].1 };
            if !uniform {
                open_offset[w] = hours[w].0 - start_of_day;
            }
        }
    }
    // A day's service must end before the next calendar day's opens.
    if !uniform {
        for d in 0..(days - 1).min(7) {
            let (w, next) = ((first_weekday + d) % 7, (first_weekday + d + 1) % 7);
            if closed & (1 << w) != 0 || closed & (1 << next) != 0 {
                continue;
            }
            let close = open_offset[w] + interval * day_len[w] as f64;
            if close > DAY + open_offset[next] + 1e-6 {
                c.fail(
                    format!("horizon.hours.{}", WEEKDAYS[w]),
                    format!(
                        "{}'s hours {}-{} run past {}'s opening at {}: a day must close before the next one opens (shorten one of them)",
                        WEEKDAYS[w],
                        clock_label(hours[w].0),
                        clock_label((hours[w].0 + interval * hours[w].1 as f64) % DAY),
                        WEEKDAYS[next],
                        clock_label(hours[next].0),
                    ),
                );
            }
        }
    }
    let intervals = if uniform {
        per_day_used * open_days.max(1)
    } else {
        (0..days)
            .map(|d| day_len[(first_weekday + d) % 7])
            .sum::<usize>()
            .max(1)
    };
    let warm = raw.simulation.warmup_minutes;
    let mut warmup_intervals = 0;
    if !(warm.is_finite() && warm >= 0.0) {
        c.fail(
            "simulation.warmup_minutes",
            format!("must be a finite number >= 0 (got {})", show(warm)),
        );
    } else if (warm * 60.0 / interval).fract() != 0.0 {
        c.fail(
            "simulation.warmup_minutes",
            format!("must be a whole number of {minutes}-minute intervals (got {warm})"),
        );
    } else {
        warmup_intervals = (warm * 60.0 / interval) as usize;
        if warmup_intervals >= intervals {
            c.fail(
                "simulation.warmup_minutes",
                format!("{warm} minutes leave no interval of the horizon to report"),
            );
            warmup_intervals = 0;
        }
    }
    Horizon {
        start_of_day,
        interval,
        intervals,
        warmup_intervals,
        per_day: per_day_used,
        days,
        first_weekday,
        closed,
        uniform,
        open_offset,
        day_len,
        regular_open: if uniform {
            0.0
        } else {
            regular.0 - start_of_day
        },
    }
}

/// One weekday's `[horizon.hours]` window "HH:MM-HH:MM" (wrapping past
/// midnight when the close is at or before the opening) as (opening clock,
/// intervals), on the grid of `[horizon] start`.
fn day_hours(
    c: &mut Checker,
    path: &str,
    v: &str,
    regular_start: f64,
    interval: f64,
    minutes: i64,
    start_text: &str,
) -> Option<(f64, usize)> {
    let parsed = v
        .split_once('-')
        .and_then(|(a, b)| Some((parse_clock(a, true)?, parse_clock(b, true)?)));
    let Some((a, b)) = parsed else {
        c.fail(
            path,
            format!("\"{v}\" is not opening hours \"HH:MM-HH:MM\" (e.g. \"09:00-14:00\"), \"closed\" or \"\""),
        );
        return None;
    };
    if a == DAY {
        c.fail(
            path,
            format!("\"{v}\" opens at 24:00: write the opening as 00:00"),
        );
        return None;
    }
    if a == b {
        c.fail(
            path,
            format!("\"{v}\" opens and closes at the same time; round the clock is \"00:00-24:00\", a closed day \"closed\""),
        );
        return None;
    }
    let span = if b > a { b - a } else { b + DAY - a };
    if span > DAY {
        c.fail(path, format!("\"{v}\" is longer than a day"));
        return None;
    }
    if (span / interval).fract() != 0.0 {
        c.fail(
            path,
            format!("\"{v}\" is not a whole number of {minutes}-minute intervals"),
        );
        return None;
    }
    if ((a - regular_start) / interval).fract() != 0.0 {
        c.fail(
            path,
            format!(
                "\"{v}\" opens off the {minutes}-minute grid of [horizon] start \"{start_text}\": every day's intervals start on the same grid (open on a whole number of intervals from it)"
            ),
        );
        return None;
    }
    Some((a, (span / interval) as usize))
}

/// Longest horizon ccsim simulates, in calendar days.
pub const MAX_DAYS: usize = 366;

/// Weekday index (0 = Monday) of a name "mon" .. "sun" (or the full English name).
/// Weekday index (0 = Monday) of "mon".."sun" or the full English name,
/// any case; `None` for anything else.
pub fn parse_weekday(name: &str) -> Option<usize> {
    let lower = name.trim().to_lowercase();
    WEEKDAYS
        .iter()
        .position(|w| lower == *w)
        .or_else(|| FULL_WEEKDAYS.iter().position(|w| lower == *w))
}

fn weekday(c: &mut Checker, path: &str, name: &str) -> Option<usize> {
    let found = parse_weekday(name);
    if found.is_none() {
        c.fail(
            path,
            format!(
                "\"{name}\" is not a weekday: use one of {}",
                WEEKDAYS.join(", ")
            ),
        );
    }
    found
}

/// Full English weekday names, Monday first.
const FULL_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Most replications a scenario file may ask for (`--replications` may
/// ask for more, after a time estimate).
pub const MAX_REPLICATIONS: u32 = 10_000_000;

fn check_simulation(c: &mut Checker, s: &RawSimulation) -> u32 {
    if !(1..=i64::from(MAX_REPLICATIONS)).contains(&s.replications) {
        c.fail(
            "simulation.replications",
            format!(
                "must be a whole number from 1 to {MAX_REPLICATIONS} (got {})",
                s.replications
            ),
        );
        return 1;
    }
    s.replications as u32
}

fn check_service_level(c: &mut Checker, s: &RawServiceLevel) -> ServiceLevel {
    let threshold = c.duration(
        "service_level.threshold_seconds",
        &s.threshold_seconds,
        false,
    );
    let target = c.fraction("service_level.target", s.target);
    let definition = match (s.definition, &s.short_abandon_seconds) {
        (SlDefinitionName::Offered, None) => SlDefinition::Offered,
        (SlDefinitionName::Answered, None) => SlDefinition::Answered,
        (SlDefinitionName::ExcludeShortAbandons, d) => {
            let secs = d
                .as_ref()
                .map(|d| c.duration("service_level.short_abandon_seconds", d, false))
                .unwrap_or(5.0);
            SlDefinition::ExcludeShortAbandons(secs)
        }
        (_, Some(_)) => {
            c.fail(
                "service_level.short_abandon_seconds",
                "is used only with definition = \"exclude_short_abandons\"",
            );
            SlDefinition::Offered
        }
    };
    let max_abandon_rate = s
        .max_abandon_rate
        .map(|v| c.fraction("service_level.max_abandon_rate", v));
    let max_asa = s
        .max_asa_seconds
        .as_ref()
        .map(|d| c.duration("service_level.max_asa_seconds", d, false));
    let max_occupancy = s.max_occupancy;
    if let Some(v) = max_occupancy.filter(|v| !(v.is_finite() && *v > 0.0 && *v <= 1.0)) {
        c.fail(
            "service_level.max_occupancy",
            format!(
                "must be a fraction above 0 and at most 1, e.g. 0.85 (got {})",
                show(v)
            ),
        );
    }
    ServiceLevel {
        threshold,
        target,
        definition,
        max_abandon_rate,
        max_asa,
        max_occupancy,
    }
}

/// `arrivals.day_factors`: one finite factor >= 0 per calendar day.
fn check_day_factors(c: &mut Checker, a: &RawArrivals, h: &Horizon) -> Option<Vec<f64>> {
    let factors = a.day_factors.as_ref()?;
    if factors.len() != h.days {
        c.fail(
            "arrivals.day_factors",
            format!(
                "has {} values but the horizon has {} day(s) (give one factor per day of [horizon] days, closed days included)",
                factors.len(),
                h.days
            ),
        );
    }
    let mut out: Vec<f64> = factors
        .iter()
        .enumerate()
        .map(|(i, f)| c.number(&format!("arrivals.day_factors[{i}]"), *f, 0.0, false))
        .collect();
    out.resize(h.days, 1.0);
    Some(out)
}

/// Arrival rates in calls per second, one per interval.
fn check_arrivals(
    c: &mut Checker,
    a: &RawArrivals,
    h: &Horizon,
    forecast: Option<&super::forecast::Forecast>,
) -> Vec<f64> {
    if a.file.is_some() {
        for (key, given) in [
            ("calls_per_hour", a.calls_per_hour.is_some()),
            ("calls_per_interval", a.calls_per_interval.is_some()),
        ] {
            if given {
                c.fail(
                    format!("arrivals.{key}"),
                    "is given with arrivals.file: the forecast file gives the calls; keep one of the two",
                );
            }
        }
        return match forecast {
            Some(f) => f.calls.iter().map(|x| x / h.interval).collect(),
            None => vec![0.0; h.intervals],
        };
    }
    check_rates(
        c,
        "arrivals",
        a.calls_per_hour.as_ref(),
        a.calls_per_interval.as_ref(),
        h,
    )
}

/// Rates in calls per second from `calls_per_hour` or `calls_per_interval`
/// under the table `path`.
fn check_rates(
    c: &mut Checker,
    path: &str,
    per_hour: Option<&NumberOrList>,
    per_interval: Option<&NumberOrList>,
    h: &Horizon,
) -> Vec<f64> {
    let rate_check = |c: &mut Checker, p: &str, v: f64| c.number(p, v, 0.0, false);
    match (per_hour, per_interval) {
        (Some(v), None) => c
            .per_interval(&format!("{path}.calls_per_hour"), v, h, rate_check)
            .into_iter()
            .map(|x| x / 3600.0)
            .collect(),
        (None, Some(v)) => c
            .per_interval(&format!("{path}.calls_per_interval"), v, h, rate_check)
            .into_iter()
            .map(|x| x / h.interval)
            .collect(),
        (Some(_), Some(_)) => {
            c.fail(path, "give calls_per_hour or calls_per_interval, not both");
            vec![0.0; h.intervals]
        }
        (None, None) => {
            c.fail(
                format!("{path}.calls_per_hour"),
                "is missing: give calls_per_hour or calls_per_interval",
            );
            vec![0.0; h.intervals]
        }
    }
}

/// The handle time with a forecast's AHT per interval: the family and CV
/// of `[handle_time]` (exponential when the table is left out), the mean
/// of each interval from the file; an empty AHT cell takes the table's mean.
/// `path` is the table's TOML path (`handle_time`, or a call type's),
/// `who` names the call type in messages (`""` without call types).
fn forecast_handle(
    c: &mut Checker,
    path: &str,
    table: Option<&RawDistribution>,
    checked: Option<(Dist, Vec<Dist>)>,
    aht: &[Option<f64>],
    who: &str,
    file: &str,
) -> Option<(Dist, Vec<Dist>)> {
    use DistributionName as N;
    let (name, base) = match (table, checked) {
        (Some(t), Some((d, per))) => {
            if !per.is_empty() {
                c.fail(
                    format!("{path}.mean_seconds"),
                    format!("is a list while the forecast file {file} has an aht column{who}: keep one of the two"),
                );
                return Some((d, per));
            }
            if !matches!(
                t.distribution,
                N::Exponential | N::Lognormal | N::Gamma | N::Deterministic
            ) {
                c.fail(
                    format!("{path}.distribution"),
                    format!(
                        "\"{}\" has no mean to take from the aht column of {file}{who}: use exponential, lognormal, gamma or deterministic",
                        serde_name(t.distribution)
                    ),
                );
                return Some((d, per));
            }
            (t.distribution, Some(d))
        }
        _ => (N::Exponential, None),
    };
    let mut per = Vec::with_capacity(aht.len());
    for (k, a) in aht.iter().enumerate() {
        let mean = match (a, &base) {
            (Some(m), _) => *m,
            (None, Some(d)) => d.mean(),
            (None, None) => {
                c.fail(
                    "arrivals.file",
                    format!("{file}: interval {} has no aht{who} and there is no [{path}] to take it from: fill the cell or give [{path}]", k + 1),
                );
                return None;
            }
        };
        if mean > MAX_SECONDS {
            c.fail(
                "arrivals.file",
                format!(
                    "{file}: aht {mean} s in interval {}{who} is over the limit of {MAX_SECONDS:e} s",
                    k + 1
                ),
            );
        }
        let cv = base.as_ref().map_or(1.0, Dist::cv);
        per.push(family_of(name, mean, cv));
    }
    let first = per.first().cloned()?;
    Some((first, per))
}

/// Every key the family uses is given, and no other.
fn check_keys(c: &mut Checker, path: &str, d: &RawDistribution) {
    use DistributionName as N;
    let name = d.distribution;
    let used: &[&str] = match name {
        N::Exponential => &["mean_seconds"],
        N::Lognormal | N::Gamma => &["mean_seconds", "cv"],
        N::Deterministic => &["mean_seconds"],
        N::Uniform => &["min_seconds", "max_seconds"],
        N::Empirical => &["values_seconds"],
        N::None => &[],
    };
    let given = [
        ("mean_seconds", d.mean_seconds.is_some()),
        ("cv", d.cv.is_some()),
        ("min_seconds", d.min_seconds.is_some()),
        ("max_seconds", d.max_seconds.is_some()),
        ("values_seconds", d.values_seconds.is_some()),
    ];
    let family = serde_name(name);
    for (key, present) in given {
        if present && !used.contains(&key) {
            c.fail(
                format!("{path}.{key}"),
                format!(
                    "is not used by distribution \"{family}\" (it takes: {})",
                    if used.is_empty() {
                        "nothing".to_string()
                    } else {
                        used.join(", ")
                    }
                ),
            );
        } else if !present && used.contains(&key) {
            c.fail(
                format!("{path}.{key}"),
                format!(
                    "is missing: distribution \"{family}\" needs {}",
                    used.join(", ")
                ),
            );
        }
    }
}

/// A distribution table; `patience` allows `none`.
fn check_dist(c: &mut Checker, path: &str, d: &RawDistribution, patience: bool) -> Dist {
    check_keys(c, path, d);
    let mean = match &d.mean_seconds {
        Some(Seconds::One(m)) => c.duration(&format!("{path}.mean_seconds"), m, true),
        Some(Seconds::Profile(_)) => {
            c.fail(
                format!("{path}.mean_seconds"),
                "is a list, which only [handle_time] and [wrap_up] take (one mean per interval): give one duration here",
            );
            1.0
        }
        None => 1.0,
    };
    let cv = match &d.cv {
        Some(NumberOrList::One(v)) => c.cv(&format!("{path}.cv"), *v),
        Some(_) => {
            c.fail(
                format!("{path}.cv"),
                "is a list, which only [handle_time] and [wrap_up] take (one CV per interval): give one number here",
            );
            1.0
        }
        None => 1.0,
    };
    family_dist(c, path, d, mean, cv, patience)
}

/// A handle-time or wrap-up table, whose `mean_seconds` and `cv` may be
/// lists (one value per interval, or one list per open day): the day's
/// distribution and, where a list is given, one distribution per interval
/// of the horizon (empty otherwise). Lists are taken by the families with
/// a mean (exponential, lognormal, gamma, deterministic).
fn check_timed(c: &mut Checker, path: &str, d: &RawDistribution, h: &Horizon) -> (Dist, Vec<Dist>) {
    use DistributionName as N;
    let listed = matches!(d.mean_seconds, Some(Seconds::Profile(_)))
        || matches!(&d.cv, Some(NumberOrList::List(_) | NumberOrList::Days(_)));
    if !listed {
        return (check_dist(c, path, d, false), Vec::new());
    }
    if !matches!(
        d.distribution,
        N::Exponential | N::Lognormal | N::Gamma | N::Deterministic
    ) {
        c.fail(
            format!("{path}.distribution"),
            format!(
                "\"{}\" takes no list: a mean or CV per interval is for exponential, lognormal, gamma and deterministic",
                serde_name(d.distribution)
            ),
        );
        return (check_dist(c, path, d, false), Vec::new());
    }
    check_keys(c, path, d);
    let mp = format!("{path}.mean_seconds");
    let means = match &d.mean_seconds {
        Some(Seconds::One(m)) => vec![c.duration(&mp, m, true); h.intervals],
        Some(Seconds::Profile(list)) => c.per_interval(&mp, list, h, |c, p, x| {
            c.duration(p, &Duration::Number(x), true)
        }),
        None => vec![1.0; h.intervals],
    };
    let cp = format!("{path}.cv");
    let cvs = match &d.cv {
        Some(list) => c.per_interval(&cp, list, h, |c, p, x| c.cv(p, x)),
        None => vec![1.0; h.intervals],
    };
    let per: Vec<Dist> = means
        .iter()
        .zip(&cvs)
        .map(|(&m, &v)| family_of(d.distribution, m, v))
        .collect();
    (
        per.first()
            .cloned()
            .unwrap_or(Dist::Deterministic { value: 1.0 }),
        per,
    )
}

/// The distribution of a family with a mean and a CV (the families that
/// take lists).
fn family_of(name: DistributionName, mean: f64, cv: f64) -> Dist {
    use DistributionName as N;
    match name {
        N::Lognormal => Dist::LogNormal { mean, cv },
        N::Gamma => Dist::Gamma { mean, cv },
        N::Deterministic => Dist::Deterministic { value: mean },
        _ => Dist::Exponential { mean },
    }
}

/// The representative of a distribution given per interval: the same
/// family with the call-weighted mean and CV over the intervals (`rates`
/// are the weights; equal weights when no call is expected).
pub(crate) fn representative(per: &[Dist], rates: &[f64]) -> Option<Dist> {
    let first = per.first()?;
    let total: f64 = rates.iter().sum();
    let w = |k: usize| {
        if total > 0.0 {
            rates.get(k).copied().unwrap_or(0.0) / total
        } else {
            1.0 / per.len() as f64
        }
    };
    let mean: f64 = per.iter().enumerate().map(|(k, d)| w(k) * d.mean()).sum();
    let cv: f64 = per.iter().enumerate().map(|(k, d)| w(k) * d.cv()).sum();
    Some(match first {
        Dist::LogNormal { .. } => Dist::LogNormal { mean, cv },
        Dist::Gamma { .. } => Dist::Gamma { mean, cv },
        Dist::Deterministic { .. } => Dist::Deterministic { value: mean },
        _ => Dist::Exponential { mean },
    })
}

/// The distribution a table names, with its mean and CV already checked.
fn family_dist(
    c: &mut Checker,
    path: &str,
    d: &RawDistribution,
    mean: f64,
    cv: f64,
    patience: bool,
) -> Dist {
    use DistributionName as N;
    let name = d.distribution;
    match name {
        N::Exponential => Dist::Exponential { mean },
        N::Lognormal => Dist::LogNormal { mean, cv },
        N::Gamma => Dist::Gamma { mean, cv },
        N::Deterministic => Dist::Deterministic { value: mean },
        N::Uniform => {
            let min = d
                .min_seconds
                .as_ref()
                .map(|m| c.duration(&format!("{path}.min_seconds"), m, false))
                .unwrap_or(0.0);
            let max = d
                .max_seconds
                .as_ref()
                .map(|m| c.duration(&format!("{path}.max_seconds"), m, true))
                .unwrap_or(1.0);
            if max < min {
                c.fail(
                    format!("{path}.max_seconds"),
                    format!("must be at least min_seconds ({min}) (got {max})"),
                );
            }
            Dist::Uniform { min, max }
        }
        N::Empirical => {
            let values = d.values_seconds.clone().unwrap_or_default();
            if d.values_seconds.is_some() && values.is_empty() {
                c.fail(
                    format!("{path}.values_seconds"),
                    "must list at least one value",
                );
            }
            for (i, v) in values.iter().enumerate() {
                let vp = format!("{path}.values_seconds[{i}]");
                let v = c.number(&vp, *v, 0.0, false);
                if v.is_finite() && v > MAX_SECONDS {
                    c.fail(
                        vp,
                        format!("must be at most {MAX_SECONDS:e} seconds (got {v})"),
                    );
                }
            }
            if !values.is_empty() && values.iter().all(|v| *v == 0.0) {
                c.fail(format!("{path}.values_seconds"), "must not be all zero");
            }
            if values.is_empty() {
                Dist::Deterministic { value: 1.0 }
            } else {
                Dist::Empirical { values }
            }
        }
        N::None => {
            if !patience {
                c.fail(
                    format!("{path}.distribution"),
                    "\"none\" is only for [patience]; a handle time needs a distribution",
                );
            }
            Dist::Never
        }
    }
}

/// The spelling of a family in the file.
fn serde_name(name: DistributionName) -> &'static str {
    use DistributionName as N;
    match name {
        N::Exponential => "exponential",
        N::Lognormal => "lognormal",
        N::Gamma => "gamma",
        N::Deterministic => "deterministic",
        N::Uniform => "uniform",
        N::Empirical => "empirical",
        N::None => "none",
    }
}

fn check_retrials(c: &mut Checker, path: &str, r: &RawRetrials) -> Retrials {
    let after_abandon = c.fraction(&format!("{path}.after_abandon"), r.after_abandon);
    let after_busy = c.fraction(&format!("{path}.after_busy"), r.after_busy);
    let mean_delay = c.duration(
        &format!("{path}.mean_delay_seconds"),
        &r.mean_delay_seconds,
        true,
    );
    Retrials {
        after_abandon,
        after_busy,
        mean_delay,
    }
}

fn check_groups(
    c: &mut Checker,
    raw: &[RawGroup],
    h: &Horizon,
    types: &[CallType],
    declared: bool,
) -> Vec<Group> {
    if raw.is_empty() {
        c.fail("groups", "at least one [[groups]] table is needed");
    }
    let mut groups = Vec::with_capacity(raw.len());
    let mut share_sum = vec![0.0; types.len()];
    for (i, g) in raw.iter().enumerate() {
        let p = format!("groups[{i}]");
        if g.name.trim().is_empty() {
            c.fail(format!("{p}.name"), "must not be empty");
        }
        if raw[..i].iter().any(|o| o.name == g.name) {
            c.fail(
                format!("{p}.name"),
                format!(
                    "\"{}\" is used by an earlier group; names must be unique",
                    g.name
                ),
            );
        }
        let whole = |c: &mut Checker, path: &str, v: f64| {
            if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_AGENTS) {
                c.fail(
                    path,
                    format!(
                        "must be a whole number of agents from 0 to 1000000 (got {})",
                        show(v)
                    ),
                );
                return 0.0;
            }
            v
        };
        let below_one = |c: &mut Checker, key: &str, v: Option<f64>| {
            let v = v.unwrap_or(0.0);
            if !(v.is_finite() && (0.0..1.0).contains(&v)) {
                c.fail(
                    format!("{p}.{key}"),
                    format!(
                        "must be a fraction from 0 up to (not including) 1 (got {})",
                        show(v)
                    ),
                );
                return 0.0;
            }
            v
        };
        let shrinkage = below_one(c, "shrinkage", g.shrinkage);
        let absenteeism = below_one(c, "absenteeism", g.absenteeism);
        let given = (!g.agents.is_absent()).then_some(&g.agents);
        if !g.shifts.is_empty() && !h.uniform {
            c.fail(
                format!("{p}.shifts"),
                "[[groups.shifts]] need the same opening hours every day; with [horizon.hours] that differ by weekday give the group `agents` or `scheduled` (one list per open day, or one value per interval of the horizon)",
            );
        }
        let shifts = shifts::check(c, &p, g, h);
        let (agents, scheduled): (Vec<u32>, Vec<f64>) = if !g.shifts.is_empty() {
            (shifts::agents(&shifts, h), shifts::paid_heads(&shifts, h))
        } else {
            match (given, &g.scheduled) {
                (Some(a), None) => {
                    let agents: Vec<u32> = c
                        .per_interval(&format!("{p}.agents"), a, h, whole)
                        .into_iter()
                        .map(|v| v as u32)
                        .collect();
                    let scheduled = agents
                        .iter()
                        .map(|a| {
                            if shrinkage > 0.0 {
                                f64::from(*a) / (1.0 - shrinkage)
                            } else {
                                f64::from(*a)
                            }
                        })
                        .collect();
                    (agents, scheduled)
                }
                (None, Some(s)) => {
                    let scheduled = c.per_interval(&format!("{p}.scheduled"), s, h, whole);
                    let on_phones: Vec<f64> =
                        scheduled.iter().map(|s| s * (1.0 - shrinkage)).collect();
                    (carried_rounding(&on_phones), scheduled)
                }
                (Some(_), Some(_)) => {
                    c.fail(
                        p.clone(),
                        "give agents (on the phones) or scheduled (heads on shift, paid), not both",
                    );
                    (vec![0; h.intervals], vec![0.0; h.intervals])
                }
                (None, None) => {
                    c.fail(
                    format!("{p}.agents"),
                    "is missing: give agents (on the phones) or scheduled (heads on shift, paid)",
                );
                    (vec![0; h.intervals], vec![0.0; h.intervals])
                }
            }
        };
        let min_agents = match &g.min_agents {
            Some(m) => c
                .per_interval(&format!("{p}.min_agents"), m, h, whole)
                .into_iter()
                .map(|v| v as u32)
                .collect(),
            None => vec![0; h.intervals],
        };
        let handle_time_factor = c.number(
            &format!("{p}.handle_time_factor"),
            g.handle_time_factor,
            0.0,
            true,
        );
        let quality = c.number(&format!("{p}.quality"), g.quality, 0.0, false);
        let route = check_rule(
            c,
            &p,
            g.overflow_after_seconds.as_ref(),
            g.share,
            g.hours.as_ref(),
            h,
        )
        .unwrap_or(Route::Primary);
        if !(i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&g.priority) {
            c.fail(
                format!("{p}.priority"),
                format!(
                    "must be a whole number that fits 32 bits (got {})",
                    g.priority
                ),
            );
        }
        let served = check_skills(c, &p, g, types, declared);
        let mut skills = Vec::with_capacity(served.len());
        for ty in served {
            let name = &types[ty].name;
            let own = g.per_type.get(name);
            let sp = format!("{p}.per_type.{name}");
            let factor = match own.and_then(|s| s.handle_time_factor) {
                Some(f) => c.number(&format!("{sp}.handle_time_factor"), f, 0.0, true),
                None => handle_time_factor,
            };
            let own_route = own.and_then(|s| {
                check_rule(
                    c,
                    &sp,
                    s.overflow_after_seconds.as_ref(),
                    s.share,
                    s.hours.as_ref(),
                    h,
                )
            });
            let route = own_route.unwrap_or_else(|| route.clone());
            if let Route::Share { share } = route {
                share_sum[ty] += share;
            }
            skills.push(Skill {
                call_type: ty,
                handle_time_factor: factor,
                route,
            });
        }
        groups.push(Group {
            name: g.name.clone(),
            agents,
            scheduled,
            gave_scheduled: g.scheduled.is_some(),
            shrinkage,
            absenteeism,
            min_agents,
            handle_time_factor,
            quality,
            outsourced: g.outsourced,
            route,
            priority: g.priority.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            skills,
            cost_per_agent_hour: None,
            contract: None,
            shifts,
        });
    }
    for (ty, sum) in share_sum.iter().enumerate() {
        if *sum > 1.0 + 1e-12 {
            let message = if declared {
                format!(
                    "the shares of call type \"{}\" over all groups add up to {sum}, more than 1",
                    types[ty].name
                )
            } else {
                format!("the shares of all groups add up to {sum}, more than 1")
            };
            c.fail("groups", message);
        }
    }
    groups
}

/// A routing rule from its three spellings under `p` (at most one given);
/// `None` when none is given.
fn check_rule(
    c: &mut Checker,
    p: &str,
    overflow: Option<&Duration>,
    share: Option<f64>,
    hours: Option<&Vec<String>>,
    h: &Horizon,
) -> Option<Route> {
    let rules = [overflow.is_some(), share.is_some(), hours.is_some()];
    if rules.iter().filter(|r| **r).count() > 1 {
        c.fail(
            p,
            "give at most one routing rule: overflow_after_seconds, share or hours",
        );
    }
    if let Some(d) = overflow {
        Some(Route::Overflow {
            after: c.duration(&format!("{p}.overflow_after_seconds"), d, false),
        })
    } else if let Some(s) = share {
        let share = c.fraction(&format!("{p}.share"), s);
        if share == 0.0 {
            c.fail(
                format!("{p}.share"),
                "must be above 0 (leave it out instead)",
            );
        }
        Some(Route::Share { share })
    } else {
        hours.map(|hours| Route::Hours {
            windows: check_hours(c, &format!("{p}.hours"), hours, h),
        })
    }
}

/// The nearest of `candidates` to a misspelt `name`, if close enough to suggest.
fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&name.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .min()
        .filter(|(d, _)| *d <= name.chars().count().max(3) / 2 + 1)
        .map(|(_, c)| c)
}

/// "unknown call type" with a suggestion and the list of declared types.
fn unknown_type(name: &str, types: &[CallType]) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let hint = match nearest(name, names.iter().copied()) {
        Some(best) => format!("; did you mean \"{best}\"?"),
        None => String::new(),
    };
    format!(
        "unknown call type \"{name}\"{hint} (declared types: {})",
        names.join(", ")
    )
}

/// The call types group `g` serves (type indices, ascending), checking
/// `skills` and the keys of `per_type` against the declared types.
fn check_skills(
    c: &mut Checker,
    p: &str,
    g: &RawGroup,
    types: &[CallType],
    declared: bool,
) -> Vec<usize> {
    if !declared {
        if g.skills.is_some() {
            c.fail(
                format!("{p}.skills"),
                "needs [[call_types]]: without them the scenario has one call type, which every group serves",
            );
        }
        if !g.per_type.is_empty() {
            c.fail(
                format!("{p}.per_type"),
                "needs [[call_types]]: without them use the group's own handle_time_factor and routing rule",
            );
        }
        return (0..types.len()).collect();
    }
    let find = |name: &str| types.iter().position(|t| t.name == name);
    let mut served: Vec<usize> = match &g.skills {
        None => (0..types.len()).collect(),
        Some(list) => {
            if list.is_empty() {
                c.fail(
                    format!("{p}.skills"),
                    "lists no call type: name at least one, or leave skills out to serve every type",
                );
            }
            let mut served = Vec::new();
            for (j, name) in list.iter().enumerate() {
                match find(name) {
                    Some(ty) if served.contains(&ty) => c.fail(
                        format!("{p}.skills[{j}]"),
                        format!("\"{name}\" is listed twice"),
                    ),
                    Some(ty) => served.push(ty),
                    None => c.fail(format!("{p}.skills[{j}]"), unknown_type(name, types)),
                }
            }
            served
        }
    };
    served.sort_unstable();
    for name in g.per_type.keys() {
        match find(name) {
            None => c.fail(format!("{p}.per_type.{name}"), unknown_type(name, types)),
            Some(ty) if !served.contains(&ty) => c.fail(
                format!("{p}.per_type.{name}"),
                format!(
                    "group \"{}\" does not serve \"{name}\": add it to the group's skills",
                    g.name
                ),
            ),
            Some(_) => {}
        }
    }
    served
}

/// The top-level tables that every `[[call_types]]` entry falls back to.
struct TypeDefaults<'a> {
    handle_time: Option<&'a (Dist, Vec<Dist>)>,
    wrap_up: Option<&'a (Dist, Vec<Dist>)>,
    patience: &'a Dist,
    retrials: &'a Retrials,
    service_level: &'a ServiceLevel,
}

/// Checks `[[call_types]]`. The top-level `[arrivals]` may then hold only
/// `forecast_cv`; `[handle_time]`, `[patience]`, `[retrials]` and
/// `[service_level]` are defaults for types that do not give their own.
fn check_call_types(
    c: &mut Checker,
    raw: &RawScenario,
    list: &[RawCallType],
    h: &Horizon,
    defaults: &TypeDefaults,
    forecasts: Option<&[super::forecast::Forecast]>,
) -> Vec<CallType> {
    let file = raw.arrivals.file.as_deref();
    for (key, given) in [
        ("calls_per_hour", raw.arrivals.calls_per_hour.is_some()),
        (
            "calls_per_interval",
            raw.arrivals.calls_per_interval.is_some(),
        ),
    ] {
        if given {
            c.fail(
                format!("arrivals.{key}"),
                "is not used when [[call_types]] are declared: give each type its own calls_per_hour or calls_per_interval, or every type's calls in arrivals.file with a type column ([arrivals] may then hold only file, forecast_cv and day_factors)",
            );
        }
    }
    if list.is_empty() {
        c.fail(
            "call_types",
            "is empty: declare at least one [[call_types]] table, or leave call_types out",
        );
    }
    let mut types = Vec::with_capacity(list.len());
    for (i, t) in list.iter().enumerate() {
        let p = format!("call_types[{i}]");
        if t.name.trim().is_empty() {
            c.fail(format!("{p}.name"), "must not be empty");
        } else if t.name == "all" {
            c.fail(
                format!("{p}.name"),
                "\"all\" is reserved for the figures over every type; choose another name",
            );
        }
        if list[..i].iter().any(|o| o.name == t.name) {
            c.fail(
                format!("{p}.name"),
                format!(
                    "\"{}\" is used by an earlier call type; names must be unique",
                    t.name
                ),
            );
        }
        if !(i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&t.priority) {
            c.fail(
                format!("{p}.priority"),
                format!(
                    "must be a whole number that fits 32 bits (got {})",
                    t.priority
                ),
            );
        }
        let forecast = forecasts.and_then(|f| f.get(i));
        let rates = if let Some(file) = file {
            for (key, given) in [
                ("calls_per_hour", t.calls_per_hour.is_some()),
                ("calls_per_interval", t.calls_per_interval.is_some()),
            ] {
                if given {
                    c.fail(
                        format!("{p}.{key}"),
                        format!(
                            "is given with arrivals.file ({file}), which gives every call type's calls (its rows of type \"{}\"): remove {key} from this type, or remove arrivals.file and give every type its own calls",
                            t.name
                        ),
                    );
                }
            }
            forecast.map_or_else(
                || vec![0.0; h.intervals],
                |f| f.calls.iter().map(|x| x / h.interval).collect(),
            )
        } else {
            check_rates(
                c,
                &p,
                t.calls_per_hour.as_ref(),
                t.calls_per_interval.as_ref(),
                h,
            )
        };
        let checked = match (&t.handle_time, defaults.handle_time) {
            (Some(d), _) => Some(check_timed(c, &format!("{p}.handle_time"), d, h)),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        };
        let checked = match forecast.and_then(|f| f.aht.as_ref()) {
            // The file's aht for this type: the mean per interval, the
            // family and CV from the type's table (or the top-level one).
            Some(aht) => {
                let (path, table) = match &t.handle_time {
                    Some(d) => (format!("{p}.handle_time"), Some(d)),
                    None => ("handle_time".to_string(), raw.handle_time.as_ref()),
                };
                let who = format!(" for call type \"{}\"", t.name);
                // A problem was reported: a stand-in keeps the checks going.
                forecast_handle(
                    c,
                    &path,
                    table,
                    checked,
                    aht,
                    &who,
                    file.unwrap_or_default(),
                )
                .or(Some((Dist::Deterministic { value: 1.0 }, Vec::new())))
            }
            None => checked,
        };
        let (handle_time, handle_by_interval) = match checked {
            Some(d) => d,
            None => {
                c.fail(
                    format!("{p}.handle_time"),
                    "is missing: give [call_types.handle_time] or a top-level [handle_time] for every type",
                );
                (Dist::Deterministic { value: 1.0 }, Vec::new())
            }
        };
        let (wrap_up, wrap_by_interval) = match (&t.wrap_up, defaults.wrap_up) {
            (Some(d), _) => {
                let (d, per) = check_timed(c, &format!("{p}.wrap_up"), d, h);
                (Some(d), per)
            }
            (None, Some((d, per))) => (Some(d.clone()), per.clone()),
            (None, None) => (None, Vec::new()),
        };
        let patience = match &t.patience {
            Some(d) => check_dist(c, &format!("{p}.patience"), d, true),
            None => defaults.patience.clone(),
        };
        let retrials = match &t.retrials {
            Some(r) => check_retrials(c, &format!("{p}.retrials"), r),
            None => *defaults.retrials,
        };
        let base = defaults.service_level;
        let sl = &t.service_level;
        let sp = format!("{p}.service_level");
        let service_level = ServiceLevel {
            threshold: sl.threshold_seconds.as_ref().map_or(base.threshold, |d| {
                c.duration(&format!("{sp}.threshold_seconds"), d, false)
            }),
            target: sl
                .target
                .map_or(base.target, |v| c.fraction(&format!("{sp}.target"), v)),
            definition: base.definition,
            max_abandon_rate: sl.max_abandon_rate.map_or(base.max_abandon_rate, |v| {
                Some(c.fraction(&format!("{sp}.max_abandon_rate"), v))
            }),
            max_asa: sl.max_asa_seconds.as_ref().map_or(base.max_asa, |d| {
                Some(c.duration(&format!("{sp}.max_asa_seconds"), d, false))
            }),
            max_occupancy: base.max_occupancy,
        };
        types.push(CallType {
            name: t.name.clone(),
            priority: t.priority.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            rates,
            handle_time,
            handle_by_interval,
            wrap_up,
            wrap_by_interval,
            patience,
            retrials,
            service_level,
        });
    }
    types
}

/// Every declared call type must be served by at least one group.
fn check_every_type_served(c: &mut Checker, types: &[CallType], groups: &[Group]) {
    for (ty, t) in types.iter().enumerate() {
        if !groups.iter().any(|g| g.skill(ty).is_some()) {
            c.fail(
                format!("call_types[{ty}]"),
                format!(
                    "no group serves call type \"{}\": add \"{}\" to the skills of a group (or leave a group's skills out to serve every type)",
                    t.name, t.name
                ),
            );
        }
    }
}

/// "HH:MM-HH:MM" windows as half-open simulation-time intervals. A window
/// that wraps past midnight ("22:00-06:00") covers both ends of the day.
fn check_hours(c: &mut Checker, path: &str, hours: &[String], h: &Horizon) -> Vec<(f64, f64)> {
    if hours.is_empty() {
        c.fail(path, "must list at least one window \"HH:MM-HH:MM\"");
    }
    let mut windows = Vec::new();
    for (i, w) in hours.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let parsed = w
            .split_once('-')
            .and_then(|(a, b)| Some((parse_clock(a, true)?, parse_clock(b, true)?)));
        match parsed {
            Some((a, b)) if a != b => {
                // The window on every calendar day (and the one starting the
                // day before the first), kept where it meets the horizon.
                let b = if a < b { b } else { b + DAY };
                let end = h.end();
                for d in -1..=h.days as i64 {
                    let day = d as f64 * DAY - h.start_of_day;
                    let (from, to) = (a + day, b + day);
                    if to > 0.0 && from < end {
                        windows.push((from, to));
                    }
                }
            }
            _ => c.fail(
                p,
                format!("\"{w}\" is not a window \"HH:MM-HH:MM\" of non-zero length"),
            ),
        }
    }
    windows
}

/// Largest expected number of calls in one simulated day: more is almost
/// surely a typo (a rate per hour written per day, an extra zero) and would
/// keep the machine busy for a long time.
pub const MAX_CALLS_PER_DAY: f64 = 5e7;

fn check_size(c: &mut Checker, types: &[CallType], h: &Horizon) {
    let calls: f64 = types
        .iter()
        .map(|t| t.rates.iter().sum::<f64>() * h.interval)
        .sum::<f64>()
        / h.open_days().max(1) as f64;
    if calls > MAX_CALLS_PER_DAY {
        c.fail(
            "arrivals",
            format!("the rates add up to {calls:.3e} calls a day, more than ccsim simulates ({MAX_CALLS_PER_DAY:e}); check the unit (calls_per_hour or calls_per_interval)"),
        );
        return;
    }
    // Retrials are attempts too: count the most a caller can make.
    let days = h.open_days().max(1) as f64;
    let mut attempts = 0.0;
    let mut worst: Option<(usize, f64)> = None;
    for (ti, t) in types.iter().enumerate() {
        let f = attempts_per_caller(&t.retrials, h.end());
        attempts += t.rates.iter().sum::<f64>() * h.interval / days * f;
        if f > 1.0 && worst.is_none_or(|(_, w)| f > w) {
            worst = Some((ti, f));
        }
    }
    if attempts > MAX_CALLS_PER_DAY {
        let (ti, f) = worst.unwrap_or((0, 1.0));
        let r = &types[ti].retrials;
        let path = if types.len() > 1 {
            format!("call_types[{ti}].retrials")
        } else {
            "retrials".to_string()
        };
        c.fail(
            path,
            format!(
                "with after_busy = {}, after_abandon = {} and mean_delay_seconds = {} a caller may make up to {} attempts, so a day may hold {attempts:.3e} attempts, more than ccsim simulates ({MAX_CALLS_PER_DAY:e}); lower the retrial probabilities below 1 or lengthen the delay",
                r.after_busy,
                r.after_abandon,
                show(r.mean_delay),
                if f.is_finite() { format!("{f:.0}") } else { "infinitely many".into() },
            ),
        );
    }
}

/// The most attempts a caller can be expected to make (1 + retrials), if every
/// attempt failed: geometric in the retrial probability `p` (1/(1-p)), and
/// no more than one retrial per mean delay over the horizon of `span` seconds.
pub fn attempts_per_caller(r: &Retrials, span: f64) -> f64 {
    let p = r.after_busy.max(r.after_abandon);
    if p <= 0.0 {
        return 1.0;
    }
    let geometric = if p >= 1.0 {
        f64::INFINITY
    } else {
        p / (1.0 - p)
    };
    let by_time = span / r.mean_delay;
    1.0 + geometric.min(by_time + 1.0)
}

/// Every call that arrives must have a group that can ever serve it.
fn check_coverage(c: &mut Checker, types: &[CallType], groups: &[Group], n: usize, declared: bool) {
    let calls_of = |ty: usize| types[ty].rates.iter().take(n).sum::<f64>();
    for (gi, g) in groups.iter().enumerate() {
        let routed_here = g.skills.iter().any(|s| {
            matches!(s.route, Route::Share { .. } | Route::Hours { .. })
                && calls_of(s.call_type) > 0.0
        });
        if routed_here && g.agents.iter().all(|a| *a == 0) {
            c.fail(
                format!("groups[{gi}].agents"),
                format!(
                    "group \"{}\" has 0 agents in every interval, but calls are routed straight to it",
                    g.name
                ),
            );
        }
    }
    for (ty, t) in types.iter().enumerate() {
        let general_agents: u64 = groups
            .iter()
            .filter(|g| {
                g.skill(ty)
                    .is_some_and(|s| matches!(s.route, Route::Primary | Route::Overflow { .. }))
            })
            .flat_map(|g| g.agents.iter())
            .map(|a| u64::from(*a))
            .sum();
        let shares: f64 = groups
            .iter()
            .filter_map(|g| match g.skill(ty)?.route {
                Route::Share { share } => Some(share),
                _ => None,
            })
            .sum();
        if calls_of(ty) > 0.0 && general_agents == 0 && shares < 1.0 {
            if declared {
                c.fail(
                    format!("call_types[{ty}]"),
                    format!(
                        "no group that serves \"{}\" without a share or hours rule has any agents, so its calls not routed by share or hours would never be answered; give such a group agents",
                        t.name
                    ),
                );
            } else {
                c.fail(
                    "groups",
                    "no group without a share or hours rule has any agents, so the calls not routed by share or hours would never be answered; give a group agents",
                );
            }
        }
    }
}
