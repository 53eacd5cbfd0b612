//! [`CustomValue`]: one custom field's value, typed.
use crate::lenient::{Amount, Date, TimeOfDay};
use crate::{OrganizationId, PersonId, UserId};
use chrono::{NaiveDate, NaiveTime};
use serde_json::{Map, Value};
use std::fmt;

/// One choice of an `enum` or `set` field: its option id, and its label when the value
/// was read through a [`FieldRegistry`](crate::FieldRegistry) (which knows the options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Option id (what the API stores).
    pub id: u64,
    /// Option label, when known.
    pub label: Option<String>,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => f.write_str(label),
            None => write!(f, "{}", self.id),
        }
    }
}

/// A postal address field: the text as entered, plus the parts Pipedrive geocoded from
/// it (`formatted_address`, `locality`, `country`, `postal_code`, ...), sent under
/// `<key>_<part>` companion keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    /// The address as entered.
    pub value: String,
    /// Geocoded parts by name (`formatted_address`, `route`, `locality`, `country`, ...),
    /// as received; empty for a value built in code.
    pub parts: Map<String, Value>,
}

impl Address {
    /// One geocoded part as text (`"locality"`, `"country"`, `"postal_code"`, ...).
    pub fn part(&self, name: &str) -> Option<&str> {
        self.parts.get(name).and_then(Value::as_str)
    }
}

/// The value of one custom field, typed by the field's `field_type`.
///
/// Read one from a model with `model.custom(key)` (best effort, from the JSON alone) or
/// by field name through a [`FieldRegistry`](crate::FieldRegistry) (exact: the field's
/// type and option labels are known). Set one on a request with
/// [`CustomFieldsMut::set_custom`](crate::CustomFieldsMut::set_custom), from Rust's
/// natural values: `&str`/`String` (text, or an option label when set by name),
/// integers and `f64` (numbers, or an option id when set by name), ids
/// ([`UserId`], [`PersonId`], [`OrganizationId`]), `Vec<u64>` (option ids of a `set`
/// field), `Vec<&str>` (option labels), [`Amount`], and chrono's [`NaiveDate`] and
/// [`NaiveTime`] (a date or time field).
///
/// Amounts are [`Amount`] (exact digits) and dates and times the lenient [`Date`] and
/// [`TimeOfDay`]: [`as_date`](Self::as_date), [`as_time`](Self::as_time),
/// [`end_date`](Self::end_date) and [`end_time`](Self::end_time) give chrono values; text
/// the API sent that does not parse is kept and printed as received.
///
/// `Display` prints the human value, never JSON: text as is, a number in its received
/// digits, money as `1234.5 EUR`, an option by its label (its id when the label is
/// unknown), several options as `A, B`, a range as `start - end`, a reference by its
/// name (else its id), an address as its formatted text.
///
/// ```
/// use pipedrive_types::CustomValue;
/// assert_eq!(CustomValue::from("EMEA").to_string(), "EMEA");
/// assert_eq!(CustomValue::money(1200, "EUR").to_string(), "1200 EUR");
/// assert_eq!(CustomValue::from(vec![3u64, 4]).to_string(), "3, 4");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CustomValue {
    /// `varchar`, `varchar_auto` or `text`.
    Text(String),
    /// `double`.
    Number(Amount),
    /// `monetary`: the amount, and the currency code from the `<key>_currency` companion.
    Money {
        /// The amount.
        amount: Amount,
        /// ISO currency code, when set.
        currency: Option<String>,
    },
    /// `enum`: one option.
    Choice(Choice),
    /// `set`: any number of options.
    Choices(Vec<Choice>),
    /// Option labels given in code, turned into option ids when set by field name.
    Labels(Vec<String>),
    /// `date` (`YYYY-MM-DD` on the wire).
    Date(Date),
    /// `daterange`: start, and the end from the `<key>_until` companion.
    DateRange {
        /// First day.
        start: Date,
        /// Last day, when set.
        end: Option<Date>,
    },
    /// `time` (`HH:MM[:SS]` on the wire).
    Time(TimeOfDay),
    /// `timerange`: start, and the end from the `<key>_until` companion.
    TimeRange {
        /// Start time.
        start: TimeOfDay,
        /// End time, when set.
        end: Option<TimeOfDay>,
    },
    /// `user`: a user id, with the name when the API expanded it.
    User {
        /// The user.
        id: UserId,
        /// Display name, when sent.
        name: Option<String>,
    },
    /// `people`: a person id, with the name when the API expanded it.
    Person {
        /// The person.
        id: PersonId,
        /// Display name, when sent.
        name: Option<String>,
    },
    /// `org`: an organization id, with the name when the API expanded it.
    Organization {
        /// The organization.
        id: OrganizationId,
        /// Display name, when sent.
        name: Option<String>,
    },
    /// `address`.
    Address(Address),
    /// `phone`.
    Phone(String),
    /// Anything else, kept as received (a new field type, or a value that does not fit
    /// its field's type).
    Other(Value),
}

