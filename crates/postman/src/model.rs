//! Gathering the requests of a collection, shape by shape, with folders and inherited auth.

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, InputFormat, Pointer};
use serde_json::Value;

use crate::codes;
use crate::secrets::{Secrets, is_credential_name};

/// A key/value entry: query parameter, header, form field, path variable.
#[derive(Clone, Debug, Default)]
pub(crate) struct Kv {
    pub key: String,
    pub value: String,
    pub disabled: bool,
    pub description: Option<String>,
    /// `file` for form-data file parts.
    pub kind: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum Body {
    Raw {
        text: String,
        language: Option<String>,
    },
    Urlencoded(Vec<Kv>),
    FormData(Vec<Kv>),
    File,
    GraphQl {
        query: String,
        variables: Option<String>,
    },
}

/// An auth setting: its type (`noauth` for none) and attributes.
#[derive(Clone, Debug)]
pub(crate) struct Auth {
    pub kind: String,
    pub attrs: IndexMap<String, Value>,
    pub at: Pointer,
}

impl Auth {
    pub fn attr(&self, key: &str) -> Option<String> {
        self.attrs
            .get(key)
            .map(scalar_text)
            .filter(|s| !s.is_empty())
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Example {
    pub name: String,
    pub code: Option<u16>,
    pub status: Option<String>,
    pub headers: Vec<Kv>,
    pub body: Option<String>,
    pub at: Pointer,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Url {
    pub scheme: Option<String>,
    /// Host with variables resolved; unresolved ones as `{name}`.
    pub host: String,
    /// Path segments as written (`:id`, `{{id}}` and literals).
    pub segments: Vec<String>,
    pub query: Vec<Kv>,
    pub path_variables: Vec<Kv>,
}

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub name: String,
    pub description: Option<String>,
    pub folders: Vec<String>,
    pub method: String,
    pub url: Url,
    pub headers: Vec<Kv>,
    pub body: Option<Body>,
    pub auth: Option<Auth>,
    pub examples: Vec<Example>,
    pub at: Pointer,
}

pub(crate) struct Collection {
    pub auth: Option<Auth>,
    pub requests: Vec<Request>,
}

/// The text of a scalar (strings as they are, other scalars printed, null empty).
pub(crate) fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A description: a string or `{content}`.
pub(crate) fn description(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("content").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// Replaces `{{name}}` with known values; unknown ones stay.
pub(crate) fn substitute(text: &str, vars: &IndexMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut guard = 0;
    while let Some(start) = rest.find("{{") {
        guard += 1;
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = after.find("}}") else {
            out.push_str(after);
            return out;
        };
        let name = after.get(2..end).unwrap_or_default();
        match vars.get(name.trim()) {
            // A value referring to other variables is expanded a few levels deep at most.
            Some(v) if guard < 16 => out.push_str(&substitute(v, &IndexMap::default())),
            _ => out.push_str(after.get(..end + 2).unwrap_or_default()),
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Auth attributes that describe the setting rather than hold a credential.
const STRUCTURAL_AUTH_KEYS: &[&str] = &[
    "in",
    "key",
    "authUrl",
    "accessTokenUrl",
    "scope",
    "grant_type",
    "addTokenTo",
    "headerPrefix",
    "client_authentication",
    "tokenType",
    "redirect_uri",
    "callbackUrl",
    "useBrowser",
    "tokenName",
    "challengeAlgorithm",
    "algorithm",
    "addParamsToHeader",
    "signatureMethod",
    "version",
    "state",
];

fn parse_auth(v: &Value, at: &Pointer, secrets: &mut Secrets) -> Option<Auth> {
    let kind = v.get("type").and_then(Value::as_str)?.to_owned();
    let mut attrs = IndexMap::default();
    match v.get(&kind) {
        Some(Value::Array(list)) => {
            for a in list {
                if let Some(k) = a.get("key").and_then(Value::as_str) {
                    attrs.insert(k.to_owned(), a.get("value").cloned().unwrap_or(Value::Null));
                }
            }
        }
        Some(Value::Object(map)) => {
            for (k, val) in map {
                attrs.insert(k.clone(), val.clone());
            }
        }
        _ => {}
    }
    for (k, val) in &attrs {
        if !STRUCTURAL_AUTH_KEYS.contains(&k.as_str()) {
            if let Value::String(s) = val {
                secrets.add(s);
            }
        }
    }
    Some(Auth {
        kind,
        attrs,
        at: at.clone(),
    })
}

fn kv_list(v: Option<&Value>, secrets: &mut Secrets) -> Vec<Kv> {
    let mut out = Vec::new();
    match v {
        Some(Value::Array(items)) => {
            for item in items {
                let Some(key) = item
                    .get("key")
                    .and_then(Value::as_str)
                    .filter(|k| !k.trim().is_empty())
                else {
                    continue;
                };
                let value = item.get("value").map(scalar_text).unwrap_or_default();
                if is_credential_name(key) {
                    secrets.add(&value);
                }
                out.push(Kv {
                    key: key.to_owned(),
                    value,
                    disabled: item
                        .get("disabled")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    description: description(item.get("description")),
                    kind: item.get("type").and_then(Value::as_str).map(str::to_owned),
                });
            }
        }
        // Headers written as one block of `Name: value` lines.
        Some(Value::String(block)) => {
            for line in block.lines() {
                if let Some((k, val)) = line.split_once(':').filter(|(k, _)| !k.trim().is_empty()) {
                    let key = k.trim().to_owned();
                    if is_credential_name(&key) {
                        secrets.add(val.trim());
                    }
                    out.push(Kv {
                        key,
                        value: val.trim().to_owned(),
                        ..Kv::default()
                    });
                }
            }
        }
        _ => {}
    }
    out
}

fn query_from_raw(q: &str, secrets: &mut Secrets) -> Vec<Kv> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            if is_credential_name(k) {
                secrets.add(v);
            }
            Kv {
                key: k.to_owned(),
                value: v.to_owned(),
                ..Kv::default()
            }
        })
        .collect()
}

/// Splits `scheme://user:pass@host:port/path` (variables already substituted in the host part).
fn split_authority(text: &str, secrets: &mut Secrets) -> (Option<String>, String, Vec<String>) {
    let (scheme, rest) = match text.split_once("://") {
        Some((s, r)) if !s.contains('/') && !s.contains('{') => (Some(s.to_ascii_lowercase()), r),
        _ => (None, text),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (
            rest.get(..i).unwrap_or_default(),
            rest.get(i..).unwrap_or_default(),
        ),
        None => (rest, ""),
    };
    let host = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            for part in userinfo.split(':') {
                secrets.add(part);
            }
            secrets.add(userinfo);
            host
        }
        None => authority,
    };
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (scheme, host.to_owned(), segments)
}

fn unresolved_to_braces(host: &str) -> String {
    host.replace("{{", "{").replace("}}", "}")
}

fn parse_url(v: &Value, vars: &IndexMap<String, String>, secrets: &mut Secrets) -> Option<Url> {
    let mut url = Url::default();
    let raw = match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("raw").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    let obj = v.as_object();
    let host_field = obj.and_then(|o| o.get("host"));
    if let Some(host) = host_field.filter(|h| !h.is_null()) {
        let host_text = match host {
            Value::Array(parts) => parts.iter().map(scalar_text).collect::<Vec<_>>().join("."),
            other => scalar_text(other),
        };
        let protocol = obj.and_then(|o| o.get("protocol")).and_then(Value::as_str);
        let with_scheme = match protocol {
            Some(p) => format!("{p}://{}", substitute(&host_text, vars)),
            None => substitute(&host_text, vars),
        };
        let (scheme, host, prefix) = split_authority(&with_scheme, secrets);
        url.scheme = scheme;
        url.host = host;
        if let Some(port) = obj
            .and_then(|o| o.get("port"))
            .map(scalar_text)
            .filter(|p| !p.is_empty())
        {
            url.host = format!("{}:{port}", url.host);
        }
        url.segments = prefix;
        match obj.and_then(|o| o.get("path")) {
            Some(Value::Array(parts)) => {
                for p in parts {
                    let seg = match p {
                        Value::Object(o) => o.get("value").map(scalar_text).unwrap_or_default(),
                        other => scalar_text(other),
                    };
                    url.segments
                        .extend(seg.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
                }
            }
            Some(Value::String(p)) => url
                .segments
                .extend(p.split('/').filter(|s| !s.is_empty()).map(str::to_owned)),
            _ => {}
        }
        url.query = kv_list(obj.and_then(|o| o.get("query")), secrets);
    } else {
        let raw = raw?;
        let (before_fragment, _) = raw
            .split_once('#')
            .filter(|(b, _)| !b.ends_with('{'))
            .unwrap_or((raw.as_str(), ""));
        let (address, query) = before_fragment
            .split_once('?')
            .unwrap_or((before_fragment, ""));
        // The first segment may be a variable holding scheme, host and a path prefix.
        let (first, rest) = match address.split_once("://") {
            Some((s, r)) => {
                let (a, p) = r.split_once('/').unwrap_or((r, ""));
                (format!("{s}://{a}"), p.to_owned())
            }
            None => {
                // `//host/path` names a host without a scheme.
                let address = address.strip_prefix("//").unwrap_or(address);
                let (a, p) = address.split_once('/').unwrap_or((address, ""));
                (a.to_owned(), p.to_owned())
            }
        };
        let (scheme, host, prefix) = split_authority(&substitute(&first, vars), secrets);
        url.scheme = scheme;
        url.host = host;
        url.segments = prefix;
        url.segments
            .extend(rest.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
        url.query = match obj.and_then(|o| o.get("query")) {
            Some(q) => kv_list(Some(q), secrets),
            None => query_from_raw(query, secrets),
        };
    }
    url.host = unresolved_to_braces(&url.host);
    url.path_variables = kv_list(obj.and_then(|o| o.get("variable")), secrets);
    // A URL with neither host nor path says nothing; a path alone is relative to a host the
    // user gives (--host).
    if url.host.is_empty() && url.segments.is_empty() {
        return None;
    }
    Some(url)
}

fn parse_body(v: &Value) -> Option<Body> {
    let mode = v.get("mode").and_then(Value::as_str)?;
    let mut throwaway = Secrets::default();
    Some(match mode {
        "raw" => Body::Raw {
            text: v.get("raw").map(scalar_text).unwrap_or_default(),
            language: v
                .pointer("/options/raw/language")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
        "urlencoded" => Body::Urlencoded(kv_list(v.get("urlencoded"), &mut throwaway)),
        "formdata" => Body::FormData(kv_list(v.get("formdata"), &mut throwaway)),
        "file" => Body::File,
        "graphql" => Body::GraphQl {
            query: v
                .pointer("/graphql/query")
                .map(scalar_text)
                .unwrap_or_default(),
            variables: v
                .pointer("/graphql/variables")
                .map(scalar_text)
                .filter(|s| !s.trim().is_empty()),
        },
        _ => return None,
    })
}

struct Walker<'a> {
    /// Names whose values came from outside the collection (they are not overridden).
    fixed: &'a connector_core::collections::HashSet<String>,
    /// The variables in scope (collection, then enclosing folders, then the request's own).
    vars: IndexMap<String, String>,
    secrets: &'a mut Secrets,
    diags: &'a mut Diagnostics,
    requests: Vec<Request>,
}

impl Walker<'_> {
    fn scripts(&mut self, v: &Value, at: &Pointer) {
        for (i, e) in v
            .get("event")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let listen = e.get("listen").and_then(Value::as_str).unwrap_or("script");
            let has_code = match e.get("script") {
                Some(Value::Object(s)) => match s.get("exec") {
                    Some(Value::Array(lines)) => lines
                        .iter()
                        .any(|l| l.as_str().is_some_and(|l| !l.trim().is_empty())),
                    Some(Value::String(s)) => !s.trim().is_empty(),
                    _ => false,
                },
                Some(Value::String(s)) => !s.trim().is_empty(),
                _ => false,
            };
            if has_code {
                self.diags.info(
                    codes::PM_SCRIPT_IGNORED,
                    &at.push("event").index(i),
                    format!("the {listen} script is not run and has no connector form"),
                );
            }
        }
    }

    fn items(&mut self, items: &[Value], at: &Pointer, folders: &[String], auth: Option<&Auth>) {
        for (i, item) in items.iter().enumerate() {
            let iat = at.index(i);
            if !item.is_object() {
                self.diags.warn(
                    codes::PM_INVALID,
                    &iat,
                    "an item that is not an object was skipped",
                );
                continue;
            }
            self.scripts(item, &iat);
            let saved = self.scope(item);
            let own_auth = item
                .get("auth")
                .and_then(|a| parse_auth(a, &iat.push("auth"), self.secrets));
            let effective = match own_auth {
                Some(a) if a.kind != "inherit" => Some(a),
                _ => auth.cloned(),
            };
            let name = item.get("name").map(scalar_text).unwrap_or_default();
            if let Some(children) = item.get("item").and_then(Value::as_array) {
                let mut path = folders.to_vec();
                path.push(name);
                self.items(children, &iat.push("item"), &path, effective.as_ref());
            } else if let Some(request) = item.get("request") {
                self.request(item, request, &iat, folders, effective, name);
            } else {
                self.diags.warn(
                    codes::PM_INVALID,
                    &iat,
                    "an item with neither `request` nor `item` was skipped",
                );
            }
            if let Some(saved) = saved {
                self.vars = saved;
            }
        }
    }

    /// Adds an item's own `variable` list to the scope; returns the previous scope.
    fn scope(&mut self, item: &Value) -> Option<IndexMap<String, String>> {
        let list = item.get("variable").and_then(Value::as_array)?;
        let saved = self.vars.clone();
        for v in list {
            let Some(key) = v.get("key").or_else(|| v.get("id")).and_then(Value::as_str) else {
                continue;
            };
            if v.get("disabled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let value = v.get("value").map(scalar_text).unwrap_or_default();
            if v.get("type").and_then(Value::as_str) == Some("secret") || is_credential_name(key) {
                self.secrets.add(&value);
            }
            // Values given from outside the collection still win.
            if !self.fixed.contains(key) {
                self.vars.insert(key.to_owned(), value);
            }
        }
        Some(saved)
    }

    fn request(
        &mut self,
        item: &Value,
        request: &Value,
        at: &Pointer,
        folders: &[String],
        auth: Option<Auth>,
        name: String,
    ) {
        let rat = at.push("request");
        let url_value = match request {
            Value::String(_) => request,
            _ => request.get("url").unwrap_or(&Value::Null),
        };
        let Some(url) = parse_url(url_value, &self.vars, self.secrets) else {
            self.diags.warn(
                codes::PM_URL,
                &rat.push("url"),
                format!("request `{name}` has no usable URL; it was skipped"),
            );
            return;
        };
        let own_auth = request
            .get("auth")
            .and_then(|a| parse_auth(a, &rat.push("auth"), self.secrets));
        let auth = match own_auth {
            Some(a) if a.kind != "inherit" => Some(a),
            _ => auth,
        };
        let examples = item
            .get("response")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, r)| {
                let mut throwaway = Secrets::default();
                Example {
                    name: r.get("name").map(scalar_text).unwrap_or_default(),
                    code: r
                        .get("code")
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok())
                        .or_else(|| {
                            r.get("status")
                                .and_then(Value::as_str)
                                .and_then(|s| s.split_whitespace().next()?.parse().ok())
                        }),
                    status: r.get("status").and_then(Value::as_str).map(str::to_owned),
                    headers: kv_list(r.get("header"), &mut throwaway),
                    body: r.get("body").and_then(Value::as_str).map(str::to_owned),
                    at: at.push("response").index(i),
                }
            })
            .collect();
        self.requests.push(Request {
            name,
            description: description(request.get("description"))
                .or_else(|| description(item.get("description"))),
            folders: folders.to_vec(),
            method: request
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_lowercase(),
            url,
            headers: kv_list(request.get("header"), self.secrets),
            body: {
                let raw = request.get("body");
                let parsed = raw.and_then(parse_body);
                if parsed.is_none() {
                    if let Some(mode) = raw
                        .and_then(|b| b.get("mode"))
                        .filter(|m| !m.is_null())
                    {
                        self.diags.warn(
                            crate::codes::PM_BODY,
                            &rat.push("body"),
                            format!("body mode {mode} is not one Postman defines (raw, urlencoded, formdata, file, graphql); the body was left out"),
                        );
                    }
                }
                parsed
            },
            auth,
            examples,
            at: at.clone(),
        });
    }
}

