//! Arguments of an operation as a binding hands them over: named JSON values, decoded
//! here into the typed parameters of the Rust client.
//!
//! A binding (Python, a script, a test) does not know how an id, an enum or a flag is
//! put on the wire. It collects the caller's arguments into [`Args`], and the generated
//! operation table decodes each one with [`FromArg`] into the same typed parameter
//! struct the Rust methods take, so a wrong type, a negative id or an unknown enum value
//! is refused once, in one place, naming the parameter.
//!
//! ```
//! use pipedrive_types::args::Args;
//! use pipedrive_types::DealId;
//!
//! let mut args = Args::new();
//! args.push("id", serde_json::json!(5));
//! let id: DealId = args.required("id").unwrap();
//! assert_eq!(id, DealId(5));
//!
//! let mut args = Args::new();
//! args.push("id", serde_json::json!(-1));
//! let err = args.required::<DealId>("id").unwrap_err();
//! assert_eq!(err.param(), "id");
//! ```
use serde_json::{Map, Value};
use std::any::Any;
use std::fmt;

/// Name of the pseudo-argument that carries further body fields (custom fields under
/// their 40-character keys, or documented fields set to `null` to clear them).
pub const EXTRA: &str = "extra";

/// The argument of a v2 create or update that holds the record's custom fields, one
/// object keyed by field key.
pub const CUSTOM_FIELDS: &str = "custom_fields";

/// An argument that could not be decoded: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    param: String,
    message: String,
}

impl ArgError {
    /// An error about the argument `param`.
    pub fn new(param: impl Into<String>, message: impl Into<String>) -> Self {
        ArgError {
            param: param.into(),
            message: message.into(),
        }
    }

    /// The name of the argument.
    pub fn param(&self) -> &str {
        &self.param
    }

    /// What is wrong with it, without the name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.param, self.message)
    }
}

impl std::error::Error for ArgError {}

/// One argument's value: JSON, or a native object a binding made (a file to upload).
enum Slot {
    Json(Value),
    Object(Box<dyn Any>),
}

/// The named arguments of one call. Absent arguments and `null`s are the same: "not
/// given" (an explicit `null` for a body field goes into [`EXTRA`]).
#[derive(Default)]
pub struct Args {
    slots: Vec<(String, Slot)>,
}

