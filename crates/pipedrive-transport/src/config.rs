//! Client configuration: credentials, where to send requests, timeouts, retry and pacing.
use crate::{Error, Result};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The public API root used when nothing else is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.pipedrive.com/v1";
/// The v2 API on the same host (it lives under `/api/v2`, not `/v2`).
pub const DEFAULT_BASE_URL_V2: &str = "https://api.pipedrive.com/api/v2";

/// The environment variable [`Config::from_env`] reads the API token from.
pub const TOKEN_ENV_VAR: &str = "PIPEDRIVE_API_TOKEN";

/// The environment variable [`Config::from_env`] reads a base URL from (optional; wins
/// over [`COMPANY_DOMAIN_ENV_VAR`]).
pub const BASE_URL_ENV_VAR: &str = "PIPEDRIVE_BASE_URL";

/// The environment variable [`Config::from_env`] reads a company domain from (optional).
pub const COMPANY_DOMAIN_ENV_VAR: &str = "PIPEDRIVE_COMPANY_DOMAIN";

// The defaults below are the only copy: the Python package and the uniffi library apply
// them by leaving an option unset, and their docs are checked against these values.

/// Default [`Config::connect_timeout`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default [`Config::read_timeout`].
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Default [`Config::max_retries`].
pub const DEFAULT_MAX_RETRIES: u32 = 3;

/// Default [`Config::retry_base_delay`].
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);

/// Default [`Config::max_retry_delay`].
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(60);

/// Default [`Config::max_body_bytes`] (64 MiB).
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Default [`Config::user_agent`]: `pipedrive-rs/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("pipedrive-rs/", env!("CARGO_PKG_VERSION"));

/// A credential that must never be printed.
///
/// `Debug` and `Display` show `***`; the value is only reachable through
/// [`Secret::expose_secret`], which makes every place that uses it easy to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for putting into a request header.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// What an OAuth refresh hook may fail with.
pub type RefreshError = Box<dyn std::error::Error + Send + Sync>;

/// Supplies a fresh OAuth access token after the server answered 401.
///
/// It is called on whichever thread hit the 401; the request is then retried once with
/// the new token, and every clone of the transport uses it from then on.
pub type TokenRefresher = Arc<dyn Fn() -> std::result::Result<String, RefreshError> + Send + Sync>;

/// Sleeps for the given duration; replaceable so tests can observe backoff and pacing
/// without waiting.
pub type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// Asked whether a call should stop; see [`Config::interrupt`].
pub type Interrupt = Arc<dyn Fn() -> bool + Send + Sync>;

/// Idle connections kept per host when nothing else is configured.
///
/// ureq's own default is 3, which only suits one thread at a time: 16 threads sharing a
/// client kept closing the connections that did not fit back into the pool and opening
/// new ones (about 1,500 per 32,000 calls, each a TCP and TLS handshake in production).
/// 32 covers the thread pools an SDK client is usually shared by; an idle connection
/// costs one socket and a few KiB, and is closed after ureq's idle age (15 s).
pub const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 32;

#[derive(Clone)]
pub(crate) enum Auth {
    ApiToken(Secret),
    OAuth {
        access_token: Secret,
        refresh: Option<TokenRefresher>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    Default,
    Company(String),
    Custom(String),
}

/// How the transport talks to Pipedrive. Built with chained setters; every option has
/// the same name and meaning in the Python package (`pipedrive_rs.Client(...)` keywords)
/// and the uniffi library (`ClientConfig` fields):
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`connect_timeout`](Config::connect_timeout) | 10 s | establishing a connection, TLS included |
/// | [`read_timeout`](Config::read_timeout) | 60 s | each wait for bytes (headers or the next body chunk) |
/// | [`timeout`](Config::timeout) | none | one whole attempt, connect to end of body |
/// | [`max_retries`](Config::max_retries) | 3 | retries after the first attempt |
/// | [`retry_base_delay`](Config::retry_base_delay) | 0.5 s | first backoff step |
/// | [`max_retry_delay`](Config::max_retry_delay) | 60 s | longest single wait |
/// | [`max_idle_connections`](Config::max_idle_connections) | 32 | idle connections kept per host |
/// | [`max_body_bytes`](Config::max_body_bytes) | 64 MiB | largest body read into memory |
/// | [`user_agent`](Config::user_agent) | `pipedrive-rs/<version>` | `User-Agent` header |
///
/// ```
/// use pipedrive_transport::Config;
/// use std::time::Duration;
///
/// let config = Config::with_api_token("my-api-token")
///     .company_domain("acme")
///     .read_timeout(Duration::from_secs(20))
///     .max_retries(5);
/// assert_eq!(config.effective_base_url(), "https://acme.pipedrive.com/api/v1");
/// assert!(!format!("{config:?}").contains("my-api-token"));
/// ```
#[derive(Clone)]
pub struct Config {
    pub(crate) auth: Auth,
    base: Base,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: String,
    pub(crate) max_retries: u32,
    pub(crate) max_body_bytes: u64,
    pub(crate) retry_base_delay: Duration,
    pub(crate) max_retry_delay: Duration,
    pub(crate) sleeper: Option<Sleeper>,
    pub(crate) interrupt: Option<Interrupt>,
    pub(crate) max_idle_connections: usize,
}

