//! Money, dates and times between Python and the Rust types.
//!
//! Going out, a `Decimal`, `date`, `time` or `datetime` becomes text that the Rust
//! parameter types read with their own rules (`pipedrive_types::Amount`, `Date`,
//! `TimeOfDay`, `Timestamp`): this module only spells the value (`str(d)`,
//! `isoformat()`), it decides nothing. An aware `datetime` or `time` carries its offset
//! and Rust converts it to UTC; a naive `datetime` carries none and Rust refuses it.
//!
//! Coming back, a result field whose Rust model type is money, a date, a time of day or
//! a timestamp (`pipedrive_types::schema`) reads as `Decimal` (the server's digits; a
//! map of amounts per currency as a `dict` of them),
//! `date`, `time` or `datetime` (both with `tzinfo=timezone.utc`). A value that does
//! not parse (Pipedrive's `""`) reads as received.
use pipedrive_types::schema::FieldKind;
use pipedrive_types::{Amount, Date, KeyedMap, TimeOfDay, Timestamp};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use std::sync::Arc;

use crate::models::Model;

/// The classes this module builds and recognises, imported once.
struct Classes {
    decimal: Py<PyType>,
    date: Py<PyType>,
    time: Py<PyType>,
    datetime: Py<PyType>,
    utc: Py<PyAny>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let dt = py.import("datetime")?;
        let class = |m: &Bound<'_, PyModule>, name: &str| -> PyResult<Py<PyType>> {
            Ok(m.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(Classes {
            decimal: class(&py.import("decimal")?, "Decimal")?,
            date: class(&dt, "date")?,
            time: class(&dt, "time")?,
            datetime: class(&dt, "datetime")?,
            utc: dt.getattr("timezone")?.getattr("utc")?.unbind(),
        })
    })
}

/// The text of a `Decimal`, `date`, `time` or `datetime` argument; `None` for anything else.
pub fn as_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let py = obj.py();
    let c = classes(py)?;
    if obj.is_instance(c.decimal.bind(py))? {
        return Ok(Some(obj.str()?.to_cow()?.into_owned()));
    }
    // `datetime` before `date`: a datetime is a date too.
    for class in [&c.datetime, &c.date, &c.time] {
        if obj.is_instance(class.bind(py))? {
            return Ok(Some(obj.call_method0("isoformat")?.extract::<String>()?));
        }
    }
    Ok(None)
}

/// Field `key` of a record of type `model` as its Python money or date value, when the
/// Rust model says it is one; `json` gives the field's JSON text (only then asked for).
pub fn field<'py>(
    py: Python<'py>,
    model: Option<&Arc<Model>>,
    key: &str,
    json: &dyn Fn() -> String,
) -> Option<PyResult<Bound<'py, PyAny>>> {
    let kind = model?.converted(key)?;
    to_py(py, kind, &json())
}

/// The Python value of a result field of kind `kind`, from its JSON text; `None` when
/// the kind is not converted here or the value does not parse (it then reads as sent).
pub fn to_py<'py>(
    py: Python<'py>,
    kind: FieldKind,
    json: &str,
) -> Option<PyResult<Bound<'py, PyAny>>> {
    if json == "null" {
        return None;
    }
    let c = match classes(py) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    let decimal = |a: &Amount| {
        let digits = a.is_decimal().then(|| a.as_str().trim().to_owned())?;
        Some(c.decimal.bind(py).call1((digits,)))
    };
    match kind {
        FieldKind::Money => decimal(&serde_json::from_str::<Amount>(json).ok()?),
        FieldKind::MoneyMap => {
            // Every value an amount, or the map reads as sent.
            let map: KeyedMap<String, Amount> = serde_json::from_str(json).ok()?;
            let out = PyDict::new(py);
            for (currency, amount) in map.into_map() {
                match decimal(&amount)? {
                    Ok(d) => {
                        if let Err(e) = out.set_item(currency, d) {
                            return Some(Err(e));
                        }
                    }
                    Err(e) => return Some(Err(e)),
                }
            }
            Some(Ok(out.into_any()))
        }
        FieldKind::Date => {
            use pipedrive_types::chrono::Datelike;
            let d = serde_json::from_str::<Date>(json).ok()?.get()?;
            Some(c.date.bind(py).call1((d.year(), d.month(), d.day())))
        }
        FieldKind::Time => {
            use pipedrive_types::chrono::Timelike;
            let t = serde_json::from_str::<TimeOfDay>(json).ok()?.get()?;
            let utc = c.utc.bind(py);
            Some(
                c.time
                    .bind(py)
                    .call1((t.hour(), t.minute(), t.second(), 0, utc)),
            )
        }
        FieldKind::Timestamp => {
            use pipedrive_types::chrono::{Datelike, Timelike};
            let t = serde_json::from_str::<Timestamp>(json).ok()?.get()?;
            let utc = c.utc.bind(py);
            Some(c.datetime.bind(py).call1((
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
                0,
                utc,
            )))
        }
        _ => None,
    }
}
