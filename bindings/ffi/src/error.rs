//! The one error type of the foreign surface.
use pipedrive::{Error, ErrorClass, RateLimit};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Everything a call can fail with. In Kotlin it is the sealed `PipedriveException`
/// with one subclass per case; in Swift an `Error` enum with associated values.
///
/// One case per class of the Rust error table ([`ErrorClass`]; the same classes as the
/// Python exceptions), plus `Internal` for a bug caught at the boundary. Every case
/// carries the same fields, null where they do not apply: `status` (HTTP status),
/// `error_text` (Pipedrive's `error`), `error_info`, `code` (Pipedrive's
/// `code`/`errorCode`), `body` (the start of the raw body, at most 4 KiB) and `detail`
/// (the whole message); `RateLimited` adds `retry_after_seconds` and `rate_limit`. The
/// types are non-null where every error of the case has the value. None of them ever
/// holds the API token.
///
/// Which Rust errors a case covers: `Unauthorized` also a failed OAuth refresh; `Transport` a connection failure, a refused redirect (`status` is the 3xx),
/// a body over the limit, local I/O (a file to upload), an interrupted call;
/// `InvalidInput` also a missing token.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum PipedriveError {
    /// Any other error answer from the API (400, 402, 409, 410, 422, 5xx...), or
    /// `success: false` in a 2xx answer (`status` 200).
    #[error("{detail}")]
    Api {
        /// HTTP status.
        status: i32,
        /// Pipedrive's `error` text (or the HTTP reason).
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's error code (`code`, `errorCode` or `error_code` of the body), when sent.
        code: Option<String>,
        /// The start of the response body.
        body: String,
        /// The whole message.
        detail: String,
    },
    /// 401: the token is missing, wrong or revoked; or refreshing an OAuth token after
    /// a 401 failed (then without `error_text` and `body`; `detail` has the refresher's
    /// text).
    #[error("{detail}")]
    Unauthorized {
        /// HTTP status (401).
        status: i32,
        /// Pipedrive's `error` text.
        error_text: Option<String>,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's error code (`code`, `errorCode` or `error_code` of the body), when sent.
        code: Option<String>,
        /// The start of the response body.
        body: Option<String>,
        /// The whole message.
        detail: String,
    },
    /// 403: the user may not do this, or the HTML page Pipedrive serves to clients that
    /// kept sending after being rate limited (`body` holds the HTML).
    #[error("{detail}")]
    Forbidden {
        /// HTTP status (403).
        status: i32,
        /// Pipedrive's `error` text (or the HTTP reason).
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's error code (`code`, `errorCode` or `error_code` of the body), when sent.
        code: Option<String>,
        /// The start of the response body.
        body: String,
        /// The whole message.
        detail: String,
    },
    /// 404: no such object (or endpoint).
    #[error("{detail}")]
    NotFound {
        /// HTTP status (404).
        status: i32,
        /// Pipedrive's `error` text (or the HTTP reason).
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's error code (`code`, `errorCode` or `error_code` of the body), when sent.
        code: Option<String>,
        /// The start of the response body.
        body: String,
        /// The whole message.
        detail: String,
    },
    /// 429 after the configured retries, or asking for a longer wait than the client
    /// allows (a spent daily budget: `rate_limit.daily_requests_left == 0`).
    #[error("{detail}")]
    RateLimited {
        /// HTTP status (429).
        status: i32,
        /// Pipedrive's `error` text (or the HTTP reason).
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's error code (`code`, `errorCode` or `error_code` of the body), when sent.
        code: Option<String>,
        /// The start of the response body.
        body: String,
        /// How long the server asked to wait, in seconds, when it said.
        retry_after_seconds: Option<f64>,
        /// The rate-limit headers of the refusing answer.
        rate_limit: RateLimitHeaders,
        /// The whole message.
        detail: String,
    },
    /// A connect, read or overall timeout expired.
    #[error("{detail}")]
    Timeout {
        /// Always absent: no answer arrived.
        status: Option<i32>,
        /// Always absent.
        error_text: Option<String>,
        /// Always absent.
        error_info: Option<String>,
        /// Always absent.
        code: Option<String>,
        /// Always absent.
        body: Option<String>,
        /// What timed out.
        detail: String,
    },
    /// No usable answer: the connection failed (DNS, TLS, reset...), a redirect was
    /// refused (`status` is its 3xx), the body was over the limit, reading a local file
    /// failed, or the call was interrupted.
    #[error("{detail}")]
    Transport {
        /// The 3xx of a refused redirect; otherwise absent.
        status: Option<i32>,
        /// Always absent.
        error_text: Option<String>,
        /// Always absent.
        error_info: Option<String>,
        /// Always absent.
        code: Option<String>,
        /// Always absent.
        body: Option<String>,
        /// What failed.
        detail: String,
    },
    /// The answer was not what the endpoint documents (not JSON, wrong shape).
    #[error("{detail}")]
    Decode {
        /// HTTP status.
        status: i32,
        /// Always absent.
        error_text: Option<String>,
        /// Always absent.
        error_info: Option<String>,
        /// Always absent.
        code: Option<String>,
        /// The start of the body.
        body: String,
        /// What did not fit.
        detail: String,
    },
    /// The call was refused before anything was sent (a bad parameter, a missing token).
    #[error("invalid input: {detail}")]
    InvalidInput {
        /// Always absent.
        status: Option<i32>,
        /// Always absent.
        error_text: Option<String>,
        /// Always absent.
        error_info: Option<String>,
        /// Always absent.
        code: Option<String>,
        /// Always absent.
        body: Option<String>,
        /// What was wrong.
        detail: String,
    },
    /// A bug in this library (a Rust panic, caught at the boundary). Not a row of the
    /// error table: no request outcome produces it.
    #[error("internal error: {detail}")]
    Internal {
        /// The panic's text.
        detail: String,
    },
}

