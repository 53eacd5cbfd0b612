//! `/v2/projects` (v2 only): the project family (get, add, PATCH, delete), the lists of
//! live and of archived projects, archiving, the permitted users and the changelog.
//! A project sits on a board and in one of its phases, links deals, persons and
//! organizations by id and carries the project fields' `custom_fields`. A PATCH that
//! changes anything adds an entry to the project's changelog (kept on the record).
use super::boards::{first_phase, live_board};
use super::family::{Family, label_ids, no_v2_only};
use super::{cursor_page, cursor_reply, custom_fields_out, rfc3339};
use crate::api::fields::apply_custom;
use crate::api::{
    ApiError, R, check_user, in_date, in_id, in_num, in_text, now, permitted_users, unknown,
};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store, obj};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value, json};

/// The statuses a body may set (`deleted` is what a delete sets).
const STATUSES: &[&str] = &["open", "completed", "canceled"];

/// What a changelog entry compares: the stored keys a v2 body can change.
const TRACKED: &[&str] = &[
    "title",
    "description",
    "status",
    "board_id",
    "phase_id",
    "owner_id",
    "start_date",
    "end_date",
    "deal_ids",
    "person_ids",
    "org_ids",
    "label",
    "health_status",
];

pub(super) const PROJECTS: Family = Family {
    entity: Some(Entity::Project),
    what: "Project",
    table: |s| &s.projects,
    table_mut: |s| &mut s.projects,
    new_record: new_project,
    apply: apply_project,
    shared: &[
        "title",
        "description",
        "status",
        "board_id",
        "phase_id",
        "owner_id",
        "start_date",
        "end_date",
        "deal_ids",
        "person_ids",
        "org_ids",
        "health_status",
        "template_id",
    ],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[("phase_id", "phase_id")],
    deleted: is_deleted,
    delete: |s, id, t| {
        if let Some(p) = s.projects.get_mut(id) {
            p.insert("status".into(), "deleted".into());
            p.insert("update_time".into(), t.into());
        }
        Ok(())
    },
    created: 201,
    render,
    follower_kind: None,
};

fn is_deleted(p: &Rec) -> bool {
    get_str(p, "status") == "deleted"
}

fn new_project(s: &Store, t: &str) -> Rec {
    obj(json!({
        "title": null,
        "description": null,
        "status": "open",
        "board_id": null,
        "phase_id": null,
        "owner_id": s.me,
        "start_date": null,
        "end_date": null,
        "deal_ids": [],
        "person_ids": [],
        "org_ids": [],
        "label": null,
        "health_status": null,
        "is_archived": false,
        "archive_time": null,
        "status_change_time": t,
        "add_time": t,
        "update_time": t,
        "changelog": [],
    }))
}

/// `GET /projects`: live projects that are not archived.
pub(super) fn list(s: &Store, req: &Request) -> R {
    list_where(s, req, false)
}

/// `GET /projects/archived`.
pub(super) fn list_archived(s: &Store, req: &Request) -> R {
    list_where(s, req, true)
}

/// The projects of one archive state, by `status` (a comma-separated list; all but
/// deleted ones by default), phase (a family filter), deal, person and organization.
fn list_where(s: &Store, req: &Request, archived: bool) -> R {
    if let Some(f) = req.q("filter_id").map(str::trim).filter(|v| !v.is_empty()) {
        let id = f
            .parse::<u64>()
            .map_err(|_| ApiError::bad("Parameter 'filter_id' must be an integer"))?;
        // The sandbox's saved filters are of other item types; none selects projects.
        return Err(ApiError::bad(match s.filters.get(id) {
            Some(_) => format!("Filter with ID {id} is not a projects filter"),
            None => format!("Filter with ID {id} not found"),
        }));
    }
    let statuses: Option<Vec<&str>> = match req.q("status").map(str::trim) {
        None | Some("") => None,
        Some(list) => Some(list.split(',').map(str::trim).collect()),
    };
    if let Some(bad) = statuses
        .iter()
        .flatten()
        .find(|st| !STATUSES.contains(st) && **st != "deleted")
    {
        return Err(ApiError::bad(format!("Invalid status '{bad}'")));
    }
    let mut linked = Vec::new();
    for (param, key) in [
        ("deal_id", "deal_ids"),
        ("person_id", "person_ids"),
        ("org_id", "org_ids"),
    ] {
        if let Some(v) = req.q(param).map(str::trim).filter(|v| !v.is_empty()) {
            let id = v
                .parse::<u64>()
                .map_err(|_| ApiError::bad(format!("Parameter '{param}' must be an integer")))?;
            linked.push((key, id));
        }
    }
    PROJECTS.list(s, req, |p| {
        get_bool(p, "is_archived") == archived
            && match &statuses {
                Some(want) => want.contains(&get_str(p, "status")),
                None => !is_deleted(p),
            }
            && linked.iter().all(|(key, id)| ids_of(p, key).contains(id))
    })
}

