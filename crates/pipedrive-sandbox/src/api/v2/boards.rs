//! Where v2 projects sit: boards (`/v2/boards`) and the phases on them (`/v2/phases`),
//! and the seeded project templates (`/v2/projectTemplates`, read only). Boards and
//! phases list in order, without cursor; deleting one is refused while live projects sit
//! on it, and a board's phases go with it. Also the small helpers tasks share.
use super::family::{Family, no_v2_only};
use super::rfc3339;
use crate::api::id_param;
use crate::api::{ApiError, R, Reply, envelope, in_id, in_text, unknown};
use crate::http::Request;
use crate::store::{CustomField, Rec, Store, Table, obj};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value, json};

pub(super) fn field(rec: &Rec, k: &str) -> Value {
    rec.get(k).cloned().unwrap_or(Value::Null)
}

pub(super) fn deleted(rec: &Rec) -> bool {
    get_bool(rec, "is_deleted")
}

/// Marks a row deleted at `t`.
pub(super) fn mark_deleted(table: &mut Table, id: u64, t: &str) {
    if let Some(r) = table.get_mut(id) {
        r.insert("is_deleted".into(), true.into());
        r.insert("update_time".into(), t.into());
    }
}

/// Marks record `id` of `own` deleted, with the live records of `children` whose `link`
/// points to it (a board's phases, a task's subtasks).
pub(super) fn mark_deleted_with_children(
    s: &mut Store,
    own: fn(&mut Store) -> &mut Table,
    children: fn(&mut Store) -> &mut Table,
    link: &str,
    id: u64,
    t: &str,
) {
    let kids: Vec<u64> = children(s)
        .rows
        .values()
        .filter(|r| !deleted(r) && get_id(r, link) == Some(id))
        .filter_map(|r| get_id(r, "id"))
        .collect();
    for kid in kids {
        mark_deleted(children(s), kid, t);
    }
    mark_deleted(own(s), id, t);
}

/// A list answer without a cursor: `additional_data` is null.
fn plain_list(items: Vec<Value>) -> R {
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(Value::Array(items), Some(Value::Null), None),
    })
}

/// A required non-blank `key` on a create; on a PATCH, absent is left alone.
pub(super) fn name_field(
    rec: &mut Rec,
    b: &Map<String, Value>,
    key: &str,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, key)? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert(key.into(), n.trim().into());
            Ok(())
        }
        None if !creating => Ok(()),
        _ => Err(ApiError::bad(format!("Parameter '{key}' is required"))),
    }
}

/// `order_nr` from 1 to one past the `siblings` already there (the default on a create).
fn order_field(
    rec: &mut Rec,
    b: &Map<String, Value>,
    siblings: usize,
    creating: bool,
) -> Result<(), ApiError> {
    let top = siblings + usize::from(creating);
    match in_id(b, "order_nr")? {
        Some(Some(n)) if (1..=top.max(1) as u64).contains(&n) => {
            rec.insert("order_nr".into(), n.into());
        }
        None if creating => {
            rec.insert("order_nr".into(), top.max(1).into());
        }
        None => {}
        _ => {
            return Err(ApiError::bad(format!(
                "Parameter 'order_nr' must be between 1 and {}",
                top.max(1)
            )));
        }
    }
    Ok(())
}

/// Live rows of `table` in order (`order_nr`, then id) that `keep` keeps.
fn in_order(table: &Table, keep: impl Fn(&Rec) -> bool) -> Vec<&Rec> {
    let mut rows: Vec<&Rec> = table
        .rows
        .values()
        .filter(|r| !deleted(r) && keep(r))
        .collect();
    rows.sort_by_key(|r| (get_id(r, "order_nr").unwrap_or(0), get_id(r, "id")));
    rows
}

/// True for a board that exists and is not deleted.
pub(super) fn live_board(s: &Store, id: u64) -> bool {
    s.boards.get(id).is_some_and(|x| !deleted(x))
}

/// The first live phase of a board, by order.
pub(super) fn first_phase(s: &Store, board: u64) -> Option<u64> {
    in_order(&s.phases, |p| get_id(p, "board_id") == Some(board))
        .first()
        .and_then(|p| get_id(p, "id"))
}

/// Live projects for which `on` holds (a delete of what they sit on is refused).
fn projects_on(s: &Store, on: impl Fn(&Rec) -> bool) -> usize {
    s.projects
        .rows
        .values()
        .filter(|p| get_str(p, "status") != "deleted" && on(p))
        .count()
}

// ---------------------------------------------------------------- boards

pub(super) const BOARDS: Family = Family {
    entity: None,
    what: "Board",
    table: |s| &s.boards,
    table_mut: |s| &mut s.boards,
    new_record: |_, t| {
        obj(json!({ "name": null, "is_deleted": false, "add_time": t, "update_time": t }))
    },
    apply: |s, rec, b, creating, t| {
        name_field(rec, b, "name", creating)?;
        order_field(rec, b, in_order(&s.boards, |_| true).len(), creating)?;
        rec.insert("update_time".into(), t.into());
        Ok(())
    },
    shared: &["name", "order_nr"],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[],
    deleted,
    delete: |s, id, t| {
        let on = projects_on(s, |p| get_id(p, "board_id") == Some(id));
        if on > 0 {
            return Err(ApiError::bad(format!(
                "Board {id} still has {on} project(s): move or delete them first"
            )));
        }
        mark_deleted_with_children(s, |s| &mut s.boards, |s| &mut s.phases, "board_id", id, t);
        Ok(())
    },
    created: 200,
    render: render_board,
    follower_kind: None,
};

