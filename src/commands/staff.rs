//! `ccsim staff`: parse and validate the scenario, search the fewest agents
//! of one group per interval meeting its targets in simulation
//! ([`crate::planner::staffing`]), report the answer ([`crate::report::staff`])
//! and write the staffed scenario back as TOML. Several scenario files
//! (sites) are staffed one after the other, each one's outputs into
//! folders; `--shard I/N` staffs a share of the files
//! ([`crate::shard::staff`]).

use std::path::{Path, PathBuf};
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
use crate::shard::staff::Site;

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

/// One site's search, ready to run: the scenario as read and as
/// validated (overrides applied) and the search's options.
struct Job {
    raw: RawScenario,
    sc: ValidScenario,
    opts: StaffOptions,
}

/// Loads `path` and checks the search's options against it (before any
/// search runs, for every file).
fn prepare(args: &StaffArgs, path: &Path) -> Result<Job, Error> {
    let (raw, mut sc) = load(path)?;
    super::run::apply_overrides(&mut sc, args.sim.replications, args.sim.seed)?;
    let group = super::group_index(&sc, args.group.as_deref(), path)?;
    if !sc.groups[group].shifts.is_empty() {
        return Err(Error::Usage(format!(
            "{}: group \"{}\" is staffed by [[groups.shifts]], and `ccsim staff` searches agents per interval: give the group `agents` (or `scheduled`) instead of its shifts to search them (`ccsim schedule` turns the answer back into shifts), or name another group with --group",
            path.display(),
            sc.groups[group].name
        )));
    }
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
    Ok(Job { raw, sc, opts })
}

/// Staffs one site and renders what `ccsim staff` writes for it; the
/// staffed TOML and the page only when `toml` and `page` say so (a failure
/// to render them is kept in the site, for the writer to report if asked).
fn staff_site(
    args: &StaffArgs,
    path: &Path,
    job: &Job,
    toml: bool,
    page: bool,
) -> Result<Site, Error> {
    let (sc, group, criterion) = (&job.sc, job.opts.group, job.opts.criterion);
    let clock = Instant::now();
    let plan = super::with_threads(args.sim.threads, || staff(sc, &job.opts))?;
    let seconds = clock.elapsed().as_secs_f64();
    let report = build_report(sc, &plan, group, criterion, sc.replications);
    // Render everything before writing anything, so nothing is half-written.
    let toml_text = match toml || page {
        true => Some(staffed_toml(
            &job.raw,
            &plan.staffed,
            group,
            &format!(
                "# Staffed by `ccsim staff` from {} (group \"{}\", criterion {}, {} replications, seed {}).\n# Check it with: ccsim run <this file>\n\n",
                path.display(),
                report.group,
                report.criterion,
                report.replications,
                report.seed
            ),
        )),
        false => None,
    };
    let (mut page_text, mut page_error) = (String::new(), None);
    if page {
        let g = &sc.groups[group];
        let price = g.cost_per_agent_hour.filter(|_| g.shrinkage == 0.0);
        let mut files = vec![(
            format!("Scenario file: {}", path.display()),
            scenario::read_text(path)?,
        )];
        if let Some(Ok(text)) = &toml_text {
            files.push((
                "The staffed scenario (what --out writes)".into(),
                text.clone(),
            ));
        }
        match &toml_text {
            Some(Err(e)) => page_error = Some(e.to_string()),
            _ => match crate::report::html::staff::render(&report, price, &files) {
                Ok(p) => page_text = p,
                Err(message) => page_error = Some(message),
            },
        }
    }
    let (toml_text, toml_error) = match toml_text {
        Some(Ok(t)) => (t, None),
        Some(Err(e)) => (String::new(), Some(e.to_string())),
        None => (String::new(), None),
    };
    let utf8 = |b: Vec<u8>| String::from_utf8(b).map_err(|e| Error::Usage(e.to_string()));
    Ok(Site {
        file: path.display().to_string(),
        json: utf8(json(&report)?)?,
        csv: utf8(render_csv(&report)?)?,
        toml: toml_text,
        toml_error,
        report: page_text,
        report_error: page_error,
        table: render_table(&report),
        warnings: report.warnings.clone(),
        seconds,
    })
}

