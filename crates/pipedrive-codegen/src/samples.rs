//! Realistic sample values for parameters, used by generated doc examples, request-shape
//! tests and contract tests. One value per field, in three spellings: the Rust expression
//! that builds it, its query/form text, and its JSON.
use crate::model::{Field, Kind, variant};
use serde_json::{Value, json};

/// A field's sample in every form the generated code needs.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Rust expression of the field's type (without the `Some(..)`).
    pub expr: String,
    /// Query-string pairs it turns into (several for repeated array parameters).
    pub query: Vec<String>,
    /// Text in a form or multipart body.
    pub text: String,
    /// JSON in a JSON body.
    pub json: String,
}

fn uuid(n: u64) -> String {
    format!("adf21080-0e10-11eb-879b-05d71fb426{:02}", n % 100)
}

/// Text ids that are UUIDs.
const UUID_IDS: &[&str] = &["LeadId", "ConversionId", "DiscountId"];

/// The sample of path parameter `{placeholder}` of type `ty` (without `types::`),
/// numbered `n`: its text in the path, and whether the argument is text (else a number).
pub fn path_sample(placeholder: &str, ty: &str, n: u64) -> (String, bool) {
    if UUID_IDS.contains(&ty) {
        (uuid(n), true)
    } else if ty == "String" || pipedrive_types::TEXT_ID_TYPES.contains(&ty) {
        (format!("{placeholder}-{n}"), true)
    } else {
        (n.to_string(), false)
    }
}

/// A value the contract's schema accepts: its example, else one built from its type,
/// with every required property of an object.
fn from_schema(schema: &Value, n: u64) -> Value {
    let schema = crate::openapi::merged(schema);
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => json!([from_schema(schema.get("items").unwrap_or(&Value::Null), n)]),
        Some("integer") => json!(n),
        Some("number") => json!(n as f64 + 0.5),
        Some("boolean") => json!(true),
        Some("string") => json!(format!("sample-{n}")),
        _ => {
            let props = schema.get("properties").and_then(Value::as_object);
            let required = crate::openapi::required_keys(&schema);
            match props {
                Some(props) if !required.is_empty() => Value::Object(
                    props
                        .iter()
                        .filter(|(k, _)| required.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), from_schema(v, n)))
                        .collect(),
                ),
                _ => json!({ "sample": n }),
            }
        }
    }
}

/// The wire value, before spelling.
fn value(f: &Field, t: &str, n: u64) -> Value {
    if let Some(v) = &f.sample {
        return v.clone();
    }
    // Free-form JSON the contract describes: a value it accepts.
    if t == "serde_json::Value" || t == "Vec<serde_json::Value>" {
        if let Some(schema) = &f.param.schema {
            return from_schema(schema, n);
        }
    }
    if let Some(first) = f.param.values.first() {
        if let Ok(i) = first.parse::<i64>() {
            if t == "i64" {
                return json!(i);
            }
        }
        // A list of names the contract enumerates (`include_fields`): one it allows.
        if t == "Vec<String>" {
            return json!([first]);
        }
    }
    scalar(t, &f.wire, f.param.format.as_deref(), n)
}

