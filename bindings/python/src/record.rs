//! `Record`: a response object that keeps its JSON on the Rust side and turns a field
//! into a Python object only when it is read.
//!
//! Objects of a response keep their JSON text (see `raw`); reading an attribute scans the
//! object's top level for that one field. Iterating a list therefore costs one small
//! allocation per item, not one Python object per field; `to_dict()` converts
//! everything, custom fields included, unchanged.
use crate::custom::PyCustomValue;
use crate::errors::invalid_input;
use crate::models::{Model, model};
use crate::money_dates;
use crate::raw::{Entry, field_value, find_field, index, lead, to_plain};
use crate::reference::Ref;
use crate::repr::short_repr;
use crate::values::{Mode, decode_error, dict, raw_to_py, to_py};
use pipedrive_types::json::check_depth;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

/// Method names of `Record`; a JSON field with one of these names is reached with `[]`.
const METHODS: &[&str] = pipedrive_types::json::RECORD_METHODS;

static OBJECT_GETATTRIBUTE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// One object of a response.
///
/// Documented fields read as attributes (`deal.title`; `None` when the server left the
/// field out), every field by key (`deal["<40-char custom field key>"]`), and
/// `to_dict()` returns all fields exactly as received.
#[pyclass(frozen, subclass, module = "pipedrive_rs._native", name = "Record")]
#[derive(Debug)]
pub struct Record {
    source: Source,
    /// The parsed fields of a `Source::Raw` record, once something needed all of them.
    parsed: OnceLock<Map<String, Value>>,
    /// Where each field of a `Source::Raw` record is, once it is read repeatedly.
    index: OnceLock<Vec<Entry>>,
    /// Field reads by scanning so far; after a few, the record builds its index.
    scans: AtomicU8,
    model: Option<Arc<Model>>,
    /// The client that returned this record, for `custom_field(name)`.
    pub(crate) client: OnceLock<Py<crate::client::Client>>,
    /// Levels above this object in its response: the nesting limit counts from the
    /// response's root, also when the object's fields are read one at a time.
    depth: usize,
}

/// Field reads by scanning before a record indexes its fields: most loops read one or
/// two fields per item, for which a scan from the start is cheapest.
const SCANS_BEFORE_INDEX: u8 = 2;

#[derive(Debug)]
enum Source {
    /// The object's JSON text as received.
    Raw(Box<RawValue>),
    /// Parsed fields (objects nested in parsed values, built records).
    Map(Map<String, Value>),
}

impl Record {
    pub fn from_raw(raw: Box<RawValue>, model: Option<Arc<Model>>) -> Self {
        Record {
            source: Source::Raw(raw),
            parsed: OnceLock::new(),
            index: OnceLock::new(),
            scans: AtomicU8::new(0),
            model,
            client: OnceLock::new(),
            depth: 0,
        }
    }

    pub fn from_map(map: Map<String, Value>, model: Option<Arc<Model>>) -> Self {
        Record {
            source: Source::Map(map),
            parsed: OnceLock::new(),
            index: OnceLock::new(),
            scans: AtomicU8::new(0),
            model,
            client: OnceLock::new(),
            depth: 0,
        }
    }

    /// The name of the record's type (`Deal`), when known.
    pub fn model_name(&self, py: Python<'_>) -> Option<String> {
        self.model.as_ref()?.name(py).map(str::to_owned)
    }

    /// The same record, `depth` levels down in its response.
    pub fn at(mut self, depth: usize) -> Self {
        self.depth = depth;
        self
    }

    /// The text of a record from a response, checked against the nesting limit from the
    /// response's root (serde_json alone would count from the record).
    fn checked<'t>(&self, py: Python<'_>, raw: &'t RawValue) -> PyResult<&'t str> {
        if self.depth > 0 {
            check_depth(raw.get(), self.depth).map_err(|e| decode_error(py, &e))?;
        }
        Ok(raw.get())
    }

