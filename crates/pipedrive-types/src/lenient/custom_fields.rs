use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Custom field values, keyed by the field's 40-hex-char key (`dealFields` `key`).
///
/// Custom fields are ordinary keys of a model's JSON object; models keep them in their
/// `extra` map and [`CustomFields`] is the view that picks them out. Some field types
/// add companion keys after the hash (`<hash>_currency` for monetary fields,
/// `<hash>_until` for ranges, `<hash>_formatted_address` for addresses); those count as
/// custom keys too. The map itself does not check keys, so it can also carry keys a
/// request needs next to the custom fields.
///
/// ```
/// use pipedrive_types::CustomFields;
/// let key = "d4de1c1518b4531717c676029a45911c340390a6";
/// let mut cf = CustomFields::new();
/// cf.insert(key, 42);
/// assert!(CustomFields::is_custom_key(key));
/// assert_eq!(cf.get(key), Some(&serde_json::json!(42)));
/// assert_eq!(serde_json::to_string(&cf).unwrap(), format!(r#"{{"{key}":42}}"#));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomFields(Map<String, Value>);

impl CustomFields {
    /// An empty map.
    pub fn new() -> Self {
        CustomFields(Map::new())
    }

    /// Whether `key` looks like a custom field key: 40 hex digits, optionally followed
    /// by `_` and a companion suffix such as `currency`.
    pub fn is_custom_key(key: &str) -> bool {
        let bytes = key.as_bytes();
        let Some(hash) = bytes.get(..40) else {
            return false;
        };
        if !hash.iter().all(u8::is_ascii_hexdigit) {
            return false;
        }
        match bytes.get(40..) {
            Some([]) => true,
            Some([b'_', rest @ ..]) => {
                !rest.is_empty() && rest.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            }
            _ => false,
        }
    }

    /// Copies the custom keys out of a model's `extra` map.
    pub fn from_extra(extra: &Map<String, Value>) -> Self {
        CustomFields(
            extra
                .iter()
                .filter(|(k, _)| Self::is_custom_key(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Stores a value, returning the previous one. `Value::Null` is kept: sending
    /// `null` is how a custom field is cleared.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(key.into(), value.into())
    }

    /// Removes a key, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.shift_remove(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in stored order.
    pub fn iter(&self) -> serde_json::map::Iter<'_> {
        self.0.iter()
    }

    /// Keys in stored order.
    pub fn keys(&self) -> serde_json::map::Keys<'_> {
        self.0.keys()
    }

    /// The underlying JSON map.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Unwraps into the JSON map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

impl From<Map<String, Value>> for CustomFields {
    fn from(map: Map<String, Value>) -> Self {
        CustomFields(map)
    }
}

impl From<CustomFields> for Map<String, Value> {
    fn from(cf: CustomFields) -> Self {
        cf.0
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for CustomFields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        CustomFields(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for CustomFields {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
    }
}

impl IntoIterator for CustomFields {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a CustomFields {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "d4de1c1518b4531717c676029a45911c340390a6";

    #[test]
    fn custom_key_shape() {
        assert!(CustomFields::is_custom_key(KEY));
        assert!(CustomFields::is_custom_key(&KEY.to_uppercase()));
        assert!(CustomFields::is_custom_key(&format!("{KEY}_currency")));
        assert!(CustomFields::is_custom_key(&format!(
            "{KEY}_formatted_address"
        )));
        assert!(!CustomFields::is_custom_key(&format!("{KEY}_")));
        assert!(!CustomFields::is_custom_key(&format!("{KEY}0")));
        assert!(!CustomFields::is_custom_key(&KEY[..39]));
        assert!(!CustomFields::is_custom_key("title"));
        assert!(!CustomFields::is_custom_key(&KEY.replace('d', "g")));
        assert!(!CustomFields::is_custom_key(""));
        assert!(!CustomFields::is_custom_key(
            "ééééééééééééééééééééééééééééééééééééééééé"
        ));
    }

    #[test]
    fn map_operations() {
        let mut cf: CustomFields = [(KEY, json!("a"))].into_iter().collect();
        assert_eq!(cf.insert(KEY, 5), Some(json!("a")));
        cf.extend([(format!("{KEY}_currency"), json!("EUR"))]);
        assert_eq!(cf.len(), 2);
        assert!(cf.contains_key(KEY));
        assert_eq!(cf.keys().count(), 2);
        assert_eq!((&cf).into_iter().count(), 2);
        assert_eq!(cf.remove(KEY), Some(json!(5)));
        assert_eq!(
            cf.iter().next().map(|(k, _)| k.as_str()),
            Some(&*format!("{KEY}_currency"))
        );
        let text = serde_json::to_string(&cf).unwrap();
        let back: CustomFields = serde_json::from_str(&text).unwrap();
        assert_eq!(back, cf);
        assert!(CustomFields::new().is_empty());
    }

    #[test]
    fn from_extra_picks_custom_keys() {
        let extra: Map<String, Value> =
            serde_json::from_value(json!({KEY: 1, "unknown": 2})).unwrap();
        let cf = CustomFields::from_extra(&extra);
        assert_eq!(cf.len(), 1);
        assert_eq!(cf.get(KEY), Some(&json!(1)));
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(serde_json::from_str::<CustomFields>("[]").is_err());
        assert!(serde_json::from_str::<CustomFields>("1").is_err());
    }
}