/// Where `ccsim staff` (and `ccsim merge` of its parts) writes: for one
/// scenario file, each option names a file; for several, a folder that
/// gets `<file stem>.json`, `.csv`, `.toml` (the staffed scenario) and
/// `.html` per scenario.
pub struct StaffOutputs<'a> {
    /// `--out`.
    pub out: Option<&'a PathBuf>,
    /// `--json`.
    pub json: Option<&'a PathBuf>,
    /// `--csv`.
    pub csv: Option<&'a PathBuf>,
    /// `--report`.
    pub report: Option<&'a PathBuf>,
    /// Whether to leave out the tables.
    pub quiet: bool,
}

impl StaffOutputs<'_> {
    /// The files written for the sites named `files` (all of the command's).
    fn plan(&self, files: &[String]) -> Result<Vec<(usize, usize, PathBuf)>, Error> {
        // (site, what: 0 out, 1 json, 2 csv, 3 report, path)
        let opts = [self.out, self.json, self.csv, self.report];
        let mut planned = Vec::new();
        if files.len() == 1 {
            for (what, p) in opts.iter().enumerate() {
                if let Some(p) = p {
                    planned.push((0, what, (*p).clone()));
                }
            }
            return Ok(planned);
        }
        let stems: Vec<String> = files
            .iter()
            .map(|f| {
                Path::new(f)
                    .file_stem()
                    .map_or_else(|| f.clone(), |s| s.to_string_lossy().into_owned())
            })
            .collect();
        for (i, s) in stems.iter().enumerate() {
            if let Some(j) = stems[..i].iter().position(|t| t == s) {
                return Err(Error::Usage(format!(
                    "{} and {} have the same file name {s:?}: with several scenario files each one's outputs are named after it, so give the files distinct names",
                    files[j], files[i]
                )));
            }
        }
        let names = ["--out", "--json", "--csv", "--report"];
        let ext = ["toml", "json", "csv", "html"];
        for (what, p) in opts.iter().enumerate() {
            let Some(dir) = p else { continue };
            if output::is_stdout(dir) {
                return Err(Error::Usage(format!(
                    "{} -: with several scenario files {} names a folder (one file per scenario), not standard output",
                    names[what], names[what]
                )));
            }
            for (i, s) in stems.iter().enumerate() {
                planned.push((i, what, dir.join(format!("{s}.{}", ext[what]))));
            }
        }
        Ok(planned)
    }

    /// Checks every output path before any search runs.
    fn preflight(&self, inputs: &[&Path], files: &[String]) -> Result<(), Error> {
        let planned = self.plan(files)?;
        let paths: Vec<&Path> = planned.iter().map(|(_, _, p)| p.as_path()).collect();
        output::preflight(inputs, &paths)
    }

    /// Writes the sites' outputs (all of the command's, in argument order)
    /// and prints their tables.
    fn publish(&self, sites: &[Site], inputs: &[&Path]) -> Result<(), Error> {
        let files: Vec<String> = sites.iter().map(|s| s.file.clone()).collect();
        let mut outputs = Outputs::reading(inputs);
        for (i, what, path) in self.plan(&files)? {
            let site = &sites[i];
            let bytes = match what {
                0 => match &site.toml_error {
                    Some(e) => return Err(Error::Usage(e.clone())),
                    None => site.toml.clone(),
                },
                1 => site.json.clone(),
                2 => site.csv.clone(),
                _ => match &site.report_error {
                    Some(_) if site.toml_error.is_some() => {
                        return Err(Error::Usage(site.toml_error.clone().unwrap_or_default()))
                    }
                    Some(message) => {
                        return Err(Error::Chart {
                            path,
                            message: message.clone(),
                        })
                    }
                    None => site.report.clone(),
                },
            };
            outputs.add(&path, bytes.into_bytes());
        }
        let stdout_taken = [self.json, self.csv]
            .iter()
            .any(|p| p.is_some_and(|p| output::is_stdout(p)));
        // Files first: a closed standard output must not cost them.
        outputs.write()?;
        if !self.quiet && !stdout_taken {
            let seconds: f64 = sites.iter().map(|s| s.seconds).sum();
            for site in sites {
                if sites.len() > 1 {
                    output::print(&format!("== {} ==\n", site.file))?;
                }
                output::print(&site.table)?;
            }
            output::print(&format!("Staffed in {seconds:.2} s.\n"))?;
        } else {
            for site in sites {
                for w in &site.warnings {
                    output::warn(&format!("warning: {w}"));
                }
            }
        }
        Ok(())
    }
}

