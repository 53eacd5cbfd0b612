//! Custom fields the way a user handles them: by name through the client's field
//! registry, typed values that print without JSON quotes, set and clear on requests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Custom fields by name resolve on v1 records and parameters; the v1 deal and person
// methods are deprecated by Pipedrive and exercised on purpose: they keep working.
#![allow(deprecated)]
use pipedrive::contacts::{CreatePerson, CreatePersonField, FieldType as PersonFieldType};
use pipedrive::sales::{CreateDeal, CreateDealField, FieldType, ListDeals, UpdateDeal};
use pipedrive::{Client, Config, CustomFieldsMut, CustomValue, Error};
use pipedrive_sandbox::Sandbox;

const TOKEN: &str = "custom-fields-token";

fn client(sb: &Sandbox) -> Client {
    Client::new(Config::with_api_token(TOKEN).base_url(sb.base_url())).unwrap()
}

/// Adds an `enum` deal field "Region" with three options, and a monetary "Budget".
fn add_deal_fields(c: &Client) {
    let mut region = CreateDealField::new("Region", FieldType::Enum);
    region.options = Some(vec!["EMEA".into(), "APAC".into(), "Americas".into()]);
    c.deal_fields().create(&region).unwrap();
    c.deal_fields()
        .create(&CreateDealField::new("Budget", FieldType::Monetary))
        .unwrap();
}

#[test]
fn write_read_and_clear_by_name() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    add_deal_fields(&c);
    let fields = c.custom_fields().unwrap();

    // Write by name on create: the option label becomes its id.
    let mut new = CreateDeal::new("Regional deal");
    fields.set(&mut new, "Region", "APAC").unwrap();
    fields
        .set(&mut new, "Budget", CustomValue::money(2500, "EUR"))
        .unwrap();
    let deal = c.deals().create(&new).unwrap();
    let id = deal.id;

    // Read by name: typed, labelled, printable.
    let deal = c.deals().get(id).unwrap();
    let region = fields.get(&deal, "Region").unwrap().unwrap();
    assert_eq!(region.to_string(), "APAC");
    assert_eq!(region.choices()[0].label.as_deref(), Some("APAC"));
    let budget = fields.get(&deal, "budget").unwrap().unwrap();
    assert_eq!(budget.amount().and_then(|a| a.to_f64()), Some(2500.0));
    assert_eq!(budget.currency(), Some("EUR"));

    // Update by name, then clear.
    let mut upd = UpdateDeal::default();
    fields.set(&mut upd, "Region", "emea").unwrap();
    let updated = c.deals().update(id, &upd).unwrap();
    assert_eq!(
        fields.get(&updated, "Region").unwrap().unwrap().to_string(),
        "EMEA"
    );

    let mut upd = UpdateDeal::default();
    fields.clear(&mut upd, "Region").unwrap();
    let cleared = c.deals().update(id, &upd).unwrap();
    assert_eq!(fields.get(&cleared, "Region").unwrap(), None);
    assert!(fields.get(&cleared, "Budget").unwrap().is_some());
}

#[test]
fn unknown_names_and_labels_are_invalid_input() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    add_deal_fields(&c);
    let fields = c.custom_fields().unwrap();
    let mut upd = UpdateDeal::default();

    let err: Error = fields.set(&mut upd, "Regoin", "EMEA").unwrap_err().into();
    assert!(
        matches!(&err, Error::InvalidInput(m) if m.contains("`Regoin`") && m.contains("Region")),
        "{err}"
    );
    let err: Error = fields.set(&mut upd, "Region", "Mars").unwrap_err().into();
    assert!(
        matches!(&err, Error::InvalidInput(m) if m.contains("EMEA, APAC, Americas")),
        "{err}"
    );
    let deal = c.deals().create(&CreateDeal::new("x")).unwrap();
    assert!(
        fields.get(&deal, "Title").is_err(),
        "built-in fields are not custom fields"
    );
    assert!(upd.extra.is_empty(), "nothing was set by the failed calls");
}

#[test]
fn export_prints_values_without_json_quotes() {
    let sb = Sandbox::builder().seed(7).seed_deals(5).start().unwrap();
    let c = client(&sb);
    let fields = c.custom_fields().unwrap();
    // The sandbox seeds two custom deal fields, filled on every deal.
    let mut csv = String::from("id,title,Lead source,Contract months\n");
    for deal in c.deals().list(&ListDeals::default()).take(3) {
        let deal = deal.unwrap();
        let source = fields.get(&deal, "Lead source").unwrap();
        let months = fields.get(&deal, "Contract months").unwrap();
        let text = |v: Option<CustomValue>| v.map(|v| v.to_string()).unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{}\n",
            deal.id.unwrap(),
            deal.title.unwrap_or_default(),
            text(source),
            text(months)
        ));
    }
    assert_eq!(csv.lines().count(), 4);
    assert!(!csv.contains('"'), "no JSON quotes in {csv}");
    // Every custom value of a deal by name, for a generic export.
    let first = c
        .deals()
        .list(&ListDeals::default())
        .next()
        .unwrap()
        .unwrap();
    let names: Vec<String> = fields.values(&first).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Lead source", "Contract months"]);
}

