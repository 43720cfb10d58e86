//! `ccsim schedule`: read the requirement and the shift rules, make the
//! schedule ([`crate::schedule::plan()`]), check it by simulation on the
//! scenario it is for ([`crate::schedule::check`]), and write the
//! schedule, roster, coverage, chart and scenario files through the one
//! output writer.

use crate::cli::ScheduleArgs;
use crate::error::Error;
use crate::planner::Criterion;
use crate::plot::Format;
use crate::report::output::{self, Outputs};
use crate::scenario;
use crate::schedule::check::{check, CheckOptions};
use crate::schedule::{self, check_render, render, scenario_out};

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
        &args.report,
    ]
    .into_iter()
    .flatten()
    .map(|p| p.as_path())
    .collect();
    output::preflight(&inputs, &planned)?;
    let req = schedule::requirement::load(&args.requirement)?;
    let mut rules = schedule::rules::load(&args.rules)?;
    if args.roster.is_some() && !rules.roster {
        return Err(Error::Usage(format!(
            "--roster: {} does not ask for a roster; set `roster = true` there",
            args.rules.display()
        )));
    }
    if args.out.is_some() && args.scenario.is_none() {
        return Err(Error::Usage(
            "--out writes the scenario with the schedule's shifts: give the scenario with --scenario".into(),
        ));
    }
    let loaded = match &args.scenario {
        None => None,
        Some(path) => {
            let raw = scenario::load_raw(path)?;
            let sc = scenario::validate(&raw).map_err(|problems| Error::Invalid {
                path: path.clone(),
                problems,
            })?;
            let group = super::group_index(&sc, args.group.as_deref(), path)?;
            if !rules.absenteeism_given {
                // Plan for the absence the check will simulate.
                rules.absenteeism = sc.groups[group].absenteeism;
            }
            Some((path, raw, sc, group))
        }
    };
    let mut plan = schedule::plan(&req, &rules).map_err(|e| Error::Data {
        path: args.rules.clone(),
        message: e.to_string(),
    })?;
    if let Some((path, _, sc, _)) = &loaded {
        scenario_out::check_fits(sc, &plan).map_err(|m| {
            Error::Usage(format!(
                "{} and {}: {m}",
                args.requirement.display(),
                path.display()
            ))
        })?;
    }
    let checked = match &loaded {
        Some((path, raw, sc, group)) if !args.no_check => {
            if args.max_rounds == 0 {
                return Err(Error::Usage(
                    "--max-rounds must be at least 1 (or --no-check)".into(),
                ));
            }
            let opts = CheckOptions {
                group: *group,
                replications: args.sim.replications.unwrap_or(sc.replications),
                seed: args.sim.seed.unwrap_or(sc.seed),
                max_rounds: args.max_rounds,
                criterion: Criterion::Mean,
            };
            if opts.replications == 0 {
                return Err(Error::Usage("--replications must be at least 1".into()));
            }
            let result =
                super::with_threads(args.sim.threads, || check(raw, &mut plan, &rules, &opts))?;
            Some((
                result.map_err(|m| {
                    Error::Usage(format!(
                        "{}: cannot simulate the schedule: {m}",
                        path.display()
                    ))
                })?,
                opts.replications,
            ))
        }
        _ => None,
    };
    let totals = plan.totals(&rules);
    let check_json = checked
        .as_ref()
        .map(|(c, reps)| check_render::check_json(&plan, c, *reps));
    let mut outputs = Outputs::reading(&inputs);
    outputs.add_rendered(args.schedule.as_ref(), || render::schedule_csv(&plan))?;
    outputs.add_rendered(args.coverage.as_ref(), || render::coverage_csv(&plan))?;
    if let Some(path) = &args.roster {
        if let Some(bytes) = render::roster_csv(&plan)? {
            outputs.add(path, bytes);
        }
    }
    outputs.add_rendered(args.chart.as_ref(), || {
        check_render::coverage_chart(
            &plan,
            checked.as_ref().map(|(c, _)| c),
            args.chart.as_deref().map_or(Format::Svg, Format::of_path),
        )
    })?;
    if let (Some(out), Some((path, raw, _, group))) = (&args.out, &loaded) {
        let mut raw = scenario_out::with_shifts(raw, *group, &plan);
        if let Some((c, reps)) = &checked {
            raw.simulation.replications = i64::from(*reps);
            raw.simulation.seed = c.scenario.seed as i64;
        }
        let header = format!(
            "# Scheduled by `ccsim schedule` from {} with the rules {} (group \"{}\").\n# Check it with: ccsim run <this file>\n\n",
            path.display(),
            args.rules.display(),
            raw.groups[*group].name
        );
        let text = scenario_out::to_toml(&raw, &header)
            .map_err(|m| Error::Usage(format!("cannot write the scheduled scenario: {m}")))?;
        outputs.add(out, text.into_bytes());
    }
    let report = render::ScheduleReport {
        schedule: render::schedule_json(&plan, &totals, &rules),
        check: check_json,
    };
    if let Some(path) = &args.report {
        let svg =
            check_render::coverage_chart(&plan, checked.as_ref().map(|(c, _)| c), Format::Svg)
                .map_err(|m| Error::Usage(format!("cannot draw the coverage chart: {m}")))?;
        let mut files = Vec::new();
        let named = [
            ("Scenario file", args.scenario.as_deref()),
            ("Shift rules", Some(args.rules.as_path())),
            ("Requirement", Some(args.requirement.as_path())),
        ];
        for (what, p) in named {
            if let Some(text) = p.and_then(|p| std::fs::read_to_string(p).ok().map(|t| (p, t))) {
                files.push((format!("{what} {}", text.0.display()), text.1));
            }
        }
        let page =
            crate::report::html::schedule::render(&report, &String::from_utf8_lossy(&svg), &files);
        outputs.add(path, page.into_bytes());
    }
    outputs.add_rendered(args.json.as_ref(), || {
        serde_json::to_vec_pretty(&report).map(|mut v| {
            v.push(b'\n');
            v
        })
    })?;
    let show_summary = !args.quiet && !outputs.stdout_taken();
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if show_summary {
        let mut text = render::summary_text(&plan, &totals, &rules);
        match &report.check {
            Some(j) => text.push_str(&check_render::check_text(&plan, j)),
            None if args.no_check => text.push_str("Simulation check skipped (--no-check).\n"),
            None => text.push_str(
                "Simulation check skipped: give the scenario with --scenario to simulate the schedule.\n",
            ),
        }
        output::print(&text)?;
    }
    Ok(())
}
