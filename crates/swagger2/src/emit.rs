//! The deterministic JSON emitter.

use serde::Serialize;

/// Writes a value as JSON: keys in model order (maps in insertion order), 2-space indent,
/// non-ASCII characters as they are, and a trailing newline.
///
/// Same value → same bytes. Serialising the models of this crate cannot fail (all keys are
/// strings); the `Result` is kept for foreign `Serialize` implementations.
pub fn to_json_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn emits_conventional_key_order_with_extensions_last() {
        let mut doc = Document {
            swagger: "2.0".into(),
            host: Some("api.example.com".into()),
            base_path: Some("/".into()),
            schemes: Some(vec!["https".into()]),
            ..Document::default()
        };
        doc.info.title = "T".into();
        doc.info.version = "1".into();
        doc.extensions
            .insert("x-ms-connector-metadata".into(), serde_json::json!([]));
        let s = to_json_string(&doc).unwrap_or_default();
        assert_eq!(
            s,
            "{\n  \"swagger\": \"2.0\",\n  \"info\": {\n    \"title\": \"T\",\n    \"version\": \"1\"\n  },\n  \"host\": \"api.example.com\",\n  \"basePath\": \"/\",\n  \"schemes\": [\n    \"https\"\n  ],\n  \"paths\": {},\n  \"x-ms-connector-metadata\": []\n}\n"
        );
    }
}
