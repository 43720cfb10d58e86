//! The `[satisfaction]` table: how a finished call becomes a satisfaction
//! score, and what satisfied and dissatisfied callers go on to do (word of
//! mouth, complaints, churn). Every key is optional; the defaults are the
//! figures of the service-management texts the project grew out of (see
//! docs/satisfaction.md).
//!
//! This file holds the TOML mirror ([`RawSatisfaction`]), the validated form
//! ([`Satisfaction`]) and the check between them, so the core scenario files
//! only gain one field each.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// `[satisfaction]` as written; absent keys take their defaults.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSatisfaction {
    /// Whether reports carry the satisfaction model at all (default true);
    /// `false` leaves every satisfaction figure out.
    #[serde(default = "default_enabled")]
    pub enabled: bool,
    /// Wait-to-score curve of answered calls: `[seconds, score]` points with
    /// increasing seconds; linear between points, flat before the first and
    /// after the last.
    #[serde(default = "default_curve")]
    pub curve: Vec<(f64, f64)>,
    /// Score of a caller who hung up while waiting.
    #[serde(default = "default_abandoned")]
    pub abandoned_score: f64,
    /// Score of a caller who heard a busy signal.
    #[serde(default)]
    pub blocked_score: f64,
    /// A caller is satisfied when the score is at least this.
    #[serde(default = "default_satisfied_at")]
    pub satisfied_at: f64,
    /// People a satisfied caller tells.
    #[serde(default = "default_tells_satisfied")]
    pub tells_if_satisfied: f64,
    /// People a dissatisfied caller tells.
    #[serde(default = "default_tells_dissatisfied")]
    pub tells_if_dissatisfied: f64,
    /// Share of dissatisfied callers who complain where the center sees it.
    #[serde(default = "default_complaint_share")]
    pub complaint_share: f64,
    /// Share of dissatisfied callers who leave (take their business elsewhere).
    #[serde(default = "default_churn")]
    pub churn_if_dissatisfied: f64,
    /// What keeping one customer costs, in the scenario's currency.
    #[serde(default)]
    pub customer_value: f64,
    /// Winning a new customer costs this many times `customer_value`.
    #[serde(default = "default_acquisition")]
    pub acquisition_cost_factor: f64,
}

fn default_enabled() -> bool {
    true
}
fn default_curve() -> Vec<(f64, f64)> {
    vec![(0.0, 1.0), (60.0, 0.8), (300.0, 0.2)]
}
fn default_abandoned() -> f64 {
    0.1
}
fn default_satisfied_at() -> f64 {
    0.6
}
fn default_tells_satisfied() -> f64 {
    6.0
}
fn default_tells_dissatisfied() -> f64 {
    15.0
}
fn default_complaint_share() -> f64 {
    0.04
}
fn default_churn() -> f64 {
    0.1
}
fn default_acquisition() -> f64 {
    5.0
}

impl Default for RawSatisfaction {
    fn default() -> Self {
        RawSatisfaction {
            enabled: true,
            curve: default_curve(),
            abandoned_score: default_abandoned(),
            blocked_score: 0.0,
            satisfied_at: default_satisfied_at(),
            tells_if_satisfied: default_tells_satisfied(),
            tells_if_dissatisfied: default_tells_dissatisfied(),
            complaint_share: default_complaint_share(),
            churn_if_dissatisfied: default_churn(),
            customer_value: 0.0,
            acquisition_cost_factor: default_acquisition(),
        }
    }
}

/// The validated satisfaction model (same meaning as [`RawSatisfaction`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Satisfaction {
    /// Whether reports carry the satisfaction figures.
    pub enabled: bool,
    /// `(seconds, score)` points, seconds strictly increasing, scores in [0, 1].
    pub curve: Vec<(f64, f64)>,
    /// Score of an abandoned caller (also of one still waiting when the center closed).
    pub abandoned_score: f64,
    /// Score of a blocked caller.
    pub blocked_score: f64,
    /// Satisfied when score >= this.
    pub satisfied_at: f64,
    /// People a satisfied caller tells.
    pub tells_if_satisfied: f64,
    /// People a dissatisfied caller tells.
    pub tells_if_dissatisfied: f64,
    /// Share of dissatisfied callers who complain.
    pub complaint_share: f64,
    /// Share of dissatisfied callers who leave.
    pub churn_if_dissatisfied: f64,
    /// Cost of keeping one customer.
    pub customer_value: f64,
    /// Cost of winning one customer over the cost of keeping one.
    pub acquisition_cost_factor: f64,
}

impl Default for Satisfaction {
    fn default() -> Self {
        check(&RawSatisfaction::default(), &mut Vec::new())
    }
}

