//! Per-interval line charts from plain data: one or more step lines over the
//! intervals of a day, each optionally with its 95% confidence band, an
//! optional limit line (a target), and the intervals that miss a target
//! shaded. The HTML pages use it for abandonment per interval, for the
//! service level of a staffing plan, and for staffing against the
//! requirement (agents by simulation, Erlang C and Erlang A).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;
use crate::stats::Estimate;

/// One line of an [`IntervalChart`].
#[derive(Debug, Clone)]
pub struct IntervalLine {
    /// Name in the legend.
    pub label: String,
    /// One estimate per interval (NaN breaks the line; a NaN interval bound
    /// draws no band there).
    pub values: Vec<Estimate>,
    /// Whether to draw the 95% confidence band.
    pub band: bool,
    /// Whether the line is dashed (a formula beside a simulation).
    pub dashed: bool,
}

/// A per-interval chart: step lines over the intervals' spans.
#[derive(Debug, Clone)]
pub struct IntervalChart<'a> {
    /// The caption.
    pub title: &'a str,
    /// The y axis description.
    pub y_desc: &'a str,
    /// Whether values are fractions shown as percentages.
    pub percent: bool,
    /// Each interval's `(start, end)` in hours after midnight.
    pub spans: &'a [(f64, f64)],
    /// The lines, drawn in colour order.
    pub lines: &'a [IntervalLine],
    /// A horizontal limit (value in the lines' unit) and its legend label.
    pub limit: Option<(f64, String)>,
    /// Intervals to shade as missing a target (empty: none).
    pub missed: &'a [bool],
}

impl IntervalChart<'_> {
    fn scale(&self) -> f64 {
        if self.percent {
            100.0
        } else {
            1.0
        }
    }

    /// The top of the y axis: room above the highest band and the limit.
    fn top(&self) -> f64 {
        let s = self.scale();
        let hi = self
            .lines
            .iter()
            .flat_map(|l| {
                l.values.iter().map(move |e| {
                    if l.band && e.ci95[1].is_finite() {
                        e.ci95[1]
                    } else {
                        e.mean
                    }
                })
            })
            .chain(self.limit.iter().map(|(v, _)| *v))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
            * s;
        // Room above for the legend: a tenth per line.
        let room = 1.25 + 0.08 * (self.lines.len() + 1) as f64;
        let top = nice_ceil(hi * room).max(if self.percent { 1.0 } else { 2.0 });
        if self.percent {
            top.min(100.0)
        } else {
            top
        }
    }
}

impl Chart for IntervalChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 440)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let (mut t0, mut t1) = self
            .spans
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(a, b)| {
                (lo.min(a), hi.max(b))
            });
        if !(t0.is_finite() && t1 > t0) {
            (t0, t1) = (0.0, 24.0);
        }
        let s = self.scale();
        let top = self.top();
        let mut chart = ChartBuilder::on(root)
            .caption(self.title, caption_style())
            .margin(16)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, 0.0..top)?;
        let percent = self.percent;
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_label_formatter(&|v| {
                if percent {
                    format!("{v:.0}%")
                } else {
                    format!("{v:.0}")
                }
            })
            .x_desc("interval start (time of day)")
            .y_desc(self.y_desc)
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        if self.missed.iter().any(|m| *m) {
            let shade = RGBColor(230, 80, 60);
            chart
                .draw_series(self.spans.iter().zip(self.missed).filter(|(_, m)| **m).map(
                    |(&(a, b), _)| Rectangle::new([(a, 0.0), (b, top)], shade.mix(0.12).filled()),
                ))?
                .label("interval missing a target")
                .legend(legend_box(shade.mix(0.3)));
        }
        if let Some((v, label)) = &self.limit {
            let grey = RGBColor(90, 90, 90);
            chart
                .draw_series(DashedLineSeries::new(
                    [(t0, v * s), (t1, v * s)],
                    8,
                    5,
                    grey.stroke_width(2),
                ))?
                .label(label.clone())
                .legend(legend_line(grey.stroke_width(2)));
        }
        for (i, line) in self.lines.iter().enumerate() {
            let c = color(i);
            if line.band {
                chart.draw_series(
                    self.spans
                        .iter()
                        .zip(&line.values)
                        .filter(|(_, e)| e.ci95[0].is_finite() && e.ci95[1].is_finite())
                        .map(|(&(a, b), e)| {
                            Rectangle::new(
                                [(a, (e.ci95[0] * s).max(0.0)), (b, (e.ci95[1] * s).min(top))],
                                c.mix(0.2).filled(),
                            )
                        }),
                )?;
            }
            let means: Vec<f64> = line.values.iter().map(|e| e.mean * s).collect();
            let style = c.stroke_width(3);
            for (n, run) in steps(self.spans, &means).into_iter().enumerate() {
                let drawn = if line.dashed {
                    chart.draw_series(DashedLineSeries::new(run, 10, 5, style))?
                } else {
                    chart.draw_series(LineSeries::new(run, style))?
                };
                if n == 0 {
                    drawn.label(line.label.clone()).legend(legend_line(style));
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}

/// A plain number as an [`Estimate`] without an interval (a formula's or
/// a plan's value, drawn without a band); `None` is NaN (no point).
pub fn exact(v: Option<f64>) -> Estimate {
    let m = v.unwrap_or(f64::NAN);
    Estimate {
        mean: m,
        ci95: [f64::NAN, f64::NAN],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_leaves_room_above_the_highest_band_and_the_limit() {
        let e = |m: f64, lo: f64, hi: f64| Estimate {
            mean: m,
            ci95: [lo, hi],
        };
        let lines = [IntervalLine {
            label: "abandonment".into(),
            values: vec![e(0.05, 0.04, 0.06), e(0.10, 0.08, 0.12)],
            band: true,
            dashed: false,
        }];
        let chart = IntervalChart {
            title: "t",
            y_desc: "y",
            percent: true,
            spans: &[(8.0, 8.5), (8.5, 9.0)],
            lines: &lines,
            limit: Some((0.05, "cap".into())),
            missed: &[false, true],
        };
        let top = chart.top();
        assert!((12.0..=100.0).contains(&top), "{top}");
        let svg = render_svg(&chart).unwrap();
        assert!(svg.contains("interval missing a target"));
        assert!(svg.contains("cap"));
    }
}
