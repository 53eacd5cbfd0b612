//! The README's v2 example, run against the sandbox (with its deal id).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use pipedrive::types::v2;
use pipedrive::{ApiVersion, Method, Request};
use pipedrive_sandbox::Sandbox;

#[test]
fn the_readme_v2_example_runs() -> Result<(), Box<dyn std::error::Error>> {
    let sb = Sandbox::builder().seed(3).seed_deals(250).start()?;
    let client = pipedrive::Client::new(
        pipedrive::Config::with_api_token("readme-token").base_url(sb.base_url()),
    )?;
    let list = Request::new(Method::Get, "/deals")
        .version(ApiVersion::V2)
        .query("status", "open")?
        .query("limit", &100)?;
    let mut open = 0;
    let mut first = None;
    for deal in client.transport().paginate::<Vec<v2::Deal>>(list) {
        let deal = deal?;
        assert_eq!(deal.status.as_deref(), Some("open"));
        first = first.or(deal.id);
        open += 1;
    }
    assert!(open > 0);
    let id = first.unwrap().0;
    let patch = Request::new(Method::Patch, format!("/deals/{id}"))
        .version(ApiVersion::V2)
        .json(&serde_json::json!({ "title": "Renamed", "expected_close_date": null }))?;
    let deal: v2::Deal = client.transport().call(&patch)?;
    assert_eq!(deal.title.as_deref(), Some("Renamed"));
    assert_eq!(deal.expected_close_date, None);
    Ok(())
}
