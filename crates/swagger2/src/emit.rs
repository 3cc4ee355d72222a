//! The deterministic JSON emitter.

use serde::Serialize;

use crate::model::{Document, Schema, Section};

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

/// A definition's text as [`write_json`] writes it inside a document (under `definitions`),
/// made once to be written into many documents: the parts of a split share most of their
/// definitions, and writing them out again was a good part of a split's time.
#[derive(Clone, Debug)]
pub struct DefinitionText(String);

impl DefinitionText {
    /// The text of `schema` written as a definition.
    pub fn of(schema: &Schema) -> Result<Self, serde_json::Error> {
        let text = serde_json::to_string_pretty(schema)?;
        // A definition sits two levels in (the root, then `definitions`), so its lines after
        // the first take four more spaces. Every newline of the text is between tokens: one
        // inside a string is written as `\n`.
        Ok(DefinitionText(text.replace('\n', "\n    ")))
    }
}

/// Writes `doc` as [`write_json`] does, taking the text of each definition from `known` where
/// it has one instead of writing the definition out again. A text must be that of the
/// definition of the same name in `doc`, made by [`DefinitionText::of`]; the bytes written are
/// then the same as [`write_json`]'s.
pub fn write_json_with<'t, W: std::io::Write>(
    doc: &Document,
    known: &dyn Fn(&str) -> Option<&'t DefinitionText>,
    mut writer: W,
) -> std::io::Result<()> {
    let d = doc;
    let mut top = Members::new(&mut writer, b"  ");
    top.entry("swagger", &d.swagger)?;
    top.entry("info", &d.info)?;
    top.some("host", &d.host)?;
    top.some("basePath", &d.base_path)?;
    top.some("schemes", &d.schemes)?;
    top.some("consumes", &d.consumes)?;
    top.some("produces", &d.produces)?;
    top.entry("paths", &d.paths)?;
    if !d.definitions.is_omitted() {
        top.key("definitions")?;
        let mut definitions = Members::new(&mut *top.out, b"    ");
        for (name, schema) in d.definitions.iter() {
            match known(name) {
                Some(text) => {
                    definitions.key(name)?;
                    definitions.out.write_all(text.0.as_bytes())?;
                }
                None => definitions.entry(name, schema)?,
            }
        }
        definitions.end(b"  ")?;
    }
    top.section("parameters", &d.parameters)?;
    top.section("responses", &d.responses)?;
    top.section("securityDefinitions", &d.security_definitions)?;
    top.some("security", &d.security)?;
    top.some("tags", &d.tags)?;
    top.some("externalDocs", &d.external_docs)?;
    for (key, value) in &d.extensions {
        top.entry(key, value)?;
    }
    top.end(b"")?;
    writer.write_all(b"\n")
}

/// The members of an object written as serde_json's pretty printer writes them, at a fixed
/// indent: the fields of the document in the order, and with the omissions, of the model's own
/// `Serialize` (the tests compare the two on documents that set every field).
struct Members<'w, W: std::io::Write> {
    out: &'w mut W,
    indent: &'static [u8],
    first: bool,
}

impl<'w, W: std::io::Write> Members<'w, W> {
    fn new(out: &'w mut W, indent: &'static [u8]) -> Self {
        Members {
            out,
            indent,
            first: true,
        }
    }

    /// Opens the next member: the separator, the key and the colon.
    fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.out
            .write_all(if self.first { b"{\n" } else { b",\n" })?;
        self.first = false;
        self.out.write_all(self.indent)?;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ")
    }

    /// A member with its value, the value's lines indented to the member's.
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> std::io::Result<()> {
        self.key(key)?;
        let indented = Indented {
            out: &mut *self.out,
            indent: self.indent,
        };
        serde_json::to_writer_pretty(indented, value)?;
        Ok(())
    }

    /// A member when `value` is set.
    fn some<T: Serialize>(&mut self, key: &str, value: &Option<T>) -> std::io::Result<()> {
        match value {
            Some(v) => self.entry(key, v),
            None => Ok(()),
        }
    }

    /// A member unless the section is omitted.
    fn section<T: Serialize>(&mut self, key: &str, section: &Section<T>) -> std::io::Result<()> {
        if section.is_omitted() {
            return Ok(());
        }
        self.entry(key, section)
    }

    /// Closes the object, its brace at `outer` indent (`{}` when it has no member).
    fn end(self, outer: &[u8]) -> std::io::Result<()> {
        if self.first {
            return self.out.write_all(b"{}");
        }
        self.out.write_all(b"\n")?;
        self.out.write_all(outer)?;
        self.out.write_all(b"}")
    }
}

