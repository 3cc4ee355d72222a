//! References the platform cannot follow: anything but `#/definitions/…`, `#/parameters/…`
//! and `#/responses/…` naming an entry that exists, and `$ref` on path items.

use connector_core::collections::HashSet;
use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

fn target(r: &str, prefix: &str) -> Option<String> {
    r.strip_prefix(prefix).map(connector_core::unescape_token)
}

/// Replaces or drops every reference that points at nothing the document defines.
pub fn references(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let definitions: HashSet<String> = doc.definitions.keys().cloned().collect();
    let parameters: HashSet<String> = doc.parameters.keys().cloned().collect();
    let responses: HashSet<String> = doc.responses.keys().cloned().collect();
    let make = || References {
        definitions: &definitions,
        parameters: &parameters,
        responses: &responses,
        diags: Diagnostics::new(),
    };
    let mut v = make();
    for (path, item) in doc.paths.paths.iter_mut() {
        let at = Pointer::root().push("paths").push(path);
        if let Some(r) = item.reference.take() {
            v.diags.warn(
                codes::XMS_REFERENCE,
                &at.push("$ref"),
                format!("path item `$ref: {r}` is not supported by the platform; it was dropped"),
            );
        }
        // Path-level parameters (the walk's operation hook sees only the operations' own).
        v.parameter_refs(&mut item.parameters, &at);
    }
    diags.extend(v.diags.into_vec());
    for v in crate::walk_in_pieces(doc, &make) {
        diags.extend(v.diags.into_vec());
    }
}

struct References<'a> {
    definitions: &'a HashSet<String>,
    parameters: &'a HashSet<String>,
    responses: &'a HashSet<String>,
    /// What this visitor found (see [`crate::walk_in_pieces`]).
    diags: Diagnostics,
}

impl References<'_> {
    /// Drops the parameter references of an operation or path item (at `at`) that name no
    /// shared parameter.
    fn parameter_refs(&mut self, list: &mut Option<Vec<sw::RefOr<sw::Parameter>>>, at: &Pointer) {
        let Some(params) = list else { return };
        let before = params.len();
        let mut index = 0;
        params.retain(|p| {
            let pat = at.push("parameters").index(index);
            index += 1;
            let sw::RefOr::Ref(r) = p else { return true };
            let ok = target(r, "#/parameters/").is_some_and(|n| self.parameters.contains(&n));
            if !ok {
                self.diags.error(
                    codes::XMS_REFERENCE,
                    &pat,
                    format!("parameter `$ref: {r}` points at nothing; the parameter was dropped"),
                );
            }
            ok
        });
        // A list written empty stays; one emptied here goes.
        if params.is_empty() && before > 0 {
            *list = None;
        }
    }
}

impl sw::VisitMut for References<'_> {
    fn operation(&mut self, op: &mut sw::Operation, at: &Pointer) {
        self.parameter_refs(&mut op.parameters, at);
        for (code, r) in op.responses.responses.iter_mut() {
            let sw::RefOr::Ref(reference) = r else {
                continue;
            };
            if !target(reference, "#/responses/").is_some_and(|n| self.responses.contains(&n)) {
                let rat = at.push("responses").push(code);
                self.diags.error(
                    codes::XMS_REFERENCE,
                    &rat,
                    format!(
                        "response `$ref: {reference}` points at nothing; a bare response stands in"
                    ),
                );
                *r = sw::RefOr::Item(sw::Response {
                    description: "Response".into(),
                    ..Default::default()
                });
            }
        }
    }

    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        let Some(r) = &s.reference else { return };
        if !target(r, "#/definitions/").is_some_and(|n| self.definitions.contains(&n)) {
            self.diags.error(
                codes::XMS_REFERENCE,
                &at.push("$ref"),
                format!("schema `$ref: {r}` points at no definition; an untyped schema stands in"),
            );
            s.reference = None;
        }
    }
}

/// Extensions that call an operation by id (`x-ms-dynamic-*`, `x-ms-notification`) and name
/// one the definition does not have are dropped: the platform rejects them
/// (`OperationIdNotFound`). Runs once operation ids are final.
pub fn operation_references(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let ids = operation_ids(doc);
    let make = || Dangling {
        ids: &ids,
        diags: Diagnostics::new(),
        may_name: &|_| true,
    };
    for v in crate::walk_in_pieces(doc, &make) {
        diags.extend(v.diags.into_vec());
    }
}

