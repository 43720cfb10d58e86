//! `ccsim sweep`: grids, key paths, determinism across thread counts, the
//! frontier, and clear errors for bad keys and ranges.

use ccsim::error::Error;
use ccsim::scenario::{self, RawScenario};
use ccsim::sweep::{self, Vary};

const SMALL: &str = r#"
name = "sweep test"
[simulation]
replications = 10
seed = 3
[horizon]
start = "08:00"
end = "10:00"
interval_minutes = 60
[service_level]
target = 0.8
max_abandon_rate = 0.1
[arrivals]
calls_per_hour = [100, 120]
[handle_time]
distribution = "exponential"
mean_seconds = 180
[patience]
distribution = "exponential"
mean_seconds = 120
[[groups]]
name = "in-house"
agents = [3, 4]
cost_per_agent_hour = 30
[[groups]]
name = "partner"
agents = 2
outsourced = true
overflow_after_seconds = 10
[groups.contract]
per_line_per_year = 50000
operating_days_per_year = 250
[groups.contract.service_level]
period = "day"
target = 0.8
penalty_per_point = 10
"#;

fn raw() -> RawScenario {
    scenario::parse(SMALL).unwrap()
}

fn vary(arg: &str) -> Vary {
    Vary::parse(arg).unwrap_or_else(|e| panic!("{arg}: {e}"))
}

fn usage(r: Result<impl std::fmt::Debug, Error>) -> String {
    match r {
        Err(Error::Usage(m)) => m,
        other => panic!("expected a usage error, got {other:?}"),
    }
}

#[test]
fn keys_select_groups_by_name_or_position_and_ops_keep_list_shapes() {
    let r = raw();
    let pts = sweep::grid(
        &r,
        &[
            vary("groups.partner.agents=0,5"),
            vary("groups.in-house.agents+=0..1"),
        ],
    )
    .unwrap();
    assert_eq!(pts.len(), 4);
    let shapes: Vec<(Vec<f64>, Vec<u32>, Vec<u32>)> = pts
        .iter()
        .map(|(v, sc)| {
            (
                v.clone(),
                sc.groups[1].agents.clone(),
                sc.groups[0].agents.clone(),
            )
        })
        .collect();
    assert_eq!(shapes[0], (vec![0.0, 0.0], vec![0, 0], vec![3, 4]));
    assert_eq!(shapes[1], (vec![0.0, 1.0], vec![0, 0], vec![4, 5]));
    assert_eq!(shapes[3], (vec![5.0, 1.0], vec![5, 5], vec![4, 5]));
    // The contract's lines follow the agents when the file leaves them out.
    assert_eq!(pts[3].1.groups[1].contract.as_ref().unwrap().lines, 5);
    let pts = sweep::grid(&r, &[vary("groups[1].overflow_after_seconds=0..20:10")]).unwrap();
    let delays: Vec<_> = pts
        .iter()
        .map(|(_, sc)| sc.groups[1].route.clone())
        .collect();
    assert_eq!(
        delays,
        [0.0, 10.0, 20.0].map(|after| ccsim::scenario::Route::Overflow { after })
    );
    // A key the file leaves out can be set; a table on the way is created.
    let pts = sweep::grid(&r, &[vary("lines.count=5")]).unwrap();
    assert_eq!(pts[0].1.lines, Some(5));
    let pts = sweep::grid(&r, &[vary("arrivals.calls_per_hour*=0.5")]).unwrap();
    let per_hour: Vec<f64> = pts[0].1.types[0].rates.iter().map(|r| r * 3600.0).collect();
    assert!((per_hour[0] - 50.0).abs() < 1e-9 && (per_hour[1] - 60.0).abs() < 1e-9);
}

