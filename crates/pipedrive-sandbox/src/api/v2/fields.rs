//! `/v2/dealFields`, `/v2/personFields`, `/v2/organizationFields`, `/v2/productFields`,
//! `/v2/projectFields` (list, get, add, PATCH, delete, options) and `/v2/activityFields`
//! (list, get), on the field tables v1's `/v1/dealFields` uses (projects: v2 only). v2 names a field by `field_code` (v1's `key`,
//! with v2's names for the few standard fields v2 renames) and `field_name`; the UI
//! settings only v2 has are kept beside v1's flags as `v2_*` keys, which v1 does not show.
use super::{cursor_page, cursor_reply};
use crate::api::fields::{ACTIVITY_FIELDS, number_options, read_options};
use crate::api::{ApiError, R, Reply, body, envelope, in_text, now, ok, unknown};
use crate::http::Request;
use crate::store::{Entity, Rec, Store, field_record};
use crate::util::{fmt_time, get_bool, get_str};
use serde_json::{Map, Value, json};

/// The field types a v2 custom field may have.
const NEW_TYPES: &[&str] = &[
    "varchar",
    "text",
    "double",
    "phone",
    "date",
    "daterange",
    "time",
    "timerange",
    "set",
    "enum",
    "varchar_auto",
    "address",
    "monetary",
    "org",
    "people",
    "user",
];

/// Standard fields v2 names otherwise: (whose, v1 key, v2 code).
const RENAMES: &[(Option<Entity>, &str, &str)] = &[
    (Some(Entity::Deal), "user_id", "owner_id"),
    (Some(Entity::Deal), "label", "label_ids"),
    (Some(Entity::Person), "email", "emails"),
    (Some(Entity::Person), "phone", "phones"),
    (Some(Entity::Person), "label", "label_ids"),
    (Some(Entity::Org), "label", "label_ids"),
    (Some(Entity::Product), "selectable", "is_linkable"),
    (Some(Entity::Project), "label", "label_ids"),
    (None, "user_id", "owner_id"),
];

/// The address parts v2 lists as an address field's subfields: code and name.
const ADDRESS_PARTS: &[(&str, &str)] = &[
    ("value", "Address value"),
    ("street_number", "House number"),
    ("route", "Street/road name"),
    ("subpremise", "Apartment/suite"),
    ("locality", "District"),
    ("admin_area_level_1", "State/province"),
    ("admin_area_level_2", "County"),
    ("country", "Country"),
    ("postal_code", "Postal code"),
    ("formatted_address", "Formatted address"),
];

fn code_of(set: Option<Entity>, key: &str) -> String {
    RENAMES
        .iter()
        .find(|(e, k, _)| *e == set && *k == key)
        .map_or(key, |(_, _, code)| *code)
        .to_owned()
}

/// What `include_fields` adds: the UI settings, and for deals, persons and
/// organizations the important and required field settings.
#[derive(Debug, Clone, Copy, Default)]
struct Extras {
    ui: bool,
    important: bool,
    required: bool,
}

fn extras(req: &Request, set: Option<Entity>) -> Result<Extras, ApiError> {
    let mut x = Extras::default();
    let staged = matches!(
        set,
        Some(Entity::Deal | Entity::Person | Entity::Org | Entity::Project)
    );
    for part in req
        .q("include_fields")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
    {
        match part {
            "" => {}
            "ui_visibility" => x.ui = true,
            "important_fields" if staged => x.important = true,
            "required_fields" if staged => x.required = true,
            other => {
                return Err(ApiError::bad(format!(
                    "Parameter 'include_fields' has an unknown value '{other}'"
                )));
            }
        }
    }
    Ok(x)
}

/// The field records of a set, active ones only; activity fields are made on the fly.
fn records(s: &Store, set: Option<Entity>) -> Vec<Rec> {
    match set {
        Some(e) => s
            .fields(e)
            .rows
            .values()
            .filter(|f| get_bool(f, "active_flag"))
            .cloned()
            .collect(),
        None => {
            let t = fmt_time(s.epoch - 400 * 86_400);
            ACTIVITY_FIELDS
                .iter()
                .enumerate()
                .map(|(i, (k, n, ty))| field_record(k, n, ty, i + 1, &t, s.me, false, Value::Null))
                .collect()
        }
    }
}

