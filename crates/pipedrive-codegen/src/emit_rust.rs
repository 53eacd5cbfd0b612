//! Writes the Rust endpoint surface: one module per resource in its domain crate.
use crate::model::{Field, Kind, Operation, pascal, variant};
use crate::reference::Location;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub use crate::model::HEADER;

fn field_doc(f: &Field) -> String {
    let loc = match f.location {
        Location::Query => "query",
        Location::Body => "body",
        Location::Path => "path",
    };
    let mut d = format!(
        "`{}` ({loc}, {})",
        f.wire,
        if f.required { "required" } else { "optional" }
    );
    if let Some(def) = &f.param.default {
        let _ = write!(d, "; the server assumes `{def}` when it is absent");
    }
    if let Some(fmt) = &f.param.format {
        let _ = write!(d, "; format: {}", fmt.to_lowercase());
    }
    if f.kind == Kind::Bit {
        d.push_str("; sent as `0`/`1`");
    }
    if f.patch {
        d.push_str("; `Patch::Keep` leaves it alone, `Patch::Clear` empties it");
    }
    if matches!(&f.kind, Kind::Plain(t) if t.starts_with("Vec<")) && !f.param.values.is_empty() {
        let _ = write!(d, "; any of `{}`", f.param.values.join("`, `"));
    }
    if f.location == Location::Query && f.wire == "custom_fields" && f.param.schema.is_some() {
        d.push_str("; at most 15 field keys");
    }
    d.push('.');
    d
}

/// The `wire` serializer a typed body field needs to go out in the type the reference
/// gives it, if that differs from the type's own form.
pub(crate) fn wire_form(f: &Field) -> Option<&'static str> {
    let pick = |one, opt, patch| {
        Some(if f.patch {
            patch
        } else if f.required {
            one
        } else {
            opt
        })
    };
    match f.ty().as_str() {
        "types::Amount" if f.param.ty == "STRING" => Some("ser_amount_text"),
        // The v2 contract types a visibility as a number.
        "types::Visibility" if matches!(f.param.ty.as_str(), "INTEGER" | "NUMBER") => pick(
            "ser_visibility_code",
            "ser_visibility_code_opt",
            "ser_visibility_code_patch",
        ),
        // v2 (whose parameters come with a contract schema) takes contact entries only
        // as objects.
        "Vec<types::ContactInput>" if f.param.schema.is_some() => pick(
            "ser_contact_objects_opt",
            "ser_contact_objects_opt",
            "ser_contact_objects_patch",
        ),
        "types::Timestamp" if is_rfc3339(f) => {
            pick("ser_rfc3339", "ser_rfc3339_opt", "ser_rfc3339_patch")
        }
        _ => None,
    }
}

/// Whether a timestamp goes out in RFC 3339: the contract types it `date-time` (every
/// timestamp of v2, see `model::build`).
pub(crate) fn is_rfc3339(f: &Field) -> bool {
    f.param.format.as_deref() == Some("DATE-TIME")
}

fn response_type(op: &Operation) -> (String, String) {
    let r = &op.op.response;
    let (kind, t) = r.split_once(':').unwrap_or((r.as_str(), ""));
    let t = qualified(t);
    match kind {
        "one" => (format!("Result<{t}>"), "self.t.call(&req)".into()),
        "saved" => (
            format!("Result<types::Saved<{t}>>"),
            "self.t.call(&req)".into(),
        ),
        // A list that comes in one response is a paginator too, of one page: every
        // list operation returns the same kind of thing.
        "vec" | "page" => (
            format!("Paginator<types::Items<{t}>>"),
            "self.t.paginate(req)".into(),
        ),
        "search" => (
            format!("SearchHits<{t}>"),
            "SearchHits::from(self.t.paginate(req))".into(),
        ),
        "download" => ("Result<u64>".into(), "self.t.download(&req, out)".into()),
        "none" => (
            "Result<()>".into(),
            "self.t.call::<serde_json::Value>(&req).map(|_| ())".into(),
        ),
        _ => (
            "Result<serde_json::Value>".into(),
            "self.t.call(&req)".into(),
        ),
    }
}

