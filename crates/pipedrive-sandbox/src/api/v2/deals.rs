//! `/v2/deals`: the deal family on the store v1 uses. Writes go through the v1 code's
//! checks (`deals::edit::apply`), so both versions change a deal by the same rules.
use super::family::{Family, label_ids, visible_to};
use super::{custom_fields_out, rfc3339, stored_time};
use crate::api::deals::edit::{apply, mark_deleted, new_deal};
use crate::api::{ApiError, R};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store};
use crate::util::{get_bool, get_str};
use serde_json::{Map, Value, json};

/// The deals: owner, person, organization, pipeline and stage filters; a deal is deleted
/// when its status says so.
pub(super) const DEALS: Family = Family {
    entity: Some(Entity::Deal),
    what: "Deal",
    table: |s| &s.deals,
    table_mut: |s| &mut s.deals,
    new_record: new_deal,
    apply,
    shared: &[
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
    ],
    renames: &[("owner_id", "user_id")],
    translate: |_, _| Ok(()),
    v2_only: set_v2_only,
    filters: &[
        ("owner_id", "user_id"),
        ("person_id", "person_id"),
        ("org_id", "org_id"),
        ("pipeline_id", "pipeline_id"),
        ("stage_id", "stage_id"),
    ],
    deleted: |d| get_str(d, "status") == "deleted",
    delete: |s, id, t| {
        mark_deleted(s, id, t);
        Ok(())
    },
    created: 200,
    render,
    follower_kind: Some("deal"),
};

pub(super) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    // Archived deals are listed apart (`/deals/archived`), the others by `/deals`.
    let archived = match rest {
        [] => false,
        ["archived"] => true,
        _ => return DEALS.get(s, req, rest),
    };
    // `status` picks the deals of one status, deleted ones included; without it every
    // deal that is not deleted.
    let status = req.q("status").map(str::trim).filter(|v| !v.is_empty());
    if let Some(st) = status {
        if !["open", "won", "lost", "deleted"].contains(&st) {
            return Err(ApiError::bad(format!("Invalid status '{st}'")));
        }
    }
    DEALS.list(s, req, |d| {
        get_bool(d, "is_archived") == archived
            && match status {
                Some(st) => get_str(d, "status") == st,
                None => !(DEALS.deleted)(d),
            }
    })
}

/// A stored deal in v2's shape.
fn render(d: &Rec, customs: &[CustomField]) -> Value {
    let field = |k: &str| d.get(k).cloned().unwrap_or(Value::Null);
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
        "visible_to": visible_to(d),
        "close_time": rfc3339(d.get("close_time")),
        "won_time": rfc3339(d.get("won_time")),
        "lost_time": rfc3339(d.get("lost_time")),
        "expected_close_date": field("expected_close_date"),
        "label_ids": label_ids(d),
        "origin": "API",
        "origin_id": null,
        "channel": null,
        "channel_id": null,
        "source_lead_id": null,
        "custom_fields": custom_fields_out(d, customs),
    })
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
