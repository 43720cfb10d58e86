//! Ranges of numbers on the command line: `40`, `40..60` (every whole step
//! of 1 from 40 to 60, both ends included) or `400..800:50` (from 400 to
//! 800 by 50; the last value is the end when the step reaches it exactly).

use std::str::FromStr;

/// One value or an inclusive range with a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First value.
    pub from: f64,
    /// Last value (inclusive; equal to `from` for a single value).
    pub to: f64,
    /// Step between values (> 0).
    pub step: f64,
}

/// Values a range may expand to at most (a typo such as `1..1e9` is refused).
pub const MAX_VALUES: usize = 10_000;

impl Span {
    /// Whether the span is one value.
    pub fn single(&self) -> Option<f64> {
        (self.from == self.to).then_some(self.from)
    }

    /// Every value, from `from` to `to` by `step`.
    pub fn values(&self) -> Vec<f64> {
        let n = ((self.to - self.from) / self.step + 1e-9).floor() as usize + 1;
        (0..n).map(|i| self.from + self.step * i as f64).collect()
    }

    /// The values as whole numbers, or an error naming `flag` when one is not whole or negative.
    pub fn whole(&self, flag: &str) -> Result<Vec<u32>, String> {
        self.values()
            .into_iter()
            .map(|v| {
                if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) {
                    Ok(v as u32)
                } else {
                    Err(format!("{flag} takes whole numbers >= 0 (got {v})"))
                }
            })
            .collect()
    }
}

impl FromStr for Span {
    type Err = String;

    fn from_str(s: &str) -> Result<Span, String> {
        let num = |t: &str| -> Result<f64, String> {
            let v: f64 = t.trim().parse().map_err(|_| {
                format!("\"{t}\" is not a number (write N, FROM..TO or FROM..TO:STEP)")
            })?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(format!("\"{t}\" is not a finite number"))
            }
        };
        let Some((from, rest)) = s.split_once("..") else {
            let v = num(s)?;
            return Ok(Span {
                from: v,
                to: v,
                step: 1.0,
            });
        };
        let (to, step) = match rest.split_once(':') {
            Some((to, step)) => (num(to)?, num(step)?),
            None => (num(rest)?, 1.0),
        };
        let from = num(from)?;
        if to < from {
            return Err(format!(
                "range \"{s}\" ends before it starts (write FROM..TO with FROM <= TO)"
            ));
        }
        if step <= 0.0 {
            return Err(format!("range \"{s}\": the step must be > 0"));
        }
        let span = Span { from, to, step };
        if (to - from) / step + 1.0 > MAX_VALUES as f64 {
            return Err(format!(
                "range \"{s}\" has more than {MAX_VALUES} values; use a larger step"
            ));
        }
        Ok(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_expand_inclusively() {
        let s: Span = "40..60".parse().unwrap();
        assert_eq!(
            s.whole("--agents").unwrap(),
            (40..=60).collect::<Vec<u32>>()
        );
        let s: Span = "400..800:50".parse().unwrap();
        assert_eq!(
            s.values(),
            [400.0, 450.0, 500.0, 550.0, 600.0, 650.0, 700.0, 750.0, 800.0]
        );
        let s: Span = "0.5..1:0.1".parse().unwrap();
        assert_eq!(s.values().len(), 6);
        assert_eq!("12".parse::<Span>().unwrap().single(), Some(12.0));
        assert!("60..40".parse::<Span>().is_err());
        assert!("1..5:0".parse::<Span>().is_err());
        assert!("a..5".parse::<Span>().is_err());
        assert!("1.5".parse::<Span>().unwrap().whole("--agents").is_err());
    }
}
