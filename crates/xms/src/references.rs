//! References the platform cannot follow: anything but `#/definitions/…`, `#/parameters/…`
//! and `#/responses/…` naming an entry that exists, and `$ref` on path items.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use indexmap::IndexMap;

use crate::codes;

fn target<'a>(r: &'a str, prefix: &str) -> Option<String> {
    r.strip_prefix(prefix)
        .map(|n: &'a str| n.replace("~1", "/").replace("~0", "~"))
}

/// Replaces or drops every reference that points at nothing the document defines.
pub fn references(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let root = Pointer::root();
    let definitions: Vec<String> = doc.definitions.keys().cloned().collect();
    let parameters: IndexMap<String, ()> = doc.parameters.keys().map(|k| (k.clone(), ())).collect();
    let responses: IndexMap<String, ()> = doc.responses.keys().map(|k| (k.clone(), ())).collect();
    let defs = |r: &str| target(r, "#/definitions/").is_some_and(|n| definitions.contains(&n));

    for (path, item) in doc.paths.paths.iter_mut() {
        let pat = root.push("paths").push(path);
        if let Some(r) = item.reference.take() {
            diags.warn(
                codes::XMS_REFERENCE,
                &pat.push("$ref"),
                format!("path item `$ref: {r}` is not supported by the platform; it was dropped"),
            );
        }
        for (method, op) in item.operations_mut() {
            let oat = pat.push(method);
            if let Some(params) = &mut op.parameters {
                let mut index = 0;
                params.retain_mut(|p| {
                    let at = oat.push("parameters").index(index);
                    index += 1;
                    match p {
                        sw::RefOr::Ref(r) => {
                            let ok = target(r, "#/parameters/").is_some_and(|n| parameters.contains_key(&n));
                            if !ok {
                                diags.error(codes::XMS_REFERENCE, &at, format!("parameter `$ref: {r}` points at nothing; the parameter was dropped"));
                            }
                            ok
                        }
                        sw::RefOr::Item(p) => {
                            if let Some(s) = &mut p.schema {
                                schema(s, &at.push("schema"), &defs, diags);
                            }
                            true
                        }
                    }
                });
                if params.is_empty() {
                    op.parameters = None;
                }
            }
            for (code, r) in op.responses.responses.iter_mut() {
                let at = oat.push("responses").push(code);
                match r {
                    sw::RefOr::Ref(reference) => {
                        if !target(reference, "#/responses/")
                            .is_some_and(|n| responses.contains_key(&n))
                        {
                            diags.error(codes::XMS_REFERENCE, &at, format!("response `$ref: {reference}` points at nothing; a bare response stands in"));
                            *r = sw::RefOr::Item(sw::Response {
                                description: "Response".into(),
                                ..Default::default()
                            });
                        }
                    }
                    sw::RefOr::Item(resp) => {
                        if let Some(s) = &mut resp.schema {
                            schema(s, &at.push("schema"), &defs, diags);
                        }
                    }
                }
            }
        }
    }
    for (name, s) in doc.definitions.iter_mut() {
        schema(s, &root.push("definitions").push(name), &defs, diags);
    }
    for (name, p) in doc.parameters.iter_mut() {
        if let Some(s) = &mut p.schema {
            schema(
                s,
                &root.push("parameters").push(name).push("schema"),
                &defs,
                diags,
            );
        }
    }
    for (name, r) in doc.responses.iter_mut() {
        if let Some(s) = &mut r.schema {
            schema(
                s,
                &root.push("responses").push(name).push("schema"),
                &defs,
                diags,
            );
        }
    }
}

fn schema(s: &mut sw::Schema, at: &Pointer, defs: &dyn Fn(&str) -> bool, diags: &mut Diagnostics) {
    if let Some(r) = &s.reference {
        if !defs(r) {
            diags.error(
                codes::XMS_REFERENCE,
                &at.push("$ref"),
                format!("schema `$ref: {r}` points at no definition; an untyped schema stands in"),
            );
            s.reference = None;
        }
        return;
    }
    if let Some(i) = &mut s.items {
        schema(i, &at.push("items"), defs, diags);
    }
    for (i, part) in s.all_of.iter_mut().flatten().enumerate() {
        schema(part, &at.push("allOf").index(i), defs, diags);
    }
    for (name, p) in s.properties.iter_mut().flatten() {
        schema(p, &at.push("properties").push(name), defs, diags);
    }
    if let Some(sw::AdditionalProperties::Schema(ap)) = &mut s.additional_properties {
        schema(ap, &at.push("additionalProperties"), defs, diags);
    }
}
