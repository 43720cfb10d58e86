//! `ccsim backtest`: simulate a scenario and compare it, interval by
//! interval, with what was observed (see [`crate::fit::backtest`]).

use chrono::NaiveDate;

use crate::cli::BacktestArgs;
use crate::error::Error;
use crate::fit::days::{self, DaySet};
use crate::fit::profile::Weekdays;
use crate::fit::{self, backtest};
use crate::report::output::{self, Outputs};
use crate::scenario;

use super::fit::{read_history, History};

/// The whole `ccsim backtest` pipeline.
pub fn execute(args: &BacktestArgs) -> Result<(), Error> {
    let planned: Vec<&std::path::Path> = args.json.iter().map(|p| p.as_path()).collect();
    output::preflight(&[&args.scenario, &args.actual], &planned)?;
    let mut sc = scenario::load(&args.scenario)?;
    super::run::apply_overrides(&mut sc, args.sim.replications, args.sim.seed)?;
    let date = args
        .date
        .as_ref()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Error::Usage(format!("--date \"{d}\" is not a date YYYY-MM-DD")))
        })
        .transpose()?;
    let rows = match read_history(&args.actual, &args.input_args)? {
        History::Intervals(i) => i.rows,
        History::Calls(i) => backtest::call_rows(&i.rows, &sc),
    };
    let test_days = args
        .test_days
        .as_deref()
        .map(DaySet::parse)
        .transpose()
        .map_err(|e| Error::Usage(format!("--test-days: {e}")))?;
    let weekdays = args
        .weekdays
        .as_deref()
        .map(Weekdays::parse)
        .transpose()
        .map_err(|e| Error::Usage(format!("--weekdays: {e}")))?;
    // The held-out days are the last of the whole file, before any other filter.
    let mut rows = rows;
    if let Some(share) = args.holdout {
        let share = days::check_share(share).map_err(Error::Usage)?;
        let dates: Vec<NaiveDate> = rows
            .iter()
            .map(|r| r.start.date())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let (_, test) = days::holdout(&dates, share);
        if test.is_empty() {
            return Err(Error::Data {
                path: args.actual.clone(),
                message: "--holdout needs at least two days in the file (one to fit, one to test)"
                    .into(),
            });
        }
        output::warn(&format!(
            "note: --holdout {share}: testing on the last {} of {} days ({} to {})",
            test.len(),
            dates.len(),
            test[0],
            test[test.len() - 1]
        ));
        rows.retain(|r| test.contains(&r.start.date()));
    }
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| date.is_none_or(|d| r.start.date() == d))
        .filter(|r| {
            test_days
                .as_ref()
                .is_none_or(|s| s.contains(r.start.date()))
        })
        .filter(|r| weekdays.as_ref().is_none_or(|w| w.contains(r.start.date())))
        .collect();
    // The scenario's own weekdays (written by `ccsim fit` into its description).
    if let Some(seen) = sc
        .description
        .split(fit::WEEKDAYS_SEEN)
        .nth(1)
        .and_then(|w| Weekdays::parse(w.trim()).ok())
    {
        use chrono::Datelike;
        let other: std::collections::BTreeSet<u32> = rows
            .iter()
            .map(|r| r.start.date())
            .filter(|d| !seen.contains(*d))
            .map(|d| d.weekday().num_days_from_monday())
            .collect();
        if !other.is_empty() {
            output::warn(&format!(
                "warning: observed days fall on {} but the scenario was fitted to {}: a weekday's calls differ; compare like with like (--weekdays {})",
                other
                    .iter()
                    .map(|w| crate::scenario::valid::WEEKDAYS[*w as usize])
                    .collect::<Vec<_>>()
                    .join(","),
                seen.describe(),
                seen.describe().replace("all days", "all")
            ));
        }
    }
    if rows.is_empty() {
        return Err(Error::Data {
            path: args.actual.clone(),
            message: match date {
                Some(d) => format!("no interval of {d} in the file"),
                None => "no interval to compare".into(),
            },
        });
    }
    if sc.replications < 40 {
        output::warn(&format!(
            "warning: {} replications give a coarse 2.5%-97.5% band; use at least 40",
            sc.replications
        ));
    }
    let (bt, _) = super::with_threads(args.sim.threads, || backtest::backtest(&sc, &rows))?;
    let json = match &args.json {
        Some(_) => Some(serde_json::to_vec_pretty(&bt).map_err(|e| Error::Usage(e.to_string()))?),
        None => None,
    };
    let stdout_taken = args.json.as_ref().is_some_and(|p| output::is_stdout(p));
    let mut outputs = Outputs::reading(&[&args.scenario, &args.actual]);
    if let (Some(path), Some(bytes)) = (&args.json, json) {
        outputs.add(path, bytes);
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !args.quiet && !stdout_taken {
        output::print(&backtest::table(&bt))?;
    }
    Ok(())
}
