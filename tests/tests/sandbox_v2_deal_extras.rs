//! The sandbox's v2 routes around a deal, driven over HTTP: product attachments (seen the
//! same through v1's `/deals/{id}/products`), installments, additional discounts that
//! come off the deal's value, and deal↔lead conversion that really makes the new record.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::{Client, Error};
use pipedrive_sandbox::Sandbox;
use pipedrive_transport::{Method, Request};
use serde_json::{Value, json};

mod raw_http;
use raw_http::*;

fn post(c: &Client, path: &str, body: Value) -> Value {
    call(c, v2(Method::Post, path).json(&body).unwrap())
}

fn fails(c: &Client, req: Request) -> Error {
    c.transport().call::<Value>(&req).unwrap_err()
}

/// A v2 product and a v2 deal in EUR; their ids.
fn product_and_deal(c: &Client) -> (u64, u64) {
    let product = post(c, "/products", json!({"name": "Pencil", "code": "P-1"}));
    let deal = post(
        c,
        "/deals",
        json!({"title": "Stationery", "currency": "EUR"}),
    );
    (
        product["id"].as_u64().unwrap(),
        deal["id"].as_u64().unwrap(),
    )
}

#[test]
fn a_deal_product_added_through_v2_is_the_one_v1_lists() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let (product, deal) = product_and_deal(&c);
    let added = c
        .transport()
        .call_full::<Value>(
            &v2(Method::Post, &format!("/deals/{deal}/products"))
                .json(&json!({
                    "product_id": product, "item_price": 10, "quantity": 3,
                    "discount": 10, "discount_type": "percentage", "tax_method": "inclusive"
                }))
                .unwrap(),
        )
        .unwrap();
    assert_eq!(added.status, 201);
    let added = added.data;
    let pa = added["id"].as_u64().unwrap();
    assert_eq!(
        (
            &added["sum"],
            &added["is_enabled"],
            &added["name"],
            &added["currency"]
        ),
        (&json!(27), &json!(true), &json!("Pencil"), &json!("EUR"))
    );
    assert_eq!(added["billing_frequency"], "one-time");
    assert_eq!(added["comments"], "", "comments are text, empty when none");
    assert!(added["add_time"].as_str().unwrap().ends_with('Z'));

    let through_v1 = call(&c, v1(Method::Get, &format!("/deals/{deal}/products")));
    assert_eq!(through_v1[0]["id"], pa);
    assert_eq!(through_v1[0]["quantity"], 3);
    assert_eq!(through_v1[0]["sum"], 27);
    let value = |c: &Client| call(c, v2(Method::Get, &format!("/deals/{deal}")))["value"].clone();
    assert_eq!(value(&c), 27, "the deal is worth its products");

    // An amount off instead of a percentage, read the same through v1.
    let patched = call(
        &c,
        v2(Method::Patch, &format!("/deals/{deal}/products/{pa}"))
            .json(&json!({"discount_type": "amount", "discount": 5}))
            .unwrap(),
    );
    assert_eq!(
        (&patched["sum"], &patched["discount"]),
        (&json!(25), &json!(5))
    );
    assert_eq!(patched["quantity"], 3, "absent is left alone");
    let through_v1 = call(&c, v1(Method::Get, &format!("/deals/{deal}/products")));
    assert_eq!(through_v1[0]["sum"], 25);
    assert_eq!(value(&c), 25);

    // Two more at once; a list of one deal's products pages by cursor, none twice.
    let bulk = post(
        &c,
        &format!("/deals/{deal}/products/bulk"),
        json!({"data": [
            {"product_id": product, "item_price": 1, "quantity": 1},
            {"product_id": product, "item_price": 2, "quantity": 1, "billing_frequency": "monthly", "billing_frequency_cycles": 12}
        ]}),
    );
    assert_eq!(bulk.as_array().unwrap().len(), 2);
    assert_eq!(bulk[1]["billing_frequency_cycles"], 12);
    let ids: Vec<u64> = c
        .transport()
        .paginate::<Vec<Value>>(
            v2(Method::Get, &format!("/deals/{deal}/products"))
                .query("limit", &1)
                .unwrap(),
        )
        .map(|p| p.unwrap()["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique, ids);

    // All or none: one bad item adds nothing.
    let refused = fails(
        &c,
        v2(Method::Post, &format!("/deals/{deal}/products/bulk"))
            .json(&json!({"data": [{"product_id": product, "item_price": 1, "quantity": 1}, {"item_price": 1}]}))
            .unwrap(),
    );
    assert!(
        matches!(refused, Error::Api { status: 400, .. }),
        "{refused:?}"
    );
    let body: Value = serde_json::from_str(refused.body().unwrap()).unwrap();
    assert_eq!(
        (&body["error"], &body["error_info"], &body["data"]),
        (
            &json!("Parameter 'product_id' is required"),
            &json!("The request was not valid."),
            &Value::Null
        )
    );

    // Several deals' products at once, newest deal first.
    let other = post(&c, "/deals", json!({"title": "Other"}))["id"]
        .as_u64()
        .unwrap();
    post(
        &c,
        &format!("/deals/{other}/products"),
        json!({"product_id": product, "item_price": 4, "quantity": 1}),
    );
    let both = call(
        &c,
        v2(Method::Get, "/deals/products")
            .query("deal_ids", &format!("{deal},{other}"))
            .unwrap()
            .query("sort_by", "deal_id")
            .unwrap()
            .query("sort_direction", "desc")
            .unwrap(),
    );
    assert_eq!(both.as_array().unwrap().len(), 4);
    assert_eq!(both[0]["deal_id"], other);
    let missing = fails(&c, v2(Method::Get, "/deals/products"));
    assert!(
        matches!(missing, Error::Api { status: 400, .. }),
        "{missing:?}"
    );

    // Deleted one by one and in bulk; v1 then lists none.
    let gone = call(
        &c,
        v2(Method::Delete, &format!("/deals/{deal}/products/{pa}")),
    );
    assert_eq!(gone["id"], pa);
    let rest = call(
        &c,
        v2(Method::Delete, &format!("/deals/{deal}/products"))
            .query("ids", &format!("{},{}", ids[1], ids[2]))
            .unwrap(),
    );
    assert_eq!(rest["ids"], json!([ids[1], ids[2]]));
    let through_v1 = call(&c, v1(Method::Get, &format!("/deals/{deal}/products")));
    assert_eq!(
        through_v1,
        Value::Null,
        "v1 answers no attachments with null"
    );
}

#[test]
fn installments_need_one_time_products_and_list_by_deal() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let (product, deal) = product_and_deal(&c);
    let body = json!({"description": "First", "amount": 50, "billing_date": "2026-01-15"});
    let path = format!("/deals/{deal}/installments");
    let no_products = fails(&c, v2(Method::Post, &path).json(&body).unwrap());
    assert!(
        matches!(no_products, Error::Api { status: 400, .. }),
        "{no_products:?}"
    );

    post(
        &c,
        &format!("/deals/{deal}/products"),
        json!({"product_id": product, "item_price": 100, "quantity": 1}),
    );
    let first = post(&c, &path, body);
    let id = first["id"].as_u64().unwrap();
    assert_eq!(
        first,
        json!({"id": id, "amount": 50, "billing_date": "2026-01-15", "description": "First", "deal_id": deal})
    );
    post(
        &c,
        &path,
        json!({"description": "Second", "amount": 50, "billing_date": "2026-02-15"}),
    );
    let bad_date = fails(
        &c,
        v2(Method::Post, &path)
            .json(&json!({"description": "x", "amount": 1, "billing_date": "soon"}))
            .unwrap(),
    );
    assert!(
        matches!(bad_date, Error::Api { status: 400, .. }),
        "{bad_date:?}"
    );

    let patched = call(
        &c,
        v2(Method::Patch, &format!("{path}/{id}"))
            .json(&json!({"amount": 60}))
            .unwrap(),
    );
    assert_eq!(
        (&patched["amount"], &patched["description"]),
        (&json!(60), &json!("First"))
    );
    let listed = call(
        &c,
        v2(Method::Get, "/deals/installments")
            .query("deal_ids", &deal)
            .unwrap()
            .query("sort_by", "billing_date")
            .unwrap()
            .query("sort_direction", "desc")
            .unwrap(),
    );
    assert_eq!(listed[0]["description"], "Second");
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(
        call(&c, v2(Method::Delete, &format!("{path}/{id}")))["id"],
        id
    );
    let listed = call(
        &c,
        v2(Method::Get, "/deals/installments")
            .query("deal_ids", &deal)
            .unwrap(),
    );
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // A deal with a recurring product takes no installments.
    post(
        &c,
        &format!("/deals/{deal}/products"),
        json!({"product_id": product, "item_price": 5, "quantity": 1, "billing_frequency": "monthly"}),
    );
    let recurring = fails(
        &c,
        v2(Method::Post, &path)
            .json(&json!({"description": "Third", "amount": 5, "billing_date": "2026-03-15"}))
            .unwrap(),
    );
    assert!(
        matches!(recurring, Error::Api { status: 400, .. }),
        "{recurring:?}"
    );
}

