//! Every Deals endpoint fixture decodes into its model, with the documented fields
//! typed (nothing unexpected in `extra`) and nothing lost on re-encoding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixtures_dir, round_trip, round_trip_text};
use pipedrive_types::*;
use serde_json::json;

/// Fixtures this file covers; a new deals fixture must be added here.
const COVERED: &[&str] = &[
    "delete_deals",
    "delete_deals_id",
    "delete_deals_id_followers_follower_id",
    "delete_deals_id_participants_deal_participant_id",
    "delete_deals_id_products_product_attachment_id",
    "get_deals",
    "get_deals_id",
    "get_deals_id_activities",
    "get_deals_id_files",
    "get_deals_id_flow",
    "get_deals_id_followers",
    "get_deals_id_mailMessages",
    "get_deals_id_participants",
    "get_deals_id_permittedUsers",
    "get_deals_id_persons",
    "get_deals_id_products",
    "get_deals_search",
    "get_deals_summary",
    "get_deals_timeline",
    "post_deals",
    "post_deals_id_duplicate",
    "post_deals_id_followers",
    "post_deals_id_participants",
    "post_deals_id_products",
    "put_deals_id",
    "put_deals_id_merge",
    "put_deals_id_products_product_attachment_id",
];

#[test]
fn every_deals_fixture_is_covered() {
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem.split('_').nth(1) == Some("deals") {
            assert!(COVERED.contains(&stem), "fixture {stem} has no test");
        }
    }
}

fn assert_expanded_refs(deal: &Deal) {
    let creator = deal.creator_user_id.as_ref().unwrap();
    assert_eq!(creator.id(), Some(UserId(8877)));
    let user = creator.object().unwrap();
    assert_eq!(user.name.as_deref(), Some("Creator"));
    assert_eq!(user.has_pic, Some(Flag::FALSE));
    assert!(user.unknown_fields().next().is_none());
    let person = deal.person_id.as_ref().unwrap();
    assert_eq!(person.id(), Some(PersonId(1101)));
    let p = person.object().unwrap();
    assert_eq!(
        p.email.as_ref().unwrap()[0].value.as_deref(),
        Some("person@pipedrive.com")
    );
    assert!(p.unknown_fields().next().is_none());
    let org = deal.org_id.as_ref().unwrap();
    assert_eq!(org.id(), Some(OrganizationId(5)));
    assert_eq!(org.object().unwrap().people_count, Some(Number::from(2)));
    assert!(org.object().unwrap().unknown_fields().next().is_none());
}

fn assert_common_deal(deal: &Deal) {
    assert_eq!(deal.id, Some(DealId(1)));
    assert_eq!(deal.title.as_deref(), Some("Deal One"));
    assert_eq!(deal.value, Some(Amount::from(5000)));
    assert_eq!(deal.status, Some(DealStatus::Open));
    assert_eq!(deal.visible_to, Some(Visibility::OWNER_ONLY));
    assert_eq!(deal.stage_id, Some(StageId(2)));
    assert_eq!(deal.pipeline_id, Some(PipelineId(1)));
    assert_eq!(
        deal.probability.as_ref().and_then(Number::as_f64),
        Some(1.5)
    );
    assert_eq!(deal.label_ids(), vec![11]);
    assert_eq!(deal.active, Some(Flag::TRUE));
    assert!(
        deal.unknown_fields().next().is_none(),
        "untyped deal keys: {:?}",
        deal.extra.keys()
    );
}

#[test]
fn get_deals() {
    let env: Envelope<Vec<Deal>> = round_trip("get_deals");
    assert!(env.success);
    let deals = env.data.as_ref().unwrap();
    assert_eq!(deals.len(), 1);
    assert_common_deal(&deals[0]);
    assert_expanded_refs(&deals[0]);
    assert_eq!(deals[0].formatted_value.as_deref(), Some("€5,000"));
    let p = env.pagination().unwrap();
    assert_eq!(
        (p.start.clone(), p.limit.clone(), p.next_start.clone()),
        (
            Some(Number::from(0)),
            Some(Number::from(100)),
            Some(Number::from(1))
        )
    );
    assert!(!p.has_more());
    let user: UserRef = env.related("user", 8877).unwrap().unwrap();
    assert_eq!(user.email.as_deref(), Some("john.doe@pipedrive.com"));
    assert!(env.related::<UserRef>("user", 1).is_none());
}

