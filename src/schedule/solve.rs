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
    /// Most agents on it (None: as many as useful; a column that covers
    /// no row is bounded by the links it is in).
    pub max: Option<u32>,
    /// Whether the program's `min_per_column` applies to it (a shift on a
    /// day does; a days-off pattern of a roster does not).
    pub min_applies: bool,
}

/// A day's pool of a roster made per day: the agents starting a shift on
/// the day (the `shifts` columns) are exactly the agents whose days-off
/// pattern works that day (the `patterns` columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Columns of the shifts of the day.
    pub shifts: Vec<usize>,
    /// Columns of the patterns working the day.
    pub patterns: Vec<usize>,
}

/// A covering program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Right-hand side of each row.
    pub rhs: Vec<f64>,
    /// The columns.
    pub columns: Vec<Column>,
    /// Equalities between columns (none for a plain covering program).
    pub links: Vec<Link>,
    /// Whether the first incumbent is improved by a local search before the
    /// branch and bound (one agent out, greedy repair; only without a
    /// minimum per column).
    pub polish: bool,
    /// A schedule to start the local search from as well (a same-start
    /// roster derived from a per-day one), repaired to cover every row.
    pub hint: Option<Vec<f64>>,
    /// Fewest agents on a used column (where [`Column::min_applies`]).
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
    let mut out: Vec<good_lp::Constraint> = rows
        .into_iter()
        .zip(&prog.rhs)
        .filter(|(_, b)| **b > 1e-9)
        .map(|(e, b)| constraint!(e >= *b))
        .collect();
    for l in &prog.links {
        let left: Expression = l.shifts.iter().map(|j| xs[*j]).sum();
        let right: Expression = l.patterns.iter().map(|j| xs[*j]).sum();
        out.push(constraint!(left == right));
    }
    out
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
    let obj = cost_of(prog, &values);
    Ok((obj, values))
}

fn map_err(e: ResolutionError) -> SolveError {
    match e {
        ResolutionError::Infeasible => SolveError::Infeasible,
        other => SolveError::Solver(other.to_string()),
    }
}

