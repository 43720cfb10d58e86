//! Staffing: the fewest agents (or lines) whose exact figures meet a set of
//! targets, and a fractional requirement for summing over a day.

use super::{
    check, erlang_a_figures, erlang_b_figures, erlang_c_figures, offered_load, AnalyticError,
    Figures,
};

/// Targets a staffing must meet; None = not asked.
///
/// Why: planners state service as "80 % within 20 s" plus limits on ASA,
/// abandonment, blocking or agent occupancy (burn-out). Each given target is
/// compared with the matching field of [`Figures`]: `service_level >= target`
/// (at `threshold` seconds), the others `<=`. Reference: Koole, "Call Center
/// Optimization" (2013), chapter on staffing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Targets {
    /// Minimum service level (fraction answered within `threshold` over all calls).
    pub service_level: Option<f64>,
    /// Service-level threshold `T`, seconds.
    pub threshold: f64,
    /// Maximum average speed of answer, seconds.
    pub max_asa: Option<f64>,
    /// Maximum abandonment rate (fraction).
    pub max_abandon: Option<f64>,
    /// Maximum blocking rate (fraction).
    pub max_block: Option<f64>,
    /// Maximum occupancy (fraction).
    pub max_occupancy: Option<f64>,
}

/// Which formula to staff with.
///
/// Why: trunk sizing uses Erlang B, classic staffing Erlang C, and staffing
/// with realistic hang-ups Erlang A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Model {
    /// M/M/c/c loss system: staff lines (one agent per line).
    ErlangB,
    /// M/M/c delay system, no abandonment.
    ErlangC,
    /// M/M/c+M with exponential patience of the given mean, seconds.
    ErlangA {
        /// Mean patience, seconds (`INFINITY` = Erlang C).
        mean_patience: f64,
    },
}

impl Model {
    /// True when the model has no steady state at load >= agents.
    fn needs_stability(self) -> bool {
        match self {
            Model::ErlangB => false,
            Model::ErlangC => true,
            Model::ErlangA { mean_patience } => mean_patience == f64::INFINITY,
        }
    }

    fn figures(
        self,
        rate: f64,
        mean_handle: f64,
        n: u32,
        threshold: f64,
    ) -> Result<Figures, AnalyticError> {
        match self {
            Model::ErlangB => erlang_b_figures(rate, mean_handle, n),
            Model::ErlangC => erlang_c_figures(rate, mean_handle, n, threshold),
            Model::ErlangA { mean_patience } => {
                erlang_a_figures(rate, mean_handle, mean_patience, n, threshold)
            }
        }
    }
}

/// `(figure, target)` pairs of every given target, service level negated so
/// that "met" always means `figure <= target`.
fn checks(f: &Figures, t: &Targets) -> Vec<(f64, f64)> {
    let pairs = [
        (t.service_level.map(|x| -x), -f.service_level),
        (t.max_asa, f.asa_seconds),
        (t.max_abandon, f.abandon_rate),
        (t.max_block, f.block_rate),
        (t.max_occupancy, f.occupancy),
    ];
    pairs
        .iter()
        .filter_map(|&(t, v)| t.map(|t| (v, t)))
        .collect()
}

fn meets(f: &Figures, t: &Targets) -> bool {
    checks(f, t).iter().all(|&(v, t)| v <= t)
}

