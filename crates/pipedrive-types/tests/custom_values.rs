//! Custom field values: decoding by type and by shape, display, wire form, and the
//! registry's name rule.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
use pipedrive_types::chrono::{NaiveDate, NaiveTime};
use pipedrive_types::{
    Amount, CustomFieldsMut, CustomValue, Deal, FieldEntity, FieldRegistry, Person, PersonId,
    UserId, custom_fields_mut,
};
use serde_json::{Map, Value, json};

mod common;
use common::field;

const K1: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
const K2: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
const K3: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3";

#[derive(Default)]
struct UpdateDeal {
    extra: Map<String, Value>,
}
custom_fields_mut!(UpdateDeal, Some(FieldEntity::Deal));

#[derive(Default)]
struct UpdateFilter {
    extra: Map<String, Value>,
}
custom_fields_mut!(UpdateFilter, None);

fn registry() -> FieldRegistry {
    let mut r = FieldRegistry::new();
    r.insert(
        FieldEntity::Deal,
        vec![
            field("title", "Title", "varchar", Value::Null),
            field(
                K1,
                "Region",
                "enum",
                json!([{"id": 7, "label": "EMEA"}, {"id": 8, "label": "APAC"}]),
            ),
            field(K2, "Budget", "monetary", Value::Null),
            field(
                K3,
                "Tags",
                "set",
                json!([{"id": 1, "label": "Hot"}, {"id": 2, "label": "Big, fast"}]),
            ),
        ],
    );
    r
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    serde_json::from_value(v).unwrap()
}

#[test]
fn typed_reading_by_field_type() {
    let r = registry();
    let deal: Deal = serde_json::from_value(json!({
        "id": 1, K1: "8", K2: 1234.5, format!("{K2}_currency"): "EUR", K3: "1,2"
    }))
    .unwrap();
    let region = r.get(&deal, "Region").unwrap().unwrap();
    assert_eq!(region.id(), Some(8));
    assert_eq!(region.to_string(), "APAC");
    assert_eq!(
        r.get(&deal, "Budget").unwrap().unwrap().to_string(),
        "1234.5 EUR"
    );
    assert_eq!(
        r.get(&deal, "tags").unwrap().unwrap().to_string(),
        "Hot, Big, fast"
    );
    let names: Vec<String> = r.values(&deal).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Region", "Budget", "Tags"]);
    // Reading does not change what is written back.
    assert_eq!(serde_json::to_value(&deal).unwrap()[K2], json!(1234.5));
}

#[test]
fn best_effort_reading_by_shape() {
    let extra = obj(json!({
        K1: "2024-05-01", format!("{K1}_until"): "2024-05-31",
        K2: 99, format!("{K2}_currency"): "USD",
        K3: "Plain \"quoted\" text",
        "x": null,
    }));
    assert_eq!(
        CustomValue::from_object(&extra, K1),
        Some(CustomValue::date_range(day(2024, 5, 1), day(2024, 5, 31)))
    );
    let range = CustomValue::from_object(&extra, K1).unwrap();
    assert_eq!(range.as_date(), Some(day(2024, 5, 1)));
    assert_eq!(range.end_date(), Some(day(2024, 5, 31)));
    assert_eq!(
        CustomValue::from_object(&extra, K1).unwrap().to_string(),
        "2024-05-01 - 2024-05-31"
    );
    assert_eq!(
        CustomValue::from_object(&extra, K2).unwrap().to_string(),
        "99 USD"
    );
    // Display is the text itself, never JSON with quotes.
    assert_eq!(
        CustomValue::from_object(&extra, K3).unwrap().to_string(),
        "Plain \"quoted\" text"
    );
    assert_eq!(CustomValue::from_object(&extra, "x"), None);
    assert_eq!(CustomValue::from_object(&extra, "missing"), None);
    let person: Person =
        serde_json::from_value(json!({K1: "10:30:00", K2: {"value": 5, "name": "Ada"}})).unwrap();
    let time = NaiveTime::from_hms_opt(10, 30, 0).unwrap();
    assert_eq!(person.custom(K1), Some(CustomValue::time(time)));
    // Display keeps the text as received.
    assert_eq!(person.custom(K1).unwrap().to_string(), "10:30:00");
    assert_eq!(person.custom(K1).unwrap().as_time(), Some(time));
    assert_eq!(person.custom(K2).unwrap().kind(), "other");
}

