//! Sign-in: the connection's credential, decided from what the input declares, what its
//! requests send, and what the user says (`--auth`).
//!
//! - A scheme declared by the user replaces the input's.
//! - Without any scheme, a credential that the requests send as a header or query parameter
//!   (`x-api-key`, `apiKey`, `Authorization`, …) becomes an API-key sign-in and leaves the
//!   actions.
//! - A scheme no kept operation requires, or only the API's own token endpoints, is no
//!   sign-in and is dropped.
//! - A connector left without sign-in gets a warning saying how to declare one.
//!
//! The rules are listed in docs/lowering.md ("Sign-in").

use connector_core::collections::{HashMap, HashSet};

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

/// A sign-in declared by the user, replacing whatever the input declares.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// The API needs no credential: no sign-in, and no warning about it.
    None,
    /// An API key sent in a header or the query under `name`.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header or query parameter name.
        name: String,
    },
    /// HTTP basic authentication (user name and password).
    Basic,
    /// OAuth 2.0 with the authorization code flow.
    OAuth2 {
        /// Where users sign in.
        authorization_url: String,
        /// Where the code is exchanged for a token.
        token_url: String,
        /// The scopes to request.
        scopes: Vec<String>,
    },
}

/// Where an API key is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// In a request header.
    Header,
    /// In the query string.
    Query,
}

impl KeyLocation {
    fn as_str(self) -> &'static str {
        match self {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query",
        }
    }
}

impl Auth {
    /// The security scheme (and its name) this sign-in declares; `None` for [`Auth::None`].
    fn scheme(&self) -> Option<(&'static str, sw::SecurityScheme)> {
        let scheme = |type_: &str| sw::SecurityScheme {
            type_: type_.into(),
            ..Default::default()
        };
        Some(match self {
            Auth::None => return None,
            Auth::ApiKey { location, name } => (
                "api_key",
                sw::SecurityScheme {
                    name: Some(name.clone()),
                    location: Some(location.as_str().into()),
                    ..scheme("apiKey")
                },
            ),
            Auth::Basic => ("basic_auth", scheme("basic")),
            Auth::OAuth2 {
                authorization_url,
                token_url,
                scopes,
            } => (
                "oauth2_auth",
                sw::SecurityScheme {
                    flow: Some("accessCode".into()),
                    authorization_url: Some(authorization_url.clone()),
                    token_url: Some(token_url.clone()),
                    scopes: Some(scopes.iter().map(|s| (s.clone(), s.clone())).collect()),
                    ..scheme("oauth2")
                },
            ),
        })
    }
}

/// Replaces the input's sign-in with the user's: one scheme required by every operation; an
/// API key parameter of the same name leaves the actions.
pub fn declared(doc: &mut sw::Document, auth: &Auth, diags: &mut Diagnostics) {
    let at = Pointer::root().push("securityDefinitions");
    let replaced: Vec<String> = doc.security_definitions.keys().cloned().collect();
    doc.security_definitions.clear();
    doc.security = None;
    for item in doc.paths.paths.values_mut() {
        for (_, op) in item.operations_mut() {
            op.security = None;
        }
    }
    let what = match doc_scheme(doc, auth) {
        Some(name) => format!("the sign-in is `{name}`, as the options declare"),
        None => "the options declare that the API needs no sign-in".to_owned(),
    };
    let note = if replaced.is_empty() {
        String::new()
    } else {
        format!(" (it replaces the input's {})", replaced.join(", "))
    };
    diags.info(codes::XMS_SIGN_IN, &at, format!("{what}{note}"));
    if let Auth::ApiKey { location, name } = auth {
        let key = Credential {
            location: location.as_str().to_owned(),
            name: name.clone(),
        };
        let taken = take_off_actions(doc, &key);
        if taken > 0 {
            diags.info(
                codes::XMS_SIGN_IN,
                &at,
                format!("`{name}` was taken off {taken} action(s): the connection sends it"),
            );
        }
    }
}

/// Declares the user's scheme and requires it everywhere; returns its name.
fn doc_scheme(doc: &mut sw::Document, auth: &Auth) -> Option<&'static str> {
    let (name, scheme) = auth.scheme()?;
    let scopes = scheme
        .scopes
        .as_ref()
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    doc.security_definitions.insert(name.into(), scheme);
    doc.security = Some(vec![IndexMap::from_iter([(name.to_owned(), scopes)])]);
    Some(name)
}

