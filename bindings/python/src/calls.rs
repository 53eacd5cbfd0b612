//! From a generated Python method to a request: the operation is looked up in the Rust
//! operation table (`pipedrive::operations`), the caller's arguments are converted to
//! JSON values (files to uploads) and handed to the row's `build`, which decodes them
//! into the typed parameters and builds the request exactly as the Rust method does.
//! Nothing here knows a path, a query name or how a value is written on the wire.
use crate::convert::to_json;
use crate::errors::{invalid_input, to_pyerr};
use crate::io::{ErrorSlot, PyReader};
use pipedrive_transport::{ArgKind, Args, Error, Operation, Upload};
use pipedrive_types::wire::QueryValue;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

static BY_ID: LazyLock<HashMap<&'static str, &'static Operation>> = LazyLock::new(|| {
    pipedrive::operations::operations()
        .iter()
        .map(|op| (op.id, op))
        .collect()
});

/// The table row of `id` (`"deals.get"`).
pub fn operation(py: Python<'_>, id: &str) -> PyResult<&'static Operation> {
    BY_ID
        .get(id)
        .copied()
        .ok_or_else(|| invalid_input(py, format!("no operation {id:?}")))
}

/// "Leave this field alone": the default of the fields of a PATCH update, where `None`
/// means "clear it" (`pipedrive_rs.UNSET`).
#[pyclass(frozen, module = "pipedrive_rs._native", name = "Unset")]
#[derive(Debug)]
pub struct Unset;

#[pymethods]
impl Unset {
    fn __repr__(&self) -> &'static str {
        "UNSET"
    }

    fn __bool__(&self) -> bool {
        false
    }
}

/// The caller's arguments, positionally in the order of `op.args`, as [`Args`]. `None`
/// means "not given", except for a field the operation can clear
/// ([`Operation::clearable`]), where it is an explicit `null` and [`Unset`] is "not
/// given"; files become uploads read while the request is sent.
pub fn arguments(
    py: Python<'_>,
    op: &Operation,
    values: &Bound<'_, PyTuple>,
    slot: &ErrorSlot,
) -> PyResult<Args> {
    if values.len() != op.args.len() {
        return Err(invalid_input(
            py,
            format!(
                "{} takes {} arguments, got {}",
                op.id,
                op.args.len(),
                values.len()
            ),
        ));
    }
    let mut args = Args::new();
    for (spec, value) in op.args.iter().zip(values.iter()) {
        if value.is_instance_of::<Unset>() {
            continue;
        }
        if value.is_none() {
            if op.clearable(spec) {
                args.push_null(spec.name);
            }
            continue;
        }
        if spec.kind == ArgKind::File {
            args.push_object(spec.name, upload(py, spec.name, &value, slot)?);
        } else {
            args.push(spec.name, named_json(&value, spec.name)?);
        }
    }
    Ok(args)
}

/// `value` as JSON; a value that has no JSON form is an error naming the argument.
fn named_json(value: &Bound<'_, PyAny>, name: &str) -> PyResult<serde_json::Value> {
    to_json(value).map_err(|e| {
        let py = value.py();
        // Worded like the errors of the operation table's decoding.
        to_pyerr(py, Error::InvalidInput(format!("`{name}` {}", e.value(py))))
    })
}

/// An upload from the tuple `pipedrive_rs._support.file_part` makes of what the caller
/// gave: `(kind, name, content, file_name, content_type)` with kind `path`, `bytes` or
/// `reader`.
fn upload(
    py: Python<'_>,
    name: &str,
    spec: &Bound<'_, PyAny>,
    slot: &ErrorSlot,
) -> PyResult<Upload> {
    let spec = spec.cast::<PyTuple>().map_err(|_| {
        invalid_input(
            py,
            format!("`{name}` must be a path, bytes, a binary file object or (file_name, content)"),
        )
    })?;
    let kind: String = spec.get_item(0)?.extract()?;
    let file_name: Option<String> = spec.get_item(3)?.extract()?;
    let content = spec.get_item(2)?;
    let mut up = match kind.as_str() {
        "path" => Upload::path(content.extract::<String>()?),
        "bytes" => {
            let bytes = content
                .cast::<PyBytes>()
                .map_err(|_| invalid_input(py, format!("`{name}` content must be bytes")))?;
            Upload::bytes("file", bytes.as_bytes().to_vec())
        }
        "reader" => Upload::reader("file", PyReader::new(content.unbind(), Arc::clone(slot))),
        other => {
            return Err(invalid_input(
                py,
                format!("`{name}`: unknown upload kind {other:?}"),
            ));
        }
    };
    if let Some(f) = file_name {
        up = up.file_name(f);
    }
    if let Some(ct) = spec.get_item(4)?.extract::<Option<String>>()? {
        up = up.mime(ct);
    }
    Ok(up)
}

