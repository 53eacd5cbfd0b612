//! Reading a response body: the envelope of a 2xx answer and the typed error of any
//! other status.
//!
//! The envelope is read by [`RawEnvelope`], the one envelope reader of `pipedrive-types`
//! (the public `Envelope<T>` uses it too, so both read `success` alike: only an explicit
//! `false`, `"false"` or `0` makes a 2xx answer an error). It keeps `data` as raw text,
//! so the envelope code is compiled once: only turning `data` into `T` ([`decode`]) is
//! instantiated per type. An envelope generic over `T` cost about 5 KB of machine code
//! for each of the ~100 response types.
use crate::error::snippet;
use crate::rate_limit::{RateLimit, retry_hint};
use crate::{Error, Result};
use pipedrive_types::AdditionalData;
use pipedrive_types::envelope::RawEnvelope;
use serde::de::{self, DeserializeOwned};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use ureq::http::{HeaderMap, StatusCode};

/// A decoded response with everything Pipedrive sent next to `data`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The envelope's `data`.
    pub data: T,
    /// Pagination and endpoint-specific extras.
    pub additional_data: Option<AdditionalData>,
    /// `additional_data` exactly as received (key order, nulls, number forms), for callers
    /// that hand it on unchanged; `Some` whenever `additional_data` is.
    pub additional_data_raw: Option<Box<RawValue>>,
    /// Objects referenced by `data`, keyed by kind then id.
    pub related_objects: Option<Map<String, Value>>,
    /// The rate-limit headers of this response.
    pub rate_limit: RateLimit,
    /// The HTTP status.
    pub status: u16,
}

fn text(v: Option<Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// [`decode_as`] keeping the extras (what the fuzz targets and tests exercise).
pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    bytes: &[u8],
    rate_limit: RateLimit,
) -> Result<ApiResponse<T>> {
    decode_as(status, bytes, rate_limit, Extras::Keep)
}

/// Whether a decode reads `additional_data` and `related_objects` or leaves them unread
/// (a caller that only wants `data` skips parsing them; they are still checked to be
/// well-formed JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extras {
    Keep,
    Skip,
}

pub(crate) fn decode_as<T: DeserializeOwned>(
    status: u16,
    bytes: &[u8],
    rate_limit: RateLimit,
    extras: Extras,
) -> Result<ApiResponse<T>> {
    // Kept small on purpose: it is instantiated once per response type, so everything
    // that does not depend on `T` lives in the non-generic helpers.
    let Some(env) = envelope(status, bytes)? else {
        return match absent::<T>() {
            Ok(data) if status == 204 => Ok(ApiResponse::plain(data, rate_limit, status)),
            _ => Err(empty_body(status)),
        };
    };
    let data = match env.data {
        Some(raw) => {
            serde_json::from_str::<T>(raw.get()).map_err(|e| misfit(status, &e, raw, bytes))?
        }
        None => absent::<T>().map_err(|e| no_data(status, &e, bytes))?,
    };
    let mut response = ApiResponse::plain(data, rate_limit, status);
    if extras == Extras::Keep {
        (response.additional_data, response.additional_data_raw) = env.additional().unzip();
        response.related_objects = env.related();
    }
    Ok(response)
}

/// Reads the envelope of a 2xx body: `None` for an empty body, an error for a body that
/// is not an envelope or that says `success: false`.
fn envelope(status: u16, bytes: &[u8]) -> Result<Option<RawEnvelope<'_>>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let mut env = serde_json::from_slice::<RawEnvelope<'_>>(bytes).map_err(|e| Error::Decode {
        status,
        message: e.to_string(),
        snippet: snippet(bytes),
    })?;
    if env.failed() {
        let code = env.take_error_code();
        return Err(unsuccessful(
            status,
            [env.error, env.message],
            env.error_info,
            code,
            bytes,
        ));
    }
    Ok(Some(env))
}

/// `T` read from an absent or `null` `data` (`None`, `Null`, `()`...; an error for a
/// struct). A unit deserializer only makes the type's `visit_unit`/`visit_none` exist,
/// where `Value::Null` would have made a second copy of the type's whole decoder.
fn absent<T: DeserializeOwned>() -> serde_json::Result<T> {
    T::deserialize(de::value::UnitDeserializer::<serde_json::Error>::new())
}

