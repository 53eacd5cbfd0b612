//! The one error type every call returns, and the table that sorts its variants into
//! the classes every surface (Rust, Python, uniffi) shows.
use crate::RateLimit;
use std::time::Duration;

/// The class of an [`Error`]: the one table that decides which exception (Python) or
/// error case (uniffi) a transport error becomes.
///
/// | class | [`Error`] variants | Python | uniffi |
/// |---|---|---|---|
/// | `Api` | `Api` (other 4xx/5xx, `success: false` on a 2xx) | `ApiError` | `Api` |
/// | `Unauthorized` | `Unauthorized`, `TokenRefresh` | `AuthenticationError` | `Unauthorized` |
/// | `Forbidden` | `Forbidden` (also the HTML abuse page) | `PermissionDeniedError` | `Forbidden` |
/// | `NotFound` | `NotFound` | `NotFoundError` | `NotFound` |
/// | `RateLimited` | `RateLimited` (also a spent daily budget) | `RateLimitError` | `RateLimited` |
/// | `Timeout` | `Timeout` | `RequestTimeoutError` (also `TimeoutError`) | `Timeout` |
/// | `Transport` | `Transport`, `Io`, `BodyTooLarge`, `Redirect`, `Interrupted` | `TransportError` | `Transport` |
/// | `Decode` | `Decode` | `DecodeError` | `Decode` |
/// | `InvalidInput` | `InvalidInput`, `MissingToken` | `InvalidInputError` (also `ValueError`) | `InvalidInput` |
///
/// `Interrupted` (the [`Config::interrupt`](crate::Config::interrupt) hook asked to stop)
/// is a `Transport` failure: the call ended without a usable answer. The Python binding
/// raises the exception its signal handler raised instead (`KeyboardInterrupt` after
/// Ctrl-C), and `TransportError` only when none is pending.
///
/// Deliberately not `#[non_exhaustive]`: the bindings match on it without a fallback
/// arm, so a new class cannot be added without every surface deciding what it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Any other error answer: 4xx/5xx without a class of its own, `success: false`.
    Api,
    /// The credentials were refused (401) or could not be refreshed.
    Unauthorized,
    /// The account may not do this (403), or the HTML page served to abusive clients.
    Forbidden,
    /// The object or route does not exist (404).
    NotFound,
    /// 429 after the retry budget, including a spent daily budget.
    RateLimited,
    /// A connect, read or overall timeout expired.
    Timeout,
    /// No usable answer: connection failure, local I/O, a body over the limit, a refused
    /// redirect, an interrupted call.
    Transport,
    /// The answer could not be decoded.
    Decode,
    /// The call could not be sent as given.
    InvalidInput,
}

impl ErrorClass {
    /// Every class, in table order.
    pub const ALL: [ErrorClass; 9] = [
        ErrorClass::Api,
        ErrorClass::Unauthorized,
        ErrorClass::Forbidden,
        ErrorClass::NotFound,
        ErrorClass::RateLimited,
        ErrorClass::Timeout,
        ErrorClass::Transport,
        ErrorClass::Decode,
        ErrorClass::InvalidInput,
    ];

    /// The class's name as in the table (`"RateLimited"`), which is also the uniffi case.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Api => "Api",
            ErrorClass::Unauthorized => "Unauthorized",
            ErrorClass::Forbidden => "Forbidden",
            ErrorClass::NotFound => "NotFound",
            ErrorClass::RateLimited => "RateLimited",
            ErrorClass::Timeout => "Timeout",
            ErrorClass::Transport => "Transport",
            ErrorClass::Decode => "Decode",
            ErrorClass::InvalidInput => "InvalidInput",
        }
    }
}

