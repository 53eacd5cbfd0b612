//! Writes the Python surface of the `pipedrive_rs` package from the same operations as
//! the Rust one. Each submodule owns one job:
//!
//! - [`resources`]: `python/pipedrive_rs/resources.py` (+ `.pyi`), one class per
//!   resource and one method per operation, handing the call to the native client;
//! - [`models`]: `python/pipedrive_rs/models.py` (+ `.pyi`), request enums and the
//!   result types with the fields their reference examples document;
//! - [`cases`]: `python/tests/endpoint_cases.json`, every endpoint's request shape with
//!   the sample values the Rust endpoint tests use, for the Python mock-server tests;
//! - [`surface`]: the result shapes and enums the emitters above share;
//! - [`names`]: Python identifiers, types and literals for the generator's names;
//! - [`v2`]: `python/pipedrive_rs/v2.py` (+ `.pyi`), the endpoints of API v2
//!   (`client.v2.deals`) and their result types.
mod cases;
mod models;
mod names;
mod resources;
mod surface;
mod v2;

use crate::model::Operation;
use crate::opmap::OpMap;
use std::collections::BTreeMap;

/// Every generated Python file, by path relative to the workspace root.
pub fn files(
    map: &OpMap,
    ops: &[Operation],
    v2_map: &OpMap,
    v2_ops: &[Operation],
) -> Result<BTreeMap<String, String>, String> {
    for op in ops.iter().chain(v2_ops) {
        names::check_names(op)?;
    }
    let s2 = surface::Surface::new(v2_ops);
    let s = surface::Surface::new(ops);
    let mut files = BTreeMap::new();
    files.insert(
        "python/pipedrive_rs/resources.py".to_owned(),
        resources::resources_py(&s, map),
    );
    files.insert(
        "python/pipedrive_rs/resources.pyi".to_owned(),
        resources::resources_pyi(&s, map),
    );
    files.insert(
        "python/pipedrive_rs/models.py".to_owned(),
        models::models_py(&s),
    );
    files.insert(
        "python/pipedrive_rs/models.pyi".to_owned(),
        models::models_pyi(&s),
    );
    files.insert(
        "python/pipedrive_rs/v2.py".to_owned(),
        v2::v2_py(&s2, v2_map)?,
    );
    files.insert(
        "python/pipedrive_rs/v2.pyi".to_owned(),
        v2::v2_pyi(&s2, v2_map)?,
    );
    let all: Vec<Operation> = ops.iter().chain(v2_ops).cloned().collect();
    files.insert(
        "python/tests/endpoint_cases.json".to_owned(),
        cases::cases(&all),
    );
    Ok(files)
}