/// Upper bound of every column: [`useful_max`] for the columns that cover
/// rows; a column that covers none (a days-off pattern) is bounded by its
/// `max`, or else by the most agents the days it is linked to can hold.
fn upper_bounds(prog: &Program) -> Vec<f64> {
    let mut upper: Vec<f64> = prog
        .columns
        .iter()
        .map(|c| useful_max(c, &prog.rhs))
        .collect();
    let m = f64::from(prog.min_per_column.max(1));
    for (j, col) in prog.columns.iter().enumerate() {
        if !col.cover.is_empty() {
            continue;
        }
        let linked = prog
            .links
            .iter()
            .filter(|l| l.patterns.contains(&j))
            .map(|l| {
                l.shifts
                    .iter()
                    .map(|s| {
                        if prog.columns[*s].min_applies {
                            upper[*s].max(m)
                        } else {
                            upper[*s]
                        }
                    })
                    .sum::<f64>()
            })
            .fold(f64::INFINITY, f64::min);
        let cap = col.max.map_or(f64::INFINITY, f64::from);
        upper[j] = if linked.is_finite() {
            linked.min(cap)
        } else if cap.is_finite() {
            cap
        } else {
            0.0
        };
    }
    upper
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
    let upper = upper_bounds(prog);
    let (lp_bound, lp_x) = lp(prog, &upper)?;
    let m = f64::from(prog.min_per_column.max(1));
    let start: Option<Vec<f64>> = if prog.links.is_empty() {
        // The first incumbent: the LP rounded up, small counts lifted to m,
        // or the greedy repair of the LP rounded down if cheaper.
        let ceil: Vec<f64> = lp_x
            .iter()
            .zip(&upper)
            .zip(&prog.columns)
            .map(|((&x, &u), col)| {
                let x = (x - 1e-7).ceil().max(0.0);
                if col.min_applies && x > 0.0 && x < m {
                    m.min(u.max(m))
                } else {
                    x
                }
            })
            .collect();
        let mut best = match greedy_cover(prog, &lp_x, &upper, m) {
            Some(x) if cost_of(prog, &x) <= cost_of(prog, &ceil) => x,
            _ => ceil,
        };
        if prog.polish && m <= 1.0 {
            let budget = prog.time_limit.saturating_sub(clock.elapsed()) / 4;
            let until = clock.elapsed() + budget;
            best = polish(prog, &upper, best, until, clock);
            if let Some(hint) = &prog.hint {
                let mut h: Vec<f64> = hint.iter().zip(&upper).map(|(v, u)| v.min(*u)).collect();
                if repair(prog, &upper, &mut h, None) {
                    let h = polish(prog, &upper, h, until + budget / 2, clock);
                    if cost_of(prog, &h) < cost_of(prog, &best) {
                        best = h;
                    }
                }
            }
        }
        Some(best)
    } else {
        // Two covering starts made to obey the links, the cheaper kept: the
        // greedy repair of the LP, and each day solved on its own.
        let greedy =
            greedy_cover(prog, &lp_x, &upper, m).and_then(|x| balance(prog, &lp_x, &upper, m, x));
        let per_day = per_link(prog, clock).and_then(|x| balance(prog, &lp_x, &upper, m, x));
        match (greedy, per_day) {
            (Some(a), Some(b)) => Some(if cost_of(prog, &b) <= cost_of(prog, &a) {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        }
    };
    let mut vars = ProblemVariables::new();
    let semi: Vec<bool> = prog
        .columns
        .iter()
        .map(|c| c.min_applies && m > 1.0)
        .collect();
    let xs: Vec<Variable> = upper
        .iter()
        .zip(&semi)
        .map(|(&u, &semi)| {
            vars.add(
                variable()
                    .integer()
                    .min(0.0)
                    .max(u.max(if semi { m } else { 0.0 })),
            )
        })
        .collect();
    let ys: Vec<Option<Variable>> = semi
        .iter()
        .map(|s| s.then(|| vars.add(variable().binary())))
        .collect();
    let objective: Expression = prog.columns.iter().zip(&xs).map(|(c, x)| c.cost * *x).sum();
    let remaining = prog
        .time_limit
        .saturating_sub(clock.elapsed())
        .as_secs_f64()
        .max(0.05);
    let model = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(remaining);
    let model = match &start {
        Some(start) => {
            let mut initial: Vec<(Variable, f64)> =
                xs.iter().copied().zip(start.iter().copied()).collect();
            initial.extend(
                ys.iter()
                    .zip(start)
                    .filter_map(|(y, x)| y.map(|y| (y, if *x > 0.0 { 1.0 } else { 0.0 }))),
            );
            model.with_initial_solution(initial)
        }
        None => model,
    };
    let mut model = model
        .with_mip_gap(prog.mip_gap as f32)
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    for c in constraints(prog, &xs) {
        model.add_constraint(c);
    }
    for ((x, y), u) in xs.iter().zip(&ys).zip(&upper) {
        if let Some(y) = y {
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
        Err(ResolutionError::Other(_)) => match start {
            Some(start) => {
                proven_optimal = false;
                counts = start.iter().map(|x| *x as u32).collect();
            }
            None => {
                return Err(SolveError::Solver(
                    "no integer schedule found within time_limit_seconds: raise it".into(),
                ))
            }
        },
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

/// Each link's shifts solved as a covering program of their own (the rows
/// they cover; days with the same rows and columns solved once), within a
/// third of the time limit shared among the distinct days. The counts of
/// the link columns, patterns left at 0; None if a day fails.
fn per_link(prog: &Program, clock: Instant) -> Option<Vec<f64>> {
    type Key = (Vec<u64>, Vec<(u64, Vec<(usize, u64)>)>);
    let mut subs: Vec<(Key, Vec<usize>, Program)> = Vec::new();
    let mut of_link = Vec::new();
    for l in &prog.links {
        let mut rows: Vec<usize> = l
            .shifts
            .iter()
            .flat_map(|j| prog.columns[*j].cover.iter().map(|(r, _)| *r))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let local = |r: usize| rows.binary_search(&r).unwrap_or(0);
        let columns: Vec<Column> = l
            .shifts
            .iter()
            .map(|j| {
                let c = &prog.columns[*j];
                Column {
                    cost: c.cost,
                    cover: c.cover.iter().map(|(r, a)| (local(*r), *a)).collect(),
                    max: c.max,
                    min_applies: c.min_applies,
                }
            })
            .collect();
        let rhs: Vec<f64> = rows.iter().map(|r| prog.rhs[*r]).collect();
        let key: Key = (
            rhs.iter().map(|b| b.to_bits()).collect(),
            columns
                .iter()
                .map(|c| {
                    (
                        c.cost.to_bits(),
                        c.cover.iter().map(|(r, a)| (*r, a.to_bits())).collect(),
                    )
                })
                .collect(),
        );
        match subs.iter().position(|(k, _, _)| *k == key) {
            Some(i) => of_link.push(i),
            None => {
                of_link.push(subs.len());
                subs.push((
                    key,
                    rows,
                    Program {
                        rhs,
                        columns,
                        links: Vec::new(),
                        polish: false,
                        hint: None,
                        min_per_column: prog.min_per_column,
                        time_limit: Duration::ZERO,
                        mip_gap: prog.mip_gap / 4.0,
                    },
                ));
            }
        }
    }
    let budget = prog
        .time_limit
        .saturating_sub(clock.elapsed())
        .as_secs_f64()
        / 3.0;
    let each = Duration::from_secs_f64((budget / subs.len().max(1) as f64).max(0.05));
    let mut answers = Vec::new();
    for (_, _, sub) in &mut subs {
        sub.time_limit = each;
        answers.push(solve(sub).ok()?.counts);
    }
    let mut x = vec![0.0; prog.columns.len()];
    for (l, i) in prog.links.iter().zip(of_link) {
        for (j, n) in l.shifts.iter().zip(&answers[i]) {
            x[*j] = f64::from(*n);
        }
    }
    Some(x)
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
    let linked = prog.links.iter().all(|l| {
        let a: f64 = l.shifts.iter().map(|j| x[*j]).sum();
        let b: f64 = l.patterns.iter().map(|j| x[*j]).sum();
        (a - b).abs() < 1e-9
    });
    linked
        && covered(prog, x)
            .iter()
            .zip(&prog.rhs)
            .all(|(h, b)| *h >= b - 1e-9)
}

fn cost_of(prog: &Program, x: &[f64]) -> f64 {
    prog.columns.iter().zip(x).map(|(c, n)| c.cost * n).sum()
}

/// Whether one agent less on column `j` keeps every row covered.
fn removable(prog: &Program, have: &[f64], j: usize) -> bool {
    prog.columns[j]
        .cover
        .iter()
        .all(|&(r, a)| have[r] - a >= prog.rhs[r] - 1e-9 || prog.rhs[r] <= 1e-9)
}

/// Adds agents where rows of `x` fall short, one at a time on the column
/// (other than `skip`) covering the most shortfall per unit of cost, then
/// takes out agents while every row stays covered (dearest columns
/// first). False if a shortfall cannot be covered.
fn repair(prog: &Program, upper: &[f64], x: &mut [f64], skip: Option<usize>) -> bool {
    add_and_trim(prog, x, |j| (Some(j) != skip).then(|| upper[j]))
}

/// The greedy step of [`repair`] and [`greedy_cover`]: adds agents where
/// rows of `x` fall short, one at a time on the column covering the most
/// shortfall per unit of cost among those `cap` allows (`cap(j)`: the most
/// agents column `j` may take, `None` for a column not to use), then takes
/// agents out while every row stays covered (dearest columns first).
/// False if a shortfall cannot be covered.
fn add_and_trim(prog: &Program, x: &mut [f64], cap: impl Fn(usize) -> Option<f64>) -> bool {
    let mut have = covered(prog, x);
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
            if cap(j).is_none_or(|c| x[j] + 1.0 > c + 1e-9) {
                continue;
            }
            let gain: f64 = col.cover.iter().map(|&(r, a)| a.min(short[r])).sum();
            let score = gain / col.cost.max(1e-9);
            if gain > 1e-9 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, j));
            }
        }
        let Some((_, j)) = best else {
            return false;
        };
        x[j] += 1.0;
        for &(r, a) in &prog.columns[j].cover {
            have[r] += a;
        }
    }
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|a, b| prog.columns[*b].cost.total_cmp(&prog.columns[*a].cost));
    for j in order {
        while x[j] > 0.0 && removable(prog, &have, j) {
            x[j] -= 1.0;
            for &(r, a) in &prog.columns[j].cover {
                have[r] -= a;
            }
        }
    }
    true
}

