//! Rules that read the definition as written, before any model could drop or repair a part:
//! every `$ref` anywhere (extensions and examples included) resolves inside the document,
//! schema objects hold only the keywords the connector schema allows, and `enum` lists hold
//! each value once. What Swagger 2.0 validators reject in the text is found here even when the
//! typed reading would have left it out.

use connector_core::collections::HashSet;

use connector_core::{Pointer, local_target};
use serde_json::{Map, Value};

use connector_swagger2 as sw;

use crate::Ctx;
use crate::rules::*;

/// Runs the rules over the definition as written.
pub(crate) fn check(doc: &Value, ctx: &mut Ctx) {
    let mut at = Pointer::root();
    references(doc, doc, &mut at, ctx);
    let places = Places::of(doc);
    for (at, schema) in &places.schemas {
        walk_schema(schema, at, ctx);
    }
    for (at, parameter) in &places.parameters {
        items_enums(parameter, at, ctx);
    }
}

/// Every `$ref` whose value is a string must name a place inside the document.
fn references(doc: &Value, node: &Value, at: &mut Pointer, ctx: &mut Ctx) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if local_target(doc, r).is_none() {
                    let why = if r.starts_with('#') {
                        "names nothing in the document"
                    } else {
                        "points outside the document, which the platform does not read"
                    };
                    ctx.def(
                        REFERENCE_NOT_RESOLVED,
                        &at.push("$ref"),
                        format!("`$ref` `{r}` {why}"),
                    );
                }
            }
            for (k, v) in map {
                if v.is_object() || v.is_array() {
                    let len = at.push_in_place(k);
                    references(doc, v, at, ctx);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if v.is_object() || v.is_array() {
                    let len = at.index_in_place(i);
                    references(doc, v, at, ctx);
                    at.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// The places the raw rules look at, in document order.
#[derive(Default)]
struct Places<'a> {
    /// Schemas the document holds directly: definitions, body parameter and response
    /// schemas (shared and per operation), notification contents.
    schemas: Vec<(Pointer, &'a Value)>,
    /// Parameters and response headers, whose `enum` and `items` are checked like a schema's.
    parameters: Vec<(Pointer, &'a Value)>,
}

impl<'a> Places<'a> {
    fn of(doc: &'a Value) -> Self {
        let root = Pointer::root();
        let mut out = Places::default();
        for (name, s) in entries(doc.get("definitions")) {
            out.schemas.push((root.push("definitions").push(name), s));
        }
        for (name, p) in entries(doc.get("parameters")) {
            out.parameter(p, root.push("parameters").push(name));
        }
        for (name, r) in entries(doc.get("responses")) {
            out.response(r, &root.push("responses").push(name));
        }
        for (path, item) in entries(doc.get("paths")) {
            let item_at = root.push("paths").push(path);
            if let Some(content) = item.get("x-ms-notification-content") {
                out.schema_of(content, &item_at.push("x-ms-notification-content"));
            }
            for (i, p) in list(item.get("parameters")) {
                out.parameter(p, item_at.push("parameters").index(i));
            }
            for (method, op) in operations(item) {
                let op_at = item_at.push(method);
                for (i, p) in list(op.get("parameters")) {
                    out.parameter(p, op_at.push("parameters").index(i));
                }
                for (code, r) in entries(op.get("responses")) {
                    out.response(r, &op_at.push("responses").push(code));
                }
            }
        }
        out
    }

    /// The `schema` of a parameter, response or notification content.
    fn schema_of(&mut self, holder: &'a Value, at: &Pointer) {
        if let Some(s) = holder.get("schema") {
            self.schemas.push((at.push("schema"), s));
        }
    }

    fn parameter(&mut self, p: &'a Value, at: Pointer) {
        self.schema_of(p, &at);
        self.parameters.push((at, p));
    }

    fn response(&mut self, r: &'a Value, at: &Pointer) {
        self.schema_of(r, at);
        for (name, h) in entries(r.get("headers")) {
            self.parameters.push((at.push("headers").push(name), h));
        }
    }
}

/// A parameter's or header's `enum`, and its `items` chain's.
fn items_enums(node: &Value, at: &Pointer, ctx: &mut Ctx) {
    let mut node = node;
    let mut at = at.clone();
    // `items` chains deeper than this are not real (the loader bounds nesting anyway).
    for _ in 0..64 {
        if node.get("$ref").is_some() || node.get("schema").is_some() {
            return;
        }
        enum_values(node.get("enum"), &at, ctx);
        match node.get("items") {
            Some(items) if items.is_object() => {
                node = items;
                at = at.push("items");
            }
            _ => return,
        }
    }
}

/// One schema object and the schemas inside it.
fn walk_schema(schema: &Value, at: &Pointer, ctx: &mut Ctx) {
    let mut stack = vec![(at.clone(), schema)];
    while let Some((at, schema)) = stack.pop() {
        let Some(map) = schema.as_object() else {
            continue;
        };
        keywords(map, &at, ctx);
        enum_values(map.get("enum"), &at, ctx);
        for (at, child) in children(map, &at) {
            stack.push((at, child));
        }
    }
}

/// The schemas directly inside a schema: properties, items, allOf members, an
/// additionalProperties schema, and the members of keywords the platform rejects (so what is
/// inside them is checked too).
fn children<'a>(map: &'a Map<String, Value>, at: &Pointer) -> Vec<(Pointer, &'a Value)> {
    let mut out = Vec::new();
    for (name, s) in entries(map.get("properties")) {
        out.push((at.push("properties").push(name), s));
    }
    match map.get("items") {
        Some(Value::Array(items)) => {
            for (i, s) in items.iter().enumerate() {
                out.push((at.push("items").index(i), s));
            }
        }
        Some(s) => out.push((at.push("items"), s)),
        None => {}
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (i, s) in list(map.get(key)) {
            out.push((at.push(key).index(i), s));
        }
    }
    for key in ["additionalProperties", "not"] {
        if let Some(s) = map.get(key).filter(|s| s.is_object()) {
            out.push((at.push(key), s));
        }
    }
    out
}

/// Keywords the connector schema does not allow on a schema, and type lists.
fn keywords(map: &Map<String, Value>, at: &Pointer, ctx: &mut Ctx) {
    for key in map.keys() {
        if key.starts_with("x-") || sw::platform::SCHEMA_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        let why = match key.as_str() {
            "oneOf" | "anyOf" | "not" => "Swagger 2.0 and the connector schema have no unions",
            "nullable" => "Swagger 2.0 writes it `x-nullable`",
            _ => "the connector schema does not allow it on a schema",
        };
        ctx.def(
            SCHEMA_KEYWORD_NOT_ALLOWED,
            &at.push(key),
            format!("`{key}` is not a Swagger 2.0 schema keyword: {why}"),
        );
    }
    if let Some(Value::Array(_)) = map.get("type") {
        ctx.def(
            SCHEMA_TYPE_LIST_NOT_ALLOWED,
            &at.push("type"),
            "`type` is a list; Swagger 2.0 takes one type (with `x-nullable` for null)",
        );
    }
    if let Some(Value::Array(_)) = map.get("items") {
        ctx.def(
            SCHEMA_TYPE_LIST_NOT_ALLOWED,
            &at.push("items"),
            "`items` is a list; Swagger 2.0 takes one schema for all items",
        );
    }
}

/// An `enum` must hold each value once.
fn enum_values(list: Option<&Value>, at: &Pointer, ctx: &mut Ctx) {
    let Some(Value::Array(values)) = list else {
        return;
    };
    let mut seen = HashSet::default();
    for (i, v) in values.iter().enumerate() {
        if !seen.insert(v.to_string()) {
            ctx.def(
                ENUM_VALUES_NOT_UNIQUE,
                &at.push("enum").index(i),
                format!("enum value {v} is listed twice"),
            );
        }
    }
}

/// The entries of an object, or nothing.
fn entries(v: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    v.and_then(Value::as_object).into_iter().flatten()
}

/// The members of an array, numbered, or nothing.
fn list(v: Option<&Value>) -> impl Iterator<Item = (usize, &Value)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// A path item's operations.
fn operations(item: &Value) -> impl Iterator<Item = (&String, &Value)> {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
    entries(Some(item)).filter(|(k, _)| METHODS.contains(&k.as_str()))
}
