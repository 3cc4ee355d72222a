//! Rules over the definition: root, paths, operations, parameters, responses, security and
//! extensions (reference sections 2.1–2.7 and 3).

use connector_core::collections::{HashMap, HashSet};

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde_json::Value;

use crate::rules::*;
use crate::schema::{self, Position};
use crate::{Ctx, Package};

use connector_swagger2::platform::{MAX_DEFINITION_BYTES, MAX_OPERATIONS};

/// How each definition is checked: `each(name, check, ctx)` runs `check` or takes its
/// findings from elsewhere (see [`crate::check_reusing`]).
pub(crate) type EachDefinition<'a> = dyn FnMut(&str, &dyn Fn(&mut Ctx), &mut Ctx) + 'a;

pub(crate) fn check(package: &Package<'_>, ctx: &mut Ctx, each: &mut EachDefinition<'_>) {
    let doc = package.definition;
    let root = Pointer::root();
    if doc.swagger != "2.0" {
        ctx.def(
            SPECIFICATION_VERSION_INCORRECT,
            &root.push("swagger"),
            format!("`swagger` is `{}`, not \"2.0\"", doc.swagger),
        );
    }
    if doc.info.title.trim().is_empty() {
        ctx.def(
            REQUIRED_PROPERTY_MISSING,
            &root.push("info").push("title"),
            "info.title is missing or empty",
        );
    }
    if doc.info.version.trim().is_empty() {
        ctx.def(
            REQUIRED_PROPERTY_MISSING,
            &root.push("info").push("version"),
            "info.version is missing or empty",
        );
    }
    backend(doc, ctx);
    size_and_count(package, ctx);
    tags(doc, ctx);
    extensions(&doc.extensions, &root, ctx);
    extensions(&doc.info.extensions, &root.push("info"), ctx);
    security_definitions(doc, ctx);
    if let Some(reqs) = &doc.security {
        security_requirements(doc, reqs, &root.push("security"), ctx);
    }
    mime_types(doc.consumes.as_deref(), &root.push("consumes"), ctx);
    mime_types(doc.produces.as_deref(), &root.push("produces"), ctx);
    let ids = operation_ids(doc, ctx);
    paths(doc, &ids, ctx);
    for (name, p) in &doc.parameters {
        let at = root.push("parameters").push(name);
        parameter(doc, p, &at, &ids, ctx);
    }
    for (name, r) in &doc.responses {
        let at = root.push("responses").push(name);
        response_body(doc, r, &at, &ids, ctx);
    }
    for (name, s) in &doc.definitions {
        each(name, &|ctx| definition(doc, name, s, &ids, ctx), ctx);
    }
    capabilities(doc, &ids, ctx);
}

/// The rules on one definition.
fn definition(doc: &sw::Document, name: &str, s: &sw::Schema, ids: &OperationIds, ctx: &mut Ctx) {
    let at = Pointer::root().push("definitions").push(name);
    if s.reference.is_some() {
        ctx.def(
            SCHEMA_REF_LOOP_NOT_ALLOWED,
            &at,
            format!("definition `{name}` is only a $ref to another definition"),
        );
    }
    schema::check(doc, s, &at, Position::Definition, ids, ctx);
}

fn backend(doc: &sw::Document, ctx: &mut Ctx) {
    let root = Pointer::root();
    match doc.host.as_deref() {
        None | Some("") => ctx.def(
            HOST_NAME_NOT_VALID,
            &root.push("host"),
            "the definition has no host",
        ),
        Some(h) if !valid_host(h) => ctx.def(
            HOST_NAME_NOT_VALID,
            &root.push("host"),
            format!("host `{h}` is not a bare host name with an optional port"),
        ),
        Some(_) => {}
    }
    if let Some(bp) = &doc.base_path {
        if !bp.starts_with('/') {
            ctx.def(
                BASE_PATH_NOT_VALID,
                &root.push("basePath"),
                format!("basePath `{bp}` does not start with `/`"),
            );
        }
    }
    if doc.schemes.is_none() {
        ctx.def(
            SCHEMES_ARRAY_EMPTY,
            &root,
            "there is no `schemes`: paconn builds the backend URL from its first entry",
        );
    }
    if let Some(schemes) = &doc.schemes {
        if schemes.is_empty() {
            ctx.def(
                SCHEMES_ARRAY_EMPTY,
                &root.push("schemes"),
                "schemes is empty",
            );
        }
        for (i, s) in schemes.iter().enumerate() {
            if s != "http" && s != "https" {
                ctx.def(
                    SCHEME_NOT_SUPPORTED,
                    &root.push("schemes").index(i),
                    format!("scheme `{s}` is not supported"),
                );
            }
        }
    }
}

use connector_swagger2::platform::is_valid_host as valid_host;

