//! Deterministic demo data: the same seed always gives the same account.
use crate::store::{Store, field_record, obj};
use crate::util::{Rng, fmt_date, fmt_iso, fmt_time, num, round2};
use serde_json::{Value, json};

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jade", "Kofi",
    "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera",
    "Wen", "Ximena", "Yusuf", "Zoe",
];
const LAST: &[&str] = &[
    "Andersen", "Brooks", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quispe", "Rossi",
    "Schmidt", "Tanaka", "Urban", "Varga", "Weber", "Yilmaz", "Zimmer",
];
const ORG_A: &[&str] = &[
    "Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit", "Pine", "Quartz", "River", "Summit", "Tundra",
];
const ORG_B: &[&str] = &[
    "Logistics",
    "Analytics",
    "Foods",
    "Robotics",
    "Health",
    "Energy",
    "Studios",
    "Systems",
    "Partners",
    "Labs",
];
const ORG_C: &[&str] = &["Ltd", "GmbH", "Inc", "OÜ", "AB", "SARL", "LLC"];
const CITIES: &[(&str, &str)] = &[
    ("Tallinn", "Estonia"),
    ("Berlin", "Germany"),
    ("Lisbon", "Portugal"),
    ("Austin", "United States"),
    ("Stockholm", "Sweden"),
    ("Lyon", "France"),
    ("Leeds", "United Kingdom"),
    ("Osaka", "Japan"),
];
const PRODUCTS: &[(&str, &str, f64)] = &[
    ("Starter licence", "LIC-S", 49.0),
    ("Team licence", "LIC-T", 199.0),
    ("Enterprise licence", "LIC-E", 999.0),
    ("Onboarding workshop", "SRV-ONB", 1500.0),
    ("Data migration", "SRV-MIG", 2500.0),
    ("Premium support", "SUP-P", 300.0),
    ("API add-on", "ADD-API", 120.0),
    ("Reporting add-on", "ADD-REP", 90.0),
    ("Training day", "SRV-TRN", 800.0),
    ("Hardware kit", "HW-KIT", 450.0),
];
const DEAL_KINDS: &[&str] = &[
    "licence renewal",
    "expansion",
    "pilot",
    "onboarding",
    "support contract",
    "migration project",
    "annual plan",
    "upsell",
];
const SOURCES: &[&str] = &[
    "Website",
    "Referral",
    "Partner",
    "Event",
    "Cold call",
    "Webinar",
];
const LOST_REASONS: &[&str] = &[
    "Price too high",
    "Went with competitor",
    "No budget",
    "Timing",
];
const SUBJECTS: &[(&str, &str)] = &[
    ("call", "Intro call"),
    ("meeting", "Demo meeting"),
    ("task", "Send proposal"),
    ("email", "Follow-up email"),
    ("deadline", "Contract deadline"),
    ("lunch", "Lunch with champion"),
];

