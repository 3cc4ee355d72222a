//! Postman collection v2.0 / v2.1 input for connector-convert.
//!
//! The collection is read from a JSON value shape by shape (every form the schemas allow:
//! `url` as string or object, descriptions as string or object, auth attributes as lists or
//! maps), requests are gathered with their folder, inherited auth and saved examples, and
//! lowered to Swagger 2.0: host and base path from the URLs, folders → tags, `:id` and
//! `{{id}}` path segments → path parameters, sample values → parameter types, saved example
//! bodies → inferred response schemas. Credentials never reach the output.

pub mod codes;
mod lower;
mod model;
pub mod secrets;

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, InputFormat, Pointer};
use serde_json::Value;

pub use lower::Lowered;

/// Why a collection could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The document is not a Postman collection of a supported shape.
    #[error("not a readable Postman collection: {message} (at {pointer})")]
    Invalid {
        /// What is wrong.
        message: String,
        /// Where.
        pointer: String,
    },
    /// The collection holds no request to make an operation of.
    #[error("the collection holds no requests: there is nothing to convert")]
    NoRequests,
}

/// Values for `{{variables}}` given from outside the collection.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Variable values, applied over the collection's own (later entries win).
    pub variables: Vec<(String, String)>,
}

impl ReadOptions {
    /// Options with the given variable values.
    pub fn with_variables(mut self, variables: Vec<(String, String)>) -> Self {
        self.variables = variables;
        self
    }
}

/// Reads a Postman environment export (`{"values": [{"key", "value", "enabled"}]}`) into
/// variable values; disabled entries are skipped.
pub fn read_environment(doc: &Value) -> Result<Vec<(String, String)>, ReadError> {
    let Some(values) = doc.get("values").and_then(Value::as_array) else {
        return Err(ReadError::Invalid {
            message: "a Postman environment has a `values` array".into(),
            pointer: "/values".into(),
        });
    };
    Ok(values
        .iter()
        .filter(|v| v.get("enabled").and_then(Value::as_bool) != Some(false))
        .filter_map(|v| {
            Some((
                v.get("key")?.as_str()?.to_owned(),
                model::scalar_text(v.get("value")?),
            ))
        })
        .collect())
}

/// Reads a loaded Postman collection and lowers it to Swagger 2.0. The collection is let go
/// once its requests are gathered, before their schemas are inferred: the two were most of
/// the peak memory of a large collection.
pub fn read(
    doc: Value,
    format: InputFormat,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    if !doc.get("item").is_some_and(Value::is_array) {
        return Err(ReadError::Invalid {
            message: "a collection has an `item` array".into(),
            pointer: "/item".into(),
        });
    }
    let mut variables: IndexMap<String, String> = IndexMap::default();
    let mut secrets = secrets::Secrets::default();
    for (i, v) in doc
        .get("variable")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(key) = v.get("key").or_else(|| v.get("id")).and_then(Value::as_str) else {
            diags.warn(
                codes::PM_INVALID,
                &Pointer::root().push("variable").index(i),
                "a variable without a key was skipped",
            );
            continue;
        };
        if v.get("disabled").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let value = v.get("value").map(model::scalar_text).unwrap_or_default();
        if v.get("type").and_then(Value::as_str) == Some("secret")
            || secrets::is_credential_name(key)
        {
            secrets.add(&value);
        }
        variables.insert(key.to_owned(), value);
    }
    for (k, v) in &options.variables {
        if secrets::is_credential_name(k) {
            secrets.add(v);
        }
        variables.insert(k.clone(), v.clone());
    }
    let fixed = options.variables.iter().map(|(k, _)| k.clone()).collect();
    let collection = model::collect(&doc, format, &variables, &fixed, &mut secrets, diags);
    let large = collection.requests.len() >= connector_core::WORTH_A_THREAD;
    let info = match doc {
        Value::Object(mut map) => {
            let info = map.swap_remove("info");
            if large {
                connector_core::drop_aside(map);
            }
            info
        }
        _ => None,
    };
    let lowered = lower::lower(info.as_ref(), collection, &variables, &secrets, diags);
    if lowered.document.paths.paths.is_empty() {
        return Err(ReadError::NoRequests);
    }
    Ok(lowered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hosts(doc: Value, options: &ReadOptions) -> Vec<String> {
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::PostmanV21, options, &mut d).unwrap();
        vec![l.document.host.unwrap_or_default()]
    }

    #[test]
    fn folder_variables_scope_their_requests_and_options_win() {
        let doc = json!({"info": {"name": "x"}, "variable": [{"key": "h", "value": "a.example.com"}],
            "item": [{"name": "f", "variable": [{"key": "h", "value": "b.example.com"}],
                      "item": [{"name": "r", "request": {"method": "GET", "url": "https://{{h}}/x"}}]}]});
        assert_eq!(
            hosts(doc.clone(), &ReadOptions::default()),
            ["b.example.com"]
        );
        let opts =
            ReadOptions::default().with_variables(vec![("h".into(), "c.example.com".into())]);
        assert_eq!(hosts(doc, &opts), ["c.example.com"]);
    }

    #[test]
    fn a_collection_without_items_is_refused_with_a_pointer() {
        let mut d = Diagnostics::new();
        let e = read(
            json!({"info": {"name": "x"}}),
            InputFormat::PostmanV21,
            &ReadOptions::default(),
            &mut d,
        );
        assert!(matches!(e, Err(ReadError::Invalid { ref pointer, .. }) if pointer == "/item"));
    }

    #[test]
    fn query_and_header_names_keep_their_wire_form() {
        let doc = json!({"info": {"name": "x"}, "item": [{"name": "r", "request": {"method": "GET",
            "header": [{"key": "X-Req[0]", "value": "1"}, {"key": "", "value": "dropped"}],
            "url": "https://a.example.com/x?filter[kind]=a&sort.by=b"}}]});
        let mut d = Diagnostics::new();
        let l = read(
            doc,
            InputFormat::PostmanV21,
            &ReadOptions::default(),
            &mut d,
        )
        .unwrap();
        let op = l.document.paths.paths["/x"].get.clone().unwrap();
        let names: Vec<String> = op
            .parameters
            .unwrap()
            .iter()
            .filter_map(|p| p.as_item().map(|p| p.name.clone()))
            .collect();
        assert_eq!(names, ["filter[kind]", "sort.by", "X-Req[0]"]);
    }

    #[test]
    fn environments_give_enabled_values() {
        let env = json!({"values": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "enabled": false}]});
        assert_eq!(
            read_environment(&env).unwrap(),
            [("a".to_owned(), "1".to_owned())]
        );
        assert!(read_environment(&json!({})).is_err());
    }
}
