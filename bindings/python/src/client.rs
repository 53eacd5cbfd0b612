//! The native client. The generated Python resource classes call `call(op, args)` and
//! `download(op, args, dest)` with an operation id of the Rust operation table and the
//! caller's arguments (see [`crate::calls`]); `request` and `paginate` reach endpoints
//! the package does not wrap. Every network call runs with the GIL released.
use crate::calls;
use crate::config::{Limit, Options};
use crate::convert::to_json;
use crate::errors::{decode_failure, detach, invalid_input, to_pyerr};
use crate::io::{ErrorSlot, PyWriter, take};
use crate::log::{error_outcome, log_exchange};
use crate::models::model;
use crate::pager::{Pager, PagerState};
use crate::rate_limit::rate_limit_dict;
use crate::record::{DATA_DEPTH, ITEM_DEPTH, raw_to_py};
use pipedrive_transport::{Body, Error, Method, Request, ResponseKind, Transport, save_atomically};
use pipedrive_types::RawItems;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::value::RawValue;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

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

    /// Calls the operation `op` (`"deals.get"`) with its arguments in the order of the
    /// operation table (`None`: not given). Returns the object (`Record`), the list, a
    /// lazy `Pager` for paged operations, or None.
    fn call(&self, py: Python<'_>, op: &str, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let op = calls::operation(py, op)?;
        let transport = self.transport(py)?;
        let slot: ErrorSlot = Arc::new(Mutex::new(None));
        let args = calls::arguments(py, op, args, &slot)?;
        let req = calls::build(py, op, args)?;
        match op.response {
            ResponseKind::Page | ResponseKind::Search => {
                let search = op.response == ResponseKind::Search;
                let pager = Pager::new(
                    py,
                    PagerState::new(transport, req, search),
                    model(op.model),
                    search,
                );
                Ok(Bound::new(py, pager)?.into_any().unbind())
            }
            ResponseKind::List => send(py, &transport, &req, &slot, op.model, Shape::List),
            ResponseKind::Nothing => {
                send(py, &transport, &req, &slot, None, Shape::One)?;
                Ok(py.None())
            }
            ResponseKind::One | ResponseKind::Raw => {
                send(py, &transport, &req, &slot, op.model, Shape::One)
            }
            ResponseKind::Saved => send(py, &transport, &req, &slot, op.model, Shape::Saved),
            ResponseKind::Download => Err(invalid_input(
                py,
                format!("{} writes into a file: call download()", op.id),
            )),
        }
    }

    /// Calls an endpoint the package does not wrap and returns the envelope's `data`
    /// (objects as `Record`s of type `kind`). `query` and `form` are a mapping or pairs.
    #[pyo3(signature = (method, path, query=None, json=None, form=None, kind=None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: String,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        form: Option<&Bound<'_, PyAny>>,
        kind: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let transport = self.transport(py)?;
        let method = Method::parse(method)
            .ok_or_else(|| invalid_input(py, format!("unsupported HTTP method {method:?}")))?;
        let mut req = Request::new(method, path);
        req.query = calls::pairs(py, query)?;
        if let Some(body) = json.filter(|b| !b.is_none()) {
            let value = to_json(body)?;
            let bytes = serde_json::to_vec(&value).map_err(|e| invalid_input(py, e.to_string()))?;
            req.body = Body::Json(bytes);
        } else if let Some(form) = form.filter(|f| !f.is_none()) {
            req.body = Body::Form(calls::pairs(py, Some(form))?);
        }
        let slot: ErrorSlot = Arc::new(Mutex::new(None));
        send(py, &transport, &req, &slot, kind, Shape::One)
    }

    /// A lazy iterator over any GET list endpoint; `search` selects the `data.items` hit
    /// layout of the search endpoints.
    #[pyo3(signature = (path, query=None, search=false, kind=None))]
    fn paginate(
        &self,
        py: Python<'_>,
        path: String,
        query: Option<&Bound<'_, PyAny>>,
        search: bool,
        kind: Option<&str>,
    ) -> PyResult<Pager> {
        let mut req = Request::new(Method::Get, path);
        req.query = calls::pairs(py, query)?;
        Ok(Pager::new(
            py,
            PagerState::new(self.transport(py)?, req, search),
            model(kind),
            search,
        ))
    }

    /// Streams the binary answer of the operation `op` into `dest` (a filesystem path as
    /// str, or a writable binary file object); returns the number of bytes written. A
    /// path is written through a temporary file beside it and replaced only when the
    /// download succeeded (`save_atomically`), so a failure leaves an existing file as
    /// it was.
    fn download(
        &self,
        py: Python<'_>,
        op: &str,
        args: &Bound<'_, PyTuple>,
        dest: &Bound<'_, PyAny>,
    ) -> PyResult<u64> {
        let op = calls::operation(py, op)?;
        if op.response != ResponseKind::Download {
            return Err(invalid_input(py, format!("{} is not a download", op.id)));
        }
        let transport = self.transport(py)?;
        let slot: ErrorSlot = Arc::new(Mutex::new(None));
        let req = calls::build(py, op, calls::arguments(py, op, args, &slot)?)?;
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

/// Sends one request and returns its `data` as Python values (objects as lazy `Record`s
/// of `kind`); `list` reads `data` as a list (one object is a one-item list, `null` an
/// empty one), the way the Rust client reads list answers.
/// What an answer's `data` holds.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// One value.
    One,
    /// The record the operation answered with by itself: it must carry its id.
    Saved,
    /// A list of items.
    List,
}

