//! Body schemas within the platform's count: a body may hold at most
//! [`sw::platform::MAX_BODY_SCHEMAS`] schemas with references expanded. A bigger body schema
//! is inlined down to the deepest level that fits, and what lies below becomes free-form
//! (typed but without properties), reported per operation.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use sw::platform::{MAX_BODY_SCHEMAS, count_schemas, count_to_depth};

use crate::codes;

/// Trims every body schema that holds more schemas than the platform takes.
pub fn body_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut replacements: Vec<(String, &'static str, usize, sw::Schema, usize, usize)> = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in item.operations() {
            for (i, p) in op.parameters.iter().flatten().enumerate() {
                let Some(p) = p.as_item() else { continue };
                let Some(s) = p
                    .schema
                    .as_ref()
                    .filter(|_| p.location == sw::ParameterLocation::Body)
                else {
                    continue;
                };
                if let Some((trimmed, total, depth)) = trim(doc, s) {
                    replacements.push((path.clone(), method, i, trimmed, total, depth));
                }
            }
        }
    }
    for (path, method, i, trimmed, total, depth) in replacements {
        let at = Pointer::root()
            .push("paths")
            .push(&path)
            .push(method)
            .push("parameters")
            .index(i)
            .push("schema");
        let slot = doc
            .paths
            .paths
            .get_mut(&path)
            .and_then(|item| item.operation_slot(method))
            .and_then(|op| op.as_mut())
            .and_then(|op| op.parameters.as_mut())
            .and_then(|ps| ps.get_mut(i))
            .and_then(sw::RefOr::as_item_mut);
        if let Some(p) = slot {
            p.schema = Some(trimmed);
            diags
                .warn(
                    codes::XMS_BODY_SCHEMA_TRIMMED,
                    &at,
                    format!(
                        "the body schema holds {} schemas with references expanded; the platform takes {MAX_BODY_SCHEMAS}: it is inlined {depth} levels deep and deeper values are free-form",
                        if total > MAX_BODY_SCHEMAS { format!("more than {MAX_BODY_SCHEMAS}") } else { total.to_string() }
                    ),
                )
                .help("send the deeper parts as JSON text, or split the operation by use case");
        }
    }
}

/// The trimmed copy of `s`, the count before and the depth kept; `None` when `s` fits.
fn trim(doc: &sw::Document, s: &sw::Schema) -> Option<(sw::Schema, usize, usize)> {
    let total = count_schemas(doc, s, MAX_BODY_SCHEMAS + 1);
    if total <= MAX_BODY_SCHEMAS {
        return None;
    }
    // The deepest inlining that fits (leaf arrays add an `items` each, so count the result).
    let mut best = expand(doc, s, 0, &mut Vec::new());
    let mut depth = 0;
    while depth < 64 && count_to_depth(doc, s, depth + 1, MAX_BODY_SCHEMAS + 1) <= MAX_BODY_SCHEMAS
    {
        let next = expand(doc, s, depth + 1, &mut Vec::new());
        if count_schemas(doc, &next, MAX_BODY_SCHEMAS + 1) > MAX_BODY_SCHEMAS {
            break;
        }
        best = next;
        depth += 1;
    }
    Some((best, total, depth))
}

/// A copy of a schema node without its sub-schemas.
fn shallow(s: &sw::Schema) -> sw::Schema {
    sw::Schema {
        reference: None,
        type_: s.type_.clone(),
        format: s.format.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        validation: s.validation.clone(),
        required: None,
        items: None,
        all_of: None,
        properties: None,
        additional_properties: match &s.additional_properties {
            Some(sw::AdditionalProperties::Bool(b)) => Some(sw::AdditionalProperties::Bool(*b)),
            _ => None,
        },
        max_properties: s.max_properties,
        min_properties: s.min_properties,
        discriminator: None,
        read_only: s.read_only,
        xml: s.xml.clone(),
        external_docs: s.external_docs.clone(),
        example: None,
        extensions: s.extensions.clone(),
    }
}

fn expand<'a>(
    doc: &'a sw::Document,
    s: &'a sw::Schema,
    depth: usize,
    chain: &mut Vec<&'a str>,
) -> sw::Schema {
    let target = s
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"));
    if let Some(name) = target {
        if chain.contains(&name) {
            // A recursive reference: free-form here.
            return sw::Schema {
                type_: Some(sw::SchemaType::One("object".into())),
                description: Some(format!("A {name} (recursive; not described here).")),
                ..sw::Schema::default()
            };
        }
        if let Some(def) = doc.definitions.get(name) {
            chain.push(name);
            let out = expand(doc, def, depth, chain);
            chain.pop();
            return out;
        }
        return s.clone();
    }
    let mut out = shallow(s);
    let is_array = s.type_.as_ref().is_some_and(|t| t.is("array"));
    if depth == 0 {
        if is_array {
            out.items = Some(Box::new(sw::Schema::default()));
        }
        return out;
    }
    out.required = s.required.clone();
    out.discriminator = s.discriminator.clone();
    out.example = s.example.clone();
    if let Some(items) = &s.items {
        out.items = Some(Box::new(expand(doc, items, depth - 1, chain)));
    }
    if let Some(parts) = &s.all_of {
        out.all_of = Some(
            parts
                .iter()
                .map(|p| expand(doc, p, depth - 1, chain))
                .collect(),
        );
    }
    if let Some(props) = &s.properties {
        out.properties = Some(
            props
                .iter()
                .map(|(k, v)| (k.clone(), expand(doc, v, depth - 1, chain)))
                .collect(),
        );
    }
    if let Some(sw::AdditionalProperties::Schema(a)) = &s.additional_properties {
        out.additional_properties = Some(sw::AdditionalProperties::Schema(Box::new(expand(
            doc,
            a,
            depth - 1,
            chain,
        ))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_body_over_the_limit_is_trimmed_to_fit() {
        // A definition with 40 properties, each an object of 40 properties: 1 + 40 + 1600 nodes.
        let inner: serde_json::Map<String, serde_json::Value> = (0..40)
            .map(|i| (format!("p{i}"), json!({"type": "string"})))
            .collect();
        let outer: serde_json::Map<String, serde_json::Value> = (0..40)
            .map(|i| (format!("o{i}"), json!({"$ref": "#/definitions/Inner"})))
            .collect();
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"post": {"parameters": [{"name": "body", "in": "body",
                "schema": {"$ref": "#/definitions/Outer"}}], "responses": {"200": {"description": "ok"}}}}},
            "definitions": {"Inner": {"type": "object", "properties": inner},
                "Outer": {"type": "object", "properties": outer}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        body_schemas(&mut doc, &mut diags);
        let body = doc.paths.paths["/x"]
            .post
            .as_ref()
            .unwrap()
            .parameters
            .as_ref()
            .unwrap()[0]
            .as_item()
            .unwrap()
            .schema
            .clone()
            .unwrap();
        let n = count_schemas(&doc, &body, 10_000);
        assert!(n <= MAX_BODY_SCHEMAS, "{n}");
        assert_eq!(body.properties.as_ref().unwrap().len(), 40);
        assert!(
            diags
                .as_slice()
                .iter()
                .any(|d| d.code == codes::XMS_BODY_SCHEMA_TRIMMED)
        );
    }
}
