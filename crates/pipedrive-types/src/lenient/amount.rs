use super::decimal::{Decimal, canonical};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The name serde_json gives the one-entry map through which it hands a value's raw
/// JSON text to [`RawValue`]. Asking a serde_json deserializer for a newtype struct of
/// this name yields the number token exactly as written; any other deserializer treats
/// it as an ordinary newtype and [`Amount`] falls back to reading a number or a string.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// A sum of money or a quantity, exact: the decimal digits as the server sent them or
/// as the caller gave them, with no rounding through binary floating point.
///
/// Pipedrive sends amounts as JSON numbers (`1234.50`) and sometimes as text
/// (`"1234.5"`, or `""` for an empty value). An `Amount` keeps either form: a number
/// read from a response keeps its digits (`1234.50` stays `1234.50`,
/// `12345678901234567.89` loses nothing) and is written back as the same JSON number;
/// text stays text, even text that is not a number. An amount built in code is written
/// as a JSON number with exactly its digits.
///
/// Build one from an integer (`Amount::from(1200)`), from a float (`Amount::try_from(12.5)`,
/// the shortest digits that read back as that float), or from decimal text
/// (`"1234.50".parse::<Amount>()`, validated). Read it with [`Display`](fmt::Display) or
/// [`Amount::as_str`] (the digits), or [`Amount::to_f64`]. Amounts compare by value:
/// `1234.5 == 1234.50`, and `"5"` (text) equals `5`.
///
/// ```
/// use pipedrive_types::Amount;
/// let a: Amount = serde_json::from_str("1234.50").unwrap();
/// assert_eq!(a.to_string(), "1234.50");
/// assert_eq!(serde_json::to_string(&a).unwrap(), "1234.50");
/// assert_eq!(a, "1234.5".parse::<Amount>().unwrap());
/// assert!(Amount::from(1300) > a && Amount::from(1200) < a);
/// assert_eq!(Amount::try_from(0.1).unwrap().as_str(), "0.1");
/// assert!("12,5".parse::<Amount>().is_err());
/// ```
#[derive(Clone)]
pub struct Amount {
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    /// A JSON number token (always valid JSON number syntax).
    Number(String),
    /// A JSON string, kept verbatim (it may not hold a number at all).
    Text(String),
}

/// Why a value could not become an [`Amount`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError(String);

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AmountError {}

impl Amount {
    /// The shortest decimal that reads back as `value`; `None` for NaN and infinities.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(|n| Amount::number(n.to_string()))
    }

    fn number(digits: String) -> Self {
        Amount {
            repr: Repr::Number(digits),
        }
    }

    /// An amount that arrived (or is to be sent) as JSON text, kept verbatim.
    pub fn text(text: impl Into<String>) -> Self {
        Amount {
            repr: Repr::Text(text.into()),
        }
    }

    /// The digits (or the text, for an amount that arrived as text), as received.
    pub fn as_str(&self) -> &str {
        match &self.repr {
            Repr::Number(s) | Repr::Text(s) => s,
        }
    }

    /// Whether the amount arrived as a JSON string rather than a number.
    pub fn is_text(&self) -> bool {
        matches!(self.repr, Repr::Text(_))
    }

    /// Whether the amount holds a decimal number (text such as `""` does not).
    pub fn is_decimal(&self) -> bool {
        self.decimal().is_some()
    }

    /// The nearest float, if the amount holds a number (precision may be lost).
    pub fn to_f64(&self) -> Option<f64> {
        self.decimal()?;
        self.as_str()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
    }

    /// The value as an integer, if it is a whole number that fits (`5.00` is `5`).
    pub fn to_i64(&self) -> Option<i64> {
        self.decimal()?.to_i64()
    }

    fn decimal(&self) -> Option<Decimal> {
        Decimal::parse(self.as_str().trim())
    }
}

impl Default for Amount {
    /// Zero.
    fn default() -> Self {
        Amount::from(0)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Number(s) => write!(f, "Amount({s})"),
            Repr::Text(s) => write!(f, "Amount({s:?})"),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        match (self.decimal(), other.decimal()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.as_str() == other.as_str(),
            _ => false,
        }
    }
}

impl Eq for Amount {}

impl Hash for Amount {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.decimal() {
            Some(d) => d.hash(state),
            None => self.as_str().hash(state),
        }
    }
}

impl PartialOrd for Amount {
    /// By value; `None` when either side is text that is not a number.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self.decimal(), other.decimal()) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            (None, None) if self.as_str() == other.as_str() => Some(Ordering::Equal),
            _ => None,
        }
    }
}

macro_rules! amount_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Amount {
            fn from(v: $t) -> Self {
                Amount::number(v.to_string())
            }
        }
    )*};
}
amount_from_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl TryFrom<f64> for Amount {
    type Error = AmountError;
    fn try_from(value: f64) -> Result<Self, AmountError> {
        Amount::from_f64(value)
            .ok_or_else(|| AmountError(format!("{value} is not a finite amount")))
    }
}

