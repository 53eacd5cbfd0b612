//! The sandbox's v2 routes for pipelines, the parts of a product (variations, its image,
//! duplication), person pictures, user followers and projects (projects, project fields,
//! templates, tasks, boards, phases), driven over HTTP: what a write stores is what the
//! reads (and v1, for pipelines) show, PATCH leaves absent fields alone and clears null
//! ones, unknown ids answer 404 and bad input 400.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::Client;
use pipedrive_sandbox::Sandbox;
use pipedrive_transport::{Method, Multipart, Part, Request};
use serde_json::{Value, json};

mod raw_http;
use raw_http::*;

// Projects, tasks, boards and phases (v2 only), in a file of their own.
#[path = "sandbox_v2_catalog/projects.rs"]
mod projects;

fn post(c: &Client, path: &str, body: Value) -> Value {
    call(c, v2(Method::Post, path).json(&body).unwrap())
}

fn patch(c: &Client, path: &str, body: Value) -> Value {
    call(c, v2(Method::Patch, path).json(&body).unwrap())
}

fn get(c: &Client, path: &str) -> Value {
    call(c, v2(Method::Get, path))
}

/// The status of a v2 request that fails.
fn status_of(c: &Client, req: Request) -> u16 {
    error_of(c, req).0
}

fn id(v: &Value) -> u64 {
    v["id"].as_u64().unwrap()
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array().unwrap().iter().map(id).collect()
}

/// The `data` and `additional_data.next_cursor` of a v2 list.
fn page(c: &Client, req: Request) -> (Value, Value) {
    let full = c.transport().call_full::<Value>(&req).unwrap();
    let extra: Value = serde_json::from_str(full.additional_data_raw.unwrap().get()).unwrap();
    (full.data, extra["next_cursor"].clone())
}

/// A status and the `data` of a successful call.
fn full(c: &Client, req: Request) -> (u16, Value) {
    let r = c.transport().call_full::<Value>(&req).unwrap();
    (r.status, r.data)
}

#[test]
fn pipelines_are_written_through_v2_and_read_through_v1() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let made = post(
        &c,
        "/pipelines",
        json!({"name": "Renewals", "is_deal_probability_enabled": true}),
    );
    let p = id(&made);
    assert_eq!(made["name"], "Renewals");
    assert_eq!(made["is_deal_probability_enabled"], true);
    assert_eq!(made["is_deleted"], false);
    assert_eq!(made["order_nr"], 1, "after the default pipeline (0)");
    assert!(made["add_time"].as_str().unwrap().ends_with('Z'));

    let through_v1 = call(&c, v1(Method::Get, "/pipelines"));
    assert_eq!(ids(&through_v1), [1, p]);
    assert_eq!(through_v1[1]["name"], "Renewals");

    let renamed = patch(&c, &format!("/pipelines/{p}"), json!({"name": "Upsell"}));
    assert_eq!(renamed["name"], "Upsell");
    assert_eq!(
        renamed["is_deal_probability_enabled"], true,
        "absent is left alone"
    );
    let v1_one = call(&c, v1(Method::Get, &format!("/pipelines/{p}")));
    assert_eq!(v1_one["name"], "Upsell");
    for bad in [
        json!({"name": null}),
        json!({"name": "  "}),
        json!({"is_deal_probability_enabled": "x"}),
    ] {
        let req = v2(Method::Patch, &format!("/pipelines/{p}"))
            .json(&bad)
            .unwrap();
        assert_eq!(status_of(&c, req), 400, "{bad}");
    }
    let req = v2(Method::Post, "/pipelines").json(&json!({})).unwrap();
    assert_eq!(status_of(&c, req), 400, "a pipeline needs a name");

    // A stage and a deal in the new pipeline; a pipeline with deals is not deleted.
    let stage = post(&c, "/stages", json!({"name": "Offer", "pipeline_id": p}));
    let deal = post(&c, "/deals", json!({"title": "Renew", "pipeline_id": p}));
    assert_eq!(deal["stage_id"], stage["id"]);
    let (status, refused) = error_of(&c, v2(Method::Delete, &format!("/pipelines/{p}")));
    assert_eq!(status, 400);
    assert!(
        refused["error"].as_str().unwrap().contains("deal"),
        "{refused}"
    );
    call(&c, v2(Method::Delete, &format!("/deals/{}", id(&deal))));
    let gone = call(&c, v2(Method::Delete, &format!("/pipelines/{p}")));
    assert_eq!(gone["id"], p);

    // Its stages go with it; v1 and the v2 list no longer show it.
    assert_eq!(get(&c, &format!("/pipelines/{p}"))["is_deleted"], true);
    assert_eq!(
        get(&c, &format!("/stages/{}", id(&stage)))["is_deleted"],
        true
    );
    assert_eq!(ids(&get(&c, "/pipelines")), [1]);
    assert_eq!(ids(&call(&c, v1(Method::Get, "/pipelines"))), [1]);
    let req = v2(Method::Post, "/stages")
        .json(&json!({"name": "Late", "pipeline_id": p}))
        .unwrap();
    assert_eq!(status_of(&c, req), 400, "no stages in a deleted pipeline");
    assert_eq!(
        status_of(&c, v2(Method::Delete, &format!("/pipelines/{p}"))),
        404
    );
    assert_eq!(
        status_of(&c, v2(Method::Delete, "/pipelines/1")),
        400,
        "the last one stays"
    );
    assert_eq!(status_of(&c, v2(Method::Get, "/pipelines/999")), 404);
    let req = v2(Method::Patch, "/pipelines/999")
        .json(&json!({"name": "x"}))
        .unwrap();
    assert_eq!(status_of(&c, req), 404);
}