impl CustomValue {
    /// An amount with a currency, for a `monetary` field.
    pub fn money(amount: impl Into<Amount>, currency: impl Into<String>) -> Self {
        CustomValue::Money {
            amount: amount.into(),
            currency: Some(currency.into()),
        }
    }

    /// One option by id, for an `enum` field.
    pub fn choice(id: u64) -> Self {
        CustomValue::Choice(Choice { id, label: None })
    }

    /// A date, for a `date` field.
    pub fn date(day: impl Into<Date>) -> Self {
        CustomValue::Date(day.into())
    }

    /// A time of day, for a `time` field.
    pub fn time(time: impl Into<TimeOfDay>) -> Self {
        CustomValue::Time(time.into())
    }

    /// A date range, first and last day, for a `daterange` field.
    pub fn date_range(start: impl Into<Date>, end: impl Into<Date>) -> Self {
        CustomValue::DateRange {
            start: start.into(),
            end: Some(end.into()),
        }
    }

    /// A time range, for a `timerange` field.
    pub fn time_range(start: impl Into<TimeOfDay>, end: impl Into<TimeOfDay>) -> Self {
        CustomValue::TimeRange {
            start: start.into(),
            end: Some(end.into()),
        }
    }

    /// A phone number.
    pub fn phone(text: impl Into<String>) -> Self {
        CustomValue::Phone(text.into())
    }

    /// An address, as text (Pipedrive geocodes it).
    pub fn address(text: impl Into<String>) -> Self {
        CustomValue::Address(Address {
            value: text.into(),
            parts: Map::new(),
        })
    }

