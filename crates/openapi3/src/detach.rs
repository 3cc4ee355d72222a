//! Schemas taken out of the document while `openapiv3` parses the rest.
//!
//! The lowering works on schemas as JSON values, so parsing them into `openapiv3`'s typed
//! model (and printing them back) only cost time and memory: on large specifications, schemas
//! are most of the document. Before the typed parse, every inline schema is replaced by a
//! reference to its own place (`{"$ref": "#/paths/~1pets/get/.../schema"}`) and the reusable
//! schemas are lifted out of `components`; afterwards they are put back, so the typed model's
//! schema references lead the lowering to the schemas as written. The lowering checks each
//! schema keyword's value itself (see `schema.rs`), which the typed parse used to do.

use connector_core::Pointer;
use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What [`detach`] took out, to be put back by [`reattach`].
#[derive(Default)]
pub(crate) struct Detached {
    /// Inline schemas, each with the escaped pointer of its place.
    inline: Vec<(String, Value)>,
    /// `components.schemas`, when it was an object.
    components: Option<Value>,
}

/// Takes the schemas out of `doc`, leaving a self-reference in each place.
pub(crate) fn detach(doc: &mut Value) -> Detached {
    let mut out = Detached::default();
    let root = Pointer::root();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        let at = root.push("paths");
        for (path, item) in paths.iter_mut() {
            path_item(item, &at.push(path), &mut out.inline);
        }
    }
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return out;
    };
    let at = root.push("components");
    if components.get("schemas").is_some_and(Value::is_object) {
        out.components = components.insert("schemas".into(), Value::Object(Map::new()));
    }
    type Walk = fn(&mut Value, &Pointer, &mut Vec<(String, Value)>);
    let sections: [(&str, Walk); 5] = [
        ("parameters", parameter),
        ("headers", parameter),
        ("requestBodies", with_content),
        ("responses", response),
        ("callbacks", callback),
    ];
    for (name, walk) in sections {
        if let Some(entries) = components.get_mut(name).and_then(Value::as_object_mut) {
            let sat = at.push(name);
            for (k, v) in entries.iter_mut() {
                walk(v, &sat.push(k), &mut out.inline);
            }
        }
    }
    out
}

/// Puts back what [`detach`] took out of the same document.
pub(crate) fn reattach(doc: &mut Value, detached: Detached) {
    if let Some(schemas) = detached.components {
        if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
            components.insert("schemas".into(), schemas);
        }
    }
    for (at, schema) in detached.inline {
        if let Some(place) = doc.pointer_mut(&at) {
            *place = schema;
        }
    }
}

/// A copy of one path item (at `at` in the document) with every inline schema replaced by a
/// reference to its place, as [`detach`] leaves it, but without touching the document: the
/// lowering reads each item while it holds the document for the schemas, and the copy leaves
/// the schemas out (most of an item's bytes) instead of copying them.
pub(crate) fn hollow_path_item(item: &Value, at: &Pointer) -> Value {
    hollow(item, Shape::PathItem, at)
}

/// A copy of one response (at `at`), hollowed as [`hollow_path_item`] hollows the responses
/// of an item.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn hollow_response(response: &Value, at: &Pointer) -> Value {
    hollow(response, Shape::Response, at)
}

/// What a value of a path item is, for [`hollow`]: where its schemas can be.
#[derive(Clone, Copy)]
enum Shape {
    PathItem,
    Operation,
    Parameters,
    /// A parameter or a header: a `schema` and a `content`.
    Parameter,
    /// A request body: a `content`.
    Body,
    Response,
    /// A map whose every member has the given shape.
    MapOf(Member),
    Media,
    Encoding,
    Schema,
}

/// The shape of each member of a map.
#[derive(Clone, Copy)]
enum Member {
    PathItem,
    Parameter,
    Media,
    Encoding,
    Response,
    Callback,
}

impl Member {
    fn shape(self) -> Shape {
        match self {
            Member::PathItem => Shape::PathItem,
            Member::Parameter => Shape::Parameter,
            Member::Media => Shape::Media,
            Member::Encoding => Shape::Encoding,
            Member::Response => Shape::Response,
            Member::Callback => Shape::MapOf(Member::PathItem),
        }
    }
}

