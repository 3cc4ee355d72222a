//! Lowering the gathered requests to a Swagger 2.0 document.

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::{Value, json};

use crate::codes;
use crate::model::{self, Auth, Body, Collection, Kv, Request, description, scalar_text};
use crate::secrets::{Secrets, is_credential_name};

/// A Swagger 2.0 document plus the connector properties the collection implies.
#[derive(Clone, Debug, Default)]
pub struct Lowered {
    /// The connector definition.
    pub document: sw::Document,
    /// Connector properties (authentication is filled in later by connector-xms).
    pub properties: sw::ConnectorProperties,
}

/// Characters the platform rejects in a summary.
const SUMMARY_RESTRICTED: &[char] = &['/', '\\', '<', '>', '*', '%', '&', '?'];

/// A PascalCase identifier from a request name.
fn pascal_case(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

fn summary_of(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if SUMMARY_RESTRICTED.contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut s = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 80 {
        s = s.chars().take(80).collect::<String>().trim_end().to_owned();
    }
    let s = s.trim_end_matches(['.', ' ']).to_owned();
    if s.is_empty() { None } else { Some(s) }
}

/// A parameter type from a sample value.
fn sample_type(value: &str) -> (&'static str, Option<&'static str>) {
    let v = value.trim();
    if v.is_empty() || v.contains("{{") {
        return ("string", None);
    }
    if v.parse::<i64>().is_ok() && !(v.len() > 1 && v.starts_with('0')) {
        return ("integer", None);
    }
    if v.parse::<f64>().is_ok() && v.contains('.') {
        return ("number", None);
    }
    if v == "true" || v == "false" {
        return ("boolean", None);
    }
    (
        "string",
        sw::infer::string_format(v).filter(|f| *f == "date-time" || *f == "date"),
    )
}

fn param_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "param".into() } else { s }
}

