//! Threads sharing one transport reuse its pooled connections instead of opening new ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TOKEN, counting_server};
use pipedrive_transport::{Config, DEFAULT_MAX_IDLE_CONNECTIONS, Method, Request, Transport};
use serde_json::Value;
use std::thread;

const THREADS: usize = 16;
const CALLS: usize = 200;
// The default must hold one idle connection per thread of this test.
const _: () = assert!(DEFAULT_MAX_IDLE_CONNECTIONS >= THREADS);

/// With ureq's 3 idle connections per host, 16 threads kept closing the connections
/// that did not fit back into the pool and opening new ones: hundreds of connections
/// for a few thousand calls. With the default pool each thread's connection stays.
#[test]
fn sixteen_threads_reuse_their_connections() {
    let server = counting_server();
    let t = Transport::new(Config::with_api_token(TOKEN).base_url(&server.base_url)).unwrap();
    thread::scope(|s| {
        for _ in 0..THREADS {
            let t = t.clone();
            s.spawn(move || {
                for _ in 0..CALLS {
                    let _: Value = t.call(&Request::new(Method::Get, "/deals/1")).unwrap();
                }
            });
        }
    });
    let opened = server.accepted();
    // At most one per thread, plus a little slack for a connection the server side
    // closed under us; churn would be in the hundreds.
    assert!(
        opened <= THREADS + 4,
        "{opened} connections for {} calls from {THREADS} threads",
        THREADS * CALLS
    );
}

#[test]
fn the_pool_size_is_configurable_and_shown_in_debug() {
    let c = Config::with_api_token(TOKEN).max_idle_connections(64);
    assert!(format!("{c:?}").contains("max_idle_connections: 64"));
    let d = Config::with_api_token(TOKEN);
    assert!(format!("{d:?}").contains(&format!(
        "max_idle_connections: {DEFAULT_MAX_IDLE_CONNECTIONS}"
    )));
}
