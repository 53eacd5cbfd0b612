//! The error table (DESIGN.md "One error taxonomy"), driven row by row through the
//! sandbox's faults: every `Error` variant a call can end in, its class, and the fields
//! each class carries. The Python (`python/tests/test_error_taxonomy.py`) and uniffi
//! (`bindings/ffi/src/taxonomy_tests.rs`) surfaces drive the same rows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive_sandbox::{FAULT_CODE, FAULT_INFO, REDIRECT_TARGET, Sandbox};
use pipedrive_transport::{Config, Error, ErrorClass, Method, Request, Transport};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::time::Duration;

const TOKEN: &str = "taxonomy-token-6a5b4c3d2e1f";

fn sandbox() -> Sandbox {
    Sandbox::builder().token(TOKEN).start().unwrap()
}

fn config(sb: &Sandbox) -> Config {
    Config::with_api_token(TOKEN)
        .base_url(sb.base_url())
        .max_retries(0)
}

fn fail(config: Config) -> Error {
    let t = Transport::new(config).unwrap();
    let err = t
        .call::<Value>(&Request::new(Method::Get, "/deals"))
        .unwrap_err();
    // No row may show the token, whichever field it reads.
    for text in [format!("{err:?}"), err.to_string()] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    err
}

/// One sandbox answer queued by name, then one GET.
fn answered(name: &str) -> Error {
    let sb = sandbox();
    sb.faults().answer_next(&[name]).unwrap();
    fail(config(&sb))
}

/// What every class carries, read through the accessors the bindings use.
#[derive(Debug, PartialEq)]
struct Fields<'a> {
    class: ErrorClass,
    status: Option<u16>,
    error: Option<&'a str>,
    error_info: Option<&'a str>,
    code: Option<&'a str>,
}

fn fields(e: &Error) -> Fields<'_> {
    Fields {
        class: e.class(),
        status: e.status(),
        error: e.error_text(),
        error_info: e.error_info(),
        code: e.code(),
    }
}

fn coded(class: ErrorClass, status: u16, error: &'static str) -> Fields<'static> {
    Fields {
        class,
        status: Some(status),
        error: Some(error),
        error_info: Some(FAULT_INFO),
        code: Some(FAULT_CODE),
    }
}

fn local(class: ErrorClass) -> Fields<'static> {
    Fields {
        class,
        status: None,
        error: None,
        error_info: None,
        code: None,
    }
}

fn body_has(e: &Error, needle: &str) {
    let body = e.body().unwrap_or_else(|| panic!("no body: {e:?}"));
    assert!(body.contains(needle), "{needle:?} not in {body:?}");
}

#[test]
fn api_row_other_statuses_and_success_false() {
    let e = answered("error-500");
    assert!(matches!(e, Error::Api { status: 500, .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        coded(ErrorClass::Api, 500, "Internal Server Error")
    );
    body_has(&e, FAULT_CODE);

    let e = answered("success-false");
    assert!(matches!(e, Error::Api { status: 200, .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        coded(ErrorClass::Api, 200, "The request could not be completed")
    );
    body_has(&e, "\"success\":false");
}

#[test]
fn unauthorized_row_401_and_failed_token_refresh() {
    let e = answered("error-401");
    assert!(matches!(e, Error::Unauthorized { .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        coded(ErrorClass::Unauthorized, 401, "Unauthorized")
    );
    body_has(&e, FAULT_INFO);

    // OAuth: the 401 asks the refresh hook, whose failure ends the call.
    let sb = sandbox();
    sb.faults().answer_next(&["error-401"]).unwrap();
    let refresh_says = format!("refresh endpoint refused {TOKEN}");
    let e = fail(
        Config::oauth(TOKEN)
            .base_url(sb.base_url())
            .max_retries(0)
            .on_token_refresh(move || Err(refresh_says.clone().into())),
    );
    assert!(matches!(e, Error::TokenRefresh { .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(401),
            ..local(ErrorClass::Unauthorized)
        }
    );
    assert!(
        e.to_string().contains("refresh endpoint refused ***"),
        "{e}"
    );
}

#[test]
fn forbidden_row_json_and_the_html_abuse_page() {
    let e = answered("error-403");
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    assert_eq!(fields(&e), coded(ErrorClass::Forbidden, 403, "Forbidden"));

    let sb = sandbox();
    sb.faults().html_403_next(1);
    let e = fail(config(&sb));
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(403),
            error: Some("Forbidden"),
            ..local(ErrorClass::Forbidden)
        }
    );
    body_has(&e, "<h1>403 Forbidden</h1>");
}

#[test]
fn not_found_row() {
    let e = answered("error-404");
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert_eq!(fields(&e), coded(ErrorClass::NotFound, 404, "Not Found"));
    body_has(&e, FAULT_CODE);
}

#[test]
fn rate_limited_row_burst_and_daily_budget() {
    let sb = sandbox();
    sb.faults().fail_next(1, 429).unwrap();
    let e = fail(config(&sb));
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(429),
            error: Some("Request over limit"),
            error_info: Some(
                "Please check developers.pipedrive.com for more information about Pipedrive API."
            ),
            code: Some("429"),
            ..local(ErrorClass::RateLimited)
        }
    );
    assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
    body_has(&e, "Request over limit");

    let e = answered("daily-budget");
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(429),
            error: Some("Daily API token budget exceeded"),
            error_info: Some(FAULT_INFO),
            code: Some("429"),
            class: ErrorClass::RateLimited,
        }
    );
    // An hour's wait is beyond the retry budget even with retries allowed.
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(e.rate_limit().unwrap().daily_requests_left, Some(0));
}

#[test]
fn timeout_row() {
    let sb = sandbox();
    sb.faults().delay(Duration::from_millis(1000));
    let e = fail(config(&sb).timeout(Duration::from_millis(200)));
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::Timeout));
    assert_eq!(e.body(), None);
}

