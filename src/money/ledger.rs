//! The ledger: folds simulated days (tallies, in replication order) into
//! accounting blocks and prices them. See the [module docs](super) for the
//! rules; [`super::report`] turns a ledger into figures.

use crate::scenario::{Contract, Economics, Period, SlaClause, ValidScenario};
use crate::stats::tally::Tally;
use crate::stats::RatioAccumulator;

/// A cost component, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    /// `cost_per_agent_hour` times scheduled agent-hours.
    Staff,
    /// Yearly line fee prorated to the day.
    LineFee,
    /// Price per handled call.
    PerHandledCall,
    /// Price per handled minute.
    PerHandledMinute,
    /// Price per scheduled agent-hour of the partner.
    PerStaffedHour,
    /// Calls short of the monthly minimum, billed per call.
    MinimumVolume,
    /// Service-level penalties (a credit: negative).
    SlaPenalty,
    /// Service-level bonuses.
    SlaBonus,
}

impl Component {
    /// The JSON key (a stable contract).
    pub fn key(self) -> &'static str {
        match self {
            Component::Staff => "staff",
            Component::LineFee => "line_fee",
            Component::PerHandledCall => "per_handled_call",
            Component::PerHandledMinute => "per_handled_minute",
            Component::PerStaffedHour => "per_staffed_hour",
            Component::MinimumVolume => "minimum_volume",
            Component::SlaPenalty => "sla_penalty",
            Component::SlaBonus => "sla_bonus",
        }
    }

    /// Words for the table, in the money vocabulary: wages are a cost,
    /// everything a contract bills is a *charge* (a price per unit times the
    /// units, or a fee), so that "per handled call" never names two things.
    pub fn label(self) -> &'static str {
        match self {
            Component::Staff => "wages (paid hours)",
            Component::LineFee => "charge: line fee",
            Component::PerHandledCall => "charge: calls x price per call",
            Component::PerHandledMinute => "charge: minutes x price per minute",
            Component::PerStaffedHour => "charge: staffed hours x price per hour",
            Component::MinimumVolume => "charge: minimum volume top-up",
            Component::SlaPenalty => "charge: SLA penalties (credit)",
            Component::SlaBonus => "charge: SLA bonuses",
        }
    }

    /// The component whose JSON key is `key`.
    pub fn of_key(key: &str) -> Option<Component> {
        [
            Component::Staff,
            Component::LineFee,
            Component::PerHandledCall,
            Component::PerHandledMinute,
            Component::PerStaffedHour,
            Component::MinimumVolume,
            Component::SlaPenalty,
            Component::SlaBonus,
        ]
        .into_iter()
        .find(|c| c.key() == key)
    }
}

/// The outcome of one contract period of a service-level clause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodOutcome {
    /// The partner's service level in the period; `None` if it answered no call.
    pub service_level: Option<f64>,
    /// Penalty paid by the partner (>= 0).
    pub penalty: f64,
    /// Bonus paid to the partner (>= 0).
    pub bonus: f64,
    /// Whether the service level reached the target (true without calls).
    pub met: bool,
}

impl PeriodOutcome {
    /// Amount paid to the partner on top of its fees: bonus minus penalty.
    pub fn adjustment(&self) -> f64 {
        self.bonus - self.penalty
    }
}

/// Prices one period of a clause: the partner answered `handled` calls,
/// `within` of them within the threshold.
pub fn settle(clause: &SlaClause, handled: f64, within: f64) -> PeriodOutcome {
    if handled <= 0.0 {
        return PeriodOutcome {
            service_level: None,
            penalty: 0.0,
            bonus: 0.0,
            met: true,
        };
    }
    let sl = within / handled;
    let points = 100.0 * (sl - clause.target);
    let (penalty, bonus) = if points < 0.0 {
        (
            (-points * clause.penalty_per_point).min(clause.max_penalty),
            0.0,
        )
    } else {
        (0.0, (points * clause.bonus_per_point).min(clause.max_bonus))
    };
    PeriodOutcome {
        service_level: Some(sl),
        penalty,
        bonus,
        met: sl >= clause.target,
    }
}

/// The minimum-volume top-up of one month: calls short of `minimum`, at `price`.
pub fn minimum_top_up(minimum: f64, price: f64, handled: f64) -> f64 {
    (minimum - handled).max(0.0) * price
}

