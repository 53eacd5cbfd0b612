use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object used as a map (currency code -> total, stage id -> seconds, ...).
///
/// Pipedrive's backend writes an *empty* map as `[]` rather than `{}` in some places;
/// both decode to an empty map, and the `[]` form is written back while the map stays
/// empty. Keys are kept sorted (a `BTreeMap`), which does not change the JSON value.
///
/// ```
/// use pipedrive_types::KeyedMap;
/// let m: KeyedMap<String, u64> = serde_json::from_str(r#"{"EUR":10}"#).unwrap();
/// assert_eq!(m.get("EUR"), Some(&10));
/// let empty: KeyedMap<String, u64> = serde_json::from_str("[]").unwrap();
/// assert!(empty.is_empty());
/// assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyedMap<K, V> {
    map: BTreeMap<K, V>,
    empty_as_list: bool,
}

impl<K, V> Default for KeyedMap<K, V> {
    fn default() -> Self {
        KeyedMap {
            map: BTreeMap::new(),
            empty_as_list: false,
        }
    }
}

impl<K: Ord, V> KeyedMap<K, V> {
    /// An empty map, written as `{}`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value under `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.get(key)
    }

    /// Stores a value, returning the previous one.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.map.insert(key, value)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> std::collections::btree_map::Iter<'_, K, V> {
        self.map.iter()
    }

    /// The underlying map.
    pub fn as_map(&self) -> &BTreeMap<K, V> {
        &self.map
    }

    /// Unwraps into the underlying map.
    pub fn into_map(self) -> BTreeMap<K, V> {
        self.map
    }
}

impl<K: Ord, V> From<BTreeMap<K, V>> for KeyedMap<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        KeyedMap {
            map,
            empty_as_list: false,
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for KeyedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        KeyedMap {
            map: iter.into_iter().collect(),
            empty_as_list: false,
        }
    }
}

impl<'a, K, V> IntoIterator for &'a KeyedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl<K: Serialize, V: Serialize> Serialize for KeyedMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.map.is_empty() && self.empty_as_list {
            return s
                .serialize_seq(Some(0))
                .and_then(serde::ser::SerializeSeq::end);
        }
        let mut m = s.serialize_map(Some(self.map.len()))?;
        for (k, v) in &self.map {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct KeyedMapVisitor<K, V>(PhantomData<fn() -> (K, V)>);

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for KeyedMapVisitor<K, V> {
    type Value = KeyedMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or an empty array standing for an empty object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some((k, v)) = access.next_entry()? {
            map.insert(k, v);
        }
        Ok(KeyedMap {
            map,
            empty_as_list: false,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_value(de::Unexpected::Seq, &self));
        }
        Ok(KeyedMap {
            map: BTreeMap::new(),
            empty_as_list: true,
        })
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for KeyedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyedMapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StageId;

    #[test]
    fn object_and_empty_list() {
        let m: KeyedMap<StageId, u64> = serde_json::from_str(r#"{"1":15,"2":3}"#).unwrap();
        assert_eq!(m.get(&StageId(2)), Some(&3));
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"1":15,"2":3}"#);
        let e: KeyedMap<String, u64> = serde_json::from_str("[]").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "[]");
        let e: KeyedMap<String, u64> = serde_json::from_str("{}").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "{}");
    }

    #[test]
    fn built_in_code_is_an_object() {
        let mut m = KeyedMap::new();
        assert_eq!(serde_json::to_string(&m).unwrap(), "{}");
        m.insert("EUR".to_string(), 1);
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"EUR":1}"#);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn malformed_is_an_error() {
        for bad in ["[1]", "1", r#""x""#, r#"{"a":"b"}"#] {
            assert!(
                serde_json::from_str::<KeyedMap<String, u64>>(bad).is_err(),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<KeyedMap<StageId, u64>>(r#"{"x":1}"#).is_err());
    }
}
