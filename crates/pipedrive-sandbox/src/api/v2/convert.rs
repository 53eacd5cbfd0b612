//! Deal↔lead conversion (`/v2/deals/{id}/convert/lead`, `/v2/leads/{id}/convert/deal`)
//! and its status. The job runs at once: the new lead or deal is made through the v1
//! checks, the source is deleted (a deal marked so, a lead removed, as v1 deletes
//! leads), and the source's activities move to the new record. A source the checks
//! refuse (a deal with neither person nor organization cannot be a lead) leaves a
//! `failed` job and changes nothing.
use super::deal_products::existing_deal;
use crate::api::deals::edit::{apply as apply_deal, mark_deleted, new_deal};
use crate::api::leads::{apply as apply_lead, is_uuid, new_lead};
use crate::api::{ApiError, R, Reply, body, envelope, in_id, now, unknown};
use crate::http::Request;
use crate::store::{Rec, Store, obj};
use crate::util::{get_bool, get_id, get_str, is_custom_key};
use serde_json::{Map, Value, json};

/// A conversion answer: the record, `additional_data: null`.
fn answer(data: Value) -> R {
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(data, Some(Value::Null), None),
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Entity was not found")
}

/// The custom field values of a deal or lead (they share the deal fields), companions
/// included, for the record it becomes.
fn custom_values(from: &Rec, into: &mut Map<String, Value>) {
    for (k, v) in from {
        let base = k.split('_').next().unwrap_or(k);
        if is_custom_key(base) && !v.is_null() {
            into.insert(k.clone(), v.clone());
        }
    }
}

/// Records a finished job and answers its id.
fn job(s: &mut Store, kind: &str, deal: Option<u64>, lead: Option<String>, done: bool) -> R {
    let conversion_id = s.rng.uuid();
    s.conversions.push(obj(json!({
        "kind": kind,
        "conversion_id": conversion_id,
        "deal_id": deal,
        "lead_id": lead,
        "status": if done { "completed" } else { "failed" },
    })));
    answer(json!({ "conversion_id": conversion_id }))
}

/// `POST /deals/{id}/convert/lead`.
pub(super) fn deal_to_lead(s: &mut Store, _: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    if (m, rest) != ("POST", ["lead"].as_slice()) {
        return Err(unknown());
    }
    let deal_id = existing_deal(s, id).map_err(|_| not_found())?;
    let deal = s.deals.get(deal_id).cloned().unwrap_or_default();
    if get_str(&deal, "status") == "deleted" {
        return Err(not_found());
    }
    let field = |k: &str| deal.get(k).cloned().unwrap_or(Value::Null);
    let mut b = obj(json!({
        "title": field("title"),
        "owner_id": field("user_id"),
        "person_id": field("person_id"),
        "organization_id": field("org_id"),
        "expected_close_date": field("expected_close_date"),
    }));
    if let (Some(amount), Some(cur)) = (
        deal.get("value").filter(|v| v.is_number()),
        deal.get("currency").and_then(Value::as_str),
    ) {
        b.insert("value".into(), json!({ "amount": amount, "currency": cur }));
    }
    custom_values(&deal, &mut b);
    let mut lead = new_lead(s);
    if apply_lead(s, &mut lead, &b, true).is_err() {
        return job(s, "deal", Some(deal_id), None, false);
    }
    let lead_id = get_str(&lead, "id").to_owned();
    s.leads.push(lead);
    mark_deleted(s, deal_id, &now());
    for a in s.activities.rows.values_mut() {
        if get_id(a, "deal_id") == Some(deal_id) {
            a.insert("deal_id".into(), Value::Null);
            a.insert("lead_id".into(), lead_id.clone().into());
        }
    }
    job(s, "deal", Some(deal_id), Some(lead_id), true)
}

