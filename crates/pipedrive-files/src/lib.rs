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
//! // Written beside the target and renamed into place only when the download
//! // succeeded: a failed one leaves an existing copy-of-quote.pdf as it was.
//! pipedrive::save_atomically("copy-of-quote.pdf", |out| client.files().download(file.id, out))?;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod generated;

pub use generated::*;
pub use pipedrive_transport::{Error, Paginator, Result};
