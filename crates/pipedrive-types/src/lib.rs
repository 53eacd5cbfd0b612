//! Serde types shared by every pipedrive-rs crate.
//!
//! Pipedrive's JSON is loose: ids arrive as `5` or as `{"id":5,"name":..,"value":5}`,
//! flags as `true`, `1` or `"1"`, numbers sometimes as strings, and enums grow new
//! values. The types here decode all of those forms and re-encode what they received,
//! so a model read from the API and written back loses nothing.
#![deny(missing_docs)]

pub mod envelope;
pub mod ids;

pub use envelope::{AdditionalData, Envelope, PageData, Pagination};
pub use ids::*;
