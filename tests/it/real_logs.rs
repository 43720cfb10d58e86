//! Real call-center logs as they come: the layout of the Anonymous Bank
//! data (Mandelbaum et al., Technion; Brown et al. 2005). A synthetic log
//! in that exact layout, from a known two-type scenario, is fitted with the
//! defaults and each type's arrivals, handle time and patience recovered;
//! a hand-written file checks the reading of every kind of row; the
//! backtest takes the same layout.
//!
//! Tolerances: 4 standard errors per check (about 6e-5 false alarms per
//! check under normality), fixed seeds, so the tests are deterministic and
//! can fail.

use std::path::Path;

use ccsim::fit::{self, FitOptions, HandleResult, PatienceResult};
use ccsim::history::calls::{self, CallOutcome, OutcomeWords, ASIDE_EXCLUDED, ASIDE_VRU};
use ccsim::history::synth;
use ccsim::history::values::TimeFormat;
use ccsim::scenario;
use chrono::{NaiveDate, NaiveDateTime};

use crate::common::{ccsim, repo_path};

/// Ten rows in the bank's layout, tab-separated as its monthly files:
/// answered after queueing, answered without queueing (q_start 0:00:00),
/// abandoned in the queue, hung up in the voice menu (twice), PHANTOM
/// (twice), and a high-priority abandonment.
const TEN_ROWS: &str = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver
AA0101\t1\t9664491\t2\tPS\t990801\t7:00:10\t7:00:16\t6\t7:00:16\t7:01:35\t79\tAGENT\t7:01:35\t7:05:38\t243\tDORIT
AA0101\t2\t0\t0\tPS\t990801\t7:02:00\t7:02:06\t6\t0:00:00\t0:00:00\t0\tAGENT\t7:02:06\t7:03:43\t97\tAVI
AA0101\t3\t0\t0\tPS\t990801\t7:03:00\t7:03:05\t5\t7:03:05\t7:03:45\t40\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t4\t0\t0\tPS\t990801\t7:04:00\t7:04:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t5\t0\t1\tNE\t990801\t7:10:00\t7:10:06\t6\t7:10:06\t7:10:10\t4\tAGENT\t7:10:09\t7:20:09\t600\tROTH
AA0101\t6\t0\t0\tNE\t990801\t7:11:00\t7:11:06\t6\t7:11:06\t7:11:06\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t7\t0\t2\tNE\t990801\t7:12:00\t7:12:06\t6\t7:12:06\t7:14:06\t120\thang\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t8\t0\t0\tPS\t990801\t7:20:00\t7:20:02\t2\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER
AA0101\t9\t0\t2\tPS\t990801\t7:25:00\t7:25:06\t6\t7:25:06\t7:25:36\t30\tAgent\t7:25:36\t7:30:36\t300\tDORIT
AA0101\t10\t0\t0\tIN\t990801\t7:40:00\t7:40:06\t6\t7:40:06\t7:40:06\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER
";

fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1999, 8, 1)
        .unwrap()
        .and_hms_opt(h, m, s)
        .unwrap()
}

fn read(path: &Path) -> ccsim::history::table::Import<calls::CallRow> {
    calls::read(path, &[], &TimeFormat::default(), &OutcomeWords::default())
        .expect("readable")
        .check(0.2)
        .expect("usable")
}