fn size_and_count(package: &Package<'_>, ctx: &mut Ctx) {
    let doc = package.definition;
    let size = package
        .definition_size
        .unwrap_or_else(|| sw::compact_json_len(doc).unwrap_or(0));
    if size >= MAX_DEFINITION_BYTES {
        ctx.def(
            DEFINITION_SIZE_EXCEEDS_MAX_ALLOWED,
            &Pointer::root(),
            format!(
                "the definition is {size} bytes as compact JSON; the platform takes less than {MAX_DEFINITION_BYTES}"
            ),
        );
    }
    let count: usize = doc
        .paths
        .paths
        .values()
        .map(|i| i.operations().count())
        .sum();
    if count > MAX_OPERATIONS {
        ctx.def(
            TOTAL_OPERATIONS_COUNT_EXCEEDS_MAX_ALLOWED,
            &Pointer::root().push("paths"),
            format!("the definition has {count} operations; at most {MAX_OPERATIONS} are allowed"),
        );
    }
}

fn tags(doc: &sw::Document, ctx: &mut Ctx) {
    let mut seen = HashSet::default();
    for (i, t) in doc.tags.iter().flatten().enumerate() {
        if !seen.insert(t.name.as_str()) {
            ctx.def(
                TAG_REDEFINED,
                &Pointer::root().push("tags").index(i),
                format!("tag `{}` is declared twice", t.name),
            );
        }
    }
}

/// Unknown `x-ms-*` names on one object.
pub(crate) fn extensions(ext: &sw::Extensions, at: &Pointer, ctx: &mut Ctx) {
    for k in ext.keys() {
        if k.starts_with("x-ms-") && !sw::KNOWN_EXTENSIONS.contains(&k.as_str()) {
            ctx.def(
                EXTENSION_NAME_NOT_VALID,
                &at.push(k),
                format!("`{k}` is not an extension the platform knows"),
            );
        }
    }
}

/// A string extension whose value must be one of `allowed`.
pub(crate) fn enum_extension(
    ext: &sw::Extensions,
    key: &str,
    allowed: &[&str],
    at: &Pointer,
    ctx: &mut Ctx,
) {
    let Some(v) = ext.get(key) else { return };
    let Some(text) = v.as_str() else {
        ctx.def(
            JSON_VALUE_NOT_IN_ENUM,
            &at.push(key),
            format!("`{key}` is {v}; allowed: {}", allowed.join(", ")),
        );
        return;
    };
    if allowed.contains(&text) {
        return;
    }
    // The platform reads these values without regard to case, and an empty visibility as
    // none: certified connectors carry `"Advanced"` and `""`.
    let tolerated = allowed.iter().any(|a| a.eq_ignore_ascii_case(text))
        || (key == "x-ms-visibility" && text.is_empty());
    let rule = if tolerated {
        JSON_VALUE_NOT_IN_ENUM_TOLERATED
    } else {
        JSON_VALUE_NOT_IN_ENUM
    };
    ctx.def(
        rule,
        &at.push(key),
        format!("`{key}` is {v}; allowed: {}", allowed.join(", ")),
    );
}

pub(crate) const VISIBILITY: &[&str] = &["important", "advanced", "internal"];

fn mime_types(list: Option<&[String]>, at: &Pointer, ctx: &mut Ctx) {
    for (i, m) in list.into_iter().flatten().enumerate() {
        if !sw::platform::is_media_type(m) {
            ctx.def(
                MIME_TYPE_NOT_VALID,
                &at.index(i),
                format!("`{m}` is not a media type"),
            );
        }
    }
}

fn security_definitions(doc: &sw::Document, ctx: &mut Ctx) {
    let at = Pointer::root().push("securityDefinitions");
    for (name, s) in &doc.security_definitions {
        let here = at.push(name);
        match s.type_.as_str() {
            "basic" => {}
            "apiKey" => {
                if s.name.as_deref().is_none_or(str::is_empty) {
                    ctx.def(
                        SECURITY_SCHEME_PROPERTY_REQUIRED,
                        &here.push("name"),
                        format!("API key scheme `{name}` has no name"),
                    );
                }
                match s.location.as_deref() {
                    Some("header" | "query") => {}
                    None => ctx.def(
                        SECURITY_SCHEME_PROPERTY_REQUIRED,
                        &here.push("in"),
                        format!("API key scheme `{name}` has no `in`"),
                    ),
                    Some(other) => ctx.def(
                        SECURITY_SCHEME_PROPERTY_NOT_VALID,
                        &here.push("in"),
                        format!("API key scheme `{name}` is in `{other}`; header or query only"),
                    ),
                }
            }
            "oauth2" => {
                let needs: &[(&str, bool)] = match s.flow.as_deref() {
                    Some("accessCode") => &[("authorizationUrl", true), ("tokenUrl", false)],
                    Some("implicit") => &[("authorizationUrl", true)],
                    Some("password" | "application") => &[("tokenUrl", false)],
                    Some(other) => {
                        ctx.def(
                            SECURITY_SCHEME_PROPERTY_NOT_VALID,
                            &here.push("flow"),
                            format!("OAuth scheme `{name}` has flow `{other}`"),
                        );
                        &[]
                    }
                    None => {
                        ctx.def(
                            SECURITY_SCHEME_PROPERTY_REQUIRED,
                            &here.push("flow"),
                            format!("OAuth scheme `{name}` has no flow"),
                        );
                        &[]
                    }
                };
                for (key, authorization) in needs {
                    let v = if *authorization {
                        &s.authorization_url
                    } else {
                        &s.token_url
                    };
                    match v.as_deref() {
                        None | Some("") => ctx.def(
                            SECURITY_SCHEME_PROPERTY_REQUIRED,
                            &here.push(key),
                            format!("OAuth scheme `{name}` has no {key}"),
                        ),
                        Some(url) if !crate::is_absolute_http_url(url) => ctx.def(
                            SECURITY_SCHEME_PROPERTY_NOT_VALID,
                            &here.push(key),
                            format!("OAuth scheme `{name}` has {key} `{url}`, not an absolute URL"),
                        ),
                        Some(_) => {}
                    }
                }
                if s.scopes.is_none() {
                    ctx.def(
                        SECURITY_SCHEME_PROPERTY_REQUIRED,
                        &here.push("scopes"),
                        format!("OAuth scheme `{name}` has no scopes object"),
                    );
                }
                if matches!(
                    s.flow.as_deref(),
                    Some("implicit" | "password" | "application")
                ) {
                    ctx.def(
                        SECURITY_FLOW_NOT_SUPPORTED,
                        &here.push("flow"),
                        format!(
                            "OAuth scheme `{name}` uses the {} flow",
                            s.flow.as_deref().unwrap_or_default()
                        ),
                    );
                }
            }
            other => ctx.def(
                SECURITY_SCHEME_PROPERTY_NOT_VALID,
                &here.push("type"),
                format!("security scheme `{name}` has type `{other}`"),
            ),
        }
    }
}

