//! What is compiled into the binary: the page (plain HTML, CSS and
//! JavaScript, no build step, nothing loaded from the network) and the
//! shipped scenarios.

/// The page.
pub const INDEX_HTML: &str = include_str!("static/index.html");
/// Its script.
pub const APP_JS: &str = include_str!("static/app.js");
/// Its style sheet.
pub const STYLE_CSS: &str = include_str!("static/style.css");

/// The shipped scenarios (`scenarios/*.toml`): file stem and text.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "hotline-weekday",
        include_str!("../../scenarios/hotline-weekday.toml"),
    ),
    (
        "erlang-c-classroom",
        include_str!("../../scenarios/erlang-c-classroom.toml"),
    ),
    (
        "small-office-retrials",
        include_str!("../../scenarios/small-office-retrials.toml"),
    ),
    (
        "night-partner",
        include_str!("../../scenarios/night-partner.toml"),
    ),
    (
        "staffing-day",
        include_str!("../../scenarios/staffing-day.toml"),
    ),
    (
        "bank-call-types",
        include_str!("../../scenarios/bank-call-types.toml"),
    ),
    (
        "outsourcing-tv-hotline",
        include_str!("../../scenarios/outsourcing-tv-hotline.toml"),
    ),
    (
        "satisfaction-day",
        include_str!("../../scenarios/satisfaction-day.toml"),
    ),
    (
        "claims-week",
        include_str!("../../scenarios/claims-week.toml"),
    ),
    (
        "satisfaction-more-agents",
        include_str!("../../scenarios/satisfaction-more-agents.toml"),
    ),
];

/// The text of shipped scenario `id`.
pub fn scenario(id: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(s, _)| *s == id).map(|(_, t)| *t)
}
