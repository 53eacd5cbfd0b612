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
//! and encoding it again gives the same JSON once object keys whose value is `null`
//! are dropped on both sides: `strip_nulls(encode(decode(x))) == strip_nulls(x)`
//! (see [`json::strip_nulls`]). Nulls are the one thing given up, because a typed field
//! holds `None` both for "absent" and for "null", and `None` is not written back.
//! Key order inside an object is not part of the guarantee either (typed fields are
//! written first, in declaration order, then the unknown keys in the order received).
//!
//! # Pieces
//!
//! * [`Envelope`], [`AdditionalData`], [`Pagination`] and [`PageData`]: the response wrapper.
//! * [`ids`]: one newtype per kind of id, so ids of different objects cannot be mixed up.
//! * [`lenient`]: [`Flag`], [`Number`], [`IdRef`], [`Visibility`], [`CustomFields`],
//!   [`KeyedMap`], [`Items`] and the [`string_enum!`] macro.
//! * [`model!`]: declares a model struct with typed fields plus an `extra` map, with fast
//!   hand-rolled serde impls (no `#[serde(flatten)]`).
//! * [`models`]: the resource models (deals, persons, activities, ...).
//! * [`wire`]: how request parameters are rendered into queries and forms.
#![deny(missing_docs)]

#[macro_use]
mod macros;

pub mod envelope;
pub mod ids;
pub mod json;
pub mod lenient;
pub mod models;
pub mod wire;

pub use envelope::{AdditionalData, Envelope, PageData, Pagination};
pub use ids::*;
pub use lenient::{
    Amount, CustomFields, Flag, FlagForm, IdRef, Items, KeyedMap, Number, RefObject, Visibility,
    VisibilityLevel,
};
pub use models::*;

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
}
