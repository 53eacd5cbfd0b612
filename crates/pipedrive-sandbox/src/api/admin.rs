//! Account setup: `/stages`, `/pipelines`, `/users`, `/filters`, `/currencies`.
use super::{
    ApiError, R, body, bulk_ids, cmp_values, in_flag, in_id, in_num, in_text, now, ok, path_id,
    unknown,
};
use crate::api::deals;
use crate::http::Request;
use crate::render::{render_stage, render_user};
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{as_bool, as_f64, as_text, fmt_money, get_bool, get_f64, get_id, get_str, num};
use serde_json::{Map, Value, json};
use std::cmp::Ordering;
use std::collections::BTreeMap;

// ------------------------------------------------------------------ stages

/// `everyone=1` widens stage views from the token's user to every user.
fn owner_scope(s: &Store, req: &Request) -> Result<Option<u64>, ApiError> {
    if req.q("everyone").and_then(|v| as_bool(&Value::from(v))) == Some(true) {
        return Ok(None);
    }
    match req.q("user_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ApiError::bad("Parameter 'user_id' must be an integer")),
        None => Ok(Some(s.me)),
    }
}

pub(crate) fn get_stage(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => {
            let pipeline = match req
                .q("pipeline_id")
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                Some(v) => Some(
                    v.parse::<u64>()
                        .map_err(|_| ApiError::bad("Parameter 'pipeline_id' must be an integer"))?,
                ),
                None => None,
            };
            let mut list: Vec<&Rec> = s
                .stages
                .rows
                .values()
                .filter(|st| get_bool(st, "active_flag"))
                .filter(|st| pipeline.is_none_or(|p| get_id(st, "pipeline_id") == Some(p)))
                .collect();
            list.sort_by(|a, b| {
                cmp_values(a.get("pipeline_id"), b.get("pipeline_id"))
                    .then_with(|| cmp_values(a.get("order_nr"), b.get("order_nr")))
            });
            ok(Value::Array(
                list.iter()
                    .map(|st| Value::Object(render_stage(s, st)))
                    .collect(),
            ))
        }
        [id] => {
            let id = path_id(id, "Stage")?;
            let st = s
                .stages
                .get(id)
                .ok_or_else(|| ApiError::not_found("Stage not found"))?;
            let scope = owner_scope(s, req)?;
            let mut m = render_stage(s, st);
            m.insert("deals_summary".into(), stage_summary(s, id, scope));
            ok(Value::Object(m))
        }
        [id, "deals"] => {
            let id = path_id(id, "Stage")?;
            if s.stages.get(id).is_none() {
                return Err(ApiError::not_found("Stage not found"));
            }
            let scope = owner_scope(s, req)?;
            let all = deals::filtered(s, req, |d| {
                get_id(d, "stage_id") == Some(id)
                    && get_str(d, "status") == "open"
                    && scope.is_none_or(|u| get_id(d, "user_id") == Some(u))
            })?;
            deals::deal_page(s, req, &all)
        }
        _ => Err(unknown()),
    }
}

fn stage_summary(s: &Store, stage: u64, scope: Option<u64>) -> Value {
    let prob = s
        .stages
        .get(stage)
        .map(|st| get_f64(st, "deal_probability"))
        .unwrap_or(100.0);
    let mut per: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    for d in s.deals.rows.values() {
        if get_id(d, "stage_id") != Some(stage) || get_str(d, "status") != "open" {
            continue;
        }
        if scope.is_some_and(|u| get_id(d, "user_id") != Some(u)) {
            continue;
        }
        let e = per.entry(get_str(d, "currency").to_owned()).or_default();
        e.0 += 1;
        e.1 += get_f64(d, "value");
    }
    let mut per_stage = Map::new();
    let mut per_currency = Map::new();
    let mut full = Map::new();
    let mut total = 0;
    for (cur, (count, value)) in &per {
        let weighted = value * prob / 100.0;
        per_stage.insert(
            cur.clone(),
            json!({
                "count": count,
                "value": num(*value),
                "value_formatted": fmt_money(*value, cur),
                "weighted_value": num(crate::util::round2(weighted)),
                "weighted_value_formatted": fmt_money(weighted, cur),
            }),
        );
        per_currency.insert(cur.clone(), (*count).into());
        full.insert(cur.clone(), json!({"count": count, "value": num(*value)}));
        total += count;
    }
    let mut stages = Map::new();
    stages.insert(stage.to_string(), Value::Object(per_stage));
    json!({
        "per_stages": stages,
        "per_currency": per_currency,
        "total_count": total,
        "per_currency_full": full,
    })
}

