//! Charts (plotters): the wait-time distribution, the day, queue and
//! occupancy, satisfaction, and the cost/service-level frontier of a sweep.
//!
//! Every chart is drawn from plain report data ([`Series`]: a
//! [`RunReport`] and its pooled [`WaitDistribution`]), so `ccsim run`, `ccsim
//! compare` (several series overlaid) and the HTML report share the code.
//! Output is SVG (text as `<text>` elements, sans-serif) or PNG. PNG needs
//! no system font library: the bundled DejaVu Sans (assets/fonts, Bitstream
//! Vera licence) is registered with plotters' `ab_glyph` text renderer,
//! which also measures text for the SVG layout.
//!
//! Files are rendered in memory and written atomically
//! ([`crate::report::output::write_output`]), so a failure never leaves a
//! half-written chart.

pub mod bars;
pub mod coverage;
mod day;
pub mod erlang;
pub mod frontier;
pub mod interval;
mod queue;
mod satisfaction;
mod waits;

use std::error::Error as StdError;
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use day::DayChart;
pub use frontier::{frontier, FrontierChart};
pub use queue::QueueChart;
pub use satisfaction::SatisfactionChart;
pub use waits::WaitChart;

use crate::error::Error;
use crate::report::output::write_output;
use crate::report::RunReport;
use crate::scenario::validate::parse_clock;
use crate::stats::waits::WaitDistribution;

/// The bundled font (DejaVu Sans; licence in assets/fonts/LICENSE-DejaVu.txt).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The font family every chart asks for.
pub(crate) const FAMILY: &str = "sans-serif";

/// Registers the bundled font once per process.
fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TrueType font compiled into the binary.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

/// Image format of chart files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Scalable vector graphics (text stays text; best for the web and print).
    #[default]
    Svg,
    /// Portable network graphics (a bitmap).
    Png,
}

impl Format {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }

    /// The format a file name asks for: PNG for `.png`, SVG otherwise.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("png") => Format::Png,
            _ => Format::Svg,
        }
    }
}

/// Result of drawing on a backend.
pub type ChartResult = Result<(), Box<dyn StdError>>;

/// A chart that can draw itself on any plotters backend.
pub trait Chart {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32) {
        (1000, 620)
    }
    /// Draws the whole chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static;
}

/// The chart as an SVG document.
pub fn render_svg<C: Chart>(chart: &C) -> Result<String, String> {
    register_font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, chart.size()).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        chart.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The chart as PNG bytes.
pub fn render_png<C: Chart>(chart: &C) -> Result<Vec<u8>, String> {
    register_font();
    let (w, h) = chart.size();
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        chart.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The chart in `format`.
pub fn render<C: Chart>(chart: &C, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Svg => render_svg(chart).map(String::into_bytes),
        Format::Png => render_png(chart),
    }
}

/// Renders `chart` and writes it to `path` atomically.
pub fn write_chart<C: Chart>(chart: &C, path: &Path, format: Format) -> Result<(), Error> {
    let bytes = render(chart, format).map_err(|message| Error::Chart {
        path: path.to_owned(),
        message,
    })?;
    write_output(path, &bytes)
}

/// One scenario's figures to draw: a label, its report and its waits.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// Name in legends.
    pub label: &'a str,
    /// The report (per-interval figures, satisfaction).
    pub report: &'a RunReport,
    /// The pooled wait distribution.
    pub waits: &'a WaitDistribution,
}

/// The charts of one run (or of a comparison when `series` holds several
/// scenarios): file stem and chart, in the order they are written.
pub fn charts_of<'a>(series: &'a [Series<'a>], overlay: bool) -> Vec<(&'static str, AnyChart<'a>)> {
    let mut out = vec![
        ("wait-distribution", AnyChart::Waits(WaitChart { series })),
        ("day", AnyChart::Day(DayChart { series })),
    ];
    if !overlay {
        out.push((
            "queue-occupancy",
            AnyChart::Queue(QueueChart { series: series[0] }),
        ));
    }
    // `[satisfaction] enabled = false`: no satisfaction figures, no chart.
    if series.iter().all(|s| s.report.satisfaction.is_some()) {
        out.push((
            "satisfaction",
            AnyChart::Satisfaction(SatisfactionChart { series }),
        ));
    }
    out
}

