//! The `{success, data, additional_data, related_objects}` wrapper around every v1 response.
use crate::__private::{Key, KeySeed};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// The wrapper Pipedrive puts around every response body.
///
/// Decoding is hand-written (like [`model!`](crate::model)) so that the payload is
/// parsed straight into `T` instead of being buffered, and so that keys it does not
/// name (`code`, `errorCode`, ...) are kept in `extra`.
///
/// `success` is always written; the other fields when set, or as `null` when they
/// arrived as `null` (kept in `extra`), so a decoded envelope re-encodes as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<T> {
    /// `false` when the request failed; some endpoints say so with status 200.
    /// Absent or `null` counts as `false`.
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

const ENVELOPE_FIELDS: &[&str] = &[
    "success",
    "data",
    "additional_data",
    "related_objects",
    "error",
    "error_info",
];

impl<T: Serialize> Serialize for Envelope<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `success: null` decodes to `false` and is written back as `null` while it is
        // still `false`.
        let null_success = !self.success && self.extra.get("success") == Some(&Value::Null);
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
        if null_success {
            m.serialize_entry("success", &Value::Null)?;
        } else {
            m.serialize_entry("success", &self.success)?;
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

/// A top-level key that arrived as `null` is kept as `extra[key] = null`, so that it is
/// written back as `null` (the serializer writes `extra` entries whose typed field is unset).
/// A key sent twice keeps only its last occurrence, so a value drops an earlier `null`.
fn finish<V>(extra: &mut Map<String, Value>, key: &str, value: Option<V>) -> Option<V> {
    if value.is_none() {
        extra.insert(key.to_owned(), Value::Null);
    } else if !extra.is_empty() {
        extra.remove(key);
    }
    value
}

struct EnvelopeVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<T> {
    type Value = Envelope<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Pipedrive response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Envelope<T>, A::Error> {
        let mut out = Envelope::default();
        let mut hint = 0;
        while let Some(key) = access.next_key_seed(KeySeed {
            names: ENVELOPE_FIELDS,
            hint,
        })? {
            match key {
                Key::Known(i) => {
                    hint = i + 1;
                    match i {
                        0 => {
                            let success: Option<bool> = access.next_value()?;
                            if success.is_some() {
                                out.extra.remove("success");
                            }
                            out.success = success.unwrap_or_else(|| {
                                out.extra.insert("success".to_owned(), Value::Null);
                                false
                            });
                        }
                        1 => out.data = finish(&mut out.extra, "data", access.next_value()?),
                        2 => {
                            out.additional_data =
                                finish(&mut out.extra, "additional_data", access.next_value()?);
                        }
                        3 => {
                            out.related_objects =
                                finish(&mut out.extra, "related_objects", access.next_value()?);
                        }
                        4 => out.error = finish(&mut out.extra, "error", access.next_value()?),
                        5 => {
                            out.error_info =
                                finish(&mut out.extra, "error_info", access.next_value()?);
                        }
                        _ => {
                            access.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Key::Unknown(k) => {
                    let v: Value = access.next_value()?;
                    out.extra.insert(k, v);
                }
            }
        }
        Ok(out)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EnvelopeVisitor(PhantomData))
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
