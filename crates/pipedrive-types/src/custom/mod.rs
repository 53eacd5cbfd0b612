//! Custom fields, typed: [`CustomValue`] (one value), [`CustomFieldsMut`] (set and clear
//! on a request), [`FieldRegistry`] (address fields by name).
//!
//! Custom fields are keys of a record's JSON object named by a 40-character hash, with
//! companion keys for some types (`<key>_currency`, `<key>_until`, address parts).
//! Models keep them in `extra`; `model.custom(key)` reads one as a [`CustomValue`]
//! (best effort, from the JSON alone), and a [`FieldRegistry`] built from the fields
//! endpoints reads and writes them by name with their exact type (the Rust client
//! keeps one: `client.custom_fields()`).
//!
//! ```
//! use pipedrive_types::{CustomFieldsMut, CustomValue};
//! # use pipedrive_types::{custom_fields_mut, FieldEntity};
//! # #[derive(Default)] struct UpdateDeal { extra: serde_json::Map<String, serde_json::Value> }
//! # custom_fields_mut!(UpdateDeal, Some(FieldEntity::Deal));
//! const BUDGET: &str = "d4de1c1518b4531717c676029a45911c340390a6";
//! let mut upd = UpdateDeal::default();
//! upd.set_custom(BUDGET, CustomValue::money(1200, "EUR"));
//! assert_eq!(upd.extra[&format!("{BUDGET}_currency")], "EUR");
//! upd.clear_custom(BUDGET);
//! assert!(upd.extra[BUDGET].is_null());
//! ```
mod coerce;
mod decode;
mod registry;
mod value;

pub use registry::FieldRegistry;
pub use value::{Address, Choice, CustomValue};

use serde_json::{Map, Value};

/// The kinds of record whose fields an account can extend, each described by one
/// fields endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldEntity {
    /// Deals (`dealFields`); leads use the deal fields too.
    Deal,
    /// Persons (`personFields`).
    Person,
    /// Organizations (`organizationFields`).
    Organization,
    /// Products (`productFields`).
    Product,
    /// Activities (`activityFields`).
    Activity,
}

impl FieldEntity {
    /// Every kind, in a stable order.
    pub const ALL: [FieldEntity; 5] = [
        FieldEntity::Deal,
        FieldEntity::Person,
        FieldEntity::Organization,
        FieldEntity::Product,
        FieldEntity::Activity,
    ];

    /// `deal`, `person`, `organization`, `product`, `activity`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldEntity::Deal => "deal",
            FieldEntity::Person => "person",
            FieldEntity::Organization => "organization",
            FieldEntity::Product => "product",
            FieldEntity::Activity => "activity",
        }
    }

    /// The operation that lists this kind's fields (`deal_fields.list`).
    pub fn list_operation(self) -> &'static str {
        match self {
            FieldEntity::Deal => "deal_fields.list",
            FieldEntity::Person => "person_fields.list",
            FieldEntity::Organization => "organization_fields.list",
            FieldEntity::Product => "product_fields.list",
            FieldEntity::Activity => "activity_fields.list",
        }
    }

    /// Whose fields an operation's body carries as custom fields: the record's own
    /// create and update (`deals.create`, `leads.update`, ...; leads use the deal
    /// fields), nothing else (an attachment's or a filter's body has no custom fields).
    /// The generator and the bindings both ask this.
    pub fn of_operation(resource: &str, name: &str) -> Option<Self> {
        if name != "create" && name != "update" {
            return None;
        }
        Some(match resource {
            "deals" | "leads" => FieldEntity::Deal,
            "persons" => FieldEntity::Person,
            "organizations" => FieldEntity::Organization,
            "products" => FieldEntity::Product,
            "activities" => FieldEntity::Activity,
            _ => return None,
        })
    }

    /// The Rust variant name (`Deal`), for generated code.
    pub fn variant(self) -> &'static str {
        match self {
            FieldEntity::Deal => "Deal",
            FieldEntity::Person => "Person",
            FieldEntity::Organization => "Organization",
            FieldEntity::Product => "Product",
            FieldEntity::Activity => "Activity",
        }
    }

    /// The kind a binding names: `deal`/`deals`/`Deal`, `lead` (deal fields), `person`,
    /// `organization`/`org`, `product`, `activity`/`activities`, or a model name
    /// (`Deal`, `Lead`, `Person`, `Organization`, `Product`, `Activity`). Case does not
    /// matter.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "deal" | "deals" | "lead" | "leads" => FieldEntity::Deal,
            "person" | "persons" | "people" => FieldEntity::Person,
            "organization" | "organizations" | "org" | "orgs" => FieldEntity::Organization,
            "product" | "products" => FieldEntity::Product,
            "activity" | "activities" => FieldEntity::Activity,
            _ => return None,
        })
    }
}

