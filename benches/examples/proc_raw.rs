//! The raw side of the whole-process comparison (`benches/python/bench_procs.py`, run by
//! `just py-bench`): one `ureq::Agent` and `serde_json::Value`, nothing of the SDK, doing
//! one workload and exiting, so that process start is counted like a Python program's.
//!
//! Usage: `proc_raw iterate|iterate-v2|get [N]`, with `PIPEDRIVE_SANDBOX_URL` (a `.../v1` base URL)
//! and `PIPEDRIVE_SANDBOX_TOKEN` in the environment.
//!
//! - `iterate` — pages through `GET /deals?status=all_not_deleted&limit=100&start=..`
//!   until `more_items_in_collection` is false, touching `id` and `title` of every deal;
//! - `get N` — `GET /deals/{id}` for ids `1..=N` (default 1000), touching `title`;
//! - `iterate-v2` — the v2 cursor pages of `GET /v2/deals?limit=100`, touching `id` and
//!   `title` of every deal.
//!
//! Prints the number of deals seen.
#[path = "common/raw.rs"]
mod raw;

use raw::{Result, fetch, get_each, iterate, touch_deals};
use serde_json::Value;

fn main() -> Result<()> {
    let base = std::env::var("PIPEDRIVE_SANDBOX_URL")?;
    let base = base.trim_end_matches('/');
    let token = std::env::var("PIPEDRIVE_SANDBOX_TOKEN")?;
    let mut args = std::env::args().skip(1);
    let agent = ureq::Agent::new_with_defaults();
    let n = match args.next().as_deref() {
        Some("iterate") => iterate(&agent, base, &token)?,
        Some("iterate-v2") => iterate_v2(&agent, base, &token)?,
        Some("get") => {
            let n: u64 = args.next().as_deref().unwrap_or("1000").parse()?;
            get_each(&agent, base, &token, n)?
        }
        _ => return Err("usage: proc_raw iterate|iterate-v2|get [N]".into()),
    };
    println!("{n}");
    Ok(())
}

/// The v2 cursor pages of `GET /deals?limit=100` (at the v1 base's `/v2` sibling) until
/// `next_cursor` is null, touching `id` and `title` of every deal.
fn iterate_v2(agent: &ureq::Agent, base: &str, token: &str) -> Result<usize> {
    let v2 = base
        .strip_suffix("/v1")
        .map(|root| format!("{root}/v2"))
        .ok_or("the base URL does not end in /v1")?;
    let mut cursor: Option<String> = None;
    let mut items = 0usize;
    loop {
        // The same request target the SDK sends, so both hit the same sandbox cache entries.
        let url = match &cursor {
            None => format!("{v2}/deals?limit=100"),
            Some(c) => format!("{v2}/deals?limit=100&cursor={c}"),
        };
        let page = fetch(agent, &url, token)?;
        items += touch_deals(&page)?;
        match page
            .pointer("/additional_data/next_cursor")
            .and_then(Value::as_str)
        {
            Some(c) if !c.is_empty() => cursor = Some(c.to_owned()),
            _ => return Ok(items),
        }
    }
}
