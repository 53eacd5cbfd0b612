//! Field definitions, leads, activity types, stages, organizations, person side shapes,
//! product search hits and currencies: every fixture decodes into its model, the
//! documented keys are all typed (nothing unexpected in `extra`) and re-encoding loses
//! nothing. Proptests cover leads and organizations with arbitrary custom fields.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::strategies::*;
use common::{fixtures_dir, round_trip, round_trip_text};
use pipedrive_types::*;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Resources whose every fixture this file decodes (with the prefix-free path segment
/// as it appears in the fixture names).
const RESOURCES: &[&str] = &[
    "dealFields",
    "personFields",
    "productFields",
    "activityFields",
    "activityTypes",
    "leads",
    "stages",
    "currencies",
];

/// Fixtures of [`RESOURCES`] that belong to other models and are tested elsewhere.
const ELSEWHERE: &[&str] = &["get_leads_id_permittedUsers", "get_stages_id_deals"];

/// Fixtures decoded below.
const COVERED: &[&str] = &[
    "get_dealFields",
    "get_dealFields_id",
    "post_dealFields",
    "put_dealFields_id",
    "delete_dealFields",
    "delete_dealFields_id",
    "get_personFields",
    "get_personFields_id",
    "post_personFields",
    "put_personFields_id",
    "delete_personFields",
    "delete_personFields_id",
    "get_productFields",
    "get_productFields_id",
    "post_productFields",
    "put_productFields_id",
    "delete_productFields",
    "delete_productFields_id",
    "get_activityFields",
    "get_activityTypes",
    "post_activityTypes",
    "put_activityTypes_id",
    "delete_activityTypes",
    "delete_activityTypes_id",
    "get_leads",
    "get_leads_id",
    "post_leads",
    "patch_leads_id",
    "get_leads_search",
    "delete_leads_id",
    "get_stages",
    "get_stages_id",
    "put_stages_id",
    "delete_stages",
    "delete_stages_id",
    "get_currencies",
    "get_organizations",
    "get_organizations_id",
    "post_organizations",
    "put_organizations_id",
    "put_organizations_id_merge",
    "get_organizations_search",
    "get_persons_search",
    "get_persons_id_products",
    "post_persons_id_picture",
    "get_products_search",
];

#[test]
fn every_fixture_of_these_resources_is_covered() {
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let resource = stem.split('_').nth(1).unwrap_or_default();
        if RESOURCES.contains(&resource) && !ELSEWHERE.contains(&stem) {
            assert!(COVERED.contains(&stem), "fixture {stem} has no test");
        }
    }
    for stem in COVERED {
        assert!(
            fixtures_dir().join(format!("{stem}.json")).exists(),
            "{stem} missing"
        );
    }
}

/// Decodes a fixture as `Envelope<T>` (checking the round trip) and returns its data.
fn data<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let env: Envelope<T> = round_trip(name);
    assert!(env.success, "{name}: success");
    env.data.unwrap_or_else(|| panic!("{name}: no data"))
}

fn extra_is_empty<'a>(label: &str, unknown: impl Iterator<Item = (&'a String, &'a Value)>) {
    let keys: Vec<&String> = unknown.map(|(k, _)| k).collect();
    assert!(keys.is_empty(), "{label}: untyped keys {keys:?}");
}

// ---------------------------------------------------------------- fields

fn assert_field_typed(label: &str, f: &Field) {
    extra_is_empty(label, f.unknown_fields());
    for o in f.options.iter().flatten() {
        extra_is_empty(label, o.unknown_fields());
    }
}

fn assert_customer_type(f: &Field) {
    assert_eq!(f.id, Some(FieldId(2)));
    assert_eq!(
        f.key.as_deref(),
        Some("9dc80c50d78a15643bfc4ca79d76156a73a1ca0e")
    );
    assert!(f.is_custom());
    assert_eq!(f.name.as_deref(), Some("Customer Type"));
    assert_eq!(f.field_type, Some(FieldType::Enum));
    assert_eq!(f.last_updated_by_user_id, Some(UserId(1)));
    assert_eq!(f.edit_flag, Some(Flag::TRUE));
    assert_eq!(f.add_visible_flag, Some(Flag::FALSE));
    assert_eq!(f.mandatory_flag, Some(Flag::TRUE));
    let options = f.options.as_ref().unwrap();
    assert_eq!(options.len(), 3);
    assert_eq!(options[1].id, Some(Number::from(191)));
    assert_eq!(f.option(192).unwrap().label.as_deref(), Some("Government"));
}

