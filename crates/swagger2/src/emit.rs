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

/// Writes what [`to_json_string`] returns into `writer`, without building the text (a large
/// definition's text is tens of megabytes). Give it a buffered writer.
pub fn write_json<T: Serialize + ?Sized, W: std::io::Write>(
    value: &T,
    mut writer: W,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut writer, value)?;
    writer.write_all(b"\n")
}

/// The length in bytes of what [`to_json_string`] writes, counted without building the text
/// (the size checks run on every conversion and split part).
pub fn json_len<T: Serialize + ?Sized>(value: &T) -> Result<usize, serde_json::Error> {
    let mut count = Count(0);
    serde_json::to_writer_pretty(&mut count, value)?;
    Ok(count.0 + 1)
}

/// The length in bytes of the value written as compact JSON (no white space between tokens):
/// the measure the platform's 1 MB definition limit is held to (a certified connector of
/// 1.1 MB as indented text and 716 KB compact was accepted).
pub fn compact_json_len<T: Serialize + ?Sized>(value: &T) -> Result<usize, serde_json::Error> {
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value)?;
    Ok(count.0)
}

/// A writer that only counts the bytes it is given.
struct Count(usize);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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
        assert_eq!(json_len(&doc).unwrap_or_default(), s.len());
        assert_eq!(
            s,
            "{\n  \"swagger\": \"2.0\",\n  \"info\": {\n    \"title\": \"T\",\n    \"version\": \"1\"\n  },\n  \"host\": \"api.example.com\",\n  \"basePath\": \"/\",\n  \"schemes\": [\n    \"https\"\n  ],\n  \"paths\": {},\n  \"x-ms-connector-metadata\": []\n}\n"
        );
    }
}
