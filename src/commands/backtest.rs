//! `ccsim backtest`: simulate a scenario and compare it, interval by
//! interval, with what was observed (see [`crate::fit::backtest`]).

use chrono::NaiveDate;

use crate::cli::BacktestArgs;
use crate::error::Error;
use crate::fit::backtest;
use crate::fit::profile::{aggregate_calls, Grid};
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
        History::Calls(i) => {
            let h = sc.horizon;
            let grid = Grid {
                start_of_day: h.start_of_day,
                interval: h.interval,
                intervals: h.intervals,
            };
            aggregate_calls(&i.rows, &grid, sc.service_level.threshold).0
        }
    };
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| date.is_none_or(|d| r.start.date() == d))
        .collect();
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
