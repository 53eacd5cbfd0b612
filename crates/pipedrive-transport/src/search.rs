//! The hits of a search endpoint, walked lazily, and the first match.
use crate::{Pages, Paginator, Request, Result, Transport};
use pipedrive_types::{SearchHit, SearchResults};
use serde::de::DeserializeOwned;
use std::fmt;

/// Lazy iterator over the hits of a search endpoint (`/deals/search`, `/itemSearch`, ...):
/// each hit is a [`SearchHit`] whose `item` is the matched object and whose
/// `result_score` says how well it matched, best first. Pages are fetched as needed, with
/// the stop rules of [`Paginator`].
///
/// [`first`](SearchHits::first) takes the best match alone.
///
/// ```no_run
/// # fn run(hits: pipedrive_transport::SearchHits<pipedrive_types::OrganizationSearchItem>) -> pipedrive_transport::Result<()> {
/// for hit in hits.take(5) {
///     let hit = hit?;
///     println!("{:?} scored {:?}", hit.item.name, hit.score());
/// }
/// # Ok(())
/// # }
/// ```
pub struct SearchHits<T: DeserializeOwned> {
    inner: Paginator<SearchResults<T>>,
}

impl<T: DeserializeOwned> fmt::Debug for SearchHits<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchHits")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<T: DeserializeOwned> SearchHits<T> {
    /// Hits of the search `request`, starting at its own `start`/`cursor`.
    pub fn new(transport: Transport, request: Request) -> Self {
        SearchHits {
            inner: Paginator::new(transport, request),
        }
    }

    /// The matched object of the best hit, or `None` when nothing matches. Sends at most
    /// one request (the first page), whatever its size.
    ///
    /// ```no_run
    /// # fn run(hits: pipedrive_transport::SearchHits<pipedrive_types::OrganizationSearchItem>) -> pipedrive_transport::Result<()> {
    /// match hits.first()? {
    ///     Some(org) => println!("found {:?}", org.id),
    ///     None => println!("no match"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn first(mut self) -> Result<Option<T>> {
        self.inner.next().transpose().map(|hit| hit.map(|h| h.item))
    }

    /// Whole pages of hits instead of single hits; hits already fetched but not yet
    /// consumed come first, as a page of their own.
    pub fn pages(self) -> Pages<SearchResults<T>> {
        self.inner.pages()
    }
}

impl<T: DeserializeOwned> Iterator for SearchHits<T> {
    type Item = Result<SearchHit<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

impl<T: DeserializeOwned> From<Paginator<SearchResults<T>>> for SearchHits<T> {
    fn from(inner: Paginator<SearchResults<T>>) -> Self {
        SearchHits { inner }
    }
}
