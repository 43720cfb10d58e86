//! Groups staffed by `[[groups.shifts]]`: agents as individuals, on common
//! random numbers with interval counts, off the phones during breaks after
//! the call in hand.

use ccsim::commands::run::simulate_report;
use ccsim::model::{CallCenter, CallRecord, Outcome};

use super::common::{scenario_from, without_shifts};

fn scenario(group: &str, patience: &str) -> String {
    format!(
        r#"
name = "shifts"
[simulation]
replications = 20
seed = 11
[horizon]
start = "08:00"
end = "12:00"
interval_minutes = 30
[arrivals]
calls_per_hour = 150
[handle_time]
distribution = "lognormal"
mean_seconds = 240
cv = 1.0
[patience]
{patience}
{group}
"#
    )
}

const PATIENCE: &str = "distribution = \"exponential\"\nmean_seconds = 180";

#[test]
fn one_shift_of_n_agents_without_breaks_equals_n_agents_bit_for_bit() {
    let counts = scenario_from(&scenario(
        "[[groups]]\nname = \"team\"\nagents = 11",
        PATIENCE,
    ));
    let shifts = scenario_from(&scenario(
        "[[groups]]\nname = \"team\"\n[[groups.shifts]]\nstart = \"08:00\"\nlength = \"04:00\"\ncount = 11",
        PATIENCE,
    ));
    let a = serde_json::to_value(simulate_report(&counts, Some(2)).unwrap()).unwrap();
    let b = serde_json::to_value(simulate_report(&shifts, Some(2)).unwrap()).unwrap();
    // Every figure the counts report has, bit for bit; the shifts add their block.
    assert!(b["total"]["shifts"]["team"].is_object());
    assert_eq!(a.to_string(), without_shifts(b).to_string());
    // And per replication, call by call.
    let (mut ca, mut cb) = (CallCenter::new(&counts), CallCenter::new(&shifts));
    let (mut ta, mut tb) = (ca.new_tally(), cb.new_tally());
    for rep in 0..3 {
        let mut ra = Vec::new();
        let mut rb = Vec::new();
        ca.run_observed(rep, &mut ta, &mut |r: &CallRecord| ra.push(*r));
        cb.run_observed(rep, &mut tb, &mut |r: &CallRecord| rb.push(*r));
        assert_eq!(ra, rb);
        assert_eq!(ta.calls, tb.calls);
        assert_eq!(ta.group_counts, tb.group_counts);
    }
    // The shift group also counts its agents on shift: 11 for 4 hours.
    let on: f64 = tb.shifts.iter().map(|s| s.on_shift_time).sum();
    assert_eq!(on, 11.0 * 4.0 * 3600.0);
}

#[test]
fn a_break_leaves_no_one_on_the_phones_for_exactly_its_length_after_the_call_in_hand() {
    // One agent, overloaded, nobody hangs up: a queue is always waiting.
    let sc = scenario_from(&scenario(
        r#"[[groups]]
name = "solo"
[[groups.shifts]]
start = "08:00"
length = "04:00"
count = 1
[[groups.shifts.breaks]]
after = "01:00"
length = "00:15"
paid = false"#,
        "distribution = \"none\"",
    ));
    let mut cc = CallCenter::new(&sc);
    let mut tally = cc.new_tally();
    let due = 3600.0;
    let length = 900.0;
    for rep in 0..10 {
        let mut starts: Vec<(f64, f64)> = Vec::new();
        cc.run_observed(rep, &mut tally, &mut |r: &CallRecord| {
            if let Outcome::Answered { handle, .. } = r.outcome {
                starts.push((r.arrival + r.wait, handle));
            }
        });
        starts.sort_by(|a, b| a.0.total_cmp(&b.0));
        // The call in hand when the break falls due.
        let in_hand = starts
            .iter()
            .find(|(s, h)| *s <= due && due < s + h)
            .copied();
        let break_start = in_hand.map_or(due, |(s, h)| s + h);
        let break_end = break_start + length;
        assert!(
            !starts
                .iter()
                .any(|(s, _)| *s > due && *s < break_end && *s != break_start),
            "replication {rep}: a call answered during the break"
        );
        assert!(
            !starts
                .iter()
                .any(|(s, _)| *s == break_start && in_hand.is_some()),
            "replication {rep}: a call answered at the start of the break"
        );
        // Calls are waiting, so the agent answers one the moment the break ends.
        let next = starts.iter().find(|(s, _)| *s >= break_end).unwrap();
        assert_eq!(next.0, break_end, "replication {rep}");
        // The tally: one break, its delay, 15 minutes on break, one agent on shift 4 h.
        let breaks: f64 = tally.shifts.iter().map(|s| s.breaks).sum();
        let delay: f64 = tally.shifts.iter().map(|s| s.break_delay).sum();
        let on_break: f64 = tally.shifts.iter().map(|s| s.on_break_time).sum();
        assert_eq!(breaks, 1.0);
        assert!((delay - (break_start - due)).abs() < 1e-9);
        assert!((on_break - length).abs() < 1e-6, "on break {on_break}");
        // The break is due in the 09:00 interval (index 2).
        assert_eq!(tally.shifts[2 * tally.groups].breaks, 1.0);
    }
}

