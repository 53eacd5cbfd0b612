//! `/deals`: routing of every deal path to the module that answers it, and the write
//! routes that check the deal exists first. The deal's own reads and writes, its
//! participants and its product attachments each have a module below.
pub(crate) mod edit;
mod participants;
pub(crate) mod products;
pub(crate) mod read;

use super::{
    ApiError, R, add_follower, body, bulk_ids, delete_follower, empty_list, in_id, list_followers,
    now, ok, path_id, permitted_users, unknown,
};
use crate::api::{activities, search};
use crate::http::Request;
use crate::store::Store;
use crate::util::get_id;
use edit::{apply, mark_deleted, merge, new_deal};
use participants::{add_participant, list_participants, list_persons};
use products::{add_product, list_products, sync_value, update_product};
use read::{deal_reply, get_one, list, summary};
use serde_json::json;

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
