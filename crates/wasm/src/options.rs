//! The conversion options as JavaScript passes them: a plain object whose fields are the
//! command line's options in camelCase (`basePath` for `--base-path`), each optional.

use std::collections::BTreeMap;

use connector_convert::{Auth, Fill, Format, KeyLocation, Limits, Metadata, Options, Overlay};
use connector_convert::{Package, Selection, read_environment};
use serde::Deserialize;

/// What JavaScript may set; unknown fields are refused so a misspelt option is not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ConvertOptions {
    /// `openapi30`, `openapi31`, `swagger2` or `postman`; detected when absent.
    pub format: Option<String>,
    pub host: Option<String>,
    pub base_path: Option<String>,
    /// `https` or `http`.
    pub scheme: Option<String>,
    pub title: Option<String>,
    pub oauth_client_id: Option<String>,
    /// `api-key`, `basic`, `oauth2` or `none`.
    pub auth: Option<String>,
    pub auth_header: Option<String>,
    pub auth_query: Option<String>,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub scopes: Vec<String>,
    pub brand_color: Option<String>,
    /// Values for Postman `{{variables}}`; they win over `environment`.
    pub variables: BTreeMap<String, String>,
    /// The text of a Postman environment export.
    pub environment: Option<String>,
    /// `auto` (the default), `always` or `never`.
    pub annotate: Option<String>,
    pub publisher: Option<String>,
    pub stack_owner: Option<String>,
    pub website: Option<String>,
    pub privacy_policy: Option<String>,
    /// At most two; an entry may hold several separated by `;`.
    pub categories: Vec<String>,
    pub contact_email: Option<String>,
    /// The text of the previously generated apiDefinition.swagger.json.
    pub previous: Option<String>,
    /// Texts of OpenAPI Overlays, applied in order.
    pub overlays: Vec<String>,
    pub include_tags: Vec<String>,
    pub exclude_tags: Vec<String>,
    pub include_paths: Vec<String>,
    pub include_operations: Vec<String>,
    pub max_input_bytes: Option<usize>,
    pub max_depth: Option<usize>,
    pub max_ref_hops: Option<usize>,
    pub max_schemas: Option<usize>,
}

