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

/// Where a record or a request keeps its custom fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CustomLayout {
    /// API v1: beside the documented fields, a composite value split into companion keys
    /// (`<key>_currency`, `<key>_until`, address parts).
    Flat,
    /// API v2: in one `custom_fields` object, a composite value as one object
    /// (`{value, currency}`, `{start, until}`).
    Nested,
}

impl CustomLayout {
    /// The layout of an API version's records (`1` or `2`).
    pub fn of_version(version: u8) -> Self {
        if version >= 2 {
            CustomLayout::Nested
        } else {
            CustomLayout::Flat
        }
    }

    /// Where a record's JSON object (as received) keeps its custom fields: the object
    /// itself (v1), or its `custom_fields` object (v2; nothing when it has none).
    pub fn fields_of(self, record: &Map<String, Value>) -> &Map<String, Value> {
        match self {
            CustomLayout::Flat => record,
            CustomLayout::Nested => record
                .get("custom_fields")
                .and_then(Value::as_object)
                .unwrap_or(&NO_FIELDS),
        }
    }
}
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
    /// Projects (v2 `projectFields`; projects exist only in API v2).
    Project,
}

impl FieldEntity {
    /// Every kind, in a stable order.
    pub const ALL: [FieldEntity; 6] = [
        FieldEntity::Deal,
        FieldEntity::Person,
        FieldEntity::Organization,
        FieldEntity::Product,
        FieldEntity::Activity,
        FieldEntity::Project,
    ];

    /// `deal`, `person`, `organization`, `product`, `activity`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldEntity::Deal => "deal",
            FieldEntity::Person => "person",
            FieldEntity::Organization => "organization",
            FieldEntity::Product => "product",
            FieldEntity::Activity => "activity",
            FieldEntity::Project => "project",
        }
    }

    /// The operation that lists this kind's fields (`deal_fields.list`; projects have
    /// only v2's `v2.project_fields.list`).
    pub fn list_operation(self) -> &'static str {
        match self {
            FieldEntity::Deal => "deal_fields.list",
            FieldEntity::Person => "person_fields.list",
            FieldEntity::Organization => "organization_fields.list",
            FieldEntity::Product => "product_fields.list",
            FieldEntity::Activity => "activity_fields.list",
            FieldEntity::Project => "v2.project_fields.list",
        }
    }

    /// Whose fields an operation's body carries as custom fields: the record's own
    /// create and update (`deals.create`, `leads.update`, ...; leads use the deal
    /// fields), nothing else (an attachment's or a filter's body has no custom fields).
    /// The generator and the bindings both ask this.
    /// On v2 (`v2.deals`), the records whose body has a `custom_fields` object: deals,
    /// persons, organizations, products and projects.
    pub fn of_operation(resource: &str, name: &str) -> Option<Self> {
        if name != "create" && name != "update" {
            return None;
        }
        let resource = match resource.strip_prefix("v2.") {
            Some(r @ ("deals" | "persons" | "organizations" | "products" | "projects")) => r,
            Some(_) => return None,
            None => resource,
        };
        Some(match resource {
            "deals" | "leads" => FieldEntity::Deal,
            "persons" => FieldEntity::Person,
            "organizations" => FieldEntity::Organization,
            "products" => FieldEntity::Product,
            "activities" => FieldEntity::Activity,
            "projects" => FieldEntity::Project,
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
            FieldEntity::Project => "Project",
        }
    }

    /// The field set and layout of a record by its model's schema name: `Deal`, `Lead`,
    /// ... (v1), `v2::Deal`, `v2::Person`, `v2::Organization`, `v2::Product`,
    /// `v2::Project` (v2). What a
    /// binding asks of a record it holds as JSON.
    pub fn of_model(name: &str) -> Option<(Self, CustomLayout)> {
        match name.strip_prefix("v2::") {
            Some(m @ ("Deal" | "Person" | "Organization" | "Product" | "Project")) => {
                Some((Self::parse(m)?, CustomLayout::Nested))
            }
            Some(_) => None,
            None => Some((Self::parse(name)?, CustomLayout::Flat)),
        }
    }

    /// The kind a binding names: `deal`/`deals`/`Deal`, `lead` (deal fields), `person`,
    /// `organization`/`org`, `product`, `activity`/`activities`, `project`, or a model
    /// name (`Deal`, `Lead`, `Person`, `Organization`, `Product`, `Activity`, `Project`).
    /// Case does not matter.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "deal" | "deals" | "lead" | "leads" => FieldEntity::Deal,
            "person" | "persons" | "people" => FieldEntity::Person,
            "organization" | "organizations" | "org" | "orgs" => FieldEntity::Organization,
            "product" | "products" => FieldEntity::Product,
            "activity" | "activities" => FieldEntity::Activity,
            "project" | "projects" => FieldEntity::Project,
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
    /// How [`custom_source`](Self::custom_source) holds them.
    const LAYOUT: CustomLayout = CustomLayout::Flat;
    /// The JSON object holding its custom fields: a v1 model's `extra`, a v2 model's
    /// `custom_fields` object.
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

/// No custom fields: what a v2 record without a `custom_fields` object reads from.
static NO_FIELDS: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

macro_rules! has_v2_custom_fields {
    ($($model:ident => $entity:ident),* $(,)?) => {$(
        impl HasCustomFields for crate::v2::$model {
            const ENTITY: FieldEntity = FieldEntity::$entity;
            const LAYOUT: CustomLayout = CustomLayout::Nested;
            fn custom_source(&self) -> &Map<String, Value> {
                self.custom_fields
                    .as_ref()
                    .and_then(Value::as_object)
                    .unwrap_or(&NO_FIELDS)
            }
        }
    )*};
}

/// A saved record reads its custom fields like the record itself.
impl<T: HasCustomFields + crate::HasId> HasCustomFields for crate::Saved<T> {
    const ENTITY: FieldEntity = T::ENTITY;
    const LAYOUT: CustomLayout = T::LAYOUT;
    fn custom_source(&self) -> &Map<String, Value> {
        self.record().custom_source()
    }
}

has_v2_custom_fields!(
    Deal => Deal,
    Person => Person,
    Organization => Organization,
    Product => Product,
    Project => Project,
);

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
    /// How [`custom_extra_mut`](Self::custom_extra_mut) takes them.
    const LAYOUT: CustomLayout = CustomLayout::Flat;

    /// Where custom fields go: the body entries beside the typed fields (`extra`) of a
    /// v1 request, the `custom_fields` object of a v2 one.
    fn custom_extra_mut(&mut self) -> &mut Map<String, Value>;

    /// Sets the custom field `key` (v1: with its companions, such as a currency; v2: as
    /// one composite value).
    fn set_custom(&mut self, key: &str, value: impl Into<CustomValue>) -> &mut Self {
        let entries = value.into().to_layout(key, Self::LAYOUT);
        self.custom_extra_mut().extend(entries);
        self
    }

    /// Clears the custom field `key`: sends `null`, which is how the API empties it.
    fn clear_custom(&mut self, key: &str) -> &mut Self {
        self.custom_extra_mut().insert(key.to_owned(), Value::Null);
        self
    }
}

