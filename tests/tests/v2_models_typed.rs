//! The v2 models read their fields typed, not only round trip: times, dates, nested
//! objects and lists come out as their types from the contract's own examples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use pipedrive::types::chrono::{Datelike, NaiveDate, Timelike};
use pipedrive::types::v2;
use serde_json::Value;

fn data<T: serde::de::DeserializeOwned>(fixture: &str) -> T {
    let answer: Value = serde_json::from_str(fixture).unwrap();
    serde_json::from_value(answer["data"].clone()).unwrap()
}

#[test]
fn a_v2_deal_reads_its_ids_times_dates_and_custom_fields() {
    let deal: v2::Deal = data(include_str!("../fixtures/v2/getDeal.json"));
    assert_eq!(deal.id, Some(pipedrive::types::DealId(1)));
    assert_eq!(deal.owner_id, Some(pipedrive::types::UserId(1)));
    assert_eq!(deal.person_id, Some(pipedrive::types::PersonId(1)));
    assert_eq!(deal.title.as_deref(), Some("Deal Title"));
    let added = deal.add_time.as_ref().and_then(|t| t.get()).unwrap();
    assert_eq!((added.year(), added.hour()), (2021, 0));
    let close = deal
        .expected_close_date
        .as_ref()
        .and_then(|d| d.get())
        .unwrap();
    assert_eq!(close, NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
    assert_eq!(deal.is_deleted, Some(false));
    assert!(deal.custom_fields.is_some());
    assert!(deal.label_ids.as_ref().is_some_and(|l| l.len() == 3));
}

#[test]
fn a_v2_person_reads_its_emails_as_a_list_of_models() {
    let people: Vec<v2::Person> = data(include_str!("../fixtures/v2/getPersons.json"));
    let emails = people[0].emails.as_ref().unwrap();
    assert!(!emails.is_empty());
    assert!(emails[0].value.as_deref().is_some_and(|v| v.contains('@')));
}

#[test]
fn a_v2_activity_reads_its_due_date_and_time_of_day() {
    let activity: v2::Activity = data(include_str!("../fixtures/v2/getActivity.json"));
    assert!(activity.due_date.as_ref().and_then(|d| d.get()).is_some());
    assert!(activity.due_time.as_ref().and_then(|t| t.get()).is_some());
}

fn json_body(req: pipedrive_transport::Request) -> Value {
    match req.body {
        pipedrive_transport::Body::Json(bytes) => serde_json::from_slice(&bytes).unwrap(),
        other => panic!("a JSON body expected, got {other:?}"),
    }
}

/// What a v2 request sends for the typed inputs: exact amounts, contact entries as the
/// objects v2 takes (a bare address too), prices with v2's `direct_cost`, and the query's
/// comma-separated lists.
#[test]
fn v2_inputs_go_out_in_the_contracts_shapes() {
    use pipedrive::catalog::v2::{CreateProduct, Products};
    use pipedrive::contacts::v2::{CreatePerson, Persons};
    use pipedrive::sales::v2::{CreateDeal, Deals, ListDeals};
    use pipedrive::types::{Amount, ContactInput, PriceInput};

    let deal = CreateDeal {
        value: Some("1234.50".parse::<Amount>().unwrap()),
        ..CreateDeal::new("exact")
    };
    let body = json_body(Deals::create_request(&deal).unwrap());
    // The digits as given: an amount is never rounded through a float.
    assert!(body.is_number() || body["value"].is_number(), "{body}");
    let raw = serde_json::to_string(&deal).unwrap();
    assert!(raw.contains(r#""value":1234.50"#), "{raw}");

    let person = CreatePerson {
        emails: Some(vec![
            ContactInput::new("ada@example.com"),
            ContactInput::new("ada@work.example")
                .primary(true)
                .label("work"),
        ]),
        ..Default::default()
    };
    let body = json_body(Persons::create_request(&person).unwrap());
    assert_eq!(
        body["emails"],
        serde_json::json!([
            {"value": "ada@example.com"},
            {"value": "ada@work.example", "primary": true, "label": "work"},
        ])
    );

    let product = CreateProduct {
        prices: Some(vec![PriceInput::new("EUR", 100).cost(60).direct_cost(5)]),
        ..CreateProduct::new("Licence")
    };
    let body = json_body(Products::create_request(&product).unwrap());
    assert_eq!(
        body["prices"],
        serde_json::json!([{"currency": "EUR", "price": 100, "cost": 60, "direct_cost": 5}])
    );

    let list = ListDeals {
        include_fields: Some(vec!["products_count".into(), "first_won_time".into()]),
        custom_fields: Some(vec!["a".repeat(40), "b".repeat(40)]),
        ..Default::default()
    };
    let query = Deals::list_request(&list).query;
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("include_fields").as_deref(),
        Some("products_count,first_won_time")
    );
    assert_eq!(
        get("custom_fields"),
        Some(format!("{},{}", "a".repeat(40), "b".repeat(40)))
    );
}

/// More than 15 keys in `custom_fields` is refused before anything is sent, naming the
/// parameter and the limit.
#[test]
fn more_than_fifteen_custom_field_keys_is_invalid_input() {
    use pipedrive::sales::v2::ListDeals;
    // Nothing listens here: reaching the network would be a different error.
    let client = pipedrive::Client::new(
        pipedrive::Config::with_api_token("t").base_url("http://127.0.0.1:9"),
    )
    .unwrap();
    let keys: Vec<String> = (0..16).map(|i| format!("{i:040}")).collect();
    let list = ListDeals {
        custom_fields: Some(keys),
        ..Default::default()
    };
    let first = client.v2().deals().list(&list).next().unwrap();
    match first {
        Err(pipedrive::Error::InvalidInput(m)) => {
            assert!(
                m.contains("custom_fields") && m.contains("15") && m.contains("16"),
                "{m}"
            )
        }
        other => panic!("InvalidInput expected, got {other:?}"),
    }
}