/// A path segment as a template: `:id` and `{{id}}` become `{id}`.
fn template_segment(seg: &str) -> (String, Vec<String>) {
    if let Some(name) = seg.strip_prefix(':').filter(|n| !n.is_empty()) {
        let n = param_name(name);
        return (format!("{{{n}}}"), vec![n]);
    }
    let mut out = String::new();
    let mut params = Vec::new();
    let mut rest = seg;
    while let Some(start) = rest.find("{{") {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = after.find("}}") else {
            out.push_str(after);
            rest = "";
            break;
        };
        let n = param_name(after.get(2..end).unwrap_or_default().trim());
        out.push_str(&format!("{{{n}}}"));
        params.push(n);
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    // Braces the template cannot hold are dropped.
    if params.is_empty() {
        out = out.replace(['{', '}'], "");
    }
    (out, params)
}

fn is_json_media(mt: &str) -> bool {
    mt.to_ascii_lowercase().contains("json")
}

/// Parses JSON in which `{{variables}}` may stand in value position.
fn parse_json_with_variables(text: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str(text) {
        return Some(v);
    }
    // Quote bare {{variables}} (those not already inside a string).
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '{' && text.get(i..).is_some_and(|r| r.starts_with("{{")) {
            let end = text
                .get(i..)
                .and_then(|r| r.find("}}"))
                .map(|e| i + e + 2)?;
            out.push('"');
            out.push_str(text.get(i..end)?);
            out.push('"');
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    serde_json::from_str(&out).ok()
}

struct Lower<'a> {
    used_ids: connector_core::collections::HashSet<String>,
    unsupported_reported: connector_core::collections::HashSet<String>,
    secrets: &'a Secrets,
    diags: &'a mut Diagnostics,
    schemes: IndexMap<String, (sw::SecurityScheme, String)>,
}

/// Lowers the gathered requests; `info` is the collection's.
pub(crate) fn lower(
    info: Option<&Value>,
    collection: Collection,
    _vars: &IndexMap<String, String>,
    secrets: &Secrets,
    diags: &mut Diagnostics,
) -> Lowered {
    let mut l = Lower {
        used_ids: connector_core::collections::HashSet::default(),
        unsupported_reported: connector_core::collections::HashSet::default(),
        secrets,
        diags,
        schemes: IndexMap::default(),
    };
    let mut out = sw::Document {
        swagger: "2.0".into(),
        info: document_info(info),
        ..Default::default()
    };
    let host = main_host(&collection.requests, l.diags);
    let prefix = backend(&collection.requests, host, &mut out);

    // Collection auth → global security.
    let global = collection.auth.as_ref().and_then(|a| l.scheme_for(a));
    if let Some(name) = &global {
        out.security = Some(vec![IndexMap::from_iter([(name.clone(), Vec::new())])]);
    }

    let tags = l.operations(collection.requests, &prefix, global.as_deref(), &mut out);
    if !tags.is_empty() {
        out.tags = Some(
            tags.into_iter()
                .map(|t| sw::Tag {
                    name: t,
                    ..Default::default()
                })
                .collect(),
        );
    }
    for (name, (scheme, _)) in &l.schemes {
        out.security_definitions
            .insert(name.clone(), scheme.clone());
    }
    Lowered {
        document: out,
        properties: sw::ConnectorProperties::default(),
    }
}

/// The document's `info` from the collection's: its name, description and version.
fn document_info(info: Option<&Value>) -> sw::Info {
    let version = match info.and_then(|i| i.get("version")) {
        Some(Value::Object(v)) => {
            let part = |k: &str| v.get(k).map(scalar_text).unwrap_or_else(|| "0".into());
            format!("{}.{}.{}", part("major"), part("minor"), part("patch"))
        }
        Some(v) => scalar_text(v),
        None => "1.0".into(),
    };
    sw::Info {
        title: info
            .and_then(|i| i.get("name"))
            .map(scalar_text)
            .unwrap_or_default(),
        description: description(info.and_then(|i| i.get("description"))),
        version: if version.trim().is_empty() {
            "1.0".into()
        } else {
            version
        },
        ..sw::Info::default()
    }
}

/// The host most requests go to (told when there are others, or when it holds variables).
fn main_host(requests: &[Request], diags: &mut Diagnostics) -> Option<String> {
    let mut hosts: IndexMap<String, usize> = IndexMap::default();
    for r in requests {
        *hosts.entry(r.url.host.clone()).or_default() += 1;
    }
    let host = hosts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(h, _)| h.clone());
    if hosts.len() > 1 {
        let others: Vec<&str> = hosts
            .keys()
            .filter(|h| Some(*h) != host.as_ref())
            .map(String::as_str)
            .collect();
        diags
            .warn(codes::PM_HOSTS, &Pointer::root().push("item"), format!("requests go to {} hosts; `{}` was chosen, and requests to the others ({}) will be sent there", hosts.len(), host.as_deref().unwrap_or_default(), others.join(", ")))
            .help("split the collection per host, or pass --host");
    }
    if let Some(h) = host.as_deref().filter(|h| h.contains('{')) {
        diags
            .info(codes::PM_VARIABLE_UNRESOLVED, &Pointer::root().push("item"), format!("host `{h}` uses variables without a value; each becomes a connection parameter the user fills in"))
            .help("give the value with --var NAME=VALUE or --environment FILE to fix the host instead");
    }
    host
}

/// Sets the document's host, scheme and base path from the requests to `host`; returns the
/// base path's segments (every operation path is what follows them).
fn backend(requests: &[Request], host: Option<String>, out: &mut sw::Document) -> Vec<String> {
    let on_host: Vec<&Request> = requests
        .iter()
        .filter(|r| Some(&r.url.host) == host.as_ref())
        .collect();
    let scheme = on_host
        .iter()
        .find_map(|r| r.url.scheme.clone())
        .unwrap_or_else(|| "https".into());
    // Base path: the literal segments every request on the host starts with.
    let mut prefix: Vec<String> = on_host
        .first()
        .map(|r| r.url.segments.clone())
        .unwrap_or_default();
    for r in &on_host {
        let common = prefix
            .iter()
            .zip(&r.url.segments)
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(common);
    }
    prefix.retain(|s| !s.starts_with(':') && !s.contains('{'));
    // One request shares nothing with anything: its whole path stays the operation's.
    if on_host.len() < 2 {
        prefix.clear();
    }
    // Keep at least one segment in every operation path.
    while !prefix.is_empty() && on_host.iter().any(|r| r.url.segments.len() <= prefix.len()) {
        prefix.pop();
    }
    out.host = host.filter(|h| !h.is_empty());
    out.base_path = Some(format!("/{}", prefix.join("/")));
    out.schemes = Some(vec![if scheme == "http" {
        "http".into()
    } else {
        "https".into()
    }]);
    prefix
}

