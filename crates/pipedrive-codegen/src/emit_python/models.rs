//! Writes `models.py` and its stub `models.pyi`: the request enums, and the result types
//! with the fields their reference examples document, typed where Pipedrive keeps the
//! shape stable.
use super::names::{HEADER, STUB_HEADER, attribute_field, py_str, upper_member};
use super::surface::Surface;
use pipedrive_types::schema::FieldKind;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The attribute type of a documented result field. Only shapes Pipedrive keeps stable
/// are typed; ids that may come expanded, flags (`true`/`1`), and numbers (sometimes
/// strings) stay `Any`, as does anything that differs between examples.
fn attr_type(name: &str, tags: &BTreeSet<&'static str>) -> &'static str {
    let only: Vec<&str> = tags.iter().copied().collect();
    if name.ends_with("_id") || name.ends_with("_flag") {
        return "Any";
    }
    match only.as_slice() {
        // Every object Pipedrive returns has its id; typing it as never None spares
        // callers a check on each `client.deals.get(deal.id)`.
        ["int"] if name == "id" => "int",
        ["str"] if name == "id" => "str",
        ["str"] => "Optional[str]",
        ["list"] => "Optional[List[Any]]",
        _ => "Any",
    }
}

/// The Python type of a field the native module converts (money to `Decimal`, dates and
/// times to `datetime` values), from the Rust model's schema; `None` for other fields.
fn converted_type(model: &str, key: &str) -> Option<&'static str> {
    use pipedrive_types::schema::{FieldKind, schema};
    let spec = schema(model)?.iter().find(|f| f.key == key)?;
    if spec.list {
        return None;
    }
    Some(match spec.kind {
        FieldKind::Money => "Optional[Decimal]",
        FieldKind::MoneyMap => "Optional[Dict[str, Decimal]]",
        FieldKind::Date => "Optional[date]",
        FieldKind::Time => "Optional[time]",
        FieldKind::Timestamp => "Optional[datetime]",
        _ => return None,
    })
}

/// The type of a field holding a nested model (a lead's `value`, a product's `prices`),
/// from the Rust model of the same name: `Optional[LeadValue]`, `Optional[List[..]]`.
fn object_type(class: &str, key: &str) -> Option<String> {
    let spec = pipedrive_types::schema::schema(class)?
        .iter()
        .find(|f| f.key == key)?;
    match spec.kind {
        FieldKind::Object(target) if spec.list => Some(format!("Optional[List[{target}]]")),
        FieldKind::Object(target) => Some(format!("Optional[{target}]")),
        _ => None,
    }
}

/// The nested models result types hold that have no class of their own (`LeadValue`,
/// `ProductPrice`), each once, sorted; followed through their own fields.
fn nested_models(s: &Surface<'_>) -> Vec<&'static str> {
    let classes: BTreeSet<&str> = s.classes().map(|(n, _)| n.as_str()).collect();
    let mut todo: Vec<&str> = classes.iter().copied().collect();
    let mut out = BTreeSet::new();
    while let Some(name) = todo.pop() {
        for f in pipedrive_types::schema::schema(name).unwrap_or_default() {
            if let FieldKind::Object(target) = f.kind {
                if !classes.contains(target) && out.insert(target) {
                    todo.push(target);
                }
            }
        }
    }
    out.into_iter().collect()
}

/// A stub class for a nested model, its fields typed from the Rust schema.
fn nested_class(name: &str) -> String {
    format!(
        "\nclass {name}(Record):\n    \"\"\"A nested ``{name}`` object; other fields are read by key (``r[\"key\"]``).\"\"\"\n\n{}",
        schema_fields(name, true)
    )
}

/// The attribute lines of a stub class for the Rust model `name`. With `converted`, a
/// field is typed as the native module reads it (money and dates converted, references,
/// nested models); without (the expanded object of a reference), text is `str` and the
/// rest `Any`. A reference's `id`, `name` and `value` come from `Ref` and are left out.
fn schema_fields(name: &str, converted: bool) -> String {
    let mut out = String::new();
    for f in pipedrive_types::schema::schema(name).unwrap_or_default() {
        if !attribute_field(f.key) || (!converted && matches!(f.key, "id" | "name" | "value")) {
            continue;
        }
        let rich = || {
            converted_type(name, f.key)
                .map(str::to_owned)
                .or_else(|| ref_type(name, f.key))
                .or_else(|| object_type(name, f.key))
        };
        let ty = converted.then(rich).flatten().unwrap_or_else(|| {
            match (f.kind, f.list) {
                (FieldKind::Text, false) => "Optional[str]",
                _ => "Any",
            }
            .to_owned()
        });
        let _ = writeln!(out, "    {}: {ty}", f.key);
    }
    out
}

/// The reference type of field `key` of result type `class`, from the Rust model of the
/// same name: `Optional[UserRef]` for a field holding a reference.
fn ref_type(class: &str, key: &str) -> Option<String> {
    let fields = pipedrive_types::schema::schema(class)?;
    match fields.iter().find(|f| f.key == key)?.kind {
        FieldKind::Ref(target) => Some(format!("Optional[{target}]")),
        _ => None,
    }
}

/// The models references point at (`OrgRef`, `PersonRef`, ...), each once, sorted.
fn ref_targets() -> Vec<&'static str> {
    let mut out = BTreeSet::new();
    for name in pipedrive_types::schema::MODEL_NAMES {
        for f in pipedrive_types::schema::schema(name).unwrap_or_default() {
            if let FieldKind::Ref(target) = f.kind {
                out.insert(target);
            }
        }
    }
    out.into_iter().collect()
}

