//! What a request takes for a person's email addresses and phone numbers.
use crate::args::FromArg;
use crate::inputs::{member, object_arg, required};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One email address or phone number sent with a person (`email`, `phone` of
/// `POST /persons` and `PUT /persons/{id}`): the value alone, or the value with whether it
/// is the primary one and a label (`work`, `home`, `mobile`, `other`, ...).
///
/// Built from a string (`"ada@example.com".into()`) or with the small builder below. The
/// value alone is sent as a bare string, as the API accepts it; with `primary` or `label`
/// set it is sent as `{"value": .., "primary": .., "label": ..}`.
///
/// ```
/// use pipedrive_types::ContactInput;
///
/// let emails: Vec<ContactInput> = vec![
///     "ada@example.com".into(),
///     ContactInput::new("ada@work.example").primary(true).label("work"),
/// ];
/// assert_eq!(
///     serde_json::to_string(&emails).unwrap(),
///     r#"["ada@example.com",{"value":"ada@work.example","primary":true,"label":"work"}]"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactInput {
    /// The address or number.
    pub value: String,
    /// Whether this is the person's primary one.
    pub primary: Option<bool>,
    /// Its label (`work`, `home`, `mobile`, `other`, ...).
    pub label: Option<String>,
}

impl ContactInput {
    /// The value alone.
    pub fn new(value: impl Into<String>) -> Self {
        ContactInput {
            value: value.into(),
            primary: None,
            label: None,
        }
    }

    /// Marks it as the primary one (or explicitly not).
    pub fn primary(mut self, primary: bool) -> Self {
        self.primary = Some(primary);
        self
    }

    /// Sets its label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

impl From<&str> for ContactInput {
    fn from(value: &str) -> Self {
        ContactInput::new(value)
    }
}

impl From<String> for ContactInput {
    fn from(value: String) -> Self {
        ContactInput::new(value)
    }
}

impl Serialize for ContactInput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.primary.is_none() && self.label.is_none() {
            return s.serialize_str(&self.value);
        }
        let len = 1 + usize::from(self.primary.is_some()) + usize::from(self.label.is_some());
        let mut m = s.serialize_map(Some(len))?;
        m.serialize_entry("value", &self.value)?;
        if let Some(p) = self.primary {
            m.serialize_entry("primary", &p)?;
        }
        if let Some(l) = &self.label {
            m.serialize_entry("label", l)?;
        }
        m.end()
    }
}

const SHAPE: &str =
    "must be a str or a dict with `value` (str), `primary` (bool) and `label` (str)";

/// A binding's argument: a string, or an object with `value` and optionally `primary`
/// and `label`; anything else (another key, a wrong type, no `value`) is refused, with
/// the same key checks as the other structured inputs (`crate::inputs`).
impl FromArg for ContactInput {
    fn from_value(value: Value) -> Result<Self, String> {
        if let Value::String(s) = value {
            return Ok(ContactInput::new(s));
        }
        let mut map = object_arg(value, &["value"], &["primary", "label"], SHAPE)?;
        let shaped = |e: String| format!("{SHAPE}; {e}");
        Ok(ContactInput {
            value: required(&mut map, "value").map_err(shaped)?,
            primary: member(&mut map, "primary").map_err(shaped)?,
            label: member(&mut map, "label").map_err(shaped)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_bare_value_is_a_string_and_an_entry_an_object() {
        let bare: ContactInput = "+3725551234".into();
        assert_eq!(serde_json::to_value(&bare).unwrap(), json!("+3725551234"));
        let entry = ContactInput::new("+3725551234").label("mobile");
        assert_eq!(
            serde_json::to_value(&entry).unwrap(),
            json!({"value": "+3725551234", "label": "mobile"})
        );
    }

    #[test]
    fn arguments_are_a_string_or_an_entry_and_nothing_else() {
        assert_eq!(
            ContactInput::from_value(json!("a@example.com")).unwrap(),
            ContactInput::new("a@example.com")
        );
        assert_eq!(
            ContactInput::from_value(
                json!({"value": "a@example.com", "primary": true, "label": "work"})
            )
            .unwrap(),
            ContactInput::new("a@example.com")
                .primary(true)
                .label("work")
        );
        for bad in [
            json!(5),
            json!({"primary": true}),
            json!({"value": 5}),
            json!({"value": "a", "primary": "yes"}),
            json!({"value": "a", "kind": "work"}),
            json!(["a"]),
        ] {
            let e = ContactInput::from_value(bad.clone()).unwrap_err();
            assert!(e.starts_with("must be a str or a dict"), "{bad}: {e}");
        }
    }
}