impl Lower<'_> {
    /// Lowers each request into an operation of `out` (each request goes once lowered);
    /// returns the tags, in order (the requests' first folders).
    fn operations(
        &mut self,
        requests: Vec<Request>,
        prefix: &[String],
        global: Option<&str>,
        out: &mut sw::Document,
    ) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for r in requests {
            let segments: &[String] = if r.url.segments.starts_with(prefix) {
                r.url.segments.get(prefix.len()..).unwrap_or_default()
            } else {
                &r.url.segments
            };
            let mut path_params: Vec<String> = Vec::new();
            let templated: Vec<String> = segments
                .iter()
                .map(|s| {
                    let (t, p) = template_segment(s);
                    path_params.extend(p);
                    t
                })
                .filter(|t| !t.is_empty())
                .collect();
            let path = format!("/{}", templated.join("/"));
            let method = if sw::METHODS.contains(&r.method.as_str()) {
                r.method.clone()
            } else {
                self.diags.warn(
                    codes::PM_INVALID,
                    &r.at.push("request").push("method"),
                    format!(
                        "method `{}` has no Swagger 2.0 form; the request was skipped",
                        r.method.to_ascii_uppercase()
                    ),
                );
                continue;
            };
            if let Some(folder) = r.folders.first() {
                if !tags.contains(folder) {
                    tags.push(folder.clone());
                }
            }
            let op = self.operation(&r, &path_params, global);
            let item = out.paths.paths.entry(path.clone()).or_default();
            let Some(slot) = item.operation_slot(&method) else {
                continue;
            };
            match slot {
                Some(existing) => {
                    self.diags.info(
                        codes::PM_DUPLICATE_OPERATION,
                        &r.at,
                        format!(
                            "`{}` is another {} {path}; it was merged into the first one",
                            r.name,
                            method.to_ascii_uppercase()
                        ),
                    );
                    if !merge_operations(existing, op) {
                        self.diags.warn(codes::PM_DUPLICATE_OPERATION, &r.at.push("request").push("body"), format!("the body of `{}` is of another kind than the first {} {path}; it was left out", r.name, method.to_ascii_uppercase()));
                    }
                }
                None => *slot = Some(Box::new(op)),
            }
        }
        tags
    }
}

/// Which kind of body an operation sends: `Body`, `FormData` or neither.
fn body_kind(op: &sw::Operation) -> Option<sw::ParameterLocation> {
    op.parameters
        .iter()
        .flatten()
        .filter_map(sw::RefOr::as_item)
        .map(|p| p.location)
        .find(|l| {
            matches!(
                l,
                sw::ParameterLocation::Body | sw::ParameterLocation::FormData
            )
        })
}

/// Merges a duplicate request into the first operation: parameters united, bodies of the same
/// kind merged, responses merged. Returns false when the duplicate's body was of another kind
/// and was left out (one operation sends one kind of body).
fn merge_operations(into: &mut sw::Operation, mut other: sw::Operation) -> bool {
    let (mine, theirs) = (body_kind(into), body_kind(&other));
    let compatible = mine.is_none() || theirs.is_none() || mine == theirs;
    if !compatible {
        if let Some(ps) = other.parameters.as_mut() {
            ps.retain(|p| {
                p.as_item().is_none_or(|p| {
                    !matches!(
                        p.location,
                        sw::ParameterLocation::Body | sw::ParameterLocation::FormData
                    )
                })
            });
        }
        other.consumes = None;
    }
    let params = into.parameters.get_or_insert_with(Vec::new);
    for p in other.parameters.unwrap_or_default() {
        let key = |p: &sw::RefOr<sw::Parameter>| p.as_item().map(|p| (p.name.clone(), p.location));
        let k = key(&p);
        match params.iter_mut().find(|q| key(q) == k) {
            // Two sample bodies of one endpoint: the schema covers both.
            Some(sw::RefOr::Item(existing)) if existing.location == sw::ParameterLocation::Body => {
                if let (Some(mut a), sw::RefOr::Item(b)) = (existing.schema.take(), p) {
                    let example = a.example.take();
                    let mut merged = match b.schema {
                        Some(bs) => Box::new(sw::merge_schemas(*a, *bs)),
                        None => a,
                    };
                    merged.example = example;
                    existing.schema = Some(merged);
                }
            }
            Some(_) => {}
            None => params.push(p),
        }
    }
    if params.is_empty() {
        into.parameters = None;
    }
    for (code, r) in other.responses.responses {
        match (into.responses.responses.get_mut(&code), r) {
            (Some(sw::RefOr::Item(a)), sw::RefOr::Item(b)) => {
                a.schema = match (a.schema.take(), b.schema) {
                    (Some(x), Some(y)) => Some(Box::new(sw::merge_schemas(*x, *y))),
                    (x, y) => x.or(y),
                };
                for (h, v) in b.headers {
                    a.headers.entry(h).or_insert(v);
                }
            }
            (None, r) => {
                into.responses.responses.insert(code, r);
            }
            _ => {}
        }
    }
    for list in [
        (&mut into.consumes, other.consumes),
        (&mut into.produces, other.produces),
    ] {
        if let (Some(a), Some(b)) = (list.0.as_mut(), list.1) {
            for m in b {
                if !a.contains(&m) {
                    a.push(m);
                }
            }
        }
    }
    compatible
}