impl std::fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong between building a request and decoding its answer.
///
/// Server-provided text is kept (size-capped) so callers can log it, but any occurrence
/// of the configured credentials is replaced by `***` before the error leaves the
/// transport, so `Debug` and `Display` are safe to log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (or `success: false`) that has no more
    /// specific variant below.
    #[error("Pipedrive API error (HTTP {status}): {error}{}", suffix(.error_info.as_deref()))]
    Api {
        /// HTTP status; 200 when the body said `success: false` on a 2xx answer.
        status: u16,
        /// The `error` text of the body, or the status reason when the body had none.
        error: String,
        /// The `error_info` text of the body, if any.
        error_info: Option<String>,
        /// `code`, `errorCode` or `error_code` of the body, rendered as text.
        code: Option<String>,
        /// The start of the raw body (at most 4 KiB), for diagnostics.
        body: String,
    },
    /// HTTP 401: the token is missing, wrong, expired or revoked.
    #[error("unauthorized (HTTP 401): {error}{}", suffix(.error_info.as_deref()))]
    Unauthorized {
        /// The `error` text of the body, or the status reason.
        error: String,
        /// The `error_info` text of the body, if any.
        error_info: Option<String>,
        /// `code`, `errorCode` or `error_code` of the body, rendered as text.
        code: Option<String>,
        /// The start of the raw body (at most 4 KiB).
        body: String,
    },
    /// HTTP 403: not allowed, or the HTML page Pipedrive serves to clients that keep
    /// sending after being rate limited.
    #[error("forbidden (HTTP 403): {error}{}", suffix(.error_info.as_deref()))]
    Forbidden {
        /// The `error` text of the body, or the status reason when the body is not JSON.
        error: String,
        /// The `error_info` text of the body, if any.
        error_info: Option<String>,
        /// `code`, `errorCode` or `error_code` of the body, rendered as text.
        code: Option<String>,
        /// The start of the raw body (at most 4 KiB); HTML for the abuse page.
        body: String,
    },
    /// HTTP 404: the object or route does not exist.
    #[error("not found (HTTP 404): {error}{}", suffix(.error_info.as_deref()))]
    NotFound {
        /// The `error` text of the body, or the status reason.
        error: String,
        /// The `error_info` text of the body, if any.
        error_info: Option<String>,
        /// `code`, `errorCode` or `error_code` of the body, rendered as text.
        code: Option<String>,
        /// The start of the raw body (at most 4 KiB).
        body: String,
    },
    /// HTTP 429 that outlasted the retry budget (or asked for a longer wait than the
    /// configured maximum).
    #[error("rate limited (HTTP 429): {error}{}", retry_suffix(*.retry_after))]
    RateLimited {
        /// How long the server asked us to wait (`Retry-After`, else `x-ratelimit-reset`).
        retry_after: Option<Duration>,
        /// The rate-limit headers of the refusing response (boxed to keep [`Error`]
        /// small: every call returns it).
        rate_limit: Box<RateLimit>,
        /// The `error` text of the body, or the status reason.
        error: String,
        /// The `error_info` text of the body, if any.
        error_info: Option<String>,
        /// `code`, `errorCode` or `error_code` of the body, rendered as text.
        code: Option<String>,
        /// The start of the raw body (at most 4 KiB).
        body: String,
    },
    /// A connect, read or overall timeout expired.
    #[error("the request timed out")]
    Timeout,
    /// The connection failed (refused, reset, DNS, TLS, malformed HTTP).
    #[error("connection error: {message}")]
    Transport {
        /// What the HTTP stack reported.
        message: String,
        /// True when the failure happened before any byte of the request was written,
        /// i.e. the server cannot have acted on it.
        before_send: bool,
    },
    /// The body could not be decoded into the expected shape (empty, truncated, not
    /// JSON, or JSON of another shape).
    #[error("could not decode the response (HTTP {status}): {message}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What the decoder reported.
        message: String,
        /// The start of the raw body (at most 4 KiB).
        snippet: String,
    },
    /// The caller passed something that cannot be sent (bad base URL, object as a query
    /// value, invalid header characters in a token, ...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The response body was larger than [`Config::max_body_bytes`](crate::Config::max_body_bytes).
    #[error("the response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// A redirect the transport refused to follow (another origin for a non-GET call, a
    /// downgrade to plain HTTP, too many hops, or no usable `Location`).
    #[error("refused to follow redirect (HTTP {status}) to {location}")]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header as sent, or an empty string.
        location: String,
    },
    /// No token was configured where one was expected (see [`Config::from_env`](crate::Config::from_env)).
    #[error("no Pipedrive API token: set the {variable} environment variable")]
    MissingToken {
        /// The environment variable that was read.
        variable: String,
    },
    /// The OAuth refresh hook failed after a 401 (so [`Error::status`] is 401).
    #[error("refreshing the OAuth access token failed: {message}")]
    TokenRefresh {
        /// What the hook reported.
        message: String,
    },
    /// The [`Config::interrupt`](crate::Config::interrupt) hook asked the call to stop
    /// (during a retry or pacing wait, or between chunks of a body).
    #[error("the call was interrupted")]
    Interrupted,
    /// Local I/O failed: opening or reading a multipart file, or writing a download.
    #[error("I/O error: {message}")]
    Io {
        /// The kind of the underlying error.
        kind: std::io::ErrorKind,
        /// What the OS reported.
        message: String,
    },
}

fn suffix(info: Option<&str>) -> String {
    match info {
        Some(i) if !i.is_empty() => format!(" ({i})"),
        _ => String::new(),
    }
}

