//! The declarative macros behind every model and string enum.

/// Declares a model: a struct of optional typed fields plus an `extra` map that keeps
/// every key the struct does not name (unknown fields and custom fields alike).
///
/// ```
/// use pipedrive_types::{model, DealId, Flag};
///
/// model! {
///     /// A trimmed-down deal.
///     pub struct MiniDeal {
///         /// Its id.
///         id: Option<DealId>,
///         /// Its title.
///         title: Option<String>,
///         /// A key that is a Rust keyword is written as a raw identifier.
///         r#type: Option<String>,
///         /// A key that is not an identifier at all is given with `as`.
///         small as "128": Option<String>,
///         /// Lenient flag: `true`, `1` or `"1"`.
///         active: Option<Flag>,
///     }
/// }
///
/// let json = r#"{"id":5,"title":"T","type":"deal","128":"s.png","active":1,"0123456789abcdef0123456789abcdef01234567":"x"}"#;
/// let d: MiniDeal = serde_json::from_str(json).unwrap();
/// assert_eq!(d.id, Some(DealId(5)));
/// assert_eq!(d.r#type.as_deref(), Some("deal"));
/// assert_eq!(d.small.as_deref(), Some("s.png"));
/// assert_eq!(d.custom_fields().len(), 1);
/// assert_eq!(serde_json::to_string(&d).unwrap(), json);
/// ```
///
/// A leading `@namespace "v2";` names the model `v2::MiniDeal` in its schema (`NAME`,
/// and where other models nest it), so models of the two API versions that share a Rust
/// name stay apart when looked up by name.
///
/// Every field must be written as `Option<T>`: the API may leave any of them out, and
/// `null` and absent both decode to `None`. `None` fields are not written on output,
/// but a field that arrived as `null` is remembered as `extra[key] = null` and so is
/// written back as `null` (an explicit "clear this field" survives a round trip).
/// Likewise a numeric id that arrived as text (`"12"`) keeps that text in `extra` and is
/// written back as `"12"` while the typed value is unchanged.
///
/// The generated struct derives `Clone`, `Debug`, `PartialEq` and implements `Default`,
/// `Serialize` and `Deserialize` by hand. Decoding walks the JSON object once, matching
/// keys against a static name table (no `#[serde(flatten)]`, which would buffer the
/// whole object first), and stores unknown keys in `extra` as `serde_json::Value`.
/// Encoding writes the set typed fields in declaration order, then `extra` in its
/// stored order; an `extra` entry whose key is a set typed field is skipped.
#[macro_export]
macro_rules! model {
    (
        $(@namespace $ns:literal;)?
        $(#[$smeta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $json:literal)? : Option<$ty:ty>
            ),* $(,)?
        }
    ) => {
        $(#[$smeta])*
        #[derive(Clone, Debug, PartialEq)]
        $vis struct $name {
            $(
                $(#[$fmeta])*
                pub $field: ::core::option::Option<$ty>,
            )*
            /// Every key this type does not name, as received: custom fields (40-hex-char
            /// keys) and fields newer than this crate. Written back after the typed fields.
            pub extra: $crate::__private::Map<::std::string::String, $crate::__private::Value>,
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self {
                    $( $field: ::core::option::Option::None, )*
                    extra: $crate::__private::Map::new(),
                }
            }
        }

        impl $name {
            /// JSON names of the typed fields, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[
                $( $crate::__json_key!($field $(, $json)?) ),*
            ];

            /// The `extra` entries whose key is not a typed field: custom fields and keys
            /// newer than this crate. (An entry under a typed field's key only records how
            /// that field arrived — `null`, or an id sent as text — for re-encoding.)
            pub fn unknown_fields(&self) -> impl ::core::iter::Iterator<Item = (&::std::string::String, &$crate::__private::Value)> + '_ {
                self.extra.iter().filter(|(key, _)| !<$name>::FIELDS.contains(&key.as_str()))
            }

            /// Copies the custom fields (40-hex-char keys, with their `_currency`-style
            /// companions) out of `extra`.
            pub fn custom_fields(&self) -> $crate::CustomFields {
                $crate::CustomFields::from_extra(&self.extra)
            }

            /// The raw value of one custom field, if present.
            pub fn custom_field(&self, key: &str) -> ::core::option::Option<&$crate::__private::Value> {
                self.extra.get(key)
            }

            /// The custom field `key`, typed from its JSON (best effort: without the
            /// field's definition an option id reads as a number). `None` when absent,
            /// `null` or `""`. A `FieldRegistry` reads it by name, exactly.
            pub fn custom(&self, key: &str) -> ::core::option::Option<$crate::CustomValue> {
                $crate::CustomValue::from_object(&self.extra, key)
            }

            /// Sets a custom field (or any untyped key), returning the previous value.
            pub fn set_custom_field(
                &mut self,
                key: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<$crate::__private::Value>,
            ) -> ::core::option::Option<$crate::__private::Value> {
                self.extra.insert(key.into(), value.into())
            }
        }

        $( $crate::__check_key!($field $(, $json)?); )*

        impl $crate::schema::Model for $name {
            const NAME: &'static str = concat!($($ns, "::",)? stringify!($name));
            const SCHEMA: &'static [$crate::schema::FieldSpec] = &[
                $(
                    $crate::schema::FieldSpec {
                        key: $crate::__json_key!($field $(, $json)?),
                        kind: <$ty as $crate::schema::Describe>::KIND,
                        list: <$ty as $crate::schema::Describe>::LIST,
                    }
                ),*
            ];
        }

        impl $crate::schema::Describe for $name {
            const KIND: $crate::schema::FieldKind =
                $crate::schema::FieldKind::Object(concat!($($ns, "::",)? stringify!($name)));
        }

        $crate::__model_id!($name; $( $field : $ty ),*);

        const _: () = {
            use $crate::__private::serde;

            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            enum __Field { $( $field, )* }

            const __ORDER: &[__Field] = &[ $( __Field::$field ),* ];

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    use serde::ser::SerializeMap;
                    let set: &[bool] = &[ $( self.$field.is_some() ),* ];
                    let names = <$name>::FIELDS;
                    let shadow = !self.extra.is_empty() && set.iter().any(|s| *s);
                    let mut len = set.iter().filter(|s| **s).count();
                    for key in self.extra.keys() {
                        if !(shadow && $crate::__private::shadowed(names, set, key)) {
                            len += 1;
                        }
                    }
                    let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
                    $(
                        if let ::core::option::Option::Some(value) = &self.$field {
                            if shadow {
                                $crate::__private::write_field(&mut map, $crate::__json_key!($field $(, $json)?), value, &self.extra)?;
                            } else {
                                map.serialize_entry($crate::__json_key!($field $(, $json)?), value)?;
                            }
                        }
                    )*
                    for (key, value) in &self.extra {
                        if !(shadow && $crate::__private::shadowed(names, set, key)) {
                            map.serialize_entry(key, value)?;
                        }
                    }
                    map.end()
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    struct __Visitor;
                    impl<'de> serde::de::Visitor<'de> for __Visitor {
                        type Value = $name;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str(concat!("a JSON object for ", stringify!($name)))
                        }
                        #[allow(unused_mut, unused_variables)]
                        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> ::core::result::Result<$name, A::Error> {
                            let mut out = <$name as ::core::default::Default>::default();
                            let mut hint = 0usize;
                            let mut marked = false;
                            while let ::core::option::Option::Some(key) = access.next_key_seed(
                                $crate::__private::KeySeed { names: <$name>::FIELDS, hint },
                            )? {
                                match key {
                                    $crate::__private::Key::Known(index) => {
                                        hint = index + 1;
                                        match __ORDER.get(index).copied() {
                                            $(
                                                ::core::option::Option::Some(__Field::$field) => {
                                                    $crate::__private::begin_field();
                                                    let value: ::core::option::Option<$ty> = access.next_value()?;
                                                    out.$field = $crate::__private::finish_field(
                                                        &mut out.extra,
                                                        &mut marked,
                                                        $crate::__json_key!($field $(, $json)?),
                                                        value,
                                                    );
                                                }
                                            )*
                                            ::core::option::Option::None => {
                                                access.next_value::<serde::de::IgnoredAny>()?;
                                            }
                                        }
                                    }
                                    $crate::__private::Key::Unknown(name) => {
                                        let value: $crate::__private::Value = access.next_value()?;
                                        out.extra.insert(name, value);
                                    }
                                }
                            }
                            ::core::result::Result::Ok(out)
                        }
                    }
                    deserializer.deserialize_map(__Visitor)
                }
            }
        };
    };
}

