//! Writes `resources.py` and its stub `resources.pyi`: one class per resource and one
//! method per operation, each with its real signature and docstring, whose body only
//! hands the operation id and the arguments to the native client.
use super::names::{HEADER, STUB_HEADER, field_type, py_ident, py_str, py_type_of};
use super::surface::Surface;
use crate::model::{Field, Kind, Operation};
use crate::opmap::OpMap;
use crate::reference::Location;
use std::fmt::Write as _;

/// `(python name, type)` of each path argument.
fn path_params(op: &Operation) -> Vec<(String, String, String)> {
    op.path_args
        .iter()
        .map(|(ph, id, ty, _)| {
            (
                ph.clone(),
                py_ident(id.trim_start_matches("r#")),
                py_type_of(ty),
            )
        })
        .collect()
}

fn has_json_or_form(op: &Operation) -> bool {
    op.has_extra()
}

/// `def name(params) -> ret:`, one parameter per line when the line would be long.
pub(super) fn def_line(name: &str, params: &[String], ret: &str, indent: &str) -> String {
    let one = format!("{indent}def {name}({}){ret}:\n", params.join(", "));
    if one.len() <= 99 {
        return one;
    }
    let mut s = format!("{indent}def {name}(\n");
    for p in params {
        let _ = writeln!(s, "{indent}    {p},");
    }
    let _ = writeln!(s, "{indent}){ret}:");
    s
}

/// The parameters (with `self`) and the return annotation, typed or not.
pub(super) fn signature(s: &Surface<'_>, op: &Operation, typed: bool) -> (Vec<String>, String) {
    let mut args = vec!["self".to_owned()];
    for (_, id, ty) in path_params(op) {
        args.push(if typed { format!("{id}: {ty}") } else { id });
    }
    if op.op.response == "download" {
        args.push(if typed {
            "dest: DownloadTarget".into()
        } else {
            "dest".into()
        });
    }
    let mut kw = Vec::new();
    for f in &op.fields {
        if by_name(op, f) {
            continue;
        }
        let id = py_ident(&f.wire);
        let ty = field_type(f);
        kw.push(match (typed, f.required) {
            _ if f.patch && typed => format!("{id}: Union[{ty}, None, Unset] = UNSET"),
            _ if f.patch => format!("{id}=UNSET"),
            (true, true) => format!("{id}: {ty}"),
            (true, false) => format!("{id}: Optional[{ty}] = None"),
            (false, true) => id,
            (false, false) => format!("{id}=None"),
        });
    }
    if has_json_or_form(op) {
        kw.push(if typed {
            "extra: Optional[Mapping[str, Any]] = None".into()
        } else {
            "extra=None".into()
        });
    }
    if has_custom_fields(op) {
        kw.push(if typed {
            "custom_fields: Optional[Mapping[str, Any]] = None".into()
        } else {
            "custom_fields=None".into()
        });
    }
    if !kw.is_empty() {
        args.push("*".into());
        args.extend(kw);
    }
    let ret = if typed {
        format!(" -> {}", s.return_type(op))
    } else {
        String::new()
    };
    (args, ret)
}

pub(super) fn docstring(op: &Operation, indent: &str) -> String {
    let mut d = format!(
        "{indent}\"\"\"{}\n\n{indent}``{} {}``\n",
        op.op.doc, op.ep.method, op.ep.path
    );
    if let Some(dep) = &op.deprecation {
        let _ = writeln!(
            d,
            "\n{indent}Deprecated by Pipedrive: {}. Calling it warns (``DeprecationWarning``)\n{indent}and still works.",
            dep.python_advice()
        );
    }
    let has_args = !op.path_args.is_empty() || !op.fields.is_empty();
    if has_args || op.op.response == "download" {
        let _ = writeln!(d, "\n{indent}Args:");
    }
    for (ph, id, _) in path_params(op) {
        let _ = writeln!(d, "{indent}    {id}: path parameter ``{ph}``.");
    }
    if op.op.response == "download" {
        let _ = writeln!(
            d,
            "{indent}    dest: a file path, or a writable binary file object; the content is streamed into it."
        );
    }
    for f in op.fields.iter().filter(|f| !by_name(op, f)) {
        let loc = match f.location {
            Location::Query => "query",
            Location::Body => "body",
            Location::Path => "path",
        };
        let mut line = format!(
            "{}: ``{}`` ({loc}, {})",
            py_ident(&f.wire),
            f.wire,
            if f.required { "required" } else { "optional" }
        );
        match &f.kind {
            Kind::Enum(_, values) => {
                let _ = write!(line, "; one of {}", values.join(", "));
            }
            Kind::Bit => line.push_str("; sent as 0/1"),
            Kind::File => {
                line.push_str("; a path, bytes, a binary file object or (file_name, content)")
            }
            Kind::Plain(_) => {}
        }
        if let Some(def) = &f.param.default {
            let _ = write!(line, "; the server assumes {} when absent", def.trim());
        }
        if f.patch {
            line.push_str("; left alone unless given, None clears it");
        }
        let _ = writeln!(
            d,
            "{indent}    {}.",
            line.replace("\"\"\"", "'''").replace('\\', "/")
        );
    }
    if has_json_or_form(op) {
        let _ = writeln!(
            d,
            "{indent}    extra: further body fields sent as-is: {}.",
            if op.resource.version >= 2 {
                "fields newer than this package, or documented fields set to None to clear them"
            } else {
                "custom fields under their 40-character keys, or documented fields set to None to clear them"
            }
        );
    }
    if has_custom_fields(op) {
        let _ = writeln!(
            d,
            "{indent}    custom_fields: custom fields by name (``{{\"Region\": \"EMEA\"}}``; None clears one), resolved through ``client.custom_fields``: option labels become ids."
        );
    }
    let _ = writeln!(d, "{indent}\"\"\"");
    d
}