/// A field in v2's shape (`extras` adds what `include_fields` asked for).
fn render(f: &Rec, set: Option<Entity>, x: Extras) -> Value {
    let code = code_of(set, get_str(f, "key"));
    let name = get_str(f, "name");
    // v2 calls v1's product `price` field type `price_list`.
    let ty = match get_str(f, "field_type") {
        "price" => "price_list",
        other => other,
    };
    let options = match f.get("options") {
        Some(Value::Array(o)) => Value::Array(o.iter().map(option).collect()),
        _ => Value::Null,
    };
    let sub =
        |c: &str, n: &str, t: &str| json!({ "field_code": c, "field_name": n, "field_type": t });
    let subfields = match ty {
        "monetary" => json!([
            sub(&code, &format!("Amount of {name}"), "double"),
            sub(
                &format!("{code}_currency"),
                &format!("Currency of {name}"),
                "varchar"
            ),
        ]),
        "address" => Value::Array(
            ADDRESS_PARTS
                .iter()
                .map(|(c, n)| sub(c, &format!("{n} of {name}"), "varchar"))
                .collect(),
        ),
        _ => Value::Null,
    };
    let mut m = Map::new();
    m.insert("field_name".into(), name.into());
    m.insert("field_code".into(), code.into());
    // A description is text when there is one, and absent otherwise.
    if let Some(d) = f.get("v2_description").filter(|d| d.is_string()) {
        m.insert("description".into(), d.clone());
    }
    m.insert("field_type".into(), ty.into());
    m.insert("options".into(), options);
    m.insert("subfields".into(), subfields);
    m.insert("is_custom_field".into(), get_bool(f, "edit_flag").into());
    m.insert("is_optional_response_field".into(), false.into());
    if x.ui {
        m.insert("ui_visibility".into(), ui_visibility(f, set));
    }
    if x.important {
        let given = f.get("v2_important_fields").cloned();
        let v = given.unwrap_or_else(|| json!({ "enabled": false, "stage_ids": [] }));
        m.insert("important_fields".into(), v);
    }
    if x.required {
        let given = f.get("v2_required_fields").cloned();
        let v =
            given.unwrap_or_else(|| json!({ "enabled": false, "stage_ids": [], "statuses": {} }));
        m.insert("required_fields".into(), v);
    }
    Value::Object(m)
}

/// An option in v2's shape (the sandbox keeps no colours or option times).
fn option(o: &Value) -> Value {
    json!({
        "id": o.get("id"),
        "label": o.get("label"),
        "color": null,
        "update_time": null,
        "add_time": null,
    })
}

/// The UI settings of a field: v1's two flags, what each set adds, and what v2 set.
fn ui_visibility(f: &Rec, set: Option<Entity>) -> Value {
    let mut ui = json!({
        "add_visible_flag": get_bool(f, "add_visible_flag"),
        "details_visible_flag": get_bool(f, "details_visible_flag"),
    });
    match set {
        Some(Entity::Deal) => {
            ui["projects_detail_visible_flag"] = false.into();
            ui["show_in_pipelines"] = json!({ "show_in_all": true, "pipeline_ids": [] });
        }
        Some(Entity::Person) => {
            ui["show_in_add_deal_dialog"] = json!({ "show": false, "order": null });
        }
        Some(Entity::Org) => {
            for k in [
                "org_detail_visible_flag",
                "person_detail_visible_flag",
                "deal_detail_visible_flag",
            ] {
                ui[k] = true.into();
            }
            ui["show_in_add_deal_dialog"] = json!({ "show": false, "order": null });
            ui["show_in_add_person_dialog"] = json!({ "show": false, "order": null });
        }
        _ => {}
    }
    if let (Some(Value::Object(given)), Value::Object(m)) = (f.get("v2_ui_visibility"), &mut ui) {
        for (k, v) in given {
            m.insert(k.clone(), v.clone());
        }
    }
    ui
}

