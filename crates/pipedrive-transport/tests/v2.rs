//! v2 requests go to the v2 base URL beside v1, carry the same credentials, and their
//! cursor pages are walked lazily to the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::transport;
use httpmock::prelude::*;
use pipedrive_transport::{ApiVersion, Method, Request};
use serde_json::{Value, json};

fn v2(method: Method, path: &str) -> Request {
    Request::new(method, path).version(ApiVersion::V2)
}

#[test]
fn a_v2_request_goes_to_the_v1_base_urls_v2_sibling_with_the_token() {
    let server = MockServer::start();
    let v2_get = server.mock(|when, then| {
        when.method(GET)
            .path("/v2/deals/7")
            .header("x-api-token", common::TOKEN);
        then.status(200)
            .json_body(json!({"success": true, "data": {"id": 7, "title": "v2"}}));
    });
    let v1_get = server.mock(|when, then| {
        when.method(GET).path("/v1/deals/7");
        then.status(200)
            .json_body(json!({"success": true, "data": {"id": 7, "title": "v1"}}));
    });
    let (t, _) = transport(&server.url("/v1"));
    assert_eq!(t.base_url_v2(), server.url("/v2"));
    let deal: Value = t.call(&v2(Method::Get, "/deals/7")).unwrap();
    assert_eq!(deal["title"], "v2");
    let deal: Value = t.call(&Request::new(Method::Get, "/deals/7")).unwrap();
    assert_eq!(deal["title"], "v1");
    v2_get.assert_calls(1);
    v1_get.assert_calls(1);
}

#[test]
fn a_v2_patch_sends_its_json_body_once() {
    let server = MockServer::start();
    let patch = server.mock(|when, then| {
        when.method(PATCH)
            .path("/v2/deals/7")
            .json_body(json!({"title": "renamed", "value": null}));
        then.status(200)
            .json_body(json!({"success": true, "data": {"id": 7, "title": "renamed"}}));
    });
    let (t, _) = transport(&server.url("/v1"));
    let req = v2(Method::Patch, "/deals/7")
        .json(&json!({"title": "renamed", "value": null}))
        .unwrap();
    let deal: Value = t.call(&req).unwrap();
    assert_eq!(deal["title"], "renamed");
    patch.assert_calls(1);
}

#[test]
fn v2_cursor_pages_are_walked_to_the_end() {
    let server = MockServer::start();
    let pages = [(None, "c2"), (Some("c2"), "c3"), (Some("c3"), "")];
    let mut mocks = Vec::new();
    for (i, (cursor, next)) in pages.iter().enumerate() {
        let next = if next.is_empty() {
            Value::Null
        } else {
            json!(next)
        };
        mocks.push(server.mock(|when, then| {
            let when = when.method(GET).path("/v2/deals").query_param("limit", "2");
            match cursor {
                Some(c) => when.query_param("cursor", *c),
                None => when.query_param_missing("cursor"),
            };
            then.status(200).json_body(json!({
                "success": true,
                "data": [{"id": 2 * i + 1}, {"id": 2 * i + 2}],
                "additional_data": {"next_cursor": next}
            }));
        }));
    }
    let (t, _) = transport(&server.url("/v1"));
    let req = v2(Method::Get, "/deals").query("limit", &2).unwrap();
    let ids: Vec<u64> = t
        .paginate::<Vec<Value>>(req)
        .map(|d| d.unwrap()["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    for m in &mocks {
        m.assert_calls(1);
    }
}

#[test]
fn a_proxy_base_url_gives_its_v2_sibling() {
    let config =
        pipedrive_transport::Config::with_api_token("t").base_url("https://proxy.example/api/v1");
    let t = pipedrive_transport::Transport::new(config).unwrap();
    assert_eq!(t.base_url_v2(), "https://proxy.example/api/v2");
}
