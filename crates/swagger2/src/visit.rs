//! A mutable walk over every object of a document, with the JSON pointer of each.
//!
//! Implement the hooks of [`VisitMut`] that matter and call [`walk_document_mut`]; each hook
//! runs before the walk descends into the object's children. The walk keeps one pointer and
//! grows and cuts it as it goes, so a hook that needs its place beyond the call clones it.

use connector_core::Pointer;
use serde::Deserialize;

use crate::model::*;

/// Hooks called for the objects of a document; all default to doing nothing.
pub trait VisitMut {
    /// Every object's extension map (and, right after reading, its unknown keys).
    fn extensions(&mut self, _ext: &mut Extensions, _at: &Pointer) {}
    /// Every operation, before its parameters and responses.
    fn operation(&mut self, _op: &mut Operation, _at: &Pointer) {}
    /// Every inline parameter (operation, path item and shared ones).
    fn parameter(&mut self, _p: &mut Parameter, _at: &Pointer) {}
    /// Every `items` of a non-body parameter or header, nested ones too.
    fn items(&mut self, _i: &mut Items, _at: &Pointer) {}
    /// Every inline response (operation and shared ones).
    fn response(&mut self, _r: &mut Response, _at: &Pointer) {}
    /// Every response header.
    fn header(&mut self, _h: &mut Header, _at: &Pointer) {}
    /// Every schema, nested ones too.
    fn schema(&mut self, _s: &mut Schema, _at: &Pointer) {}
    /// Every schema that no other schema holds (a body's, a response's, a definition, a
    /// notification's), before the walk goes into it. Returning `false` skips that schema
    /// and everything below it: a visitor that walks the tree itself, in its own order.
    fn schema_tree(&mut self, _s: &mut Schema, _at: &Pointer) -> bool {
        true
    }
    /// Every `externalDocs` slot that holds a value (document, tags, operations, schemas);
    /// the hook may empty it.
    fn external_docs(&mut self, _d: &mut Option<ExternalDocs>, _at: &Pointer) {}
    /// Whether to walk the definition `name`: every one is walked unless the visitor knows
    /// it has nothing to do there.
    fn definition(&mut self, _name: &str) -> bool {
        true
    }
}

/// Where a schema sits in the schema that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaSlot<'a> {
    /// `items`.
    Items,
    /// `allOf/<index>`.
    AllOf(usize),
    /// `properties/<name>`.
    Property(&'a str),
    /// `additionalProperties`.
    AdditionalProperties,
}

impl SchemaSlot<'_> {
    /// Appends the slot's tokens to `at` and returns the length to [`Pointer::truncate`] back
    /// to.
    pub fn push_onto(&self, at: &mut Pointer) -> usize {
        match self {
            SchemaSlot::Items => at.push_in_place("items"),
            SchemaSlot::AllOf(i) => {
                let len = at.push_in_place("allOf");
                at.index_in_place(*i);
                len
            }
            SchemaSlot::Property(name) => {
                let len = at.push_in_place("properties");
                at.push_in_place(name);
                len
            }
            SchemaSlot::AdditionalProperties => at.push_in_place("additionalProperties"),
        }
    }
}

impl Schema {
    /// The schemas this one holds, in the order the walk visits them: `items`, each of
    /// `allOf`, each property, then a schema of `additionalProperties`.
    pub fn children(&self) -> impl Iterator<Item = (SchemaSlot<'_>, &Schema)> {
        let items = self.items.iter().map(|s| (SchemaSlot::Items, &**s));
        let parts = self.all_of.iter().flatten().enumerate();
        let props = self.properties.iter().flat_map(|p| p.iter());
        let more = match &self.additional_properties {
            Some(AdditionalProperties::Schema(s)) => Some(&**s),
            _ => None,
        };
        items
            .chain(parts.map(|(i, s)| (SchemaSlot::AllOf(i), s)))
            .chain(props.map(|(name, s)| (SchemaSlot::Property(name), s)))
            .chain(more.map(|s| (SchemaSlot::AdditionalProperties, s)))
    }

