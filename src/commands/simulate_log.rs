//! `ccsim simulate-log`: synthetic history of a scenario (see
//! [`crate::history::synth`]), to try `ccsim fit` and `ccsim backtest`.

use chrono::NaiveDate;

use crate::cli::SimulateLogArgs;
use crate::error::Error;
use crate::history::synth;
use crate::report::output::write_output;
use crate::scenario;

/// Simulates the days and writes the requested files.
pub fn execute(args: &SimulateLogArgs) -> Result<(), Error> {
    let mut sc = scenario::load(&args.scenario)?;
    super::run::apply_overrides(&mut sc, None, args.seed)?;
    if args.days == 0 {
        return Err(Error::Usage("--days must be at least 1".into()));
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
    let (calls, intervals, written) =
        synth::history_csv_in(&sc, args.days, 0, date, args.layout)
            .map_err(|e| Error::Usage(format!("cannot write CSV: {e}")))?;
    if let Some(p) = &args.calls {
        write_output(p, &calls)?;
    }
    if let Some(p) = &args.intervals {
        write_output(p, &intervals)?;
    }
    eprintln!(
        "simulated {} days of \"{}\" (seed {}): {} call attempts, {} interval rows",
        written.days, sc.name, sc.seed, written.calls, written.intervals
    );
    Ok(())
}
