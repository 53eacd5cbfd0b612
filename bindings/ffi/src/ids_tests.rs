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
    let id: i64 = deal.id;
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
    // The pager fetches through its client: keep the client while walking.
    let c = client(&server.url);
    let pager = c.deals().list_pager(None).unwrap();
    assert!(detail(pager.next_page().unwrap_err()).contains("Deal without an id"));
    let server = answer(r#"{"success":true,"data":[{"id":1},{"id":2}]}"#.into());
    let page = client(&server.url).deals().list(None).unwrap();
    let ids: Vec<i64> = page.items.iter().map(|d| d.id).collect();
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
    let extra: serde_json::Value = deal.extra.0.clone();
    assert_eq!(
        extra,
        serde_json::json!({"last_activity": {"subject": "Call", "done": true}})
    );
}

#[test]
fn ids_cross_signed_and_what_a_signed_id_cannot_hold_is_kept() {
    // 2^63 is one past the largest Long: the record still reads, the field is null and
    // the value is in `extra` as received, for an id field, a reference and an id list.
    let raw = r#"{"id":7,"title":"x","stage_id":9223372036854775808,
        "user_id":{"id":9223372036854775808,"name":"Big"},
        "org_id":{"value":12,"name":"Acme"}}"#;
    let wire: pipedrive::types::Deal = serde_json::from_str(raw).unwrap();
    let deal = crate::models::Deal::try_from(wire).unwrap();
    assert_eq!(deal.stage_id, None);
    assert_eq!(deal.user_id, None);
    assert_eq!(deal.org_id.as_ref().map(|o| o.id), Some(12));
    let extra: serde_json::Value = deal.extra.0.clone();
    assert_eq!(
        extra["stage_id"],
        serde_json::json!(9_223_372_036_854_775_808_u64)
    );
    assert_eq!(
        extra["user_id"]["id"],
        serde_json::json!(9_223_372_036_854_775_808_u64)
    );
    assert_eq!(extra["user_id"]["name"], "Big");
}

#[test]
fn a_returned_record_whose_id_is_beyond_a_long_is_a_decode_error() {
    let server = answer(r#"{"success":true,"data":{"id":9223372036854775808}}"#.into());
    let err = client(&server.url).deals().get(5).unwrap_err();
    assert!(detail(err).contains("Deal id 9223372036854775808 is beyond 2^63 - 1"));
}

#[test]
fn a_negative_id_argument_is_invalid_input_before_any_request() {
    // No server: a request would fail with a transport error, not InvalidInput.
    let c = client("http://127.0.0.1:9/v1");
    match c.deals().get(-3) {
        Err(PipedriveError::InvalidInput { detail, .. }) => {
            assert_eq!(detail, "id must not be negative, got -3");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let params = crate::params::ListDeals {
        stage_id: Some(-1),
        ..Default::default()
    };
    match c.deals().list(Some(params)) {
        Err(PipedriveError::InvalidInput { detail, .. }) => {
            assert!(
                detail.contains("stage_id must not be negative, got -1"),
                "{detail}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}
