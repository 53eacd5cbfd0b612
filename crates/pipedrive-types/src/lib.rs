//! Serde types shared by every pipedrive-rs crate.
//!
//! Pipedrive's JSON is loose: ids arrive as `5` or as `{"id":5,"name":..,"value":5}`,
//! flags as `true`, `1` or `"1"`, numbers sometimes as strings, and enums grow new
//! values. The types here decode all of those forms and re-encode what they received,
//! so a model read from the API and written back loses nothing.
//!
//! # Round-trip guarantee
//!
//! For every response body `x` Pipedrive sends, decoding it into the matching model
//! and encoding it again gives the same JSON value: `encode(decode(x)) == x` as
//! `serde_json::Value`s, nulls included. A typed field holds `None` both for "absent"
//! and for `null`; one that arrived as `null` is remembered in `extra` and written back
//! as `null`. Numbers keep their form (integer, float, or text such as `"3"`). Money
//! ([`Amount`]) keeps its exact digits, trailing zeros included (`1234.50`,
//! `12345678901234567.89`). Any other float is the IEEE double nearest to its decimal
//! text (serde_json's `float_roundtrip` is on), so digits beyond double precision are
//! not kept there, as with any JSON parser that reads numbers as doubles — text keeps
//! its digits. Dates and times ([`Date`], [`TimeOfDay`], [`Timestamp`]) keep the text
//! they arrived in, including text that is not a date. Key order inside an object is
//! not part of the guarantee (typed fields are written first, in declaration order,
//! then the other keys in the order received).
//!
//! Known limit: an array of ids sent as text (`["1","2"]` where ids are typed) decodes,
//! but is written back as numbers.
//!
//! # Pieces
//!
//! * [`Envelope`], [`AdditionalData`], [`Pagination`] and [`PageData`]: the response wrapper,
//!   read by the same code as the client's [`envelope::RawEnvelope`] ([`envelope::read`]).
//! * [`ids`]: one newtype per kind of id, so ids of different objects cannot be mixed up.
//! * [`lenient`]: [`Amount`] (exact money), [`Date`], [`TimeOfDay`] and [`Timestamp`]
//!   (Pipedrive's date formats read into [`chrono`] types), [`Flag`], [`Number`], [`IdRef`],
//!   [`Visibility`], [`CustomFields`],
//!   [`KeyedMap`], [`Items`] and the [`string_enum!`] macro.
//! * [`model!`]: declares a model struct with typed fields plus an `extra` map, with fast
//!   hand-rolled serde impls (no `#[serde(flatten)]`).
//! * [`models`]: the resource models (deals, persons, activities, ...).
//! * [`wire`]: how request parameters are rendered into queries and forms.
//! * [`args`]: arguments handed over by a binding, decoded into typed parameters.
//! * [`schema`]: what each model field holds, looked up by model name by the bindings.
//! * [`custom`]: custom fields typed ([`CustomValue`]), set on requests
//!   ([`CustomFieldsMut`]) and addressed by name ([`FieldRegistry`]).
//! * [`Saved`]: a record an operation answered with by itself (get, create, update, ...),
//!   whose `id` is always set.
#![deny(missing_docs)]

#[macro_use]
mod macros;
#[doc(hidden)]
pub use macros::{__key_is_identifier, __unraw};

pub mod args;
mod contact;
pub mod custom;
pub mod envelope;
pub mod ids;
mod inputs;
pub mod json;
pub mod lenient;
pub mod models;
mod patch;
pub mod raw_items;
pub mod saved;
pub mod schema;
#[path = "generated/v2.rs"]
pub mod v2;
pub mod wire;

/// The date and time types of [`Date`], [`TimeOfDay`] and [`Timestamp`], re-exported so
/// that callers need no dependency of their own.
pub use chrono;
pub use contact::ContactInput;
pub use custom::{
    Address, Choice, CustomFieldsMut, CustomLayout, CustomValue, FieldEntity, FieldRegistry,
    HasCustomFields,
};
pub use envelope::{AdditionalData, Envelope, PageData, Pagination};
pub use ids::*;
pub use inputs::{FieldOptionInput, LeadValueInput, PriceInput};
pub use lenient::{
    Amount, AmountError, CustomFields, Date, Flag, FlagForm, IdRef, Integer, Items, KeyedMap,
    Number, NumberField, Ref, RefObject, RefSource, TimeOfDay, Timestamp, Visibility,
    VisibilityLevel, WhenField,
};
pub use models::*;
pub use patch::Patch;
pub use raw_items::{RawHits, RawItems};
pub use saved::{HasId, Saved};

/// A JSON object (`extra`, a params struct's further body fields).
pub use serde_json::Map as JsonMap;
/// A JSON value as received: what `extra` maps hold and what
/// [`CustomValue::Other`] keeps, reachable without a `serde_json` dependency.
pub use serde_json::Value as JsonValue;

