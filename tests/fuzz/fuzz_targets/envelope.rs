//! The client's response decoding on any (status, headers, body): the envelope of a 2xx
//! answer, the error built from any other, the rate-limit headers. Beyond "no panic":
//! `data` comes out exactly as a plain JSON parser reads it, the status picks the error
//! kind, and the transport's token never shows in an error. Input format: see
//! `pipedrive_fuzz::parse_answer`.
#![no_main]

use pipedrive_transport::fuzzing::{self, TOKEN};
use pipedrive_transport::{ApiResponse, Error};
use pipedrive_types::{Deal, Items};
use serde_json::Value;

/// The client's reading of `success`: only these forms mean the call failed.
fn says_failure(success: Option<&Value>) -> bool {
    match success {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        _ => false,
    }
}

fn check_error(status: u16, e: &Error) {
    let shown = format!("{e} {e:?}");
    assert!(
        !shown.contains(TOKEN),
        "the token shows in an error: {shown}"
    );
    let body_len = match e {
        Error::Api { body, .. }
        | Error::Unauthorized { body, .. }
        | Error::Forbidden { body, .. }
        | Error::NotFound { body, .. }
        | Error::RateLimited { body, .. } => body.chars().count(),
        Error::Decode { snippet, .. } => snippet.chars().count(),
        _ => 0,
    };
    // At most 4 KiB of the body (each byte at most one character once invalid UTF-8 is
    // replaced), plus the "…" marking the cut.
    assert!(body_len <= 4096 + 1, "error body of {body_len} characters");
    if (200..300).contains(&status) {
        assert!(
            matches!(e, Error::Decode { .. } | Error::Api { .. }),
            "a {status} answer became {e:?}"
        );
        return;
    }
    let fits = match status {
        401 => matches!(e, Error::Unauthorized { .. }),
        403 => matches!(e, Error::Forbidden { .. }),
        404 => matches!(e, Error::NotFound { .. }),
        429 => matches!(e, Error::RateLimited { .. }),
        300..=399 => matches!(e, Error::Redirect { .. }),
        _ => matches!(e, Error::Api { status: s, .. } if *s == status),
    };
    assert!(fits, "a {status} answer became {e:?}");
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let answer = pipedrive_fuzz::parse_answer(input);
    let headers = fuzzing::headers(answer.headers.iter().copied());
    let _ = fuzzing::retry_hint(&headers);
    let status = answer.status;
    let body = answer.body;

    let result = fuzzing::response::<Value>(status, &headers, body);
    // Typed `data` as the endpoints read it: only "no panic" here.
    for e in [
        fuzzing::response::<Deal>(status, &headers, body).err(),
        fuzzing::response::<Option<Vec<Deal>>>(status, &headers, body).err(),
        fuzzing::response::<Items<Deal>>(status, &headers, body).err(),
    ]
    .iter()
    .flatten()
    {
        check_error(status, e);
    }

    let response: ApiResponse<Value> = match result {
        Err(e) => {
            check_error(status, &e);
            if (200..300).contains(&status) {
                // A 2xx answer that a JSON parser reads as an envelope must decode.
                if let Ok(Value::Object(env)) = serde_json::from_slice::<Value>(body) {
                    assert!(
                        says_failure(env.get("success")),
                        "a readable {status} envelope failed: {e:?}"
                    );
                    assert!(matches!(e, Error::Api { .. }), "{e:?}");
                }
            }
            return;
        }
        Ok(r) => r,
    };
    assert!((200..300).contains(&status), "a {status} answer decoded");
    assert_eq!(response.status, status);
    if body.iter().all(u8::is_ascii_whitespace) {
        assert_eq!(status, 204, "an empty {status} body decoded");
        assert_eq!(response.data, Value::Null);
        return;
    }
    // `data` is what a plain parser sees, when the plain parser can read the body at all
    // (its nesting limit counts the envelope's own level, the client's does not).
    if let Ok(parsed) = serde_json::from_slice::<Value>(body) {
        let Value::Object(env) = parsed else {
            panic!("a body that is not an object decoded: {parsed}");
        };
        assert!(!says_failure(env.get("success")));
        let expected = env.get("data").cloned().unwrap_or(Value::Null);
        assert_eq!(response.data, expected);
    }
});
