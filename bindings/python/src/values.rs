//! JSON turned into Python values: plain values as they are, objects as lazy `Record`s
//! (or `dict`s for `to_dict()`), with the nesting limit checked on the way.
use crate::errors::decode_failure;
use crate::models::Model;
use crate::raw::{lead, to_plain};
use crate::record::Record;
use pipedrive_types::json::{Node, check_level, split};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};
use std::sync::Arc;
/// How JSON objects inside a converted value come out.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// Objects become `Record`s (attribute access, lazy).
    Records,
    /// Objects become `dict`s (`to_dict()`).
    Plain,
}

fn number<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        i.into_bound_py_any(py)
    } else if let Some(u) = n.as_u64() {
        u.into_bound_py_any(py)
    } else {
        Ok(PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any())
    }
}

/// Converts a JSON value into Python objects.
pub fn to_py<'py>(
    py: Python<'py>,
    v: &Value,
    mode: Mode,
    model: Option<&Arc<Model>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item, mode, model)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => match mode {
            Mode::Records => {
                Bound::new(py, Record::from_map(map.clone(), model.cloned()))?.into_any()
            }
            Mode::Plain => dict(py, map)?.into_any(),
        },
    })
}

pub fn dict<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in map {
        d.set_item(k, to_py(py, v, Mode::Plain, None)?)?;
    }
    Ok(d)
}

/// Converts an owned JSON value: objects become `Record`s without copying.
pub fn into_py(py: Python<'_>, v: Value, model: Option<&Arc<Model>>) -> PyResult<Py<PyAny>> {
    match v {
        Value::Object(map) => Ok(Py::new(py, Record::from_map(map, model.cloned()))?.into_any()),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(into_py(py, item, model)?)?;
            }
            Ok(list.into_any().unbind())
        }
        other => Ok(to_py(py, &other, Mode::Records, model)?.unbind()),
    }
}

pub fn decode_error(py: Python<'_>, e: &serde_json::Error) -> PyErr {
    decode_failure(py, format!("malformed JSON in a response: {e}"))
}

/// Levels above the `data` of a response: the envelope object.
pub const DATA_DEPTH: usize = 1;
/// Levels above an item of a list page: the envelope and the `data` array.
pub const ITEM_DEPTH: usize = 2;

/// Converts JSON text found `depth` levels down in its response: objects become
/// `Record`s holding their text, arrays lists of converted elements, scalars Python
/// scalars.
///
/// The walk is `pipedrive_types::json::split`, shared with the uniffi binding and its
/// fuzz target: the text is checked against the one nesting limit before anything
/// recurses, so a server answer of thousands of nested arrays is a `DecodeError` found
/// in one scan, not a stack overflow.
pub fn raw_to_py<'py>(
    py: Python<'py>,
    raw: Box<RawValue>,
    model: Option<&Arc<Model>>,
    depth: usize,
) -> PyResult<Bound<'py, PyAny>> {
    if lead(&raw) == b'{' {
        // The common case keeps its text without a copy; its fields are checked when
        // read, and its own level now, so that a chain of nested objects read field by
        // field stops at the limit too.
        check_level(depth).map_err(|e| decode_error(py, &e))?;
        return Ok(Bound::new(py, Record::from_raw(raw, model.cloned()).at(depth))?.into_any());
    }
    let node = split(raw.get(), depth).map_err(|e| decode_error(py, &e))?;
    node_to_py(py, node, model)
}

/// Builds the Python value of a split JSON value (its depth is already checked).
fn node_to_py<'py>(
    py: Python<'py>,
    node: Node<'_>,
    model: Option<&Arc<Model>>,
) -> PyResult<Bound<'py, PyAny>> {
    match node {
        Node::Object { raw, depth } => Ok(Bound::new(
            py,
            Record::from_raw(raw.to_owned(), model.cloned()).at(depth),
        )?
        .into_any()),
        Node::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(node_to_py(py, item, model)?)?;
            }
            Ok(list.into_any())
        }
        Node::Scalar(raw) => to_plain(py, raw.get()).map_err(|e| decode_error(py, &e)),
    }
}
