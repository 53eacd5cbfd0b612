//! The error table (DESIGN.md "One error taxonomy") on the foreign surface: every row
//! driven through the sandbox's faults by the exported client, as Kotlin and Swift call
//! it, and every Rust variant through the conversion. The Rust and Python surfaces drive
//! the same rows (`tests/tests/error_taxonomy.rs`, `python/tests/test_error_taxonomy.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use crate::boundary_tests::config;
use crate::error::RateLimitHeaders;
use crate::params::UploadFile;
use crate::{ApiToken, Client, ClientConfig, FileUpload, PipedriveError};
use pipedrive::{Error, ErrorClass, RateLimit};
use pipedrive_sandbox::{FAULT_CODE, FAULT_INFO, REDIRECT_TARGET, Sandbox};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "taxonomy-token-ffi-1a2b3c4d";
const SANDBOX_INFO: &str =
    "Please check developers.pipedrive.com for more information about Pipedrive API.";

fn sandbox() -> Sandbox {
    Sandbox::builder().token(TOKEN).start().unwrap()
}

fn client_config(sb: &Sandbox) -> ClientConfig {
    ClientConfig {
        api_token: Some(Arc::new(ApiToken::new(TOKEN.into()))),
        ..config(sb.base_url())
    }
}

fn fail_with(config: ClientConfig) -> PipedriveError {
    let err = Client::new(config).unwrap().deals().list(None).unwrap_err();
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    err
}

fn answered(name: &str) -> PipedriveError {
    let sb = sandbox();
    sb.faults().answer_next(&[name]).unwrap();
    fail_with(client_config(&sb))
}