impl<T> ApiResponse<T> {
    fn plain(data: T, rate_limit: RateLimit, status: u16) -> Self {
        ApiResponse {
            data,
            additional_data: None,
            additional_data_raw: None,
            related_objects: None,
            rate_limit,
            status,
        }
    }
}

fn empty_body(status: u16) -> Error {
    Error::Decode {
        status,
        message: "empty response body".into(),
        snippet: String::new(),
    }
}

fn no_data(status: u16, e: &serde_json::Error, bytes: &[u8]) -> Error {
    Error::Decode {
        status,
        message: format!("the response has no `data`: {e}"),
        snippet: snippet(bytes),
    }
}

/// `success: false` in a 2xx answer; `errors` and `codes` are tried in order.
fn unsuccessful(
    status: u16,
    errors: [Option<Value>; 2],
    error_info: Option<Value>,
    code: Option<Value>,
    bytes: &[u8],
) -> Error {
    let [e1, e2] = errors;
    Error::Api {
        status,
        error: text(e1)
            .or_else(|| text(e2))
            .unwrap_or_else(|| "the response says success: false".into()),
        error_info: text(error_info),
        code: text(code),
        body: snippet(bytes),
    }
}

/// `data` that does not fit the expected type. serde_json counts lines and columns from
/// the start of `data`; the message counts them from the start of the body instead.
fn misfit(status: u16, e: &serde_json::Error, raw: &RawValue, bytes: &[u8]) -> Error {
    let text = e.to_string();
    let message = match text.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())) {
        Some(what) if e.line() > 0 => {
            let offset = (raw.get().as_ptr() as usize).saturating_sub(bytes.as_ptr() as usize);
            let before = bytes.get(..offset).unwrap_or_default();
            let start_line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start_column = before.iter().rev().take_while(|&&b| b != b'\n').count();
            let (line, column) = if e.line() == 1 {
                (start_line, start_column + e.column())
            } else {
                (start_line + e.line() - 1, e.column())
            };
            format!("{what} at line {line} column {column}")
        }
        _ => text,
    };
    Error::Decode {
        status,
        message,
        snippet: snippet(bytes),
    }
}