    /// Every field, parsing the text once when the record holds text.
    pub fn map(&self, py: Python<'_>) -> PyResult<&Map<String, Value>> {
        match &self.source {
            Source::Map(m) => Ok(m),
            Source::Raw(raw) => {
                if let Some(m) = self.parsed.get() {
                    return Ok(m);
                }
                let m: Map<String, Value> = serde_json::from_str(self.checked(py, raw)?)
                    .map_err(|e| decode_error(py, &e))?;
                Ok(self.parsed.get_or_init(|| m))
            }
        }
    }

    /// The type of the object(s) under `key`. Only asked for when the value holds
    /// objects: a scalar field never needs the model (which may still be pending).
    fn nested(&self, py: Python<'_>, key: &str) -> Option<Arc<Model>> {
        self.model.as_ref().and_then(|m| m.nested(py, key))
    }

    /// The value of field `key` as Python reads it (`None`: the record has no such key).
    pub(crate) fn field<'py>(
        &self,
        py: Python<'py>,
        key: &str,
    ) -> Option<PyResult<Bound<'py, PyAny>>> {
        // A reference field (`user_id`, `org_id`) reads as a `Ref`.
        if let Some(target) = self.model.as_ref().and_then(|m| m.ref_target(key)) {
            return Some(
                self.json_field(py, key)?
                    .and_then(|v| Ref::read(py, &v, target)),
            );
        }
        match (&self.source, self.parsed.get()) {
            (Source::Map(m), _) | (Source::Raw(_), Some(m)) => {
                let v = m.get(key)?;
                if let Some(out) =
                    money_dates::field(py, self.model.as_ref(), key, &|| v.to_string())
                {
                    return Some(out);
                }
                let nested = match v {
                    Value::Object(_) | Value::Array(_) => self.nested(py, key),
                    _ => None,
                };
                Some(to_py(py, v, Mode::Records, nested.as_ref()))
            }
            (Source::Raw(raw), None) => {
                let found = match self.entries(py, raw) {
                    Some(Ok(entries)) => entries
                        .iter()
                        .find(|e| e.key(raw.get()) == key)
                        .map(|e| serde_json::from_str::<&RawValue>(e.value(raw.get()))),
                    Some(Err(e)) => return Some(Err(e)),
                    None => find_field(raw.get(), key).transpose(),
                };
                match found? {
                    Ok(v) => {
                        let json = || v.get().to_owned();
                        if let Some(out) = money_dates::field(py, self.model.as_ref(), key, &json) {
                            return Some(out);
                        }
                        let nested = match lead(v) {
                            b'{' | b'[' => self.nested(py, key),
                            _ => None,
                        };
                        Some(raw_to_py(py, v.to_owned(), nested.as_ref(), self.depth + 1))
                    }
                    Err(e) => Some(Err(decode_error(py, &e))),
                }
            }
        }
    }

    /// The JSON value of field `key`, parsed on its own when the record is text.
    fn json_field(&self, py: Python<'_>, key: &str) -> Option<PyResult<Value>> {
        match (&self.source, self.parsed.get()) {
            (Source::Map(m), _) | (Source::Raw(_), Some(m)) => m.get(key).cloned().map(Ok),
            (Source::Raw(raw), None) => field_value(raw.get(), key)
                .map_err(|e| decode_error(py, &e))
                .transpose(),
        }
    }

    /// The field index of a text record: None while reads are still cheaper by scanning.
    fn entries(&self, py: Python<'_>, raw: &RawValue) -> Option<PyResult<&Vec<Entry>>> {
        if let Some(entries) = self.index.get() {
            return Some(Ok(entries));
        }
        if self.scans.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_INDEX {
            return None;
        }
        Some(
            index(raw.get())
                .map(|entries| self.index.get_or_init(|| entries))
                .map_err(|e| decode_error(py, &e)),
        )
    }

    /// The field names in server order, without parsing values when the record is text.
    fn key_list(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        match (&self.source, self.parsed.get()) {
            (Source::Map(m), _) | (Source::Raw(_), Some(m)) => Ok(m.keys().cloned().collect()),
            (Source::Raw(raw), None) => {
                let entries = match self.index.get() {
                    Some(e) => e,
                    None => {
                        let built = index(raw.get()).map_err(|e| decode_error(py, &e))?;
                        self.index.get_or_init(|| built)
                    }
                };
                Ok(entries
                    .iter()
                    .map(|e| e.key(raw.get()).to_owned())
                    .collect())
            }
        }
    }

    fn documented(&self, py: Python<'_>, key: &str) -> bool {
        self.model.as_ref().is_some_and(|m| m.documented(py, key))
    }

    /// The object as JSON text: exactly as received for records read from a response.
    pub fn json_text(&self, py: Python<'_>) -> PyResult<String> {
        match &self.source {
            Source::Raw(raw) => Ok(raw.get().to_owned()),
            Source::Map(m) => {
                serde_json::to_string(m).map_err(|e| invalid_input(py, e.to_string()))
            }
        }
    }

    /// The fields as a JSON object value (for sending a record back in a request body).
    pub fn to_value(&self, py: Python<'_>) -> PyResult<Value> {
        Ok(Value::Object(self.map(py)?.clone()))
    }
}

