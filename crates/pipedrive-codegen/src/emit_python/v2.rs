//! Writes `v2.py` and its stub `v2.pyi`: the endpoints of API v2 (`client.v2.deals`),
//! one class per resource like `resources.py`, the request enums of their parameters,
//! and the v2 result types, typed from the Rust models of `pipedrive_types::v2`.
use super::models::enums_block;
use super::names::{HEADER, STUB_HEADER, attribute_field, py_str};
use super::resources::{classes_py, classes_pyi, resource_handles};
use super::surface::Surface;
use crate::opmap::OpMap;
use pipedrive_types::schema::{FieldKind, FieldSpec};
use std::fmt::Write as _;

/// The v2 models, by their Python (and Rust) name without `v2::`.
fn models() -> &'static [&'static str] {
    pipedrive_types::v2::MODEL_NAMES
}

fn fields(model: &str) -> &'static [FieldSpec] {
    pipedrive_types::v2::schema(model).unwrap_or_default()
}

/// The Python type of a v2 result field, as the native module reads it.
fn field_type(f: &FieldSpec) -> String {
    let one = match f.kind {
        FieldKind::Text | FieldKind::Enum => "str".to_owned(),
        FieldKind::Id if f.key == "id" && !f.list => return "int".to_owned(),
        FieldKind::Id => "int".to_owned(),
        FieldKind::Flag => "bool".to_owned(),
        FieldKind::Money => "Decimal".to_owned(),
        FieldKind::Date => "date".to_owned(),
        FieldKind::Time => "time".to_owned(),
        FieldKind::Timestamp => "datetime".to_owned(),
        FieldKind::Object(target) => target.trim_start_matches("v2::").to_owned(),
        _ => return "Any".to_owned(),
    };
    if f.list {
        format!("Optional[List[{one}]]")
    } else {
        format!("Optional[{one}]")
    }
}

/// Names `pipedrive_rs.v2` defines, checked for clashes between resources, enums and
/// result types.
fn exported(s: &Surface<'_>, map: &OpMap) -> Result<Vec<String>, String> {
    let mut all = vec!["V2".to_owned()];
    all.extend(resource_handles(map, s.ops).into_iter().map(|(_, h)| h));
    all.extend(s.enums.keys().cloned());
    all.extend(models().iter().map(|m| (*m).to_owned()));
    let mut seen = std::collections::BTreeSet::new();
    for n in &all {
        if !seen.insert(n) {
            return Err(format!("pipedrive_rs.v2 would define {n} twice"));
        }
    }
    Ok(all)
}

fn all_block(names: &[String]) -> String {
    let mut out = String::from("__all__ = [\n");
    for n in names {
        let _ = writeln!(out, "    {},", py_str(n));
    }
    out.push_str("]\n");
    out
}

/// `v2.py`.
pub(super) fn v2_py(s: &Surface<'_>, map: &OpMap) -> Result<String, String> {
    let mut out = String::from(HEADER);
    out.push_str("\"\"\"The endpoints of API v2 (``client.v2``): one class per resource, one method per\noperation, and the v2 result types.\n\nEach method hands its operation id and arguments to the native client, where the Rust\noperation table checks them and builds the request. Results are ``Record`` objects at\nrun time; the result types below are aliases of ``Record`` that the stubs (v2.pyi)\ndescribe with the fields of the Rust models. Types: see v2.pyi.\n\"\"\"\n\nimport enum\n\nfrom ._native import UNSET, Record\nfrom ._support import dest as _dest\nfrom ._support import file_part as _file\nfrom .resources import _Resource\n\n");
    out.push_str(&all_block(&exported(s, map)?));
    out.push_str(&enums_block(s));
    out.push('\n');
    for m in models() {
        let _ = writeln!(out, "{m} = Record");
    }
    out.push_str(&classes_py(s, map));
    out.push_str("\n\nclass V2:\n    \"\"\"The endpoints of API v2, one attribute per resource, named like the accessors of\n    the Rust ``V2``.\"\"\"\n\n    def __init__(self, native):\n");
    for (acc, h) in resource_handles(map, s.ops) {
        let _ = writeln!(out, "        self.{acc} = {h}(native)");
    }
    out.push_str("\n    def __repr__(self):\n        return \"<pipedrive_rs API v2 endpoints>\"\n");
    Ok(out.replace("\n\n\n\n", "\n\n\n"))
}

/// The imports `v2.pyi` and the async v2 stub share: what a v2 signature may name.
pub(super) fn stub_imports() -> String {
    "from datetime import date, datetime, time\nfrom decimal import Decimal\nfrom typing import Any, List, Mapping, Optional, Sequence, Union\n\nfrom typing_extensions import deprecated\n\nfrom ._native import Client as _NativeClient\nfrom ._native import UNSET, Pager, Record, SearchHits, Unset\nfrom ._support import (\n    ContactEntry,\n    DownloadTarget,\n    FileInput,\n    Money,\n    PriceInput,\n    Visibility,\n)\n".to_owned()
}

/// The reference types a parameter may take instead of an id (`owner_id=user`), as
/// stub imports.
pub(super) fn ref_imports() -> String {
    let mut refs: Vec<&str> = pipedrive_types::REF_ID_TYPES
        .iter()
        .map(|(_, t)| *t)
        .collect();
    refs.sort_unstable();
    refs.dedup();
    refs.iter()
        .map(|r| format!("from .models import {r} as {r}\n"))
        .collect()
}

/// `v2.pyi`.
pub(super) fn v2_pyi(s: &Surface<'_>, map: &OpMap) -> Result<String, String> {
    let mut out = String::from(STUB_HEADER);
    out.push_str("import enum\n");
    out.push_str(&stub_imports());
    out.push_str("from .resources import _Resource\n");
    out.push_str(&ref_imports());
    out.push('\n');
    out.push_str(&all_block(&exported(s, map)?));
    out.push_str(&enums_block(s).replace("\n\n\nclass", "\n\nclass"));
    for m in models() {
        let _ = write!(
            out,
            "\nclass {m}(Record):\n    \"\"\"A v2 ``{m}`` result; other and custom fields are read by key (``r[\"key\"]``).\"\"\"\n\n"
        );
        for f in fields(m).iter().filter(|f| attribute_field(f.key)) {
            let _ = writeln!(out, "    {}: {}", f.key, field_type(f));
        }
    }
    out.push_str(&classes_pyi(s, map));
    out.push_str("\nclass V2:\n");
    for (acc, h) in resource_handles(map, s.ops) {
        let _ = writeln!(out, "    {acc}: {h}");
    }
    out.push_str("    def __init__(self, native: _NativeClient) -> None: ...\n");
    Ok(out)
}

/// The `register_models` entries of the v2 result types: their documented fields, read
/// as `None` when the server leaves them out.
pub(super) fn registrations() -> String {
    let mut out = String::new();
    for m in models() {
        let keys: Vec<String> = fields(m)
            .iter()
            .filter(|f| attribute_field(f.key))
            .map(|f| py_str(f.key))
            .collect();
        let name = py_str(&format!("v2::{m}"));
        if keys.is_empty() {
            let _ = writeln!(out, "        {name}: (),");
        } else {
            let _ = writeln!(
                out,
                "        {name}: (\n            {},\n        ),",
                keys.join(",\n            ")
            );
        }
    }
    out
}