impl fmt::Debug for Args {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: values may be personal data.
        f.debug_list()
            .entries(self.slots.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a JSON argument; `null` counts as not given.
    pub fn push(&mut self, name: impl Into<String>, value: Value) {
        if !value.is_null() {
            self.slots.push((name.into(), Slot::Json(value)));
        }
    }

    /// Adds an explicit `null`: for a field of a PATCH update ([`Args::patch`]), "clear
    /// it"; anywhere else an error, as any value the parameter cannot take.
    pub fn push_null(&mut self, name: impl Into<String>) {
        self.slots.push((name.into(), Slot::Json(Value::Null)));
    }

    /// Adds a native argument (for [`FromArg`] impls that read objects, such as uploads).
    pub fn push_object<T: Any>(&mut self, name: impl Into<String>, value: T) {
        self.slots
            .push((name.into(), Slot::Object(Box::new(value))));
    }

    /// Whether an argument of that name was given.
    pub fn has(&self, name: &str) -> bool {
        self.slots.iter().any(|(k, _)| k == name)
    }

    fn take(&mut self, name: &str) -> Option<Slot> {
        let at = self.slots.iter().position(|(k, _)| k == name)?;
        Some(self.slots.swap_remove(at).1)
    }

    /// Removes and returns the JSON argument `name`, if given.
    pub fn take_value(&mut self, name: &str) -> Result<Option<Value>, ArgError> {
        match self.take(name) {
            None => Ok(None),
            Some(Slot::Json(v)) => Ok(Some(v)),
            Some(Slot::Object(_)) => Err(ArgError::new(name, "must be a JSON value")),
        }
    }

    /// Adds custom-field body entries (from [`FieldRegistry::encode_in`](crate::FieldRegistry::encode_in))
    /// where the request takes them: into `extra` for v1 ([`CustomLayout::Flat`](crate::CustomLayout::Flat)),
    /// into the `custom_fields` object for v2 ([`CustomLayout::Nested`](crate::CustomLayout::Nested)).
    /// A key already given there explicitly wins over the same field given by name.
    pub fn merge_custom(
        &mut self,
        layout: crate::CustomLayout,
        entries: impl IntoIterator<Item = (String, Value)>,
    ) -> Result<(), ArgError> {
        let slot = match layout {
            crate::CustomLayout::Flat => EXTRA,
            crate::CustomLayout::Nested => CUSTOM_FIELDS,
        };
        let mut entries = entries.into_iter().peekable();
        if entries.peek().is_none() {
            return Ok(());
        }
        let mut into = match self.take_value(slot)? {
            Some(Value::Object(m)) => m,
            None => Map::new(),
            Some(_) => return Err(ArgError::new(slot, "must be a JSON object")),
        };
        for (k, v) in entries {
            into.entry(k).or_insert(v);
        }
        self.push(slot, Value::Object(into));
        Ok(())
    }

    /// Removes and returns the native argument `name`, if given.
    pub fn take_object<T: Any>(&mut self, name: &str) -> Result<Option<T>, ArgError> {
        match self.take(name) {
            None => Ok(None),
            Some(Slot::Object(o)) => o
                .downcast::<T>()
                .map(|b| Some(*b))
                .map_err(|_| ArgError::new(name, "has the wrong kind of value")),
            Some(Slot::Json(_)) => Err(ArgError::new(name, "has the wrong kind of value")),
        }
    }

    /// A required argument: absent or `null` is an error.
    pub fn required<T: FromArg>(&mut self, name: &str) -> Result<T, ArgError> {
        T::take(self, name)?.ok_or_else(|| ArgError::new(name, "is required and cannot be None"))
    }

    /// An optional argument.
    pub fn optional<T: FromArg>(&mut self, name: &str) -> Result<Option<T>, ArgError> {
        T::take(self, name)
    }

    /// A field of a PATCH update: absent is [`Patch::Keep`](crate::Patch::Keep), an
    /// explicit `null` ([`Args::push_null`]) is [`Patch::Clear`](crate::Patch::Clear), a
    /// value is [`Patch::Set`](crate::Patch::Set).
    pub fn patch<T: FromArg>(&mut self, name: &str) -> Result<crate::Patch<T>, ArgError> {
        match self.take_value(name)? {
            None => Ok(crate::Patch::Keep),
            Some(Value::Null) => Ok(crate::Patch::Clear),
            Some(v) => T::from_value(v)
                .map(crate::Patch::Set)
                .map_err(|m| ArgError::new(name, m)),
        }
    }

    /// The further body fields ([`EXTRA`]), sent as given; nulls inside are kept.
    pub fn extra(&mut self) -> Result<Map<String, Value>, ArgError> {
        Ok(self
            .optional::<Map<String, Value>>(EXTRA)?
            .unwrap_or_default())
    }

    /// Fails on an argument no parameter took.
    pub fn finish(self) -> Result<(), ArgError> {
        match self.slots.into_iter().next() {
            None => Ok(()),
            Some((name, _)) => Err(ArgError::new(name, "is not a parameter of this operation")),
        }
    }
}

/// A typed parameter value decoded from an argument.
pub trait FromArg: Sized {
    /// Decodes a given (non-null) JSON value; the error text leaves out the name.
    fn from_value(value: Value) -> Result<Self, String>;

    /// Takes the argument `name` out of `args` and decodes it (`None` when not given).
    fn take(args: &mut Args, name: &str) -> Result<Option<Self>, ArgError> {
        match args.take_value(name)? {
            None => Ok(None),
            Some(v) => Self::from_value(v)
                .map(Some)
                .map_err(|m| ArgError::new(name, m)),
        }
    }
}

/// `got bool true`, `got str "x"`: what a refused value was, shortened.
pub fn shown(value: &Value) -> String {
    let kind = match value {
        Value::Null => "None",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    };
    let mut text = value.to_string();
    if text.chars().count() > 60 {
        text = text.chars().take(57).collect::<String>() + "...";
    }
    format!("got {kind} {text}")
}

/// A numeric id: an integer from 0 to 2**64-1, nothing else (not a bool, a float or
/// text).
pub fn id_from_value(value: Value) -> Result<u64, String> {
    match &value {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| format!("must be an id from 0 to 2**64-1, {}", shown(&value))),
        _ => Err(format!("must be an int id, {}", shown(&value))),
    }
}

/// A text id (a lead's UUID, a channel id): a string only.
pub fn text_id_from_value(value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(format!("must be a str id, {}", shown(&other))),
    }
}

impl FromArg for String {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(format!("must be a str, {}", shown(&other))),
        }
    }
}

impl FromArg for bool {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(format!("must be a bool, {}", shown(&other))),
        }
    }
}

