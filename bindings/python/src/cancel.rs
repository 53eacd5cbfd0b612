//! Cancellation of one call from another thread: what `pipedrive_rs.AsyncClient` uses
//! when the task awaiting a call is cancelled.
//!
//! The asyncio client runs each blocking call on a worker thread inside
//! [`CancelToken::run`], which puts the token in force for that thread. The transport's
//! interrupt hook ([`crate::errors::signal_pending`]) asks [`requested`] before every
//! wait (a retry's backoff, a rate-limit pause) and between body chunks, so a cancelled
//! call stops at its next such point: it is not retried, and no further request of it is
//! sent. A request already on the wire is not recalled; its answer is dropped.
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// The token of the call running on this thread, if it was started by `run`.
    static CURRENT: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Whether the call running on this thread was cancelled.
pub fn requested() -> bool {
    CURRENT.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    })
}

/// A flag one thread sets and the call of another thread obeys (`_native.CancelToken`).
#[pyclass(frozen, module = "pipedrive_rs._native", name = "CancelToken")]
#[derive(Debug, Default)]
pub struct CancelToken {
    flag: Arc<AtomicBool>,
}

/// Puts the previous token back when `run` returns or unwinds.
struct Restore(Option<Arc<AtomicBool>>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

#[pymethods]
impl CancelToken {
    #[new]
    fn new() -> Self {
        CancelToken::default()
    }

    /// Asks the call running under this token to stop at its next wait or body chunk.
    fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// True once `cancel()` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Calls `f(*args)` on this thread with the token in force and returns its result.
    #[pyo3(signature = (f, *args))]
    fn run(&self, f: &Bound<'_, PyAny>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let previous = CURRENT.with(|c| c.borrow_mut().replace(Arc::clone(&self.flag)));
        let _restore = Restore(previous);
        f.call1(args).map(Bound::unbind)
    }

    fn __repr__(&self) -> String {
        format!("<CancelToken cancelled={}>", self.cancelled())
    }
}
