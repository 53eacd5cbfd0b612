//! Writes `resources.rs`: one uniffi object per resource handle with one method per
//! operation (list endpoints also get a `_pager` method, downloads a `_to_path` one), the
//! client's accessors, and the page, pager and search-hit types of every list.
use super::models::Models;
use super::params::rust_of;
use super::text::{HEADER, doc};
use super::types::{Ty, TypeIndex};
use crate::model::Operation;
use crate::opmap::OpMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// (record name, pager name, Rust page data type, item record) of a list response.
fn page_of(op: &Operation, ix: &TypeIndex) -> Option<(String, String, String, String)> {
    let (kind, t) = op.op.response.split_once(':')?;
    match kind {
        // A list in one response is walked like a paged one, as one page.
        "page" | "vec" => Some((
            format!("{t}Page"),
            format!("{t}Pager"),
            format!("types::Items<{}>", ix.rust(t)),
            t.to_owned(),
        )),
        // Hits whose item has no one shape (v2 item search): the item as JSON.
        "search" if t == "serde_json::Value" => Some((
            "V2ItemSearchPage".to_owned(),
            "V2ItemSearchPager".to_owned(),
            "types::SearchResults<serde_json::Value>".to_owned(),
            "V2ItemSearchResult".to_owned(),
        )),
        // Search pages hold hits (score + item): `DealSearchItem` -> `DealSearchHit`,
        // v2's `V2DealSearchHitItem` -> `V2DealSearchHit`.
        "search" => {
            let base = t.strip_suffix("Item").unwrap_or(t);
            let base = base.strip_suffix("Hit").unwrap_or(base);
            Some((
                format!("{base}Page"),
                format!("{base}Pager"),
                format!("types::SearchResults<{}>", ix.rust(t)),
                format!("{base}Hit"),
            ))
        }
        _ => None,
    }
}

/// The uniffi name of something of `res` named `name` in Rust: v2's records and objects
/// are prefixed (`V2Deals`, `V2ListDeals`), as uniffi has one namespace for both
/// versions.
pub(super) fn ffi_name(res: &crate::opmap::Resource, name: &str) -> String {
    match res.version {
        1 => name.to_owned(),
        v => format!("V{v}{name}"),
    }
}

