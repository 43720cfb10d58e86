//! The output writer under every path shape (docs/output.md, "Writing
//! rules"): the destination is always the old file or one whole new one;
//! inputs, special files and links are never clobbered; a closed standard
//! output never costs the files.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ccsim::report::output::{preflight, write_output, Outputs};
use proptest::prelude::*;

use super::common::{ccsim, repo_path};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a shipped scenario in a fresh folder.
fn scenario_copy(dir: &Path) -> PathBuf {
    let p = dir.join("v.toml");
    fs::copy(repo_path("scenarios/erlang-c-classroom.toml"), &p).unwrap();
    p
}

fn no_temporaries(dir: &Path) {
    for e in fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".ccsim-tmp"), "temporary left: {name}");
    }
}

#[test]
fn an_output_equal_to_the_input_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_copy(dir.path());
    let before = fs::read(&sc).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&sc, &link).unwrap();
    let s = sc.to_str().unwrap();
    for flag in ["--json", "--csv", "--report"] {
        for out in [s, link.to_str().unwrap()] {
            let o = ccsim(&["run", s, "-r", "1", flag, out]);
            assert_eq!(o.status.code(), Some(2), "{flag} {out}: {}", stderr(&o));
            assert!(stderr(&o).contains("also the input"), "{}", stderr(&o));
        }
    }
    let o = ccsim(&["simulate-log", s, "--days", "1", "--calls", s]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("also the input"));
    assert_eq!(fs::read(&sc).unwrap(), before, "the input was changed");

    let csv = dir.path().join("X.csv");
    fs::copy(repo_path("scenarios/history/intervals.csv"), &csv).unwrap();
    let before = fs::read(&csv).unwrap();
    let c = csv.to_str().unwrap();
    let o = ccsim(&["fit", c, "--out", c]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("also the input"), "{}", stderr(&o));
    assert_eq!(fs::read(&csv).unwrap(), before);
}

