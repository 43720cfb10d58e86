//! `ccsim breakeven`: the price at which an outsourcing partner costs the
//! same as extra in-house agents for the same service level.

use crate::cli::BreakevenArgs;
use crate::error::Error;
use crate::money::breakeven::{self, Options};
use crate::report::output::write_output;
use crate::scenario;

/// The whole `ccsim breakeven` pipeline.
pub fn execute(args: &BreakevenArgs) -> Result<(), Error> {
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
    };
    let report = super::with_threads(args.sim.threads, || breakeven::run(&raw, &options))??;
    let json = match &args.json {
        Some(_) => {
            Some(serde_json::to_vec_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?)
        }
        None => None,
    };
    let stdout_taken = args.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if !args.quiet && !stdout_taken {
        print!("{}", breakeven::render(&report));
    }
    if let (Some(path), Some(bytes)) = (&args.json, json) {
        write_output(path, &bytes)?;
    }
    Ok(())
}
