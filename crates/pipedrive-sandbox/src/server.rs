//! Listener, connection threads, authentication, fault application, the response cache
//! and the `/_sandbox` control routes.
use crate::Seeding;
use crate::api::{self, ApiError, Reply, UNKNOWN_ROUTE, error_body, error_body_for, unknown_route};
use crate::control::control;
use crate::faults::{After, Canned, Faults, Replace};
use crate::http::{ReadError, Request, read_request, write_head};
use crate::store::Store;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::thread;
use std::time::{Duration, Instant};

/// Cached GET answers this many entries at most; the cache starts over when full.
const CACHE_ENTRIES: usize = 1024;
/// An idle keep-alive connection is closed after this long.
const IDLE: Duration = Duration::from_secs(60);

/// The collections whose live record counts the stats report.
const STATS_COLLECTIONS: [&str; 16] = [
    "deals",
    "persons",
    "organizations",
    "activities",
    "activity_types",
    "products",
    "leads",
    "users",
    "stages",
    "filters",
    "deal_products",
    "installments",
    "discounts",
    "followers",
    "participants",
    "files",
];

/// A complete response (head and body) ready to write.
#[derive(Debug, Clone)]
struct Wire {
    bytes: Arc<Vec<u8>>,
    body_start: usize,
    /// Content-Type and the extra headers the answer was built with, for [`rewrap`].
    ctype: Arc<str>,
    extra: Arc<[(String, String)]>,
}

#[derive(Debug)]
struct Cached {
    generation: u64,
    status: u16,
    wire: Wire,
}

/// State shared by the handle and every connection thread.
#[derive(Debug)]
pub(crate) struct Shared {
    store: RwLock<Store>,
    /// Bumped by every write; cached answers from older generations are stale.
    generation: AtomicU64,
    cache: Mutex<HashMap<String, Cached>>,
    pub faults: Faults,
    token: Option<String>,
    /// How the store was first built, so [`Shared::reset`] can build it again.
    seeding: Seeding,
    pub served: AtomicU64,
    in_flight: AtomicU64,
    pub max_in_flight: AtomicU64,
    shutdown: AtomicBool,
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
    live_conns: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    pub(crate) fn new(seeding: Seeding, token: Option<String>) -> Shared {
        Shared {
            store: RwLock::new(seeding.build()),
            seeding,
            generation: AtomicU64::new(0),
            cache: Mutex::new(HashMap::new()),
            faults: Faults::default(),
            token,
            served: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            max_in_flight: AtomicU64::new(0),
            shutdown: AtomicBool::new(false),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
            live_conns: AtomicUsize::new(0),
        }
    }

    /// Whether only one token is accepted (the token itself is never shown).
    pub(crate) fn token_required(&self) -> bool {
        self.token.is_some()
    }

    pub(crate) fn count_of(&self, collection: &str) -> Option<usize> {
        self.store
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .count_of(collection)
    }

