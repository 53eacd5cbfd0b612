//! `/persons` and `/organizations`.
use super::{
    ApiError, R, Reply, add_follower, body, bulk_ids, check_org, check_user, delete_follower,
    empty_list, envelope, in_id, in_text, in_visible_to, list_followers, list_reply, now, ok,
    ok_status, page, path_id, permitted_users, related, slice, sort_records, unknown,
};
use crate::api::admin::filters::filter_matches;
use crate::api::deals;
use crate::api::{activities, fields, search};
use crate::http::Request;
use crate::render::{Related, Stats, render_org, render_person};
use crate::store::{Entity, Rec, Store};
use crate::util::{get_bool, get_id, get_str, is_datetime};
use serde_json::{Map, Value, json};

const MARKETING: &[&str] = &["no_consent", "unsubscribed", "subscribed", "archived"];

/// Common filters of the person and organization lists.
fn filtered<'a>(
    s: &'a Store,
    req: &Request,
    table: &'a crate::store::Table,
    kind: &str,
    owner_key: &str,
) -> Result<Vec<&'a Rec>, ApiError> {
    let user = match req.q("user_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse::<u64>()
                .map_err(|_| ApiError::bad("Parameter 'user_id' must be an integer"))?,
        ),
        None => None,
    };
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
    let mut out: Vec<&Rec> = table
        .rows
        .values()
        .filter(|r| get_bool(r, "active_flag"))
        .filter(|r| match filter {
            Some(f) => filter_matches(s, f, kind, r),
            None => user.is_none_or(|u| u == 0 || get_id(r, owner_key) == Some(u)),
        })
        .filter(|r| {
            first
                .as_ref()
                .is_none_or(|c| get_str(r, "name").to_lowercase().starts_with(c.as_str()))
        })
        .collect();
    sort_records(&mut out, req.q("sort"))?;
    Ok(out)
}

// ------------------------------------------------------------------ persons

