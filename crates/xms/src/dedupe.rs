//! Inline schemas that repeat a definition word for word are replaced by a `$ref` to it, so
//! the definition carries no needless bulk (lowering inlines what a `$ref` into another part
//! of the document points at, and some specifications repeat their schemas).

use std::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

/// A cheap fingerprint to skip most schemas before serialising them.
fn shape(s: &sw::Schema) -> Option<(usize, String)> {
    let props = s.properties.as_ref()?;
    Some((
        props.len(),
        props.keys().next().cloned().unwrap_or_default(),
    ))
}

/// See the module docs.
pub fn shared_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut by_text: HashMap<String, String> = HashMap::new();
    let mut shapes: HashSet<(usize, String)> = HashSet::new();
    for (name, d) in &doc.definitions {
        let Some(sh) = shape(d) else { continue };
        if let Ok(text) = serde_json::to_string(d) {
            by_text.entry(text).or_insert_with(|| name.clone());
            shapes.insert(sh);
        }
    }
    if by_text.is_empty() {
        return;
    }
    let mut v = Shared {
        by_text: &by_text,
        shapes: &shapes,
        replaced: 0,
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
    shapes: &'a HashSet<(usize, String)>,
    replaced: usize,
}

impl sw::VisitMut for Shared<'_> {
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        // A definition itself stays.
        let root = at
            .as_str()
            .strip_prefix("/definitions/")
            .is_some_and(|rest| !rest.contains('/'));
        if root || s.reference.is_some() {
            return;
        }
        let Some(sh) = shape(s) else { return };
        if !self.shapes.contains(&sh) {
            return;
        }
        let Ok(text) = serde_json::to_string(&*s) else {
            return;
        };
        if let Some(name) = self.by_text.get(&text) {
            *s = sw::Schema {
                reference: Some(format!(
                    "#/definitions/{}",
                    connector_core::escape_token(name)
                )),
                ..sw::Schema::default()
            };
            self.replaced += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
