//! Connection reuse under threads: how many connections 16 threads sharing one client
//! open for `16 × N` calls, with ureq's former 3 idle connections per host and with the
//! SDK's default pool (`pipedrive::DEFAULT_MAX_IDLE_CONNECTIONS`, 32).
//!
//! Usage: `cargo run --release -p pipedrive-benches --example pool_reuse [N]` (or
//! `just bench-pool`); N defaults to 2,000 calls per thread. Both runs talk to the same
//! kind of keep-alive server on `127.0.0.1` (`pipedrive_benches::CannedServer`), which
//! counts the connections it accepted. Every accepted connection beyond the 16 threads
//! is churn: against the real API, a TCP and TLS handshake, and a socket left in
//! TIME_WAIT. Prints one line per pool size: connections, calls, calls per second.
// Measures the v1 deal read on purpose (its canned answer is a v1 one): deprecated by
// Pipedrive, still served.
#![allow(deprecated)]
use pipedrive::types::DealId;
use pipedrive_benches::CannedServer;
use std::error::Error;
use std::time::Instant;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

const TOKEN: &str = "bench-api-token-5f2a9c";
const THREADS: usize = 16;
const GET_DEAL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/v1/get_deals_id.json"
));

/// Connections accepted and seconds taken for `THREADS × calls` GETs.
fn run(pool: usize, calls: usize) -> Result<(usize, f64)> {
    let server = CannedServer::start(GET_DEAL.as_bytes().to_vec(), TOKEN)?;
    let config = pipedrive::Config::with_api_token(TOKEN)
        .base_url(format!("{}/v1", server.origin()))
        .max_idle_connections(pool);
    let client = pipedrive::Client::new(config)?;
    let started = Instant::now();
    std::thread::scope(|s| -> Result<()> {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                let client = client.clone();
                s.spawn(move || -> Result<()> {
                    for _ in 0..calls {
                        client.deals().get(DealId(1))?;
                    }
                    Ok(())
                })
            })
            .collect();
        for w in workers {
            w.join().map_err(|_| "a worker thread panicked")??;
        }
        Ok(())
    })?;
    Ok((server.accepted(), started.elapsed().as_secs_f64()))
}

fn main() -> Result<()> {
    let calls: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 2_000,
    };
    let total = THREADS * calls;
    println!("{THREADS} threads x {calls} GETs sharing one client ({total} calls)");
    for (label, pool) in [
        ("ureq's former 3 per host", 3),
        ("default pool", pipedrive::DEFAULT_MAX_IDLE_CONNECTIONS),
    ] {
        let (opened, seconds) = run(pool, calls)?;
        println!(
            "  max_idle_connections = {pool:>2} ({label}): {opened:>5} connections opened, \
             {:>6.2} per 1,000 calls, {:>8.0} calls/s",
            opened as f64 * 1000.0 / total as f64,
            total as f64 / seconds
        );
    }
    Ok(())
}
