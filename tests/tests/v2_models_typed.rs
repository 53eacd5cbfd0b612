//! The v2 models read their fields typed, not only round trip: times, dates, nested
//! objects and lists come out as their types from the contract's own examples.
#![allow(clippy::unwrap_used, clippy::expect_used)]
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
