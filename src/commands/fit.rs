//! `ccsim fit`: read interval data or a call log, fit arrivals, handle time,
//! patience and staffing, write a commented scenario and print the fit.

use std::path::Path;

use crate::cli::{FitArgs, HistoryInputArgs};
use crate::error::Error;
use crate::fit::{self, profile::Weekdays, FitOptions};
use crate::history::calls::{self, CallRow, OutcomeWords};
use crate::history::intervals::{self, IntervalRow};
use crate::history::table::{self, Import};
use crate::history::values::TimeFormat;
use crate::history::{self, Kind};
use crate::report::output::{self, write_output};
use crate::scenario::validate::parse_clock;

/// A history file read whole: call log or interval data.
pub enum History {
    /// Call attempts.
    Calls(Import<CallRow>),
    /// Interval rows.
    Intervals(Import<IntervalRow>),
}

/// Field-to-header mappings of one kind of file.
pub type ColumnMap = Vec<(&'static str, String)>;

/// `--column` arguments split by kind: a field name must exist in at least
/// one of the two kinds (e.g. `offered` is an interval field, `wait` a call-log field).
pub fn column_maps(args: &[String]) -> Result<(ColumnMap, ColumnMap), Error> {
    let mut calls_map = Vec::new();
    let mut interval_map = Vec::new();
    for a in args {
        let one = std::slice::from_ref(a);
        let c = table::parse_column_args(one, calls::FIELDS);
        let i = table::parse_column_args(one, intervals::FIELDS);
        match (c, i) {
            (Err(_), Err(_)) => {
                let mut names: Vec<&str> = calls::FIELDS.iter().map(|f| f.name).collect();
                for f in intervals::FIELDS {
                    if !names.contains(&f.name) {
                        names.push(f.name);
                    }
                }
                let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n.trim());
                return Err(Error::Usage(if a.contains('=') {
                    format!(
                        "--column: unknown field \"{name}\"; the fields are: {}",
                        names.join(", ")
                    )
                } else {
                    format!("--column \"{a}\" must be FIELD=Header, e.g. --column offered=\"Calls Offered\"")
                }));
            }
            (c, i) => {
                calls_map.extend(c.unwrap_or_default());
                interval_map.extend(i.unwrap_or_default());
            }
        }
    }
    Ok((calls_map, interval_map))
}

/// Reads a history file as told by `args` (or by its header), reports
/// skipped rows on standard error and fails on mostly bad files.
pub fn read_history(path: &Path, args: &HistoryInputArgs) -> Result<History, Error> {
    if !(args.max_bad_share.is_finite() && (0.0..=1.0).contains(&args.max_bad_share)) {
        return Err(Error::Usage(format!(
            "--allow-skipped must be a fraction between 0 and 1 (got {}), e.g. --allow-skipped 0.05 to accept losing 5% of the rows",
            args.max_bad_share
        )));
    }
    if !(args.max_duration.is_finite() && args.max_duration > 0.0 && args.max_duration <= 1e7) {
        return Err(Error::Usage(format!(
            "--max-duration must be a number of seconds above 0 and at most 1e7 (got {}); the default is 14400 (4 h)",
            args.max_duration
        )));
    }
    let limits = calls::Limits {
        max_duration: args.max_duration,
    };
    let (call_map, interval_map) = column_maps(&args.columns)?;
    let words = OutcomeWords::with_args(&args.outcomes)?;
    let time = TimeFormat::new(args.time_format.clone());
    let kind = match args.kind {
        Some(k) => k,
        None => history::detect(path, &call_map, &interval_map)?,
    };
    let h = match kind {
        Kind::Calls => {
            let import = calls::read_with(path, &call_map, &time, &words, &limits)?
                .check(args.max_bad_share)?;
            warn(&import);
            History::Calls(import)
        }
        Kind::Intervals => {
            let import = intervals::read_with(path, &interval_map, &time, &limits)?
                .check(args.max_bad_share)?;
            warn(&import);
            History::Intervals(import)
        }
    };
    Ok(h)
}

/// Prints the notes of reading and the skipped rows on standard error.
fn warn<T>(import: &Import<T>) {
    for n in &import.notes {
        output::warn(&format!("note: {}: {n}", import.path.display()));
    }
    if let Some(w) = import.warning() {
        output::warn(&format!("warning: {w}"));
    }
}

fn clock_arg(name: &str, v: &Option<String>) -> Result<Option<f64>, Error> {
    v.as_ref()
        .map(|s| {
            parse_clock(s, true)
                .ok_or_else(|| Error::Usage(format!("--{name} \"{s}\" is not a time of day HH:MM")))
        })
        .transpose()
}

