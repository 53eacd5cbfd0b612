//! A local, in-memory, stateful server that speaks the Pipedrive v1 API.
//!
//! Start one in a test, point a client at [`Sandbox::base_url`], and it answers like
//! the real service: the `{success, data, additional_data, related_objects}` envelope,
//! v1 pagination, validation errors, soft deletes, custom fields with 40-character
//! keys, search, and the same status codes. Everything lives in memory and vanishes
//! when the [`Sandbox`] is dropped.
//!
//! ```no_run
//! let sandbox = pipedrive_sandbox::Sandbox::with_seed(7).unwrap();
//! println!("point your client at {}", sandbox.base_url());
//! assert_eq!(sandbox.count("deals"), 100);
//! ```
//!
//! Misbehaviour on demand: [`Sandbox::faults`] (or the `x-sandbox-fault` request
//! header, or `POST /_sandbox/faults`) makes it rate limit, fail, drop or truncate
//! answers, or send one of the named answers of [`Faults::answer_next`] (a redirect, an
//! oversized or non-JSON body, `success: false`, a spent daily budget, a coded error),
//! so retry and error handling can be tested without the real service.
//!
//! The v2 deals, persons, organizations, products, activities, stages and pipelines
//! (`/v2/deals`, ...: list by cursor, get, add, PATCH, delete, followers; archived
//! deals) are served on the same store, so a record added through v2 reads through v1
//! and back; v2 references are plain ids, times RFC 3339, custom fields one
//! `custom_fields` object. So are a deal's products (one by one and in bulk, the same
//! attachments v1 lists), installments and additional discounts, deal↔lead conversion,
//! a product's variations, image and duplication, a user's followers, the deal, person,
//! organization, product, project and activity fields, and search (per item type,
//! `/v2/itemSearch`, `/v2/itemSearch/field`). Projects, their tasks, boards, phases and
//! templates are v2 only. A `/v2` error, an unknown `/v2` route included, has v2's error
//! body; an unknown route's message names its method and path. Person pictures are not
//! kept: `/v2/persons/{id}/picture` answers 404.
//!
//! Seeded accounts ([`Sandbox::with_seed`]) are deterministic: the same seed gives
//! byte-identical answers.
//!
//! Served beside the API, without authentication: `GET /_sandbox/stats` (record
//! counts, requests served, highest concurrency), `GET|POST|DELETE /_sandbox/faults`,
//! `POST /_sandbox/reset` (back to the freshly started account, see [`Sandbox::reset`]).
#![deny(missing_docs)]

mod api;
mod control;
mod defaults;
mod faults;
mod http;
mod render;
mod seed;
mod server;
mod store;
mod util;

pub use faults::{
    ANSWER_NAMES, FAIL_STATUSES, FAULT_CODE, FAULT_INFO, Faults, OVERSIZED_LEN, REDIRECT_TARGET,
};

use server::Shared;
use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;

/// A running sandbox server on `127.0.0.1`. Dropping it stops the server.
pub struct Sandbox {
    shared: Arc<Shared>,
    port: u16,
    acceptor: Option<JoinHandle<()>>,
}

/// Options for [`Sandbox::builder`].
#[derive(Clone, Default)]
pub struct SandboxBuilder {
    port: u16,
    seed: Option<u64>,
    seed_deals: Option<usize>,
    token: Option<String>,
}

impl SandboxBuilder {
    /// Port to listen on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Fills the account with deterministic demo data made from `seed`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// How many deals seeding creates (default 100). Setting it without [`seed`](Self::seed)
    /// seeds with seed 0.
    pub fn seed_deals(mut self, deals: usize) -> Self {
        self.seed_deals = Some(deals);
        self
    }

    /// Accepts only this API token; without it any non-empty token is accepted.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Binds the port and starts serving.
    pub fn start(self) -> io::Result<Sandbox> {
        let seeding = Seeding {
            seed: self.seed.or(self.seed_deals.map(|_| 0)),
            deals: self.seed_deals.unwrap_or(100),
        };
        let listener = TcpListener::bind(("127.0.0.1", self.port))?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared::new(seeding, self.token));
        let for_thread = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("pipedrive-sandbox-accept".into())
            .spawn(move || server::accept_loop(listener, for_thread))?;
        Ok(Sandbox {
            shared,
            port,
            acceptor: Some(acceptor),
        })
    }
}

