//! `Sandbox::reset` and `POST /_sandbox/reset`: the account, ids, faults and counters
//! go back to what a freshly started sandbox has; and the stats and counts read around it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, assert_error};
use pipedrive_sandbox::Sandbox;
use serde_json::{Value, json};

/// Reads that cover v1 and v2, lists and single records, seeded and derived data.
const PROBES: [&str; 7] = [
    "deals?limit=500",
    "deals/1",
    "persons?limit=500",
    "organizations/2",
    "/v2/deals?limit=100",
    "/v2/activities?limit=100",
    "dealFields",
];

/// The exact body bytes of every probe.
fn bodies(c: &mut Client) -> Vec<(String, Vec<u8>)> {
    PROBES
        .iter()
        .map(|p| {
            let r = c.get(p);
            assert_eq!(r.status, 200, "{p}: {}", r.text());
            ((*p).to_owned(), r.body)
        })
        .collect()
}

/// Creates, updates and deletes records through v1 and v2, so every kind of change
/// has to be undone by a reset.
fn scribble(c: &mut Client) -> u64 {
    let created = c.post("deals", &json!({"title": "Temporary"}));
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.data()["id"].as_u64().unwrap();
    assert_eq!(
        c.patch("/v2/deals/1", &json!({"title": "Renamed"})).status,
        200
    );
    assert_eq!(c.delete("persons/3").status, 200);
    assert_eq!(
        c.post("organizations", &json!({"name": "Acme"})).status,
        201
    );
    // Cache the changed record, so a reset that kept the cache would serve it.
    assert_eq!(c.get("deals/1").data()["title"], "Renamed");
    id
}

#[test]
fn reset_gives_back_the_fresh_account_byte_for_byte() {
    let sb = Sandbox::builder().seed(5).seed_deals(30).start().unwrap();
    let fresh = Sandbox::builder().seed(5).seed_deals(30).start().unwrap();
    let mut c = Client::new(&sb);
    let before = bodies(&mut c);
    let counts_before = sb.stats()["counts"].clone();

    let first_new_id = scribble(&mut c);
    assert_eq!(sb.count("deals"), 31);
    assert_ne!(bodies(&mut c), before);

    sb.reset();
    assert_eq!(sb.count("deals"), 30);
    assert_eq!(sb.stats()["counts"], counts_before);
    assert_eq!(bodies(&mut c), before);
    // A second, independent sandbox with the same seed answers the same bytes.
    assert_eq!(bodies(&mut Client::new(&fresh)), before);

    // Ids start over: the first record created after a reset gets the id the first
    // record created after start got.
    assert_eq!(scribble(&mut c), first_new_id);
}

#[test]
fn reset_of_an_empty_account_stays_empty() {
    let sb = Sandbox::start().unwrap();
    let users = sb.count("users");
    let mut c = Client::new(&sb);
    assert_eq!(c.post("deals", &json!({"title": "One"})).status, 201);
    assert_eq!(sb.count("deals"), 1);
    sb.reset();
    assert_eq!(sb.count("deals"), 0);
    assert_eq!(sb.count("users"), users);
    let created = c.post("deals", &json!({"title": "Again"}));
    assert_eq!(created.data()["id"], 1);
}

#[test]
fn reset_switches_every_fault_off() {
    let sb = Sandbox::with_seed(1).unwrap();
    let untouched = sb.faults().snapshot();
    let f = sb.faults();
    f.rate_limit(1, 60);
    f.fail_next(3, 502).unwrap();
    f.html_403_next(2);
    f.drop_next(2);
    f.truncate_next(2);
    f.remaining_zero_next(2);
    f.delay(std::time::Duration::from_millis(1));
    f.answer_next(&["redirect", "not-json"]).unwrap();
    assert_ne!(f.snapshot(), untouched);

    sb.reset();
    assert_eq!(sb.faults().snapshot(), untouched);
    let mut c = Client::new(&sb);
    for _ in 0..3 {
        let r = c.get("users/me");
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r.header("x-ratelimit-limit").is_none());
    }
}

#[test]
fn reset_zeroes_the_counters_and_keeps_the_server() {
    let sb = Sandbox::with_seed(1).unwrap();
    let mut c = Client::new(&sb);
    for _ in 0..5 {
        assert_eq!(c.get("deals/1").status, 200);
    }
    assert_eq!(sb.requests_served(), 5);
    assert_eq!(sb.max_in_flight(), 1);

    sb.reset();
    assert_eq!(sb.requests_served(), 0);
    assert_eq!(sb.max_in_flight(), 0);
    let stats = sb.stats();
    assert_eq!(stats["requests_served"], 0);
    assert_eq!(stats["max_in_flight"], 0);
    assert_eq!(stats["in_flight"], 0);

    // Same port, same keep-alive connection, counting again from zero.
    assert_eq!(c.get("deals/1").status, 200);
    assert_eq!(c.connects, 1);
    assert_eq!(sb.requests_served(), 1);
    assert_eq!(sb.max_in_flight(), 1);
}

#[test]
fn reset_keeps_the_required_token() {
    let builder = Sandbox::builder().seed(1).token("only-this");
    assert!(!format!("{builder:?}").contains("only-this"));
    let sb = builder.start().unwrap();
    assert!(!format!("{sb:?}").contains("only-this"), "{sb:?}");
    sb.reset();
    let mut c = Client::new(&sb);
    assert_error(&c.get("users/me"), 401);
    c.token = Some("only-this".into());
    assert_eq!(c.get("users/me").status, 200);
}

#[test]
fn reset_over_http_is_the_same_reset() {
    let sb = Sandbox::builder().seed(2).seed_deals(10).start().unwrap();
    let mut c = Client::new(&sb);
    let before = bodies(&mut c);
    scribble(&mut c);
    sb.faults().fail_next(5, 503).unwrap();

    c.token = None; // control routes need no token
    let r = c.post("/_sandbox/reset", &Value::Null);
    assert_eq!(r.status, 200, "{}", r.text());
    let stats = r.data();
    assert_eq!(stats, sb.stats());
    assert_eq!(stats["counts"]["deals"], 10);
    assert_eq!(stats["requests_served"], 0);
    assert_eq!(sb.faults().snapshot()["fail_next"]["n"], 0);

    c.token = Some("t".into());
    assert_eq!(bodies(&mut c), before);
    // Only POST resets.
    c.token = None;
    assert_error(&c.get("/_sandbox/reset"), 404);
}

#[test]
fn stats_route_and_method_agree() {
    let sb = Sandbox::with_seed(1).unwrap();
    let mut c = Client::new(&sb);
    c.get("deals/1");
    c.token = None;
    let over_http = c.get("/_sandbox/stats").data();
    assert_eq!(over_http, sb.stats());
    assert_eq!(over_http["counts"]["deals"], 100);
    assert_eq!(over_http["requests_served"], 1);
}

#[test]
fn count_of_tells_unknown_names_from_empty_collections() {
    let sb = Sandbox::start().unwrap();
    assert_eq!(sb.count_of("deals"), Some(0));
    assert_eq!(sb.count_of("deal_products"), Some(0));
    assert_eq!(sb.count_of("dealz"), None);
    assert_eq!(sb.count("dealz"), 0);
}
