//! Path keys the platform rejects, made acceptable without losing operations:
//!
//! - stray braces are percent-encoded (`OperationPathTemplateNotValid`);
//! - a `#fragment` (an OpenAPI trick to give one URL several operations) is dropped, and a
//!   `?a=b` query part becomes required internal query parameters with those defaults
//!   (`OperationPathMayNotContainQueryOrFragment`);
//! - paths that differ only in variable names, letter case or a trailing slash
//!   (`DuplicateOperationPath`, `PathRedefined`) are merged into one path item when their
//!   methods do not clash (path parameters renamed to the kept template's names);
//! - an operation whose method clashes moves to a new, distinct path (the old path plus a
//!   segment) and a `routerequesttoendpoint` policy sends its calls to the real path.
//!
//! Runs after operation ids are final (the policy names them).

use connector_core::collections::HashMap;

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::{Value, json};

use crate::{codes, template_variables};

/// Makes a path template the platform takes: braces that do not form a `{name}` within one
/// segment are percent-encoded, as is a `*` outside a variable; inside one, URI-template
/// modifiers go (`{path*}` → `{path}`) and so do defaults (`{v=1}` → `{v}`).
pub fn repair_template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let chars: Vec<char> = path.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '{' => {
                // A variable: `{`, then a run without `{`, `}` or `/`, then `}`.
                let end = chars
                    .iter()
                    .skip(i + 1)
                    .position(|&d| matches!(d, '{' | '}' | '/'))
                    .map(|p| p + i + 1);
                if let Some(e) = end.filter(|e| chars.get(*e) == Some(&'}')) {
                    let inner: String = chars.get(i + 1..e).into_iter().flatten().collect();
                    let name = inner.split('=').next().unwrap_or_default().replace('*', "");
                    // A name holding `?`, `#`, quotes or spaces is not a variable (and `?` or
                    // `#` there starts a query or fragment).
                    let plain = name.chars().all(|c| {
                        c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@' | '+' | ':')
                    });
                    if !name.is_empty() && plain {
                        out.push('{');
                        out.push_str(&name);
                        out.push('}');
                        i = e + 1;
                        continue;
                    }
                }
                out.push_str("%7B");
            }
            '}' => out.push_str("%7D"),
            '*' => out.push_str("%2A"),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

use connector_swagger2::platform::path_shape as shape;

/// Splits `/a?x=1&y#frag` into (`/a`, [(x, 1), (y, "")], Some(frag)).
fn split_path(path: &str) -> (String, Vec<(String, String)>, Option<String>) {
    let (before_fragment, fragment) = match path.split_once('#') {
        Some((a, f)) => (a, Some(f.to_owned())),
        None => (path, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, q),
        None => (before_fragment, ""),
    };
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .collect();
    let base = if base.is_empty() { "/" } else { base };
    (base.to_owned(), pairs, fragment)
}

/// A readable extra segment from free text (`refresh`, `comp-list`).
fn segment(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_owned()
}

/// See the module documentation.
pub fn paths(doc: &mut sw::Document, props: &mut sw::ConnectorProperties, diags: &mut Diagnostics) {
    paths_with(doc, props, false, diags);
}

