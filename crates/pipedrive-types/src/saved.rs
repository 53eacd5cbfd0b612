//! [`Saved`]: a record an operation answered with by itself, whose id is there.
//!
//! Model fields are all optional, so that any shape Pipedrive sends decodes (partial
//! objects nested in others, list items, the forms of older endpoints). A record that an
//! operation answers with by itself — get, create, update, merge, upload, add a follower,
//! ... — always carries its id, and the typed methods say so by returning `Saved<Deal>`:
//! its `id` is a plain [`DealId`](crate::DealId), and the record is reached through
//! `Deref`. An answer without an id is a decode error, not a panic.
use crate::schema::Model;
use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use std::ops::Deref;

/// A model with an `id` field (implemented by [`model!`](crate::model) for those).
pub trait HasId {
    /// The type of the id.
    type Id: Clone;
    /// The id, when the record carries one.
    fn record_id(&self) -> Option<Self::Id>;
}

/// A record an operation answered with by itself (get, create, update, ...): `id` is
/// always set.
///
/// ```
/// use pipedrive_types::{Deal, DealId, Saved};
/// let deal: Saved<Deal> = serde_json::from_str(r#"{"id":5,"title":"Big"}"#).unwrap();
/// assert_eq!(deal.id, DealId(5));
/// assert_eq!(deal.title.as_deref(), Some("Big"));
/// let err = serde_json::from_str::<Saved<Deal>>(r#"{"title":"Big"}"#).unwrap_err();
/// assert!(err.to_string().contains("Deal without an id"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Saved<T: HasId> {
    /// The record's id.
    pub id: T::Id,
    record: T,
}

impl<T: HasId> Saved<T> {
    /// Wraps a record that has an id; `None` when it has none.
    pub fn new(record: T) -> Option<Self> {
        let id = record.record_id()?;
        Some(Saved { id, record })
    }

    /// The record itself.
    pub fn record(&self) -> &T {
        &self.record
    }

    /// Takes the record out (its `id` field holds the same id).
    pub fn into_inner(self) -> T {
        self.record
    }
}

impl<T: HasId> Deref for Saved<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}

impl<T: HasId> AsRef<T> for Saved<T> {
    fn as_ref(&self) -> &T {
        &self.record
    }
}

impl<T: HasId + Serialize> Serialize for Saved<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.record.serialize(s)
    }
}

impl<'de, T: HasId + Model + Deserialize<'de>> Deserialize<'de> for Saved<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Saved::new(T::deserialize(d)?).ok_or_else(|| de::Error::custom(missing_id(T::NAME)))
    }
}

/// The message of a record that should carry an id and does not; shared with the
/// bindings that check records they keep as JSON ([`check_id`]).
pub fn missing_id(model: &str) -> String {
    format!("the API returned a {model} without an id")
}

/// Checks the `id` of a record kept as JSON (`None`: the key is absent): a record must
/// carry a non-null id, as [`Saved`] requires of a decoded one; the error names the model.
pub fn check_id(model: &str, id: Option<&serde_json::Value>) -> Result<(), String> {
    match id {
        Some(serde_json::Value::Number(_) | serde_json::Value::String(_)) => Ok(()),
        _ => Err(missing_id(model)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Deal, DealId, Stage};

    #[test]
    fn a_saved_record_reads_like_the_record_and_writes_the_same_json() {
        let json = r#"{"id":"12","title":"T","0123456789abcdef0123456789abcdef01234567":1}"#;
        let deal: Saved<Deal> = serde_json::from_str(json).expect("decodes");
        assert_eq!(deal.id, DealId(12));
        assert_eq!(deal.record().id, Some(DealId(12)));
        assert_eq!(serde_json::to_string(&deal).expect("encodes"), json);
        assert_eq!(deal.into_inner().title.as_deref(), Some("T"));
    }

    #[test]
    fn a_record_without_an_id_is_an_error() {
        for json in [r#"{"name":"S"}"#, r#"{"id":null}"#] {
            let err = serde_json::from_str::<Saved<Stage>>(json).expect_err(json);
            assert!(err.to_string().contains("a Stage without an id"), "{err}");
            let value: serde_json::Value = serde_json::from_str(json).expect("json");
            assert_eq!(check_id("Stage", value.get("id")), Err(missing_id("Stage")));
        }
        assert_eq!(check_id("Stage", Some(&serde_json::json!(1))), Ok(()));
        assert!(Saved::new(Stage::default()).is_none());
    }
}