/// A stored list of ids (`deal_ids`, ...).
pub(super) fn ids_of(rec: &Rec, key: &str) -> Vec<u64> {
    rec.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// The id of a project that exists and is not deleted.
pub(super) fn live_project(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = PROJECTS.existing(s, id)?;
    match s.projects.get(id) {
        Some(p) if !is_deleted(p) => Ok(id),
        _ => Err(ApiError::not_found("Project not found")),
    }
}

/// `POST /projects/{id}/archive`.
pub(super) fn archive(s: &mut Store, _: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    if (m, rest) != ("POST", [].as_slice()) {
        return Err(unknown());
    }
    let id = live_project(s, id)?;
    let t = now();
    if let Some(p) = s.projects.get_mut(id) {
        if !get_bool(p, "is_archived") {
            p.insert("is_archived".into(), true.into());
            p.insert("archive_time".into(), t.clone().into());
            p.insert("update_time".into(), t.into());
        }
    }
    PROJECTS.reply(s, id)
}

/// `GET /projects/{id}/permittedUsers`: every user sees every project in the sandbox.
pub(super) fn permitted(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    PROJECTS.existing(s, id)?;
    if !rest.is_empty() {
        return Err(unknown());
    }
    permitted_users(s)
}

/// `GET /projects/{id}/changelog`: the project's changes, newest first, by cursor.
pub(super) fn changelog(s: &Store, req: &Request, id: &str, rest: &[&str]) -> R {
    let id = PROJECTS.existing(s, id)?;
    if !rest.is_empty() {
        return Err(unknown());
    }
    let page = cursor_page(req)?;
    let mut entries: Vec<Value> = s
        .projects
        .get(id)
        .and_then(|p| p.get("changelog"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    entries.reverse();
    cursor_reply(&entries, page, |e| {
        let mut e = e.clone();
        e["time"] = rfc3339(e.get("time"));
        e
    })
}

/// A project body (v2 names, custom fields already flat) checked and written.
fn apply_project(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    let before: Vec<Value> = TRACKED.iter().map(|k| field(rec, k)).collect();
    match in_text(b, "title")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("title".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'title' is required")),
    }
    if let Some(d) = in_text(b, "description")? {
        rec.insert("description".into(), d.map_or(Value::Null, Value::from));
    }
    if let Some(st) = b.get("status") {
        let st = st
            .as_str()
            .filter(|st| STATUSES.contains(st))
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "Parameter 'status' must be one of: {}",
                    STATUSES.join(", ")
                ))
            })?;
        if get_str(rec, "status") != st {
            rec.insert("status".into(), st.into());
            rec.insert("status_change_time".into(), t.into());
        }
    }
    place(s, rec, b, creating)?;
    match in_id(b, "owner_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("owner_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'owner_id' cannot be empty")),
        None => {}
    }
    for k in ["start_date", "end_date"] {
        if let Some(d) = in_date(b, k)? {
            rec.insert(k.into(), d.map_or(Value::Null, Value::from));
        }
    }
    if let (Some(start), Some(end)) = (
        rec.get("start_date").and_then(Value::as_str),
        rec.get("end_date").and_then(Value::as_str),
    ) {
        if end < start {
            return Err(ApiError::bad(
                "The end date cannot be before the start date",
            ));
        }
    }
    links(s, rec, b)?;
    if let Some(l) = b.get("label") {
        rec.insert("label".into(), l.clone());
    }
    if let Some(h) = in_num(b, "health_status")? {
        let h = match h {
            Some(h) if h.fract() == 0.0 && h >= 0.0 => Value::from(h as u64),
            Some(_) => {
                return Err(ApiError::bad(
                    "Parameter 'health_status' must be a non-negative integer",
                ));
            }
            None => Value::Null,
        };
        rec.insert("health_status".into(), h);
    }
    let customs_before: Vec<(String, Value)> = custom_values(s, rec);
    apply_custom(s, Entity::Project, rec, b)?;
    rec.insert("update_time".into(), t.into());
    if !creating {
        log_change(s, rec, &before, &customs_before, t);
    }
    Ok(())
}

/// The board and phase: a phase must be on the board (a phase alone names its board; a
/// board alone gets its first phase), a template lends its board to a new project.
fn place(s: &Store, rec: &mut Rec, b: &Map<String, Value>, creating: bool) -> Result<(), ApiError> {
    let mut board = in_id(b, "board_id")?;
    if let Some(Some(tpl)) = in_id(b, "template_id")? {
        if !creating {
            return Err(ApiError::bad(
                "Parameter 'template_id' is only taken when a project is created",
            ));
        }
        let template = s
            .project_templates
            .get(tpl)
            .ok_or_else(|| ApiError::bad(format!("Project template with ID {tpl} not found")))?;
        if board.is_none() {
            board = get_id(template, "projects_board_id").map(Some);
        }
    }
    let phase = in_id(b, "phase_id")?;
    if let Some(Some(bid)) = board {
        if !live_board(s, bid) {
            return Err(ApiError::bad(format!("Board with ID {bid} not found")));
        }
    }
    match phase {
        Some(Some(pid)) => {
            let found = s.phases.get(pid).filter(|x| !get_bool(x, "is_deleted"));
            let Some(on) = found.and_then(|x| get_id(x, "board_id")) else {
                return Err(ApiError::bad(format!("Phase with ID {pid} not found")));
            };
            match board {
                Some(Some(bid)) if bid != on => {
                    return Err(ApiError::bad(format!(
                        "Phase with ID {pid} is not on board {bid}"
                    )));
                }
                Some(None) => {
                    return Err(ApiError::bad("A project in a phase needs its board"));
                }
                _ => {}
            }
            rec.insert("board_id".into(), on.into());
            rec.insert("phase_id".into(), pid.into());
        }
        Some(None) => {
            if let Some(bid) = board {
                rec.insert("board_id".into(), bid.map_or(Value::Null, Value::from));
            }
            rec.insert("phase_id".into(), Value::Null);
        }
        None => match board {
            Some(Some(bid)) if get_id(rec, "board_id") != Some(bid) => {
                rec.insert("board_id".into(), bid.into());
                let first = first_phase(s, bid).map_or(Value::Null, Value::from);
                rec.insert("phase_id".into(), first);
            }
            Some(None) => {
                rec.insert("board_id".into(), Value::Null);
                rec.insert("phase_id".into(), Value::Null);
            }
            _ => {}
        },
    }
    Ok(())
}

