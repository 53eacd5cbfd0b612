//! Money and dates as a user writes them: amounts from integers, text and floats, exact
//! digits read back; dates and times from chrono values, in Pipedrive's UTC rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Exercises the v1 deal, product and activity methods on purpose: deprecated by
// Pipedrive, they keep working.
#![allow(deprecated)]
use httpmock::prelude::*;
use pipedrive::sales::{AddDealProduct, CreateActivity, CreateDeal, CreateLead, UpdateDeal};
use pipedrive::types::chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use pipedrive::types::{Amount, LeadValueInput, PriceInput, TimeOfDay, Timestamp, WhenField};
use pipedrive::{Client, Config, Error};
use pipedrive_sandbox::Sandbox;

fn client(base_url: &str) -> Client {
    Client::new(Config::with_api_token("money-token").base_url(base_url)).unwrap()
}

#[test]
fn a_deal_value_goes_in_and_comes_back_as_one_amount_type() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());

    let mut new = CreateDeal::new("Forty licences");
    new.value = Some(1200.into());
    let deal = c.deals().create(&new).unwrap();
    assert_eq!(deal.value, Some(Amount::from(1200)));

    let update = UpdateDeal {
        value: Some("1234.50".parse().unwrap()),
        ..Default::default()
    };
    let updated = c.deals().update(deal.id, &update).unwrap();
    let value = updated.value.clone().unwrap();
    // Equal by value; the digits are the server's (the sandbox, like Pipedrive, keeps 1234.5).
    assert_eq!(value, "1234.50".parse::<Amount>().unwrap());
    assert_eq!(value.to_string(), "1234.5");
    assert!(value > Amount::from(1234) && value < Amount::from(1235));
}

#[test]
fn a_product_line_takes_price_and_quantity_as_amounts() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let product = c
        .products()
        .create(&pipedrive::catalog::CreateProduct::new("Seat"))
        .unwrap();
    let deal = c.deals().create(&CreateDeal::new("Seats")).unwrap();
    let price: Amount = "19.99".parse().unwrap();
    let line = c
        .deals()
        .add_product(deal.id, &AddDealProduct::new(product.id, price.clone(), 3))
        .unwrap();
    assert_eq!(line.item_price, Some(price));
    assert_eq!(line.quantity, Some(Amount::from(3)));
    assert_eq!(line.sum.as_ref().unwrap().to_string(), "59.97");
    // The deal's value follows its products.
    let deal = c.deals().get(deal.id).unwrap();
    assert_eq!(deal.value, Some("59.97".parse().unwrap()));
    // A float is sent with its shortest digits; NaN is refused before any request.
    assert_eq!(Amount::try_from(0.1).unwrap().to_string(), "0.1");
    assert!(Amount::try_from(f64::NAN).is_err());
}

#[test]
fn a_lead_value_and_product_prices_are_amounts_with_a_currency() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let mut new = pipedrive::catalog::CreateProduct::new("Seat");
    new.prices = Some(vec![
        PriceInput::new("EUR", "120.50".parse::<Amount>().unwrap()).cost(80),
        PriceInput::new("USD", 130).notes("list price"),
    ]);
    let product = c.products().create(&new).unwrap();
    let prices = product.prices.as_ref().unwrap();
    let eur = prices.for_currency("EUR").unwrap();
    assert_eq!(eur.price, Some("120.5".parse().unwrap()));
    assert_eq!(eur.cost, Some(Amount::from(80)));
    assert_eq!(
        prices.for_currency("USD").unwrap().notes.as_deref(),
        Some("list price")
    );

    let org = c
        .organizations()
        .create(&pipedrive::contacts::CreateOrganization::new("Pine Foods"))
        .unwrap();
    let mut lead = CreateLead::new("Seats for the Tallinn office");
    lead.organization_id = Some(org.id);
    lead.value = Some(LeadValueInput::new(
        "2500.75".parse::<Amount>().unwrap(),
        "EUR",
    ));
    let lead = c.leads().create(&lead).unwrap();
    let value = lead.value.as_ref().unwrap();
    assert_eq!(value.amount, Some("2500.75".parse().unwrap()));
    assert_eq!(value.currency.as_deref(), Some("EUR"));
}

