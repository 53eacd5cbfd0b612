//! A value given for a custom field, made to fit the field's type before it is sent:
//! the one place where text or a number given by a binding (or in Rust) becomes an
//! amount, a date or a time, by the same rules as every other parameter
//! (`Amount`'s `FromArg`, `Date`'s and `TimeOfDay`'s `FromStr`).
use super::value::CustomValue;
use crate::args::{ArgError, FromArg};
use crate::lenient::Amount;
use crate::models::FieldType;
use serde_json::Value;

/// `value` for a field of type `kind` named `name`: amounts, dates and times given as
/// text are read (and refused with an error naming the field when they do not parse);
/// anything else is left as given.
pub(crate) fn fit(
    kind: Option<&FieldType>,
    name: &str,
    value: CustomValue,
) -> Result<CustomValue, ArgError> {
    let Some(kind) = kind else {
        return Ok(value);
    };
    Ok(match (kind, value) {
        (FieldType::Double, CustomValue::Text(s)) => CustomValue::Number(amount(name, s)?),
        (FieldType::Double, CustomValue::Number(a)) => CustomValue::Number(exact(name, a)?),
        (FieldType::Monetary, CustomValue::Text(s)) => CustomValue::Money {
            amount: amount(name, s)?,
            currency: None,
        },
        (FieldType::Monetary, CustomValue::Number(a)) => CustomValue::Money {
            amount: exact(name, a)?,
            currency: None,
        },
        (FieldType::Monetary | FieldType::Double, CustomValue::Money { amount, currency }) => {
            CustomValue::Money {
                amount: exact(name, amount)?,
                currency,
            }
        }
        (FieldType::Date, CustomValue::Text(s)) => CustomValue::Date(parse(name, &s)?),
        (FieldType::DateRange, CustomValue::Text(s)) => CustomValue::DateRange {
            start: parse(name, &s)?,
            end: None,
        },
        (FieldType::DateRange, CustomValue::Date(start)) => {
            CustomValue::DateRange { start, end: None }
        }
        (FieldType::DateRange, CustomValue::Labels(ls)) if ls.len() == 2 => {
            CustomValue::DateRange {
                start: parse(name, &ls[0])?,
                end: Some(parse(name, &ls[1])?),
            }
        }
        (FieldType::Time, CustomValue::Text(s)) => CustomValue::Time(parse(name, &s)?),
        (FieldType::TimeRange, CustomValue::Text(s)) => CustomValue::TimeRange {
            start: parse(name, &s)?,
            end: None,
        },
        (FieldType::TimeRange, CustomValue::Time(start)) => {
            CustomValue::TimeRange { start, end: None }
        }
        (FieldType::TimeRange, CustomValue::Labels(ls)) if ls.len() == 2 => {
            CustomValue::TimeRange {
                start: parse(name, &ls[0])?,
                end: Some(parse(name, &ls[1])?),
            }
        }
        (_, other) => other,
    })
}

/// Text given for an amount, read by `Amount`'s parameter rule.
fn amount(name: &str, text: String) -> Result<Amount, ArgError> {
    Amount::from_value(Value::String(text)).map_err(|m| ArgError::new(name, m))
}

/// An amount as a number: one that holds text is read as decimal text.
fn exact(name: &str, a: Amount) -> Result<Amount, ArgError> {
    if a.is_text() {
        amount(name, a.as_str().to_owned())
    } else {
        Ok(a)
    }
}

/// A date or time given as text, read by its parameter rule.
fn parse<T: std::str::FromStr<Err = String>>(name: &str, text: &str) -> Result<T, ArgError> {
    text.parse()
        .map_err(|m: String| ArgError::new(name, format!("{m}, got {text:?}")))
}
