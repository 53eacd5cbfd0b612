//! Person shapes other than [`Person`](crate::Person) itself: search hits, the
//! products a person is linked to, and profile pictures.
use crate::lenient::{Flag, KeyedMap, Visibility};
use crate::models::{Deal, PictureUrls, Product, SearchOrganization, SearchUser};
use crate::{PersonId, PictureId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

model! {
    /// A person as returned by `GET /persons/search` (a short form, not a
    /// [`Person`](crate::Person)).
    pub struct PersonSearchItem {
        /// Id.
        id: Option<PersonId>,
        /// Always `person`.
        r#type: Option<String>,
        /// Name.
        name: Option<String>,
        /// Phone numbers.
        phones: Option<Vec<String>>,
        /// Email addresses.
        emails: Option<Vec<String>>,
        /// Who can see the person (a number here).
        visible_to: Option<Visibility>,
        /// Owner.
        owner: Option<SearchUser>,
        /// Organization.
        organization: Option<SearchOrganization>,
        /// Matching custom field values.
        custom_fields: Option<Vec<Value>>,
        /// Matching notes.
        notes: Option<Vec<String>>,
    }
}

/// One item of `GET /persons/{id}/products`.
///
/// Each list item is an object with a single key — an id, as text (`"123"`) — whose
/// value pairs a deal of the person with a product on that deal:
/// `[{"123": {"deal": {..}, "product": {..}}}]`. The map keeps every key, so an item
/// with several entries survives too; [`PersonProduct::entry`] gives the usual single one.
///
/// An empty item sent as `[]` instead of `{}` is accepted and written back as `[]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonProduct {
    /// The entries, by their key.
    pub entries: KeyedMap<String, PersonProductEntry>,
}

impl PersonProduct {
    /// The first (normally only) entry with its key.
    pub fn first(&self) -> Option<(&str, &PersonProductEntry)> {
        self.entries.iter().next().map(|(k, v)| (k.as_str(), v))
    }

    /// The first (normally only) entry.
    pub fn entry(&self) -> Option<&PersonProductEntry> {
        self.first().map(|(_, v)| v)
    }

    /// The deal of the first entry.
    pub fn deal(&self) -> Option<&Deal> {
        self.entry()?.deal.as_deref()
    }

    /// The product of the first entry.
    pub fn product(&self) -> Option<&Product> {
        self.entry()?.product.as_deref()
    }
}

impl From<KeyedMap<String, PersonProductEntry>> for PersonProduct {
    fn from(entries: KeyedMap<String, PersonProductEntry>) -> Self {
        PersonProduct { entries }
    }
}

model! {
    /// A deal of a person together with a product attached to it.
    pub struct PersonProductEntry {
        /// The deal (plain-id form).
        deal: Option<Box<Deal>>,
        /// The product.
        product: Option<Box<Product>>,
    }
}

model! {
    /// A person's profile picture (`POST /persons/{id}/picture`).
    pub struct Picture {
        /// Id.
        id: Option<PictureId>,
        /// Kind of object the picture belongs to (`person`).
        item_type: Option<String>,
        /// Id of that object.
        item_id: Option<crate::Integer>,
        /// Whether the picture is active.
        active_flag: Option<Flag>,
        /// When it was added.
        add_time: Option<crate::Timestamp>,
        /// When it was last changed (`0000-00-00 00:00:00` if never).
        update_time: Option<crate::Timestamp>,
        /// Who added it.
        added_by_user_id: Option<UserId>,
        /// URLs of the picture in its two sizes.
        pictures: Option<PictureUrls>,
    }
}
