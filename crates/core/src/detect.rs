//! Input-format detection from a loaded document.

use std::fmt;

use serde_json::Value;

/// The kinds of API description the converter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// Swagger / OpenAPI 2.0 (`swagger: "2.0"`).
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x (3.2.x is read as 3.1 with a diagnostic).
    OpenApi31,
    /// Postman collection v2.0.0.
    PostmanV20,
    /// Postman collection v2.1.0.
    PostmanV21,
}

impl InputFormat {
    /// A human name such as "OpenAPI 3.1".
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Swagger2 => "Swagger 2.0",
            InputFormat::OpenApi30 => "OpenAPI 3.0",
            InputFormat::OpenApi31 => "OpenAPI 3.1",
            InputFormat::PostmanV20 => "Postman collection v2.0",
            InputFormat::PostmanV21 => "Postman collection v2.1",
        }
    }

    /// Whether this is a Postman collection.
    pub fn is_postman(self) -> bool {
        matches!(self, InputFormat::PostmanV20 | InputFormat::PostmanV21)
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why the format of a document could not be determined or is not supported.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DetectError {
    /// A version field exists but names a version this tool does not read.
    #[error("unsupported {what} version `{version}` at {pointer}: {hint}")]
    UnsupportedVersion {
        /// "OpenAPI", "Swagger" or "Postman collection".
        what: &'static str,
        /// The version found.
        version: String,
        /// Where it was found.
        pointer: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// Nothing identifies the document as an API description.
    #[error(
        "not an API description: no `openapi`, `swagger` or Postman `info.schema` field at the top level (supported: OpenAPI 3.0/3.1, Swagger 2.0, Postman collection v2.0/v2.1)"
    )]
    Unknown,
}

/// Determines the format of a loaded document from its version fields.
pub fn detect_format(doc: &Value) -> Result<InputFormat, DetectError> {
    if let Some(v) = doc.get("openapi") {
        let version = scalar_text(v);
        let mut parts = version.split('.');
        return match (parts.next(), parts.next()) {
            (Some("3"), Some("0")) => Ok(InputFormat::OpenApi30),
            (Some("3"), Some("1" | "2")) => Ok(InputFormat::OpenApi31),
            _ => Err(DetectError::UnsupportedVersion {
                what: "OpenAPI",
                version,
                pointer: "/openapi",
                hint: "supported versions are 3.0.x and 3.1.x",
            }),
        };
    }
    if let Some(v) = doc.get("swagger") {
        let version = scalar_text(v);
        return if version == "2.0" || version == "2" {
            Ok(InputFormat::Swagger2)
        } else {
            Err(DetectError::UnsupportedVersion {
                what: "Swagger",
                version,
                pointer: "/swagger",
                hint: "only Swagger 2.0 is supported; write the version as the string \"2.0\"",
            })
        };
    }
    if let Some(v) = doc.get("swaggerVersion") {
        return Err(DetectError::UnsupportedVersion {
            what: "Swagger",
            version: scalar_text(v),
            pointer: "/swaggerVersion",
            hint: "Swagger 1.x is not supported; convert it to Swagger 2.0 or OpenAPI 3 first",
        });
    }
    let schema = doc
        .get("info")
        .and_then(|i| i.get("schema"))
        .and_then(Value::as_str);
    if let Some(schema) = schema {
        if schema.contains("/v2.1") {
            return Ok(InputFormat::PostmanV21);
        }
        if schema.contains("/v2.0") {
            return Ok(InputFormat::PostmanV20);
        }
        if schema.contains("getpostman.com") || schema.contains("postman") {
            return Err(DetectError::UnsupportedVersion {
                what: "Postman collection",
                version: schema.to_owned(),
                pointer: "/info/schema",
                hint: "export the collection from Postman as Collection v2.1",
            });
        }
    }
    // Exports without `info.schema`: an older marker, or the unmistakable info + item shape.
    let info = doc.get("info");
    if let Some(marker) = info
        .and_then(|i| i.get("_postman_schema"))
        .and_then(Value::as_str)
    {
        return Ok(if marker.contains("2.0") {
            InputFormat::PostmanV20
        } else {
            InputFormat::PostmanV21
        });
    }
    if info.is_some_and(|i| i.get("_postman_id").is_some() || i.get("name").is_some())
        && doc.get("item").is_some_and(Value::is_array)
    {
        return Ok(InputFormat::PostmanV21);
    }
    if doc.get("requests").is_some_and(Value::is_array)
        && (doc.get("order").is_some() || doc.get("folders").is_some() || doc.get("name").is_some())
    {
        return Err(DetectError::UnsupportedVersion {
            what: "Postman collection",
            version: "1.0".into(),
            pointer: "/requests",
            hint: "Postman v1 collections are not supported; open it in Postman and export it as Collection v2.1",
        });
    }
    Err(DetectError::Unknown)
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn detects_every_supported_format() {
        assert_eq!(
            detect_format(&json!({"openapi": "3.0.3"})),
            Ok(InputFormat::OpenApi30)
        );
        assert_eq!(
            detect_format(&json!({"openapi": "3.1.0"})),
            Ok(InputFormat::OpenApi31)
        );
        assert_eq!(
            detect_format(&json!({"openapi": "3.2.0"})),
            Ok(InputFormat::OpenApi31)
        );
        assert_eq!(
            detect_format(&json!({"swagger": "2.0"})),
            Ok(InputFormat::Swagger2)
        );
        let v21 = json!({"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}});
        assert_eq!(detect_format(&v21), Ok(InputFormat::PostmanV21));
        let v20 = json!({"info": {"schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"}});
        assert_eq!(detect_format(&v20), Ok(InputFormat::PostmanV20));
    }

    #[test]
    fn refuses_unknown_versions_with_a_hint() {
        assert!(matches!(
            detect_format(&json!({"openapi": "4.0"})),
            Err(DetectError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            detect_format(&json!({"openapi": 3.0})),
            Ok(InputFormat::OpenApi30)
        ));
        assert!(matches!(
            detect_format(&json!({"swagger": "1.2"})),
            Err(DetectError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            detect_format(&json!({"swaggerVersion": "1.2"})),
            Err(DetectError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            detect_format(&json!({"name": "x", "order": [], "requests": []})),
            Err(DetectError::UnsupportedVersion {
                what: "Postman collection",
                ..
            })
        ));
        assert_eq!(
            detect_format(&json!({"hello": 1})),
            Err(DetectError::Unknown)
        );
    }
}
