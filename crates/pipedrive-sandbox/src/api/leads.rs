//! `/leads` (UUID ids, `PATCH` updates, hard delete).
use super::{
    ApiError, R, body, check_org, check_person, check_user, in_date, in_flag, in_id, in_text,
    in_visible_to, list_reply, ok, ok_status, page, permitted_users, slice, sort_records, unknown,
};
use crate::api::id_param;
use crate::api::{fields, search};
use crate::http::Request;
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{as_f64, fmt_iso, get_bool, get_id, get_str, now_secs, num};
use serde_json::{Map, Value, json};

const SORTABLE: &[&str] = &[
    "id",
    "title",
    "owner_id",
    "creator_id",
    "was_seen",
    "expected_close_date",
    "next_activity_id",
    "add_time",
    "update_time",
];

/// True for the 8-4-4-4-12 hex form.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn lead_id<'a>(s: &Store, id: &'a str) -> Result<(usize, &'a str), ApiError> {
    if !is_uuid(id) {
        return Err(ApiError::bad("Validation failed: id: Must be a valid UUID"));
    }
    s.lead_index(id)
        .map(|i| (i, id))
        .ok_or_else(|| ApiError::not_found("Lead not found"))
}

/// A lead as the API answers it: custom field values only when set.
pub(crate) fn render(s: &Store, l: &Rec) -> Value {
    let customs = s.custom_fields(Entity::Deal);
    let mut m = Map::new();
    for (k, v) in l {
        let custom = crate::util::is_custom_key(k)
            || k.strip_suffix("_currency")
                .is_some_and(crate::util::is_custom_key);
        if custom {
            let live = customs.iter().any(|c| k.starts_with(&c.key));
            if !live || v.is_null() {
                continue;
            }
        }
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

pub(crate) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req),
        ["search"] => search::leads(s, req),
        [id] => {
            let (i, _) = lead_id(s, id)?;
            ok(s.leads.get(i).map(|l| render(s, l)).unwrap_or(Value::Null))
        }
        [id, "permittedUsers"] => {
            lead_id(s, id)?;
            permitted_users(s)
        }
        _ => Err(unknown()),
    }
}

fn list(s: &Store, req: &Request) -> R {
    let archived = match req
        .q("archived_status")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None | Some("all") => None,
        Some("archived") => Some(true),
        Some("not_archived") => Some(false),
        Some(_) => {
            return Err(ApiError::bad(
                "Parameter 'archived_status' must be one of: archived, not_archived, all",
            ));
        }
    };
    let owner = id_param(req, "owner_id")?;
    let person = id_param(req, "person_id")?;
    let org = id_param(req, "organization_id")?;
    if let Some(sort) = req.q("sort") {
        for part in sort.split(',') {
            let field = part.split_whitespace().next().unwrap_or("");
            if !field.is_empty() && !SORTABLE.contains(&field) {
                return Err(ApiError::bad(format!(
                    "Leads cannot be sorted by '{field}'"
                )));
            }
        }
    }
    let mut all: Vec<&Rec> = s
        .leads
        .iter()
        .filter(|l| archived.is_none_or(|a| get_bool(l, "is_archived") == a))
        .filter(|l| owner.is_none_or(|o| get_id(l, "owner_id") == Some(o)))
        .filter(|l| person.is_none_or(|p| get_id(l, "person_id") == Some(p)))
        .filter(|l| org.is_none_or(|o| get_id(l, "organization_id") == Some(o)))
        .collect();
    sort_records(&mut all, req.q("sort"))?;
    let p = page(req)?;
    let items = slice(&all, p).iter().map(|l| render(s, l)).collect();
    list_reply(items, p, all.len(), None, false)
}

