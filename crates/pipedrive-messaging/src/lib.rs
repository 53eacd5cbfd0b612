//! The messaging domain of pipedrive-rs: messaging channels and call logs.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the API reference by `pipedrive-codegen`; list methods return a lazy [`Paginator`].
//! Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use pipedrive::messaging::{CreateCallLog, ListCallLogs};
//!
//! let client = pipedrive::Client::from_env()?;
//! let call = CreateCallLog::new(
//!     pipedrive::messaging::CreateCallLogOutcome::Connected,
//!     "+3725551111",
//!     "2024-01-10 10:00:00".parse::<pipedrive::types::Timestamp>()?, // UTC, as Pipedrive writes it
//!     "2024-01-10 10:05:00".parse::<pipedrive::types::Timestamp>()?,
//! );
//! let log = client.call_logs().create(&call)?;
//! println!("logged call {}", log.id);
//! for log in client.call_logs().list(&ListCallLogs::default()) {
//!     println!("{:?}", log?.id);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