impl Lower<'_> {
    /// The security definition name for an auth setting (created on first use); `None` for
    /// no auth and for kinds the platform cannot use.
    fn scheme_for(&mut self, auth: &Auth) -> Option<String> {
        let (base, scheme, signature) = match auth.kind.as_str() {
            "noauth" => return None,
            "apikey" => {
                let name = auth.attr("key").unwrap_or_else(|| "X-API-Key".into());
                let location = if auth.attr("in").as_deref() == Some("query") {
                    "query"
                } else {
                    "header"
                };
                let s = sw::SecurityScheme {
                    type_: "apiKey".into(),
                    name: Some(name.clone()),
                    location: Some(location.into()),
                    ..Default::default()
                };
                ("api_key", s, format!("apikey:{location}:{name}"))
            }
            "basic" => (
                "basic_auth",
                sw::SecurityScheme {
                    type_: "basic".into(),
                    ..Default::default()
                },
                "basic".into(),
            ),
            "bearer" => {
                let s = sw::SecurityScheme {
                    type_: "apiKey".into(),
                    name: Some("Authorization".into()),
                    location: Some("header".into()),
                    description: Some("Enter the token as: Bearer <token>".into()),
                    ..Default::default()
                };
                if !self.schemes.values().any(|(_, sig)| sig == "bearer") {
                    self.diags.info(codes::PM_AUTH_MAPPED, &auth.at, "bearer token auth became an API key in the `Authorization` header; users enter `Bearer <token>`");
                }
                ("bearer_auth", s, "bearer".into())
            }
            "oauth2" => {
                let grant = auth
                    .attr("grant_type")
                    .unwrap_or_else(|| "authorization_code".into());
                if !grant.starts_with("authorization_code") {
                    self.diags
                        .warn(codes::PM_AUTH_UNSUPPORTED, &auth.at, format!("OAuth 2.0 grant `{grant}` is not available to connectors (only the authorization code grant is); no security definition was made"))
                        .help("connectors sign users in with the authorization code flow");
                    return None;
                }
                let auth_url = auth.attr("authUrl");
                let token_url = auth.attr("accessTokenUrl");
                let (Some(auth_url), Some(token_url)) = (auth_url, token_url) else {
                    self.diags.warn(codes::PM_AUTH_UNSUPPORTED, &auth.at, "OAuth 2.0 auth without `authUrl` and `accessTokenUrl`; no security definition was made");
                    return None;
                };
                if grant.contains("pkce") {
                    self.diags.info(codes::PM_AUTH_MAPPED, &auth.at, "the PKCE setting has no connector form; the platform's OAuth client runs the authorization code flow");
                }
                let scopes: IndexMap<String, String> = auth
                    .attr("scope")
                    .unwrap_or_default()
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| (s.to_owned(), s.to_owned()))
                    .collect();
                let s = sw::SecurityScheme {
                    type_: "oauth2".into(),
                    flow: Some("accessCode".into()),
                    authorization_url: Some(auth_url.clone()),
                    token_url: Some(token_url.clone()),
                    scopes: Some(scopes),
                    ..Default::default()
                };
                ("oauth2_auth", s, format!("oauth2:{auth_url}:{token_url}"))
            }
            other => {
                if self.unsupported_reported.insert(other.to_owned()) {
                    self.diags
                        .warn(codes::PM_AUTH_UNSUPPORTED, &auth.at, format!("`{other}` authentication is not supported by connectors; no security definition was made"))
                        .help("connectors support API keys, basic authentication and OAuth 2.0 authorization code; custom code (script.csx) can sign requests otherwise");
                }
                return None;
            }
        };
        if let Some((name, _)) = self.schemes.iter().find(|(_, (_, sig))| *sig == signature) {
            return Some(name.clone());
        }
        let name = connector_core::unique_name(base, |n| !self.schemes.contains_key(n));
        self.schemes.insert(name.clone(), (scheme, signature));
        Some(name)
    }

    fn operation(
        &mut self,
        r: &Request,
        path_params: &[String],
        global: Option<&str>,
    ) -> sw::Operation {
        let mut op = sw::Operation {
            summary: summary_of(&r.name),
            description: r.description.clone(),
            operation_id: self.unique_id(&pascal_case(&r.name)),
            tags: r.folders.first().map(|f| vec![f.clone()]),
            ..Default::default()
        };
        if r.folders.len() > 1 {
            let trail = r.folders.join(" / ");
            self.diags.info(
                codes::PM_FOLDER_NESTED,
                &r.at,
                format!(
                    "nested folder `{trail}`: the tag is `{}`",
                    r.folders.first().map(String::as_str).unwrap_or_default()
                ),
            );
            let note = format!("Folder: {trail}.");
            op.description = Some(match op.description.take() {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
        }
        // Security: the request's own auth when it differs from the collection's.
        let own = r.auth.as_ref().and_then(|a| self.scheme_for(a));
        if own.as_deref() != global {
            op.security = Some(match own {
                Some(name) => vec![IndexMap::from_iter([(name, Vec::new())])],
                None => Vec::new(),
            });
        }
        let auth_header = r
            .auth
            .as_ref()
            .filter(|a| a.kind == "apikey" && a.attr("in").as_deref() != Some("query"))
            .and_then(|a| a.attr("key"));
        let auth_query = r
            .auth
            .as_ref()
            .filter(|a| a.kind == "apikey" && a.attr("in").as_deref() == Some("query"))
            .and_then(|a| a.attr("key"));

        let mut params: Vec<sw::RefOr<sw::Parameter>> = Vec::new();
        let rat = r.at.push("request");
        for name in path_params {
            let mut p = sw::Parameter::new(name.clone(), sw::ParameterLocation::Path);
            p.required = Some(true);
            p.type_ = Some("string".into());
            if let Some(v) = r
                .url
                .path_variables
                .iter()
                .find(|v| param_name(&v.key) == *name)
            {
                p.description = v.description.clone();
                if !is_credential_name(&v.key) {
                    let (t, f) = sample_type(&v.value);
                    p.type_ = Some(t.into());
                    p.format = f.map(str::to_owned);
                }
            }
            params.push(sw::RefOr::Item(p));
        }
        for (i, q) in r.url.query.iter().enumerate() {
            let qat = rat.push("url").push("query").index(i);
            if auth_query.as_deref() == Some(q.key.as_str()) {
                self.diags.info(
                    codes::PM_HEADER_HANDLED,
                    &qat,
                    format!(
                        "query parameter `{}` carries the API key; the connection sends it",
                        q.key
                    ),
                );
                continue;
            }
            if params.iter().any(|p| {
                p.as_item()
                    .is_some_and(|p| p.name == q.key && p.location == sw::ParameterLocation::Query)
            }) {
                continue;
            }
            params.push(sw::RefOr::Item(self.simple_param(
                q,
                sw::ParameterLocation::Query,
                &qat,
            )));
        }
        let mut consumes: Vec<String> = Vec::new();
        let mut produces: Vec<String> = Vec::new();
        for (i, h) in r.headers.iter().enumerate() {
            let hat = rat.push("header").index(i);
            let lower = h.key.to_ascii_lowercase();
            let handled = match lower.as_str() {
                "content-type" => {
                    if !h.disabled && !h.value.contains("{{") {
                        consumes.push(
                            h.value
                                .split(';')
                                .next()
                                .unwrap_or_default()
                                .trim()
                                .to_owned(),
                        );
                    }
                    true
                }
                "accept" => {
                    if !h.disabled && !h.value.contains("{{") && h.value != "*/*" {
                        produces.extend(
                            h.value
                                .split(',')
                                .map(|m| m.split(';').next().unwrap_or_default().trim().to_owned())
                                .filter(|m| !m.is_empty()),
                        );
                    }
                    true
                }
                "authorization" => true,
                _ => auth_header
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(&h.key)),
            };
            if handled {
                self.diags.info(codes::PM_HEADER_HANDLED, &hat, format!("header `{}` is described by the connection or the media types; it is not a parameter", h.key));
                continue;
            }
            if params.iter().any(|p| {
                p.as_item().is_some_and(|p| {
                    p.name.eq_ignore_ascii_case(&h.key)
                        && p.location == sw::ParameterLocation::Header
                })
            }) {
                continue;
            }
            params.push(sw::RefOr::Item(self.simple_param(
                h,
                sw::ParameterLocation::Header,
                &hat,
            )));
        }
        if let Some(body) = &r.body {
            if matches!(r.method.as_str(), "get" | "head") {
                self.diags.info(
                    codes::PM_BODY,
                    &rat.push("body"),
                    format!(
                        "the saved body of {} `{}` was left out: connectors send no body on {}",
                        r.method.to_ascii_uppercase(),
                        r.name,
                        r.method.to_ascii_uppercase()
                    ),
                );
            } else {
                self.body(body, &rat.push("body"), &mut params, &mut consumes);
            }
        }
        consumes.dedup();
        if !params.is_empty() {
            op.parameters = Some(params);
        }
        if !consumes.is_empty() {
            op.consumes = Some(consumes);
        }
        self.responses(r, &mut op, &mut produces);
        produces.dedup();
        if !produces.is_empty() {
            produces.sort_by_key(|m| !is_json_media(m));
            op.produces = Some(produces);
        }
        op
    }

    /// A unique operation id from a request name (empty names get one from connector-xms).
    fn unique_id(&mut self, base: &str) -> Option<String> {
        if base.is_empty() {
            return None;
        }
        Some(connector_core::unique_name(base, |n| {
            self.used_ids.insert(n.to_ascii_lowercase())
        }))
    }

    fn simple_param(
        &mut self,
        kv: &Kv,
        location: sw::ParameterLocation,
        at: &Pointer,
    ) -> sw::Parameter {
        // The name goes on the wire as it is; only path template names are sanitised.
        let mut p = sw::Parameter::new(kv.key.clone(), location);
        p.description = kv.description.clone();
        let (t, f) = if is_credential_name(&kv.key) {
            ("string", None)
        } else {
            sample_type(&kv.value)
        };
        p.type_ = Some(t.into());
        p.format = f.map(str::to_owned);
        if kv.disabled {
            p.extensions
                .insert("x-ms-visibility".into(), json!("advanced"));
            self.diags.info(
                codes::PM_DISABLED,
                at,
                format!(
                    "`{}` is disabled in the collection; it is optional and advanced",
                    kv.key
                ),
            );
        }
        p
    }

    fn body(
        &mut self,
        body: &Body,
        at: &Pointer,
        params: &mut Vec<sw::RefOr<sw::Parameter>>,
        consumes: &mut Vec<String>,
    ) {
        match body {
            Body::Raw { text, language } => {
                self.raw_body(text, language.as_deref(), at, params, consumes);
            }
            Body::Urlencoded(fields) => self.form_body(fields, false, at, params, consumes),
            Body::FormData(fields) => self.form_body(fields, true, at, params, consumes),
            Body::File => {
                let mut p = sw::Parameter::new("body", sw::ParameterLocation::Body);
                p.required = Some(true);
                p.schema = Some(Box::new(sw::Schema {
                    type_: Some(sw::SchemaType::One("string".into())),
                    format: Some("binary".into()),
                    ..Default::default()
                }));
                if consumes.is_empty() {
                    consumes.push("application/octet-stream".into());
                }
                params.push(sw::RefOr::Item(p));
            }
            Body::GraphQl { query, variables } => {
                self.graphql_body(query, variables.as_deref(), at, params, consumes);
            }
        }
    }

    /// A raw body: JSON (with its schema inferred from the sample) or text.
    fn raw_body(
        &mut self,
        text: &str,
        language: Option<&str>,
        at: &Pointer,
        params: &mut Vec<sw::RefOr<sw::Parameter>>,
        consumes: &mut Vec<String>,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let declared_json = language == Some("json") || consumes.iter().any(|c| is_json_media(c));
        let parsed = parse_json_with_variables(text).filter(|v| v.is_object() || v.is_array());
        let mut p = sw::Parameter::new("body", sw::ParameterLocation::Body);
        p.required = Some(true);
        match parsed {
            Some(v) => {
                let mut schema = sw::infer_schema(&v);
                let (clean, changed) = self.secrets.scrub(v);
                if changed {
                    self.diags.info(
                        codes::PM_SECRET_WITHHELD,
                        at,
                        "credential-looking values of the sample body were left out of the example",
                    );
                }
                schema.example = Some(Box::new(clean));
                p.schema = Some(Box::new(schema));
                if consumes.is_empty() {
                    consumes.push("application/json".into());
                }
            }
            None => {
                if declared_json {
                    self.diags.warn(codes::PM_BODY_NOT_JSON, at, "the body is marked as JSON but does not parse; it is a string in the connector");
                }
                p.schema = Some(Box::new(sw::Schema::of_type("string")));
                if consumes.is_empty() {
                    consumes.push(match language {
                        Some("xml") => "application/xml".into(),
                        Some("json") => "application/json".into(),
                        _ => "text/plain".into(),
                    });
                }
            }
        }
        params.push(sw::RefOr::Item(p));
    }

    /// A urlencoded or multipart form: one form field each (files as `type: file` in a
    /// multipart form).
    fn form_body(
        &mut self,
        fields: &[model::Kv],
        multipart: bool,
        at: &Pointer,
        params: &mut Vec<sw::RefOr<sw::Parameter>>,
        consumes: &mut Vec<String>,
    ) {
        consumes.clear();
        consumes.push(
            if multipart {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            }
            .into(),
        );
        for (i, f) in fields.iter().enumerate() {
            let fat = at
                .push(if multipart { "formdata" } else { "urlencoded" })
                .index(i);
            let mut p = self.simple_param(f, sw::ParameterLocation::FormData, &fat);
            if f.kind.as_deref() == Some("file") {
                if multipart {
                    p.type_ = Some("file".into());
                    p.format = None;
                } else {
                    self.diags.warn(
                        codes::PM_BODY,
                        &fat,
                        format!("file field `{}` in a urlencoded body is a string", f.key),
                    );
                }
            }
            if !params.iter().any(|q| {
                q.as_item()
                    .is_some_and(|q| q.name == p.name && q.location == p.location)
            }) {
                params.push(sw::RefOr::Item(p));
            }
        }
    }

    /// A GraphQL body: JSON with `query` and `variables`.
    fn graphql_body(
        &mut self,
        query: &str,
        variables: Option<&str>,
        at: &Pointer,
        params: &mut Vec<sw::RefOr<sw::Parameter>>,
        consumes: &mut Vec<String>,
    ) {
        let mut p = sw::Parameter::new("body", sw::ParameterLocation::Body);
        p.required = Some(true);
        let vars = variables
            .and_then(parse_json_with_variables)
            .unwrap_or_else(|| json!({}));
        let mut schema = sw::Schema::of_type("object");
        let mut props = IndexMap::default();
        props.insert(
            "query".to_owned(),
            sw::Schema {
                description: Some("The GraphQL query.".into()),
                ..sw::Schema::of_type("string")
            },
        );
        let mut vs = sw::infer_schema(&vars);
        vs.description = Some("The query's variables.".into());
        props.insert("variables".to_owned(), vs);
        schema.properties = Some(Box::new(props));
        schema.required = Some(vec!["query".into()]);
        let (clean, _) = self
            .secrets
            .scrub(json!({"query": query, "variables": vars}));
        schema.example = Some(Box::new(clean));
        p.schema = Some(Box::new(schema));
        consumes.clear();
        consumes.push("application/json".into());
        self.diags.info(
            codes::PM_BODY,
            at,
            "the GraphQL body became a JSON body with `query` and `variables`",
        );
        params.push(sw::RefOr::Item(p));
    }

    fn responses(&mut self, r: &Request, op: &mut sw::Operation, produces: &mut Vec<String>) {
        let mut groups: IndexMap<String, Vec<&model::Example>> = IndexMap::default();
        for e in &r.examples {
            let code = e
                .code
                .filter(|c| (100..600).contains(c))
                .unwrap_or(200)
                .to_string();
            groups.entry(code).or_default().push(e);
        }
        if groups.is_empty() {
            op.responses.responses.insert(
                "200".into(),
                sw::RefOr::Item(sw::Response {
                    description: "Success".into(),
                    ..Default::default()
                }),
            );
            return;
        }
        for (code, examples) in groups {
            let response = self.response(&code, &examples, r, produces);
            op.responses
                .responses
                .insert(code, sw::RefOr::Item(response));
        }
    }

    /// The response of one status code from its saved examples: their headers, a schema
    /// shaped by every JSON body, the first body (scrubbed) as the example.
    fn response(
        &mut self,
        code: &str,
        examples: &[&model::Example],
        r: &Request,
        produces: &mut Vec<String>,
    ) -> sw::Response {
        let description = examples
            .first()
            .and_then(|e| e.status.clone().or_else(|| Some(e.name.clone())))
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| "Response".into());
        let mut response = sw::Response {
            description,
            ..Default::default()
        };
        let mut schema: Option<sw::Schema> = None;
        let mut example: Option<(String, Value)> = None;
        let mut shaped = 0;
        for e in examples {
            let content_type = content_type(e);
            if let Some(ct) = &content_type {
                if !ct.is_empty() && !produces.contains(ct) {
                    produces.push(ct.clone());
                }
            }
            response_headers(e, &mut response);
            let Some(v) = e.body.as_deref().and_then(parse_json_with_variables) else {
                continue;
            };
            let inferred = sw::infer_schema(&v);
            shaped += 1;
            schema = Some(match schema {
                Some(s) => sw::merge_schemas(s, inferred),
                None => inferred,
            });
            if example.is_none() {
                let (clean, changed) = self.secrets.scrub(v);
                if changed {
                    self.diags.info(codes::PM_SECRET_WITHHELD, &e.at, "credential-looking values of the saved response were left out of the example");
                }
                example = Some((
                    content_type
                        .clone()
                        .filter(|c| is_json_media(c))
                        .unwrap_or_else(|| "application/json".into()),
                    clean,
                ));
            }
            if content_type.is_none() && !produces.iter().any(|p| is_json_media(p)) {
                produces.push("application/json".into());
            }
        }
        if shaped > 1 {
            self.diags.info(
                codes::PM_EXAMPLES_MERGED,
                &r.at.push("response"),
                format!("{shaped} saved examples for status {code} shaped one response schema"),
            );
        }
        response.schema = schema.map(Box::new);
        if let Some((mt, ex)) = example {
            response.examples = Some(IndexMap::from_iter([(mt, ex)]));
        }
        response
    }
}

