//! The form beside the raw TOML: the main keys of a scenario read from its
//! text ([`form`]) and one key set in the text ([`set`]) with `toml_edit`,
//! which keeps every comment and the layout of the rest of the file. The
//! edited text is then parsed and validated like any other.

use serde::Serialize;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// TOML path, e.g. `groups[0].agents` (problems name the same path).
    pub path: String,
    /// What it is, in words.
    pub label: String,
    /// Its value as written ("" when absent; a list as `a, b, c`).
    pub value: String,
    /// A per-interval list (shown as a column to edit or paste).
    pub list: bool,
}

/// The scenario-wide keys of the form: path and label.
const KEYS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("simulation.replications", "Replications"),
    ("simulation.seed", "Seed"),
    ("horizon.start", "Opens (HH:MM)"),
    ("horizon.end", "Closes (HH:MM)"),
    ("horizon.interval_minutes", "Interval, minutes"),
    (
        "arrivals.calls_per_hour",
        "Calls per hour (one number, or one per interval)",
    ),
    ("arrivals.forecast_cv", "Forecast CV"),
    ("handle_time.distribution", "Handle-time distribution"),
    ("handle_time.mean_seconds", "Mean handle time, s"),
    ("handle_time.cv", "Handle-time CV"),
    ("patience.distribution", "Patience distribution"),
    ("patience.mean_seconds", "Mean patience, s"),
    (
        "service_level.threshold_seconds",
        "Service-level threshold, s",
    ),
    ("service_level.target", "Service-level target"),
    ("service_level.max_abandon_rate", "Most abandonment"),
];

/// The keys of each group: key and label.
const GROUP_KEYS: &[(&str, &str)] = &[
    ("name", "name"),
    ("agents", "agents (one number, or one per interval)"),
    ("cost_per_agent_hour", "cost per agent hour"),
];

/// The form of scenario text, or `None` if it is not TOML.
pub fn form(text: &str) -> Option<Vec<Field>> {
    let root: toml::Table = toml::from_str(text).ok()?;
    let mut out = Vec::new();
    for (path, label) in KEYS {
        let v = lookup(&root, path);
        out.push(field(path.to_string(), label.to_string(), v));
    }
    let groups = root.get("groups").and_then(|g| g.as_array());
    for (i, g) in groups.into_iter().flatten().enumerate() {
        let Some(t) = g.as_table() else { continue };
        let name = t.get("name").and_then(|n| n.as_str()).unwrap_or("?");
        for (key, label) in GROUP_KEYS {
            out.push(field(
                format!("groups[{i}].{key}"),
                format!("Group \"{name}\": {label}"),
                t.get(*key),
            ));
        }
    }
    Some(out)
}

fn lookup<'a>(root: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut cur = root.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_table()?.get(p)?;
    }
    Some(cur)
}

fn field(path: String, label: String, v: Option<&toml::Value>) -> Field {
    let show = |v: &toml::Value| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (value, list) = match v {
        None => (String::new(), false),
        Some(toml::Value::Array(a)) => (a.iter().map(show).collect::<Vec<_>>().join(", "), true),
        Some(v) => (show(v), false),
    };
    Field {
        path,
        label,
        value,
        list,
    }
}

/// Sets `path` (dotted, `[i]` picks an entry of a list of tables) to
/// `value` as typed in the form: a number, a list of numbers (separated by
/// commas, spaces or new lines, as pasted from a spreadsheet column), any
/// TOML value, or else a string. An empty value removes the key. Comments
/// and the layout of the rest of the file are kept.
pub fn set(text: &str, path: &str, value: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("the scenario is not TOML: {}", e.message()))?;
    let steps = steps(path)?;
    let mut table: &mut Table = doc.as_table_mut();
    for (i, (key, index)) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        match index {
            Some(n) => {
                let list = table
                    .get_mut(key)
                    .and_then(Item::as_array_of_tables_mut)
                    .ok_or_else(|| format!("{path}: the scenario has no [[{key}]] list"))?;
                let len = list.len();
                table = list
                    .get_mut(*n)
                    .ok_or_else(|| format!("{path}: [[{key}]] has {len} entries"))?;
                if last {
                    return Err(format!("{path}: a whole [[{key}]] entry cannot be set"));
                }
            }
            None if last => {
                put(table, key, value);
            }
            None => {
                if !table.contains_key(key) {
                    table.insert(key, Item::Table(Table::new()));
                }
                table = table
                    .get_mut(key)
                    .and_then(Item::as_table_mut)
                    .ok_or_else(|| format!("{path}: `{key}` is not a table"))?;
            }
        }
    }
    Ok(doc.to_string())
}

fn put(table: &mut Table, key: &str, typed: &str) {
    let typed = typed.trim();
    if typed.is_empty() {
        table.remove(key);
        return;
    }
    let mut new = parse_value(typed);
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *new.decor_mut() = decor;
            *old = new;
        }
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

fn parse_value(typed: &str) -> Value {
    if let Ok(v) = typed.parse::<Value>() {
        return v;
    }
    let parts: Vec<&str> = typed
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let numbers: Option<Vec<f64>> = parts.iter().map(|p| p.parse::<f64>().ok()).collect();
    match numbers {
        Some(ns) if ns.len() > 1 && ns.iter().all(|n| n.is_finite()) => {
            let mut a = Array::new();
            for n in ns {
                if n.fract() == 0.0 && n.abs() < 9e15 {
                    a.push(n as i64);
                } else {
                    a.push(n);
                }
            }
            Value::Array(a)
        }
        _ => Value::from(typed),
    }
}

fn steps(path: &str) -> Result<Vec<(String, Option<usize>)>, String> {
    let bad = || format!("`{path}` is not a key path (e.g. groups[0].agents)");
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => {
                let n = rest
                    .strip_suffix(']')
                    .and_then(|n| n.parse::<usize>().ok())
                    .ok_or_else(bad)?;
                (k, Some(n))
            }
            None => (part, None),
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(bad());
        }
        out.push((key.to_string(), index));
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_keeps_comments_and_reaches_groups() {
        let text = "name = \"x\" # the name\n[handle_time]\nmean_seconds = 180 # AHT\n\n[[groups]]\nname = \"a\"\nagents = 3\n";
        let t = set(text, "handle_time.mean_seconds", "240").unwrap();
        assert!(t.contains("mean_seconds = 240 # AHT"), "{t}");
        assert!(t.contains("# the name"));
        let t = set(&t, "groups[0].agents", "4\n5\n6").unwrap();
        assert!(t.contains("agents = [4, 5, 6]"), "{t}");
        let t = set(&t, "patience.mean_seconds", "90").unwrap();
        assert!(t.contains("[patience]\nmean_seconds = 90"), "{t}");
        assert!(set(&t, "groups[3].agents", "1").is_err());
        let f = form(&t).unwrap();
        let agents = f.iter().find(|f| f.path == "groups[0].agents").unwrap();
        assert_eq!(agents.value, "4, 5, 6");
        assert!(agents.list);
    }
}
