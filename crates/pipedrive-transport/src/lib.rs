//! HTTP transport for pipedrive-rs: authentication, base URLs, retries, rate-limit
//! pacing, error mapping, request bodies (JSON, form, multipart), streamed downloads and
//! pagination. Domain crates build [`Request`]s and hand them to a shared [`Transport`].
//!
//! ```no_run
//! use pipedrive_transport::{Config, Method, Request, Transport};
//!
//! let transport = Transport::new(Config::with_api_token("api-token").company_domain("acme"))?;
//! let req = Request::new(Method::Get, "/users/me");
//! let me: serde_json::Value = transport.call(&req)?;
//! println!("{me} (requests left today: {:?})",
//!     transport.last_rate_limit().and_then(|r| r.daily_requests_left));
//! # Ok::<_, pipedrive_transport::Error>(())
//! ```
#![deny(missing_docs)]

mod body;
mod client;
mod config;
mod decode;
mod error;
/// Offline entry points into the decoders for the fuzz targets in `tests/fuzz` and the
/// decode benchmarks in `benches/`. Hidden, not a supported API; always compiled rather
/// than behind a cargo feature, because a feature that only some workspace members enable
/// gives every crate above this one a second build whenever cargo builds a subset of the
/// workspace (`-p`, maturin).
#[doc(hidden)]
pub mod fuzzing;
mod multipart;
pub mod operation;
pub mod paginate;
mod rate_limit;
pub mod request;
mod save;
mod search;
mod url;

pub use client::Transport;
pub use config::{
    BASE_URL_ENV_VAR, COMPANY_DOMAIN_ENV_VAR, Config, DEFAULT_BASE_URL, DEFAULT_BASE_URL_V2,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IDLE_CONNECTIONS,
    DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY, DEFAULT_READ_TIMEOUT, DEFAULT_RETRY_BASE_DELAY,
    DEFAULT_USER_AGENT, Interrupt, RefreshError, Secret, Sleeper, TOKEN_ENV_VAR, TokenRefresher,
};
pub use decode::ApiResponse;
pub use error::{Error, ErrorClass};
pub use operation::{ApiVersion, ArgKind, ArgLocation, ArgSpec, Operation, ResponseKind};
pub use paginate::{Page, Pages, Paginator};
pub use pipedrive_types::args::{ArgError, Args};
pub use rate_limit::RateLimit;
pub use request::{Body, Method, Multipart, Part, ReadSeek, Request, Upload, segment};
pub use save::save_atomically;
pub use search::SearchHits;

/// Result alias used by every fallible call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
