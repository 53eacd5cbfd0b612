//! Products of the catalog.
use crate::ProductId;
use crate::lenient::{Amount, Flag, KeyedMap, Number, Visibility};
use crate::models::{BillingFrequency, UserIdRef};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

model! {
    /// A product.
    pub struct Product {
        /// Id.
        id: Option<ProductId>,
        /// Deal the product is attached to, when listed through a person's products.
        deal_id: Option<crate::DealId>,
        /// Name.
        name: Option<String>,
        /// Product code.
        code: Option<String>,
        /// Description.
        description: Option<String>,
        /// Unit (`pcs`, `kg`, ...).
        unit: Option<String>,
        /// Tax percentage.
        tax: Option<Amount>,
        /// Category.
        category: Option<Number>,
        /// Whether it is active.
        active_flag: Option<Flag>,
        /// Whether it can be added to deals.
        selectable: Option<Flag>,
        /// First letter of the name.
        first_char: Option<String>,
        /// Who can see it.
        visible_to: Option<Visibility>,
        /// Owner.
        owner_id: Option<UserIdRef>,
        /// Attached files.
        files_count: Option<crate::Integer>,
        /// Followers.
        followers_count: Option<crate::Integer>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Prices, as a list or keyed by currency depending on the endpoint.
        prices: Option<ProductPrices>,
        /// Billing frequency of a recurring product.
        billing_frequency: Option<BillingFrequency>,
        /// Number of billing cycles.
        billing_frequency_cycles: Option<crate::Integer>,
    }
}

model! {
    /// A product's price in one currency.
    pub struct ProductPrice {
        /// Id of the price entry.
        id: Option<crate::Integer>,
        /// The product.
        product_id: Option<ProductId>,
        /// Unit price.
        price: Option<Amount>,
        /// Currency code.
        currency: Option<String>,
        /// Unit cost.
        cost: Option<Amount>,
        /// Overhead cost.
        overhead_cost: Option<Amount>,
        /// Free-text note.
        notes: Option<String>,
    }
}

/// Product prices: product endpoints send a list, the deal-product endpoint a map keyed
/// by currency code. Each form is written back as received.
#[derive(Clone, Debug, PartialEq)]
pub enum ProductPrices {
    /// `[{"currency":"EUR",..}, ..]`.
    List(Vec<ProductPrice>),
    /// `{"EUR": {..}, ..}`.
    ByCurrency(KeyedMap<String, ProductPrice>),
}

/// Either form is a list of prices to a binding (the map's keys repeat each price's currency).
impl crate::schema::Describe for ProductPrices {
    const KIND: crate::schema::FieldKind = crate::schema::FieldKind::Object("ProductPrice");
    const LIST: bool = true;
}

impl ProductPrices {
    /// The price entry for a currency code, in either form.
    pub fn for_currency(&self, currency: &str) -> Option<&ProductPrice> {
        match self {
            ProductPrices::List(list) => list
                .iter()
                .find(|p| p.currency.as_deref() == Some(currency)),
            ProductPrices::ByCurrency(map) => map.get(currency),
        }
    }
}

impl ProductPrices {
    /// The prices as a list, in either form; an entry of the keyed form that does not
    /// name its currency takes it from its key.
    pub fn into_list(self) -> Vec<ProductPrice> {
        match self {
            ProductPrices::List(list) => list,
            ProductPrices::ByCurrency(map) => map
                .into_map()
                .into_iter()
                .map(|(currency, mut price)| {
                    price.currency.get_or_insert(currency);
                    price
                })
                .collect(),
        }
    }
}

impl Default for ProductPrices {
    fn default() -> Self {
        ProductPrices::List(Vec::new())
    }
}

impl Serialize for ProductPrices {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ProductPrices::List(list) => list.serialize(s),
            ProductPrices::ByCurrency(map) => map.serialize(s),
        }
    }
}

struct PricesVisitor;

impl<'de> Visitor<'de> for PricesVisitor {
    type Value = ProductPrices;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of prices or an object of prices keyed by currency")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ProductPrices, A::Error> {
        Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(ProductPrices::List)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ProductPrices, A::Error> {
        KeyedMap::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(ProductPrices::ByCurrency)
    }
}

impl<'de> Deserialize<'de> for ProductPrices {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProductPrices, D::Error> {
        d.deserialize_any(PricesVisitor)
    }
}