/// A response model as a Rust type: `v2::Deal` is `types::v2::Deal`, `Vec<v2::X>` is
/// `Vec<types::v2::X>`.
pub(crate) fn qualified(t: &str) -> String {
    match t.strip_prefix("Vec<") {
        Some(inner) => format!("Vec<{}>", qualified(inner.trim_end_matches('>'))),
        None if t.starts_with("serde_json::") => t.to_owned(),
        None => format!("types::{t}"),
    }
}

/// Emits the request enums of one crate, deduplicated by name.
pub fn enums_module(ops: &[&Operation]) -> String {
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in ops {
        for f in &op.fields {
            if let Kind::Enum(name, values) = &f.kind {
                enums.entry(name.clone()).or_insert_with(|| values.clone());
            }
        }
    }
    let mut s = String::from(HEADER);
    s.push_str("//! Value sets of request parameters. Each keeps unknown values in `Other`.\n\n");
    for (name, values) in &enums {
        let list = values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            s,
            "pipedrive_types::string_enum! {{\n    /// Accepted values: {list}.\n    pub enum {name} {{"
        );
        for v in values {
            let _ = writeln!(s, "        /// `{v}`\n        {} = {v:?},", variant(v));
        }
        s.push_str("    }\n}\n\n");
    }
    s
}

/// The field set describing the custom fields of an operation's body (the rule is
/// `FieldEntity::of_operation`, which the bindings ask at run time too).
fn custom_entity(op: &Operation) -> String {
    match pipedrive_types::FieldEntity::of_operation(&op.resource.dotted(), &op.op.name) {
        Some(e) => format!("Some(pipedrive_types::FieldEntity::{})", e.variant()),
        None => "None".to_owned(),
    }
}

