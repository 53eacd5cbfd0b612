//! Writes `params.rs`: one uniffi record per parameter struct, optional fields absent by
//! default, with a checked conversion into the Rust struct; and the mapping of parameter
//! types to uniffi types that the resource methods use for their path arguments too.
use super::text::HEADER;
use super::types::{Ty, TypeIndex};
use crate::model::{Field, Kind, Operation};
use std::fmt::Write as _;

/// The uniffi type of a parameter field and the expression turning `x` into the Rust value.
fn param_ffi(f: &Field, krate: &str, ix: &TypeIndex) -> Result<(String, String), String> {
    Ok(match &f.kind {
        Kind::Bit => ("bool".into(), "x".into()),
        // Decoded by the operation table's rule: a value outside the closed set is an
        // InvalidInput naming the parameter, as in Python.
        Kind::Enum(name, _) => (
            "String".into(),
            format!(
                "crate::convert::arg::<pipedrive::{krate}::{name}>({:?}, x)?",
                f.wire
            ),
        ),
        Kind::Plain(t) if t == "types::Visibility" => (
            "String".into(),
            format!("crate::convert::arg::<types::Visibility>({:?}, x)?", f.wire),
        ),
        Kind::File => ("FileUpload".into(), "x.into_upload()".into()),
        Kind::Plain(t) => {
            let ty = Ty::parse(t)?;
            rust_of(&ty, &f.wire, ix)?
        }
    })
}

/// uniffi type and `x` -> Rust conversion for path and plain parameter types; `name`
/// (the wire name or the path argument) is what an error about the value names.
///
/// Ids and other unsigned integers cross as signed 64-bit integers (Kotlin and Java
/// `Long`, Swift `Int64`): Kotlin hides functions and constructors taking its unsigned
/// types from Java behind mangled names. A negative one is `InvalidInput`.
pub(super) fn rust_of(ty: &Ty, name: &str, ix: &TypeIndex) -> Result<(String, String), String> {
    let n = ty.name.as_str();
    Ok(match n {
        "String" | "i64" | "f64" | "bool" => (n.to_owned(), "x".into()),
        "u64" => (
            "i64".into(),
            format!("crate::convert::id_arg({name:?}, x)?"),
        ),
        _ if ix.int_ids.contains(n) => (
            "i64".into(),
            format!("types::{n}(crate::convert::id_arg({name:?}, x)?)"),
        ),
        _ if ix.str_ids.contains(n) => ("String".into(), format!("types::{n}(x)")),
        "Value" => ("JsonValue".into(), "x.0".into()),
        // A person's email address or phone number, a lead's value, a product's price
        // and a custom field's option: records of bindings/ffi/src/shapes.rs.
        "ContactInput" | "LeadValueInput" | "PriceInput" => (
            format!("crate::shapes::{n}"),
            format!("types::{n}::from(x)"),
        ),
        // Checked: an option id must not be negative.
        "FieldOptionInput" => (
            format!("crate::shapes::{n}"),
            format!("types::{n}::try_from(x)?"),
        ),
        "Amount" | "TimeOfDay" => (format!("crate::money_dates::{n}"), "x.0".into()),
        "Date" => ("crate::money_dates::CalendarDate".into(), "x.0".into()),
        "Timestamp" => (
            "std::time::SystemTime".into(),
            "types::Timestamp::from(x)".into(),
        ),
        "Vec" => {
            let (ti, te) = rust_of(&ty.args[0], name, ix)?;
            if te == "x" {
                (format!("Vec<{ti}>"), "x".into())
            } else if te.ends_with('?') {
                let te = te.trim_end_matches('?');
                (
                    format!("Vec<{ti}>"),
                    format!("x.into_iter().map(|x| {te}).collect::<Result<_, _>>()?"),
                )
            } else if te.contains('?') {
                (
                    format!("Vec<{ti}>"),
                    format!(
                        "x.into_iter().map(|x| -> Result<_, PipedriveError> {{ Ok({te}) }}).collect::<Result<_, _>>()?"
                    ),
                )
            } else {
                (
                    format!("Vec<{ti}>"),
                    format!("x.into_iter().map(|x| {te}).collect()"),
                )
            }
        }
        _ => return Err(format!("no uniffi mapping for parameter type {n}")),
    })
}

