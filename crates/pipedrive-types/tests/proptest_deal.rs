//! Deals in every wire form, with arbitrary custom fields, survive decode/encode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::strategies::*;
use pipedrive_types::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn string_json() -> BoxedStrategy<Value> {
    text().prop_map(Value::from).boxed()
}

/// (key, strategy) for every field of a deal that is not nested deeper than a ref.
fn deal_fields() -> Vec<(&'static str, BoxedStrategy<Value>)> {
    let id = || id_json().boxed();
    let count = || count_json().boxed();
    let flag = || flag_json().boxed();
    let num = || number_json().boxed();
    let mut fields: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("id", id()),
        ("creator_user_id", user_ref_json().boxed()),
        ("user_id", user_ref_json().boxed()),
        ("person_id", prop_oneof![id_json(), (id_json(), string_json()).prop_map(|(v, n)| serde_json::json!({"value": v, "name": n, "email": [{"label": "work", "value": n, "primary": true}]}))].boxed()),
        ("org_id", prop_oneof![id_json(), (id_json(), count()).prop_map(|(v, c)| serde_json::json!({"value": v, "people_count": c, "active_flag": 1}))].boxed()),
        ("stage_id", id()),
        ("pipeline_id", id()),
        ("value", num()),
        ("weighted_value", num()),
        ("probability", num()),
        ("label", num()),
        ("arr", num()),
        ("status", status_json().boxed()),
        ("visible_to", visibility_json().boxed()),
        ("active", flag()),
        ("deleted", flag()),
        ("is_archived", flag()),
        ("org_hidden", flag()),
        ("person_hidden", flag()),
        ("products_count", count()),
        ("notes_count", count()),
        ("channel", count()),
        ("next_activity_id", id()),
        ("merge_what_id", id()),
        ("age", (any::<i32>(), any::<u32>()).prop_map(|(y, t)| serde_json::json!({"y": y, "total_seconds": t})).boxed()),
        ("stay_in_pipeline_stages", prop::collection::btree_map(any::<u16>(), any::<u32>(), 0..4).prop_map(|m| {
            let times: Map<String, Value> = m.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
            let order: Vec<Value> = m.keys().map(|k| Value::from(*k)).collect();
            serde_json::json!({"times_in_stages": if times.is_empty() { Value::Array(vec![]) } else { Value::Object(times) }, "order_of_stages": order})
        }).boxed()),
        ("last_activity", prop_oneof![Just(serde_json::json!({})), (id_json(), flag_json()).prop_map(|(i, d)| serde_json::json!({"id": i, "done": d, "type": "call"}))].boxed()),
    ];
    for key in [
        "title",
        "currency",
        "add_time",
        "update_time",
        "lost_reason",
        "expected_close_date",
        "formatted_value",
        "owner_name",
        "cc_email",
        "origin",
        "channel_id",
        "rotten_time",
    ] {
        fields.push((key, string_json()));
    }
    fields
}

/// A deal JSON object: a random subset of fields (some `null`), custom fields and
/// unknown keys, in shuffled order.
fn deal_json() -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<(String, Option<Value>)>> = deal_fields()
        .into_iter()
        .map(|(k, s)| maybe(s).prop_map(move |v| (k.to_owned(), v)).boxed())
        .collect();
    (
        fields,
        custom_fields(),
        prop::collection::vec(("new_[a-z]{1,8}", custom_value()), 0..3),
    )
        .prop_flat_map(|(known, custom, unknown)| {
            let mut entries: Vec<(String, Value)> = known
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            entries.extend(custom);
            entries.extend(unknown);
            Just(entries).prop_shuffle()
        })
        .prop_map(|entries| Value::Object(entries.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn deal_json_round_trip(json in deal_json()) {
        let text = serde_json::to_string(&json).unwrap();
        let deal: Deal = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("decode {text}: {e}")))?;
        let original: Value = serde_json::from_str(&text).unwrap();
        let encoded = serde_json::to_value(&deal).unwrap();
        prop_assert_eq!(encoded, original.clone());

        // Every custom key is reported by custom_fields(), with its value.
        let obj = original.as_object().unwrap();
        let custom = deal.custom_fields();
        let expected: Vec<&String> = obj.keys().filter(|k| CustomFields::is_custom_key(k)).collect();
        prop_assert_eq!(custom.len(), expected.len());
        for key in expected {
            prop_assert_eq!(custom.get(key), obj.get(key));
        }
        // Only custom and unknown keys end up in extra, besides the record of a typed
        // field that arrived as null (or an id that arrived as text).
        for (key, value) in &deal.extra {
            if Deal::FIELDS.contains(&key.as_str()) {
                prop_assert!(value.is_null() || value.is_string(), "typed key {} in extra: {}", key, value);
                prop_assert_eq!(Some(value), obj.get(key));
            }
        }

        // Inside an envelope page too.
        let page = serde_json::json!({"success": true, "data": [original.clone(), original]});
        let env: Envelope<Vec<Deal>> = serde_json::from_value(page.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&env).unwrap(), page);
    }

    #[test]
    fn deal_typed_round_trip(
        id in any::<u64>(),
        title in prop::option::of(text()),
        value in prop::option::of(prop_oneof![any::<i64>().prop_map(Amount::from), text().prop_map(Amount::text)]),
        status in prop::option::of(text().prop_map(DealStatus::from)),
        user in prop::option::of(any::<u64>()),
        custom in custom_fields(),
        amount in prop::option::of(money_f64()),
    ) {
        let mut deal = Deal {
            id: Some(DealId(id)),
            title,
            value,
            status,
            user_id: user.map(|u| IdRef::Id(UserId(u))),
            visible_to: Some(Visibility::ENTIRE_COMPANY),
            weighted_value: amount.and_then(Amount::from_f64),
            ..Deal::default()
        };
        for (k, v) in custom {
            deal.set_custom_field(k, v);
        }
        let text = serde_json::to_string(&deal).unwrap();
        let back: Deal = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, deal);
    }
}
