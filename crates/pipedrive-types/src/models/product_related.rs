//! Product shapes other than [`Product`](crate::Product) itself.
use crate::ProductId;
use crate::lenient::{Number, Visibility};
use crate::models::SearchUser;
use serde_json::Value;

model! {
    /// A product as returned by `GET /products/search` (a short form, not a
    /// [`Product`](crate::Product)).
    pub struct ProductSearchItem {
        /// Id.
        id: Option<ProductId>,
        /// Always `product`.
        r#type: Option<String>,
        /// Name.
        name: Option<String>,
        /// Product code: text on products, but a number in the search example, so
        /// both forms are accepted and kept as received.
        code: Option<Number>,
        /// Who can see the product (a number here).
        visible_to: Option<Visibility>,
        /// Owner.
        owner: Option<SearchUser>,
        /// Matching custom field values.
        custom_fields: Option<Vec<Value>>,
    }
}
