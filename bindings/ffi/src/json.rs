//! Free-form JSON crossing the boundary as a value the app can read without a JSON
//! library: custom fields in `extra`, maps keyed by id, shapes without a model.
use crate::error::PipedriveError;
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// A JSON value, as Kotlin (`Json.Text`, `Json.Object`, ...) and Swift (`.text`,
/// `.object`, ...) see it. Numbers keep the digits the server sent, as text: read them
/// with `long`/`decimal` (Kotlin) or parse the text. An object's keys arrive unordered,
/// as JSON allows.
///
/// `parseJson(text)` builds one from JSON text and `jsonText(value)` writes it back.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool {
        /// The value.
        value: bool,
    },
    /// A number, exactly as written in JSON (`12`, `-0.5`, `1e3`). One that is not valid
    /// JSON number text is `InvalidInput` when passed in.
    Number {
        /// The number's JSON text.
        value: String,
    },
    /// A string.
    Text {
        /// The text.
        value: String,
    },
    /// An array.
    Array {
        /// The elements, in order.
        items: Vec<Json>,
    },
    /// An object.
    Object {
        /// The members by key.
        entries: HashMap<String, Json>,
    },
}

impl From<Value> for Json {
    fn from(v: Value) -> Self {
        match v {
            Value::Null => Json::Null,
            Value::Bool(value) => Json::Bool { value },
            Value::Number(n) => Json::Number {
                value: n.to_string(),
            },
            Value::String(value) => Json::Text { value },
            Value::Array(items) => Json::Array {
                items: items.into_iter().map(Json::from).collect(),
            },
            Value::Object(m) => Json::Object {
                entries: m.into_iter().map(|(k, v)| (k, Json::from(v))).collect(),
            },
        }
    }
}

impl TryFrom<Json> for Value {
    type Error = PipedriveError;

    /// `InvalidInput` for a `Number` whose text is not a JSON number.
    fn try_from(j: Json) -> Result<Value, PipedriveError> {
        Ok(match j {
            Json::Null => Value::Null,
            Json::Bool { value } => Value::Bool(value),
            Json::Number { value } => {
                Value::Number(value.trim().parse::<Number>().map_err(|_| {
                    PipedriveError::invalid_input(format!("{value:?} is not a JSON number"))
                })?)
            }
            Json::Text { value } => Value::String(value),
            Json::Array { items } => Value::Array(
                items
                    .into_iter()
                    .map(Value::try_from)
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object { entries } => {
                // Sorted, so that what is sent does not depend on hash order.
                let mut entries: Vec<(String, Json)> = entries.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| Ok((k, Value::try_from(v)?)))
                        .collect::<Result<Map<_, _>, PipedriveError>>()?,
                )
            }
        })
    }
}

/// A JSON value inside the library; [`Json`] on the other side of the boundary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonValue(pub Value);

uniffi::custom_type!(JsonValue, Json, {
    lower: |j| Json::from(j.0),
    try_lift: |j| Ok(JsonValue(Value::try_from(j)?)),
});

impl JsonValue {
    /// The JSON of any serializable value (`null` if it cannot be written, which no value
    /// read from a response can cause).
    pub fn of<T: Serialize + ?Sized>(v: &T) -> Self {
        JsonValue(serde_json::to_value(v).unwrap_or(Value::Null))
    }

    /// `{}`.
    pub fn empty_object() -> Self {
        JsonValue(Value::Object(Map::new()))
    }

    /// The value as a JSON object (`null` reads as an empty one); anything else is
    /// `InvalidInput`.
    pub fn into_object(self) -> Result<Map<String, Value>, PipedriveError> {
        match self.0 {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(Map::new()),
            other => Err(PipedriveError::invalid_input(format!(
                "expected a JSON object, got {}",
                kind(&other)
            ))),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads JSON text into a [`Json`] value; text that is not JSON is `InvalidInput`.
#[uniffi::export]
pub fn parse_json(text: String) -> Result<Json, PipedriveError> {
    serde_json::from_str::<Value>(&text)
        .map(Json::from)
        .map_err(|e| PipedriveError::invalid_input(format!("not valid JSON: {e}")))
}

/// Writes a [`Json`] value as compact JSON text (object keys sorted); a `Number` whose
/// text is not a JSON number is `InvalidInput`.
#[uniffi::export]
pub fn json_text(value: Json) -> Result<String, PipedriveError> {
    Ok(Value::try_from(value)?.to_string())
}