#[test]
fn references_and_addresses() {
    let mut r = FieldRegistry::new();
    r.insert(
        FieldEntity::Person,
        vec![
            field(K1, "Referrer", "people", Value::Null),
            field(K2, "Office", "address", Value::Null),
            field(K3, "Account manager", "user", Value::Null),
        ],
    );
    let p: Person = serde_json::from_value(json!({
        K1: {"value": 5, "name": "Ada"},
        K2: "1 Main St", format!("{K2}_formatted_address"): "1 Main St, Springfield", format!("{K2}_country"): "US",
        K3: 9,
    }))
    .unwrap();
    let referrer = r.get(&p, "Referrer").unwrap().unwrap();
    assert_eq!(
        referrer,
        CustomValue::Person {
            id: PersonId(5),
            name: Some("Ada".into())
        }
    );
    assert_eq!(referrer.to_string(), "Ada");
    let office = r.get(&p, "office").unwrap().unwrap();
    assert_eq!(office.to_string(), "1 Main St, Springfield");
    assert_eq!(office.as_str(), Some("1 Main St"));
    assert_eq!(
        r.get(&p, "Account manager").unwrap(),
        Some(CustomValue::from(UserId(9)))
    );
}

#[test]
fn set_and_clear_by_key() {
    let mut upd = UpdateDeal::default();
    upd.set_custom(K1, "text")
        .set_custom(K2, 12.5)
        .set_custom(K3, vec![1u64, 2]);
    assert_eq!(
        Value::Object(upd.extra.clone()),
        json!({K1: "text", K2: 12.5, K3: "1,2"})
    );
    upd.set_custom(K2, CustomValue::money(10, "EUR"));
    assert_eq!(upd.extra[&format!("{K2}_currency")], json!("EUR"));
    upd.clear_custom(K1);
    assert_eq!(upd.extra[K1], Value::Null);
}

#[test]
fn set_by_name_resolves_options() {
    let r = registry();
    let mut upd = UpdateDeal::default();
    r.set(&mut upd, "Region", "emea").unwrap();
    r.set(&mut upd, "Tags", vec!["Hot", "Big, fast"]).unwrap();
    r.set(&mut upd, "budget", CustomValue::money(5, "USD"))
        .unwrap();
    assert_eq!(
        Value::Object(upd.extra.clone()),
        json!({K1: 7, K3: "1,2", K2: 5, format!("{K2}_currency"): "USD"})
    );
    r.set(&mut upd, "Region", 8).unwrap();
    assert_eq!(upd.extra[K1], json!(8));
    r.clear(&mut upd, "Region").unwrap();
    assert_eq!(upd.extra[K1], Value::Null);

    let err = r.set(&mut upd, "Region", "Mars").unwrap_err();
    assert_eq!(err.param(), "Region");
    assert!(err.message().contains("EMEA, APAC"), "{err}");
    assert!(r.set(&mut upd, "Region", 99).is_err());
    assert!(r.set(&mut upd, "Region", vec!["EMEA", "APAC"]).is_err());
    let err = r
        .set(&mut UpdateFilter::default(), "Region", "EMEA")
        .unwrap_err();
    assert!(err.message().contains("no fields endpoint"), "{err}");
}

#[test]
fn name_rule() {
    let mut r = registry();
    assert_eq!(
        r.field(FieldEntity::Deal, "Region").unwrap().key.as_deref(),
        Some(K1)
    );
    assert_eq!(
        r.field(FieldEntity::Deal, K1).unwrap().name.as_deref(),
        Some("Region")
    );
    assert_eq!(
        r.field(FieldEntity::Deal, "  region ")
            .unwrap()
            .key
            .as_deref(),
        Some(K1)
    );
    let err = r.field(FieldEntity::Deal, "Regoin").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`Regoin` is not a custom deal field (custom deal fields: Region, Budget, Tags)"
    );
    let err = r.field(FieldEntity::Deal, "title").unwrap_err();
    assert!(err.message().contains("built-in"), "{err}");
    assert!(r.field(FieldEntity::Person, "Region").is_err());
    // Two fields whose names differ only in case: exact wins, a loose match is ambiguous.
    let mut fields = r.fields(FieldEntity::Deal).to_vec();
    fields.push(field(
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "REGION",
        "varchar",
        Value::Null,
    ));
    r.insert(FieldEntity::Deal, fields);
    assert_eq!(
        r.field(FieldEntity::Deal, "REGION")
            .unwrap()
            .field_type
            .as_ref()
            .map(|t| t.as_str()),
        Some("varchar")
    );
    assert!(
        r.field(FieldEntity::Deal, "region")
            .unwrap_err()
            .message()
            .contains("several")
    );
}

