//! A mutable walk over every object of a document, with the JSON pointer of each.
//!
//! Implement the hooks of [`VisitMut`] that matter and call [`walk_document_mut`]; each hook
//! runs before the walk descends into the object's children.

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
    /// Every `externalDocs` slot that holds a value (document, tags, operations, schemas);
    /// the hook may empty it.
    fn external_docs(&mut self, _d: &mut Option<ExternalDocs>, _at: &Pointer) {}
}

fn walk_external_docs(d: &mut Option<ExternalDocs>, at: &Pointer, v: &mut impl VisitMut) {
    if d.is_some() {
        v.external_docs(d, at);
    }
    if let Some(docs) = d {
        v.extensions(&mut docs.extensions, at);
    }
}

/// Walks the whole document, calling the hooks of `v`.
pub fn walk_document_mut(doc: &mut Document, v: &mut impl VisitMut) {
    let root = Pointer::root();
    v.extensions(&mut doc.extensions, &root);
    let at = root.push("info");
    v.extensions(&mut doc.info.extensions, &at);
    if let Some(c) = &mut doc.info.contact {
        v.extensions(&mut c.extensions, &at.push("contact"));
    }
    if let Some(l) = &mut doc.info.license {
        v.extensions(&mut l.extensions, &at.push("license"));
    }
    walk_external_docs(&mut doc.external_docs, &root.push("externalDocs"), v);
    for (i, tag) in doc.tags.iter_mut().flatten().enumerate() {
        let at = root.push("tags").index(i);
        v.extensions(&mut tag.extensions, &at);
        walk_external_docs(&mut tag.external_docs, &at.push("externalDocs"), v);
    }
    let at = root.push("paths");
    v.extensions(&mut doc.paths.extensions, &at);
    for (path, item) in &mut doc.paths.paths {
        let at = at.push(path);
        v.extensions(&mut item.extensions, &at);
        walk_notification_schema(&mut item.extensions, &at, v);
        walk_parameters(item.parameters.as_mut(), &at.push("parameters"), v);
        for (m, op) in item.operations_mut() {
            let at = at.push(m);
            v.operation(op, &at);
            v.extensions(&mut op.extensions, &at);
            walk_external_docs(&mut op.external_docs, &at.push("externalDocs"), v);
            walk_parameters(op.parameters.as_mut(), &at.push("parameters"), v);
            let at = at.push("responses");
            v.extensions(&mut op.responses.extensions, &at);
            for (code, r) in &mut op.responses.responses {
                if let RefOr::Item(r) = r {
                    walk_response(r, &at.push(code), v);
                }
            }
        }
    }
    let at = root.push("definitions");
    for (name, s) in &mut doc.definitions {
        walk_schema(s, &at.push(name), v);
    }
    let at = root.push("parameters");
    for (name, p) in &mut doc.parameters {
        walk_parameter(p, &at.push(name), v);
    }
    let at = root.push("responses");
    for (name, r) in &mut doc.responses {
        walk_response(r, &at.push(name), v);
    }
    let at = root.push("securityDefinitions");
    for (name, s) in &mut doc.security_definitions {
        v.extensions(&mut s.extensions, &at.push(name));
    }
}

/// A path item's `x-ms-notification-content.schema` is a schema kept as JSON; it is walked
/// like the others (read, walked, written back). One that does not read as a schema is left
/// alone: the reader has already dropped those it could not repair.
fn walk_notification_schema(ext: &mut Extensions, at: &Pointer, v: &mut impl VisitMut) {
    let Some(slot) = ext
        .get_mut("x-ms-notification-content")
        .and_then(|c| c.get_mut("schema"))
    else {
        return;
    };
    let Ok(mut schema) = Schema::deserialize(&*slot) else {
        return;
    };
    walk_schema(
        &mut schema,
        &at.push("x-ms-notification-content").push("schema"),
        v,
    );
    if let Ok(back) = serde_json::to_value(&schema) {
        *slot = back;
    }
}

fn walk_parameters(list: Option<&mut Vec<RefOr<Parameter>>>, at: &Pointer, v: &mut impl VisitMut) {
    for (i, p) in list.into_iter().flatten().enumerate() {
        if let RefOr::Item(p) = p {
            walk_parameter(p, &at.index(i), v);
        }
    }
}

fn walk_parameter(p: &mut Parameter, at: &Pointer, v: &mut impl VisitMut) {
    v.parameter(p, at);
    v.extensions(&mut p.extensions, at);
    if let Some(s) = &mut p.schema {
        walk_schema(s, &at.push("schema"), v);
    }
    if let Some(items) = &mut p.items {
        walk_items(items, &at.push("items"), v);
    }
}

fn walk_items(items: &mut Items, at: &Pointer, v: &mut impl VisitMut) {
    v.items(items, at);
    v.extensions(&mut items.extensions, at);
    if let Some(inner) = &mut items.items {
        walk_items(inner, &at.push("items"), v);
    }
}

fn walk_response(r: &mut Response, at: &Pointer, v: &mut impl VisitMut) {
    v.response(r, at);
    v.extensions(&mut r.extensions, at);
    if let Some(s) = &mut r.schema {
        walk_schema(s, &at.push("schema"), v);
    }
    for (name, h) in &mut r.headers {
        let at = at.push("headers").push(name);
        v.header(h, &at);
        v.extensions(&mut h.extensions, &at);
        if let Some(items) = &mut h.items {
            walk_items(items, &at.push("items"), v);
        }
    }
}

/// Walks one schema and everything below it.
pub fn walk_schema(s: &mut Schema, at: &Pointer, v: &mut impl VisitMut) {
    v.schema(s, at);
    v.extensions(&mut s.extensions, at);
    if let Some(x) = &mut s.xml {
        v.extensions(&mut x.extensions, &at.push("xml"));
    }
    walk_external_docs(&mut s.external_docs, &at.push("externalDocs"), v);
    if let Some(items) = &mut s.items {
        walk_schema(items, &at.push("items"), v);
    }
    for (i, part) in s.all_of.iter_mut().flatten().enumerate() {
        walk_schema(part, &at.push("allOf").index(i), v);
    }
    for (name, p) in s.properties.iter_mut().flatten() {
        walk_schema(p, &at.push("properties").push(name), v);
    }
    if let Some(AdditionalProperties::Schema(ap)) = &mut s.additional_properties {
        walk_schema(ap, &at.push("additionalProperties"), v);
    }
}
