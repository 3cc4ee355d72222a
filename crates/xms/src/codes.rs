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
    /// An enum-like `x-ms-*` value (`x-ms-visibility: Advanced`) was written in another letter case; it is written as the platform spells it.
    XMS_EXTENSION_REPAIRED,
    /// A schema, parameter, items or header was repaired to what Swagger 2.0 allows (an unknown `type` or `collectionFormat`, a `multipleOf` that is not positive, repeated `required` names, an empty `enum`, an array without `items`).
    XMS_SCHEMA_REPAIRED,
    /// A `$ref` pointed at nothing the document defines (or a path item was a `$ref`), or an extension (`x-ms-dynamic-*`, `x-ms-notification`, testConnection) called an operation the definition does not have; it was replaced or dropped.
    XMS_REFERENCE,
    /// An extension value, example or default held a `$ref` naming nothing in the connector (a stash of a dropped union, an example quoting another document, a URL); Swagger validators resolve it, so the value was dropped.
    XMS_DATA_REFERENCE,
    /// A `{name}` placeholder in the host became a connection parameter and a `dynamichosturl` policy.
    XMS_HOST_VARIABLE,
    /// A contact, license or external-documentation URL, or a contact e-mail, that is not valid was dropped.
    XMS_INFO_REPAIRED,
    /// A security definition or requirement was repaired: an OAuth scheme without absolute URLs dropped, a requirement naming no definition dropped, scopes on a non-OAuth requirement cleared.
    XMS_SECURITY_REPAIRED,
    /// An operation had no operationId; one was generated from its method and path.
    XMS_OPERATION_ID_GENERATED,
    /// An operation kept the id the previous version gave it: one without operationId (same place, same summary, or same path tail), or one whose id would have been renamed (same place).
    XMS_OPERATION_ID_KEPT,
    /// An operationId had characters the platform rejects; they were removed.
    XMS_OPERATION_ID_SANITIZED,
    /// An operationId of the input was written in PascalCase with its verb first (`get-users-saved-albums` → `GetUsersSavedAlbums`): Power Fx and flow expressions call actions by it.
    XMS_OPERATION_ID_RENAMED,
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
    /// The schemas of responses other than the success one were dropped: the designer reads one output schema (200, else 201, else the first 2xx).
    XMS_RESPONSE_SCHEMA_DROPPED,
    /// A response key that is not a status code: a range (`2XX`) became its first code, anything else was dropped.
    XMS_RESPONSE_KEY,
    /// A path key had stray braces (percent-encoded now), or a query string or fragment (dropped; query pairs became required internal query parameters).
    XMS_PATH_REPAIRED,
    /// A parameter the platform cannot take by its name: the reserved `connectionId` (a path
    /// variable or body renamed, a query, header or form parameter dropped), or an empty name
    /// (dropped; a body renamed), or a name listed twice in one place (the repetition dropped).
    XMS_PARAMETER_NAME,
    /// Two paths the platform cannot tell apart (variable names, letter case, trailing slash) were merged into one path item.
    XMS_PATH_MERGED,
    /// An operation that could not keep its path (another operation has the same method on an indistinguishable path) was declared at a new path, with a routerequesttoendpoint policy to the real one.
    XMS_PATH_ROUTED,
    /// Paging: a response carries a next link the platform can follow (`x-ms-pageable` written), or one it cannot (reported with the policy to use instead).
    XMS_PAGING,
    /// A body schema held more schemas than the platform takes (512, references expanded); it was inlined down to the deepest level that fits and deeper values became free-form.
    XMS_BODY_SCHEMA_TRIMMED,
    /// Summaries, descriptions, labels, visibility or URL encoding were written where the input had none (one summary per document).
    XMS_ANNOTATED,
    /// An action name decision: actions that would have shared a name got a qualifier saying what differs (a path segment, the variable it is found by, its method); an input summary that makes no action name (a question, "GET Request") was passed over, or one over 80 characters was cut where a phrase ends.
    XMS_ACTION_NAME,
    /// An `x-ms-visibility` decision worth knowing: a Content-Type/Accept header made internal or removed, a required internal value without default made visible.
    XMS_VISIBILITY,
    /// The output schema moved to the 200/201 response, where the designer reads it, or an empty response schema (`{}`) was dropped.
    XMS_OUTPUT_SCHEMA,
    /// Connector metadata: the title or description brought within the certification limits, a category that is not on the platform's list.
    XMS_METADATA,
    /// The operation selection (tags, paths, operation ids) left operations out; definitions no kept operation reaches were dropped.
    XMS_SELECTION,
    /// Repetition removed (one summary each per document): inline schemas identical to a definition now refer to it; inline objects of 512 bytes or more repeated word for word became definitions; error responses repeated word for word became shared responses under `#/responses`.
    XMS_SCHEMA_SHARED,
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
    /// A sign-in decision: a credential the requests send became the connection's API key, a scheme no kept operation (or only the API's token endpoints) requires was dropped, the OAuth scopes were narrowed to those the operations require, or the options declared the sign-in.
    XMS_SIGN_IN,
    /// The connector has no sign-in at all; the hint says how to declare one (`--auth`).
    XMS_NO_SIGN_IN,
    /// The OAuth client id must be filled in before the connector is created.
    XMS_OAUTH_CLIENT_ID,
}
