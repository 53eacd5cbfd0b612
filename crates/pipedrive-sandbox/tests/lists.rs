//! Pagination, sorting and filters over a seeded account; search; determinism.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, assert_error, items};
use pipedrive_sandbox::Sandbox;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn big() -> Sandbox {
    Sandbox::builder()
        .seed(42)
        .seed_deals(1000)
        .start()
        .unwrap()
}

#[test]
fn pagination_over_a_thousand_deals() {
    let sb = big();
    assert_eq!(sb.count("deals"), 1000);
    let mut c = Client::new(&sb);
    let mut start = 0;
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    loop {
        let v = c
            .get(&format!(
                "deals?status=all_not_deleted&start={start}&limit=300"
            ))
            .json();
        let page = &v["additional_data"]["pagination"];
        assert_eq!(page["start"], start);
        assert_eq!(page["limit"], 300);
        for d in items(&v["data"]) {
            assert!(seen.insert(d["id"].as_u64().unwrap()), "duplicate id");
        }
        pages += 1;
        if page["more_items_in_collection"] == false {
            assert!(page.get("next_start").is_none());
            break;
        }
        let next = page["next_start"].as_u64().unwrap();
        assert_eq!(next, start + 300);
        start = next;
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), 1000);

    // Defaults and limits.
    let v = c.get("deals").json();
    assert_eq!(items(&v["data"]).len(), 100);
    assert_eq!(v["additional_data"]["pagination"]["limit"], 100);
    assert_eq!(v["additional_data"]["pagination"]["next_start"], 100);
    let v = c.get("deals?limit=5000").json();
    assert_eq!(items(&v["data"]).len(), 500);
    assert_eq!(v["additional_data"]["pagination"]["limit"], 500);
    let v = c.get("deals?start=990&limit=50").json();
    assert_eq!(items(&v["data"]).len(), 10);
    assert_eq!(
        v["additional_data"]["pagination"]["more_items_in_collection"],
        false
    );
    assert!(c.get("deals?start=5000").data().is_null());
    assert_error(&c.get("deals?limit=abc"), 400);
    assert_error(&c.get("deals?start=-1"), 400);
}

#[test]
fn related_objects_cover_the_page() {
    let sb = Sandbox::with_seed(3).unwrap();
    let mut c = Client::new(&sb);
    let v = c.get("deals?limit=20").json();
    let rel = &v["related_objects"];
    for d in items(&v["data"]) {
        let uid = d["user_id"]["value"].to_string();
        assert!(rel["user"][&uid].is_object(), "user {uid} missing");
        if let Some(p) = d["person_id"]["value"].as_u64() {
            assert_eq!(rel["person"][p.to_string()]["id"], p);
        }
        if let Some(o) = d["org_id"]["value"].as_u64() {
            assert_eq!(rel["organization"][o.to_string()]["id"], o);
        }
        assert!(rel["stage"][d["stage_id"].to_string()].is_object());
    }
}