#[test]
fn set_and_clear_by_key_without_serde_json() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let field = c
        .person_fields()
        .create(&CreatePersonField::new("Tier", PersonFieldType::Varchar))
        .unwrap();
    let key = field.key.clone().unwrap();

    let mut new = CreatePerson::new("Ada");
    new.set_custom(&key, "gold");
    let person = c.persons().create(&new).unwrap();
    assert_eq!(person.custom(&key).unwrap().to_string(), "gold");

    let mut upd = pipedrive::contacts::UpdatePerson::default();
    upd.clear_custom(&key);
    let person = c.persons().update(person.id, &upd).unwrap();
    assert_eq!(person.custom(&key), None);
}

#[test]
fn refresh_sees_a_field_added_later() {
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    let before = c.custom_fields().unwrap();
    let deal = c.deals().create(&CreateDeal::new("Later")).unwrap();
    assert!(before.get(&deal, "Region").is_err());

    add_deal_fields(&c);
    // Kept until refreshed: the same registry comes back.
    assert!(c.custom_fields().unwrap().get(&deal, "Region").is_err());
    let after = c.refresh_custom_fields().unwrap();
    assert_eq!(after.get(&deal, "Region").unwrap(), None);
    // Clones share the kept registry.
    assert!(
        c.clone()
            .custom_fields()
            .unwrap()
            .field(pipedrive::FieldEntity::Deal, "Region")
            .is_ok()
    );
}

#[test]
fn amounts_are_exact_and_dates_are_chrono_by_name() {
    use pipedrive::types::Amount;
    use pipedrive::types::chrono::NaiveDate;
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    add_deal_fields(&c);
    c.deal_fields()
        .create(&CreateDealField::new("Kickoff", FieldType::Date))
        .unwrap();
    let fields = c.custom_fields().unwrap();

    let kickoff = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let mut new = CreateDeal::new("Dated deal");
    fields
        .set(
            &mut new,
            "Budget",
            CustomValue::money("1234.25".parse::<Amount>().unwrap(), "EUR"),
        )
        .unwrap();
    fields.set(&mut new, "Kickoff", kickoff).unwrap();
    let deal = c.deals().get(c.deals().create(&new).unwrap().id).unwrap();

    let budget = fields.get(&deal, "Budget").unwrap().unwrap();
    assert_eq!(budget.amount(), Some(&"1234.25".parse::<Amount>().unwrap()));
    assert_eq!(budget.to_string(), "1234.25 EUR");
    let read = fields.get(&deal, "Kickoff").unwrap().unwrap();
    assert_eq!(read.as_date(), Some(kickoff));
    assert_eq!(read.to_string(), "2026-05-01");

    // Text that is not a date is refused before any request, naming the field.
    let mut upd = UpdateDeal::default();
    let err = fields.set(&mut upd, "Kickoff", "next week").unwrap_err();
    assert_eq!(err.param(), "Kickoff");
}

/// API v2 keeps custom fields in one `custom_fields` object; by name, they read and
/// write like v1's, through the same registry: money is `{value, currency}` there.
#[test]
fn v2_monetary_and_option_fields_by_name() {
    use pipedrive::sales::v2::{CreateDeal as CreateDealV2, UpdateDeal as UpdateDealV2};
    let sb = Sandbox::start().unwrap();
    let c = client(&sb);
    add_deal_fields(&c);
    let fields = c.custom_fields().unwrap();

    let mut new = CreateDealV2::new("v2 regional deal");
    fields
        .set(
            &mut new,
            "Budget",
            CustomValue::money(
                "1250.75".parse::<pipedrive::types::Amount>().unwrap(),
                "EUR",
            ),
        )
        .unwrap();
    fields.set(&mut new, "Region", "APAC").unwrap();
    let made = c.v2().deals().create(&new).unwrap();
    let budget_key = fields
        .field(pipedrive::types::FieldEntity::Deal, "Budget")
        .unwrap();
    let budget_key = budget_key.key.clone().unwrap();
    // On the wire: one object, no companion keys.
    assert_eq!(
        made.custom_fields.as_ref().unwrap()[&budget_key],
        serde_json::json!({"value": 1250.75, "currency": "EUR"})
    );

    let deal = c.v2().deals().get(made.id, &Default::default()).unwrap();
    let budget = fields.get(&deal, "Budget").unwrap().unwrap();
    assert_eq!(budget.amount().unwrap().as_str(), "1250.75");
    assert_eq!(budget.currency(), Some("EUR"));
    assert_eq!(
        fields.get(&deal, "region").unwrap().unwrap().to_string(),
        "APAC"
    );
    // The same values through v1, as companion keys.
    let v1 = c.deals().get(pipedrive::types::DealId(made.id.0)).unwrap();
    assert_eq!(
        fields.get(&v1, "Budget").unwrap().unwrap().to_string(),
        "1250.75 EUR"
    );

    // PATCH by name: the money changes, the option is cleared, the title is left alone.
    let mut upd = UpdateDealV2::default();
    fields
        .set(&mut upd, "Budget", CustomValue::money(99, "USD"))
        .unwrap();
    fields.clear(&mut upd, "Region").unwrap();
    let updated = c.v2().deals().update(made.id, &upd).unwrap();
    assert_eq!(
        fields.get(&updated, "Budget").unwrap().unwrap().to_string(),
        "99 USD"
    );
    assert_eq!(fields.get(&updated, "Region").unwrap(), None);
    assert_eq!(updated.title.as_deref(), Some("v2 regional deal"));

    // Unknown names and labels fail before anything is sent.
    let mut bad = UpdateDealV2::default();
    let err = fields
        .set(&mut bad, "Region", "Mars")
        .unwrap_err()
        .to_string();
    assert!(err.contains("EMEA, APAC, Americas"), "{err}");
    let err = fields.set(&mut bad, "Budgte", 5).unwrap_err().to_string();
    assert!(err.contains("Budgte") && err.contains("Budget"), "{err}");
    assert_eq!(
        bad.custom_fields,
        pipedrive::types::Patch::Keep,
        "nothing written"
    );
}

