//! The native half of the `pipedrive_rs` Python package (`pipedrive_rs._native`).
//!
//! The endpoint surface itself is generated Python (`python/pipedrive_rs/_generated.py`)
//! that renders each call into a method, a path, query pairs and a body, and hands them
//! to the small generic API here: [`client::Client`] (`request`, `paginate`, `download`),
//! [`pager::Pager`] and [`record::Record`]. Responses are parsed in Rust with the GIL
//! released, and stay Rust values until Python reads a field.
mod client;
mod convert;
mod errors;
mod io;
mod models;
mod pager;
mod raw;
mod record;

use pyo3::prelude::*;

/// `(resource accessor, method, HTTP method, reference path)` of every operation of the
/// Rust client, for the parity test of the Python surface.
#[pyfunction]
fn operations() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    pipedrive::operations::OPERATIONS.to_vec()
}

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
    m.add_class::<pager::Pager>()?;
    m.add_class::<pager::PageIterator>()?;
    m.add_class::<pager::Page>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(models::register_models, m)?)?;
    m.add_function(wrap_pyfunction!(record::_record_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_error_sample, m)?)?;
    m.add(
        "ERROR_CLASSES",
        pyo3::types::PyTuple::new(m.py(), errors::error_classes())?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
