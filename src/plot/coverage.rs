//! The coverage chart of `ccsim schedule`: agents required on the phones,
//! agents scheduled on shift, and agents on the phones (expected by the
//! integer program, and simulated when the schedule was checked), per
//! interval as step lines.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;

/// The coverage chart.
pub struct CoverageChart<'a> {
    /// Title line.
    pub title: &'a str,
    /// Interval spans, hours after midnight of the first day.
    pub spans: &'a [(f64, f64)],
    /// Agents required on the phones.
    pub required: &'a [f64],
    /// Agents on shift as scheduled.
    pub scheduled: &'a [f64],
    /// Agents on the phones the program expects (after breaks, shrinkage, absenteeism).
    pub expected: &'a [f64],
    /// Agents on the phones in simulation (empty when not checked).
    pub simulated: &'a [f64],
}

impl Chart for CoverageChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let root = root.titled(self.title, caption_style())?;
        let t0 = self.spans.first().map_or(0.0, |s| s.0);
        let t1 = self.spans.last().map_or(24.0, |s| s.1).max(t0 + 0.5);
        let max = [self.required, self.scheduled, self.expected, self.simulated]
            .iter()
            .flat_map(|v| v.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(60)
            .build_cartesian_2d(t0..t1, 0.0..nice_ceil(max * 1.3).max(1.0))?;
        let multi_day = t1 - t0 > 24.0;
        chart
            .configure_mesh()
            .x_label_formatter(&|h| {
                if multi_day {
                    format!("d{} {}", (h / 24.0).floor() as i64 + 1, clock(&(h % 24.0)))
                } else {
                    clock(h)
                }
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc("agents")
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let fill = RGBColor(200, 215, 235);
        chart
            .draw_series(
                self.spans
                    .iter()
                    .zip(self.scheduled)
                    .map(|(&(a, b), &v)| Rectangle::new([(a, 0.0), (b, v)], fill.filled())),
            )?
            .label("scheduled (on shift)")
            .legend(legend_box(fill.to_rgba()));
        let lines: [(&[f64], &str, RGBColor, u32); 3] = [
            (
                self.required,
                "required on the phones",
                RGBColor(200, 40, 40),
                3,
            ),
            (
                self.expected,
                "on the phones, expected",
                RGBColor(40, 90, 170),
                2,
            ),
            (
                self.simulated,
                "on the phones, simulated",
                RGBColor(20, 140, 60),
                2,
            ),
        ];
        for (values, label, c, width) in lines {
            if values.is_empty() {
                continue;
            }
            for (n, run) in steps(self.spans, values).into_iter().enumerate() {
                let s = chart.draw_series(LineSeries::new(run, c.stroke_width(width)))?;
                if n == 0 {
                    s.label(label).legend(legend_line(c.stroke_width(width)));
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}
