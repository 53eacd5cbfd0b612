//! The native client: a small generic API (`request`, `paginate`, `download`) that the
//! generated Python resource classes call with an already rendered method, path, query
//! and body. Every network call runs with the GIL released.
use crate::config::{Limit, Options};
use crate::convert::to_json;
use crate::errors::{detach, invalid_input, to_pyerr};
use crate::io::{ErrorSlot, PyReader, PyWriter, take};
use crate::models::model;
use crate::pager::{Pager, PagerState};
use crate::record::{DATA_DEPTH, raw_to_py};
use pipedrive_transport::{
    Body, Error, Method, Multipart, Part, RateLimit, Request, Transport, save_atomically,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::value::RawValue;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Parses an HTTP method name.
pub fn method(py: Python<'_>, name: &str) -> PyResult<Method> {
    Ok(match name.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        other => {
            return Err(invalid_input(
                py,
                format!("unsupported HTTP method {other:?}"),
            ));
        }
    })
}

pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
    }
}

/// `x-ratelimit-*` headers as a dict (`reset` in seconds).
pub fn rate_limit_dict<'py>(py: Python<'py>, r: &RateLimit) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("limit", r.limit)?;
    d.set_item("remaining", r.remaining)?;
    d.set_item("reset", r.reset.map(|d| d.as_secs_f64()))?;
    d.set_item("daily_requests_left", r.daily_requests_left)?;
    Ok(d)
}

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
const DEBUG: i32 = 10;

/// One debug line per HTTP exchange on the `pipedrive_rs` logger: method, path with the
/// query, outcome and duration. Credentials never appear: they travel in headers, which
/// are not logged; `api_token` is refused in queries; and a query key or value is only
/// shown when it is a plain number, date or word ([`logged_target`]).
pub fn log_exchange(py: Python<'_>, req: &Request, outcome: &str, elapsed: Duration) {
    let run = || -> PyResult<()> {
        let logger = LOGGER.get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", ("pipedrive_rs",))
                .map(Bound::unbind)
        })?;
        let logger = logger.bind(py);
        if !logger.call_method1("isEnabledFor", (DEBUG,))?.is_truthy()? {
            return Ok(());
        }
        let target = logged_target(req);
        logger.call_method1(
            "debug",
            (
                "%s %s -> %s (%.1f ms)",
                method_label(req.method),
                target,
                outcome,
                elapsed.as_secs_f64() * 1000.0,
            ),
        )?;
        Ok(())
    };
    // Logging must never turn a successful call into a failed one.
    let _ = run();
}

/// Longest query value item shown in a log line (a u64 has 20 digits).
const LOGGED_ITEM_LEN: usize = 20;

/// Whether a query value may appear in a log line: empty, or comma-separated items of at
/// most 20 characters that are either all digits, `-`, `.` and `:` (ids, paging,
/// amounts, dates) or all letters, `_` and spaces (`status=open`,
/// `sort=add_time DESC`). Anything mixing the two, or longer, is logged as `***`: API
/// and OAuth tokens mix letters and digits, so a credential typed into the wrong place
/// never reaches the log.
fn loggable(value: &str) -> bool {
    let numeric = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'.' | b':');
    let word = |b: u8| b.is_ascii_alphabetic() || matches!(b, b'_' | b' ');
    value.is_empty()
        || value.split(',').all(|item| {
            !item.is_empty()
                && item.len() <= LOGGED_ITEM_LEN
                && (item.bytes().all(numeric) || item.bytes().all(word))
        })
}

/// The path and query of a request as logged: keys and values are replaced by `***`
/// unless [`loggable`], for the query pairs and for a query written into the path alike.
fn logged_target(req: &Request) -> String {
    let (path, inline) = match req.path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (req.path.as_str(), None),
    };
    let inline = inline
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
    let pairs = inline.chain(req.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut target = path.to_owned();
    for (i, (k, v)) in pairs.enumerate() {
        target.push(if i == 0 { '?' } else { '&' });
        target.push_str(if loggable(k) { k } else { "***" });
        target.push('=');
        target.push_str(if loggable(v) { v } else { "***" });
    }
    target
}

/// The outcome text of a failed exchange for the log line.
pub fn error_outcome(e: &Error) -> String {
    match e.status() {
        Some(s) => format!("{s} ({})", e),
        None => format!("failed ({e})"),
    }
}

/// Why saving a download to a path failed: the request, or the local file.
enum SaveFailure {
    Request(Error),
    Local(std::io::Error),
}

impl From<std::io::Error> for SaveFailure {
    fn from(e: std::io::Error) -> Self {
        SaveFailure::Local(e)
    }
}

