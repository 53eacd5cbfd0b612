//! The raw side of the whole-process comparison (`benches/python/bench_procs.py`, run by
//! `just py-bench`): one `ureq::Agent` and `serde_json::Value`, nothing of the SDK, doing
//! one workload and exiting, so that process start is counted like a Python program's.
//!
//! Usage: `proc_raw iterate|get [N]`, with `PIPEDRIVE_SANDBOX_URL` (a `.../v1` base URL)
//! and `PIPEDRIVE_SANDBOX_TOKEN` in the environment.
//!
//! - `iterate` — pages through `GET /deals?status=all_not_deleted&limit=100&start=..`
//!   until `more_items_in_collection` is false, touching `id` and `title` of every deal;
//! - `get N` — `GET /deals/{id}` for ids `1..=N` (default 1000), touching `title`.
//!
//! Prints the number of deals seen.
#[path = "common/raw.rs"]
mod raw;

use raw::{Result, get_each, iterate};

fn main() -> Result<()> {
    let base = std::env::var("PIPEDRIVE_SANDBOX_URL")?;
    let base = base.trim_end_matches('/');
    let token = std::env::var("PIPEDRIVE_SANDBOX_TOKEN")?;
    let mut args = std::env::args().skip(1);
    let agent = ureq::Agent::new_with_defaults();
    let n = match args.next().as_deref() {
        Some("iterate") => iterate(&agent, base, &token)?,
        Some("get") => {
            let n: u64 = args.next().as_deref().unwrap_or("1000").parse()?;
            get_each(&agent, base, &token, n)?
        }
        _ => return Err("usage: proc_raw iterate|get [N]".into()),
    };
    println!("{n}");
    Ok(())
}
