//! Lazy pagination for Python: `Pager` yields items, `Pager.pages()` yields `Page`s.
//!
//! Pages come from the transport's paginator (one set of stop rules for every surface),
//! over item texts ([`RawItems`], [`RawHits`]), so records stay raw JSON until Python
//! touches them; each page request is logged with its exact query and HTTP status.
use crate::custom::link;
use crate::errors::{detach, to_pyerr};
use crate::log::{error_outcome, log_exchange};
use crate::models::{ADDITIONAL_DATA, Model, search_hit_model};
use crate::rate_limit::rate_limit_dict;
use crate::values::{DATA_DEPTH, ITEM_DEPTH, into_py, raw_to_py};
use pipedrive_transport::{Error, Page as TransportPage, Pages, RateLimit, Request, Transport};
use pipedrive_types::{RawHits, RawItems};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
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

/// The transport's page iterator over item texts: plain lists, or search hits.
enum Source {
    List(Pages<RawItems>),
    Search(Pages<RawHits>),
}

impl Source {
    /// The next page; after an error, the page that failed again (the transport's rule
    /// for bindings, [`Pages::next_resuming`]).
    fn next(&mut self) -> Option<pipedrive_transport::Result<TransportPage<Box<RawValue>>>> {
        match self {
            Source::List(p) => p.next_resuming(),
            Source::Search(p) => p.next_resuming(),
        }
    }

    fn next_request(&self) -> &Request {
        match self {
            Source::List(p) => p.next_request(),
            Source::Search(p) => p.next_request(),
        }
    }

    fn is_done(&self) -> bool {
        match self {
            Source::List(p) => p.is_done(),
            Source::Search(p) => p.is_done(),
        }
    }
}

/// The mutable part of a pager, behind a mutex so one pager can be shared by threads.
/// The stop rules are the transport's ([`pipedrive_transport::Paginator`]); this only
/// keeps the current page's items as text until Python reads them.
pub struct PagerState {
    source: Source,
    items: std::vec::IntoIter<Box<RawValue>>,
    meta: Option<Meta>,
}

impl std::fmt::Debug for PagerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PagerState")
            .field("request", self.source.next_request())
            .field("buffered", &self.items.len())
            .finish()
    }
}

/// The log facts of one page request, reported once the GIL is back.
struct Fetched {
    request: Request,
    elapsed: Duration,
    outcome: Result<u16, Error>,
}

impl PagerState {
    pub fn new(transport: Transport, request: Request, search: bool) -> Self {
        let source = if search {
            Source::Search(transport.paginate::<RawHits>(request).pages())
        } else {
            Source::List(transport.paginate::<RawItems>(request).pages())
        };
        PagerState {
            source,
            items: Vec::new().into_iter(),
            meta: None,
        }
    }

    fn done(&self) -> bool {
        self.source.is_done()
    }

    /// Fetches the next page into `items`; runs without the GIL.
    fn fetch(&mut self) -> Fetched {
        let request = self.source.next_request().clone();
        let started = Instant::now();
        let outcome = match self.source.next() {
            None => Ok(0),
            Some(Ok(page)) => {
                self.items = page.items.into_iter();
                self.meta = Some(Meta {
                    additional_data: page.additional_data_raw,
                    related_objects: page.related_objects,
                    rate_limit: page.rate_limit,
                });
                Ok(page.status)
            }
            Some(Err(e)) => Err(e),
        };
        Fetched {
            request,
            elapsed: started.elapsed(),
            outcome,
        }
    }
}

fn lock(m: &Mutex<PagerState>) -> MutexGuard<'_, PagerState> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A lazy iterator over every item of a list endpoint. Pages are fetched one at a time,
/// with the GIL released, when the first item of the next page is needed.
#[pyclass(frozen, subclass, module = "pipedrive_rs._native", name = "Pager")]
#[derive(Debug)]
pub struct Pager {
    state: Mutex<PagerState>,
    model: Option<Arc<Model>>,
    /// The client whose call made this pager; its records can then name custom fields.
    owner: Option<Py<crate::client::Client>>,
}

