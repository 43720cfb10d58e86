//! The `"satisfaction"` part of the run report: the model's parameters, and
//! per interval and for the day every satisfaction figure as a mean with its
//! 95% confidence interval across replications.

use serde::Serialize;

use super::OrderedMap;
use crate::satisfaction::{SatMetric, SatScope, SatisfactionSummary, BANDS, BAND_LABELS};
use crate::scenario::ValidScenario;
use crate::stats::Estimate;

/// Satisfaction figures of one scope (an interval or the day).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionFigures {
    /// Callers scored (distinct callers, by the interval of their first attempt).
    pub callers: Estimate,
    /// Callers whose score reached `satisfied_at`.
    pub satisfied: Estimate,
    /// Callers below `satisfied_at`.
    pub dissatisfied: Estimate,
    /// Customer satisfaction: share of callers satisfied.
    pub csat: Estimate,
    /// Mean score (0 to 1).
    pub mean_score: Estimate,
    /// People told about a good experience (satisfied x tells_if_satisfied).
    pub told_positive: Estimate,
    /// People told about a bad experience (dissatisfied x tells_if_dissatisfied).
    pub told_negative: Estimate,
    /// Complaints the center sees (dissatisfied x complaint_share).
    pub complaints_seen: Estimate,
    /// Customers expected to leave (dissatisfied x churn_if_dissatisfied).
    pub customers_lost: Estimate,
    /// What replacing them costs (customers_lost x customer_value x acquisition_cost_factor).
    pub replacement_cost: Estimate,
    /// Share of callers per score band ("0.0-0.2" ... "0.8-1.0").
    pub score_bands: OrderedMap<Estimate>,
}

impl SatisfactionFigures {
    /// Figures of one scope.
    pub fn from_scope(s: &SatScope) -> Self {
        let e = |m| s.get(m);
        SatisfactionFigures {
            callers: e(SatMetric::Callers),
            satisfied: e(SatMetric::Satisfied),
            dissatisfied: e(SatMetric::Dissatisfied),
            csat: e(SatMetric::Csat),
            mean_score: e(SatMetric::MeanScore),
            told_positive: e(SatMetric::ToldPositive),
            told_negative: e(SatMetric::ToldNegative),
            complaints_seen: e(SatMetric::ComplaintsSeen),
            customers_lost: e(SatMetric::CustomersLost),
            replacement_cost: e(SatMetric::ReplacementCost),
            score_bands: OrderedMap(
                (0..BANDS)
                    .map(|b| (BAND_LABELS[b].to_string(), s.band(b)))
                    .collect(),
            ),
        }
    }

    /// The estimate of a figure by its enum.
    pub fn get(&self, m: SatMetric) -> Estimate {
        match m {
            SatMetric::Callers => self.callers,
            SatMetric::Satisfied => self.satisfied,
            SatMetric::Dissatisfied => self.dissatisfied,
            SatMetric::Csat => self.csat,
            SatMetric::MeanScore => self.mean_score,
            SatMetric::ToldPositive => self.told_positive,
            SatMetric::ToldNegative => self.told_negative,
            SatMetric::ComplaintsSeen => self.complaints_seen,
            SatMetric::CustomersLost => self.customers_lost,
            SatMetric::ReplacementCost => self.replacement_cost,
        }
    }
}

/// One reported interval's satisfaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionInterval {
    /// "HH:MM" start.
    pub start: String,
    /// "HH:MM" end.
    pub end: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: SatisfactionFigures,
}

/// The model's parameters as used (after defaults).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionParameters {
    /// Wait-to-score curve, `[seconds, score]` points.
    pub curve: Vec<(f64, f64)>,
    /// Score of an abandoned caller.
    pub abandoned_score: f64,
    /// Score of a blocked caller.
    pub blocked_score: f64,
    /// Satisfied when the score is at least this.
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
    /// Cost of winning a customer over the cost of keeping one.
    pub acquisition_cost_factor: f64,
}

/// The `"satisfaction"` object of the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionReport {
    /// The parameters used.
    pub parameters: SatisfactionParameters,
    /// What the figures are: a model, with its assumptions and their sources.
    pub model: ModelNote,
    /// The day after warm-up.
    pub total: SatisfactionFigures,
    /// Each reported interval.
    pub intervals: Vec<SatisfactionInterval>,
}

