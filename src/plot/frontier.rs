//! Chart 5: the alternatives of a sweep. With costs, cost against service
//! level with the efficient frontier (no other alternative is both cheaper
//! and better) highlighted; without costs (every alternative costs the
//! same, e.g. nothing), service level against the first varied value (say,
//! agents) instead, so the chart never collapses to a vertical line. Both
//! label the points with their values, draw the service-level target as a
//! line, and mark the cheapest alternative meeting every target.
//!
//! [`FrontierChart`] and [`frontier()`] draw plain `(cost, service level,
//! on the frontier)` points (the extension point); [`SweepChart::of`]
//! draws a whole [`SweepResult`].

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::*;
use crate::sweep::SweepResult;

/// Chart 5 from plain data.
pub struct FrontierChart<'a> {
    /// `(cost, service level as a fraction, on the frontier)` per alternative.
    pub points: &'a [(f64, f64, bool)],
}

/// One alternative of a [`SweepChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct SweepChartPoint {
    /// Total cost (NaN: none).
    pub cost: f64,
    /// Service level as a fraction of 1.
    pub service_level: f64,
    /// The first varied value (the x axis without costs).
    pub x: f64,
    /// Which line the point belongs to without costs (the other varied
    /// values; empty for a one-key sweep).
    pub series: String,
    /// The label drawn beside the point ("agents 12"); empty: none.
    pub label: String,
    /// On the cost/service frontier.
    pub frontier: bool,
    /// Meets every target.
    pub meets: bool,
    /// The cheapest alternative meeting every target.
    pub best: bool,
}

/// Chart 5 with labels, the target line and the no-cost fallback.
pub struct SweepChart {
    /// The alternatives.
    pub points: Vec<SweepChartPoint>,
    /// The service-level target (a fraction of 1).
    pub target: Option<f64>,
    /// Name of the first varied key (the x axis without costs).
    pub x_desc: String,
}

/// The last part of a key path: `groups.in-house.agents` -> `agents`
/// (`in-house agents` when several keys share the last part).
fn short(key: &str, keys: &[String]) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    let clash = keys
        .iter()
        .filter(|k| k.rsplit('.').next() == Some(last))
        .count()
        > 1;
    if clash {
        let mut parts = key.rsplit('.');
        let l = parts.next().unwrap_or(key);
        match parts.next() {
            Some(p) => format!("{p} {l}"),
            None => l.to_string(),
        }
    } else {
        last.to_string()
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// "agents 12", or "agents ×1.1" for a key varied with an operator
/// (`agents*=`, `agents+=`).
pub fn assignment(key: &str, v: f64) -> String {
    for op in ["*=", "+=", "-=", "/="] {
        if let Some(base) = key.strip_suffix(op) {
            let sym = match op {
                "*=" => "×",
                "+=" => "+",
                "-=" => "−",
                _ => "÷",
            };
            return format!("{base} {sym}{}", number(v));
        }
    }
    format!("{key} {}", number(v))
}

impl SweepChart {
    /// The chart of a sweep: every point labelled with its values when
    /// there are at most 16 points, else the frontier and the cheapest
    /// point meeting the targets only.
    pub fn of(r: &SweepResult) -> SweepChart {
        let few = r.points.len() <= 16;
        let points = r
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let best = r.cheapest_meeting_targets == Some(i);
                let text = |skip_first: bool| -> String {
                    p.values
                        .0
                        .iter()
                        .skip(usize::from(skip_first))
                        .map(|(k, v)| assignment(&short(k, &r.keys), *v))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                SweepChartPoint {
                    cost: p.total_cost.mean,
                    service_level: p.service_level.mean,
                    x: p.values.0.first().map_or(i as f64, |(_, v)| *v),
                    series: text(true),
                    label: if few || p.frontier || best {
                        text(false)
                    } else {
                        String::new()
                    },
                    frontier: p.frontier,
                    meets: p.meets_targets,
                    best,
                }
            })
            .collect();
        SweepChart {
            points,
            target: Some(r.target),
            x_desc: r
                .keys
                .first()
                .map(|k| k.to_string())
                .unwrap_or_else(|| "alternative".into()),
        }
    }

    /// Whether the costs tell the alternatives apart (else the chart shows
    /// service level against the first varied value).
    pub fn has_costs(&self) -> bool {
        let costs: Vec<f64> = self
            .points
            .iter()
            .map(|p| p.cost)
            .filter(|c| c.is_finite())
            .collect();
        let lo = costs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = costs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        costs.len() == self.points.len() && !costs.is_empty() && hi > lo
    }
}