fn render_board(b: &Rec, _: &[CustomField]) -> Value {
    json!({
        "id": field(b, "id"),
        "name": field(b, "name"),
        "order_nr": field(b, "order_nr"),
        "add_time": rfc3339(b.get("add_time")),
        "update_time": rfc3339(b.get("update_time")),
    })
}

/// `GET /boards`: the live boards in order.
pub(super) fn list_boards(s: &Store, _: &Request) -> R {
    plain_list(
        in_order(&s.boards, |_| true)
            .iter()
            .map(|b| render_board(b, &[]))
            .collect(),
    )
}

// ---------------------------------------------------------------- phases

pub(super) const PHASES: Family = Family {
    entity: None,
    what: "Phase",
    table: |s| &s.phases,
    table_mut: |s| &mut s.phases,
    new_record: |_, t| {
        obj(
            json!({ "name": null, "board_id": null, "is_deleted": false, "add_time": t, "update_time": t }),
        )
    },
    apply: apply_phase,
    shared: &["name", "board_id", "order_nr"],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[],
    deleted,
    delete: |s, id, t| {
        let on = projects_on(s, |p| get_id(p, "phase_id") == Some(id));
        if on > 0 {
            return Err(ApiError::bad(format!(
                "Phase {id} still has {on} project(s): move or delete them first"
            )));
        }
        mark_deleted(&mut s.phases, id, t);
        Ok(())
    },
    created: 200,
    render: render_phase,
    follower_kind: None,
};

/// A phase's name and board (both required on a create; the board must be live) and its
/// place among the board's phases.
fn apply_phase(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    name_field(rec, b, "name", creating)?;
    let moved = match in_id(b, "board_id")? {
        Some(Some(board)) => {
            if !live_board(s, board) {
                return Err(ApiError::bad(format!("Board with ID {board} not found")));
            }
            let moved = get_id(rec, "board_id") != Some(board);
            rec.insert("board_id".into(), board.into());
            moved
        }
        None if !creating => false,
        _ => return Err(ApiError::bad("Parameter 'board_id' is required")),
    };
    let board = get_id(rec, "board_id");
    let own = get_id(rec, "id");
    let siblings = in_order(&s.phases, |p| {
        get_id(p, "board_id") == board && get_id(p, "id") != own
    })
    .len();
    // A phase moved to another board is new there.
    let siblings = if creating || moved {
        siblings
    } else {
        siblings + 1
    };
    order_field(rec, b, siblings, creating || moved)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

fn render_phase(p: &Rec, _: &[CustomField]) -> Value {
    json!({
        "id": field(p, "id"),
        "name": field(p, "name"),
        "board_id": field(p, "board_id"),
        "order_nr": field(p, "order_nr"),
        "add_time": rfc3339(p.get("add_time")),
        "update_time": rfc3339(p.get("update_time")),
    })
}

/// `GET /phases?board_id=`: the board's live phases in order.
pub(super) fn list_phases(s: &Store, req: &Request) -> R {
    let board = id_param(req, "board_id")?
        .ok_or_else(|| ApiError::bad("Parameter 'board_id' is required"))?;
    if !live_board(s, board) {
        return Err(ApiError::not_found("Board not found"));
    }
    let phases = in_order(&s.phases, |p| get_id(p, "board_id") == Some(board));
    plain_list(phases.iter().map(|p| render_phase(p, &[])).collect())
}

// ---------------------------------------------------------------- templates

/// The seeded templates: read only (`FAMILIES` marks them so).
pub(super) const TEMPLATES: Family = Family {
    entity: None,
    what: "Project template",
    table: |s| &s.project_templates,
    table_mut: |s| &mut s.project_templates,
    new_record: |_, _| Map::new(),
    apply: |_, _, _, _, _| Err(unknown()),
    shared: &[],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[],
    deleted,
    delete: |_, _, _| Err(unknown()),
    created: 200,
    render: |t, _| {
        json!({
            "id": field(t, "id"),
            "title": field(t, "title"),
            "description": field(t, "description"),
            "projects_board_id": field(t, "projects_board_id"),
            "owner_id": field(t, "owner_id"),
            "add_time": rfc3339(t.get("add_time")),
            "update_time": rfc3339(t.get("update_time")),
        })
    },
    follower_kind: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_nr_runs_from_one_to_one_past_the_siblings() {
        let body = |n: Value| obj(json!({ "order_nr": n }));
        let mut rec = Map::new();
        order_field(&mut rec, &Map::new(), 2, true).unwrap();
        assert_eq!(rec["order_nr"], 3, "a new one goes last by default");
        assert!(order_field(&mut rec, &body(json!(3)), 2, true).is_ok());
        assert!(order_field(&mut rec, &body(json!(4)), 2, true).is_err());
        assert!(order_field(&mut rec, &body(json!(3)), 2, false).is_err());
        assert!(order_field(&mut rec, &body(json!(0)), 2, false).is_err());
    }
}
