//! The lesson gallery (`lessons/`): short explained lessons, each with its
//! scenarios and the what-if sliders preset. Every figure a lesson states
//! is written as `81.0%<!--id-->` and checked by `tests/it/lessons.rs`,
//! which recomputes it with the library (the formulas, or the lesson's
//! scenario simulated with its seed).

use serde::Serialize;

use super::http::Reply;

/// The what-if sliders a lesson opens with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Preset {
    /// Index into the lesson's scenarios.
    pub scenario: usize,
    /// Agents of the first group.
    pub agents: Option<u32>,
    /// Calls multiplier.
    pub calls_factor: f64,
}

/// One lesson.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Lesson {
    /// Id (file stem in `lessons/`).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Text (Markdown) with the figure marks.
    #[serde(skip)]
    pub text: &'static str,
    /// Its scenarios: file name and text.
    #[serde(skip)]
    pub scenarios: &'static [(&'static str, &'static str)],
    /// The sliders it opens with.
    pub preset: Preset,
}

macro_rules! lesson_file {
    ($f:literal) => {
        ($f, include_str!(concat!("../../lessons/", $f)))
    };
}

/// Every lesson, in teaching order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "pooling",
        title: "Pooling: one team of 24 against two teams of 12",
        text: include_str!("../../lessons/pooling.md"),
        scenarios: &[
            lesson_file!("pooling-one-team.toml"),
            lesson_file!("pooling-one-of-two.toml"),
        ],
        preset: Preset {
            scenario: 0,
            agents: Some(24),
            calls_factor: 1.0,
        },
    },
    Lesson {
        id: "economies-of-scale",
        title: "Economies of scale: square-root staffing",
        text: include_str!("../../lessons/economies-of-scale.md"),
        scenarios: &[lesson_file!("scale-100.toml")],
        preset: Preset {
            scenario: 0,
            agents: Some(107),
            calls_factor: 1.0,
        },
    },
    Lesson {
        id: "abandonment",
        title: "Abandonment: Erlang C, Erlang A and simulation",
        text: include_str!("../../lessons/abandonment.md"),
        scenarios: &[lesson_file!("abandonment.toml")],
        preset: Preset {
            scenario: 0,
            agents: Some(50),
            calls_factor: 1.0,
        },
    },
    Lesson {
        id: "variability",
        title: "Variability: handle-time CV from 0 to 2 at the same mean",
        text: include_str!("../../lessons/variability.md"),
        scenarios: &[lesson_file!("variability.toml")],
        preset: Preset {
            scenario: 0,
            agents: Some(12),
            calls_factor: 1.0,
        },
    },
    Lesson {
        id: "forecast-uncertainty",
        title: "Forecast uncertainty: forecast_cv",
        text: include_str!("../../lessons/forecast-uncertainty.md"),
        scenarios: &[lesson_file!("forecast-uncertainty.toml")],
        preset: Preset {
            scenario: 0,
            agents: Some(24),
            calls_factor: 1.0,
        },
    },
    Lesson {
        id: "outsourcing",
        title: "Outsourcing: overflow against share, with costs",
        text: include_str!("../../lessons/outsourcing.md"),
        scenarios: &[
            lesson_file!("outsourcing-overflow.toml"),
            lesson_file!("outsourcing-share.toml"),
        ],
        preset: Preset {
            scenario: 0,
            agents: Some(20),
            calls_factor: 1.0,
        },
    },
];

/// The lesson text without its figure marks (`<!--id-->`).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `GET /api/lessons`.
pub fn list() -> Reply {
    Reply::json(&LESSONS)
}

/// `GET /api/lessons/{id}`: text (marks removed), scenarios and preset.
pub fn one(id: &str) -> Reply {
    match LESSONS.iter().find(|l| l.id == id) {
        Some(l) => Reply::json(&serde_json::json!({
            "id": l.id,
            "title": l.title,
            "text": plain(l.text),
            "scenarios": l.scenarios.iter().map(|(f, t)| serde_json::json!({"file": f, "toml": t})).collect::<Vec<_>>(),
            "preset": l.preset,
        })),
        None => Reply::error(404, &format!("no lesson \"{id}\"")),
    }
}
