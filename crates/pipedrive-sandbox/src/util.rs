//! Small helpers: a seedable PRNG, UTC date formatting, lenient reading of request
//! values, number and money formatting.
use serde_json::{Map, Number, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// splitmix64: tiny, fast, and fully determined by its seed, which is all the seed data
/// and generated keys need.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// 40 lowercase hex characters, the shape of a custom field key.
    pub(crate) fn hex40(&mut self) -> String {
        let mut s = String::with_capacity(40);
        while s.len() < 40 {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(40);
        s
    }

    /// A version-4 style UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let time_hi = ((a >> 16) & 0x0fff) | 0x4000;
        let clock = ((b >> 48) & 0x3fff) | 0x8000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            a & 0xffff,
            time_hi,
            clock,
            b & 0xffff_ffff_ffff
        )
    }
}

/// Seconds since the Unix epoch, now.
pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 to a civil (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A civil date to days since 1970-01-01.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, the v1 timestamp format.
pub(crate) fn fmt_time(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

/// `YYYY-MM-DD` in UTC.
pub(crate) fn fmt_date(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SS.000Z`, the format leads use.
pub(crate) fn fmt_iso(secs: i64) -> String {
    let t = fmt_time(secs);
    format!("{}T{}.000Z", &t[..10], &t[11..])
}

/// True for a valid `YYYY-MM-DD`.
pub(crate) fn is_date(s: &str) -> bool {
    parse_date(s).is_some()
}

/// Days since the epoch for a valid `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True for `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn is_datetime(s: &str) -> bool {
    let Some((d, t)) = s.split_once(' ') else {
        return false;
    };
    is_date(d) && is_clock(t, true)
}

/// `HH:MM` (or `HH:MM:SS` when `seconds` is true; `HH:MM` is then also accepted).
pub(crate) fn is_clock(s: &str, seconds: bool) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let ok_len = parts.len() == 2 || (seconds && parts.len() == 3);
    ok_len
        && parts.iter().enumerate().all(|(i, p)| {
            p.len() == 2
                && p.parse::<u32>()
                    .map(|n| if i == 0 { n < 24 } else { n < 60 })
                    .unwrap_or(false)
        })
}

/// A JSON number, written as an integer when it has no fractional part.
pub(crate) fn num(v: f64) -> Value {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::Number(Number::from(v as i64))
    } else {
        Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// Rounds to cents.
pub(crate) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A number read leniently: JSON numbers and numeric strings.
pub(crate) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// An integer id read leniently: numbers, numeric strings and `{"value": id}` objects.
pub(crate) fn as_id(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Object(o) => o.get("value").or_else(|| o.get("id")).and_then(as_id),
        _ => None,
    }
}

/// A flag read leniently: booleans, 0/1 and their string forms.
pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim() {
            "1" | "true" | "TRUE" | "True" => Some(true),
            "0" | "false" | "FALSE" | "False" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A string value (numbers are accepted and written out).
pub(crate) fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Field `key` of a stored record as u64.
pub(crate) fn get_id(m: &Map<String, Value>, key: &str) -> Option<u64> {
    m.get(key).and_then(as_id)
}

/// Field `key` of a stored record as f64 (0 when absent).
pub(crate) fn get_f64(m: &Map<String, Value>, key: &str) -> f64 {
    m.get(key).and_then(as_f64).unwrap_or(0.0)
}

/// Field `key` of a stored record as a string slice ("" when absent).
pub(crate) fn get_str<'a>(m: &'a Map<String, Value>, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Field `key` of a stored record as a bool (false when absent).
pub(crate) fn get_bool(m: &Map<String, Value>, key: &str) -> bool {
    m.get(key).and_then(as_bool).unwrap_or(false)
}

/// `1234567.5` -> `"1,234,567.50"`; integers keep no decimals.
pub(crate) fn group_thousands(v: f64) -> String {
    let neg = v < 0.0;
    let v = round2(v.abs());
    let whole = v.trunc() as u64;
    let cents = ((v - v.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if cents > 0 {
        out.push_str(&format!(".{cents:02}"));
    }
    if neg { format!("-{out}") } else { out }
}

/// The sign Pipedrive shows for a currency code.
pub(crate) fn currency_symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "EUR" => "€",
        "USD" => "US$",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "CHF" => "CHF ",
        "SEK" => "SEK ",
        "BRL" => "R$",
        "CAD" => "CA$",
        "AUD" => "A$",
        _ => return None,
    })
}

/// A money amount the way the v1 API pre-formats it (`€5,000`).
pub(crate) fn fmt_money(v: f64, currency: &str) -> String {
    match currency_symbol(currency) {
        Some(sym) => format!("{sym}{}", group_thousands(v)),
        None => format!("{currency} {}", group_thousands(v)),
    }
}

/// Conversion rate of one unit of `code` into US dollars (fixed, for summaries).
pub(crate) fn usd_rate(code: &str) -> f64 {
    match code {
        "EUR" => 1.08,
        "GBP" => 1.27,
        "JPY" => 0.0067,
        "INR" => 0.012,
        "CHF" => 1.12,
        "SEK" => 0.095,
        "BRL" => 0.2,
        "CAD" => 0.73,
        "AUD" => 0.66,
        _ => 1.0,
    }
}

/// Lowercase, non-alphanumerics folded to `_` (activity type keys).
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// True for a 40-character lowercase/uppercase hex string (a custom field key).
pub(crate) fn is_custom_key(k: &str) -> bool {
    k.len() == 40 && k.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(fmt_time(0), "1970-01-01 00:00:00");
        assert_eq!(fmt_time(1_700_000_000), "2023-11-14 22:13:20");
        let d = parse_date("2024-02-29").unwrap();
        assert_eq!(fmt_date(d * 86_400), "2024-02-29");
        assert!(parse_date("2023-02-29").is_none());
        assert!(is_datetime("2024-01-02 03:04:05"));
        assert!(!is_datetime("2024-01-02T03:04:05"));
        assert_eq!(fmt_iso(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn money() {
        assert_eq!(fmt_money(5000.0, "EUR"), "€5,000");
        assert_eq!(fmt_money(1234567.5, "USD"), "US$1,234,567.50");
        assert_eq!(fmt_money(12.0, "XYZ"), "XYZ 12");
        assert_eq!(num(5.0).to_string(), "5");
        assert_eq!(num(5.5).to_string(), "5.5");
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.hex40(), b.hex40());
        let u = a.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(is_custom_key(&b.hex40()));
    }

    #[test]
    fn lenient_reads() {
        assert_eq!(as_id(&Value::from("12")), Some(12));
        assert_eq!(as_id(&serde_json::json!({"value": 3})), Some(3));
        assert_eq!(as_bool(&Value::from("1")), Some(true));
        assert_eq!(as_f64(&Value::from("2.5")), Some(2.5));
        assert_eq!(slug("Video call!"), "video_call");
    }
}
