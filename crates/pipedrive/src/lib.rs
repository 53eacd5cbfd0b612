//! A typed, lossless client for the Pipedrive CRM API.
//!
//! One [`Client`] holds the configuration and a pooled HTTP agent; it is cheap to clone
//! and safe to share across threads. Each resource has an accessor returning a handle
//! with one method per endpoint:
//!
//! ```no_run
//! # fn main() -> Result<(), pipedrive::Error> {
//! use pipedrive::{Client, Config};
//! use pipedrive::sales::v2::{CreateDeal, ListDeals};
//!
//! let client = Client::new(Config::with_api_token("your-api-token"))?;
//! let mut new_deal = CreateDeal::new("Forty licences");
//! new_deal.value = Some(4000.into());
//! new_deal.currency = Some("EUR".into());
//! let deal = client.v2().deals().create(&new_deal)?;
//!
//! // Lists are lazy: pages are fetched while you iterate.
//! for deal in client.v2().deals().list(&ListDeals::default()) {
//!     println!("{:?}", deal?.title);
//! }
//! # let _ = deal;
//! # Ok(())
//! # }
//! ```
//!
//! Deals, persons, organizations, products, activities, pipelines and stages are served
//! by API v2 (`client.v2()`); their v1 methods still work but are `#[deprecated]` (as
//! Pipedrive deprecates them), each naming its v2 replacement.
//!
//! Models keep every field they do not know (custom fields included) in `extra`, so what
//! you read can be written back without loss. Custom fields read as typed
//! [`CustomValue`]s (`deal.custom(key)`), are set on any request with
//! [`CustomFieldsMut`] (`upd.set_custom(key, "EMEA")`, `upd.clear_custom(key)`), and are
//! addressed by name through [`Client::custom_fields`]. Errors are one enum, [`Error`]; the API
//! token never appears in its `Debug` or `Display` output.
#![deny(missing_docs)]

mod custom_fields;
mod generated;

pub use custom_fields::FieldCache;
/// Loading field definitions without a [`Client`] (bindings that hold a transport).
pub mod fields {
    pub use crate::custom_fields::load;
}

/// The operation table: every operation as data (see [`operations::operations`]).
pub use generated::V2;
pub use generated::operations;

pub use pipedrive_transport::{
    ApiVersion, ArgError, Args, BASE_URL_ENV_VAR, COMPANY_DOMAIN_ENV_VAR, Config, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IDLE_CONNECTIONS,
    DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY, DEFAULT_READ_TIMEOUT, DEFAULT_RETRY_BASE_DELAY,
    DEFAULT_USER_AGENT, Error, ErrorClass, Method, Page, Paginator, RateLimit, Request, Result,
    SearchHits, TOKEN_ENV_VAR, Transport, Upload, save_atomically,
};
pub use pipedrive_types as types;
pub use pipedrive_types::{
    Choice, CustomFieldsMut, CustomValue, FieldEntity, FieldRegistry, HasCustomFields, JsonValue,
};

#[cfg(feature = "admin")]
pub use pipedrive_admin as admin;
#[cfg(feature = "catalog")]
pub use pipedrive_catalog as catalog;
#[cfg(feature = "contacts")]
pub use pipedrive_contacts as contacts;
#[cfg(feature = "files")]
pub use pipedrive_files as files;
#[cfg(feature = "messaging")]
pub use pipedrive_messaging as messaging;
#[cfg(feature = "projects")]
pub use pipedrive_projects as projects;
#[cfg(feature = "sales")]
pub use pipedrive_sales as sales;

/// The entry point: configuration plus a pooled connection, shared by every resource handle.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
    /// Field definitions, shared by clones ([`Client::custom_fields`]).
    fields: std::sync::Arc<FieldCache>,
}

impl Client {
    /// Builds a client; fails on an invalid configuration (for example a plain `http://`
    /// base URL that is not on this machine).
    pub fn new(config: Config) -> Result<Self> {
        Ok(Self {
            transport: Transport::new(config)?,
            fields: std::sync::Arc::default(),
        })
    }

    /// Builds a client from the environment: `PIPEDRIVE_API_TOKEN`, and
    /// `PIPEDRIVE_BASE_URL` or `PIPEDRIVE_COMPANY_DOMAIN` when set ([`Config::from_env`]).
    pub fn from_env() -> Result<Self> {
        Self::new(Config::from_env()?)
    }

    /// The underlying transport, for raw calls to endpoints this crate does not wrap.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Rate-limit headers of the most recent response, if any was received.
    pub fn last_rate_limit(&self) -> Option<RateLimit> {
        self.transport.last_rate_limit()
    }
}

/// The Rust recipes of `docs/cookbook.md`, compiled and run as doctests (each one against
/// its own in-process sandbox, started by the recipe's hidden first lines), so the
/// cookbook cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/cookbook.md")]
pub struct Cookbook;