#[test]
fn two_outputs_to_one_path_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_copy(dir.path());
    let x = dir.path().join("x");
    let s = sc.to_str().unwrap();
    let o = ccsim(&[
        "run",
        s,
        "-r",
        "1",
        "--json",
        x.to_str().unwrap(),
        "--csv",
        x.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("two outputs"), "{}", stderr(&o));
    assert!(!x.exists());
    let o = ccsim(&["run", s, "-r", "1", "--json", "-", "--csv", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "100",
        "--aht",
        "180",
        "--agents",
        "20",
        "--json",
        "-",
        "--csv",
        "/dev/stdout",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn special_files_are_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_copy(dir.path());
    let o = ccsim(&[
        "run",
        sc.to_str().unwrap(),
        "-r",
        "1",
        "-q",
        "--json",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // /dev/stdout is this process's standard output, not a file to replace.
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "100",
        "--aht",
        "180",
        "--agents",
        "20",
        "--json",
        "/dev/stdout",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout holds the JSON");
    assert!(v.is_object());
}

#[test]
fn a_fifo_without_reader_is_refused_and_with_a_reader_gets_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let f = fifo.to_str().unwrap();
    let args = [
        "erlang",
        "c",
        "--calls-per-hour",
        "100",
        "--aht",
        "180",
        "--agents",
        "20",
        "--json",
        f,
    ];
    let o = ccsim(&args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no reader"), "{}", stderr(&o));
    let path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        fs::File::open(&path)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    });
    // The reader thread opens the FIFO; retry until it has (no sleeps, no timing).
    let mut done = false;
    for _ in 0..2000 {
        let o = ccsim(&args);
        if o.status.code() == Some(0) {
            done = true;
            break;
        }
        assert!(stderr(&o).contains("no reader"), "{}", stderr(&o));
    }
    assert!(done);
    let text = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).expect("whole JSON through the FIFO");
    assert!(v.is_object());
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn links_stay_links_and_permissions_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.json");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "100",
        "--aht",
        "180",
        "--agents",
        "20",
        "--json",
        link.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = fs::read_to_string(&target).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    assert_eq!(
        fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
    no_temporaries(dir.path());
    // A link to nothing is refused: ccsim creates no file through a link.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let o = ccsim(&[
        "erlang",
        "c",
        "--calls-per-hour",
        "100",
        "--aht",
        "180",
        "--agents",
        "20",
        "--json",
        dangling.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_closed_stdout_ends_quietly_after_the_files_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_copy(dir.path());
    let out = dir.path().join("out.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args([
            "run",
            sc.to_str().unwrap(),
            "-r",
            "2",
            "--json",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader leaves before ccsim prints
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let text = fs::read_to_string(&out).expect("out.json written before the table");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    // A full disk on standard output: a message and exit 1, the file still written.
    fs::remove_file(&out).unwrap();
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args([
            "run",
            sc.to_str().unwrap(),
            "-r",
            "2",
            "--json",
            out.to_str().unwrap(),
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    assert!(out.exists());
}

#[test]
fn two_runs_writing_one_path_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("same.json");
    let o = out.to_str().unwrap().to_owned();
    let expected = |rate: &str| {
        let r = ccsim(&[
            "erlang",
            "c",
            "--calls-per-hour",
            rate,
            "--aht",
            "180",
            "--agents",
            "20",
            "--json",
            "-",
        ]);
        String::from_utf8(r.stdout).unwrap()
    };
    let (a, b) = (expected("100"), expected("200"));
    for _ in 0..15 {
        let spawn = |rate: &str| {
            Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args([
                    "erlang",
                    "c",
                    "--calls-per-hour",
                    rate,
                    "--aht",
                    "180",
                    "--agents",
                    "20",
                    "--json",
                    &o,
                ])
                .output()
                .unwrap()
        };
        let (ra, rb) = std::thread::scope(|s| {
            let ta = s.spawn(|| spawn("100"));
            let tb = s.spawn(|| spawn("200"));
            (ta.join().unwrap(), tb.join().unwrap())
        });
        assert_eq!(ra.status.code(), Some(0), "{}", stderr(&ra));
        assert_eq!(rb.status.code(), Some(0), "{}", stderr(&rb));
        let now = fs::read_to_string(&out).unwrap();
        assert!(now == a || now == b, "mixed file: {now}");
        no_temporaries(dir.path());
    }
}

/// Path shapes a destination can have.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Absent,
    Regular,
    Private,
    Symlink,
    ReadOnlyFolder,
    SameAsInput,
    Twice,
    Folder,
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Absent),
        Just(Shape::Regular),
        Just(Shape::Private),
        Just(Shape::Symlink),
        Just(Shape::ReadOnlyFolder),
        Just(Shape::SameAsInput),
        Just(Shape::Twice),
        Just(Shape::Folder),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the shape, after a write the destination (followed through a
    /// link) is the old content or exactly the new one, never a mix, never a
    /// temporary left behind; a set with one bad member changes nothing.
    #[test]
    fn the_destination_is_the_old_file_or_the_whole_new_one(
        sh in shape(),
        new in proptest::collection::vec(any::<u8>(), 0..4096),
        companion in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("d");
        fs::create_dir(&sub).unwrap();
        let old = b"old content".to_vec();
        let input = sub.join("input.toml");
        fs::write(&input, b"input").unwrap();
        let real = sub.join("real.json");
        let dest = match sh {
            Shape::Symlink => {
                fs::write(&real, &old).unwrap();
                let l = sub.join("link.json");
                std::os::unix::fs::symlink(&real, &l).unwrap();
                l
            }
            Shape::SameAsInput => input.clone(),
            Shape::Folder => sub.join("folder"),
            _ => sub.join("out.json"),
        };
        match sh {
            Shape::Regular | Shape::Twice | Shape::ReadOnlyFolder => fs::write(&dest, &old).unwrap(),
            Shape::Private => {
                fs::write(&dest, &old).unwrap();
                fs::set_permissions(&dest, fs::Permissions::from_mode(0o600)).unwrap();
            }
            Shape::Folder => fs::create_dir(&dest).unwrap(),
            _ => {}
        }
        let other = sub.join("other.csv");
        if matches!(sh, Shape::ReadOnlyFolder) {
            fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
        }
        let mut set = Outputs::reading(&[&input]);
        set.add(&dest, new.clone());
        if companion {
            set.add(&other, b"companion".to_vec());
        }
        if matches!(sh, Shape::Twice) {
            set.add(&dest, b"second".to_vec());
        }
        let result = set.write();
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        let followed = if matches!(sh, Shape::Symlink) { real.clone() } else { dest.clone() };
        match sh {
            Shape::SameAsInput => {
                prop_assert!(result.is_err());
                prop_assert_eq!(fs::read(&input).unwrap(), b"input".to_vec());
            }
            Shape::Twice | Shape::Folder => {
                prop_assert!(result.is_err());
                prop_assert!(!other.exists(), "a refused set wrote a companion");
            }
            _ => {
                let now = fs::read(&followed).unwrap_or_default();
                match &result {
                    Ok(()) => {
                        prop_assert_eq!(&now, &new);
                        prop_assert_eq!(other.exists(), companion);
                    }
                    Err(_) => {
                        // e.g. a read-only folder for a non-root user
                        let was = if matches!(sh, Shape::Absent) { Vec::new() } else { old.clone() };
                        prop_assert_eq!(&now, &was);
                        prop_assert!(!other.exists());
                    }
                }
                if matches!(sh, Shape::Private) {
                    prop_assert_eq!(fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
                }
                if matches!(sh, Shape::Symlink) {
                    prop_assert!(fs::symlink_metadata(&dest).unwrap().file_type().is_symlink());
                }
            }
        }
        no_temporaries(&sub);
    }
}

#[test]
fn threads_writing_one_path_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.bin");
    let contents: Vec<Vec<u8>> = (0..4u8).map(|i| vec![i; 200_000]).collect();
    for _ in 0..10 {
        std::thread::scope(|s| {
            for c in &contents {
                let p = &p;
                s.spawn(move || write_output(p, c).unwrap());
            }
        });
        let now = fs::read(&p).unwrap();
        assert!(contents.contains(&now), "mixed content");
        no_temporaries(dir.path());
    }
}

#[test]
fn preflight_sees_through_links_and_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    fs::write(&a, "x").unwrap();
    let dotted = dir.path().join(".").join("a.toml");
    assert!(preflight(&[&a], &[&dotted]).is_err());
    let hard = dir.path().join("hard.toml");
    fs::hard_link(&a, &hard).unwrap();
    assert!(preflight(&[&a], &[&hard]).is_err(), "same inode");
    assert!(preflight(&[&a], &[&dir.path().join("b.json")]).is_ok());
}