/// The operation id a Python caller sees: `deals.list`.
fn py_id(op: &Operation) -> String {
    format!("{}.{}", op.resource.dotted(), op.op.name)
}

/// The text as adjacent string literals, one per line, each line at most 99 characters
/// with a trailing comma.
fn wrapped_str(text: &str, indent: &str) -> Vec<String> {
    let width = 99 - indent.len() - 3;
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_inclusive(' ') {
        if !cur.is_empty() && cur.len() + word.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
        .iter()
        .map(|l| format!("{indent}{}", py_str(l)))
        .collect()
}

/// For a deprecated operation, the warning its method gives before the call, pointing
/// at the caller's line (`stacklevel=2`). The call still goes through.
fn deprecation_warning(op: &Operation) -> String {
    let Some(dep) = &op.deprecation else {
        return String::new();
    };
    let mut s = String::from("        _warn(\n");
    for line in wrapped_str(&dep.python_message(&py_id(op)), "            ") {
        let _ = writeln!(s, "{line}");
    }
    // The message ends on the last literal.
    s.insert(s.len() - 1, ',');
    s.push_str("            DeprecationWarning,\n            stacklevel=2,\n        )\n");
    s
}

/// Whether the operation's body carries the record's custom fields, which can then be
/// given by name (the rule is `FieldEntity::of_operation`, asked again at run time).
pub(super) fn has_custom_fields(op: &Operation) -> bool {
    has_json_or_form(op)
        && pipedrive_types::FieldEntity::of_operation(&op.resource.dotted(), &op.op.name).is_some()
}

/// Whether `f` is the v2 body's own `custom_fields` object of an operation that takes
/// custom fields by name: the method's `custom_fields=` keyword stands for it (names in,
/// the native client fills the object), so it is not a keyword of its own.
pub(super) fn by_name(op: &Operation, f: &Field) -> bool {
    f.wire == "custom_fields" && has_custom_fields(op)
}

/// The body of a generated method: the operation id and the arguments, in the order of
/// the operation table's `args` (path arguments, the parameter struct's fields, then
/// `extra`), handed to the native client. Building the request is Rust's job.
pub(super) fn method_body(op: &Operation) -> String {
    let mut values: Vec<String> = path_params(op).into_iter().map(|(_, id, _)| id).collect();
    for f in &op.fields {
        let id = py_ident(&f.wire);
        values.push(if by_name(op, f) {
            "UNSET".to_owned()
        } else if f.kind == Kind::File {
            format!("_file({}, {id})", py_str(&f.wire))
        } else {
            id
        });
    }
    if has_json_or_form(op) {
        values.push("extra".to_owned());
    }
    let tuple = match values.len() {
        0 => "()".to_owned(),
        1 => format!("({},)", values[0]),
        _ => format!("({})", values.join(", ")),
    };
    let id = py_str(&format!("{}.{}", op.resource.dotted(), op.op.name));
    let i = "        ";
    let named = if has_custom_fields(op) {
        ", custom_fields"
    } else {
        ""
    };
    let line = if op.op.response == "download" {
        format!("{i}return self._c.download({id}, {tuple}, _dest(dest))")
    } else {
        format!("{i}return self._c.call({id}, {tuple}{named})")
    };
    if line.len() <= 99 {
        return line + "\n";
    }
    let verb = if op.op.response == "download" {
        "download"
    } else {
        "call"
    };
    let mut s = format!("{i}return self._c.{verb}(\n{i}    {id},\n{i}    (\n");
    for v in &values {
        let _ = writeln!(s, "{i}        {v},");
    }
    let _ = writeln!(s, "{i}    ),");
    if op.op.response == "download" {
        let _ = writeln!(s, "{i}    _dest(dest),");
    }
    if has_custom_fields(op) {
        let _ = writeln!(s, "{i}    custom_fields,");
    }
    let _ = writeln!(s, "{i})");
    s
}

/// Each resource that has operations, with them in map order.
pub(super) fn resources_with_ops<'a>(
    map: &'a OpMap,
    ops: &'a [Operation],
) -> impl Iterator<Item = (&'a crate::opmap::Resource, Vec<&'a Operation>)> {
    map.resources.iter().filter_map(move |res| {
        let mine: Vec<&Operation> = ops
            .iter()
            .filter(|o| o.resource.module == res.module)
            .collect();
        (!mine.is_empty()).then_some((res, mine))
    })
}

