//! `/v2/activities` on the store v1 uses, through the v1 checks (`activities::apply`).
//! v2's `owner_id` and `busy` are v1's `user_id` and `busy_flag`; its `location` object is
//! v1's location text; a participant's `primary` is v1's `primary_flag`.
use super::family::{Family, no_v2_only};
use super::rfc3339;
use crate::api::ApiError;
use crate::api::activities::{apply, deactivate};
use crate::store::{CustomField, Rec, new_activity};
use crate::util::get_bool;
use serde_json::{Map, Value, json};

pub(super) const ACTIVITIES: Family = Family {
    entity: None,
    what: "Activity",
    table: |s| &s.activities,
    table_mut: |s| &mut s.activities,
    new_record: new_activity,
    apply,
    shared: &[
        "subject",
        "type",
        "due_date",
        "due_time",
        "duration",
        "deal_id",
        "lead_id",
        "person_id",
        "org_id",
        "note",
        "public_description",
        "done",
        "attendees",
    ],
    renames: &[("owner_id", "user_id"), ("busy", "busy_flag")],
    translate,
    v2_only: no_v2_only,
    filters: &[
        ("owner_id", "user_id"),
        ("deal_id", "deal_id"),
        ("person_id", "person_id"),
        ("org_id", "org_id"),
    ],
    deleted: |a| !get_bool(a, "active_flag"),
    delete: |s, id, _| {
        deactivate(&mut s.activities, &[id]);
        Ok(())
    },
    created: 200,
    render,
    follower_kind: None,
};

/// v2's `location` object and participants in v1's terms.
fn translate(b: &Map<String, Value>, v1: &mut Map<String, Value>) -> Result<(), ApiError> {
    match b.get("location") {
        None => {}
        Some(Value::Null) => {
            v1.insert("location".into(), Value::Null);
        }
        Some(Value::Object(l)) => {
            v1.insert(
                "location".into(),
                l.get("value").cloned().unwrap_or(Value::Null),
            );
        }
        Some(_) => return Err(ApiError::bad("Parameter 'location' must be an object")),
    }
    if let Some(parts) = b.get("participants") {
        let Some(parts) = parts.as_array() else {
            return Err(ApiError::bad("Parameter 'participants' must be an array"));
        };
        let v1_parts: Vec<Value> = parts
            .iter()
            .map(|p| {
                json!({
                    "person_id": p.get("person_id").cloned().unwrap_or(Value::Null),
                    "primary_flag": p.get("primary").cloned().unwrap_or(Value::Bool(false)),
                })
            })
            .collect();
        v1.insert("participants".into(), Value::Array(v1_parts));
    }
    Ok(())
}

fn render(a: &Rec, _: &[CustomField]) -> Value {
    let field = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
    let location = match a.get("location") {
        Some(Value::String(l)) if !l.is_empty() => json!({ "value": l }),
        _ => Value::Null,
    };
    let participants: Vec<Value> = a
        .get("participants")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            json!({
                "person_id": p.get("person_id").cloned().unwrap_or(Value::Null),
                "primary": p.get("primary_flag").cloned().unwrap_or(Value::Bool(false)),
            })
        })
        .collect();
    json!({
        "id": field("id"),
        "subject": field("subject"),
        "type": field("type"),
        "owner_id": field("user_id"),
        "creator_user_id": field("created_by_user_id"),
        "is_deleted": !get_bool(a, "active_flag"),
        "add_time": rfc3339(a.get("add_time")),
        "update_time": rfc3339(a.get("update_time")),
        "deal_id": field("deal_id"),
        "lead_id": field("lead_id"),
        "person_id": field("person_id"),
        "org_id": field("org_id"),
        "project_id": null,
        "due_date": field("due_date"),
        "due_time": field("due_time"),
        "duration": field("duration"),
        "busy": get_bool(a, "busy_flag"),
        "done": get_bool(a, "done"),
        "marked_as_done_time": rfc3339(a.get("marked_as_done_time")),
        "location": location,
        "participants": participants,
        "attendees": field("attendees"),
        "public_description": field("public_description"),
        "priority": null,
        "note": field("note"),
    })
}
