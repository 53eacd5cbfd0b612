//! [`Patch`]: one field of a PATCH update, which tells apart leaving a field alone,
//! clearing it and setting it.

use serde::{Serialize, Serializer};

/// A field of a v2 update (`PATCH`): [`Keep`](Patch::Keep) sends nothing and the field
/// stays as it is; [`Clear`](Patch::Clear) sends `null` and empties it;
/// [`Set`](Patch::Set) sends the value.
///
/// ```
/// use pipedrive_types::Patch;
///
/// let mut title: Patch<String> = Patch::default();
/// assert!(title.is_keep());
/// title = "Renamed".to_owned().into();
/// assert_eq!(title, Patch::Set("Renamed".to_owned()));
/// let expected: Patch<i64> = Patch::Clear;
/// assert_eq!(serde_json::to_string(&expected).unwrap(), "null");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Not sent: the field keeps its value.
    #[default]
    Keep,
    /// Sent as `null`: the field is emptied.
    Clear,
    /// Sent: the field takes this value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the field is left alone (not sent); used to skip it when encoding.
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }

    /// The value to set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(v) => Some(v),
            _ => None,
        }
    }

    /// `None` for [`Keep`](Patch::Keep), `Some(None)` for [`Clear`](Patch::Clear),
    /// `Some(Some(v))` for [`Set`](Patch::Set).
    pub fn as_option(&self) -> Option<Option<&T>> {
        match self {
            Patch::Keep => None,
            Patch::Clear => Some(None),
            Patch::Set(v) => Some(Some(v)),
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Set(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets, `None` clears.
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Clear, Patch::Set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    /// The value, or `null` for both `Clear` and `Keep` (a field left alone is skipped
    /// with `skip_serializing_if = "Patch::is_keep"`, never written).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(v) => v.serialize(s),
            Patch::Keep | Patch::Clear => s.serialize_none(),
        }
    }
}