/// Local search on a covering incumbent (no links, no minimum per column):
/// for each used column, dearest first, one agent is taken out and the
/// shortfall repaired by [`repair`] without it; the change is kept if the
/// whole is cheaper. Passes repeat until one keeps nothing or the time
/// (`until`, from `clock`) is up. Deterministic: the same program gives the
/// same answer however fast the machine, unless the time runs out.
fn polish(
    prog: &Program,
    upper: &[f64],
    mut x: Vec<f64>,
    until: Duration,
    clock: Instant,
) -> Vec<f64> {
    let mut cost = cost_of(prog, &x);
    loop {
        let mut improved = false;
        let mut order: Vec<usize> = (0..x.len()).filter(|j| x[*j] > 0.0).collect();
        order.sort_by(|a, b| {
            prog.columns[*b]
                .cost
                .total_cmp(&prog.columns[*a].cost)
                .then(a.cmp(b))
        });
        for j in order {
            if clock.elapsed() >= until {
                return x;
            }
            if x[j] <= 0.0 {
                continue;
            }
            let mut trial = x.clone();
            trial[j] -= 1.0;
            if repair(prog, upper, &mut trial, Some(j)) {
                let c = cost_of(prog, &trial);
                if c < cost - 1e-9 {
                    x = trial;
                    cost = c;
                    improved = true;
                }
            }
        }
        if !improved {
            return x;
        }
    }
}

