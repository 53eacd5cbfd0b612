//! Every way a response can be wrong maps to a typed error, and no error (nor the
//! config or transport) ever prints the token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Action, TOKEN, closed_port_url, config, raw_server, response, transport};
use httpmock::prelude::*;
use pipedrive_transport::{Config, Error, Method, Request, Transport};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;

fn get(path: &str) -> Request {
    Request::new(Method::Get, path)
}

fn error_for(status: u16, body: &str) -> Error {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/thing");
        then.status(status).body(body);
    });
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(0)).unwrap();
    t.call::<Value>(&get("/thing")).unwrap_err()
}

#[test]
fn html_403_is_forbidden_with_a_snippet() {
    let html = "<html><head><title>403 Forbidden</title></head><body>Request blocked</body></html>";
    let err = error_for(403, html);
    match &err {
        Error::Forbidden { error, body, .. } => {
            assert_eq!(error, "Forbidden");
            assert!(body.starts_with("<html>"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(403));
    assert!(!err.is_retryable());
}

#[test]
fn success_false_with_200_is_an_api_error() {
    let err = error_for(
        200,
        r#"{"success":false,"error":"Deal not saved","error_info":"check fields","code":"E_VALIDATION","data":null}"#,
    );
    match &err {
        Error::Api {
            status,
            error,
            error_info,
            code,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(error, "Deal not saved");
            assert_eq!(error_info.as_deref(), Some("check fields"));
            assert_eq!(code.as_deref(), Some("E_VALIDATION"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.error_text(), Some("Deal not saved"));
    assert_eq!(err.error_info(), Some("check fields"));
    assert_eq!(err.code(), Some("E_VALIDATION"));
}

#[test]
fn status_400_with_numeric_error_code() {
    let err = error_for(
        400,
        r#"{"success":false,"error":"Bad request","errorCode":400,"error_info":"x","data":null}"#,
    );
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert_eq!(err.code(), Some("400"));
}

#[test]
fn empty_body_is_a_decode_error() {
    let err = error_for(200, "");
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}

#[test]
fn truncated_json_is_a_decode_error() {
    let err = error_for(200, r#"{"success":true,"data":{"id":1,"title":"#);
    match &err {
        Error::Decode { snippet, .. } => assert!(snippet.starts_with(r#"{"success":true"#)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_shape_is_a_decode_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/thing");
        then.status(200)
            .json_body(json!({"success": true, "data": {"id": "not a number"}}));
    });
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Thing {
        id: u64,
    }
    let (t, _) = transport(&server.url("/v1"));
    let err = t.call::<Thing>(&get("/thing")).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    // `data: null` only decodes into types that accept null.
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/thing");
        then.status(200)
            .json_body(json!({"success": true, "data": null}));
    });
    let (t, _) = transport(&server.url("/v1"));
    assert_eq!(t.call::<Option<Value>>(&get("/thing")).unwrap(), None);
    assert_eq!(t.call::<Value>(&get("/thing")).unwrap(), Value::Null);
    assert!(matches!(
        t.call::<Vec<Value>>(&get("/thing")),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn body_cut_off_on_the_wire_is_a_transport_error() {
    let mut reply = response(
        "200 OK",
        &[
            ("content-type", "application/json"),
            ("content-length", "100"),
        ],
        b"",
    );
    reply.extend_from_slice(br#"{"success":true,"data":"#);
    let server = raw_server(vec![Action::Reply(reply)]);
    let (config, _) = config(&server.base_url);
    let t = Transport::new(config.max_retries(0)).unwrap();
    let err = t.call::<Value>(&get("/thing")).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn not_found_and_unauthorized_are_mapped() {
    let err = error_for(
        404,
        r#"{"success":false,"error":"Deal not found","data":null}"#,
    );
    assert!(
        matches!(&err, Error::NotFound { error, .. } if error == "Deal not found"),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(404));
    let err = error_for(401, r#"{"success":false,"error":"unauthorized access"}"#);
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401));
}

#[test]
fn oversized_body_is_body_too_large() {
    let big = format!(r#"{{"success":true,"data":"{}"}}"#, "x".repeat(4096));
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/thing");
        then.status(200).body(&big);
    });
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_body_bytes(1024)).unwrap();
    let err = t.call::<Value>(&get("/thing")).unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
}

#[test]
fn oversized_body_without_content_length_is_body_too_large() {
    // No length announced: the limit must be enforced while reading.
    let mut reply =
        b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\n\r\n".to_vec();
    reply.extend_from_slice(format!(r#"{{"data":"{}"}}"#, "y".repeat(5000)).as_bytes());
    let server = raw_server(vec![Action::Reply(reply)]);
    let (config, _) = config(&server.base_url);
    let t = Transport::new(config.max_body_bytes(1000)).unwrap();
    let err = t.call::<Value>(&get("/thing")).unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1000 }),
        "{err:?}"
    );
}

/// `from_env` is exercised in child processes so the environment of this one is never
/// modified (`set_var` is unsafe, and unsafe code is forbidden here).
#[test]
fn from_env_reads_the_token_variable() {
    match std::env::var("PD_TRANSPORT_FROM_ENV_CHILD").as_deref() {
        Ok("missing") => {
            let err = Config::from_env().unwrap_err();
            assert!(matches!(err, Error::MissingToken { .. }), "{err:?}");
            assert!(err.to_string().contains("PIPEDRIVE_API_TOKEN"));
            return;
        }
        Ok("present") => {
            let config = Config::from_env().unwrap();
            assert!(!format!("{config:?}").contains(TOKEN));
            assert!(Transport::new(config).is_ok());
            return;
        }
        _ => {}
    }
    let exe = std::env::current_exe().unwrap();
    for (mode, token) in [("missing", None), ("present", Some(TOKEN))] {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["from_env_reads_the_token_variable", "--exact", "--quiet"])
            .env("PD_TRANSPORT_FROM_ENV_CHILD", mode)
            .env_remove("PIPEDRIVE_API_TOKEN");
        if let Some(token) = token {
            cmd.env("PIPEDRIVE_API_TOKEN", token);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{mode}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The child ran exactly this test, not zero tests.
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "{mode}"
        );
    }
}

fn variant(e: &Error) -> &'static str {
    match e {
        Error::Api { .. } => "Api",
        Error::Unauthorized { .. } => "Unauthorized",
        Error::Forbidden { .. } => "Forbidden",
        Error::NotFound { .. } => "NotFound",
        Error::RateLimited { .. } => "RateLimited",
        Error::Timeout => "Timeout",
        Error::Transport { .. } => "Transport",
        Error::Decode { .. } => "Decode",
        Error::InvalidInput(_) => "InvalidInput",
        Error::BodyTooLarge { .. } => "BodyTooLarge",
        Error::Redirect { .. } => "Redirect",
        Error::MissingToken { .. } => "MissingToken",
        Error::TokenRefresh { .. } => "TokenRefresh",
        Error::Io { .. } => "Io",
        _ => "unknown",
    }
}

const ALL_VARIANTS: [&str; 14] = [
    "Api",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "Timeout",
    "Transport",
    "Decode",
    "InvalidInput",
    "BodyTooLarge",
    "Redirect",
    "MissingToken",
    "TokenRefresh",
    "Io",
];

/// A writer that fails, mentioning the token, to prove even local errors are scrubbed.
struct FailingWriter;

impl std::io::Write for FailingWriter {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other(format!(
            "disk full while saving {TOKEN}"
        )))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn no_error_variant_prints_the_token() {
    // A server that echoes the token back in every error body, as a buggy proxy might.
    let echo = format!(
        r#"{{"success":false,"error":"bad token {TOKEN}","error_info":"sent {TOKEN}","code":"{TOKEN}","data":null}}"#
    );
    let server = MockServer::start();
    for (path, status) in [
        ("api", 400),
        ("unauth", 401),
        ("forbidden", 403),
        ("missing", 404),
        ("limited", 429),
    ] {
        let body = echo.clone();
        server.mock(move |when, then| {
            when.path(format!("/v1/{path}"));
            then.status(status).header("retry-after", "1").body(body);
        });
    }
    server.mock(|when, then| {
        when.path("/v1/decode");
        then.status(200)
            .body(format!("<html>not json {TOKEN}</html>"));
    });
    server.mock(|when, then| {
        when.path("/v1/big");
        then.status(200).body("x".repeat(2048));
    });
    server.mock(|when, then| {
        when.path("/v1/moved");
        then.status(307).header(
            "location",
            format!("https://elsewhere.example/?leak={TOKEN}"),
        );
    });
    server.mock(|when, then| {
        when.path("/v1/download");
        then.status(200).body("bytes");
    });

    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(0).max_body_bytes(1024)).unwrap();
    let call = |path: &str| t.call::<Value>(&get(path)).unwrap_err();

    let mut errors = vec![
        call("/api"),
        call("/unauth"),
        call("/forbidden"),
        call("/missing"),
        call("/limited"),
        call("/decode"),
        call("/big"),
        t.call::<Value>(&Request::new(Method::Post, "/moved"))
            .unwrap_err(),
        t.download(&get("/download"), &mut FailingWriter)
            .unwrap_err(),
    ];

    // Timeout: a server that never answers.
    let hang = raw_server(vec![Action::Hang(Duration::from_secs(3))]);
    let (config, _) = common::config(&hang.base_url);
    let slow = Transport::new(
        config
            .read_timeout(Duration::from_millis(100))
            .max_retries(0),
    )
    .unwrap();
    errors.push(slow.call::<Value>(&get("/deals")).unwrap_err());

    // Transport: nobody listening.
    let (config, _) = common::config(&closed_port_url());
    let refused = Transport::new(config.max_retries(0)).unwrap();
    errors.push(refused.call::<Value>(&get("/deals")).unwrap_err());

    // InvalidInput from `Transport::new`, with the token inside the bad URL.
    errors.push(
        Transport::new(
            Config::with_api_token(TOKEN).base_url(format!("http://remote.example/{TOKEN}")),
        )
        .unwrap_err(),
    );

    // MissingToken.
    errors.push(Error::MissingToken {
        variable: "PIPEDRIVE_API_TOKEN".into(),
    });

    // TokenRefresh: the hook's own message mentions the token.
    let oauth_server = MockServer::start();
    oauth_server.mock(|when, then| {
        when.any_request();
        then.status(401);
    });
    let oauth = Transport::new(
        Config::oauth(TOKEN)
            .base_url(oauth_server.url("/v1"))
            .on_token_refresh(|| Err(format!("refresh of {TOKEN} was revoked").into())),
    )
    .unwrap();
    errors.push(oauth.call::<Value>(&get("/users/me")).unwrap_err());

    let mut seen = BTreeSet::new();
    for e in &errors {
        let debug = format!("{e:?}");
        let display = format!("{e}");
        assert!(!debug.contains(TOKEN), "Debug leaks the token: {debug}");
        assert!(
            !display.contains(TOKEN),
            "Display leaks the token: {display}"
        );
        seen.insert(variant(e));
    }
    let expected: BTreeSet<&str> = ALL_VARIANTS.into_iter().collect();
    assert_eq!(seen, expected, "every variant is exercised");

    // The redacted text is still useful.
    let api = &errors[0];
    assert_eq!(api.error_text(), Some("bad token ***"));

    // Config and transport debug output is clean too.
    let (config, _) = common::config("http://127.0.0.1:1/v1");
    assert!(!format!("{config:?}").contains(TOKEN));
    assert!(format!("{config:?}").contains("Secret(***)"));
    assert!(!format!("{t:?}").contains(TOKEN));
    assert!(!format!("{oauth:?}").contains(TOKEN));
}

/// A body is scrubbed before it is cut to its 4 KiB snippet: a token straddling the cut
/// used to leave its first characters at the end of `body`. Checked for every variant
/// that keeps a body (API errors by status, and a 2xx body that does not decode).
#[test]
fn a_token_at_the_snippet_cut_leaves_no_fragment() {
    let server = MockServer::start();
    let statuses = [400u16, 401, 403, 404, 429, 500];
    for pad in [4080usize, 4090, 4095] {
        let body = format!("{}{TOKEN}", "x".repeat(pad));
        for status in statuses {
            let body = body.clone();
            server.mock(move |when, then| {
                when.path(format!("/v1/s{status}-{pad}"));
                then.status(status).body(body);
            });
        }
        let body = body.clone();
        server.mock(move |when, then| {
            when.path(format!("/v1/decode-{pad}"));
            then.status(200).body(body);
        });
    }
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(0)).unwrap();
    for pad in [4080usize, 4090, 4095] {
        let mut paths: Vec<String> = statuses.iter().map(|s| format!("/s{s}-{pad}")).collect();
        paths.push(format!("/decode-{pad}"));
        for path in paths {
            let err = t.call::<Value>(&get(&path)).unwrap_err();
            let body = err
                .body()
                .unwrap_or_else(|| panic!("{path}: no body in {err:?}"));
            let tail = body.trim_end_matches('…').trim_start_matches('x');
            assert!(
                "***".starts_with(tail),
                "{path}: {} keeps a token fragment: {tail:?}",
                variant(&err)
            );
            assert!(
                body.len() <= 4096 + '…'.len_utf8(),
                "{path}: {}",
                body.len()
            );
        }
    }
}
