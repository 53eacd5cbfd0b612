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
//!   (`client.v2.deals`) and their result types;
//! - [`aio`]: `aio_resources.py` and `aio_v2.py` (+ `.pyi`), the same endpoints for the
//!   asyncio client.
mod aio;
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
    let v1_async = aio::Flavour {
        sync_module: "resources",
        container: "AsyncResources",
        container_doc: "One attribute per v1 resource, as on :class:`pipedrive_rs.Client`.",
        module_doc: "The API v1 endpoints of :class:`pipedrive_rs.AsyncClient`: the classes of\n``resources`` under async names. Their calls go through the asyncio adapter of\n``pipedrive_rs.aio``, which makes each one awaitable. Types: see aio_resources.pyi.\n",
        stub_imports: resources::stub_imports(),
    };
    let v2_async = aio::Flavour {
        sync_module: "v2",
        container: "AsyncV2",
        container_doc: "One attribute per v2 resource, as on ``Client.v2``.",
        module_doc: "The API v2 endpoints of :class:`pipedrive_rs.AsyncClient` (``client.v2``): the\nclasses of ``v2`` under async names, awaitable through the adapter of\n``pipedrive_rs.aio``. Types: see aio_v2.pyi.\n",
        stub_imports: format!(
            "{}{}from .v2 import *\n",
            v2::stub_imports(),
            v2::ref_imports()
        ),
    };
    for (name, surface, m, flavour) in [
        ("aio_resources", &s, map, &v1_async),
        ("aio_v2", &s2, v2_map, &v2_async),
    ] {
        files.insert(
            format!("python/pipedrive_rs/{name}.py"),
            aio::aio_py(surface, m, flavour),
        );
        files.insert(
            format!("python/pipedrive_rs/{name}.pyi"),
            aio::aio_pyi(surface, m, flavour),
        );
    }
    let all: Vec<Operation> = ops.iter().chain(v2_ops).cloned().collect();
    files.insert(
        "python/tests/endpoint_cases.json".to_owned(),
        cases::cases(&all),
    );
    Ok(files)
}
