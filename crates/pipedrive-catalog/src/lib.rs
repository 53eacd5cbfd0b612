//! The catalog domain of pipedrive-rs: products, product fields and currencies.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the API reference by `pipedrive-codegen`; list methods return a lazy [`Paginator`].
//! Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use pipedrive::catalog::ListCurrencies;
//! use pipedrive::catalog::v2::{CreateProduct, SearchProducts};
//!
//! let client = pipedrive::Client::from_env()?;
//! // Products are served by API v2; their v1 methods are `#[deprecated]`.
//! let product = client.v2().products().create(&CreateProduct::new("Licence"))?;
//! println!("created product {}", product.id);
//! for hit in client.v2().products().search(&SearchProducts::new("Licence")) {
//!     println!("{:?}", hit?.item.name);
//! }
//! // Currencies come in one response; the list is a paginator all the same.
//! for currency in client.currencies().list(&ListCurrencies::new()) {
//!     println!("{:?}", currency?.code);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
