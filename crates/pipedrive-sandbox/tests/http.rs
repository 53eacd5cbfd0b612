//! The HTTP layer: keep-alive, chunked bodies, 100-continue, pipelining, bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, raw, read_all, read_response};
use pipedrive_sandbox::Sandbox;
use std::io::{BufReader, Write};
use std::net::TcpStream;

#[test]
fn keep_alive_reuses_one_connection() {
    let sb = Sandbox::with_seed(2).unwrap();
    let mut c = Client::new(&sb);
    for _ in 0..20 {
        let r = c.get("deals?limit=10");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), Some("keep-alive"));
    }
    assert_eq!(c.connects, 1);
    assert_eq!(sb.requests_served(), 20);
}

#[test]
fn connection_close_is_honoured() {
    let sb = Sandbox::start().unwrap();
    let out = read_all(
        sb.port(),
        b"GET /v1/users/me HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 200 OK"));
    assert!(text.contains("Connection: close"));
}

#[test]
fn chunked_request_body() {
    let sb = Sandbox::start().unwrap();
    let body = r#"{"title":"Chunky deal","value":7}"#;
    let (a, b) = body.split_at(10);
    let req = format!(
        "POST /v1/deals HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let r = raw(sb.port(), req.as_bytes()).unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.data()["title"], "Chunky deal");
    assert_eq!(r.data()["value"], 7);
}

#[test]
fn expect_100_continue() {
    let sb = Sandbox::start().unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    let body = br#"{"name":"Continued"}"#;
    write!(
        s,
        "POST /v1/organizations HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut r, &mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 100"), "{line}");
    std::io::BufRead::read_line(&mut r, &mut line).unwrap();
    s.write_all(body).unwrap();
    let resp = read_response(&mut r).unwrap();
    assert_eq!(resp.status, 201);
    assert_eq!(resp.data()["name"], "Continued");
}

#[test]
fn pipelined_requests() {
    let sb = Sandbox::start().unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    let one = "GET /v1/users/me HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\n\r\n";
    s.write_all(format!("{one}{one}{one}").as_bytes()).unwrap();
    let mut r = BufReader::new(s);
    for _ in 0..3 {
        assert_eq!(read_response(&mut r).unwrap().status, 200);
    }
}

#[test]
fn percent_decoded_query() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    c.post("deals", &serde_json::json!({"title": "Café & Co"}));
    let hits = c
        .get("deals/search?term=caf%C3%A9+%26+co&exact_match=true")
        .data();
    assert_eq!(hits["items"].as_array().unwrap().len(), 1);
    // An absolute-form target works too.
    let r = raw(
        sb.port(),
        format!(
            "GET http://127.0.0.1:{}/v1/users/me HTTP/1.1\r\nHost: x\r\nx-api-token: t\r\n\r\n",
            sb.port()
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(r.status, 200);
}

#[test]
fn malformed_requests_get_400_and_the_server_survives() {
    let sb = Sandbox::start().unwrap();
    let r = raw(sb.port(), b"NONSENSE\r\n\r\n").unwrap();
    assert_eq!(r.status, 400);
    let r = raw(
        sb.port(),
        b"POST /v1/deals HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.status, 400);
    let r = raw(
        sb.port(),
        b"POST /v1/deals HTTP/1.1\r\nx-api-token: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    )
    .unwrap();
    assert_eq!(r.status, 400);
    let huge = format!(
        "GET /v1/deals HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70_000)
    );
    let r = raw(sb.port(), huge.as_bytes()).unwrap();
    assert_eq!(r.status, 431);
    // A client that connects and leaves without a word does no harm.
    drop(TcpStream::connect(("127.0.0.1", sb.port())).unwrap());
    assert_eq!(Client::new(&sb).get("users/me").status, 200);
}

#[test]
fn stop_releases_the_port() {
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let mut idle = Client::new(&sb);
    assert_eq!(idle.get("users/me").status, 200);
    sb.stop();
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    // The same port can be bound again.
    let again = Sandbox::builder().port(port).start().unwrap();
    assert_eq!(again.port(), port);
    assert!(again.base_url().ends_with(&format!(":{port}/v1")));
}
