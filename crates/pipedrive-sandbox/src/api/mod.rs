//! The v1 endpoints: routing, the response envelope, list parameters, input checks; the
//! v2 endpoints in `v2`, on the same store.
mod activities;
mod admin;
mod contacts;
mod deals;
pub(crate) mod fields;
mod files;
mod leads;
mod products;
mod search;
pub(crate) mod v2;

use crate::http::{Request, parse_body};
use crate::render::Related;
use crate::store::{Rec, Store};
use crate::util::{as_bool, as_f64, as_id, as_text, fmt_time, get_id, get_str, is_date, now_secs};
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

/// The `error_info` text Pipedrive puts on its errors.
pub(crate) const ERROR_INFO: &str =
    "Please check developers.pipedrive.com for more information about Pipedrive API.";

/// A handled request's answer: JSON, or raw bytes when `raw` is set.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Value,
    /// Answered instead of `body` (file downloads).
    pub raw: Option<RawBody>,
}

/// A non-JSON answer body with its Content-Type and extra headers.
#[derive(Debug)]
pub(crate) struct RawBody {
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// A failed request: status and the `error` text.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: u16,
    pub error: String,
}

impl ApiError {
    pub(crate) fn bad(msg: impl Into<String>) -> Self {
        ApiError {
            status: 400,
            error: msg.into(),
        }
    }

    pub(crate) fn not_found(msg: impl Into<String>) -> Self {
        ApiError {
            status: 404,
            error: msg.into(),
        }
    }
}

pub(crate) type R = Result<Reply, ApiError>;

/// The JSON body of an error answer.
pub(crate) fn error_body(error: &str) -> Value {
    json!({
        "success": false,
        "error": error,
        "error_info": ERROR_INFO,
        "data": null,
        "additional_data": null,
    })
}

/// The error body for a request path: v2's shape under `/v2`, v1's elsewhere.
pub(crate) fn error_body_for(path: &str, status: u16, error: &str) -> Value {
    if v2::is_v2_path(path) {
        v2::error_body(status, error)
    } else {
        error_body(error)
    }
}

/// `{"success":true,"data":..}` with optional extras.
pub(crate) fn envelope(data: Value, additional: Option<Value>, related: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("success".into(), true.into());
    m.insert("data".into(), data);
    if let Some(a) = additional {
        m.insert("additional_data".into(), a);
    }
    if let Some(r) = related {
        m.insert("related_objects".into(), r);
    }
    Value::Object(m)
}

pub(crate) fn ok(data: Value) -> R {
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(data, None, None),
    })
}

pub(crate) fn ok_status(status: u16, data: Value, related: Option<Value>) -> R {
    Ok(Reply {
        raw: None,
        status,
        body: envelope(data, None, related),
    })
}

/// Current time in the v1 format.
pub(crate) fn now() -> String {
    fmt_time(now_secs())
}

// ---------------------------------------------------------------- lists

/// `start` / `limit` of a list request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub start: usize,
    pub limit: usize,
}

/// Largest page the API hands out.
pub(crate) const MAX_LIMIT: usize = 500;

pub(crate) fn page(req: &Request) -> Result<Page, ApiError> {
    let read = |name: &str, default: usize| -> Result<usize, ApiError> {
        match req.q(name).map(str::trim) {
            None | Some("") => Ok(default),
            Some(v) => v.parse::<usize>().map_err(|_| {
                ApiError::bad(format!("Parameter '{name}' must be a non-negative integer"))
            }),
        }
    };
    let start = read("start", 0)?;
    let limit = read("limit", 100)?;
    let limit = if limit == 0 {
        100
    } else {
        limit.min(MAX_LIMIT)
    };
    Ok(Page { start, limit })
}

/// The `pagination` object for a page of `total` items.
pub(crate) fn pagination(p: Page, total: usize) -> Value {
    let more = p.start.saturating_add(p.limit) < total;
    let mut m = Map::new();
    m.insert("start".into(), p.start.into());
    m.insert("limit".into(), p.limit.into());
    m.insert("more_items_in_collection".into(), more.into());
    if more {
        m.insert("next_start".into(), (p.start + p.limit).into());
    }
    Value::Object(m)
}

/// The slice of `items` a page covers.
pub(crate) fn slice<T>(items: &[T], p: Page) -> &[T] {
    let start = p.start.min(items.len());
    let end = p.start.saturating_add(p.limit).min(items.len());
    &items[start..end]
}

/// A paged list answer. Empty lists answer `data: null`, like the v1 API.
pub(crate) fn list_reply(
    items: Vec<Value>,
    p: Page,
    total: usize,
    related: Option<Value>,
    null_when_empty: bool,
) -> R {
    let data = if items.is_empty() && null_when_empty {
        Value::Null
    } else {
        Value::Array(items)
    };
    let mut additional = Map::new();
    additional.insert("pagination".into(), pagination(p, total));
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(data, Some(Value::Object(additional)), related),
    })
}