/// `resources.rs`, and the (pager, item record) pairs of every list, for the Kotlin
/// pager extensions ([`pagers_kt`]).
pub(super) fn resources_rs(
    maps: &[&OpMap],
    ops: &[Operation],
    m: &mut Models<'_>,
) -> Result<(String, Vec<(String, String)>), String> {
    let ix = m.ix;
    let mut s = String::from(HEADER);
    s.push_str("//! One object per resource, one method per operation; the client's accessors.\n#![allow(clippy::too_many_arguments, clippy::redundant_closure, unused_imports, deprecated)]\nuse crate::client::{Client, Shared};\nuse crate::error::{PipedriveError, guard};\nuse crate::json::JsonValue;\nuse crate::models::*;\nuse crate::params::*;\nuse crate::shapes::*;\nuse crate::pages::{first_page, pager, search_hits};\nuse pipedrive::types;\nuse std::sync::Arc;\n\n");
    let mut pages = BTreeMap::new();
    let mut hits = BTreeMap::new();
    for res in maps.iter().flat_map(|m| &m.resources) {
        let mine: Vec<&Operation> = ops
            .iter()
            .filter(|o| o.resource.module == res.module && o.resource.version == res.version)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let h = ffi_name(res, &res.handle);
        let chain = res.dotted().replace('.', "().");
        let _ = writeln!(
            s,
            "/// The `{}` endpoints{}; from `client.{chain}()`. Every call blocks until the\n/// response is read (call from a background thread); its `_async` form (a Kotlin\n/// `suspend fun`, a Swift `async` method) does not.\n#[derive(Debug, uniffi::Object)]\npub struct {h} {{\n    client: Arc<Shared>,\n}}\n\nimpl {h} {{\n    /// The Rust resource handle; `InvalidInput` once the client is closed.\n    fn res(&self) -> Result<pipedrive::{}::{}, PipedriveError> {{\n        Ok(self.client.get()?.{chain}())\n    }}\n}}\n\n#[uniffi::export]\nimpl {h} {{",
            res.handle,
            if res.version == 1 {
                String::new()
            } else {
                format!(" of API v{}", res.version)
            },
            res.rust_mod(),
            res.handle,
        );
        for op in mine {
            let mut args = vec!["&self".to_owned()];
            let mut call_args = Vec::new();
            let mut prep = String::new();
            for (_, id, ty, by_ref) in &op.path_args {
                let (fty, conv) = rust_of(&Ty::parse(ty)?, id, ix)?;
                args.push(format!("{id}: {fty}"));
                if conv != "x" {
                    let _ = writeln!(prep, "let {id} = {{ let x = {id}; {conv} }};");
                }
                call_args.push(format!("{}{id}", if *by_ref { "&" } else { "" }));
            }
            let mut defaults = String::new();
            if let Some(p) = &op.op.params {
                let record = ffi_name(res, p);
                let krate = res.rust_mod();
                if op.fields.iter().any(|f| f.required) {
                    args.push(format!("params: {record}"));
                    let _ = writeln!(
                        prep,
                        "let params = pipedrive::{krate}::{p}::try_from(params)?;"
                    );
                } else {
                    args.push(format!("params: Option<{record}>"));
                    defaults = "#[uniffi::method(default(params))]\n".into();
                    let _ = writeln!(
                        prep,
                        "let params = match params {{ Some(p) => pipedrive::{krate}::{p}::try_from(p)?, None => Default::default() }};"
                    );
                }
                call_args.push("&params".into());
            }
            let name = &op.op.name;
            // The suspend/async twin of the main method: same arguments, run on the
            // blocking pool (bindings/ffi/src/aio.rs).
            let arg_names: Vec<String> = args[1..]
                .iter()
                .map(|a| a.split(':').next().unwrap_or("").trim().to_owned())
                .collect();
            let twin = |ret: &str| {
                format!(
                    "    /// The Kotlin `suspend` / Swift `async` form of `{name}`: runs on the library's\n    /// thread pool; cancelling the caller drops the result.\n    {defaults}pub async fn {name}_async(self: Arc<Self>{}) -> Result<{ret}, PipedriveError> {{\n        crate::aio::unblock(move || self.{name}({})).await\n    }}\n",
                    args[1..]
                        .iter()
                        .map(|a| format!(", {a}"))
                        .collect::<String>(),
                    arg_names.join(", ")
                )
            };
            let head = format!(
                "{}    /// `{} {}`\n",
                doc(&op.op.doc, "    "),
                op.ep.method,
                op.ep.path
            );
            let (kind, t) = op
                .op
                .response
                .split_once(':')
                .unwrap_or((op.op.response.as_str(), ""));
            let mut call = format!("self.res()?.{name}({})", call_args.join(", "));
            if kind == "saved" {
                call = format!("{call}.map(types::Saved::into_inner)");
            }
            match kind {
                "one" | "saved" => {
                    let (fty, conv, fallible) = m.convert(&Ty::parse(t)?, "r")?;
                    let conv = if fallible {
                        conv
                    } else {
                        format!("Ok({conv})")
                    };
                    let _ = writeln!(
                        s,
                        "{head}    {defaults}pub fn {name}({}) -> Result<{fty}, PipedriveError> {{\n        guard(|| {{\n            {prep}let r = {call}?;\n            {conv}\n        }})\n    }}\n",
                        args.join(", ")
                    );
                    s.push_str(&twin(&fty));
                }
                "page" | "vec" | "search" => {
                    let (page, pgr, data, item) = page_of(op, ix).ok_or("page without type")?;
                    // Page items convert fallibly: an item whose record requires an id
                    // and has none fails the page with a decode error.
                    let (item, conv) = if kind == "search" {
                        if m.is_saved(t) {
                            return Err(format!("search item {t} has a required id"));
                        }
                        // (item record, its Rust type, the conversion of a hit's item)
                        let of = if t == "serde_json::Value" {
                            (
                                "JsonValue".to_owned(),
                                t.to_owned(),
                                "JsonValue(x)".to_owned(),
                            )
                        } else {
                            m.visit(t)?;
                            (t.to_owned(), ix.rust(t), format!("{t}::from(x)"))
                        };
                        hits.insert(item.clone(), (of, pgr.clone()));
                        (item.clone(), format!("Ok({item}::from(x))"))
                    } else {
                        let (ty, conv, fallible) = m.convert(&Ty::parse(&item)?, "x")?;
                        (
                            ty,
                            if fallible {
                                conv
                            } else {
                                format!("Ok({conv})")
                            },
                        )
                    };
                    pages.insert(page.clone(), (pgr.clone(), data, item, conv));
                    let _ = writeln!(
                        s,
                        "{head}    ///\n    /// Returns one page (from `start`, if given); `{name}_pager` walks them all.\n    {defaults}pub fn {name}({}) -> Result<{page}, PipedriveError> {{\n        guard(|| {{\n            {prep}first_page({call}.pages())\n        }})\n    }}\n",
                        args.join(", ")
                    );
                    s.push_str(&twin(&page));
                    let more = if kind == "search" {
                        "; `first()` gives the best match alone"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        s,
                        "    /// A pager over every page of `{name}`: `next_page()` fetches the next one and\n    /// returns none after the last{more}.\n    {defaults}pub fn {name}_pager({}) -> Result<Arc<{pgr}>, PipedriveError> {{\n        guard(|| {{\n            {prep}Ok(Arc::new({pgr}::new(&self.client, {call}.pages())))\n        }})\n    }}\n",
                        args.join(", ")
                    );
                }
                "download" => {
                    let _ = writeln!(
                        s,
                        "{head}    ///\n    /// Returns the whole file in memory; `{name}_to_path` streams it to a file.\n    {defaults}pub fn {name}({}) -> Result<Vec<u8>, PipedriveError> {{\n        guard(|| {{\n            {prep}let mut out = Vec::new();\n            self.res()?.{name}({}, &mut out)?;\n            Ok(out)\n        }})\n    }}\n",
                        args.join(", "),
                        call_args.join(", ")
                    );
                    s.push_str(&twin("Vec<u8>"));
                    let _ = writeln!(
                        s,
                        "    /// Streams the file to `path` and returns the bytes written. The content goes\n    /// to a temporary file beside `path`, renamed over it only on success: a failure leaves\n    /// an existing file as it was.\n    pub fn {name}_to_path({}, path: String) -> Result<i64, PipedriveError> {{\n        guard(|| {{\n            {prep}let res = self.res()?;\n            crate::io::download_to_path(&path, |out| res.{name}({}, out))\n        }})\n    }}\n",
                        args.join(", "),
                        call_args.join(", ")
                    );
                }
                "none" => {
                    let _ = writeln!(
                        s,
                        "{head}    {defaults}pub fn {name}({}) -> Result<(), PipedriveError> {{\n        guard(|| {{\n            {prep}{call}?;\n            Ok(())\n        }})\n    }}\n",
                        args.join(", ")
                    );
                    s.push_str(&twin("()"));
                }
                // Data with no model (a list of ids): JSON.
                "raw" => {
                    let _ = writeln!(
                        s,
                        "{head}    {defaults}pub fn {name}({}) -> Result<JsonValue, PipedriveError> {{\n        guard(|| {{\n            {prep}Ok(JsonValue({call}?))\n        }})\n    }}\n",
                        args.join(", ")
                    );
                    s.push_str(&twin("JsonValue"));
                }
                other => return Err(format!("unknown response kind {other}")),
            }
        }
        s.push_str("}\n\n");
    }
    // Client accessors; those of v2 on the `V2` object from `Client.v2()`.
    for (holder, resources) in [
        ("Client", maps.first().map(|m| &m.resources)),
        ("V2", maps.get(1).map(|m| &m.resources)),
    ] {
        let field = if holder == "Client" {
            "shared"
        } else {
            "client"
        };
        let _ = writeln!(s, "#[uniffi::export]\nimpl {holder} {{");
        if holder == "Client" && maps.len() > 1 {
            s.push_str("    /// The endpoints of API v2: `client.v2().deals().list(..)`.\n    pub fn v2(&self) -> Arc<V2> {\n        Arc::new(V2 { client: Arc::clone(&self.shared) })\n    }\n\n");
        }
        for res in resources.into_iter().flatten() {
            let h = ffi_name(res, &res.handle);
            let _ = writeln!(
                s,
                "    /// The `{}` endpoints.\n    pub fn {}(&self) -> Arc<{h}> {{\n        Arc::new({h} {{ client: Arc::clone(&self.{field}) }})\n    }}\n",
                res.handle, res.accessor
            );
        }
        s.push_str("}\n\n");
        if holder == "Client" && maps.len() > 1 {
            s.push_str("/// The endpoints of API v2, one accessor per resource; from `Client.v2()`.\n#[derive(Debug, uniffi::Object)]\npub struct V2 {\n    client: Arc<Shared>,\n}\n\n");
        }
    }
    // Search hits, pages and pagers.
    s.push_str("search_hits! {\n");
    for (hit, ((item, rust, conv), pgr)) in &hits {
        let _ = writeln!(s, "    {hit}, {item}, {rust}, |x| {conv}, {pgr};");
    }
    s.push_str("}\n\npager! {\n");
    for (page, (pgr, data, item, conv)) in &pages {
        let _ = writeln!(s, "    {page}, {pgr}, {data}, {item}, |x| {conv};");
    }
    s.push_str("}\n");
    let pagers = pages
        .into_values()
        .map(|(pgr, _, item, _)| (pgr, item))
        .collect();
    Ok((s, pagers))
}

