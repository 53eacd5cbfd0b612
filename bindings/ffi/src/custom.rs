//! Custom fields for Kotlin and Swift: read and write them by name through the client's
//! field registry (Rust `FieldRegistry`: the same name rule, option labels and wire
//! forms as every surface). Records carry custom fields in their `extra` JSON.
use crate::client::Client;
use crate::error::{PipedriveError, guard};
use crate::json::JsonValue;
use crate::models::{
    Activity, Deal, Lead, Organization, Person, Product, V2Deal, V2Organization, V2Person,
    V2Product, V2Project,
};
use crate::money_dates::{Amount, CalendarDate, TimeOfDay};
use pipedrive::types::args::ArgError;
use pipedrive::types::{
    self, CustomLayout, FieldEntity, HasCustomFields, OrganizationId, PersonId, UserId,
};
use pipedrive::{CustomValue, Error};
use std::collections::HashMap;

/// The kinds of record whose custom fields a fields endpoint describes. Leads use the
/// deal fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FieldKind {
    /// `dealFields` (deals and leads).
    Deal,
    /// `personFields`.
    Person,
    /// `organizationFields`.
    Organization,
    /// `productFields`.
    Product,
    /// `activityFields`.
    Activity,
    /// v2 `projectFields` (projects exist only in API v2).
    Project,
}

impl From<FieldKind> for FieldEntity {
    fn from(k: FieldKind) -> Self {
        match k {
            FieldKind::Deal => FieldEntity::Deal,
            FieldKind::Person => FieldEntity::Person,
            FieldKind::Organization => FieldEntity::Organization,
            FieldKind::Product => FieldEntity::Product,
            FieldKind::Activity => FieldEntity::Activity,
            FieldKind::Project => FieldEntity::Project,
        }
    }
}

/// The value of one custom field, read by name.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CustomFieldValue {
    /// `text`, `number`, `money`, `option`, `options`, `labels`, `date`, `date_range`,
    /// `time`, `time_range`, `user`, `person`, `organization`, `address`, `phone`,
    /// `other`.
    pub kind: String,
    /// The human value, for display and exports: text as is, an option's label,
    /// `1200 EUR`, a range as `start - end`, a person's name. Never JSON.
    pub text: String,
    /// The stored value as JSON (an option id, `"1,2"` for several options, a range's
    /// start, a reference's id).
    pub value: JsonValue,
    /// The amount of a number or money value, exact (`BigDecimal` in Kotlin, `Decimal`
    /// in Swift).
    pub amount: Option<Amount>,
    /// The currency of a money value.
    pub currency: Option<String>,
    /// The id of an option or a reference.
    pub id: Option<i64>,
    /// The chosen option ids.
    pub ids: Vec<i64>,
    /// The chosen option labels.
    pub labels: Vec<String>,
    /// The end of a date or time range, as the text received.
    pub end: Option<String>,
    /// The day of a date value, or the first day of a date range (`LocalDate` in
    /// Kotlin); `null` for other kinds or text that does not read as a date.
    pub date: Option<CalendarDate>,
    /// The last day of a date range.
    pub end_date: Option<CalendarDate>,
    /// The time of a time value, or the start of a time range, in UTC (`LocalTime` in
    /// Kotlin).
    pub time: Option<TimeOfDay>,
    /// The end of a time range, in UTC.
    pub end_time: Option<TimeOfDay>,
}

impl From<CustomValue> for CustomFieldValue {
    fn from(v: CustomValue) -> Self {
        let value = v
            .to_wire("")
            .into_iter()
            .next()
            .map(|(_, j)| j)
            .unwrap_or(serde_json::Value::Null);
        let labels = v.labels();
        CustomFieldValue {
            kind: v.kind().to_owned(),
            text: v.to_string(),
            value: JsonValue(value),
            amount: v
                .amount()
                .filter(|a| a.is_decimal())
                .map(|a| Amount(a.clone())),
            currency: v.currency().map(str::to_owned),
            // `value` keeps an id a signed id cannot hold (none is ever that large).
            id: v.id().and_then(|i| i64::try_from(i).ok()),
            ids: v
                .choices()
                .iter()
                .filter_map(|c| i64::try_from(c.id).ok())
                .collect(),
            labels,
            end: v.end().map(str::to_owned),
            date: v.as_date().map(|d| CalendarDate(d.into())),
            end_date: v.end_date().map(|d| CalendarDate(d.into())),
            time: v.as_time().map(|t| TimeOfDay(t.into())),
            end_time: v.end_time().map(|t| TimeOfDay(t.into())),
        }
    }
}

