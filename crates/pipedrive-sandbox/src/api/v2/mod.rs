//! The v2 endpoints on the same store as v1: a deal created through one version is read
//! through the other. v2 shows references as plain ids, times in RFC 3339, booleans as
//! booleans and custom fields in one `custom_fields` object; it pages by cursor and
//! updates with PATCH, where an absent field is left alone and `null` clears it.
mod activities;
mod contacts;
mod deals;
mod family;
mod pipelines;
mod products;

use super::{ApiError, ERROR_INFO, R, Reply, envelope, unknown};
use crate::http::Request;
use crate::store::{CustomField, Rec, Store};
use serde_json::{Map, Value, json};

/// The v2 families served, by path segment, and whether they take writes (the
/// sandbox's one pipeline is fixed). Deals list through `deals::get` (status and archive
/// views) and are otherwise a family like the others.
const FAMILIES: &[(&str, &family::Family, bool)] = &[
    ("deals", &deals::DEALS, true),
    ("persons", &contacts::PERSONS, true),
    ("organizations", &contacts::ORGANIZATIONS, true),
    ("products", &products::PRODUCTS, true),
    ("activities", &activities::ACTIVITIES, true),
    ("stages", &pipelines::STAGES, true),
    ("pipelines", &pipelines::PIPELINES, false),
];

fn family(name: &str) -> Option<(&'static family::Family, bool)> {
    FAMILIES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, f, writable)| (*f, *writable))
}

pub(crate) fn get(s: &Store, req: &Request, seg: &[&str]) -> R {
    match seg {
        ["deals", rest @ ..] => deals::get(s, req, rest),
        [name, rest @ ..] => match family(name) {
            Some((f, _)) => f.get(s, req, rest),
            None => Err(unknown()),
        },
        [] => Err(unknown()),
    }
}

pub(crate) fn write(s: &mut Store, req: &Request, seg: &[&str]) -> R {
    match seg {
        [name, rest @ ..] => match family(name) {
            Some((f, true)) => f.write(s, req, req.method.as_str(), rest),
            _ => Err(unknown()),
        },
        [] => Err(unknown()),
    }
}

/// True for a path of the v2 API (`/v2` or below it).
pub(crate) fn is_v2_path(path: &str) -> bool {
    path.strip_prefix("/v2")
        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
}

/// A v2 error answer: the keys v1 sends too (`success`, `error`, `error_info`, `data`,
/// `additional_data`), with `error_info` naming the kind of failure as v2 does.
pub(crate) fn error_body(status: u16, error: &str) -> Value {
    let info = match status {
        400 => "The request was not valid.",
        401 => "Authentication is required.",
        403 => "Access to the object is not allowed.",
        404 => "Object was not found.",
        409 => "The request conflicts with the object's state.",
        429 => "Too many requests.",
        _ => ERROR_INFO,
    };
    json!({
        "success": false,
        "error": error,
        "error_info": info,
        "data": null,
        "additional_data": null,
    })
}

/// Where a cursor page starts and how many items it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CursorPage {
    pub offset: usize,
    pub limit: usize,
}

/// Largest v2 page.
const MAX_LIMIT: usize = 500;

/// `cursor` and `limit` of a v2 list (limit 100 by default, at most 500). The cursor is
/// the opaque text a previous page's `next_cursor` gave; anything else is refused.
pub(crate) fn cursor_page(req: &Request) -> Result<CursorPage, ApiError> {
    let limit = match req.q("limit").map(str::trim) {
        None | Some("") => 100,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(ApiError::bad(format!(
                    "Parameter 'limit' must be an integer from 1 to {MAX_LIMIT}"
                )));
            }
        },
    };
    let offset = match req.q("cursor").map(str::trim) {
        None | Some("") => 0,
        Some(c) => c
            .strip_prefix("c")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| ApiError::bad("Parameter 'cursor' is not a valid cursor"))?,
    };
    Ok(CursorPage { offset, limit })
}

/// The page of `items` a cursor covers, each rendered by `render` (only those), with
/// `next_cursor` (null after the last page).
pub(crate) fn cursor_reply<T>(items: &[T], p: CursorPage, render: impl Fn(&T) -> Value) -> R {
    let end = p.offset.saturating_add(p.limit).min(items.len());
    let start = p.offset.min(end);
    let next = if end < items.len() {
        Value::String(format!("c{end}"))
    } else {
        Value::Null
    };
    let page: Vec<Value> = items[start..end].iter().map(render).collect();
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            Value::Array(page),
            Some(json!({ "next_cursor": next })),
            None,
        ),
    })
}

/// A stored time (`YYYY-MM-DD HH:MM:SS`, UTC) in RFC 3339; null stays null.
pub(crate) fn rfc3339(v: Option<&Value>) -> Value {
    match v.and_then(Value::as_str) {
        Some(t) if t.len() == 19 => Value::String(format!("{}T{}Z", &t[..10], &t[11..])),
        _ => Value::Null,
    }
}

/// An RFC 3339 time as stored (`YYYY-MM-DD HH:MM:SS`, UTC); only `Z` times are taken.
pub(crate) fn stored_time(t: &str) -> Option<String> {
    let t = t.strip_suffix('Z')?;
    let (d, clock) = t.split_once('T')?;
    let clock = clock.split('.').next()?;
    let stored = format!("{d} {clock}");
    crate::util::is_datetime(&stored).then_some(stored)
}

/// A record's custom fields as v2's `custom_fields` object: a monetary field is
/// `{value, currency}`, an unset field is null.
pub(crate) fn custom_fields_out(rec: &Rec, fields: &[CustomField]) -> Value {
    let mut m = Map::new();
    for f in fields {
        let v = rec.get(&f.key).cloned().unwrap_or(Value::Null);
        let shown = if f.field_type == "monetary" && !v.is_null() {
            let currency = rec
                .get(&format!("{}_currency", f.key))
                .cloned()
                .unwrap_or(Value::Null);
            json!({ "value": v, "currency": currency })
        } else {
            v
        };
        m.insert(f.key.clone(), shown);
    }
    Value::Object(m)
}

/// v2's `custom_fields` object in a body, as the flat keys the v1 code stores (a monetary
/// `{value, currency}` becomes the key and its `_currency` companion). Unknown keys are
/// refused, as the API does.
pub(crate) fn custom_fields_in(
    b: &Map<String, Value>,
    fields: &[CustomField],
    into: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let Some(given) = b.get("custom_fields") else {
        return Ok(());
    };
    let Some(given) = given.as_object() else {
        return Err(ApiError::bad("Parameter 'custom_fields' must be an object"));
    };
    for (key, v) in given {
        let Some(f) = fields.iter().find(|f| &f.key == key) else {
            return Err(ApiError::bad(format!("Unknown custom field '{key}'")));
        };
        match (f.field_type.as_str(), v) {
            ("monetary", Value::Object(money)) => {
                into.insert(
                    key.clone(),
                    money.get("value").cloned().unwrap_or(Value::Null),
                );
                if let Some(c) = money.get("currency") {
                    into.insert(format!("{key}_currency"), c.clone());
                }
            }
            _ => {
                into.insert(key.clone(), v.clone());
            }
        }
    }
    Ok(())
}
