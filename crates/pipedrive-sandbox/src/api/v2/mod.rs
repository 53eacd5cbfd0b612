//! The v2 endpoints on the same store as v1: a deal created through one version is read
//! through the other. v2 shows references as plain ids, times in RFC 3339, booleans as
//! booleans and custom fields in one `custom_fields` object; it pages by cursor and
//! updates with PATCH, where an absent field is left alone and `null` clears it.
mod activities;
mod boards;
mod contacts;
mod convert;
mod deal_money;
mod deal_products;
mod deals;
mod family;
mod fields;
mod pipelines;
mod product_parts;
mod products;
mod projects;
mod search;
mod tasks;
mod users;

use super::{ApiError, ERROR_INFO, R, Reply, cmp_values, envelope, unknown};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store};
use crate::util::get_id;
use serde_json::{Map, Value, json};

/// The v2 families served, by path segment, and whether they take writes (the seeded
/// project templates do not). Deals list through `deals::get` (status and archive
/// views) and are otherwise a family like the others; lists that differ from a family's
/// cursor page are in `READS`.
const FAMILIES: &[(&str, &family::Family, bool)] = &[
    ("deals", &deals::DEALS, true),
    ("persons", &contacts::PERSONS, true),
    ("organizations", &contacts::ORGANIZATIONS, true),
    ("products", &products::PRODUCTS, true),
    ("activities", &activities::ACTIVITIES, true),
    ("stages", &pipelines::STAGES, true),
    ("pipelines", &pipelines::PIPELINES, true),
    ("projects", &projects::PROJECTS, true),
    ("tasks", &tasks::TASKS, true),
    ("boards", &boards::BOARDS, true),
    ("phases", &boards::PHASES, true),
    ("projectTemplates", &boards::TEMPLATES, false),
];

/// A read of a fixed path.
type Read = fn(&Store, &Request) -> R;

/// Reads of fixed paths, matched before a family's record routes (`/deals/products` is not
/// the deal `products`).
const READS: &[(&[&str], Read)] = &[
    (&["deals", "products"], deal_products::list_of_deals),
    (&["deals", "installments"], deal_money::list_installments),
    (&["deals", "search"], search::deals),
    (&["persons", "search"], search::persons),
    (&["organizations", "search"], search::organizations),
    (&["products", "search"], search::products),
    (&["leads", "search"], search::leads),
    (&["projects", "search"], search::projects),
    (&["projects"], projects::list),
    (&["projects", "archived"], projects::list_archived),
    (&["tasks"], tasks::list_tasks),
    (&["boards"], boards::list_boards),
    (&["phases"], boards::list_phases),
    (&["itemSearch"], search::items),
    (&["itemSearch", "field"], search::by_field),
];

/// A read below one record: the record's id as given, then the path after the relation.
type NestedRead = fn(&Store, &Request, &str, &[&str]) -> R;
/// A write below one record: method, the record's id as given, the path after the relation.
type NestedWrite = fn(&mut Store, &Request, &str, &str, &[&str]) -> R;

/// Routes below one record, `/{family}/{id}/{relation}/...`, by family and relation.
const NESTED: &[(&str, &str, Option<NestedRead>, NestedWrite)] = &[
    (
        "deals",
        "products",
        Some(deal_products::get),
        deal_products::write,
    ),
    ("deals", "installments", None, deal_money::write_installment),
    (
        "deals",
        "discounts",
        Some(deal_money::get_discounts),
        deal_money::write_discount,
    ),
    (
        "deals",
        "convert",
        Some(convert::deal_status),
        convert::deal_to_lead,
    ),
    (
        "leads",
        "convert",
        Some(convert::lead_status),
        convert::lead_to_deal,
    ),
    (
        "products",
        "variations",
        Some(product_parts::get_variations),
        product_parts::write_variation,
    ),
    (
        "products",
        "images",
        Some(product_parts::get_image),
        product_parts::write_image,
    ),
    ("products", "duplicate", None, product_parts::duplicate),
    ("persons", "picture", Some(contacts::picture), read_only),
    ("users", "followers", Some(users::followers), read_only),
    ("projects", "archive", None, projects::archive),
    (
        "projects",
        "permittedUsers",
        Some(projects::permitted),
        read_only,
    ),
    (
        "projects",
        "changelog",
        Some(projects::changelog),
        read_only,
    ),
];

