//! The exported surface, called from Rust exactly as Kotlin and Swift call it, against the
//! embedded sandbox: conversions of parameters and results, pages, errors, files.
//!
//! A unit-test module rather than a `tests/` file: the crate is built only as `cdylib` and
//! `staticlib` (an `rlib` beside them would make cargo skip the release profile's LTO), so
//! there is no Rust library for an integration test to link.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use crate::params::{
    CreateDeal, CreateDealField, CreatePersonField, ListDeals, UpdateDeal, UploadFile,
};
use crate::shapes::FieldOptionInput;
use crate::{ApiToken, Client, ClientConfig, FileUpload, JsonValue, PipedriveError};
use pipedrive_sandbox::Sandbox;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "boundary-token-0123456789";

pub(crate) fn config(url: String) -> ClientConfig {
    ClientConfig {
        api_token: Some(Arc::new(ApiToken::new(TOKEN.into()))),
        base_url: Some(url),
        timeout: Some(Duration::from_secs(10)),
        max_retries: Some(0),
        ..Default::default()
    }
}

fn sandbox(deals: usize) -> (Sandbox, Client) {
    let sb = Sandbox::builder()
        .seed(3)
        .seed_deals(deals)
        .token(TOKEN)
        .start()
        .unwrap();
    let client = Client::new(config(sb.base_url())).unwrap();
    (sb, client)
}

#[test]
fn custom_fields_go_out_through_extra_and_come_back_in_extra() {
    let (_sb, client) = sandbox(0);
    let field = client
        .deal_fields()
        .create(CreateDealField {
            name: "Region".into(),
            field_type: "varchar".into(),
            ..Default::default()
        })
        .unwrap();
    let key = field.key.unwrap();
    let deal = client
        .deals()
        .create(CreateDeal {
            title: "Custom".into(),
            value: Some("12.50".parse().unwrap()),
            extra: Some(JsonValue(serde_json::json!({ key.clone(): "EMEA" }))),
            ..Default::default()
        })
        .unwrap();
    let read = client.deals().get(deal.id).unwrap();
    assert_eq!(read.title.as_deref(), Some("Custom"));
    assert_eq!(read.value, Some("12.5".parse().unwrap()));
    let extra: serde_json::Value = read.extra.0.clone();
    assert_eq!(extra[&key], "EMEA", "extra: {}", read.extra.0);
    // Expanded references arrive as records with their id, also where Pipedrive puts it
    // only in `value` (a person).
    let owner = read.owner().expect("owner");
    assert_eq!(Some(owner.id), owner.value, "{owner:?}");
    assert!(owner.name.is_some(), "{owner:?}");
}

