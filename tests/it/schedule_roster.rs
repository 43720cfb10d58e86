//! Rosters over a week: with `same_start = false` (the default) each agent
//! has a days-off pattern and may work a different shift each working day;
//! with `same_start = true` one shift all week. Both keep the days-off
//! rules, cover every interval after breaks and report a true LP bound; the
//! per-day roster is a relaxation of the same-start one and comes within 2%
//! of the brute-force optimum on a small case.

use ccsim::schedule::plan::RosterAgent;
use ccsim::schedule::requirement::Requirement;
use ccsim::schedule::{plan, rules, Schedule, ShiftRules};

/// A week of 12 one-hour intervals from 08:00, a different profile each day.
fn week() -> Requirement {
    let base = [3., 3., 4., 4., 5., 5., 4., 4., 3., 3., 2., 2.];
    let mut agents = Vec::new();
    for d in 0..7 {
        for (k, a) in base.iter().enumerate() {
            // Monday busiest, the weekend quieter; the afternoon shifts with the day.
            let f: f64 = [1.6, 1.3, 1.2, 1.1, 1.2, 0.7, 0.5][d];
            let late = if k >= 6 && d % 2 == 1 { 1.0 } else { 0.0 };
            agents.push((a * f + late).round());
        }
    }
    Requirement {
        start_of_day: 8.0 * 3600.0,
        interval: 3600.0,
        intervals: 12,
        agents,
    }
}

fn week_rules(same_start: bool) -> ShiftRules {
    rules::parse(&format!(
        r#"
        lengths = ["06:00", "08:00"]
        start_every = "03:00"
        roster = true
        work_days = 5
        consecutive_days_off = true
        same_start = {same_start}
        time_limit_seconds = {limit}
        mip_gap = 0
        [[breaks]]
        after = "02:00"
        within = "01:00"
        length = "00:30"
        paid = false
        "#,
        // The same-start program is only searched briefly: the per-day
        // optimum is below every same-start roster, found or not.
        limit = if same_start { 2 } else { 10 },
    ))
    .unwrap()
}

fn rest_days_in_a_row(a: &RosterAgent) -> bool {
    let off: Vec<usize> = (0..7).filter(|d| !a.works[*d]).collect();
    off.len() == 2 && (off[1] == off[0] + 1 || (off[0] == 0 && off[1] == 6))
}

/// Every day, the roster's agents on each shift are the schedule's count.
fn roster_matches_counts(s: &Schedule) {
    let roster = s.roster.as_ref().unwrap();
    for (i, sh) in s.shifts.iter().enumerate() {
        for (d, &count) in sh.counts.iter().enumerate() {
            let on = roster.iter().filter(|a| a.shifts[d] == Some(i)).count() as u32;
            assert_eq!(on, count, "shift {} day {}", i + 1, d + 1);
        }
    }
    for a in roster {
        for d in 0..a.works.len() {
            assert_eq!(a.works[d], a.shifts[d].is_some(), "agent {}", a.number);
        }
    }
}

#[test]
fn a_per_day_roster_keeps_the_days_off_covers_every_interval_and_beats_same_start() {
    let req = week();
    let per_day = plan(&req, &week_rules(false)).unwrap();
    let same = plan(&req, &week_rules(true)).unwrap();
    for s in [&per_day, &same] {
        let roster = s.roster.as_ref().unwrap();
        assert!(!roster.is_empty());
        for a in roster {
            assert!(a.works.iter().filter(|w| **w).count() <= 5);
            assert!(rest_days_in_a_row(a), "agent {}: {:?}", a.number, a.works);
        }
        for (r, c) in s.coverage.iter().enumerate() {
            assert!(
                c.on_phones >= c.required - 1e-6,
                "day {} interval {}: {} on the phones for {}",
                r / 12 + 1,
                r % 12,
                c.on_phones,
                c.required
            );
        }
        roster_matches_counts(s);
        assert!(s.solved.lp_bound <= s.solved.objective + 1e-6);
    }
    assert!(
        per_day.solved.proven_optimal,
        "not solved to optimality: {:?}",
        per_day.solved
    );
    // The per-day roster is a relaxation of the same-start one.
    let (a, b) = (
        per_day.totals(&week_rules(false)).paid_hours,
        same.totals(&week_rules(true)).paid_hours,
    );
    assert!(a <= b + 1e-9, "per day {a} paid hours, same start {b}");
    // Its agents do change shifts on this week (the profiles differ by day).
    assert!(per_day
        .roster
        .as_ref()
        .unwrap()
        .iter()
        .any(|a| a.same_shift().is_none()));
    // Same start: one shift, so one start, all week for every agent.
    for a in same.roster.as_ref().unwrap() {
        let i = a.same_shift().expect("one shift all week");
        for d in 0..7 {
            assert_eq!(a.shifts[d], a.works[d].then_some(i));
        }
    }
}

#[test]
fn rest_days_need_not_be_in_a_row_unless_asked() {
    let r = rules::parse(
        r#"
        lengths = ["08:00"]
        start_every = "02:00"
        days = 7
        roster = true
        work_days = 4
        time_limit_seconds = 3
        "#,
    )
    .unwrap();
    let req = Requirement {
        agents: week().agents[..12].to_vec(),
        ..week()
    };
    let s = plan(&req, &r).unwrap();
    for a in s.roster.as_ref().unwrap() {
        assert!(a.works.iter().filter(|w| **w).count() <= 4);
    }
    assert!(s.coverage.iter().all(|c| c.on_phones >= c.required - 1e-9));
    roster_matches_counts(&s);
    assert!(s.solved.lp_bound <= s.solved.objective + 1e-6);
}

