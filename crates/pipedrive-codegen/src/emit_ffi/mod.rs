//! Writes the uniffi surface of `bindings/ffi` (Kotlin and Swift) from the same operations
//! as the Rust and Python ones. Each submodule owns one job:
//!
//! - [`models`]: `models.rs`, one uniffi record per response model the endpoints can
//!   return, with `From` conversions. Lenient Rust types cross as plain values (flags as
//!   booleans, amounts as doubles, enums as their wire strings, id references as the
//!   expanded reference record); maps and shapes without a model cross as JSON text;
//!   `extra` keeps custom and unknown fields as a JSON object.
//! - [`params`]: `params.rs`, one record per parameter struct, optional fields defaulting
//!   to absent, with a checked conversion into the Rust struct.
//! - [`resources`]: `resources.rs`, one object per resource handle with one method per
//!   operation (list endpoints get a first-page method and a `_pager` method), the
//!   client's accessors, and the page/pager types of every list.
//! - [`swift`]: the Swift test's table of every accessor and operation.
//! - [`types`]: what `pipedrive-types` declares, read from its sources; [`text`]: the
//!   header and doc comments the generated files share.
mod models;
mod params;
mod resources;
mod swift;
mod text;
mod types;

use crate::model::Operation;
use crate::opmap::OpMap;
use std::collections::BTreeMap;
use std::path::Path;

/// Every generated file of `bindings/ffi`, by path relative to the workspace root.
pub fn files(
    map: &OpMap,
    ops: &[Operation],
    v2_map: &OpMap,
    v2_ops: &[Operation],
    root: &Path,
) -> Result<BTreeMap<String, String>, String> {
    let ix = types::TypeIndex::read(root)?;
    // The v2 operations answer with v2 models, recorded as `V2Deal` for `v2::Deal`.
    let mut all: Vec<Operation> = ops.to_vec();
    for op in v2_ops {
        let mut op = op.clone();
        op.op.response = op.op.response.replace("v2::", "V2");
        all.push(op);
    }
    let ops = &all[..];
    // The models some operation answers with as a saved record (`saved:T`): their
    // mobile records carry a non-null id.
    let saved = ops
        .iter()
        .filter_map(|o| o.op.response.strip_prefix("saved:"))
        .map(str::to_owned)
        .collect();
    let mut models = models::Models::new(&ix, saved);
    let (resources, pagers) = resources::resources_rs(&[map, v2_map], ops, &mut models)?;
    let mut out = BTreeMap::new();
    out.insert(
        "bindings/ffi/kotlin/generated/Pagers.kt".to_owned(),
        resources::pagers_kt(&pagers),
    );
    out.insert(
        "bindings/ffi/swift/Extras/Pagers.swift".to_owned(),
        resources::pagers_swift(&pagers),
    );
    out.insert(
        "bindings/ffi/src/generated/resources.rs".to_owned(),
        resources,
    );
    out.insert(
        "bindings/ffi/src/generated/params.rs".to_owned(),
        params::params_rs(ops, &ix)?,
    );
    out.insert(
        "bindings/ffi/src/generated/models.rs".to_owned(),
        models::models_rs(&ix, &models),
    );
    out.insert(
        "bindings/ffi/swift/Tests/PipedriveFFITests/Operations.swift".to_owned(),
        swift::swift_references(map, &ops[..ops.len() - v2_ops.len()]),
    );
    Ok(out)
}
