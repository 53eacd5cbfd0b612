//! The HTTP client: sending, redirects, retries and pacing. Reading the answer is in
//! `decode`.
use crate::body::{Failure, check, classify, copy_body, read_limited, read_prefix};
use crate::config::{Auth, Config, Interrupt, Secret, TokenRefresher};
use crate::decode::{ApiResponse, Extras, decode_as, error_from_response};
use crate::rate_limit::{Pacer, RateLimit, header_duration, retry_hint};
use crate::url::{BaseUrl, Origin, encode_form, resolve_location};
use crate::{ApiVersion, Body, Error, Method, Paginator, Request, Result};
use pipedrive_types::PageData;
use serde::de::DeserializeOwned;
use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use ureq::http::{HeaderValue, Response, Uri};
use ureq::typestate::WithBody;
use ureq::{Agent, RequestBuilder, SendBody};

/// Same-origin hops followed for one GET before giving up.
const MAX_REDIRECTS: usize = 5;
/// How much of an error body is read to look for Pipedrive's JSON error fields.
pub(crate) const ERROR_BODY_LIMIT: u64 = 64 * 1024;
/// Longest stretch of a wait between two questions to the interrupt hook.
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// The shared Pipedrive HTTP client.
///
/// One connection pool, one pacing state and one (refreshable) credential live behind an
/// `Arc`, so clones are cheap and every clone sees the same rate-limit state.
///
/// ```no_run
/// use pipedrive_transport::{Config, Method, Request, Transport};
///
/// let transport = Transport::new(Config::from_env()?)?;
/// let deal: serde_json::Value = transport.call(&Request::new(Method::Get, "/deals/1"))?;
/// # Ok::<_, pipedrive_transport::Error>(())
/// ```
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    agent: Agent,
    config: Config,
    base: BaseUrl,
    /// Where [`ApiVersion::V2`] requests go.
    base_v2: BaseUrl,
    credential: RwLock<Secret>,
    /// Tokens replaced by a refresh; still scrubbed from error text.
    retired: Mutex<Vec<String>>,
    pacer: Pacer,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base.as_str())
            .field("base_url_v2", &self.inner.base_v2.as_str())
            .field("config", &self.inner.config)
            .field("last_rate_limit", &self.inner.pacer.last())
            .finish()
    }
}

enum Payload {
    Bytes(Vec<u8>),
    Stream(ureq::Body),
}

struct Exchange {
    status: u16,
    rate_limit: RateLimit,
    payload: Payload,
}

impl Transport {
    /// Validates the configuration and builds the connection pool.
    ///
    /// Fails with [`Error::InvalidInput`] for a plain `http://` base URL to a host that is
    /// not loopback, a malformed base URL or company name, or a token that cannot be
    /// sent as a header.
    pub fn new(config: Config) -> Result<Self> {
        let token = config.initial_secret().expose_secret().to_owned();
        Self::build(config).map_err(|e| e.scrub(&[token]))
    }

    fn build(config: Config) -> Result<Self> {
        config.validate_company()?;
        let base = BaseUrl::parse(&config.effective_base_url())?;
        let base_v2 = BaseUrl::parse(&config.effective_base_url_v2())?;
        let secret = config.initial_secret().clone();
        check_token(secret.expose_secret())?;
        if HeaderValue::from_str(&config.user_agent).is_err() {
            return Err(Error::InvalidInput(
                "user agent contains characters not allowed in a header".into(),
            ));
        }
        let agent = Agent::config_builder()
            // Statuses are mapped to our own errors, which need the body.
            .http_status_as_error(false)
            // Redirects are followed by hand so credentials never leave the origin.
            .max_redirects(0)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(config.connect_timeout)
            .timeout_per_read(config.read_timeout)
            .timeout_global(config.timeout)
            // Sized to the threads sharing the client rather than ureq's 3 (see
            // DEFAULT_MAX_IDLE_CONNECTIONS).
            .max_idle_connections_per_host(config.max_idle_connections)
            .max_idle_connections(config.max_idle_connections.saturating_mul(2))
            .build()
            .new_agent();
        Ok(Transport {
            inner: Arc::new(Inner {
                agent,
                base,
                base_v2,
                credential: RwLock::new(secret),
                retired: Mutex::new(Vec::new()),
                pacer: Pacer::default(),
                config,
            }),
        })
    }

