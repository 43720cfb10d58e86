//! HTML pages: one self-contained page per question (`--report FILE.html`
//! on `run`, `compare`, `staff`, `sweep` and `breakeven`) a planner can
//! mail to a manager. Every page shares one layout ([`Page`]), in this order:
//!
//! 1. **Summary** (`id="summary"`): the headline a manager reads in one
//!    minute — whether the targets hold, what it costs, the key figures
//!    with their 95% confidence intervals;
//! 2. **Targets** (`id="verdict"`): the verdict, the intervals that miss a
//!    target and by how much;
//! 3. **Cost** (`id="cost"`): the money figures (or a line saying the
//!    scenario has no money keys);
//! 4. **Charts** (`id="charts"`), inline SVG;
//! 5. **Details** (`id="details"`): tables with readable names;
//! 6. **Inputs** (`id="inputs"`): the scenario files as written, folded
//!    (`<details>`).
//!
//! The pages load nothing from anywhere (inline CSS and SVG, one small
//! inline script). That script measures every chart and writes the sizes
//! into `data-rendered-size` attributes, the count of laid-out charts into
//! the body's `data-charts-rendered` and the count of charts with drawn
//! content into `data-charts-drawn`, so a headless browser's DOM dump shows
//! whether every chart was laid out; script errors are recorded in
//! `data-js-errors` on the root element.
//!
//! The page of each command is built in its own submodule from that
//! command's report; commands only call them.

pub mod breakeven;
pub mod compare;
pub mod run;
pub mod schedule;
pub mod staff;
pub mod sweep;

use std::fmt::Write;

use super::verdict::TargetsVerdict;
use crate::plot::{self, Chart};
use crate::stats::Estimate;

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "mean ±half-width" of `e` scaled by `scale` with `digits` decimals and
/// `unit` (a dash when there is no value).
pub fn est(e: Estimate, scale: f64, digits: usize, unit: &str) -> String {
    super::table::with_ci(e, scale, digits, unit)
}

/// A share as "81.2% ±1.4".
pub fn pct(e: Estimate) -> String {
    est(e, 100.0, 1, "%")
}

/// An amount of money as "1,234.56 ±7.89" (thousands separated).
pub fn money(e: Estimate) -> String {
    if e.mean.is_nan() {
        return "-".into();
    }
    let hw = e.half_width();
    if hw.is_finite() {
        format!("{} ±{}", amount(e.mean), amount(hw))
    } else {
        amount(e.mean)
    }
}