/// The case's name, which is the class's name in the Rust table.
fn case(e: &PipedriveError) -> &'static str {
    match e {
        PipedriveError::Api { .. } => "Api",
        PipedriveError::Unauthorized { .. } => "Unauthorized",
        PipedriveError::Forbidden { .. } => "Forbidden",
        PipedriveError::NotFound { .. } => "NotFound",
        PipedriveError::RateLimited { .. } => "RateLimited",
        PipedriveError::Timeout { .. } => "Timeout",
        PipedriveError::Transport { .. } => "Transport",
        PipedriveError::Decode { .. } => "Decode",
        PipedriveError::InvalidInput { .. } => "InvalidInput",
        PipedriveError::Internal { .. } => "Internal",
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[test]
fn api_row() {
    for (name, status, text) in [
        ("error-500", 500, "Internal Server Error"),
        ("success-false", 200, "The request could not be completed"),
    ] {
        match answered(name) {
            PipedriveError::Api {
                status: s,
                error_text,
                error_info,
                code,
                body,
                detail,
            } => {
                assert_eq!((s, error_text.as_str()), (status, text));
                assert_eq!((error_info, code), (some(FAULT_INFO), some(FAULT_CODE)));
                assert!(body.contains(FAULT_CODE), "{body}");
                assert!(detail.contains(text), "{detail}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn unauthorized_forbidden_and_not_found_rows_carry_code_and_body() {
    for (name, want) in [
        ("error-401", "Unauthorized"),
        ("error-403", "Forbidden"),
        ("error-404", "NotFound"),
    ] {
        let err = answered(name);
        assert_eq!(case(&err), want, "{err:?}");
        let (status, text, info, code, body) = match err {
            PipedriveError::Unauthorized {
                status,
                error_text,
                error_info,
                code,
                body,
                ..
            } => (Some(status), error_text, error_info, code, body),
            PipedriveError::Forbidden {
                status,
                error_text,
                error_info,
                code,
                body,
                ..
            }
            | PipedriveError::NotFound {
                status,
                error_text,
                error_info,
                code,
                body,
                ..
            } => (Some(status), Some(error_text), error_info, code, Some(body)),
            other => panic!("{other:?}"),
        };
        let expected_status: i32 = name[6..].parse().unwrap();
        assert_eq!(status, Some(expected_status));
        assert!(text.is_some_and(|t| !t.is_empty()));
        assert_eq!((info, code), (some(FAULT_INFO), some(FAULT_CODE)));
        assert!(body.unwrap().contains(FAULT_CODE));
    }

    let sb = sandbox();
    sb.faults().html_403_next(1);
    match fail_with(client_config(&sb)) {
        PipedriveError::Forbidden {
            status: 403,
            error_text,
            code: None,
            body,
            ..
        } => {
            assert_eq!(error_text, "Forbidden");
            assert!(body.contains("<h1>403 Forbidden</h1>"), "{body}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rate_limited_row_burst_and_daily_budget() {
    let sb = sandbox();
    sb.faults().fail_next(1, 429).unwrap();
    match fail_with(client_config(&sb)) {
        PipedriveError::RateLimited {
            status: 429,
            error_text,
            error_info,
            code,
            body,
            retry_after_seconds,
            ..
        } => {
            assert_eq!(error_text, "Request over limit");
            assert_eq!((error_info, code), (some(SANDBOX_INFO), some("429")));
            assert!(body.contains("Request over limit"), "{body}");
            assert_eq!(retry_after_seconds, Some(1.0));
        }
        other => panic!("{other:?}"),
    }
    // Retries allowed: the hour's wait is beyond the budget all the same.
    sb.faults().answer_next(&["daily-budget"]).unwrap();
    let mut retrying = client_config(&sb);
    retrying.max_retries = Some(3);
    match fail_with(retrying) {
        PipedriveError::RateLimited {
            retry_after_seconds,
            rate_limit,
            error_info,
            ..
        } => {
            assert_eq!(retry_after_seconds, Some(3600.0));
            assert_eq!(rate_limit.daily_requests_left, Some(0));
            assert_eq!(error_info, some(FAULT_INFO));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn timeout_row() {
    let sb = sandbox();
    sb.faults().delay(Duration::from_millis(1000));
    let mut quick = client_config(&sb);
    quick.timeout = Some(Duration::from_millis(200));
    match fail_with(quick) {
        PipedriveError::Timeout {
            status: None,
            body: None,
            detail,
            ..
        } => assert!(detail.contains("timed out"), "{detail}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn transport_row() {
    let sb = sandbox();
    sb.faults().drop_next(1);
    let err = fail_with(client_config(&sb));
    assert!(
        matches!(err, PipedriveError::Transport { status: None, .. }),
        "{err:?}"
    );

    match answered("redirect") {
        PipedriveError::Transport {
            status: Some(302),
            detail,
            body: None,
            ..
        } => assert!(detail.contains(REDIRECT_TARGET), "{detail}"),
        other => panic!("{other:?}"),
    }
    match answered("oversized") {
        PipedriveError::Transport {
            status: None,
            detail,
            ..
        } => assert!(detail.contains("exceeds the limit"), "{detail}"),
        other => panic!("{other:?}"),
    }
    // Local I/O: a directory given as the file to upload.
    let dir = std::env::temp_dir().join(format!("pipedrive-taxonomy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = Client::new(client_config(&sb))
        .unwrap()
        .files()
        .upload(UploadFile {
            file: FileUpload::Path {
                path: dir.to_string_lossy().into_owned(),
            },
            deal_id: Some(1),
            person_id: None,
            org_id: None,
            product_id: None,
            activity_id: None,
            lead_id: None,
        })
        .unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(err, PipedriveError::Transport { .. }), "{err:?}");
}

#[test]
fn decode_row() {
    match answered("not-json") {
        PipedriveError::Decode {
            status: 200,
            error_text: None,
            body,
            ..
        } => assert!(body.contains("Down for maintenance"), "{body}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_input_row() {
    let mut bad = config("ftp://example.com/v1".into());
    bad.api_token = Some(Arc::new(ApiToken::new(TOKEN.into())));
    match Client::new(bad).unwrap_err() {
        PipedriveError::InvalidInput {
            status: None,
            body: None,
            detail,
            ..
        } => assert!(!detail.contains(TOKEN) && !detail.is_empty()),
        other => panic!("{other:?}"),
    }
}

/// One sample of every Rust variant, including those the exported client cannot reach
/// (no OAuth refresh hook, no interrupt hook, no token from the environment here).
fn samples() -> Vec<Error> {
    let mut rate = RateLimit::default();
    rate.daily_requests_left = Some(0);
    vec![
        Error::Api {
            status: 422,
            error: "e".into(),
            error_info: None,
            code: Some("c".into()),
            body: "{}".into(),
        },
        Error::Unauthorized {
            error: "e".into(),
            error_info: None,
            code: Some("401".into()),
            body: "{}".into(),
        },
        Error::TokenRefresh {
            message: "refused".into(),
        },
        Error::Forbidden {
            error: "e".into(),
            error_info: None,
            code: None,
            body: "<html>".into(),
        },
        Error::NotFound {
            error: "e".into(),
            error_info: Some("i".into()),
            code: Some("c".into()),
            body: "{}".into(),
        },
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(5)),
            rate_limit: Box::new(rate),
            error: "e".into(),
            error_info: None,
            code: None,
            body: "{}".into(),
        },
        Error::Timeout,
        Error::Transport {
            message: "reset".into(),
            before_send: false,
        },
        Error::Io {
            kind: std::io::ErrorKind::NotFound,
            message: "gone".into(),
        },
        Error::BodyTooLarge { limit: 10 },
        Error::Redirect {
            status: 307,
            location: "http://x.invalid/".into(),
        },
        Error::Interrupted,
        Error::Decode {
            status: 200,
            message: "m".into(),
            snippet: "<".into(),
        },
        Error::InvalidInput("bad".into()),
        Error::MissingToken {
            variable: "PIPEDRIVE_API_TOKEN".into(),
        },
    ]
}

#[test]
fn every_variant_becomes_the_case_of_its_class() {
    let mut seen = BTreeSet::new();
    for e in samples() {
        let class = e.class();
        let debug = format!("{e:?}");
        let converted = PipedriveError::from(e);
        assert_eq!(case(&converted), class.name(), "{debug} -> {converted:?}");
        seen.insert(class.name());
    }
    let all: BTreeSet<&str> = ErrorClass::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(seen, all, "a class without a sample");
}

#[test]
fn conversion_keeps_every_field() {
    assert_eq!(
        PipedriveError::from(Error::Unauthorized {
            error: "e".into(),
            error_info: Some("i".into()),
            code: Some("401".into()),
            body: "{}".into(),
        }),
        PipedriveError::Unauthorized {
            status: 401,
            error_text: some("e"),
            error_info: some("i"),
            code: some("401"),
            body: some("{}"),
            detail: "unauthorized (HTTP 401): e (i)".into(),
        }
    );
    match PipedriveError::from(Error::TokenRefresh {
        message: "refused".into(),
    }) {
        PipedriveError::Unauthorized {
            status: 401,
            error_text: None,
            body: None,
            detail,
            ..
        } => assert!(detail.contains("refused"), "{detail}"),
        other => panic!("{other:?}"),
    }
    let mut rate = RateLimit::default();
    rate.remaining = Some(0);
    rate.reset = Some(Duration::from_millis(1500));
    match PipedriveError::from(Error::RateLimited {
        retry_after: None,
        rate_limit: Box::new(rate),
        error: "e".into(),
        error_info: Some("i".into()),
        code: Some("c".into()),
        body: "{}".into(),
    }) {
        PipedriveError::RateLimited {
            rate_limit,
            error_info,
            code,
            ..
        } => {
            assert_eq!(
                rate_limit,
                RateLimitHeaders {
                    limit: None,
                    remaining: Some(0),
                    reset_seconds: Some(1.5),
                    daily_requests_left: None,
                }
            );
            assert_eq!((error_info, code), (some("i"), some("c")));
        }
        other => panic!("{other:?}"),
    }
    match PipedriveError::from(Error::MissingToken {
        variable: "PIPEDRIVE_API_TOKEN".into(),
    }) {
        PipedriveError::InvalidInput { detail, .. } => {
            assert!(detail.contains("PIPEDRIVE_API_TOKEN"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}
