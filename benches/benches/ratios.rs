//! Speed of the SDK as ratios against baselines measured in the same run.
//!
//! Run with `cargo bench -p pipedrive-benches` (or `just bench`); a name after `--`
//! (`get`, `decode`, `sandbox`, `list`) runs only the comparisons it matches. Four
//! comparisons:
//!
//! 1. **`sdk_get / raw_get`** — `client.deals().get(DealId(1))` through the SDK against a
//!    hand-written call doing the same work: one reused `ureq::Agent`, a GET of the same
//!    URL with the same `x-api-token` header, the body read into memory and parsed into a
//!    `serde_json::Value`. Both talk to the same keep-alive HTTP/1.1 server on
//!    `127.0.0.1` (see `pipedrive_benches::CannedServer`) that answers with the realistic
//!    single-deal envelope of `tests/fixtures/v1/get_deals_id.json`. The ratio is the
//!    SDK's whole overhead: request building, auth, status and rate-limit handling,
//!    envelope checks and typed decoding. Target: at most 1.05.
//! 2. **`typed / Value decode`** — decoding a page of 100 deals (the fixture's deal with
//!    varied ids, titles and values, plus a handful of 40-hex-character custom-field keys
//!    per deal, as Pipedrive sends them) the way the client decodes a page (see
//!    [`client_decode`]: the transport's own decoder, envelope read once with `data` kept
//!    as text, then `data` into `Option<Items<Deal>>`) against decoding the same bytes
//!    into a `serde_json::Value`. Target: at most 1.00, i.e. typed decoding is no slower
//!    than the untyped tree.
//!
//! 3. **`sdk_decode / sandbox_serve`** — how much faster the sandbox serves a cached
//!    100-deal page (`GET /v1/deals?limit=100` on `pipedrive-sandbox` seeded with 100
//!    deals: one raw ureq GET reading the body to bytes, no parsing) than the client
//!    decodes those same bytes ([`client_decode`]). Benchmarks that use the sandbox
//!    measure the client only if this is large. Target: at least 5.
//! 4. **`sdk_list / raw_list`** — the first page of `client.deals().list(..)` (the
//!    paginator: request, envelope, `additional_data`, typed items) against a raw ureq GET
//!    of the same 100-deal page parsed into a `serde_json::Value`, from the keep-alive
//!    server of (1). The transport reads the envelope once for every response type and
//!    then decodes `data` from its raw text (a second, cheap pass over the items), which
//!    keeps the mobile library small; this shows what that costs. Target: at most 1.05.
//!
//! Each comparison warms up both sides, then runs them in alternating rounds (A B, B A,
//! ...) with the same iteration count, so drift and noise hit both sides alike. The
//! headline ratio is the median of the per-round ratios; the 25th–75th percentile range
//! is printed beside it. The whole run takes about 20 seconds.
//!
//! `cargo test --all-targets` also runs this binary (it is a `harness = false` target),
//! but without the `--bench` argument that `cargo bench` passes; it then does one
//! iteration of every side as a smoke check and exits.
// The ratios measure the v1 deal read and list on purpose (the canned answers are v1
// ones): deprecated by Pipedrive, still served.
#![allow(deprecated)]
use pipedrive::types::{Deal, DealId, Items};
use pipedrive_benches::{CannedServer, Comparison, Nanos, Settings, compare};
use pipedrive_transport::fuzzing;
use serde_json::{Map, Value, json};
use std::error::Error;
use std::hint::black_box;
use std::time::Duration;

type BoxError = Box<dyn Error + Send + Sync>;
type Result<T, E = BoxError> = std::result::Result<T, E>;

/// The realistic `GET /v1/deals/{id}` answer both sides of the HTTP comparison receive.
const GET_DEAL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/v1/get_deals_id.json"
));

const TOKEN: &str = "bench-api-token-5f2a9c";

