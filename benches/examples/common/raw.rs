//! The raw workloads the whole-process and floor comparisons share: one `ureq::Agent`
//! and `serde_json::Value`, nothing of the SDK (included by `proc_raw.rs` and
//! `rust_floor.rs` with `#[path]`).
//!
//! - `iterate` pages through `GET /deals?status=all_not_deleted&limit=100&start=..` (the
//!   request target the SDK sends, so both hit the same sandbox cache entries) until
//!   `more_items_in_collection` is false, touching `id` and `title` of every deal;
//! - `get_each` fetches `GET /deals/{id}` for ids `1..=n`, touching `title`.
use serde_json::Value;
use std::error::Error;
use std::hint::black_box;

pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

pub fn fetch(agent: &ureq::Agent, url: &str, token: &str) -> Result<Value> {
    let mut response = agent.get(url).header("x-api-token", token).call()?;
    let body = response.body_mut().read_to_vec()?;
    Ok(serde_json::from_slice::<Value>(&body)?)
}

/// Touches `id` and `title` of every deal of a page's `data`; returns how many.
pub fn touch_deals(page: &Value) -> Result<usize> {
    let data = page
        .get("data")
        .and_then(Value::as_array)
        .ok_or("page without a data array")?;
    for deal in data {
        black_box(deal.get("id").and_then(Value::as_i64));
        black_box(deal.get("title").and_then(Value::as_str));
    }
    Ok(data.len())
}

pub fn iterate(agent: &ureq::Agent, base: &str, token: &str) -> Result<usize> {
    let mut start: u64 = 0;
    let mut items = 0usize;
    loop {
        // The same request target the SDK sends, so both hit the same sandbox cache entries.
        let url = if start == 0 {
            format!("{base}/deals?status=all_not_deleted&limit=100")
        } else {
            format!("{base}/deals?status=all_not_deleted&limit=100&start={start}")
        };
        let page = fetch(agent, &url, token)?;
        items += touch_deals(&page)?;
        let pagination = page.pointer("/additional_data/pagination");
        let more = pagination
            .and_then(|p| p.get("more_items_in_collection"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !more {
            return Ok(items);
        }
        start = pagination
            .and_then(|p| p.get("next_start"))
            .and_then(Value::as_u64)
            .ok_or("more_items_in_collection without next_start")?;
    }
}

pub fn get_each(agent: &ureq::Agent, base: &str, token: &str, n: u64) -> Result<usize> {
    for id in 1..=n {
        let deal = fetch(agent, &format!("{base}/deals/{id}"), token)?;
        let title = deal.pointer("/data/title").and_then(Value::as_str);
        if title.is_none() {
            return Err(format!("deal {id} has no title").into());
        }
        black_box(title);
    }
    Ok(usize::try_from(n)?)
}
