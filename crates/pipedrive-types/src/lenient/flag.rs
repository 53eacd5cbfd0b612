use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The wire form a [`Flag`] was received in, so it can be written back the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FlagForm {
    /// JSON `true` / `false` (the canonical form).
    #[default]
    Bool,
    /// JSON `1` / `0`.
    Int,
    /// JSON strings `"1"` / `"0"`.
    DigitString,
    /// JSON strings `"true"` / `"false"`.
    WordString,
}

/// A boolean that Pipedrive sends as `true`/`false`, `1`/`0`, `"1"`/`"0"` or
/// `"true"`/`"false"` depending on the endpoint and its age.
///
/// Read it with [`Flag::get`]; build it with `Flag::from(true)` (written as JSON
/// `true`) or [`Flag::with_form`] when an endpoint wants `1`/`0`. Equality compares
/// the form too (it is what gets written); compare with a `bool` to ignore the form.
///
/// ```
/// use pipedrive_types::Flag;
/// let f: Flag = serde_json::from_str(r#""1""#).unwrap();
/// assert!(f.get());
/// assert_eq!(f, true);
/// assert_eq!(serde_json::to_string(&f).unwrap(), r#""1""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flag {
    value: bool,
    form: FlagForm,
}

impl Flag {
    /// `true`, written as JSON `true`.
    pub const TRUE: Flag = Flag {
        value: true,
        form: FlagForm::Bool,
    };
    /// `false`, written as JSON `false`.
    pub const FALSE: Flag = Flag {
        value: false,
        form: FlagForm::Bool,
    };

    /// A flag written as a JSON boolean.
    pub const fn new(value: bool) -> Self {
        Flag {
            value,
            form: FlagForm::Bool,
        }
    }

    /// A flag written in the given form.
    pub const fn with_form(value: bool, form: FlagForm) -> Self {
        Flag { value, form }
    }

    /// The boolean value.
    pub const fn get(self) -> bool {
        self.value
    }

    /// The form it will be written in.
    pub const fn form(self) -> FlagForm {
        self.form
    }
}

impl From<bool> for Flag {
    fn from(value: bool) -> Self {
        Flag::new(value)
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.value
    }
}

impl PartialEq<bool> for Flag {
    fn eq(&self, other: &bool) -> bool {
        self.value == *other
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.form {
            FlagForm::Bool => s.serialize_bool(self.value),
            FlagForm::Int => s.serialize_u8(u8::from(self.value)),
            FlagForm::DigitString => s.serialize_str(if self.value { "1" } else { "0" }),
            FlagForm::WordString => s.serialize_str(if self.value { "true" } else { "false" }),
        }
    }
}

struct FlagVisitor;

impl Visitor<'_> for FlagVisitor {
    type Value = Flag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a flag: true, false, 1, 0, "1", "0", "true" or "false""#)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
        Ok(Flag::with_form(v, FlagForm::Bool))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
        match v {
            0 => Ok(Flag::with_form(false, FlagForm::Int)),
            1 => Ok(Flag::with_form(true, FlagForm::Int)),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
        match v {
            "1" => Ok(Flag::with_form(true, FlagForm::DigitString)),
            "0" => Ok(Flag::with_form(false, FlagForm::DigitString)),
            "true" => Ok(Flag::with_form(true, FlagForm::WordString)),
            "false" => Ok(Flag::with_form(false, FlagForm::WordString)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        d.deserialize_any(FlagVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(json: &str) -> Flag {
        let f: Flag = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            json,
            "form kept for {json}"
        );
        f
    }

    #[test]
    fn every_form_decodes_and_round_trips() {
        assert!(rt("true").get());
        assert!(!rt("false").get());
        assert!(rt("1").get());
        assert!(!rt("0").get());
        assert!(rt(r#""1""#).get());
        assert!(!rt(r#""0""#).get());
        assert!(rt(r#""true""#).get());
        assert!(!rt(r#""false""#).get());
    }

    #[test]
    fn built_in_code_is_a_json_bool() {
        assert_eq!(serde_json::to_string(&Flag::from(true)).unwrap(), "true");
        assert_eq!(serde_json::to_string(&Flag::FALSE).unwrap(), "false");
        assert_eq!(
            serde_json::to_string(&Flag::with_form(true, FlagForm::Int)).unwrap(),
            "1"
        );
        assert_eq!(Flag::from(true), true);
        assert!(bool::from(Flag::TRUE));
    }

    #[test]
    fn form_is_part_of_equality_but_not_of_bool_comparison() {
        let a: Flag = serde_json::from_str("1").unwrap();
        assert_ne!(a, Flag::TRUE);
        assert_eq!(a, true);
        assert_eq!(a.form(), FlagForm::Int);
    }

    #[test]
    fn malformed_is_an_error() {
        for bad in [
            "2",
            "-1",
            "1.0",
            r#""yes""#,
            r#""""#,
            "null",
            "[]",
            "{}",
            r#""TRUE""#,
        ] {
            assert!(
                serde_json::from_str::<Flag>(bad).is_err(),
                "{bad} must not decode"
            );
        }
    }

    #[test]
    fn null_is_none_inside_option() {
        let f: Option<Flag> = serde_json::from_str("null").unwrap();
        assert_eq!(f, None);
    }
}