#[test]
fn ten_bank_rows_give_the_expected_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bank.txt");
    std::fs::write(&path, TEN_ROWS).unwrap();
    let import = read(&path);
    assert!(import.bad.is_empty(), "{:?}", import.bad);
    assert_eq!(
        import.set_aside,
        vec![(ASIDE_VRU.to_string(), 2), (ASIDE_EXCLUDED.to_string(), 2)]
    );
    let lines: Vec<u64> = import.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 6, 8, 10], "rows kept (file lines)");
    let r = &import.rows;
    let outcomes: Vec<CallOutcome> = r.iter().map(|c| c.outcome).collect();
    use CallOutcome::*;
    assert_eq!(
        outcomes,
        vec![Answered, Answered, Abandoned, Answered, Abandoned, Answered]
    );
    // Arrival in the queue = vru_exit; 1-digit hours; yymmdd dates.
    assert_eq!(r[0].arrival, at(7, 0, 16));
    assert_eq!(r[1].arrival, at(7, 2, 6));
    assert_eq!(r[0].wait, Some(79.0));
    assert_eq!(r[1].wait, Some(0.0), "answered without queueing");
    assert_eq!(r[2].wait, Some(40.0));
    assert_eq!(r[0].handle, Some(243.0));
    assert_eq!(r[2].handle, None);
    assert_eq!(r[0].agent.as_deref(), Some("DORIT"));
    assert_eq!(r[2].agent, None, "NO_SERVER is no agent");
    assert_eq!(r[3].call_type.as_deref(), Some("NE"));
    assert_eq!(r[3].priority, Some(1));
    assert_eq!(r[4].priority, Some(2));

    // The command line: the report and the scenario say what was set aside.
    let out = dir.path().join("bank.toml");
    let o = ccsim(&[
        "fit",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("6 call attempts inside the horizon"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("2 of 10 rows set aside, not in any figure: calls hung up in the voice menu"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("2 of 10 rows set aside, not in any figure: calls with an excluded outcome"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# Note: 2 of 10 rows set aside"), "{text}");
    // Fewer than MIN_TYPE_CALLS calls each: PS and NE merged into "other".
    let sc = scenario::load(&out).expect("the fitted scenario validates");
    assert_eq!(sc.types.len(), 1);
    assert_eq!(sc.types[0].name, fit::types::OTHER_TYPE);
    assert!(text.contains("PS (4), NE (2)"), "{text}");
    assert_eq!(
        sc.types[0].priority, 2,
        "the most frequent priority (2: 3 calls)"
    );

    // --no-types: one pooled type, as before call types existed.
    let o = ccsim(&["fit", path.to_str().unwrap(), "--no-types"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.contains("[[call_types]]"), "{text}");
    assert!(text.contains("calls_per_interval"), "{text}");
}

#[test]
fn an_outcome_word_can_be_excluded_or_remapped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bank.txt");
    std::fs::write(&path, TEN_ROWS).unwrap();
    // PHANTOM read as "other" (offered, censored) instead of set aside.
    let words = OutcomeWords::with_args(&["other=PHANTOM".into()]).unwrap();
    let i = calls::read(&path, &[], &TimeFormat::default(), &words).unwrap();
    assert_eq!(i.rows.len(), 8);
    assert_eq!(i.set_aside, vec![(ASIDE_VRU.to_string(), 2)]);
    // AGENT set aside on request.
    let words = OutcomeWords::with_args(&["excluded=agent".into()]).unwrap();
    let i = calls::read(&path, &[], &TimeFormat::default(), &words).unwrap();
    assert_eq!(i.rows.len(), 2);
    assert!(OutcomeWords::with_args(&["lost=x".into()]).is_err());
}

/// Truth of `scenarios/history/bank_truth.toml`: (name, priority, calls per
/// interval, mean handle s, mean patience s).
type Truth = (&'static str, i32, Vec<f64>, f64, f64);

fn truth() -> Vec<Truth> {
    vec![
        (
            "PS",
            1,
            vec![12., 18., 22., 24., 24., 22., 20., 22., 24., 22., 18., 12.],
            200.0,
            120.0,
        ),
        (
            "NE",
            2,
            vec![6., 8., 10., 10., 10., 9., 8., 9., 10., 10., 8., 6.],
            300.0,
            300.0,
        ),
    ]
}

#[test]
fn fit_recovers_each_type_from_a_synthetic_bank_log() {
    let sc = scenario::load(&repo_path("scenarios/history/bank_truth.toml")).unwrap();
    let days = 30u32;
    let first = NaiveDate::from_ymd_opt(1999, 8, 1).unwrap();
    let (bytes, _) = synth::bank_log_csv(&sc, days, 0, first).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bank.csv");
    std::fs::write(&path, &bytes).unwrap();
    let head = String::from_utf8_lossy(&bytes[..200]).to_string();
    assert!(head.starts_with("vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server\n"), "{head}");
    assert!(
        head.contains(",990801,7:"),
        "yymmdd dates, 1-digit hours: {head}"
    );

    // The command line with no options writes a valid scenario with both types.
    let out = dir.path().join("bank.toml");
    let o = ccsim(&[
        "fit",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fitted = scenario::load(&out).expect("the fitted scenario validates");
    let names: Vec<&str> = fitted.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["PS", "NE"]);
    for (t, (_, prio, ..)) in fitted.types.iter().zip(truth()) {
        assert_eq!(t.priority, prio, "priority of {}", t.name);
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("rows set aside, not in any figure: calls hung up in the voice menu"));

    // The numbers, with their sampling errors.
    let import = read(&path);
    let r = fit::fit_calls(&import.rows, "bank.csv", &FitOptions::default()).unwrap();
    assert_eq!(r.profile.days.len(), days as usize);
    assert_eq!(r.types.len(), 2);
    let d = f64::from(days);
    for (t, (name, _, rates, handle, patience)) in r.types.iter().zip(truth()) {
        assert_eq!(t.name, name);
        // Arrivals: Poisson counts over d days (forecast_cv 0), se sqrt(l/d).
        for (k, (got, want)) in t.calls_per_interval.iter().zip(&rates).enumerate() {
            let se = (want / d).sqrt();
            assert!(
                (got - want).abs() <= 4.0 * se,
                "{name} interval {k}: {got} calls vs {want} (se {se:.2})"
            );
        }
        // The written scenario holds the same rates.
        let written = &fitted.types.iter().find(|x| x.name == name).unwrap().rates;
        for (w, got) in written.iter().zip(&t.calls_per_interval) {
            assert!((w * 1800.0 - got).abs() < 0.006, "{name}: written {w}");
        }
        // Handle time: the sample mean (se = truth x CV 1 / sqrt n) and the
        // fitted family's mean (its delta-method se).
        let Some(HandleResult::Fitted { fit: h, .. }) = &t.handle else {
            panic!("{name}: no handle fit")
        };
        let n = h.values.len() as f64;
        let se = handle / n.sqrt();
        assert!(
            (h.sample_mean - handle).abs() <= 4.0 * se,
            "{name}: sample mean handle {} vs {handle} (se {se:.1})",
            h.sample_mean
        );
        let (_, best) = h.best();
        assert!(
            (best.mean - handle).abs() <= 4.0 * best.mean_se,
            "{name}: fitted mean handle {} vs {handle} (se {:.1})",
            best.mean,
            best.mean_se
        );
        // Patience: censored exponential MLE, se = mean / sqrt(abandonments).
        let PatienceResult::Fitted { exponential: e, .. } = &t.patience else {
            panic!("{name}: no patience fit")
        };
        let se = patience / (e.abandonments as f64).sqrt();
        assert!(
            (e.mean - patience).abs() <= 4.0 * se,
            "{name}: patience {} vs {patience} (se {se:.1}, {} abandonments)",
            e.mean,
            e.abandonments
        );
        assert!(
            e.abandonments >= 100,
            "{name}: too few abandonments to test"
        );
    }
    // The types add up to the pooled arrivals.
    for k in 0..r.profile.grid.intervals {
        let sum: f64 = r.types.iter().map(|t| t.calls_per_interval[k]).sum();
        assert!((sum - r.profile.mean_offered[k]).abs() < 1e-9);
    }
}

#[test]
fn backtest_and_fit_take_the_shipped_bank_sample() {
    let sample = repo_path("scenarios/history/bank_sample.csv");
    let truth_path = repo_path("scenarios/history/bank_truth.toml");
    // Calls that reached the queue, counted independently of the reader.
    let text = std::fs::read_to_string(&sample).unwrap();
    let mut queued = 0;
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        rows += 1;
        let vru_only = f[12] == "HANG" && f[9] == "0:00:00" && f[11] == "0";
        if f[12] != "PHANTOM" && !vru_only {
            queued += 1;
        }
    }
    assert!((200..1000).contains(&rows), "a few hundred rows: {rows}");
    let o = ccsim(&[
        "backtest",
        truth_path.to_str().unwrap(),
        "--actual",
        sample.to_str().unwrap(),
        "-r",
        "20",
        "-q",
        "--json",
        "-",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let jrows = json["rows"].as_array().unwrap();
    assert_eq!(jrows.len(), 12);
    let offered: f64 = jrows
        .iter()
        .map(|r| r["offered_observed"].as_f64().unwrap())
        .sum();
    assert_eq!(offered, f64::from(queued));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.toml");
    let o = ccsim(&[
        "fit",
        sample.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sc = scenario::load(&out).unwrap();
    assert_eq!(sc.types.len(), 2);
    // And the truth behind it is a valid scenario.
    let o = ccsim(&["check", truth_path.to_str().unwrap()]);
    assert!(o.status.success());
}