fn multipart(py: Python<'_>, parts: &Bound<'_, PyList>, slot: &ErrorSlot) -> PyResult<Multipart> {
    let mut form = Multipart::new();
    for spec in parts.iter() {
        let spec = spec
            .cast::<PyTuple>()
            .map_err(|_| invalid_input(py, "multipart parts are tuples (kind, name, ...)"))?;
        let kind: String = spec.get_item(0)?.extract()?;
        let name: String = spec.get_item(1)?.extract()?;
        let file_name = |i: usize| -> PyResult<Option<String>> { spec.get_item(i)?.extract() };
        let mut part = match kind.as_str() {
            "text" => Part::text(name, spec.get_item(2)?.extract::<String>()?),
            "path" => Part::path(name, spec.get_item(2)?.extract::<String>()?),
            "bytes" => {
                let item = spec.get_item(2)?;
                let bytes = item
                    .cast::<PyBytes>()
                    .map_err(|_| invalid_input(py, "file content must be bytes"))?;
                Part::bytes(
                    name,
                    file_name(3)?.unwrap_or_else(|| "file".to_owned()),
                    bytes.as_bytes().to_vec(),
                )
            }
            "reader" => Part::reader(
                name,
                file_name(3)?.unwrap_or_else(|| "file".to_owned()),
                PyReader::new(spec.get_item(2)?.unbind(), Arc::clone(slot)),
            ),
            other => {
                return Err(invalid_input(
                    py,
                    format!("unknown multipart part kind {other:?}"),
                ));
            }
        };
        if kind != "text" {
            if let Some(f) = file_name(3)? {
                part = part.file_name(f);
            }
            if let Some(ct) = spec.get_item(4)?.extract::<Option<String>>()? {
                part = part.mime(ct);
            }
        }
        form = form.part(part);
    }
    Ok(form)
}

/// The native client. Use `pipedrive_rs.Client`, which wraps it with one attribute per
/// resource.
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Client")]
#[derive(Debug)]
pub struct Client {
    transport: RwLock<Option<Transport>>,
}

