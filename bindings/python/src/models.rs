//! The documented shapes of result types (names for `repr`, the fields that read as
//! `None` when absent), registered once by the generated package at import and looked up
//! when a response is turned into `Record`s.
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

/// The documented shape of one result type: its name (for `repr`) and its documented
/// fields (read as `None` when the server leaves them out), some with a nested type.
#[derive(Debug)]
pub struct Model {
    pub name: String,
    pub fields: HashMap<String, Option<Arc<Model>>>,
}

impl Model {
    pub fn nested(&self, key: &str) -> Option<Arc<Model>> {
        self.fields.get(key).cloned().flatten()
    }
}

static MODELS: LazyLock<RwLock<HashMap<String, Arc<Model>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// The registered model called `name`, if any.
pub fn model(name: Option<&str>) -> Option<Arc<Model>> {
    let name = name?;
    MODELS
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(name)
        .cloned()
}

/// `additional_data` of a page: documented `pagination` (itself typed) and `next_cursor`.
pub static ADDITIONAL_DATA: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let pagination = Model {
        name: "Pagination".to_owned(),
        fields: ["start", "limit", "more_items_in_collection", "next_start"]
            .into_iter()
            .map(|f| (f.to_owned(), None))
            .collect(),
    };
    let mut fields = HashMap::new();
    fields.insert("pagination".to_owned(), Some(Arc::new(pagination)));
    fields.insert("next_cursor".to_owned(), None);
    Arc::new(Model {
        name: "AdditionalData".to_owned(),
        fields,
    })
});

/// A search hit (`{result_score, item}`) whose `item` is of type `inner`.
pub fn search_hit_model(inner: Option<Arc<Model>>) -> Arc<Model> {
    let name = match &inner {
        Some(m) => format!("SearchHit[{}]", m.name),
        None => "SearchHit".to_owned(),
    };
    let mut fields = HashMap::new();
    fields.insert("result_score".to_owned(), None);
    fields.insert("item".to_owned(), inner);
    Arc::new(Model { name, fields })
}

/// Registers the documented fields of every result type (called once by the generated
/// package code at import).
#[pyfunction]
pub fn register_models(models: &Bound<'_, PyDict>) -> PyResult<()> {
    let mut map = MODELS.write().unwrap_or_else(|p| p.into_inner());
    for (name, fields) in models.iter() {
        let name: String = name.extract()?;
        let mut set = HashMap::new();
        for f in fields.try_iter()? {
            set.insert(f?.extract::<String>()?, None);
        }
        map.insert(name.clone(), Arc::new(Model { name, fields: set }));
    }
    Ok(())
}
