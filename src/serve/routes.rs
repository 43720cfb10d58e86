//! The URL map of the workbench (every route documented in docs/serve.md).
//!
//! | method | path | answer |
//! |---|---|---|
//! | GET | `/`, `/app.js`, `/style.css` | the page |
//! | GET | `/api/scenarios` | shipped scenarios: id, name, description |
//! | GET | `/api/scenarios/{id}` | one scenario's text |
//! | POST | `/api/validate` `{toml}` | problems at their TOML paths, the form, a summary |
//! | POST | `/api/edit` `{toml, path, value}` | the text with one key set, validated |
//! | POST | `/api/run` `{toml, replications?, seed?}` | 202 `{id, total}`: a run started |
//! | GET | `/api/run/{id}` | progress; the report, table and charts once done |
//! | POST | `/api/run/{id}/cancel` | stops it |
//! | GET | `/api/run/{id}/download/{json,csv,html,toml}` | the files `ccsim run` writes |
//! | POST | `/api/compare` `{scenarios: [{toml, label?}], replications?, seed?}` | paired comparison |
//! | POST | `/api/staff` `{toml, group?, replications?, criterion?}` | Erlang C, Erlang A, simulation per interval |
//! | POST | `/api/whatif` `{toml, group?, calls_factor?, aht_seconds?, patience_seconds?, agents?}` | formulas and quick simulation |
//! | GET | `/api/lessons`, `/api/lessons/{id}` | the lesson gallery |

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::http::Reply;
use super::jobs::{Jobs, Stage};
use super::{api, assets, lessons, limits, whatif};

/// What the server keeps between requests: the runs.
#[derive(Default)]
pub struct State {
    /// Every run.
    pub jobs: Arc<Jobs>,
}

/// Body of `POST /api/run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunBody {
    /// Scenario text.
    pub toml: String,
    /// Replications (default: the scenario's).
    pub replications: Option<u32>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Reply> {
    serde_json::from_slice(body).map_err(|e| {
        Reply::error(
            400,
            &format!("the request is not the JSON this route takes: {e}"),
        )
    })
}

/// Answers one request.
pub fn route(state: &State, method: &str, url: &str, body: &[u8], client: &str) -> Reply {
    let path = url.split('?').next().unwrap_or("");
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let answer = match (method, parts.as_slice()) {
        ("GET", [""]) | ("GET", ["index.html"]) => Ok(Reply::bytes(
            "text/html; charset=utf-8",
            assets::INDEX_HTML.into(),
        )),
        ("GET", ["app.js"]) => Ok(Reply::bytes(
            "text/javascript; charset=utf-8",
            assets::APP_JS.into(),
        )),
        ("GET", ["style.css"]) => Ok(Reply::bytes(
            "text/css; charset=utf-8",
            assets::STYLE_CSS.into(),
        )),
        ("GET", ["api", "scenarios"]) => Ok(api::scenarios()),
        ("GET", ["api", "scenarios", id]) => Ok(api::scenario_text(id)),
        ("POST", ["api", "validate"]) => {
            parse::<api::TomlBody>(body).map(|b| Reply::json(&api::validation(&b.toml)))
        }
        ("POST", ["api", "edit"]) => parse::<api::EditBody>(body).map(|b| api::edit(&b)),
        ("POST", ["api", "run"]) => parse::<RunBody>(body).map(|b| start_run(state, &b, client)),
        ("GET", ["api", "run", id]) => Ok(with_id(id, |id| match state.jobs.poll(id) {
            Some(p) => Reply::json(&p),
            None => no_run(id),
        })),
        ("POST", ["api", "run", id, "cancel"]) | ("DELETE", ["api", "run", id]) => {
            Ok(with_id(id, |id| {
                if state.jobs.cancel(id) {
                    Reply::json(&serde_json::json!({ "id": id, "cancelling": true }))
                } else {
                    no_run(id)
                }
            }))
        }
        ("GET", ["api", "run", id, "download", what]) => {
            Ok(with_id(id, |id| download(state, id, what)))
        }
        ("POST", ["api", "compare"]) => parse::<api::CompareBody>(body).map(|b| api::compare(&b)),
        ("POST", ["api", "staff"]) => parse::<api::StaffBody>(body).map(|b| api::staff_group(&b)),
        ("POST", ["api", "whatif"]) => {
            parse::<whatif::WhatIfBody>(body).map(|b| whatif::what_if(&b))
        }
        ("GET", ["api", "lessons"]) => Ok(lessons::list()),
        ("GET", ["api", "lessons", id]) => Ok(lessons::one(id)),
        ("GET", ["api", "limits"]) => Ok(Reply::json(&serde_json::json!({
            "max_body_bytes": limits::MAX_BODY_BYTES,
            "max_replications": limits::MAX_REPLICATIONS,
            "max_horizon_days": limits::MAX_HORIZON_SECONDS / 86_400.0,
            "max_run_calls": limits::MAX_RUN_CALLS,
            "max_staff_replications": limits::MAX_STAFF_REPLICATIONS,
            "max_staff_calls": limits::MAX_STAFF_CALLS,
            "max_compare_scenarios": limits::MAX_COMPARE_SCENARIOS,
            "whatif_calls": limits::WHATIF_CALLS,
            "lease_seconds": limits::LEASE_SECONDS,
        }))),
        (_, ["api", ..]) => Ok(Reply::error(
            404,
            &format!("no route {method} {path} (see docs/serve.md)"),
        )),
        _ => Ok(Reply::error(404, &format!("nothing at {path}"))),
    };
    answer.unwrap_or_else(|r| r)
}

