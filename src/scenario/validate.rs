//! Turns a [`RawScenario`] into a [`ValidScenario`] in plain units, or lists
//! every problem at once, each with its TOML path and the offending value.

use super::raw::*;
use super::valid::*;
use crate::dist::Dist;
use crate::error::Problem;

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

    fn duration(&mut self, path: &str, d: &Duration, strict: bool) -> f64 {
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

    /// One value per interval from a number or list, each checked by `check`.
    fn per_interval(
        &mut self,
        path: &str,
        v: &NumberOrList,
        intervals: usize,
        mut check: impl FnMut(&mut Self, &str, f64) -> f64,
    ) -> Vec<f64> {
        match v {
            NumberOrList::One(x) => vec![check(self, path, *x); intervals],
            NumberOrList::List(xs) => {
                if xs.len() != intervals {
                    self.fail(
                        path,
                        format!(
                            "has {} values but the horizon has {intervals} intervals (give one value per interval, or a single number)",
                            xs.len()
                        ),
                    );
                }
                let mut out: Vec<f64> = xs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| check(self, &format!("{path}[{i}]"), *x))
                    .collect();
                out.resize(intervals, 0.0);
                out
            }
        }
    }
}

fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
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
    let total = f64::from(h * 3600 + m * 60 + sec);
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
    let rates = check_arrivals(&mut c, &raw.arrivals, &horizon);
    let forecast_cv = c.number("arrivals.forecast_cv", raw.arrivals.forecast_cv, 0.0, false);
    let handle_time = check_dist(&mut c, "handle_time", &raw.handle_time, false);
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
    let retrials = check_retrials(&mut c, &raw.retrials);
    let groups = check_groups(&mut c, &raw.groups, &horizon);
    let satisfaction = super::satisfaction::check(&raw.satisfaction, &mut c.problems);
    let types = vec![CallType {
        name: "all".into(),
        priority: 0,
        rates,
        handle_time,
        patience,
        retrials,
    }];
    if c.problems.is_empty() {
        check_coverage(&mut c, &types, &groups, n);
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
    let mut intervals = 1;
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            c.fail(
                "horizon.end",
                format!("\"{}\" must be later than start \"{}\"", h.end, h.start),
            );
        } else if ((e - s) / interval).fract() != 0.0 {
            c.fail(
                "horizon.end",
                format!(
                    "the horizon {}-{} is not a whole number of {minutes}-minute intervals",
                    h.start, h.end
                ),
            );
        } else {
            intervals = ((e - s) / interval) as usize;
        }
    }
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
        start_of_day: start.unwrap_or(0.0),
        interval,
        intervals,
        warmup_intervals,
    }
}

