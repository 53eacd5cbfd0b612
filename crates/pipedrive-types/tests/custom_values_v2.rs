//! Custom fields on API v2 records and requests: the `custom_fields` object, composite
//! values as one object (`{value, currency}`, `{start, until}`), by name through the same
//! registry as v1.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
use pipedrive_types::{
    CustomFieldsMut, CustomLayout, CustomValue, FieldEntity, FieldRegistry, Patch, Saved,
    custom_fields_mut, v2,
};
use serde_json::{Map, Value, json};

mod common;
use common::field;

const REGION: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
const BUDGET: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
const TAGS: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3";
const TRIP: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb4";
const OFFICE: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb5";

/// A v2 update: optional body fields are `Patch`, custom fields one object.
#[derive(Default)]
struct UpdateDeal {
    custom_fields: Patch<Value>,
}
custom_fields_mut!(UpdateDeal, Some(FieldEntity::Deal), nested);

/// A v2 create: custom fields one optional object.
#[derive(Default)]
struct CreateDeal {
    custom_fields: Option<Value>,
}
custom_fields_mut!(CreateDeal, Some(FieldEntity::Deal), nested);

fn registry() -> FieldRegistry {
    let mut r = FieldRegistry::new();
    r.insert(
        FieldEntity::Deal,
        vec![
            field("title", "Title", "varchar", Value::Null),
            field(
                REGION,
                "Region",
                "enum",
                json!([{"id": 7, "label": "EMEA"}, {"id": 8, "label": "APAC"}]),
            ),
            field(BUDGET, "Budget", "monetary", Value::Null),
            field(
                TAGS,
                "Tags",
                "set",
                json!([{"id": 1, "label": "Hot"}, {"id": 2, "label": "Big"}]),
            ),
            field(TRIP, "Trip", "daterange", Value::Null),
            field(OFFICE, "Office", "address", Value::Null),
        ],
    );
    r
}

fn v2_deal() -> v2::Deal {
    serde_json::from_value(json!({
        "id": 4, "title": "Licences",
        "custom_fields": {
            REGION: 8,
            BUDGET: {"value": 1200.5, "currency": "EUR"},
            TAGS: [1, 2],
            TRIP: {"start": "2026-03-01", "until": "2026-03-04"},
            OFFICE: {"value": "Tartu mnt 2, Tallinn", "locality": "Tallinn", "country": "Estonia"},
        }
    }))
    .unwrap()
}

#[test]
fn reads_a_v2_record_by_name() {
    let r = registry();
    let deal = v2_deal();
    let budget = r.get(&deal, "Budget").unwrap().unwrap();
    assert_eq!(budget.amount().unwrap().as_str(), "1200.5");
    assert_eq!(budget.currency(), Some("EUR"));
    assert_eq!(budget.to_string(), "1200.5 EUR");
    assert_eq!(r.get(&deal, "Region").unwrap().unwrap().to_string(), "APAC");
    assert_eq!(
        r.get(&deal, "tags").unwrap().unwrap().to_string(),
        "Hot, Big"
    );
    let trip = r.get(&deal, "Trip").unwrap().unwrap();
    assert_eq!(trip.to_string(), "2026-03-01 - 2026-03-04");
    let office = r.get(&deal, "Office").unwrap().unwrap();
    match &office {
        CustomValue::Address(a) => {
            assert_eq!(a.value, "Tartu mnt 2, Tallinn");
            assert_eq!(a.part("locality"), Some("Tallinn"));
        }
        other => panic!("an address, got {other:?}"),
    }
    // A saved record reads the same; every set field comes back in field order.
    let saved = Saved::new(deal).unwrap();
    let names: Vec<String> = r.values(&saved).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Region", "Budget", "Tags", "Trip", "Office"]);
    // A record without the object, or with the field null, has nothing set.
    let bare: v2::Deal = serde_json::from_value(json!({"id": 5})).unwrap();
    assert_eq!(r.get(&bare, "Budget").unwrap(), None);
    let null: v2::Deal =
        serde_json::from_value(json!({"id": 6, "custom_fields": {BUDGET: null}})).unwrap();
    assert_eq!(r.get(&null, "Budget").unwrap(), None);
    // Names are checked as in v1.
    let err = r.get(&bare, "Budgett").unwrap_err().to_string();
    assert!(err.contains("Budgett") && err.contains("Budget"), "{err}");
}