/// [`paths`]; for a `connector` input, paths the platform tells apart well enough (`/x`
/// beside `/x/`, or names that differ with no method in common: certified connectors carry
/// both) are left as they are rather than merged.
pub(crate) fn paths_with(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    connector: bool,
    diags: &mut Diagnostics,
) {
    let paths_at = Pointer::root().push("paths");
    let base_path = doc
        .base_path
        .as_deref()
        .map(|b| b.trim_end_matches('/'))
        .unwrap_or_default()
        .to_owned();
    let old = std::mem::take(&mut doc.paths.paths);
    let mut placed = Placed {
        out: IndexMap::with_capacity_and_hasher(old.len(), Default::default()),
        shapes: HashMap::default(),
        routes: Vec::new(),
        connector,
    };
    for (key, mut item) in old {
        let at = paths_at.push(&key);
        let Some(repaired) = repair_key(&key, &mut item, &doc.parameters, &at, diags) else {
            continue;
        };
        let (base, query, fragment) = split_path(&repaired);
        sync_path_parameters(&base, &mut item, &doc.parameters, &at, diags);
        if !query.is_empty() || fragment.is_some() {
            constant_query(&key, &base, &query, &mut item, &at, diags);
        }
        let hint = fragment
            .as_deref()
            .map(segment)
            .filter(|s| !s.is_empty())
            .or_else(|| {
                let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}-{v}")).collect();
                Some(segment(&q.join("-"))).filter(|s| !s.is_empty())
            });
        let real = format!("{base_path}{base}");
        placed.place(&key, base, real, hint, item, &doc.parameters, &at, diags);
    }
    doc.paths.paths = placed.out;
    add_routes(props, placed.routes);
}

/// The repairs of a path key's text: stray braces, a missing leading `/`, reserved and
/// repeated variable names. `None` when the key is no path and holds no operation (dropped).
fn repair_key(
    key: &str,
    item: &mut sw::PathItem,
    shared: &IndexMap<String, sw::Parameter>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut repaired = repair_template(key);
    if repaired != key {
        diags.warn(
            codes::XMS_PATH_REPAIRED,
            at,
            format!("path `{key}` had braces or characters the platform does not take; it is `{repaired}` now"),
        );
    }
    if !repaired.starts_with('/') {
        if item.operations().next().is_none() {
            diags.warn(
                codes::XMS_PATH_REPAIRED,
                at,
                format!(
                    "`{key}` is not a path (no leading `/`) and holds no operation; it was dropped"
                ),
            );
            return None;
        }
        repaired.insert(0, '/');
        diags.warn(
            codes::XMS_PATH_REPAIRED,
            at,
            format!("path `{key}` did not start with `/`; it is `{repaired}` now"),
        );
    }
    let repaired = rename_reserved_variables(repaired, item, shared, at, diags);
    Some(rename_repeated_variables(repaired, at, diags))
}

/// Path parameters follow the template: those whose variable was cut off (with a fragment or
/// query) go, and a variable a repair made gets a required string parameter.
fn sync_path_parameters(
    base: &str,
    item: &mut sw::PathItem,
    shared: &IndexMap<String, sw::Parameter>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    // Variables cut off with a fragment or query leave their parameters behind.
    let kept_vars = template_variables(base);
    for (method, op) in item.operations_mut() {
        let Some(params) = op.parameters.as_mut() else {
            continue;
        };
        let before = params.len();
        params.retain(|p| {
            p.as_item().is_none_or(|p| {
                p.location != sw::ParameterLocation::Path || kept_vars.contains(&p.name)
            })
        });
        if params.len() < before {
            diags.warn(
                codes::XMS_PATH_PARAMETER_UNUSED,
                &at.push(method).push("parameters"),
                format!(
                    "{} path parameter(s) named a variable that is not in `{base}`; dropped",
                    before - params.len()
                ),
            );
        }
    }
    // A repair can also make a variable (`/{id/{s}x}` keeps `{s}`): it gets a parameter.
    let item_vars: Vec<String> = item
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| crate::resolve(p, shared))
        .filter(|p| p.location == sw::ParameterLocation::Path)
        .map(|p| p.name.clone())
        .collect();
    for (method, op) in item.operations_mut() {
        for var in &kept_vars {
            let declared = item_vars.contains(var)
                || op.parameters.iter().flatten().any(|p| {
                    crate::resolve(p, shared).is_some_and(|p| {
                        p.location == sw::ParameterLocation::Path && &p.name == var
                    })
                });
            if !declared {
                op.parameters
                    .get_or_insert_with(Vec::new)
                    .push(crate::path_parameter(var));
                diags.warn(
                    codes::XMS_PATH_PARAMETER_ADDED,
                    &at.push(method).push("parameters"),
                    format!("`{{{var}}}` in the repaired path had no parameter; a required string parameter was added"),
                );
            }
        }
    }
}

