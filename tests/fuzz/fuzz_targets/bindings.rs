//! The JSON -> Python / uniffi value conversion, driven through its Rust-level entry
//! point (`pipedrive_types::json::expand`): what a binding does with the text of a
//! response's `data` when every field of every record is read. Any input must give
//! `Ok` or an error (never a crash, however deep), and the verdict must agree with
//! serde_json under the one nesting limit every decoder shares.
#![no_main]

use pipedrive_types::json::{MAX_DEPTH, expand};
use serde_json::Value;

/// Levels of arrays and objects in `v` (a scalar is 0). `v` came from serde_json,
/// which already refused anything 128 levels deep, so this recursion is bounded.
fn depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    // `data` sits one level inside the envelope.
    let converted = expand(text, 1);
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let levels = depth(&value);
            // Room below the envelope: MAX_DEPTH - 1 levels in all, one taken by it.
            if levels < MAX_DEPTH - 1 {
                assert!(converted.is_ok(), "{levels} levels refused: {converted:?}");
            } else {
                assert!(converted.is_err(), "{levels} levels accepted");
            }
        }
        Err(_) => assert!(converted.is_err(), "invalid JSON accepted"),
    }
});
