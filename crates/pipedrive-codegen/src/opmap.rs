//! The committed operation map (`operations.map`); see the header of that file.
use std::collections::BTreeMap;

/// A resource handle: one struct with one method per operation.
#[derive(Debug, Clone)]
pub struct Resource {
    pub module: String,
    pub handle: String,
    pub accessor: String,
    pub id_type: String,
    pub krate: String,
    /// The API version of its operations (1 or 2).
    pub version: u8,
}

impl Resource {
    /// Where its Rust code lives below a domain crate: `sales`, or `sales::v2`.
    pub fn rust_mod(&self) -> String {
        match self.version {
            1 => self.krate.clone(),
            v => format!("{}::v{v}", self.krate),
        }
    }

    /// The accessor path from a client: `deals`, or `v2.deals` (operation ids are this
    /// plus the method name).
    pub fn dotted(&self) -> String {
        match self.version {
            1 => self.accessor.clone(),
            v => format!("v{v}.{}", self.accessor),
        }
    }
}

/// One operation row.
#[derive(Debug, Clone)]
pub struct Op {
    pub method: String,
    pub path: String,
    pub name: String,
    pub response: String,
    pub params: Option<String>,
    pub doc: String,
    pub resource: usize,
}

/// Everything the map says.
#[derive(Debug, Default)]
pub struct OpMap {
    pub resources: Vec<Resource>,
    pub ops: Vec<Op>,
    pub path_types: BTreeMap<String, String>,
    /// `param` or `module:param` -> Rust type.
    pub types: BTreeMap<String, String>,
    /// (`param`, `v1,v2,..`) -> enum name.
    pub enums: BTreeMap<(String, String), String>,
    /// `param` or `module:param` -> sample wire value (JSON) for docs and tests.
    pub samples: BTreeMap<String, serde_json::Value>,
}

impl OpMap {
    /// The v1 map (`operations.map`).
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_version(text, 1)
    }

    /// A map whose resources and operations belong to API `version`.
    pub fn parse_version(text: &str, version: u8) -> Result<Self, String> {
        let mut map = OpMap::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let file = if version == 1 {
                "operations.map"
            } else {
                "operations-v2.map"
            };
            let err = |m: &str| format!("{file}:{}: {m}: {raw}", n + 1);
            if let Some(rest) = line.strip_prefix('@') {
                let w: Vec<&str> = rest.split_whitespace().collect();
                match w.as_slice() {
                    ["resource", module, handle, accessor, id, krate] => {
                        map.resources.push(Resource {
                            module: (*module).into(),
                            handle: (*handle).into(),
                            accessor: (*accessor).into(),
                            id_type: (*id).into(),
                            krate: (*krate).into(),
                            version,
                        })
                    }
                    ["path", p, t] => {
                        map.path_types.insert((*p).into(), (*t).into());
                    }
                    ["type", p, t] => {
                        map.types.insert((*p).into(), (*t).into());
                    }
                    ["enum", p, values, name] => {
                        map.enums
                            .insert(((*p).into(), (*values).into()), (*name).into());
                    }
                    ["sample", p, ..] => {
                        let json = rest
                            .splitn(3, char::is_whitespace)
                            .nth(2)
                            .unwrap_or("")
                            .trim();
                        let v = serde_json::from_str(json)
                            .map_err(|e| err(&format!("sample JSON: {e}")))?;
                        map.samples.insert((*p).into(), v);
                    }
                    _ => return Err(err("unknown directive")),
                }
                continue;
            }
            let cols: Vec<&str> = line.splitn(5, '|').map(str::trim).collect();
            let [route, name, response, params, doc] = cols.as_slice() else {
                return Err(err("expected 5 columns"));
            };
            let (method, path) = route.split_once(' ').ok_or_else(|| err("route"))?;
            if map.resources.is_empty() {
                return Err(err("operation before any @resource"));
            }
            map.ops.push(Op {
                method: method.trim().into(),
                path: path.trim().into(),
                name: (*name).into(),
                response: (*response).into(),
                params: (*params != "-").then(|| (*params).to_owned()),
                doc: (*doc).into(),
                resource: map.resources.len() - 1,
            });
        }
        Ok(map)
    }
}
