//! Search results (`/deals/search`, `/persons/search`, `/itemSearch`, ...).
use crate::__private::{Key, KeySeed};
use crate::envelope::PageData;
use crate::lenient::{Amount, Flag, Number, Visibility};
use crate::models::DealStatus;
use crate::{DealId, OrganizationId, PersonId, StageId, UserId};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// The `data` of a search endpoint: `{"items":[{"result_score":..,"item":{..}}, ..]}`.
///
/// `items` absent or `null` decodes as empty. Other keys (`related_items` on item
/// search, ...) are kept in `extra`.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults<T> {
    /// The hits, best first.
    pub items: Vec<SearchHit<T>>,
    /// Every other key, as received.
    pub extra: Map<String, Value>,
}

/// One search hit: the matched object and how well it matched.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit<T> {
    /// Relevance score (higher is better).
    pub result_score: Option<Number>,
    /// The matched object.
    pub item: T,
    /// Every other key, as received.
    pub extra: Map<String, Value>,
}

impl<T> Default for SearchResults<T> {
    fn default() -> Self {
        SearchResults {
            items: Vec::new(),
            extra: Map::new(),
        }
    }
}

impl<T: Default> Default for SearchHit<T> {
    fn default() -> Self {
        SearchHit {
            result_score: None,
            item: T::default(),
            extra: Map::new(),
        }
    }
}

impl<T> SearchHit<T> {
    /// A hit for `item` with a score.
    pub fn new(item: T, result_score: Option<Number>) -> Self {
        SearchHit {
            result_score,
            item,
            extra: Map::new(),
        }
    }

    /// The score as a float.
    pub fn score(&self) -> Option<f64> {
        self.result_score.as_ref().and_then(Number::as_f64)
    }
}

impl<T: DeserializeOwned> PageData for SearchResults<T> {
    type Item = SearchHit<T>;
    fn into_items(self) -> Vec<SearchHit<T>> {
        self.items
    }
}

impl<T: Serialize> Serialize for SearchResults<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rest = self.extra.iter().filter(|(k, _)| *k != "items");
        let mut m = s.serialize_map(Some(1 + rest.clone().count()))?;
        // `items: null` decodes to no items and is written back as `null` while empty.
        if self.items.is_empty() && self.extra.get("items") == Some(&Value::Null) {
            m.serialize_entry("items", &Value::Null)?;
        } else {
            m.serialize_entry("items", &self.items)?;
        }
        for (k, v) in rest {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<T: Serialize> Serialize for SearchHit<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let has_score = self.result_score.is_some();
        let rest = self
            .extra
            .iter()
            .filter(|(k, _)| *k != "item" && !(has_score && *k == "result_score"));
        let mut m = s.serialize_map(Some(1 + usize::from(has_score) + rest.clone().count()))?;
        if let Some(score) = &self.result_score {
            m.serialize_entry("result_score", score)?;
        }
        m.serialize_entry("item", &self.item)?;
        for (k, v) in rest {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

const RESULTS_FIELDS: &[&str] = &["items"];
const HIT_FIELDS: &[&str] = &["result_score", "item"];

struct ResultsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ResultsVisitor<T> {
    type Value = SearchResults<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"search results {"items": [..]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut out = SearchResults::default();
        while let Some(key) = access.next_key_seed(KeySeed {
            names: RESULTS_FIELDS,
            hint: 0,
        })? {
            match key {
                Key::Known(_) => match access.next_value::<Option<Vec<_>>>()? {
                    Some(items) => {
                        // A later `items` replaces an earlier `null`.
                        out.extra.remove("items");
                        out.items = items;
                    }
                    None => {
                        out.extra.insert("items".to_owned(), Value::Null);
                    }
                },
                Key::Unknown(k) => {
                    let v: Value = access.next_value()?;
                    out.extra.insert(k, v);
                }
            }
        }
        Ok(out)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for SearchResults<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ResultsVisitor(PhantomData))
    }
}

struct HitVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for HitVisitor<T> {
    type Value = SearchHit<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a search hit {"result_score": .., "item": {..}}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut result_score = None;
        let mut item = None;
        let mut extra = Map::new();
        let mut hint = 0;
        while let Some(key) = access.next_key_seed(KeySeed {
            names: HIT_FIELDS,
            hint,
        })? {
            match key {
                Key::Known(0) => {
                    hint = 1;
                    result_score = access.next_value()?;
                    if result_score.is_none() {
                        // Written back as `null` (an unset score leaves this entry in place).
                        extra.insert("result_score".to_owned(), Value::Null);
                    } else {
                        // A later score replaces an earlier `null`.
                        extra.remove("result_score");
                    }
                }
                Key::Known(_) => {
                    hint = 2;
                    item = Some(access.next_value()?);
                }
                Key::Unknown(k) => {
                    let v: Value = access.next_value()?;
                    extra.insert(k, v);
                }
            }
        }
        let item = item.ok_or_else(|| de::Error::missing_field("item"))?;
        Ok(SearchHit {
            result_score,
            item,
            extra,
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for SearchHit<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(HitVisitor(PhantomData))
    }
}

model! {
    /// A deal as returned by `GET /deals/search` (a short form, not a [`Deal`](crate::Deal)).
    pub struct DealSearchItem {
        /// Id.
        id: Option<DealId>,
        /// Always `deal`.
        r#type: Option<String>,
        /// Title.
        title: Option<String>,
        /// Value.
        value: Option<Amount>,
        /// Currency code.
        currency: Option<String>,
        /// Status.
        status: Option<DealStatus>,
        /// Visibility (a number here, a string elsewhere; kept as received).
        visible_to: Option<Visibility>,
        /// Owner.
        owner: Option<SearchUser>,
        /// Stage.
        stage: Option<SearchStage>,
        /// Linked person.
        person: Option<SearchPerson>,
        /// Linked organization.
        organization: Option<SearchOrganization>,
        /// Matching custom field values.
        custom_fields: Option<Vec<Value>>,
        /// Matching notes.
        notes: Option<Vec<String>>,
        /// Whether the deal is archived.
        is_archived: Option<Flag>,
        /// The deal's mail address (with `include_fields=deal.cc_email`).
        cc_email: Option<String>,
    }
}

model! {
    /// A user in a search result.
    pub struct SearchUser {
        /// Id.
        id: Option<UserId>,
    }
}

model! {
    /// A stage in a search result.
    pub struct SearchStage {
        /// Id.
        id: Option<StageId>,
        /// Name.
        name: Option<String>,
    }
}

model! {
    /// A person in a search result.
    pub struct SearchPerson {
        /// Id.
        id: Option<PersonId>,
        /// Name.
        name: Option<String>,
    }
}

model! {
    /// An organization in a search result.
    pub struct SearchOrganization {
        /// Id.
        id: Option<OrganizationId>,
        /// Name.
        name: Option<String>,
        /// Address.
        address: Option<String>,
    }
}
