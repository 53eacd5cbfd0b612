//! End-to-end: the facade against the stateful sandbox, with the sandbox's own record
//! counts as the witness of what really happened on the server side.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Exercises the v1 methods on purpose: deprecated by Pipedrive, they keep working.
#![allow(deprecated)]
use pipedrive::catalog::{CreateProduct, ListProducts, UpdateProduct};
use pipedrive::contacts::{
    CreateOrganization, CreatePerson, ListOrganizationPersons, ListPersons, SearchPersons,
    UpdateOrganization, UpdatePerson,
};
use pipedrive::sales::{
    AddDealFollower, AddDealProduct, CreateActivity, CreateDeal, CreateDealField, CreateLead,
    DealStatusFilter, DealStatusValue, DealsSummaryQuery, FieldType, ListActivities,
    ListDealProducts, ListDeals, SearchDeals, UpdateActivity, UpdateDeal, UpdateDealProduct,
    UpdateLead,
};
use pipedrive::types::{ContactInput, DealStatus, NumberField, UserId};
use pipedrive::{Client, Config, Error};
use pipedrive_sandbox::Sandbox;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TOKEN: &str = "sandbox-e2e-token";

fn config(sb: &Sandbox) -> Config {
    Config::with_api_token(TOKEN)
        .base_url(sb.base_url())
        .retry_base_delay(Duration::from_millis(1))
}

fn client(sb: &Sandbox) -> Client {
    Client::new(config(sb)).unwrap()
}

/// A client whose waits are recorded instead of slept, so retries cost no time.
fn recording_client(sb: &Sandbox) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let w = waits.clone();
    let c = Client::new(config(sb).sleeper(move |d| w.lock().unwrap().push(d))).unwrap();
    (c, waits)
}

#[test]
fn deals_create_read_update_delete() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let mut new = CreateDeal::new("Forty licences");
    new.value = Some(4000.into());
    new.currency = Some("EUR".into());
    let deal = c.deals().create(&new).unwrap();
    let id = deal.id;
    assert_eq!(deal.title.as_deref(), Some("Forty licences"));
    assert_eq!(deal.currency.as_deref(), Some("EUR"));
    assert_eq!(sb.count("deals"), 1);

    let got = c.deals().get(id).unwrap();
    assert_eq!(got.title, deal.title);
    assert_eq!(got.value.as_ref().and_then(|v| v.to_f64()), Some(4000.0));

    let change = UpdateDeal {
        title: Some("Forty-two licences".into()),
        status: Some(DealStatusValue::Won),
        ..Default::default()
    };
    let updated = c.deals().update(id, &change).unwrap();
    assert_eq!(updated.title.as_deref(), Some("Forty-two licences"));
    assert_eq!(updated.status, Some(DealStatus::Won));
    assert_eq!(c.deals().get(id).unwrap().status, Some(DealStatus::Won));

    c.deals().delete(id).unwrap();
    assert_eq!(sb.count("deals"), 0);
    // Deals are only marked as deleted.
    assert_eq!(c.deals().get(id).unwrap().status, Some(DealStatus::Deleted));
}

#[test]
fn deal_products_followers_and_summary() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let product = c.products().create(&CreateProduct::new("Licence")).unwrap();
    let mut new = CreateDeal::new("Bundle");
    new.value = Some(300.into());
    new.currency = Some("USD".into());
    let deal = c.deals().create(&new).unwrap();
    let id = deal.id;

    let attached = c
        .deals()
        .add_product(id, &AddDealProduct::new(product.id, 100, 3))
        .unwrap();
    let listed: Vec<_> = c
        .deals()
        .list_products(id, &ListDealProducts::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed.len(), 1);
    let attachment = attached.id;
    let mut change = UpdateDealProduct::new(product.id);
    change.quantity = Some(5.into());
    let changed = c.deals().update_product(id, attachment, &change).unwrap();
    assert_eq!(
        changed.quantity.as_ref().and_then(|q| q.to_f64()),
        Some(5.0)
    );
    c.deals().delete_product(id, attachment).unwrap();
    assert_eq!(
        c.deals()
            .list_products(id, &ListDealProducts::default())
            .count(),
        0
    );

    let me = c.users().me().unwrap();
    let follower = c
        .deals()
        .add_follower(id, &AddDealFollower::new(me.id))
        .unwrap();
    let followers: Vec<_> = c
        .deals()
        .list_followers(id)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].user_id, Some(me.id));
    c.deals().delete_follower(id, follower.id).unwrap();
    assert_eq!(c.deals().list_followers(id).count(), 0);

    let summary = c.deals().summary(&DealsSummaryQuery::default()).unwrap();
    assert_eq!(summary.total_count.as_u64(), Some(1));
}

