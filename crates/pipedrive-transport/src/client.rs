//! The HTTP client: sending, redirects, retries, pacing, error mapping and decoding.
use crate::config::{Auth, Config, Interrupt, Secret, TokenRefresher};
use crate::error::snippet;
use crate::rate_limit::{Pacer, RateLimit, header_duration, retry_hint};
use crate::url::{BaseUrl, Origin, encode_form, resolve_location};
use crate::{Body, Error, Method, Paginator, Request, Result};
use pipedrive_types::{AdditionalData, PageData};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use ureq::http::{HeaderMap, HeaderValue, Response, StatusCode, Uri};
use ureq::typestate::WithBody;
use ureq::{Agent, RequestBuilder, SendBody};

/// Same-origin hops followed for one GET before giving up.
const MAX_REDIRECTS: usize = 5;
/// How much of an error body is read to look for Pipedrive's JSON error fields.
pub(crate) const ERROR_BODY_LIMIT: u64 = 64 * 1024;
/// Chunk size for streaming downloads.
const COPY_BUFFER: usize = 64 * 1024;
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
    credential: RwLock<Secret>,
    /// Tokens replaced by a refresh; still scrubbed from error text.
    retired: Mutex<Vec<String>>,
    pacer: Pacer,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base.as_str())
            .field("config", &self.inner.config)
            .field("last_rate_limit", &self.inner.pacer.last())
            .finish()
    }
}

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

/// Why one attempt failed, and whether another attempt is allowed.
struct Failure {
    error: Error,
    /// Nothing reached the server, so even a POST may be sent again.
    before_send: bool,
    retryable: bool,
}

impl Failure {
    fn fatal(error: Error) -> Self {
        Failure {
            error,
            before_send: false,
            retryable: false,
        }
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
        self.call_full(req).map(|r| r.data)
    }

    /// Like [`Transport::call`], keeping `additional_data`, `related_objects` and the
    /// rate-limit headers.
    pub fn call_full<T: DeserializeOwned>(&self, req: &Request) -> Result<ApiResponse<T>> {
        let exchange = self.execute(req, true)?;
        let bytes = match exchange.payload {
            Payload::Bytes(b) => b,
            Payload::Stream(body) => {
                read_limited(body, self.inner.config.max_body_bytes, self.hook())
                    .map_err(|f| f.error)?
            }
        };
        decode(exchange.status, &bytes, exchange.rate_limit).map_err(|e| self.scrub(e))
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
        // Refuses credentials in the query and `.`/`..`/empty path segments.
        let url = self.inner.base.join(&req.path, &req.query)?;
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
                    return Err(f.error);
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
                    Err(f) => return Err(f.error),
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
            with_credentials = origin == self.inner.base.origin;
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

fn transport_failure(message: String, before_send: bool, retryable: bool) -> Failure {
    Failure {
        error: Error::Transport {
            message,
            before_send,
        },
        before_send,
        retryable,
    }
}

/// Maps a ureq error, deciding whether the request can have reached the server.
fn classify(e: ureq::Error) -> Failure {
    use io::ErrorKind as K;
    match e {
        ureq::Error::Timeout(t) => Failure {
            error: Error::Timeout,
            before_send: matches!(t, ureq::Timeout::Resolve | ureq::Timeout::Connect),
            retryable: true,
        },
        ureq::Error::HostNotFound => transport_failure("host not found".into(), true, true),
        ureq::Error::ConnectionFailed => transport_failure("connection failed".into(), true, true),
        ureq::Error::Io(io) => match io.kind() {
            K::TimedOut | K::WouldBlock => Failure {
                error: Error::Timeout,
                before_send: false,
                retryable: true,
            },
            K::ConnectionRefused
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::AddrNotAvailable => transport_failure(io.to_string(), true, true),
            _ => transport_failure(io.to_string(), false, true),
        },
        ureq::Error::Protocol(p) => transport_failure(format!("protocol error: {p}"), false, true),
        ureq::Error::Http(_) | ureq::Error::BadUri(_) | ureq::Error::RequireHttpsOnly(_) => {
            Failure {
                error: Error::InvalidInput(e.to_string()),
                before_send: true,
                retryable: false,
            }
        }
        ureq::Error::BodyExceedsLimit(limit) => Failure::fatal(Error::BodyTooLarge { limit }),
        other => transport_failure(other.to_string(), false, false),
    }
}

/// [`Error::Interrupted`] when the hook asks to stop.
fn check(hook: Option<&Interrupt>) -> Result<()> {
    match hook {
        Some(h) if h() => Err(Error::Interrupted),
        _ => Ok(()),
    }
}

/// Reads a whole body, failing once it passes `limit` rather than growing without bound.
/// A body longer than one [`COPY_BUFFER`] asks the interrupt hook after each further
/// chunk; a small answer never calls it.
fn read_limited(
    body: ureq::Body,
    limit: u64,
    hook: Option<&Interrupt>,
) -> std::result::Result<Vec<u8>, Failure> {
    if body.content_length().is_some_and(|len| len > limit) {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }
    let mut bytes = Vec::new();
    let mut reader = body.into_reader().take(limit.saturating_add(1));
    let mut next_check = COPY_BUFFER;
    loop {
        let n = (&mut reader)
            .take(COPY_BUFFER as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| classify(ureq::Error::from(e)))?;
        if n == 0 {
            break;
        }
        if bytes.len() >= next_check {
            next_check = bytes.len().saturating_add(COPY_BUFFER);
            check(hook).map_err(Failure::fatal)?;
        }
    }
    if bytes.len() as u64 > limit {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }
    Ok(bytes)
}

/// Best-effort read of an error body: whatever arrived before a failure is still useful.
fn read_prefix(body: ureq::Body, limit: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut reader = body.into_reader().take(limit);
    let mut chunk = [0u8; 8192];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(chunk.get(..n).unwrap_or(&[])),
        }
    }
    bytes
}

