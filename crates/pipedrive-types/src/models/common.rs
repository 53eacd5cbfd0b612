//! Small shapes shared by several resources.
use crate::UserId;
use crate::lenient::Flag;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

model! {
    /// One email address or phone number of a person.
    pub struct ContactValue {
        /// Kind (`work`, `home`, `mobile`, `other`, ...).
        label: Option<String>,
        /// The address or number.
        value: Option<String>,
        /// Whether this is the primary one.
        primary: Option<Flag>,
    }
}

model! {
    /// A duration split into calendar parts, as in a deal's `age`.
    pub struct TimeSpan {
        /// Years.
        y: Option<crate::Integer>,
        /// Months.
        m: Option<crate::Integer>,
        /// Days.
        d: Option<crate::Integer>,
        /// Hours.
        h: Option<crate::Integer>,
        /// Minutes.
        i: Option<crate::Integer>,
        /// Seconds.
        s: Option<crate::Integer>,
        /// The whole span in seconds.
        total_seconds: Option<crate::Integer>,
    }
}

model! {
    /// Result of deleting one object: `{"id": 5}`.
    pub struct DeleteResult {
        /// Id of the deleted object.
        id: Option<crate::Integer>,
    }
}

model! {
    /// Result of deleting several objects: `{"id": [1, 2]}`.
    pub struct DeleteManyResult {
        /// Ids of the deleted objects.
        id: Option<Vec<crate::Integer>>,
    }
}

/// Users allowed to see an object.
///
/// The reference example wraps the ids as `{"id":[123,456]}` while the live API sends
/// a bare array `[123,456]`; both decode and the received form is written back
/// (a value built in code is written as a bare array).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PermittedUsers {
    /// The permitted user ids.
    pub ids: Vec<UserId>,
    /// `Some` when the ids arrived wrapped in an object: the object's other keys.
    wrapped: Option<Map<String, Value>>,
    /// The wrapped object had no `id` key; none is written back while `ids` stays empty,
    /// so `{}` does not come back as `{"id":[]}`.
    id_absent: bool,
}

impl PermittedUsers {
    /// A list written as a bare array.
    pub fn new(ids: Vec<UserId>) -> Self {
        PermittedUsers {
            ids,
            wrapped: None,
            id_absent: false,
        }
    }

    /// Whether the ids arrived wrapped as `{"id":[..]}`.
    pub fn is_wrapped(&self) -> bool {
        self.wrapped.is_some()
    }
}

impl From<Vec<UserId>> for PermittedUsers {
    fn from(ids: Vec<UserId>) -> Self {
        PermittedUsers::new(ids)
    }
}

impl Serialize for PermittedUsers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.wrapped {
            None => self.ids.serialize(s),
            Some(rest) => {
                let write_id = !(self.id_absent && self.ids.is_empty());
                let rest_len = rest.keys().filter(|k| *k != "id").count();
                let mut m = s.serialize_map(Some(usize::from(write_id) + rest_len))?;
                if !write_id {
                    // No `id` arrived and none was set: none is written.
                } else if self.ids.is_empty() && rest.get("id") == Some(&Value::Null) {
                    m.serialize_entry("id", &Value::Null)?;
                } else {
                    m.serialize_entry("id", &self.ids)?;
                }
                for (k, v) in rest {
                    if k != "id" {
                        m.serialize_entry(k, v)?;
                    }
                }
                m.end()
            }
        }
    }
}

struct PermittedVisitor;

impl<'de> Visitor<'de> for PermittedVisitor {
    type Value = PermittedUsers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"an array of user ids or {"id": [..]}"#)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<PermittedUsers, A::Error> {
        let ids = Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(PermittedUsers::new(ids))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<PermittedUsers, A::Error> {
        let mut ids = Vec::new();
        let mut rest = Map::new();
        let mut id_absent = true;
        while let Some(key) = access.next_key::<String>()? {
            if key == "id" {
                id_absent = false;
                match access.next_value::<Option<Vec<UserId>>>()? {
                    Some(list) => {
                        // A later `id` replaces an earlier `null`.
                        rest.remove("id");
                        ids = list;
                    }
                    // Kept so that it is written back as `null`.
                    None => {
                        rest.insert(key, Value::Null);
                    }
                }
            } else {
                rest.insert(key, access.next_value()?);
            }
        }
        Ok(PermittedUsers {
            ids,
            wrapped: Some(rest),
            id_absent,
        })
    }
}

impl<'de> Deserialize<'de> for PermittedUsers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PermittedUsers, D::Error> {
        d.deserialize_any(PermittedVisitor)
    }
}
