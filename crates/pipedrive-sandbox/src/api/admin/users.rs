//! `/users`: the token's own user (`/users/me`) with its company, the user list and
//! search, one user, and adding or changing users.
use crate::api::{ApiError, R, body, in_flag, in_text, now, ok, path_id, unknown};
use crate::http::Request;
use crate::render::render_user;
use crate::store::Store;
use crate::util::{as_bool, get_str};
use serde_json::{Value, json};

fn me_value(s: &Store) -> Value {
    let mut v = s
        .users
        .get(s.me)
        .map(|u| render_user(s, u))
        .unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("company_id".into(), s.company_id.into());
        m.insert("company_name".into(), "Sandbox Company".into());
        m.insert("company_domain".into(), "sandbox".into());
        m.insert("company_country".into(), "EE".into());
        m.insert("company_industry".into(), "Software".into());
        m.insert(
            "language".into(),
            json!({"language_code": "en", "country_code": "US"}),
        );
    }
    v
}

pub(crate) fn get_user(s: &Store, req: &Request, rest: &[&str]) -> R {
    match rest {
        [] => ok(Value::Array(
            s.users.rows.values().map(|u| render_user(s, u)).collect(),
        )),
        ["me"] => ok(me_value(s)),
        ["find"] => {
            let term = req
                .q("term")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| ApiError::bad("Parameter 'term' is required"))?
                .to_lowercase();
            let by_email = req
                .q("search_by_email")
                .and_then(|v| as_bool(&Value::from(v)))
                .unwrap_or(false);
            let key = if by_email { "email" } else { "name" };
            let found: Vec<Value> = s
                .users
                .rows
                .values()
                .filter(|u| get_str(u, key).to_lowercase().contains(&term))
                .map(|u| render_user(s, u))
                .collect();
            ok(if found.is_empty() {
                Value::Null
            } else {
                Value::Array(found)
            })
        }
        [id] => {
            let id = path_id(id, "User")?;
            s.users
                .get(id)
                .map(|u| ok(render_user(s, u)))
                .unwrap_or_else(|| Err(ApiError::not_found("User not found")))
        }
        [id, rel] => {
            let id = path_id(id, "User")?;
            if s.users.get(id).is_none() {
                return Err(ApiError::not_found("User not found"));
            }
            match *rel {
                "followers" => ok(json!([])),
                "permissions" => ok(json!({
                    "can_add_custom_fields": true,
                    "can_bulk_edit_items": true,
                    "can_change_visibility_of_items": true,
                    "can_delete_deals": true,
                    "can_edit_products": true,
                })),
                "roleSettings" => ok(json!({
                    "deal_default_visibility": 3,
                    "lead_default_visibility": 3,
                    "org_default_visibility": 3,
                    "person_default_visibility": 3,
                    "product_default_visibility": 3,
                })),
                _ => Err(unknown()),
            }
        }
        _ => Err(unknown()),
    }
}

pub(crate) fn write_user(s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let email = match in_text(&b, "email")? {
                Some(Some(e)) if e.contains('@') && !e.trim().starts_with('@') => {
                    e.trim().to_owned()
                }
                Some(Some(_)) => {
                    return Err(ApiError::bad("Parameter 'email' must be an email address"));
                }
                _ => return Err(ApiError::bad("Parameter 'email' is required")),
            };
            if s.users
                .rows
                .values()
                .any(|u| get_str(u, "email").eq_ignore_ascii_case(&email))
            {
                return Err(ApiError::bad("A user with this email already exists"));
            }
            let name = email.split('@').next().unwrap_or("user").to_owned();
            let id = s.add_user(&name, &email, false);
            let t = now();
            let active = in_flag(&b, "active_flag")?.unwrap_or(true);
            if let Some(u) = s.users.get_mut(id) {
                u.insert("created".into(), t.clone().into());
                u.insert("modified".into(), t.into());
                u.insert("last_login".into(), Value::Null);
                u.insert("active_flag".into(), active.into());
                u.insert("activated".into(), active.into());
                if let Some(Value::Array(access)) = b.get("access") {
                    u.insert("access".into(), Value::Array(access.clone()));
                }
            }
            ok(s.users
                .get(id)
                .map(|u| render_user(s, u))
                .unwrap_or(Value::Null))
        }
        ("PUT", [id]) => {
            let id = path_id(id, "User")?;
            let b = body(req)?;
            let Some(active) = in_flag(&b, "active_flag")? else {
                return Err(ApiError::bad("Parameter 'active_flag' is required"));
            };
            let t = now();
            let Some(u) = s.users.get_mut(id) else {
                return Err(ApiError::not_found("User not found"));
            };
            u.insert("active_flag".into(), active.into());
            u.insert("modified".into(), t.into());
            let u = u.clone();
            ok(render_user(s, &u))
        }
        _ => Err(unknown()),
    }
}
