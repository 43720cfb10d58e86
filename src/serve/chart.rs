//! The what-if chart: service level against a group's agents, the Erlang
//! C and Erlang A curves and the simulated points with their 95% intervals,
//! the target as a dashed line and the chosen agents marked. Drawn with the
//! same plotters styles as the `ccsim run` charts.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::whatif::{CurvePoint, SimPoint};
use crate::plot::{
    caption_style, color, desc_style, label_style, legend, legend_line, note_style, Chart,
    ChartResult,
};

/// Service level against agents.
pub struct AgentsChart<'a> {
    /// Title.
    pub title: String,
    /// Formula curves.
    pub curve: &'a [CurvePoint],
    /// Simulated points.
    pub points: &'a [SimPoint],
    /// Service-level target (a share).
    pub target: f64,
    /// Threshold, seconds (for the axis label).
    pub threshold: f64,
    /// The chosen agents (marked).
    pub current: u32,
}

impl Chart for AgentsChart<'_> {
    fn size(&self) -> (u32, u32) {
        (900, 520)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let root = root.titled(&self.title, caption_style())?;
        let lo = self.curve.first().map_or(0, |c| c.agents) as f64 - 0.5;
        let hi = self.curve.last().map_or(1, |c| c.agents) as f64 + 0.5;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(lo..hi, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_desc("agents of the group (in every interval)")
            .y_desc(format!("answered within {} s", self.threshold))
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let target = self.target * 100.0;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(lo, target), (hi, target)],
                8,
                5,
                BLACK.mix(0.6).stroke_width(1),
            ))?
            .label(format!("target {target:.0}%"))
            .legend(legend_line(BLACK.mix(0.6).stroke_width(1)));
        let mark = color(4);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (f64::from(self.current), 0.0),
                (f64::from(self.current), 100.0),
            ],
            mark.mix(0.5).stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("{} agents", self.current),
            (f64::from(self.current) + 0.15, 4.0),
            note_style(mark),
        )))?;
        // Erlang A first, thick; Erlang C over it, thin: where nobody
        // abandons the two curves are one and both stay visible.
        for (i, (name, pick)) in [
            (
                "Erlang A",
                (|c: &CurvePoint| c.erlang_a) as fn(&CurvePoint) -> Option<f64>,
            ),
            ("Erlang C", |c: &CurvePoint| c.erlang_c),
        ]
        .into_iter()
        .enumerate()
        {
            let c = color(1 - i);
            let line: Vec<(f64, f64)> = self
                .curve
                .iter()
                .filter_map(|p| pick(p).map(|v| (f64::from(p.agents), v * 100.0)))
                .collect();
            if line.is_empty() {
                continue;
            }
            let style = c.stroke_width(if i == 0 { 5 } else { 2 });
            chart
                .draw_series(LineSeries::new(line, style))?
                .label(format!("{name} (formula)"))
                .legend(legend_line(style));
        }
        let sim = color(3);
        chart.draw_series(
            self.points
                .iter()
                .filter(|p| p.service_level.ci95[0].is_finite())
                .map(|p| {
                    let x = f64::from(p.agents);
                    PathElement::new(
                        vec![
                            (x, p.service_level.ci95[0].max(0.0) * 100.0),
                            (x, p.service_level.ci95[1].min(1.0) * 100.0),
                        ],
                        sim.stroke_width(2),
                    )
                }),
        )?;
        chart
            .draw_series(
                self.points
                    .iter()
                    .filter(|p| p.service_level.mean.is_finite())
                    .map(|p| {
                        Circle::new(
                            (f64::from(p.agents), p.service_level.mean * 100.0),
                            5,
                            sim.filled(),
                        )
                    }),
            )?
            .label("simulation (95% interval)")
            .legend(move |(x, y)| Circle::new((x + 11, y), 5, sim.filled()));
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}
