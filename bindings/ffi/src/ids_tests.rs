//! Records an operation answers with carry a plain id: a record without one is a decode
//! error (never a panic, never 0), and a nested partial record without one is kept in its
//! parent's `extra`, as received.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use crate::PipedriveError;
use crate::answer_tests::{answer, client};

fn detail(err: PipedriveError) -> String {
    match err {
        PipedriveError::Decode { detail, .. } => detail,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_returned_record_has_a_plain_id() {
    let server = answer(r#"{"success":true,"data":{"id":5,"title":"Big"}}"#.into());
    let deal = client(&server.url).deals().get(5).unwrap();
    let id: u64 = deal.id;
    assert_eq!(id, 5);
}

#[test]
fn a_returned_record_without_an_id_is_a_decode_error() {
    let server = answer(r#"{"success":true,"data":{"title":"Big"}}"#.into());
    let err = client(&server.url).deals().get(5).unwrap_err();
    assert!(detail(err).contains("Deal without an id"));
}

#[test]
fn a_list_item_without_an_id_fails_the_page() {
    let body = r#"{"success":true,"data":[{"id":1,"title":"a"},{"title":"b"}]}"#;
    let server = answer(body.into());
    let err = client(&server.url).deals().list(None).unwrap_err();
    assert!(detail(err).contains("Deal without an id"));
    let server = answer(body.into());
    let pager = client(&server.url).deals().list_pager(None).unwrap();
    assert!(detail(pager.next_page().unwrap_err()).contains("Deal without an id"));
    let server = answer(r#"{"success":true,"data":[{"id":1},{"id":2}]}"#.into());
    let page = client(&server.url).deals().list(None).unwrap();
    let ids: Vec<u64> = page.items.iter().map(|d| d.id).collect();
    assert_eq!(ids, [1, 2]);
}

#[test]
fn a_nested_record_without_an_id_goes_to_extra() {
    // A deal's `last_activity` summary may lack the activity's id: the deal still reads,
    // the field is null, and the summary is in `extra` under its key as received.
    let raw = r#"{"id":7,"title":"x","last_activity":{"subject":"Call","done":true},
        "next_activity":{"id":9,"subject":"Demo"}}"#;
    let wire: pipedrive::types::Deal = serde_json::from_str(raw).unwrap();
    let deal = crate::models::Deal::try_from(wire).unwrap();
    assert_eq!(deal.last_activity, None);
    let next = deal
        .next_activity
        .expect("an activity with an id reads as its record");
    assert_eq!((next.id, next.subject.as_deref()), (9, Some("Demo")));
    let extra: serde_json::Value = serde_json::from_str(&deal.extra.0).unwrap();
    assert_eq!(
        extra,
        serde_json::json!({"last_activity": {"subject": "Call", "done": true}})
    );
}
