//! Every fault mode, switched per run, per request (header) and over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, assert_error, read_all};
use pipedrive_sandbox::Sandbox;
use serde_json::json;
use std::sync::{Arc, Barrier};
use std::time::Duration;

#[test]
fn rate_limit_headers_and_429() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    // No rate-limit headers unless asked for.
    assert!(c.get("users/me").header("x-ratelimit-limit").is_none());

    sb.faults().rate_limit(3, 30);
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = c.get("users/me");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-ratelimit-limit"), Some("3"));
        let reset: u64 = r.header("x-ratelimit-reset").unwrap().parse().unwrap();
        assert!((1..=30).contains(&reset));
        remaining.push(r.header("x-ratelimit-remaining").unwrap().to_owned());
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let r = c.get("users/me");
    assert_error(&r, 429);
    assert_eq!(r.header("retry-after"), Some("30"));
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(r.json()["errorCode"], 429);
    // A refused write does not run.
    let before = sb.count("deals");
    assert_error(&c.post("deals", &json!({"title": "nope"})), 429);
    assert_eq!(sb.count("deals"), before);

    sb.faults().clear();
    let r = c.get("users/me");
    assert_eq!(r.status, 200);
    assert!(r.header("x-ratelimit-limit").is_none());
}

#[test]
fn rate_limit_window_resets_after_retry_after() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    sb.faults().rate_limit(1, 1);
    assert_eq!(c.get("users/me").status, 200);
    let r = c.get("users/me");
    assert_eq!(r.status, 429);
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    std::thread::sleep(Duration::from_secs(wait) + Duration::from_millis(50));
    assert_eq!(c.get("users/me").status, 200);
}

#[test]
fn fail_next_then_recover() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    sb.faults().fail_next(2, 503).unwrap();
    assert_error(&c.get("deals"), 503);
    assert_error(&c.post("deals", &json!({"title": "x"})), 503);
    assert_eq!(sb.count("deals"), 0, "a failed request does not run");
    assert_eq!(c.get("deals").status, 200);
    sb.faults().fail_next(1, 502).unwrap();
    assert_error(&c.get("deals"), 502);
    sb.faults().fail_next(1, 500).unwrap();
    assert_error(&c.get("deals"), 500);
    sb.faults().fail_next(1, 429).unwrap();
    let r = c.get("deals");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_some());
}

#[test]
fn fail_next_refuses_a_status_that_is_not_an_error() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    for status in [0, 200, 302, 399, 600] {
        let err = sb.faults().fail_next(1, status).unwrap_err();
        assert!(err.contains("400-599"), "{err}");
    }
    // Nothing was queued by the refused calls.
    assert_eq!(c.get("deals").status, 200);
}

#[test]
fn html_403_page() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    sb.faults().html_403_next(1);
    let r = c.get("deals");
    assert_eq!(r.status, 403);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("<html"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert_eq!(c.get("deals").status, 200);
}

#[test]
fn drop_processes_then_closes() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    sb.faults().drop_next(1);
    let r = c.send(
        "POST",
        "deals",
        &[],
        Some(("application/json", br#"{"title":"Dropped but created"}"#)),
    );
    assert!(r.is_err(), "no answer expected, got {r:?}");
    assert_eq!(sb.count("deals"), 1, "the create ran before the drop");
    let list = c.get("deals").data();
    assert_eq!(list[0]["title"], "Dropped but created");
}

#[test]
fn truncate_sends_less_than_content_length() {
    let sb = Sandbox::start().unwrap();
    sb.faults().truncate_next(1);
    let req = "POST /v1/deals HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"title\":\"cut\"}";
    let raw = read_all(sb.port(), req.as_bytes()).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 201"));
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        body.len() < len,
        "body {} bytes, announced {len}",
        body.len()
    );
    assert_eq!(sb.count("deals"), 1);
    // The helper client reports the short body as an error.
    sb.faults().truncate_next(1);
    assert!(Client::new(&sb).send("GET", "deals", &[], None).is_err());
}

#[test]
fn remaining_zero_next() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    sb.faults().remaining_zero_next(1);
    let r = c.get("users/me");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(r.header("x-ratelimit-reset"), Some("1"));
    assert!(c.get("users/me").header("x-ratelimit-remaining").is_none());
}

#[test]
fn delay_and_concurrency_are_observed() {
    let sb = Sandbox::start().unwrap();
    sb.faults().delay(Duration::from_millis(300));
    let n = 4;
    let barrier = Arc::new(Barrier::new(n));
    let port = sb.port();
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let b = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut c = Client::with_port(port);
                b.wait();
                c.get("users/me").status
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert!(
        sb.max_in_flight() >= 2,
        "max_in_flight = {}",
        sb.max_in_flight()
    );
    assert_eq!(sb.requests_served(), n as u64);
    sb.faults().delay(Duration::ZERO);
}

