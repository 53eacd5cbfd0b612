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
