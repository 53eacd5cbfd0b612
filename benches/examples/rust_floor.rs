//! The Rust floor for `benches/python/bench_peers.py`: the same two workloads the Python
//! contenders run, written by hand with one reused `ureq::Agent` and `serde_json::Value`.
//!
//! Usage: `rust_floor <base_url> <api_token>` (base URL like `http://127.0.0.1:P/v1`).
//! It then reads commands from stdin, one per line, and answers each with one JSON line:
//!
//! - `iterate` — pages through `GET /deals?status=all_not_deleted&limit=100&start=..`
//!   until `more_items_in_collection` is false, touching `id` and `title` of every deal;
//!   answers `{"mode":"iterate","seconds":..,"items":..}`.
//! - `get <n>` — `GET /deals/{id}` for ids `1..=n`, touching `title`;
//!   answers `{"mode":"get","seconds":..,"items":..}`.
//! - `rss` — answers `{"rss_kib":..}`, the peak resident set (VmHWM) of this process.
//! - `quit` (or end of input) — exits.
use serde_json::json;
use std::io::{BufRead, Write};
use std::time::Instant;

#[path = "common/raw.rs"]
mod raw;

use raw::{Result, get_each, iterate};

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
