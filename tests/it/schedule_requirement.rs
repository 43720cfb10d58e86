//! The requirement `ccsim schedule` reads, in the layouts planners have:
//! ccsim's own CSV and JSON, and exports from spreadsheets and WFM tools
//! (`;` separators with a byte-order mark and CRLF, header names in any
//! case and spacing, quoted cells, gzip, a day column over several days).
//! Every layout of the same figures gives the same requirement; a bad row
//! is an error naming its line, never a skipped row.

use std::io::Write;

use ccsim::schedule::requirement::{self, Requirement};

use super::common::ccsim;

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn plain() -> Requirement {
    Requirement {
        start_of_day: 8.0 * 3600.0,
        interval: 1800.0,
        intervals: 4,
        agents: vec![5.0, 7.0, 9.5, 4.0, 6.0, 8.0, 10.0, 3.0],
    }
}

#[test]
fn exports_in_other_layouts_give_the_same_requirement() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        (1, "08:00", "5"),
        (1, "08:30", "7"),
        (1, "09:00", "9.5"),
        (1, "09:30", "4"),
        (2, "08:00", "6"),
        (2, "08:30", "8"),
        (2, "09:00", "10"),
        (2, "09:30", "3"),
    ];
    let mut comma = String::from("day,interval,required\n");
    let mut excel = String::from("\u{feff}Day;Interval Start;Agents Required\r\n");
    // Columns in another order, quoted cells, a blank line at the end.
    let mut quoted = String::from("\"Required Agents\",\"Start\",\"Day\"\n");
    for (d, t, a) in rows {
        comma.push_str(&format!("{d},{t},{a}\n"));
        excel.push_str(&format!("{d};{t};{a}\r\n"));
        quoted.push_str(&format!("\"{a}\",\"{t}\",\"{d}\"\n"));
    }
    quoted.push('\n');
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(comma.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let files = [
        write(dir.path(), "plain.csv", comma.as_bytes()),
        write(dir.path(), "excel.csv", excel.as_bytes()),
        write(dir.path(), "quoted.csv", quoted.as_bytes()),
        write(dir.path(), "plain.csv.gz", &gz),
    ];
    for f in &files {
        assert_eq!(
            requirement::load(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())),
            plain(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn a_bad_row_is_an_error_naming_its_line_not_a_skipped_row() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "rules.toml", b"lengths = [\"02:00\"]\n");
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "short.csv",
            "interval;required\r\n08:00;5\r\n08:30\r\n09:00;4\r\n",
            &["short.csv", "row 3", "cut short"],
        ),
        (
            "text.csv",
            "interval,required\n08:00,5\n08:30,many\n",
            &["text.csv", "row 3", "\"many\"", "not a number"],
        ),
        (
            "clock.csv",
            "interval,required\n08:00,5\n8h30,5\n",
            &["clock.csv", "row 3", "\"8h30\"", "HH:MM"],
        ),
        (
            "nocol.csv",
            "time of day,agents please\n08:00,5\n",
            &["nocol.csv", "no interval column", "time of day"],
        ),
    ];
    for (name, text, needles) in cases {
        let f = write(dir.path(), name, text.as_bytes());
        let out = ccsim(&[
            "schedule",
            f.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        for n in needles {
            assert!(err.contains(n), "{name}: {n:?} not in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
}