/// Any of the run charts (so a list of them can be rendered in a loop).
pub enum AnyChart<'a> {
    /// Chart 1.
    Waits(WaitChart<'a>),
    /// Chart 2.
    Day(DayChart<'a>),
    /// Chart 3.
    Queue(QueueChart<'a>),
    /// Chart 4.
    Satisfaction(SatisfactionChart<'a>),
}

impl Chart for AnyChart<'_> {
    fn size(&self) -> (u32, u32) {
        match self {
            AnyChart::Waits(c) => c.size(),
            AnyChart::Day(c) => c.size(),
            AnyChart::Queue(c) => c.size(),
            AnyChart::Satisfaction(c) => c.size(),
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> ChartResult
    where
        DB::ErrorType: 'static,
    {
        match self {
            AnyChart::Waits(c) => c.draw(root),
            AnyChart::Day(c) => c.draw(root),
            AnyChart::Queue(c) => c.draw(root),
            AnyChart::Satisfaction(c) => c.draw(root),
        }
    }
}

/// The files [`render_charts`] writes into `dir` (known before any work, so
/// the output writer can check them first).
pub fn chart_paths(dir: &Path, format: Format, overlay: bool) -> Vec<PathBuf> {
    let mut stems = vec!["wait-distribution", "day"];
    if !overlay {
        stems.push("queue-occupancy");
    }
    stems.push("satisfaction");
    stems
        .into_iter()
        .map(|stem| dir.join(format!("{stem}.{}", format.extension())))
        .collect()
}

/// Renders the charts of `series` for the folder `dir`: `(path, bytes)` of
/// each `<stem>.<ext>`, nothing written yet. With several series the charts
/// overlay them (charts 1, 2 and 4); with one, chart 3 (queue and
/// occupancy) is included too.
pub fn render_charts(
    series: &[Series],
    dir: &Path,
    format: Format,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let overlay = series.len() > 1;
    let mut rendered = Vec::new();
    for (stem, chart) in charts_of(series, overlay) {
        let path = dir.join(format!("{stem}.{}", format.extension()));
        let bytes = render(&chart, format).map_err(|message| Error::Chart {
            path: path.clone(),
            message,
        })?;
        rendered.push((path, bytes));
    }
    Ok(rendered)
}

/// Renders and writes the charts of `series` into `dir` (see
/// [`render_charts`]); nothing is written if any chart fails. Returns the files.
pub fn write_charts(series: &[Series], dir: &Path, format: Format) -> Result<Vec<PathBuf>, Error> {
    let rendered = render_charts(series, dir, format)?;
    let mut outputs = crate::report::output::Outputs::default();
    for (path, bytes) in &rendered {
        outputs.add(path, bytes.clone());
    }
    outputs.write()?;
    Ok(rendered.into_iter().map(|(p, _)| p).collect())
}

/// The default chart folder of a scenario: `output/<scenario name>/`, the
/// name reduced to letters, digits, `-` and `_`.
pub fn default_dir(scenario_name: &str) -> PathBuf {
    let slug: String = scenario_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "scenario".to_string()
    } else {
        slug
    };
    Path::new("output").join(slug)
}

// ---- shared drawing helpers ----

/// Series colours (colour-blind-safe order of the "tableau" palette).
pub(crate) const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// Colour of series `i`.
pub(crate) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Interval spans in hours after midnight, from the report's clock labels.
pub fn spans(report: &RunReport) -> Vec<(f64, f64)> {
    report
        .intervals
        .iter()
        .map(|i| {
            let s = parse_clock(&i.start, true).unwrap_or(0.0) / 3600.0;
            let e = parse_clock(&i.end, true).unwrap_or(0.0) / 3600.0;
            (s, if e > s { e } else { s + 0.5 })
        })
        .collect()
}

/// The time range covering every series.
pub(crate) fn time_range(series: &[Series]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in series {
        for (a, b) in spans(s.report) {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 24.0)
    }
}

/// "HH:MM" of hours after midnight.
pub(crate) fn clock(h: &f64) -> String {
    let minutes = (h * 60.0).round() as i64;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Points of a step line: each value held over its span; NaN values break
/// the line (returned as separate runs).
pub(crate) fn steps(spans: &[(f64, f64)], values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (&(a, b), &v) in spans.iter().zip(values) {
        if v.is_finite() {
            run.push((a, v));
            run.push((b, v));
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The smallest "nice" number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least `x`.
pub(crate) fn nice_ceil(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * p >= x * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// Text style of captions.
pub(crate) fn caption_style() -> TextStyle<'static> {
    (FAMILY, 24).into_font().into()
}

/// Text style of axis labels and legends.
pub(crate) fn label_style() -> TextStyle<'static> {
    (FAMILY, 15).into_font().into()
}

/// Text style of axis descriptions.
pub(crate) fn desc_style() -> TextStyle<'static> {
    (FAMILY, 16).into_font().into()
}

/// Text style of annotations inside the plot.
pub(crate) fn note_style(c: RGBColor) -> TextStyle<'static> {
    (FAMILY, 14).into_font().color(&c)
}

/// Draws the legend box of `chart` at `pos`.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    pos: SeriesLabelPosition,
) -> ChartResult
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(pos)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font(label_style())
        .draw()?;
    Ok(())
}

/// A short line for a legend entry in `style`.
pub(crate) fn legend_line(style: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], style)
}

/// A filled square for a legend entry in `color`.
pub(crate) fn legend_box(color: RGBAColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_numbers_and_clock_labels() {
        assert_eq!(nice_ceil(61.0), 80.0);
        assert_eq!(nice_ceil(180.0), 200.0);
        assert_eq!(nice_ceil(283.0), 300.0);
        assert_eq!(nice_ceil(0.035), 0.04);
        assert_eq!(nice_ceil(20.0), 20.0);
        assert_eq!(clock(&8.5), "08:30");
        assert_eq!(clock(&24.0), "24:00");
        assert_eq!(
            default_dir("Small bank: day 1"),
            Path::new("output/small-bank-day-1")
        );
    }

    #[test]
    fn step_lines_break_at_missing_values() {
        let runs = steps(&[(8.0, 8.5), (8.5, 9.0), (9.0, 9.5)], &[1.0, f64::NAN, 2.0]);
        assert_eq!(
            runs,
            vec![vec![(8.0, 1.0), (8.5, 1.0)], vec![(9.0, 2.0), (9.5, 2.0)]]
        );
    }
}
