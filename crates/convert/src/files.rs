//! Checking package files as they are on disk: each file is read as written (a repeated key
//! keeps its last value, as the platform does), a file that cannot be read is a finding with
//! its line and column, and a field of apiProperties.json or settings.json that does not fit
//! its model is a finding on that field while the rest is still checked.

use connector_check::rules::{DUPLICATE_JSON_KEY, FILE_NOT_READABLE};
use connector_core::{Diagnostic, Limits, Pointer, Severity, load_document_last_wins};
use connector_swagger2 as sw;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::PROPERTIES_NOT_READABLE;

/// How many misfit fields of one file are set aside before the file is given up on.
const MAX_MISFITS: usize = 64;

/// Reads one package file into a value. A file that cannot be read gives a
/// `FileNotReadable` finding (with the parser's line and column) and `None`; each repeated
/// key gives a `DuplicateJsonKey` warning.
pub(crate) fn read(
    bytes: &[u8],
    file: &'static str,
    limits: &Limits,
    out: &mut Vec<Diagnostic>,
) -> Option<Value> {
    match load_document_last_wins(bytes, limits) {
        Ok((value, _, repeats)) => {
            for r in repeats {
                let object = if r.pointer == "/" { "" } else { &r.pointer };
                let at = Pointer::parse(object).push(&r.key);
                out.push(
                    Diagnostic::new(
                        DUPLICATE_JSON_KEY.severity,
                        DUPLICATE_JSON_KEY.id,
                        at.as_str(),
                        format!(
                            "key `{}` is written more than once in the object at {}; the last value is the one read",
                            r.key, r.pointer
                        ),
                    )
                    .with_file(file)
                    .with_help(DUPLICATE_JSON_KEY.hint),
                );
            }
            Some(value)
        }
        Err(e) => {
            let mut d = Diagnostic::new(
                FILE_NOT_READABLE.severity,
                FILE_NOT_READABLE.id,
                "",
                format!("{file} cannot be read: {}", without_place(&e)),
            )
            .with_file(file)
            .with_help(FILE_NOT_READABLE.hint);
            if let Some((line, column)) = e.line_column() {
                d = d.with_line_column(line, column.max(1));
            }
            out.push(d);
            None
        }
    }
}

/// The load error's message without its " at line L, column C" (the finding carries both).
fn without_place(e: &connector_core::LoadError) -> String {
    let text = e.to_string();
    match e.line_column() {
        Some((l, c)) => text.replace(&format!(" at line {l}, column {c}"), ""),
        None => text,
    }
}

/// Reads a value into its model, setting aside each field that does not fit (reported as
/// `PROPERTIES_NOT_READABLE` on that field) so the rest can still be checked. `None` when
/// the file's root itself does not fit.
pub(crate) fn fit<T: DeserializeOwned>(
    mut value: Value,
    file: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    for _ in 0..MAX_MISFITS {
        let e = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(model) => return Some(model),
            Err(e) => e,
        };
        let at = sw::nodes::pointer_of_path(e.path());
        let removed = sw::nodes::remove_node(&mut value, &at);
        let (severity, outcome) = if removed {
            (Severity::Warning, "it was left out and the rest checked")
        } else {
            (Severity::Error, "the file was not checked")
        };
        out.push(
            Diagnostic::new(
                severity,
                PROPERTIES_NOT_READABLE,
                at.as_str(),
                format!(
                    "{file}: this field does not fit its schema ({}); {outcome}",
                    e.inner()
                ),
            )
            .with_file(file),
        );
        if !removed {
            return None;
        }
    }
    None
}

/// The definition's typed reading, with what the Swagger 2.0 model could not hold reported
/// in the definition file.
pub(crate) fn definition(value: Value, out: &mut Vec<Diagnostic>) -> sw::Document {
    let mut diags = connector_core::Diagnostics::new();
    let doc = sw::read_document(value, &mut diags);
    out.extend(
        diags
            .into_vec()
            .into_iter()
            .map(|d| d.with_file(sw::API_DEFINITION_FILE)),
    );
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Model {
        name: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        size: Option<u32>,
    }

    #[test]
    fn a_misfit_field_is_set_aside_and_the_rest_read() {
        let mut out = Vec::new();
        let value =
            serde_json::json!({"name": "n", "tags": ["a", 1], "inner": {"url": ["x"], "size": 3}});
        let model: Option<Model> = fit(value, "f.json", &mut out);
        let model = model.expect("read");
        assert_eq!(model.tags, ["a"]);
        assert_eq!(model.inner.and_then(|i| i.size), Some(3));
        let places: Vec<_> = out
            .iter()
            .map(|d| (d.pointer.as_str(), d.severity))
            .collect();
        assert_eq!(
            places,
            [
                ("/tags/1", Severity::Warning),
                ("/inner/url", Severity::Warning)
            ]
        );
    }

    #[test]
    fn a_root_that_does_not_fit_is_an_error() {
        let mut out = Vec::new();
        let model: Option<Model> = fit(serde_json::json!({"tags": []}), "f.json", &mut out);
        assert!(model.is_none());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].severity, Severity::Error);
    }

    #[test]
    fn repeated_keys_and_syntax_errors_are_findings_with_places() {
        let mut out = Vec::new();
        let v = read(
            b"{\"a\": {\"b\": 1, \"b\": 2}}",
            "f.json",
            &Limits::default(),
            &mut out,
        );
        assert_eq!(v, Some(serde_json::json!({"a": {"b": 2}})));
        assert_eq!(out[0].code, "DuplicateJsonKey");
        assert_eq!(out[0].pointer, "/a/b");
        out.clear();
        assert_eq!(
            read(b"{\n\"a\": 1,\n}", "f.json", &Limits::default(), &mut out),
            None
        );
        assert_eq!(out[0].code, "FileNotReadable");
        assert_eq!((out[0].line, out[0].column), (Some(3), Some(1)));
        assert!(!out[0].message.contains("line 3"), "{}", out[0].message);
    }
}
