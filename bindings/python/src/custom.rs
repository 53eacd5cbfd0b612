//! Custom fields for Python: `CustomValue` (a typed value that prints as the human
//! value), and the conversions behind `client.custom_fields`, `record.custom_field(name)`
//! and the `custom_fields=` keyword of create/update. The name rule, option labels and
//! the wire form are the Rust `FieldRegistry`'s; this only converts.
use crate::convert::to_json;
use crate::errors::{invalid_input, to_pyerr};
use crate::record::Record;
use crate::values::{Mode, to_py};
use pipedrive_transport::{Error, Operation};
use pipedrive_types::schema::FieldKind;
use pipedrive_types::{CustomLayout, CustomValue, FieldEntity, FieldRegistry};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

/// The value of one custom field. `str(value)` is the human value (an option's label,
/// `1200 EUR`, a person's name), `kind` says which type it is, `value` is the plain
/// Python value (text, a `Decimal` amount, an option id, a list of option ids, a
/// `date` or a `time`, ...).
#[pyclass(frozen, module = "pipedrive_rs._native", name = "CustomValue", eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCustomValue(pub CustomValue);

fn json<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, v, Mode::Plain, None)
}

/// A wire value as the Python type of `kind` (`Decimal`, `date`, `time` in UTC), by the
/// same conversion as model fields; text that does not parse stays text.
fn typed<'py>(py: Python<'py>, kind: FieldKind, wire: &Value) -> PyResult<Bound<'py, PyAny>> {
    match crate::money_dates::to_py(py, kind, &wire.to_string()) {
        Some(v) => v,
        None => json(py, wire),
    }
}

/// The Python type a value's main wire value reads as, if it is not plain JSON.
fn kind_of(v: &CustomValue) -> Option<FieldKind> {
    match v {
        CustomValue::Number(_) | CustomValue::Money { .. } => Some(FieldKind::Money),
        CustomValue::Date(_) | CustomValue::DateRange { .. } => Some(FieldKind::Date),
        CustomValue::Time(_) | CustomValue::TimeRange { .. } => Some(FieldKind::Time),
        _ => None,
    }
}

#[pymethods]
impl PyCustomValue {
    /// `text`, `number`, `money`, `option`, `options`, `labels`, `date`, `date_range`,
    /// `time`, `time_range`, `user`, `person`, `organization`, `address`, `phone`,
    /// `other`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind()
    }

    /// The plain value: what is stored under the field's key, as Python data (a
    /// `Decimal` amount, a `date`, a `time` in UTC, an option id, a list of option ids
    /// for several options, a range's start, a reference's id).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let wire = self.0.to_wire("");
        let main = match &self.0 {
            CustomValue::Choices(cs) => Value::from(cs.iter().map(|c| c.id).collect::<Vec<_>>()),
            _ => wire
                .into_iter()
                .next()
                .map(|(_, v)| v)
                .unwrap_or(Value::Null),
        };
        match kind_of(&self.0) {
            Some(kind) => typed(py, kind, &main),
            None => json(py, &main),
        }
    }

    /// The amount of a number or money value, as a `Decimal` (the exact digits).
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0.amount() {
            Some(a) => typed(
                py,
                FieldKind::Money,
                &serde_json::to_value(a).unwrap_or(Value::Null),
            ),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The currency of a money value.
    #[getter]
    fn currency(&self) -> Option<&str> {
        self.0.currency()
    }

    /// The id of an option or a reference.
    #[getter]
    fn id(&self) -> Option<u64> {
        self.0.id()
    }

    /// The chosen option ids (one for an `enum` field).
    #[getter]
    fn ids(&self) -> Vec<u64> {
        self.0.choices().iter().map(|c| c.id).collect()
    }

    /// The chosen option labels, where known (or the labels given).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.0.labels()
    }

    /// The end of a date or time range: a `date`, or a `time` in UTC.
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match (self.0.end(), kind_of(&self.0)) {
            (Some(end), Some(kind)) => typed(py, kind, &Value::from(end)),
            _ => Ok(py.None().into_bound(py)),
        }
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("CustomValue({}, {:?})", self.0.kind(), self.0.to_string())
    }
}