/// The shape of the member `key` of an object of shape `of`; `None` where no schema can be
/// below it.
fn member_shape(of: Shape, key: &str) -> Option<Shape> {
    match (of, key) {
        (Shape::MapOf(m), _) => Some(m.shape()),
        (Shape::PathItem | Shape::Operation, "parameters") => Some(Shape::Parameters),
        (Shape::PathItem, method) if METHODS.contains(&method) => Some(Shape::Operation),
        (Shape::Operation, "requestBody") => Some(Shape::Body),
        (Shape::Operation, "responses") => Some(Shape::MapOf(Member::Response)),
        (Shape::Operation, "callbacks") => Some(Shape::MapOf(Member::Callback)),
        (Shape::Parameter | Shape::Media, "schema") => Some(Shape::Schema),
        (Shape::Parameter | Shape::Body | Shape::Response, "content") => {
            Some(Shape::MapOf(Member::Media))
        }
        (Shape::Response | Shape::Encoding, "headers") => Some(Shape::MapOf(Member::Parameter)),
        (Shape::Media, "encoding") => Some(Shape::MapOf(Member::Encoding)),
        _ => None,
    }
}

fn hollow(v: &Value, shape: Shape, at: &Pointer) -> Value {
    match (shape, v) {
        (Shape::Schema, Value::Object(map))
            if !(map.len() == 1 && map.get("$ref").is_some_and(Value::is_string)) =>
        {
            let mut self_ref = Map::new();
            self_ref.insert("$ref".into(), Value::String(format!("#{}", at.as_str())));
            Value::Object(self_ref)
        }
        (Shape::Parameters, Value::Array(list)) => Value::Array(
            list.iter()
                .enumerate()
                .map(|(i, p)| hollow(p, Shape::Parameter, &at.index(i)))
                .collect(),
        ),
        (Shape::Schema | Shape::Parameters, _) => v.clone(),
        (_, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, member)| {
                    let copy = match member_shape(shape, k) {
                        Some(inner) => hollow(member, inner, &at.push(k)),
                        None => member.clone(),
                    };
                    (k.clone(), copy)
                })
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// Replaces the schema at `at` by a reference to its own place (plain references stay).
fn schema(v: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    let Some(map) = v.as_object() else {
        // Not a schema object: left for the typed parse to reject and place.
        return;
    };
    if map.len() == 1 && map.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let mut self_ref = Map::new();
    self_ref.insert("$ref".into(), Value::String(format!("#{}", at.as_str())));
    let taken = std::mem::replace(v, Value::Object(self_ref));
    out.push((at.as_str().to_owned(), taken));
}

/// Takes the inline schemas out of one path item, which is at `at` in the document (the
/// self-references name places in the document).
fn path_item(item: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    list(item.get_mut("parameters"), &at.push("parameters"), out);
    for method in METHODS {
        if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
            let oat = at.push(method);
            list(op.get_mut("parameters"), &oat.push("parameters"), out);
            if let Some(body) = op.get_mut("requestBody") {
                with_content(body, &oat.push("requestBody"), out);
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                let rat = oat.push("responses");
                for (code, r) in responses.iter_mut() {
                    response(r, &rat.push(code), out);
                }
            }
            if let Some(callbacks) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
                let cat = oat.push("callbacks");
                for (name, c) in callbacks.iter_mut() {
                    callback(c, &cat.push(name), out);
                }
            }
        }
    }
}

fn list(params: Option<&mut Value>, at: &Pointer, out: &mut Vec<(String, Value)>) {
    if let Some(params) = params.and_then(Value::as_array_mut) {
        for (i, p) in params.iter_mut().enumerate() {
            parameter(p, &at.index(i), out);
        }
    }
}

/// A parameter or a header: a `schema`, or a `content` of media types.
fn parameter(p: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    if let Some(s) = p.get_mut("schema") {
        schema(s, &at.push("schema"), out);
    }
    with_content(p, at, out);
}

