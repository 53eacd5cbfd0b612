//! Money, dates and times as Kotlin and Swift see them.
//!
//! * [`Amount`] crosses as its decimal text and is a `java.math.BigDecimal` in Kotlin and a
//!   `Decimal` in Swift (custom types, configured in `uniffi.toml`): exact both ways.
//! * [`CalendarDate`] crosses as `YYYY-MM-DD` and is a `java.time.LocalDate` in Kotlin;
//!   Swift has no date-only type, so it stays that `String` there. (Not called `Date`: in
//!   Swift that name is Foundation's instant, which uniffi's timestamps use.)
//! * [`TimeOfDay`] (UTC) crosses as `HH:MM[:SS]` and is a `java.time.LocalTime` in Kotlin,
//!   a `String` in Swift.
//! * A timestamp is uniffi's built-in timestamp: `java.time.Instant` / Swift `Date`.
//!
//! In a result record, a value that does not parse (Pipedrive's `""`) reads `null` and is
//! kept in the record's `extra` under its key, as received. As a parameter the text is
//! checked by the same Rust rules as everywhere else.
use pipedrive::types;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// An exact decimal amount: money or a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount(pub types::Amount);

uniffi::custom_type!(Amount, String, {
    lower: |a| a.0.to_string(),
    try_lift: |s| Ok(Amount(s.parse::<types::Amount>()?)),
});

/// A calendar date.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDate(pub types::Date);

uniffi::custom_type!(CalendarDate, String, {
    lower: |d| d.0.to_string(),
    try_lift: |s| Ok(CalendarDate(s.parse::<types::Date>().map_err(Invalid)?)),
});

/// A time of day, in UTC.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeOfDay(pub types::TimeOfDay);

uniffi::custom_type!(TimeOfDay, String, {
    lower: |t| t.0.to_string(),
    try_lift: |s| Ok(TimeOfDay(s.parse::<types::TimeOfDay>().map_err(Invalid)?)),
});

macro_rules! parsed_and_default {
    ($($name:ident = $zero:expr),*) => {$(
        impl std::str::FromStr for $name {
            type Err = String;
            /// The Rust rules for this kind of value (see `pipedrive::types`).
            fn from_str(s: &str) -> Result<Self, String> {
                s.parse().map($name).map_err(|e| format!("{e}"))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name($zero)
            }
        }
    )*};
}

parsed_and_default!(
    Amount = types::Amount::from(0),
    CalendarDate = types::Date::from(types::chrono::NaiveDate::default()),
    TimeOfDay = types::TimeOfDay::from(types::chrono::NaiveTime::default())
);

/// Text the Rust rules refused, as an error uniffi can carry.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Invalid(String);

/// Keeps a value the mobile type cannot hold, as the text it arrived in. (Only text can
/// fail to parse: an amount that arrived as a JSON number always reads.)
fn spill(key: &str, text: &str, out: &mut Map<String, Value>) {
    out.insert(key.to_owned(), Value::String(text.to_owned()));
}

/// A money field of a result record; text that is not a decimal goes to `out`.
pub fn amount(v: Option<types::Amount>, key: &str, out: &mut Map<String, Value>) -> Option<Amount> {
    let v = v?;
    if v.is_decimal() {
        return Some(Amount(v));
    }
    spill(key, v.as_str(), out);
    None
}

/// Amounts per currency of a result record; a map holding any text that is not a
/// decimal goes to `out` whole, as received.
pub fn amount_map(
    v: Option<types::KeyedMap<String, types::Amount>>,
    key: &str,
    out: &mut Map<String, Value>,
) -> Option<HashMap<String, Amount>> {
    let v = v?;
    if v.iter().all(|(_, a)| a.is_decimal()) {
        return Some(
            v.into_map()
                .into_iter()
                .map(|(k, a)| (k, Amount(a)))
                .collect(),
        );
    }
    out.insert(
        key.to_owned(),
        serde_json::to_value(&v).unwrap_or(Value::Null),
    );
    None
}

/// A date field of a result record; text that is not a date goes to `out`.
pub fn date(
    v: Option<types::Date>,
    key: &str,
    out: &mut Map<String, Value>,
) -> Option<CalendarDate> {
    let v = v?;
    match v.get() {
        // Rewritten in Pipedrive's form, which is the form Kotlin parses.
        Some(d) => Some(CalendarDate(d.into())),
        None => {
            spill(key, v.as_str(), out);
            None
        }
    }
}

/// A time-of-day field of a result record; text that is not a time goes to `out`.
pub fn time_of_day(
    v: Option<types::TimeOfDay>,
    key: &str,
    out: &mut Map<String, Value>,
) -> Option<TimeOfDay> {
    let v = v?;
    match v.get() {
        Some(t) => Some(TimeOfDay(t.into())),
        None => {
            spill(key, v.as_str(), out);
            None
        }
    }
}

/// A timestamp field of a result record; text that is not one goes to `out`.
pub fn timestamp(
    v: Option<types::Timestamp>,
    key: &str,
    out: &mut Map<String, Value>,
) -> Option<std::time::SystemTime> {
    let v = v?;
    match v.get() {
        Some(t) => Some(t.into()),
        None => {
            spill(key, v.as_str(), out);
            None
        }
    }
}
