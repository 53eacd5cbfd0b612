//! Page payloads split into item texts while the response is decoded, for callers that
//! keep items as JSON until they are read (the Python binding's lazy records).
use crate::envelope::PageData;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// The items of a list page's `data`, split while the response is decoded: an array, or
/// a bare value standing for a one-item list (as `pipedrive_types::Items` reads it).
#[derive(Debug, Default)]
pub struct RawItems(pub Vec<Box<RawValue>>);

/// The hits of a search page's `data` (`{"items": [...], ...}`).
#[derive(Debug, Default)]
pub struct RawHits(pub Vec<Box<RawValue>>);

fn one<E: de::Error>(v: serde_json::Value) -> Result<RawItems, E> {
    let text = serde_json::to_string(&v).map_err(E::custom)?;
    Ok(RawItems(vec![
        RawValue::from_string(text).map_err(E::custom)?,
    ]))
}

impl<'de> de::Deserialize<'de> for RawItems {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawItems;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawItems, E> {
                Ok(RawItems::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawItems, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(100));
                while let Some(item) = seq.next_element::<Box<RawValue>>()? {
                    items.push(item);
                }
                Ok(RawItems(items))
            }
            // A bare object or scalar is rare: rebuilt as text from its parsed form.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItems, A::Error> {
                let v: serde_json::Value =
                    de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                one(v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawItems, E> {
                one(v.into())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawItems, E> {
                one(v.into())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawItems, E> {
                one(v.into())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawItems, E> {
                one(v.into())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawItems, E> {
                one(v.into())
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> de::Deserialize<'de> for RawHits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawHits;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("search results")
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawHits, E> {
                Ok(RawHits::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawHits, A::Error> {
                let mut items = Vec::new();
                while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if k == "items" {
                        items = map
                            .next_value::<Option<RawItems>>()?
                            .map(|l| l.0)
                            .unwrap_or_default();
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(RawHits(items))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawHits, A::Error> {
                RawItems::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(|l| RawHits(l.0))
            }
        }
        d.deserialize_any(V)
    }
}

impl PageData for RawItems {
    type Item = Box<RawValue>;
    fn into_items(self) -> Vec<Box<RawValue>> {
        self.0
    }
}

impl PageData for RawHits {
    type Item = Box<RawValue>;
    fn into_items(self) -> Vec<Box<RawValue>> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: Vec<Box<RawValue>>) -> Vec<String> {
        items.into_iter().map(|r| r.get().to_owned()).collect()
    }

    #[test]
    fn lists_split_into_item_texts() {
        let l: RawItems = serde_json::from_str(r#"[{"id": 1}, 2, "x"]"#).unwrap();
        assert_eq!(texts(l.0), [r#"{"id": 1}"#, "2", r#""x""#]);
        let one: RawItems = serde_json::from_str(r#"{"id": 1}"#).unwrap();
        assert_eq!(texts(one.0), [r#"{"id":1}"#]);
        let none: Option<RawItems> = serde_json::from_str("null").unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn search_hits_come_from_items() {
        let h: RawHits =
            serde_json::from_str(r#"{"other": [1], "items": [{"result_score": 1}]}"#).unwrap();
        assert_eq!(texts(h.0), [r#"{"result_score": 1}"#]);
        let esc: RawHits = serde_json::from_str(r#"{"\u0069tems": [3]}"#).unwrap();
        assert_eq!(texts(esc.0), ["3"]);
    }
}
