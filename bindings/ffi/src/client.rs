//! The client object and its configuration record.
use crate::error::{PipedriveError, guard};
use pipedrive::Config;
use pipedrive_transport::RefreshError;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// A Pipedrive API token. Its text only goes to the client: printing the token or a
/// config holding it (Kotlin `toString()`, Swift `description`, Rust `Debug`) shows
/// `ApiToken(<redacted>)`. It is an object rather than a plain string for exactly that
/// reason: a record's generated `toString()` would print a string field as it is.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct ApiToken {
    value: String,
}

#[uniffi::export]
impl ApiToken {
    /// Wraps the token text (Settings > Personal preferences > API).
    #[uniffi::constructor]
    pub fn new(value: String) -> Self {
        ApiToken { value }
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl fmt::Display for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// An OAuth access token, sent as `Authorization: Bearer`. Like [`ApiToken`], it prints
/// as `OAuthToken(<redacted>)` everywhere.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct OAuthToken {
    value: String,
}

#[uniffi::export]
impl OAuthToken {
    /// Wraps the access token text (from your OAuth flow's token response).
    #[uniffi::constructor]
    pub fn new(value: String) -> Self {
        OAuthToken { value }
    }
}

impl fmt::Debug for OAuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthToken(<redacted>)")
    }
}

impl fmt::Display for OAuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthToken(<redacted>)")
    }
}

/// Why a [`TokenRefresher`] could not supply a token. In Kotlin `TokenRefreshException`,
/// in Swift `TokenRefreshError`; any other exception the refresher throws is treated
/// the same way.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum TokenRefreshError {
    /// The refresh failed (revoked refresh token, no network...).
    #[error("{detail}")]
    Failed {
        /// What went wrong, as the refresher reports it. It reaches the error of the
        /// call that needed the token; keep secrets out of it.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TokenRefreshError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TokenRefreshError::Failed { detail: e.reason }
    }
}

/// Supplies a new OAuth access token after the API answered 401; implement it in Kotlin
/// or Swift (typically: exchange the refresh token at
/// `https://oauth.pipedrive.com/oauth/token` and store the new pair).
///
/// The contract is Rust's `Config::on_token_refresh`: it is called on the thread whose
/// request got the 401, at most once per call, and not when another thread already
/// replaced the token that request used. The returned token is used by the client from
/// then on, and the request is sent once more with it (a second 401 is
/// `PipedriveError.Unauthorized`). When it fails, the call fails with
/// `PipedriveError.Unauthorized` carrying the failure's text.
#[uniffi::export(with_foreign)]
pub trait TokenRefresher: Send + Sync {
    /// Returns the new access token.
    fn refresh_token(&self) -> Result<String, TokenRefreshError>;
}

