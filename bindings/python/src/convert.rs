//! Python values -> JSON, for request bodies.
use crate::errors::invalid_input;
use crate::record::Record;
use crate::reference::Ref;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

const MAX_DEPTH: usize = 64;

/// Converts `obj` to JSON: `None`, `bool`, `int`, `float`, `str` (enum members included,
/// as their value), mappings with string keys, lists and tuples, and `Record`s; a
/// `Decimal`, `date`, `time` or `datetime` becomes text that the Rust parameter types read
/// (see `money_dates`).
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(obj, 0)
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(invalid_input(py, "request body is nested too deeply"));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: True is an int in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        // A str subclass (a `str` Enum member) yields its underlying text: its value.
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(invalid_input(
            py,
            format!("integer {obj} does not fit in 64 bits"),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| invalid_input(py, format!("{v} cannot be sent as JSON")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| invalid_input(py, format!("JSON object keys must be str, not {k}")))?
                .to_cow()?
                .into_owned();
            map.insert(key, convert(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|v| convert(&v, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|v| convert(&v, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Ok(r) = obj.cast::<Record>() {
        return r.get().to_value(py);
    }
    // A reference stands for the id it points at (`person_id=deal.person_id`).
    if let Ok(r) = obj.cast::<Ref>() {
        return Ok(Value::Number(r.get().ref_id().into()));
    }
    // Enum members that are not str subclasses (IntEnum is an int and handled above).
    let enum_type = py.import("enum")?.getattr("Enum")?;
    if obj.is_instance(&enum_type)? {
        return convert(&obj.getattr("value")?, depth + 1);
    }
    // Any other mapping (MappingProxyType, user classes) and sequence.
    let abc = py.import("collections.abc")?;
    if obj.is_instance(&abc.getattr("Mapping")?)? {
        let d = PyDict::new(py);
        d.update(obj.cast()?)?;
        return convert(d.as_any(), depth);
    }
    if let Some(text) = crate::money_dates::as_text(obj)? {
        return Ok(Value::String(text));
    }
    Err(invalid_input(
        py,
        format!(
            "cannot send a value of type {} as JSON",
            obj.get_type().name()?
        ),
    ))
}
