//! The paginator walks v1 offsets and v2 cursors lazily and always terminates.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{config, transport};
use httpmock::prelude::*;
use pipedrive_transport::{Error, Method, Request, Transport};
use serde_json::{Value, json};

fn list() -> Request {
    Request::new(Method::Get, "/deals")
}

fn ids(items: &[Value]) -> Vec<u64> {
    items.iter().map(|v| v["id"].as_u64().unwrap()).collect()
}

fn v1_page(ids: &[u64], start: u64, more: bool, next_start: Option<u64>) -> Value {
    let mut pagination = json!({"start": start, "limit": 2, "more_items_in_collection": more});
    if let Some(n) = next_start {
        pagination["next_start"] = json!(n);
    }
    json!({
        "success": true,
        "data": ids.iter().map(|i| json!({"id": i})).collect::<Vec<_>>(),
        "additional_data": {"pagination": pagination}
    })
}

#[test]
fn walks_three_v1_pages_lazily() {
    let server = MockServer::start();
    let p1 = server.mock(|when, then| {
        when.path("/v1/deals")
            .query_param("limit", "2")
            .query_param_missing("start");
        then.status(200)
            .header("x-ratelimit-remaining", "50")
            .json_body(v1_page(&[1, 2], 0, true, Some(2)));
    });
    let p2 = server.mock(|when, then| {
        when.path("/v1/deals")
            .query_param("limit", "2")
            .query_param("start", "2");
        then.status(200)
            .json_body(v1_page(&[3, 4], 2, true, Some(4)));
    });
    let p3 = server.mock(|when, then| {
        when.path("/v1/deals")
            .query_param("limit", "2")
            .query_param("start", "4");
        then.status(200).json_body(v1_page(&[5], 4, false, None));
    });
    let (t, _) = transport(&server.url("/v1"));
    let mut items = t.paginate::<Vec<Value>>(list().query("limit", &2).unwrap());

    // Nothing is fetched before the first item is asked for.
    p1.assert_calls(0);
    assert_eq!(items.next().unwrap().unwrap()["id"], 1);
    p1.assert_calls(1);
    p2.assert_calls(0);
    let rest: Vec<Value> = items.map(Result::unwrap).collect();
    assert_eq!(ids(&rest), vec![2, 3, 4, 5]);
    p1.assert_calls(1);
    p2.assert_calls(1);
    p3.assert_calls(1);

    let pages: Vec<_> = t
        .paginate::<Vec<Value>>(list().query("limit", &2).unwrap())
        .pages()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(ids(&pages[0].items), vec![1, 2]);
    assert_eq!(pages[0].rate_limit.remaining, Some(50));
    let pagination = pages[2]
        .additional_data
        .as_ref()
        .unwrap()
        .pagination
        .as_ref()
        .unwrap();
    assert!(!pagination.has_more());
}

#[test]
fn respects_a_start_already_in_the_request() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals").query_param("start", "10");
        then.status(200).json_body(v1_page(&[11], 10, false, None));
    });
    let (t, _) = transport(&server.url("/v1"));
    let all: Vec<Value> = t
        .paginate::<Vec<Value>>(list().query("start", &10).unwrap())
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids(&all), vec![11]);
    m.assert_calls(1);
}

#[test]
fn stops_when_next_start_does_not_advance() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals").query_param("start", "5");
        // Claims more items but points back at the same offset.
        then.status(200)
            .json_body(v1_page(&[6, 7], 5, true, Some(5)));
    });
    let (t, _) = transport(&server.url("/v1"));
    let all: Vec<Value> = t
        .paginate::<Vec<Value>>(list().query("start", &5).unwrap())
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids(&all), vec![6, 7]);
    m.assert_calls(1);
}

#[test]
fn stops_on_a_repeated_cursor() {
    let server = MockServer::start();
    let first = server.mock(|when, then| {
        when.path("/v1/deals").query_param_missing("cursor");
        then.status(200).json_body(json!({
            "success": true,
            "data": [{"id": 1}],
            "additional_data": {"next_cursor": "abc"}
        }));
    });
    let second = server.mock(|when, then| {
        when.path("/v1/deals").query_param("cursor", "abc");
        then.status(200).json_body(json!({
            "success": true,
            "data": [{"id": 2}],
            "additional_data": {"next_cursor": "abc"}
        }));
    });
    let (t, _) = transport(&server.url("/v1"));
    let all: Vec<Value> = t
        .paginate::<Vec<Value>>(list())
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids(&all), vec![1, 2]);
    first.assert_calls(1);
    second.assert_calls(1);
}