/// Orders values the way a database would: null first, then booleans, numbers,
/// strings (case-insensitively).
pub(crate) fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| x.cmp(y)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Sorts records by a `sort` parameter (`field ASC, other DESC`). Records keep their id
/// order where the keys tie.
pub(crate) fn sort_records(items: &mut [&Rec], spec: Option<&str>) -> Result<(), ApiError> {
    let Some(spec) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let mut keys = Vec::new();
    for part in spec.split(',') {
        let mut words = part.split_whitespace();
        let Some(field) = words.next() else { continue };
        let desc = match words.next().map(str::to_ascii_uppercase).as_deref() {
            None | Some("ASC") => false,
            Some("DESC") => true,
            Some(_) => {
                return Err(ApiError::bad(format!(
                    "Invalid sort direction in '{part}': use ASC or DESC"
                )));
            }
        };
        if words.next().is_some() || !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ApiError::bad(format!(
                "Invalid sort field '{}'",
                part.trim()
            )));
        }
        keys.push((field.to_owned(), desc));
    }
    items.sort_by(|a, b| {
        for (k, desc) in &keys {
            let o = cmp_values(a.get(k), b.get(k));
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    Ok(())
}

// ---------------------------------------------------------------- input

/// The request body as an object.
/// The integer query parameter `name`: `None` when absent or empty, a 400 naming it when
/// it is not an integer.
pub(crate) fn id_param(req: &Request, name: &str) -> Result<Option<u64>, ApiError> {
    match req.q(name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| ApiError::bad(format!("Parameter '{name}' must be an integer"))),
    }
}

pub(crate) fn body(req: &Request) -> Result<Map<String, Value>, ApiError> {
    parse_body(req).map_err(ApiError::bad)
}

/// A text field: absent -> None, null -> Some(None).
pub(crate) fn in_text(b: &Map<String, Value>, k: &str) -> Result<Option<Option<String>>, ApiError> {
    match b.get(k) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::Bool(x)) => Ok(Some(Some(x.to_string()))),
        Some(v) => as_text(v)
            .map(|s| Some(Some(s)))
            .ok_or_else(|| ApiError::bad(format!("Parameter '{k}' must be a string"))),
    }
}

/// An id field: absent -> None, null or "" -> Some(None).
pub(crate) fn in_id(b: &Map<String, Value>, k: &str) -> Result<Option<Option<u64>>, ApiError> {
    match b.get(k) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(v) => as_id(v)
            .map(|id| Some(Some(id)))
            .ok_or_else(|| ApiError::bad(format!("Parameter '{k}' must be an integer"))),
    }
}

/// A number field: absent -> None, null -> Some(None).
pub(crate) fn in_num(b: &Map<String, Value>, k: &str) -> Result<Option<Option<f64>>, ApiError> {
    match b.get(k) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(v) => as_f64(v)
            .map(|n| Some(Some(n)))
            .ok_or_else(|| ApiError::bad(format!("Parameter '{k}' must be a number"))),
    }
}

/// A flag: absent -> None.
pub(crate) fn in_flag(b: &Map<String, Value>, k: &str) -> Result<Option<bool>, ApiError> {
    match b.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => as_bool(v).map(Some).ok_or_else(|| {
            ApiError::bad(format!(
                "Parameter '{k}' must be a boolean (true/false or 0/1)"
            ))
        }),
    }
}

/// `visible_to`: one of 1, 3, 5, 7; stored as the string form the API answers with.
pub(crate) fn in_visible_to(b: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    match b.get("visible_to") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match as_text(v).as_deref().map(str::trim) {
            Some(s @ ("1" | "3" | "5" | "7")) => Ok(Some(s.to_owned())),
            _ => Err(ApiError::bad(
                "Parameter 'visible_to' must be one of the following values: 1, 3, 5, 7",
            )),
        },
    }
}

/// A `YYYY-MM-DD` field: absent -> None, null -> Some(None).
pub(crate) fn in_date(b: &Map<String, Value>, k: &str) -> Result<Option<Option<String>>, ApiError> {
    match in_text(b, k)? {
        Some(Some(s)) if s.is_empty() => Ok(Some(None)),
        Some(Some(s)) if !is_date(&s) => Err(ApiError::bad(format!(
            "Parameter '{k}' must be a date in the format YYYY-MM-DD"
        ))),
        other => Ok(other),
    }
}

/// Fails unless the user exists.
pub(crate) fn check_user(s: &Store, id: u64) -> Result<(), ApiError> {
    if s.user_exists(id) {
        Ok(())
    } else {
        Err(ApiError::bad(format!("User with ID {id} not found")))
    }
}

