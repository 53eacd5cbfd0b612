//! Records written by hand: response shapes of `pipedrive-types` that are not `model!`
//! structs (the generator knows their names, see `HAND_RECORDS` in `pipedrive-codegen`'s
//! `emit_ffi`), and the typed inputs of a person's email addresses and phone numbers, a
//! lead's value, a product's prices and a custom field's options.
use crate::models::PersonProductEntry;
use crate::money_dates::Amount;
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

/// A lead's potential value, as sent with `leads.create`/`update`: an amount and its
/// currency code.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LeadValueInput {
    /// The amount, with exactly the digits it was given.
    pub amount: Amount,
    /// Its currency code (`EUR`, `USD`, ...).
    pub currency: String,
}

impl From<LeadValueInput> for types::LeadValueInput {
    fn from(v: LeadValueInput) -> Self {
        types::LeadValueInput::new(v.amount.0, v.currency)
    }
}

/// A product's price in one currency, as sent in `prices` with `products.create`/
/// `update`: the unit price, and optionally the unit cost, the overhead cost and a note.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PriceInput {
    /// The currency code (`EUR`, `USD`, ...).
    pub currency: String,
    /// The unit price.
    pub price: Amount,
    /// The unit cost.
    #[uniffi(default)]
    pub cost: Option<Amount>,
    /// The overhead cost (API v1).
    #[uniffi(default)]
    pub overhead_cost: Option<Amount>,
    /// The direct cost (API v2).
    #[uniffi(default)]
    pub direct_cost: Option<Amount>,
    /// A free-text note.
    #[uniffi(default)]
    pub notes: Option<String>,
}

impl From<PriceInput> for types::PriceInput {
    fn from(p: PriceInput) -> Self {
        types::PriceInput {
            currency: p.currency,
            price: p.price.0,
            cost: p.cost.map(|a| a.0),
            overhead_cost: p.overhead_cost.map(|a| a.0),
            direct_cost: p.direct_cost.map(|a| a.0),
            notes: p.notes,
        }
    }
}

/// An option of an `enum` or `set` custom field, as sent with `dealFields.create`/
/// `update` (and the person, organization and product equivalents): its label, and when
/// changing a field's options, the id of an existing option to keep.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldOptionInput {
    /// The label users see.
    pub label: String,
    /// The id of an existing option (only when updating a field's options).
    #[uniffi(default)]
    pub id: Option<i64>,
}

impl TryFrom<FieldOptionInput> for types::FieldOptionInput {
    type Error = crate::error::PipedriveError;

    /// `InvalidInput` for a negative option id.
    fn try_from(o: FieldOptionInput) -> Result<Self, Self::Error> {
        Ok(types::FieldOptionInput {
            id: o
                .id
                .map(|i| crate::convert::id_arg("option id", i))
                .transpose()?,
            label: o.label,
        })
    }
}
