//! Shared code of the fuzz targets: input formats, the round-trip check, the table of
//! every model, and the switch that sets how strict the round-trip check is.
//!
//! A target in `fuzz_targets/` stays a few lines that call into here, so adding one is a
//! file plus its line in `Cargo.toml`.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;
use std::sync::OnceLock;

mod model_table;

pub use model_table::round_trip_every_model;

/// How much a decode → encode round trip must preserve. Chosen at run time with the
/// environment variable `PIPEDRIVE_FUZZ_ROUNDTRIP` (`stable`, `modulo-nulls`, `exact`) so
/// `just fuzz` can tighten it without a code change; [`Strength::DEFAULT`] otherwise.
///
/// Every level also requires that a decoded value encodes, and that its encoding decodes
/// again to an equal value: `decode(encode(decode(x))) == decode(x)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// Only `decode(encode(decode(x))) == decode(x)`.
    Stable,
    /// Also `encode(decode(x)) == x` as JSON values once object entries holding `null`
    /// are removed on both sides (the guarantee before explicit nulls were kept).
    ModuloNulls,
    /// Also `encode(decode(x)) == x` as JSON values, nulls included (key order aside):
    /// the README's guarantee.
    Exact,
}

impl Strength {
    /// The level used when the environment does not say: what the README promises.
    pub const DEFAULT: Strength = Strength::Exact;

    /// The level of this run (read once).
    pub fn current() -> Strength {
        static LEVEL: OnceLock<Strength> = OnceLock::new();
        *LEVEL.get_or_init(
            || match std::env::var("PIPEDRIVE_FUZZ_ROUNDTRIP").as_deref() {
                Ok("stable") => Strength::Stable,
                Ok("modulo-nulls") => Strength::ModuloNulls,
                Ok("exact") => Strength::Exact,
                Ok(other) => panic!(
                    "PIPEDRIVE_FUZZ_ROUNDTRIP={other:?}: expected stable, modulo-nulls or exact"
                ),
                Err(_) => Strength::DEFAULT,
            },
        )
    }
}

/// Decodes `input` as `T`; when that works, checks the round trip at [`Strength::current`].
/// `original` is `input` parsed as a plain JSON value. Panics (a fuzz finding) on a
/// broken round trip, with the type's name and both sides in the message.
pub fn round_trip<T>(name: &str, input: &[u8], original: &Value)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    if skipped(name) {
        return;
    }
    let Ok(first) = serde_json::from_slice::<T>(input) else {
        return;
    };
    let bytes = match serde_json::to_vec(&first) {
        Ok(b) => b,
        Err(e) => panic!("{name}: a decoded value does not encode: {e}\n{first:?}"),
    };
    let second = match serde_json::from_slice::<T>(&bytes) {
        Ok(v) => v,
        Err(e) => panic!(
            "{name}: its own encoding does not decode: {e}\nencoded: {}",
            String::from_utf8_lossy(&bytes)
        ),
    };
    let encoded: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => panic!("{name}: its encoding is not JSON: {e}"),
    };
    assert!(
        first == second,
        "{name}: decode(encode(decode(x))) != decode(x)\nfirst:  {first:?}\nsecond: {second:?}"
    );
    let strength = Strength::current();
    if strength == Strength::Stable {
        return;
    }
    let (left, right) = if strength == Strength::Exact {
        (encoded, original.clone())
    } else {
        (
            pipedrive_types::json::strip_nulls(encoded),
            pipedrive_types::json::strip_nulls(original.clone()),
        )
    };
    assert!(
        same_json(&left, &right),
        "{name}: encode(decode(x)) != x ({strength:?})\ninput:   {original}\nencoded: {left}"
    );
}