fn check_simulation(c: &mut Checker, s: &RawSimulation) -> u32 {
    if !(1..=10_000_000).contains(&s.replications) {
        c.fail(
            "simulation.replications",
            format!(
                "must be a whole number from 1 to 10000000 (got {})",
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
    ServiceLevel {
        threshold,
        target,
        definition,
        max_abandon_rate,
        max_asa,
    }
}

/// Arrival rates in calls per second, one per interval.
fn check_arrivals(c: &mut Checker, a: &RawArrivals, h: &Horizon) -> Vec<f64> {
    let rate_check = |c: &mut Checker, p: &str, v: f64| c.number(p, v, 0.0, false);
    match (&a.calls_per_hour, &a.calls_per_interval) {
        (Some(v), None) => c
            .per_interval("arrivals.calls_per_hour", v, h.intervals, rate_check)
            .into_iter()
            .map(|x| x / 3600.0)
            .collect(),
        (None, Some(v)) => c
            .per_interval("arrivals.calls_per_interval", v, h.intervals, rate_check)
            .into_iter()
            .map(|x| x / h.interval)
            .collect(),
        (Some(_), Some(_)) => {
            c.fail(
                "arrivals",
                "give calls_per_hour or calls_per_interval, not both",
            );
            vec![0.0; h.intervals]
        }
        (None, None) => {
            c.fail(
                "arrivals.calls_per_hour",
                "is missing: give calls_per_hour or calls_per_interval",
            );
            vec![0.0; h.intervals]
        }
    }
}

/// A distribution table; `patience` allows `none`.
fn check_dist(c: &mut Checker, path: &str, d: &RawDistribution, patience: bool) -> Dist {
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
    let mean = d
        .mean_seconds
        .as_ref()
        .map(|m| c.duration(&format!("{path}.mean_seconds"), m, true))
        .unwrap_or(1.0);
    let cv =
        d.cv.map(|v| c.number(&format!("{path}.cv"), v, 0.0, true))
            .unwrap_or(1.0);
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
                c.number(&format!("{path}.values_seconds[{i}]"), *v, 0.0, false);
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

fn check_retrials(c: &mut Checker, r: &RawRetrials) -> Retrials {
    let after_abandon = c.fraction("retrials.after_abandon", r.after_abandon);
    let after_busy = c.fraction("retrials.after_busy", r.after_busy);
    let mean_delay = c.duration("retrials.mean_delay_seconds", &r.mean_delay_seconds, true);
    Retrials {
        after_abandon,
        after_busy,
        mean_delay,
    }
}

fn check_groups(c: &mut Checker, raw: &[RawGroup], h: &Horizon) -> Vec<Group> {
    if raw.is_empty() {
        c.fail("groups", "at least one [[groups]] table is needed");
    }
    let mut groups = Vec::with_capacity(raw.len());
    let mut share_sum = 0.0;
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
        let agents = c
            .per_interval(
                &format!("{p}.agents"),
                &g.agents,
                h.intervals,
                |c, path, v| {
                    if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 1e6) {
                        c.fail(
                            path,
                            format!("must be a whole number of agents >= 0 (got {})", show(v)),
                        );
                        return 0.0;
                    }
                    v
                },
            )
            .into_iter()
            .map(|v| v as u32)
            .collect();
        let handle_time_factor = c.number(
            &format!("{p}.handle_time_factor"),
            g.handle_time_factor,
            0.0,
            true,
        );
        let quality = c.number(&format!("{p}.quality"), g.quality, 0.0, false);
        let rules = [
            g.overflow_after_seconds.is_some(),
            g.share.is_some(),
            g.hours.is_some(),
        ];
        if rules.iter().filter(|r| **r).count() > 1 {
            c.fail(
                p.clone(),
                "give at most one routing rule: overflow_after_seconds, share or hours",
            );
        }
        let route = if let Some(d) = &g.overflow_after_seconds {
            Route::Overflow {
                after: c.duration(&format!("{p}.overflow_after_seconds"), d, false),
            }
        } else if let Some(s) = g.share {
            let share = c.fraction(&format!("{p}.share"), s);
            if share == 0.0 {
                c.fail(
                    format!("{p}.share"),
                    "must be above 0 (leave it out instead)",
                );
            }
            share_sum += share;
            Route::Share { share }
        } else if let Some(hours) = &g.hours {
            Route::Hours {
                windows: check_hours(c, &format!("{p}.hours"), hours, h),
            }
        } else {
            Route::Primary
        };
        groups.push(Group {
            name: g.name.clone(),
            agents,
            handle_time_factor,
            quality,
            outsourced: g.outsourced,
            route,
        });
    }
    if share_sum > 1.0 + 1e-12 {
        c.fail(
            "groups",
            format!("the shares of all groups add up to {share_sum}, more than 1"),
        );
    }
    groups
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
                let shift = |t: f64| t - h.start_of_day;
                if a < b {
                    windows.push((shift(a), shift(b)));
                } else {
                    windows.push((shift(a), shift(86_400.0)));
                    windows.push((shift(0.0), shift(b)));
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

/// Every call that arrives must have a group that can ever serve it.
fn check_coverage(c: &mut Checker, types: &[CallType], groups: &[Group], n: usize) {
    for (gi, g) in groups.iter().enumerate() {
        let routed_here = matches!(g.route, Route::Share { .. } | Route::Hours { .. });
        let calls: f64 = types.iter().map(|t| t.rates.iter().sum::<f64>()).sum();
        if routed_here && calls > 0.0 && g.agents.iter().all(|a| *a == 0) {
            c.fail(
                format!("groups[{gi}].agents"),
                format!(
                    "group \"{}\" has 0 agents in every interval, but calls are routed straight to it",
                    g.name
                ),
            );
        }
    }
    let general = groups
        .iter()
        .filter(|g| matches!(g.route, Route::Primary | Route::Overflow { .. }));
    let general_agents: u64 = general
        .flat_map(|g| g.agents.iter())
        .map(|a| u64::from(*a))
        .sum();
    let shares: f64 = groups
        .iter()
        .map(|g| match g.route {
            Route::Share { share } => share,
            _ => 0.0,
        })
        .sum();
    let arrivals: f64 = types
        .iter()
        .map(|t| t.rates.iter().take(n).sum::<f64>())
        .sum();
    if arrivals > 0.0 && general_agents == 0 && shares < 1.0 {
        c.fail(
            "groups",
            "no group without a share or hours rule has any agents, so the calls not routed by share or hours would never be answered; give a group agents",
        );
    }
}