/// Implements [`HasId`](crate::HasId) for a [`model!`] struct with a field named `id`.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_id {
    ($name:ident; ) => {};
    ($name:ident; id : $ty:ty $(, $rest:ident : $rty:ty)*) => {
        impl $crate::HasId for $name {
            type Id = $ty;
            fn record_id(&self) -> ::core::option::Option<$ty> {
                ::core::clone::Clone::clone(&self.id)
            }
        }
    };
    ($name:ident; $field:ident : $ty:ty $(, $rest:ident : $rty:ty)*) => {
        $crate::__model_id!($name; $( $rest : $rty ),*);
    };
}

/// The JSON key of a [`model!`] field: the `as "..."` literal if given, else the field name.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_key {
    ($field:ident, $json:literal) => {
        $json
    };
    ($field:ident) => {
        $crate::__unraw(stringify!($field))
    };
}

/// A field name as its JSON key: `r#type` is the key `type`.
#[doc(hidden)]
pub const fn __unraw(name: &'static str) -> &'static str {
    match name.as_bytes() {
        [b'r', b'#', rest @ ..] => match core::str::from_utf8(rest) {
            Ok(key) => key,
            Err(_) => name,
        },
        _ => name,
    }
}

/// Whether a JSON key could be written as a Rust field name (raw if it is a keyword).
/// The `ident as "key"` form of [`model!`] is refused for such keys: a field is named
/// after its key, keywords included (`r#type`), never renamed.
#[doc(hidden)]
pub const fn __key_is_identifier(key: &str) -> bool {
    let b = key.as_bytes();
    if b.is_empty() || !(b[0].is_ascii_alphabetic() || b[0] == b'_') {
        return false;
    }
    let mut i = 1;
    while i < b.len() {
        if !(b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// Fails to compile when an `ident as "key"` field of [`model!`] renames a key that is
/// an identifier.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_key {
    ($field:ident, $json:literal) => {
        const _: () = ::core::assert!(
            !$crate::__key_is_identifier($json),
            concat!(
                "model! field `",
                stringify!($field),
                "`: the key ",
                stringify!($json),
                " is an identifier, so the field must be named after it (`r#` for a keyword)"
            )
        );
    };
    ($field:ident) => {};
}

/// Declares an enum of string values that never fails to decode: a value this version
/// does not know lands in an `Other(String)` variant and is written back verbatim.
///
/// ```
/// use pipedrive_types::string_enum;
///
/// string_enum! {
///     /// How warm a lead is.
///     pub enum Temperature {
///         /// Ready to buy.
///         Hot = "hot",
///         /// Not yet.
///         Cold = "cold",
///     }
/// }
///
/// let t: Temperature = serde_json::from_str(r#""lukewarm""#).unwrap();
/// assert_eq!(t, Temperature::Other("lukewarm".into()));
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#""lukewarm""#);
/// assert_eq!(Temperature::from("hot"), Temperature::Hot);
/// ```
///
/// Generated: `as_str`, `is_known`, `ALL` (the known variants), `Display`, `FromStr`
/// (infallible), `From<&str>`, `From<String>`, `AsRef<str>`, serde impls,
/// [`wire::QueryValue`](crate::wire::QueryValue) (so it can go into a query), and derives of
/// `Clone`, `Debug`, `PartialEq`, `Eq`, `Hash`. Build values with `From` rather than
/// writing `Other("known")` by hand: that would compare unequal to the known variant.
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, kept verbatim.
            Other(::std::string::String),
        }

        impl $name {
            /// Every variant this version knows, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),* ];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(other) => other.as_str(),
                }
            }

            /// `false` for values kept in `Other`.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }

            fn __known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    $( $value => ::core::option::Option::Some($name::$variant), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::wire::QueryValue for $name {
            fn render(&self, out: &mut ::std::string::String) {
                out.push_str(self.as_str());
            }
        }

        impl $crate::schema::Describe for $name {
            const KIND: $crate::schema::FieldKind = $crate::schema::FieldKind::Enum;
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl $crate::args::FromArg for $name {
            fn from_value(value: $crate::__private::Value) -> ::core::result::Result<Self, ::std::string::String> {
                $crate::args::closed_set(&value, &[ $( $value ),* ]).map(Self::from)
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::__known(value).unwrap_or_else(|| $name::Other(value.to_owned()))
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::__known(&value).unwrap_or($name::Other(value))
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        const _: () = {
            use $crate::__private::serde;

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    struct __Visitor;
                    impl serde::de::Visitor<'_> for __Visitor {
                        type Value = $name;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str(concat!("a string for ", stringify!($name)))
                        }
                        fn visit_str<E: serde::de::Error>(self, v: &str) -> ::core::result::Result<$name, E> {
                            ::core::result::Result::Ok($name::from(v))
                        }
                        fn visit_string<E: serde::de::Error>(self, v: ::std::string::String) -> ::core::result::Result<$name, E> {
                            ::core::result::Result::Ok($name::from(v))
                        }
                    }
                    deserializer.deserialize_str(__Visitor)
                }
            }
        };
    };
}