/// A credential parameter: where it goes and its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Credential {
    location: String,
    name: String,
}

impl Credential {
    /// Whether a parameter sends this credential: the same name in a header, the query or a
    /// form (PDF.co takes its key as the `x-api-key` header, query parameter or form field).
    fn matches(&self, p: &sw::Parameter) -> bool {
        matches!(
            p.location,
            sw::ParameterLocation::Header
                | sw::ParameterLocation::Query
                | sw::ParameterLocation::FormData
        ) && p.name.eq_ignore_ascii_case(&self.name)
    }
}

/// How surely a parameter name marks a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sureness {
    /// A name that could mean something else (`key`, `token`, `auth`): a credential only when
    /// most operations send it.
    Likely,
    /// A name that says credential (`x-api-key`, `access_token`, `Authorization`).
    Sure,
}

fn sureness(p: &sw::Parameter) -> Option<Sureness> {
    if !matches!(
        p.location,
        sw::ParameterLocation::Header | sw::ParameterLocation::Query
    ) || p.validation.enumeration.is_some()
        || p.type_.as_deref().is_some_and(|t| t != "string")
    {
        return None;
    }
    let n: String = p
        .name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    const SURE: &[&str] = &[
        "apikey",
        "accesstoken",
        "authtoken",
        "apitoken",
        "subscriptionkey",
        "clientsecret",
        "secretkey",
        "apisecret",
        "bearer",
        "personalaccesstoken",
        "privatetoken",
        "authkey",
    ];
    const LIKELY: &[&str] = &["key", "token", "auth", "appid", "appkey", "accesskey"];
    if n == "authorization" || SURE.iter().any(|s| n.contains(s)) {
        Some(Sureness::Sure)
    } else if LIKELY.contains(&n.as_str()) {
        Some(Sureness::Likely)
    } else {
        None
    }
}

/// The parameters an operation sends, shared ones resolved, path-level ones included.
fn sent<'a>(
    item: &'a sw::PathItem,
    op: &'a sw::Operation,
    shared: &'a IndexMap<String, sw::Parameter>,
) -> impl Iterator<Item = &'a sw::Parameter> {
    op.parameters
        .iter()
        .flatten()
        .chain(item.parameters.iter().flatten())
        .filter_map(move |slot| match slot {
            sw::RefOr::Item(p) => Some(p),
            sw::RefOr::Ref(r) => r
                .strip_prefix("#/parameters/")
                .map(connector_core::unescape_token)
                .and_then(|k| shared.get(&k)),
        })
}

/// Without any declared scheme, the credential the requests send becomes the sign-in (see
/// the module docs).
pub fn inferred(doc: &mut sw::Document, diags: &mut Diagnostics) {
    // A scheme the platform cannot take (an API key in a cookie, OAuth without absolute
    // URLs) is dropped later and signs no one in.
    let usable = doc
        .security_definitions
        .values()
        .any(|s| crate::security::shape_problem(s).is_none());
    if usable {
        return;
    }
    let sent_by = credentials_sent(doc);
    let Some((key, count)) = sent_by.best() else {
        return;
    };
    let operations = sent_by.operations;
    let key = key.clone();
    let written = written_name(doc, &key).unwrap_or_else(|| key.name.clone());
    let key = Credential {
        name: written.clone(),
        ..key
    };
    doc.security_definitions.insert(
        "api_key".into(),
        sw::SecurityScheme {
            type_: "apiKey".into(),
            name: Some(written.clone()),
            location: Some(key.location.clone()),
            description: Some(format!(
                "The API key, sent as the {} `{written}`.",
                key.location
            )),
            ..Default::default()
        },
    );
    doc.security = Some(vec![IndexMap::from_iter([(
        "api_key".to_owned(),
        Vec::new(),
    )])]);
    let taken = take_off_actions(doc, &key);
    diags
        .info(
            codes::XMS_SIGN_IN,
            &Pointer::root().push("securityDefinitions").push("api_key"),
            format!(
                "the {} `{written}`, sent by {count} of {operations} operation(s), is the API's credential: it became the connection's API key sign-in and was taken off {taken} action(s)",
                key.location
            ),
        )
        .help("declare another sign-in with --auth if this is not the credential");
}

/// The credential parameters the operations send, with how many send each.
struct CredentialsSent {
    operations: usize,
    found: HashMap<Credential, (usize, Sureness)>,
    /// In the order first met.
    order: Vec<Credential>,
}