/// The write of a nested route that is only read.
fn read_only(_: &mut Store, _: &Request, _: &str, _: &str, _: &[&str]) -> R {
    Err(unknown())
}

/// The field definition sections, by path segment: whose fields (none: activities').
const FIELD_SETS: &[(&str, Option<Entity>)] = &[
    ("dealFields", Some(Entity::Deal)),
    ("personFields", Some(Entity::Person)),
    ("organizationFields", Some(Entity::Org)),
    ("productFields", Some(Entity::Product)),
    ("projectFields", Some(Entity::Project)),
    ("activityFields", None),
];

fn family(name: &str) -> Option<(&'static family::Family, bool)> {
    FAMILIES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, f, writable)| (*f, *writable))
}

fn nested(fam: &str, rel: &str) -> Option<(Option<NestedRead>, NestedWrite)> {
    NESTED
        .iter()
        .find(|(f, r, _, _)| *f == fam && *r == rel)
        .map(|(_, _, read, write)| (*read, *write))
}

fn field_set(name: &str) -> Option<Option<Entity>> {
    FIELD_SETS.iter().find(|(n, _)| *n == name).map(|(_, e)| *e)
}

pub(crate) fn get(s: &Store, req: &Request, seg: &[&str]) -> R {
    if let Some((_, read)) = READS.iter().find(|(path, _)| *path == seg) {
        return read(s, req);
    }
    if let [fam, id, rel, rest @ ..] = seg {
        if let Some((read, _)) = nested(fam, rel) {
            let read = read.ok_or_else(unknown)?;
            return read(s, req, id, rest);
        }
    }
    match seg {
        ["deals", rest @ ..] => deals::get(s, req, rest),
        [name, rest @ ..] => match (field_set(name), family(name)) {
            (Some(set), _) => fields::get(s, req, set, rest),
            (None, Some((f, _))) => f.get(s, req, rest),
            (None, None) => Err(unknown()),
        },
        [] => Err(unknown()),
    }
}

