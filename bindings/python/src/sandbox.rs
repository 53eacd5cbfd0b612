//! `_native.Sandbox`: the pipedrive-sandbox server running inside the Python process, for
//! `pipedrive_rs.testing` and the pytest plugin.
//!
//! Everything the sandbox decides (which fault settings are valid, what the stats hold,
//! what a reset restores) is the Rust crate's; this class only converts arguments and
//! results. Fault settings given as a dict go through `Faults::apply_json`, the code
//! behind `POST /_sandbox/faults`, so both accept exactly the same keys.
use crate::convert::to_json;
use crate::errors::{detach, invalid_input, to_pyerr};
use crate::values::{Mode, to_py};
use pipedrive_sandbox::Faults;
use pipedrive_transport::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The token clients are given when the sandbox accepts any token.
const ANY_TOKEN: &str = "sandbox-token";

/// A running in-process sandbox (see `pipedrive_rs.testing.Sandbox` for the Python API).
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Sandbox")]
pub struct Sandbox {
    /// `None` once stopped. Each call clones the `Arc` and lets go of the lock at once,
    /// so no lock is ever held while waiting for the GIL (a reset runs detached).
    inner: Mutex<Option<Arc<pipedrive_sandbox::Sandbox>>>,
    port: u16,
    token: String,
}

// The token stays out of Debug output.
impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// A whole number `0 <= n <= T::MAX` (not a bool), or `InvalidInputError` naming `what`.
fn whole<T: TryFrom<u64>>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let py = obj.py();
    if obj.cast::<PyBool>().is_err() && obj.cast::<PyInt>().is_ok() {
        if let Some(n) = obj.extract::<u64>().ok().and_then(|n| T::try_from(n).ok()) {
            return Ok(n);
        }
        let negative = obj.lt(0).unwrap_or(false);
        let why = if negative { "0 or more" } else { "smaller" };
        return Err(invalid_input(
            py,
            format!("{what} must be {why}, got {obj}"),
        ));
    }
    let kind = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    Err(invalid_input(
        py,
        format!("{what} must be a whole number, got {kind}"),
    ))
}

fn optional<T: TryFrom<u64>>(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<T>> {
    match obj {
        Some(o) if !o.is_none() => whole(o, what).map(Some),
        _ => Ok(None),
    }
}

impl Sandbox {
    /// The live sandbox, or `InvalidInputError` saying it was stopped.
    fn live(&self, py: Python<'_>) -> PyResult<Arc<pipedrive_sandbox::Sandbox>> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        guard.clone().ok_or_else(|| {
            invalid_input(py, format!("the sandbox on port {} is stopped", self.port))
        })
    }

    /// Runs `f` on the live sandbox, or says it was stopped.
    fn with<R>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&pipedrive_sandbox::Sandbox) -> R,
    ) -> PyResult<R> {
        let sb = self.live(py)?;
        Ok(f(&sb))
    }

    fn faults_do(&self, py: Python<'_>, f: impl FnOnce(&Faults)) -> PyResult<()> {
        self.with(py, |sb| f(sb.faults()))
    }
}

#[pymethods]
impl Sandbox {
    /// Starts a sandbox on 127.0.0.1 (a free port unless `port` is given). `seed`
    /// fills the account with demo data (`deals` deals, 100 by default); without it the
    /// account is empty. `token`: the only token accepted; without it any non-empty one.
    #[staticmethod]
    #[pyo3(signature = (seed=None, deals=None, token=None, port=None))]
    fn start(
        py: Python<'_>,
        seed: Option<&Bound<'_, PyAny>>,
        deals: Option<&Bound<'_, PyAny>>,
        token: Option<String>,
        port: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Sandbox> {
        let seed: Option<u64> = optional(seed, "seed")?;
        let deals: Option<usize> = optional(deals, "deals")?;
        let port: Option<u16> = optional(port, "port")?;
        if token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(invalid_input(py, "token must not be empty"));
        }
        let mut builder = pipedrive_sandbox::Sandbox::builder().port(port.unwrap_or(0));
        if let Some(seed) = seed {
            builder = builder.seed(seed);
        }
        if let Some(deals) = deals {
            builder = builder.seed_deals(deals);
        }
        if let Some(t) = &token {
            builder = builder.token(t.clone());
        }
        // Seeding a large account takes a moment; other Python threads keep running.
        let started = detach(py, move || builder.start())?;
        let sb = started.map_err(|e| {
            to_pyerr(
                py,
                Error::Io {
                    kind: e.kind(),
                    message: format!(
                        "cannot start the sandbox on 127.0.0.1:{}: {e}",
                        port.unwrap_or(0)
                    ),
                },
            )
        })?;
        Ok(Sandbox {
            port: sb.port(),
            inner: Mutex::new(Some(Arc::new(sb))),
            token: token.unwrap_or_else(|| ANY_TOKEN.to_owned()),
        })
    }

