//! `/v2/deals/{id}/products` and `/v2/deals/products`: the product attachments v1 keeps
//! (`Store::deal_products`), written through v1's checks (`apply_attachment`) and kept in
//! the deal's value the same way. v2 names what v1 calls `enabled_flag` `is_enabled`, and
//! gives a discount as `discount` with a `discount_type` (a percentage, or an amount off);
//! its tax method and billing terms are stored beside v1's fields.
use super::{CursorPage, cursor_page, cursor_reply, id_list, rfc3339, sort_rows};
use crate::api::deals::products::{apply_attachment, new_attachment, product_sums, sync_value};
use crate::api::{ApiError, R, Reply, body, envelope, in_id, in_num, now, ok, ok_status, path_id};
use crate::http::Request;
use crate::store::{Rec, Store};
use crate::util::{as_bool, get_id, get_str, is_date, num};
use serde_json::{Map, Value, json};

const TAX_METHODS: &[&str] = &["exclusive", "inclusive", "none"];
const DISCOUNT_TYPES: &[&str] = &["percentage", "amount"];
const BILLING: &[&str] = &[
    "one-time",
    "annually",
    "semi-annually",
    "quarterly",
    "monthly",
    "weekly",
];
/// Most attachments one bulk add or bulk delete handles.
const BULK_MAX: usize = 100;

/// `sort_by` of a deal's attachments: parameter value and stored key.
const SORTS: &[(&str, &str)] = &[
    ("id", "id"),
    ("add_time", "add_time"),
    ("update_time", "last_edit"),
    ("order_nr", "order_nr"),
];

/// The deal's id, when it exists.
pub(super) fn existing_deal(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "Deal")?;
    match s.deals.get(id) {
        Some(_) => Ok(id),
        None => Err(ApiError::not_found("Deal not found")),
    }
}

/// An attachment in v2's shape.
pub(super) fn render(s: &Store, r: &Rec) -> Value {
    let field = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let deal = get_id(r, "deal_id").and_then(|d| s.deals.get(d));
    let product = get_id(r, "product_id").and_then(|p| s.products.get(p));
    let amount_off = get_str(r, "discount_type") == "amount";
    let text = |k: &str, default: &str| match get_str(r, k) {
        "" => default.to_owned(),
        v => v.to_owned(),
    };
    json!({
        "id": field("id"),
        "sum": num(product_sums(r).1),
        "tax": field("tax"),
        "deal_id": field("deal_id"),
        "name": product.and_then(|p| p.get("name").cloned()).unwrap_or(Value::Null),
        "product_id": field("product_id"),
        "product_variation_id": field("product_variation_id"),
        "order_nr": field("order_nr"),
        "add_time": rfc3339(r.get("add_time")),
        "update_time": rfc3339(r.get("last_edit")),
        "comments": text("comments", ""),
        "currency": deal.map(|d| field_of(d, "currency")).unwrap_or(Value::Null),
        "discount": if amount_off { field("discount_amount") } else { field("discount_percentage") },
        "discount_type": if amount_off { "amount" } else { "percentage" },
        "quantity": field("quantity"),
        "item_price": field("item_price"),
        "tax_method": text("tax_method", "none"),
        "is_enabled": r.get("enabled_flag").and_then(as_bool).unwrap_or(true),
        "billing_frequency": text("billing_frequency", "one-time"),
        "billing_frequency_cycles": field("billing_frequency_cycles"),
        "billing_start_date": field("billing_start_date"),
    })
}

fn field_of(r: &Rec, k: &str) -> Value {
    r.get(k).cloned().unwrap_or(Value::Null)
}

/// The attachments of one deal, oldest first.
fn of_deal(s: &Store, deal: u64) -> impl Iterator<Item = &Rec> {
    s.deal_products
        .rows
        .values()
        .filter(move |r| get_id(r, "deal_id") == Some(deal))
}

