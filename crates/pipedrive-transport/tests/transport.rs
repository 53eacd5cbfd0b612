//! Retries, rate limits, pacing, credentials and redirects, request bodies, downloads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Action, TOKEN, closed_port_url, config, ok_json, raw_server, response, transport};
use httpmock::prelude::*;
use pipedrive_transport::{ApiResponse, Config, Error, Method, Multipart, Request, Transport};
use serde_json::{Value, json};
use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn get(path: &str) -> Request {
    Request::new(Method::Get, path)
}

fn ok_body() -> Value {
    json!({"success": true, "data": {"id": 1}})
}

// ---------------------------------------------------------------- retries

#[test]
fn retries_429_honouring_retry_after() {
    let server = MockServer::start();
    let limited = server.mock(|when, then| {
        when.method(GET).path("/v1/deals/1");
        then.status(429)
            .header("retry-after", "1")
            .json_body(json!({"success": false, "error": "Too many requests"}))
            .up_to_n_times(1);
    });
    let ok = server.mock(|when, then| {
        when.method(GET).path("/v1/deals/1");
        then.status(200).json_body(ok_body());
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let data: Value = t.call(&get("/deals/1")).unwrap();
    assert_eq!(data["id"], 1);
    limited.assert_calls(1);
    ok.assert_calls(1);
    assert_eq!(sleeps.all(), vec![Duration::from_secs(1)]);
}

#[test]
fn retries_429_using_ratelimit_reset_as_a_duration() {
    let server = MockServer::start();
    let limited = server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(429)
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", "2")
            .up_to_n_times(1);
    });
    let ok = server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(200)
            .header("x-ratelimit-remaining", "5")
            .json_body(json!({"success": true, "data": []}));
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let data: Vec<Value> = t.call(&get("/deals")).unwrap();
    assert!(data.is_empty());
    limited.assert_calls(1);
    ok.assert_calls(1);
    // One wait of the reset duration: the retry wait, not a second pacing wait on top.
    assert_eq!(sleeps.all(), vec![Duration::from_secs(2)]);
}

#[test]
fn retries_503_for_get_then_succeeds() {
    let server = MockServer::start();
    let unavailable = server.mock(|when, then| {
        when.path("/v1/deals/1");
        then.status(503).up_to_n_times(2);
    });
    let ok = server.mock(|when, then| {
        when.path("/v1/deals/1");
        then.status(200).json_body(ok_body());
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let _: Value = t.call(&get("/deals/1")).unwrap();
    unavailable.assert_calls(2);
    ok.assert_calls(1);
    let waits = sleeps.all();
    assert_eq!(waits.len(), 2);
    // Full jitter: each wait is at most base * 2^attempt (base = 1 ms here).
    assert!(waits[0] <= Duration::from_millis(1) && waits[1] <= Duration::from_millis(2));
}

#[test]
fn gives_up_after_max_retries() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(502)
            .json_body(json!({"success": false, "error": "bad gateway"}));
    });
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(2)).unwrap();
    let err = t.call::<Value>(&get("/deals")).unwrap_err();
    m.assert_calls(3);
    assert_eq!(err.status(), Some(502));
    assert!(err.is_retryable());
    assert_eq!(err.error_text(), Some("bad gateway"));
}

#[test]
fn post_is_not_retried_after_503() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.method(POST).path("/v1/deals");
        then.status(503);
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let req = Request::new(Method::Post, "/deals")
        .json(&json!({"title": "x"}))
        .unwrap();
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    m.assert_calls(1);
    assert!(sleeps.all().is_empty());
}

#[test]
fn post_is_retried_after_429() {
    let server = MockServer::start();
    let limited = server.mock(|when, then| {
        when.method(POST).path("/v1/deals");
        then.status(429).header("retry-after", "0").up_to_n_times(1);
    });
    let created = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/deals")
            .json_body(json!({"title": "x"}));
        then.status(201)
            .json_body(json!({"success": true, "data": {"id": 7}}));
    });
    let (t, _) = transport(&server.url("/v1"));
    let req = Request::new(Method::Post, "/deals")
        .json(&json!({"title": "x"}))
        .unwrap();
    let data: Value = t.call(&req).unwrap();
    assert_eq!(data["id"], 7);
    limited.assert_calls(1);
    created.assert_calls(1);
}

