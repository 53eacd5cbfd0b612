//! The `{success, data, additional_data, related_objects}` wrapper around every v1 response.
//!
//! [`Envelope<T>`] and [`RawEnvelope`] (what the client decodes responses with) share one
//! reader, in [`read`](mod@read); its documentation says what a missing `success` means.
use serde::de::{DeserializeOwned, Deserializer, MapAccess};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

pub mod read;

use read::{Field, Fields, additional_from_value};
pub use read::{RawEnvelope, reports_failure};

/// The wrapper Pipedrive puts around every response body.
///
/// Decoded by the same reader as the client's [`RawEnvelope`], with `data` parsed
/// straight into `T` instead of being buffered; keys it does not name (`code`,
/// `errorCode`, `message`, ...) are kept in `extra`.
///
/// `success` is always written; the other fields when set. A value kept as received
/// (`null`, or a `success`, `error` or extra that its typed field cannot hold) is written
/// back as received, so a decoded envelope re-encodes as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<T> {
    /// `false` when the body says the request failed (some endpoints say so with status
    /// 200): `success` is `false`, `"false"` or `0`. Absent, `null` or any other value
    /// counts as `true`, as it does for the client; see [`read`](mod@read) for why.
    pub success: bool,
    /// The payload; `null` or absent for some writes and for empty lists.
    pub data: Option<T>,
    /// Pagination and endpoint-specific extras.
    pub additional_data: Option<AdditionalData>,
    /// Objects referenced by `data`, keyed by kind then id (`{"user":{"1":{..}}}`).
    pub related_objects: Option<Map<String, Value>>,
    /// Error text when `success` is false.
    pub error: Option<String>,
    /// Longer explanation accompanying `error`.
    pub error_info: Option<String>,
    /// Every other top-level key (`code`, `errorCode`, ...), as received.
    pub extra: Map<String, Value>,
}

impl<T> Default for Envelope<T> {
    fn default() -> Self {
        Envelope {
            success: false,
            data: None,
            additional_data: None,
            related_objects: None,
            error: None,
            error_info: None,
            extra: Map::new(),
        }
    }
}

impl<T> Envelope<T> {
    /// A successful response carrying `data`.
    pub fn ok(data: T) -> Self {
        Envelope {
            success: true,
            data: Some(data),
            ..Self::default()
        }
    }

    /// A failed response with an error message.
    pub fn failure(error: impl Into<String>) -> Self {
        Envelope {
            success: false,
            error: Some(error.into()),
            ..Self::default()
        }
    }

    /// The v1 pagination block, if the response has one.
    pub fn pagination(&self) -> Option<&Pagination> {
        self.additional_data.as_ref()?.pagination.as_ref()
    }

    /// Decodes one entry of `related_objects` (for example kind `"user"`, id `8877`).
    /// `None` when absent; `Some(Err)` when present but not shaped like `R`.
    pub fn related<R: DeserializeOwned>(
        &self,
        kind: &str,
        id: impl fmt::Display,
    ) -> Option<Result<R, serde_json::Error>> {
        let entry = self
            .related_objects
            .as_ref()?
            .get(kind)?
            .get(id.to_string())?;
        Some(R::deserialize(entry))
    }
}

impl<T: Serialize> Serialize for Envelope<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A `success` kept as received (`null`, `"false"`, `1`...) is written back while
        // it still reads as the typed flag.
        let sent_success = self
            .extra
            .get("success")
            .filter(|v| reports_failure(Some(v)) != self.success);
        let shadowed = |k: &str| {
            k == "success"
                || (k == "data" && self.data.is_some())
                || (k == "additional_data" && self.additional_data.is_some())
                || (k == "related_objects" && self.related_objects.is_some())
                || (k == "error" && self.error.is_some())
                || (k == "error_info" && self.error_info.is_some())
        };
        let len = 1
            + usize::from(self.data.is_some())
            + usize::from(self.additional_data.is_some())
            + usize::from(self.related_objects.is_some())
            + usize::from(self.error.is_some())
            + usize::from(self.error_info.is_some())
            + self.extra.keys().filter(|k| !shadowed(k)).count();
        let mut m = s.serialize_map(Some(len))?;
        match sent_success {
            Some(v) => m.serialize_entry("success", v)?,
            None => m.serialize_entry("success", &self.success)?,
        }
        if let Some(v) = &self.data {
            m.serialize_entry("data", v)?;
        }
        if let Some(v) = &self.additional_data {
            m.serialize_entry("additional_data", v)?;
        }
        if let Some(v) = &self.related_objects {
            m.serialize_entry("related_objects", v)?;
        }
        if let Some(v) = &self.error {
            m.serialize_entry("error", v)?;
        }
        if let Some(v) = &self.error_info {
            m.serialize_entry("error_info", v)?;
        }
        for (k, v) in &self.extra {
            if !shadowed(k) {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

/// Keeps a top-level value for a typed field: `null` is remembered as `extra[key] = null`
/// and a value the field cannot hold is kept in `extra` as received, so either is written
/// back unchanged (the serializer writes `extra` entries whose typed field is unset).
/// A key sent twice keeps only its last occurrence.
fn keep<V>(
    extra: &mut Map<String, Value>,
    key: &str,
    value: Value,
    typed: impl FnOnce(Value) -> Result<V, Value>,
) -> Option<V> {
    if value.is_null() {
        extra.insert(key.to_owned(), Value::Null);
        return None;
    }
    match typed(value) {
        Ok(v) => {
            if !extra.is_empty() {
                extra.remove(key);
            }
            Some(v)
        }
        Err(received) => {
            extra.insert(key.to_owned(), received);
            None
        }
    }
}

fn text(value: Value) -> Result<String, Value> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(other),
    }
}