/// Fails unless the person exists and is not deleted.
pub(crate) fn check_person(s: &Store, id: u64) -> Result<(), ApiError> {
    match s.persons.get(id) {
        Some(p) if crate::util::get_bool(p, "active_flag") => Ok(()),
        _ => Err(ApiError::bad(format!("Person with ID {id} not found"))),
    }
}

/// Fails unless the organization exists and is not deleted.
pub(crate) fn check_org(s: &Store, id: u64) -> Result<(), ApiError> {
    match s.orgs.get(id) {
        Some(o) if crate::util::get_bool(o, "active_flag") => Ok(()),
        _ => Err(ApiError::bad(format!(
            "Organization with ID {id} not found"
        ))),
    }
}

/// Fails unless the product exists and is active.
pub(crate) fn check_product(s: &Store, id: u64) -> Result<(), ApiError> {
    match s.products.get(id) {
        Some(p) if crate::util::get_bool(p, "active_flag") => Ok(()),
        _ => Err(ApiError::bad(format!("Product with ID {id} not found"))),
    }
}

/// Fails unless the activity exists and is not deleted.
pub(crate) fn check_activity(s: &Store, id: u64) -> Result<(), ApiError> {
    match s.activities.get(id) {
        Some(a) if crate::util::get_bool(a, "active_flag") => Ok(()),
        _ => Err(ApiError::bad(format!("Activity with ID {id} not found"))),
    }
}

/// Parses an id from a path segment; `what` names the item in the 404.
pub(crate) fn path_id(seg: &str, what: &str) -> Result<u64, ApiError> {
    seg.parse::<u64>()
        .map_err(|_| ApiError::not_found(format!("{what} not found")))
}

/// The `ids` query parameter of bulk deletes (`1,2,3`).
pub(crate) fn bulk_ids(req: &Request) -> Result<Vec<u64>, ApiError> {
    let raw: Vec<&str> = req.q_all("ids");
    let mut ids = Vec::new();
    for part in raw.iter().flat_map(|r| r.split(',')) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        ids.push(part.parse::<u64>().map_err(|_| {
            ApiError::bad("Parameter 'ids' must be a comma-separated list of integers")
        })?);
    }
    if ids.is_empty() {
        return Err(ApiError::bad("Parameter 'ids' is required"));
    }
    Ok(ids)
}

/// Related objects as a JSON value.
pub(crate) fn related(s: &Store, st: &crate::render::Stats, rel: &Related) -> Option<Value> {
    Some(rel.to_value(s, st))
}

// ---------------------------------------------------------------- followers

/// Field naming the followed item in follower answers.
fn follower_item_key(kind: &str) -> &'static str {
    match kind {
        "deal" => "deal_id",
        "person" => "person_id",
        "org" => "org_id",
        _ => "product_id",
    }
}

fn render_follower(f: &Rec) -> Value {
    let kind = get_str(f, "kind");
    json!({
        "user_id": f.get("user_id"),
        "id": f.get("id"),
        follower_item_key(kind): f.get("item_id"),
        "add_time": f.get("add_time"),
    })
}

pub(crate) fn list_followers(s: &Store, req: &Request, kind: &str, item: u64) -> R {
    let p = page(req)?;
    let all: Vec<&Rec> = s
        .followers
        .rows
        .values()
        .filter(|f| get_str(f, "kind") == kind && get_id(f, "item_id") == Some(item))
        .collect();
    let items = slice(&all, p).iter().map(|f| render_follower(f)).collect();
    list_reply(items, p, all.len(), None, false)
}

pub(crate) fn add_follower(s: &mut Store, req: &Request, kind: &str, item: u64, status: u16) -> R {
    let id = follow(s, req, kind, item)?;
    let rec = s
        .followers
        .get(id)
        .map(render_follower)
        .unwrap_or(Value::Null);
    ok_status(status, rec, None)
}

/// Makes the body's `user_id` follow `item` (v1 and v2 alike): the user must exist and
/// not follow it already. Returns the follower record's id.
pub(crate) fn follow(s: &mut Store, req: &Request, kind: &str, item: u64) -> Result<u64, ApiError> {
    let b = body(req)?;
    let user = match in_id(&b, "user_id")? {
        Some(Some(u)) => u,
        _ => return Err(ApiError::bad("Parameter 'user_id' is required")),
    };
    check_user(s, user)?;
    if s.followers.rows.values().any(|f| {
        get_str(f, "kind") == kind
            && get_id(f, "item_id") == Some(item)
            && get_id(f, "user_id") == Some(user)
    }) {
        return Err(ApiError::bad("The user is already following this item"));
    }
    Ok(s.followers.insert(crate::store::obj(json!({
        "kind": kind,
        "item_id": item,
        "user_id": user,
        "add_time": now(),
    }))))
}

