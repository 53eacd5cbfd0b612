//! A request before it is sent: method, path relative to the base URL, query, body.
use crate::{ApiVersion, Error, Result};
use serde::Serialize;
use std::fmt;

pub use crate::multipart::{Multipart, Part, ReadSeek, Upload};

/// HTTP methods the Pipedrive API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name on the wire (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a method name, in any case.
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// A request body.
#[derive(Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// Serialized JSON bytes.
    Json(Vec<u8>),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(String, String)>),
    /// `multipart/form-data`.
    Multipart(Multipart),
}

/// JSON bodies are shown as text (cut at 1 KiB) rather than as a list of byte values.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(bytes) => {
                let head = bytes.get(..1024).unwrap_or(bytes);
                let text = String::from_utf8_lossy(head);
                if head.len() < bytes.len() {
                    write!(f, "Json({text}… {} bytes)", bytes.len())
                } else {
                    write!(f, "Json({text})")
                }
            }
            Body::Form(pairs) => f.debug_tuple("Form").field(pairs).finish(),
            Body::Multipart(m) => f.debug_tuple("Multipart").field(m).finish(),
        }
    }
}

/// A request relative to the configured base URL. It never holds credentials: the
/// transport adds them when sending, so a `Request` is safe to log.
#[derive(Debug, Clone)]
pub struct Request {
    /// The API version, which picks the base URL: v1 unless set with
    /// [`Request::version`]; each version has its own
    /// ([`Config::effective_base_url`](crate::Config::effective_base_url),
    /// [`Config::effective_base_url_v2`](crate::Config::effective_base_url_v2)).
    pub version: ApiVersion,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/`, segments already escaped.
    pub path: String,
    /// Query pairs, unescaped.
    pub query: Vec<(String, String)>,
    /// Body.
    pub body: Body,
}

/// The most custom field keys a v2 list or get takes in its `custom_fields` parameter.
pub const MAX_CUSTOM_FIELD_KEYS: usize = 15;

impl Request {
    /// Refuses what the API would refuse for its shape, before anything is sent: more
    /// than [`MAX_CUSTOM_FIELD_KEYS`] keys in a v2 `custom_fields` query parameter.
    pub(crate) fn check_limits(&self) -> crate::Result<()> {
        if self.version != ApiVersion::V2 {
            return Ok(());
        }
        for (name, value) in &self.query {
            let keys = value.split(',').filter(|k| !k.trim().is_empty()).count();
            if name == "custom_fields" && keys > MAX_CUSTOM_FIELD_KEYS {
                return Err(crate::Error::InvalidInput(format!(
                    "custom_fields takes at most {MAX_CUSTOM_FIELD_KEYS} field keys, got {keys}"
                )));
            }
        }
        Ok(())
    }

    /// A request without query or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            version: ApiVersion::V1,
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
        }
    }

    /// The same request for another API version (its path is then relative to that
    /// version's base URL).
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.version = version;
        self
    }

    /// Adds a query parameter when `value` is `Some`, rendering it as Pipedrive expects:
    /// strings as-is, numbers in decimal, booleans as `true`/`false`, arrays comma-joined.
    pub fn query_opt<T: Serialize>(self, name: &str, value: Option<&T>) -> Result<Self> {
        match value {
            Some(v) => self.query(name, v),
            None => Ok(self),
        }
    }

    /// Adds a query parameter (see [`Request::query_opt`] for the rendering).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Result<Self> {
        let v = serde_json::to_value(value)
            .map_err(|e| Error::InvalidInput(format!("query parameter `{name}`: {e}")))?;
        let rendered = render(&v).ok_or_else(|| {
            Error::InvalidInput(format!("query parameter `{name}` cannot be an object"))
        })?;
        if let Some(s) = rendered {
            self.query.push((name.to_owned(), s));
        }
        Ok(self)
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidInput(format!("request body: {e}")))?;
        self.body = Body::Json(bytes);
        Ok(self)
    }

    /// Sets a form-urlencoded body from a serializable struct of scalar fields.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let v = serde_json::to_value(body)
            .map_err(|e| Error::InvalidInput(format!("request body: {e}")))?;
        let serde_json::Value::Object(map) = v else {
            return Err(Error::InvalidInput("form body must be an object".into()));
        };
        let mut pairs = Vec::with_capacity(map.len());
        for (k, v) in map {
            match render(&v) {
                Some(Some(s)) => pairs.push((k, s)),
                Some(None) => {}
                None => {
                    return Err(Error::InvalidInput(format!(
                        "form field `{k}` cannot be an object"
                    )));
                }
            }
        }
        self.body = Body::Form(pairs);
        Ok(self)
    }

    /// The value of the first query parameter called `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Replaces every query parameter called `name` with one holding `value`.
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value));
    }

    /// Sets a multipart body.
    pub fn multipart(mut self, body: Multipart) -> Self {
        self.body = Body::Multipart(body);
        self
    }
}

/// `None` = not representable (object); `Some(None)` = null, skip; `Some(Some(s))` = value.
fn render(v: &serde_json::Value) -> Option<Option<String>> {
    use serde_json::Value;
    Some(match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                if let Some(s) = render(item)? {
                    parts.push(s);
                }
            }
            Some(parts.join(","))
        }
        Value::Object(_) => return None,
    })
}

/// Percent-escapes one path segment (lead UUIDs and channel ids are caller-supplied strings).
pub fn segment(value: impl std::fmt::Display) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
