//! A realistic CRM workflow, printed as it goes.
//!
//! Without `PIPEDRIVE_API_TOKEN` it runs against the embedded sandbox (a stateful local
//! Pipedrive seeded with users, stages and deals); with it, against your Pipedrive
//! account, removing at the end what it created.
//!
//! ```sh
//! cargo run -p pipedrive --example crm_workflow
//! PIPEDRIVE_API_TOKEN=... cargo run -p pipedrive --example crm_workflow
//! ```
use pipedrive::catalog::CreateProduct;
use pipedrive::contacts::{CreateOrganization, CreatePerson, ListPersons};
use pipedrive::sales::{
    AddDealFollower, AddDealProduct, CreateActivity, CreateDeal, DealStatusFilter, DealStatusValue,
    DealsSummaryQuery, ListDeals, ListStages, SearchDeals, UpdateDeal,
};
use pipedrive::types::chrono::{NaiveDate, NaiveTime};
use pipedrive::types::{ContactInput, Deal, DealSummary, NumberField, Stage, StageId};
use pipedrive::{Client, Config};
use pipedrive_sandbox::Sandbox;
use std::collections::BTreeMap;
use std::error::Error;

type BoxResult<T> = Result<T, Box<dyn Error>>;

/// What the workflow created, so a real account can be cleaned up even after a failure.
#[derive(Default)]
struct Created {
    org: Option<pipedrive::types::OrganizationId>,
    person: Option<pipedrive::types::PersonId>,
    deal: Option<pipedrive::types::DealId>,
    activity: Option<pipedrive::types::ActivityId>,
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
    let outcome = workflow(&client, &mut created);
    if real {
        clean_up(&client, &created);
    }
    outcome?;
    println!("\nDone.");
    Ok(())
}

fn workflow(client: &Client, created: &mut Created) -> BoxResult<()> {
    let me = client.users().me()?;
    let my_id = me.id;
    println!(
        "\n✓ signed in as {} ({})",
        me.name.as_deref().unwrap_or("?"),
        me.company_name.as_deref().unwrap_or("unknown company")
    );

    // 1. An organization and a person working there.
    let org = client.organizations().create(&CreateOrganization::new(
        "Northwind Traders (pipedrive-rs demo)",
    ))?;
    created.org = Some(org.id);
    println!(
        "✓ created organization #{} {:?}",
        org.id,
        org.name.as_deref().unwrap_or("")
    );

    let mut person = CreatePerson::new("Ada Lovelace");
    person.org_id = Some(org.id);
    person.email = Some(vec![
        ContactInput::new("ada@northwind.example")
            .primary(true)
            .label("work"),
    ]);
    let person = client.persons().create(&person)?;
    created.person = Some(person.id);
    println!(
        "✓ created person #{} {:?} at that organization",
        person.id,
        person.name.as_deref().unwrap_or("")
    );

    // 2. A deal with a product and a follower.
    let mut deal = CreateDeal::new("Northwind: 40 annual licences");
    deal.value = Some(4000.into());
    deal.currency = Some("EUR".into());
    deal.person_id = Some(person.id);
    deal.org_id = Some(org.id);
    let deal = client.deals().create(&deal)?;
    let deal_id = deal.id;
    created.deal = Some(deal_id);
    println!(
        "✓ created deal #{deal_id} {:?} worth {}",
        title(&deal),
        amount(&deal)
    );

    let product = client
        .products()
        .create(&CreateProduct::new("Annual licence (pipedrive-rs demo)"))?;
    let product_id = product.id;
    let line = client
        .deals()
        .add_product(deal_id, &AddDealProduct::new(product_id, 100, 40))?;
    println!(
        "✓ attached 40 × {:?} at 100.00 (line total {})",
        product.name.as_deref().unwrap_or(""),
        line.sum
            .as_ref()
            .and_then(|s| s.to_f64())
            .map_or("?".into(), |s| format!("{s:.2}"))
    );

    let already = client
        .deals()
        .list_followers(deal_id)
        .filter_map(Result::ok)
        .any(|f| f.user_id == Some(my_id));
    if !already {
        client
            .deals()
            .add_follower(deal_id, &AddDealFollower::new(my_id))?;
    }
    println!("✓ {} follows the deal", me.name.as_deref().unwrap_or("you"));

    // 3. Schedule the next step.
    let activity = client.activities().create(&CreateActivity {
        subject: Some("Walk Ada through the licence terms".into()),
        r#type: Some("call".into()),
        due_date: NaiveDate::from_ymd_opt(2026, 12, 1).map(Into::into),
        due_time: NaiveTime::from_hms_opt(10, 0, 0).map(Into::into), // UTC
        duration: Some("00:30".into()),
        deal_id: Some(deal_id),
        person_id: Some(person.id),
        org_id: Some(org.id),
        ..Default::default()
    })?;
    created.activity = Some(activity.id);
    println!(
        "✓ scheduled a call on {} at {}: {:?}",
        activity.due_date.as_ref().map_or("?", |d| d.as_str()),
        activity.due_time.as_ref().map_or("?", |t| t.as_str()),
        activity.subject.as_deref().unwrap_or("")
    );

    // 4. Move the deal through the stages of its pipeline.
    let current = client.deals().get(deal_id)?;
    let pipeline = current.pipeline_id;
    let mut stages: Vec<Stage> = client
        .stages()
        .list(&ListStages {
            pipeline_id: pipeline,
        })
        .collect::<Result<_, _>>()?;
    stages.sort_by_key(|s| s.order_nr.as_u64().unwrap_or(0));
    let start = stages
        .iter()
        .position(|s| s.id == current.stage_id)
        .unwrap_or(0);
    for stage in stages.iter().skip(start + 1).take(2) {
        let moved = client.deals().update(
            deal_id,
            &UpdateDeal {
                stage_id: stage.id,
                ..Default::default()
            },
        )?;
        println!(
            "✓ moved the deal to stage {:?}",
            stage.name.as_deref().unwrap_or("?")
        );
        debug_assert_eq!(moved.stage_id, stage.id);
    }

    // 5. Find it again by searching.
    let hits: Vec<_> = client
        .deals()
        .search(&SearchDeals::new("Northwind"))
        .take(5)
        .collect::<Result<_, _>>()?;
    println!("✓ searching \"Northwind\" finds {} deal(s):", hits.len());
    for hit in &hits {
        println!(
            "    #{} {:?} (score {:.2})",
            show(hit.item.id),
            hit.item.title.as_deref().unwrap_or(""),
            hit.result_score
                .as_ref()
                .and_then(|s| s.as_f64())
                .unwrap_or(0.0)
        );
    }

    // 6. List everything, page by page.
    let mut pages = 0;
    let mut deals = 0;
    // Open deals per stage: (count, value per currency).
    let mut by_stage = BTreeMap::<Option<StageId>, (usize, BTreeMap<String, f64>)>::new();
    let open_only = ListDeals {
        status: Some(DealStatusFilter::Open),
        limit: Some(25),
        ..Default::default()
    };
    for page in client.deals().list(&open_only).pages().take(40) {
        let page = page?;
        pages += 1;
        deals += page.items.len();
        for d in &page.items {
            let entry = by_stage.entry(d.stage_id).or_default();
            entry.0 += 1;
            *entry
                .1
                .entry(d.currency.clone().unwrap_or_default())
                .or_default() += d.value.as_ref().and_then(|v| v.to_f64()).unwrap_or(0.0);
        }
    }
    let persons = client
        .persons()
        .list(&ListPersons {
            limit: Some(100),
            ..Default::default()
        })
        .take(2000)
        .count();
    println!("✓ listed {deals} open deal(s) in {pages} page(s) and {persons} person(s)");

    // 7. Close it.
    let won = client.deals().update(
        deal_id,
        &UpdateDeal {
            status: Some(DealStatusValue::Won),
            ..Default::default()
        },
    )?;
    println!(
        "✓ marked deal #{deal_id} as {}",
        won.status.as_ref().map_or("?", |s| s.as_str())
    );

    // 8. Pipeline summary.
    let summary = client.deals().summary(&DealsSummaryQuery::default())?;
    println!(
        "\nPipeline summary ({} deal(s)):",
        summary.total_count.as_u64().unwrap_or(0)
    );
    print_totals(&summary);
    println!("Open deals by stage (from the listing):");
    let all_stages: Vec<Stage> = client
        .stages()
        .list(&ListStages::new())
        .collect::<Result<_, _>>()?;
    for (stage, (count, values)) in &by_stage {
        let name = all_stages
            .iter()
            .find(|s| s.id == *stage)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| "(no stage)".into());
        let money: Vec<String> = values.iter().map(|(c, v)| format!("{v:.2} {c}")).collect();
        println!("    {name:<22} {count:>4} deal(s)  {}", money.join(", "));
    }
    Ok(())
}

