//! An activity as `GET /activities` shows it, with the names of the deal, person,
//! organization and users it links to.
use super::related::{Related, user_name};
use crate::store::{Rec, Store};
use crate::util::{get_bool, get_id};
use serde_json::{Map, Value, json};

/// An activity as `GET /activities` shows it.
pub(crate) fn render_activity(s: &Store, a: &Rec, rel: &mut Related) -> Value {
    let user = get_id(a, "user_id");
    let person = get_id(a, "person_id");
    let org = get_id(a, "org_id");
    let deal = get_id(a, "deal_id");
    rel.users.extend(user);
    rel.persons.extend(person);
    rel.orgs.extend(org);
    rel.deals.extend(deal);
    let mut m = Map::new();
    let get = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
    m.insert("id".into(), get("id"));
    m.insert("company_id".into(), s.company_id.into());
    m.insert("user_id".into(), get("user_id"));
    m.insert("done".into(), get_bool(a, "done").into());
    m.insert("type".into(), get("type"));
    for k in [
        "reference_type",
        "reference_id",
        "conference_meeting_client",
        "conference_meeting_url",
        "conference_meeting_id",
    ] {
        m.insert(k.into(), get(k));
    }
    for k in ["due_date", "due_time", "duration"] {
        m.insert(k.into(), get(k));
    }
    m.insert("busy_flag".into(), get("busy_flag"));
    m.insert("add_time".into(), get("add_time"));
    m.insert("marked_as_done_time".into(), get("marked_as_done_time"));
    m.insert("last_notification_time".into(), Value::Null);
    m.insert("last_notification_user_id".into(), Value::Null);
    m.insert("notification_language_id".into(), Value::Null);
    m.insert("subject".into(), get("subject"));
    m.insert("public_description".into(), get("public_description"));
    m.insert("calendar_sync_include_context".into(), Value::Null);
    m.insert("location".into(), get("location"));
    m.insert("org_id".into(), get("org_id"));
    m.insert("person_id".into(), get("person_id"));
    m.insert("deal_id".into(), get("deal_id"));
    m.insert("lead_id".into(), get("lead_id"));
    m.insert("active_flag".into(), get_bool(a, "active_flag").into());
    m.insert("update_time".into(), get("update_time"));
    m.insert("update_user_id".into(), get("update_user_id"));
    for k in [
        "gcal_event_id",
        "google_calendar_id",
        "google_calendar_etag",
        "source_timezone",
        "rec_rule",
        "rec_rule_extension",
        "rec_master_activity_id",
    ] {
        m.insert(k.into(), Value::Null);
    }
    m.insert("series".into(), json!([]));
    m.insert("note".into(), get("note"));
    m.insert("created_by_user_id".into(), get("created_by_user_id"));
    m.insert("attendees".into(), get("attendees"));
    m.insert("participants".into(), get("participants"));
    m.insert(
        "org_name".into(),
        org.and_then(|o| s.orgs.get(o))
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "person_name".into(),
        person
            .and_then(|p| s.persons.get(p))
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "deal_title".into(),
        deal.and_then(|d| s.deals.get(d))
            .and_then(|d| d.get("title").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("owner_name".into(), user_name(s, user));
    m.insert("person_dropbox_bcc".into(), Value::Null);
    m.insert(
        "deal_dropbox_bcc".into(),
        deal.map(|d| Value::from(format!("sandbox+deal{d}@pipedrivemail.com")))
            .unwrap_or(Value::Null),
    );
    m.insert("assigned_to_user_id".into(), get("assigned_to_user_id"));
    m.insert("file".into(), Value::Null);
    Value::Object(m)
}
