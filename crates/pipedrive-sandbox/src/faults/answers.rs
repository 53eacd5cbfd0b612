//! The named one-shot answers of [`Faults::answer_next`](super::Faults::answer_next):
//! whole responses (a redirect, an oversized or non-JSON body, `success: false`, a spent
//! daily budget, a coded error) that no ordinary route would send.
use serde_json::{Value, json};

/// A whole answer chosen by a named fault.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Canned {
    /// The name it was asked for by, for the snapshot.
    pub name: &'static str,
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    /// A `Content-Length` to announce instead of the body's; the connection is closed
    /// after the head, like a server that starts a huge body.
    pub announced_len: Option<usize>,
}

/// The `code` a coded error answer carries (`error-<status>`).
pub const FAULT_CODE: &str = "E_SANDBOX_FAULT";
/// The `error_info` of the named error answers.
pub const FAULT_INFO: &str = "Injected by the pipedrive-rs sandbox.";
/// Where the `redirect` answer points: plain HTTP on another host, which a client must
/// not follow with credentials (and this one is never resolved: `.invalid`).
pub const REDIRECT_TARGET: &str = "http://pipedrive.invalid/v1/moved";
/// The body length the `oversized` answer announces (1 TiB).
pub const OVERSIZED_LEN: usize = 1 << 40;

/// The names [`Faults::answer_next`](super::Faults::answer_next) and the `x-sandbox-fault` header accept.
pub const ANSWER_NAMES: &str =
    "redirect, oversized, not-json, success-false, daily-budget, error-<status>";

impl Canned {
    fn json(name: &'static str, status: u16, body: &Value, headers: Vec<(String, String)>) -> Self {
        Canned {
            name,
            status,
            content_type: "application/json",
            body: serde_json::to_vec(body).unwrap_or_default(),
            headers,
            announced_len: None,
        }
    }

    /// The answer a name stands for, or `None` for an unknown name.
    pub(crate) fn named(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match name.as_str() {
            // A 302 a client may not follow (plain HTTP to another host).
            "redirect" => Canned {
                name: "redirect",
                status: 302,
                content_type: "text/html",
                body: b"<a href=\"http://pipedrive.invalid/v1/moved\">moved</a>".to_vec(),
                headers: vec![("Location".into(), REDIRECT_TARGET.into())],
                announced_len: None,
            },
            "oversized" => Canned {
                name: "oversized",
                status: 200,
                content_type: "application/json",
                body: Vec::new(),
                headers: Vec::new(),
                announced_len: Some(OVERSIZED_LEN),
            },
            // A proxy's or maintenance page answering 200 with HTML.
            "not-json" => Canned {
                name: "not-json",
                status: 200,
                content_type: "text/html; charset=UTF-8",
                body: b"<html><body>Down for maintenance</body></html>".to_vec(),
                headers: Vec::new(),
                announced_len: None,
            },
            "success-false" => Canned::json(
                "success-false",
                200,
                &json!({
                    "success": false,
                    "error": "The request could not be completed",
                    "error_info": FAULT_INFO,
                    "code": FAULT_CODE,
                    "data": null,
                }),
                Vec::new(),
            ),
            // The company's daily token budget is spent: the wait is until tomorrow, far
            // beyond any client's retry budget.
            "daily-budget" => Canned::json(
                "daily-budget",
                429,
                &json!({
                    "success": false,
                    "error": "Daily API token budget exceeded",
                    "error_info": FAULT_INFO,
                    "errorCode": 429,
                    "data": null,
                }),
                vec![
                    ("Retry-After".into(), "3600".into()),
                    ("x-daily-requests-left".into(), "0".into()),
                ],
            ),
            other => {
                let status = other
                    .strip_prefix("error-")
                    .and_then(|s| s.parse::<u16>().ok())
                    .filter(|s| (400..=599).contains(s))?;
                let body = json!({
                    "success": false,
                    "error": crate::http::reason(status),
                    "error_info": FAULT_INFO,
                    "code": FAULT_CODE,
                    "data": null,
                });
                Canned::json("error-<status>", status, &body, Vec::new())
            }
        })
    }
}