    /// [`Schema::children`], to change.
    pub fn children_mut(&mut self) -> impl Iterator<Item = (SchemaSlot<'_>, &mut Schema)> {
        let Schema {
            items,
            all_of,
            properties,
            additional_properties,
            ..
        } = self;
        let items = items.iter_mut().map(|s| (SchemaSlot::Items, &mut **s));
        let parts = all_of.iter_mut().flatten().enumerate();
        let props = properties.iter_mut().flat_map(|p| p.iter_mut());
        let more = match additional_properties {
            Some(AdditionalProperties::Schema(s)) => Some(&mut **s),
            _ => None,
        };
        items
            .chain(parts.map(|(i, s)| (SchemaSlot::AllOf(i), s)))
            .chain(props.map(|(name, s)| (SchemaSlot::Property(name.as_str()), s)))
            .chain(more.map(|s| (SchemaSlot::AdditionalProperties, s)))
    }
}

/// Runs `f` with `token` appended to `at`, then cuts it back.
fn under<R>(at: &mut Pointer, token: &str, f: impl FnOnce(&mut Pointer) -> R) -> R {
    let len = at.push_in_place(token);
    let r = f(at);
    at.truncate(len);
    r
}

/// Runs `f` with the array index `i` appended to `at`, then cuts it back.
fn at_index<R>(at: &mut Pointer, i: usize, f: impl FnOnce(&mut Pointer) -> R) -> R {
    let len = at.index_in_place(i);
    let r = f(at);
    at.truncate(len);
    r
}

/// Runs `f` on each entry of the map under `key`, with the entry's pointer.
fn under_each<T>(
    at: &mut Pointer,
    key: &str,
    map: &mut connector_core::collections::IndexMap<String, T>,
    mut f: impl FnMut(&mut T, &mut Pointer),
) {
    under(at, key, |at| {
        for (name, entry) in map.iter_mut() {
            under(at, name, |at| f(entry, at));
        }
    });
}

fn walk_external_docs(d: &mut Option<ExternalDocs>, at: &mut Pointer, v: &mut impl VisitMut) {
    if d.is_none() {
        return;
    }
    under(at, "externalDocs", |at| {
        v.external_docs(d, at);
        if let Some(docs) = d {
            v.extensions(&mut docs.extensions, at);
        }
    });
}

/// Walks the whole document, calling the hooks of `v`.
pub fn walk_document_mut(doc: &mut Document, v: &mut impl VisitMut) {
    let at = &mut Pointer::root();
    let (top, items, definitions, shared) = parts(doc);
    walk_top(top, at, v);
    walk_path_items(items, at, v);
    walk_definitions(definitions, at, v);
    walk_shared(shared, at, v);
}

/// [`walk_document_mut`] in pieces (the root and tags; runs of path items; runs of
/// definitions; the shared parameters, responses and security definitions), each walked by a
/// visitor of its own that `make` makes, taken in turn by this thread and a second one where
/// there is one. Returns the visitors in the walk's order: each saw what a walk of the whole
/// shows of its piece, in the same order, so for visitors that carry nothing from one node to
/// the next, what the visitors found, one after the other, is what the whole walk finds.
#[cfg(not(target_arch = "wasm32"))]
pub fn walk_document_in_pieces<V: VisitMut + Send>(
    doc: &mut Document,
    make: &(dyn Fn() -> V + Sync),
) -> Vec<V> {
    connector_core::take_in_turn(Piece::all(doc), |piece| {
        let mut v = make();
        piece.walk(&mut v);
        v
    })
}

/// What the walk visits before the path items: the root's extensions, info, external docs,
/// tags and the paths' own extensions.
struct Top<'d> {
    extensions: &'d mut Extensions,
    info: &'d mut Info,
    external_docs: &'d mut Option<ExternalDocs>,
    tags: &'d mut Option<Vec<Tag>>,
    paths: &'d mut Extensions,
}

