//! Reading a [`CustomValue`] out of a JSON object: by the field's type when its
//! definition is known, by the value's shape when it is not.
use super::value::{Address, Choice, CustomValue};
use crate::args::FromArg;
use crate::lenient::{Amount, Date, TimeOfDay};
use crate::models::{Field, FieldType};
use crate::{OrganizationId, PersonId, UserId};
use serde_json::{Map, Value};

/// The value under `key` in `obj`, with its companions. `None` when absent, `null` or
/// `""` (how the API says "not set").
pub(crate) fn read(
    obj: &Map<String, Value>,
    key: &str,
    field: Option<&Field>,
) -> Option<CustomValue> {
    let v = obj.get(key)?;
    if v.is_null() || v.as_str() == Some("") {
        return None;
    }
    let companion = |suffix: &str| -> Option<String> {
        obj.get(&format!("{key}_{suffix}"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let Some(kind) = field.and_then(|f| f.field_type.as_ref()) else {
        return Some(best_effort(obj, key, v, companion));
    };
    let other = || CustomValue::Other(v.clone());
    Some(match kind {
        FieldType::Varchar | FieldType::VarcharAuto | FieldType::Text => match v {
            Value::String(s) => CustomValue::Text(s.clone()),
            _ => other(),
        },
        FieldType::Phone => match v {
            Value::String(s) => CustomValue::Phone(s.clone()),
            _ => other(),
        },
        FieldType::Double => amount(v).map_or_else(other, CustomValue::Number),
        FieldType::Monetary => match amount(v) {
            Some(amount) => CustomValue::Money {
                amount,
                currency: companion("currency"),
            },
            None => other(),
        },
        FieldType::Enum => match id_of(v) {
            Some(id) => CustomValue::Choice(choice(field, id)),
            None => other(),
        },
        FieldType::Set => match ids_of(v) {
            Some(ids) => {
                CustomValue::Choices(ids.into_iter().map(|id| choice(field, id)).collect())
            }
            None => other(),
        },
        FieldType::Date => text(v).map_or_else(other, |s| CustomValue::Date(Date::from_wire(s))),
        FieldType::Time => {
            text(v).map_or_else(other, |s| CustomValue::Time(TimeOfDay::from_wire(s)))
        }
        FieldType::DateRange => match text(v) {
            Some(start) => CustomValue::DateRange {
                start: Date::from_wire(start),
                end: companion("until").map(Date::from_wire),
            },
            None => other(),
        },
        FieldType::TimeRange => match text(v) {
            Some(start) => CustomValue::TimeRange {
                start: TimeOfDay::from_wire(start),
                end: companion("until").map(TimeOfDay::from_wire),
            },
            None => other(),
        },
        FieldType::User => match reference(v) {
            Some((id, name)) => CustomValue::User {
                id: UserId(id),
                name,
            },
            None => other(),
        },
        FieldType::People => match reference(v) {
            Some((id, name)) => CustomValue::Person {
                id: PersonId(id),
                name,
            },
            None => other(),
        },
        FieldType::Org => match reference(v) {
            Some((id, name)) => CustomValue::Organization {
                id: OrganizationId(id),
                name,
            },
            None => other(),
        },
        FieldType::Address => match v {
            Value::String(s) => CustomValue::Address(address(obj, key, s)),
            _ => other(),
        },
        _ => best_effort(obj, key, v, companion),
    })
}

/// The reading without a definition: companions and shapes decide.
fn best_effort(
    obj: &Map<String, Value>,
    key: &str,
    v: &Value,
    companion: impl Fn(&str) -> Option<String>,
) -> CustomValue {
    let has = |suffix: &str| obj.contains_key(&format!("{key}_{suffix}"));
    match v {
        Value::Number(_) | Value::String(_) if has("currency") && amount(v).is_some() => {
            CustomValue::Money {
                amount: amount(v).unwrap_or_default(),
                currency: companion("currency"),
            }
        }
        Value::Number(_) => {
            amount(v).map_or_else(|| CustomValue::Other(v.clone()), CustomValue::Number)
        }
        Value::String(s) if has("until") && is_date(s) => CustomValue::DateRange {
            start: Date::from_wire(s.clone()),
            end: companion("until").map(Date::from_wire),
        },
        Value::String(s) if has("until") => CustomValue::TimeRange {
            start: TimeOfDay::from_wire(s.clone()),
            end: companion("until").map(TimeOfDay::from_wire),
        },
        Value::String(s) if has("formatted_address") => CustomValue::Address(address(obj, key, s)),
        Value::String(s) if is_date(s) => CustomValue::Date(Date::from_wire(s.clone())),
        Value::String(s) if is_time(s) => CustomValue::Time(TimeOfDay::from_wire(s.clone())),
        Value::String(s) => CustomValue::Text(s.clone()),
        other => CustomValue::Other(other.clone()),
    }
}

fn choice(field: Option<&Field>, id: u64) -> Choice {
    Choice {
        id,
        label: field
            .and_then(|f| f.option(id))
            .and_then(|o| o.label.clone()),
    }
}

fn address(obj: &Map<String, Value>, key: &str, value: &str) -> Address {
    let prefix = format!("{key}_");
    Address {
        value: value.to_owned(),
        parts: obj
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_owned(), v.clone())))
            .collect(),
    }
}

