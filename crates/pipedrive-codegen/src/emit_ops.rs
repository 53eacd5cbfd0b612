//! Writes the facade's operation table (`crates/pipedrive/src/generated/operations.rs`)
//! and resource accessors (`generated/accessors.rs`).
//!
//! Each row describes one operation in data (id, method, path, arguments, response) and
//! points at a `build` function that decodes a binding's arguments into the typed
//! parameter struct and calls the same request builder the typed Rust method calls.
use crate::model::{Field, HEADER, Kind, Operation};
use crate::opmap::OpMap;
use crate::reference::Location;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The `ArgKind` of a Rust type named in the generated code.
fn kind_of_type(ty: &str) -> Result<String, String> {
    let short = |t: &str| t.trim_start_matches("types::").to_owned();
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        let inner = short(inner);
        return Ok(
            if pipedrive_types::TEXT_ID_TYPES.contains(&inner.as_str()) {
                "TextIds".into()
            } else if inner.ends_with("Id") {
                "Ids".into()
            } else {
                "Json".into()
            },
        );
    }
    Ok(match ty {
        "i64" => "Integer".into(),
        "u64" => "Integer".into(),
        "f64" => "Number".into(),
        "bool" => "Bool".into(),
        "String" => "Text".into(),
        "serde_json::Value" => "Json".into(),
        "types::Visibility" => "Visibility".into(),
        "types::Amount" => "Amount".into(),
        "types::Date" => "Date".into(),
        "types::TimeOfDay" => "Time".into(),
        "types::Timestamp" => "Timestamp".into(),
        // Objects the API documents, checked by their `FromArg` (money with a currency).
        "types::LeadValueInput" => "Json".into(),
        t if pipedrive_types::TEXT_ID_TYPES.contains(&short(t).as_str()) => "TextId".into(),
        t if t.starts_with("types::") && t.ends_with("Id") => "Id".into(),
        other => return Err(format!("no argument kind for the Rust type {other}")),
    })
}

fn arg_kind(f: &Field) -> Result<String, String> {
    Ok(match &f.kind {
        Kind::Plain(t) => kind_of_type(t)?,
        Kind::Bit => "Bool".into(),
        Kind::Enum(_, values) => format!("Enum(&{values:?})"),
        Kind::File => "File".into(),
    })
}

/// The neutral argument name: the Rust identifier without a raw prefix.
fn arg_name(ident: &str) -> &str {
    ident.trim_start_matches("r#")
}

/// The Rust type a field decodes into, qualified for the facade crate (`krate` is the
/// resource's module path below it: `sales`, `sales::v2`).
fn field_type(f: &Field, krate: &str) -> String {
    match &f.kind {
        Kind::Enum(name, _) => format!("crate::{krate}::{name}"),
        Kind::File => "pipedrive_transport::Upload".into(),
        _ => f.ty(),
    }
}

/// The `fn` name of an operation's build function.
fn build_fn(op: &Operation) -> String {
    match op.version() {
        1 => format!("{}_{}", op.resource.module, op.op.name),
        v => format!("v{v}_{}_{}", op.resource.module, op.op.name),
    }
}

fn response(op: &Operation) -> (&'static str, Option<String>) {
    let r = &op.op.response;
    let (kind, t) = r.split_once(':').unwrap_or((r.as_str(), ""));
    let kind = match kind {
        "one" => "One",
        "saved" => "Saved",
        "vec" => "List",
        "page" => "Page",
        "search" => "Search",
        "download" => "Download",
        "none" => "Nothing",
        _ => "Raw",
    };
    (kind, (!t.is_empty()).then(|| t.to_owned()))
}