/// Support code for the exported macros; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json::{Map, Value};

    use serde::de::{self, DeserializeSeed, Visitor};
    use std::fmt;

    /// A map key as the generated visitors see it: the index of a known field, or the
    /// owned text of a key the model does not name.
    #[derive(Debug)]
    pub enum Key {
        /// Index into the model's field name table.
        Known(usize),
        /// A key to keep in `extra`.
        Unknown(String),
    }

    /// Reads one map key and resolves it against a table of field names without
    /// allocating for known keys.
    ///
    /// `hint` is the index the caller expects next: Pipedrive sends fields in a stable
    /// order, so checking it first makes the lookup O(1) in the common case.
    #[derive(Debug, Clone, Copy)]
    pub struct KeySeed {
        /// JSON names of the known fields, in declaration order.
        pub names: &'static [&'static str],
        /// Index to try first.
        pub hint: usize,
    }

    impl KeySeed {
        #[inline]
        fn find(&self, key: &str) -> Option<usize> {
            if let Some(name) = self.names.get(self.hint) {
                if *name == key {
                    return Some(self.hint);
                }
            }
            self.names.iter().position(|name| *name == key)
        }
    }

    impl<'de> DeserializeSeed<'de> for KeySeed {
        type Value = Key;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
            d.deserialize_str(self)
        }
    }

    impl Visitor<'_> for KeySeed {
        type Value = Key;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string key")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
            Ok(match self.find(v) {
                Some(i) => Key::Known(i),
                None => Key::Unknown(v.to_owned()),
            })
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
            Ok(match self.find(&v) {
                Some(i) => Key::Known(i),
                None => Key::Unknown(v),
            })
        }
    }

    /// Whether `extra` entry `key` must be skipped on output because a typed field of
    /// the same name is set (the typed value wins).
    #[inline]
    pub fn shadowed(names: &[&str], set: &[bool], key: &str) -> bool {
        names
            .iter()
            .zip(set)
            .any(|(name, is_set)| *is_set && *name == key)
    }

    thread_local! {
        /// Text of the last numeric id decoded from a JSON string on this thread.
        static TEXT_FORM: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
    }

    /// Called by a visitor that turned text into a number (a numeric id sent as `"12"`),
    /// so that the model field being decoded can keep the text for re-encoding.
    pub(crate) fn note_text_form(text: &str) {
        TEXT_FORM.with(|c| c.set(Some(text.to_owned())));
    }

    /// Forgets any text noted before a model field is decoded.
    #[inline]
    pub fn begin_field() {
        TEXT_FORM.with(|c| {
            if let Some(stale) = c.take() {
                drop(stale);
            }
        });
    }

    /// Records how a typed field arrived, for [`write_field`]:
    ///
    /// * `null` is kept as `extra[key] = null` (the typed field stays `None`), so it is
    ///   written back as `null` and not dropped;
    /// * a scalar the type read from text (a numeric id sent as `"12"`) keeps that text
    ///   in `extra[key]`, which [`write_field`] writes instead of the number as long as
    ///   the typed value is unchanged.
    ///
    /// Text noted while decoding something nested (an id inside an expanded object or
    /// an array) is ignored here: it does not describe the field itself.
    ///
    /// `marked` says whether this object recorded anything under a typed key yet; only
    /// then can a key sent twice have left a record to drop, so the common case does no
    /// lookup.
    pub fn finish_field<T: serde::Serialize>(
        extra: &mut Map<String, Value>,
        marked: &mut bool,
        key: &str,
        value: Option<T>,
    ) -> Option<T> {
        let text = TEXT_FORM.with(std::cell::Cell::take);
        match value {
            None => {
                *marked = true;
                extra.insert(key.to_owned(), Value::Null);
                None
            }
            Some(v) => {
                match text {
                    Some(text) if matches!(serde_json::to_value(&v), Ok(Value::Number(_))) => {
                        *marked = true;
                        extra.insert(key.to_owned(), Value::String(text));
                    }
                    // A key sent twice (`"x":null,"x":5`): the last one wins, and what an
                    // earlier one recorded must not outlive it.
                    _ if *marked => {
                        extra.remove(key);
                    }
                    _ => {}
                }
                Some(v)
            }
        }
    }

    /// Writes a set typed field: as the text it arrived in when `extra` holds that text
    /// under the same key and it still reads as the same value, else as the value.
    pub fn write_field<M, T>(
        map: &mut M,
        key: &'static str,
        value: &T,
        extra: &Map<String, Value>,
    ) -> Result<(), M::Error>
    where
        M: serde::ser::SerializeMap,
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
    {
        if let Some(form @ Value::String(_)) = extra.get(key) {
            if T::deserialize(form).ok().as_ref() == Some(value) {
                begin_field();
                return map.serialize_entry(key, form);
            }
        }
        map.serialize_entry(key, value)
    }
}
