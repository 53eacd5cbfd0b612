//! `/v2/stages` (read and written through the v1 checks, `stages::apply_stage`) and
//! `/v2/pipelines` (read and written here; v1's `/v1/pipelines` reads the same records).
//! v2's `is_deal_rot_enabled` and `days_to_rotten` are v1's `rotten_flag` and
//! `rotten_days`; `is_deal_probability_enabled` is a pipeline's `deal_probability`.
use super::family::{Family, no_v2_only};
use super::rfc3339;
use crate::api::admin::deactivate;
use crate::api::admin::stages::apply_stage;
use crate::api::{ApiError, in_text};
use crate::store::{CustomField, Rec, Store, new_stage, obj};
use crate::util::{get_bool, get_id, get_str, slug};
use serde_json::{Map, Value, json};

pub(super) const STAGES: Family = Family {
    entity: None,
    what: "Stage",
    table: |s| &s.stages,
    table_mut: |s| &mut s.stages,
    new_record: new_stage,
    apply: |s, rec, b, creating, _| apply_stage(s, rec, b, creating),
    shared: &["name", "pipeline_id", "deal_probability", "order_nr"],
    renames: &[
        ("is_deal_rot_enabled", "rotten_flag"),
        ("days_to_rotten", "rotten_days"),
    ],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[("pipeline_id", "pipeline_id")],
    deleted: |st| !get_bool(st, "active_flag"),
    delete: |s, id, _| {
        deactivate(&mut s.stages, &[id]);
        Ok(())
    },
    created: 200,
    render: render_stage,
    follower_kind: None,
};

/// Pipelines, written here (v1 only reads them). A new pipeline has no stages and comes
/// last in order; a deleted one is kept with `active: false` and its stages deactivated.
pub(super) const PIPELINES: Family = Family {
    entity: None,
    what: "Pipeline",
    table: |s| &s.pipelines,
    table_mut: |s| &mut s.pipelines,
    new_record: new_pipeline,
    apply: apply_pipeline,
    shared: &["name"],
    renames: &[("is_deal_probability_enabled", "deal_probability")],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[],
    deleted: |p| !get_bool(p, "active"),
    delete: delete_pipeline,
    created: 200,
    render: render_pipeline,
    follower_kind: None,
};

/// A pipeline with the API's defaults, ordered after the others.
fn new_pipeline(s: &Store, t: &str) -> Rec {
    let last = s
        .pipelines
        .rows
        .values()
        .filter_map(|p| get_id(p, "order_nr"))
        .max();
    obj(json!({
        "name": null,
        "url_title": null,
        "order_nr": last.map_or(0, |n| n + 1),
        "active": true,
        "deal_probability": false,
        "add_time": t,
        "update_time": t,
    }))
}

/// A pipeline's name (required, not blank) and its deal probability switch.
fn apply_pipeline(
    _: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() => {
            rec.insert("url_title".into(), slug(&n).replace('_', "-").into());
            rec.insert("name".into(), n.trim().into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'name' is required")),
    }
    match b.get("deal_probability") {
        None => {}
        Some(Value::Bool(on)) => {
            rec.insert("deal_probability".into(), (*on).into());
        }
        Some(_) => {
            return Err(ApiError::bad(
                "Parameter 'is_deal_probability_enabled' must be a boolean",
            ));
        }
    }
    rec.insert("update_time".into(), t.into());
    Ok(())
}

/// Deletes a pipeline and its stages. The contract says nothing of a pipeline's deals,
/// so one that still has deals (or the last live pipeline) is refused.
fn delete_pipeline(s: &mut Store, id: u64, t: &str) -> Result<(), ApiError> {
    if !s.pipeline_is_live(id) {
        return Err(ApiError::not_found("Pipeline not found"));
    }
    let deals = s
        .deals
        .rows
        .values()
        .filter(|d| get_id(d, "pipeline_id") == Some(id) && get_str(d, "status") != "deleted")
        .count();
    if deals > 0 {
        return Err(ApiError::bad(format!(
            "Pipeline {id} still has {deals} deal(s): move or delete them first"
        )));
    }
    if s.pipelines
        .rows
        .values()
        .filter(|p| get_bool(p, "active"))
        .count()
        < 2
    {
        return Err(ApiError::bad("The last pipeline cannot be deleted"));
    }
    let stages: Vec<u64> = s
        .stages
        .rows
        .values()
        .filter(|st| get_id(st, "pipeline_id") == Some(id))
        .filter_map(|st| get_id(st, "id"))
        .collect();
    deactivate(&mut s.stages, &stages);
    if let Some(p) = s.pipelines.get_mut(id) {
        p.insert("active".into(), false.into());
        p.insert("update_time".into(), t.into());
    }
    Ok(())
}

fn render_stage(st: &Rec, _: &[CustomField]) -> Value {
    let field = |k: &str| st.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "order_nr": field("order_nr"),
        "name": field("name"),
        "is_deleted": !get_bool(st, "active_flag"),
        "deal_probability": field("deal_probability"),
        "pipeline_id": field("pipeline_id"),
        "is_deal_rot_enabled": get_bool(st, "rotten_flag"),
        "days_to_rotten": field("rotten_days"),
        "add_time": rfc3339(st.get("add_time")),
        "update_time": rfc3339(st.get("update_time")),
    })
}

fn render_pipeline(p: &Rec, _: &[CustomField]) -> Value {
    let field = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "name": field("name"),
        "order_nr": field("order_nr"),
        "is_deleted": !get_bool(p, "active"),
        "is_deal_probability_enabled": get_bool(p, "deal_probability"),
        "add_time": rfc3339(p.get("add_time")),
        "update_time": rfc3339(p.get("update_time")),
    })
}
