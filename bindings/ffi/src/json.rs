//! JSON values crossing the boundary as text.
use crate::error::PipedriveError;
use serde::Serialize;
use serde_json::{Map, Value};

/// A JSON document as text: custom fields, maps keyed by id, raw shapes without a model.
///
/// Kotlin and Swift see it as a `String` (a type alias named `JsonValue`); parse it with
/// the platform's JSON library. Text passed in is checked when a call uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonValue(pub String);

uniffi::custom_type!(JsonValue, String, {
    lower: |j| j.0,
    try_lift: |s| Ok(JsonValue(s)),
});

impl Default for JsonValue {
    /// JSON `null`.
    fn default() -> Self {
        JsonValue("null".to_owned())
    }
}

impl JsonValue {
    /// The JSON text of any serializable value (`null` if it cannot be written, which
    /// no value read from a response can cause).
    pub fn of<T: Serialize + ?Sized>(v: &T) -> Self {
        JsonValue(serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned()))
    }

    /// `{}`.
    pub fn empty_object() -> Self {
        JsonValue("{}".to_owned())
    }

    /// Parses the text; invalid JSON is an [`PipedriveError::InvalidInput`].
    pub fn into_value(self) -> Result<Value, PipedriveError> {
        serde_json::from_str(&self.0)
            .map_err(|e| PipedriveError::invalid_input(format!("not valid JSON: {e}")))
    }

    /// Parses the text as a JSON object (`null` reads as an empty one).
    pub fn into_object(self) -> Result<Map<String, Value>, PipedriveError> {
        match self.into_value()? {
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