/// A target that no finite staffing meets exactly when calls arrive, why,
/// and the nearest one that can be met (the same targets otherwise).
fn impossible(model: Model, t: &Targets) -> Option<(String, &'static str, String, Targets)> {
    let mut relaxed = *t;
    let patience = matches!(model, Model::ErlangA { mean_patience } if mean_patience.is_finite());
    if t.service_level.is_some_and(|s| s >= 1.0) {
        relaxed.service_level = Some(0.9999);
        return Some((
            "a service level of 1".into(),
            "some callers always wait longer than the threshold, or are blocked or hang up",
            "a service level of 0.9999".into(),
            relaxed,
        ));
    }
    if matches!(model, Model::ErlangB) && t.max_block.is_some_and(|b| b <= 0.0) {
        relaxed.max_block = Some(1e-4);
        return Some((
            "a blocking rate of 0".into(),
            "with finitely many lines some calls always find them all busy",
            "a blocking rate of 0.0001".into(),
            relaxed,
        ));
    }
    if !matches!(model, Model::ErlangB) && t.max_asa.is_some_and(|a| a <= 0.0) {
        relaxed.max_asa = Some(1.0);
        return Some((
            "an ASA of 0 s".into(),
            "some callers always wait",
            "an ASA of 1 s".into(),
            relaxed,
        ));
    }
    if patience && t.max_abandon.is_some_and(|a| a <= 0.0) {
        relaxed.max_abandon = Some(1e-4);
        return Some((
            "an abandonment rate of 0".into(),
            "with finite patience some callers always hang up",
            "an abandonment rate of 0.0001".into(),
            relaxed,
        ));
    }
    None
}

fn validate(model: Model, targets: &Targets) -> Result<(), AnalyticError> {
    check("threshold", targets.threshold)?;
    let given = [
        ("service_level", targets.service_level),
        ("max_asa", targets.max_asa),
        ("max_abandon", targets.max_abandon),
        ("max_block", targets.max_block),
        ("max_occupancy", targets.max_occupancy),
    ];
    for (name, v) in given {
        if let Some(v) = v {
            check(name, v)?;
        }
    }
    match model {
        Model::ErlangA { mean_patience } if mean_patience != f64::INFINITY => {
            check("mean_patience", mean_patience)?;
        }
        _ => {}
    }
    Ok(())
}

/// Fewest agents (lines for Erlang B) meeting every target, and the figures there.
///
/// Why: the planner's question per interval. The search starts at the
/// minimum staffing — `floor(a) + 1` for Erlang C (below that there is no
/// steady state), 1 otherwise — then doubles its step until the targets are
/// met and bisects back; every figure used is monotone in the number of
/// agents, so this returns `n` with the targets met at `n` and missed at
/// `n - 1`, in O(log n) evaluations. No targets means the minimum staffing;
/// `rate = 0` gives 0 agents. Errors with [`AnalyticError::Unreachable`]
/// when `limit` agents do not suffice.
/// Reference: Koole, "Call Center Optimization" (2013); Gans, Koole &
/// Mandelbaum, "Telephone call centers: tutorial, review, and research
/// prospects" (2003).
pub fn required_agents(
    model: Model,
    rate: f64,
    mean_handle: f64,
    targets: &Targets,
    limit: u32,
) -> Result<Figures, AnalyticError> {
    let a = offered_load(rate, mean_handle)?;
    validate(model, targets)?;
    let eval = |n: u32| model.figures(rate, mean_handle, n, targets.threshold);
    if a == 0.0 {
        return eval(0);
    }
    if let Some((what, why, relaxed_text, relaxed)) = impossible(model, targets) {
        let nearest = required_agents(model, rate, mean_handle, &relaxed, limit)
            .ok()
            .map(|f| f.agents);
        return Err(AnalyticError::Impossible {
            what,
            why,
            relaxed: relaxed_text,
            nearest,
        });
    }
    let lo = if model.needs_stability() {
        (a.floor() + 1.0).min(u32::MAX as f64) as u32
    } else {
        1
    };
    if lo > limit {
        return Err(AnalyticError::Unreachable { limit });
    }
    let first = eval(lo)?;
    if meets(&first, targets) {
        return Ok(first);
    }
    let (mut bad, mut step) = (lo, 1u32);
    let (mut good, mut good_f) = loop {
        if bad >= limit {
            return Err(AnalyticError::Unreachable { limit });
        }
        let cand = bad.saturating_add(step).min(limit);
        let f = eval(cand)?;
        if meets(&f, targets) {
            break (cand, f);
        }
        bad = cand;
        step = step.saturating_mul(2);
    };
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        let f = eval(mid)?;
        if meets(&f, targets) {
            (good, good_f) = (mid, f);
        } else {
            bad = mid;
        }
    }
    Ok(good_f)
}

