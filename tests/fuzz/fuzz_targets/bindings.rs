//! The JSON -> Python / uniffi value conversion, driven through its Rust-level entry
//! point (`pipedrive_types::json::expand`): what a binding does with the text of a
//! response's `data` when every field of every record is read. Any input must give
//! `Ok` or an error (never a crash, however deep), and the verdict must agree with
//! serde_json under the one nesting limit every decoder shares.
#![no_main]

use pipedrive_types::json::{MAX_DEPTH, expand};
use serde_json::Value;

/// Levels of arrays and objects in valid JSON `text` (a scalar is 0), counted on the
/// text: a key sent twice keeps only its last value in a `serde_json::Value`, but a
/// binding may read either occurrence, so every occurrence counts.
fn depth(text: &str) -> usize {
    let (mut level, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                level += 1;
                deepest = deepest.max(level);
            }
            b']' | b'}' => level = level.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    // `data` sits one level inside the envelope.
    let converted = expand(text, 1);
    match serde_json::from_str::<Value>(text) {
        Ok(_) => {
            let levels = depth(text);
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
