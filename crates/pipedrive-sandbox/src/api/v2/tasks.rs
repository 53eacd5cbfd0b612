//! `/v2/tasks` (v2 only): the tasks of a project, with one level of subtasks. A task's
//! project must be live; deleting a task deletes its subtasks.
use super::boards::{deleted, field, mark_deleted_with_children, name_field};
use super::family::{Family, no_v2_only};
use super::projects::{ids_of, live_project};
use super::{cursor_page, rfc3339};
use crate::api::id_param;
use crate::api::{ApiError, R, check_user, in_date, in_id, in_num, in_text};
use crate::http::Request;
use crate::store::{CustomField, Rec, Store, obj};
use crate::util::{as_bool, get_bool, get_id};
use serde_json::{Map, Value, json};

/// A query flag (`true`/`false`, `1`/`0`); absent is `None`.
fn flag_query(req: &Request, name: &str) -> Result<Option<bool>, ApiError> {
    match req.q(name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => as_bool(&Value::from(v))
            .map(Some)
            .ok_or_else(|| ApiError::bad(format!("Parameter '{name}' must be true or false"))),
    }
}

pub(super) const TASKS: Family = Family {
    entity: None,
    what: "Task",
    table: |s| &s.tasks,
    table_mut: |s| &mut s.tasks,
    new_record: |s, t| {
        obj(json!({
            "title": null, "creator_id": s.me, "description": null, "project_id": null,
            "is_done": false, "is_milestone": false, "due_date": null, "start_date": null,
            "parent_task_id": null, "assignee_ids": [], "priority": null,
            "marked_as_done_time": null, "is_deleted": false, "add_time": t, "update_time": t,
        }))
    },
    apply: apply_task,
    shared: &[
        "title",
        "project_id",
        "parent_task_id",
        "description",
        "done",
        "milestone",
        "due_date",
        "start_date",
        "assignee_id",
        "assignee_ids",
        "priority",
    ],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[("project_id", "project_id")],
    deleted,
    // A task's subtasks are deleted with it.
    delete: |s, id, t| {
        mark_deleted_with_children(
            s,
            |s| &mut s.tasks,
            |s| &mut s.tasks,
            "parent_task_id",
            id,
            t,
        );
        Ok(())
    },
    created: 201,
    render: render_task,
    follower_kind: None,
};

/// `GET /tasks`: live tasks by cursor, by done and milestone flags, assignee, project and
/// parent (`parent_task_id=null`: root tasks only).
pub(super) fn list_tasks(s: &Store, req: &Request) -> R {
    cursor_page(req)?;
    let done = flag_query(req, "is_done")?;
    let milestone = flag_query(req, "is_milestone")?;
    let assignee = id_param(req, "assignee_id")?;
    let parent = match req.q("parent_task_id").map(str::trim) {
        None | Some("") => None,
        Some("null") => Some(None),
        Some(_) => Some(id_param(req, "parent_task_id")?),
    };
    TASKS.list(s, req, |t| {
        !deleted(t)
            && done.is_none_or(|d| get_bool(t, "is_done") == d)
            && milestone.is_none_or(|m| get_bool(t, "is_milestone") == m)
            && assignee.is_none_or(|a| ids_of(t, "assignee_ids").contains(&a))
            && parent.is_none_or(|p| get_id(t, "parent_task_id") == p)
    })
}

