//! Customer satisfaction: every caller's experience becomes a score, and the
//! scores become CSAT, word of mouth, complaints and churn.
//!
//! # How a caller is scored
//! - An **answered** attempt scores the wait-to-score curve at its wait,
//!   times the answering group's `quality`, capped at 1 (a quality above 1
//!   lifts a score up to 1, never beyond).
//! - An **abandoned** attempt (including one still waiting when the center
//!   closed with nobody left to take it) scores `abandoned_score`; a
//!   **blocked** attempt (busy signal) scores `blocked_score`.
//! - A caller who tries again is one caller: the score is that of the
//!   **last attempt** (the experience the caller was left with), and the
//!   caller counts in the interval of the **first attempt**, like the core's
//!   `callers` figure. Callers whose first attempt falls in the warm-up are
//!   left out.
//! - A caller is **satisfied** when the score is at least `satisfied_at`,
//!   dissatisfied otherwise.
//!
//! # What follows from the scores (per replication, then averaged)
//! - CSAT = satisfied / callers; mean score = sum of scores / callers;
//! - people told positively = satisfied x `tells_if_satisfied`, negatively =
//!   dissatisfied x `tells_if_dissatisfied`;
//! - complaints seen = dissatisfied x `complaint_share` (the rest of the
//!   dissatisfied leave silently);
//! - customers lost = dissatisfied x `churn_if_dissatisfied`; replacing
//!   them costs customers lost x `customer_value` x `acquisition_cost_factor`.
//!
//! Ratios (CSAT, mean score, score bands) are pooled over replications with
//! the delta-method interval, exactly like the core's service level.
//!
//! Cost per call: one curve evaluation and a few additions; with retrials a
//! caller's latest score is kept in a buffer reused across replications, so
//! nothing is allocated per call.

use crate::model::{CallRecord, Outcome};
use crate::replicate::ReplicationObserver;
use crate::scenario::satisfaction::Satisfaction;
use crate::scenario::ValidScenario;
use crate::stats::{Estimate, RatioAccumulator};

/// Score bands for the distribution chart: `[0, 0.2)`, `[0.2, 0.4)`, ...,
/// `[0.8, 1]`.
pub const BANDS: usize = 5;

/// Labels of the score bands (JSON keys and chart legend).
pub const BAND_LABELS: [&str; BANDS] = ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"];

/// Band of a score in [0, 1].
#[inline]
pub fn band_of(score: f64) -> usize {
    // `((score * 5) as usize).min(4)` without the saturating conversion:
    // one comparison per band edge (NaN and negative scores fall in band 0).
    let s = score * BANDS as f64;
    usize::from(s >= 1.0) + usize::from(s >= 2.0) + usize::from(s >= 3.0) + usize::from(s >= 4.0)
}

/// Scored callers of one interval in one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SatCounts {
    /// Callers scored (distinct callers, by the interval of their first attempt).
    pub callers: f64,
    /// Callers whose score reached `satisfied_at`.
    pub satisfied: f64,
    /// Sum of the callers' scores.
    pub score_sum: f64,
    /// Callers per score band.
    pub bands: [f64; BANDS],
}

impl SatCounts {
    #[inline]
    fn add(&mut self, score: f64, satisfied_at: f64) {
        self.callers += 1.0;
        if score >= satisfied_at {
            self.satisfied += 1.0;
        }
        self.score_sum += score;
        self.bands[band_of(score)] += 1.0;
    }

    fn merge(&mut self, o: &SatCounts) {
        self.callers += o.callers;
        self.satisfied += o.satisfied;
        self.score_sum += o.score_sum;
        for (a, b) in self.bands.iter_mut().zip(o.bands) {
            *a += b;
        }
    }
}

/// What one replication's callers scored, per interval of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionTally {
    /// One per interval of the horizon (warm-up included), by first attempt.
    pub intervals: Vec<SatCounts>,
}

impl SatisfactionTally {
    /// The counts summed over intervals `range`.
    pub fn sum(&self, range: std::ops::Range<usize>) -> SatCounts {
        let mut c = SatCounts::default();
        for k in range {
            c.merge(&self.intervals[k]);
        }
        c
    }
}

/// A caller's latest attempt, kept until the replication ends (only when
/// retrials are possible).
#[derive(Debug, Clone, Copy)]
struct Pending {
    first_interval: u32,
    score: f64,
}

const NOBODY: Pending = Pending {
    first_interval: u32::MAX,
    score: 0.0,
};

/// Scores every finished call of a replication (see the module docs).
#[derive(Debug, Clone)]
pub struct SatisfactionObserver<'s> {
    model: &'s Satisfaction,
    quality: Vec<f64>,
    /// Whether a caller may try again, so that scores wait for the last attempt.
    defer: bool,
    pending: Vec<Pending>,
    counts: Vec<SatCounts>,
}