impl Config {
    /// Authenticates with a personal or company API token (sent as `x-api-token`).
    /// [`Config::oauth`] is the other credential.
    pub fn with_api_token(api_token: impl Into<String>) -> Self {
        Self::with_auth(Auth::ApiToken(Secret::new(api_token)))
    }

    /// Authenticates with an OAuth access token (sent as `Authorization: Bearer`).
    pub fn oauth(access_token: impl Into<String>) -> Self {
        Self::with_auth(Auth::OAuth {
            access_token: Secret::new(access_token),
            refresh: None,
        })
    }

    /// Reads the configuration from the environment: the API token from
    /// `PIPEDRIVE_API_TOKEN` (a missing or blank variable is [`Error::MissingToken`]),
    /// and the base from `PIPEDRIVE_BASE_URL` or else `PIPEDRIVE_COMPANY_DOMAIN` when
    /// set. Every other option keeps its default; chain setters to change them (a later
    /// [`Config::base_url`] or [`Config::company_domain`] replaces the variable's base).
    ///
    /// This is the one place the environment is read: the Python package's `Client()`
    /// without a credential calls it too.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let set = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let token = set(TOKEN_ENV_VAR).ok_or_else(|| Error::MissingToken {
            variable: TOKEN_ENV_VAR.to_owned(),
        })?;
        let config = Self::with_api_token(token);
        Ok(match (set(BASE_URL_ENV_VAR), set(COMPANY_DOMAIN_ENV_VAR)) {
            (Some(url), _) => config.base_url(url),
            (None, Some(company)) => config.company_domain(company),
            (None, None) => config,
        })
    }

    fn with_auth(auth: Auth) -> Self {
        Config {
            auth,
            base: Base::Default,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            timeout: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_retries: DEFAULT_MAX_RETRIES,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry_base_delay: DEFAULT_RETRY_BASE_DELAY,
            max_retry_delay: DEFAULT_MAX_RETRY_DELAY,
            sleeper: None,
            interrupt: None,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
        }
    }

    /// Installs the hook that supplies a new OAuth access token after a 401. Ignored for
    /// API-token authentication, where a 401 cannot be fixed by retrying.
    ///
    /// The contract, which the Python (`on_token_refresh=`) and uniffi
    /// (`ClientConfig.on_token_refresh`) hooks share: the hook is called on the thread
    /// whose request got a 401, at most once per call, and not at all when another
    /// thread already replaced the token that request used. It returns the new access
    /// token, which every clone of the transport uses from then on, and the request is
    /// sent once more with it (a second 401 is [`Error::Unauthorized`]). When it fails,
    /// the call fails with [`Error::TokenRefresh`] carrying the hook's message.
    pub fn on_token_refresh<F>(mut self, hook: F) -> Self
    where
        F: Fn() -> std::result::Result<String, RefreshError> + Send + Sync + 'static,
    {
        if let Auth::OAuth { refresh, .. } = &mut self.auth {
            *refresh = Some(Arc::new(hook));
        }
        self
    }

    /// Routes requests through `https://{company}.pipedrive.com/api/v1`, which Pipedrive
    /// serves faster than the shared host. The name is validated by `Transport::new`.
    pub fn company_domain(mut self, company: impl Into<String>) -> Self {
        self.base = Base::Company(company.into());
        self
    }

    /// Sends requests to any base URL (sandbox, mock server, proxy, OAuth `api_domain`).
    /// Plain `http://` is only accepted for loopback hosts.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base = Base::Custom(url.into());
        self
    }

    /// Limit on establishing a connection, TLS included (default
    /// [`DEFAULT_CONNECT_TIMEOUT`]). `None` waits indefinitely.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Limit on each wait for bytes from the server: for the response head, and between
    /// one body chunk and the next (default [`DEFAULT_READ_TIMEOUT`]). A slow answer
    /// that keeps sending is not stopped by it; [`Config::timeout`] bounds that. `None`
    /// waits indefinitely.
    pub fn read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.read_timeout = timeout.into();
        self
    }

    /// Limit on one whole attempt, from connecting to the end of the body, however
    /// steadily the server sends (default: none). Each retry gets a fresh budget.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Replaces the default `pipedrive-rs/<version>` user agent ([`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Retries after the first attempt, for the failures that are safe to retry (default
    /// [`DEFAULT_MAX_RETRIES`]).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Largest response body read into memory; larger ones fail with
    /// [`Error::BodyTooLarge`] (default [`DEFAULT_MAX_BODY_BYTES`]). Downloads stream
    /// and are not limited.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// First backoff step; attempt `n` waits a random time up to `base * 2^n` (default
    /// [`DEFAULT_RETRY_BASE_DELAY`]).
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Longest single wait (backoff, `Retry-After`, pacing). A server asking for a longer
    /// wait gets its error returned instead of a retry (default
    /// [`DEFAULT_MAX_RETRY_DELAY`]).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// Replaces `std::thread::sleep` for backoff and pacing waits.
    pub fn sleeper<F>(mut self, sleeper: F) -> Self
    where
        F: Fn(Duration) + Send + Sync + 'static,
    {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Installs a hook asked whether the call in progress should stop, for example
    /// because the user pressed Ctrl-C.
    ///
    /// Without it a call that waits out `Retry-After: 60` cannot be stopped for a
    /// minute. With it, waits (retry backoff, `Retry-After`, rate-limit pacing) sleep
    /// in slices of at most 50 ms and ask the hook between slices, and a streamed body
    /// (a download, a large JSON answer) asks it between 64 KiB chunks. When it returns
    /// `true` the call ends with [`Error::Interrupted`]. The hook runs on the calling
    /// thread, so it may consult thread-local state; it should be cheap.
    ///
    /// A read that is blocked waiting for the server is not interrupted; it is bounded
    /// by [`Config::read_timeout`]. A custom [`Config::sleeper`] is called for the whole
    /// wait, with the hook asked before and after.
    ///
    /// ```
    /// use pipedrive_transport::Config;
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicBool, Ordering};
    ///
    /// let stop = Arc::new(AtomicBool::new(false));
    /// let flag = Arc::clone(&stop);
    /// let config = Config::with_api_token("token").interrupt(move || flag.load(Ordering::Relaxed));
    /// // Elsewhere (a signal handler, a UI's cancel button): stop.store(true, Ordering::Relaxed);
    /// # let _ = config;
    /// ```
    pub fn interrupt<F>(mut self, hook: F) -> Self
    where
        F: Fn() -> bool + Send + Sync + 'static,
    {
        self.interrupt = Some(Arc::new(hook));
        self
    }

    /// Idle connections kept open for reuse, per host (default
    /// [`DEFAULT_MAX_IDLE_CONNECTIONS`]). Set it to at least the number of threads that
    /// share the client: a connection finishing a call while the pool is full is
    /// closed, and the next call pays for a new one. Up to twice this many are kept in
    /// total, so a second host (a redirect target for downloads) has room as well.
    pub fn max_idle_connections(mut self, per_host: usize) -> Self {
        self.max_idle_connections = per_host;
        self
    }

    /// The base URL requests will go to (before validation).
    pub fn effective_base_url(&self) -> String {
        match &self.base {
            Base::Default => DEFAULT_BASE_URL.to_owned(),
            Base::Company(c) => format!("https://{c}.pipedrive.com/api/v1"),
            Base::Custom(url) => url.clone(),
        }
    }

    /// The base URL of v2 requests (before validation): the company's or default host's
    /// `/api/v2`; for a custom base URL its `/v1` sibling (`…/api/v1` → `…/api/v2`), or
    /// the URL itself when it does not end in `/v1` (a mock server's root).
    pub fn effective_base_url_v2(&self) -> String {
        match &self.base {
            Base::Default => DEFAULT_BASE_URL_V2.to_owned(),
            Base::Company(c) => format!("https://{c}.pipedrive.com/api/v2"),
            Base::Custom(url) => {
                let url = url.trim().trim_end_matches('/');
                match url.strip_suffix("/v1") {
                    Some(root) => format!("{root}/v2"),
                    None => url.to_owned(),
                }
            }
        }
    }

    /// True when the config authenticates with OAuth rather than an API token.
    pub fn is_oauth(&self) -> bool {
        matches!(self.auth, Auth::OAuth { .. })
    }

    /// Rejects company names that would change the host (`evil.com/x`, dots, ...).
    pub(crate) fn validate_company(&self) -> Result<()> {
        if let Base::Company(c) = &self.base {
            let ok = !c.is_empty()
                && c.len() <= 63
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !c.starts_with('-')
                && !c.ends_with('-');
            if !ok {
                return Err(Error::InvalidInput(format!(
                    "company domain `{c}` must be a single DNS label (letters, digits, `-`)"
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn initial_secret(&self) -> &Secret {
        match &self.auth {
            Auth::ApiToken(s) => s,
            Auth::OAuth { access_token, .. } => access_token,
        }
    }

    pub(crate) fn refresher(&self) -> Option<&TokenRefresher> {
        match &self.auth {
            Auth::OAuth { refresh, .. } => refresh.as_ref(),
            Auth::ApiToken(_) => None,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Config");
        match &self.auth {
            Auth::ApiToken(t) => d.field("api_token", t),
            Auth::OAuth {
                access_token,
                refresh,
            } => d
                .field("oauth_token", access_token)
                .field("refresh_hook", &refresh.as_ref().map(|_| "<fn>")),
        };
        d.field("base_url", &self.effective_base_url())
            .field("base_url_v2", &self.effective_base_url_v2())
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.max_retries)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("custom_sleeper", &self.sleeper.is_some())
            .field("interrupt_hook", &self.interrupt.is_some())
            .field("max_idle_connections", &self.max_idle_connections)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            Config::with_api_token("t").effective_base_url(),
            DEFAULT_BASE_URL
        );
        assert_eq!(
            Config::with_api_token("t")
                .company_domain("acme")
                .effective_base_url(),
            "https://acme.pipedrive.com/api/v1"
        );
        assert!(
            Config::with_api_token("t")
                .company_domain("evil.com/x")
                .validate_company()
                .is_err()
        );
        assert!(
            Config::with_api_token("t")
                .company_domain("acme-eu")
                .validate_company()
                .is_ok()
        );
    }

    #[test]
    fn v2_base_urls_sit_beside_v1() {
        let t = || Config::with_api_token("t");
        assert_eq!(
            t().effective_base_url_v2(),
            "https://api.pipedrive.com/api/v2"
        );
        assert_eq!(
            t().company_domain("acme").effective_base_url_v2(),
            "https://acme.pipedrive.com/api/v2"
        );
        // A custom base: its `/v1` sibling, whatever the prefix; a root serves both.
        for (v1, v2) in [
            (
                "https://proxy.example/pd/api/v1",
                "https://proxy.example/pd/api/v2",
            ),
            (
                "https://proxy.example/pd/api/v1/",
                "https://proxy.example/pd/api/v2",
            ),
            ("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v2"),
            ("http://127.0.0.1:4010", "http://127.0.0.1:4010"),
        ] {
            assert_eq!(t().base_url(v1).effective_base_url_v2(), v2, "{v1}");
        }
    }

    #[test]
    fn debug_hides_tokens() {
        let c = Config::oauth("oauth-secret-value").on_token_refresh(|| Ok("new".into()));
        let s = format!("{c:?}");
        assert!(!s.contains("oauth-secret-value"), "{s}");
        assert!(s.contains("Secret(***)"));
        assert_eq!(format!("{}", Secret::new("x")), "***");
    }

    #[test]
    fn environment_gives_token_and_base() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let err = Config::from_vars(vars(&[(TOKEN_ENV_VAR, "  ")])).unwrap_err();
        assert!(
            matches!(&err, Error::MissingToken { variable } if variable == TOKEN_ENV_VAR),
            "{err:?}"
        );
        let c = Config::from_vars(vars(&[(TOKEN_ENV_VAR, " env-token ")])).unwrap();
        assert_eq!(c.initial_secret().expose_secret(), "env-token");
        assert_eq!(c.effective_base_url(), DEFAULT_BASE_URL);
        let c = Config::from_vars(vars(&[
            (TOKEN_ENV_VAR, "t"),
            (COMPANY_DOMAIN_ENV_VAR, "acme"),
        ]))
        .unwrap();
        assert_eq!(c.effective_base_url(), "https://acme.pipedrive.com/api/v1");
        let c = Config::from_vars(vars(&[
            (TOKEN_ENV_VAR, "t"),
            (COMPANY_DOMAIN_ENV_VAR, "acme"),
            (BASE_URL_ENV_VAR, "http://127.0.0.1:9/v1"),
        ]))
        .unwrap();
        assert_eq!(c.effective_base_url(), "http://127.0.0.1:9/v1");
        // An explicit setter replaces the variable's base.
        assert_eq!(
            c.company_domain("other").effective_base_url(),
            "https://other.pipedrive.com/api/v1"
        );
    }

    #[test]
    fn defaults_are_the_published_constants() {
        let c = Config::with_api_token("t");
        assert_eq!(c.connect_timeout, Some(DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(c.read_timeout, Some(DEFAULT_READ_TIMEOUT));
        assert_eq!(c.timeout, None);
        assert_eq!(c.max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(c.retry_base_delay, DEFAULT_RETRY_BASE_DELAY);
        assert_eq!(c.max_retry_delay, DEFAULT_MAX_RETRY_DELAY);
        assert_eq!(c.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
        assert_eq!(c.max_idle_connections, DEFAULT_MAX_IDLE_CONNECTIONS);
        assert_eq!(c.user_agent, DEFAULT_USER_AGENT);
    }

    #[test]
    fn user_agent_names_the_crate_version() {
        let c = Config::with_api_token("t");
        assert_eq!(
            c.user_agent,
            format!("pipedrive-rs/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
