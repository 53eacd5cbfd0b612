//! Entry points for the fuzz targets in `tests/fuzz` and the decode benchmarks in
//! `benches/` (hidden from the docs; not behind a cargo feature, see `lib.rs`).
//!
//! The client's decoding is private: a fuzzer or a benchmark that re-implemented it would
//! test the copy, not the client. These functions run the client's own code on what a server could
//! send — a status, headers and a body — with no network involved. They are not part of
//! the supported API and may change with the client.
use crate::client::ERROR_BODY_LIMIT;
use crate::decode::{decode, error_from_response};
use crate::paginate::PageState;
use crate::{ApiResponse, Config, Error, Method, RateLimit, Request, Result, Transport};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::OnceLock;
use ureq::http::{HeaderMap, HeaderName, HeaderValue};

/// The token of the transport used here; a fuzz target may put it in bodies and headers
/// to check that errors never show it.
pub const TOKEN: &str = "fuzz-secret-token-7f3a9c0d2e";

/// Builds a header map the way the HTTP layer would hand it over: pairs that are not a
/// valid header name or value are dropped, since no server response can carry them.
pub fn headers<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim().as_bytes()),
            HeaderValue::from_bytes(value),
        ) else {
            continue;
        };
        map.append(name, value);
    }
    map
}

/// What [`Transport::call_full`] returns for a response with this status, headers and
/// body, errors already scrubbed of [`TOKEN`]; retries, redirects and refreshes (the
/// parts that need a server) are left out.
///
/// Mirrors the tail of the client's request loop: 2xx bodies go through the envelope
/// decoder, anything else becomes an error built from the first `ERROR_BODY_LIMIT` bytes.
pub fn response<T: DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ApiResponse<T>> {
    let rate_limit = RateLimit::from_headers(headers);
    let result = if (200..300).contains(&status) {
        decode::<T>(status, body, rate_limit)
    } else {
        let limit = usize::try_from(ERROR_BODY_LIMIT).unwrap_or(usize::MAX);
        let prefix = body.get(..limit).unwrap_or(body);
        Err(error_from_response(status, headers, rate_limit, prefix))
    };
    result.map_err(|e| e.scrub(&[TOKEN.to_owned()]))
}

/// The retry wait a 429 with these headers asks for (`Retry-After`, else the reset).
pub fn retry_hint(headers: &HeaderMap) -> Option<std::time::Duration> {
    crate::rate_limit::retry_hint(headers)
}

/// The paginator's bookkeeping, fed pages by hand instead of fetched: the same decode
/// ([`Transport::call_full`] into `Option<Vec<Value>>`) and the same "advance" decision
/// that [`Paginator`](crate::Paginator) makes between two requests.
pub struct Pager {
    state: PageState,
}

impl std::fmt::Debug for Pager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("query", &self.state.request.query)
            .field("done", &self.state.done)
            .finish()
    }
}

/// What one page did to the pager.
#[derive(Debug)]
pub enum Step {
    /// The page decoded into this many items (the pager may now be done).
    Items(usize),
    /// The page failed to decode; the paginator yields this error and stops.
    Failed(Error),
    /// The pager was already done: a paginator sends no further request.
    Finished,
}

fn offline_transport() -> Option<Transport> {
    static TRANSPORT: OnceLock<Option<Transport>> = OnceLock::new();
    TRANSPORT
        .get_or_init(|| Transport::new(Config::with_api_token(TOKEN)).ok())
        .clone()
}

impl Pager {
    /// A pager for `GET /deals` with this initial query (`start`, `cursor`, `limit`...).
    /// `None` only if the offline transport cannot be built, which would be a bug.
    pub fn new(query: &[(&str, &str)]) -> Option<Self> {
        let mut request = Request::new(Method::Get, "/deals");
        for (name, value) in query {
            request
                .query
                .push(((*name).to_owned(), (*value).to_owned()));
        }
        Some(Pager {
            state: PageState::new(offline_transport()?, request),
        })
    }

    /// Feeds the answer to the current request, as the paginator would receive it.
    pub fn page(&mut self, status: u16, headers: &HeaderMap, body: &[u8]) -> Step {
        if self.state.done {
            return Step::Finished;
        }
        match response::<Option<Vec<Value>>>(status, headers, body) {
            Ok(r) => {
                let count = r.data.map(|items| items.len()).unwrap_or_default();
                self.state.advance(count, r.additional_data.as_ref());
                Step::Items(count)
            }
            Err(e) => {
                self.state.done = true;
                Step::Failed(e)
            }
        }
    }

    /// Whether the paginator would stop here.
    pub fn done(&self) -> bool {
        self.state.done
    }

    /// A query value of the next request (`start`, `cursor`).
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.state.request.query_value(name)
    }
}