/// Checks that the record a get, create, update, ... answered with carries its id, by the
/// rule of `pipedrive_types::saved` (the Rust methods return `Saved<T>` for the same
/// operations).
fn check_saved(py: Python<'_>, kind: Option<&str>, raw: Option<&RawValue>) -> PyResult<()> {
    let model = kind.unwrap_or("record");
    let id = match raw {
        Some(raw) => crate::raw::find_field(raw.get(), "id")
            .ok()
            .flatten()
            .and_then(|v| serde_json::from_str::<serde_json::Value>(v.get()).ok()),
        None => None,
    };
    pipedrive_types::saved::check_id(model, id.as_ref()).map_err(|m| decode_failure(py, m))
}

fn send(
    py: Python<'_>,
    transport: &Transport,
    req: &Request,
    slot: &ErrorSlot,
    kind: Option<&str>,
    shape: Shape,
) -> PyResult<Py<PyAny>> {
    let list = shape == Shape::List;
    let (result, elapsed) = detach(py, || {
        let started = Instant::now();
        // Kept as text: objects are read field by field when Python asks.
        let r = if list {
            transport.call_full::<Option<RawItems>>(req).map(|r| {
                (
                    r.status,
                    Data::List(r.data.map(|d| d.0).unwrap_or_default()),
                )
            })
        } else {
            transport
                .call_full::<Option<Box<RawValue>>>(req)
                .map(|r| (r.status, Data::One(r.data)))
        };
        (r, started.elapsed())
    })?;
    if let Some(e) = take(slot) {
        log_exchange(py, req, "failed (file object raised)", elapsed);
        return Err(e);
    }
    match result {
        Ok((status, data)) => {
            log_exchange(py, req, &status.to_string(), elapsed);
            let model = model(kind);
            // Reported after the conversion, whose errors (nesting) say more.
            let saved = match (&data, shape) {
                (Data::One(raw), Shape::Saved) => check_saved(py, kind, raw.as_deref()),
                _ => Ok(()),
            };
            match data {
                Data::One(Some(raw)) => {
                    let value = raw_to_py(py, raw, model.as_ref(), DATA_DEPTH)?;
                    saved?;
                    Ok(value.unbind())
                }
                Data::One(None) => saved.map(|()| py.None()),
                Data::List(items) => {
                    let out = PyList::empty(py);
                    for raw in items {
                        out.append(raw_to_py(py, raw, model.as_ref(), ITEM_DEPTH)?)?;
                    }
                    Ok(out.into_any().unbind())
                }
            }
        }
        Err(e) => {
            log_exchange(py, req, &error_outcome(&e), elapsed);
            Err(to_pyerr(py, e))
        }
    }
}

/// A response's `data`, still as text.
enum Data {
    One(Option<Box<RawValue>>),
    List(Vec<Box<RawValue>>),
}