/// What one group did on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct GroupDay {
    handled: f64,
    seconds: f64,
    within: f64,
}

/// Accumulators of one group.
#[derive(Debug, Clone)]
pub struct GroupLedger {
    /// Group name.
    pub name: String,
    /// Scheduled agent-hours per day (reported intervals).
    pub hours_per_day: f64,
    hourly: Option<f64>,
    contract: Option<Contract>,
    /// Per applicable component: cost per day.
    pub components: Vec<(Component, RatioAccumulator)>,
    /// Total cost per day.
    pub total: RatioAccumulator,
    /// Calls answered per day.
    pub handled: RatioAccumulator,
    /// Handle minutes per day.
    pub minutes: RatioAccumulator,
    /// Total cost over calls answered.
    pub per_call: RatioAccumulator,
    /// Calls answered within the group's threshold of reaching it, over calls answered.
    pub within: RatioAccumulator,
    /// Every contract period of its service-level clause, in order.
    pub periods: Vec<PeriodOutcome>,
}

impl GroupLedger {
    /// The group's service-level clause, if its contract has one.
    pub fn clause(&self) -> Option<SlaClause> {
        self.contract.as_ref().and_then(|k| k.sla)
    }
}

/// Folds days into accounting blocks and prices them.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Per group, in file order.
    pub groups: Vec<GroupLedger>,
    /// Days in an accounting block (the longest contract period in use).
    pub block_days: u32,
    /// Complete blocks priced.
    pub blocks: u64,
    /// Days added.
    pub days: u64,
    /// The calendar and the value of calls.
    pub economics: Economics,
    /// Whether the scenario has an `[economics]` table.
    pub has_economics: bool,
    /// Total cost per day.
    pub total: RatioAccumulator,
    /// Total cost over calls answered.
    pub per_call: RatioAccumulator,
    /// Cost of abandoned calls per day.
    pub abandoned: RatioAccumulator,
    /// Revenue per day.
    pub revenue: RatioAccumulator,
    /// Total cost plus abandoned-call cost minus revenue, per day.
    pub net: RatioAccumulator,
    /// Every complete block in order: (total cost, days, calls answered),
    /// the observations a paired comparison of two plans pairs up.
    pub block_totals: Vec<[f64; 3]>,
    first_interval: usize,
    /// Open days of one replication (1 for a one-day horizon).
    pub(crate) horizon_days: usize,
    buffer: Vec<GroupDay>,
    calls: Vec<(f64, f64)>,
}

impl Ledger {
    /// An empty ledger for `sc`.
    pub fn new(sc: &ValidScenario) -> Self {
        let economics = sc.economics.unwrap_or_default();
        let h = sc.horizon;
        // A contract period in replications: on a horizon of several open
        // days one replication is that many contract days (validation makes
        // every period in use a whole number of horizons).
        let per_replication = h.open_days().max(1) as u32;
        let reps = |days: u32| (days / per_replication).max(1);
        let mut block_days = 1;
        let groups = sc
            .groups
            .iter()
            .map(|g| {
                // Paid hours: scheduled heads (the agents on the phones
                // without shrinkage).
                let hours_per_day =
                    g.scheduled[h.warmup_intervals..].iter().sum::<f64>() * h.interval / 3600.0;
                let mut components = Vec::new();
                if g.cost_per_agent_hour.is_some() {
                    components.push(Component::Staff);
                }
                if let Some(k) = &g.contract {
                    let present = [
                        (Component::LineFee, k.per_line_per_year.is_some()),
                        (Component::PerHandledCall, k.per_handled_call.is_some()),
                        (Component::PerHandledMinute, k.per_handled_minute.is_some()),
                        (Component::PerStaffedHour, k.per_staffed_hour.is_some()),
                        (
                            Component::MinimumVolume,
                            k.minimum_calls_per_month.is_some(),
                        ),
                        (Component::SlaPenalty, k.sla.is_some()),
                        (Component::SlaBonus, k.sla.is_some()),
                    ];
                    components.extend(present.iter().filter(|(_, p)| *p).map(|(c, _)| *c));
                    if k.minimum_calls_per_month.is_some() {
                        block_days = block_days.max(reps(economics.days(Period::Month)));
                    }
                    if let Some(s) = k.sla {
                        block_days = block_days.max(reps(economics.days(s.period)));
                    }
                }
                GroupLedger {
                    name: g.name.clone(),
                    hours_per_day,
                    hourly: g.cost_per_agent_hour,
                    contract: g.contract.clone(),
                    components: components
                        .into_iter()
                        .map(|c| (c, RatioAccumulator::default()))
                        .collect(),
                    total: RatioAccumulator::default(),
                    handled: RatioAccumulator::default(),
                    minutes: RatioAccumulator::default(),
                    per_call: RatioAccumulator::default(),
                    within: RatioAccumulator::default(),
                    periods: Vec::new(),
                }
            })
            .collect::<Vec<_>>();
        let n = groups.len();
        Ledger {
            groups,
            block_days,
            blocks: 0,
            days: 0,
            economics,
            has_economics: sc.economics.is_some(),
            total: RatioAccumulator::default(),
            per_call: RatioAccumulator::default(),
            abandoned: RatioAccumulator::default(),
            revenue: RatioAccumulator::default(),
            net: RatioAccumulator::default(),
            block_totals: Vec::new(),
            first_interval: h.warmup_intervals,
            horizon_days: h.open_days(),
            buffer: Vec::with_capacity(block_days as usize * n),
            calls: Vec::with_capacity(block_days as usize),
        }
    }

