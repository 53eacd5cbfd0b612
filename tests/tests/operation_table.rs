//! The operation table decodes a binding's arguments into the typed parameters: every
//! row builds its request from arguments alone, and refuses bad ones naming them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::operations::operations;
use pipedrive_transport::{ArgKind, ArgLocation, Args, Error, Operation};
use serde_json::{Value, json};

/// A valid value for an argument of this kind.
fn sample(kind: ArgKind) -> Option<Value> {
    Some(match kind {
        ArgKind::Id => json!(7),
        ArgKind::TextId => json!("adf21080-0e10-11eb-879b-05d71fb426ec"),
        ArgKind::Ids => json!([1, 2]),
        ArgKind::TextIds => json!(["a", "b"]),
        ArgKind::Integer => json!(3),
        ArgKind::Number => json!(2.5),
        ArgKind::Amount => json!("1234.50"),
        ArgKind::Date => json!("2026-12-01"),
        ArgKind::Time => json!("14:30"),
        ArgKind::Timestamp => json!("2026-12-01 14:30:00"),
        ArgKind::Bool => json!(true),
        ArgKind::Text => json!("text"),
        ArgKind::Enum(values) => json!(values[0]),
        ArgKind::Visibility => json!(3),
        ArgKind::Json => json!([{"label": "x"}]),
        ArgKind::Extra => json!({"0123456789abcdef0123456789abcdef01234567": "custom"}),
        ArgKind::File => return None,
    })
}

fn required_args(op: &Operation) -> Args {
    let mut args = Args::new();
    for spec in op.args.iter().filter(|s| s.required) {
        match sample(spec.kind) {
            Some(v) => args.push(spec.name, v),
            None => args.push_object(spec.name, pipedrive::Upload::bytes("a.txt", b"x".to_vec())),
        }
    }
    args
}

