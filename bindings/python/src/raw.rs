//! Working on JSON text without building a `serde_json::Value` tree.
//!
//! A page of 500 deals is about 1 MB of JSON. Building a `Value` tree for it costs tens
//! of milliseconds of small allocations, while scanning it costs about one. Responses
//! are therefore kept as text per item (`RawValue`) and read on demand: one field by
//! scanning the item's top level, or everything at once straight into Python objects.
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;

/// The first non-whitespace byte of a JSON text.
pub fn lead(raw: &RawValue) -> u8 {
    raw.get()
        .bytes()
        .find(|b| !b.is_ascii_whitespace())
        .unwrap_or(b'n')
}

/// Marks the early exit of a field scan; never escapes this module.
const FOUND: &str = "\u{0}pipedrive-rs: field found";

struct FindField<'k, 'de> {
    key: &'k str,
    found: &'k Cell<Option<&'de RawValue>>,
}

impl<'de> Visitor<'de> for FindField<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<KeyText<'de>>()? {
            if k.as_str() == self.key {
                self.found.set(Some(map.next_value::<&'de RawValue>()?));
                // Stop scanning: the rest of the object is not needed. The error is
                // recognised by `find_field` and never reaches a caller.
                return Err(de::Error::custom(FOUND));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// A key, borrowed from the input unless it contains escapes.
enum KeyText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl KeyText<'_> {
    fn as_str(&self) -> &str {
        match self {
            KeyText::Borrowed(s) => s,
            KeyText::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(KeyText::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(KeyText::Owned(v.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

/// The value of field `key` of the JSON object `json`, parsed (None: no such key).
pub fn field_value(json: &str, key: &str) -> serde_json::Result<Option<serde_json::Value>> {
    find_field(json, key)?
        .map(|v| serde_json::from_str(v.get()))
        .transpose()
}

/// The text of the top-level field `key` of the JSON object `json`, scanning only up to
/// it. `Ok(None)` when the object has no such field (or `json` is not an object).
pub fn find_field<'de>(json: &'de str, key: &str) -> serde_json::Result<Option<&'de RawValue>> {
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(json);
    match de.deserialize_any(FindField { key, found: &found }) {
        Ok(()) => Ok(None),
        Err(_) if found.get().is_some() => Ok(found.get()),
        Err(e) if e.to_string().starts_with(FOUND) => Ok(found.get()),
        // A non-object (array, scalar) simply has no fields.
        Err(e) if e.classify() == serde_json::error::Category::Data => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where one top-level field of an object sits in the object's text.
#[derive(Debug)]
pub struct Entry {
    key: EntryKey,
    value: (usize, usize),
}

#[derive(Debug)]
enum EntryKey {
    /// Byte range of the key in the text (no escapes in it).
    Range(usize, usize),
    /// A key that had escapes, decoded.
    Owned(Box<str>),
}

impl Entry {
    pub fn key<'t>(&'t self, text: &'t str) -> &'t str {
        match &self.key {
            EntryKey::Range(a, b) => text.get(*a..*b).unwrap_or(""),
            EntryKey::Owned(k) => k,
        }
    }

    pub fn value<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.value.0..self.value.1).unwrap_or("null")
    }
}

/// The byte range of `part` inside `base` (`part` borrows from `base`).
fn range_in(base: &str, part: &str) -> (usize, usize) {
    let start = (part.as_ptr() as usize).saturating_sub(base.as_ptr() as usize);
    (start, start + part.len())
}

struct IndexVisitor<'de> {
    base: &'de str,
}

impl<'de> Visitor<'de> for IndexVisitor<'de> {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Entry>, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(32));
        while let Some(k) = map.next_key::<KeyText<'de>>()? {
            let v = map.next_value::<&'de RawValue>()?;
            let key = match k {
                KeyText::Borrowed(s) => {
                    let (a, b) = range_in(self.base, s);
                    EntryKey::Range(a, b)
                }
                KeyText::Owned(s) => EntryKey::Owned(s.into()),
            };
            out.push(Entry {
                key,
                value: range_in(self.base, v.get()),
            });
        }
        Ok(out)
    }
}

/// One scan of an object's text recording where each top-level field is, so that later
/// reads of any field cost a short search instead of a scan.
pub fn index(text: &str) -> serde_json::Result<Vec<Entry>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let entries = de.deserialize_map(IndexVisitor { base: text })?;
    de.end()?;
    Ok(entries)
}

/// Builds plain Python objects (dict, list, str, int, float, bool, None) while parsing.
#[derive(Clone, Copy)]
pub struct PySeed<'py> {
    pub py: Python<'py>,
}

fn py_err<E: de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'py> DeserializeSeed<'de> for PySeed<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for PySeed<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_err)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_err)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_err)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_err)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            let value = map.next_value_seed(self)?;
            dict.set_item(PyString::new(self.py, key.as_str()), value)
                .map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

/// Parses JSON text straight into plain Python objects.
pub fn to_plain<'py>(py: Python<'py>, json: &str) -> serde_json::Result<Bound<'py, PyAny>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let v = PySeed { py }.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}
