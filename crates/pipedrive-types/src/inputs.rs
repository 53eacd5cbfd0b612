//! What a request takes for small structured values: money that comes with its
//! currency (a lead's value, a product's prices; amounts are [`Amount`]s, so they go out
//! with exactly the digits they were given, in every language) and the options of a
//! custom field.
use crate::Amount;
use crate::args::{FromArg, shown};
use serde::Serialize;
use serde_json::{Map, Value};

/// A lead's potential value (`value` of `POST /leads` and `PATCH /leads/{id}`): an
/// amount and its currency, sent as `{"amount": .., "currency": ..}`.
///
/// ```
/// use pipedrive_types::{Amount, LeadValueInput};
///
/// let value = LeadValueInput::new("2500.00".parse::<Amount>().unwrap(), "EUR");
/// assert_eq!(
///     serde_json::to_string(&value).unwrap(),
///     r#"{"amount":2500.00,"currency":"EUR"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadValueInput {
    /// The amount.
    pub amount: Amount,
    /// Its currency code (`EUR`, `USD`, ...).
    pub currency: String,
}

impl LeadValueInput {
    /// An amount in a currency.
    pub fn new(amount: impl Into<Amount>, currency: impl Into<String>) -> Self {
        LeadValueInput {
            amount: amount.into(),
            currency: currency.into(),
        }
    }
}

/// A product's price in one currency (an entry of `prices` of `POST /products` and
/// `PUT /products/{id}`): the unit price, and optionally the unit cost, the overhead
/// cost and a note. A product has at most one price per currency.
///
/// ```
/// use pipedrive_types::PriceInput;
///
/// let price = PriceInput::new("EUR", 120).cost(80);
/// assert_eq!(
///     serde_json::to_string(&price).unwrap(),
///     r#"{"currency":"EUR","price":120,"cost":80}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceInput {
    /// The currency code (`EUR`, `USD`, ...).
    pub currency: String,
    /// The unit price.
    pub price: Amount,
    /// The unit cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Amount>,
    /// The overhead cost (API v1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overhead_cost: Option<Amount>,
    /// The direct cost (API v2's name for a further cost).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_cost: Option<Amount>,
    /// A free-text note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl PriceInput {
    /// A unit price in a currency.
    pub fn new(currency: impl Into<String>, price: impl Into<Amount>) -> Self {
        PriceInput {
            currency: currency.into(),
            price: price.into(),
            cost: None,
            overhead_cost: None,
            direct_cost: None,
            notes: None,
        }
    }

    /// Sets the unit cost.
    pub fn cost(mut self, cost: impl Into<Amount>) -> Self {
        self.cost = Some(cost.into());
        self
    }

    /// Sets the overhead cost.
    pub fn overhead_cost(mut self, cost: impl Into<Amount>) -> Self {
        self.overhead_cost = Some(cost.into());
        self
    }

    /// Sets the direct cost (API v2).
    pub fn direct_cost(mut self, cost: impl Into<Amount>) -> Self {
        self.direct_cost = Some(cost.into());
        self
    }

    /// Sets the note.
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = Some(notes.into());
        self
    }
}

/// One option of an `enum` or `set` custom field (`options` of `POST /dealFields`,
/// `PUT /dealFields/{id}` and the person, organization and product equivalents): its
/// label, and when changing a field's options, the id of an existing one to keep (an
/// option left out of an update is removed; one without an id is added).
///
/// ```
/// use pipedrive_types::FieldOptionInput;
///
/// let options: Vec<FieldOptionInput> = vec!["EMEA".into(), FieldOptionInput::existing(27, "APAC")];
/// assert_eq!(
///     serde_json::to_string(&options).unwrap(),
///     r#"[{"label":"EMEA"},{"id":27,"label":"APAC"}]"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldOptionInput {
    /// The id of an existing option (only when updating a field's options).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The label users see.
    pub label: String,
}

impl FieldOptionInput {
    /// A new option.
    pub fn new(label: impl Into<String>) -> Self {
        FieldOptionInput {
            id: None,
            label: label.into(),
        }
    }

    /// An existing option, kept (and relabelled) by an update.
    pub fn existing(id: u64, label: impl Into<String>) -> Self {
        FieldOptionInput {
            id: Some(id),
            label: label.into(),
        }
    }
}

impl From<&str> for FieldOptionInput {
    fn from(label: &str) -> Self {
        FieldOptionInput::new(label)
    }
}

impl From<String> for FieldOptionInput {
    fn from(label: String) -> Self {
        FieldOptionInput::new(label)
    }
}

/// The keys of a binding's object argument, checked against the ones a type takes:
/// `required` must be present and not `null`, nothing else may appear. `shape` says what
/// the argument must be, for the error.
pub(crate) fn object_arg(
    value: Value,
    required: &[&str],
    optional: &[&str],
    shape: &str,
) -> Result<Map<String, Value>, String> {
    let refuse = |why: String| format!("{shape}; {why}");
    let Value::Object(map) = value else {
        return Err(refuse(shown(&value)));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
    {
        return Err(refuse(format!("unknown key `{key}`")));
    }
    if let Some(key) = required
        .iter()
        .find(|k| map.get(**k).is_none_or(Value::is_null))
    {
        return Err(refuse(format!("`{key}` is missing")));
    }
    Ok(map)
}

/// Takes `key` out of an object argument as `T` (`None` when absent or `null`).
pub(crate) fn member<T: FromArg>(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<T>, String> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::from_value(v)
            .map(Some)
            .map_err(|e| format!("`{key}` {e}")),
    }
}

