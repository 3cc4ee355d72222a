//! Diagnostic codes of the OpenAPI 3 reader. Each is documented in docs/diagnostics.md.

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        $($(#[$doc])* pub const $name: &str = stringify!($name);)*
        /// Every code this crate emits.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

codes! {
    /// 3.1 `type` array: `[T, "null"]` became `nullable`, other mixes lost their `type`.
    OAS31_TYPE_ARRAY,
    /// 3.1 `const` became a one-value `enum`.
    OAS31_CONST,
    /// 3.1 schema `examples` array became `example` (the first one).
    OAS31_EXAMPLES,
    /// 3.1 numeric `exclusiveMinimum`/`exclusiveMaximum` became a bound plus a boolean.
    OAS31_EXCLUSIVE_BOUND,
    /// 3.1 `contentEncoding`/`contentMediaType` became a `format`.
    OAS31_CONTENT_ENCODING,
    /// A JSON Schema keyword with no OpenAPI 3.0 / Swagger 2.0 form was dropped.
    OAS31_KEYWORD_DROPPED,
    /// `$defs` (or draft-04 `definitions`) of a schema were moved to the reusable definitions.
    OAS31_DEFS_HOISTED,
    /// A boolean schema became `{}` (true) or an empty object schema (false).
    OAS31_BOOLEAN_SCHEMA,
    /// `webhooks` have no Swagger 2.0 form and were dropped.
    OAS31_WEBHOOKS_DROPPED,
    /// A 3.1 document-level field was dropped or folded (`jsonSchemaDialect`, `info.summary`, `license.identifier`, `components.pathItems`).
    OAS31_DOCUMENT_FIELD,
    /// OpenAPI 3.2 is read as 3.1; its new features are dropped.
    OAS32_READ_AS_31,
    /// A key that is not part of the OpenAPI object it sits in was dropped.
    OAS_UNKNOWN_FIELD,
    /// Keywords next to a `$ref` were dropped (or the ref wrapped in `allOf` to keep them); an `allOf` of one reference to an object or array and annotations only stayed that reference instead of a copy.
    OAS_REF_SIBLINGS,
    /// A `$ref` points at nothing.
    OAS_REF_NOT_FOUND,
    /// A `$ref` to a parameter, request body, response or header kept outside `components`
    /// (inside a path, say) was replaced by a copy of what it points at; a schema referenced
    /// inside another schema became a reusable schema of its own.
    OAS_REF_INLINED,
    /// A reference cycle that had to be cut.
    OAS_REF_CYCLE,
    /// A part of the document does not fit the OpenAPI model: it was dropped (or, for the root objects, the read failed).
    OAS_INVALID,
    /// A path key that does not start with `/` was dropped.
    OAS_PATH_INVALID,
    /// Servers: one was chosen, variables substituted, or a relative URL needs a host.
    OAS_SERVER,
    /// A server variable in the host became a connection parameter and a dynamic-host policy.
    OAS_SERVER_DYNAMIC_HOST,
    /// A callback that does not fit the platform's webhook pattern (the URL is not a top-level property of the JSON body, several URLs, a second callback on one operation or path) was dropped.
    OAS_CALLBACK_DROPPED,
    /// A callback became a webhook trigger: `x-ms-trigger` on the operation, `x-ms-notification-url` on the body property, `x-ms-notification-content` on the path.
    OAS_CALLBACK_TRIGGER,
    /// The `trace` method (or another without a Swagger 2.0 form) was dropped.
    OAS_METHOD_DROPPED,
    /// A header parameter named Accept, Content-Type or Authorization was ignored, as OpenAPI requires.
    OAS_PARAMETER_IGNORED,
    /// A cookie parameter has no Swagger 2.0 form and was dropped.
    OAS_COOKIE_PARAMETER,
    /// A parameter whose schema is an object, or uses `content`, became a string.
    OAS_PARAMETER_SERIALIZED,
    /// `style`/`explode` mapped to a `collectionFormat` (or had no exact form).
    OAS_PARAMETER_STYLE,
    /// A parameter field with no Swagger 2.0 form was dropped (`example(s)`, `deprecated`, `allowReserved`).
    OAS_PARAMETER_FIELD_DROPPED,
    /// An example had no Swagger 2.0 place (named examples, parameter examples, an example next to a `$ref`).
    OAS_EXAMPLE_DROPPED,
    /// A path parameter was not marked required; it now is.
    OAS_PATH_PARAMETER_REQUIRED,
    /// A request body media type was not used (another family was chosen).
    OAS_REQUEST_MEDIA_TYPE,
    /// A request body on GET/HEAD/DELETE was dropped.
    OAS_REQUEST_BODY_DROPPED,
    /// A form body field could not be a form field as it is (object, nested array, encoding).
    OAS_FORM_FIELD,
    /// A response status range (`2XX`) became a status code.
    OAS_STATUS_RANGE,
    /// A response media type's schema was not used (one schema per response).
    OAS_RESPONSE_MEDIA_TYPE,
    /// Response `links` were dropped.
    OAS_LINKS_DROPPED,
    /// A response header that is not a primitive became a string.
    OAS_HEADER_SERIALIZED,
    /// `oneOf`/`anyOf` was merged into one schema.
    OAS_SCHEMA_UNION,
    /// `allOf` was merged into one schema.
    OAS_SCHEMA_ALLOF,
    /// `not` was dropped.
    OAS_SCHEMA_NOT,
    /// A schema keyword with no Swagger 2.0 form was dropped (`writeOnly`, `deprecated`, discriminator `mapping`, ...).
    OAS_SCHEMA_KEYWORD,
    /// A schema, or a schema keyword's value, has the wrong JSON type (`maxLength: "10"`, a property that is a string): the keyword was dropped, or an untyped schema stands in.
    OAS_SCHEMA_INVALID,
    /// `nullable` became `x-nullable`.
    OAS_SCHEMA_NULLABLE,
    /// A component was renamed to a valid, unique definition name.
    OAS_COMPONENT_RENAMED,
    /// A security scheme the platform cannot use was dropped.
    OAS_SECURITY_UNSUPPORTED,
    /// A security scheme was mapped to the nearest platform equivalent.
    OAS_SECURITY_MAPPED,
    /// An operation-level server was dropped.
    OAS_OPERATION_SERVERS,
}
