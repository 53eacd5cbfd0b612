//! [`FieldRegistry`]: the field definitions of an account, to address custom fields by
//! name.
use super::decode::id_of;
use super::value::{Choice, CustomValue};
use super::{CustomFieldsMut, CustomLayout, FieldEntity, HasCustomFields};
use crate::args::ArgError;
use crate::models::{Field, FieldType};
use serde_json::{Map, Value};

/// The field definitions of an account (from `dealFields`, `personFields`,
/// `organizationFields`, `productFields`, `activityFields`), to read and write custom
/// fields by their name instead of their 40-character key.
///
/// A name is looked up among the custom fields of the record's kind, in this order:
/// the exact name; the field key itself; the name ignoring case and surrounding spaces
/// (only when it matches one field). Anything else — an unknown name, a built-in field,
/// a name shared by several fields — is an [`ArgError`] naming the field
/// (`Error::InvalidInput` on the client).
///
/// ```
/// use pipedrive_types::{CustomValue, Deal, FieldEntity, FieldRegistry, Field};
/// let region: Field = serde_json::from_str(r#"{"key":"d4de1c1518b4531717c676029a45911c340390a6",
///     "name":"Region","field_type":"enum","options":[{"id":7,"label":"EMEA"}]}"#).unwrap();
/// let mut fields = FieldRegistry::new();
/// fields.insert(FieldEntity::Deal, vec![region]);
///
/// let deal: Deal = serde_json::from_str(r#"{"id":1,"d4de1c1518b4531717c676029a45911c340390a6":"7"}"#).unwrap();
/// let value = fields.get(&deal, "region").unwrap().unwrap();
/// assert_eq!(value.to_string(), "EMEA");
/// assert!(fields.get(&deal, "Regoin").is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldRegistry {
    sets: Vec<(FieldEntity, Vec<Field>)>,
}

impl FieldRegistry {
    /// A registry without definitions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the definitions of one kind of record.
    pub fn insert(&mut self, entity: FieldEntity, fields: Vec<Field>) {
        match self.sets.iter_mut().find(|(e, _)| *e == entity) {
            Some((_, old)) => *old = fields,
            None => self.sets.push((entity, fields)),
        }
    }

    /// Every definition of one kind of record, built-in fields included.
    pub fn fields(&self, entity: FieldEntity) -> &[Field] {
        self.sets
            .iter()
            .find(|(e, _)| *e == entity)
            .map_or(&[], |(_, f)| f.as_slice())
    }

