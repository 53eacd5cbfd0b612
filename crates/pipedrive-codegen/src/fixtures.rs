//! Turns the reference's example responses into JSON fixtures.
//!
//! Examples use bare type names (`string`, `integer`, ...) where a value should be; each
//! becomes a concrete value of that type so the fixture is valid JSON.
pub fn concretize(example: &str) -> String {
    let mut out = String::with_capacity(example.len());
    let mut chars = example.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
            out.push(c);
            continue;
        }
        if c.is_ascii_lowercase() {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek() {
                if !n.is_ascii_alphabetic() {
                    break;
                }
                word.push(n);
                chars.next();
            }
            out.push_str(match word.as_str() {
                "string" => "\"text\"",
                "integer" => "1",
                "number" => "1.5",
                "boolean" => "true",
                "object" => "{}",
                "array" => "[]",
                other => other,
            });
            continue;
        }
        out.push(c);
    }
    out
}

/// Replaces every `{"allOf": [..]}` object of an example by the object it describes: the
/// reference shows some responses as the schema composition instead of an instance (an
/// organization as its fields plus `{"type":"object","properties":{..}}`), which no
/// server sends. Members' keys are merged in order; a member written as a schema gives
/// its `properties`.
pub fn merge_all_of(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                merge_all_of(child);
            }
            if map.len() == 1
                && let Some(Value::Array(parts)) = map.get("allOf")
            {
                let mut merged = serde_json::Map::new();
                for part in parts {
                    let part = match part.get("properties") {
                        Some(props @ Value::Object(_)) if part.get("type").is_some() => props,
                        _ => part,
                    };
                    if let Value::Object(fields) = part {
                        merged.extend(fields.clone());
                    }
                }
                *map = merged;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(merge_all_of),
        _ => {}
    }
}
