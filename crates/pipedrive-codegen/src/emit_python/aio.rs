//! Writes the endpoint surface of the asyncio client (`pipedrive_rs.AsyncClient`):
//! `aio_resources.py` (v1) and `aio_v2.py` (v2), with their stubs.
//!
//! At run time an async resource is the sync resource class under another name: its
//! methods hand the operation id and arguments to `self._c`, which for the asyncio
//! client is an adapter (`pipedrive_rs.aio`) that runs the call on a worker thread and
//! returns an awaitable, or wraps a list's pager in an `AsyncPager`. So the `.py` files
//! only name the classes; the stubs carry the typed signatures: `async def` for a call,
//! a plain `def` returning `AsyncPager[T]`/`AsyncSearchHits[T]` for a list, so that
//! `async for deal in client.v2.deals.list()` reads as it runs.
use super::names::{HEADER, STUB_HEADER, py_str};
use super::resources::{def_line, docstring, resource_handles, resources_with_ops, signature};
use super::surface::Surface;
use crate::model::Operation;
use crate::opmap::OpMap;
use std::fmt::Write as _;

/// One version's async surface: where the sync classes live and what the container is.
pub(super) struct Flavour {
    /// The sync module the runtime classes extend (`resources`, `v2`).
    pub sync_module: &'static str,
    /// The container class (`AsyncResources`, `AsyncV2`) and its docstring.
    pub container: &'static str,
    pub container_doc: &'static str,
    /// The module docstring of the `.py` file.
    pub module_doc: &'static str,
    /// The imports the sync stub starts with, which the async signatures need too.
    pub stub_imports: String,
}

fn async_name(handle: &str) -> String {
    format!("Async{handle}")
}

/// The async return type of an operation: a pager type, or None when the method is a
/// coroutine returning the sync type.
fn pager_type(sync_ret: &str) -> Option<String> {
    for (sync, asynchronous) in [
        ("Pager[", "AsyncPager["),
        ("SearchHits[", "AsyncSearchHits["),
    ] {
        if let Some(rest) = sync_ret.strip_prefix(sync) {
            return Some(format!("{asynchronous}{rest}"));
        }
    }
    None
}

fn all_block(container: &str, handles: &[(String, String)]) -> String {
    let mut out = format!("__all__ = [\n    {},\n", py_str(container));
    for (_, h) in handles {
        let _ = writeln!(out, "    {},", py_str(&async_name(h)));
    }
    out.push_str("]\n");
    out
}

/// The `.py` file: one subclass per sync resource class, and the container.
pub(super) fn aio_py(s: &Surface<'_>, map: &OpMap, f: &Flavour) -> String {
    let handles = resource_handles(map, s.ops);
    let mut out = String::from(HEADER);
    let _ = write!(
        out,
        "\"\"\"{}\"\"\"\n\nfrom . import {} as _sync\n\n",
        f.module_doc, f.sync_module
    );
    out.push_str(&all_block(f.container, &handles));
    for (acc, h) in &handles {
        let _ = write!(
            out,
            "\n\nclass {a}(_sync.{h}):\n    \"\"\"``client.{p}{acc}`` of :class:`pipedrive_rs.AsyncClient`: the methods of\n    :class:`pipedrive_rs.{m}.{h}`, awaitable; a list returns an\n    :class:`pipedrive_rs.aio.AsyncPager`.\"\"\"\n\n    __slots__ = ()\n",
            a = async_name(h),
            p = if f.sync_module == "v2" { "v2." } else { "" },
            m = f.sync_module,
        );
    }
    let _ = write!(
        out,
        "\n\nclass {}:\n    \"\"\"{}\"\"\"\n\n    def __init__(self, native):\n",
        f.container, f.container_doc
    );
    for (acc, h) in &handles {
        let _ = writeln!(out, "        self.{acc} = {}(native)", async_name(h));
    }
    let _ = write!(
        out,
        "\n    def __repr__(self):\n        return \"<pipedrive_rs async {} endpoints>\"\n",
        if f.sync_module == "v2" {
            "API v2"
        } else {
            "API v1"
        }
    );
    out
}

/// One stub method: `async def` for a call, `def -> AsyncPager[T]` for a list.
fn stub_method(s: &Surface<'_>, op: &Operation, out: &mut String) {
    let (params, ret) = signature(s, op, true);
    if let Some(dep) = &op.deprecation {
        let id = format!("{}.{}", op.resource.dotted(), op.op.name);
        let _ = writeln!(out, "    @deprecated({})", py_str(&dep.python_message(&id)));
    }
    let sync_ret = ret.trim_start_matches(" -> ");
    match pager_type(sync_ret) {
        Some(t) => out.push_str(&def_line(&op.op.name, &params, &format!(" -> {t}"), "    ")),
        None => out.push_str(&def_line(&op.op.name, &params, &ret, "    ").replacen(
            "def ",
            "async def ",
            1,
        )),
    }
    out.push_str(&docstring(op, "        "));
    out.push_str("        ...\n");
}

/// The `.pyi` stub: the typed async classes and the container.
pub(super) fn aio_pyi(s: &Surface<'_>, map: &OpMap, f: &Flavour) -> String {
    let handles = resource_handles(map, s.ops);
    let mut out = String::from(STUB_HEADER);
    out.push_str(&f.stub_imports);
    out.push_str("from .aio import AsyncPager, AsyncSearchHits\n\n");
    out.push_str(&all_block(f.container, &handles));
    for (res, mine) in resources_with_ops(map, s.ops) {
        let _ = write!(
            out,
            "\nclass {}:\n    \"\"\"The ``{}`` endpoints of :class:`pipedrive_rs.AsyncClient` (``client.{}``).\"\"\"\n\n    def __init__(self, native: Any) -> None: ...\n",
            async_name(&res.handle),
            res.handle,
            res.dotted()
        );
        for op in mine {
            stub_method(s, op, &mut out);
        }
    }
    let _ = write!(out, "\nclass {}:\n", f.container);
    for (acc, h) in &handles {
        let _ = writeln!(out, "    {acc}: {}", async_name(h));
    }
    out.push_str("    def __init__(self, native: Any) -> None: ...\n");
    out
}
