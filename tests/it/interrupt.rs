//! Commands stopped or warned about while they run: SIGINT during a long
//! streamed write leaves no temporary and no half-written destination, and
//! `--replications` above the scenario-file cap says how long it will take
//! before it starts, also when standard error is not a terminal. Every wait
//! here is bounded; a child that outlives its bound is killed and the test
//! fails with what it printed.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::common::repo_path;

/// The temporaries ccsim's writer leaves in `dir` (none, after a signal).
fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".ccsim-"))
        .collect()
}

/// Waits for `child` at most `limit`; kills it on the limit.
fn wait_bounded(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn sigint_while_streaming_a_call_log_removes_the_temporary_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls.csv");
    fs::write(&calls, "the old file\n").unwrap();
    let scenario = repo_path("scenarios/history/truth.toml");
    // Ten years of calls: minutes of writing, so the signal lands mid-write.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("simulate-log")
        .arg(&scenario)
        .args(["--days", "3650", "--calls"])
        .arg(&calls)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (at most 60 s) until the temporary holds some rows.
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(60) {
        let grown = fs::read_dir(dir.path()).unwrap().any(|e| {
            let e = e.unwrap();
            e.file_name().to_string_lossy().contains(".ccsim-tmp")
                && e.metadata().map(|m| m.len() > 100_000).unwrap_or(false)
        });
        if grown {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(seen, "no growing temporary appeared within 60 s");
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = wait_bounded(&mut child, Duration::from_secs(30))
        .expect("ccsim ends within 30 s of SIGINT");
    assert_eq!(status.code(), Some(130), "exit 128 + SIGINT: {status:?}");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(fs::read_to_string(&calls).unwrap(), "the old file\n");
}

#[test]
fn sigterm_before_a_new_file_is_whole_leaves_no_file_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("new.csv");
    let scenario = repo_path("scenarios/history/truth.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("simulate-log")
        .arg(&scenario)
        .args(["--days", "3650", "--calls"])
        .arg(&calls)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temporaries(dir.path()).is_empty() && start.elapsed() < Duration::from_secs(60) {
        assert!(child.try_wait().unwrap().is_none(), "ended before writing");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        !temporaries(dir.path()).is_empty(),
        "no temporary within 60 s"
    );
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = wait_bounded(&mut child, Duration::from_secs(30))
        .expect("ccsim ends within 30 s of SIGTERM");
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert!(
        !calls.exists(),
        "the destination must not exist half-written"
    );
}

#[test]
fn replications_above_the_cap_print_a_time_estimate_first_off_a_terminal() {
    // stderr is a pipe here, not a terminal: the estimate must still come,
    // before the 20 million replications run (the test stops it there).
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(repo_path("scenarios/erlang-c-classroom.toml"))
        .args(["-r", "20000000", "--quiet", "--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let line = rx.recv_timeout(Duration::from_secs(120));
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("a time estimate on standard error within 120 s");
    assert!(
        line.contains(
            "--replications 20000000 is more than the 10000000 a scenario file may ask for"
        ),
        "{line}"
    );
    assert!(line.contains("should take about"), "{line}");
    assert!(line.contains("replication(s) took"), "{line}");
}
