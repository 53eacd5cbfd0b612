//! Persons and organizations as `GET /persons` and `GET /organizations` show them: their
//! references expanded, deal, activity and file counts, and custom fields.
use super::fields::{act_fields, first_char, put_custom};
use super::related::{Related, contacts, org_cc, org_ref, user_name, user_ref};
use super::stats::Stats;
use crate::store::{CustomField, Rec, Store};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value};

/// A person as `GET /persons` shows it.
pub(crate) fn render_person(
    s: &Store,
    st: &Stats,
    p: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(p, "id").unwrap_or(0);
    let owner = get_id(p, "owner_id");
    let org = get_id(p, "org_id");
    rel.users.extend(owner);
    rel.orgs.extend(org);
    let deals = st.person_deals.get(&id).copied().unwrap_or_default();
    let acts = st.person_acts.get(&id);
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    let name = get_str(p, "name");
    let email = contacts(p, "email");
    let primary_email = email
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|e| e.get("primary").and_then(crate::util::as_bool) == Some(true))
                .or_else(|| a.first())
        })
        .and_then(|e| e.get("value").cloned())
        .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
        .unwrap_or(Value::Null);

    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("company_id".into(), s.company_id.into());
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("org_id".into(), org_ref(s, st, org));
    m.insert("name".into(), name.into());
    m.insert(
        "first_name".into(),
        p.get("first_name").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "last_name".into(),
        p.get("last_name").cloned().unwrap_or(Value::Null),
    );
    m.insert("open_deals_count".into(), deals.open.into());
    m.insert("related_open_deals_count".into(), 0.into());
    m.insert("closed_deals_count".into(), (deals.won + deals.lost).into());
    m.insert("related_closed_deals_count".into(), 0.into());
    m.insert("participant_open_deals_count".into(), 0.into());
    m.insert("participant_closed_deals_count".into(), 0.into());
    m.insert("email_messages_count".into(), 0.into());
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert("files_count".into(), st.file_count("person_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("person", id).into(),
    );
    m.insert("won_deals_count".into(), deals.won.into());
    m.insert("related_won_deals_count".into(), 0.into());
    m.insert("lost_deals_count".into(), deals.lost.into());
    m.insert("related_lost_deals_count".into(), 0.into());
    m.insert("active_flag".into(), get_bool(p, "active_flag").into());
    m.insert("phone".into(), contacts(p, "phone"));
    m.insert("email".into(), email);
    m.insert("primary_email".into(), primary_email);
    m.insert("first_char".into(), first_char(name));
    m.insert(
        "update_time".into(),
        p.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        p.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "visible_to".into(),
        p.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    if let Some(ms) = p.get("marketing_status") {
        m.insert("marketing_status".into(), ms.clone());
    }
    m.insert("picture_id".into(), Value::Null);
    act_fields(s, &mut m, acts);
    m.insert("last_incoming_mail_time".into(), Value::Null);
    m.insert("last_outgoing_mail_time".into(), Value::Null);
    m.insert(
        "label".into(),
        p.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "org_name".into(),
        org.and_then(|o| s.orgs.get(o))
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert(
        "cc_email".into(),
        format!("sandbox+person{id}@pipedrivemail.com").into(),
    );
    put_custom(&mut m, p, customs);
    Value::Object(m)
}

/// An organization as `GET /organizations` shows it.
pub(crate) fn render_org(
    s: &Store,
    st: &Stats,
    o: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(o, "id").unwrap_or(0);
    let owner = get_id(o, "owner_id");
    rel.users.extend(owner);
    let deals = st.org_deals.get(&id).copied().unwrap_or_default();
    let acts = st.org_acts.get(&id);
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    let name = get_str(o, "name");
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("company_id".into(), s.company_id.into());
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("name".into(), name.into());
    m.insert("open_deals_count".into(), deals.open.into());
    m.insert("related_open_deals_count".into(), 0.into());
    m.insert("closed_deals_count".into(), (deals.won + deals.lost).into());
    m.insert("related_closed_deals_count".into(), 0.into());
    m.insert("email_messages_count".into(), 0.into());
    m.insert(
        "people_count".into(),
        st.org_people.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert("files_count".into(), st.file_count("org_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("org", id).into(),
    );
    m.insert("won_deals_count".into(), deals.won.into());
    m.insert("related_won_deals_count".into(), 0.into());
    m.insert("lost_deals_count".into(), deals.lost.into());
    m.insert("related_lost_deals_count".into(), 0.into());
    m.insert("active_flag".into(), get_bool(o, "active_flag").into());
    m.insert("picture_id".into(), Value::Null);
    m.insert("country_code".into(), Value::Null);
    m.insert("first_char".into(), first_char(name));
    m.insert(
        "update_time".into(),
        o.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        o.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "visible_to".into(),
        o.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    act_fields(s, &mut m, acts);
    m.insert(
        "label".into(),
        o.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "address".into(),
        o.get("address").cloned().unwrap_or(Value::Null),
    );
    for k in [
        "address_subpremise",
        "address_street_number",
        "address_route",
        "address_sublocality",
        "address_locality",
        "address_admin_area_level_1",
        "address_admin_area_level_2",
        "address_country",
        "address_postal_code",
        "address_formatted_address",
    ] {
        m.insert(k.into(), o.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert("cc_email".into(), org_cc(s, id).into());
    put_custom(&mut m, o, customs);
    Value::Object(m)
}