impl CredentialsSent {
    /// The most sure, then the most sent, then the first seen; a name that could mean
    /// something else only when at least half the operations send it.
    fn best(&self) -> Option<(&Credential, usize)> {
        self.order
            .iter()
            .filter_map(|k| self.found.get(k).map(|(n, s)| (k, *n, *s)))
            .filter(|(_, n, s)| *s == Sureness::Sure || *n * 2 >= self.operations)
            .max_by_key(|(k, n, s)| {
                (
                    *s,
                    *n,
                    std::cmp::Reverse(self.order.iter().position(|o| o == *k)),
                )
            })
            .map(|(k, n, _)| (k, n))
    }
}

fn credentials_sent(doc: &sw::Document) -> CredentialsSent {
    let mut out = CredentialsSent {
        operations: 0,
        found: HashMap::default(),
        order: Vec::new(),
    };
    for item in doc.paths.paths.values() {
        for (_, op) in item.operations() {
            out.operations += 1;
            let mut here = HashSet::default();
            for p in sent(item, op, &doc.parameters) {
                let Some(sure) = sureness(p) else { continue };
                let key = Credential {
                    location: p.location.as_str().to_owned(),
                    name: if p.location == sw::ParameterLocation::Header {
                        p.name.to_ascii_lowercase()
                    } else {
                        p.name.clone()
                    },
                };
                if here.insert(key.clone()) {
                    let entry = out.found.entry(key.clone()).or_insert((0, sure));
                    entry.0 += 1;
                    if entry.0 == 1 {
                        out.order.push(key);
                    }
                }
            }
        }
    }
    out
}

/// The name as the input writes it (headers are matched without case).
fn written_name(doc: &sw::Document, key: &Credential) -> Option<String> {
    doc.paths.paths.values().find_map(|item| {
        item.operations().find_map(|(_, op)| {
            sent(item, op, &doc.parameters)
                .find(|p| key.matches(p))
                .map(|p| p.name.clone())
        })
    })
}

/// Removes a credential parameter from every operation, path item and the shared
/// parameters; returns how many operations sent it.
fn take_off_actions(doc: &mut sw::Document, key: &Credential) -> usize {
    let shared = shared_refs(doc, key);
    let keep = |slot: &sw::RefOr<sw::Parameter>| !sends(slot, key, &shared);
    let mut taken = 0;
    for item in doc.paths.paths.values_mut() {
        let at_path = item
            .parameters
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|s| !keep(s)));
        if let Some(ps) = item.parameters.as_mut() {
            ps.retain(keep);
        }
        for (_, op) in item.operations_mut() {
            let before = op.parameters.as_ref().map_or(0, Vec::len);
            if let Some(ps) = op.parameters.as_mut() {
                ps.retain(keep);
            }
            if at_path || op.parameters.as_ref().map_or(0, Vec::len) < before {
                taken += 1;
            }
        }
    }
    doc.parameters.retain(|_, p| !key.matches(p));
    taken
}

/// The references (`#/parameters/…`) to the shared parameters that send `key`.
fn shared_refs(doc: &sw::Document, key: &Credential) -> HashSet<String> {
    doc.parameters
        .iter()
        .filter(|(_, p)| key.matches(p))
        .map(|(k, _)| format!("#/parameters/{}", connector_core::escape_token(k)))
        .collect()
}

/// Whether a parameter slot sends `key`, itself or through a reference in `shared`.
fn sends(slot: &sw::RefOr<sw::Parameter>, key: &Credential, shared: &HashSet<String>) -> bool {
    match slot {
        sw::RefOr::Item(p) => key.matches(p),
        sw::RefOr::Ref(r) => shared.contains(r),
    }
}

/// Whether the document says which schemes its operations require (at the root or on any
/// operation); when it says nothing, every operation counts as requiring each scheme.
fn says_requirements(doc: &sw::Document) -> bool {
    doc.security.is_some()
        || doc
            .paths
            .paths
            .values()
            .any(|i| i.operations().any(|(_, op)| op.security.is_some()))
}

