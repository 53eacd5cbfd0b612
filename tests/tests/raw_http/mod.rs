//! Raw requests to a sandbox through the client's transport, for the tests of the
//! sandbox's v2 routes: requests built by hand (method, path, version), answers kept as
//! JSON. Included with `mod raw_http;` by the test files that use it.
#![allow(dead_code)]
use pipedrive::{Client, Config};
use pipedrive_transport::{ApiVersion, Method, Request};
use serde_json::Value;

/// A client of the sandbox at `base_url`, with the token the tests' sandboxes accept.
pub fn client(base_url: &str) -> Client {
    Client::new(Config::with_api_token("v2-token").base_url(base_url)).unwrap()
}

/// A v2 request.
pub fn v2(method: Method, path: &str) -> Request {
    Request::new(method, path).version(ApiVersion::V2)
}

/// A v1 request.
pub fn v1(method: Method, path: &str) -> Request {
    Request::new(method, path)
}

/// The answer's `data` envelope as JSON; panics on an error.
pub fn call(c: &Client, req: Request) -> Value {
    c.transport().call::<Value>(&req).unwrap()
}

/// A failed call's status and body.
pub fn error_of(c: &Client, req: Request) -> (u16, Value) {
    let err = c.transport().call::<Value>(&req).unwrap_err();
    let body = serde_json::from_str(err.body().unwrap()).unwrap();
    (err.status().unwrap(), body)
}
