//! KEY in `--vary KEY=RANGE`: a dotted path into the scenario file, with
//! groups selected by name (`groups.partner.agents`) or position
//! (`groups[1].agents`), call types likewise
//! (`call_types.premium.calls_per_hour`, `call_types[0].patience.mean_seconds`),
//! and a group's settings for one type under its name
//! (`groups.desk.per_type.retail.handle_time_factor`). The scenario is edited in its TOML form, then
//! parsed and validated again, so every key of the format can be varied and
//! every value is checked as if it had been written in the file.

use strsim::damerau_levenshtein;
use toml::Value;

use crate::scenario::RawScenario;

/// How a value is applied to the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `KEY=RANGE`: the value replaces the key (a per-interval list becomes one number).
    Set,
    /// `KEY+=RANGE`: the value is added to the number, or to every entry of a list.
    Add,
    /// `KEY*=RANGE`: the number, or every entry of a list, is multiplied by the value.
    Scale,
}

impl Op {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Set => "=",
            Op::Add => "+=",
            Op::Scale => "*=",
        }
    }
}

/// The scenario as a TOML value tree.
pub fn to_value(raw: &RawScenario) -> Result<Value, String> {
    Value::try_from(raw).map_err(|e| format!("cannot edit the scenario: {e}"))
}

/// The scenario back from its value tree; `Err` names the TOML path and the problem.
pub fn from_value(value: Value) -> Result<RawScenario, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let first = message.lines().next().unwrap_or("").trim().to_string();
        format!("{path}: {first}")
    })
}

/// Every key that holds a number or a list of numbers, groups by name.
pub fn numeric_keys(root: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out
}

fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Table(t) => {
            for (k, x) in t {
                walk(x, &join(k), out);
            }
        }
        Value::Integer(_) | Value::Float(_) => out.push(prefix.to_string()),
        Value::Array(a) if !a.is_empty() && a.iter().all(is_number) => out.push(prefix.to_string()),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if let Value::Table(t) = x {
                    let label = match t.get("name") {
                        Some(Value::String(n)) => n.clone(),
                        _ => format!("[{i}]"),
                    };
                    let p = if label.starts_with('[') {
                        format!("{prefix}{label}")
                    } else {
                        format!("{prefix}.{label}")
                    };
                    walk(x, &p, out);
                }
            }
        }
        _ => {}
    }
}

fn is_number(v: &Value) -> bool {
    matches!(v, Value::Integer(_) | Value::Float(_))
}

fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::Integer(x as i64)
    } else {
        Value::Float(x)
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// The message for a key that is not in the scenario: the nearest valid
/// key and the full list.
pub fn unknown_key(key: &str, why: &str, root: &Value) -> String {
    let keys = numeric_keys(root);
    let nearest = keys
        .iter()
        .map(|k| (damerau_levenshtein(key, k), k))
        .min()
        .filter(|(d, _)| *d <= key.len().max(6) / 3)
        .map(|(_, k)| format!(" Did you mean `{k}`?"))
        .unwrap_or_default();
    format!(
        "--vary {key}: {why}.{nearest}\nKeys of this scenario that hold numbers: {}.\nA key the file leaves out (e.g. lines.count, groups.<name>.overflow_after_seconds, groups.<name>.contract.per_handled_call, groups.<name>.per_type.<type>.handle_time_factor, call_types.<type>.service_level.max_abandon_rate) can be set with KEY=RANGE; groups and call types are selected by name or as groups[i], call_types[i]. See docs/sweep.md.",
        keys.join(", ")
    )
}

/// Splits a key into steps: table keys, and array selections by name or index.
fn steps(key: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => {
                let i = rest
                    .strip_suffix(']')
                    .ok_or("an index must be written [i]")?;
                (n, Some(i))
            }
            None => (part, None),
        };
        if name.is_empty() && index.is_none() {
            return Err("the key has an empty part (two dots, or a dot at an end)".into());
        }
        if !name.is_empty() {
            out.push(name.to_string());
        }
        if let Some(i) = index {
            out.push(format!("[{i}]"));
        }
    }
    Ok(out)
}