pub(super) fn get(s: &Store, req: &Request, set: Option<Entity>, rest: &[&str]) -> R {
    let x = extras(req, set)?;
    let all = records(s, set);
    match rest {
        [] => cursor_reply(&all, cursor_page(req)?, |f| render(f, set, x)),
        [code] => {
            let f = all
                .iter()
                .find(|f| code_of(set, get_str(f, "key")) == *code)
                .ok_or_else(|| ApiError::not_found("Field not found"))?;
            ok(render(f, set, x))
        }
        _ => Err(unknown()),
    }
}

/// The table id of the active field with this v2 code.
fn find(s: &Store, e: Entity, code: &str) -> Result<u64, ApiError> {
    s.fields(e)
        .rows
        .iter()
        .find(|(_, f)| get_bool(f, "active_flag") && code_of(Some(e), get_str(f, "key")) == code)
        .map(|(id, _)| *id)
        .ok_or_else(|| ApiError::not_found("Field not found"))
}

/// Every extra a write answers with: what was written shows.
const ALL: Extras = Extras {
    ui: true,
    important: true,
    required: true,
};

fn answer_field(s: &Store, e: Entity, id: u64) -> R {
    let f = s.fields(e).get(id).cloned().unwrap_or_default();
    let staged = !matches!(e, Entity::Product);
    let x = Extras {
        important: staged,
        required: staged,
        ..ALL
    };
    ok(render(&f, Some(e), x))
}

pub(super) fn write(s: &mut Store, req: &Request, m: &str, e: Entity, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let name = match in_text(&b, "field_name")? {
                Some(Some(n)) if !n.trim().is_empty() => n,
                _ => return Err(ApiError::bad("Parameter 'field_name' is required")),
            };
            let ty = b.get("field_type").and_then(Value::as_str).unwrap_or("");
            if !NEW_TYPES.contains(&ty) {
                return Err(ApiError::bad(format!(
                    "Parameter 'field_type' must be one of: {}",
                    NEW_TYPES.join(", ")
                )));
            }
            let options = match (ty, b.get("options")) {
                ("enum" | "set", Some(o)) => number_options(s, read_options(o)?, &[])?,
                ("enum" | "set", None) => {
                    return Err(ApiError::bad(
                        "Options are required for enum and set fields",
                    ));
                }
                _ => Value::Null,
            };
            let key = s.rng.hex40();
            let order = s.fields(e).rows.len() + 1;
            let mut rec = field_record(&key, &name, ty, order, &now(), s.me, true, options);
            settings(&mut rec, &b)?;
            let id = s.fields_mut(e).insert(rec);
            answer_field(s, e, id)
        }
        ("PATCH", [code]) => {
            let id = find(s, e, code)?;
            let b = body(req)?;
            let mut rec = s.fields(e).get(id).cloned().unwrap_or_default();
            if let Some(n) = in_text(&b, "field_name")? {
                match n {
                    Some(n) if !n.trim().is_empty() && get_bool(&rec, "edit_flag") => {
                        rec.insert("name".into(), n.into());
                    }
                    Some(n) if !n.trim().is_empty() => {
                        return Err(ApiError::bad("A standard field cannot be renamed"));
                    }
                    _ => return Err(ApiError::bad("Parameter 'field_name' cannot be empty")),
                }
            }
            settings(&mut rec, &b)?;
            rec.insert("update_time".into(), now().into());
            s.fields_mut(e).rows.insert(id, rec);
            answer_field(s, e, id)
        }
        ("DELETE", [code]) => {
            let id = find(s, e, code)?;
            let Some(f) = s.fields_mut(e).get_mut(id) else {
                return Err(ApiError::not_found("Field not found"));
            };
            if !get_bool(f, "edit_flag") {
                return Err(ApiError::bad("A standard field cannot be deleted"));
            }
            f.insert("active_flag".into(), false.into());
            f.insert("update_time".into(), now().into());
            let f = f.clone();
            ok(render(&f, Some(e), Extras::default()))
        }
        (_, [code, "options"]) => options(s, req, m, e, code),
        _ => Err(unknown()),
    }
}

