//! Lazy pagination for Python: `Pager` yields items, `Pager.pages()` yields `Page`s.
//!
//! The stop rules are those of `pipedrive_transport::Paginator` (end on an empty page,
//! when the server says there is nothing more, when `next_start` does not move forward,
//! or when a cursor repeats). The loop is repeated here rather than wrapping that type so
//! that every page request can be logged with its exact query and HTTP status, and so
//! that pages stay raw JSON until Python touches them.
use crate::client::{error_outcome, log_exchange, rate_limit_dict};
use crate::errors::{detach, to_pyerr};
use crate::models::{ADDITIONAL_DATA, Model, search_hit_model};
use crate::raw::{ListItems, SearchItems};
use crate::record::{DATA_DEPTH, ITEM_DEPTH, into_py, raw_to_py};
use pipedrive_transport::{Error, RateLimit, Request, Transport};
use pipedrive_types::AdditionalData;
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

/// What came with the items of the page being consumed.
#[derive(Debug, Default)]
pub struct Meta {
    /// The received text, so that `Page.additional_data` is exactly what the server sent
    /// (key order and nulls included), not a re-encoding of the typed block.
    additional_data: Option<Box<RawValue>>,
    related_objects: Option<Map<String, Value>>,
    rate_limit: RateLimit,
}

/// The mutable part of a pager, behind a mutex so one pager can be shared by threads.
#[derive(Debug)]
pub struct PagerState {
    transport: Transport,
    request: Request,
    search: bool,
    items: std::vec::IntoIter<Box<RawValue>>,
    meta: Option<Meta>,
    done: bool,
    seen_cursors: HashSet<String>,
}

/// The log facts of one page request, reported once the GIL is back.
struct Fetched {
    request: Request,
    elapsed: Duration,
    outcome: Result<u16, Error>,
}

impl PagerState {
    pub fn new(transport: Transport, request: Request, search: bool) -> Self {
        let mut seen_cursors = HashSet::new();
        if let Some(c) = query_value(&request, "cursor") {
            seen_cursors.insert(c.to_owned());
        }
        PagerState {
            transport,
            request,
            search,
            items: Vec::new().into_iter(),
            meta: None,
            done: false,
            seen_cursors,
        }
    }