/// Emits one resource module.
pub fn resource_module(ops: &[&Operation]) -> Result<String, String> {
    let res = &ops[0].resource;
    let mut s = String::from(HEADER);
    let _ = writeln!(
        s,
        "//! `{}` endpoints of the v{} API.",
        res.handle, res.version
    );
    s.push_str("#![allow(clippy::too_many_arguments)]\n");
    let mut imports = vec!["Method", "Request", "Transport"];
    if res.version >= 2 {
        imports.insert(0, "ApiVersion");
    }
    let listed =
        |o: &&Operation| o.op.response.starts_with("page:") || o.op.response.starts_with("vec:");
    let searched = |o: &&Operation| o.op.response.starts_with("search:");
    let paged = |o: &&Operation| listed(o) || searched(o);
    if ops.iter().any(listed) {
        imports.push("Paginator");
    }
    if ops.iter().any(searched) {
        imports.push("SearchHits");
    }
    if !ops.iter().all(paged) {
        imports.push("Result");
    }
    if ops.iter().any(|o| !o.path_args.is_empty()) {
        imports.push("segment");
    }
    let _ = writeln!(s, "use pipedrive_transport::{{{}}};", imports.join(", "));
    s.push_str("#[allow(unused_imports)]\nuse super::enums::*;\n#[allow(unused_imports)]\nuse pipedrive_types::wire::Query;\nuse pipedrive_types as types;\n\n");

    // Parameter structs.
    for op in ops {
        let Some(name) = &op.op.params else { continue };
        let required: Vec<&Field> = op.fields.iter().filter(|f| f.required).collect();
        let _ = writeln!(s, "/// Parameters of [`{}::{}`].", res.handle, op.op.name);
        let multipart = op.is_multipart();
        let mut derives = if multipart {
            vec!["Debug", "Clone"]
        } else {
            vec!["Debug", "Clone", "PartialEq", "serde::Serialize"]
        };
        if required.is_empty() {
            derives.push("Default");
        }
        let _ = writeln!(s, "#[derive({})]\npub struct {name} {{", derives.join(", "));
        for f in &op.fields {
            let _ = writeln!(s, "    /// {}", field_doc(f));
            let mut attrs = Vec::new();
            if f.location == Location::Query {
                attrs.push("skip".to_owned());
            } else {
                if f.ident.trim_start_matches("r#") != f.wire {
                    attrs.push(format!("rename = {:?}", f.wire));
                }
                if f.patch {
                    attrs.push("skip_serializing_if = \"types::Patch::is_keep\"".into());
                } else if !f.required {
                    attrs.push("skip_serializing_if = \"Option::is_none\"".into());
                }
                if f.kind == Kind::Bit {
                    let with = if f.patch { "ser_bit_patch" } else { "ser_bit" };
                    attrs.push(format!(
                        "serialize_with = \"pipedrive_types::wire::{with}\""
                    ));
                }
                // The wire type the contract gives wins over the typed value's usual form:
                // an amount the API types as a string, a timestamp typed `date-time`.
                if let Some(with) = wire_form(f) {
                    attrs.push(format!(
                        "serialize_with = \"pipedrive_types::wire::{with}\""
                    ));
                }
            }
            if !attrs.is_empty() && !multipart {
                let _ = writeln!(s, "    #[serde({})]", attrs.join(", "));
            }
            let _ = writeln!(s, "    pub {}: {},", f.ident, f.decl());
        }
        if op.has_extra() {
            s.push_str(if op.resource.version >= 2 {
                "    /// Further body fields sent as-is: fields newer than this crate, or documented\n    /// fields set to `null` to clear them (custom fields go in `custom_fields`).\n"
            } else {
                "    /// Further body fields sent as-is: custom fields under their 40-character keys,\n    /// or documented fields set to `null` to clear them.\n"
            });
            s.push_str("    #[serde(flatten)]\n    pub extra: serde_json::Map<String, serde_json::Value>,\n");
        }
        s.push_str("}\n\n");
        if op.has_extra() {
            // A v2 body with a `custom_fields` object takes custom fields there.
            let nested = op.resource.version >= 2
                && op
                    .fields
                    .iter()
                    .any(|f| f.wire == "custom_fields" && f.location == Location::Body);
            let _ = writeln!(
                s,
                "pipedrive_types::custom_fields_mut!({name}, {}{});\n",
                custom_entity(op),
                if nested { ", nested" } else { "" }
            );
        }
        // Every params struct has `new(required fields...)`; with no required field it is
        // `new()`, the same as `Default`.
        if required.is_empty() {
            let _ = writeln!(
                s,
                "impl {name} {{\n    /// Parameters with every field absent (the same as `Default`).\n    pub fn new() -> Self {{\n        Self::default()\n    }}\n}}\n"
            );
        } else {
            let _ = writeln!(s, "impl {name} {{");
            let _ = writeln!(
                s,
                "    /// Parameters with the required fields set and every optional one absent."
            );
            let args: Vec<String> = required
                .iter()
                .map(|f| match f.ty().as_str() {
                    t if into_param(t) => format!("{}: impl Into<{t}>", f.ident),
                    t => format!("{}: {t}", f.ident),
                })
                .collect();
            let _ = writeln!(
                s,
                "    pub fn new({}) -> Self {{\n        Self {{",
                args.join(", ")
            );
            for f in &op.fields {
                if f.required && into_param(&f.ty()) {
                    let _ = writeln!(s, "            {}: {}.into(),", f.ident, f.ident);
                } else if f.required {
                    let _ = writeln!(s, "            {},", f.ident);
                } else if f.patch {
                    let _ = writeln!(s, "            {}: types::Patch::Keep,", f.ident);
                } else {
                    let _ = writeln!(s, "            {}: None,", f.ident);
                }
            }
            if op.has_extra() {
                s.push_str("            extra: serde_json::Map::new(),\n");
            }
            s.push_str("        }\n    }\n}\n\n");
        }
        for (fname, fields) in [
            ("query", op.query_fields().collect::<Vec<_>>()),
            (
                "text_fields",
                if multipart {
                    op.body_fields().filter(|f| f.kind != Kind::File).collect()
                } else {
                    Vec::new()
                },
            ),
        ] {
            if fields.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "impl {name} {{\n    fn {fname}(&self) -> Vec<(String, String)> {{\n        let mut q = Query::new();"
            );
            for f in fields {
                let call = match (f.required, &f.kind) {
                    (_, Kind::Bit) if !f.required => "bit",
                    (false, Kind::Plain(t)) if t == "types::Timestamp" && is_rfc3339(f) => {
                        "rfc3339"
                    }
                    (false, Kind::Plain(_)) if f.param.format.as_deref() == Some("csv") => "csv",
                    (false, Kind::Plain(t)) if f.param.ty == "STRING" && t.starts_with("Vec<") => {
                        "csv"
                    }
                    (false, Kind::Plain(_)) if f.param.ty == "ARRAY" => "each",
                    (true, Kind::Plain(_))
                        if f.param.ty == "ARRAY" && f.param.format.as_deref() != Some("csv") =>
                    {
                        "all"
                    }
                    (true, _) => "req",
                    (false, _) => "opt",
                };
                let _ = writeln!(s, "        q.{call}({:?}, &self.{});", f.wire, f.ident);
            }
            s.push_str("        q.into_pairs()\n    }\n}\n\n");
        }
    }

    // The handle.
    let _ = writeln!(
        s,
        "/// The `{}` endpoints. Cheap to clone; get one from `pipedrive::Client::{}()`.\n#[derive(Debug, Clone)]\npub struct {} {{\n    t: Transport,\n}}\n\nimpl {} {{\n    /// Wraps a transport; usually done by the facade's `Client`.\n    pub fn new(t: Transport) -> Self {{\n        Self {{ t }}\n    }}\n",
        res.handle, res.accessor, res.handle, res.handle
    );
    for op in ops {
        let (ret, call) = response_type(op);
        let mut args = vec!["&self".to_owned()];
        let mut req_params = Vec::new();
        let mut req_args = Vec::new();
        for (_, id, ty, by_ref) in &op.path_args {
            req_params.push(format!("{id}: {}{ty}", if *by_ref { "&" } else { "" }));
            req_args.push(id.clone());
        }
        if let Some(p) = &op.op.params {
            req_params.push(format!("params: &{p}"));
            req_args.push("params".to_owned());
        }
        args.extend(req_params.iter().cloned());
        if op.op.response == "download" {
            args.push("out: &mut dyn std::io::Write".into());
        }
        // The request builder: the typed method below and the operation table
        // (`pipedrive::operations`) both send what it builds. Only encoding a JSON or
        // form body can fail.
        let fallible = request_can_fail(op);
        if fallible && (ret.starts_with("Paginator") || ret.starts_with("SearchHits")) {
            return Err(format!(
                "{} {}: a paged operation with a body is not supported",
                op.ep.method, op.ep.path
            ));
        }
        let _ = writeln!(
            s,
            "    /// The request [`{handle}::{name}`] sends, built without sending it.\n    pub fn {name}_request({}) -> {} {{",
            req_params.join(", "),
            if fallible {
                "Result<Request>"
            } else {
                "Request"
            },
            handle = res.handle,
            name = op.op.name,
        );
        s.push_str(&request_body(op));
        s.push_str("    }\n\n");
        let _ = writeln!(
            s,
            "    /// {}\n    ///\n    /// `{} {}`",
            op.op.doc, op.ep.method, op.ep.path
        );
        s.push_str(&doc_example(op));
        // Only the typed method: the request builder above is what the operation table
        // calls for every binding, which words the deprecation its own way.
        if let Some(d) = &op.deprecation {
            let _ = writeln!(s, "    #[deprecated(note = {:?})]", d.rust_note());
        }
        let _ = writeln!(
            s,
            "    pub fn {}({}) -> {ret} {{",
            op.op.name,
            args.join(", ")
        );
        let _ = writeln!(
            s,
            "        let req = Self::{}_request({}){};\n        {call}\n    }}\n",
            op.op.name,
            req_args.join(", "),
            if fallible { "?" } else { "" }
        );
    }
    s.push_str("}\n");
    Ok(s)
}