    /// The configuration this transport was built from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The validated base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// The validated base URL of v2 requests, without a trailing slash.
    pub fn base_url_v2(&self) -> &str {
        self.inner.base_v2.as_str()
    }

    /// The base URL a request for `api` goes to.
    fn base_for(&self, version: ApiVersion) -> &BaseUrl {
        match version {
            ApiVersion::V1 => &self.inner.base,
            ApiVersion::V2 => &self.inner.base_v2,
        }
    }

    /// The rate-limit headers of the most recent response that carried any, across all
    /// clones of this transport.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.inner.pacer.last()
    }

    /// How many times a request was held back because the previous response said the
    /// rate-limit window was spent.
    pub fn pacing_pauses(&self) -> u64 {
        self.inner.pacer.pauses()
    }

    /// Sends `req` and decodes the envelope's `data` as `T`.
    ///
    /// A `null` or missing `data` decodes only into types that accept `null`
    /// (`Option<_>`, `serde_json::Value`, `()`); otherwise it is [`Error::Decode`].
    pub fn call<T: DeserializeOwned>(&self, req: &Request) -> Result<T> {
        self.call_with(req, Extras::Skip).map(|r| r.data)
    }

    /// Like [`Transport::call`], keeping `additional_data`, `related_objects` and the
    /// rate-limit headers.
    pub fn call_full<T: DeserializeOwned>(&self, req: &Request) -> Result<ApiResponse<T>> {
        self.call_with(req, Extras::Keep)
    }

    fn call_with<T: DeserializeOwned>(
        &self,
        req: &Request,
        extras: Extras,
    ) -> Result<ApiResponse<T>> {
        let exchange = self.execute(req, true)?;
        let bytes = match exchange.payload {
            Payload::Bytes(b) => b,
            Payload::Stream(body) => {
                read_limited(body, self.inner.config.max_body_bytes, self.hook())
                    .map_err(|f| *f.error)?
            }
        };
        decode_as(exchange.status, &bytes, exchange.rate_limit, extras).map_err(|e| self.scrub(e))
    }

    /// A lazy paginator over a list endpoint (v1 `start`/`limit` or v2 `cursor`).
    pub fn paginate<D: PageData>(&self, req: Request) -> Paginator<D> {
        Paginator::new(self.clone(), req)
    }

    /// Streams a binary response body into `out`, returning the byte count. The body is
    /// never held in memory whole, so [`Config::max_body_bytes`] does not apply.
    pub fn download(&self, req: &Request, out: &mut dyn Write) -> Result<u64> {
        let exchange = self.execute(req, false)?;
        let result = match exchange.payload {
            Payload::Bytes(b) => out
                .write_all(&b)
                .map(|()| b.len() as u64)
                .map_err(Error::from),
            Payload::Stream(body) => copy_body(body, out, self.hook()),
        };
        result.map_err(|e| self.scrub(e))
    }

    fn secrets(&self) -> Vec<String> {
        let mut all = self
            .inner
            .retired
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        all.push(self.current_secret().expose_secret().to_owned());
        all
    }

    fn scrub(&self, e: Error) -> Error {
        e.scrub(&self.secrets())
    }

    fn current_secret(&self) -> Secret {
        self.inner
            .credential
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn hook(&self) -> Option<&Interrupt> {
        self.inner.config.interrupt.as_ref()
    }

    /// Waits `d`, asking the interrupt hook (when there is one) before, every
    /// [`WAIT_SLICE`] and after, so a wait of a minute can still end within 50 ms.
    fn sleep(&self, d: Duration) -> Result<()> {
        check(self.hook())?;
        match (&self.inner.config.sleeper, self.hook()) {
            (Some(s), _) => s(d),
            (None, None) => std::thread::sleep(d),
            (None, Some(hook)) => {
                let deadline = Instant::now() + d;
                loop {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    std::thread::sleep(left.min(WAIT_SLICE));
                    check(Some(hook))?;
                }
            }
        }
        check(self.hook())
    }

    /// Full-jitter exponential backoff: a random wait up to `base * 2^retry`, capped.
    fn backoff(&self, retry: u32) -> Duration {
        let cfg = &self.inner.config;
        let factor = 1u32 << retry.min(20);
        let cap = cfg
            .retry_base_delay
            .saturating_mul(factor)
            .min(cfg.max_retry_delay);
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    fn pace(&self) -> Result<()> {
        if let Some(wait) = self.inner.pacer.pending_wait() {
            self.inner.pacer.count_pause();
            self.sleep(wait)?;
        }
        Ok(())
    }

    fn execute(&self, req: &Request, buffer: bool) -> Result<Exchange> {
        self.execute_inner(req, buffer).map_err(|e| self.scrub(e))
    }

    fn execute_inner(&self, req: &Request, buffer: bool) -> Result<Exchange> {
        req.check_limits()?;
        // Refuses credentials in the query and `.`/`..`/empty path segments.
        let url = self.base_for(req.version).join(&req.path, &req.query)?;
        let cfg = &self.inner.config;
        let idempotent = matches!(req.method, Method::Get | Method::Put | Method::Delete);
        let accept = if buffer { "application/json" } else { "*/*" };
        let mut retries = 0u32;
        let mut refreshed = false;
        let mut just_waited = false;
        loop {
            // A retry wait already honoured the server's hint; don't wait twice.
            if !just_waited {
                self.pace()?;
            }
            just_waited = false;
            let token = self.current_secret();
            let response = match self.send_following_redirects(req, &url, &token, accept) {
                Ok(r) => r,
                Err(f) => {
                    if f.retryable && (f.before_send || idempotent) && retries < cfg.max_retries {
                        self.sleep(self.backoff(retries))?;
                        retries += 1;
                        just_waited = true;
                        continue;
                    }
                    return Err(*f.error);
                }
            };
            let status = response.status().as_u16();
            let (parts, body) = response.into_parts();
            let headers = parts.headers;
            let rate_limit = RateLimit::from_headers(&headers);
            self.inner.pacer.observe(rate_limit, cfg.max_retry_delay);

            if (200..300).contains(&status) {
                if !buffer {
                    return Ok(Exchange {
                        status,
                        rate_limit,
                        payload: Payload::Stream(body),
                    });
                }
                match read_limited(body, cfg.max_body_bytes, self.hook()) {
                    Ok(bytes) => {
                        return Ok(Exchange {
                            status,
                            rate_limit,
                            payload: Payload::Bytes(bytes),
                        });
                    }
                    Err(f) if f.retryable && idempotent && retries < cfg.max_retries => {
                        self.sleep(self.backoff(retries))?;
                        retries += 1;
                        just_waited = true;
                        continue;
                    }
                    Err(f) => return Err(*f.error),
                }
            }

            if status == 401 && !refreshed {
                if let Some(hook) = cfg.refresher() {
                    refreshed = true;
                    self.refresh(hook, &token)?;
                    continue;
                }
            }

            // A 429 proves the request did not run, so even a POST may go again; a
            // gateway error may come after the work was done, so only idempotent ones.
            let retry_status = status == 429 || (idempotent && matches!(status, 502..=504));
            if retry_status && retries < cfg.max_retries {
                let hint = if status == 429 {
                    retry_hint(&headers)
                } else {
                    header_duration(&headers, "retry-after")
                };
                let wait = match hint {
                    Some(h) if h > cfg.max_retry_delay => None,
                    Some(h) => Some(h),
                    None => Some(self.backoff(retries)),
                };
                if let Some(wait) = wait {
                    self.sleep(wait)?;
                    retries += 1;
                    just_waited = true;
                    continue;
                }
            }

            let bytes = read_prefix(body, ERROR_BODY_LIMIT);
            return Err(error_from_response(status, &headers, rate_limit, &bytes));
        }
    }

    /// Asks the hook for a new OAuth token, unless another thread already did while this
    /// request was in flight.
    fn refresh(&self, hook: &TokenRefresher, used: &Secret) -> Result<()> {
        if self.current_secret() != *used {
            return Ok(());
        }
        let fresh = hook().map_err(|e| Error::TokenRefresh {
            message: e.to_string(),
        })?;
        check_token(&fresh)?;
        let mut current = self
            .inner
            .credential
            .write()
            .unwrap_or_else(|p| p.into_inner());
        let old = std::mem::replace(&mut *current, Secret::new(fresh));
        self.inner
            .retired
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(old.expose_secret().to_owned());
        Ok(())
    }

    /// Sends once, following redirects only for GET: with credentials to the configured
    /// origin, without them anywhere else, and never down to plain HTTP off loopback.
    /// A redirect we refuse is returned as-is and becomes [`Error::Redirect`].
    fn send_following_redirects(
        &self,
        req: &Request,
        url: &str,
        token: &Secret,
        accept: &'static str,
    ) -> std::result::Result<Response<ureq::Body>, Failure> {
        let empty = Body::Empty;
        let mut current = url.to_owned();
        let mut with_credentials = true;
        let mut body = &req.body;
        let mut hops = 0usize;
        loop {
            let auth = with_credentials.then_some(token);
            let response = self.send_once(req.method, &current, body, auth, accept)?;
            let status = response.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308)
                || req.method != Method::Get
                || hops >= MAX_REDIRECTS
            {
                return Ok(response);
            }
            let next = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .and_then(|loc| {
                    let here: Uri = current.parse().ok()?;
                    resolve_location(&here, loc)
                });
            let Some(next) = next else {
                return Ok(response);
            };
            let Some(origin) = Origin::of(&next) else {
                return Ok(response);
            };
            if !origin.is_https() && !origin.is_loopback() {
                return Ok(response);
            }
            with_credentials = origin == self.base_for(req.version).origin;
            current = next.to_string();
            body = &empty;
            hops += 1;
        }
    }

    fn send_once(
        &self,
        method: Method,
        url: &str,
        body: &Body,
        auth: Option<&Secret>,
        accept: &'static str,
    ) -> std::result::Result<Response<ureq::Body>, Failure> {
        let agent = &self.inner.agent;
        let mut headers: Vec<(&'static str, HeaderValue)> =
            vec![("accept", HeaderValue::from_static(accept))];
        if let Some(secret) = auth {
            let (name, value) = match &self.inner.config.auth {
                Auth::ApiToken(_) => ("x-api-token", secret.expose_secret().to_owned()),
                Auth::OAuth { .. } => (
                    "authorization",
                    format!("Bearer {}", secret.expose_secret()),
                ),
            };
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                Failure::fatal(Error::InvalidInput(
                    "token contains characters not allowed in a header".into(),
                ))
            })?;
            value.set_sensitive(true);
            headers.push((name, value));
        }
        let result = match body {
            Body::Empty => match method {
                Method::Get => with_headers(agent.get(url), &headers).call(),
                Method::Delete => with_headers(agent.delete(url), &headers).call(),
                _ => with_headers(body_builder(agent, method, url), &headers).send_empty(),
            },
            Body::Json(bytes) => with_headers(body_builder(agent, method, url), &headers)
                .content_type("application/json")
                .send(bytes.as_slice()),
            Body::Form(pairs) => with_headers(body_builder(agent, method, url), &headers)
                .content_type("application/x-www-form-urlencoded")
                .send(encode_form(pairs)),
            Body::Multipart(m) => {
                let (len, reader) = m.open().map_err(|e| Failure::fatal(e.into()))?;
                with_headers(body_builder(agent, method, url), &headers)
                    .content_type(m.content_type())
                    .header("content-length", len)
                    .send(SendBody::from_owned_reader(reader))
            }
        };
        result.map_err(classify)
    }
}

