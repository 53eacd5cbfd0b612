//! Helpers shared by the endpoint tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use httpmock::{HttpMockRequest, MockServer};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A token distinctive enough to spot if it ever leaks.
pub const TOKEN: &str = "test-token-5f1b2c";

/// A client pointed at the mock server's `/v1`.
pub fn client(server: &MockServer) -> pipedrive::Client {
    let config = pipedrive::Config::with_api_token(TOKEN).base_url(server.url("/v1"));
    pipedrive::Client::new(config).expect("client builds")
}

/// Matches a request whose query is exactly `expected` (order-insensitive). `start` and
/// `limit` are tolerated when not expected: the paginator adds them on its own.
pub fn query_is(
    expected: &[(&str, &str)],
) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.sort();
    move |req: &HttpMockRequest| {
        let mut got: Vec<(String, String)> = req
            .query_params()
            .into_iter()
            .filter(|(k, _)| !((k == "start" || k == "limit") && !want.iter().any(|(w, _)| w == k)))
            .collect();
        got.sort();
        if got != want {
            eprintln!("query mismatch:\n  got  {got:?}\n  want {want:?}");
        }
        got == want
    }
}

/// Matches an urlencoded body equal to `expected` (order-insensitive).
pub fn form_is(
    expected: &[(&str, &str)],
) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.sort();
    move |req: &HttpMockRequest| {
        let body = req.body_string();
        let mut got: Vec<(String, String)> = body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        got.sort();
        got == want
    }
}

fn decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Drops object keys whose value is null: the models treat null and absent alike.
pub fn normalize(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normalize(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        other => other,
    }
}

/// Decodes the fixture's `data` as `T`, re-encodes the whole envelope and checks nothing
/// was lost; returns the decoded data.
pub fn assert_lossless<T: DeserializeOwned + Serialize>(fixture: &str) -> T {
    let original: Value = serde_json::from_str(fixture).unwrap();
    let env: pipedrive::types::Envelope<T> =
        serde_json::from_str(fixture).expect("fixture decodes");
    let again = serde_json::to_value(&env).unwrap();
    assert_eq!(
        normalize(again),
        normalize(original),
        "re-encoding lost or changed data"
    );
    env.data.expect("fixture has data")
}

/// Body served by the mock for file downloads: not valid UTF-8, to prove bytes pass as-is.
pub const DOWNLOAD_BYTES: &[u8] = b"%PDF-1.4\n\xff\xfe binary \x00 content\n";

/// A success envelope without data, for endpoints the reference shows no example for.
pub const EMPTY_SUCCESS: &str = r#"{"success":true,"data":null}"#;

/// Matches a multipart body with exactly these text fields and file parts
/// (field name, file name, content).
pub fn multipart_is(
    texts: &[(&str, &str)],
    files: &[(&str, &str, &str)],
) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    let texts: Vec<(String, String)> = texts
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let files: Vec<(String, String, String)> = files
        .iter()
        .map(|(k, f, c)| (k.to_string(), f.to_string(), c.to_string()))
        .collect();
    move |req: &HttpMockRequest| {
        let ct = req
            .headers_vec()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let Some(boundary) = ct.strip_prefix("multipart/form-data; boundary=") else {
            return false;
        };
        let body = req.body_string();
        let parts: Vec<&str> = body
            .split(&format!("--{boundary}"))
            .map(|p| p.trim_start_matches("\r\n"))
            .filter(|p| !p.is_empty() && !p.starts_with("--"))
            .collect();
        let mut got_texts = Vec::new();
        let mut got_files = Vec::new();
        for p in parts {
            let Some((head, content)) = p.split_once("\r\n\r\n") else {
                return false;
            };
            let content = content.strip_suffix("\r\n").unwrap_or(content).to_string();
            let name = head
                .split("name=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
                .to_string();
            match head
                .split("filename=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
            {
                Some(file) => got_files.push((name, file.to_string(), content)),
                None => got_texts.push((name, content)),
            }
        }
        let mut want_texts = texts.clone();
        want_texts.sort();
        got_texts.sort();
        let mut want_files = files.clone();
        want_files.sort();
        got_files.sort();
        got_texts == want_texts && got_files == want_files
    }
}

/// Matches a request without a body.
pub fn no_body() -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    |req: &HttpMockRequest| req.body().is_empty()
}

/// A client pointed at the Prism mock of the official contract of API `version`, from
/// `PIPEDRIVE_PRISM_URL` (v1) or `PIPEDRIVE_PRISM_V2_URL` (v2), set by
/// `scripts/contract-tests.sh`. Prism serves a contract's paths without the version
/// prefix, so the URL is the mock's root, which the client uses for both versions. The
/// contract tests are `#[ignore]`d and only run when asked for with `--ignored`, so a
/// missing URL is a failure, never a silent pass.
pub fn prism_client(version: u8) -> pipedrive::Client {
    let var = if version == 1 {
        "PIPEDRIVE_PRISM_URL"
    } else {
        "PIPEDRIVE_PRISM_V2_URL"
    };
    let url = std::env::var(var).unwrap_or_default();
    assert!(
        !url.is_empty(),
        "{var} is not set: the contract tests need Prism serving the official v{version} \
         contract; run them with scripts/contract-tests.sh"
    );
    let config = pipedrive::Config::with_api_token(TOKEN)
        .base_url(url)
        .max_retries(0);
    pipedrive::Client::new(config).expect("client builds")
}

/// Fails with Prism's validation report when the SDK's request broke the contract, or
/// with the decode error when the contract's example did not fit the model.
pub fn contract_ok(endpoint: &str, result: pipedrive::Result<()>) {
    if let Err(e) = result {
        let body = e.body().unwrap_or_default();
        panic!("{endpoint}: {e}\n{body}");
    }
}

/// The body a request must carry.
pub enum Body {
    /// No body at all.
    None,
    /// A JSON body equal to this value.
    Json(Value),
    /// An urlencoded body with exactly these fields.
    Form(&'static [(&'static str, &'static str)]),
    /// A multipart body with exactly these text fields and file parts.
    Multipart(
        &'static [(&'static str, &'static str)],
        &'static [(&'static str, &'static str, &'static str)],
    ),
}

/// One expected request and the canned answer to it.
pub struct Expect {
    pub method: httpmock::Method,
    pub path: &'static str,
    /// The exact query (order-insensitive).
    pub query: &'static [(&'static str, &'static str)],
    pub body: Body,
    pub status: u16,
    /// JSON is served as `application/json`, anything else as bytes.
    pub response: &'static [u8],
}

/// Registers a mock that only matches the exact request described, with the token header.
pub fn expect(server: &MockServer, e: Expect) -> httpmock::Mock<'_> {
    server.mock(move |when, then| {
        let when = when
            .method(e.method)
            .path(e.path)
            .header("x-api-token", TOKEN)
            .is_true(query_is(e.query));
        match e.body {
            Body::None => {
                when.is_true(no_body());
            }
            Body::Json(v) => {
                when.header("content-type", "application/json").json_body(v);
            }
            Body::Form(fields) => {
                when.header("content-type", "application/x-www-form-urlencoded")
                    .is_true(form_is(fields));
            }
            Body::Multipart(texts, files) => {
                when.is_true(multipart_is(texts, files));
            }
        }
        let content_type = if serde_json::from_slice::<Value>(e.response).is_ok() {
            "application/json"
        } else {
            "application/octet-stream"
        };
        then.status(e.status)
            .header("content-type", content_type)
            .body(e.response);
    })
}