#[test]
fn money_with_a_currency_goes_out_with_exactly_its_digits() {
    let server = MockServer::start();
    let lead = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/leads")
            .body_includes(r#""value":{"amount":12345678901234567.80,"currency":"EUR"}"#);
        then.status(201)
            .header("content-type", "application/json")
            .body(r#"{"success":true,"data":{"id":"b1c2d3e4-0000-4000-8000-000000000001"}}"#);
    });
    let product = server.mock(|when, then| {
        when.method(POST)
            .path("/v1/products")
            .body_includes(r#""prices":[{"currency":"EUR","price":19.90,"overhead_cost":0.10}]"#);
        then.status(201)
            .header("content-type", "application/json")
            .body(r#"{"success":true,"data":{"id":1}}"#);
    });
    let c = client(&server.url("/v1"));
    let mut new = CreateLead::new("Big one");
    new.value = Some(LeadValueInput::new(
        "12345678901234567.80".parse::<Amount>().unwrap(),
        "EUR",
    ));
    c.leads().create(&new).unwrap();
    let mut new = pipedrive::catalog::CreateProduct::new("Seat");
    new.prices = Some(vec![
        PriceInput::new("EUR", "19.90".parse::<Amount>().unwrap())
            .overhead_cost("0.10".parse::<Amount>().unwrap()),
    ]);
    c.products().create(&new).unwrap();
    lead.assert();
    product.assert();
}

#[test]
fn an_amount_keeps_every_digit_the_server_sends() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/deals/1");
        then.status(200)
            .header("content-type", "application/json")
            .body(
                r#"{"success":true,"data":{"id":1,"value":12345678901234567.89,
                "weighted_value":"1234.50","acv":1e3,"arr":0.1,"mrr":1234.50}}"#,
            );
    });
    let deal = client(&server.url("/v1"))
        .deals()
        .get(pipedrive::types::DealId(1))
        .unwrap();
    let digits = |a: &Option<Amount>| a.as_ref().map(Amount::to_string);
    assert_eq!(digits(&deal.value).as_deref(), Some("12345678901234567.89"));
    assert_eq!(digits(&deal.weighted_value).as_deref(), Some("1234.50"));
    assert!(deal.weighted_value.as_ref().unwrap().is_text());
    assert_eq!(digits(&deal.acv).as_deref(), Some("1e3"));
    assert_eq!(deal.acv, Some(Amount::from(1000)));
    assert_eq!(digits(&deal.arr).as_deref(), Some("0.1"));
    assert_eq!(digits(&deal.mrr).as_deref(), Some("1234.50"));
    // Written back exactly as received.
    let out = serde_json::to_string(&deal).unwrap();
    assert!(out.contains(r#""value":12345678901234567.89"#), "{out}");
    assert!(out.contains(r#""weighted_value":"1234.50""#), "{out}");
    assert!(out.contains(r#""mrr":1234.50"#), "{out}");
}

#[test]
fn an_activity_takes_a_date_and_a_utc_time_of_day() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb.base_url());
    let due = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // 16:30 in Paris (UTC+2 on that day of the example) is 14:30 UTC.
    let paris = FixedOffset::east_opt(2 * 3600).unwrap();
    let at: TimeOfDay = "16:30+02:00".parse().unwrap();
    assert_eq!(
        at,
        TimeOfDay::from(NaiveTime::from_hms_opt(14, 30, 0).unwrap())
    );
    let activity = c
        .activities()
        .create(&CreateActivity {
            subject: Some("Kick-off".into()),
            due_date: Some(due.into()),
            due_time: Some(at),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(activity.due_date.get(), Some(due));
    assert_eq!(activity.due_time.get(), NaiveTime::from_hms_opt(14, 30, 0));
    assert_eq!(
        activity.due_time.as_ref().map(TimeOfDay::as_str),
        Some("14:30")
    );
    let added = activity.add_time.get().expect("the server stamps add_time");
    assert!(added > Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap());

    // A timestamp parameter given in another zone is sent in UTC.
    let stamp = Timestamp::from(paris.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap());
    assert_eq!(stamp.as_str(), "2026-05-01 07:00:00");
    let mut deal = CreateDeal::new("Backdated");
    deal.add_time = Some(stamp.clone());
    deal.expected_close_date = Some(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap().into());
    let deal = c.deals().create(&deal).unwrap();
    assert_eq!(deal.add_time, Some(stamp));
    assert_eq!(
        deal.expected_close_date.get(),
        NaiveDate::from_ymd_opt(2026, 6, 30)
    );
}

#[test]
fn text_in_the_wrong_format_is_refused_by_name_before_any_request() {
    // Through the operation table, as a binding calls it.
    let op = pipedrive::operations::operations()
        .iter()
        .find(|o| o.id == "activities.create")
        .unwrap();
    let mut args = pipedrive_transport::Args::new();
    args.push("subject", serde_json::json!("Call"));
    args.push("due_date", serde_json::json!("01/12/2026"));
    match op.request(args) {
        Err(Error::InvalidInput(m)) => {
            assert!(m.contains("`due_date` must be a date (YYYY-MM-DD)"), "{m}")
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let mut args = pipedrive_transport::Args::new();
    args.push("title", serde_json::json!("Deal"));
    args.push("add_time", serde_json::json!("2026-05-01T09:00:00"));
    match op_named("deals.create").request(args) {
        Err(Error::InvalidInput(m)) => assert!(m.contains("without a UTC offset"), "{m}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn op_named(id: &str) -> &'static pipedrive_transport::Operation {
    pipedrive::operations::operations()
        .iter()
        .find(|o| o.id == id)
        .unwrap()
}
