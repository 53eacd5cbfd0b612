//! v2 search on v1's search engine (`api::search`): `/v2/{deals,persons,organizations,
//! products,leads,projects}/search` and `/v2/itemSearch` across those item types, answered as
//! `data.items[]` of `{result_score, item}` paged by cursor; `/v2/itemSearch/field` finds
//! records by the value of one field.
use super::{cursor_page, cursor_slice};
use crate::api::search::{
    self as engine, DEAL_FIELDS, Hits, LEAD_FIELDS, ORG_FIELDS, PERSON_FIELDS, PRODUCT_FIELDS,
    PROJECT_FIELDS, Params, params,
};
use crate::api::{ApiError, R, Reply, envelope};
use crate::http::Request;
use crate::store::{Rec, Store, Table};
use crate::util::{as_bool, as_text, get_bool, get_str};
use serde_json::{Value, json};

/// The hits of one item type for parsed parameters.
type HitsOf = fn(&Store, &Request, &Params) -> Result<Hits, ApiError>;

/// The item types searched, with the fields each is searched in and its hits.
const KINDS: &[(&str, &[&str], HitsOf)] = &[
    ("deal", DEAL_FIELDS, engine::deal_hits),
    ("person", PERSON_FIELDS, engine::person_hits),
    ("organization", ORG_FIELDS, engine::org_hits),
    ("product", PRODUCT_FIELDS, engine::product_hits),
    ("lead", LEAD_FIELDS, engine::lead_hits),
    ("project", PROJECT_FIELDS, engine::project_hits),
];

/// Item types v2 searches that the sandbox keeps none of: they never match.
const NONE_KEPT: &[&str] = &["file", "mail_attachment"];

/// Every field `/itemSearch` may be asked to search in.
const ALL_FIELDS: &[&str] = &[
    "address",
    "code",
    "custom_fields",
    "email",
    "name",
    "notes",
    "phone",
    "title",
    "description",
];

fn kind(name: &str) -> Option<&'static (&'static str, &'static [&'static str], HitsOf)> {
    KINDS.iter().find(|(k, _, _)| *k == name)
}

/// One item type's search, by its `kind`.
fn one(s: &Store, req: &Request, name: &str) -> R {
    let Some((_, fields, hits)) = kind(name) else {
        return Err(crate::api::unknown());
    };
    let found = hits(s, req, &params(req, fields)?)?;
    answer(s, req, &found, false)
}

pub(super) fn deals(s: &Store, req: &Request) -> R {
    one(s, req, "deal")
}

pub(super) fn persons(s: &Store, req: &Request) -> R {
    one(s, req, "person")
}

pub(super) fn organizations(s: &Store, req: &Request) -> R {
    one(s, req, "organization")
}

pub(super) fn products(s: &Store, req: &Request) -> R {
    one(s, req, "product")
}

pub(super) fn leads(s: &Store, req: &Request) -> R {
    one(s, req, "lead")
}

pub(super) fn projects(s: &Store, req: &Request) -> R {
    one(s, req, "project")
}

/// One cursor page of hits as `data.items` (and `data.related_items` when asked for).
fn answer(s: &Store, req: &Request, hits: &Hits, related: bool) -> R {
    let page = cursor_page(req)?;
    let (shown, next) = cursor_slice(hits, page);
    let items: Vec<Value> = shown
        .iter()
        .map(|(score, _, item)| json!({ "result_score": score, "item": v2_item(s, item) }))
        .collect();
    let mut data = json!({ "items": items });
    if related {
        data["related_items"] = Value::Array(related_items(s, shown));
    }
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(data, Some(json!({ "next_cursor": next })), None),
    })
}

/// The persons and organizations the shown hits refer to (a deal's or lead's person and
/// organization, a person's organization), once each and not when a hit already, with
/// the score of the first hit that refers to them.
fn related_items(s: &Store, shown: &[(f64, usize, Value)]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let listed = |kind: &str, id: &Value| {
        shown
            .iter()
            .any(|(_, _, i)| i["type"] == kind && &i["id"] == id)
    };
    for (score, _, item) in shown {
        for (key, kind) in [("person", "person"), ("organization", "organization")] {
            let id = &item[key]["id"];
            let Some(n) = id.as_u64() else { continue };
            let seen = out
                .iter()
                .any(|r| r["item"]["type"] == kind && &r["item"]["id"] == id);
            if seen || listed(kind, id) {
                continue;
            }
            let rec = if kind == "person" {
                s.persons.get(n)
            } else {
                s.orgs.get(n)
            };
            let Some(rec) = rec else { continue };
            let mut related = json!({ "id": n, "type": kind, "name": rec.get("name") });
            if kind == "organization" {
                related["address"] = rec.get("address").cloned().unwrap_or(Value::Null);
            }
            out.push(json!({ "result_score": score, "item": related }));
        }
    }
    out
}

/// A v1 hit as v2 shows it: a deal also says whether it is archived.
fn v2_item(s: &Store, item: &Value) -> Value {
    let mut item = item.clone();
    if item["type"] == "deal" {
        let archived = item["id"]
            .as_u64()
            .and_then(|id| s.deals.get(id))
            .is_some_and(|d| get_bool(d, "is_archived"));
        item["is_archived"] = archived.into();
    }
    item
}

