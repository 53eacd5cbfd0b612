//! The contacts domain of pipedrive-rs: persons, person fields and organizations.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the API reference by `pipedrive-codegen`; list methods return a lazy [`Paginator`].
//! Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use pipedrive::contacts::v2::{CreateOrganization, CreatePerson, SearchPersons};
//!
//! // Persons and organizations are served by API v2; their v1 methods are `#[deprecated]`.
//! let client = pipedrive::Client::from_env()?;
//! let org = client.v2().organizations().create(&CreateOrganization::new("Acme Ltd"))?;
//! let mut person = CreatePerson::new();
//! person.name = Some("Ada Lovelace".into());
//! person.org_id = Some(org.id);
//! let person = client.v2().persons().create(&person)?;
//! println!("created person {}", person.id);
//!
//! for hit in client.v2().persons().search(&SearchPersons::new("Ada")) {
//!     println!("{:?}", hit?.item.name);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
