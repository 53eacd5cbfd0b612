//! Writes one httpmock test per endpoint: the request the SDK sends (method, path, every
//! query parameter, the exact body, the token header) and the decoding of the reference's
//! example response without loss.
use crate::emit_rust::HEADER;
use crate::model::{Kind, Operation};
use crate::samples::sample;
use std::fmt::Write as _;

/// Tests of deprecated operations call them on purpose: v1 stays complete and must keep
/// working while Pipedrive serves it.
fn allow_deprecated(ops: &[&Operation]) -> &'static str {
    if ops.iter().any(|o| o.deprecation.is_some()) {
        "// These endpoints are deprecated by Pipedrive and tested on purpose: they keep working.\n#![allow(deprecated)]\n"
    } else {
        ""
    }
}

pub fn test_module(ops: &[&Operation]) -> String {
    let mut s = String::from(HEADER);
    let _ = writeln!(
        s,
        "//! Request shape and response decoding of every v{} endpoint, one test each.",
        ops[0].version()
    );
    s.push_str("#![allow(clippy::unwrap_used, clippy::expect_used)]\n");
    s.push_str(allow_deprecated(ops));
    s.push_str("mod common;\nuse httpmock::prelude::*;\nuse pipedrive::types;\n\n");
    for op in ops {
        s.push_str(&one_test(op));
    }
    s
}

/// Why a contract test does not run in a plain `cargo test`.
const CONTRACT_IGNORED: &str =
    "needs Prism and the official v1 contract; run by scripts/contract-tests.sh";
const CONTRACT_IGNORED_V2: &str =
    "needs Prism and the official v2 contract; run by scripts/contract-tests.sh";

/// One test per endpoint against Prism serving the official v1 contract: the request
/// must pass Prism's validation and the contract's example response must decode. Each is
/// `#[ignore]`d with the reason, so a plain `cargo test` lists it as ignored instead of
/// passing it unrun; `scripts/contract-tests.sh` starts Prism and runs them with `--ignored`.
pub fn contract_module(ops: &[&Operation]) -> String {
    let mut s = String::from(HEADER);
    let version = ops.first().map_or(1, |o| o.version());
    let _ = write!(
        s,
        "//! Contract conformance: every endpoint called through the SDK against a Prism mock\n//! of the official v{version} OpenAPI document (see `scripts/contract-tests.sh`).\n#![allow(clippy::unwrap_used, clippy::expect_used)]\n{}mod common;\nuse pipedrive::types;\n\n",
        allow_deprecated(ops)
    );
    for op in ops {
        let res = &op.resource;
        let krate = format!("pipedrive::{}", res.rust_mod());
        let _ = writeln!(
            s,
            "#[test]\n#[ignore = {:?}]\nfn {}_{}() {{",
            if op.version() == 1 {
                CONTRACT_IGNORED
            } else {
                CONTRACT_IGNORED_V2
            },
            res.module,
            op.op.name
        );
        let _ = writeln!(
            s,
            "    let client = common::prism_client({});",
            op.version()
        );
        let (_, mut call_args) = path_and_args(op);
        if let Some(lit) = params_literal(op, &krate) {
            s.push_str(&lit);
            call_args.push("&params".into());
        }
        if op.op.response == "download" {
            s.push_str("    let mut out = Vec::new();\n");
            call_args.push("&mut out".into());
        }
        let call = format!("{}.{}({})", accessor(op), op.op.name, call_args.join(", "));
        let paged = ["page:", "search:", "vec:"]
            .iter()
            .any(|k| op.op.response.starts_with(k));
        let result = if paged {
            format!("{call}.pages().next().expect(\"one page\").map(|_| ())")
        } else {
            format!("{call}.map(|_| ())")
        };
        let _ = writeln!(
            s,
            "    common::contract_ok({:?}, {result});\n}}\n",
            format!("{} {}", op.ep.method, op.ep.path)
        );
    }
    s
}

