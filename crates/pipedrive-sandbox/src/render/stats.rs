//! Counts derived from the whole store (activities, products, participants, followers,
//! deals and people per contact, files per item), computed once per request and shared
//! by every record rendered in it.
use crate::store::{Rec, Store};
use crate::util::{get_bool, get_id, get_str};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// Activity totals of one item.
#[derive(Debug, Default, Clone)]
pub(crate) struct ActStats {
    pub total: u64,
    pub done: u64,
    /// Earliest undone activity: (due date, due time, id).
    pub next: Option<(String, String, u64)>,
    /// Latest done activity.
    pub last: Option<(String, String, u64)>,
}

impl ActStats {
    fn add(&mut self, a: &Rec) {
        let Some(id) = get_id(a, "id") else { return };
        self.total += 1;
        let key = (
            get_str(a, "due_date").to_owned(),
            get_str(a, "due_time").to_owned(),
            id,
        );
        if get_bool(a, "done") {
            self.done += 1;
            if self.last.as_ref().is_none_or(|l| key > *l) {
                self.last = Some(key);
            }
        } else if self.next.as_ref().is_none_or(|n| key < *n) {
            self.next = Some(key);
        }
    }
}

/// Open / won / lost deal counts of a person or organization.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct DealCounts {
    pub open: u64,
    pub won: u64,
    pub lost: u64,
}

/// Derived numbers, computed once per request from the whole store.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub deal_acts: HashMap<u64, ActStats>,
    pub person_acts: HashMap<u64, ActStats>,
    pub org_acts: HashMap<u64, ActStats>,
    pub deal_products: HashMap<u64, u64>,
    pub deal_participants: HashMap<u64, u64>,
    /// Followers by (kind, item id).
    pub followers: HashMap<(String, u64), u64>,
    pub person_deals: HashMap<u64, DealCounts>,
    pub org_deals: HashMap<u64, DealCounts>,
    pub org_people: HashMap<u64, u64>,
    /// Live files by (linked item's id field, item id).
    pub files: HashMap<(&'static str, u64), u64>,
}

impl Stats {
    /// Derived counts for rendering. Reads share one computation until the next write;
    /// during a write they are computed fresh, and person/organization deal counts
    /// (a pass over every deal) only when `contact_deals` asks for them.
    pub(crate) fn get(s: &Store, contact_deals: bool) -> Arc<Stats> {
        if s.writing.load(Ordering::SeqCst) {
            return Arc::new(Stats::build(s, contact_deals));
        }
        let mut cache = s.stats_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(st) = cache.as_ref() {
            return Arc::clone(st);
        }
        let st = Arc::new(Stats::build(s, true));
        *cache = Some(Arc::clone(&st));
        st
    }

    fn build(s: &Store, contact_deals: bool) -> Stats {
        let mut st = Stats::default();
        for a in s.activities.rows.values() {
            if !get_bool(a, "active_flag") {
                continue;
            }
            if let Some(d) = get_id(a, "deal_id") {
                st.deal_acts.entry(d).or_default().add(a);
            }
            if let Some(p) = get_id(a, "person_id") {
                st.person_acts.entry(p).or_default().add(a);
            }
            if let Some(o) = get_id(a, "org_id") {
                st.org_acts.entry(o).or_default().add(a);
            }
        }
        for dp in s.deal_products.rows.values() {
            if let Some(d) = get_id(dp, "deal_id") {
                *st.deal_products.entry(d).or_default() += 1;
            }
        }
        for p in s.participants.rows.values() {
            if let Some(d) = get_id(p, "deal_id") {
                *st.deal_participants.entry(d).or_default() += 1;
            }
        }
        for f in s.followers.rows.values() {
            if let Some(item) = get_id(f, "item_id") {
                *st.followers
                    .entry((get_str(f, "kind").to_owned(), item))
                    .or_default() += 1;
            }
        }
        for d in s.deals.rows.values().filter(|_| contact_deals) {
            let status = get_str(d, "status");
            let bump = |c: &mut DealCounts| match status {
                "open" => c.open += 1,
                "won" => c.won += 1,
                "lost" => c.lost += 1,
                _ => {}
            };
            if let Some(p) = get_id(d, "person_id") {
                bump(st.person_deals.entry(p).or_default());
            }
            if let Some(o) = get_id(d, "org_id") {
                bump(st.org_deals.entry(o).or_default());
            }
        }
        for p in s.persons.rows.values() {
            if !get_bool(p, "active_flag") {
                continue;
            }
            if let Some(o) = get_id(p, "org_id") {
                *st.org_people.entry(o).or_default() += 1;
            }
        }
        for f in s.files.rows.values() {
            if !get_bool(f, "active_flag") {
                continue;
            }
            for key in ["deal_id", "person_id", "org_id", "product_id"] {
                if let Some(id) = get_id(f, key) {
                    *st.files.entry((key, id)).or_default() += 1;
                }
            }
        }
        st
    }

    /// Live files linked to an item through `key` (`deal_id`, `person_id`, ...).
    pub(crate) fn file_count(&self, key: &'static str, id: u64) -> u64 {
        self.files.get(&(key, id)).copied().unwrap_or(0)
    }

    pub(crate) fn follower_count(&self, kind: &str, id: u64) -> u64 {
        self.followers
            .get(&(kind.to_owned(), id))
            .copied()
            .unwrap_or(0)
    }
}