#[test]
fn post_is_not_retried_after_a_dropped_connection() {
    let server = raw_server(vec![Action::Drop, ok_json(r#"{"success":true,"data":{}}"#)]);
    let (t, sleeps) = transport(&server.base_url);
    let req = Request::new(Method::Post, "/deals")
        .json(&json!({"title": "x"}))
        .unwrap();
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                before_send: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "the POST must reach the server once"
    );
    assert!(sleeps.all().is_empty());
}

#[test]
fn get_is_retried_after_a_dropped_connection() {
    let server = raw_server(vec![
        Action::Drop,
        ok_json(r#"{"success":true,"data":{"id":3}}"#),
    ]);
    let (t, _) = transport(&server.base_url);
    let data: Value = t.call(&get("/deals/3")).unwrap();
    assert_eq!(data["id"], 3);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn post_is_retried_when_the_connection_was_refused() {
    let (config, sleeps) = config(&closed_port_url());
    let t = Transport::new(config.max_retries(2)).unwrap();
    let req = Request::new(Method::Post, "/deals")
        .json(&json!({"title": "x"}))
        .unwrap();
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                before_send: true,
                ..
            }
        ),
        "{err:?}"
    );
    // Nothing was sent, so both retries were taken.
    assert_eq!(sleeps.all().len(), 2);
}

#[test]
fn retry_after_beyond_the_cap_returns_at_once() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(429)
            .header("retry-after", "3600")
            .header("x-daily-requests-left", "0")
            .json_body(json!({"success": false, "error": "Daily limit reached"}));
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let err = t.call::<Value>(&get("/deals")).unwrap_err();
    m.assert_calls(1);
    assert!(sleeps.all().is_empty());
    match &err {
        Error::RateLimited {
            retry_after,
            rate_limit,
            error,
            ..
        } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
            assert_eq!(rate_limit.daily_requests_left, Some(0));
            assert_eq!(error, "Daily limit reached");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(err.is_retryable());
}

#[test]
fn timeout_maps_to_timeout() {
    let server = raw_server(vec![Action::Hang(Duration::from_secs(3))]);
    let (config, _) = config(&server.base_url);
    let t = Transport::new(
        config
            .read_timeout(Duration::from_millis(100))
            .max_retries(0),
    )
    .unwrap();
    let err = t.call::<Value>(&get("/deals")).unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());
}

// ---------------------------------------------------------------- rate limits and pacing

#[test]
fn rate_limit_headers_are_exposed() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/deals/1");
        then.status(200)
            .header("x-ratelimit-limit", "80")
            .header("x-ratelimit-remaining", "79")
            .header("x-ratelimit-reset", "2")
            .header("x-daily-requests-left", "9000")
            .json_body(json!({
                "success": true,
                "data": {"id": 1},
                "additional_data": {"note": "kept"},
                "related_objects": {"user": {"1": {"id": 1}}}
            }));
    });
    let (t, _) = transport(&server.url("/v1"));
    let r: ApiResponse<Value> = t.call_full(&get("/deals/1")).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.rate_limit.limit, Some(80));
    assert_eq!(r.rate_limit.remaining, Some(79));
    assert_eq!(r.rate_limit.reset, Some(Duration::from_secs(2)));
    assert_eq!(r.rate_limit.daily_requests_left, Some(9000));
    assert_eq!(r.additional_data.unwrap().extra["note"], "kept");
    assert!(r.related_objects.unwrap().contains_key("user"));
    assert_eq!(t.clone().last_rate_limit(), Some(r.rate_limit));
}

