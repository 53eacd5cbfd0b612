//! File content going up (multipart uploads) and coming down (downloads).
use crate::error::PipedriveError;
use pipedrive::Upload;
use std::io::Write;

/// Content of a file to upload.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FileUpload {
    /// A file on this device, read (and re-read on a retry) when the request is sent;
    /// the server sees its file name.
    Path {
        /// Filesystem path.
        path: String,
    },
    /// Bytes in memory, sent under `file_name`.
    Bytes {
        /// Name the server stores the file under.
        file_name: String,
        /// The content.
        data: Vec<u8>,
    },
}

impl FileUpload {
    /// The transport's upload for this content.
    pub fn into_upload(self) -> Upload {
        match self {
            FileUpload::Path { path } => Upload::path(path),
            FileUpload::Bytes { file_name, data } => Upload::bytes(file_name, data),
        }
    }
}

/// Streams a download into `path` through a temporary file beside it, replacing `path`
/// only when the download succeeded (see `pipedrive::save_atomically`): a failure leaves
/// an existing file as it was and creates none.
pub fn download_to_path(
    path: &str,
    fetch: impl FnOnce(&mut dyn Write) -> pipedrive::Result<u64>,
) -> Result<i64, PipedriveError> {
    let written = pipedrive::save_atomically(path, fetch).map_err(PipedriveError::from)?;
    // A file cannot be 2^63 bytes long; saturate rather than wrap if one ever were.
    Ok(i64::try_from(written).unwrap_or(i64::MAX))
}
