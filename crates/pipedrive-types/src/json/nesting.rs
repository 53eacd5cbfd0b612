//! One nesting limit for every decoder, and the JSON walk the language bindings share.
//!
//! serde_json refuses documents nested 128 levels deep while it parses into a value or a
//! model, but capturing a value as raw text (`RawValue`, `IgnoredAny`) skips it without
//! any limit. The bindings keep response objects as text and convert them to Python or
//! Kotlin values later, one level at a time; a server answer of 20,000 nested arrays
//! used to recurse once per level there (and re-scan the rest of the text each time)
//! until the stack overflowed. Everything that converts JSON text therefore checks the
//! text with [`check_depth`] against [`MAX_DEPTH`] first, which fails in one linear scan
//! without recursing, and then recurses at most `MAX_DEPTH` levels.
use serde::de::Error as _;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// The nesting limit shared by every decoder, equal to serde_json's own: a document may
/// open at most `MAX_DEPTH - 1` arrays or objects inside each other (the 128th level is
/// refused, as serde_json refuses it).
pub const MAX_DEPTH: usize = 128;

/// The error for a document nested too deeply; `offset` is the byte where the limit is
/// crossed, `base` the levels that enclose the text.
fn too_deep(offset: usize, base: usize) -> serde_json::Error {
    serde_json::Error::custom(format!(
        "JSON nested more than {} levels deep (at byte {offset}{})",
        MAX_DEPTH - 1,
        if base > 0 {
            format!(" of a value {base} levels down")
        } else {
            String::new()
        }
    ))
}

