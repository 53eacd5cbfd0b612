//! The one reader of an envelope's top level.
//!
//! [`Envelope<T>`](super::Envelope) (the public, re-encodable wrapper) and
//! [`RawEnvelope`] (what the client decodes every response with, `data` left as text)
//! are two ways of keeping what this reader finds; the loop over the keys, the key
//! table, the reading of `success` and the leniency about the extras exist once, here.
//!
//! # What `success` means
//!
//! A 2xx answer has already said "it worked" in its status line. The body overrides
//! that only when `success` explicitly says the call failed: `false`, the text
//! `"false"` (any case) or the number `0` ([`reports_failure`]). An absent `success`,
//! `null`, `true` or any other value is not a failure.
//!
//! Why absent is not a failure: the API reference documents 2xx answers without the flag
//! (`GET /permissionSets/{id}` answers with the bare object, `POST /oauth/token` with
//! the token), and counting a missing flag as a failure would report a write that
//! happened as one that did not, inviting a retry that repeats it.
//!
//! # Leniency
//!
//! `related_objects` and `additional_data` that are not objects (some endpoints send
//! `[]`) count as absent; `additional_data` that does not fit [`AdditionalData`] is kept
//! whole in its `extra`. `Envelope<T>` also keeps such values as received, so it writes
//! them back unchanged.
use super::AdditionalData;
use crate::__private::{Key, KeySeed};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// Whether an envelope's `success` value says the call failed (`None`: the key is
/// absent). Only `false`, `"false"` (any case) and `0` do; see the [module
/// documentation](self) for why an absent or `null` flag does not.
pub fn reports_failure(success: Option<&Value>) -> bool {
    match success {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        _ => false,
    }
}

/// The top-level keys the reader knows, in the order Pipedrive sends them (the key
/// lookup tries the next expected one first).
const KEYS: &[&str] = &[
    "success",
    "data",
    "additional_data",
    "related_objects",
    "error",
    "error_info",
    "message",
    "code",
    "errorCode",
    "error_code",
];

/// A known top-level key other than `data` and `additional_data`, whose values every
/// envelope kind reads as plain JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Success,
    RelatedObjects,
    Error,
    ErrorInfo,
    Message,
    Code,
    ErrorCode,
    ErrorCodeSnake,
}

impl Field {
    /// The key as sent.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::Success => "success",
            Field::RelatedObjects => "related_objects",
            Field::Error => "error",
            Field::ErrorInfo => "error_info",
            Field::Message => "message",
            Field::Code => "code",
            Field::ErrorCode => "errorCode",
            Field::ErrorCodeSnake => "error_code",
        }
    }
}

/// How one kind of envelope keeps what the reader finds. Each method is handed the key
/// whose value comes next in `map`, or that value already read.
pub(crate) trait Fields<'de>: Sized {
    /// The envelope before any key is read.
    fn start() -> Self;
    /// Reads `data`.
    fn data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error>;
    /// Reads `additional_data`.
    fn additional_data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error>;
    /// Reads `related_objects`; by default as plain JSON handed to [`Fields::value`].
    fn related_objects<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        let value: Value = map.next_value()?;
        self.value(Field::RelatedObjects, value);
        Ok(())
    }
    /// Keeps the value of another known key.
    fn value(&mut self, field: Field, value: Value);
    /// Reads (or skips) the value of a key the reader does not know.
    fn unknown<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error>;
}

struct Reader<F>(PhantomData<fn() -> F>);

impl<'de, F: Fields<'de>> Visitor<'de> for Reader<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Pipedrive response envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let mut out = F::start();
        let mut hint = 0;
        while let Some(key) = map.next_key_seed(KeySeed { names: KEYS, hint })? {
            let index = match key {
                Key::Known(i) => i,
                Key::Unknown(k) => {
                    out.unknown(k, &mut map)?;
                    continue;
                }
            };
            hint = index + 1;
            let field = match index {
                1 => {
                    out.data(&mut map)?;
                    continue;
                }
                2 => {
                    out.additional_data(&mut map)?;
                    continue;
                }
                3 => {
                    out.related_objects(&mut map)?;
                    continue;
                }
                0 => Field::Success,
                4 => Field::Error,
                5 => Field::ErrorInfo,
                6 => Field::Message,
                7 => Field::Code,
                8 => Field::ErrorCode,
                9 => Field::ErrorCodeSnake,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value: Value = map.next_value()?;
            out.value(field, value);
        }
        Ok(out)
    }
}

/// Reads an envelope of kind `F` with the shared reader.
pub(crate) fn read<'de, D: Deserializer<'de>, F: Fields<'de>>(d: D) -> Result<F, D::Error> {
    d.deserialize_map(Reader(PhantomData))
}

