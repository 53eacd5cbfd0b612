//! One v2 resource family on the v1 store, described by a [`Family`] table: how its
//! records are found, made, changed through the v1 checks, deleted and shown. The list
//! (cursor pages, filters, sorting), get, add, PATCH and delete routes are written once
//! here for every family.
use super::{CursorPage, cursor_page, cursor_reply, custom_fields_in};
use crate::api::{ApiError, R, body, follow, now, ok, path_id, unknown};
use crate::http::Request;
use crate::store::{CustomField, Entity, Rec, Store, Table};
use crate::util::{get_id, get_str};
use serde_json::{Map, Value, json};

/// A request body.
type Body = Map<String, Value>;
/// The v1 checks and writes of a family: record, body, `creating`, stored time.
type Apply = fn(&Store, &mut Rec, &Body, bool, &str) -> Result<(), ApiError>;
/// Puts the body fields v2 shapes differently in v1's terms.
type Translate = fn(&Body, &mut Body) -> Result<(), ApiError>;

/// A v2 resource family served from a v1 table.
pub(crate) struct Family {
    /// Whose custom fields its records carry (none for activities).
    pub entity: Option<Entity>,
    /// The record's name in "… not found".
    pub what: &'static str,
    pub table: fn(&Store) -> &Table,
    pub table_mut: fn(&mut Store) -> &mut Table,
    /// A new record with the v1 defaults, created at the given stored time.
    pub new_record: fn(&Store, &str) -> Rec,
    /// The v1 checks and writes (`creating`, stored time).
    pub apply: Apply,
    /// Body fields v2 and v1 name alike.
    pub shared: &'static [&'static str],
    /// Body fields v2 names otherwise: (v2, v1).
    pub renames: &'static [(&'static str, &'static str)],
    /// Body fields v2 shapes otherwise, put in v1's terms.
    pub translate: Translate,
    /// What only v2 sets, written after `apply`.
    pub v2_only: fn(&mut Rec, &Body) -> Result<(), ApiError>,
    /// List filters: (query parameter, stored key), all ids.
    pub filters: &'static [(&'static str, &'static str)],
    /// Whether a stored record is deleted (v2 lists leave those out).
    pub deleted: fn(&Rec) -> bool,
    /// Marks a record deleted at the given stored time, or refuses to (a record others
    /// still depend on).
    pub delete: fn(&mut Store, u64, &str) -> Result<(), ApiError>,
    /// The status of a created record's answer (200 or 201, as the contract says).
    pub created: u16,
    /// The record in v2's shape.
    pub render: fn(&Rec, &[CustomField]) -> Value,
    /// The `kind` of its records in the followers table, when they can be followed.
    pub follower_kind: Option<&'static str>,
}

impl Family {
    pub(crate) fn get(&self, s: &Store, req: &Request, rest: &[&str]) -> R {
        match rest {
            [] => self.list(s, req, |r| !(self.deleted)(r)),
            [id] => {
                let id = self.existing(s, id)?;
                self.reply(s, id)
            }
            [id, "followers"] => {
                let (kind, id) = self.followed(s, id)?;
                let followers: Vec<&Rec> = followers_of(s, kind, id).collect();
                cursor_reply(&followers, cursor_page(req)?, |f| follower(f))
            }
            [id, "followers", "changelog"] => {
                // The sandbox keeps no history: the changelog is each follower's addition.
                let (kind, id) = self.followed(s, id)?;
                let added: Vec<&Rec> = followers_of(s, kind, id).collect();
                cursor_reply(&added, cursor_page(req)?, |f| {
                    json!({
                        "action": "added",
                        "actor_user_id": s.me,
                        "follower_user_id": f.get("user_id").cloned().unwrap_or(Value::Null),
                        "time": super::rfc3339(f.get("add_time")),
                    })
                })
            }
            _ => Err(unknown()),
        }
    }

    /// The followers-table kind and the id of a record that can be followed.
    fn followed(&self, s: &Store, id: &str) -> Result<(&'static str, u64), ApiError> {
        let kind = self.follower_kind.ok_or_else(unknown)?;
        Ok((kind, self.existing(s, id)?))
    }