/// The search options that shape every site's outputs, as words (parts
/// merge only when these are equal).
fn search_words(args: &StaffArgs) -> Vec<String> {
    vec![
        format!("--group={}", args.group.as_deref().unwrap_or("")),
        format!("--criterion={:?}", args.criterion),
        format!("--max-agents={:?}", args.max_agents),
        format!("--max-passes={}", args.max_passes),
        format!("--shrinkage={:?}", args.shrinkage),
    ]
}

/// The whole `ccsim staff` pipeline: every scenario file is checked
/// first, then staffed in turn (each search on every thread); with
/// `--shard I/N` only a share of the files, written as a partial result.
pub fn execute(args: &StaffArgs) -> Result<(), Error> {
    let inputs: Vec<&Path> = args.scenarios.iter().map(|p| p.as_path()).collect();
    let files: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let outs = StaffOutputs {
        out: args.out.as_ref(),
        json: args.json.as_ref(),
        csv: args.csv.as_ref(),
        report: args.report.as_ref(),
        quiet: args.quiet,
    };
    let range = match args.shard {
        Some(shard) if files.len() == 1 && shard.count > 1 => {
            return Err(Error::Usage(format!(
                "--shard {}/{}: one scenario cannot be staffed in shards: the search is sequential (each interval's decision depends on the figures the previous ones simulate), so {} is staffed whole. Give several scenario files (one per site) and --shard takes a share of them, or leave out --shard (to spread the replications of a check of the staffed scenario, use `ccsim run --shard`)",
                shard.index, shard.count, files[0]
            )));
        }
        Some(shard) => shard.range(files.len() as u64, 1),
        None => 0..files.len() as u64,
    };
    let part_path = match args.shard {
        Some(shard) => {
            if args.out.is_some() || args.csv.is_some() || args.report.is_some() {
                return Err(Error::Usage(
                    "--shard writes a partial result only; merge the parts with `ccsim merge PARTS... --out/--csv/--report` for the staffed scenarios, the CSV or the pages".into(),
                ));
            }
            Some(super::merge::part_path(
                shard,
                &args.scenarios[0],
                &inputs,
                args.partial.as_ref(),
                args.json.as_ref(),
                false,
            )?)
        }
        None => {
            outs.preflight(&inputs, &files)?;
            None
        }
    };
    let jobs = args
        .scenarios
        .iter()
        .map(|p| prepare(args, p))
        .collect::<Result<Vec<_>, _>>()?;
    let (want_toml, want_page) = match args.shard {
        Some(_) => (true, true),
        None => (args.out.is_some(), args.report.is_some()),
    };
    let mine = range.start as usize..range.end as usize;
    let mut sites = Vec::new();
    for (path, job) in args.scenarios[mine.clone()].iter().zip(&jobs[mine]) {
        sites.push(staff_site(args, path, job, want_toml, want_page)?);
    }
    let (Some(shard), Some(path)) = (args.shard, part_path) else {
        return outs.publish(&sites, &inputs);
    };
    let mut others = Vec::new();
    for p in &args.scenarios[1..] {
        others.push(crate::shard::Input {
            file: p.display().to_string(),
            text: scenario::read_text(p)?,
        });
    }
    let mut part = crate::shard::Partial::new(
        "staff",
        &jobs[0].sc,
        &args.scenarios[0],
        &scenario::read_text(&args.scenarios[0])?,
        shard,
        crate::shard::Split::Scenarios,
        files.len() as u64,
        range,
        crate::shard::Options {
            replications: args.sim.replications,
            seed: args.sim.seed,
            scenarios: others,
            search: search_words(args),
            ..Default::default()
        },
    );
    part.sites = sites;
    super::merge::write_part(&part, &path, &inputs, args.quiet)
}

/// `ccsim merge` of `ccsim staff` parts: writes every site's outputs as
/// the unsharded command does.
pub fn publish_merged(sites: &[Site], outs: &StaffOutputs, inputs: &[&Path]) -> Result<(), Error> {
    let files: Vec<String> = sites.iter().map(|s| s.file.clone()).collect();
    outs.preflight(inputs, &files)?;
    outs.publish(sites, inputs)
}
