//! Nothing to use: this crate's only job is in its `Cargo.toml`.
//!
//! Cargo picks the features of a third-party crate from the workspace members a build
//! selects, so `cargo build -p pipedrive-python` (maturin), `cargo test -p
//! pipedrive-tests` and `cargo test --workspace` would each compile serde, ureq and the
//! whole pipedrive stack above them once more. Every member depends on this crate, whose
//! dependency list (written by `cargo hakari generate`) is the union of those features,
//! so every selection resolves them alike and reuses one build.
