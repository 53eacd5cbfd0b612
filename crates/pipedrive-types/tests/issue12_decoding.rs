//! Regressions of issue 12 in the Rust decoders: float exactness (item 3), explicit nulls
//! on re-encode (item 4), numbers sent as text in count and id fields (item 10) and a
//! lenient pagination block (item 11).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pipedrive_types::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `json` as `T`, re-encodes it and requires the very same JSON value back.
fn exact<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let text = serde_json::to_string(json).unwrap();
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode {text}: {e}"));
    assert_eq!(
        &serde_json::to_value(&typed).unwrap(),
        json,
        "re-encode of {text}"
    );
    // From a `Value` too (related objects, Python/ffi paths decode that way).
    let typed2: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&typed2).unwrap(), json);
    typed
}

// ------------------------------------------------------------------ item 3: floats

#[test]
fn floats_are_read_as_the_nearest_double_and_written_back_unchanged() {
    for text in [
        "944991.8076992263",
        "1500.1000000000001",
        "0.30000000000000004",
    ] {
        let body = format!(
            r#"{{"value":{text},"weighted_value":"{text}","5d34ef6a2e7f1a3a83b7c2f7c8e8b1c2a3b4c5d6":{text}}}"#
        );
        let deal: Deal = serde_json::from_str(&body).unwrap();
        let expected: f64 = text.parse().unwrap();
        assert_eq!(deal.value.as_f64(), Some(expected), "{text}");
        let custom = deal.custom_field("5d34ef6a2e7f1a3a83b7c2f7c8e8b1c2a3b4c5d6");
        assert_eq!(custom.and_then(Value::as_f64), Some(expected), "{text}");
        // Re-encoding writes the shortest text of that double: the same digits here.
        let out = serde_json::to_string(&deal).unwrap();
        assert_eq!(out, body, "{text}");
    }
}

