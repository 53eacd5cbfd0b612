//! The documented shapes of result types (names for `repr`, the fields that read as
//! `None` when absent), registered by the generated `pipedrive_rs.models` when it is
//! imported and looked up when a response is turned into `Record`s.
//!
//! `import pipedrive_rs` leaves `pipedrive_rs.models` out (it builds ~30 enums, which
//! costs a short script more than the rest of the package). A result typed before that
//! module was imported holds a pending [`Model`], only a name, that imports the module and
//! looks itself up the first time its shape is needed: a missing field, `repr`, `dir`,
//! pickling, a nested object. Reading a field the server sent needs none of these.
use pipedrive_types::schema::{self, FieldKind, RefAccessor};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, OnceLock, RwLock};

/// The documented shape of one result type: its name (for `repr`) and its documented
/// fields (read as `None` when the server leaves them out), some with a nested type.
#[derive(Debug)]
pub struct Model {
    name: String,
    fields: HashMap<String, Option<Arc<Model>>>,
    /// What the Rust model of the same name says about references: read from the Rust
    /// schema by name, so also known while the model is pending.
    refs: References,
    /// Only a name, looked up on first use (see the module documentation).
    pending: bool,
    /// A pending model's registered counterpart, once looked up (None: not registered).
    resolved: OnceLock<Option<Arc<Model>>>,
    /// The fields the native module converts (money, dates, times), from the Rust schema.
    converted: OnceLock<Vec<(&'static str, FieldKind)>>,
}

impl Model {
    fn new(name: String, fields: HashMap<String, Option<Arc<Model>>>) -> Self {
        Model {
            refs: References::of(&name),
            name,
            fields,
            pending: false,
            resolved: OnceLock::new(),
            converted: OnceLock::new(),
        }
    }

    /// The kind of field `key` when it is converted to a Python money or date value.
    ///
    /// Read from the Rust model of the same name (`pipedrive_types::schema`), so it needs
    /// only the name: a pending model answers without importing `pipedrive_rs.models`.
    pub fn converted(&self, key: &str) -> Option<FieldKind> {
        self.converted
            .get_or_init(|| {
                schema::schema(&self.name)
                    .unwrap_or_default()
                    .iter()
                    .filter(|f| !f.list)
                    .filter(|f| {
                        matches!(
                            f.kind,
                            FieldKind::Money
                                | FieldKind::MoneyMap
                                | FieldKind::Date
                                | FieldKind::Time
                                | FieldKind::Timestamp
                        )
                    })
                    .map(|f| (f.key, f.kind))
                    .collect()
            })
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, kind)| *kind)
    }

    /// The registered shape this stands for: itself, or for a pending model the one
    /// registered under its name (None when there is none).
    fn shape(&self, py: Python<'_>) -> Option<&Model> {
        if !self.pending {
            return Some(self);
        }
        if let Some(r) = self.resolved.get() {
            return r.as_deref();
        }
        // Looked up outside the OnceLock: the import runs Python code, which may let
        // another thread in that needs the same model.
        ensure_registered(py);
        let found = lookup(&self.name);
        let _ = self.resolved.set(found);
        self.resolved.get().and_then(|r| r.as_deref())
    }

    /// This model as a registered one (None for a pending name nothing registered).
    pub fn resolved(self: &Arc<Self>, py: Python<'_>) -> Option<Arc<Model>> {
        if !self.pending {
            return Some(Arc::clone(self));
        }
        self.shape(py)?;
        self.resolved.get().cloned().flatten()
    }

    /// The type of the nested object (or list of objects) under `key`: the one
    /// registered with the field, else the model the Rust schema names for it (a lead's
    /// `value`, a product's `prices`), so that nested money and dates convert too.
    pub fn nested(&self, py: Python<'_>, key: &str) -> Option<Arc<Model>> {
        let shape = self.shape(py)?;
        if let Some(m) = shape.fields.get(key).cloned().flatten() {
            return Some(m);
        }
        let target = schema::schema(&shape.name)?
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match f.kind {
                FieldKind::Object(target) => Some(target),
                _ => None,
            })?;
        lookup(target).or_else(|| Some(schema_model(target)))
    }

    /// Whether `key` is a documented field.
    pub fn documented(&self, py: Python<'_>, key: &str) -> bool {
        self.shape(py).is_some_and(|m| m.fields.contains_key(key))
    }

    /// The documented field names.
    pub fn field_names(&self, py: Python<'_>) -> Vec<String> {
        self.shape(py)
            .map(|m| m.fields.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The Rust name of the reference object held by field `key`, when it holds one.
    pub fn ref_target(&self, key: &str) -> Option<&'static str> {
        self.refs
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, target)| *target)
    }

    /// The short reference accessor called `name` (`owner`), if the model has one.
    pub fn accessor(&self, name: &str) -> Option<&'static RefAccessor> {
        self.refs.accessors.iter().find(|a| a.name == name)
    }

    /// The names of the short reference accessors.
    pub fn accessor_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.refs.accessors.iter().map(|a| a.name)
    }

    /// The type's name; None for a pending name nothing registered.
    pub fn name(&self, py: Python<'_>) -> Option<&str> {
        self.shape(py).map(|m| m.name.as_str())
    }
}