/// What an account starts with; kept so [`Sandbox::reset`] can start over.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seeding {
    /// `None`: the empty account.
    seed: Option<u64>,
    deals: usize,
}

impl Seeding {
    /// A store as a freshly started server has it: the same seeding gives the same
    /// records with the same ids.
    pub(crate) fn build(&self) -> store::Store {
        let mut store = store::Store::new(self.seed.unwrap_or(0));
        if let Some(seed) = self.seed {
            seed::seed(&mut store, seed, self.deals);
        }
        store
    }
}

impl Sandbox {
    /// An empty account (one user, the default pipeline, standard fields) on a free
    /// port, accepting any non-empty token.
    pub fn start() -> io::Result<Sandbox> {
        Sandbox::builder().start()
    }

    /// An account seeded from `seed` (3 users, 20 organizations, 50 persons, 100
    /// deals, products, activities, leads, 2 custom deal fields) on a free port.
    pub fn with_seed(seed: u64) -> io::Result<Sandbox> {
        Sandbox::builder().seed(seed).start()
    }

    /// Options: port, seed, number of seeded deals, required token.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Fault injection switches for this server.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Live (not deleted) records of a collection: `"deals"`, `"persons"`,
    /// `"organizations"`, `"activities"`, `"products"`, `"leads"`, `"users"`,
    /// `"stages"`, `"activity_types"`, `"filters"`, `"deal_products"`, `"followers"`,
    /// `"participants"`, `"installments"`, `"discounts"`, `"deal_fields"`, `"projects"`,
    /// `"tasks"`, `"boards"`, `"phases"`, `"product_variations"`, ... Unknown names count 0.
    pub fn count(&self, collection: &str) -> usize {
        self.shared.count_of(collection).unwrap_or(0)
    }

    /// Like [`count`](Self::count), but `None` for a collection name the sandbox does not
    /// know, so a misspelt name can be told from an empty collection.
    pub fn count_of(&self, collection: &str) -> Option<usize> {
        self.shared.count_of(collection)
    }

    /// API requests answered so far (the `/_sandbox` routes are not counted).
    pub fn requests_served(&self) -> u64 {
        self.shared.served.load(Ordering::SeqCst)
    }

    /// The highest number of API requests that were being handled at the same time
    /// (the `/_sandbox` routes are not counted).
    pub fn max_in_flight(&self) -> u64 {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Counters and record counts, the same JSON `GET /_sandbox/stats` answers in its
    /// `data`: `requests_served`, `max_in_flight`, `in_flight`, and `counts` (live
    /// deals, persons, organizations, activities, products, leads, users, files, ...).
    ///
    /// ```no_run
    /// let sandbox = pipedrive_sandbox::Sandbox::with_seed(1).unwrap();
    /// assert_eq!(sandbox.stats()["counts"]["deals"], 100);
    /// ```
    pub fn stats(&self) -> serde_json::Value {
        self.shared.stats()
    }

    /// Starts the account over without restarting the server: the records are rebuilt
    /// from the same seed and deal count (so ids start again and answers are
    /// byte-identical to a fresh sandbox's), every fault is switched off, cached answers
    /// are dropped, and `requests_served` and `max_in_flight` go back to zero. The port,
    /// the token and open connections are kept. `POST /_sandbox/reset` does the same.
    ///
    /// ```no_run
    /// let sandbox = pipedrive_sandbox::Sandbox::with_seed(1).unwrap();
    /// // ... a test creates and deletes records, sets faults ...
    /// sandbox.reset();
    /// assert_eq!(sandbox.count("deals"), 100);
    /// ```
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops the server and closes its connections.
    pub fn stop(self) {
        drop(self);
    }

    fn shut_down(&mut self) {
        if let Some(acceptor) = self.acceptor.take() {
            self.shared.shut_down(self.port, acceptor);
        }
    }
}

// Written out so the required token never shows in logs or assertion messages.
impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("port", &self.port)
            .field("token_required", &self.shared.token_required())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("port", &self.port)
            .field("seed", &self.seed)
            .field("seed_deals", &self.seed_deals)
            .field("token_required", &self.token.is_some())
            .finish()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shut_down();
    }
}