fn scalar(t: &str, wire: &str, format: Option<&str>, n: u64) -> Value {
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        if inner == "serde_json::Value" {
            return json!([{ "sample": n }]);
        }
        return json!([
            scalar(inner, wire, format, n),
            scalar(inner, wire, format, n + 1)
        ]);
    }
    let day = 10 + n % 18;
    match t {
        "i64" | "u64" => json!(n),
        "f64" => json!(n as f64 + 0.5),
        "bool" => json!(true),
        "serde_json::Value" => json!({ "sample": n }),
        "types::Visibility" => json!("3"),
        "types::Amount" => json!(n * 100 + 50),
        "types::Date" => json!(format!("2024-01-{day}")),
        "types::TimeOfDay" => json!(format!("10:{:02}", n % 60)),
        // A `date-time` parameter goes out as RFC 3339 (`wire::ser_rfc3339`).
        "types::Timestamp" if format == Some("DATE-TIME") => {
            json!(format!("2024-01-{day}T10:00:00Z"))
        }
        "types::Timestamp" => json!(format!("2024-01-{day} 10:00:00")),
        t if t.starts_with("types::") && t.ends_with("Id") && !t.contains('<') => {
            match path_sample(wire, t.trim_start_matches("types::"), n) {
                (text, true) => json!(text),
                _ => json!(n),
            }
        }
        "String" => json!(match format {
            Some("DATE") => format!("2024-01-{day}"),
            Some("DATE-TIME") => format!("2024-01-{day}T10:00:00Z"),
            Some("URL") => format!("https://example.com/{wire}/{n}"),
            Some("UUID") => uuid(n),
            _ if wire.contains("email") => format!("user{n}@example.com"),
            _ if wire.ends_with("_time") => format!("2024-01-{day} 10:00:00"),
            _ if wire.ends_with("date") => format!("2024-01-{day}"),
            _ => format!("{wire}-{n}"),
        }),
        _ => json!(n),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn expr(t: &str, v: &Value) -> String {
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        let items: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(|e| expr(inner, e)).collect())
            .unwrap_or_default();
        return format!("vec![{}]", items.join(", "));
    }
    match t {
        "String" => format!("{:?}.to_owned()", text(v)),
        "i64" | "u64" | "bool" => v.to_string(),
        "f64" => {
            let s = v.to_string();
            if s.contains('.') { s } else { format!("{s}.0") }
        }
        "serde_json::Value" => format!("serde_json::json!({v})"),
        "types::Visibility" => "pipedrive::types::Visibility::OWNER_VISIBILITY_GROUP".into(),
        "types::ContactInput" => match v {
            Value::Object(m) => {
                let mut e = format!(
                    "pipedrive::types::ContactInput::new({:?})",
                    m.get("value").map(text).unwrap_or_default()
                );
                if let Some(p) = m.get("primary").and_then(Value::as_bool) {
                    e.push_str(&format!(".primary({p})"));
                }
                if let Some(l) = m.get("label").and_then(Value::as_str) {
                    e.push_str(&format!(".label({l:?})"));
                }
                e
            }
            other => format!("pipedrive::types::ContactInput::from({:?})", text(other)),
        },
        "types::FieldOptionInput" => match v.get("id").and_then(Value::as_u64) {
            Some(id) => format!(
                "pipedrive::types::FieldOptionInput::existing({id}, {:?})",
                text(&v["label"])
            ),
            None => format!(
                "pipedrive::types::FieldOptionInput::new({:?})",
                text(&v["label"])
            ),
        },
        "types::LeadValueInput" => format!(
            "pipedrive::types::LeadValueInput::new({}, {:?})",
            expr("types::Amount", &v["amount"]),
            text(&v["currency"])
        ),
        "types::PriceInput" => {
            let mut e = format!(
                "pipedrive::types::PriceInput::new({:?}, {})",
                text(&v["currency"]),
                expr("types::Amount", &v["price"])
            );
            for key in ["cost", "overhead_cost", "direct_cost"] {
                if let Some(a) = v.get(key) {
                    e.push_str(&format!(".{key}({})", expr("types::Amount", a)));
                }
            }
            if let Some(n) = v.get("notes").and_then(Value::as_str) {
                e.push_str(&format!(".notes({n:?})"));
            }
            e
        }
        "types::Amount" => match v.as_i64() {
            Some(i) => format!("pipedrive::types::Amount::from({i})"),
            None => format!("{:?}.parse::<pipedrive::types::Amount>().unwrap()", text(v)),
        },
        "types::Date" | "types::TimeOfDay" | "types::Timestamp" => chrono_expr(t, &text(v)),
        t if pipedrive_types::TEXT_ID_TYPES.contains(&t.trim_start_matches("types::")) => {
            format!("pipedrive::{t}::from({:?})", text(v))
        }
        _ => format!("pipedrive::{t}({})", text(v)),
    }
}

/// A date or time sample built from its chrono type, as a user writes it.
fn chrono_expr(t: &str, text: &str) -> String {
    let nums: Vec<u32> = text
        .split(['-', ' ', ':', 'T', 'Z'])
        .filter_map(|p| p.parse().ok())
        .collect();
    let at = |i: usize| nums.get(i).copied().unwrap_or(0);
    let c = "pipedrive::types::chrono";
    match t {
        "types::Date" => format!(
            "pipedrive::types::Date::from({c}::NaiveDate::from_ymd_opt({}, {}, {}).unwrap())",
            at(0),
            at(1),
            at(2)
        ),
        "types::TimeOfDay" => format!(
            "pipedrive::types::TimeOfDay::from({c}::NaiveTime::from_hms_opt({}, {}, 0).unwrap())",
            at(0),
            at(1)
        ),
        _ => format!(
            "pipedrive::types::Timestamp::from({c}::NaiveDate::from_ymd_opt({}, {}, {}).unwrap().and_hms_opt({}, {}, {}).unwrap().and_utc())",
            at(0),
            at(1),
            at(2),
            at(3),
            at(4),
            at(5)
        ),
    }
}

/// The sample of field `f`, numbered `n` so that fields get distinct values.
pub fn sample(f: &Field, n: u64, krate: &str) -> Sample {
    match &f.kind {
        Kind::Bit => Sample {
            expr: "true".into(),
            query: vec!["1".into()],
            text: "1".into(),
            json: "1".into(),
        },
        Kind::File => Sample {
            expr: format!(
                "pipedrive::Upload::bytes(\"{}-{n}.txt\", b\"sample file {n}\".to_vec())",
                f.wire
            ),
            query: Vec::new(),
            text: format!("sample file {n}"),
            json: "null".into(),
        },
        Kind::Enum(name, values) => {
            let v = values.first().cloned().unwrap_or_default();
            Sample {
                expr: format!("{krate}::{name}::{}", variant(&v)),
                query: vec![v.clone()],
                text: v.clone(),
                json: format!("{v:?}"),
            }
        }
        Kind::Plain(t) => {
            let v = value(f, t, n);
            let repeated = f.param.ty == "ARRAY"
                && f.param.format.as_deref() != Some("csv")
                && matches!(v, Value::Array(_));
            let query = if repeated {
                v.as_array()
                    .map(|a| a.iter().map(text).collect())
                    .unwrap_or_default()
            } else {
                vec![text(&v)]
            };
            // An amount the reference types as a string goes out as text (see
            // `emit_rust::wire_form`), so the expected body has it as text.
            let json = match crate::emit_rust::wire_form(f) {
                Some("ser_amount_text") => Value::String(text(&v)).to_string(),
                Some(w) if w.starts_with("ser_visibility_code") => text(&v),
                _ => v.to_string(),
            };
            Sample {
                expr: expr(t, &v),
                query,
                text: text(&v),
                json,
            }
        }
    }
}
