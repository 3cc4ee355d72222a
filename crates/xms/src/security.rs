//! Security definitions and requirements the platform accepts: OAuth URLs that are absolute
//! URLs, requirements that name defined schemes, scopes only on OAuth requirements.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

/// Whether `u` is an absolute http(s) URL, with a host and without placeholders or blanks.
pub(crate) fn is_absolute_url(u: &str) -> bool {
    sw::platform::is_absolute_http_url(u)
        && !u.contains(|c: char| c.is_whitespace() || c == '{' || c == '}')
}

/// What makes a security definition unusable, if anything.
pub(crate) fn shape_problem(s: &sw::SecurityScheme) -> Option<String> {
    let url_problem = |field: &str, url: &Option<String>| match url {
        Some(u) if is_absolute_url(u) => None,
        Some(u) => Some(format!("`{field}` `{u}` is not an absolute URL")),
        None => Some(format!("`{field}` is missing")),
    };
    match s.type_.as_str() {
        "basic" => None,
        "apiKey" => match (s.name.as_deref(), s.location.as_deref()) {
            (Some(n), Some("header" | "query")) if !n.is_empty() => None,
            _ => Some("an API key needs a `name` and `in: header` or `in: query`".into()),
        },
        "oauth2" => match s.flow.as_deref() {
            Some("accessCode") => url_problem("authorizationUrl", &s.authorization_url)
                .or_else(|| url_problem("tokenUrl", &s.token_url)),
            Some("implicit") => url_problem("authorizationUrl", &s.authorization_url),
            Some("password" | "application") => url_problem("tokenUrl", &s.token_url),
            other => Some(format!(
                "OAuth 2.0 flow {other:?} is not one of accessCode, implicit, password, application"
            )),
        },
        other => Some(format!("type `{other}` is not basic, apiKey or oauth2")),
    }
}

fn requirements(
    list: &mut Option<Vec<sw::SecurityRequirement>>,
    defs: &connector_core::collections::IndexMap<String, sw::SecurityScheme>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let Some(reqs) = list else { return };
    let had = reqs.len();
    // `{}` (anonymous access allowed) stays; a requirement emptied here goes.
    let mut emptied = Vec::new();
    for (i, r) in reqs.iter_mut().enumerate() {
        let undefined: Vec<String> = r
            .keys()
            .filter(|k| !defs.contains_key(*k))
            .cloned()
            .collect();
        if !undefined.is_empty() && undefined.len() == r.len() {
            emptied.push(i);
        }
        for name in undefined {
            r.shift_remove(&name);
            diags.warn(
                codes::XMS_SECURITY_REPAIRED,
                &at.index(i).push(&name),
                format!(
                    "security requirement `{name}` names no security definition; it was dropped"
                ),
            );
        }
        for (name, scopes) in r.iter_mut() {
            let oauth = defs.get(name).is_some_and(|d| d.type_ == "oauth2");
            if !oauth && !scopes.is_empty() {
                scopes.clear();
                diags.info(codes::XMS_SECURITY_REPAIRED, &at.index(i).push(name), format!("`{name}` is not OAuth 2.0, so its requirement takes no scopes; they were dropped"));
            }
        }
    }
    let mut index = 0;
    let mut seen: Vec<sw::SecurityRequirement> = Vec::new();
    reqs.retain(|r| {
        index += 1;
        // The same requirement twice says nothing more (and the schema wants them unique).
        let repeated = seen.contains(r);
        seen.push(r.clone());
        !emptied.contains(&(index - 1)) && !repeated
    });
    if reqs.is_empty() && had > 0 {
        *list = None;
    }
}

/// Repairs security definitions and requirements (see the module docs).
pub fn security(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let at = Pointer::root().push("securityDefinitions");
    doc.security_definitions.retain(|name, s| {
        let problem = shape_problem(s);
        if let Some(problem) = &problem {
            diags
                .warn(
                    codes::XMS_SECURITY_REPAIRED,
                    &at.push(name),
                    format!("security definition `{name}` was dropped: {problem}"),
                )
                .help("fix the definition in the source");
            return false;
        }
        if s.type_ == "oauth2" && s.scopes.is_none() {
            s.scopes = Some(connector_core::collections::IndexMap::default());
        }
        true
    });
    let defs = doc.security_definitions.clone();
    requirements(
        &mut doc.security,
        &defs,
        &Pointer::root().push("security"),
        diags,
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in item.operations_mut() {
            let at = Pointer::root()
                .push("paths")
                .push(path)
                .push(method)
                .push("security");
            requirements(&mut op.security, &defs, &at, diags);
        }
    }
}

