//! Behaviour of `model!`, `string_enum!` and the hand-written container types on
//! edge cases: nulls, unknown keys, shadowing, duplicates, escapes, malformed input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::round_trip_text;
use pipedrive_types::*;
use serde_json::{Value, json};

const KEY: &str = "5d34ef6a2e7f1a3a83b7c2f7c8e8b1c2a3b4c5d6";

model! {
    /// A model declared outside the crate, as domain crates do.
    pub struct Widget {
        /// Id.
        id: Option<Integer>,
        /// Title.
        title: Option<String>,
        /// Renamed key.
        r#type: Option<String>,
        /// Lenient flag.
        active_flag: Option<Flag>,
        /// Nested list.
        tags: Option<Vec<String>>,
    }
}

string_enum! {
    /// An enum declared outside the crate.
    pub enum Colour {
        /// Red.
        Red = "red",
        /// Dark blue.
        DarkBlue = "dark-blue",
    }
}

#[test]
fn null_is_none_but_written_back_as_null_and_absent_is_not_written() {
    // Regression (issue 12, item 4): an explicit null ("clear this field") used to be
    // dropped on re-encode.
    let w: Widget = serde_json::from_str(r#"{"id":null,"title":"t"}"#).unwrap();
    assert_eq!(w.id, None);
    assert_eq!(w.unknown_fields().count(), 0);
    assert_eq!(
        serde_json::to_value(&w).unwrap(),
        json!({"id": null, "title": "t"})
    );
    let absent: Widget = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
    assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"title":"t"}"#);
    // Setting the field replaces the null; the typed value wins.
    let mut set = w.clone();
    set.id = Some(Number::from(7));
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"id": 7, "title": "t"})
    );
    // Nulls inside extra are kept as received.
    let w: Widget = serde_json::from_str(r#"{"other":null}"#).unwrap();
    assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"other":null}"#);
}