/// Fields shown first in `repr`, when present.
const LEADING: &[&str] = &["id", "title", "name", "subject", "email", "status"];
const REPR_FIELDS: usize = 6;

#[pymethods]
impl Record {
    /// `Record[T]` in annotations evaluated at run time.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> Bound<'py, pyo3::types::PyType> {
        let _ = item;
        cls.clone()
    }

    /// Pipedrive objects are compared by content, so they are not hashable.
    #[classattr]
    const __hash__: Option<Py<PyAny>> = None;

    fn __getattribute__<'py>(
        slf: &Bound<'py, Self>,
        name: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let key = name.to_cow()?;
        let key: &str = &key;
        let this = slf.get();
        if !key.starts_with('_') && !METHODS.contains(&key) {
            if let Some(acc) = this.model.as_ref().and_then(|m| m.accessor(key)) {
                return Ref::of_accessor(py, acc, |k| this.json_field(py, k).transpose());
            }
            if let Some(v) = this.field(py, key) {
                return v;
            }
            if this.documented(py, key) {
                return Ok(py.None().into_bound(py));
            }
        }
        let generic = OBJECT_GETATTRIBUTE.get_or_try_init(py, || {
            py.import("builtins")?
                .getattr("object")?
                .getattr("__getattribute__")
                .map(Bound::unbind)
        })?;
        generic.bind(py).call1((slf, name))
    }

    /// The custom field `name` (as named in Pipedrive), typed, or None when not set.
    fn custom_field(slf: &Bound<'_, Self>, name: &str) -> PyResult<Option<PyCustomValue>> {
        crate::custom::of_record(slf, name)
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.field(py, key) {
            Some(v) => v,
            None => Err(PyKeyError::new_err(key.to_owned())),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        let Ok(k) = key.cast::<PyString>() else {
            return false;
        };
        let Ok(k) = k.to_cow() else { return false };
        match (&self.source, self.parsed.get()) {
            (Source::Map(m), _) | (Source::Raw(_), Some(m)) => m.contains_key(&*k),
            (Source::Raw(raw), None) => match self.index.get() {
                Some(entries) => entries.iter().any(|e| e.key(raw.get()) == &*k),
                None => matches!(find_field(raw.get(), &k), Ok(Some(_))),
            },
        }
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.key_list(py)?.len())
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.key_list(py)?)?
            .as_any()
            .try_iter()
            .map(Bound::into_any)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let py = other.py();
        match other.cast::<Record>() {
            Ok(o) => Ok(self.map(py)? == o.get().map(py)?),
            Err(_) => Ok(false),
        }
    }

    /// The value of field `key`, or `default` when it is absent.
    #[pyo3(signature = (key, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.field(py, key) {
            Some(v) => v,
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    /// The field names, in the order the server sent them.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        self.key_list(py)
    }

    /// Every field as plain Python values (nested objects as dicts), exactly as received.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match (&self.source, self.parsed.get()) {
            (Source::Raw(raw), None) => Ok(to_plain(py, self.checked(py, raw)?)
                .map_err(|e| decode_error(py, &e))?
                .cast_into::<PyDict>()?),
            _ => dict(py, self.map(py)?),
        }
    }

    /// The object as JSON text, exactly as received (key order kept).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.json_text(py)
    }

    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let this = slf.get();
        let mut names: Vec<String> = slf
            .get_type()
            .dir()?
            .iter()
            .map(|n| n.extract::<String>())
            .collect::<PyResult<_>>()?;
        names.extend(this.key_list(slf.py())?.into_iter().filter(|k| {
            // Custom fields (40 hex characters) are read by key, not attribute.
            let custom = k.len() == 40 && k.bytes().all(|b| b.is_ascii_hexdigit());
            !custom
                && k.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                && k.chars().all(|c| c.is_alphanumeric() || c == '_')
        }));
        if let Some(m) = &this.model {
            names.extend(m.field_names(slf.py()));
            names.extend(m.accessor_names().map(str::to_owned));
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let name = self
            .model
            .as_ref()
            .and_then(|m| m.name(py))
            .unwrap_or("Record");
        let map = self.map(py)?;
        let scalar = |k: &str| {
            matches!(
                map.get(k),
                Some(v) if !matches!(v, Value::Object(_) | Value::Array(_))
            )
        };
        let mut shown: Vec<&str> = LEADING.iter().copied().filter(|k| scalar(k)).collect();
        for k in map.keys() {
            if shown.len() >= REPR_FIELDS {
                break;
            }
            if !shown.contains(&k.as_str()) && scalar(k) {
                shown.push(k);
            }
        }
        // Objects made only of nested values still show their keys.
        for k in map.keys() {
            if shown.len() >= REPR_FIELDS {
                break;
            }
            if !shown.contains(&k.as_str()) {
                shown.push(k);
            }
        }
        shown.truncate(REPR_FIELDS);
        let mut parts = Vec::with_capacity(shown.len() + 1);
        for k in &shown {
            if let Some(v) = map.get(*k) {
                parts.push(format!("{k}={}", short_repr(py, v)?));
            }
        }
        let rest = map.len() - parts.len();
        if rest > 0 {
            parts.push(format!("…{rest} more"));
        }
        Ok(format!("{name}({})", parts.join(", ")))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let rebuild = py
            .import("pipedrive_rs._native")?
            .getattr("_record_from_json")?;
        let json = this.to_json(py)?;
        let kind = this
            .model
            .as_ref()
            .and_then(|m| m.name(py))
            .map(str::to_owned);
        PyTuple::new(
            py,
            [
                rebuild,
                PyTuple::new(
                    py,
                    [json.into_bound_py_any(py)?, kind.into_bound_py_any(py)?],
                )?
                .into_any(),
            ],
        )
    }
}

/// Rebuilds a `Record` from JSON text (used by pickling, handy in tests).
#[pyfunction]
#[pyo3(signature = (json, kind=None))]
pub fn _record_from_json(py: Python<'_>, json: String, kind: Option<&str>) -> PyResult<Record> {
    let raw = RawValue::from_string(json).map_err(|e| invalid_input(py, e.to_string()))?;
    if lead(&raw) != b'{' {
        return Err(PyTypeError::new_err("a Record is built from a JSON object"));
    }
    Ok(Record::from_raw(raw, model(kind)))
}