pub(crate) fn delete_follower(s: &mut Store, kind: &str, item: u64, follower: &str) -> R {
    let fid = path_id(follower, "Follower")?;
    match s.followers.get(fid) {
        Some(f) if get_str(f, "kind") == kind && get_id(f, "item_id") == Some(item) => {
            s.followers.rows.remove(&fid);
            ok(json!({"id": fid}))
        }
        _ => Err(ApiError::not_found("Follower not found")),
    }
}

/// Empty lists for relations the sandbox keeps no data for (mail, updates).
pub(crate) fn empty_list(req: &Request) -> R {
    let p = page(req)?;
    list_reply(Vec::new(), p, 0, None, true)
}

/// Every user may see every item in the sandbox.
pub(crate) fn permitted_users(s: &Store) -> R {
    ok(Value::Array(
        s.users.rows.keys().map(|id| Value::from(*id)).collect(),
    ))
}

// ---------------------------------------------------------------- routing

/// Answers a read-only request.
pub(crate) fn get(s: &Store, req: &Request, seg: &[&str]) -> R {
    match seg {
        ["deals", rest @ ..] => deals::get(s, req, rest),
        ["persons", rest @ ..] => contacts::get_person(s, req, rest),
        ["organizations", rest @ ..] => contacts::get_org(s, req, rest),
        ["activities", rest @ ..] => activities::get(s, req, rest),
        ["activityTypes"] => activities::list_types(s),
        ["activityFields"] => fields::activity_fields(s),
        ["leads", rest @ ..] => leads::get(s, req, rest),
        ["products", rest @ ..] => products::get(s, req, rest),
        ["dealFields", rest @ ..] => fields::get(s, req, crate::store::Entity::Deal, rest),
        ["personFields", rest @ ..] => fields::get(s, req, crate::store::Entity::Person, rest),
        ["organizationFields", rest @ ..] => fields::get(s, req, crate::store::Entity::Org, rest),
        ["productFields", rest @ ..] => fields::get(s, req, crate::store::Entity::Product, rest),
        ["stages", rest @ ..] => admin::stages::get_stage(s, req, rest),
        ["pipelines", rest @ ..] => admin::stages::get_pipeline(s, rest),
        ["users", rest @ ..] => admin::users::get_user(s, req, rest),
        ["filters", rest @ ..] => admin::filters::get_filter(s, req, rest),
        ["currencies"] => admin::currencies::currencies(req),
        ["files", rest @ ..] => files::get(s, req, rest),
        _ => Err(unknown()),
    }
}

/// Answers a request that may change the store.
pub(crate) fn write(s: &mut Store, req: &Request, seg: &[&str]) -> R {
    let m = req.method.as_str();
    match seg {
        ["deals", rest @ ..] => deals::write(s, req, m, rest),
        ["persons", rest @ ..] => contacts::write_person(s, req, m, rest),
        ["organizations", rest @ ..] => contacts::write_org(s, req, m, rest),
        ["activities", rest @ ..] => activities::write(s, req, m, rest),
        ["activityTypes", rest @ ..] => activities::write_type(s, req, m, rest),
        ["leads", rest @ ..] => leads::write(s, req, m, rest),
        ["products", rest @ ..] => products::write(s, req, m, rest),
        ["dealFields", rest @ ..] => fields::write(s, req, m, crate::store::Entity::Deal, rest),
        ["personFields", rest @ ..] => fields::write(s, req, m, crate::store::Entity::Person, rest),
        ["organizationFields", rest @ ..] => {
            fields::write(s, req, m, crate::store::Entity::Org, rest)
        }
        ["productFields", rest @ ..] => {
            fields::write(s, req, m, crate::store::Entity::Product, rest)
        }
        ["stages", rest @ ..] => admin::stages::write_stage(s, req, m, rest),
        ["users", rest @ ..] => admin::users::write_user(s, req, m, rest),
        ["filters", rest @ ..] => admin::filters::write_filter(s, req, m, rest),
        ["files", rest @ ..] => files::write(s, req, m, rest),
        _ => Err(unknown()),
    }
}

/// The `error` of [`unknown`] before the server names the request in it.
pub(crate) const UNKNOWN_ROUTE: &str = "Unknown method";

/// The answer for a path or method the sandbox does not serve. Routes do not know the
/// request line, so the server completes the message with [`unknown_route`].
pub(crate) fn unknown() -> ApiError {
    ApiError::not_found(UNKNOWN_ROUTE)
}

/// The message for a request no route serves: `Unknown method GET /v2/foo`.
pub(crate) fn unknown_route(method: &str, path: &str) -> String {
    format!("{UNKNOWN_ROUTE} {method} {path}")
}
