//! Result records written by hand: response shapes of `pipedrive-types` that are not
//! `model!` structs. The generator knows their names (see `HAND_RECORDS` in
//! `pipedrive-codegen`'s `emit_ffi.rs`).
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