    /// Adds one simulated day. Call in replication order.
    pub fn add_day(&mut self, t: &Tally) {
        self.days += 1;
        for g in 0..self.groups.len() {
            let mut d = GroupDay::default();
            for k in self.first_interval..t.intervals {
                let x = &t.group_counts[k * t.groups + g];
                d.handled += x.handled;
                d.seconds += x.handled_seconds;
                d.within += x.handled_within;
            }
            self.buffer.push(d);
        }
        let (mut answered, mut abandoned) = (0.0, 0.0);
        for ty in 0..t.types {
            for k in self.first_interval..t.intervals {
                let c = &t.calls[ty * t.intervals + k];
                answered += c.answered;
                abandoned += c.abandoned;
            }
        }
        self.calls.push((answered, abandoned));
        if self.calls.len() == self.block_days as usize {
            self.close_block();
        }
    }

    /// Days added after the last complete block (left out of the costs).
    pub fn days_left_out(&self) -> u64 {
        self.calls.len() as u64
    }

    /// Prices the complete block in the buffer.
    fn close_block(&mut self) {
        let b = self.block_days as usize;
        let days = f64::from(self.block_days);
        let open_days = self.horizon_days.max(1) as f64;
        // A contract period of `d` contract days in replications (each
        // replication is the horizon's open days).
        let per_replication = self.horizon_days.max(1);
        let replications = |d: u32| (d as usize / per_replication).max(1);
        let n = self.groups.len();
        let econ = self.economics;
        let mut total = 0.0;
        for (g, gl) in self.groups.iter_mut().enumerate() {
            let day = |i: usize| self.buffer[i * n + g];
            let sum = |from: usize, to: usize| {
                (from..to).fold(GroupDay::default(), |mut s, i| {
                    let d = day(i);
                    s.handled += d.handled;
                    s.seconds += d.seconds;
                    s.within += d.within;
                    s
                })
            };
            let block = sum(0, b);
            let hours = gl.hours_per_day * days;
            let mut penalty = 0.0;
            let mut bonus = 0.0;
            let mut top_up = 0.0;
            if let Some(k) = &gl.contract {
                if let (Some(min), Some(price)) = (k.minimum_calls_per_month, k.per_handled_call) {
                    let m = replications(econ.days(Period::Month));
                    for start in (0..b).step_by(m) {
                        top_up += minimum_top_up(min, price, sum(start, start + m).handled);
                    }
                }
                if let Some(clause) = &k.sla {
                    let p = replications(econ.days(clause.period));
                    for start in (0..b).step_by(p) {
                        let s = sum(start, start + p);
                        let outcome = settle(clause, s.handled, s.within);
                        penalty += outcome.penalty;
                        bonus += outcome.bonus;
                        gl.periods.push(outcome);
                    }
                }
            }
            let k = gl.contract.as_ref();
            let mut group_total = 0.0;
            for (c, acc) in gl.components.iter_mut() {
                let value = match c {
                    Component::Staff => gl.hourly.unwrap_or(0.0) * hours,
                    Component::LineFee => k
                        .and_then(|k| k.per_line_per_year.map(|(fee, d)| (k.lines, fee, d)))
                        .map_or(0.0, |(lines, fee, d)| {
                            f64::from(lines) * fee / d * days * open_days
                        }),
                    Component::PerHandledCall => {
                        k.and_then(|k| k.per_handled_call).unwrap_or(0.0) * block.handled
                    }
                    Component::PerHandledMinute => {
                        k.and_then(|k| k.per_handled_minute).unwrap_or(0.0) * block.seconds / 60.0
                    }
                    Component::PerStaffedHour => {
                        k.and_then(|k| k.per_staffed_hour).unwrap_or(0.0) * hours
                    }
                    Component::MinimumVolume => top_up,
                    Component::SlaPenalty => -penalty,
                    Component::SlaBonus => bonus,
                };
                acc.add(value, days);
                group_total += value;
            }
            gl.total.add(group_total, days);
            gl.handled.add(block.handled, days);
            gl.minutes.add(block.seconds / 60.0, days);
            gl.per_call.add(group_total, block.handled);
            gl.within.add(block.within, block.handled);
            total += group_total;
        }
        let (answered, abandoned) = self
            .calls
            .iter()
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        let lost = econ.cost_per_abandoned_call.unwrap_or(0.0) * abandoned;
        let revenue = econ.revenue_per_answered_call.unwrap_or(0.0) * answered;
        self.total.add(total, days);
        self.block_totals.push([total, days, answered]);
        self.per_call.add(total, answered);
        self.abandoned.add(lost, days);
        self.revenue.add(revenue, days);
        self.net.add(total + lost - revenue, days);
        self.blocks += 1;
        self.buffer.clear();
        self.calls.clear();
    }
}

