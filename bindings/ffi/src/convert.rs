//! Conversions the generated parameter code shares.
use crate::error::PipedriveError;
use crate::json::JsonValue;
use pipedrive::types::{Number, Visibility, VisibilityLevel};
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

/// A lenient number as a result record's `Double`. What a Double cannot say is not
/// dropped: text that is not a number (a multi-label `"1,2"`, an empty `""`) and integers
/// beyond 2^53 are put in `spill` as received, under the field's JSON key, and reach the
/// record's `extra` (the field itself reads `null` for text, the nearest Double for a
/// large integer).
pub fn number(n: Option<Number>, key: &str, spill: &mut Map<String, Value>) -> Option<f64> {
    let n = n?;
    let f = n.as_f64();
    // 2^53 is the last integer every Double holds exactly; a decimal is read as the
    // nearest Double, as a float would be.
    let exact = f.is_some()
        && n.as_i64()
            .map_or(n.as_u64().is_none(), |i| i.unsigned_abs() <= 1 << 53);
    if !exact {
        let raw = match n {
            Number::Json(j) => Value::Number(j),
            Number::Text(t) => Value::String(t),
        };
        spill.insert(key.to_owned(), raw);
    }
    f
}

/// A record's `extra`: the model's unknown keys plus the numbers [`number`] set aside.
pub fn extra_out(mut extra: Map<String, Value>, spill: Map<String, Value>) -> JsonValue {
    extra.extend(spill);
    JsonValue::of(&extra)
}
