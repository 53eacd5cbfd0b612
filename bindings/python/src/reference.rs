//! `Ref`: a reference to another record (`deal.user_id`, `deal.owner`), with `.id` and
//! `.name` whichever form the server sent (a bare id, or an object carrying the id as
//! `id` or `value`), and the expanded object's other fields as attributes.
//!
//! The rules (where the id and the name are found) are `pipedrive_types`'
//! [`ref_parts`]; this module only turns their answer into a Python object. A `Ref` stands
//! for its id where Python expects an integer (`__index__`, `__eq__` with an int, `hash`),
//! so `client.persons.get(deal.person_id)` works as it did with a bare id.
use crate::models::model;
use crate::record::Record;
use crate::values::{Mode, to_py};
use pipedrive_types::lenient::ref_parts;
use pipedrive_types::schema::{RefAccessor, schema};
use pyo3::basic::CompareOp;
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

/// A reference to another record: `id`, `name`, and the expanded object's fields.
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Ref")]
#[derive(Debug)]
pub struct Ref {
    id: u64,
    name: Option<String>,
    /// Rust name of the referenced object's model (`UserRef`), for `repr` and for which
    /// absent fields read as `None`.
    target: &'static str,
    /// The expanded object, when the server sent one.
    object: Option<Py<Record>>,
}

impl Ref {
    /// The reference held by `value` (a field of kind `Ref(target)`), with `fallback` as
    /// the name when the value carries none; `None` when it carries no id.
    pub fn from_json(
        py: Python<'_>,
        value: &Value,
        fallback: Option<&Value>,
        target: &'static str,
    ) -> PyResult<Option<Ref>> {
        let Some((id, name)) = ref_parts(value) else {
            return Ok(None);
        };
        let name = name.or_else(|| fallback.and_then(Value::as_str));
        let object = match value {
            Value::Object(map) => Some(Py::new(
                py,
                Record::from_map(map.clone(), model(Some(target))),
            )?),
            _ => None,
        };
        Ok(Some(Ref {
            id,
            name: name.map(str::to_owned),
            target,
            object,
        }))
    }

    /// A reference field's value as Python reads it: a `Ref`, or None when the value
    /// carries no id (`to_dict()` still has it as received).
    pub fn read<'py>(
        py: Python<'py>,
        value: &Value,
        target: &'static str,
    ) -> PyResult<Bound<'py, PyAny>> {
        match Ref::from_json(py, value, None, target)? {
            Some(r) => Ok(Bound::new(py, r)?.into_any()),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The value of accessor `acc` on a record whose fields are read by `field`.
    pub fn of_accessor<'py>(
        py: Python<'py>,
        acc: &RefAccessor,
        field: impl Fn(&str) -> PyResult<Option<Value>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(value) = field(acc.key)? else {
            return Ok(py.None().into_bound(py));
        };
        let fallback = match acc.name_key {
            Some(k) => field(k)?,
            None => None,
        };
        match Ref::from_json(py, &value, fallback.as_ref(), acc.target)? {
            Some(r) => Ok(Bound::new(py, r)?.into_any()),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The referenced id.
    pub fn ref_id(&self) -> u64 {
        self.id
    }

    fn documented(&self, key: &str) -> bool {
        schema(self.target).is_some_and(|fields| fields.iter().any(|f| f.key == key))
    }
}

#[pymethods]
impl Ref {
    /// The referenced record's id.
    #[getter]
    fn id(&self) -> u64 {
        self.id
    }

    /// The referenced record's name, when the server sent one.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The expanded object as received (a `Record`), or None for a bare id.
    #[getter]
    fn object(&self, py: Python<'_>) -> Option<Py<Record>> {
        self.object.as_ref().map(|o| o.clone_ref(py))
    }

    /// Other fields of the expanded object; documented ones read as None when absent.
    fn __getattr__<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = name.to_cow()?;
        if !key.starts_with('_') {
            if let Some(obj) = &self.object {
                if let Some(v) = obj.get().field(py, &key) {
                    return v;
                }
            }
            if self.documented(&key) {
                return Ok(py.None().into_bound(py));
            }
        }
        Err(PyAttributeError::new_err(format!(
            "'{}' object has no attribute '{key}'",
            self.target
        )))
    }

    fn __index__(&self) -> u64 {
        self.id
    }

    fn __int__(&self) -> u64 {
        self.id
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        // The hash of the id: a reference and the id it equals land in the same slot.
        self.id.into_pyobject(py)?.hash()
    }

    fn __richcmp__<'py>(
        &self,
        other: &Bound<'py, PyAny>,
        op: CompareOp,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = other.py();
        let other_id = if let Ok(r) = other.cast::<Ref>() {
            Some(r.get().id)
        } else if other.cast::<pyo3::types::PyBool>().is_err() {
            other
                .cast::<pyo3::types::PyInt>()
                .ok()
                .and_then(|i| i.extract::<u64>().ok())
        } else {
            None
        };
        let answer = match (op, other_id) {
            (CompareOp::Eq, Some(id)) => self.id == id,
            (CompareOp::Ne, Some(id)) => self.id != id,
            _ => return Ok(py.NotImplemented().into_bound(py)),
        };
        Ok(pyo3::types::PyBool::new(py, answer).to_owned().into_any())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(match &self.name {
            Some(n) => format!(
                "{}(id={}, name={})",
                self.target,
                self.id,
                PyString::new(py, n).repr()?
            ),
            None => format!("{}(id={})", self.target, self.id),
        })
    }

    /// The reference as plain Python values: the expanded object's fields as received,
    /// or `{"id": id}` for a bare id.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.object {
            Some(obj) => to_py(py, &obj.get().to_value(py)?, Mode::Plain, None),
            None => to_py(py, &serde_json::json!({ "id": self.id }), Mode::Plain, None),
        }
    }
}