/// A language uniffi writes bindings in.
#[derive(Clone, Copy)]
enum Lang {
    Kotlin,
    Swift,
}

/// uniffi's name in `lang` of a Rust scalar type; records keep their names.
fn foreign_name(rust: &str, lang: Lang) -> &str {
    match (rust, lang) {
        ("i64", Lang::Kotlin) => "Long",
        ("i64", Lang::Swift) => "Int64",
        ("f64", _) => "Double",
        ("bool", Lang::Kotlin) => "Boolean",
        ("bool", Lang::Swift) => "Bool",
        (other, _) => other,
    }
}

/// `Pagers.kt`: each pager as a Kotlin `Flow` (collected in a coroutine, pages fetched
/// with `nextPageAsync`) and a `Sequence` (blocking), shipped beside the generated
/// bindings by `scripts/ffi-bindings.sh`.
pub(super) fn pagers_kt(pagers: &[(String, String)]) -> String {
    let mut s = String::from(
        "// @generated by pipedrive-codegen from the API reference, the v2 contract and the operation maps.\n// Do not edit: change the generator or the map and run `just generate`.\n//\n// Every pager as a Flow (for coroutines) and a Sequence (for blocking callers). A pager\n// walks once: collecting a second time goes on where the first stopped. A failed page\n// is fetched again by the next collection, so a retry misses nothing.\n@file:Suppress(\"unused\")\n\npackage uniffi.pipedrive_ffi\n\nimport kotlinx.coroutines.flow.Flow\nimport kotlinx.coroutines.flow.flow\n",
    );
    for (pager, item) in pagers {
        let item = foreign_name(item, Lang::Kotlin);
        let _ = write!(
            s,
            "\n/** Every item of every page, fetched page by page as the flow is collected. */\nfun {pager}.asFlow(): Flow<{item}> = flow {{\n    while (true) {{\n        val page = nextPageAsync() ?: break\n        for (item in page.items) emit(item)\n    }}\n}}\n\n/** Every item of every page; each page is fetched when the sequence reaches it (blocking). */\nfun {pager}.asSequence(): Sequence<{item}> = sequence {{\n    while (true) {{\n        val page = nextPage() ?: break\n        yieldAll(page.items)\n    }}\n}}\n"
        );
    }
    s
}

