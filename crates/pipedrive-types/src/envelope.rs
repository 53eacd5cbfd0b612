//! The `{success, data, additional_data, related_objects}` wrapper around every v1 response.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The wrapper Pipedrive puts around every response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// `false` when the request failed; some endpoints say so with status 200.
    #[serde(default)]
    pub success: bool,
    /// The payload; `null` or absent for some writes and for empty lists.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    /// Pagination and endpoint-specific extras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<AdditionalData>,
    /// Objects referenced by `data`, keyed by kind then id (`{"user":{"1":{..}}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_objects: Option<Map<String, Value>>,
    /// Error text when `success` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Longer explanation accompanying `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_info: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

/// `additional_data` of a response: v1 offset pagination, v2 cursor, and anything else.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdditionalData {
    /// v1 offset pagination block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// v2 cursor for the next page; absent or null on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Every other key, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// v1 offset pagination: `start`/`limit` in, `more_items_in_collection`/`next_start` out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    /// Offset of the first item of this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Page size the server applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Whether another page exists.
    #[serde(default)]
    pub more_items_in_collection: bool,
    /// Offset to ask for next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_start: Option<u64>,
    /// Every other key, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The shape of `data` on a paginated endpoint, and how to turn it into items.
///
/// Plain lists send an array (or `null` when empty); search endpoints send
/// `{"items":[..]}`.
pub trait PageData: serde::de::DeserializeOwned {
    /// One element of the list.
    type Item;
    /// Consumes the page payload into its items, in server order.
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T: serde::de::DeserializeOwned> PageData for Vec<T> {
    type Item = T;
    fn into_items(self) -> Vec<T> {
        self
    }
}
