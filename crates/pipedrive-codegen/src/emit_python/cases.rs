//! Writes `python/tests/endpoint_cases.json`: for every endpoint, the arguments the
//! Python tests pass (the same sample values as the Rust endpoint tests) and the request
//! and response the mock server should see, with every id-typed parameter listed.
use super::names::{py_ident, short};
use super::resources::by_name;
use super::surface::response_parts;
use crate::model::{Field, Kind, Operation};
use crate::samples::sample;
use serde_json::{Value, json};

/// Whether a parameter type is an id, and of which form (for the request-shape cases).
#[derive(Clone, Copy, PartialEq)]
enum IdKind {
    Number,
    Text,
}

fn id_kind(t: &str) -> Option<IdKind> {
    let t = short(t);
    if pipedrive_types::TEXT_ID_TYPES.contains(&t) {
        Some(IdKind::Text)
    } else if t.ends_with("Id") && !t.contains('<') {
        Some(IdKind::Number)
    } else {
        None
    }
}

fn file_sample(f: &Field, n: u64) -> (String, String) {
    (format!("{}-{n}.txt", f.wire), format!("sample file {n}"))
}

/// Mirrors `emit_tests::field_n`: a distinct sample number per field.
fn field_n(op: &Operation, wire: &str) -> u64 {
    op.fields
        .iter()
        .position(|f| f.wire == wire)
        .map_or(1, |p| p as u64 + 3)
}

fn kwarg_value(f: &Field, n: u64) -> Value {
    let smp = sample(f, n, "");
    match &f.kind {
        Kind::Bit => Value::Bool(true),
        Kind::File => {
            let (name, content) = file_sample(f, n);
            json!({ "$file": [name, content] })
        }
        Kind::Enum(..) => Value::String(smp.text),
        Kind::Plain(_) => serde_json::from_str(&smp.json).unwrap_or(Value::Null),
    }
}

pub(super) fn cases(ops: &[Operation]) -> String {
    let mut list = Vec::new();
    for op in ops {
        let mut path = op.ep.path.clone();
        let mut args = Vec::new();
        for (i, (ph, _, ty, _)) in op.path_args.iter().enumerate() {
            let n = i as u64 + 1;
            let (wire, text) = crate::samples::path_sample(ph, short(ty), n);
            let arg = if text {
                Value::String(wire.clone())
            } else {
                json!(n)
            };
            path = path.replace(&format!("{{{ph}}}"), &wire);
            args.push(arg);
        }
        let mut kwargs = serde_json::Map::new();
        // A v2 body's `custom_fields` takes names in Python (tested with a field registry
        // in test_custom_fields.py), so the cases leave it out.
        for f in op.fields.iter().filter(|f| !by_name(op, f)) {
            kwargs.insert(py_ident(&f.wire), kwarg_value(f, field_n(op, &f.wire)));
        }
        let query: Vec<Value> = op
            .query_fields()
            .flat_map(|f| {
                sample(f, field_n(op, &f.wire), "")
                    .query
                    .into_iter()
                    .map(|v| json!([f.wire, v]))
                    .collect::<Vec<_>>()
            })
            .collect();
        let body = if op.is_multipart() {
            let texts: Vec<Value> = op
                .body_fields()
                .filter(|f| f.kind != Kind::File)
                .map(|f| json!([f.wire, sample(f, field_n(op, &f.wire), "").text]))
                .collect();
            let files: Vec<Value> = op
                .body_fields()
                .filter(|f| f.kind == Kind::File)
                .map(|f| {
                    let (name, content) = file_sample(f, field_n(op, &f.wire));
                    json!([f.wire, name, content])
                })
                .collect();
            json!({ "multipart": { "texts": texts, "files": files } })
        } else if op.has_body() && op.is_form() {
            let pairs: Vec<Value> = op
                .body_fields()
                .map(|f| json!([f.wire, sample(f, field_n(op, &f.wire), "").text]))
                .collect();
            json!({ "form": pairs })
        } else if op.is_whole_body() {
            let items = op.body_fields().next().map_or(Value::Null, |f| {
                serde_json::from_str(&sample(f, field_n(op, &f.wire), "").json)
                    .unwrap_or(Value::Null)
            });
            json!({ "json": items })
        } else if op.has_body() {
            let mut obj = serde_json::Map::new();
            for f in op.body_fields().filter(|f| !by_name(op, f)) {
                let v = serde_json::from_str(&sample(f, field_n(op, &f.wire), "").json)
                    .unwrap_or(Value::Null);
                obj.insert(f.wire.clone(), v);
            }
            json!({ "json": obj })
        } else {
            Value::Null
        };
        // Every id-typed parameter, for the test that wrong ids never reach the server.
        let mut ids = Vec::new();
        for (i, (_, _, ty, _)) in op.path_args.iter().enumerate() {
            let kind = match id_kind(ty) {
                Some(IdKind::Number) => "number",
                Some(IdKind::Text) => "text",
                None if short(ty) == "String" => "text",
                None => continue,
            };
            ids.push(json!({ "arg": i, "kind": kind, "many": false }));
        }
        for f in &op.fields {
            let Kind::Plain(t) = &f.kind else { continue };
            let (inner, many) = match t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
                Some(inner) => (inner, true),
                None => (t.as_str(), false),
            };
            let kind = match id_kind(inner) {
                Some(IdKind::Number) => "number",
                Some(IdKind::Text) => "text",
                None => continue,
            };
            ids.push(json!({ "kwarg": py_ident(&f.wire), "kind": kind, "many": many }));
        }
        let (kind, t) = response_parts(op);
        list.push(json!({
            "id": format!("{}.{}", op.resource.dotted(), op.op.name),
            "resource": op.resource.dotted(),
            "method": op.op.name,
            "http": op.ep.method,
            "path": path,
            "args": args,
            "kwargs": kwargs,
            "ids": ids,
            "query": query,
            "body": body,
            "response": {
                "kind": kind,
                "type": t,
                "status": op.ep.status.unwrap_or(200),
                // Relative to tests/fixtures/.
                "fixture": op.fixture,
            },
        }));
    }
    serde_json::to_string_pretty(&Value::Array(list)).unwrap_or_default() + "\n"
}
