//! `/v2/products` on the store v1 uses, through the v1 checks (`products::apply`). v2's
//! `is_linkable` is v1's `selectable`; prices keep their list shape.
use super::family::{Family, no_v2_only, visible_to};
use super::{custom_fields_out, rfc3339};
use crate::api::products::apply;
use crate::store::{CustomField, Entity, Rec, new_product};
use crate::util::{get_bool, get_id};
use serde_json::{Value, json};

pub(super) const PRODUCTS: Family = Family {
    entity: Some(Entity::Product),
    what: "Product",
    table: |s| &s.products,
    table_mut: |s| &mut s.products,
    new_record: new_product,
    // A new product's prices are numbered after the id it is about to get.
    apply: |s, rec, b, creating, t| {
        let id = get_id(rec, "id").unwrap_or(s.products.last_id + 1);
        apply(s, rec, b, creating, id, t)
    },
    shared: &[
        "name",
        "code",
        "description",
        "unit",
        "tax",
        "category",
        "owner_id",
        "visible_to",
        "prices",
    ],
    renames: &[("is_linkable", "selectable")],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[("owner_id", "owner_id")],
    deleted: |p| !get_bool(p, "active_flag"),
    delete: |s, id, t| {
        if let Some(p) = s.products.get_mut(id) {
            p.insert("active_flag".into(), false.into());
            p.insert("update_time".into(), t.into());
        }
        Ok(())
    },
    created: 200,
    render,
    follower_kind: Some("product"),
};

fn render(p: &Rec, customs: &[CustomField]) -> Value {
    let field = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "name": field("name"),
        "code": field("code"),
        "description": field("description"),
        "unit": field("unit"),
        "tax": field("tax"),
        "category": field("category"),
        "is_deleted": !get_bool(p, "active_flag"),
        "is_linkable": get_bool(p, "selectable"),
        "visible_to": visible_to(p),
        "owner_id": field("owner_id"),
        "add_time": rfc3339(p.get("add_time")),
        "update_time": rfc3339(p.get("update_time")),
        "prices": p.get("prices").cloned().unwrap_or_else(|| json!([])),
        "custom_fields": custom_fields_out(p, customs),
    })
}