fn main() -> Result<()> {
    let full = Settings::is_bench_run();
    let (get_settings, decode_settings) = if full {
        // Many short rounds: each pair of A/B measurements is close in time, so the
        // median of the per-round ratios shrugs off load from other processes.
        let settings = |rounds| Settings {
            rounds,
            round_time: Duration::from_millis(50),
            warmup: Duration::from_millis(1000),
        };
        (settings(81), settings(61))
    } else {
        (Settings::smoke(), Settings::smoke())
    };
    if full {
        println!(
            "pipedrive-benches: ratios against baselines measured in this run \
             (median of interleaved rounds)"
        );
    }

    // `cargo bench -p pipedrive-benches -- decode` runs only the comparisons whose name
    // contains `decode` (get, decode, sandbox, list); no name runs them all.
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));

    if wanted("get") {
        let (what, c) = bench_get(&get_settings)?;
        if full {
            println!();
            report("sdk_get", "raw_get", 1.05, &what, &c);
        }
    }
    if wanted("decode") {
        let (what, c) = bench_decode(&decode_settings)?;
        if full {
            println!();
            report("typed", "Value decode", 1.00, &what, &c);
        }
    }
    if wanted("sandbox") {
        let (what, c) = bench_sandbox(&decode_settings)?;
        if full {
            println!();
            report_sandbox(&what, &c);
        }
    }
    if wanted("list") {
        let (what, c) = bench_list(&decode_settings)?;
        if full {
            println!();
            report("sdk_list", "raw_list", 1.05, &what, &c);
        }
    }
    if !full {
        println!(
            "pipedrive-benches smoke check passed (every side ran once; \
             `cargo bench -p pipedrive-benches` measures)"
        );
    }
    Ok(())
}

/// What was measured, for the report: a title and one label per side.
struct Described {
    title: String,
    a: &'static str,
    b: &'static str,
}

fn report_sandbox(what: &Described, c: &Comparison) {
    println!("{}", what.title);
    println!(
        "  serve    {:<48} {:>10}/iter",
        what.b,
        Nanos(c.b_median()).to_string()
    );
    println!(
        "  decode   {:<48} {:>10}/iter",
        what.a,
        Nanos(c.a_median()).to_string()
    );
    let ratio = c.ratio();
    println!("sdk_decode / sandbox_serve ratio: {ratio:.2}x (target >= 5.00)");
    println!(
        "  {}",
        if ratio >= 5.0 {
            "within target"
        } else {
            "BELOW TARGET"
        }
    );
}

fn report(a_name: &str, b_name: &str, target: f64, what: &Described, c: &Comparison) {
    println!("{}", what.title);
    println!(
        "  {a_name:<8} {:<48} {:>10}/iter",
        what.a,
        Nanos(c.a_median()).to_string()
    );
    println!(
        "  {:<8} {:<48} {:>10}/iter",
        b_name.split(' ').next().unwrap_or(b_name),
        what.b,
        Nanos(c.b_median()).to_string()
    );
    let ratio = c.ratio();
    println!("{a_name} / {b_name} ratio: {ratio:.2}x (target <= {target:.2})");
    let (p25, p75) = c.ratio_quartiles();
    println!(
        "  {}; per-round ratios p25..p75 {p25:.2}..{p75:.2}, {} rounds x {} iterations",
        if ratio <= target {
            "within target"
        } else {
            "ABOVE TARGET"
        },
        c.a_ns.len(),
        c.iters
    );
}

/// SDK `get` against a raw ureq GET + `serde_json::Value`, same server, same URL.
fn bench_get(settings: &Settings) -> Result<(Described, Comparison)> {
    let server = CannedServer::start(GET_DEAL.as_bytes().to_vec(), TOKEN)?;
    let client = client_for(&server)?;
    let raw = RawGet::new(&server, "/v1/deals/1");

    // Both sides must see the real answer, not an error page.
    let deal = client.deals().get(DealId(1))?;
    if deal.id != DealId(1) {
        return Err(format!("SDK decoded deal id {:?}, expected 1", deal.id).into());
    }
    if raw.get()?.pointer("/data/id") != Some(&json!(1)) {
        return Err("raw GET did not return deal 1".into());
    }

    let comparison = raw.compare(settings, || {
        black_box(client.deals().get(black_box(DealId(1)))?);
        Ok(())
    })?;
    let described = Described {
        title: format!(
            "GET /v1/deals/1 — {} byte single-deal envelope from a keep-alive server on {}",
            GET_DEAL.len(),
            server.addr()
        ),
        a: "client.deals().get(DealId(1))",
        b: "ureq::Agent GET + serde_json::from_slice::<Value>",
    };
    Ok((described, comparison))
}