#[test]
fn a_shift_ending_mid_horizon_finishes_the_call_in_hand_and_counts_overtime() {
    let sc = scenario_from(&scenario(
        r#"[[groups]]
name = "early"
[[groups.shifts]]
start = "08:00"
length = "02:00"
count = 3
[[groups]]
name = "late"
[[groups.shifts]]
start = "10:00"
length = "02:00"
count = 3"#,
        "distribution = \"none\"",
    ));
    let mut cc = CallCenter::new(&sc);
    let mut tally = cc.new_tally();
    let mut late_answers_by_early = 0;
    cc.run_observed(0, &mut tally, &mut |r: &CallRecord| {
        if let Outcome::Answered { group: 0, .. } = r.outcome {
            if r.arrival + r.wait > 7200.0 {
                late_answers_by_early += 1;
            }
        }
    });
    assert_eq!(
        late_answers_by_early, 0,
        "the early shift answered after its end"
    );
    let g = tally.groups;
    let ends: f64 = (0..tally.intervals)
        .map(|k| tally.shifts[k * g].shift_ends)
        .sum();
    let overtime: f64 = (0..tally.intervals)
        .map(|k| tally.shifts[k * g].overtime)
        .sum();
    assert_eq!(ends, 3.0);
    // Overloaded: all three were on a call at 10:00 and worked past it.
    assert!(overtime > 0.0);
    // The late shift's end is the horizon end: it stays for the drain, no overtime counted.
    let late_ends: f64 = (0..tally.intervals)
        .map(|k| tally.shifts[k * g + 1].shift_ends)
        .sum();
    assert_eq!(late_ends, 0.0);
}

#[test]
fn shift_errors_name_the_key_and_the_fix() {
    let text = scenario(
        "[[groups]]\nname = \"team\"\nagents = 3\n[[groups.shifts]]\nstart = \"8am\"\nlength = \"04:00\"\ncount = [1, 2]",
        PATIENCE,
    );
    let raw = ccsim::scenario::parse(&text).unwrap();
    let problems = ccsim::scenario::validate(&raw).unwrap_err();
    let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        all.iter()
            .any(|p| p.contains("groups[0].agents") && p.contains("not both")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|p| p.contains("groups[0].shifts[0].start") && p.contains("8am")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|p| p.contains("groups[0].shifts[0].count") && p.contains("day")),
        "{all:?}"
    );
    let raw = ccsim::scenario::parse(&scenario("[[groups]]\nname = \"team\"", PATIENCE)).unwrap();
    let problems = ccsim::scenario::validate(&raw).unwrap_err();
    assert!(
        problems[0].to_string().contains("groups[0].agents"),
        "{problems:?}"
    );
}
