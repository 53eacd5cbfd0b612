//! How request parameters are written on the wire: query rendering, 0/1 flags, and the
//! enum pattern used by generated request types.
use std::fmt::Write as _;

/// A value that can be written into a query string or a form field.
///
/// Pipedrive expects scalars as plain text, booleans as `true`/`false`, and lists as
/// comma-separated values.
pub trait QueryValue {
    /// Appends the rendered value to `out`.
    fn render(&self, out: &mut String);
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn render(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
display_query_value!(u8, u16, u32, u64, i32, i64, f64, bool, str, String);

impl QueryValue for crate::Visibility {
    fn render(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl<T: QueryValue> QueryValue for [T] {
    fn render(&self, out: &mut String) {
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.render(out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn render(&self, out: &mut String) {
        self.as_slice().render(out)
    }
}

/// Query pairs under construction, in the order the parameters are documented.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Adds a required parameter.
    pub fn req<T: QueryValue + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let mut s = String::new();
        value.render(&mut s);
        self.0.push((name.to_owned(), s));
        self
    }

    /// Adds an optional parameter when present.
    pub fn opt<T: QueryValue>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.req(name, v);
        }
        self
    }

    /// Adds an optional list as one `name=value` pair per element, the way the contract
    /// spells array query parameters.
    pub fn each<T: QueryValue>(&mut self, name: &str, values: &Option<Vec<T>>) -> &mut Self {
        for v in values.iter().flatten() {
            self.req(name, v);
        }
        self
    }

    /// Adds a required list as one `name=value` pair per element.
    pub fn all<T: QueryValue>(&mut self, name: &str, values: &[T]) -> &mut Self {
        for v in values {
            self.req(name, v);
        }
        self
    }

    /// Adds an optional list as one `name=a,b,c` pair, for the parameters the contract
    /// spells as comma-separated text (`ids`, `include_fields`, ...).
    pub fn csv<T: QueryValue>(&mut self, name: &str, values: &Option<Vec<T>>) -> &mut Self {
        if let Some(values) = values {
            let mut s = String::new();
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                v.render(&mut s);
            }
            self.0.push((name.to_owned(), s));
        }
        self
    }

    /// Adds an optional timestamp in RFC 3339 (`2024-01-20T10:00:00Z`), the form v2
    /// parameters take.
    pub fn rfc3339(&mut self, name: &str, value: &Option<crate::Timestamp>) -> &mut Self {
        if let Some(t) = value {
            self.0.push((name.to_owned(), rfc3339(t)));
        }
        self
    }

    /// Adds an optional flag that the API expects as `0`/`1` rather than `true`/`false`.
    pub fn bit(&mut self, name: &str, value: &Option<bool>) -> &mut Self {
        if let Some(v) = value {
            self.0
                .push((name.to_owned(), if *v { "1" } else { "0" }.to_owned()));
        }
        self
    }

    /// The finished pairs.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.0
    }
}

/// Serializes an optional flag as `0`/`1` (for `#[serde(serialize_with)]` on body fields
/// the API documents as numeric flags).
pub fn ser_bit<S: serde::Serializer>(value: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_u8(u8::from(*v)),
        None => s.serialize_none(),
    }
}

/// Writes an amount as JSON text with its digits (`"1234.50"`), for the parameters the
/// API types as a string (a deal's `value`); other amounts go out as JSON numbers.
pub fn ser_amount_text<S: serde::Serializer>(
    value: &Option<crate::Amount>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_str(v.as_str()),
        None => s.serialize_none(),
    }
}

/// A timestamp as RFC 3339 text in UTC (`2024-01-20T10:00:00Z`); text that never parsed
/// is given back as it was written.
pub fn rfc3339(value: &crate::Timestamp) -> String {
    use chrono::{Datelike, Timelike};
    match value.get() {
        Some(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        None => value.as_str().to_owned(),
    }
}

/// Writes a visibility as its numeric code (`3`), the form the v2 API takes; a level
/// without a numeric code goes out as its text.
pub fn ser_visibility_code<S: serde::Serializer>(
    value: &crate::Visibility,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.clone().numeric(), s)
}