#[test]
fn sorting_and_filters() {
    let sb = Sandbox::with_seed(9).unwrap();
    let mut c = Client::new(&sb);
    let titles: Vec<String> = items(&c.get("deals?sort=title%20ASC&limit=500").data())
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    let ids: Vec<u64> = items(&c.get("deals?sort=id+DESC&limit=3").data())
        .iter()
        .map(|d| d["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![100, 99, 98]);
    let times: Vec<String> = items(
        &c.get("deals?sort=add_time%20DESC,id%20ASC&limit=500")
            .data(),
    )
    .iter()
    .map(|d| d["add_time"].as_str().unwrap().to_owned())
    .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert_error(&c.get("deals?sort=title%20SIDEWAYS"), 400);

    let mut total = 0;
    for status in ["open", "won", "lost"] {
        let list = items(&c.get(&format!("deals?status={status}&limit=500")).data());
        assert!(!list.is_empty(), "seed spreads statuses");
        assert!(list.iter().all(|d| d["status"] == status));
        total += list.len();
    }
    assert_eq!(total, 100);
    assert_error(&c.get("deals?status=sleeping"), 400);

    let users: Vec<u64> = items(&c.get("users").data())
        .iter()
        .map(|u| u["id"].as_u64().unwrap())
        .collect();
    assert_eq!(users.len(), 3);
    let mut by_user = 0;
    for u in &users {
        let list = items(&c.get(&format!("deals?user_id={u}&limit=500")).data());
        assert!(list.iter().all(|d| d["user_id"]["id"] == *u));
        by_user += list.len();
    }
    assert_eq!(by_user, 100);

    // Relations of the seeded data agree with the deal list.
    let all = items(&c.get("deals?limit=500").data());
    let d = all.iter().find(|d| d["person_id"].is_object()).unwrap();
    let pid = d["person_id"]["value"].as_u64().unwrap();
    let expected = all
        .iter()
        .filter(|x| x["person_id"]["value"] == pid)
        .count();
    assert_eq!(
        items(&c.get(&format!("persons/{pid}/deals?limit=500")).data()).len(),
        expected
    );
    let oid = all.iter().find(|d| d["org_id"].is_object()).unwrap()["org_id"]["value"]
        .as_u64()
        .unwrap();
    let expected = all.iter().filter(|x| x["org_id"]["value"] == oid).count();
    assert_eq!(
        items(
            &c.get(&format!("organizations/{oid}/deals?limit=500"))
                .data()
        )
        .len(),
        expected
    );
    let people = items(&c.get(&format!("organizations/{oid}/persons")).data());
    assert!(people.iter().all(|p| p["org_id"]["value"] == oid));
    assert_eq!(
        c.get(&format!("organizations/{oid}")).data()["people_count"],
        people.len()
    );

    // Seeded custom fields carry values on every deal.
    let custom: Vec<String> = items(&c.get("dealFields").data())
        .iter()
        .filter(|f| f["edit_flag"] == true)
        .map(|f| f["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(custom.len(), 2);
    for d in &all {
        for k in &custom {
            assert!(!d[k].is_null(), "deal {} lacks {k}", d["id"]);
        }
    }
    assert!(sb.count("activities") > 0);
    assert_eq!(sb.count("organizations"), 20);
    assert_eq!(sb.count("persons"), 50);
}

#[test]
fn search_endpoints() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    let org = c
        .post(
            "organizations",
            &json!({"name": "Globex Corporation", "address": "Cypress Creek 1"}),
        )
        .data()["id"]
        .as_u64()
        .unwrap();
    let person = c
        .post("persons", &json!({"name": "Hank Scorpio", "org_id": org, "email": "hank@globex.com", "phone": "+1 555 0100"}))
        .data()["id"]
        .as_u64()
        .unwrap();
    c.post(
        "deals",
        &json!({"title": "Globex doomsday device", "person_id": person, "org_id": org}),
    );
    c.post(
        "deals",
        &json!({"title": "Hammock district", "status": "won"}),
    );
    c.post("deals", &json!({"title": "globex"}));
    c.post(
        "products",
        &json!({"name": "Doomsday device", "code": "DDD-1"}),
    );
    c.post(
        "leads",
        &json!({"title": "Globex expansion", "organization_id": org}),
    );

    // Term rules.
    assert_error(&c.get("deals/search?term=g"), 400);
    assert_error(&c.get("deals/search"), 400);
    assert_eq!(c.get("deals/search?term=g&exact_match=true").status, 200);
    assert_error(&c.get("deals/search?term=globex&fields=body"), 400);

    let v = c.get("deals/search?term=globex").json();
    let hits = v["data"]["items"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    // The exact title scores highest.
    assert_eq!(hits[0]["item"]["title"], "globex");
    assert!(hits[0]["result_score"].as_f64().unwrap() > hits[1]["result_score"].as_f64().unwrap());
    assert_eq!(hits[1]["item"]["type"], "deal");
    assert_eq!(hits[1]["item"]["person"]["id"], person);
    assert_eq!(
        hits[1]["item"]["organization"]["name"],
        "Globex Corporation"
    );
    assert_eq!(v["additional_data"]["pagination"]["start"], 0);

    let exact = c.get("deals/search?term=GLOBEX&exact_match=true").data();
    assert_eq!(exact["items"].as_array().unwrap().len(), 1);
    let paged = c.get("deals/search?term=globex&limit=1").json();
    assert_eq!(paged["data"]["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        paged["additional_data"]["pagination"]["more_items_in_collection"],
        true
    );
    assert_eq!(paged["additional_data"]["pagination"]["next_start"], 1);
    let won = c.get("deals/search?term=hammock&status=won").data();
    assert_eq!(won["items"].as_array().unwrap().len(), 1);
    let none = c.get("deals/search?term=globex&fields=notes").data();
    assert!(none["items"].as_array().unwrap().is_empty());

    let p = c
        .get("persons/search?term=hank%40globex.com&fields=email")
        .data();
    assert_eq!(p["items"][0]["item"]["name"], "Hank Scorpio");
    assert_eq!(p["items"][0]["item"]["emails"][0], "hank@globex.com");
    assert_eq!(
        c.get("persons/search?term=scorpio&fields=email").data()["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let o = c
        .get("organizations/search?term=cypress&fields=address")
        .data();
    assert_eq!(o["items"][0]["item"]["id"], org);
    let pr = c
        .get("products/search?term=ddd-1&fields=code&exact_match=1")
        .data();
    assert_eq!(pr["items"][0]["item"]["name"], "Doomsday device");
    let l = c.get("leads/search?term=expansion").data();
    assert_eq!(l["items"][0]["item"]["type"], "lead");
    assert_eq!(l["items"][0]["item"]["organization"]["id"], org);
}

#[test]
fn search_finds_custom_field_values() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    let key = c
        .post(
            "dealFields",
            &json!({"name": "Codename", "field_type": "varchar"}),
        )
        .data()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = json!({"title": "Plain title"});
    body[&key] = json!("Operation Nightingale");
    c.post("deals", &body);
    let hit = c
        .get("deals/search?term=nightingale&fields=custom_fields")
        .data();
    let items = hit["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["item"]["custom_fields"][0],
        "Operation Nightingale"
    );
    let none = c.get("deals/search?term=nightingale&fields=title").data();
    assert!(none["items"].as_array().unwrap().is_empty());
}

#[test]
fn same_seed_same_bytes() {
    let a = Sandbox::builder()
        .seed(1234)
        .seed_deals(1000)
        .start()
        .unwrap();
    let b = Sandbox::builder()
        .seed(1234)
        .seed_deals(1000)
        .start()
        .unwrap();
    let other = Sandbox::builder()
        .seed(1235)
        .seed_deals(1000)
        .start()
        .unwrap();
    let (mut ca, mut cb, mut co) = (Client::new(&a), Client::new(&b), Client::new(&other));
    for path in [
        "deals?limit=500",
        "deals?start=500&limit=500",
        "persons?limit=500",
        "organizations",
        "activities?user_id=0&limit=500",
        "leads",
        "products",
        "dealFields",
        "deals/summary",
        "deals/7",
    ] {
        let ra = ca.get(path);
        let rb = cb.get(path);
        assert_eq!(ra.status, 200, "{path}: {}", ra.text());
        assert_eq!(ra.body, rb.body, "{path} differs between equal seeds");
    }
    assert_ne!(
        ca.get("deals?limit=500").body,
        co.get("deals?limit=500").body
    );
    // Served twice (the second time from cache) gives the same bytes.
    assert_eq!(
        ca.get("deals?limit=500").body,
        cb.get("deals?limit=500").body
    );
}

#[test]
fn cache_is_invalidated_by_writes() {
    let sb = Sandbox::with_seed(5).unwrap();
    let mut c = Client::new(&sb);
    let before = c.get("deals?limit=1").data();
    let id = before[0]["id"].as_u64().unwrap();
    assert_eq!(c.get("deals?limit=1").data(), before);
    c.put(&format!("deals/{id}"), &json!({"title": "Renamed"}));
    let after = c.get("deals?limit=1").data();
    assert_eq!(after[0]["title"], "Renamed");
    let v: Value = c.get("deals/summary").json();
    assert_eq!(v["success"], true);
}

#[test]
fn activities_default_to_the_token_user() {
    let sb = Sandbox::with_seed(11).unwrap();
    let mut c = Client::new(&sb);
    let me = c.get("users/me").data()["id"].as_u64().unwrap();
    let mine = items(&c.get("activities?limit=500").data());
    assert!(mine.iter().all(|a| a["user_id"] == me));
    let all = items(&c.get("activities?user_id=0&limit=500").data());
    assert_eq!(all.len(), sb.count("activities"));
    assert!(all.len() > mine.len());
}