    /// Fetches the next page into `items`; runs without the GIL.
    fn fetch(&mut self) -> Fetched {
        let request = self.request.clone();
        let started = Instant::now();
        // Items stay JSON text, split from the page while it is decoded.
        let result = if self.search {
            fetch_page(&self.transport, &self.request, |d: SearchItems| d.0)
        } else {
            fetch_page(&self.transport, &self.request, |d: ListItems| d.0)
        };
        let outcome = match result {
            Ok(page) => {
                self.advance(page.items.len(), page.additional_data.as_ref());
                self.items = page.items.into_iter();
                self.meta = Some(Meta {
                    additional_data: page.additional_data_raw,
                    related_objects: page.related_objects,
                    rate_limit: page.rate_limit,
                });
                Ok(page.status)
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        };
        Fetched {
            request,
            elapsed: started.elapsed(),
            outcome,
        }
    }

    /// Points the request at the next page, or marks the end.
    fn advance(&mut self, count: usize, additional: Option<&AdditionalData>) {
        if count == 0 {
            self.done = true;
            return;
        }
        let cursor = additional
            .and_then(|a| a.next_cursor.as_deref())
            .filter(|c| !c.is_empty());
        if let Some(cursor) = cursor {
            if self.seen_cursors.insert(cursor.to_owned()) {
                set_query(&mut self.request, "cursor", cursor.to_owned());
            } else {
                self.done = true;
            }
            return;
        }
        match additional.and_then(|a| a.pagination.as_ref()) {
            Some(p) if p.has_more() => {
                let current = query_value(&self.request, "start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                let next = p
                    .next_offset()
                    .unwrap_or_else(|| current.saturating_add(count as u64));
                if next > current {
                    set_query(&mut self.request, "start", next.to_string());
                } else {
                    self.done = true;
                }
            }
            _ => self.done = true,
        }
    }
}

/// One decoded page.
struct RawPage {
    items: Vec<Box<RawValue>>,
    additional_data: Option<AdditionalData>,
    additional_data_raw: Option<Box<RawValue>>,
    related_objects: Option<Map<String, Value>>,
    rate_limit: RateLimit,
    status: u16,
}

/// Sends one page request, decoding `data` as `D` (which splits it into item texts).
fn fetch_page<D: DeserializeOwned>(
    transport: &Transport,
    request: &Request,
    items: fn(D) -> Vec<Box<RawValue>>,
) -> Result<RawPage, Error> {
    transport.call_full::<Option<D>>(request).map(|r| RawPage {
        items: r.data.map(items).unwrap_or_default(),
        additional_data: r.additional_data,
        additional_data_raw: r.additional_data_raw,
        related_objects: r.related_objects,
        rate_limit: r.rate_limit,
        status: r.status,
    })
}

fn query_value<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn set_query(req: &mut Request, name: &str, value: String) {
    req.query.retain(|(k, _)| k != name);
    req.query.push((name.to_owned(), value));
}

fn lock(m: &Mutex<PagerState>) -> MutexGuard<'_, PagerState> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A lazy iterator over every item of a list endpoint. Pages are fetched one at a time,
/// with the GIL released, when the first item of the next page is needed.
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Pager")]
#[derive(Debug)]
pub struct Pager {
    state: Mutex<PagerState>,
    model: Option<Arc<Model>>,
}

impl Pager {
    pub fn new(state: PagerState, item_model: Option<Arc<Model>>, search: bool) -> Self {
        let model = if search {
            Some(search_hit_model(item_model))
        } else {
            item_model
        };
        Pager {
            state: Mutex::new(state),
            model,
        }
    }

    /// Runs `f` on the locked state. The lock is only ever waited for without the GIL, and
    /// never held while waiting for the GIL, so threads sharing a pager cannot deadlock.
    fn with_state<R>(&self, py: Python<'_>, f: impl FnOnce(&mut PagerState) -> R) -> PyResult<R> {
        loop {
            match self.state.try_lock() {
                Ok(mut g) => return Ok(f(&mut g)),
                Err(TryLockError::Poisoned(p)) => return Ok(f(&mut p.into_inner())),
                Err(TryLockError::WouldBlock) => {
                    detach(py, || drop(lock(&self.state)))?;
                }
            }
        }
    }

    /// Fetches a page without the GIL, then logs it; Err ends the iteration.
    fn fetch(&self, py: Python<'_>, state: &mut PagerState) -> PyResult<()> {
        let fetched = detach(py, || state.fetch())?;
        match fetched.outcome {
            Ok(status) => {
                let n = state.items.len();
                log_exchange(
                    py,
                    &fetched.request,
                    &format!("{status} ({n} item{})", if n == 1 { "" } else { "s" }),
                    fetched.elapsed,
                );
                Ok(())
            }
            Err(e) => {
                log_exchange(py, &fetched.request, &error_outcome(&e), fetched.elapsed);
                Err(to_pyerr(py, e))
            }
        }
    }

    fn next_item(&self, py: Python<'_>) -> PyResult<Option<Box<RawValue>>> {
        loop {
            let step = self.with_state(py, |st| -> PyResult<Option<Option<Box<RawValue>>>> {
                if let Some(v) = st.items.next() {
                    return Ok(Some(Some(v)));
                }
                if st.done {
                    return Ok(Some(None));
                }
                self.fetch(py, st)?;
                Ok(None)
            })??;
            if let Some(item) = step {
                return Ok(item);
            }
        }
    }

    fn next_page(&self, py: Python<'_>) -> PyResult<Option<(Vec<Box<RawValue>>, Meta)>> {
        self.with_state(py, |st| {
            let buffered: Vec<Box<RawValue>> = st.items.by_ref().collect();
            if !buffered.is_empty() {
                return Ok(Some((buffered, st.meta.take().unwrap_or_default())));
            }
            if st.done {
                return Ok(None);
            }
            self.fetch(py, st)?;
            let items: Vec<Box<RawValue>> = st.items.by_ref().collect();
            Ok(Some((items, st.meta.take().unwrap_or_default())))
        })?
    }
}

#[pymethods]
impl Pager {
    /// `Pager[T]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> Bound<'py, pyo3::types::PyType> {
        let _ = item;
        cls.clone()
    }

    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match self.next_item(py)? {
            Some(v) => Ok(Some(
                raw_to_py(py, v, self.model.as_ref(), ITEM_DEPTH)?.unbind(),
            )),
            None => Ok(None),
        }
    }

