//! The README's v2 example ("API v1 and v2"), run against the sandbox (with its deal id).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use pipedrive::sales::v2::{ListDeals, ListDealsStatus, UpdateDeal};
use pipedrive::types::{NumberField, Patch};
use pipedrive_sandbox::Sandbox;

#[test]
fn the_readme_v2_example_runs() -> Result<(), Box<dyn std::error::Error>> {
    let sb = Sandbox::builder().seed(3).seed_deals(250).start()?;
    let client = pipedrive::Client::new(
        pipedrive::Config::with_api_token("readme-token").base_url(sb.base_url()),
    )?;
    // Every open deal, 100 per cursor page, each page fetched when the loop reaches it.
    let open = ListDeals {
        status: Some(ListDealsStatus::Open),
        limit: Some(100),
        ..Default::default()
    };
    let mut seen = 0;
    let mut first = None;
    for deal in client.v2().deals().list(&open) {
        let deal = deal?;
        assert_eq!(deal.status.as_deref(), Some("open"));
        assert!(deal.value.as_f64().is_some());
        if deal.expected_close_date.is_some() {
            first = first.or(deal.id);
        }
        seen += 1;
    }
    // More than one cursor page, so the walk followed `next_cursor`.
    let pages = client.v2().deals().list(&open).pages().count();
    assert!(seen > 100 && pages > 1, "{seen} deals in {pages} page(s)");
    let id = first.unwrap();
    // PATCH: rename, clear the expected close date, leave everything else as it is.
    let before = client
        .v2()
        .deals()
        .get(id, &pipedrive::sales::v2::GetDeal::new())?;
    assert!(before.expected_close_date.is_some());
    let deal = client.v2().deals().update(
        id,
        &UpdateDeal {
            title: "Renamed".to_owned().into(),
            expected_close_date: Patch::Clear,
            ..Default::default()
        },
    )?;
    assert_eq!(deal.title.as_deref(), Some("Renamed"));
    assert_eq!(deal.expected_close_date, None);
    assert_eq!(deal.value, before.value);
    assert_eq!(deal.stage_id, before.stage_id);
    Ok(())
}
