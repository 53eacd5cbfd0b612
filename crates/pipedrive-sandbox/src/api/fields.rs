//! Field definitions (`/dealFields`, `/personFields`, `/organizationFields`,
//! `/productFields`, `/activityFields`) and custom field values on items.
use super::{
    ApiError, R, body, bulk_ids, in_flag, in_text, list_reply, now, ok, ok_status, page, path_id,
    slice, unknown,
};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store, field_record};
use crate::util::{as_f64, as_id, as_text, get_bool, get_str, is_clock, is_date, num};
use serde_json::{Map, Value, json};

const FIELD_TYPES: &[&str] = &[
    "address",
    "date",
    "daterange",
    "double",
    "enum",
    "monetary",
    "org",
    "people",
    "phone",
    "set",
    "text",
    "time",
    "timerange",
    "user",
    "varchar",
    "varchar_auto",
    "visible_to",
];

fn name_of(e: Entity) -> &'static str {
    match e {
        Entity::Deal => "Deal",
        Entity::Person => "Person",
        Entity::Org => "Organization",
        Entity::Product => "Product",
        Entity::Project => "Project",
    }
}

/// Checks and stores the custom field values present in `b`. Keys that look like custom
/// field keys but name no field of this entity are ignored, like the API does.
pub(crate) fn apply_custom(
    s: &Store,
    e: Entity,
    rec: &mut Rec,
    b: &Map<String, Value>,
) -> Result<(), ApiError> {
    apply_custom_fields(&s.custom_fields(e), rec, b)
}

pub(crate) fn apply_custom_fields(
    fields: &[CustomField],
    rec: &mut Rec,
    b: &Map<String, Value>,
) -> Result<(), ApiError> {
    for f in fields {
        if let Some(v) = b.get(&f.key) {
            let stored = custom_value(f, v)?;
            rec.insert(f.key.clone(), stored);
        }
        for suffix in companions(&f.field_type) {
            let ck = format!("{}_{suffix}", f.key);
            if let Some(v) = b.get(&ck) {
                rec.insert(ck, v.clone());
            }
        }
        if f.field_type == "address" {
            // Stands in for the geocoding: the formatted address is the text as given.
            if let Some(v) = b.get(&f.key) {
                let formatted = if v.as_str().is_some_and(|t| !t.is_empty()) {
                    v.clone()
                } else {
                    Value::Null
                };
                rec.insert(format!("{}_formatted_address", f.key), formatted);
            }
        }
    }
    Ok(())
}

/// The companion keys a field type writes after its key (`<key>_currency`, ...), which
/// the API stores and renders beside the value.
pub(crate) fn companions(field_type: &str) -> &'static [&'static str] {
    match field_type {
        "monetary" => &["currency"],
        "daterange" | "timerange" => &["until"],
        "address" => &["formatted_address"],
        _ => &[],
    }
}

fn custom_value(f: &CustomField, v: &Value) -> Result<Value, ApiError> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    if v.as_str().is_some_and(|s| s.is_empty()) {
        return Ok(Value::Null);
    }
    let bad = |what: &str| {
        ApiError::bad(format!(
            "Invalid value for custom field '{}': expected {what}",
            f.key
        ))
    };
    let option = |x: &Value| -> Result<u64, ApiError> {
        if let Some(id) = as_id(x) {
            if f.options.iter().any(|(o, _)| *o == id) {
                return Ok(id);
            }
        }
        if let Some(label) = x.as_str() {
            if let Some((id, _)) = f
                .options
                .iter()
                .find(|(_, l)| l.eq_ignore_ascii_case(label.trim()))
            {
                return Ok(*id);
            }
        }
        Err(bad("one of the field's option ids"))
    };
    match f.field_type.as_str() {
        "double" | "monetary" => as_f64(v).map(num).ok_or_else(|| bad("a number")),
        "enum" => Ok(Value::from(option(v)?.to_string())),
        "set" => {
            let parts: Vec<Value> = match v {
                Value::Array(a) => a.clone(),
                Value::String(s) => s.split(',').map(|p| Value::from(p.trim())).collect(),
                other => vec![other.clone()],
            };
            let ids = parts
                .iter()
                .map(|p| option(p).map(|id| id.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::from(ids.join(",")))
        }
        "date" => match v.as_str() {
            Some(d) if is_date(d) => Ok(v.clone()),
            _ => Err(bad("a date YYYY-MM-DD")),
        },
        "daterange" => match v.as_str() {
            Some(d) if is_date(d) => Ok(v.clone()),
            _ => Err(bad("a date YYYY-MM-DD")),
        },
        "time" | "timerange" => match v.as_str() {
            Some(t) if is_clock(t, true) => Ok(v.clone()),
            _ => Err(bad("a time HH:MM:SS")),
        },
        "user" | "org" | "people" => as_id(v).map(Value::from).ok_or_else(|| bad("an id")),
        _ => match v {
            Value::Bool(_) | Value::Number(_) => Ok(Value::from(as_text(v).unwrap_or_default())),
            other => Ok(other.clone()),
        },
    }
}