impl Pager {
    pub fn new(
        py: Python<'_>,
        state: PagerState,
        item_model: Option<Arc<Model>>,
        search: bool,
    ) -> Self {
        let model = if search {
            Some(search_hit_model(py, item_model))
        } else {
            item_model
        };
        Pager {
            state: Mutex::new(state),
            model,
            owner: None,
        }
    }

    /// Links the items to the client that lists them (`record.custom_field(name)`).
    pub fn owned_by(mut self, client: Py<crate::client::Client>) -> Self {
        self.owner = Some(client);
        self
    }

    /// An item as Python, linked to the client.
    fn item<'py>(
        &self,
        py: Python<'py>,
        v: Box<RawValue>,
        model: Option<&Arc<Model>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let obj = raw_to_py(py, v, model, ITEM_DEPTH)?;
        if let Some(owner) = &self.owner {
            link(&obj, owner);
        }
        Ok(obj)
    }

    /// The Python object for a list (`Pager`) or a search (`SearchHits`, a `Pager` of
    /// hits with `first()`).
    pub fn into_object(self, py: Python<'_>, search: bool) -> PyResult<Py<PyAny>> {
        if search {
            let init = PyClassInitializer::from(self).add_subclass(SearchHits);
            Ok(Bound::new(py, init)?.into_any().unbind())
        } else {
            Ok(Bound::new(py, self)?.into_any().unbind())
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

    /// Fetches a page without the GIL, then logs it. An Err is raised and the pager stays
    /// at the page that failed: iterating again fetches it again.
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
                if st.done() {
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
            if st.done() {
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
            Some(v) => Ok(Some(self.item(py, v, self.model.as_ref())?.unbind())),
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
            list.append(self.item(py, v, self.model.as_ref())?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        match self.state.try_lock() {
            Ok(st) => format!(
                "<Pager {} {} buffered={} done={}>",
                st.source.next_request().method.as_str(),
                st.source.next_request().path,
                st.items.len(),
                st.done()
            ),
            Err(_) => "<Pager (busy)>".to_owned(),
        }
    }
}

/// The hits of a search: a `Pager` whose items are `SearchHit`s (`.item`,
/// `.result_score`), plus `first()` for the best match alone.
#[pyclass(frozen, extends = Pager, module = "pipedrive_rs._native", name = "SearchHits")]
#[derive(Debug)]
pub struct SearchHits;

#[pymethods]
impl SearchHits {
    /// The matched object of the next hit — on a fresh search, the best match — or None
    /// when nothing (more) matches. Fetches at most one page.
    fn first(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PyAny>>> {
        let py = slf.py();
        let pager: &Pager = slf.as_super().get();
        match pager.next_item(py)? {
            None => Ok(None),
            Some(raw) => {
                let hit = pager.item(py, raw, pager.model.as_ref())?;
                let item = hit.getattr("item")?;
                if let Some(owner) = &pager.owner {
                    link(&item, owner);
                }
                Ok(Some(item.unbind()))
            }
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> String {
        let inner = slf.as_super().get().__repr__();
        inner.replacen("<Pager", "<SearchHits", 1)
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
            list.append(pager.item(py, v, pager.model.as_ref())?)?;
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

    /// The same page without its first `start` items (what an async pager still owes
    /// its caller when `pages()` follows a partly consumed page).
    fn _tail(&self, py: Python<'_>, start: usize) -> PyResult<Page> {
        let items = self.items.bind(py);
        let rest = items.get_slice(start.min(items.len()), items.len());
        Ok(Page {
            items: PyList::new(py, rest.iter())?.unbind(),
            additional_data: self.additional_data.clone_ref(py),
            related_objects: self.related_objects.clone_ref(py),
            rate_limit: self.rate_limit.clone_ref(py),
        })
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.items.bind(py).as_any().try_iter().map(Bound::into_any)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<Page items={}>", self.items.bind(py).len())
    }
}
