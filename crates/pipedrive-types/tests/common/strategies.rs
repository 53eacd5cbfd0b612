//! proptest strategies producing JSON in every form Pipedrive uses.
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Any string, including escapes and non-ASCII text.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.,:-]{0,12}",
        any::<String>(),
        Just(String::new()),
    ]
}

/// A finite float.
pub fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |f| f.is_finite())
}

/// A JSON scalar: null, bool, integer, float or string.
pub fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

/// A JSON scalar or a short array of scalars (the shapes custom field values take).
pub fn custom_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => scalar(),
        1 => prop::collection::vec(scalar(), 0..4).prop_map(Value::from),
        1 => prop::collection::btree_map("[a-z_]{1,8}", scalar(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

/// A 40-hex-char custom field key, sometimes with a companion suffix.
pub fn custom_key() -> impl Strategy<Value = String> {
    (
        "[0-9a-f]{40}",
        prop::option::of(prop::sample::select(vec![
            "currency",
            "until",
            "formatted_address",
        ])),
    )
        .prop_map(|(hash, suffix)| match suffix {
            Some(s) => format!("{hash}_{s}"),
            None => hash,
        })
}

/// Custom fields: 40-hex keys with arbitrary values.
pub fn custom_fields() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec((custom_key(), custom_value()), 0..6)
}

/// A flag in one of its four wire forms.
pub fn flag_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        (0u8..=1).prop_map(Value::from),
        prop::sample::select(vec!["1", "0", "true", "false"]).prop_map(Value::from),
    ]
}

/// A number as an integer, a float or a string (numeric or not).
pub fn number_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        any::<u32>().prop_map(|n| Value::from(n.to_string())),
        finite_f64().prop_map(|f| Value::from(f.to_string())),
        text().prop_map(Value::from),
    ]
}

/// A visibility as a number or a string, known or not.
pub fn visibility_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![1u64, 3, 5, 7]).prop_map(Value::from),
        prop::sample::select(vec!["1", "3", "5", "7"]).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

/// An id: an unsigned integer, sometimes sent as text (`"12"`), which must decode and be
/// written back as text.
pub fn id_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => any::<u64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(|n| Value::from(n.to_string())),
    ]
}

/// A count or other integer field: a number or a string (numeric or not).
pub fn count_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => any::<u32>().prop_map(Value::from),
        1 => any::<u32>().prop_map(|n| Value::from(n.to_string())),
        1 => text().prop_map(Value::from),
    ]
}

/// `Some(field)` maybe, possibly `null`.
pub fn maybe(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        3 => value.prop_map(Some),
        1 => Just(Some(Value::Null)),
        2 => Just(None),
    ]
}

/// An expanded user ref object (`{"id":..,"name":..,"value":..}`) with optional parts and
/// unknown keys.
pub fn user_ref_object() -> impl Strategy<Value = Value> {
    (
        maybe(id_json()),
        maybe(text().prop_map(Value::from)),
        maybe(text().prop_map(Value::from)),
        maybe(flag_json()),
        maybe(flag_json()),
        maybe(id_json()),
        prop::collection::vec(("x_[a-z]{1,6}", custom_value()), 0..2),
    )
        .prop_map(|(id, name, email, has_pic, active, value, unknown)| {
            let mut m = Map::new();
            for (k, v) in [
                ("id", id),
                ("name", name),
                ("email", email),
                ("has_pic", has_pic),
                ("active_flag", active),
                ("value", value),
            ] {
                if let Some(v) = v {
                    m.insert(k.to_owned(), v);
                }
            }
            m.extend(unknown);
            Value::Object(m)
        })
}

/// A reference in either form: a bare id or an expanded object.
pub fn user_ref_json() -> impl Strategy<Value = Value> {
    prop_oneof![id_json(), user_ref_object()]
}

/// A status known to [`pipedrive_types::DealStatus`] or any other string.
pub fn status_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec!["open", "won", "lost", "deleted"]).prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

/// A float with a short decimal form (money-like). Since the workspace enables
/// serde_json's `float_roundtrip`, arbitrary floats also read back bit-exactly; these
/// remain for tests that want realistic amounts.
pub fn money_f64() -> impl Strategy<Value = f64> {
    (-1_000_000_000i64..1_000_000_000, 0u32..4).prop_map(|(m, e)| m as f64 / 10f64.powi(e as i32))
}

/// Whether a JSON value contains a float anywhere.
pub fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(m) => m.values().any(has_float),
        _ => false,
    }
}
