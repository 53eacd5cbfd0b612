//! A realistic CRM workflow on Pipedrive's API v2, printed as it goes.
//!
//! Since 2026-08 Pipedrive serves deals, persons, organizations, products, activities,
//! pipelines and stages only through API v2, so the workflow reaches them through
//! `client.v2()`: create, read, PATCH (`Patch::Clear` empties a field, a field left at
//! `Patch::Keep` is not sent and stays as it is), lists by cursor, search, deal products
//! and followers. It uses v1 only where v2 has no endpoint: the signed-in user, leads
//! (created in v1, converted to a deal in v2) and files.
//!
//! Without `PIPEDRIVE_API_TOKEN` it runs against the embedded sandbox (a stateful local
//! Pipedrive seeded with users, stages, deals and two custom deal fields); with it,
//! against your Pipedrive account, removing at the end what it created.
//!
//! ```sh
//! cargo run -p pipedrive --example crm_workflow
//! PIPEDRIVE_API_TOKEN=... cargo run -p pipedrive --example crm_workflow
//! ```
use pipedrive::catalog::v2::CreateProduct;
use pipedrive::contacts::v2::{
    CreateOrganization, CreatePerson, ListPersons, SearchOrganizations, SearchPersons,
    SearchPersonsFields,
};
use pipedrive::files::UploadFile;
use pipedrive::sales::CreateLead;
use pipedrive::sales::v2::{
    AddDealFollower, AddDealProduct, AddDealProductDiscountType, ConvertLeadToDeal, CreateActivity,
    GetDeal, ListDealFollowers, ListDealProducts, ListDeals, ListDealsStatus, ListStages,
    SearchDeals, UpdateActivity, UpdateDeal, UpdateDealProduct,
};
use pipedrive::types::chrono::{NaiveDate, NaiveTime};
use pipedrive::types::{
    ActivityId, Amount, ContactInput, ConversionId, DealId, FieldEntity, FieldRegistry, FileId,
    LeadId, LeadValueInput, NumberField, OrganizationId, Patch, PersonId, PriceInput, ProductId,
    StageId, v2,
};
use pipedrive::{Client, Config, Upload};
use pipedrive_sandbox::Sandbox;
use std::collections::BTreeMap;
use std::error::Error;

type BoxResult<T> = Result<T, Box<dyn Error>>;

const ORG_NAME: &str = "Northwind Traders (pipedrive-rs demo)";
const EMAIL: &str = "ada@northwind.example";

/// What the workflow created, so a real account can be cleaned up even after a failure.
#[derive(Default)]
struct Created {
    org: Option<OrganizationId>,
    person: Option<PersonId>,
    lead: Option<LeadId>,
    deal: Option<DealId>,
    product: Option<ProductId>,
    activity: Option<ActivityId>,
    file: Option<FileId>,
}

fn main() -> BoxResult<()> {
    // Keep the sandbox alive for the whole run when there is no real account.
    let (client, _sandbox, real) = match std::env::var("PIPEDRIVE_API_TOKEN") {
        Ok(token) if !token.trim().is_empty() => {
            println!("Using your Pipedrive account (PIPEDRIVE_API_TOKEN is set).");
            (Client::from_env()?, None, true)
        }
        _ => {
            let sandbox = Sandbox::with_seed(42)?;
            println!(
                "Using the embedded sandbox at {} (set PIPEDRIVE_API_TOKEN to use your account).",
                sandbox.base_url()
            );
            let client =
                Client::new(Config::with_api_token("sandbox-demo").base_url(sandbox.base_url()))?;
            (client, Some(sandbox), false)
        }
    };
    let mut created = Created::default();
    let outcome = workflow(&client, &mut created, real);
    if real {
        clean_up(&client, &created);
    }
    outcome?;
    println!("\nDone.");
    Ok(())
}

