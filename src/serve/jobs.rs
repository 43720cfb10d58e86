//! Runs: each on a thread of its own, polled by the page for its progress
//! and result. A client (one browser tab, see [`super::routes`]) has at
//! most one run going at a time; a run is cancelled when asked, or when
//! its client has not polled it for [`limits::LEASE_SECONDS`] (the tab was
//! closed or the network went away). Finished runs keep their report and
//! the rendered downloads in memory (nothing is written to disk); the
//! oldest are forgotten beyond [`limits::KEPT_RUNS`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

use super::limits;
use crate::plot::Series;
use crate::report::{self, RunReport};
use crate::scenario::ValidScenario;

/// What a finished run yields: the report, its charts and the downloads.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The report (the JSON contract of `ccsim run --json`).
    pub report: RunReport,
    /// The four charts `ccsim run --charts` draws, as `{name, svg}`.
    pub charts: Vec<serde_json::Value>,
    /// The table `ccsim run` prints.
    pub table: String,
    /// `ccsim run --json` bytes.
    pub json: Vec<u8>,
    /// `ccsim run --csv` bytes.
    pub csv: Vec<u8>,
    /// `ccsim run --report` page.
    pub html: String,
    /// The scenario text that ran.
    pub scenario: String,
}

/// Where a run stands.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Simulating.
    Running,
    /// Done, with its results.
    Done(Arc<Finished>),
    /// Cancelled (by the client, or because it went away).
    Cancelled(String),
    /// Failed (e.g. a chart could not be drawn).
    Failed(String),
}

/// One run.
pub struct Job {
    /// The client that started it.
    pub client: String,
    /// Replications done.
    pub done: AtomicU64,
    /// Replications in all.
    pub total: u64,
    /// Set to stop it.
    pub stop: AtomicBool,
    /// Milliseconds since the registry started at the last poll.
    pub seen_ms: AtomicU64,
    /// Its stage.
    pub stage: Mutex<Stage>,
    /// A short name for downloads (the scenario's name as a file stem).
    pub stem: String,
}

/// Every run of this server.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    jobs: Mutex<BTreeMap<u64, Arc<Job>>>,
    epoch: EpochStart,
    lease_ms: AtomicU64,
}

struct EpochStart(Instant);

impl Default for EpochStart {
    fn default() -> Self {
        EpochStart(Instant::now())
    }
}

/// What `GET /api/run/{id}` answers.
#[derive(Debug, Serialize)]
pub struct Progress {
    /// The run's id.
    pub id: u64,
    /// `running`, `done`, `cancelled` or `failed`.
    pub state: &'static str,
    /// Replications done.
    pub done: u64,
    /// Replications in all.
    pub total: u64,
    /// Why it was cancelled or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The results, once done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Jobs {
    /// Sets how long a run may go unpolled before it is cancelled
    /// (default [`limits::LEASE_SECONDS`]).
    pub fn set_lease(&self, seconds: f64) {
        self.lease_ms
            .store((seconds * 1000.0).max(1.0) as u64, Ordering::Relaxed);
    }

    fn lease_ms(&self) -> u64 {
        match self.lease_ms.load(Ordering::Relaxed) {
            0 => (limits::LEASE_SECONDS * 1000.0) as u64,
            ms => ms,
        }
    }

    fn now_ms(&self) -> u64 {
        self.epoch.0.elapsed().as_millis() as u64
    }