    /// The kind of value, one word per variant: `text`, `number`, `money`, `option`,
    /// `options`, `labels`, `date`, `date_range`, `time`, `time_range`, `user`,
    /// `person`, `organization`, `address`, `phone`, `other`. The bindings expose it as
    /// is.
    pub fn kind(&self) -> &'static str {
        match self {
            CustomValue::Text(_) => "text",
            CustomValue::Number(_) => "number",
            CustomValue::Money { .. } => "money",
            CustomValue::Choice(_) => "option",
            CustomValue::Choices(_) => "options",
            CustomValue::Labels(_) => "labels",
            CustomValue::Date(_) => "date",
            CustomValue::DateRange { .. } => "date_range",
            CustomValue::Time(_) => "time",
            CustomValue::TimeRange { .. } => "time_range",
            CustomValue::User { .. } => "user",
            CustomValue::Person { .. } => "person",
            CustomValue::Organization { .. } => "organization",
            CustomValue::Address(_) => "address",
            CustomValue::Phone(_) => "phone",
            CustomValue::Other(_) => "other",
        }
    }

    /// The text of a text-like value (text, phone, an address as entered, a string kept
    /// in `Other`), and the wire text of a date or time.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            CustomValue::Text(s) | CustomValue::Phone(s) => Some(s),
            CustomValue::Date(d) => Some(d.as_str()),
            CustomValue::Time(t) => Some(t.as_str()),
            CustomValue::Address(a) => Some(&a.value),
            CustomValue::Other(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The amount of a number or money value.
    pub fn amount(&self) -> Option<&Amount> {
        match self {
            CustomValue::Number(a) | CustomValue::Money { amount: a, .. } => Some(a),
            _ => None,
        }
    }

    /// The currency of a money value.
    pub fn currency(&self) -> Option<&str> {
        match self {
            CustomValue::Money { currency, .. } => currency.as_deref(),
            _ => None,
        }
    }

    /// The chosen options of an `enum` (one) or `set` (any number) value.
    pub fn choices(&self) -> &[Choice] {
        match self {
            CustomValue::Choice(c) => std::slice::from_ref(c),
            CustomValue::Choices(c) => c,
            _ => &[],
        }
    }

    /// The chosen option labels where the registry knew them, or the labels given for
    /// a value still to be written; empty for other kinds.
    pub fn labels(&self) -> Vec<String> {
        match self {
            CustomValue::Labels(ls) => ls.clone(),
            other => other
                .choices()
                .iter()
                .filter_map(|c| c.label.clone())
                .collect(),
        }
    }

    /// The id of a reference (user, person, organization) or of a single option.
    pub fn id(&self) -> Option<u64> {
        match self {
            CustomValue::User { id, .. } => Some(id.0),
            CustomValue::Person { id, .. } => Some(id.0),
            CustomValue::Organization { id, .. } => Some(id.0),
            CustomValue::Choice(c) => Some(c.id),
            _ => None,
        }
    }

    /// The wire text of the end of a date or time range.
    pub fn end(&self) -> Option<&str> {
        match self {
            CustomValue::DateRange { end, .. } => end.as_ref().map(Date::as_str),
            CustomValue::TimeRange { end, .. } => end.as_ref().map(TimeOfDay::as_str),
            _ => None,
        }
    }

    /// The day of a date value, or the first day of a date range; `None` for other
    /// kinds and for text that does not read as a date.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            CustomValue::Date(d) | CustomValue::DateRange { start: d, .. } => d.get(),
            _ => None,
        }
    }

    /// The last day of a date range.
    pub fn end_date(&self) -> Option<NaiveDate> {
        match self {
            CustomValue::DateRange { end, .. } => end.as_ref().and_then(Date::get),
            _ => None,
        }
    }

    /// The time of a time value, or the start of a time range.
    pub fn as_time(&self) -> Option<NaiveTime> {
        match self {
            CustomValue::Time(t) | CustomValue::TimeRange { start: t, .. } => t.get(),
            _ => None,
        }
    }

    /// The end of a time range.
    pub fn end_time(&self) -> Option<NaiveTime> {
        match self {
            CustomValue::TimeRange { end, .. } => end.as_ref().and_then(TimeOfDay::get),
            _ => None,
        }
    }

    /// The JSON entries that carry this value in a request body under `key`: the value
    /// itself, plus its companions (`<key>_currency`, `<key>_until`). Options go as ids
    /// (a `set` as the comma-separated ids the API stores), references as ids.
    pub fn to_wire(&self, key: &str) -> Vec<(String, Value)> {
        let main = |v: Value| vec![(key.to_owned(), v)];
        let with = |v: Value, suffix: &str, c: Option<&str>| {
            let mut out = main(v);
            if let Some(c) = c {
                out.push((format!("{key}_{suffix}"), Value::from(c)));
            }
            out
        };
        match self {
            CustomValue::Text(s) | CustomValue::Phone(s) => main(Value::String(s.clone())),
            CustomValue::Date(d) => main(Value::from(d.as_str())),
            CustomValue::Time(t) => main(Value::from(t.as_str())),
            CustomValue::Number(a) => main(amount_json(a)),
            CustomValue::Money { amount, currency } => {
                with(amount_json(amount), "currency", currency.as_deref())
            }
            CustomValue::Choice(c) => main(Value::from(c.id)),
            CustomValue::Choices(cs) => main(Value::String(
                cs.iter()
                    .map(|c| c.id.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            CustomValue::Labels(ls) => main(Value::from(ls.clone())),
            CustomValue::DateRange { start, end } => with(
                Value::from(start.as_str()),
                "until",
                end.as_ref().map(Date::as_str),
            ),
            CustomValue::TimeRange { start, end } => with(
                Value::from(start.as_str()),
                "until",
                end.as_ref().map(TimeOfDay::as_str),
            ),
            CustomValue::User { id, .. } => main(Value::from(id.0)),
            CustomValue::Person { id, .. } => main(Value::from(id.0)),
            CustomValue::Organization { id, .. } => main(Value::from(id.0)),
            CustomValue::Address(a) => main(Value::String(a.value.clone())),
            CustomValue::Other(v) => main(v.clone()),
        }
    }
}

impl CustomValue {
    /// The entries that carry this value under `key` in a request laid out as `layout`:
    /// [`to_wire`](Self::to_wire) for v1, one [`to_v2`](Self::to_v2) entry for v2.
    pub fn to_layout(&self, key: &str, layout: super::CustomLayout) -> Vec<(String, Value)> {
        match layout {
            super::CustomLayout::Flat => self.to_wire(key),
            super::CustomLayout::Nested => vec![(key.to_owned(), self.to_v2())],
        }
    }

    /// The value as API v2 takes it inside a record's `custom_fields` object: money as
    /// `{value, currency}`, a range as `{start, until}`, an address as `{value, ..parts}`,
    /// options as ids (a `set` as a list of ids), references as ids.
    pub fn to_v2(&self) -> Value {
        let range =
            |start: &str, end: Option<&str>| serde_json::json!({ "start": start, "until": end });
        match self {
            CustomValue::Money { amount, currency } => {
                serde_json::json!({ "value": amount_json(amount), "currency": currency })
            }
            CustomValue::Choices(cs) => Value::from(cs.iter().map(|c| c.id).collect::<Vec<_>>()),
            CustomValue::DateRange { start, end } => {
                range(start.as_str(), end.as_ref().map(Date::as_str))
            }
            CustomValue::TimeRange { start, end } => {
                range(start.as_str(), end.as_ref().map(TimeOfDay::as_str))
            }
            CustomValue::Address(a) => {
                let mut m = a.parts.clone();
                m.insert("value".into(), Value::from(a.value.clone()));
                Value::Object(m)
            }
            other => other
                .to_wire("")
                .into_iter()
                .next()
                .map_or(Value::Null, |(_, v)| v),
        }
    }
}

fn amount_json(a: &Amount) -> Value {
    serde_json::to_value(a).unwrap_or(Value::Null)
}

fn join<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

fn reference(f: &mut fmt::Formatter<'_>, id: u64, name: &Option<String>) -> fmt::Result {
    match name {
        Some(n) => f.write_str(n),
        None => write!(f, "{id}"),
    }
}

fn range<T: fmt::Display>(f: &mut fmt::Formatter<'_>, start: &T, end: Option<&T>) -> fmt::Result {
    match end {
        Some(e) => write!(f, "{start} - {e}"),
        None => write!(f, "{start}"),
    }
}

impl fmt::Display for CustomValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomValue::Text(s) | CustomValue::Phone(s) => f.write_str(s),
            CustomValue::Date(d) => write!(f, "{d}"),
            CustomValue::Time(t) => write!(f, "{t}"),
            CustomValue::Number(a) => write!(f, "{a}"),
            CustomValue::Money { amount, currency } => match currency {
                Some(c) => write!(f, "{amount} {c}"),
                None => write!(f, "{amount}"),
            },
            CustomValue::Choice(c) => write!(f, "{c}"),
            CustomValue::Choices(cs) => join(f, cs),
            CustomValue::Labels(ls) => join(f, ls),
            CustomValue::DateRange { start, end } => range(f, start, end.as_ref()),
            CustomValue::TimeRange { start, end } => range(f, start, end.as_ref()),
            CustomValue::User { id, name } => reference(f, id.0, name),
            CustomValue::Person { id, name } => reference(f, id.0, name),
            CustomValue::Organization { id, name } => reference(f, id.0, name),
            CustomValue::Address(a) => f.write_str(a.part("formatted_address").unwrap_or(&a.value)),
            CustomValue::Other(Value::String(s)) => f.write_str(s),
            CustomValue::Other(Value::Null) => Ok(()),
            CustomValue::Other(v) => write!(f, "{v}"),
        }
    }
}