#[test]
fn paces_when_the_window_is_spent_across_clones() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals/1");
        then.status(200)
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", "2")
            .json_body(ok_body());
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    let _: Value = t.call(&get("/deals/1")).unwrap();
    assert_eq!(t.pacing_pauses(), 0);
    assert!(sleeps.all().is_empty());

    let clone = t.clone();
    let _: Value = clone.call(&get("/deals/1")).unwrap();
    m.assert_calls(2);
    assert_eq!(t.pacing_pauses(), 1, "the clone shares the pacing state");
    let waits = sleeps.all();
    assert_eq!(waits.len(), 1);
    assert!(!waits[0].is_zero() && waits[0] <= Duration::from_secs(2));
}

#[test]
fn no_pacing_while_requests_remain() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/deals/1");
        then.status(200)
            .header("x-ratelimit-remaining", "10")
            .header("x-ratelimit-reset", "2")
            .json_body(ok_body());
    });
    let (t, sleeps) = transport(&server.url("/v1"));
    for _ in 0..3 {
        let _: Value = t.call(&get("/deals/1")).unwrap();
    }
    assert_eq!(t.pacing_pauses(), 0);
    assert!(sleeps.all().is_empty());
}

// ---------------------------------------------------------------- credentials and origins

#[test]
fn api_token_travels_only_in_the_header() {
    let server = raw_server(vec![ok_json(r#"{"success":true,"data":[]}"#)]);
    let (t, _) = transport(&server.base_url);
    let req = get("/deals").query("term", "a b").unwrap();
    let _: Vec<Value> = t.call(&req).unwrap();
    let text = &server.request_texts()[0];
    let request_line = text.lines().next().unwrap();
    assert_eq!(request_line, "GET /v1/deals?term=a%20b HTTP/1.1");
    assert_eq!(text.matches(TOKEN).count(), 1, "{text}");
    let header_line = text.lines().find(|l| l.contains(TOKEN)).unwrap();
    assert_eq!(
        header_line.to_ascii_lowercase(),
        format!("x-api-token: {}", TOKEN.to_ascii_lowercase())
    );
    let ua = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("user-agent:"))
        .unwrap();
    assert!(ua.contains(&format!("pipedrive-rs/{}", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn api_token_in_the_query_is_refused() {
    let (t, _) = transport("http://127.0.0.1:9/v1");
    let req = get("/deals").query("api_token", TOKEN).unwrap();
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(!format!("{err:?}{err}").contains(TOKEN));
}

/// A raw path is the other way a credential could reach the URL (and every log line that
/// prints it): refused like the `query` pair, in any spelling a server would decode.
#[test]
fn api_token_in_a_raw_path_query_is_refused() {
    let (t, _) = transport(&closed_port_url());
    for path in [
        format!("/deals?api_token={TOKEN}"),
        format!("/deals?start=0&Api_Token={TOKEN}"),
        format!("/deals?api%5Ftoken={TOKEN}"),
        format!("/deals?api_token[]={TOKEN}"),
    ] {
        let err = t.call::<Value>(&get(&path)).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err:?}");
        assert!(!format!("{err:?}{err}").contains(TOKEN));
    }
}

/// `.`, `..` and empty segments would let a normalising proxy route the request to
/// another endpoint; they are refused before anything is sent (the port is closed, so
/// a send would surface as a connection error instead).
#[test]
fn dot_and_empty_path_segments_are_refused_before_sending() {
    let (t, _) = transport(&closed_port_url());
    for id in ["..", ".", "", "../products"] {
        let req = Request::new(
            Method::Delete,
            format!("/deals/{}/products/7", pipedrive_transport::segment(id)),
        );
        let err = t.call::<Value>(&req).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{id:?}: {err:?}");
    }
    for path in ["/leads/..", "/leads/", "/deals/%2E%2E/products/7"] {
        let err = t.call::<Value>(&get(path)).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err:?}");
    }
}

#[test]
fn oauth_uses_bearer_and_refreshes_once_after_401() {
    let server = MockServer::start();
    let stale = server.mock(|when, then| {
        when.path("/v1/users/me")
            .header("authorization", "Bearer old-access-token");
        then.status(401)
            .json_body(json!({"success": false, "error": "unauthorized access"}));
    });
    let fresh = server.mock(|when, then| {
        when.path("/v1/users/me")
            .header("authorization", "Bearer new-access-token")
            .header_missing("x-api-token");
        then.status(200).json_body(ok_body());
    });
    let t = Transport::new(
        Config::oauth("old-access-token")
            .base_url(server.url("/v1"))
            .on_token_refresh(|| Ok("new-access-token".to_owned())),
    )
    .unwrap();
    let _: Value = t.call(&get("/users/me")).unwrap();
    let _: Value = t.clone().call(&get("/users/me")).unwrap();
    stale.assert_calls(1);
    fresh.assert_calls(2);
}

#[test]
fn oauth_without_hook_maps_401() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/users/me");
        then.status(401).json_body(json!({
            "success": false, "error": "unauthorized access", "errorCode": 401,
            "error_info": "Please check developers.pipedrive.com"
        }));
    });
    let t = Transport::new(Config::oauth("some-access-token").base_url(server.url("/v1"))).unwrap();
    let err = t.call::<Value>(&get("/users/me")).unwrap_err();
    match &err {
        Error::Unauthorized {
            error,
            error_info,
            code,
            ..
        } => {
            assert_eq!(error, "unauthorized access");
            assert_eq!(
                error_info.as_deref(),
                Some("Please check developers.pipedrive.com")
            );
            assert_eq!(code.as_deref(), Some("401"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    for url in [
        "http://api.pipedrive.com/v1",
        "http://10.1.2.3/v1",
        "http://example.com:8080/",
    ] {
        let err = Transport::new(Config::with_api_token(TOKEN).base_url(url)).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{url}: {err:?}");
    }
    for url in [
        "http://127.0.0.1:1/v1",
        "http://localhost:1/v1",
        "http://[::1]:1/v1",
        "https://api.pipedrive.com/v1",
    ] {
        assert!(
            Transport::new(Config::with_api_token(TOKEN).base_url(url)).is_ok(),
            "{url}"
        );
    }
    let t = Transport::new(Config::with_api_token(TOKEN).company_domain("acme")).unwrap();
    assert_eq!(t.base_url(), "https://acme.pipedrive.com/api/v1");
    assert!(Transport::new(Config::with_api_token(TOKEN).company_domain("evil.com/x")).is_err());
    assert_eq!(
        Transport::new(Config::with_api_token(TOKEN))
            .unwrap()
            .base_url(),
        "https://api.pipedrive.com/v1"
    );
}

#[test]
fn redirect_to_another_origin_drops_the_token() {
    let other = MockServer::start();
    let leaked = other.mock(|when, then| {
        when.path("/files/1").header_exists("x-api-token");
        then.status(200).body("LEAKED");
    });
    let clean = other.mock(|when, then| {
        when.path("/files/1").header_missing("x-api-token");
        then.status(200).body("file-bytes");
    });
    let api = MockServer::start();
    let redirect = api.mock(|when, then| {
        when.path("/v1/files/1/download")
            .header("x-api-token", TOKEN);
        then.status(302).header("location", other.url("/files/1"));
    });
    let (t, _) = transport(&api.url("/v1"));
    let mut out = Vec::new();
    t.download(&get("/files/1/download"), &mut out).unwrap();
    assert_eq!(out, b"file-bytes");
    redirect.assert_calls(1);
    clean.assert_calls(1);
    leaked.assert_calls(0);
}

#[test]
fn redirect_within_the_origin_keeps_the_token() {
    let api = MockServer::start();
    api.mock(|when, then| {
        when.path("/v1/old");
        then.status(301).header("location", "/v1/new");
    });
    let new = api.mock(|when, then| {
        when.path("/v1/new").header("x-api-token", TOKEN);
        then.status(200).json_body(ok_body());
    });
    let (t, _) = transport(&api.url("/v1"));
    let _: Value = t.call(&get("/old")).unwrap();
    new.assert_calls(1);
}

#[test]
fn post_redirects_are_not_followed() {
    let other = MockServer::start();
    let target = other.mock(|when, then| {
        when.any_request();
        then.status(200);
    });
    let api = MockServer::start();
    api.mock(|when, then| {
        when.method(POST).path("/v1/deals");
        then.status(307).header("location", other.url("/steal"));
    });
    let (t, _) = transport(&api.url("/v1"));
    let req = Request::new(Method::Post, "/deals")
        .json(&json!({}))
        .unwrap();
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status: 307, .. }),
        "{err:?}"
    );
    target.assert_calls(0);
}

// ---------------------------------------------------------------- bodies

#[test]
fn form_body_is_urlencoded() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.method(PUT)
            .path("/v1/files/5")
            .header("content-type", "application/x-www-form-urlencoded")
            .form_urlencoded_tuple("name", "a b&c=d")
            .form_urlencoded_tuple("description", "ünïcode");
        then.status(200).json_body(ok_body());
    });
    let (t, _) = transport(&server.url("/v1"));
    let req = Request::new(Method::Put, "/files/5")
        .form(&json!({"name": "a b&c=d", "description": "ünïcode", "skipped": null}))
        .unwrap();
    let _: Value = t.call(&req).unwrap();
    m.assert_calls(1);
}