/// Applies `op value` at `key` in `root`. Missing tables on the way are
/// created (a later parse rejects keys the format does not know).
pub fn apply(root: &mut Value, key: &str, op: Op, value: f64) -> Result<(), String> {
    let original = root.clone();
    let fail = |why: String| unknown_key(key, &why, &original);
    let steps = steps(key).map_err(&fail)?;
    let mut cur = root;
    let mut i = 0;
    while i < steps.len() {
        let last = i + 1 == steps.len();
        let step = &steps[i];
        match cur {
            Value::Table(t) => {
                if step.starts_with('[') {
                    return Err(fail(format!(
                        "`{step}` selects from a list, but here is a table"
                    )));
                }
                if last {
                    return set_leaf(t, step, op, value).map_err(|e| {
                        if e.starts_with("missing") {
                            fail(format!(
                                "`{step}` is not in the scenario, so it can only be set with {}",
                                Op::Set.symbol()
                            ))
                        } else {
                            format!("--vary {key}: {e}")
                        }
                    });
                }
                if !t.contains_key(step.as_str()) {
                    t.insert(step.clone(), Value::Table(Default::default()));
                }
                cur = t.get_mut(step.as_str()).expect("inserted above");
                i += 1;
            }
            Value::Array(a) => {
                let index =
                    if let Some(n) = step.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                        n.parse::<usize>()
                            .ok()
                            .filter(|n| *n < a.len())
                            .ok_or_else(|| {
                                fail(format!(
                                    "index [{n}] is not a position in a list of {}",
                                    a.len()
                                ))
                            })?
                    } else {
                        // A name may itself contain dots: take the longest match.
                        let names: Vec<String> = a
                            .iter()
                            .map(|x| match x.get("name") {
                                Some(Value::String(n)) => n.clone(),
                                _ => String::new(),
                            })
                            .collect();
                        let mut found = None;
                        for j in (i..steps.len()).rev() {
                            let candidate = steps[i..=j].join(".");
                            if let Some(p) = names.iter().position(|n| *n == candidate) {
                                found = Some((p, j));
                                break;
                            }
                        }
                        let Some((p, j)) = found else {
                            return Err(fail(format!(
                                "no entry named \"{step}\" (names: {})",
                                names.join(", ")
                            )));
                        };
                        i = j;
                        p
                    };
                if last || i + 1 == steps.len() {
                    return Err(fail(
                        "a whole list entry is not a number; name a key inside it".into(),
                    ));
                }
                cur = &mut a[index];
                i += 1;
            }
            _ => {
                return Err(fail(format!(
                    "`{}` holds a value, not a table",
                    steps[..i].join(".")
                )));
            }
        }
    }
    Err(fail("the key names a table, not a number".into()))
}

/// Keys that hold whole counts, which `*=` rounds (see docs/sweep.md).
pub fn is_count_key(k: &str) -> bool {
    k.ends_with("agents") || matches!(k, "lines" | "count" | "replications")
}

fn set_leaf(t: &mut toml::Table, k: &str, op: Op, value: f64) -> Result<(), String> {
    let existing = t.get(k);
    let new = match (op, existing) {
        (_, Some(Value::Table(_))) => {
            return Err(format!(
                "`{k}` is a table, not a number; name a key inside it"
            ))
        }
        (_, Some(Value::String(_) | Value::Boolean(_) | Value::Datetime(_))) => {
            return Err(format!(
                "`{k}` is not a number (it holds {})",
                existing.map(|v| v.type_str()).unwrap_or("nothing")
            ))
        }
        (Op::Set, _) => number_value(value),
        (_, None) => return Err("missing".into()),
        (op, Some(v)) => {
            let f = |x: f64| match op {
                Op::Add => x + value,
                _ => x * value,
            };
            // `*=` on a count (agents, lines) keeps it whole: the product is
            // rounded to the nearest integer, halves away from zero.
            let whole = op == Op::Scale && is_count_key(k);
            let apply = |x: &Value| -> Option<Value> {
                let r = f(as_f64(x)?);
                Some(number_value(if whole { r.round() } else { r }))
            };
            match v {
                Value::Array(a) => {
                    let mut out = Vec::with_capacity(a.len());
                    for x in a {
                        out.push(apply(x).ok_or_else(|| {
                            format!("`{k}` is a list that does not hold numbers")
                        })?);
                    }
                    Value::Array(out)
                }
                v => apply(v).unwrap_or_else(|| number_value(f(0.0))),
            }
        }
    };
    t.insert(k.to_string(), new);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_whole_numbers_rounds_them() {
        let mut t = toml::Table::new();
        t.insert(
            "agents".into(),
            Value::Array(vec![
                Value::Float(31.0),
                Value::Integer(25),
                Value::Integer(5),
            ]),
        );
        t.insert("mean".into(), Value::Float(125.0));
        set_leaf(&mut t, "agents", Op::Scale, 0.9).unwrap();
        set_leaf(&mut t, "mean", Op::Scale, 0.9).unwrap();
        // 27.9 -> 28, 22.5 -> 23 (half away from zero), 4.5 -> 5; other keys are
        // multiplied exactly (125 x 0.9 = 112.5).
        assert_eq!(
            t["agents"],
            Value::Array(vec![
                Value::Integer(28),
                Value::Integer(23),
                Value::Integer(5)
            ])
        );
        assert_eq!(t["mean"], Value::Float(112.5));
    }

    #[test]
    fn steps_split_names_and_indices() {
        assert_eq!(
            steps("groups[1].agents").unwrap(),
            ["groups", "[1]", "agents"]
        );
        assert_eq!(steps("a.b").unwrap(), ["a", "b"]);
        assert!(steps("a..b").is_err());
    }
}
