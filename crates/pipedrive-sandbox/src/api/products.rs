//! `/products`.
use super::{
    ApiError, R, add_follower, body, check_user, delete_follower, in_flag, in_id, in_num, in_text,
    in_visible_to, list_followers, list_reply, now, ok, ok_status, page, path_id, permitted_users,
    related, slice, sort_records, unknown,
};
use crate::api::admin::filters::filter_matches;
use crate::api::deals;
use crate::api::{fields, search};
use crate::http::Request;
use crate::render::{Related, Stats, render_product};
use crate::store::{Entity, Rec, Store};
use crate::util::{as_bool, as_f64, get_bool, get_id, get_str, num};
use serde_json::{Map, Value, json};

pub(crate) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req),
        ["search"] => search::products(s, req),
        [id] => {
            let id = path_id(id, "Product")?;
            reply(s, id, 200)
        }
        [id, rel] => {
            let id = path_id(id, "Product")?;
            if s.products.get(id).is_none() {
                return Err(ApiError::not_found("Product not found"));
            }
            match *rel {
                "deals" => {
                    let all = deals::read::filtered(s, req, |d| {
                        s.deal_products.rows.values().any(|dp| {
                            get_id(dp, "product_id") == Some(id)
                                && get_id(dp, "deal_id") == get_id(d, "id")
                        })
                    })?;
                    deals::read::deal_page(s, req, &all)
                }
                "followers" => list_followers(s, req, "product", id),
                "files" => super::files::list_for(s, req, "product_id", id),
                "permittedUsers" => permitted_users(s),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

fn list(s: &Store, req: &Request) -> R {
    let user = match req.q("user_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse::<u64>()
                .map_err(|_| ApiError::bad("Parameter 'user_id' must be an integer"))?,
        ),
        None => None,
    };
    let mut ids: Vec<u64> = Vec::new();
    for v in req.q_all("ids") {
        for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            ids.push(
                part.parse()
                    .map_err(|_| ApiError::bad("Parameter 'ids' must be a list of integers"))?,
            );
        }
    }
    let first = req
        .q("first_char")
        .and_then(|c| c.chars().next())
        .map(|c| c.to_lowercase().collect::<String>());
    let filter = match req.q("filter_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => {
            let fid = v
                .parse::<u64>()
                .map_err(|_| ApiError::bad("Parameter 'filter_id' must be an integer"))?;
            Some(
                s.filters
                    .get(fid)
                    .filter(|f| get_bool(f, "active_flag"))
                    .ok_or_else(|| ApiError::bad(format!("Filter with ID {fid} not found")))?,
            )
        }
        None => None,
    };
    let mut all: Vec<&Rec> = s
        .products
        .rows
        .values()
        .filter(|p| get_bool(p, "active_flag"))
        .filter(|p| user.is_none_or(|u| get_id(p, "owner_id") == Some(u)))
        .filter(|p| ids.is_empty() || get_id(p, "id").is_some_and(|id| ids.contains(&id)))
        .filter(|p| {
            first
                .as_ref()
                .is_none_or(|c| get_str(p, "name").to_lowercase().starts_with(c.as_str()))
        })
        .filter(|p| filter.is_none_or(|f| filter_matches(s, f, "product", p)))
        .collect();
    sort_records(&mut all, req.q("sort"))?;
    let p = page(req)?;
    let st = Stats::get(s, false);
    let customs = s.custom_fields(Entity::Product);
    let mut rel = Related::default();
    let items: Vec<Value> = slice(&all, p)
        .iter()
        .map(|r| render_product(s, &st, r, &customs, &mut rel))
        .collect();
    let mut reply = list_reply(items, p, all.len(), related(s, &st, &rel), true)?;
    if req.q("get_summary").and_then(|v| as_bool(&Value::from(v))) == Some(true) {
        if let Some(ad) = reply
            .body
            .get_mut("additional_data")
            .and_then(Value::as_object_mut)
        {
            ad.insert("summary".into(), json!({"total_count": all.len()}));
        }
    }
    Ok(reply)
}

