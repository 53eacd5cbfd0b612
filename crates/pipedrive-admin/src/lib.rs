//! The admin domain of pipedrive-rs: users, roles, billing and filters.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the API reference by `pipedrive-codegen`; list methods return a lazy [`Paginator`].
//! Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = pipedrive::Client::from_env()?;
//! let me = client.users().me()?;
//! println!("signed in as {:?}", me.name);
//! for role in client.roles().list(&pipedrive::admin::ListRoles::default()) {
//!     println!("{:?}", role?.name);
//! }
//! // Filters come in one response; the list is a paginator all the same.
//! for filter in client.filters().list(&pipedrive::admin::ListFilters::new()) {
//!     println!("{:?}", filter?.name);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