#[test]
fn get_deal_details() {
    let env: Envelope<Deal> = round_trip("get_deals_id");
    let deal = env.data.as_ref().unwrap();
    assert_common_deal(deal);
    assert_expanded_refs(deal);
    assert_eq!(
        deal.age.as_ref().unwrap().total_seconds,
        Some(Number::from(17139446))
    );
    assert_eq!(
        deal.average_time_to_won.as_ref().unwrap().i,
        Some(Number::from(20))
    );
    assert_eq!(
        deal.average_stage_progress
            .as_ref()
            .and_then(Number::as_f64),
        Some(4.99)
    );
    let stays = deal.stay_in_pipeline_stages.as_ref().unwrap();
    assert_eq!(
        stays.times_in_stages.as_ref().unwrap().get(&StageId(2)),
        Some(&Number::from(1288449))
    );
    assert_eq!(stays.order_of_stages.as_ref().unwrap().len(), 5);
    assert_eq!(deal.last_activity.as_deref(), Some(&Activity::default()));
    assert_eq!(deal.lost_time.as_ref().map(|t| t.as_str()), Some(""));
    let extra = &env.additional_data.as_ref().unwrap().extra;
    assert_eq!(
        extra["dropbox_email"],
        json!("company+deal1@pipedrivemail.com")
    );
}

#[test]
fn add_update_duplicate_merge() {
    for name in ["post_deals", "put_deals_id"] {
        let env: Envelope<Deal> = round_trip(name);
        assert_common_deal(env.data.as_ref().unwrap());
        assert_expanded_refs(env.data.as_ref().unwrap());
    }
    let dup: Envelope<Deal> = round_trip("post_deals_id_duplicate");
    let deal = dup.data.unwrap();
    assert_common_deal(&deal);
    assert_eq!(deal.creator_user_id, Some(IdRef::Id(UserId(123))));
    assert_eq!(deal.user_id.and_then(|u| u.id()), Some(UserId(456)));
    let merged: Envelope<Deal> = round_trip("put_deals_id_merge");
    let deal = merged.data.unwrap();
    assert_common_deal(&deal);
    assert_eq!(deal.merge_what_id, Some(DealId(2)));
    assert_eq!(deal.org_id, Some(IdRef::Id(OrganizationId(2))));
}

#[test]
fn delete_results() {
    for name in [
        "delete_deals_id",
        "delete_deals_id_followers_follower_id",
        "delete_deals_id_participants_deal_participant_id",
        "delete_deals_id_products_product_attachment_id",
    ] {
        let env: Envelope<DeleteResult> = round_trip(name);
        assert_eq!(env.data.unwrap().id, Some(Number::from(123)), "{name}");
    }
    let env: Envelope<DeleteManyResult> = round_trip("delete_deals");
    assert_eq!(
        env.data.unwrap().id,
        Some(vec![Number::from(123), Number::from(456)])
    );
}

#[test]
fn deal_activities() {
    let env: Envelope<Vec<Activity>> = round_trip("get_deals_id_activities");
    let a = &env.data.as_ref().unwrap()[0];
    assert_eq!(a.id, Some(ActivityId(8)));
    assert_eq!(a.r#type.as_deref(), Some("deadline"));
    assert_eq!(a.done, Some(Flag::FALSE));
    assert_eq!(
        a.lead_id,
        Some(LeadId::from("46c3b0e1-db35-59ca-1828-4817378dff71"))
    );
    assert_eq!(
        a.attendees.as_ref().unwrap()[0].is_organizer.map(Flag::get),
        Some(false)
    );
    assert_eq!(
        a.participants.as_ref().unwrap()[1].primary_flag,
        Some(Flag::TRUE)
    );
    assert_eq!(
        a.file.as_ref().unwrap().clean_name.as_deref(),
        Some("Audio 10:55:07.m4a")
    );
    assert!(
        a.unknown_fields().next().is_none(),
        "untyped activity keys: {:?}",
        a.extra.keys()
    );
    // The reference shows `additional_data` as a schema composition (`allOf`); the
    // fixture has the object it describes: pagination beside an untyped key.
    let more = env.additional_data.as_ref().unwrap();
    assert!(more.pagination.is_some());
    assert!(more.extra.contains_key("activity_distribution"));
}

#[test]
fn deal_files() {
    let env: Envelope<Vec<File>> = round_trip("get_deals_id_files");
    let f = &env.data.as_ref().unwrap()[0];
    assert_eq!(f.id, Some(FileId(1)));
    assert_eq!(f.file_size, Some(Number::from(95116)));
    assert_eq!(f.log_id, Some(CallLogId::from("text")));
    assert_eq!(f.inline_flag, Some(Flag::FALSE));
    assert!(
        f.unknown_fields().next().is_none(),
        "untyped file keys: {:?}",
        f.extra.keys()
    );
    assert!(env.pagination().unwrap().has_more());
}

#[test]
fn deal_flow() {
    let env: Envelope<Vec<DealFlowItem>> = round_trip("get_deals_id_flow");
    let items = env.data.unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].object, Some(FlowObject::DealChange));
    let change = items[0].change().unwrap().unwrap();
    assert_eq!(change.field_key.as_deref(), Some("value"));
    assert_eq!(change.new_value, Some(json!(100)));
    assert!(change.unknown_fields().next().is_none());
    assert!(items[0].activity().is_none());
    let activity = items[1].activity().unwrap().unwrap();
    assert_eq!(activity.subject.as_deref(), Some("Deadline"));
    let mail = items[2].mail_message().unwrap().unwrap();
    assert_eq!(mail.attachments.as_ref().unwrap()[0].id, Some(FileId(1)));
    assert_eq!(mail.read_flag, Some(Flag::with_form(true, FlagForm::Int)));
    assert!(
        mail.unknown_fields().next().is_none(),
        "untyped mail keys: {:?}",
        mail.extra.keys()
    );
}

