//! Turns stored records into the v1 response shapes: expanded references, derived
//! counts and names, `related_objects`.
use crate::store::{CustomField, Rec, Store};
use crate::util::{fmt_money, get_bool, get_f64, get_id, get_str, num, round2};
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, HashMap};
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

/// Ids referenced by rendered items, written out as `related_objects`.
#[derive(Debug, Default)]
pub(crate) struct Related {
    pub users: BTreeSet<u64>,
    pub persons: BTreeSet<u64>,
    pub orgs: BTreeSet<u64>,
    pub stages: BTreeSet<u64>,
    pub pipelines: BTreeSet<u64>,
    pub deals: BTreeSet<u64>,
}

impl Related {
    pub(crate) fn to_value(&self, s: &Store, st: &Stats) -> Value {
        let mut out = Map::new();
        let mut section = |name: &str, ids: &BTreeSet<u64>, f: &dyn Fn(u64) -> Option<Value>| {
            let mut m = Map::new();
            for id in ids {
                if let Some(v) = f(*id) {
                    m.insert(id.to_string(), v);
                }
            }
            if !m.is_empty() {
                out.insert(name.to_owned(), Value::Object(m));
            }
        };
        section("user", &self.users, &|id| user_related(s, id));
        section("organization", &self.orgs, &|id| org_related(s, st, id));
        section("person", &self.persons, &|id| person_related(s, id));
        section("stage", &self.stages, &|id| stage_related(s, id));
        section("pipeline", &self.pipelines, &|id| {
            s.pipelines.get(id).map(|p| Value::Object(p.clone()))
        });
        section("deal", &self.deals, &|id| {
            s.deals.get(id).map(|d| {
                json!({
                    "id": id,
                    "title": d.get("title"),
                    "status": d.get("status"),
                    "value": d.get("value"),
                    "currency": d.get("currency"),
                    "stage_id": d.get("stage_id"),
                    "pipeline_id": d.get("pipeline_id"),
                })
            })
        });
        Value::Object(out)
    }
}

fn user_fields(u: &Rec, id: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("name".into(), u.get("name").cloned().unwrap_or(Value::Null));
    m.insert(
        "email".into(),
        u.get("email").cloned().unwrap_or(Value::Null),
    );
    m.insert("has_pic".into(), 0.into());
    m.insert("pic_hash".into(), Value::Null);
    m.insert("active_flag".into(), get_bool(u, "active_flag").into());
    m
}

/// `{"id","name","email","has_pic","pic_hash","active_flag","value"}` for a user id.
pub(crate) fn user_ref(s: &Store, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.users.get(id) {
        Some(u) => {
            let mut m = user_fields(u, id);
            m.insert("value".into(), id.into());
            Value::Object(m)
        }
        None => json!({"id": id, "value": id}),
    }
}

pub(crate) fn user_related(s: &Store, id: u64) -> Option<Value> {
    s.users.get(id).map(|u| Value::Object(user_fields(u, id)))
}

pub(crate) fn user_name(s: &Store, id: Option<u64>) -> Value {
    id.and_then(|id| s.users.get(id))
        .and_then(|u| u.get("name").cloned())
        .unwrap_or(Value::Null)
}

/// A person's contact list, always at least one (possibly empty) entry like the API.
fn contacts(p: &Rec, key: &str) -> Value {
    match p.get(key) {
        Some(Value::Array(a)) if !a.is_empty() => Value::Array(a.clone()),
        _ => json!([{"value": "", "primary": true}]),
    }
}

pub(crate) fn person_ref(s: &Store, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.persons.get(id) {
        Some(p) => json!({
            "active_flag": get_bool(p, "active_flag"),
            "name": p.get("name"),
            "email": contacts(p, "email"),
            "phone": contacts(p, "phone"),
            "owner_id": p.get("owner_id"),
            "value": id,
        }),
        None => json!({"value": id}),
    }
}

pub(crate) fn person_related(s: &Store, id: u64) -> Option<Value> {
    s.persons.get(id).map(|p| {
        json!({
            "active_flag": get_bool(p, "active_flag"),
            "id": id,
            "name": p.get("name"),
            "email": contacts(p, "email"),
            "phone": contacts(p, "phone"),
            "owner_id": p.get("owner_id"),
        })
    })
}

