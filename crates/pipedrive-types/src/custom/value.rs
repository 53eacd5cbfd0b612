//! [`CustomValue`]: one custom field's value, typed.
use crate::lenient::Amount;
use crate::{OrganizationId, PersonId, UserId};
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
/// field), `Vec<&str>` (option labels).
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
    /// `date`, as the wire text `YYYY-MM-DD`.
    Date(String),
    /// `daterange`: start, and the end from the `<key>_until` companion.
    DateRange {
        /// First day, `YYYY-MM-DD`.
        start: String,
        /// Last day, when set.
        end: Option<String>,
    },
    /// `time`, as the wire text `HH:MM:SS`.
    Time(String),
    /// `timerange`: start, and the end from the `<key>_until` companion.
    TimeRange {
        /// Start time, `HH:MM:SS`.
        start: String,
        /// End time, when set.
        end: Option<String>,
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

    /// A date, `YYYY-MM-DD`.
    pub fn date(text: impl Into<String>) -> Self {
        CustomValue::Date(text.into())
    }

    /// A time of day, `HH:MM:SS`.
    pub fn time(text: impl Into<String>) -> Self {
        CustomValue::Time(text.into())
    }

    /// A date range, `YYYY-MM-DD` each.
    pub fn date_range(start: impl Into<String>, end: impl Into<String>) -> Self {
        CustomValue::DateRange {
            start: start.into(),
            end: Some(end.into()),
        }
    }

    /// A time range, `HH:MM:SS` each.
    pub fn time_range(start: impl Into<String>, end: impl Into<String>) -> Self {
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

    /// The text of a text-like value (text, phone, date, time, an address as entered,
    /// a string kept in `Other`).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            CustomValue::Text(s)
            | CustomValue::Phone(s)
            | CustomValue::Date(s)
            | CustomValue::Time(s) => Some(s),
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

    /// The end of a date or time range.
    pub fn end(&self) -> Option<&str> {
        match self {
            CustomValue::DateRange { end, .. } | CustomValue::TimeRange { end, .. } => {
                end.as_deref()
            }
            _ => None,
        }
    }

    /// The JSON entries that carry this value in a request body under `key`: the value
    /// itself, plus its companions (`<key>_currency`, `<key>_until`). Options go as ids
    /// (a `set` as the comma-separated ids the API stores), references as ids.
    pub fn to_wire(&self, key: &str) -> Vec<(String, Value)> {
        let main = |v: Value| vec![(key.to_owned(), v)];
        let with = |v: Value, suffix: &str, c: &Option<String>| {
            let mut out = main(v);
            if let Some(c) = c {
                out.push((format!("{key}_{suffix}"), Value::String(c.clone())));
            }
            out
        };
        match self {
            CustomValue::Text(s)
            | CustomValue::Phone(s)
            | CustomValue::Date(s)
            | CustomValue::Time(s) => main(Value::String(s.clone())),
            CustomValue::Number(a) => main(amount_json(a)),
            CustomValue::Money { amount, currency } => {
                with(amount_json(amount), "currency", currency)
            }
            CustomValue::Choice(c) => main(Value::from(c.id)),
            CustomValue::Choices(cs) => main(Value::String(
                cs.iter()
                    .map(|c| c.id.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            CustomValue::Labels(ls) => main(Value::from(ls.clone())),
            CustomValue::DateRange { start, end } | CustomValue::TimeRange { start, end } => {
                with(Value::String(start.clone()), "until", end)
            }
            CustomValue::User { id, .. } => main(Value::from(id.0)),
            CustomValue::Person { id, .. } => main(Value::from(id.0)),
            CustomValue::Organization { id, .. } => main(Value::from(id.0)),
            CustomValue::Address(a) => main(Value::String(a.value.clone())),
            CustomValue::Other(v) => main(v.clone()),
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

impl fmt::Display for CustomValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomValue::Text(s)
            | CustomValue::Phone(s)
            | CustomValue::Date(s)
            | CustomValue::Time(s) => f.write_str(s),
            CustomValue::Number(a) => write!(f, "{a}"),
            CustomValue::Money { amount, currency } => match currency {
                Some(c) => write!(f, "{amount} {c}"),
                None => write!(f, "{amount}"),
            },
            CustomValue::Choice(c) => write!(f, "{c}"),
            CustomValue::Choices(cs) => join(f, cs),
            CustomValue::Labels(ls) => join(f, ls),
            CustomValue::DateRange { start, end } | CustomValue::TimeRange { start, end } => {
                match end {
                    Some(e) => write!(f, "{start} - {e}"),
                    None => f.write_str(start),
                }
            }
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
