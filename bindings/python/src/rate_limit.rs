//! The rate-limit headers of a response as Python sees them.
use pipedrive_transport::RateLimit;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `x-ratelimit-*` headers as a dict (`reset` in seconds).
pub fn rate_limit_dict<'py>(py: Python<'py>, r: &RateLimit) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("limit", r.limit)?;
    d.set_item("remaining", r.remaining)?;
    d.set_item("reset", r.reset.map(|d| d.as_secs_f64()))?;
    d.set_item("daily_requests_left", r.daily_requests_left)?;
    Ok(d)
}