/// A task body checked and written: title and project required on a create; a parent
/// must be a root task of the same project (one level of subtasks).
fn apply_task(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    let own = get_id(rec, "id");
    name_field(rec, b, "title", creating)?;
    match in_id(b, "project_id")? {
        Some(Some(p)) => {
            live_project(s, &p.to_string())
                .map_err(|_| ApiError::bad(format!("Project with ID {p} not found")))?;
            rec.insert("project_id".into(), p.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'project_id' is required")),
    }
    if let Some(parent) = in_id(b, "parent_task_id")? {
        if let Some(p) = parent {
            let found = s.tasks.get(p).filter(|x| !deleted(x));
            let Some(found) = found else {
                return Err(ApiError::bad(format!("Task with ID {p} not found")));
            };
            if Some(p) == own || get_id(found, "parent_task_id").is_some() {
                return Err(ApiError::bad(
                    "Parameter 'parent_task_id' must name a root task other than this one",
                ));
            }
            let has_subtasks = own.is_some_and(|id| {
                s.tasks
                    .rows
                    .values()
                    .any(|x| !deleted(x) && get_id(x, "parent_task_id") == Some(id))
            });
            if has_subtasks {
                return Err(ApiError::bad(
                    "A task with subtasks cannot become a subtask",
                ));
            }
        }
        rec.insert(
            "parent_task_id".into(),
            parent.map_or(Value::Null, Value::from),
        );
    }
    if let Some(p) = get_id(rec, "parent_task_id") {
        if s.tasks.get(p).and_then(|x| get_id(x, "project_id")) != get_id(rec, "project_id") {
            return Err(ApiError::bad(
                "A subtask must be in its parent task's project",
            ));
        }
    }
    if let Some(d) = in_text(b, "description")? {
        rec.insert("description".into(), d.map_or(Value::Null, Value::from));
    }
    for (given, stored) in [("done", "is_done"), ("milestone", "is_milestone")] {
        let on = match b.get(given) {
            None => continue,
            Some(v) => {
                v.as_u64()
                    .filter(|n| *n <= 1)
                    .ok_or_else(|| ApiError::bad(format!("Parameter '{given}' must be 0 or 1")))?
                    == 1
            }
        };
        if given == "done" && on != get_bool(rec, "is_done") {
            let when = if on { Value::from(t) } else { Value::Null };
            rec.insert("marked_as_done_time".into(), when);
        }
        rec.insert(stored.into(), on.into());
    }
    for k in ["due_date", "start_date"] {
        if let Some(d) = in_date(b, k)? {
            rec.insert(k.into(), d.map_or(Value::Null, Value::from));
        }
    }
    assignees(s, rec, b)?;
    if let Some(p) = in_num(b, "priority")? {
        let p = match p {
            Some(p) if p.fract() == 0.0 && p >= 0.0 => Value::from(p as u64),
            Some(_) => return Err(ApiError::bad("Parameter 'priority' must be an integer")),
            None => Value::Null,
        };
        rec.insert("priority".into(), p);
    }
    rec.insert("update_time".into(), t.into());
    Ok(())
}

/// `assignee_ids` (existing users), or `assignee_id`, which wins: it becomes the only one.
fn assignees(s: &Store, rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    let ids: Vec<u64> = match (in_id(b, "assignee_id")?, b.get("assignee_ids")) {
        (Some(one), _) => one.into_iter().collect(),
        (None, None) => return Ok(()),
        (None, Some(Value::Null)) => Vec::new(),
        (None, Some(Value::Array(items))) => items
            .iter()
            .map(|i| {
                i.as_u64().ok_or_else(|| {
                    ApiError::bad("Parameter 'assignee_ids' must be an array of integers")
                })
            })
            .collect::<Result<_, _>>()?,
        (None, Some(_)) => {
            return Err(ApiError::bad(
                "Parameter 'assignee_ids' must be an array of integers",
            ));
        }
    };
    for u in &ids {
        check_user(s, *u)?;
    }
    rec.insert("assignee_ids".into(), ids.into());
    Ok(())
}

fn render_task(t: &Rec, _: &[CustomField]) -> Value {
    json!({
        "id": field(t, "id"),
        "title": field(t, "title"),
        "creator_id": field(t, "creator_id"),
        "description": field(t, "description"),
        "project_id": field(t, "project_id"),
        "is_done": get_bool(t, "is_done"),
        "is_milestone": get_bool(t, "is_milestone"),
        "due_date": field(t, "due_date"),
        "start_date": field(t, "start_date"),
        "parent_task_id": field(t, "parent_task_id"),
        "assignee_ids": ids_of(t, "assignee_ids"),
        "priority": field(t, "priority"),
        "add_time": rfc3339(t.get("add_time")),
        "update_time": rfc3339(t.get("update_time")),
        "marked_as_done_time": rfc3339(t.get("marked_as_done_time")),
    })
}
