//! Chart 2: the day. Top panel: calls offered per interval (bars for one
//! scenario, step lines for several) and agents on shift (steps, right
//! axis). Bottom panel: service level per interval with its 95% confidence
//! band against the target.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;

/// Chart 2 over one or more scenarios.
pub struct DayChart<'a> {
    /// Scenarios to draw.
    pub series: &'a [Series<'a>],
}

impl Chart for DayChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 780)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let root = root.titled("The day: calls, agents and service level", caption_style())?;
        let (top, bottom) = root.split_vertically(340);
        let (t0, t1) = time_range(self.series);
        let single = self.series.len() == 1;

        // Top: offered calls and agents.
        let max_calls = self
            .series
            .iter()
            .flat_map(|s| s.report.intervals.iter().map(|i| i.figures.offered.mean))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let agents_of = |s: &Series| -> Vec<Vec<f64>> {
            let groups: Vec<usize> = if single {
                (0..s.report.total.groups.0.len()).collect()
            } else {
                vec![usize::MAX]
            };
            groups
                .iter()
                .map(|&g| {
                    s.report
                        .intervals
                        .iter()
                        .map(|i| match g {
                            usize::MAX => i.agents.0.iter().map(|(_, a)| f64::from(*a)).sum(),
                            g => f64::from(i.agents.0[g].1),
                        })
                        .collect()
                })
                .collect()
        };
        let max_agents = self
            .series
            .iter()
            .flat_map(|s| agents_of(s).into_iter().flatten())
            .fold(0.0, f64::max);
        let headroom = 1.35 + 0.15 * self.series.len().saturating_sub(1) as f64;
        let mut chart = ChartBuilder::on(&top)
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .right_y_label_area_size(70)
            .build_cartesian_2d(t0..t1, 0.0..nice_ceil(max_calls * headroom).max(1.0))?
            .set_secondary_coord(t0..t1, 0.0..nice_ceil(max_agents * headroom).max(1.0));
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc("calls offered per interval")
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        chart
            .configure_secondary_axes()
            .y_desc("agents on shift")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .draw()?;
        for (i, s) in self.series.iter().enumerate() {
            let sp = spans(s.report);
            let offered: Vec<f64> = s
                .report
                .intervals
                .iter()
                .map(|i| i.figures.offered.mean)
                .collect();
            let label = if single {
                "calls offered (mean)".to_string()
            } else {
                format!("{}: calls offered", s.label)
            };
            if single {
                let fill = RGBColor(160, 190, 220);
                chart
                    .draw_series(sp.iter().zip(&offered).filter(|(_, v)| v.is_finite()).map(
                        |(&(a, b), &v)| {
                            let pad = (b - a) * 0.08;
                            Rectangle::new([(a + pad, 0.0), (b - pad, v)], fill.filled())
                        },
                    ))?
                    .label(label)
                    .legend(legend_box(fill.to_rgba()));
            } else {
                let c = color(i);
                for (n, run) in steps(&sp, &offered).into_iter().enumerate() {
                    let series =
                        chart.draw_series(LineSeries::new(run, c.mix(0.6).stroke_width(2)))?;
                    if n == 0 {
                        series
                            .label(label.clone())
                            .legend(legend_line(c.mix(0.6).stroke_width(2)));
                    }
                }
            }
            let groups: Vec<String> = if single {
                s.report
                    .total
                    .groups
                    .0
                    .iter()
                    .map(|(n, _)| n.clone())
                    .collect()
            } else {
                vec![String::new()]
            };
            for (g, values) in agents_of(s).into_iter().enumerate() {
                let c = if single { color(g + 1) } else { color(i) };
                let style = c.stroke_width(3);
                let label = if single {
                    format!("agents: {}", groups[g])
                } else {
                    format!("{}: agents", s.label)
                };
                for (n, run) in steps(&sp, &values).into_iter().enumerate() {
                    let series =
                        chart.draw_secondary_series(DashedLineSeries::new(run, 10, 4, style))?;
                    if n == 0 {
                        series.label(label.clone()).legend(legend_line(style));
                    }
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;

        // Bottom: service level with its band.
        let first = self.series[0].report;
        // Zoom on the service levels seen (10-point steps), keeping the target in view.
        let lowest = self
            .series
            .iter()
            .flat_map(|s| s.report.intervals.iter().map(|i| i.figures.service_level))
            .map(|e| {
                if e.ci95[0].is_finite() {
                    e.ci95[0]
                } else {
                    e.mean
                }
            })
            .filter(|v| v.is_finite())
            .fold(first.target, f64::min);
        // Room below the lowest band for the legend.
        let room = 8.0 + 6.0 * (self.series.len() + 1) as f64;
        let y0 = ((lowest * 100.0 - room) / 10.0).floor().clamp(0.0, 9.0) * 10.0;
        let mut chart = ChartBuilder::on(&bottom)
            .margin(16)
            .margin_right(86)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, y0..100.0)?;
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_desc("interval start (time of day)")
            .y_desc(format!("answered within {} s", first.threshold_seconds))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let grey = RGBColor(90, 90, 90);
        chart
            .draw_series(DashedLineSeries::new(
                [(t0, first.target * 100.0), (t1, first.target * 100.0)],
                8,
                5,
                grey.stroke_width(2),
            ))?
            .label(format!("target {:.0}%", first.target * 100.0))
            .legend(legend_line(grey.stroke_width(2)));
        for (i, s) in self.series.iter().enumerate() {
            let c = color(i);
            let sp = spans(s.report);
            let sl: Vec<_> = s
                .report
                .intervals
                .iter()
                .map(|i| i.figures.service_level)
                .collect();
            chart.draw_series(
                sp.iter()
                    .zip(&sl)
                    .filter(|(_, e)| e.ci95[0].is_finite())
                    .map(|(&(a, b), e)| {
                        Rectangle::new(
                            [
                                (a, (e.ci95[0] * 100.0).max(y0)),
                                (b, (e.ci95[1] * 100.0).min(100.0)),
                            ],
                            c.mix(0.2).filled(),
                        )
                    }),
            )?;
            let means: Vec<f64> = sl.iter().map(|e| e.mean * 100.0).collect();
            let label = if single {
                "service level (mean, 95% band)".to_string()
            } else {
                format!("{}: service level (95% band)", s.label)
            };
            for (n, run) in steps(&sp, &means).into_iter().enumerate() {
                let series = chart.draw_series(LineSeries::new(run, c.stroke_width(3)))?;
                if n == 0 {
                    series
                        .label(label.clone())
                        .legend(legend_line(c.stroke_width(3)));
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
        Ok(())
    }
}