/// A value to write into a custom field by name.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum CustomFieldInput {
    /// Text; for an option field, the option's label (case does not matter).
    Text {
        /// The text or label.
        value: String,
    },
    /// A number (exact: a `BigDecimal` in Kotlin); for an option field, the option's id.
    Number {
        /// The number.
        value: Amount,
    },
    /// An amount with its currency, for a monetary field.
    Money {
        /// The amount.
        amount: Amount,
        /// ISO currency code.
        currency: String,
    },
    /// Option labels, for a multiple-option field.
    Labels {
        /// The labels.
        labels: Vec<String>,
    },
    /// Option ids, for a multiple-option field.
    Ids {
        /// The ids.
        ids: Vec<i64>,
    },
    /// A date (`LocalDate` in Kotlin), or a date range with `end`.
    Date {
        /// The day, or the first day.
        date: CalendarDate,
        /// The last day of a range.
        end: Option<CalendarDate>,
    },
    /// A time of day in UTC (`LocalTime` in Kotlin), or a time range with `end`.
    Time {
        /// The time, or the start.
        time: TimeOfDay,
        /// The end of a range.
        end: Option<TimeOfDay>,
    },
    /// A user, person or organization id, for a reference field.
    Reference {
        /// The id.
        id: i64,
    },
    /// Empties the field.
    Clear,
}

/// The typed value of an input (`None` clears); a reference becomes the field's kind
/// of reference. A negative id is `InvalidInput` naming the field.
fn to_value(
    name: &str,
    input: CustomFieldInput,
    field_type: Option<&str>,
) -> Result<Option<CustomValue>, PipedriveError> {
    let id = |i: i64| crate::convert::id_arg(name, i);
    Ok(Some(match input {
        CustomFieldInput::Text { value } => CustomValue::from(value),
        CustomFieldInput::Number { value } => CustomValue::from(value.0),
        CustomFieldInput::Money { amount, currency } => CustomValue::money(amount.0, currency),
        CustomFieldInput::Labels { labels } => CustomValue::from(labels),
        CustomFieldInput::Ids { ids } => {
            CustomValue::from(ids.into_iter().map(id).collect::<Result<Vec<u64>, _>>()?)
        }
        CustomFieldInput::Date {
            date,
            end: Some(end),
        } => CustomValue::date_range(date.0, end.0),
        CustomFieldInput::Date { date, end: None } => CustomValue::date(date.0),
        CustomFieldInput::Time {
            time,
            end: Some(end),
        } => CustomValue::time_range(time.0, end.0),
        CustomFieldInput::Time { time, end: None } => CustomValue::time(time.0),
        CustomFieldInput::Reference { id: i } => match (field_type, id(i)?) {
            (Some("user"), id) => CustomValue::from(UserId(id)),
            (Some("org"), id) => CustomValue::from(OrganizationId(id)),
            (Some("people"), id) => CustomValue::from(PersonId(id)),
            (_, id) => CustomValue::from(id),
        },
        CustomFieldInput::Clear => return Ok(None),
    }))
}

fn invalid(e: ArgError) -> PipedriveError {
    PipedriveError::from(Error::from(e))
}

impl Client {
    /// [`Client::custom_field`] for a Rust field entity; `source` is a v1 record's
    /// `extra` or a v2 record's `custom_fields` (as `layout` says).
    fn read_custom_field(
        &self,
        entity: FieldEntity,
        layout: CustomLayout,
        source: Option<JsonValue>,
        name: &str,
    ) -> Result<Option<CustomFieldValue>, PipedriveError> {
        guard(|| {
            let registry = self.rust()?.custom_fields()?;
            let obj = source_object(source)?;
            let v = registry
                .read_in(entity, layout, &obj, name)
                .map_err(invalid)?;
            Ok(v.map(CustomFieldValue::from))
        })
    }

    /// [`Client::custom_field_values`] for a Rust field entity.
    fn read_custom_fields(
        &self,
        entity: FieldEntity,
        layout: CustomLayout,
        source: Option<JsonValue>,
    ) -> Result<HashMap<String, CustomFieldValue>, PipedriveError> {
        guard(|| {
            let registry = self.rust()?.custom_fields()?;
            let obj = source_object(source)?;
            Ok(registry
                .read_all_in(entity, layout, &obj)
                .into_iter()
                .map(|(n, v)| (n, CustomFieldValue::from(v)))
                .collect())
        })
    }

    /// The entries that set (or with `Clear` empty) custom fields by name, laid out as
    /// `layout` says (v1 flat keys with companions, v2 one object's entries).
    fn encode_custom_fields(
        &self,
        kind: FieldKind,
        layout: CustomLayout,
        values: HashMap<String, CustomFieldInput>,
    ) -> Result<JsonValue, PipedriveError> {
        guard(|| {
            let registry = self.rust()?.custom_fields()?;
            let entity = FieldEntity::from(kind);
            let mut names: Vec<&String> = values.keys().collect();
            names.sort();
            let mut out = serde_json::Map::new();
            for name in names {
                let field = registry.field(entity, name).map_err(invalid)?;
                let ft = field.field_type.as_ref().map(|t| t.as_str().to_owned());
                let value = match values.get(name) {
                    Some(v) => to_value(name, v.clone(), ft.as_deref())?,
                    None => None,
                };
                out.extend(
                    registry
                        .encode_in(entity, layout, name, value)
                        .map_err(invalid)?,
                );
            }
            Ok(JsonValue(serde_json::Value::Object(out)))
        })
    }
}