/// [`operation_references`], looking only into the definitions `may_name` says may name an
/// operation (a split part knows which of the document's do). The walk passes most
/// definitions by, so it is made in turn: a second thread for each part would cost more.
pub(crate) fn operation_references_where(
    doc: &mut sw::Document,
    diags: &mut Diagnostics,
    may_name: &(dyn Fn(&str) -> bool + Sync),
) {
    let ids = operation_ids(doc);
    let mut dangling = Dangling {
        ids: &ids,
        diags: Diagnostics::new(),
        may_name,
    };
    sw::walk_document_mut(doc, &mut dangling);
    diags.extend(dangling.diags.into_vec());
}

/// The ids of the document's operations.
fn operation_ids(doc: &sw::Document) -> HashSet<String> {
    doc.paths
        .operations()
        .filter_map(|(_, _, o)| o.operation_id.clone())
        .collect()
}

struct Dangling<'a> {
    ids: &'a HashSet<String>,
    /// What this visitor found (see [`crate::walk_in_pieces`]).
    diags: Diagnostics,
    may_name: &'a (dyn Fn(&str) -> bool + Sync),
}

impl sw::VisitMut for Dangling<'_> {
    fn definition(&mut self, name: &str) -> bool {
        (self.may_name)(name)
    }

    fn extensions(&mut self, ext: &mut sw::Extensions, at: &Pointer) {
        for key in [
            "x-ms-dynamic-values",
            "x-ms-dynamic-list",
            "x-ms-dynamic-schema",
            "x-ms-dynamic-properties",
            "x-ms-notification",
        ] {
            let target = ext
                .get(key)
                .and_then(|v| v.get("operationId"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            if let Some(id) = target.filter(|id| !self.ids.contains(id)) {
                ext.shift_remove(key);
                self.diags.warn(
                    codes::XMS_REFERENCE,
                    &at.push(key),
                    format!("`{key}` calls operation `{id}`, which the definition does not have; it was dropped"),
                );
            }
        }
        let test = ext
            .get("x-ms-capabilities")
            .and_then(|c| c.get("testConnection"))
            .and_then(|t| t.get("operationId"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        if let Some(id) = test.filter(|id| !self.ids.contains(id)) {
            if let Some(caps) = ext
                .get_mut("x-ms-capabilities")
                .and_then(serde_json::Value::as_object_mut)
            {
                caps.shift_remove("testConnection");
            }
            self.diags.warn(
                codes::XMS_REFERENCE,
                &at.push("x-ms-capabilities").push("testConnection"),
                format!("testConnection calls operation `{id}`, which the definition does not have; it was dropped"),
            );
        }
    }
}

/// A definition that is only a `$ref` to another (the platform rejects it:
/// `SchemaRefLoopNotAllowed`) becomes a copy of the schema at the end of the chain, or an
/// untyped object when the chain is a cycle.
pub fn alias_definitions(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let names: Vec<String> = doc
        .definitions
        .iter()
        .filter(|(_, d)| alias_target(d).is_some())
        .map(|(k, _)| k.clone())
        .collect();
    for name in names {
        let mut seen = vec![name.clone()];
        let mut current = doc.definitions.get(&name).cloned();
        let resolved = loop {
            let Some(def) = current else { break None };
            let Some(next) = alias_target(&def) else {
                break Some(def);
            };
            if seen.contains(&next) {
                break None;
            }
            seen.push(next.clone());
            current = doc.definitions.get(&next).cloned();
        };
        let at = Pointer::root().push("definitions").push(&name);
        let replacement = match resolved {
            Some(def) => {
                diags.info(
                    codes::XMS_REFERENCE,
                    &at,
                    format!(
                        "definition `{name}` was only a reference to `{}`; it is a copy of it now",
                        seen.last().cloned().unwrap_or_default()
                    ),
                );
                def
            }
            None => {
                diags.warn(
                    codes::XMS_REFERENCE,
                    &at,
                    format!(
                        "definition `{name}` is a cycle of references ({}); it is an untyped object now",
                        seen.join(" → ")
                    ),
                );
                sw::Schema {
                    type_: Some(sw::SchemaType::One("object".into())),
                    ..sw::Schema::default()
                }
            }
        };
        if let Some(slot) = doc.definitions.get_mut(&name) {
            *slot = replacement;
        }
    }
}

/// The definition a schema only points at: `{$ref}`, or `{allOf: [{$ref}]}` and nothing else.
fn alias_target(s: &sw::Schema) -> Option<String> {
    if let Some(r) = &s.reference {
        return target(r, "#/definitions/");
    }
    let [only] = s.all_of.as_deref()? else {
        return None;
    };
    // The part first: a bare reference is cheap to compare with, a large inline part is not.
    let reference = only.reference.as_deref()?;
    let alone = sw::Schema {
        reference: Some(reference.to_owned()),
        ..sw::Schema::default()
    };
    if *only != alone {
        return None;
    }
    let bare = sw::Schema {
        all_of: Some(vec![alone]),
        ..sw::Schema::default()
    };
    (*s == bare)
        .then(|| target(reference, "#/definitions/"))
        .flatten()
}

/// Extension values, examples and defaults are data to the platform, but Swagger 2.0
/// validators resolve every `$ref` in the document, data included. A value that holds a `$ref`
/// naming nothing in the package (a `#/components/...` stash of a dropped union, an example
/// that quotes another document, a URL) is dropped with a warning. Runs last, once every
/// definition has its final name; costs nothing when no such value holds a `$ref`.
pub fn data_references(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let mut found = data_holders(doc);
    if found.refs.is_empty() {
        return;
    }
    // Most references name a shared definition, parameter or response: those are looked up
    // in the model (serialising only the entry a deeper pointer goes into); the document is
    // serialised whole only for the others.
    let mut whole: Option<serde_json::Value> = None;
    let mut dangling: HashSet<String> = HashSet::default();
    for r in std::mem::take(&mut found.refs) {
        let resolves = match in_section(doc, &r).or_else(|| outside_model(doc, &r)) {
            Some(found) => found,
            None => {
                if whole.is_none() {
                    whole = serde_json::to_value(&*doc).ok();
                }
                whole
                    .as_ref()
                    .is_some_and(|v| connector_core::local_target(v, &r).is_some())
            }
        };
        if !resolves {
            dangling.insert(r);
        }
    }
    drop(whole);
    if dangling.is_empty() {
        return;
    }
    sw::walk_document_mut(
        doc,
        &mut DataRefs {
            refs: Vec::new(),
            seen: 0,
            holders: found.holders,
            drop: Some(&dangling),
            diags: Some(diags),
        },
    );
}

/// The first walk of [`data_references`]: the references data values hold, and which values
/// (by their ordinal in the walk) hold one. The walk goes in pieces where the document is
/// worth it ([`crate::walk_in_pieces`]); each piece counts its values from zero, so its
/// ordinals are moved past the values of the pieces before it.
fn data_holders(doc: &mut sw::Document) -> DataRefs<'static> {
    let make = || DataRefs {
        refs: Vec::new(),
        seen: 0,
        holders: HashSet::default(),
        drop: None,
        diags: None,
    };
    let mut found = make();
    for piece in crate::walk_in_pieces(doc, &make) {
        found.refs.extend(piece.refs);
        let before = found.seen;
        found
            .holders
            .extend(piece.holders.into_iter().map(|o| o + before));
        found.seen += piece.seen;
    }
    found
}

/// Whether a local reference into `#/definitions`, `#/parameters` or `#/responses` names
/// something; `None` for references elsewhere (looked up in the whole document).
fn in_section(doc: &sw::Document, reference: &str) -> Option<bool> {
    let pointer = reference.strip_prefix('#')?;
    let pointer = connector_core::percent_decode(pointer).unwrap_or_else(|| pointer.to_owned());
    let mut tokens = pointer.strip_prefix('/')?.splitn(3, '/');
    let section = tokens.next()?;
    let name = connector_core::unescape_token(tokens.next()?);
    let rest = tokens.next().map(|r| format!("/{r}"));
    // An entry is serialised only when the pointer goes deeper into it.
    let holds = |entry: Result<serde_json::Value, serde_json::Error>| match &rest {
        None => true,
        Some(r) => entry.ok().is_some_and(|v| v.pointer(r).is_some()),
    };
    let deeper = rest.is_some();
    Some(match section {
        "definitions" => doc
            .definitions
            .get(&name)
            .is_some_and(|d| !deeper || holds(serde_json::to_value(d))),
        "parameters" => doc
            .parameters
            .get(&name)
            .is_some_and(|p| !deeper || holds(serde_json::to_value(p))),
        "responses" => doc
            .responses
            .get(&name)
            .is_some_and(|r| !deeper || holds(serde_json::to_value(r))),
        _ => return None,
    })
}

/// The members the document's own fields are written as; any other member of the written
/// document is an extension.
const DOCUMENT_FIELDS: [&str; 15] = [
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

/// Whether a local reference whose first token is not one of the document's own fields
/// names something: only an extension of the document can hold it (`#/components/...`, left
/// by an OpenAPI input, names nothing in a Swagger 2.0 document). `None` for a reference into
/// one of the document's fields, which is looked up in the whole written document.
fn outside_model(doc: &sw::Document, reference: &str) -> Option<bool> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = connector_core::percent_decode(fragment);
    // As a lookup in the whole document: the fragment as written, then decoded.
    let mut found = false;
    for pointer in [Some(fragment), decoded.as_deref()].into_iter().flatten() {
        let rest = pointer.strip_prefix('/')?;
        let (first, deeper) = match rest.split_once('/') {
            Some((first, deeper)) => (first, Some(deeper)),
            None => (rest, None),
        };
        let first = connector_core::unescape_token(first);
        if DOCUMENT_FIELDS.contains(&first.as_str()) {
            return None;
        }
        found = found
            || doc.extensions.get(&first).is_some_and(|v| {
                deeper.is_none_or(|d| connector_core::lookup(v, &format!("/{d}")).is_some())
            });
    }
    Some(found)
}

/// First collects the `$ref`s inside data values; then, given the dangling ones, drops the
/// values that hold one.
struct DataRefs<'a> {
    refs: Vec<String>,
    /// Data values visited so far, in walk order.
    seen: usize,
    /// The ordinals of the values that hold a reference (found by the first walk, so the
    /// second reads only those).
    holders: HashSet<usize>,
    drop: Option<&'a HashSet<String>>,
    diags: Option<&'a mut Diagnostics>,
}

impl DataRefs<'_> {
    /// Visits one data value: collects its references, or says whether it holds a dangling one.
    fn holds_dangling(&mut self, v: &serde_json::Value) -> Option<String> {
        let ordinal = self.seen;
        self.seen += 1;
        let mut refs = Vec::new();
        match self.drop {
            None => {
                collect_refs(v, &mut refs);
                if !refs.is_empty() {
                    self.holders.insert(ordinal);
                    self.refs.extend(refs);
                }
                None
            }
            Some(dangling) => {
                if !self.holders.contains(&ordinal) {
                    return None;
                }
                collect_refs(v, &mut refs);
                refs.into_iter().find(|r| dangling.contains(r))
            }
        }
    }

    fn report(&mut self, at: &Pointer, what: &str, reference: &str) {
        if let Some(diags) = self.diags.as_deref_mut() {
            diags
                .warn(
                    codes::XMS_DATA_REFERENCE,
                    at,
                    format!(
                        "{what} holds `$ref: {reference}`, which names nothing in the connector; Swagger validators resolve it, so the value was dropped"
                    ),
                )
                .help("point the reference at a definition, or leave the value out of the input");
        }
    }
}

