//! OpenAPI 3.0 and 3.1 input for connector-convert.
//!
//! The pipeline inside this crate:
//! 1. file `$ref`s are inlined through a caller-provided [`FileResolver`] (URLs never fetched);
//! 2. a JSON-level pass rewrites 3.1 into 3.0 and reports everything `openapiv3` would drop;
//! 3. `openapiv3` parses the result;
//! 4. the typed document is lowered to Swagger 2.0 ([`Lowered`]).
//!
//! Reading fails only when the document cannot be parsed at all; every other problem is a
//! diagnostic.

pub mod codes;
mod detach;
mod locate;
mod lower;
mod normalize;
mod schema;
mod triggers;

use connector_core::{Diagnostics, InputFormat, Limits};
use serde_json::Value;

pub use connector_core::FileResolver;
pub use lower::Lowered;

/// Why an OpenAPI document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The document does not have the shape of an OpenAPI 3.0 document (after normalisation).
    #[error("not a valid OpenAPI document: {message}")]
    Invalid {
        /// What the typed parser said.
        message: String,
    },
    /// A limit was crossed while referenced files were read.
    #[error(transparent)]
    Limit(#[from] connector_core::LimitError),
}

/// How many invalid pieces may be dropped before the document counts as unreadable.
const MAX_DROPPED: usize = 100;

/// What reading may use besides the document.
#[derive(Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Resolves `$ref`s to other files; `None` refuses them (with a diagnostic).
    pub file_resolver: Option<&'a dyn FileResolver>,
    /// Limits applied to referenced files.
    pub limits: Option<&'a Limits>,
}