/// A field definition as v1 shows it: the record, less what only v2 keeps (`v2_*`).
fn render_field(f: &Rec) -> Value {
    Value::Object(
        f.iter()
            .filter(|(k, _)| !k.starts_with("v2_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

pub(crate) fn get(s: &Store, req: &Request, e: Entity, rest: &[&str]) -> R {
    match rest {
        [] => {
            let p = page(req)?;
            let all: Vec<&Rec> = s
                .fields(e)
                .rows
                .values()
                .filter(|f| get_bool(f, "active_flag"))
                .collect();
            let items = slice(&all, p).iter().map(|f| render_field(f)).collect();
            list_reply(items, p, all.len(), None, false)
        }
        [id] => {
            let id = path_id(id, "Field")?;
            match s.fields(e).get(id) {
                Some(f) if get_bool(f, "active_flag") => ok(render_field(f)),
                _ => Err(ApiError::not_found("Field not found")),
            }
        }
        _ => Err(unknown()),
    }
}

/// Reads `options` given either as a JSON array or as a JSON-encoded string.
pub(crate) fn read_options(v: &Value) -> Result<Vec<Value>, ApiError> {
    let arr = match v {
        Value::Array(a) => a.clone(),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(a)) => a,
            _ => {
                // A plain comma list of labels is accepted too.
                s.split(',').map(|l| json!({"label": l.trim()})).collect()
            }
        },
        Value::Null => Vec::new(),
        _ => {
            return Err(ApiError::bad(
                "Parameter 'options' must be an array of objects",
            ));
        }
    };
    Ok(arr)
}

/// Assigns ids to new options, keeps ids of existing ones.
pub(crate) fn number_options(
    s: &mut Store,
    raw: Vec<Value>,
    existing: &[(u64, String)],
) -> Result<Value, ApiError> {
    let mut out = Vec::new();
    for o in raw {
        let (id, label) = match &o {
            Value::Object(m) => (
                m.get("id").and_then(as_id),
                m.get("label").and_then(as_text),
            ),
            Value::String(l) => (None, Some(l.clone())),
            _ => (None, None),
        };
        let Some(label) = label.filter(|l| !l.trim().is_empty()) else {
            return Err(ApiError::bad("Every option needs a non-empty 'label'"));
        };
        let id = match id {
            Some(id) if existing.iter().any(|(e, _)| *e == id) => id,
            Some(_) => return Err(ApiError::bad("Option id does not belong to this field")),
            None => {
                s.next_option_id += 1;
                s.next_option_id
            }
        };
        out.push(json!({"id": id, "label": label}));
    }
    Ok(Value::Array(out))
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, e: Entity, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let name = match in_text(&b, "name")? {
                Some(Some(n)) if !n.trim().is_empty() => n,
                _ => return Err(ApiError::bad("Parameter 'name' is required")),
            };
            let ftype = match in_text(&b, "field_type")? {
                Some(Some(t)) => t,
                _ => return Err(ApiError::bad("Parameter 'field_type' is required")),
            };
            if !FIELD_TYPES.contains(&ftype.as_str()) {
                return Err(ApiError::bad(format!(
                    "Parameter 'field_type' must be one of: {}",
                    FIELD_TYPES.join(", ")
                )));
            }
            let options = match b.get("options") {
                Some(v) if ftype == "enum" || ftype == "set" => {
                    number_options(s, read_options(v)?, &[])?
                }
                None if ftype == "enum" || ftype == "set" => {
                    return Err(ApiError::bad(
                        "Options are required for enum and set fields",
                    ));
                }
                _ => Value::Null,
            };
            let key = s.rng.hex40();
            let order = s.fields(e).rows.len() + 1;
            let t = now();
            let me = s.me;
            let mut rec = field_record(&key, &name, &ftype, order, &t, me, true, options);
            if let Some(flag) = in_flag(&b, "add_visible_flag")? {
                rec.insert("add_visible_flag".into(), flag.into());
            }
            let id = s.fields_mut(e).insert(rec);
            let status = if e == Entity::Product { 201 } else { 200 };
            let data = s.fields(e).get(id).map(render_field).unwrap_or(Value::Null);
            ok_status(status, data, None)
        }
        ("PUT", [id]) => {
            let id = path_id(id, "Field")?;
            let b = body(req)?;
            let Some(f) = s.fields(e).get(id).filter(|f| get_bool(f, "active_flag")) else {
                return Err(ApiError::not_found("Field not found"));
            };
            if !get_bool(f, "edit_flag") {
                return Err(ApiError::bad("Standard fields cannot be changed"));
            }
            let ftype = get_str(f, "field_type").to_owned();
            let existing: Vec<(u64, String)> = s
                .custom_fields(e)
                .into_iter()
                .find(|c| Some(c.key.as_str()) == f.get("key").and_then(Value::as_str))
                .map(|c| c.options)
                .unwrap_or_default();
            let options = match b.get("options") {
                Some(v) if ftype == "enum" || ftype == "set" => {
                    Some(number_options(s, read_options(v)?, &existing)?)
                }
                _ => None,
            };
            let name = in_text(&b, "name")?;
            let add_visible = in_flag(&b, "add_visible_flag")?;
            let t = now();
            let Some(f) = s.fields_mut(e).get_mut(id) else {
                return Err(ApiError::not_found("Field not found"));
            };
            if let Some(name) = name {
                match name {
                    Some(n) if !n.trim().is_empty() => {
                        f.insert("name".into(), n.into());
                    }
                    _ => return Err(ApiError::bad("Parameter 'name' cannot be empty")),
                }
            }
            if let Some(o) = options {
                f.insert("options".into(), o);
            }
            if let Some(v) = add_visible {
                f.insert("add_visible_flag".into(), v.into());
            }
            f.insert("update_time".into(), t.into());
            ok(render_field(f))
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            for id in &ids {
                check_deletable(s, e, *id)?;
            }
            for id in &ids {
                mark_deleted(s, e, *id);
            }
            ok(json!({"id": ids}))
        }
        ("DELETE", [id]) => {
            let id = path_id(id, "Field")?;
            check_deletable(s, e, id)?;
            mark_deleted(s, e, id);
            ok(json!({"id": id}))
        }
        _ => Err(unknown()),
    }
}