/// The media type a saved example's `Content-Type` header names, parameters left out.
fn content_type(e: &model::Example) -> Option<String> {
    e.headers
        .iter()
        .find(|h| h.key.eq_ignore_ascii_case("content-type"))
        .map(|h| {
            h.value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
}

/// The headers of a saved example worth declaring on its response: not the transport's own
/// (`Content-Type`, `Date`, `Set-Cookie`…) and not credentials.
fn response_headers(e: &model::Example, response: &mut sw::Response) {
    for h in &e.headers {
        let lower = h.key.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "content-type"
                | "content-length"
                | "date"
                | "connection"
                | "set-cookie"
                | "transfer-encoding"
                | "server"
                | "vary"
                | "etag"
                | "keep-alive"
                | "authorization"
        ) || is_credential_name(&h.key)
        {
            continue;
        }
        response
            .headers
            .entry(h.key.clone())
            .or_insert_with(|| sw::Header {
                type_: Some("string".into()),
                ..Default::default()
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_types() {
        assert_eq!(sample_type("42"), ("integer", None));
        assert_eq!(sample_type("007"), ("string", None));
        assert_eq!(sample_type("1.5"), ("number", None));
        assert_eq!(sample_type("true"), ("boolean", None));
        assert_eq!(
            sample_type("2024-01-01T00:00:00Z"),
            ("string", Some("date-time"))
        );
        assert_eq!(sample_type("{{x}}"), ("string", None));
    }

    #[test]
    fn json_with_variables_in_value_position_parses() {
        let v = parse_json_with_variables(r#"{"id": {{id}}, "name": "{{name}}", "n": [1, {{n}}]}"#)
            .unwrap();
        assert_eq!(
            v,
            json!({"id": "{{id}}", "name": "{{name}}", "n": [1, "{{n}}"]})
        );
    }

    #[test]
    fn segments_become_templates() {
        assert_eq!(
            template_segment(":id"),
            ("{id}".to_owned(), vec!["id".to_owned()])
        );
        assert_eq!(
            template_segment("{{userId}}"),
            ("{userId}".to_owned(), vec!["userId".to_owned()])
        );
        assert_eq!(template_segment("v{{ver}}.json").0, "v{ver}.json");
        assert_eq!(
            summary_of("Get a user / by id?").as_deref(),
            Some("Get a user by id")
        );
    }
}
