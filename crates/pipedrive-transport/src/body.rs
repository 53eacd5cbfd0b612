//! Reading answer bodies within their limits, and what a failed attempt means: whether
//! it can have reached the server and whether another attempt is allowed.
use crate::Error;
use crate::Result;
use crate::config::Interrupt;
use std::io::{self, Read, Write};

/// Chunk size for streaming downloads.
const COPY_BUFFER: usize = 64 * 1024;

/// Why one attempt failed, and whether another attempt is allowed.
///
/// The error is boxed so a `Result<_, Failure>` stays under clippy's `result_large_err`
/// limit ([`Error`] alone is close to it).
pub(crate) struct Failure {
    pub(crate) error: Box<Error>,
    /// Nothing reached the server, so even a POST may be sent again.
    pub(crate) before_send: bool,
    pub(crate) retryable: bool,
}

impl Failure {
    pub(crate) fn fatal(error: Error) -> Self {
        Failure {
            error: Box::new(error),
            before_send: false,
            retryable: false,
        }
    }
}

fn transport_failure(message: String, before_send: bool, retryable: bool) -> Failure {
    Failure {
        error: Box::new(Error::Transport {
            message,
            before_send,
        }),
        before_send,
        retryable,
    }
}

/// Maps a ureq error, deciding whether the request can have reached the server.
pub(crate) fn classify(e: ureq::Error) -> Failure {
    use io::ErrorKind as K;
    match e {
        ureq::Error::Timeout(t) => Failure {
            error: Box::new(Error::Timeout),
            before_send: matches!(t, ureq::Timeout::Resolve | ureq::Timeout::Connect),
            retryable: true,
        },
        ureq::Error::HostNotFound => transport_failure("host not found".into(), true, true),
        ureq::Error::ConnectionFailed => transport_failure("connection failed".into(), true, true),
        ureq::Error::Io(io) => match io.kind() {
            K::TimedOut | K::WouldBlock => Failure {
                error: Box::new(Error::Timeout),
                before_send: false,
                retryable: true,
            },
            K::ConnectionRefused
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::AddrNotAvailable => transport_failure(io.to_string(), true, true),
            _ => transport_failure(io.to_string(), false, true),
        },
        ureq::Error::Protocol(p) => transport_failure(format!("protocol error: {p}"), false, true),
        ureq::Error::Http(_) | ureq::Error::BadUri(_) | ureq::Error::RequireHttpsOnly(_) => {
            Failure {
                error: Box::new(Error::InvalidInput(e.to_string())),
                before_send: true,
                retryable: false,
            }
        }
        ureq::Error::BodyExceedsLimit(limit) => Failure::fatal(Error::BodyTooLarge { limit }),
        other => transport_failure(other.to_string(), false, false),
    }
}

/// [`Error::Interrupted`] when the hook asks to stop.
pub(crate) fn check(hook: Option<&Interrupt>) -> Result<()> {
    match hook {
        Some(h) if h() => Err(Error::Interrupted),
        _ => Ok(()),
    }
}

/// Reads a whole body, failing once it passes `limit` rather than growing without bound.
/// A body longer than one [`COPY_BUFFER`] asks the interrupt hook after each further
/// chunk; a small answer never calls it.
pub(crate) fn read_limited(
    body: ureq::Body,
    limit: u64,
    hook: Option<&Interrupt>,
) -> std::result::Result<Vec<u8>, Failure> {
    if body.content_length().is_some_and(|len| len > limit) {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }
    let mut bytes = Vec::new();
    let mut reader = body.into_reader().take(limit.saturating_add(1));
    let mut next_check = COPY_BUFFER;
    loop {
        let n = (&mut reader)
            .take(COPY_BUFFER as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| classify(ureq::Error::from(e)))?;
        if n == 0 {
            break;
        }
        if bytes.len() >= next_check {
            next_check = bytes.len().saturating_add(COPY_BUFFER);
            check(hook).map_err(Failure::fatal)?;
        }
    }
    if bytes.len() as u64 > limit {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }
    Ok(bytes)
}

/// Best-effort read of an error body: whatever arrived before a failure is still useful.
pub(crate) fn read_prefix(body: ureq::Body, limit: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut reader = body.into_reader().take(limit);
    let mut chunk = [0u8; 8192];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(chunk.get(..n).unwrap_or(&[])),
        }
    }
    bytes
}

/// Streams a body into `out`, asking the interrupt hook between chunks.
pub(crate) fn copy_body(
    body: ureq::Body,
    out: &mut dyn Write,
    hook: Option<&Interrupt>,
) -> Result<u64> {
    let mut reader = body.into_reader();
    let mut chunk = vec![0u8; COPY_BUFFER];
    let mut total = 0u64;
    loop {
        if total > 0 {
            check(hook)?;
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(*classify(ureq::Error::from(e)).error),
        };
        out.write_all(chunk.get(..n).unwrap_or(&[]))?;
        total += n as u64;
    }
    out.flush()?;
    Ok(total)
}
