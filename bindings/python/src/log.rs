//! One debug line per HTTP exchange on the `pipedrive_rs` logger, with credentials and
//! personal data kept out.
use pipedrive_transport::{Error, Request};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::time::Duration;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SYS_MODULES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
const DEBUG: i32 = 10;

/// One debug line per HTTP exchange on the `pipedrive_rs` logger: method, path with the
/// query, outcome and duration. Credentials never appear: they travel in headers, which
/// are not logged; `api_token` is refused in queries; and a query key or value is only
/// shown when it is a plain number, date or word ([`logged_target`]).
///
/// A program that never imported `logging` cannot have configured a handler or a level
/// for this logger, so the line would be dropped: then nothing is imported or called
/// (importing `logging` costs a short script several milliseconds).
pub fn log_exchange(py: Python<'_>, req: &Request, outcome: &str, elapsed: Duration) {
    let run = || -> PyResult<()> {
        let logger = match LOGGER.get(py) {
            Some(logger) => logger,
            None => {
                let Some(logging) = imported(py, "logging")? else {
                    return Ok(());
                };
                LOGGER.get_or_try_init(py, || {
                    logging
                        .call_method1("getLogger", ("pipedrive_rs",))
                        .map(Bound::unbind)
                })?
            }
        };
        let logger = logger.bind(py);
        if !logger.call_method1("isEnabledFor", (DEBUG,))?.is_truthy()? {
            return Ok(());
        }
        let target = logged_target(req);
        logger.call_method1(
            "debug",
            (
                "%s %s -> %s (%.1f ms)",
                req.method.as_str(),
                target,
                outcome,
                elapsed.as_secs_f64() * 1000.0,
            ),
        )?;
        Ok(())
    };
    // Logging must never turn a successful call into a failed one.
    let _ = run();
}

/// The module `name` if it was imported already (`sys.modules`), without importing it.
fn imported<'py>(py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    let modules = SYS_MODULES.get_or_try_init(py, || {
        PyModule::import(py, "sys")?
            .getattr("modules")?
            .cast_into::<PyDict>()
            .map(Bound::unbind)
            .map_err(PyErr::from)
    })?;
    modules.bind(py).get_item(name)
}

/// Longest query value item shown in a log line (a u64 has 20 digits).
const LOGGED_ITEM_LEN: usize = 20;

/// Whether a query value may appear in a log line: empty, or comma-separated items of at
/// most 20 characters that are either all digits, `-`, `.` and `:` (ids, paging,
/// amounts, dates) or all letters, `_` and spaces (`status=open`,
/// `sort=add_time DESC`). Anything mixing the two, or longer, is logged as `***`: API
/// and OAuth tokens mix letters and digits, so a credential typed into the wrong place
/// never reaches the log.
fn loggable(value: &str) -> bool {
    let numeric = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'.' | b':');
    let word = |b: u8| b.is_ascii_alphabetic() || matches!(b, b'_' | b' ');
    value.is_empty()
        || value.split(',').all(|item| {
            !item.is_empty()
                && item.len() <= LOGGED_ITEM_LEN
                && (item.bytes().all(numeric) || item.bytes().all(word))
        })
}

/// The path and query of a request as logged: keys and values are replaced by `***`
/// unless [`loggable`], for the query pairs and for a query written into the path alike.
fn logged_target(req: &Request) -> String {
    let (path, inline) = match req.path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (req.path.as_str(), None),
    };
    let inline = inline
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
    let pairs = inline.chain(req.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut target = path.to_owned();
    for (i, (k, v)) in pairs.enumerate() {
        target.push(if i == 0 { '?' } else { '&' });
        target.push_str(if loggable(k) { k } else { "***" });
        target.push('=');
        target.push_str(if loggable(v) { v } else { "***" });
    }
    target
}

/// The outcome text of a failed exchange for the log line.
pub fn error_outcome(e: &Error) -> String {
    match e.status() {
        Some(s) => format!("{s} ({})", e),
        None => format!("failed ({e})"),
    }
}