/// The stub class of a reference type: `id` and `name` come from `Ref`; the other fields
/// of the expanded object are typed from its Rust model.
fn ref_class(target: &str) -> String {
    format!(
        "\nclass {target}(_RefBase):\n    \"\"\"A reference read from a result: ``id`` and ``name``, and the expanded object's fields when the server sent it (``None`` otherwise).\"\"\"\n\n{}",
        schema_fields(target, false)
    )
}

fn enum_doc(values: &[String]) -> String {
    format!(
        "Accepted values: {}. Plain strings are accepted too.",
        values.join(", ")
    )
}

pub(super) fn enums_block(s: &Surface<'_>) -> String {
    let mut out = String::new();
    for (name, values) in &s.enums {
        let _ = write!(
            out,
            "\n\nclass {name}(str, enum.Enum):\n    \"\"\"{}\"\"\"\n\n",
            enum_doc(values)
        );
        let mut used = BTreeSet::new();
        for v in values {
            let mut member = upper_member(v);
            while !used.insert(member.clone()) {
                member.push('_');
            }
            let _ = writeln!(out, "    {member} = {}", py_str(v));
        }
    }
    out
}

/// The result types and the nested models they hold, for `__all__` and the aliases.
fn model_names(s: &Surface<'_>) -> Vec<String> {
    let mut names: Vec<String> = s.classes().map(|(n, _)| n.clone()).collect();
    names.extend(nested_models(s).into_iter().map(str::to_owned));
    names
}

pub(super) fn models_py(s: &Surface<'_>) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\"\"\"Request enums and result types.\n\nResults are ``Record`` objects at run time; the names below are aliases of ``Record``\nthat the stubs (models.pyi) describe with the fields the reference documents.\nDocumented fields the server leaves out read as ``None``.\n\"\"\"\n\nimport enum\n\nfrom . import _native\nfrom ._native import Record, Ref\nfrom ._support import AdditionalData, Pagination, Visibility\n\n");
    let names = model_names(s);
    let mut all: Vec<String> = vec![
        "AdditionalData".into(),
        "Pagination".into(),
        "Record".into(),
        "Ref".into(),
        "SearchHit".into(),
        "Visibility".into(),
    ];
    all.extend(s.enums.keys().cloned());
    all.extend(ref_targets().into_iter().map(str::to_owned));
    all.extend(names.iter().cloned());
    out.push_str("__all__ = [\n");
    for n in &all {
        let _ = writeln!(out, "    {},", py_str(n));
    }
    out.push_str("]\n");
    out.push_str(&enums_block(s));
    out.push_str("\n\nSearchHit = Record\n");
    for t in ref_targets() {
        let _ = writeln!(out, "{t} = Ref");
    }
    for n in &names {
        let _ = writeln!(out, "{n} = Record");
    }
    out.push_str("\n# Documented fields of each result type (those of API v2 as `v2::Name`): read as None\n# when the server leaves them out.\n_native.register_models(\n    {\n");
    for (name, shape) in s.classes() {
        let fields: Vec<String> = shape
            .fields
            .iter()
            .filter(|(k, _)| attribute_field(k))
            .map(|(k, _)| py_str(k))
            .collect();
        if fields.is_empty() {
            let _ = writeln!(out, "        {}: (),", py_str(name));
        } else {
            let _ = writeln!(
                out,
                "        {}: (\n            {},\n        ),",
                py_str(name),
                fields.join(",\n            ")
            );
        }
    }
    out.push_str(&super::v2::registrations());
    out.push_str("    }\n)\n");
    out
}

