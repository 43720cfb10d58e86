//! The integer program: choose whole numbers of agents for columns
//! (a shift on a day, or a shift with a pattern of working days) so that
//! every row (an interval of a day) is covered at least to its right-hand
//! side, at the least cost.
//!
//! ```text
//! minimise   sum_j cost_j * x_j
//! subject to sum_j a_rj * x_j >= b_r          for every row r
//!            x_j in {0} u [m, M_j], integer   (m = min_per_shift)
//! ```
//!
//! Solved with good_lp on its pure-Rust `microlp` backend (branch and bound
//! on the simplex): it builds in seconds on a 2-core machine with no C/C++
//! toolchain, where HiGHS needs cmake and a C++ compile of several minutes.
//! The LP relaxation is solved first; its optimum is a lower bound on every
//! integer schedule and the reported gap is measured against it. Rounding
//! the LP solution up (and lifting counts below `m` to `m`) is always
//! feasible; it is handed to the branch and bound as its first incumbent,
//! so a time limit always leaves a valid schedule.

use std::time::{Duration, Instant};

use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, ResolutionError, Solution,
    SolverModel, Variable, WithInitialSolution, WithMipGap, WithTimeLimit,
};

/// One column of the program.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Cost of one agent on it.
    pub cost: f64,
    /// The rows it covers, with the share of an agent counted in each.
    pub cover: Vec<(usize, f64)>,
    /// Most agents on it (None: as many as useful).
    pub max: Option<u32>,
}

/// A covering program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Right-hand side of each row.
    pub rhs: Vec<f64>,
    /// The columns.
    pub columns: Vec<Column>,
    /// Fewest agents on a used column.
    pub min_per_column: u32,
    /// Time budget of the branch and bound.
    pub time_limit: Duration,
    /// Relative gap at which the branch and bound may stop (0: prove optimality).
    pub mip_gap: f64,
}

/// The program's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// Agents per column.
    pub counts: Vec<u32>,
    /// Objective of the integer answer.
    pub objective: f64,
    /// Optimum of the LP relaxation: no integer answer is cheaper.
    pub lp_bound: f64,
    /// Whether branch and bound proved the answer optimal (or within the gap asked).
    pub proven_optimal: bool,
    /// Seconds spent solving (LP and integer program).
    pub seconds: f64,
}

impl Solved {
    /// Relative gap between the answer and the LP bound.
    pub fn gap(&self) -> f64 {
        if self.objective <= 0.0 {
            0.0
        } else {
            ((self.objective - self.lp_bound) / self.objective).max(0.0)
        }
    }
}

/// Why a program has no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum SolveError {
    /// Row `r` has a positive right-hand side no column covers.
    Uncovered(usize),
    /// The rows cannot all be covered within the columns' limits.
    Infeasible,
    /// The solver failed.
    Solver(String),
}

/// Most agents a column can usefully hold: beyond it, every row it covers
/// is covered by this column alone.
fn useful_max(col: &Column, rhs: &[f64]) -> f64 {
    let m = col
        .cover
        .iter()
        .filter(|(_, a)| *a > 1e-9)
        .map(|(r, a)| (rhs[*r] / a - 1e-9).ceil())
        .fold(0.0, f64::max);
    match col.max {
        Some(cap) => m.min(f64::from(cap)),
        None => m,
    }
}

fn constraints(prog: &Program, xs: &[Variable]) -> Vec<good_lp::Constraint> {
    let mut rows: Vec<Expression> = vec![Expression::default(); prog.rhs.len()];
    for (j, col) in prog.columns.iter().enumerate() {
        for &(r, a) in &col.cover {
            if a > 1e-12 {
                rows[r] += a * xs[j];
            }
        }
    }
    rows.into_iter()
        .zip(&prog.rhs)
        .filter(|(_, b)| **b > 1e-9)
        .map(|(e, b)| constraint!(e >= *b))
        .collect()
}

fn lp(prog: &Program, upper: &[f64]) -> Result<(f64, Vec<f64>), SolveError> {
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = upper
        .iter()
        .map(|&u| vars.add(variable().min(0.0).max(u)))
        .collect();
    let objective: Expression = prog.columns.iter().zip(&xs).map(|(c, x)| c.cost * *x).sum();
    let mut model = vars.minimise(objective).using(microlp);
    for c in constraints(prog, &xs) {
        model.add_constraint(c);
    }
    let sol = model.solve().map_err(map_err)?;
    let values: Vec<f64> = xs.iter().map(|x| sol.value(*x)).collect();
    let obj = prog
        .columns
        .iter()
        .zip(&values)
        .map(|(c, v)| c.cost * v)
        .sum();
    Ok((obj, values))
}

fn map_err(e: ResolutionError) -> SolveError {
    match e {
        ResolutionError::Infeasible => SolveError::Infeasible,
        other => SolveError::Solver(other.to_string()),
    }
}