/// `GET /deals/products?deal_ids=..`: the attachments of several deals by cursor.
pub(super) fn list_of_deals(s: &Store, req: &Request) -> R {
    let page: CursorPage = cursor_page(req)?;
    let Some(deals) = id_list(req, "deal_ids")? else {
        return Err(ApiError::bad("Parameter 'deal_ids' is required"));
    };
    let mut rows: Vec<&Rec> = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id").is_some_and(|d| deals.contains(&d)))
        .collect();
    let mut sorts = SORTS.to_vec();
    sorts.push(("deal_id", "deal_id"));
    sort_rows(&mut rows, req, &sorts)?;
    cursor_reply(&rows, page, |r| render(s, r))
}

pub(super) fn get(s: &Store, req: &Request, id: &str, rest: &[&str]) -> R {
    let deal = existing_deal(s, id)?;
    if !rest.is_empty() {
        return Err(crate::api::unknown());
    }
    let page = cursor_page(req)?;
    let mut rows: Vec<&Rec> = of_deal(s, deal).collect();
    sort_rows(&mut rows, req, SORTS)?;
    cursor_reply(&rows, page, |r| render(s, r))
}

pub(super) fn write(s: &mut Store, req: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    let deal = existing_deal(s, id)?;
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let id = add(s, deal, &b)?;
            sync_value(s, deal);
            let data = s.deal_products.get(id).map(|r| render(s, r));
            ok_status(201, data.unwrap_or(Value::Null), None)
        }
        ("POST", ["bulk"]) => {
            let b = body(req)?;
            let Some(items) = b.get("data").and_then(Value::as_array) else {
                return Err(ApiError::bad("Parameter 'data' must be an array"));
            };
            if items.is_empty() || items.len() > BULK_MAX {
                return Err(ApiError::bad(format!(
                    "Parameter 'data' must hold 1 to {BULK_MAX} products"
                )));
            }
            // Every item is checked before any is added: all or none.
            let before = s.deal_products.clone();
            let mut made = Vec::new();
            for item in items {
                let added = match item.as_object() {
                    Some(item) => add(s, deal, item),
                    None => Err(ApiError::bad("Every item of 'data' must be an object")),
                };
                match added {
                    Ok(id) => made.push(id),
                    Err(e) => {
                        s.deal_products = before;
                        return Err(e);
                    }
                }
            }
            sync_value(s, deal);
            let data: Vec<Value> = made
                .iter()
                .filter_map(|id| s.deal_products.get(*id))
                .map(|r| render(s, r))
                .collect();
            ok_status(201, Value::Array(data), None)
        }
        ("PATCH", [pa]) => {
            let pa = attachment(s, deal, pa)?;
            let b = body(req)?;
            let mut rec = s.deal_products.get(pa).cloned().unwrap_or_default();
            change(s, &mut rec, &b, false)?;
            rec.insert("last_edit".into(), now().into());
            s.deal_products.rows.insert(pa, rec);
            sync_value(s, deal);
            ok(s.deal_products
                .get(pa)
                .map(|r| render(s, r))
                .unwrap_or(Value::Null))
        }
        ("DELETE", [pa]) => {
            let pa = attachment(s, deal, pa)?;
            s.deal_products.rows.remove(&pa);
            sync_value(s, deal);
            ok(json!({ "id": pa }))
        }
        ("DELETE", []) => {
            // The given attachments of the deal, or (without `ids`) its first hundred.
            let wanted = id_list(req, "ids")?;
            let mut ids: Vec<u64> = of_deal(s, deal)
                .filter_map(|r| get_id(r, "id"))
                .filter(|id| wanted.as_ref().is_none_or(|w| w.contains(id)))
                .collect();
            let more = ids.len() > BULK_MAX;
            ids.truncate(BULK_MAX);
            for id in &ids {
                s.deal_products.rows.remove(id);
            }
            sync_value(s, deal);
            Ok(Reply {
                raw: None,
                status: 200,
                body: envelope(
                    json!({ "ids": ids }),
                    Some(json!({ "more_items_in_collection": more })),
                    None,
                ),
            })
        }
        _ => Err(crate::api::unknown()),
    }
}

/// The id of one of the deal's attachments.
fn attachment(s: &Store, deal: u64, pa: &str) -> Result<u64, ApiError> {
    let pa = path_id(pa, "Product attachment")?;
    match s.deal_products.get(pa) {
        Some(r) if get_id(r, "deal_id") == Some(deal) => Ok(pa),
        _ => Err(ApiError::not_found("Product attachment not found")),
    }
}

