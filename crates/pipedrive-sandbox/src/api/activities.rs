//! `/activities` and `/activityTypes`.
use super::{
    ApiError, R, body, bulk_ids, check_org, check_person, check_user, in_date, in_flag, in_id,
    in_num, in_text, list_reply, now, ok, ok_status, page, path_id, related, slice, unknown,
};
use crate::api::admin::filters::filter_matches;
use crate::http::Request;
use crate::render::{Related, Stats, render_activity};
use crate::store::{Rec, Store, obj};
use crate::util::{as_bool, as_id, get_bool, get_id, get_str, is_clock, parse_date, slug};
use serde_json::{Map, Value, json};

const ICONS: &[&str] = &[
    "task",
    "email",
    "meeting",
    "deadline",
    "call",
    "lunch",
    "calendar",
    "downarrow",
    "document",
    "smartphone",
    "camera",
    "scissors",
    "cogs",
    "bubble",
    "uparrow",
    "checkbox",
    "signpost",
    "shuffle",
    "addressbook",
    "linegraph",
    "picture",
    "car",
    "world",
    "search",
    "clip",
    "sound",
    "brush",
    "key",
    "padlock",
    "pricetag",
    "suitcase",
    "finish",
    "plane",
    "loop",
    "wifi",
    "truck",
    "cart",
    "bulb",
    "bell",
    "presentation",
];

pub(crate) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req),
        [id] => {
            let id = path_id(id, "Activity")?;
            reply(s, id, 200)
        }
        _ => Err(unknown()),
    }
}

fn done_param(req: &Request) -> Result<Option<bool>, ApiError> {
    match req.q("done").map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => as_bool(&Value::from(v))
            .map(Some)
            .ok_or_else(|| ApiError::bad("Parameter 'done' must be 0 or 1")),
    }
}