pub(crate) fn write(s: &mut Store, req: &Request, seg: &[&str]) -> R {
    let m = req.method.as_str();
    if let [fam, id, rel, rest @ ..] = seg {
        if let Some((_, write)) = nested(fam, rel) {
            return write(s, req, m, id, rest);
        }
    }
    match seg {
        [name, rest @ ..] => match (field_set(name), family(name)) {
            (Some(Some(e)), _) => fields::write(s, req, m, e, rest),
            (None, Some((f, true))) => f.write(s, req, m, rest),
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

/// Integer ids of a query parameter given as `1,2` or repeated; `None` when absent.
pub(crate) fn id_list(req: &Request, name: &str) -> Result<Option<Vec<u64>>, ApiError> {
    let mut ids = Vec::new();
    for part in req.q_all(name).iter().flat_map(|v| v.split(',')) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        ids.push(
            part.parse::<u64>()
                .map_err(|_| ApiError::bad(format!("Parameter '{name}' must be integers")))?,
        );
    }
    Ok((!ids.is_empty()).then_some(ids))
}

/// Sorts `rows` by the request's `sort_by` (one of `allowed`: parameter value and stored
/// key; the first is the default) and `sort_direction`; ties fall back to the id.
pub(crate) fn sort_rows(
    rows: &mut [&Rec],
    req: &Request,
    allowed: &[(&str, &str)],
) -> Result<(), ApiError> {
    let by = req.q("sort_by").map(str::trim).filter(|v| !v.is_empty());
    let key = match by {
        None => allowed.first().map_or("id", |(_, k)| *k),
        Some(by) => match allowed.iter().find(|(p, _)| *p == by) {
            Some((_, k)) => *k,
            None => return Err(ApiError::bad(format!("Invalid sort_by '{by}'"))),
        },
    };
    rows.sort_by(|a, b| {
        cmp_values(a.get(key), b.get(key)).then(get_id(a, "id").cmp(&get_id(b, "id")))
    });
    match req.q("sort_direction").map(str::trim) {
        None | Some("" | "asc") => Ok(()),
        Some("desc") => {
            rows.reverse();
            Ok(())
        }
        Some(other) => Err(ApiError::bad(format!("Invalid sort_direction '{other}'"))),
    }
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

/// The items a cursor page covers and the `next_cursor` after them (null after the last
/// page).
pub(crate) fn cursor_slice<T>(items: &[T], p: CursorPage) -> (&[T], Value) {
    let end = p.offset.saturating_add(p.limit).min(items.len());
    let start = p.offset.min(end);
    let next = if end < items.len() {
        Value::String(format!("c{end}"))
    } else {
        Value::Null
    };
    (&items[start..end], next)
}

/// The page of `items` a cursor covers, each rendered by `render` (only those), with
/// `next_cursor` (null after the last page).
pub(crate) fn cursor_reply<T>(items: &[T], p: CursorPage, render: impl Fn(&T) -> Value) -> R {
    let (page, next) = cursor_slice(items, p);
    let page: Vec<Value> = page.iter().map(render).collect();
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
/// `{value, currency}`, a date or time range `{start, until}`, an address `{value,
/// ..parts}`, an option its id, several options a list of ids; an unset field is null.
pub(crate) fn custom_fields_out(rec: &Rec, fields: &[CustomField]) -> Value {
    let mut m = Map::new();
    for f in fields {
        let v = rec.get(&f.key).cloned().unwrap_or(Value::Null);
        let part = |p: &str| {
            rec.get(&format!("{}_{p}", f.key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let shown = match f.field_type.as_str() {
            _ if v.is_null() || v == "" => Value::Null,
            "monetary" => json!({ "value": v, "currency": part("currency") }),
            "daterange" | "timerange" => json!({ "start": v, "until": part("until") }),
            "address" => {
                let prefix = format!("{}_", f.key);
                let mut a: Map<String, Value> = rec
                    .iter()
                    .filter_map(|(k, pv)| Some((k.strip_prefix(&prefix)?.to_owned(), pv.clone())))
                    .collect();
                a.insert("value".into(), v);
                Value::Object(a)
            }
            "enum" => option_id(&v),
            "set" => Value::Array(
                v.as_str()
                    .map(|t| {
                        t.split(',')
                            .map(|p| option_id(&Value::from(p.trim())))
                            .collect()
                    })
                    .or_else(|| v.as_array().map(|a| a.iter().map(option_id).collect()))
                    .unwrap_or_default(),
            ),
            _ => v,
        };
        m.insert(f.key.clone(), shown);
    }
    Value::Object(m)
}

/// An option id as v2 shows it: a number (v1 stores it as text).
fn option_id(v: &Value) -> Value {
    v.as_str()
        .and_then(|t| t.trim().parse::<u64>().ok())
        .map_or_else(|| v.clone(), Value::from)
}

/// v2's `custom_fields` object in a body, as the flat keys the v1 code stores (a monetary
/// `{value, currency}` becomes the key and its `_currency` companion, a range's `until`
/// the `_until` companion, an address's parts `_<part>` companions, a list of option ids
/// the comma-separated text v1 stores). Unknown keys are refused, as the API does.
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
        let composite = |main: &str| -> Result<&Map<String, Value>, ApiError> {
            v.as_object()
                .filter(|o| o.contains_key(main))
                .ok_or_else(|| {
                    ApiError::bad(format!(
                        "Custom field '{key}' ({}) takes an object with '{main}'",
                        f.field_type
                    ))
                })
        };
        match (f.field_type.as_str(), v) {
            (_, Value::Null) => {
                into.insert(key.clone(), Value::Null);
            }
            ("monetary", _) => {
                let money = composite("value")?;
                into.insert(key.clone(), money["value"].clone());
                if let Some(c) = money.get("currency") {
                    into.insert(format!("{key}_currency"), c.clone());
                }
            }
            ("daterange" | "timerange", _) => {
                let range = composite("start")?;
                into.insert(key.clone(), range["start"].clone());
                into.insert(
                    format!("{key}_until"),
                    range.get("until").cloned().unwrap_or(Value::Null),
                );
            }
            ("address", Value::Object(_)) => {
                for (part, pv) in composite("value")? {
                    let k = match part.as_str() {
                        "value" => key.clone(),
                        _ => format!("{key}_{part}"),
                    };
                    into.insert(k, pv.clone());
                }
            }
            ("set", Value::Array(ids)) => {
                if ids.is_empty() || !ids.iter().all(Value::is_u64) {
                    return Err(ApiError::bad(format!(
                        "Custom field '{key}' (set) takes a non-empty list of option ids"
                    )));
                }
                let text: Vec<String> = ids.iter().map(Value::to_string).collect();
                into.insert(key.clone(), Value::from(text.join(",")));
            }
            _ => {
                into.insert(key.clone(), v.clone());
            }
        }
    }
    Ok(())
}
