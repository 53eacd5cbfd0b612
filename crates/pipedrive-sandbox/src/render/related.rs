//! References to users, persons, organizations and stages as the API embeds them in a
//! record (`user_id: {..}`), and the `related_objects` section listing every one a
//! page referred to.
use super::account::render_stage;
use super::stats::Stats;
use crate::store::{Rec, Store};
use crate::util::get_bool;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Ids referenced by rendered items, written out as `related_objects`.
#[derive(Debug, Default)]
pub(crate) struct Related {
    pub users: BTreeSet<u64>,
    pub persons: BTreeSet<u64>,
    pub orgs: BTreeSet<u64>,
    pub stages: BTreeSet<u64>,
    pub pipelines: BTreeSet<u64>,
    pub deals: BTreeSet<u64>,
}

impl Related {
    pub(crate) fn to_value(&self, s: &Store, st: &Stats) -> Value {
        let mut out = Map::new();
        let mut section = |name: &str, ids: &BTreeSet<u64>, f: &dyn Fn(u64) -> Option<Value>| {
            let mut m = Map::new();
            for id in ids {
                if let Some(v) = f(*id) {
                    m.insert(id.to_string(), v);
                }
            }
            if !m.is_empty() {
                out.insert(name.to_owned(), Value::Object(m));
            }
        };
        section("user", &self.users, &|id| user_related(s, id));
        section("organization", &self.orgs, &|id| org_related(s, st, id));
        section("person", &self.persons, &|id| person_related(s, id));
        section("stage", &self.stages, &|id| stage_related(s, id));
        section("pipeline", &self.pipelines, &|id| {
            s.pipelines.get(id).map(|p| Value::Object(p.clone()))
        });
        section("deal", &self.deals, &|id| {
            s.deals.get(id).map(|d| {
                json!({
                    "id": id,
                    "title": d.get("title"),
                    "status": d.get("status"),
                    "value": d.get("value"),
                    "currency": d.get("currency"),
                    "stage_id": d.get("stage_id"),
                    "pipeline_id": d.get("pipeline_id"),
                })
            })
        });
        Value::Object(out)
    }
}

fn user_fields(u: &Rec, id: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("name".into(), u.get("name").cloned().unwrap_or(Value::Null));
    m.insert(
        "email".into(),
        u.get("email").cloned().unwrap_or(Value::Null),
    );
    m.insert("has_pic".into(), 0.into());
    m.insert("pic_hash".into(), Value::Null);
    m.insert("active_flag".into(), get_bool(u, "active_flag").into());
    m
}

/// `{"id","name","email","has_pic","pic_hash","active_flag","value"}` for a user id.
pub(crate) fn user_ref(s: &Store, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.users.get(id) {
        Some(u) => {
            let mut m = user_fields(u, id);
            m.insert("value".into(), id.into());
            Value::Object(m)
        }
        None => json!({"id": id, "value": id}),
    }
}

pub(crate) fn user_related(s: &Store, id: u64) -> Option<Value> {
    s.users.get(id).map(|u| Value::Object(user_fields(u, id)))
}

pub(crate) fn user_name(s: &Store, id: Option<u64>) -> Value {
    id.and_then(|id| s.users.get(id))
        .and_then(|u| u.get("name").cloned())
        .unwrap_or(Value::Null)
}

/// A person's contact list, always at least one (possibly empty) entry like the API.
pub(super) fn contacts(p: &Rec, key: &str) -> Value {
    match p.get(key) {
        Some(Value::Array(a)) if !a.is_empty() => Value::Array(a.clone()),
        _ => json!([{"value": "", "primary": true}]),
    }
}

pub(crate) fn person_ref(s: &Store, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.persons.get(id) {
        Some(p) => json!({
            "active_flag": get_bool(p, "active_flag"),
            "name": p.get("name"),
            "email": contacts(p, "email"),
            "phone": contacts(p, "phone"),
            "owner_id": p.get("owner_id"),
            "value": id,
        }),
        None => json!({"value": id}),
    }
}

pub(crate) fn person_related(s: &Store, id: u64) -> Option<Value> {
    s.persons.get(id).map(|p| {
        json!({
            "active_flag": get_bool(p, "active_flag"),
            "id": id,
            "name": p.get("name"),
            "email": contacts(p, "email"),
            "phone": contacts(p, "phone"),
            "owner_id": p.get("owner_id"),
        })
    })
}

fn org_fields(s: &Store, st: &Stats, o: &Rec, id: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), o.get("name").cloned().unwrap_or(Value::Null));
    m.insert(
        "people_count".into(),
        st.org_people.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert(
        "owner_id".into(),
        o.get("owner_id").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "address".into(),
        o.get("address").cloned().unwrap_or(Value::Null),
    );
    m.insert("active_flag".into(), get_bool(o, "active_flag").into());
    m.insert("cc_email".into(), org_cc(s, id).into());
    m
}

pub(super) fn org_cc(_s: &Store, id: u64) -> String {
    format!("sandbox+org{id}@pipedrivemail.com")
}

pub(crate) fn org_ref(s: &Store, st: &Stats, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.orgs.get(id) {
        Some(o) => {
            let mut m = org_fields(s, st, o, id);
            m.insert("value".into(), id.into());
            Value::Object(m)
        }
        None => json!({"value": id}),
    }
}

pub(crate) fn org_related(s: &Store, st: &Stats, id: u64) -> Option<Value> {
    s.orgs.get(id).map(|o| {
        let mut m = Map::new();
        m.insert("id".into(), id.into());
        m.extend(org_fields(s, st, o, id));
        Value::Object(m)
    })
}

fn stage_related(s: &Store, id: u64) -> Option<Value> {
    s.stages.get(id).map(|st| {
        let mut m = render_stage(s, st);
        m.insert("company_id".into(), s.company_id.into());
        Value::Object(m)
    })
}
