//! What Power Platform's connector schema admits: the schema formats and the `x-ms-*`
//! extension names (reference sections 2.5 and 3). Shared by the annotator, which rewrites
//! what falls outside, and the checker, which reports it.

/// Formats the connector schema accepts.
pub const FORMATS: &[&str] = &[
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "date-no-tz",
    "email",
    "html",
    "uri",
    "uuid",
];

/// `x-ms-*` extensions Power Platform reads (reference section 3), kept wherever they are.
pub const KNOWN_EXTENSIONS: &[&str] = &[
    "x-ms-summary",
    "x-ms-visibility",
    "x-ms-api-annotation",
    "x-ms-operation-context",
    "x-ms-capabilities",
    "x-ms-connector-metadata",
    "x-ms-docs",
    "x-ms-deployment-version",
    "x-ms-trigger",
    "x-ms-trigger-hint",
    "x-ms-trigger-metadata",
    "x-ms-trigger-value",
    "x-ms-notification-content",
    "x-ms-notification-url",
    "x-ms-notification",
    "x-ms-url-encoding",
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
    "x-ms-enum",
    "x-ms-enum-values",
    "x-ms-operation-context",
    "x-ms-localizeDefaultValue",
    "x-ms-media-kind",
    "x-ms-test-value",
    "x-ms-no-generic-test",
    "x-ms-safe-operation",
    "x-ms-pageable",
    "x-ms-editor",
    "x-ms-editor-options",
    "x-ms-openai-data",
    "x-ms-openai-manifest",
    "x-ms-keywords",
    "x-ms-openai-published-to-copilots",
    "x-ms-parameter-location",
    "x-ms-skip-url-encoding",
];

/// The validation keywords Swagger 2.0 shares between schemas, parameters, items and headers
/// (the fields of [`crate::Validation`]).
pub const VALIDATION_KEYWORDS: &[&str] = &[
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// The keywords the connector schema allows on a schema object, besides `x-` extensions
/// (apiDefinition.swagger.schema.json, `#/definitions/schema`).
pub const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "format",
    "title",
    "description",
    "default",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "additionalProperties",
    "type",
    "items",
    "allOf",
    "properties",
    "discriminator",
    "readOnly",
    "xml",
    "externalDocs",
    "example",
];

/// Categories `x-ms-connector-metadata` may name (at most two, separated by `;`).
pub const CONNECTOR_CATEGORIES: &[&str] = &[
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

/// The most schemas one body may hold, references expanded (`BodySchemaCountExceedsMaxAllowed`).
pub const MAX_BODY_SCHEMAS: usize = 512;

/// The schema objects in `s` with `$ref`s to `#/definitions` expanded, counting a definition
/// again wherever it is used but never inside itself; counting stops at `cap`.
pub fn count_schemas(doc: &crate::Document, s: &crate::Schema, cap: usize) -> usize {
    count_to_depth(doc, s, usize::MAX, cap)
}

/// Like [`count_schemas`], counting only nodes at most `depth` levels below `s`
/// (a `$ref` is not a level of its own).
pub fn count_to_depth(doc: &crate::Document, s: &crate::Schema, depth: usize, cap: usize) -> usize {
    fn go<'a>(
        doc: &'a crate::Document,
        s: &'a crate::Schema,
        depth: usize,
        chain: &mut Vec<&'a str>,
        n: &mut usize,
        cap: usize,
    ) {
        if *n >= cap {
            return;
        }
        *n += 1;
        let s = match s
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/definitions/"))
        {
            Some(name) if !chain.contains(&name) => match doc.definitions.get(name) {
                Some(target) => {
                    chain.push(name);
                    go_children(doc, target, depth, chain, n, cap);
                    chain.pop();
                    return;
                }
                None => s,
            },
            _ => s,
        };
        go_children(doc, s, depth, chain, n, cap);
    }
    fn go_children<'a>(
        doc: &'a crate::Document,
        s: &'a crate::Schema,
        depth: usize,
        chain: &mut Vec<&'a str>,
        n: &mut usize,
        cap: usize,
    ) {
        if depth == 0 {
            return;
        }
        for c in schema_children(s) {
            go(doc, c, depth - 1, chain, n, cap);
        }
    }
    let mut n = 0;
    go(doc, s, depth, &mut Vec::new(), &mut n, cap);
    n
}

/// The direct sub-schemas of a schema: items, allOf parts, properties, additionalProperties
/// ([`crate::Schema::children`] without their slots).
pub fn schema_children(s: &crate::Schema) -> impl Iterator<Item = &crate::Schema> {
    s.children().map(|(_, child)| child)
}

/// Whether a JSON value is of a Swagger 2.0 type, as the platform reads it (an integer may be
/// written `1.0`; an unknown type takes anything).
pub fn fits_type(v: &serde_json::Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// What is wrong with a schema's `discriminator`, which must name a required string property
/// (the platform rejects the connector otherwise): `None` when it does, when there is none,
/// or when the schema is built with `allOf` (the property may come from a member).
pub fn discriminator_problem(s: &crate::Schema) -> Option<&'static str> {
    let d = s.discriminator.as_ref()?;
    if s.all_of.is_some() {
        return None;
    }
    let prop = s.properties.as_ref().and_then(|p| p.get(d));
    let required = s.required.as_ref().is_some_and(|r| r.contains(d));
    let string = prop
        .is_some_and(|p| p.reference.is_some() || p.type_.as_ref().is_some_and(|t| t.is("string")));
    match (prop.is_some(), required, string) {
        (false, _, _) => Some("names no property of the schema"),
        (true, false, _) => Some("names a property that is not required"),
        (true, true, false) => Some("names a property that is not a string"),
        (true, true, true) => None,
    }
}

/// Whether `m` is a media type (`type/subtype`, optional `;parameters`).
pub fn is_media_type(m: &str) -> bool {
    let essence = m.split(';').next().unwrap_or_default().trim();
    essence.split_once('/').is_some_and(|(t, s)| {
        let token = |x: &str| {
            !x.is_empty()
                && x.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-*".contains(c))
        };
        token(t) && token(s)
    })
}

/// A path template as the platform compares paths: variable names removed, lower case, no
/// trailing slash (`/A/{x}/` → `/a/{}`); the root stays `/`.
pub fn path_shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            c if !inside => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    let trimmed = out.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        trimmed.to_owned()
    }
}

/// The largest definition the platform takes, in bytes ("less than 1 MB").
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;
/// The most operations one connector may have (`TotalOperationsCountExceedsMaxAllowed`).
pub const MAX_OPERATIONS: usize = 256;

/// Whether a parameter name is the one the platform reserves for itself, `connectionId`
/// (`ConnectionIdParameterNotAllowed`; compared without regard to case).
pub fn is_reserved_parameter_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("connectionId")
}

/// Whether an operation id only has the characters the platform keeps (letters, digits, `_`, `-`).
pub fn is_valid_operation_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Whether `host` is a bare host name with an optional port, `^[^{}/ :\\]+(?::\d+)?$`
/// (reference 2.2).
pub fn is_valid_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    !name.is_empty()
        && !name.contains(['{', '}', '/', ' ', ':', '\\'])
        && port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `s` is an absolute `http://` or `https://` URL with a host (something before its
/// path, query or fragment), as the platform reads its URLs. Shared by the checker, which
/// reports other URLs, and the annotator, which drops what holds them.
pub fn is_absolute_http_url(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !host.contains(char::is_whitespace) && s.trim() == s
        }
        None => false,
    }
}
