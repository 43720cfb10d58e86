//! Charts: `ccsim run --charts` and `ccsim compare --charts` write every
//! chart, as well-formed SVG or as PNG that is not blank; the sweep
//! frontier chart draws from plain data.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

fn shipped(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses an SVG file and returns (width, height, number of elements, all text).
fn check_svg(path: &Path) -> (f64, f64, usize, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: not well-formed XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{}", path.display());
    let dim = |a: &str| {
        root.attribute(a)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let words: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    (
        dim("width"),
        dim("height"),
        doc.descendants().filter(|n| n.is_element()).count(),
        words,
    )
}

/// Decodes a PNG and returns (width, height, distinct colours).
pub fn png_colours(path: &Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let colours: HashSet<&[u8]> = bytes.chunks(channels).collect();
    (info.width, info.height, colours.len())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn run_writes_four_titled_svg_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccsim()
        .args([
            "run",
            &shipped("satisfaction-day.toml"),
            "-r",
            "5",
            "-q",
            "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = files(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "day.svg",
            "queue-occupancy.svg",
            "satisfaction.svg",
            "wait-distribution.svg"
        ]
    );
    let expect = [
        (
            "wait-distribution.svg",
            ["Waiting time", "wait t (seconds)", "target 80%"],
        ),
        (
            "day.svg",
            ["The day", "calls offered per interval", "agents on shift"],
        ),
        (
            "queue-occupancy.svg",
            ["Queue length", "calls waiting", "occupancy: partner"],
        ),
        (
            "satisfaction.svg",
            ["Customer satisfaction", "share of callers", "CSAT"],
        ),
    ];
    for (file, words) in expect {
        let (w, h, elements, text) = check_svg(&dir.path().join(file));
        assert!(w >= 800.0 && h >= 500.0, "{file}: {w}x{h}");
        assert!(elements > 100, "{file}: only {elements} elements");
        for word in words {
            assert!(text.contains(word), "{file}: no \"{word}\" in {text}");
        }
    }
}

#[test]
fn png_charts_are_images_with_many_colours() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccsim()
        .args([
            "run",
            &shipped("satisfaction-day.toml"),
            "-r",
            "5",
            "-q",
            "--chart-format",
            "png",
            "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pngs = files(dir.path());
    assert_eq!(pngs.len(), 4);
    for p in pngs {
        assert_eq!(p.extension().unwrap(), "png");
        let (w, h, colours) = png_colours(&p);
        assert!(w >= 800 && h >= 500, "{}: {w}x{h}", p.display());
        // Axes, text (anti-aliased with the bundled font), lines and fills.
        assert!(colours > 20, "{}: only {colours} colours", p.display());
    }
}

#[test]
fn charts_go_to_output_scenario_name_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccsim()
        .current_dir(dir.path())
        .args([
            "run",
            &shipped("satisfaction-day.toml"),
            "-r",
            "2",
            "-q",
            "--charts",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = dir.path().join("output").join("bank-service-line");
    assert_eq!(files(&folder).len(), 4, "{}", folder.display());
}

#[test]
fn compare_overlays_the_wait_day_and_satisfaction_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = ccsim()
        .args([
            "compare",
            &shipped("satisfaction-day.toml"),
            &shipped("satisfaction-more-agents.toml"),
            "-r",
            "4",
            "-q",
            "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = files(dir.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["day.svg", "satisfaction.svg", "wait-distribution.svg"]
    );
    for name in names {
        let (_, _, _, text) = check_svg(&dir.path().join(&name));
        assert!(text.contains("Bank service line:"), "{name}");
        assert!(text.contains("two more agents at the peaks:"), "{name}");
    }
}

#[test]
fn frontier_chart_draws_plain_points_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let points = [
        (1000.0, 0.62, false),
        (1100.0, 0.70, true),
        (1200.0, 0.68, false),
        (1300.0, 0.81, true),
        (1500.0, 0.90, true),
        (1600.0, 0.86, false),
    ];
    let svg = dir.path().join("frontier.svg");
    ccsim::plot::frontier(&points, &svg).unwrap();
    let (_, _, _, text) = check_svg(&svg);
    assert!(text.contains("Cost against service level"));
    assert!(text.contains("on the frontier"));
    let body = std::fs::read_to_string(&svg).unwrap();
    assert!(
        body.matches("<circle").count() >= points.len(),
        "every point drawn"
    );
    let png = dir.path().join("frontier.png");
    ccsim::plot::frontier(&points, &png).unwrap();
    assert!(png_colours(&png).2 > 20);
}

#[test]
fn an_unwritable_chart_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let out = ccsim()
        .args([
            "run",
            &shipped("satisfaction-day.toml"),
            "-r",
            "2",
            "-q",
            "--charts",
        ])
        .arg(&blocker)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not-a-folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}
