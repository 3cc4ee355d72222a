//! Inline schemas that repeat a definition word for word are replaced by a `$ref` to it, so
//! the definition carries no needless bulk (lowering inlines what a `$ref` into another part
//! of the document points at, and some specifications repeat their schemas). An inline
//! object of some size that appears more than once (a merged union used by a request and a
//! response, a specification that repeats itself) becomes a definition of its own, named
//! after the property that holds it, and every copy refers to it.

use connector_core::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

/// Error responses (not 2xx) written word for word on several operations, at least this long
/// (compact JSON), become one shared response (`#/responses/...`) that each refers to:
/// APIs repeat the same 401/404/429/500 with their rate-limit headers on every operation.
pub fn shared_responses(doc: &mut sw::Document, diags: &mut Diagnostics) {
    const MIN_BYTES: usize = 256;
    // Each long error response's place (path, method, status) and text, written once.
    let mut places: Vec<(usize, &'static str, String, String)> = Vec::new();
    let mut counts: HashMap<String, (usize, String)> = HashMap::default();
    let mut order: Vec<String> = Vec::new();
    for (i, item) in doc.paths.paths.values().enumerate() {
        for (method, op) in item.operations() {
            for (code, r) in &op.responses.responses {
                let Some(r) = r.as_item().filter(|_| !code.starts_with('2')) else {
                    continue;
                };
                let Ok(text) = serde_json::to_string(r) else {
                    continue;
                };
                if text.len() < MIN_BYTES {
                    continue;
                }
                let entry = counts.entry(text.clone()).or_insert_with(|| {
                    order.push(text.clone());
                    (0, response_name(code, &r.description))
                });
                entry.0 += 1;
                places.push((i, method, code.clone(), text));
            }
        }
    }
    let mut names: HashMap<String, String> = HashMap::default();
    for text in &order {
        let Some((count, name)) = counts.get(text) else {
            continue;
        };
        let Ok(response) = serde_json::from_str::<sw::Response>(text) else {
            continue;
        };
        if *count < 2 {
            continue;
        }
        let name = connector_core::unique_name(name, |n| !doc.responses.contains_key(n));
        doc.responses.insert(name.clone(), response);
        names.insert(text.clone(), name);
    }
    if names.is_empty() {
        return;
    }
    let mut replaced = 0;
    for (i, method, code, text) in places {
        let Some(name) = names.get(&text) else {
            continue;
        };
        let slot = doc
            .paths
            .paths
            .get_index_mut(i)
            .and_then(|(_, item)| item.operation_slot(method))
            .and_then(Option::as_mut)
            .and_then(|op| op.responses.responses.get_mut(&code));
        if let Some(slot) = slot {
            *slot = sw::RefOr::Ref(sw::response_ref(name));
            replaced += 1;
        }
    }
    diags.info(
        codes::XMS_SCHEMA_SHARED,
        &Pointer::root().push("responses"),
        format!(
            "{replaced} error responses repeated word for word now refer to {} shared response(s)",
            names.len()
        ),
    );
}

/// A shared response's name: its description in PascalCase when short ("Unauthorized"),
/// else `Response` and its status code.
fn response_name(code: &str, description: &str) -> String {
    let words = crate::pascal_case(description);
    if !words.is_empty() && words.len() <= 40 {
        words
    } else {
        format!("Response{}", crate::pascal_case(code))
    }
}

/// Inline objects at least this long (compact JSON) are worth a definition when repeated.
const HOIST_BYTES: usize = 512;

/// See the module docs.
pub fn shared_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    hoist_repeated(doc, diags);
    refer_to_definitions(doc, diags);
}

/// A cheap fingerprint of an object schema, to skip most schemas before writing them out:
/// a hash of its number of properties and its first (and, with `last`, last) property name.
/// Two schemas with different fingerprints are never the same text; two with the same one
/// are compared by their text, so a collision costs only a comparison.
fn fingerprint(s: &sw::Schema, last: bool) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let props = s.properties.as_ref()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    props.len().hash(&mut h);
    props.keys().next().hash(&mut h);
    if last {
        props.keys().last().hash(&mut h);
    }
    Some(h.finish())
}

/// Writes `s` as compact JSON into `buf` (emptied first) and returns the text.
fn text_of<'b>(s: &sw::Schema, buf: &'b mut Vec<u8>) -> Option<&'b str> {
    buf.clear();
    serde_json::to_writer(&mut *buf, s).ok()?;
    std::str::from_utf8(buf).ok()
}