/// Whether a path is one of the API's own token endpoints (`/oauth/token`, `/authorize`,
/// `/token/refresh`, `/revoke`).
fn is_token_endpoint(path: &str) -> bool {
    path.split('/')
        .rev()
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .take(2)
        .any(|s| {
            let n: String = s
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            matches!(
                n.as_str(),
                "token"
                    | "tokens"
                    | "accesstoken"
                    | "oauthtoken"
                    | "oauth2token"
                    | "authorize"
                    | "revoke"
                    | "introspect"
                    | "refreshtoken"
            )
        })
}

/// Drops schemes that are no sign-in: those no kept operation requires, and those only the
/// API's token endpoints require. When the input requires no scheme anywhere, all stay.
pub fn unused_schemes(doc: &mut sw::Document, diags: &mut Diagnostics) {
    if doc.security_definitions.is_empty() || !says_requirements(doc) {
        return;
    }
    // Scheme → (operations requiring it, of which token endpoints).
    let mut users: HashMap<String, (usize, usize)> = HashMap::default();
    for (path, item) in &doc.paths.paths {
        let token = is_token_endpoint(path);
        for (_, op) in item.operations() {
            let reqs = op.security.as_ref().or(doc.security.as_ref());
            let names: HashSet<&String> =
                reqs.into_iter().flatten().flat_map(|r| r.keys()).collect();
            for name in names {
                let e = users.entry(name.clone()).or_default();
                e.0 += 1;
                e.1 += usize::from(token);
            }
        }
    }
    let at = Pointer::root().push("securityDefinitions");
    let mut dropped = Vec::new();
    for name in doc.security_definitions.keys() {
        let why = match users.get(name) {
            None => "no kept operation requires it",
            Some((all, token)) if all == token => {
                "only the API's own token endpoints require it, which is no sign-in for makers"
            }
            Some(_) => continue,
        };
        diags.info(
            codes::XMS_SIGN_IN,
            &at.push(name),
            format!("security scheme `{name}` was dropped: {why}"),
        );
        dropped.push(name.clone());
    }
    if dropped.len() == doc.security_definitions.len() {
        // Nothing would be left: keep them all rather than guess.
        return;
    }
    doc.security_definitions.retain(|k, _| !dropped.contains(k));
    let clean = |reqs: &mut Option<Vec<sw::SecurityRequirement>>| {
        if let Some(list) = reqs.as_mut() {
            for r in list.iter_mut() {
                r.retain(|k, _| !dropped.contains(k));
            }
            list.retain(|r| !r.is_empty());
        }
    };
    clean(&mut doc.security);
    for item in doc.paths.paths.values_mut() {
        for (_, op) in item.operations_mut() {
            clean(&mut op.security);
        }
    }
}