/// A decimal with 15 to 17 significant digits and a decimal exponent that keeps it in a
/// money-like range, as text.
fn decimal_text() -> impl Strategy<Value = String> {
    (15usize..=17, -10i32..=6, any::<bool>()).prop_flat_map(|(digits, point, negative)| {
        proptest::string::string_regex(&format!("[1-9][0-9]{{{}}}", digits - 1))
            .unwrap()
            .prop_map(move |d| {
                let sign = if negative { "-" } else { "" };
                format!("{sign}{d}e{}", point - digits as i32 + 1)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_decimal_decodes_to_exactly_what_parse_gives(text in decimal_text()) {
        let expected: f64 = text.parse().unwrap();
        let n: Number = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(n.as_f64().map(f64::to_bits), Some(expected.to_bits()), "{}", text);
        let v: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(v.as_f64().map(f64::to_bits), Some(expected.to_bits()), "{}", text);
        // And what is written back reads as the same double.
        let again: f64 = serde_json::to_string(&n).unwrap().parse().unwrap();
        prop_assert_eq!(again.to_bits(), expected.to_bits());
    }
}

// ------------------------------------------------------------------ item 4: nulls

#[test]
fn explicit_nulls_survive_re_encoding_at_every_level() {
    exact::<Deal>(&json!({
        "id": 1,
        "title": null,
        "value": null,
        "user_id": {"id": 5, "name": null, "value": 5},
        "org_id": null,
        "expected_close_date": null,
        "5d34ef6a2e7f1a3a83b7c2f7c8e8b1c2a3b4c5d6": null,
    }));
    exact::<Filter>(&json!({
        "id": 3,
        "conditions": {"glue": "and", "conditions": [
            {"glue": "and", "conditions": [
                {"object": "deal", "field_id": "12", "operator": "=", "value": "x", "extra_value": null},
                null,
            ]},
            {"glue": null, "conditions": null},
        ]},
        "custom_view_id": null,
    }));
    exact::<Envelope<Vec<Deal>>>(&json!({
        "success": true,
        "data": [{"id": 1, "title": null}],
        "additional_data": {"pagination": {"start": 0, "limit": 100, "more_items_in_collection": false, "next_start": null}},
        "related_objects": null,
        "error": null,
    }));
    exact::<Envelope<Deal>>(&json!({"success": null, "data": null}));
    exact::<Envelope<SearchResults<DealSearchItem>>>(&json!({
        "success": true,
        "data": {"items": [{"result_score": null, "item": {"id": 1, "owner": null}}]},
    }));
    exact::<Envelope<SearchResults<DealSearchItem>>>(
        &json!({"success": true, "data": {"items": null}}),
    );
}

#[test]
fn a_null_that_is_then_set_is_written_as_the_new_value() {
    let mut deal: Deal = serde_json::from_str(r#"{"title":null}"#).unwrap();
    assert_eq!(deal.title, None);
    deal.title = Some("T".into());
    assert_eq!(serde_json::to_value(&deal).unwrap(), json!({"title": "T"}));
}

// ------------------------------------------------------------------ item 10: numeric text

/// Found by the `models` fuzz target: with a key sent twice, the `null` (or id text) the
/// first one recorded outlived the value of the second, so decoding the re-encoded model
/// gave a different model. The last occurrence wins, with nothing left of the first.
#[test]
fn a_key_sent_twice_decodes_like_its_last_occurrence() {
    for text in [
        r#"{"id":1,"product_variation_id":null,"product_variation_id":555}"#,
        r#"{"id":1,"product_variation_id":"12","product_variation_id":13}"#,
        r#"{"id":1,"product_variation_id":555,"product_variation_id":null}"#,
    ] {
        let first: DealProduct = serde_json::from_str(text).unwrap();
        let again: DealProduct =
            serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
        assert_eq!(again, first, "{text}");
    }
    let last: DealProduct =
        serde_json::from_str(r#"{"product_variation_id":null,"product_variation_id":555}"#)
            .unwrap();
    assert_eq!(last.product_variation_id, Some(ProductVariationId(555)));
    assert!(last.extra.is_empty(), "{:?}", last.extra);

    // The hand-written decoders follow the same rule.
    fn stable<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(text: &str) {
        let first: T = serde_json::from_str(text).unwrap();
        let again: T = serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
        assert_eq!(again, first, "{text}");
    }
    stable::<Envelope<Value>>(r#"{"success":null,"success":true,"data":null,"data":[1]}"#);
    stable::<SearchResults<Value>>(r#"{"items":null,"items":[]}"#);
    stable::<SearchHit<Value>>(r#"{"result_score":null,"result_score":0.5,"item":{}}"#);
    stable::<PermittedUsers>(r#"{"id":null,"id":[1]}"#);
}

#[test]
fn counts_sent_as_text_decode_and_are_written_back_as_text() {
    let org: Organization = exact(&json!({"id": 1, "people_count": "3", "open_deals_count": 2}));
    assert_eq!(org.people_count.as_u64(), Some(3));
    assert_eq!(org.open_deals_count.as_u64(), Some(2));
    let c: Currency = exact(&json!({"id": 1, "code": "EUR", "decimal_points": "2"}));
    assert_eq!(c.decimal_points.as_u64(), Some(2));
    let s: Stage = exact(&json!({"id": 1, "deal_probability": "100", "order_nr": "2"}));
    assert_eq!(s.deal_probability.as_u64(), Some(100));
    assert_eq!(s.order_nr.as_u64(), Some(2));
    let f: Field = exact(&json!({"id": 1, "order_nr": "2"}));
    assert_eq!(f.order_nr.as_u64(), Some(2));
}

#[test]
fn ids_sent_as_text_decode_and_are_written_back_as_text() {
    let file: File = exact(&json!({"id": 1, "org_id": "12", "deal_id": 3}));
    assert_eq!(file.org_id, Some(OrganizationId(12)));
    assert_eq!(file.deal_id, Some(DealId(3)));
    let log: CallLog = exact(&json!({"id": "abc", "deal_id": "1", "person_id": "7"}));
    assert_eq!(log.deal_id, Some(DealId(1)));
    assert_eq!(log.person_id, Some(PersonId(7)));
    // References too, bare or inside an expanded object.
    let deal: Deal = exact(&json!({"user_id": "8", "org_id": {"value": "9", "name": "O"}}));
    assert_eq!(deal.user_id.and_then(|r| r.id()), Some(UserId(8)));
    assert_eq!(deal.org_id.and_then(|r| r.id()), Some(OrganizationId(9)));
    // An edited id is written as the new number, not the old text.
    let mut file = file;
    file.org_id = Some(OrganizationId(13));
    assert_eq!(serde_json::to_value(&file).unwrap()["org_id"], json!(13));
    // Text that is not an id is still an error for an id field.
    assert!(serde_json::from_str::<File>(r#"{"org_id":"x"}"#).is_err());
    assert!(serde_json::from_str::<File>(r#"{"org_id":"-1"}"#).is_err());
}

/// Every model, by name, so that the generic test below covers them all; a test checks
/// that the list matches the `model!` declarations in the sources.
macro_rules! all_models {
    ($m:ident) => {
        $m!(
            Activity,
            ActivityAttendee,
            ActivityParticipant,
            ActivityFile,
            ActivityType,
            BillingAddon,
            CallLog,
            Channel,
            ChannelMessage,
            ChannelMessageAttachment,
            ContactValue,
            TimeSpan,
            DeleteResult,
            DeleteManyResult,
            Currency,
            Deal,
            StageStays,
            DealSummary,
            SummaryTotal,
            DealTimelinePeriod,
            TimelineTotals,
            DealFlowItem,
            DealChange,
            DealParticipant,
            ParticipantRelatedItem,
            DealProduct,
            FieldOption,
            Field,
            File,
            Filter,
            FilterConditions,
            FilterConditionGroup,
            FilterCondition,
            FilterHelpers,
            RelativeDates,
            Follower,
            LeadValue,
            Lead,
            LeadSearchItem,
            LeadDeleteResult,
            MailMessageItem,
            MailMessage,
            MailParty,
            Organization,
            OrganizationSearchItem,
            Person,
            PersonSearchItem,
            PersonProductEntry,
            Picture,
            Product,
            ProductPrice,
            ProductSearchItem,
            UserRef,
            PersonRef,
            OrgRef,
            PictureRef,
            PictureUrls,
            Role,
            RoleAssignment,
            RoleSettings,
            RoleSettingResult,
            IdResult,
            DealSearchItem,
            SearchUser,
            SearchStage,
            SearchPerson,
            SearchOrganization,
            Stage,
            StageDealsSummary,
            StageDealsTotal,
            User,
            UserAccess,
            UserLanguage,
            UserPermissions,
            AdditionalData,
            Pagination
        )
    };
}

macro_rules! names {
    ($($t:ident),*) => { &[$(stringify!($t)),*] };
}

#[test]
fn the_model_list_is_complete() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files: Vec<_> = std::fs::read_dir(format!("{src}/models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(format!("{src}/envelope.rs").into());
    let mut declared = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for block in text.split("model! {").skip(1) {
            let after = block.split("pub struct ").nth(1).unwrap();
            declared.push(after.split_whitespace().next().unwrap().to_owned());
        }
    }
    let listed: &[&str] = all_models!(names);
    for name in &declared {
        assert!(
            listed.contains(&name.as_str()),
            "{name} missing from all_models!"
        );
    }
    assert_eq!(listed.len(), declared.len());
}

/// For one model: every field that accepts the number `n` must accept `"n"` too and write
/// it back as `"n"` (counts, ids, references, lenient numbers, flags for 0/1).
fn numeric_text_everywhere<T: DeserializeOwned + Serialize>(name: &str, fields: &[&str]) -> usize {
    let mut numeric = 0;
    for field in fields {
        for n in [0u64, 1, 12] {
            if serde_json::from_value::<T>(json!({ *field: n })).is_err() {
                continue;
            }
            numeric += 1;
            let as_text = json!({ *field: n.to_string() });
            let typed: T = serde_json::from_value(as_text.clone())
                .unwrap_or_else(|e| panic!("{name}.{field} = \"{n}\": {e}"));
            assert_eq!(
                serde_json::to_value(&typed).unwrap(),
                as_text,
                "{name}.{field} = \"{n}\" not written back as text"
            );
        }
    }
    numeric
}

#[test]
fn every_numeric_field_of_every_model_accepts_numeric_text() {
    let mut total = 0;
    macro_rules! check {
        ($($t:ident),*) => {$(
            total += numeric_text_everywhere::<$t>(stringify!($t), $t::FIELDS);
        )*};
    }
    all_models!(check);
    // Sanity: the walk did find the numeric fields (hundreds of them).
    assert!(total > 300, "only {total} numeric fields found");
}

// ------------------------------------------------------------------ item 11: pagination

#[test]
fn pagination_block_is_lenient() {
    for (more, has_more) in [
        (json!(true), true),
        (json!(1), true),
        (json!("1"), true),
        (json!("true"), true),
        (json!(0), false),
        (json!("0"), false),
        (json!(false), false),
    ] {
        let p: Pagination = exact(&json!({
            "start": "0", "limit": 2, "more_items_in_collection": more.clone(), "next_start": "2"
        }));
        assert_eq!(p.has_more(), has_more, "{more}");
        assert_eq!(p.next_offset(), Some(2));
        assert_eq!(p.start.as_u64(), Some(0));
    }
    let p: Pagination = exact(&json!({"more_items_in_collection": true, "next_start": null}));
    assert_eq!(p.next_offset(), None);
}
