//! `/filters`: saved filters listed, read, created, updated and deleted; and evaluating
//! a filter's conditions against a record, which every `filter_id` list uses.
use super::deactivate;
use crate::api::{ApiError, R, body, bulk_ids, in_text, now, ok, path_id, unknown};
use crate::http::Request;
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{as_f64, as_text, get_bool, get_str};
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::get_f64;

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
