//! Field definitions: the schema of deals, persons, organizations, products and
//! activities, including the custom fields an account has added.
use crate::lenient::{Flag, Items, Number};
use crate::{FieldId, UserId};
use serde_json::Value;

string_enum! {
    /// The data type of a field, which decides how its values look on the objects.
    pub enum FieldType {
        /// Postal address; autocompleted, with companion keys for its parts.
        Address = "address",
        /// A date, `YYYY-MM-DD`.
        Date = "date",
        /// A start and an end date (the end under a `_until` companion key).
        DateRange = "daterange",
        /// A number.
        Double = "double",
        /// One choice out of `options`.
        Enum = "enum",
        /// An amount with a currency (under a `_currency` companion key).
        Monetary = "monetary",
        /// An organization id.
        Org = "org",
        /// A person id.
        People = "people",
        /// A phone number.
        Phone = "phone",
        /// Any number of choices out of `options` (comma-separated ids).
        Set = "set",
        /// Long text.
        Text = "text",
        /// A time of day, `HH:MM:SS`.
        Time = "time",
        /// A start and an end time.
        TimeRange = "timerange",
        /// A user id.
        User = "user",
        /// Short text (up to 255 characters).
        Varchar = "varchar",
        /// Short text with autocompletion.
        VarcharAuto = "varchar_auto",
        /// The built-in visibility field.
        VisibleTo = "visible_to",
    }
}

model! {
    /// One choice of an `enum` or `set` field.
    pub struct FieldOption {
        /// Option id. A number for custom fields; some built-in fields (a deal's
        /// `status`) use text ids, so both forms are kept as received.
        id: Option<Number>,
        /// Text shown for the option.
        label: Option<String>,
    }
}

model! {
    /// A field definition, as listed by `dealFields`, `personFields`, `productFields`,
    /// `organizationFields` and `activityFields`.
    ///
    /// `key` is what the field is called on the objects: a plain name for built-in
    /// fields (`title`), a 40-hex-char hash for custom ones.
    pub struct Field {
        /// Id of the definition.
        id: Option<FieldId>,
        /// Key of the field on the objects it describes.
        key: Option<String>,
        /// Display name.
        name: Option<String>,
        /// Position among the fields.
        order_nr: Option<crate::Integer>,
        /// Product fields only: picklist data (its shape is not documented; only
        /// `null` has been seen).
        picklist_data: Option<Value>,
        /// Data type.
        field_type: Option<FieldType>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
        /// Who changed the definition last.
        last_updated_by_user_id: Option<UserId>,
        /// Whether the field is in use.
        active_flag: Option<Flag>,
        /// Whether the definition can be edited (custom fields are editable).
        edit_flag: Option<Flag>,
        /// Whether the field can be shown as a list column.
        index_visible_flag: Option<Flag>,
        /// Whether the field is shown on the detail view.
        details_visible_flag: Option<Flag>,
        /// Whether the field is offered in the "add new" dialogs.
        add_visible_flag: Option<Flag>,
        /// Whether the field is highlighted when it has a value.
        important_flag: Option<Flag>,
        /// Whether bulk edits may change it.
        bulk_edit_allowed: Option<Flag>,
        /// Whether search looks into it.
        searchable_flag: Option<Flag>,
        /// Whether filters can use it.
        filtering_allowed: Option<Flag>,
        /// Whether lists can be sorted by it.
        sortable_flag: Option<Flag>,
        /// The choices of an `enum` or `set` field; `null` for other types.
        options: Option<Items<FieldOption>>,
        /// Whether a value is required.
        mandatory_flag: Option<Flag>,
    }
}

impl Field {
    /// Whether this is an account-specific custom field (its key is a 40-hex hash).
    pub fn is_custom(&self) -> bool {
        self.key
            .as_deref()
            .is_some_and(crate::CustomFields::is_custom_key)
    }

    /// The option with the given numeric id, for `enum`/`set` fields.
    pub fn option(&self, id: u64) -> Option<&FieldOption> {
        self.options
            .as_ref()?
            .iter()
            .find(|o| o.id.as_ref().and_then(Number::as_u64) == Some(id))
    }
}