fn multipart_body() -> Multipart {
    let dir = std::env::temp_dir().join(format!("pd-transport-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("call.mp3");
    std::fs::write(&path, b"ID3-audio").unwrap();
    Multipart::new()
        .text("deal_id", "42")
        .file_bytes("file", "notes.pdf", b"%PDF-1.4".to_vec())
        .file_path("recording", &path)
        .file_reader("picture", "face.png", Cursor::new(b"PNG-bytes".to_vec()))
}

#[test]
fn multipart_body_shape_and_replay_on_retry() {
    let server = raw_server(vec![
        Action::Reply(response(
            "429 Too Many Requests",
            &[("retry-after", "0")],
            b"",
        )),
        ok_json(r#"{"success":true,"data":{"id":9}}"#),
    ]);
    let (t, _) = transport(&server.base_url);
    let body = multipart_body();
    let boundary = body.boundary().to_owned();
    let req = Request::new(Method::Post, "/files").multipart(body);
    let data: Value = t.call(&req).unwrap();
    assert_eq!(data["id"], 9);

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "retried once after the 429");
    let split = |r: &[u8]| {
        let i = r.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        (
            String::from_utf8_lossy(&r[..i]).to_ascii_lowercase(),
            r[i..].to_vec(),
        )
    };
    let (head1, body1) = split(&requests[0]);
    let (_, body2) = split(&requests[1]);
    assert_eq!(body1, body2, "the replayed body is identical");
    assert!(head1.contains(&format!(
        "content-type: multipart/form-data; boundary={}",
        boundary.to_ascii_lowercase()
    )));
    assert!(head1.contains(&format!("content-length: {}", body1.len())));

    let b = boundary;
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"deal_id\"\r\n\r\n42\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"recording\"; filename=\"call.mp3\"\r\n\
         Content-Type: audio/mpeg\r\n\r\nID3-audio\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"face.png\"\r\n\
         Content-Type: image/png\r\n\r\nPNG-bytes\r\n--{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&body1), expected);
}

#[test]
fn multipart_with_a_missing_file_is_an_io_error() {
    let (t, _) = transport("http://127.0.0.1:9/v1");
    let req = Request::new(Method::Post, "/files")
        .multipart(Multipart::new().file_path("file", "/definitely/not/here.pdf"));
    let err = t.call::<Value>(&req).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn download_streams_into_a_writer() {
    let payload: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/files/12/download")
            .header("x-api-token", TOKEN);
        then.status(200)
            .header("content-type", "application/octet-stream")
            .body(&payload);
    });
    // The in-memory cap does not apply to streamed downloads.
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_body_bytes(1024)).unwrap();
    let mut out = Vec::new();
    let n = t.download(&get("/files/12/download"), &mut out).unwrap();
    assert_eq!(n, payload.len() as u64);
    assert_eq!(out, payload);
    m.assert_calls(1);
}

