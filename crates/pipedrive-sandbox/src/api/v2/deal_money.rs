//! A deal's installments (`/v2/deals/{id}/installments`, listed for several deals by
//! `/v2/deals/installments`) and its additional discounts (`/v2/deals/{id}/discounts`),
//! both v2-only and kept in their own tables. Installments need a deal whose products all
//! bill once; discounts come off the deal's value (`sync_value`) in the order given.
use super::deal_products::{attachments_of, existing_deal, is_one_time};
use super::{cursor_page, cursor_reply, id_list, rfc3339, sort_rows};
use crate::api::deals::products::sync_value;
use crate::api::{ApiError, R, body, in_num, in_text, now, ok, ok_status, path_id, unknown};
use crate::http::Request;
use crate::store::{Rec, Store, obj};
use crate::util::{get_id, get_str, is_date, num};
use serde_json::{Map, Value, json};

/// `GET /deals/installments?deal_ids=..`, by cursor.
pub(super) fn list_installments(s: &Store, req: &Request) -> R {
    let page = cursor_page(req)?;
    let Some(deals) = id_list(req, "deal_ids")? else {
        return Err(ApiError::bad("Parameter 'deal_ids' is required"));
    };
    let mut rows: Vec<&Rec> = s
        .installments
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id").is_some_and(|d| deals.contains(&d)))
        .collect();
    sort_rows(
        &mut rows,
        req,
        &[
            ("id", "id"),
            ("billing_date", "billing_date"),
            ("deal_id", "deal_id"),
        ],
    )?;
    cursor_reply(&rows, page, |r| installment(r))
}

fn installment(r: &Rec) -> Value {
    let field = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "amount": field("amount"),
        "billing_date": field("billing_date"),
        "description": field("description"),
        "deal_id": field("deal_id"),
    })
}

pub(super) fn write_installment(
    s: &mut Store,
    req: &Request,
    m: &str,
    id: &str,
    rest: &[&str],
) -> R {
    let deal = existing_deal(s, id)?;
    match (m, rest) {
        ("POST", []) => {
            let products = attachments_of(s, deal);
            if products.is_empty() || !products.iter().all(|p| is_one_time(p)) {
                return Err(ApiError::bad(
                    "Installments need a deal with one-time products only",
                ));
            }
            let b = body(req)?;
            let mut rec = obj(json!({ "deal_id": deal }));
            installment_fields(&mut rec, &b, true)?;
            let id = s.installments.insert(rec);
            ok(s.installments.get(id).map_or(Value::Null, installment))
        }
        ("PATCH", [i]) => {
            let i = own(s, deal, i, "Installment", |s| &s.installments)?;
            let b = body(req)?;
            let mut rec = s.installments.get(i).cloned().unwrap_or_default();
            installment_fields(&mut rec, &b, false)?;
            s.installments.rows.insert(i, rec);
            ok(s.installments.get(i).map_or(Value::Null, installment))
        }
        ("DELETE", [i]) => {
            let i = own(s, deal, i, "Installment", |s| &s.installments)?;
            s.installments.rows.remove(&i);
            ok(json!({ "id": i }))
        }
        _ => Err(unknown()),
    }
}

/// An installment's description, amount (above 0) and billing date; all three when
/// `creating`.
fn installment_fields(
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, "description")? {
        Some(Some(d)) if !d.trim().is_empty() => {
            rec.insert("description".into(), d.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'description' is required")),
    }
    positive_amount(rec, b, creating)?;
    match b.get("billing_date") {
        Some(Value::String(d)) if is_date(d) => {
            rec.insert("billing_date".into(), d.clone().into());
        }
        None if !creating => {}
        _ => {
            return Err(ApiError::bad(
                "Parameter 'billing_date' must be a date in the format YYYY-MM-DD",
            ));
        }
    }
    Ok(())
}

/// The numeric id of a row of `table` that belongs to `deal`.
fn own(
    s: &Store,
    deal: u64,
    id: &str,
    what: &str,
    table: fn(&Store) -> &crate::store::Table,
) -> Result<u64, ApiError> {
    let id = path_id(id, what)?;
    match table(s).get(id) {
        Some(r) if get_id(r, "deal_id") == Some(deal) => Ok(id),
        _ => Err(ApiError::not_found(format!("{what} not found"))),
    }
}

/// A discount in v2's shape: its public id is the UUID.
fn discount(r: &Rec) -> Value {
    let field = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("uuid"),
        "type": field("type"),
        "amount": field("amount"),
        "description": field("description"),
        "deal_id": field("deal_id"),
        "created_at": rfc3339(r.get("created_at")),
        "created_by": field("created_by"),
        "updated_at": rfc3339(r.get("updated_at")),
        "updated_by": field("updated_by"),
    })
}

