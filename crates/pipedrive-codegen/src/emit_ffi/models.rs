//! Writes `models.rs`: one uniffi record per response model an endpoint can return, found
//! by following the models' fields from the response types, with a `From` conversion from
//! the Rust model. What a mobile type cannot hold exactly goes to the record's `extra`.
//!
//! The models a `saved:T` operation answers with (get, create, update, ...) are records
//! with a non-null `id`, converted with `TryFrom` (a missing id is a decode error). Where
//! such a model is nested in another record and arrives without an id (a deal's
//! `last_activity` summary), the nested value goes to the parent's `extra` under its key,
//! as received, and the field reads null.
use super::text::{HEADER, doc};
use super::types::{ModelField, Ty, TypeIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Result shapes that are not `model!` structs, with a record written by hand in
/// `bindings/ffi/src/shapes.rs`, and the models those records use.
const HAND_RECORDS: &[(&str, &[&str])] = &[("PersonProduct", &["PersonProductEntry"])];

/// The result records to emit, in a stable order, and the conversions between them.
pub(super) struct Models<'a> {
    pub(super) ix: &'a TypeIndex,
    /// The models some operation answers with as a saved record: their id is required.
    saved: BTreeSet<String>,
    /// Model name -> per-field (ffi type, conversion expression over `v.<field>`).
    done: BTreeMap<String, Vec<(String, String)>>,
    stack: Vec<String>,
}

impl<'a> Models<'a> {
    /// No record chosen yet.
    pub(super) fn new(ix: &'a TypeIndex, saved: BTreeSet<String>) -> Self {
        Models {
            ix,
            saved,
            done: BTreeMap::new(),
            stack: Vec::new(),
        }
    }

    /// Whether `name`'s record requires an id (converted with `TryFrom`).
    pub(super) fn is_saved(&self, name: &str) -> bool {
        self.saved.contains(name)
    }

    /// The uniffi type and the conversion expression for a value `e` of Rust type `t`,
    /// and whether the conversion can fail (the expression is then a
    /// `Result<_, PipedriveError>`): it holds a record whose id is required.
    pub(super) fn convert(&mut self, t: &Ty, e: &str) -> Result<(String, String, bool), String> {
        let n = t.name.as_str();
        match n {
            "Box" => return self.convert(&t.args[0], &format!("*{e}")),
            // An id an operation answers with (a bulk delete's list): beyond 2^63 - 1 it is
            // a decode error.
            _ if n == "u64" || self.ix.int_ids.contains(n) => {
                let raw = if n == "u64" {
                    e.to_owned()
                } else {
                    format!("{e}.0")
                };
                return Ok((
                    "i64".into(),
                    format!("crate::convert::signed_id({raw}, \"the answer's\")"),
                    true,
                ));
            }
            "Option" => {
                let (ti, te, fallible) = self.convert(&t.args[0], "x")?;
                if fallible {
                    if ti.starts_with("Option<") {
                        return Err(format!("{e}: an optional record with a required id"));
                    }
                    return Ok((
                        format!("Option<{ti}>"),
                        format!("{e}.map(|x| {te}).transpose()"),
                        true,
                    ));
                }
            }
            "Vec" | "Items" if t.args[0].name != "Value" => {
                let (ti, te, fallible) = self.convert(&t.args[0], "x")?;
                if fallible {
                    let src = if n == "Items" {
                        format!("{e}.0")
                    } else {
                        e.to_owned()
                    };
                    return Ok((
                        format!("Vec<{ti}>"),
                        format!("{src}.into_iter().map(|x| {te}).collect::<Result<Vec<_>, _>>()"),
                        true,
                    ));
                }
            }
            _ if self.saved.contains(n)
                && self.ix.models.contains_key(n)
                && !self.stack.iter().any(|s| s == n) =>
            {
                self.visit(n)?;
                return Ok((n.to_owned(), format!("{n}::try_from({e})"), true));
            }
            _ => {}
        }
        let (ty, conv) = self.convert_infallible(t, e)?;
        Ok((ty, conv, false))
    }