/// The call of `op` on a client: `client.deals()` or `client.v2().deals()`.
fn accessor(op: &Operation) -> String {
    format!("client.{}()", op.resource.dotted().replace('.', "()."))
}

fn one_test(op: &Operation) -> String {
    let res = &op.resource;
    let krate = format!("pipedrive::{}", res.rust_mod());
    let mut s = String::new();
    let _ = writeln!(s, "#[test]\nfn {}_{}() {{", res.module, op.op.name);
    if let Some(fixture) = &op.fixture {
        let _ = writeln!(
            s,
            "    let server = MockServer::start();\n    let fixture = include_str!(\"../fixtures/{fixture}\");"
        );
    } else {
        s.push_str(
            "    let server = MockServer::start();\n    let fixture = common::EMPTY_SUCCESS;\n",
        );
    }
    let (path, mut call_args) = path_and_args(op);
    let query: Vec<String> = op
        .query_fields()
        .enumerate()
        .flat_map(|(i, f)| {
            sample(f, field_n(op, &f.wire, i), "")
                .query
                .into_iter()
                .map(|v| format!("({:?}, {v:?})", f.wire))
                .collect::<Vec<_>>()
        })
        .collect();
    // Text fields of form and multipart bodies: (name, text) pairs.
    let text_pairs = || -> Vec<String> {
        op.body_fields()
            .filter(|f| f.kind != Kind::File)
            .map(|f| {
                format!(
                    "({:?}, {:?})",
                    f.wire,
                    sample(f, field_n(op, &f.wire, 0), "").text
                )
            })
            .collect()
    };
    let body = if op.is_multipart() {
        let texts = text_pairs();
        let files: Vec<String> = op
            .body_fields()
            .filter(|f| f.kind == Kind::File)
            .map(|f| {
                let n = field_n(op, &f.wire, 0);
                format!(
                    "({:?}, \"{}-{n}.txt\", {:?})",
                    f.wire,
                    f.wire,
                    sample(f, n, "").text
                )
            })
            .collect();
        format!(
            "common::Body::Multipart(&[{}], &[{}])",
            texts.join(", "),
            files.join(", ")
        )
    } else if op.is_form() {
        let form = text_pairs();
        format!("common::Body::Form(&[{}])", form.join(", "))
    } else if op.is_whole_body() {
        let items = op.body_fields().next().map_or("null".to_owned(), |f| {
            sample(f, field_n(op, &f.wire, 0), "").json
        });
        format!("common::Body::Json(serde_json::json!({items}))")
    } else if op.has_body() {
        let pairs: Vec<String> = op
            .body_fields()
            .map(|f| {
                format!(
                    "{:?}: {}",
                    f.wire,
                    sample(f, field_n(op, &f.wire, 0), "").json
                )
            })
            .collect();
        format!(
            "common::Body::Json(serde_json::json!({{{}}}))",
            pairs.join(", ")
        )
    } else {
        "common::Body::None".to_owned()
    };
    let (status, response) = if op.op.response == "download" {
        (200, "common::DOWNLOAD_BYTES")
    } else {
        (op.ep.status.unwrap_or(200), "fixture.as_bytes()")
    };
    let _ = writeln!(
        s,
        "    let mock = common::expect(&server, common::Expect {{ method: {}, path: {path:?}, query: &[{}], body: {body}, status: {status}, response: {response} }});",
        op.ep.method,
        query.join(", ")
    );
    s.push_str("    let client = common::client(&server);\n");
    if let Some(lit) = params_literal(op, &krate) {
        s.push_str(&lit);
        call_args.push("&params".into());
    }
    if op.op.response == "download" {
        call_args.push("&mut out".into());
    }
    let call = format!("{}.{}({})", accessor(op), op.op.name, call_args.join(", "));
    let (kind, t) = op
        .op
        .response
        .split_once(':')
        .unwrap_or((op.op.response.as_str(), ""));
    let t = crate::emit_rust::qualified(t);
    match kind {
        "page" => {
            let _ = writeln!(
                s,
                "    let page = {call}.pages().next().expect(\"one page\").expect(\"page decodes\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::Items<{t}>>(fixture);\n    assert_eq!(page.items, expected.0);"
            );
        }
        "search" => {
            let _ = writeln!(
                s,
                "    let page = {call}.pages().next().expect(\"one page\").expect(\"page decodes\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::SearchResults<{t}>>(fixture);\n    assert_eq!(page.items, expected.items);"
            );
        }
        "vec" => {
            let _ = writeln!(
                s,
                "    // A list in one response is a paginator of one page: one request, then the end.\n    let got = {call}.collect::<Result<Vec<_>, _>>().expect(\"call succeeds\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::Items<{t}>>(fixture);\n    assert_eq!(got, expected.0);"
            );
        }
        "saved" => {
            let _ = writeln!(
                s,
                "    let got = {call}.expect(\"call succeeds\");\n    mock.assert();\n    let expected = common::assert_lossless::<{t}>(fixture);\n    assert_eq!(Some(&got.id), expected.id.as_ref());\n    assert_eq!(got.into_inner(), expected);"
            );
        }
        "one" => {
            let _ = writeln!(
                s,
                "    let got = {call}.expect(\"call succeeds\");\n    mock.assert();\n    let expected = common::assert_lossless::<{t}>(fixture);\n    assert_eq!(got, expected);"
            );
        }
        "download" => {
            let _ = writeln!(
                s,
                "    let _ = fixture;\n    let mut out = Vec::new();\n    let n = {call}.expect(\"download succeeds\");\n    mock.assert();\n    assert_eq!(out, common::DOWNLOAD_BYTES);\n    assert_eq!(n, common::DOWNLOAD_BYTES.len() as u64);"
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "    {call}.expect(\"call succeeds\");\n    mock.assert();\n    let _ = fixture;"
            );
        }
    }
    s.push_str("}\n\n");
    s
}

