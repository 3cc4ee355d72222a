//! Reading Swagger 2.0 input into the typed model.
//!
//! Reading is lenient: an object that does not fit the model is dropped (or loses only the
//! offending key) with an error diagnostic naming its pointer, and the rest of the document
//! is kept. Keys that are neither Swagger fields nor `x-` extensions are dropped with a
//! warning. Only a root that is not an object fails the read.

use connector_core::{Diagnostics, Pointer};
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::codes;
use crate::model::*;
use crate::visit::{VisitMut, walk_document_mut};

/// Reads a loaded Swagger 2.0 document.
pub fn read_document(value: Value, diags: &mut Diagnostics) -> Document {
    let root = Pointer::root();
    let Value::Object(mut map) = value else {
        diags.error(
            codes::SW_INVALID_VALUE,
            &root,
            "the document root is not an object",
        );
        return Document::default();
    };
    let paths = map.shift_remove("paths");
    let definitions = map.shift_remove("definitions");
    let parameters = map.shift_remove("parameters");
    let responses = map.shift_remove("responses");
    let security_definitions = map.shift_remove("securityDefinitions");

    let mut doc: Document = lenient(map, &root, diags).unwrap_or_default();
    if doc.swagger.is_empty() {
        doc.swagger = "2.0".into();
    }

    let at = root.push("paths");
    if let Some(paths) = paths {
        match paths {
            Value::Object(paths) => {
                for (key, item) in paths {
                    let at = at.push(&key);
                    if key.starts_with("x-") {
                        doc.paths.extensions.insert(key, item);
                    } else if let Some(item) = read_path_item(item, &at, diags) {
                        doc.paths.paths.insert(key, item);
                    }
                }
            }
            _ => {
                diags.error(
                    codes::SW_INVALID_VALUE,
                    &at,
                    "`paths` is not an object; no operation was read",
                );
            }
        }
    }
    doc.definitions = read_named(definitions, &root.push("definitions"), diags);
    doc.parameters = read_named(parameters, &root.push("parameters"), diags);
    doc.responses = read_named(responses, &root.push("responses"), diags);
    doc.security_definitions = read_named(
        security_definitions,
        &root.push("securityDefinitions"),
        diags,
    );

    audit_document(&mut doc, diags);
    doc
}

fn read_named<T: DeserializeOwned>(
    value: Option<Value>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> IndexMap<String, T> {
    let mut out = IndexMap::new();
    match value {
        None => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if let Some(t) = lenient_value(v, &at.push(&k), diags) {
                    out.insert(k, t);
                }
            }
        }
        Some(_) => {
            diags.error(
                codes::SW_INVALID_VALUE,
                at,
                "expected an object; the section was dropped",
            );
        }
    }
    out
}

fn read_path_item(value: Value, at: &Pointer, diags: &mut Diagnostics) -> Option<PathItem> {
    let Value::Object(mut map) = value else {
        diags.error(
            codes::SW_INVALID_VALUE,
            at,
            "a path item must be an object; the path was dropped",
        );
        return None;
    };
    let mut methods = Vec::new();
    for m in METHODS {
        if let Some(op) = map.shift_remove(m) {
            methods.push((m, op));
        }
    }
    let parameters = map.shift_remove("parameters");
    let mut item: PathItem = lenient(map, at, diags)?;
    read_notification_schema(&mut item.extensions, at, diags);
    item.parameters =
        parameters.and_then(|p| read_parameter_list(p, &at.push("parameters"), diags));
    for (m, op) in methods {
        let op = read_operation(op, &at.push(m), diags);
        if let Some(slot) = item.operation_slot(m) {
            *slot = op;
        }
    }
    Some(item)
}

/// `x-ms-notification-content.schema` holds a schema as JSON: it is read as leniently as the
/// schemas of the document, so that the passes which walk schemas can walk it too.
fn read_notification_schema(ext: &mut Extensions, at: &Pointer, diags: &mut Diagnostics) {
    let Some(Value::Object(content)) = ext.get_mut("x-ms-notification-content") else {
        return;
    };
    let Some(slot) = content.get_mut("schema") else {
        return;
    };
    let here = at.push("x-ms-notification-content").push("schema");
    let read = lenient_value::<Schema>(std::mem::take(slot), &here, diags);
    match read.and_then(|s| serde_json::to_value(&s).ok()) {
        Some(v) => *slot = v,
        None => {
            content.shift_remove("schema");
        }
    }
}

fn read_operation(value: Value, at: &Pointer, diags: &mut Diagnostics) -> Option<Operation> {
    let Value::Object(mut map) = value else {
        diags.error(
            codes::SW_INVALID_VALUE,
            at,
            "an operation must be an object; it was dropped",
        );
        return None;
    };
    let parameters = map.shift_remove("parameters");
    let responses = map.shift_remove("responses");
    let mut op: Operation = lenient(map, at, diags)?;
    op.parameters = parameters.and_then(|p| read_parameter_list(p, &at.push("parameters"), diags));
    let rat = at.push("responses");
    match responses {
        Some(Value::Object(map)) => {
            for (code, r) in map {
                if code.starts_with("x-") {
                    op.responses.extensions.insert(code, r);
                } else if let Some(r) = lenient_value(r, &rat.push(&code), diags) {
                    op.responses.responses.insert(code, r);
                }
            }
        }
        Some(_) => {
            diags.error(
                codes::SW_INVALID_VALUE,
                &rat,
                "`responses` is not an object; it was dropped",
            );
        }
        None => {}
    }
    Some(op)
}