fn retry_suffix(after: Option<Duration>) -> String {
    match after {
        Some(d) => format!("; retry after {:.1}s", d.as_secs_f64()),
        None => String::new(),
    }
}

impl Error {
    /// Which class of the error table this error belongs to (see [`ErrorClass`]).
    ///
    /// No fallback arm on purpose: a new variant does not compile until it has a class.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::Api { .. } => ErrorClass::Api,
            Error::Unauthorized { .. } | Error::TokenRefresh { .. } => ErrorClass::Unauthorized,
            Error::Forbidden { .. } => ErrorClass::Forbidden,
            Error::NotFound { .. } => ErrorClass::NotFound,
            Error::RateLimited { .. } => ErrorClass::RateLimited,
            Error::Timeout => ErrorClass::Timeout,
            Error::Transport { .. }
            | Error::Io { .. }
            | Error::BodyTooLarge { .. }
            | Error::Redirect { .. }
            | Error::Interrupted => ErrorClass::Transport,
            Error::Decode { .. } => ErrorClass::Decode,
            Error::InvalidInput(_) | Error::MissingToken { .. } => ErrorClass::InvalidInput,
        }
    }

    /// The HTTP status behind this error, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Redirect { status, .. } => Some(*status),
            // A refresh is only tried after a 401 answer.
            Error::Unauthorized { .. } | Error::TokenRefresh { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The server's `error` text, for errors built from a response.
    pub fn error_text(&self) -> Option<&str> {
        match self {
            Error::Api { error, .. }
            | Error::Unauthorized { error, .. }
            | Error::Forbidden { error, .. }
            | Error::NotFound { error, .. }
            | Error::RateLimited { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The server's `error_info` text, when it sent one.
    pub fn error_info(&self) -> Option<&str> {
        match self {
            Error::Api { error_info, .. }
            | Error::Unauthorized { error_info, .. }
            | Error::Forbidden { error_info, .. }
            | Error::NotFound { error_info, .. }
            | Error::RateLimited { error_info, .. } => error_info.as_deref(),
            _ => None,
        }
    }

    /// The server's error code (`code`, `errorCode` or `error_code` of the body), rendered
    /// as text.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. }
            | Error::Unauthorized { code, .. }
            | Error::Forbidden { code, .. }
            | Error::NotFound { code, .. }
            | Error::RateLimited { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The start of the raw response body (at most 4 KiB), when there was one.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. }
            | Error::Unauthorized { body, .. }
            | Error::Forbidden { body, .. }
            | Error::NotFound { body, .. }
            | Error::RateLimited { body, .. }
            | Error::Decode { snippet: body, .. } => Some(body),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The rate-limit headers of the refusing response, for 429s.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::RateLimited { rate_limit, .. } => Some(rate_limit),
            _ => None,
        }
    }

    /// Whether sending the same request again later may succeed (rate limits, gateway
    /// errors, timeouts, dropped connections). The transport already retried these
    /// within its budget; this is for callers deciding what to do next.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout | Error::Transport { .. } => true,
            Error::Api { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// Replaces every occurrence of each secret in the error's text fields.
    ///
    /// Body text is cut to its final size only after the replacement, so no fragment of
    /// a secret can remain at the cut.
    pub(crate) fn scrub(self, secrets: &[String]) -> Self {
        let s = |text: String| scrub_text(text, secrets);
        let b = |text: String| scrub_and_cap(text, secrets);
        let o = |text: Option<String>| text.map(|t| scrub_text(t, secrets));
        match self {
            Error::Api {
                status,
                error,
                error_info,
                code,
                body,
            } => Error::Api {
                status,
                error: s(error),
                error_info: o(error_info),
                code: o(code),
                body: b(body),
            },
            Error::Unauthorized {
                error,
                error_info,
                code,
                body,
            } => Error::Unauthorized {
                error: s(error),
                error_info: o(error_info),
                code: o(code),
                body: b(body),
            },
            Error::Forbidden {
                error,
                error_info,
                code,
                body,
            } => Error::Forbidden {
                error: s(error),
                error_info: o(error_info),
                code: o(code),
                body: b(body),
            },
            Error::NotFound {
                error,
                error_info,
                code,
                body,
            } => Error::NotFound {
                error: s(error),
                error_info: o(error_info),
                code: o(code),
                body: b(body),
            },
            Error::RateLimited {
                retry_after,
                rate_limit,
                error,
                error_info,
                code,
                body,
            } => Error::RateLimited {
                retry_after,
                rate_limit,
                error: s(error),
                error_info: o(error_info),
                code: o(code),
                body: b(body),
            },
            Error::Timeout => Error::Timeout,
            Error::Interrupted => Error::Interrupted,
            Error::Transport {
                message,
                before_send,
            } => Error::Transport {
                message: s(message),
                before_send,
            },
            Error::Decode {
                status,
                message,
                snippet,
            } => Error::Decode {
                status,
                message: s(message),
                snippet: b(snippet),
            },
            Error::InvalidInput(m) => Error::InvalidInput(s(m)),
            Error::BodyTooLarge { limit } => Error::BodyTooLarge { limit },
            Error::Redirect { status, location } => Error::Redirect {
                status,
                location: s(location),
            },
            Error::MissingToken { variable } => Error::MissingToken { variable },
            Error::TokenRefresh { message } => Error::TokenRefresh {
                message: s(message),
            },
            Error::Io { kind, message } => Error::Io {
                kind,
                message: s(message),
            },
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// Secrets shorter than this are not scrubbed: replacing one or two characters
/// everywhere would garble messages while protecting nothing real.
const MIN_SCRUB_LEN: usize = 4;

pub(crate) fn scrub_text(mut text: String, secrets: &[String]) -> String {
    for secret in secrets {
        if secret.len() >= MIN_SCRUB_LEN && text.contains(secret.as_str()) {
            text = text.replace(secret.as_str(), "***");
        }
    }
    text
}

/// Cap on the body text kept inside an error.
pub(crate) const SNIPPET_BYTES: usize = 4096;

/// How much body text an error holds between being built and being scrubbed.
///
/// Cutting to [`SNIPPET_BYTES`] before the secrets are replaced would leave the start of
/// a token that straddles the cut, which `replace` can no longer recognise. So errors are
/// built with this wider window, [`Error::scrub`] replaces the secrets in it and only
/// then cuts to [`SNIPPET_BYTES`]. A secret could only survive as a fragment if it were
/// longer than the difference (60 KiB), far beyond any API or OAuth token.
pub(crate) const SCRUB_WINDOW: usize = 64 * 1024;

/// The first [`SCRUB_WINDOW`] bytes of a body as text, for an error that is scrubbed (and
/// cut to [`SNIPPET_BYTES`]) before it leaves the transport.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let head = bytes.get(..SCRUB_WINDOW).unwrap_or(bytes);
    let mut text = String::from_utf8_lossy(head).into_owned();
    if head.len() < bytes.len() {
        // A multi-byte character cut at the window decodes to U+FFFD; drop it.
        while text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

/// Replaces the secrets first, then cuts to [`SNIPPET_BYTES`] on a character boundary,
/// marking a cut with `…`.
fn scrub_and_cap(text: String, secrets: &[String]) -> String {
    let mut text = scrub_text(text, secrets);
    if text.len() > SNIPPET_BYTES {
        let mut end = SNIPPET_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_caps_and_marks_truncation() {
        let long = vec![b'a'; SCRUB_WINDOW + 10];
        let s = snippet(&long);
        assert!(s.ends_with('…'));
        assert_eq!(s.chars().count(), SCRUB_WINDOW + 1);
        assert_eq!(snippet(b"short"), "short");
        let capped = scrub_and_cap(s, &[]);
        assert!(capped.ends_with('…'));
        assert_eq!(capped.chars().count(), SNIPPET_BYTES + 1);
        // A cut inside a multi-byte character backs off to its start.
        let wide = format!("a{}", "é".repeat(SNIPPET_BYTES));
        let capped = scrub_and_cap(wide, &[]);
        assert_eq!(capped.len(), SNIPPET_BYTES - 1 + '…'.len_utf8());
    }

    #[test]
    fn a_token_straddling_the_cap_leaves_no_fragment() {
        let token = "tok-SECRET-9f8e7d6c5b4a3210".to_owned();
        for pad in SNIPPET_BYTES - token.len()..=SNIPPET_BYTES {
            let body = format!("{}{token}", "x".repeat(pad));
            let e = Error::Api {
                status: 500,
                error: "Internal Server Error".into(),
                error_info: None,
                code: None,
                body: snippet(body.as_bytes()),
            }
            .scrub(std::slice::from_ref(&token));
            let kept = e.body().unwrap_or_default();
            let text = kept.trim_end_matches('…').trim_start_matches('x');
            assert!(
                "***".starts_with(text),
                "pad {pad}: a fragment survived: {text:?}"
            );
        }
    }

    #[test]
    fn scrub_replaces_secrets() {
        let out = scrub_text("token=abcdef here".into(), &["abcdef".into()]);
        assert_eq!(out, "token=*** here");
        let kept = scrub_text("a b".into(), &["a".into()]);
        assert_eq!(kept, "a b");
    }
}