/// Fingerprint → how many inline objects have it.
struct Fingerprints(HashMap<u64, usize>);

fn is_definition_root(at: &Pointer) -> bool {
    at.as_str()
        .strip_prefix("/definitions/")
        .is_some_and(|rest| !rest.contains('/'))
}

impl sw::VisitMut for Fingerprints {
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        if s.reference.is_some() || is_definition_root(at) {
            return;
        }
        if let Some(f) = fingerprint(s, true) {
            *self.0.entry(f).or_default() += 1;
        }
    }
}

/// An inline object's text seen more than once: how many times, a name from the first place,
/// and a copy of the schema (taken when it is seen a second time).
struct Repeat {
    count: usize,
    name: String,
    schema: Option<sw::Schema>,
}

/// Texts of inline objects whose fingerprint repeats, in the order first seen.
struct Repeats<'a> {
    fingerprints: &'a HashMap<u64, usize>,
    texts: HashMap<String, usize>,
    found: Vec<Repeat>,
    buf: Vec<u8>,
}

impl sw::VisitMut for Repeats<'_> {
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        if s.reference.is_some() || is_definition_root(at) {
            return;
        }
        let Some(f) = fingerprint(s, true) else {
            return;
        };
        if self.fingerprints.get(&f).is_none_or(|n| *n < 2) {
            return;
        }
        let Some(text) = text_of(s, &mut self.buf) else {
            return;
        };
        if text.len() < HOIST_BYTES {
            return;
        }
        match self.texts.get(text).and_then(|i| self.found.get_mut(*i)) {
            Some(seen) => {
                seen.count += 1;
                if seen.schema.is_none() {
                    seen.schema = Some(s.clone());
                }
            }
            None => {
                self.texts.insert(text.to_owned(), self.found.len());
                self.found.push(Repeat {
                    count: 1,
                    name: name_from_place(at),
                    schema: None,
                });
            }
        }
    }
}

/// A definition name from where a schema sits: the property holding it (`config` →
/// `Config`), the resource of the path for a body or response (`/bookings` → `Booking`),
/// `…Item` for array items.
fn name_from_place(at: &Pointer) -> String {
    let tokens: Vec<String> = at
        .as_str()
        .split('/')
        .map(connector_core::unescape_token)
        .collect();
    let mut suffix = "";
    let mut name = None;
    for (i, t) in tokens.iter().enumerate().rev() {
        if t == "items" {
            suffix = "Item";
            continue;
        }
        let after_properties = i
            .checked_sub(1)
            .and_then(|j| tokens.get(j))
            .is_some_and(|p| p == "properties");
        if after_properties {
            name = Some(t.clone());
            break;
        }
        if t == "schema" {
            // A body or response: named after the resource of its path (`/bookings` → Booking).
            name = tokens
                .get(2)
                .filter(|_| tokens.get(1).is_some_and(|p| p == "paths"))
                .and_then(|path| {
                    path.split('/')
                        .rev()
                        .find(|seg| !seg.is_empty() && !seg.starts_with('{'))
                        .map(crate::words::singular)
                });
            break;
        }
    }
    let base = crate::pascal_case(&name.unwrap_or_else(|| "Shared".into()));
    format!("{base}{suffix}")
}

/// Inline objects repeated word for word become definitions (see the module docs).
fn hoist_repeated(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut fingerprints = Fingerprints(HashMap::default());
    sw::walk_document_mut(doc, &mut fingerprints);
    if !fingerprints.0.values().any(|n| *n >= 2) {
        return;
    }
    let mut repeats = Repeats {
        fingerprints: &fingerprints.0,
        texts: HashMap::default(),
        found: Vec::new(),
        buf: Vec::new(),
    };
    sw::walk_document_mut(doc, &mut repeats);
    let mut added = 0;
    for repeat in repeats.found {
        // A copy was taken at the second sighting: only repeated texts have one.
        let Some(schema) = repeat.schema else {
            continue;
        };
        let name = connector_core::unique_name(&repeat.name, |n| !doc.definitions.contains_key(n));
        doc.definitions.insert(name, schema);
        added += 1;
    }
    if added > 0 {
        diags.info(
            codes::XMS_SCHEMA_SHARED,
            &Pointer::root().push("definitions"),
            format!("{added} inline object schema(s) repeated word for word became definitions"),
        );
    }
}

