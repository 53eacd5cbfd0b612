//! What `pipedrive-types` declares, read as text from its sources: the `model!` structs
//! with their fields, the string enums, the integer and string id types and the id
//! reference aliases; and the small parser for the Rust types those declarations name.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A Rust type as written in a model or parameter declaration.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ty {
    pub(super) name: String,
    pub(super) args: Vec<Ty>,
}

impl Ty {
    pub(super) fn parse(s: &str) -> Result<Ty, String> {
        let (t, rest) = Self::parse_one(s.trim())?;
        if !rest.trim().is_empty() {
            return Err(format!("trailing text in type {s:?}"));
        }
        Ok(t)
    }
    fn parse_one(s: &str) -> Result<(Ty, &str), String> {
        let s = s.trim_start();
        let end = s.find(['<', '>', ',']).unwrap_or(s.len());
        let full = s[..end].trim();
        // `crate::DealId`, `types::DealId`, `serde_json::Value`: the last segment names it.
        let name = full.rsplit("::").next().unwrap_or(full).to_owned();
        let mut rest = &s[end..];
        let mut args = Vec::new();
        if let Some(r) = rest.strip_prefix('<') {
            rest = r;
            loop {
                let (a, r) = Self::parse_one(rest)?;
                args.push(a);
                let r = r.trim_start();
                if let Some(r) = r.strip_prefix(',') {
                    rest = r;
                } else if let Some(r) = r.strip_prefix('>') {
                    rest = r;
                    break;
                } else {
                    return Err(format!("unbalanced type {s:?}"));
                }
            }
        }
        Ok((Ty { name, args }, rest))
    }
}

/// A model field: Rust identifier, JSON key, Rust type inside the `Option`, doc line.
#[derive(Debug, Clone)]
pub(super) struct ModelField {
    pub(super) ident: String,
    pub(super) key: String,
    pub(super) ty: Ty,
    pub(super) doc: String,
}

#[derive(Debug, Clone)]
pub(super) struct ModelDef {
    pub(super) doc: String,
    pub(super) fields: Vec<ModelField>,
}

impl ModelField {
    /// A lenient number (`Number`), which crosses as a Double.
    pub(super) fn is_number(&self) -> bool {
        self.ty.name == "Number"
    }

    /// Money (or amounts per currency), a date, a time of day or a timestamp: the
    /// function of `bindings/ffi`'s
    /// `money_dates` module that converts it, and the mobile type it crosses as (what
    /// does not parse goes to `extra`).
    pub(super) fn exact(&self) -> Option<(&'static str, &'static str)> {
        Some(match self.ty.name.as_str() {
            "Amount" => ("amount", "Option<crate::money_dates::Amount>"),
            "Date" => ("date", "Option<crate::money_dates::CalendarDate>"),
            "TimeOfDay" => ("time_of_day", "Option<crate::money_dates::TimeOfDay>"),
            "Timestamp" => ("timestamp", "Option<std::time::SystemTime>"),
            "KeyedMap"
                if self.ty.args.len() == 2
                    && self.ty.args[0].name == "String"
                    && self.ty.args[1].name == "Amount" =>
            {
                (
                    "amount_map",
                    "Option<std::collections::HashMap<String, crate::money_dates::Amount>>",
                )
            }
            _ => return None,
        })
    }

    /// A lenient integer (`Integer`, a `Number` alias), which crosses as an `i64`.
    pub(super) fn is_integer(&self) -> bool {
        self.ty.name == "Integer"
    }

    /// A list of lenient integers, which crosses as a list of `i64`.
    pub(super) fn is_integer_list(&self) -> bool {
        self.ty.name == "Vec" && self.ty.args.first().is_some_and(|a| a.name == "Integer")
    }
}

/// What `pipedrive-types` declares, read from its sources.
#[derive(Debug, Default)]
pub(super) struct TypeIndex {
    pub(super) models: BTreeMap<String, ModelDef>,
    pub(super) enums: BTreeSet<String>,
    pub(super) int_ids: BTreeSet<String>,
    pub(super) str_ids: BTreeSet<String>,
    /// `UserIdRef` -> `UserRef`.
    pub(super) id_refs: BTreeMap<String, String>,
    /// The Rust path below `pipedrive_types` of a model whose record name differs from
    /// its Rust name: the v2 models, whose records are `V2Deal` for `v2::Deal`.
    pub(super) paths: BTreeMap<String, String>,
}

/// The record name of the v2 model `name` (`Deal` -> `V2Deal`): uniffi has one
/// namespace, shared with the v1 records.
pub(super) fn v2_record(name: &str) -> String {
    format!("V2{name}")
}

impl Ty {
    /// The same type with every name in `names` renamed by `f`.
    fn renamed(&self, names: &BTreeSet<String>, f: &dyn Fn(&str) -> String) -> Ty {
        Ty {
            name: if names.contains(&self.name) {
                f(&self.name)
            } else {
                self.name.clone()
            },
            args: self.args.iter().map(|a| a.renamed(names, f)).collect(),
        }
    }
}