#[test]
fn bad_keys_and_ranges_are_clear_errors() {
    let r = raw();
    let m = usage(sweep::grid(&r, &[vary("groups.partner.agnets=1")]));
    assert!(m.contains("Did you mean `groups.partner.agents`"), "{m}");
    assert!(m.contains("Keys of this scenario that hold numbers"), "{m}");
    let m = usage(sweep::grid(&r, &[vary("groups.partnr.agents=1")]));
    assert!(
        m.contains("no entry named \"partnr\"") && m.contains("in-house, partner"),
        "{m}"
    );
    let m = usage(sweep::grid(&r, &[vary("horizon.start=1")]));
    assert!(m.contains("not a number"), "{m}");
    let m = usage(sweep::grid(&r, &[vary("groups.partner=1")]));
    assert!(m.contains("name a key inside it"), "{m}");
    let m = usage(sweep::grid(&r, &[vary("lines.count+=1")]));
    assert!(m.contains("can only be set with ="), "{m}");
    let m = usage(sweep::grid(&r, &[vary("groups.partner.agents=-1")]));
    assert!(
        m.contains("grid point groups.partner.agents=-1") && m.contains("groups[1].agents"),
        "{m}"
    );
    let m = usage(sweep::grid(&r, &[vary("lines.count=2.5")]));
    assert!(
        m.contains("lines.count") && m.contains("floating point"),
        "{m}"
    );
    for (arg, needle) in [
        ("groups.partner.agents", "KEY=RANGE"),
        ("=0..3", "key before '=' is empty"),
        ("groups.partner.agents=5..1", "below the start"),
        ("groups.partner.agents=0..5:0", "step must be above 0"),
        ("groups.partner.agents=1,x", "not a number"),
        ("groups.partner.agents=0..1e9", "more than the"),
    ] {
        match Vary::parse(arg) {
            Err(Error::Usage(m)) => assert!(m.contains(needle), "{arg}: {m}"),
            other => panic!("{arg}: expected an error, got {other:?}"),
        }
    }
    let three = [
        vary("lines.count=1"),
        vary("lines.count=2"),
        vary("lines.count=3"),
    ];
    assert!(usage(sweep::grid(&r, &three)).contains("one or two --vary"));
}

#[test]
fn a_sweep_is_bit_identical_across_thread_counts() {
    let r = raw();
    let varies = [
        vary("groups.partner.agents=0..2"),
        vary("groups.partner.overflow_after_seconds=0,20"),
    ];
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let result = pool
            .install(|| sweep::run(&r, &varies, None, None))
            .unwrap();
        serde_json::to_string(&result).unwrap()
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn frontier_and_target_are_consistent_with_the_points() {
    let r = raw();
    let result = sweep::run(&r, &[vary("groups.partner.agents=0..4")], Some(20), None).unwrap();
    let pts = &result.points;
    assert_eq!(pts.len(), 5);
    for p in pts {
        let dominated = pts.iter().any(|q| {
            let (c, s) = (q.total_cost.mean, q.service_level.mean);
            c <= p.total_cost.mean
                && s >= p.service_level.mean
                && (c < p.total_cost.mean || s > p.service_level.mean)
        });
        assert_eq!(p.frontier, !dominated);
        assert_eq!(
            p.meets_targets,
            p.service_level.mean >= 0.8 && p.abandon_rate.mean <= 0.1
        );
    }
    // Common random numbers: more partner agents never lower the service level here.
    for w in pts.windows(2) {
        assert!(w[1].service_level.mean >= w[0].service_level.mean);
    }
    if let Some(i) = result.cheapest_meeting_targets {
        assert!(pts[i].meets_targets);
        assert!(pts
            .iter()
            .all(|p| !p.meets_targets || p.total_cost.mean >= pts[i].total_cost.mean));
    } else {
        assert!(pts.iter().all(|p| !p.meets_targets));
    }
    let csv = String::from_utf8(sweep::table::csv(&result).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 6);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with("meets_targets,frontier"));
}

#[test]
fn the_cli_rejects_a_bad_key_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(&file, SMALL).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["sweep"])
        .arg(&file)
        .args(["--vary", "groups.partner.agnets=0..2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Did you mean `groups.partner.agents`"),
        "{err}"
    );
    let json = dir.path().join("out.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["sweep"])
        .arg(&file)
        .args([
            "--vary",
            "groups.partner.agents=0..1",
            "-r",
            "5",
            "--target",
            "-q",
            "--json",
        ])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["points"].as_array().unwrap().len(), 2);
    assert!(v["points"][0]["frontier"].is_boolean());
}

/// `--charts` draws chart 5: every grid point, the frontier highlighted.
#[test]
fn the_cli_draws_the_cost_service_frontier() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = super::common::repo_path("scenarios/outsourcing-tv-hotline.toml");
    let out = super::common::ccsim(&[
        "sweep",
        scenario.to_str().expect("utf-8"),
        "--vary",
        "groups.answering-firm.agents=0..6:2",
        "-r",
        "10",
        "-q",
        "--charts",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("frontier.svg")).expect("chart written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("frontier") && text.contains("service level"),
        "{text}"
    );
    // One marker per grid point at least.
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert!(circles >= 4, "{circles} markers");
}