#[test]
fn deal_and_person_field_lists() {
    for name in ["get_dealFields", "get_personFields"] {
        let fields: Items<Field> = data(name);
        assert_eq!(fields.len(), 2);
        for f in &fields {
            assert_field_typed(name, f);
        }
        let title = &fields[0];
        assert_eq!(title.key.as_deref(), Some("title"));
        assert!(!title.is_custom());
        assert_eq!(title.field_type, Some(FieldType::Varchar));
        assert_eq!(title.order_nr, Some(Number::from(2)));
        // `"options": null` decodes to None.
        assert_eq!(title.options, None);
        assert_customer_type(&fields[1]);
    }
}

#[test]
fn activity_field_list_with_object_options() {
    let fields: Items<Field> = data("get_activityFields");
    for f in &fields {
        assert_field_typed("get_activityFields", f);
    }
    // The reference's placeholder `"options": object` became `{}`: one empty option,
    // written back as the same bare object.
    let options = fields[0].options.as_ref().unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0], FieldOption::default());
    assert_eq!(serde_json::to_value(options).unwrap(), json!({}));
    assert_customer_type(&fields[1]);
}

#[test]
fn single_deal_and_person_fields() {
    for name in [
        "get_dealFields_id",
        "post_dealFields",
        "put_dealFields_id",
        "get_personFields_id",
        "post_personFields",
        "put_personFields_id",
    ] {
        let f: Field = data(name);
        assert_field_typed(name, &f);
        assert_customer_type(&f);
        assert_eq!(
            f.add_time.as_ref().map(|t| t.as_str()),
            Some("2019-02-04 13:58:03")
        );
    }
}

#[test]
fn product_fields() {
    let fields: Items<Field> = data("get_productFields");
    for f in &fields {
        assert_field_typed("get_productFields", f);
    }
    assert_eq!(fields[0].id, Some(FieldId(20)));
    assert_eq!(fields[0].picklist_data, None);
    assert_eq!(fields[0].details_visible_flag, Some(Flag::FALSE));
    assert_eq!(fields[1].key.as_deref(), Some("visible_to"));
    assert_eq!(fields[1].field_type, Some(FieldType::Double));
    assert_eq!(
        fields[1].option(3).unwrap().label.as_deref(),
        Some("Entire company")
    );
    for name in [
        "get_productFields_id",
        "post_productFields",
        "put_productFields_id",
    ] {
        let f: Field = data(name);
        assert_field_typed(name, &f);
        assert_eq!(f.id, Some(FieldId(32)));
        assert_eq!(f.name.as_deref(), Some("Color"));
        assert_eq!(f.last_updated_by_user_id, Some(UserId(10999910)));
        assert_eq!(f.mandatory_flag, Some(Flag::FALSE));
        assert_eq!(f.option(11).unwrap().label.as_deref(), Some("lilac"));
    }
}

#[test]
fn field_deletes() {
    for (name, ids) in [
        ("delete_dealFields", vec![123, 456]),
        ("delete_personFields", vec![123, 456]),
        ("delete_productFields", vec![32, 35]),
    ] {
        let d: DeleteManyResult = data(name);
        assert_eq!(d.id, Some(ids.into_iter().map(Number::from).collect()));
    }
    for (name, id) in [
        ("delete_dealFields_id", 123),
        ("delete_personFields_id", 123),
        ("delete_productFields_id", 32),
    ] {
        let d: DeleteResult = data(name);
        assert_eq!(d.id, Some(Number::from(id)));
    }
}

#[test]
fn field_type_values() {
    for t in FieldType::ALL {
        assert!(t.is_known());
        assert_eq!(&FieldType::from(t.as_str()), t);
    }
    assert_eq!(FieldType::from("daterange"), FieldType::DateRange);
    assert!(!FieldType::from("hologram").is_known());
    // A text option id (as on a deal's built-in `status` field) is kept as text.
    let f: Field =
        serde_json::from_value(json!({"options": [{"id": "open", "label": "Open"}]})).unwrap();
    assert_eq!(
        f.options.as_ref().unwrap()[0].id,
        Some(Number::from("open"))
    );
    assert_eq!(f.option(1), None);
}

// ---------------------------------------------------------------- leads

