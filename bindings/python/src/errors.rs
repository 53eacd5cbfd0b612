//! Turning transport errors (and panics) into the Python exception classes defined in
//! `pipedrive_rs/errors.py`.
//!
//! The classes live in Python rather than in `create_exception!` because one of them has
//! two bases (`RequestTimeoutError` is also a builtin `TimeoutError`, `InvalidInputError`
//! also a `ValueError`), which the macro cannot express.
use pipedrive_transport::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use std::any::Any;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// The exception a signal handler raised while this thread was inside a call, kept
    /// until the call has unwound to [`to_pyerr`].
    static PENDING_SIGNAL: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// The transport's interrupt hook: runs pending Python signal handlers (only the main
/// thread has any) and says stop when one raised, typically `KeyboardInterrupt` after
/// Ctrl-C. The exception is kept for this thread and raised in place of the transport's
/// `Interrupted` error, so the call ends exactly as a pure-Python wait would.
pub fn signal_pending() -> bool {
    Python::attach(|py| match py.check_signals() {
        Ok(()) => false,
        Err(e) => {
            PENDING_SIGNAL.with(|p| *p.borrow_mut() = Some(e));
            true
        }
    })
}

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS_MODULE
        .get_or_try_init(py, || py.import("pipedrive_rs.errors").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// Builds an instance of `pipedrive_rs.errors.<class>` with keyword attributes.
fn build(py: Python<'_>, class: &str, message: String, kwargs: &Bound<'_, PyDict>) -> PyErr {
    let made = errors_module(py)
        .and_then(|m| m.getattr(class))
        .and_then(|cls| cls.call((message,), Some(kwargs)));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        // Only reachable when the Python package is broken; say so instead of hiding it.
        Err(e) => e,
    }
}

/// Maps one transport error onto the exception hierarchy, keeping every field.
pub fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    if matches!(e, Error::Interrupted) {
        if let Some(raised) = PENDING_SIGNAL.with(|p| p.borrow_mut().take()) {
            return raised;
        }
    }
    let kwargs = PyDict::new(py);
    let message = e.to_string();
    let class = match &e {
        Error::Unauthorized { .. } | Error::TokenRefresh { .. } => "AuthenticationError",
        Error::Forbidden { .. } => "PermissionDeniedError",
        Error::NotFound { .. } => "NotFoundError",
        Error::RateLimited { .. } => "RateLimitError",
        Error::Api { .. } | Error::Redirect { .. } => "ApiError",
        Error::Timeout => "RequestTimeoutError",
        Error::Transport { .. } | Error::BodyTooLarge { .. } | Error::Io { .. } => "TransportError",
        Error::Decode { .. } => "DecodeError",
        Error::InvalidInput(_) | Error::MissingToken { .. } => "InvalidInputError",
        _ => "PipedriveError",
    };
    let fill = || -> PyResult<()> {
        kwargs.set_item("status", e.status())?;
        kwargs.set_item("error", e.error_text())?;
        kwargs.set_item("error_info", e.error_info())?;
        kwargs.set_item("code", e.code())?;
        kwargs.set_item("body", e.body())?;
        match &e {
            Error::RateLimited { rate_limit, .. } => {
                kwargs.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
                kwargs.set_item(
                    "rate_limit",
                    crate::rate_limit::rate_limit_dict(py, rate_limit)?,
                )?;
            }
            Error::Transport { before_send, .. } => {
                kwargs.set_item("before_send", *before_send)?;
            }
            _ => {}
        }
        Ok(())
    };
    if let Err(err) = fill() {
        return err;
    }
    build(py, class, message, &kwargs)
}

/// An error raised from the binding itself (closed client, bad argument shape, ...).
pub fn invalid_input(py: Python<'_>, message: impl Into<String>) -> PyErr {
    build(py, "InvalidInputError", message.into(), &PyDict::new(py))
}

/// A response (or part of one) that is not the JSON it should be.
pub fn decode_failure(py: Python<'_>, message: impl Into<String>) -> PyErr {
    build(py, "DecodeError", message.into(), &PyDict::new(py))
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

/// A panic turned into a `PipedriveError`, so callers catching the base class see it.
pub fn panic_error(py: Python<'_>, payload: &(dyn Any + Send)) -> PyErr {
    build(
        py,
        "PipedriveError",
        format!(
            "internal error in pipedrive-rs (please report it): {}",
            panic_text(payload)
        ),
        &PyDict::new(py),
    )
}

/// Runs `f` without the GIL. A panic inside is caught here and raised as a
/// `PipedriveError` instead of unwinding into the interpreter (PyO3 would turn it into
/// `PanicException`, a `BaseException` that `except Exception` does not catch).
pub fn detach<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(v) => Ok(v),
        Err(payload) => Err(panic_error(py, payload.as_ref())),
    }
}