fn build_function(op: &Operation) -> String {
    let fallible = crate::emit_rust::request_can_fail(op);
    let res = &op.resource;
    let feature = &res.krate;
    let krate = &res.rust_mod();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "#[cfg(feature = {feature:?})]\nfn {}(a: &mut Args) -> Result<Request> {{",
        build_fn(op)
    );
    let mut call_args = Vec::new();
    for (_, id, ty, by_ref) in &op.path_args {
        let name = arg_name(id);
        let _ = writeln!(s, "    let {id}: {ty} = a.required({name:?})?;");
        call_args.push(format!("{}{id}", if *by_ref { "&" } else { "" }));
    }
    if let Some(p) = &op.op.params {
        let _ = writeln!(s, "    let params = crate::{krate}::{p} {{");
        for f in &op.fields {
            let get = if f.patch {
                "patch"
            } else if f.required {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(
                s,
                "        {}: a.{get}::<{}>({:?})?,",
                f.ident,
                field_type(f, krate),
                arg_name(&f.ident)
            );
        }
        if op.has_extra() {
            s.push_str("        extra: a.extra()?,\n");
        }
        s.push_str("    };\n");
        call_args.push("&params".to_owned());
    }
    s.push_str("    std::mem::take(a).finish()?;\n");
    let _ = writeln!(
        s,
        "    {}crate::{krate}::{}::{}_request({}){}\n}}\n",
        if fallible { "" } else { "Ok(" },
        res.handle,
        op.op.name,
        call_args.join(", "),
        if fallible { "" } else { ")" }
    );
    s
}

fn arg_specs(op: &Operation) -> Result<String, String> {
    let mut specs = Vec::new();
    for (_, id, ty, _) in &op.path_args {
        specs.push(format!(
            "ArgSpec {{ name: {:?}, location: ArgLocation::Path, required: true, kind: ArgKind::{} }}",
            arg_name(id),
            kind_of_type(ty)?
        ));
    }
    for f in &op.fields {
        let loc = match f.location {
            Location::Query => "Query",
            Location::Body => "Body",
            Location::Path => "Path",
        };
        specs.push(format!(
            "ArgSpec {{ name: {:?}, location: ArgLocation::{loc}, required: {}, kind: ArgKind::{} }}",
            arg_name(&f.ident),
            f.required,
            arg_kind(f)?
        ));
    }
    if op.has_extra() {
        specs.push(
            "ArgSpec { name: \"extra\", location: ArgLocation::Body, required: false, kind: ArgKind::Extra }"
                .to_owned(),
        );
    }
    Ok(format!("&[{}]", specs.join(", ")))
}

fn row(op: &Operation) -> Result<String, String> {
    let (kind, model) = response(op);
    let params = match &op.op.params {
        Some(p) => format!("Some({p:?})"),
        None => "None".into(),
    };
    let model = match model {
        Some(m) => format!("Some({m:?})"),
        None => "None".into(),
    };
    let deprecated = op.deprecation.is_some();
    let replaced_by = match op.deprecation.as_ref().and_then(|d| d.replaced_by.as_ref()) {
        Some(r) => format!("Some({:?})", r.id),
        None => "None".into(),
    };
    Ok(format!(
        "    Operation {{\n        id: \"{}.{}\",\n        resource: {:?},\n        name: {:?},\n        method: Method::{},\n        path: {:?},\n        params: {params},\n        response: ResponseKind::{kind},\n        model: {model},\n        version: ApiVersion::V{},\n        deprecated: {deprecated},\n        replaced_by: {replaced_by},\n        args: {},\n        build: {},\n    }},\n",
        op.resource.dotted(),
        op.op.name,
        op.resource.dotted(),
        op.op.name,
        crate::model::pascal(&op.ep.method.to_lowercase()),
        op.ep.path,
        op.version(),
        arg_specs(op)?,
        build_fn(op),
    ))
}

