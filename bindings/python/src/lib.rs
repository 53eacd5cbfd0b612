//! The native half of the `pipedrive_rs` Python package (`pipedrive_rs._native`).
//!
//! The endpoint surface is generated Python (`python/pipedrive_rs/resources.py`) whose
//! methods keep their real signatures and docstrings but only hand an operation id and
//! the arguments to `client::Client::call`: requests are built by the Rust operation
//! table (module `calls`), paged through the transport's paginator (`pager::Pager`) and
//! answered as `record::Record`s. Responses are parsed in Rust with the GIL released,
//! and stay JSON text until Python reads a field. (Those modules are private: the crate
//! is a Python extension with no Rust API, so the names are plain text, not links.)
mod calls;
mod cancel;
mod client;
mod config;
mod convert;
mod custom;
mod errors;
mod io;
mod log;
mod models;
mod money_dates;
mod pager;
mod rate_limit;
mod raw;
mod record;
mod reference;
mod repr;
mod sandbox;
mod values;

use pyo3::prelude::*;

/// Panics on purpose (with the GIL released when `detached`), so the tests can check
/// that a panic reaches Python as an ordinary exception.
#[pyfunction]
#[allow(clippy::panic)]
fn _debug_panic(py: Python<'_>, detached: bool) -> PyResult<()> {
    if detached {
        errors::detach(py, || panic!("deliberate panic (detached)"))
    } else {
        panic!("deliberate panic (attached)")
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::Client>()?;
    m.add_class::<record::Record>()?;
    m.add_class::<custom::PyCustomValue>()?;
    m.add_class::<reference::Ref>()?;
    m.add_class::<pager::Pager>()?;
    m.add_class::<pager::SearchHits>()?;
    m.add_class::<pager::PageIterator>()?;
    m.add_class::<pager::Page>()?;
    m.add_class::<calls::Unset>()?;
    m.add_class::<cancel::CancelToken>()?;
    m.add_class::<sandbox::Sandbox>()?;
    m.add("UNSET", Py::new(m.py(), calls::Unset)?)?;
    m.add_function(wrap_pyfunction!(calls::operations, m)?)?;
    m.add_function(wrap_pyfunction!(config::config_defaults, m)?)?;
    m.add_function(wrap_pyfunction!(models::register_models, m)?)?;
    m.add_function(wrap_pyfunction!(record::_record_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_error_sample, m)?)?;
    m.add(
        "ERROR_CLASSES",
        pyo3::types::PyTuple::new(m.py(), errors::error_classes())?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "RECORD_METHODS",
        pipedrive_types::json::RECORD_METHODS.to_vec(),
    )?;
    Ok(())
}