/// The scopes to request for an OAuth 2.0 scheme: those the kept operations require (all
/// declared ones when no requirement names any).
pub fn required_scopes(doc: &sw::Document, scheme: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = crate::security::all_requirements(doc)
        .filter_map(|r| r.get(scheme))
        .flatten();
    for s in named {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    if out.is_empty() {
        out = doc
            .security_definitions
            .get(scheme)
            .and_then(|d| d.scopes.as_ref())
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
    }
    out
}

/// After a selection: the OAuth sign-in asks only for the scopes the kept operations require
/// (with one OAuth 2.0 scheme, which every `oauthSetting` parameter then stands for).
pub fn narrow_scopes(doc: &sw::Document, props: &mut sw::ConnectorProperties) {
    let mut oauth = doc
        .security_definitions
        .iter()
        .filter(|(_, s)| s.type_ == "oauth2");
    let (Some((name, _)), None) = (oauth.next(), oauth.next()) else {
        return;
    };
    let scopes = required_scopes(doc, name);
    let sets = props
        .connection_parameter_sets
        .iter_mut()
        .flat_map(|s| s.values.iter_mut())
        .flat_map(|set| set.parameters.values_mut());
    for p in props.connection_parameters.values_mut().chain(sets) {
        if let Some(settings) = p.oauth_settings.as_mut() {
            settings.scopes.retain(|s| scopes.contains(s));
        }
    }
}

/// After a selection: schemes no kept operation requires are dropped ([`unused_schemes`]),
/// and so are their parameter sets; a single set left becomes the connection parameters.
pub fn unused_sets(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    diags: &mut Diagnostics,
) {
    if props.connection_parameter_sets.is_none() {
        return;
    }
    let before: Vec<String> = doc.security_definitions.keys().cloned().collect();
    unused_schemes(doc, diags);
    let dropped: HashSet<String> = before
        .iter()
        .filter(|k| !doc.security_definitions.contains_key(*k))
        .map(|k| crate::set_id(k))
        .collect();
    let Some(sets) = props.connection_parameter_sets.as_mut() else {
        return;
    };
    sets.values.retain(|set| !dropped.contains(&set.name));
    if let [one] = sets.values.as_mut_slice() {
        props.connection_parameters = std::mem::take(&mut one.parameters);
        props.connection_parameter_sets = None;
    }
}

/// A per-action parameter that sends an API key the connection already sends (the same name,
/// in a header, the query or a form) leaves the actions: makers would be asked for the key twice.
pub fn redundant_keys(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let keys: Vec<(String, Credential)> = doc
        .security_definitions
        .iter()
        .filter(|(_, s)| s.type_ == "apiKey")
        .filter_map(|(n, s)| {
            Some((
                n.clone(),
                Credential {
                    location: s.location.clone()?,
                    name: s.name.clone()?,
                },
            ))
        })
        .collect();
    let says = says_requirements(doc);
    for (scheme, key) in keys {
        let taken = take_off_signed(doc, &scheme, &key, says);
        if taken > 0 {
            diags.info(
                codes::XMS_SIGN_IN,
                &Pointer::root().push("securityDefinitions").push(&scheme),
                format!(
                    "`{}` was taken off {taken} action(s): the connection sends it (`{scheme}`)",
                    key.name
                ),
            );
        }
    }
}

/// Removes a credential parameter from the operations that require `scheme` (every one when
/// the input requires no scheme anywhere); returns how many sent it.
fn take_off_signed(doc: &mut sw::Document, scheme: &str, key: &Credential, says: bool) -> usize {
    let shared = shared_refs(doc, key);
    let root = doc.security.clone();
    let mut taken = 0;
    for item in doc.paths.paths.values_mut() {
        for (_, op) in item.operations_mut() {
            let required = !says
                || op
                    .security
                    .as_ref()
                    .or(root.as_ref())
                    .is_some_and(|reqs| reqs.iter().any(|r| r.contains_key(scheme)));
            let Some(ps) = op.parameters.as_mut().filter(|_| required) else {
                continue;
            };
            let before = ps.len();
            ps.retain(|slot| !sends(slot, key, &shared));
            taken += usize::from(ps.len() < before);
        }
    }
    taken
}

/// A warning when the connector has no sign-in at all.
pub fn none_left(doc: &sw::Document, diags: &mut Diagnostics) {
    if !doc.security_definitions.is_empty() {
        return;
    }
    diags
        .warn(
            codes::XMS_NO_SIGN_IN,
            &Pointer::root().push("securityDefinitions"),
            "the connector has no sign-in: the input declares no usable security scheme, and its requests send no credential",
        )
        .help("if the API needs one, declare it: --auth api-key --auth-header NAME (or --auth-query NAME), --auth basic, or --auth oauth2 --authorization-url URL --token-url URL; --auth none says it needs none");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, location: sw::ParameterLocation) -> sw::RefOr<sw::Parameter> {
        let mut p = sw::Parameter::new(name.to_owned(), location);
        p.type_ = Some("string".into());
        sw::RefOr::Item(p)
    }

    /// The names of the operations' own parameters, in order.
    fn parameter_names(doc: &sw::Document) -> Vec<String> {
        doc.paths
            .paths
            .values()
            .flat_map(|i| {
                i.operations()
                    .flat_map(|(_, o)| o.parameters.iter().flatten())
            })
            .filter_map(|p| p.as_item().map(|p| p.name.clone()))
            .collect()
    }

    fn doc_with(params: &[(&str, &[(&str, sw::ParameterLocation)])]) -> sw::Document {
        let mut doc = sw::Document::default();
        for (path, ps) in params {
            let op = sw::Operation {
                parameters: Some(ps.iter().map(|(n, l)| param(n, *l)).collect()),
                ..Default::default()
            };
            let item = sw::PathItem {
                get: Some(Box::new(op)),
                ..Default::default()
            };
            doc.paths.paths.insert((*path).into(), item);
        }
        doc
    }

    #[test]
    fn a_credential_the_requests_send_becomes_the_sign_in() {
        use sw::ParameterLocation::{Header, Query};
        let mut doc = doc_with(&[
            ("/a", &[("X-Api-Key", Header), ("limit", Query)]),
            ("/b", &[("x-api-key", Header)]),
            ("/c", &[]),
        ]);
        let mut diags = Diagnostics::default();
        inferred(&mut doc, &mut diags);
        let scheme = doc
            .security_definitions
            .get("api_key")
            .map(|s| (s.name.clone(), s.location.clone()));
        assert_eq!(
            scheme,
            Some((Some("X-Api-Key".into()), Some("header".into())))
        );
        assert_eq!(parameter_names(&doc), ["limit"]);
        // A name that could mean something else counts only when most operations send it.
        let mut doc = doc_with(&[("/a", &[("key", Query)]), ("/b", &[]), ("/c", &[])]);
        inferred(&mut doc, &mut diags);
        assert!(doc.security_definitions.is_empty());
    }

    #[test]
    fn a_selection_keeps_only_the_sign_ins_its_operations_use() {
        let mut doc = doc_with(&[("/users", &[])]);
        for (name, type_) in [("basic", "basic"), ("key", "apiKey")] {
            doc.security_definitions.insert(
                name.into(),
                sw::SecurityScheme {
                    type_: type_.into(),
                    name: Some("k".into()),
                    location: Some("header".into()),
                    ..Default::default()
                },
            );
        }
        if let Some(op) = doc
            .paths
            .paths
            .get_mut("/users")
            .and_then(|i| i.get.as_mut())
        {
            op.security = Some(vec![IndexMap::from_iter([("key".to_owned(), Vec::new())])]);
        }
        let set = |name: &str, param: &str| sw::ConnectionParameterSet {
            name: name.into(),
            ui_definition: Default::default(),
            parameters: IndexMap::from_iter([(
                param.to_owned(),
                sw::ConnectionParameter::default(),
            )]),
        };
        let mut props = sw::ConnectorProperties {
            connection_parameter_sets: Some(sw::ConnectionParameterSets {
                ui_definition: Default::default(),
                values: vec![set("basic", "username"), set("key", "api_key")],
            }),
            ..Default::default()
        };
        let mut diags = Diagnostics::default();
        unused_sets(&mut doc, &mut props, &mut diags);
        assert!(props.connection_parameter_sets.is_none());
        let params: Vec<&String> = props.connection_parameters.keys().collect();
        assert_eq!(params, ["api_key"]);
        let schemes: Vec<&String> = doc.security_definitions.keys().collect();
        assert_eq!(schemes, ["key"]);
    }

    #[test]
    fn a_key_the_connection_sends_is_not_asked_for_again() {
        use sw::ParameterLocation::{FormData, Query};
        let mut doc = doc_with(&[(
            "/a",
            &[
                ("X-API-Key", FormData),
                ("x-api-key", Query),
                ("limit", Query),
            ],
        )]);
        doc.security_definitions.insert(
            "key".into(),
            sw::SecurityScheme {
                type_: "apiKey".into(),
                name: Some("x-api-key".into()),
                location: Some("header".into()),
                ..Default::default()
            },
        );
        let mut diags = Diagnostics::default();
        redundant_keys(&mut doc, &mut diags);
        assert_eq!(parameter_names(&doc), ["limit"]);
    }

    #[test]
    fn token_endpoints_do_not_sign_makers_in() {
        let mut doc = doc_with(&[("/oauth/token", &[]), ("/users", &[])]);
        for (name, type_) in [("basic", "basic"), ("key", "apiKey")] {
            doc.security_definitions.insert(
                name.into(),
                sw::SecurityScheme {
                    type_: type_.into(),
                    name: Some("k".into()),
                    location: Some("header".into()),
                    ..Default::default()
                },
            );
        }
        for (path, scheme) in [("/oauth/token", "basic"), ("/users", "key")] {
            if let Some(op) = doc.paths.paths.get_mut(path).and_then(|i| i.get.as_mut()) {
                op.security = Some(vec![IndexMap::from_iter([(scheme.to_owned(), Vec::new())])]);
            }
        }
        let mut diags = Diagnostics::default();
        unused_schemes(&mut doc, &mut diags);
        let left: Vec<&String> = doc.security_definitions.keys().collect();
        assert_eq!(left, ["key"]);
        let token_security = doc
            .paths
            .paths
            .get("/oauth/token")
            .and_then(|i| i.get.as_ref())
            .and_then(|o| o.security.clone());
        assert_eq!(token_security, Some(Vec::new()));
    }
}