#[test]
fn follows_cursors_until_none() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/deals").query_param_missing("cursor");
        then.status(200).json_body(json!({
            "success": true, "data": [{"id": 1}], "additional_data": {"next_cursor": "c2"}
        }));
    });
    server.mock(|when, then| {
        when.path("/v1/deals").query_param("cursor", "c2");
        then.status(200).json_body(json!({
            "success": true, "data": [{"id": 2}], "additional_data": {"next_cursor": null}
        }));
    });
    let (t, _) = transport(&server.url("/v1"));
    let all: Vec<Value> = t
        .paginate::<Vec<Value>>(list())
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids(&all), vec![1, 2]);
}

#[test]
fn null_data_is_an_empty_list() {
    let server = MockServer::start();
    let m = server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(200).json_body(json!({
            "success": true,
            "data": null,
            "additional_data": {"pagination": {"start": 0, "limit": 100, "more_items_in_collection": true, "next_start": 100}}
        }));
    });
    let (t, _) = transport(&server.url("/v1"));
    assert_eq!(t.paginate::<Vec<Value>>(list()).count(), 0);
    m.assert_calls(1);
    let pages: Vec<_> = t.paginate::<Vec<Value>>(list()).pages().collect();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].as_ref().unwrap().items.is_empty());
}

#[test]
fn an_error_is_yielded_once_then_the_iteration_ends() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/deals").query_param_missing("start");
        then.status(200)
            .json_body(v1_page(&[1, 2], 0, true, Some(2)));
    });
    let failing = server.mock(|when, then| {
        when.path("/v1/deals").query_param("start", "2");
        then.status(500)
            .json_body(json!({"success": false, "error": "Internal error"}));
    });
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(0)).unwrap();
    let mut it = t.paginate::<Vec<Value>>(list());
    assert_eq!(it.next().unwrap().unwrap()["id"], 1);
    assert_eq!(it.next().unwrap().unwrap()["id"], 2);
    let err = it.next().unwrap().unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert!(it.next().is_none());
    assert!(it.next().is_none());
    failing.assert_calls(1);
}

#[test]
fn pages_after_partial_consumption_keep_the_buffered_items() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/v1/deals").query_param_missing("start");
        then.status(200)
            .json_body(v1_page(&[1, 2, 3], 0, true, Some(3)));
    });
    server.mock(|when, then| {
        when.path("/v1/deals").query_param("start", "3");
        then.status(200).json_body(v1_page(&[4], 3, false, None));
    });
    let (t, _) = transport(&server.url("/v1"));
    let mut it = t.paginate::<Vec<Value>>(list());
    assert_eq!(it.next().unwrap().unwrap()["id"], 1);
    let pages: Vec<_> = it.pages().map(Result::unwrap).collect();
    assert_eq!(pages.len(), 2);
    assert_eq!(ids(&pages[0].items), vec![2, 3]);
    assert_eq!(ids(&pages[1].items), vec![4]);
}

/// Regression (issue 12, item 11): `more_items_in_collection` as `1`, `"1"` or `"true"`,
/// and `next_start` as text, used to stop the walk silently after page 1.
#[test]
fn lenient_pagination_block_is_followed() {
    for (more, next_start) in [
        (json!(1), json!(2)),
        (json!("1"), json!("2")),
        (json!("true"), json!(2)),
        (json!(true), json!("2")),
    ] {
        let server = MockServer::start();
        let p1 = server.mock(|when, then| {
            when.path("/v1/deals").query_param_missing("start");
            then.status(200).json_body(json!({
                "success": true,
                "data": [{"id": 1}, {"id": 2}],
                "additional_data": {"pagination": {
                    "start": "0", "limit": "2",
                    "more_items_in_collection": more, "next_start": next_start
                }}
            }));
        });
        let p2 = server.mock(|when, then| {
            when.path("/v1/deals").query_param("start", "2");
            then.status(200).json_body(json!({
                "success": true,
                "data": [{"id": 3}],
                "additional_data": {"pagination": {
                    "start": 2, "limit": 2, "more_items_in_collection": 0, "next_start": null
                }}
            }));
        });
        let (t, _) = transport(&server.url("/v1"));
        let items: Vec<Value> = t
            .paginate::<Vec<Value>>(list())
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            ids(&items),
            vec![1, 2, 3],
            "more={more} next_start={next_start}"
        );
        p1.assert_calls(1);
        p2.assert_calls(1);
    }
}

/// The received text of `additional_data` is kept beside the typed block.
#[test]
fn additional_data_text_is_kept_as_received() {
    let server = MockServer::start();
    let text = r#"{"pagination":{"next_start":null,"start":0},"z":1,"a":null}"#;
    server.mock(|when, then| {
        when.path("/v1/deals");
        then.status(200).body(format!(
            r#"{{"success":true,"data":[],"additional_data":{text}}}"#
        ));
    });
    let (t, _) = transport(&server.url("/v1"));
    let r = t.call_full::<Vec<Value>>(&list()).unwrap();
    assert_eq!(r.additional_data_raw.unwrap().get(), text);
    assert!(!r.additional_data.unwrap().pagination.unwrap().has_more());
}