impl<'s> SatisfactionObserver<'s> {
    /// An observer for scenario `sc`.
    pub fn new(sc: &'s ValidScenario) -> Self {
        let defer = sc
            .types
            .iter()
            .any(|t| t.retrials.after_abandon > 0.0 || t.retrials.after_busy > 0.0);
        SatisfactionObserver {
            model: &sc.satisfaction,
            quality: sc.groups.iter().map(|g| g.quality).collect(),
            defer,
            pending: Vec::new(),
            counts: vec![SatCounts::default(); sc.horizon.intervals],
        }
    }

    /// The score of one finished attempt.
    #[inline(always)]
    pub fn score(&self, r: &CallRecord) -> f64 {
        match r.outcome {
            Outcome::Answered { group, .. } => {
                (self.model.curve_score(r.wait) * self.quality[group as usize]).min(1.0)
            }
            Outcome::Abandoned | Outcome::Unserved => self.model.abandoned_score,
            Outcome::Blocked => self.model.blocked_score,
        }
    }
}

impl crate::model::Observer for SatisfactionObserver<'_> {
    #[inline(always)]
    fn call_ended(&mut self, r: &CallRecord) {
        let score = self.score(r);
        if !self.defer {
            self.counts[r.interval as usize].add(score, self.model.satisfied_at);
            return;
        }
        let i = r.caller as usize;
        if i >= self.pending.len() {
            self.pending.resize(i + 1, NOBODY);
        }
        let p = &mut self.pending[i];
        if !r.retrial || p.first_interval == u32::MAX {
            p.first_interval = r.interval;
        }
        p.score = score;
    }
}

impl ReplicationObserver for SatisfactionObserver<'_> {
    type Output = SatisfactionTally;

    fn begin(&mut self) {
        self.pending.clear();
        self.counts.fill(SatCounts::default());
    }

    fn finish(&mut self) -> SatisfactionTally {
        let at = self.model.satisfied_at;
        for p in &self.pending {
            if p.first_interval != u32::MAX {
                self.counts[p.first_interval as usize].add(p.score, at);
            }
        }
        self.pending.clear();
        SatisfactionTally {
            intervals: self.counts.clone(),
        }
    }
}

/// The satisfaction figures, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SatMetric {
    /// Callers scored.
    Callers,
    /// Satisfied callers.
    Satisfied,
    /// Dissatisfied callers.
    Dissatisfied,
    /// Share of callers satisfied.
    Csat,
    /// Mean score.
    MeanScore,
    /// People told about a good experience.
    ToldPositive,
    /// People told about a bad experience.
    ToldNegative,
    /// Complaints the center sees.
    ComplaintsSeen,
    /// Customers expected to leave.
    CustomersLost,
    /// What winning the lost customers back costs.
    ReplacementCost,
}

impl SatMetric {
    /// Every figure, in output order.
    pub const ALL: [SatMetric; 10] = [
        SatMetric::Callers,
        SatMetric::Satisfied,
        SatMetric::Dissatisfied,
        SatMetric::Csat,
        SatMetric::MeanScore,
        SatMetric::ToldPositive,
        SatMetric::ToldNegative,
        SatMetric::ComplaintsSeen,
        SatMetric::CustomersLost,
        SatMetric::ReplacementCost,
    ];

    /// The JSON and CSV name (a stable contract; CSV columns get a `sat_` prefix).
    pub fn key(self) -> &'static str {
        match self {
            SatMetric::Callers => "callers",
            SatMetric::Satisfied => "satisfied",
            SatMetric::Dissatisfied => "dissatisfied",
            SatMetric::Csat => "csat",
            SatMetric::MeanScore => "mean_score",
            SatMetric::ToldPositive => "told_positive",
            SatMetric::ToldNegative => "told_negative",
            SatMetric::ComplaintsSeen => "complaints_seen",
            SatMetric::CustomersLost => "customers_lost",
            SatMetric::ReplacementCost => "replacement_cost",
        }
    }
}

/// The multipliers that turn counts into consequences.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Consequences {
    tells_satisfied: f64,
    tells_dissatisfied: f64,
    complaint_share: f64,
    churn: f64,
    replacement: f64,
}

impl Consequences {
    fn of(s: &Satisfaction) -> Self {
        Consequences {
            tells_satisfied: s.tells_if_satisfied,
            tells_dissatisfied: s.tells_if_dissatisfied,
            complaint_share: s.complaint_share,
            churn: s.churn_if_dissatisfied,
            replacement: s.customer_value * s.acquisition_cost_factor,
        }
    }

