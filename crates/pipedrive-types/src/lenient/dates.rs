//! Dates and times in Pipedrive's formats, read into [`chrono`] types.
//!
//! Pipedrive's v1 rules, applied here once for every model and parameter:
//!
//! * date-only fields (`due_date`, `expected_close_date`, `*_date`) are `YYYY-MM-DD`:
//!   [`Date`], a [`NaiveDate`];
//! * an activity's `due_time` (and `next_activity_time`) is a time of day in UTC,
//!   `HH:MM` (`HH:MM:SS` is read too): [`TimeOfDay`], a [`NaiveTime`] meaning UTC;
//! * timestamps (`add_time`, `update_time`, `won_time`, ...) are `YYYY-MM-DD HH:MM:SS`
//!   in UTC: [`Timestamp`], a [`DateTime<Utc>`]. RFC 3339 text (a few newer fields) is
//!   read too, converted to UTC.
//!
//! Each type is lenient: a value that does not parse (`""`, a format this crate does
//! not know) is kept verbatim and written back as received, with [`Date::get`] (and
//! the others') `None`. A value built from a chrono type is written in Pipedrive's
//! format. As a parameter (text from a binding, or [`FromStr`]) a time may carry an
//! offset (`14:30+02:00`, `2026-05-01T09:00:00+02:00`), and is converted to UTC; a
//! date-time in ISO form without an offset is refused, since it would not say which
//! zone it is in (Pipedrive's own `YYYY-MM-DD HH:MM:SS` is UTC by definition).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

const DATE: &str = "%Y-%m-%d";
const STAMP: &str = "%Y-%m-%d %H:%M:%S";

/// The number written by the ASCII digits of `text[at..at + N]`.
fn digits<const N: usize>(text: &[u8], at: usize) -> Option<u32> {
    let part = text.get(at..at + N)?;
    part.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `YYYY-MM-DD` exactly, without going through a format string (the form every date and
/// timestamp of a response has; anything else is left to chrono's parser).
fn quick_date(text: &[u8]) -> Option<NaiveDate> {
    if text.len() < 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits::<4>(text, 0)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits::<2>(text, 5)?, digits::<2>(text, 8)?)
}

/// `HH:MM:SS` exactly, like [`quick_date`].
fn quick_time(text: &[u8]) -> Option<NaiveTime> {
    if text.len() != 8 || text[2] != b':' || text[5] != b':' {
        return None;
    }
    NaiveTime::from_hms_opt(
        digits::<2>(text, 0)?,
        digits::<2>(text, 3)?,
        digits::<2>(text, 6)?,
    )
}

/// A value type with Pipedrive's wire format.
trait Wire: Sized + Copy + PartialEq {
    /// What a received text reads as, if anything.
    fn read(text: &str) -> Option<Self>;
    /// Pipedrive's text for the value.
    fn write(&self) -> String;
    /// What a caller's text means, or why it is refused.
    fn accept(text: &str) -> Result<Self, String>;
}

impl Wire for NaiveDate {
    fn read(text: &str) -> Option<Self> {
        if text.len() == 10 {
            if let Some(date) = quick_date(text.as_bytes()) {
                return Some(date);
            }
        }
        NaiveDate::parse_from_str(text, DATE).ok()
    }
    fn write(&self) -> String {
        self.format(DATE).to_string()
    }
    fn accept(text: &str) -> Result<Self, String> {
        Self::read(text.trim()).ok_or_else(|| "must be a date (YYYY-MM-DD)".to_owned())
    }
}

impl Wire for NaiveTime {
    fn read(text: &str) -> Option<Self> {
        if let Some(time) = quick_time(text.as_bytes()) {
            return Some(time);
        }
        NaiveTime::parse_from_str(text, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
            .ok()
    }
    fn write(&self) -> String {
        if chrono::Timelike::second(self) == 0 && chrono::Timelike::nanosecond(self) == 0 {
            self.format("%H:%M").to_string()
        } else {
            self.format("%H:%M:%S").to_string()
        }
    }
    fn accept(text: &str) -> Result<Self, String> {
        let refused = || "must be a time of day (HH:MM, in UTC, or with an offset)".to_owned();
        let text = text.trim();
        let (clock, offset) = split_offset(text).ok_or_else(refused)?;
        let local = Self::read(clock)
            .or_else(|| NaiveTime::parse_from_str(clock, "%H:%M:%S%.f").ok())
            .ok_or_else(refused)?;
        let shift = chrono::TimeDelta::seconds(i64::from(offset.local_minus_utc()));
        let utc = local.overflowing_sub_signed(shift).0;
        Ok(chrono::Timelike::with_nanosecond(&utc, 0).unwrap_or(utc))
    }
}

/// `14:30+02:00` -> (`14:30`, +02:00); no offset or `Z` is UTC.
fn split_offset(text: &str) -> Option<(&str, FixedOffset)> {
    let utc = FixedOffset::east_opt(0)?;
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, utc));
    }
    let Some(at) = text.rfind(['+', '-']) else {
        return Some((text, utc));
    };
    let (clock, zone) = text.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some((
        clock,
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?,
    ))
}

