//! Writes one httpmock test per endpoint: the request the SDK sends (method, path, every
//! query parameter, the exact body, the token header) and the decoding of the reference's
//! example response without loss.
use crate::emit_rust::{HEADER, sample_expr, sample_json, sample_wire};
use crate::model::{Kind, Operation};
use std::fmt::Write as _;

pub fn test_module(ops: &[&Operation]) -> String {
    let mut s = String::from(HEADER);
    let _ = writeln!(
        s,
        "//! Request shape and response decoding of every `{}` endpoint.",
        ops[0].resource.handle
    );
    s.push_str("#![allow(clippy::unwrap_used, clippy::expect_used)]\nmod common;\nuse httpmock::prelude::*;\nuse pipedrive::types;\n\n");
    for op in ops {
        s.push_str(&one_test(op));
    }
    s
}

fn one_test(op: &Operation) -> String {
    let res = &op.resource;
    let krate = format!("pipedrive::{}", res.krate);
    let mut s = String::new();
    let _ = writeln!(s, "#[test]\nfn {}_{}() {{", res.module, op.op.name);
    if op.ep.example.is_some() {
        let _ = writeln!(
            s,
            "    let server = MockServer::start();\n    let fixture = include_str!(\"../fixtures/v1/{}.json\");",
            op.slug()
        );
    } else {
        s.push_str(
            "    let server = MockServer::start();\n    let fixture = common::EMPTY_SUCCESS;\n",
        );
    }
    // Path with sample ids.
    let mut path = op.ep.path.clone();
    let mut call_args = Vec::new();
    for (i, (ph, _, ty, by_ref)) in op.path_args.iter().enumerate() {
        let n = i as u64 + 1;
        let short = ty.trim_start_matches("types::");
        let (wire, expr) = match short {
            "LeadId" => {
                let w = format!("adf21080-0e10-11eb-879b-05d71fb426{n:02}");
                (w.clone(), format!("types::LeadId::from({w:?})"))
            }
            "CallLogId" | "ChannelId" | "String" => {
                let w = format!("{ph}-{n}");
                (w.clone(), format!("types::{short}::from({w:?})"))
            }
            _ => (n.to_string(), format!("types::{short}({n})")),
        };
        path = path.replace(&format!("{{{ph}}}"), &wire);
        call_args.push(if *by_ref { format!("&{expr}") } else { expr });
    }
    let query: Vec<String> = op
        .query_fields()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "({:?}, {:?})",
                f.wire,
                sample_wire(f, field_n(op, &f.wire, i))
            )
        })
        .collect();
    let _ = writeln!(s, "    let mock = server.mock(|when, then| {{");
    let _ = writeln!(
        s,
        "        let when = when\n            .method({})\n            .path({path:?})\n            .header(\"x-api-token\", common::TOKEN)\n            .is_true(common::query_is(&[{}]));",
        op.ep.method,
        query.join(", ")
    );
    if op.is_multipart() {
        let texts: Vec<String> = op
            .body_fields()
            .filter(|f| f.kind != Kind::File)
            .map(|f| {
                format!(
                    "({:?}, {:?})",
                    f.wire,
                    sample_wire(f, field_n(op, &f.wire, 0))
                )
            })
            .collect();
        let files: Vec<String> = op
            .body_fields()
            .filter(|f| f.kind == Kind::File)
            .map(|f| {
                let n = field_n(op, &f.wire, 0);
                format!(
                    "({:?}, \"{}-{n}.txt\", {:?})",
                    f.wire,
                    f.wire,
                    sample_wire(f, n)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "        when.is_true(common::multipart_is(&[{}], &[{}]));",
            texts.join(", "),
            files.join(", ")
        );
    } else if op.has_body() {
        let pairs: Vec<String> = op
            .body_fields()
            .map(|f| format!("{:?}: {}", f.wire, sample_json(f, field_n(op, &f.wire, 0))))
            .collect();
        match op.ep.body_type.as_deref() {
            Some("application/x-www-form-urlencoded") => {
                let form: Vec<String> = op
                    .body_fields()
                    .map(|f| {
                        format!(
                            "({:?}, {:?})",
                            f.wire,
                            sample_wire(f, field_n(op, &f.wire, 0))
                        )
                    })
                    .collect();
                let _ = writeln!(
                    s,
                    "        when.header(\"content-type\", \"application/x-www-form-urlencoded\")\n            .is_true(common::form_is(&[{}]));",
                    form.join(", ")
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "        when.header(\"content-type\", \"application/json\")\n            .json_body(serde_json::json!({{{}}}));",
                    pairs.join(", ")
                );
            }
        }
    } else {
        s.push_str("        when.is_true(common::no_body());\n");
    }
    if op.op.response == "download" {
        s.push_str("        then.status(200).header(\"content-type\", \"application/octet-stream\").body(common::DOWNLOAD_BYTES);\n    });\n");
    } else {
        let _ = writeln!(
            s,
            "        then.status({}).header(\"content-type\", \"application/json\").body(fixture);\n    }});",
            op.ep.status.unwrap_or(200)
        );
    }
    s.push_str("    let client = common::client(&server);\n");
    if let Some(p) = &op.op.params {
        let _ = writeln!(s, "    let params = {krate}::{p} {{");
        for f in &op.fields {
            let e = sample_expr(f, field_n(op, &f.wire, 0), &krate);
            let e = if f.required { e } else { format!("Some({e})") };
            let _ = writeln!(s, "        {}: {e},", f.ident);
        }
        if op.has_body() && !op.is_multipart() {
            s.push_str("        extra: serde_json::Map::new(),\n");
        }
        s.push_str("    };\n");
        call_args.push("&params".into());
    }
    let call = format!(
        "client.{}().{}({})",
        res.accessor,
        op.op.name,
        call_args.join(", ")
    );
    let (kind, t) = op
        .op
        .response
        .split_once(':')
        .unwrap_or((op.op.response.as_str(), ""));
    match kind {
        "page" => {
            let _ = writeln!(
                s,
                "    let page = {call}.pages().next().expect(\"one page\").expect(\"page decodes\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::Items<types::{t}>>(fixture);\n    assert_eq!(page.items, expected.0);"
            );
        }
        "search" => {
            let _ = writeln!(
                s,
                "    let page = {call}.pages().next().expect(\"one page\").expect(\"page decodes\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::SearchResults<types::{t}>>(fixture);\n    assert_eq!(page.items, expected.items);"
            );
        }
        "vec" => {
            let _ = writeln!(
                s,
                "    let got = {call}.expect(\"call succeeds\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::Items<types::{t}>>(fixture);\n    assert_eq!(got, expected.0);"
            );
        }
        "one" => {
            let _ = writeln!(
                s,
                "    let got = {call}.expect(\"call succeeds\");\n    mock.assert();\n    let expected = common::assert_lossless::<types::{t}>(fixture);\n    assert_eq!(got, expected);"
            );
        }
        "download" => {
            let call = call.trim_end_matches(')').to_owned() + ", &mut out)";
            let call = call.replace("(, &mut out)", "(&mut out)");
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

/// A distinct sample number per field, stable across query, body and struct literal.
fn field_n(op: &Operation, wire: &str, _i: usize) -> u64 {
    op.fields
        .iter()
        .position(|f| f.wire == wire)
        .map_or(1, |p| p as u64 + 3)
}
