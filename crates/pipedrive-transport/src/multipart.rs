//! `multipart/form-data` bodies whose file parts stream from memory, disk or a reader,
//! and can be sent again when a request is retried.
//!
//! # Why not ureq's `multipart` feature
//!
//! ureq 3.5 has an encoder (`ureq::unversioned::multipart::Form`). It is kept out on
//! purpose, after measuring what it does with what our uploads need
//! (`scripts/ureq-multipart-probe`, run against ureq 3.5.2):
//!
//! - **Replay.** A `Form` is a one-shot reader: its first read gave 293 bytes, a second
//!   read of the same form 0. A retried upload needs the same bytes again, so we would
//!   still keep this description of the parts and rebuild a form per attempt.
//! - **File names.** It writes a file name as given: `a"b.pdf\r\nX-Injected: yes`
//!   became a `filename="a"b.pdf` line followed by an `X-Injected: yes"` header line in
//!   the part. File names come from users' disks; here they are escaped
//!   (`escape_quoted`).
//! - **Length.** A reader part has no size there, so the whole body went out with
//!   `transfer-encoding: chunked` (a 1 MiB in-memory part: `content-length: 1048753`).
//!   Here a `Read + Seek` source is measured by seeking, and every body announces its
//!   `Content-Length`.
//! - **Directories.** `Form::file` accepted a directory; the error came only while the
//!   body was being sent. Here it is refused before anything is sent (`open_path`).
//! - **Stability.** It lives under `unversioned`, which ureq may change in a minor
//!   release, and our requirement `3.5` accepts any 3.x from 3.5 on. It would also add
//!   `mime_guess`, `mime`, `unicase` and a second `getrandom` to the mobile library.
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A `Read + Seek` source that can be shared between attempts of the same request.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// A multipart body. Build it with chained calls:
///
/// ```
/// use pipedrive_transport::Multipart;
///
/// let body = Multipart::new()
///     .text("deal_id", "42")
///     .file_bytes("file", "notes.txt", b"hello".to_vec());
/// assert!(body.content_type().starts_with("multipart/form-data; boundary="));
/// ```
#[derive(Clone)]
pub struct Multipart {
    /// Parts in the order they are sent.
    pub parts: Vec<Part>,
    boundary: String,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty body with a fresh random boundary; the boundary stays the same for every
    /// attempt so a replayed body is byte-identical.
    pub fn new() -> Self {
        let mut boundary = String::from("pipedrive-rs-");
        for _ in 0..32 {
            boundary.push(fastrand::alphanumeric());
        }
        Multipart {
            parts: Vec::new(),
            boundary,
        }
    }

    /// Appends any part.
    pub fn part(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// Appends a plain text field.
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.part(Part::text(name, value))
    }

    /// Appends a file whose content is already in memory.
    pub fn file_bytes(
        self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        self.part(Part::bytes(name, file_name, bytes))
    }

    /// Appends a file read from disk when the request is sent (re-opened per attempt).
    pub fn file_path(self, name: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        self.part(Part::path(name, path))
    }

    /// Appends a file read from a seekable reader, rewound for each attempt.
    pub fn file_reader<R: ReadSeek + 'static>(
        self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        reader: R,
    ) -> Self {
        self.part(Part::reader(name, file_name, reader))
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The `Content-Type` header value announcing this body.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Opens every source and returns the exact body length and a streaming reader.
    /// Called once per attempt, which is what makes retries replay the same bytes.
    pub(crate) fn open(&self) -> io::Result<(u64, MultipartReader)> {
        let mut segments = VecDeque::with_capacity(self.parts.len() * 3 + 1);
        let mut total: u64 = 0;
        for part in &self.parts {
            let head = part.head(&self.boundary);
            total = total.saturating_add(head.len() as u64);
            segments.push_back(Segment::Owned(head.into_bytes(), 0));
            let (len, segment) = part.content.open()?;
            total = total.saturating_add(len);
            segments.push_back(segment);
            segments.push_back(Segment::Static(b"\r\n", 0));
            total = total.saturating_add(2);
        }
        let tail = format!("--{}--\r\n", self.boundary);
        total = total.saturating_add(tail.len() as u64);
        segments.push_back(Segment::Owned(tail.into_bytes(), 0));
        Ok((total, MultipartReader { segments }))
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.boundary)
            .field("parts", &self.parts)
            .finish()
    }
}

/// One field of a multipart body.
#[derive(Clone)]
pub struct Part {
    /// Form field name.
    pub name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    content: Content,
}

#[derive(Clone)]
enum Content {
    Text(String),
    Bytes(Arc<[u8]>),
    Path(PathBuf),
    Reader(Arc<Mutex<SharedReader>>),
}

struct SharedReader {
    inner: Box<dyn ReadSeek>,
    /// Position before the first attempt read anything; every attempt restarts here.
    start: Option<u64>,
}