    /// A field holding an id or a reference, as (ffi type, conversion) through the
    /// `bindings/ffi` functions that put an id a signed 64-bit integer cannot hold in
    /// `extra`; `None` for any other field.
    fn id_field(&mut self, f: &ModelField) -> Option<(String, String)> {
        let n = f.ty.name.as_str();
        if n == "u64" || self.ix.int_ids.contains(n) {
            let raw = if n == "u64" {
                format!("v.{}", f.ident)
            } else {
                format!("v.{}.map(|x| x.0)", f.ident)
            };
            return Some((
                "Option<i64>".into(),
                format!("crate::convert::id({raw}, {:?}, &mut spill)", f.key),
            ));
        }
        if n == "Vec"
            && f.ty
                .args
                .first()
                .is_some_and(|a| self.ix.int_ids.contains(&a.name))
        {
            return Some((
                "Option<Vec<i64>>".into(),
                format!(
                    "crate::convert::ids(v.{}.map(|l| l.into_iter().map(|x| x.0).collect()), {:?}, &mut spill)",
                    f.ident, f.key
                ),
            ));
        }
        let obj = self.ix.id_refs.get(n)?.clone();
        self.visit(&obj).ok()?;
        Some((
            format!("Option<{obj}>"),
            format!(
                "crate::convert::reference(v.{}, {:?}, &mut spill, |r| r.id().map(|i| i.0), {obj}::from_ref)",
                f.ident, f.key
            ),
        ))
    }

    /// [`convert`](Self::convert) for a type that holds no record with a required id.
    fn convert_infallible(&mut self, t: &Ty, e: &str) -> Result<(String, String), String> {
        let n = t.name.as_str();
        Ok(match n {
            "String" | "bool" | "i64" | "f64" => (n.to_owned(), e.to_owned()),
            // Ids are read by `id_field`, where what a signed id cannot hold goes to `extra`.
            _ if n == "u64" || self.ix.int_ids.contains(n) => {
                return Err(format!(
                    "an id inside {e} (in {:?}) has no lossless mobile form",
                    self.stack
                ));
            }
            _ if self.ix.str_ids.contains(n) => ("String".into(), format!("{e}.0")),
            "Flag" => ("bool".into(), format!("bool::from({e})")),
            // Nested numbers (none today); top-level ones are read by `visit` so that
            // what a Double cannot hold is kept in `extra`.
            "Number" | "Amount" | "Integer" | "Date" | "TimeOfDay" | "Timestamp" => {
                return Err(format!("a number inside {e} has no lossless mobile form"));
            }
            "Visibility" => ("String".into(), format!("{e}.to_string()")),
            _ if self.ix.enums.contains(n) => ("String".into(), format!("{e}.as_str().to_owned()")),
            // References are read by `id_field`, as their records.
            _ if self.ix.id_refs.contains_key(n) => {
                return Err(format!("a reference inside {e} has no mobile form"));
            }
            "Box" => return self.convert_infallible(&t.args[0], &format!("*{e}")),
            "Option" => {
                let (ti, te) = self.convert_infallible(&t.args[0], "x")?;
                if te == "x" {
                    (format!("Option<{ti}>"), e.to_owned())
                } else if ti.starts_with("Option<") {
                    (ti, format!("{e}.and_then(|x| {te})"))
                } else {
                    (format!("Option<{ti}>"), format!("{e}.map(|x| {te})"))
                }
            }
            "Vec" | "Items" if t.args[0].name != "Value" => {
                let (ti, te) = self.convert_infallible(&t.args[0], "x")?;
                let src = if n == "Items" {
                    format!("{e}.0")
                } else {
                    e.to_owned()
                };
                if te == "x" {
                    (format!("Vec<{ti}>"), src)
                } else {
                    (
                        format!("Vec<{ti}>"),
                        format!("{src}.into_iter().map(|x| {te}).collect()"),
                    )
                }
            }
            // A product's prices, sent as a list or keyed by currency: a list either way.
            "ProductPrices" => {
                self.visit("ProductPrice")?;
                (
                    "Vec<ProductPrice>".into(),
                    format!("{e}.into_list().into_iter().map(ProductPrice::from).collect()"),
                )
            }
            _ if let Some((_, uses)) = HAND_RECORDS.iter().find(|(h, _)| *h == n) => {
                for u in *uses {
                    self.visit(u)?;
                }
                (n.to_owned(), format!("{n}::from({e})"))
            }
            _ if self.ix.models.contains_key(n) && !self.stack.iter().any(|s| s == n) => {
                self.visit(n)?;
                (n.to_owned(), format!("{n}::from({e})"))
            }
            // Maps, raw JSON, recursive back-references: JSON text.
            _ => ("JsonValue".into(), format!("JsonValue::of(&{e})")),
        })
    }