fn json_reply(server: &httpmock::MockServer, path: &str, status: u16, body: &str) {
    server.mock(|when, then| {
        when.path(path);
        then.status(status)
            .header("content-type", "application/json")
            .body(body);
    });
}

/// Projects are an add-on: an account without it is refused `projectFields` (403), and
/// the field registry still loads, without project fields. Any other fields endpoint
/// failing fails the load.
#[test]
fn an_account_without_projects_keeps_its_other_fields() {
    const EMPTY: &str = r#"{"success":true,"data":[],"additional_data":{"pagination":{"more_items_in_collection":false}}}"#;
    const REGION: &str = r#"{"success":true,"data":[{"id":1,"key":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","name":"Region","field_type":"varchar"}],"additional_data":{"pagination":{"more_items_in_collection":false}}}"#;
    let server = httpmock::MockServer::start();
    json_reply(&server, "/dealFields", 200, REGION);
    for path in ["/personFields", "/organizationFields", "/productFields"] {
        json_reply(&server, path, 200, EMPTY);
    }
    json_reply(
        &server,
        "/projectFields",
        403,
        r#"{"success":false,"error":"Projects are not available on this plan","errorCode":403}"#,
    );
    json_reply(&server, "/activityFields", 200, EMPTY);
    let c = Client::new(
        Config::with_api_token(TOKEN)
            .base_url(server.base_url())
            .max_retries(0),
    )
    .unwrap();
    let fields = c.custom_fields().unwrap();
    assert!(
        fields
            .field(pipedrive::types::FieldEntity::Deal, "Region")
            .is_ok()
    );
    let err = fields
        .field(pipedrive::types::FieldEntity::Project, "Region")
        .unwrap_err()
        .to_string();
    assert!(err.contains("there are none"), "{err}");

    let failing = httpmock::MockServer::start();
    json_reply(&failing, "/dealFields", 200, REGION);
    json_reply(
        &failing,
        "/personFields",
        403,
        r#"{"success":false,"error":"no access","errorCode":403}"#,
    );
    let c = Client::new(
        Config::with_api_token(TOKEN)
            .base_url(failing.base_url())
            .max_retries(0),
    )
    .unwrap();
    let err = c.custom_fields().unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
}

/// Projects (v2 only) read and write their custom fields by name like deals: the
/// registry knows v2's project fields.
#[test]
fn a_project_field_by_name() {
    use pipedrive::projects::v2::{
        CreateProject, CreateProjectField, CreateProjectFieldFieldType, UpdateProject,
    };
    let sb = Sandbox::builder().seed(3).start().unwrap();
    let c = client(&sb);
    c.v2()
        .project_fields()
        .create(&CreateProjectField::new(
            "Rollout budget",
            CreateProjectFieldFieldType::Monetary,
        ))
        .unwrap();
    let fields = c.custom_fields().unwrap();
    let board = c.v2().boards().list().next().unwrap().unwrap();

    let mut new = CreateProject::new("Rollout");
    new.board_id = board.id;
    fields
        .set(&mut new, "Rollout budget", CustomValue::money(7000, "EUR"))
        .unwrap();
    let project = c.v2().projects().create(&new).unwrap();
    assert_eq!(
        fields
            .get(&project, "Rollout budget")
            .unwrap()
            .unwrap()
            .to_string(),
        "7000 EUR"
    );
    let mut upd = UpdateProject::default();
    fields.clear(&mut upd, "rollout budget").unwrap();
    let project = c.v2().projects().update(project.id, &upd).unwrap();
    assert_eq!(fields.get(&project, "Rollout budget").unwrap(), None);
    // A deal field's name is not a project field.
    add_deal_fields(&c);
    let fields = c.refresh_custom_fields().unwrap();
    let err = fields
        .set(&mut upd, "Region", "EMEA")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a custom project field"), "{err}");
}