fn first_doc(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_owned()
}

impl TypeIndex {
    pub(super) fn read(root: &Path) -> Result<TypeIndex, String> {
        let src = root.join("crates/pipedrive-types/src");
        let mut paths = vec![src.join("envelope.rs"), src.join("ids.rs")];
        for dir in [src.join("models"), src.join("lenient")] {
            let mut entries: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect();
            entries.sort();
            paths.extend(entries);
        }
        let mut ix = TypeIndex::default();
        for p in paths {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            ix.scan(&text)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
        // The v2 models, renamed `V2...` with the references between them.
        let p = src.join("generated/v2.rs");
        let text =
            std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let mut v2 = TypeIndex::default();
        v2.scan(&text)
            .map_err(|e| format!("{}: {e}", p.display()))?;
        let names: BTreeSet<String> = v2.models.keys().cloned().collect();
        for (name, mut def) in v2.models {
            for f in &mut def.fields {
                f.ty = f.ty.renamed(&names, &v2_record);
            }
            ix.paths.insert(v2_record(&name), format!("v2::{name}"));
            ix.models.insert(v2_record(&name), def);
        }
        Ok(ix)
    }

    /// The Rust type of the model recorded as `name`: `types::Deal`, `types::v2::Deal`.
    pub(super) fn rust(&self, name: &str) -> String {
        match self.paths.get(name) {
            Some(p) => format!("types::{p}"),
            None => format!("types::{name}"),
        }
    }

    fn scan(&mut self, text: &str) -> Result<(), String> {
        #[derive(PartialEq)]
        enum In {
            Nothing,
            Model,
            Enum,
            IntIds,
            StrIds,
        }
        let mut state = In::Nothing;
        let mut docs: Vec<String> = Vec::new();
        let mut current: Option<(String, ModelDef)> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(alias) = t.strip_prefix("pub type ") {
                // pub type UserIdRef = IdRef<UserId, UserRef>;
                if let Some((name, rhs)) = alias.split_once(" = ")
                    && let Ok(ty) = Ty::parse(rhs.trim_end_matches(';'))
                    && ty.name == "IdRef"
                    && ty.args.len() == 2
                {
                    self.id_refs
                        .insert(name.trim().to_owned(), ty.args[1].name.clone());
                }
                continue;
            }
            match t {
                "model! {" => {
                    state = In::Model;
                    docs.clear();
                    continue;
                }
                "string_enum! {" => {
                    state = In::Enum;
                    continue;
                }
                "int_ids! {" => {
                    state = In::IntIds;
                    continue;
                }
                "str_ids! {" => {
                    state = In::StrIds;
                    continue;
                }
                _ => {}
            }
            match state {
                In::Nothing => {}
                In::Enum => {
                    if let Some(rest) = t.strip_prefix("pub enum ") {
                        self.enums
                            .insert(rest.trim_end_matches('{').trim().to_owned());
                        state = In::Nothing;
                    }
                }
                In::IntIds | In::StrIds => {
                    if t == "}" {
                        state = In::Nothing;
                    } else if let Some(name) = t.strip_suffix(';')
                        && !t.starts_with("//")
                    {
                        let set = if state == In::IntIds {
                            &mut self.int_ids
                        } else {
                            &mut self.str_ids
                        };
                        set.insert(name.to_owned());
                    }
                }
                In::Model => {
                    if t.starts_with("@namespace ") {
                        // The schema name of a v2 model; its record is named by `read`.
                    } else if let Some(d) = t.strip_prefix("///") {
                        docs.push(d.to_owned());
                    } else if t.starts_with("#[") {
                    } else if let Some(rest) = t.strip_prefix("pub struct ") {
                        let name = rest.trim_end_matches('{').trim().to_owned();
                        current = Some((
                            name,
                            ModelDef {
                                doc: first_doc(&docs),
                                fields: Vec::new(),
                            },
                        ));
                        docs.clear();
                    } else if t == "}" {
                        if let Some((name, def)) = current.take() {
                            self.models.insert(name, def);
                        }
                        state = In::Nothing;
                    } else if let Some((head, ty)) = t.split_once(": Option<") {
                        let (ident, key) = match head.split_once(" as ") {
                            Some((i, k)) => (i.trim(), k.trim().trim_matches('"')),
                            None => (head.trim(), head.trim().trim_start_matches("r#")),
                        };
                        let inner = ty
                            .strip_suffix(">,")
                            .or_else(|| ty.strip_suffix('>'))
                            .ok_or_else(|| format!("model field spans lines: {t}"))?;
                        let ty = Ty::parse(inner)?;
                        if let Some((_, def)) = current.as_mut() {
                            def.fields.push(ModelField {
                                ident: ident.to_owned(),
                                key: key.to_owned(),
                                ty,
                                doc: first_doc(&docs),
                            });
                        }
                        docs.clear();
                    } else if !t.is_empty() {
                        return Err(format!("unexpected line in model!: {t}"));
                    }
                }
            }
        }
        Ok(())
    }
}
