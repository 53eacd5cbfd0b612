//! The `/_sandbox` control routes: fault switches, statistics and reset, over HTTP for
//! tests written in any language. They need no token and are not counted as requests.
use crate::api::error_body;
use crate::http::Request;
use crate::server::Shared;
use serde_json::{Value, json};

/// The control body is JSON whatever Content-Type says (curl -d sends a form type).
fn control_body(req: &Request) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => crate::http::parse_body(req),
    }
}

/// `/_sandbox/...`: fault switches, statistics and reset for tests in any language.
pub(crate) fn control(shared: &Shared, req: &Request) -> (u16, Value) {
    let ok = |data: Value| (200, json!({"success": true, "data": data}));
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/_sandbox/stats") => ok(shared.stats()),
        ("POST", "/_sandbox/reset") => {
            shared.reset();
            ok(shared.stats())
        }
        ("GET", "/_sandbox/faults") => ok(shared.faults.snapshot()),
        ("POST" | "PUT", "/_sandbox/faults") => match control_body(req) {
            Ok(body) => match shared.faults.apply_json(&body) {
                Ok(()) => ok(shared.faults.snapshot()),
                Err(e) => (400, error_body(&e)),
            },
            Err(e) => (400, error_body(&e)),
        },
        ("DELETE", "/_sandbox/faults") => {
            shared.faults.clear();
            ok(shared.faults.snapshot())
        }
        _ => (404, error_body("Unknown sandbox route")),
    }
}