/// The envelope as the client reads every response: `data`, `additional_data` and
/// `related_objects` left as the raw JSON text they arrived as, so this decoder is
/// compiled once for all response types, only turning `data` into a type is generic, and
/// a caller that only wants `data` pays nothing for the extras (a deal's
/// `related_objects` is often larger than the deal). The extras are read leniently
/// when asked for ([`RawEnvelope::additional`], [`RawEnvelope::related`]; see the
/// [module documentation](self)). Decodes from JSON text only (`serde_json::from_str` or
/// `from_slice`), since the texts borrow from it.
///
/// `null` counts as absent for every field.
#[derive(Debug, Default)]
pub struct RawEnvelope<'a> {
    /// `success` as sent; read it with [`RawEnvelope::failed`].
    pub success: Option<Value>,
    /// The text of `data`.
    pub data: Option<&'a RawValue>,
    /// The text of `additional_data`; read it with [`RawEnvelope::additional`].
    pub additional_data: Option<&'a RawValue>,
    /// The text of `related_objects`; read it with [`RawEnvelope::related`].
    pub related_objects: Option<&'a RawValue>,
    /// `error`: a short error text.
    pub error: Option<Value>,
    /// `error_info`: a longer explanation.
    pub error_info: Option<Value>,
    /// `message`: what some endpoints send instead of `error`.
    pub message: Option<Value>,
    /// `code`: a machine-readable error code.
    pub code: Option<Value>,
    /// `errorCode`: what some endpoints send instead of `code`.
    pub error_code: Option<Value>,
    /// `error_code`: another spelling of the same.
    pub error_code_snake: Option<Value>,
}

impl RawEnvelope<'_> {
    /// `additional_data`, typed where it fits (else all of it in its `extra`), with its
    /// text as received; `None` when absent or not an object.
    pub fn additional(&self) -> Option<(AdditionalData, Box<RawValue>)> {
        let raw = self.additional_data?;
        Some((additional_from_text(raw.get())?, raw.to_owned()))
    }

    /// `related_objects`, when it is an object.
    pub fn related(&self) -> Option<Map<String, Value>> {
        let text = self.related_objects?.get();
        if !text.starts_with('{') {
            return None;
        }
        serde_json::from_str(text).ok()
    }

    /// Whether the body says the call failed ([`reports_failure`]).
    pub fn failed(&self) -> bool {
        reports_failure(self.success.as_ref())
    }

    /// The machine-readable error code, whichever spelling the body used: `code`, else
    /// `errorCode`, else `error_code` (the first one present and not `null`).
    pub fn take_error_code(&mut self) -> Option<Value> {
        self.code
            .take()
            .or_else(|| self.error_code.take())
            .or_else(|| self.error_code_snake.take())
    }
}

impl<'de> Fields<'de> for RawEnvelope<'de> {
    fn start() -> Self {
        RawEnvelope::default()
    }

    fn data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        // `null` is `None`, like a missing `data`.
        self.data = map.next_value()?;
        Ok(())
    }

    fn additional_data<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        self.additional_data = map.next_value()?;
        Ok(())
    }

    fn related_objects<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        self.related_objects = map.next_value()?;
        Ok(())
    }

    fn value(&mut self, field: Field, value: Value) {
        let value = Some(value).filter(|v| !v.is_null());
        match field {
            Field::Success => self.success = value,
            // Read as text by `related_objects` above.
            Field::RelatedObjects => {}
            Field::Error => self.error = value,
            Field::ErrorInfo => self.error_info = value,
            Field::Message => self.message = value,
            Field::Code => self.code = value,
            Field::ErrorCode => self.error_code = value,
            Field::ErrorCodeSnake => self.error_code_snake = value,
        }
    }

    fn unknown<A: MapAccess<'de>>(&mut self, _key: String, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

impl<'de> Deserialize<'de> for RawEnvelope<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d)
    }
}

/// `additional_data` from its text: typed where it fits, else all of it in `extra`;
/// anything but an object counts as absent. Same rule as [`additional_from_value`].
fn additional_from_text(text: &str) -> Option<AdditionalData> {
    if !text.starts_with('{') {
        return None;
    }
    match serde_json::from_str::<AdditionalData>(text) {
        Ok(typed) => Some(typed),
        Err(_) => Some(AdditionalData {
            extra: serde_json::from_str(text).ok()?,
            ..AdditionalData::default()
        }),
    }
}

/// `additional_data` from a decoded value, by the rule of [`additional_from_text`]; a
/// value that is not an object is handed back.
pub(crate) fn additional_from_value(value: Value) -> Result<AdditionalData, Value> {
    if !value.is_object() {
        return Err(value);
    }
    // Decoded from a borrowed value, so that `value` is still there for the fallback.
    match AdditionalData::deserialize(&value) {
        Ok(typed) => Ok(typed),
        Err(_) => match value {
            Value::Object(extra) => Ok(AdditionalData {
                extra,
                ..AdditionalData::default()
            }),
            other => Err(other),
        },
    }
}