    /// One replication's (numerator, denominator) pair of each figure.
    fn pairs(&self, c: &SatCounts) -> [(f64, f64); SatMetric::ALL.len()] {
        let dissatisfied = c.callers - c.satisfied;
        let lost = dissatisfied * self.churn;
        [
            (c.callers, 1.0),
            (c.satisfied, 1.0),
            (dissatisfied, 1.0),
            (c.satisfied, c.callers),
            (c.score_sum, c.callers),
            (c.satisfied * self.tells_satisfied, 1.0),
            (dissatisfied * self.tells_dissatisfied, 1.0),
            (dissatisfied * self.complaint_share, 1.0),
            (lost, 1.0),
            (lost * self.replacement, 1.0),
        ]
    }
}

/// Accumulators of one scope (an interval or the day).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SatScope {
    metrics: [RatioAccumulator; SatMetric::ALL.len()],
    bands: [RatioAccumulator; BANDS],
}

impl SatScope {
    fn add(&mut self, k: &Consequences, c: &SatCounts) {
        for (a, (x, y)) in self.metrics.iter_mut().zip(k.pairs(c)) {
            a.add(x, y);
        }
        for (a, x) in self.bands.iter_mut().zip(c.bands) {
            a.add(x, c.callers);
        }
    }

    /// The estimate of `m`.
    pub fn get(&self, m: SatMetric) -> Estimate {
        self.metrics[m as usize].estimate()
    }

    /// The share of callers in score band `b`.
    pub fn band(&self, b: usize) -> Estimate {
        self.bands[b].estimate()
    }
}

/// Per-interval and day figures of satisfaction over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionSummary {
    /// First reported interval (after warm-up).
    pub first_interval: usize,
    /// One per reported interval.
    pub intervals: Vec<SatScope>,
    /// The day after warm-up.
    pub total: SatScope,
    consequences: Consequences,
}

impl SatisfactionSummary {
    /// Empty accumulators for `sc`.
    pub fn new(sc: &ValidScenario) -> Self {
        let h = sc.horizon;
        SatisfactionSummary {
            first_interval: h.warmup_intervals,
            intervals: vec![SatScope::default(); h.intervals - h.warmup_intervals],
            total: SatScope::default(),
            consequences: Consequences::of(&sc.satisfaction),
        }
    }

    /// Adds one replication; call in replication order.
    pub fn add(&mut self, t: &SatisfactionTally) {
        let first = self.first_interval;
        for (i, scope) in self.intervals.iter_mut().enumerate() {
            scope.add(&self.consequences, &t.intervals[first + i]);
        }
        let day = t.sum(first..t.intervals.len());
        self.total.add(&self.consequences, &day);
    }

    /// The day's (numerator, denominator) pair of `m` in one replication,
    /// for paired comparisons.
    pub fn day_pair(&self, t: &SatisfactionTally, m: SatMetric) -> (f64, f64) {
        let day = t.sum(self.first_interval..t.intervals.len());
        self.consequences.pairs(&day)[m as usize]
    }
}