fn workflow(client: &Client, created: &mut Created, real: bool) -> BoxResult<()> {
    let v2 = client.v2();
    // v1: the signed-in user has no v2 endpoint.
    let me = client.users().me()?;
    let my_name = me.name.clone().unwrap_or_else(|| "you".into());
    println!(
        "\n✓ signed in as {my_name} ({}) [v1 users]",
        me.company_name.as_deref().unwrap_or("unknown company")
    );

    // An enquiry comes in: find the organization and the person, or create them.
    println!("\n1. Contacts (v2): find or create by search");
    let by_name = SearchOrganizations {
        exact_match: Some(true),
        ..SearchOrganizations::new(ORG_NAME)
    };
    let found = v2.organizations().search(&by_name).first()?;
    let org_id = match found.and_then(|hit| hit.id) {
        Some(id) => {
            println!("✓ found organization #{id} {ORG_NAME:?}");
            id
        }
        None => {
            let org = v2.organizations().create(&CreateOrganization {
                website: Some("https://northwind.example".into()),
                ..CreateOrganization::new(ORG_NAME)
            })?;
            created.org = Some(org.id);
            println!("✓ no organization named {ORG_NAME:?}: created #{}", org.id);
            org.id
        }
    };

    let by_email = SearchPersons {
        fields: Some(SearchPersonsFields::Email),
        exact_match: Some(true),
        ..SearchPersons::new(EMAIL)
    };
    let found = v2.persons().search(&by_email).first()?;
    let person_id = match found.and_then(|hit| hit.id) {
        Some(id) => {
            println!("✓ found person #{id} by e-mail {EMAIL}");
            id
        }
        None => {
            // An address goes out as v2's {value, primary, label}.
            let person = v2.persons().create(&CreatePerson {
                name: Some("Ada Lovelace".into()),
                org_id: Some(org_id),
                job_title: Some("Head of Procurement".into()),
                emails: Some(vec![ContactInput::new(EMAIL).primary(true).label("work")]),
                ..Default::default()
            })?;
            created.person = Some(person.id);
            let email = person
                .emails
                .iter()
                .flatten()
                .find_map(|e| e.value.as_deref());
            println!(
                "✓ created person #{} {:?} <{}>, org_id {} (v2 references are plain ids)",
                person.id,
                title_of(&person.name),
                email.unwrap_or(""),
                show(person.org_id)
            );
            person.id
        }
    };

    // Qualify the enquiry: a lead first, then a deal.
    println!("\n2. Lead (v1 CRUD) converted to a deal (v2)");
    // Leads have no create/update/delete in v2 yet: v1 it is.
    let lead = client.leads().create(&CreateLead {
        person_id: Some(person_id),
        organization_id: Some(org_id),
        value: Some(LeadValueInput::new(4000, "EUR")),
        ..CreateLead::new("Northwind: 40 annual licences")
    })?;
    created.lead = Some(lead.id.clone());
    println!("✓ logged lead {} {:?} [v1]", lead.id, title_of(&lead.title));

    let job = v2
        .leads()
        .convert_to_deal(&lead.id, &ConvertLeadToDeal::new())?;
    let job_id = ConversionId::from(job.conversion_id.clone().unwrap_or_default());
    let deal_id = wait_for_conversion(client, &lead.id, &job_id, real)?;
    created.lead = None; // the conversion removed the lead
    created.deal = Some(deal_id);
    let deal = v2.deals().get(deal_id, &GetDeal::new())?;
    println!(
        "✓ converted it into deal #{deal_id} {:?} worth {} in stage {}",
        title_of(&deal.title),
        money(&deal),
        show(deal.stage_id)
    );

    // PATCH: set what is known, then clear what is no longer true.
    println!("\n3. Deal updates (v2 PATCH) and custom fields");
    let close_date = NaiveDate::from_ymd_opt(2026, 12, 15).ok_or("bad date")?;
    // Custom fields by the names users see: the client's field registry turns them into
    // v2's `custom_fields` object (an option's label into its id). A field this account
    // lacks is skipped.
    let fields = client.custom_fields()?;
    let mut upd = UpdateDeal {
        probability: Patch::Set(60.0),
        expected_close_date: Patch::Set(close_date.into()),
        ..Default::default()
    };
    if has_deal_field(&fields, "Lead source") {
        fields.set(&mut upd, "Lead source", "Webinar")?;
    }
    if has_deal_field(&fields, "Contract months") {
        fields.set(&mut upd, "Contract months", 12)?;
    }
    let deal = v2.deals().update(deal_id, &upd)?;
    println!(
        "✓ set probability {}%, expected close {}",
        show(deal.probability.as_f64()),
        show(deal.expected_close_date.as_ref())
    );
    print_custom_fields(&fields, &deal);

    // Ada says the date slips and the contract length is open again: clear both with
    // null. The title, value and source stay: a field not named in a PATCH is left alone.
    let mut upd = UpdateDeal {
        expected_close_date: Patch::Clear,
        probability: Patch::Clear,
        ..Default::default()
    };
    if has_deal_field(&fields, "Contract months") {
        fields.clear(&mut upd, "Contract months")?;
    }
    let deal = v2.deals().update(deal_id, &upd)?;
    println!(
        "✓ cleared expected close ({}) and probability ({}) with Patch::Clear; title still {:?}, value {}",
        show(deal.expected_close_date.as_ref()),
        show(deal.probability.as_f64()),
        title_of(&deal.title),
        money(&deal)
    );
    print_custom_fields(&fields, &deal);

    println!("\n4. Products on the deal, and followers (v2)");
    let product = v2.products().create(&CreateProduct {
        code: Some("NW-LIC-1Y".into()),
        unit: Some("licence".into()),
        prices: Some(vec![PriceInput::new("EUR", 100)]),
        ..CreateProduct::new("Annual licence (pipedrive-rs demo)")
    })?;
    created.product = Some(product.id);
    println!(
        "✓ created product #{} {:?} at 100.00 EUR",
        product.id,
        title_of(&product.name)
    );
    let line = v2.deals().add_product(
        deal_id,
        &AddDealProduct {
            discount: Some(Amount::from(10)),
            discount_type: Some(AddDealProductDiscountType::Percentage),
            ..AddDealProduct::new(product.id, Amount::from(100), Amount::from(40))
        },
    )?;
    println!(
        "✓ attached 40 × {:?} at 100.00 with 10% off: line total {}",
        title_of(&product.name),
        amount(line.sum.as_f64())
    );
    let attachment = line.id;
    let line = v2.deals().update_product(
        deal_id,
        attachment,
        &UpdateDealProduct {
            quantity: Patch::Set(Amount::from(45)),
            comments: Patch::Set("5 extra seats for the Oslo office".into()),
            ..Default::default()
        },
    )?;
    println!(
        "✓ PATCHed the line to {} licences: line total {}",
        show(line.quantity.as_f64()),
        amount(line.sum.as_f64())
    );
    let lines = v2
        .deals()
        .list_products(deal_id, &ListDealProducts::new())
        .collect::<Result<Vec<_>, _>>()?;
    let count = lines.len();
    println!("✓ the deal has {count} product line(s)");

    // Follow it (v2 followers).
    let mut followers = v2
        .deals()
        .list_followers(deal_id, &ListDealFollowers::new());
    if !followers.any(|f| f.is_ok_and(|f| f.user_id == Some(me.id))) {
        v2.deals()
            .add_follower(deal_id, &AddDealFollower::new(me.id))?;
    }
    println!("✓ {my_name} follows the deal");

    println!("\n5. Activity (v2)");
    let due = NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("bad date")?;
    let activity = v2.activities().create(&CreateActivity {
        subject: Some("Walk Ada through the licence terms".into()),
        r#type: Some("call".into()),
        due_date: Some(due.into()),
        due_time: NaiveTime::from_hms_opt(10, 0, 0).map(Into::into), // UTC
        duration: Some("00:30".into()),
        deal_id: Some(deal_id),
        person_id: Some(person_id),
        org_id: Some(org_id),
        note: Some("Bring the volume price list.".into()),
        ..Default::default()
    })?;
    created.activity = Some(activity.id);
    println!(
        "✓ scheduled a call on {} at {} UTC: {:?}",
        show(activity.due_date.as_ref()),
        show(activity.due_time.as_ref()),
        title_of(&activity.subject)
    );

    println!("\n6. Stages (v2) and moving the deal");
    let mut stages: Vec<v2::Stage> = v2
        .stages()
        .list(&ListStages {
            pipeline_id: deal.pipeline_id,
            ..Default::default()
        })
        .collect::<Result<_, _>>()?;
    stages.sort_by_key(|s| s.order_nr.as_u64().unwrap_or(0));
    let names: Vec<&str> = stages.iter().filter_map(|s| s.name.as_deref()).collect();
    println!(
        "✓ pipeline {} has {} stage(s): {}",
        show(deal.pipeline_id),
        stages.len(),
        names.join(" → ")
    );
    let start = stages
        .iter()
        .position(|s| s.id == deal.stage_id)
        .unwrap_or(0);
    for stage in stages.iter().skip(start + 1).take(2) {
        let moved = v2.deals().update(
            deal_id,
            &UpdateDeal {
                stage_id: stage.id.into(),
                ..Default::default()
            },
        )?;
        println!(
            "✓ moved the deal to stage {:?} (stage changed at {})",
            title_of(&stage.name),
            show(moved.stage_change_time.as_ref())
        );
    }
    let done = v2.activities().update(
        activity.id,
        &UpdateActivity {
            done: Patch::Set(true),
            ..Default::default()
        },
    )?;
    println!(
        "✓ the call happened: activity #{} done = {}",
        done.id,
        done.done.unwrap_or(false)
    );

    println!("\n7. Files (v1)");
    let quote = format!("Quote for {ORG_NAME}\n45 × Annual licence at 100.00 EUR, 10% off\n");
    let file = client.files().upload(&UploadFile {
        deal_id: Some(deal_id),
        ..UploadFile::new(
            Upload::bytes("northwind-quote.txt", quote.into_bytes()).mime("text/plain"),
        )
    })?;
    created.file = Some(file.id);
    println!(
        "✓ attached {:?} ({} bytes) to the deal [v1 files]",
        title_of(&file.name),
        show(file.file_size.as_u64())
    );

    println!("\n8. Search and lists by cursor (v2)");
    let hits: Vec<_> = v2
        .deals()
        .search(&SearchDeals::new("Northwind"))
        .take(5)
        .collect::<Result<_, _>>()?;
    println!("✓ searching \"Northwind\" finds {} deal(s):", hits.len());
    for hit in &hits {
        println!(
            "    #{} {:?} (score {:.2})",
            show(hit.item.id),
            title_of(&hit.item.title),
            hit.result_score.as_f64().unwrap_or(0.0)
        );
    }

    // Every open deal, 25 per page: each page's `additional_data.next_cursor` asks for
    // the next one, fetched only when the walk reaches it.
    let mut pages = 0;
    let mut deals = 0;
    let mut by_stage = BTreeMap::<Option<StageId>, (usize, BTreeMap<String, f64>)>::new();
    let open = ListDeals {
        status: Some(ListDealsStatus::Open),
        limit: Some(25),
        ..Default::default()
    };
    for page in v2.deals().list(&open).pages().take(40) {
        let page = page?;
        pages += 1;
        deals += page.items.len();
        for d in &page.items {
            let entry = by_stage.entry(d.stage_id).or_default();
            entry.0 += 1;
            *entry
                .1
                .entry(d.currency.clone().unwrap_or_default())
                .or_default() += d.value.as_f64().unwrap_or(0.0);
        }
    }
    let at_northwind = v2
        .persons()
        .list(&ListPersons {
            org_id: Some(org_id),
            ..Default::default()
        })
        .take(100)
        .count();
    println!(
        "✓ listed {deals} open deal(s) in {pages} cursor page(s); {at_northwind} person(s) at Northwind"
    );

    println!("\n9. Won, and what errors look like");
    let won = v2.deals().update(
        deal_id,
        &UpdateDeal {
            status: "won".to_owned().into(),
            ..Default::default()
        },
    )?;
    println!(
        "✓ marked deal #{deal_id} as {} at {} (v2 times are RFC 3339, UTC)",
        won.status.as_deref().unwrap_or("?"),
        show(won.won_time.as_ref())
    );

    // Errors come back as one typed error whatever the API version.
    let missing = v2.deals().get(DealId(987_654_321), &GetDeal::new());
    print_error("reading deal #987654321", missing);
    let bad_stage = UpdateDeal {
        stage_id: StageId(987_654_321).into(),
        ..Default::default()
    };
    print_error(
        "moving the deal to stage #987654321",
        v2.deals().update(deal_id, &bad_stage),
    );

    println!("\nOpen deals by stage (from the v2 listing):");
    for (stage, (count, values)) in &by_stage {
        let name = stages
            .iter()
            .find(|s| s.id == *stage)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| format!("(stage {})", show(*stage)));
        let money: Vec<String> = values.iter().map(|(c, v)| format!("{v:.2} {c}")).collect();
        println!("    {name:<22} {count:>4} deal(s)  {}", money.join(", "));
    }
    Ok(())
}

