//! Body schemas within the platform's count: a body may hold at most
//! [`sw::platform::MAX_BODY_SCHEMAS`] schemas with references expanded. A bigger body schema
//! is cut at the deepest level that fits, and what lies below becomes free-form (typed but
//! without properties), reported per operation. The cut is made in shared definitions: a
//! definition whose subtree reaches below the cut gets one trimmed copy per depth
//! (`Order_cut3`), referenced by every body that needs it, and a subtree that fits stays a
//! reference to the original definition, so operations with the same body share it instead
//! of each holding an inline copy.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use sw::platform::{MAX_BODY_SCHEMAS, count_schemas, count_to_depth};

use crate::codes;

/// Trims every body schema that holds more schemas than the platform takes.
pub fn body_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut replacements: Vec<(String, &'static str, usize, sw::Schema, usize, usize)> = Vec::new();
    let mut cuts = Cuts::default();
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
                if let Some((total, depth)) = fitting_depth(doc, s) {
                    let trimmed = cuts.cut(doc, s, depth, &mut Vec::new());
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
            p.schema = Some(Box::new(trimmed));
            diags
                .warn(
                    codes::XMS_BODY_SCHEMA_TRIMMED,
                    &at,
                    format!(
                        "the body schema holds {} schemas with references expanded; the platform takes {MAX_BODY_SCHEMAS}: it is cut {depth} levels deep and deeper values are free-form",
                        if total > MAX_BODY_SCHEMAS { format!("more than {MAX_BODY_SCHEMAS}") } else { total.to_string() }
                    ),
                )
                .help("send the deeper parts as JSON text, or split the operation by use case");
        }
    }
    for (name, schema) in cuts.made {
        doc.definitions.insert(name, schema);
    }
}

/// The count before and the deepest level that fits, for a body over the limit.
fn fitting_depth(doc: &sw::Document, s: &sw::Schema) -> Option<(usize, usize)> {
    let total = count_schemas(doc, s, MAX_BODY_SCHEMAS + 1);
    if total <= MAX_BODY_SCHEMAS {
        return None;
    }
    // The deepest cut that fits (leaf arrays add an `items` each, so count the result).
    let mut depth = 0;
    while depth < 64 && count_to_depth(doc, s, depth + 1, MAX_BODY_SCHEMAS + 1) <= MAX_BODY_SCHEMAS
    {
        let mut n = 0;
        count_expanded(doc, s, depth + 1, &mut Vec::new(), &mut n);
        if n > MAX_BODY_SCHEMAS {
            break;
        }
        depth += 1;
    }
    Some((total, depth))
}

/// Definitions trimmed at a depth, made once and shared by every body that needs them.
#[derive(Default)]
struct Cuts {
    /// New definitions, in the order they were made.
    made: connector_core::collections::IndexMap<String, sw::Schema>,
    /// (definition, depth) → the name of its trimmed copy.
    names: connector_core::collections::HashMap<(String, usize), String>,
}

impl Cuts {
    /// `s` cut `depth` levels below: a reference whose subtree fits stays as it is, one that
    /// reaches deeper points at a shared trimmed copy of its definition.
    fn cut<'a>(
        &mut self,
        doc: &'a sw::Document,
        s: &'a sw::Schema,
        depth: usize,
        chain: &mut Vec<&'a str>,
    ) -> sw::Schema {
        if let Some(name) = definition_name(s) {
            let Some(def) = doc.definitions.get(name) else {
                return s.clone();
            };
            if chain.contains(&name) {
                return recursive(name);
            }
            if reaches_no_deeper(doc, def, depth) {
                return s.clone();
            }
            let key = (name.to_owned(), depth);
            if let Some(made) = self.names.get(&key) {
                return sw::Schema::to_definition(made);
            }
            let made = connector_core::unique_name(&format!("{name}_cut{depth}"), |n| {
                !doc.definitions.contains_key(n) && !self.made.contains_key(n)
            });
            self.names.insert(key, made.clone());
            // A placeholder keeps the name taken while the copy is made.
            self.made.insert(made.clone(), sw::Schema::default());
            chain.push(name);
            let copy = self.cut_node(doc, def, depth, chain);
            chain.pop();
            self.made.insert(made.clone(), copy);
            return sw::Schema::to_definition(&made);
        }
        self.cut_node(doc, s, depth, chain)
    }

    fn cut_node<'a>(
        &mut self,
        doc: &'a sw::Document,
        s: &'a sw::Schema,
        depth: usize,
        chain: &mut Vec<&'a str>,
    ) -> sw::Schema {
        with_children(s, depth, |c| self.cut(doc, c, depth - 1, chain))
    }
}

/// A copy of `s` `depth` levels deep: at 0 without sub-schemas (an array keeps an empty
/// `items`), else with each sub-schema replaced by `child` of it.
fn with_children<'a>(
    s: &'a sw::Schema,
    depth: usize,
    mut child: impl FnMut(&'a sw::Schema) -> sw::Schema,
) -> sw::Schema {
    let mut out = shallow(s);
    if depth == 0 {
        if s.type_.as_ref().is_some_and(|t| t.is("array")) {
            out.items = Some(Box::new(sw::Schema::default()));
        }
        return out;
    }
    out.required = s.required.clone();
    out.discriminator = s.discriminator.clone();
    out.example = s.example.clone();
    if let Some(items) = &s.items {
        out.items = Some(Box::new(child(items)));
    }
    if let Some(parts) = &s.all_of {
        out.all_of = Some(parts.iter().map(&mut child).collect());
    }
    if let Some(props) = &s.properties {
        out.properties = Some(Box::new(
            props.iter().map(|(k, v)| (k.clone(), child(v))).collect(),
        ));
    }
    if let Some(sw::AdditionalProperties::Schema(a)) = &s.additional_properties {
        out.additional_properties = Some(sw::AdditionalProperties::Schema(Box::new(child(a))));
    }
    out
}

