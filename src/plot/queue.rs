//! Chart 3: queue length and occupancy over the day. Top panel: mean number
//! of calls waiting per interval with its 95% band, and the mean of the
//! daily largest queue. Bottom panel: occupancy of each agent group (busy
//! over present agent time) with its band.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;

/// Chart 3 of one scenario.
pub struct QueueChart<'a> {
    /// The scenario to draw.
    pub series: Series<'a>,
}

impl Chart for QueueChart<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 780)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let r = self.series.report;
        let root = root.titled("Queue length and occupancy over the day", caption_style())?;
        let (top, bottom) = root.split_vertically(360);
        let sp = spans(r);
        let (t0, t1) = time_range(std::slice::from_ref(&self.series));

        let mean: Vec<_> = r
            .intervals
            .iter()
            .map(|i| i.figures.mean_queue_length)
            .collect();
        let max: Vec<f64> = r
            .intervals
            .iter()
            .map(|i| i.figures.max_queue_length.mean)
            .collect();
        let y_max = max
            .iter()
            .chain(mean.iter().map(|e| &e.ci95[1]))
            .filter(|v| v.is_finite())
            .fold(0.0f64, |a, b| a.max(*b));
        let mut chart = ChartBuilder::on(&top)
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, 0.0..nice_ceil(y_max * 1.4).max(1.0))?;
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_desc("calls waiting")
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let c = color(0);
        chart.draw_series(
            sp.iter()
                .zip(&mean)
                .filter(|(_, e)| e.ci95[0].is_finite())
                .map(|(&(a, b), e)| {
                    Rectangle::new(
                        [(a, e.ci95[0].max(0.0)), (b, e.ci95[1])],
                        c.mix(0.2).filled(),
                    )
                }),
        )?;
        let means: Vec<f64> = mean.iter().map(|e| e.mean).collect();
        for (n, run) in steps(&sp, &means).into_iter().enumerate() {
            let s = chart.draw_series(LineSeries::new(run, c.stroke_width(3)))?;
            if n == 0 {
                s.label("mean queue length (95% band)")
                    .legend(legend_line(c.stroke_width(3)));
            }
        }
        let red = color(3);
        for (n, run) in steps(&sp, &max).into_iter().enumerate() {
            let s = chart.draw_series(DashedLineSeries::new(run, 10, 4, red.stroke_width(2)))?;
            if n == 0 {
                s.label("largest queue (mean of daily maxima)")
                    .legend(legend_line(red.stroke_width(2)));
            }
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;

        let mut chart = ChartBuilder::on(&bottom)
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_label_formatter(&clock)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_desc("interval start (time of day)")
            .y_desc("occupancy (busy / present agent time)")
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        for (g, (name, _)) in r.total.groups.0.iter().enumerate() {
            let c = color(g + 1);
            let occ: Vec<_> = r
                .intervals
                .iter()
                .map(|i| i.figures.groups.0[g].1.occupancy)
                .collect();
            chart.draw_series(
                sp.iter()
                    .zip(&occ)
                    .filter(|(_, e)| e.ci95[0].is_finite())
                    .map(|(&(a, b), e)| {
                        Rectangle::new(
                            [
                                (a, (e.ci95[0] * 100.0).max(0.0)),
                                (b, (e.ci95[1] * 100.0).min(100.0)),
                            ],
                            c.mix(0.2).filled(),
                        )
                    }),
            )?;
            let means: Vec<f64> = occ.iter().map(|e| e.mean * 100.0).collect();
            for (n, run) in steps(&sp, &means).into_iter().enumerate() {
                let s = chart.draw_series(LineSeries::new(run, c.stroke_width(3)))?;
                if n == 0 {
                    s.label(format!("occupancy: {name}"))
                        .legend(legend_line(c.stroke_width(3)));
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
        Ok(())
    }
}
