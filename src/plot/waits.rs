//! Chart 1: the wait-time distribution. The cumulative share of calls
//! reaching the queue that were answered within `t` seconds, with the
//! service-level threshold and target marked; the curve levels off below
//! 100% by the share that abandoned, which is shaded (one scenario) or named
//! in the legend (several).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;

/// Points sampled along each curve.
const POINTS: usize = 400;

/// Chart 1 over one or more scenarios.
pub struct WaitChart<'a> {
    /// Scenarios to draw (the first one's threshold and target are marked).
    pub series: &'a [Series<'a>],
}

impl WaitChart<'_> {
    /// The wait axis: to the 99th percentile of answered waits, at least
    /// three times the threshold.
    fn x_max(&self) -> f64 {
        let threshold = self.series[0].report.threshold_seconds;
        let q = self
            .series
            .iter()
            .filter_map(|s| s.waits.quantile(0.99))
            .fold(0.0, f64::max);
        nice_ceil(q.max(3.0 * threshold).max(10.0))
    }
}

impl Chart for WaitChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let first = self.series[0].report;
        let (threshold, target) = (first.threshold_seconds, first.target);
        let x_max = self.x_max();
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Waiting time: share of calls answered within t seconds",
                caption_style(),
            )
            .margin(16)
            .margin_right(36)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..x_max, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_desc("wait t (seconds)")
            .y_desc("answered within t (% of calls reaching the queue)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let single = self.series.len() == 1;
        let grey = RGBColor(90, 90, 90);
        // Abandonment: the gap between the curve's plateau and 100%.
        if single {
            let ab = self.series[0].waits.abandoned_share() * 100.0;
            if ab.is_finite() && ab > 0.0 {
                let red = RGBColor(214, 39, 40);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, 100.0 - ab), (x_max, 100.0)],
                        red.mix(0.15).filled(),
                    )))?
                    .label(format!("abandoned: {ab:.1}% of calls"))
                    .legend(legend_box(red.mix(0.3)));
            }
        }
        // Threshold and target.
        chart.draw_series(DashedLineSeries::new(
            [(threshold, 0.0), (threshold, 100.0)],
            8,
            5,
            grey.stroke_width(2),
        ))?;
        chart.draw_series(DashedLineSeries::new(
            [(0.0, target * 100.0), (x_max, target * 100.0)],
            8,
            5,
            grey.stroke_width(2),
        ))?;
        chart.draw_series([
            Text::new(
                format!("T = {threshold} s"),
                (threshold + x_max * 0.01, 4.0),
                note_style(grey),
            ),
            Text::new(
                format!("target {:.0}%", target * 100.0),
                (x_max * 0.75, target * 100.0 - 2.0),
                note_style(grey).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Top,
                )),
            ),
        ])?;
        for (i, s) in self.series.iter().enumerate() {
            let c = color(i);
            let pts: Vec<(f64, f64)> = (0..=POINTS)
                .map(|j| {
                    let t = x_max * j as f64 / POINTS as f64;
                    (t, s.waits.answered_within(t) * 100.0)
                })
                .filter(|(_, y)| y.is_finite())
                .collect();
            let within = s.waits.answered_within(threshold) * 100.0;
            let label = if single {
                format!("answered within t (within {threshold} s: {within:.1}%)")
            } else {
                format!(
                    "{}: within {threshold} s {within:.1}%, abandoned {:.1}%",
                    s.label,
                    s.waits.abandoned_share() * 100.0
                )
            };
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(3)))?
                .label(label)
                .legend(legend_line(c.stroke_width(3)));
        }
        legend(&mut chart, SeriesLabelPosition::MiddleRight)?;
        Ok(())
    }
}
