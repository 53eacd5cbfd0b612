//! Turning transport errors (and panics) into the Python exception classes defined in
//! `pipedrive_rs/errors.py`.
//!
//! Which class an error becomes is the transport's table ([`ErrorClass`]); this file only
//! names the Python class of each row ([`python_class`]). The module exposes that column
//! as `ERROR_CLASSES`, which `python/tests/test_error_taxonomy.py` compares with the
//! classes of `errors.py`.
//!
//! The classes live in Python rather than in `create_exception!` because one of them has
//! two bases (`RequestTimeoutError` is also a builtin `TimeoutError`, `InvalidInputError`
//! also a `ValueError`), which the macro cannot express.
use pipedrive_transport::{Error, ErrorClass, RateLimit};
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

/// The transport's interrupt hook: says stop when the call's
/// [`crate::cancel::CancelToken`] was cancelled, or when a pending Python signal handler
/// (only the main thread has any) raised, typically `KeyboardInterrupt` after Ctrl-C.
/// That exception is kept for this thread and raised in place of the transport's
/// `Interrupted` error, so the call ends exactly as a pure-Python wait would.
pub fn signal_pending() -> bool {
    // A cancelled asyncio task (`CancelToken`) stops its call like a signal would.
    if crate::cancel::requested() {
        return true;
    }
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

/// The Python exception of each class of the error table (`pipedrive_rs/errors.py`).
///
/// No fallback arm: a class added to the table does not compile until it has one here.
pub fn python_class(class: ErrorClass) -> &'static str {
    match class {
        ErrorClass::Api => "ApiError",
        ErrorClass::Unauthorized => "AuthenticationError",
        ErrorClass::Forbidden => "PermissionDeniedError",
        ErrorClass::NotFound => "NotFoundError",
        ErrorClass::RateLimited => "RateLimitError",
        ErrorClass::Timeout => "RequestTimeoutError",
        ErrorClass::Transport => "TransportError",
        ErrorClass::Decode => "DecodeError",
        ErrorClass::InvalidInput => "InvalidInputError",
    }
}

/// `_native.ERROR_CLASSES`: `(class, Python exception)` for every row of the table, in
/// table order.
pub fn error_classes() -> Vec<(&'static str, &'static str)> {
    ErrorClass::ALL
        .iter()
        .map(|c| (c.name(), python_class(*c)))
        .collect()
}

/// Maps one transport error onto the exception hierarchy, keeping every field.
///
/// `Interrupted` is the one variant that may not become its class's exception: when a
/// signal handler raised during the call (`KeyboardInterrupt` after Ctrl-C), that
/// exception is raised instead, exactly as a pure-Python wait would end. Without one
/// pending it is a `TransportError`, its class in the table.
pub fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    if matches!(e, Error::Interrupted) {
        if let Some(raised) = PENDING_SIGNAL.with(|p| p.borrow_mut().take()) {
            return raised;
        }
    }
    let kwargs = PyDict::new(py);
    let message = e.to_string();
    let class = python_class(e.class());
    let fill = || -> PyResult<()> {
        kwargs.set_item("status", e.status())?;
        kwargs.set_item("error", e.error_text())?;
        kwargs.set_item("error_info", e.error_info())?;
        kwargs.set_item("code", e.code())?;
        kwargs.set_item("body", e.body())?;
        if let Some(rate_limit) = e.rate_limit() {
            kwargs.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
            kwargs.set_item(
                "rate_limit",
                crate::rate_limit::rate_limit_dict(py, rate_limit)?,
            )?;
        }
        if let Error::Transport { before_send, .. } = &e {
            kwargs.set_item("before_send", *before_send)?;
        }
        Ok(())
    };
    if let Err(err) = fill() {
        return err;
    }
    build(py, class, message, &kwargs)
}

/// `_native._error_sample(variant)`: raises the exception a transport error of that
/// variant becomes, for the variants no public Python call can reach (local I/O, an
/// interrupt without a pending signal) and for the mapping test of every variant. The values are fixed samples.
#[pyfunction]
pub fn _error_sample(py: Python<'_>, variant: &str) -> PyResult<()> {
    let text = |s: &str| s.to_owned();
    let e = match variant {
        "Api" => Error::Api {
            status: 422,
            error: text("Unprocessable"),
            error_info: Some(text("info")),
            code: Some(text("E1")),
            body: text("{}"),
        },
        "Unauthorized" => Error::Unauthorized {
            error: text("unauthorized access"),
            error_info: Some(text("info")),
            code: Some(text("401")),
            body: text("{}"),
        },
        "TokenRefresh" => Error::TokenRefresh {
            message: text("the refresh endpoint said no"),
        },
        "Forbidden" => Error::Forbidden {
            error: text("Forbidden"),
            error_info: None,
            code: None,
            body: text("<html></html>"),
        },
        "NotFound" => Error::NotFound {
            error: text("Not Found"),
            error_info: Some(text("info")),
            code: Some(text("E404")),
            body: text("{}"),
        },
        "RateLimited" => Error::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(2)),
            rate_limit: Box::new({
                let mut r = RateLimit::default();
                r.remaining = Some(0);
                r
            }),
            error: text("Request over limit"),
            error_info: None,
            code: Some(text("429")),
            body: text("{}"),
        },
        "Timeout" => Error::Timeout,
        "Transport" => Error::Transport {
            message: text("connection reset"),
            before_send: false,
        },
        "Io" => Error::Io {
            kind: std::io::ErrorKind::NotFound,
            message: text("no such file"),
        },
        "BodyTooLarge" => Error::BodyTooLarge { limit: 1024 },
        "Redirect" => Error::Redirect {
            status: 302,
            location: text("http://elsewhere.invalid/"),
        },
        "Interrupted" => Error::Interrupted,
        "Decode" => Error::Decode {
            status: 200,
            message: text("expected value"),
            snippet: text("<html>"),
        },
        "InvalidInput" => Error::InvalidInput(text("bad value")),
        "MissingToken" => Error::MissingToken {
            variable: text(pipedrive_transport::TOKEN_ENV_VAR),
        },
        other => return Err(invalid_input(py, format!("no sample of {other:?}"))),
    };
    Err(to_pyerr(py, e))
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