pub(super) fn resource_handles(map: &OpMap, ops: &[Operation]) -> Vec<(String, String)> {
    map.resources
        .iter()
        .filter(|r| ops.iter().any(|o| o.resource.module == r.module))
        .map(|r| (r.accessor.clone(), r.handle.clone()))
        .collect()
}

/// One class per resource of `map` with its methods, each handing its call to the
/// native client.
pub(super) fn classes_py(s: &Surface<'_>, map: &OpMap) -> String {
    let mut out = String::new();
    for (res, mine) in resources_with_ops(map, s.ops) {
        let _ = write!(
            out,
            "\n\nclass {}(_Resource):\n    \"\"\"The ``{}`` endpoints (``client.{}``).\"\"\"\n\n    __slots__ = ()\n",
            res.handle,
            res.handle,
            res.dotted()
        );
        for op in mine {
            let (params, ret) = signature(s, op, false);
            out.push('\n');
            out.push_str(&def_line(&op.op.name, &params, &ret, "    "));
            out.push_str(&docstring(op, "        "));
            out.push_str(&deprecation_warning(op));
            out.push_str(&method_body(op));
        }
    }
    out
}

/// The stubs of [`classes_py`]: typed signatures and docstrings.
pub(super) fn classes_pyi(s: &Surface<'_>, map: &OpMap) -> String {
    let mut out = String::new();
    for (res, mine) in resources_with_ops(map, s.ops) {
        let _ = write!(
            out,
            "\nclass {}(_Resource):\n    \"\"\"The ``{}`` endpoints (``client.{}``).\"\"\"\n",
            res.handle,
            res.handle,
            res.dotted()
        );
        for op in mine {
            let (params, ret) = signature(s, op, true);
            if let Some(dep) = &op.deprecation {
                // Type checkers flag the call (PEP 702); the stub is never imported, so
                // `typing_extensions` is no dependency of the package.
                let _ = writeln!(
                    out,
                    "    @deprecated({})",
                    py_str(&dep.python_message(&py_id(op)))
                );
            }
            out.push_str(&def_line(&op.op.name, &params, &ret, "    "));
            out.push_str(&docstring(op, "        "));
            out.push_str("        ...\n");
        }
    }
    out
}

pub(super) fn resources_py(s: &Surface<'_>, map: &OpMap) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\"\"\"The endpoint surface: one class per resource, one method per operation.\n\nEach method hands its operation id and arguments to the native client, where the Rust\noperation table checks them and builds the request. Types: see resources.pyi.\n\"\"\"\n\n");
    out.push_str("from warnings import warn as _warn\n\nfrom ._support import dest as _dest\nfrom ._support import file_part as _file\n\n__all__ = [\n    \"Resources\",\n");
    let handles = resource_handles(map, s.ops);
    for (_, h) in &handles {
        let _ = writeln!(out, "    {},", py_str(h));
    }
    out.push_str("]\n\n\nclass _Resource:\n    __slots__ = (\"_c\",)\n\n    def __init__(self, native):\n        self._c = native\n\n    def __repr__(self):\n        return f\"<pipedrive_rs {type(self).__name__} endpoints>\"\n");
    out.push_str(&classes_py(s, map));
    out.push_str("\n\nclass Resources:\n    \"\"\"One attribute per resource, named like the accessors of the Rust ``Client``.\"\"\"\n\n    def __init__(self, native):\n");
    for (acc, h) in &handles {
        let _ = writeln!(out, "        self.{acc} = {h}(native)");
    }
    out
}

/// The imports `resources.pyi` starts with (the async stub reuses them).
pub(super) fn stub_imports() -> String {
    "from datetime import date, datetime, time\nfrom typing import Any, List, Mapping, Optional, Sequence, Union\n\nfrom typing_extensions import deprecated\n\nfrom ._native import Client as _NativeClient\nfrom ._native import Pager, SearchHits\nfrom ._support import (\n    ContactEntry,\n    DownloadTarget,\n    FieldOptionInput,\n    FileInput,\n    LeadValueInput,\n    Money,\n    PriceInput,\n)\nfrom .models import *\n".to_owned()
}

pub(super) fn resources_pyi(s: &Surface<'_>, map: &OpMap) -> String {
    let mut out = String::from(STUB_HEADER);
    out.push_str(&stub_imports());
    out.push_str("\n__all__ = [\n    \"Resources\",\n");
    for (_, h) in resource_handles(map, s.ops) {
        let _ = writeln!(out, "    {},", py_str(&h));
    }
    out.push_str("]\n\n");
    out.push_str("class _Resource:\n    def __init__(self, native: _NativeClient) -> None: ...\n");
    out.push_str(&classes_pyi(s, map));
    out.push_str("\nclass Resources:\n");
    for (acc, h) in resource_handles(map, s.ops) {
        let _ = writeln!(out, "    {acc}: {h}");
    }
    out.push_str("    def __init__(self, native: _NativeClient) -> None: ...\n");
    out
}