/// Anything with a `content` map of media types (request bodies, responses, parameters).
fn with_content(v: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    let Some(content) = v.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    let cat = at.push("content");
    for (mt, media) in content.iter_mut() {
        let mat = cat.push(mt);
        if let Some(s) = media.get_mut("schema") {
            schema(s, &mat.push("schema"), out);
        }
        if let Some(encoding) = media.get_mut("encoding").and_then(Value::as_object_mut) {
            let eat = mat.push("encoding");
            for (field, e) in encoding.iter_mut() {
                if let Some(headers) = e.get_mut("headers").and_then(Value::as_object_mut) {
                    let hat = eat.push(field).push("headers");
                    for (name, h) in headers.iter_mut() {
                        parameter(h, &hat.push(name), out);
                    }
                }
            }
        }
    }
}

fn response(r: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    if let Some(headers) = r.get_mut("headers").and_then(Value::as_object_mut) {
        let hat = at.push("headers");
        for (name, h) in headers.iter_mut() {
            parameter(h, &hat.push(name), out);
        }
    }
    with_content(r, at, out);
}

/// A callback: runtime expressions to path items.
fn callback(c: &mut Value, at: &Pointer, out: &mut Vec<(String, Value)>) {
    if let Some(c) = c.as_object_mut() {
        for (expression, item) in c.iter_mut() {
            path_item(item, &at.push(expression), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hollow_copy_is_what_detaching_leaves_of_the_item() {
        let item = json!({
            "parameters": "not a list",
            "trace": {"parameters": [{"name": "p", "in": "query",
                      "content": {"text/plain": {"schema": {"type": "string"}}}}]},
            "get": 7,
            "put": {
                "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"},
                    "encoding": {"f": {"headers": {"X-E": {"schema": {"type": "integer"}}}}}}}},
                "responses": {"default": {"headers": {"X-R": {"schema": true}},
                    "content": {"a/b": {"schema": {"$ref": "#/x"}}}}},
                "callbacks": {"c": {"u": {"get": {"parameters": [{"schema": {"minimum": 1}}]}}}}
            },
            "x-other": {"schema": {"type": "string"}}
        });
        let at = Pointer::root().push("paths").push("/p");
        let mut doc = json!({"paths": {"/p": item.clone()}});
        let detached = detach(&mut doc);
        assert_eq!(detached.inline.len(), 4);
        assert_eq!(hollow_path_item(&item, &at), doc["paths"]["/p"]);
    }

    #[test]
    fn schemas_leave_self_references_and_come_back_unchanged() {
        let doc = json!({
            "openapi": "3.0.3",
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"200": {
                        "headers": {"X-N": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
                    }},
                    "callbacks": {"cb": {"{$request.body#/url}": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}}}}}
                }
            }},
            "components": {
                "schemas": {"A": {"type": "object"}},
                "parameters": {"P": {"name": "p", "in": "query", "content": {"application/json": {"schema": {"type": "array"}}}}}
            }
        });
        let mut hollow = doc.clone();
        let detached = detach(&mut hollow);
        // A path item's hollow copy is what detaching leaves of it.
        let at = Pointer::root().push("paths").push("/a/{id}");
        assert_eq!(
            Some(&hollow_path_item(&doc["paths"]["/a/{id}"], &at)),
            hollow.pointer("/paths/~1a~1{id}")
        );
        assert_eq!(
            hollow.pointer("/paths/~1a~1{id}/parameters/0/schema"),
            Some(&json!({"$ref": "#/paths/~1a~1{id}/parameters/0/schema"}))
        );
        assert_eq!(
            hollow.pointer("/paths/~1a~1{id}/post/callbacks/cb/{$request.body#~1url}/post/requestBody/content/application~1json/schema"),
            Some(&json!({"$ref": "#/paths/~1a~1{id}/post/callbacks/cb/{$request.body#~1url}/post/requestBody/content/application~1json/schema"}))
        );
        // A plain reference is left as it is; the reusable schemas are lifted out.
        assert_eq!(
            hollow.pointer("/paths/~1a~1{id}/post/responses/200/content/application~1json/schema"),
            Some(&json!({"$ref": "#/components/schemas/A"}))
        );
        assert_eq!(hollow.pointer("/components/schemas"), Some(&json!({})));
        assert_eq!(detached.inline.len(), 5);
        reattach(&mut hollow, detached);
        assert_eq!(hollow, doc);
    }
}
