//! Changing deals: checking and applying a create or update body (status, stage,
//! value, custom fields), a new deal's defaults, soft deletes and merges.
use crate::api::fields;
use crate::api::{
    ApiError, check_org, check_person, check_user, in_date, in_id, in_num, in_text, in_visible_to,
    now,
};
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{get_bool, get_id, get_str, is_datetime, num};
use serde_json::{Map, Value, json};

const STATUSES: &[&str] = &["open", "won", "lost", "deleted"];

/// Checks `b` and writes it into `rec` (a new deal when `creating`).
pub(crate) fn apply(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "title")? {
        Some(Some(title)) if !title.trim().is_empty() => {
            rec.insert("title".into(), title.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Deal title must be given.")),
    }
    if let Some(v) = in_num(b, "value")? {
        rec.insert("value".into(), num(v.unwrap_or(0.0)));
    }
    if let Some(c) = in_text(b, "currency")? {
        let c = c.unwrap_or_default().trim().to_ascii_uppercase();
        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(ApiError::bad(format!(
                "Invalid currency '{c}': use a 3-letter currency code"
            )));
        }
        rec.insert("currency".into(), c.into());
    }
    match in_id(b, "user_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("user_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'user_id' cannot be empty")),
        None => {}
    }
    if let Some(p) = in_id(b, "person_id")? {
        if let Some(p) = p {
            check_person(s, p)?;
        }
        rec.insert(
            "person_id".into(),
            p.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(o) = in_id(b, "org_id")? {
        if let Some(o) = o {
            check_org(s, o)?;
        }
        rec.insert("org_id".into(), o.map(Value::from).unwrap_or(Value::Null));
    }
    let old_stage = get_id(rec, "stage_id");
    let new_stage =
        match (in_id(b, "stage_id")?, in_id(b, "pipeline_id")?) {
            (Some(Some(st)), _) => {
                let ok_stage = s.stages.get(st).filter(|x| get_bool(x, "active_flag"));
                if ok_stage.is_none() {
                    return Err(ApiError::bad(format!("Stage with ID {st} not found")));
                }
                Some(st)
            }
            (_, Some(Some(p))) => {
                if !s.pipeline_is_live(p) {
                    return Err(ApiError::bad(format!("Pipeline with ID {p} not found")));
                }
                // Moving to another pipeline lands in its first stage.
                let current_pipeline = get_id(rec, "pipeline_id");
                if !creating && current_pipeline == Some(p) {
                    old_stage
                } else {
                    Some(s.first_stage(p).ok_or_else(|| {
                        ApiError::bad(format!("Pipeline with ID {p} has no stages"))
                    })?)
                }
            }
            // A new deal without either lands in the default pipeline's first stage.
            _ if creating => Some(
                s.default_pipeline()
                    .and_then(|p| s.first_stage(p))
                    .ok_or_else(|| ApiError::bad("The default pipeline has no stages"))?,
            ),
            _ => old_stage,
        };
    if let Some(st) = new_stage {
        rec.insert("stage_id".into(), st.into());
        let pipeline = s.stages.get(st).and_then(|x| get_id(x, "pipeline_id"));
        rec.insert(
            "pipeline_id".into(),
            pipeline.map(Value::from).unwrap_or(Value::Null),
        );
        if !creating && old_stage != Some(st) {
            rec.insert("stage_change_time".into(), t.into());
        }
    }
    if let Some(status) = in_text(b, "status")? {
        let status = status.unwrap_or_default();
        if !STATUSES.contains(&status.as_str()) {
            return Err(ApiError::bad(format!(
                "Invalid status '{status}': use open, won, lost or deleted"
            )));
        }
        let old = get_str(rec, "status").to_owned();
        if creating || old != status {
            set_status(rec, &status, t);
        }
    }
    if let Some(p) = in_num(b, "probability")? {
        if let Some(p) = p {
            if !(0.0..=100.0).contains(&p) {
                return Err(ApiError::bad(
                    "Parameter 'probability' must be between 0 and 100",
                ));
            }
        }
        rec.insert("probability".into(), p.map(num).unwrap_or(Value::Null));
    }
    if let Some(r) = in_text(b, "lost_reason")? {
        rec.insert(
            "lost_reason".into(),
            r.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    if let Some(d) = in_date(b, "expected_close_date")? {
        rec.insert(
            "expected_close_date".into(),
            d.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if creating {
        if let Some(Some(at)) = in_text(b, "add_time")? {
            if !is_datetime(&at) {
                return Err(ApiError::bad(
                    "Parameter 'add_time' must be in the format YYYY-MM-DD HH:MM:SS",
                ));
            }
            rec.insert("add_time".into(), at.into());
        }
    }
    if let Some(l) = b.get("label") {
        rec.insert("label".into(), l.clone());
    }
    fields::apply_custom(s, Entity::Deal, rec, b)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

fn set_status(rec: &mut Rec, status: &str, t: &str) {
    rec.insert("status".into(), status.into());
    match status {
        "won" => {
            rec.insert("won_time".into(), t.into());
            rec.insert("close_time".into(), t.into());
            rec.insert("lost_time".into(), Value::Null);
            if rec.get("first_won_time").is_none_or(Value::is_null) {
                rec.insert("first_won_time".into(), t.into());
            }
        }
        "lost" => {
            rec.insert("lost_time".into(), t.into());
            rec.insert("close_time".into(), t.into());
            rec.insert("won_time".into(), Value::Null);
        }
        "open" => {
            rec.insert("close_time".into(), Value::Null);
            rec.insert("won_time".into(), Value::Null);
            rec.insert("lost_time".into(), Value::Null);
        }
        _ => {}
    }
}

pub(crate) fn new_deal(s: &Store, t: &str) -> Rec {
    obj(json!({
        "creator_user_id": s.me,
        "user_id": s.me,
        "person_id": null,
        "org_id": null,
        "stage_id": null,
        "pipeline_id": null,
        "title": null,
        "value": 0,
        "currency": s.users.get(s.me).map(|u| get_str(u, "default_currency").to_owned()).unwrap_or_else(|| "USD".to_owned()),
        "add_time": t,
        "update_time": t,
        "stage_change_time": null,
        "status": "open",
        "probability": null,
        "lost_reason": null,
        "visible_to": "3",
        "close_time": null,
        "won_time": null,
        "first_won_time": null,
        "lost_time": null,
        "expected_close_date": null,
        "label": null,
    }))
}

pub(crate) fn mark_deleted(s: &mut Store, id: u64, t: &str) {
    if let Some(d) = s.deals.get_mut(id) {
        d.insert("status".into(), "deleted".into());
        d.insert("update_time".into(), t.into());
    }
}

/// Moves everything of deal `from` onto `into` and removes `from`.
pub(super) fn merge(s: &mut Store, from: u64, into: u64) {
    for table in [
        &mut s.activities,
        &mut s.deal_products,
        &mut s.participants,
        &mut s.installments,
        &mut s.discounts,
    ] {
        for rec in table.rows.values_mut() {
            if get_id(rec, "deal_id") == Some(from) {
                rec.insert("deal_id".into(), into.into());
            }
        }
    }
    for f in s.followers.rows.values_mut() {
        if get_str(f, "kind") == "deal" && get_id(f, "item_id") == Some(from) {
            f.insert("item_id".into(), into.into());
        }
    }
    s.deals.rows.remove(&from);
    let t = now();
    if let Some(d) = s.deals.get_mut(into) {
        d.insert("update_time".into(), t.into());
    }
}
