//! The contacts domain of pipedrive-rs: persons, person fields and organizations.
//!
//! This crate follows the same layout as `pipedrive-sales`: a `generated` module per
//! resource, written by `pipedrive-codegen` from the API reference and the committed
//! operation map, re-exported at the crate root. Its endpoints are being brought in
//! resource by resource; until then it only re-exports the shared error and paginator
//! types so dependents can already name them.
#![deny(missing_docs)]

pub use pipedrive_transport::{Error, Paginator, Result};