/// The JSON object custom fields are read from; absent is an empty one (a v2 record
/// without `custom_fields`).
fn source_object(
    source: Option<JsonValue>,
) -> Result<serde_json::Map<String, serde_json::Value>, PipedriveError> {
    match source {
        Some(v) => v.into_object(),
        None => Ok(serde_json::Map::new()),
    }
}

#[uniffi::export]
impl Client {
    /// The custom field `name` in a record's `extra` (a deal's, person's, ...), typed and
    /// labelled; `null` when it is not set. Field definitions are loaded on first use and
    /// kept ([`refresh_custom_fields`](Self::refresh_custom_fields) reloads). An unknown
    /// name is `InvalidInput` naming it.
    pub fn custom_field(
        &self,
        kind: FieldKind,
        extra: JsonValue,
        name: String,
    ) -> Result<Option<CustomFieldValue>, PipedriveError> {
        self.read_custom_field(kind.into(), CustomLayout::Flat, Some(extra), &name)
    }

    /// Every custom field set in a record's `extra`, by field name.
    pub fn custom_field_values(
        &self,
        kind: FieldKind,
        extra: JsonValue,
    ) -> Result<HashMap<String, CustomFieldValue>, PipedriveError> {
        self.read_custom_fields(kind.into(), CustomLayout::Flat, Some(extra))
    }

    /// The `extra` JSON object that sets (or with `Clear` empties) custom fields by name,
    /// for the `extra` of a v1 create or update: option labels become option ids, money
    /// gets its currency companion.
    pub fn custom_fields_extra(
        &self,
        kind: FieldKind,
        values: HashMap<String, CustomFieldInput>,
    ) -> Result<JsonValue, PipedriveError> {
        self.encode_custom_fields(kind, CustomLayout::Flat, values)
    }

    /// The `customFields` object that sets (or with `Clear` empties) custom fields by
    /// name on a v2 create or update (`V2CreateDeal(customFields = ..)`): option labels
    /// become option ids, money is `{value, currency}`, a range `{start, until}`.
    pub fn custom_fields_object(
        &self,
        kind: FieldKind,
        values: HashMap<String, CustomFieldInput>,
    ) -> Result<JsonValue, PipedriveError> {
        self.encode_custom_fields(kind, CustomLayout::Nested, values)
    }

    /// The 40-character key of the custom field `name`.
    pub fn custom_field_key(
        &self,
        kind: FieldKind,
        name: String,
    ) -> Result<String, PipedriveError> {
        guard(|| {
            let registry = self.rust()?.custom_fields()?;
            let field = registry.field(kind.into(), &name).map_err(invalid)?;
            Ok(field.key.clone().unwrap_or_default())
        })
    }

    /// Loads the field definitions again, after fields were added or changed.
    pub fn refresh_custom_fields(&self) -> Result<(), PipedriveError> {
        guard(|| {
            self.rust()?.refresh_custom_fields()?;
            Ok(())
        })
    }
}

/// `deal.customField(client, "Region")`: the records with custom fields read them by
/// name themselves, through the client's field registry, with the entity the Rust model
/// declares (`HasCustomFields::ENTITY`: a lead reads the deal fields).
macro_rules! record_custom_fields {
    ($($record:ident => $rust:ty, $source:ident),* $(,)?) => {$(
        #[uniffi::export]
        impl $record {
            /// The custom field `name` of this record, typed and labelled; `null` when it
            /// is not set. An unknown name is `InvalidInput` naming it.
            pub fn custom_field(
                &self,
                client: std::sync::Arc<Client>,
                name: String,
            ) -> Result<Option<CustomFieldValue>, PipedriveError> {
                client.read_custom_field(
                    <$rust as HasCustomFields>::ENTITY,
                    <$rust as HasCustomFields>::LAYOUT,
                    self.$source.clone().into(),
                    &name,
                )
            }

            /// Every custom field set on this record, by field name.
            pub fn custom_field_values(
                &self,
                client: std::sync::Arc<Client>,
            ) -> Result<HashMap<String, CustomFieldValue>, PipedriveError> {
                client.read_custom_fields(
                    <$rust as HasCustomFields>::ENTITY,
                    <$rust as HasCustomFields>::LAYOUT,
                    self.$source.clone().into(),
                )
            }
        }
    )*};
}

// v1 records keep custom fields in `extra`, v2 ones in `custom_fields`.
record_custom_fields!(
    Deal => types::Deal, extra,
    Lead => types::Lead, extra,
    Person => types::Person, extra,
    Organization => types::Organization, extra,
    Product => types::Product, extra,
    Activity => types::Activity, extra,
    V2Deal => types::v2::Deal, custom_fields,
    V2Person => types::v2::Person, custom_fields,
    V2Organization => types::v2::Organization, custom_fields,
    V2Product => types::v2::Product, custom_fields,
    V2Project => types::v2::Project, custom_fields,
);