fn object(value: Value) -> Result<Map<String, Value>, Value> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(other),
    }
}

impl<'de, T: Deserialize<'de>> Fields<'de> for Envelope<T> {
    fn start() -> Self {
        // Nothing read yet says the call failed.
        Envelope {
            success: true,
            ..Envelope::default()
        }
    }

    fn data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        let data: Option<T> = map.next_value()?;
        self.data = match data {
            None => {
                self.extra.insert("data".to_owned(), Value::Null);
                None
            }
            Some(data) => {
                if !self.extra.is_empty() {
                    self.extra.remove("data");
                }
                Some(data)
            }
        };
        Ok(())
    }

    fn additional_data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        let value: Value = map.next_value()?;
        self.additional_data = keep(
            &mut self.extra,
            "additional_data",
            value,
            additional_from_value,
        );
        Ok(())
    }

    fn value(&mut self, field: Field, value: Value) {
        let extra = &mut self.extra;
        match field {
            Field::Success => {
                self.success = !reports_failure(Some(&value));
                if value.is_boolean() {
                    if !extra.is_empty() {
                        extra.remove("success");
                    }
                } else {
                    extra.insert("success".to_owned(), value);
                }
            }
            Field::RelatedObjects => {
                self.related_objects = keep(extra, "related_objects", value, object);
            }
            Field::Error => self.error = keep(extra, "error", value, text),
            Field::ErrorInfo => self.error_info = keep(extra, "error_info", value, text),
            Field::Message | Field::Code | Field::ErrorCode | Field::ErrorCodeSnake => {
                extra.insert(field.key().to_owned(), value);
            }
        }
    }

    fn unknown<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        let value: Value = map.next_value()?;
        self.extra.insert(key, value);
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read::read(d)
    }
}

model! {
    /// `additional_data` of a response: v1 offset pagination, v2 cursor, and whatever
    /// else an endpoint adds (totals, `dropbox_email`, ...), kept in `extra`.
    pub struct AdditionalData {
        /// v1 offset pagination block.
        pagination: Option<Pagination>,
        /// v2 cursor for the next page; absent or null on the last page.
        next_cursor: Option<String>,
    }
}

model! {
    /// v1 offset pagination: `start`/`limit` in, `more_items_in_collection`/`next_start` out.
    pub struct Pagination {
        /// Offset of the first item of this page.
        start: Option<crate::Integer>,
        /// Page size the server applied.
        limit: Option<crate::Integer>,
        /// Whether another page exists (see [`Pagination::has_more`]); a lenient flag,
        /// since some endpoints send `1` or `"1"` instead of `true`.
        more_items_in_collection: Option<crate::Flag>,
        /// Offset to ask for next.
        next_start: Option<crate::Integer>,
    }
}

impl Pagination {
    /// Whether the server says another page exists; absent means no.
    pub fn has_more(&self) -> bool {
        self.more_items_in_collection.is_some_and(crate::Flag::get)
    }

    /// `next_start` as an offset, whether it arrived as a number or as text; `None`
    /// when absent, `null` or not a non-negative integer.
    pub fn next_offset(&self) -> Option<u64> {
        self.next_start.as_ref().and_then(crate::Number::as_u64)
    }
}

/// The shape of `data` on a paginated endpoint, and how to turn it into items.
///
/// Plain lists send an array (or `null` when empty); search endpoints send
/// `{"items":[..]}`; a few endpoints send a bare object for a one-item list.
pub trait PageData: DeserializeOwned {
    /// One element of the list.
    type Item;
    /// Consumes the page payload into its items, in server order.
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T: DeserializeOwned> PageData for Vec<T> {
    type Item = T;
    fn into_items(self) -> Vec<T> {
        self
    }
}