/// Gathers every request of the collection.
pub(crate) fn collect(
    doc: &Value,
    _format: InputFormat,
    vars: &IndexMap<String, String>,
    fixed: &connector_core::collections::HashSet<String>,
    secrets: &mut Secrets,
    diags: &mut Diagnostics,
) -> Collection {
    let root = Pointer::root();
    let auth = doc
        .get("auth")
        .and_then(|a| parse_auth(a, &root.push("auth"), secrets));
    let mut w = Walker {
        vars: vars.clone(),
        fixed,
        secrets,
        diags,
        requests: Vec::new(),
    };
    w.scripts(doc, &root);
    let items = doc
        .get("item")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    w.items(items, &root.push("item"), &[], auth.as_ref());
    Collection {
        auth,
        requests: w.requests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> IndexMap<String, String> {
        IndexMap::from_iter([
            (
                "baseUrl".to_owned(),
                "https://api.example.com/v1".to_owned(),
            ),
            ("id".to_owned(), "7".to_owned()),
        ])
    }

    #[test]
    fn urls_in_every_shape() {
        let mut s = Secrets::default();
        let u = parse_url(&json!("{{baseUrl}}/users/:id?page=2"), &vars(), &mut s).unwrap();
        assert_eq!(
            (u.scheme.as_deref(), u.host.as_str()),
            (Some("https"), "api.example.com")
        );
        assert_eq!(u.segments, ["v1", "users", ":id"]);
        assert_eq!(u.query[0].key, "page");
        let u = parse_url(&json!({"raw": "x", "protocol": "http", "host": ["{{tenant}}", "example", "com"], "port": "8080", "path": ["a", {"value": "b"}]}), &vars(), &mut s).unwrap();
        assert_eq!(u.host, "{tenant}.example.com:8080");
        assert_eq!(u.segments, ["a", "b"]);
        let u = parse_url(
            &json!("https://user:pa55word@api.example.com/x"),
            &vars(),
            &mut s,
        )
        .unwrap();
        assert_eq!(u.host, "api.example.com");
        assert!(s.leaks("pa55word"));
        assert!(parse_url(&json!(""), &vars(), &mut s).is_none());
        let u = parse_url(&json!("//httpbin.org/post?x=1"), &vars(), &mut s).unwrap();
        assert_eq!((u.host.as_str(), u.segments.len()), ("httpbin.org", 1));
        let relative = parse_url(&json!("/users/:id"), &vars(), &mut s).unwrap();
        assert_eq!((relative.host.as_str(), relative.segments.len()), ("", 2));
    }

    #[test]
    fn substitution_keeps_unknown_variables() {
        assert_eq!(
            substitute("{{baseUrl}}/{{nope}}", &vars()),
            "https://api.example.com/v1/{{nope}}"
        );
    }
}
