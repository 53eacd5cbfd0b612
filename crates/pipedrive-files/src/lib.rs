//! The files domain of pipedrive-rs: files: upload, download, remote files.
//!
//! Each resource is a cheap-to-clone handle with one method per endpoint, generated from
//! the API reference by `pipedrive-codegen`; list methods return a lazy [`Paginator`].
//! Most users reach them through the facade crate:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use pipedrive::files::UploadFile;
//! use pipedrive::Upload;
//!
//! let client = pipedrive::Client::from_env()?;
//! let mut upload = UploadFile::new(Upload::path("quote.pdf"));
//! upload.deal_id = Some(pipedrive::types::DealId(42));
//! let file = client.files().upload(&upload)?;
//!
//! if let Some(id) = file.id {
//!     let mut out = std::fs::File::create("copy-of-quote.pdf")?;
//!     client.files().download(id, &mut out)?;
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
