//! `ccsim serve`: the JSON API on a server bound to 127.0.0.1, port 0,
//! inside the test process (stopped when the handle drops). Every endpoint
//! on a shipped scenario, bad TOML, an oversized body, cancelled runs
//! (asked, and the client gone away) and concurrent clients. Answers are
//! compared with the library functions the CLI calls, computed here.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use ccsim::serve::{Handle, Server};
use serde_json::{json, Value};

fn shipped(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/scenarios/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn start() -> Handle {
    Server::bind("127.0.0.1", 0).unwrap().spawn()
}

/// One HTTP/1.1 request (`Connection: close`); status and body.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    client: &str,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nX-Ccsim-Client: {client}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server refusing an oversized body may close before reading it all.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&out[..split]).to_string();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = out[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 4 + n..];
    }
    out
}

fn get(h: &Handle, path: &str) -> (u16, Value) {
    let (s, b) = request(h.addr(), "GET", path, "test", b"");
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn post(h: &Handle, path: &str, client: &str, body: &Value) -> (u16, Value) {
    let (s, b) = request(h.addr(), "POST", path, client, body.to_string().as_bytes());
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

/// Polls run `id` until it is no longer running (bounded).
fn wait(h: &Handle, id: u64) -> Value {
    for _ in 0..2400 {
        let (s, p) = get(h, &format!("/api/run/{id}"));
        assert_eq!(s, 200, "{p}");
        if p["state"] != "running" {
            return p;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("run {id} did not finish");
}

/// `v` as a client reads it from JSON (serde_json's float parsing may
/// differ from the exact value in the last bit).
fn through_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
}

/// The report `ccsim run` builds for `text` with `replications`.
fn direct_report(text: &str, replications: u32) -> ccsim::report::RunReport {
    let raw = ccsim::scenario::parse(text).unwrap();
    let mut sc = ccsim::scenario::validate(&raw).unwrap();
    sc.replications = replications;
    let sim = ccsim::simulation::simulate(&sc, &|| {}, |_, _, _| {});
    ccsim::report::RunReport::from_simulated(&sc, &sim)
}

#[test]
fn the_page_and_the_scenarios_are_served() {
    let h = start();
    let (s, page) = request(h.addr(), "GET", "/", "t", b"");
    assert_eq!(s, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<title>ccsim workbench</title>"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from the network"
    );
    for asset in ["/app.js", "/style.css"] {
        let (s, b) = request(h.addr(), "GET", asset, "t", b"");
        assert_eq!(s, 200, "{asset}");
        assert!(!b.is_empty());
    }
    let (s, list) = get(&h, "/api/scenarios");
    assert_eq!(s, 200);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    for f in std::fs::read_dir(format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().to_string();
        if let Some(stem) = name.strip_suffix(".toml") {
            assert!(ids.contains(&stem), "shipped scenario {stem} is offered");
        }
    }
    let (s, one) = get(&h, "/api/scenarios/erlang-c-classroom");
    assert_eq!(s, 200);
    assert_eq!(one["toml"], shipped("erlang-c-classroom"));
    assert_eq!(get(&h, "/api/scenarios/nope").0, 404);
    assert_eq!(get(&h, "/api/nothing").0, 404);
    let (s, limits) = get(&h, "/api/limits");
    assert_eq!(s, 200);
    assert_eq!(limits["max_body_bytes"], 1 << 20);
}

#[test]
fn validate_and_edit_name_the_field() {
    let h = start();
    let text = shipped("erlang-c-classroom");
    let (s, v) = post(&h, "/api/validate", "t", &json!({ "toml": text }));
    assert_eq!(s, 200);
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .contains("4800 calls expected"));
    assert_eq!(v["groups"], json!(["agents"]));
    let agents = v["form"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "groups[0].agents")
        .unwrap();
    assert_eq!(agents["value"], "12");

    let (s, e) = post(
        &h,
        "/api/edit",
        "t",
        &json!({ "toml": text, "path": "groups[0].agents", "value": "13" }),
    );
    assert_eq!(s, 200);
    assert_eq!(e["ok"], true);
    let edited = e["toml"].as_str().unwrap();
    assert!(edited.contains("agents = 13"));
    assert!(
        edited.contains("# nobody abandons: the Erlang C assumption"),
        "comments kept"
    );

    // A bad value: a validation message at its field, never a server error.
    let (s, e) = post(
        &h,
        "/api/edit",
        "t",
        &json!({ "toml": text, "path": "handle_time.mean_seconds", "value": "-5" }),
    );
    assert_eq!(s, 200);
    assert_eq!(e["ok"], false);
    let p = &e["problems"][0];
    assert_eq!(p["path"], "handle_time.mean_seconds", "{e}");
    assert!(!p["message"].as_str().unwrap().is_empty());
}

#[test]
fn bad_toml_is_a_validation_message_never_a_server_error() {
    let h = start();
    let broken = [
        ("name = ", ""),
        (
            "name = \"x\"\n[[groups]]\nname = \"a\"\nagents = \"many\"\n",
            "groups[0].agents",
        ),
        ("\u{0}\u{1}[[[", ""),
        (
            &*shipped("erlang-c-classroom").replace("agents = 12", "agents = -3"),
            "groups[0].agents",
        ),
        (
            &*shipped("erlang-c-classroom").replace("mean_seconds = 180", "mean_secnds = 180"),
            "handle_time",
        ),
    ];
    for (text, path) in broken {
        let (s, v) = post(&h, "/api/validate", "t", &json!({ "toml": text }));
        assert_eq!(s, 200, "{text:?}: {v}");
        assert_eq!(v["ok"], false, "{text:?}");
        let problems = v["problems"].as_array().unwrap();
        assert!(!problems.is_empty());
        assert!(
            problems
                .iter()
                .any(|p| p["path"].as_str().unwrap().starts_with(path)),
            "{text:?}: {v}"
        );
        for route in ["/api/run", "/api/whatif", "/api/staff"] {
            let (s, r) = post(&h, route, "t", &json!({ "toml": text }));
            assert_eq!(s, 422, "{route} {text:?}: {r}");
            assert!(!r["problems"].as_array().unwrap().is_empty());
        }
        let (s, _) = post(
            &h,
            "/api/compare",
            "t",
            &json!({ "scenarios": [{ "toml": text }, { "toml": text }] }),
        );
        assert_eq!(s, 422);
    }
    // A parse error knows its line.
    let (_, v) = post(
        &h,
        "/api/validate",
        "t",
        &json!({ "toml": "name = \"x\"\nwhat = = 3\n" }),
    );
    assert_eq!(v["problems"][0]["line"], 2, "{v}");
    // Not JSON, or the wrong JSON: 400 with a message.
    let (s, b) = request(h.addr(), "POST", "/api/run", "t", b"{not json");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("not the JSON"));
    assert_eq!(post(&h, "/api/run", "t", &json!({ "tom": "x" })).0, 400);
}

#[test]
fn an_oversized_body_is_refused_and_the_server_goes_on() {
    let h = start();
    let big = format!("{{\"toml\": \"{}\"}}", "#".repeat(2 << 20));
    let (s, b) = request(h.addr(), "POST", "/api/validate", "t", big.as_bytes());
    assert_eq!(s, 413, "{}", String::from_utf8_lossy(&b));
    assert!(String::from_utf8_lossy(&b).contains("1048576 bytes"));
    assert_eq!(get(&h, "/api/scenarios").0, 200);
    // Over the replication and call budget: 413 with the fix.
    let (s, r) = post(
        &h,
        "/api/run",
        "t",
        &json!({ "toml": shipped("erlang-c-classroom"), "replications": 5000 }),
    );
    assert_eq!(s, 413);
    assert!(r["error"].as_str().unwrap().contains("at most 1000"), "{r}");
}

#[test]
fn a_run_reports_what_ccsim_run_reports_and_offers_its_files() {
    let h = start();
    let text = shipped("erlang-c-classroom");
    let (s, r) = post(
        &h,
        "/api/run",
        "t",
        &json!({ "toml": text, "replications": 12 }),
    );
    assert_eq!(s, 202, "{r}");
    let id = r["id"].as_u64().unwrap();
    assert_eq!(r["total"], 12);
    let p = wait(&h, id);
    assert_eq!(p["state"], "done", "{p}");
    assert_eq!(p["done"], 12);
    let direct = direct_report(&text, 12);
    assert!(
        p["result"]["report"] == through_json(&direct),
        "the run's report is not ccsim run's"
    );
    let charts = p["result"]["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 4);
    assert!(charts
        .iter()
        .all(|c| c["svg"].as_str().unwrap().starts_with("<svg")));
    assert_eq!(p["result"]["table"], ccsim::report::table::render(&direct));

    let (s, json_file) = request(
        h.addr(),
        "GET",
        &format!("/api/run/{id}/download/json"),
        "t",
        b"",
    );
    assert_eq!(s, 200);
    assert!(
        json_file == serde_json::to_vec_pretty(&direct).unwrap(),
        "the JSON file is not ccsim run --json's"
    );
    let (s, csv) = request(
        h.addr(),
        "GET",
        &format!("/api/run/{id}/download/csv"),
        "t",
        b"",
    );
    assert_eq!(s, 200);
    assert!(
        csv == ccsim::report::csv::render(&direct).unwrap(),
        "the CSV is not ccsim run --csv's"
    );
    let (s, html) = request(
        h.addr(),
        "GET",
        &format!("/api/run/{id}/download/html"),
        "t",
        b"",
    );
    assert_eq!(s, 200);
    assert!(String::from_utf8_lossy(&html).starts_with("<!DOCTYPE html>"));
    let (s, toml) = request(
        h.addr(),
        "GET",
        &format!("/api/run/{id}/download/toml"),
        "t",
        b"",
    );
    assert_eq!(s, 200);
    assert_eq!(String::from_utf8(toml).unwrap(), text);
    assert_eq!(
        request(
            h.addr(),
            "GET",
            &format!("/api/run/{id}/download/pdf"),
            "t",
            b""
        )
        .0,
        404
    );
    assert_eq!(get(&h, "/api/run/999").0, 404);
}

#[test]
fn a_run_is_cancelled_when_asked_and_when_its_client_goes_away() {
    // A long run: 1000 replications of the hotline weekday (5.4 million calls).
    let h = Server::bind("127.0.0.1", 0)
        .unwrap()
        .with_lease(0.3)
        .spawn();
    let text = shipped("hotline-weekday");
    let body = json!({ "toml": text, "replications": 1000 });
    let (s, r) = post(&h, "/api/run", "alice", &body);
    assert_eq!(s, 202, "{r}");
    let id = r["id"].as_u64().unwrap();
    // One run per client at a time.
    let (s, busy) = post(&h, "/api/run", "alice", &body);
    assert_eq!(s, 409, "{busy}");
    let (s, _) = post(&h, &format!("/api/run/{id}/cancel"), "alice", &json!({}));
    assert_eq!(s, 200);
    let p = wait(&h, id);
    assert_eq!(p["state"], "cancelled", "{p}");
    assert!(p["done"].as_u64().unwrap() < 1000);
    assert!(p["message"].as_str().unwrap().contains("by the client"));
    assert_eq!(
        request(
            h.addr(),
            "GET",
            &format!("/api/run/{id}/download/json"),
            "t",
            b""
        )
        .0,
        409
    );

    // Bob starts a run and never asks again: it stops by itself.
    let (s, r) = post(&h, "/api/run", "bob", &body);
    assert_eq!(s, 202);
    let id = r["id"].as_u64().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let p = wait(&h, id);
    assert_eq!(p["state"], "cancelled", "{p}");
    assert!(
        p["message"].as_str().unwrap().contains("stopped asking"),
        "{p}"
    );
}

#[test]
fn concurrent_clients_each_get_their_own_run() {
    let h = start();
    let text = shipped("erlang-c-classroom");
    let results: Vec<Value> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..3)
            .map(|i| {
                let h = &h;
                let text = &text;
                s.spawn(move || {
                    let client = format!("client-{i}");
                    // Validation requests in between runs.
                    for _ in 0..3 {
                        assert_eq!(
                            post(h, "/api/validate", &client, &json!({ "toml": text })).0,
                            200
                        );
                    }
                    let (st, r) = post(
                        h,
                        "/api/run",
                        &client,
                        &json!({ "toml": text, "replications": 8, "seed": 5 }),
                    );
                    assert_eq!(st, 202, "{r}");
                    wait(h, r["id"].as_u64().unwrap())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for p in &results {
        assert_eq!(p["state"], "done");
        assert!(
            p["result"]["report"] == results[0]["result"]["report"],
            "same scenario, same seed, same report"
        );
    }
    let ids: std::collections::BTreeSet<u64> =
        results.iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), 3);
}

#[test]
fn compare_staff_and_what_if_call_the_library() {
    let h = start();
    let a = shipped("erlang-c-classroom");
    let b = a.replace("agents = 12", "agents = 13");
    let (s, c) = post(
        &h,
        "/api/compare",
        "t",
        &json!({ "scenarios": [{ "toml": a }, { "toml": b, "label": "13 agents" }], "replications": 10 }),
    );
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        c["comparison"]["scenarios"],
        json!(["Erlang C classroom", "13 agents"])
    );
    let sl = &c["comparison"]["figures"]["service_level"];
    assert!(sl["differences"][0].is_null());
    assert!(
        sl["differences"][1]["mean"].as_f64().unwrap() > 0.0,
        "one more agent serves better"
    );
    assert_eq!(c["charts"].as_array().unwrap().len(), 3);
    assert_eq!(
        post(
            &h,
            "/api/compare",
            "t",
            &json!({ "scenarios": [{ "toml": a }] })
        )
        .0,
        400
    );

    let (s, st) = post(
        &h,
        "/api/staff",
        "t",
        &json!({ "toml": a, "replications": 10 }),
    );
    assert_eq!(s, 200, "{st}");
    let raw = ccsim::scenario::parse(&a).unwrap();
    let sc = ccsim::scenario::validate(&raw).unwrap();
    for (k, i) in st["staff"]["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let (c, ea) = ccsim::planner::erlang::requirements(&sc, k);
        assert_eq!(i["erlang_c_agents"], json!(c.map(|f| f.agents)));
        assert_eq!(i["erlang_a_agents"], json!(ea.map(|f| f.agents)));
        assert!(i["agents"].as_u64().unwrap() >= 1);
    }
    assert_eq!(
        post(
            &h,
            "/api/staff",
            "t",
            &json!({ "toml": a, "group": "nobody" })
        )
        .0,
        400
    );

    let (s, w) = post(&h, "/api/whatif", "t", &json!({ "toml": a, "agents": 13 }));
    assert_eq!(s, 200, "{w}");
    assert_eq!(w["agents"], 13);
    let formula = ccsim::analytic::erlang_c_figures(200.0 / 3600.0, 180.0, 13, 20.0).unwrap();
    let close = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-12;
    // The day's figure is the call-weighted mean over 22 equal intervals: equal to rounding.
    assert!(
        close(&w["erlang_c"]["service_level"], formula.service_level),
        "{}",
        w["erlang_c"]
    );
    let sim = &w["simulation"]["service_level"];
    let (lo, hi) = (
        sim["ci95"][0].as_f64().unwrap(),
        sim["ci95"][1].as_f64().unwrap(),
    );
    assert!(
        lo <= formula.service_level && formula.service_level <= hi,
        "simulation {sim} against Erlang C {}",
        formula.service_level
    );
    let curve = w["curve"].as_array().unwrap();
    let at12 = curve.iter().find(|p| p["agents"] == 12).unwrap();
    let f12 = ccsim::analytic::erlang_c_figures(200.0 / 3600.0, 180.0, 12, 20.0).unwrap();
    assert!(close(&at12["erlang_c"], f12.service_level));
    assert!(
        curve
            .iter()
            .any(|p| p["agents"] == 10 && p["erlang_c"].is_null()),
        "10 Erlangs on 10 agents: no steady state"
    );
    assert!(w["points"].as_array().unwrap().len() >= 3);
    assert!(w["chart"].as_str().unwrap().starts_with("<svg"));
    assert!(w["simulated_calls"].as_f64().unwrap() <= 2.0 * ccsim::serve::limits::WHATIF_CALLS);
    // More calls, less service; patience makes Erlang A differ from Erlang C.
    let (_, busier) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": a, "agents": 13, "calls_factor": 1.1 }),
    );
    assert!(busier["erlang_c"]["service_level"].as_f64().unwrap() < formula.service_level);
    let (_, impatient) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": a, "agents": 12, "patience_seconds": 120, "aht_seconds": 200 }),
    );
    let fa = ccsim::analytic::erlang_a_figures(200.0 / 3600.0, 200.0, 120.0, 12, 20.0).unwrap();
    assert!(
        close(&impatient["erlang_a"]["service_level"], fa.service_level),
        "{}",
        impatient["erlang_a"]
    );
    assert_eq!(
        post(
            &h,
            "/api/whatif",
            "t",
            &json!({ "toml": a, "calls_factor": -1 })
        )
        .0,
        400
    );

    let (s, lessons) = get(&h, "/api/lessons");
    assert_eq!(s, 200);
    assert!(lessons.as_array().unwrap().len() >= 6);
    let (s, l) = get(&h, "/api/lessons/pooling");
    assert_eq!(s, 200);
    assert!(!l["text"].as_str().unwrap().contains("<!--"));
    assert!(l["text"].as_str().unwrap().contains("80.9%"));
    assert_eq!(l["scenarios"].as_array().unwrap().len(), 2);
    assert_eq!(get(&h, "/api/lessons/nope").0, 404);
}

