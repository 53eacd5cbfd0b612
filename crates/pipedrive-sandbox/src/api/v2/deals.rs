//! `/v2/deals`: the deal list by cursor, one deal, add, PATCH and delete. Writes go
//! through the v1 code's checks (`deals::edit::apply`) after the body is put in v1's
//! terms, so both versions change a deal by the same rules.
use super::{
    CursorPage, cursor_page, cursor_reply, custom_fields_in, custom_fields_out, rfc3339,
    stored_time,
};
use crate::api::deals::edit::{apply, mark_deleted, new_deal};
use crate::api::{ApiError, R, body, now, ok, path_id, unknown};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value, json};

pub(super) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req),
        [id] => {
            let id = existing(s, id)?;
            let customs = s.custom_fields(Entity::Deal);
            ok(render(s.deals.get(id).unwrap_or(&Map::new()), &customs))
        }
        _ => Err(unknown()),
    }
}

pub(super) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = new_deal(s, &t);
            let v1 = in_v1_terms(s, &b)?;
            apply(s, &mut rec, &v1, true, &t)?;
            set_v2_only(&mut rec, &b)?;
            let id = s.deals.insert(rec);
            reply(s, id)
        }
        ("PATCH", [id]) => {
            let id = existing(s, id)?;
            let b = body(req)?;
            let t = now();
            let mut rec = s.deals.get(id).cloned().unwrap_or_default();
            let v1 = in_v1_terms(s, &b)?;
            apply(s, &mut rec, &v1, false, &t)?;
            set_v2_only(&mut rec, &b)?;
            s.deals.rows.insert(id, rec);
            reply(s, id)
        }
        ("DELETE", [id]) => {
            let id = existing(s, id)?;
            mark_deleted(s, id, &now());
            ok(json!({ "id": id }))
        }
        _ => Err(unknown()),
    }
}

fn existing(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "Deal")?;
    match s.deals.get(id) {
        Some(_) => Ok(id),
        None => Err(ApiError::not_found("Deal not found")),
    }
}

fn reply(s: &Store, id: u64) -> R {
    let customs = s.custom_fields(Entity::Deal);
    ok(render(s.deals.get(id).unwrap_or(&Map::new()), &customs))
}

/// The deals a list asks for, in its order, deleted ones only when `status` says so.
fn list(s: &Store, req: &Request) -> R {
    let page: CursorPage = cursor_page(req)?;
    let id_filter = |name: &str| -> Result<Option<u64>, ApiError> {
        match req.q(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ApiError::bad(format!("Parameter '{name}' must be an integer"))),
        }
    };
    let filters = [
        ("user_id", id_filter("owner_id")?),
        ("person_id", id_filter("person_id")?),
        ("org_id", id_filter("org_id")?),
        ("pipeline_id", id_filter("pipeline_id")?),
        ("stage_id", id_filter("stage_id")?),
    ];
    let status = req.q("status").map(str::trim).filter(|v| !v.is_empty());
    if let Some(st) = status {
        if !["open", "won", "lost", "deleted"].contains(&st) {
            return Err(ApiError::bad(format!("Invalid status '{st}'")));
        }
    }
    let ids: Option<Vec<u64>> = match req.q("ids").map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(
            v.split(',')
                .map(|p| p.trim().parse::<u64>())
                .collect::<Result<_, _>>()
                .map_err(|_| ApiError::bad("Parameter 'ids' must be comma-separated integers"))?,
        ),
    };
    let mut deals: Vec<&Rec> = s
        .deals
        .rows
        .values()
        .filter(|d| match status {
            Some(st) => get_str(d, "status") == st,
            None => get_str(d, "status") != "deleted",
        })
        .filter(|d| {
            filters
                .iter()
                .all(|(k, want)| want.is_none() || get_id(d, k) == *want)
        })
        .filter(|d| {
            ids.as_ref()
                .is_none_or(|ids| get_id(d, "id").is_some_and(|id| ids.contains(&id)))
        })
        .collect();
    let sort_by = req.q("sort_by").map(str::trim).unwrap_or("id");
    if !["id", "update_time", "add_time"].contains(&sort_by) {
        return Err(ApiError::bad(format!("Invalid sort_by '{sort_by}'")));
    }
    // Stored times sort as text; ties (and `id`) fall back to the id.
    deals.sort_by(|a, b| {
        get_str(a, sort_by)
            .cmp(get_str(b, sort_by))
            .then(get_id(a, "id").cmp(&get_id(b, "id")))
    });
    match req.q("sort_direction").map(str::trim) {
        None | Some("" | "asc") => {}
        Some("desc") => deals.reverse(),
        Some(other) => return Err(ApiError::bad(format!("Invalid sort_direction '{other}'"))),
    }
    let customs = s.custom_fields(Entity::Deal);
    cursor_reply(&deals, page, |d| render(d, &customs))
}

