//! A file as `/files` answers it, with the names of the items it is linked to.
use crate::store::{Rec, Store};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value};

/// A name field of a linked item, or `""` when there is none.
fn linked_name(t: &crate::store::Table, id: Option<u64>, key: &str) -> Value {
    id.and_then(|id| t.get(id))
        .map(|r| get_str(r, key))
        .unwrap_or("")
        .into()
}

/// A file as `/files` answers it; linked items' names are read live.
pub(crate) fn render_file(s: &Store, f: &Rec) -> Value {
    let field = |k: &str| f.get(k).cloned().unwrap_or(Value::Null);
    let lead_name = f
        .get("lead_id")
        .and_then(Value::as_str)
        .and_then(|l| s.lead_index(l))
        .map(|i| get_str(&s.leads[i], "title"))
        .unwrap_or("");
    let mut m = Map::new();
    for k in [
        "id",
        "user_id",
        "deal_id",
        "person_id",
        "org_id",
        "product_id",
        "activity_id",
        "lead_id",
        "log_id",
        "add_time",
        "update_time",
        "file_name",
        "file_type",
        "file_size",
    ] {
        m.insert(k.into(), field(k));
    }
    m.insert("active_flag".into(), get_bool(f, "active_flag").into());
    m.insert("inline_flag".into(), false.into());
    for k in [
        "remote_location",
        "remote_id",
        "cid",
        "s3_bucket",
        "mail_message_id",
        "mail_template_id",
    ] {
        m.insert(k.into(), field(k));
    }
    m.insert(
        "deal_name".into(),
        linked_name(&s.deals, get_id(f, "deal_id"), "title"),
    );
    m.insert(
        "person_name".into(),
        linked_name(&s.persons, get_id(f, "person_id"), "name"),
    );
    m.insert(
        "org_name".into(),
        linked_name(&s.orgs, get_id(f, "org_id"), "name"),
    );
    m.insert(
        "product_name".into(),
        linked_name(&s.products, get_id(f, "product_id"), "name"),
    );
    m.insert("lead_name".into(), lead_name.into());
    for k in ["url", "name", "description"] {
        m.insert(k.into(), field(k));
    }
    Value::Object(m)
}