#[test]
fn download_error_status_is_mapped() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/files/13/download");
        then.status(404)
            .json_body(json!({"success": false, "error": "File not found"}));
    });
    let (t, _) = transport(&server.url("/v1"));
    let mut out = Vec::new();
    let err = t
        .download(&get("/files/13/download"), &mut out)
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(out.is_empty());
}

#[test]
fn delete_and_patch_bodies_are_sent() {
    let server = MockServer::start();
    let del = server.mock(|when, then| {
        when.method(DELETE)
            .path("/v1/deals")
            .query_param("ids", "1,2");
        then.status(200)
            .json_body(json!({"success": true, "data": [1, 2]}));
    });
    let patch = server.mock(|when, then| {
        when.method(PATCH)
            .path("/v1/deals/1")
            .header("content-type", "application/json")
            .json_body(json!({"title": null}));
        then.status(200).json_body(ok_body());
    });
    let (t, _) = transport(&server.url("/v1"));
    let ids: Vec<u64> = t
        .call(
            &Request::new(Method::Delete, "/deals")
                .query("ids", &[1, 2])
                .unwrap(),
        )
        .unwrap();
    assert_eq!(ids, vec![1, 2]);
    let req = Request::new(Method::Patch, "/deals/1")
        .json(&json!({"title": null}))
        .unwrap();
    let _: Value = t.call(&req).unwrap();
    del.assert_calls(1);
    patch.assert_calls(1);
}

