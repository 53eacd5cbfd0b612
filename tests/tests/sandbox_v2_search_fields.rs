//! The sandbox's v2 search and field definitions, driven over HTTP: search finds what v1
//! wrote and pages by cursor without repeats; fields written through v2 are v1's fields.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::Client;
use pipedrive_sandbox::Sandbox;
use pipedrive_transport::{Method, Request};
use serde_json::{Value, json};

mod raw_http;
use raw_http::*;

fn post(c: &Client, req: Request, body: Value) -> Value {
    call(c, req.json(&body).unwrap())
}

/// The `data` and `additional_data.next_cursor` of a v2 answer.
fn page(c: &Client, req: Request) -> (Value, Value) {
    let full = c.transport().call_full::<Value>(&req).unwrap();
    let extra: Value = serde_json::from_str(full.additional_data_raw.unwrap().get()).unwrap();
    (full.data, extra["next_cursor"].clone())
}

fn search(path: &str, term: &str) -> Request {
    v2(Method::Get, path).query("term", term).unwrap()
}

#[test]
fn search_finds_what_v1_wrote_in_the_v2_shape() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let person = post(
        &c,
        v1(Method::Post, "/persons"),
        json!({"name": "Ada Lovelace", "email": [{"value": "ada@engine.example", "primary": true}]}),
    );
    let person_id = person["id"].as_u64().unwrap();
    let deal = post(
        &c,
        v1(Method::Post, "/deals"),
        json!({"title": "Lovelace engine", "person_id": person_id, "value": 300}),
    );
    let deal_id = deal["id"].as_u64().unwrap();

    let (data, next) = page(&c, search("/persons/search", "lovelace"));
    assert_eq!(next, Value::Null, "one page");
    let hit = &data["items"][0];
    assert!(hit["result_score"].is_number());
    assert_eq!(
        (&hit["item"]["id"], &hit["item"]["type"]),
        (&json!(person_id), &json!("person"))
    );
    assert_eq!(hit["item"]["emails"], json!(["ada@engine.example"]));
    let by_email = call(
        &c,
        search("/persons/search", "ada@engine.example")
            .query("fields", "email")
            .unwrap(),
    );
    assert_eq!(by_email["items"][0]["item"]["id"], person_id);

    let deals = call(&c, search("/deals/search", "engine"));
    let item = &deals["items"][0]["item"];
    assert_eq!(
        (&item["id"], &item["title"], &item["is_archived"]),
        (&json!(deal_id), &json!("Lovelace engine"), &json!(false))
    );
    assert_eq!(item["person"]["id"], person_id);

    // Across item types, best first; item_types narrows it.
    let all = call(&c, search("/itemSearch", "lovelace"));
    let types: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["item"]["type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"deal") && types.contains(&"person"),
        "{types:?}"
    );
    let scores: Vec<f64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["result_score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    let people = call(
        &c,
        search("/itemSearch", "lovelace")
            .query("item_types", "person")
            .unwrap(),
    );
    assert_eq!(people["items"].as_array().unwrap().len(), 1);
    // A deal hit brings its person along as a related item, unless the person is a hit.
    let related = call(
        &c,
        search("/itemSearch", "engine")
            .query("item_types", "deal")
            .unwrap()
            .query("search_for_related_items", "true")
            .unwrap(),
    );
    assert_eq!(related["items"][0]["item"]["id"], deal_id);
    assert_eq!(
        related["related_items"],
        json!([{"result_score": related["items"][0]["result_score"], "item": {"id": person_id, "type": "person", "name": "Ada Lovelace"}}])
    );
    let bad_type = error_of(
        &c,
        search("/itemSearch", "lovelace")
            .query("item_types", "planet")
            .unwrap(),
    );
    assert_eq!(bad_type.0, 400);

    // By one field's value: exact by default, or at the beginning.
    let exact = call(
        &c,
        search("/itemSearch/field", "ada lovelace")
            .query("entity_type", "person")
            .unwrap()
            .query("field", "name")
            .unwrap(),
    );
    assert_eq!(exact[0]["item"]["id"], person_id);
    let none = call(
        &c,
        search("/itemSearch/field", "ada")
            .query("entity_type", "person")
            .unwrap()
            .query("field", "name")
            .unwrap(),
    );
    assert_eq!(none, json!([]));
    let beginning = call(
        &c,
        search("/itemSearch/field", "ada")
            .query("entity_type", "person")
            .unwrap()
            .query("field", "name")
            .unwrap()
            .query("match", "beginning")
            .unwrap(),
    );
    assert_eq!(beginning[0]["item"]["name"], "Ada Lovelace");

    // Leads, organizations and products too.
    post(
        &c,
        v1(Method::Post, "/leads"),
        json!({"title": "Lovelace lead", "person_id": person_id}),
    );
    let leads = call(&c, search("/leads/search", "lovelace"));
    assert_eq!(leads["items"][0]["item"]["title"], "Lovelace lead");
    post(
        &c,
        v1(Method::Post, "/organizations"),
        json!({"name": "Analytical Engines"}),
    );
    let orgs = call(&c, search("/organizations/search", "analytical"));
    assert_eq!(orgs["items"][0]["item"]["name"], "Analytical Engines");
    post(
        &c,
        v1(Method::Post, "/products"),
        json!({"name": "Difference engine", "code": "DE-2"}),
    );
    let products = call(
        &c,
        search("/products/search", "DE-2")
            .query("fields", "code")
            .unwrap(),
    );
    assert_eq!(products["items"][0]["item"]["code"], "DE-2");

    let short = error_of(&c, search("/deals/search", "e"));
    assert_eq!(short.0, 400);
}