impl Wire for DateTime<Utc> {
    fn read(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() == 19 && bytes[10] == b' ' {
            if let (Some(date), Some(time)) = (quick_date(bytes), quick_time(&bytes[11..])) {
                return Some(date.and_time(time).and_utc());
            }
        }
        NaiveDateTime::parse_from_str(text, STAMP)
            .map(|t| t.and_utc())
            .or_else(|_| DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)))
            .ok()
    }
    fn write(&self) -> String {
        self.format(STAMP).to_string()
    }
    fn accept(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(t) = Self::read(text) {
            return Ok(t);
        }
        if NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok() {
            return Err(
                "is a date-time without a UTC offset: give an aware date-time, \
                        or Pipedrive's YYYY-MM-DD HH:MM:SS, which is UTC"
                    .to_owned(),
            );
        }
        Err(
            "must be a date-time (YYYY-MM-DD HH:MM:SS in UTC, or RFC 3339 with an offset)"
                .to_owned(),
        )
    }
}

macro_rules! lenient_time {
    ($(#[$meta:meta])* $name:ident($inner:ty), $kind:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name {
            text: String,
            value: Option<$inner>,
        }

        impl $name {
            /// The value, or `None` when the text received does not parse.
            pub fn get(&self) -> Option<$inner> {
                self.value
            }

            /// The text as received, or as written for a value built in code.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// Keeps received text, reading it if it has a known format.
            pub fn from_wire(text: impl Into<String>) -> Self {
                let text = text.into();
                let value = <$inner as Wire>::read(&text);
                $name { text, value }
            }
        }

        impl FromStr for $name {
            type Err = String;
            /// Validates a caller's text and writes it in Pipedrive's format.
            fn from_str(text: &str) -> Result<Self, String> {
                <$inner as Wire>::accept(text).map($name::from)
            }
        }

        impl PartialEq for $name {
            /// Equal values are equal whatever text they came in; unread text compares as text.
            fn eq(&self, other: &Self) -> bool {
                match (self.value, other.value) {
                    (Some(a), Some(b)) => a == b,
                    (None, None) => self.text == other.text,
                    _ => false,
                }
            }
        }

        impl Eq for $name {}

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                    fn visit_string<E: de::Error>(self, v: String) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                }
                d.deserialize_str(V)
            }
        }

        impl crate::wire::QueryValue for $name {
            fn render(&self, out: &mut String) {
                out.push_str(&self.text);
            }
        }

        impl crate::args::FromArg for $name {
            fn from_value(value: serde_json::Value) -> Result<Self, String> {
                match &value {
                    serde_json::Value::String(s) => s
                        .parse()
                        .map_err(|m| format!("{m}, {}", crate::args::shown(&value))),
                    _ => Err(format!(
                        "{}, {}",
                        <$inner as Wire>::accept("").err().unwrap_or_default(),
                        crate::args::shown(&value)
                    )),
                }
            }
        }

        impl crate::schema::Describe for $name {
            const KIND: crate::schema::FieldKind = crate::schema::FieldKind::$kind;
        }

        impl WhenField for Option<$name> {
            type Value = $inner;
            fn get(&self) -> Option<$inner> {
                self.as_ref().and_then($name::get)
            }
        }
    };
}