#[test]
fn unknown_and_custom_keys_are_kept_in_order() {
    let text =
        format!(r#"{{"z":1,"id":2,"{KEY}":{{"a":[1,2.5,"x"]}},"a":"b","{KEY}_currency":"EUR"}}"#);
    let w: Widget = serde_json::from_str(&text).unwrap();
    assert_eq!(
        w.extra.keys().collect::<Vec<_>>(),
        ["z", KEY, "a", &format!("{KEY}_currency")]
    );
    assert_eq!(w.custom_fields().len(), 2);
    assert_eq!(w.custom_field(KEY), Some(&json!({"a": [1, 2.5, "x"]})));
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        format!(r#"{{"id":2,"z":1,"{KEY}":{{"a":[1,2.5,"x"]}},"a":"b","{KEY}_currency":"EUR"}}"#)
    );
}

#[test]
fn keys_in_any_order_and_escaped_keys_match() {
    let w: Widget =
        serde_json::from_str(r#"{"tags":["a"],"\u0074ype":"x","active_flag":"1","id":1}"#).unwrap();
    assert_eq!(w.r#type.as_deref(), Some("x"));
    assert_eq!(
        w.active_flag,
        Some(Flag::with_form(true, FlagForm::DigitString))
    );
    assert_eq!(w.tags, Some(vec!["a".to_string()]));
    assert!(w.unknown_fields().next().is_none());
    let w: Widget = serde_json::from_slice(br#"{"id":1,"type":"y"}"#).unwrap();
    assert_eq!(w.r#type.as_deref(), Some("y"));
}

#[test]
fn duplicate_keys_last_wins() {
    let w: Widget = serde_json::from_str(r#"{"id":1,"id":2,"u":1,"u":2}"#).unwrap();
    assert_eq!(w.id, Some(Number::from(2)));
    assert_eq!(w.extra["u"], json!(2));
}

#[test]
fn typed_field_shadows_extra_key_of_the_same_name() {
    let mut w = Widget {
        title: Some("typed".into()),
        ..Widget::default()
    };
    w.set_custom_field("title", "raw");
    w.set_custom_field("type", "raw-type");
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        r#"{"title":"typed","type":"raw-type"}"#
    );
    w.title = None;
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        r#"{"title":"raw","type":"raw-type"}"#
    );
}

#[test]
fn field_table_and_default() {
    assert_eq!(
        Widget::FIELDS,
        ["id", "title", "type", "active_flag", "tags"]
    );
    assert_eq!(serde_json::to_string(&Widget::default()).unwrap(), "{}");
    assert!(Deal::FIELDS.contains(&"stay_in_pipeline_stages"));
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    for bad in [
        "[]",
        "1",
        r#""x""#,
        "null",
        r#"{"id":true}"#,
        r#"{"id":[1]}"#,
        r#"{"title":5}"#,
        r#"{"active_flag":2}"#,
        r#"{"tags":"a"}"#,
        r#"{"id":1"#,
        r#"{"id":1,}"#,
    ] {
        assert!(
            serde_json::from_str::<Widget>(bad).is_err(),
            "{bad} must not decode"
        );
    }
    for bad in [
        r#"{"user_id":"x"}"#,
        r#"{"value":true}"#,
        r#"{"visible_to":[3]}"#,
        r#"{"status":1}"#,
        r#"{"stay_in_pipeline_stages":{"times_in_stages":[1]}}"#,
        r#"{"age":[]}"#,
    ] {
        assert!(
            serde_json::from_str::<Deal>(bad).is_err(),
            "{bad} must not decode"
        );
    }
}

#[test]
fn string_enums() {
    assert_eq!(Colour::from("dark-blue"), Colour::DarkBlue);
    assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
    assert_eq!(
        Colour::from("green".to_string()),
        Colour::Other("green".into())
    );
    assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
    assert_eq!(Colour::ALL, &[Colour::Red, Colour::DarkBlue]);
    assert!(!Colour::from("").is_known());
    assert_eq!(
        serde_json::from_str::<Colour>(r#""dark\u002dblue""#).unwrap(),
        Colour::DarkBlue
    );
    assert!(serde_json::from_str::<Colour>("1").is_err());
    assert!(serde_json::from_str::<DealStatus>("null").is_err());
    assert_eq!(DealStatus::Won.as_ref(), "won");
}

#[test]
fn envelope_error_shapes_are_kept() {
    let text = r#"{"success":false,"error":"Deal not found","error_info":"See docs","data":null,"errorCode":404,"code":"not_found"}"#;
    let env: Envelope<Deal> = round_trip_text("error", text);
    assert!(!env.success);
    assert_eq!(env.error.as_deref(), Some("Deal not found"));
    assert_eq!(env.extra["errorCode"], json!(404));
    assert_eq!(env.data, None);
    assert!(serde_json::from_str::<Envelope<Deal>>("[]").is_err());
    assert!(serde_json::from_str::<Envelope<Deal>>(r#"{"success":true,"data":[1]}"#).is_err());
}

/// What `success` means, decided once for the client and the public type: a body
/// says the call failed only with `success` `false`, `"false"` or `0`. Absent, `null` or
/// anything else is not a failure (a 2xx status already said it worked), and every form
/// is written back as received.
#[test]
fn a_missing_success_is_not_a_failure() {
    let cases = [
        (r#"{"data":[]}"#, true),
        (r#"{"success":null,"data":[]}"#, true),
        (r#"{"success":true,"data":[]}"#, true),
        (r#"{"success":"yes","data":[]}"#, true),
        (r#"{"success":1,"data":[]}"#, true),
        (r#"{"success":false,"data":[]}"#, false),
        (r#"{"success":"FALSE","data":[]}"#, false),
        (r#"{"success":0,"data":[]}"#, false),
    ];
    for (text, success) in cases {
        let env: Envelope<Vec<Deal>> = serde_json::from_str(text).unwrap();
        assert_eq!(env.success, success, "{text}");
        let raw: pipedrive_types::envelope::RawEnvelope<'_> = serde_json::from_str(text).unwrap();
        assert_eq!(raw.failed(), !success, "{text}");
        let sent: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            pipedrive_types::envelope::reports_failure(sent.get("success")),
            !success,
            "{text}"
        );
        if text.contains("success") {
            let _: Envelope<Vec<Deal>> = round_trip_text(text, text);
        }
    }
    // Absent is written out as what it means.
    let env: Envelope<Vec<Deal>> = serde_json::from_str(r#"{"data":[]}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&env).unwrap(),
        r#"{"success":true,"data":[]}"#
    );
    // A flag kept as received gives way once the typed one is changed.
    let mut env: Envelope<Value> = serde_json::from_str(r#"{"success":null}"#).unwrap();
    env.success = false;
    assert_eq!(serde_json::to_string(&env).unwrap(), r#"{"success":false}"#);
}

/// The extras the client reads leniently are lenient here too, and kept as received.
#[test]
fn envelope_extras_that_do_not_fit_are_kept_as_received() {
    let text =
        r#"{"success":true,"data":null,"additional_data":[],"related_objects":[],"error":404}"#;
    let env: Envelope<Value> = round_trip_text("extras", text);
    assert!(env.additional_data.is_none() && env.related_objects.is_none());
    assert_eq!(env.error, None);
    assert_eq!(env.extra["error"], json!(404));
    let env: Envelope<Value> = round_trip_text(
        "odd additional_data",
        r#"{"success":true,"additional_data":{"pagination":7}}"#,
    );
    assert_eq!(env.additional_data.unwrap().extra["pagination"], json!(7));
}

#[test]
fn envelope_built_in_code() {
    let env = Envelope::ok(vec![DeleteResult {
        id: Some(Number::from(1)),
        ..Default::default()
    }]);
    assert_eq!(
        serde_json::to_string(&env).unwrap(),
        r#"{"success":true,"data":[{"id":1}]}"#
    );
    let env: Envelope<Value> = Envelope::failure("nope");
    assert_eq!(
        serde_json::to_string(&env).unwrap(),
        r#"{"success":false,"error":"nope"}"#
    );
}

#[test]
fn envelope_related_objects() {
    let env: Envelope<Value> = serde_json::from_value(json!({
        "success": true,
        "related_objects": {"user": {"1": {"id": 1, "name": "A"}, "2": {"id": "bad"}}}
    }))
    .unwrap();
    let user: UserRef = env.related("user", 1).unwrap().unwrap();
    assert_eq!(user.name.as_deref(), Some("A"));
    assert!(env.related::<UserRef>("user", 2).unwrap().is_err());
    assert!(env.related::<UserRef>("person", 1).is_none());
}

#[test]
fn search_results_edges() {
    let r: SearchResults<DealSearchItem> = serde_json::from_str(r#"{"items":null}"#).unwrap();
    assert!(r.items.is_empty());
    let r: SearchResults<DealSearchItem> = round_trip_text(
        "related",
        r#"{"items":[{"item":{"id":1},"x":1}],"related_items":[]}"#,
    );
    assert_eq!(r.items[0].result_score, None);
    assert_eq!(r.items[0].extra["x"], json!(1));
    assert!(r.extra.contains_key("related_items"));
    assert!(
        serde_json::from_str::<SearchResults<DealSearchItem>>(r#"{"items":[{"result_score":1}]}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<SearchResults<DealSearchItem>>(r#"{"items":{}}"#).is_err());
    let hit = SearchHit::new(Value::from(1), Some(Number::from(2)));
    assert_eq!(
        serde_json::to_string(&hit).unwrap(),
        r#"{"result_score":2,"item":1}"#
    );
}

#[test]
fn permitted_users_forms() {
    let p: PermittedUsers = round_trip_text("wrapped", r#"{"id":[1],"note":"x"}"#);
    assert!(p.is_wrapped());
    let p: PermittedUsers = round_trip_text("empty", "[]");
    assert!(p.ids.is_empty());
    let built = PermittedUsers::from(vec![UserId(5)]);
    assert_eq!(serde_json::to_string(&built).unwrap(), "[5]");
    for bad in ["1", r#"["a"]"#, r#"{"id":5}"#, r#""x""#] {
        assert!(
            serde_json::from_str::<PermittedUsers>(bad).is_err(),
            "{bad}"
        );
    }
}

/// Found by the `models` fuzz target: a wrapped form without `id` came back with an
/// `"id": []` the server never sent.
#[test]
fn permitted_users_wrapped_without_id_keeps_its_keys() {
    let p: PermittedUsers = round_trip_text("no id", r#"{"user_id":3}"#);
    assert!(p.is_wrapped() && p.ids.is_empty());
    let p: PermittedUsers = round_trip_text("empty object", "{}");
    assert!(p.is_wrapped());
    // Ids added in code are written even though the object arrived without them.
    let mut p: PermittedUsers = serde_json::from_str("{}").unwrap();
    p.ids.push(UserId(4));
    assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"id":[4]}"#);
}

#[test]
fn product_prices_forms() {
    let list = r#"[{"id":1,"product_id":2,"price":5,"currency":"EUR","cost":0,"overhead_cost":null,"notes":""}]"#;
    let prices: ProductPrices = round_trip_text("list", list);
    assert_eq!(
        prices.for_currency("EUR").and_then(|p| p.price.clone()),
        Some(Amount::from(5))
    );
    assert!(prices.for_currency("USD").is_none());
    let empty: ProductPrices = round_trip_text("empty", "[]");
    assert_eq!(empty, ProductPrices::List(vec![]));
    assert!(serde_json::from_str::<ProductPrices>("5").is_err());
}

#[test]
fn deal_label_ids_and_custom_fields() {
    let deal: Deal = serde_json::from_value(json!({"label": "1,2, 7", KEY: "v"})).unwrap();
    assert_eq!(deal.label_ids(), vec![1, 2, 7]);
    assert_eq!(deal.custom_fields().get(KEY), Some(&json!("v")));
    assert_eq!(Deal::default().label_ids(), Vec::<u64>::new());
}

#[test]
fn ids() {
    let lead = LeadId::from("adf21080-0e10-11eb-879b-05d71fb426ec");
    assert_eq!(lead.to_string(), "adf21080-0e10-11eb-879b-05d71fb426ec");
    assert_eq!(
        serde_json::to_string(&lead).unwrap(),
        r#""adf21080-0e10-11eb-879b-05d71fb426ec""#
    );
    assert_eq!(
        serde_json::from_str::<ChannelId>(r#""c1""#)
            .unwrap()
            .as_str(),
        "c1"
    );
    assert_eq!(CallLogId::from("x".to_string()).as_ref(), "x");
    assert!(serde_json::from_str::<LeadId>("5").is_err());
    assert_eq!(DealId::from(4).to_string(), "4");
}