/// Every security requirement: the document's, then each operation's.
pub(crate) fn all_requirements(
    doc: &sw::Document,
) -> impl Iterator<Item = &sw::SecurityRequirement> {
    doc.security
        .iter()
        .flatten()
        .chain(doc.paths.paths.values().flat_map(|item| {
            item.operations()
                .flat_map(|(_, op)| op.security.iter().flatten())
        }))
}

/// Scopes that requirements name but their OAuth 2.0 scheme does not declare are declared
/// (the platform warns on each, and the sign-in asks for them anyway).
pub fn declare_scopes(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let named: Vec<(String, String)> = all_requirements(doc)
        .flat_map(|req| {
            req.iter()
                .flat_map(|(name, scopes)| scopes.iter().map(move |s| (name.clone(), s.clone())))
        })
        .collect();
    let at = Pointer::root().push("securityDefinitions");
    for (name, scheme) in doc.security_definitions.iter_mut() {
        if scheme.type_ != "oauth2" {
            continue;
        }
        let scopes = scheme
            .scopes
            .get_or_insert_with(connector_core::collections::IndexMap::default);
        let mut added = Vec::new();
        for (_, scope) in named.iter().filter(|(n, _)| n == name) {
            if !scopes.contains_key(scope) {
                scopes.insert(scope.clone(), scope.clone());
                added.push(scope.as_str());
            }
        }
        if !added.is_empty() {
            diags.info(
                codes::XMS_SECURITY_REPAIRED,
                &at.push(name).push("scopes"),
                format!(
                    "requirements name scopes `{name}` does not declare; they were declared: {}",
                    added.join(", ")
                ),
            );
        }
    }
}

/// OAuth 2.0 schemes whose flow cannot sign a user in to a connector (implicit, password,
/// application) are dropped, as the OpenAPI reader drops them, so that no definition is left
/// without a connection parameter; requirements naming them go with them (`security`).
/// Not run on a connector definition that passes through.
pub fn unusable_flows(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let at = Pointer::root().push("securityDefinitions");
    doc.security_definitions.retain(|name, s| {
        let flow = s.flow.as_deref().unwrap_or_default();
        if s.type_ != "oauth2" || flow == "accessCode" || flow.is_empty() {
            return true;
        }
        diags
            .warn(
                codes::XMS_AUTH_UNSUPPORTED,
                &at.push(name),
                format!("OAuth 2.0 flow `{flow}` cannot sign users in to a connector; the scheme was dropped"),
            )
            .help("connectors sign users in with the authorization code (accessCode) flow");
        false
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_absolute() {
        assert!(is_absolute_url("https://login.example.com/authorize"));
        assert!(!is_absolute_url("/oauth/authorize"));
        assert!(!is_absolute_url("{x}"));
        assert!(!is_absolute_url("https://{tenant}.example.com/token"));
        // No host before the fragment, query or path (as the checker reads them).
        for u in [
            "https://#uth.example.com/authorize",
            "https://?a=1",
            "https:///x",
            "https://",
        ] {
            assert!(!is_absolute_url(u), "{u}");
        }
        assert!(is_absolute_url("https://login.example.com#x"));
        assert!(is_absolute_url("https://login.example.com?a=1"));
    }

    #[test]
    fn undefined_requirements_and_stray_scopes_are_removed() {
        let mut doc = sw::Document::default();
        doc.security_definitions.insert(
            "key".into(),
            sw::SecurityScheme {
                type_: "apiKey".into(),
                name: Some("X-Key".into()),
                location: Some("header".into()),
                ..Default::default()
            },
        );
        doc.security = Some(vec![
            connector_core::collections::IndexMap::from_iter([(
                "key".to_owned(),
                vec!["x".to_owned()],
            )]),
            connector_core::collections::IndexMap::from_iter([("nope".to_owned(), vec![])]),
        ]);
        let mut d = Diagnostics::new();
        security(&mut doc, &mut d);
        assert_eq!(
            doc.security,
            Some(vec![connector_core::collections::IndexMap::from_iter([(
                "key".to_owned(),
                vec![]
            )])])
        );
        assert_eq!(d.len(), 2);
    }
}