/// The options of a `ccsim fit` command line.
pub fn options(args: &FitArgs) -> Result<FitOptions, Error> {
    if !(args.threshold.is_finite() && args.threshold >= 0.0) {
        return Err(Error::Usage(format!(
            "--threshold must be >= 0 seconds (got {})",
            args.threshold
        )));
    }
    if !(0.0..=1.0).contains(&args.target) {
        return Err(Error::Usage(format!(
            "--target must be a fraction between 0 and 1 (got {})",
            args.target
        )));
    }
    if !(args.handle_cv.is_finite() && args.handle_cv > 0.0) {
        return Err(Error::Usage(format!(
            "--handle-cv must be > 0 (got {})",
            args.handle_cv
        )));
    }
    let weekdays =
        Weekdays::parse(&args.weekdays).map_err(|e| Error::Usage(format!("--weekdays: {e}")))?;
    if !(args.break_minutes.is_finite() && args.break_minutes > 0.0 && args.break_minutes <= 1440.0)
    {
        return Err(Error::Usage(format!(
            "--break-minutes must be above 0 and at most 1440 (got {})",
            args.break_minutes
        )));
    }
    if let Some(o) = args.occupancy {
        if !(o.is_finite() && o > 0.0 && o <= 1.0) {
            return Err(Error::Usage(format!(
                "--occupancy must be a share above 0 and at most 1 (got {o})"
            )));
        }
    }
    if !(1..=1000).contains(&args.calibrate_replications) {
        return Err(Error::Usage(format!(
            "--calibrate-replications must be between 1 and 1000 (got {})",
            args.calibrate_replications
        )));
    }
    let fit_days = args
        .fit_days
        .as_deref()
        .map(fit::days::DaySet::parse)
        .transpose()
        .map_err(|e| Error::Usage(format!("--fit-days: {e}")))?;
    let holdout = args
        .holdout
        .map(fit::days::check_share)
        .transpose()
        .map_err(Error::Usage)?;
    let file = args.input.file_name().map_or_else(
        || args.input.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    Ok(FitOptions {
        interval_minutes: args.interval_minutes,
        open: clock_arg("open", &args.open)?,
        close: clock_arg("close", &args.close)?,
        weekdays,
        threshold: args.threshold,
        target: args.target,
        empirical_handle: args.empirical,
        patience: args.patience,
        handle_cv: args.handle_cv,
        name: args.name.clone().unwrap_or(format!("fitted from {file}")),
        types: !args.no_types,
        staffing: args.staffing,
        break_seconds: args.break_minutes * 60.0,
        occupancy: args.occupancy,
        calibrate_replications: args.calibrate_replications,
        fit_days,
        holdout,
        ..FitOptions::default()
    })
}

/// The whole `ccsim fit` pipeline: read, fit, check the scenario parses and
/// validates, write it, print the fit.
pub fn execute(args: &FitArgs) -> Result<(), Error> {
    let planned: Vec<&Path> = args.out.iter().map(|p| p.as_path()).collect();
    output::preflight(&[&args.input], &planned)?;
    let opt = options(args)?;
    let history = read_history(&args.input, &args.input_args)?;
    let source = args.input.file_name().map_or_else(
        || args.input.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let mut result = match &history {
        History::Calls(i) => fit::fit_calls(&i.rows, &source, &opt),
        History::Intervals(i) => fit::fit_intervals(&i.rows, &source, &opt),
    }
    .map_err(|e| Error::Data {
        path: args.input.clone(),
        message: e.0,
    })?;
    if let History::Calls(i) = &history {
        // Rows that never reached the queue are not in any figure: say how many.
        for (reason, n) in &i.set_aside {
            result.notes.push(format!(
                "{n} of {} rows set aside, not in any figure: {reason}",
                i.total() + i.set_aside.iter().map(|(_, n)| n).sum::<usize>()
            ));
        }
    }
    let text = fit::scenario_text(&result);
    // The written file must be one `ccsim run` accepts: check before writing.
    let raw = crate::scenario::parse(&text).map_err(|p| Error::Data {
        path: args.input.clone(),
        message: format!(
            "internal error: the fitted scenario does not parse ({p}); please report it"
        ),
    })?;
    if let Err(problems) = crate::scenario::validate(&raw) {
        return Err(Error::Data {
            path: args.input.clone(),
            message: format!(
                "the fitted scenario is not valid: {}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        });
    }
    let report = fit::report_text(&result);
    match &args.out {
        Some(path) if path.as_os_str() != "-" => {
            let mut outputs = output::Outputs::reading(&[&args.input]);
            outputs.add(path, text.into_bytes());
            outputs.write()?;
            output::print(&format!("{report}wrote {}\n", path.display()))?;
        }
        _ => {
            output::warn(report.trim_end_matches('\n'));
            write_output(Path::new("-"), text.as_bytes())?;
        }
    }
    Ok(())
}