/// Waits for a lead-to-deal conversion job (at once on the sandbox; a few seconds at
/// most on a real account) and answers the new deal's id.
fn wait_for_conversion(
    client: &Client,
    lead: &LeadId,
    job: &ConversionId,
    real: bool,
) -> BoxResult<DealId> {
    for _ in 0..20 {
        let status = client.v2().leads().conversion_status(lead, job)?;
        match (status.status.as_deref(), status.deal_id) {
            (Some("completed"), Some(deal)) => return Ok(deal),
            (Some("failed" | "rejected"), _) => return Err("the lead conversion failed".into()),
            _ if real => std::thread::sleep(std::time::Duration::from_millis(500)),
            _ => {}
        }
    }
    Err("the lead conversion did not finish in 10 s".into())
}

/// Whether the account has the custom deal field `name` (a real account may not).
fn has_deal_field(fields: &FieldRegistry, name: &str) -> bool {
    let known = fields.field(FieldEntity::Deal, name).is_ok();
    if !known {
        println!("  (no custom deal field {name:?} on this account: not set)");
    }
    known
}

/// The demo's custom fields of a deal, read by name: typed, printed as a person reads
/// them (an option by its label).
fn print_custom_fields(fields: &FieldRegistry, deal: &v2::Deal) {
    for name in ["Lead source", "Contract months"] {
        match fields.get(deal, name) {
            Ok(Some(value)) => println!("    custom field {name:?} = {value}"),
            Ok(None) => println!("    custom field {name:?} = (empty)"),
            Err(_) => {} // not on this account: said when it was set
        }
    }
}

