//! `/deals` and its relations: products, followers, participants, persons, activities,
//! summary.
use super::{
    ApiError, R, Reply, add_follower, body, bulk_ids, check_org, check_person, check_product,
    check_user, delete_follower, empty_list, envelope, in_date, in_id, in_num, in_text,
    in_visible_to, list_followers, list_reply, now, ok, ok_status, page, path_id, permitted_users,
    related, slice, sort_records, unknown,
};
use crate::api::{activities, admin, fields, search};
use crate::http::Request;
use crate::render::{
    Related, Stats, person_ref, render_activity, render_deal, render_person, user_ref,
};
use crate::store::{Entity, Rec, Store, obj};
use crate::util::{
    as_bool, fmt_money, get_bool, get_f64, get_id, get_str, is_datetime, num, round2, usd_rate,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

const STATUSES: &[&str] = &["open", "won", "lost", "deleted"];

pub(crate) fn get(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => list(s, req),
        ["search"] => search::deals(s, req),
        ["summary"] => summary(s, req),
        [id] => get_one(s, path_id(id, "Deal")?),
        [id, rel] => {
            let id = path_id(id, "Deal")?;
            if s.deals.get(id).is_none() {
                return Err(ApiError::not_found("Deal not found"));
            }
            match *rel {
                "activities" => activities::list_for(s, req, "deal_id", id),
                "followers" => list_followers(s, req, "deal", id),
                "participants" => list_participants(s, req, id),
                "products" => list_products(s, req, id),
                "persons" => list_persons(s, req, id),
                "files" => super::files::list_for(s, req, "deal_id", id),
                "mailMessages" | "flow" => empty_list(req),
                "permittedUsers" => permitted_users(s),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

/// Deals matching the list filters every deal list shares (`status`, `user_id`,
/// `stage_id`, `filter_id`, `owned_by_you`), sorted by `sort`.
pub(crate) fn filtered<'a>(
    s: &'a Store,
    req: &Request,
    base: impl Fn(&Rec) -> bool,
) -> Result<Vec<&'a Rec>, ApiError> {
    let status = req.q("status").map(str::trim).filter(|v| !v.is_empty());
    if let Some(st) = status {
        if !matches!(st, "open" | "won" | "lost" | "deleted" | "all_not_deleted") {
            return Err(ApiError::bad(
                "Parameter 'status' must be one of: open, won, lost, deleted, all_not_deleted",
            ));
        }
    }
    let num_param = |name: &str| -> Result<Option<u64>, ApiError> {
        match req.q(name).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ApiError::bad(format!("Parameter '{name}' must be an integer"))),
        }
    };
    let user = num_param("user_id")?.filter(|u| *u != 0);
    let stage = num_param("stage_id")?;
    let pipeline = num_param("pipeline_id")?;
    let owned = req.q("owned_by_you").and_then(|v| as_bool(&Value::from(v))) == Some(true);
    let filter = match num_param("filter_id")? {
        Some(fid) => Some(
            s.filters
                .get(fid)
                .filter(|f| get_bool(f, "active_flag"))
                .ok_or_else(|| ApiError::bad(format!("Filter with ID {fid} not found")))?,
        ),
        None => None,
    };
    let mut out: Vec<&Rec> = s
        .deals
        .rows
        .values()
        .filter(|d| base(d))
        .filter(|d| {
            let st = get_str(d, "status");
            match status {
                None | Some("all_not_deleted") => st != "deleted",
                Some(want) => st == want,
            }
        })
        .filter(|d| {
            if let Some(f) = filter {
                return admin::filters::filter_matches(s, f, "deal", d);
            }
            if owned {
                return get_id(d, "user_id") == Some(s.me);
            }
            user.is_none_or(|u| get_id(d, "user_id") == Some(u))
        })
        .filter(|d| stage.is_none_or(|st| get_id(d, "stage_id") == Some(st)))
        .filter(|d| pipeline.is_none_or(|p| get_id(d, "pipeline_id") == Some(p)))
        .collect();
    sort_records(&mut out, req.q("sort"))?;
    Ok(out)
}