    pub(crate) fn write(&self, s: &mut Store, req: &Request, m: &str, rest: &[&str]) -> R {
        match (m, rest) {
            ("POST", []) => {
                let b = body(req)?;
                let t = now();
                let mut rec = (self.new_record)(s, &t);
                self.change(s, &mut rec, &b, true, &t)?;
                let id = (self.table_mut)(s).insert(rec);
                let mut answer = self.reply(s, id)?;
                answer.status = self.created;
                Ok(answer)
            }
            ("PATCH", [id]) => {
                let id = self.existing(s, id)?;
                let b = body(req)?;
                let t = now();
                let mut rec = (self.table)(s).get(id).cloned().unwrap_or_default();
                self.change(s, &mut rec, &b, false, &t)?;
                (self.table_mut)(s).rows.insert(id, rec);
                self.reply(s, id)
            }
            ("DELETE", [id]) => {
                let id = self.existing(s, id)?;
                (self.delete)(s, id, &now())?;
                ok(json!({ "id": id }))
            }
            ("POST", [id, "followers"]) => {
                let (kind, id) = self.followed(s, id)?;
                let fid = follow(s, req, kind, id)?;
                ok(s.followers.get(fid).map(follower).unwrap_or(Value::Null))
            }
            // v2 names a follower by its user id.
            ("DELETE", [id, "followers", user]) => {
                let (kind, id) = self.followed(s, id)?;
                let user = path_id(user, "Follower")?;
                let found = followers_of(s, kind, id)
                    .find(|f| get_id(f, "user_id") == Some(user))
                    .and_then(|f| get_id(f, "id"));
                let Some(fid) = found else {
                    return Err(ApiError::not_found("Follower not found"));
                };
                s.followers.rows.remove(&fid);
                ok(json!({ "user_id": user }))
            }
            _ => Err(unknown()),
        }
    }

    /// The custom fields of the family's records (none: a `custom_fields` body is then
    /// refused key by key as unknown).
    fn custom_fields(&self, s: &Store) -> Vec<CustomField> {
        self.entity.map(|e| s.custom_fields(e)).unwrap_or_default()
    }

    pub(crate) fn existing(&self, s: &Store, id: &str) -> Result<u64, ApiError> {
        let id = path_id(id, self.what)?;
        match (self.table)(s).get(id) {
            Some(_) => Ok(id),
            None => Err(ApiError::not_found(format!("{} not found", self.what))),
        }
    }

    pub(crate) fn reply(&self, s: &Store, id: u64) -> R {
        let customs = self.custom_fields(s);
        let empty = Map::new();
        ok((self.render)(
            (self.table)(s).get(id).unwrap_or(&empty),
            &customs,
        ))
    }

    /// A v2 add or PATCH body put in v1's terms, checked and written by `apply`, then what
    /// only v2 sets. Absent stays absent and `null` stays `null`: a PATCH leaves alone
    /// what it does not name and clears what it sets to null.
    fn change(
        &self,
        s: &Store,
        rec: &mut Rec,
        b: &Map<String, Value>,
        creating: bool,
        t: &str,
    ) -> Result<(), ApiError> {
        let mut v1 = Map::new();
        for k in self.shared {
            if let Some(v) = b.get(*k) {
                v1.insert((*k).to_owned(), v.clone());
            }
        }
        for (v2, v1_key) in self.renames {
            if let Some(v) = b.get(*v2) {
                v1.insert((*v1_key).to_owned(), v.clone());
            }
        }
        if let Some(v) = b.get("label_ids") {
            v1.insert("label".into(), label(v)?);
        }
        match b.get("add_time") {
            None | Some(Value::Null) => {}
            Some(v) => {
                let stored = v.as_str().and_then(super::stored_time).ok_or_else(|| {
                    ApiError::bad("Parameter 'add_time' must be an RFC 3339 time in UTC")
                })?;
                v1.insert("add_time".into(), stored.into());
            }
        }
        (self.translate)(b, &mut v1)?;
        custom_fields_in(b, &self.custom_fields(s), &mut v1)?;
        (self.apply)(s, rec, &v1, creating, t)?;
        (self.v2_only)(rec, b)
    }

