//! `/v2/users/{id}/followers`: the users who follow a user, by cursor. The sandbox has no
//! route that makes a user follow another, so the list is the followers table's `user`
//! rows (none unless a test puts some there).
use super::{cursor_page, cursor_reply, rfc3339};
use crate::api::{ApiError, R, path_id, unknown};
use crate::http::Request;
use crate::store::{Rec, Store};
use crate::util::{get_id, get_str};
use serde_json::{Value, json};

/// `GET /users/{id}/followers`.
pub(super) fn followers(s: &Store, req: &Request, id: &str, rest: &[&str]) -> R {
    let id = path_id(id, "User")?;
    if !s.user_exists(id) {
        return Err(ApiError::not_found("User not found"));
    }
    if !rest.is_empty() {
        return Err(unknown());
    }
    let page = cursor_page(req)?;
    let rows: Vec<&Rec> = s
        .followers
        .rows
        .values()
        .filter(|f| get_str(f, "kind") == "user" && get_id(f, "item_id") == Some(id))
        .collect();
    cursor_reply(&rows, page, |f| {
        json!({
            "user_id": f.get("user_id").cloned().unwrap_or(Value::Null),
            "add_time": rfc3339(f.get("add_time")),
        })
    })
}