fn invalid(result: pipedrive::Result<pipedrive_transport::Request>) -> String {
    match result {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn every_operation_builds_its_request_from_arguments() {
    for op in operations() {
        let req = op
            .request(required_args(op))
            .unwrap_or_else(|e| panic!("{}: {e}", op.id));
        assert_eq!(req.method, op.method, "{}", op.id);
        // The path is the template with every placeholder filled.
        // Sent below its version's base URL, and to that version.
        let (prefix, version) = match op.version {
            pipedrive::ApiVersion::V1 => ("/v1", pipedrive::ApiVersion::V1),
            _ => ("/v2", pipedrive::ApiVersion::V2),
        };
        assert_eq!(req.version, version, "{}", op.id);
        let template = op.path.strip_prefix(prefix).unwrap_or(op.path);
        let fixed: Vec<&str> = template.split('/').collect();
        let sent: Vec<&str> = req.path.split('/').collect();
        assert_eq!(fixed.len(), sent.len(), "{}: {}", op.id, req.path);
        for (t, s) in fixed.iter().zip(&sent) {
            if t.starts_with('{') {
                assert!(!s.is_empty(), "{}: empty segment in {}", op.id, req.path);
            } else {
                assert_eq!(t, s, "{}", op.id);
            }
        }
    }
}

#[test]
fn a_missing_required_argument_is_named() {
    for op in operations() {
        let Some(first) = op.args.iter().find(|s| s.required) else {
            continue;
        };
        let m = invalid(op.request(Args::new()));
        assert!(
            m.contains(&format!("`{}`", first.name)) && m.contains("required"),
            "{}: {m}",
            op.id
        );
    }
}

/// The required arguments, with `name` set to `value` instead.
fn with(op: &Operation, name: &str, value: Value) -> Args {
    let mut args = Args::new();
    for spec in op.args.iter().filter(|s| s.required && s.name != name) {
        match sample(spec.kind) {
            Some(v) => args.push(spec.name, v),
            None => args.push_object(spec.name, pipedrive::Upload::bytes("a.txt", b"x".to_vec())),
        }
    }
    args.push(name, value);
    args
}

#[test]
fn wrong_types_and_unknown_arguments_are_refused_by_name() {
    let mut checked = 0;
    for op in operations() {
        for spec in op.args {
            let bad = match spec.kind {
                ArgKind::Id => json!(-1),
                ArgKind::TextId | ArgKind::Text => json!(5),
                ArgKind::Integer => json!(1.5),
                ArgKind::Number | ArgKind::Bool => json!("x"),
                ArgKind::Amount => json!("12,50"),
                ArgKind::Date | ArgKind::Time | ArgKind::Timestamp => json!("tomorrow"),
                ArgKind::Enum(_) => json!("no-such-value"),
                ArgKind::Ids => json!([1, "x"]),
                ArgKind::TextIds => json!(["a", 1]),
                ArgKind::Visibility => json!(4),
                ArgKind::Extra => json!([1]),
                ArgKind::File => json!("not a file object"),
                ArgKind::Json => continue,
            };
            let m = invalid(op.request(with(op, spec.name, bad)));
            assert!(
                m.starts_with(&format!("`{}` ", spec.name)),
                "{} {}: {m}",
                op.id,
                spec.name
            );
            checked += 1;
        }
        let mut args = required_args(op);
        args.push("no_such_argument", json!(1));
        let m = invalid(op.request(args));
        assert!(m.contains("`no_such_argument`"), "{}: {m}", op.id);
    }
    assert!(checked > 300, "only {checked} arguments checked");
}

#[test]
fn ids_outside_u64_and_bools_are_not_ids() {
    let op = operations()
        .iter()
        .find(|o| o.id == "deals.get")
        .expect("deals.get");
    for bad in [json!(-1), json!(1.5), json!("5"), json!(true), json!([5])] {
        let mut args = Args::new();
        args.push("id", bad.clone());
        let m = invalid(op.request(args));
        assert!(m.starts_with("`id` must be"), "{bad}: {m}");
    }
    let mut args = Args::new();
    args.push("id", json!(u64::MAX));
    assert_eq!(
        op.request(args).unwrap().path,
        format!("/deals/{}", u64::MAX)
    );
}

#[test]
fn body_arguments_and_extra_reach_the_body() {
    let op = operations()
        .iter()
        .find(|o| o.id == "deals.create")
        .expect("deals.create");
    assert_eq!(op.args.last().map(|a| a.location), Some(ArgLocation::Body));
    let mut args = Args::new();
    args.push("title", json!("Forty licences"));
    args.push("value", json!("4000.50"));
    args.push(
        "extra",
        json!({"label": null, "0123456789abcdef0123456789abcdef01234567": 5}),
    );
    let req = op.request(args).unwrap();
    let pipedrive_transport::Body::Json(bytes) = &req.body else {
        panic!("expected a JSON body, got {:?}", req.body);
    };
    // An amount goes out with exactly the digits given; a deal's value is a string in
    // the API contract, so as text.
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.contains(r#""value":"4000.50""#), "{text}");
    let body: Value = serde_json::from_slice(bytes).unwrap();
    assert_eq!(
        body,
        json!({"title": "Forty licences", "value": "4000.50", "label": null,
               "0123456789abcdef0123456789abcdef01234567": 5})
    );
}

#[test]
fn enums_are_a_closed_set() {
    let op = operations()
        .iter()
        .find(|o| o.id == "deals.list")
        .expect("deals.list");
    let mut args = Args::new();
    args.push("status", json!("opened"));
    let m = invalid(op.request(args));
    assert!(
        m.starts_with("`status` must be one of open, won, lost"),
        "{m}"
    );
    let mut args = Args::new();
    args.push("status", json!("won"));
    args.push("owned_by_you", json!(true));
    let req = op.request(args).unwrap();
    assert_eq!(
        req.query,
        vec![
            ("status".to_owned(), "won".to_owned()),
            ("owned_by_you".to_owned(), "1".to_owned())
        ]
    );
}

#[test]
fn deprecations_come_from_the_official_contract() {
    let deprecated: Vec<&str> = operations()
        .iter()
        .filter(|o| o.deprecated)
        .map(|o| o.id)
        .collect();
    // The v1 deals list is one of the endpoints v2 replaces.
    assert!(deprecated.contains(&"deals.list"), "{deprecated:?}");
    assert!(!deprecated.contains(&"users.me"), "{deprecated:?}");
}