/// What the walk visits after the definitions.
struct Shared<'d> {
    parameters: &'d mut Section<Parameter>,
    responses: &'d mut Section<Response>,
    security_definitions: &'d mut Section<SecurityScheme>,
}

/// The document's parts, in the walk's order: what comes before the path items, the path
/// items, the definitions, what comes after them.
#[inline(always)]
fn parts(
    doc: &mut Document,
) -> (
    Top<'_>,
    &mut indexmap::map::Slice<String, PathItem>,
    &mut indexmap::map::Slice<String, Schema>,
    Shared<'_>,
) {
    let Document {
        extensions,
        info,
        external_docs,
        tags,
        paths,
        definitions,
        parameters,
        responses,
        security_definitions,
        ..
    } = doc;
    let top = Top {
        extensions,
        info,
        external_docs,
        tags,
        paths: &mut paths.extensions,
    };
    let shared = Shared {
        parameters,
        responses,
        security_definitions,
    };
    (
        top,
        paths.paths.as_mut_slice(),
        definitions.as_mut_slice(),
        shared,
    )
}

/// A part of the document walk that no other part touches.
#[cfg(not(target_arch = "wasm32"))]
enum Piece<'d> {
    Top(Top<'d>),
    Paths(&'d mut indexmap::map::Slice<String, PathItem>),
    Definitions(&'d mut indexmap::map::Slice<String, Schema>),
    Shared(Shared<'d>),
}

#[cfg(not(target_arch = "wasm32"))]
impl<'d> Piece<'d> {
    /// The document's pieces in the walk's order, path items and definitions in runs of
    /// about a [`connector_core::PIECES`]th of them.
    fn all(doc: &'d mut Document) -> Vec<Piece<'d>> {
        fn runs<'d, T>(
            mut rest: &'d mut indexmap::map::Slice<String, T>,
            wrap: fn(&'d mut indexmap::map::Slice<String, T>) -> Piece<'d>,
            out: &mut Vec<Piece<'d>>,
        ) {
            let size = rest.len().div_ceil(connector_core::PIECES).max(1);
            while rest.len() > size {
                let (run, after) = rest.split_at_mut(size);
                out.push(wrap(run));
                rest = after;
            }
            out.push(wrap(rest));
        }
        let (top, items, definitions, shared) = parts(doc);
        let mut out = vec![Piece::Top(top)];
        runs(items, Piece::Paths, &mut out);
        runs(definitions, Piece::Definitions, &mut out);
        out.push(Piece::Shared(shared));
        out
    }

    fn walk(self, v: &mut impl VisitMut) {
        let at = &mut Pointer::root();
        match self {
            Piece::Top(top) => walk_top(top, at, v),
            Piece::Paths(items) => walk_path_items(items, at, v),
            Piece::Definitions(defs) => walk_definitions(defs, at, v),
            Piece::Shared(shared) => walk_shared(shared, at, v),
        }
    }
}

// The parts of the document walk are inlined into it, so that each visitor has one body for
// the walk (the WebAssembly module's size feels every copy).

#[inline(always)]
fn walk_top(top: Top<'_>, at: &mut Pointer, v: &mut impl VisitMut) {
    v.extensions(top.extensions, at);
    under(at, "info", |at| {
        v.extensions(&mut top.info.extensions, at);
        if let Some(c) = &mut top.info.contact {
            under(at, "contact", |at| v.extensions(&mut c.extensions, at));
        }
        if let Some(l) = &mut top.info.license {
            under(at, "license", |at| v.extensions(&mut l.extensions, at));
        }
    });
    walk_external_docs(top.external_docs, at, v);
    under(at, "tags", |at| {
        for (i, tag) in top.tags.iter_mut().flatten().enumerate() {
            at_index(at, i, |at| {
                v.extensions(&mut tag.extensions, at);
                walk_external_docs(&mut tag.external_docs, at, v);
            });
        }
    });
    under(at, "paths", |at| v.extensions(top.paths, at));
}

#[inline(always)]
fn walk_path_items(
    items: &mut indexmap::map::Slice<String, PathItem>,
    at: &mut Pointer,
    v: &mut impl VisitMut,
) {
    under(at, "paths", |at| {
        for (path, item) in items.iter_mut() {
            under(at, path, |at| walk_path_item(item, at, v));
        }
    });
}

#[inline(always)]
fn walk_definitions(
    defs: &mut indexmap::map::Slice<String, Schema>,
    at: &mut Pointer,
    v: &mut impl VisitMut,
) {
    under(at, "definitions", |at| {
        for (name, s) in defs.iter_mut() {
            if v.definition(name) {
                under(at, name, |at| walk_schema_tree(s, at, v));
            }
        }
    });
}

#[inline(always)]
fn walk_shared(shared: Shared<'_>, at: &mut Pointer, v: &mut impl VisitMut) {
    under_each(at, "parameters", shared.parameters, |p, at| {
        walk_parameter(p, at, v)
    });
    under_each(at, "responses", shared.responses, |r, at| {
        walk_response(r, at, v)
    });
    under_each(
        at,
        "securityDefinitions",
        shared.security_definitions,
        |s, at| v.extensions(&mut s.extensions, at),
    );
}

/// One path item, its operations and their parameters and responses.
#[inline(always)]
fn walk_path_item(item: &mut PathItem, at: &mut Pointer, v: &mut impl VisitMut) {
    v.extensions(&mut item.extensions, at);
    walk_notification_schema(&mut item.extensions, at, v);
    walk_parameters(item.parameters.as_mut(), at, v);
    for (m, op) in item.operations_mut() {
        under(at, m, |at| {
            v.operation(op, at);
            v.extensions(&mut op.extensions, at);
            walk_external_docs(&mut op.external_docs, at, v);
            walk_parameters(op.parameters.as_mut(), at, v);
            under(at, "responses", |at| {
                v.extensions(&mut op.responses.extensions, at);
                for (code, r) in &mut op.responses.responses {
                    if let RefOr::Item(r) = r {
                        under(at, code, |at| walk_response(r, at, v));
                    }
                }
            });
        });
    }
}

/// A path item's `x-ms-notification-content.schema` is a schema kept as JSON; it is walked
/// like the others (read, walked, written back). One that does not read as a schema is left
/// alone: the reader has already dropped those it could not repair.
fn walk_notification_schema(ext: &mut Extensions, at: &mut Pointer, v: &mut impl VisitMut) {
    let Some(slot) = ext
        .get_mut("x-ms-notification-content")
        .and_then(|c| c.get_mut("schema"))
    else {
        return;
    };
    let Ok(mut schema) = Schema::deserialize(&*slot) else {
        return;
    };
    under(at, "x-ms-notification-content", |at| {
        under(at, "schema", |at| walk_schema_tree(&mut schema, at, v))
    });
    if let Ok(back) = serde_json::to_value(&schema) {
        *slot = back;
    }
}

fn walk_parameters(
    list: Option<&mut Vec<RefOr<Parameter>>>,
    at: &mut Pointer,
    v: &mut impl VisitMut,
) {
    let Some(list) = list else { return };
    under(at, "parameters", |at| {
        for (i, p) in list.iter_mut().enumerate() {
            if let RefOr::Item(p) = p {
                at_index(at, i, |at| walk_parameter(p, at, v));
            }
        }
    });
}

fn walk_parameter(p: &mut Parameter, at: &mut Pointer, v: &mut impl VisitMut) {
    v.parameter(p, at);
    v.extensions(&mut p.extensions, at);
    if let Some(s) = &mut p.schema {
        under(at, "schema", |at| walk_schema_tree(s, at, v));
    }
    if let Some(items) = &mut p.items {
        under(at, "items", |at| walk_items(items, at, v));
    }
}

fn walk_items(items: &mut Items, at: &mut Pointer, v: &mut impl VisitMut) {
    v.items(items, at);
    v.extensions(&mut items.extensions, at);
    if let Some(inner) = &mut items.items {
        under(at, "items", |at| walk_items(inner, at, v));
    }
}

fn walk_response(r: &mut Response, at: &mut Pointer, v: &mut impl VisitMut) {
    v.response(r, at);
    v.extensions(&mut r.extensions, at);
    if let Some(s) = &mut r.schema {
        under(at, "schema", |at| walk_schema_tree(s, at, v));
    }
    under_each(at, "headers", &mut r.headers, |h, at| {
        v.header(h, at);
        v.extensions(&mut h.extensions, at);
        if let Some(items) = &mut h.items {
            under(at, "items", |at| walk_items(items, at, v));
        }
    });
}

/// A function on a schema and its pointer.
pub type SchemaFn<'f> = &'f mut dyn FnMut(&mut Schema, &Pointer);

/// Calls `f` on every schema that no other schema holds (see [`VisitMut::schema_tree`]), with
/// its pointer, in the walk's order; `f` goes below it itself, if it needs to (with
/// [`Schema::children`]).
///
/// This and [`for_each_schema`] serve every caller with one copy of the walk's code, whatever
/// `f` is: a visitor type each would make one copy each (which the WebAssembly module's
/// size feels).
pub fn for_each_schema_tree(doc: &mut Document, f: SchemaFn<'_>) {
    struct Trees<'f>(SchemaFn<'f>);
    impl VisitMut for Trees<'_> {
        fn schema_tree(&mut self, s: &mut Schema, at: &Pointer) -> bool {
            (self.0)(s, at);
            false
        }
    }
    walk_document_mut(doc, &mut Trees(f));
}

/// The [`VisitMut::schema`] hook alone, as a function.
struct Each<'f>(SchemaFn<'f>);

impl VisitMut for Each<'_> {
    fn schema(&mut self, s: &mut Schema, at: &Pointer) {
        (self.0)(s, at);
    }
}