/// A plain amount with two decimals and thousands separators.
pub fn amount(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let text = format!("{:.2}", v.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && text != "0.00" { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
.meta { color: #555; }
.headline { font-size: 1.15em; padding: 0.7em 1em; border-radius: 4px; margin: 1em 0; }
.headline.met { background: #e6f4e6; border-left: 6px solid #2c8a2c; }
.headline.missed { background: #fbe9e7; border-left: 6px solid #c0392b; }
.headline.neutral { background: #eef2f7; border-left: 6px solid #4a6fa5; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
.card { border: 1px solid #ddd; border-radius: 4px; padding: 0.5em 0.8em; min-width: 11em; }
.card .label { color: #555; font-size: 0.85em; }
.card .value { font-size: 1.2em; font-weight: bold; white-space: nowrap; }
.card.missed { border-color: #c0392b; background: #fdf3f2; }
.card.met { border-color: #2c8a2c; }
figure.chart { margin: 1.5em 0; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; white-space: normal; min-width: 20em; max-width: 50em; }
table.left th, table.left td { text-align: left; }
table.two th:nth-child(2), table.two td:nth-child(2) { text-align: left; }
tr.total td { font-weight: bold; background: #f4f4f4; }
tr.miss td { background: #fdecea; }
td.miss, span.miss { color: #b03020; font-weight: bold; }
td.met, span.met { color: #2c7a2c; }
td.sig { font-weight: bold; color: #1f4e99; }
tr.best td { background: #e6f4e6; }
.warnings li { color: #9a4b00; }
details { margin: 0.8em 0; }
summary { cursor: pointer; font-weight: bold; }
.scroll { overflow-x: auto; max-width: 100%; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
"#;

const SCRIPT: &str = r#"
(function () {
  var figs = document.querySelectorAll('figure.chart');
  var ok = 0, drawn = 0;
  for (var i = 0; i < figs.length; i++) {
    var svg = figs[i].querySelector('svg');
    var r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    figs[i].setAttribute('data-rendered-size', Math.round(r.width) + 'x' + Math.round(r.height));
    if (r.width > 0 && r.height > 0) { ok++; }
    if (svg && svg.querySelectorAll('path, polyline, rect, circle, line, text').length > 3) { drawn++; }
  }
  document.body.setAttribute('data-charts-rendered', ok + '/' + figs.length);
  document.body.setAttribute('data-charts-drawn', drawn + '/' + figs.length);
})();
"#;

/// One page being built, in the layout's order (see the module doc).
pub struct Page {
    h: String,
    version: String,
}

/// A key figure of the summary.
pub struct Card {
    /// What the figure is.
    pub label: String,
    /// Its value, formatted.
    pub value: String,
    /// `Some(true)` met, `Some(false)` missed, `None` not a target.
    pub met: Option<bool>,
}

impl Card {
    /// A figure that is not judged.
    pub fn plain(label: impl Into<String>, value: impl Into<String>) -> Card {
        Card {
            label: label.into(),
            value: value.into(),
            met: None,
        }
    }

    /// A figure judged against a target.
    pub fn judged(label: impl Into<String>, value: impl Into<String>, met: bool) -> Card {
        Card {
            label: label.into(),
            value: value.into(),
            met: Some(met),
        }
    }
}

impl Page {
    /// Starts a page of `command` titled `title`, with an optional
    /// description under the title and a line of `meta` (seed,
    /// replications, how intervals are computed).
    pub fn new(command: &str, title: &str, description: &str, meta: &str) -> Page {
        let version = env!("CARGO_PKG_VERSION").to_string();
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"ccsim {version}\">\n<title>ccsim {command}: {t}</title>\n<style>{STYLE}</style>\n<script>window.addEventListener('error', function (e) {{ document.documentElement.setAttribute('data-js-errors', String(e.message)); }});</script>\n</head>\n<body data-command=\"{command}\">\n",
            t = escape(title)
        );
        let _ = writeln!(h, "<h1>{}</h1>", escape(title));
        if !description.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", escape(description));
        }
        let _ = writeln!(
            h,
            "<p class=\"meta\">ccsim {} {command} · {}</p>",
            escape(&version),
            escape(meta)
        );
        Page { h, version }
    }

    /// Opens a section with an id and a heading.
    pub fn section(&mut self, id: &str, heading: &str) {
        let _ = writeln!(
            self.h,
            "<section id=\"{id}\">\n<h2>{}</h2>",
            escape(heading)
        );
    }

    /// Closes the open section.
    pub fn end(&mut self) {
        self.h.push_str("</section>\n");
    }

    /// Appends raw HTML (already escaped).
    pub fn raw(&mut self, html: &str) {
        self.h.push_str(html);
    }

    /// A paragraph of plain text.
    pub fn para(&mut self, text: &str) {
        let _ = writeln!(self.h, "<p>{}</p>", escape(text));
    }

    /// A paragraph of plain text in the muted style.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.h, "<p class=\"meta\">{}</p>", escape(text));
    }

    /// The headline of the summary: `class` is `met`, `missed` or `neutral`.
    pub fn headline(&mut self, class: &str, text: &str) {
        let _ = writeln!(self.h, "<p class=\"headline {class}\">{}</p>", escape(text));
    }

    /// The key figures as cards.
    pub fn cards(&mut self, cards: &[Card]) {
        self.h.push_str("<div class=\"cards\">\n");
        for c in cards {
            let class = match c.met {
                Some(true) => " met",
                Some(false) => " missed",
                None => "",
            };
            let mark = match c.met {
                Some(true) => " <span class=\"met\">✓</span>",
                Some(false) => " <span class=\"miss\">✗</span>",
                None => "",
            };
            let _ = writeln!(
                self.h,
                "<div class=\"card{class}\"><div class=\"label\">{}</div><div class=\"value\">{}{mark}</div></div>",
                escape(&c.label),
                escape(&c.value)
            );
        }
        self.h.push_str("</div>\n");
    }

    /// A list of warnings (or "None.").
    pub fn warnings(&mut self, warnings: &[String]) {
        if warnings.is_empty() {
            self.h.push_str("<p>No warnings.</p>\n");
            return;
        }
        self.h.push_str("<ul class=\"warnings\">\n");
        for w in warnings {
            let _ = writeln!(self.h, "<li>{}</li>", escape(w));
        }
        self.h.push_str("</ul>\n");
    }

    /// A chart as inline SVG in a captioned figure (`id` becomes `chart-<id>`).
    pub fn chart<C: Chart>(&mut self, id: &str, caption: &str, chart: &C) -> Result<(), String> {
        let svg = plot::render_svg(chart)?;
        self.svg_figure(id, caption, &svg);
        Ok(())
    }

    /// A figure of an SVG drawn elsewhere (its XML prolog dropped, inlined).
    pub fn svg_figure(&mut self, id: &str, caption: &str, svg: &str) {
        let svg = svg.trim_start_matches(|c| c != '<');
        let svg = match svg.strip_prefix("<?xml") {
            Some(rest) => rest.split_once("?>").map(|(_, s)| s).unwrap_or(rest),
            None => svg,
        };
        let _ = writeln!(
            self.h,
            "<figure class=\"chart\" id=\"chart-{id}\">\n<figcaption>{}</figcaption>\n{}\n</figure>",
            escape(caption),
            svg.trim()
        );
    }

    /// A table: `header` cells, then rows of `(class, cells)` (cells are
    /// escaped; a cell starting with `\u{1}` is taken as raw HTML).
    pub fn table(&mut self, header: &[String], rows: &[Row]) {
        self.table_with("", header, rows);
    }

    /// A table with a CSS class (`left`: every column left-aligned).
    pub fn table_with(&mut self, class: &str, header: &[String], rows: &[Row]) {
        if class.is_empty() {
            self.h.push_str("<div class=\"scroll\"><table>\n<tr>");
        } else {
            let _ = write!(
                self.h,
                "<div class=\"scroll\"><table class=\"{class}\">\n<tr>"
            );
        }
        for c in header {
            let _ = write!(self.h, "<th>{}</th>", escape(c));
        }
        self.h.push_str("</tr>\n");
        for r in rows {
            if r.class.is_empty() {
                self.h.push_str("<tr>");
            } else {
                let _ = write!(self.h, "<tr class=\"{}\">", r.class);
            }
            for c in &r.cells {
                match c {
                    Cell::Text(t) => {
                        let _ = write!(self.h, "<td>{}</td>", escape(t));
                    }
                    Cell::Class(class, t) => {
                        let _ = write!(self.h, "<td class=\"{class}\">{}</td>", escape(t));
                    }
                }
            }
            self.h.push_str("</tr>\n");
        }
        self.h.push_str("</table></div>\n");
    }

    /// The verdict section's body from a targets verdict: a headline (`line`,
    /// usually [`verdict_line`]), the
    /// missed intervals with the size of each miss (at most `limit` rows),
    /// and the days that miss.
    pub fn verdict(&mut self, v: &TargetsVerdict, line: &str) {
        self.headline(if v.met { "met" } else { "missed" }, line);
        if v.intervals_judged == 0 && v.horizon.misses.is_empty() {
            self.note("No targets were judged.");
        }
        let days: Vec<String> = v
            .days
            .iter()
            .filter(|d| !d.met)
            .map(|d| {
                let m: Vec<String> = d.misses.iter().map(|m| m.text()).collect();
                format!("day {}: {}", d.day, m.join("; "))
            })
            .collect();
        if !days.is_empty() {
            self.para(&format!("Days missing a target: {}.", days.join(" · ")));
        }
        if !v.missed.is_empty() {
            let rows: Vec<Row> = v
                .missed
                .iter()
                .map(|i| Row {
                    class: "miss",
                    cells: vec![
                        Cell::Text(i.label()),
                        Cell::Class(
                            "text",
                            i.misses
                                .iter()
                                .map(|m| m.text())
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ],
                })
                .collect();
            let _ = writeln!(
                self.h,
                "<details{}><summary>{} interval(s) missing a target</summary>",
                if rows.len() <= 12 { " open" } else { "" },
                rows.len()
            );
            self.table_with(
                "left",
                &["interval".into(), "what misses, and by how much".into()],
                &rows,
            );
            self.h.push_str("</details>\n");
        }
    }

    /// The inputs section: each file folded, with its name.
    pub fn inputs(&mut self, files: &[(String, String)]) {
        self.section("inputs", "Inputs");
        for (name, text) in files {
            let _ = writeln!(
                self.h,
                "<details><summary>{}</summary>\n<pre>{}</pre>\n</details>",
                escape(name),
                escape(text)
            );
        }
        self.end();
    }

    /// Closes the page with a footer line.
    pub fn finish(mut self, footer: &str) -> String {
        let _ = write!(
            self.h,
            "<p class=\"meta\">Made by ccsim {} · {}</p>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
            escape(&self.version),
            escape(footer)
        );
        self.h
    }
}

/// One table cell.
pub enum Cell {
    /// Plain text.
    Text(String),
    /// Text with a CSS class (`miss`, `met`, `sig`, `text`).
    Class(&'static str, String),
}

/// One table row with its CSS class (`""`, `total`, `miss`, `best`).
pub struct Row {
    /// CSS class of the row.
    pub class: &'static str,
    /// The cells.
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of plain text cells.
    pub fn plain(class: &'static str, cells: Vec<String>) -> Row {
        Row {
            class,
            cells: cells.into_iter().map(Cell::Text).collect(),
        }
    }
}

/// The one-line verdict: "All targets met in every one of the 24
/// intervals" or "Targets missed in 18 of 24 intervals; worst ...".
pub fn verdict_line(v: &TargetsVerdict, what: &str) -> String {
    if v.met {
        if v.intervals_judged > 0 {
            format!(
                "{what}: every target is met, in all {} intervals and over the horizon (criterion: {}).",
                v.intervals_judged, v.criterion
            )
        } else {
            format!("{what}: every target is met (criterion: {}).", v.criterion)
        }
    } else {
        let mut s = format!(
            "{what}: targets missed in {} of {} intervals",
            v.intervals_missed, v.intervals_judged
        );
        if let Some(w) = &v.worst {
            let m: Vec<String> = w.misses.iter().map(|m| m.text()).collect();
            let _ = write!(s, "; worst {}: {}", w.label(), m.join("; "));
        }
        if !v.horizon.misses.is_empty() {
            let m: Vec<String> = v.horizon.misses.iter().map(|m| m.text()).collect();
            let _ = write!(s, "; over the horizon: {}", m.join("; "));
        }
        let _ = write!(s, " (criterion: {}).", v.criterion);
        s
    }
}

/// Readable name of a cost component key (the money vocabulary of
/// docs/money.md: a *charge* is what a contract bills in total, a *price*
/// is per unit).
pub fn component_label(key: &str) -> String {
    match key {
        "staff" => "staff (paid agent-hours)".into(),
        "line_fee" => "line fee charge".into(),
        "per_handled_call" => "charge for handled calls".into(),
        "per_handled_minute" => "charge for handled minutes".into(),
        "per_staffed_hour" => "charge for staffed hours".into(),
        "minimum_volume" => "minimum-volume charge".into(),
        "sla_penalty" => "SLA penalty (credit)".into(),
        "sla_bonus" => "SLA bonus".into(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn amounts_have_thousands_separators() {
        assert_eq!(amount(1_234_567.891), "1,234,567.89");
        assert_eq!(amount(-1234.5), "-1,234.50");
        assert_eq!(amount(12.0), "12.00");
        assert_eq!(amount(-0.001), "0.00");
        assert_eq!(amount(f64::NAN), "-");
    }

    #[test]
    fn a_page_has_its_sections_in_order_and_folds_the_inputs() {
        let mut p = Page::new("run", "A <day>", "", "seed 1");
        p.section("summary", "Summary");
        p.headline("met", "fine");
        p.end();
        p.inputs(&[("a.toml".into(), "x = 1".into())]);
        let h = p.finish("seed 1");
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("A &lt;day&gt;"));
        let s = h.find("id=\"summary\"").unwrap();
        let i = h.find("id=\"inputs\"").unwrap();
        assert!(s < i);
        assert!(h.contains("<details><summary>a.toml</summary>"));
    }
}