#[test]
fn deal_followers() {
    let env: Envelope<Vec<Follower>> = round_trip("get_deals_id_followers");
    let f = &env.data.as_ref().unwrap()[0];
    assert_eq!(
        (f.user_id, f.id, f.deal_id),
        (Some(UserId(123)), Some(FollowerId(456)), Some(DealId(789)))
    );
    assert_eq!(
        f.add_time.as_ref().map(|t| t.as_str()),
        Some("2020-09-09 11:36:23")
    );
    let added: Envelope<Follower> = round_trip("post_deals_id_followers");
    assert_eq!(added.data.unwrap().id, Some(FollowerId(2)));
}

#[test]
fn deal_mail_messages() {
    let env: Envelope<Vec<MailMessageItem>> = round_trip("get_deals_id_mailMessages");
    let item = &env.data.as_ref().unwrap()[0];
    assert_eq!(item.object, Some(FlowObject::MailMessage));
    let mail = item.data.as_ref().unwrap();
    assert_eq!(mail.subject.as_deref(), Some("test subject"));
    assert_eq!(
        mail.from.as_ref().unwrap()[0].email_address.as_deref(),
        Some("mail@example.org")
    );
    assert_eq!(mail.external_deleted_flag, Some(Flag::FALSE));
    assert_eq!(mail.mail_thread_id, Some(MailThreadId(1)));
    assert!(mail.unknown_fields().next().is_none());
}

#[test]
fn deal_participants() {
    let env: Envelope<Vec<DealParticipant>> = round_trip("get_deals_id_participants");
    let p = &env.data.as_ref().unwrap()[0];
    assert_eq!(p.id, Some(ParticipantId(1092)));
    assert_eq!(
        p.person_id.as_ref().and_then(IdRef::id),
        Some(PersonId(1598))
    );
    let person = p.person.as_ref().unwrap();
    assert_eq!(person.first_name.as_deref(), Some("Peter"));
    assert_eq!(
        person.org_id.as_ref().and_then(IdRef::id),
        Some(OrganizationId(314))
    );
    assert_eq!(person.visible_to, Some(Visibility::OWNER_VISIBILITY_GROUP));
    assert!(
        person.unknown_fields().next().is_none(),
        "untyped person keys: {:?}",
        person.extra.keys()
    );
    assert_eq!(
        p.related_item_data.as_ref().unwrap().deal_id,
        Some(DealId(1078))
    );
    assert!(p.unknown_fields().next().is_none());

    let added: Envelope<DealParticipant> = round_trip("post_deals_id_participants");
    let p = added.data.unwrap();
    assert_eq!(p.id, Some(ParticipantId(2146)));
    assert_eq!(p.person.unwrap().org_id, None);
}

#[test]
fn deal_permitted_users() {
    let env: Envelope<PermittedUsers> = round_trip("get_deals_id_permittedUsers");
    let users = env.data.unwrap();
    assert_eq!(users.ids, vec![UserId(123), UserId(456)]);
    assert!(users.is_wrapped());
    // What the live API sends.
    let live: Envelope<PermittedUsers> = round_trip_text(
        "live permittedUsers",
        r#"{"success":true,"data":[123,456]}"#,
    );
    assert_eq!(live.data.unwrap().ids, vec![UserId(123), UserId(456)]);
}

#[test]
fn deal_persons() {
    let env: Envelope<Vec<Person>> = round_trip("get_deals_id_persons");
    let p = &env.data.as_ref().unwrap()[0];
    assert_eq!(p.id, Some(PersonId(1)));
    assert_eq!(p.owner_id.as_ref().and_then(IdRef::id), Some(UserId(123)));
    assert_eq!(
        p.owner_id
            .as_ref()
            .and_then(IdRef::object)
            .and_then(|u| u.has_pic),
        Some(Flag::with_form(true, FlagForm::Int))
    );
    assert_eq!(p.marketing_status, Some(MarketingStatus::NoConsent));
    let pic = p.picture_id.as_ref().unwrap();
    assert_eq!(pic.id(), Some(PictureId(4)));
    let urls = pic.object().unwrap().pictures.as_ref().unwrap();
    assert!(urls.small.as_deref().unwrap().ends_with("_128.jpg"));
    assert!(urls.large.as_deref().unwrap().ends_with("_512.jpg"));
    assert!(
        p.unknown_fields().next().is_none(),
        "untyped person keys: {:?}",
        p.extra.keys()
    );
}

