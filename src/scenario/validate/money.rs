//! Checks of the money keys: each group's `cost_per_agent_hour` and
//! `[groups.contract]`, and the top-level `[economics]` table.

use super::super::raw::*;
use super::super::valid::*;
use super::Checker;

/// Checks the money keys of every group and fills them into `groups`
/// (same order as `raw.groups`); returns the `[economics]` table, if any.
/// The contract calendar must let weeks nest in months when a scenario
/// uses both, so that every contract period lies inside one accounting block.
/// On a horizon of several open days one replication is that many contract
/// days, so every contract period in use must be a whole number of horizons
/// (`open_days`): a period is then settled on whole replications.
pub(super) fn check(
    c: &mut Checker,
    raw: &RawScenario,
    groups: &mut [Group],
    service_level: &ServiceLevel,
    open_days: usize,
) -> Option<Economics> {
    for (i, (rg, g)) in raw.groups.iter().zip(groups.iter_mut()).enumerate() {
        let p = format!("groups[{i}]");
        g.cost_per_agent_hour = rg
            .cost_per_agent_hour
            .map(|v| c.number(&format!("{p}.cost_per_agent_hour"), v, 0.0, false));
        g.contract = rg
            .contract
            .as_ref()
            .map(|k| check_contract(c, &format!("{p}.contract"), k, &g.agents, service_level));
    }
    let economics = raw.economics.as_ref().map(|e| check_economics(c, e));
    let calendar = economics.unwrap_or_default();
    let mut weekly = None;
    let mut monthly = None;
    for (i, g) in groups.iter().enumerate() {
        let Some(k) = &g.contract else { continue };
        if k.minimum_calls_per_month.is_some() {
            monthly.get_or_insert(format!("groups[{i}].contract.minimum_calls_per_month"));
        }
        match k.sla.map(|s| s.period) {
            Some(Period::Week) => {
                weekly.get_or_insert(format!("groups[{i}].contract.service_level.period"));
            }
            Some(Period::Month) => {
                monthly.get_or_insert(format!("groups[{i}].contract.service_level.period"));
            }
            _ => {}
        }
    }
    let mut daily = None;
    for (i, g) in groups.iter().enumerate() {
        if let Some(Period::Day) = g.contract.as_ref().and_then(|k| k.sla).map(|s| s.period) {
            daily.get_or_insert(format!("groups[{i}].contract.service_level.period"));
        }
    }
    if open_days > 1 {
        if let Some(d) = &daily {
            c.fail(
                d.clone(),
                format!(
                    "\"day\" cannot be settled on a horizon of {open_days} open days: one replication is the whole horizon, and a period must be a whole number of horizons; use period = \"week\" (with economics.days_per_week = {open_days}) or simulate a one-day horizon"
                ),
            );
        }
        for (key, days, used) in [
            ("economics.days_per_week", calendar.days_per_week, &weekly),
            (
                "economics.days_per_month",
                calendar.days_per_month,
                &monthly,
            ),
        ] {
            let Some(used) = used else { continue };
            if !(days as usize).is_multiple_of(open_days) {
                let whole = (days as usize).div_ceil(open_days).max(1) * open_days;
                c.fail(
                    key,
                    format!(
                        "{days} days is not a whole number of the horizon's {open_days} open days, but {used} settles on it; one replication is the whole horizon, so a contract period must be a whole number of horizons (e.g. {key} = {whole})"
                    ),
                );
            }
        }
    }
    if let (Some(w), Some(m)) = (weekly, monthly) {
        if !calendar
            .days_per_month
            .is_multiple_of(calendar.days_per_week)
        {
            c.fail(
                "economics.days_per_month",
                format!(
                    "{} days is not a whole number of {}-day weeks, but {w} is weekly and {m} is monthly; weeks must nest in months (e.g. days_per_month = {})",
                    calendar.days_per_month,
                    calendar.days_per_week,
                    4 * calendar.days_per_week
                ),
            );
        }
    }
    economics
}

fn price(c: &mut Checker, path: &str, v: Option<f64>) -> Option<f64> {
    v.map(|v| c.number(path, v, 0.0, false))
}