#[test]
fn per_request_header_faults() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    let r = c
        .send("GET", "deals", &[("x-sandbox-fault", "503")], None)
        .unwrap();
    assert_error(&r, 503);
    let r = c
        .send("GET", "deals", &[("x-sandbox-fault", "429")], None)
        .unwrap();
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_some());
    let r = c
        .send("GET", "deals", &[("x-sandbox-fault", "html-403")], None)
        .unwrap();
    assert_eq!(r.status, 403);
    let r = c
        .send(
            "GET",
            "deals",
            &[("x-sandbox-fault", "remaining-zero")],
            None,
        )
        .unwrap();
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    let r = c
        .send("GET", "deals", &[("x-sandbox-fault", "delay=10")], None)
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(
        c.send("GET", "deals", &[("x-sandbox-fault", "drop")], None)
            .is_err()
    );
    assert!(
        c.send("GET", "deals", &[("x-sandbox-fault", "truncate")], None)
            .is_err()
    );
    // Header faults do not stick.
    assert_eq!(c.get("deals").status, 200);
}

#[test]
fn control_routes_over_http() {
    let sb = Sandbox::with_seed(1).unwrap();
    let mut c = Client::new(&sb);
    c.token = None; // the control routes need no token
    let r = c.post(
        "/_sandbox/faults",
        &json!({"fail_next": {"n": 1, "status": 502}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.data()["fail_next"]["n"], 1);
    c.token = Some("t".into());
    assert_eq!(c.get("deals").status, 502);
    assert_eq!(c.get("deals").status, 200);
    c.post(
        "/_sandbox/faults",
        &json!({"rate_limit": {"burst": 1, "retry_after_secs": 60}}),
    );
    assert_eq!(c.get("users/me").status, 200);
    assert_eq!(c.get("users/me").status, 429);
    let r = c.post("/_sandbox/faults", &json!({"clear": true}));
    assert!(r.data()["rate_limit"].is_null());
    assert_eq!(c.get("users/me").status, 200);
    assert_error(&c.post("/_sandbox/faults", &json!({"explode": 1})), 400);
    for (mode, body) in [
        ("html_403_next", json!({"html_403_next": 1})),
        ("drop_next", json!({"drop_next": 1})),
        ("truncate_next", json!({"truncate_next": 1})),
        ("remaining_zero_next", json!({"remaining_zero_next": 1})),
        ("delay_ms", json!({"delay_ms": 5})),
    ] {
        let r = c.post("/_sandbox/faults", &body);
        assert_eq!(r.status, 200, "{mode}");
        assert_eq!(r.data()[mode], body[mode], "{mode}");
        c.send("DELETE", "/_sandbox/faults", &[], None).unwrap();
    }

    let stats = c.get("/_sandbox/stats").data();
    assert_eq!(stats["counts"]["deals"], 100);
    assert_eq!(stats["counts"]["persons"], 50);
    assert_eq!(stats["requests_served"], sb.requests_served());
    assert!(stats["max_in_flight"].as_u64().unwrap() >= 1);
}

#[test]
fn json_settings_are_checked_before_any_applies() {
    let sb = Sandbox::start().unwrap();
    let f = sb.faults();
    let before = f.snapshot();
    for bad in [
        json!({"drop_next": 2, "explode": 1}),
        json!({"drop_next": 2, "fail_next": {"n": 1, "status": 200}}),
        json!({"drop_next": 2, "fail_next": {"n": 1, "status": 600}}),
        json!({"drop_next": -1}),
        json!({"truncate_next": 1, "answer_next": ["redirect", "bogus"]}),
        json!({"clear": "yes"}),
        json!({"rate_limit": {"burst": 1, "retry_after_secs": -5}}),
        json!({"delay_ms": 1.5}),
    ] {
        let err = f.apply_json(bad.as_object().unwrap()).unwrap_err();
        assert!(!err.is_empty(), "{bad}");
        assert_eq!(f.snapshot(), before, "{bad} changed the settings: {err}");
    }
    f.apply_json(
        json!({"fail_next": {"n": 2, "status": 429}})
            .as_object()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(f.snapshot()["fail_next"], json!({"n": 2, "status": 429}));
    // `clear` applies first, wherever it stands in the object.
    f.apply_json(json!({"drop_next": 1, "clear": true}).as_object().unwrap())
        .unwrap();
    let snap = f.snapshot();
    assert_eq!(
        (snap["drop_next"].clone(), snap["fail_next"]["n"].clone()),
        (json!(1), json!(0))
    );
}
