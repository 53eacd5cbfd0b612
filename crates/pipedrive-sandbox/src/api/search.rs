//! `/deals/search`, `/persons/search`, `/organizations/search`, `/products/search`,
//! `/leads/search`: the hits of each, best first, which v1 pages here and v2 by cursor
//! (`v2::search`, with `/itemSearch` across them).
use super::{ApiError, Page, R, Reply, envelope, page, pagination, slice};
use crate::api::id_param;
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store};
use crate::util::{as_bool, as_text, get_bool, get_id, get_str};
use serde_json::{Value, json};

/// Parsed search parameters.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    term: String,
    exact: bool,
    pub fields: Vec<String>,
}

/// Search hits: score, position in the store, item.
pub(crate) type Hits = Vec<(f64, usize, Value)>;

/// The fields each kind of item is searched in (`fields`), by item type.
pub(crate) const DEAL_FIELDS: &[&str] = &["custom_fields", "notes", "title"];
pub(crate) const PERSON_FIELDS: &[&str] = &["custom_fields", "email", "notes", "phone", "name"];
pub(crate) const ORG_FIELDS: &[&str] = &["address", "custom_fields", "notes", "name"];
pub(crate) const PRODUCT_FIELDS: &[&str] = &["code", "custom_fields", "name"];
pub(crate) const LEAD_FIELDS: &[&str] = &["custom_fields", "notes", "title"];
pub(crate) const PROJECT_FIELDS: &[&str] = &["custom_fields", "notes", "title", "description"];

/// `term`, `exact_match` and `fields` (each one of `allowed`; all of them by default).
pub(crate) fn params(req: &Request, allowed: &[&str]) -> Result<Params, ApiError> {
    let exact = match req
        .q("exact_match")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => false,
        Some(v) => as_bool(&Value::from(v))
            .ok_or_else(|| ApiError::bad("Parameter 'exact_match' must be true or false"))?,
    };
    let term = req
        .q("term")
        .map(|t| t.trim().to_lowercase())
        .ok_or_else(|| ApiError::bad("Parameter 'term' is required"))?;
    let min = if exact { 1 } else { 2 };
    if term.chars().count() < min {
        return Err(ApiError::bad(if exact {
            "Search term must be at least 1 character long"
        } else {
            "Search term must be at least 2 characters long"
        }));
    }
    let fields: Vec<String> = match req.q("fields").map(str::trim).filter(|f| !f.is_empty()) {
        None => allowed.iter().map(|f| (*f).to_owned()).collect(),
        Some(list) => {
            let mut out = Vec::new();
            for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                if !allowed.contains(&f) {
                    return Err(ApiError::bad(format!(
                        "Parameter 'fields' has an unknown value '{f}'; allowed: {}",
                        allowed.join(", ")
                    )));
                }
                out.push(f.to_owned());
            }
            out
        }
    };
    Ok(Params {
        term,
        exact,
        fields,
    })
}

impl Params {
    fn wants(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }

    /// Score of one text against the term; None when it does not match.
    fn score(&self, text: &str) -> Option<f64> {
        let v = text.trim().to_lowercase();
        if v.is_empty() {
            return None;
        }
        if v == self.term {
            return Some(1.0);
        }
        if self.exact {
            return None;
        }
        if v.starts_with(&self.term) {
            Some(0.8)
        } else if v
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(&self.term))
        {
            Some(0.6)
        } else if v.contains(&self.term) {
            Some(0.4)
        } else {
            None
        }
    }
}

/// Custom field values of `rec` that match, and their best score.
fn custom_hits(p: &Params, rec: &Rec, customs: &[CustomField]) -> (Option<f64>, Vec<Value>) {
    if !p.wants("custom_fields") {
        return (None, Vec::new());
    }
    let mut best: Option<f64> = None;
    let mut hits = Vec::new();
    for f in customs {
        let Some(v) = rec.get(&f.key) else { continue };
        let text = match f.field_type.as_str() {
            "enum" => as_text(v).and_then(|id| {
                f.options
                    .iter()
                    .find(|(o, _)| o.to_string() == id)
                    .map(|(_, l)| l.clone())
            }),
            _ => as_text(v),
        };
        if let Some(text) = text {
            if let Some(sc) = p.score(&text) {
                best = Some(best.map_or(sc, |b: f64| b.max(sc)));
                hits.push(Value::from(text));
            }
        }
    }
    (best, hits)
}