/// Builds the error for a non-2xx response; the body may be JSON, HTML or nothing.
pub(crate) fn error_from_response(
    status: u16,
    headers: &HeaderMap,
    rate_limit: RateLimit,
    bytes: &[u8],
) -> Error {
    // The same envelope reader as for 2xx bodies: only its error fields are used here.
    let mut probe: RawEnvelope<'_> = serde_json::from_slice(bytes).unwrap_or_default();
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let code = text(probe.take_error_code());
    let error = text(probe.error)
        .or_else(|| text(probe.message))
        .unwrap_or_else(|| reason.to_owned());
    let error_info = text(probe.error_info);
    let body = snippet(bytes);
    match status {
        401 => Error::Unauthorized {
            error,
            error_info,
            code,
            body,
        },
        403 => Error::Forbidden {
            error,
            error_info,
            code,
            body,
        },
        404 => Error::NotFound {
            error,
            error_info,
            code,
            body,
        },
        429 => Error::RateLimited {
            retry_after: retry_hint(headers),
            rate_limit: Box::new(rate_limit),
            error,
            error_info,
            code,
            body,
        },
        300..=399 => Error::Redirect {
            status,
            location: headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        },
        _ => Error::Api {
            status,
            error,
            error_info,
            code,
            body,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn decode_null_data() {
        let r: ApiResponse<Option<u32>> = decode(
            200,
            br#"{"success":true,"data":null}"#,
            RateLimit::default(),
        )
        .unwrap();
        assert_eq!(r.data, None);
        let r: ApiResponse<Value> =
            decode(200, br#"{"success":true}"#, RateLimit::default()).unwrap();
        assert_eq!(r.data, Value::Null);
        let e = decode::<Vec<u32>>(
            200,
            br#"{"success":true,"data":null}"#,
            RateLimit::default(),
        );
        assert!(matches!(e, Err(Error::Decode { .. })));
    }

    #[test]
    fn decode_success_false_with_mismatched_data() {
        let e = decode::<Vec<u32>>(
            200,
            br#"{"success":false,"error":"nope","errorCode":7,"data":{"x":1}}"#,
            RateLimit::default(),
        );
        match e {
            Err(Error::Api {
                status,
                error,
                code,
                ..
            }) => {
                assert_eq!(
                    (status, error.as_str(), code.as_deref()),
                    (200, "nope", Some("7"))
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_error_code_comes_from_any_of_its_spellings() {
        let headers = HeaderMap::new();
        let e = error_from_response(
            429,
            &headers,
            RateLimit::default(),
            br#"{"success":false,"error":"Rate limit exceeded","errorCode":429}"#,
        );
        assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
        assert_eq!(e.code(), Some("429"));
        assert_eq!(e.error_text(), Some("Rate limit exceeded"));
        for (body, code) in [
            (
                &br#"{"success":false,"error":"x","code":"E1"}"#[..],
                Some("E1"),
            ),
            (
                br#"{"success":false,"error":"x","error_code":"E2"}"#,
                Some("E2"),
            ),
            (
                br#"{"success":false,"error":"x","code":null,"errorCode":3}"#,
                Some("3"),
            ),
            (
                br#"{"success":false,"error":"x","errorCode":4,"error_code":5}"#,
                Some("4"),
            ),
            (br#"{"success":false,"error":"x"}"#, None),
        ] {
            let e = error_from_response(400, &headers, RateLimit::default(), body);
            assert_eq!(e.code(), code, "{}", String::from_utf8_lossy(body));
            // A 2xx that says `success: false` reads the same spellings.
            let e = decode::<Value>(200, body, RateLimit::default()).unwrap_err();
            assert_eq!(e.code(), code, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn decode_misfit_reports_the_position_in_the_body() {
        // The same error as decoding the whole body at once would give.
        #[derive(Debug, Deserialize)]
        struct Whole {
            #[allow(dead_code)]
            data: Vec<u32>,
        }
        for body in [
            &br#"{"success":true,"data":[1,"x"]}"#[..],
            b"{\n  \"success\": true,\n  \"data\": [\n    1,\n    \"x\"\n  ]\n}",
            b"{\"success\":true,\n \"data\": [1, true]}",
        ] {
            let expected = serde_json::from_slice::<Whole>(body)
                .unwrap_err()
                .to_string();
            match decode::<Vec<u32>>(200, body, RateLimit::default()) {
                Err(Error::Decode { message, .. }) => assert_eq!(message, expected),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn decode_success_false_reads_message_when_error_is_absent() {
        match decode::<u32>(
            200,
            br#"{"success":false,"message":"why"}"#,
            RateLimit::default(),
        ) {
            Err(Error::Api { error, .. }) => assert_eq!(error, "why"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_tolerates_array_extras() {
        let r: ApiResponse<Vec<u32>> = decode(
            200,
            br#"{"success":true,"data":[1],"additional_data":[],"related_objects":[]}"#,
            RateLimit::default(),
        )
        .unwrap();
        assert_eq!(r.data, vec![1]);
        assert!(r.additional_data.is_none() && r.related_objects.is_none());
    }

    #[test]
    fn extras_are_read_only_when_kept() {
        let body = br#"{"success":true,"data":[1],"additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}},"related_objects":{"user":{"7":{"id":7}}}}"#;
        let kept: ApiResponse<Vec<u32>> =
            decode_as(200, body, RateLimit::default(), Extras::Keep).unwrap();
        let pagination = kept.additional_data.unwrap().pagination.unwrap();
        assert_eq!(pagination.limit.and_then(|n| n.as_u64()), Some(1));
        assert!(
            kept.additional_data_raw
                .unwrap()
                .get()
                .contains("next_start")
        );
        assert_eq!(kept.related_objects.unwrap()["user"]["7"]["id"], 7);

        let skipped: ApiResponse<Vec<u32>> =
            decode_as(200, body, RateLimit::default(), Extras::Skip).unwrap();
        assert_eq!(skipped.data, vec![1]);
        assert!(skipped.additional_data.is_none() && skipped.related_objects.is_none());

        // Unread is not unchecked: broken JSON in an extra is still a decode error.
        let broken = br#"{"success":true,"data":[1],"related_objects":{"user":}}"#;
        let e = decode_as::<Vec<u32>>(200, broken, RateLimit::default(), Extras::Skip);
        assert!(matches!(e, Err(Error::Decode { .. })), "{e:?}");
    }
}
