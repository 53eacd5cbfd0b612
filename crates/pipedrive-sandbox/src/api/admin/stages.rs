//! `/stages` and `/pipelines`: stages listed (per pipeline, with their deal totals),
//! created, updated and deactivated; a stage's deals; pipelines read (v2 writes them).
use super::deactivate;
use crate::api::deals;
use crate::api::{
    ApiError, R, body, bulk_ids, cmp_values, in_flag, in_id, in_num, in_text, now, ok, path_id,
    unknown,
};
use crate::http::Request;
use crate::render::render_stage;
use crate::store::{Rec, Store};
use crate::util::{as_bool, fmt_money, get_bool, get_f64, get_id, get_str, num};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// `everyone=1` widens stage views from the token's user to every user.
fn owner_scope(s: &Store, req: &Request) -> Result<Option<u64>, ApiError> {
    if req.q("everyone").and_then(|v| as_bool(&Value::from(v))) == Some(true) {
        return Ok(None);
    }
    match req.q("user_id").map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ApiError::bad("Parameter 'user_id' must be an integer")),
        None => Ok(Some(s.me)),
    }
}

pub(crate) fn get_stage(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => {
            let pipeline = match req
                .q("pipeline_id")
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                Some(v) => Some(
                    v.parse::<u64>()
                        .map_err(|_| ApiError::bad("Parameter 'pipeline_id' must be an integer"))?,
                ),
                None => None,
            };
            let mut list: Vec<&Rec> = s
                .stages
                .rows
                .values()
                .filter(|st| get_bool(st, "active_flag"))
                .filter(|st| pipeline.is_none_or(|p| get_id(st, "pipeline_id") == Some(p)))
                .collect();
            list.sort_by(|a, b| {
                cmp_values(a.get("pipeline_id"), b.get("pipeline_id"))
                    .then_with(|| cmp_values(a.get("order_nr"), b.get("order_nr")))
            });
            ok(Value::Array(
                list.iter()
                    .map(|st| Value::Object(render_stage(s, st)))
                    .collect(),
            ))
        }
        [id] => {
            let id = path_id(id, "Stage")?;
            let st = s
                .stages
                .get(id)
                .ok_or_else(|| ApiError::not_found("Stage not found"))?;
            let scope = owner_scope(s, req)?;
            let mut m = render_stage(s, st);
            m.insert("deals_summary".into(), stage_summary(s, id, scope));
            ok(Value::Object(m))
        }
        [id, "deals"] => {
            let id = path_id(id, "Stage")?;
            if s.stages.get(id).is_none() {
                return Err(ApiError::not_found("Stage not found"));
            }
            let scope = owner_scope(s, req)?;
            let all = deals::read::filtered(s, req, |d| {
                get_id(d, "stage_id") == Some(id)
                    && get_str(d, "status") == "open"
                    && scope.is_none_or(|u| get_id(d, "user_id") == Some(u))
            })?;
            deals::read::deal_page(s, req, &all)
        }
        _ => Err(unknown()),
    }
}

fn stage_summary(s: &Store, stage: u64, scope: Option<u64>) -> Value {
    let prob = s
        .stages
        .get(stage)
        .map(|st| get_f64(st, "deal_probability"))
        .unwrap_or(100.0);
    let mut per: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    for d in s.deals.rows.values() {
        if get_id(d, "stage_id") != Some(stage) || get_str(d, "status") != "open" {
            continue;
        }
        if scope.is_some_and(|u| get_id(d, "user_id") != Some(u)) {
            continue;
        }
        let e = per.entry(get_str(d, "currency").to_owned()).or_default();
        e.0 += 1;
        e.1 += get_f64(d, "value");
    }
    let mut per_stage = Map::new();
    let mut per_currency = Map::new();
    let mut full = Map::new();
    let mut total = 0;
    for (cur, (count, value)) in &per {
        let weighted = value * prob / 100.0;
        per_stage.insert(
            cur.clone(),
            json!({
                "count": count,
                "value": num(*value),
                "value_formatted": fmt_money(*value, cur),
                "weighted_value": num(crate::util::round2(weighted)),
                "weighted_value_formatted": fmt_money(weighted, cur),
            }),
        );
        per_currency.insert(cur.clone(), (*count).into());
        full.insert(cur.clone(), json!({"count": count, "value": num(*value)}));
        total += count;
    }
    let mut stages = Map::new();
    stages.insert(stage.to_string(), Value::Object(per_stage));
    json!({
        "per_stages": stages,
        "per_currency": per_currency,
        "total_count": total,
        "per_currency_full": full,
    })
}

pub(crate) fn apply_stage(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("name".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'name' is required")),
    }
    match in_id(b, "pipeline_id")? {
        Some(Some(p)) => {
            if !s.pipeline_is_live(p) {
                return Err(ApiError::bad(format!("Pipeline with ID {p} not found")));
            }
            rec.insert("pipeline_id".into(), p.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'pipeline_id' is required")),
    }
    if let Some(p) = in_num(b, "deal_probability")? {
        let p = p.unwrap_or(100.0);
        if !(0.0..=100.0).contains(&p) {
            return Err(ApiError::bad(
                "Parameter 'deal_probability' must be between 0 and 100",
            ));
        }
        rec.insert("deal_probability".into(), num(p));
    }
    if let Some(f) = in_flag(b, "rotten_flag")? {
        rec.insert("rotten_flag".into(), f.into());
    }
    if let Some(d) = in_num(b, "rotten_days")? {
        rec.insert("rotten_days".into(), d.map(num).unwrap_or(Value::Null));
    }
    if let Some(o) = in_num(b, "order_nr")? {
        rec.insert("order_nr".into(), o.map(num).unwrap_or(Value::Null));
    }
    rec.insert("update_time".into(), now().into());
    Ok(())
}

pub(crate) fn write_stage(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = crate::store::new_stage(s, &t);
            apply_stage(s, &mut rec, &b, true)?;
            let id = s.stages.insert(rec);
            let data = s
                .stages
                .get(id)
                .map(|st| Value::Object(render_stage(s, st)))
                .unwrap_or(Value::Null);
            ok(data)
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Stage")?;
            let mut rec = s
                .stages
                .get(id)
                .filter(|st| get_bool(st, "active_flag"))
                .cloned()
                .ok_or_else(|| ApiError::not_found("Stage not found"))?;
            let b = body(req)?;
            apply_stage(s, &mut rec, &b, false)?;
            let data = Value::Object(render_stage(s, &rec));
            s.stages.rows.insert(id, rec);
            ok(data)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found = deactivate(&mut s.stages, &ids);
            if found.is_empty() {
                return Err(ApiError::not_found("Stages not found"));
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Stage")?;
            if deactivate(&mut s.stages, &[id]).is_empty() {
                return Err(ApiError::not_found("Stage not found"));
            }
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}

pub(crate) fn get_pipeline(s: &Store, rest: &[&str]) -> R {
    match rest {
        // Deleted pipelines (v2 deletes them) are left out of the list.
        [] => ok(Value::Array(
            s.pipelines
                .rows
                .values()
                .filter(|p| get_bool(p, "active"))
                .map(|p| Value::Object(p.clone()))
                .collect(),
        )),
        [id] => {
            let id = path_id(id, "Pipeline")?;
            s.pipelines
                .get(id)
                .map(|p| ok(Value::Object(p.clone())))
                .unwrap_or_else(|| Err(ApiError::not_found("Pipeline not found")))
        }
        _ => Err(unknown()),
    }
}
