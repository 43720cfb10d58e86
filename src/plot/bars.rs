//! Horizontal bars of labelled amounts with their 95% intervals as
//! whiskers, from plain data: the break-even page compares what the
//! partner costs a day with what the in-house agents replacing it would.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;
use crate::stats::Estimate;

/// A bar chart of labelled estimates.
pub struct BarChart<'a> {
    /// The caption.
    pub title: &'a str,
    /// What the values are (the x axis).
    pub x_desc: &'a str,
    /// `(label, value)` per bar, drawn top to bottom.
    pub bars: &'a [(String, Estimate)],
}

impl Chart for BarChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 150 + 90 * self.bars.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let hi = self
            .bars
            .iter()
            .map(|(_, e)| {
                if e.ci95[1].is_finite() {
                    e.ci95[1].max(e.mean)
                } else {
                    e.mean
                }
            })
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let lo = self
            .bars
            .iter()
            .map(|(_, e)| e.mean.min(e.ci95[0]))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::min);
        let top = nice_ceil(hi * 1.3).max(1.0);
        let bottom = if lo < 0.0 { -nice_ceil(-lo * 1.3) } else { 0.0 };
        let n = self.bars.len().max(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(self.title, caption_style())
            .margin(16)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(20)
            .build_cartesian_2d(bottom..top, 0.0..n)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_desc(self.x_desc)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        for (i, (label, e)) in self.bars.iter().enumerate() {
            if !e.mean.is_finite() {
                continue;
            }
            let y = n - i as f64;
            let c = color(i);
            chart.draw_series([Rectangle::new(
                [(0.0, y - 0.75), (e.mean, y - 0.25)],
                c.mix(0.8).filled(),
            )])?;
            if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
                let ink = BLACK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(e.ci95[0], y - 0.5), (e.ci95[1], y - 0.5)], ink),
                    PathElement::new(vec![(e.ci95[0], y - 0.62), (e.ci95[0], y - 0.38)], ink),
                    PathElement::new(vec![(e.ci95[1], y - 0.62), (e.ci95[1], y - 0.38)], ink),
                ])?;
            }
            let style = desc_style().color(&RGBColor(30, 30, 30)).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
            );
            chart.draw_series([Text::new(
                format!("{label}: {:.2}", e.mean),
                (0.0, y - 0.18),
                style,
            )])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_labels_and_values() {
        let bars = vec![
            (
                "partner".to_string(),
                Estimate {
                    mean: 2441.4,
                    ci95: [2235.7, 2647.1],
                },
            ),
            (
                "in-house agents instead".to_string(),
                Estimate {
                    mean: 3456.0,
                    ci95: [f64::NAN, f64::NAN],
                },
            ),
        ];
        let svg = render_svg(&BarChart {
            title: "Cost per day",
            x_desc: "per day",
            bars: &bars,
        })
        .unwrap();
        assert!(svg.contains("partner: 2441.40"));
        assert!(svg.contains("in-house agents instead: 3456.00"));
    }
}
