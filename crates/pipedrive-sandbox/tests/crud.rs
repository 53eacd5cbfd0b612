//! Create / read / update / delete per resource, relations, validation and auth.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Client, assert_error, items};
use pipedrive_sandbox::Sandbox;
use serde_json::{Value, json};

fn setup() -> (Sandbox, Client) {
    let sb = Sandbox::start().unwrap();
    let c = Client::new(&sb);
    (sb, c)
}

fn id_of(v: &Value) -> u64 {
    v["data"]["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("no id in {v}"))
}

#[test]
fn empty_account_has_setup_but_no_records() {
    let (sb, mut c) = setup();
    assert_eq!(sb.count("deals"), 0);
    assert_eq!(sb.count("users"), 1);
    assert_eq!(sb.count("stages"), 5);
    let r = c.get("deals");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["success"], true);
    assert!(v["data"].is_null(), "empty lists answer data: null");
    assert_eq!(
        v["additional_data"]["pagination"]["more_items_in_collection"],
        false
    );
    let me = c.get("users/me").data();
    assert_eq!(me["is_you"], true);
    assert!(me["company_id"].is_u64());
}

#[test]
fn deal_crud_with_expanded_refs() {
    let (sb, mut c) = setup();
    let org = id_of(&c.post("organizations", &json!({"name": "Acme"})).json());
    let person = id_of(
        &c.post(
            "persons",
            &json!({"name": "Ada Lovelace", "org_id": org, "email": "ada@example.com"}),
        )
        .json(),
    );

    let r = c.post(
        "deals",
        &json!({"title": "Big deal", "value": "1500.5", "currency": "eur", "person_id": person, "org_id": org, "expected_close_date": "2030-01-31"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let d = &v["data"];
    let id = d["id"].as_u64().unwrap();
    assert_eq!(d["title"], "Big deal");
    assert_eq!(d["value"], 1500.5);
    assert_eq!(d["currency"], "EUR");
    assert_eq!(d["status"], "open");
    assert_eq!(d["person_id"]["value"], person);
    assert_eq!(d["person_id"]["name"], "Ada Lovelace");
    assert_eq!(d["org_id"]["value"], org);
    assert_eq!(d["org_id"]["name"], "Acme");
    assert_eq!(d["user_id"]["value"], d["user_id"]["id"]);
    assert_eq!(d["stage_id"], 1);
    assert_eq!(d["pipeline_id"], 1);
    assert_eq!(d["person_name"], "Ada Lovelace");
    assert_eq!(d["org_name"], "Acme");
    assert_eq!(d["formatted_value"], "€1,500.50");
    let add_time = d["add_time"].as_str().unwrap();
    assert_eq!(add_time.len(), 19);
    assert_eq!(&add_time[10..11], " ");
    let rel = &v["related_objects"];
    assert!(rel["user"].is_object());
    assert!(rel["person"][person.to_string()].is_object());
    assert!(rel["organization"][org.to_string()].is_object());

    let got = c.get(&format!("deals/{id}"));
    assert_eq!(got.status, 200);
    assert_eq!(got.data()["title"], "Big deal");
    assert!(got.json()["additional_data"]["dropbox_email"].is_string());

    let upd = c.put(
        &format!("deals/{id}"),
        &json!({"title": "Bigger deal", "status": "won", "stage_id": 3}),
    );
    assert_eq!(upd.status, 200, "{}", upd.text());
    let u = upd.data();
    assert_eq!(u["title"], "Bigger deal");
    assert_eq!(u["status"], "won");
    assert_eq!(u["stage_id"], 3);
    assert!(u["won_time"].is_string());
    assert!(u["close_time"].is_string());
    assert_eq!(u["active"], false);

    // Soft delete: still fetchable, marked deleted, no longer listed or counted.
    let del = c.delete(&format!("deals/{id}"));
    assert_eq!(del.status, 200);
    assert_eq!(del.data(), json!({"id": id}));
    assert_eq!(sb.count("deals"), 0);
    let gone = c.get(&format!("deals/{id}")).data();
    assert_eq!(gone["deleted"], true);
    assert_eq!(gone["status"], "deleted");
    assert!(items(&c.get("deals").data()).is_empty());
    let deleted = items(&c.get("deals?status=deleted").data());
    assert_eq!(deleted.len(), 1);
}

#[test]
fn deal_validation() {
    let (_sb, mut c) = setup();
    assert!(assert_error(&c.post("deals", &json!({"value": 5})), 400).contains("title"));
    assert_error(&c.post("deals", &json!({"title": ""})), 400);
    assert_error(
        &c.post("deals", &json!({"title": "x", "status": "pending"})),
        400,
    );
    assert_error(
        &c.post("deals", &json!({"title": "x", "visible_to": 2})),
        400,
    );
    assert_error(&c.post("deals", &json!({"title": "x", "org_id": 999})), 400);
    assert_error(
        &c.post("deals", &json!({"title": "x", "person_id": 999})),
        400,
    );
    assert_error(
        &c.post("deals", &json!({"title": "x", "user_id": 999})),
        400,
    );
    assert_error(
        &c.post("deals", &json!({"title": "x", "stage_id": 999})),
        400,
    );
    assert_error(
        &c.post("deals", &json!({"title": "x", "value": "lots"})),
        400,
    );
    assert_error(
        &c.post(
            "deals",
            &json!({"title": "x", "expected_close_date": "31.01.2030"}),
        ),
        400,
    );
    assert_error(
        &c.post("deals", &json!({"title": "x", "probability": 150})),
        400,
    );
    // visible_to accepts the documented values as numbers or strings.
    assert_eq!(
        c.post("deals", &json!({"title": "x", "visible_to": "7"}))
            .status,
        201
    );
    assert_eq!(
        c.post("deals", &json!({"title": "y", "visible_to": 5}))
            .status,
        201
    );
    // Malformed JSON is a 400, not a crash.
    let r = c
        .send(
            "POST",
            "deals",
            &[],
            Some(("application/json", b"{\"title\":")),
        )
        .unwrap();
    assert_error(&r, 400);
}

#[test]
fn not_found_shape() {
    let (_sb, mut c) = setup();
    for (path, msg) in [
        ("deals/12345", "Deal not found"),
        ("persons/12345", "Person not found"),
        ("organizations/12345", "Organization not found"),
        ("activities/12345", "Activity not found"),
        ("products/12345", "Product not found"),
        ("users/12345", "User not found"),
        ("stages/12345", "Stage not found"),
        (
            "leads/8b0a1c2e-1111-4222-8333-444455556666",
            "Lead not found",
        ),
    ] {
        let r = c.get(path);
        assert_eq!(assert_error(&r, 404), msg, "{path}");
    }
    assert_error(&c.put("deals/12345", &json!({"title": "x"})), 404);
    assert_error(&c.delete("deals/12345"), 404);
    assert_error(&c.get("nonsense"), 404);
}

#[test]
fn auth_is_required() {
    let sb = Sandbox::start().unwrap();
    let mut c = Client::new(&sb);
    c.token = None;
    let r = c.get("deals");
    assert_error(&r, 401);
    assert_eq!(r.json()["errorCode"], 401);
    // Bearer tokens and the api_token query parameter are accepted too.
    let r = c
        .send("GET", "deals", &[("Authorization", "Bearer abc")], None)
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(c.get("deals?api_token=abc").status, 200);
    assert_error(
        &c.send("GET", "deals", &[("x-api-token", "")], None)
            .unwrap(),
        401,
    );

    let locked = Sandbox::builder().token("secret").start().unwrap();
    let mut c = Client::new(&locked);
    assert_error(&c.get("users/me"), 401);
    c.token = Some("secret".into());
    assert_eq!(c.get("users/me").status, 200);
    c.token = None;
    assert_error(&c.get("users/me"), 401);
}

#[test]
fn bulk_delete_deals() {
    let (sb, mut c) = setup();
    let a = id_of(&c.post("deals", &json!({"title": "a"})).json());
    let b = id_of(&c.post("deals", &json!({"title": "b"})).json());
    let keep = id_of(&c.post("deals", &json!({"title": "c"})).json());
    let r = c.delete(&format!("deals?ids={a},{b}"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.data(), json!({"id": [a, b]}));
    assert_eq!(sb.count("deals"), 1);
    let left = items(&c.get("deals").data());
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], keep);
    assert_error(&c.delete("deals"), 400);
}

#[test]
fn deal_products_followers_participants() {
    let (sb, mut c) = setup();
    let person = id_of(&c.post("persons", &json!({"name": "Pat"})).json());
    let deal = id_of(
        &c.post(
            "deals",
            &json!({"title": "With products", "currency": "USD"}),
        )
        .json(),
    );
    let product = id_of(
        &c.post(
            "products",
            &json!({"name": "Widget", "prices": [{"currency": "USD", "price": 10}]}),
        )
        .json(),
    );

    // Products.
    assert_error(
        &c.post(
            &format!("deals/{deal}/products"),
            &json!({"product_id": product}),
        ),
        400,
    );
    assert_error(
        &c.post(
            &format!("deals/{deal}/products"),
            &json!({"product_id": 999, "item_price": 1, "quantity": 1}),
        ),
        400,
    );
    let r = c.post(
        &format!("deals/{deal}/products"),
        &json!({"product_id": product, "item_price": 10, "quantity": 3, "discount_percentage": 10}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let att = r.data();
    let att_id = att["id"].as_u64().unwrap();
    assert_eq!(att["deal_id"], deal);
    assert_eq!(att["sum"], 27);
    assert_eq!(att["name"], "Widget");
    let list = c.get(&format!("deals/{deal}/products?include_product_data=1"));
    let lv = list.json();
    assert_eq!(items(&lv["data"]).len(), 1);
    assert_eq!(lv["data"][0]["product"]["name"], "Widget");
    assert_eq!(lv["additional_data"]["products_sum_total"], 27);
    assert_eq!(c.get(&format!("deals/{deal}")).data()["value"], 27);
    assert_eq!(c.get(&format!("deals/{deal}")).data()["products_count"], 1);
    let upd = c.put(
        &format!("deals/{deal}/products/{att_id}"),
        &json!({"product_id": product, "quantity": 5}),
    );
    assert_eq!(upd.status, 200, "{}", upd.text());
    assert_eq!(upd.data()["quantity"], 5);
    assert_eq!(upd.data()["sum"], 45);
    assert_error(
        &c.put(
            &format!("deals/{deal}/products/{att_id}"),
            &json!({"quantity": 5}),
        ),
        400,
    );
    assert_eq!(
        c.delete(&format!("deals/{deal}/products/{att_id}")).data(),
        json!({"id": att_id})
    );
    assert_error(&c.delete(&format!("deals/{deal}/products/{att_id}")), 404);
    assert_eq!(sb.count("deal_products"), 0);

    // Followers.
    let me = c.get("users/me").data()["id"].as_u64().unwrap();
    let f = c.post(&format!("deals/{deal}/followers"), &json!({"user_id": me}));
    assert_eq!(f.status, 200, "{}", f.text());
    let fid = f.data()["id"].as_u64().unwrap();
    assert_eq!(f.data()["deal_id"], deal);
    assert_eq!(f.data()["user_id"], me);
    assert_error(
        &c.post(&format!("deals/{deal}/followers"), &json!({"user_id": 999})),
        400,
    );
    let fl = items(&c.get(&format!("deals/{deal}/followers")).data());
    assert_eq!(fl.len(), 1);
    assert_eq!(c.get(&format!("deals/{deal}")).data()["followers_count"], 1);
    assert_eq!(
        c.delete(&format!("deals/{deal}/followers/{fid}")).data(),
        json!({"id": fid})
    );
    assert!(items(&c.get(&format!("deals/{deal}/followers")).data()).is_empty());

    // Participants.
    let p = c.post(
        &format!("deals/{deal}/participants"),
        &json!({"person_id": person}),
    );
    assert_eq!(p.status, 200, "{}", p.text());
    let pid = p.data()["id"].as_u64().unwrap();
    assert_eq!(p.data()["person_id"]["value"], person);
    assert_eq!(p.data()["person"]["name"], "Pat");
    assert_error(
        &c.post(
            &format!("deals/{deal}/participants"),
            &json!({"person_id": 4242}),
        ),
        400,
    );
    assert_eq!(
        items(&c.get(&format!("deals/{deal}/participants")).data()).len(),
        1
    );
    assert_eq!(
        items(&c.get(&format!("deals/{deal}/persons")).data()).len(),
        1
    );
    assert_eq!(
        c.delete(&format!("deals/{deal}/participants/{pid}")).data(),
        json!({"id": pid})
    );
    assert!(
        c.get(&format!("deals/{deal}/participants"))
            .data()
            .is_null()
    );
}

#[test]
fn deal_summary_per_currency() {
    let (_sb, mut c) = setup();
    c.post(
        "deals",
        &json!({"title": "a", "value": 10, "currency": "EUR"}),
    );
    c.post(
        "deals",
        &json!({"title": "b", "value": 5, "currency": "EUR"}),
    );
    c.post(
        "deals",
        &json!({"title": "c", "value": 30, "currency": "USD", "status": "won"}),
    );
    let s = c.get("deals/summary").data();
    assert_eq!(s["total_count"], 3);
    assert_eq!(s["values_total"]["EUR"]["value"], 15);
    assert_eq!(s["values_total"]["EUR"]["count"], 2);
    assert_eq!(s["values_total"]["USD"]["value"], 30);
    let open = c.get("deals/summary?status=open").data();
    assert_eq!(open["total_count"], 2);
    assert!(open["values_total"]["USD"].is_null());
}

#[test]
fn persons_and_organizations() {
    let (sb, mut c) = setup();
    assert!(assert_error(&c.post("organizations", &json!({})), 400).contains("name"));
    let r = c.post(
        "organizations",
        &json!({"name": "Initech", "address": "1 Main St", "visible_to": 3}),
    );
    assert_eq!(r.status, 201);
    let org = id_of(&r.json());
    assert_error(&c.post("persons", &json!({"email": "x@y.z"})), 400);
    assert_error(
        &c.post("persons", &json!({"name": "X", "org_id": 777})),
        400,
    );
    let r = c.post(
        "persons",
        &json!({"name": "Peter Gibbons", "org_id": org, "email": [{"value": "peter@initech.com", "primary": true, "label": "work"}], "phone": "555-1234"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let p = r.data();
    let pid = p["id"].as_u64().unwrap();
    assert_eq!(p["first_name"], "Peter");
    assert_eq!(p["last_name"], "Gibbons");
    assert_eq!(p["email"][0]["value"], "peter@initech.com");
    assert_eq!(p["phone"][0]["value"], "555-1234");
    assert_eq!(p["primary_email"], "peter@initech.com");
    assert_eq!(p["org_id"]["value"], org);
    assert_eq!(p["org_name"], "Initech");

    let upd = c.put(&format!("persons/{pid}"), &json!({"name": "Peter G"}));
    assert_eq!(upd.data()["name"], "Peter G");
    let o = c.get(&format!("organizations/{org}")).data();
    assert_eq!(o["people_count"], 1);
    assert_eq!(o["name"], "Initech");

    // Relations.
    let deal = id_of(
        &c.post(
            "deals",
            &json!({"title": "TPS", "person_id": pid, "org_id": org}),
        )
        .json(),
    );
    let pd = items(&c.get(&format!("persons/{pid}/deals")).data());
    assert_eq!(pd.len(), 1);
    assert_eq!(pd[0]["id"], deal);
    assert_eq!(
        items(&c.get(&format!("organizations/{org}/deals")).data()).len(),
        1
    );
    let op = items(&c.get(&format!("organizations/{org}/persons")).data());
    assert_eq!(op.len(), 1);
    assert_eq!(op[0]["id"], pid);
    assert_eq!(
        c.get(&format!("persons/{pid}")).data()["open_deals_count"],
        1
    );

    // Followers on persons and organizations.
    let me = c.get("users/me").data()["id"].as_u64().unwrap();
    let f = c.post(
        &format!("organizations/{org}/followers"),
        &json!({"user_id": me}),
    );
    assert_eq!(f.data()["org_id"], org);
    let f = c.post(&format!("persons/{pid}/followers"), &json!({"user_id": me}));
    let fid = f.data()["id"].as_u64().unwrap();
    assert_eq!(
        items(&c.get(&format!("persons/{pid}/followers")).data()).len(),
        1
    );
    assert_eq!(
        c.delete(&format!("persons/{pid}/followers/{fid}")).status,
        200
    );

    // Soft delete: active_flag false, gone from lists and counts.
    assert_eq!(
        c.delete(&format!("persons/{pid}")).data(),
        json!({"id": pid})
    );
    assert_eq!(sb.count("persons"), 0);
    assert_eq!(
        c.get(&format!("persons/{pid}")).data()["active_flag"],
        false
    );
    assert!(c.get("persons").data().is_null());
    assert_eq!(
        c.delete(&format!("organizations?ids={org}")).data(),
        json!({"id": [org]})
    );
    assert_eq!(sb.count("organizations"), 0);
    assert_eq!(
        c.get(&format!("organizations/{org}")).data()["active_flag"],
        false
    );
}

#[test]
fn activities_and_types() {
    let (sb, mut c) = setup();
    let deal = id_of(&c.post("deals", &json!({"title": "Meet"})).json());
    assert_error(&c.post("activities", &json!({"type": "teleport"})), 400);
    assert_error(&c.post("activities", &json!({"deal_id": 999})), 400);
    assert_error(&c.post("activities", &json!({"due_date": "tomorrow"})), 400);
    let r = c.post("activities", &json!({}));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.data()["subject"], "Call");
    assert_eq!(r.data()["type"], "call");
    let r = c.post(
        "activities",
        &json!({"subject": "Kick-off", "type": "meeting", "deal_id": deal, "due_date": "2030-05-01", "due_time": "10:30", "duration": "01:00"}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let a = r.data();
    let aid = a["id"].as_u64().unwrap();
    assert_eq!(a["deal_title"], "Meet");
    assert_eq!(a["done"], false);
    let upd = c.put(&format!("activities/{aid}"), &json!({"done": 1}));
    assert_eq!(upd.data()["done"], true);
    assert!(upd.data()["marked_as_done_time"].is_string());
    let da = items(&c.get(&format!("deals/{deal}/activities")).data());
    assert_eq!(da.len(), 1);
    assert_eq!(
        items(&c.get(&format!("deals/{deal}/activities?done=0")).data()).len(),
        0
    );
    assert_eq!(items(&c.get("activities").data()).len(), 2);
    assert_eq!(items(&c.get("activities?type=meeting").data()).len(), 1);
    assert_eq!(
        c.delete(&format!("activities/{aid}")).data(),
        json!({"id": aid})
    );
    assert_eq!(sb.count("activities"), 1);

    // Activity types: custom type becomes usable.
    let types = items(&c.get("activityTypes").data());
    assert!(types.iter().any(|t| t["key_string"] == "call"));
    assert_error(&c.post("activityTypes", &json!({"name": "Video"})), 400);
    assert_error(
        &c.post(
            "activityTypes",
            &json!({"name": "Video", "icon_key": "hologram"}),
        ),
        400,
    );
    let t = c.post(
        "activityTypes",
        &json!({"name": "Video call", "icon_key": "camera", "color": "aeb31b"}),
    );
    assert_eq!(t.status, 200, "{}", t.text());
    assert_eq!(t.data()["key_string"], "video_call");
    assert_eq!(t.data()["is_custom_flag"], true);
    let tid = t.data()["id"].as_u64().unwrap();
    assert_eq!(
        c.post("activities", &json!({"type": "video_call"})).status,
        201
    );
    let upd = c.put(
        &format!("activityTypes/{tid}"),
        &json!({"name": "Video meeting"}),
    );
    assert_eq!(upd.data()["name"], "Video meeting");
    let del = c.delete(&format!("activityTypes/{tid}"));
    assert_eq!(del.data()["active_flag"], false);
    assert_error(&c.post("activities", &json!({"type": "video_call"})), 400);
}

#[test]
fn leads_crud() {
    let (sb, mut c) = setup();
    let person = id_of(&c.post("persons", &json!({"name": "Lee"})).json());
    assert_error(&c.post("leads", &json!({"title": "No contact"})), 400);
    assert_error(&c.post("leads", &json!({"person_id": person})), 400);
    assert_error(
        &c.post("leads", &json!({"title": "x", "person_id": 999})),
        400,
    );
    assert_error(
        &c.post(
            "leads",
            &json!({"title": "x", "person_id": person, "value": 5}),
        ),
        400,
    );
    let r = c.post("leads", &json!({"title": "Hot lead", "person_id": person, "value": {"amount": 999, "currency": "usd"}}));
    assert_eq!(r.status, 201, "{}", r.text());
    let l = r.data();
    let id = l["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(l["value"]["amount"], 999);
    assert_eq!(l["value"]["currency"], "USD");
    assert_eq!(l["source_name"], "API");
    assert_eq!(c.get(&format!("leads/{id}")).data()["title"], "Hot lead");
    assert_error(&c.get("leads/not-a-uuid"), 400);

    let p = c.patch(
        &format!("leads/{id}"),
        &json!({"title": "Warm lead", "is_archived": true, "value": null}),
    );
    assert_eq!(p.status, 200, "{}", p.text());
    assert_eq!(p.data()["title"], "Warm lead");
    assert_eq!(p.data()["is_archived"], true);
    assert!(p.data()["value"].is_null());
    assert_error(
        &c.patch(&format!("leads/{id}"), &json!({"person_id": null})),
        400,
    );
    assert_eq!(
        items(&c.get("leads?archived_status=archived").data()).len(),
        1
    );
    assert_eq!(
        items(&c.get("leads?archived_status=not_archived").data()).len(),
        0
    );

    assert_eq!(c.delete(&format!("leads/{id}")).data(), json!({"id": id}));
    assert_eq!(sb.count("leads"), 0);
    assert_error(&c.get(&format!("leads/{id}")), 404);
}

#[test]
fn products_crud() {
    let (sb, mut c) = setup();
    assert_error(&c.post("products", &json!({"code": "X"})), 400);
    assert_error(
        &c.post("products", &json!({"name": "Dup", "prices": [{"currency": "EUR", "price": 1}, {"currency": "EUR", "price": 2}]})),
        400,
    );
    let r = c.post("products", &json!({"name": "Pencil", "code": "PNC", "prices": [{"currency": "EUR", "price": 5, "cost": 2}]}));
    assert_eq!(r.status, 201, "{}", r.text());
    let id = id_of(&r.json());
    assert_eq!(r.data()["prices"][0]["price"], 5);
    let upd = c.put(
        &format!("products/{id}"),
        &json!({"name": "Mechanical pencil"}),
    );
    assert_eq!(upd.data()["name"], "Mechanical pencil");
    let list = c.get("products?get_summary=1").json();
    assert_eq!(list["additional_data"]["summary"]["total_count"], 1);
    let me = c.get("users/me").data()["id"].clone();
    let f = c.post(&format!("products/{id}/followers"), &json!({"user_id": me}));
    assert_eq!(f.status, 201);
    assert_eq!(f.data()["product_id"], id);
    assert_eq!(c.delete(&format!("products/{id}")).status, 200);
    assert_eq!(sb.count("products"), 0);
}

#[test]
fn stages_users_filters_currencies() {
    let (_sb, mut c) = setup();
    let stages = items(&c.get("stages").data());
    assert_eq!(stages.len(), 5);
    assert_eq!(stages[0]["pipeline_name"], "Sales pipeline");
    let s = c.get("stages/2").data();
    assert!(s["deals_summary"].is_object());
    let upd = c.put(
        "stages/2",
        &json!({"name": "Contacted", "deal_probability": 30}),
    );
    assert_eq!(upd.data()["name"], "Contacted");
    assert_error(&c.put("stages/2", &json!({"deal_probability": 300})), 400);
    let deal = id_of(
        &c.post("deals", &json!({"title": "staged", "stage_id": 2}))
            .json(),
    );
    let sd = items(&c.get("stages/2/deals").data());
    assert_eq!(sd.len(), 1);
    assert_eq!(sd[0]["id"], deal);
    assert_eq!(items(&c.get("deals?stage_id=2").data()).len(), 1);
    assert!(c.get("deals?stage_id=3").data().is_null());

    let users = items(&c.get("users").data());
    assert_eq!(users.len(), 1);
    let u = c.post("users", &json!({"email": "new@example.com"}));
    assert_eq!(u.status, 200, "{}", u.text());
    let uid = u.data()["id"].as_u64().unwrap();
    assert_eq!(u.data()["is_you"], false);
    assert_error(&c.post("users", &json!({"email": "new@example.com"})), 400);
    assert_error(&c.post("users", &json!({})), 400);
    assert_eq!(
        c.get(&format!("users/{uid}")).data()["email"],
        "new@example.com"
    );
    assert_eq!(
        c.put(&format!("users/{uid}"), &json!({"active_flag": false}))
            .data()["active_flag"],
        false
    );
    assert_error(&c.put(&format!("users/{uid}"), &json!({})), 400);
    assert_eq!(items(&c.get("users/find?term=new").data()).len(), 1);

    // Filters drive `filter_id` on lists.
    let cond = json!({"glue": "and", "conditions": [
        {"glue": "and", "conditions": [{"object": "deal", "field_id": "title", "operator": "=", "value": "staged"}]},
        {"glue": "or", "conditions": []}
    ]});
    assert_error(
        &c.post(
            "filters",
            &json!({"name": "f", "conditions": cond, "type": "nope"}),
        ),
        400,
    );
    assert_error(
        &c.post("filters", &json!({"name": "f", "type": "deals"})),
        400,
    );
    let f = c.post(
        "filters",
        &json!({"name": "Staged", "conditions": cond, "type": "deals"}),
    );
    assert_eq!(f.status, 200, "{}", f.text());
    let fid = f.data()["id"].as_u64().unwrap();
    c.post("deals", &json!({"title": "other"}));
    let only = items(&c.get(&format!("deals?filter_id={fid}")).data());
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["title"], "staged");
    assert_eq!(items(&c.get("filters?type=deals").data()).len(), 1);
    assert!(c.get(&format!("filters/{fid}")).data()["conditions"].is_object());
    assert_eq!(
        c.delete(&format!("filters/{fid}")).data(),
        json!({"id": fid})
    );
    assert_error(&c.get(&format!("filters/{fid}")), 404);

    let cur = items(&c.get("currencies?term=eur").data());
    assert_eq!(cur[0]["code"], "EUR");
}

#[test]
fn custom_fields_appear_and_are_writable() {
    let (_sb, mut c) = setup();
    let deal = id_of(&c.post("deals", &json!({"title": "before field"})).json());

    let std_fields = items(&c.get("dealFields").data());
    assert!(
        std_fields
            .iter()
            .any(|f| f["key"] == "title" && f["edit_flag"] == false)
    );
    assert_error(&c.post("dealFields", &json!({"name": "X"})), 400);
    assert_error(
        &c.post("dealFields", &json!({"name": "X", "field_type": "blob"})),
        400,
    );

    let r = c.post(
        "dealFields",
        &json!({"name": "Region", "field_type": "varchar"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let key = r.data()["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 40);
    assert!(key.chars().all(|ch| ch.is_ascii_hexdigit()));
    let fid = r.data()["id"].as_u64().unwrap();
    assert_eq!(c.get(&format!("dealFields/{fid}")).data()["name"], "Region");

    // Existing deals show the key as null.
    let d = c.get(&format!("deals/{deal}")).data();
    assert!(d.get(&key).is_some_and(Value::is_null), "{d}");
    // Writable on create and update.
    let mut body = json!({"title": "with field"});
    body[&key] = json!("EMEA");
    let created = c.post("deals", &body).data();
    assert_eq!(created[&key], "EMEA");
    let mut upd = json!({});
    upd[&key] = json!("APAC");
    let updated = c.put(&format!("deals/{deal}"), &upd).data();
    assert_eq!(updated[&key], "APAC");
    // Unknown custom keys are ignored.
    let unknown = "0123456789abcdef0123456789abcdef01234567";
    let mut with_unknown = json!({"title": "u"});
    with_unknown[unknown] = json!("x");
    let r = c.post("deals", &with_unknown);
    assert_eq!(r.status, 201);
    assert!(r.data().get(unknown).is_none());

    // Enum fields check option ids.
    let e = c.post("dealFields", &json!({"name": "Tier", "field_type": "enum", "options": [{"label": "Gold"}, {"label": "Silver"}]}));
    let ekey = e.data()["key"].as_str().unwrap().to_owned();
    let gold = e.data()["options"][0]["id"].as_u64().unwrap();
    let mut bad = json!({"title": "t"});
    bad[&ekey] = json!(99999);
    assert_error(&c.post("deals", &bad), 400);
    let mut good = json!({"title": "t"});
    good[&ekey] = json!(gold);
    assert_eq!(c.post("deals", &good).data()[&ekey], gold.to_string());

    // Person and product fields work the same way; product fields answer 201.
    let pf = c.post(
        "personFields",
        &json!({"name": "Shoe size", "field_type": "double"}),
    );
    let pkey = pf.data()["key"].as_str().unwrap().to_owned();
    let mut person = json!({"name": "Sam"});
    person[&pkey] = json!("42.5");
    assert_eq!(c.post("persons", &person).data()[&pkey], 42.5);
    let mut bad_person = json!({"name": "Sam"});
    bad_person[&pkey] = json!("big");
    assert_error(&c.post("persons", &bad_person), 400);
    assert_eq!(
        c.post(
            "productFields",
            &json!({"name": "Colour", "field_type": "varchar"})
        )
        .status,
        201
    );

    // Deleting the field removes the key from items; standard fields stay.
    assert_eq!(
        c.delete(&format!("dealFields/{fid}")).data(),
        json!({"id": fid})
    );
    assert!(c.get(&format!("deals/{deal}")).data().get(&key).is_none());
    assert_error(&c.delete("dealFields/1"), 400);
}

#[test]
fn form_and_multipart_writes() {
    let (_sb, mut c) = setup();
    let r = c
        .send(
            "POST",
            "deals",
            &[],
            Some((
                "application/x-www-form-urlencoded",
                b"title=Form+deal%21&value=12&currency=USD",
            )),
        )
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.data()["title"], "Form deal!");
    assert_eq!(r.data()["value"], 12);
    let body = b"--b0undary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nMulti Part\r\n--b0undary--\r\n";
    let r = c
        .send(
            "POST",
            "organizations",
            &[],
            Some(("multipart/form-data; boundary=b0undary", body)),
        )
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.data()["name"], "Multi Part");
}