#[test]
fn writes_v2_composite_values_by_name() {
    let r = registry();
    let mut upd = UpdateDeal::default();
    r.set(&mut upd, "Budget", CustomValue::money(1200, "EUR"))
        .unwrap();
    r.set(&mut upd, "Region", "emea").unwrap();
    r.set(&mut upd, "Tags", vec!["Hot", "Big"]).unwrap();
    r.set(
        &mut upd,
        "Trip",
        CustomValue::date_range(
            "2026-03-01"
                .parse::<pipedrive_types::chrono::NaiveDate>()
                .unwrap(),
            "2026-03-04"
                .parse::<pipedrive_types::chrono::NaiveDate>()
                .unwrap(),
        ),
    )
    .unwrap();
    r.clear(&mut upd, "Office").unwrap();
    let Patch::Set(body) = &upd.custom_fields else {
        panic!("custom_fields set, got {:?}", upd.custom_fields)
    };
    assert_eq!(
        body,
        &json!({
            BUDGET: {"value": 1200, "currency": "EUR"},
            REGION: 7,
            TAGS: [1, 2],
            TRIP: {"start": "2026-03-01", "until": "2026-03-04"},
            OFFICE: null,
        })
    );
    // No companion keys at the top level in v2.
    assert!(body.get(format!("{BUDGET}_currency")).is_none());
    // A label that is no option is refused, and nothing is written for it.
    let mut create = CreateDeal::default();
    let err = r
        .set(&mut create, "Region", "Mars")
        .unwrap_err()
        .to_string();
    assert!(err.contains("EMEA, APAC"), "{err}");
    assert_eq!(create.custom_fields, None);
}

#[test]
fn setting_after_clear_all_makes_an_object_again() {
    let mut upd = UpdateDeal {
        custom_fields: Patch::Clear,
    };
    upd.set_custom(BUDGET, CustomValue::money(5, "USD"));
    assert_eq!(
        upd.custom_fields,
        Patch::Set(json!({BUDGET: {"value": 5, "currency": "USD"}}))
    );
    let mut create = CreateDeal::default();
    create
        .set_custom(REGION, CustomValue::choice(8))
        .clear_custom(TAGS);
    assert_eq!(create.custom_fields, Some(json!({REGION: 8, TAGS: null})));
}

#[test]
fn a_v2_value_reads_back_as_written() {
    let r = registry();
    for (name, value) in [
        ("Budget", CustomValue::money(99, "GBP")),
        ("Region", CustomValue::choice(8)),
        ("Tags", CustomValue::from(vec![2u64])),
        ("Office", CustomValue::address("Narva mnt 5")),
    ] {
        let entries = r
            .encode_in(
                FieldEntity::Deal,
                CustomLayout::Nested,
                name,
                Some(value.clone()),
            )
            .unwrap();
        let obj: Map<String, Value> = entries.into_iter().collect();
        let back = r
            .read_in(FieldEntity::Deal, CustomLayout::Nested, &obj, name)
            .unwrap()
            .unwrap();
        assert_eq!(back.to_v2(), value.to_v2(), "{name}");
        assert_eq!(back.kind(), value.kind(), "{name}");
    }
}

#[test]
fn best_effort_reading_of_a_v2_object() {
    let obj: Map<String, Value> = serde_json::from_value(json!({
        BUDGET: {"value": "10.50", "currency": "EUR"},
        TRIP: {"start": "2026-01-02", "until": null},
        REGION: 8,
    }))
    .unwrap();
    let money = CustomValue::from_v2_object(&obj, BUDGET).unwrap();
    assert_eq!(money.to_string(), "10.50 EUR");
    let trip = CustomValue::from_v2_object(&obj, TRIP).unwrap();
    assert_eq!(trip.kind(), "date_range");
    assert_eq!(trip.end(), None);
    assert_eq!(
        CustomValue::from_v2_object(&obj, REGION)
            .unwrap()
            .to_string(),
        "8"
    );
    assert_eq!(CustomValue::from_v2_object(&obj, TAGS), None);
}

#[test]
fn projects_read_their_custom_fields_by_name() {
    let mut r = FieldRegistry::new();
    r.insert(
        FieldEntity::Project,
        vec![field(BUDGET, "Budget", "monetary", Value::Null)],
    );
    let project: v2::Project = serde_json::from_value(json!({
        "id": 3, "title": "Rollout",
        "custom_fields": {BUDGET: {"value": 5000, "currency": "EUR"}}
    }))
    .unwrap();
    assert_eq!(
        r.get(&project, "Budget").unwrap().unwrap().to_string(),
        "5000 EUR"
    );
    assert_eq!(
        FieldEntity::of_model("v2::Project"),
        Some((FieldEntity::Project, CustomLayout::Nested))
    );
    assert_eq!(
        FieldEntity::of_operation("v2.projects", "update"),
        Some(FieldEntity::Project)
    );
    // Deals' fields do not describe projects.
    assert!(
        r.get(&v2_deal(), "Budget")
            .unwrap_err()
            .to_string()
            .contains("none")
    );
}