fn page_of(s: &Store, req: &Request, all: &[&Rec]) -> R {
    let p = page(req)?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let items = slice(all, p)
        .iter()
        .map(|a| render_activity(s, a, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

fn list(s: &Store, req: &Request) -> R {
    // No user_id means the token's user; 0 means everyone.
    let user = match req.q("user_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| ApiError::bad("Parameter 'user_id' must be an integer"))?,
        None => s.me,
    };
    let types: Vec<String> = req
        .q("type")
        .map(|t| {
            t.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let date_param = |name: &str| -> Result<Option<i64>, ApiError> {
        match req.q(name).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => parse_date(v).map(Some).ok_or_else(|| {
                ApiError::bad(format!("Parameter '{name}' must be a date YYYY-MM-DD"))
            }),
        }
    };
    let from = date_param("start_date")?;
    let to = date_param("end_date")?;
    let done = done_param(req)?;
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
    let all: Vec<&Rec> = s
        .activities
        .rows
        .values()
        .filter(|a| get_bool(a, "active_flag"))
        .filter(|a| user == 0 || get_id(a, "user_id") == Some(user))
        .filter(|a| types.is_empty() || types.iter().any(|t| t == get_str(a, "type")))
        .filter(|a| done.is_none_or(|d| get_bool(a, "done") == d))
        .filter(|a| {
            let due = parse_date(get_str(a, "due_date"));
            from.is_none_or(|f| due.is_some_and(|d| d >= f))
                && to.is_none_or(|t| due.is_some_and(|d| d <= t))
        })
        .filter(|a| filter.is_none_or(|f| filter_matches(s, f, "activity", a)))
        .collect();
    page_of(s, req, &all)
}

/// Activities of one deal, person or organization (`key` is `deal_id`, ...).
pub(crate) fn list_for(s: &Store, req: &Request, key: &str, id: u64) -> R {
    let done = done_param(req)?;
    let exclude: Vec<u64> = req
        .q("exclude")
        .map(|e| e.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    let all: Vec<&Rec> = s
        .activities
        .rows
        .values()
        .filter(|a| get_bool(a, "active_flag") && get_id(a, key) == Some(id))
        .filter(|a| done.is_none_or(|d| get_bool(a, "done") == d))
        .filter(|a| get_id(a, "id").is_none_or(|aid| !exclude.contains(&aid)))
        .collect();
    page_of(s, req, &all)
}

fn reply(s: &Store, id: u64, status: u16) -> R {
    let a = s
        .activities
        .get(id)
        .ok_or_else(|| ApiError::not_found("Activity not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let data = render_activity(s, a, &mut rel);
    ok_status(status, data, related(s, &st, &rel))
}

fn type_exists(s: &Store, key: &str) -> bool {
    s.activity_types
        .rows
        .values()
        .any(|t| get_bool(t, "active_flag") && get_str(t, "key_string") == key)
}

fn type_name(s: &Store, key: &str) -> String {
    s.activity_types
        .rows
        .values()
        .find(|t| get_str(t, "key_string") == key)
        .map(|t| get_str(t, "name").to_owned())
        .unwrap_or_else(|| "Call".to_owned())
}

pub(crate) fn apply(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    if let Some(ty) = in_text(b, "type")? {
        match ty {
            Some(ty) if type_exists(s, &ty) => {
                rec.insert("type".into(), ty.into());
            }
            Some(ty) => {
                return Err(ApiError::bad(format!(
                    "Activity type '{ty}' does not exist"
                )));
            }
            None => {
                rec.insert("type".into(), "call".into());
            }
        }
    }
    if let Some(sub) = in_text(b, "subject")? {
        rec.insert(
            "subject".into(),
            sub.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if creating && rec.get("subject").is_none_or(|v| v.is_null() || v == "") {
        let name = type_name(s, get_str(rec, "type"));
        rec.insert("subject".into(), name.into());
    }
    if let Some(d) = in_date(b, "due_date")? {
        rec.insert("due_date".into(), d.map(Value::from).unwrap_or(Value::Null));
    }
    for k in ["due_time", "duration"] {
        if let Some(v) = in_text(b, k)? {
            match v {
                Some(x) if x.is_empty() => {
                    rec.insert(k.into(), Value::Null);
                }
                Some(x) if is_clock(&x, true) => {
                    rec.insert(k.into(), x[..5].to_owned().into());
                }
                Some(_) => {
                    return Err(ApiError::bad(format!(
                        "Parameter '{k}' must be in the format HH:MM"
                    )));
                }
                None => {
                    rec.insert(k.into(), Value::Null);
                }
            }
        }
    }
    if let Some(d) = in_id(b, "deal_id")? {
        if let Some(d) = d {
            if s.deals
                .get(d)
                .filter(|x| get_str(x, "status") != "deleted")
                .is_none()
            {
                return Err(ApiError::bad(format!("Deal with ID {d} not found")));
            }
        }
        rec.insert("deal_id".into(), d.map(Value::from).unwrap_or(Value::Null));
    }
    if let Some(l) = in_text(b, "lead_id")? {
        if let Some(l) = &l {
            if s.lead_index(l).is_none() {
                return Err(ApiError::bad(format!("Lead with ID {l} not found")));
            }
        }
        rec.insert("lead_id".into(), l.map(Value::from).unwrap_or(Value::Null));
    }
    if let Some(p) = in_id(b, "person_id")? {
        if let Some(p) = p {
            check_person(s, p)?;
        }
        rec.insert(
            "person_id".into(),
            p.map(Value::from).unwrap_or(Value::Null),
        );
        if !b.contains_key("participants") {
            rec.insert(
                "participants".into(),
                p.map(|p| json!([{"person_id": p, "primary_flag": true}]))
                    .unwrap_or(json!([])),
            );
        }
    }
    if let Some(o) = in_id(b, "org_id")? {
        if let Some(o) = o {
            check_org(s, o)?;
        }
        rec.insert("org_id".into(), o.map(Value::from).unwrap_or(Value::Null));
    }
    match in_id(b, "user_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("user_id".into(), u.into());
            rec.insert("assigned_to_user_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'user_id' cannot be empty")),
        None => {}
    }
    for k in ["note", "location", "public_description"] {
        if let Some(v) = in_text(b, k)? {
            rec.insert(k.into(), v.map(Value::from).unwrap_or(Value::Null));
        }
    }
    if b.contains_key("busy_flag") {
        let v = in_flag(b, "busy_flag")?;
        rec.insert(
            "busy_flag".into(),
            v.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(done) = in_flag(b, "done")? {
        if done != get_bool(rec, "done") || creating {
            rec.insert(
                "marked_as_done_time".into(),
                if done { Value::from(t) } else { Value::Null },
            );
        }
        rec.insert("done".into(), done.into());
    }
    if let Some(parts) = b.get("participants") {
        let list = match parts {
            Value::String(s) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let Value::Array(items) = list else {
            return Err(ApiError::bad("Parameter 'participants' must be an array"));
        };
        let mut out = Vec::new();
        for item in items {
            let pid = item
                .get("person_id")
                .and_then(as_id)
                .ok_or_else(|| ApiError::bad("Every participant needs a 'person_id'"))?;
            check_person(s, pid)?;
            let primary = item.get("primary_flag").and_then(as_bool).unwrap_or(false);
            out.push(json!({"person_id": pid, "primary_flag": primary}));
        }
        rec.insert("participants".into(), Value::Array(out));
    }
    if let Some(a) = b.get("attendees") {
        if !a.is_array() && !a.is_null() {
            return Err(ApiError::bad("Parameter 'attendees' must be an array"));
        }
        rec.insert("attendees".into(), a.clone());
    }
    rec.insert("update_time".into(), t.into());
    Ok(())
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = crate::store::new_activity(s, &t);
            apply(s, &mut rec, &b, true, &t)?;
            let id = s.activities.insert(rec);
            reply(s, id, 201)
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Activity")?;
            let mut rec = s
                .activities
                .get(id)
                .filter(|a| get_bool(a, "active_flag"))
                .cloned()
                .ok_or_else(|| ApiError::not_found("Activity not found"))?;
            let b = body(req)?;
            let t = now();
            apply(s, &mut rec, &b, false, &t)?;
            rec.insert("update_user_id".into(), s.me.into());
            s.activities.rows.insert(id, rec);
            reply(s, id, 200)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = deactivate(&mut s.activities, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Activities not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Activity")?;
            if deactivate(&mut s.activities, &[id]).is_empty() {
                return Err(ApiError::not_found("Activity not found"));
            }
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}

pub(crate) fn deactivate(table: &mut crate::store::Table, ids: &[u64]) -> Vec<u64> {
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

// ------------------------------------------------------------------ activity types

pub(crate) fn list_types(s: &Store) -> R {
    ok(Value::Array(
        s.activity_types
            .rows
            .values()
            .filter(|t| get_bool(t, "active_flag"))
            .map(|t| Value::Object(t.clone()))
            .collect(),
    ))
}

fn apply_type(rec: &mut Rec, b: &Map<String, Value>, creating: bool) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("name".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'name' is required")),
    }
    match in_text(b, "icon_key")? {
        Some(Some(i)) if ICONS.contains(&i.as_str()) => {
            rec.insert("icon_key".into(), i.into());
        }
        None if !creating => {}
        Some(Some(i)) => {
            return Err(ApiError::bad(format!(
                "Parameter 'icon_key' has an unknown value '{i}'"
            )));
        }
        _ => return Err(ApiError::bad("Parameter 'icon_key' is required")),
    }
    if let Some(c) = in_text(b, "color")? {
        if let Some(c) = &c {
            if c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                return Err(ApiError::bad(
                    "Parameter 'color' must be a 6-character hex color",
                ));
            }
        }
        rec.insert("color".into(), c.map(Value::from).unwrap_or(Value::Null));
    }
    if let Some(o) = in_num(b, "order_nr")? {
        rec.insert(
            "order_nr".into(),
            o.map(crate::util::num).unwrap_or(Value::Null),
        );
    }
    Ok(())
}

pub(crate) fn write_type(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = obj(json!({
                "order_nr": s.activity_types.rows.len() + 1,
                "name": null,
                "key_string": null,
                "icon_key": null,
                "active_flag": true,
                "color": null,
                "is_custom_flag": true,
                "add_time": t,
                "update_time": t,
            }));
            apply_type(&mut rec, &b, true)?;
            let mut key = slug(get_str(&rec, "name"));
            if key.is_empty()
                || s.activity_types
                    .rows
                    .values()
                    .any(|t| get_str(t, "key_string") == key)
            {
                key = format!("{key}_{}", s.activity_types.last_id + 1);
            }
            rec.insert("key_string".into(), key.into());
            let id = s.activity_types.insert(rec);
            ok(s.activity_types
                .get(id)
                .map(|r| Value::Object(r.clone()))
                .unwrap_or(Value::Null))
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Activity type")?;
            let b = body(req)?;
            let Some(rec) = s
                .activity_types
                .get_mut(id)
                .filter(|r| get_bool(r, "active_flag"))
            else {
                return Err(ApiError::not_found("Activity type not found"));
            };
            let mut copy = rec.clone();
            apply_type(&mut copy, &b, false)?;
            copy.insert("update_time".into(), now().into());
            *rec = copy.clone();
            ok(Value::Object(copy))
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = deactivate(&mut s.activity_types, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Activity types not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Activity type")?;
            if deactivate(&mut s.activity_types, &[id]).is_empty() {
                return Err(ApiError::not_found("Activity type not found"));
            }
            ok(s.activity_types
                .get(id)
                .map(|r| Value::Object(r.clone()))
                .unwrap_or(Value::Null))
        }
        _ => Err(unknown()),
    }
}