lenient_time! {
    /// A calendar date (`YYYY-MM-DD`): a due date, an expected close date.
    ///
    /// ```
    /// use pipedrive_types::Date;
    /// use pipedrive_types::chrono::NaiveDate;
    /// let d: Date = serde_json::from_str(r#""2026-12-01""#).unwrap();
    /// assert_eq!(d.get(), NaiveDate::from_ymd_opt(2026, 12, 1));
    /// let empty: Date = serde_json::from_str(r#""""#).unwrap();
    /// assert_eq!((empty.get(), serde_json::to_string(&empty).unwrap()), (None, r#""""#.into()));
    /// ```
    Date(NaiveDate), Date
}

lenient_time! {
    /// A time of day in UTC (`HH:MM`): an activity's due time.
    ///
    /// ```
    /// use pipedrive_types::TimeOfDay;
    /// use pipedrive_types::chrono::NaiveTime;
    /// let t = TimeOfDay::from(NaiveTime::from_hms_opt(14, 30, 0).unwrap());
    /// assert_eq!(t.as_str(), "14:30");
    /// // A caller's time with an offset is converted to UTC.
    /// assert_eq!("16:30+02:00".parse::<TimeOfDay>().unwrap(), t);
    /// ```
    TimeOfDay(NaiveTime), Time
}

lenient_time! {
    /// An instant, in UTC (`YYYY-MM-DD HH:MM:SS`): when a record was added or updated.
    ///
    /// ```
    /// use pipedrive_types::Timestamp;
    /// use pipedrive_types::chrono::{FixedOffset, TimeZone};
    /// let t: Timestamp = serde_json::from_str(r#""2026-05-01 07:00:00""#).unwrap();
    /// let paris = FixedOffset::east_opt(2 * 3600).unwrap();
    /// assert_eq!(t, Timestamp::from(paris.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap()));
    /// assert!("2026-05-01T09:00:00".parse::<Timestamp>().is_err()); // which zone?
    /// ```
    Timestamp(DateTime<Utc>), Timestamp
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Date {
            text: Wire::write(&value),
            value: Some(value),
        }
    }
}

impl From<NaiveTime> for TimeOfDay {
    /// The time taken as UTC, without its fraction of a second.
    fn from(value: NaiveTime) -> Self {
        let value = chrono::Timelike::with_nanosecond(&value, 0).unwrap_or(value);
        TimeOfDay {
            text: Wire::write(&value),
            value: Some(value),
        }
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    /// The same instant, written in UTC.
    fn from(value: DateTime<Tz>) -> Self {
        let utc = value.with_timezone(&Utc);
        let utc = chrono::Timelike::with_nanosecond(&utc, 0).unwrap_or(utc);
        Timestamp {
            text: Wire::write(&utc),
            value: Some(utc),
        }
    }
}

impl From<std::time::SystemTime> for Timestamp {
    fn from(value: std::time::SystemTime) -> Self {
        Timestamp::from(DateTime::<Utc>::from(value))
    }
}

/// The chrono value of an optional date or time field, in one call:
/// `deal.add_time.get()`, `activity.due_date.get()`.
pub trait WhenField {
    /// The chrono type.
    type Value;
    /// `None` when the field is absent, `null`, or text that does not parse.
    fn get(&self) -> Option<Self::Value>;
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