impl crate::stats::reduced::Reduced for Ledger {
    /// The accumulators, then the contract periods of each group and the
    /// days of an unfinished block as tails (a shard holds whole blocks, so
    /// only the last one has such days).
    fn visit(&mut self, v: &mut dyn crate::stats::reduced::Visitor) {
        for g in &mut self.groups {
            for (_, a) in &mut g.components {
                v.ratio(a);
            }
            for a in [
                &mut g.total,
                &mut g.handled,
                &mut g.minutes,
                &mut g.per_call,
                &mut g.within,
            ] {
                v.ratio(a);
            }
            let mut periods: Vec<f64> = g
                .periods
                .iter()
                .flat_map(|p| {
                    [
                        f64::from(u8::from(p.service_level.is_some())),
                        p.service_level.unwrap_or(0.0),
                        p.penalty,
                        p.bonus,
                        f64::from(u8::from(p.met)),
                    ]
                })
                .collect();
            v.tail(&mut periods);
            g.periods = periods
                .chunks_exact(5)
                .map(|p| PeriodOutcome {
                    service_level: (p[0] != 0.0).then_some(p[1]),
                    penalty: p[2],
                    bonus: p[3],
                    met: p[4] != 0.0,
                })
                .collect();
        }
        let mut blocks: Vec<f64> = self.block_totals.iter().flatten().copied().collect();
        v.tail(&mut blocks);
        self.block_totals = blocks.chunks_exact(3).map(|b| [b[0], b[1], b[2]]).collect();
        v.count(&mut self.blocks);
        v.count(&mut self.days);
        for a in [
            &mut self.total,
            &mut self.per_call,
            &mut self.abandoned,
            &mut self.revenue,
            &mut self.net,
        ] {
            v.ratio(a);
        }
        let n = self.groups.len();
        let mut open: Vec<f64> = Vec::new();
        for (day, &(answered, abandoned)) in self.calls.iter().enumerate() {
            open.extend([answered, abandoned]);
            for d in &self.buffer[day * n..(day + 1) * n] {
                open.extend([d.handled, d.seconds, d.within]);
            }
        }
        v.tail(&mut open);
        self.calls.clear();
        self.buffer.clear();
        for day in open.chunks_exact(2 + 3 * n) {
            self.calls.push((day[0], day[1]));
            for d in day[2..].chunks_exact(3) {
                self.buffer.push(GroupDay {
                    handled: d[0],
                    seconds: d[1],
                    within: d[2],
                });
            }
        }
    }
}
