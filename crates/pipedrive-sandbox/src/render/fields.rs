//! Fields several record families render the same way: custom field values, the
//! next and last activity of an item, and the `first_char` of a name.
use super::stats::ActStats;
use crate::store::{CustomField, Rec, Store};
use serde_json::{Map, Value};

/// Appends custom field values (null when unset) in field order.
pub(crate) fn put_custom(m: &mut Map<String, Value>, rec: &Rec, fields: &[CustomField]) {
    for f in fields {
        m.insert(
            f.key.clone(),
            rec.get(&f.key).cloned().unwrap_or(Value::Null),
        );
        for suffix in crate::api::fields::companions(&f.field_type) {
            let ck = format!("{}_{suffix}", f.key);
            m.insert(ck.clone(), rec.get(&ck).cloned().unwrap_or(Value::Null));
        }
    }
}

pub(super) fn act_fields(s: &Store, m: &mut Map<String, Value>, a: Option<&ActStats>) {
    let next = a
        .and_then(|a| a.next.as_ref())
        .and_then(|(_, _, id)| s.activities.get(*id));
    let last = a.and_then(|a| a.last.as_ref());
    m.insert(
        "next_activity_date".into(),
        next.and_then(|n| n.get("due_date").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "next_activity_time".into(),
        next.and_then(|n| n.get("due_time").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "next_activity_id".into(),
        next.and_then(|n| n.get("id").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "last_activity_id".into(),
        last.map(|(_, _, id)| Value::from(*id))
            .unwrap_or(Value::Null),
    );
    m.insert(
        "last_activity_date".into(),
        last.map(|(d, _, _)| Value::from(d.clone()))
            .unwrap_or(Value::Null),
    );
}

pub(super) fn first_char(name: &str) -> Value {
    name.chars()
        .next()
        .map(|c| Value::from(c.to_lowercase().collect::<String>()))
        .unwrap_or(Value::Null)
}