/// Whether building the request can fail: only encoding a JSON or form body can.
pub fn request_can_fail(op: &Operation) -> bool {
    op.has_body() && !op.is_multipart()
}

/// The body of `{name}_request`: path, query and body from the arguments.
fn request_body(op: &Operation) -> String {
    let mut s = String::new();
    let path = if op.path_args.is_empty() {
        format!("{:?}", op.rel_path())
    } else {
        let mut fmt = op.rel_path().to_owned();
        let mut vals = Vec::new();
        for (ph, id, _, _) in &op.path_args {
            fmt = fmt.replace(&format!("{{{ph}}}"), "{}");
            vals.push(format!("segment({id})"));
        }
        format!("format!({fmt:?}, {})", vals.join(", "))
    };
    let method = pascal(&op.ep.method.to_lowercase());
    let version = match op.version() {
        1 => String::new(),
        n => format!(".version(ApiVersion::V{n})"),
    };
    let mutable = op.query_fields().next().is_some();
    if !mutable && !op.has_body() {
        let _ = writeln!(s, "        Request::new(Method::{method}, {path}){version}");
        return s;
    }
    let _ = writeln!(
        s,
        "        let {}req = Request::new(Method::{method}, {path}){version};",
        if mutable { "mut " } else { "" }
    );
    if mutable {
        s.push_str("        req.query = params.query();\n");
    }
    if op.is_multipart() {
        s.push_str("        let mut form = pipedrive_transport::Multipart::new();\n");
        for f in op.body_fields().filter(|f| f.kind == Kind::File) {
            let _ = writeln!(
                s,
                "        form = form.part(params.{}.part({:?}));",
                f.ident, f.wire
            );
        }
        if op.body_fields().any(|f| f.kind != Kind::File) {
            s.push_str("        for (name, value) in params.text_fields() {\n            form = form.text(name, value);\n        }\n");
        }
        s.push_str("        req.multipart(form)\n");
    } else if op.is_whole_body() {
        let _ = writeln!(
            s,
            "        req.json(&params.{})",
            crate::openapi::WHOLE_BODY
        );
    } else if op.has_body() {
        let enc = if op.is_form() { "form" } else { "json" };
        let _ = writeln!(s, "        req.{enc}(params)");
    } else {
        s.push_str("        req\n");
    }
    s
}