/// Whether nothing of a schema's subtree lies deeper than `depth` levels (so a reference to
/// it needs no trimmed copy).
fn reaches_no_deeper(doc: &sw::Document, s: &sw::Schema, depth: usize) -> bool {
    let cap = MAX_BODY_SCHEMAS * 8;
    let within = count_to_depth(doc, s, depth, cap);
    within < cap && count_to_depth(doc, s, depth.saturating_add(1), cap) == within
}

/// The definition a schema refers to (`#/definitions/NAME`), if it is such a reference.
fn definition_name(s: &sw::Schema) -> Option<&str> {
    s.reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
}

/// A free-form stand-in for a definition that includes itself.
fn recursive(name: &str) -> sw::Schema {
    sw::Schema {
        type_: Some(sw::SchemaType::One("object".into())),
        description: Some(format!("A {name} (recursive; not described here).")),
        ..sw::Schema::default()
    }
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

/// Adds to `n` the schemas a body `s` holds once cut `depth` levels deep (what
/// [`Cuts::cut`] makes, with every reference expanded), without making it: each level below
/// a definition's is counted where the reference to it sits, a definition inside itself is
/// one free-form schema, and an array at the cut keeps an empty `items`. Counting stops past
/// [`MAX_BODY_SCHEMAS`].
fn count_expanded<'a>(
    doc: &'a sw::Document,
    s: &'a sw::Schema,
    depth: usize,
    chain: &mut Vec<&'a str>,
    n: &mut usize,
) {
    if *n > MAX_BODY_SCHEMAS {
        return;
    }
    if let Some(name) = definition_name(s) {
        if chain.contains(&name) {
            *n += 1;
            return;
        }
        if let Some(def) = doc.definitions.get(name) {
            chain.push(name);
            count_expanded(doc, def, depth, chain, n);
            chain.pop();
            return;
        }
        // A reference to nothing is kept as it is.
        *n += count_schemas(doc, s, MAX_BODY_SCHEMAS + 1);
        return;
    }
    *n += 1;
    if depth == 0 {
        *n += usize::from(s.type_.as_ref().is_some_and(|t| t.is("array")));
        return;
    }
    for c in sw::platform::schema_children(s) {
        count_expanded(doc, c, depth - 1, chain, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expand<'a>(
        doc: &'a sw::Document,
        s: &'a sw::Schema,
        depth: usize,
        chain: &mut Vec<&'a str>,
    ) -> sw::Schema {
        if let Some(name) = definition_name(s) {
            if chain.contains(&name) {
                return recursive(name);
            }
            if let Some(def) = doc.definitions.get(name) {
                chain.push(name);
                let out = expand(doc, def, depth, chain);
                chain.pop();
                return out;
            }
            return s.clone();
        }
        with_children(s, depth, |c| expand(doc, c, depth - 1, chain))
    }

    /// Definitions that refer to each other, to themselves and to nothing, with arrays.
    fn tangled(seed: u64) -> sw::Document {
        let mut x = seed;
        let mut below = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut definitions = serde_json::Map::new();
        for d in 0..6 {
            let mut props = serde_json::Map::new();
            for p in 0..(1 + below(12)) {
                let target = json!({"$ref": format!("#/definitions/D{}", below(7))});
                let value = match below(6) {
                    0 => json!({"type": "string"}),
                    // A reference to nothing, with properties beside it.
                    5 => json!({"$ref": "#/definitions/None", "properties": {"in": target}}),
                    1 => json!({"type": "array", "items": target}),
                    2 => json!({"type": "array"}),
                    3 => json!({"type": "object", "properties": {"in": target}}),
                    _ => target,
                };
                props.insert(format!("p{p}"), value);
            }
            definitions.insert(
                format!("D{d}"),
                json!({"type": "object", "properties": props}),
            );
        }
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "definitions": definitions});
        sw::read_document(v, &mut Diagnostics::new())
    }

    #[test]
    fn counting_a_cut_counts_what_the_cut_makes() {
        let over = MAX_BODY_SCHEMAS + 1;
        let mut seen = std::collections::BTreeSet::new();
        for seed in 1..200u64 {
            let doc = tangled(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let body = sw::Schema::to_definition("D0");
            for depth in 0..7 {
                let made = expand(&doc, &body, depth, &mut Vec::new());
                let want = count_schemas(&doc, &made, over);
                let mut n = 0;
                count_expanded(&doc, &body, depth, &mut Vec::new(), &mut n);
                assert_eq!(n.min(over), want, "seed {seed}, depth {depth}");
                seen.insert(want);
            }
        }
        // Small and large counts both came up.
        assert!(seen.first().is_some_and(|n| *n < 10) && seen.contains(&over));
    }

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
        // The cut is a shared definition, not an inline copy.
        let name = body
            .reference
            .as_deref()
            .unwrap()
            .strip_prefix("#/definitions/")
            .unwrap();
        assert!(name.starts_with("Outer_cut"), "{name}");
        assert_eq!(doc.definitions[name].properties.as_ref().unwrap().len(), 40);
        assert!(
            diags
                .as_slice()
                .iter()
                .any(|d| d.code == codes::XMS_BODY_SCHEMA_TRIMMED)
        );
    }
}
