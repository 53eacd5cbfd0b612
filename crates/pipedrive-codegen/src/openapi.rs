//! Reader for the official OpenAPI contracts (`../shared/reference/openapi/*.yaml`).
//!
//! The v2 API has no plain-text reference: its contract is the only source. This module
//! turns each of its operations into the same [`Endpoint`] the v1 reference parser gives
//! (method, path with its version prefix, parameters by location, body type, success
//! status, example answer), so the rest of the generator serves both versions, plus what
//! only the contract says: operation id, tag, and the schema of the answer's `data`.
//!
//! The contract's schemas are written inline (no `$ref`), combined with `allOf`; a schema
//! is read after merging its `allOf` parts.
use crate::reference::{Endpoint, Location, Param};
use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// One operation of a contract.
#[derive(Debug, Clone)]
pub struct ContractOp {
    /// As the v1 reference parser would give it; `path` starts with the version prefix.
    pub endpoint: Endpoint,
    /// `operationId` (`getDeals`).
    pub operation_id: String,
    /// The first tag (`Deals`): the contract's resource family.
    pub tag: String,
    /// The schema of the success answer's `data` (`allOf` merged), when it has one.
    pub data_schema: Option<Value>,
}

/// Name (and `format`) of the parameter standing for a body that is a JSON list.
pub const WHOLE_BODY: &str = "items";

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// Every operation of the contract in `yaml`, paths prefixed with `prefix` (`/v2`), in
/// the document's order.
pub fn read(yaml: &str, prefix: &str) -> Result<Vec<ContractOp>, String> {
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| format!("not YAML: {e}"))?;
    let doc = docs.first().map(to_json).ok_or("an empty YAML document")?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the contract has no `paths`")?;
    let mut out = Vec::new();
    for (path, item) in paths {
        // Parameters declared for every method of a path.
        let shared = item.get("parameters").and_then(Value::as_array);
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            out.push(
                operation(prefix, path, method, op, shared)
                    .map_err(|e| format!("{} {path}: {e}", method.to_uppercase()))?,
            );
        }
    }
    Ok(out)
}

fn operation(
    prefix: &str,
    path: &str,
    method: &str,
    op: &Value,
    shared: Option<&Vec<Value>>,
) -> Result<ContractOp, String> {
    let text = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut params = Vec::new();
    let declared = shared.into_iter().flatten().chain(
        op.get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for p in declared {
        params.push(parameter(p)?);
    }
    let mut body_type = None;
    if let Some(content) = op
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
    {
        let (media, body) = content
            .iter()
            .next()
            .ok_or("a request body without content")?;
        body_type = Some(media.clone());
        let schema = merged(body.get("schema").unwrap_or(&Value::Null));
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            // A body that is a list as a whole: one required parameter standing for it.
            let mut items = typed(WHOLE_BODY, Location::Body, true, &schema);
            items.format = Some(WHOLE_BODY.to_owned());
            params.push(items);
        } else {
            params.extend(body_fields(&schema));
        }
    }
    let (status, answer) = success(op)?;
    let media = answer
        .and_then(|a| a.get("content"))
        .and_then(|c| c.get("application/json"));
    let example = media.and_then(|m| m.get("example")).map(Value::to_string);
    let data_schema = media
        .and_then(|m| m.get("schema"))
        .map(merged)
        .and_then(|s| s.get("properties").and_then(|p| p.get("data")).cloned())
        .map(|d| merged(&d));
    Ok(ContractOp {
        endpoint: Endpoint {
            method: method.to_uppercase(),
            path: format!("{prefix}{path}"),
            params,
            body_type,
            status: Some(status),
            example,
        },
        operation_id: text("operationId"),
        tag: op
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        data_schema,
    })
}

/// The lowest 2xx answer: its status and its description.
fn success(op: &Value) -> Result<(u16, Option<&Value>), String> {
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .ok_or("no responses")?;
    responses
        .iter()
        .filter_map(|(code, r)| Some((code.parse::<u16>().ok()?, r)))
        .filter(|(code, _)| (200..300).contains(code))
        .min_by_key(|(code, _)| *code)
        .map(|(code, r)| (code, Some(r)))
        .ok_or_else(|| "no 2xx response".to_owned())
}

/// A path or query parameter.
fn parameter(p: &Value) -> Result<Param, String> {
    let name = p
        .get("name")
        .and_then(Value::as_str)
        .ok_or("a parameter without a name")?;
    let location = match p.get("in").and_then(Value::as_str) {
        Some("path") => Location::Path,
        Some("query") => Location::Query,
        other => return Err(format!("parameter {name} is in {other:?}")),
    };
    let schema = merged(p.get("schema").unwrap_or(&Value::Null));
    let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
    let mut param = typed(name, location, required, &schema);
    // `style: form, explode: false`: a list written as one comma-separated value.
    if p.get("explode").and_then(Value::as_bool) == Some(false) {
        param.format = Some("csv".to_owned());
    }
    Ok(param)
}

/// The names an object schema lists as `required`.
pub fn required_keys(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The fields of a request body's object schema, as body parameters.
fn body_fields(schema: &Value) -> Vec<Param> {
    let required = required_keys(schema);
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            typed(
                name,
                Location::Body,
                required.contains(&name.as_str()),
                &merged(s),
            )
        })
        .collect()
}