impl Part {
    /// A text field (sent without a content type).
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Part {
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            content: Content::Text(value.into()),
        }
    }

    /// A file from memory; the bytes are shared, not copied, between attempts.
    pub fn bytes(
        name: impl Into<String>,
        file_name: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Part {
        Part::file(name, file_name.into(), Content::Bytes(bytes.into().into()))
    }

    /// A file from disk, named after the path's last component.
    pub fn path(name: impl Into<String>, path: impl Into<PathBuf>) -> Part {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        Part::file(name, file_name, Content::Path(path))
    }

    /// A file from a seekable reader; each attempt seeks back to where the reader was
    /// when first sent.
    pub fn reader<R: ReadSeek + 'static>(
        name: impl Into<String>,
        file_name: impl Into<String>,
        reader: R,
    ) -> Part {
        let shared = SharedReader {
            inner: Box::new(reader),
            start: None,
        };
        Part::file(
            name,
            file_name.into(),
            Content::Reader(Arc::new(Mutex::new(shared))),
        )
    }

    fn file(name: impl Into<String>, file_name: String, content: Content) -> Part {
        Part {
            name: name.into(),
            content_type: Some(guess_content_type(&file_name).to_owned()),
            file_name: Some(file_name),
            content,
        }
    }

    /// Overrides the file name sent in `Content-Disposition`.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Part {
        self.file_name = Some(file_name.into());
        self
    }

    /// Overrides the part's `Content-Type` (by default guessed from the file name).
    pub fn mime(mut self, content_type: impl Into<String>) -> Part {
        self.content_type = Some(content_type.into());
        self
    }

    fn head(&self, boundary: &str) -> String {
        let mut head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            escape_quoted(&self.name)
        );
        if let Some(f) = &self.file_name {
            head.push_str(&format!("; filename=\"{}\"", escape_quoted(f)));
        }
        head.push_str("\r\n");
        if let Some(ct) = &self.content_type {
            let clean: String = ct.chars().filter(|c| !c.is_control()).collect();
            head.push_str(&format!("Content-Type: {clean}\r\n"));
        }
        head.push_str("\r\n");
        head
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Part");
        d.field("name", &self.name);
        if let Some(n) = &self.file_name {
            d.field("file_name", n);
        }
        if let Some(ct) = &self.content_type {
            d.field("content_type", ct);
        }
        match &self.content {
            Content::Text(t) => d.field("text", t),
            Content::Bytes(b) => d.field("bytes", &b.len()),
            Content::Path(p) => d.field("path", p),
            Content::Reader(_) => d.field("reader", &"<dyn Read + Seek>"),
        };
        d.finish()
    }
}

impl Content {
    fn open(&self) -> io::Result<(u64, Segment)> {
        Ok(match self {
            Content::Text(t) => (t.len() as u64, Segment::Owned(t.clone().into_bytes(), 0)),
            Content::Bytes(b) => (b.len() as u64, Segment::Shared(Arc::clone(b), 0)),
            Content::Path(p) => open_path(p)?,
            Content::Reader(shared) => {
                let len = {
                    let mut r = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let start = match r.start {
                        Some(s) => s,
                        None => {
                            let s = r.inner.stream_position()?;
                            r.start = Some(s);
                            s
                        }
                    };
                    let end = r.inner.seek(SeekFrom::End(0))?;
                    r.inner.seek(SeekFrom::Start(start))?;
                    end.saturating_sub(start)
                };
                (
                    len,
                    Segment::Reader {
                        shared: Arc::clone(shared),
                        remaining: len,
                    },
                )
            }
        })
    }
}

/// Opens a file part's path. Only a regular file is content: on Linux `File::open`
/// succeeds on a directory and the read fails later, mid-body, and a FIFO or device has
/// no length to announce; both are refused here, before anything is sent, saying what
/// is wrong with the path.
fn open_path(path: &Path) -> io::Result<(u64, Segment)> {
    let file = File::open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a directory, not a file to upload", path.display()),
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    let len = meta.len();
    Ok((
        len,
        Segment::File {
            file,
            remaining: len,
        },
    ))
}

/// The body of one attempt: headers, sources and separators read in sequence.
pub(crate) struct MultipartReader {
    segments: VecDeque<Segment>,
}

enum Segment {
    Static(&'static [u8], usize),
    Owned(Vec<u8>, usize),
    Shared(Arc<[u8]>, usize),
    File {
        file: File,
        remaining: u64,
    },
    Reader {
        shared: Arc<Mutex<SharedReader>>,
        remaining: u64,
    },
}

fn copy_slice(src: &[u8], pos: &mut usize, buf: &mut [u8]) -> usize {
    let rest = src.get(*pos..).unwrap_or(&[]);
    let n = rest.len().min(buf.len());
    if let (Some(dst), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
        dst.copy_from_slice(from);
    }
    *pos += n;
    n
}

/// Reads at most `remaining` bytes; a source that ends early would make the body shorter
/// than the announced `Content-Length`, so that is an error rather than a silent stop.
fn read_exact_len(r: &mut dyn Read, remaining: &mut u64, buf: &mut [u8]) -> io::Result<usize> {
    if *remaining == 0 {
        return Ok(0);
    }
    let cap = usize::try_from(*remaining)
        .unwrap_or(usize::MAX)
        .min(buf.len());
    let n = r.read(buf.get_mut(..cap).unwrap_or(&mut []))?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "multipart file source ended before its measured length",
        ));
    }
    *remaining -= n as u64;
    Ok(n)
}

