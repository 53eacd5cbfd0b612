//! The client object and its configuration record.
use crate::error::{PipedriveError, guard};
use pipedrive::Config;
use std::fmt;
use std::sync::Arc;
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

/// How to reach the API. Only `api_token` is required; every other field falls back to
/// the Rust client's default when absent.
#[derive(Clone, uniffi::Record)]
pub struct ClientConfig {
    /// The API token. Sent only in the `x-api-token` header; never in a URL, error or
    /// log line.
    pub api_token: Arc<ApiToken>,
    /// Company subdomain: `acme` for `https://acme.pipedrive.com/api/v1`.
    #[uniffi(default)]
    pub company_domain: Option<String>,
    /// Full base URL ending in `/v1` (a proxy, a mock server); wins over `company_domain`.
    /// Plain `http://` is accepted only for this machine.
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// Limit for a whole request, in seconds.
    #[uniffi(default)]
    pub timeout_seconds: Option<f64>,
    /// Limit for establishing a connection, in seconds.
    #[uniffi(default)]
    pub connect_timeout_seconds: Option<f64>,
    /// How often a retryable failure (429, 502-504, connection errors) is retried.
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Base delay of the retry backoff, in seconds.
    #[uniffi(default)]
    pub retry_base_delay_seconds: Option<f64>,
    /// `User-Agent` header to send instead of the library's own.
    #[uniffi(default)]
    pub user_agent: Option<String>,
    /// Idle connections kept open for reuse, per host (default 32). Set it to at least
    /// the number of threads sharing the client; a connection that does not fit is
    /// closed and the next call pays for a new TLS handshake.
    #[uniffi(default)]
    pub max_idle_connections: Option<u32>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_token", &self.api_token)
            .field("company_domain", &self.company_domain)
            .field("base_url", &self.base_url)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("connect_timeout_seconds", &self.connect_timeout_seconds)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay_seconds", &self.retry_base_delay_seconds)
            .field("user_agent", &self.user_agent)
            .field("max_idle_connections", &self.max_idle_connections)
            .finish()
    }
}

fn seconds(name: &str, v: Option<f64>) -> Result<Option<Duration>, PipedriveError> {
    match v {
        None => Ok(None),
        Some(s) => Duration::try_from_secs_f64(s).map(Some).map_err(|_| {
            PipedriveError::invalid_input(format!(
                "{name} must be a finite number of seconds >= 0, got {s}"
            ))
        }),
    }
}

impl TryFrom<ClientConfig> for Config {
    type Error = PipedriveError;
    fn try_from(c: ClientConfig) -> Result<Config, PipedriveError> {
        if c.api_token.value.trim().is_empty() {
            return Err(PipedriveError::invalid_input("api_token is empty"));
        }
        let mut config = Config::with_api_token(c.api_token.value.clone());
        if let Some(d) = c.company_domain {
            config = config.company_domain(d);
        }
        if let Some(u) = c.base_url {
            config = config.base_url(u);
        }
        if let Some(t) = seconds("timeout_seconds", c.timeout_seconds)? {
            config = config.timeout(t);
        }
        if let Some(t) = seconds("connect_timeout_seconds", c.connect_timeout_seconds)? {
            config = config.connect_timeout(t);
        }
        if let Some(n) = c.max_retries {
            config = config.max_retries(n);
        }
        if let Some(d) = seconds("retry_base_delay_seconds", c.retry_base_delay_seconds)? {
            config = config.retry_base_delay(d);
        }
        if let Some(ua) = c.user_agent {
            config = config.user_agent(ua);
        }
        if let Some(n) = c.max_idle_connections {
            let n = usize::try_from(n).map_err(|_| {
                PipedriveError::invalid_input(format!(
                    "max_idle_connections {n} does not fit this platform"
                ))
            })?;
            config = config.max_idle_connections(n);
        }
        Ok(config)
    }
}

/// A Pipedrive client: one connection pool, safe to share between threads. Get the
/// endpoints from its accessors (`deals()`, `persons()`, ...).
#[derive(Debug, uniffi::Object)]
pub struct Client {
    pub(crate) inner: pipedrive::Client,
}

/// One operation of the API surface: resource accessor, method, HTTP method and path.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OperationInfo {
    /// Accessor on [`Client`] (`deal_fields`).
    pub resource: String,
    /// Method on the resource object (`list`).
    pub method: String,
    /// HTTP method (`GET`).
    pub http_method: String,
    /// Path in the v1 reference (`/v1/dealFields`).
    pub path: String,
}

#[uniffi::export]
impl Client {
    /// Builds a client; fails with `InvalidInput` on an unusable configuration.
    #[uniffi::constructor]
    pub fn new(config: ClientConfig) -> Result<Self, PipedriveError> {
        guard(|| {
            let config = Config::try_from(config)?;
            Ok(Client {
                inner: pipedrive::Client::new(config)?,
            })
        })
    }

    /// The base URL requests go to (without any credential).
    pub fn base_url(&self) -> String {
        self.inner.transport().base_url().to_owned()
    }
}

/// Every operation of the Rust client, for parity checks and tooling.
#[uniffi::export]
pub fn operations() -> Vec<OperationInfo> {
    pipedrive::operations::OPERATIONS
        .iter()
        .map(|(resource, method, http, path)| OperationInfo {
            resource: (*resource).to_owned(),
            method: (*method).to_owned(),
            http_method: (*http).to_owned(),
            path: (*path).to_owned(),
        })
        .collect()
}
