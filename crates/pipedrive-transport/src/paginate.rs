//! Lazy pagination over list endpoints: v1 `start`/`limit` and v2 `cursor`.
use crate::{Error, RateLimit, Request, Result, Transport};
use pipedrive_types::{AdditionalData, PageData};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

/// One page of a list, with what the server sent beside the items.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Page<T> {
    /// Items of this page, in server order.
    pub items: Vec<T>,
    /// Pagination block and endpoint-specific extras.
    pub additional_data: Option<AdditionalData>,
    /// Objects referenced by the items, keyed by kind then id.
    pub related_objects: Option<Map<String, Value>>,
    /// The rate-limit headers of the response that carried this page.
    pub rate_limit: RateLimit,
    /// `additional_data` exactly as received (key order, nulls, number forms).
    pub additional_data_raw: Option<Box<RawValue>>,
    /// The HTTP status of the response that carried this page (0 for items handed out
    /// before [`Paginator::pages`] was called).
    pub status: u16,
}

struct Meta {
    additional_data: Option<AdditionalData>,
    additional_data_raw: Option<Box<RawValue>>,
    related_objects: Option<Map<String, Value>>,
    rate_limit: RateLimit,
    status: u16,
}

/// Lazy iterator over every item of a list endpoint; only one page is in memory at a
/// time, and a page is only fetched when its first item is needed.
///
/// It ends when the server says there is nothing more, on an empty page, when
/// `next_start` does not move forward, or when a cursor repeats, so a misbehaving
/// server cannot make it loop. An error is yielded once and stops the iteration where it
/// was: [`Paginator::resume`] lets the next call fetch the page that failed again, so a
/// walk interrupted by a transient failure (a 503, a timeout) can go on without
/// skipping or repeating items.
///
/// ```no_run
/// use pipedrive_transport::{Config, Method, Request, Transport};
///
/// let transport = Transport::new(Config::from_env()?)?;
/// let req = Request::new(Method::Get, "/deals").query("limit", &100)?;
/// for deal in transport.paginate::<Vec<serde_json::Value>>(req) {
///     println!("{}", deal?["title"]);
/// }
/// # Ok::<_, pipedrive_transport::Error>(())
/// ```
pub struct Paginator<D: PageData> {
    state: PageState,
    items: std::vec::IntoIter<D::Item>,
    _data: PhantomData<fn() -> D>,
}

/// Where a paginator stands: everything that does not depend on the item type, so it
/// exists once in the binary instead of once per listed type.
pub(crate) struct PageState {
    /// `None` once [`Pages::detach`]ed: each fetch then uses the transport its caller gives.
    transport: Option<Transport>,
    pub(crate) request: Request,
    meta: Option<Meta>,
    pub(crate) done: bool,
    /// The last fetch failed; the request still points at the page that failed.
    failed: bool,
    seen_cursors: HashSet<String>,
}

impl<D: PageData> fmt::Debug for Paginator<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("request", &self.state.request)
            .field("buffered", &self.items.len())
            .field("done", &self.state.done)
            .field("failed", &self.state.failed)
            .finish()
    }
}

impl<D: PageData> Paginator<D> {
    /// Starts at the request's own `start`/`cursor` (or the beginning), keeping any
    /// `limit` it already has.
    pub fn new(transport: Transport, request: Request) -> Self {
        Paginator {
            state: PageState::new(transport, request),
            items: Vec::new().into_iter(),
            _data: PhantomData,
        }
    }

    /// Turns the item iterator into a page iterator. Items already fetched but not yet
    /// consumed come first, as a page of their own.
    pub fn pages(self) -> Pages<D> {
        Pages { inner: self }
    }

    /// After an error, lets the next call fetch the page that failed again (the walk
    /// resumes where it stopped, nothing skipped or repeated). Does nothing otherwise.
    pub fn resume(&mut self) {
        self.state.failed = false;
    }

    /// Whether the last fetch failed and the walk is stopped at the page that failed.
    pub fn stopped_by_error(&self) -> bool {
        self.state.failed
    }

    fn fetch(&mut self, via: Option<&Transport>) -> Option<Result<Page<D::Item>>> {
        if self.state.done || self.state.failed {
            return None;
        }
        let Some(transport) = via.or(self.state.transport.as_ref()) else {
            return Some(Err(Error::InvalidInput(
                "this pager was detached from its client; fetch through the client".to_owned(),
            )));
        };
        let response = match transport.call_full::<Option<D>>(&self.state.request) {
            Ok(r) => r,
            Err(e) => {
                self.state.failed = true;
                return Some(Err(e));
            }
        };
        let items = response.data.map(PageData::into_items).unwrap_or_default();
        self.state
            .advance(items.len(), response.additional_data.as_ref());
        Some(Ok(Page {
            items,
            additional_data: response.additional_data,
            related_objects: response.related_objects,
            rate_limit: response.rate_limit,
            additional_data_raw: response.additional_data_raw,
            status: response.status,
        }))
    }
}