    pub(super) fn visit(&mut self, name: &str) -> Result<(), String> {
        if self.done.contains_key(name) || self.stack.iter().any(|s| s == name) {
            return Ok(());
        }
        let def = self
            .ix
            .models
            .get(name)
            .ok_or_else(|| format!("{name} is not a model of pipedrive-types"))?
            .clone();
        self.stack.push(name.to_owned());
        let mut out = Vec::new();
        let is_ref = self.ix.id_refs.values().any(|o| o == name);
        for f in &def.fields {
            if (is_ref || self.saved.contains(name)) && f.ident == "id" {
                let ty = if self.ix.int_ids.contains(&f.ty.name) {
                    "i64".to_owned()
                } else {
                    self.convert_infallible(&f.ty, "x")?.0
                };
                out.push((ty, "id".into()));
                continue;
            }
            // Ids cross signed (Kotlin and Java `Long`, Swift `Int64`); one beyond 2^63 - 1
            // goes to `extra`.
            if let Some(conv) = self.id_field(f) {
                out.push(conv);
                continue;
            }
            // A number the API sent as text that is not one (a multi-label `"1,2"`) or
            // that a Double cannot hold exactly goes to `extra` under its key.
            if f.is_number() {
                out.push((
                    "Option<f64>".into(),
                    format!(
                        "crate::convert::number(v.{}, {:?}, &mut spill)",
                        f.ident, f.key
                    ),
                ));
                continue;
            }
            // Money, dates and times cross as their mobile types; text that does not
            // parse goes to `extra`.
            if let Some((func, ty)) = f.exact() {
                out.push((
                    ty.into(),
                    format!(
                        "crate::money_dates::{func}(v.{}, {:?}, &mut spill)",
                        f.ident, f.key
                    ),
                ));
                continue;
            }
            // The same for integers: what is not an i64 goes to `extra`.
            if f.is_integer() || f.is_integer_list() {
                let (ty, func) = if f.is_integer() {
                    ("Option<i64>", "integer")
                } else {
                    ("Option<Vec<i64>>", "integers")
                };
                out.push((
                    ty.into(),
                    format!(
                        "crate::convert::{func}(v.{}, {:?}, &mut spill)",
                        f.ident, f.key
                    ),
                ));
                continue;
            }
            let opt = Ty {
                name: "Option".into(),
                args: vec![f.ty.clone()],
            };
            // A nested record whose id is required but missing: the field reads null
            // and the value goes to `extra` under its key, as received.
            let (ty, conv, fallible) = self.convert(&opt, "x")?;
            if fallible {
                out.push((
                    ty,
                    format!(
                        "crate::convert::or_spill(v.{}, {:?}, &mut spill, |x| {conv})",
                        f.ident, f.key
                    ),
                ));
            } else {
                out.push(self.convert_infallible(&opt, &format!("v.{}", f.ident))?);
            }
        }
        self.stack.pop();
        self.done.insert(name.to_owned(), out);
        Ok(())
    }
}