fn assert_jane_lead(label: &str, lead: &Lead) {
    extra_is_empty(label, lead.unknown_fields());
    let value = lead.value.as_ref().unwrap();
    extra_is_empty(label, value.unknown_fields());
    assert_eq!(
        lead.id,
        Some(LeadId::from("adf21080-0e10-11eb-879b-05d71fb426ec"))
    );
    assert_eq!(lead.title.as_deref(), Some("Jane Doe Lead"));
    assert_eq!(lead.owner_id, Some(UserId(1)));
    assert_eq!(lead.creator_id, Some(UserId(1)));
    assert_eq!(
        lead.label_ids.as_deref().unwrap()[1],
        "f08b42a1-4e75-11ea-9643-03698ef1cfd6"
    );
    assert_eq!(lead.person_id, Some(PersonId(1092)));
    assert_eq!(lead.organization_id, None);
    assert_eq!(lead.source_name.as_deref(), Some("API"));
    assert_eq!(lead.is_archived, Some(Flag::FALSE));
    assert_eq!(lead.was_seen, Some(Flag::FALSE));
    assert_eq!(value.amount, Some(Amount::from(999)));
    assert_eq!(value.currency.as_deref(), Some("USD"));
    assert_eq!(lead.next_activity_id, Some(ActivityId(1)));
    assert_eq!(
        lead.add_time.as_ref().map(|t| t.as_str()),
        Some("2020-10-14T11:30:36.551Z")
    );
    assert_eq!(lead.visible_to, Some(Visibility::OWNER_VISIBILITY_GROUP));
    assert!(
        lead.cc_email
            .as_deref()
            .unwrap()
            .ends_with("pipedrivemail.com")
    );
}

#[test]
fn leads() {
    let list: Items<Lead> = data("get_leads");
    assert_eq!(list.len(), 1);
    assert_jane_lead("get_leads", &list[0]);
    for name in ["get_leads_id", "post_leads", "patch_leads_id"] {
        let lead: Lead = data(name);
        assert_jane_lead(name, &lead);
    }
}