fn read_parameter_list(
    value: Value,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> Option<Vec<RefOr<Parameter>>> {
    let Value::Array(items) = value else {
        diags.error(
            codes::SW_INVALID_VALUE,
            at,
            "`parameters` is not an array; it was dropped",
        );
        return None;
    };
    Some(
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| lenient_value(p, &at.index(i), diags))
            .collect(),
    )
}

fn lenient_value<T: DeserializeOwned>(
    v: Value,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> Option<T> {
    match v {
        Value::Object(map) => lenient(map, at, diags),
        other => match serde_json::from_value(other) {
            Ok(t) => Some(t),
            Err(e) => {
                diags.error(codes::SW_INVALID_VALUE, at, format!("dropped: {e}"));
                None
            }
        },
    }
}

/// Parses an object; when it does not fit, drops the first key whose removal makes it fit.
fn lenient<T: DeserializeOwned>(
    map: Map<String, Value>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> Option<T> {
    // Read in place: only an object that does not fit is copied, once per key tried.
    let whole = Value::Object(map);
    let err = match T::deserialize(&whole) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    let Value::Object(map) = whole else {
        return None;
    };
    for key in map.keys() {
        let mut without = map.clone();
        without.shift_remove(key);
        if let Ok(t) = T::deserialize(&Value::Object(without)) {
            diags
                .error(
                    codes::SW_INVALID_VALUE,
                    &at.push(key),
                    format!("invalid value dropped: {err}"),
                )
                .help("fix the value in the input; the rest of the object was kept");
            return Some(t);
        }
    }
    diags.error(
        codes::SW_INVALID_VALUE,
        at,
        format!("the object could not be read and was dropped: {err}"),
    );
    None
}

/// Drops non-`x-` keys that ended up in `extensions` (fields Swagger 2.0 does not define).
fn audit(ext: &mut Extensions, at: &Pointer, diags: &mut Diagnostics) {
    if ext.keys().all(|k| k.starts_with("x-")) {
        return;
    }
    ext.retain(|k, _| {
        if k.starts_with("x-") {
            return true;
        }
        diags
            .warn(
                codes::SW_UNKNOWN_FIELD,
                &at.push(k),
                format!("`{k}` is not a Swagger 2.0 field here; it was dropped"),
            )
            .help("rename it with an `x-` prefix to keep it as an extension");
        false
    });
}

/// Moves the audit over every object of the document.
struct Audit<'a>(&'a mut Diagnostics);

impl VisitMut for Audit<'_> {
    fn extensions(&mut self, ext: &mut Extensions, at: &Pointer) {
        audit(ext, at, self.0);
    }
}

fn audit_document(doc: &mut Document, diags: &mut Diagnostics) {
    walk_document_mut(doc, &mut Audit(diags));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_keeps_extensions_in_order() {
        let mut d = Diagnostics::new();
        let doc = read_document(
            json!({"swagger": "2.0", "info": {"title": "T", "version": "1", "x-b": 1, "x-a": 2},
                   "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}, "x-ms-visibility": "important"}}},
                   "x-ms-connector-metadata": []}),
            &mut d,
        );
        assert!(d.is_empty(), "{:?}", d.as_slice());
        let keys: Vec<_> = doc.info.extensions.keys().cloned().collect();
        assert_eq!(keys, ["x-b", "x-a"]);
        let op = doc.paths.paths.get("/a").and_then(|p| p.get.as_ref());
        assert_eq!(
            op.and_then(|o| o.extensions.get("x-ms-visibility")),
            Some(&json!("important"))
        );
    }

    #[test]
    fn unknown_fields_are_dropped_with_a_warning_at_their_pointer() {
        let mut d = Diagnostics::new();
        let doc = read_document(
            json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
                   "definitions": {"A": {"type": "object", "nullable": true, "oneOf": []}}}),
            &mut d,
        );
        let ptrs: Vec<_> = d
            .as_slice()
            .iter()
            .map(|x| (x.code, x.pointer.as_str()))
            .collect();
        assert_eq!(
            ptrs,
            [
                (codes::SW_UNKNOWN_FIELD, "/definitions/A/nullable"),
                (codes::SW_UNKNOWN_FIELD, "/definitions/A/oneOf")
            ]
        );
        assert!(
            doc.definitions
                .get("A")
                .is_some_and(|s| s.extensions.is_empty())
        );
    }

    #[test]
    fn an_invalid_value_loses_only_its_key() {
        let mut d = Diagnostics::new();
        let doc = read_document(
            json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": 42,
                   "paths": {"/a": {"get": {"summary": ["x"], "responses": {}},
                                    "post": {"parameters": [{"name": "c", "in": "cookie"}, {"name": "q", "in": "query", "type": "string"}]}}}}),
            &mut d,
        );
        let ptrs: Vec<_> = d.as_slice().iter().map(|x| x.pointer.as_str()).collect();
        assert_eq!(
            ptrs,
            [
                "/host",
                "/paths/~1a/get/summary",
                "/paths/~1a/post/parameters/0"
            ]
        );
        assert_eq!(doc.host, None);
        let post = doc.paths.paths.get("/a").and_then(|p| p.post.as_ref());
        assert_eq!(
            post.and_then(|p| p.parameters.as_ref()).map(Vec::len),
            Some(1)
        );
    }
}