impl Chart for FrontierChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let chart = SweepChart {
            points: self
                .points
                .iter()
                .enumerate()
                .map(|(i, &(cost, sl, frontier))| SweepChartPoint {
                    cost,
                    service_level: sl,
                    x: (i + 1) as f64,
                    series: String::new(),
                    label: String::new(),
                    frontier,
                    meets: false,
                    best: false,
                })
                .collect(),
            target: None,
            x_desc: "alternative".into(),
        };
        chart.draw(root)
    }
}

/// The y range in percent covering the points and the target.
fn sl_range(points: &[SweepChartPoint], target: Option<f64>) -> (f64, f64) {
    let (s0, s1) = points
        .iter()
        .map(|p| p.service_level * 100.0)
        .chain(target.map(|t| t * 100.0))
        .filter(|v| v.is_finite())
        .fold((100.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let y0 = (s0 - 5.0).clamp(0.0, 100.0).floor();
    let y1 = (s1 + 5.0).clamp(0.0, 100.0).ceil().max(y0 + 1.0);
    (y0, y1)
}

impl Chart for SweepChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        let costs = self.has_costs();
        let xs: Vec<f64> = self
            .points
            .iter()
            .map(|p| if costs { p.cost } else { p.x })
            .collect();
        let (mut c0, mut c1) = xs
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if !(c0.is_finite() && c1.is_finite()) {
            (c0, c1) = (0.0, 1.0);
        }
        let pad = if c1 > c0 {
            ((c1 - c0) * 0.1).max(c1.abs() * 0.01)
        } else {
            (c1.abs() * 0.05).max(0.5)
        };
        let (y0, y1) = sl_range(&self.points, self.target);
        let caption = if costs {
            "Cost against service level (frontier highlighted)"
        } else {
            "Service level against the varied value (no costs to compare)"
        };
        let x_desc = if costs {
            "total cost per day".to_string()
        } else {
            self.x_desc.clone()
        };
        let mut chart = ChartBuilder::on(root)
            .caption(caption, caption_style())
            .margin(16)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d((c0 - pad)..(c1 + pad), y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .x_label_formatter(&|v| {
                if (c1 - c0).abs() >= 20.0 || costs {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                }
            })
            .y_desc("service level")
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style(label_style())
            .axis_desc_style(desc_style())
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let (x0, x1) = (c0 - pad, c1 + pad);
        if let Some(t) = self.target {
            let grey = RGBColor(90, 90, 90);
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, t * 100.0), (x1, t * 100.0)],
                    8,
                    5,
                    grey.stroke_width(2),
                ))?
                .label(format!("target {:.0}%", t * 100.0))
                .legend(legend_line(grey.stroke_width(2)));
        }
        let at = |i: usize| (xs[i], self.points[i].service_level * 100.0);
        let finite = |i: &usize| xs[*i].is_finite() && self.points[*i].service_level.is_finite();
        let all: Vec<usize> = (0..self.points.len()).filter(finite).collect();
        let c = color(0);
        if costs {
            let grey = RGBColor(150, 150, 150);
            chart
                .draw_series(
                    all.iter()
                        .filter(|&&i| !self.points[i].frontier)
                        .map(|&i| Circle::new(at(i), 5, grey.filled())),
                )?
                .label("alternative")
                .legend(move |(x, y)| Circle::new((x + 8, y), 5, grey.filled()));
            let mut front: Vec<(f64, f64)> = all
                .iter()
                .filter(|&&i| self.points[i].frontier)
                .map(|&i| at(i))
                .collect();
            front.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart.draw_series(LineSeries::new(front.clone(), c.stroke_width(3)))?;
            chart
                .draw_series(front.iter().map(|&p| Circle::new(p, 7, c.filled())))?
                .label("on the frontier")
                .legend(move |(x, y)| Circle::new((x + 8, y), 7, c.filled()));
        } else {
            let mut names: Vec<&str> = Vec::new();
            for &i in &all {
                if !names.contains(&self.points[i].series.as_str()) {
                    names.push(&self.points[i].series);
                }
            }
            for (n, name) in names.iter().enumerate() {
                let col = color(n);
                let mut line: Vec<(f64, f64)> = all
                    .iter()
                    .filter(|&&i| self.points[i].series == *name)
                    .map(|&i| at(i))
                    .collect();
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                chart.draw_series(LineSeries::new(line.clone(), col.stroke_width(3)))?;
                let label = if name.is_empty() {
                    "service level (mean)".to_string()
                } else {
                    format!("service level, {name}")
                };
                chart
                    .draw_series(line.iter().map(|&p| Circle::new(p, 6, col.filled())))?
                    .label(label)
                    .legend(move |(x, y)| Circle::new((x + 8, y), 6, col.filled()));
            }
        }
        if let Some(&i) = all.iter().find(|&&i| self.points[i].best) {
            let green = RGBColor(44, 160, 44);
            chart
                .draw_series([Circle::new(at(i), 11, green.stroke_width(3))])?
                .label("cheapest meeting every target")
                .legend(move |(x, y)| Circle::new((x + 8, y), 7, green.stroke_width(3)));
        }
        let ink = RGBColor(40, 40, 40);
        chart.draw_series(
            all.iter()
                .filter(|&&i| !self.points[i].label.is_empty())
                .map(|&i| {
                    EmptyElement::at(at(i))
                        + Text::new(self.points[i].label.clone(), (14, -24), note_style(ink))
                }),
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(cost: f64, sl: f64, x: f64) -> SweepChartPoint {
        SweepChartPoint {
            cost,
            service_level: sl,
            x,
            series: String::new(),
            label: format!("agents {x}"),
            frontier: true,
            meets: sl >= 0.8,
            best: false,
        }
    }

    #[test]
    fn without_costs_the_chart_shows_service_level_against_the_varied_value() {
        let chart = SweepChart {
            points: vec![point(0.0, 0.6, 10.0), point(0.0, 0.85, 12.0)],
            target: Some(0.8),
            x_desc: "groups.a.agents".into(),
        };
        assert!(!chart.has_costs());
        let svg = render_svg(&chart).unwrap();
        assert!(svg.contains("Service level against the varied value"));
        assert!(svg.contains("groups.a.agents"));
        assert!(svg.contains("agents 12"), "points labelled");
        assert!(svg.contains("target 80%"), "target line");
    }

    #[test]
    fn with_costs_the_frontier_is_drawn_with_labels() {
        let mut b = point(200.0, 0.9, 12.0);
        b.best = true;
        let chart = SweepChart {
            points: vec![point(100.0, 0.6, 10.0), b],
            target: Some(0.8),
            x_desc: "agents".into(),
        };
        assert!(chart.has_costs());
        let svg = render_svg(&chart).unwrap();
        assert!(svg.contains("Cost against service level"));
        assert!(svg.contains("agents 10"));
        assert!(svg.contains("cheapest meeting every target"));
    }

    #[test]
    fn short_names_keep_the_group_when_last_parts_clash() {
        let keys = vec!["groups.a.agents".to_string(), "groups.b.agents".to_string()];
        assert_eq!(short("groups.a.agents", &keys), "a agents");
        assert_eq!(short("groups.a.agents", &keys[..1]), "agents");
    }
}