/// The `x-ratelimit-*` and `x-daily-requests-left` headers of an answer.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RateLimitHeaders {
    /// Requests allowed in the current burst window.
    pub limit: Option<i32>,
    /// Requests left in the current window.
    pub remaining: Option<i32>,
    /// Seconds until the window resets.
    pub reset_seconds: Option<f64>,
    /// What is left of the company's daily budget.
    pub daily_requests_left: Option<i64>,
}

impl From<&RateLimit> for RateLimitHeaders {
    fn from(r: &RateLimit) -> Self {
        RateLimitHeaders {
            limit: r.limit.map(saturating),
            remaining: r.remaining.map(saturating),
            reset_seconds: r.reset.map(|d| d.as_secs_f64()),
            daily_requests_left: r.daily_requests_left.map(saturating),
        }
    }
}

/// A header's count as the signed integer Kotlin and Swift use (the largest one when a
/// server sends more than it holds).
fn saturating<N: Copy, T: TryFrom<N> + Bounded>(n: N) -> T {
    T::try_from(n).unwrap_or(T::MAX)
}

/// The largest value of a signed integer type.
trait Bounded {
    const MAX: Self;
}

impl Bounded for i32 {
    const MAX: i32 = i32::MAX;
}

impl Bounded for i64 {
    const MAX: i64 = i64::MAX;
}

impl PipedriveError {
    /// A parameter refused by this layer, before anything was sent.
    pub fn invalid_input(detail: impl Into<String>) -> Self {
        PipedriveError::InvalidInput {
            status: None,
            error_text: None,
            error_info: None,
            code: None,
            body: None,
            detail: detail.into(),
        }
    }
}

impl From<Error> for PipedriveError {
    /// The case is the error's class ([`Error::class`]); the match has no fallback, so a
    /// class added to the table does not compile until it has a case here.
    fn from(e: Error) -> Self {
        let status = e.status().map(i32::from);
        let error_text = e.error_text().map(str::to_owned);
        let error_info = e.error_info().map(str::to_owned);
        let code = e.code().map(str::to_owned);
        let body = e.body().map(str::to_owned);
        let detail = e.to_string();
        // Present whenever the class guarantees it; the fallbacks only keep this total.
        let answered = status.unwrap_or_default();
        let text = || error_text.clone().unwrap_or_default();
        let raw = || body.clone().unwrap_or_default();
        match e.class() {
            ErrorClass::Api => PipedriveError::Api {
                status: answered,
                error_text: text(),
                error_info,
                code,
                body: raw(),
                detail,
            },
            ErrorClass::Unauthorized => PipedriveError::Unauthorized {
                status: answered,
                error_text,
                error_info,
                code,
                body,
                detail,
            },
            ErrorClass::Forbidden => PipedriveError::Forbidden {
                status: answered,
                error_text: text(),
                error_info,
                code,
                body: raw(),
                detail,
            },
            ErrorClass::NotFound => PipedriveError::NotFound {
                status: answered,
                error_text: text(),
                error_info,
                code,
                body: raw(),
                detail,
            },
            ErrorClass::RateLimited => PipedriveError::RateLimited {
                status: answered,
                error_text: text(),
                error_info,
                code,
                body: raw(),
                retry_after_seconds: e.retry_after().map(|d| d.as_secs_f64()),
                rate_limit: e
                    .rate_limit()
                    .map(RateLimitHeaders::from)
                    .unwrap_or_else(|| RateLimitHeaders::from(&RateLimit::default())),
                detail,
            },
            ErrorClass::Timeout => PipedriveError::Timeout {
                status,
                error_text,
                error_info,
                code,
                body,
                detail,
            },
            ErrorClass::Transport => PipedriveError::Transport {
                status,
                error_text,
                error_info,
                code,
                body,
                detail,
            },
            ErrorClass::Decode => PipedriveError::Decode {
                status: answered,
                error_text,
                error_info,
                code,
                body: raw(),
                detail,
            },
            ErrorClass::InvalidInput => PipedriveError::InvalidInput {
                status,
                error_text,
                error_info,
                code,
                body,
                // The Display of a Rust InvalidInput already starts "invalid input: ",
                // which this case's own Display adds.
                detail: match e {
                    Error::InvalidInput(m) => m,
                    other => other.to_string(),
                },
            },
        }
    }
}

/// Runs one exported call; a panic inside becomes [`PipedriveError::Internal`] instead of
/// unwinding into foreign code.
///
/// The closure runs through one non-generic trampoline, so the unwinding machinery exists
/// once in the library rather than once per exported method.
pub fn guard<T>(f: impl FnOnce() -> Result<T, PipedriveError>) -> Result<T, PipedriveError> {
    let mut f = Some(f);
    let mut out = None;
    let caught = run_caught(&mut || {
        if let Some(f) = f.take() {
            out = Some(f());
        }
    });
    match (caught, out) {
        (Ok(()), Some(result)) => result,
        (Ok(()), None) => Err(PipedriveError::Internal {
            detail: "the call did not run".to_owned(),
        }),
        (Err(detail), _) => Err(PipedriveError::Internal { detail }),
    }
}

#[inline(never)]
fn run_caught(f: &mut dyn FnMut()) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let r: Result<(), _> = guard(|| panic!("boom {}", 7));
        assert_eq!(
            r,
            Err(PipedriveError::Internal {
                detail: "boom 7".into()
            })
        );
    }

    #[test]
    fn results_pass_through() {
        assert_eq!(guard(|| Ok(3)), Ok(3));
        let e = PipedriveError::invalid_input("x");
        assert_eq!(guard::<()>(|| Err(e.clone())), Err(e));
    }
}