    /// Puts the account back as it was when the server started: a store rebuilt from
    /// the same seeding, no faults, no cached answers, counters at zero.
    ///
    /// The new store is built before the write lock is taken, so requests are held up
    /// only for the swap. A request in flight finishes on whichever store it locked.
    pub(crate) fn reset(&self) {
        let fresh = self.seeding.build();
        {
            let mut store = self.store.write().unwrap_or_else(|p| p.into_inner());
            *store = fresh;
            // Under the write lock, so no GET can cache an answer of the old store with
            // the new generation.
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        lock(&self.cache).clear();
        self.faults.clear();
        self.served.store(0, Ordering::SeqCst);
        self.max_in_flight.store(0, Ordering::SeqCst);
    }

    /// Counters and record counts, as `GET /_sandbox/stats` answers them.
    pub(crate) fn stats(&self) -> Value {
        let counts: serde_json::Map<String, Value> = {
            let store = self.store.read().unwrap_or_else(|p| p.into_inner());
            STATS_COLLECTIONS
                .iter()
                .map(|c| ((*c).to_owned(), store.count(c).into()))
                .collect()
        };
        json!({
            "requests_served": self.served.load(Ordering::SeqCst),
            "max_in_flight": self.max_in_flight.load(Ordering::SeqCst),
            "in_flight": self.in_flight.load(Ordering::SeqCst),
            "counts": counts,
        })
    }

    /// Stops accepting, closes every open connection and waits (briefly) for their
    /// threads to finish.
    pub(crate) fn shut_down(&self, port: u16, acceptor: thread::JoinHandle<()>) {
        self.shutdown.store(true, Ordering::SeqCst);
        // Wake the accept loop, then wait for it so no connection slips in afterwards.
        let _ = TcpStream::connect_timeout(
            &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            Duration::from_secs(1),
        );
        let _ = acceptor.join();
        for (_, c) in lock(&self.conns).drain() {
            let _ = c.shutdown(Shutdown::Both);
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.live_conns.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Accepts connections until shutdown; one thread per connection.
pub(crate) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for conn in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = conn else {
            // Out of descriptors and the like: back off instead of spinning.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).insert(id, clone);
        }
        shared.live_conns.fetch_add(1, Ordering::SeqCst);
        let s = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("pipedrive-sandbox-conn".into())
            .spawn(move || {
                serve(&s, stream);
                lock(&s.conns).remove(&id);
                s.live_conns.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            lock(&shared.conns).remove(&id);
            shared.live_conns.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Serves requests on one connection until it closes.
fn serve(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(16 * 1024, stream);
    loop {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let req = match read_request(&mut reader, &mut writer) {
            Ok(r) => r,
            Err(ReadError::Bad(status, msg)) => {
                let w = json_wire(status, &error_body(msg), false, &[]);
                let _ = writer.write_all(&w.bytes);
                linger(&mut reader, &writer);
                break;
            }
            Err(ReadError::Closed | ReadError::Io(_)) => break,
        };
        // Like `served`, the concurrency counters leave the control routes out, so a
        // test reading them sees only its API traffic.
        let api = !is_control(&req.path);
        if api {
            let n = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            shared.max_in_flight.fetch_max(n, Ordering::SeqCst);
        }
        let (wire, after) = handle(shared, &req);
        // Handled: counted out before the answer goes, so a client that has read it
        // never finds its own request still in flight.
        if api {
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
        let written = match after {
            After::Answer => writer.write_all(&wire.bytes).is_ok(),
            After::Drop => false,
            After::Truncate => {
                let body_len = wire.bytes.len() - wire.body_start;
                let cut = wire.body_start + body_len / 2;
                let _ = writer.write_all(&wire.bytes[..cut]);
                let _ = writer.flush();
                false
            }
        };
        if !written || !req.keep_alive {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// Closes our side for writing, then discards what the client is still sending for a
/// moment, so closing with unread input does not reset the connection before the client
/// has read our error answer.
fn linger(reader: &mut BufReader<TcpStream>, writer: &TcpStream) {
    let _ = writer.shutdown(Shutdown::Write);
    let _ = writer.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 8192];
    let mut budget = 4 * 1024 * 1024usize;
    while budget > 0 {
        match std::io::Read::read(reader, &mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => budget = budget.saturating_sub(n),
        }
    }
}

/// Builds a full response from a JSON value.
fn json_wire(status: u16, body: &Value, keep_alive: bool, extra: &[(String, String)]) -> Wire {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    raw_wire(status, "application/json", &bytes, keep_alive, extra)
}

fn raw_wire(
    status: u16,
    ctype: &str,
    body: &[u8],
    keep_alive: bool,
    extra: &[(String, String)],
) -> Wire {
    let mut out = Vec::with_capacity(body.len() + 160);
    write_head(&mut out, status, ctype, body.len(), keep_alive, extra);
    let body_start = out.len();
    out.extend_from_slice(body);
    Wire {
        bytes: Arc::new(out),
        body_start,
        ctype: Arc::from(ctype),
        extra: Arc::from(extra),
    }
}

/// The same body with another head (connection mode or extra headers differ); the
/// answer's own Content-Type and headers are kept.
fn rewrap(w: &Wire, status: u16, keep_alive: bool, extra: &[(String, String)]) -> Wire {
    let mut headers = w.extra.to_vec();
    headers.extend_from_slice(extra);
    raw_wire(
        status,
        &w.ctype,
        &w.bytes[w.body_start..],
        keep_alive,
        &headers,
    )
}

const HTML_403: &str = "<!DOCTYPE html>\n<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<h1>403 Forbidden</h1>\n<p>Your requests have been blocked because this client sent too many of them. Slow down and try again later.</p>\n</body>\n</html>\n";

fn error_with_code(path: &str, status: u16, error: &str) -> Value {
    let mut v = error_body_for(path, status, error);
    if let Value::Object(m) = &mut v {
        // Pipedrive adds a numeric code on auth and rate-limit errors.
        m.insert("errorCode".into(), status.into());
    }
    v
}

/// Whether a path is one of the `/_sandbox` control routes.
fn is_control(path: &str) -> bool {
    path == "/_sandbox" || path.starts_with("/_sandbox/")
}

/// Handles one request; returns what to write and what to do with the connection.
fn handle(shared: &Shared, req: &Request) -> (Wire, After) {
    let keep = req.keep_alive;
    if is_control(&req.path) {
        let (status, body) = control(shared, req);
        return (json_wire(status, &body, keep, &[]), After::Answer);
    }
    shared.served.fetch_add(1, Ordering::SeqCst);
    let plan = shared.faults.plan(req.header("x-sandbox-fault"));
    if !plan.delay.is_zero() {
        thread::sleep(plan.delay);
    }
    match plan.replace {
        Some(Replace::RateLimited(retry)) => {
            let mut headers = plan.headers.clone();
            headers.push(("Retry-After".into(), retry.to_string()));
            let body = error_with_code(&req.path, 429, "Request over limit");
            return (json_wire(429, &body, keep, &headers), After::Answer);
        }
        Some(Replace::Fail(status)) => {
            let msg = match status {
                500 => "Internal server error",
                502 => "Bad gateway",
                503 => "Service temporarily unavailable",
                504 => "Gateway timeout",
                s => crate::http::reason(s),
            };
            return (
                json_wire(
                    status,
                    &error_body_for(&req.path, status, msg),
                    keep,
                    &plan.headers,
                ),
                After::Answer,
            );
        }
        Some(Replace::Canned(c)) => return canned(*c, keep, &plan.headers),
        Some(Replace::Html403) => {
            return (
                raw_wire(
                    403,
                    "text/html; charset=UTF-8",
                    HTML_403.as_bytes(),
                    keep,
                    &plan.headers,
                ),
                After::Answer,
            );
        }
        None => {}
    }
    let (status, wire) = respond(shared, req);
    let wire = if plan.headers.is_empty() && keep {
        wire
    } else {
        rewrap(&wire, status, keep, &plan.headers)
    };
    (wire, plan.after)
}

/// A named fault's answer. One that announces more than it sends closes the connection
/// after the head.
fn canned(c: Canned, keep: bool, extra: &[(String, String)]) -> (Wire, After) {
    let mut headers = extra.to_vec();
    headers.extend(c.headers);
    let Some(len) = c.announced_len else {
        let wire = raw_wire(c.status, c.content_type, &c.body, keep, &headers);
        return (wire, After::Answer);
    };
    let mut out = Vec::new();
    write_head(&mut out, c.status, c.content_type, len, false, &headers);
    let body_start = out.len();
    let wire = Wire {
        bytes: Arc::new(out),
        body_start,
        ctype: Arc::from(c.content_type),
        extra: Arc::from(headers),
    };
    (wire, After::Truncate)
}

/// The token a request presents, if any.
fn presented_token(req: &Request) -> Option<&str> {
    if let Some(t) = req.header("x-api-token") {
        return Some(t.trim());
    }
    if let Some(auth) = req.header("authorization") {
        let mut parts = auth.trim().splitn(2, ' ');
        if parts
            .next()
            .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
        {
            return Some(parts.next().unwrap_or("").trim());
        }
    }
    req.q("api_token").map(str::trim)
}

/// Answers an API request (auth, routing, cache) with a keep-alive head.
fn respond(shared: &Shared, req: &Request) -> (u16, Wire) {
    let versioned = |prefix: &str| {
        req.path
            .strip_prefix(prefix)
            .filter(|r| r.is_empty() || r.starts_with('/'))
    };
    let (v2, rest) = match (versioned("/v1"), versioned("/v2")) {
        (Some(rest), _) => (false, rest),
        (None, Some(rest)) => (true, rest),
        (None, None) => {
            return (
                404,
                json_wire(
                    404,
                    &error_body(&unknown_route(&req.method, &req.path)),
                    true,
                    &[],
                ),
            );
        }
    };
    let authorized = match presented_token(req) {
        None | Some("") => false,
        Some(t) => shared.token.as_deref().is_none_or(|want| want == t),
    };
    if !authorized {
        return (
            401,
            json_wire(
                401,
                &error_with_code(&req.path, 401, "unauthorized access"),
                true,
                &[],
            ),
        );
    }
    let seg: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match req.method.as_str() {
        "GET" => {
            if let Some(c) = lock(&shared.cache).get(&req.target) {
                if c.generation == shared.generation.load(Ordering::SeqCst) {
                    return (c.status, c.wire.clone());
                }
            }
            let (generation, result) = {
                let store = shared.store.read().unwrap_or_else(|p| p.into_inner());
                let generation = shared.generation.load(Ordering::SeqCst);
                let result = catch_unwind(AssertUnwindSafe(|| {
                    if v2 {
                        api::v2::get(&store, req, &seg)
                    } else {
                        api::get(&store, req, &seg)
                    }
                }));
                (generation, result)
            };
            let (status, wire) = finish(result, req);
            // File downloads are not cached: they can be large and are cheap to answer.
            if status == 200 && &*wire.ctype == "application/json" {
                let mut cache = lock(&shared.cache);
                if cache.len() >= CACHE_ENTRIES {
                    cache.clear();
                }
                cache.insert(
                    req.target.clone(),
                    Cached {
                        generation,
                        status,
                        wire: wire.clone(),
                    },
                );
            }
            (status, wire)
        }
        "POST" | "PUT" | "PATCH" | "DELETE" => {
            let result = {
                let mut store = shared.store.write().unwrap_or_else(|p| p.into_inner());
                store.set_writing(true);
                let result = catch_unwind(AssertUnwindSafe(|| {
                    if v2 {
                        api::v2::write(&mut store, req, &seg)
                    } else {
                        api::write(&mut store, req, &seg)
                    }
                }));
                store.set_writing(false);
                shared.generation.fetch_add(1, Ordering::SeqCst);
                result
            };
            lock(&shared.cache).clear();
            finish(result, req)
        }
        _ => (
            404,
            json_wire(
                404,
                &error_body_for(&req.path, 404, &unknown_route(&req.method, &req.path)),
                true,
                &[],
            ),
        ),
    }
}

/// A handled request's wire answer; errors in the shape of the path's API version.
fn finish(result: std::thread::Result<Result<Reply, ApiError>>, req: &Request) -> (u16, Wire) {
    let path = req.path.as_str();
    match result {
        Ok(Ok(Reply {
            status,
            raw: Some(raw),
            ..
        })) => (
            status,
            raw_wire(status, &raw.content_type, &raw.bytes, true, &raw.headers),
        ),
        Ok(Ok(reply)) => (
            reply.status,
            json_wire(reply.status, &reply.body, true, &[]),
        ),
        Ok(Err(e)) => {
            // A route that does not exist is named by its request line.
            let error = match (e.status, e.error.as_str()) {
                (404, UNKNOWN_ROUTE) => unknown_route(&req.method, path),
                _ => e.error,
            };
            (
                e.status,
                json_wire(e.status, &error_body_for(path, e.status, &error), true, &[]),
            )
        }
        Err(_) => (
            500,
            json_wire(
                500,
                &error_body_for(path, 500, "Internal server error"),
                true,
                &[],
            ),
        ),
    }
}