/// An SDK client of the canned server.
fn client_for(server: &CannedServer) -> Result<pipedrive::Client> {
    let config =
        pipedrive::Config::with_api_token(TOKEN).base_url(format!("{}/v1", server.origin()));
    Ok(pipedrive::Client::new(config)?)
}

/// The hand-written side of the HTTP comparisons: one reused `ureq::Agent`, a GET of
/// the same URL with the same `x-api-token` header, the body parsed into a `Value`.
struct RawGet {
    agent: ureq::Agent,
    url: String,
}

impl RawGet {
    fn new(server: &CannedServer, path: &str) -> Self {
        RawGet {
            agent: ureq::Agent::new_with_defaults(),
            url: format!("{}{path}", server.origin()),
        }
    }

    fn get(&self) -> Result<Value> {
        raw_get(&self.agent, &self.url)
    }

    /// `sdk` against this raw GET, in interleaved rounds.
    fn compare(&self, settings: &Settings, sdk: impl FnMut() -> Result<()>) -> Result<Comparison> {
        compare(settings, sdk, || -> Result<()> {
            black_box(raw_get(&self.agent, black_box(&self.url))?);
            Ok(())
        })
    }
}

fn raw_get(agent: &ureq::Agent, url: &str) -> Result<Value> {
    let mut response = agent.get(url).header("x-api-token", TOKEN).call()?;
    let body = response.body_mut().read_to_vec()?;
    Ok(serde_json::from_slice::<Value>(&body)?)
}

/// What the decode benchmarks time, for the report.
const CLIENT_DECODE: &str = "client decode into Option<Items<Deal>>";

/// Decodes a 200 answer exactly as the client does for a page of `client.deals().list`
/// (the paginator asks `Transport::call_full` for `Option<Items<Deal>>`): the transport's
/// own decoder, reached offline through its `fuzzing` entry point, so the number is the
/// client's and not that of a decoder it does not use. Returns the number of deals.
fn client_decode(page: &[u8]) -> Result<usize> {
    let response =
        fuzzing::response::<Option<Items<Deal>>>(200, &fuzzing::headers([]), black_box(page))?;
    Ok(response.data.map_or(0, |items| items.len()))
}

/// Typed decoding of a 100-deal page against decoding it into a `serde_json::Value`.
fn bench_decode(settings: &Settings) -> Result<(Described, Comparison)> {
    let page = hundred_deal_page()?;

    let decoded = client_decode(&page)?;
    if decoded != 100 {
        return Err(format!("typed decode produced {decoded} deals, expected 100").into());
    }

    let comparison = compare(
        settings,
        || -> Result<()> {
            black_box(client_decode(black_box(&page))?);
            Ok(())
        },
        || -> Result<()> {
            black_box(serde_json::from_slice::<Value>(black_box(&page))?);
            Ok(())
        },
    )?;
    let described = Described {
        title: format!(
            "decode a 100-deal page ({} KiB, custom fields included)",
            page.len() / 1024
        ),
        a: CLIENT_DECODE,
        b: "serde_json::from_slice::<Value>",
    };
    Ok((described, comparison))
}

/// The first page of the SDK's deal paginator against a raw GET + `Value` of that page.
fn bench_list(settings: &Settings) -> Result<(Described, Comparison)> {
    let page = hundred_deal_page()?;
    let server = CannedServer::start(page.clone(), TOKEN)?;
    let client = client_for(&server)?;
    let raw = RawGet::new(&server, "/v1/deals");
    let params = pipedrive::sales::ListDeals::default();
    let first_page = || -> Result<usize> {
        let page = client
            .deals()
            .list(&params)
            .pages()
            .next()
            .ok_or("the paginator returned no page")??;
        Ok(black_box(page).items.len())
    };

    // Both sides must see the real page.
    let listed = first_page()?;
    if listed != 100 {
        return Err(format!("the SDK listed {listed} deals, expected 100").into());
    }
    let raw_count = raw
        .get()?
        .get("data")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if raw_count != 100 {
        return Err(format!("the raw GET saw {raw_count} deals, expected 100").into());
    }

    let comparison = raw.compare(settings, || {
        first_page()?;
        Ok(())
    })?;
    let described = Described {
        title: format!(
            "GET /v1/deals — a {} KiB 100-deal page from a keep-alive server on {}",
            page.len() / 1024,
            server.addr()
        ),
        a: "client.deals().list(..).pages().next()",
        b: "ureq::Agent GET + serde_json::from_slice::<Value>",
    };
    Ok((described, comparison))
}