/// How to reach the API: the Rust `Config` under the same option names and meaning
/// (and the Python `Client(...)` keywords). Give exactly one credential, `api_token` or
/// `oauth_token`; every other field left `null` takes the Rust default: connect_timeout
/// 10 s, read_timeout 60 s, timeout none, max_retries 3, retry_base_delay 0.5 s,
/// max_retry_delay 60 s, max_idle_connections 32, max_body_bytes 64 MiB, user_agent
/// `pipedrive-rs/<version>`.
///
/// Times are durations: `java.time.Duration` in Kotlin (Android API 26+, or core
/// library desugaring below that), `TimeInterval` in Swift. `null` always means "the
/// default", never "no limit"; to wait longer than a default allows, give a long
/// duration.
#[derive(Clone, Default, uniffi::Record)]
pub struct ClientConfig {
    /// The API token. Sent only in the `x-api-token` header; never in a URL, error or
    /// log line.
    #[uniffi(default)]
    pub api_token: Option<Arc<ApiToken>>,
    /// An OAuth access token, instead of `api_token`.
    #[uniffi(default)]
    pub oauth_token: Option<Arc<OAuthToken>>,
    /// With `oauth_token`: supplies a new access token after a 401.
    #[uniffi(default)]
    pub on_token_refresh: Option<Arc<dyn TokenRefresher>>,
    /// Company subdomain: `acme` for `https://acme.pipedrive.com/api/v1`.
    #[uniffi(default)]
    pub company_domain: Option<String>,
    /// Full base URL ending in `/v1` (a proxy, a mock server); wins over `company_domain`.
    /// Plain `http://` is accepted only for this machine.
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// Limit on establishing a connection, TLS included (default 10 s).
    #[uniffi(default)]
    pub connect_timeout: Option<Duration>,
    /// Limit on each wait for bytes from the server: the response head, and between
    /// body chunks (default 60 s). A slow answer that keeps sending is not stopped by it.
    #[uniffi(default)]
    pub read_timeout: Option<Duration>,
    /// Limit on one whole attempt, connecting to the end of the body, however steadily
    /// the server sends (default: none). Each retry gets a fresh one.
    #[uniffi(default)]
    pub timeout: Option<Duration>,
    /// Retries after the first attempt for retryable failures (429, 502-504, connection
    /// errors; a POST that may have reached the server is never sent twice). Default 3.
    #[uniffi(default)]
    pub max_retries: Option<i32>,
    /// First backoff step; retry `n` waits a random time up to `base * 2^n` (default 0.5 s).
    #[uniffi(default)]
    pub retry_base_delay: Option<Duration>,
    /// Longest single wait before a retry (default 60 s); a server asking for longer gets
    /// its error returned instead.
    #[uniffi(default)]
    pub max_retry_delay: Option<Duration>,
    /// Idle connections kept open for reuse, per host (default 32). Set it to at least
    /// the number of threads sharing the client; a connection that does not fit is
    /// closed and the next call pays for a new TLS handshake.
    #[uniffi(default)]
    pub max_idle_connections: Option<i32>,
    /// Largest response body read into memory (default 64 MiB); downloads stream and
    /// are not limited.
    #[uniffi(default)]
    pub max_body_bytes: Option<i64>,
    /// `User-Agent` header to send instead of the library's own.
    #[uniffi(default)]
    pub user_agent: Option<String>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_token", &self.api_token)
            .field("oauth_token", &self.oauth_token)
            .field(
                "on_token_refresh",
                &self.on_token_refresh.as_ref().map(|_| "<refresher>"),
            )
            .field("company_domain", &self.company_domain)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

fn invalid(detail: impl Into<String>) -> PipedriveError {
    PipedriveError::invalid_input(detail)
}

impl TryFrom<ClientConfig> for Config {
    type Error = PipedriveError;
    fn try_from(c: ClientConfig) -> Result<Config, PipedriveError> {
        let mut config = match (&c.api_token, &c.oauth_token) {
            (Some(_), Some(_)) => return Err(invalid("give api_token or oauth_token, not both")),
            (None, None) => return Err(invalid("give api_token or oauth_token")),
            (Some(t), None) if t.value.trim().is_empty() => {
                return Err(invalid("api_token is empty"));
            }
            (None, Some(t)) if t.value.trim().is_empty() => {
                return Err(invalid("oauth_token is empty"));
            }
            (Some(t), None) => Config::with_api_token(t.value.clone()),
            (None, Some(t)) => Config::oauth(t.value.clone()),
        };
        if let Some(refresher) = c.on_token_refresh {
            if c.oauth_token.is_none() {
                return Err(invalid(
                    "on_token_refresh needs oauth_token: an API token cannot be refreshed",
                ));
            }
            config = config.on_token_refresh(move || {
                refresher
                    .refresh_token()
                    .map_err(|e| -> RefreshError { Box::new(e) })
            });
        }
        if let Some(d) = c.company_domain {
            config = config.company_domain(d);
        }
        if let Some(u) = c.base_url {
            config = config.base_url(u);
        }
        if let Some(t) = c.connect_timeout {
            config = config.connect_timeout(t);
        }
        if let Some(t) = c.read_timeout {
            config = config.read_timeout(t);
        }
        if let Some(t) = c.timeout {
            config = config.timeout(t);
        }
        if let Some(n) = c.max_retries {
            config = config.max_retries(counted("max_retries", n)?);
        }
        if let Some(d) = c.retry_base_delay {
            config = config.retry_base_delay(d);
        }
        if let Some(d) = c.max_retry_delay {
            config = config.max_retry_delay(d);
        }
        if let Some(n) = c.max_idle_connections {
            config = config.max_idle_connections(counted("max_idle_connections", n)?);
        }
        if let Some(n) = c.max_body_bytes {
            config = config.max_body_bytes(counted("max_body_bytes", n)?);
        }
        if let Some(ua) = c.user_agent {
            config = config.user_agent(ua);
        }
        Ok(config)
    }
}

/// A count or size given as a Kotlin `Int`/`Long` (Swift `Int32`/`Int64`): negative is
/// `InvalidInput` naming the setting.
fn counted<N, T>(name: &str, n: N) -> Result<T, PipedriveError>
where
    N: Copy + std::fmt::Display,
    T: TryFrom<N>,
{
    T::try_from(n).map_err(|_| invalid(format!("{name} must be 0 or more, got {n}")))
}

/// A Pipedrive client: one connection pool, safe to share between threads. Get the
/// endpoints from its accessors (`deals()`, `persons()`, ...).
///
/// `close()` (Kotlin `use {}`, or Swift dropping its last reference) releases the
/// connection pool at once, even while resource objects taken from it are still alive:
/// they share the client's [`Shared`] slot, not the client, and every call on them then
/// fails with `InvalidInput` ("the client is closed"). A call in flight finishes first.
#[derive(Debug, uniffi::Object)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    base_url: String,
}