fn doc_example(op: &Operation) -> String {
    let res = &op.resource;
    let krate = format!("pipedrive::{}", res.rust_mod());
    let mut args = Vec::new();
    for (i, (ph, _, ty, by_ref)) in op.path_args.iter().enumerate() {
        let short = ty.trim_start_matches("types::");
        let (value, _) = crate::samples::path_sample(ph, short, i as u64 + 1);
        let e = if *by_ref {
            if short == "String" {
                format!("&String::from({value:?})")
            } else {
                format!("&pipedrive::types::{short}::from({value:?})")
            }
        } else {
            format!("pipedrive::types::{short}({value})")
        };
        args.push(e);
    }
    if let Some(p) = &op.op.params {
        let required: Vec<&Field> = op.fields.iter().filter(|f| f.required).collect();
        if required.is_empty() {
            args.push(format!("&{krate}::{p}::new()"));
        } else {
            let vals: Vec<String> = required
                .iter()
                .enumerate()
                .map(|(i, f)| crate::samples::sample(f, i as u64 + 1, &krate).expr)
                .collect();
            args.push(format!("&{krate}::{p}::new({})", vals.join(", ")));
        }
    }
    if op.op.response == "download" {
        args.push("&mut std::io::sink()".into());
    }
    let call = format!(
        "client.{}().{}({})",
        res.dotted().replace('.', "()."),
        op.op.name,
        args.join(", ")
    );
    let body = if op.op.response.starts_with("search:") {
        format!(
            "// The best match alone, `None` when nothing matches (one request at most):\nlet best = {call}.first()?;\nprintln!(\"{{best:?}}\");\n// Every hit with its score, best first:\nfor hit in {call}.take(10) {{\n    let hit = hit?;\n    println!(\"{{:?}} (score {{:?}})\", hit.item, hit.score());\n}}"
        )
    } else if op.op.response.starts_with("page:") || op.op.response.starts_with("vec:") {
        format!("for item in {call}.take(10) {{\n    println!(\"{{:?}}\", item?);\n}}")
    } else {
        format!("let result = {call}?;\nprintln!(\"{{result:?}}\");")
    };
    let mut s = String::from("    ///\n    /// ```no_run\n");
    if op.deprecation.is_some() {
        s.push_str("    /// # #![allow(deprecated)]\n");
    }
    s.push_str(
        "    /// # fn main() -> Result<(), pipedrive::Error> {\n    /// # let client = pipedrive::Client::new(pipedrive::Config::with_api_token(\"token\"))?;\n",
    );
    for line in body.lines() {
        let _ = writeln!(s, "    /// {line}");
    }
    s.push_str("    /// # Ok(())\n    /// # }\n    /// ```\n");
    s
}

/// Required constructor arguments taken as `impl Into<T>`: text, and money, dates and
/// times (built from integers and chrono values: `AddDealProduct::new(id, 120, 2)`).
fn into_param(ty: &str) -> bool {
    matches!(
        ty,
        "String" | "types::Amount" | "types::Date" | "types::TimeOfDay" | "types::Timestamp"
    )
}
