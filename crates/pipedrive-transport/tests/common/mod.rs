//! Shared helpers: transports pointed at local servers, a recording sleeper, and a tiny
//! hand-written HTTP server for what httpmock cannot do (dropped connections, truncated
//! bodies, hanging, capturing the raw request bytes).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pipedrive_transport::{Config, Transport};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Distinctive enough that finding it anywhere is a real leak.
pub const TOKEN: &str = "tok-SECRET-9f8e7d6c5b4a3210";

/// Records every wait instead of sleeping, so tests observe backoff and pacing without
/// depending on the clock.
#[derive(Clone, Default)]
pub struct Sleeps(pub Arc<Mutex<Vec<Duration>>>);

impl Sleeps {
    pub fn all(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

/// A config for a local base URL with tiny delays and a recording sleeper.
pub fn config(base_url: &str) -> (Config, Sleeps) {
    let sleeps = Sleeps::default();
    let recorder = sleeps.clone();
    let config = Config::with_api_token(TOKEN)
        .base_url(base_url)
        .retry_base_delay(Duration::from_millis(1))
        .read_timeout(Duration::from_secs(10))
        .sleeper(move |d| recorder.0.lock().unwrap().push(d));
    (config, sleeps)
}

pub fn transport(base_url: &str) -> (Transport, Sleeps) {
    let (config, sleeps) = config(base_url);
    (Transport::new(config).unwrap(), sleeps)
}

/// What the raw server does with each accepted connection, in order.
pub enum Action {
    /// Read the request, send these bytes, close.
    Reply(Vec<u8>),
    /// Read the request, close without answering.
    Drop,
    /// Read the request, wait, then close.
    Hang(Duration),
}

/// A complete HTTP/1.1 response with `Connection: close`.
pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nconnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        out.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

pub fn ok_json(body: &str) -> Action {
    Action::Reply(response(
        "200 OK",
        &[("content-type", "application/json")],
        body.as_bytes(),
    ))
}

pub struct RawServer {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl RawServer {
    /// Raw bytes of each request received (head and body).
    pub fn requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().unwrap().clone()
    }

    pub fn request_texts(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect()
    }
}

/// Serves one connection per action, then stops accepting.
pub fn raw_server(actions: Vec<Action>) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    thread::spawn(move || {
        for action in actions {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let request = read_request(&mut stream);
            seen.lock().unwrap().push(request);
            match action {
                Action::Reply(bytes) => {
                    let _ = stream.write_all(&bytes);
                    let _ = stream.flush();
                }
                Action::Drop => {}
                Action::Hang(d) => thread::sleep(d),
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
    });
    RawServer { base_url, requests }
}

/// Reads the head and a `Content-Length` body.
fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&data, b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return data,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    data
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A port nobody listens on: bound, then released.
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/v1")
}

/// A keep-alive server answering every request with an empty success envelope, counting
/// the connections it accepted. One thread per connection, living until the client
/// closes it.
pub struct CountingServer {
    pub base_url: String,
    accepted: Arc<std::sync::atomic::AtomicUsize>,
}

impl CountingServer {
    pub fn accepted(&self) -> usize {
        self.accepted.load(std::sync::atomic::Ordering::SeqCst)
    }
}

pub fn counting_server() -> CountingServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            thread::spawn(move || {
                let body = br#"{"success":true,"data":null}"#;
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                answer.extend_from_slice(body);
                loop {
                    // GETs without a body: one head per request.
                    if read_request(&mut stream).is_empty() {
                        return;
                    }
                    if stream.write_all(&answer).is_err() {
                        return;
                    }
                }
            });
        }
    });
    CountingServer { base_url, accepted }
}
