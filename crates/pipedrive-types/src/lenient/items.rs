use crate::envelope::PageData;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Shape {
    #[default]
    Array,
    Single,
    Null,
}

/// A list that some responses send as an array, as `null` when empty, or — where the
/// reference example shows it — as a single bare object standing for a one-item list.
///
/// All three decode to a `Vec` (the public `.0`). Encoding writes an array, except
/// that a value decoded from a single object (or from `null`) is written back in that
/// form as long as it still holds exactly one item (or none), so round trips stay
/// exact. The private second field remembers that form; build values with
/// `Items::from(vec)` / [`Items::new`].
///
/// ```
/// use pipedrive_types::Items;
/// let one: Items<serde_json::Value> = serde_json::from_str(r#"{"id":1}"#).unwrap();
/// assert_eq!(one.len(), 1);
/// let none: Items<u32> = serde_json::from_str("null").unwrap();
/// assert!(none.is_empty());
/// let many: Items<u32> = serde_json::from_str("[1,2]").unwrap();
/// assert_eq!(many.into_inner(), vec![1, 2]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Items<T>(pub Vec<T>, Shape);

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items(Vec::new(), Shape::Array)
    }
}

impl<T> Items<T> {
    /// A list written as a JSON array.
    pub fn new(items: Vec<T>) -> Self {
        Items(items, Shape::Array)
    }

    /// Unwraps into the items.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T> From<Vec<T>> for Items<T> {
    fn from(items: Vec<T>) -> Self {
        Items::new(items)
    }
}

impl<T> From<Items<T>> for Vec<T> {
    fn from(items: Items<T>) -> Self {
        items.0
    }
}

impl<T> Deref for Items<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Items<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> IntoIterator for Items<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> FromIterator<T> for Items<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Items::new(iter.into_iter().collect())
    }
}

impl<T: DeserializeOwned> PageData for Items<T> {
    type Item = T;
    fn into_items(self) -> Vec<T> {
        self.0
    }
}

impl<T: Serialize> Serialize for Items<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.1, self.0.as_slice()) {
            (Shape::Single, [only]) => only.serialize(s),
            (Shape::Null, []) => s.serialize_unit(),
            (_, items) => items.serialize(s),
        }
    }
}

struct ItemsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemsVisitor<T> {
    type Value = Items<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, null, or a single object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Items(items, Shape::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items<T>, A::Error> {
        let item = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Items(vec![item], Shape::Single))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Items<T>, E> {
        Ok(Items(Vec::new(), Shape::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Items<T>, E> {
        self.visit_unit()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemsVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(json: &str) -> Items<serde_json::Value> {
        let items: Items<serde_json::Value> = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&items).unwrap(),
            json,
            "form kept for {json}"
        );
        items
    }

    #[test]
    fn every_form() {
        assert_eq!(rt("[]").len(), 0);
        assert_eq!(rt(r#"[{"a":1},{"a":2}]"#).len(), 2);
        assert_eq!(rt(r#"{"a":1}"#).len(), 1);
        assert_eq!(rt("null").len(), 0);
    }

    #[test]
    fn edits_fall_back_to_an_array() {
        let mut one: Items<serde_json::Value> = serde_json::from_str(r#"{"a":1}"#).unwrap();
        one.push(serde_json::json!({"a":2}));
        assert_eq!(serde_json::to_string(&one).unwrap(), r#"[{"a":1},{"a":2}]"#);
        let built = Items::from(vec![1, 2]);
        assert_eq!(serde_json::to_string(&built).unwrap(), "[1,2]");
        assert_eq!(built.into_items(), vec![1, 2]);
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(serde_json::from_str::<Items<u32>>("1").is_err());
        assert!(serde_json::from_str::<Items<u32>>(r#"["x"]"#).is_err());
        assert!(serde_json::from_str::<Items<u32>>(r#"{"a":1}"#).is_err());
    }
}