    /// `http://127.0.0.1:PORT/v1`.
    #[getter]
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    #[getter]
    fn port(&self) -> u16 {
        self.port
    }

    /// The token clients should send.
    #[getter]
    fn token(&self) -> String {
        self.token.clone()
    }

    #[getter]
    fn running(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// `retry_after` defaults to 2 seconds.
    #[pyo3(signature = (burst, retry_after=None))]
    fn rate_limit(
        &self,
        py: Python<'_>,
        burst: &Bound<'_, PyAny>,
        retry_after: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let burst: u32 = whole(burst, "burst")?;
        let retry: u64 = optional(retry_after, "retry_after")?.unwrap_or(2);
        self.faults_do(py, |f| f.rate_limit(burst, retry))
    }

    /// `status` defaults to 503.
    #[pyo3(signature = (n, status=None))]
    fn fail_next(
        &self,
        py: Python<'_>,
        n: &Bound<'_, PyAny>,
        status: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let n: u32 = whole(n, "n")?;
        let status = match status {
            None => 503,
            Some(s) => whole::<u16>(s, "status")
                .map_err(|_| invalid_input(py, format!("status must be 400-599, got {s}")))?,
        };
        // The range is the sandbox's rule (`Faults::fail_next`), not re-checked here.
        self.with(py, |sb| sb.faults().fail_next(n, status))?
            .map_err(|e| invalid_input(py, e))
    }

    fn html_403_next(&self, py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<()> {
        let n: u32 = whole(n, "n")?;
        self.faults_do(py, |f| f.html_403_next(n))
    }

    fn drop_next(&self, py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<()> {
        let n: u32 = whole(n, "n")?;
        self.faults_do(py, |f| f.drop_next(n))
    }

    fn truncate_next(&self, py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<()> {
        let n: u32 = whole(n, "n")?;
        self.faults_do(py, |f| f.truncate_next(n))
    }

    fn remaining_zero_next(&self, py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<()> {
        let n: u32 = whole(n, "n")?;
        self.faults_do(py, |f| f.remaining_zero_next(n))
    }

    #[pyo3(signature = (*names))]
    fn answer_next(&self, py: Python<'_>, names: Vec<String>) -> PyResult<()> {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.with(py, |sb| sb.faults().answer_next(&names))?
            .map_err(|e| invalid_input(py, e))
    }

    /// `seconds` (a float, 0 or more) added before every answer.
    fn delay(&self, py: Python<'_>, seconds: &Bound<'_, PyAny>) -> PyResult<()> {
        let d = seconds
            .extract::<f64>()
            .ok()
            .filter(|_| seconds.cast::<PyBool>().is_err())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .ok_or_else(|| {
                invalid_input(
                    py,
                    format!("delay must be a number of seconds, 0 or more, got {seconds}"),
                )
            })?;
        self.faults_do(py, |f| f.delay(d))
    }

    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.faults_do(py, Faults::clear)
    }

    /// Applies `settings` (the JSON keys of `POST /_sandbox/faults`), all or nothing,
    /// and returns the settings now in force.
    #[pyo3(signature = (settings=None))]
    fn faults<'py>(
        &self,
        py: Python<'py>,
        settings: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let body = match settings {
            Some(d) => match to_json(d.as_any())? {
                Value::Object(m) => m,
                _ => return Err(invalid_input(py, "fault settings must be a dict")),
            },
            None => serde_json::Map::new(),
        };
        let snapshot = self
            .with(py, |sb| {
                sb.faults()
                    .apply_json(&body)
                    .map(|()| sb.faults().snapshot())
            })?
            .map_err(|e| invalid_input(py, e))?;
        to_py(py, &snapshot, Mode::Plain, None)
    }

    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stats = self.with(py, pipedrive_sandbox::Sandbox::stats)?;
        to_py(py, &stats, Mode::Plain, None)
    }

    fn count(&self, py: Python<'_>, collection: &str) -> PyResult<usize> {
        self.with(py, |sb| sb.count_of(collection))?.ok_or_else(|| {
            invalid_input(py, format!("the sandbox has no collection {collection:?}"))
        })
    }

    /// Back to the freshly started account; rebuilt with the GIL released.
    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        let sb = self.live(py)?;
        detach(py, move || sb.reset())
    }

    /// Stops the server (again: nothing happens). Connections are closed with the GIL
    /// released, so client threads blocked on the server can finish.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        let taken = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(mut sb) = taken else {
            return Ok(());
        };
        detach(py, move || {
            // Calls that cloned the handle just before (a reset on another thread) hold
            // it only briefly; wait for them so the server is down when stop returns.
            loop {
                match Arc::try_unwrap(sb) {
                    Ok(owned) => break owned.stop(),
                    Err(shared) => {
                        sb = shared;
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            }
        })
    }

    fn __repr__(&self) -> String {
        let state = if self.running() { "" } else { " stopped" };
        format!("<pipedrive_rs._native.Sandbox {}{state}>", self.url())
    }
}