/// A problem with the options themselves (the command line's usage errors).
#[derive(Debug, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl ConvertOptions {
    /// The library's options, or what is wrong with these.
    pub fn to_options(&self) -> Result<Options, OptionsError> {
        let mut options = Options::default();
        options.limits = self.limits();
        options.format = self.format()?;
        options.host = self.host.clone();
        options.base_path = self.base_path.clone();
        options.scheme = self.scheme()?;
        options.title = self.title.clone();
        options.oauth_client_id = self.oauth_client_id.clone();
        options.brand_color = self.brand_color.clone();
        options.auth = self.auth()?;
        options.fill = self.fill()?;
        options.metadata = self.metadata();
        options.selection = self.selection();
        if let Some(package) = self.previous(&options.limits)? {
            options = options.previous(package.definition);
        }
        options.overlays = self.overlays(&options.limits)?;
        options.variables = self.variables(&options.limits)?;
        Ok(options)
    }

    fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        let set = |field: &mut usize, value: Option<usize>| {
            if let Some(v) = value {
                *field = v;
            }
        };
        set(&mut limits.max_input_bytes, self.max_input_bytes);
        set(&mut limits.max_depth, self.max_depth);
        set(&mut limits.max_ref_hops, self.max_ref_hops);
        set(&mut limits.max_schemas, self.max_schemas);
        limits
    }

    fn format(&self) -> Result<Option<Format>, OptionsError> {
        let Some(name) = self.format.as_deref() else {
            return Ok(None);
        };
        let format = match name {
            "openapi30" => Format::OpenApi30,
            "openapi31" => Format::OpenApi31,
            "swagger2" => Format::Swagger2,
            "postman" => Format::PostmanV21,
            other => {
                return Err(one_of(
                    "format",
                    other,
                    "openapi30, openapi31, swagger2, postman",
                ));
            }
        };
        Ok(Some(format))
    }

    fn scheme(&self) -> Result<Option<String>, OptionsError> {
        match self.scheme.as_deref() {
            None => Ok(None),
            Some(s @ ("https" | "http")) => Ok(Some(s.to_owned())),
            Some(other) => Err(one_of("scheme", other, "https, http")),
        }
    }

    fn fill(&self) -> Result<Fill, OptionsError> {
        match self.annotate.as_deref() {
            None | Some("auto") => Ok(Fill::Auto),
            Some("always") => Ok(Fill::Always),
            Some("never") => Ok(Fill::Never),
            Some(other) => Err(one_of("annotate", other, "auto, always, never")),
        }
    }

    /// The declared sign-in: each kind takes only the fields that belong to it.
    fn auth(&self) -> Result<Option<Auth>, OptionsError> {
        let key_fields = self.auth_header.is_some() || self.auth_query.is_some();
        let oauth_fields =
            self.authorization_url.is_some() || self.token_url.is_some() || !self.scopes.is_empty();
        let misplaced =
            |fields: &str, kind: &str| Err(OptionsError(format!("{fields} need auth: \"{kind}\"")));
        match self.auth.as_deref() {
            None if key_fields => misplaced("authHeader and authQuery", "api-key"),
            None if oauth_fields => misplaced("authorizationUrl, tokenUrl and scopes", "oauth2"),
            None => Ok(None),
            Some("api-key") if oauth_fields => {
                misplaced("authorizationUrl, tokenUrl and scopes", "oauth2")
            }
            Some("api-key") => self.api_key().map(Some),
            Some("oauth2") if key_fields => misplaced("authHeader and authQuery", "api-key"),
            Some("oauth2") => self.oauth2().map(Some),
            Some(kind @ ("basic" | "none")) if key_fields || oauth_fields => Err(OptionsError(
                format!("auth \"{kind}\" takes no key name, URL or scope"),
            )),
            Some("basic") => Ok(Some(Auth::Basic)),
            Some("none") => Ok(Some(Auth::None)),
            Some(other) => Err(one_of("auth", other, "api-key, basic, oauth2, none")),
        }
    }

    fn api_key(&self) -> Result<Auth, OptionsError> {
        let (location, name) = match (&self.auth_header, &self.auth_query) {
            (Some(_), Some(_)) => {
                return Err(OptionsError(
                    "give the API key's place once: authHeader or authQuery, not both".into(),
                ));
            }
            (Some(h), None) => (KeyLocation::Header, h),
            (None, Some(q)) => (KeyLocation::Query, q),
            (None, None) => {
                return Err(OptionsError(
                    "auth \"api-key\" needs the key's place: authHeader or authQuery".into(),
                ));
            }
        };
        if name.trim().is_empty() {
            return Err(OptionsError(
                "the API key's header or query name is empty".into(),
            ));
        }
        Ok(Auth::ApiKey {
            location,
            name: name.clone(),
        })
    }

    fn oauth2(&self) -> Result<Auth, OptionsError> {
        let url = |field: &str, value: &Option<String>| match value {
            Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(u.clone()),
            Some(u) => Err(OptionsError(format!(
                "{field} `{u}` is not an absolute http(s) URL"
            ))),
            None => Err(OptionsError(format!("auth \"oauth2\" needs {field}"))),
        };
        Ok(Auth::OAuth2 {
            authorization_url: url("authorizationUrl", &self.authorization_url)?,
            token_url: url("tokenUrl", &self.token_url)?,
            scopes: self.scopes.clone(),
        })
    }

    fn metadata(&self) -> Metadata {
        let mut meta = Metadata::default();
        meta.publisher = self.publisher.clone();
        meta.stack_owner = self.stack_owner.clone();
        meta.website = self.website.clone();
        meta.privacy_policy = self.privacy_policy.clone();
        meta.contact_email = self.contact_email.clone();
        meta.categories = self
            .categories
            .iter()
            .flat_map(|c| c.split([';', ',']))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        meta
    }

    fn selection(&self) -> Selection {
        let mut selection = Selection::default();
        selection.include_tags = self.include_tags.clone();
        selection.exclude_tags = self.exclude_tags.clone();
        selection.include_paths = self.include_paths.clone();
        selection.include_operations = self.include_operations.clone();
        selection
    }

    /// The previous definition, read as the package it belongs to.
    fn previous(&self, limits: &Limits) -> Result<Option<Package>, OptionsError> {
        let Some(text) = &self.previous else {
            return Ok(None);
        };
        Package::from_files(text.as_bytes(), None, limits)
            .map(|(package, _)| Some(package))
            .map_err(|e| OptionsError(format!("previous: {e}")))
    }

    fn overlays(&self, limits: &Limits) -> Result<Vec<Overlay>, OptionsError> {
        self.overlays
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Overlay::parse(text.as_bytes(), limits)
                    .map_err(|e| OptionsError(format!("overlays[{i}]: {e}")))
            })
            .collect()
    }

    /// The environment's values, then `variables` over them (later values win).
    fn variables(&self, limits: &Limits) -> Result<Vec<(String, String)>, OptionsError> {
        let mut values = match &self.environment {
            Some(text) => read_environment(text.as_bytes(), limits)
                .map_err(|e| OptionsError(format!("environment: {e}")))?,
            None => Vec::new(),
        };
        values.extend(self.variables.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(values)
    }
}

