//! The account's field definitions, fetched once and kept: what addresses custom fields
//! by name ([`Client::custom_fields`]).
use crate::{Client, Result, Transport};
use pipedrive_transport::Args;
use pipedrive_transport::{ApiVersion, ErrorClass};
use pipedrive_types::{Field, FieldEntity, FieldRegistry, Items};
use serde_json::{Map, Value};
use std::sync::{Arc, RwLock};

/// A [`FieldRegistry`] loaded on first use and kept until refreshed. A [`Client`] holds
/// one (shared by its clones); the Python and mobile bindings hold one per client too.
#[derive(Debug, Default)]
pub struct FieldCache {
    current: RwLock<Option<Arc<FieldRegistry>>>,
}

impl FieldCache {
    /// An empty cache: the first [`get`](Self::get) loads.
    pub fn new() -> Self {
        Self::default()
    }

    /// The kept registry, loading it through `transport` the first time.
    pub fn get(&self, transport: &Transport) -> Result<Arc<FieldRegistry>> {
        if let Some(r) = self
            .current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            return Ok(Arc::clone(r));
        }
        self.refresh(transport)
    }

    /// Loads the registry again (after fields were added, renamed or given new
    /// options) and keeps it.
    pub fn refresh(&self, transport: &Transport) -> Result<Arc<FieldRegistry>> {
        let fresh = Arc::new(load(transport)?);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}

/// Reads every fields endpoint of the operation table (`dealFields`, `personFields`,
/// `organizationFields`, `productFields`, `activityFields`, and v2's `projectFields`),
/// all pages. A kind whose endpoint is not compiled in (a facade feature turned off) has
/// no fields.
pub fn load(transport: &Transport) -> Result<FieldRegistry> {
    let mut registry = FieldRegistry::new();
    for entity in FieldEntity::ALL {
        let Some(op) = crate::operations::operations()
            .iter()
            .find(|op| op.id == entity.list_operation())
        else {
            continue;
        };
        let req = op.request(Args::new())?;
        let listed = match op.version {
            ApiVersion::V1 => transport
                .paginate::<Items<Field>>(req)
                .collect::<Result<Vec<_>>>(),
            ApiVersion::V2 => transport
                .paginate::<Items<Map<String, Value>>>(req)
                .map(|f| f.and_then(from_v2_field))
                .collect::<Result<Vec<_>>>(),
        };
        let fields = match listed {
            Ok(fields) => fields,
            // Projects are an add-on: an account without it is refused its project
            // fields, and simply has none.
            Err(e)
                if entity == FieldEntity::Project
                    && matches!(e.class(), ErrorClass::Forbidden | ErrorClass::NotFound) =>
            {
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        registry.insert(entity, fields);
    }
    Ok(registry)
}

/// A v2 field definition (`field_code`, `field_name`, `is_custom_field`, ...) as the
/// registry's [`Field`]: the code is the key records use, the rest reads alike.
fn from_v2_field(mut v2: Map<String, Value>) -> Result<Field> {
    for (from, to) in [("field_code", "key"), ("field_name", "name")] {
        if let Some(v) = v2.remove(from) {
            v2.insert(to.to_owned(), v);
        }
    }
    let snippet: String = Value::Object(v2.clone())
        .to_string()
        .chars()
        .take(4096)
        .collect();
    serde_json::from_value(Value::Object(v2)).map_err(|e| crate::Error::Decode {
        status: 200,
        message: format!("a v2 field definition: {e}"),
        snippet,
    })
}

impl Client {
    /// The account's field definitions, to read and write custom fields by name. Loaded
    /// from the fields endpoints on first use (six list calls), then kept by this client
    /// and its clones; [`refresh_custom_fields`](Self::refresh_custom_fields) reloads.
    ///
    /// Names resolve on the records and parameters of API v1 (v2 takes `custom_fields`
    /// as one object keyed by field key):
    ///
    /// ```no_run
    /// # #![allow(deprecated)] // v1 deals, deprecated by Pipedrive, still work
    /// # fn main() -> Result<(), pipedrive::Error> {
    /// # let client = pipedrive::Client::new(pipedrive::Config::with_api_token("token"))?;
    /// use pipedrive::sales::UpdateDeal;
    /// use pipedrive::types::DealId;
    ///
    /// let fields = client.custom_fields()?;
    /// let deal = client.deals().get(DealId(5))?;
    /// if let Some(region) = fields.get(&deal, "Region")? {
    ///     println!("{region}"); // the option's label, e.g. EMEA
    /// }
    /// let mut upd = UpdateDeal::default();
    /// fields.set(&mut upd, "Region", "APAC")?; // label -> option id
    /// fields.clear(&mut upd, "Budget")?;
    /// client.deals().update(DealId(5), &upd)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn custom_fields(&self) -> Result<Arc<FieldRegistry>> {
        self.fields.get(&self.transport)
    }

    /// Reloads the field definitions (after a field was added, renamed or given new
    /// options) and keeps them for the next [`custom_fields`](Self::custom_fields).
    pub fn refresh_custom_fields(&self) -> Result<Arc<FieldRegistry>> {
        self.fields.refresh(&self.transport)
    }
}
