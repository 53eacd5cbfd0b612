//! Every list operation returns a paginator, a search returns its hits with a first-match
//! helper, every params struct has `new`, and an error's code is read from whichever
//! spelling the body uses: written the way a user writes the code, against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Exercises the v1 list and search methods on purpose: deprecated by Pipedrive, they
// keep working.
#![allow(deprecated)]
use pipedrive::admin::{ListFilters, UpdateUser};
use pipedrive::contacts::{CreateOrganization, CreatePerson, SearchOrganizations, UpdatePerson};
use pipedrive::sales::{CreateDeal, ListDeals, ListStages, SearchDeals, UpdateDeal};
use pipedrive::types::{ContactInput, Stage, User};
use pipedrive::{Client, Config, Error, Paginator, SearchHits};
use pipedrive_sandbox::Sandbox;

fn client(sb: &Sandbox) -> Client {
    Client::new(Config::with_api_token("lists-token").base_url(sb.base_url())).unwrap()
}

#[test]
fn an_unpaginated_list_is_a_paginator_of_one_page() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let before = sb.requests_served();
    let stages: Vec<Stage> = c
        .stages()
        .list(&ListStages::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!stages.is_empty());
    assert_eq!(
        sb.requests_served() - before,
        1,
        "one request, then the end"
    );

    // Pages work the same as on a paged list: here there is exactly one.
    let pages: Vec<_> = c
        .stages()
        .list(&ListStages::new())
        .pages()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].items, stages);

    // Users, filters and every other list have the same type as deals.
    let users: Paginator<_> = c.users().list();
    let users: Vec<User> = users.collect::<Result<_, _>>().unwrap();
    assert!(!users.is_empty());
    let _filters = c.filters().list(&ListFilters::new()).count();
    let _deals = c.deals().list(&ListDeals::new()).count();
}

#[test]
fn search_hits_carry_the_item_and_score_and_first_takes_the_best_match() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let org = c
        .organizations()
        .create(&CreateOrganization::new("Northwind Traders"))
        .unwrap();

    let hits: SearchHits<_> = c
        .organizations()
        .search(&SearchOrganizations::new("Northwind"));
    let hits: Vec<_> = hits.collect::<Result<_, _>>().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].item.id, Some(org.id));
    assert_eq!(hits[0].item.r#type.as_deref(), Some("organization"));
    assert!(hits[0].result_score.is_some());

    let before = sb.requests_served();
    let found = c
        .organizations()
        .search(&SearchOrganizations::new("Northwind"))
        .first()
        .unwrap()
        .expect("a match");
    assert_eq!(found.id, Some(org.id));
    assert_eq!(found.name.as_deref(), Some("Northwind Traders"));
    assert_eq!(
        sb.requests_served() - before,
        1,
        "first() sends one request"
    );

    // Nothing matches: `None`, not an error.
    let none = c
        .deals()
        .search(&SearchDeals::new("no such deal anywhere"))
        .first()
        .unwrap();
    assert_eq!(none, None);

    // A refused search is an error, not `None`.
    let err = c
        .deals()
        .search(&SearchDeals::new("A"))
        .first()
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
}

#[test]
fn every_params_struct_has_new() {
    // With required fields: `new(required...)`; without: `new()`, the same as `Default`.
    let create = CreateDeal::new("Big deal");
    assert_eq!(create.title, "Big deal");
    assert_eq!(UpdateDeal::new(), UpdateDeal::default());
    assert_eq!(UpdatePerson::new(), UpdatePerson::default());
    assert_eq!(ListStages::new(), ListStages::default());
    let _ = UpdateUser::new(true);
}

#[test]
fn emails_and_phones_are_typed_inputs() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let mut p = CreatePerson::new("Grace Hopper");
    p.email = Some(vec![
        "grace@example.com".into(),
        ContactInput::new("grace@navy.example").label("work"),
    ]);
    p.phone = Some(vec![
        ContactInput::new("+15555550100")
            .primary(true)
            .label("mobile"),
    ]);
    let person = c.persons().create(&p).unwrap().into_inner();
    let emails: Vec<_> = person
        .email
        .unwrap()
        .into_iter()
        .map(|e| (e.value.unwrap(), e.label))
        .collect();
    assert_eq!(emails[0].0, "grace@example.com");
    assert_eq!(
        emails[1],
        ("grace@navy.example".to_owned(), Some("work".to_owned()))
    );
    let phone = &person.phone.unwrap()[0];
    assert_eq!(phone.value.as_deref(), Some("+15555550100"));
    assert_eq!(phone.label.as_deref(), Some("mobile"));
}

#[test]
fn a_rate_limit_error_has_the_code_of_its_body() {
    let server = httpmock::MockServer::start();
    server.mock(|when, then| {
        when.path("/deals/1");
        then.status(429)
            .header("content-type", "application/json")
            .body(r#"{"success":false,"error":"Rate limit exceeded","errorCode":429}"#);
    });
    let c = Client::new(
        Config::with_api_token("t")
            .base_url(server.base_url())
            .max_retries(0),
    )
    .unwrap();
    let err = c.deals().get(pipedrive::types::DealId(1)).unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(err.code(), Some("429"));
    assert_eq!(err.error_text(), Some("Rate limit exceeded"));
}

/// A transient failure in the middle of a walk stops it where it was; `resume()` goes on
/// from the page that failed, so an export that retries gets every deal exactly once.
#[test]
fn a_walk_stopped_by_an_error_resumes_at_the_page_that_failed() {
    let sb = Sandbox::builder().seed(5).seed_deals(250).start().unwrap();
    let c = Client::new(
        Config::with_api_token("lists-token")
            .base_url(sb.base_url())
            .max_retries(0),
    )
    .unwrap();
    let total = sb.count("deals");
    let mut params = ListDeals::new();
    params.limit = Some(100);
    let mut deals = c.deals().list(&params);
    let mut ids: Vec<u64> = deals
        .by_ref()
        .take(100)
        .map(|d| d.unwrap().id.unwrap().0)
        .collect();

    sb.faults().fail_next(1, 503).unwrap();
    match deals.next() {
        Some(Err(Error::Api { status: 503, .. })) => {}
        other => panic!("expected the 503, got {other:?}"),
    }
    // Stopped, not finished: nothing more until the caller resumes.
    assert!(deals.stopped_by_error());
    assert!(deals.next().is_none());

    deals.resume();
    for deal in deals {
        ids.push(deal.unwrap().id.unwrap().0);
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), total, "every deal once");
    assert_eq!(unique.len(), total, "no deal twice");
}