impl TryFrom<f32> for Amount {
    type Error = AmountError;
    /// The shortest decimal that reads back as the `f32` (`0.1f32` is `0.1`).
    fn try_from(value: f32) -> Result<Self, AmountError> {
        if !value.is_finite() {
            return Err(AmountError(format!("{value} is not a finite amount")));
        }
        value.to_string().parse()
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    /// Decimal text: `1234.50`, `-3`, `1e3`, `+7`, `0012.5` (surrounding spaces and a
    /// leading `+` or zeros are dropped). Thousands separators, commas, `NaN` and
    /// infinities are refused.
    fn from_str(s: &str) -> Result<Self, AmountError> {
        canonical(s)
            .map(Amount::number)
            .ok_or_else(|| AmountError(format!("{s:?} is not a decimal number")))
    }
}

impl TryFrom<&str> for Amount {
    type Error = AmountError;
    fn try_from(s: &str) -> Result<Self, AmountError> {
        s.parse()
    }
}

impl TryFrom<String> for Amount {
    type Error = AmountError;
    fn try_from(s: String) -> Result<Self, AmountError> {
        s.parse()
    }
}

impl From<serde_json::Number> for Amount {
    fn from(n: serde_json::Number) -> Self {
        Amount::number(n.to_string())
    }
}

impl From<crate::Number> for Amount {
    fn from(n: crate::Number) -> Self {
        match n {
            crate::Number::Json(n) => n.into(),
            crate::Number::Text(t) => Amount::text(t),
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.repr {
            Repr::Text(t) => s.serialize_str(t),
            // Through serde_json the token is written as is; a serializer to
            // `serde_json::Value` reads it back as the nearest float.
            Repr::Number(digits) => match serde_json::from_str::<&RawValue>(digits) {
                Ok(raw) => raw.serialize(s),
                Err(e) => Err(serde::ser::Error::custom(e)),
            },
        }
    }
}

/// Reads the raw token serde_json hands over, or any number or string otherwise.
struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount: a number or a string")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        // serde_json's raw-value handshake: one entry whose value is the JSON text.
        match map.next_key::<String>()? {
            Some(key) if key == RAW_TOKEN => {}
            _ => return Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
        let raw: String = map.next_value()?;
        from_raw(raw)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Amount, D::Error> {
        d.deserialize_any(PlainVisitor)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        PlainVisitor.visit_u64(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        PlainVisitor.visit_i64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        PlainVisitor.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        PlainVisitor.visit_str(v)
    }
}

/// The JSON text of one value: a number token keeps its digits, a string its text.
fn from_raw<E: de::Error>(raw: String) -> Result<Amount, E> {
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(&raw)
            .map(Amount::text)
            .map_err(E::custom),
        Some(b'-' | b'0'..=b'9') => Ok(Amount::number(raw)),
        _ => Err(E::invalid_value(
            de::Unexpected::Other(&raw),
            &"an amount: a number or a string",
        )),
    }
}

/// The fallback for deserializers that do not hand over raw text.
struct PlainVisitor;

impl Visitor<'_> for PlainVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount: a number or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        Amount::from_f64(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        Ok(Amount::text(v))
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, AmountVisitor)
    }
}

impl crate::wire::QueryValue for Amount {
    fn render(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl crate::args::FromArg for Amount {
    /// An int, a float (its shortest digits) or decimal text; bools are refused.
    fn from_value(value: serde_json::Value) -> Result<Self, String> {
        use serde_json::Value;
        match &value {
            Value::Number(n) => Ok(Amount::from(n.clone())),
            Value::String(s) => s.parse().map_err(|_| {
                format!(
                    "must be an amount (int, float, Decimal or decimal text), {}",
                    crate::args::shown(&value)
                )
            }),
            _ => Err(format!(
                "must be an amount (int, float, Decimal or decimal text), {}",
                crate::args::shown(&value)
            )),
        }
    }
}

/// `deal.value.as_f64()` on an optional amount, like the other numeric fields.
impl crate::NumberField for Option<Amount> {
    fn as_u64(&self) -> Option<u64> {
        self.as_ref()
            .and_then(Amount::to_i64)
            .and_then(|i| u64::try_from(i).ok())
    }
    fn as_i64(&self) -> Option<i64> {
        self.as_ref().and_then(Amount::to_i64)
    }
    fn as_f64(&self) -> Option<f64> {
        self.as_ref().and_then(Amount::to_f64)
    }
}

impl crate::schema::Describe for Amount {
    const KIND: crate::schema::FieldKind = crate::schema::FieldKind::Money;
}

#[cfg(test)]
#[path = "amount_tests.rs"]
mod tests;
