//! The Rust floor for `benches/python/bench_peers.py`: the same two workloads the Python
//! contenders run, written by hand with one reused `ureq::Agent` and `serde_json::Value`.
//!
//! Usage: `rust_floor <base_url> <api_token>` (base URL like `http://127.0.0.1:P/v1`).
//! It then reads commands from stdin, one per line, and answers each with one JSON line:
//!
//! - `iterate` — pages through `GET /deals?start=..&limit=100&status=all_not_deleted`
//!   until `more_items_in_collection` is false, touching `id` and `title` of every deal;
//!   answers `{"mode":"iterate","seconds":..,"items":..}`.
//! - `get <n>` — `GET /deals/{id}` for ids `1..=n`, touching `title`;
//!   answers `{"mode":"get","seconds":..,"items":..}`.
//! - `rss` — answers `{"rss_kib":..}`, the peak resident set (VmHWM) of this process.
//! - `quit` (or end of input) — exits.
use serde_json::{Value, json};
use std::error::Error;
use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::Instant;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

fn fetch(agent: &ureq::Agent, url: &str, token: &str) -> Result<Value> {
    let mut response = agent.get(url).header("x-api-token", token).call()?;
    let body = response.body_mut().read_to_vec()?;
    Ok(serde_json::from_slice::<Value>(&body)?)
}

fn iterate(agent: &ureq::Agent, base: &str, token: &str) -> Result<usize> {
    let mut start: u64 = 0;
    let mut items = 0usize;
    loop {
        let url = format!("{base}/deals?start={start}&limit=100&status=all_not_deleted");
        let page = fetch(agent, &url, token)?;
        let data = page
            .get("data")
            .and_then(Value::as_array)
            .ok_or("page without a data array")?;
        for deal in data {
            black_box(deal.get("id").and_then(Value::as_i64));
            black_box(deal.get("title").and_then(Value::as_str));
            items += 1;
        }
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

fn get_each(agent: &ureq::Agent, base: &str, token: &str, n: u64) -> Result<usize> {
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

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(token)) = (args.get(1), args.get(2)) else {
        return Err("usage: rust_floor <base_url> <api_token>".into());
    };
    let base = base.trim_end_matches('/');
    let agent = ureq::Agent::new_with_defaults();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let mut words = line.split_whitespace();
        let answer = match words.next() {
            Some("iterate") => {
                let t = Instant::now();
                let items = iterate(&agent, base, token)?;
                json!({"mode": "iterate", "seconds": t.elapsed().as_secs_f64(), "items": items})
            }
            Some("get") => {
                let n: u64 = words.next().unwrap_or("1000").parse()?;
                let t = Instant::now();
                let items = get_each(&agent, base, token, n)?;
                json!({"mode": "get", "seconds": t.elapsed().as_secs_f64(), "items": items})
            }
            Some("rss") => json!({"rss_kib": peak_rss_kib()}),
            Some("quit") | None => break,
            Some(other) => return Err(format!("unknown command {other:?}").into()),
        };
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}