/// Fractional requirement: linear interpolation of the binding figure between n-1 and n agents (planners sum these over a day instead of rounding each interval up).
///
/// With `n` from [`required_agents`] and each target's figure `v` at `n - 1`
/// and `n`, a target needs `n - 1 + (target - v(n-1)) / (v(n) - v(n-1))`
/// agents (clamped to `[n - 1, n]`); the result is the largest of these. For
/// Erlang C the stability bound `a` also counts, and at `n - 1 <= a` the
/// figures take their overload limits (service level 0, occupancy 1,
/// ASA infinite, which makes an ASA target need the full `n`).
/// Reference: the interpolation convention of workforce-management tools,
/// see Koole, "Call Center Optimization" (2013).
pub fn fractional_agents(
    model: Model,
    rate: f64,
    mean_handle: f64,
    targets: &Targets,
    limit: u32,
) -> Result<f64, AnalyticError> {
    let at_n = required_agents(model, rate, mean_handle, targets, limit)?;
    let n = at_n.agents;
    if n == 0 {
        return Ok(0.0);
    }
    let a = at_n.offered_load;
    let stable = model.needs_stability();
    let prev = if stable && ((n - 1) as f64) <= a {
        let mut f = Figures::idle(n - 1, a);
        f.service_level = 0.0;
        f.service_level_answered = 0.0;
        f.p_wait = 1.0;
        f.asa_seconds = f64::INFINITY;
        f.mean_wait_seconds = f64::INFINITY;
        f.mean_queue_length = f64::INFINITY;
        f.occupancy = 1.0;
        f
    } else {
        model.figures(rate, mean_handle, n - 1, targets.threshold)?
    };
    let base = (n - 1) as f64;
    let mut need = if stable { a } else { base };
    for ((v0, t), (v1, _)) in checks(&prev, targets)
        .into_iter()
        .zip(checks(&at_n, targets))
    {
        let pos = if v0 <= t {
            base
        } else if v1 < v0 && v0.is_finite() {
            base + (v0 - t) / (v0 - v1)
        } else {
            n as f64
        };
        need = need.max(pos.clamp(base, n as f64));
    }
    if checks(&at_n, targets).is_empty() && !stable {
        need = n as f64;
    }
    Ok(need)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_models() -> [Model; 3] {
        [
            Model::ErlangB,
            Model::ErlangC,
            Model::ErlangA {
                mean_patience: 120.0,
            },
        ]
    }

    /// Checks `n` meets, `n - 1` misses (or is unstable), fractional in [n-1, n].
    fn check_minimal(model: Model, rate: f64, h: f64, t: &Targets) -> u32 {
        let f = required_agents(model, rate, h, t, 10_000).unwrap();
        assert!(meets(&f, t), "{model:?} {t:?}: {f:?}");
        let n = f.agents;
        if n > 1 {
            match model.figures(rate, h, n - 1, t.threshold) {
                Ok(p) => assert!(!meets(&p, t), "{model:?} {t:?}: n-1 = {} also meets", n - 1),
                Err(e) => assert!(matches!(e, AnalyticError::Overloaded { .. })),
            }
        }
        let x = fractional_agents(model, rate, h, t, 10_000).unwrap();
        assert!(
            x >= (n - 1) as f64 && x <= n as f64,
            "{model:?} {t:?}: {x} vs {n}"
        );
        n
    }

    #[test]
    fn every_target_kind_is_met_minimally() {
        let kinds = [
            Targets {
                service_level: Some(0.8),
                threshold: 20.0,
                ..Default::default()
            },
            Targets {
                max_asa: Some(15.0),
                ..Default::default()
            },
            Targets {
                max_abandon: Some(0.03),
                ..Default::default()
            },
            Targets {
                max_block: Some(0.01),
                ..Default::default()
            },
            Targets {
                max_occupancy: Some(0.85),
                ..Default::default()
            },
            Targets {
                service_level: Some(0.9),
                threshold: 10.0,
                max_occupancy: Some(0.9),
                max_abandon: Some(0.05),
                ..Default::default()
            },
            Targets::default(),
        ];
        for model in all_models() {
            for t in &kinds {
                for &(rate, h) in &[(0.2, 240.0), (0.001, 180.0), (10.0, 300.0)] {
                    check_minimal(model, rate, h, t);
                }
            }
        }
    }

    #[test]
    fn known_staffing() {
        // Hand computation with Erlang C (see erlang_c tests): 0.2 calls/s,
        // 240 s handle (a = 48): 55 agents give SL(15 s) = 0.8459 and
        // 54 agents give less than 0.8 (C(54, 48) = 0.301308,
        // 1 - 0.301308 e^{-6*15/240} = 0.7929).
        let t = Targets {
            service_level: Some(0.8),
            threshold: 15.0,
            ..Default::default()
        };
        assert_eq!(check_minimal(Model::ErlangC, 0.2, 240.0, &t), 55);
        // No targets: the minimum stable staffing floor(a) + 1.
        let f = required_agents(Model::ErlangC, 0.2, 240.0, &Targets::default(), 100).unwrap();
        assert_eq!(f.agents, 49);
        assert_eq!(
            fractional_agents(Model::ErlangC, 0.2, 240.0, &Targets::default(), 100).unwrap(),
            48.0
        );
        // Erlang B: 10 Erlangs at 1 % blocking need 18 lines (standard table:
        // 18 lines carry 10.44 Erlangs at 1 %, 17 lines 9.65).
        let t = Targets {
            max_block: Some(0.01),
            ..Default::default()
        };
        assert_eq!(check_minimal(Model::ErlangB, 0.1, 100.0, &t), 18);
    }

    #[test]
    fn edge_cases() {
        let t = Targets {
            service_level: Some(0.8),
            threshold: 20.0,
            ..Default::default()
        };
        assert_eq!(
            required_agents(Model::ErlangC, 0.0, 240.0, &t, 10)
                .unwrap()
                .agents,
            0
        );
        assert_eq!(
            fractional_agents(Model::ErlangC, 0.0, 240.0, &t, 10).unwrap(),
            0.0
        );
        assert_eq!(
            required_agents(Model::ErlangC, 0.2, 240.0, &t, 50),
            Err(AnalyticError::Unreachable { limit: 50 })
        );
        assert_eq!(
            required_agents(Model::ErlangC, 0.2, 240.0, &t, 10),
            Err(AnalyticError::Unreachable { limit: 10 })
        );
        let bad = Targets {
            service_level: Some(f64::NAN),
            ..t
        };
        assert!(matches!(
            required_agents(Model::ErlangC, 0.2, 240.0, &bad, 100),
            Err(AnalyticError::InvalidInput {
                name: "service_level",
                ..
            })
        ));
        // Large centre: 4000 Erlangs, all models, fast.
        let t = Targets {
            max_abandon: Some(0.02),
            max_block: Some(0.01),
            ..t
        };
        let start = std::time::Instant::now();
        for model in all_models() {
            let n = check_minimal(model, 4000.0 / 300.0, 300.0, &t);
            assert!((3900..4200).contains(&n), "{model:?}: {n}");
        }
        assert!(start.elapsed().as_secs_f64() < 2.0);
        // Infinite patience staffs like Erlang C.
        let inf = Model::ErlangA {
            mean_patience: f64::INFINITY,
        };
        assert_eq!(
            required_agents(inf, 0.2, 240.0, &t, 100).unwrap().agents,
            required_agents(Model::ErlangC, 0.2, 240.0, &t, 100)
                .unwrap()
                .agents
        );
    }
}
