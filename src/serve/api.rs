//! The API handlers that answer at once: shipped scenarios, validation,
//! form edits, comparisons and staffing. Each calls the library functions
//! the matching command calls (`ccsim check`, `ccsim compare`, `ccsim
//! staff`) and returns their report structs as JSON.

use serde::{Deserialize, Serialize};

use super::edit::{self, Field};
use super::http::Reply;
use super::{assets, limits};
use crate::compare::{self, Comparison};
use crate::error::Problem;
use crate::planner::{staff, Criterion, StaffOptions};
use crate::plot::{self, Series};
use crate::scenario::{self, RawScenario, ValidScenario};

/// A problem of a scenario, for the page to show at its field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemOut {
    /// TOML path of the key (`groups[0].agents`; empty for the whole file).
    pub path: String,
    /// Line in the text, where the parser knows it.
    pub line: Option<u32>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ProblemOut {
    /// From the library's problem, whose path may end in ` (line N)`.
    pub fn of(p: &Problem) -> ProblemOut {
        let (path, line) = match p.path.rsplit_once(" (line ") {
            Some((path, rest)) => (
                path.to_string(),
                rest.trim_end_matches(')').parse::<u32>().ok(),
            ),
            None if p.path.starts_with("(line ") => (
                String::new(),
                p.path
                    .trim_start_matches("(line ")
                    .trim_end_matches(')')
                    .parse::<u32>()
                    .ok(),
            ),
            None => (p.path.clone(), None),
        };
        ProblemOut {
            path,
            line,
            message: p.message.clone(),
        }
    }
}

/// The answer of `POST /api/validate` and `POST /api/edit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// Whether the scenario parses and validates.
    pub ok: bool,
    /// Every problem, in file order.
    pub problems: Vec<ProblemOut>,
    /// The scenario text (after the edit, for `edit`).
    pub toml: String,
    /// The main keys for the form (`null` when the text is not TOML).
    pub form: Option<Vec<Field>>,
    /// A one-line summary of a valid scenario (as `ccsim check` prints).
    pub summary: Option<String>,
    /// Group names of a valid scenario.
    pub groups: Vec<String>,
}

/// Parses and validates scenario text; `Err` holds every problem.
pub fn checked(text: &str) -> Result<(RawScenario, ValidScenario), Vec<ProblemOut>> {
    let raw = scenario::parse_all(text)
        .map_err(|ps| ps.iter().map(ProblemOut::of).collect::<Vec<_>>())?;
    if raw.arrivals.file.is_some() {
        // The workbench reads nothing from the server's disk.
        let p = crate::error::Problem {
            path: "arrivals.file".into(),
            message: "the workbench reads no files: put the calls in calls_per_interval (one value per interval), or run this scenario with the command line".into(),
        };
        return Err(vec![ProblemOut::of(&p)]);
    }
    let sc =
        scenario::validate(&raw).map_err(|ps| ps.iter().map(ProblemOut::of).collect::<Vec<_>>())?;
    Ok((raw, sc))
}

/// 422 with the problems of a scenario (`which` names it in a comparison).
pub fn invalid(problems: Vec<ProblemOut>, which: Option<usize>) -> Reply {
    Reply::json_status(
        422,
        &serde_json::json!({
            "error": "the scenario has problems",
            "scenario": which,
            "problems": problems,
        }),
    )
}

/// The validation of `text`.
pub fn validation(text: &str) -> Validation {
    let form = edit::form(text);
    match checked(text) {
        Ok((_, sc)) => Validation {
            ok: true,
            problems: Vec::new(),
            toml: text.to_string(),
            form,
            summary: Some(summary(&sc)),
            groups: sc.groups.iter().map(|g| g.name.clone()).collect(),
        },
        Err(problems) => Validation {
            ok: false,
            problems,
            toml: text.to_string(),
            form,
            summary: None,
            groups: Vec::new(),
        },
    }
}

fn summary(sc: &ValidScenario) -> String {
    let h = sc.horizon;
    format!(
        "valid: \"{}\", {} intervals of {} min from {}, {:.0} calls expected per replication, {} group(s), {} replications, seed {}",
        sc.name,
        h.intervals,
        h.interval / 60.0,
        h.label(0),
        limits::calls_per_replication(sc),
        sc.groups.len(),
        sc.replications,
        sc.seed
    )
}

/// `GET /api/scenarios`: every shipped scenario's id, name and description.
pub fn scenarios() -> Reply {
    let list: Vec<serde_json::Value> = assets::SCENARIOS
        .iter()
        .map(|(id, text)| {
            let (name, description) = match scenario::parse(text) {
                Ok(raw) => (raw.name.clone(), raw.description.clone()),
                Err(_) => (id.to_string(), String::new()),
            };
            serde_json::json!({ "id": id, "name": name, "description": description })
        })
        .collect();
    Reply::json(&list)
}

/// `GET /api/scenarios/{id}`: its text.
pub fn scenario_text(id: &str) -> Reply {
    match assets::scenario(id) {
        Some(text) => Reply::json(&serde_json::json!({ "id": id, "toml": text })),
        None => Reply::error(404, &format!("no shipped scenario \"{id}\"")),
    }
}

/// Body of `POST /api/validate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TomlBody {
    /// Scenario text.
    pub toml: String,
}

/// Body of `POST /api/edit`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// Scenario text.
    pub toml: String,
    /// Key path, as in the form.
    pub path: String,
    /// The value as typed.
    pub value: String,
}