pub(super) fn models_pyi(s: &Surface<'_>) -> String {
    let mut out = String::from(STUB_HEADER);
    out.push_str("import enum\nfrom datetime import date, datetime, time\nfrom decimal import Decimal\nfrom typing import TYPE_CHECKING, Any, Dict, Generic, List, Optional, TypeVar\n\nfrom ._native import Record as Record\nfrom ._native import Ref as Ref\nfrom ._support import AdditionalData as AdditionalData\nfrom ._support import Pagination as Pagination\nfrom ._support import Visibility as Visibility\n\n_T = TypeVar(\"_T\")\n\n# `Ref` cannot be subclassed at run time, and pdoc (`just docs`) executes this stub to\n# read the types: there the reference classes below get a plain base.\nif TYPE_CHECKING:\n    _RefBase = Ref\nelse:\n    _RefBase = object\n");
    let names = model_names(s);
    out.push_str("\n__all__ = [\n");
    let mut all: Vec<String> = vec![
        "AdditionalData".into(),
        "Pagination".into(),
        "Record".into(),
        "Ref".into(),
        "SearchHit".into(),
        "Visibility".into(),
    ];
    all.extend(s.enums.keys().cloned());
    all.extend(ref_targets().into_iter().map(str::to_owned));
    all.extend(names.iter().cloned());
    for n in &all {
        let _ = writeln!(out, "    {},", py_str(n));
    }
    out.push_str("]\n");
    out.push_str(&enums_block(s).replace("\n\n\nclass", "\n\nclass"));
    for t in ref_targets() {
        out.push_str(&ref_class(t));
    }
    out.push_str("\nclass SearchHit(Record, Generic[_T]):\n    \"\"\"One search result: the matched object and how well it matched.\"\"\"\n\n    result_score: Optional[float]\n    item: _T\n");
    for (name, shape) in s.classes() {
        let _ = write!(out, "\nclass {name}(Record):\n");
        let fields: Vec<&(String, BTreeSet<&str>)> = shape
            .fields
            .iter()
            .filter(|(k, _)| attribute_field(k))
            .collect();
        if fields.is_empty() {
            out.push_str("    \"\"\"A result whose fields the reference does not show; read them by key or attribute.\"\"\"\n\n    def __getattr__(self, name: str) -> Any: ...\n");
        } else {
            let _ = writeln!(
                out,
                "    \"\"\"A ``{name}`` result; undocumented and custom fields are read by key (``r[\"key\"]``).\"\"\"\n"
            );
            for (k, tags) in fields {
                let ty = converted_type(name, k)
                    .map(str::to_owned)
                    .or_else(|| ref_type(name, k))
                    .or_else(|| object_type(name, k))
                    .unwrap_or_else(|| attr_type(k, tags).to_owned());
                let _ = writeln!(out, "    {k}: {ty}");
            }
        }
        for acc in pipedrive_types::schema::references(name) {
            let named = match acc.name_key {
                Some(k) => format!(" (named from ``{k}`` when that is a bare id)"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "    @property\n    def {}(self) -> Optional[{}]:\n        \"\"\"The reference in ``{}``{named}.\"\"\"",
                acc.name, acc.target, acc.key
            );
        }
    }
    for name in nested_models(s) {
        out.push_str(&nested_class(name));
    }
    out
}
