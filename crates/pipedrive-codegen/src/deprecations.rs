//! Which v1 operations the official v1 contract deprecates, and what replaces each in v2:
//! found by route (same path under `/v2`, same method or PATCH for PUT), else named by
//! `replacements-v2.map`. Every surface words its deprecation from the result.
use crate::model::Operation;
use std::collections::{BTreeMap, BTreeSet};

/// Why and how an operation is deprecated.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// The v2 operation to call instead; `None` when v2 has none.
    pub replaced_by: Option<Replacement>,
    /// How to call the replacement (`filtered by deal_id`), or, without one, why there
    /// is none.
    pub note: Option<String>,
}

/// A v2 operation, named the ways the surfaces call it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    /// The operation id: `v2.deals.list`.
    pub id: String,
    /// `GET`.
    pub method: String,
    /// `/v2/deals`.
    pub path: String,
}

impl Replacement {
    fn of(op: &Operation) -> Self {
        Replacement {
            id: format!("{}.{}", op.resource.dotted(), op.op.name),
            method: op.ep.method.clone(),
            path: op.ep.path.clone(),
        }
    }

    /// The Rust call: `client.v2().deals().list(..)`.
    pub fn rust_call(&self) -> String {
        let mut parts: Vec<&str> = self.id.split('.').collect();
        let name = parts.pop().unwrap_or_default();
        format!("client.{}().{name}(..)", parts.join("()."))
    }

    /// The Python call: `client.v2.deals.list`.
    pub fn python_call(&self) -> String {
        format!("client.{}", self.id)
    }
}

impl Deprecation {
    /// What follows "deprecated by Pipedrive; " in every surface, given how that
    /// surface spells a call.
    fn advice(&self, call: impl Fn(&Replacement) -> String) -> String {
        match (&self.replaced_by, &self.note) {
            (Some(r), Some(n)) => format!("use {} ({} {}), {n}", call(r), r.method, r.path),
            (Some(r), None) => format!("use {} ({} {})", call(r), r.method, r.path),
            (None, Some(n)) => format!("no v2 replacement: {n}"),
            (None, None) => "no v2 replacement".to_owned(),
        }
    }

    /// The note of Rust's `#[deprecated]`.
    pub fn rust_note(&self) -> String {
        format!(
            "deprecated by Pipedrive; {}",
            self.advice(Replacement::rust_call)
        )
    }

    /// What to do instead, with Python's spelling of the calls.
    pub fn python_advice(&self) -> String {
        self.advice(Replacement::python_call)
    }

    /// The text of Python's `DeprecationWarning` for the operation `id` (`deals.list`).
    pub fn python_message(&self, id: &str) -> String {
        format!(
            "client.{id} is deprecated by Pipedrive; {}",
            self.python_advice()
        )
    }
}

/// One row of `replacements-v2.map`: the v2 operation id (`None` for `-`) and the note.
type Row = (Option<String>, Option<String>);

fn parse_map(text: &str) -> Result<BTreeMap<(String, String), Row>, String> {
    let mut rows = BTreeMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: &str| format!("replacements-v2.map:{}: {m}: {raw}", n + 1);
        let cols: Vec<&str> = line.splitn(3, '|').map(str::trim).collect();
        let (route, id, note) = match cols.as_slice() {
            [route, id] => (*route, *id, None),
            [route, id, note] => (*route, *id, (!note.is_empty()).then(|| (*note).to_owned())),
            _ => return Err(err("expected `METHOD /v1/path | v2.op.id or - | note`")),
        };
        let (method, path) = route.split_once(' ').ok_or_else(|| err("route"))?;
        let id = (id != "-").then(|| id.to_owned());
        if id.is_none() && note.is_none() {
            return Err(err("a row without a replacement must say why"));
        }
        let key = (method.trim().to_owned(), path.trim().to_owned());
        if rows.insert(key, (id, note)).is_some() {
            return Err(err("repeated route"));
        }
    }
    Ok(rows)
}

/// Sets `deprecation` on every v1 operation of `v1` that the contract marks deprecated
/// (`deprecated`, `(METHOD, /v1/path)` pairs), with its replacement among `v2`. Fails on
/// a deprecated operation with no route match and no map row, on a map row naming an
/// operation that does not exist, and on a map row nothing needs.
pub fn resolve(
    deprecated: &BTreeSet<(String, String)>,
    map_text: &str,
    v1: &mut [Operation],
    v2: &[Operation],
) -> Result<(), String> {
    let rows = parse_map(map_text)?;
    let by_route = |method: &str, path: &str| {
        v2.iter()
            .find(|o| o.ep.method == method && o.ep.path == path)
    };
    let mut problems = Vec::new();
    let mut used = BTreeSet::new();
    for op in v1.iter_mut() {
        let key = (op.ep.method.clone(), op.ep.path.clone());
        if !deprecated.contains(&key) {
            continue;
        }
        let route = format!("{} {}", key.0, key.1);
        let v2_path = format!("/v2{}", op.rel_path());
        let matched = by_route(&key.0, &v2_path).or_else(|| {
            (key.0 == "PUT")
                .then(|| by_route("PATCH", &v2_path))
                .flatten()
        });
        if rows.contains_key(&key) {
            used.insert(key.clone());
        }
        let dep = match (matched, rows.get(&key)) {
            (Some(m), None) => Deprecation {
                replaced_by: Some(Replacement::of(m)),
                note: None,
            },
            (Some(m), Some(_)) => {
                problems.push(format!(
                    "{route}: has a map row, but the route already gives {}",
                    Replacement::of(m).id
                ));
                continue;
            }
            (None, None) => {
                problems.push(format!(
                    "{route} ({}.{}) is deprecated and has no v2 route: add a row to replacements-v2.map",
                    op.resource.dotted(),
                    op.op.name
                ));
                continue;
            }
            (None, Some((id, note))) => {
                let replaced_by = match id {
                    None => None,
                    Some(id) => {
                        let Some(r) = v2.iter().map(Replacement::of).find(|r| r.id == *id) else {
                            problems.push(format!("{route}: no v2 operation {id}"));
                            continue;
                        };
                        Some(r)
                    }
                };
                Deprecation {
                    replaced_by,
                    note: note.clone(),
                }
            }
        };
        op.deprecation = Some(dep);
    }
    for key in rows.keys() {
        if !used.contains(key) {
            problems.push(format!(
                "{} {}: a map row for an operation that is not a deprecated v1 operation of the table",
                key.0, key.1
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("replacements-v2.map:\n  {}", problems.join("\n  ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_name_the_replacement_in_each_language() {
        let d = Deprecation {
            replaced_by: Some(Replacement {
                id: "v2.deals.list".into(),
                method: "GET".into(),
                path: "/v2/deals".into(),
            }),
            note: None,
        };
        assert_eq!(
            d.rust_note(),
            "deprecated by Pipedrive; use client.v2().deals().list(..) (GET /v2/deals)"
        );
        assert_eq!(
            d.python_message("deals.list"),
            "client.deals.list is deprecated by Pipedrive; use client.v2.deals.list (GET /v2/deals)"
        );
    }

    #[test]
    fn a_row_without_replacement_needs_a_reason() {
        assert!(parse_map("DELETE /v1/deals | -\n").is_err());
        assert!(parse_map("DELETE /v1/deals | - | none in v2\n").is_ok());
        assert!(parse_map("DELETE /v1/deals | - | a\nDELETE /v1/deals | - | b\n").is_err());
    }
}
