//! The sales side of Pipedrive: deals, deal fields, leads, activities, activity types,
//! activity fields and stages.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint. Most users reach
//! them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), pipedrive::Error> {
//! use pipedrive::sales::v2::{CreateDeal, ListDeals, ListDealsStatus};
//!
//! let client = pipedrive::Client::from_env()?;
//! let deal = client.v2().deals().create(&CreateDeal::new("Forty licences"))?;
//! println!("created deal {}", deal.id);
//!
//! let open = ListDeals { status: Some(ListDealsStatus::Open), ..Default::default() };
//! for deal in client.v2().deals().list(&open) {
//!     let deal = deal?;
//!     println!("{:?} {:?}", deal.id, deal.title);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The endpoint code is generated from the API reference by `pipedrive-codegen`; list
//! methods return a lazy [`Paginator`] that fetches one page at a time. Deals, activities
//! and stages are served by API v2 ([`v2`]); their v1 methods are `#[deprecated]`.
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