/// Least paid hours of a per-day roster by brute force: every count of
/// agents on each days-off pattern, and on each day the cheapest shifts
/// with exactly that day's agents that cover it.
fn brute_force(req: &Requirement, r: &ShiftRules) -> f64 {
    let cands = ccsim::schedule::candidates::candidates(req, r);
    let pats = ccsim::schedule::plan::patterns(req.days(), r.work_days, r.consecutive_days_off);
    let n = req.intervals;
    // day_best[d][x]: cheapest shifts of exactly x agents covering day d.
    let max_agents = 8usize;
    let mut day_best = vec![vec![f64::INFINITY; max_agents + 1]; req.days()];
    let mut counts = vec![0usize; cands.len()];
    loop {
        let total: usize = counts.iter().sum();
        if total <= max_agents {
            let cost: f64 = cands
                .iter()
                .zip(&counts)
                .map(|(c, x)| c.paid_hours * *x as f64)
                .sum();
            for (d, best) in day_best.iter_mut().enumerate() {
                let ok = (0..n).all(|k| {
                    let have: f64 = cands
                        .iter()
                        .zip(&counts)
                        .map(|(c, x)| c.on_phones[k] * *x as f64)
                        .sum();
                    have >= req.agents[d * n + k] - 1e-9
                });
                if ok && cost < best[total] {
                    best[total] = cost;
                }
            }
        }
        if !super::common::next_counts(&mut counts, max_agents) {
            break;
        }
    }
    let mut best = f64::INFINITY;
    let mut y = vec![0usize; pats.len()];
    loop {
        let cost: f64 = (0..req.days())
            .map(|d| {
                let x: usize = (0..pats.len()).filter(|p| pats[*p][d]).map(|p| y[p]).sum();
                day_best[d].get(x).copied().unwrap_or(f64::INFINITY)
            })
            .sum();
        best = best.min(cost);
        if !super::common::next_counts(&mut y, max_agents) {
            return best;
        }
    }
}

#[test]
fn a_small_per_day_roster_is_within_two_percent_of_the_brute_force_optimum() {
    // Three days of four one-hour intervals, two working days each, shifts
    // of 2 or 3 hours starting on the hour: 5 candidates, 3 patterns.
    let r = rules::parse(
        r#"
        lengths = ["02:00", "03:00"]
        start_every = "01:00"
        roster = true
        work_days = 2
        time_limit_seconds = 10
        "#,
    )
    .unwrap();
    let req = Requirement {
        start_of_day: 8.0 * 3600.0,
        interval: 3600.0,
        intervals: 4,
        agents: vec![2., 3., 3., 1., 1., 2., 2., 2., 3., 3., 1., 1.],
    };
    assert_eq!(ccsim::schedule::candidates::candidates(&req, &r).len(), 5);
    let optimum = brute_force(&req, &r);
    assert!(optimum.is_finite());
    let s = plan(&req, &r).unwrap();
    let paid = s.totals(&r).paid_hours;
    assert!(
        paid <= optimum * 1.02 + 1e-9,
        "roster {paid} paid hours, optimum {optimum}"
    );
    assert!(
        paid >= optimum - 1e-9,
        "below the optimum: {paid} < {optimum}"
    );
    assert!(s.solved.lp_bound <= optimum + 1e-9);
    for a in s.roster.as_ref().unwrap() {
        assert_eq!(a.works.iter().filter(|w| **w).count(), 2);
    }
    roster_matches_counts(&s);
}

#[test]
fn same_start_without_a_roster_is_refused_by_name() {
    let e = rules::parse("lengths = [\"08:00\"]\nsame_start = true").unwrap_err();
    assert!(
        e[0].path == "same_start" && e[0].message.contains("roster = true"),
        "{e:?}"
    );
    assert!(
        !rules::parse("lengths = [\"08:00\"]\nroster = true")
            .unwrap()
            .same_start
    );
}

#[test]
fn the_roster_csv_gives_each_days_shift_and_one_shift_only_when_it_is_the_same_all_week() {
    use crate::common::ccsim;
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let mut text = String::from("day,interval,required\n");
    let req = week();
    for (i, a) in req.agents.iter().enumerate() {
        text.push_str(&format!("{},{:02}:00,{a}\n", i / 12 + 1, 8 + i % 12));
    }
    std::fs::write(p("req.csv"), text).unwrap();
    let rules = "lengths = [\"06:00\", \"08:00\"]\nstart_every = \"03:00\"\nroster = true\nconsecutive_days_off = true\ntime_limit_seconds = 5\n";
    std::fs::write(p("rules.toml"), rules).unwrap();
    let o = ccsim(&[
        "schedule",
        &p("req.csv"),
        "--rules",
        &p("rules.toml"),
        "--roster",
        &p("roster.csv"),
        "--no-check",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(p("roster.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "agent,shift,start,end,day1,day2,day3,day4,day5,day6,day7"
    );
    let (mut same, mut varying) = (0, 0);
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 11, "{line}");
        let worked: Vec<&str> = f[4..].iter().copied().filter(|d| *d != "off").collect();
        assert_eq!(worked.len(), 5, "{line}");
        assert!(
            worked.iter().all(|d| d.len() == 11 && &d[5..6] == "-"),
            "{line}"
        );
        if f[1].is_empty() {
            assert!(f[2].is_empty() && f[3].is_empty(), "{line}");
            assert!(worked.iter().any(|d| *d != worked[0]), "{line}");
            varying += 1;
        } else {
            let span = format!("{}-{}", f[2], f[3]);
            assert!(worked.iter().all(|d| *d == span), "{line}");
            same += 1;
        }
    }
    assert!(same > 0 && varying > 0, "{same} steady, {varying} varying");
}
