//! `/deals/{id}/products`: product attachments listed, added and updated, their sums,
//! and keeping a deal's value equal to the sum of its enabled products.
use crate::api::{
    ApiError, R, Reply, body, check_product, envelope, in_id, in_num, in_text, now, ok, page,
    path_id, slice,
};
use crate::http::Request;
use crate::render::{Related, Stats};
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{as_bool, fmt_money, get_f64, get_id, get_str, num, round2};
use serde_json::{Map, Value, json};

const DURATION_UNITS: &[&str] = &["hourly", "daily", "weekly", "monthly", "yearly"];

/// An attachment's sum before and after its discount: a percentage (v1's
/// `discount_percentage`), or an amount off when v2 set `discount_type` to `amount`.
pub(crate) fn product_sums(rec: &Rec) -> (f64, f64) {
    let gross = get_f64(rec, "item_price") * get_f64(rec, "quantity") * get_f64(rec, "duration");
    let net = if get_str(rec, "discount_type") == "amount" {
        gross - get_f64(rec, "discount_amount")
    } else {
        gross * (1.0 - get_f64(rec, "discount_percentage") / 100.0)
    };
    (round2(gross), round2(net))
}

fn render_attachment(s: &Store, rec: &Rec, with_product: bool) -> Value {
    let deal = get_id(rec, "deal_id");
    let currency = deal
        .and_then(|d| s.deals.get(d))
        .map(|d| get_str(d, "currency").to_owned())
        .unwrap_or_default();
    let product = get_id(rec, "product_id").and_then(|p| s.products.get(p));
    let (gross, net) = product_sums(rec);
    let mut m = Map::new();
    m.insert("id".into(), rec.get("id").cloned().unwrap_or(Value::Null));
    m.insert("company_id".into(), s.company_id.into());
    for k in [
        "deal_id",
        "order_nr",
        "product_id",
        "product_variation_id",
        "item_price",
        "discount_percentage",
        "duration",
        "duration_unit",
    ] {
        m.insert(k.into(), rec.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("sum_no_discount".into(), num(gross));
    m.insert("sum".into(), num(net));
    m.insert("currency".into(), currency.clone().into());
    m.insert(
        "enabled_flag".into(),
        rec.get("enabled_flag").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        rec.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "last_edit".into(),
        rec.get("last_edit").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "comments".into(),
        rec.get("comments").cloned().unwrap_or(Value::Null),
    );
    m.insert("active_flag".into(), true.into());
    m.insert("tax".into(), rec.get("tax").cloned().unwrap_or(Value::Null));
    m.insert(
        "name".into(),
        product
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("sum_formatted".into(), fmt_money(net, &currency).into());
    m.insert(
        "quantity_formatted".into(),
        crate::util::group_thousands(get_f64(rec, "quantity")).into(),
    );
    m.insert(
        "quantity".into(),
        rec.get("quantity").cloned().unwrap_or(Value::Null),
    );
    if with_product {
        let st = Stats::get(s, false);
        let mut rel = Related::default();
        m.insert(
            "product".into(),
            product
                .map(|p| {
                    crate::render::render_product(
                        s,
                        &st,
                        p,
                        &s.custom_fields(Entity::Product),
                        &mut rel,
                    )
                })
                .unwrap_or(Value::Null),
        );
    }
    Value::Object(m)
}

pub(super) fn list_products(s: &Store, req: &Request, deal: u64) -> R {
    let p = page(req)?;
    let with_product = req
        .q("include_product_data")
        .and_then(|v| as_bool(&Value::from(v)))
        == Some(true);
    let all: Vec<&Rec> = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .collect();
    let currency = s
        .deals
        .get(deal)
        .map(|d| get_str(d, "currency").to_owned())
        .unwrap_or_default();
    let qty: f64 = all.iter().map(|r| get_f64(r, "quantity")).sum();
    let sum: f64 = all.iter().map(|r| product_sums(r).1).sum();
    let items: Vec<Value> = slice(&all, p)
        .iter()
        .map(|r| render_attachment(s, r, with_product))
        .collect();
    let mut rel = Related::default();
    rel.users.insert(s.me);
    let data = if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    };
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            data,
            Some(json!({
                "products_quantity_total": num(qty),
                "products_sum_total": num(round2(sum)),
                "products_quantity_total_formatted": crate::util::group_thousands(qty),
                "products_sum_total_formatted": fmt_money(sum, &currency),
                "pagination": crate::api::pagination(p, all.len()),
            })),
            None,
        ),
    })
}

