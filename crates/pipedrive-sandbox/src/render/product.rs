//! A product as `GET /products` shows it, with its owner expanded and custom fields.
use super::fields::{first_char, put_custom};
use super::related::{Related, user_ref};
use super::stats::Stats;
use crate::store::{CustomField, Rec, Store};
use crate::util::{get_bool, get_id, get_str};
use serde_json::{Map, Value, json};

/// A product as `GET /products` shows it.
pub(crate) fn render_product(
    s: &Store,
    st: &Stats,
    p: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(p, "id").unwrap_or(0);
    let owner = get_id(p, "owner_id");
    rel.users.extend(owner);
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    for k in ["name", "code", "description", "unit", "tax", "category"] {
        m.insert(k.into(), p.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("active_flag".into(), get_bool(p, "active_flag").into());
    m.insert("selectable".into(), get_bool(p, "selectable").into());
    m.insert("first_char".into(), first_char(get_str(p, "name")));
    m.insert(
        "visible_to".into(),
        p.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("files_count".into(), st.file_count("product_id", id).into());
    m.insert(
        "followers_count".into(),
        st.follower_count("product", id).into(),
    );
    m.insert(
        "add_time".into(),
        p.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "update_time".into(),
        p.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "prices".into(),
        p.get("prices").cloned().unwrap_or(json!([])),
    );
    put_custom(&mut m, p, customs);
    Value::Object(m)
}