/// A writer that indents every line after the first by `indent`: serde_json's pretty printer
/// starts at the left margin, and a member's value continues at its member's indent.
struct Indented<'w, W: std::io::Write> {
    out: &'w mut W,
    indent: &'static [u8],
}

impl<W: std::io::Write> std::io::Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            let (line, tail) = rest.split_at(i + 1);
            self.out.write_all(line)?;
            self.out.write_all(self.indent)?;
            rest = tail;
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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
    use connector_core::collections::IndexMap;

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

    /// A document that sets every field the model writes, with definitions that nest,
    /// hold multi-line strings, empty objects and arrays.
    fn every_field() -> Document {
        let v = serde_json::json!({
            "swagger": "2.0",
            "info": {"title": "T", "version": "1", "description": "two\nlines", "x-ms-api-annotation": {"status": "Preview"}},
            "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "paths": {"/a": {"get": {"operationId": "A", "responses": {"200": {"description": "ok",
                "schema": {"$ref": "#/definitions/Pet"}}}}}},
            "definitions": {
                "Pet": {"type": "object", "description": "a pet\nwith \"quotes\"",
                    "properties": {"name": {"type": "string", "enum": ["a", "b"]},
                        "tags": {"type": "array", "items": {"type": "object", "properties": {}}},
                        "any": {}}, "required": ["name"], "x-ms-summary": "Pet"},
                "Empty": {},
                "List": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}
            },
            "parameters": {"q": {"name": "q", "in": "query", "type": "string"}},
            "responses": {"Gone": {"description": "gone"}},
            "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
            "security": [{"key": []}],
            "tags": [{"name": "pets"}],
            "externalDocs": {"url": "https://example.com/docs"},
            "x-ms-connector-metadata": [{"propertyName": "Website", "propertyValue": "https://example.com"}]
        });
        serde_json::from_value(v).unwrap_or_default()
    }

    fn written_with<'t>(
        doc: &Document,
        known: &dyn Fn(&str) -> Option<&'t DefinitionText>,
    ) -> String {
        let mut out = Vec::new();
        write_json_with(doc, known, &mut out).unwrap_or_default();
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn known_definition_texts_write_the_same_bytes() {
        let doc = every_field();
        assert_eq!(doc.definitions.len(), 3);
        assert!(doc.external_docs.is_some() && doc.security.is_some() && doc.tags.is_some());
        let expected = to_json_string(&doc).unwrap_or_default();
        assert_eq!(written_with(&doc, &|_| None), expected);
        let texts: IndexMap<String, DefinitionText> = doc
            .definitions
            .iter()
            .filter_map(|(n, s)| Some((n.clone(), DefinitionText::of(s).ok()?)))
            .collect();
        assert_eq!(texts.len(), 3);
        assert_eq!(written_with(&doc, &|n| texts.get(n)), expected);
        // Some known, some not.
        assert_eq!(
            written_with(&doc, &|n| texts.get(n).filter(|_| n == "Pet")),
            expected
        );
    }

    #[test]
    fn sections_written_empty_stay_and_omitted_ones_stay_out() {
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "paths": {}, "definitions": {}, "responses": {}});
        let doc: Document = serde_json::from_value(v).unwrap_or_default();
        let expected = to_json_string(&doc).unwrap_or_default();
        assert!(expected.contains("\"definitions\": {}"));
        assert!(!expected.contains("parameters"));
        assert_eq!(written_with(&doc, &|_| None), expected);
        let bare = Document::default();
        assert_eq!(
            written_with(&bare, &|_| None),
            to_json_string(&bare).unwrap_or_default()
        );
    }

    #[test]
    fn a_definition_text_is_its_schema_indented_two_levels() {
        let s: Schema = serde_json::from_value(serde_json::json!(
            {"type": "object", "properties": {"a": {"type": "string"}}}
        ))
        .unwrap_or_default();
        let text = DefinitionText::of(&s).map(|t| t.0);
        assert_eq!(
            text.ok().as_deref(),
            Some(
                "{\n      \"type\": \"object\",\n      \"properties\": {\n        \"a\": {\n          \"type\": \"string\"\n        }\n      }\n    }"
            )
        );
    }
}
