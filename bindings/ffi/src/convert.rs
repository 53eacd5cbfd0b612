//! Conversions the generated parameter code shares.
use crate::error::PipedriveError;
use crate::json::JsonValue;
use pipedrive::types::{Visibility, VisibilityLevel};
use serde_json::{Map, Value};

/// A visibility code as the API writes it (`"1"`, `"3"`, `"5"`, `"7"`); other codes are
/// passed through as given.
pub fn visibility(code: String) -> Visibility {
    Visibility::from(VisibilityLevel::from(code))
}

/// The free-form `extra` body fields: absent means none; otherwise a JSON object.
pub fn extra(extra: Option<JsonValue>) -> Result<Map<String, Value>, PipedriveError> {
    match extra {
        Some(j) => j.into_object(),
        None => Ok(Map::new()),
    }
}