/// The request path with sample path parameters, and the matching call arguments.
fn path_and_args(op: &Operation) -> (String, Vec<String>) {
    let mut path = op.ep.path.clone();
    let mut call_args = Vec::new();
    for (i, (ph, _, ty, by_ref)) in op.path_args.iter().enumerate() {
        let n = i as u64 + 1;
        let short = ty.trim_start_matches("types::");
        let (wire, text) = crate::samples::path_sample(ph, short, n);
        let expr = match (short, text) {
            ("String", _) => format!("String::from({wire:?})"),
            (_, true) => format!("types::{short}::from({wire:?})"),
            (_, false) => format!("types::{short}({n})"),
        };
        path = path.replace(&format!("{{{ph}}}"), &wire);
        call_args.push(if *by_ref { format!("&{expr}") } else { expr });
    }
    (path, call_args)
}

/// `let params = ...;` with every parameter set to its sample value.
fn params_literal(op: &Operation, krate: &str) -> Option<String> {
    let p = op.op.params.as_ref()?;
    let mut s = String::new();
    let _ = writeln!(s, "    let params = {krate}::{p} {{");
    for f in &op.fields {
        let e = sample(f, field_n(op, &f.wire, 0), krate).expr;
        let e = if f.patch {
            format!("types::Patch::Set({e})")
        } else if f.required {
            e
        } else {
            format!("Some({e})")
        };
        let _ = writeln!(s, "        {}: {e},", f.ident);
    }
    if op.has_extra() {
        s.push_str("        extra: serde_json::Map::new(),\n");
    }
    s.push_str("    };\n");
    Some(s)
}

/// A distinct sample number per field, stable across query, body and struct literal.
fn field_n(op: &Operation, wire: &str, _i: usize) -> u64 {
    op.fields
        .iter()
        .position(|f| f.wire == wire)
        .map_or(1, |p| p as u64 + 3)
}
