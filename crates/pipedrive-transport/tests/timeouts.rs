//! What `read_timeout` and `timeout` mean: the first bounds each wait for bytes, the
//! second one whole attempt. The Python package (`python/tests/test_config.py`) and the
//! uniffi library (`bindings/ffi/src/config_tests.rs`) run the same two scenarios.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pipedrive_transport::{Config, Error, Method, Request, Transport};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

/// Serves one request: the response head and the body's first byte at once, then the
/// rest of the body in `chunks` pieces, `gap` apart. With `stall`, the server sends the
/// first half and then nothing more (until the client hangs up, at most 5 s).
fn paced_server(chunks: usize, gap: Duration, stall: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buf = [0u8; 4096];
        let mut head = Vec::new();
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let body = format!(r#"{{"success":true,"data":"{}"}}"#, "x".repeat(chunks * 8));
        let bytes = body.as_bytes();
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            bytes.len()
        );
        let _ = stream.write_all(answer.as_bytes());
        let _ = stream.write_all(&bytes[..1]);
        let rest = &bytes[1..];
        let size = rest.len().div_ceil(chunks);
        for (i, piece) in rest.chunks(size).enumerate() {
            if stall && i == chunks / 2 {
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let _ = stream.read(&mut buf);
                return;
            }
            thread::sleep(gap);
            if stream.write_all(piece).is_err() {
                return;
            }
        }
    });
    url
}

fn fetch(url: &str, configure: impl FnOnce(Config) -> Config) -> Result<Value, Error> {
    let config = configure(
        Config::with_api_token("tok-timeouts")
            .base_url(url)
            .max_retries(0),
    );
    Transport::new(config)
        .unwrap()
        .call::<Value>(&Request::new(Method::Get, "/deals"))
}

#[test]
fn read_timeout_fires_when_the_server_stalls_between_bytes() {
    let url = paced_server(4, Duration::from_millis(20), true);
    let err = fetch(&url, |c| {
        c.read_timeout(Duration::from_millis(200)).timeout(None)
    })
    .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
}

#[test]
fn read_timeout_lets_a_slow_answer_finish_while_it_keeps_sending() {
    // 12 gaps of 50 ms: the whole answer takes longer than the read timeout, no single
    // wait does.
    let url = paced_server(12, Duration::from_millis(50), false);
    let data = fetch(&url, |c| {
        c.read_timeout(Duration::from_millis(500)).timeout(None)
    })
    .unwrap();
    assert_eq!(data.as_str().map(str::len), Some(96));
}

#[test]
fn timeout_bounds_a_whole_attempt_that_keeps_sending() {
    let url = paced_server(12, Duration::from_millis(50), false);
    let err = fetch(&url, |c| {
        c.read_timeout(Duration::from_millis(500))
            .timeout(Duration::from_millis(250))
    })
    .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
}