#[test]
fn search_pages_by_cursor_without_repeats() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    for i in 0..7 {
        post(
            &c,
            v1(Method::Post, "/deals"),
            json!({"title": format!("Widget {i}")}),
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = search("/deals/search", "widget")
            .query("limit", &3)
            .unwrap();
        if let Some(cur) = &cursor {
            req = req.query("cursor", cur).unwrap();
        }
        let (data, next) = page(&c, req);
        let items = data["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|h| h["item"]["id"].as_u64().unwrap()));
        match next.as_str() {
            Some(n) => cursor = Some(n.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 7, "no hit twice: {seen:?}");
}

#[test]
fn fields_through_v2_are_the_fields_v1_keeps() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let fields = call(&c, v2(Method::Get, "/dealFields"));
    let codes: Vec<&str> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field_code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"title") && codes.contains(&"owner_id"),
        "{codes:?}"
    );
    assert!(
        fields[0].get("ui_visibility").is_none(),
        "only when asked for"
    );
    let value = call(
        &c,
        v2(Method::Get, "/dealFields/value")
            .query("include_fields", "ui_visibility")
            .unwrap(),
    );
    assert_eq!(value["field_type"], "monetary");
    assert_eq!(value["subfields"][1]["field_code"], "value_currency");
    assert_eq!(value["ui_visibility"]["add_visible_flag"], true);

    let made = post(
        &c,
        v2(Method::Post, "/dealFields"),
        json!({"field_name": "Tier", "field_type": "enum", "options": [{"label": "Gold"}, {"label": "Silver"}],
               "ui_visibility": {"add_visible_flag": false}, "description": "How much they buy"}),
    );
    let code = made["field_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 40);
    assert_eq!(
        (&made["is_custom_field"], &made["description"]),
        (&json!(true), &json!("How much they buy"))
    );
    assert_eq!(made["ui_visibility"]["add_visible_flag"], false);
    let gold = made["options"][0]["id"].as_u64().unwrap();
    assert_eq!(
        made["options"][0]["color"],
        Value::Null,
        "the contract's option keys"
    );

    // The same field through v1, and usable on a v2 deal.
    let v1_fields = call(&c, v1(Method::Get, "/dealFields"));
    let v1_field = v1_fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == code.as_str())
        .unwrap()
        .clone();
    assert_eq!(v1_field["name"], "Tier");
    assert_eq!(v1_field["add_visible_flag"], false);
    assert!(
        v1_field.get("v2_description").is_none(),
        "v1 shows no v2-only keys"
    );
    let deal = post(
        &c,
        v2(Method::Post, "/deals"),
        json!({"title": "Tiered", "custom_fields": {&code: gold}}),
    );
    // v2 shows an option by its id, a number.
    assert_eq!(deal["custom_fields"][&code], json!(gold));

    // Options: added, relabelled, removed.
    let path = format!("/dealFields/{code}/options");
    let added = post(&c, v2(Method::Post, &path), json!([{"label": "Bronze"}]));
    let bronze = added[0]["id"].as_u64().unwrap();
    let renamed = call(
        &c,
        v2(Method::Patch, &path)
            .json(&json!([{"id": bronze, "label": "Platinum"}]))
            .unwrap(),
    );
    assert_eq!(renamed, json!([{"id": bronze, "label": "Platinum"}]));
    let removed = call(
        &c,
        v2(Method::Delete, &path)
            .json(&json!([{"id": gold}]))
            .unwrap(),
    );
    assert_eq!(removed[0]["label"], "Gold");
    let now = call(&c, v2(Method::Get, &format!("/dealFields/{code}")));
    let labels: Vec<&str> = now["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Silver", "Platinum"]);

    let renamed = call(
        &c,
        v2(Method::Patch, &format!("/dealFields/{code}"))
            .json(&json!({"field_name": "Level"}))
            .unwrap(),
    );
    assert_eq!(renamed["field_name"], "Level");
    let v1_field = call(
        &c,
        v1(Method::Get, &format!("/dealFields/{}", v1_field["id"])),
    );
    assert_eq!(v1_field["name"], "Level");
    let standard = error_of(&c, v2(Method::Delete, "/dealFields/title"));
    assert_eq!(standard.0, 400);
    let deleted = call(&c, v2(Method::Delete, &format!("/dealFields/{code}")));
    assert_eq!(
        (&deleted["field_code"], &deleted["is_custom_field"]),
        (&json!(code), &json!(true))
    );
    assert_eq!(
        error_of(&c, v2(Method::Get, &format!("/dealFields/{code}"))).0,
        404
    );

    // Person fields by cursor, none twice; activity fields are listed too.
    let codes: Vec<String> = c
        .transport()
        .paginate::<Vec<Value>>(v2(Method::Get, "/personFields").query("limit", &4).unwrap())
        .map(|f| f.unwrap()["field_code"].as_str().unwrap().to_owned())
        .collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    assert!(codes.contains(&"emails".to_owned()));
    let activity = call(&c, v2(Method::Get, "/activityFields"));
    assert_eq!(activity[0]["field_code"], "subject");
    assert!(call(&c, v2(Method::Get, "/productFields/is_linkable"))["field_name"].is_string());
    let org_made = post(
        &c,
        v2(Method::Post, "/organizationFields"),
        json!({"field_name": "Region", "field_type": "varchar"}),
    );
    assert_eq!(org_made["field_type"], "varchar");
    let org_name = call(
        &c,
        v2(Method::Get, "/organizationFields/name")
            .query("include_fields", "ui_visibility")
            .unwrap(),
    );
    assert_eq!(org_name["ui_visibility"]["deal_detail_visible_flag"], true);
    assert!(
        org_name.get("description").is_none(),
        "absent until one is given"
    );
    let prices = call(&c, v2(Method::Get, "/productFields/prices"));
    assert_eq!(
        prices["field_type"], "price_list",
        "v2's name for v1's price type"
    );
}