fn apply_stage(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("name".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'name' is required")),
    }
    match in_id(b, "pipeline_id")? {
        Some(Some(p)) => {
            if s.pipelines.get(p).is_none() {
                return Err(ApiError::bad(format!("Pipeline with ID {p} not found")));
            }
            rec.insert("pipeline_id".into(), p.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'pipeline_id' is required")),
    }
    if let Some(p) = in_num(b, "deal_probability")? {
        let p = p.unwrap_or(100.0);
        if !(0.0..=100.0).contains(&p) {
            return Err(ApiError::bad(
                "Parameter 'deal_probability' must be between 0 and 100",
            ));
        }
        rec.insert("deal_probability".into(), num(p));
    }
    if let Some(f) = in_flag(b, "rotten_flag")? {
        rec.insert("rotten_flag".into(), f.into());
    }
    if let Some(d) = in_num(b, "rotten_days")? {
        rec.insert("rotten_days".into(), d.map(num).unwrap_or(Value::Null));
    }
    if let Some(o) = in_num(b, "order_nr")? {
        rec.insert("order_nr".into(), o.map(num).unwrap_or(Value::Null));
    }
    rec.insert("update_time".into(), now().into());
    Ok(())
}

pub(crate) fn write_stage(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = obj(json!({
                "order_nr": s.stages.rows.len() + 1,
                "name": null,
                "active_flag": true,
                "deal_probability": 100,
                "pipeline_id": null,
                "rotten_flag": false,
                "rotten_days": null,
                "add_time": t,
                "update_time": t,
            }));
            apply_stage(s, &mut rec, &b, true)?;
            let id = s.stages.insert(rec);
            let data = s
                .stages
                .get(id)
                .map(|st| Value::Object(render_stage(s, st)))
                .unwrap_or(Value::Null);
            ok(data)
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Stage")?;
            let mut rec = s
                .stages
                .get(id)
                .filter(|st| get_bool(st, "active_flag"))
                .cloned()
                .ok_or_else(|| ApiError::not_found("Stage not found"))?;
            let b = body(req)?;
            apply_stage(s, &mut rec, &b, false)?;
            let data = Value::Object(render_stage(s, &rec));
            s.stages.rows.insert(id, rec);
            ok(data)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = deactivate(&mut s.stages, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Stages not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Stage")?;
            if deactivate(&mut s.stages, &[id]).is_empty() {
                return Err(ApiError::not_found("Stage not found"));
            }
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}

fn deactivate(table: &mut crate::store::Table, ids: &[u64]) -> Vec<u64> {
    let t = now();
    ids.iter()
        .copied()
        .filter(|id| match table.get_mut(*id) {
            Some(r) if get_bool(r, "active_flag") => {
                r.insert("active_flag".into(), false.into());
                r.insert("update_time".into(), t.clone().into());
                true
            }
            _ => false,
        })
        .collect()
}

pub(crate) fn get_pipeline(s: &Store, rest: &[&str]) -> R {
    match rest {
        [] => ok(Value::Array(
            s.pipelines
                .rows
                .values()
                .map(|p| Value::Object(p.clone()))
                .collect(),
        )),
        [id] => {
            let id = path_id(id, "Pipeline")?;
            s.pipelines
                .get(id)
                .map(|p| ok(Value::Object(p.clone())))
                .unwrap_or_else(|| Err(ApiError::not_found("Pipeline not found")))
        }
        _ => Err(unknown()),
    }
}

// ------------------------------------------------------------------ users

fn me_value(s: &Store) -> Value {
    let mut v = s
        .users
        .get(s.me)
        .map(|u| render_user(s, u))
        .unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("company_id".into(), s.company_id.into());
        m.insert("company_name".into(), "Sandbox Company".into());
        m.insert("company_domain".into(), "sandbox".into());
        m.insert("company_country".into(), "EE".into());
        m.insert("company_industry".into(), "Software".into());
        m.insert(
            "language".into(),
            json!({"language_code": "en", "country_code": "US"}),
        );
    }
    v
}

pub(crate) fn get_user(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => ok(Value::Array(
            s.users.rows.values().map(|u| render_user(s, u)).collect(),
        )),
        ["me"] => ok(me_value(s)),
        ["find"] => {
            let term = req
                .q("term")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| ApiError::bad("Parameter 'term' is required"))?
                .to_lowercase();
            let by_email = req
                .q("search_by_email")
                .and_then(|v| as_bool(&Value::from(v)))
                .unwrap_or(false);
            let key = if by_email { "email" } else { "name" };
            let found: Vec<Value> = s
                .users
                .rows
                .values()
                .filter(|u| get_str(u, key).to_lowercase().contains(&term))
                .map(|u| render_user(s, u))
                .collect();
            ok(if found.is_empty() {
                Value::Null
            } else {
                Value::Array(found)
            })
        }
        [id] => {
            let id = path_id(id, "User")?;
            s.users
                .get(id)
                .map(|u| ok(render_user(s, u)))
                .unwrap_or_else(|| Err(ApiError::not_found("User not found")))
        }
        [id, rel] => {
            let id = path_id(id, "User")?;
            if s.users.get(id).is_none() {
                return Err(ApiError::not_found("User not found"));
            }
            match *rel {
                "followers" => ok(json!([])),
                "permissions" => ok(json!({
                    "can_add_custom_fields": true,
                    "can_bulk_edit_items": true,
                    "can_change_visibility_of_items": true,
                    "can_delete_deals": true,
                    "can_edit_products": true,
                })),
                "roleSettings" => ok(json!({
                    "deal_default_visibility": 3,
                    "lead_default_visibility": 3,
                    "org_default_visibility": 3,
                    "person_default_visibility": 3,
                    "product_default_visibility": 3,
                })),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

pub(crate) fn write_user(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let email = match in_text(&b, "email")? {
                Some(Some(e)) if e.contains('@') && !e.trim().starts_with('@') => {
                    e.trim().to_owned()
                }
                Some(Some(_)) => {
                    return Err(ApiError::bad("Parameter 'email' must be an email address"));
                }
                _ => return Err(ApiError::bad("Parameter 'email' is required")),
            };
            if s.users
                .rows
                .values()
                .any(|u| get_str(u, "email").eq_ignore_ascii_case(&email))
            {
                return Err(ApiError::bad("A user with this email already exists"));
            }
            let name = email.split('@').next().unwrap_or("user").to_owned();
            let id = s.add_user(&name, &email, false);
            let t = now();
            let active = in_flag(&b, "active_flag")?.unwrap_or(true);
            if let Some(u) = s.users.get_mut(id) {
                u.insert("created".into(), t.clone().into());
                u.insert("modified".into(), t.into());
                u.insert("last_login".into(), Value::Null);
                u.insert("active_flag".into(), active.into());
                u.insert("activated".into(), active.into());
                if let Some(Value::Array(access)) = b.get("access") {
                    u.insert("access".into(), Value::Array(access.clone()));
                }
            }
            ok(s.users
                .get(id)
                .map(|u| render_user(s, u))
                .unwrap_or(Value::Null))
        }
        ("PUT", [id]) => {
            let id = path_id(id, "User")?;
            let b = body(req)?;
            let Some(active) = in_flag(&b, "active_flag")? else {
                return Err(ApiError::bad("Parameter 'active_flag' is required"));
            };
            let t = now();
            let Some(u) = s.users.get_mut(id) else {
                return Err(ApiError::not_found("User not found"));
            };
            u.insert("active_flag".into(), active.into());
            u.insert("modified".into(), t.into());
            let u = u.clone();
            ok(render_user(s, &u))
        }
        _ => Err(unknown()),
    }
}

// ------------------------------------------------------------------ filters

const FILTER_TYPES: &[&str] = &["deals", "leads", "org", "people", "products", "activity"];

fn filter_summary(f: &Rec) -> Value {
    let mut m = f.clone();
    m.remove("conditions");
    Value::Object(m)
}

pub(crate) fn get_filter(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => {
            let ty = req.q("type").map(str::trim).filter(|t| !t.is_empty());
            if let Some(t) = ty {
                if !FILTER_TYPES.contains(&t) {
                    return Err(ApiError::bad(format!(
                        "Parameter 'type' must be one of: {}",
                        FILTER_TYPES.join(", ")
                    )));
                }
            }
            ok(Value::Array(
                s.filters
                    .rows
                    .values()
                    .filter(|f| get_bool(f, "active_flag"))
                    .filter(|f| ty.is_none_or(|t| get_str(f, "type") == t))
                    .map(filter_summary)
                    .collect(),
            ))
        }
        ["helpers"] => ok(json!({
            "operators": {
                "int": {"=": "is", "!=": "is not", ">": "is more than", "<": "is less than", ">=": "is more or equal to", "<=": "is less or equal to", "IS NULL": "is empty", "IS NOT NULL": "is not empty"},
                "varchar": {"=": "is", "!=": "is not", "IS NULL": "is empty", "IS NOT NULL": "is not empty", "LIKE '$%'": "starts with", "LIKE '%$%'": "contains", "NOT LIKE '%$%'": "does not contain", "LIKE '%$'": "ends with"},
            },
            "relative_dates": {"yesterday": "yesterday", "today": "today", "tomorrow": "tomorrow"},
            "address_field_components": {"country": "Country", "locality": "City/town/village"},
        })),
        [id] => {
            let id = path_id(id, "Filter")?;
            match s.filters.get(id) {
                Some(f) if get_bool(f, "active_flag") => ok(Value::Object(f.clone())),
                _ => Err(ApiError::not_found("Filter not found")),
            }
        }
        _ => Err(unknown()),
    }
}

fn read_conditions(b: &Map<String, Value>) -> Result<Option<Value>, ApiError> {
    match b.get("conditions") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(Value::Object(o.clone()))),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v @ Value::Object(_)) => Ok(Some(v)),
            _ => Err(ApiError::bad(
                "Parameter 'conditions' must be a JSON object",
            )),
        },
        Some(_) => Err(ApiError::bad(
            "Parameter 'conditions' must be a JSON object",
        )),
    }
}