    /// Iterates whole pages instead of items. Items already fetched but not yet consumed
    /// come first, as a page of their own.
    fn pages(slf: Bound<'_, Self>) -> PageIterator {
        PageIterator {
            pager: slf.unbind(),
        }
    }

    /// Consumes the rest of the iteration into a list.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        while let Some(v) = self.next_item(py)? {
            list.append(raw_to_py(py, v, self.model.as_ref(), ITEM_DEPTH)?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        match self.state.try_lock() {
            Ok(st) => format!(
                "<Pager {} {} buffered={} done={}>",
                crate::client::method_label(st.request.method),
                st.request.path,
                st.items.len(),
                st.done
            ),
            Err(_) => "<Pager (busy)>".to_owned(),
        }
    }
}

/// Iterator of `Page`s; see `Pager.pages()`.
#[pyclass(frozen, module = "pipedrive_rs._native", name = "PageIterator")]
#[derive(Debug)]
pub struct PageIterator {
    pager: Py<Pager>,
}

#[pymethods]
impl PageIterator {
    /// `PageIterator[T]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> Bound<'py, pyo3::types::PyType> {
        let _ = item;
        cls.clone()
    }

    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Page>> {
        let pager = self.pager.bind(py).get();
        let Some((items, meta)) = pager.next_page(py)? else {
            return Ok(None);
        };
        let list = PyList::empty(py);
        for v in items {
            list.append(raw_to_py(py, v, pager.model.as_ref(), ITEM_DEPTH)?)?;
        }
        let additional_data = match meta.additional_data {
            // `additional_data` sits one level inside the envelope, like `data`.
            Some(raw) => raw_to_py(py, raw, Some(&*ADDITIONAL_DATA), DATA_DEPTH)?.unbind(),
            None => py.None(),
        };
        let related_objects = match meta.related_objects {
            Some(m) => into_py(py, Value::Object(m), None)?,
            None => py.None(),
        };
        Ok(Some(Page {
            items: list.unbind(),
            additional_data,
            related_objects,
            rate_limit: rate_limit_dict(py, &meta.rate_limit)?.into_any().unbind(),
        }))
    }
}

/// One page of a list: its items plus what the server sent beside them.
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Page")]
#[derive(Debug)]
pub struct Page {
    /// The items, in server order.
    #[pyo3(get)]
    items: Py<PyList>,
    /// Pagination block and endpoint extras (`Record` or None).
    #[pyo3(get)]
    additional_data: Py<PyAny>,
    /// Objects referenced by the items, keyed by kind then id (`Record` or None).
    #[pyo3(get)]
    related_objects: Py<PyAny>,
    /// The rate-limit headers of the response that carried this page.
    #[pyo3(get)]
    rate_limit: Py<PyAny>,
}

#[pymethods]
impl Page {
    /// `Page[T]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> Bound<'py, pyo3::types::PyType> {
        let _ = item;
        cls.clone()
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.items.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.items.bind(py).as_any().try_iter().map(Bound::into_any)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<Page items={}>", self.items.bind(py).len())
    }
}
