//! A Deals workflow from start to finish: create, read, update, follow, list page by page,
//! win, summarise, delete, and the typed error for a deal that is not there.
//!
//! ```sh
//! cargo run -p pipedrive --example crm_workflow            # against a local stand-in server
//! PIPEDRIVE_API_TOKEN=... cargo run -p pipedrive --example crm_workflow   # your account
//! ```
//!
//! With `PIPEDRIVE_API_TOKEN` set it talks to the real API and deletes the deals it created
//! before exiting, whether the workflow succeeded or not. Without it, it starts a small
//! stateful stand-in for the Deals endpoints on `127.0.0.1` (see the `stand_in` module
//! below) and points the client at it with `Config::base_url`.
use pipedrive::sales::{
    AddDealFollower, CreateDeal, DealStatusValue, DealsSummaryQuery, ListDeals, ListStages,
    UpdateDeal,
};
use pipedrive::types::{Deal, DealId, StageId, UserId};
use pipedrive::{Client, Config, Error};
use std::collections::BTreeSet;

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Against the real API an account may hold thousands of deals; with a page size of 1 the
/// listing stops after this many pages.
const MAX_PAGES_SHOWN: usize = 10;

fn main() -> BoxResult<()> {
    let real_api = std::env::var("PIPEDRIVE_API_TOKEN").is_ok_and(|t| !t.trim().is_empty());
    let client = if real_api {
        println!(
            "Using the Pipedrive API (PIPEDRIVE_API_TOKEN is set); the deals created here are deleted at the end."
        );
        Client::from_env()?
    } else {
        let token = "demo-api-token";
        let addr = stand_in::start(token)?;
        let base_url = format!("http://{addr}/v1");
        println!(
            "Using a local stand-in server at {base_url} (set PIPEDRIVE_API_TOKEN to use your account)."
        );
        Client::new(Config::with_api_token(token).base_url(base_url))?
    };
    println!();

    // Every deal created is recorded here and deleted at the end unless the workflow
    // already deleted it, so a failed step never leaves test deals in a real account.
    let mut created = BTreeSet::new();
    let outcome = workflow(&client, &mut created);
    let cleanup = clean_up(&client, &created);
    outcome?;
    cleanup?;
    println!();
    println!("Done.");
    Ok(())
}