#[test]
fn persons_and_organizations() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let org = c
        .organizations()
        .create(&CreateOrganization::new("Acme Ltd"))
        .unwrap();
    let org_id = org.id;
    let mut p = CreatePerson::new("Ada Lovelace");
    p.org_id = Some(org_id);
    p.email = Some(vec![
        ContactInput::new("ada@example.com")
            .primary(true)
            .label("work"),
    ]);
    p.phone = Some(vec!["+3725551234".into()]);
    let person = c.persons().create(&p).unwrap();
    let pid = person.id;
    assert_eq!(person.name.as_deref(), Some("Ada Lovelace"));
    // A bare number and an entry with details both arrive as entries.
    let email = &person.email.as_deref().unwrap()[0];
    assert_eq!(email.value.as_deref(), Some("ada@example.com"));
    assert_eq!(email.label.as_deref(), Some("work"));
    let phone = &person.phone.as_deref().unwrap()[0];
    assert_eq!(phone.value.as_deref(), Some("+3725551234"));

    let members: Vec<_> = c
        .organizations()
        .list_persons(org_id, &ListOrganizationPersons::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(members.len(), 1);

    let renamed = c
        .persons()
        .update(
            pid,
            &UpdatePerson {
                name: Some("Ada King".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Ada King"));
    let org2 = c
        .organizations()
        .update(
            org_id,
            &UpdateOrganization {
                name: Some("Acme Group".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(org2.name.as_deref(), Some("Acme Group"));

    let hits: Vec<_> = c
        .persons()
        .search(&SearchPersons::new("Ada"))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(c.persons().list(&ListPersons::default()).count(), 1);

    c.persons().delete(pid).unwrap();
    c.organizations().delete(org_id).unwrap();
    assert_eq!(sb.count("persons"), 0);
    assert_eq!(sb.count("organizations"), 0);
}

#[test]
fn products_activities_and_leads() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let product = c.products().create(&CreateProduct::new("Widget")).unwrap();
    let pid = product.id;
    let renamed = c
        .products()
        .update(
            pid,
            &UpdateProduct {
                name: Some("Widget Pro".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Widget Pro"));
    assert_eq!(c.products().list(&ListProducts::default()).count(), 1);

    let deal = c.deals().create(&CreateDeal::new("Call me")).unwrap();
    let act = c
        .activities()
        .create(&CreateActivity {
            subject: Some("Kick-off call".into()),
            r#type: Some("call".into()),
            due_date: Some("2026-12-01".parse().unwrap()),
            deal_id: Some(deal.id),
            ..Default::default()
        })
        .unwrap();
    let aid = act.id;
    let done = c
        .activities()
        .update(
            aid,
            &UpdateActivity {
                done: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(done.done.map(|f| f.get()), Some(true));
    assert_eq!(
        c.activities()
            .list(&ListActivities {
                user_id: Some(UserId(0)),
                ..Default::default()
            })
            .count(),
        1
    );
    c.activities().delete(aid).unwrap();
    assert_eq!(sb.count("activities"), 0);

    let org = c
        .organizations()
        .create(&CreateOrganization::new("Lead Org"))
        .unwrap();
    let mut lead = CreateLead::new("Inbound: Lead Org");
    lead.organization_id = Some(org.id);
    let lead = c.leads().create(&lead).unwrap();
    let lid = lead.id.clone();
    assert_eq!(lid.as_str().len(), 36, "lead ids are UUIDs");
    let patched = c
        .leads()
        .update(
            &lid,
            &UpdateLead {
                title: Some("Qualified".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(patched.title.as_deref(), Some("Qualified"));
    c.leads().delete(&lid).unwrap();
    assert!(matches!(c.leads().get(&lid), Err(Error::NotFound { .. })));
}

#[test]
fn custom_deal_field_appears_on_deals_and_is_writable() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let field = c
        .deal_fields()
        .create(&CreateDealField::new("Tier", FieldType::Varchar))
        .unwrap();
    let key = field.key.clone().unwrap();
    assert_eq!(key.len(), 40);
    let mut new = CreateDeal::new("Custom");
    new.extra.insert(key.clone(), serde_json::json!("gold"));
    let deal = c.deals().create(&new).unwrap();
    assert_eq!(deal.custom_field(&key), Some(&serde_json::json!("gold")));
    let again = c.deals().get(deal.id).unwrap();
    assert_eq!(again.custom_field(&key), Some(&serde_json::json!("gold")));
}

#[test]
fn paginates_over_1000_seeded_deals_one_page_at_a_time() {
    let sb = Sandbox::builder().seed(7).seed_deals(1000).start().unwrap();
    let c = client(&sb);
    let params = ListDeals {
        limit: Some(100),
        status: Some(DealStatusFilter::AllNotDeleted),
        ..Default::default()
    };
    let pages: Vec<_> = c
        .deals()
        .list(&params)
        .pages()
        .collect::<Result<_, _>>()
        .unwrap();
    let total: usize = pages.iter().map(|p| p.items.len()).sum();
    assert_eq!(total, sb.count("deals"));
    assert!(
        total >= 900,
        "the seed should keep most deals live, got {total}"
    );
    assert_eq!(pages.len(), total.div_ceil(100));
    let mut ids: Vec<_> = pages
        .iter()
        .flat_map(|p| p.items.iter().filter_map(|d| d.id))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no deal is returned twice");
}

#[test]
fn search_finds_by_term_and_rejects_short_terms() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    for t in ["Apollo upgrade", "Apollo support", "Gemini rollout"] {
        c.deals().create(&CreateDeal::new(t)).unwrap();
    }
    let hits: Vec<_> = c
        .deals()
        .search(&SearchDeals::new("Apollo"))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hits.len(), 2);
    let exact = SearchDeals {
        exact_match: Some(true),
        ..SearchDeals::new("Gemini rollout")
    };
    let hits: Vec<_> = c.deals().search(&exact).collect::<Result<_, _>>().unwrap();
    assert_eq!(hits.len(), 1);
    let err = c
        .deals()
        .search(&SearchDeals::new("A"))
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
}

#[test]
fn error_paths_are_typed() {
    let sb = Sandbox::builder().token("the-right-token").start().unwrap();
    let right =
        Client::new(Config::with_api_token("the-right-token").base_url(sb.base_url())).unwrap();
    let wrong =
        Client::new(Config::with_api_token("a-wrong-token").base_url(sb.base_url())).unwrap();
    assert!(matches!(
        wrong.deals().get(pipedrive::types::DealId(1)),
        Err(Error::Unauthorized { .. })
    ));
    assert!(matches!(
        right.deals().get(pipedrive::types::DealId(999)),
        Err(Error::NotFound { .. })
    ));
    let mut bad = CreateDeal::new("Bad status");
    bad.status = Some(DealStatusValue::Other("sideways".into()));
    let err = right.deals().create(&bad).unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(sb.count("deals"), 0);
}

#[test]
fn retries_recover_from_429_and_503() {
    let sb = Sandbox::start().unwrap();
    let (c, waits) = recording_client(&sb);
    let deal = c.deals().create(&CreateDeal::new("Retry me")).unwrap();
    let id = deal.id;

    sb.faults().fail_next(2, 503).unwrap();
    assert_eq!(c.deals().get(id).unwrap().id, id);
    assert_eq!(waits.lock().unwrap().len(), 2, "two backoffs, then success");

    waits.lock().unwrap().clear();
    sb.faults().rate_limit(1, 2);
    let _ = c.deals().get(id); // uses the burst
    let got = c.deals().get(id);
    sb.faults().clear();
    // The 429 was retried after waiting what the server asked for.
    assert!(
        waits
            .lock()
            .unwrap()
            .iter()
            .any(|d| *d >= Duration::from_secs(2)),
        "waited {:?}",
        waits.lock().unwrap()
    );
    let _ = got;
}

#[test]
fn a_post_is_not_repeated_after_a_dropped_connection() {
    let sb = Sandbox::start().unwrap();
    let (c, _) = recording_client(&sb);
    sb.faults().drop_next(1);
    let err = c
        .deals()
        .create(&CreateDeal::new("Exactly once"))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(
        sb.count("deals"),
        1,
        "the server created it once and the client did not send it again"
    );
}

#[test]
fn a_post_after_429_is_retried_and_created_once() {
    let sb = Sandbox::start().unwrap();
    let (c, _) = recording_client(&sb);
    sb.faults().fail_next(1, 429).unwrap();
    c.deals().create(&CreateDeal::new("After a 429")).unwrap();
    assert_eq!(sb.count("deals"), 1);
}

#[test]
fn the_client_pauses_when_remaining_hits_zero() {
    let sb = Sandbox::start().unwrap();
    let (c, waits) = recording_client(&sb);
    sb.faults().remaining_zero_next(1);
    c.users().me().unwrap();
    assert_eq!(c.last_rate_limit().and_then(|r| r.remaining), Some(0));
    c.users().me().unwrap();
    assert_eq!(c.transport().pacing_pauses(), 1);
    assert!(!waits.lock().unwrap().is_empty());
}

#[test]
fn html_403_and_truncated_bodies_are_typed_errors() {
    let sb = Sandbox::start().unwrap();
    let (c, _) = recording_client(&sb);
    sb.faults().html_403_next(1);
    assert!(matches!(c.users().me(), Err(Error::Forbidden { .. })));
    sb.faults().truncate_next(5);
    let err = c.deals().create(&CreateDeal::new("Cut short")).unwrap_err();
    assert!(
        matches!(err, Error::Transport { .. } | Error::Decode { .. }),
        "{err:?}"
    );
    sb.faults().clear();
}

#[test]
fn files_upload_download_list_and_delete() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let deal = c.deals().create(&CreateDeal::new("With a quote")).unwrap();
    let deal_id = deal.id;
    // Not UTF-8, with CR/LF inside.
    let bytes: Vec<u8> = (0..=255u8).rev().chain(*b"\r\n--x\r\n\xff").collect();
    let file = c
        .files()
        .upload(&pipedrive::files::UploadFile {
            deal_id: Some(deal.id),
            ..pipedrive::files::UploadFile::new(pipedrive::Upload::bytes(
                "quote.pdf",
                bytes.clone(),
            ))
        })
        .unwrap();
    let id = file.id;
    assert_eq!(file.deal_id, Some(deal_id));
    assert_eq!(file.file_name.as_deref(), Some("quote.pdf"));
    assert_eq!(file.file_size.as_u64(), Some(bytes.len() as u64));
    assert_eq!(sb.count("files"), 1);

    let mut out = Vec::new();
    let n = c.files().download(id, &mut out).unwrap();
    assert_eq!(n, bytes.len() as u64);
    assert_eq!(out, bytes);

    let listed: Vec<_> = c
        .deals()
        .list_files(deal_id, &Default::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, Some(id));

    c.files().delete(id).unwrap();
    assert_eq!(sb.count("files"), 0);
    let listed: Vec<_> = c
        .deals()
        .list_files(deal_id, &Default::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(listed.is_empty());
}
