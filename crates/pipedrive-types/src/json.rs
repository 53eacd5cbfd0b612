//! JSON helpers behind the round-trip guarantee.
use serde_json::Value;

mod nesting;
pub use nesting::{MAX_DEPTH, Node, check_depth, check_level, expand, split};

/// Names a binding's record object (Python's `Record`) keeps for its own methods: a
/// field with one of these names is read by key (`deal["keys"]`), not as an attribute.
/// The Python binding and the generated stubs both read this list.
pub const RECORD_METHODS: &[&str] = &["custom_field", "get", "keys", "to_dict", "to_json"];

/// Removes every object entry whose value is `null`, recursively (array elements that
/// are `null` stay: their position matters).
///
/// Models now write back the nulls they received (`encode(decode(x)) == x` exactly), so
/// this is no longer needed for round trips; it remains for comparing JSON where
/// `null` and absent mean the same.
///
/// ```
/// use serde_json::json;
/// let v = pipedrive_types::json::strip_nulls(json!({"a": null, "b": [null, {"c": null}]}));
/// assert_eq!(v, json!({"b": [null, {}]}));
/// ```
pub fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}
