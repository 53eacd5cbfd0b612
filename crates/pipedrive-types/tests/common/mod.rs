//! Helpers shared by the integration tests.
#![allow(dead_code)]
pub mod strategies;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::PathBuf;

/// Directory of the v1 response fixtures.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/v1")
}

/// Reads a fixture's text.
pub fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes `text` as `T`, re-encodes it and checks nothing was lost: the result equals
/// the input as a JSON value, nulls included (only key order may differ).
pub fn round_trip_text<T: DeserializeOwned + Serialize>(label: &str, text: &str) -> T {
    let typed: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{label}: decode: {e}"));
    let original: Value = serde_json::from_str(text).unwrap();
    let encoded = serde_json::to_value(&typed).unwrap();
    assert_eq!(encoded, original, "{label}: round trip lost data");
    // Encoding is stable: decoding our own output gives the same JSON again.
    let again: T = serde_json::from_value(serde_json::to_value(&typed).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        serde_json::to_value(&typed).unwrap()
    );
    typed
}

/// [`round_trip_text`] on a fixture file.
pub fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    round_trip_text(name, &fixture(name))
}

/// A custom field's definition as a fields endpoint sends it: `key`, called `name`, of
/// type `kind`, with `options`.
pub fn field(key: &str, name: &str, kind: &str, options: Value) -> pipedrive_types::Field {
    serde_json::from_value(
        serde_json::json!({"key": key, "name": name, "field_type": kind, "options": options}),
    )
    .unwrap()
}