impl FromArg for i64 {
    fn from_value(value: Value) -> Result<Self, String> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| format!("must be an int from -2**63 to 2**63-1, {}", shown(&value))),
            _ => Err(format!("must be an int, {}", shown(&value))),
        }
    }
}

impl FromArg for u64 {
    fn from_value(value: Value) -> Result<Self, String> {
        match &value {
            Value::Number(n) => n
                .as_u64()
                .ok_or_else(|| format!("must be an int from 0 to 2**64-1, {}", shown(&value))),
            _ => Err(format!("must be an int, {}", shown(&value))),
        }
    }
}

impl FromArg for f64 {
    fn from_value(value: Value) -> Result<Self, String> {
        match &value {
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| format!("must be a finite number, {}", shown(&value))),
            _ => Err(format!("must be a number, {}", shown(&value))),
        }
    }
}

impl FromArg for Value {
    fn from_value(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl FromArg for Map<String, Value> {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Object(m) => Ok(m),
            other => Err(format!("must be a dict, {}", shown(&other))),
        }
    }
}

impl<T: FromArg> FromArg for Vec<T> {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    if v.is_null() {
                        return Err(format!("item {i} cannot be None"));
                    }
                    T::from_value(v).map_err(|m| format!("item {i} {m}"))
                })
                .collect(),
            other => Err(format!("must be a list, {}", shown(&other))),
        }
    }
}

impl FromArg for crate::Visibility {
    fn from_value(value: Value) -> Result<Self, String> {
        let code = match &value {
            Value::String(s) => s.clone(),
            Value::Number(n) if n.is_u64() => n.to_string(),
            _ => String::new(),
        };
        let level = crate::VisibilityLevel::from(code);
        if !level.is_known() {
            let known: Vec<&str> = crate::VisibilityLevel::ALL
                .iter()
                .map(crate::VisibilityLevel::as_str)
                .collect();
            return Err(format!(
                "must be one of {}, {}",
                known.join(", "),
                shown(&value)
            ));
        }
        Ok(crate::Visibility::of(level))
    }
}

/// Decodes one value of a closed set of wire values; the message lists them.
pub fn closed_set<'a>(value: &'a Value, known: &[&str]) -> Result<&'a str, String> {
    match value {
        Value::String(s) if known.contains(&s.as_str()) => Ok(s),
        _ => Err(format!(
            "must be one of {}, {}",
            known.join(", "),
            shown(value)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DealId, LeadId};
    use serde_json::json;

    fn one<T: FromArg>(v: Value) -> Result<T, ArgError> {
        let mut a = Args::new();
        a.push("p", v);
        a.required("p")
    }

    #[test]
    fn ids_refuse_everything_but_a_u64() {
        assert_eq!(one::<DealId>(json!(5)).unwrap(), DealId(5));
        assert_eq!(one::<DealId>(json!(u64::MAX)).unwrap(), DealId(u64::MAX));
        for bad in [json!(-1), json!(1.5), json!("5"), json!(true), json!([1])] {
            let e = one::<DealId>(bad.clone()).unwrap_err();
            assert_eq!(e.param(), "p", "{bad}");
        }
        assert_eq!(one::<LeadId>(json!("a-b")).unwrap(), LeadId::from("a-b"));
        assert!(one::<LeadId>(json!(5)).is_err());
    }

    #[test]
    fn none_means_not_given() {
        let mut a = Args::new();
        a.push("p", Value::Null);
        assert!(!a.has("p"));
        let e = a.required::<String>("p").unwrap_err();
        assert_eq!(e.to_string(), "`p` is required and cannot be None");
    }

    #[test]
    fn scalars_are_strict() {
        assert!(one::<bool>(json!(1)).is_err());
        assert!(one::<i64>(json!(true)).is_err());
        assert!(one::<i64>(json!(2.0)).is_err());
        assert_eq!(one::<f64>(json!(2)).unwrap(), 2.0);
        assert!(one::<String>(json!(2)).is_err());
        let e = one::<Vec<DealId>>(json!([1, "x"])).unwrap_err();
        assert!(e.message().starts_with("item 1 must be an int id"), "{e}");
    }

    #[test]
    fn leftover_arguments_are_refused() {
        let mut a = Args::new();
        a.push("nope", json!(1));
        assert_eq!(a.finish().unwrap_err().param(), "nope");
    }

    #[test]
    fn debug_shows_names_not_values() {
        let mut a = Args::new();
        a.push("email", json!("ada@example.com"));
        assert_eq!(format!("{a:?}"), r#"["email"]"#);
    }
}
