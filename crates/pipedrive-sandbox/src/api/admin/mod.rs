//! Account setup, one module per route group: [`stages`] (`/stages`, `/pipelines`),
//! [`users`] (`/users`), [`filters`] (`/filters`, and matching records against a saved
//! filter) and [`currencies`] (`/currencies`). Here: what more than one of them needs.
pub(crate) mod currencies;
pub(crate) mod filters;
pub(crate) mod stages;
pub(crate) mod users;

use crate::api::now;
use crate::util::get_bool;

/// Marks the active rows among `ids` inactive; returns the ids it changed.
pub(crate) fn deactivate(table: &mut crate::store::Table, ids: &[u64]) -> Vec<u64> {
    let t = now();
    ids.iter()
        .copied()
        .filter(|id| match table.get_mut(*id) {
            Some(r) if get_bool(r, "active_flag") => {
                r.insert("active_flag".into(), false.into());
                r.insert("update_time".into(), t.clone().into());
                true
            }
            _ => false,
        })
        .collect()
}