impl Read for MultipartReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while let Some(seg) = self.segments.front_mut() {
            let n = match seg {
                Segment::Static(s, pos) => copy_slice(s, pos, buf),
                Segment::Owned(v, pos) => copy_slice(v, pos, buf),
                Segment::Shared(b, pos) => copy_slice(b, pos, buf),
                Segment::File { file, remaining } => read_exact_len(file, remaining, buf)?,
                Segment::Reader { shared, remaining } => {
                    let mut r = shared.lock().unwrap_or_else(|p| p.into_inner());
                    read_exact_len(&mut r.inner, remaining, buf)?
                }
            };
            if n > 0 {
                return Ok(n);
            }
            self.segments.pop_front();
        }
        Ok(0)
    }
}

/// Quoted-string values in `Content-Disposition`, escaped the way browsers do.
fn escape_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Enough types for what Pipedrive accepts (documents, images, call recordings); the
/// server sniffs anything else, so a generic fallback is fine.
fn guess_content_type(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "m4a" => "audio/mp4",
        "webm" => "audio/webm",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn render(m: &Multipart) -> (u64, Vec<u8>) {
        let (len, mut r) = m.open().unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        (len, out)
    }

    #[test]
    fn renders_text_and_file_parts() {
        let m =
            Multipart::new()
                .text("deal_id", "42")
                .file_bytes("file", "a\"b.pdf", b"%PDF".to_vec());
        let (len, body) = render(&m);
        let b = m.boundary();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"deal_id\"\r\n\r\n42\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8(body.clone()).unwrap(), expected);
        assert_eq!(len, body.len() as u64);
    }

    /// The file name that split ureq's part head into two header lines (module docs)
    /// stays one line here.
    #[test]
    fn a_file_name_cannot_add_header_lines() {
        let m = Multipart::new().file_bytes("file", "a\"b.pdf\r\nX-Injected: yes", b"x".to_vec());
        let (_, body) = render(&m);
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("filename=\"a%22b.pdf%0D%0AX-Injected: yes\"\r\n"),
            "{text}"
        );
        assert!(!text.contains("\r\nX-Injected"), "{text}");
    }

    #[test]
    fn reader_parts_rewind_per_attempt() {
        let mut cur = Cursor::new(b"skipdata".to_vec());
        cur.seek(SeekFrom::Start(4)).unwrap();
        let m = Multipart::new().file_reader("file", "x.bin", cur);
        let first = render(&m);
        let second = render(&m);
        assert_eq!(first, second);
        let text = String::from_utf8_lossy(&first.1).into_owned();
        assert!(text.contains("\r\n\r\ndata\r\n"), "{text}");
        assert!(!text.contains("skip"));
    }

    #[test]
    fn path_parts_reopen_the_file() {
        let dir = std::env::temp_dir().join(format!("pd-mp-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("rec.mp3");
        std::fs::write(&path, b"ID3").unwrap();
        let m = Multipart::new().file_path("file", &path);
        let (len, body) = render(&m);
        assert_eq!(len, body.len() as u64);
        let text = String::from_utf8_lossy(&body).into_owned();
        assert!(text.contains("filename=\"rec.mp3\""));
        assert!(text.contains("Content-Type: audio/mpeg"));
        assert_eq!(render(&m).1, body);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(m.open().is_err());
    }

    #[test]
    fn a_directory_is_refused_when_the_body_is_opened() {
        let dir = std::env::temp_dir().join(format!("pd-mp-dir-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let m = Multipart::new().file_path("file", &dir);
        let err = m.open().err().expect("a directory is not content");
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
        assert!(err.to_string().contains("is a directory"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// The content of a file to upload, independent of the form field it travels in.
///
/// Endpoint parameters hold an `Upload`; the endpoint knows the field name (`file`) and
/// turns it into a [`Part`]. Like `Part`, it can be replayed when a request is retried.
#[derive(Clone)]
pub struct Upload(Part);

impl Upload {
    /// A file read from `path` each time the request is sent; the file name is the path's.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self(Part::path("file", path))
    }

    /// In-memory content with the file name the server should record.
    pub fn bytes(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self(Part::bytes("file", file_name, bytes))
    }

    /// Content from a seekable reader, rewound on a retry.
    pub fn reader<R: ReadSeek + 'static>(file_name: impl Into<String>, reader: R) -> Self {
        Self(Part::reader("file", file_name, reader))
    }

    /// Sets the content type (otherwise `application/octet-stream`).
    pub fn mime(self, content_type: impl Into<String>) -> Self {
        Self(self.0.mime(content_type))
    }

    /// Sets the file name the server records (otherwise the path's, or the one given).
    pub fn file_name(self, file_name: impl Into<String>) -> Self {
        Self(self.0.file_name(file_name))
    }

    /// The multipart part carrying this content under the form field `name`.
    pub fn part(&self, name: &str) -> Part {
        let mut part = self.0.clone();
        part.name = name.to_owned();
        part
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Upload").field(&self.0).finish()
    }
}