#[test]
fn additional_discounts_come_off_the_deal_value() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let (product, deal) = product_and_deal(&c);
    post(
        &c,
        &format!("/deals/{deal}/products"),
        json!({"product_id": product, "item_price": 100, "quantity": 2}),
    );
    let value = || call(&c, v2(Method::Get, &format!("/deals/{deal}")))["value"].clone();
    assert_eq!(value(), 200);

    let path = format!("/deals/{deal}/discounts");
    let made = c
        .transport()
        .call_full::<Value>(
            &v2(Method::Post, &path)
                .json(&json!({"description": "Loyalty", "type": "percentage", "amount": 10}))
                .unwrap(),
        )
        .unwrap();
    assert_eq!(made.status, 201);
    let uuid = made.data["id"].as_str().unwrap().to_owned();
    assert_eq!(uuid.len(), 36, "a discount is named by a UUID");
    assert_eq!(made.data["deal_id"], deal);
    assert!(made.data["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(value(), 180);
    // v1 reads the same value.
    let v1_deal = call(&c, v1(Method::Get, &format!("/deals/{deal}")));
    assert_eq!(v1_deal["value"], 180);

    post(
        &c,
        &path,
        json!({"description": "Coupon", "type": "amount", "amount": 30}),
    );
    assert_eq!(
        value(),
        150,
        "in the order given: 200 less 10 %, then 30 off"
    );
    let listed = call(&c, v2(Method::Get, &path));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["id"], uuid.as_str());

    let patched = call(
        &c,
        v2(Method::Patch, &format!("{path}/{uuid}"))
            .json(&json!({"amount": 50}))
            .unwrap(),
    );
    assert_eq!(
        (&patched["amount"], &patched["type"]),
        (&json!(50), &json!("percentage"))
    );
    assert_eq!(value(), 70);
    let over = fails(
        &c,
        v2(Method::Patch, &format!("{path}/{uuid}"))
            .json(&json!({"amount": 150}))
            .unwrap(),
    );
    assert!(matches!(over, Error::Api { status: 400, .. }), "{over:?}");

    assert_eq!(
        call(&c, v2(Method::Delete, &format!("{path}/{uuid}")))["id"],
        uuid.as_str()
    );
    assert_eq!(value(), 170);
    let unknown = fails(&c, v2(Method::Delete, &format!("{path}/{uuid}")));
    assert!(matches!(unknown, Error::NotFound { .. }), "{unknown:?}");
}