fn check_contract(
    c: &mut Checker,
    p: &str,
    k: &RawContract,
    agents: &[u32],
    service_level: &ServiceLevel,
) -> Contract {
    let lines = match k.lines {
        Some(n) if (0..=1_000_000).contains(&n) => n as u32,
        Some(n) => {
            c.fail(
                format!("{p}.lines"),
                format!("must be a whole number of lines from 0 to 1000000 (got {n})"),
            );
            0
        }
        None => agents.iter().copied().max().unwrap_or(0),
    };
    let fee = price(c, &format!("{p}.per_line_per_year"), k.per_line_per_year);
    let days = k.operating_days_per_year;
    let per_line_per_year = match (fee, days) {
        (Some(fee), Some(d)) => {
            if !(d.is_finite() && d > 0.0 && d <= 366.0) {
                c.fail(
                    format!("{p}.operating_days_per_year"),
                    format!("must be a number of days above 0 and at most 366 (got {d})"),
                );
            }
            Some((fee, d))
        }
        (Some(_), None) => {
            c.fail(
                format!("{p}.operating_days_per_year"),
                "is missing: per_line_per_year is spread over the operating days of a year (e.g. 250 or 365); one simulated day is one of them",
            );
            None
        }
        (None, Some(_)) => {
            c.fail(
                format!("{p}.operating_days_per_year"),
                "is used only with per_line_per_year",
            );
            None
        }
        (None, None) => None,
    };
    let per_handled_call = price(c, &format!("{p}.per_handled_call"), k.per_handled_call);
    let per_handled_minute = price(c, &format!("{p}.per_handled_minute"), k.per_handled_minute);
    let per_staffed_hour = price(c, &format!("{p}.per_staffed_hour"), k.per_staffed_hour);
    let minimum_calls_per_month = price(
        c,
        &format!("{p}.minimum_calls_per_month"),
        k.minimum_calls_per_month,
    );
    if minimum_calls_per_month.is_some() && per_handled_call.is_none() {
        c.fail(
            format!("{p}.minimum_calls_per_month"),
            "needs per_handled_call: the calls short of the minimum are billed at that price",
        );
    }
    let sla = k.service_level.as_ref().map(|s| {
        let q = format!("{p}.service_level");
        let cap = |c: &mut Checker, key: &str, v: Option<f64>| {
            v.map(|v| c.number(&format!("{q}.{key}"), v, 0.0, false))
                .unwrap_or(f64::INFINITY)
        };
        SlaClause {
            period: match s.period {
                PeriodName::Day => Period::Day,
                PeriodName::Week => Period::Week,
                PeriodName::Month => Period::Month,
            },
            target: c.fraction(&format!("{q}.target"), s.target),
            threshold: s
                .threshold_seconds
                .as_ref()
                .map(|d| c.duration(&format!("{q}.threshold_seconds"), d, false))
                .unwrap_or(service_level.threshold),
            penalty_per_point: price(c, &format!("{q}.penalty_per_point"), s.penalty_per_point)
                .unwrap_or(0.0),
            bonus_per_point: price(c, &format!("{q}.bonus_per_point"), s.bonus_per_point)
                .unwrap_or(0.0),
            max_penalty: cap(c, "max_penalty", s.max_penalty),
            max_bonus: cap(c, "max_bonus", s.max_bonus),
        }
    });
    Contract {
        lines,
        per_line_per_year,
        per_handled_call,
        per_handled_minute,
        per_staffed_hour,
        minimum_calls_per_month,
        sla,
    }
}

fn check_economics(c: &mut Checker, e: &RawEconomics) -> Economics {
    let days = |c: &mut Checker, key: &str, v: i64, max: i64| {
        if (1..=max).contains(&v) {
            v as u32
        } else {
            c.fail(
                format!("economics.{key}"),
                format!("must be a whole number of days from 1 to {max} (got {v})"),
            );
            1
        }
    };
    let days_per_week = e
        .days_per_week
        .map(|v| days(c, "days_per_week", v, 7))
        .unwrap_or(5);
    let days_per_month = e
        .days_per_month
        .map(|v| days(c, "days_per_month", v, 31))
        .unwrap_or(4 * days_per_week);
    Economics {
        cost_per_abandoned_call: price(
            c,
            "economics.cost_per_abandoned_call",
            e.cost_per_abandoned_call,
        ),
        revenue_per_answered_call: price(
            c,
            "economics.revenue_per_answered_call",
            e.revenue_per_answered_call,
        ),
        days_per_week,
        days_per_month,
        fte_hours_per_week: e.fte_hours_per_week.map_or(40.0, |v| {
            c.number("economics.fte_hours_per_week", v, 0.0, true)
        }),
        fte_hours_per_day: e.fte_hours_per_day.map_or(8.0, |v| {
            c.number("economics.fte_hours_per_day", v, 0.0, true)
        }),
    }
}
