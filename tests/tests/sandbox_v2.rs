//! The sandbox's v2 deals as a client sees them through the transport's v2 requests: the
//! same deal through v1 and v2, PATCH leaving alone what it does not name and clearing
//! what it sets to null, cursor pages to the end, custom fields as one object.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Reads and writes the same deal through v1 on purpose (deprecated by Pipedrive, still
// served) to show both versions see one record.
#![allow(deprecated)]
use pipedrive::Error;
use pipedrive_sandbox::Sandbox;
use pipedrive_transport::Method;
use serde_json::{Value, json};

mod raw_http;
use raw_http::*;

#[test]
fn a_deal_added_through_v2_reads_the_same_through_v1_and_back() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let made = call(
        &c,
        v2(Method::Post, "/deals")
            .json(
                &json!({"title": "v2 deal", "value": 1500, "currency": "EUR", "label_ids": [2, 3]}),
            )
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    assert_eq!(made["title"], "v2 deal");
    assert_eq!(made["owner_id"], made["creator_user_id"]);
    assert!(
        made["owner_id"].is_u64(),
        "v2 references are plain ids: {made}"
    );
    let add_time = made["add_time"].as_str().unwrap();
    assert!(
        add_time.ends_with('Z') && add_time.contains('T'),
        "RFC 3339: {add_time}"
    );
    assert_eq!(made["is_deleted"], false);
    assert_eq!(made["label_ids"], json!([2, 3]));

    let through_v1 = c.deals().get(pipedrive::types::DealId(id)).unwrap();
    assert_eq!(through_v1.title.as_deref(), Some("v2 deal"));
    assert_eq!(through_v1.currency.as_deref(), Some("EUR"));

    let update = pipedrive::sales::UpdateDeal {
        title: Some("renamed in v1".into()),
        ..Default::default()
    };
    c.deals()
        .update(pipedrive::types::DealId(id), &update)
        .unwrap();
    let back = call(&c, v2(Method::Get, &format!("/deals/{id}")));
    assert_eq!(back["title"], "renamed in v1");
    assert_eq!(back["value"], 1500);
}

