//! `/v2/persons` and `/v2/organizations` on the store v1 uses, through the v1 checks
//! (`contacts::apply_person`, `apply_org`). A person's `emails` and `phones` are v1's
//! `email` and `phone` lists; an organization's `address` object is v1's address text.
use super::family::{Family, label_ids, no_v2_only, visible_to};
use super::{custom_fields_out, rfc3339};
use crate::api::contacts::{apply_org, apply_person, soft_delete_many};
use crate::api::{ApiError, R, path_id, unknown};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store, new_org, new_person};
use crate::util::get_bool;
use serde_json::{Map, Value, json};

pub(super) const PERSONS: Family = Family {
    entity: Some(Entity::Person),
    what: "Person",
    table: |s| &s.persons,
    table_mut: |s| &mut s.persons,
    new_record: new_person,
    apply: apply_person,
    shared: &[
        "name",
        "owner_id",
        "org_id",
        "visible_to",
        "marketing_status",
    ],
    renames: &[("emails", "email"), ("phones", "phone")],
    translate: |_, _| Ok(()),
    v2_only: no_v2_only,
    filters: &[("owner_id", "owner_id"), ("org_id", "org_id")],
    deleted: |p| !get_bool(p, "active_flag"),
    delete: |s, id, _| {
        soft_delete_many(&mut s.persons, &[id]);
        Ok(())
    },
    created: 200,
    render: render_person,
    follower_kind: Some("person"),
};

pub(super) const ORGANIZATIONS: Family = Family {
    entity: Some(Entity::Org),
    what: "Organization",
    table: |s| &s.orgs,
    table_mut: |s| &mut s.orgs,
    new_record: new_org,
    apply: apply_org,
    shared: &["name", "owner_id", "visible_to"],
    renames: &[],
    translate: address_in,
    v2_only: no_v2_only,
    filters: &[("owner_id", "owner_id")],
    deleted: |o| !get_bool(o, "active_flag"),
    delete: |s, id, _| {
        soft_delete_many(&mut s.orgs, &[id]);
        Ok(())
    },
    created: 200,
    render: render_org,
    follower_kind: Some("org"),
};

/// A v2 `address` object as v1's address text (its `value`); null clears.
fn address_in(b: &Map<String, Value>, v1: &mut Map<String, Value>) -> Result<(), ApiError> {
    match b.get("address") {
        None => Ok(()),
        Some(Value::Null) => {
            v1.insert("address".into(), Value::Null);
            Ok(())
        }
        Some(Value::Object(a)) => {
            v1.insert(
                "address".into(),
                a.get("value").cloned().unwrap_or(Value::Null),
            );
            Ok(())
        }
        Some(_) => Err(ApiError::bad("Parameter 'address' must be an object")),
    }
}

fn render_person(p: &Rec, customs: &[CustomField]) -> Value {
    let field = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "name": field("name"),
        "first_name": field("first_name"),
        "last_name": field("last_name"),
        "owner_id": field("owner_id"),
        "org_id": field("org_id"),
        "add_time": rfc3339(p.get("add_time")),
        "update_time": rfc3339(p.get("update_time")),
        "emails": p.get("email").cloned().unwrap_or_else(|| json!([])),
        "phones": p.get("phone").cloned().unwrap_or_else(|| json!([])),
        "is_deleted": !get_bool(p, "active_flag"),
        "visible_to": visible_to(p),
        "label_ids": label_ids(p),
        "picture_id": null,
        "custom_fields": custom_fields_out(p, customs),
    })
}

fn render_org(o: &Rec, customs: &[CustomField]) -> Value {
    let field = |k: &str| o.get(k).cloned().unwrap_or(Value::Null);
    let address = match o.get("address") {
        Some(Value::String(a)) if !a.is_empty() => json!({ "value": a }),
        _ => Value::Null,
    };
    json!({
        "id": field("id"),
        "name": field("name"),
        "owner_id": field("owner_id"),
        "add_time": rfc3339(o.get("add_time")),
        "update_time": rfc3339(o.get("update_time")),
        "is_deleted": !get_bool(o, "active_flag"),
        "visible_to": visible_to(o),
        "address": address,
        "label_ids": label_ids(o),
        "custom_fields": custom_fields_out(o, customs),
    })
}

/// `GET /persons/{id}/picture`. The sandbox keeps no person pictures (no route uploads
/// one), so a person that exists answers 404 like one without a picture; an unknown
/// person answers "Person not found".
pub(super) fn picture(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    let id = path_id(id, "Person")?;
    if s.persons.get(id).is_none() {
        return Err(ApiError::not_found("Person not found"));
    }
    if !rest.is_empty() {
        return Err(unknown());
    }
    Err(ApiError::not_found("The person has no picture"))
}