/// Adds one attachment from a v2 body; returns its id.
fn add(s: &mut Store, deal: u64, b: &Map<String, Value>) -> Result<u64, ApiError> {
    let mut rec = new_attachment(s, deal, &now());
    change(s, &mut rec, b, true)?;
    Ok(s.deal_products.insert(rec))
}

/// A v2 body put in v1's terms and checked by v1's `apply_attachment`, then what only v2
/// sets. A PATCH keeps the product when it names none.
fn change(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    let mut v1 = Map::new();
    for k in [
        "product_id",
        "item_price",
        "quantity",
        "tax",
        "comments",
        "product_variation_id",
    ] {
        if let Some(v) = b.get(k) {
            v1.insert(k.into(), v.clone());
        }
    }
    if !creating && !v1.contains_key("product_id") {
        v1.insert("product_id".into(), field_of(rec, "product_id"));
    }
    match b.get("is_enabled") {
        None => {}
        Some(Value::Bool(on)) => {
            v1.insert("enabled_flag".into(), (*on).into());
        }
        Some(_) => return Err(ApiError::bad("Parameter 'is_enabled' must be a boolean")),
    }
    let kind = match b.get("discount_type") {
        None if get_str(rec, "discount_type") == "amount" => "amount",
        None => "percentage",
        Some(v) => v
            .as_str()
            .filter(|t| DISCOUNT_TYPES.contains(t))
            .ok_or_else(|| {
                ApiError::bad("Parameter 'discount_type' must be percentage or amount")
            })?,
    };
    let discount = in_num(b, "discount")?;
    if kind == "percentage" {
        match discount {
            Some(d) => {
                v1.insert("discount_percentage".into(), num(d.unwrap_or(0.0)));
            }
            // A switch to a percentage without a discount keeps none.
            None if b.contains_key("discount_type") => {
                v1.insert("discount_percentage".into(), 0.into());
            }
            None => {}
        }
    }
    apply_attachment(s, rec, &v1, creating)?;
    if kind == "amount" {
        let off = match discount {
            Some(d) => d.unwrap_or(0.0),
            None => crate::util::get_f64(rec, "discount_amount"),
        };
        if off < 0.0 {
            return Err(ApiError::bad("Parameter 'discount' cannot be negative"));
        }
        rec.insert("discount_type".into(), "amount".into());
        rec.insert("discount_amount".into(), num(off));
        rec.insert("discount_percentage".into(), 0.into());
    }
    v2_terms(rec, b)
}

/// The tax method and billing terms only v2 knows.
fn v2_terms(rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    for (key, allowed) in [("tax_method", TAX_METHODS), ("billing_frequency", BILLING)] {
        if let Some(v) = b.get(key) {
            let Some(v) = v.as_str().filter(|v| allowed.contains(v)) else {
                return Err(ApiError::bad(format!(
                    "Parameter '{key}' must be one of: {}",
                    allowed.join(", ")
                )));
            };
            rec.insert(key.into(), v.into());
        }
    }
    if let Some(c) = in_id(b, "billing_frequency_cycles")? {
        rec.insert(
            "billing_frequency_cycles".into(),
            c.map_or(Value::Null, Value::from),
        );
    }
    match b.get("billing_start_date") {
        None => {}
        Some(Value::Null) => {
            rec.insert("billing_start_date".into(), Value::Null);
        }
        Some(Value::String(d)) if is_date(d) => {
            rec.insert("billing_start_date".into(), d.clone().into());
        }
        Some(_) => {
            return Err(ApiError::bad(
                "Parameter 'billing_start_date' must be a date in the format YYYY-MM-DD",
            ));
        }
    }
    // A one-time product has no cycles.
    if get_str(rec, "billing_frequency") == "one-time" {
        rec.insert("billing_frequency_cycles".into(), Value::Null);
    }
    Ok(())
}

/// True when the attachment bills once (v1's attachments do).
pub(super) fn is_one_time(r: &Rec) -> bool {
    matches!(get_str(r, "billing_frequency"), "" | "one-time")
}

/// The deal's attachments, for the installment rules.
pub(super) fn attachments_of(s: &Store, deal: u64) -> Vec<&Rec> {
    of_deal(s, deal).collect()
}