/// Streams a body into `out`, asking the interrupt hook between chunks.
fn copy_body(body: ureq::Body, out: &mut dyn Write, hook: Option<&Interrupt>) -> Result<u64> {
    let mut reader = body.into_reader();
    let mut chunk = vec![0u8; COPY_BUFFER];
    let mut total = 0u64;
    loop {
        if total > 0 {
            check(hook)?;
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(classify(ureq::Error::from(e)).error),
        };
        out.write_all(chunk.get(..n).unwrap_or(&[]))?;
        total += n as u64;
    }
    out.flush()?;
    Ok(total)
}

/// The envelope as we decode it: lenient about the extras, `data` kept as raw JSON text.
///
/// Nothing here depends on the response type, so the envelope decoder exists once.
/// Only turning `data` into `T` ([`decode`]) is instantiated per type: an envelope
/// generic over `T` cost about 5 KB of machine code for each of the ~100 response types.
#[derive(Default)]
struct RawEnvelope<'a> {
    data: Option<&'a RawValue>,
    success: Option<Value>,
    additional_data: Option<(AdditionalData, Box<RawValue>)>,
    related_objects: Option<Map<String, Value>>,
    error: Option<Value>,
    message: Option<Value>,
    error_info: Option<Value>,
    code: Option<Value>,
    error_code: Option<Value>,
}

/// A top-level key of the envelope.
enum EnvelopeKey {
    Data,
    Success,
    AdditionalData,
    RelatedObjects,
    Error,
    Message,
    ErrorInfo,
    Code,
    ErrorCode,
    Other,
}