/// `GET /itemSearch`: the asked item types (all by default), each searched in the asked
/// fields it has, best first across types.
pub(super) fn items(s: &Store, req: &Request) -> R {
    let types: Vec<&str> = match req.q("item_types").map(str::trim).filter(|t| !t.is_empty()) {
        None => KINDS.iter().map(|(k, _, _)| *k).collect(),
        Some(list) => list.split(',').map(str::trim).collect(),
    };
    if let Some(bad) = types
        .iter()
        .find(|t| kind(t).is_none() && !NONE_KEPT.contains(t))
    {
        return Err(ApiError::bad(format!(
            "Parameter 'item_types' has an unknown value '{bad}'"
        )));
    }
    let asked = params(req, ALL_FIELDS)?;
    let mut hits: Hits = Vec::new();
    for (_, fields, found) in KINDS.iter().filter(|(k, _, _)| types.contains(k)) {
        let mut p = asked.clone();
        p.fields.retain(|f| fields.contains(&f.as_str()));
        if p.fields.is_empty() {
            continue;
        }
        hits.extend(found(s, req, &p)?);
    }
    // Best first; a stable sort keeps each type's own order among equal scores.
    hits.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let related = match req.q("search_for_related_items") {
        None => false,
        Some(v) => as_bool(&Value::from(v)).ok_or_else(|| {
            ApiError::bad("Parameter 'search_for_related_items' must be true or false")
        })?,
    };
    answer(s, req, &hits, related)
}

/// `GET /itemSearch/field`: records of `entity_type` whose `field` matches `term`
/// exactly (the default), at its beginning or anywhere (`match`), case aside.
pub(super) fn by_field(s: &Store, req: &Request) -> R {
    let required = |name: &str| {
        req.q(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad(format!("Parameter '{name}' is required")))
    };
    let term = required("term")?.to_lowercase();
    let entity = required("entity_type")?;
    let field = required("field")?;
    let how = req.q("match").map(str::trim).unwrap_or("exact");
    let matches = |text: &str| {
        let text = text.trim().to_lowercase();
        match how {
            "beginning" => text.starts_with(&term),
            "middle" => text.contains(&term),
            _ => text == term,
        }
    };
    if !["exact", "beginning", "middle"].contains(&how) {
        return Err(ApiError::bad(
            "Parameter 'match' must be one of: exact, beginning, middle",
        ));
    }
    let rows: Vec<&Rec> = match entity {
        "deal" => s
            .deals
            .rows
            .values()
            .filter(|d| get_str(d, "status") != "deleted")
            .collect(),
        "person" => active(&s.persons),
        "organization" => active(&s.orgs),
        "product" => active(&s.products),
        "lead" => s.leads.iter().collect(),
        "project" => s
            .projects
            .rows
            .values()
            .filter(|p| get_str(p, "status") != "deleted")
            .collect(),
        other => {
            return Err(ApiError::bad(format!(
                "Parameter 'entity_type' has an unknown value '{other}'"
            )));
        }
    };
    // v2 names a few fields otherwise than the store.
    let key = match (entity, field) {
        ("deal", "owner_id") => "user_id",
        ("person", "emails") => "email",
        ("person", "phones") => "phone",
        _ => field,
    };
    let found: Vec<(f64, Value)> = rows
        .iter()
        .filter_map(|r| {
            let hit = texts(r.get(key)).into_iter().find(|t| matches(t))?;
            let score = if hit.trim().to_lowercase() == term {
                1.0
            } else {
                0.5
            };
            let id = r.get("id").cloned().unwrap_or(Value::Null);
            Some((score, json!({ "id": id, "name": hit })))
        })
        .collect();
    let page = cursor_page(req)?;
    let (shown, next) = cursor_slice(&found, page);
    let data: Vec<Value> = shown
        .iter()
        .map(|(score, item)| json!({ "result_score": score, "item": item }))
        .collect();
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            Value::Array(data),
            Some(json!({ "next_cursor": next })),
            None,
        ),
    })
}

/// The active records of a table.
fn active(t: &Table) -> Vec<&Rec> {
    t.rows
        .values()
        .filter(|r| get_bool(r, "active_flag"))
        .collect()
}

/// The texts a stored value offers to match: itself, or each `value` of a list of
/// `{value, ...}` (emails, phones), or a lead's amount.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|e| e.get("value").and_then(as_text).or_else(|| as_text(e)))
            .collect(),
        Some(Value::Object(o)) => o.get("amount").and_then(as_text).into_iter().collect(),
        Some(v) => as_text(v).into_iter().collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_contacts_offer_each_value() {
        let v = json!([{"value": "a@x.io"}, {"value": "b@x.io"}]);
        assert_eq!(texts(Some(&v)), ["a@x.io", "b@x.io"]);
        assert_eq!(texts(Some(&json!(5))), ["5"]);
        assert!(texts(None).is_empty());
    }
}
