//! `ccsim simulate-log`: synthetic history of a scenario (see
//! [`crate::history::synth`]), to try `ccsim fit` and `ccsim backtest`.

use chrono::NaiveDate;

use crate::cli::SimulateLogArgs;
use crate::error::Error;
use crate::history::synth;
use std::path::Path;

use crate::report::output::{self, write_streamed};
use crate::scenario;

/// Simulates the days and writes the requested files.
pub fn execute(args: &SimulateLogArgs) -> Result<(), Error> {
    let planned: Vec<&std::path::Path> = [&args.calls, &args.intervals]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&[&args.scenario], &planned)?;
    let mut sc = scenario::load(&args.scenario)?;
    super::run::apply_overrides(&mut sc, None, args.seed)?;
    if !sc.horizon.uniform {
        return Err(Error::Usage(format!(
            "{}: simulate-log writes days with one set of opening hours; this scenario's [horizon.hours] differ by weekday (give every day the same hours for it)",
            args.scenario.display()
        )));
    }
    if args.days == 0 || args.days > synth::MAX_DAYS {
        return Err(Error::Usage(format!(
            "--days must be between 1 and {} (ten years; got {}): write longer histories in several runs with --start-date and --seed",
            synth::MAX_DAYS,
            args.days
        )));
    }
    if args.calls.is_none() && args.intervals.is_none() {
        return Err(Error::Usage(
            "say where to write: --calls FILE and/or --intervals FILE".into(),
        ));
    }
    let date = NaiveDate::parse_from_str(&args.start_date, "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "--start-date \"{}\" is not a date YYYY-MM-DD",
            args.start_date
        ))
    })?;
    let paths: Vec<&Path> = [&args.calls, &args.intervals]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    // Rows are written day by day as they are simulated, never held whole.
    let written = write_streamed(&paths, |w| {
        let mut it = w.iter_mut();
        let mut calls = match args.calls {
            Some(_) => it.next().map(csv::Writer::from_writer),
            None => None,
        };
        let mut intervals = match args.intervals {
            Some(_) => it.next().map(csv::Writer::from_writer),
            None => None,
        };
        let r = synth::write_history_in(
            &sc,
            args.days,
            0,
            date,
            calls.as_mut(),
            intervals.as_mut(),
            args.layout,
        );
        let written = r.map_err(|e| match e {
            synth::SynthError::Csv(e) => Error::Write {
                path: paths[0].to_owned(),
                source: std::io::Error::other(e),
            },
            synth::SynthError::Time(m) => Error::Data {
                path: args.scenario.clone(),
                message: m,
            },
        })?;
        for w in [calls.as_mut(), intervals.as_mut()].into_iter().flatten() {
            w.flush().map_err(|source| Error::Write {
                path: paths[0].to_owned(),
                source,
            })?;
        }
        Ok(written)
    })?;
    output::warn(&format!(
        "simulated {} days of \"{}\" (seed {}): {} call attempts, {} interval rows",
        written.days, sc.name, sc.seed, written.calls, written.intervals
    ));
    Ok(())
}