pub(crate) fn get_person(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => {
            let all = filtered(s, req, &s.persons, "person", "owner_id")?;
            person_page(s, req, &all)
        }
        ["search"] => search::persons(s, req),
        [id] => {
            let id = path_id(id, "Person")?;
            person_reply(s, id, 200, true)
        }
        [id, rel] => {
            let id = path_id(id, "Person")?;
            if s.persons.get(id).is_none() {
                return Err(ApiError::not_found("Person not found"));
            }
            match *rel {
                "deals" => {
                    let all = deals::read::filtered(s, req, |d| {
                        get_id(d, "person_id") == Some(id)
                            || s.participants.rows.values().any(|p| {
                                get_id(p, "person_id") == Some(id)
                                    && get_id(p, "deal_id") == get_id(d, "id")
                            })
                    })?;
                    deals::read::deal_page(s, req, &all)
                }
                "activities" => activities::list_for(s, req, "person_id", id),
                "followers" => list_followers(s, req, "person", id),
                "files" => super::files::list_for(s, req, "person_id", id),
                "mailMessages" | "flow" | "products" => empty_list(req),
                "permittedUsers" => permitted_users(s),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

pub(crate) fn person_page(s: &Store, req: &Request, all: &[&Rec]) -> R {
    let p = page(req)?;
    let st = Stats::get(s, true);
    let customs = s.custom_fields(Entity::Person);
    let mut rel = Related::default();
    let items = slice(all, p)
        .iter()
        .map(|r| render_person(s, &st, r, &customs, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

fn person_reply(s: &Store, id: u64, status: u16, details: bool) -> R {
    let rec = s
        .persons
        .get(id)
        .ok_or_else(|| ApiError::not_found("Person not found"))?;
    let st = Stats::get(s, true);
    let mut rel = Related::default();
    let data = render_person(s, &st, rec, &s.custom_fields(Entity::Person), &mut rel);
    if details {
        return Ok(Reply {
            raw: None,
            status,
            body: envelope(
                data,
                Some(json!({"dropbox_email": format!("sandbox+person{id}@pipedrivemail.com")})),
                related(s, &st, &rel),
            ),
        });
    }
    ok_status(status, data, related(s, &st, &rel))
}

/// Emails and phones: a string, a list of strings, or a list of
/// `{"value","primary","label"}` objects, stored as objects.
fn contact_list(v: &Value, key: &str) -> Result<Value, ApiError> {
    let items: Vec<Value> = match v {
        Value::Null => Vec::new(),
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::String(_) | Value::Number(_) => vec![v.clone()],
        Value::Array(a) => a.clone(),
        Value::Object(_) => vec![v.clone()],
        Value::Bool(_) => {
            return Err(ApiError::bad(format!(
                "Parameter '{key}' must be a string or an array"
            )));
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (value, primary, label) = match item {
            Value::String(s) => (s.clone(), i == 0, "work".to_owned()),
            Value::Number(n) => (n.to_string(), i == 0, "work".to_owned()),
            Value::Object(o) => {
                let value = o
                    .get("value")
                    .and_then(crate::util::as_text)
                    .ok_or_else(|| ApiError::bad(format!("Every '{key}' item needs a 'value'")))?;
                let primary = o
                    .get("primary")
                    .and_then(crate::util::as_bool)
                    .unwrap_or(i == 0);
                let label = o
                    .get("label")
                    .and_then(Value::as_str)
                    .unwrap_or("work")
                    .to_owned();
                (value, primary, label)
            }
            _ => return Err(ApiError::bad(format!("Invalid '{key}' item"))),
        };
        out.push(json!({"label": label, "value": value, "primary": primary}));
    }
    Ok(Value::Array(out))
}

pub(crate) fn apply_person(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(name)) if !name.trim().is_empty() => {
            let name = name.trim().to_owned();
            let (first, last) = match name.split_once(' ') {
                Some((f, l)) => (f.to_owned(), Value::from(l.trim())),
                None => (name.clone(), Value::Null),
            };
            rec.insert("name".into(), name.into());
            if !b.contains_key("first_name") {
                rec.insert("first_name".into(), first.into());
            }
            if !b.contains_key("last_name") {
                rec.insert("last_name".into(), last);
            }
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Name must be given.")),
    }
    for k in ["first_name", "last_name"] {
        if let Some(v) = in_text(b, k)? {
            rec.insert(k.into(), v.map(Value::from).unwrap_or(Value::Null));
        }
    }
    match in_id(b, "owner_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("owner_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'owner_id' cannot be empty")),
        None => {}
    }
    if let Some(o) = in_id(b, "org_id")? {
        if let Some(o) = o {
            check_org(s, o)?;
        }
        rec.insert("org_id".into(), o.map(Value::from).unwrap_or(Value::Null));
    }
    for k in ["email", "phone"] {
        if let Some(v) = b.get(k) {
            rec.insert(k.into(), contact_list(v, k)?);
        }
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    if let Some(m) = in_text(b, "marketing_status")? {
        if let Some(m) = &m {
            if !MARKETING.contains(&m.as_str()) {
                return Err(ApiError::bad(
                    "Parameter 'marketing_status' must be one of: no_consent, unsubscribed, subscribed, archived",
                ));
            }
        }
        rec.insert(
            "marketing_status".into(),
            m.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if creating {
        add_time(rec, b)?;
    }
    if let Some(l) = b.get("label") {
        rec.insert("label".into(), l.clone());
    }
    fields::apply_custom(s, Entity::Person, rec, b)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

fn add_time(rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    if let Some(Some(at)) = in_text(b, "add_time")? {
        if !is_datetime(&at) {
            return Err(ApiError::bad(
                "Parameter 'add_time' must be in the format YYYY-MM-DD HH:MM:SS",
            ));
        }
        rec.insert("add_time".into(), at.into());
    }
    Ok(())
}

fn live(table: &crate::store::Table, id: &str, what: &str) -> Result<u64, ApiError> {
    let id = path_id(id, what)?;
    match table.get(id) {
        Some(r) if get_bool(r, "active_flag") => Ok(id),
        _ => Err(ApiError::not_found(format!("{what} not found"))),
    }
}

pub(crate) fn write_person(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = crate::store::new_person(s, &t);
            apply_person(s, &mut rec, &b, true, &t)?;
            let id = s.persons.insert(rec);
            person_reply(s, id, 201, false)
        }
        ("PUT", [id]) => {
            let id = live(&s.persons, id, "Person")?;
            let b = body(req)?;
            let t = now();
            let mut rec = s.persons.get(id).cloned().unwrap_or_default();
            apply_person(s, &mut rec, &b, false, &t)?;
            s.persons.rows.insert(id, rec);
            person_reply(s, id, 200, false)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = soft_delete_many(&mut s.persons, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Persons not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = live(&s.persons, id, "Person")?;
            soft_delete_many(&mut s.persons, &[id]);
            ok(json!({"id": id}))
        }
        ("PUT", [id, "merge"]) => {
            let id = live(&s.persons, id, "Person")?;
            let b = body(req)?;
            let Some(Some(target)) = in_id(&b, "merge_with_id")? else {
                return Err(ApiError::bad("Parameter 'merge_with_id' is required"));
            };
            if target == id
                || s.persons
                    .get(target)
                    .filter(|p| get_bool(p, "active_flag"))
                    .is_none()
            {
                return Err(ApiError::bad(format!("Person with ID {target} not found")));
            }
            for table in [&mut s.deals, &mut s.activities, &mut s.participants] {
                for r in table.rows.values_mut() {
                    if get_id(r, "person_id") == Some(id) {
                        r.insert("person_id".into(), target.into());
                    }
                }
            }
            move_followers(s, "person", id, target);
            s.persons.rows.remove(&id);
            person_reply(s, target, 200, false)
        }
        ("POST", [id, "followers"]) => {
            let id = live(&s.persons, id, "Person")?;
            add_follower(s, req, "person", id, 200)
        }
        ("DELETE", [id, "followers", f]) => {
            let id = live(&s.persons, id, "Person")?;
            delete_follower(s, "person", id, f)
        }
        _ => Err(unknown()),
    }
}

fn move_followers(s: &mut Store, kind: &str, from: u64, to: u64) {
    for f in s.followers.rows.values_mut() {
        if get_str(f, "kind") == kind && get_id(f, "item_id") == Some(from) {
            f.insert("item_id".into(), to.into());
        }
    }
}

/// Marks records inactive; returns the ids that existed and were live.
pub(crate) fn soft_delete_many(table: &mut crate::store::Table, ids: &[u64]) -> Vec<u64> {
    let t = now();
    let mut found = Vec::new();
    for id in ids {
        if let Some(r) = table.get_mut(*id) {
            if get_bool(r, "active_flag") {
                r.insert("active_flag".into(), false.into());
                r.insert("update_time".into(), t.clone().into());
                found.push(*id);
            }
        }
    }
    found
}

// ------------------------------------------------------------------ organizations

pub(crate) fn get_org(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => {
            let all = filtered(s, req, &s.orgs, "org", "owner_id")?;
            org_page(s, req, &all)
        }
        ["search"] => search::orgs(s, req),
        [id] => {
            let id = path_id(id, "Organization")?;
            org_reply(s, id, 200, true)
        }
        [id, rel] => {
            let id = path_id(id, "Organization")?;
            if s.orgs.get(id).is_none() {
                return Err(ApiError::not_found("Organization not found"));
            }
            match *rel {
                "deals" => {
                    let all = deals::read::filtered(s, req, |d| get_id(d, "org_id") == Some(id))?;
                    deals::read::deal_page(s, req, &all)
                }
                "persons" => {
                    let mut all: Vec<&Rec> = s
                        .persons
                        .rows
                        .values()
                        .filter(|p| get_bool(p, "active_flag") && get_id(p, "org_id") == Some(id))
                        .collect();
                    sort_records(&mut all, req.q("sort"))?;
                    person_page(s, req, &all)
                }
                "activities" => activities::list_for(s, req, "org_id", id),
                "followers" => list_followers(s, req, "org", id),
                "files" => super::files::list_for(s, req, "org_id", id),
                "mailMessages" | "flow" => empty_list(req),
                "permittedUsers" => permitted_users(s),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

fn org_page(s: &Store, req: &Request, all: &[&Rec]) -> R {
    let p = page(req)?;
    let st = Stats::get(s, true);
    let customs = s.custom_fields(Entity::Org);
    let mut rel = Related::default();
    let items = slice(all, p)
        .iter()
        .map(|r| render_org(s, &st, r, &customs, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

fn org_reply(s: &Store, id: u64, status: u16, details: bool) -> R {
    let rec = s
        .orgs
        .get(id)
        .ok_or_else(|| ApiError::not_found("Organization not found"))?;
    let st = Stats::get(s, true);
    let mut rel = Related::default();
    let data = render_org(s, &st, rec, &s.custom_fields(Entity::Org), &mut rel);
    if details {
        return Ok(Reply {
            raw: None,
            status,
            body: envelope(
                data,
                Some(json!({"dropbox_email": format!("sandbox+org{id}@pipedrivemail.com")})),
                related(s, &st, &rel),
            ),
        });
    }
    ok_status(status, data, related(s, &st, &rel))
}

pub(crate) fn apply_org(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(name)) if !name.trim().is_empty() => {
            rec.insert("name".into(), name.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Organization name must be given.")),
    }
    match in_id(b, "owner_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("owner_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'owner_id' cannot be empty")),
        None => {}
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    if let Some(a) = in_text(b, "address")? {
        rec.insert("address".into(), a.map(Value::from).unwrap_or(Value::Null));
    }
    if creating {
        add_time(rec, b)?;
    }
    if let Some(l) = b.get("label") {
        rec.insert("label".into(), l.clone());
    }
    fields::apply_custom(s, Entity::Org, rec, b)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

pub(crate) fn write_org(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = crate::store::new_org(s, &t);
            apply_org(s, &mut rec, &b, true, &t)?;
            let id = s.orgs.insert(rec);
            org_reply(s, id, 201, false)
        }
        ("PUT", [id]) => {
            let id = live(&s.orgs, id, "Organization")?;
            let b = body(req)?;
            let t = now();
            let mut rec = s.orgs.get(id).cloned().unwrap_or_default();
            apply_org(s, &mut rec, &b, false, &t)?;
            s.orgs.rows.insert(id, rec);
            org_reply(s, id, 200, false)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = soft_delete_many(&mut s.orgs, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Organizations not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = live(&s.orgs, id, "Organization")?;
            soft_delete_many(&mut s.orgs, &[id]);
            ok(json!({"id": id}))
        }
        ("PUT", [id, "merge"]) => {
            let id = live(&s.orgs, id, "Organization")?;
            let b = body(req)?;
            let Some(Some(target)) = in_id(&b, "merge_with_id")? else {
                return Err(ApiError::bad("Parameter 'merge_with_id' is required"));
            };
            if target == id
                || s.orgs
                    .get(target)
                    .filter(|o| get_bool(o, "active_flag"))
                    .is_none()
            {
                return Err(ApiError::bad(format!(
                    "Organization with ID {target} not found"
                )));
            }
            for table in [&mut s.deals, &mut s.activities, &mut s.persons] {
                for r in table.rows.values_mut() {
                    if get_id(r, "org_id") == Some(id) {
                        r.insert("org_id".into(), target.into());
                    }
                }
            }
            for l in s.leads.iter_mut() {
                if get_id(l, "organization_id") == Some(id) {
                    l.insert("organization_id".into(), target.into());
                }
            }
            move_followers(s, "org", id, target);
            s.orgs.rows.remove(&id);
            ok(json!({"id": target}))
        }
        ("POST", [id, "followers"]) => {
            let id = live(&s.orgs, id, "Organization")?;
            add_follower(s, req, "org", id, 200)
        }
        ("DELETE", [id, "followers", f]) => {
            let id = live(&s.orgs, id, "Organization")?;
            delete_follower(s, "org", id, f)
        }
        _ => Err(unknown()),
    }
}