#[test]
fn lead_search() {
    let env: Envelope<SearchResults<LeadSearchItem>> = round_trip("get_leads_search");
    let results = env.data.unwrap();
    assert_eq!(results.items.len(), 1);
    let hit = &results.items[0];
    assert_eq!(hit.score(), Some(0.29));
    let item = &hit.item;
    extra_is_empty("lead search", item.unknown_fields());
    assert_eq!(
        item.id,
        Some(LeadId::from("39c433f0-8a4c-11ec-8728-09968f0a1ca0"))
    );
    assert_eq!(item.r#type.as_deref(), Some("lead"));
    assert_eq!(item.title.as_deref(), Some("John Doe lead"));
    assert_eq!(item.owner.as_ref().unwrap().id, Some(UserId(1)));
    assert_eq!(
        item.person.as_ref().unwrap().name.as_deref(),
        Some("John Doe")
    );
    assert_eq!(
        item.organization.as_ref().unwrap().id,
        Some(OrganizationId(1))
    );
    assert_eq!(item.phones.as_deref(), Some(&[][..]));
    assert_eq!(item.emails.as_deref().unwrap(), ["john@doe.com"]);
    assert_eq!(item.custom_fields.as_deref(), Some(&[][..]));
    assert_eq!(item.value, Some(Amount::from(100)));
    assert_eq!(item.currency.as_deref(), Some("USD"));
    let visible = item.visible_to.as_ref().unwrap();
    assert!(visible.is_numeric());
    assert_eq!(visible.code(), Some(3));
    assert_eq!(item.is_archived, Some(Flag::FALSE));
}

#[test]
fn lead_delete() {
    let d: LeadDeleteResult = data("delete_leads_id");
    extra_is_empty("delete_leads_id", d.unknown_fields());
    assert_eq!(
        d.id,
        Some(LeadId::from("adf21080-0e10-11eb-879b-05d71fb426ec"))
    );
}

// ---------------------------------------------------------------- activity types

#[test]
fn activity_types() {
    let list: Items<ActivityType> = data("get_activityTypes");
    assert_eq!(list.len(), 2);
    for t in &list {
        extra_is_empty("get_activityTypes", t.unknown_fields());
    }
    assert_eq!(list[0].id, Some(ActivityTypeId(4)));
    assert_eq!(list[0].icon_key, Some(ActivityIcon::Deadline));
    assert_eq!(list[1].key_string.as_deref(), Some("call"));
    assert_eq!(list[1].order_nr, Some(Number::from(2)));
    assert_eq!(list[1].is_custom_flag, Some(Flag::FALSE));

    for (name, active, updated) in [
        ("post_activityTypes", true, "2020-09-01 10:16:23"),
        ("put_activityTypes_id", true, "2020-09-01 14:12:09"),
        // Deleting answers with the type, now inactive.
        ("delete_activityTypes_id", false, "2020-09-01 19:59:59"),
    ] {
        let t: ActivityType = data(name);
        extra_is_empty(name, t.unknown_fields());
        assert_eq!(t.id, Some(ActivityTypeId(12)));
        assert_eq!(t.name.as_deref(), Some("Video call"));
        assert_eq!(t.key_string.as_deref(), Some("video_call"));
        assert_eq!(t.icon_key, Some(ActivityIcon::Camera));
        assert_eq!(t.color.as_deref(), Some("aeb31b"));
        assert_eq!(t.active_flag.unwrap(), active);
        assert_eq!(t.is_custom_flag, Some(Flag::TRUE));
        assert_eq!(t.update_time.as_ref().map(|t| t.as_str()), Some(updated));
    }

    let d: DeleteManyResult = data("delete_activityTypes");
    assert_eq!(
        d.id,
        Some(vec![Number::from(1), Number::from(2), Number::from(3)])
    );
    assert_eq!(ActivityIcon::ALL.len(), 40);
    assert_eq!(ActivityIcon::from("pricetag"), ActivityIcon::PriceTag);
}

// ---------------------------------------------------------------- stages

fn assert_stage_one(label: &str, s: &Stage) {
    extra_is_empty(label, s.unknown_fields());
    assert_eq!(s.id, Some(StageId(1)));
    assert_eq!(s.order_nr, Some(Number::from(1)));
    assert_eq!(s.name.as_deref(), Some("Stage Name"));
    assert_eq!(s.active_flag, Some(Flag::TRUE));
    assert_eq!(s.deal_probability, Some(Number::from(100)));
    assert_eq!(s.pipeline_id, Some(PipelineId(1)));
    assert_eq!(s.rotten_flag, Some(Flag::FALSE));
    assert_eq!(s.rotten_days, Some(Number::from(1)));
    assert_eq!(
        s.add_time.as_ref().map(|t| t.as_str()),
        Some("2017-08-03 12:51:18")
    );
}

#[test]
fn stages() {
    let list: Items<Stage> = data("get_stages");
    assert_stage_one("get_stages", &list[0]);
    assert_eq!(list[0].pipeline_name.as_deref(), Some("Pipeline"));
    assert_eq!(list[0].pipeline_deal_probability, Some(Flag::FALSE));
    assert_eq!(list[0].deals_summary, None);

    let s: Stage = data("put_stages_id");
    assert_stage_one("put_stages_id", &s);

    let s: Stage = data("get_stages_id");
    assert_stage_one("get_stages_id", &s);
    let summary = s.deals_summary.as_deref().unwrap();
    extra_is_empty("deals_summary", summary.unknown_fields());
    assert_eq!(summary.total_count, Some(Number::from(1)));
    let eur = summary
        .per_stages
        .as_ref()
        .unwrap()
        .get(&StageId(1))
        .unwrap()
        .get("EUR")
        .unwrap();
    extra_is_empty("per_stages", eur.unknown_fields());
    assert_eq!(eur.count, Some(Number::from(1)));
    assert_eq!(eur.value, Some(Amount::from(10)));
    assert_eq!(eur.value_formatted.as_deref(), Some("10 €"));
    assert_eq!(eur.weighted_value, Some(Amount::from(10)));
    assert_eq!(eur.weighted_value_formatted.as_deref(), Some("10€"));
    assert_eq!(
        summary.per_currency.as_ref().unwrap().get("EUR"),
        Some(&Amount::from(1))
    );
    let full = summary
        .per_currency_full
        .as_ref()
        .unwrap()
        .get("EUR")
        .unwrap();
    extra_is_empty("per_currency_full", full.unknown_fields());
    assert_eq!(
        (full.count.clone(), full.value.clone()),
        (Some(Number::from(1)), Some(Amount::from(10)))
    );

    let d: DeleteManyResult = data("delete_stages");
    assert_eq!(d.id, Some(vec![Number::from(1), Number::from(2)]));
    let d: DeleteResult = data("delete_stages_id");
    assert_eq!(d.id, Some(Number::from(1)));
}

// ---------------------------------------------------------------- organizations

fn assert_bolt(label: &str, org: &Organization) {
    extra_is_empty(label, org.unknown_fields());
    assert_eq!(org.id, Some(OrganizationId(1)));
    assert_eq!(org.company_id, Some(CompanyId(77)));
    let owner = org.owner_id.as_ref().unwrap();
    assert_eq!(owner.id(), Some(UserId(10)));
    let owner = owner.object().unwrap();
    extra_is_empty(label, owner.unknown_fields());
    assert_eq!(owner.name.as_deref(), Some("Will Smith"));
    assert_eq!(org.name.as_deref(), Some("Bolt"));
    assert_eq!(org.open_deals_count, Some(Number::from(1)));
    assert_eq!(org.related_open_deals_count, Some(Number::from(2)));
    assert_eq!(org.closed_deals_count, Some(Number::from(3)));
    assert_eq!(org.people_count, Some(Number::from(1)));
    assert_eq!(org.followers_count, Some(Number::from(1)));
    assert_eq!(org.active_flag, Some(Flag::TRUE));
    let picture = org.picture_id.as_ref().unwrap();
    assert_eq!(picture.id(), Some(PictureId(101)));
    let picture = picture.object().unwrap();
    extra_is_empty(label, picture.unknown_fields());
    assert_eq!(picture.added_by_user_id, Some(UserId(967055)));
    assert!(
        picture
            .pictures
            .as_ref()
            .unwrap()
            .large
            .as_deref()
            .unwrap()
            .ends_with("_512.jpg")
    );
    assert_eq!(org.country_code.as_deref(), Some("USA"));
    assert_eq!(org.first_char.as_deref(), Some("b"));
    assert_eq!(org.visible_to, Some(Visibility::OWNER_VISIBILITY_GROUP));
    assert_eq!(org.next_activity_id, Some(ActivityId(128)));
    assert_eq!(org.last_activity_id, Some(ActivityId(34)));
    assert_eq!(org.label, Some(Number::from(7)));
    assert_eq!(org.address_street_number.as_deref(), Some("3a"));
    assert_eq!(org.address_subpremise.as_deref(), Some(""));
    assert_eq!(
        org.address_admin_area_level_1.as_deref(),
        Some("Harju maakond")
    );
    assert_eq!(org.address_postal_code.as_deref(), Some("10616"));
    assert_eq!(
        org.address_formatted_address.as_deref(),
        Some("Mustamäe tee 3a, 10616 Tallinn, Estonia")
    );
    assert_eq!(org.owner_name.as_deref(), Some("John Doe"));
    assert_eq!(org.cc_email.as_deref(), Some("org@pipedrivemail.com"));
}

#[test]
fn organizations() {
    let env: Envelope<Items<Organization>> = round_trip("get_organizations");
    assert_eq!(
        env.pagination().unwrap().next_start,
        Some(Number::from(100))
    );
    let related: OrgRef = env.related("organization", 1).unwrap().unwrap();
    assert_eq!(related.people_count, Some(Number::from(1)));
    let list = env.data.unwrap();
    assert_eq!(list.len(), 1);
    assert_bolt("get_organizations", &list[0]);
    for name in ["post_organizations", "put_organizations_id"] {
        let org: Organization = data(name);
        assert_bolt(name, &org);
    }
    // Merging answers with just the surviving id.
    let merged: Organization = data("put_organizations_id_merge");
    extra_is_empty("put_organizations_id_merge", merged.unknown_fields());
    assert_eq!(merged.id, Some(OrganizationId(123)));
    assert_eq!(merged.name, None);
}

#[test]
fn organization_detail_all_of_example() {
    // The reference shows this response as a schema composition: `allOf` of an
    // organization and `{"type":"object","properties":{..}}` with the detail-only fields.
    // The fixture is the object it describes (see the generator's `merge_all_of`).
    let org: Organization = data("get_organizations_id");
    assert_eq!(org.id, Some(OrganizationId(1)));
    assert_eq!(org.company_id, Some(CompanyId(77)));
    assert_eq!(org.owner_id.as_ref().and_then(|o| o.id()), Some(UserId(10)));
    // The properties also list the envelope's keys; they stay in `extra`.
    let unknown: Vec<&str> = org.unknown_fields().map(|(k, _)| k.as_str()).collect();
    assert_eq!(unknown, ["additional_data", "related_objects"]);
    let last = org.last_activity.as_deref().unwrap();
    assert_eq!(last.id, Some(ActivityId(8)));
    assert_eq!(last.r#type.as_deref(), Some("deadline"));
    assert_eq!(org.next_activity.as_deref(), Some(&Activity::default()));
}

#[test]
fn organization_search() {
    let results: SearchResults<OrganizationSearchItem> = data("get_organizations_search");
    let hit = &results.items[0];
    assert_eq!(hit.score(), Some(0.316));
    let item = &hit.item;
    extra_is_empty("organization search", item.unknown_fields());
    assert_eq!(item.id, Some(OrganizationId(1)));
    assert_eq!(item.r#type.as_deref(), Some("organization"));
    assert_eq!(item.name.as_deref(), Some("Organization name"));
    assert_eq!(
        item.address.as_deref(),
        Some("Mustamäe tee 3a, 10615 Tallinn")
    );
    assert_eq!(item.visible_to.as_ref().unwrap().code(), Some(3));
    assert_eq!(item.owner.as_ref().unwrap().id, Some(UserId(1)));
    assert_eq!(item.custom_fields.as_deref(), Some(&[][..]));
    assert_eq!(item.notes.as_deref(), Some(&[][..]));
}

// ---------------------------------------------------------------- persons

#[test]
fn person_search() {
    let results: SearchResults<PersonSearchItem> = data("get_persons_search");
    let hit = &results.items[0];
    assert_eq!(hit.score(), Some(0.5092));
    let item = &hit.item;
    extra_is_empty("person search", item.unknown_fields());
    assert_eq!(item.id, Some(PersonId(1)));
    assert_eq!(item.r#type.as_deref(), Some("person"));
    assert_eq!(item.name.as_deref(), Some("Jane Doe"));
    assert_eq!(item.phones.as_deref().unwrap(), ["+372 555555555"]);
    assert_eq!(item.emails.as_deref().unwrap(), ["jane@pipedrive.com"]);
    assert_eq!(item.visible_to.as_ref().unwrap().code(), Some(3));
    assert_eq!(item.owner.as_ref().unwrap().id, Some(UserId(1)));
    let org = item.organization.as_ref().unwrap();
    extra_is_empty("person search org", org.unknown_fields());
    assert_eq!(org.name.as_deref(), Some("Organization name"));
    assert_eq!(org.address, None);
    assert_eq!(item.notes.as_deref(), Some(&[][..]));
}

#[test]
fn person_products() {
    let list: Items<PersonProduct> = data("get_persons_id_products");
    assert_eq!(list.len(), 1);
    let item = &list[0];
    assert_eq!(item.entries.len(), 1);
    let (key, entry) = item.first().unwrap();
    assert_eq!(key, "123");
    extra_is_empty("person product entry", entry.unknown_fields());
    // The nested deal and product are `Deal` and `Product`, tested with their own
    // fixtures; this example has a few keys those models may not type (the deal's
    // `company_id`/`first_add_time`, the product's `deal_id`), so only values are
    // checked here.
    let deal = item.deal().unwrap();
    assert_eq!(deal.id, Some(DealId(123)));
    assert_eq!(deal.title.as_deref(), Some("tervist"));
    assert_eq!(deal.value, Some(Amount::try_from(3342.79).unwrap()));
    assert_eq!(deal.label, Some(Number::from("text")));
    let product = item.product().unwrap();
    assert_eq!(product.id, Some(ProductId(4)));
    assert_eq!(product.code.as_deref(), Some("444"));
    assert_eq!(product.category, Some(Number::from("40")));

    // An empty item sent as `[]` survives as such.
    let empty: PersonProduct = round_trip_text("empty", "[]");
    assert!(empty.entries.is_empty());
    assert!(empty.entry().is_none());
    // Several entries in one item are all kept.
    let two: PersonProduct = round_trip_text(
        "two",
        r#"{"1":{"deal":{"id":1}},"2":{"product":{"id":2},"new":true}}"#,
    );
    assert_eq!(two.entries.len(), 2);
    assert_eq!(two.deal().unwrap().id, Some(DealId(1)));
    assert_eq!(
        two.entries.get("2").unwrap().extra.get("new"),
        Some(&json!(true))
    );
}

#[test]
fn person_picture() {
    let pic: Picture = data("post_persons_id_picture");
    extra_is_empty("picture", pic.unknown_fields());
    assert_eq!(pic.id, Some(PictureId(1)));
    assert_eq!(pic.item_type.as_deref(), Some("person"));
    assert_eq!(pic.item_id, Some(Number::from(25)));
    assert_eq!(pic.active_flag, Some(Flag::TRUE));
    assert_eq!(
        pic.update_time.as_ref().map(|t| t.as_str()),
        Some("0000-00-00 00:00:00")
    );
    assert_eq!(pic.added_by_user_id, Some(UserId(967055)));
    let urls = pic.pictures.as_ref().unwrap();
    extra_is_empty("picture urls", urls.unknown_fields());
    assert!(urls.small.as_deref().unwrap().ends_with("_128.jpg"));
}

// ---------------------------------------------------------------- products, currencies

#[test]
fn product_search() {
    let results: SearchResults<ProductSearchItem> = data("get_products_search");
    let hit = &results.items[0];
    assert_eq!(hit.score(), Some(0.8766));
    let item = &hit.item;
    extra_is_empty("product search", item.unknown_fields());
    assert_eq!(item.id, Some(ProductId(1)));
    assert_eq!(item.r#type.as_deref(), Some("product"));
    assert_eq!(item.name.as_deref(), Some("Some product"));
    assert_eq!(item.code, Some(Number::from(123)));
    assert_eq!(item.visible_to.as_ref().unwrap().code(), Some(3));
    assert_eq!(item.owner.as_ref().unwrap().id, Some(UserId(1)));
    assert_eq!(item.custom_fields.as_deref(), Some(&[][..]));
}

#[test]
fn currencies() {
    let list: Items<Currency> = data("get_currencies");
    assert_eq!(list.len(), 2);
    for c in &list {
        extra_is_empty("currency", c.unknown_fields());
        assert_eq!(c.decimal_points, Some(Number::from(2)));
        assert_eq!(c.active_flag, Some(Flag::TRUE));
        assert_eq!(c.is_custom_flag, Some(Flag::FALSE));
    }
    assert_eq!(list[0].id, Some(CurrencyId(1)));
    assert_eq!(list[0].code.as_deref(), Some("EUR"));
    assert_eq!(list[0].symbol.as_deref(), Some("€"));
    assert_eq!(list[1].name.as_deref(), Some("US Dollar"));
}

// ---------------------------------------------------------------- proptests

fn string_json() -> BoxedStrategy<Value> {
    text().prop_map(Value::from).boxed()
}

fn count_json() -> BoxedStrategy<Value> {
    any::<u32>().prop_map(Value::from).boxed()
}

/// Turns (key, strategy) pairs into a JSON object strategy: a random subset of the
/// keys (some `null`), custom fields and unknown keys, in shuffled order.
fn object_json(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<(String, Option<Value>)>> = fields
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

fn lead_fields() -> Vec<(&'static str, BoxedStrategy<Value>)> {
    let mut fields: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        (
            "id",
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                .prop_map(Value::from)
                .boxed(),
        ),
        ("owner_id", id_json().boxed()),
        ("creator_id", id_json().boxed()),
        ("person_id", id_json().boxed()),
        ("organization_id", id_json().boxed()),
        ("next_activity_id", id_json().boxed()),
        (
            "label_ids",
            prop::collection::vec(text(), 0..3)
                .prop_map(Value::from)
                .boxed(),
        ),
        ("is_archived", flag_json().boxed()),
        ("was_seen", flag_json().boxed()),
        ("visible_to", visibility_json().boxed()),
        (
            "value",
            (
                maybe(number_json()),
                maybe(string_json()),
                prop::option::of(custom_value()),
            )
                .prop_map(|(amount, currency, unknown)| {
                    let mut m = Map::new();
                    if let Some(a) = amount {
                        m.insert("amount".into(), a);
                    }
                    if let Some(c) = currency {
                        m.insert("currency".into(), c);
                    }
                    if let Some(u) = unknown {
                        m.insert("new".into(), u);
                    }
                    Value::Object(m)
                })
                .boxed(),
        ),
    ];
    for key in [
        "title",
        "source_name",
        "expected_close_date",
        "add_time",
        "update_time",
        "cc_email",
    ] {
        fields.push((key, string_json()));
    }
    fields
}

fn organization_fields() -> Vec<(&'static str, BoxedStrategy<Value>)> {
    let mut fields: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("id", id_json().boxed()),
        ("company_id", id_json().boxed()),
        ("owner_id", user_ref_json().boxed()),
        ("next_activity_id", id_json().boxed()),
        ("last_activity_id", id_json().boxed()),
        ("active_flag", flag_json().boxed()),
        ("visible_to", visibility_json().boxed()),
        ("label", number_json().boxed()),
        (
            "picture_id",
            prop_oneof![
                id_json(),
                (id_json(), flag_json(), string_json()).prop_map(|(v, a, url)| {
                    json!({"item_type": "person", "active_flag": a, "pictures": {"128": url, "512": url}, "value": v})
                }),
            ]
            .boxed(),
        ),
        (
            "last_activity",
            prop_oneof![
                Just(json!({})),
                (id_json(), flag_json()).prop_map(|(i, d)| json!({"id": i, "done": d, "type": "call"})),
            ]
            .boxed(),
        ),
        ("next_activity", Just(json!({})).boxed()),
    ];
    for key in [
        "open_deals_count",
        "closed_deals_count",
        "people_count",
        "activities_count",
        "files_count",
        "won_deals_count",
        "related_lost_deals_count",
    ] {
        fields.push((key, count_json()));
    }
    for key in [
        "name",
        "country_code",
        "first_char",
        "add_time",
        "update_time",
        "address",
        "address_route",
        "address_locality",
        "address_country",
        "address_formatted_address",
        "owner_name",
        "cc_email",
    ] {
        fields.push((key, string_json()));
    }
    fields
}

/// Decodes `json` as `T`, checks the lossless re-encoding, that custom fields are all
/// reported, that no typed key sits in `extra`, and the same inside a list envelope.
fn check_model<T>(
    json: &Value,
    fields: &[&str],
    extra: impl Fn(&T) -> &Map<String, Value>,
    custom: impl Fn(&T) -> CustomFields,
) -> Result<(), TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let text = serde_json::to_string(json).unwrap();
    let model: T = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("decode {text}: {e}")))?;
    let original: Value = serde_json::from_str(&text).unwrap();
    let encoded = serde_json::to_value(&model).unwrap();
    prop_assert_eq!(encoded, original.clone());

    let obj = original.as_object().unwrap();
    let cf = custom(&model);
    let expected: Vec<&String> = obj
        .keys()
        .filter(|k| CustomFields::is_custom_key(k))
        .collect();
    prop_assert_eq!(cf.len(), expected.len());
    for key in expected {
        prop_assert_eq!(cf.get(key), obj.get(key));
    }
    for (key, value) in extra(&model) {
        if fields.contains(&key.as_str()) {
            // Only the record of a typed field that arrived as null or as text.
            prop_assert!(
                value.is_null() || value.is_string(),
                "typed key {} in extra",
                key
            );
            prop_assert_eq!(Some(value), obj.get(key));
        }
    }

    let page = json!({"success": true, "data": [original.clone(), original]});
    let env: Envelope<Items<T>> = serde_json::from_value(page.clone()).unwrap();
    prop_assert_eq!(serde_json::to_value(&env).unwrap(), page);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn lead_json_round_trip(json in object_json(lead_fields())) {
        check_model::<Lead>(&json, Lead::FIELDS, |l| &l.extra, Lead::custom_fields)?;
    }

    #[test]
    fn organization_json_round_trip(json in object_json(organization_fields())) {
        check_model::<Organization>(
            &json,
            Organization::FIELDS,
            |o| &o.extra,
            Organization::custom_fields,
        )?;
    }

    #[test]
    fn lead_typed_round_trip(
        id in "[0-9a-f-]{1,36}",
        title in prop::option::of(text()),
        amount in prop::option::of(prop_oneof![any::<i64>().prop_map(Amount::from), text().prop_map(Amount::text)]),
        owner in prop::option::of(any::<u64>()),
        labels in prop::option::of(prop::collection::vec(text(), 0..3)),
        custom in custom_fields(),
    ) {
        let mut lead = Lead {
            id: Some(LeadId::from(id)),
            title,
            owner_id: owner.map(UserId),
            label_ids: labels,
            value: Some(LeadValue { amount, currency: Some("EUR".into()), ..LeadValue::default() }),
            visible_to: Some(Visibility::OWNER_ONLY),
            was_seen: Some(Flag::from(true)),
            ..Lead::default()
        };
        for (k, v) in custom {
            lead.set_custom_field(k, v);
        }
        let text = serde_json::to_string(&lead).unwrap();
        let back: Lead = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, lead);
    }

    #[test]
    fn organization_typed_round_trip(
        id in any::<u64>(),
        name in prop::option::of(text()),
        owner in prop::option::of(any::<u64>()),
        people in prop::option::of(any::<u64>()),
        address in prop::option::of(text()),
        custom in custom_fields(),
    ) {
        let mut org = Organization {
            id: Some(OrganizationId(id)),
            name,
            owner_id: owner.map(|u| IdRef::Id(UserId(u))),
            people_count: people.map(Number::from),
            address_locality: address,
            visible_to: Some(Visibility::ENTIRE_COMPANY),
            active_flag: Some(Flag::TRUE),
            ..Organization::default()
        };
        for (k, v) in custom {
            org.set_custom_field(k, v);
        }
        let text = serde_json::to_string(&org).unwrap();
        let back: Organization = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, org);
    }
}
