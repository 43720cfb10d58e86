//! Chart 4: satisfaction over the day. For one scenario: the share of
//! callers in each score band per interval (stacked bars, the highest
//! scores at the bottom in blue, the lowest at the top in red, so the red
//! cap is the unhappy share) with CSAT and its 95% band drawn over them
//! (with `satisfied_at = 0.6` the CSAT line meets the top of the 0.6-0.8
//! band). For several scenarios: CSAT per interval of each, with bands.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;
use crate::satisfaction::{BANDS, BAND_LABELS};

/// Score band colours, lowest to highest (a diverging red-blue scale).
const BAND_COLORS: [RGBColor; BANDS] = [
    RGBColor(202, 0, 32),
    RGBColor(244, 165, 130),
    RGBColor(225, 225, 225),
    RGBColor(146, 197, 222),
    RGBColor(5, 113, 176),
];

/// Chart 4 over one or more scenarios.
pub struct SatisfactionChart<'a> {
    /// Scenarios to draw; those without satisfaction figures are skipped.
    pub series: &'a [Series<'a>],
}

impl Chart for SatisfactionChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let (t0, t1) = time_range(self.series);
        let single = self.series.len() == 1;
        let satisfied_at = self
            .series
            .iter()
            .find_map(|s| s.report.satisfaction.as_ref())
            .map(|s| s.parameters.satisfied_at)
            .unwrap_or(f64::NAN);
        let root = root.titled(
            &format!(
                "Customer satisfaction over the day (satisfied: score at least {satisfied_at})"
            ),
            caption_style(),
        )?;
        let (plot_area, legend_area) = if single {
            let (w, _) = root.dim_in_pixel();
            root.split_horizontally(w.saturating_sub(230))
        } else {
            root.split_horizontally(root.dim_in_pixel().0)
        };
        // Several scenarios: zoom on the CSAT seen, with room for the legend.
        let y0 = if single {
            0.0
        } else {
            let lowest = self
                .series
                .iter()
                .filter_map(|s| s.report.satisfaction.as_ref())
                .flat_map(|s| s.intervals.iter().map(|i| i.figures.csat))
                .map(|e| {
                    if e.ci95[0].is_finite() {
                        e.ci95[0]
                    } else {
                        e.mean
                    }
                })
                .filter(|v| v.is_finite())
                .fold(1.0, f64::min);
            let room = 8.0 + 6.0 * self.series.len() as f64;
            ((lowest * 100.0 - room) / 10.0).floor().clamp(0.0, 9.0) * 10.0
        };
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(16)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, y0..100.0)?;
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_desc("interval start (time of day)")
            .y_desc(if single {
                "share of callers"
            } else {
                "CSAT (share of callers satisfied)"
            })
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        for (i, s) in self.series.iter().enumerate() {
            let Some(sat) = &s.report.satisfaction else {
                continue;
            };
            let sp = spans(s.report);
            if single {
                for b in 0..BANDS {
                    let c = BAND_COLORS[b];
                    let bars = sp.iter().zip(&sat.intervals).filter_map(|(&(a, e), si)| {
                        let shares: Vec<f64> = si
                            .figures
                            .score_bands
                            .0
                            .iter()
                            .map(|(_, e)| e.mean * 100.0)
                            .collect();
                        if shares.iter().any(|v| !v.is_finite()) {
                            return None;
                        }
                        // Highest band at the bottom.
                        let lo: f64 = shares[b + 1..].iter().sum();
                        let pad = (e - a) * 0.06;
                        Some(Rectangle::new(
                            [(a + pad, lo), (e - pad, lo + shares[b])],
                            c.filled(),
                        ))
                    });
                    chart.draw_series(bars)?;
                }
            }
            let c = if single { BLACK } else { color(i) };
            let csat: Vec<_> = sat.intervals.iter().map(|si| si.figures.csat).collect();
            let band_color = if single {
                RGBColor(255, 255, 255).mix(0.45)
            } else {
                c.mix(0.2)
            };
            chart.draw_series(
                sp.iter()
                    .zip(&csat)
                    .filter(|(_, e)| e.ci95[0].is_finite())
                    .map(|(&(a, b), e)| {
                        Rectangle::new(
                            [
                                (a, (e.ci95[0] * 100.0).max(0.0)),
                                (b, (e.ci95[1] * 100.0).min(100.0)),
                            ],
                            band_color.filled(),
                        )
                    }),
            )?;
            let means: Vec<f64> = csat.iter().map(|e| e.mean * 100.0).collect();
            let label = if single {
                format!("CSAT (95% band), day {:.1}%", sat.total.csat.mean * 100.0)
            } else {
                format!("{}: CSAT, day {:.1}%", s.label, sat.total.csat.mean * 100.0)
            };
            for (n, run) in steps(&sp, &means).into_iter().enumerate() {
                let series = chart.draw_series(LineSeries::new(run, c.stroke_width(3)))?;
                if n == 0 && !single {
                    series
                        .label(label.clone())
                        .legend(legend_line(c.stroke_width(3)));
                }
            }
            if single {
                // Legend beside the plot: the bars fill it.
                let x = 10;
                let mut y = 60;
                let style = label_style();
                legend_area.draw(&PathElement::new(
                    vec![(x, y), (x + 22, y)],
                    BLACK.stroke_width(3),
                ))?;
                legend_area.draw(&Text::new(
                    "CSAT (95% band)",
                    (x + 30, y - 8),
                    style.clone(),
                ))?;
                legend_area.draw(&Text::new(
                    format!("day {:.1}%", sat.total.csat.mean * 100.0),
                    (x + 30, y + 10),
                    style.clone(),
                ))?;
                y += 50;
                legend_area.draw(&Text::new("callers by score:", (x, y - 8), style.clone()))?;
                y += 22;
                for b in (0..BANDS).rev() {
                    legend_area.draw(&Rectangle::new(
                        [(x, y - 7), (x + 16, y + 7)],
                        BAND_COLORS[b].filled(),
                    ))?;
                    let share = sat.total.score_bands.0[b].1.mean * 100.0;
                    legend_area.draw(&Text::new(
                        format!("{}  (day {share:.1}%)", BAND_LABELS[b]),
                        (x + 26, y - 8),
                        style.clone(),
                    ))?;
                    y += 24;
                }
            }
        }
        if !single {
            legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
        }
        Ok(())
    }
}