/// The reference fields and accessors of a model, from the Rust schema table.
#[derive(Debug, Default)]
struct References {
    /// Field key -> Rust name of the reference object it holds (one reference, not a list).
    fields: Vec<(&'static str, &'static str)>,
    accessors: &'static [RefAccessor],
}

impl References {
    fn of(name: &str) -> Self {
        let fields = schema::schema(name)
            .unwrap_or_default()
            .iter()
            .filter_map(|f| match f.kind {
                FieldKind::Ref(target) if !f.list => Some((f.key, target)),
                _ => None,
            })
            .collect();
        References {
            fields,
            accessors: schema::references(name),
        }
    }
}

/// A model only the Rust schema knows (a nested type without a Python class of its
/// own): its fields are the schema's keys. Built once per name.
fn schema_model(name: &'static str) -> Arc<Model> {
    static BUILT: LazyLock<RwLock<HashMap<&'static str, Arc<Model>>>> =
        LazyLock::new(|| RwLock::new(HashMap::new()));
    if let Some(m) = BUILT.read().unwrap_or_else(|p| p.into_inner()).get(name) {
        return Arc::clone(m);
    }
    let mut built = BUILT.write().unwrap_or_else(|p| p.into_inner());
    let m = built.entry(name).or_insert_with(|| {
        let fields = schema::schema(name)
            .unwrap_or_default()
            .iter()
            .map(|f| (f.key.to_owned(), None))
            .collect();
        Arc::new(Model::new(name.to_owned(), fields))
    });
    Arc::clone(m)
}

/// Registered models by name.
static MODELS: LazyLock<RwLock<HashMap<String, Arc<Model>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Pending models by name, handed out before `pipedrive_rs.models` was imported.
static PENDING: LazyLock<RwLock<HashMap<String, Arc<Model>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Set once `pipedrive_rs.models` has registered its result types.
static REGISTERED: AtomicBool = AtomicBool::new(false);

fn lookup(name: &str) -> Option<Arc<Model>> {
    MODELS
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(name)
        .cloned()
}

/// Imports `pipedrive_rs.models` (which registers the result types) unless done.
fn ensure_registered(py: Python<'_>) {
    if !REGISTERED.load(Ordering::Acquire) {
        // A failed import leaves results untyped (plain `Record`s), as before registration.
        let _ = py.import("pipedrive_rs.models");
    }
}

/// The model called `name`: the registered one, or before `pipedrive_rs.models` was
/// imported a pending one (the same for every lookup of that name).
pub fn model(name: Option<&str>) -> Option<Arc<Model>> {
    let name = name?;
    if REGISTERED.load(Ordering::Acquire) {
        return lookup(name);
    }
    if let Some(m) = PENDING.read().unwrap_or_else(|p| p.into_inner()).get(name) {
        return Some(Arc::clone(m));
    }
    let mut pending = PENDING.write().unwrap_or_else(|p| p.into_inner());
    let m = pending.entry(name.to_owned()).or_insert_with(|| {
        Arc::new(Model {
            pending: true,
            ..Model::new(name.to_owned(), HashMap::new())
        })
    });
    Some(Arc::clone(m))
}

/// `additional_data` of a page: documented `pagination` (itself typed) and `next_cursor`.
pub static ADDITIONAL_DATA: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let pagination = Model::new(
        "Pagination".to_owned(),
        ["start", "limit", "more_items_in_collection", "next_start"]
            .into_iter()
            .map(|f| (f.to_owned(), None))
            .collect(),
    );
    let mut fields = HashMap::new();
    fields.insert("pagination".to_owned(), Some(Arc::new(pagination)));
    fields.insert("next_cursor".to_owned(), None);
    Arc::new(Model::new("AdditionalData".to_owned(), fields))
});

/// A search hit (`{result_score, item}`) whose `item` is of type `inner`.
pub fn search_hit_model(py: Python<'_>, inner: Option<Arc<Model>>) -> Arc<Model> {
    let inner = inner.and_then(|m| m.resolved(py));
    let name = match &inner {
        Some(m) => format!("SearchHit[{}]", m.name),
        None => "SearchHit".to_owned(),
    };
    let mut fields = HashMap::new();
    fields.insert("result_score".to_owned(), None);
    fields.insert("item".to_owned(), inner);
    Arc::new(Model::new(name, fields))
}

/// Registers the documented fields of every result type (called once by the generated
/// `pipedrive_rs.models` when it is imported).
#[pyfunction]
pub fn register_models(models: &Bound<'_, PyDict>) -> PyResult<()> {
    let mut map = MODELS.write().unwrap_or_else(|p| p.into_inner());
    for (name, fields) in models.iter() {
        let name: String = name.extract()?;
        let mut set = HashMap::new();
        for f in fields.try_iter()? {
            set.insert(f?.extract::<String>()?, None);
        }
        map.insert(name.clone(), Arc::new(Model::new(name, set)));
    }
    REGISTERED.store(true, Ordering::Release);
    Ok(())
}