pub(super) fn params_rs(ops: &[Operation], ix: &TypeIndex) -> Result<String, String> {
    let mut s = String::from(HEADER);
    s.push_str("//! Parameter records: required fields first-class, optional ones absent by default.\n#![allow(clippy::redundant_closure)]\nuse crate::error::PipedriveError;\n#[allow(unused_imports)]\nuse crate::io::FileUpload;\n#[allow(unused_imports)]\nuse crate::json::JsonValue;\n#[allow(unused_imports)]\nuse pipedrive::types;\n\n");
    for op in ops {
        let Some(rust_name) = &op.op.params else {
            continue;
        };
        let name = &super::resources::ffi_name(&op.resource, rust_name);
        let krate = &op.resource.rust_mod();
        let _ = writeln!(
            s,
            "/// Parameters of `{}.{}` ({} {}).\n#[derive(Debug, Clone, PartialEq, {}uniffi::Record)]\npub struct {name} {{",
            op.resource.dotted(),
            op.op.name,
            op.ep.method,
            op.ep.path,
            // Rust callers (tests) build records with `..Default::default()`; file content
            // and an instant (a call's start) have no sensible default.
            if op.is_multipart()
                || op
                    .fields
                    .iter()
                    .any(|f| f.required && f.ty() == "types::Timestamp")
            {
                ""
            } else {
                "Default, "
            }
        );
        let mut convs = Vec::new();
        for f in &op.fields {
            let (ty, conv) = param_ffi(f, krate, ix)?;
            let loc = match f.location {
                crate::reference::Location::Query => "query",
                _ => "body",
            };
            let _ = writeln!(
                s,
                "    /// `{}` ({loc}, {}).",
                f.wire,
                if f.required { "required" } else { "optional" }
            );
            let id = &f.ident;
            if f.required {
                let _ = writeln!(s, "    pub {id}: {ty},");
            } else {
                let _ = writeln!(s, "    #[uniffi(default)]\n    pub {id}: Option<{ty}>,");
            }
            if f.patch {
                // Set when given, cleared when named in `clear`, else left alone.
                let value = match conv.as_str() {
                    "x" => format!("p.{id}"),
                    c if c.contains('?') => {
                        format!("match p.{id} {{ Some(x) => Some({c}), None => None }}")
                    }
                    c => format!("p.{id}.map(|x| {c})"),
                };
                convs.push(format!(
                    "{id}: crate::convert::patch({value}, &p.clear, {:?})?,",
                    f.wire
                ));
                continue;
            }
            convs.push(match (f.required, conv.as_str()) {
                (_, "x") => format!("{id}: p.{id},"),
                (true, _) => format!("{id}: {{ let x = p.{id}; {conv} }},"),
                (false, c) if c.contains('?') => {
                    format!("{id}: match p.{id} {{ Some(x) => Some({conv}), None => None }},")
                }
                (false, _) => format!("{id}: p.{id}.map(|x| {conv}),"),
            });
        }
        let clearable: Vec<&str> = op
            .fields
            .iter()
            .filter(|f| f.patch)
            .map(|f| f.wire.as_str())
            .collect();
        if !clearable.is_empty() {
            s.push_str("    /// The fields to clear (sent as `null`), by their names: a field left null above\n    /// and not named here is left alone. Naming a field that is also set is `InvalidInput`.\n    #[uniffi(default)]\n    pub clear: Vec<String>,\n");
        }
        if op.has_extra() {
            s.push_str("    /// Further body fields as a JSON object: custom fields under their 40-character\n    /// keys, or documented fields set to `null` to clear them.\n    #[uniffi(default)]\n    pub extra: Option<JsonValue>,\n");
            convs.push("extra: crate::convert::extra(p.extra)?,".into());
        }
        s.push_str("}\n\n");
        let _ = writeln!(
            s,
            "impl TryFrom<{name}> for pipedrive::{krate}::{rust_name} {{\n    type Error = PipedriveError;\n    fn try_from(p: {name}) -> Result<Self, PipedriveError> {{"
        );
        if !clearable.is_empty() {
            let _ = writeln!(
                s,
                "        crate::convert::known_fields(&p.clear, &{clearable:?})?;"
            );
        }
        s.push_str("        Ok(Self {\n");
        for c in convs {
            let _ = writeln!(s, "            {c}");
        }
        s.push_str("        })\n    }\n}\n\n");
    }
    Ok(s)
}