/// The field set of a record from its model name (`Deal`, `Lead`, `Person`, ...).
pub fn entity_of_model(
    py: Python<'_>,
    model: Option<String>,
) -> PyResult<(FieldEntity, CustomLayout)> {
    let name = model.unwrap_or_default();
    FieldEntity::of_model(&name).ok_or_else(|| {
        invalid_input(
            py,
            if name.is_empty() {
                "this record has no known type, so its custom fields cannot be named".to_owned()
            } else {
                format!("{name} records have no custom fields")
            },
        )
    })
}

/// A field set named by the caller (`"deal"`, `"person"`, ...).
pub fn entity_named(py: Python<'_>, kind: &str) -> PyResult<FieldEntity> {
    FieldEntity::parse(kind).ok_or_else(|| {
        invalid_input(
            py,
            format!(
                "`kind` must be one of deal, person, organization, product, activity, project, got {kind:?}"
            ),
        )
    })
}

fn arg_error(py: Python<'_>, e: pipedrive_types::args::ArgError) -> PyErr {
    to_pyerr(py, Error::from(e))
}

/// Reads the custom field `name` of a record's fields.
pub fn read(
    py: Python<'_>,
    registry: &FieldRegistry,
    (entity, layout): (FieldEntity, CustomLayout),
    record: &serde_json::Map<String, Value>,
    name: &str,
) -> PyResult<Option<PyCustomValue>> {
    registry
        .read_in(entity, layout, layout.fields_of(record), name)
        .map(|v| v.map(PyCustomValue))
        .map_err(|e| arg_error(py, e))
}

/// Every custom field set on a record, by name.
pub fn read_all<'py>(
    py: Python<'py>,
    registry: &FieldRegistry,
    (entity, layout): (FieldEntity, CustomLayout),
    record: &serde_json::Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (name, v) in registry.read_all_in(entity, layout, layout.fields_of(record)) {
        d.set_item(name, PyCustomValue(v))?;
    }
    Ok(d)
}

/// A Python value given for a custom field: a `CustomValue` as it is, None to clear,
/// anything else through its JSON form.
fn value_of(v: &Bound<'_, PyAny>) -> PyResult<Option<CustomValue>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(c) = v.cast::<PyCustomValue>() {
        return Ok(Some(c.get().0.clone()));
    }
    Ok(Some(CustomValue::from_json(to_json(v)?)))
}

/// The body entries (`key -> wire value`) for custom fields given by name, laid out as
/// the request takes them (v1 flat keys with companions, v2 one object's entries).
pub fn entries(
    py: Python<'_>,
    registry: &FieldRegistry,
    entity: FieldEntity,
    layout: CustomLayout,
    values: &Bound<'_, PyAny>,
) -> PyResult<serde_json::Map<String, Value>> {
    let dict = values
        .cast::<PyDict>()
        .map_err(|_| invalid_input(py, "`custom_fields` must be a dict of field name to value"))?;
    let mut out = serde_json::Map::new();
    for (k, v) in dict.iter() {
        let name: String = k
            .extract()
            .map_err(|_| invalid_input(py, "`custom_fields` keys must be field names (str)"))?;
        let encoded = registry
            .encode_in(entity, layout, &name, value_of(&v)?)
            .map_err(|e| arg_error(py, e))?;
        out.extend(encoded);
    }
    Ok(out)
}

/// The field set an operation's body carries, or an error naming the operation.
pub fn entity_of_operation(
    py: Python<'_>,
    op: &Operation,
) -> PyResult<(FieldEntity, CustomLayout)> {
    op.custom_fields()
        .ok_or_else(|| invalid_input(py, format!("{} takes no custom fields by name", op.id)))
}

/// Links a returned record to the client that returned it (anything else is left
/// alone), so that `record.custom_field(name)` finds the client's field registry.
pub fn link(obj: &Bound<'_, PyAny>, client: &Py<crate::client::Client>) {
    if let Ok(r) = obj.cast::<Record>() {
        let _ = r.get().client.set(client.clone_ref(obj.py()));
    }
}

/// `record.custom_field(name)`: through the client that returned the record (its field
/// registry is loaded once, see `client.custom_fields`).
pub fn of_record(record: &Bound<'_, Record>, name: &str) -> PyResult<Option<PyCustomValue>> {
    let py = record.py();
    let Some(client) = record.get().client.get() else {
        return Err(invalid_input(
            py,
            "this record was not returned by a client call; use client.custom_fields.get(record, name)",
        ));
    };
    client.bind(py).get().custom_field_of(py, record, name)
}