#[test]
fn product_variations_belong_to_their_product() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let product = id(&post(&c, "/products", json!({"name": "Chair"})));
    let other = id(&post(&c, "/products", json!({"name": "Desk"})));
    let path = format!("/products/{product}/variations");

    let (status, red) = full(
        &c,
        v2(Method::Post, &path)
            .json(&json!({"name": "Red", "prices": [{"currency": "EUR", "price": 20, "cost": 8, "notes": "list"}]}))
            .unwrap(),
    );
    assert_eq!(status, 201);
    assert_eq!(red["product_id"], product);
    assert_eq!(
        red["prices"],
        json!([{"product_variation_id": id(&red), "currency": "EUR", "price": 20, "cost": 8, "direct_cost": 0, "notes": "list"}])
    );
    let blue = post(&c, &path, json!({"name": "Blue"}));
    assert_eq!(
        blue["prices"][0]["price"], 0,
        "a default price when none is given"
    );
    assert_eq!(blue["prices"][0]["currency"], "USD");

    let (first, next) = page(&c, v2(Method::Get, &path).query("limit", &1).unwrap());
    assert_eq!(ids(&first), [id(&red)]);
    assert!(next.is_string());

    let one = format!("{path}/{}", id(&red));
    let renamed = patch(&c, &one, json!({"name": "Crimson"}));
    assert_eq!(renamed["name"], "Crimson");
    assert_eq!(
        renamed["prices"], red["prices"],
        "absent prices are left alone"
    );
    let repriced = patch(
        &c,
        &one,
        json!({"prices": [{"currency": "USD", "price": 25}]}),
    );
    assert_eq!(repriced["prices"][0]["currency"], "USD");
    assert_eq!(repriced["prices"].as_array().unwrap().len(), 1);

    for bad in [
        json!({"name": null}),
        json!({"prices": [{"currency": "USD"}]}),
        json!({"name": "x".repeat(256)}),
    ] {
        let req = v2(Method::Patch, &one).json(&bad).unwrap();
        assert_eq!(status_of(&c, req), 400, "{bad}");
    }
    let req = v2(Method::Post, &path)
        .json(&json!({"prices": []}))
        .unwrap();
    assert_eq!(status_of(&c, req), 400, "a variation needs a name");
    let elsewhere = format!("/products/{other}/variations/{}", id(&red));
    let req = v2(Method::Patch, &elsewhere)
        .json(&json!({"name": "x"}))
        .unwrap();
    assert_eq!(status_of(&c, req), 404, "not the other product's variation");
    assert_eq!(
        status_of(&c, v2(Method::Get, "/products/999/variations")),
        404
    );

    assert_eq!(call(&c, v2(Method::Delete, &one))["id"], id(&red));
    assert_eq!(ids(&get(&c, &path)), [id(&blue)]);
    assert_eq!(status_of(&c, v2(Method::Delete, &one)), 404);
}

fn image(field: &str, name: &str, bytes: &[u8]) -> Multipart {
    Multipart::new().part(Part::bytes(field, name, bytes.to_vec()))
}

/// The bytes behind an image's `public_url` (a sandbox path below `/v2`).
fn image_bytes(c: &Client, product: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let req = v2(Method::Get, &format!("/products/{product}/images/content"));
    c.transport().download(&req, &mut out).unwrap();
    out
}