/// Serving a cached 100-deal page from the sandbox against the SDK decoding it.
fn bench_sandbox(settings: &Settings) -> Result<(Described, Comparison)> {
    let sandbox = pipedrive_sandbox::Sandbox::builder()
        .seed(1)
        .seed_deals(100)
        .start()?;
    let url = format!(
        "{}/deals?limit=100&status=all_not_deleted",
        sandbox.base_url()
    );
    let agent = ureq::Agent::new_with_defaults();
    let fetch = |agent: &ureq::Agent| -> Result<Vec<u8>> {
        let mut response = agent.get(&url).header("x-api-token", TOKEN).call()?;
        Ok(response.body_mut().read_to_vec()?)
    };
    let page = fetch(&agent)?; // fills the sandbox's page cache
    let decoded = client_decode(&page)?;
    if decoded != 100 {
        return Err(format!("the sandbox page decoded to {decoded} deals, expected 100").into());
    }
    let comparison = compare(
        settings,
        || -> Result<()> {
            black_box(client_decode(black_box(&page))?);
            Ok(())
        },
        || -> Result<()> {
            black_box(fetch(&agent)?);
            Ok(())
        },
    )?;
    let described = Described {
        title: format!(
            "a cached 100-deal page ({} KiB) from pipedrive-sandbox vs decoding it",
            page.len() / 1024
        ),
        a: CLIENT_DECODE,
        b: "ureq GET /v1/deals?limit=100 (bytes only)",
    };
    Ok((described, comparison))
}

/// A `GET /v1/deals` answer with 100 deals built from the fixture's deal: ids, titles,
/// values and stages vary, and every deal carries the account's custom fields under
/// 40-hex-character keys (text, monetary with its `_currency` companion, single option,
/// date, and one left empty), as the real API sends them.
fn hundred_deal_page() -> Result<Vec<u8>> {
    let fixture: Value = serde_json::from_str(GET_DEAL)?;
    let template = fixture
        .get("data")
        .and_then(Value::as_object)
        .ok_or("the fixture has no deal object under `data`")?;

    const TITLES: [&str; 5] = [
        "Forty licences",
        "Annual renewal",
        "Support upgrade",
        "Pilot for the Tallinn office",
        "Hardware refresh",
    ];
    let keys = custom_field_keys();
    let mut deals = Vec::with_capacity(100);
    for i in 0..100u64 {
        let mut deal: Map<String, Value> = template.clone();
        let n = i + 1;
        let title = TITLES[(i % TITLES.len() as u64) as usize];
        deal.insert("id".into(), json!(n));
        deal.insert("title".into(), json!(format!("{title} #{n}")));
        deal.insert("value".into(), json!(500 + n * 125));
        deal.insert("stage_id".into(), json!(1 + i % 5));
        deal.insert(
            "formatted_value".into(),
            json!(format!("€{}", 500 + n * 125)),
        );
        deal.insert(
            "cc_email".into(),
            json!(format!("company+deal{n}@pipedrivemail.com")),
        );
        deal.insert(keys[0].clone(), json!(format!("PO-{:06}", 1000 + n)));
        deal.insert(keys[1].clone(), json!(n * 40));
        deal.insert(format!("{}_currency", keys[1]), json!("EUR"));
        deal.insert(keys[2].clone(), json!((17 + i % 3).to_string()));
        deal.insert(
            keys[3].clone(),
            json!(format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
        );
        deal.insert(keys[4].clone(), Value::Null);
        deals.push(Value::Object(deal));
    }
    let page = json!({
        "success": true,
        "data": deals,
        "additional_data": {
            "pagination": {
                "start": 0,
                "limit": 100,
                "more_items_in_collection": true,
                "next_start": 100
            }
        },
        "related_objects": fixture.get("related_objects").cloned().unwrap_or(Value::Null),
    });
    Ok(serde_json::to_vec(&page)?)
}

/// Five stable 40-hex-character keys, like the hashes Pipedrive gives custom fields.
fn custom_field_keys() -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..5)
        .map(|_| {
            let mut key = String::with_capacity(40);
            while key.len() < 40 {
                // xorshift64*: deterministic, no dependency.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                let word = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
                key.push_str(&format!("{word:016x}"));
            }
            key.truncate(40);
            key
        })
        .collect()
}