    /// The records a list asks for, in its order: those `keep` keeps (a family's own
    /// filters, and whether deleted records are shown) that match the id filters.
    pub(crate) fn list(&self, s: &Store, req: &Request, keep: impl Fn(&Rec) -> bool) -> R {
        let page: CursorPage = cursor_page(req)?;
        let mut wanted = Vec::new();
        for (param, key) in self.filters {
            match req.q(param).map(str::trim) {
                None | Some("") => {}
                Some(v) => {
                    let id = v.parse::<u64>().map_err(|_| {
                        ApiError::bad(format!("Parameter '{param}' must be an integer"))
                    })?;
                    wanted.push((*key, id));
                }
            }
        }
        let ids: Option<Vec<u64>> = match req.q("ids").map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(
                v.split(',')
                    .map(|p| p.trim().parse::<u64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| {
                        ApiError::bad("Parameter 'ids' must be comma-separated integers")
                    })?,
            ),
        };
        let mut records: Vec<&Rec> = (self.table)(s)
            .rows
            .values()
            .filter(|r| keep(r))
            .filter(|r| wanted.iter().all(|(k, id)| get_id(r, k) == Some(*id)))
            .filter(|r| {
                ids.as_ref()
                    .is_none_or(|ids| get_id(r, "id").is_some_and(|id| ids.contains(&id)))
            })
            .collect();
        let sort_by = req.q("sort_by").map(str::trim).unwrap_or("id");
        if !["id", "update_time", "add_time"].contains(&sort_by) {
            return Err(ApiError::bad(format!("Invalid sort_by '{sort_by}'")));
        }
        // Stored times sort as text; ties (and `id`) fall back to the id.
        records.sort_by(|a, b| {
            get_str(a, sort_by)
                .cmp(get_str(b, sort_by))
                .then(get_id(a, "id").cmp(&get_id(b, "id")))
        });
        match req.q("sort_direction").map(str::trim) {
            None | Some("" | "asc") => {}
            Some("desc") => records.reverse(),
            Some(other) => {
                return Err(ApiError::bad(format!("Invalid sort_direction '{other}'")));
            }
        }
        let customs = self.custom_fields(s);
        cursor_reply(&records, page, |r| (self.render)(r, &customs))
    }
}

/// The followers of one record, oldest first.
fn followers_of<'a>(s: &'a Store, kind: &'a str, id: u64) -> impl Iterator<Item = &'a Rec> {
    s.followers
        .rows
        .values()
        .filter(move |f| get_str(f, "kind") == kind && get_id(f, "item_id") == Some(id))
}

/// A follower in v2's shape: the user and since when.
fn follower(f: &Rec) -> Value {
    json!({
        "user_id": f.get("user_id").cloned().unwrap_or(Value::Null),
        "add_time": super::rfc3339(f.get("add_time")),
    })
}

/// v2's `label_ids` as v1's `label` (`"1,2"`; null clears).
fn label(v: &Value) -> Result<Value, ApiError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Array(ids) if ids.iter().all(|i| i.as_u64().is_some()) => Ok(Value::String(
            ids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )),
        _ => Err(ApiError::bad(
            "Parameter 'label_ids' must be an array of integers",
        )),
    }
}

/// A stored `label` (`"1,2"`, a number, a list) as v2's `label_ids`.
pub(crate) fn label_ids(rec: &Rec) -> Value {
    Value::Array(match rec.get("label") {
        Some(Value::String(s)) => s
            .split(',')
            .filter_map(|p| p.trim().parse::<u64>().ok())
            .map(Value::from)
            .collect(),
        Some(Value::Number(n)) => vec![Value::Number(n.clone())],
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    })
}

/// A stored `visible_to` (`"3"` or 3) as v2's integer.
pub(crate) fn visible_to(rec: &Rec) -> Value {
    rec.get("visible_to")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
        .map_or(Value::Null, Value::from)
}

/// Nothing only v2 sets.
pub(crate) fn no_v2_only(_: &mut Rec, _: &Map<String, Value>) -> Result<(), ApiError> {
    Ok(())
}