fn with_id(id: &str, f: impl FnOnce(u64) -> Reply) -> Reply {
    match id.parse::<u64>() {
        Ok(id) => f(id),
        Err(_) => Reply::error(404, &format!("\"{id}\" is not a run id")),
    }
}

fn no_run(id: u64) -> Reply {
    Reply::error(
        404,
        &format!(
            "no run {id} (finished runs are forgotten after {} newer ones)",
            limits::KEPT_RUNS
        ),
    )
}

fn start_run(state: &State, b: &RunBody, client: &str) -> Reply {
    let (_, mut sc) = match api::checked(&b.toml) {
        Ok(x) => x,
        Err(problems) => return api::invalid(problems, None),
    };
    if let Some(r) = b.replications {
        sc.replications = r;
    }
    if let Some(s) = b.seed {
        sc.seed = s;
    }
    if let Err(e) = limits::check(&sc, sc.replications, limits::MAX_RUN_CALLS) {
        return Reply::error(413, &e);
    }
    let total = sc.replications;
    match state.jobs.start(client, sc, b.toml.clone()) {
        Ok(id) => Reply::json_status(202, &serde_json::json!({ "id": id, "total": total })),
        Err(e) => Reply::error(409, &e),
    }
}

fn download(state: &State, id: u64, what: &str) -> Reply {
    let Some(job) = state.jobs.get(id) else {
        return no_run(id);
    };
    let stage = job
        .stage
        .lock()
        .map(|s| s.clone())
        .unwrap_or_else(|p| p.into_inner().clone());
    let Stage::Done(f) = stage else {
        return Reply::error(409, &format!("run {id} has not finished"));
    };
    let stem = &job.stem;
    match what {
        "json" => Reply::download("application/json", f.json.clone(), format!("{stem}.json")),
        "csv" => Reply::download(
            "text/csv; charset=utf-8",
            f.csv.clone(),
            format!("{stem}.csv"),
        ),
        "html" => Reply::download(
            "text/html; charset=utf-8",
            f.html.clone().into_bytes(),
            format!("{stem}.html"),
        ),
        "toml" => Reply::download(
            "application/toml",
            f.scenario.clone().into_bytes(),
            format!("{stem}.toml"),
        ),
        other => Reply::error(
            404,
            &format!("download \"{other}\": use json, csv, html or toml"),
        ),
    }
}