#[test]
fn transport_row_dropped_connection_redirect_oversized_body_io_and_interrupt() {
    let sb = sandbox();
    sb.faults().drop_next(1);
    let e = fail(config(&sb));
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::Transport));

    let e = answered("redirect");
    match &e {
        Error::Redirect { status, location } => {
            assert_eq!((*status, location.as_str()), (302, REDIRECT_TARGET));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(302),
            ..local(ErrorClass::Transport)
        }
    );

    let e = answered("oversized");
    assert!(matches!(e, Error::BodyTooLarge { .. }), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::Transport));

    // A download whose destination fails to take the bytes.
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let t = Transport::new(config(&sb)).unwrap();
    let e = t
        .download(&Request::new(Method::Get, "/deals"), &mut Full)
        .unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::Transport));

    // The interrupt hook fires during the retry wait after a 503.
    sb.faults().fail_next(1, 503).unwrap();
    let e = fail(config(&sb).max_retries(1).interrupt(|| true));
    assert!(matches!(e, Error::Interrupted), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::Transport));
}

#[test]
fn decode_row() {
    let e = answered("not-json");
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e:?}");
    assert_eq!(
        fields(&e),
        Fields {
            status: Some(200),
            ..local(ErrorClass::Decode)
        }
    );
    body_has(&e, "Down for maintenance");
}

#[test]
fn invalid_input_row() {
    let e =
        Transport::new(Config::with_api_token(TOKEN).base_url("ftp://example.com/v1")).unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert_eq!(fields(&e), local(ErrorClass::InvalidInput));

    // `Config::from_env` without the variable, in a child process (the environment of
    // this one is shared by the tests running beside it).
    if std::env::var_os("PD_TAXONOMY_CHILD").is_some() {
        let e = Config::from_env().unwrap_err();
        assert!(matches!(e, Error::MissingToken { .. }), "{e:?}");
        assert_eq!(fields(&e), local(ErrorClass::InvalidInput));
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["invalid_input_row", "--exact", "--quiet"])
        .env("PD_TAXONOMY_CHILD", "1")
        .env_remove("PIPEDRIVE_API_TOKEN")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}"
    );
}

#[test]
fn every_class_has_a_row_above() {
    // The rows above, by the class each drives; a class added to the table without a row
    // here fails this test.
    let driven: BTreeSet<&str> = [
        ErrorClass::Api,
        ErrorClass::Unauthorized,
        ErrorClass::Forbidden,
        ErrorClass::NotFound,
        ErrorClass::RateLimited,
        ErrorClass::Timeout,
        ErrorClass::Transport,
        ErrorClass::Decode,
        ErrorClass::InvalidInput,
    ]
    .iter()
    .map(|c| c.name())
    .collect();
    let all: BTreeSet<&str> = ErrorClass::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(driven, all);
    assert_eq!(all.len(), ErrorClass::ALL.len(), "names are distinct");
}
