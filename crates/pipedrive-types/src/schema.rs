//! What each model field holds, as a table the bindings read.
//!
//! A binding that turns a response into its own language's values (Python's `Record`,
//! the mobile records) needs to know more than the JSON shows: that `value` on a deal is
//! money, that `add_time` is a UTC timestamp, that `org_id` is a reference. Those facts
//! are already in the Rust field types, so [`model!`](crate::model) writes them down as
//! each model's [`Model::SCHEMA`], from the [`Describe`] impl of every field's type. A
//! binding looks a model up by name with [`schema`] and never keeps a second list.
use crate::lenient::{Flag, IdRef, Items, KeyedMap, Number, Visibility};
use serde_json::Value;

/// What kind of value a model field holds, for the conversions a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldKind {
    /// Text.
    Text,
    /// A number that may arrive as text ([`Number`]).
    Number,
    /// A yes/no value sent as `true`, `1` or `"1"` ([`Flag`]).
    Flag,
    /// A typed id (`DealId`, ...).
    Id,
    /// A reference to another record: a bare id or an expanded object ([`IdRef`]),
    /// with the Rust name of the expanded object's model (`UserRef`, ...).
    Ref(&'static str),
    /// A visibility level (`1`, `3`, `5`, `7`).
    Visibility,
    /// A value from a closed set that may grow (a `string_enum!` enum).
    Enum,
    /// A nested model, by its Rust name.
    Object(&'static str),
    /// A sum of money or a quantity, exact ([`Amount`](crate::Amount)).
    Money,
    /// A calendar date, `YYYY-MM-DD` ([`Date`](crate::Date)).
    Date,
    /// A time of day in UTC, `HH:MM` ([`TimeOfDay`](crate::TimeOfDay)).
    Time,
    /// An instant in UTC, `YYYY-MM-DD HH:MM:SS` ([`Timestamp`](crate::Timestamp)).
    Timestamp,
    /// A map from keys to values of one kind ([`KeyedMap`]).
    Map,
    /// A map from keys (currency codes) to amounts: the totals per currency of a deal
    /// summary or a stage.
    MoneyMap,
    /// Anything else, passed through as JSON.
    Any,
}

/// One field of a model: its JSON key, what it holds, and whether it is a list of those.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The key in the JSON object.
    pub key: &'static str,
    /// What the value (or each element of a list) is.
    pub kind: FieldKind,
    /// Whether the field holds several `kind` values: a JSON array (or, for product
    /// prices, the object keyed by currency that one endpoint sends instead).
    pub list: bool,
}

/// The kind a Rust field type stands for; implemented by every type a model field uses.
pub trait Describe {
    /// What the value is.
    const KIND: FieldKind;
    /// Whether it is a list of `KIND`.
    const LIST: bool = false;
}

/// A model declared with [`model!`](crate::model): its name and the kinds of its fields.
pub trait Model {
    /// The Rust type name.
    const NAME: &'static str;
    /// Every typed field, in declaration order.
    const SCHEMA: &'static [FieldSpec];
}

impl<T: Describe> Describe for Vec<T> {
    const KIND: FieldKind = T::KIND;
    const LIST: bool = true;
}

impl<T: Describe> Describe for Items<T> {
    const KIND: FieldKind = T::KIND;
    const LIST: bool = true;
}

/// A `null` inside a list (`[{..}, null]`) reads as the element kind.
impl<T: Describe> Describe for Option<T> {
    const KIND: FieldKind = T::KIND;
    const LIST: bool = T::LIST;
}

impl<T: Describe + ?Sized> Describe for Box<T> {
    const KIND: FieldKind = T::KIND;
    const LIST: bool = T::LIST;
}

impl<K, V: Describe> Describe for KeyedMap<K, V> {
    const KIND: FieldKind = if matches!(V::KIND, FieldKind::Money) {
        FieldKind::MoneyMap
    } else {
        FieldKind::Map
    };
}

impl<Id, Obj: Model> Describe for IdRef<Id, Obj> {
    const KIND: FieldKind = FieldKind::Ref(Obj::NAME);
}

/// One short reference accessor of a model (`deal.owner()`), as a binding offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefAccessor {
    /// The accessor's name (`owner`).
    pub name: &'static str,
    /// The key of the field holding the reference (`user_id`).
    pub key: &'static str,
    /// The key of the field naming the reference when it arrives as a bare id
    /// (`owner_name`), if the model has one.
    pub name_key: Option<&'static str>,
    /// The Rust name of the referenced object's model (`UserRef`).
    pub target: &'static str,
}

pub use crate::models::accessors::{MODELS_WITH_REFERENCES, references};

macro_rules! describe {
    ($($ty:ty => $kind:ident),* $(,)?) => {
        $( impl Describe for $ty { const KIND: FieldKind = FieldKind::$kind; } )*
    };
}

describe! {
    String => Text,
    bool => Flag,
    Number => Number,
    Flag => Flag,
    Visibility => Visibility,
    Value => Any,
    serde_json::Map<String, Value> => Any,
}

/// Declares the table of every model, so a binding can look one up by name.
macro_rules! models_index {
    ($($name:ident),* $(,)?) => {
        /// The fields of the model called `name` (its Rust name; `v2::Deal` for a model
        /// of API v2), if there is one.
        pub fn schema(name: &str) -> Option<&'static [FieldSpec]> {
            match name {
                $( stringify!($name) => Some(<crate::models::$name as Model>::SCHEMA), )*
                _ => name.strip_prefix("v2::").and_then(crate::v2::schema),
            }
        }

        /// The name of every model in [`schema`]'s table.
        pub const MODEL_NAMES: &[&str] = &[ $( stringify!($name) ),* ];
    };
}

include!("schema_index.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deal_says_what_its_fields_hold() {
        let deal = schema("Deal").expect("Deal is indexed");
        let kind = |key: &str| deal.iter().find(|f| f.key == key).map(|f| (f.kind, f.list));
        assert_eq!(kind("title"), Some((FieldKind::Text, false)));
        assert_eq!(kind("org_id"), Some((FieldKind::Ref("OrgRef"), false)));
        assert_eq!(kind("stage_id"), Some((FieldKind::Id, false)));
        assert_eq!(kind("status"), Some((FieldKind::Enum, false)));
        assert_eq!(kind("active"), Some((FieldKind::Flag, false)));
        assert_eq!(kind("visible_to"), Some((FieldKind::Visibility, false)));
        assert_eq!(kind("nope"), None);
        assert!(schema("NoSuchModel").is_none());
    }

    #[test]
    fn every_model_in_the_sources_is_indexed() {
        // The index is a hand-kept list: every `model!` struct under src/models must be in it.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/models");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).expect("models folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("model file");
            let mut in_model = false;
            for line in text.lines() {
                let line = line.trim();
                if line.starts_with(concat!("model", "! {")) {
                    in_model = true;
                } else if in_model {
                    if let Some(rest) = line.strip_prefix("pub struct ") {
                        let name = rest.split_whitespace().next().unwrap_or_default();
                        if !MODEL_NAMES.contains(&name) {
                            missing.push(name.to_owned());
                        }
                        in_model = false;
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "models missing from schema_index.rs: {missing:?}"
        );
    }
}