#[test]
fn a_product_image_is_uploaded_read_replaced_and_deleted() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let product = id(&post(&c, "/products", json!({"name": "Lamp"})));
    let path = format!("/products/{product}/images");
    assert_eq!(status_of(&c, v2(Method::Get, &path)), 404, "no image yet");

    let png = b"\x89PNG\r\n\x1a\nfirst image".to_vec();
    let (status, up) = full(
        &c,
        v2(Method::Post, &path).multipart(image("data", "lamp.png", &png)),
    );
    assert_eq!(status, 201);
    assert_eq!(up["product_id"], product);
    assert!(up["company_id"].is_string());
    assert!(up["add_time"].as_str().unwrap().ends_with('Z'));

    let shown = get(&c, &path);
    assert_eq!(shown["id"], up["id"]);
    assert_eq!(
        (&shown["mime_type"], &shown["name"]),
        (&json!("image/png"), &json!("lamp.png"))
    );
    assert!(
        shown["public_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{path}/content"))
    );
    assert_eq!(image_bytes(&c, product), png);

    let again = v2(Method::Post, &path).multipart(image("data", "lamp.png", &png));
    assert_eq!(
        status_of(&c, again),
        400,
        "one image per product: PUT replaces it"
    );
    let gif = b"GIF89a second".to_vec();
    let replaced = call(
        &c,
        v2(Method::Put, &path).multipart(image("data", "lamp.gif", &gif)),
    );
    assert_eq!(replaced["id"], up["id"]);
    assert_eq!(get(&c, &path)["mime_type"], "image/gif");
    assert_eq!(image_bytes(&c, product), gif);

    let text = v2(Method::Put, &path).multipart(image("data", "notes.txt", b"hello"));
    assert_eq!(status_of(&c, text), 400, "not an image");
    let wrong_part = v2(Method::Put, &path).multipart(image("file", "lamp.png", &png));
    assert_eq!(
        status_of(&c, wrong_part),
        400,
        "the image is the part 'data'"
    );

    assert_eq!(call(&c, v2(Method::Delete, &path))["id"], up["id"]);
    assert_eq!(status_of(&c, v2(Method::Get, &path)), 404);
    assert_eq!(status_of(&c, v2(Method::Delete, &path)), 404);
    let put = v2(Method::Put, &path).multipart(image("data", "lamp.png", &png));
    assert_eq!(status_of(&c, put), 404, "nothing to replace");
    let unknown = v2(Method::Post, "/products/999/images").multipart(image("data", "a.png", &png));
    assert_eq!(status_of(&c, unknown), 404);
}

#[test]
fn a_duplicated_product_has_the_prices_custom_fields_and_variations() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let field = post(
        &c,
        "/productFields",
        json!({"field_name": "Material", "field_type": "varchar"}),
    );
    let key = field["field_code"].as_str().unwrap().to_owned();
    let source = post(
        &c,
        "/products",
        json!({"name": "Stool", "code": "ST-1", "prices": [{"currency": "EUR", "price": 30}],
               "custom_fields": {key.clone(): "oak"}}),
    );
    post(
        &c,
        &format!("/products/{}/variations", id(&source)),
        json!({"name": "Tall"}),
    );

    let (status, copy) = full(
        &c,
        v2(
            Method::Post,
            &format!("/products/{}/duplicate", id(&source)),
        ),
    );
    assert_eq!(status, 201);
    let copy_id = id(&copy);
    assert_ne!(copy_id, id(&source));
    assert_eq!(
        (&copy["name"], &copy["code"]),
        (&json!("Stool"), &json!("ST-1"))
    );
    assert_eq!(copy["custom_fields"][&key], "oak");
    assert_eq!(copy["prices"][0]["price"], 30);
    assert_eq!(copy["prices"][0]["product_id"], copy_id);
    assert_eq!(get(&c, &format!("/products/{copy_id}")), copy);
    let variations = get(&c, &format!("/products/{copy_id}/variations"));
    assert_eq!(variations[0]["name"], "Tall");
    assert_eq!(variations[0]["product_id"], copy_id);
    assert_eq!(
        variations[0]["prices"][0]["product_variation_id"],
        variations[0]["id"]
    );
    assert_eq!(
        get(&c, &format!("/products/{}/variations", id(&source)))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        status_of(&c, v2(Method::Post, "/products/999/duplicate")),
        404
    );
}

#[test]
fn person_pictures_and_user_followers() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let person = id(&post(&c, "/persons", json!({"name": "Mia"})));
    let (status, none) = error_of(&c, v2(Method::Get, &format!("/persons/{person}/picture")));
    assert_eq!(status, 404);
    assert!(
        none["error"].as_str().unwrap().contains("picture"),
        "{none}"
    );
    assert_eq!(status_of(&c, v2(Method::Get, "/persons/999/picture")), 404);

    let (followers, next) = page(&c, v2(Method::Get, "/users/101/followers"));
    assert_eq!((followers, next), (json!([]), Value::Null));
    assert_eq!(status_of(&c, v2(Method::Get, "/users/999/followers")), 404);
    let bad = v2(Method::Get, "/users/101/followers")
        .query("limit", &0)
        .unwrap();
    assert_eq!(status_of(&c, bad), 400);
}

#[test]
fn an_unknown_route_names_its_method_and_path() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let (status, body) = error_of(&c, v2(Method::Get, "/no/such/route"));
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Unknown method GET /v2/no/such/route");
    let req = v2(Method::Post, "/projectTemplates/1")
        .json(&json!({}))
        .unwrap();
    assert_eq!(
        error_of(&c, req).1["error"],
        "Unknown method POST /v2/projectTemplates/1"
    );
    let (_, v1_body) = error_of(&c, v1(Method::Delete, "/nothing/here"));
    assert_eq!(v1_body["error"], "Unknown method DELETE /v1/nothing/here");
}