fn max(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Orders hits best first (ties by position).
fn sorted(mut hits: Hits) -> Hits {
    hits.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    hits
}

/// A v1 search answer: one page of the hits, with v1 pagination.
fn answer(req: &Request, hits: Hits) -> R {
    let page: Page = page(req)?;
    let total = hits.len();
    let items: Vec<Value> = slice(&hits, page)
        .iter()
        .map(|(score, _, item)| json!({"result_score": score, "item": item}))
        .collect();
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            json!({"items": items}),
            Some(json!({"pagination": pagination(page, total)})),
            None,
        ),
    })
}

fn visible(rec: &Rec) -> Value {
    rec.get("visible_to")
        .and_then(as_text)
        .and_then(|v| v.parse::<u64>().ok())
        .map(Value::from)
        .unwrap_or(Value::Null)
}

fn named(s: &Store, table: &crate::store::Table, id: Option<u64>, with_address: bool) -> Value {
    let _ = s;
    match id.and_then(|i| table.get(i).map(|r| (i, r))) {
        Some((i, r)) if with_address => {
            json!({"id": i, "name": r.get("name"), "address": r.get("address").cloned().unwrap_or(Value::Null)})
        }
        Some((i, r)) => json!({"id": i, "name": r.get("name")}),
        None => Value::Null,
    }
}

pub(crate) fn deals(s: &Store, req: &Request) -> R {
    answer(req, deal_hits(s, req, &params(req, DEAL_FIELDS)?)?)
}