#[test]
fn the_command_prints_its_address_and_serves() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let (s, _) = request(addr, "GET", "/api/scenarios", "t", b"");
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(s, 200);
}

/// Two call types on one team: the what-if sliders act on the mix.
const TWO_TYPES: &str = r#"
name = "two types"
[simulation]
replications = 20
seed = 11
warmup_minutes = 120
[horizon]
start = "06:00"
end = "12:00"
interval_minutes = 30
[service_level]
threshold_seconds = 20
target = 0.8
[routing]
discipline = "longest_wait"
[[call_types]]
name = "short"
calls_per_hour = 60
[call_types.handle_time]
distribution = "exponential"
mean_seconds = HANDLE_A
[call_types.patience]
distribution = "exponential"
mean_seconds = 100
[[call_types]]
name = "long"
calls_per_hour = 30
[call_types.handle_time]
distribution = "exponential"
mean_seconds = HANDLE_B
[[groups]]
name = "team"
agents = 10
"#;

#[test]
fn what_if_takes_call_types_and_moves_the_mix() {
    let h = start();
    let a = TWO_TYPES
        .replace("HANDLE_A", "200")
        .replace("HANDLE_B", "400");
    let close = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() <= 1e-9 * x.abs().max(1.0);
    let (s, w) = post(&h, "/api/whatif", "t", &json!({ "toml": a, "agents": 9 }));
    assert_eq!(s, 200, "{w}");
    // 60 calls/h of 200 s and 30 of 400 s: a mix of 266.7 s; only "short" callers hang up.
    assert!(
        close(&w["aht_seconds"], (60.0 * 200.0 + 30.0 * 400.0) / 90.0),
        "{w}"
    );
    assert!(close(&w["patience_seconds"], 100.0));
    assert!(w["notes"].to_string().contains("call types"));
    // One factor on every type: the mix's mean becomes the slider's value,
    // and the pooled Erlang C at 9 agents is the formula's at 300 s.
    let (s, w) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": a, "agents": 9, "aht_seconds": 300 }),
    );
    assert_eq!(s, 200, "{w}");
    assert!(close(&w["aht_seconds"], 300.0));
    let f = ccsim::analytic::erlang_c_figures(90.0 / 3600.0, 300.0, 9, 20.0).unwrap();
    assert!(
        close(&w["erlang_c"]["service_level"], f.service_level),
        "{w}"
    );
    // Calls doubled: the pooled rate doubles.
    let (_, w) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": a, "agents": 14, "calls_factor": 2 }),
    );
    let f = ccsim::analytic::erlang_c_figures(180.0 / 3600.0, 800.0 / 3.0, 14, 20.0).unwrap();
    assert!(
        close(&w["erlang_c"]["service_level"], f.service_level),
        "{w}"
    );
    // Patience: the patient type scaled, the never-hanging-up type given it.
    let (_, w) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": a, "agents": 9, "patience_seconds": 150 }),
    );
    assert!(close(&w["patience_seconds"], 150.0));
    let f = ccsim::analytic::erlang_a_figures(90.0 / 3600.0, 800.0 / 3.0, 150.0, 9, 20.0).unwrap();
    assert!(
        close(&w["erlang_a"]["service_level"], f.service_level),
        "{w}"
    );
    assert_eq!(
        post(
            &h,
            "/api/whatif",
            "t",
            &json!({ "toml": a, "aht_seconds": 0 })
        )
        .0,
        400
    );

    // Equal handle times, nobody hangs up, one FIFO queue: M/M/c, so the
    // simulated service level's interval holds Erlang C.
    let b = TWO_TYPES
        .replace("HANDLE_A", "240")
        .replace("HANDLE_B", "240")
        .replace(
            "[call_types.patience]\ndistribution = \"exponential\"\nmean_seconds = 100\n",
            "",
        );
    let (s, w) = post(&h, "/api/whatif", "t", &json!({ "toml": b, "agents": 8 }));
    assert_eq!(s, 200, "{w}");
    assert!(w["patience_seconds"].is_null());
    let f = ccsim::analytic::erlang_c_figures(90.0 / 3600.0, 240.0, 8, 20.0).unwrap();
    let sim = &w["simulation"]["service_level"];
    let (lo, hi) = (
        sim["ci95"][0].as_f64().unwrap(),
        sim["ci95"][1].as_f64().unwrap(),
    );
    assert!(
        lo <= f.service_level && f.service_level <= hi,
        "simulation {sim} against Erlang C {}",
        f.service_level
    );

    // A shipped scenario with three types, skills and a partner answers too.
    let (s, w) = post(
        &h,
        "/api/whatif",
        "t",
        &json!({ "toml": shipped("bank-call-types"), "group": "in-house", "calls_factor": 1.1 }),
    );
    assert_eq!(s, 200, "{w}");
    assert!(w["chart"].as_str().unwrap().starts_with("<svg"));
}