fn check_deletable(s: &Store, e: Entity, id: u64) -> Result<(), ApiError> {
    match s.fields(e).get(id) {
        Some(f) if get_bool(f, "active_flag") && get_bool(f, "edit_flag") => Ok(()),
        Some(f) if get_bool(f, "active_flag") => Err(ApiError::bad(format!(
            "{} field '{}' is a standard field and cannot be deleted",
            name_of(e),
            get_str(f, "key")
        ))),
        _ => Err(ApiError::not_found("Field not found")),
    }
}

fn mark_deleted(s: &mut Store, e: Entity, id: u64) {
    let t = now();
    if let Some(f) = s.fields_mut(e).get_mut(id) {
        f.insert("active_flag".into(), false.into());
        f.insert("update_time".into(), t.into());
    }
}

/// The activity fields (standard fields only): key, name, type.
pub(crate) const ACTIVITY_FIELDS: &[(&str, &str, &str)] = &[
    ("subject", "Subject", "varchar"),
    ("type", "Type", "enum"),
    ("due_date", "Due date", "date"),
    ("due_time", "Due time", "time"),
    ("duration", "Duration", "time"),
    ("user_id", "Assigned to user", "user"),
    ("deal_id", "Deal", "int"),
    ("person_id", "Contact person", "people"),
    ("org_id", "Organization", "org"),
    ("note", "Note", "text"),
    ("done", "Done", "boolean"),
];

/// The activity fields list (standard fields only).
pub(crate) fn activity_fields(s: &Store) -> R {
    let t = crate::util::fmt_time(s.epoch - 400 * 86_400);
    let list: Vec<Value> = ACTIVITY_FIELDS
        .iter()
        .enumerate()
        .map(|(i, (k, n, t2))| {
            let mut rec = field_record(k, n, t2, i + 1, &t, s.me, false, Value::Null);
            rec.insert("id".into(), (i + 1).into());
            let mut ordered = Map::new();
            ordered.insert("id".into(), (i + 1).into());
            ordered.extend(rec.into_iter().filter(|(k, _)| k != "id"));
            Value::Object(ordered)
        })
        .collect();
    let total = list.len();
    super::list_reply(
        list,
        super::Page {
            start: 0,
            limit: 100,
        },
        total,
        None,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(t: &str) -> CustomField {
        CustomField {
            key: "a".repeat(40),
            field_type: t.into(),
            options: vec![(1, "One".into()), (2, "Two".into())],
        }
    }

    #[test]
    fn custom_values_are_checked() {
        assert_eq!(
            custom_value(&field("double"), &json!("2.5")).unwrap(),
            json!(2.5)
        );
        assert!(custom_value(&field("double"), &json!("x")).is_err());
        assert_eq!(custom_value(&field("enum"), &json!(2)).unwrap(), json!("2"));
        assert_eq!(
            custom_value(&field("enum"), &json!("one")).unwrap(),
            json!("1")
        );
        assert!(custom_value(&field("enum"), &json!(9)).is_err());
        assert_eq!(
            custom_value(&field("set"), &json!([1, 2])).unwrap(),
            json!("1,2")
        );
        assert_eq!(
            custom_value(&field("varchar"), &json!(5)).unwrap(),
            json!("5")
        );
        assert!(custom_value(&field("date"), &json!("2024-13-01")).is_err());
    }
}