/// `POST /leads/{id}/convert/deal`: into the given stage, or the first stage of the given
/// pipeline, or the first stage of the default pipeline.
pub(super) fn lead_to_deal(s: &mut Store, req: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    if (m, rest) != ("POST", ["deal"].as_slice()) {
        return Err(unknown());
    }
    if !is_uuid(id) {
        return Err(not_found());
    }
    let Some(i) = s.lead_index(id) else {
        return Err(not_found());
    };
    let b = if req.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        body(req)?
    };
    if let Some(k) = b
        .keys()
        .find(|k| !["stage_id", "pipeline_id"].contains(&k.as_str()))
    {
        return Err(ApiError::bad(format!("Unknown parameter '{k}'")));
    }
    let stage = in_id(&b, "stage_id")?.flatten();
    let pipeline = in_id(&b, "pipeline_id")?.flatten();
    if let Some(st) = stage {
        if !s.stages.get(st).is_some_and(|x| get_bool(x, "active_flag")) {
            return Err(ApiError::bad(format!("Stage with ID {st} not found")));
        }
    } else if let Some(p) = pipeline {
        if !s.pipeline_is_live(p) {
            return Err(ApiError::bad(format!("Pipeline with ID {p} not found")));
        }
    }
    let lead = s.leads.get(i).cloned().unwrap_or_default();
    let field = |k: &str| lead.get(k).cloned().unwrap_or(Value::Null);
    let mut v1 = obj(json!({
        "title": field("title"),
        "user_id": field("owner_id"),
        "person_id": field("person_id"),
        "org_id": field("organization_id"),
        "expected_close_date": field("expected_close_date"),
    }));
    if let Some(value) = lead.get("value").filter(|v| v.is_object()) {
        v1.insert(
            "value".into(),
            value.get("amount").cloned().unwrap_or(Value::Null),
        );
        v1.insert(
            "currency".into(),
            value.get("currency").cloned().unwrap_or(Value::Null),
        );
    }
    match (stage, pipeline) {
        (Some(st), _) => v1.insert("stage_id".into(), st.into()),
        (None, Some(p)) => v1.insert("pipeline_id".into(), p.into()),
        (None, None) => None,
    };
    custom_values(&lead, &mut v1);
    let t = now();
    let mut deal = new_deal(s, &t);
    let lead_id = id.to_owned();
    if apply_deal(s, &mut deal, &v1, true, &t).is_err() {
        return job(s, "lead", None, Some(lead_id), false);
    }
    let deal_id = s.deals.insert(deal);
    s.leads.remove(i);
    for a in s.activities.rows.values_mut() {
        if get_str(a, "lead_id") == lead_id {
            a.insert("lead_id".into(), Value::Null);
            a.insert("deal_id".into(), deal_id.into());
        }
    }
    job(s, "lead", Some(deal_id), Some(lead_id), true)
}

/// The job of `kind` whose source (`key`) is `source`, by conversion id.
fn status(s: &Store, kind: &str, key: &str, source: &Value, rest: &[&str]) -> R {
    let ["status", conversion] = rest else {
        return Err(unknown());
    };
    let found = s.conversions.iter().find(|c| {
        get_str(c, "kind") == kind
            && get_str(c, "conversion_id") == *conversion
            && c.get(key) == Some(source)
    });
    let Some(c) = found else {
        return Err(not_found());
    };
    let field = |k: &str| c.get(k).cloned().unwrap_or(Value::Null);
    answer(json!({
        "lead_id": field("lead_id"),
        "deal_id": field("deal_id"),
        "conversion_id": field("conversion_id"),
        "status": field("status"),
    }))
}

/// `GET /deals/{id}/convert/status/{conversion_id}`.
pub(super) fn deal_status(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    let id = id.parse::<u64>().map_err(|_| not_found())?;
    status(s, "deal", "deal_id", &Value::from(id), rest)
}

/// `GET /leads/{id}/convert/status/{conversion_id}`.
pub(super) fn lead_status(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    status(s, "lead", "lead_id", &Value::from(id), rest)
}