impl PageState {
    pub(crate) fn new(transport: Transport, request: Request) -> Self {
        let mut seen_cursors = HashSet::new();
        if let Some(c) = request.query_value("cursor") {
            seen_cursors.insert(c.to_owned());
        }
        PageState {
            transport: Some(transport),
            request,
            meta: None,
            done: false,
            failed: false,
            seen_cursors,
        }
    }

    /// Points the request at the next page, or marks the end.
    pub(crate) fn advance(&mut self, count: usize, additional: Option<&AdditionalData>) {
        if count == 0 {
            self.done = true;
            return;
        }
        let cursor = additional
            .and_then(|a| a.next_cursor.as_deref())
            .filter(|c| !c.is_empty());
        if let Some(cursor) = cursor {
            if self.seen_cursors.insert(cursor.to_owned()) {
                self.request.set_query("cursor", cursor.to_owned());
            } else {
                self.done = true;
            }
            return;
        }
        match additional.and_then(|a| a.pagination.as_ref()) {
            Some(p) if p.has_more() => {
                let current = self
                    .request
                    .query_value("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                let next = p
                    .next_offset()
                    .unwrap_or_else(|| current.saturating_add(count as u64));
                if next > current {
                    self.request.set_query("start", next.to_string());
                } else {
                    self.done = true;
                }
            }
            _ => self.done = true,
        }
    }

    /// What came with the items being handed out one by one, for the page that
    /// [`Pages`] makes of the rest of them.
    fn take_meta(&mut self) -> Meta {
        self.meta.take().unwrap_or_else(|| Meta {
            additional_data: None,
            additional_data_raw: None,
            related_objects: None,
            rate_limit: RateLimit::default(),
            status: 0,
        })
    }
}

impl<D: PageData> Iterator for Paginator<D> {
    type Item = Result<D::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            match self.fetch(None)? {
                Ok(page) => {
                    self.items = page.items.into_iter();
                    self.state.meta = Some(Meta {
                        additional_data: page.additional_data,
                        additional_data_raw: page.additional_data_raw,
                        related_objects: page.related_objects,
                        rate_limit: page.rate_limit,
                        status: page.status,
                    });
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Iterator over whole pages of a list; see [`Paginator::pages`].
pub struct Pages<D: PageData> {
    inner: Paginator<D>,
}

impl<D: PageData> fmt::Debug for Pages<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("inner", &self.inner).finish()
    }
}

impl<D: PageData> Pages<D> {
    /// The request the next page will be fetched with (its `start` or `cursor` already
    /// moved on); a binding logs it.
    pub fn next_request(&self) -> &Request {
        &self.inner.state.request
    }

    /// Whether the iteration is over (nothing buffered, nothing more to fetch). A walk
    /// stopped by an error is not over: see [`Pages::resume`].
    pub fn is_done(&self) -> bool {
        self.inner.state.done && self.inner.items.len() == 0
    }

    /// See [`Paginator::resume`].
    pub fn resume(&mut self) {
        self.inner.resume();
    }

    /// See [`Paginator::stopped_by_error`].
    pub fn stopped_by_error(&self) -> bool {
        self.inner.stopped_by_error()
    }

    /// The next page as a binding hands it out: like [`Iterator::next`], except that a
    /// call after an error fetches the page that failed again, so a caller that catches
    /// the error and asks again goes on where the walk stopped (the bindings' rule; a Rust
    /// caller says so with [`Pages::resume`]).
    pub fn next_resuming(&mut self) -> Option<Result<Page<D::Item>>> {
        self.resume();
        self.next()
    }

    /// Lets go of the transport (and so of its share of the connection pool): from now
    /// on pages are fetched only through [`Pages::next_resuming_via`]. A binding whose
    /// client can be closed while a pager is alive keeps pagers this way, so that
    /// closing the client closes every connection.
    pub fn detach(&mut self) {
        self.inner.state.transport = None;
    }

    /// [`Pages::next_resuming`], fetching with `transport` (the client's, looked up for
    /// this call) instead of the one the pages were made with.
    pub fn next_resuming_via(&mut self, transport: &Transport) -> Option<Result<Page<D::Item>>> {
        self.resume();
        if let Some(page) = self.buffered() {
            return Some(Ok(page));
        }
        self.inner.fetch(Some(transport))
    }

    /// The items fetched but not yet handed out, as a page of their own.
    fn buffered(&mut self) -> Option<Page<D::Item>> {
        let buffered: Vec<D::Item> = self.inner.items.by_ref().collect();
        if buffered.is_empty() {
            return None;
        }
        let meta = self.inner.state.take_meta();
        Some(Page {
            items: buffered,
            additional_data: meta.additional_data,
            related_objects: meta.related_objects,
            rate_limit: meta.rate_limit,
            additional_data_raw: meta.additional_data_raw,
            status: meta.status,
        })
    }
}

impl<D: PageData> Iterator for Pages<D> {
    type Item = Result<Page<D::Item>>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(page) = self.buffered() {
            return Some(Ok(page));
        }
        self.inner.fetch(None)
    }
}