/// `POST /api/edit`: sets one key and validates the result.
pub fn edit(body: &EditBody) -> Reply {
    match edit::set(&body.toml, &body.path, &body.value) {
        Ok(text) => Reply::json(&validation(&text)),
        Err(message) => {
            let mut v = validation(&body.toml);
            v.ok = false;
            v.problems.insert(
                0,
                ProblemOut {
                    path: body.path.clone(),
                    line: None,
                    message,
                },
            );
            Reply::json(&v)
        }
    }
}

/// One scenario of a comparison.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedToml {
    /// Label (default: the scenario's name).
    pub label: Option<String>,
    /// Scenario text.
    pub toml: String,
}

/// Body of `POST /api/compare`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareBody {
    /// Two or more scenarios; the first is the baseline.
    pub scenarios: Vec<NamedToml>,
    /// Replications (default: the first scenario's).
    pub replications: Option<u32>,
    /// Seed (default: the first scenario's).
    pub seed: Option<u64>,
}

/// `POST /api/compare`: as `ccsim compare`, with the overlay charts as SVG.
pub fn compare(body: &CompareBody) -> Reply {
    let n = body.scenarios.len();
    if !(2..=limits::MAX_COMPARE_SCENARIOS).contains(&n) {
        return Reply::error(
            400,
            &format!(
                "a comparison takes 2 to {} scenarios, not {n}",
                limits::MAX_COMPARE_SCENARIOS
            ),
        );
    }
    let mut scenarios = Vec::with_capacity(n);
    for (i, s) in body.scenarios.iter().enumerate() {
        match checked(&s.toml) {
            Ok((_, sc)) => scenarios.push(sc),
            Err(problems) => return invalid(problems, Some(i)),
        }
    }
    let reps = body.replications.unwrap_or(scenarios[0].replications);
    for sc in &scenarios {
        if let Err(e) = limits::check(sc, reps, limits::MAX_RUN_CALLS / n as f64) {
            return Reply::error(413, &format!("\"{}\": {e}", sc.name));
        }
    }
    let mut labels: Vec<String> = body
        .scenarios
        .iter()
        .zip(&scenarios)
        .map(|(s, sc)| s.label.clone().unwrap_or_else(|| sc.name.clone()))
        .collect();
    for i in 0..labels.len() {
        if labels[..i].contains(&labels[i]) {
            labels[i] = format!("{} ({})", labels[i], i + 1);
        }
    }
    let compared = match compare::run_all(&mut scenarios, Some(reps), body.seed, &|| {}) {
        Ok(c) => c,
        Err(e) => return Reply::error(400, &e.to_string()),
    };
    let cmp = Comparison::new(&scenarios, &labels, &compared);
    let series: Vec<Series> = compared
        .runs
        .iter()
        .zip(&labels)
        .map(|(run, label)| Series {
            label,
            report: &run.report,
            waits: &run.sim.waits,
        })
        .collect();
    let charts = match svgs(&series, true) {
        Ok(c) => c,
        Err(e) => return Reply::error(500, &e),
    };
    Reply::json(&serde_json::json!({
        "comparison": cmp,
        "table": compare::table(&cmp),
        "charts": charts,
    }))
}

/// The charts of `series` as `{name, svg}` (the same SVG `--charts` writes).
pub fn svgs(series: &[Series], overlay: bool) -> Result<Vec<serde_json::Value>, String> {
    plot::charts_of(series, overlay)
        .into_iter()
        .map(|(name, chart)| {
            plot::render_svg(&chart).map(|svg| serde_json::json!({ "name": name, "svg": svg }))
        })
        .collect()
}

/// Body of `POST /api/staff`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffBody {
    /// Scenario text.
    pub toml: String,
    /// Group to staff (default: the first).
    pub group: Option<String>,
    /// Replications per candidate staffing (default: the scenario's, capped).
    pub replications: Option<u32>,
    /// `"mean"` (default) or `"lower"`.
    pub criterion: Option<String>,
}

/// `POST /api/staff`: as `ccsim staff`: Erlang C, Erlang A and simulation
/// per interval side by side.
pub fn staff_group(body: &StaffBody) -> Reply {
    let (_, mut sc) = match checked(&body.toml) {
        Ok(x) => x,
        Err(problems) => return invalid(problems, None),
    };
    let group = match &body.group {
        None => 0,
        Some(name) => match sc.groups.iter().position(|g| &g.name == name) {
            Some(g) => g,
            None => return Reply::error(400, &format!("the scenario has no group \"{name}\"")),
        },
    };
    let criterion = match body.criterion.as_deref() {
        None | Some("mean") => Criterion::Mean,
        Some("lower") => Criterion::Lower,
        Some(other) => {
            return Reply::error(
                400,
                &format!("criterion \"{other}\": use \"mean\" or \"lower\""),
            )
        }
    };
    let reps = body
        .replications
        .unwrap_or(sc.replications.min(limits::MAX_STAFF_REPLICATIONS));
    if reps > limits::MAX_STAFF_REPLICATIONS {
        return Reply::error(
            413,
            &format!(
                "{reps} replications per staffing asked; the workbench uses at most {} (use `ccsim staff` for more)",
                limits::MAX_STAFF_REPLICATIONS
            ),
        );
    }
    if criterion == Criterion::Lower && reps < 2 {
        return Reply::error(400, "criterion \"lower\" needs at least 2 replications");
    }
    if let Err(e) = limits::check(&sc, reps, limits::MAX_STAFF_CALLS) {
        return Reply::error(413, &e);
    }
    sc.replications = reps;
    let opts = StaffOptions {
        group,
        criterion,
        replications: reps,
        max_agents: None,
        max_passes: 4,
    };
    let plan = staff(&sc, &opts);
    let report = crate::report::staff::build_report(&sc, &plan, group, criterion, reps);
    Reply::json(&serde_json::json!({
        "staff": report,
        "table": crate::report::staff::render_table(&report),
    }))
}