/// [`ser_visibility_code`] for an optional field (absent fields are skipped by the caller).
pub fn ser_visibility_code_opt<S: serde::Serializer>(
    value: &Option<crate::Visibility>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => ser_visibility_code(v, s),
        None => s.serialize_none(),
    }
}

/// [`ser_bit`] for a field of a PATCH update.
pub fn ser_bit_patch<S: serde::Serializer>(
    value: &crate::Patch<bool>,
    s: S,
) -> Result<S::Ok, S::Error> {
    ser_bit(&value.as_set().copied(), s)
}

/// [`ser_rfc3339`] for a field of a PATCH update (one left alone is skipped by the
/// caller; a cleared one is `null`).
pub fn ser_rfc3339_patch<S: serde::Serializer>(
    value: &crate::Patch<crate::Timestamp>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value.as_set() {
        Some(t) => ser_rfc3339(t, s),
        None => s.serialize_none(),
    }
}

/// [`ser_visibility_code`] for a field of a PATCH update.
pub fn ser_visibility_code_patch<S: serde::Serializer>(
    value: &crate::Patch<crate::Visibility>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value.as_set() {
        Some(v) => ser_visibility_code(v, s),
        None => s.serialize_none(),
    }
}

/// [`ser_rfc3339`] for an optional field (absent fields are skipped by the caller).
pub fn ser_rfc3339_opt<S: serde::Serializer>(
    value: &Option<crate::Timestamp>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(t) => s.serialize_str(&rfc3339(t)),
        None => s.serialize_none(),
    }
}

/// Writes a timestamp as RFC 3339 in UTC (`2024-01-20T10:00:00Z`), for the parameters the
/// API types as `date-time` (call logs); other timestamps go out as Pipedrive's
/// `YYYY-MM-DD HH:MM:SS`. Text that never parsed is written as it was given.
pub fn ser_rfc3339<S: serde::Serializer>(
    value: &crate::Timestamp,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(value))
}

/// Writes contact entries as the objects API v2 takes (`{"value": .., "primary": ..,
/// "label": ..}`), a bare address or number included (v1 also takes it as text).
fn ser_contact_objects<S: serde::Serializer>(
    value: &[crate::ContactInput],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{SerializeMap, SerializeSeq};
    struct Entry<'a>(&'a crate::ContactInput);
    impl serde::Serialize for Entry<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            m.serialize_entry("value", &self.0.value)?;
            if let Some(p) = self.0.primary {
                m.serialize_entry("primary", &p)?;
            }
            if let Some(l) = &self.0.label {
                m.serialize_entry("label", l)?;
            }
            m.end()
        }
    }
    let mut seq = s.serialize_seq(Some(value.len()))?;
    for c in value {
        seq.serialize_element(&Entry(c))?;
    }
    seq.end()
}

/// Writes an optional list of contact entries as the objects API v2 takes
/// (`{"value": .., "primary": .., "label": ..}`; a bare address or number becomes the
/// `value`), for an optional field of a v2 create; `None` is written as `null`.
pub fn ser_contact_objects_opt<S: serde::Serializer>(
    value: &Option<Vec<crate::ContactInput>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => ser_contact_objects(v, s),
        None => s.serialize_none(),
    }
}

/// Writes the contact entries of a v2 PATCH field as the objects API v2 takes
/// (`{"value": .., "primary": .., "label": ..}`); a cleared field is written as `null`.
/// Pair it with `skip_serializing_if = "Patch::is_keep"` so an untouched field is left
/// out of the body.
pub fn ser_contact_objects_patch<S: serde::Serializer>(
    value: &crate::Patch<Vec<crate::ContactInput>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value.as_set() {
        Some(v) => ser_contact_objects(v, s),
        None => s.serialize_none(),
    }
}