/// A `?a=b` query part becomes required internal query parameters with those defaults; a
/// `#fragment` is dropped.
fn constant_query(
    key: &str,
    base: &str,
    query: &[(String, String)],
    item: &mut sw::PathItem,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    for (_, op) in item.operations_mut() {
        add_constant_query(op, query);
    }
    diags.warn(
        codes::XMS_PATH_REPAIRED,
        at,
        format!(
            "path `{key}` holds a query string or fragment; the path is `{base}`{}",
            if query.is_empty() {
                String::new()
            } else {
                format!(
                    " and {} became required internal query parameters",
                    query
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ),
    );
}

/// The paths placed so far: by key, by shape, and the operations routed elsewhere.
struct Placed {
    out: IndexMap<String, sw::PathItem>,
    /// shape → key in `out`.
    shapes: HashMap<String, String>,
    routes: Vec<(String, String, Pointer)>,
    /// The input is a connector: what the platform took stays apart.
    connector: bool,
}

impl Placed {
    /// Places a path item: alone when no placed path has its shape; otherwise its operations
    /// are merged into that path where the method is free, and each clashing one gets a
    /// distinct path of its own, routed to the real one (`real`, with the base path).
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        key: &str,
        base: String,
        real: String,
        hint: Option<String>,
        mut item: sw::PathItem,
        shared: &IndexMap<String, sw::Parameter>,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) {
        let sh = shape(&base);
        let Some(existing_key) = self.shapes.get(&sh).cloned() else {
            self.shapes.insert(sh, base.clone());
            self.out.insert(base, item);
            return;
        };
        if self.connector && self.tolerated(&existing_key, &base, &item) {
            self.out.insert(base, item);
            return;
        }
        let mut leftover = self.merge(key, &base, &existing_key, &mut item, shared, at, diags);
        if leftover.operations().next().is_none() {
            // Every operation found a place: the path item's extensions (a webhook's
            // `x-ms-notification-content`, say) go with them.
            if let Some(target) = self.out.get_mut(&existing_key) {
                keep_extensions(&mut leftover.extensions, &mut target.extensions, at, diags);
            }
            return;
        }
        self.route(key, &base, &existing_key, real, hint, leftover, at, diags);
    }

    /// Whether the platform takes `base` beside the placed `existing_key` as they are: they
    /// differ only in a trailing slash, or share no method (docs/rules.md).
    fn tolerated(&self, existing_key: &str, base: &str, item: &sw::PathItem) -> bool {
        let slash_only = existing_key.trim_end_matches('/') == base.trim_end_matches('/');
        let shared = self.out.get(existing_key).is_some_and(|placed| {
            item.operations()
                .any(|(m, _)| placed.operation(m).is_some())
        });
        slash_only || !shared
    }

    /// Merges the operations of `item` whose method is free at `existing_key`; returns the
    /// rest, with the item's extensions.
    #[allow(clippy::too_many_arguments)]
    fn merge(
        &mut self,
        key: &str,
        base: &str,
        existing_key: &str,
        item: &mut sw::PathItem,
        shared: &IndexMap<String, sw::Parameter>,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) -> sw::PathItem {
        let target_vars = template_variables(existing_key);
        let own_vars = template_variables(base);
        let mut leftover = sw::PathItem {
            extensions: std::mem::take(&mut item.extensions),
            ..sw::PathItem::default()
        };
        for method in sw::METHODS {
            let Some(slot) = item.operation_slot(method) else {
                continue;
            };
            let Some(mut op) = slot.take() else { continue };
            match self.out.get_mut(existing_key) {
                Some(t) if t.operation(method).is_none() => {
                    rename_path_parameters(&mut op.parameters, &own_vars, &target_vars, shared);
                    if let Some(s) = t.operation_slot(method) {
                        *s = Some(op);
                    }
                    diags.info(
                        codes::XMS_PATH_MERGED,
                        &at.push(method),
                        format!(
                            "{} {key} was merged into path `{existing_key}` (the platform cannot tell the two paths apart)",
                            method.to_uppercase()
                        ),
                    );
                }
                _ => {
                    if let Some(s) = leftover.operation_slot(method) {
                        *s = Some(op);
                    }
                }
            }
        }
        leftover
    }

    /// Gives each clashing operation its own distinct path, routed to the real one.
    #[allow(clippy::too_many_arguments)]
    fn route(
        &mut self,
        key: &str,
        base: &str,
        existing_key: &str,
        real: String,
        hint: Option<String>,
        mut leftover: sw::PathItem,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) {
        for method in sw::METHODS {
            let Some(op) = leftover.operation_slot(method).and_then(Option::take) else {
                continue;
            };
            let id = op.operation_id.clone().unwrap_or_else(|| method.to_owned());
            let extra = hint.clone().unwrap_or_else(|| segment(&id));
            let stem = base.trim_end_matches('/');
            let mut candidate = format!("{stem}/{extra}");
            let mut n = 2;
            while self.shapes.contains_key(&shape(&candidate)) {
                candidate = format!("{stem}/{extra}-{n}");
                n += 1;
            }
            self.shapes.insert(shape(&candidate), candidate.clone());
            diags.warn(
                codes::XMS_PATH_ROUTED,
                &at.push(method),
                format!(
                    "{} {key} cannot share a path with {} {existing_key}; it is declared at `{candidate}` and a routerequesttoendpoint policy sends it to `{real}`",
                    method.to_uppercase(),
                    method.to_uppercase()
                ),
            );
            self.routes.push((id, real.clone(), at.push(method)));
            let mut item = sw::PathItem {
                extensions: leftover.extensions.clone(),
                ..sw::PathItem::default()
            };
            if let Some(s) = item.operation_slot(method) {
                *s = Some(op);
            }
            self.out.insert(candidate, item);
        }
    }
}

/// Moves the extensions of a merged path item into the item it was merged into; one the
/// target already has with another value stays the target's, reported.
fn keep_extensions(
    from: &mut sw::Extensions,
    into: &mut sw::Extensions,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    for (key, value) in std::mem::take(from) {
        match into.get(&key) {
            None => {
                into.insert(key, value);
            }
            Some(kept) if *kept == value => {}
            Some(_) => {
                diags.warn(
                    codes::XMS_PATH_MERGED,
                    &at.push(&key),
                    format!("`{key}` differs from the one of the path this path was merged into; that one was kept"),
                );
            }
        }
    }
}

/// One `routerequesttoendpoint` policy per routed operation.
fn add_routes(props: &mut sw::ConnectorProperties, routes: Vec<(String, String, Pointer)>) {
    for (id, real, _) in routes {
        let mut parameters = IndexMap::default();
        parameters.insert(
            "x-ms-apimTemplateParameter.newPath".to_owned(),
            Value::String(real),
        );
        parameters.insert(
            "x-ms-apimTemplateParameter.httpMethod".to_owned(),
            json!("@Request.OriginalHTTPMethod"),
        );
        parameters.insert("x-ms-apimTemplate-operationName".to_owned(), json!([id]));
        props
            .policy_template_instances
            .push(sw::PolicyTemplateInstance {
                template_id: "routerequesttoendpoint".into(),
                title: Some(format!("Route {id}")),
                parameters,
            });
    }
}

/// A template that names one variable twice (`/a/{id}/b/{id}`) gets a new name for each later
/// use (`{id2}`); the repair step after this gives the new variable its own parameter.
fn rename_repeated_variables(path: String, at: &Pointer, diags: &mut Diagnostics) -> String {
    let vars = template_variables(&path);
    let mut seen: Vec<String> = Vec::new();
    if vars.iter().all(|v| {
        let fresh = !seen.contains(v);
        seen.push(v.clone());
        fresh
    }) {
        return path;
    }
    let mut out = String::with_capacity(path.len() + 4);
    let mut taken: Vec<String> = vars.clone();
    let mut met: Vec<String> = Vec::new();
    let mut rest = path.as_str();
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        out.push_str(before);
        if met.iter().any(|m| m == name) {
            let new = connector_core::unique_name(name, |n| !taken.iter().any(|t| t == n));
            diags.warn(
                codes::XMS_PATH_REPAIRED,
                at,
                format!("path `{path}` names the variable `{name}` twice; the later one is `{{{new}}}`, with a parameter of its own (give it the same value)"),
            );
            out.push_str(&format!("{{{new}}}"));
            taken.push(new);
        } else {
            met.push(name.to_owned());
            out.push_str(&format!("{{{name}}}"));
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A path variable named as the platform's reserved `connectionId` is renamed, in the path
/// and in the parameters that declare it: a path variable's name is never sent.
fn rename_reserved_variables(
    path: String,
    item: &mut sw::PathItem,
    shared: &IndexMap<String, sw::Parameter>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> String {
    let vars = template_variables(&path);
    let from: Vec<String> = vars
        .iter()
        .filter(|v| sw::platform::is_reserved_parameter_name(v))
        .cloned()
        .collect();
    if from.is_empty() {
        return path;
    }
    let mut renamed = path.clone();
    let mut to: Vec<String> = Vec::with_capacity(from.len());
    for old in &from {
        let new = connector_core::unique_name("connection_id", |n| {
            !vars.iter().chain(&to).any(|v| v == n)
        });
        renamed = renamed.replace(&format!("{{{old}}}"), &format!("{{{new}}}"));
        diags.warn(
            codes::XMS_PARAMETER_NAME,
            at,
            format!("path variable `{old}` has the name the platform reserves; it is `{new}` now (its name is not sent, so calls are unchanged)"),
        );
        to.push(new);
    }
    rename_path_parameters(&mut item.parameters, &from, &to, shared);
    for (_, op) in item.operations_mut() {
        rename_path_parameters(&mut op.parameters, &from, &to, shared);
    }
    renamed
}

/// `?a=b` of a path key → a required internal query parameter `a` with default `b`.
fn add_constant_query(op: &mut sw::Operation, query: &[(String, String)]) {
    let params = op.parameters.get_or_insert_with(Vec::new);
    for (name, value) in query {
        let existing = params
            .iter_mut()
            .filter_map(sw::RefOr::as_item_mut)
            .find(|p| p.location == sw::ParameterLocation::Query && &p.name == name);
        if let Some(p) = existing {
            if p.validation.default.is_none() {
                // The parameter's own type: an array one takes the value as its one item.
                let one = Value::String(value.clone());
                p.validation.default = Some(if p.type_.as_deref() == Some("array") {
                    Value::Array(vec![one])
                } else {
                    one
                });
            }
            continue;
        }
        let mut extensions = sw::Extensions::new();
        extensions.insert("x-ms-visibility".into(), json!("internal"));
        let mut validation = sw::Validation {
            default: Some(Value::String(value.clone())),
            ..sw::Validation::default()
        };
        if !value.is_empty() {
            validation.enumeration = Some(vec![Value::String(value.clone())]);
        }
        params.push(sw::RefOr::Item(sw::Parameter {
            name: name.clone(),
            location: sw::ParameterLocation::Query,
            description: Some(format!("Always `{value}` for this operation.")),
            required: Some(true),
            schema: None,
            type_: Some("string".into()),
            format: None,
            allow_empty_value: None,
            items: None,
            collection_format: None,
            validation: validation.into(),
            extensions,
        }));
    }
}

/// Renames path parameters from `from` names to `to` names, position by position. A shared
/// (`$ref`) path parameter that needs a new name is inlined first.
fn rename_path_parameters(
    params: &mut Option<Vec<sw::RefOr<sw::Parameter>>>,
    from: &[String],
    to: &[String],
    shared: &IndexMap<String, sw::Parameter>,
) {
    for slot in params.iter_mut().flatten() {
        if let sw::RefOr::Ref(r) = slot {
            let target = r
                .strip_prefix("#/parameters/")
                .map(connector_core::unescape_token)
                .and_then(|n| shared.get(&n));
            if let Some(p) = target.filter(|p| p.location == sw::ParameterLocation::Path) {
                *slot = sw::RefOr::Item(p.clone());
            }
        }
        let Some(p) = slot.as_item_mut() else {
            continue;
        };
        if p.location != sw::ParameterLocation::Path {
            continue;
        }
        if let Some(i) = from.iter().position(|f| f == &p.name) {
            if let Some(new) = to.get(i) {
                p.name = new.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_named_twice_gets_a_new_name_for_its_later_use() {
        let mut diags = Diagnostics::new();
        let at = Pointer::root();
        let path = rename_repeated_variables("/a/{id}/b/{id}/{id_2}/{id}".into(), &at, &mut diags);
        assert_eq!(path, "/a/{id}/b/{id2}/{id_2}/{id3}");
        assert_eq!(diags.into_vec().len(), 2);
        let mut diags = Diagnostics::new();
        let same = rename_repeated_variables("/a/{id}/{b}".into(), &at, &mut diags);
        assert_eq!(same, "/a/{id}/{b}");
        assert!(diags.into_vec().is_empty());
    }

    #[test]
    fn stray_braces_are_encoded() {
        assert_eq!(repair_template("/{a}/{b}}}"), "/{a}/{b}%7D%7D");
        assert_eq!(repair_template("/{a/b}"), "/%7Ba/b%7D");
        assert_eq!(repair_template("/{}"), "/%7B%7D");
        assert_eq!(repair_template("/x/{id}"), "/x/{id}");
        assert_eq!(
            repair_template("/sub*scriptions/*"),
            "/sub%2Ascriptions/%2A"
        );
        assert_eq!(repair_template("/files/{path*}"), "/files/{path}");
        assert_eq!(repair_template("/a/{b?c}"), "/a/%7Bb?c%7D");
        assert_eq!(repair_template("/a/{user-id}/{x.y}"), "/a/{user-id}/{x.y}");
        assert_eq!(
            repair_template("/v/{version=1}/{*}"),
            "/v/{version}/%7B%2A%7D"
        );
    }

    #[test]
    fn a_variable_made_by_a_repair_gets_a_parameter_and_the_lost_one_goes() {
        // `{id/{s}ub}`: the outer braces are stray, which leaves `{s}` a variable.
        let mut doc: sw::Document = serde_json::from_value(serde_json::json!({
            "swagger": "2.0", "info": {"title": "T", "version": "1"},
            "paths": {"/things/{id/{s}ub}": {"get": {"parameters": [
                {"name": "id", "in": "path", "required": true, "type": "string"}],
                "responses": {"200": {"description": "ok"}}}}}
        }))
        .unwrap();
        let mut diags = Diagnostics::new();
        paths(
            &mut doc,
            &mut sw::ConnectorProperties::default(),
            &mut diags,
        );
        let (key, item) = doc.paths.paths.first().unwrap();
        assert_eq!(key, "/things/%7Bid/{s}ub%7D");
        let names: Vec<&str> = item
            .get
            .as_ref()
            .unwrap()
            .parameters
            .iter()
            .flatten()
            .filter_map(|p| p.as_item())
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["s"]);
        assert!(
            diags
                .as_slice()
                .iter()
                .any(|d| d.code == codes::XMS_PATH_PARAMETER_ADDED)
        );
    }

    #[test]
    fn shapes_ignore_names_case_and_trailing_slash() {
        assert_eq!(shape("/A/{x}/"), shape("/a/{y}"));
        assert_ne!(shape("/a/{x}"), shape("/a/x"));
    }

    #[test]
    fn query_and_fragment_split() {
        let (b, q, f) = split_path("/xml?comp=list&x#frag");
        assert_eq!(b, "/xml");
        assert_eq!(
            q,
            vec![("comp".into(), "list".into()), ("x".into(), String::new())]
        );
        assert_eq!(f.as_deref(), Some("frag"));
    }
}
