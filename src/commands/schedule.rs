//! `ccsim schedule`: read the requirement and the shift rules, make the
//! schedule ([`crate::schedule::plan()`]), and write the schedule, roster and
//! coverage files through the one output writer.

use crate::cli::ScheduleArgs;
use crate::error::Error;
use crate::report::output::Outputs;
use crate::schedule::{self, render};

/// The whole `ccsim schedule` pipeline.
pub fn execute(args: &ScheduleArgs) -> Result<(), Error> {
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
    let mut outputs = Outputs::default();
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
    if !args.quiet && !outputs.stdout_taken() {
        print!("{}", render::summary_text(&plan, &totals, &rules));
    }
    outputs.write()
}
