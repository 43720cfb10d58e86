//! `ccsim schedule`: read the requirement and the shift rules, make the
//! schedule ([`crate::schedule::plan()`]), and write the schedule, roster and
//! coverage files through the one output writer.

use crate::cli::ScheduleArgs;
use crate::error::Error;
use crate::report::output::{self, Outputs};
use crate::schedule::{self, render};

/// The whole `ccsim schedule` pipeline.
pub fn execute(args: &ScheduleArgs) -> Result<(), Error> {
    let mut inputs: Vec<&std::path::Path> = vec![&args.requirement, &args.rules];
    inputs.extend(args.scenario.iter().map(|p| p.as_path()));
    let planned: Vec<&std::path::Path> = [
        &args.schedule,
        &args.roster,
        &args.coverage,
        &args.chart,
        &args.out,
        &args.json,
    ]
    .into_iter()
    .flatten()
    .map(|p| p.as_path())
    .collect();
    output::preflight(&inputs, &planned)?;
    let req = schedule::requirement::load(&args.requirement)?;
    let rules = schedule::rules::load(&args.rules)?;
    if args.roster.is_some() && !rules.roster {
        return Err(Error::Usage(format!(
            "--roster: {} does not ask for a roster; set `roster = true` there",
            args.rules.display()
        )));
    }
    let plan = schedule::plan(&req, &rules).map_err(|e| Error::Data {
        path: args.rules.clone(),
        message: e.to_string(),
    })?;
    let totals = plan.totals(&rules);
    let mut outputs = Outputs::reading(&inputs);
    outputs.add_rendered(args.schedule.as_ref(), || render::schedule_csv(&plan))?;
    outputs.add_rendered(args.coverage.as_ref(), || render::coverage_csv(&plan))?;
    if let Some(path) = &args.roster {
        if let Some(bytes) = render::roster_csv(&plan)? {
            outputs.add(path, bytes);
        }
    }
    outputs.add_rendered(args.json.as_ref(), || {
        serde_json::to_vec_pretty(&render::schedule_json(&plan, &totals, &rules)).map(|mut v| {
            v.push(b'\n');
            v
        })
    })?;
    let show_summary = !args.quiet && !outputs.stdout_taken();
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if show_summary {
        output::print(&render::summary_text(&plan, &totals, &rules))?;
    }
    Ok(())
}
