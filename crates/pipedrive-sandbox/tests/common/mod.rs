//! A tiny blocking HTTP/1.1 client on std::net, so the tests see exactly what the
//! server writes (status, headers, truncated bodies, closed connections).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pipedrive_sandbox::Sandbox;
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub const TOKEN: &str = "test-token";

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `data` of a successful JSON answer.
    pub fn data(&self) -> Value {
        self.json()["data"].clone()
    }
}

/// A keep-alive connection to one sandbox.
pub struct Client {
    port: u16,
    pub token: Option<String>,
    conn: Option<BufReader<TcpStream>>,
    /// Connections opened so far (to check keep-alive reuse).
    pub connects: usize,
}

impl Client {
    pub fn new(sb: &Sandbox) -> Client {
        Client::with_port(sb.port())
    }

    pub fn with_port(port: u16) -> Client {
        Client {
            port,
            token: Some(TOKEN.to_owned()),
            conn: None,
            connects: 0,
        }
    }

    fn stream(&mut self) -> io::Result<&mut BufReader<TcpStream>> {
        if self.conn.is_none() {
            let s = TcpStream::connect(("127.0.0.1", self.port))?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.conn = Some(BufReader::new(s));
            self.connects += 1;
        }
        Ok(self.conn.as_mut().unwrap())
    }

    /// Sends one request; `path` without a leading `/` is relative to `/v1/`.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &[u8])>,
    ) -> io::Result<Resp> {
        let target = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/v1/{path}")
        };
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            self.port
        );
        if let Some(t) = &self.token {
            req.push_str(&format!("x-api-token: {t}\r\n"));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        let mut bytes = Vec::new();
        match body {
            Some((ctype, b)) => {
                req.push_str(&format!(
                    "Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
                    b.len()
                ));
                bytes.extend_from_slice(req.as_bytes());
                bytes.extend_from_slice(b);
            }
            None => {
                req.push_str("\r\n");
                bytes.extend_from_slice(req.as_bytes());
            }
        }
        let result = (|| {
            let conn = self.stream()?;
            conn.get_mut().write_all(&bytes)?;
            read_response(conn)
        })();
        match &result {
            Ok(r)
                if r.header("connection")
                    .is_some_and(|c| c.eq_ignore_ascii_case("close")) =>
            {
                self.conn = None;
            }
            Ok(_) => {}
            Err(_) => self.conn = None,
        }
        result
    }

    pub fn get(&mut self, path: &str) -> Resp {
        self.send("GET", path, &[], None).unwrap()
    }

    pub fn delete(&mut self, path: &str) -> Resp {
        self.send("DELETE", path, &[], None).unwrap()
    }

    pub fn json(&mut self, method: &str, path: &str, body: &Value) -> Resp {
        let b = serde_json::to_vec(body).unwrap();
        self.send(method, path, &[], Some(("application/json", &b)))
            .unwrap()
    }

    pub fn post(&mut self, path: &str, body: &Value) -> Resp {
        self.json("POST", path, body)
    }

    pub fn put(&mut self, path: &str, body: &Value) -> Resp {
        self.json("PUT", path, body)
    }

    pub fn patch(&mut self, path: &str, body: &Value) -> Resp {
        self.json("PATCH", path, body)
    }
}

/// Reads one response; fails when the body is shorter than Content-Length.
pub fn read_response(r: &mut impl BufRead) -> io::Result<Resp> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "eof in head"));
        }
        let t = line.trim_end();
        if t.is_empty() {
            break;
        }
        if let Some((k, v)) = t.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    if status == 100 {
        return read_response(r);
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Resp {
        status,
        headers,
        body,
    })
}

/// Writes raw bytes on a fresh connection and reads one response.
pub fn raw(port: u16, bytes: &[u8]) -> io::Result<Resp> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut r = BufReader::new(s);
    r.get_mut().write_all(bytes)?;
    read_response(&mut r)
}

/// Reads everything until the server closes the connection.
pub fn read_all(port: u16, bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.write_all(bytes)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(out)
}

/// `data` as an array (empty for `null`).
pub fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        other => panic!("expected a list, got {other}"),
    }
}

/// The standard Pipedrive error body check.
pub fn assert_error(r: &Resp, status: u16) -> String {
    assert_eq!(r.status, status, "body: {}", r.text());
    let v = r.json();
    assert_eq!(v["success"], false);
    assert!(v["error"].is_string(), "error text missing: {v}");
    assert!(v["error_info"].is_string(), "error_info missing: {v}");
    assert!(v["data"].is_null());
    v["error"].as_str().unwrap().to_owned()
}
