//! Decimal text read as a value, for comparing and validating amounts without floats.
use std::cmp::Ordering;

/// A decimal number as `±0.DIGITS × 10^point`, with no leading or trailing zero in
/// `digits`; zero has no digits and is never negative.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Decimal {
    neg: bool,
    digits: Vec<u8>,
    point: i64,
}

/// The parts of a decimal literal: sign, integer digits, fraction digits, exponent.
struct Parts<'a> {
    neg: bool,
    int: &'a str,
    frac: &'a str,
    exp: i64,
}

/// Splits JSON-like number text (`-12.50e3`); leading zeros in the integer part are
/// tolerated here, and refused or dropped by the callers that need JSON syntax.
fn split(s: &str) -> Option<Parts<'_>> {
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(at) => {
            let e = &rest[at + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (&rest[..at], e.parse::<i64>().ok()?)
        }
        None => (rest, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (mantissa, ""),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    Some(Parts {
        neg,
        int,
        frac,
        exp,
    })
}

impl Decimal {
    /// Reads number text (JSON syntax, leading zeros allowed); `None` if it is not one.
    pub(super) fn parse(s: &str) -> Option<Decimal> {
        let p = split(s)?;
        let mut digits: Vec<u8> = p.int.bytes().chain(p.frac.bytes()).collect();
        let mut point = i64::try_from(p.int.len()).ok()?.checked_add(p.exp)?;
        let lead = digits.iter().take_while(|d| **d == b'0').count();
        digits.drain(..lead);
        point = point.checked_sub(i64::try_from(lead).ok()?)?;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() {
            return Some(Decimal {
                neg: false,
                digits,
                point: 0,
            });
        }
        Some(Decimal {
            neg: p.neg,
            digits,
            point,
        })
    }

    /// The value as an `i64`, if it is a whole number in range.
    pub(super) fn to_i64(&self) -> Option<i64> {
        if self.digits.is_empty() {
            return Some(0);
        }
        let len = i64::try_from(self.digits.len()).ok()?;
        if self.point < len || self.point > 19 {
            return None;
        }
        let mut text = String::from_utf8(self.digits.clone()).ok()?;
        for _ in len..self.point {
            text.push('0');
        }
        let magnitude: i128 = text.parse().ok()?;
        i64::try_from(if self.neg { -magnitude } else { magnitude }).ok()
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => self
                .point
                .cmp(&other.point)
                .then_with(|| self.digits.cmp(&other.digits)),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

/// Decimal text a caller gave, as a JSON number token: surrounding spaces, a leading
/// `+` and extra leading zeros are dropped; anything else must already be JSON syntax.
pub(super) fn canonical(s: &str) -> Option<String> {
    let s = s.trim();
    let s = match s.strip_prefix('+') {
        Some(rest) if !rest.starts_with(['-', '+']) => rest,
        _ => s,
    };
    let p = split(s)?;
    let int = p.int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::with_capacity(s.len());
    if p.neg {
        out.push('-');
    }
    out.push_str(int);
    if !p.frac.is_empty() {
        out.push('.');
        out.push_str(p.frac);
    }
    if let Some(at) = s.find(['e', 'E']) {
        out.push_str(&s[at..]);
    }
    Some(out)
}
