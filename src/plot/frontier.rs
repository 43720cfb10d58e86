//! Chart 5: cost against service level for the alternatives of a sweep,
//! with the efficient frontier (no other alternative is both cheaper and
//! better) highlighted. The sweep command supplies plain points; this
//! module only draws them.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;

/// Chart 5 from plain data.
pub struct FrontierChart<'a> {
    /// `(cost, service level as a fraction, on the frontier)` per alternative.
    pub points: &'a [(f64, f64, bool)],
}

impl Chart for FrontierChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let finite = || {
            self.points
                .iter()
                .filter(|(c, s, _)| c.is_finite() && s.is_finite())
        };
        let (mut c0, mut c1) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        if !(c0.is_finite() && c1.is_finite()) {
            (c0, c1) = (0.0, 1.0);
        }
        let pad = ((c1 - c0) * 0.08).max(c1.abs() * 0.01).max(1e-9);
        let (s0, s1) = finite().fold((100.0f64, 0.0f64), |(lo, hi), p| {
            (lo.min(p.1 * 100.0), hi.max(p.1 * 100.0))
        });
        let y0 = (s0 - 5.0).clamp(0.0, 100.0).floor();
        let y1 = (s1 + 5.0).clamp(0.0, 100.0).ceil().max(y0 + 1.0);
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Cost against service level (frontier highlighted)",
                caption_style(),
            )
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d((c0 - pad)..(c1 + pad), y0..y1)?;
        chart
            .configure_mesh()
            .x_desc("total cost of the horizon")
            .y_desc("service level")
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let grey = RGBColor(150, 150, 150);
        chart
            .draw_series(
                finite()
                    .filter(|p| !p.2)
                    .map(|p| Circle::new((p.0, p.1 * 100.0), 5, grey.filled())),
            )?
            .label("alternative")
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, grey.filled()));
        let mut front: Vec<(f64, f64)> = finite()
            .filter(|p| p.2)
            .map(|p| (p.0, p.1 * 100.0))
            .collect();
        front.sort_by(|a, b| a.0.total_cmp(&b.0));
        let c = color(0);
        chart.draw_series(LineSeries::new(front.clone(), c.stroke_width(3)))?;
        chart
            .draw_series(front.iter().map(|&p| Circle::new(p, 7, c.filled())))?
            .label("on the frontier")
            .legend(move |(x, y)| Circle::new((x + 8, y), 7, c.filled()));
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

/// Draws the cost/service-level chart of a sweep from plain data and writes
/// it to `path` (PNG for a `.png` name, SVG otherwise).
///
/// `points` holds `(cost, service level as a fraction of 1, on the
/// frontier)` per alternative; the caller decides what the frontier is.
/// This is the extension point for `ccsim sweep`.
pub fn frontier(points: &[(f64, f64, bool)], path: &Path) -> Result<(), Error> {
    write_chart(&FrontierChart { points }, path, Format::of_path(path))
}