/// Inline schemas identical to a definition become references to it.
fn refer_to_definitions(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut by_text: HashMap<String, String> = HashMap::default();
    let mut shapes: HashSet<u64> = HashSet::default();
    let mut buf = Vec::new();
    for (name, d) in &doc.definitions {
        let Some(shape) = fingerprint(d, false) else {
            continue;
        };
        if let Some(text) = text_of(d, &mut buf) {
            if !by_text.contains_key(text) {
                by_text.insert(text.to_owned(), name.clone());
            }
            shapes.insert(shape);
        }
    }
    if by_text.is_empty() {
        return;
    }
    let mut v = Shared {
        by_text: &by_text,
        shapes: &shapes,
        replaced: 0,
        buf,
    };
    sw::walk_document_mut(doc, &mut v);
    if v.replaced > 0 {
        diags.info(
            codes::XMS_SCHEMA_SHARED,
            &Pointer::root().push("definitions"),
            format!(
                "{} inline schemas identical to a definition now refer to it",
                v.replaced
            ),
        );
    }
}

struct Shared<'a> {
    by_text: &'a HashMap<String, String>,
    shapes: &'a HashSet<u64>,
    replaced: usize,
    buf: Vec<u8>,
}

impl sw::VisitMut for Shared<'_> {
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        // A definition itself stays.
        if is_definition_root(at) || s.reference.is_some() {
            return;
        }
        let Some(shape) = fingerprint(s, false) else {
            return;
        };
        if !self.shapes.contains(&shape) {
            return;
        }
        let Some(text) = text_of(s, &mut self.buf) else {
            return;
        };
        if let Some(name) = self.by_text.get(text) {
            *s = sw::Schema::to_definition(name);
            self.replaced += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_inline_objects_become_one_definition() {
        let props: serde_json::Map<String, serde_json::Value> = (0..30)
            .map(|i| {
                (
                    format!("field{i}"),
                    json!({"type": "string", "description": "A field of the booking."}),
                )
            })
            .collect();
        let booking = json!({"type": "object", "properties": props});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/bookings": {"post": {
                "parameters": [{"name": "body", "in": "body", "schema": booking.clone()}],
                "responses": {"200": {"description": "ok", "schema": booking}}}}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_schemas(&mut doc, &mut diags);
        let op = doc.paths.paths["/bookings"].post.as_ref().unwrap();
        let body = op.parameters.as_ref().unwrap()[0]
            .as_item()
            .unwrap()
            .schema
            .clone()
            .unwrap();
        let out = op.responses.responses["200"]
            .as_item()
            .unwrap()
            .schema
            .clone()
            .unwrap();
        assert_eq!(body.reference.as_deref(), Some("#/definitions/Booking"));
        assert_eq!(out.reference, body.reference);
        assert_eq!(
            doc.definitions["Booking"]
                .properties
                .as_ref()
                .unwrap()
                .len(),
            30
        );
    }

    #[test]
    fn repeated_error_responses_are_shared() {
        let limit = json!({"type": "integer", "description": "The number of requests left in the current window before the API refuses more."});
        let error = json!({"description": "Unauthorized", "headers": {"ratelimit-remaining": limit.clone(), "ratelimit-limit": limit}});
        let op = json!({"responses": {"200": {"description": "ok"}, "401": error}});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": op.clone()}, "/b": {"get": op}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_responses(&mut doc, &mut diags);
        for path in ["/a", "/b"] {
            let responses = &doc.paths.paths[path]
                .get
                .as_ref()
                .unwrap()
                .responses
                .responses;
            assert!(
                matches!(&responses["401"], sw::RefOr::Ref(r) if r == "#/responses/Unauthorized")
            );
            assert!(responses["200"].as_item().is_some());
        }
        assert!(doc.responses.contains_key("Unauthorized"));
    }

    #[test]
    fn copies_of_a_definition_become_references() {
        let pet = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/pets": {"get": {"responses": {"200": {"description": "ok",
                "schema": {"type": "array", "items": pet.clone()}}}}}},
            "definitions": {"Pet": pet, "Other": {"type": "object",
                "properties": {"name": {"type": "integer"}}}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_schemas(&mut doc, &mut diags);
        let items = doc.paths.paths["/pets"]
            .get
            .as_ref()
            .unwrap()
            .responses
            .responses["200"]
            .as_item()
            .unwrap()
            .schema
            .as_ref()
            .unwrap()
            .items
            .as_ref()
            .unwrap()
            .reference
            .clone();
        assert_eq!(items.as_deref(), Some("#/definitions/Pet"));
        // Definitions themselves are untouched.
        assert!(doc.definitions["Pet"].reference.is_none());
        assert!(doc.definitions["Other"].properties.is_some());
    }
}