/// Calls `f` on every schema, nested ones too, with its pointer, before going below it.
pub fn for_each_schema(doc: &mut Document, f: SchemaFn<'_>) {
    walk_document_mut(doc, &mut Each(f));
}

/// [`for_each_schema`] on one schema (at `at`) and everything below it.
pub fn for_each_schema_in(s: &mut Schema, at: &Pointer, f: SchemaFn<'_>) {
    walk_schema(s, at, &mut Each(f));
}

/// Walks one schema and everything below it.
pub fn walk_schema(s: &mut Schema, at: &Pointer, v: &mut impl VisitMut) {
    walk_schema_tree(s, &mut at.clone(), v);
}

/// Walks a schema no other schema holds, unless the visitor takes it over.
fn walk_schema_tree(s: &mut Schema, at: &mut Pointer, v: &mut impl VisitMut) {
    if v.schema_tree(s, at) {
        walk_schema_at(s, at, v);
    }
}

fn walk_schema_at(s: &mut Schema, at: &mut Pointer, v: &mut impl VisitMut) {
    v.schema(s, at);
    v.extensions(&mut s.extensions, at);
    if let Some(x) = &mut s.xml {
        under(at, "xml", |at| v.extensions(&mut x.extensions, at));
    }
    if s.external_docs.is_some() {
        let mut docs = s.external_docs.take().map(|d| *d);
        walk_external_docs(&mut docs, at, v);
        s.external_docs = docs.map(Box::new);
    }
    if let Some(items) = &mut s.items {
        under(at, "items", |at| walk_schema_at(items, at, v));
    }
    if let Some(parts) = &mut s.all_of {
        under(at, "allOf", |at| {
            for (i, part) in parts.iter_mut().enumerate() {
                at_index(at, i, |at| walk_schema_at(part, at, v));
            }
        });
    }
    if let Some(props) = &mut s.properties {
        under_each(at, "properties", props, |p, at| walk_schema_at(p, at, v));
    }
    if let Some(AdditionalProperties::Schema(ap)) = &mut s.additional_properties {
        under(at, "additionalProperties", |at| walk_schema_at(ap, at, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connector_core::Diagnostics;
    use serde_json::json;

    fn document() -> Document {
        let leaf = json!({"type": "object", "properties": {"a~b": {"type": "string"}},
            "additionalProperties": {"type": "integer"}});
        let tree = json!({"type": "object", "items": leaf.clone(),
            "allOf": [leaf.clone(), {"$ref": "#/definitions/D"}],
            "properties": {"x/y": leaf.clone(), "z": {"type": "array", "items": leaf.clone()}},
            "additionalProperties": leaf.clone()});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "x-ms-notification-content": {"schema": leaf.clone()},
                "post": {
                "parameters": [{"name": "body", "in": "body", "schema": tree.clone()}],
                "responses": {"200": {"description": "ok", "schema": leaf}}}}},
            "definitions": {"D": tree}});
        read(v)
    }

    fn read(v: serde_json::Value) -> Document {
        crate::read_document(v, &mut Diagnostics::new())
    }

    /// Every schema's pointer, as the walk gives them.
    struct Walked(Vec<String>);
    impl VisitMut for Walked {
        fn schema(&mut self, _s: &mut Schema, at: &Pointer) {
            self.0.push(at.as_str().to_owned());
        }
    }

    /// Every schema's pointer from the trees' roots and `children`, and the roots.
    struct Trees(Vec<String>, Vec<String>);
    impl Trees {
        fn down(&mut self, s: &Schema, at: &mut Pointer) {
            self.0.push(at.as_str().to_owned());
            for (slot, child) in s.children() {
                let len = slot.push_onto(at);
                self.down(child, at);
                at.truncate(len);
            }
        }
    }
    impl VisitMut for Trees {
        fn schema(&mut self, _s: &mut Schema, at: &Pointer) {
            panic!("a tree taken over is not walked: {}", at.as_str());
        }
        fn schema_tree(&mut self, s: &mut Schema, at: &Pointer) -> bool {
            self.1.push(at.as_str().to_owned());
            self.down(s, &mut at.clone());
            false
        }
    }

    /// Every hook's call, with its pointer.
    #[derive(Default)]
    struct Hooks(Vec<String>);
    impl Hooks {
        fn saw(&mut self, hook: &str, at: &Pointer) {
            self.0.push(format!("{hook} {}", at.as_str()));
        }
    }
    impl VisitMut for Hooks {
        fn extensions(&mut self, _ext: &mut Extensions, at: &Pointer) {
            self.saw("extensions", at);
        }
        fn operation(&mut self, _op: &mut Operation, at: &Pointer) {
            self.saw("operation", at);
        }
        fn parameter(&mut self, _p: &mut Parameter, at: &Pointer) {
            self.saw("parameter", at);
        }
        fn items(&mut self, _i: &mut Items, at: &Pointer) {
            self.saw("items", at);
        }
        fn response(&mut self, _r: &mut Response, at: &Pointer) {
            self.saw("response", at);
        }
        fn header(&mut self, _h: &mut Header, at: &Pointer) {
            self.saw("header", at);
        }
        fn schema(&mut self, _s: &mut Schema, at: &Pointer) {
            self.saw("schema", at);
        }
        fn external_docs(&mut self, _d: &mut Option<ExternalDocs>, at: &Pointer) {
            self.saw("externalDocs", at);
        }
        fn definition(&mut self, name: &str) -> bool {
            self.0.push(format!("definition {name}"));
            true
        }
    }

    /// A document with something for every hook in every part of the walk.
    fn every_part() -> Document {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}},
            "externalDocs": {"url": "https://s"}, "x-s": 1});
        read(json!({"swagger": "2.0", "x-root": 1,
            "info": {"title": "t", "version": "1", "x-info": 1, "contact": {"x-c": 1},
                     "license": {"name": "l", "x-l": 1}},
            "externalDocs": {"url": "https://docs"},
            "tags": [{"name": "t", "x-t": 1, "externalDocs": {"url": "https://t"}}],
            "paths": {"x-p": 1, "/b": {
                "x-ms-notification-content": {"schema": schema.clone()},
                "parameters": [{"name": "q", "in": "query", "type": "array",
                                "items": {"type": "string"}}],
                "get": {"externalDocs": {"url": "https://op"}, "responses": {"200": {
                    "description": "ok", "schema": schema.clone(),
                    "headers": {"h": {"type": "string"}}}}}}},
            "definitions": {"D": schema.clone(), "E": {"$ref": "#/definitions/D"}},
            "parameters": {"p": {"name": "p", "in": "body", "schema": schema.clone()}},
            "responses": {"r": {"description": "r", "schema": schema}},
            "securityDefinitions": {"k": {"type": "apiKey", "name": "k", "in": "header",
                                          "x-k": 1}}}))
    }

    /// [`every_part`] with `n` more path items and definitions, so that the walk is cut into
    /// many pieces.
    fn many_parts(n: usize) -> Document {
        let mut doc = every_part();
        let (item, def) = (
            doc.paths.paths.get("/b").cloned(),
            doc.definitions.get("D").cloned(),
        );
        for i in 0..n {
            doc.paths
                .paths
                .insert(format!("/b{i}"), item.clone().unwrap_or_default());
            doc.definitions
                .insert(format!("D{i}"), def.clone().unwrap_or_default());
        }
        doc
    }

    #[test]
    fn a_walk_in_pieces_makes_the_whole_walks_calls_in_order() {
        // 101 path items and 102 definitions go in runs of 5 (about a 24th): 21 runs each.
        for (mut doc, pieces) in [(every_part(), 5), (document(), 4), (many_parts(100), 44)] {
            let mut whole = Hooks::default();
            walk_document_mut(&mut doc, &mut whole);
            let walked = walk_document_in_pieces(&mut doc, &Hooks::default);
            // Top, runs of path items, runs of definitions, the shared parts.
            assert_eq!(walked.len(), pieces);
            let calls: Vec<String> = walked.into_iter().flat_map(|v| v.0).collect();
            assert_eq!(calls, whole.0);
        }
        let mut whole = Hooks::default();
        walk_document_mut(&mut every_part(), &mut whole);
        for call in [
            "extensions ",
            "extensions /info/license",
            "externalDocs /tags/0/externalDocs",
            "extensions /paths",
            "schema /paths/~1b/x-ms-notification-content/schema",
            "items /paths/~1b/parameters/0/items",
            "header /paths/~1b/get/responses/200/headers/h",
            "schema /definitions/E",
            "parameter /parameters/p",
            "response /responses/r",
            "extensions /securityDefinitions/k",
        ] {
            assert!(whole.0.contains(&call.to_owned()), "{call}: {:?}", whole.0);
        }
    }

    #[test]
    fn children_come_in_the_walks_order_and_trees_can_be_taken_over() {
        let mut doc = document();
        let mut walked = Walked(Vec::new());
        walk_document_mut(&mut doc, &mut walked);
        let mut trees = Trees(Vec::new(), Vec::new());
        walk_document_mut(&mut doc, &mut trees);
        assert_eq!(trees.0, walked.0);
        assert!(
            walked
                .0
                .contains(&"/definitions/D/properties/x~1y/properties/a~0b".into())
        );
        assert!(walked.0.contains(&"/definitions/D/allOf/1".into()));
        let roots = [
            "/paths/~1a/x-ms-notification-content/schema",
            "/paths/~1a/post/parameters/0/schema",
            "/paths/~1a/post/responses/200/schema",
            "/definitions/D",
        ];
        assert_eq!(trees.1, roots);
    }

    #[test]
    fn children_mut_reaches_the_same_schemas() {
        let mut doc = document();
        let Some(tree) = doc.definitions.get_mut("D") else {
            panic!("no definition");
        };
        let slots: Vec<String> = tree.children().map(|(s, _)| format!("{s:?}")).collect();
        for (_, child) in tree.children_mut() {
            child.title = Some("seen".into());
        }
        let titles = tree.children().filter(|(_, c)| c.title.is_some()).count();
        assert_eq!(titles, slots.len());
        assert_eq!(slots.len(), 6, "{slots:?}");
    }
}