/// Renders one page of deals with their related objects.
pub(crate) fn deal_page(s: &Store, req: &Request, all: &[&Rec]) -> R {
    let p = page(req)?;
    let st = Stats::get(s, false);
    let customs = s.custom_fields(Entity::Deal);
    let mut rel = Related::default();
    let items: Vec<Value> = slice(all, p)
        .iter()
        .map(|d| render_deal(s, &st, d, &customs, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

fn list(s: &Store, req: &Request) -> R {
    let all = filtered(s, req, |_| true)?;
    deal_page(s, req, &all)
}

fn get_one(s: &Store, id: u64) -> R {
    let d = s
        .deals
        .get(id)
        .ok_or_else(|| ApiError::not_found("Deal not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let mut data = render_deal(s, &st, d, &s.custom_fields(Entity::Deal), &mut rel);
    let acts = st.deal_acts.get(&id);
    let mut act_rel = Related::default();
    let pick = |which: Option<u64>, rel: &mut Related| {
        which
            .and_then(|aid| s.activities.get(aid))
            .map(|a| render_activity(s, a, rel))
            .unwrap_or(Value::Null)
    };
    if let Value::Object(m) = &mut data {
        m.insert(
            "last_activity".into(),
            pick(
                acts.and_then(|a| a.last.as_ref().map(|l| l.2)),
                &mut act_rel,
            ),
        );
        m.insert(
            "next_activity".into(),
            pick(
                acts.and_then(|a| a.next.as_ref().map(|n| n.2)),
                &mut act_rel,
            ),
        );
    }
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            data,
            Some(json!({"dropbox_email": format!("sandbox+deal{id}@pipedrivemail.com")})),
            related(s, &st, &rel),
        ),
    })
}

/// One deal as create/update answer it.
pub(crate) fn deal_reply(s: &Store, id: u64, status: u16) -> R {
    let d = s
        .deals
        .get(id)
        .ok_or_else(|| ApiError::not_found("Deal not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let data = render_deal(s, &st, d, &s.custom_fields(Entity::Deal), &mut rel);
    ok_status(status, data, related(s, &st, &rel))
}

fn summary(s: &Store, req: &Request) -> R {
    let all = filtered(s, req, |_| true)?;
    #[derive(Default)]
    struct Tot {
        value: f64,
        weighted: f64,
        count: u64,
    }
    let mut per: BTreeMap<String, Tot> = BTreeMap::new();
    for d in &all {
        let cur = get_str(d, "currency").to_owned();
        let value = get_f64(d, "value");
        let prob = d
            .get("probability")
            .and_then(crate::util::as_f64)
            .or_else(|| {
                get_id(d, "stage_id")
                    .and_then(|st| s.stages.get(st))
                    .map(|st| get_f64(st, "deal_probability"))
            })
            .unwrap_or(100.0);
        let t = per.entry(cur).or_default();
        t.value += value;
        t.weighted += value * prob / 100.0;
        t.count += 1;
    }
    let mut values = Map::new();
    let mut weighted = Map::new();
    let (mut total, mut total_w) = (0.0, 0.0);
    for (cur, t) in &per {
        let conv = round2(t.value * usd_rate(cur));
        total += conv;
        total_w += t.weighted * usd_rate(cur);
        values.insert(
            cur.clone(),
            json!({
                "value": num(round2(t.value)),
                "count": t.count,
                "value_converted": num(conv),
                "value_formatted": fmt_money(t.value, cur),
                "value_converted_formatted": fmt_money(conv, "USD"),
            }),
        );
        weighted.insert(
            cur.clone(),
            json!({
                "value": num(round2(t.weighted)),
                "count": t.count,
                "value_formatted": fmt_money(t.weighted, cur),
            }),
        );
    }
    ok(json!({
        "values_total": values,
        "weighted_values_total": weighted,
        "total_count": all.len(),
        "total_currency_converted_value": num(round2(total)),
        "total_weighted_currency_converted_value": num(round2(total_w)),
        "total_currency_converted_value_formatted": fmt_money(total, "USD"),
        "total_weighted_currency_converted_value_formatted": fmt_money(total_w, "USD"),
    }))
}

// ------------------------------------------------------------------ writes

/// Checks `b` and writes it into `rec` (a new deal when `creating`).
fn apply(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
    t: &str,
) -> Result<(), ApiError> {
    match in_text(b, "title")? {
        Some(Some(title)) if !title.trim().is_empty() => {
            rec.insert("title".into(), title.into());
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Deal title must be given.")),
    }
    if let Some(v) = in_num(b, "value")? {
        rec.insert("value".into(), num(v.unwrap_or(0.0)));
    }
    if let Some(c) = in_text(b, "currency")? {
        let c = c.unwrap_or_default().trim().to_ascii_uppercase();
        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(ApiError::bad(format!(
                "Invalid currency '{c}': use a 3-letter currency code"
            )));
        }
        rec.insert("currency".into(), c.into());
    }
    match in_id(b, "user_id")? {
        Some(Some(u)) => {
            check_user(s, u)?;
            rec.insert("user_id".into(), u.into());
        }
        Some(None) => return Err(ApiError::bad("Parameter 'user_id' cannot be empty")),
        None => {}
    }
    if let Some(p) = in_id(b, "person_id")? {
        if let Some(p) = p {
            check_person(s, p)?;
        }
        rec.insert(
            "person_id".into(),
            p.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(o) = in_id(b, "org_id")? {
        if let Some(o) = o {
            check_org(s, o)?;
        }
        rec.insert("org_id".into(), o.map(Value::from).unwrap_or(Value::Null));
    }
    let old_stage = get_id(rec, "stage_id");
    let new_stage =
        match (in_id(b, "stage_id")?, in_id(b, "pipeline_id")?) {
            (Some(Some(st)), _) => {
                let ok_stage = s.stages.get(st).filter(|x| get_bool(x, "active_flag"));
                if ok_stage.is_none() {
                    return Err(ApiError::bad(format!("Stage with ID {st} not found")));
                }
                Some(st)
            }
            (_, Some(Some(p))) => {
                if s.pipelines.get(p).is_none() {
                    return Err(ApiError::bad(format!("Pipeline with ID {p} not found")));
                }
                // Moving to another pipeline lands in its first stage.
                let current_pipeline = get_id(rec, "pipeline_id");
                if !creating && current_pipeline == Some(p) {
                    old_stage
                } else {
                    Some(s.first_stage(p).ok_or_else(|| {
                        ApiError::bad(format!("Pipeline with ID {p} has no stages"))
                    })?)
                }
            }
            _ if creating => Some(s.first_stage(1).unwrap_or(1)),
            _ => old_stage,
        };
    if let Some(st) = new_stage {
        rec.insert("stage_id".into(), st.into());
        let pipeline = s.stages.get(st).and_then(|x| get_id(x, "pipeline_id"));
        rec.insert(
            "pipeline_id".into(),
            pipeline.map(Value::from).unwrap_or(Value::Null),
        );
        if !creating && old_stage != Some(st) {
            rec.insert("stage_change_time".into(), t.into());
        }
    }
    if let Some(status) = in_text(b, "status")? {
        let status = status.unwrap_or_default();
        if !STATUSES.contains(&status.as_str()) {
            return Err(ApiError::bad(format!(
                "Invalid status '{status}': use open, won, lost or deleted"
            )));
        }
        let old = get_str(rec, "status").to_owned();
        if creating || old != status {
            set_status(rec, &status, t);
        }
    }
    if let Some(p) = in_num(b, "probability")? {
        if let Some(p) = p {
            if !(0.0..=100.0).contains(&p) {
                return Err(ApiError::bad(
                    "Parameter 'probability' must be between 0 and 100",
                ));
            }
        }
        rec.insert("probability".into(), p.map(num).unwrap_or(Value::Null));
    }
    if let Some(r) = in_text(b, "lost_reason")? {
        rec.insert(
            "lost_reason".into(),
            r.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(v) = in_visible_to(b)? {
        rec.insert("visible_to".into(), v.into());
    }
    if let Some(d) = in_date(b, "expected_close_date")? {
        rec.insert(
            "expected_close_date".into(),
            d.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if creating {
        if let Some(Some(at)) = in_text(b, "add_time")? {
            if !is_datetime(&at) {
                return Err(ApiError::bad(
                    "Parameter 'add_time' must be in the format YYYY-MM-DD HH:MM:SS",
                ));
            }
            rec.insert("add_time".into(), at.into());
        }
    }
    if let Some(l) = b.get("label") {
        rec.insert("label".into(), l.clone());
    }
    fields::apply_custom(s, Entity::Deal, rec, b)?;
    rec.insert("update_time".into(), t.into());
    Ok(())
}

fn set_status(rec: &mut Rec, status: &str, t: &str) {
    rec.insert("status".into(), status.into());
    match status {
        "won" => {
            rec.insert("won_time".into(), t.into());
            rec.insert("close_time".into(), t.into());
            rec.insert("lost_time".into(), Value::Null);
            if rec.get("first_won_time").is_none_or(Value::is_null) {
                rec.insert("first_won_time".into(), t.into());
            }
        }
        "lost" => {
            rec.insert("lost_time".into(), t.into());
            rec.insert("close_time".into(), t.into());
            rec.insert("won_time".into(), Value::Null);
        }
        "open" => {
            rec.insert("close_time".into(), Value::Null);
            rec.insert("won_time".into(), Value::Null);
            rec.insert("lost_time".into(), Value::Null);
        }
        _ => {}
    }
}

fn new_deal(s: &Store, t: &str) -> Rec {
    obj(json!({
        "creator_user_id": s.me,
        "user_id": s.me,
        "person_id": null,
        "org_id": null,
        "stage_id": null,
        "pipeline_id": null,
        "title": null,
        "value": 0,
        "currency": s.users.get(s.me).map(|u| get_str(u, "default_currency").to_owned()).unwrap_or_else(|| "USD".to_owned()),
        "add_time": t,
        "update_time": t,
        "stage_change_time": null,
        "status": "open",
        "probability": null,
        "lost_reason": null,
        "visible_to": "3",
        "close_time": null,
        "won_time": null,
        "first_won_time": null,
        "lost_time": null,
        "expected_close_date": null,
        "label": null,
    }))
}

fn existing(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "Deal")?;
    if s.deals.get(id).is_some() {
        Ok(id)
    } else {
        Err(ApiError::not_found("Deal not found"))
    }
}

pub(crate) fn write(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let t = now();
            let mut rec = new_deal(s, &t);
            apply(s, &mut rec, &b, true, &t)?;
            let id = s.deals.insert(rec);
            deal_reply(s, id, 201)
        }
        ("PUT", [id]) => {
            let id = existing(s, id)?;
            let b = body(req)?;
            let t = now();
            let mut rec = s.deals.get(id).cloned().unwrap_or_default();
            apply(s, &mut rec, &b, false, &t)?;
            s.deals.rows.insert(id, rec);
            deal_reply(s, id, 200)
        }
        ("DELETE", []) => {
            let ids = bulk_ids(req)?;
            let found: Vec<u64> = ids
                .into_iter()
                .filter(|id| s.deals.get(*id).is_some())
                .collect();
            if found.is_empty() {
                return Err(ApiError::not_found("Deals not found"));
            }
            let t = now();
            for id in &found {
                mark_deleted(s, *id, &t);
            }
            ok(json!({"id": found}))
        }
        ("DELETE", [id]) => {
            let id = existing(s, id)?;
            mark_deleted(s, id, &now());
            ok(json!({"id": id}))
        }
        ("POST", [id, "duplicate"]) => {
            let id = existing(s, id)?;
            let t = now();
            let mut rec = s.deals.get(id).cloned().unwrap_or_default();
            rec.insert("add_time".into(), t.clone().into());
            rec.insert("update_time".into(), t.into());
            rec.insert("creator_user_id".into(), s.me.into());
            let new_id = s.deals.insert(rec);
            deal_reply(s, new_id, 200)
        }
        ("PUT", [id, "merge"]) => {
            let id = existing(s, id)?;
            let b = body(req)?;
            let Some(Some(target)) = in_id(&b, "merge_with_id")? else {
                return Err(ApiError::bad("Parameter 'merge_with_id' is required"));
            };
            if target == id || s.deals.get(target).is_none() {
                return Err(ApiError::bad(format!("Deal with ID {target} not found")));
            }
            merge(s, id, target);
            deal_reply(s, target, 200)
        }
        ("POST", [id, "followers"]) => {
            let id = existing(s, id)?;
            add_follower(s, req, "deal", id, 200)
        }
        ("DELETE", [id, "followers", f]) => {
            let id = existing(s, id)?;
            delete_follower(s, "deal", id, f)
        }
        ("POST", [id, "participants"]) => {
            let id = existing(s, id)?;
            add_participant(s, req, id)
        }
        ("DELETE", [id, "participants", p]) => {
            let id = existing(s, id)?;
            let pid = path_id(p, "Participant")?;
            match s.participants.get(pid) {
                Some(rec) if get_id(rec, "deal_id") == Some(id) => {
                    s.participants.rows.remove(&pid);
                    ok(json!({"id": pid}))
                }
                _ => Err(ApiError::not_found("Participant not found")),
            }
        }
        ("POST", [id, "products"]) => {
            let id = existing(s, id)?;
            add_product(s, req, id)
        }
        ("PUT", [id, "products", pa]) => {
            let id = existing(s, id)?;
            update_product(s, req, id, pa)
        }
        ("DELETE", [id, "products", pa]) => {
            let id = existing(s, id)?;
            let pa = path_id(pa, "Product attachment")?;
            match s.deal_products.get(pa) {
                Some(rec) if get_id(rec, "deal_id") == Some(id) => {
                    s.deal_products.rows.remove(&pa);
                    sync_value(s, id);
                    ok(json!({"id": pa}))
                }
                _ => Err(ApiError::not_found("Product attachment not found")),
            }
        }
        _ => Err(unknown()),
    }
}

fn mark_deleted(s: &mut Store, id: u64, t: &str) {
    if let Some(d) = s.deals.get_mut(id) {
        d.insert("status".into(), "deleted".into());
        d.insert("update_time".into(), t.into());
    }
}

/// Moves everything of deal `from` onto `into` and removes `from`.
fn merge(s: &mut Store, from: u64, into: u64) {
    for table in [&mut s.activities, &mut s.deal_products, &mut s.participants] {
        for rec in table.rows.values_mut() {
            if get_id(rec, "deal_id") == Some(from) {
                rec.insert("deal_id".into(), into.into());
            }
        }
    }
    for f in s.followers.rows.values_mut() {
        if get_str(f, "kind") == "deal" && get_id(f, "item_id") == Some(from) {
            f.insert("item_id".into(), into.into());
        }
    }
    s.deals.rows.remove(&from);
    let t = now();
    if let Some(d) = s.deals.get_mut(into) {
        d.insert("update_time".into(), t.into());
    }
}

// ------------------------------------------------------------------ participants

fn render_participant(s: &Store, st: &Stats, p: &Rec, rel: &mut Related) -> Value {
    let person = get_id(p, "person_id");
    let deal = get_id(p, "deal_id");
    let added_by = get_id(p, "added_by_user_id");
    rel.persons.extend(person);
    rel.users.extend(added_by);
    let title = deal
        .and_then(|d| s.deals.get(d))
        .and_then(|d| d.get("title").cloned())
        .unwrap_or(Value::Null);
    let person_full = person
        .and_then(|pid| s.persons.get(pid))
        .map(|pr| render_person(s, st, pr, &s.custom_fields(Entity::Person), rel))
        .unwrap_or(Value::Null);
    json!({
        "id": p.get("id"),
        "person_id": person_ref(s, person),
        "add_time": p.get("add_time"),
        "active_flag": true,
        "related_item_data": {"deal_id": deal, "title": title},
        "person": person_full,
        "added_by_user_id": user_ref(s, added_by),
        "related_item_type": "deal",
        "related_item_id": deal,
    })
}

fn list_participants(s: &Store, req: &Request, deal: u64) -> R {
    let p = page(req)?;
    let all: Vec<&Rec> = s
        .participants
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .collect();
    let st = Stats::get(s, true);
    let mut rel = Related::default();
    let items = slice(&all, p)
        .iter()
        .map(|r| render_participant(s, &st, r, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

fn add_participant(s: &mut Store, req: &Request, deal: u64) -> R {
    let b = body(req)?;
    let Some(Some(person)) = in_id(&b, "person_id")? else {
        return Err(ApiError::bad("Parameter 'person_id' is required"));
    };
    check_person(s, person)?;
    if s.participants
        .rows
        .values()
        .any(|r| get_id(r, "deal_id") == Some(deal) && get_id(r, "person_id") == Some(person))
    {
        return Err(ApiError::bad(
            "The person is already a participant of this deal",
        ));
    }
    let me = s.me;
    let id = s.participants.insert(obj(json!({
        "deal_id": deal,
        "person_id": person,
        "add_time": now(),
        "added_by_user_id": me,
    })));
    let st = Stats::get(s, true);
    let mut rel = Related::default();
    let data = s
        .participants
        .get(id)
        .map(|r| render_participant(s, &st, r, &mut rel))
        .unwrap_or(Value::Null);
    ok_status(200, data, related(s, &st, &rel))
}

fn list_persons(s: &Store, req: &Request, deal: u64) -> R {
    let p = page(req)?;
    let mut ids: Vec<u64> = Vec::new();
    if let Some(pid) = s.deals.get(deal).and_then(|d| get_id(d, "person_id")) {
        ids.push(pid);
    }
    for r in s.participants.rows.values() {
        if get_id(r, "deal_id") == Some(deal) {
            if let Some(pid) = get_id(r, "person_id") {
                if !ids.contains(&pid) {
                    ids.push(pid);
                }
            }
        }
    }
    let all: Vec<&Rec> = ids.iter().filter_map(|id| s.persons.get(*id)).collect();
    let st = Stats::get(s, true);
    let customs = s.custom_fields(Entity::Person);
    let mut rel = Related::default();
    let items = slice(&all, p)
        .iter()
        .map(|r| render_person(s, &st, r, &customs, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

// ------------------------------------------------------------------ products

const DURATION_UNITS: &[&str] = &["hourly", "daily", "weekly", "monthly", "yearly"];

fn product_sums(rec: &Rec) -> (f64, f64) {
    let gross = get_f64(rec, "item_price") * get_f64(rec, "quantity") * get_f64(rec, "duration");
    let net = gross * (1.0 - get_f64(rec, "discount_percentage") / 100.0);
    (round2(gross), round2(net))
}

fn render_attachment(s: &Store, rec: &Rec, with_product: bool) -> Value {
    let deal = get_id(rec, "deal_id");
    let currency = deal
        .and_then(|d| s.deals.get(d))
        .map(|d| get_str(d, "currency").to_owned())
        .unwrap_or_default();
    let product = get_id(rec, "product_id").and_then(|p| s.products.get(p));
    let (gross, net) = product_sums(rec);
    let mut m = Map::new();
    m.insert("id".into(), rec.get("id").cloned().unwrap_or(Value::Null));
    m.insert("company_id".into(), s.company_id.into());
    for k in [
        "deal_id",
        "order_nr",
        "product_id",
        "product_variation_id",
        "item_price",
        "discount_percentage",
        "duration",
        "duration_unit",
    ] {
        m.insert(k.into(), rec.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("sum_no_discount".into(), num(gross));
    m.insert("sum".into(), num(net));
    m.insert("currency".into(), currency.clone().into());
    m.insert(
        "enabled_flag".into(),
        rec.get("enabled_flag").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        rec.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "last_edit".into(),
        rec.get("last_edit").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "comments".into(),
        rec.get("comments").cloned().unwrap_or(Value::Null),
    );
    m.insert("active_flag".into(), true.into());
    m.insert("tax".into(), rec.get("tax").cloned().unwrap_or(Value::Null));
    m.insert(
        "name".into(),
        product
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("sum_formatted".into(), fmt_money(net, &currency).into());
    m.insert(
        "quantity_formatted".into(),
        crate::util::group_thousands(get_f64(rec, "quantity")).into(),
    );
    m.insert(
        "quantity".into(),
        rec.get("quantity").cloned().unwrap_or(Value::Null),
    );
    if with_product {
        let st = Stats::get(s, false);
        let mut rel = Related::default();
        m.insert(
            "product".into(),
            product
                .map(|p| {
                    crate::render::render_product(
                        s,
                        &st,
                        p,
                        &s.custom_fields(Entity::Product),
                        &mut rel,
                    )
                })
                .unwrap_or(Value::Null),
        );
    }
    Value::Object(m)
}

fn list_products(s: &Store, req: &Request, deal: u64) -> R {
    let p = page(req)?;
    let with_product = req
        .q("include_product_data")
        .and_then(|v| as_bool(&Value::from(v)))
        == Some(true);
    let all: Vec<&Rec> = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .collect();
    let currency = s
        .deals
        .get(deal)
        .map(|d| get_str(d, "currency").to_owned())
        .unwrap_or_default();
    let qty: f64 = all.iter().map(|r| get_f64(r, "quantity")).sum();
    let sum: f64 = all.iter().map(|r| product_sums(r).1).sum();
    let items: Vec<Value> = slice(&all, p)
        .iter()
        .map(|r| render_attachment(s, r, with_product))
        .collect();
    let mut rel = Related::default();
    rel.users.insert(s.me);
    let data = if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    };
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            data,
            Some(json!({
                "products_quantity_total": num(qty),
                "products_sum_total": num(round2(sum)),
                "products_quantity_total_formatted": crate::util::group_thousands(qty),
                "products_sum_total_formatted": fmt_money(sum, &currency),
                "pagination": super::pagination(p, all.len()),
            })),
            None,
        ),
    })
}

/// Reads the product attachment fields of `b` into `rec`.
fn apply_attachment(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    creating: bool,
) -> Result<(), ApiError> {
    match in_id(b, "product_id")? {
        Some(Some(p)) => {
            check_product(s, p)?;
            rec.insert("product_id".into(), p.into());
        }
        _ => return Err(ApiError::bad("Parameter 'product_id' is required")),
    }
    match in_num(b, "item_price")? {
        Some(Some(v)) => {
            rec.insert("item_price".into(), num(v));
        }
        Some(None) | None if creating => {
            return Err(ApiError::bad("Parameter 'item_price' is required"));
        }
        _ => {}
    }
    match in_num(b, "quantity")? {
        Some(Some(v)) if v > 0.0 => {
            rec.insert("quantity".into(), num(v));
        }
        Some(Some(_)) => return Err(ApiError::bad("Parameter 'quantity' must be greater than 0")),
        Some(None) | None if creating => {
            return Err(ApiError::bad("Parameter 'quantity' is required"));
        }
        _ => {}
    }
    if let Some(v) = in_num(b, "discount_percentage")? {
        let v = v.unwrap_or(0.0);
        if !(0.0..=100.0).contains(&v) {
            return Err(ApiError::bad(
                "Parameter 'discount_percentage' must be between 0 and 100",
            ));
        }
        rec.insert("discount_percentage".into(), num(v));
    }
    if let Some(v) = in_num(b, "duration")? {
        rec.insert("duration".into(), num(v.unwrap_or(1.0)));
    }
    if let Some(u) = in_text(b, "duration_unit")? {
        if let Some(u) = &u {
            if !DURATION_UNITS.contains(&u.as_str()) {
                return Err(ApiError::bad(
                    "Parameter 'duration_unit' must be one of: hourly, daily, weekly, monthly, yearly",
                ));
            }
        }
        rec.insert(
            "duration_unit".into(),
            u.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(v) = in_id(b, "product_variation_id")? {
        rec.insert(
            "product_variation_id".into(),
            v.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if let Some(c) = in_text(b, "comments")? {
        rec.insert("comments".into(), c.map(Value::from).unwrap_or(Value::Null));
    }
    if let Some(v) = in_num(b, "tax")? {
        rec.insert("tax".into(), num(v.unwrap_or(0.0)));
    }
    if let Some(v) = b.get("enabled_flag") {
        let flag =
            as_bool(v).ok_or_else(|| ApiError::bad("Parameter 'enabled_flag' must be 0 or 1"))?;
        rec.insert("enabled_flag".into(), u8::from(flag).into());
    }
    Ok(())
}

fn add_product(s: &mut Store, req: &Request, deal: u64) -> R {
    let b = body(req)?;
    let order = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .count()
        + 1;
    let t = now();
    let mut rec = obj(json!({
        "deal_id": deal,
        "order_nr": order,
        "product_id": null,
        "product_variation_id": null,
        "item_price": 0,
        "discount_percentage": 0,
        "duration": 1,
        "duration_unit": null,
        "comments": null,
        "tax": 0,
        "enabled_flag": 1,
        "add_time": t,
        "last_edit": t,
        "quantity": 1,
    }));
    apply_attachment(s, &mut rec, &b, true)?;
    let id = s.deal_products.insert(rec);
    sync_value(s, deal);
    let data = s
        .deal_products
        .get(id)
        .map(|r| render_attachment(s, r, false))
        .unwrap_or(Value::Null);
    ok(data)
}

fn update_product(s: &mut Store, req: &Request, deal: u64, pa: &str) -> R {
    let pa = path_id(pa, "Product attachment")?;
    let Some(mut rec) = s
        .deal_products
        .get(pa)
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .cloned()
    else {
        return Err(ApiError::not_found("Product attachment not found"));
    };
    let b = body(req)?;
    apply_attachment(s, &mut rec, &b, false)?;
    rec.insert("last_edit".into(), now().into());
    s.deal_products.rows.insert(pa, rec);
    sync_value(s, deal);
    let data = s
        .deal_products
        .get(pa)
        .map(|r| render_attachment(s, r, false))
        .unwrap_or(Value::Null);
    ok(data)
}

/// A deal with products is worth the sum of its enabled products, like in the app.
fn sync_value(s: &mut Store, deal: u64) {
    let attached: Vec<&Rec> = s
        .deal_products
        .rows
        .values()
        .filter(|r| get_id(r, "deal_id") == Some(deal))
        .collect();
    if attached.is_empty() {
        return;
    }
    let total: f64 = attached
        .iter()
        .filter(|r| r.get("enabled_flag").and_then(as_bool).unwrap_or(true))
        .map(|r| product_sums(r).1)
        .sum();
    let t = now();
    if let Some(d) = s.deals.get_mut(deal) {
        d.insert("value".into(), num(round2(total)));
        d.insert("update_time".into(), t.into());
    }
}
