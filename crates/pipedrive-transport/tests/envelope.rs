//! The client and the public `Envelope<T>` read an envelope with one reader
//! (`pipedrive_types::envelope::read`); these pin what the client makes of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::config;
use httpmock::prelude::*;
use pipedrive_transport::{Error, Method, Request, Transport};
use serde_json::{Value, json};

fn get(path: &str) -> Request {
    Request::new(Method::Get, path)
}

/// The client reads `success` by the rule `pipedrive_types::envelope` documents (and the
/// public `Envelope<T>` follows): a 2xx answer fails only when `success` says `false`,
/// `"false"` or `0`; absent or `null` leaves the status in charge.
#[test]
fn a_2xx_answer_fails_only_when_success_says_so() {
    let server = MockServer::start();
    let bodies = [
        ("absent", r#"{"data":{"id":1}}"#, true),
        ("null", r#"{"success":null,"data":{"id":1}}"#, true),
        ("text-true", r#"{"success":"true","data":{"id":1}}"#, true),
        ("false", r#"{"success":false,"data":{"id":1}}"#, false),
        (
            "text-false",
            r#"{"success":"False","data":{"id":1}}"#,
            false,
        ),
        ("zero", r#"{"success":0,"data":{"id":1}}"#, false),
    ];
    for (path, body, _) in bodies {
        server.mock(|when, then| {
            when.path(format!("/v1/{path}"));
            then.status(200).body(body);
        });
    }
    let (config, _) = config(&server.url("/v1"));
    let t = Transport::new(config.max_retries(0)).unwrap();
    for (path, body, ok) in bodies {
        match t.call::<Value>(&get(&format!("/{path}"))) {
            Ok(data) => {
                assert!(ok, "{body} decoded");
                assert_eq!(data, json!({"id": 1}));
            }
            Err(Error::Api { status: 200, .. }) => assert!(!ok, "{body} failed"),
            Err(other) => panic!("{body}: {other:?}"),
        }
    }
}