    /// Starts `sc` (its text `text`) for `client`; `Err` if the client
    /// already has a run going.
    pub fn start(
        self: &Arc<Self>,
        client: &str,
        sc: ValidScenario,
        text: String,
    ) -> Result<u64, String> {
        let job = {
            let mut jobs = lock(&self.jobs);
            if let Some((id, _)) = jobs
                .iter()
                .find(|(_, j)| j.client == client && matches!(*lock(&j.stage), Stage::Running))
            {
                return Err(format!(
                    "run {id} of yours is still going: cancel it or wait for it (one run per client at a time)"
                ));
            }
            let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
            let job = Arc::new(Job {
                client: client.to_string(),
                done: AtomicU64::new(0),
                total: u64::from(sc.replications),
                stop: AtomicBool::new(false),
                seen_ms: AtomicU64::new(self.now_ms()),
                stage: Mutex::new(Stage::Running),
                stem: crate::plot::default_dir(&sc.name)
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "scenario".into()),
            });
            jobs.insert(id, Arc::clone(&job));
            // Forget the oldest finished runs beyond the budget.
            let finished: Vec<u64> = jobs
                .iter()
                .filter(|(_, j)| !matches!(*lock(&j.stage), Stage::Running))
                .map(|(id, _)| *id)
                .collect();
            for old in finished
                .iter()
                .take(finished.len().saturating_sub(limits::KEPT_RUNS))
            {
                jobs.remove(old);
            }
            (id, job)
        };
        let (id, job) = job;
        let me = Arc::clone(self);
        std::thread::spawn(move || {
            let stage = me.simulate(&job, &sc, text);
            *lock(&job.stage) = stage;
        });
        Ok(id)
    }

    fn simulate(&self, job: &Job, sc: &ValidScenario, text: String) -> Stage {
        let lease = self.lease_ms();
        let on_done = || {
            job.done.fetch_add(1, Ordering::Relaxed);
            if self
                .now_ms()
                .saturating_sub(job.seen_ms.load(Ordering::Relaxed))
                > lease
            {
                job.stop.store(true, Ordering::Relaxed);
            }
        };
        let sim = crate::simulation::simulate_cancellable(sc, &on_done, &job.stop, |_, _, _| {});
        let Some(sim) = sim else {
            let gone = self
                .now_ms()
                .saturating_sub(job.seen_ms.load(Ordering::Relaxed))
                > lease;
            return Stage::Cancelled(if gone {
                format!(
                    "cancelled: the client stopped asking for {:.1} s",
                    lease as f64 / 1000.0
                )
            } else {
                "cancelled by the client".into()
            });
        };
        match finish(sc, &sim, text) {
            Ok(f) => Stage::Done(Arc::new(f)),
            Err(e) => Stage::Failed(e),
        }
    }

    /// The run `id` if it exists.
    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        lock(&self.jobs).get(&id).cloned()
    }

    /// Where run `id` stands (renewing its lease).
    pub fn poll(&self, id: u64) -> Option<Progress> {
        let job = self.get(id)?;
        job.seen_ms.store(self.now_ms(), Ordering::Relaxed);
        let stage = lock(&job.stage).clone();
        let (state, message, result) = match stage {
            Stage::Running => ("running", None, None),
            Stage::Cancelled(m) => ("cancelled", Some(m), None),
            Stage::Failed(m) => ("failed", Some(m), None),
            Stage::Done(f) => (
                "done",
                None,
                Some(serde_json::json!({
                    "report": f.report,
                    "charts": f.charts,
                    "table": f.table,
                })),
            ),
        };
        Some(Progress {
            id,
            state,
            done: job.done.load(Ordering::Relaxed).min(job.total),
            total: job.total,
            message,
            result,
        })
    }

    /// Asks run `id` to stop; `false` if there is no such run.
    pub fn cancel(&self, id: u64) -> bool {
        match self.get(id) {
            Some(job) => {
                job.stop.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// Renders everything a finished run offers (nothing is written).
fn finish(
    sc: &ValidScenario,
    sim: &crate::simulation::Simulated,
    text: String,
) -> Result<Finished, String> {
    let report = RunReport::from_simulated(sc, sim);
    let series = [Series {
        label: &report.scenario,
        report: &report,
        waits: &sim.waits,
    }];
    let charts = super::api::svgs(&series, false)?;
    let html = report::html::run::render(sc, &series[0], "scenario", &text)?;
    let csv = report::csv::render(&report).map_err(|e| e.to_string())?;
    let json = serde_json::to_vec_pretty(&report).map_err(|e| e.to_string())?;
    let table = report::table::render(&report);
    Ok(Finished {
        report,
        charts,
        table,
        json,
        csv,
        html,
        scenario: text,
    })
}