pub(crate) fn write_filter(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let name = match in_text(&b, "name")? {
                Some(Some(n)) if !n.trim().is_empty() => n,
                _ => return Err(ApiError::bad("Parameter 'name' is required")),
            };
            let conditions = read_conditions(&b)?
                .ok_or_else(|| ApiError::bad("Parameter 'conditions' is required"))?;
            let ty = match in_text(&b, "type")? {
                Some(Some(t)) if FILTER_TYPES.contains(&t.as_str()) => t,
                Some(Some(t)) => {
                    return Err(ApiError::bad(format!(
                        "Parameter 'type' has an unknown value '{t}'"
                    )));
                }
                _ => return Err(ApiError::bad("Parameter 'type' is required")),
            };
            let t = now();
            let id = s.filters.insert(obj(json!({
                "name": name,
                "active_flag": true,
                "type": ty,
                "temporary_flag": false,
                "user_id": s.me,
                "add_time": t,
                "update_time": t,
                "visible_to": 1,
                "custom_view_id": null,
                "conditions": conditions,
            })));
            ok(s.filters
                .get(id)
                .map(|f| Value::Object(f.clone()))
                .unwrap_or(Value::Null))
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Filter")?;
            let b = body(req)?;
            let conditions = read_conditions(&b)?
                .ok_or_else(|| ApiError::bad("Parameter 'conditions' is required"))?;
            let name = in_text(&b, "name")?;
            let t = now();
            let Some(f) = s.filters.get_mut(id).filter(|f| get_bool(f, "active_flag")) else {
                return Err(ApiError::not_found("Filter not found"));
            };
            if let Some(Some(n)) = name.filter(|n| n.as_ref().is_some_and(|n| !n.trim().is_empty()))
            {
                f.insert("name".into(), n.into());
            }
            f.insert("conditions".into(), conditions);
            f.insert("update_time".into(), t.into());
            ok(Value::Object(f.clone()))
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = deactivate(&mut s.filters, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Filters not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Filter")?;
            if deactivate(&mut s.filters, &[id]).is_empty() {
                return Err(ApiError::not_found("Filter not found"));
            }
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}

/// Evaluates a saved filter's conditions against a record of kind `kind`
/// (`deal`, `person`, `org`, `product`, `activity`). Conditions on other objects and
/// operators the sandbox does not know pass.
pub(crate) fn filter_matches(s: &Store, f: &Rec, kind: &str, rec: &Rec) -> bool {
    match f.get("conditions") {
        Some(c) => group_matches(s, c, kind, rec),
        None => true,
    }
}

fn group_matches(s: &Store, node: &Value, kind: &str, rec: &Rec) -> bool {
    if node.get("operator").is_some() {
        return leaf_matches(s, node, kind, rec);
    }
    let Some(children) = node.get("conditions").and_then(Value::as_array) else {
        return true;
    };
    let live: Vec<&Value> = children.iter().filter(|c| !c.is_null()).collect();
    if live.is_empty() {
        return true;
    }
    let or = node
        .get("glue")
        .and_then(Value::as_str)
        .is_some_and(|g| g.eq_ignore_ascii_case("or"));
    if or {
        live.iter().any(|c| group_matches(s, c, kind, rec))
    } else {
        live.iter().all(|c| group_matches(s, c, kind, rec))
    }
}

fn leaf_matches(s: &Store, c: &Value, kind: &str, rec: &Rec) -> bool {
    let object = c.get("object").and_then(Value::as_str).unwrap_or(kind);
    let same = match object {
        "deal" | "deals" => kind == "deal",
        "person" | "people" => kind == "person",
        "organization" | "org" => kind == "org",
        "product" | "products" => kind == "product",
        "activity" => kind == "activity",
        _ => false,
    };
    if !same {
        return true;
    }
    let field = c.get("field_id").and_then(as_text).unwrap_or_default();
    let entity = match kind {
        "deal" => Some(Entity::Deal),
        "person" => Some(Entity::Person),
        "org" => Some(Entity::Org),
        "product" => Some(Entity::Product),
        _ => None,
    };
    let key = field
        .parse::<u64>()
        .ok()
        .and_then(|id| entity.and_then(|e| s.fields(e).get(id)))
        .map(|f| get_str(f, "key").to_owned())
        .unwrap_or(field);
    let actual = rec.get(&key).filter(|v| !v.is_null());
    let actual_text = actual.and_then(as_text).unwrap_or_default().to_lowercase();
    let want = c.get("value").and_then(as_text).unwrap_or_default();
    let want_l = want.to_lowercase();
    let numeric = || -> Option<Ordering> {
        let a = actual.and_then(as_f64)?;
        let w = want.trim().parse::<f64>().ok()?;
        a.partial_cmp(&w)
    };
    let order = || numeric().unwrap_or_else(|| actual_text.as_str().cmp(want_l.as_str()));
    let op = c.get("operator").and_then(Value::as_str).unwrap_or("");
    match op {
        "=" => numeric()
            .map(|o| o == Ordering::Equal)
            .unwrap_or(actual_text == want_l),
        "!=" => !numeric()
            .map(|o| o == Ordering::Equal)
            .unwrap_or(actual_text == want_l),
        ">" => actual.is_some() && order() == Ordering::Greater,
        "<" => actual.is_some() && order() == Ordering::Less,
        ">=" => actual.is_some() && order() != Ordering::Less,
        "<=" => actual.is_some() && order() != Ordering::Greater,
        "IS NULL" => actual_text.is_empty(),
        "IS NOT NULL" => !actual_text.is_empty(),
        "LIKE '%$%'" => actual_text.contains(&want_l),
        "NOT LIKE '%$%'" => !actual_text.contains(&want_l),
        "LIKE '$%'" => actual_text.starts_with(&want_l),
        "LIKE '%$'" => actual_text.ends_with(&want_l),
        _ => true,
    }
}

// ------------------------------------------------------------------ currencies

pub(crate) fn currencies(req: &Request) -> R {
    let list = [
        (1, "EUR", "Euro", "€"),
        (2, "USD", "US Dollar", "$"),
        (3, "GBP", "British Pound", "£"),
        (4, "JPY", "Japanese Yen", "¥"),
        (5, "INR", "Indian Rupee", "₹"),
        (6, "CHF", "Swiss Franc", "CHF"),
        (7, "SEK", "Swedish Krona", "kr"),
        (8, "BRL", "Brazilian Real", "R$"),
        (9, "CAD", "Canadian Dollar", "CA$"),
        (10, "AUD", "Australian Dollar", "A$"),
    ];
    let term = req
        .q("term")
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty());
    ok(Value::Array(
        list.iter()
            .filter(|(_, code, name, _)| {
                term.as_ref().is_none_or(|t| {
                    code.to_lowercase().contains(t.as_str())
                        || name.to_lowercase().contains(t.as_str())
                })
            })
            .map(|(id, code, name, sym)| {
                json!({
                    "id": id,
                    "code": code,
                    "name": name,
                    "decimal_points": if *code == "JPY" { 0 } else { 2 },
                    "symbol": sym,
                    "active_flag": true,
                    "is_custom_flag": false,
                })
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_conditions() {
        let s = Store::new(1);
        let f = obj(json!({"conditions": {"glue": "and", "conditions": [
            {"glue": "and", "conditions": [{"object": "deal", "field_id": "12", "operator": "=", "value": "open"}]},
            {"glue": "or", "conditions": [null]}
        ]}}));
        let open = obj(json!({"status": "open", "value": 10}));
        let won = obj(json!({"status": "won"}));
        assert!(filter_matches(&s, &f, "deal", &open));
        assert!(!filter_matches(&s, &f, "deal", &won));
        let g = obj(json!({"conditions": {"glue": "and", "conditions": [
            {"object": "deal", "field_id": "value", "operator": ">", "value": "5"}
        ]}}));
        assert!(filter_matches(&s, &g, "deal", &open));
        assert!(!filter_matches(&s, &g, "deal", &won));
        let _ = get_f64(&open, "value");
    }
}
