//! Diagnostic codes of the annotator (documented in docs/diagnostics.md).

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        $($(#[$doc])* pub const $name: &str = stringify!($name);)*
        /// Every code this crate emits.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

codes! {
    /// A schema or parameter `format` the platform does not know was mapped to a known one or dropped.
    XMS_FORMAT_REWRITTEN,
    /// An `x-ms-*` extension Power Platform does not read (AutoRest, ARM) was dropped.
    XMS_EXTENSION_DROPPED,
    /// A schema, parameter, items or header was repaired to what Swagger 2.0 allows (an unknown `type` or `collectionFormat`, a `multipleOf` that is not positive, repeated `required` names, an empty `enum`, an array without `items`).
    XMS_SCHEMA_REPAIRED,
    /// A `$ref` pointed at nothing the document defines (or a path item was a `$ref`); it was replaced or dropped.
    XMS_REFERENCE,
    /// A `{name}` placeholder in the host became a connection parameter and a `dynamichosturl` policy.
    XMS_HOST_VARIABLE,
    /// A contact, license or external-documentation URL, or a contact e-mail, that is not valid was dropped.
    XMS_INFO_REPAIRED,
    /// A security definition or requirement was repaired: an OAuth scheme without absolute URLs dropped, a requirement naming no definition dropped, scopes on a non-OAuth requirement cleared.
    XMS_SECURITY_REPAIRED,
    /// An operation had no operationId; one was generated from its method and path.
    XMS_OPERATION_ID_GENERATED,
    /// An operationId had characters the platform rejects; they were removed.
    XMS_OPERATION_ID_SANITIZED,
    /// Two operations had the same operationId; a suffix made it unique.
    XMS_OPERATION_ID_DUPLICATE,
    /// A `{name}` in a path had no parameter; a required string parameter was added.
    XMS_PATH_PARAMETER_ADDED,
    /// A path parameter was not in the path template; it was dropped.
    XMS_PATH_PARAMETER_UNUSED,
    /// A path parameter was not required; it now is.
    XMS_PATH_PARAMETER_REQUIRED,
    /// A body or form parameter on GET/HEAD, a second body, or body next to form fields was dropped.
    XMS_BODY_PARAMETER,
    /// The `default` response carried a schema (the platform rejects that); it was moved to 200 or dropped.
    XMS_DEFAULT_RESPONSE_SCHEMA,
    /// An operation without responses got a `default` response.
    XMS_RESPONSE_ADDED,
    /// host, basePath or schemes were corrected to what the platform accepts.
    XMS_BACKEND_URL,
    /// The definition has no host: pass one with the host option.
    XMS_HOST_MISSING,
    /// The title or description was missing and a placeholder was written.
    XMS_INFO_DEFAULTED,
    /// A security scheme has no connection-parameter form (implicit, password, application flows).
    XMS_AUTH_UNSUPPORTED,
    /// Several authentication schemes became connection parameter sets (multi-auth).
    XMS_MULTI_AUTH,
    /// The OAuth client id must be filled in before the connector is created.
    XMS_OAUTH_CLIENT_ID,
}