    /// The custom fields of one kind of record.
    pub fn custom_fields(&self, entity: FieldEntity) -> impl Iterator<Item = &Field> + '_ {
        self.fields(entity).iter().filter(|f| f.is_custom())
    }

    /// The custom field called `name` (see the lookup rule above).
    pub fn field(&self, entity: FieldEntity, name: &str) -> Result<&Field, ArgError> {
        let custom: Vec<&Field> = self.custom_fields(entity).collect();
        let exact: Vec<&&Field> = custom
            .iter()
            .filter(|f| f.name.as_deref() == Some(name))
            .collect();
        match exact.as_slice() {
            [one] => return Ok(one),
            [] => {}
            _ => return Err(ambiguous(entity, name)),
        }
        if let Some(f) = custom.iter().find(|f| f.key.as_deref() == Some(name)) {
            return Ok(f);
        }
        let folded = fold(name);
        let loose: Vec<&&Field> = custom
            .iter()
            .filter(|f| f.name.as_deref().map(fold).as_deref() == Some(folded.as_str()))
            .collect();
        match loose.as_slice() {
            [one] => Ok(one),
            [] => Err(self.unknown(entity, name)),
            _ => Err(ambiguous(entity, name)),
        }
    }

    fn unknown(&self, entity: FieldEntity, name: &str) -> ArgError {
        let folded = fold(name);
        let built_in = self.fields(entity).iter().any(|f| {
            !f.is_custom()
                && (f.key.as_deref() == Some(name)
                    || f.name.as_deref().map(fold).as_deref() == Some(folded.as_str()))
        });
        if built_in {
            return ArgError::new(
                name,
                format!(
                    "is a built-in {} field, not a custom one: use its typed field",
                    entity.as_str()
                ),
            );
        }
        let names: Vec<&str> = self
            .custom_fields(entity)
            .filter_map(|f| f.name.as_deref())
            .collect();
        ArgError::new(
            name,
            if names.is_empty() {
                format!("is not a custom {} field (there are none)", entity.as_str())
            } else {
                format!(
                    "is not a custom {} field (custom {} fields: {})",
                    entity.as_str(),
                    entity.as_str(),
                    names.join(", ")
                )
            },
        )
    }

    /// The value of the custom field `name` on a deal, person, organization, product,
    /// activity or lead; `Ok(None)` when the field is not set on it.
    /// A v1 or a v2 record alike (`Deal`, `Saved<v2::Deal>`, ...).
    pub fn get<M: HasCustomFields>(
        &self,
        model: &M,
        name: &str,
    ) -> Result<Option<CustomValue>, ArgError> {
        self.read_in(M::ENTITY, M::LAYOUT, model.custom_source(), name)
    }

    /// Every custom field set on a record, by name, in field order.
    pub fn values<M: HasCustomFields>(&self, model: &M) -> Vec<(String, CustomValue)> {
        self.read_all_in(M::ENTITY, M::LAYOUT, model.custom_source())
    }

    /// The value of the custom field `name` in a v1 record's JSON object (a model's
    /// `extra`, or the whole object).
    pub fn read(
        &self,
        entity: FieldEntity,
        obj: &Map<String, Value>,
        name: &str,
    ) -> Result<Option<CustomValue>, ArgError> {
        self.read_in(entity, CustomLayout::Flat, obj, name)
    }

    /// The value of the custom field `name` in `obj`: a v1 record's object
    /// ([`CustomLayout::Flat`]) or a v2 record's `custom_fields` object
    /// ([`CustomLayout::Nested`]).
    pub fn read_in(
        &self,
        entity: FieldEntity,
        layout: CustomLayout,
        obj: &Map<String, Value>,
        name: &str,
    ) -> Result<Option<CustomValue>, ArgError> {
        let field = self.field(entity, name)?;
        Ok(read_field(obj, field, layout))
    }

    /// Every custom field set in a v1 record's JSON object, by name, in field order.
    pub fn read_all(
        &self,
        entity: FieldEntity,
        obj: &Map<String, Value>,
    ) -> Vec<(String, CustomValue)> {
        self.read_all_in(entity, CustomLayout::Flat, obj)
    }

    /// Every custom field set in `obj` (laid out as `layout`), by name, in field order.
    pub fn read_all_in(
        &self,
        entity: FieldEntity,
        layout: CustomLayout,
        obj: &Map<String, Value>,
    ) -> Vec<(String, CustomValue)> {
        self.custom_fields(entity)
            .filter_map(|f| Some((f.name.clone()?, read_field(obj, f, layout)?)))
            .collect()
    }

    /// Sets the custom field `name` on a request: option labels become option ids, and
    /// companions (`_currency`, `_until`) are written beside the value. A label that is
    /// not an option of the field is an error listing the options.
    pub fn set<P: CustomFieldsMut>(
        &self,
        params: &mut P,
        name: &str,
        value: impl Into<CustomValue>,
    ) -> Result<(), ArgError> {
        let entity = params_entity::<P>(name)?;
        let entries = self.encode_in(entity, P::LAYOUT, name, Some(value.into()))?;
        params.custom_extra_mut().extend(entries);
        Ok(())
    }

    /// Clears the custom field `name` on a request (sends `null`).
    pub fn clear<P: CustomFieldsMut>(&self, params: &mut P, name: &str) -> Result<(), ArgError> {
        let entity = params_entity::<P>(name)?;
        let entries = self.encode_in(entity, P::LAYOUT, name, None)?;
        params.custom_extra_mut().extend(entries);
        Ok(())
    }

    /// The v1 body entries that set (`Some`) or clear (`None`) the custom field `name`:
    /// what [`set`](Self::set) and [`clear`](Self::clear) add, for bindings that build
    /// the body as JSON.
    pub fn encode(
        &self,
        entity: FieldEntity,
        name: &str,
        value: Option<CustomValue>,
    ) -> Result<Vec<(String, Value)>, ArgError> {
        self.encode_in(entity, CustomLayout::Flat, name, value)
    }

    /// [`encode`](Self::encode) for a request laid out as `layout`: v2 gets one entry
    /// for its `custom_fields` object (`{value, currency}` for money).
    pub fn encode_in(
        &self,
        entity: FieldEntity,
        layout: CustomLayout,
        name: &str,
        value: Option<CustomValue>,
    ) -> Result<Vec<(String, Value)>, ArgError> {
        let field = self.field(entity, name)?;
        let key = field.key.as_deref().unwrap_or(name);
        let Some(value) = value else {
            return Ok(vec![(key.to_owned(), Value::Null)]);
        };
        let value = match field.field_type {
            Some(FieldType::Enum) => match resolve_choices(field, name, &value)?.as_slice() {
                [one] => CustomValue::Choice(one.clone()),
                _ => return Err(ArgError::new(name, "takes one option")),
            },
            Some(FieldType::Set) => CustomValue::Choices(resolve_choices(field, name, &value)?),
            _ => super::coerce::fit(field.field_type.as_ref(), name, value)?,
        };
        Ok(value.to_layout(key, layout))
    }
}