fn org_fields(s: &Store, st: &Stats, o: &Rec, id: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), o.get("name").cloned().unwrap_or(Value::Null));
    m.insert(
        "people_count".into(),
        st.org_people.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert(
        "owner_id".into(),
        o.get("owner_id").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "address".into(),
        o.get("address").cloned().unwrap_or(Value::Null),
    );
    m.insert("active_flag".into(), get_bool(o, "active_flag").into());
    m.insert("cc_email".into(), org_cc(s, id).into());
    m
}

fn org_cc(_s: &Store, id: u64) -> String {
    format!("sandbox+org{id}@pipedrivemail.com")
}

pub(crate) fn org_ref(s: &Store, st: &Stats, id: Option<u64>) -> Value {
    let Some(id) = id else { return Value::Null };
    match s.orgs.get(id) {
        Some(o) => {
            let mut m = org_fields(s, st, o, id);
            m.insert("value".into(), id.into());
            Value::Object(m)
        }
        None => json!({"value": id}),
    }
}

pub(crate) fn org_related(s: &Store, st: &Stats, id: u64) -> Option<Value> {
    s.orgs.get(id).map(|o| {
        let mut m = Map::new();
        m.insert("id".into(), id.into());
        m.extend(org_fields(s, st, o, id));
        Value::Object(m)
    })
}

fn stage_related(s: &Store, id: u64) -> Option<Value> {
    s.stages.get(id).map(|st| {
        let mut m = render_stage(s, st);
        m.insert("company_id".into(), s.company_id.into());
        Value::Object(m)
    })
}

/// A stage with its pipeline's name and probability setting.
pub(crate) fn render_stage(s: &Store, st: &Rec) -> Map<String, Value> {
    let mut m = st.clone();
    let pipeline = get_id(st, "pipeline_id").and_then(|p| s.pipelines.get(p));
    m.insert(
        "pipeline_name".into(),
        pipeline
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "pipeline_deal_probability".into(),
        pipeline
            .map(|p| get_bool(p, "deal_probability"))
            .unwrap_or(false)
            .into(),
    );
    m
}

/// Appends custom field values (null when unset) in field order.
pub(crate) fn put_custom(m: &mut Map<String, Value>, rec: &Rec, fields: &[CustomField]) {
    for f in fields {
        m.insert(
            f.key.clone(),
            rec.get(&f.key).cloned().unwrap_or(Value::Null),
        );
        if f.field_type == "monetary" {
            let ck = format!("{}_currency", f.key);
            m.insert(ck.clone(), rec.get(&ck).cloned().unwrap_or(Value::Null));
        }
    }
}

