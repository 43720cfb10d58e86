//! Satisfaction is labelled a model with its assumptions, and a scenario
//! can switch it off.

use crate::common::{ccsim, repo_path};

#[test]
fn satisfaction_is_labelled_a_model_and_can_be_switched_off() {
    let path = repo_path("scenarios/staffing-day.toml");
    let p = path.to_str().unwrap();
    let out = ccsim(&["run", p, "-r", "5", "--json", "-"]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &r["satisfaction"]["model"];
    assert_eq!(m["kind"], "model");
    let churn = m["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "churn_if_dissatisfied")
        .unwrap();
    assert!(churn["source"].as_str().unwrap().contains("placeholder"));
    assert_eq!(churn["affects"], "customers_lost, replacement_cost");
    let text = String::from_utf8(ccsim(&["run", p, "-r", "5"]).stdout).unwrap();
    assert!(
        text.contains("Satisfaction MODEL (modelled from assumptions, not measured"),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let off = dir.path().join("off.toml");
    let body = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&off, format!("{body}\n[satisfaction]\nenabled = false\n")).unwrap();
    let o = off.to_str().unwrap();
    let out = ccsim(&["run", o, "-r", "5", "--json", "-"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r.get("satisfaction").is_none());
    let text = String::from_utf8(ccsim(&["run", o, "-r", "5"]).stdout).unwrap();
    assert!(
        !text.contains("Satisfaction") && !text.contains("CSAT"),
        "{text}"
    );
    let csv = String::from_utf8(ccsim(&["run", o, "-r", "5", "--csv", "-"]).stdout).unwrap();
    assert!(!csv.contains("sat_csat"));
}
