//! `/v2/stages` (read and written through the v1 checks, `stages::apply_stage`) and
//! `/v2/pipelines` (read; the sandbox's one pipeline is fixed). v2's
//! `is_deal_rot_enabled` and `days_to_rotten` are v1's `rotten_flag` and `rotten_days`.
use super::family::{Family, no_v2_only};
use super::rfc3339;
use crate::api::ApiError;
use crate::api::admin::deactivate;
use crate::api::admin::stages::apply_stage;
use crate::store::{CustomField, Rec, new_stage};
use crate::util::get_bool;
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
    },
    render: render_stage,
    follower_kind: None,
};

pub(super) const PIPELINES: Family = Family {
    entity: None,
    what: "Pipeline",
    table: |s| &s.pipelines,
    table_mut: |s| &mut s.pipelines,
    new_record: |_, _| Map::new(),
    apply: |_, _, _, _, _| Err(ApiError::bad("The sandbox's pipeline cannot be changed")),
    shared: &[],
    renames: &[],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[],
    deleted: |_| false,
    delete: |_, _, _| {},
    render: render_pipeline,
    follower_kind: None,
};

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