fn print_error<T>(what: &str, result: pipedrive::Result<T>) {
    match result {
        Err(e) => println!(
            "✓ {what}: {} (HTTP {}, {:?})",
            e.class(),
            show(e.status()),
            e.error_text().unwrap_or("")
        ),
        Ok(_) => println!("? {what}: accepted"),
    }
}

/// Removes what the workflow created on a real account; reports but does not stop on errors.
fn clean_up(client: &Client, created: &Created) {
    println!("\nCleaning up:");
    fn report<T>(what: &str, result: pipedrive::Result<T>) {
        match result {
            Ok(_) => println!("✓ deleted {what}"),
            Err(e) => println!("✗ could not delete {what}: {e}"),
        }
    }
    let v2 = client.v2();
    if let Some(id) = created.file {
        report("the file (v1)", client.files().delete(id));
    }
    if let Some(id) = created.activity {
        report("the activity", v2.activities().delete(id));
    }
    if let Some(id) = created.deal {
        report("the deal", v2.deals().delete(id));
    }
    if let Some(id) = &created.lead {
        report("the lead (v1)", client.leads().delete(id));
    }
    if let Some(id) = created.product {
        report("the product", v2.products().delete(id));
    }
    if let Some(id) = created.person {
        report("the person", v2.persons().delete(id));
    }
    if let Some(id) = created.org {
        report("the organization", v2.organizations().delete(id));
    }
}

/// A value, `-` when absent (or emptied).
fn show<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".into(), |v| v.to_string())
}

fn title_of(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("")
}

fn amount(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.2}"))
}

fn money(deal: &v2::Deal) -> String {
    let currency = deal.currency.as_deref().unwrap_or("");
    format!("{} {currency}", amount(deal.value.as_f64()))
}