/// Takes a key [`object_arg`] checked to be present.
pub(crate) fn required<T: FromArg>(map: &mut Map<String, Value>, key: &str) -> Result<T, String> {
    member(map, key)?.ok_or_else(|| format!("`{key}` is missing"))
}

const LEAD_VALUE_SHAPE: &str =
    "must be a dict with `amount` (int, float, Decimal or decimal text) and `currency` (str)";

/// A binding's argument: an object with `amount` and `currency`, nothing else.
impl FromArg for LeadValueInput {
    fn from_value(value: Value) -> Result<Self, String> {
        let mut map = object_arg(value, &["amount", "currency"], &[], LEAD_VALUE_SHAPE)?;
        Ok(LeadValueInput {
            amount: required(&mut map, "amount")?,
            currency: required(&mut map, "currency")?,
        })
    }
}

const PRICE_SHAPE: &str = "must be a dict with `currency` (str), `price` (an amount) and \
     optionally `cost`, `overhead_cost` (v1), `direct_cost` (v2) (amounts) and `notes` (str)";

/// A binding's argument: an object with `currency` and `price`, and optionally `cost`,
/// `overhead_cost` (v1), `direct_cost` (v2) and `notes`; nothing else.
impl FromArg for PriceInput {
    fn from_value(value: Value) -> Result<Self, String> {
        let mut map = object_arg(
            value,
            &["currency", "price"],
            &["cost", "overhead_cost", "direct_cost", "notes"],
            PRICE_SHAPE,
        )?;
        Ok(PriceInput {
            currency: required(&mut map, "currency")?,
            price: required(&mut map, "price")?,
            cost: member(&mut map, "cost")?,
            overhead_cost: member(&mut map, "overhead_cost")?,
            direct_cost: member(&mut map, "direct_cost")?,
            notes: member(&mut map, "notes")?,
        })
    }
}

const OPTION_SHAPE: &str =
    "must be a str (a label) or a dict with `label` (str) and optionally `id` (int)";

/// A binding's argument: a label, or an object with `label` and optionally `id`.
impl FromArg for FieldOptionInput {
    fn from_value(value: Value) -> Result<Self, String> {
        if let Value::String(label) = value {
            return Ok(FieldOptionInput::new(label));
        }
        let mut map = object_arg(value, &["label"], &["id"], OPTION_SHAPE)?;
        Ok(FieldOptionInput {
            id: member(&mut map, "id")?,
            label: required(&mut map, "label")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_go_out_with_their_digits() {
        let value = LeadValueInput::new("1234.50".parse::<Amount>().unwrap(), "EUR");
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"amount":1234.50,"currency":"EUR"}"#
        );
        let price = PriceInput::new("USD", 10)
            .cost("7.25".parse::<Amount>().unwrap())
            .overhead_cost(1)
            .notes("list price");
        assert_eq!(
            serde_json::to_string(&price).unwrap(),
            r#"{"currency":"USD","price":10,"cost":7.25,"overhead_cost":1,"notes":"list price"}"#
        );
    }

    #[test]
    fn arguments_are_checked_key_by_key() {
        assert_eq!(
            LeadValueInput::from_value(json!({"amount": "2500.00", "currency": "EUR"})).unwrap(),
            LeadValueInput::new("2500.00".parse::<Amount>().unwrap(), "EUR")
        );
        assert_eq!(
            PriceInput::from_value(json!({"currency": "EUR", "price": 120, "cost": 80.5})).unwrap(),
            PriceInput::new("EUR", 120).cost(Amount::try_from(80.5).unwrap())
        );
        let cases = [
            (json!(2500), "got int"),
            (json!({"amount": 1}), "`currency` is missing"),
            (
                json!({"amount": null, "currency": "EUR"}),
                "`amount` is missing",
            ),
            (
                json!({"amount": 1, "currency": "EUR", "x": 1}),
                "unknown key `x`",
            ),
            (
                json!({"amount": true, "currency": "EUR"}),
                "`amount` must be an amount",
            ),
            (json!({"amount": 1, "currency": 5}), "`currency` must be"),
        ];
        for (bad, why) in cases {
            let e = LeadValueInput::from_value(bad.clone()).unwrap_err();
            assert!(
                e.starts_with("must be a dict with `amount`") || e.contains(why),
                "{bad}: {e}"
            );
            assert!(e.contains(why), "{bad}: {e}");
        }
        let e = PriceInput::from_value(json!({"currency": "EUR", "price": "12,5"})).unwrap_err();
        assert!(e.contains("`price` must be an amount"), "{e}");
        let e = PriceInput::from_value(json!({"price": 1})).unwrap_err();
        assert!(e.contains("`currency` is missing"), "{e}");
    }

    #[test]
    fn options_are_a_label_or_a_label_with_its_id() {
        assert_eq!(
            FieldOptionInput::from_value(json!("Hot")).unwrap(),
            FieldOptionInput::new("Hot")
        );
        assert_eq!(
            FieldOptionInput::from_value(json!({"id": 4, "label": "Cold"})).unwrap(),
            FieldOptionInput::existing(4, "Cold")
        );
        for (bad, why) in [
            (json!(4), "got int"),
            (json!({"id": 4}), "`label` is missing"),
            (json!({"label": "x", "color": "red"}), "unknown key `color`"),
            (json!({"label": "x", "id": -1}), "`id` must be"),
        ] {
            let e = FieldOptionInput::from_value(bad.clone()).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
