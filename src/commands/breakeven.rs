//! `ccsim breakeven`: the price at which an outsourcing partner costs the
//! same as in-house agents re-staffed interval by interval to the same
//! service ([`crate::money::breakeven`]).

use crate::cli::BreakevenArgs;
use crate::error::Error;
use crate::money::breakeven::{self, Options};
use crate::report::output::{self, Outputs};
use crate::scenario;

/// The whole `ccsim breakeven` pipeline.
pub fn execute(args: &BreakevenArgs) -> Result<(), Error> {
    let planned: Vec<&std::path::Path> = [&args.json, &args.report]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&[&args.scenario], &planned)?;
    let raw = scenario::load_raw(&args.scenario)?;
    scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: args.scenario.clone(),
        problems,
    })?;
    let options = Options {
        partner: args.group.clone(),
        in_house: args.in_house.clone(),
        max_extra: args.max_extra,
        operating_days: args.operating_days,
        replications: args.sim.replications,
        seed: args.sim.seed,
        flat: args.flat,
    };
    let report = super::with_threads(args.sim.threads, || breakeven::run(&raw, &options))??;
    let json = match &args.json {
        Some(_) => {
            Some(serde_json::to_vec_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?)
        }
        None => None,
    };
    let stdout_taken = args.json.as_ref().is_some_and(|p| output::is_stdout(p));
    let page = match &args.report {
        Some(path) => {
            let files = [(
                format!("Scenario file: {}", args.scenario.display()),
                scenario::read_text(&args.scenario)?,
            )];
            Some(
                crate::report::html::breakeven::render(&report, &files).map_err(|message| {
                    Error::Chart {
                        path: path.clone(),
                        message,
                    }
                })?,
            )
        }
        None => None,
    };
    let mut outputs = Outputs::reading(&[&args.scenario]);
    if let (Some(path), Some(page)) = (&args.report, page) {
        outputs.add(path, page.into_bytes());
    }
    if let (Some(path), Some(bytes)) = (&args.json, json) {
        outputs.add(path, bytes);
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !args.quiet && !stdout_taken {
        output::print(&breakeven::render(&report))?;
    }
    Ok(())
}