pub(super) fn models_rs(ix: &TypeIndex, m: &Models<'_>) -> String {
    let mut s = String::from(HEADER);
    s.push_str("//! Result records: one per response model, custom and unknown fields in `extra`.\n#![allow(clippy::redundant_closure)]\nuse crate::json::JsonValue;\nuse pipedrive::types;\n\n");
    for (name, convs) in &m.done {
        let def = &ix.models[name];
        let rust = ix.rust(name);
        s.push_str(&doc(&def.doc, ""));
        let _ = writeln!(
            s,
            "#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]\npub struct {name} {{"
        );
        let saved = m.is_saved(name);
        for (f, (ty, _)) in def.fields.iter().zip(convs) {
            s.push_str(&doc(&f.doc, "    "));
            if saved && f.ident == "id" {
                let _ = writeln!(s, "    pub {}: {ty},", f.ident);
            } else {
                let _ = writeln!(s, "    #[uniffi(default)]\n    pub {}: {ty},", f.ident);
            }
        }
        let numbers = convs
            .iter()
            .any(|(_, c)| c.contains("&mut spill") && !c.starts_with("crate::convert::or_spill("));
        let nested = convs
            .iter()
            .any(|(_, c)| c.starts_with("crate::convert::or_spill("));
        let spills = numbers || nested;
        s.push_str("    /// Every field the record does not name, as a JSON object: custom fields under\n    /// their 40-character keys and fields newer than this library.");
        if numbers {
            s.push_str(" A number, date or time\n    /// field whose value its mobile type cannot hold (text such as `\"1,2\"` or `\"\"`, an\n    /// integer beyond 2^53 in a Double, a fractional count, an id beyond 2^63 - 1) is also\n    /// here, under its key, as received.");
        }
        if nested {
            s.push_str(" A nested record that arrived\n    /// without the id its record type requires (a partial summary) is here too, under its\n    /// key, as received; the field reads null.");
        }
        s.push_str("\n    pub extra: JsonValue,\n}\n\n");
        let is_ref = ix.id_refs.values().any(|o| o == name);
        if saved {
            let id = if def
                .fields
                .iter()
                .any(|f| f.ident == "id" && ix.int_ids.contains(&f.ty.name))
            {
                format!(
                    "crate::convert::signed_id(crate::convert::required_id(v.id, \"{name}\")?.0, \"{name}\")?"
                )
            } else {
                format!("crate::convert::required_id(v.id, \"{name}\")?.0")
            };
            let _ = writeln!(
                s,
                "impl TryFrom<{rust}> for {name} {{\n    type Error = crate::error::PipedriveError;\n\n    /// A decode error when the record carries no id (or one beyond 2^63 - 1).\n    fn try_from(v: {rust}) -> Result<Self, Self::Error> {{\n        let id = {id};"
            );
        } else if is_ref {
            let _ = writeln!(
                s,
                "impl {name} {{\n    /// The record of an expanded reference whose id is `id`.\n    fn object(v: {rust}, id: i64) -> Self {{"
            );
        } else {
            let _ = writeln!(
                s,
                "impl From<{rust}> for {name} {{\n    fn from(v: {rust}) -> Self {{"
            );
        }
        if spills {
            s.push_str("        let mut spill = serde_json::Map::new();\n");
        }
        s.push_str(if saved {
            "        Ok(Self {\n"
        } else {
            "        Self {\n"
        });
        for (f, (_, conv)) in def.fields.iter().zip(convs) {
            if *conv == f.ident {
                let _ = writeln!(s, "            {conv},");
            } else {
                let _ = writeln!(s, "            {}: {conv},", f.ident);
            }
        }
        if spills {
            let _ = writeln!(
                s,
                "            extra: crate::convert::extra_out(v.extra, {rust}::FIELDS, spill),"
            );
        } else {
            let _ = writeln!(
                s,
                "            extra: crate::convert::unknown(v.extra, {rust}::FIELDS),"
            );
        }
        s.push_str(if saved {
            "        })\n    }\n}\n\n"
        } else {
            "        }\n    }\n}\n\n"
        });
    }
    for (alias, obj) in &ix.id_refs {
        if !m.done.contains_key(obj) {
            continue;
        }
        let _ = writeln!(
            s,
            "impl {obj} {{\n    /// The reference, whichever form arrived: a bare id becomes the record with only\n    /// `id` set; an expanded object keeps its fields, its id read from `id` or else\n    /// `value` (read by the caller, `crate::convert::reference`).\n    pub(crate) fn from_ref(v: types::{alias}, id: i64) -> Self {{\n        match v {{\n            types::IdRef::Id(_) => {obj} {{\n                id,\n                extra: JsonValue::empty_object(),\n                ..Default::default()\n            }},\n            types::IdRef::Object(o) => {obj}::object(o, id),\n        }}\n    }}\n}}\n"
        );
    }
    s.push_str(&accessors(ix, m));
    s
}

/// The short reference accessors (`deal.owner()`) of every emitted record, from the Rust
/// table (`pipedrive_types::schema::references`), as methods uniffi exports on the record.
fn accessors(ix: &TypeIndex, m: &Models<'_>) -> String {
    let mut s = String::new();
    for name in m.done.keys() {
        let table = pipedrive_types::schema::references(name);
        if table.is_empty() {
            continue;
        }
        let def = &ix.models[name];
        let _ = writeln!(s, "#[uniffi::export]\nimpl {name} {{");
        for acc in table {
            let Some(field) = def.fields.iter().find(|f| f.key == acc.key) else {
                continue;
            };
            let target = acc.target;
            let named = |r: &str| match acc.name_key {
                Some(k) => format!(
                    "{r}.map(|mut r| {{\n            if r.name.is_none() {{\n                r.name = self.{k}.clone();\n            }}\n            r\n        }})"
                ),
                None => r.to_owned(),
            };
            let body = if ix.id_refs.contains_key(&field.ty.name) {
                named(&format!("self.{}.clone()", field.ident))
            } else {
                let name = acc
                    .name_key
                    .map_or("None".to_owned(), |k| format!("self.{k}.clone()"));
                format!(
                    "self.{}.map(|id| {target} {{\n            id,\n            name: {name},\n            extra: JsonValue::empty_object(),\n            ..Default::default()\n        }})",
                    field.ident
                )
            };
            let _ = writeln!(
                s,
                "    /// The reference in `{}`, with its id and name whichever form arrived.\n    pub fn {}(&self) -> Option<{target}> {{\n        {body}\n    }}\n",
                acc.key, acc.name
            );
        }
        s.push_str("}\n\n");
    }
    s
}