pub(super) fn get_discounts(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    let deal = existing_deal(s, id)?;
    if !rest.is_empty() {
        return Err(unknown());
    }
    let list: Vec<Value> = s
        .discounts
        .rows
        .values()
        .filter(|d| get_id(d, "deal_id") == Some(deal))
        .map(discount)
        .collect();
    ok(Value::Array(list))
}

pub(super) fn write_discount(s: &mut Store, req: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    let deal = existing_deal(s, id)?;
    let t = now();
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let uuid = s.rng.uuid();
            let mut rec = obj(json!({
                "uuid": uuid,
                "deal_id": deal,
                "description": null,
                "created_at": t,
                "created_by": s.me,
                "updated_at": t,
                "updated_by": s.me,
            }));
            discount_fields(&mut rec, &b, true)?;
            let id = s.discounts.insert(rec);
            sync_value(s, deal);
            ok_status(201, s.discounts.get(id).map_or(Value::Null, discount), None)
        }
        ("PATCH", [d]) => {
            let d = own_discount(s, deal, d)?;
            let b = body(req)?;
            let mut rec = s.discounts.get(d).cloned().unwrap_or_default();
            discount_fields(&mut rec, &b, false)?;
            rec.insert("updated_at".into(), t.into());
            rec.insert("updated_by".into(), s.me.into());
            s.discounts.rows.insert(d, rec);
            sync_value(s, deal);
            ok(s.discounts.get(d).map_or(Value::Null, discount))
        }
        ("DELETE", [d]) => {
            let d = own_discount(s, deal, d)?;
            let gone = s.discounts.rows.remove(&d);
            sync_value(s, deal);
            ok(
                json!({ "id": gone.map_or(Value::Null, |r| r.get("uuid").cloned().unwrap_or(Value::Null)) }),
            )
        }
        _ => Err(unknown()),
    }
}

/// The table key of the deal's discount with this UUID.
fn own_discount(s: &Store, deal: u64, uuid: &str) -> Result<u64, ApiError> {
    s.discounts
        .rows
        .iter()
        .find(|(_, d)| get_str(d, "uuid") == uuid && get_id(d, "deal_id") == Some(deal))
        .map(|(k, _)| *k)
        .ok_or_else(|| ApiError::not_found("Discount not found"))
}

/// A discount's type (`percentage` up to 100, or `amount`), amount and description;
/// type and amount when `creating`.
fn discount_fields(rec: &mut Rec, b: &Map<String, Value>, creating: bool) -> Result<(), ApiError> {
    match b.get("type").map(|t| t.as_str()) {
        Some(Some(t @ ("percentage" | "amount"))) => {
            rec.insert("type".into(), t.into());
        }
        None if !creating => {}
        _ => {
            return Err(ApiError::bad(
                "Parameter 'type' must be percentage or amount",
            ));
        }
    }
    positive_amount(rec, b, creating)?;
    if get_str(rec, "type") == "percentage" && crate::util::get_f64(rec, "amount") > 100.0 {
        return Err(ApiError::bad("A percentage discount cannot exceed 100"));
    }
    if let Some(d) = in_text(b, "description")? {
        rec.insert("description".into(), d.map_or(Value::Null, Value::from));
    }
    Ok(())
}

/// `amount` of an installment or a discount: above 0, required on a create.
fn positive_amount(rec: &mut Rec, b: &Map<String, Value>, creating: bool) -> Result<(), ApiError> {
    match in_num(b, "amount")? {
        Some(Some(a)) if a > 0.0 => {
            rec.insert("amount".into(), num(a));
            Ok(())
        }
        None if !creating => Ok(()),
        _ => Err(ApiError::bad(
            "Parameter 'amount' must be a number greater than 0",
        )),
    }
}