/// Checks the lead fields of `b` and writes them into `rec` (v1 and v2's conversions).
pub(crate) fn apply(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, "title")? {
        Some(Some(t)) if !t.trim().is_empty() => {
            rec.insert("title".into(), t.into());
        }
        None if !creating => {}
        _ => {
            return Err(ApiError::bad(
                "Validation failed: title: Lead title must be given",
            ));
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
    if let Some(l) = b.get("label_ids") {
        let ok_labels = match l {
            Value::Array(a) => a
                .iter()
                .all(|x| x.as_str().is_some_and(super::leads::is_uuid)),
            Value::Null => true,
            _ => false,
        };
        if !ok_labels {
            return Err(ApiError::bad(
                "Parameter 'label_ids' must be an array of UUIDs",
            ));
        }
        rec.insert(
            "label_ids".into(),
            if l.is_null() { json!([]) } else { l.clone() },
        );
    }
    if let Some(p) = in_id(b, "person_id")? {
        if let Some(p) = p {
            check_person(s, p)?;
        }
        rec.insert(
            "person_id".into(),
            p.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(o) = in_id(b, "organization_id")? {
        if let Some(o) = o {
            check_org(s, o)?;
        }
        rec.insert(
            "organization_id".into(),
            o.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if get_id(rec, "person_id").is_none() && get_id(rec, "organization_id").is_none() {
        return Err(ApiError::bad(
            "A lead must be linked to a person or an organization or both",
        ));
    }
    if let Some(v) = b.get("value") {
        let value = match v {
            Value::Null => Value::Null,
            Value::Object(o) => {
                let amount = o
                    .get("amount")
                    .and_then(as_f64)
                    .ok_or_else(|| ApiError::bad("Parameter 'value.amount' must be a number"))?;
                let cur = o
                    .get("currency")
                    .and_then(Value::as_str)
                    .map(|c| c.trim().to_ascii_uppercase())
                    .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
                    .ok_or_else(|| {
                        ApiError::bad("Parameter 'value.currency' must be a 3-letter currency code")
                    })?;
                json!({"amount": num(amount), "currency": cur})
            }
            _ => {
                return Err(ApiError::bad(
                    "Parameter 'value' must be an object with 'amount' and 'currency'",
                ));
            }
        };
        rec.insert("value".into(), value);
    }
    if let Some(d) = in_date(b, "expected_close_date")? {
        rec.insert(
            "expected_close_date".into(),
            d.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    for k in ["was_seen", "is_archived"] {
        if let Some(v) = in_flag(b, k)? {
            rec.insert(k.into(), v.into());
        }
    }
    // Leads share the deal custom fields.
    fields::apply_custom(s, Entity::Deal, rec, b)?;
    rec.insert("update_time".into(), fmt_iso(now_secs()).into());
    Ok(())
}

/// A new lead with the defaults, owned and created by the token's user now.
pub(crate) fn new_lead(s: &mut Store) -> Rec {
    let t = fmt_iso(now_secs());
    let id = s.rng.uuid();
    let n = s.leads.len() + 1;
    obj(json!({
        "id": id,
        "title": null,
        "owner_id": s.me,
        "creator_id": s.me,
        "label_ids": [],
        "person_id": null,
        "organization_id": null,
        "source_name": "API",
        "is_archived": false,
        "was_seen": false,
        "value": null,
        "expected_close_date": null,
        "next_activity_id": null,
        "add_time": t,
        "update_time": t,
        "visible_to": "3",
        "cc_email": format!("sandbox+lead{n}@pipedrivemail.com"),
    }))
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let mut rec = new_lead(s);
            apply(s, &mut rec, &b, true)?;
            let out = render(s, &rec);
            s.leads.push(rec);
            ok_status(201, out, None)
        }
        ("PATCH", [id]) => {
            let (i, _) = lead_id(s, id)?;
            let b = body(req)?;
            let mut rec = s.leads.get(i).cloned().unwrap_or_default();
            apply(s, &mut rec, &b, false)?;
            let out = render(s, &rec);
            if let Some(slot) = s.leads.get_mut(i) {
                *slot = rec;
            }
            ok(out)
        }
        ("DELETE", [id]) => {
            let (i, id) = lead_id(s, id)?;
            let id = id.to_owned();
            s.leads.remove(i);
            for a in s.activities.rows.values_mut() {
                if get_str(a, "lead_id") == id {
                    a.insert("lead_id".into(), Value::Null);
                }
            }
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}