/// `(METHOD, /v1/path)` pairs the official v1 contract marks `deprecated: true`, read
/// from the `paths:` block (path keys at two spaces, methods at four, the flag at six).
/// A path key with a parameter is quoted (`'/deals/{id}':`).
pub fn deprecated_operations(spec: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut in_paths = false;
    let mut path = String::new();
    let mut method = String::new();
    for line in spec.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line.trim_end() == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line
            .strip_prefix("  /")
            .or_else(|| line.strip_prefix("  '/"))
        {
            path = format!(
                "/v1/{}",
                p.trim_end().trim_end_matches(':').trim_matches('\'')
            );
        } else if let Some(m) = line.strip_prefix("    ").filter(|m| !m.starts_with(' ')) {
            method = m.trim_end().trim_end_matches(':').to_ascii_uppercase();
        } else if line.trim_end() == "      deprecated: true" {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

/// The facade's generated files.
/// One accessor method returning a resource handle built on `transport`.
fn accessor(res: &crate::opmap::Resource, transport: &str) -> String {
    format!(
        "    /// The `{}` endpoints{}.\n    #[cfg(feature = \"{}\")]\n    pub fn {}(&self) -> crate::{}::{} {{\n        crate::{}::{}::new({transport})\n    }}\n\n",
        res.handle,
        if res.version == 1 {
            String::new()
        } else {
            format!(" of API v{}", res.version)
        },
        res.krate,
        res.accessor,
        res.rust_mod(),
        res.handle,
        res.rust_mod(),
        res.handle
    )
}

/// The facade's generated files; `ops` holds the operations of both maps.
pub fn files(
    map: &OpMap,
    v2: &OpMap,
    ops: &[Operation],
) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let mut s = String::from(HEADER);
    s.push_str(
        "//! The operation table: every operation of the client as data, with the function that\n\
         //! turns a binding's arguments into the request the typed method sends.\n\
         #![allow(unused_imports)]\n\
         use pipedrive_transport::{\n    ApiVersion, ArgKind, ArgLocation, ArgSpec, Args, Method, Operation, Request, ResponseKind,\n    Result,\n};\n\
         use pipedrive_types as types;\n\n",
    );
    // Rows grouped by crate and version, under a constant each (`SALES`, `SALES_V2`).
    let mut by_crate: BTreeMap<(&str, u8), Vec<&Operation>> = BTreeMap::new();
    for op in ops {
        by_crate
            .entry((&op.resource.krate, op.version()))
            .or_default()
            .push(op);
    }
    let konst = |krate: &str, version: u8| match version {
        1 => krate.to_uppercase(),
        v => format!("{}_V{v}", krate.to_uppercase()),
    };
    s.push_str(
        "/// Every operation of the enabled domain crates, in the order of the operation map.\n\
         pub fn operations() -> &'static [Operation] {\n\
         \x20   static ALL: std::sync::OnceLock<Vec<Operation>> = std::sync::OnceLock::new();\n\
         \x20   ALL.get_or_init(|| {\n\
         \x20       #[allow(unused_mut)]\n\
         \x20       let mut all = Vec::new();\n",
    );
    for (krate, version) in by_crate.keys() {
        let _ = writeln!(
            s,
            "        #[cfg(feature = {krate:?})]\n        all.extend_from_slice({});",
            konst(krate, *version)
        );
    }
    s.push_str("        all\n    })\n}\n\n");
    for ((krate, version), mine) in &by_crate {
        let _ = writeln!(
            s,
            "#[cfg(feature = {krate:?})]\nconst {}: &[Operation] = &[",
            konst(krate, *version)
        );
        for op in mine {
            s.push_str(&row(op)?);
        }
        s.push_str("];\n\n");
    }
    for op in ops {
        s.push_str(&build_function(op));
        s.push('\n');
    }
    files.insert("crates/pipedrive/src/generated/operations.rs".to_owned(), s);

    let mut acc = String::from(HEADER);
    acc.push_str(
        "//! One accessor per resource on [`Client`].\nuse crate::Client;\n\nimpl Client {\n",
    );
    for res in &map.resources {
        acc.push_str(&accessor(res, "self.transport().clone()"));
    }
    acc.push_str("    /// The endpoints of API v2: `client.v2().deals().list(..)`.\n    pub fn v2(&self) -> V2 {\n        V2 {\n            t: self.transport().clone(),\n        }\n    }\n}\n\n");
    acc.push_str("/// The endpoints of API v2, one accessor per resource; get it from [`Client::v2`].\n/// Cheap to clone; uses the client's connection pool and configuration.\n#[derive(Debug, Clone)]\npub struct V2 {\n    #[allow(dead_code)]\n    t: pipedrive_transport::Transport,\n}\n\nimpl V2 {\n");
    for res in &v2.resources {
        acc.push_str(&accessor(res, "self.t.clone()"));
    }
    acc.push_str("}\n");
    files.insert(
        "crates/pipedrive/src/generated/accessors.rs".to_owned(),
        acc,
    );
    files.insert(
        "crates/pipedrive/src/generated/mod.rs".to_owned(),
        format!("{HEADER}//! Code generated from the API reference, the v2 contract and the operation maps.\nmod accessors;\npub mod operations;\npub use accessors::V2;\n"),
    );
    Ok(files)
}