fn reply(s: &Store, id: u64, status: u16) -> R {
    let rec = s
        .products
        .get(id)
        .ok_or_else(|| ApiError::not_found("Product not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let data = render_product(s, &st, rec, &s.custom_fields(Entity::Product), &mut rel);
    ok_status(status, data, related(s, &st, &rel))
}

fn prices(v: &Value, product: u64) -> Result<Value, ApiError> {
    let list = match v {
        Value::String(s) => serde_json::from_str::<Value>(s)
            .map_err(|_| ApiError::bad("Parameter 'prices' must be an array of objects"))?,
        other => other.clone(),
    };
    let Value::Array(items) = list else {
        return Err(ApiError::bad(
            "Parameter 'prices' must be an array of objects",
        ));
    };
    let mut out: Vec<Value> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let cur = item
            .get("currency")
            .and_then(Value::as_str)
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
            .ok_or_else(|| ApiError::bad("Every price needs a 3-letter 'currency'"))?;
        if seen.contains(&cur) {
            return Err(ApiError::bad(format!(
                "Only one price per currency is allowed ({cur})"
            )));
        }
        let price = item
            .get("price")
            .and_then(as_f64)
            .ok_or_else(|| ApiError::bad("Every price needs a numeric 'price'"))?;
        let read = |k: &str| item.get(k).and_then(as_f64).unwrap_or(0.0);
        out.push(json!({
            "id": product * 10 + i as u64 + 1,
            "product_id": product,
            "price": num(price),
            "currency": cur,
            "cost": num(read("cost")),
            "overhead_cost": num(read("overhead_cost")),
            "notes": item.get("notes").and_then(Value::as_str),
        }));
        seen.push(cur);
    }
    Ok(Value::Array(out))
}

pub(crate) fn apply(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    id: u64,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("name".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Product name must be given.")),
    }
    for k in ["code", "unit", "description"] {
        if let Some(v) = in_text(b, k)? {
            rec.insert(k.into(), v.map(Value::from).unwrap_or(Value::Null));
        }
    }
    if let Some(v) = in_num(b, "tax")? {
        rec.insert("tax".into(), num(v.unwrap_or(0.0)));
    }
    for k in ["active_flag", "selectable"] {
        if let Some(v) = in_flag(b, k)? {
            rec.insert(k.into(), v.into());
        }
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    match in_id(b, "owner_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("owner_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'owner_id' cannot be empty")),
        None => {}
    }
    if let Some(c) = b.get("category") {
        rec.insert("category".into(), c.clone());
    }
    match b.get("prices") {
        Some(v) => {
            rec.insert("prices".into(), prices(v, id)?);
        }
        None if creating => {
            let cur = s
                .users
                .get(s.me)
                .map(|u| get_str(u, "default_currency").to_owned())
                .unwrap_or_else(|| "USD".to_owned());
            rec.insert(
                "prices".into(),
                json!([{"id": id * 10 + 1, "product_id": id, "price": 0, "currency": cur, "cost": 0, "overhead_cost": 0}]),
            );
        }
        None => {}
    }
    fields::apply_custom(s, Entity::Product, rec, b)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

fn live(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "Product")?;
    match s.products.get(id) {
        Some(p) if get_bool(p, "active_flag") => Ok(id),
        _ => Err(ApiError::not_found("Product not found")),
    }
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let id = s.products.last_id + 1;
            let mut rec = crate::store::new_product(s, &t);
            apply(s, &mut rec, &b, true, id, &t)?;
            let id = s.products.insert(rec);
            reply(s, id, 201)
        }
        ("PUT", [id]) => {
            let id = live(s, id)?;
            let b = body(req)?;
            let t = now();
            let mut rec = s.products.get(id).cloned().unwrap_or_default();
            apply(s, &mut rec, &b, false, id, &t)?;
            s.products.rows.insert(id, rec);
            reply(s, id, 200)
        }
        ("DELETE", [id]) => {
            let id = live(s, id)?;
            let t = now();
            if let Some(p) = s.products.get_mut(id) {
                p.insert("active_flag".into(), false.into());
                p.insert("update_time".into(), t.into());
            }
            ok(json!({"id": id}))
        }
        ("POST", [id, "followers"]) => {
            let id = live(s, id)?;
            add_follower(s, req, "product", id, 201)
        }
        ("DELETE", [id, "followers", f]) => {
            let id = live(s, id)?;
            delete_follower(s, "product", id, f)
        }
        _ => Err(unknown()),
    }
}