impl std::fmt::Display for FieldEntity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A model whose custom fields one fields endpoint describes ([`Deal`](crate::Deal),
/// [`Lead`](crate::Lead), [`Person`](crate::Person), [`Organization`](crate::Organization),
/// [`Product`](crate::Product), [`Activity`](crate::Activity)); what
/// [`FieldRegistry::get`] reads.
pub trait HasCustomFields {
    /// Whose fields describe it.
    const ENTITY: FieldEntity;
    /// The JSON object holding its custom fields (the model's `extra`).
    fn custom_source(&self) -> &Map<String, Value>;
}

macro_rules! has_custom_fields {
    ($($model:ident => $entity:ident),* $(,)?) => {$(
        impl HasCustomFields for crate::$model {
            const ENTITY: FieldEntity = FieldEntity::$entity;
            fn custom_source(&self) -> &Map<String, Value> {
                &self.extra
            }
        }
    )*};
}

/// A saved record reads its custom fields like the record itself.
impl<T: HasCustomFields + crate::HasId> HasCustomFields for crate::Saved<T> {
    const ENTITY: FieldEntity = T::ENTITY;
    fn custom_source(&self) -> &Map<String, Value> {
        self.record().custom_source()
    }
}

has_custom_fields!(
    Deal => Deal,
    Lead => Deal,
    Person => Person,
    Organization => Organization,
    Product => Product,
    Activity => Activity,
);

/// Request parameters that carry custom fields (every generated params struct with a
/// JSON body): set and clear them by key without building JSON by hand. To address them
/// by name, see [`FieldRegistry::set`].
pub trait CustomFieldsMut {
    /// Whose fields describe this request's custom fields, if a fields endpoint does.
    const ENTITY: Option<FieldEntity>;

    /// The body entries beside the typed fields (`extra` of the params struct).
    fn custom_extra_mut(&mut self) -> &mut Map<String, Value>;

    /// Sets the custom field `key` (with its companions, such as a currency).
    fn set_custom(&mut self, key: &str, value: impl Into<CustomValue>) -> &mut Self {
        let entries = value.into().to_wire(key);
        self.custom_extra_mut().extend(entries);
        self
    }

    /// Clears the custom field `key`: sends `null`, which is how the API empties it.
    fn clear_custom(&mut self, key: &str) -> &mut Self {
        self.custom_extra_mut().insert(key.to_owned(), Value::Null);
        self
    }
}

/// Implements [`CustomFieldsMut`] for a params struct with an `extra` map; the generator
/// writes one line per struct.
#[macro_export]
macro_rules! custom_fields_mut {
    ($params:ty, $entity:expr) => {
        impl $crate::CustomFieldsMut for $params {
            const ENTITY: ::core::option::Option<$crate::FieldEntity> = $entity;
            fn custom_extra_mut(
                &mut self,
            ) -> &mut $crate::__private::Map<::std::string::String, $crate::__private::Value> {
                &mut self.extra
            }
        }
    };
}
