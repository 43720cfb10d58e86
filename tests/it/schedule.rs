//! `ccsim schedule`: the integer program covers the requirement, comes
//! within 2% of the brute-force optimum, and its LP bound is a true lower
//! bound; the command writes its files and rejects bad input by name.

use ccsim::schedule::requirement::Requirement;
use ccsim::schedule::{plan, rules};

fn requirement(agents: &[f64], interval_minutes: f64) -> Requirement {
    Requirement {
        start_of_day: 8.0 * 3600.0,
        interval: interval_minutes * 60.0,
        intervals: agents.len(),
        agents: agents.to_vec(),
    }
}

/// The 24 half-hour intervals of scenarios/staffing-day.toml as Erlang A requires them.
const DAY: [f64; 24] = [
    23., 30., 38., 46., 51., 53., 53., 50., 43., 40., 42., 45., 46., 45., 42., 38., 35., 32., 28.,
    25., 21., 18., 15., 13.,
];

#[test]
fn every_interval_of_a_24_interval_day_is_covered_after_breaks() {
    let r = rules::parse(
        r#"
        lengths = ["04:00", "06:00", "08:00"]
        start_every = "00:30"
        shrinkage = 0.1
        absenteeism = 0.05
        time_limit_seconds = 5
        [[breaks]]
        after = "01:30"
        within = "01:00"
        length = "00:15"
        [[breaks]]
        after = "03:00"
        within = "01:00"
        length = "00:30"
        paid = false
        min_shift_length = "06:00"
        "#,
    )
    .unwrap();
    let s = plan(&requirement(&DAY, 30.0), &r).unwrap();
    assert_eq!(s.coverage.len(), 24);
    for (k, c) in s.coverage.iter().enumerate() {
        assert!(
            c.on_phones >= c.required - 1e-6,
            "interval {k}: {} on the phones for {} required",
            c.on_phones,
            c.required
        );
    }
    // Coverage is recomputed from the shifts: breaks take agents off the phones.
    let t = s.totals(&r);
    let scheduled: f64 = s.coverage.iter().map(|c| c.scheduled).sum();
    let phones: f64 = s.coverage.iter().map(|c| c.on_phones).sum();
    assert!(phones < scheduled * 0.9 * 0.95 + 1e-9);
    assert!(t.under_hours < 1e-9);
    // Paid hours are the shifts' paid spans (unpaid lunch left out).
    let paid: f64 = s
        .shifts
        .iter()
        .map(|sh| f64::from(sh.counts[0]) * sh.shift.paid_hours)
        .sum();
    assert!((t.paid_hours - paid).abs() < 1e-9);
    assert!(s.solved.lp_bound <= s.solved.objective + 1e-6);
}

/// Brute force over every count vector of a small program.
fn brute_force(req: &Requirement, r: &ccsim::schedule::ShiftRules) -> f64 {
    let cands = ccsim::schedule::candidates::candidates(req, r);
    let max = 6u32;
    let mut best = f64::INFINITY;
    let mut counts = vec![0u32; cands.len()];
    loop {
        let cost: f64 = cands
            .iter()
            .zip(&counts)
            .map(|(c, n)| c.paid_hours * f64::from(*n))
            .sum();
        if cost < best {
            let ok = (0..req.intervals).all(|k| {
                let have: f64 = cands
                    .iter()
                    .zip(&counts)
                    .map(|(c, n)| c.on_phones[k] * f64::from(*n))
                    .sum();
                have >= req.agents[k] - 1e-9
            });
            if ok {
                best = cost;
            }
        }
        if !super::common::next_counts(&mut counts, max) {
            return best;
        }
    }
}

#[test]
fn paid_hours_are_within_two_percent_of_the_brute_force_optimum_and_above_the_lp_bound() {
    // 8 one-hour intervals, starts every 2 hours, shifts of 2, 4 or 6 hours
    // with a paid 30-minute break in the 4- and 6-hour shifts: 9 candidates.
    let r = rules::parse(
        r#"
        lengths = ["02:00", "04:00", "06:00"]
        start_every = "02:00"
        [[breaks]]
        after = "01:30"
        length = "00:30"
        paid = false
        min_shift_length = "04:00"
        "#,
    )
    .unwrap();
    let req = requirement(&[2., 3., 5., 4., 4., 5., 3., 2.], 60.0);
    let cands = ccsim::schedule::candidates::candidates(&req, &r);
    assert_eq!(cands.len(), 9);
    let optimum = brute_force(&req, &r);
    let s = plan(&req, &r).unwrap();
    let paid = s.totals(&r).paid_hours;
    assert!(optimum.is_finite());
    assert!(
        paid <= optimum * 1.02 + 1e-9,
        "schedule {paid} paid hours, optimum {optimum}"
    );
    assert!(
        paid >= optimum - 1e-9,
        "below the optimum: {paid} < {optimum}"
    );
    assert!(
        s.solved.lp_bound <= optimum + 1e-9,
        "LP bound {} above the integer optimum {optimum}",
        s.solved.lp_bound
    );
    assert!(s.solved.lp_bound > 0.0);
}