/// Solves the program: LP bound first, then the integer program within the time limit.
pub fn solve(prog: &Program) -> Result<Solved, SolveError> {
    let clock = Instant::now();
    for (r, b) in prog.rhs.iter().enumerate() {
        if *b > 1e-9
            && !prog
                .columns
                .iter()
                .any(|c| c.cover.iter().any(|(row, a)| *row == r && *a > 1e-9))
        {
            return Err(SolveError::Uncovered(r));
        }
    }
    let upper: Vec<f64> = prog
        .columns
        .iter()
        .map(|c| useful_max(c, &prog.rhs))
        .collect();
    let (lp_bound, lp_x) = lp(prog, &upper)?;
    let m = f64::from(prog.min_per_column.max(1));
    // The first incumbent: the LP rounded up, small counts lifted to m.
    let start: Vec<f64> = lp_x
        .iter()
        .zip(&upper)
        .map(|(&x, &u)| {
            let x = (x - 1e-7).ceil().max(0.0);
            if x > 0.0 && x < m {
                m.min(u.max(m))
            } else {
                x
            }
        })
        .collect();
    let start = better_start(prog, &lp_x, &upper, m, start);
    let mut vars = ProblemVariables::new();
    let semi = m > 1.0;
    let xs: Vec<Variable> = upper
        .iter()
        .map(|&u| {
            vars.add(
                variable()
                    .integer()
                    .min(0.0)
                    .max(u.max(if semi { m } else { 0.0 })),
            )
        })
        .collect();
    let ys: Vec<Variable> = if semi {
        xs.iter().map(|_| vars.add(variable().binary())).collect()
    } else {
        Vec::new()
    };
    let objective: Expression = prog.columns.iter().zip(&xs).map(|(c, x)| c.cost * *x).sum();
    let remaining = prog
        .time_limit
        .saturating_sub(clock.elapsed())
        .as_secs_f64()
        .max(0.05);
    let mut initial: Vec<(Variable, f64)> = xs.iter().copied().zip(start.iter().copied()).collect();
    if semi {
        initial.extend(
            ys.iter()
                .zip(&start)
                .map(|(y, x)| (*y, if *x > 0.0 { 1.0 } else { 0.0 })),
        );
    }
    let mut model = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(remaining)
        .with_initial_solution(initial)
        .with_mip_gap(prog.mip_gap as f32)
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    for c in constraints(prog, &xs) {
        model.add_constraint(c);
    }
    if semi {
        for ((x, y), u) in xs.iter().zip(&ys).zip(&upper) {
            let u = u.max(m);
            model.add_constraint(constraint!(*x >= m * *y));
            model.add_constraint(constraint!(*x <= u * *y));
        }
    }
    let counts: Vec<u32>;
    let proven_optimal;
    match model.solve() {
        Ok(sol) => {
            proven_optimal = matches!(
                sol.status(),
                good_lp::SolutionStatus::Optimal | good_lp::SolutionStatus::GapLimit
            );
            counts = xs
                .iter()
                .map(|x| sol.value(*x).round().max(0.0) as u32)
                .collect();
        }
        Err(ResolutionError::Other(_)) => {
            proven_optimal = false;
            counts = start.iter().map(|x| *x as u32).collect();
        }
        Err(e) => return Err(map_err(e)),
    }
    let objective = prog
        .columns
        .iter()
        .zip(&counts)
        .map(|(c, n)| c.cost * f64::from(*n))
        .sum();
    Ok(Solved {
        counts,
        objective,
        lp_bound,
        proven_optimal,
        seconds: clock.elapsed().as_secs_f64(),
    })
}

/// Agents on the phones per row for counts `x`.
fn covered(prog: &Program, x: &[f64]) -> Vec<f64> {
    let mut have = vec![0.0; prog.rhs.len()];
    for (col, n) in prog.columns.iter().zip(x) {
        for &(r, a) in &col.cover {
            have[r] += a * n;
        }
    }
    have
}

fn feasible(prog: &Program, x: &[f64]) -> bool {
    covered(prog, x)
        .iter()
        .zip(&prog.rhs)
        .all(|(h, b)| *h >= b - 1e-9)
}

fn cost_of(prog: &Program, x: &[f64]) -> f64 {
    prog.columns.iter().zip(x).map(|(c, n)| c.cost * n).sum()
}

/// A better first incumbent than the LP rounded up: the LP rounded down,
/// then agents added greedily where rows fall short (most shortfall covered
/// per unit of cost), then agents removed where every row stays covered
/// (dearest columns first). The cheaper of this and `ceil` is returned.
fn better_start(prog: &Program, lp_x: &[f64], upper: &[f64], m: f64, ceil: Vec<f64>) -> Vec<f64> {
    let mut x: Vec<f64> = lp_x.iter().map(|v| (v + 1e-7).floor().max(0.0)).collect();
    let mut have = covered(prog, &x);
    loop {
        let short: Vec<f64> = have
            .iter()
            .zip(&prog.rhs)
            .map(|(h, b)| (b - h).max(0.0))
            .collect();
        if short.iter().all(|d| *d <= 1e-9) {
            break;
        }
        let mut best: Option<(f64, usize)> = None;
        for (j, col) in prog.columns.iter().enumerate() {
            if x[j] + 1.0 > upper[j].max(m) + 1e-9 {
                continue;
            }
            let gain: f64 = col.cover.iter().map(|&(r, a)| a.min(short[r])).sum();
            let score = gain / col.cost.max(1e-9);
            if gain > 1e-9 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, j));
            }
        }
        let Some((_, j)) = best else {
            return ceil;
        };
        x[j] += 1.0;
        for &(r, a) in &prog.columns[j].cover {
            have[r] += a;
        }
    }
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|a, b| prog.columns[*b].cost.total_cmp(&prog.columns[*a].cost));
    for j in order {
        while x[j] > 0.0 {
            let ok = prog.columns[j]
                .cover
                .iter()
                .all(|&(r, a)| have[r] - a >= prog.rhs[r] - 1e-9 || prog.rhs[r] <= 1e-9);
            if !ok {
                break;
            }
            x[j] -= 1.0;
            for &(r, a) in &prog.columns[j].cover {
                have[r] -= a;
            }
        }
    }
    for v in x.iter_mut() {
        if *v > 0.0 && *v < m {
            *v = m;
        }
    }
    if feasible(prog, &x) && cost_of(prog, &x) <= cost_of(prog, &ceil) {
        x
    } else {
        ceil
    }
}
