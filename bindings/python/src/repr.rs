//! The short form of a field value in a `Record`'s `repr`.
use crate::values::{Mode, to_py};
use pyo3::prelude::*;
use serde_json::Value;

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A field value as a `repr` shows it: containers by size, long text cut at 40 characters.
pub fn short_repr(py: Python<'_>, v: &Value) -> PyResult<String> {
    Ok(match v {
        Value::Object(m) if m.is_empty() => "{}".to_owned(),
        Value::Object(m) => format!("{{…{}}}", plural(m.len(), "key")),
        Value::Array(a) if a.is_empty() => "[]".to_owned(),
        Value::Array(a) => format!("[…{}]", plural(a.len(), "item")),
        Value::String(s) if s.chars().count() > 40 => {
            let cut: String = s.chars().take(40).collect();
            format!(
                "{}…",
                to_py(py, &Value::String(cut), Mode::Plain, None)?.repr()?
            )
        }
        other => to_py(py, other, Mode::Plain, None)?.repr()?.to_string(),
    })
}