#[test]
fn minimum_per_shift_is_respected_and_lp_bound_stays_below() {
    let r = rules::parse(
        r#"
        lengths = ["04:00"]
        start_every = "01:00"
        min_per_shift = 3
        "#,
    )
    .unwrap();
    let req = requirement(&[1., 1., 4., 4., 4., 4., 1., 1.], 60.0);
    let s = plan(&req, &r).unwrap();
    for sh in &s.shifts {
        assert!(sh.counts[0] >= 3, "shift with {} agents", sh.counts[0]);
    }
    assert!(s.coverage.iter().all(|c| c.on_phones >= c.required - 1e-9));
    assert!(s.solved.lp_bound <= s.solved.objective + 1e-9);
    let optimum = brute_force(&req, &r);
    // brute_force ignores the minimum, so it is a lower bound here too.
    assert!(s.solved.lp_bound <= optimum + 1e-9);
}

#[test]
fn a_week_roster_gives_each_agent_five_working_days_with_two_rest_days_in_a_row() {
    let r = rules::parse(
        r#"
        lengths = ["08:00"]
        start_every = "02:00"
        days = 7
        roster = true
        work_days = 5
        consecutive_days_off = true
        time_limit_seconds = 5
        "#,
    )
    .unwrap();
    let req = requirement(&[3., 3., 4., 4., 5., 5., 4., 4., 3., 3., 2., 2.], 60.0);
    let s = plan(&req, &r).unwrap();
    assert_eq!(s.requirement.days(), 7);
    let roster = s.roster.as_ref().unwrap();
    assert!(!roster.is_empty());
    for a in roster {
        assert_eq!(a.works.iter().filter(|w| **w).count(), 5);
        let off: Vec<usize> = (0..7).filter(|d| !a.works[*d]).collect();
        assert!(
            off[1] == off[0] + 1 || (off[0] == 0 && off[1] == 6),
            "rest days {off:?}"
        );
    }
    assert!(s.coverage.iter().all(|c| c.on_phones >= c.required - 1e-9));
    // Counts per day agree with the roster.
    for d in 0..7 {
        let working = roster.iter().filter(|a| a.works[d]).count() as u32;
        let counted: u32 = s.shifts.iter().map(|sh| sh.counts[d]).sum();
        assert_eq!(working, counted);
    }
}

#[test]
fn rules_errors_name_the_key_and_the_value() {
    let e = rules::parse("lengths = [\"8h\"]").unwrap_err();
    assert!(
        e[0].path == "lengths[0]" && e[0].message.contains("8h"),
        "{e:?}"
    );
    let e = rules::parse("lengths = [\"08:00\"]\nshrinkage = 1.5").unwrap_err();
    assert!(e
        .iter()
        .any(|p| p.path == "shrinkage" && p.message.contains("1.5")));
    let e = rules::parse("lengths = [\"08:00\"]\nlenghts = 1").unwrap_err();
    assert!(e[0].message.contains("lenghts"), "{e:?}");
}

#[test]
fn the_command_reads_erlang_output_and_writes_the_schedule_csv() {
    use crate::common::{ccsim, repo_path};
    let dir = tempfile::tempdir().unwrap();
    let req = dir.path().join("req.csv");
    let mut text = String::from("interval,required\n");
    for (k, a) in DAY.iter().enumerate() {
        text.push_str(&format!("{:02}:{:02},{a}\n", 8 + k / 2, (k % 2) * 30));
    }
    std::fs::write(&req, text).unwrap();
    let out = dir.path().join("schedule.csv");
    let o = ccsim(&[
        "schedule",
        req.to_str().unwrap(),
        "--rules",
        repo_path("scenarios/shifts/day-rules.toml")
            .to_str()
            .unwrap(),
        "--schedule",
        out.to_str().unwrap(),
        "--no-check",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "shift,start,end,length,paid_hours,breaks,count"
    );
    let total: u32 = lines
        .map(|l| l.rsplit(',').next().unwrap().parse::<u32>().unwrap())
        .sum();
    assert!(total > 0);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Paid hours") && stdout.contains("LP bound"),
        "{stdout}"
    );
    // A requirement without a requirement column is named and refused (exit 2).
    std::fs::write(&req, "interval,calls\n08:00,3\n").unwrap();
    let o = ccsim(&[
        "schedule",
        req.to_str().unwrap(),
        "--rules",
        repo_path("scenarios/shifts/day-rules.toml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("req.csv") && err.contains("required"), "{err}");
}