fn workflow(client: &Client, created: &mut BTreeSet<DealId>) -> BoxResult<()> {
    let deals = client.deals();

    // 1. Create two deals, one with a value and currency.
    let mut licences = CreateDeal::new("Forty licences");
    licences.value = Some("4000".into());
    licences.currency = Some("EUR".into());
    let licences = deals.create(&licences)?;
    let licences_id = id_of(&licences)?;
    created.insert(licences_id);
    println!(
        "✓ created deal #{licences_id} {:?} ({})",
        title(&licences),
        amount(&licences)
    );

    let renewal = deals.create(&CreateDeal::new("Support renewal"))?;
    let renewal_id = id_of(&renewal)?;
    created.insert(renewal_id);
    println!(
        "✓ created deal #{renewal_id} {:?} ({})",
        title(&renewal),
        amount(&renewal)
    );

    // 2. Fetch one.
    let fetched = deals.get(licences_id)?;
    println!(
        "✓ fetched deal #{licences_id} {:?}: {}, {}, stage {}, owner {}",
        title(&fetched),
        status(&fetched),
        amount(&fetched),
        stage(&fetched).map_or_else(|| "?".to_owned(), |s| format!("#{s}")),
        owner_name(&fetched),
    );

    // 3. Rename it and move it to the next stage of its pipeline.
    let next_stage = next_stage(client, &fetched)?;
    let update = UpdateDeal {
        title: Some("Forty licences (signed quote)".into()),
        stage_id: next_stage.as_ref().map(|(id, _)| *id),
        ..Default::default()
    };
    let updated = deals.update(licences_id, &update)?;
    match &next_stage {
        Some((id, name)) => println!(
            "✓ renamed deal #{licences_id} to {:?} and moved it to stage #{id} {name:?}",
            title(&updated)
        ),
        None => println!(
            "✓ renamed deal #{licences_id} to {:?} (its pipeline has no other stage to move to)",
            title(&updated)
        ),
    }

    // 4. Followers: make the owner follow the deal (Pipedrive may already have done so),
    //    then list who follows it.
    if let Some(owner) = owner(&updated) {
        let following = deals
            .list_followers(licences_id)
            .collect::<Result<Vec<_>, Error>>()?;
        if following.iter().any(|f| follower_user(f) == Some(owner)) {
            println!("✓ user #{owner} already follows deal #{licences_id}");
        } else {
            let follower = deals.add_follower(licences_id, &AddDealFollower::new(owner))?;
            println!(
                "✓ user #{owner} now follows deal #{licences_id} (follower #{})",
                follower_id(&follower)
            );
        }
    } else {
        println!("· deal #{licences_id} has no owner to add as a follower");
    }
    let followers = deals
        .list_followers(licences_id)
        .collect::<Result<Vec<_>, Error>>()?;
    let names: Vec<String> = followers
        .iter()
        .map(|f| {
            let user = follower_user(f).map_or_else(|| "?".to_owned(), |u| u.to_string());
            match &f.add_time {
                Some(since) => format!("user #{user} (since {since})"),
                None => format!("user #{user}"),
            }
        })
        .collect();
    println!(
        "✓ deal #{licences_id} has {} follower(s): {}",
        followers.len(),
        names.join(", ")
    );

    // 5. List every deal, one per page so the pagination is visible.
    println!("✓ listing deals, page size 1:");
    let one_per_page = ListDeals {
        limit: Some(1),
        ..Default::default()
    };
    let mut pages = 0;
    for page in deals.list(&one_per_page).pages() {
        let page = page?;
        pages += 1;
        let pagination = page
            .additional_data
            .as_ref()
            .and_then(|a| a.pagination.as_ref());
        let start = pagination.and_then(|p| p.start).unwrap_or(0);
        let more = pagination.is_some_and(|p| p.more_items_in_collection == Some(true));
        for deal in &page.items {
            println!(
                "    page {pages} (start {start}): deal #{} {:?}, {}, {}{}",
                deal_number(deal),
                title(deal),
                status(deal),
                amount(deal),
                if more { "  → more" } else { "  (last page)" }
            );
        }
        if pages == MAX_PAGES_SHOWN && more {
            println!("    … stopping after {MAX_PAGES_SHOWN} pages");
            break;
        }
    }

    // 6. Win the first deal.
    let won = UpdateDeal {
        status: Some(DealStatusValue::Won),
        ..Default::default()
    };
    let won = deals.update(licences_id, &won)?;
    println!(
        "✓ marked deal #{licences_id} {:?} as {}",
        title(&won),
        status(&won)
    );

    // 7. Totals per currency.
    let summary = deals.summary(&DealsSummaryQuery::default())?;
    println!("✓ summary: {}", describe_summary(&summary));

    // 8. Delete the second deal, then show the typed error for a missing deal.
    let deleted = deals.delete(renewal_id)?;
    created.remove(&renewal_id);
    println!(
        "✓ deleted deal #{}",
        deleted_id(&deleted).unwrap_or(renewal_id)
    );

    match deals.get(renewal_id) {
        Err(Error::NotFound { error, .. }) => {
            println!("✓ fetching deal #{renewal_id} now fails with Error::NotFound ({error:?})");
        }
        Ok(deal) => {
            // Pipedrive keeps deleted deals for 30 days and still returns them, flagged.
            println!(
                "✓ deal #{renewal_id} is still readable for 30 days, now {}",
                status(&deal)
            );
            let unknown = DealId(u64::from(u32::MAX));
            match deals.get(unknown) {
                Err(Error::NotFound { error, .. }) => {
                    println!(
                        "✓ fetching unknown deal #{unknown} fails with Error::NotFound ({error:?})"
                    );
                }
                Err(other) => return Err(other.into()),
                Ok(deal) => {
                    let number = deal_number(&deal);
                    return Err(format!("expected NotFound, got deal #{number}").into());
                }
            }
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

/// Deletes what the workflow created and did not delete itself.
fn clean_up(client: &Client, created: &BTreeSet<DealId>) -> BoxResult<()> {
    let mut first_error = None;
    for id in created {
        match client.deals().delete(*id) {
            Ok(_) => println!("✓ cleaned up: deleted deal #{id}"),
            Err(e) => {
                eprintln!("✗ could not delete deal #{id}: {e}");
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// The stage after the deal's current one in its pipeline (or the one before, when it is
/// in the last stage). `None` when the pipeline has a single stage.
fn next_stage(client: &Client, deal: &Deal) -> BoxResult<Option<(StageId, String)>> {
    let query = ListStages {
        pipeline_id: deal.pipeline_id,
    };
    let mut stages: Vec<(u64, StageId, String)> = client
        .stages()
        .list(&query)?
        .into_iter()
        .filter_map(|s| {
            let name = s.name.unwrap_or_default();
            Some((s.order_nr.unwrap_or(0), s.id?, name))
        })
        .collect();
    stages.sort();
    let current = stages
        .iter()
        .position(|(_, id, _)| Some(*id) == deal.stage_id);
    let pick = match current {
        Some(i) if i + 1 < stages.len() => stages.get(i + 1),
        Some(i) if i > 0 => stages.get(i - 1),
        Some(_) => None,
        None => stages.first(),
    };
    Ok(pick.map(|(_, id, name)| (*id, name.clone())))
}

// Reading the typed models for display. Every field the server may omit is optional, so
// odd or partial answers print as "?" rather than failing.

fn id_of(deal: &Deal) -> BoxResult<DealId> {
    Ok(deal
        .id
        .ok_or("the server answered with a deal without an id")?)
}

fn deal_number(deal: &Deal) -> String {
    deal.id.map_or_else(|| "?".to_owned(), |id| id.to_string())
}

fn title(deal: &Deal) -> &str {
    deal.title.as_deref().unwrap_or("")
}

fn amount(deal: &Deal) -> String {
    match (&deal.value, &deal.currency) {
        (Some(value), Some(currency)) => format!("{value} {currency}"),
        (Some(value), None) => value.to_string(),
        (None, _) => "no value".to_owned(),
    }
}

fn status(deal: &Deal) -> String {
    deal.status
        .as_ref()
        .map_or_else(|| "?".to_owned(), |s| s.to_string())
}

fn stage(deal: &Deal) -> Option<StageId> {
    deal.stage_id
}

fn owner(deal: &Deal) -> Option<UserId> {
    deal.user_id.as_ref().and_then(|u| u.id())
}

fn owner_name(deal: &Deal) -> String {
    deal.owner_name
        .clone()
        .or_else(|| {
            deal.user_id
                .as_ref()
                .and_then(|u| u.object())
                .and_then(|u| u.name.clone())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn follower_user(follower: &pipedrive::types::Follower) -> Option<UserId> {
    follower.user_id
}

fn follower_id(follower: &pipedrive::types::Follower) -> String {
    follower
        .id
        .map_or_else(|| "?".to_owned(), |id| id.to_string())
}

fn deleted_id(result: &pipedrive::types::DeleteResult) -> Option<DealId> {
    result.id.map(DealId)
}

fn describe_summary(summary: &pipedrive::types::DealSummary) -> String {
    let mut parts = Vec::new();
    if let Some(totals) = &summary.values_total {
        for (currency, total) in totals.iter() {
            let value = total
                .value
                .as_ref()
                .map_or_else(|| "?".to_owned(), |v| v.to_string());
            let count = total.count.map_or(0, |c| c);
            parts.push(format!("{value} {currency} in {count} deal(s)"));
        }
    }
    let count = summary
        .total_count
        .map_or_else(|| "?".to_owned(), |c| c.to_string());
    format!("{count} deal(s) in total; {}", parts.join(", "))
}

/// A small, stateful stand-in for the Deals endpoints of the v1 API, good enough for this
/// example: a keep-alive HTTP/1.1 server on `127.0.0.1` with one thread per connection,
/// deals and followers in memory, the v1 envelope
/// (`{"success":true,"data":..,"additional_data":{"pagination":{..}}}`), `start`/`limit`
/// pagination, and a `401` JSON error for requests without the right `x-api-token`.
///
/// Routes: `GET/POST /v1/deals`, `GET /v1/deals/summary`, `GET/PUT/DELETE /v1/deals/{id}`,
/// `GET/POST /v1/deals/{id}/followers`, and `GET /v1/stages` (one pipeline of five stages).
mod stand_in {
    use serde_json::{Map, Value, json};
    use std::collections::BTreeMap;
    use std::io::{self, BufRead, BufReader, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::time::{SystemTime, UNIX_EPOCH};

    /// The account's default currency: deals created without one get it, and the summary
    /// converts into it.
    const HOME_CURRENCY: &str = "EUR";
    /// Largest request body accepted.
    const MAX_BODY: usize = 1 << 20;

    const USERS: [(u64, &str, &str); 2] = [
        (1, "Demo User", "demo.user@example.com"),
        (2, "Sam Seller", "sam.seller@example.com"),
    ];
    const STAGES: [(u64, &str, u64); 5] = [
        (1, "Qualified", 10),
        (2, "Contact made", 20),
        (3, "Demo scheduled", 40),
        (4, "Proposal made", 60),
        (5, "Negotiations started", 80),
    ];

    #[derive(Default)]
    struct State {
        next_deal_id: u64,
        next_follower_id: u64,
        deals: BTreeMap<u64, Map<String, Value>>,
        followers: BTreeMap<u64, Vec<Value>>,
    }

    struct Reply {
        status: u16,
        body: Value,
    }

    fn ok(data: Value) -> Reply {
        Reply {
            status: 200,
            body: json!({"success": true, "data": data}),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply {
            status,
            body: json!({
                "success": false,
                "error": message,
                "error_info": "Please check developers.pipedrive.com for more information about Pipedrive API.",
                "data": null,
                "additional_data": null,
            }),
        }
    }

    /// Starts the server on an ephemeral port; it runs until the process exits.
    pub fn start(token: &str) -> io::Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            next_deal_id: 1,
            next_follower_id: 1,
            ..State::default()
        }));
        let token = token.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&state);
                let token = token.clone();
                std::thread::spawn(move || {
                    // A broken connection only ends that connection.
                    let _ = serve(stream, &state, &token);
                });
            }
        });
        Ok(addr)
    }

    struct Request {
        method: String,
        path: String,
        query: Vec<(String, String)>,
        token: Option<String>,
        body: Vec<u8>,
        close: bool,
    }

    fn serve(stream: TcpStream, state: &Mutex<State>, token: &str) -> io::Result<()> {
        stream.set_nodelay(true)?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut writer = stream;
        loop {
            let request = match read_request(&mut reader)? {
                Some(Ok(request)) => request,
                Some(Err(reply)) => {
                    write_reply(&mut writer, &reply, true)?;
                    return Ok(());
                }
                None => return Ok(()),
            };
            let reply = if request.token.as_deref() != Some(token) {
                Reply {
                    status: 401,
                    body: json!({
                        "success": false,
                        "error": "unauthorized access",
                        "errorCode": 401,
                        "error_info": "Please check developers.pipedrive.com for more information about Pipedrive API."
                    }),
                }
            } else {
                let mut state = state
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                route(&mut state, &request)
            };
            write_reply(&mut writer, &reply, request.close)?;
            if request.close {
                return Ok(());
            }
        }
    }

    /// `None` at a clean end of the connection; `Some(Err(..))` for a request that cannot
    /// be served (answered, then the connection is closed).
    fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Result<Request, Reply>>> {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return Ok(Some(Err(error(400, "malformed request line"))));
        };
        let (method, target) = (method.to_owned(), target.to_owned());
        let mut content_length = 0usize;
        let mut token = None;
        let mut close = false;
        let mut chunked = false;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => content_length = value.parse().unwrap_or(usize::MAX),
                "x-api-token" => token = Some(value.to_owned()),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                "transfer-encoding" => chunked = true,
                _ => {}
            }
        }
        if chunked {
            return Ok(Some(Err(error(411, "send a Content-Length"))));
        }
        if content_length > MAX_BODY {
            return Ok(Some(Err(error(413, "request body too large"))));
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), parse_query(query)),
            None => (target, Vec::new()),
        };
        Ok(Some(Ok(Request {
            method,
            path,
            query,
            token,
            body,
            close,
        })))
    }

    fn write_reply(out: &mut impl Write, reply: &Reply, close: bool) -> io::Result<()> {
        let body = reply.body.to_string();
        let reason = match reply.status {
            200 => "OK",
            201 => "Created",
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            411 => "Length Required",
            413 => "Payload Too Large",
            _ => "Error",
        };
        let head = format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             x-ratelimit-limit: 80\r\nx-ratelimit-remaining: 79\r\nx-ratelimit-reset: 2\r\n\
             connection: {}\r\n\r\n",
            reply.status,
            body.len(),
            if close { "close" } else { "keep-alive" }
        );
        out.write_all(head.as_bytes())?;
        out.write_all(body.as_bytes())?;
        out.flush()
    }

    fn route(state: &mut State, req: &Request) -> Reply {
        let Some(path) = req.path.strip_prefix("/v1/") else {
            return error(404, "Unknown method .");
        };
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let body = || -> Result<Map<String, Value>, Reply> {
            if req.body.is_empty() {
                return Ok(Map::new());
            }
            match serde_json::from_slice(&req.body) {
                Ok(Value::Object(map)) => Ok(map),
                _ => Err(error(400, "the request body must be a JSON object")),
            }
        };
        let result = match (req.method.as_str(), segments.as_slice()) {
            ("GET", ["deals"]) => Ok(list_deals(state, req)),
            ("POST", ["deals"]) => body().map(|b| create_deal(state, b)),
            ("GET", ["deals", "summary"]) => Ok(summary(state, req)),
            ("GET", ["deals", id]) => deal_id(id).map(|id| get_deal(state, id)),
            ("PUT", ["deals", id]) => {
                deal_id(id).and_then(|id| Ok(update_deal(state, id, body()?)))
            }
            ("DELETE", ["deals", id]) => deal_id(id).map(|id| delete_deal(state, id)),
            ("GET", ["deals", id, "followers"]) => {
                deal_id(id).map(|id| list_followers(state, id, req))
            }
            ("POST", ["deals", id, "followers"]) => {
                deal_id(id).and_then(|id| Ok(add_follower(state, id, body()?)))
            }
            ("GET", ["stages"]) => Ok(stages(req)),
            _ => Err(error(404, "Unknown method .")),
        };
        result.unwrap_or_else(|reply| reply)
    }

    fn deal_id(segment: &str) -> Result<u64, Reply> {
        segment
            .parse()
            .map_err(|_| error(400, "the deal id must be a number"))
    }

    fn param<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
        req.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// One page of `items` per `start`/`limit`, with v1 pagination in `additional_data`.
    fn page(items: Vec<Value>, req: &Request) -> Reply {
        let start = param(req, "start")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0);
        let limit = param(req, "limit")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(100)
            .clamp(1, 500);
        let total = items.len();
        let page: Vec<Value> = items.into_iter().skip(start).take(limit).collect();
        let more = start.saturating_add(limit) < total;
        let mut pagination = json!({
            "start": start,
            "limit": limit,
            "more_items_in_collection": more,
        });
        if more {
            pagination["next_start"] = json!(start + limit);
        }
        Reply {
            status: 200,
            body: json!({
                "success": true,
                "data": if page.is_empty() { Value::Null } else { Value::Array(page) },
                "additional_data": {"pagination": pagination},
            }),
        }
    }

    fn list_deals(state: &State, req: &Request) -> Reply {
        let wanted = param(req, "status").unwrap_or("all_not_deleted");
        let deals = state
            .deals
            .values()
            .filter(|d| wanted == "all_not_deleted" || d.get("status") == Some(&json!(wanted)))
            .map(|d| Value::Object(d.clone()))
            .collect();
        page(deals, req)
    }

    fn get_deal(state: &State, id: u64) -> Reply {
        match state.deals.get(&id) {
            Some(deal) => ok(Value::Object(deal.clone())),
            None => error(404, "Deal not found"),
        }
    }

    fn user(id: u64) -> Option<Value> {
        USERS.iter().find(|u| u.0 == id).map(|(id, name, email)| {
            json!({
                "id": id, "name": name, "email": email, "has_pic": 0,
                "pic_hash": null, "active_flag": true, "value": id,
            })
        })
    }

    fn create_deal(state: &mut State, body: Map<String, Value>) -> Reply {
        let title = body.get("title").and_then(Value::as_str).unwrap_or("");
        if title.trim().is_empty() {
            return error(400, "Title must be given.");
        }
        let id = state.next_deal_id;
        let now = now();
        let owner = body.get("user_id").and_then(Value::as_u64).unwrap_or(1);
        let Some(owner_ref) = user(owner) else {
            return error(400, "User not found.");
        };
        let owner_name = owner_ref.get("name").cloned().unwrap_or(Value::Null);
        let mut deal = Map::new();
        for (key, value) in [
            ("id", json!(id)),
            ("creator_user_id", user(1).unwrap_or(Value::Null)),
            ("user_id", owner_ref),
            ("person_id", Value::Null),
            ("org_id", Value::Null),
            ("stage_id", json!(1)),
            ("title", json!(title)),
            ("value", json!(0)),
            ("currency", json!(HOME_CURRENCY)),
            ("add_time", json!(now)),
            ("update_time", json!(now)),
            ("stage_change_time", Value::Null),
            ("active", json!(true)),
            ("deleted", json!(false)),
            ("status", json!("open")),
            ("probability", Value::Null),
            ("lost_reason", Value::Null),
            ("visible_to", json!("3")),
            ("close_time", Value::Null),
            ("pipeline_id", json!(1)),
            ("won_time", Value::Null),
            ("first_won_time", Value::Null),
            ("lost_time", Value::Null),
            ("products_count", json!(0)),
            ("files_count", json!(0)),
            ("notes_count", json!(0)),
            ("followers_count", json!(0)),
            ("email_messages_count", json!(0)),
            ("activities_count", json!(0)),
            ("participants_count", json!(0)),
            ("expected_close_date", Value::Null),
            ("stage_order_nr", json!(0)),
            ("owner_name", owner_name),
            (
                "cc_email",
                json!(format!("demo+deal{id}@pipedrivemail.com")),
            ),
            ("org_hidden", json!(false)),
            ("person_hidden", json!(false)),
        ] {
            deal.insert(key.to_owned(), value);
        }
        if let Err(reply) = apply(&mut deal, body, &now) {
            return reply;
        }
        state.next_deal_id += 1;
        state.deals.insert(id, deal.clone());
        Reply {
            status: 201,
            body: json!({"success": true, "data": deal}),
        }
    }

    fn update_deal(state: &mut State, id: u64, body: Map<String, Value>) -> Reply {
        let Some(deal) = state.deals.get_mut(&id) else {
            return error(404, "Deal not found");
        };
        let mut changed = deal.clone();
        if let Err(reply) = apply(&mut changed, body, &now()) {
            return reply;
        }
        *deal = changed.clone();
        ok(Value::Object(changed))
    }

    /// Applies the writable fields of a create or update body, keeping the derived
    /// fields (formatted value, won/lost times, stage change time) consistent.
    fn apply(
        deal: &mut Map<String, Value>,
        body: Map<String, Value>,
        now: &str,
    ) -> Result<(), Reply> {
        for (key, value) in body {
            match key.as_str() {
                "title" => {
                    if value.as_str().is_none_or(|t| t.trim().is_empty()) {
                        return Err(error(400, "Title must be given."));
                    }
                    deal.insert(key, value);
                }
                "value" => {
                    let number = match &value {
                        Value::Number(_) => Some(value.clone()),
                        Value::String(s) if s.trim().is_empty() => Some(json!(0)),
                        Value::String(s) => number(s),
                        Value::Null => Some(json!(0)),
                        _ => None,
                    };
                    let Some(number) = number else {
                        return Err(error(400, "Deal value must be a number."));
                    };
                    deal.insert(key, number);
                }
                "stage_id" => {
                    let stage = value
                        .as_u64()
                        .and_then(|id| STAGES.iter().position(|s| s.0 == id));
                    let Some(position) = stage else {
                        return Err(error(400, "Stage not found."));
                    };
                    if deal.get("stage_id") != Some(&value) {
                        deal.insert("stage_change_time".into(), json!(now));
                    }
                    deal.insert("stage_order_nr".into(), json!(position));
                    deal.insert(key, value);
                }
                "status" => {
                    let status = value.as_str().unwrap_or("");
                    let (won, lost) = match status {
                        "open" => (Value::Null, Value::Null),
                        "won" => (json!(now), Value::Null),
                        "lost" => (Value::Null, json!(now)),
                        _ => return Err(error(400, "Status must be open, won or lost.")),
                    };
                    if status == "won" && deal.get("first_won_time").is_none_or(Value::is_null) {
                        deal.insert("first_won_time".into(), json!(now));
                    }
                    let closed = if status == "open" {
                        Value::Null
                    } else {
                        json!(now)
                    };
                    deal.insert("won_time".into(), won);
                    deal.insert("lost_time".into(), lost);
                    deal.insert("close_time".into(), closed);
                    deal.insert(key, value);
                }
                "user_id" => {
                    let Some(owner) = value.as_u64().and_then(user) else {
                        return Err(error(400, "User not found."));
                    };
                    deal.insert(
                        "owner_name".into(),
                        owner.get("name").cloned().unwrap_or(Value::Null),
                    );
                    deal.insert(key, owner);
                }
                // Everything else (currency, dates, probability, custom fields under
                // their 40-character keys, ...) is stored as sent.
                _ => {
                    deal.insert(key, value);
                }
            }
        }
        let value = deal.get("value").and_then(Value::as_f64).unwrap_or(0.0);
        let weighted = money(value * probability(deal) / 100.0);
        let currency = deal
            .get("currency")
            .and_then(Value::as_str)
            .unwrap_or(HOME_CURRENCY)
            .to_owned();
        deal.insert(
            "formatted_value".into(),
            json!(format!("{} {currency}", money(value))),
        );
        deal.insert(
            "formatted_weighted_value".into(),
            json!(format!("{weighted} {currency}")),
        );
        deal.insert("weighted_value".into(), weighted);
        deal.insert("weighted_value_currency".into(), json!(currency));
        deal.insert("update_time".into(), json!(now));
        Ok(())
    }

    /// An amount as Pipedrive writes it: an integer when whole, else at most two decimals.
    fn money(amount: f64) -> Value {
        let cents = (amount * 100.0).round();
        if cents % 100.0 == 0.0 && cents.abs() < 9e17 {
            json!((cents / 100.0) as i64)
        } else {
            json!(cents / 100.0)
        }
    }

    /// Win probability of the deal in percent: from its stage while open.
    fn probability(deal: &Map<String, Value>) -> f64 {
        match deal.get("status").and_then(Value::as_str) {
            Some("won") => return 100.0,
            Some("lost") => return 0.0,
            _ => {}
        }
        deal.get("stage_id")
            .and_then(Value::as_u64)
            .and_then(|id| STAGES.iter().find(|s| s.0 == id))
            .map_or(100.0, |s| s.2 as f64)
    }

    fn number(text: &str) -> Option<Value> {
        let text = text.trim();
        if let Ok(i) = text.parse::<i64>() {
            return Some(json!(i));
        }
        text.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
    }

    fn delete_deal(state: &mut State, id: u64) -> Reply {
        match state.deals.remove(&id) {
            Some(_) => {
                state.followers.remove(&id);
                ok(json!({"id": id}))
            }
            None => error(404, "Deal not found"),
        }
    }

    fn list_followers(state: &State, id: u64, req: &Request) -> Reply {
        if !state.deals.contains_key(&id) {
            return error(404, "Deal not found");
        }
        let followers = state.followers.get(&id).cloned().unwrap_or_default();
        page(followers, req)
    }

    fn add_follower(state: &mut State, id: u64, body: Map<String, Value>) -> Reply {
        let Some(user_id) = body.get("user_id").and_then(Value::as_u64) else {
            return error(400, "user_id must be given.");
        };
        if user(user_id).is_none() {
            return error(400, "User not found.");
        }
        let follower_id = state.next_follower_id;
        let Some(deal) = state.deals.get_mut(&id) else {
            return error(404, "Deal not found");
        };
        let followers = state.followers.entry(id).or_default();
        if followers
            .iter()
            .any(|f| f.get("user_id") == Some(&json!(user_id)))
        {
            return error(400, "The user is already following this deal.");
        }
        let follower = json!({
            "user_id": user_id,
            "id": follower_id,
            "deal_id": id,
            "add_time": now(),
        });
        followers.push(follower.clone());
        deal.insert("followers_count".into(), json!(followers.len()));
        state.next_follower_id += 1;
        ok(follower)
    }

    fn summary(state: &State, req: &Request) -> Reply {
        let wanted = param(req, "status");
        let mut per_currency: BTreeMap<String, (f64, f64, u64)> = BTreeMap::new();
        let mut total_count = 0u64;
        for deal in state.deals.values() {
            if wanted.is_some_and(|w| deal.get("status") != Some(&json!(w))) {
                continue;
            }
            let currency = deal
                .get("currency")
                .and_then(Value::as_str)
                .unwrap_or(HOME_CURRENCY)
                .to_owned();
            let value = deal.get("value").and_then(Value::as_f64).unwrap_or(0.0);
            let percent = probability(deal);
            let entry = per_currency.entry(currency).or_default();
            entry.0 += value;
            entry.1 += value * percent / 100.0;
            entry.2 += 1;
            total_count += 1;
        }
        // A fixed rate table stands in for Pipedrive's currency conversion.
        let rate = |currency: &str| match currency {
            "USD" => 0.92,
            "GBP" => 1.17,
            _ => 1.0,
        };
        let mut values_total = Map::new();
        let mut weighted_values_total = Map::new();
        let (mut converted, mut weighted_converted) = (0.0, 0.0);
        for (currency, (value, weighted, count)) in &per_currency {
            let converted_here = value * rate(currency);
            converted += converted_here;
            weighted_converted += weighted * rate(currency);
            let (value, weighted, value_converted) =
                (money(*value), money(*weighted), money(converted_here));
            values_total.insert(
                currency.clone(),
                json!({
                    "value": value,
                    "count": count,
                    "value_converted": value_converted,
                    "value_formatted": format!("{value} {currency}"),
                    "value_converted_formatted": format!("{value_converted} {HOME_CURRENCY}"),
                }),
            );
            weighted_values_total.insert(
                currency.clone(),
                json!({
                    "value": weighted,
                    "count": count,
                    "value_formatted": format!("{weighted} {currency}"),
                }),
            );
        }
        let (converted, weighted_converted) = (money(converted), money(weighted_converted));
        ok(json!({
            "values_total": values_total,
            "weighted_values_total": weighted_values_total,
            "total_count": total_count,
            "total_currency_converted_value": converted,
            "total_weighted_currency_converted_value": weighted_converted,
            "total_currency_converted_value_formatted": format!("{converted} {HOME_CURRENCY}"),
            "total_weighted_currency_converted_value_formatted":
                format!("{weighted_converted} {HOME_CURRENCY}"),
        }))
    }

    fn stages(req: &Request) -> Reply {
        let pipeline = param(req, "pipeline_id").unwrap_or("1");
        let stages: Vec<Value> = if pipeline == "1" {
            STAGES
                .iter()
                .enumerate()
                .map(|(order, (id, name, probability))| {
                    json!({
                        "id": id, "order_nr": order + 1, "name": name, "active_flag": true,
                        "deal_probability": probability, "pipeline_id": 1,
                        "rotten_flag": false, "rotten_days": null,
                        "pipeline_name": "Sales", "pipeline_deal_probability": true,
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        ok(if stages.is_empty() {
            Value::Null
        } else {
            Value::Array(stages)
        })
    }

    /// Decodes `a=1&b=two%20words` (percent escapes and `+` for space).
    fn parse_query(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (unescape(k), unescape(v))
            })
            .collect()
    }

    fn unescape(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = text
                        .get(i + 1..i + 3)
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The current UTC time as Pipedrive writes it: `2024-05-02 09:30:00`.
    fn now() -> String {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            rem / 3_600,
            rem % 3_600 / 60,
            rem % 60
        )
    }
}
