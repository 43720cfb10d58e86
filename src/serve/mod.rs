//! `ccsim serve`: the workbench in the browser. A small HTTP server
//! ([tiny_http], blocking, a few worker threads) serves one static page
//! embedded in the binary ([`assets`]) and a JSON API ([`routes`]) whose
//! handlers call the same library functions the commands call: scenario
//! parsing and validation, the simulation, the reports and charts, the
//! comparison, the staffing search and the Erlang formulas. The page
//! computes nothing of its own; it shows what the API returns.
//!
//! Why tiny_http and not axum on tokio: the workbench serves one planner
//! or one classroom on a local machine, a handful of requests at a time,
//! and the work behind every request is CPU-bound simulation on rayon; an
//! async runtime would add some sixty crates and minutes of build time on
//! small machines for no gain. Every request runs on one of
//! [`WORKERS`] threads; runs, which take longer, go to a thread of their
//! own and are polled ([`jobs`]).
//!
//! Safety: the server binds 127.0.0.1 unless told otherwise and has no
//! authentication; request bodies, replications, horizon and simulated
//! calls are capped per request ([`limits`]); every client has at most one
//! run at a time, which is cancelled when the client stops polling it; the
//! server writes no file at all (downloads are rendered in memory); a
//! scenario that does not parse or validate is an answer with its problems
//! (HTTP 422), never a server error.

pub mod api;
pub mod assets;
pub mod chart;
pub mod edit;
pub mod http;
pub mod jobs;
pub mod lessons;
pub mod limits;
pub mod routes;
pub mod whatif;

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::Error;

/// Threads answering requests at once.
pub const WORKERS: usize = 8;

/// A bound server, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    state: Arc<routes::State>,
}

/// A server answering on background threads (for tests and embedding);
/// dropping it stops the server.
pub struct Handle {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds `host:port` (port 0: any free port).
    pub fn bind(host: &str, port: u16) -> Result<Server, Error> {
        let fail = |e: String| Error::Usage(format!("cannot listen on {host}:{port}: {e}"));
        let listener = TcpListener::bind((host, port)).map_err(|e| fail(e.to_string()))?;
        let addr = listener.local_addr().map_err(|e| fail(e.to_string()))?;
        let http =
            tiny_http::Server::from_listener(listener, None).map_err(|e| fail(e.to_string()))?;
        Ok(Server {
            http: Arc::new(http),
            addr,
            state: Arc::new(routes::State::default()),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Cancels a run once its client has not polled it for `seconds`
    /// (default [`limits::LEASE_SECONDS`]; tests use less).
    pub fn with_lease(self, seconds: f64) -> Server {
        self.state.jobs.set_lease(seconds);
        self
    }

    /// Answers requests on [`WORKERS`] threads until the process ends.
    pub fn run(self) -> Result<(), Error> {
        let mut handle = self.spawn();
        for t in std::mem::take(&mut handle.threads) {
            let _ = t.join();
        }
        Ok(())
    }

    /// Answers requests on background threads until the handle is dropped.
    pub fn spawn(self) -> Handle {
        let stopping = Arc::new(AtomicBool::new(false));
        let threads = (0..WORKERS)
            .map(|_| {
                let http = Arc::clone(&self.http);
                let state = Arc::clone(&self.state);
                let stopping = Arc::clone(&stopping);
                std::thread::spawn(move || worker(&http, &state, &stopping))
            })
            .collect();
        Handle {
            http: self.http,
            addr: self.addr,
            stopping,
            threads,
        }
    }
}

impl Handle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in &self.threads {
            self.http.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn worker(http: &tiny_http::Server, state: &routes::State, stopping: &AtomicBool) {
    while !stopping.load(Ordering::SeqCst) {
        let Ok(request) = http.recv() else { break };
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        answer(request, state);
    }
}

/// Reads one request (its body capped), routes it and sends the reply.
fn answer(mut request: tiny_http::Request, state: &routes::State) {
    let method = request.method().as_str().to_ascii_uppercase();
    let url = request.url().to_string();
    let client = client_of(&request);
    let reply = if request
        .body_length()
        .is_some_and(|n| n > limits::MAX_BODY_BYTES)
    {
        http::Reply::too_large()
    } else {
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(limits::MAX_BODY_BYTES as u64 + 1)
            .read_to_end(&mut body);
        match read {
            Err(e) => http::Reply::error(400, &format!("cannot read the request body: {e}")),
            Ok(_) if body.len() > limits::MAX_BODY_BYTES => http::Reply::too_large(),
            Ok(_) => routes::route(state, &method, &url, &body, &client),
        }
    };
    let _ = request.respond(reply.into_response());
}

/// Who is asking: the page's `X-Ccsim-Client` header (one per browser tab),
/// or else the remote address.
fn client_of(request: &tiny_http::Request) -> String {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv("X-Ccsim-Client"))
        .map(|h| h.value.as_str().chars().take(64).collect())
        .or_else(|| request.remote_addr().map(|a| a.ip().to_string()))
        .unwrap_or_default()
}
