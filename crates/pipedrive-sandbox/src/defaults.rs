//! What a new record holds before a create body is applied: the API's defaults, the
//! same for a v1 POST and a v2 one.
use crate::store::{Rec, Store, field_record, obj};
use crate::util::fmt_time;
use serde_json::{Value, json};

/// A new person with the defaults of the API, created at `t`.
pub(crate) fn new_person(s: &Store, t: &str) -> Rec {
    obj(json!({
        "company_id": s.company_id,
        "owner_id": s.me,
        "org_id": null,
        "name": null,
        "first_name": null,
        "last_name": null,
        "active_flag": true,
        "phone": [],
        "email": [],
        "visible_to": "3",
        "label": null,
        "add_time": t,
        "update_time": t,
    }))
}

/// A new organization with the defaults of the API, created at `t`.
pub(crate) fn new_org(s: &Store, t: &str) -> Rec {
    obj(json!({
        "company_id": s.company_id,
        "owner_id": s.me,
        "name": null,
        "active_flag": true,
        "visible_to": "3",
        "address": null,
        "label": null,
        "add_time": t,
        "update_time": t,
    }))
}

/// A new activity with the defaults of the API, created at `t`.
pub(crate) fn new_activity(s: &Store, t: &str) -> Rec {
    let me = s.me;
    obj(json!({
        "company_id": s.company_id,
        "user_id": me,
        "done": false,
        "type": "call",
        "due_date": null,
        "due_time": null,
        "duration": null,
        "busy_flag": null,
        "add_time": t,
        "marked_as_done_time": null,
        "subject": null,
        "public_description": null,
        "location": null,
        "org_id": null,
        "person_id": null,
        "deal_id": null,
        "lead_id": null,
        "active_flag": true,
        "update_time": t,
        "update_user_id": null,
        "note": null,
        "created_by_user_id": me,
        "participants": [],
        "attendees": null,
        "assigned_to_user_id": me,
    }))
}

/// A new stage with the defaults of the API (last in order), created at `t`.
pub(crate) fn new_stage(s: &Store, t: &str) -> Rec {
    obj(json!({
        "order_nr": s.stages.rows.len() + 1,
        "name": null,
        "active_flag": true,
        "deal_probability": 100,
        "pipeline_id": null,
        "rotten_flag": false,
        "rotten_days": null,
        "add_time": t,
        "update_time": t,
    }))
}

/// A new product with the defaults of the API, created at `t`.
pub(crate) fn new_product(s: &Store, t: &str) -> Rec {
    obj(json!({
        "name": null,
        "code": null,
        "description": null,
        "unit": null,
        "tax": 0,
        "category": null,
        "active_flag": true,
        "selectable": true,
        "visible_to": "3",
        "owner_id": s.me,
        "prices": [],
        "add_time": t,
        "update_time": t,
    }))
}

/// The projects side of a new account: a board with three phases, two templates on
/// it, and the standard project fields (stored under their v2 codes).
pub(crate) fn setup_projects(s: &mut Store) {
    let t = fmt_time(s.epoch - 400 * 86_400);
    let me = s.me;
    let at = |extra: Value| -> Rec {
        let mut r = obj(json!({ "add_time": t, "update_time": t, "is_deleted": false }));
        r.extend(obj(extra));
        r
    };
    let board = s
        .boards
        .insert(at(json!({ "name": "Delivery", "order_nr": 1 })));
    for (i, name) in ["Planning", "In progress", "Done"].iter().enumerate() {
        let phase = json!({ "name": name, "board_id": board, "order_nr": i + 1 });
        s.phases.insert(at(phase));
    }
    for (title, description) in [
        (
            "Customer onboarding",
            "Kick-off, setup and training for a new customer",
        ),
        (
            "Data migration",
            "Move a customer's records from their old system",
        ),
    ] {
        let tpl = json!({ "title": title, "description": description,
            "projects_board_id": board, "owner_id": me });
        s.project_templates.insert(at(tpl));
    }
    let fields: &[(&str, &str, &str)] = &[
        ("title", "Title", "varchar"),
        ("description", "Description", "text"),
        ("status", "Status", "status"),
        ("board_id", "Board", "projects_board"),
        ("phase_id", "Phase", "projects_phase"),
        ("owner_id", "Owner", "user"),
        ("start_date", "Start date", "date"),
        ("end_date", "End date", "date"),
        ("deal_ids", "Deals", "deals"),
        ("person_ids", "Persons", "people"),
        ("org_ids", "Organizations", "org"),
        ("label", "Labels", "set"),
        ("health_status", "Health status", "int"),
        ("add_time", "Project created", "date"),
        ("update_time", "Update time", "date"),
    ];
    for (i, (key, name, ty)) in fields.iter().enumerate() {
        let rec = field_record(key, name, ty, i + 1, &t, me, false, Value::Null);
        s.project_fields.insert(rec);
    }
}
