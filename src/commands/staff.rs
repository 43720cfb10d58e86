//! `ccsim staff`: parse and validate the scenario, search the fewest agents
//! of one group per interval meeting its targets in simulation
//! ([`crate::planner::staffing`]), report the answer ([`crate::report::staff`])
//! and write the staffed scenario back as TOML.

use std::path::Path;
use std::time::Instant;

use super::erlang::json;
use crate::cli::{CriterionArg, StaffArgs};
use crate::error::{Error, Problem};
use crate::planner::paid::scheduled_heads;
use crate::planner::{staff, Criterion, StaffOptions};
use crate::report::output::{self, Outputs};
use crate::report::staff::{build_report, render_csv, render_table};
use crate::scenario::raw::NumberOrList;
use crate::scenario::{self, RawScenario, ValidScenario};

/// The staffed scenario as TOML text: the original file's keys, the group's
/// `agents` replaced by the answer (one whole number per interval), and
/// `[simulation]` holding the replications and seed used, so that
/// `ccsim run` on it reproduces the reported figures (a group with
/// `shrinkage` gets `scheduled` heads instead: the fewest whose share on
/// the phones reaches the plan, so its agents on the phones may exceed the
/// plan by the rounding). The text is parsed and
/// validated again before it is returned.
pub fn staffed_toml(
    raw: &RawScenario,
    sc: &ValidScenario,
    group: usize,
    header: &str,
) -> Result<String, Error> {
    let mut raw = raw.clone();
    raw.simulation.replications = i64::from(sc.replications);
    raw.simulation.seed = sc.seed as i64;
    let agents = &sc.groups[group].agents;
    raw.groups[group].agents = NumberOrList::List(agents.iter().map(|&a| f64::from(a)).collect());
    raw.groups[group].scheduled = None;
    if sc.groups[group].shrinkage > 0.0 || raw.groups[group].shrinkage.is_some() {
        raw.groups[group].shrinkage = Some(sc.groups[group].shrinkage);
    }
    let fail = |m: String| Error::Usage(format!("cannot write the staffed scenario: {m}"));
    let mut value = toml::Value::try_from(&raw).map_err(|e| fail(e.to_string()))?;
    // Whole numbers of agents, written as TOML integers.
    if let Some(g) = value
        .get_mut("groups")
        .and_then(|g| g.as_array_mut())
        .and_then(|g| g.get_mut(group))
        .and_then(|g| g.as_table_mut())
    {
        let shrinkage = sc.groups[group].shrinkage;
        if shrinkage > 0.0 {
            // Heads to schedule: the fewest whose share on the phones
            // reaches the plan (on the phones is then rounded with carry).
            g.remove("agents");
            g.insert(
                "scheduled".into(),
                toml::Value::Array(
                    agents
                        .iter()
                        .map(|&a| toml::Value::Integer(i64::from(scheduled_heads(a, shrinkage))))
                        .collect(),
                ),
            );
        } else {
            g.insert(
                "agents".into(),
                toml::Value::Array(
                    agents
                        .iter()
                        .map(|&a| toml::Value::Integer(i64::from(a)))
                        .collect(),
                ),
            );
        }
    }
    let body = toml::to_string(&value).map_err(|e| fail(e.to_string()))?;
    let text = format!("{header}{body}");
    let check = scenario::parse(&text).map_err(|p| fail(p.to_string()))?;
    scenario::validate(&check).map_err(|ps| {
        fail(
            ps.iter()
                .map(Problem::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(text)
}

fn load(path: &Path) -> Result<(RawScenario, ValidScenario), Error> {
    let raw = scenario::load_raw(path)?;
    let sc = scenario::validate(&raw).map_err(|problems| Error::Invalid {
        path: path.to_owned(),
        problems,
    })?;
    Ok((raw, sc))
}

/// The whole `ccsim staff` pipeline.
pub fn execute(args: &StaffArgs) -> Result<(), Error> {
    let planned: Vec<&Path> = [&args.out, &args.json, &args.csv, &args.report]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    output::preflight(&[&args.scenario], &planned)?;
    let (raw, mut sc) = load(&args.scenario)?;
    super::run::apply_overrides(&mut sc, args.sim.replications, args.sim.seed)?;
    let group = super::group_index(&sc, args.group.as_deref(), &args.scenario)?;
    if let Some(x) = args.shrinkage {
        if !(x.is_finite() && (0.0..=0.99).contains(&x)) {
            return Err(Error::Usage(format!(
                "--shrinkage {x}: must be a share of paid time off the phones from 0 to 0.99 (e.g. 0.3 for 30%)"
            )));
        }
        sc.groups[group].shrinkage = x;
    }
    let criterion = match args.criterion {
        CriterionArg::Mean => Criterion::Mean,
        CriterionArg::Lower => Criterion::Lower,
    };
    if criterion == Criterion::Lower && sc.replications < 2 {
        return Err(Error::Usage(
            "--criterion lower needs at least 2 replications for a confidence interval (use --replications 30 or more)".into(),
        ));
    }
    if args.max_passes == 0 {
        return Err(Error::Usage("--max-passes must be at least 1".into()));
    }
    if args.max_agents == Some(0) {
        return Err(Error::Usage("--max-agents must be at least 1".into()));
    }
    let opts = StaffOptions {
        group,
        criterion,
        replications: sc.replications,
        max_agents: args.max_agents,
        max_passes: args.max_passes,
    };
    let clock = Instant::now();
    let plan = super::with_threads(args.sim.threads, || staff(&sc, &opts))?;
    let seconds = clock.elapsed().as_secs_f64();
    let report = build_report(&sc, &plan, group, criterion, sc.replications);
    // Render everything before writing anything, so nothing is half-written.
    let toml_text = match args.out.is_some() || args.report.is_some() {
        true => Some(staffed_toml(
            &raw,
            &plan.staffed,
            group,
            &format!(
                "# Staffed by `ccsim staff` from {} (group \"{}\", criterion {}, {} replications, seed {}).\n# Check it with: ccsim run <this file>\n\n",
                args.scenario.display(),
                report.group,
                report.criterion,
                report.replications,
                report.seed
            ),
        )?),
        false => None,
    };
    let page = match &args.report {
        Some(path) => {
            let g = &sc.groups[group];
            let price = g.cost_per_agent_hour.filter(|_| g.shrinkage == 0.0);
            let mut files = vec![(
                format!("Scenario file: {}", args.scenario.display()),
                scenario::read_text(&args.scenario)?,
            )];
            if let Some(text) = &toml_text {
                files.push((
                    "The staffed scenario (what --out writes)".into(),
                    text.clone(),
                ));
            }
            Some(
                crate::report::html::staff::render(&report, price, &files).map_err(|message| {
                    Error::Chart {
                        path: path.clone(),
                        message,
                    }
                })?,
            )
        }
        None => None,
    };
    let json_bytes = args.json.as_ref().map(|_| json(&report)).transpose()?;
    let csv_bytes = args.csv.as_ref().map(|_| render_csv(&report)).transpose()?;
    let stdout_taken = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| output::is_stdout(p)));
    let mut outputs = Outputs::reading(&[&args.scenario]);
    if let (Some(path), Some(text)) = (&args.out, toml_text) {
        outputs.add(path, text.into_bytes());
    }
    if let (Some(path), Some(page)) = (&args.report, page) {
        outputs.add(path, page.into_bytes());
    }
    if let (Some(path), Some(bytes)) = (&args.json, json_bytes) {
        outputs.add(path, bytes);
    }
    if let (Some(path), Some(bytes)) = (&args.csv, csv_bytes) {
        outputs.add(path, bytes);
    }
    // Files first: a closed standard output must not cost them.
    outputs.write()?;
    if !args.quiet && !stdout_taken {
        output::print(&render_table(&report))?;
        output::print(&format!("Staffed in {seconds:.2} s.\n"))?;
    } else {
        for w in &report.warnings {
            output::warn(&format!("warning: {w}"));
        }
    }
    Ok(())
}