pub(crate) fn deal_hits(s: &Store, req: &Request, p: &Params) -> Result<Hits, ApiError> {
    let person = id_param(req, "person_id")?;
    let org = id_param(req, "organization_id")?;
    let status = req.q("status").map(str::trim).filter(|v| !v.is_empty());
    if let Some(st) = status {
        if !matches!(st, "open" | "won" | "lost") {
            return Err(ApiError::bad(
                "Parameter 'status' must be one of: open, won, lost",
            ));
        }
    }
    let customs = s.custom_fields(Entity::Deal);
    let mut hits = Vec::new();
    for (pos, d) in s.deals.rows.values().enumerate() {
        let st = get_str(d, "status");
        if st == "deleted"
            || status.is_some_and(|want| want != st)
            || person.is_some_and(|pid| get_id(d, "person_id") != Some(pid))
            || org.is_some_and(|oid| get_id(d, "org_id") != Some(oid))
        {
            continue;
        }
        let title = if p.wants("title") {
            p.score(get_str(d, "title"))
        } else {
            None
        };
        let (cs, matched) = custom_hits(p, d, &customs);
        let Some(score) = max(title, cs) else {
            continue;
        };
        let stage = get_id(d, "stage_id");
        let item = json!({
            "id": d.get("id"),
            "type": "deal",
            "title": d.get("title"),
            "value": d.get("value"),
            "currency": d.get("currency"),
            "status": st,
            "visible_to": visible(d),
            "owner": {"id": d.get("user_id")},
            "stage": stage.and_then(|i| s.stages.get(i)).map(|x| json!({"id": stage, "name": x.get("name")})).unwrap_or(Value::Null),
            "person": named(s, &s.persons, get_id(d, "person_id"), false),
            "organization": named(s, &s.orgs, get_id(d, "org_id"), true),
            "custom_fields": matched,
            "notes": [],
        });
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}

fn contact_values(rec: &Rec, key: &str) -> Vec<String> {
    rec.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| e.get("value").and_then(as_text))
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn persons(s: &Store, req: &Request) -> R {
    answer(req, person_hits(s, req, &params(req, PERSON_FIELDS)?)?)
}

pub(crate) fn person_hits(s: &Store, req: &Request, p: &Params) -> Result<Hits, ApiError> {
    let org = id_param(req, "organization_id")?;
    let customs = s.custom_fields(Entity::Person);
    let mut hits = Vec::new();
    for (pos, r) in s.persons.rows.values().enumerate() {
        if !get_bool(r, "active_flag") || org.is_some_and(|o| get_id(r, "org_id") != Some(o)) {
            continue;
        }
        let emails = contact_values(r, "email");
        let phones = contact_values(r, "phone");
        let mut score = if p.wants("name") {
            p.score(get_str(r, "name"))
        } else {
            None
        };
        if p.wants("email") {
            for e in &emails {
                score = max(score, p.score(e));
            }
        }
        if p.wants("phone") {
            for ph in &phones {
                let digits: String = ph.chars().filter(|c| c.is_ascii_digit()).collect();
                score = max(score, max(p.score(ph), p.score(&digits)));
            }
        }
        let (cs, matched) = custom_hits(p, r, &customs);
        let Some(score) = max(score, cs) else {
            continue;
        };
        let item = json!({
            "id": r.get("id"),
            "type": "person",
            "name": r.get("name"),
            "phones": phones,
            "emails": emails,
            "visible_to": visible(r),
            "owner": {"id": r.get("owner_id")},
            "organization": named(s, &s.orgs, get_id(r, "org_id"), true),
            "custom_fields": matched,
            "notes": [],
        });
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}

pub(crate) fn orgs(s: &Store, req: &Request) -> R {
    answer(req, org_hits(s, req, &params(req, ORG_FIELDS)?)?)
}

pub(crate) fn org_hits(s: &Store, _: &Request, p: &Params) -> Result<Hits, ApiError> {
    let customs = s.custom_fields(Entity::Org);
    let mut hits = Vec::new();
    for (pos, r) in s.orgs.rows.values().enumerate() {
        if !get_bool(r, "active_flag") {
            continue;
        }
        let name = if p.wants("name") {
            p.score(get_str(r, "name"))
        } else {
            None
        };
        let addr = if p.wants("address") {
            p.score(get_str(r, "address"))
        } else {
            None
        };
        let (cs, matched) = custom_hits(p, r, &customs);
        let Some(score) = max(max(name, addr), cs) else {
            continue;
        };
        let item = json!({
            "id": r.get("id"),
            "type": "organization",
            "name": r.get("name"),
            "address": r.get("address").cloned().unwrap_or(Value::Null),
            "visible_to": visible(r),
            "owner": {"id": r.get("owner_id")},
            "custom_fields": matched,
            "notes": [],
        });
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}

pub(crate) fn products(s: &Store, req: &Request) -> R {
    answer(req, product_hits(s, req, &params(req, PRODUCT_FIELDS)?)?)
}

pub(crate) fn product_hits(s: &Store, req: &Request, p: &Params) -> Result<Hits, ApiError> {
    let with_price = req
        .q("include_fields")
        .is_some_and(|f| f.split(',').any(|x| x.trim() == "product.price"));
    let customs = s.custom_fields(Entity::Product);
    let mut hits = Vec::new();
    for (pos, r) in s.products.rows.values().enumerate() {
        if !get_bool(r, "active_flag") {
            continue;
        }
        let name = if p.wants("name") {
            p.score(get_str(r, "name"))
        } else {
            None
        };
        let code = if p.wants("code") {
            p.score(get_str(r, "code"))
        } else {
            None
        };
        let (cs, matched) = custom_hits(p, r, &customs);
        let Some(score) = max(max(name, code), cs) else {
            continue;
        };
        let mut item = json!({
            "id": r.get("id"),
            "type": "product",
            "name": r.get("name"),
            "code": r.get("code").cloned().unwrap_or(Value::Null),
            "visible_to": visible(r),
            "owner": {"id": r.get("owner_id")},
            "custom_fields": matched,
        });
        if with_price {
            if let Some(m) = item.as_object_mut() {
                m.insert(
                    "price".into(),
                    r.get("prices")
                        .and_then(Value::as_array)
                        .and_then(|a| a.first())
                        .and_then(|pr| pr.get("price").cloned())
                        .unwrap_or(Value::Null),
                );
            }
        }
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}

pub(crate) fn leads(s: &Store, req: &Request) -> R {
    answer(req, lead_hits(s, req, &params(req, LEAD_FIELDS)?)?)
}

pub(crate) fn lead_hits(s: &Store, req: &Request, p: &Params) -> Result<Hits, ApiError> {
    let person = id_param(req, "person_id")?;
    let org = id_param(req, "organization_id")?;
    let customs = s.custom_fields(Entity::Deal);
    let mut hits = Vec::new();
    for (pos, l) in s.leads.iter().enumerate() {
        if person.is_some_and(|pid| get_id(l, "person_id") != Some(pid))
            || org.is_some_and(|o| get_id(l, "organization_id") != Some(o))
        {
            continue;
        }
        let title = if p.wants("title") {
            p.score(get_str(l, "title"))
        } else {
            None
        };
        let (cs, matched) = custom_hits(p, l, &customs);
        let Some(score) = max(title, cs) else {
            continue;
        };
        let person_id = get_id(l, "person_id");
        let person_rec = person_id.and_then(|i| s.persons.get(i));
        let value = l.get("value");
        let item = json!({
            "id": l.get("id"),
            "type": "lead",
            "title": l.get("title"),
            "owner": {"id": l.get("owner_id")},
            "person": named(s, &s.persons, person_id, false),
            "organization": named(s, &s.orgs, get_id(l, "organization_id"), false),
            "phones": person_rec.map(|r| contact_values(r, "phone")).unwrap_or_default(),
            "emails": person_rec.map(|r| contact_values(r, "email")).unwrap_or_default(),
            "custom_fields": matched,
            "notes": [],
            "value": value.and_then(|v| v.get("amount")).cloned().unwrap_or(Value::Null),
            "currency": value.and_then(|v| v.get("currency")).cloned().unwrap_or(Value::Null),
            "visible_to": visible(l),
            "is_archived": get_bool(l, "is_archived"),
        });
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}

/// The ids a project links under `key` (`deal_ids`, `person_ids`, `org_ids`).
fn linked(rec: &Rec, key: &str) -> Vec<u64> {
    rec.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// Live projects (v2 only) by title, description and project custom fields; `person_id`
/// and `organization_id` keep those that link the person or organization.
pub(crate) fn project_hits(s: &Store, req: &Request, p: &Params) -> Result<Hits, ApiError> {
    let person = id_param(req, "person_id")?;
    let org = id_param(req, "organization_id")?;
    let customs = s.custom_fields(Entity::Project);
    let mut hits = Vec::new();
    for (pos, r) in s.projects.rows.values().enumerate() {
        if get_str(r, "status") == "deleted"
            || person.is_some_and(|id| !linked(r, "person_ids").contains(&id))
            || org.is_some_and(|id| !linked(r, "org_ids").contains(&id))
        {
            continue;
        }
        let score_of = |field: &str| {
            if p.wants(field) {
                p.score(get_str(r, field))
            } else {
                None
            }
        };
        let (cs, matched) = custom_hits(p, r, &customs);
        let Some(score) = max(max(score_of("title"), score_of("description")), cs) else {
            continue;
        };
        let phase = get_id(r, "phase_id");
        let deals = linked(r, "deal_ids");
        let first_deal = deals.first().copied();
        let item = json!({
            "id": r.get("id"),
            "type": "project",
            "title": r.get("title"),
            "status": r.get("status"),
            "owner": {"id": r.get("owner_id")},
            "board_id": r.get("board_id"),
            "phase": named(s, &s.phases, phase, false),
            "person": named(s, &s.persons, linked(r, "person_ids").first().copied(), false),
            "organization": named(s, &s.orgs, linked(r, "org_ids").first().copied(), true),
            "deal": first_deal.and_then(|d| s.deals.get(d)).map_or(Value::Null, |d| {
                json!({"id": first_deal, "title": d.get("title")})
            }),
            "deal_count": deals.len(),
            "description": r.get("description"),
            "end_date": r.get("end_date"),
            "custom_fields": matched,
            "notes": [],
        });
        hits.push((score, pos, item));
    }
    Ok(sorted(hits))
}