impl<'de> Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl de::Visitor<'_> for KeyVisitor {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an envelope key")
            }
            fn visit_str<E: de::Error>(self, k: &str) -> std::result::Result<EnvelopeKey, E> {
                Ok(match k {
                    "data" => EnvelopeKey::Data,
                    "success" => EnvelopeKey::Success,
                    "additional_data" => EnvelopeKey::AdditionalData,
                    "related_objects" => EnvelopeKey::RelatedObjects,
                    "error" => EnvelopeKey::Error,
                    "message" => EnvelopeKey::Message,
                    "error_info" => EnvelopeKey::ErrorInfo,
                    "code" => EnvelopeKey::Code,
                    "errorCode" => EnvelopeKey::ErrorCode,
                    _ => EnvelopeKey::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for RawEnvelope<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> de::Visitor<'de> for EnvelopeVisitor {
            type Value = RawEnvelope<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a Pipedrive response envelope")
            }
            fn visit_map<A: de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<RawEnvelope<'de>, A::Error> {
                let mut env = RawEnvelope::default();
                while let Some(key) = map.next_key::<EnvelopeKey>()? {
                    match key {
                        // `null` is `None`, like a missing `data`.
                        EnvelopeKey::Data => env.data = map.next_value()?,
                        EnvelopeKey::Success => env.success = map.next_value()?,
                        EnvelopeKey::AdditionalData => {
                            env.additional_data =
                                lenient_additional(map.next_value::<Option<&RawValue>>()?)
                        }
                        EnvelopeKey::RelatedObjects => {
                            env.related_objects = lenient_object(map.next_value()?)
                        }
                        EnvelopeKey::Error => env.error = map.next_value()?,
                        EnvelopeKey::Message => env.message = map.next_value()?,
                        EnvelopeKey::ErrorInfo => env.error_info = map.next_value()?,
                        EnvelopeKey::Code => env.code = map.next_value()?,
                        EnvelopeKey::ErrorCode => env.error_code = map.next_value()?,
                        EnvelopeKey::Other => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(env)
            }
        }
        d.deserialize_map(EnvelopeVisitor)
    }
}

/// Some endpoints send `[]` where an object is expected; treat that as absent instead of
/// failing the whole response.
fn lenient_object(v: Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// `additional_data` typed where it fits (else all of it in `extra`), with its text.
/// Anything but an object (`[]`, `null`) counts as absent.
fn lenient_additional(raw: Option<&RawValue>) -> Option<(AdditionalData, Box<RawValue>)> {
    let raw = raw?;
    if !raw.get().starts_with('{') {
        return None;
    }
    let typed = match serde_json::from_str::<AdditionalData>(raw.get()) {
        Ok(typed) => typed,
        Err(_) => AdditionalData {
            extra: lenient_object(serde_json::from_str(raw.get()).ok()?)?,
            ..AdditionalData::default()
        },
    };
    Some((typed, raw.to_owned()))
}

fn text(v: Option<Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn is_false(v: &Option<Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        _ => false,
    }
}

pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    bytes: &[u8],
    rate_limit: RateLimit,
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
    let (additional_data, additional_data_raw) = env.additional_data.unzip();
    Ok(ApiResponse {
        additional_data,
        additional_data_raw,
        related_objects: env.related_objects,
        ..ApiResponse::plain(data, rate_limit, status)
    })
}

/// Reads the envelope of a 2xx body: `None` for an empty body, an error for a body that
/// is not an envelope or that says `success: false`.
fn envelope(status: u16, bytes: &[u8]) -> Result<Option<RawEnvelope<'_>>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let env = serde_json::from_slice::<RawEnvelope<'_>>(bytes).map_err(|e| Error::Decode {
        status,
        message: e.to_string(),
        snippet: snippet(bytes),
    })?;
    if is_false(&env.success) {
        return Err(unsuccessful(
            status,
            [env.error, env.message],
            env.error_info,
            [env.code, env.error_code],
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
    codes: [Option<Value>; 2],
    bytes: &[u8],
) -> Error {
    let [e1, e2] = errors;
    let [c1, c2] = codes;
    Error::Api {
        status,
        error: text(e1)
            .or_else(|| text(e2))
            .unwrap_or_else(|| "the response says success: false".into()),
        error_info: text(error_info),
        code: text(c1).or_else(|| text(c2)),
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
    let probe: RawEnvelope<'_> = serde_json::from_slice(bytes).unwrap_or_default();
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let error = text(probe.error)
        .or_else(|| text(probe.message))
        .unwrap_or_else(|| reason.to_owned());
    let error_info = text(probe.error_info);
    let code = text(probe.code).or_else(|| text(probe.error_code));
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
            rate_limit,
            error,
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
    fn backoff_stays_under_cap() {
        let t = Transport::new(
            Config::new("token")
                .retry_base_delay(Duration::from_millis(100))
                .max_retry_delay(Duration::from_millis(250)),
        )
        .unwrap();
        for retry in 0..40 {
            assert!(t.backoff(retry) <= Duration::from_millis(250));
        }
    }
}
