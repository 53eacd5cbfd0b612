//! Lazy pagination over v1 list endpoints (to be completed).
use crate::{Request, Result, Transport};
use pipedrive_types::PageData;

/// One page of a list.
#[derive(Debug)]
pub struct Page<T> {
    /// Items of this page.
    pub items: Vec<T>,
}

/// Lazy iterator over every item of a list endpoint.
#[derive(Debug)]
pub struct Paginator<D: PageData> {
    transport: Transport,
    request: Request,
    _d: std::marker::PhantomData<D>,
}

impl<D: PageData> Paginator<D> {
    /// Starts at the request's `start` (or 0).
    pub fn new(transport: Transport, request: Request) -> Self {
        Self { transport, request, _d: std::marker::PhantomData }
    }
}

impl<D: PageData> Iterator for Paginator<D> {
    type Item = Result<D::Item>;
    fn next(&mut self) -> Option<Self::Item> {
        let _ = (&self.transport, &self.request);
        None
    }
}
