//! RANGE in `--vary KEY=RANGE`: `a..b` (inclusive, step 1), `a..b:step`,
//! a list `v1,v2,v3`, or one number.

/// Largest number of values one range may produce (guards against typos such as `0..1e9`).
pub const MAX_VALUES: usize = 10_000;

const SYNTAX: &str =
    "write a..b (inclusive, step 1), a..b:step (e.g. 40..60:5), or a list v1,v2,v3";

fn number(text: &str, whole: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!(
            "bad range \"{whole}\": \"{t}\" is not a number; {SYNTAX}"
        )),
    }
}

/// The values of a range, in the order written.
pub fn parse(text: &str) -> Result<Vec<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("the range is empty; {SYNTAX}"));
    }
    if t.contains(',') {
        return t.split(',').map(|v| number(v, t)).collect();
    }
    let Some((a, rest)) = t.split_once("..") else {
        return Ok(vec![number(t, t)?]);
    };
    let (b, step) = match rest.split_once(':') {
        Some((b, s)) => (b, number(s, t)?),
        None => (rest, 1.0),
    };
    let (a, b) = (number(a, t)?, number(b, t)?);
    if step <= 0.0 {
        return Err(format!(
            "bad range \"{t}\": the step must be above 0 (got {step})"
        ));
    }
    if b < a {
        return Err(format!(
            "bad range \"{t}\": the end {b} is below the start {a}; {SYNTAX}"
        ));
    }
    let steps = ((b - a) / step + 1e-9).floor();
    if steps + 1.0 > MAX_VALUES as f64 {
        return Err(format!(
            "bad range \"{t}\": {} values, more than the {MAX_VALUES} a sweep allows; use a larger step",
            steps + 1.0
        ));
    }
    Ok((0..=steps as usize)
        .map(|i| {
            let v = a + i as f64 * step;
            // Trim float noise such as 0.30000000000000004.
            (v * 1e9).round() / 1e9
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse("0..3").unwrap(), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(
            parse("40..60:5").unwrap(),
            vec![40.0, 45.0, 50.0, 55.0, 60.0]
        );
        assert_eq!(parse("40..58:5").unwrap(), vec![40.0, 45.0, 50.0, 55.0]);
        assert_eq!(parse("0,10, 20").unwrap(), vec![0.0, 10.0, 20.0]);
        assert_eq!(parse("7").unwrap(), vec![7.0]);
        assert_eq!(parse("0.1..0.3:0.1").unwrap(), vec![0.1, 0.2, 0.3]);
    }

    #[test]
    fn mistakes() {
        for bad in [
            "", "5..1", "0..10:0", "0..10:-1", "a..3", "1,,2", "0..1e9", "1..2:x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
