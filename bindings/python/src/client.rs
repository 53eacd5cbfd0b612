//! The native client. The generated Python resource classes call `call(op, args)` and
//! `download(op, args, dest)` with an operation id of the Rust operation table and the
//! caller's arguments (see [`crate::calls`]); `request` and `paginate` reach endpoints
//! the package does not wrap. Every network call runs with the GIL released.
use crate::calls;
use crate::config::{Limit, Options};
use crate::convert::to_json;
use crate::custom::link;
use crate::custom::{self, PyCustomValue};
use crate::errors::{decode_failure, detach, invalid_input, to_pyerr};
use crate::io::{ErrorSlot, PyWriter, take};
use crate::log::{error_outcome, log_exchange};
use crate::models::model;
use crate::pager::{Pager, PagerState};
use crate::rate_limit::rate_limit_dict;
use crate::record::Record;
use crate::values::{DATA_DEPTH, raw_to_py};
use pipedrive_transport::{Body, Error, Method, Request, ResponseKind, Transport, save_atomically};
use pipedrive_types::{CustomLayout, FieldEntity, FieldRegistry};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
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
    /// The account's field definitions, loaded on first use (custom fields by name).
    fields: pipedrive::FieldCache,
}

impl Client {
    /// See `custom_field` (also what `Record.custom_field` calls).
    pub fn custom_field_of(
        &self,
        py: Python<'_>,
        record: &Bound<'_, Record>,
        name: &str,
    ) -> PyResult<Option<PyCustomValue>> {
        let record = record.get();
        let entity = custom::entity_of_model(py, record.model_name(py))?;
        let registry = self.registry(py)?;
        custom::read(py, &registry, entity, record.map(py)?, name)
    }