/// JSON equality (key order aside) with the one exception the README states: an id that
/// arrived as numeric text may come back as the number when it was not a model's own
/// field (an element of an id list, or an id decoded on its own). Inside a model a text
/// id keeps its text; `crates/pipedrive-types/tests/issue12_decoding.rs` checks that.
fn same_json(encoded: &Value, original: &Value) -> bool {
    match (encoded, original) {
        (Value::Number(n), Value::String(text)) => {
            n.as_u64().is_some_and(|id| id.to_string() == *text)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => encoded == original,
    }
}

/// Types named in `PIPEDRIVE_FUZZ_SKIP` (comma-separated, as in the table: `Deal`,
/// `Envelope<Value>`) are not checked: for fuzzing the rest while a known finding
/// in one type waits for its fix. Empty by default.
fn skipped(name: &str) -> bool {
    static SKIP: OnceLock<Vec<String>> = OnceLock::new();
    let skip = SKIP.get_or_init(|| {
        std::env::var("PIPEDRIVE_FUZZ_SKIP")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.replace(' ', ""))
            .filter(|s| !s.is_empty())
            .collect()
    });
    !skip.is_empty() && skip.iter().any(|s| *s == name.replace(' ', ""))
}

/// An answer as a server could send it.
#[derive(Debug)]
pub struct Answer<'a> {
    /// HTTP status.
    pub status: u16,
    /// Header lines as (name, value) pairs, unvalidated.
    pub headers: Vec<(&'a str, &'a [u8])>,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Parses the envelope target's input: an optional status line of three digits, then
/// `name: value` header lines up to an empty line, then the body. An input that does
/// not start with a status line is all body, answered with 200, so raw fixture bodies
/// work as seeds unchanged.
pub fn parse_answer(input: &[u8]) -> Answer<'_> {
    let status_line = input
        .get(..4)
        .filter(|h| h[..3].iter().all(u8::is_ascii_digit) && h[3] == b'\n');
    let Some(head) = status_line else {
        return Answer {
            status: 200,
            headers: Vec::new(),
            body: input,
        };
    };
    let status = head[..3]
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let mut rest = &input[4..];
    let mut headers = Vec::new();
    loop {
        let (line, after) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = after;
        if line.is_empty() {
            break;
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            if let Ok(name) = std::str::from_utf8(&line[..colon]) {
                headers.push((name, line[colon + 1..].trim_ascii()));
            }
        }
        if rest.is_empty() {
            break;
        }
    }
    Answer {
        status,
        headers,
        body: rest,
    }
}

/// Splits the pagination target's input: the first line is the initial query
/// (`start=0&limit=2`, `cursor=abc`, or empty), then answers separated by `\n---\n`.
pub fn parse_pages(input: &[u8]) -> (Vec<(&str, &str)>, Vec<Answer<'_>>) {
    let (first, rest) = match input.iter().position(|&b| b == b'\n') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &input[input.len()..]),
    };
    let query = std::str::from_utf8(first)
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let mut answers = Vec::new();
    let mut remaining = rest;
    // "---\n" at the very start is the separator after the query line.
    if let Some(r) = remaining.strip_prefix(b"---\n") {
        remaining = r;
    }
    while !remaining.is_empty() || answers.is_empty() {
        let end = find(remaining, b"\n---\n");
        let (chunk, next) = match end {
            Some(i) => (&remaining[..i], &remaining[i + 5..]),
            None => (remaining, &remaining[remaining.len()..]),
        };
        answers.push(parse_answer(chunk));
        remaining = next;
        if end.is_none() {
            break;
        }
    }
    (query, answers)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse() {
        let a = parse_answer(b"429\nretry-after: 2\nx: y\n\n{\"a\":1}");
        assert_eq!(a.status, 429);
        assert_eq!(
            a.headers,
            vec![("retry-after", &b"2"[..]), ("x", &b"y"[..])]
        );
        assert_eq!(a.body, b"{\"a\":1}");
        let raw = parse_answer(b"{\"success\":true}");
        assert_eq!((raw.status, raw.body), (200, &b"{\"success\":true}"[..]));
        let (query, pages) = parse_pages(b"start=3&limit=2\n---\n{}\n---\n204\n\n");
        assert_eq!(query, vec![("start", "3"), ("limit", "2")]);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].status, 204);
    }
}
