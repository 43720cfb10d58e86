//! The HTML report (`ccsim run --report FILE.html`): one self-contained page
//! a planner can mail to a manager. It holds the charts inline as SVG, the
//! per-interval and satisfaction tables, the warnings, the seed, the ccsim
//! version and the scenario file itself; it loads nothing from anywhere.
//!
//! A small script at the end of the page measures every chart and writes the
//! sizes into `data-rendered-size` attributes (and a count into the body's
//! `data-charts-rendered`), so a headless browser's DOM dump shows whether
//! every chart was laid out with a non-zero size; script errors are recorded
//! in `data-js-errors` on the root element.

use std::fmt::Write;

use super::RunReport;
use crate::plot::{self, Series};
use crate::satisfaction::SatMetric;
use crate::stats::Estimate;

/// Chart titles in the page, by file stem.
fn chart_title(stem: &str) -> &'static str {
    match stem {
        "wait-distribution" => "Waiting time",
        "day" => "The day",
        "queue-occupancy" => "Queue and occupancy",
        "satisfaction" => "Customer satisfaction",
        _ => "Chart",
    }
}

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

fn est(e: Estimate, scale: f64, digits: usize, unit: &str) -> String {
    super::table::with_ci(e, scale, digits, unit)
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta { color: #555; }
figure.chart { margin: 1.5em 0; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
tr.day td { font-weight: bold; background: #f4f4f4; }
.warnings li { color: #9a4b00; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
"#;

const SCRIPT: &str = r#"
(function () {
  var figs = document.querySelectorAll('figure.chart');
  var ok = 0;
  for (var i = 0; i < figs.length; i++) {
    var svg = figs[i].querySelector('svg');
    var r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    figs[i].setAttribute('data-rendered-size', Math.round(r.width) + 'x' + Math.round(r.height));
    if (r.width > 0 && r.height > 0) { ok++; }
  }
  document.body.setAttribute('data-charts-rendered', ok + '/' + figs.length);
})();
"#;

/// The page for one run: `series` holds the report and waits, `scenario_text`
/// the scenario file as written (shown as the parameters).
pub fn render(series: &Series, scenario_text: &str) -> Result<String, String> {
    let r = series.report;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>ccsim report: {name}</title>\n<style>{STYLE}</style>\n<script>window.addEventListener('error', function (e) {{ document.documentElement.setAttribute('data-js-errors', String(e.message)); }});</script>\n</head>\n<body>\n",
        name = escape(&r.scenario)
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape(&r.scenario));
    if !r.description.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(&r.description));
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">ccsim {} · {} replications · seed {} · service level: {} · target {:.0}% within {} s<br>{}.</p>",
        escape(&r.version),
        r.replications,
        r.seed,
        escape(&r.service_level_definition),
        r.target * 100.0,
        r.threshold_seconds,
        escape(&r.confidence)
    );
    h.push_str("<h2>Warnings</h2>\n");
    if r.warnings.is_empty() {
        h.push_str("<p>None.</p>\n");
    } else {
        h.push_str("<ul class=\"warnings\">\n");
        for w in &r.warnings {
            let _ = writeln!(h, "<li>{}</li>", escape(w));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>The day at a glance</h2>\n");
    day_summary(&mut h, r);
    h.push_str("<h2>Charts</h2>\n");
    for (stem, chart) in plot::charts_of(std::slice::from_ref(series), false) {
        let svg = plot::render_svg(&chart)?;
        let svg = svg.trim_start_matches(|c| c != '<');
        let svg = match svg.strip_prefix("<?xml") {
            Some(rest) => rest.split_once("?>").map(|(_, s)| s).unwrap_or(rest),
            None => svg,
        };
        let _ = writeln!(
            h,
            "<figure class=\"chart\" id=\"chart-{stem}\">\n<figcaption>{}</figcaption>\n{}\n</figure>",
            chart_title(stem),
            svg.trim()
        );
    }
    h.push_str("<h2>Per interval</h2>\n");
    interval_table(&mut h, r);
    if let Some(s) = &r.satisfaction {
        h.push_str("<h2>Customer satisfaction</h2>\n<table>\n<tr><th>figure</th><th>day (mean ±95% half-width)</th></tr>\n");
        for m in SatMetric::ALL {
            let e = s.total.get(m);
            let v = match m {
                SatMetric::Csat => est(e, 100.0, 1, "%"),
                SatMetric::MeanScore => est(e, 1.0, 3, ""),
                _ => est(e, 1.0, 1, ""),
            };
            let _ = writeln!(h, "<tr><td>{}</td><td>{}</td></tr>", m.key(), v);
        }
        for (band, e) in &s.total.score_bands.0 {
            let _ = writeln!(
                h,
                "<tr><td>share with score {}</td><td>{}</td></tr>",
                escape(band),
                est(*e, 100.0, 1, "%")
            );
        }
        h.push_str("</table>\n");
        let p = &s.parameters;
        let curve: Vec<String> = p
            .curve
            .iter()
            .map(|(s, v)| format!("{s} s → {v}"))
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"meta\">Curve: {}; abandoned {}, blocked {}; satisfied at {}; tells {} / {}; complaint share {}; churn {}; customer value {} × {}.</p>",
            escape(&curve.join(", ")),
            p.abandoned_score,
            p.blocked_score,
            p.satisfied_at,
            p.tells_if_satisfied,
            p.tells_if_dissatisfied,
            p.complaint_share,
            p.churn_if_dissatisfied,
            p.customer_value,
            p.acquisition_cost_factor
        );
    }
    h.push_str("<h2>Scenario parameters</h2>\n");
    let _ = writeln!(h, "<pre>{}</pre>", escape(scenario_text));
    let _ = write!(
        h,
        "<p class=\"meta\">Made by ccsim {} with seed {}; {} call attempts simulated.</p>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        escape(&r.version),
        r.seed,
        r.simulated_calls
    );
    Ok(h)
}

fn day_summary(h: &mut String, r: &RunReport) {
    let t = &r.total;
    let _ = writeln!(
        h,
        "<table>\n<tr><th>figure</th><th>day (mean ±95% half-width)</th></tr>"
    );
    let rows = [
        ("calls offered", est(t.offered, 1.0, 1, "")),
        ("answered", est(t.answered, 1.0, 1, "")),
        ("abandoned", est(t.abandoned, 1.0, 1, "")),
        ("blocked", est(t.blocked, 1.0, 1, "")),
        ("service level", est(t.service_level, 100.0, 1, "%")),
        ("ASA (seconds)", est(t.asa_seconds, 1.0, 1, "")),
        (
            "90% of answered calls wait at most (s)",
            est(t.wait_p90_seconds, 1.0, 1, ""),
        ),
        ("abandonment rate", est(t.abandon_rate, 100.0, 1, "%")),
        ("mean queue length", est(t.mean_queue_length, 1.0, 2, "")),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><td>{k}</td><td>{v}</td></tr>");
    }
    for (name, g) in &t.groups.0 {
        let _ = writeln!(
            h,
            "<tr><td>occupancy {}</td><td>{}</td></tr>",
            escape(name),
            est(g.occupancy, 100.0, 1, "%")
        );
    }
    if let Some(s) = &r.satisfaction {
        let _ = writeln!(
            h,
            "<tr><td>CSAT</td><td>{}</td></tr>",
            est(s.total.csat, 100.0, 1, "%")
        );
    }
    h.push_str("</table>\n");
}

fn interval_table(h: &mut String, r: &RunReport) {
    h.push_str("<table>\n<tr><th>interval</th><th>agents</th><th>offered</th><th>answered</th><th>abandoned</th><th>SL</th><th>ASA s</th><th>abandon</th>");
    for (name, _) in &r.total.groups.0 {
        let _ = write!(h, "<th>occ {}</th>", escape(name));
    }
    if r.satisfaction.is_some() {
        h.push_str("<th>CSAT</th><th>mean score</th>");
    }
    h.push_str("</tr>\n");
    let sat = r.satisfaction.as_ref();
    let mut rows: Vec<(
        String,
        String,
        &super::Figures,
        Option<&super::satisfaction::SatisfactionFigures>,
        bool,
    )> = r
        .intervals
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let agents = i
                .agents
                .0
                .iter()
                .map(|(_, a)| a.to_string())
                .collect::<Vec<_>>()
                .join("+");
            (
                format!("{}–{}", i.start, i.end),
                agents,
                &i.figures,
                sat.map(|s| &s.intervals[k].figures),
                false,
            )
        })
        .collect();
    rows.push((
        "day".into(),
        String::new(),
        &r.total,
        sat.map(|s| &s.total),
        true,
    ));
    for (label, agents, f, s, day) in rows {
        let _ = write!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            if day { " class=\"day\"" } else { "" },
            escape(&label),
            agents,
            est(f.offered, 1.0, 1, ""),
            est(f.answered, 1.0, 1, ""),
            est(f.abandoned, 1.0, 1, ""),
            est(f.service_level, 100.0, 1, "%"),
            est(f.asa_seconds, 1.0, 1, ""),
            est(f.abandon_rate, 100.0, 1, "%"),
        );
        for (_, g) in &f.groups.0 {
            let _ = write!(h, "<td>{}</td>", est(g.occupancy, 100.0, 1, "%"));
        }
        if let Some(s) = s {
            let _ = write!(
                h,
                "<td>{}</td><td>{}</td>",
                est(s.csat, 100.0, 1, "%"),
                est(s.mean_score, 1.0, 3, "")
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
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
}
