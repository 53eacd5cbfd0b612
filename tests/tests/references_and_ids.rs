//! References and ids as a user reads them: `deal.owner()`, `deal.organization()`, and
//! the plain `id` of a record returned by get, create or update, against the sandbox
//! (which expands `user_id`, `person_id` and `org_id` on deals as the real API does).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Exercises the v1 deal, person and organization methods on purpose: deprecated by
// Pipedrive, they keep working.
#![allow(deprecated)]
use httpmock::prelude::*;
use pipedrive::contacts::{CreateOrganization, CreatePerson};
use pipedrive::sales::{CreateActivity, CreateDeal, GetStage, ListDeals};
use pipedrive::types::DealId;
use pipedrive::{Client, Config, Error};
use pipedrive_sandbox::Sandbox;

fn client(sb: &Sandbox) -> Client {
    Client::new(Config::with_api_token("refs-token").base_url(sb.base_url())).unwrap()
}

#[test]
fn a_deal_names_its_owner_person_and_organization() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let me = c.users().me().unwrap();
    let org = c
        .organizations()
        .create(&CreateOrganization::new("Acme"))
        .unwrap();
    let mut person = CreatePerson::new("Ann Lee");
    person.org_id = Some(org.id);
    let person = c.persons().create(&person).unwrap();
    let mut deal = CreateDeal::new("Forty licences");
    deal.person_id = Some(person.id);
    deal.org_id = Some(org.id);
    let created = c.deals().create(&deal).unwrap();

    // create-then-get by the returned id: no unwrap, no Option.
    let deal = c.deals().get(created.id).unwrap();
    assert_eq!(deal.id, created.id);

    let owner = deal.owner().expect("a deal has an owner");
    assert_eq!(owner.id, me.id);
    assert_eq!(owner.name, me.name.as_deref());
    assert_eq!(
        owner.object.and_then(|u| u.email.as_deref()),
        me.email.as_deref()
    );
    assert_eq!(deal.organization().map(|o| o.id), Some(org.id));
    assert_eq!(deal.organization().and_then(|o| o.name), Some("Acme"));
    // Pipedrive sends the person's id only as `value`; the reference reads it anyway.
    assert_eq!(
        deal.person().map(|p| (p.id, p.name)),
        Some((person.id, Some("Ann Lee")))
    );
    assert_eq!(deal.creator().map(|u| u.id), Some(me.id));
    assert_eq!(
        deal.user_id.as_ref().and_then(|u| u.name()),
        me.name.as_deref()
    );

    // The person and the organization name their references the same way.
    let person = c.persons().get(person.id).unwrap();
    assert_eq!(person.organization().and_then(|o| o.name), Some("Acme"));
    assert_eq!(person.owner().map(|u| u.id), Some(me.id));

    // Listed deals read alike.
    let listed = c
        .deals()
        .list(&ListDeals::default())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(listed.organization().map(|o| o.id), Some(org.id));
}

#[test]
fn an_activity_names_the_references_it_sends_as_bare_ids() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let org = c
        .organizations()
        .create(&CreateOrganization::new("Initech"))
        .unwrap();
    let activity = c
        .activities()
        .create(&CreateActivity {
            subject: Some("Call".into()),
            org_id: Some(org.id),
            ..Default::default()
        })
        .unwrap();
    let activity = c.activities().get(activity.id).unwrap();
    let linked = activity.organization().expect("linked organization");
    assert_eq!(linked.id, org.id);
    assert_eq!(linked.name, activity.org_name.as_deref());
}

#[test]
fn a_record_is_looked_up_by_the_id_another_record_holds() {
    let sb = Sandbox::with_seed(7).unwrap();
    let c = client(&sb);
    let deal = c
        .deals()
        .list(&ListDeals::default())
        .next()
        .unwrap()
        .unwrap();
    let stage_id = deal.stage_id.expect("a seeded deal is in a stage");
    let stage = c.stages().get(stage_id, &GetStage::default()).unwrap();
    assert_eq!(stage.id, stage_id);
}

#[test]
fn a_returned_record_without_an_id_is_a_decode_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/deals/5");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"success":true,"data":{"title":"no id"}}"#);
    });
    let c = Client::new(Config::with_api_token("t").base_url(server.url("/v1"))).unwrap();
    let err = c.deals().get(DealId(5)).expect_err("a deal without an id");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("Deal without an id"), "{err}");
}
