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
    /// Every `externalDocs` slot that holds a value (document, tags, operations, schemas);
    /// the hook may empty it.
    fn external_docs(&mut self, _d: &mut Option<ExternalDocs>, _at: &Pointer) {}
    /// Whether to walk the definition `name`: every one is walked unless the visitor knows
    /// it has nothing to do there.
    fn definition(&mut self, _name: &str) -> bool {
        true
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
    v.extensions(&mut doc.extensions, at);
    under(at, "info", |at| {
        v.extensions(&mut doc.info.extensions, at);
        if let Some(c) = &mut doc.info.contact {
            under(at, "contact", |at| v.extensions(&mut c.extensions, at));
        }
        if let Some(l) = &mut doc.info.license {
            under(at, "license", |at| v.extensions(&mut l.extensions, at));
        }
    });
    walk_external_docs(&mut doc.external_docs, at, v);
    under(at, "tags", |at| {
        for (i, tag) in doc.tags.iter_mut().flatten().enumerate() {
            at_index(at, i, |at| {
                v.extensions(&mut tag.extensions, at);
                walk_external_docs(&mut tag.external_docs, at, v);
            });
        }
    });
    under(at, "paths", |at| {
        v.extensions(&mut doc.paths.extensions, at);
        for (path, item) in &mut doc.paths.paths {
            under(at, path, |at| {
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
            });
        }
    });
    under(at, "definitions", |at| {
        for (name, s) in doc.definitions.iter_mut() {
            if v.definition(name) {
                under(at, name, |at| walk_schema_at(s, at, v));
            }
        }
    });
    under_each(at, "parameters", &mut doc.parameters, |p, at| {
        walk_parameter(p, at, v)
    });
    under_each(at, "responses", &mut doc.responses, |r, at| {
        walk_response(r, at, v)
    });
    under_each(
        at,
        "securityDefinitions",
        &mut doc.security_definitions,
        |s, at| v.extensions(&mut s.extensions, at),
    );
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
        under(at, "schema", |at| walk_schema_at(&mut schema, at, v))
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
        under(at, "schema", |at| walk_schema_at(s, at, v));
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
        under(at, "schema", |at| walk_schema_at(s, at, v));
    }
    under_each(at, "headers", &mut r.headers, |h, at| {
        v.header(h, at);
        v.extensions(&mut h.extensions, at);
        if let Some(items) = &mut h.items {
            under(at, "items", |at| walk_items(items, at, v));
        }
    });
}

/// Walks one schema and everything below it.
pub fn walk_schema(s: &mut Schema, at: &Pointer, v: &mut impl VisitMut) {
    walk_schema_at(s, &mut at.clone(), v);
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