/// Checks that `text`, found `base` levels down in a document (0 for a whole document),
/// nests no deeper than [`MAX_DEPTH`] allows, counting from the document's root.
///
/// One pass over the bytes, no recursion and no allocation, so it is cheap to run
/// before a recursive conversion. It looks only at brackets outside strings: `text`
/// that is not valid JSON is left to the parser that follows.
///
/// ```
/// use pipedrive_types::json::{MAX_DEPTH, check_depth};
/// let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
/// assert!(check_depth(&ok, 0).is_ok());
/// assert!(check_depth(&ok, 1).is_err());
/// let deep = "[".repeat(20_000) + &"]".repeat(20_000);
/// assert!(check_depth(&deep, 0).is_err());
/// ```
pub fn check_depth(text: &str, base: usize) -> serde_json::Result<()> {
    if base >= MAX_DEPTH {
        return Err(too_deep(0, base));
    }
    let room = MAX_DEPTH - base;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth >= room {
                    return Err(too_deep(i, base));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Checks that an array or object may open `depth` levels down in its document: what a
/// lazy conversion checks before it keeps an object whole (its own text is checked when
/// it is read), so that reading field after field cannot go deeper than a parser would.
pub fn check_level(depth: usize) -> serde_json::Result<()> {
    if depth + 1 >= MAX_DEPTH {
        Err(too_deep(0, depth))
    } else {
        Ok(())
    }
}

/// A JSON value as the bindings convert it: objects stay text (they become lazy records
/// that parse a field when it is read), arrays are split into their elements, scalars
/// stay text for the binding to turn into its own number, string or boolean.
#[derive(Debug)]
pub enum Node<'a> {
    /// `null`, a boolean, a number or a string.
    Scalar(&'a RawValue),
    /// An object, kept whole.
    Object {
        /// The object's text.
        raw: &'a RawValue,
        /// The levels that enclose the object; its fields are one level further down.
        depth: usize,
    },
    /// An array's elements, in order.
    Array(Vec<Node<'a>>),
}

/// The first non-whitespace byte of a JSON text (`n` for none, read as `null`).
fn lead(text: &str) -> u8 {
    text.bytes()
        .find(|b| !b.is_ascii_whitespace())
        .unwrap_or(b'n')
}

/// Splits the JSON `text`, found `base` levels down in its document, the way a binding
/// converts it: objects kept whole, arrays split element by element.
///
/// The depth is checked first ([`check_depth`]), so a document nested too deeply fails
/// in linear time, before any recursion; otherwise the recursion is at most
/// [`MAX_DEPTH`] levels and each level re-reads only its own array.
pub fn split(text: &str, base: usize) -> serde_json::Result<Node<'_>> {
    check_depth(text, base)?;
    let raw: &RawValue = serde_json::from_str(text)?;
    node(raw, base)
}

fn node(raw: &RawValue, depth: usize) -> serde_json::Result<Node<'_>> {
    match lead(raw.get()) {
        b'{' => {
            check_level(depth)?;
            Ok(Node::Object { raw, depth })
        }
        b'[' => {
            // Already checked by `split`; kept so that this function is safe by itself.
            check_level(depth)?;
            let items: Vec<&RawValue> = serde_json::from_str(raw.get())?;
            items
                .into_iter()
                .map(|item| node(item, depth + 1))
                .collect::<serde_json::Result<_>>()
                .map(Node::Array)
        }
        _ => Ok(Node::Scalar(raw)),
    }
}

/// Everything a binding does with the JSON `text` of a response's `data` when its user
/// reads every field of every record, without building any binding value: the entry
/// point for fuzzing the JSON → Python / uniffi value conversion without an interpreter.
///
/// Per value: [`split`] it (as `raw_to_py` in the Python binding does); per object: find
/// each top-level field as text (attribute and `[]` reads), split each field's value at
/// the object's depth + 1 (what a field read converts), and parse the whole object into
/// a `serde_json::Value` (what `to_dict()` and the uniffi models do). The walk keeps its
/// own stack instead of recursing, so no input can exhaust the thread's stack; any input
/// gives `Ok` or a `serde_json::Error`, in time linear in the input times [`MAX_DEPTH`].
/// `base` is the levels enclosing `text` (1 for the `data` of a response envelope).
///
/// ```
/// use pipedrive_types::json::expand;
/// assert!(expand(r#"{"id":1,"tags":[["a"]],"org":{"name":"x"}}"#, 1).is_ok());
/// let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
/// assert!(expand(&deep, 1).is_err());
/// ```
pub fn expand(text: &str, base: usize) -> serde_json::Result<()> {
    let mut objects: Vec<(&RawValue, usize)> = Vec::new();
    collect(split(text, base)?, &mut objects)?;
    while let Some((raw, depth)) = objects.pop() {
        check_depth(raw.get(), depth)?;
        let _whole: Value = serde_json::from_str(raw.get())?;
        let fields: HashMap<String, &RawValue> = serde_json::from_str(raw.get())?;
        for value in fields.into_values() {
            collect(split(value.get(), depth + 1)?, &mut objects)?;
        }
    }
    Ok(())
}

/// Queues the objects of `node` and converts its scalars, as reading them does: a
/// scalar the raw capture let through (a number out of range, `1e400`) fails here,
/// as it fails when a binding turns it into a value.
fn collect<'a>(node: Node<'a>, objects: &mut Vec<(&'a RawValue, usize)>) -> serde_json::Result<()> {
    let mut pending = vec![node];
    while let Some(n) = pending.pop() {
        match n {
            Node::Scalar(raw) => {
                let _value: Value = serde_json::from_str(raw.get())?;
            }
            Node::Object { raw, depth } => objects.push((raw, depth)),
            Node::Array(items) => pending.extend(items),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    /// The limit is serde_json's own, to the level: what it parses passes the check, what
    /// it refuses fails it.
    #[test]
    fn the_limit_agrees_with_serde_json() {
        for levels in [1, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
            let text = nested(levels);
            let serde_ok = serde_json::from_str::<Value>(&text).is_ok();
            assert_eq!(check_depth(&text, 0).is_ok(), serde_ok, "{levels} levels");
            assert_eq!(split(&text, 0).is_ok(), serde_ok, "{levels} levels");
        }
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH - 1)).is_ok());
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH)).is_err());
    }

    /// Found by the `bindings` fuzz target: the raw capture does not range-check numbers,
    /// so a scalar out of range passed `expand` though reading it fails.
    #[test]
    fn a_number_out_of_range_fails_like_reading_it() {
        for text in ["4446972548e44444", "[1e400]", r#"{"a":[-1e999]}"#] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(expand(text, 1).is_err(), "{text}");
        }
        assert!(expand("[1e300, 2]", 1).is_ok());
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!(r#"["{}\"{}"]"#, "[".repeat(500), "{".repeat(500));
        assert!(check_depth(&text, 0).is_ok());
        assert!(split(&text, 0).is_ok());
    }

    #[test]
    fn the_base_counts_toward_the_limit() {
        let text = nested(MAX_DEPTH - 2);
        assert!(check_depth(&text, 1).is_ok());
        assert!(check_depth(&text, 2).is_err());
        assert!(check_depth("1", MAX_DEPTH).is_err());
    }

    #[test]
    fn split_keeps_objects_whole_and_splits_arrays() {
        let text = r#"[{"a":[1]}, [2, "x"], null]"#;
        let Node::Array(items) = split(text, 1).unwrap() else {
            panic!("an array")
        };
        assert_eq!(items.len(), 3);
        match &items[0] {
            Node::Object { raw, depth } => {
                assert_eq!(raw.get(), r#"{"a":[1]}"#);
                assert_eq!(*depth, 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[1], Node::Array(inner) if inner.len() == 2));
        assert!(matches!(&items[2], Node::Scalar(s) if s.get() == "null"));
    }

    /// The reproduction of the crash, and the same depth reached through objects, which
    /// a lazy record reaches one field read at a time.
    #[test]
    fn deep_documents_fail_without_exhausting_the_stack() {
        let arrays = format!(r#"{{"success":true,"data":{}}}"#, nested(20_000));
        assert!(split(&arrays, 0).is_err());
        assert!(expand(&arrays, 0).is_err());
        let objects = format!("{}1{}", r#"{"a":"#.repeat(20_000), "}".repeat(20_000));
        assert!(split(&objects, 0).is_err());
        assert!(expand(&objects, 0).is_err());
        // Each object alone is shallow; the limit counts from the document's root.
        let (mut text, mut depth) = (objects.as_str(), 0);
        let mut failed = false;
        for _ in 0..MAX_DEPTH + 1 {
            let inner = &text[5..text.len() - 1];
            match split(inner, depth + 1) {
                Ok(_) => {
                    text = inner;
                    depth += 1;
                }
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        assert!(failed, "reading field after field reached depth {depth}");
    }

    #[test]
    fn expand_accepts_ordinary_responses_and_rejects_malformed_ones() {
        assert!(expand(r#"[{"id":1,"org_id":{"value":2,"name":"x"},"tags":[]}]"#, 1).is_ok());
        assert!(expand(r#"{"id":1,"#, 1).is_err());
        assert!(expand("", 1).is_err());
    }
}
