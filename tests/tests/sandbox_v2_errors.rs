//! The sandbox's v2 error bodies over HTTP: every v2 error (an unknown route and a fault
//! too) has v2's error shape, while v1 keeps its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::{Client, Config};
use pipedrive_sandbox::Sandbox;
use pipedrive_transport::Method;
use serde_json::{Value, json};

mod raw_http;
use raw_http::*;

#[test]
fn v2_errors_have_the_v2_shape_and_v1_keeps_its_own() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let shape = |body: &Value| {
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["success", "error", "error_info", "data", "additional_data"],
            "{body}"
        );
        assert_eq!(
            (&body["success"], &body["data"], &body["additional_data"]),
            (&json!(false), &Value::Null, &Value::Null)
        );
    };
    let (status, missing) = error_of(&c, v2(Method::Get, "/deals/987654"));
    assert_eq!(status, 404);
    shape(&missing);
    assert_eq!(missing["error_info"], "Object was not found.");

    let (status, unknown) = error_of(&c, v2(Method::Get, "/no/such/route"));
    assert_eq!(status, 404);
    shape(&unknown);
    let (status, unknown_write) = error_of(
        &c,
        v2(Method::Post, "/itemSearch").json(&json!({})).unwrap(),
    );
    assert_eq!(status, 404);
    shape(&unknown_write);

    let (status, bad) = error_of(
        &c,
        v2(Method::Post, "/deals")
            .json(&json!({"value": 5}))
            .unwrap(),
    );
    assert_eq!(status, 400);
    shape(&bad);
    assert_eq!(bad["error"], "Deal title must be given.");
    assert_ne!(
        bad["error_info"], missing["error_info"],
        "error_info names the kind of failure"
    );

    // v1 answers the same failure with its own error_info.
    let (status, v1_missing) = error_of(&c, v1(Method::Get, "/deals/987654"));
    assert_eq!(status, 404);
    assert!(
        v1_missing["error_info"]
            .as_str()
            .unwrap()
            .contains("developers.pipedrive.com")
    );
    assert_ne!(v1_missing["error_info"], missing["error_info"]);
}

#[test]
fn faults_on_a_v2_route_answer_in_the_v2_shape() {
    let sb = Sandbox::start().unwrap();
    let c = Client::new(
        Config::with_api_token("v2-token")
            .base_url(sb.base_url())
            .max_retries(0),
    )
    .unwrap();
    sb.faults().fail_next(1, 400).unwrap();
    let (status, v2_body) = error_of(&c, v2(Method::Get, "/deals"));
    assert_eq!(status, 400);
    assert_eq!(v2_body["error_info"], "The request was not valid.");
    sb.faults().fail_next(1, 400).unwrap();
    let (_, v1_body) = error_of(&c, v1(Method::Get, "/deals"));
    assert!(
        v1_body["error_info"]
            .as_str()
            .unwrap()
            .contains("developers.pipedrive.com")
    );
}

#[test]
fn a_refused_token_on_v2_is_a_v2_error_too() {
    let sb = Sandbox::builder().token("right").start().unwrap();
    let c = Client::new(Config::with_api_token("wrong").base_url(sb.base_url())).unwrap();
    let (status, body) = error_of(&c, v2(Method::Get, "/deals"));
    assert_eq!(status, 401);
    assert_eq!(
        (&body["success"], &body["error_info"], &body["data"]),
        (
            &json!(false),
            &json!("Authentication is required."),
            &Value::Null
        )
    );
    let (_, v1_body) = error_of(&c, v1(Method::Get, "/deals"));
    assert!(
        v1_body["error_info"]
            .as_str()
            .unwrap()
            .contains("developers.pipedrive.com")
    );
}