/// Reads a loaded OpenAPI 3.0 or 3.1 document and lowers it to Swagger 2.0.
pub fn read(
    mut doc: Value,
    format: InputFormat,
    options: ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    let default_limits = Limits::default();
    let limits = options.limits.unwrap_or(&default_limits);
    connector_core::resolve_external_refs(&mut doc, options.file_resolver, limits, diags)?;
    let callbacks = normalize::normalize(&mut doc, format == InputFormat::OpenApi31, diags);
    // A piece that does not fit the OpenAPI model is dropped with an error and the parse is
    // retried, so one bad operation does not sink a whole vendor specification.
    // Schemas are lowered as JSON values: they are taken out while the rest is parsed.
    let mut attempts = 0;
    let mut api: openapiv3::OpenAPI = loop {
        let detached = detach::detach(&mut doc);
        // The plain parse first; the path-tracking one (slower) only to place a failure.
        if let Ok(api) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&doc) {
            detach::reattach(&mut doc, detached);
            break api;
        }
        let parsed = serde_path_to_error::deserialize(&doc);
        let located = parsed.as_ref().err().and_then(|_| locate::locate(&doc));
        // The failing piece is named in the hollowed document, whose places are the same.
        detach::reattach(&mut doc, detached);
        match parsed {
            Ok(api) => break api,
            Err(e) => {
                let message = e.inner().to_string();
                attempts += 1;
                match located {
                    Some((at, inner))
                        if attempts <= MAX_DROPPED && locate::remove(&mut doc, &at) =>
                    {
                        diags
                            .error(codes::OAS_INVALID, &at, format!("this part does not fit the OpenAPI model and was dropped: {inner}"))
                            .help("fix it in the source; the rest of the document was converted");
                    }
                    other => {
                        let at = other.map(|(p, _)| p).unwrap_or_else(|| {
                            connector_swagger2::nodes::pointer_of_path(e.path())
                        });
                        let shown = if at.as_str().is_empty() {
                            "/"
                        } else {
                            at.as_str()
                        };
                        diags.error(
                            codes::OAS_INVALID,
                            &at,
                            format!("the document could not be parsed: {message}"),
                        );
                        return Err(ReadError::Invalid {
                            message: format!("at {shown}: {message}"),
                        });
                    }
                }
            }
        }
    };
    // The lowering takes the typed path items one at a time, letting each go once lowered.
    let paths = lower::PathList::of(std::mem::take(&mut api.paths));
    Ok(lower::lower(&api, paths, &doc, &callbacks, diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn backend(
        url: &str,
        vars: serde_json::Value,
    ) -> (Option<String>, Option<String>, Option<Vec<String>>, usize) {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                         "servers": [{"url": url, "variables": vars}], "paths": {}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        (
            l.document.host,
            l.document.base_path,
            l.document.schemes,
            l.properties.policy_template_instances.len(),
        )
    }

    #[test]
    fn server_urls_split_into_host_base_path_and_scheme() {
        assert_eq!(
            backend("https://api.example.com/v1/", json!({})),
            (
                Some("api.example.com".into()),
                Some("/v1".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend("http://localhost:8080", json!({})),
            (
                Some("localhost:8080".into()),
                Some("/".into()),
                Some(vec!["http".into()]),
                0
            )
        );
        assert_eq!(
            backend("//api.example.com/x?y=1", json!({})),
            (
                Some("api.example.com".into()),
                Some("/x".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend("/relative", json!({})),
            (
                None,
                Some("/relative".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend(
                "{scheme}://{env}.example.com/{v}",
                json!({"scheme": {"default": "http", "enum": ["http"]}, "env": {"default": "prod", "enum": ["prod"]}, "v": {"default": "v2"}})
            ),
            (
                Some("prod.example.com".into()),
                Some("/v2".into()),
                Some(vec!["http".into()]),
                0
            )
        );
        // A host variable with several values varies per tenant: a policy template is made.
        assert_eq!(
            backend(
                "https://{tenant}.example.com",
                json!({"tenant": {"default": "a"}})
            )
            .3,
            1
        );
    }

    #[test]
    fn an_invalid_piece_is_dropped_and_named() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query", "required": "yes"}], "responses": {}}}}});
        let mut d = Diagnostics::new();
        let e = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d);
        let ptr = d
            .as_slice()
            .last()
            .map(|x| x.pointer.clone())
            .unwrap_or_default();
        assert_eq!(ptr, "/paths/~1a/get/parameters/0");
        // The bad parameter was dropped and the rest converted.
        assert!(e.is_ok());
    }
}

#[cfg(test)]
mod schema_as_written_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_items_are_lowered_one_at_a_time_references_included() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a/{id}": {"parameters": [{"name": "id", "in": "path", "required": true,
                        "schema": {"type": "string", "maxLength": 8}}],
                    "get": {"operationId": "getA", "responses": {"200": {"description": "ok",
                        "content": {"application/json": {"schema": {"type": "object", "xml": {"name": "a"}}}}}}}},
                "/b/{id}": {"$ref": "#/paths/~1a~1{id}"},
                "/c": {"$ref": "#/paths/~1missing"},
                "x-note": "kept"}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        let v = serde_json::to_value(&l.document).unwrap();
        // The referenced item is lowered as the one it names, schemas as written.
        assert_eq!(v["paths"]["/b/{id}"], v["paths"]["/a/{id}"]);
        let a = &v["paths"]["/a/{id}"]["get"];
        assert_eq!(a["responses"]["200"]["schema"]["xml"]["name"], "a");
        assert_eq!(a["parameters"][0]["maxLength"], 8);
        assert_eq!(v["paths"]["x-note"], "kept");
        // A reference to no path item drops its path, with the place named.
        assert!(v["paths"].get("/c").is_none());
        assert!(
            d.as_slice()
                .iter()
                .any(|x| x.code == codes::OAS_REF_NOT_FOUND && x.pointer.as_str() == "/paths/~1c")
        );
    }

    #[test]
    fn a_misfit_keyword_is_dropped_and_the_rest_of_the_schema_kept() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "object", "xml": {"name": "a"},
                    "properties": {"n": {"type": "string", "maxLength": "10", "minLength": 2}}}}}}}}}},
            "components": {"schemas": {"S": {"type": "string", "enum": [], "xml": {"name": "s"}}}}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        let v = serde_json::to_value(&l.document).unwrap();
        let schema = &v["paths"]["/a"]["get"]["responses"]["200"]["schema"];
        assert_eq!(
            schema["properties"]["n"],
            json!({"type": "string", "minLength": 2})
        );
        // `xml` is kept (the typed model had no room for it); an empty `enum` says nothing.
        assert_eq!(schema["xml"], json!({"name": "a"}));
        assert_eq!(
            v["definitions"]["S"],
            json!({"type": "string", "xml": {"name": "s"}})
        );
        let misfits: Vec<&str> = d
            .as_slice()
            .iter()
            .filter(|x| x.code == codes::OAS_SCHEMA_INVALID)
            .map(|x| x.pointer.as_str())
            .collect();
        assert_eq!(
            misfits,
            [
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/n/maxLength"
            ]
        );
    }
}

#[cfg(test)]
mod invalid_root_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_invalid_info_fails_with_its_pointer() {
        let doc =
            json!({"openapi": "3.0.3", "info": {"title": ["t"], "version": "1"}, "paths": {}});
        let mut d = Diagnostics::new();
        let e = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d);
        assert!(
            matches!(e, Err(ReadError::Invalid { ref message }) if message.starts_with("at /info")),
            "{e:?}"
        );
    }
}
