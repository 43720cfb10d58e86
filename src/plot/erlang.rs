//! Erlang figures against agents (`ccsim erlang --agents A..B --chart`):
//! service level, ASA and abandonment from the formula as lines, and, with
//! `--simulate N`, the simulated means with their 95% intervals as points
//! with error bars beside them. One panel per figure, agents on every x axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;
use crate::stats::Estimate;

/// One simulated staffing: its figures with their 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SimulatedPoint {
    /// Agents (lines for Erlang B).
    pub agents: u32,
    /// Service level (answered within the threshold over calls that reached the queue).
    pub service_level: Estimate,
    /// Average speed of answer, seconds.
    pub asa_seconds: Estimate,
    /// Abandoned over calls that reached the queue.
    pub abandon_rate: Estimate,
}

/// The chart's data: formula values per agent count, optional simulated points.
pub struct ErlangChart<'a> {
    /// Caption.
    pub title: String,
    /// Agents of each formula value, ascending.
    pub agents: &'a [u32],
    /// Formula service level per agent count (fraction; `None`: undefined).
    pub service_level: &'a [Option<f64>],
    /// Formula ASA per agent count, seconds.
    pub asa_seconds: &'a [Option<f64>],
    /// Formula abandonment per agent count (fraction).
    pub abandon_rate: &'a [Option<f64>],
    /// Service-level target to draw as a dashed line, if any.
    pub target: Option<f64>,
    /// Simulated points (empty without `--simulate`).
    pub simulated: &'a [SimulatedPoint],
}

/// One panel: name, formula values, scale (100 for percent), the simulated
/// figure it shows, and whether it is the service level.
type Panel<'a> = (
    &'static str,
    &'a [Option<f64>],
    f64,
    fn(&SimulatedPoint) -> Estimate,
    bool,
);

impl Chart for ErlangChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 1000)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let (top, body) = root.split_vertically(50);
        top.draw(&Text::new(self.title.clone(), (20, 15), caption_style()))?;
        let panels = body.split_evenly((3, 1));
        let lo = self.agents.first().copied().unwrap_or(0) as f64;
        let hi = self.agents.last().copied().unwrap_or(1) as f64;
        let (x0, x1) = (lo - 0.5, hi.max(lo + 1.0) + 0.5);
        let specs: [Panel; 3] = [
            (
                "service level",
                self.service_level,
                100.0,
                |p| p.service_level,
                true,
            ),
            ("ASA (s)", self.asa_seconds, 1.0, |p| p.asa_seconds, false),
            (
                "abandonment",
                self.abandon_rate,
                100.0,
                |p| p.abandon_rate,
                false,
            ),
        ];
        for (panel, (name, values, scale, pick, is_sl)) in panels.iter().zip(specs) {
            let mut ymax = values
                .iter()
                .flatten()
                .map(|v| v * scale)
                .chain(
                    self.simulated
                        .iter()
                        .map(|p| pick(p).ci95[1] * scale)
                        .filter(|v| v.is_finite()),
                )
                .fold(0.0f64, f64::max);
            if is_sl {
                ymax = 100.0;
            }
            let ymax = nice_ceil(ymax.max(1e-6));
            let mut chart = ChartBuilder::on(panel)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d(x0..x1, 0.0..ymax)?;
            let unit = if scale == 100.0 { "%" } else { "" };
            chart
                .configure_mesh()
                .x_desc("agents")
                .y_desc(name)
                .y_label_formatter(&|v| format!("{v:.0}{unit}"))
                .x_label_formatter(&|v| format!("{v:.0}"))
                .label_style(label_style())
                .axis_desc_style(desc_style())
                .light_line_style(BLACK.mix(0.05))
                .draw()?;
            let line: Vec<(f64, f64)> = self
                .agents
                .iter()
                .zip(values)
                .filter_map(|(a, v)| v.map(|v| (f64::from(*a), v * scale)))
                .collect();
            let c = color(0);
            chart
                .draw_series(LineSeries::new(line.clone(), c.stroke_width(3)))?
                .label("formula")
                .legend(legend_line(c.stroke_width(3)));
            chart.draw_series(line.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
            if let (true, Some(t)) = (is_sl, self.target) {
                let grey = RGBColor(120, 120, 120);
                chart
                    .draw_series(DashedLineSeries::new(
                        [(x0, t * 100.0), (x1, t * 100.0)],
                        6,
                        4,
                        grey.stroke_width(2),
                    ))?
                    .label(format!("target {:.0}%", t * 100.0))
                    .legend(legend_line(grey.stroke_width(2)));
            }
            if !self.simulated.is_empty() {
                let s = color(1);
                let pts: Vec<(f64, Estimate)> = self
                    .simulated
                    .iter()
                    .map(|p| (f64::from(p.agents) + 0.15, pick(p)))
                    .filter(|(_, e)| e.mean.is_finite())
                    .collect();
                let bar = |x: f64, e: &Estimate| {
                    let lo = if e.ci95[0].is_finite() {
                        e.ci95[0]
                    } else {
                        e.mean
                    };
                    let hi = if e.ci95[1].is_finite() {
                        e.ci95[1]
                    } else {
                        e.mean
                    };
                    (x, lo * scale, hi * scale)
                };
                chart.draw_series(pts.iter().map(|(x, e)| {
                    let (x, lo, hi) = bar(*x, e);
                    PathElement::new(vec![(x, lo), (x, hi)], s.stroke_width(2))
                }))?;
                chart.draw_series(pts.iter().flat_map(|(x, e)| {
                    let (x, lo, hi) = bar(*x, e);
                    [lo, hi].map(|y| {
                        PathElement::new(vec![(x - 0.12, y), (x + 0.12, y)], s.stroke_width(2))
                    })
                }))?;
                chart
                    .draw_series(
                        pts.iter()
                            .map(|(x, e)| Circle::new((*x, e.mean * scale), 4, s.filled())),
                    )?
                    .label("simulated (95% interval)")
                    .legend(move |(x, y)| Circle::new((x + 8, y), 4, s.filled()));
            }
            let pos = if is_sl {
                SeriesLabelPosition::LowerRight
            } else {
                SeriesLabelPosition::UpperRight
            };
            legend(&mut chart, pos)?;
        }
        Ok(())
    }
}