/// Implements [`CustomFieldsMut`] for a params struct with an `extra` map (or, with
/// `nested`, for a v2 one with a `custom_fields` object); the generator writes one line
/// per struct.
#[macro_export]
macro_rules! custom_fields_mut {
    ($params:ty, $entity:expr, nested) => {
        impl $crate::CustomFieldsMut for $params {
            const ENTITY: ::core::option::Option<$crate::FieldEntity> = $entity;
            const LAYOUT: $crate::CustomLayout = $crate::CustomLayout::Nested;
            fn custom_extra_mut(
                &mut self,
            ) -> &mut $crate::__private::Map<::std::string::String, $crate::__private::Value> {
                $crate::custom::object_slot(&mut self.custom_fields)
            }
        }
    };
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

/// A request field that holds a v2 `custom_fields` object: `Option<Value>` on a create,
/// `Patch<Value>` on an update.
pub trait ObjectSlot {
    /// The object, made one (empty) when the field is unset, cleared or not an object.
    fn object_mut(&mut self) -> &mut Map<String, Value>;
}

fn as_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("made an object above"),
    }
}

impl ObjectSlot for Option<Value> {
    fn object_mut(&mut self) -> &mut Map<String, Value> {
        as_object(self.get_or_insert_with(|| Value::Object(Map::new())))
    }
}

impl ObjectSlot for crate::Patch<Value> {
    fn object_mut(&mut self) -> &mut Map<String, Value> {
        if !matches!(self, crate::Patch::Set(_)) {
            *self = crate::Patch::Set(Value::Object(Map::new()));
        }
        match self {
            crate::Patch::Set(v) => as_object(v),
            _ => unreachable!("set above"),
        }
    }
}

/// The `custom_fields` object of a v2 request (for [`custom_fields_mut!`]).
#[doc(hidden)]
pub fn object_slot<S: ObjectSlot>(slot: &mut S) -> &mut Map<String, Value> {
    slot.object_mut()
}