/// A stored deal in v2's shape.
pub(crate) fn render(d: &Rec, customs: &[CustomField]) -> Value {
    let field = |k: &str| d.get(k).cloned().unwrap_or(Value::Null);
    let visible_to = d
        .get("visible_to")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
        .map_or(Value::Null, Value::from);
    let label_ids: Vec<Value> = match d.get("label") {
        Some(Value::String(s)) => s
            .split(',')
            .filter_map(|p| p.trim().parse::<u64>().ok())
            .map(Value::from)
            .collect(),
        Some(Value::Number(n)) => vec![Value::Number(n.clone())],
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    json!({
        "id": field("id"),
        "title": field("title"),
        "creator_user_id": field("creator_user_id"),
        "owner_id": field("user_id"),
        "value": field("value"),
        "person_id": field("person_id"),
        "org_id": field("org_id"),
        "stage_id": field("stage_id"),
        "pipeline_id": field("pipeline_id"),
        "currency": field("currency"),
        "add_time": rfc3339(d.get("add_time")),
        "update_time": rfc3339(d.get("update_time")),
        "stage_change_time": rfc3339(d.get("stage_change_time")),
        "is_deleted": get_str(d, "status") == "deleted",
        "is_archived": get_bool(d, "is_archived"),
        "archive_time": rfc3339(d.get("archive_time")),
        "status": field("status"),
        "probability": field("probability"),
        "lost_reason": field("lost_reason"),
        "visible_to": visible_to,
        "close_time": rfc3339(d.get("close_time")),
        "won_time": rfc3339(d.get("won_time")),
        "lost_time": rfc3339(d.get("lost_time")),
        "expected_close_date": field("expected_close_date"),
        "label_ids": label_ids,
        "origin": "API",
        "origin_id": null,
        "channel": null,
        "channel_id": null,
        "source_lead_id": null,
        "custom_fields": custom_fields_out(d, customs),
    })
}

/// Fields v2 and v1 share, under the same name.
const SHARED: &[&str] = &[
    "title",
    "person_id",
    "org_id",
    "pipeline_id",
    "stage_id",
    "value",
    "currency",
    "status",
    "probability",
    "lost_reason",
    "visible_to",
    "expected_close_date",
];

/// A v2 add or PATCH body in the terms `apply` checks: `owner_id` is v1's `user_id`,
/// `label_ids` its `label`, `custom_fields` its flat keys. Absent stays absent and `null`
/// stays `null`, so a PATCH leaves alone what it does not name and clears what it sets
/// to null.
fn in_v1_terms(s: &Store, b: &Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    let mut v1 = Map::new();
    for k in SHARED {
        if let Some(v) = b.get(*k) {
            v1.insert((*k).to_owned(), v.clone());
        }
    }
    if let Some(v) = b.get("owner_id") {
        v1.insert("user_id".into(), v.clone());
    }
    if let Some(v) = b.get("label_ids") {
        let label = match v {
            Value::Null => Value::Null,
            Value::Array(ids) if ids.iter().all(|i| i.as_u64().is_some()) => Value::String(
                ids.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => {
                return Err(ApiError::bad(
                    "Parameter 'label_ids' must be an array of integers",
                ));
            }
        };
        v1.insert("label".into(), label);
    }
    custom_fields_in(b, &s.custom_fields(Entity::Deal), &mut v1)?;
    Ok(v1)
}

/// What only v2 sets directly: the archive flag and time, and explicit close times.
fn set_v2_only(rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    if let Some(v) = b.get("is_archived") {
        let Some(flag) = v.as_bool() else {
            return Err(ApiError::bad("Parameter 'is_archived' must be a boolean"));
        };
        rec.insert("is_archived".into(), flag.into());
    }
    for k in ["archive_time", "close_time", "won_time", "lost_time"] {
        match b.get(k) {
            None => {}
            Some(Value::Null) => {
                rec.insert(k.into(), Value::Null);
            }
            Some(v) => {
                let stored = v.as_str().and_then(stored_time).ok_or_else(|| {
                    ApiError::bad(format!("Parameter '{k}' must be an RFC 3339 time in UTC"))
                })?;
                rec.insert(k.into(), stored.into());
            }
        }
    }
    Ok(())
}