impl Satisfaction {
    /// The curve's score for a wait of `wait` seconds (before the group's quality).
    #[inline]
    pub fn curve_score(&self, wait: f64) -> f64 {
        curve_at(&self.curve, wait)
    }
}

/// Piecewise-linear interpolation of `points` at `x`, flat outside them.
#[inline]
pub fn curve_at(points: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(x0, y0)) = points.first() else {
        return 0.0;
    };
    if x <= x0 {
        return y0;
    }
    let mut prev = (x0, y0);
    for &(xi, yi) in &points[1..] {
        if x < xi {
            return prev.1 + (yi - prev.1) * (x - prev.0) / (xi - prev.0);
        }
        if x == xi {
            return yi;
        }
        prev = (xi, yi);
    }
    prev.1
}

/// Checks `[satisfaction]`, adding every problem to `problems` with its TOML path.
pub fn check(raw: &RawSatisfaction, problems: &mut Vec<Problem>) -> Satisfaction {
    let mut fail = |path: String, message: String| problems.push(Problem { path, message });
    let p = "satisfaction";
    if raw.curve.is_empty() {
        fail(
            format!("{p}.curve"),
            "must list at least one [seconds, score] point".into(),
        );
    }
    for (i, &(s, v)) in raw.curve.iter().enumerate() {
        if !(s.is_finite() && s >= 0.0) {
            fail(
                format!("{p}.curve[{i}][0]"),
                format!("seconds must be a finite number >= 0 (got {s})"),
            );
        }
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            fail(
                format!("{p}.curve[{i}][1]"),
                format!("a score must lie between 0 and 1 (got {v})"),
            );
        }
        if i > 0 && s <= raw.curve[i - 1].0 {
            fail(
                format!("{p}.curve[{i}][0]"),
                format!(
                    "seconds must increase from point to point ({} then {s})",
                    raw.curve[i - 1].0
                ),
            );
        }
    }
    let scores = [
        ("abandoned_score", raw.abandoned_score),
        ("blocked_score", raw.blocked_score),
        ("satisfied_at", raw.satisfied_at),
        ("complaint_share", raw.complaint_share),
        ("churn_if_dissatisfied", raw.churn_if_dissatisfied),
    ];
    for (key, v) in scores {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            fail(
                format!("{p}.{key}"),
                format!("must be a fraction between 0 and 1 (got {v})"),
            );
        }
    }
    let amounts = [
        ("tells_if_satisfied", raw.tells_if_satisfied),
        ("tells_if_dissatisfied", raw.tells_if_dissatisfied),
        ("customer_value", raw.customer_value),
        ("acquisition_cost_factor", raw.acquisition_cost_factor),
    ];
    for (key, v) in amounts {
        if !(v.is_finite() && v >= 0.0) {
            fail(
                format!("{p}.{key}"),
                format!("must be a finite number >= 0 (got {v})"),
            );
        }
    }
    Satisfaction {
        enabled: raw.enabled,
        curve: raw.curve.clone(),
        abandoned_score: raw.abandoned_score,
        blocked_score: raw.blocked_score,
        satisfied_at: raw.satisfied_at,
        tells_if_satisfied: raw.tells_if_satisfied,
        tells_if_dissatisfied: raw.tells_if_dissatisfied,
        complaint_share: raw.complaint_share,
        churn_if_dissatisfied: raw.churn_if_dissatisfied,
        customer_value: raw.customer_value,
        acquisition_cost_factor: raw.acquisition_cost_factor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_curve_interpolates_and_is_flat_outside() {
        let s = Satisfaction::default();
        assert_eq!(s.curve_score(0.0), 1.0);
        assert!((s.curve_score(30.0) - 0.9).abs() < 1e-12);
        assert!((s.curve_score(180.0) - 0.5).abs() < 1e-12);
        assert_eq!(s.curve_score(300.0), 0.2);
        assert_eq!(s.curve_score(5000.0), 0.2);
        assert_eq!(curve_at(&[(10.0, 0.7)], 0.0), 0.7);
        assert_eq!(curve_at(&[(10.0, 0.7)], 99.0), 0.7);
    }

    #[test]
    fn every_bad_value_is_named_with_its_path() {
        let raw = RawSatisfaction {
            curve: vec![(0.0, 1.0), (0.0, 1.5)],
            satisfied_at: 2.0,
            tells_if_dissatisfied: -1.0,
            ..RawSatisfaction::default()
        };
        let mut problems = Vec::new();
        check(&raw, &mut problems);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "satisfaction.curve[1][1]",
                "satisfaction.curve[1][0]",
                "satisfaction.satisfied_at",
                "satisfaction.tells_if_dissatisfied"
            ]
        );
    }
}