/// The statement that satisfaction figures are modelled, not measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelNote {
    /// Always "model": the figures follow from the stated assumptions, not from data.
    pub kind: &'static str,
    /// The statement in words.
    pub note: String,
    /// Each assumption: the parameter, its value, whether it is the
    /// default, where the default comes from, and which figures depend on it.
    pub assumptions: Vec<Assumption>,
}

/// One assumption of the satisfaction model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// `[satisfaction]` key.
    pub key: &'static str,
    /// The value used.
    pub value: f64,
    /// Whether it is the documented default.
    pub default: bool,
    /// Where the default comes from.
    pub source: &'static str,
    /// The figures that depend on it.
    pub affects: &'static str,
}

/// Where each default of the satisfaction model comes from (docs/satisfaction.md).
pub const SOURCES: [(&str, &str, &str); 6] = [
    (
        "satisfied_at",
        "project default: the score a caller must reach to count as satisfied",
        "satisfied, dissatisfied, csat and everything counted from them",
    ),
    (
        "tells_if_satisfied",
        "service-management literature: a satisfied customer tells about 6 people",
        "told_positive",
    ),
    (
        "tells_if_dissatisfied",
        "service-management literature: an unhappy customer tells at least 15 people",
        "told_negative",
    ),
    (
        "complaint_share",
        "service-management literature: only about 4% of dissatisfied customers complain",
        "complaints_seen",
    ),
    (
        "churn_if_dissatisfied",
        "placeholder (no published figure; set your own churn from your data)",
        "customers_lost, replacement_cost",
    ),
    (
        "acquisition_cost_factor",
        "service-management literature: winning a customer costs 5 to 10 times keeping one",
        "replacement_cost",
    ),
];

impl ModelNote {
    /// The note for the model `p`.
    pub fn of(p: &crate::scenario::satisfaction::Satisfaction) -> ModelNote {
        let d = crate::scenario::satisfaction::Satisfaction::default();
        let values = [
            (p.satisfied_at, d.satisfied_at),
            (p.tells_if_satisfied, d.tells_if_satisfied),
            (p.tells_if_dissatisfied, d.tells_if_dissatisfied),
            (p.complaint_share, d.complaint_share),
            (p.churn_if_dissatisfied, d.churn_if_dissatisfied),
            (p.acquisition_cost_factor, d.acquisition_cost_factor),
        ];
        ModelNote {
            kind: "model",
            note: "Satisfaction, word of mouth, complaints and churn are modelled, not measured: each follows from the wait-to-score curve and the assumptions listed here (defaults from the service-management literature unless the scenario sets them; churn_if_dissatisfied is a placeholder). See docs/satisfaction.md.".into(),
            assumptions: SOURCES
                .iter()
                .zip(values)
                .map(|(&(key, source, affects), (value, default))| Assumption {
                    key,
                    value,
                    default: value == default,
                    source,
                    affects,
                })
                .collect(),
        }
    }
}

impl SatisfactionReport {
    /// Builds the report part from the reduced figures.
    pub fn new(sc: &ValidScenario, s: &SatisfactionSummary) -> Self {
        let p = &sc.satisfaction;
        let h = sc.horizon;
        SatisfactionReport {
            parameters: SatisfactionParameters {
                curve: p.curve.clone(),
                abandoned_score: p.abandoned_score,
                blocked_score: p.blocked_score,
                satisfied_at: p.satisfied_at,
                tells_if_satisfied: p.tells_if_satisfied,
                tells_if_dissatisfied: p.tells_if_dissatisfied,
                complaint_share: p.complaint_share,
                churn_if_dissatisfied: p.churn_if_dissatisfied,
                customer_value: p.customer_value,
                acquisition_cost_factor: p.acquisition_cost_factor,
            },
            model: ModelNote::of(p),
            total: SatisfactionFigures::from_scope(&s.total),
            intervals: s
                .intervals
                .iter()
                .enumerate()
                .map(|(i, scope)| {
                    let k = s.first_interval + i;
                    SatisfactionInterval {
                        start: h.label(k),
                        end: h.end_label(k),
                        figures: SatisfactionFigures::from_scope(scope),
                    }
                })
                .collect(),
        }
    }
}
