//! The one error type of the foreign surface.
use pipedrive::Error;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Everything a call can fail with. In Kotlin it is the sealed `PipedriveException`
/// with one subclass per variant; in Swift an `Error` enum with associated values.
///
/// The fields are plain values: `status` (HTTP status), `error_text` (Pipedrive's
/// `error`), `error_info` (Pipedrive's `error_info`), `retry_after_seconds`, and a
/// `detail` text for the variants that are not an API answer. None of them ever holds
/// the API token.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum PipedriveError {
    /// Any other non-success answer from the API (400, 402, 409, 410, 422, 5xx...).
    #[error("Pipedrive API error (HTTP {status}): {error_text}")]
    Api {
        /// HTTP status.
        status: u16,
        /// Pipedrive's `error` text.
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
        /// Pipedrive's machine-readable `code`, when sent.
        code: Option<String>,
        /// The response body as received.
        body: String,
    },
    /// 401: the token is missing, wrong or revoked.
    #[error("unauthorized (HTTP 401): {error_text}")]
    Unauthorized {
        /// HTTP status (401).
        status: u16,
        /// Pipedrive's `error` text.
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
    },
    /// 403: the user may not do this.
    #[error("forbidden (HTTP 403): {error_text}")]
    Forbidden {
        /// HTTP status (403).
        status: u16,
        /// Pipedrive's `error` text.
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
    },
    /// 404: no such object (or endpoint).
    #[error("not found (HTTP 404): {error_text}")]
    NotFound {
        /// HTTP status (404).
        status: u16,
        /// Pipedrive's `error` text.
        error_text: String,
        /// Pipedrive's `error_info` hint, when sent.
        error_info: Option<String>,
    },
    /// 429 after the configured retries.
    #[error("rate limited (HTTP 429): {error_text}")]
    RateLimited {
        /// HTTP status (429).
        status: u16,
        /// Pipedrive's `error` text.
        error_text: String,
        /// How long the server asked to wait, in seconds, when it said.
        retry_after_seconds: Option<f64>,
    },
    /// The request timed out.
    #[error("the request timed out")]
    Timeout {
        /// What timed out.
        detail: String,
    },
    /// The connection failed (DNS, TLS, reset...).
    #[error("connection error: {detail}")]
    Transport {
        /// What failed.
        detail: String,
    },
    /// The response was not what the endpoint documents.
    #[error("could not decode the response (HTTP {status}): {detail}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// What did not fit.
        detail: String,
        /// The start of the body.
        snippet: String,
    },
    /// A parameter was refused before anything was sent.
    #[error("invalid input: {detail}")]
    InvalidInput {
        /// What was wrong.
        detail: String,
    },
    /// The response was larger than the client accepts, or refused for another
    /// configured limit (redirects, token refresh).
    #[error("refused: {detail}")]
    Refused {
        /// Which limit.
        detail: String,
    },
    /// Reading or writing a local file failed.
    #[error("I/O error: {detail}")]
    Io {
        /// What failed.
        detail: String,
    },
    /// A bug in this library (a Rust panic, caught at the boundary).
    #[error("internal error: {detail}")]
    Internal {
        /// The panic's text.
        detail: String,
    },
}

impl From<Error> for PipedriveError {
    fn from(e: Error) -> Self {
        let text = || e.error_text().unwrap_or_default().to_owned();
        let info = || e.error_info().map(str::to_owned);
        match &e {
            Error::Api {
                status, code, body, ..
            } => PipedriveError::Api {
                status: *status,
                error_text: text(),
                error_info: info(),
                code: code.clone(),
                body: body.clone(),
            },
            Error::Unauthorized { .. } => PipedriveError::Unauthorized {
                status: 401,
                error_text: text(),
                error_info: info(),
            },
            // DESIGN.md's table: a failed OAuth refresh is the Unauthorized class.
            Error::TokenRefresh { .. } => PipedriveError::Unauthorized {
                status: 401,
                error_text: e.to_string(),
                error_info: None,
            },
            Error::Forbidden { .. } => PipedriveError::Forbidden {
                status: 403,
                error_text: text(),
                error_info: info(),
            },
            Error::NotFound { .. } => PipedriveError::NotFound {
                status: 404,
                error_text: text(),
                error_info: info(),
            },
            Error::RateLimited { retry_after, .. } => PipedriveError::RateLimited {
                status: 429,
                error_text: text(),
                retry_after_seconds: retry_after.map(|d| d.as_secs_f64()),
            },
            Error::Timeout => PipedriveError::Timeout {
                detail: e.to_string(),
            },
            Error::Transport { message, .. } => PipedriveError::Transport {
                detail: message.clone(),
            },
            Error::Decode {
                status,
                message,
                snippet,
            } => PipedriveError::Decode {
                status: *status,
                detail: message.clone(),
                snippet: snippet.clone(),
            },
            Error::InvalidInput(detail) => PipedriveError::InvalidInput {
                detail: detail.clone(),
            },
            Error::MissingToken { .. } => PipedriveError::InvalidInput {
                detail: e.to_string(),
            },
            Error::Io { message, .. } => PipedriveError::Io {
                detail: message.clone(),
            },
            // Body limit, redirects refused, and variants added later.
            _ => PipedriveError::Refused {
                detail: e.to_string(),
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
        let e = PipedriveError::InvalidInput { detail: "x".into() };
        assert_eq!(guard::<()>(|| Err(e.clone())), Err(e));
    }
}
