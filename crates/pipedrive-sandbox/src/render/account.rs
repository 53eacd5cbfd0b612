//! Account records: a stage with its pipeline's name and probability setting, and a
//! user marked when it is the token's owner.
use crate::store::{Rec, Store};
use crate::util::{get_bool, get_id};
use serde_json::{Map, Value};

/// A stage with its pipeline's name and probability setting.
pub(crate) fn render_stage(s: &Store, st: &Rec) -> Map<String, Value> {
    let mut m = st.clone();
    let pipeline = get_id(st, "pipeline_id").and_then(|p| s.pipelines.get(p));
    m.insert(
        "pipeline_name".into(),
        pipeline
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "pipeline_deal_probability".into(),
        pipeline
            .map(|p| get_bool(p, "deal_probability"))
            .unwrap_or(false)
            .into(),
    );
    m
}

/// A user, with `is_you` for the token's owner.
pub(crate) fn render_user(s: &Store, u: &Rec) -> Value {
    let mut m = u.clone();
    m.insert("is_you".into(), (get_id(u, "id") == Some(s.me)).into());
    Value::Object(m)
}
