//! Records written by hand: response shapes of `pipedrive-types` that are not `model!`
//! structs (the generator knows their names, see `HAND_RECORDS` in `pipedrive-codegen`'s
//! `emit_ffi`), and the typed input of a person's email addresses and phone numbers.
use crate::models::PersonProductEntry;
use pipedrive::types;

/// A product of one of a person's deals (`persons.list_products`): the API sends it as an
/// object keyed by an index, kept here as parallel lists in server order.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct PersonProduct {
    /// The keys the entries arrived under.
    pub keys: Vec<String>,
    /// The entries (normally one): a deal and the product attached to it.
    pub entries: Vec<PersonProductEntry>,
}

impl From<types::PersonProduct> for PersonProduct {
    fn from(v: types::PersonProduct) -> Self {
        let (keys, entries) = v
            .entries
            .into_map()
            .into_iter()
            .map(|(k, e)| (k, PersonProductEntry::from(e)))
            .unzip();
        PersonProduct { keys, entries }
    }
}

/// A person's email address or phone number, as sent with `persons.create`/`update`:
/// the value alone (`ContactInput("ada@example.com")`), or with whether it is the primary
/// one and a label (`work`, `home`, `mobile`, `other`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ContactInput {
    /// The address or number.
    pub value: String,
    /// Whether this is the person's primary one.
    #[uniffi(default)]
    pub primary: Option<bool>,
    /// Its label.
    #[uniffi(default)]
    pub label: Option<String>,
}

impl From<ContactInput> for types::ContactInput {
    fn from(c: ContactInput) -> Self {
        types::ContactInput {
            value: c.value,
            primary: c.primary,
            label: c.label,
        }
    }
}