fn security_requirements(
    doc: &sw::Document,
    reqs: &[sw::SecurityRequirement],
    at: &Pointer,
    ctx: &mut Ctx,
) {
    for (i, req) in reqs.iter().enumerate() {
        for (name, scopes) in req {
            let here = at.index(i).push(name);
            match doc.security_definitions.get(name) {
                None => ctx.def(
                    SECURITY_REQUIREMENT_MUST_BE_DEFINED,
                    &here,
                    format!("security requirement `{name}` names no security definition"),
                ),
                Some(def) if def.type_ != "oauth2" => {
                    if !scopes.is_empty() {
                        ctx.def(
                            SECURITY_REQUIREMENT_MUST_HAVE_EMPTY_VALUE,
                            &here,
                            format!("`{name}` is not OAuth; its requirement must be []"),
                        );
                    }
                }
                Some(def) => {
                    for (j, scope) in scopes.iter().enumerate() {
                        if !def.scopes.as_ref().is_some_and(|s| s.contains_key(scope)) {
                            ctx.def(
                                OAUTH_SECURITY_REQUIREMENT_VALUE_MUST_BE_SCOPE_NAME,
                                &here.index(j),
                                format!("scope `{scope}` is not declared by `{name}`"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Every operation id (lower-cased) with a count, reporting the id rules on the way.
pub(crate) struct OperationIds {
    ids: HashSet<String>,
}

impl OperationIds {
    /// Whether the definition has an operation with this id.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

fn operation_ids(doc: &sw::Document, ctx: &mut Ctx) -> OperationIds {
    let mut ids = HashSet::default();
    let mut lower: HashMap<String, String> = HashMap::default();
    for (path, item) in &doc.paths.paths {
        for (method, op) in item.operations() {
            let at = Pointer::root().push("paths").push(path).push(method);
            let Some(id) = op.operation_id.as_deref().filter(|s| !s.is_empty()) else {
                ctx.def(
                    OPERATION_ID_REQUIRED,
                    &at,
                    format!("{} {path} has no operationId", method.to_uppercase()),
                );
                continue;
            };
            let at = at.push("operationId");
            if !sw::platform::is_valid_operation_id(id) {
                ctx.def(
                    OPERATION_ID_SANITIZED,
                    &at,
                    format!("operationId `{id}` has characters the platform removes"),
                );
            }
            if let Some(first) = lower.get(&id.to_ascii_lowercase()) {
                ctx.def(
                    OPERATION_ID_NOT_UNIQUE,
                    &at,
                    format!("operationId `{id}` is already used by `{first}`"),
                );
            } else {
                lower.insert(
                    id.to_ascii_lowercase(),
                    format!("{} {path}", method.to_uppercase()),
                );
            }
            ids.insert(id.to_owned());
        }
    }
    OperationIds { ids }
}

/// `{name}`s of a path template, or what is wrong with it.
pub(crate) fn template(path: &str) -> Result<Vec<String>, String> {
    let mut vars = Vec::new();
    let mut current: Option<String> = None;
    for c in path.chars() {
        match (c, current.as_mut()) {
            ('{', None) => current = Some(String::new()),
            ('{', Some(_)) => return Err("a `{` inside a template variable".into()),
            ('}', None) => return Err("a `}` without its `{`".into()),
            ('}', Some(name)) => {
                if name.is_empty() {
                    return Err("an empty `{}`".into());
                }
                vars.push(std::mem::take(name));
                current = None;
            }
            ('/', Some(_)) => return Err("a template variable spans a `/`".into()),
            (c, Some(name)) => name.push(c),
            (_, None) => {}
        }
    }
    if current.is_some() {
        return Err("a `{` without its `}`".into());
    }
    Ok(vars)
}

use connector_swagger2::platform::path_shape as shape;

fn paths(doc: &sw::Document, ids: &OperationIds, ctx: &mut Ctx) {
    let paths_at = Pointer::root().push("paths");
    extensions(&doc.paths.extensions, &paths_at, ctx);
    let mut seen = SeenPaths::default();
    for (path, item) in &doc.paths.paths {
        let at = paths_at.push(path);
        let vars = path_key(path, &at, ctx);
        seen.check(path, item, &at, ctx);
        if item.reference.is_some() {
            ctx.def(
                PATH_ITEM_REF_NOT_SUPPORTED,
                &at.push("$ref"),
                format!("path item `{path}` is a $ref"),
            );
        }
        extensions(&item.extensions, &at, ctx);
        if let Some(content) = item.extensions.get("x-ms-notification-content") {
            notification_content(
                doc,
                content,
                &at.push("x-ms-notification-content"),
                ids,
                ctx,
            );
        }
        let level =
            resolve_parameters(doc, item.parameters.as_deref(), &at.push("parameters"), ctx);
        parameter_list_rules(&level, true, ctx);
        for (p, pat) in &level {
            parameter(doc, p, pat, ids, ctx);
        }
        for (method, op) in item.operations() {
            operation(doc, path, item, method, op, &vars, &level, ids, ctx);
        }
    }
}

/// The rules on a path key's text; returns its template variables.
fn path_key(path: &str, at: &Pointer, ctx: &mut Ctx) -> Vec<String> {
    if !path.starts_with('/') {
        ctx.def(
            OPERATION_PATH_MUST_START_WITH_SLASH,
            at,
            format!("path `{path}` does not start with `/`"),
        );
    }
    if path.contains(['?', '#']) {
        ctx.def(
            OPERATION_PATH_MAY_NOT_CONTAIN_QUERY_OR_FRAGMENT,
            at,
            format!("path `{path}` holds a query string or fragment"),
        );
    }
    if path.contains('*') {
        ctx.def(
            OPERATION_PATH_CONTAINS_UNSUPPORTED_CHARACTERS,
            at,
            format!("path `{path}` holds `*`"),
        );
    }
    let vars = match template(path) {
        Ok(v) => v,
        Err(e) => {
            ctx.def(
                OPERATION_PATH_TEMPLATE_NOT_VALID,
                at,
                format!("path `{path}` has {e}"),
            );
            Vec::new()
        }
    };
    let mut names = HashSet::default();
    if let Some(twice) = vars.iter().find(|v| !names.insert(v.as_str())) {
        ctx.def(
            OPERATION_PATH_TEMPLATE_NOT_VALID,
            at,
            format!("path `{path}` names the variable `{twice}` twice"),
        );
    }
    if vars.iter().any(|v| v.contains('=')) {
        ctx.def(
            OPERATION_PATH_VARIABLES_CONTAIN_DEFAULTS,
            at,
            format!("path `{path}` gives a template variable a default"),
        );
    }
    vars
}

/// The paths met so far, by letter case and by shape, for the uniqueness rules.
#[derive(Default)]
struct SeenPaths<'a> {
    by_case: HashMap<String, &'a str>,
    by_shape: HashMap<String, Vec<(&'a str, &'a sw::PathItem)>>,
}

impl<'a> SeenPaths<'a> {
    /// Reports `path` when it differs from an earlier one only in letter case
    /// (`PathRedefined`) or cannot be told apart from one (`DuplicateOperationPath`).
    ///
    /// Certified connectors carry `/x` beside `/x/`, even with a method in common, and
    /// templates that differ only in variable names but share no method: those are warnings.
    /// Two templates that differ in variable names and share a method stay an error.
    fn check(&mut self, path: &'a str, item: &'a sw::PathItem, at: &Pointer, ctx: &mut Ctx) {
        if let Some(first) = self.by_case.get(&path.to_lowercase()) {
            ctx.def(
                PATH_REDEFINED,
                at,
                format!("path `{path}` differs from `{first}` only in letter case"),
            );
        } else {
            self.by_case.insert(path.to_lowercase(), path);
        }
        let same = self.by_shape.entry(shape(path)).or_default();
        if let Some((other, other_item)) = same
            .iter()
            .find(|(o, _)| o.to_lowercase() != path.to_lowercase())
        {
            let slash_only = other.trim_end_matches('/').to_lowercase()
                == path.trim_end_matches('/').to_lowercase();
            let shared = item
                .operations()
                .any(|(m, _)| other_item.operations().any(|(n, _)| n == m));
            let rule = if slash_only || !shared {
                DUPLICATE_OPERATION_PATH_TOLERATED
            } else {
                DUPLICATE_OPERATION_PATH
            };
            ctx.def(
                rule,
                at,
                format!("path `{path}` cannot be told apart from `{other}`"),
            );
        }
        same.push((path, item));
    }
}

fn notification_content(
    doc: &sw::Document,
    content: &Value,
    at: &Pointer,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    if let Some(s) = content.get("schema") {
        if let Ok(s) = serde_json::from_value::<sw::Schema>(s.clone()) {
            schema::check(doc, &s, &at.push("schema"), Position::Output, ids, ctx);
        }
    }
}

/// Parameters with their pointers, `$ref`s resolved (unresolvable ones reported and skipped).
fn resolve_parameters<'a>(
    doc: &'a sw::Document,
    list: Option<&'a [sw::RefOr<sw::Parameter>]>,
    at: &Pointer,
    ctx: &mut Ctx,
) -> Vec<(&'a sw::Parameter, Pointer)> {
    let mut out = Vec::new();
    for (i, p) in list.into_iter().flatten().enumerate() {
        let here = at.index(i);
        match p {
            sw::RefOr::Item(p) => out.push((p, here)),
            sw::RefOr::Ref(r) => match r
                .strip_prefix("#/parameters/")
                .and_then(|n| doc.parameters.get(&unescape(n)))
            {
                Some(p) => out.push((p, here)),
                None => ctx.def(
                    PARAMETER_REFERENCE_NOT_FOUND,
                    &here.push("$ref"),
                    format!("parameter reference `{r}` names nothing in #/parameters"),
                ),
            },
        }
    }
    out
}

pub(crate) use connector_core::unescape_token as unescape;

/// Duplicates and body counts of one parameter list.
fn parameter_list_rules(list: &[(&sw::Parameter, Pointer)], path_level: bool, ctx: &mut Ctx) {
    let mut seen = HashSet::default();
    let mut bodies = 0;
    for (p, at) in list {
        if !seen.insert(p.key()) {
            let rule = if path_level {
                PATH_PARAMETERS_CONTAIN_DUPLICATE_PARAMETER
            } else {
                OPERATION_PARAMETERS_CONTAIN_DUPLICATE_PARAMETER
            };
            ctx.def(
                rule,
                at,
                format!("`{}` in {} is listed twice", p.name, p.location.as_str()),
            );
        }
        if p.location == sw::ParameterLocation::Body {
            bodies += 1;
            if bodies == 2 {
                let rule = if path_level {
                    PATH_PARAMETERS_CONTAIN_MULTIPLE_BODY_PARAMETERS
                } else {
                    OPERATION_PARAMETERS_CONTAIN_MULTIPLE_BODY_PARAMETERS
                };
                ctx.def(rule, at, format!("`{}` is a second body parameter", p.name));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn operation(
    doc: &sw::Document,
    path: &str,
    item: &sw::PathItem,
    method: &str,
    op: &sw::Operation,
    vars: &[String],
    level: &[(&sw::Parameter, Pointer)],
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    let at = Pointer::root().push("paths").push(path).push(method);
    extensions(&op.extensions, &at, ctx);
    enum_extension(&op.extensions, "x-ms-visibility", VISIBILITY, &at, ctx);
    enum_extension(
        &op.extensions,
        "x-ms-trigger",
        &["single", "batch"],
        &at,
        ctx,
    );
    if let Some(summary) = &op.summary {
        if summary.chars().count() >= 120 {
            ctx.def(
                OPERATION_SUMMARY_TOO_LONG,
                &at.push("summary"),
                format!("the summary is {} characters", summary.chars().count()),
            );
        }
    }
    mime_types(op.consumes.as_deref(), &at.push("consumes"), ctx);
    mime_types(op.produces.as_deref(), &at.push("produces"), ctx);
    if let Some(reqs) = &op.security {
        security_requirements(doc, reqs, &at.push("security"), ctx);
    }
    if let Some(pageable) = op.extensions.get("x-ms-pageable") {
        let name = pageable.get("nextLinkName").and_then(Value::as_str);
        if !matches!(name, Some("nextLink" | "@odata.nextLink")) {
            let case_only = name.is_some_and(|n| {
                ["nextLink", "@odata.nextLink"]
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(n))
            });
            ctx.def(
                if case_only {
                    INVALID_NEXT_LINK_NAME_VALUE_TOLERATED
                } else {
                    INVALID_NEXT_LINK_NAME_VALUE
                },
                &at.push("x-ms-pageable"),
                format!(
                    "nextLinkName is {}",
                    name.map_or("missing".into(), |n| format!("`{n}`"))
                ),
            );
        }
    }
    if let Some(target) = op
        .extensions
        .get("x-ms-notification")
        .and_then(|n| n.get("operationId"))
        .and_then(Value::as_str)
    {
        if !ids.contains(target) {
            ctx.def(
                OPERATION_ID_NOT_FOUND,
                &at.push("x-ms-notification").push("operationId"),
                format!("x-ms-notification names `{target}`, which does not exist"),
            );
        }
    }
    // Effective parameters: path-level ones overridden by the operation's.
    let own = resolve_parameters(doc, op.parameters.as_deref(), &at.push("parameters"), ctx);
    parameter_list_rules(&own, false, ctx);
    let mut all: Vec<(&sw::Parameter, Pointer)> = level
        .iter()
        .filter(|(p, _)| !own.iter().any(|(o, _)| o.key() == p.key()))
        .cloned()
        .collect();
    all.extend(own.iter().cloned());
    for (p, pat) in &own {
        parameter(doc, p, pat, ids, ctx);
    }
    let has_body = all
        .iter()
        .any(|(p, _)| p.location == sw::ParameterLocation::Body);
    let form: Vec<&Pointer> = all
        .iter()
        .filter(|(p, _)| p.location == sw::ParameterLocation::FormData)
        .map(|(_, a)| a)
        .collect();
    if has_body {
        if let Some(f) = form.first() {
            ctx.def(
                PARAMETER_LIST_CONTAINS_FORM_DATA_AND_BODY,
                f,
                "the operation has both a body and form fields",
            );
        }
    }
    if method == "get" {
        for (p, pat) in &all {
            if matches!(
                p.location,
                sw::ParameterLocation::Body | sw::ParameterLocation::FormData
            ) {
                ctx.def(
                    BODY_OR_FORM_DATA_PARAMETER_IN_FETCH_OPERATION_NOT_ALLOWED,
                    pat,
                    format!(
                        "GET {path} has {} parameter `{}`",
                        p.location.as_str(),
                        p.name
                    ),
                );
            }
        }
    }
    if !form.is_empty() {
        let consumes = op.consumes.as_ref().or(doc.consumes.as_ref());
        let ok = consumes.is_some_and(|c| {
            c.iter().any(|m| {
                let m = m.to_ascii_lowercase();
                m.starts_with("multipart/form-data")
                    || m.starts_with("application/x-www-form-urlencoded")
            })
        });
        if !ok {
            ctx.def(
                CONSUMES_MISSING,
                &at,
                "the operation has form fields but consumes no form media type",
            );
        }
    }
    for v in vars {
        if !all
            .iter()
            .any(|(p, _)| p.location == sw::ParameterLocation::Path && &p.name == v)
        {
            ctx.def(
                OPERATION_MISSING_PATH_PARAMETER,
                &at,
                format!("`{{{v}}}` in {path} has no path parameter"),
            );
        }
    }
    for (p, pat) in &all {
        if p.location == sw::ParameterLocation::Path && !vars.contains(&p.name) {
            ctx.def(
                PATH_PARAMETER_NOT_DEFINED_IN_TEMPLATE,
                pat,
                format!("path parameter `{}` is not in {path}", p.name),
            );
        }
    }
    // Body schema size and webhook shape.
    let body = all
        .iter()
        .find(|(p, _)| p.location == sw::ParameterLocation::Body);
    if let Some((p, pat)) = body {
        if let Some(s) = &p.schema {
            let n = sw::platform::count_schemas(doc, s, 513);
            if n > 512 {
                ctx.def(
                    BODY_SCHEMA_COUNT_EXCEEDS_MAX_ALLOWED,
                    &pat.push("schema"),
                    "the body schema holds more than 512 schemas",
                );
            }
        }
    }
    let has_url = body
        .and_then(|(p, _)| p.schema.as_ref())
        .is_some_and(|s| schema::has_notification_url(doc, s));
    let webhook = op.extensions.contains_key("x-ms-trigger")
        && !op.extensions.contains_key("x-ms-trigger-metadata")
        && item.extensions.contains_key("x-ms-notification-content");
    if webhook && !has_url {
        ctx.def(
            WEBHOOK_OPERATIONS_MISSING_NOTIFICATION_URL_PROPERTY,
            &at,
            "the webhook trigger's body has no property marked x-ms-notification-url",
        );
    }
    if has_url && !item.extensions.contains_key("x-ms-notification-content") {
        ctx.def(
            OPERATION_MUST_HAVE_NOTIFICATION_CONTENT_EXTENSION,
            &Pointer::root().push("paths").push(path),
            "the operation takes a notification URL but its path item has no x-ms-notification-content",
        );
    }
    responses(doc, op, &at, ids, ctx);
}

fn responses(
    doc: &sw::Document,
    op: &sw::Operation,
    at: &Pointer,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    let rat = at.push("responses");
    extensions(&op.responses.extensions, &rat, ctx);
    if op.responses.responses.is_empty() {
        ctx.def(
            OPERATION_MUST_HAVE_RESPONSE,
            &rat,
            "the operation has no responses",
        );
        return;
    }
    let mut with_schema: Vec<&str> = Vec::new();
    let mut success = false;
    for (code, r) in &op.responses.responses {
        let here = rat.push(code);
        let valid = code == "default"
            || (code.len() == 3
                && code.chars().all(|c| c.is_ascii_digit())
                && ('1'..='5').contains(&code.chars().next().unwrap_or('0')));
        if !valid {
            ctx.def(
                RESPONSE_MUST_BE_DEFAULT_OR_HTTP_STATUS_CODE,
                &here,
                format!("response key `{code}` is not a status code"),
            );
        }
        if code.starts_with('2') {
            success = true;
        }
        let resolved = match r {
            sw::RefOr::Item(r) => Some(r),
            sw::RefOr::Ref(reference) => {
                let found = reference
                    .strip_prefix("#/responses/")
                    .and_then(|n| doc.responses.get(&unescape(n)));
                if found.is_none() {
                    ctx.def(
                        RESPONSE_REFERENCE_NOT_FOUND,
                        &here.push("$ref"),
                        format!("response reference `{reference}` names nothing in #/responses"),
                    );
                }
                found
            }
        };
        let Some(resp) = resolved else { continue };
        if let sw::RefOr::Item(resp) = r {
            response_body(doc, resp, &here, ids, ctx);
        }
        if resp.schema.is_some() {
            with_schema.push(code);
            if code == "default" {
                ctx.def(
                    ctx.pick(
                        DEFAULT_RESPONSE_HAS_SCHEMA,
                        CERT_DEFAULT_RESPONSE_HAS_SCHEMA,
                    ),
                    &here.push("schema"),
                    "the default response carries a schema",
                );
            }
        }
        if let Some(s) = &resp.schema {
            let dynamic = s.extensions.contains_key("x-ms-dynamic-schema")
                || s.extensions.contains_key("x-ms-dynamic-properties");
            if !dynamic && **s == sw::Schema::default() {
                ctx.def(
                    RESPONSE_SCHEMA_EMPTY,
                    &here.push("schema"),
                    "the response schema is empty",
                );
            }
        }
    }
    if !success {
        ctx.def(
            OPERATION_SHOULD_HAVE_SUCCESSFUL_RESPONSE,
            &rat,
            "the operation declares no 2xx response",
        );
    }
    if with_schema.len() > 1 {
        ctx.def(
            OPERATION_HAS_MANY_RESPONSES_WITH_SCHEMA,
            &rat,
            format!("responses {} all carry a schema", with_schema.join(", ")),
        );
    }
    if let Some(first) = with_schema.iter().find(|c| c.starts_with('2')) {
        if !with_schema.iter().any(|c| *c == "200" || *c == "201") {
            ctx.def(
                SCHEMA_DEFINITION_SET_INCORRECTLY,
                &rat.push(first).push("schema"),
                format!("the output schema is on {first}, not on 200 or 201"),
            );
        }
    }
}

/// Rules inside one response object (its schema and headers).
fn response_body(
    doc: &sw::Document,
    r: &sw::Response,
    at: &Pointer,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    extensions(&r.extensions, at, ctx);
    if let Some(s) = &r.schema {
        schema::check(doc, s, &at.push("schema"), Position::ResponseRoot, ids, ctx);
    }
    for (name, h) in &r.headers {
        let hat = at.push("headers").push(name);
        extensions(&h.extensions, &hat, ctx);
        enum_extension(&h.extensions, "x-ms-visibility", VISIBILITY, &hat, ctx);
    }
}

/// Rules on one parameter (operation, path-level and shared ones alike).
fn parameter(
    doc: &sw::Document,
    p: &sw::Parameter,
    at: &Pointer,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    use sw::ParameterLocation as L;
    extensions(&p.extensions, at, ctx);
    enum_extension(&p.extensions, "x-ms-visibility", VISIBILITY, at, ctx);
    enum_extension(
        &p.extensions,
        "x-ms-url-encoding",
        &["single", "double"],
        at,
        ctx,
    );
    if connector_swagger2::platform::is_reserved_parameter_name(&p.name) {
        ctx.def(
            CONNECTION_ID_PARAMETER_NOT_ALLOWED,
            &at.push("name"),
            "`connectionId` is reserved",
        );
    }
    match p.location {
        L::Path => {
            if p.required != Some(true) {
                ctx.def(
                    PATH_PARAMETER_MUST_BE_REQUIRED,
                    &at.push("required"),
                    format!("path parameter `{}` is not required", p.name),
                );
            }
            if !p.extensions.contains_key("x-ms-url-encoding") {
                ctx.def(
                    PATH_PARAMETER_MISSING_ENCODING,
                    at,
                    format!("path parameter `{}` has no x-ms-url-encoding", p.name),
                );
            }
        }
        L::Query => {
            if p.extensions.contains_key("x-ms-url-encoding") {
                ctx.def(
                    QUERY_PARAMETER_ENCODING_NOT_SUPPORTED,
                    &at.push("x-ms-url-encoding"),
                    format!("query parameter `{}` declares x-ms-url-encoding", p.name),
                );
            }
        }
        L::FormData => {
            if !p.name.is_ascii() {
                ctx.def(
                    INVALID_FORM_DATA_PARAMETER_NAME,
                    &at.push("name"),
                    format!("form field `{}` is not US-ASCII", p.name),
                );
            }
        }
        L::Header | L::Body => {}
    }
    if p.allow_empty_value.is_some() && !matches!(p.location, L::Query | L::FormData) {
        ctx.def(
            ALLOW_EMPTY_VALUE_ONLY_VALID_FOR_QUERY_FORM_DATA,
            &at.push("allowEmptyValue"),
            format!("`{}` is in {}", p.name, p.location.as_str()),
        );
    }
    if p.location == L::Body {
        match &p.schema {
            None => ctx.def(
                BODY_PARAMETER_SCHEMA_REQUIRED,
                at,
                format!("body parameter `{}` has no schema", p.name),
            ),
            Some(s) => schema::check(doc, s, &at.push("schema"), Position::Input, ids, ctx),
        }
        for (key, present) in [
            ("type", p.type_.is_some()),
            ("format", p.format.is_some()),
            ("items", p.items.is_some()),
            ("collectionFormat", p.collection_format.is_some()),
        ] {
            if present {
                ctx.def(
                    BODY_PARAMETER_PROPERTY_NOT_VALID,
                    &at.push(key),
                    format!(
                        "body parameter `{}` uses `{key}` outside its schema",
                        p.name
                    ),
                );
            }
        }
        for key in ["x-ms-dynamic-values", "x-ms-dynamic-list"] {
            if p.extensions.contains_key(key) {
                ctx.def(
                    DYNAMIC_EXTENSION_DEFINITION_NOT_ALLOWED_IN_PARAMETER,
                    &at.push(key),
                    format!("`{key}` sits on body parameter `{}`", p.name),
                );
            }
        }
        return;
    }
    if p.schema.is_some() {
        ctx.def(
            NON_BODY_PARAMETER_SCHEMA_NOT_VALID,
            &at.push("schema"),
            format!(
                "{} parameter `{}` has a schema",
                p.location.as_str(),
                p.name
            ),
        );
    }
    match p.type_.as_deref() {
        None => ctx.def(
            REQUIRED_PROPERTY_MISSING,
            &at.push("type"),
            format!("{} parameter `{}` has no type", p.location.as_str(), p.name),
        ),
        Some("file") if p.location != L::FormData => ctx.def(
            FILE_PARAMETER_MUST_BE_IN_FORM_DATA,
            &at.push("type"),
            format!("`{}` is a file outside form data", p.name),
        ),
        Some("string" | "number" | "integer" | "boolean" | "array" | "file") => {}
        Some(t) => ctx.def(
            JSON_TYPE_INCORRECT,
            &at.push("type"),
            format!("`{}` has type `{t}`", p.name),
        ),
    }
    if p.type_.as_deref() == Some("array") && p.items.is_none() {
        ctx.def(
            ARRAY_HAS_NO_ITEMS,
            at,
            format!("array parameter `{}` has no items", p.name),
        );
    }
    if let Some(cf) = &p.collection_format {
        let ok = matches!(cf.as_str(), "csv" | "ssv" | "tsv" | "pipes")
            || (cf == "multi" && matches!(p.location, L::Query | L::FormData));
        if !ok {
            ctx.def(
                JSON_VALUE_NOT_IN_ENUM,
                &at.push("collectionFormat"),
                format!(
                    "collectionFormat `{cf}` is not allowed in {}",
                    p.location.as_str()
                ),
            );
        }
    }
    if let Some(f) = &p.format {
        schema::format(f, &at.push("format"), ctx);
    }
    schema::validation(&p.validation, p.type_.as_deref(), at, ctx);
    schema::visibility_default(
        &p.extensions,
        p.required == Some(true),
        p.validation.default.is_some(),
        &format!("parameter `{}`", p.name),
        at,
        ctx,
    );
    schema::enum_values_extension(&p.extensions, p.validation.enumeration.as_deref(), at, ctx);
    schema::dynamic_targets(&p.extensions, at, ids, ctx);
}

fn capabilities(doc: &sw::Document, ids: &OperationIds, ctx: &mut Ctx) {
    let at = Pointer::root().push("x-ms-capabilities");
    let Some(caps) = doc.extensions.get("x-ms-capabilities") else {
        return;
    };
    if let Some(id) = caps
        .get("testConnection")
        .and_then(|t| t.get("operationId"))
        .and_then(Value::as_str)
    {
        if !ids.contains(id) {
            ctx.def(
                OPERATION_ID_NOT_FOUND,
                &at.push("testConnection").push("operationId"),
                format!("testConnection names `{id}`, which does not exist"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(template("/a/{x}/b/{y}").unwrap(), vec!["x", "y"]);
        assert!(template("/a/{x").is_err());
        assert!(template("/a/x}").is_err());
        assert!(template("/a/{}").is_err());
        assert!(template("/a/{x/y}").is_err());
        assert_eq!(shape("/A/{x}/"), "/a/{}");
        assert_eq!(shape("/"), "/");
    }

    #[test]
    fn hosts() {
        assert!(valid_host("api.example.com"));
        assert!(valid_host("localhost:8080"));
        assert!(!valid_host("https://api.example.com"));
        assert!(!valid_host("{tenant}.example.com"));
        assert!(!valid_host("example.com:"));
        assert!(!valid_host(""));
    }
}