/// The UI, important and required settings and the description of a v2 body.
fn settings(rec: &mut Rec, b: &Map<String, Value>) -> Result<(), ApiError> {
    for k in ["ui_visibility", "important_fields", "required_fields"] {
        match b.get(k) {
            None => {}
            Some(Value::Object(given)) => {
                if k == "ui_visibility" {
                    for flag in ["add_visible_flag", "details_visible_flag"] {
                        if let Some(v) = given.get(flag) {
                            let on = v.as_bool().ok_or_else(|| {
                                ApiError::bad(format!("Parameter '{k}.{flag}' must be a boolean"))
                            })?;
                            rec.insert(flag.into(), on.into());
                        }
                    }
                }
                let mut merged = match rec.get(&format!("v2_{k}")) {
                    Some(Value::Object(m)) => m.clone(),
                    _ => Map::new(),
                };
                merged.extend(given.clone());
                rec.insert(format!("v2_{k}"), Value::Object(merged));
            }
            Some(_) => return Err(ApiError::bad(format!("Parameter '{k}' must be an object"))),
        }
    }
    if let Some(d) = in_text(b, "description")? {
        rec.insert("v2_description".into(), d.map_or(Value::Null, Value::from));
    }
    Ok(())
}

/// `POST|PATCH|DELETE /{set}/{code}/options`: adds labels, relabels by id or removes by
/// id; answers the options it touched.
fn options(s: &mut Store, req: &Request, m: &str, e: Entity, code: &str) -> R {
    let id = find(s, e, code)?;
    let rec = s.fields(e).get(id).cloned().unwrap_or_default();
    if !matches!(get_str(&rec, "field_type"), "enum" | "set") {
        return Err(ApiError::bad("Only enum and set fields have options"));
    }
    let given: Vec<Map<String, Value>> = match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Array(items)) if !items.is_empty() => items
            .into_iter()
            .map(|i| match i {
                Value::Object(o) => Ok(o),
                _ => Err(ApiError::bad("Every option must be an object")),
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(ApiError::bad(
                "The body must be a non-empty array of options",
            ));
        }
    };
    let mut current: Vec<Value> = match rec.get("options") {
        Some(Value::Array(o)) => o.clone(),
        _ => Vec::new(),
    };
    let id_of = |o: &Map<String, Value>| o.get("id").and_then(Value::as_u64);
    let position = |current: &[Value], want: Option<u64>| {
        current
            .iter()
            .position(|c| want.is_some() && c.get("id").and_then(Value::as_u64) == want)
            .ok_or_else(|| ApiError::bad("Option not found on this field"))
    };
    let touched: Vec<Value> = match m {
        "POST" => {
            let labels = given.into_iter().map(Value::Object).collect();
            let added = number_options(s, labels, &[])?;
            let added = added.as_array().cloned().unwrap_or_default();
            current.extend(added.iter().cloned());
            added
        }
        "PATCH" => {
            let mut out = Vec::new();
            for o in &given {
                let at = position(&current, id_of(o))?;
                let label = o
                    .get("label")
                    .and_then(Value::as_str)
                    .filter(|l| !l.trim().is_empty())
                    .ok_or_else(|| ApiError::bad("Every option needs a non-empty 'label'"))?;
                current[at]["label"] = label.into();
                out.push(current[at].clone());
            }
            out
        }
        "DELETE" => {
            let mut out = Vec::new();
            for o in &given {
                let at = position(&current, id_of(o))?;
                out.push(current.remove(at));
            }
            out
        }
        _ => return Err(unknown()),
    };
    if let Some(f) = s.fields_mut(e).get_mut(id) {
        f.insert("options".into(), Value::Array(current));
        f.insert("update_time".into(), now().into());
    }
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(Value::Array(touched), Some(Value::Null), None),
    })
}