    /// The kept field registry, loaded (without the GIL) on first use.
    fn registry(&self, py: Python<'_>) -> PyResult<Arc<FieldRegistry>> {
        let transport = self.transport(py)?;
        detach(py, || self.fields.get(&transport))?.map_err(|e| to_pyerr(py, e))
    }

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
            fields: pipedrive::FieldCache::new(),
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
    /// operation table (`None`: not given). Returns the object (`Record`), a lazy `Pager`
    /// for every list operation (`SearchHits` for searches), or None.
    ///
    /// `custom_fields` (create and update of records with fields) maps field names to
    /// values; they are resolved through the field registry into `extra`.
    #[pyo3(signature = (op, args, custom_fields=None))]
    fn call(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        op: &str,
        args: &Bound<'_, PyTuple>,
        custom_fields: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let this = slf.get();
        let op = calls::operation(py, op)?;
        let transport = this.transport(py)?;
        let slot: ErrorSlot = Arc::new(Mutex::new(None));
        let mut args = calls::arguments(py, op, args, &slot)?;
        if let Some(values) = custom_fields.filter(|v| !v.is_none()) {
            let (entity, layout) = custom::entity_of_operation(py, op)?;
            let registry = this.registry(py)?;
            let by_key = custom::entries(py, &registry, entity, layout, values)?;
            args.merge_custom(layout, by_key)
                .map_err(|e| to_pyerr(py, e.into()))?;
        }
        let req = calls::build(py, op, args)?;
        let owner = slf.clone().unbind();
        match op.response {
            // A list in one response is walked like any other: a pager of one page.
            ResponseKind::Page | ResponseKind::List | ResponseKind::Search => {
                let search = op.response == ResponseKind::Search;
                Pager::new(
                    py,
                    PagerState::new(transport, req, search),
                    model(op.model),
                    search,
                )
                .owned_by(owner)
                .into_object(py, search)
            }
            ResponseKind::Nothing => {
                send(py, &transport, &req, &slot, None, false)?;
                Ok(py.None())
            }
            ResponseKind::One | ResponseKind::Raw | ResponseKind::Saved => {
                let saved = op.response == ResponseKind::Saved;
                let out = send(py, &transport, &req, &slot, op.model, saved)?;
                link(out.bind(py), &owner);
                Ok(out)
            }
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
        send(py, &transport, &req, &slot, kind, false)
    }

    /// A lazy iterator over any GET list endpoint; `search` selects the `data.items` hit
    /// layout of the search endpoints (and returns `SearchHits`).
    #[pyo3(signature = (path, query=None, search=false, kind=None))]
    fn paginate(
        &self,
        py: Python<'_>,
        path: String,
        query: Option<&Bound<'_, PyAny>>,
        search: bool,
        kind: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let mut req = Request::new(Method::Get, path);
        req.query = calls::pairs(py, query)?;
        Pager::new(
            py,
            PagerState::new(self.transport(py)?, req, search),
            model(kind),
            search,
        )
        .into_object(py, search)
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

    /// The custom field `name` of a record this client returned (a deal, person,
    /// organization, product, activity or lead), or None when it is not set.
    fn custom_field(
        &self,
        py: Python<'_>,
        record: &Bound<'_, Record>,
        name: &str,
    ) -> PyResult<Option<PyCustomValue>> {
        self.custom_field_of(py, record, name)
    }

    /// Every custom field set on a record, by field name.
    fn custom_field_values<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, Record>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let record = record.get();
        let entity = custom::entity_of_model(py, record.model_name(py))?;
        let registry = self.registry(py)?;
        custom::read_all(py, &registry, entity, record.map(py)?)
    }

    /// The 40-character key of the custom field `name` of `kind` (`"deal"`, ...).
    fn custom_field_key(&self, py: Python<'_>, kind: &str, name: &str) -> PyResult<String> {
        let entity = custom::entity_named(py, kind)?;
        let registry = self.registry(py)?;
        let field = registry
            .field(entity, name)
            .map_err(|e| to_pyerr(py, Error::from(e)))?;
        Ok(field.key.clone().unwrap_or_default())
    }

    /// Custom fields by name as body entries by key (`extra=`), for calls without a
    /// `custom_fields` keyword.
    fn custom_field_entries(
        &self,
        py: Python<'_>,
        kind: &str,
        values: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let entity = custom::entity_named(py, kind)?;
        if entity == FieldEntity::Project {
            // Projects exist only in v2, whose bodies take custom fields in one object.
            return Err(invalid_input(
                py,
                "project fields are not `extra` entries: give them by name with custom_fields= of client.v2.projects.create/update",
            ));
        }
        let registry = self.registry(py)?;
        let map = custom::entries(py, &registry, entity, CustomLayout::Flat, values)?;
        Ok(crate::values::to_py(
            py,
            &serde_json::Value::Object(map),
            crate::values::Mode::Plain,
            None,
        )?
        .unbind())
    }

    /// Loads the field definitions again (after fields were added or changed).
    fn refresh_custom_fields(&self, py: Python<'_>) -> PyResult<()> {
        let transport = self.transport(py)?;
        detach(py, || self.fields.refresh(&transport))?
            .map(drop)
            .map_err(|e| to_pyerr(py, e))
    }

    fn __repr__(&self) -> String {
        match &*self.transport.read().unwrap_or_else(|p| p.into_inner()) {
            Some(t) => format!("<pipedrive_rs._native.Client base_url={:?}>", t.base_url()),
            None => "<pipedrive_rs._native.Client closed>".to_owned(),
        }
    }
}

/// Sends one request and returns its `data` as Python values (objects as lazy `Record`s
/// of `kind`); `saved`: the record the operation answered with by itself, which must
/// carry its id (see [`check_saved`]).
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
    saved: bool,
) -> PyResult<Py<PyAny>> {
    let (result, elapsed) = detach(py, || {
        let started = Instant::now();
        // Kept as text: objects are read field by field when Python asks.
        let r = transport
            .call_full::<Option<Box<RawValue>>>(req)
            .map(|r| (r.status, r.data));
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
            let checked = if saved {
                check_saved(py, kind, data.as_deref())
            } else {
                Ok(())
            };
            match data {
                Some(raw) => {
                    let value = raw_to_py(py, raw, model.as_ref(), DATA_DEPTH)?;
                    checked?;
                    Ok(value.unbind())
                }
                None => checked.map(|()| py.None()),
            }
        }
        Err(e) => {
            log_exchange(py, req, &error_outcome(&e), elapsed);
            Err(to_pyerr(py, e))
        }
    }
}