#[test]
fn values_from_binding_json() {
    assert_eq!(CustomValue::from_json(json!("x")), CustomValue::from("x"));
    assert_eq!(
        CustomValue::from_json(json!(["a", "b"])),
        CustomValue::from(vec!["a", "b"])
    );
    assert_eq!(
        CustomValue::from_json(json!([1, 2])),
        CustomValue::from(vec![1u64, 2])
    );
    assert_eq!(
        CustomValue::from_json(json!({"amount": 5, "currency": "EUR"})),
        CustomValue::money(5, "EUR")
    );
    assert_eq!(
        CustomValue::from_json(json!(true)).to_wire("k"),
        vec![("k".to_owned(), json!(true))]
    );
}

fn typed_registry() -> FieldRegistry {
    let mut r = FieldRegistry::new();
    r.insert(
        FieldEntity::Deal,
        vec![
            field(K1, "Score", "double", Value::Null),
            field(K2, "Budget", "monetary", Value::Null),
            field(K3, "Kickoff", "date", Value::Null),
            field(
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4",
                "Trip",
                "daterange",
                Value::Null,
            ),
            field(
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa5",
                "Call at",
                "time",
                Value::Null,
            ),
        ],
    );
    r
}

#[test]
fn amounts_are_exact_and_dates_are_chrono_by_name() {
    let r = typed_registry();
    let mut upd = UpdateDeal::default();
    // Decimal text (a Python `Decimal`, a Kotlin `BigDecimal`) is sent as its digits.
    r.set(&mut upd, "Score", "1234.50").unwrap();
    r.set(&mut upd, "Budget", "12345678901234567.89").unwrap();
    r.set(&mut upd, "Kickoff", day(2026, 5, 1)).unwrap();
    r.set(&mut upd, "Trip", vec!["2026-06-01", "2026-06-07"])
        .unwrap();
    r.set(
        &mut upd,
        "Call at",
        NaiveTime::from_hms_opt(9, 15, 0).unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&Value::Object(upd.extra.clone())).unwrap(),
        serde_json::to_string(&json!({
            K1: "1234.50".parse::<Amount>().unwrap(),
            K2: "12345678901234567.89".parse::<Amount>().unwrap(),
            K3: "2026-05-01",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4": "2026-06-01",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4_until": "2026-06-07",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa5": "09:15",
        }))
        .unwrap()
    );
    assert!(upd.extra[K1].is_number());
    // Text that is no amount or date is refused, naming the field.
    let err = r.set(&mut upd, "Score", "12,5").unwrap_err();
    assert_eq!(err.param(), "Score");
    let err = r.set(&mut upd, "Kickoff", "2026-13-01").unwrap_err();
    assert!(err.message().contains("YYYY-MM-DD"), "{err}");

    let body = format!(r#"{{"{K2}": 1200.50, "{K2}_currency": "EUR", "{K3}": "2026-05-01"}}"#);
    let deal: Deal = serde_json::from_str(&body).unwrap();
    let budget = r.get(&deal, "Budget").unwrap().unwrap();
    // (`extra` holds serde_json numbers: the value is exact, trailing zeros are not kept.)
    assert_eq!(budget.amount(), Some(&"1200.50".parse::<Amount>().unwrap()));
    assert_eq!(budget.to_string(), "1200.5 EUR");
    let kickoff = r.get(&deal, "Kickoff").unwrap().unwrap();
    assert_eq!(kickoff.as_date(), Some(day(2026, 5, 1)));
    assert_eq!(kickoff.to_string(), "2026-05-01");
    // A value the API sent that is not a date is kept as text.
    let odd: Deal = serde_json::from_value(json!({K3: "soon"})).unwrap();
    let odd = r.get(&odd, "Kickoff").unwrap().unwrap();
    assert_eq!((odd.as_date(), odd.to_string()), (None, "soon".to_owned()));
    // Money handed over as JSON with decimal text is a number.
    assert_eq!(
        CustomValue::from_json(json!({"amount": "0.10", "currency": "EUR"})).to_wire("k")[0].1,
        serde_json::to_value("0.10".parse::<Amount>().unwrap()).unwrap()
    );
}