/// Query or form pairs of a raw call (`Client.request`): a mapping or an iterable of
/// pairs; `None` values are left out; values are written as the Rust client writes them
/// (text as is, booleans `true`/`false`, numbers in decimal, lists comma-separated).
pub fn pairs(py: Python<'_>, given: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(given) = given.filter(|g| !g.is_none()) else {
        return Ok(Vec::new());
    };
    let items = match given.cast::<PyDict>() {
        Ok(d) => d.items().into_any(),
        Err(_) if given.hasattr("items")? => given.call_method0("items")?,
        Err(_) => given.clone(),
    };
    let mut out = Vec::new();
    for pair in items.try_iter()? {
        let pair = pair?;
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
        if value.is_none() {
            continue;
        }
        let key = key.str()?.to_cow()?.into_owned();
        let mut text = String::new();
        render(py, &key, &value, &mut text)?;
        out.push((key, text));
    }
    Ok(out)
}

fn render(py: Python<'_>, key: &str, v: &Bound<'_, PyAny>, out: &mut String) -> PyResult<()> {
    if let Ok(b) = v.cast::<PyBool>() {
        b.is_true().render(out);
    } else if let Ok(s) = v.cast::<PyString>() {
        out.push_str(&s.to_cow()?);
    } else if v.cast::<PyInt>().is_ok() {
        out.push_str(&v.str()?.to_cow()?);
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if !x.is_finite() {
            return Err(invalid_input(py, format!("`{key}` cannot be sent as {x}")));
        }
        x.render(out);
    } else if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        let mut first = true;
        for item in v.try_iter()? {
            let item = item?;
            if item.is_none() {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            render(py, key, &item, out)?;
        }
    } else if v.hasattr("value")? && v.is_instance(&py.import("enum")?.getattr("Enum")?)? {
        render(py, key, &v.getattr("value")?, out)?;
    } else {
        return Err(invalid_input(
            py,
            format!(
                "`{key}` cannot be sent as text (got {})",
                v.get_type().name()?
            ),
        ));
    }
    Ok(())
}

/// Builds the request of `op` from `args`; invalid arguments raise `InvalidInputError`.
pub fn build(py: Python<'_>, op: &Operation, args: Args) -> PyResult<pipedrive_transport::Request> {
    op.request(args).map_err(|e: Error| to_pyerr(py, e))
}

/// The operation table as Python data, for introspection and parity tests: one dict per
/// operation with `id`, `resource`, `name`, `method`, `path`, `params`, `response`,
/// `model`, `version`, `deprecated`, `replaced_by` (the id of the v2 operation that
/// replaces a deprecated one, `"v2.deals.list"`, or None), `custom_fields` (the field set of a
/// `custom_fields=` keyword, or None) and `args` (`(name, location, required, kind)`).
#[pyfunction]
pub fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for op in pipedrive::operations::operations() {
        let d = PyDict::new(py);
        d.set_item("id", op.id)?;
        d.set_item("resource", op.resource)?;
        d.set_item("name", op.name)?;
        d.set_item("method", op.method.as_str())?;
        d.set_item("path", op.path)?;
        d.set_item("params", op.params)?;
        d.set_item("response", format!("{:?}", op.response).to_lowercase())?;
        d.set_item("model", op.model)?;
        d.set_item("version", format!("{:?}", op.version).to_lowercase())?;
        d.set_item("deprecated", op.deprecated)?;
        d.set_item("replaced_by", op.replaced_by)?;
        // Whether the method takes `custom_fields=` (fields by name).
        d.set_item(
            "custom_fields",
            op.custom_fields().map(|(entity, _)| entity.as_str()),
        )?;
        let args = PyList::empty(py);
        for a in op.args {
            let kind = match a.kind {
                ArgKind::Enum(values) => format!("enum:{}", values.join(",")),
                other => format!("{other:?}").to_lowercase(),
            };
            args.append((
                a.name,
                format!("{:?}", a.location).to_lowercase(),
                a.required,
                kind,
            ))?;
        }
        d.set_item("args", args)?;
        list.append(d)?;
    }
    Ok(list)
}