/// A covering incumbent: the LP rounded down, then agents added greedily
/// where rows fall short (most shortfall covered per unit of cost), then
/// agents removed where every row stays covered (dearest columns first),
/// counts below the minimum lifted to it. Columns that cover no row are
/// left at 0. None if no column can cover a shortfall.
fn greedy_cover(prog: &Program, lp_x: &[f64], upper: &[f64], m: f64) -> Option<Vec<f64>> {
    let mut x: Vec<f64> = lp_x
        .iter()
        .zip(&prog.columns)
        .map(|(v, c)| {
            if c.cover.is_empty() {
                0.0
            } else {
                (v + 1e-7).floor().max(0.0)
            }
        })
        .collect();
    if !add_and_trim(prog, &mut x, |j| Some(upper[j].max(m))) {
        return None;
    }
    for (v, c) in x.iter_mut().zip(&prog.columns) {
        if c.min_applies && *v > 0.0 && *v < m {
            *v = m;
        }
    }
    Some(x)
}

/// Makes a covering incumbent `x` obey the links (a roster made per day):
/// the fewest patterns whose working days hold each day's agents (the LP's
/// patterns rounded up, patterns added where a day is short, then removed
/// while every day stays held), each day's extra agents put on its
/// cheapest shift, and then, while it keeps every row covered, one agent
/// of a pattern and one agent of a shift on each of its days taken out
/// (the dearest shift that can go). None if the links cannot be met.
fn balance(
    prog: &Program,
    lp_x: &[f64],
    upper: &[f64],
    m: f64,
    mut x: Vec<f64>,
) -> Option<Vec<f64>> {
    let n_links = prog.links.len();
    let pool = |x: &[f64], l: usize| -> f64 { prog.links[l].shifts.iter().map(|j| x[*j]).sum() };
    let held = |x: &[f64], l: usize| -> f64 { prog.links[l].patterns.iter().map(|j| x[*j]).sum() };
    let mut patterns: Vec<usize> = prog
        .links
        .iter()
        .flat_map(|l| l.patterns.iter().copied())
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    let links_of: Vec<Vec<usize>> = (0..prog.columns.len())
        .map(|j| {
            (0..n_links)
                .filter(|l| prog.links[*l].patterns.contains(&j))
                .collect()
        })
        .collect();
    for &p in &patterns {
        x[p] = (lp_x[p] - 1e-7).ceil().max(0.0).min(upper[p]);
    }
    loop {
        let short: Vec<bool> = (0..n_links)
            .map(|l| held(&x, l) < pool(&x, l) - 1e-9)
            .collect();
        if !short.contains(&true) {
            break;
        }
        let best = patterns
            .iter()
            .copied()
            .filter(|p| x[*p] + 1.0 <= upper[*p] + 1e-9)
            .map(|p| (links_of[p].iter().filter(|l| short[**l]).count(), p))
            .filter(|(n, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
        x[best.1] += 1.0;
    }
    for &p in &patterns {
        while x[p] > 0.0
            && links_of[p]
                .iter()
                .all(|l| held(&x, *l) - 1.0 >= pool(&x, *l) - 1e-9)
        {
            x[p] -= 1.0;
        }
    }
    // Each day's extra agents on its cheapest shift that may take them.
    for l in 0..n_links {
        let mut extra = held(&x, l) - pool(&x, l);
        while extra > 0.5 {
            let room = |j: usize, k: f64| x[j] + k <= upper[j].max(m) + 1e-9;
            let single = prog.links[l]
                .shifts
                .iter()
                .copied()
                .filter(|j| {
                    (x[*j] > 0.0 || !prog.columns[*j].min_applies || m <= 1.0) && room(*j, 1.0)
                })
                .min_by(|a, b| prog.columns[*a].cost.total_cmp(&prog.columns[*b].cost));
            let (j, k) = match single {
                Some(j) => (j, 1.0),
                None if extra >= m => (
                    prog.links[l]
                        .shifts
                        .iter()
                        .copied()
                        .filter(|j| room(*j, m))
                        .min_by(|a, b| prog.columns[*a].cost.total_cmp(&prog.columns[*b].cost))?,
                    m,
                ),
                None => return None,
            };
            x[j] += k;
            extra -= k;
        }
    }
    // Descent: a pattern's agent and one shift agent on each of its days out.
    let mut have = covered(prog, &x);
    let can_drop = |x: &[f64], j: usize| {
        let left = x[j] - 1.0;
        left >= 0.0 && (!prog.columns[j].min_applies || left == 0.0 || left >= m)
    };
    loop {
        let mut improved = false;
        for &p in &patterns {
            while x[p] > 0.0 {
                let mut take = Vec::new();
                let mut trial = have.clone();
                for &l in &links_of[p] {
                    let best = prog.links[l]
                        .shifts
                        .iter()
                        .copied()
                        .filter(|j| {
                            !take.contains(j) && can_drop(&x, *j) && removable(prog, &trial, *j)
                        })
                        .max_by(|a, b| {
                            prog.columns[*a]
                                .cost
                                .total_cmp(&prog.columns[*b].cost)
                                .then(b.cmp(a))
                        });
                    let Some(j) = best else { break };
                    for &(r, a) in &prog.columns[j].cover {
                        trial[r] -= a;
                    }
                    take.push(j);
                }
                if take.len() < links_of[p].len() {
                    break;
                }
                x[p] -= 1.0;
                for j in take {
                    x[j] -= 1.0;
                }
                have = trial;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    feasible(prog, &x).then_some(x)
}