/// A parameter from its schema, with the v1 reference's upper-case type names.
fn typed(name: &str, location: Location, required: bool, schema: &Value) -> Param {
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .map_or_else(String::new, str::to_uppercase);
    let values = schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    Param {
        name: name.to_owned(),
        location,
        ty,
        required,
        values,
        default: schema
            .get("default")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
        // Upper case, as the v1 reference writes formats (`DATE-TIME`, `UUID`).
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase),
        schema: Some(schema.clone()),
    }
}

/// A schema with its `allOf` parts merged into it, recursively: properties joined (a later
/// part wins), `required` lists joined, other keys from the first part that has them.
pub fn merged(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut absorb = |part: &Map<String, Value>, out: &mut Map<String, Value>| {
        for (k, v) in part {
            match k.as_str() {
                "allOf" => {}
                "properties" => {
                    if let Some(p) = v.as_object() {
                        properties.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                }
                "required" => {
                    for r in v.as_array().into_iter().flatten() {
                        if !required.contains(r) {
                            required.push(r.clone());
                        }
                    }
                }
                _ => {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    };
    absorb(obj, &mut out);
    for part in obj
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Value::Object(m) = merged(part) {
            absorb(&m, &mut out);
        }
    }
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

/// A YAML node as JSON (keys as text; YAML's other scalar keys written out).
fn to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(r) => r
            .parse::<serde_json::Number>()
            .map_or_else(|_| Value::String(r.clone()), Value::Number),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    // A two-operation contract in the shape of the official v2 one (facts only: paths,
    // names, types).
    const CONTRACT: &str = r#"
paths:
  /deals:
    get:
      summary: Get all deals
      operationId: getDeals
      tags: [Deals]
      parameters:
        - in: query
          name: limit
          schema: {type: integer, default: 100}
        - in: query
          name: status
          schema: {type: string, enum: [open, won, lost, deleted]}
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {type: boolean}
                  data:
                    type: array
                    items: {type: object}
              example: {success: true, data: [{id: 1, value: 1.5}]}
  '/deals/{id}':
    patch:
      operationId: updateDeal
      tags: [Deals]
      parameters:
        - {in: path, name: id, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - type: object
                  required: [title]
                  properties:
                    title: {type: string}
                - type: object
                  properties:
                    value: {type: number}
                    expected_close_date: {type: string, format: date}
      responses:
        '201':
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    allOf:
                      - type: object
                        properties: {id: {type: integer}}
                      - type: object
                        properties: {title: {type: string}}
"#;

    #[test]
    fn operations_read_as_endpoints_with_the_contract_facts() {
        let ops = read(CONTRACT, "/v2").unwrap();
        assert_eq!(ops.len(), 2);
        let list = &ops[0];
        assert_eq!(
            (list.endpoint.method.as_str(), list.endpoint.path.as_str()),
            ("GET", "/v2/deals")
        );
        assert_eq!(
            (list.operation_id.as_str(), list.tag.as_str()),
            ("getDeals", "Deals")
        );
        let limit = &list.endpoint.params[0];
        assert_eq!(
            (limit.ty.as_str(), limit.location, limit.default.as_deref()),
            ("INTEGER", Location::Query, Some("100"))
        );
        assert_eq!(
            list.endpoint.params[1].values,
            ["open", "won", "lost", "deleted"]
        );
        let example: Value =
            serde_json::from_str(list.endpoint.example.as_deref().unwrap()).unwrap();
        assert_eq!(example["data"][0]["value"], 1.5);
        assert_eq!(list.data_schema.as_ref().unwrap()["type"], "array");

        let patch = &ops[1];
        assert_eq!(patch.endpoint.status, Some(201));
        assert_eq!(
            patch.endpoint.body_type.as_deref(),
            Some("application/json")
        );
        let body: Vec<(&str, bool, &str)> = patch
            .endpoint
            .params
            .iter()
            .filter(|p| p.location == Location::Body)
            .map(|p| (p.name.as_str(), p.required, p.ty.as_str()))
            .collect();
        assert_eq!(
            body,
            [
                ("title", true, "STRING"),
                ("value", false, "NUMBER"),
                ("expected_close_date", false, "STRING")
            ]
        );
        let date = patch
            .endpoint
            .params
            .iter()
            .find(|p| p.name == "expected_close_date")
            .unwrap();
        assert_eq!(date.format.as_deref(), Some("DATE"));
        let data = patch.data_schema.as_ref().unwrap();
        let keys: Vec<&String> = data["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "title"]);
    }

    #[test]
    fn what_is_not_a_contract_is_an_error_naming_the_operation() {
        assert!(read("paths: [", "/v2").unwrap_err().starts_with("not YAML"));
        let no_2xx = "paths:\n  /x:\n    get:\n      responses:\n        '404': {}\n";
        assert_eq!(read(no_2xx, "/v2").unwrap_err(), "GET /x: no 2xx response");
        let bad_param = "paths:\n  /x:\n    get:\n      parameters: [{in: header, name: h}]\n      responses: {'200': {}}\n";
        assert!(
            read(bad_param, "/v2")
                .unwrap_err()
                .contains("parameter h is in Some(\"header\")")
        );
    }
}