/// Every string `$ref` inside a value.
fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|c| collect_refs(c, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}

impl sw::VisitMut for DataRefs<'_> {
    fn extensions(&mut self, ext: &mut sw::Extensions, at: &Pointer) {
        let mut gone = Vec::new();
        for (key, v) in ext.iter() {
            if let Some(r) = self.holds_dangling(v) {
                gone.push((key.clone(), r));
            }
        }
        for (key, r) in gone {
            ext.shift_remove(&key);
            self.report(&at.push(&key), &format!("extension `{key}`"), &r);
        }
    }

    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        if let Some(r) = s.example.as_ref().and_then(|v| self.holds_dangling(v)) {
            s.example = None;
            self.report(&at.push("example"), "the example", &r);
        }
        if let Some(r) = s
            .validation
            .default
            .as_ref()
            .and_then(|v| self.holds_dangling(v))
        {
            s.validation.default = None;
            s.validation.tidy();
            self.report(&at.push("default"), "the default", &r);
        }
    }

    fn response(&mut self, r: &mut sw::Response, at: &Pointer) {
        let Some(examples) = &mut r.examples else {
            return;
        };
        let mut gone = Vec::new();
        for (media, v) in examples.iter() {
            if let Some(reference) = self.holds_dangling(v) {
                gone.push((media.clone(), reference));
            }
        }
        for (media, reference) in gone {
            examples.shift_remove(&media);
            let here = at.push("examples").push(&media);
            self.report(&here, &format!("the `{media}` example"), &reference);
        }
        if examples.is_empty() {
            r.examples = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dangling_data_references_are_found_in_a_walk_in_pieces() {
        // Enough definitions for the first walk to go in pieces; every value holds a
        // reference, every 97th one that names nothing.
        let n = 1200;
        let mut definitions = serde_json::Map::new();
        for i in 0..n {
            let target = if i % 97 == 5 {
                "#/definitions/Gone"
            } else {
                "#/definitions/D0"
            };
            definitions.insert(
                format!("D{i}"),
                json!({"type": "object", "example": {"$ref": target}, "x-note": {"$ref": target}}),
            );
        }
        let v = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "definitions": definitions});
        let mut doc = sw::read_document(v, &mut Diagnostics::new());
        let mut d = Diagnostics::new();
        data_references(&mut doc, &mut d);
        let dangling: Vec<usize> = (0..n).filter(|i| i % 97 == 5).collect();
        let mut expected = Vec::new();
        for i in &dangling {
            expected.push(format!("/definitions/D{i}/example"));
            expected.push(format!("/definitions/D{i}/x-note"));
        }
        let found: Vec<&str> = d.as_slice().iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(found, expected);
        for (i, def) in doc.definitions.values().enumerate() {
            let kept = !dangling.contains(&i);
            assert_eq!(def.example.is_some(), kept, "D{i}");
            assert_eq!(def.extensions.contains_key("x-note"), kept, "D{i}");
        }
    }

    #[test]
    fn definitions_that_only_refer_become_copies_and_nothing_else_changes() {
        let v = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "definitions": {
            "B": {"type": "string", "maxLength": 3},
            "A": {"$ref": "#/definitions/B"},
            "C": {"allOf": [{"$ref": "#/definitions/A"}]},
            "D": {"allOf": [{"$ref": "#/definitions/B"}], "description": "more"},
            "E": {"allOf": [{"$ref": "#/definitions/B", "description": "more"}]},
            "F": {"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]},
            "G": {"$ref": "#/definitions/H"},
            "H": {"allOf": [{"$ref": "#/definitions/G"}]}
        }});
        let mut doc = sw::read_document(v, &mut Diagnostics::new());
        let before = doc.definitions.clone();
        let mut d = Diagnostics::new();
        alias_definitions(&mut doc, &mut d);
        let def = |n: &str| doc.definitions.get(n).cloned().unwrap_or_default();
        assert_eq!(def("A"), def("B"));
        assert_eq!(def("C"), def("B"));
        for kept in ["B", "D", "E", "F"] {
            assert_eq!(doc.definitions.get(kept), before.get(kept), "{kept}");
        }
        let object = sw::Schema {
            type_: Some(sw::SchemaType::One("object".into())),
            ..sw::Schema::default()
        };
        assert_eq!((def("G"), def("H")), (object.clone(), object));
        let found: Vec<_> = d.as_slice().iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            found,
            [
                "/definitions/A",
                "/definitions/C",
                "/definitions/G",
                "/definitions/H"
            ]
        );
    }

    #[test]
    fn data_references_outside_the_model_resolve_only_into_extensions() {
        let example = |r: &str| json!({"type": "object", "example": {"$ref": r}});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "x-stash": {"a/b": {"c": 1}},
            "definitions": {
                "Components": example("#/components/schemas/Gone"),
                "Stash": example("#/x-stash/a~1b/c"),
                "StashEncoded": example("#/x-stash/a~1b/%63"),
                "StashMissing": example("#/x-stash/a~1b/d"),
                "NoStash": example("#/x-other"),
                "Info": example("#/info/title"),
                "InfoMissing": example("#/info/nothing")}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        data_references(&mut doc, &mut diags);
        let kept: Vec<&str> = doc
            .definitions
            .iter()
            .filter(|(_, d)| d.example.is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(kept, ["Stash", "StashEncoded", "Info"]);
        assert_eq!(
            outside_model(&doc, "#/components/schemas/Gone"),
            Some(false)
        );
        assert_eq!(outside_model(&doc, "#/x-stash"), Some(true));
        // A reference into the document's own fields is left to the whole document's lookup.
        assert_eq!(outside_model(&doc, "#/info/title"), None);
        assert_eq!(outside_model(&doc, "#/%69nfo/title"), None);
    }

    #[test]
    fn a_dangling_path_level_parameter_reference_is_dropped() {
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a/{id}": {
                "parameters": [
                    {"$ref": "#/components/parameters/id"},
                    {"$ref": "#/parameters/known"}
                ],
                "get": {"responses": {"200": {"description": "ok"}}}}},
            "parameters": {"known": {"name": "q", "in": "query", "type": "string"}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        references(&mut doc, &mut diags);
        let kept = doc.paths.paths["/a/{id}"].parameters.as_ref().unwrap();
        assert_eq!(kept.len(), 1);
        let dropped: Vec<&str> = diags
            .as_slice()
            .iter()
            .filter(|d| d.code == codes::XMS_REFERENCE)
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(dropped, ["/paths/~1a~1{id}/parameters/0"]);
    }
}