/// Reads the product attachment fields of `b` into `rec` (v1's names; v2 translates).
pub(crate) fn apply_attachment(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_id(b, "product_id")? {
        Some(Some(p)) => {
            check_product(s, p)?;
            rec.insert("product_id".into(), p.into());
        }
        _ => return Err(ApiError::bad("Parameter 'product_id' is required")),
    }
    match in_num(b, "item_price")? {
        Some(Some(v)) => {
            rec.insert("item_price".into(), num(v));
        }
        Some(None) | None if creating => {
            return Err(ApiError::bad("Parameter 'item_price' is required"));
        }
        _ => {}
    }
    match in_num(b, "quantity")? {
        Some(Some(v)) if v > 0.0 => {
            rec.insert("quantity".into(), num(v));
        }
        Some(Some(_)) => return Err(ApiError::bad("Parameter 'quantity' must be greater than 0")),
        Some(None) | None if creating => {
            return Err(ApiError::bad("Parameter 'quantity' is required"));
        }
        _ => {}
    }
    if let Some(v) = in_num(b, "discount_percentage")? {
        let v = v.unwrap_or(0.0);
        if !(0.0..=100.0).contains(&v) {
            return Err(ApiError::bad(
                "Parameter 'discount_percentage' must be between 0 and 100",
            ));
        }
        rec.insert("discount_percentage".into(), num(v));
        // A percentage replaces an amount off that v2 may have set.
        rec.insert("discount_type".into(), "percentage".into());
        rec.remove("discount_amount");
    }
    if let Some(v) = in_num(b, "duration")? {
        rec.insert("duration".into(), num(v.unwrap_or(1.0)));
    }
    if let Some(u) = in_text(b, "duration_unit")? {
        if let Some(u) = &u {
            if !DURATION_UNITS.contains(&u.as_str()) {
                return Err(ApiError::bad(
                    "Parameter 'duration_unit' must be one of: hourly, daily, weekly, monthly, yearly",
                ));
            }
        }
        rec.insert(
            "duration_unit".into(),
            u.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(v) = in_id(b, "product_variation_id")? {
        rec.insert(
            "product_variation_id".into(),
            v.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(c) = in_text(b, "comments")? {
        rec.insert("comments".into(), c.map(Value::from).unwrap_or(Value::Null));
    }
    if let Some(v) = in_num(b, "tax")? {
        rec.insert("tax".into(), num(v.unwrap_or(0.0)));
    }
    if let Some(v) = b.get("enabled_flag") {
        let flag =
            as_bool(v).ok_or_else(|| ApiError::bad("Parameter 'enabled_flag' must be 0 or 1"))?;
        rec.insert("enabled_flag".into(), u8::from(flag).into());
    }
    Ok(())
}

pub(super) fn add_product(s: &mut Store, req: &Request, deal: u64) -> R {
    let b = body(req)?;
    let mut rec = new_attachment(s, deal, &now());
    apply_attachment(s, &mut rec, &b, true)?;
    let id = s.deal_products.insert(rec);
    sync_value(s, deal);
    let data = s
        .deal_products
        .get(id)
        .map(|r| render_attachment(s, r, false))
        .unwrap_or(Value::Null);
    ok(data)
}

/// A deal's next product attachment with the defaults, last in its order, made at `t`.
pub(crate) fn new_attachment(s: &Store, deal: u64, t: &str) -> Rec {
    let order = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .count()
        + 1;
    obj(json!({
        "deal_id": deal,
        "order_nr": order,
        "product_id": null,
        "product_variation_id": null,
        "item_price": 0,
        "discount_percentage": 0,
        "duration": 1,
        "duration_unit": null,
        "comments": null,
        "tax": 0,
        "enabled_flag": 1,
        "add_time": t,
        "last_edit": t,
        "quantity": 1,
    }))
}

pub(super) fn update_product(s: &mut Store, req: &Request, deal: u64, pa: &str) -> R {
    let pa = path_id(pa, "Product attachment")?;
    let Some(mut rec) = s
        .deal_products
        .get(pa)
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .cloned()
    else {
        return Err(ApiError::not_found("Product attachment not found"));
    };
    let b = body(req)?;
    apply_attachment(s, &mut rec, &b, false)?;
    rec.insert("last_edit".into(), now().into());
    s.deal_products.rows.insert(pa, rec);
    sync_value(s, deal);
    let data = s
        .deal_products
        .get(pa)
        .map(|r| render_attachment(s, r, false))
        .unwrap_or(Value::Null);
    ok(data)
}

/// A deal with products is worth the sum of its enabled products, less the deal's
/// additional discounts (v2) in the order they were given, like in the app.
pub(crate) fn sync_value(s: &mut Store, deal: u64) {
    let attached: Vec<&Rec> = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .collect();
    if attached.is_empty() {
        return;
    }
    let total: f64 = attached
        .iter()
        .filter(|r| r.get("enabled_flag").and_then(as_bool).unwrap_or(true))
        .map(|r| product_sums(r).1)
        .sum();
    let total = s
        .discounts
        .rows
        .values()
        .filter(|d| get_id(d, "deal_id") == Some(deal))
        .fold(total, |sum, d| match get_str(d, "type") {
            "amount" => sum - get_f64(d, "amount"),
            _ => sum * (1.0 - get_f64(d, "amount") / 100.0),
        })
        .max(0.0);
    let t = now();
    if let Some(d) = s.deals.get_mut(deal) {
        d.insert("value".into(), num(round2(total)));
        d.insert("update_time".into(), t.into());
    }
}