fn amount(v: &Value) -> Option<Amount> {
    let a: Amount = serde_json::from_value(v.clone()).ok()?;
    a.to_f64().map(|_| a)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// An id sent as `5` or `"5"`.
pub(crate) fn id_of(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Option ids sent as `"1,2"`, `[1, 2]` or a single id.
fn ids_of(v: &Value) -> Option<Vec<u64>> {
    match v {
        Value::String(s) => s.split(',').map(|p| p.trim().parse().ok()).collect(),
        Value::Array(items) => items.iter().map(id_of).collect(),
        other => id_of(other).map(|id| vec![id]),
    }
}

/// A reference sent as an id, or as an object with `id`/`value` and `name`.
fn reference(v: &Value) -> Option<(u64, Option<String>)> {
    match v {
        Value::Object(m) => {
            let id = m
                .get("value")
                .and_then(id_of)
                .or_else(|| m.get("id").and_then(id_of))?;
            let name = m.get("name").and_then(Value::as_str).map(str::to_owned);
            Some((id, name))
        }
        other => id_of(other).map(|id| (id, None)),
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 8 || b.len() == 5)
        && b.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

/// A v2 `custom_fields` entry spelled the v1 way: the value under `key`, its parts under
/// `<key>_<part>` (money's `currency`, a range's `until`, an address's parts), so that
/// one reading serves both versions.
pub(crate) fn flatten_v2(key: &str, v: &Value) -> Map<String, Value> {
    let mut flat = Map::new();
    match v {
        Value::Object(m) if m.contains_key("value") || m.contains_key("start") => {
            for (part, pv) in m {
                match part.as_str() {
                    "value" | "start" => flat.insert(key.to_owned(), pv.clone()),
                    "end" => flat.insert(format!("{key}_until"), pv.clone()),
                    _ => flat.insert(format!("{key}_{part}"), pv.clone()),
                };
            }
        }
        other => {
            flat.insert(key.to_owned(), other.clone());
        }
    }
    flat
}

/// The custom field `key` of a v2 `custom_fields` object.
pub(crate) fn read_v2(
    obj: &Map<String, Value>,
    key: &str,
    field: Option<&Field>,
) -> Option<CustomValue> {
    read(&flatten_v2(key, obj.get(key)?), key, field)
}

impl CustomValue {
    /// Best-effort reading of the custom field `key` of a v2 `custom_fields` object,
    /// without its definition: `{value, currency}` is money, `{start, until}` a range,
    /// a list of ids a set of options; otherwise as [`from_object`](Self::from_object).
    pub fn from_v2_object(obj: &Map<String, Value>, key: &str) -> Option<Self> {
        read_v2(obj, key, None)
    }

    /// Best-effort reading of the custom field `key` of a JSON object (a model's
    /// `extra`), without its definition: a number with a `_currency` companion is money,
    /// a value with an `_until` companion a range, `YYYY-MM-DD` a date, `HH:MM:SS` a
    /// time, other text is text, and an option id reads as a number. `None` when the
    /// key is absent, `null` or `""`. Read through a
    /// [`FieldRegistry`](crate::FieldRegistry) for the exact reading.
    pub fn from_object(obj: &Map<String, Value>, key: &str) -> Option<Self> {
        read(obj, key, None)
    }

    /// The custom field `field` of a JSON object, read as its definition says (options
    /// get their labels). `None` when absent, `null` or `""`.
    pub fn from_field(obj: &Map<String, Value>, field: &Field) -> Option<Self> {
        read(obj, field.key.as_deref()?, Some(field))
    }

    /// A value as a binding hands it over, in JSON: text is text, a number a number,
    /// a list of texts option labels, a list of integers option ids, an object with
    /// `amount` (or `value`) and `currency` money. Anything else is kept as it is and
    /// sent unchanged.
    pub fn from_json(value: Value) -> Self {
        match value {
            Value::String(s) => CustomValue::Text(s),
            Value::Number(n) => CustomValue::Number(Amount::from(n)),
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
                CustomValue::Labels(items.iter().filter_map(text).collect())
            }
            Value::Array(items) if items.iter().all(|i| i.as_u64().is_some()) => {
                CustomValue::Choices(
                    items
                        .iter()
                        .filter_map(Value::as_u64)
                        .map(|id| Choice { id, label: None })
                        .collect(),
                )
            }
            Value::Object(m) => {
                // Given by a caller: decimal text (a Python `Decimal`) is a number.
                let amount_of = m
                    .get("amount")
                    .or_else(|| m.get("value"))
                    .and_then(|v| Amount::from_value(v.clone()).ok());
                match (amount_of, m.get("currency").and_then(Value::as_str)) {
                    (Some(amount), Some(c)) if m.len() == 2 => CustomValue::Money {
                        amount,
                        currency: Some(c.to_owned()),
                    },
                    _ => CustomValue::Other(Value::Object(m)),
                }
            }
            other => CustomValue::Other(other),
        }
    }
}
