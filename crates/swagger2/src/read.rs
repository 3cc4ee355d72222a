//! Reading Swagger 2.0 input into the typed model.
//!
//! Reading is lenient: an object that does not fit the model is dropped (or loses only the
//! offending key) with an error diagnostic naming its pointer, and the rest of the document
//! is kept. Keys that are neither Swagger fields nor `x-` extensions are dropped with a
//! warning. Only a root that is not an object fails the read.

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
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
) -> Section<T> {
    let mut out = Section::default();
    match value {
        None => {}
        Some(Value::Object(map)) => {
            out = Section::written(IndexMap::with_capacity_and_hasher(
                map.len(),
                Default::default(),
            ));
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
            *slot = op.map(Box::new);
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

/// How many misfit nodes one object may have repaired before it is given up on.
const MAX_REPAIRS: usize = 64;

/// Parses an object. When it does not fit, the smallest node that does not is repaired or
/// dropped (a list-valued `items` becomes its first schema; anything else goes), each with a
/// diagnostic at its pointer, and the rest of the object is kept. Only when no single node
/// can be blamed is a whole key (or, last, the object) dropped.
fn lenient<T: DeserializeOwned>(
    map: Map<String, Value>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> Option<T> {
    // Read in place: only an object that does not fit is repaired.
    let mut whole = Value::Object(map);
    let first = match T::deserialize(&whole) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    let mut budget = MAX_TRIES;
    for _ in 0..MAX_REPAIRS {
        let e = match serde_path_to_error::deserialize::<_, T>(&whole) {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        // The path stops at the first object read through a flattened field (a schema, say):
        // from there the node to blame is searched for.
        let start = crate::nodes::pointer_of_path(e.path());
        let Some(inner) = smallest_misfit::<T>(&whole, start, &mut budget) else {
            break;
        };
        if inner.as_str().is_empty() || !repair_node(&mut whole, &inner, at, e.inner(), diags) {
            break;
        }
    }
    drop_a_key(whole, at, &first, diags)
}

/// How many trial reads one object may cost in the search for its misfit nodes.
const MAX_TRIES: usize = 4096;

/// The deepest node under `start` to blame for `whole` not fitting `T`. At each node, the
/// child whose removal makes the whole fit is blamed; when no single child is, the children
/// that break it are found one by one (each added back to the node stripped of the others) and
/// the first is followed, the others set aside while the search goes on below it. The node
/// itself is blamed when nothing below it is, or when it is a value. `None` when the search
/// is over its budget.
fn smallest_misfit<T: DeserializeOwned>(
    whole: &Value,
    start: Pointer,
    budget: &mut usize,
) -> Option<Pointer> {
    let mut aside: Vec<Pointer> = Vec::new();
    // The reported path is a hint: it is where the search starts when taking that node out
    // is enough; with misfits elsewhere too, the search starts at the top.
    let mut at = start;
    if !at.as_str().is_empty() && !fits_without::<T>(whole, &[&at], budget)? {
        at = Pointer::root();
    }
    loop {
        let children: Vec<Pointer> = match connector_core::lookup(whole, at.as_str()) {
            Some(Value::Object(map)) => map.keys().map(|k| at.push(k)).collect(),
            Some(Value::Array(items)) => (0..items.len()).map(|i| at.index(i)).collect(),
            _ => return Some(at),
        };
        let culprits = culprits::<T>(whole, &aside, &children, budget)?;
        let mut culprits = culprits.into_iter();
        let Some(first) = culprits.next() else {
            return Some(at);
        };
        aside.extend(culprits);
        at = first;
    }
}

/// The children that keep `whole` (less `aside`) from fitting `T`: the one child whose
/// removal makes it fit, or else each child that breaks the node once the others that break
/// it are left out. Empty when the node is to blame itself.
fn culprits<T: DeserializeOwned>(
    whole: &Value,
    aside: &[Pointer],
    children: &[Pointer],
    budget: &mut usize,
) -> Option<Vec<Pointer>> {
    let without = |extra: &[&Pointer], budget: &mut usize| {
        let removed: Vec<&Pointer> = aside.iter().chain(extra.iter().copied()).collect();
        fits_without::<T>(whole, &removed, budget)
    };
    for child in children {
        if without(&[child], budget)? {
            return Some(vec![child.clone()]);
        }
    }
    if !without(&children.iter().collect::<Vec<_>>(), budget)? {
        return Some(Vec::new());
    }
    let mut breaking: Vec<Pointer> = Vec::new();
    for (i, child) in children.iter().enumerate() {
        // The node with the children kept so far and this one.
        let left_out: Vec<&Pointer> = children.iter().skip(i + 1).chain(breaking.iter()).collect();
        if !without(&left_out, budget)? {
            breaking.push(child.clone());
        }
    }
    Some(breaking)
}

/// Whether `whole` fits `T` once the nodes at `removed` are taken out. Deeper and later nodes
/// go first, so that taking one out does not move another.
fn fits_without<T: DeserializeOwned>(
    whole: &Value,
    removed: &[&Pointer],
    budget: &mut usize,
) -> Option<bool> {
    *budget = budget.checked_sub(1)?;
    let mut order: Vec<Vec<Token>> = removed.iter().map(|p| tokens(p)).collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut trial = whole.clone();
    for path in order {
        let at = path.iter().fold(Pointer::root(), |at, t| match t {
            Token::Index(i) => at.index(*i),
            Token::Key(k) => at.push(k),
        });
        if !crate::nodes::remove_node(&mut trial, &at) {
            return Some(false);
        }
    }
    Some(T::deserialize(&trial).is_ok())
}

/// A pointer token, ordered with indices as numbers.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Token {
    Index(usize),
    Key(String),
}

fn tokens(p: &Pointer) -> Vec<Token> {
    p.as_str()
        .split('/')
        .skip(1)
        .map(|t| match t.parse::<usize>() {
            Ok(i) => Token::Index(i),
            Err(_) => Token::Key(connector_core::unescape_token(t)),
        })
        .collect()
}

/// Repairs or drops the node at `inner` (a pointer inside the object at `at`) that failed
/// with `error`.
fn repair_node(
    whole: &mut Value,
    inner: &Pointer,
    at: &Pointer,
    error: &serde_json::Error,
    diags: &mut Diagnostics,
) -> bool {
    let place = Pointer::parse(&format!("{}{}", at.as_str(), inner.as_str()));
    let is_items = crate::nodes::split_last(inner).is_some_and(|(_, last)| last == "items");
    if is_items {
        if let Some(slot) = whole.pointer_mut(inner.as_str()) {
            if let Value::Array(list) = slot {
                let count = list.len();
                *slot = one_items_schema(std::mem::take(list));
                diags
                    .warn(
                        codes::SW_INVALID_VALUE,
                        &place,
                        format!("`items` is a list of {count} schemas; Swagger 2.0 takes one, and the first that is not `type: null` was kept (`x-nullable` stands for a null one)"),
                    )
                    .help("describe the items with one schema");
                return true;
            }
        }
    }
    if !crate::nodes::remove_node(whole, inner) {
        return false;
    }
    diags
        .error(
            codes::SW_INVALID_VALUE,
            &place,
            format!("invalid value dropped: {error}"),
        )
        .help("fix the value in the input; the rest of the object was kept");
    true
}

/// One schema for a list-valued `items`: the first that is not `type: null`, nullable when
/// the list had a null one; an empty schema for an empty list.
fn one_items_schema(list: Vec<Value>) -> Value {
    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    let nullable = list.iter().any(is_null);
    let mut chosen = list
        .into_iter()
        .find(|v| !is_null(v))
        .unwrap_or_else(|| Value::Object(Map::new()));
    if let (true, Value::Object(map)) = (nullable, &mut chosen) {
        map.insert("x-nullable".into(), Value::Bool(true));
    }
    chosen
}

/// The fallback: drops the first key whose removal makes the object fit, or the object.
fn drop_a_key<T: DeserializeOwned>(
    whole: Value,
    at: &Pointer,
    err: &serde_json::Error,
    diags: &mut Diagnostics,
) -> Option<T> {
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
    use connector_core::Severity;
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
    fn a_misfit_deep_in_a_schema_costs_only_itself() {
        let mut d = Diagnostics::new();
        let doc = read_document(
            json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
                   "definitions": {"A": {"type": "object", "required": ["a", "b", "c"], "properties": {
                       "a": {"type": "array", "items": [{"type": "null"}, {"type": "string"}]},
                       "b": {"type": "array", "items": [{"type": "integer"}]},
                       "c": {"type": "string", "maxLength": "ten"},
                       "d": {"type": "string"}}}}}),
            &mut d,
        );
        let found: Vec<_> = d
            .as_slice()
            .iter()
            .map(|x| (x.severity, x.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Warning, "/definitions/A/properties/a/items"),
                (Severity::Warning, "/definitions/A/properties/b/items"),
                (Severity::Error, "/definitions/A/properties/c/maxLength"),
            ]
        );
        let a = doc.definitions.get("A").and_then(|s| s.properties.as_ref());
        let names: Vec<_> = a.into_iter().flat_map(|p| p.keys()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        let items = a.and_then(|p| p.get("a")).and_then(|s| s.items.as_deref());
        assert_eq!(
            items.map(|i| (i.type_.clone(), i.extensions.get("x-nullable").cloned())),
            Some((Some(SchemaType::One("string".into())), Some(json!(true))))
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