#[test]
fn patch_leaves_alone_what_it_does_not_name_and_clears_what_it_sets_to_null() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let person = c
        .persons()
        .create(&pipedrive::contacts::CreatePerson::new("Ada"))
        .unwrap();
    let made = call(
        &c,
        v2(Method::Post, "/deals")
            .json(&json!({"title": "Patch me", "person_id": person.id.0, "expected_close_date": "2026-12-24"}))
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    assert_eq!(made["person_id"], person.id.0);

    let patched = call(
        &c,
        v2(Method::Patch, &format!("/deals/{id}"))
            .json(&json!({"person_id": null, "value": 99}))
            .unwrap(),
    );
    assert_eq!(patched["person_id"], Value::Null, "null clears");
    assert_eq!(patched["value"], 99);
    assert_eq!(patched["title"], "Patch me", "absent is left alone");
    assert_eq!(patched["expected_close_date"], "2026-12-24");

    let cleared = call(
        &c,
        v2(Method::Patch, &format!("/deals/{id}"))
            .json(&json!({"expected_close_date": null}))
            .unwrap(),
    );
    assert_eq!(cleared["expected_close_date"], Value::Null);
    assert_eq!(cleared["value"], 99);

    let err = c
        .transport()
        .call::<Value>(
            &v2(Method::Patch, "/deals/987654")
                .json(&json!({"title": "x"}))
                .unwrap(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[test]
fn cursor_pages_walk_every_deal_once_and_deleted_ones_only_when_asked() {
    let sb = Sandbox::builder()
        .seed(5)
        .seed_deals(1_000)
        .start()
        .unwrap();
    let c = client(&sb.base_url());
    let req = v2(Method::Get, "/deals").query("limit", &300).unwrap();
    let ids: Vec<u64> = c
        .transport()
        .paginate::<Vec<Value>>(req)
        .map(|d| d.unwrap()["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 1_000);
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, ids, "ascending by id, none twice");

    let gone = ids[0];
    call(&c, v2(Method::Delete, &format!("/deals/{gone}")));
    let first = call(&c, v2(Method::Get, "/deals").query("limit", &1).unwrap());
    assert_ne!(
        first[0]["id"], gone,
        "a deleted deal is not listed by default"
    );
    let deleted = call(
        &c,
        v2(Method::Get, "/deals")
            .query("status", "deleted")
            .unwrap(),
    );
    assert_eq!(
        deleted,
        json!([c
            .transport()
            .call::<Value>(&v2(Method::Get, &format!("/deals/{gone}")))
            .unwrap()])
    );
    assert_eq!(deleted[0]["is_deleted"], true);

    let bad = c
        .transport()
        .call::<Value>(
            &v2(Method::Get, "/deals")
                .query("cursor", "not-ours")
                .unwrap(),
        )
        .unwrap_err();
    assert!(matches!(bad, Error::Api { status: 400, .. }), "{bad:?}");
}

#[test]
fn custom_fields_are_one_object_with_money_as_value_and_currency() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let field =
        pipedrive::sales::CreateDealField::new("Budget", pipedrive::sales::FieldType::Monetary);
    let budget = c.deal_fields().create(&field).unwrap();
    let key = budget.key.clone().unwrap();
    let made = call(
        &c,
        v2(Method::Post, "/deals")
            .json(&json!({"title": "Budgeted", "custom_fields": {&key: {"value": 2500, "currency": "EUR"}}}))
            .unwrap(),
    );
    assert_eq!(
        made["custom_fields"][&key],
        json!({"value": 2500, "currency": "EUR"})
    );
    let v1 = c
        .deals()
        .get(pipedrive::types::DealId(made["id"].as_u64().unwrap()))
        .unwrap();
    let raw = serde_json::to_value(&*v1).unwrap();
    assert_eq!(raw[&key], 2500);
    assert_eq!(raw[format!("{key}_currency")], "EUR");

    let unknown = c
        .transport()
        .call::<Value>(
            &v2(Method::Post, "/deals")
                .json(&json!({"title": "x", "custom_fields": {"nope": 1}}))
                .unwrap(),
        )
        .unwrap_err();
    assert!(
        matches!(unknown, Error::Api { status: 400, .. }),
        "{unknown:?}"
    );
}

#[test]
fn persons_and_organizations_through_v2_share_the_v1_store() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let org = call(
        &c,
        v2(Method::Post, "/organizations")
            .json(&json!({"name": "Acme v2", "address": {"value": "1 Main St"}}))
            .unwrap(),
    );
    let org_id = org["id"].as_u64().unwrap();
    assert_eq!(org["address"]["value"], "1 Main St");
    let person = call(
        &c,
        v2(Method::Post, "/persons")
            .json(&json!({
                "name": "Ada Lovelace",
                "org_id": org_id,
                "emails": [{"value": "ada@example.com", "primary": true, "label": "work"}],
                "add_time": "2026-01-02T03:04:05Z"
            }))
            .unwrap(),
    );
    let person_id = person["id"].as_u64().unwrap();
    assert_eq!(person["org_id"], org_id);
    assert_eq!(person["emails"][0]["value"], "ada@example.com");
    assert_eq!(person["add_time"], "2026-01-02T03:04:05Z");
    assert_eq!(person["first_name"], "Ada");

    // Through v1: the same person, its email, its organization.
    let v1 = c
        .persons()
        .get(pipedrive::types::PersonId(person_id))
        .unwrap();
    assert_eq!(v1.name.as_deref(), Some("Ada Lovelace"));
    let raw = serde_json::to_value(&*v1).unwrap();
    assert_eq!(raw["email"][0]["value"], "ada@example.com");
    assert_eq!(raw["org_id"]["value"], org_id);

    // PATCH: null clears the organization, the name stays.
    let patched = call(
        &c,
        v2(Method::Patch, &format!("/persons/{person_id}"))
            .json(&json!({"org_id": null}))
            .unwrap(),
    );
    assert_eq!(patched["org_id"], Value::Null);
    assert_eq!(patched["name"], "Ada Lovelace");

    // Lists: by owner and organization, deleted ones left out.
    let by_org = call(
        &c,
        v2(Method::Get, "/persons")
            .query("org_id", &org_id)
            .unwrap(),
    );
    assert_eq!(by_org, json!([]), "the person left the organization");
    call(&c, v2(Method::Delete, &format!("/organizations/{org_id}")));
    let orgs = call(&c, v2(Method::Get, "/organizations"));
    assert!(
        orgs.as_array().unwrap().iter().all(|o| o["id"] != org_id),
        "a deleted organization is not listed"
    );
    let gone = call(&c, v2(Method::Get, &format!("/organizations/{org_id}")));
    assert_eq!(gone["is_deleted"], true);
}

#[test]
fn an_activity_through_v2_keeps_its_date_time_and_participants() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let person = c
        .persons()
        .create(&pipedrive::contacts::CreatePerson::new("Grace"))
        .unwrap();
    let made = call(
        &c,
        v2(Method::Post, "/activities")
            .json(&json!({
                "subject": "Demo",
                "type": "meeting",
                "due_date": "2026-12-01",
                "due_time": "14:30",
                "busy": true,
                "location": {"value": "Room 4"},
                "participants": [{"person_id": person.id.0, "primary": true}]
            }))
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    assert_eq!(
        (
            &made["subject"],
            &made["due_date"],
            &made["due_time"],
            &made["busy"]
        ),
        (
            &json!("Demo"),
            &json!("2026-12-01"),
            &json!("14:30"),
            &json!(true)
        )
    );
    assert_eq!(made["location"]["value"], "Room 4");
    assert_eq!(
        made["participants"][0],
        json!({"person_id": person.id.0, "primary": true})
    );

    let v1 = c
        .activities()
        .get(pipedrive::types::ActivityId(id))
        .unwrap();
    assert_eq!(v1.subject.as_deref(), Some("Demo"));

    let done = call(
        &c,
        v2(Method::Patch, &format!("/activities/{id}"))
            .json(&json!({"done": true}))
            .unwrap(),
    );
    assert_eq!(done["done"], true);
    assert!(
        done["marked_as_done_time"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(done["subject"], "Demo");

    let refused = c
        .transport()
        .call::<Value>(
            &v2(Method::Post, "/activities")
                .json(&json!({"subject": "x", "custom_fields": {"k": 1}}))
                .unwrap(),
        )
        .unwrap_err();
    assert!(
        matches!(refused, Error::Api { status: 400, .. }),
        "{refused:?}"
    );
}

#[test]
fn stages_and_pipelines_through_v2() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let pipelines = call(&c, v2(Method::Get, "/pipelines"));
    assert_eq!(pipelines.as_array().unwrap().len(), 1);
    let pipeline = pipelines[0]["id"].as_u64().unwrap();
    assert_eq!(pipelines[0]["is_deal_probability_enabled"], true);
    // Pipelines take writes (sandbox_v2_catalog covers them); a nameless one is refused.
    let nameless = c
        .transport()
        .call::<Value>(&v2(Method::Post, "/pipelines").json(&json!({})).unwrap())
        .unwrap_err();
    assert!(
        matches!(nameless, Error::Api { status: 400, .. }),
        "{nameless:?}"
    );

    let stages = call(
        &c,
        v2(Method::Get, "/stages")
            .query("pipeline_id", &pipeline)
            .unwrap(),
    );
    let before = stages.as_array().unwrap().len();
    assert!(before > 0 && stages[0]["deal_probability"].is_number());

    let made = call(
        &c,
        v2(Method::Post, "/stages")
            .json(&json!({"name": "Signed", "pipeline_id": pipeline, "is_deal_rot_enabled": true, "days_to_rotten": 30}))
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    assert_eq!(
        (&made["is_deal_rot_enabled"], &made["days_to_rotten"]),
        (&json!(true), &json!(30))
    );
    let v1 = c
        .stages()
        .get(
            pipedrive::types::StageId(id),
            &pipedrive::sales::GetStage::default(),
        )
        .unwrap();
    assert_eq!(v1.name.as_deref(), Some("Signed"));

    let patched = call(
        &c,
        v2(Method::Patch, &format!("/stages/{id}"))
            .json(&json!({"days_to_rotten": null}))
            .unwrap(),
    );
    assert_eq!(patched["days_to_rotten"], Value::Null);
    assert_eq!(patched["name"], "Signed");

    call(&c, v2(Method::Delete, &format!("/stages/{id}")));
    let after = call(
        &c,
        v2(Method::Get, "/stages")
            .query("pipeline_id", &pipeline)
            .unwrap(),
    );
    assert_eq!(
        after.as_array().unwrap().len(),
        before,
        "the deleted stage is not listed"
    );
}

#[test]
fn a_product_through_v2_keeps_its_prices() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let made = call(
        &c,
        v2(Method::Post, "/products")
            .json(&json!({
                "name": "Licence",
                "code": "LIC-1",
                "is_linkable": false,
                "prices": [{"price": 99.5, "currency": "EUR", "cost": 40}]
            }))
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    assert_eq!(
        (&made["code"], &made["is_linkable"]),
        (&json!("LIC-1"), &json!(false))
    );
    assert_eq!(made["prices"][0]["price"], 99.5);
    assert_eq!(made["prices"][0]["currency"], "EUR");
    let v1 = c.products().get(pipedrive::types::ProductId(id)).unwrap();
    assert_eq!(v1.name.as_deref(), Some("Licence"));

    let patched = call(
        &c,
        v2(Method::Patch, &format!("/products/{id}"))
            .json(&json!({"code": null}))
            .unwrap(),
    );
    assert_eq!(patched["code"], Value::Null);
    assert_eq!(patched["prices"][0]["price"], 99.5, "prices left alone");
}

#[test]
fn followers_and_archived_deals_through_v2() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let made = call(
        &c,
        v2(Method::Post, "/deals")
            .json(&json!({"title": "Followed"}))
            .unwrap(),
    );
    let id = made["id"].as_u64().unwrap();
    let me = made["owner_id"].as_u64().unwrap();

    let added = call(
        &c,
        v2(Method::Post, &format!("/deals/{id}/followers"))
            .json(&json!({"user_id": me}))
            .unwrap(),
    );
    assert_eq!(added["user_id"], me);
    let again = c
        .transport()
        .call::<Value>(
            &v2(Method::Post, &format!("/deals/{id}/followers"))
                .json(&json!({"user_id": me}))
                .unwrap(),
        )
        .unwrap_err();
    assert!(matches!(again, Error::Api { status: 400, .. }), "{again:?}");
    let followers = call(&c, v2(Method::Get, &format!("/deals/{id}/followers")));
    assert_eq!(followers.as_array().unwrap().len(), 1);
    let changes = call(
        &c,
        v2(Method::Get, &format!("/deals/{id}/followers/changelog")),
    );
    assert_eq!(changes[0]["follower_user_id"], me);
    let removed = call(
        &c,
        v2(Method::Delete, &format!("/deals/{id}/followers/{me}")),
    );
    assert_eq!(removed["user_id"], me);
    assert_eq!(
        call(&c, v2(Method::Get, &format!("/deals/{id}/followers"))),
        json!([])
    );

    // Archiving moves the deal from /deals to /deals/archived.
    call(
        &c,
        v2(Method::Patch, &format!("/deals/{id}"))
            .json(&json!({"is_archived": true, "archive_time": "2026-11-01T10:00:00Z"}))
            .unwrap(),
    );
    let listed = |path: &str| -> Vec<u64> {
        c.transport()
            .paginate::<Vec<Value>>(v2(Method::Get, path))
            .map(|d| d.unwrap()["id"].as_u64().unwrap())
            .collect()
    };
    assert!(!listed("/deals").contains(&id));
    assert_eq!(listed("/deals/archived"), [id]);
    let read = call(&c, v2(Method::Get, &format!("/deals/{id}")));
    assert_eq!(read["archive_time"], "2026-11-01T10:00:00Z");
}