/// `Pagers.swift`: each pager as a Swift `AsyncSequence` of its items (pages fetched with
/// `nextPageAsync()` as the loop reaches them), copied into the Swift package by
/// `scripts/ffi-swift-package.sh`.
pub(super) fn pagers_swift(pagers: &[(String, String)]) -> String {
    let mut s = String::from(
        "// @generated by pipedrive-codegen from the API reference, the v2 contract and the operation maps.\n// Do not edit: change the generator or the map and run `just generate`.\n//\n// Every pager as an AsyncSequence: `for try await deal in pager.items() { ... }`. A pager\n// walks once: iterating a second time goes on where the first stopped. A failed page is\n// fetched again by the next iteration, so a retry misses nothing. NOT COMPILED on our\n// Linux CI (no Swift toolchain there); scripts/ffi-swift-package.sh compiles it on macOS.\nimport Foundation\n\n/// The items of every page a pager fetches, page by page, as the loop asks for them.\npublic struct PagerItems<Item>: AsyncSequence {\n    public typealias Element = Item\n    let nextPage: () async throws -> [Item]?\n\n    public struct AsyncIterator: AsyncIteratorProtocol {\n        let nextPage: () async throws -> [Item]?\n        var buffer: [Item] = []\n        var index = 0\n        var done = false\n\n        public mutating func next() async throws -> Item? {\n            while index >= buffer.count {\n                if done { return nil }\n                guard let items = try await nextPage() else {\n                    done = true\n                    return nil\n                }\n                buffer = items\n                index = 0\n            }\n            defer { index += 1 }\n            return buffer[index]\n        }\n    }\n\n    public func makeAsyncIterator() -> AsyncIterator {\n        AsyncIterator(nextPage: nextPage)\n    }\n}\n",
    );
    for (pager, item) in pagers {
        let item = foreign_name(item, Lang::Swift);
        let _ = write!(
            s,
            "\nextension {pager} {{\n    /// Every item of every page, fetched page by page as the loop reaches it.\n    public func items() -> PagerItems<{item}> {{\n        PagerItems {{ try await self.nextPageAsync()?.items }}\n    }}\n}}\n"
        );
    }
    s
}