/// The Rust client, shared by a [`Client`] and the resource objects it hands out; emptied
/// when the [`Client`] is dropped, which closes its pooled connections.
#[derive(Debug)]
pub struct Shared(RwLock<Option<pipedrive::Client>>);

impl Shared {
    /// The Rust client (a cheap handle), or `InvalidInput` once the client is closed.
    pub(crate) fn get(&self) -> Result<pipedrive::Client, PipedriveError> {
        self.0
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| invalid("the client is closed".to_owned()))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Dropping the Rust client drops its pool, whoever still holds the slot.
        let closed = self
            .shared
            .0
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        drop(closed);
    }
}

impl Client {
    /// The Rust client, or `InvalidInput` once closed.
    pub(crate) fn rust(&self) -> Result<pipedrive::Client, PipedriveError> {
        self.shared.get()
    }
}

/// One operation of the API surface: resource accessor, method, HTTP method and path.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OperationInfo {
    /// Id in the operation table (`deal_fields.list`).
    pub id: String,
    /// Accessor on [`Client`] (`deal_fields`).
    pub resource: String,
    /// Method on the resource object (`list`).
    pub method: String,
    /// HTTP method (`GET`).
    pub http_method: String,
    /// Path in the v1 reference (`/v1/dealFields`).
    pub path: String,
    /// Whether the official contract marks the operation deprecated.
    pub deprecated: bool,
}

#[uniffi::export]
impl Client {
    /// Builds a client; fails with `InvalidInput` on an unusable configuration.
    #[uniffi::constructor]
    pub fn new(config: ClientConfig) -> Result<Self, PipedriveError> {
        guard(|| {
            let config = Config::try_from(config)?;
            let inner = pipedrive::Client::new(config)?;
            Ok(Client {
                base_url: inner.transport().base_url().to_owned(),
                shared: Arc::new(Shared(RwLock::new(Some(inner)))),
            })
        })
    }

    /// The base URL requests go to (without any credential).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }
}

/// Every operation of the Rust client, for parity checks and tooling.
#[uniffi::export]
pub fn operations() -> Vec<OperationInfo> {
    pipedrive::operations::operations()
        .iter()
        .map(|op| OperationInfo {
            id: op.id.to_owned(),
            resource: op.resource.to_owned(),
            method: op.name.to_owned(),
            http_method: op.method.as_str().to_owned(),
            path: op.path.to_owned(),
            deprecated: op.deprecated,
        })
        .collect()
}
