use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A number that may arrive as a JSON number or as a string (`5000` or `"5000"`).
///
/// The received form is kept exactly: an integer stays an integer (`5000` is never
/// written back as `5000.0`), a float keeps its value, and a string keeps its text —
/// including strings that are not numbers at all, such as the `""` Pipedrive sends for
/// an empty value, or `"1,2"` for a multi-label field. The numeric accessors parse the
/// text on demand and return `None` when it is not a number.
///
/// ```
/// use pipedrive_types::Number;
/// let n: Number = serde_json::from_str("5000").unwrap();
/// assert_eq!(n.as_i64(), Some(5000));
/// assert_eq!(serde_json::to_string(&n).unwrap(), "5000");
/// let s: Number = serde_json::from_str(r#""12.5""#).unwrap();
/// assert_eq!(s.as_f64(), Some(12.5));
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#""12.5""#);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// A JSON number, with serde_json's integer/float distinction.
    Json(serde_json::Number),
    /// A JSON string, kept verbatim.
    Text(String),
}

/// An integer field (a count, an order, a size, a numeric code): a [`Number`], so that
/// `3` and `"3"` both decode and each is written back in the form it arrived in. Read
/// it with [`Number::as_u64`] / [`Number::as_i64`]. The mobile records carry it as a
/// 64-bit integer; a value that is not one is kept in their `extra`.
pub type Integer = Number;

impl Number {
    /// A number from a float; `None` for NaN and infinities, which JSON cannot carry.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(Number::Json)
    }

    /// The value as a float, parsing the text form if needed.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Number::Json(n) => n.as_f64(),
            Number::Text(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        }
    }

    /// The value as a signed integer, if it is one (text is parsed; `"5.0"` is not an integer).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Json(n) => n.as_i64(),
            Number::Text(s) => s.trim().parse::<i64>().ok(),
        }
    }

    /// The value as an unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Number::Json(n) => n.as_u64(),
            Number::Text(s) => s.trim().parse::<u64>().ok(),
        }
    }

    /// The text, when the value arrived as a string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Number::Json(_) => None,
            Number::Text(s) => Some(s),
        }
    }

    /// Whether the value arrived as a string.
    pub fn is_text(&self) -> bool {
        matches!(self, Number::Text(_))
    }
}

/// The [`Number`] accessors on an optional field, so that `deal.files_count.as_u64()`
/// reads a count whether it arrived as `3` or as `"3"` (and `None` when absent, `null`
/// or not a number).
///
/// ```
/// use pipedrive_types::{NumberField, Organization};
/// let org: Organization = serde_json::from_str(r#"{"people_count":"3"}"#).unwrap();
/// assert_eq!(org.people_count.as_u64(), Some(3));
/// assert_eq!(serde_json::to_string(&org).unwrap(), r#"{"people_count":"3"}"#);
/// ```
pub trait NumberField {
    /// See [`Number::as_u64`].
    fn as_u64(&self) -> Option<u64>;
    /// See [`Number::as_i64`].
    fn as_i64(&self) -> Option<i64>;
    /// See [`Number::as_f64`].
    fn as_f64(&self) -> Option<f64>;
}

impl NumberField for Option<Number> {
    fn as_u64(&self) -> Option<u64> {
        self.as_ref().and_then(Number::as_u64)
    }
    fn as_i64(&self) -> Option<i64> {
        self.as_ref().and_then(Number::as_i64)
    }
    fn as_f64(&self) -> Option<f64> {
        self.as_ref().and_then(Number::as_f64)
    }
}

impl Default for Number {
    fn default() -> Self {
        Number::Json(serde_json::Number::from(0u8))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Json(n) => n.fmt(f),
            Number::Text(s) => f.write_str(s),
        }
    }
}

macro_rules! number_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Self {
                Number::Json(serde_json::Number::from(v))
            }
        }
    )*};
}
number_from_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl From<serde_json::Number> for Number {
    fn from(n: serde_json::Number) -> Self {
        Number::Json(n)
    }
}

impl From<String> for Number {
    fn from(s: String) -> Self {
        Number::Text(s)
    }
}

impl From<&str> for Number {
    fn from(s: &str) -> Self {
        Number::Text(s.to_owned())
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Number::Json(n) => n.serialize(s),
            Number::Text(t) => s.serialize_str(t),
        }
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
        Number::from_f64(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
        Ok(Number::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Number, E> {
        Ok(Number::Text(v))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(json: &str) -> Number {
        let n: Number = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            json,
            "form kept for {json}"
        );
        n
    }

    #[test]
    fn integers_stay_integers() {
        let n = rt("5000");
        assert_eq!(n.as_i64(), Some(5000));
        assert_eq!(n.as_u64(), Some(5000));
        assert_eq!(n.as_f64(), Some(5000.0));
        assert_eq!(rt("-3").as_i64(), Some(-3));
        assert_eq!(rt("18446744073709551615").as_u64(), Some(u64::MAX));
    }

    #[test]
    fn floats_stay_floats() {
        assert_eq!(rt("5000.0").as_f64(), Some(5000.0));
        assert_eq!(rt("109.78").as_f64(), Some(109.78));
        assert_eq!(rt("1.5").as_i64(), None);
    }

    #[test]
    fn strings_keep_their_text() {
        let n = rt(r#""5000""#);
        assert!(n.is_text());
        assert_eq!(n.as_u64(), Some(5000));
        assert_eq!(rt(r#""12.50""#).as_f64(), Some(12.5));
        let empty = rt(r#""""#);
        assert_eq!(empty.as_f64(), None);
        assert_eq!(empty.as_text(), Some(""));
        assert_eq!(rt(r#""1,2""#).as_i64(), None);
        assert_eq!(rt(r#""NaN""#).as_f64(), None);
    }

    #[test]
    fn built_in_code() {
        assert_eq!(serde_json::to_string(&Number::from(5000)).unwrap(), "5000");
        assert_eq!(
            serde_json::to_string(&Number::from_f64(2.5).unwrap()).unwrap(),
            "2.5"
        );
        assert_eq!(Number::from_f64(f64::NAN), None);
        assert_eq!(Number::from("7").to_string(), "7");
    }

    #[test]
    fn malformed_is_an_error() {
        for bad in ["true", "null", "[]", "{}", "[1]"] {
            assert!(
                serde_json::from_str::<Number>(bad).is_err(),
                "{bad} must not decode"
            );
        }
    }
}