fn body_builder(agent: &Agent, method: Method, url: &str) -> RequestBuilder<WithBody> {
    match method {
        Method::Get => agent.get(url).force_send_body(),
        Method::Delete => agent.delete(url).force_send_body(),
        Method::Post => agent.post(url),
        Method::Put => agent.put(url),
        Method::Patch => agent.patch(url),
    }
}

fn with_headers<B>(
    mut builder: RequestBuilder<B>,
    headers: &[(&'static str, HeaderValue)],
) -> RequestBuilder<B> {
    for (name, value) in headers {
        builder = builder.header(*name, value.clone());
    }
    builder
}

/// Tokens go into a header verbatim, so they must be visible ASCII.
fn check_token(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(Error::InvalidInput("the token is empty".into()));
    }
    if !token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(Error::InvalidInput(
            "the token contains characters not allowed in a header".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_is_send_sync_and_clone() {
        fn assert_bounds<T: Send + Sync + Clone + 'static>() {}
        assert_bounds::<Transport>();
        assert_bounds::<Request>();
        assert_bounds::<Config>();
    }

    #[test]
    fn error_stays_small_enough_for_clippy_result_large_err() {
        // Every endpoint in the domain crates returns Result<_, Error>; past 128 bytes
        // clippy's result_large_err would fire in all of them.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn backoff_stays_under_cap() {
        let t = Transport::new(
            Config::with_api_token("token")
                .retry_base_delay(Duration::from_millis(100))
                .max_retry_delay(Duration::from_millis(250)),
        )
        .unwrap();
        for retry in 0..40 {
            assert!(t.backoff(retry) <= Duration::from_millis(250));
        }
    }
}