impl From<&str> for CustomValue {
    fn from(s: &str) -> Self {
        CustomValue::Text(s.to_owned())
    }
}

impl From<String> for CustomValue {
    fn from(s: String) -> Self {
        CustomValue::Text(s)
    }
}

impl From<&String> for CustomValue {
    fn from(s: &String) -> Self {
        CustomValue::Text(s.clone())
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for CustomValue {
            fn from(v: $t) -> Self {
                CustomValue::Number(Amount::from(v))
            }
        }
    )*};
}
value_from_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl From<f64> for CustomValue {
    /// A number. NaN and infinities have no JSON form: they become their text, which a
    /// number field refuses.
    fn from(v: f64) -> Self {
        match Amount::from_f64(v) {
            Some(a) => CustomValue::Number(a),
            None => CustomValue::Text(v.to_string()),
        }
    }
}

impl From<Amount> for CustomValue {
    fn from(a: Amount) -> Self {
        CustomValue::Number(a)
    }
}

impl From<NaiveDate> for CustomValue {
    fn from(d: NaiveDate) -> Self {
        CustomValue::Date(d.into())
    }
}

impl From<Date> for CustomValue {
    fn from(d: Date) -> Self {
        CustomValue::Date(d)
    }
}

impl From<NaiveTime> for CustomValue {
    /// A time of day, taken as UTC like every Pipedrive time of day.
    fn from(t: NaiveTime) -> Self {
        CustomValue::Time(t.into())
    }
}

impl From<TimeOfDay> for CustomValue {
    fn from(t: TimeOfDay) -> Self {
        CustomValue::Time(t)
    }
}

impl From<UserId> for CustomValue {
    fn from(id: UserId) -> Self {
        CustomValue::User { id, name: None }
    }
}

impl From<PersonId> for CustomValue {
    fn from(id: PersonId) -> Self {
        CustomValue::Person { id, name: None }
    }
}

impl From<OrganizationId> for CustomValue {
    fn from(id: OrganizationId) -> Self {
        CustomValue::Organization { id, name: None }
    }
}

impl From<Vec<u64>> for CustomValue {
    fn from(ids: Vec<u64>) -> Self {
        CustomValue::Choices(
            ids.into_iter()
                .map(|id| Choice { id, label: None })
                .collect(),
        )
    }
}

impl From<Vec<&str>> for CustomValue {
    fn from(labels: Vec<&str>) -> Self {
        CustomValue::Labels(labels.into_iter().map(str::to_owned).collect())
    }
}

impl From<Vec<String>> for CustomValue {
    fn from(labels: Vec<String>) -> Self {
        CustomValue::Labels(labels)
    }
}
