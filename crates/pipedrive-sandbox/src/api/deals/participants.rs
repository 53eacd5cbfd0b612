//! `/deals/{id}/participants` and `/deals/{id}/persons`: the people taking part in a
//! deal, listed, added and rendered with their related objects.
use crate::api::{
    ApiError, R, body, check_person, in_id, list_reply, now, ok_status, page, related, slice,
};
use crate::http::Request;
use crate::render::{Related, Stats, person_ref, render_person, user_ref};
use crate::store::{Entity, Rec, Store, obj};
use crate::util::get_id;
use serde_json::{Value, json};

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

pub(super) fn list_participants(s: &Store, req: &Request, deal: u64) -> R {
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

pub(super) fn add_participant(s: &mut Store, req: &Request, deal: u64) -> R {
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

pub(super) fn list_persons(s: &Store, req: &Request, deal: u64) -> R {
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