impl Client {
    fn transport(&self, py: Python<'_>) -> PyResult<Transport> {
        self.transport
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| invalid_input(py, "the client is closed"))
    }
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        api_token=None, *, oauth_token=None, on_token_refresh=None, company_domain=None,
        base_url=None, connect_timeout=Limit::Default, read_timeout=Limit::Default,
        timeout=Limit::Default, max_retries=None, retry_base_delay=None, max_retry_delay=None,
        max_idle_connections=None, max_body_bytes=None, user_agent=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_token: Option<String>,
        oauth_token: Option<String>,
        on_token_refresh: Option<Bound<'_, PyAny>>,
        company_domain: Option<String>,
        base_url: Option<String>,
        connect_timeout: Limit,
        read_timeout: Limit,
        timeout: Limit,
        max_retries: Option<Bound<'_, PyAny>>,
        retry_base_delay: Option<f64>,
        max_retry_delay: Option<f64>,
        max_idle_connections: Option<Bound<'_, PyAny>>,
        max_body_bytes: Option<Bound<'_, PyAny>>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        let mut config = crate::config::build(
            py,
            Options {
                api_token,
                oauth_token,
                on_token_refresh,
                company_domain,
                base_url,
                connect_timeout,
                read_timeout,
                timeout,
                max_retries,
                retry_base_delay,
                max_retry_delay,
                max_idle_connections,
                max_body_bytes,
                user_agent,
            },
        )?;
        // Ctrl-C ends a retry wait or a long body read within ~50 ms.
        config = config.interrupt(crate::errors::signal_pending);
        let transport = Transport::new(config).map_err(|e| to_pyerr(py, e))?;
        Ok(Client {
            transport: RwLock::new(Some(transport)),
        })
    }

    /// The base URL requests go to.
    #[getter]
    fn base_url(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.transport(py)?.base_url().to_owned())
    }

    /// True once `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.transport
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }

    /// Drops the connection pool; later calls raise `InvalidInputError`.
    fn close(&self) {
        self.transport
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
    }

    /// The rate-limit headers of the most recent response, or None before any.
    fn last_rate_limit<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        match self.transport(py)?.last_rate_limit() {
            Some(r) => rate_limit_dict(py, &r).map(Some),
            None => Ok(None),
        }
    }

    /// Sends one request and returns the envelope's `data` (objects as `Record`s of type
    /// `kind`). `json` is any JSON-able value; `form` and the `multipart` part tuples are
    /// rendered by the caller.
    #[pyo3(signature = (method, path, query, json=None, form=None, multipart=None, kind=None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: String,
        query: Vec<(String, String)>,
        json: Option<&Bound<'_, PyAny>>,
        form: Option<Vec<(String, String)>>,
        multipart: Option<&Bound<'_, PyList>>,
        kind: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let transport = self.transport(py)?;
        let mut req = Request::new(self::method(py, method)?, path);
        req.query = query;
        let slot: ErrorSlot = Arc::new(Mutex::new(None));
        if let Some(body) = json {
            let value = to_json(body)?;
            let bytes = serde_json::to_vec(&value).map_err(|e| invalid_input(py, e.to_string()))?;
            req.body = Body::Json(bytes);
        } else if let Some(pairs) = form {
            req.body = Body::Form(pairs);
        } else if let Some(parts) = multipart {
            req.body = Body::Multipart(self::multipart(py, parts, &slot)?);
        }
        let (result, elapsed) = detach(py, || {
            let started = Instant::now();
            // Kept as text: objects are read field by field when Python asks.
            let r = transport.call_full::<Option<Box<RawValue>>>(&req);
            (r, started.elapsed())
        })?;
        if let Some(e) = take(&slot) {
            log_exchange(py, &req, "failed (file object raised)", elapsed);
            return Err(e);
        }
        match result {
            Ok(resp) => {
                log_exchange(py, &req, &resp.status.to_string(), elapsed);
                match resp.data {
                    Some(raw) => Ok(raw_to_py(py, raw, model(kind).as_ref(), DATA_DEPTH)?.unbind()),
                    None => Ok(py.None()),
                }
            }
            Err(e) => {
                log_exchange(py, &req, &error_outcome(&e), elapsed);
                Err(to_pyerr(py, e))
            }
        }
    }

    /// A lazy iterator over a list endpoint; `search` selects the `data.items` hit
    /// layout of the search endpoints.
    #[pyo3(signature = (method, path, query, search=false, kind=None))]
    fn paginate(
        &self,
        py: Python<'_>,
        method: &str,
        path: String,
        query: Vec<(String, String)>,
        search: bool,
        kind: Option<&str>,
    ) -> PyResult<Pager> {
        let mut req = Request::new(self::method(py, method)?, path);
        req.query = query;
        Ok(Pager::new(
            PagerState::new(self.transport(py)?, req, search),
            model(kind),
            search,
        ))
    }

    /// Streams a binary response into `dest` (a filesystem path as str, or a writable
    /// binary file object); returns the number of bytes written. A path is written
    /// through a temporary file beside it and replaced only when the download succeeded
    /// (`save_atomically`), so a failure leaves an existing file as it was.
    #[pyo3(signature = (method, path, query, dest))]
    fn download(
        &self,
        py: Python<'_>,
        method: &str,
        path: String,
        query: Vec<(String, String)>,
        dest: &Bound<'_, PyAny>,
    ) -> PyResult<u64> {
        let transport = self.transport(py)?;
        let mut req = Request::new(self::method(py, method)?, path);
        req.query = query;
        let started = Instant::now();
        let result = if let Ok(p) = dest.cast::<PyString>() {
            let target = std::path::PathBuf::from(&*p.to_cow()?);
            // Local file errors (no such directory, a directory as target, no permission)
            // become the matching OSError; everything from the request stays an Error.
            let outcome = detach(py, || {
                save_atomically(&target, |out| {
                    transport.download(&req, out).map_err(SaveFailure::Request)
                })
            })?;
            match outcome {
                Ok(n) => Ok(n),
                Err(SaveFailure::Request(e)) => Err(e),
                Err(SaveFailure::Local(e)) => return Err(PyErr::from(e)),
            }
        } else {
            let slot: ErrorSlot = Arc::new(Mutex::new(None));
            let mut writer = PyWriter::new(dest.clone().unbind(), Arc::clone(&slot));
            let r = detach(py, || transport.download(&req, &mut writer))?;
            if let Some(e) = take(&slot) {
                log_exchange(py, &req, "failed (file object raised)", started.elapsed());
                return Err(e);
            }
            r
        };
        match result {
            Ok(n) => {
                log_exchange(py, &req, &format!("ok ({n} bytes)"), started.elapsed());
                Ok(n)
            }
            Err(e) => {
                log_exchange(py, &req, &error_outcome(&e), started.elapsed());
                Err(to_pyerr(py, e))
            }
        }
    }

    fn __repr__(&self) -> String {
        match &*self.transport.read().unwrap_or_else(|p| p.into_inner()) {
            Some(t) => format!("<pipedrive_rs._native.Client base_url={:?}>", t.base_url()),
            None => "<pipedrive_rs._native.Client closed>".to_owned(),
        }
    }
}
