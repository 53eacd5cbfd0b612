//! Joins the reference with the operation map into what the emitters need.
use crate::opmap::{Op, OpMap, Resource};
use crate::reference::{Endpoint, Location, Param};

/// How a field is typed and written.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A Rust type written through `QueryValue`/serde as-is.
    Plain(String),
    /// A flag the API wants as 0/1.
    Bit,
    /// A generated string enum (name, wire values).
    Enum(String, Vec<String>),
    /// File content for a multipart upload.
    File,
}

/// One field of a parameter struct.
#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub ident: String,
    pub kind: Kind,
    pub required: bool,
    pub location: Location,
    pub param: Param,
    /// Sample wire value from the map, overriding the generated one.
    pub sample: Option<serde_json::Value>,
}

impl Field {
    /// The Rust type of the field without the `Option`.
    pub fn ty(&self) -> String {
        match &self.kind {
            Kind::Plain(t) => t.clone(),
            Kind::Bit => "bool".into(),
            Kind::Enum(n, _) => n.clone(),
            Kind::File => "pipedrive_transport::Upload".into(),
        }
    }
    /// The declared field type.
    pub fn decl(&self) -> String {
        if self.required {
            self.ty()
        } else {
            format!("Option<{}>", self.ty())
        }
    }
}

/// An operation ready to emit.
#[derive(Debug, Clone)]
pub struct Operation {
    pub op: Op,
    pub ep: Endpoint,
    pub resource: Resource,
    /// Path arguments: (placeholder, ident, Rust type, by reference).
    pub path_args: Vec<(String, String, String, bool)>,
    pub fields: Vec<Field>,
}

impl Operation {
    pub fn query_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.location == Location::Query)
    }
    pub fn body_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.location == Location::Body)
    }
    pub fn has_body(&self) -> bool {
        self.body_fields().next().is_some()
    }
    pub fn is_multipart(&self) -> bool {
        self.ep.body_type.as_deref() == Some("multipart/form-data")
    }
    pub fn is_form(&self) -> bool {
        self.ep.body_type.as_deref() == Some("application/x-www-form-urlencoded")
    }
    /// The path below the base URL (`/deals/{id}`).
    pub fn rel_path(&self) -> &str {
        self.ep.path.strip_prefix("/v1").unwrap_or(&self.ep.path)
    }
    /// Stable name used for fixtures and tests: `get_deals_id_followers`.
    pub fn slug(&self) -> String {
        let p: String = self
            .rel_path()
            .chars()
            .filter(|c| *c != '{' && *c != '}')
            .map(|c| if c == '/' { '_' } else { c })
            .collect();
        format!("{}{}", self.ep.method.to_lowercase(), p)
    }
}

pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if up {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            up = false;
        } else {
            up = true;
        }
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

pub fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

const KEYWORDS: &[&str] = &[
    "type", "match", "ref", "loop", "move", "use", "mod", "fn", "impl", "self", "in",
];

fn ident(wire: &str) -> String {
    let s = snake(wire);
    if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

pub const STRING_IDS: &[&str] = &["LeadId", "CallLogId", "ChannelId"];

fn kind_of(map: &OpMap, res: &Resource, params_struct: &str, p: &Param) -> Kind {
    let scoped = format!("{}:{}", res.module, p.name);
    if let Some(t) = map.types.get(&scoped).or_else(|| map.types.get(&p.name)) {
        return Kind::Plain(qualify(t));
    }
    if p.format.as_deref() == Some("BINARY") {
        return Kind::File;
    }
    let is01 = !p.values.is_empty() && p.values.iter().all(|v| v == "0" || v == "1");
    if is01 && p.ty != "BOOLEAN" {
        return Kind::Bit;
    }
    if !p.values.is_empty() && (p.ty == "STRING" || p.ty.is_empty()) {
        let key = (p.name.clone(), p.values.join(","));
        let name = map
            .enums
            .get(&key)
            .cloned()
            .unwrap_or_else(|| format!("{params_struct}{}", pascal(&p.name)));
        return Kind::Enum(name, p.values.clone());
    }
    Kind::Plain(
        match p.ty.as_str() {
            "INTEGER" => "i64",
            "NUMBER" => "f64",
            "BOOLEAN" => "bool",
            "STRING" => "String",
            "ARRAY" => "Vec<serde_json::Value>",
            _ => "serde_json::Value",
        }
        .into(),
    )
}

/// Types named in the map live in `pipedrive_types` unless they are std/serde types.
pub fn qualify(t: &str) -> String {
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return format!("Vec<{}>", qualify(inner));
    }
    match t {
        "String" | "i64" | "f64" | "bool" | "u64" => t.into(),
        _ if t.contains("::") => t.into(),
        _ => format!("types::{t}"),
    }
}

pub fn build(map: &OpMap, endpoints: &[Endpoint]) -> Result<Vec<Operation>, String> {
    let mut out = Vec::new();
    for op in &map.ops {
        let ep = endpoints
            .iter()
            .find(|e| e.method == op.method && e.path == op.path)
            .ok_or_else(|| format!("{} {} is not in the reference", op.method, op.path))?
            .clone();
        let res = map.resources[op.resource].clone();
        let mut path_args = Vec::new();
        for seg in ep.path.split('/') {
            if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let ty = if name == "id" {
                    res.id_type.clone()
                } else {
                    map.path_types
                        .get(name)
                        .cloned()
                        .ok_or_else(|| format!("no @path type for {{{name}}} in {}", ep.path))?
                };
                let by_ref = STRING_IDS.contains(&ty.as_str()) || ty == "String";
                path_args.push((name.to_owned(), ident(name), qualify(&ty), by_ref));
            }
        }
        let struct_name = op.params.clone().unwrap_or_default();
        let mut fields = Vec::new();
        for p in ep.params.iter().filter(|p| p.location != Location::Path) {
            fields.push(Field {
                wire: p.name.clone(),
                ident: ident(&p.name),
                kind: kind_of(map, &res, &struct_name, p),
                required: p.required,
                location: p.location,
                param: p.clone(),
                sample: map
                    .samples
                    .get(&format!("{}:{}", res.module, p.name))
                    .or_else(|| map.samples.get(&p.name))
                    .cloned(),
            });
        }
        if !fields.is_empty() && op.params.is_none() {
            return Err(format!(
                "{} {} has parameters but no params struct",
                op.method, op.path
            ));
        }
        out.push(Operation {
            op: op.clone(),
            ep,
            resource: res,
            path_args,
            fields,
        });
    }
    Ok(out)
}