#[test]
fn deal_products() {
    // The reference example shows one bare object where the API sends a list.
    let env: Envelope<Items<DealProduct>> = round_trip("get_deals_id_products");
    let items = env.data.as_ref().unwrap();
    assert_eq!(items.len(), 1);
    let dp = &items[0];
    assert_eq!(dp.id, Some(ProductAttachmentId(7)));
    assert_eq!(dp.sum, Amount::from_f64(109.78));
    assert_eq!(dp.item_price, Some(Amount::from(22)));
    assert_eq!(dp.enabled_flag, Some(Flag::with_form(true, FlagForm::Int)));
    assert_eq!(dp.duration_unit, None);
    let product = dp.product.as_ref().unwrap();
    assert_eq!(product.code.as_deref(), Some("MPENCIL"));
    let eur = product
        .prices
        .as_ref()
        .unwrap()
        .for_currency("EUR")
        .unwrap();
    assert_eq!(eur.price, Some(Amount::from(5)));
    assert!(dp.unknown_fields().next().is_none() && product.unknown_fields().next().is_none());
    let extra = &env.additional_data.as_ref().unwrap().extra;
    assert_eq!(extra["products_sum_total"], json!(3342));
    // The live form: a list.
    let live = format!(
        r#"{{"success":true,"data":[{0},{0}]}}"#,
        serde_json::to_string(dp).unwrap()
    );
    let env: Envelope<Items<DealProduct>> = round_trip_text("live products", &live);
    assert_eq!(env.data.unwrap().into_items().len(), 2);

    for name in [
        "post_deals_id_products",
        "put_deals_id_products_product_attachment_id",
    ] {
        let env: Envelope<DealProduct> = round_trip(name);
        let dp = env.data.unwrap();
        assert_eq!(dp.duration_unit, Some(DurationUnit::Daily));
        assert_eq!(dp.sum, Some(Amount::from(2850)));
        assert!(dp.unknown_fields().next().is_none());
    }
}

#[test]
fn deal_search() {
    let env: Envelope<SearchResults<DealSearchItem>> = round_trip("get_deals_search");
    let results = env.data.unwrap();
    let hit = &results.items[0];
    assert_eq!(hit.score(), Some(1.22));
    assert_eq!(hit.item.id, Some(DealId(1)));
    assert_eq!(hit.item.r#type.as_deref(), Some("deal"));
    let vis = hit.item.visible_to.as_ref().unwrap();
    assert_eq!(vis.level(), &VisibilityLevel::OwnerVisibilityGroup);
    assert!(vis.is_numeric());
    assert_eq!(hit.item.owner.as_ref().unwrap().id, Some(UserId(1)));
    assert_eq!(
        hit.item.stage.as_ref().unwrap().name.as_deref(),
        Some("Lead In")
    );
    assert_eq!(hit.item.organization, None);
    assert!(hit.item.unknown_fields().next().is_none());
    assert_eq!(results.into_items().len(), 1);
}

#[test]
fn deal_summary() {
    let env: Envelope<DealSummary> = round_trip("get_deals_summary");
    let s = env.data.unwrap();
    let eur = s.values_total.as_ref().unwrap().get("EUR").unwrap();
    assert_eq!(eur.count, Some(Number::from(2)));
    assert_eq!(eur.value_converted, Amount::from_f64(11.1));
    assert_eq!(s.total_count, Some(Number::from(5)));
    assert_eq!(
        s.total_currency_converted_value_formatted.as_deref(),
        Some("US$41.1")
    );
    assert!(s.unknown_fields().next().is_none());
}

#[test]
fn deal_timeline() {
    // The reference example shows one period object; the API sends a list of periods.
    let env: Envelope<Items<DealTimelinePeriod>> = round_trip("get_deals_timeline");
    let periods = env.data.unwrap();
    let period = &periods[0];
    assert_eq!(period.period_start.as_deref(), Some("2019-12-01 00:00:00"));
    let deal = &period.deals.as_ref().unwrap()[0];
    assert_common_deal(deal);
    assert_eq!(deal.user_id, Some(IdRef::Id(UserId(8877))));
    let totals = period.totals.as_ref().unwrap();
    assert_eq!(
        totals.won_values.as_ref().unwrap().get("USD"),
        Some(&Amount::from(2200))
    );
    assert!(totals.unknown_fields().next().is_none());
}