/// Fills an account made by [`Store::new`] with seeded data.
pub(crate) fn seed(store: &mut Store, seed: u64, deals: usize) {
    let mut rng = Rng::new(seed);
    let epoch = store.epoch;
    let me = store.me;
    store.add_user("Blake Seller", "blake.seller@sandbox.example", false);
    store.add_user("Casey Closer", "casey.closer@sandbox.example", false);
    let users: Vec<u64> = store.users.rows.keys().copied().collect();
    let base = epoch - 365 * 86_400;

    // Two custom deal fields, filled on every deal below.
    let field_time = fmt_time(base);
    let source_key = rng.hex40();
    let months_key = rng.hex40();
    let order = store.deal_fields.rows.len();
    store.deal_fields.insert(field_record(
        &source_key,
        "Lead source",
        "varchar",
        order + 1,
        &field_time,
        me,
        true,
        Value::Null,
    ));
    store.deal_fields.insert(field_record(
        &months_key,
        "Contract months",
        "double",
        order + 2,
        &field_time,
        me,
        true,
        Value::Null,
    ));

    // Organizations.
    let org_count = 20;
    for i in 0..org_count {
        let a = ORG_A[(i + rng.below(3) as usize) % ORG_A.len()];
        let b = rng.pick(ORG_B).copied().unwrap_or("Labs");
        let c = rng.pick(ORG_C).copied().unwrap_or("Ltd");
        let (city, country) = rng.pick(CITIES).copied().unwrap_or(("Tallinn", "Estonia"));
        let street = rng.range(1, 120);
        let t = base + (i as i64) * 3 * 86_400 + rng.range(0, 86_000);
        store.orgs.insert(obj(json!({
            "company_id": store.company_id,
            "owner_id": rng.pick(&users).copied().unwrap_or(me),
            "name": format!("{a} {b} {c}"),
            "active_flag": true,
            "visible_to": "3",
            "address": format!("{street} Market Street, {city}, {country}"),
            "address_locality": city,
            "address_country": country,
            "label": null,
            "add_time": fmt_time(t),
            "update_time": fmt_time(t + rng.range(0, 30 * 86_400)),
        })));
    }

    // Persons, most of them in an organization.
    let person_count = 50;
    for i in 0..person_count {
        let first = rng.pick(FIRST).copied().unwrap_or("Ada");
        let last = rng.pick(LAST).copied().unwrap_or("Brooks");
        let org = if rng.chance(90) {
            Some(1 + rng.below(org_count as u64))
        } else {
            None
        };
        let t = base + (i as i64) * 86_400 + rng.range(0, 86_000);
        let email = format!(
            "{}.{}{}@example.com",
            first.to_lowercase(),
            last.to_lowercase(),
            i + 1
        );
        let phone = format!("+372 5{:07}", rng.below(10_000_000));
        store.persons.insert(obj(json!({
            "company_id": store.company_id,
            "owner_id": rng.pick(&users).copied().unwrap_or(me),
            "org_id": org,
            "name": format!("{first} {last}"),
            "first_name": first,
            "last_name": last,
            "active_flag": true,
            "phone": [{"label": "work", "value": phone, "primary": true}],
            "email": [{"label": "work", "value": email, "primary": true}],
            "visible_to": "3",
            "label": null,
            "add_time": fmt_time(t),
            "update_time": fmt_time(t + rng.range(0, 20 * 86_400)),
        })));
    }
    let person_orgs: Vec<(u64, Option<u64>)> = store
        .persons
        .rows
        .iter()
        .map(|(id, p)| (*id, p.get("org_id").and_then(Value::as_u64)))
        .collect();

    // Products.
    for (i, (name, code, price)) in PRODUCTS.iter().enumerate() {
        let t = base + (i as i64) * 86_400;
        let pid = store.products.last_id + 1;
        store.products.insert(obj(json!({
            "name": name,
            "code": code,
            "description": null,
            "unit": "pcs",
            "tax": 0,
            "category": null,
            "active_flag": true,
            "selectable": true,
            "visible_to": "3",
            "owner_id": me,
            "prices": [
                {"id": pid * 10 + 1, "product_id": pid, "price": num(*price), "currency": "USD", "cost": num(round2(price * 0.4)), "overhead_cost": 0},
                {"id": pid * 10 + 2, "product_id": pid, "price": num(round2(price * 0.92)), "currency": "EUR", "cost": num(round2(price * 0.37)), "overhead_cost": 0},
            ],
            "add_time": fmt_time(t),
            "update_time": fmt_time(t),
        })));
    }

    // Deals, added in time order over the past year.
    let stages: Vec<u64> = store.stages.rows.keys().copied().collect();
    let step = if deals == 0 {
        0
    } else {
        (360 * 86_400) / deals as i64
    };
    for i in 0..deals {
        let (person, org) = match rng.below(10) {
            0 => (None, Some(1 + rng.below(org_count as u64))),
            _ => {
                let (p, o) = person_orgs
                    .get(rng.below(person_orgs.len() as u64) as usize)
                    .copied()
                    .unwrap_or((1, None));
                (Some(p), o)
            }
        };
        let org_name_part = org
            .and_then(|o| store.orgs.get(o))
            .and_then(|o| o.get("name").and_then(Value::as_str))
            .and_then(|n| n.split(' ').next())
            .unwrap_or("Solo");
        let kind = rng.pick(DEAL_KINDS).copied().unwrap_or("pilot");
        let title = format!("{org_name_part} {kind} #{}", i + 1);
        let currency = match rng.below(10) {
            0..=4 => "USD",
            5..=7 => "EUR",
            _ => "GBP",
        };
        let value = (rng.range(2, 2_000) * 50) as f64;
        let add = base + (i as i64) * step + rng.range(0, step.max(1) - 1).max(0);
        let update = add + rng.range(3_600, 40 * 86_400);
        let status = match rng.below(20) {
            0..=11 => "open",
            12..=16 => "won",
            _ => "lost",
        };
        let stage = rng.pick(&stages).copied().unwrap_or(1);
        let owner = rng.pick(&users).copied().unwrap_or(me);
        let close = update.min(epoch - 3_600);
        let mut rec = obj(json!({
            "creator_user_id": me,
            "user_id": owner,
            "person_id": person,
            "org_id": org,
            "stage_id": stage,
            "pipeline_id": 1,
            "title": title,
            "value": num(value),
            "currency": currency,
            "add_time": fmt_time(add),
            "update_time": fmt_time(update),
            "stage_change_time": if stage > 1 { Value::from(fmt_time(add + (update - add) / 2)) } else { Value::Null },
            "status": status,
            "probability": null,
            "lost_reason": if status == "lost" { rng.pick(LOST_REASONS).map(|s| Value::from(*s)).unwrap_or(Value::Null) } else { Value::Null },
            "visible_to": "3",
            "close_time": if status == "open" { Value::Null } else { Value::from(fmt_time(close)) },
            "won_time": if status == "won" { Value::from(fmt_time(close)) } else { Value::Null },
            "first_won_time": if status == "won" { Value::from(fmt_time(close)) } else { Value::Null },
            "lost_time": if status == "lost" { Value::from(fmt_time(close)) } else { Value::Null },
            "expected_close_date": fmt_date(add + rng.range(14, 120) * 86_400),
            "label": null,
        }));
        rec.insert(
            source_key.clone(),
            rng.pick(SOURCES)
                .map(|s| Value::from(*s))
                .unwrap_or(Value::Null),
        );
        rec.insert(
            months_key.clone(),
            Value::from([1, 3, 6, 12, 24, 36][rng.below(6) as usize]),
        );
        store.deals.insert(rec);
    }

    // Activities on about a third of the deals.
    let deal_ids: Vec<u64> = store.deals.rows.keys().copied().collect();
    for (n, deal_id) in deal_ids.iter().enumerate() {
        if n % 3 != 0 {
            continue;
        }
        let Some(deal) = store.deals.get(*deal_id) else {
            continue;
        };
        let person = deal.get("person_id").and_then(Value::as_u64);
        let org = deal.get("org_id").and_then(Value::as_u64);
        let owner = deal.get("user_id").and_then(Value::as_u64).unwrap_or(me);
        let (kind, subject) = rng.pick(SUBJECTS).copied().unwrap_or(("call", "Call"));
        let deal_added = deal
            .get("add_time")
            .and_then(Value::as_str)
            .and_then(|t| t.get(..10))
            .and_then(crate::util::parse_date)
            .map(|d| d * 86_400)
            .unwrap_or(epoch);
        let due = deal_added + rng.range(2, 45) * 86_400;
        let open = deal.get("status").and_then(Value::as_str) == Some("open");
        let done = due < epoch && (!open || rng.chance(60));
        let add = deal_added.max(due - rng.range(1, 20) * 86_400);
        store.activities.insert(obj(json!({
            "company_id": store.company_id,
            "user_id": owner,
            "done": done,
            "type": kind,
            "due_date": fmt_date(due),
            "due_time": format!("{:02}:{:02}", rng.range(8, 17), [0, 15, 30, 45][rng.below(4) as usize]),
            "duration": "00:30",
            "busy_flag": false,
            "add_time": fmt_time(add),
            "marked_as_done_time": if done { Value::from(fmt_time(due)) } else { Value::Null },
            "subject": subject,
            "public_description": null,
            "location": null,
            "org_id": org,
            "person_id": person,
            "deal_id": deal_id,
            "lead_id": null,
            "active_flag": true,
            "update_time": fmt_time(add),
            "note": null,
            "created_by_user_id": me,
            "participants": match person { Some(p) => json!([{"person_id": p, "primary_flag": true}]), None => json!([]) },
            "attendees": null,
            "assigned_to_user_id": owner,
        })));
    }

    // A few leads.
    for i in 0..10 {
        let (person, org) = person_orgs
            .get(rng.below(person_orgs.len() as u64) as usize)
            .copied()
            .unwrap_or((1, None));
        let t = epoch - (10 - i) * 86_400 + rng.range(0, 80_000);
        let id = rng.uuid();
        let owner = rng.pick(&users).copied().unwrap_or(me);
        let amount = rng.range(5, 400) * 100;
        store.leads.push(obj(json!({
            "id": id,
            "title": format!("Inbound lead {}", i + 1),
            "owner_id": owner,
            "creator_id": me,
            "label_ids": [],
            "person_id": person,
            "organization_id": org,
            "source_name": "API",
            "is_archived": i % 7 == 6,
            "was_seen": i % 2 == 0,
            "value": {"amount": amount, "currency": "USD"},
            "expected_close_date": null,
            "next_activity_id": null,
            "add_time": fmt_iso(t),
            "update_time": fmt_iso(t),
            "visible_to": "3",
            "cc_email": format!("sandbox+lead{}@pipedrivemail.com", i + 1),
        })));
    }

    // One saved filter.
    let ft = fmt_time(base);
    store.filters.insert(obj(json!({
        "name": "All open deals",
        "active_flag": true,
        "type": "deals",
        "temporary_flag": null,
        "user_id": me,
        "add_time": ft,
        "update_time": ft,
        "visible_to": 7,
        "custom_view_id": null,
        "conditions": {"glue": "and", "conditions": [
            {"glue": "and", "conditions": [{"object": "deal", "field_id": "12", "operator": "=", "value": "open", "extra_value": null}]},
            {"glue": "or", "conditions": []}
        ]},
    })));
}
