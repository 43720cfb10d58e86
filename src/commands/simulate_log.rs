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
    // A multi-day horizon's calendar (first_day, [horizon.hours], closed
    // days) holds only from a date on its first weekday.
    let h = sc.horizon;
    if h.days > 1 {
        use chrono::Datelike;
        let w = date.weekday().num_days_from_monday() as usize;
        if w != h.first_weekday {
            let ahead = (h.first_weekday + 7 - w) % 7;
            let next = date + chrono::Duration::days(ahead as i64);
            return Err(Error::Usage(format!(
                "--start-date {date} is a {} but the horizon of {} starts on a {} ([horizon] first_day): give a {} date, e.g. --start-date {next}",
                scenario::valid::WEEKDAYS[w],
                args.scenario.display(),
                scenario::valid::WEEKDAYS[h.first_weekday],
                scenario::valid::WEEKDAYS[h.first_weekday],
            )));
        }
    }
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
    let what = if h.days > 1 {
        format!(
            "{} horizons of {} days ({} calendar days)",
            written.days,
            h.days,
            u64::from(written.days) * h.days as u64
        )
    } else {
        format!("{} days", written.days)
    };
    output::warn(&format!(
        "simulated {what} of \"{}\" (seed {}): {} call attempts, {} interval rows",
        sc.name, sc.seed, written.calls, written.intervals
    ));
    Ok(())
}
