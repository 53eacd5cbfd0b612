//! HTTP transport for pipedrive-rs (SKELETON: the public API below is the contract the
//! generated endpoint code compiles against; bodies are being implemented).
#![deny(missing_docs)]

pub mod request;
pub mod paginate;

pub use paginate::{Page, Paginator};
pub use request::{segment, Body, Method, Multipart, Part, Request};

use serde::de::DeserializeOwned;
use std::io::Write;

/// Errors of every call (to be completed).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// placeholder
    InvalidInput(String),
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shared HTTP client (to be completed).
#[derive(Debug, Clone)]
pub struct Transport {}

impl Transport {
    /// Sends `req` and decodes the envelope's `data` as `T`.
    pub fn call<T: DeserializeOwned>(&self, req: &Request) -> Result<T> {
        let _ = req;
        Err(Error::InvalidInput("unimplemented".into()))
    }
    /// A lazy paginator over a v1 list endpoint.
    pub fn paginate<D: pipedrive_types::PageData>(&self, req: Request) -> Paginator<D> {
        Paginator::new(self.clone(), req)
    }
    /// Streams a binary response body into `out`, returning the byte count.
    pub fn download(&self, req: &Request, out: &mut dyn Write) -> Result<u64> {
        let _ = (req, out);
        Err(Error::InvalidInput("unimplemented".into()))
    }
}