/// Whether the record with an id exists and is not deleted.
type IsLive = fn(&Store, u64) -> bool;

/// The deals, persons and organizations a project links: lists of ids of live records
/// (null clears).
fn links(s: &Store, rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    let kinds: [(&str, &str, IsLive); 3] = [
        ("deal_ids", "Deal", |s, id| {
            s.deals
                .get(id)
                .is_some_and(|d| get_str(d, "status") != "deleted")
        }),
        ("person_ids", "Person", |s, id| {
            s.persons
                .get(id)
                .is_some_and(|p| get_bool(p, "active_flag"))
        }),
        ("org_ids", "Organization", |s, id| {
            s.orgs.get(id).is_some_and(|o| get_bool(o, "active_flag"))
        }),
    ];
    for (key, what, live) in kinds {
        let ids: Vec<u64> = match b.get(key) {
            None => continue,
            Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_u64().ok_or_else(|| {
                        ApiError::bad(format!("Parameter '{key}' must be an array of integers"))
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(ApiError::bad(format!(
                    "Parameter '{key}' must be an array of integers"
                )));
            }
        };
        if let Some(bad) = ids.iter().find(|id| !live(s, **id)) {
            return Err(ApiError::bad(format!("{what} with ID {bad} not found")));
        }
        let mut unique: Vec<u64> = Vec::new();
        for id in ids {
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        rec.insert(key.into(), unique.into());
    }
    Ok(())
}

fn field(rec: &Rec, k: &str) -> Value {
    rec.get(k).cloned().unwrap_or(Value::Null)
}

/// The project's custom field values, by key.
fn custom_values(s: &Store, rec: &Rec) -> Vec<(String, Value)> {
    s.custom_fields(Entity::Project)
        .into_iter()
        .map(|f| {
            let v = field(rec, &f.key);
            (f.key, v)
        })
        .collect()
}

/// Adds a changelog entry when a PATCH changed anything: old and new values by v2 name.
fn log_change(s: &Store, rec: &mut Rec, before: &[Value], customs: &[(String, Value)], t: &str) {
    let mut old = Map::new();
    let mut new = Map::new();
    for (k, was) in TRACKED.iter().zip(before) {
        let now = field(rec, k);
        if &now != was {
            let name = if *k == "label" { "label_ids" } else { k };
            old.insert(name.into(), was.clone());
            new.insert(name.into(), now);
        }
    }
    for (k, was) in customs {
        let now = field(rec, k);
        if &now != was {
            old.insert(k.clone(), was.clone());
            new.insert(k.clone(), now);
        }
    }
    if new.is_empty() {
        return;
    }
    let entry = json!({
        "change_source": "api",
        "change_source_user_agent": null,
        "time": t,
        "old_values": old,
        "new_values": new,
        "actor_user_id": s.me,
    });
    match rec.get_mut("changelog") {
        Some(Value::Array(log)) => log.push(entry),
        _ => {
            rec.insert("changelog".into(), json!([entry]));
        }
    }
}

fn render(p: &Rec, customs: &[CustomField]) -> Value {
    let ids = |k: &str| Value::from(ids_of(p, k));
    json!({
        "id": field(p, "id"),
        "title": field(p, "title"),
        "description": field(p, "description"),
        "status": field(p, "status"),
        "board_id": field(p, "board_id"),
        "phase_id": field(p, "phase_id"),
        "owner_id": field(p, "owner_id"),
        "start_date": field(p, "start_date"),
        "end_date": field(p, "end_date"),
        "deal_ids": ids("deal_ids"),
        "person_ids": ids("person_ids"),
        "org_ids": ids("org_ids"),
        "label_ids": label_ids(p),
        "health_status": field(p, "health_status"),
        "add_time": rfc3339(p.get("add_time")),
        "update_time": rfc3339(p.get("update_time")),
        "status_change_time": rfc3339(p.get("status_change_time")),
        "archive_time": rfc3339(p.get("archive_time")),
        "custom_fields": custom_fields_out(p, customs),
    })
}