#[test]
fn converting_a_deal_to_a_lead_and_back_really_moves_it() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let person = post(&c, "/persons", json!({"name": "Ada"}))["id"]
        .as_u64()
        .unwrap();
    let deal = post(
        &c,
        "/deals",
        json!({"title": "Convert me", "person_id": person, "value": 500, "currency": "EUR"}),
    )["id"]
        .as_u64()
        .unwrap();

    let job = call(&c, v2(Method::Post, &format!("/deals/{deal}/convert/lead")));
    let conversion = job["conversion_id"].as_str().unwrap();
    let status = call(
        &c,
        v2(
            Method::Get,
            &format!("/deals/{deal}/convert/status/{conversion}"),
        ),
    );
    assert_eq!(status["status"], "completed");
    assert_eq!(status["conversion_id"], conversion);
    let lead = status["lead_id"].as_str().unwrap().to_owned();

    let through_v1 = call(&c, v1(Method::Get, &format!("/leads/{lead}")));
    assert_eq!(through_v1["title"], "Convert me");
    assert_eq!(through_v1["person_id"], person);
    assert_eq!(
        through_v1["value"],
        json!({"amount": 500, "currency": "EUR"})
    );
    let old = call(&c, v2(Method::Get, &format!("/deals/{deal}")));
    assert_eq!(old["is_deleted"], true, "the converted deal is deleted");

    // And back, into a chosen stage.
    let job = post(
        &c,
        &format!("/leads/{lead}/convert/deal"),
        json!({"stage_id": 2}),
    );
    let conversion = job["conversion_id"].as_str().unwrap();
    let status = call(
        &c,
        v2(
            Method::Get,
            &format!("/leads/{lead}/convert/status/{conversion}"),
        ),
    );
    assert_eq!(status["status"], "completed");
    let new_deal = status["deal_id"].as_u64().unwrap();
    assert_ne!(new_deal, deal);
    let made = call(&c, v2(Method::Get, &format!("/deals/{new_deal}")));
    assert_eq!(
        (
            &made["title"],
            &made["stage_id"],
            &made["value"],
            &made["currency"],
            &made["person_id"]
        ),
        (
            &json!("Convert me"),
            &json!(2),
            &json!(500),
            &json!("EUR"),
            &json!(person)
        )
    );
    let lead_gone = fails(&c, v1(Method::Get, &format!("/leads/{lead}")));
    assert!(matches!(lead_gone, Error::NotFound { .. }), "{lead_gone:?}");

    // A deal without person or organization cannot be a lead: the job fails, the deal stays.
    let lonely = post(&c, "/deals", json!({"title": "Alone"}))["id"]
        .as_u64()
        .unwrap();
    let job = call(
        &c,
        v2(Method::Post, &format!("/deals/{lonely}/convert/lead")),
    );
    let conversion = job["conversion_id"].as_str().unwrap();
    let status = call(
        &c,
        v2(
            Method::Get,
            &format!("/deals/{lonely}/convert/status/{conversion}"),
        ),
    );
    assert_eq!(
        (&status["status"], &status["lead_id"]),
        (&json!("failed"), &Value::Null)
    );
    assert_eq!(
        call(&c, v2(Method::Get, &format!("/deals/{lonely}")))["is_deleted"],
        false
    );

    // Unknown jobs and records are v2 404s.
    let unknown = fails(
        &c,
        v2(
            Method::Get,
            &format!("/deals/{deal}/convert/status/00000000-0000-4000-8000-000000000000"),
        ),
    );
    assert!(matches!(unknown, Error::NotFound { .. }), "{unknown:?}");
    let body: Value = serde_json::from_str(unknown.body().unwrap()).unwrap();
    assert_eq!(body["error"], "Entity was not found");
    assert_eq!(body["error_info"], "Object was not found.");
    let no_deal = fails(&c, v2(Method::Post, "/deals/987654/convert/lead"));
    assert!(matches!(no_deal, Error::NotFound { .. }), "{no_deal:?}");
}