// ---------------------------------------------------------------- interruption

/// A hook that says "stop" from its `after`-th question on, counting the questions.
fn stop_after(after: usize) -> (Arc<AtomicUsize>, impl Fn() -> bool + Send + Sync + 'static) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    (asked, move || {
        counter.fetch_add(1, Ordering::SeqCst) + 1 >= after
    })
}

/// A `Retry-After: 3` wait is sliced and the hook asked between slices, so the call
/// ends with `Interrupted` during the first wait instead of sitting out three of them.
#[test]
fn the_interrupt_hook_ends_a_retry_wait() {
    let limited = || {
        Action::Reply(response(
            "429 Too Many Requests",
            &[("retry-after", "3")],
            br#"{"success":false,"error":"slow down"}"#,
        ))
    };
    let server = raw_server(vec![limited(), limited(), limited(), limited()]);
    let (asked, hook) = stop_after(3);
    let t = Transport::new(
        Config::with_api_token(TOKEN)
            .base_url(&server.base_url)
            .max_retries(3)
            .interrupt(hook),
    )
    .unwrap();
    let err = t.call::<Value>(&get("/deals/1")).unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1, "stopped during the first wait");
    assert_eq!(asked.load(Ordering::SeqCst), 3);
}

/// A streamed download asks the hook between chunks.
#[test]
fn the_interrupt_hook_ends_a_download_between_chunks() {
    let body = vec![7u8; 1024 * 1024];
    let server = raw_server(vec![Action::Reply(response("200 OK", &[], &body))]);
    let (asked, hook) = stop_after(2);
    let t = Transport::new(
        Config::with_api_token(TOKEN)
            .base_url(&server.base_url)
            .interrupt(hook),
    )
    .unwrap();
    let mut out = Vec::new();
    let err = t.download(&get("/files/1/download"), &mut out).unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err:?}");
    assert!(
        out.len() < body.len(),
        "{} of {} bytes",
        out.len(),
        body.len()
    );
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}

/// Without a hook nothing changes: the waits run to completion (recorded, not slept).
#[test]
fn without_a_hook_waits_are_not_interrupted() {
    let (t, sleeps) = transport(&closed_port_url());
    let _ = t.call::<Value>(&get("/deals/1")).unwrap_err();
    assert_eq!(sleeps.all().len(), 3);
}