fn one_of(field: &str, value: &str, allowed: &str) -> OptionsError {
    OptionsError(format!("{field} `{value}` is not one of {allowed}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<Options, OptionsError> {
        let parsed: ConvertOptions =
            serde_json::from_str(json).map_err(|e| OptionsError(e.to_string()))?;
        parsed.to_options()
    }

    #[test]
    fn camel_case_fields_reach_the_library_options() {
        let o = options(
            r#"{"host": "api.example.com", "basePath": "/v2", "scheme": "http",
                "publisher": "Contoso", "categories": ["Data;Productivity"],
                "includeTags": ["pets"], "annotate": "never", "format": "swagger2"}"#,
        )
        .unwrap();
        assert_eq!(o.host.as_deref(), Some("api.example.com"));
        assert_eq!(o.base_path.as_deref(), Some("/v2"));
        assert_eq!(o.scheme.as_deref(), Some("http"));
        assert_eq!(o.metadata.publisher.as_deref(), Some("Contoso"));
        assert_eq!(o.metadata.categories, ["Data", "Productivity"]);
        assert_eq!(o.selection.include_tags, ["pets"]);
        assert_eq!(o.fill, Fill::Never);
        assert_eq!(o.format, Some(Format::Swagger2));
    }

    #[test]
    fn a_misspelt_field_is_refused_not_ignored() {
        let e = options(r#"{"hots": "api.example.com"}"#).unwrap_err();
        assert!(e.0.contains("unknown field `hots`"), "{e:?}");
    }

    #[test]
    fn sign_in_takes_only_its_own_fields_and_needs_all_of_them() {
        let key = options(r#"{"auth": "api-key", "authQuery": "key"}"#).unwrap();
        assert_eq!(
            key.auth,
            Some(Auth::ApiKey {
                location: KeyLocation::Query,
                name: "key".into()
            })
        );
        for (json, says) in [
            (r#"{"auth": "api-key"}"#, "needs the key's place"),
            (r#"{"authHeader": "X-Key"}"#, "need auth: \"api-key\""),
            (
                r#"{"auth": "basic", "scopes": ["read"]}"#,
                "takes no key name",
            ),
            (
                r#"{"auth": "oauth2", "tokenUrl": "https://t"}"#,
                "needs authorizationUrl",
            ),
            (
                r#"{"auth": "oauth2", "authorizationUrl": "login", "tokenUrl": "https://t"}"#,
                "not an absolute",
            ),
            (r#"{"auth": "saml"}"#, "not one of api-key"),
            (r#"{"scheme": "ftp"}"#, "not one of https"),
        ] {
            let e = options(json).unwrap_err();
            assert!(e.0.contains(says), "{json}: {e:?}");
        }
    }

    #[test]
    fn variables_win_over_the_environment() {
        let o = options(
            r#"{"environment": "{\"values\": [{\"key\": \"base\", \"value\": \"https://env.example.com\"}, {\"key\": \"v\", \"value\": \"1\"}]}",
                "variables": {"v": "2"}}"#,
        )
        .unwrap();
        let last_v = o.variables.iter().rev().find(|(k, _)| k == "v");
        assert_eq!(last_v.map(|(_, v)| v.as_str()), Some("2"));
        assert!(o.variables.iter().any(|(k, _)| k == "base"));
    }

    #[test]
    fn an_unreadable_overlay_or_previous_definition_is_an_options_error() {
        let e = options(r#"{"overlays": ["{not json"]}"#).unwrap_err();
        assert!(e.0.starts_with("overlays[0]:"), "{e:?}");
        let e = options(r#"{"previous": "[1"}"#).unwrap_err();
        assert!(e.0.starts_with("previous:"), "{e:?}");
    }
}
