//! A deal as `GET /deals` shows it: its references expanded, weighted value, activity
//! and product counts, and custom fields.
use super::fields::{act_fields, put_custom};
use super::related::{Related, org_ref, person_ref, user_name, user_ref};
use super::stats::Stats;
use crate::store::{CustomField, Rec, Store};
use crate::util::{fmt_money, get_f64, get_id, get_str, num, round2};
use serde_json::{Map, Value};

/// Probability used for the weighted value: the deal's own, else its stage's.
fn deal_probability(s: &Store, d: &Rec) -> f64 {
    if let Some(p) = d.get("probability").and_then(crate::util::as_f64) {
        return p;
    }
    get_id(d, "stage_id")
        .and_then(|id| s.stages.get(id))
        .map(|st| get_f64(st, "deal_probability"))
        .unwrap_or(100.0)
}

/// A deal as `GET /deals` shows it.
pub(crate) fn render_deal(
    s: &Store,
    st: &Stats,
    d: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(d, "id").unwrap_or(0);
    let owner = get_id(d, "user_id");
    let creator = get_id(d, "creator_user_id");
    let person = get_id(d, "person_id");
    let org = get_id(d, "org_id");
    let stage = get_id(d, "stage_id");
    let pipeline = get_id(d, "pipeline_id");
    rel.users.extend(owner);
    rel.users.extend(creator);
    rel.persons.extend(person);
    rel.orgs.extend(org);
    rel.stages.extend(stage);
    rel.pipelines.extend(pipeline);
    let status = get_str(d, "status");
    let value = get_f64(d, "value");
    let currency = get_str(d, "currency");
    let weighted = round2(value * deal_probability(s, d) / 100.0);
    let acts = st.deal_acts.get(&id);
    let next = acts
        .and_then(|a| a.next.as_ref())
        .and_then(|(_, _, id)| s.activities.get(*id));
    let person_rec = person.and_then(|p| s.persons.get(p));
    let org_rec = org.and_then(|o| s.orgs.get(o));

    let mut m = Map::with_capacity(72 + customs.len());
    m.insert("id".into(), id.into());
    m.insert("creator_user_id".into(), user_ref(s, creator));
    m.insert("user_id".into(), user_ref(s, owner));
    m.insert("person_id".into(), person_ref(s, person));
    m.insert("org_id".into(), org_ref(s, st, org));
    m.insert(
        "stage_id".into(),
        stage.map(Value::from).unwrap_or(Value::Null),
    );
    m.insert(
        "title".into(),
        d.get("title").cloned().unwrap_or(Value::Null),
    );
    m.insert("value".into(), num(value));
    m.insert("currency".into(), currency.into());
    for k in ["add_time", "update_time", "stage_change_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("active".into(), (status == "open").into());
    m.insert("deleted".into(), (status == "deleted").into());
    m.insert("status".into(), status.into());
    m.insert(
        "probability".into(),
        d.get("probability").cloned().unwrap_or(Value::Null),
    );
    act_fields(s, &mut m, acts);
    for k in ["lost_reason", "visible_to", "close_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert(
        "pipeline_id".into(),
        pipeline.map(Value::from).unwrap_or(Value::Null),
    );
    for k in ["won_time", "first_won_time", "lost_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    m.insert(
        "products_count".into(),
        st.deal_products.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert("files_count".into(), st.file_count("deal_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("deal", id).into(),
    );
    m.insert("email_messages_count".into(), 0.into());
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert(
        "participants_count".into(),
        st.deal_participants.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert(
        "expected_close_date".into(),
        d.get("expected_close_date").cloned().unwrap_or(Value::Null),
    );
    m.insert("last_incoming_mail_time".into(), Value::Null);
    m.insert("last_outgoing_mail_time".into(), Value::Null);
    m.insert(
        "label".into(),
        d.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "stage_order_nr".into(),
        stage
            .and_then(|i| s.stages.get(i))
            .and_then(|st| st.get("order_nr").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "person_name".into(),
        person_rec
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "org_name".into(),
        org_rec
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    for (k, src) in [
        ("next_activity_subject", "subject"),
        ("next_activity_type", "type"),
        ("next_activity_duration", "duration"),
        ("next_activity_note", "note"),
    ] {
        m.insert(
            k.into(),
            next.and_then(|n| n.get(src).cloned())
                .unwrap_or(Value::Null),
        );
    }
    m.insert("formatted_value".into(), fmt_money(value, currency).into());
    m.insert("weighted_value".into(), num(weighted));
    m.insert(
        "formatted_weighted_value".into(),
        fmt_money(weighted, currency).into(),
    );
    m.insert("weighted_value_currency".into(), currency.into());
    m.insert("rotten_time".into(), Value::Null);
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert(
        "cc_email".into(),
        format!("sandbox+deal{id}@pipedrivemail.com").into(),
    );
    m.insert("org_hidden".into(), false.into());
    m.insert("person_hidden".into(), false.into());
    put_custom(&mut m, d, customs);
    Value::Object(m)
}