impl crate::stats::reduced::Reduced for SatisfactionSummary {
    fn visit(&mut self, v: &mut dyn crate::stats::reduced::Visitor) {
        for s in self
            .intervals
            .iter_mut()
            .chain(std::iter::once(&mut self.total))
        {
            for a in s.metrics.iter_mut().chain(s.bands.iter_mut()) {
                v.ratio(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Observer;
    use crate::scenario;

    #[test]
    fn band_of_is_the_floor_of_five_times_the_score_capped_at_the_top_band() {
        let edges: [f64; 5] = [0.2, 0.4, 0.6, 0.8, 1.0];
        let mut scores = vec![
            0.0,
            -0.0,
            -1.0,
            1.0,
            7.0,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
        ];
        for e in edges {
            scores.extend([e, e.next_down(), e.next_up()]);
        }
        scores.extend((0..=1000).map(|i| f64::from(i) / 1000.0));
        for s in scores {
            let floor = ((s * BANDS as f64) as usize).min(BANDS - 1);
            assert_eq!(band_of(s), floor, "score {s}");
        }
    }

    fn scenario(extra: &str) -> ValidScenario {
        let text = format!(
            r#"
name = "t"
[horizon]
start = "08:00"
end = "09:00"
[arrivals]
calls_per_hour = 10
[handle_time]
distribution = "exponential"
mean_seconds = 60
[[groups]]
name = "a"
agents = 2
[[groups]]
name = "b"
agents = 1
quality = 0.5
{extra}
"#
        );
        scenario::validate(&scenario::parse(&text).unwrap()).unwrap()
    }

    fn record(
        caller: u32,
        interval: u32,
        wait: f64,
        retrial: bool,
        outcome: Outcome,
    ) -> CallRecord {
        CallRecord {
            caller,
            call_type: 0,
            arrival: 0.0,
            interval,
            wait,
            retrial,
            outcome,
        }
    }

    const A: Outcome = Outcome::Answered {
        group: 0,
        handle: 1.0,
    };
    const B: Outcome = Outcome::Answered {
        group: 1,
        handle: 1.0,
    };

    /// Hand-computed: default curve 1.0 at 0 s, 0.8 at 60 s, 0.2 from 300 s;
    /// satisfied at 0.6; abandoned 0.1, blocked 0.
    #[test]
    fn scores_by_hand() {
        let sc = scenario("");
        let mut o = SatisfactionObserver::new(&sc);
        o.begin();
        let calls = [
            (record(1, 0, 0.0, false, A), 1.0),
            (record(2, 0, 30.0, false, A), 0.9),
            (record(3, 0, 120.0, false, A), 0.65),
            (record(4, 1, 400.0, false, A), 0.2),
            (record(5, 1, 0.0, false, B), 0.5), // quality 0.5
            (record(6, 1, 10.0, false, Outcome::Abandoned), 0.1),
            (record(7, 1, 0.0, false, Outcome::Blocked), 0.0),
        ];
        for (r, want) in &calls {
            assert!((o.score(r) - want).abs() < 1e-12, "{r:?}");
            o.call_ended(r);
        }
        let t = o.finish();
        let i0 = t.intervals[0];
        assert_eq!((i0.callers, i0.satisfied), (3.0, 3.0));
        assert!((i0.score_sum - 2.55).abs() < 1e-12);
        assert_eq!(i0.bands, [0.0, 0.0, 0.0, 1.0, 2.0]);
        let i1 = t.intervals[1];
        assert_eq!((i1.callers, i1.satisfied), (4.0, 0.0));
        assert_eq!(i1.bands, [2.0, 1.0, 1.0, 0.0, 0.0]);
        // Day: 7 callers, 3 satisfied => CSAT 3/7; consequences with defaults.
        let mut s = SatisfactionSummary::new(&sc);
        s.add(&t);
        let e = |m| s.total.get(m).mean;
        assert!((e(SatMetric::Csat) - 3.0 / 7.0).abs() < 1e-12);
        assert!((e(SatMetric::MeanScore) - 3.35 / 7.0).abs() < 1e-12);
        assert_eq!(e(SatMetric::ToldPositive), 18.0);
        assert_eq!(e(SatMetric::ToldNegative), 60.0);
        assert!((e(SatMetric::ComplaintsSeen) - 0.16).abs() < 1e-12);
        assert!((e(SatMetric::CustomersLost) - 0.4).abs() < 1e-12);
        assert_eq!(e(SatMetric::ReplacementCost), 0.0);
    }

    #[test]
    fn a_caller_who_retries_counts_once_with_the_last_attempt_in_the_first_interval() {
        let sc = scenario(
            "[retrials]\nafter_busy = 0.5\n[satisfaction]\ncustomer_value = 20\nacquisition_cost_factor = 7",
        );
        let mut o = SatisfactionObserver::new(&sc);
        o.begin();
        // Caller 2 ends (answered at once) before caller 1's retrial ends.
        o.call_ended(&record(1, 0, 0.0, false, Outcome::Blocked));
        o.call_ended(&record(2, 0, 0.0, false, A));
        o.call_ended(&record(1, 1, 0.0, true, A));
        o.call_ended(&record(3, 1, 0.0, false, Outcome::Blocked));
        let t = o.finish();
        assert_eq!(t.intervals[0].callers, 2.0);
        assert_eq!(t.intervals[0].satisfied, 2.0);
        assert_eq!(t.intervals[1].callers, 1.0);
        assert_eq!(t.intervals[1].satisfied, 0.0);
        let mut s = SatisfactionSummary::new(&sc);
        s.add(&t);
        // One dissatisfied caller, churn 0.1, replacement 20 x 7.
        assert!((s.total.get(SatMetric::ReplacementCost).mean - 14.0).abs() < 1e-12);
        // A second replication starts afresh.
        o.begin();
        o.call_ended(&record(1, 1, 0.0, false, A));
        let t = o.finish();
        assert_eq!(t.intervals[0].callers, 0.0);
        assert_eq!(t.intervals[1].callers, 1.0);
    }

    #[test]
    fn quality_above_one_caps_the_score() {
        let sc = scenario("");
        let mut sc = sc;
        sc.groups[0].quality = 1.5;
        let o = SatisfactionObserver::new(&sc);
        assert_eq!(o.score(&record(1, 0, 0.0, false, A)), 1.0);
        assert!((o.score(&record(1, 0, 180.0, false, A)) - 0.75).abs() < 1e-12);
    }
}