#[test]
fn bad_extra_is_refused_before_anything_is_sent() {
    let (sb, client) = sandbox(0);
    let before = sb.count("deals");
    let served = sb.requests_served();
    for bad in ["[1,2]", "\"text\"", "{not json"] {
        let err = client
            .deals()
            .create(CreateDeal {
                title: "Never".into(),
                extra: Some(JsonValue(bad.into())),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            matches!(err, PipedriveError::InvalidInput { .. }),
            "{bad}: {err:?}"
        );
    }
    assert_eq!(sb.count("deals"), before);
    assert_eq!(sb.requests_served(), served, "nothing reached the server");
    // The same check on a field record: its type is one of a closed set.
    let err = client
        .person_fields()
        .create(CreatePersonField {
            name: "Tier".into(),
            field_type: "colour".into(),
            options: Some(vec![FieldOptionInput {
                label: "Gold".into(),
                id: None,
            }]),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        matches!(err, PipedriveError::InvalidInput { .. }),
        "{err:?}"
    );
}

#[test]
fn the_page_call_and_the_pager_agree() {
    let (_sb, client) = sandbox(33);
    let first = client
        .deals()
        .list(Some(ListDeals {
            limit: Some(10),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(first.items.len(), 10);
    assert!(first.more_items);
    assert_eq!(first.next_start, Some(10));
    assert!(first.additional_data.0.get("pagination").is_some());

    let pager = client
        .deals()
        .list_pager(Some(ListDeals {
            limit: Some(10),
            ..Default::default()
        }))
        .unwrap();
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    while let Some(page) = pager.next_page().unwrap() {
        ids.extend(page.items.iter().map(|d| d.id));
        pages.push(page);
    }
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[0], first, "the pager's first page is the page call's");
    assert!(!pages[3].more_items);
    assert_eq!(ids.len(), 33);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 33);
    assert_eq!(pager.next_page().unwrap(), None, "stays at the end");
    // `start` moves the page call.
    let third = client
        .deals()
        .list(Some(ListDeals {
            start: Some(20),
            limit: Some(10),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(third.items, pages[2].items);
}

#[test]
fn errors_are_typed_with_plain_fields_and_no_token() {
    let (sb, client) = sandbox(0);
    match client.deals().get(424_242).unwrap_err() {
        PipedriveError::NotFound {
            status, error_text, ..
        } => {
            assert_eq!(status, 404);
            assert!(!error_text.is_empty());
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let mut wrong = config(sb.base_url());
    wrong.api_token = Some(Arc::new(ApiToken::new("wrong-token-secret-value".into())));
    let bad = Client::new(wrong.clone()).unwrap();
    let err = bad.deals().list(None).unwrap_err();
    assert!(
        matches!(err, PipedriveError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    for text in [
        format!("{err}"),
        format!("{err:?}"),
        format!("{wrong:?}"),
        format!("{}", wrong.api_token.as_ref().unwrap()),
    ] {
        assert!(!text.contains("wrong-token-secret-value"), "{text}");
    }
}

#[test]
fn bad_configuration_is_invalid_input() {
    let mut c = config("http://127.0.0.1:9/v1".into());
    c.api_token = Some(Arc::new(ApiToken::new("  ".into())));
    assert!(matches!(
        Client::new(c).unwrap_err(),
        PipedriveError::InvalidInput { .. }
    ));
    // Plain http off this machine would expose the token.
    let c = config("http://example.com/v1".into());
    assert!(Client::new(c).is_err());
}

#[test]
fn files_round_trip_and_failed_downloads_leave_no_file() {
    let (_sb, client) = sandbox(0);
    let deal = client
        .deals()
        .create(CreateDeal {
            title: "Files".into(),
            ..Default::default()
        })
        .unwrap();
    let data: Vec<u8> = (0..50_000u32).map(|i| (i % 253) as u8).collect();
    let up = client
        .files()
        .upload(UploadFile {
            file: FileUpload::Bytes {
                file_name: "a.bin".into(),
                data: data.clone(),
            },
            deal_id: Some(deal.id),
            person_id: None,
            org_id: None,
            product_id: None,
            activity_id: None,
            lead_id: None,
        })
        .unwrap();
    let id = up.id;
    assert_eq!(client.files().download(id).unwrap(), data);
    let dir = std::env::temp_dir().join(format!("pipedrive-ffi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.bin");
    let n = client
        .files()
        .download_to_path(id, path.to_string_lossy().into_owned())
        .unwrap();
    assert_eq!(n, i64::try_from(data.len()).unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), data);
    let missing = dir.join("missing.bin");
    let err = client
        .files()
        .download_to_path(999_999, missing.to_string_lossy().into_owned())
        .unwrap_err();
    assert!(matches!(err, PipedriveError::NotFound { .. }), "{err:?}");
    assert!(!missing.exists(), "no partial file left behind");
    // A failed download into an existing file leaves it as it was: it used to be
    // truncated before the request and deleted on the 404.
    let keep = dir.join("keep.bin");
    std::fs::write(&keep, b"the user's own data").unwrap();
    let err = client
        .files()
        .download_to_path(999_999, keep.to_string_lossy().into_owned())
        .unwrap_err();
    assert!(matches!(err, PipedriveError::NotFound { .. }), "{err:?}");
    assert_eq!(std::fs::read(&keep).unwrap(), b"the user's own data");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["a.bin", "keep.bin"],
        "no temporary file left behind"
    );
    // And a successful one replaces it.
    client
        .files()
        .download_to_path(id, keep.to_string_lossy().into_owned())
        .unwrap();
    assert_eq!(std::fs::read(&keep).unwrap(), data);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn updates_send_only_what_is_set() {
    let (_sb, client) = sandbox(0);
    let deal = client
        .deals()
        .create(CreateDeal {
            title: "Keep".into(),
            currency: Some("EUR".into()),
            ..Default::default()
        })
        .unwrap();
    let id = deal.id;
    let updated = client
        .deals()
        .update(
            id,
            Some(UpdateDeal {
                status: Some("won".into()),
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(updated.status.as_deref(), Some("won"));
    assert_eq!(
        updated.title.as_deref(),
        Some("Keep"),
        "absent title not sent"
    );
    assert_eq!(updated.currency.as_deref(), Some("EUR"));
}

#[test]
fn operations_lists_the_rust_surface() {
    let ops = crate::client::operations();
    assert_eq!(ops.len(), pipedrive::operations::operations().len());
    assert!(
        ops.iter()
            .any(|o| o.resource == "deals" && o.method == "list")
    );
}

#[test]
fn numbers_a_double_cannot_hold_reach_extra_as_received() {
    // A multi-label deal, an empty amount, text that is a number, an integer past 2^53.
    // Money crosses exactly (BigDecimal / Decimal), so only what is not a number spills.
    let amt = |s: &str| Some(s.parse::<crate::money_dates::Amount>().unwrap());
    let raw = r#"{"id":7,"title":"Labels","value":"","label":"1,2","probability":60,
        "weighted_value":"1500.5","arr":9007199254740993,"mrr":12.25,"acv":"-9007199254740993",
        "abcdef0123456789abcdef0123456789abcdef01":"custom"}"#;
    let wire: pipedrive::types::Deal = serde_json::from_str(raw).unwrap();
    let deal = crate::models::Deal::try_from(wire).unwrap();
    assert_eq!(deal.value, None);
    assert_eq!(deal.label, None);
    assert_eq!(deal.probability, Some(60.0));
    assert_eq!(deal.weighted_value, amt("1500.5"));
    assert_eq!(deal.arr, amt("9007199254740993"));
    assert_eq!(deal.mrr, amt("12.25"));
    assert_eq!(deal.acv, amt("-9007199254740993"));
    let extra: serde_json::Value = deal.extra.0.clone();
    assert_eq!(
        extra,
        serde_json::json!({
            "abcdef0123456789abcdef0123456789abcdef01": "custom",
            "value": "",
            "label": "1,2",
        })
    );
    // A record without such numbers has nothing added.
    let plain: pipedrive::types::Deal =
        serde_json::from_str(r#"{"id":8,"value":2500,"label":3}"#).unwrap();
    let plain = crate::models::Deal::try_from(plain).unwrap();
    assert_eq!((plain.value, plain.label), (amt("2500"), Some(3.0)));
    assert_eq!(plain.extra.0, serde_json::json!({}));
}

#[test]
fn integers_as_text_nulls_and_text_ids_cross_as_plain_values() {
    // Issue 12: counts and ids may arrive as text; a typed field may arrive as null.
    let raw = r#"{"id":"5","name":null,"people_count":"3","open_deals_count":"","files_count":-1,"done_activities_count":2.5,
        "owner_id":"8","abcdef0123456789abcdef0123456789abcdef01":null}"#;
    let wire: pipedrive::types::Organization = serde_json::from_str(raw).unwrap();
    let org = crate::models::Organization::try_from(wire).unwrap();
    assert_eq!(org.id, 5);
    assert_eq!(org.name, None);
    assert_eq!(org.people_count, Some(3));
    assert_eq!(org.open_deals_count, None);
    // Counts are signed like ids: a negative one reads as sent; a fractional one cannot.
    assert_eq!(org.files_count, Some(-1));
    assert_eq!(org.done_activities_count, None);
    let extra: serde_json::Value = org.extra.0.clone();
    // Only what the record cannot say: the custom field, and the counts an i64 cannot hold.
    assert_eq!(
        extra,
        serde_json::json!({
            "abcdef0123456789abcdef0123456789abcdef01": null,
            "open_deals_count": "",
            "done_activities_count": 2.5,
        })
    );
}

#[test]
fn closed_value_sets_are_checked_by_the_operation_tables_rule() {
    // Nothing listens on port 9: a request that went out would be a Transport error.
    let client = Client::new(config("http://127.0.0.1:9/v1".into())).unwrap();
    let deals = client.deals();
    let err = deals
        .list(Some(ListDeals {
            status: Some("opened".into()),
            ..Default::default()
        }))
        .unwrap_err();
    match err {
        PipedriveError::InvalidInput { detail, .. } => {
            assert!(detail.contains("`status` must be one of open"), "{detail}");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let mut create = CreateDeal {
        title: "t".into(),
        ..Default::default()
    };
    create.visible_to = Some("4".into());
    match deals.create(create).unwrap_err() {
        PipedriveError::InvalidInput { detail, .. } => {
            assert!(
                detail.contains("`visible_to` must be one of 1, 3, 5, 7"),
                "{detail}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    // A known value passes the check and reaches the (dead) network.
    let err = deals
        .list(Some(ListDeals {
            status: Some("won".into()),
            ..Default::default()
        }))
        .unwrap_err();
    assert!(matches!(err, PipedriveError::Transport { .. }), "{err:?}");
}