fn read_field(
    obj: &Map<String, Value>,
    field: &Field,
    layout: CustomLayout,
) -> Option<CustomValue> {
    match layout {
        CustomLayout::Flat => CustomValue::from_field(obj, field),
        CustomLayout::Nested => super::decode::read_v2(obj, field.key.as_deref()?, Some(field)),
    }
}

fn params_entity<P: CustomFieldsMut>(name: &str) -> Result<FieldEntity, ArgError> {
    P::ENTITY.ok_or_else(|| {
        ArgError::new(
            name,
            "cannot be set by name here: no fields endpoint describes this request's custom fields",
        )
    })
}

fn ambiguous(entity: FieldEntity, name: &str) -> ArgError {
    ArgError::new(
        name,
        format!(
            "names several custom {} fields: address it by its key",
            entity.as_str()
        ),
    )
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The options a value stands for: ids are checked against the field's options, labels
/// looked up (exactly, then ignoring case).
fn resolve_choices(
    field: &Field,
    name: &str,
    value: &CustomValue,
) -> Result<Vec<Choice>, ArgError> {
    let options = field
        .options
        .as_ref()
        .map(|o| o.0.as_slice())
        .unwrap_or(&[]);
    let listed = || {
        options
            .iter()
            .filter_map(|o| o.label.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_id = |id: u64| -> Result<Choice, ArgError> {
        match field.option(id) {
            Some(o) => Ok(Choice {
                id,
                label: o.label.clone(),
            }),
            None => Err(ArgError::new(
                name,
                format!("has no option with id {id} (options: {})", listed()),
            )),
        }
    };
    let by_label = |label: &str| -> Result<Choice, ArgError> {
        let id_of_option =
            |o: &crate::models::FieldOption| o.id.as_ref().and_then(crate::Number::as_u64);
        let found = options
            .iter()
            .find(|o| o.label.as_deref() == Some(label))
            .or_else(|| {
                let folded = fold(label);
                options
                    .iter()
                    .find(|o| o.label.as_deref().map(fold).as_deref() == Some(folded.as_str()))
            });
        match found.and_then(|o| Some((id_of_option(o)?, o))) {
            Some((id, o)) => Ok(Choice {
                id,
                label: o.label.clone(),
            }),
            None => Err(ArgError::new(
                name,
                format!("has no option {label:?} (options: {})", listed()),
            )),
        }
    };
    match value {
        CustomValue::Choice(c) => Ok(vec![by_id(c.id)?]),
        CustomValue::Choices(cs) => cs.iter().map(|c| by_id(c.id)).collect(),
        CustomValue::Labels(ls) => ls.iter().map(|l| by_label(l)).collect(),
        CustomValue::Text(t) => match by_label(t) {
            Ok(c) => Ok(vec![c]),
            Err(e) if t.contains(',') => t
                .split(',')
                .map(|p| by_label(p.trim()))
                .collect::<Result<_, _>>()
                .map_err(|_| e),
            Err(e) => Err(e),
        },
        CustomValue::Number(n) => match n.to_i64().and_then(|i| u64::try_from(i).ok()) {
            Some(id) => Ok(vec![by_id(id)?]),
            None => Err(ArgError::new(
                name,
                format!("takes an option label or id, got {n}"),
            )),
        },
        CustomValue::Other(v) => match id_of(v) {
            Some(id) => Ok(vec![by_id(id)?]),
            None => Err(ArgError::new(
                name,
                format!("takes an option label or id, got {v}"),
            )),
        },
        other => Err(ArgError::new(
            name,
            format!("takes an option label or id, got a {} value", other.kind()),
        )),
    }
}
