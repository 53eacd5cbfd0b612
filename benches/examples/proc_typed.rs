//! The typed Rust client's side of the whole-process comparison
//! (`benches/python/bench_procs.py`, run by `just py-bench`): the same workloads as
//! `proc_raw.rs`, through `pipedrive::Client`, one workload per process.
//!
//! Usage: `proc_typed iterate|iterate-v2|get [N]`, with `PIPEDRIVE_SANDBOX_URL` and
//! `PIPEDRIVE_SANDBOX_TOKEN` in the environment. Prints the number of deals seen.
// The v1 workloads compare like with like against `proc_raw.rs` and the Python side:
// deprecated by Pipedrive, still served.
#![allow(deprecated)]
use pipedrive::sales::{DealStatusFilter, ListDeals};
use pipedrive::types::DealId;
use std::error::Error;
use std::hint::black_box;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

fn main() -> Result<()> {
    let base = std::env::var("PIPEDRIVE_SANDBOX_URL")?;
    let token = std::env::var("PIPEDRIVE_SANDBOX_TOKEN")?;
    let client = pipedrive::Client::new(pipedrive::Config::with_api_token(token).base_url(base))?;
    let mut args = std::env::args().skip(1);
    let n = match args.next().as_deref() {
        Some("iterate") => {
            let params = ListDeals {
                status: Some(DealStatusFilter::AllNotDeleted),
                limit: Some(100),
                ..ListDeals::default()
            };
            let mut n = 0usize;
            for deal in client.deals().list(&params) {
                let deal = deal?;
                black_box(deal.id);
                black_box(&deal.title);
                n += 1;
            }
            n
        }
        Some("iterate-v2") => {
            // The v2 deals by cursor, 100 a page, through the generated v2 resource.
            let params = pipedrive::sales::v2::ListDeals {
                limit: Some(100),
                ..Default::default()
            };
            let mut n = 0usize;
            for deal in client.v2().deals().list(&params) {
                let deal = deal?;
                black_box(&deal.id);
                black_box(&deal.title);
                n += 1;
            }
            n
        }
        Some("get") => {
            let n: u64 = args.next().as_deref().unwrap_or("1000").parse()?;
            for id in 1..=n {
                let deal = client.deals().get(DealId(id))?;
                if deal.title.is_none() {
                    return Err(format!("deal {id} has no title").into());
                }
                black_box(&deal.title);
            }
            usize::try_from(n)?
        }
        _ => return Err("usage: proc_typed iterate|iterate-v2|get [N]".into()),
    };
    println!("{n}");
    Ok(())
}