fn act_fields(s: &Store, m: &mut Map<String, Value>, a: Option<&ActStats>) {
    let next = a
        .and_then(|a| a.next.as_ref())
        .and_then(|(_, _, id)| s.activities.get(*id));
    let last = a.and_then(|a| a.last.as_ref());
    m.insert(
        "next_activity_date".into(),
        next.and_then(|n| n.get("due_date").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "next_activity_time".into(),
        next.and_then(|n| n.get("due_time").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "next_activity_id".into(),
        next.and_then(|n| n.get("id").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "last_activity_id".into(),
        last.map(|(_, _, id)| Value::from(*id))
            .unwrap_or(Value::Null),
    );
    m.insert(
        "last_activity_date".into(),
        last.map(|(d, _, _)| Value::from(d.clone()))
            .unwrap_or(Value::Null),
    );
}

/// Probability used for the weighted value: the deal's own, else its stage's.
fn deal_probability(s: &Store, d: &Rec) -> f64 {
    if let Some(p) = d.get("probability").and_then(crate::util::as_f64) {
        return p;
    }
    get_id(d, "stage_id")
        .and_then(|id| s.stages.get(id))
        .map(|st| get_f64(st, "deal_probability"))
        .unwrap_or(100.0)
}

/// A deal as `GET /deals` shows it.
pub(crate) fn render_deal(
    s: &Store,
    st: &Stats,
    d: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(d, "id").unwrap_or(0);
    let owner = get_id(d, "user_id");
    let creator = get_id(d, "creator_user_id");
    let person = get_id(d, "person_id");
    let org = get_id(d, "org_id");
    let stage = get_id(d, "stage_id");
    let pipeline = get_id(d, "pipeline_id");
    rel.users.extend(owner);
    rel.users.extend(creator);
    rel.persons.extend(person);
    rel.orgs.extend(org);
    rel.stages.extend(stage);
    rel.pipelines.extend(pipeline);
    let status = get_str(d, "status");
    let value = get_f64(d, "value");
    let currency = get_str(d, "currency");
    let weighted = round2(value * deal_probability(s, d) / 100.0);
    let acts = st.deal_acts.get(&id);
    let next = acts
        .and_then(|a| a.next.as_ref())
        .and_then(|(_, _, id)| s.activities.get(*id));
    let person_rec = person.and_then(|p| s.persons.get(p));
    let org_rec = org.and_then(|o| s.orgs.get(o));

    let mut m = Map::with_capacity(72 + customs.len());
    m.insert("id".into(), id.into());
    m.insert("creator_user_id".into(), user_ref(s, creator));
    m.insert("user_id".into(), user_ref(s, owner));
    m.insert("person_id".into(), person_ref(s, person));
    m.insert("org_id".into(), org_ref(s, st, org));
    m.insert(
        "stage_id".into(),
        stage.map(Value::from).unwrap_or(Value::Null),
    );
    m.insert(
        "title".into(),
        d.get("title").cloned().unwrap_or(Value::Null),
    );
    m.insert("value".into(), num(value));
    m.insert("currency".into(), currency.into());
    for k in ["add_time", "update_time", "stage_change_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("active".into(), (status == "open").into());
    m.insert("deleted".into(), (status == "deleted").into());
    m.insert("status".into(), status.into());
    m.insert(
        "probability".into(),
        d.get("probability").cloned().unwrap_or(Value::Null),
    );
    act_fields(s, &mut m, acts);
    for k in ["lost_reason", "visible_to", "close_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert(
        "pipeline_id".into(),
        pipeline.map(Value::from).unwrap_or(Value::Null),
    );
    for k in ["won_time", "first_won_time", "lost_time"] {
        m.insert(k.into(), d.get(k).cloned().unwrap_or(Value::Null));
    }
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    m.insert(
        "products_count".into(),
        st.deal_products.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert("files_count".into(), st.file_count("deal_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("deal", id).into(),
    );
    m.insert("email_messages_count".into(), 0.into());
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert(
        "participants_count".into(),
        st.deal_participants.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert(
        "expected_close_date".into(),
        d.get("expected_close_date").cloned().unwrap_or(Value::Null),
    );
    m.insert("last_incoming_mail_time".into(), Value::Null);
    m.insert("last_outgoing_mail_time".into(), Value::Null);
    m.insert(
        "label".into(),
        d.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "stage_order_nr".into(),
        stage
            .and_then(|i| s.stages.get(i))
            .and_then(|st| st.get("order_nr").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "person_name".into(),
        person_rec
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "org_name".into(),
        org_rec
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    for (k, src) in [
        ("next_activity_subject", "subject"),
        ("next_activity_type", "type"),
        ("next_activity_duration", "duration"),
        ("next_activity_note", "note"),
    ] {
        m.insert(
            k.into(),
            next.and_then(|n| n.get(src).cloned())
                .unwrap_or(Value::Null),
        );
    }
    m.insert("formatted_value".into(), fmt_money(value, currency).into());
    m.insert("weighted_value".into(), num(weighted));
    m.insert(
        "formatted_weighted_value".into(),
        fmt_money(weighted, currency).into(),
    );
    m.insert("weighted_value_currency".into(), currency.into());
    m.insert("rotten_time".into(), Value::Null);
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert(
        "cc_email".into(),
        format!("sandbox+deal{id}@pipedrivemail.com").into(),
    );
    m.insert("org_hidden".into(), false.into());
    m.insert("person_hidden".into(), false.into());
    put_custom(&mut m, d, customs);
    Value::Object(m)
}

/// A person as `GET /persons` shows it.
pub(crate) fn render_person(
    s: &Store,
    st: &Stats,
    p: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(p, "id").unwrap_or(0);
    let owner = get_id(p, "owner_id");
    let org = get_id(p, "org_id");
    rel.users.extend(owner);
    rel.orgs.extend(org);
    let deals = st.person_deals.get(&id).copied().unwrap_or_default();
    let acts = st.person_acts.get(&id);
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    let name = get_str(p, "name");
    let email = contacts(p, "email");
    let primary_email = email
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|e| e.get("primary").and_then(crate::util::as_bool) == Some(true))
                .or_else(|| a.first())
        })
        .and_then(|e| e.get("value").cloned())
        .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
        .unwrap_or(Value::Null);

    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("company_id".into(), s.company_id.into());
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("org_id".into(), org_ref(s, st, org));
    m.insert("name".into(), name.into());
    m.insert(
        "first_name".into(),
        p.get("first_name").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "last_name".into(),
        p.get("last_name").cloned().unwrap_or(Value::Null),
    );
    m.insert("open_deals_count".into(), deals.open.into());
    m.insert("related_open_deals_count".into(), 0.into());
    m.insert("closed_deals_count".into(), (deals.won + deals.lost).into());
    m.insert("related_closed_deals_count".into(), 0.into());
    m.insert("participant_open_deals_count".into(), 0.into());
    m.insert("participant_closed_deals_count".into(), 0.into());
    m.insert("email_messages_count".into(), 0.into());
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert("files_count".into(), st.file_count("person_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("person", id).into(),
    );
    m.insert("won_deals_count".into(), deals.won.into());
    m.insert("related_won_deals_count".into(), 0.into());
    m.insert("lost_deals_count".into(), deals.lost.into());
    m.insert("related_lost_deals_count".into(), 0.into());
    m.insert("active_flag".into(), get_bool(p, "active_flag").into());
    m.insert("phone".into(), contacts(p, "phone"));
    m.insert("email".into(), email);
    m.insert("primary_email".into(), primary_email);
    m.insert("first_char".into(), first_char(name));
    m.insert(
        "update_time".into(),
        p.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        p.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "visible_to".into(),
        p.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    if let Some(ms) = p.get("marketing_status") {
        m.insert("marketing_status".into(), ms.clone());
    }
    m.insert("picture_id".into(), Value::Null);
    act_fields(s, &mut m, acts);
    m.insert("last_incoming_mail_time".into(), Value::Null);
    m.insert("last_outgoing_mail_time".into(), Value::Null);
    m.insert(
        "label".into(),
        p.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "org_name".into(),
        org.and_then(|o| s.orgs.get(o))
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert(
        "cc_email".into(),
        format!("sandbox+person{id}@pipedrivemail.com").into(),
    );
    put_custom(&mut m, p, customs);
    Value::Object(m)
}

fn first_char(name: &str) -> Value {
    name.chars()
        .next()
        .map(|c| Value::from(c.to_lowercase().collect::<String>()))
        .unwrap_or(Value::Null)
}

/// An organization as `GET /organizations` shows it.
pub(crate) fn render_org(
    s: &Store,
    st: &Stats,
    o: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(o, "id").unwrap_or(0);
    let owner = get_id(o, "owner_id");
    rel.users.extend(owner);
    let deals = st.org_deals.get(&id).copied().unwrap_or_default();
    let acts = st.org_acts.get(&id);
    let total = acts.map(|a| a.total).unwrap_or(0);
    let done = acts.map(|a| a.done).unwrap_or(0);
    let name = get_str(o, "name");
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("company_id".into(), s.company_id.into());
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("name".into(), name.into());
    m.insert("open_deals_count".into(), deals.open.into());
    m.insert("related_open_deals_count".into(), 0.into());
    m.insert("closed_deals_count".into(), (deals.won + deals.lost).into());
    m.insert("related_closed_deals_count".into(), 0.into());
    m.insert("email_messages_count".into(), 0.into());
    m.insert(
        "people_count".into(),
        st.org_people.get(&id).copied().unwrap_or(0).into(),
    );
    m.insert("activities_count".into(), total.into());
    m.insert("done_activities_count".into(), done.into());
    m.insert("undone_activities_count".into(), (total - done).into());
    m.insert("files_count".into(), st.file_count("org_id", id).into());
    m.insert("notes_count".into(), 0.into());
    m.insert(
        "followers_count".into(),
        st.follower_count("org", id).into(),
    );
    m.insert("won_deals_count".into(), deals.won.into());
    m.insert("related_won_deals_count".into(), 0.into());
    m.insert("lost_deals_count".into(), deals.lost.into());
    m.insert("related_lost_deals_count".into(), 0.into());
    m.insert("active_flag".into(), get_bool(o, "active_flag").into());
    m.insert("picture_id".into(), Value::Null);
    m.insert("country_code".into(), Value::Null);
    m.insert("first_char".into(), first_char(name));
    m.insert(
        "update_time".into(),
        o.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "add_time".into(),
        o.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "visible_to".into(),
        o.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    act_fields(s, &mut m, acts);
    m.insert(
        "label".into(),
        o.get("label").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "address".into(),
        o.get("address").cloned().unwrap_or(Value::Null),
    );
    for k in [
        "address_subpremise",
        "address_street_number",
        "address_route",
        "address_sublocality",
        "address_locality",
        "address_admin_area_level_1",
        "address_admin_area_level_2",
        "address_country",
        "address_postal_code",
        "address_formatted_address",
    ] {
        m.insert(k.into(), o.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("owner_name".into(), user_name(s, owner));
    m.insert("cc_email".into(), org_cc(s, id).into());
    put_custom(&mut m, o, customs);
    Value::Object(m)
}

/// A product as `GET /products` shows it.
pub(crate) fn render_product(
    s: &Store,
    st: &Stats,
    p: &Rec,
    customs: &[CustomField],
    rel: &mut Related,
) -> Value {
    let id = get_id(p, "id").unwrap_or(0);
    let owner = get_id(p, "owner_id");
    rel.users.extend(owner);
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    for k in ["name", "code", "description", "unit", "tax", "category"] {
        m.insert(k.into(), p.get(k).cloned().unwrap_or(Value::Null));
    }
    m.insert("active_flag".into(), get_bool(p, "active_flag").into());
    m.insert("selectable".into(), get_bool(p, "selectable").into());
    m.insert("first_char".into(), first_char(get_str(p, "name")));
    m.insert(
        "visible_to".into(),
        p.get("visible_to").cloned().unwrap_or(Value::Null),
    );
    m.insert("owner_id".into(), user_ref(s, owner));
    m.insert("files_count".into(), st.file_count("product_id", id).into());
    m.insert(
        "followers_count".into(),
        st.follower_count("product", id).into(),
    );
    m.insert(
        "add_time".into(),
        p.get("add_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "update_time".into(),
        p.get("update_time").cloned().unwrap_or(Value::Null),
    );
    m.insert(
        "prices".into(),
        p.get("prices").cloned().unwrap_or(json!([])),
    );
    put_custom(&mut m, p, customs);
    Value::Object(m)
}

/// An activity as `GET /activities` shows it.
pub(crate) fn render_activity(s: &Store, a: &Rec, rel: &mut Related) -> Value {
    let user = get_id(a, "user_id");
    let person = get_id(a, "person_id");
    let org = get_id(a, "org_id");
    let deal = get_id(a, "deal_id");
    rel.users.extend(user);
    rel.persons.extend(person);
    rel.orgs.extend(org);
    rel.deals.extend(deal);
    let mut m = Map::new();
    let get = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
    m.insert("id".into(), get("id"));
    m.insert("company_id".into(), s.company_id.into());
    m.insert("user_id".into(), get("user_id"));
    m.insert("done".into(), get_bool(a, "done").into());
    m.insert("type".into(), get("type"));
    for k in [
        "reference_type",
        "reference_id",
        "conference_meeting_client",
        "conference_meeting_url",
        "conference_meeting_id",
    ] {
        m.insert(k.into(), get(k));
    }
    for k in ["due_date", "due_time", "duration"] {
        m.insert(k.into(), get(k));
    }
    m.insert("busy_flag".into(), get("busy_flag"));
    m.insert("add_time".into(), get("add_time"));
    m.insert("marked_as_done_time".into(), get("marked_as_done_time"));
    m.insert("last_notification_time".into(), Value::Null);
    m.insert("last_notification_user_id".into(), Value::Null);
    m.insert("notification_language_id".into(), Value::Null);
    m.insert("subject".into(), get("subject"));
    m.insert("public_description".into(), get("public_description"));
    m.insert("calendar_sync_include_context".into(), Value::Null);
    m.insert("location".into(), get("location"));
    m.insert("org_id".into(), get("org_id"));
    m.insert("person_id".into(), get("person_id"));
    m.insert("deal_id".into(), get("deal_id"));
    m.insert("lead_id".into(), get("lead_id"));
    m.insert("active_flag".into(), get_bool(a, "active_flag").into());
    m.insert("update_time".into(), get("update_time"));
    m.insert("update_user_id".into(), get("update_user_id"));
    for k in [
        "gcal_event_id",
        "google_calendar_id",
        "google_calendar_etag",
        "source_timezone",
        "rec_rule",
        "rec_rule_extension",
        "rec_master_activity_id",
    ] {
        m.insert(k.into(), Value::Null);
    }
    m.insert("series".into(), json!([]));
    m.insert("note".into(), get("note"));
    m.insert("created_by_user_id".into(), get("created_by_user_id"));
    m.insert("attendees".into(), get("attendees"));
    m.insert("participants".into(), get("participants"));
    m.insert(
        "org_name".into(),
        org.and_then(|o| s.orgs.get(o))
            .and_then(|o| o.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "person_name".into(),
        person
            .and_then(|p| s.persons.get(p))
            .and_then(|p| p.get("name").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert(
        "deal_title".into(),
        deal.and_then(|d| s.deals.get(d))
            .and_then(|d| d.get("title").cloned())
            .unwrap_or(Value::Null),
    );
    m.insert("owner_name".into(), user_name(s, user));
    m.insert("person_dropbox_bcc".into(), Value::Null);
    m.insert(
        "deal_dropbox_bcc".into(),
        deal.map(|d| Value::from(format!("sandbox+deal{d}@pipedrivemail.com")))
            .unwrap_or(Value::Null),
    );
    m.insert("assigned_to_user_id".into(), get("assigned_to_user_id"));
    m.insert("file".into(), Value::Null);
    Value::Object(m)
}

/// A user, with `is_you` for the token's owner.
pub(crate) fn render_user(s: &Store, u: &Rec) -> Value {
    let mut m = u.clone();
    m.insert("is_you".into(), (get_id(u, "id") == Some(s.me)).into());
    Value::Object(m)
}

/// A name field of a linked item, or `""` when there is none.
fn linked_name(t: &crate::store::Table, id: Option<u64>, key: &str) -> Value {
    id.and_then(|id| t.get(id))
        .map(|r| get_str(r, key))
        .unwrap_or("")
        .into()
}

/// A file as `/files` answers it; linked items' names are read live.
pub(crate) fn render_file(s: &Store, f: &Rec) -> Value {
    let field = |k: &str| f.get(k).cloned().unwrap_or(Value::Null);
    let lead_name = f
        .get("lead_id")
        .and_then(Value::as_str)
        .and_then(|l| s.lead_index(l))
        .map(|i| get_str(&s.leads[i], "title"))
        .unwrap_or("");
    let mut m = Map::new();
    for k in [
        "id",
        "user_id",
        "deal_id",
        "person_id",
        "org_id",
        "product_id",
        "activity_id",
        "lead_id",
        "log_id",
        "add_time",
        "update_time",
        "file_name",
        "file_type",
        "file_size",
    ] {
        m.insert(k.into(), field(k));
    }
    m.insert("active_flag".into(), get_bool(f, "active_flag").into());
    m.insert("inline_flag".into(), false.into());
    for k in [
        "remote_location",
        "remote_id",
        "cid",
        "s3_bucket",
        "mail_message_id",
        "mail_template_id",
    ] {
        m.insert(k.into(), field(k));
    }
    m.insert(
        "deal_name".into(),
        linked_name(&s.deals, get_id(f, "deal_id"), "title"),
    );
    m.insert(
        "person_name".into(),
        linked_name(&s.persons, get_id(f, "person_id"), "name"),
    );
    m.insert(
        "org_name".into(),
        linked_name(&s.orgs, get_id(f, "org_id"), "name"),
    );
    m.insert(
        "product_name".into(),
        linked_name(&s.products, get_id(f, "product_id"), "name"),
    );
    m.insert("lead_name".into(), lead_name.into());
    for k in ["url", "name", "description"] {
        m.insert(k.into(), field(k));
    }
    Value::Object(m)
}
