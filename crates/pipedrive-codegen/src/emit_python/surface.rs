//! What the Python emitters read from the operations besides the operations themselves:
//! the shape of each result type, gathered from the reference's example responses, and
//! the request enums; and from those, the Python type each method returns.
use crate::fixtures;
use crate::model::{Kind, Operation};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The data of an operation's example response, concretized.
fn example_data(op: &Operation) -> Option<Value> {
    let ex = op.ep.example.as_ref()?;
    let mut v: Value = serde_json::from_str(&fixtures::concretize(ex)).ok()?;
    fixtures::merge_all_of(&mut v);
    v.get("data").cloned()
}

pub(super) fn response_parts(op: &Operation) -> (&str, &str) {
    let r = op.op.response.as_str();
    r.split_once(':').unwrap_or((r, ""))
}

/// The example objects standing for type `T` in one operation's response.
fn instances(op: &Operation) -> Vec<Value> {
    let (kind, _) = response_parts(op);
    let Some(data) = example_data(op) else {
        return Vec::new();
    };
    match kind {
        "one" | "saved" => vec![data],
        "vec" | "page" => match data {
            Value::Array(a) => a,
            Value::Null => Vec::new(),
            other => vec![other],
        },
        "search" => data
            .get("items")
            .and_then(Value::as_array)
            .map(|hits| hits.iter().filter_map(|h| h.get("item").cloned()).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[derive(Default)]
pub(super) struct Shape {
    /// Field -> JSON type tags seen (null excluded), in first-seen order of fields.
    pub(super) fields: Vec<(String, BTreeSet<&'static str>)>,
    objects: usize,
    scalars: BTreeSet<&'static str>,
}

fn tag(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    })
}

impl Shape {
    fn add(&mut self, v: &Value) {
        match v {
            Value::Object(map) => {
                self.objects += 1;
                for (k, val) in map {
                    let pos = match self.fields.iter().position(|(n, _)| n == k) {
                        Some(p) => p,
                        None => {
                            self.fields.push((k.clone(), BTreeSet::new()));
                            self.fields.len() - 1
                        }
                    };
                    if let (Some(t), Some(slot)) = (tag(val), self.fields.get_mut(pos)) {
                        slot.1.insert(t);
                    }
                }
            }
            other => {
                if let Some(t) = tag(other) {
                    self.scalars.insert(t);
                }
            }
        }
    }

    /// A class for this type, unless every example is a bare scalar.
    fn is_class(&self) -> bool {
        self.objects > 0 || self.scalars.is_empty()
    }

    fn scalar_type(&self) -> &'static str {
        match self.scalars.iter().copied().collect::<Vec<_>>().as_slice() {
            ["int"] => "int",
            ["str"] => "str",
            _ => "Any",
        }
    }
}

/// Everything the Python emitters share.
pub(super) struct Surface<'a> {
    pub(super) ops: &'a [Operation],
    shapes: BTreeMap<String, Shape>,
    pub(super) enums: BTreeMap<String, Vec<String>>,
}

impl<'a> Surface<'a> {
    pub(super) fn new(ops: &'a [Operation]) -> Self {
        let mut shapes: BTreeMap<String, Shape> = BTreeMap::new();
        let mut enums = BTreeMap::new();
        for op in ops {
            let (kind, t) = response_parts(op);
            if !t.is_empty() {
                let shape = shapes.entry(t.to_owned()).or_default();
                for v in instances(op) {
                    shape.add(&v);
                }
                let _ = kind;
            }
            for f in &op.fields {
                if let Kind::Enum(name, values) = &f.kind {
                    enums.entry(name.clone()).or_insert_with(|| values.clone());
                }
            }
        }
        Surface { ops, shapes, enums }
    }

    pub(super) fn classes(&self) -> impl Iterator<Item = (&String, &Shape)> {
        self.shapes.iter().filter(|(_, s)| s.is_class())
    }

    /// The Python type one item of `T` comes out as. A v2 model (`v2::Deal`) is the class
    /// of that name in `pipedrive_rs.v2`; JSON is `Any`.
    fn item_type(&self, t: &str) -> String {
        if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
            return format!("List[{}]", self.item_type(inner));
        }
        if let Some(v2) = t.strip_prefix("v2::") {
            return v2.to_owned();
        }
        if t == "serde_json::Value" {
            return "Any".to_owned();
        }
        match self.shapes.get(t) {
            Some(s) if !s.is_class() => s.scalar_type().to_owned(),
            _ => t.to_owned(),
        }
    }

    pub(super) fn return_type(&self, op: &Operation) -> String {
        let (kind, t) = response_parts(op);
        match kind {
            "one" | "saved" if t.starts_with("Vec<") => self.item_type(t),
            "one" | "saved" => match example_data(op) {
                Some(Value::Array(_)) => format!("List[{}]", self.item_type(t)),
                Some(Value::Null) => format!("Optional[{}]", self.item_type(t)),
                _ => self.item_type(t),
            },
            // A list in one response is a pager of one page.
            "vec" | "page" => format!("Pager[{}]", self.item_type(t)),
            "search" => format!("SearchHits[{}]", self.item_type(t)),
            "download" => "int".into(),
            "none" => "None".into(),
            _ => "Any".into(),
        }
    }
}