fn print_totals(summary: &DealSummary) {
    if let Some(totals) = &summary.values_total {
        for (currency, total) in totals {
            println!(
                "    {currency:>4} {:>14.2} in {} deal(s)",
                total.value.as_ref().and_then(|v| v.to_f64()).unwrap_or(0.0),
                total.count.as_u64().unwrap_or(0)
            );
        }
    }
}

/// Removes what the workflow created on a real account; reports but does not stop on errors.
fn clean_up(client: &Client, created: &Created) {
    println!("\nCleaning up:");
    let report = |what: &str, result: pipedrive::Result<()>| match result {
        Ok(()) => println!("✓ deleted {what}"),
        Err(e) => println!("✗ could not delete {what}: {e}"),
    };
    if let Some(id) = created.activity {
        report("the activity", client.activities().delete(id).map(|_| ()));
    }
    if let Some(id) = created.deal {
        report("the deal", client.deals().delete(id).map(|_| ()));
    }
    if let Some(id) = created.person {
        report("the person", client.persons().delete(id).map(|_| ()));
    }
    if let Some(id) = created.org {
        report(
            "the organization",
            client.organizations().delete(id).map(|_| ()),
        );
    }
    println!("  (the demo product stays: the v1 reference has no product delete)");
}

fn show<T: std::fmt::Display>(id: Option<T>) -> String {
    id.map_or_else(|| "?".into(), |i| i.to_string())
}

fn title(deal: &Deal) -> &str {
    deal.title.as_deref().unwrap_or("")
}

fn amount(deal: &Deal) -> String {
    let value = deal.value.as_ref().and_then(|v| v.to_f64()).unwrap_or(0.0);
    format!("{value:.2} {}", deal.currency.as_deref().unwrap_or(""))
}
